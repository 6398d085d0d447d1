/* rule_text: what a rule finds and how to fix it, in words that hold for every finding of
 * the rule (no file, line or value of one finding): for SARIF rule descriptions and
 * `aiready explain`. Rules from rule files answer with their own message and remediation;
 * the ids the analysis stages emit from C (model-call.*, access.*, aiready.*) from a
 * table here. */
#ifndef AIREADY_RULE_TEXT_H
#define AIREADY_RULE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules.h"

typedef struct rule_text {
    const char *description;  /* one sentence */
    const char *fix;          /* may be NULL */
} rule_text;

/* A rule id an analysis stage emits from C (no rule file): listed by `aiready rules list`,
 * selected by --only / --disable (rules_select.also_known), explained by `aiready
 * explain`, described in SARIF. */
typedef struct stage_rule {
    const char *id;
    const char *stage;        /* "the call-site analysis" */
    const char *doc;          /* the document (and section) defining its findings */
    effect effect;
    severity severity;        /* the highest a finding of it is given */
    const char *severity_note;/* when some findings are given less; NULL: all have severity */
    uint8_t items[4];         /* the checklist items its findings bear on */
    uint8_t n_items;
    rule_text text;
} stage_rule;

size_t rule_text_stage_count(void);
const stage_rule *rule_text_stage(size_t i);     /* NULL past the end */
const stage_rule *rule_text_stage_find(const char *id);
/* Whether id is one the analysis stages emit (rules_select.also_known). */
bool rule_text_is_stage(const char *id);
/* The row as a rule_info (kind "stage", file its document, line 0). */
void rule_text_stage_info(const stage_rule *r, rule_info *out);

/* rs may be NULL (then only the stage table answers). Returns false for an unknown id. */
bool rule_text_lookup(const ruleset *rs, const char *id, rule_text *out);

/* The rule-level facts of id (items, effect, severity, texts): a loaded rule of rs (may be
 * NULL) or a stage row. False for an unknown id. */
bool rule_text_info(const ruleset *rs, const char *id, rule_info *out);

/* Whether id is a rule: one of rs's (rules_knows) or one the analysis stages emit. */
bool rule_text_known(const ruleset *rs, const char *id);

#endif
