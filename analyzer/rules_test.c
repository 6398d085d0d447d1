/* rules_test: proving rules right — inline `tests:` cases and fixture files with
 * `expect: ID` / `ok: ID` annotations. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "match.h"
#include "parse.h"
#include "readcap.h"
#include "rules_impl.h"

typedef struct rule_result {
    size_t match_ok, match_failed, no_match_ok, no_match_noisy;
    buf detail;
} rule_result;

typedef struct tester {
    const ruleset *rs;
    match_state *ms;
    parser_set *parsers;
    rule_result *res;   /* by rule index */
    size_t errors;      /* fixture problems not tied to a rule */
    FILE *out;
} tester;

static const char *default_path(lang l)
{
    switch (l) {
    case LANG_PYTHON: return "snippet.py";
    case LANG_JAVASCRIPT: return "snippet.js";
    case LANG_TYPESCRIPT: return "snippet.ts";
    case LANG_TSX: return "snippet.tsx";
    default: return "snippet.txt";
    }
}

/* All findings for a snippet, as the pipeline would produce them. */
static void run_text(tester *t, const char *path, lang l, const char *text, size_t len,
                     finding_list *fl)
{
    source src;
    source_init_text(&src, path, l, text, len);
    TSTree *tree = NULL;
    if (match_needs_tree(t->ms, &src)) tree = parse_source(t->parsers, &src);
    match_file(t->ms, &src, tree, fl);
    if (tree) ts_tree_delete(tree);
    source_free(&src);
}

static void run_case(tester *t, const rule *r, const rule_case *c, finding_list *fl)
{
    if (r->kind == RULE_PACKAGE) {
        bool pypi = !strcmp(c->ecosystem, "pypi");
        dependency d = {0};
        d.name = xstrdup(c->package);
        if (pypi) rules_normalize_pypi(d.name);
        d.ecosystem = c->ecosystem;
        d.spec = c->spec;
        d.file = pypi ? "requirements.txt" : "package.json";
        d.line = 1;
        match_packages(t->rs, &d, 1, fl);
        free(d.name);
        return;
    }
    const char *path = c->path ? c->path : default_path(c->lang);
    run_text(t, path, c->lang, c->code, strlen(c->code), fl);
}

static const finding *first_of(const finding_list *fl, const char *id)
{
    for (size_t i = 0; i < fl->len; i++)
        if (!strcmp(fl->items[i].rule, id)) return &fl->items[i];
    return NULL;
}

static void run_inline(tester *t, size_t ri)
{
    const rule *r = &t->rs->rules.items[ri];
    rule_result *res = &t->res[ri];
    for (size_t i = 0; i < r->cases_match.len; i++) {
        finding_list fl = {0};
        run_case(t, r, &r->cases_match.items[i], &fl);
        if (first_of(&fl, r->id)) res->match_ok++;
        else {
            res->match_failed++;
            buf_printf(&res->detail, "    %s:%u: match case produced no finding\n", r->file,
                       r->cases_match.items[i].line);
        }
        finding_list_free(&fl);
    }
    for (size_t i = 0; i < r->cases_no_match.len; i++) {
        finding_list fl = {0};
        run_case(t, r, &r->cases_no_match.items[i], &fl);
        const finding *f = first_of(&fl, r->id);
        if (!f) res->no_match_ok++;
        else {
            res->no_match_noisy++;
            buf_printf(&res->detail, "    %s:%u: no_match case matched at line %u: %s\n", r->file,
                       r->cases_no_match.items[i].line, f->line, f->snippet);
        }
        finding_list_free(&fl);
    }
}

/* --- fixtures -------------------------------------------------------------------- */

typedef struct annotation {
    char *rule;
    uint32_t line;   /* the annotated (next code) line */
    bool expect;
} annotation;

typedef VEC(annotation) annotation_list;

// Annotation lines: "# expect: a.b, c.d", "// ok: a.b", "/* expect: a.b */", "<!-- ok: a.b -->".
static bool parse_annotation(const char *p, const char *end, bool *expect, const char **ids)
{
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (end - p >= 4 && !memcmp(p, "<!--", 4)) p += 4;
    else if (end - p >= 2 && (!memcmp(p, "//", 2) || !memcmp(p, "/*", 2))) p += 2;
    else if (p < end && *p == '#') p++;
    else return false;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (end - p >= 7 && !memcmp(p, "expect:", 7)) { *expect = true; *ids = p + 7; return true; }
    if (end - p >= 3 && !memcmp(p, "ok:", 3)) { *expect = false; *ids = p + 3; return true; }
    return false;
}

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

