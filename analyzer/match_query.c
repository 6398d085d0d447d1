/* match_query: the combined query of a file's language, its text predicates, and the
 * inside / not_inside scopes of each rule. */
#include <stdlib.h>
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
    int rc = pcre2_match(re, (PCRE2_SPTR)(s->text + a), b - a, 0, 0, ms->md, ms->limits);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH && !ms->pred_errors++) ms->pred_error_line = ts_node_start_point(n).row + 1;
    return rc >= 0;
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
static bool preds_ok(match_state *ms, const predicate_list *pl, const TSQueryMatch *m, const source *s)
{
    for (size_t k = 0; k < pl->len; k++) {
        const predicate *p = &pl->items[k];
        for (uint16_t i = 0; i < m->capture_count; i++)
            if (m->captures[i].index == p->capture && !pred_holds(ms, p, m, s, m->captures[i].node))
                return false;
    }
    return true;
}

/* The node that locates a result: the named capture, else the first declared one. */
static TSNode locate(const pattern_user *u, const TSQueryMatch *m)
{
    if (u->locate >= 0) {
        const TSQueryCapture *c = find_capture(m, (uint32_t)u->locate);
        if (c) return c->node;
    }
    const TSQueryCapture *best = &m->captures[0];
    for (uint16_t i = 1; i < m->capture_count; i++)
        if (m->captures[i].index < best->index) best = &m->captures[i];
    return best->node;
}

static int cmp_hit(const void *pa, const void *pb)
{
    const query_hit *a = pa, *b = pb;
    if (a->rule != b->rule) return a->rule < b->rule ? -1 : 1;
    if (a->role != b->role) return a->role < b->role ? -1 : 1;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return a->end < b->end ? -1 : a->end > b->end;
}

/* hits[from..to) are one rule's, sorted by role: is [a, b) within one of its scopes? */
static bool within(const query_hit *hits, size_t from, size_t to, query_role role, uint32_t a, uint32_t b)
{
    for (size_t i = from; i < to; i++)
        if (hits[i].role == role && hits[i].start <= a && b <= hits[i].end) return true;
    return false;
}

static void emit_rule(match_state *ms, const rule *r, const source *s, const query_hit *hits, size_t from,
                      size_t to, finding_list *out)
{
    bool inside = r->query[ROLE_INSIDE].text, not_inside = r->query[ROLE_NOT_INSIDE].text;
    size_t first = out->len;
    for (size_t i = from; i < to && hits[i].role == ROLE_MATCH; i++) {
        const query_hit *h = &hits[i];
        if (out->len - first >= BOUNDS_FINDINGS_PER_FILE) {
            bounds_note(&ms->notes, "rule %s: stopped at line %u after %d findings in this file", r->id,
                        source_line_of(s, h->start), BOUNDS_FINDINGS_PER_FILE);
            break;
        }
        if (i > from && h->start == h[-1].start && h->end == h[-1].end) continue; /* repeat */
        if (inside && !within(hits, from, to, ROLE_INSIDE, h->start, h->end)) continue;
        if (not_inside && within(hits, from, to, ROLE_NOT_INSIDE, h->start, h->end)) continue;
        match_hit mh = {h->start, h->end, h->start, h->end, false};
        match_emit(r, s, &mh, out, NULL);
    }
}

/* tree-sitter's progress callback of a query: true stops it. */
static bool query_past_deadline(TSQueryCursorState *state)
{
    match_state *ms = state->payload;
    if (!ms->timed_out && bounds_expired(ms->deadline)) ms->timed_out = true;
    return ms->timed_out;
}

/* Collects the hits of the query run from node n. */
static void run_at(match_state *ms, const lang_query *lq, const source *s, TSNode n)
{
    TSQueryMatch m;
    TSQueryCursorOptions opt = {ms, query_past_deadline};
    ts_query_cursor_exec_with_options(ms->cursor, lq->q, n, ms->deadline ? &opt : NULL);
    while (!ms->timed_out && ts_query_cursor_next_match(ms->cursor, &m)) {
        if (m.capture_count == 0) continue;
        const pattern_user_list *ul = &lq->pats[m.pattern_index];
        for (size_t i = 0; i < ul->len; i++) {
            const pattern_user *u = &ul->items[i];
            if (u->rule == NO_RULE || !ms->active[u->rule] || !preds_ok(ms, &u->preds, &m, s)) continue;
            TSNode at = locate(u, &m);
            query_hit h = {u->rule, u->role, ts_node_start_byte(at), ts_node_end_byte(at)};
            VEC_PUSH(&ms->hits, h);
        }
    }
}

/* Does one of the gate's words lie within [a, b)? Patterns whose predicates compare a
 * capture with literals can only match a node that contains one of them. */
static bool gate_open(const match_state *ms, const struct node_gate *g, uint32_t a, uint32_t b)
{
    if (g->always) return true;
    const word_at *w = ms->words.items;
    size_t lo = 0, hi = ms->words.len;
    while (lo < hi) { /* first word ending after a */
        size_t mid = lo + (hi - lo) / 2;
        if (w[mid].end <= a) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < ms->words.len && w[i].end <= b; i++)
        if (g->words[w[i].id] && w[i].end - prefilter_len(ms->rs->pf, w[i].id) >= a) return true;
    return false;
}

/* The gates of this file (match_state's gate_live, live_always, live_at): a gate is live
 * when a rule active on the file uses one of its patterns. Each pattern user's words are
 * needed for that user's match (rules_query.c), so a subtree holding none of the active
 * users' words holds no node where an active rule can match, unless an active user has
 * no known word (live_always). False: no gate is live, no node needs a query run. */
