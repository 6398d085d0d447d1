/* score: counting, risk level, weighted index and the decision (docs/scoring.md). */
#include "score.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "safe_text.h"

static const char *const risk_names[] = {"strong", "moderate", "high", "critical"};
static const char *const decision_names[] = {"ship", "refactor", "rebuild"};

const char *score_risk_name(score_risk r) { return (unsigned)r < 4 ? risk_names[r] : "?"; }
const char *score_decision_name(score_decision d) { return (unsigned)d < 3 ? decision_names[d] : "?"; }

/* ---- counting ------------------------------------------------------------------- */

static void count_item(score_result *s, const resolved_item *r)
{
    score_pillar *p = &s->pillars[r->pillar - 1];
    p->items++;
    switch (r->status) {
    case ITEM_READY: p->ready++; s->ready++; break;
    case ITEM_NOT_APPLICABLE: p->not_applicable++; s->not_applicable++; break;
    case ITEM_NEEDS_REVIEW: p->needs_review++; s->needs_review++; break;
    case ITEM_BLOCKER: p->blockers++; s->blockers++; break;
    default: break;
    }
    if (r->status == ITEM_READY || r->status == ITEM_NOT_APPLICABLE) {
        p->met++;
        if (r->basis == BASIS_ATTESTED) p->attested++;
        else p->verified++;
    }
    if (items_has_evidence(r)) s->with_evidence++;
}

static void count_all(const checklist *cl, const resolved_items *ri, score_result *s)
{
    for (int p = 1; p <= CHECKLIST_PILLARS; p++) s->pillars[p - 1].weight = checklist_pillar_weight(cl, p);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *r = &ri->items[i];
        if (r->pillar >= 1 && r->pillar <= CHECKLIST_PILLARS) count_item(s, r);
    }
    for (int p = 0; p < CHECKLIST_PILLARS; p++) {
        s->verified += s->pillars[p].verified;
        s->attested += s->pillars[p].attested;
    }
    s->score = s->ready + s->not_applicable;
    s->ceiling = s->score + s->needs_review;
}

/* 100 x sum(weight_p x met_p) / sum(weight_p x items_p). */
static double weighted_index(const score_result *s)
{
    double num = 0, den = 0;
    for (int p = 0; p < CHECKLIST_PILLARS; p++) {
        num += s->pillars[p].weight * s->pillars[p].met;
        den += s->pillars[p].weight * s->pillars[p].items;
    }
    return den > 0 ? 100.0 * num / den : 0;
}

static score_risk risk_of(const score_result *s)
{
    if (s->pillars[3].blockers) return RISK_CRITICAL;
    if (s->score >= SCORE_SHIP_MIN) return RISK_STRONG;
    if (s->score >= SCORE_MODERATE_MIN) return RISK_MODERATE;
    return RISK_HIGH;
}

/* ---- reasons -------------------------------------------------------------------- */

typedef VEC(char *) reason_list;

static void add_reason(reason_list *l, buf *b)
{
    VEC_PUSH(l, buf_take(b));
}

/* "31, 33" — the ids of items with this status, in pillar p (0 = any). */
static unsigned item_list(const resolved_items *ri, item_status st, int p, buf *b)
{
    unsigned n = 0;
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *r = &ri->items[i];
        if (r->status != st || (p && r->pillar != p)) continue;
        buf_printf(b, "%s%d", n++ ? ", " : "", r->id);
    }
    return n;
}

static bool pillar_gap(const score_result *s, int p)
{
    return s->pillars[p - 1].met < SCORE_PILLAR_GAP;
}

/* " (RULE at FILE:LINE" for a finding: the file name as every report shows it. */
static void put_where(buf *b, const finding *x)
{
    buf_printf(b, "%s", x->rule ? x->rule : "?");
    if (x->file && *x->file) {
        buf_puts(b, " at ");
        safe_put(b, x->file, SAFE_PATH);
        buf_printf(b, ":%lu", (unsigned long)x->line);
    }
}

/* Rebuild, architecture: the core flow rests on something that cannot be made
 * production-grade without rewriting it (decision.architecture_rules: an unofficial,
 * reverse-engineered session API). Only a finding in operative code that is not an
 * alternative behind a setting (offswitch.h) counts: an optional backend is not the core. */
