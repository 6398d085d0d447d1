/* checklist: the 50 readiness items as data, loaded from rules/checklist.yaml.
 * The file format and its small condition language: docs/checklist-format.md. */
#ifndef AIREADY_CHECKLIST_H
#define AIREADY_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHECKLIST_ITEMS 50
#define CHECKLIST_PILLARS 5

/* How an item's status is resolved from its evidence (docs/checklist-format.md). */
typedef enum checklist_strategy {
    STRATEGY_PRESENCE = 0, /* any supporting evidence (every part, if parts are given) */
    STRATEGY_COVERAGE,     /* the share of model calls that satisfy an attribute */
    STRATEGY_VIOLATION,    /* blocker findings decide; otherwise the fallback strategy */
    STRATEGY_ATTESTATION,  /* only documents or an attestation can make it Ready */
    STRATEGY_COUNT
} checklist_strategy;

/* The per-call fact a coverage item counts (calls.h). */
typedef enum checklist_attribute {
    ATTR_NONE = 0,
    ATTR_LOGGED,           /* logged == true */
    ATTR_RETRY,            /* retry is "explicit" or "sdk-default" */
    ATTR_TIMEOUT,          /* timeout is "explicit" */
    ATTR_ERROR_HANDLED,    /* error_handled == true */
    ATTR_MAX_TOKENS,       /* max_tokens == true */
    ATTR_OUTPUT_VALIDATED, /* output_validated is "true" ("weak" does not count) */
    ATTR_MODEL_PINNED,     /* model_pinned == true */
    ATTR_PROMPT_VERSIONED, /* prompt_source is "file" or "registry" */
    ATTR_COUNT
} checklist_attribute;

/* What a coverage item does when no model call was detected: never Ready from nothing. */
typedef enum checklist_without_calls {
    WITHOUT_CALLS_NEEDS_REVIEW = 0, /* Needs Review (an attestation may still apply) */
    WITHOUT_CALLS_PRESENCE,         /* judge by supporting findings, as presence does */
} checklist_without_calls;

/* Which places can prove the item (provenance.h): technical items only operative code or
 * applied configuration, process items only the project's own documentation. */
typedef enum checklist_proof {
    PROOF_OPERATIVE = 0,     /* code or applied configuration (default for non-attestation items) */
    PROOF_DOCUMENTS,         /* the project's documentation (default for attestation items) */
    PROOF_OPERATIVE_OR_DOCS, /* either: a definition that may live in config or a document (SLOs) */
    PROOF_TESTS,             /* operative code, configuration or the project's tests (testing items) */
    PROOF_COUNT
} checklist_proof;

/* A list of rule-id globs: '*' matches any run of characters, all else is literal. */
typedef struct checklist_globs {
    char **items;
    size_t len;
} checklist_globs;

/* One half of a 2-part presence item: at least one supporting finding must match. */
typedef struct checklist_part {
    char *name;
    checklist_globs rules;
} checklist_part;

/* One item, read-only once loaded. Strings are never NULL unless stated. */
typedef struct checklist_item {
    int id;     /* 1..50 */
    int pillar; /* 1..5; items 1-10 are pillar 1, 11-20 pillar 2, ... */
    char *title;
    char *description;  /* one line: what the item means */
    char *ready_evidence;   /* in words: what detected evidence makes it Ready */
    char *blocker_evidence; /* in words: what makes it a Blocker; NULL when nothing specific */
    checklist_strategy strategy;
    checklist_strategy fallback;        /* violation only: presence|coverage|attestation */
    checklist_attribute attribute;      /* when coverage is the strategy or the fallback */
    checklist_without_calls without_calls;
    checklist_proof proof;              /* which places can prove it (`proof:`) */
    checklist_globs evidence_rules;     /* narrows evidence; empty: all findings naming the item */
    checklist_globs document_rules;     /* attestation: which supporting rules are documents */
    checklist_globs indicate_rules;     /* supporting findings of these rules only indicate this item */
    checklist_globs published_rules;    /* blocker findings of these rules block in any place */
    checklist_part *parts;              /* presence: every part needs evidence; may be empty */
    size_t n_parts;
    bool attest_ready;                  /* an attestation may make it Ready */
    bool attest_not_applicable;         /* an attestation may declare it not applicable */
    char *attestation_keywords;         /* PCRE2 pattern an attested document should match; may be NULL */
    bool has_na_condition;              /* not_applicable_when is given */
    checklist_globs na_no_evidence_from;/* condition: no finding anywhere from these rules */
    bool na_no_model_calls;             /* condition: no model call detected */
    char *na_reason;                    /* shown when the condition holds; NULL without one */
    char *needs_review;                 /* what a human should check */
    char *remediation;                  /* how to fix */
    uint32_t line;                      /* where the item starts in the file */
} checklist_item;

typedef struct checklist checklist;

/* Loads and validates a checklist file. On any problem returns NULL and sets *err to
 * one line per problem, each "FILE:LINE: problem" (caller frees; the CLI exits 2). */
checklist *checklist_load(const char *path, char **err);
/* The same over text in memory; name is used in messages (tests, embedded copies). */
checklist *checklist_parse(const char *text, size_t len, const char *name, char **err);
void checklist_free(checklist *cl);

/* The item with this id (1..50), or NULL. */
const checklist_item *checklist_item_get(const checklist *cl, int id);
const char *checklist_pillar_name(const checklist *cl, int pillar); /* NULL when out of range */
double checklist_pillar_weight(const checklist *cl, int pillar);    /* 0 when out of range */
/* Rule-id globs whose blocker findings mean "rebuild" (decision.rebuild_on_rules). */
const checklist_globs *checklist_rebuild_rules(const checklist *cl);
/* Rule-id globs of findings that show the core flow cannot be made production-grade
 * (decision.architecture_rules: an unofficial, reverse-engineered session API). */
const checklist_globs *checklist_architecture_rules(const checklist *cl);
/* Items whose Blocker, with pillar 1 under half met, means Rebuild (decision.foundation_items;
 * default: every pillar-4 item). */
bool checklist_foundation_item(const checklist *cl, int id);
/* The security control the item belongs to (decision.control_groups, 1-based), 0 for none:
 * Blockers in two or more controls mean Rebuild. */
int checklist_control_group(const checklist *cl, int id);
/* Whether "gaps in four pillars under 25" means Rebuild (decision.rebuild_on_gaps; default true). */
bool checklist_rebuild_on_gaps(const checklist *cl);

bool checklist_glob_match(const char *glob, const char *s);
bool checklist_globs_match(const checklist_globs *g, const char *s);

const char *checklist_strategy_name(checklist_strategy s);
const char *checklist_attribute_name(checklist_attribute a);
const char *checklist_without_calls_name(checklist_without_calls w);
const char *checklist_proof_name(checklist_proof p);

#endif