static void add_ids(annotation_list *out, const char *p, const char *end, bool expect, uint32_t line)
{
    while (p < end) {
        while (p < end && !id_char(*p)) p++;
        const char *s = p;
        while (p < end && id_char(*p)) p++;
        if (p > s) {
            annotation a = {xstrndup(s, (size_t)(p - s)), line, expect};
            VEC_PUSH(out, a);
        }
    }
}

static void read_annotations(const source *src, annotation_list *out)
{
    size_t pending_from = out->len;
    for (uint32_t ln = 1; ln <= src->n_lines; ln++) {
        size_t len;
        const char *text = source_line_text(src, ln, &len);
        bool expect;
        const char *ids;
        if (parse_annotation(text, text + len, &expect, &ids)) {
            add_ids(out, ids, text + len, expect, 0);
            continue;
        }
        for (size_t i = pending_from; i < out->len; i++) out->items[i].line = ln;
        pending_from = out->len;
    }
}

static bool has_annotation(const annotation_list *al, const char *id, uint32_t line, bool expect)
{
    for (size_t i = 0; i < al->len; i++)
        if (al->items[i].line == line && al->items[i].expect == expect && !strcmp(al->items[i].rule, id))
            return true;
    return false;
}

static bool has_finding(const finding_list *fl, const char *id, uint32_t line)
{
    for (size_t i = 0; i < fl->len; i++)
        if (fl->items[i].line == line && !strcmp(fl->items[i].rule, id)) return true;
    return false;
}

static void check_fixture_rule(tester *t, size_t ri, const char *fixture,
                               const annotation_list *al, const finding_list *fl)
{
    const rule *r = &t->rs->rules.items[ri];
    rule_result *res = &t->res[ri];
    for (size_t i = 0; i < al->len; i++) {
        const annotation *a = &al->items[i];
        if (strcmp(a->rule, r->id) || a->line == 0) continue;
        bool hit = has_finding(fl, r->id, a->line);
        if (a->expect && hit) res->match_ok++;
        else if (a->expect) {
            res->match_failed++;
            buf_printf(&res->detail, "    %s:%u: expected a finding, got none\n", fixture, a->line);
        } else if (!hit) res->no_match_ok++;
        else {
            res->no_match_noisy++;
            buf_printf(&res->detail, "    %s:%u: marked ok, but matched\n", fixture, a->line);
        }
    }
    for (size_t i = 0; i < fl->len; i++) {
        const finding *f = &fl->items[i];
        if (strcmp(f->rule, r->id) || has_annotation(al, r->id, f->line, true) ||
            has_annotation(al, r->id, f->line, false))
            continue;
        res->no_match_noisy++;
        buf_printf(&res->detail, "    %s:%u: unexpected finding: %s\n", fixture, f->line, f->snippet);
    }
}

static bool rule_known(const tester *t, const char *file, const char *id)
{
    for (size_t i = 0; i < t->rs->rules.len; i++)
        if (!strcmp(t->rs->rules.items[i].id, id) && !strcmp(t->rs->rules.items[i].file, file)) return true;
    return false;
}

