/* rules_cost: what the rule engine adds to a scan.
 *
 * Loads every file under the corpus folders into memory once, then times three passes
 * over them (best of --repeat runs each, one thread):
 *   base   parse every code file (the scan with no rules: the pipeline parses anyway);
 *   rules  the same, plus match_file with the loaded rules on every file;
 *   lazy   parse only when match_needs_tree says a query rule wants the tree, plus
 *          match_file (the cost when no other stage needs the tree).
 * Reading, walking and reporting are left out of all three, so the ratios are an upper
 * bound on what the engine adds to a whole scan.
 *
 * usage: rules_cost [--rules DIR]... [--repeat N] [--pass base|rules|lazy] CORPUS_DIR...
 * (--pass runs that pass alone, for a profiler) */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "match.h"
#include "parse.h"
#include "rules.h"

typedef VEC(char *) path_list;
typedef VEC(source) source_list;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: other load on the machine does not count */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void walk(const char *dir, path_list *out)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || !strcmp(de->d_name, "node_modules") || !strcmp(de->d_name, "__pycache__"))
            continue;
        buf p = {0};
        buf_printf(&p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(p.data, &st) == 0 && S_ISDIR(st.st_mode)) walk(p.data, out);
        else if (S_ISREG(st.st_mode)) { VEC_PUSH(out, buf_take(&p)); continue; }
        buf_free(&p);
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static lang lang_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot) return LANG_NONE;
    if (!strcmp(dot, ".py")) return LANG_PYTHON;
    if (!strcmp(dot, ".js") || !strcmp(dot, ".mjs") || !strcmp(dot, ".cjs") || !strcmp(dot, ".jsx")) return LANG_JAVASCRIPT;
    if (!strcmp(dot, ".ts") || !strcmp(dot, ".mts") || !strcmp(dot, ".cts")) return LANG_TYPESCRIPT;
    if (!strcmp(dot, ".tsx")) return LANG_TSX;
    return LANG_NONE;
}

typedef enum mode { MODE_BASE, MODE_RULES, MODE_LAZY } mode;

typedef struct pass_result {
    double seconds;
    size_t findings, parsed;
} pass_result;

static pass_result pass(mode m, const source_list *files, const ruleset *rs)
{
    parser_set *ps = parse_new();
    match_state *ms = rs ? match_state_new(rs) : NULL;
    pass_result r = {0, 0, 0};
    double t0 = now();
    for (size_t i = 0; i < files->len; i++) {
        const source *s = &files->items[i];
        bool want = m == MODE_LAZY ? match_needs_tree(ms, s) : s->lang != LANG_NONE;
        TSTree *tree = want ? parse_source(ps, s) : NULL;
        if (tree) r.parsed++;
        if (m != MODE_BASE) {
            finding_list fl = {0};
            match_file(ms, s, tree, &fl);
            r.findings += fl.len;
            finding_list_free(&fl);
        }
        if (tree) ts_tree_delete(tree);
    }
    r.seconds = now() - t0;
    match_state_free(ms);
    parse_free(ps);
    return r;
}

static pass_result best_of(int n, mode m, const source_list *files, const ruleset *rs)
{
    pass_result best = pass(m, files, rs);
    for (int i = 1; i < n; i++) {
        pass_result r = pass(m, files, rs);
        if (r.seconds < best.seconds) best = r;
    }
    return best;
}

int main(int argc, char **argv)
{
    VEC(const char *) rule_dirs = {0};
    path_list paths = {0};
    int repeat = 3;
    const char *only_pass = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rules") && i + 1 < argc) VEC_PUSH(&rule_dirs, argv[++i]);
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--pass") && i + 1 < argc) only_pass = argv[++i];
        else walk(argv[i], &paths);
    }
    if (paths.len == 0 || rule_dirs.len == 0) {
        fprintf(stderr, "usage: rules_cost [--rules DIR]... [--repeat N] CORPUS_DIR...\n");
        return 2;
    }
    qsort(paths.items, paths.len, sizeof *paths.items, cmp_str);

    double t0 = now();
    char *err = NULL;
    ruleset *rs = rules_load(rule_dirs.items, rule_dirs.len, NULL, &err);
    if (!rs) { fprintf(stderr, "%s", err); return 2; }
    double load_s = now() - t0;
    size_t kinds[4] = {0};
    for (size_t i = 0; i < rules_count(rs); i++) {
        rule_info ri;
        rules_info(rs, i, &ri);
        kinds[!strcmp(ri.kind, "query") ? 0 : !strcmp(ri.kind, "regex") ? 1 : !strcmp(ri.kind, "path") ? 2 : 3]++;
    }

    source_list files = {0};
    size_t bytes = 0, code = 0;
    source_limits lim = {1 << 20, 500};
    for (size_t i = 0; i < paths.len; i++) {
        source s = {0};
        s.path = paths.items[i];
        s.lang = lang_of(paths.items[i]);
        s.cls = s.lang ? CLASS_CODE : CLASS_OTHER;
        const char *detail;
        int fd = open(paths.items[i], O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) continue;
        if (source_load_fd(&s, fd, &lim, &detail) != SKIP_NONE) {
            source_free(&s);
            continue;
        }
        bytes += s.len;
        code += s.lang != LANG_NONE;
        VEC_PUSH(&files, s);
    }
    printf("corpus: %zu files (%zu code), %.1f MB\n", files.len, code, (double)bytes / 1e6);
    printf("rules:  %zu (%zu query, %zu regex, %zu path, %zu package), loaded and compiled in %.3f s\n",
           rules_count(rs), kinds[0], kinds[1], kinds[2], kinds[3], load_s);

    if (only_pass) {
        mode m = !strcmp(only_pass, "base") ? MODE_BASE : !strcmp(only_pass, "lazy") ? MODE_LAZY : MODE_RULES;
        pass_result r = best_of(repeat, m, &files, m == MODE_BASE ? NULL : rs);
        printf("%s: %.3f s\n", only_pass, r.seconds);
        return 0;
    }
    pass_result base = best_of(repeat, MODE_BASE, &files, NULL);
    pass_result with = best_of(repeat, MODE_RULES, &files, rs);
    pass_result lazy = best_of(repeat, MODE_LAZY, &files, rs);
    printf("base  (parse, no rules):        %7.3f s  %5.1f MB/s\n", base.seconds, (double)bytes / 1e6 / base.seconds);
    printf("rules (parse + match_file):     %7.3f s  ratio %.3f  (%zu findings)\n", with.seconds,
           with.seconds / base.seconds, with.findings);
    printf("lazy  (parse on demand + match): %6.3f s  ratio %.3f  (%zu of %zu code files parsed)\n",
           lazy.seconds, lazy.seconds / base.seconds, lazy.parsed, code);

    for (size_t i = 0; i < files.len; i++) source_free(&files.items[i]);
    VEC_FREE(&files);
    for (size_t i = 0; i < paths.len; i++) free(paths.items[i]);
    VEC_FREE(&paths);
    VEC_FREE(&rule_dirs);
    rules_free(rs);
    return 0;
}
