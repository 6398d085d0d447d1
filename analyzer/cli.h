/* cli: command-line parsing for `aiready scan`, kept apart from main() so it is tested. */
#ifndef AIREADY_CLI_H
#define AIREADY_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "gate.h"

typedef enum cli_format {
    FORMAT_DEFAULT = 0, FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_MARKDOWN, FORMAT_HTML, FORMAT_CYCLONEDX
} cli_format;

typedef struct cli_extra_report {
    cli_format format;
    const char *file;
} cli_extra_report;

typedef struct cli_scan {
    const char *path;
    cli_format format;
    const char *output;          /* -o FILE; NULL for standard output (also "-o -") */
    int jobs;
    size_t max_file_size;
    VEC(const char *) excludes;
    VEC(const char *) rule_dirs;
    VEC(const char *) only;
    VEC(const char *) disable;
    bool no_ignore;
    bool no_progress;
    bool verbose;
    VEC(gate) fail_on;           /* --fail-on, repeatable or comma-separated */
    const char *baseline;        /* --baseline FILE: a previous JSON report */
    bool no_suppress;            /* --no-suppress: ignore aiready-ignore comments, the baseline and .aiready.yml */
    bool no_repo_config;         /* --no-repo-config: ignore the scanned repository's .aiready.yml */
    const char *doc_base;        /* --doc-base URL: where docs/ is published (SARIF helpUri, links) */
    uint32_t file_timeout_ms;    /* --file-timeout SECONDS: per-file time budget (0: none) */
    bool history;                /* --history: also search every blob of the git history for secrets */
    VEC(cli_extra_report) also;  /* --also FORMAT=FILE: more reports from the same scan */
} cli_scan;

/* Parses the arguments after "scan". Returns 0, or -1 with *err set (usage error). */
int cli_parse_scan(int argc, char **argv, cli_scan *out, char **err);
void cli_scan_free(cli_scan *c);
/* "2MB", "512k", "1048576" -> bytes; returns false when it is not a size. */
bool cli_parse_size(const char *s, size_t *out);

#endif