/* A fixture file, read whole up to BOUNDS_RULE_FILE_MAX_BYTES (NULL: unreadable or larger). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = {0};
    readcap_status st = readcap_stream(f, BOUNDS_RULE_FILE_MAX_BYTES, &b);
    fclose(f);
    if (st != READCAP_OK) return NULL;
    *len = b.len;
    return buf_take(&b);
}

static lang fixture_lang(const char *ext)
{
    if (!strcmp(ext, "py")) return LANG_PYTHON;
    if (!strcmp(ext, "js") || !strcmp(ext, "mjs") || !strcmp(ext, "cjs") || !strcmp(ext, "jsx")) return LANG_JAVASCRIPT;
    if (!strcmp(ext, "ts") || !strcmp(ext, "mts") || !strcmp(ext, "cts")) return LANG_TYPESCRIPT;
    if (!strcmp(ext, "tsx")) return LANG_TSX;
    return LANG_NONE;
}

/* rules/x/foo.yml + rules/x/foo.test.py: the fixture is scanned as "foo.py". */
static void run_fixture(tester *t, const char *rule_file, const char *fixture, const char *base,
                        const char *ext)
{
    size_t len;
    char *text = slurp(fixture, &len);
    if (!text) {
        fprintf(t->out, "error      %s: cannot read fixture\n", fixture);
        t->errors++;
        return;
    }
    buf vpath = {0};
    buf_printf(&vpath, "%s.%s", base, ext);
    source src;
    source_init_text(&src, vpath.data, fixture_lang(ext), text, len);
    annotation_list al = {0};
    read_annotations(&src, &al);
    source_free(&src);
    finding_list fl = {0};
    run_text(t, vpath.data, fixture_lang(ext), text, len, &fl);
    for (size_t i = 0; i < al.len; i++)
        if (!rule_known(t, rule_file, al.items[i].rule)) {
            fprintf(t->out, "error      %s: annotation names '%s', which %s does not define\n",
                    fixture, al.items[i].rule, rule_file);
            t->errors++;
        }
    for (size_t ri = 0; ri < t->rs->rules.len; ri++)
        if (!strcmp(t->rs->rules.items[ri].file, rule_file)) check_fixture_rule(t, ri, fixture, &al, &fl);
    finding_list_free(&fl);
    for (size_t i = 0; i < al.len; i++) free(al.items[i].rule);
    VEC_FREE(&al);
    buf_free(&vpath);
    free(text);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_fixtures_of(tester *t, const char *rule_file)
{
    const char *slash = strrchr(rule_file, '/');
    char *dir = slash ? xstrndup(rule_file, (size_t)(slash - rule_file)) : xstrdup(".");
    const char *name = slash ? slash + 1 : rule_file;
    const char *dot = strrchr(name, '.');
    char *base = xstrndup(name, dot ? (size_t)(dot - name) : strlen(name));
    buf prefix = {0};
    buf_printf(&prefix, "%s.test.", base);
    DIR *d = opendir(dir);
    str_list names = {0};
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (!strncmp(de->d_name, prefix.data, prefix.len) && de->d_name[prefix.len])
            VEC_PUSH(&names, xstrdup(de->d_name));
    if (d) closedir(d);
    if (names.len) qsort(names.items, names.len, sizeof *names.items, cmp_name);
    for (size_t i = 0; i < names.len; i++) {
        buf path = {0};
        buf_printf(&path, "%s/%s", dir, names.items[i]);
        run_fixture(t, rule_file, path.data, base, names.items[i] + prefix.len);
        buf_free(&path);
        free(names.items[i]);
    }
    VEC_FREE(&names);
    buf_free(&prefix);
    free(base);
    free(dir);
}

/* --- report ---------------------------------------------------------------------- */

static const char *verdict(const rule_result *r, buf *why)
{
    if (r->match_failed) return "failing";
    if (r->no_match_noisy) return "noisy";
    if (!r->match_ok || !r->no_match_ok) {
        buf_puts(why, !r->match_ok && !r->no_match_ok ? "no match case and no no_match case"
                      : !r->match_ok ? "no match case" : "no no_match case");
        return "missing";
    }
    return "validated";
}

bool rules_test_report(const ruleset *rs, FILE *out)
{
    tester t = {rs, match_state_new(rs), parse_new(), xcalloc(rs->rules.len + 1, sizeof(rule_result)), 0, out};
    for (size_t i = 0; i < rs->rules.len; i++) run_inline(&t, i);
    for (size_t i = 0; i < rs->files.len; i++) run_fixtures_of(&t, rs->files.items[i]);
    size_t passed = 0, failed = 0;
    for (size_t i = 0; i < rs->rules.len; i++) {
        rule_result *r = &t.res[i];
        buf why = {0};
        const char *v = verdict(r, &why);
        fprintf(out, "%-10s %s  (%zu/%zu match, %zu/%zu no_match)%s%s\n", v, rs->rules.items[i].id,
                r->match_ok, r->match_ok + r->match_failed, r->no_match_ok,
                r->no_match_ok + r->no_match_noisy, why.len ? ": " : "", why.len ? why.data : "");
        if (r->detail.len) fputs(r->detail.data, out);
        if (!strcmp(v, "validated")) passed++;
        else failed++;
        buf_free(&why);
        buf_free(&r->detail);
    }
    fprintf(out, "%zu passed, %zu failed\n", passed, failed);
    free(t.res);
    parse_free(t.parsers);
    match_state_free(t.ms);
    return failed == 0 && t.errors == 0;
}
