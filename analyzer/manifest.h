/* manifest: the dependency inventory read from package manifests, and the versions their
 * lockfiles resolve. One call reads one file (in a worker); manifest_resolve joins the
 * results in the repository stage. See docs/manifests.md for what is read from where. */
#ifndef AIREADY_MANIFEST_H
#define AIREADY_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "deps.h"

typedef enum manifest_kind {
    MANIFEST_NONE = 0,
    MANIFEST_REQUIREMENTS, /* requirements*.txt, requirements/ *.txt, *-requirements.txt */
    MANIFEST_CONSTRAINTS,  /* constraints*.txt: its ==pins are lock entries, not dependencies */
    MANIFEST_PYPROJECT,
    MANIFEST_PIPFILE,
    MANIFEST_SETUP_CFG,
    MANIFEST_PACKAGE_JSON,
    LOCK_POETRY,
    LOCK_UV,
    LOCK_PIPFILE,
    LOCK_NPM,  /* package-lock.json, npm-shrinkwrap.json */
    LOCK_PNPM,
    LOCK_YARN, /* v1 and berry */
    MANIFEST_KIND_COUNT
} manifest_kind;

/* By file name (the path is '/'-separated, relative to the root). */
manifest_kind manifest_kind_of(const char *path);
const char *manifest_kind_name(manifest_kind k); /* "requirements", "poetry.lock", ... */
bool manifest_kind_is_lock(manifest_kind k);     /* LOCK_* and MANIFEST_CONSTRAINTS */

typedef struct lock_entry {
    char *name;      /* normalised as in dependency.name */
    char *ecosystem; /* "pypi" or "npm" */
    char *version;   /* as the lockfile has it (credentials in a URL become "***") */
    char *file;      /* the lockfile, relative to the root */
} lock_entry;

/* A file named by "-r" / "-c" in a requirements file, or "file:" in setup.cfg. A file
 * whose own name makes it a manifest is read when the walk reaches it; the repository
 * stage reads the others (manifest_kind_of(path) == MANIFEST_NONE) with
 * manifest_parse_as(kind, path, ...), once each, which also ends include cycles. */
typedef struct manifest_include {
    char *path;         /* relative to the root, normalised; never leaves the root */
    manifest_kind kind; /* MANIFEST_REQUIREMENTS or MANIFEST_CONSTRAINTS */
    char *from;         /* the file that names it */
    uint32_t line;
} manifest_include;

typedef struct manifest_result {
    dependency_list deps;
    VEC(lock_entry) locks;           /* in lockfile order; direct/hoisted entries first */
    VEC(manifest_include) includes;
    VEC(char *) workspaces;          /* npm workspace globs, relative to the root */
    char *error;                     /* NULL, or "file: line N: what" (the first error) */
} manifest_result;

/* Reads one manifest or lockfile, chosen by manifest_kind_of(path); text[0..len) needs no
 * NUL. Entries are appended to *out, which starts zeroed ({0}) or holds earlier results;
 * the first error is kept. On malformed input the entries read before the error (and,
 * for line-based formats, after it) are kept. Never executes or evaluates the content. */
void manifest_parse(const char *path, const char *text, size_t len, manifest_result *out);
/* The same with the kind given: for included files whose names say nothing. */
void manifest_parse_as(manifest_kind kind, const char *path, const char *text, size_t len,
                       manifest_result *out);
void manifest_result_free(manifest_result *r);
void lock_entry_free(lock_entry *e);

/* Repository stage: sets resolved on each dependency that has none, from the lock entries
 * of its ecosystem and name: those of a lockfile in the manifest's own directory first,
 * then of the nearest ancestor directory's; within one lockfile the first entry wins.
 * pinned is left alone: it describes the declared spec only. */
void manifest_resolve(dependency_list *deps, const lock_entry *locks, size_t n_locks);

#endif
