/* rules_query: one tree-sitter query per language holding every query rule's patterns
 * (and their inside / not_inside scopes), with text predicates parsed per pattern.
 *
 * Walking a tree costs about as much per pass as a tenth of parsing it, so running each
 * rule's query separately would make the engine's cost grow with the number of rules;
 * one combined query walks each tree once. */
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "rules_impl.h"

/* Where one rule's query text sits inside the combined text. */
typedef struct segment {
    uint32_t rule;
    query_role role;
    uint32_t start, len;
} segment;

typedef VEC(segment) segment_list;

static const char *const role_key[ROLE_COUNT] = {"query", "inside", "not_inside"};
static const char *const role_capture[ROLE_COUNT] = {"match", "scope", "scope"};

/* --- errors -------------------------------------------------------------------- */

static const char *query_error_name(TSQueryError t)
{
    switch (t) {
    case TSQueryErrorSyntax: return "syntax error";
    case TSQueryErrorNodeType: return "unknown node type";
    case TSQueryErrorField: return "unknown field";
    case TSQueryErrorCapture: return "unknown capture";
    case TSQueryErrorStructure: return "impossible pattern structure";
    case TSQueryErrorLanguage: return "grammar version mismatch";
    default: return "error";
    }
}

static const query_src *src_of(const ruleset *rs, const segment *sg)
{
    return &rs->rules.items[sg->rule].query[sg->role];
}

/* Reports at the rule's own text; off is relative to the segment. */
static void error_in(const ruleset *rs, const segment *sg, uint32_t off, rules_errors *e,
                     const char *what, lang l, const char *tok, size_t tok_len)
{
    const query_src *q = src_of(rs, sg);
    uint32_t line, col;
    text_pos_at(&q->pos, q->text, off, &line, &col);
    const char *key = sg->role == ROLE_MATCH ? "query" : role_key[sg->role];
    if (tok) rules_error(e, q->pos.file, line, col, "%s (%s): %s at '%.*s'", key, lang_name(l), what,
                         (int)(tok_len > 40 ? 40 : tok_len), tok);
    else rules_error(e, q->pos.file, line, col, "%s (%s): %s", key, lang_name(l), what);
}

static size_t token_len(const char *t)
{
    size_t n = 0;
    while (t[n] && (t[n] == '_' || t[n] == '-' || t[n] == '.' || (t[n] >= 'a' && t[n] <= 'z') ||
                    (t[n] >= 'A' && t[n] <= 'Z') || (t[n] >= '0' && t[n] <= '9')))
        n++;
    return (n == 0 && t[0]) ? 1 : n;
}

static const segment *segment_at(const segment_list *sl, uint32_t off)
{
    const segment *found = NULL;
    for (size_t i = 0; i < sl->len; i++)
        if (sl->items[i].start <= off) found = &sl->items[i];
    return found;
}

/* --- building the combined text ------------------------------------------------ */

static void build_text(const ruleset *rs, lang l, const bool *failed, buf *text, segment_list *sl)
{
    text->len = 0;
    if (text->data) text->data[0] = '\0';
    sl->len = 0;
    for (size_t i = 0; i < rs->rules.len; i++) {
        const rule *r = &rs->rules.items[i];
        if (r->kind != RULE_QUERY || !r->langs[l] || failed[i]) continue;
        for (int role = 0; role < ROLE_COUNT; role++) {
            if (!r->query[role].text) continue;
            segment sg = {(uint32_t)i, (query_role)role, (uint32_t)text->len, (uint32_t)strlen(r->query[role].text)};
            VEC_PUSH(sl, sg);
            buf_puts(text, r->query[role].text);
            buf_putc(text, '\n');
        }
    }
}

/* Compiles; on an error, reports it at its rule, drops that rule and tries again, so
 * every broken rule is named once. */
