/* rules_compile: regexes, tree-sitter queries with their predicates, glob checks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "rules_impl.h"

static const char *const kind_names[RULE_KIND_COUNT] = {"query", "regex", "path", "package"};

const char *rule_kind_name(rule_kind k)
{
    return (k >= 0 && k < RULE_KIND_COUNT) ? kind_names[k] : "?";
}

void rules_error(rules_errors *e, const char *file, uint32_t line, uint32_t col,
                 const char *fmt, ...)
{
    if (line && col) buf_printf(&e->text, "%s:%u:%u: ", file, line, col);
    else if (line) buf_printf(&e->text, "%s:%u: ", file, line);
    else buf_printf(&e->text, "%s: ", file);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&e->text, fmt, ap);
    va_end(ap);
    buf_putc(&e->text, '\n');
    e->count++;
}

void text_pos_at(const text_pos *p, const char *text, size_t offset, uint32_t *line, uint32_t *col)
{
    uint32_t nl = 0;
    size_t last = 0;
    bool seen_nl = false;
    for (size_t i = 0; i < offset && text[i]; i++)
        if (text[i] == '\n') { nl++; last = i + 1; seen_nl = true; }
    *line = p->line + nl;
    if (p->block) *col = p->col + (uint32_t)(offset - last);
    else *col = seen_nl ? (uint32_t)(offset - last) + 1 : p->col + (uint32_t)offset;
}

pcre2_code *rules_compile_regex(const char *pattern, uint32_t options, const text_pos *at,
                                const char *what, rules_errors *e)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
                                   &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        uint32_t line, col;
        text_pos_at(at, pattern, off, &line, &col);
        rules_error(e, at->file, line, col, "%s does not compile: %s (at offset %zu)",
                    what, (const char *)msg, (size_t)off);
        return NULL;
    }
    /* No JIT (an unsupported platform) only costs speed: the interpreter takes over. */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* --- queries ------------------------------------------------------------------- */

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

static void report_query_error(const char *text, uint32_t off, TSQueryError t, lang l,
                               const text_pos *at, rules_errors *e)
{
    uint32_t line, col;
    text_pos_at(at, text, off, &line, &col);
    size_t n = 0;
    const char *tok = text + off;
    while (tok[n] && (tok[n] == '_' || tok[n] == '-' || tok[n] == '.' ||
                      (tok[n] >= 'a' && tok[n] <= 'z') || (tok[n] >= 'A' && tok[n] <= 'Z') ||
                      (tok[n] >= '0' && tok[n] <= '9')))
        n++;
    if (n == 0 && tok[0]) n = 1;
    rules_error(e, at->file, line, col, "query (%s): %s at '%.*s'", lang_name(l),
                query_error_name(t), (int)(n > 40 ? 40 : n), tok);
}

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

/* Parses one predicate: steps[0] is the operator, then its arguments. */
static bool parse_predicate(const TSQuery *q, const TSQueryPredicateStep *st, uint32_t n,
                            predicate *out, rules_errors *e, const text_pos *at,
                            uint32_t line, uint32_t col)
{
    memset(out, 0, sizeof *out);
    out->rhs_capture = -1;
    char *op = string_step(q, &st[0]);
    bool ok = false;
    const char *usage = NULL;
    if (strcmp(op, "eq?") == 0 || strcmp(op, "not-eq?") == 0) {
        out->op = op[0] == 'e' ? PRED_EQ : PRED_NOT_EQ;
        if (n != 3 || st[1].type != TSQueryPredicateStepTypeCapture) usage = "(#eq? @capture \"text\" | @other)";
        else {
            out->capture = st[1].value_id;
            if (st[2].type == TSQueryPredicateStepTypeCapture) out->rhs_capture = (int32_t)st[2].value_id;
            else out->literal = string_step(q, &st[2]);
            ok = true;
        }
    } else if (strcmp(op, "match?") == 0 || strcmp(op, "not-match?") == 0) {
        out->op = op[0] == 'm' ? PRED_MATCH : PRED_NOT_MATCH;
        if (n != 3 || st[1].type != TSQueryPredicateStepTypeCapture ||
            st[2].type != TSQueryPredicateStepTypeString)
            usage = "(#match? @capture \"regex\")";
        else {
            out->capture = st[1].value_id;
            char *pat = string_step(q, &st[2]);
            text_pos here = {at->file, line, col, false};
            out->re = rules_compile_regex(pat, 0, &here, "#match? regex", e);
            free(pat);
            if (!out->re) { free(op); predicate_free(out); return false; }
            ok = true;
        }
    } else if (strcmp(op, "any-of?") == 0) {
        out->op = PRED_ANY_OF;
        if (n < 3 || st[1].type != TSQueryPredicateStepTypeCapture) usage = "(#any-of? @capture \"a\" \"b\" ...)";
        else {
            out->capture = st[1].value_id;
            ok = true;
            for (uint32_t i = 2; i < n; i++) {
                if (st[i].type != TSQueryPredicateStepTypeString) { ok = false; usage = "(#any-of? @capture \"a\" \"b\" ...)"; break; }
                VEC_PUSH(&out->values, string_step(q, &st[i]));
            }
        }
    } else {
        rules_error(e, at->file, line, col,
                    "query: unsupported predicate #%s (supported: #eq? #not-eq? #match? #not-match? #any-of?)", op);
        free(op);
        return false;
    }
    if (!ok) {
        rules_error(e, at->file, line, col, "query: malformed #%s, expected %s", op, usage);
        predicate_free(out);
    }
    free(op);
    return ok;
}

