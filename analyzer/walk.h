/* walk: the tree walk. Honours .gitignore files and --exclude globs, skips folders no
 * user wants scanned, never follows symlinks (a link inside the root reaches a file that
 * is scanned at its own path; a link out of the root is reported, not followed).
 *
 * The walk goes folder by folder with descriptors (openat, fstatat, fdopendir), so a path
 * longer than PATH_MAX is walked like any other; it goes at most WALK_MAX_DEPTH folders
 * deep. What it cannot enter or look at (an unreadable folder, a folder nested deeper,
 * an entry fstatat fails on) is listed as skipped `unreadable`, and the scan reports
 * it in errors too. .gitignore files are opened like every repository file (fsafe.h):
 * a regular file only, never through a link, never blocking on a fifo. */
#ifndef AIREADY_WALK_H
#define AIREADY_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "classify.h"
#include "source.h"

#define WALK_MAX_DEPTH 256 /* folders below the root; one descriptor each while walked */

typedef struct walk_entry {
    char *path;          /* relative to the root, '/'-separated */
    file_kind kind;
    skip_reason skip;    /* SKIP_NONE for files to analyse */
    const char *why;     /* for skipped entries: a short reason detail, static */
    bool is_dir;         /* a folder (skipped whole) */
    uint64_t size;       /* bytes, from the walk's fstatat (files to analyse); a hint for
                          * scheduling, the file is read and checked again when analysed */
} walk_entry;

typedef VEC(walk_entry) walk_list;

typedef struct walk_options {
    const char *const *excludes; /* gitignore-style patterns relative to the root */
    size_t n_excludes;
    bool no_ignore;              /* do not read .gitignore files */
} walk_options;

typedef struct walk_result {
    walk_list files;    /* to analyse, sorted by path */
    walk_list skipped;  /* links, special files, excluded folders, ignored paths; sorted */
} walk_result;

/* root must be an existing directory (a realpath). Returns 0, or -1 with *err set when
 * the root itself cannot be read. Unreadable subfolders are reported as skipped
 * (SKIP_UNREADABLE, is_dir). */
int walk_tree(const char *root, const walk_options *opt, walk_result *out, char **err);
void walk_result_free(walk_result *r);

#endif
