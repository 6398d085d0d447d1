/* yamlguard: checks to run on YAML text before libyaml's loader (yaml_parser_load) sees it.
 *
 * The loader's scanner re-checks every pending simple key at each token, so its time
 * grows with nesting times tokens: 200 KB of "[[[[..." takes tens of seconds (F09). The
 * check drives libyaml's event parser instead, and stops as soon as the first document
 * nests deeper than the limit, after reading only that far. Text that is not valid YAML
 * passes: the loader then reports the error at its usual place. */
#ifndef AIREADY_YAMLGUARD_H
#define AIREADY_YAMLGUARD_H

#include <stdbool.h>
#include <stddef.h>

/* True when the first document of text nests sequences and mappings at most max_depth
 * deep. Otherwise false, with *line and *col (1-based) at the collection one too deep. */
bool yamlguard_depth_ok(const char *text, size_t len, int max_depth, size_t *line, size_t *col);

#endif
