/* explain: what a checklist item means, how aiready judges it and how to fix it —
 * as terminal text (`aiready explain ITEM`) or as Markdown (docs/items.md). */
#ifndef AIREADY_EXPLAIN_H
#define AIREADY_EXPLAIN_H

#include <stdbool.h>

#include "buf.h"
#include "checklist.h"

/* Parses an ITEM argument: "17", "#17" or "item17" / "item-17" (1..50). False for
 * anything else, so that the caller can try it as a rule id. */
bool explain_parse_item(const char *arg, int *item);

/* Terminal text for one item, wrapped at 80 columns. Unknown item: one line saying so. */
void explain_item(const checklist *cl, int item, buf *out);

/* Markdown for one item (a "### N. Title" section) and for the whole checklist
 * (docs/items.md: a preamble, then every pillar and item in order). */
void explain_item_markdown(const checklist *cl, int item, buf *out);
void explain_markdown(const checklist *cl, buf *out);

/* `aiready explain RULE_ID` (explain_rule.c): false when no rule has that id. rs may be
 * NULL (only the ids the analysis stages emit are known then); rules_dir, when given, is
 * shown as "rules" in the paths of rule files. */
typedef struct ruleset ruleset;
bool explain_rule(const checklist *cl, const ruleset *rs, const char *rules_dir, const char *id, buf *out);

#endif
