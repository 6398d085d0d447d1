/* yamlr: the first document of a YAML stream, read with libyaml into a dom (dom.h).
 *
 * Mappings become DOM_TABLE (members in order; a duplicate key is kept and dom_get finds
 * the last), sequences DOM_ARRAY. Scalars stay strings: no YAML 1.1 typing, except that
 * plain null, ~ and empty become DOM_NULL and plain true / false DOM_BOOL. Aliases are not
 * expanded (each becomes DOM_NULL), which also defuses alias bombs; a key that is not a
 * scalar is stored as "". Lines are 1-based; a mapping value carries its key's line.
 *
 * On malformed input the tree read before the error is returned with *error set; nesting
 * beyond YAMLR_MAX_DEPTH is an error. */
#ifndef AIREADY_YAMLR_H
#define AIREADY_YAMLR_H

#include <stddef.h>

#include "dom.h"

#define YAMLR_MAX_DEPTH 128

/* Returns the document's root, or NULL when the stream holds no document (then *error
 * may still be set). *error: "line N: what" or NULL; the caller frees it. */
dom *yamlr_parse(const char *text, size_t len, char **error);

#endif