static bool parse_predicates(cquery *cq, const char *text, const text_pos *at, rules_errors *e)
{
    cq->n_patterns = ts_query_pattern_count(cq->q);
    cq->preds = xcalloc(cq->n_patterns ? cq->n_patterns : 1, sizeof *cq->preds);
    bool ok = true;
    for (uint32_t p = 0; p < cq->n_patterns; p++) {
        uint32_t n;
        const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(cq->q, p, &n);
        uint32_t line, col;
        text_pos_at(at, text, ts_query_start_byte_for_pattern(cq->q, p), &line, &col);
        for (uint32_t i = 0; i < n;) {
            uint32_t j = i;
            while (j < n && st[j].type != TSQueryPredicateStepTypeDone) j++;
            predicate pr;
            if (j > i && parse_predicate(cq->q, st + i, j - i, &pr, e, at, line, col))
                VEC_PUSH(&cq->preds[p], pr);
            else ok = false;
            i = j + 1;
        }
    }
    return ok;
}

void rules_cquery_free(cquery *cq)
{
    if (cq->preds) {
        for (uint32_t p = 0; p < cq->n_patterns; p++) {
            for (size_t i = 0; i < cq->preds[p].len; i++) predicate_free(&cq->preds[p].items[i]);
            VEC_FREE(&cq->preds[p]);
        }
        free(cq->preds);
    }
    if (cq->q) ts_query_delete(cq->q);
    memset(cq, 0, sizeof *cq);
}

bool rules_compile_query(cquery *out, lang l, const char *text, const char *locate_name,
                         bool locate_required, const text_pos *at, rules_errors *e)
{
    memset(out, 0, sizeof *out);
    uint32_t off = 0;
    TSQueryError err = TSQueryErrorNone;
    out->q = ts_query_new(parse_language(l), text, (uint32_t)strlen(text), &off, &err);
    if (!out->q) {
        report_query_error(text, off, err, l, at, e);
        return false;
    }
    if (ts_query_capture_count(out->q) == 0) {
        rules_error(e, at->file, at->line, at->col,
                    "query (%s): has no capture; name the node to report, e.g. @%s",
                    lang_name(l), locate_name);
        rules_cquery_free(out);
        return false;
    }
    out->locate = capture_id(out->q, locate_name);
    if (out->locate < 0 && locate_required) {
        rules_error(e, at->file, at->line, at->col, "query (%s): no capture named @%s",
                    lang_name(l), locate_name);
        rules_cquery_free(out);
        return false;
    }
    if (!parse_predicates(out, text, at, e)) {
        rules_cquery_free(out);
        return false;
    }
    return true;
}

/* --- globs, names, keywords --------------------------------------------------- */

