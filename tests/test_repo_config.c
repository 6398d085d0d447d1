/* test_repo_config: the auditor's view of the repository's .aiready.yml (repo_config.c) —
 * findings of disabled rules set aside as suppressions with the entry's line and
 * counted, not dropped; disable ids checked against the loaded rules with file:line;
 * paths the file's excludes matched, and "nothing scanned"; the warning line; finding
 * the file without reading it; the rows the text, Markdown and HTML reports show. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_config.h"
#include "repo_config.h"
#include "testutil.h"

static finding mk(const char *rule, const char *file, severity sev)
{
    finding f = {0};
    f.rule = xstrdup(rule);
    f.file = xstrdup(file);
    f.message = xstrdup("m");
    f.line = 3;
    f.severity = sev;
    f.effect = EFFECT_VIOLATES;
    return f;
}

/* A config as config_load leaves it: two disable entries (one twice), two excludes. */
static void make_config(aiready_config *c)
{
    memset(c, 0, sizeof *c);
    c->file = xstrdup(".aiready.yml");
    c->version = 1;
    c->n_disable = 3;
    c->disable = xcalloc(3, sizeof *c->disable);
    c->disable[0] = xstrdup("secrets.aws-access-key-id");
    c->disable[1] = xstrdup("ux.fallback-message");
    c->disable[2] = xstrdup("secrets.aws-access-key-id");
    c->disable_line = xcalloc(3, sizeof *c->disable_line);
    c->disable_line[0] = 3;
    c->disable_line[1] = 4;
    c->disable_line[2] = 5;
    c->n_exclude = 2;
    c->exclude = xcalloc(2, sizeof *c->exclude);
    c->exclude[0] = xstrdup("vendor");
    c->exclude[1] = xstrdup("*.md");
    c->exclude_line = xcalloc(2, sizeof *c->exclude_line);
    c->exclude_line[0] = c->exclude_line[1] = 2;
}

static void test_set_aside(void **state)
{
    aiready_config c;
    make_config(&c);
    repo_config_view v;
    repo_config_init(&v, &c, NULL, NULL, NULL);
    finding_list fl = {0};
    VEC_PUSH(&fl, mk("secrets.aws-access-key-id", "a.py", SEV_BLOCKER));
    VEC_PUSH(&fl, mk("tls.python-verify-false", "a.py", SEV_BLOCKER));
    VEC_PUSH(&fl, mk("secrets.aws-access-key-id", "b.py", SEV_WARNING));
    suppression_list sl = {0};
    repo_config_set_aside(&v, &fl, &sl);
    assert_int_equal(fl.len, 1);
    assert_string_equal(fl.items[0].rule, "tls.python-verify-false");
    assert_int_equal(sl.len, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(sl.items[i].kind, SUPPRESS_CONFIG);
        assert_string_equal(sl.items[i].reason, "disabled by repository config (.aiready.yml:3)");
        assert_int_equal(sl.items[i].comment_line, 3);
    }
    assert_string_equal(sl.items[1].finding.file, "b.py");
    assert_string_equal(suppression_kind_name(SUPPRESS_CONFIG), "config");
    /* counted on the first entry naming the rule */
    assert_int_equal(v.disabled_findings[0], 2);
    assert_int_equal(v.disabled_blockers[0], 1);
    assert_int_equal(v.disabled_findings[1], 0);
    assert_int_equal(v.disabled_findings[2], 0);
    assert_int_equal(v.disabled_total, 2);
    assert_int_equal(v.disabled_blockers_total, 1);
    char *w = repo_config_warning(&v);
    assert_non_null(w);
    assert_non_null(strstr(w, "disables rules that found 1 blocker finding"));
    assert_null(strchr(w, '\n'));
    free(w);
    finding_list_free(&fl);
    suppression_list_free(&sl);
    repo_config_free(&v);
    config_free(&c);
}

static void test_excluded(void **state)
{
    aiready_config c;
    make_config(&c);
    repo_config_view v;
    repo_config_init(&v, &c, NULL, NULL, NULL);
    const char *excluded[] = {"vendor", "docs/README.md", "build.log"}; /* the last by --exclude */
    repo_config_count_excluded(&v, excluded, 3, 4);
    assert_int_equal(v.excluded_paths, 2);
    assert_false(v.excluded_everything);
    char *w = repo_config_warning(&v);
    assert_null(w);
    repo_config_free(&v);

    repo_config_init(&v, &c, NULL, NULL, NULL);
    repo_config_count_excluded(&v, excluded, 3, 0);
    assert_true(v.excluded_everything);
    w = repo_config_warning(&v);
    assert_non_null(strstr(w, "nothing was scanned: the repository's .aiready.yml excludes every file (2 paths)"));
    free(w);
    buf line = {0};
    scan_result r;
    memset(&r, 0, sizeof r);
    r.repo = v;
    report_config_nothing_scanned(&r, &line);
    assert_non_null(strstr(line.data, "Nothing was scanned"));
    buf_free(&line);
    repo_config_free(&v);

    /* nothing scanned, but not because of the file: no claim */
    repo_config_init(&v, &c, NULL, NULL, NULL);
    repo_config_count_excluded(&v, excluded + 2, 1, 0);
    assert_false(v.excluded_everything);
    repo_config_free(&v);
    config_free(&c);
}

