/* gate: `--fail-on blocker|critical|rebuild|score:N`, judged on the resolved result with
 * baselined findings set aside, so that only what is new can fail a build. Semantics:
 * docs/reports.md ("Gates"). */
#ifndef AIREADY_GATE_H
#define AIREADY_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "scan.h"

typedef enum gate_kind {
    GATE_BLOCKER = 0, /* any item is a Blocker */
    GATE_CRITICAL,    /* the risk level is critical (a Blocker in pillar 4) */
    GATE_REBUILD,     /* the decision is Rebuild */
    GATE_SCORE,       /* the score is under min_score */
} gate_kind;

typedef struct gate {
    gate_kind kind;
    unsigned min_score; /* GATE_SCORE: 0..50 */
} gate;

typedef struct gate_outcome {
    gate gate;
    bool failed;
    char *detail;       /* one line: why it failed, or what was checked */
} gate_outcome;

typedef VEC(gate_outcome) gate_outcomes;

/* Parses one gate ("blocker", "critical", "rebuild", "score:N"); false when malformed. */
bool gate_parse(const char *s, gate *out);
/* The gate as written: "blocker", "score:30". */
void gate_format(const gate *g, buf *out);

/* Judges every gate. Without a baseline on r, over r's items and score as reported; with
 * one, over items and a score resolved again from r's findings less the baselined ones.
 * When the repository's .aiready.yml excluded every file (r->repo.excluded_everything),
 * every gate fails: a scan of nothing cannot pass. */
void gate_evaluate(const scan_result *r, const gate *gates, size_t n, gate_outcomes *out);
bool gate_any_failed(const gate_outcomes *o);
void gate_outcomes_free(gate_outcomes *o);

#endif
