/* report_config: the repository configuration section of the text, Markdown and HTML
 * reports — one row per .aiready.yml entry with its line and what it did — built once
 * here and rendered (and escaped) by each format. The JSON and SARIF reports write the
 * whole view instead (report_json_repo_config). Semantics: repo_config.h. */
#ifndef AIREADY_REPORT_CONFIG_H
#define AIREADY_REPORT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "json.h"
#include "scan.h"

typedef struct config_row {
    uint32_t line;       /* in the configuration file; 0 for a summary row */
    const char *setting; /* "exclude", "disable", "rules", "waiver", "attestation" */
    char *value;         /* from the file (repository-controlled: escape it) */
    char *effect;        /* what it did; may quote the file (escape it too) */
    bool notable;        /* it changed the verdict: findings set aside or waived, items attested */
} config_row;

typedef VEC(config_row) config_rows;

/* The rows of r's applied configuration, in file order per setting. Without all, each
 * setting shows at most a screenful of entries — every entry that changed something,
 * then the first of the others — and one summary row for the rest. */
void report_config_rows(const scan_result *r, bool all, config_rows *out);
void report_config_rows_free(config_rows *rows);

/* One sentence on the file: "… was applied", "… was ignored (--no-suppress) …"; empty
 * when the root has none. */
void report_config_headline(const scan_result *r, buf *out);
/* One sentence when the file excluded every file, else nothing. */
void report_config_nothing_scanned(const scan_result *r, buf *out);

/* The whole view as a JSON object (the JSON report's "repository_config", the SARIF
 * run's properties.repositoryConfig). */
void report_json_repo_config(json_writer *w, const scan_result *r);

#endif
