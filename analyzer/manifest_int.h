/* manifest_int: helpers shared by the manifest readers (manifest_*.c, lockfile_*.c).
 * Not for other modules. */
#ifndef AIREADY_MANIFEST_INT_H
#define AIREADY_MANIFEST_INT_H

#include "dom.h"
#include "manifest.h"

/* The readers, one per format. */
void manifest_read_requirements(const char *path, const char *text, size_t len, bool constraints,
                                manifest_result *out);
void manifest_read_pyproject(const char *path, const char *text, size_t len, manifest_result *out);
void manifest_read_pipfile(const char *path, const char *text, size_t len, manifest_result *out);
void manifest_read_setup_cfg(const char *path, const char *text, size_t len, manifest_result *out);
void manifest_read_package_json(const char *path, const char *text, size_t len, manifest_result *out);
void lockfile_read_toml(const char *path, const char *text, size_t len, manifest_result *out);
void lockfile_read_pipfile(const char *path, const char *text, size_t len, manifest_result *out);
void lockfile_read_npm(const char *path, const char *text, size_t len, manifest_result *out);
void lockfile_read_pnpm(const char *path, const char *text, size_t len, manifest_result *out);
void lockfile_read_yarn(const char *path, const char *text, size_t len, manifest_result *out);

/* Records "path: line N: what" unless an error is recorded already. */
void mf_error(manifest_result *out, const char *path, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Records a reader's own "line N: what" message (from toml, jsonr, yamlr) and frees it. */
void mf_error_take(manifest_result *out, const char *path, char *msg);

/* Appends a dependency; name is normalised for "pypi", credentials in URLs of the spec
 * become "***". Returns it for further fields. */
dependency *mf_add_dep(manifest_result *out, const char *ecosystem, const char *name, size_t nlen,
                       const char *spec, const char *path, uint32_t line, bool dev);
/* Appends a lock entry; name is normalised for "pypi". */
void mf_add_lock(manifest_result *out, const char *ecosystem, const char *name, size_t nlen,
                 const char *version, size_t vlen, const char *path);
/* Drops lock entries [from, len) that repeat an earlier (name, version) of that range. */
void mf_dedupe_locks(manifest_result *out, size_t from);

/* Joins target (relative to the directory of path) and normalises it. NULL when the
 * target is absolute, a URL, uses a variable, or leaves the root. */
char *mf_join(const char *path, const char *target, size_t tlen);
/* The directory part of path ("" at the root), newly allocated. */
char *mf_dirname(const char *path);

/* A requirement string (PEP 508) read from a structured manifest: added as a pypi
 * dependency, or reported as an error on its line. */
void mf_add_pep508(manifest_result *out, const char *req, size_t len, const char *path,
                   uint32_t line, bool dev);

#endif
