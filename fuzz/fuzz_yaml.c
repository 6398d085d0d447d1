/* fuzz_yaml: the YAML reader (yamlr.c, over libyaml) on any bytes.
 * Input: the text of a YAML file. Aliases must come out as nulls (no expansion), and the
 * tree read before an error must be whole. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_util.h"
#include "yamlr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *error = NULL;
    dom *root = yamlr_parse((const char *)data, size, &error);
    /* Aliases are not expanded, so the tree cannot outgrow the text (an alias bomb would). */
    if (fz_dom_walk(root) > 2 * size + 2) abort();
    dom_free(root);
    free(error);
    return 0;
}
