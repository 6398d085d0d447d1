/* glob: path patterns for rule files/exclude lists and ignore files. */
#ifndef AIREADY_GLOB_H
#define AIREADY_GLOB_H

#include <stdbool.h>

/* `*` and `?` stay within a path segment, `[..]` is a class (`[!..]` negated),
 * `**` as a whole segment spans any number of segments, `{a,b}` alternates.
 * A pattern without '/' matches the basename at any depth; with '/' it is
 * anchored at the root. Paths are relative and '/'-separated. */
bool glob_match(const char *pattern, const char *path);

#endif
