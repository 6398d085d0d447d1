/* safe_text: repository-controlled strings (file names, messages of a repository's own
 * rules, reasons, owners, notes, snippets) made safe to show. A scanned repository may be
 * hostile: a file named "\e]0;pwned\a" or "x\nDecision: ship" must neither reach a
 * terminal as a control sequence nor forge a line of the report.
 *
 * Every byte that is not part of a well-formed UTF-8 sequence is written \xHH, so that
 * two file names that differ only in such bytes stay distinct (never both U+FFFD). With
 * SAFE_CONTROLS, control characters are written as visible escapes:
 *   C0 controls   \n \r \t \e (ESC), others \xHH
 *   DEL           \x7f
 *   C1 controls   \u0080 .. \u009f (U+0085 NEL included)
 *   bidi controls \u200e \u200f \u202a..\u202e \u2066..\u2069 (they reorder what is shown)
 * SAFE_LAYOUT keeps newline and tab (a multi-line snippet in a code block). SAFE_PATH
 * writes a backslash as \\, so an escape in a shown file name cannot be forged by a name
 * that holds a literal "\x41": the shown name maps back to one file name only. */
#ifndef AIREADY_SAFE_TEXT_H
#define AIREADY_SAFE_TEXT_H

#include "buf.h"

#define SAFE_CONTROLS 1u /* escape C0, DEL, C1 and bidi controls */
#define SAFE_LAYOUT   2u /* with SAFE_CONTROLS: keep '\n' and '\t' */
#define SAFE_PATH     4u /* a file name: '\' is written "\\" */

/* Appends s (NULL appends nothing) as described above. */
void safe_put(buf *out, const char *s, unsigned flags);
/* s made safe in scratch (emptied first); returns scratch's text, "" for NULL. */
const char *safe_str(buf *scratch, const char *s, unsigned flags);
/* A file name for JSON, SARIF messages and the like: SAFE_PATH only; malloc'd. */
char *safe_path_dup(const char *path);

#endif
