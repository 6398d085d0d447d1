/* fuzz_toml: the TOML reader (toml.c, toml_scalar.c) on any bytes.
 * Input: the text of a TOML file. The tree is walked whether or not an error stopped the
 * reader, since callers keep what was read before the error. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_util.h"
#include "toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *error = NULL;
    dom *root = toml_parse((const char *)data, size, &error);
    if (!root) abort(); /* toml.h: never NULL */
    fz_dom_walk(root);
    dom_free(root);
    free(error);
    return 0;
}
