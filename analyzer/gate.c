#include "gate.h"

#include <stdlib.h>
#include <string.h>

#include "safe_text.h"
#include "suppress.h"

bool gate_parse(const char *s, gate *out)
{
    memset(out, 0, sizeof *out);
    if (!strcmp(s, "blocker")) out->kind = GATE_BLOCKER;
    else if (!strcmp(s, "critical")) out->kind = GATE_CRITICAL;
    else if (!strcmp(s, "rebuild")) out->kind = GATE_REBUILD;
    else if (!strncmp(s, "score:", 6)) {
        const char *p = s + 6;
        if (!*p || strlen(p) > 2) return false;
        unsigned v = 0;
        for (; *p; p++) {
            if (*p < '0' || *p > '9') return false;
            v = v * 10 + (unsigned)(*p - '0');
        }
        if (v > CHECKLIST_ITEMS) return false;
        out->kind = GATE_SCORE;
        out->min_score = v;
    } else return false;
    return true;
}

void gate_format(const gate *g, buf *out)
{
    switch (g->kind) {
    case GATE_BLOCKER: buf_puts(out, "blocker"); break;
    case GATE_CRITICAL: buf_puts(out, "critical"); break;
    case GATE_REBUILD: buf_puts(out, "rebuild"); break;
    case GATE_SCORE: buf_printf(out, "score:%u", g->min_score); break;
    }
}

/* What the gates judge: the reported verdict, or one resolved again without the
 * baselined findings. */
typedef struct gate_view {
    const finding *findings;
    size_t n_findings;
    const resolved_items *items;
    const score_result *score;
    size_t set_aside;         /* baselined findings left out */
    bool changed_only;        /* blocker and critical judged on the findings of changed lines
                               * (--diff / --staged); rebuild and score on the whole tree's */
    const score_result *whole_score;
    /* owned when re-resolved */
    finding *own_findings;
    resolved_items own_items;
    score_result own_score;
    bool owned;
} gate_view;

static void view_init(gate_view *v, const scan_result *r)
{
    memset(v, 0, sizeof *v);
    v->findings = r->findings.items;
    v->n_findings = r->findings.len;
    v->items = &r->items;
    v->score = &r->score;
    const bool *bl = r->suppression.baselined;
    if (!r->checklist) return;
    for (size_t i = 0; bl && i < r->findings.len; i++) v->set_aside += bl[i];
    /* --diff / --staged: the items as the changed lines alone would make them */
    v->changed_only = r->changed_only;
    v->whole_score = &r->score;
    if (!v->set_aside && !v->changed_only) return;
    /* shallow copies: the strings stay owned by r */
    v->own_findings = xcalloc(r->findings.len + 1, sizeof *v->own_findings);
    size_t n = 0;
    for (size_t i = 0; i < r->findings.len; i++)
        if (!bl || !bl[i]) v->own_findings[n++] = r->findings.items[i];
    /* the same inputs as scan.c's resolve_verdict, less the baselined findings (waivers
     * are already applied to the findings) */
    const attestation *att = r->config ? r->config->attestations : NULL;
    size_t n_att = r->config ? r->config->n_attestations : 0;
    items_resolve(r->checklist, v->own_findings, n, r->calls.items, r->calls.len, att, n_att, &v->own_items);
    score_compute(r->checklist, &v->own_items, v->own_findings, n, &v->own_score);
    v->findings = v->own_findings;
    v->n_findings = n;
    v->items = &v->own_items;
    v->score = &v->own_score;
    v->owned = true;
}

static void view_free(gate_view *v)
{
    if (!v->owned) return;
    items_free(&v->own_items);
    score_free(&v->own_score);
    free(v->own_findings);
}

/* The first blocker finding of an item, for the detail line. */
static const finding *first_blocker(const gate_view *v, const resolved_item *it)
{
    for (size_t k = 0; k < it->n_evidence; k++) {
        const finding *f = &v->findings[it->evidence[k]];
        if (f->effect == EFFECT_VIOLATES && f->severity == SEV_BLOCKER) return f;
    }
    return NULL;
}

