// glob: shell-style pattern matching over '/'-separated relative paths, as used by the
// `files:` and `path:` globs of rules and (without braces) by .gitignore patterns.
// (Line comments here because the examples contain star-slash.)
//
// Syntax
//   *        any run of bytes within one path segment (never '/'), possibly empty
//   ?        one byte other than '/'
//   [abc] [a-z] [!x] [^x] [[:alpha:]]
//            one byte other than '/' from (with ! or ^: not from) the class. A ']' right
//            after '[' or '[!' is literal; '\' escapes inside a class; a reversed range
//            such as [z-a] matches nothing; POSIX classes: alnum alpha blank cntrl digit
//            graph lower print punct space upper xdigit (ASCII only). A '[' with no
//            closing ']' is a literal '[' (but see GLOB_F_STRICT_CLASSES).
//   **       only as a whole segment (preceded by the start or '/', followed by '/' or
//            the end of the pattern):
//              **/x     x at any depth, including the root
//              a/**/b   a/b, a/x/b, a/x/y/b
//              a/**     everything below a (a/x, a/x/y), but not a itself
//            Any other run of stars ("a**", "**.md") is a plain '*'.
//   {a,b}    alternation; alternatives may hold any syntax, nested braces included. A
//            brace with no matching '}' or no top-level ',' is literal ("{a}" matches the
//            text "{a}"), as in the shell. Alternatives are matched in place, not expanded
//            textually, which differs from expansion only in corners: stars on the two
//            sides of a brace do not join into "**" ("*{*,x}"); a '/' that starts an
//            alternative is literal even at the pattern's start; and a "**" ending an
//            alternative (at a segment boundary) matches any run of bytes, so
//            "a/{b,**}/c" needs at least one segment in place of the "**".
//   \c       the byte c, literally. A pattern ending in a lone '\' matches nothing (git).
//
// Anchoring: a pattern with no '/' matches the basename at any depth, so "Dockerfile" and
// "*.md" match "Dockerfile" and "a/b/README.md" (like .gitignore). A pattern with a '/'
// anywhere (inside braces too) is matched against the whole path from the root; a leading
// '/' anchors and is otherwise ignored ("/x.md" matches "x.md" only).
//
// Matching is byte-wise and case-sensitive; '*', '?' and "**" match a leading '.' too.
// Paths are file paths: a pattern with a trailing '/' never matches one.
//
// A pattern compiles to a small NFA simulated breadth-first (Thompson), so one match costs
// O(len(pattern) * len(path)) even for patterns like "*a*a*a*a*a*b". A compiled pattern is
// immutable: one glob_pat may be matched from several threads at once.
#ifndef AIREADY_GLOB_H
#define AIREADY_GLOB_H

#include <stdbool.h>

typedef struct glob_pat glob_pat; /* a compiled pattern */

enum {
    GLOB_F_NO_BRACES = 1u << 0,      /* '{', ',' and '}' are literal (gitignore) */
    /* A malformed class -- no closing ']', or "[:name:]" with an unknown name (the first
     * ']' after "[:" follows a ':') -- makes the whole pattern match nothing, as git's
     * wildmatch does, instead of reading the '[' literally. */
    GLOB_F_STRICT_CLASSES = 1u << 1,
};

/* Compiles pattern (flags: GLOB_F_*). Never fails: malformed syntax is literal (but see
 * a lone trailing backslash, above). */
glob_pat *glob_compile(const char *pattern, unsigned flags);
bool glob_pat_match(const glob_pat *g, const char *path);
void glob_pat_free(glob_pat *g);

/* One-shot: compiles pattern, matches path, frees. */
bool glob_match(const char *pattern, const char *path);

#endif
