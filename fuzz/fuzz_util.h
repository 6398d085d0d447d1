/* fuzz_util: what the libFuzzer harnesses under fuzz/ share — reading the input as one or
 * more named files, a private scratch folder, finding the shipped rules, and walking a
 * dom so that every node a reader built is touched (ASan sees a broken tree).
 *
 * Input format of the harnesses that take named files ("files" in docs/fuzzing.md):
 *
 *     PATH "\n" CONTENT [ "\n" "\0" PATH "\n" CONTENT ]...
 *
 * The first line is the file's path (relative, '/'-separated); the rest, up to a line that
 * starts with a NUL byte, is its content. That NUL line starts the next file. A plain text
 * file with a path line in front is thus a valid input, and a reproducer stays readable. */
#ifndef AIREADY_FUZZ_UTIL_H
#define AIREADY_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dom.h"

#define FZ_MAX_FILES 4
#define FZ_MAX_PATH 160

typedef struct fz_file {
    char *path;       /* NUL-terminated copy of the path line (may be empty) */
    char *text;       /* exactly-sized heap copy of the content, NUL after it */
    size_t len;
} fz_file;

typedef struct fz_files {
    fz_file f[FZ_MAX_FILES];
    size_t n;
} fz_files;

/* Splits data into at most FZ_MAX_FILES files (the last one keeps any further
 * separators in its content). An input without a newline is one file with an empty path
 * and that content. Always returns at least one file. */
void fz_files_split(const uint8_t *data, size_t size, fz_files *out);
void fz_files_free(fz_files *fs);

/* A NUL-terminated, exactly-sized heap copy of data[0..n). */
char *fz_strndup(const uint8_t *data, size_t n);

/* A stable small hash of s, to pick among alternatives from the input itself. */
uint32_t fz_hash(const char *s);

/* A fresh folder under $TMPDIR (or /tmp), removed with its content when the process
 * exits. tag names it ("aiready-fuzz-TAG.XXXXXX"). Aborts when it cannot be made. */
const char *fz_tmpdir(const char *tag);
/* Writes text[0..len) to a new file root/rel, creating the parent folders. Returns false
 * when root/rel exists already or rel is not a plain relative path: empty, absolute, a
 * "." or ".." segment, an empty segment, a byte outside [A-Za-z0-9._@+-] and '/', or
 * longer than FZ_MAX_PATH. */
bool fz_write_file(const char *root, const char *rel, const char *text, size_t len);
/* Removes root/rel and then each of its parent folders that is left empty. */
void fz_remove_file(const char *root, const char *rel);

/* The shipped rules folder (rules_default_dir: $AIREADY_RULES, else next to the build
 * tree). Aborts with a message when there is none: a harness without its rules would
 * fuzz nothing. Never freed. */
const char *fz_rules_dir(void);

/* Visits every node of a tree with every accessor; returns the node count. */
size_t fz_dom_walk(const dom *v);

/* Whether AIREADY_FUZZ_OPEN_CHECKS=1 is set: then harnesses also check properties that a
 * known, still open defect breaks (docs/fuzzing.md). The regression replay sets it;
 * plain fuzzing leaves it off, so that it does not stop at the known defect each time. */
bool fz_open_checks(void);

/* A FILE that discards what is written to it (reports the harness does not read). */
FILE *fz_devnull(void);

#endif