static TSQuery *compile_lang(const ruleset *rs, lang l, bool *failed, buf *text, segment_list *sl,
                             rules_errors *e)
{
    for (;;) {
        build_text(rs, l, failed, text, sl);
        if (sl->len == 0) return NULL;
        uint32_t off = 0;
        TSQueryError err = TSQueryErrorNone;
        TSQuery *q = ts_query_new(parse_language(l), text->data, (uint32_t)text->len, &off, &err);
        if (q) return q;
        const segment *sg = segment_at(sl, off);
        const char *tok = text->data + off;
        error_in(rs, sg, off - sg->start, e, query_error_name(err), l, tok, token_len(tok));
        failed[sg->rule] = true;
    }
}

/* --- predicates ---------------------------------------------------------------- */

static char *string_step(const TSQuery *q, const TSQueryPredicateStep *s)
{
    uint32_t len;
    const char *v = ts_query_string_value_for_id(q, s->value_id, &len);
    return xstrndup(v, len);
}

static void predicate_free(predicate *p)
{
    free(p->literal);
    if (p->re) pcre2_code_free(p->re);
    for (size_t i = 0; i < p->values.len; i++) free(p->values.items[i]);
    VEC_FREE(&p->values);
}

static bool is_capture(const TSQueryPredicateStep *s) { return s->type == TSQueryPredicateStepTypeCapture; }
static bool is_string(const TSQueryPredicateStep *s) { return s->type == TSQueryPredicateStepTypeString; }

/* Fills out from one predicate (st[0] is the operator); returns a usage hint on error. */
static const char *parse_predicate(const TSQuery *q, const TSQueryPredicateStep *st, uint32_t n,
                                   const char *op, predicate *out, const text_pos *at, rules_errors *e,
                                   bool *regex_failed)
{
    memset(out, 0, sizeof *out);
    out->rhs_capture = -1;
    if (!strcmp(op, "eq?") || !strcmp(op, "not-eq?")) {
        out->op = op[0] == 'e' ? PRED_EQ : PRED_NOT_EQ;
        if (n != 3 || !is_capture(&st[1])) return "(#eq? @capture \"text\") or (#eq? @capture @other)";
        out->capture = st[1].value_id;
        if (is_capture(&st[2])) out->rhs_capture = (int32_t)st[2].value_id;
        else out->literal = string_step(q, &st[2]);
        return NULL;
    }
    if (!strcmp(op, "match?") || !strcmp(op, "not-match?")) {
        out->op = op[0] == 'm' ? PRED_MATCH : PRED_NOT_MATCH;
        if (n != 3 || !is_capture(&st[1]) || !is_string(&st[2])) return "(#match? @capture \"regex\")";
        out->capture = st[1].value_id;
        char *pat = string_step(q, &st[2]);
        out->re = rules_compile_regex(pat, 0, at, "#match? regex", e);
        free(pat);
        *regex_failed = out->re == NULL;
        return NULL;
    }
    out->op = PRED_ANY_OF;
    if (n < 3 || !is_capture(&st[1])) return "(#any-of? @capture \"a\" \"b\" ...)";
    out->capture = st[1].value_id;
    for (uint32_t i = 2; i < n; i++) {
        if (!is_string(&st[i])) return "(#any-of? @capture \"a\" \"b\" ...)";
        VEC_PUSH(&out->values, string_step(q, &st[i]));
    }
    return NULL;
}

static bool known_op(const char *op)
{
    return !strcmp(op, "eq?") || !strcmp(op, "not-eq?") || !strcmp(op, "match?") ||
           !strcmp(op, "not-match?") || !strcmp(op, "any-of?");
}

static bool parse_pattern_predicates(const TSQuery *q, uint32_t p, pattern_info *pi,
                                     const text_pos *at, rules_errors *e)
{
    uint32_t n;
    const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(q, p, &n);
    bool ok = true;
    for (uint32_t i = 0; i < n;) {
        uint32_t j = i;
        while (j < n && st[j].type != TSQueryPredicateStepTypeDone) j++;
        char *op = string_step(q, &st[i]);
        predicate pr;
        bool regex_failed = false;
        if (!known_op(op)) {
            rules_error(e, at->file, at->line, at->col,
                        "query: unsupported predicate #%s (supported: #eq? #not-eq? #match? #not-match? #any-of?)", op);
            ok = false;
        } else {
            const char *usage = parse_predicate(q, st + i, j - i, op, &pr, at, e, &regex_failed);
            if (usage) rules_error(e, at->file, at->line, at->col, "query: malformed #%s, expected %s", op, usage);
            if (usage || regex_failed) { predicate_free(&pr); ok = false; }
            else VEC_PUSH(&pi->preds, pr);
        }
        free(op);
        i = j + 1;
    }
    return ok;
}

