/* provenance: what kind of place a piece of evidence comes from, so that only the right
 * kind of place can prove a checklist item (docs/scoring.md, "Provenance").
 *
 *   operative code           the application's own code: not tests, examples, scripts,
 *                            notebooks, vendored copies or commented-out / doc text
 *   applied configuration    deploy, infra, CI, manifests, app config the code reads
 *   project documentation    README, docs/, runbooks, policies, CODEOWNERS
 *   other text               tests, fixtures, examples, scripts, data files, datasets,
 *                            dumps, vendored or third-party files, translations, example
 *                            env files, comments and docstrings inside code
 *
 * Judged from the repository-relative path, and — for a position inside a code file —
 * from whether that line is a comment or a docstring. Pure functions; no global state. */
#ifndef AIREADY_PROVENANCE_H
#define AIREADY_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum provenance {
    PROV_UNKNOWN = 0, /* not judged yet: judge by path (provenance_of_path) */
    PROV_CODE,        /* operative code */
    PROV_CONFIG,      /* applied configuration */
    PROV_DOCS,        /* the project's own documentation */
    PROV_OTHER,       /* any other text: never proof of anything */
    PROV_COUNT
} provenance;

/* A provenance and the reason for it, e.g. {PROV_OTHER, "test"}. `why` is a static
 * string: "code", "config", "docs", "test", "example", "script", "notebook", "vendored",
 * "data", "dump", "translation", "example-env", "dead-code", "comment", "template",
 * "entry-point" (a script the application's configuration runs: operative code). */
typedef struct provenance_info {
    provenance kind;
    const char *why;
} provenance_info;

/* Judges a repository-relative, '/'-separated path. "" (repository-wide evidence made by
 * the analyzer itself, e.g. from the dependency inventory) is applied configuration. */
provenance_info provenance_of_path(const char *path);

/* Lines of one code file that are comments or docstrings (other text). Built once per
 * file; NULL-safe. Non-code files give a map that never refines anything. */
typedef struct provenance_map provenance_map;
provenance_map *provenance_map_new(const char *path, const char *text, size_t len);
/* The same for a file the application's configuration runs although its path says
 * script (entrypoints.h): judged as operative code, comments still other text. */
provenance_map *provenance_map_new_entry(const char *path, const char *text, size_t len);
void provenance_map_free(provenance_map *m);
/* The provenance of a position: the path's, except that a 1-based line of operative code
 * that is a comment or inside a docstring / block comment is other text ("comment").
 * line 0 means "the whole file". */
provenance_info provenance_map_at(const provenance_map *m, uint32_t line);

/* Operative: code or applied configuration (what proves a technical item). */
bool provenance_is_operative(provenance p);
const char *provenance_name(provenance p); /* "code", "config", "docs", "other", "unknown" */

#endif