bool rules_check_glob(const char *g, const text_pos *at, rules_errors *e)
{
    const char *why = NULL;
    int braces = 0;
    if (!*g) why = "empty glob";
    else if (strncmp(g, "./", 2) == 0) why = "globs are relative to the scanned root: drop the leading './'";
    for (const char *p = g; !why && *p; p++) {
        if (*p == '\\') {
            if (!p[1]) why = "trailing backslash";
            else p++;
        } else if (*p == '[') {
            const char *q = p + 1;
            if (*q == '!' || *q == '^') q++;
            if (*q == ']') q++;
            while (*q && *q != ']') q++;
            if (!*q) why = "unterminated '['";
            else p = q;
        } else if (*p == '{') braces++;
        else if (*p == '}') { if (--braces < 0) why = "unbalanced '}'"; }
        else if (p[0] == '*' && p[1] == '*') {
            bool seg_start = (p == g || p[-1] == '/');
            bool seg_end = (p[2] == '\0' || p[2] == '/');
            if (!seg_start || !seg_end) why = "'**' must be a whole path segment (use '*' within a name)";
            p++;
        }
    }
    if (!why && braces > 0) why = "unterminated '{'";
    if (why) rules_error(e, at->file, at->line, at->col, "bad glob '%s': %s", g, why);
    return why == NULL;
}

void rules_normalize_pypi(char *name)
{
    char *w = name;
    for (const char *r = name; *r;) {
        if (*r == '-' || *r == '_' || *r == '.') {
            while (*r == '-' || *r == '_' || *r == '.') r++;
            *w++ = '-';
            continue;
        }
        char c = *r++;
        *w++ = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    *w = '\0';
}

/* A pattern's required word: its longest #eq? literal, else all #any-of? values. */
static bool pattern_words(const predicate_list *pl, str_list *out)
{
    const char *best = NULL;
    const predicate *any = NULL;
    for (size_t i = 0; i < pl->len; i++) {
        const predicate *p = &pl->items[i];
        if (p->op == PRED_EQ && p->literal && *p->literal &&
            (!best || strlen(p->literal) > strlen(best)))
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

void rules_derive_keywords(rule *r)
{
    if (r->kind != RULE_QUERY || r->keywords.len) return;
    const cquery *cq = NULL;
    for (int l = 1; l < LANG_COUNT && !cq; l++)
        if (r->query[l].q) cq = &r->query[l];
    if (!cq) return;
    str_list words = {0};
    for (uint32_t p = 0; p < cq->n_patterns; p++)
        if (!pattern_words(&cq->preds[p], &words)) {
            for (size_t i = 0; i < words.len; i++) free(words.items[i]);
            VEC_FREE(&words);
            return;
        }
    r->keywords.items = words.items;
    r->keywords.len = words.len;
    r->keywords.cap = words.cap;
}

static void str_list_free(str_list *l)
{
    for (size_t i = 0; i < l->len; i++) free(l->items[i]);
    VEC_FREE(l);
}

static void glob_list_free(glob_list *l)
{
    for (size_t i = 0; i < l->len; i++) glob_pat_free(l->items[i]);
    VEC_FREE(l);
}

static void case_list_free(rule_case_list *l)
{
    for (size_t i = 0; i < l->len; i++) {
        rule_case *c = &l->items[i];
        free(c->code);
        free(c->path);
        free(c->package);
        free(c->ecosystem);
        free(c->spec);
    }
    VEC_FREE(l);
}

void rule_free(rule *r)
{
    free(r->id);
    free(r->message);
    free(r->remediation);
    free(r->file);
    glob_list_free(&r->files);
    glob_list_free(&r->exclude);
    str_list_free(&r->keywords);
    free(r->kw_ids);
    for (int l = 0; l < LANG_COUNT; l++) {
        rules_cquery_free(&r->query[l]);
        rules_cquery_free(&r->inside[l]);
        rules_cquery_free(&r->not_inside[l]);
    }
    if (r->re) pcre2_code_free(r->re);
    for (size_t i = 0; i < r->allow.len; i++) pcre2_code_free(r->allow.items[i]);
    VEC_FREE(&r->allow);
    glob_list_free(&r->paths);
    str_list_free(&r->packages);
    free(r->ecosystem);
    case_list_free(&r->cases_match);
    case_list_free(&r->cases_no_match);
    memset(r, 0, sizeof *r);
}
