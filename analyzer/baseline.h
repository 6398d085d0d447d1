/* baseline: a previous JSON report whose findings are known and accepted for now. Its
 * violating findings are matched to the current ones by fingerprint (never by line), so
 * a gate fails only on new findings. Semantics: docs/reports.md. */
#ifndef AIREADY_BASELINE_H
#define AIREADY_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "scan.h"

typedef struct baseline {
    char *file;           /* as given */
    char **fingerprints;  /* sorted, distinct: its violating findings (what a gate sets aside) */
    size_t n;
    finding *known;       /* every result the baseline report lists, suppressed ones too
                           * (SARIF baselineState), sorted by fingerprint, distinct */
    size_t n_known;
} baseline;

/* Reads an aiready JSON report (--format json). Returns 0, or -1 with *err set ("FILE:
 * what is wrong"; the CLI exits 2). */
int baseline_load(const char *path, baseline *out, char **err);
/* The same over text in memory; name is used in messages. */
int baseline_parse(const char *text, size_t len, const char *name, baseline *out, char **err);
bool baseline_contains(const baseline *b, const char *fingerprint);

/* Marks every violating finding of r whose fingerprint the baseline holds: sets
 * r->suppression.baselined and adds one SUPPRESS_BASELINE entry per finding to
 * r->suppression.list (kept sorted). Items and score are left as they are: a baselined
 * finding still counts for them; only gates set it aside (gate.h). Also gives every
 * finding and suppressed finding its baseline_state (r->suppression.states, .state) and
 * keeps the baseline's results that nothing matches now in r->suppression.absent. */
void baseline_apply(const baseline *b, scan_result *r);
void baseline_free(baseline *b);

#endif
