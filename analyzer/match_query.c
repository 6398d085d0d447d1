/* match_query: tree-sitter query rules, their text predicates, inside / not_inside. */
#include <string.h>

#include "match_impl.h"

static bool text_eq(const source *s, TSNode n, const char *lit, size_t lit_len)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    return b - a == lit_len && memcmp(s->text + a, lit, lit_len) == 0;
}

static const TSQueryCapture *find_capture(const TSQueryMatch *m, uint32_t id)
{
    for (uint16_t i = 0; i < m->capture_count; i++)
        if (m->captures[i].index == id) return &m->captures[i];
    return NULL;
}

static bool regex_hit(match_state *ms, const pcre2_code *re, const source *s, TSNode n)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    return pcre2_match(re, (PCRE2_SPTR)(s->text + a), b - a, 0, 0, ms->md, NULL) >= 0;
}

/* One node of the predicate's capture. */
static bool pred_holds(match_state *ms, const predicate *p, const TSQueryMatch *m,
                       const source *s, TSNode n)
{
    switch (p->op) {
    case PRED_EQ:
    case PRED_NOT_EQ: {
        bool eq;
        if (p->rhs_capture >= 0) {
            const TSQueryCapture *o = find_capture(m, (uint32_t)p->rhs_capture);
            if (!o) return true;
            uint32_t a = ts_node_start_byte(o->node);
            eq = text_eq(s, n, s->text + a, ts_node_end_byte(o->node) - a);
        } else {
            eq = text_eq(s, n, p->literal, strlen(p->literal));
        }
        return p->op == PRED_EQ ? eq : !eq;
    }
    case PRED_MATCH:
        return regex_hit(ms, p->re, s, n);
    case PRED_NOT_MATCH:
        return !regex_hit(ms, p->re, s, n);
    case PRED_ANY_OF:
        for (size_t i = 0; i < p->values.len; i++)
            if (text_eq(s, n, p->values.items[i], strlen(p->values.items[i]))) return true;
        return false;
    }
    return false;
}

/* Every node of a quantified capture must satisfy the predicate; an absent
 * (optional) capture satisfies it. */
bool match_query_preds_ok(match_state *ms, const cquery *cq, const TSQueryMatch *m, const source *s)
{
    const predicate_list *pl = &cq->preds[m->pattern_index];
    for (size_t k = 0; k < pl->len; k++) {
        const predicate *p = &pl->items[k];
        for (uint16_t i = 0; i < m->capture_count; i++)
            if (m->captures[i].index == p->capture && !pred_holds(ms, p, m, s, m->captures[i].node))
                return false;
    }
    return true;
}

/* The node that locates a result: the named capture, else the first declared one. */
static TSNode locate(const cquery *cq, const TSQueryMatch *m)
{
    if (cq->locate >= 0) {
        const TSQueryCapture *c = find_capture(m, (uint32_t)cq->locate);
        if (c) return c->node;
    }
    const TSQueryCapture *best = &m->captures[0];
    for (uint16_t i = 1; i < m->capture_count; i++)
        if (m->captures[i].index < best->index) best = &m->captures[i];
    return best->node;
}

static void collect_scopes(match_state *ms, const cquery *cq, const source *s, const TSTree *tree,
                           range_list *out)
{
    out->len = 0;
    TSQueryMatch m;
    ts_query_cursor_exec(ms->scope_cursor, cq->q, ts_tree_root_node(tree));
    while (ts_query_cursor_next_match(ms->scope_cursor, &m)) {
        if (m.capture_count == 0 || !match_query_preds_ok(ms, cq, &m, s)) continue;
        TSNode n = locate(cq, &m);
        byte_range r = {ts_node_start_byte(n), ts_node_end_byte(n)};
        VEC_PUSH(out, r);
    }
}

static bool within(const range_list *scopes, uint32_t a, uint32_t b)
{
    for (size_t i = 0; i < scopes->len; i++)
        if (scopes->items[i].start <= a && b <= scopes->items[i].end) return true;
    return false;
}

static bool already(const range_list *l, uint32_t a, uint32_t b)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].start == a && l->items[i].end == b) return true;
    return false;
}

/* inside / not_inside, with each scope query run at most once per rule and file. */
static bool scope_ok(match_state *ms, const rule *r, const source *s, const TSTree *tree,
                     bool *scoped, uint32_t a, uint32_t b)
{
    if (!*scoped) {
        ms->inside.len = ms->not_inside.len = 0;
        if (r->has_inside) collect_scopes(ms, &r->inside[s->lang], s, tree, &ms->inside);
        if (r->has_not_inside) collect_scopes(ms, &r->not_inside[s->lang], s, tree, &ms->not_inside);
        *scoped = true;
    }
    if (r->has_inside && !within(&ms->inside, a, b)) return false;
    if (r->has_not_inside && within(&ms->not_inside, a, b)) return false;
    return true;
}

void match_query_rule(match_state *ms, const rule *r, const source *s, const TSTree *tree,
                      finding_list *out)
{
    const cquery *cq = &r->query[s->lang];
    bool scoped = false;
    ms->emitted.len = 0;
    TSQueryMatch m;
    ts_query_cursor_exec(ms->cursor, cq->q, ts_tree_root_node(tree));
    while (ts_query_cursor_next_match(ms->cursor, &m)) {
        if (m.capture_count == 0 || !match_query_preds_ok(ms, cq, &m, s)) continue;
        TSNode n = locate(cq, &m);
        uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
        if (already(&ms->emitted, a, b)) continue;
        if ((r->has_inside || r->has_not_inside) && !scope_ok(ms, r, s, tree, &scoped, a, b)) continue;
        byte_range br = {a, b};
        VEC_PUSH(&ms->emitted, br);
        match_hit h = {a, b, a, b, false};
        match_emit(r, s, &h, out, NULL);
    }
}