static void rebuild_architecture(const checklist *cl, const finding *f, size_t nf, reason_list *out)
{
    const checklist_globs *g = checklist_architecture_rules(cl);
    if (!g->len) return;
    for (size_t i = 0; i < nf; i++) {
        const finding *x = &f[i];
        if (x->effect != EFFECT_VIOLATES || x->gate_line || !x->rule || !checklist_globs_match(g, x->rule) ||
            !items_finding_operative(x))
            continue;
        buf b = {0};
        buf_puts(&b, "architecture: the core flow depends on ");
        buf_puts(&b, x->message && *x->message ? x->message : "an unsupported foundation");
        buf_puts(&b, " (");
        put_where(&b, x);
        buf_puts(&b, "): it cannot be hardened without rewriting the core");
        add_reason(out, &b);
        return; /* one such reason is enough; the report lists every finding */
    }
}

/* Rebuild, security: a Blocker rests on a finding from decision.rebuild_on_rules (model
 * output reaching code execution or a shell): removing it reshapes the core. */
static void rebuild_exec(const checklist *cl, const resolved_items *ri, const finding *f, size_t nf,
                         reason_list *out)
{
    const checklist_globs *g = checklist_rebuild_rules(cl);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *r = &ri->items[i];
        if (r->status != ITEM_BLOCKER) continue;
        for (size_t k = 0; k < r->n_grounds; k++) {
            if (r->grounds[k] >= nf) continue; /* not resolved against these findings */
            const finding *x = &f[r->grounds[k]];
            if (x->effect != EFFECT_VIOLATES || x->severity != SEV_BLOCKER || !x->rule ||
                !checklist_globs_match(g, x->rule))
                continue;
            buf b = {0};
            buf_puts(&b, "security: model output reaches code execution or a shell (");
            put_where(&b, x);
            buf_printf(&b, ", item %d): the design hands control to the model, and removing that reshapes the core",
                       r->id);
            add_reason(out, &b);
            return; /* one such reason is enough; the report lists every finding */
        }
    }
}

/* Rebuild 2: a foundation Blocker (decision.foundation_items; default every pillar-4 item)
 * on a missing architecture foundation. */
static void rebuild_foundation(const checklist *cl, const resolved_items *ri, const score_result *s,
                               reason_list *out)
{
    if (!pillar_gap(s, 1)) return;
    buf items = {0};
    unsigned n = 0;
    for (int i = 0; i < CHECKLIST_ITEMS; i++)
        if (ri->items[i].status == ITEM_BLOCKER && checklist_foundation_item(cl, ri->items[i].id))
            buf_printf(&items, "%s%d", n++ ? ", " : "", ri->items[i].id);
    if (n) {
        buf b = {0};
        buf_printf(&b, "Blocker in pillar 4 (items %s) while pillar 1 has only %u of %u items met: both foundations "
                   "fail together", items.data, s->pillars[0].met, s->pillars[0].items);
        add_reason(out, &b);
    }
    buf_free(&items);
}

/* The first finding a Blocker item rests on, or NULL. */
static const finding *first_ground(const resolved_item *r, const finding *f, size_t nf)
{
    for (size_t k = 0; k < r->n_grounds; k++)
        if (r->grounds[k] < nf) return &f[r->grounds[k]];
    return NULL;
}

/* Rebuild, security: Blockers in two or more separate security controls
 * (decision.control_groups; the shipped checklist: each pillar-4 item is its own control).
 * Not one local fix but a security foundation to redo; each is named with where it is. */
static void rebuild_controls(const checklist *cl, const resolved_items *ri, const finding *f, size_t nf,
                             reason_list *out)
{
    unsigned groups = 0;
    buf items = {0};
    for (int g = 1; g < 256; g++) {
        bool any = false;
        for (int i = 0; i < CHECKLIST_ITEMS; i++) {
            const resolved_item *r = &ri->items[i];
            if (r->status != ITEM_BLOCKER || checklist_control_group(cl, r->id) != g) continue;
            buf_printf(&items, "%sitem %d", any ? ", " : groups ? "; " : "", r->id);
            const finding *x = first_ground(r, f, nf);
            if (x && x->file && *x->file) {
                buf_puts(&items, " at ");
                safe_put(&items, x->file, SAFE_PATH);
                buf_printf(&items, ":%lu", (unsigned long)x->line);
            }
            any = true;
        }
        if (any) groups++;
    }
    if (groups >= 2) {
        buf b = {0};
        buf_printf(&b, "security: Blockers in %u separate security controls (%s): the security foundation fails in "
                   "more than one place, not one local fix", groups, items.data);
        add_reason(out, &b);
    }
    buf_free(&items);
}

