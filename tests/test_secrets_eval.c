/* The secret rules on the labelled vectors of ../shared/eval/secrets: recall on `secret`
 * must stay at or above 95% and false positives on `not_secret` at or below 3%.
 * Skipped (with the reason) when the shared folder or python3 is absent: the vectors are
 * materialised by the data set's own make-files.py, never copied into the repository. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECRETS_EVAL_NO_MAIN
#include "../bench/secrets_eval.c"

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The repository root, from this file's path (tests/ is one below it). */
static void repo_root(buf *out)
{
    const char *slash = strrchr(__FILE__, '/');
    if (slash) buf_append(out, __FILE__, (size_t)(slash - __FILE__));
    else buf_puts(out, ".");
    buf_puts(out, "/..");
}

/* $AIREADY_SHARED, else ../shared or ../../shared from the repository root. */
static bool find_shared(const char *root, buf *out)
{
    const char *env = getenv("AIREADY_SHARED");
    const char *cands[] = {env, "../shared", "../../shared"};
    for (size_t i = 0; i < sizeof cands / sizeof *cands; i++) {
        if (!cands[i] || !*cands[i]) continue;
        buf p = {0};
        if (i == 0) buf_puts(&p, cands[i]);
        else buf_printf(&p, "%s/%s", root, cands[i]);
        buf f = {0};
        buf_printf(&f, "%s/eval/secrets/make-files.py", p.data);
        bool ok = is_file(f.data);
        buf_free(&f);
        if (ok) {
            *out = p;
            return true;
        }
        buf_free(&p);
    }
    return false;
}

static void test_secret_rules_on_shared_vectors(void **state)
{
    (void)state;
    buf root = {0}, shared = {0};
    repo_root(&root);
    if (!find_shared(root.data, &shared)) {
        fprintf(stderr, "SKIP: no shared/eval/secrets next to the repository (set AIREADY_SHARED)\n");
        buf_free(&root);
        skip();
    }
    if (system("python3 -c '' >/dev/null 2>&1") != 0) {
        fprintf(stderr, "SKIP: python3 is needed to materialise the vectors\n");
        buf_free(&root);
        buf_free(&shared);
        skip();
    }
    char tmpl[] = "/tmp/aiready-secrets-eval.XXXXXX";
    char *tmp = mkdtemp(tmpl);
    assert_non_null(tmp);
    buf cmd = {0}, dir = {0}, rules = {0};
    buf_printf(&dir, "%s/v", tmp);
    buf_printf(&cmd, "python3 '%s/eval/secrets/make-files.py' --out '%s' >/dev/null", shared.data, dir.data);
    assert_int_equal(system(cmd.data), 0);
    buf_printf(&rules, "%s/rules", root.data);
    const char *dirs[] = {rules.data};
    eval_result r;
    bool ok = secrets_eval_run(dir.data, dirs, 1, NULL, &r);
    if (ok) secrets_eval_print(&r, false, stderr);
    buf_free(&cmd);
    buf_printf(&cmd, "rm -rf '%s'", tmp);
    if (system(cmd.data) != 0) fprintf(stderr, "could not remove %s\n", tmp);
    assert_true(ok);
    assert_true(r.secret > 250 && r.not_secret > 250); /* the whole set was scored */
    double recall = ratio(r.found, r.secret), fp = ratio(r.flagged, r.not_secret);
    eval_result_free(&r);
    buf_free(&cmd);
    buf_free(&dir);
    buf_free(&rules);
    buf_free(&root);
    buf_free(&shared);
    if (recall < 0.95) fail_msg("recall %.1f%% < 95%%", 100 * recall);
    if (fp > 0.03) fail_msg("false positives %.1f%% > 3%%", 100 * fp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secret_rules_on_shared_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
