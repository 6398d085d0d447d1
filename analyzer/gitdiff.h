/* gitdiff: which lines of which files changed, read from `git diff --unified=0`, for
 * `aiready scan --diff REF` and `--staged` (docs/reports.md, "Changed code only").
 *
 * git runs with a fixed argv through posix_spawnp, never a shell, and compares stored
 * content only — the commits REF and HEAD, or the index and HEAD (--staged) — so no clean
 * filter, external diff, textconv or fsmonitor of the scanned repository can run:
 * --no-ext-diff --no-textconv, core.fsmonitor=false, GIT_CONFIG_NOSYSTEM=1, and every
 * inherited GIT_* variable removed. */
#ifndef AIREADY_GITDIFF_H
#define AIREADY_GITDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct gitdiff_range { uint32_t first, last; } gitdiff_range; /* inclusive, new side */

typedef struct gitdiff_file {
    char *path;                 /* relative to the repository root */
    VEC(gitdiff_range) ranges;  /* lines added or changed */
} gitdiff_file;

typedef struct gitdiff {
    VEC(gitdiff_file) files;
} gitdiff;

/* ref: compare REF with HEAD; NULL with staged: the index with HEAD. root is the scanned
 * folder (git -C root). Returns 0, or -1 with *err set. */
int gitdiff_read(const char *root, const char *ref, bool staged, gitdiff *out, char **err);
/* Parses `git diff --unified=0` output (exposed for tests). */
void gitdiff_parse(const char *text, size_t len, gitdiff *out);
/* Whether line of path (relative) changed; line 0 (a whole-file finding): whether the
 * file changed at all. */
bool gitdiff_has(const gitdiff *d, const char *path, uint32_t line);
void gitdiff_free(gitdiff *d);

#endif
