/* rule_text: what a rule finds and how to fix it, in words that hold for every finding of
 * the rule (no file, line or value of one finding): for SARIF rule descriptions and
 * `aiready explain`. Rules from rule files answer with their own message and remediation;
 * the ids the analysis stages emit from C (model-call.*, access.*, aiready.*) from a
 * table here. */
#ifndef AIREADY_RULE_TEXT_H
#define AIREADY_RULE_TEXT_H

#include <stdbool.h>

#include "rules.h"

typedef struct rule_text {
    const char *description;  /* one sentence */
    const char *fix;          /* may be NULL */
} rule_text;

/* rs may be NULL (then only the stage table answers). Returns false for an unknown id. */
bool rule_text_lookup(const ruleset *rs, const char *id, rule_text *out);

/* Whether id is a rule: one of rs's (rules_knows) or one the analysis stages emit. */
bool rule_text_known(const ruleset *rs, const char *id);

#endif
