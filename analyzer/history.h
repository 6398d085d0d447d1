/* history: the secret rules over every blob reachable from a git repository's refs
 * (`aiready scan --history`, docs/history.md). Read with libgit2, never by running git.
 *
 * Every commit reachable from any ref (branches, tags, remotes, stashes, HEAD) is walked
 * oldest first; every tree and blob is looked at once (a tree seen before is skipped
 * whole), so each blob is scanned once, under the path and commit where the walk first
 * met it. Blobs are scanned on `jobs` workers, each with its own repository handle and
 * match state. The same secret at the same path (same fingerprint) across many blobs is
 * reported once, at its first commit. */
#ifndef AIREADY_HISTORY_H
#define AIREADY_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "finding.h"
#include "rules.h"

typedef struct history_secret {
    finding finding;        /* as the secret rule reported it in that blob (redacted snippet) */
    char commit[41];        /* the first commit (in walk order) whose tree holds the blob */
    int64_t time;           /* that commit's committer time, seconds since the epoch (UTC) */
    char date[32];          /* the same as YYYY-MM-DDTHH:MM:SSZ */
    size_t blobs;           /* blobs holding this secret at this path */
    bool in_working_tree;   /* the scan of the working tree reported it too */
} history_secret;

typedef struct history_result {
    size_t refs, commits, trees, blobs;  /* walked: refs pushed, commits, distinct trees and blobs */
    size_t blobs_scanned;                /* blobs read and searched */
    size_t blobs_too_large;              /* over the size limit: not searched */
    size_t blobs_missing;                /* named by a tree but absent (a partial clone): not searched */
    uint64_t duration_ms;
    VEC(history_secret) secrets;         /* sorted by file, line, rule */
    struct redact_map *values;           /* the secrets' values (redact.h), for the scan's redaction */
} history_result;

typedef struct history_options {
    const char *path;        /* the repository's top folder (the scanned folder) */
    const ruleset *rules;    /* its secret rules run on every blob */
    size_t max_file_size;    /* larger blobs are counted, not read */
    int jobs;                /* worker threads; 0 = one per core */
    bool no_suppress;        /* aiready-ignore comments in the blob are not honoured */
} history_options;

/* Returns 0, or -1 with *err set (not a git repository, unreadable objects...). The
 * secrets' strings are redacted with each blob's own secrets; the scan then redacts them
 * with every secret of the scan (scan_redact.h), and out->values joins those secrets. */
int history_scan(const history_options *opt, history_result *out, char **err);

/* Marks the secrets the working-tree scan also found (same fingerprint, or the same
 * redacted secret under the same rule), and appends a finding for each secret found
 * only in history to *findings (the caller sorts). Returns how many were appended. */
size_t history_merge(history_result *h, finding_list *findings);

void history_result_free(history_result *h);

#endif
