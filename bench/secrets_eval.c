/* secrets-eval: scores the secret rules on the labelled vectors of
 * ../shared/eval/secrets (gitleaks and secretlint test data; see its README).
 *
 *   secrets-eval [--rules DIR]... [--list [--hits]] [--summary] [--min-recall P] [--max-fp P] EVALDIR
 *
 * EVALDIR is what `make-files.py --out EVALDIR` writes: EVALDIR/files/<id>.<ext>, one
 * vector per file, and EVALDIR/expected.json with each file's label. Every file is
 * matched with the rule engine exactly as a scan would (regex rules on the text, query
 * rules on the tree) and counts as flagged when a finding of a secrets.* rule that
 * violates an item at warning or blocker severity is reported on one of its lines.
 * Informational findings (public-by-design keys, secret-manager use) and whole-file
 * findings (a committed .env) do not count.
 *
 * Prints recall on `secret` and the false-positive rate on `not_secret`, per kind and
 * overall (--summary: overall only); --list adds every miss and false positive (vector id, kind, rules;
 * snippets come redacted from the engine), --hits also every secret found (HIT, with the rule that found
 * it). Exit status: 0 when recall >= --min-recall and the
 * false-positive rate <= --max-fp (defaults 0.95 and 0.03), 1 otherwise, 2 on errors.
 *
 * The scoring lives in secrets_eval_run() so that tests/test_secrets_eval.c can call it
 * (it includes this file with SECRETS_EVAL_NO_MAIN). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "match.h"
#include "parse.h"
#include "rules.h"

/* --- a small JSON reader, enough for expected.json ------------------------------------ */

typedef enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jval jval;
typedef struct jmember {
    char *key;
    jval *val;
} jmember;

struct jval {
    jtype type;
    char *str;          /* J_STR; J_NUM keeps its text */
    bool b;
    VEC(jmember) obj;   /* J_OBJ */
    VEC(jval *) arr;    /* J_ARR */
};

typedef struct jparser {
    const char *p, *end;
    const char *err;
    int depth;
} jparser;

static void jfree(jval *v)
{
    if (!v) return;
    free(v->str);
    for (size_t i = 0; i < v->obj.len; i++) {
        free(v->obj.items[i].key);
        jfree(v->obj.items[i].val);
    }
    VEC_FREE(&v->obj);
    for (size_t i = 0; i < v->arr.len; i++) jfree(v->arr.items[i]);
    VEC_FREE(&v->arr);
    free(v);
}

static void jws(jparser *jp)
{
    while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r')) jp->p++;
}

