/* rules_query: one tree-sitter query per language holding every query rule's patterns
 * (and their inside / not_inside scopes).
 *
 * Walking a tree costs about a tenth of parsing it, so running each rule's query
 * separately would make the engine's cost grow with the number of rules: one combined
 * query walks each tree once. And since tree-sitter leaves text predicates to the
 * caller, twenty rules that each look for a call with a different name would produce
 * twenty matches per call; so patterns are compiled without their predicates, equal
 * ones once, and each rule's predicates are checked on the shared match.
 *
 * Each rule's query is first compiled on its own: that validates it, places errors at
 * the rule's own lines, and yields its predicates. */
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "parse.h"
#include "rules_impl.h"

static const char *const role_key[ROLE_COUNT] = {"query", "inside", "not_inside"};
static const char *const role_capture[ROLE_COUNT] = {"match", "scope", "scope"};

/* A distinct predicate-free pattern of a language, and the rule patterns using it. */
typedef struct shape {
    char *text;
    pattern_user_list users;
    VEC(uint32_t) origin;     /* per user: index of the rule's own query in `own` */
} shape;

typedef VEC(shape) shape_list;
typedef VEC(TSQuery *) query_list;

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

static size_t token_len(const char *t)
{
    size_t n = 0;
    while (t[n] && (t[n] == '_' || t[n] == '-' || t[n] == '.' || (t[n] >= 'a' && t[n] <= 'z') ||
                    (t[n] >= 'A' && t[n] <= 'Z') || (t[n] >= '0' && t[n] <= '9')))
        n++;
    return (n == 0 && t[0]) ? 1 : n;
}

/* Position of byte off of a rule's query text, for messages. */
static text_pos pos_in(const query_src *qs, uint32_t off)
{
    text_pos at = qs->pos;
    text_pos_at(&qs->pos, qs->text, off, &at.line, &at.col);
    at.block = false;
    return at;
}

/* --- shapes: patterns without their predicates ----------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool is_delim(char c) { return !c || is_space(c) || strchr("()[]\";", c); }

/* Length of the token at p (after skipping blanks and comments, which *p points past). */
static size_t next_token(const char **p)
{
    const char *s = *p;
    for (;;) {
        while (is_space(*s)) s++;
        if (*s != ';') break;
        while (*s && *s != '\n') s++;
    }
    *p = s;
    if (!*s) return 0;
    if (strchr("()[]", *s)) return 1;
    if (*s == '"') {
        const char *e = s + 1;
        while (*e && *e != '"') e += (*e == '\\' && e[1]) ? 2 : 1;
        return (size_t)(e - s) + (*e == '"');
    }
    const char *e = s;
    while (!is_delim(*e)) e++;
    return (size_t)(e - s);
}

/* Skips the balanced group opening at p; returns the byte after it. */
static const char *skip_group(const char *p)
{
    int depth = 0;
    for (;;) {
        size_t n = next_token(&p);
        if (!n) return p;
        if (*p == '(' || *p == '[') depth++;
        else if (*p == ')' || *p == ']') depth--;
        p += n;
        if (depth == 0) return p;
    }
}

static bool opens_predicate(const char *p)
{
    p++;
    return next_token(&p) && *p == '#';
}

/* Splits a query into its top-level patterns, each with its predicate groups removed
 * and blanks normalised: equal shapes mean equal patterns up to predicates. */
