/* score: points, risk level, weighted index and the Ship / Refactor / Rebuild decision
 * with the reasons that triggered it. The rules are in docs/scoring.md. */
#ifndef AIREADY_SCORE_H
#define AIREADY_SCORE_H

#include <stddef.h>

#include "checklist.h"
#include "finding.h"
#include "items.h"

#define SCORE_SHIP_MIN 40     /* article: 40-50 strong */
#define SCORE_MODERATE_MIN 25 /* article: 25-39 moderate, under 25 high */
#define SCORE_PILLAR_GAP 5    /* a pillar with fewer items met than this has a gap */

typedef enum score_risk { RISK_STRONG = 0, RISK_MODERATE, RISK_HIGH, RISK_CRITICAL } score_risk;
typedef enum score_decision { DECISION_SHIP = 0, DECISION_REFACTOR, DECISION_REBUILD } score_decision;

typedef struct score_pillar {
    unsigned items;          /* items in the pillar (10) */
    unsigned ready;          /* Ready, any basis */
    unsigned not_applicable; /* Not applicable, any basis */
    unsigned needs_review;
    unsigned blockers;
    unsigned met;            /* ready + not_applicable */
    unsigned verified;       /* met on detected evidence */
    unsigned attested;       /* met on an attestation */
    double weight;           /* from the checklist's pillars */
} score_pillar;

typedef struct score_result {
    unsigned score;          /* Ready + Not applicable, out of 50: the attested score */
    unsigned verified;       /* the same counting detected evidence only */
    unsigned attested;       /* items met by an attestation (score - verified) */
    unsigned ready, not_applicable, needs_review, blockers;
    unsigned ceiling;        /* score if every Needs Review item were resolved */
    unsigned with_evidence;  /* items with any evidence (a finding or a model call judged) */
    double weighted_index;   /* 0..100, pillar weights applied (docs/scoring.md) */
    score_risk risk;
    score_decision decision;
    char **reasons;          /* why this decision, in rule order */
    size_t n_reasons;
    score_pillar pillars[CHECKLIST_PILLARS]; /* pillars[p - 1] */
} score_result;

/* f/nf are the findings the items were resolved from (for decision.rebuild_on_rules). */
void score_compute(const checklist *cl, const resolved_items *ri,
                   const finding *f, size_t nf, score_result *out);
void score_free(score_result *s);

const char *score_risk_name(score_risk r);         /* "strong", "moderate", "high", "critical" */
const char *score_decision_name(score_decision d); /* "ship", "refactor", "rebuild" */

#endif
