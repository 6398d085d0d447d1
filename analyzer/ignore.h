// ignore: .gitignore semantics for the tree walker.
// (Line comments here because the examples contain star-slash.)
//
// The walker keeps one ignore_set for the whole walk. It adds the --exclude patterns
// with ignore_add_exclude before starting. On entering a directory it takes a mark, adds
// that directory's .gitignore (if any), decides for each entry with ignore_match,
// descends only into directories that are not ignored, and truncates back to the mark on
// leaving.
//
// Pattern lines follow gitignore(5):
//   - blank lines and lines starting with '#' are skipped; "\#" starts a pattern with '#'
//   - trailing spaces are removed unless escaped ("a\ " keeps one); tabs are kept
//   - a leading '!' negates; "\!" starts a pattern with '!'
//   - a trailing '/' makes the pattern match directories only (it is then removed)
//   - a pattern with a '/' at its start or middle is relative to the directory of its
//     .gitignore ("doc/frotz" and "/doc/frotz" are the same); otherwise it matches a
//     basename at any depth below that directory
//   - "**/foo" foo at any depth; "foo/**" everything inside foo; "a/**/b" a/b, a/x/b, ...
//   - '*', '?' and '[...]' never match '/'; '\' escapes; braces are literal; a pattern
//     with a malformed class ("[" unclosed, "[[:nope:]]") matches nothing, as in git
//     (glob.h with GLOB_F_NO_BRACES | GLOB_F_STRICT_CLASSES is the exact syntax)
//   - "**" that is not a whole segment is a plain '*', as documented. (git's code
//     differs in one corner: after a pattern's literal prefix, "a**/b" behaves as
//     "a" + "**/b"; this follows the documentation instead.)
// Files may use CRLF line ends and start with a UTF-8 byte order mark.
//
// Precedence, as gitignore(5) orders it: command-line patterns (ignore_add_exclude) come
// first, then the .gitignore stack. Within each, the last pattern that matches decides (a
// negated one re-includes): patterns are consulted newest first, so a deeper .gitignore,
// added later, overrides a shallower one, and within a file later lines override earlier
// ones. A matching command-line pattern decides even against a deeper .gitignore.
//
// "It is not possible to re-include a file if a parent directory of that file is
// excluded": ignore_match judges only the path it is given, not its ancestors. The rule
// holds because the walker never descends into an ignored directory, so nothing below it
// is ever asked about. A caller that checks arbitrary paths must check each ancestor
// directory first.
//
// Matching is case-sensitive (core.ignoreCase=false). An ignore_set is not synchronised:
// add and truncate from one thread; ignore_match only reads it.
#ifndef AIREADY_IGNORE_H
#define AIREADY_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ignore_set ignore_set;

ignore_set *ignore_new(void);
void ignore_free(ignore_set *s);

/* Adds the patterns of a .gitignore found in directory base ("" for the root; no
 * trailing '/', though one is tolerated). text need not be NUL-terminated. */
void ignore_add_file(ignore_set *s, const char *base, const char *text, size_t len);
/* Adds one pattern as if it were a line of a .gitignore in base: comments, '!', trailing
 * '/' and trailing spaces mean the same. It joins the stack, so a later .gitignore can
 * override it. */
void ignore_add_pattern(ignore_set *s, const char *base, const char *pattern);
/* Adds a command-line pattern (--exclude GLOB) as git's --exclude does: relative to the
 * root, taking precedence over every .gitignore pattern, with '!' and a trailing '/' as
 * in a .gitignore but no comments and no trimming of trailing spaces (the shell already
 * quoted it). Not part of the stack: ignore_mark and ignore_truncate do not see it. */
void ignore_add_exclude(ignore_set *s, const char *pattern);

size_t ignore_mark(const ignore_set *s);         /* current depth of the pattern stack */
void ignore_truncate(ignore_set *s, size_t mark); /* drops patterns added after mark */

/* path: relative to the root, '/'-separated, no leading or trailing '/'. True when the
 * path is ignored. */
bool ignore_match(const ignore_set *s, const char *path, bool is_dir);

#endif
