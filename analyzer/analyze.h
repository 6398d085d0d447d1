/* analyze: the per-file stages, run by a worker thread on one file: read, classify,
 * match rules, parse, and hand the tree to every analysis that needs it. */
#ifndef AIREADY_ANALYZE_H
#define AIREADY_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bounds.h"
#include "calls.h"
#include "finding.h"
#include "fsafe.h"
#include "manifest.h"
#include "rules.h"
#include "source.h"
#include "strset.h"
#include "suppress.h"
#include "walk.h"

/* Read-only context shared by all workers. */
typedef struct analyze_ctx {
    const char *root;          /* absolute root */
    const fsafe_root *fs;      /* the same, opened: every file is read beneath it */
    source_limits limits;
    const ruleset *rules;      /* compiled once, read-only */
    const calls_catalog *calls;/* the SDK catalog; NULL: no call-site analysis */
    bool no_suppress;          /* do not apply aiready-ignore comments */
    uint32_t file_timeout_ms;  /* time budget of a file's tree stages; 0: none */
    const strset *entry_points;/* scripts the configuration runs (entrypoints.h); NULL: none */
} analyze_ctx;

/* Per-worker state: parsers and match scratch. Never shared between threads. */
typedef struct analyze_worker analyze_worker;

analyze_worker *analyze_worker_new(const analyze_ctx *ctx);
void analyze_worker_free(analyze_worker *w);

/* What one file contributed. */
typedef struct file_result {
    skip_reason skipped;       /* SKIP_NONE when read; binary and minified files still
                                * carry the findings of the secret rules */
    const char *skip_detail;   /* static string or NULL */
    file_kind kind;            /* after the shebang check */
    uint64_t bytes;
    bool syntax_error;
    uint32_t syntax_error_line;
    bool invalid_utf8;
    bool parsed;
    finding_list findings;
    manifest_result manifest;  /* dependencies and lock entries, for manifests */
    calls_file *calls;         /* call-site facts, finished in the repository stage */
    suppression_list suppressed; /* findings an aiready-ignore comment suppressed */
    struct redact_map *secrets; /* values of the secrets found in the file, or NULL */
    char *error;               /* a non-fatal problem with this file, or NULL */
    bounds_notes notes;        /* limits reached while analysing it (bounds.h): errors too */
    struct notebook *notebook; /* a notebook's line map (notebook.h), for the repository stage */
} file_result;

void analyze_file(analyze_worker *w, const walk_entry *entry, file_result *out);
void file_result_free(file_result *r);

#endif