static void split_shapes(const char *text, str_list *out)
{
    const char *p = text;
    buf cur = {0};
    bool open = false;
    int depth = 0;
    size_t n;
    while ((n = next_token(&p))) {
        bool suffix = depth == 0 && open && (*p == '@' || (n == 1 && strchr("*+?", *p)));
        if (depth == 0 && !suffix) {
            if (open) VEC_PUSH(out, buf_take(&cur));
            open = true;
        }
        if (*p == '(' && opens_predicate(p)) {
            p = skip_group(p);
            continue;
        }
        if (*p == '(' || *p == '[') depth++;
        else if (*p == ')' || *p == ']') depth--;
        if (cur.len && cur.data[cur.len - 1] != '(' && cur.data[cur.len - 1] != '[' && *p != ')' && *p != ']')
            buf_putc(&cur, ' ');
        buf_append(&cur, p, n);
        p += n;
    }
    if (open) VEC_PUSH(out, buf_take(&cur));
    buf_free(&cur);
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

static bool parse_pattern_predicates(const TSQuery *q, uint32_t p, predicate_list *out,
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
            else VEC_PUSH(out, pr);
        }
        free(op);
        i = j + 1;
    }
    return ok;
}

/* --- root node types ------------------------------------------------------------ */

static bool mark_root(const TSLanguage *tl, const char *name, size_t n, bool named, uint8_t *roots)
{
    TSSymbol sym = ts_language_symbol_for_name(tl, name, (uint32_t)n, named);
    /* ERROR is a builtin symbol beyond the language's table: no dispatch on it */
    if (!sym || sym >= ts_language_symbol_count(tl) || ts_language_symbol_type(tl, sym) == TSSymbolTypeSupertype)
        return false;
    roots[sym] = 1;
    return true;
}

/* Skips captures after a pattern at p. A quantifier there means a sequence of siblings,
 * which cannot be matched from one node: false. */
static bool skip_suffix(const char **p)
{
    size_t n;
    while ((n = next_token(p)) && **p == '@') *p += n;
    return !(n == 1 && strchr("*+?", **p));
}

/* Marks the node types where the pattern at *p can start, and moves past it. False when
 * that is not one known type or an alternation of them (a wildcard, a supertype, a
 * sequence of siblings). */
static bool pattern_roots(const TSLanguage *tl, const char **p, uint8_t *roots)
{
    const char *s = *p;
    size_t n = next_token(&s);
    if (n == 0) return false;
    if (*s == '"') {
        bool ok = n >= 2 && !memchr(s + 1, '\\', n - 2) && mark_root(tl, s + 1, n - 2, false, roots);
        *p = s + n;
        return ok && skip_suffix(p);
    }
    if (*s == '[') {
        s++;
        while ((n = next_token(&s)) && *s != ']')
            if (!pattern_roots(tl, &s, roots)) return false;
        *p = s + n;
        return n && skip_suffix(p);
    }
    if (*s != '(') return false;
    s++;
    const char *inner = s;
    n = next_token(&inner);
    if (n && (*inner == '(' || *inner == '[' || *inner == '"')) {
        /* a group: it must hold exactly one pattern */
        if (!pattern_roots(tl, &inner, roots)) return false;
        n = next_token(&inner);
        if (!n || *inner != ')') return false;
        *p = inner + 1;
        return skip_suffix(p);
    }
    if (!n || (n == 1 && *inner == '_') || !mark_root(tl, inner, n, true, roots)) return false;
    *p = skip_group(s - 1);
    return skip_suffix(p);
}

/* Records the node types where each shape starts (lq->roots, lq->root_pairs); leaves
 * roots NULL when some shape has none to dispatch on. */
static void shape_roots(lang l, const shape_list *shapes, lang_query *lq)
{
    const TSLanguage *tl = parse_language(l);
    uint32_t nsym = ts_language_symbol_count(tl);
    uint8_t *mark = xcalloc(nsym + 1, 1);
    lq->roots = xcalloc(nsym + 1, sizeof *lq->roots);
    lq->n_symbols = nsym;
    for (size_t k = 0; k < shapes->len; k++) {
        const char *p = shapes->items[k].text;
        memset(mark, 0, nsym + 1);
        if (!pattern_roots(tl, &p, mark) || next_token(&p)) {
            free(lq->roots);
            lq->roots = NULL;
            VEC_FREE(&lq->root_pairs);
            break;
        }
        for (uint32_t sym = 0; sym < nsym; sym++) {
            if (!mark[sym]) continue;
            lq->roots[sym] = 1; /* the gate index comes with rules_queries_build_gates */
            struct root_pair rp = {(uint16_t)sym, (uint32_t)k};
            VEC_PUSH(&lq->root_pairs, rp);
        }
    }
    free(mark);
}