static bool live_gates(match_state *ms, const lang_query *lq)
{
    size_t ng = lq->gates.len + 1;
    if (ms->gate_live_cap < ng) {
        ms->gate_live = xrealloc(ms->gate_live, ng);
        ms->gate_live_cap = ng;
    }
    memset(ms->gate_live, 0, ng);
    memset(ms->live_word, 0, prefilter_count(ms->rs->pf) + 1);
    ms->live_always = false;
    bool any = false;
    for (size_t i = 0; i < lq->root_pairs.len; i++) {
        const pattern_user_list *ul = &lq->pats[lq->root_pairs.items[i].pattern];
        for (size_t k = 0; k < ul->len; k++) {
            const pattern_user *u = &ul->items[k];
            if (u->rule == NO_RULE || !ms->active[u->rule]) continue;
            ms->gate_live[lq->roots[lq->root_pairs.items[i].symbol]] = 1;
            any = true;
            if (!u->n_words) ms->live_always = true;
            for (size_t w = 0; w < u->n_words; w++) ms->live_word[u->words[w]] = 1;
        }
    }
    ms->live_at.len = 0;
    if (any && !ms->live_always)
        for (size_t i = 0; i < ms->words.len; i++) {
            const word_at *w = &ms->words.items[i];
            if (!ms->live_word[w->id]) continue;
            byte_range r = {w->end - (uint32_t)prefilter_len(ms->rs->pf, w->id), w->end};
            VEC_PUSH(&ms->live_at, r);
        }
    return any;
}

/* Does a word of an active user lie within [a, b)? (live_at is ordered by end.) */
static bool live_within(const match_state *ms, uint32_t a, uint32_t b)
{
    if (ms->live_always) return true;
    const byte_range *w = ms->live_at.items;
    size_t lo = 0, hi = ms->live_at.len;
    while (lo < hi) { /* first word ending after a */
        size_t mid = lo + (hi - lo) / 2;
        if (w[mid].end <= a) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < ms->live_at.len && w[i].end <= b; i++)
        if (w[i].start >= a) return true;
    return false;
}

/* Visits the nodes where some pattern can start and runs the query there alone (a
 * start depth of 0 keeps tree-sitter from descending further than the pattern needs):
 * cheaper than letting the query cursor walk every node of the tree. Only gates that
 * an active rule uses open, and a subtree without a word of the active rules is not
 * entered (live_gates). */
static void run_dispatched(match_state *ms, const lang_query *lq, const source *s, const TSTree *tree)
{
    if (!live_gates(ms, lq)) return;
    ts_query_cursor_set_max_start_depth(ms->cursor, 0);
    TSTreeCursor tc = ts_tree_cursor_new(ts_tree_root_node(tree));
    uint32_t visited = 0;
    for (bool down = true;;) {
        if (down) {
            TSNode n = ts_tree_cursor_current_node(&tc);
            if ((++visited & 1023) == 0 && !ms->timed_out && bounds_expired(ms->deadline)) ms->timed_out = true;
            if (ms->timed_out) {
                ms->timeout_line = ts_node_start_point(n).row + 1;
                break;
            }
            uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
            if (live_within(ms, a, b)) {
                TSSymbol sym = ts_node_symbol(n); /* ERROR nodes are beyond the table */
                uint16_t g = sym < lq->n_symbols ? lq->roots[sym] : 0;
                if (g && ms->gate_live[g] && gate_open(ms, &lq->gates.items[g - 1], a, b)) run_at(ms, lq, s, n);
                if (ts_tree_cursor_goto_first_child(&tc)) continue;
            }
        }
        down = ts_tree_cursor_goto_next_sibling(&tc);
        if (!down && !ts_tree_cursor_goto_parent(&tc)) break;
    }
    ts_tree_cursor_delete(&tc);
}

/* Says which limits the query rules reached on this file. */
static void note_query_limits(match_state *ms)
{
    if (ms->timed_out && ms->timeout_line)
        bounds_note(&ms->notes, "query rules stopped near line %u at the per-file time limit (--file-timeout); "
                    "matches after that point were not looked for", ms->timeout_line);
    else if (ms->timed_out)
        bounds_note(&ms->notes, "query rules stopped at the per-file time limit (--file-timeout); some "
                    "matches were not looked for");
    if (ms->pred_errors)
        bounds_note(&ms->notes, "a #match? regex of a query rule hit a PCRE2 limit %u time(s) (first at line %u); "
                    "those nodes were taken as not matching", ms->pred_errors, ms->pred_error_line);
}

void match_queries(match_state *ms, const source *s, const TSTree *tree, finding_list *out)
{
    const lang_query *lq = &ms->rs->lq[s->lang];
    ms->hits.len = 0;
    ms->pred_errors = 0;
    ms->timeout_line = 0;
    if (lq->roots) {
        run_dispatched(ms, lq, s, tree);
    } else {
        ts_query_cursor_set_max_start_depth(ms->cursor, UINT32_MAX);
        run_at(ms, lq, s, ts_tree_root_node(tree));
    }
    note_query_limits(ms);
    if (ms->hits.len == 0) return;
    query_hit *hits = ms->hits.items;
    qsort(hits, ms->hits.len, sizeof *hits, cmp_hit);
    for (size_t from = 0, to; from < ms->hits.len; from = to) {
        for (to = from; to < ms->hits.len && hits[to].rule == hits[from].rule;) to++;
        emit_rule(ms, &ms->rs->rules.items[hits[from].rule], s, hits, from, to, out);
    }
}
