/* explain_rule: `aiready explain RULE_ID` — what a rule looks for, which items it bears
 * on, how severe it is and how to fix what it finds. Rules from rule files are described
 * from the loaded ruleset; the ids the analysis stages emit from code (model-call.*,
 * access.model-endpoint-*, ci.*, aiready.*) from their rows in rule_text.c, with the
 * document that defines their findings. */
#include <string.h>

#include "explain.h"
#include "rule_text.h"
#include "rules.h"

static void put_items(const checklist *cl, const uint8_t *items, uint8_t n, buf *out)
{
    for (uint8_t i = 0; i < n; i++) {
        const checklist_item *it = checklist_item_get(cl, items[i]);
        buf_printf(out, "  %2u. %s\n", items[i], it ? it->title : "(unknown item)");
    }
}

/* A rule file's path as the reader knows it: rules/... for the shipped rules folder. */
static void put_file(const char *file, const char *rules_dir, buf *out)
{
    size_t n = rules_dir ? strlen(rules_dir) : 0;
    if (n && !strncmp(file, rules_dir, n) && file[n] == '/') buf_printf(out, "rules%s", file + n);
    else buf_puts(out, file);
}

static void put_rule(const checklist *cl, const rule_info *ri, const char *rules_dir, buf *out)
{
    buf_printf(out, "Rule %s\n", ri->id);
    buf_puts(out, "Defined in ");
    put_file(ri->file, rules_dir, out);
    buf_printf(out, ":%u (%s rule)\n\n", ri->line, ri->kind);
    buf_printf(out, "What it finds\n  %s\n\n", ri->message);
    buf_printf(out, "Effect: %s   Severity: %s\n\n", effect_name(ri->effect), severity_name(ri->severity));
    buf_puts(out, "Checklist items it is evidence for\n");
    put_items(cl, ri->items, ri->n_items, out);
    if (ri->remediation) buf_printf(out, "\nHow to fix\n  %s\n", ri->remediation);
    buf_printf(out, "\nSee `aiready explain N` for an item, docs/rules.md for the rule format.\n");
}

/* An id an analysis stage emits (rule_text.h): the same page, with where it comes from. */
static void put_stage_rule(const checklist *cl, const stage_rule *r, buf *out)
{
    buf_printf(out, "Rule %s\n", r->id);
    buf_printf(out, "Emitted by %s (no rule file): %s\n\n", r->stage, r->doc);
    buf_printf(out, "What it finds\n  %s\n\n", r->text.description);
    buf_printf(out, "Effect: %s   Severity: %s", effect_name(r->effect), severity_name(r->severity));
    if (r->severity_note) buf_printf(out, " (%s)", r->severity_note);
    buf_puts(out, "\n\n");
    if (r->n_items) {
        buf_puts(out, "Checklist items it is evidence for\n");
        put_items(cl, r->items, r->n_items, out);
    } else {
        buf_puts(out, "Checklist items it is evidence for\n  none: a warning about the repository's own aiready "
                      "settings; it changes no item\n");
    }
    buf_puts(out, "\nHow to fix\n  ");
    if (r->text.fix) buf_puts(out, r->text.fix);
    else if (r->effect == EFFECT_SUPPORTS) buf_puts(out, "Nothing to fix: its findings are evidence for the items above.");
    else buf_puts(out, "Nothing to fix on its own: its findings are context for the items' verdicts.");
    if (strncmp(r->id, "aiready.", 8)) {
        buf_printf(out, "\n\nSelect it with --only %s, or leave it out with --disable %s, `disable:` in "
                        ".aiready.yml, or for one finding `aiready-ignore: %s REASON`.\n", r->id, r->id, r->id);
        return;
    }
    /* aiready's warnings about the user's own settings: --only (what to analyse) keeps
     * them; the comments are read, and the attestations judged, before any of them is
     * made, so neither aiready-ignore nor (for attestations) `disable:` can hide them */
    buf_printf(out, "\n\nLeave it out with --disable %s%s; --only, which chooses what is analysed, keeps it.\n", r->id,
               strcmp(r->id, "aiready.attestation-rejected") ? " or `disable:` in .aiready.yml" : "");
}

bool explain_rule(const checklist *cl, const ruleset *rs, const char *rules_dir, const char *id, buf *out)
{
    for (size_t i = 0; rs && i < rules_count(rs); i++) {
        rule_info ri;
        rules_info(rs, i, &ri);
        if (strcmp(ri.id, id) == 0) {
            put_rule(cl, &ri, rules_dir, out);
            return true;
        }
    }
    const stage_rule *r = rule_text_stage_find(id);
    if (r) put_stage_rule(cl, r, out);
    return r != NULL;
}