/* --- captures ------------------------------------------------------------------ */

static int32_t capture_id(const TSQuery *q, const char *name, size_t len)
{
    uint32_t n = ts_query_capture_count(q);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t l;
        const char *s = ts_query_capture_name_for_id(q, i, &l);
        if (len == l && memcmp(s, name, len) == 0) return (int32_t)i;
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

/* The id in `to` of capture id of `from` (both queries name the same captures). */
static uint32_t same_capture(const TSQuery *from, uint32_t id, const TSQuery *to)
{
    uint32_t len;
    const char *name = ts_query_capture_name_for_id(from, id, &len);
    return (uint32_t)capture_id(to, name, len);
}

/* --- one rule's query ----------------------------------------------------------- */

static shape *shape_for(shape_list *shapes, char *text)
{
    for (size_t i = 0; i < shapes->len; i++)
        if (!strcmp(shapes->items[i].text, text)) {
            free(text);
            return &shapes->items[i];
        }
    shape sh = {text, {0}, {0}};
    VEC_PUSH(shapes, sh);
    return &shapes->items[shapes->len - 1];
}

/* Where the query text nests ( and [ deeper than BOUNDS_QUERY_MAX_DEPTH (strings and
 * comments aside), or -1. tree-sitter's query parser recurses once per level: tens of
 * thousands of levels overflow the stack (F03). */
static long too_deep_at(const char *text)
{
    const char *p = text;
    size_t n;
    int depth = 0;
    while ((n = next_token(&p))) {
        if (*p == '(' || *p == '[') {
            if (++depth > BOUNDS_QUERY_MAX_DEPTH) return (long)(p - text);
        } else if (*p == ')' || *p == ']') {
            depth--;
        }
        p += n;
    }
    return -1;
}

/* Files the patterns [p0, p0 + np) of q, which are one of a rule's queries (its text at
 * byte `base` of q's source), under their shapes; `origin` is q's index in `own`. */
static bool file_patterns(const ruleset *rs, uint32_t ri, query_role role, lang l, const TSQuery *q,
                          uint32_t p0, uint32_t np, uint32_t base, uint32_t origin, shape_list *shapes,
                          rules_errors *e)
{
    const query_src *qs = &rs->rules.items[ri].query[role];
    str_list parts = {0};
    split_shapes(qs->text, &parts);
    bool ok = parts.len == np;
    if (!ok) rules_error(e, qs->pos.file, qs->pos.line, qs->pos.col,
                         "%s (%s): cannot split the query into its %u patterns", role_key[role], lang_name(l), np);
    for (uint32_t k = 0; ok && k < np; k++) {
        uint32_t p = p0 + k;
        text_pos at = pos_in(qs, ts_query_start_byte_for_pattern(q, p) - base);
        if (!has_any_capture(q, p)) {
            rules_error(e, at.file, at.line, at.col, "%s (%s): pattern has no capture; name the node to report, e.g. @%s",
                        role_key[role], lang_name(l), role_capture[role]);
            ok = false;
            break;
        }
        pattern_user u = {ri, role, -1, {0}, NULL, 0};
        if (!parse_pattern_predicates(q, p, &u.preds, &at, e)) {
            for (size_t i = 0; i < u.preds.len; i++) predicate_free(&u.preds.items[i]); /* N6 */
            VEC_FREE(&u.preds);
            ok = false;
            break;
        }
        shape *sh = shape_for(shapes, parts.items[k]);
        parts.items[k] = NULL;
        VEC_PUSH(&sh->users, u);
        VEC_PUSH(&sh->origin, origin);
    }
    for (size_t i = 0; i < parts.len; i++) free(parts.items[i]);
    VEC_FREE(&parts);
    return ok;
}

/* Compiles one of a rule's queries alone and files its patterns under their shapes. */
static bool add_rule_query(const ruleset *rs, uint32_t ri, query_role role, lang l,
                           shape_list *shapes, query_list *own, rules_errors *e)
{
    const query_src *qs = &rs->rules.items[ri].query[role];
    long deep = too_deep_at(qs->text);
    if (deep >= 0) {
        text_pos at = pos_in(qs, (uint32_t)deep);
        rules_error(e, at.file, at.line, at.col, "%s (%s): nested deeper than %d levels of ( and [",
                    role_key[role], lang_name(l), BOUNDS_QUERY_MAX_DEPTH);
        return false;
    }
    uint32_t off = 0;
    TSQueryError err = TSQueryErrorNone;
    TSQuery *q = ts_query_new(parse_language(l), qs->text, (uint32_t)strlen(qs->text), &off, &err);
    if (!q) {
        text_pos at = pos_in(qs, off);
        rules_error(e, at.file, at.line, at.col, "%s (%s): %s at '%.*s'", role_key[role], lang_name(l),
                    query_error_name(err), (int)token_len(qs->text + off), qs->text + off);
        return false;
    }
    VEC_PUSH(own, q);
    return file_patterns(rs, ri, role, l, q, 0, ts_query_pattern_count(q), 0, (uint32_t)(own->len - 1), shapes, e);
}

/* --- every rule's queries in one compile -------------------------------------------
 * ts_query_new scans the grammar's whole parse table once per query (its pattern
 * analysis), whatever the query's size: compiling each rule's query alone cost ~0.3 s of
 * every scan's start-up. So the queries of a language are compiled together, as one query
 * with their predicates, and each rule's patterns are read off their part of it. That
 * gives what compiling them one by one gives only when every query stands alone in the
 * batch: it opens with a pattern, is balanced, and its predicates name captures of their
 * own pattern (capture names are shared across a query). Otherwise, or when the batch
 * does not compile, the queries are compiled one by one, which places each error. */

typedef struct batch_part {
    uint32_t rule;
    query_role role;
    uint32_t start; /* byte offset in the batch */
} batch_part;

/* Whether a query's text can be compiled within the batch with the same result. */
static bool stands_alone(const char *text)
{
    const char *p = text;
    size_t n = next_token(&p);
    if (!n || !(*p == '(' || *p == '[' || *p == '"') || (*p == '(' && opens_predicate(p))) return false;
    if (too_deep_at(text) >= 0) return false;
    int depth = 0;
    while ((n = next_token(&p))) {
        if (*p == '(' || *p == '[') depth++;
        else if ((*p == ')' || *p == ']') && --depth < 0) return false;
        p += n;
    }
    return depth == 0;
}

/* Each predicate of pattern p names only captures of p. */
static bool predicates_local(const TSQuery *q, uint32_t p)
{
    uint32_t n;
    const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(q, p, &n);
    for (uint32_t i = 0; i < n; i++)
        if (is_capture(&st[i]) && !uses_capture(q, p, (int32_t)st[i].value_id)) return false;
    return true;
}

/* The language's queries compiled as one (see above); false when they must be compiled
 * one by one instead, with nothing filed. */
static bool add_batch(const ruleset *rs, lang l, bool *failed, shape_list *shapes, query_list *own,
                      rules_errors *e)
{
    buf text = {0};
    VEC(batch_part) parts = {0};
    bool ok = true;
    for (uint32_t i = 0; ok && i < rs->rules.len; i++) {
        const rule *r = &rs->rules.items[i];
        if (r->kind != RULE_QUERY || !r->langs[l] || failed[i]) continue;
        for (int role = 0; ok && role < ROLE_COUNT; role++) {
            const char *t = r->query[role].text;
            if (!t) continue;
            ok = stands_alone(t) && text.len + strlen(t) + 1 < UINT32_MAX;
            batch_part bp = {i, (query_role)role, (uint32_t)text.len};
            VEC_PUSH(&parts, bp);
            buf_puts(&text, t);
            buf_putc(&text, '\n');
        }
    }
    TSQuery *q = NULL;
    if (ok && parts.len) {
        uint32_t off = 0;
        TSQueryError err = TSQueryErrorNone;
        q = ts_query_new(parse_language(l), text.data, (uint32_t)text.len, &off, &err);
        ok = q != NULL;
    }
    uint32_t np = q ? ts_query_pattern_count(q) : 0;
    for (uint32_t p = 0; ok && p < np; p++) ok = predicates_local(q, p);
    buf_free(&text);
    if (!ok) {
        if (q) ts_query_delete(q);
        VEC_FREE(&parts);
        return false;
    }
    if (q) VEC_PUSH(own, q);
    uint32_t p = 0;
    for (size_t k = 0; k < parts.len; k++) {
        const batch_part *bp = &parts.items[k];
        uint32_t end = k + 1 < parts.len ? parts.items[k + 1].start : UINT32_MAX, p0 = p;
        while (p < np && ts_query_start_byte_for_pattern(q, p) < end) p++;
        if (failed[bp->rule]) continue; /* reported once, as when compiled one by one */
        if (!file_patterns(rs, bp->rule, bp->role, l, q, p0, p - p0, bp->start, (uint32_t)(own->len - 1), shapes, e))
            failed[bp->rule] = true;
    }
    VEC_FREE(&parts);
    return true;
}

/* Gives a user's predicates the combined query's capture ids, and finds its locating
 * capture in the shared pattern. */
static void adopt_user(const ruleset *rs, pattern_user *u, const TSQuery *from, const TSQuery *cq, uint32_t k)
{
    for (size_t i = 0; i < u->preds.len; i++) {
        predicate *pr = &u->preds.items[i];
        pr->capture = same_capture(from, pr->capture, cq);
        if (pr->rhs_capture >= 0) pr->rhs_capture = (int32_t)same_capture(from, (uint32_t)pr->rhs_capture, cq);
    }
    const rule *r = &rs->rules.items[u->rule];
    const char *want = (u->role == ROLE_MATCH && r->capture) ? r->capture : role_capture[u->role];
    int32_t id = capture_id(cq, want, strlen(want));
    u->locate = uses_capture(cq, k, id) ? id : -1;
}

/* `capture: name` must be a capture of the rule's query. */
static bool check_explicit_capture(const ruleset *rs, uint32_t ri, lang l, rules_errors *e)
{
    const rule *r = &rs->rules.items[ri];
    const lang_query *lq = &rs->lq[l];
    for (uint32_t k = 0; k < lq->n_patterns; k++)
        for (size_t i = 0; i < lq->pats[k].len; i++) {
            const pattern_user *u = &lq->pats[k].items[i];
            if (u->rule == ri && u->role == ROLE_MATCH && u->locate >= 0) return true;
        }
    const query_src *qs = &r->query[ROLE_MATCH];
    rules_error(e, qs->pos.file, qs->pos.line, qs->pos.col, "query (%s): no capture named @%s",
                lang_name(l), r->capture);
    return false;
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
static void derive_keywords(ruleset *rs, uint32_t ri)
{
    rule *r = &rs->rules.items[ri];
    if (r->keywords.len) return;
    const lang_query *lq = NULL;
    for (int l = 1; l < LANG_COUNT && !lq; l++)
        if (r->langs[l] && rs->lq[l].q) lq = &rs->lq[l];
    if (!lq) return;
    str_list words = {0};
    bool all = true;
    for (uint32_t k = 0; k < lq->n_patterns && all; k++)
        for (size_t i = 0; i < lq->pats[k].len && all; i++) {
            const pattern_user *u = &lq->pats[k].items[i];
            if (u->rule == ri && u->role == ROLE_MATCH) all = pattern_words(&u->preds, &words);
        }
    if (all) {
        r->keywords = words;
        return;
    }
    for (size_t i = 0; i < words.len; i++) free(words.items[i]);
    VEC_FREE(&words);
}

/* --- the whole set -------------------------------------------------------------- */

static void user_list_free(pattern_user_list *ul)
{
    for (size_t u = 0; u < ul->len; u++) {
        for (size_t i = 0; i < ul->items[u].preds.len; i++) predicate_free(&ul->items[u].preds.items[i]);
        VEC_FREE(&ul->items[u].preds);
        free(ul->items[u].words);
    }
    VEC_FREE(ul);
}

static void lang_query_free(lang_query *lq)
{
    for (uint32_t k = 0; lq->pats && k < lq->n_patterns; k++) user_list_free(&lq->pats[k]);
    free(lq->pats);
    free(lq->roots);
    VEC_FREE(&lq->root_pairs);
    for (size_t g = 0; g < lq->gates.len; g++) free(lq->gates.items[g].words);
    VEC_FREE(&lq->gates);
    if (lq->q) ts_query_delete(lq->q);
    memset(lq, 0, sizeof *lq);
}

void rules_queries_free(ruleset *rs)
{
    for (int l = 0; l < LANG_COUNT; l++) lang_query_free(&rs->lq[l]);
}

/* Compiles the shapes into the language's query and hands each its users. */
static bool combine(ruleset *rs, lang l, shape_list *shapes, const query_list *own, rules_errors *e)
{
    buf text = {0};
    for (size_t k = 0; k < shapes->len; k++) {
        buf_puts(&text, shapes->items[k].text);
        buf_putc(&text, '\n');
    }
    uint32_t off = 0;
    TSQueryError err = TSQueryErrorNone;
    lang_query *lq = &rs->lq[l];
    lq->q = ts_query_new(parse_language(l), text.data, (uint32_t)text.len, &off, &err);
    bool ok = lq->q && ts_query_pattern_count(lq->q) == shapes->len;
    if (!ok) /* each part compiled alone: this is aiready's fault, not the rules' */
        rules_error(e, "rules", 0, 0, "internal error: the combined %s query does not compile (%s at offset %u)",
                    lang_name(l), query_error_name(err), off);
    lq->n_patterns = ok ? (uint32_t)shapes->len : 0;
    if (ok) shape_roots(l, shapes, lq);
    lq->pats = xcalloc(shapes->len + 1, sizeof *lq->pats);
    for (size_t k = 0; ok && k < shapes->len; k++) {
        shape *sh = &shapes->items[k];
        for (size_t i = 0; i < sh->users.len; i++)
            adopt_user(rs, &sh->users.items[i], own->items[sh->origin.items[i]], lq->q, (uint32_t)k);
        lq->pats[k] = sh->users;
        memset(&sh->users, 0, sizeof sh->users);
    }
    buf_free(&text);
    return ok;
}

static void shapes_free(shape_list *shapes)
{
    for (size_t k = 0; k < shapes->len; k++) {
        free(shapes->items[k].text);
        user_list_free(&shapes->items[k].users);
        VEC_FREE(&shapes->items[k].origin);
    }
    VEC_FREE(shapes);
}

static bool build_lang(ruleset *rs, lang l, bool *failed, rules_errors *e)
{
    shape_list shapes = {0};
    query_list own = {0};
    bool batched = add_batch(rs, l, failed, &shapes, &own, e);
    for (uint32_t i = 0; !batched && i < rs->rules.len; i++) {
        const rule *r = &rs->rules.items[i];
        if (r->kind != RULE_QUERY || !r->langs[l] || failed[i]) continue;
        for (int role = 0; role < ROLE_COUNT && !failed[i]; role++)
            if (r->query[role].text && !add_rule_query(rs, i, (query_role)role, l, &shapes, &own, e))
                failed[i] = true; /* reported once: its other languages are skipped */
    }
    bool ok = true;
    for (size_t i = 0; i < rs->rules.len; i++) ok &= !failed[i];
    if (ok && shapes.len) ok = combine(rs, l, &shapes, &own, e);
    for (uint32_t i = 0; ok && i < rs->rules.len; i++) {
        const rule *r = &rs->rules.items[i];
        if (r->kind == RULE_QUERY && r->langs[l] && r->capture && !check_explicit_capture(rs, i, l, e))
            failed[i] = true;
    }
    for (size_t i = 0; i < own.len; i++) ts_query_delete(own.items[i]);
    VEC_FREE(&own);
    shapes_free(&shapes);
    return ok;
}

bool rules_build_queries(ruleset *rs, rules_errors *e)
{
    bool *failed = xcalloc(rs->rules.len + 1, sizeof *failed);
    for (int l = 1; l < LANG_COUNT; l++) build_lang(rs, (lang)l, failed, e);
    bool ok = true;
    for (uint32_t i = 0; i < rs->rules.len; i++) {
        ok &= !failed[i];
        if (rs->rules.items[i].kind == RULE_QUERY) derive_keywords(rs, i);
    }
    free(failed);
    return ok;
}

void rules_queries_remap(ruleset *rs, const uint32_t *map)
{
    for (int l = 1; l < LANG_COUNT; l++)
        for (uint32_t k = 0; k < rs->lq[l].n_patterns; k++)
            for (size_t i = 0; i < rs->lq[l].pats[k].len; i++) {
                pattern_user *u = &rs->lq[l].pats[k].items[i];
                if (u->rule != NO_RULE) u->rule = map[u->rule];
            }
}

/* --- gates ---------------------------------------------------------------------- */

void rules_queries_add_words(ruleset *rs)
{
    for (int l = 1; l < LANG_COUNT; l++)
        for (uint32_t k = 0; k < rs->lq[l].n_patterns; k++)
            for (size_t i = 0; i < rs->lq[l].pats[k].len; i++) {
                pattern_user *u = &rs->lq[l].pats[k].items[i];
                str_list words = {0};
                if (u->rule != NO_RULE && pattern_words(&u->preds, &words)) {
                    u->n_words = words.len;
                    u->words = xcalloc(words.len, sizeof *u->words);
                    for (size_t w = 0; w < words.len; w++)
                        u->words[w] = prefilter_add(rs->pf, words.items[w], strlen(words.items[w]));
                }
                for (size_t w = 0; w < words.len; w++) free(words.items[w]);
                VEC_FREE(&words);
            }
}

static void open_gate(struct node_gate *g, const pattern_user_list *ul, uint8_t *positional)
{
    for (size_t i = 0; i < ul->len; i++) {
        const pattern_user *u = &ul->items[i];
        if (u->rule == NO_RULE) continue;
        if (u->n_words == 0) g->always = true;
        for (size_t w = 0; w < u->n_words; w++) g->words[u->words[w]] = positional[u->words[w]] = 1;
    }
}

void rules_queries_build_gates(ruleset *rs)
{
    uint32_t nk = prefilter_count(rs->pf);
    rs->positional = xcalloc(nk + 1, 1);
    for (int l = 1; l < LANG_COUNT; l++) {
        lang_query *lq = &rs->lq[l];
        if (!lq->roots) continue;
        for (size_t i = 0; i < lq->root_pairs.len; i++) lq->roots[lq->root_pairs.items[i].symbol] = 0;
        for (size_t i = 0; i < lq->root_pairs.len; i++) {
            uint16_t sym = lq->root_pairs.items[i].symbol;
            if (!lq->roots[sym]) {
                struct node_gate g = {false, xcalloc(nk + 1, 1)};
                VEC_PUSH(&lq->gates, g);
                lq->roots[sym] = (uint16_t)lq->gates.len;
            }
            open_gate(&lq->gates.items[lq->roots[sym] - 1], &lq->pats[lq->root_pairs.items[i].pattern],
                      rs->positional);
        }
    }
}
