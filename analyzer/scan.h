/* scan: the whole pipeline from a path to a resolved result that reports read. */
#ifndef AIREADY_SCAN_H
#define AIREADY_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "calls.h"
#include "checklist.h"
#include "config.h"
#include "deps.h"
#include "finding.h"
#include "items.h"
#include "rules.h"
#include "lang.h"
#include "repo_config.h"
#include "score.h"
#include "source.h"
#include "suppress.h"

typedef struct scan_options {
    const char *path;            /* as the user gave it */
    int jobs;                    /* worker threads; 0 = one per core */
    size_t max_file_size;        /* bytes */
    const char *const *excludes; /* gitignore-style patterns */
    size_t n_excludes;
    bool no_ignore;              /* do not read .gitignore files */
    bool progress;               /* show progress on stderr after a second */
    const checklist *checklist;  /* the 50 items; NULL: no verdict (pipeline tests) */
    const ruleset *rules;        /* compiled rules; NULL: no rules run */
    bool no_suppress;            /* --no-suppress: aiready-ignore comments are not read */
    const aiready_config *config;/* .aiready.yml: attestations and waivers; may be NULL */
    const calls_catalog *calls;  /* SDK catalog for the call-site analysis; may be NULL */
    const char *config_ignored;  /* the root's .aiready.yml when --no-repo-config ignored it; else NULL */
    const char *config_ignored_by; /* the flag that did: "--no-repo-config" or "--no-suppress" */
    uint32_t file_timeout_ms;    /* per-file time budget of parsing and tree analyses; 0: none */
    bool history;                /* --history: the secret rules over the git history too */
} scan_options;

typedef struct skipped_file {
    char *path;
    skip_reason reason;
    const char *detail;          /* static, may be NULL */
} skipped_file;

typedef struct scan_error {
    char *file;
    char *message;
} scan_error;

typedef struct scan_result {
    char *target;                /* the path as given */
    char *root;                  /* its realpath */
    size_t files_scanned;        /* files read and analysed */
    size_t by_lang[LANG_COUNT];  /* code files per language (index LANG_NONE unused) */
    size_t notebooks;
    size_t by_class[CLASS_COUNT];
    size_t skipped_by_reason[SKIP_REASON_COUNT];
    size_t parsed;               /* code files parsed (only those some stage needed) */
    size_t syntax_errors;        /* of the parsed files */
    size_t invalid_utf8;
    uint64_t bytes;
    uint64_t duration_ms;
    VEC(skipped_file) skipped;
    VEC(scan_error) errors;
    finding_list findings;       /* sorted: finding_compare */
    model_call_list calls;       /* sorted: model_call_compare */
    dependency_list deps;        /* sorted: dependency_compare */
    const checklist *checklist;  /* borrowed from the options */
    const aiready_config *config;/* borrowed from the options; may be NULL */
    size_t waived;               /* blocker findings downgraded by a valid waiver */
    resolved_items items;        /* the 50 items, resolved from the evidence above */
    score_result score;
    suppression_state suppression; /* honoured suppressions; findings above are what is left */
    repo_config_view repo;       /* what the repository's .aiready.yml changed (repo_config.h) */
    struct history_result *history; /* --history (history.h); NULL without it */
    bool changed_only;           /* --diff / --staged: findings cut to changed lines (scan_diff.h) */
} scan_result;

/* Returns 0, or -1 with *err set for a fatal problem (the path does not exist...). */
int scan_run(const scan_options *opt, scan_result *out, char **err);
void scan_result_free(scan_result *r);

#endif