static size_t list_blockers(const gate_view *v, int pillar, buf *out)
{
    size_t n = 0;
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &v->items->items[i];
        if (it->status != ITEM_BLOCKER || (pillar && it->pillar != pillar)) continue;
        buf_printf(out, "%s%d", n ? ", " : "", it->id);
        const finding *f = first_blocker(v, it);
        if (f && f->file && *f->file) {
            buf_printf(out, " (%s at ", f->rule);
            safe_put(out, f->file, SAFE_PATH); /* the file name as every report shows it */
            buf_printf(out, ":%u)", f->line);
        }
        else if (f) buf_printf(out, " (%s)", f->rule);
        n++;
    }
    return n;
}

static const char *decision_label(score_decision d)
{
    return d == DECISION_SHIP ? "Ship" : d == DECISION_REFACTOR ? "Refactor" : "Rebuild";
}

static void judge(const gate_view *v, const gate *g, gate_outcome *o)
{
    buf d = {0};
    const score_result *s = v->score;
    const char *news = v->changed_only ? " on changed lines" : v->set_aside ? " on new findings" : "";
    buf list = {0};
    size_t n;
    switch (g->kind) {
    case GATE_BLOCKER:
        n = list_blockers(v, 0, &list);
        o->failed = n > 0;
        if (n) buf_printf(&d, "%zu item%s Blocker%s: %s", n, n == 1 ? " is a" : "s are", news, list.data);
        else buf_printf(&d, "no item is a Blocker%s", news);
        break;
    case GATE_CRITICAL:
        n = list_blockers(v, 4, &list);
        o->failed = s->risk == RISK_CRITICAL;
        if (o->failed) buf_printf(&d, "risk level is critical: Blocker%s in pillar 4: %s", news, list.data);
        else buf_printf(&d, "risk level is %s, not critical", score_risk_name(s->risk));
        break;
    case GATE_REBUILD:
        if (v->changed_only) s = v->whole_score;
        o->failed = s->decision == DECISION_REBUILD;
        buf_printf(&d, "decision is %s", decision_label(s->decision));
        if (o->failed && s->n_reasons) buf_printf(&d, ": %s", s->reasons[0]);
        break;
    case GATE_SCORE:
        if (v->changed_only) s = v->whole_score;
        o->failed = s->score < g->min_score;
        buf_printf(&d, "score %u of 50 is %s %u", s->score, o->failed ? "under" : "at least", g->min_score);
        break;
    }
    if (v->set_aside)
        buf_printf(&d, " (%zu baselined finding%s set aside)", v->set_aside, v->set_aside == 1 ? "" : "s");
    buf_free(&list);
    o->detail = buf_take(&d);
}

/* A scan that read nothing because the repository's own .aiready.yml excluded every file
 * proves nothing, so no gate passes on it (docs/config.md). */
static void judge_nothing_scanned(const scan_result *r, gate_outcome *o)
{
    buf d = {0};
    buf_printf(&d, "nothing was scanned: the repository's %s excludes every file (%zu path%s); "
                   "--no-repo-config ignores it", r->repo.file, r->repo.excluded_paths,
               r->repo.excluded_paths == 1 ? "" : "s");
    free(o->detail);
    o->detail = buf_take(&d);
    o->failed = true;
}

void gate_evaluate(const scan_result *r, const gate *gates, size_t n, gate_outcomes *out)
{
    if (!n) return;
    gate_view v;
    view_init(&v, r);
    for (size_t i = 0; i < n; i++) {
        gate_outcome o = {gates[i], false, NULL};
        judge(&v, &gates[i], &o);
        if (r->repo.excluded_everything) judge_nothing_scanned(r, &o);
        VEC_PUSH(out, o);
    }
    view_free(&v);
}

bool gate_any_failed(const gate_outcomes *o)
{
    for (size_t i = 0; i < o->len; i++)
        if (o->items[i].failed) return true;
    return false;
}

void gate_outcomes_free(gate_outcomes *o)
{
    for (size_t i = 0; i < o->len; i++) free(o->items[i].detail);
    VEC_FREE(o);
}
