/* explain_rule: `aiready explain RULE_ID` — what a rule looks for, which items it bears
 * on, how severe it is and how to fix what it finds. Rules from rule files are described
 * from the loaded ruleset; the ids the analysis stages emit from code (model-call.*,
 * ci.*, aiready.*) point at the document that defines them. */
#include <string.h>

#include "explain.h"
#include "rules.h"

static void put_items(const checklist *cl, const uint8_t *items, uint8_t n, buf *out)
{
    for (uint8_t i = 0; i < n; i++) {
        const checklist_item *it = checklist_item_get(cl, items[i]);
        buf_printf(out, "  %2u. %s\n", items[i], it ? it->title : "(unknown item)");
    }
}

static void put_rule(const checklist *cl, const rule_info *ri, buf *out)
{
    buf_printf(out, "Rule %s\n", ri->id);
    buf_printf(out, "Defined in %s:%u (%s rule)\n\n", ri->file, ri->line, ri->kind);
    buf_printf(out, "What it finds\n  %s\n\n", ri->message);
    buf_printf(out, "Effect: %s   Severity: %s\n\n", effect_name(ri->effect), severity_name(ri->severity));
    buf_puts(out, "Checklist items it is evidence for\n");
    put_items(cl, ri->items, ri->n_items, out);
    if (ri->remediation) buf_printf(out, "\nHow to fix\n  %s\n", ri->remediation);
    buf_printf(out, "\nSee `aiready explain N` for an item, docs/rules.md for the rule format.\n");
}

/* Ids emitted by analysis stages written in C, and where each family is documented. */
static const struct { const char *prefix, *doc; } stage_rules[] = {
    {"model-call.", "the call-site analysis: docs/calls.md"},
    {"ci.", "the CI job analysis: docs/evidence.md"},
    {"aiready.", "suppression comments: docs/reports.md"},
};

bool explain_rule(const checklist *cl, const ruleset *rs, const char *id, buf *out)
{
    for (size_t i = 0; i < rules_count(rs); i++) {
        rule_info ri;
        rules_info(rs, i, &ri);
        if (strcmp(ri.id, id) == 0) {
            put_rule(cl, &ri, out);
            return true;
        }
    }
    for (size_t i = 0; i < sizeof stage_rules / sizeof *stage_rules; i++) {
        if (strncmp(id, stage_rules[i].prefix, strlen(stage_rules[i].prefix)) == 0) {
            buf_printf(out, "Rule %s\nEmitted by %s.\n", id, stage_rules[i].doc);
            return true;
        }
    }
    return false;
}
