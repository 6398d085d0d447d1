/* suppress: inline `aiready-ignore: RULE_ID reason` comments, and the list of every
 * suppression a scan honoured (inline, or by a baseline: baseline.h). The semantics are
 * in docs/reports.md ("Suppressions and baselines"). */
#ifndef AIREADY_SUPPRESS_H
#define AIREADY_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "finding.h"
#include "source.h"

/* The rule id of the warning for a malformed suppression comment. */
#define SUPPRESS_BAD_RULE "aiready.bad-suppression"
/* The rule id of the warning for a suppression comment naming an unknown rule id. */
#define SUPPRESS_UNKNOWN_RULE "aiready.unknown-suppression-rule"
/* The marker, as written in a comment. */
#define SUPPRESS_MARKER "aiready-ignore"

/* SUPPRESS_CONFIG: a finding of a rule the repository's .aiready.yml disables; the rule
 * still runs so that the report can show what was set aside (repo_config.h). */
typedef enum suppression_kind { SUPPRESS_INLINE = 0, SUPPRESS_BASELINE, SUPPRESS_CONFIG } suppression_kind;

/* A result against --baseline (SARIF baselineState): BASELINE_NONE without a baseline. */
typedef enum baseline_state {
    BASELINE_NONE = 0,
    BASELINE_NEW,       /* not in the baseline */
    BASELINE_UNCHANGED, /* in the baseline, the same message and severity */
    BASELINE_UPDATED,   /* in the baseline (same fingerprint) with another message or severity */
    BASELINE_ABSENT     /* in the baseline, gone now */
} baseline_state;

typedef struct suppression {
    suppression_kind kind;
    finding finding;       /* the finding suppressed (owned) */
    char *reason;          /* inline: the comment's reason, NULL when it gave none; baseline: NULL;
                            * config: "disabled by repository config (.aiready.yml:LINE)" */
    uint32_t comment_line; /* inline: the line of the comment; config: the disable entry's line; baseline: 0 */
    baseline_state state;  /* against --baseline */
} suppression;

typedef VEC(suppression) suppression_list;

/* What a scan did about suppressions; part of scan_result (scan.h). */
typedef struct suppression_state {
    suppression_list list;        /* every honoured suppression, sorted (suppression_compare) */
    bool ignored;                 /* --no-suppress: no comment and no baseline was read */
    char *baseline_file;          /* --baseline as given; NULL without one */
    size_t baseline_fingerprints; /* distinct fingerprints the baseline file holds */
    bool *baselined;              /* per finding index: matched the baseline; NULL without one */
    uint8_t *states;              /* per finding index: its baseline_state; NULL without one */
    finding_list absent;          /* results of the baseline that no finding matches now */
} suppression_state;

/* Applies the aiready-ignore comments of src to findings (all of them findings of
 * src->path): a finding whose rule a comment names is moved from findings to honoured
 * when the comment is on the finding's line, or stands alone on the line before (in a
 * comment block right above the finding's line). A finding not tied to a line (line 0)
 * is suppressed by a comment in the file's leading comment block. A comment that names no
 * rule id is not honoured; it adds an SUPPRESS_BAD_RULE warning to problems (appended
 * once findings has been filtered, so problems may be the findings list itself). */
void suppress_apply(const source *src, finding_list *findings, suppression_list *honoured,
                    finding_list *problems);

/* Adds a SUPPRESS_UNKNOWN_RULE warning to problems for every rule id an aiready-ignore
 * comment of src names that known() does not know (a misspelt id suppresses nothing). */
void suppress_check_ids(const source *src, bool (*known)(const char *id, const void *ctx), const void *ctx,
                        finding_list *problems);

/* A deep copy of a finding. */
finding suppress_copy_finding(const finding *f);

/* Orders suppressions like their findings (finding_compare), inline before baseline. */
int suppression_compare(const void *a, const void *b);
void suppression_list_free(suppression_list *l);
void suppression_state_free(suppression_state *s);

const char *suppression_kind_name(suppression_kind k); /* "inline", "baseline", "config" */

/* Counts of the list by kind. */
size_t suppression_count(const suppression_state *s, suppression_kind k);

#endif