/* --- captures ------------------------------------------------------------------ */

static int32_t capture_id(const TSQuery *q, const char *name)
{
    uint32_t n = ts_query_capture_count(q);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len;
        const char *s = ts_query_capture_name_for_id(q, i, &len);
        if (strlen(name) == len && memcmp(s, name, len) == 0) return (int32_t)i;
    }
    return -1;
}

static bool uses_capture(const TSQuery *q, uint32_t p, int32_t id)
{
    return id >= 0 && ts_query_capture_quantifier_for_id(q, p, (uint32_t)id) != TSQuantifierZero;
}

static bool has_any_capture(const TSQuery *q, uint32_t p)
{
    uint32_t n = ts_query_capture_count(q);
    for (uint32_t c = 0; c < n; c++)
        if (uses_capture(q, p, (int32_t)c)) return true;
    return false;
}

/* The pattern's position, for messages about it. */
static text_pos pattern_pos(const ruleset *rs, const segment *sg, uint32_t start)
{
    const query_src *qs = src_of(rs, sg);
    text_pos at = qs->pos;
    uint32_t line, col;
    text_pos_at(&qs->pos, qs->text, start - sg->start, &line, &col);
    at.line = line;
    at.col = col;
    at.block = false;
    return at;
}

static bool describe_patterns(ruleset *rs, lang l, const segment_list *sl, bool *failed,
                              rules_errors *e)
{
    lang_query *lq = &rs->lq[l];
    lq->n_patterns = ts_query_pattern_count(lq->q);
    lq->pats = xcalloc(lq->n_patterns ? lq->n_patterns : 1, sizeof *lq->pats);
    bool ok = true;
    for (uint32_t p = 0; p < lq->n_patterns; p++) {
        uint32_t start = ts_query_start_byte_for_pattern(lq->q, p);
        const segment *sg = segment_at(sl, start);
        const rule *r = &rs->rules.items[sg->rule];
        pattern_info *pi = &lq->pats[p];
        pi->rule = sg->rule;
        pi->role = sg->role;
        text_pos at = pattern_pos(rs, sg, start);
        if (!has_any_capture(lq->q, p)) {
            rules_error(e, at.file, at.line, at.col, "%s (%s): pattern has no capture; name the node to report, e.g. @%s",
                        role_key[sg->role], lang_name(l), role_capture[sg->role]);
            failed[sg->rule] = true;
            ok = false;
            continue;
        }
        const char *want = (sg->role == ROLE_MATCH && r->capture) ? r->capture : role_capture[sg->role];
        int32_t id = capture_id(lq->q, want);
        pi->locate = uses_capture(lq->q, p, id) ? id : -1;
        if (!parse_pattern_predicates(lq->q, p, pi, &at, e)) { failed[sg->rule] = true; ok = false; }
    }
    return ok;
}

/* `capture: name` must be a capture of the rule's query (in some pattern). */
static bool check_explicit_captures(ruleset *rs, lang l, bool *failed, rules_errors *e)
{
    const lang_query *lq = &rs->lq[l];
    bool ok = true;
    for (size_t i = 0; i < rs->rules.len; i++) {
        rule *r = &rs->rules.items[i];
        if (r->kind != RULE_QUERY || !r->langs[l] || !r->capture || failed[i]) continue;
        bool seen = false;
        for (uint32_t p = 0; p < lq->n_patterns && !seen; p++)
            seen = lq->pats[p].rule == i && lq->pats[p].role == ROLE_MATCH && lq->pats[p].locate >= 0;
        if (!seen) {
            rules_error(e, r->query[ROLE_MATCH].pos.file, r->query[ROLE_MATCH].pos.line,
                        r->query[ROLE_MATCH].pos.col, "query (%s): no capture named @%s", lang_name(l), r->capture);
            failed[i] = true;
            ok = false;
        }
    }
    return ok;
}