static void put_utf8(buf *b, unsigned cp)
{
    if (cp < 0x80) buf_putc(b, (char)cp);
    else if (cp < 0x800) { buf_putc(b, (char)(0xC0 | cp >> 6)); buf_putc(b, (char)(0x80 | (cp & 0x3F))); }
    else if (cp < 0x10000) {
        buf_putc(b, (char)(0xE0 | cp >> 12));
        buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        buf_putc(b, (char)(0xF0 | cp >> 18));
        buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
        buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

static bool hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int c = p[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return false;
        v = v * 16 + (unsigned)d;
    }
    *out = v;
    return true;
}

static char *jstring(jparser *jp)
{
    if (jp->p >= jp->end || *jp->p != '"') { jp->err = "expected a string"; return NULL; }
    jp->p++;
    buf b = {0};
    while (jp->p < jp->end && *jp->p != '"') {
        char c = *jp->p++;
        if (c != '\\') { buf_putc(&b, c); continue; }
        if (jp->p >= jp->end) break;
        c = *jp->p++;
        switch (c) {
        case 'n': buf_putc(&b, '\n'); break;
        case 't': buf_putc(&b, '\t'); break;
        case 'r': buf_putc(&b, '\r'); break;
        case 'b': buf_putc(&b, '\b'); break;
        case 'f': buf_putc(&b, '\f'); break;
        case 'u': {
            unsigned cp;
            if (jp->end - jp->p < 4 || !hex4(jp->p, &cp)) { jp->err = "bad \\u escape"; buf_free(&b); return NULL; }
            jp->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && jp->end - jp->p >= 6 && jp->p[0] == '\\' && jp->p[1] == 'u') {
                unsigned lo;
                if (hex4(jp->p + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    jp->p += 6;
                }
            }
            put_utf8(&b, cp);
            break;
        }
        default: buf_putc(&b, c); break; /* \" \\ \/ */
        }
    }
    if (jp->p >= jp->end) { jp->err = "unterminated string"; buf_free(&b); return NULL; }
    jp->p++;
    if (!b.data) buf_puts(&b, "");
    return buf_take(&b);
}

static jval *jvalue(jparser *jp)
{
    jws(jp);
    if (jp->p >= jp->end) { jp->err = "unexpected end"; return NULL; }
    if (++jp->depth > 64) { jp->err = "nested too deeply"; return NULL; }
    jval *v = xcalloc(1, sizeof *v);
    char c = *jp->p;
    if (c == '{' || c == '[') {
        bool obj = c == '{';
        v->type = obj ? J_OBJ : J_ARR;
        jp->p++;
        jws(jp);
        if (jp->p < jp->end && *jp->p == (obj ? '}' : ']')) { jp->p++; goto done; }
        for (;;) {
            jws(jp);
            char *key = NULL;
            if (obj) {
                key = jstring(jp);
                jws(jp);
                if (!key || jp->p >= jp->end || *jp->p != ':') { free(key); if (!jp->err) jp->err = "expected ':'"; break; }
                jp->p++;
            }
            jval *item = jvalue(jp);
            if (!item) { free(key); break; }
            if (obj) { jmember m = {key, item}; VEC_PUSH(&v->obj, m); }
            else VEC_PUSH(&v->arr, item);
            jws(jp);
            if (jp->p < jp->end && *jp->p == ',') { jp->p++; continue; }
            if (jp->p < jp->end && *jp->p == (obj ? '}' : ']')) { jp->p++; goto done; }
            jp->err = "expected ',' or a closing bracket";
            break;
        }
        jfree(v);
        return NULL;
    }
    if (c == '"') {
        v->type = J_STR;
        v->str = jstring(jp);
        if (!v->str) { jfree(v); return NULL; }
    } else if (!strncmp(jp->p, "true", 4) || !strncmp(jp->p, "false", 5)) {
        v->type = J_BOOL;
        v->b = *jp->p == 't';
        jp->p += v->b ? 4 : 5;
    } else if (!strncmp(jp->p, "null", 4)) {
        jp->p += 4;
    } else if (c == '-' || isdigit((unsigned char)c)) {
        const char *s = jp->p;
        while (jp->p < jp->end && strchr("+-.eE0123456789", *jp->p)) jp->p++;
        v->type = J_NUM;
        v->str = xstrndup(s, (size_t)(jp->p - s));
    } else {
        jp->err = "unexpected character";
        jfree(v);
        return NULL;
    }
done:
    jp->depth--;
    return v;
}

static const char *jget_str(const jval *obj, const char *key)
{
    if (!obj || obj->type != J_OBJ) return NULL;
    for (size_t i = 0; i < obj->obj.len; i++)
        if (!strcmp(obj->obj.items[i].key, key))
            return obj->obj.items[i].val->type == J_STR ? obj->obj.items[i].val->str : NULL;
    return NULL;
}

/* --- scoring ----------------------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = {0};
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_append(&b, tmp, n);
    fclose(f);
    if (!b.data) buf_puts(&b, "");
    *len = b.len;
    return buf_take(&b);
}

static lang lang_of_ext(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot) return LANG_NONE;
    if (!strcmp(dot, ".py")) return LANG_PYTHON;
    if (!strcmp(dot, ".js")) return LANG_JAVASCRIPT;
    if (!strcmp(dot, ".ts")) return LANG_TYPESCRIPT;
    if (!strcmp(dot, ".tsx")) return LANG_TSX;
    return LANG_NONE;
}

/* A finding that locates a credential: a secrets.* rule that violates, at warning or
 * worse, on a line (whole-file findings such as "an env file is committed" are about the
 * file, not about a secret in it). */
static bool flags_secret(const finding *f)
{
    return !strncmp(f->rule, "secrets.", 8) && f->effect == EFFECT_VIOLATES && f->severity >= SEV_WARNING &&
           f->line > 0;
}

typedef struct kind_score {
    char *kind;
    size_t secret, found, not_secret, flagged;
} kind_score;

typedef struct eval_result {
    VEC(kind_score) kinds;   /* sorted by kind */
    size_t secret, found, not_secret, flagged;
    size_t rules;
} eval_result;

static void eval_result_free(eval_result *r)
{
    for (size_t i = 0; i < r->kinds.len; i++) free(r->kinds.items[i].kind);
    VEC_FREE(&r->kinds);
}

static kind_score *kind_of(eval_result *r, const char *kind)
{
    for (size_t i = 0; i < r->kinds.len; i++)
        if (!strcmp(r->kinds.items[i].kind, kind)) return &r->kinds.items[i];
    kind_score k = {xstrdup(kind), 0, 0, 0, 0};
    VEC_PUSH(&r->kinds, k);
    return &r->kinds.items[r->kinds.len - 1];
}

static int cmp_kind(const void *a, const void *b)
{
    return strcmp(((const kind_score *)a)->kind, ((const kind_score *)b)->kind);
}

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0.0; }

