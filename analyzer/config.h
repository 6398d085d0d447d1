/* config: the repository's own settings file, `.aiready.yml` (or `.aiready.yaml`) at the
 * scanned root. Format and checks: docs/config.md.
 *
 *   version: 1
 *   exclude: [vendor, "*.ipynb"]                 # paths not scanned (gitignore-style globs)
 *   disable: [ux.fallback-message]               # rule ids switched off
 *   rules: [tools/aiready-rules]                 # extra rule folders inside the repository
 *   attestations:
 *     - item: 10
 *       owner: "Jane Doe <jane@acme.io>"
 *       date: 2025-01-15
 *       expires: 2025-07-15
 *       evidence: docs/dr/restore-drill-2025-01.md   # repository path (checked) or URL
 *       note: "Restore drill: RTO 45 min, RPO 15 min"
 *     - item: 14
 *       not_applicable: true
 *       reason: "No ingestion; prompt-only app"
 *       owner: "Jane Doe <jane@acme.io>"
 *       date: 2025-01-15
 *   waivers:
 *     - rule: tls.python-verify-false
 *       path: src/clients/vector.py               # optional glob
 *       owner: "Sam Lee <sam@acme.io>"
 *       date: 2025-02-01
 *       expires: 2025-03-01
 *       reason: "Private VPC endpoint; CA pinning tracked in SEC-123"
 *
 * Two kinds of problems. A malformed file — bad YAML, an unknown key, a value of the wrong
 * type, an item outside 1..50, an item attested twice, a rules folder that does not exist
 * or is not inside the repository (absolute, '..' above the root, a symlink) —
 * is an error: config_load fails with "FILE:LINE:COL: problem" lines and the CLI exits 2.
 * A well-formed attestation that does not hold up — placeholder owner, missing or future
 * date, expired, expiry more than 12 months after its date, evidence path missing or not
 * mentioning the item — loads with valid = false and invalid_reason saying why; the report
 * shows it and the verdict stage ignores it. Waivers are checked the same way. */
#ifndef AIREADY_CONFIG_H
#define AIREADY_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attest.h"
#include "glob.h"

#define CONFIG_ITEMS 50

/* A time-boxed exception for one rule's findings (optionally under a path glob). */
typedef struct waiver {
    char *rule;           /* rule id */
    char *path;           /* glob, or NULL for every file */
    glob_pat *path_glob;  /* path compiled at load (NULL: compile path when matching) */
    char *fingerprint;    /* one finding's fingerprint, or NULL for every finding of the rule */
    char *owner, *date, *expires, *reason;
    bool valid;
    char *invalid_reason; /* NULL when valid */
    uint32_t line;
} waiver;

typedef struct aiready_config {
    char *file;           /* ".aiready.yml" / ".aiready.yaml", or NULL when the root has none */
    int version;          /* 1; 0 when there is no file */
    char **exclude;       /* globs */
    size_t n_exclude;
    char **disable;       /* rule ids */
    size_t n_disable;
    char **rules;         /* extra rule folders, as written: relative to the root, inside it */
    char **rules_abs;     /* the same, joined to the root (for messages) */
    size_t n_rules;
    uint32_t *exclude_line, *disable_line, *rules_line; /* each entry's line in the file */
    attestation *attestations; /* in file order */
    size_t n_attestations;
    waiver *waivers;
    size_t n_waivers;
} aiready_config;

/* The per-item patterns an attestation's evidence file must match (PCRE2, matched
 * case-insensitively), indexed by item 1..50; NULL entries skip the check. In the
 * pipeline these are rules/checklist.yaml's `attestation_keywords`
 * (checklist_item_get(cl, i)->attestation_keywords). */
typedef struct config_keywords {
    const char *pattern[CONFIG_ITEMS + 1];
} config_keywords;

/* Loads and checks <root>/.aiready.yml (or .aiready.yaml). today is "YYYY-MM-DD" (NULL:
 * the current UTC date). Keywords come from kw; config_load reads them from the shipped
 * checklist (config_keywords_load on <rules_default_dir()>/checklist.yaml) and skips the
 * keyword check when it finds none. Returns 0 and fills *out (zeroed when there is no
 * file), or -1 with a malloc'd message in *err (one "FILE:LINE:COL: problem" per line)
 * and *out zeroed. */
int config_load(const char *root, const char *today, aiready_config *out, char **err);
int config_load_with(const char *root, const char *today, const config_keywords *kw,
                     aiready_config *out, char **err);
void config_free(aiready_config *c);

/* Reads `items: [{id: N, attestation_keywords: '...'}, ...]` from a checklist-shaped YAML
 * file (other keys are ignored). The strings live in *store; free with
 * config_keywords_free. Returns 0, or -1 with *err. */
typedef struct config_keywords_store {
    config_keywords kw;
    char *owned[CONFIG_ITEMS + 1];
} config_keywords_store;
int config_keywords_load(const char *path, config_keywords_store *store, char **err);
void config_keywords_free(config_keywords_store *store);

/* Checks: exposed for the report and for tests. */
bool config_owner_is_placeholder(const char *owner);
/* Parses a strict ISO date "YYYY-MM-DD" into yyyymmdd (e.g. 20250115); false if invalid. */
bool config_parse_date(const char *s, int *ymd);

#endif