/* --- keywords ------------------------------------------------------------------ */

/* A pattern's required word: its longest #eq? literal, else all #any-of? values. */
static bool pattern_words(const predicate_list *pl, str_list *out)
{
    const char *best = NULL;
    const predicate *any = NULL;
    for (size_t i = 0; i < pl->len; i++) {
        const predicate *p = &pl->items[i];
        if (p->op == PRED_EQ && p->literal && *p->literal && (!best || strlen(p->literal) > strlen(best)))
            best = p->literal;
        if (p->op == PRED_ANY_OF && !any) any = p;
    }
    if (best) { VEC_PUSH(out, xstrdup(best)); return true; }
    if (!any) return false;
    for (size_t i = 0; i < any->values.len; i++) {
        if (!*any->values.items[i]) return false;
        VEC_PUSH(out, xstrdup(any->values.items[i]));
    }
    return true;
}

/* A rule without `keywords` gets the words every one of its patterns requires, so that
 * it, too, is skipped on files that lack them. */
static void derive_keywords(ruleset *rs, size_t ri)
{
    rule *r = &rs->rules.items[ri];
    if (r->keywords.len) return;
    const lang_query *lq = NULL;
    for (int l = 1; l < LANG_COUNT && !lq; l++)
        if (r->langs[l] && rs->lq[l].q) lq = &rs->lq[l];
    if (!lq) return;
    str_list words = {0};
    bool all = true;
    for (uint32_t p = 0; p < lq->n_patterns && all; p++)
        if (lq->pats[p].rule == ri && lq->pats[p].role == ROLE_MATCH) all = pattern_words(&lq->pats[p].preds, &words);
    if (all) {
        r->keywords = words;
        return;
    }
    for (size_t i = 0; i < words.len; i++) free(words.items[i]);
    VEC_FREE(&words);
}

/* --- the whole set -------------------------------------------------------------- */

static void lang_query_free(lang_query *lq)
{
    for (uint32_t p = 0; lq->pats && p < lq->n_patterns; p++) {
        for (size_t i = 0; i < lq->pats[p].preds.len; i++) predicate_free(&lq->pats[p].preds.items[i]);
        VEC_FREE(&lq->pats[p].preds);
    }
    free(lq->pats);
    if (lq->q) ts_query_delete(lq->q);
    memset(lq, 0, sizeof *lq);
}

void rules_queries_free(ruleset *rs)
{
    for (int l = 0; l < LANG_COUNT; l++) lang_query_free(&rs->lq[l]);
}

bool rules_build_queries(ruleset *rs, rules_errors *e)
{
    bool *failed = xcalloc(rs->rules.len + 1, sizeof *failed);
    buf text = {0};
    segment_list sl = {0};
    bool ok = true;
    for (int l = 1; l < LANG_COUNT; l++) {
        rs->lq[l].q = compile_lang(rs, (lang)l, failed, &text, &sl, e);
        if (!rs->lq[l].q) continue;
        ok &= describe_patterns(rs, (lang)l, &sl, failed, e);
        ok &= check_explicit_captures(rs, (lang)l, failed, e);
    }
    for (size_t i = 0; i < rs->rules.len; i++) {
        ok &= !failed[i];
        if (rs->rules.items[i].kind == RULE_QUERY) derive_keywords(rs, i);
    }
    buf_free(&text);
    VEC_FREE(&sl);
    free(failed);
    return ok;
}

void rules_queries_remap(ruleset *rs, const uint32_t *map)
{
    for (int l = 1; l < LANG_COUNT; l++)
        for (uint32_t p = 0; p < rs->lq[l].n_patterns; p++) {
            pattern_info *pi = &rs->lq[l].pats[p];
            if (pi->rule != NO_RULE) pi->rule = map[pi->rule];
        }
}
