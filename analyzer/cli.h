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

/* One -o (or --also FORMAT=FILE): where a report goes and in which format. */
typedef struct cli_output {
    const char *path;            /* NULL: standard output ("-o -") */
    cli_format format;           /* --format, else the extension, else FORMAT_DEFAULT */
    bool fixed;                  /* --also FORMAT=FILE: format is FORMAT, whatever --format says */
} cli_output;

typedef struct cli_scan {
    const char *path;
    cli_format format;
    const char *output;          /* the first -o FILE; NULL for standard output (also "-o -") */
    VEC(cli_output) outputs;     /* every -o, in order; empty: one report on standard output */
    int jobs;
    size_t max_file_size;
    VEC(const char *) excludes;
    VEC(const char *) rule_dirs;
    VEC(const char *) only;
    VEC(const char *) disable;
    bool no_ignore;
    bool no_progress;
    bool verbose;
    bool quiet;                  /* -q: the decision line, gate results and errors only */
    VEC(gate) fail_on;           /* --fail-on, repeatable or comma-separated */
    const char *baseline;        /* --baseline FILE: a previous JSON report */
    bool no_suppress;            /* --no-suppress: ignore aiready-ignore comments, the baseline and .aiready.yml */
    bool no_repo_config;         /* --no-repo-config: ignore the scanned repository's .aiready.yml */
    size_t markdown_limit;       /* --markdown-limit SIZE (default 60000; 0: none) */
    const char *diff_ref;        /* --diff REF: report only lines changed between REF and HEAD */
    bool staged;                 /* --staged: only lines staged for commit (with --diff: since REF) */
    const char *doc_base;        /* --doc-base URL: where docs/ is published (SARIF helpUri, links) */
    uint32_t file_timeout_ms;    /* --file-timeout SECONDS: per-file time budget (0: none) */
    bool history;                /* --history: also search every blob of the git history for secrets */
} cli_scan;

/* The default --markdown-limit: under GitHub's 65,536-character comment limit. */
#define CLI_MARKDOWN_LIMIT 60000

/* Parses the arguments after "scan". Returns 0, or -1 with *err set (usage error). */
int cli_parse_scan(int argc, char **argv, cli_scan *out, char **err);
void cli_scan_free(cli_scan *c);
/* The format a file name asks for by its extension (.json .sarif .md .markdown .html .htm
 * .txt .cdx.json .cdx; the longest that matches), or FORMAT_DEFAULT. */
cli_format cli_format_for_path(const char *path);
/* The format of a --format name ("md" is "markdown"), or FORMAT_DEFAULT when unknown. */
cli_format cli_format_named(const char *name);
/* "2MB", "512k", "1048576" -> bytes; returns false when it is not a size. */
bool cli_parse_size(const char *s, size_t *out);

#endif
