/* jsonr: a JSON (RFC 8259) reader into a dom (dom.h).
 *
 * Objects become DOM_TABLE with their members in document order (duplicate keys are kept;
 * dom_get finds the last). Numbers without fraction or exponent that fit in 64 bits become
 * DOM_INT, other numbers DOM_FLOAT. Every value carries the 1-based line where it starts;
 * an object member carries the line of its key. Strings are UTF-8 with escapes decoded; a
 * lone surrogate escape becomes U+FFFD. A leading UTF-8 byte order mark is skipped.
 *
 * Malformed input stops the reader at the first error; the tree read up to that point is
 * still returned (an object or array cut short holds the members read before the error).
 * Nesting deeper than max_depth is an error, so hostile input cannot exhaust the stack. */
#ifndef AIREADY_JSONR_H
#define AIREADY_JSONR_H

#include <stddef.h>

#include "dom.h"

#define JSONR_DEFAULT_DEPTH 128

/* Reads text[0..len) (no NUL needed). max_depth 0 means JSONR_DEFAULT_DEPTH. Returns the
 * root value, or NULL when not even its start could be read. On error *error is set to
 * "line N: what" (the caller frees it), otherwise to NULL. */
dom *jsonr_parse(const char *text, size_t len, unsigned max_depth, char **error);

#endif
