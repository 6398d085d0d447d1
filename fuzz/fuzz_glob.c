/* fuzz_glob: the glob matcher (glob.c) and the rule globs' fast paths
 * (rules_glob_compile / rules_glob_match in rules_compile.c).
 *
 * Input: a pattern on the first line, then up to eight paths, one a line.
 *
 * The pattern is compiled with each combination of flags (braces on or off, strict
 * classes on or off) and matched against every path, and through the one-shot
 * glob_match. When the pattern is one a rule file may hold (rules_check_glob accepts it),
 * the rule glob — literal name, name with one star, literal-ending filter — must agree
 * with the matcher on every path the walker could give (no empty, "." or ".." segment):
 * that shortcut is an optimisation, not a dialect. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "glob.h"
#include "rules_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PATHS 8

static void rule_glob_free(rule_glob *g)
{
    free(g->lit);
    free(g->need);
    glob_pat_free(g->pat);
    for (size_t i = 0; i < g->tails.len; i++) free(g->tails.items[i]);
    VEC_FREE(&g->tails);
}

static bool valid_rule_glob(const char *pattern)
{
    rules_errors e = {0};
    text_pos at = {"fuzz.yml", 1, 1, false};
    bool ok = rules_check_glob(pattern, &at, &e);
    buf_free(&e.text);
    return ok;
}

/* A path as the walker gives it: relative, no empty, "." or ".." segment. */
static bool walk_path(const char *p)
{
    if (!*p) return false;
    for (const char *seg = p;;) {
        size_t k = strcspn(seg, "/");
        if (k == 0 || (k == 1 && seg[0] == '.') || (k == 2 && seg[0] == '.' && seg[1] == '.')) return false;
        if (!seg[k]) return true;
        seg += k + 1;
    }
}

static void check_rule_glob(const char *pattern, char *const *paths, size_t n)
{
    if (!valid_rule_glob(pattern)) return;
    rule_glob rg = rules_glob_compile(pattern);
    glob_pat *g = glob_compile(pattern, 0);
    for (size_t i = 0; i < n; i++) {
        if (!walk_path(paths[i])) continue;
        const char *slash = strrchr(paths[i], '/');
        const char *base = slash ? slash + 1 : paths[i];
        bool fast = rules_glob_match(&rg, paths[i], strlen(paths[i]), base, strlen(base)), slow = glob_pat_match(g, paths[i]);
        if (fast == slow) continue;
        fprintf(stderr, "fuzz_glob: rule glob '%s' on '%s': %d, glob matcher: %d\n", pattern, paths[i], fast, slow);
        abort();
    }
    glob_pat_free(g);
    rule_glob_free(&rg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_strndup(data, size);
    char *paths[MAX_PATHS];
    size_t n = 0;
    char *pattern = text;
    for (char *nl = strchr(text, '\n'); nl && n < MAX_PATHS; nl = strchr(nl + 1, '\n')) {
        *nl = '\0';
        paths[n++] = nl + 1;
    }
    if (n > 0) { /* the last path ends at the next newline, if any */
        char *nl = strchr(paths[n - 1], '\n');
        if (nl) *nl = '\0';
    }
    for (unsigned flags = 0; flags < 4; flags++) {
        glob_pat *g = glob_compile(pattern, flags);
        for (size_t i = 0; i < n; i++) glob_pat_match(g, paths[i]);
        glob_pat_free(g);
    }
    for (size_t i = 0; i < n; i++) glob_match(pattern, paths[i]);
    check_rule_glob(pattern, paths, n);
    free(text);
    return 0;
}