/* Scores every vector of dir against the rules in rule_dirs; details (misses and false
 * positives) go to list when it is not NULL. Returns false on errors (message on stderr). */
static bool secrets_eval_run(const char *dir, const char *const *rule_dirs, size_t n_dirs,
                             FILE *list, bool hits, eval_result *res)
{
    memset(res, 0, sizeof *res);
    char *err = NULL;
    ruleset *rs = rules_load(rule_dirs, n_dirs, NULL, &err);
    if (!rs) {
        fprintf(stderr, "secrets-eval: %s", err);
        free(err);
        return false;
    }
    res->rules = rules_count(rs);
    buf path = {0};
    buf_printf(&path, "%s/expected.json", dir);
    size_t len;
    char *text = slurp(path.data, &len);
    if (!text) {
        fprintf(stderr, "secrets-eval: cannot read %s (run make-files.py --out %s first)\n", path.data, dir);
        buf_free(&path);
        rules_free(rs);
        return false;
    }
    jparser jp = {text, text + len, NULL, 0};
    jval *root = jvalue(&jp);
    if (!root || root->type != J_OBJ) {
        fprintf(stderr, "secrets-eval: %s: %s\n", path.data, jp.err ? jp.err : "expected an object");
        jfree(root);
        free(text);
        buf_free(&path);
        rules_free(rs);
        return false;
    }
    match_state *ms = match_state_new(rs);
    parser_set *ps = parse_new();
    bool ok = true;
    for (size_t i = 0; i < root->obj.len && ok; i++) {
        const char *rel = root->obj.items[i].key;
        const jval *rec = root->obj.items[i].val;
        const char *expect = jget_str(rec, "expect"), *kind = jget_str(rec, "kind"), *id = jget_str(rec, "id");
        if (!expect || !kind) {
            fprintf(stderr, "secrets-eval: %s: no expect/kind\n", rel);
            ok = false;
            break;
        }
        buf fp = {0};
        buf_printf(&fp, "%s/%s", dir, rel);
        size_t flen;
        char *ftext = slurp(fp.data, &flen);
        buf_free(&fp);
        if (!ftext) {
            fprintf(stderr, "secrets-eval: cannot read %s/%s\n", dir, rel);
            ok = false;
            break;
        }
        source s;
        source_init_text(&s, rel, lang_of_ext(rel), ftext, flen);
        TSTree *t = match_needs_tree(ms, &s) ? parse_source(ps, &s) : NULL;
        finding_list fl = {0};
        match_file(ms, &s, t, &fl);
        if (t) ts_tree_delete(t);
        bool flagged = false;
        for (size_t k = 0; k < fl.len; k++) flagged |= flags_secret(&fl.items[k]);
        bool is_secret = !strcmp(expect, "secret");
        kind_score *ks = kind_of(res, kind);
        if (is_secret) { ks->secret++; res->secret++; ks->found += flagged; res->found += flagged; }
        else { ks->not_secret++; res->not_secret++; ks->flagged += flagged; res->flagged += flagged; }
        if (list && (is_secret != flagged || (hits && flagged))) {
            fprintf(list, "%s %-5s %-22s %s", is_secret != flagged ? (is_secret ? "MISS" : "FP  ") : "HIT ",
                    id ? id : rel, kind, rel);
            for (size_t k = 0; k < fl.len; k++)
                if (flags_secret(&fl.items[k]))
                    fprintf(list, "\n      %s:%u %s", fl.items[k].rule, fl.items[k].line, fl.items[k].snippet);
            fputc('\n', list);
        }
        finding_list_free(&fl);
        source_free(&s);
        free(ftext);
    }
    if (res->kinds.len) qsort(res->kinds.items, res->kinds.len, sizeof *res->kinds.items, cmp_kind);
    parse_free(ps);
    match_state_free(ms);
    jfree(root);
    free(text);
    buf_free(&path);
    rules_free(rs);
    return ok;
}

