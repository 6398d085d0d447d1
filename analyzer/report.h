/* report: every output format, each written from the same resolved scan_result. */
#ifndef AIREADY_REPORT_H
#define AIREADY_REPORT_H

#include <stdbool.h>

#include "buf.h"
#include "gate.h"
#include "scan.h"

typedef struct report_options {
    bool color;    /* ANSI colour (text only) */
    bool verbose;  /* list all evidence (text only) */
    const char *tool_version;
    const gate_outcomes *gates; /* --fail-on results; NULL or empty when no gate was asked */
    const char *doc_base;       /* SARIF helpUri / HTML links: where docs/ is; NULL: relative "docs/" */
    const calls_catalog *calls; /* the SDK catalog (CycloneDX service endpoints); may be NULL */
    size_t markdown_limit;      /* Markdown: at most this many bytes, the rest summarised; 0: no limit */
    const ruleset *rules;       /* the rules of the scan, for rule-level text (SARIF); may be NULL */
    size_t width;               /* text: wrap prose at this column; 0: never */
} report_options;

void report_json(const scan_result *r, const report_options *o, buf *out);
void report_text(const scan_result *r, const report_options *o, buf *out);
/* SARIF 2.1.0 for GitHub code scanning (docs/reports.md). */
void report_sarif(const scan_result *r, const report_options *o, buf *out);
/* GitHub-flavoured Markdown: pull-request comments and due-diligence write-ups. Within
 * o->markdown_limit bytes: the decision, gates, blockers and new findings first, then the
 * pillars; what does not fit is summarised with counts and a note. */
void report_markdown(const scan_result *r, const report_options *o, buf *out);
/* One self-contained HTML file: no external scripts, fonts or images. */
void report_html(const scan_result *r, const report_options *o, buf *out);

/* The "history" object of the JSON report (report_history.c). */
struct json_writer;
struct history_result;
void report_json_history(struct json_writer *w, const struct history_result *h);

/* CycloneDX 1.6 JSON: the AI bill of materials (docs/aibom.md). */
void report_cyclonedx(const scan_result *r, const report_options *o, buf *out);

/* Shared by the formats (report_common.c). */
const char *report_decision_label(score_decision d); /* "Ship", "Refactor", "Rebuild" */
const char *report_risk_label(score_risk r);         /* "Strong", "Moderate", "High", "Critical" */
/* "Decision: Refactor  score 31/50  risk moderate  2 blockers, 12 to review" (no newline):
 * the line --quiet prints and the text report leads with. */
void report_decision_line(const scan_result *r, buf *out);
/* The user's own mistakes the scan found, one line each (report_warn.c): a suppression
 * comment that suppresses nothing, an attestation not used, a waiver not applied. Every
 * format shows them; the command line repeats them on standard error. */
typedef VEC(char *) report_warnings;
void report_warnings_collect(const scan_result *r, report_warnings *out);
void report_warnings_free(report_warnings *w);

/* Whether finding i of r matched the baseline. */
bool report_baselined(const scan_result *r, size_t i);
/* The documentation link of an item: BASE/items.md#item-N (BASE defaults to "docs"). */
void report_item_url(const report_options *o, int item, buf *out);

#endif