static void test_ignored_and_find(void **state)
{
    char *root = tu_tmpdir();
    assert_null(repo_config_find(root));
    tu_writes(root, ".aiready.yaml", "version: 1\n");
    assert_string_equal(repo_config_find(root), ".aiready.yaml");
    tu_symlink(root, ".aiready.yml", "/nonexistent"); /* found without being read or followed */
    assert_string_equal(repo_config_find(root), ".aiready.yml");
    repo_config_view v;
    repo_config_init(&v, NULL, ".aiready.yml", "--no-repo-config", NULL);
    assert_null(v.config);
    assert_string_equal(v.file, ".aiready.yml");
    assert_string_equal(v.ignored_by, "--no-repo-config");
    scan_result r;
    memset(&r, 0, sizeof r);
    r.repo = v;
    buf line = {0};
    report_config_headline(&r, &line);
    assert_non_null(strstr(line.data, ".aiready.yml at the scanned root was ignored (--no-repo-config)"));
    buf_free(&line);
    config_rows rows = {0};
    report_config_rows(&r, true, &rows);
    assert_int_equal(rows.len, 0);
    repo_config_free(&v);
    /* no file at all: nothing to say */
    repo_config_init(&v, NULL, NULL, NULL, NULL);
    assert_null(v.file);
    repo_config_free(&v);
    tu_rmtree(root);
    free(root);
}

static void test_check_disable(void **state)
{
    char *err = NULL;
    ruleset *rs = rules_load_text("r.yml",
                                  "rules:\n"
                                  "  - id: local.one\n    item: 31\n    effect: violates\n    severity: warning\n"
                                  "    message: one\n    remediation: fix\n    regex: 'one'\n    files: ['*']\n",
                                  NULL, &err);
    if (!rs) fail_msg("%s", err);
    aiready_config c;
    make_config(&c);
    free(c.disable[1]);
    c.disable[1] = xstrdup("local.one");
    assert_int_equal(repo_config_check_disable(&c, rs, NULL, 0, false, &err), -1);
    /* both entries naming the missing rule, with their lines */
    assert_string_equal(err, ".aiready.yml:3: 'disable': no rule with id 'secrets.aws-access-key-id'\n"
                             ".aiready.yml:5: 'disable': no rule with id 'secrets.aws-access-key-id'\n");
    free(err);
    const char *cli[] = {"secrets.aws-access-key-id"}; /* the command line took it out already */
    assert_int_equal(repo_config_check_disable(&c, rs, cli, 1, false, &err), 0);
    assert_int_equal(repo_config_check_disable(&c, rs, NULL, 0, true, &err), 0); /* --only chose */
    config_free(&c);
    rules_free(rs);
}

/* Each entry with its line; entries beyond a screenful summarised unless all. */
static void test_rows(void **state)
{
    aiready_config c;
    memset(&c, 0, sizeof c);
    c.file = xstrdup(".aiready.yml");
    c.n_disable = 30;
    c.disable = xcalloc(30, sizeof *c.disable);
    c.disable_line = xcalloc(30, sizeof *c.disable_line);
    for (size_t i = 0; i < 30; i++) {
        buf b = {0};
        buf_printf(&b, "r.rule-%02zu", i);
        c.disable[i] = buf_take(&b);
        c.disable_line[i] = (uint32_t)(10 + i);
    }
    scan_result r;
    memset(&r, 0, sizeof r);
    repo_config_init(&r.repo, &c, NULL, NULL, NULL);
    r.repo.disabled_findings[29] = 2; /* the last one found something: always shown */
    r.repo.disabled_total = 2;
    config_rows rows = {0};
    report_config_rows(&r, false, &rows);
    assert_int_equal(rows.len, 22); /* 20 quiet ones, the one that found something, a summary */
    assert_int_equal(rows.items[0].line, 10);
    assert_string_equal(rows.items[0].setting, "disable");
    assert_string_equal(rows.items[0].value, "r.rule-00");
    assert_string_equal(rows.items[0].effect, "no finding");
    assert_int_equal(rows.items[20].line, 39);
    assert_string_equal(rows.items[20].effect, "2 findings set aside");
    assert_true(rows.items[20].notable);
    assert_int_equal(rows.items[21].line, 0);
    assert_string_equal(rows.items[21].value, "9 more");
    report_config_rows_free(&rows);
    report_config_rows(&r, true, &rows);
    assert_int_equal(rows.len, 30);
    report_config_rows_free(&rows);
    buf line = {0};
    report_config_headline(&r, &line);
    assert_non_null(strstr(line.data, "was applied (--no-repo-config ignores it): 0 exclude patterns (0 paths excluded), "
                                      "30 disabled rules (2 findings set aside, 0 blockers)"));
    buf_free(&line);
    repo_config_free(&r.repo);
    config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_aside),
        cmocka_unit_test(test_excluded),
        cmocka_unit_test(test_ignored_and_find),
        cmocka_unit_test(test_check_disable),
        cmocka_unit_test(test_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
