/* rules_cmd: the `aiready rules list` and `aiready rules test` commands. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "rule_text.h"
#include "rules.h"

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *rules_default_dir(void)
{
    const char *env = getenv("AIREADY_RULES");
    if (env && *env) return xstrdup(env);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        static const char *const rel[] = {"/../share/aiready/rules", "/../rules", "/../../rules"};
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
            buf b = {0};
            buf_printf(&b, "%s%s", exe, rel[i]);
            if (is_dir(b.data)) return buf_take(&b);
            buf_free(&b);
        }
    }
    return is_dir("rules") ? xstrdup("rules") : NULL;
}

typedef VEC(const char *) cstr_list;

typedef struct cmd_args {
    cstr_list dirs, extra, only, disable;
    char *default_dir;
} cmd_args;

static void args_free(cmd_args *a)
{
    VEC_FREE(&a->dirs);
    VEC_FREE(&a->extra);
    VEC_FREE(&a->only);
    VEC_FREE(&a->disable);
    free(a->default_dir);
}

static bool parse_args(const char *cmd, int argc, char **argv, cmd_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        cstr_list *to = !strcmp(o, "--rules") ? &a->extra : !strcmp(o, "--only") ? &a->only
                      : !strcmp(o, "--disable") ? &a->disable : NULL;
        if (to) {
            if (i + 1 >= argc) { fprintf(stderr, "aiready: rules %s: %s needs a value\n", cmd, o); return false; }
            VEC_PUSH(to, argv[++i]);
        } else if (o[0] == '-') {
            fprintf(stderr, "aiready: rules %s: unknown option '%s' (see aiready rules --help)\n", cmd, o);
            return false;
        } else {
            VEC_PUSH(&a->dirs, o);
        }
    }
    if (a->dirs.len == 0) {
        a->default_dir = rules_default_dir();
        if (!a->default_dir) {
            fprintf(stderr, "aiready: rules %s: no rules folder found (set AIREADY_RULES or name a DIR)\n", cmd);
            return false;
        }
        VEC_PUSH(&a->dirs, a->default_dir);
    }
    for (size_t i = 0; i < a->extra.len; i++) VEC_PUSH(&a->dirs, a->extra.items[i]);
    return true;
}

static ruleset *load(const char *cmd, cmd_args *a)
{
    rules_select sel = {a->only.items, a->only.len, a->disable.items, a->disable.len, rule_text_is_stage};
    char *err = NULL;
    ruleset *rs = rules_load(a->dirs.items, a->dirs.len, &sel, &err);
    if (!rs) {
        /* one line: the problems, one per line in err, joined with "; " */
        fprintf(stderr, "aiready: rules %s: invalid rules", cmd);
        const char *sep = ": ";
        for (const char *p = err ? err : ""; *p;) {
            size_t n = strcspn(p, "\n");
            if (n) { fprintf(stderr, "%s%.*s", sep, (int)n, p); sep = "; "; }
            p += n + (p[n] == '\n');
        }
        fputc('\n', stderr);
        free(err);
    }
    return rs;
}

static void items_text(const rule_info *ri, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (uint8_t i = 0; i < ri->n_items && used < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%s%u", i ? "," : "", ri->items[i]);
}

typedef VEC(rule_info) rule_info_list;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const rule_info *)a)->id, ((const rule_info *)b)->id);
}

/* The rule files' rules and the ids the analysis stages emit (rule_text.h), as --only /
 * --disable leave them, sorted by id. Returns how many came from the stages. */
static size_t listed_rules(const ruleset *rs, rule_info_list *out)
{
    for (size_t i = 0; i < rules_count(rs); i++) {
        rule_info ri;
        rules_info(rs, i, &ri);
        VEC_PUSH(out, ri);
    }
    size_t stages = 0;
    for (size_t i = 0; i < rule_text_stage_count(); i++) {
        const stage_rule *r = rule_text_stage(i);
        if (!rules_selected(rs, r->id)) continue;
        rule_info ri;
        rule_text_stage_info(r, &ri);
        VEC_PUSH(out, ri);
        stages++;
    }
    if (out->len > 1) qsort(out->items, out->len, sizeof *out->items, by_id);
    return stages;
}

int rules_cmd_list(int argc, char **argv)
{
    cmd_args a;
    if (!parse_args("list", argc, argv, &a)) { args_free(&a); return 2; }
    ruleset *rs = load("list", &a);
    args_free(&a);
    if (!rs) return 2;
    rule_info_list all = {0};
    size_t stages = listed_rules(rs, &all);
    int w = 2;
    for (size_t i = 0; i < all.len; i++)
        if ((int)strlen(all.items[i].id) > w) w = (int)strlen(all.items[i].id);
    printf("%-*s  %-8s %-8s %s\n", w, "ID", "ITEM", "SEVERITY", "MESSAGE");
    for (size_t i = 0; i < all.len; i++) {
        const rule_info *ri = &all.items[i];
        char items[64];
        items_text(ri, items, sizeof items);
        printf("%-*s  %-8s %-8s %s\n", w, ri->id, *items ? items : "-", severity_name(ri->severity), ri->message);
    }
    printf("%zu rule%s: %zu from rule files, %zu emitted by the analysis stages (aiready explain ID)\n", all.len,
           all.len == 1 ? "" : "s", all.len - stages, stages);
    VEC_FREE(&all);
    rules_free(rs);
    return 0;
}

int rules_cmd_test(int argc, char **argv)
{
    cmd_args a;
    if (!parse_args("test", argc, argv, &a)) { args_free(&a); return 2; }
    ruleset *rs = load("test", &a);
    args_free(&a);
    if (!rs) return 2;
    bool ok = rules_test_report(rs, stdout);
    rules_free(rs);
    return ok ? 0 : 1;
}
