/* rules: loading and compiling the rule files under rules/ (and --rules DIRs).
 *
 * A rule set is loaded and validated once at start-up; an invalid rule stops the run
 * (exit 2) with "file:line:col: problem" messages. Once loaded, a ruleset is read-only
 * and shared by every worker (see match.h for the per-worker state). The format is
 * documented in docs/rules.md. */
#ifndef AIREADY_RULES_H
#define AIREADY_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "finding.h"

typedef struct ruleset ruleset;

/* --only / --disable: rule ids. An id that names no loaded rule is an error. */
typedef struct rules_select {
    const char *const *only;
    size_t n_only;
    const char *const *disable;
    size_t n_disable;
    /* Ids of no rule file that --only / --disable may name all the same (the ids the
     * analysis stages emit: rule_text_is_stage); NULL: none. rules_selected answers for
     * them. */
    bool (*also_known)(const char *id);
} rules_select;

/* Loads every *.yml / *.yaml under each entry of dirs (searched recursively; an entry
 * may also name one file). Skipped: `checklist.yaml` (the checklist, not rules),
 * fixture files named `*.test.*`, and directories whose name starts with '.'.
 * sel may be NULL. Returns NULL and a malloc'd message in *err on any error. */
ruleset *rules_load(const char *const *dirs, size_t n, const rules_select *sel, char **err);
/* Rule folders the scanned repository names (.aiready.yml `rules:`), relative to root.
 * They are read beneath the root only, never through a symlink (fsafe.h): a link where
 * a rule file or folder would be is an error. Messages name them root/dir/... */
typedef struct rules_repo {
    const char *root;
    const char *const *dirs;
    size_t n;
} rules_repo;
/* rules_load plus the repository's own rule folders (repo may be NULL). */
ruleset *rules_load_with_repo(const char *const *dirs, size_t n, const rules_repo *repo,
                              const rules_select *sel, char **err);
/* The same from YAML text; name is used in messages and for `file`. */
ruleset *rules_load_text(const char *name, const char *yaml, const rules_select *sel, char **err);
void rules_free(ruleset *rs);

size_t rules_count(const ruleset *rs);

typedef struct rule_info {
    const char *id;
    const uint8_t *items;
    uint8_t n_items;
    effect effect;
    severity severity;
    bool indicates;           /* strength: indicates; false: proves */
    const char *message;
    const char *remediation;  /* may be NULL */
    const char *kind;         /* "query", "regex", "path", "package" */
    const char *file;         /* rule file and line */
    uint32_t line;
} rule_info;

/* Whether a rule file loaded defines id, including rules --only / --disable left out. */
bool rules_knows(const ruleset *rs, const char *id);
/* Whether --only / --disable leave findings of id in: true for a loaded rule, false for
 * one they dropped; for any other id (an analysis stage's), false when --only was given
 * without it or --disable names it. */
bool rules_selected(const ruleset *rs, const char *id);
/* Whether --disable named id, an id of no rule file. */
bool rules_disable_names(const ruleset *rs, const char *id);

/* Rules are kept sorted by id. */
void rules_info(const ruleset *rs, size_t i, rule_info *out);
/* Marks every finding made by a rule of strength `indicates` (binary search by id);
 * findings of analysis stages (no rule of that id) keep their own strength. */
void rules_mark_strength(const ruleset *rs, finding *f, size_t n);
/* Whether a loaded rule has this id. */
bool rules_has_id(const ruleset *rs, const char *id);

/* The shipped rules folder: $AIREADY_RULES, else <exe>/../share/aiready/rules, else
 * <exe>/../rules or <exe>/../../rules (a build tree), else ./rules. malloc'd; NULL
 * when none exists. */
char *rules_default_dir(void);

/* Runs every rule's tests (inline `tests:` cases and sibling fixture files) and prints
 * one line per rule — validated / missing / noisy / failing — with details, then
 * "N passed, N failed". Returns true when every rule is validated. */
bool rules_test_report(const ruleset *rs, FILE *out);

/* `aiready rules list [DIR...] [--rules DIR]... [--only ID]... [--disable ID]...`
 * and `aiready rules test [DIR...] [--rules DIR]... [--only ID]... [-v]`.
 * argv holds the arguments after "list" / "test". DIRs replace the default rules
 * folder, --rules adds to it. Return the process exit code: 0 ok, 1 some rule not
 * validated (test), 2 usage error or invalid rules. */
int rules_cmd_list(int argc, char **argv);
int rules_cmd_test(int argc, char **argv);

#endif
