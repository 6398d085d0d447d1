/* inventory: the repository stage of the dependency inventory. Every manifest and
 * lockfile was parsed by a worker; this reads the requirement files that were only
 * reached through -r/-c includes, resolves versions from lockfiles and sorts the list. */
#ifndef AIREADY_INVENTORY_H
#define AIREADY_INVENTORY_H

#include "deps.h"
#include "fsafe.h"
#include "manifest.h"
#include "source.h"

typedef struct inventory_problem {
    char *file;
    char *message;
} inventory_problem;
typedef VEC(inventory_problem) inventory_problems;

/* acc holds every file's manifest_result appended together; its deps move to *out.
 * Included files are read beneath the root only (fsafe.h: never through a symlink).
 * Problems (an unreadable include, a parse error in one) are appended to *problems: the
 * first 50, then one problem that counts the rest. */
void inventory_finish(const fsafe_root *fs, const source_limits *lim, manifest_result *acc,
                      dependency_list *out, inventory_problems *problems);

#endif
