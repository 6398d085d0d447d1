/* git_index: which paths a git checkout tracks, read from its index file (.git/index,
 * versions 2, 3 and 4; SHA-1 object names). A tracked file is part of the repository
 * even when a .gitignore names it (git ignores only untracked files), so the walk
 * consults this before skipping an ignored path: a committed .env stays visible. */
#ifndef AIREADY_GIT_INDEX_H
#define AIREADY_GIT_INDEX_H

#include <stdbool.h>
#include <stddef.h>

/* tracked_index_*: not git_index_*, which libgit2 (history.c) defines. */
typedef struct tracked_index tracked_index;

/* The index of the checkout whose top is root (root holds .git, a folder or a "gitdir:"
 * file). NULL when root is not a checkout's top or the index cannot be read or parsed.
 * *in_checkout says whether root is part of a checkout: root or a parent holds .git and,
 * for a root below the checkout's top, the index tracks something in it (a root below the
 * top gets no index: its .gitignore files are honoured as written). */
tracked_index *tracked_index_load(const char *root, bool *in_checkout);
/* Parses an index held in memory; prefix ("" or "sub/dir/") is the scanned root's path
 * inside the checkout. NULL on malformed data. */
tracked_index *tracked_index_parse(const unsigned char *data, size_t len, const char *prefix);
void tracked_index_free(tracked_index *ix);

/* rel is relative to the scanned root, '/'-separated. */
bool tracked_index_tracks(const tracked_index *ix, const char *rel);
/* Any tracked file under folder rel ("a/b" holds "a/b/c.txt"). */
bool tracked_index_tracks_under(const tracked_index *ix, const char *rel);

#endif
