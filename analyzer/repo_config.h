/* repo_config: the auditor's view of the scanned repository's own `.aiready.yml`.
 *
 * The file is chosen by the repository's authors, who may be the party under review (an
 * acquisition target, a pull request from a fork). What it changed is therefore part of
 * every report: each exclude, disabled rule, extra rule folder, waiver and attestation
 * with its line, and what it did — paths excluded, findings set aside, rules loaded,
 * blockers waived. A rule the file disables still runs: its findings are moved to the
 * suppressions as SUPPRESS_CONFIG ("disabled by repository config (.aiready.yml:LINE)")
 * and count for nothing, like an inline-suppressed finding. `--no-repo-config` (and
 * `--no-suppress`) ignore the file entirely; the view then says so. docs/config.md. */
#ifndef AIREADY_REPO_CONFIG_H
#define AIREADY_REPO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "finding.h"
#include "rules.h"
#include "suppress.h"

typedef struct repo_config_view {
    const aiready_config *config; /* the applied file; NULL when there is none or it is ignored (borrowed) */
    char *file;                   /* the file at the root, applied or ignored; NULL when there is none */
    const char *ignored_by;       /* "--no-repo-config" or "--no-suppress" when ignored (static); else NULL */
    size_t *disabled_findings;    /* per config->disable entry: findings set aside */
    size_t *disabled_blockers;    /* per config->disable entry: of which blockers */
    size_t disabled_total, disabled_blockers_total;
    size_t *rules_loaded;         /* per config->rules entry: rules loaded from that folder */
    size_t *waived_findings;      /* per config->waivers entry: blocker findings lowered to warning */
    size_t excluded_paths;        /* skipped paths that the file's exclude patterns match */
    bool excluded_everything;     /* nothing was scanned, and the file excluded something */
} repo_config_view;

/* The name of the configuration file at root (".aiready.yml" or ".aiready.yaml"), found
 * without reading it; NULL when there is none. Static. */
const char *repo_config_find(const char *root);

/* Starts a view: cfg applied (may be NULL), or the file ignored_file ignored because of
 * the flag ignored_by. rules (may be NULL) is the loaded rule set, to count the rules
 * each of cfg's folders brought. */
void repo_config_init(repo_config_view *v, const aiready_config *cfg, const char *ignored_file,
                      const char *ignored_by, const ruleset *rules);
void repo_config_free(repo_config_view *v);

/* Moves every finding of a rule the applied file disables from findings to honoured, as
 * SUPPRESS_CONFIG, and counts them per disable entry. Keeps the order of findings. */
void repo_config_set_aside(repo_config_view *v, finding_list *findings, suppression_list *honoured);

/* Counts the paths skipped for an exclude pattern (--exclude or the file's: skip reason
 * "excluded") that the file's own patterns match, and whether they are why nothing was
 * scanned. */
void repo_config_count_excluded(repo_config_view *v, const char *const *excluded, size_t n, size_t files_scanned);

/* Every disable entry names a loaded rule: returns 0, or -1 with *err holding one
 * "FILE:LINE: problem" line per entry that does not. Ids the command line already took
 * out (cli_disable) are fine, and so is any id when --only chose the rules (only). */
int repo_config_check_disable(const aiready_config *cfg, const ruleset *rules, const char *const *cli_disable,
                              size_t n_cli_disable, bool only, char **err);

/* One line for standard error when the file made the scan say little — it excluded
 * everything, or it set aside blocker findings — else NULL. malloc'd. */
char *repo_config_warning(const repo_config_view *v);

#endif