/* Rebuild 3: under 25 with gaps in four or more pillars, the two foundations among them. */
static void rebuild_gaps(const score_result *s, reason_list *out)
{
    if (s->score >= SCORE_MODERATE_MIN || !pillar_gap(s, 1) || !pillar_gap(s, 4)) return;
    buf pillars = {0};
    unsigned n = 0;
    for (int p = 1; p <= CHECKLIST_PILLARS; p++)
        if (pillar_gap(s, p)) buf_printf(&pillars, "%s%d", n++ ? ", " : "", p);
    if (n >= 4) {
        buf b = {0};
        buf_printf(&b, "score %u of 50 is under %d with gaps in %u pillars (%s), including "
                   "pillars 1 and 4: no layer is production-ready to refactor around",
                   s->score, SCORE_MODERATE_MIN, n, pillars.data);
        add_reason(out, &b);
    }
    buf_free(&pillars);
}

/* "Blocker outside pillar 4 (items 9, 17): resolve before launch" — a reason of both Ship
 * and Refactor. */
static void outside_pillar4_reason(const resolved_items *ri, reason_list *out)
{
    buf b = {0};
    buf_puts(&b, "Blocker outside pillar 4 (items ");
    unsigned n = 0;
    for (int i = 0; i < CHECKLIST_ITEMS; i++)
        if (ri->items[i].status == ITEM_BLOCKER && ri->items[i].pillar != 4)
            buf_printf(&b, "%s%d", n++ ? ", " : "", ri->items[i].id);
    buf_puts(&b, "): resolve before launch");
    add_reason(out, &b);
}

static void ship_reasons(const resolved_items *ri, const score_result *s, reason_list *out)
{
    buf b = {0};
    buf_printf(&b, "score %u of 50 is %d or more", s->score, SCORE_SHIP_MIN);
    add_reason(out, &b);
    buf_puts(&b, "no Blocker in pillar 4, security and compliance");
    add_reason(out, &b);
    if (s->blockers) {
        outside_pillar4_reason(ri, out);
    }
}

static void refactor_reasons(const resolved_items *ri, const score_result *s, reason_list *out)
{
    buf b = {0};
    if (s->score < SCORE_SHIP_MIN) {
        buf_printf(&b, "score %u of 50 is under %d", s->score, SCORE_SHIP_MIN);
        add_reason(out, &b);
    }
    if (s->pillars[3].blockers) {
        buf_puts(&b, "Blocker in pillar 4, security and compliance (items ");
        item_list(ri, ITEM_BLOCKER, 4, &b);
        buf_puts(&b, "): do not launch until resolved");
        add_reason(out, &b);
    }
    if (s->blockers > s->pillars[3].blockers) {
        outside_pillar4_reason(ri, out);
    }
}

/* Rebuild when a foundation is incompatible with production (any trigger, each named with
 * file:line); otherwise Ship at 40 or more with no Blocker in pillar 4; otherwise Refactor. */
static void decide(const checklist *cl, const resolved_items *ri, const finding *f, size_t nf,
                   score_result *s)
{
    reason_list reasons = {0};
    rebuild_architecture(cl, f, nf, &reasons);
    rebuild_exec(cl, ri, f, nf, &reasons);
    rebuild_foundation(cl, ri, s, &reasons);
    rebuild_controls(cl, ri, f, nf, &reasons);
    if (checklist_rebuild_on_gaps(cl)) rebuild_gaps(s, &reasons);
    if (reasons.len) {
        s->decision = DECISION_REBUILD;
    } else if (s->score >= SCORE_SHIP_MIN && s->pillars[3].blockers == 0) {
        s->decision = DECISION_SHIP;
        ship_reasons(ri, s, &reasons);
    } else {
        s->decision = DECISION_REFACTOR;
        refactor_reasons(ri, s, &reasons);
    }
    s->reasons = reasons.items;
    s->n_reasons = reasons.len;
}

void score_compute(const checklist *cl, const resolved_items *ri,
                   const finding *f, size_t nf, score_result *out)
{
    memset(out, 0, sizeof *out);
    count_all(cl, ri, out);
    out->weighted_index = weighted_index(out);
    out->risk = risk_of(out);
    decide(cl, ri, f, nf, out);
}

void score_free(score_result *s)
{
    for (size_t i = 0; i < s->n_reasons; i++) free(s->reasons[i]);
    free(s->reasons);
    memset(s, 0, sizeof *s);
}
