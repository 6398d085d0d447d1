/* items: resolving each checklist item's status from findings, model calls and
 * attestations. The rules are in docs/scoring.md ("Item status"). */
#ifndef AIREADY_ITEMS_H
#define AIREADY_ITEMS_H

#include <stdbool.h>
#include <stddef.h>

#include "attest.h"
#include "calls.h"
#include "checklist.h"
#include "finding.h"

typedef enum item_status {
    ITEM_READY = 0,
    ITEM_NEEDS_REVIEW,
    ITEM_BLOCKER,
    ITEM_NOT_APPLICABLE,
    ITEM_STATUS_COUNT
} item_status;

/* What the status rests on: the analyzer's own detection, a human attestation, or
 * nothing (Needs Review with no evidence at all). */
typedef enum item_basis { BASIS_NONE = 0, BASIS_DETECTED, BASIS_ATTESTED } item_basis;

typedef struct resolved_item {
    int id, pillar;
    const char *title;      /* borrowed from the checklist */
    item_status status;
    item_basis basis;
    char *summary;          /* one paragraph: why this status / what to check */
    size_t *evidence;       /* indices into the findings array, ascending */
    size_t n_evidence;
    size_t n_supporting;    /* of the evidence: effect supports */
    size_t n_proving;       /* of those: strong enough, from a place that can prove the item */
    size_t n_violating;     /* effect violates, any severity */
    size_t n_blocking;      /* effect violates, severity blocker, in operative code or config */
    size_t n_warning;       /* effect violates, severity warning (or a blocker found outside operative
                             * code and config): keeps a violation item from Ready */
    size_t *grounds;        /* what the status rests on: the proving findings of a detected Ready,
                             * the blocking findings of a Blocker; indices into findings */
    size_t n_grounds;
    bool coverage_judged;   /* the status was judged over model calls */
    size_t covered, total;  /* model calls satisfying the attribute / all model calls */
    long attestation;       /* index of the attestation used, or -1 */
    long rejected_attestation; /* index of the first attestation not used, or -1 */
    char *rejection;        /* why that one was not used; NULL when none */
} resolved_item;

typedef struct resolved_items {
    resolved_item items[CHECKLIST_ITEMS]; /* items[i].id == i + 1 */
} resolved_items;

/* Resolves all 50 items. f/calls/att may be NULL when their count is 0. The result
 * refers to cl (titles) and indexes f and att: keep them alive while it is used. */
void items_resolve(const checklist *cl, const finding *f, size_t nf,
                   const model_call *calls, size_t nc,
                   const attestation *att, size_t na, resolved_items *out);
void items_free(resolved_items *r);

/* Whether a finding proves the item: it supports it, its rule's strength is `proves`, and
 * it comes from a place the item's `proof:` accepts (provenance.h). */
bool items_finding_proves(const checklist_item *it, const finding *f);
/* Whether a finding blocks launch for item it: a violating blocker in operative code or
 * applied configuration. The same finding in documentation or other text is only a
 * warning, unless its rule is one of the item's `evidence.published` rules (the file
 * being published is the defect: a committed database of users). it may be NULL. */
bool items_finding_blocks(const checklist_item *it, const finding *f);
/* Whether f comes from operative code or applied configuration (provenance.h). */
bool items_finding_operative(const finding *f);

/* True when the item had any evidence at all: a finding or a model call judged. */
bool items_has_evidence(const resolved_item *r);
/* Whether one model call satisfies a coverage attribute (docs/checklist-format.md). */
bool items_call_satisfies(const model_call *c, checklist_attribute a);

const char *items_status_name(item_status s); /* "ready", "needs_review", ... */
const char *items_status_label(item_status s); /* "Ready", "Needs Review", ... */
const char *items_basis_name(item_basis b);   /* "none", "detected", "attested" */

#endif
