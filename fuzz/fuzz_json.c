/* fuzz_json: the JSON reader (jsonr.c) on any bytes.
 * Input: the text of a JSON file. One that starts with '[' is read a second time with a
 * nesting limit of 1..8 (from its last byte), so the depth error, and the tree kept before
 * it, are reached often. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_util.h"
#include "jsonr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_with(const uint8_t *data, size_t size, unsigned max_depth)
{
    char *error = NULL;
    dom *root = jsonr_parse((const char *)data, size, max_depth, &error);
    fz_dom_walk(root);
    dom_free(root);
    free(error);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_with(data, size, 0);
    if (size > 0 && data[0] == '[') read_with(data, size, 1 + data[size - 1] % 8);
    return 0;
}
