/* toml: a TOML 1.0 reader into a dom (dom.h).
 *
 * Every value carries the 1-based line where it appears; a table member carries the line
 * of its key, a table opened by a [header] the line of the header. Dates and times become
 * DOM_DATETIME strings kept as written, after their fields are checked. Strings are UTF-8
 * with escapes decoded; CRLF in multi-line strings becomes LF.
 *
 * Malformed input stops the reader at the first error. The tree read up to that point is
 * still returned (a value cut short by the error holds what was read of it), so callers
 * keep the entries before the error. Nesting of arrays and inline tables, and the parts of
 * a dotted key, are limited (TOML_MAX_DEPTH) so hostile input cannot exhaust the stack. */
#ifndef AIREADY_TOML_H
#define AIREADY_TOML_H

#include <stddef.h>

#include "dom.h"

#define TOML_MAX_DEPTH 64

/* Reads text[0..len) (no NUL needed). Returns the root table, never NULL. On error
 * *error is set to "line N: what" (the caller frees it), otherwise to NULL. */
dom *toml_parse(const char *text, size_t len, char **error);

#endif
