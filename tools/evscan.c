/* evscan: a development harness that runs the rule pack and the CI stage over a folder
 * and prints one line per finding: "file:line<TAB>rule<TAB>items<TAB>effect".
 * It stands in for `aiready scan` until the pipeline on main runs rules; its dependency
 * reading is deliberately crude (requirements*.txt, package.json, pyproject.toml lines).
 *
 *   make && cc -std=c11 -D_DEFAULT_SOURCE -Ianalyzer -Ibuild/deps/tree-sitter/vendor/tree-sitter/lib/include \
 *      -o build/evscan tools/evscan.c $(ls build/obj/*.o | grep -v main.o) build/deps/libts.a \
 *      -lpcre2-8 -lyaml -lm -pthread
 *   build/evscan rules fixtures/evidence-full */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "ci.h"
#include "deps.h"
#include "match.h"
#include "parse.h"
#include "rules.h"

static lang lang_of(const char *p)
{
    const char *d = strrchr(p, '.');
    if (!d) return LANG_NONE;
    if (!strcmp(d, ".py")) return LANG_PYTHON;
    if (!strcmp(d, ".js") || !strcmp(d, ".mjs") || !strcmp(d, ".cjs") || !strcmp(d, ".jsx")) return LANG_JAVASCRIPT;
    if (!strcmp(d, ".ts") || !strcmp(d, ".mts")) return LANG_TYPESCRIPT;
    if (!strcmp(d, ".tsx")) return LANG_TSX;
    return LANG_NONE;
}

static void add_dep(dependency_list *deps, const char *name, size_t n, const char *eco, const char *file, uint32_t line)
{
    if (!n) return;
    dependency d = {0};
    d.name = xstrndup(name, n);
    if (!strcmp(eco, "pypi"))
        for (char *c = d.name; *c; c++) {
            if (*c == '_' || *c == '.') *c = '-';
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        }
    d.ecosystem = xstrdup(eco);
    d.spec = xstrdup("");
    d.file = xstrdup(file);
    d.line = line;
    VEC_PUSH(deps, d);
}

static void crude_deps(const source *s, dependency_list *deps)
{
    const char *base = strrchr(s->path, '/');
    base = base ? base + 1 : s->path;
    bool req = !strncmp(base, "requirements", 12) && strstr(base, ".txt");
    bool pkg = !strcmp(base, "package.json");
    bool pyp = !strcmp(base, "pyproject.toml");
    if (!req && !pkg && !pyp) return;
    bool in_deps = false;
    for (uint32_t l = 1; l <= s->n_lines; l++) {
        size_t len;
        const char *t = source_line_text(s, l, &len);
        while (len && (*t == ' ' || *t == '\t')) t++, len--;
        if (req) {
            size_t n = 0;
            while (n < len && (isalnum((unsigned char)t[n]) || t[n] == '-' || t[n] == '_' || t[n] == '.')) n++;
            if (n && t[0] != '#') add_dep(deps, t, n, "pypi", s->path, l);
        } else if (pkg) {
            if (len > 10 && strstr(t, "ependencies\"")) { in_deps = true; continue; }
            if (in_deps && len && t[0] == '}') { in_deps = false; continue; }
            if (in_deps && len > 2 && t[0] == '"') {
                const char *e = memchr(t + 1, '"', len - 1);
                if (e) add_dep(deps, t + 1, (size_t)(e - t - 1), "npm", s->path, l);
            }
        } else {
            /* "name>=1", in a dependencies array, or name = "..." under [tool.poetry.dependencies] */
            if (len && t[0] == '[') { in_deps = strstr(t, "dependencies") != NULL; continue; }
            if (len > 8 && !strncmp(t, "dependencies", 12)) { in_deps = true; continue; }
            if (!in_deps) continue;
            if (len && t[0] == ']') { in_deps = false; continue; }
            const char *q = t[0] == '"' || t[0] == '\'' ? t + 1 : t;
            size_t n = 0;
            while (q + n < t + len && (isalnum((unsigned char)q[n]) || q[n] == '-' || q[n] == '_' || q[n] == '.')) n++;
            if (n && strncmp(q, "python", n)) add_dep(deps, q, n, "pypi", s->path, l);
        }
    }
}

typedef struct scan {
    const char *root;
    match_state *ms;
    parser_set *ps;
    finding_list out;
    dependency_list deps;
} scan;

static void walk(scan *sc, const char *rel)
{
    buf abs = {0};
    buf_printf(&abs, "%s%s%s", sc->root, *rel ? "/" : "", rel);
    DIR *d = opendir(abs.data);
    if (!d) { buf_free(&abs); return; }
    VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *n = de->d_name;
        if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, ".git") || !strcmp(n, "node_modules") ||
            !strcmp(n, ".venv") || !strcmp(n, "venv") || !strcmp(n, "__pycache__") || !strcmp(n, "dist") ||
            !strcmp(n, ".next") || !strcmp(n, "site-packages"))
            continue;
        VEC_PUSH(&names, xstrdup(n));
    }
    closedir(d);
    for (size_t i = 0; i < names.len; i++) {
        buf r = {0};
        buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", names.items[i]);
        buf a = {0};
        buf_printf(&a, "%s/%s", sc->root, r.data);
        struct stat st;
        if (lstat(a.data, &st) == 0 && S_ISDIR(st.st_mode)) walk(sc, r.data);
        else if (S_ISREG(st.st_mode) && st.st_size < 2 * 1024 * 1024) {
            source s = {0};
            source_limits lim = {2 * 1024 * 1024, 5000};
            const char *detail;
            if (source_load(&s, a.data, &lim, &detail) == SKIP_NONE) {
                s.path = r.data;
                s.lang = lang_of(r.data);
                TSTree *t = match_needs_tree(sc->ms, &s) ? parse_source(sc->ps, &s) : NULL;
                match_file(sc->ms, &s, t, &sc->out);
                if (t) ts_tree_delete(t);
                if (ci_is_config(r.data)) ci_analyze(&s, &sc->out);
                crude_deps(&s, &sc->deps);
                source_free(&s);
            }
        }
        buf_free(&a);
        buf_free(&r);
        free(names.items[i]);
    }
    VEC_FREE(&names);
    buf_free(&abs);
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: evscan RULES_DIR ROOT\n"); return 2; }
    char *err = NULL;
    const char *dirs[] = {argv[1]};
    ruleset *rs = rules_load(dirs, 1, NULL, &err);
    if (!rs) { fprintf(stderr, "%s", err); return 2; }
    scan sc = {argv[2], match_state_new(rs), parse_new(), {0}, {0}};
    walk(&sc, "");
    match_packages(rs, sc.deps.items, sc.deps.len, &sc.out);
    qsort(sc.out.items, sc.out.len, sizeof *sc.out.items, finding_compare);
    for (size_t i = 0; i < sc.out.len; i++) {
        const finding *f = &sc.out.items[i];
        printf("%s:%u\t%s\t", f->file, f->line, f->rule);
        for (int k = 0; k < f->n_items; k++) printf("%s%d", k ? "," : "", f->items[k]);
        printf("\t%s\n", effect_name(f->effect));
    }
    finding_list_free(&sc.out);
    for (size_t i = 0; i < sc.deps.len; i++) {
        dependency *d = &sc.deps.items[i];
        free(d->name); free(d->ecosystem); free(d->spec); free(d->file);
    }
    VEC_FREE(&sc.deps);
    match_state_free(sc.ms);
    parse_free(sc.ps);
    rules_free(rs);
    return 0;
}