static void secrets_eval_print(const eval_result *r, bool summary, FILE *out)
{
    if (summary) goto overall;
    fprintf(out, "%-22s %15s %19s\n", "kind", "recall(secret)", "false pos(not_sec)");
    for (size_t i = 0; i < r->kinds.len; i++) {
        const kind_score *k = &r->kinds.items[i];
        char a[32] = "-", b[32] = "-";
        if (k->secret) snprintf(a, sizeof a, "%zu/%zu", k->found, k->secret);
        if (k->not_secret) snprintf(b, sizeof b, "%zu/%zu", k->flagged, k->not_secret);
        fprintf(out, "%-22s %15s %19s\n", k->kind, a, b);
    }
overall:
    fprintf(out, "overall: recall %.1f%% (%zu/%zu secret), false positives %.1f%% (%zu/%zu not_secret); %zu rules loaded\n",
            100 * ratio(r->found, r->secret), r->found, r->secret, 100 * ratio(r->flagged, r->not_secret),
            r->flagged, r->not_secret, r->rules);
}

#ifndef SECRETS_EVAL_NO_MAIN
int main(int argc, char **argv)
{
    VEC(const char *) dirs = {0};
    const char *dir = NULL;
    bool list = false, hits = false, summary = false;
    double min_recall = 0.95, max_fp = 0.03;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rules") && i + 1 < argc) VEC_PUSH(&dirs, argv[++i]);
        else if (!strcmp(argv[i], "--list")) list = true;
        else if (!strcmp(argv[i], "--hits")) hits = list = true;
        else if (!strcmp(argv[i], "--summary")) summary = true;
        else if (!strcmp(argv[i], "--min-recall") && i + 1 < argc) min_recall = atof(argv[++i]);
        else if (!strcmp(argv[i], "--max-fp") && i + 1 < argc) max_fp = atof(argv[++i]);
        else if (argv[i][0] != '-' && !dir) dir = argv[i];
        else {
            fprintf(stderr, "usage: secrets-eval [--rules DIR]... [--list [--hits]] [--summary] [--min-recall P] [--max-fp P] EVALDIR\n");
            VEC_FREE(&dirs);
            return 2;
        }
    }
    if (!dir) {
        fprintf(stderr, "usage: secrets-eval [--rules DIR]... [--list [--hits]] [--summary] [--min-recall P] [--max-fp P] EVALDIR\n");
        VEC_FREE(&dirs);
        return 2;
    }
    if (!dirs.len) VEC_PUSH(&dirs, "rules");
    eval_result r;
    bool ok = secrets_eval_run(dir, dirs.items, dirs.len, list ? stdout : NULL, hits, &r);
    VEC_FREE(&dirs);
    if (!ok) {
        eval_result_free(&r);
        return 2;
    }
    secrets_eval_print(&r, summary, stdout);
    bool pass = ratio(r.found, r.secret) >= min_recall && ratio(r.flagged, r.not_secret) <= max_fp;
    printf("%s: recall >= %.0f%% and false positives <= %.0f%%\n", pass ? "PASS" : "FAIL", 100 * min_recall,
           100 * max_fp);
    eval_result_free(&r);
    return pass ? 0 : 1;
}
#endif
