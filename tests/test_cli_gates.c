/* test_cli_gates: the report, gate and suppression options — parsing (--format
 * sarif|markdown|html, --fail-on, --baseline, --no-suppress, --doc-base) and the exit
 * status of the aiready binary built beside this test: 1 and one line per failed gate on
 * stderr, 2 for a bad gate or baseline, 0 otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_args.h"
#include "testutil.h"

/* ---- cli_parse_scan ------------------------------------------------------------- */

static void test_formats(void **state)
{
    static const struct { const char *name; cli_format f; } all[] = {
        {"text", FORMAT_TEXT}, {"json", FORMAT_JSON}, {"sarif", FORMAT_SARIF},
        {"markdown", FORMAT_MARKDOWN}, {"md", FORMAT_MARKDOWN}, {"html", FORMAT_HTML},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        cli_scan c;
        char *err;
        assert_int_equal(parse(&c, &err, "--format", all[i].name, NULL), 0);
        assert_int_equal(c.format, all[i].f);
        cli_scan_free(&c);
    }
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, "--format=pdf", NULL), -1);
    assert_string_equal(err, "unknown --format 'pdf' (text, json, sarif, markdown, html, cyclonedx)");
    free(err);
    cli_scan_free(&c);
}

static void test_defaults(void **state)
{
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, NULL), 0);
    assert_int_equal(c.fail_on.len, 0);
    assert_null(c.baseline);
    assert_false(c.no_suppress);
    assert_null(c.doc_base);
    cli_scan_free(&c);
}

static void test_fail_on(void **state)
{
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, "--fail-on", "blocker", "--fail-on=score:30,rebuild", "--fail-on", "critical", NULL), 0);
    assert_int_equal(c.fail_on.len, 4);
    assert_int_equal(c.fail_on.items[0].kind, GATE_BLOCKER);
    assert_int_equal(c.fail_on.items[1].kind, GATE_SCORE);
    assert_int_equal(c.fail_on.items[1].min_score, 30);
    assert_int_equal(c.fail_on.items[2].kind, GATE_REBUILD);
    assert_int_equal(c.fail_on.items[3].kind, GATE_CRITICAL);
    cli_scan_free(&c);

    static const char *const bad[] = {"warning", "score:99", "blocker,", "score", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(parse(&c, &err, "--fail-on", bad[i], NULL), -1);
        assert_non_null(err);
        assert_non_null(strstr(err, "--fail-on"));
        free(err);
        cli_scan_free(&c);
    }
    assert_int_equal(parse(&c, &err, "--fail-on", NULL), -1);
    free(err);
    cli_scan_free(&c);
}

static void test_baseline_suppress_doc_base(void **state)
{
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, "repo", "--baseline", "old.json", "--no-suppress", "--doc-base=https://x.test/docs", NULL), 0);
    assert_string_equal(c.path, "repo");
    assert_string_equal(c.baseline, "old.json");
    assert_true(c.no_suppress);
    assert_string_equal(c.doc_base, "https://x.test/docs");
    cli_scan_free(&c);
    assert_int_equal(parse(&c, &err, "--baseline", NULL), -1);
    assert_non_null(strstr(err, "--baseline needs a file"));
    free(err);
    cli_scan_free(&c);
}

/* ---- the binary ------------------------------------------------------------------ */

typedef tu_run_result run_result;
#define run_free tu_run_free

/* Runs BIN scan DIR ARGS... (NULL-terminated), with the rules of the source tree. */
static run_result run(const char *dir, ...)
{
    char *bin = tu_aiready_path();
    assert_non_null(bin);
    char *argv[32];
    int argc = 0;
    argv[argc++] = bin;
    argv[argc++] = "scan";
    argv[argc++] = (char *)dir;
    argv[argc++] = "--no-progress";
    va_list ap;
    va_start(ap, dir);
    char *a;
    while ((a = va_arg(ap, char *)) != NULL && argc < 31) argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    run_result r = tu_run(argv);
    free(bin);
    return r;
}

#define write_file tu_writes

typedef struct tree {
    char *dir;
} tree;

static int tree_setup(void **state)
{
    tree *t = calloc(1, sizeof *t);
    t->dir = tu_tmpdir();
    write_file(t->dir, "app.py", "import os\n\nx = 1  # aiready-ignore\n");
    write_file(t->dir, "README.md", "# demo\n");
    *state = t;
    return 0;
}

static int tree_teardown(void **state)
{
    tree *t = *state;
    tu_rmtree(t->dir);
    free(t->dir);
    free(t);
    return 0;
}

static void test_exit_gates(void **state)
{
    tree *t = *state;
    /* a two-file tree scores low: Rebuild, no Blocker */
    run_result r = run(t->dir, "--format", "json", "--fail-on", "blocker", "--fail-on", "critical", NULL);
    assert_int_equal(r.status, 0);
    /* the tree's bare aiready-ignore is the user's mistake: one warning, nothing else */
    assert_string_equal(r.err, "aiready: warning: app.py:3: aiready-ignore names no rule id, so it suppresses nothing\n");
    assert_non_null(strstr(r.out, "\"gate\": \"blocker\",\n      \"failed\": false"));
    run_free(&r);

    /* a low score alone is a Refactor (rebuild_on_gaps: false in the shipped checklist) */
    r = run(t->dir, "--format", "json", "--fail-on", "rebuild,score:40", NULL);
    assert_int_equal(r.status, 1);
    assert_null(strstr(r.err, "--fail-on rebuild"));
    assert_non_null(strstr(r.err, "aiready: gate failed: --fail-on score:40: score "));
    run_free(&r);

    /* a tool that runs the model's shell commands makes it Rebuild: one line per failed
     * gate, and the report all the same */
    write_file(t->dir, "agent_tool.py",
               "import subprocess\n\n@tool\ndef run_shell(command: str) -> str:\n"
               "    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout\n");
    r = run(t->dir, "--format", "json", "--fail-on", "rebuild,score:40", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "aiready: gate failed: --fail-on rebuild: decision is Rebuild: security: model output reaches "
                                  "code execution or a shell (agent.dangerous-tool.python-shell-or-code at agent_tool.py:5"));
    assert_non_null(strstr(r.err, "\naiready: gate failed: --fail-on score:40: score "));
    assert_non_null(strstr(r.out, "\"schema_version\": 1"));
    run_free(&r);
    char tool[PATH_MAX];
    snprintf(tool, sizeof tool, "%s/agent_tool.py", t->dir);
    unlink(tool);

    r = run(t->dir, "--format", "json", "--fail-on", "score:0", NULL);
    assert_int_equal(r.status, 0);
    run_free(&r);

    r = run(t->dir, "--fail-on", "sometimes", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "aiready: unknown --fail-on 'sometimes'"));
    run_free(&r);
}

static void test_exit_baseline(void **state)
{
    tree *t = *state;
    char base[PATH_MAX], bad[PATH_MAX];
    snprintf(base, sizeof base, "%s.base.json", t->dir);
    snprintf(bad, sizeof bad, "%s.bad.json", t->dir);
    run_result r = run(t->dir, "--format", "json", "-o", base, NULL);
    assert_int_equal(r.status, 0);
    run_free(&r);

    r = run(t->dir, "--format", "json", "--baseline", base, "--fail-on", "blocker", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"baseline\": {\n      \"file\": \""));
    run_free(&r);

    r = run(t->dir, "--baseline", "/nonexistent/old.json", NULL);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "aiready: baseline /nonexistent/old.json: No such file or directory\n");
    run_free(&r);

    FILE *f = fopen(bad, "w");
    fputs("{\"version\": \"2.1.0\"}", f);
    fclose(f);
    r = run(t->dir, "--baseline", bad, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "not an aiready JSON report"));
    run_free(&r);

    /* --no-suppress: the baseline is not read at all */
    r = run(t->dir, "--format", "json", "--no-suppress", "--baseline", "/nonexistent/old.json", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"honoured\": false"));
    assert_non_null(strstr(r.out, "\"baseline\": null"));
    run_free(&r);
    unlink(base);
    unlink(bad);
}

/* A finding already in the baseline fails no gate, even after its line moved; a new one
 * does. The report still counts both. */
static void test_exit_baseline_only_new_findings_fail(void **state)
{
    tree *t = *state;
    /* a hard-coded key is a Blocker (verify=False no longer is: LABELLING) */
    write_file(t->dir, "app.py", "import boto3\n\nA = boto3.client('s3', aws_access_key_id='AKIA2E0A8F3B244C9986')\n");
    char base[PATH_MAX];
    snprintf(base, sizeof base, "%s.base.json", t->dir);
    run_result r = run(t->dir, "--format", "json", "-o", base, NULL);
    assert_int_equal(r.status, 0);
    run_free(&r);

    r = run(t->dir, "--format", "json", "--fail-on", "blocker", NULL);
    assert_int_equal(r.status, 1);
    run_free(&r);
    r = run(t->dir, "--format", "json", "--fail-on", "blocker,critical", "--baseline", base, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"blocker\": 1,")); /* the report still shows it */
    assert_non_null(strstr(r.out, "\"kind\": \"baseline\""));
    run_free(&r);

    /* lines move, and a second key appears */
    write_file(t->dir, "app.py", "import boto3\n\n\nX = 1\n\nA = boto3.client('s3', aws_access_key_id='AKIA2E0A8F3B244C9986')\n"
                                 "B = boto3.client('s3', aws_access_key_id='AKIA7F3C9D1B5E2A8C40')\n");
    r = run(t->dir, "--format", "sarif", "--fail-on", "blocker", "--baseline", base, NULL);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "aiready: gate failed: --fail-on blocker: 1 item is a Blocker on new findings: "
                               "31 (secrets.aws-access-key-id at app.py:7) (1 baselined finding set aside)\n");
    assert_non_null(strstr(r.out, "\"baselineState\": \"unchanged\""));
    assert_non_null(strstr(r.out, "\"baselineState\": \"new\""));
    run_free(&r);
    /* --no-suppress: the baseline is ignored and both fail */
    r = run(t->dir, "--format", "json", "--fail-on", "blocker", "--baseline", base, "--no-suppress", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "1 item is a Blocker: 31 (secrets.aws-access-key-id at app.py:6)"));
    run_free(&r);
    unlink(base);
}

static void test_inline_suppression_end_to_end(void **state)
{
    tree *t = *state;
    write_file(t->dir, "app.py", "import boto3\n\n"
                                 "# aiready-ignore: secrets.aws-access-key-id rotated test key, see OPS-142\n"
                                 "A = boto3.client('s3', aws_access_key_id='AKIA2E0A8F3B244C9986')\n");
    run_result r = run(t->dir, "--format", "json", "--fail-on", "blocker", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"reason\": \"rotated test key, see OPS-142\""));
    assert_non_null(strstr(r.out, "\"blocker\": 0,"));
    run_free(&r);
    r = run(t->dir, "--format", "json", "--fail-on", "blocker", "--no-suppress", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "\"suppressed\": []"));
    run_free(&r);
}

static void test_bad_suppression_and_no_suppress(void **state)
{
    tree *t = *state;
    run_result r = run(t->dir, "--format", "json", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"rule\": \"aiready.bad-suppression\""));
    assert_non_null(strstr(r.out, "\"file\": \"app.py\",\n      \"line\": 3,"));
    assert_non_null(strstr(r.out, "\"honoured\": true"));
    run_free(&r);
    r = run(t->dir, "--format", "json", "--no-suppress", NULL);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "aiready.bad-suppression"));
    run_free(&r);
}

static void test_formats_end_to_end(void **state)
{
    tree *t = *state;
    run_result r = run(t->dir, "--format", "sarif", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"version\": \"2.1.0\""));
    assert_non_null(strstr(r.out, "\"ruleId\": \"aiready.bad-suppression\""));
    run_free(&r);
    r = run(t->dir, "--format", "markdown", NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(strncmp(r.out, "# aiready report: `", 19), 0);
    run_free(&r);
    r = run(t->dir, "--format", "html", NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(strncmp(r.out, "<!DOCTYPE html>", 15), 0);
    run_free(&r);
    r = run(t->dir, "--format", "text", "--fail-on", "score:40", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "Gates\n  FAIL --fail-on score:40: score "));
    assert_null(strchr(r.out, '\033')); /* not a terminal: no colour */
    run_free(&r);
}

/* ---- the repository's own .aiready.yml (F16) -------------------------------------------- */

static const char KEY_FILE[] = "import boto3\nAWS_ACCESS_KEY_ID = \"AKIAZ7QWERTYUIOP2ASD\"\n";

static void need(const char *hay, const char *needle)
{
    if (!strstr(hay, needle)) fail_msg("missing: %s\nin: %.2000s", needle, hay);
}

/* A disabled rule still runs: its finding is listed as set aside by the config, with the
 * entry's line, in every format; it counts for nothing; stderr says so. */
static void test_repo_config_disable_is_visible(void **state)
{
    tree *t = *state;
    write_file(t->dir, "app.py", KEY_FILE);
    write_file(t->dir, ".aiready.yml", "version: 1\n# silence the key\ndisable:\n  - secrets.aws-access-key-id\n");
    run_result r = run(t->dir, "--format", "json", "--fail-on", "blocker", NULL);
    assert_int_equal(r.status, 0);
    need(r.out, "\"repository_config\": {\n    \"file\": \".aiready.yml\",\n    \"applied\": true,");
    need(r.out, "\"rule\": \"secrets.aws-access-key-id\",\n        \"line\": 4,\n        \"findings\": 1,\n"
                "        \"blockers\": 1");
    need(r.out, "\"kind\": \"config\",\n      \"reason\": \"disabled by repository config (.aiready.yml:4)\",\n"
                "      \"config_line\": 4,");
    need(r.err, "aiready: warning: the repository's .aiready.yml disables rules that found 1 blocker finding");
    run_free(&r);
    static const struct { const char *format, *want; } formats[] = {
        {"text", "  .aiready.yml:4  disable secrets.aws-access-key-id: 1 finding set aside (1 blocker)\n"},
        {"markdown", "| 4 | disable | `secrets.aws-access-key-id` | **1 finding set aside (1 blocker)** |"},
        {"html", "<tr><td class=\"id\">4</td><td>disable</td><td><code>secrets.aws-access-key-id</code></td>"
                 "<td><b>1 finding set aside (1 blocker)</b></td></tr>"},
        {"sarif", "\"kind\": \"external\",\n              \"status\": \"accepted\",\n"
                  "              \"justification\": \"disabled by repository config (.aiready.yml:4)\""},
    };
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        r = run(t->dir, "--format", formats[i].format, NULL);
        assert_int_equal(r.status, 0);
        need(r.out, formats[i].want);
        run_free(&r);
    }
    /* --no-repo-config, and --no-suppress, ignore the file: the key counts again */
    const char *flags[] = {"--no-repo-config", "--no-suppress"};
    for (int i = 0; i < 2; i++) {
        r = run(t->dir, "--format", "json", "--fail-on", "blocker", flags[i], NULL);
        assert_int_equal(r.status, 1);
        need(r.out, "\"applied\": false,");
        need(r.err, "gate failed: --fail-on blocker: 1 item is a Blocker: 31 (secrets.aws-access-key-id at app.py:2)");
        char want[64];
        snprintf(want, sizeof want, "\"ignored_by\": \"%s\"", flags[i]);
        need(r.out, want);
        run_free(&r);
    }
    r = run(t->dir, "--format", "text", "--no-repo-config", NULL);
    need(r.out, "Repository config\n  .aiready.yml at the scanned root was ignored (--no-repo-config)");
    run_free(&r);
    /* ignored means not even read: a file aiready would reject does not stop the scan */
    write_file(t->dir, ".aiready.yml", "version: 2\nfrobnicate: yes\n");
    r = run(t->dir, "--format", "json", "--no-repo-config", NULL);
    assert_int_equal(r.status, 0);
    run_free(&r);
}

/* exclude: ['*'] scans nothing: the text report says so first, stderr warns, and every
 * gate fails. */
static void test_repo_config_exclude_everything(void **state)
{
    tree *t = *state;
    write_file(t->dir, "app.py", KEY_FILE);
    write_file(t->dir, ".aiready.yml", "version: 1\nexclude: ['*']\n");
    run_result r = run(t->dir, "--format", "text", "--fail-on", "blocker", NULL);
    assert_int_equal(r.status, 1);
    need(r.out, "  files scanned: 0 (0 other)");
    need(r.out, "\n!! Nothing was scanned: the repository's own .aiready.yml excludes every file (3 paths).");
    need(r.out, "  .aiready.yml:2  exclude *\n");
    need(r.out, "FAIL --fail-on blocker: nothing was scanned: the repository's .aiready.yml excludes every file");
    need(r.err, "aiready: warning: nothing was scanned: the repository's .aiready.yml excludes every file (3 paths)");
    need(r.err, "aiready: gate failed: --fail-on blocker: nothing was scanned");
    run_free(&r);
    r = run(t->dir, "--format", "json", NULL); /* without a gate: exit 0, but the warning */
    assert_int_equal(r.status, 0);
    need(r.out, "\"excluded_everything\": true");
    need(r.err, "warning: nothing was scanned");
    run_free(&r);
    r = run(t->dir, "--format", "sarif", NULL);
    need(r.out, "\"level\": \"error\",\n              \"message\": {\n                \"text\": \"Nothing was scanned");
    run_free(&r);
    r = run(t->dir, "--format", "markdown", NULL);
    need(r.out, "> **Warning.** Nothing was scanned");
    run_free(&r);
    r = run(t->dir, "--format", "html", NULL);
    need(r.out, "id=\"nothing-scanned\"");
    run_free(&r);
    r = run(t->dir, "--format", "json", "--fail-on", "blocker", "--no-repo-config", NULL);
    assert_int_equal(r.status, 1);
    need(r.err, "1 item is a Blocker: 31");
    run_free(&r);
}

static void test_repo_config_unknown_rule(void **state)
{
    tree *t = *state;
    write_file(t->dir, ".aiready.yml", "version: 1\ndisable: [no.such-rule]\n");
    run_result r = run(t->dir, "--format", "json", NULL);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "aiready: invalid configuration: .aiready.yml:2: 'disable': no rule with id 'no.such-rule'\n");
    run_free(&r);
}

int main(void)
{
    setenv("AIREADY_RULES", "rules", 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_fail_on),
        cmocka_unit_test(test_baseline_suppress_doc_base),
        cmocka_unit_test_setup_teardown(test_exit_gates, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_exit_baseline, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_exit_baseline_only_new_findings_fail, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_inline_suppression_end_to_end, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_bad_suppression_and_no_suppress, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_formats_end_to_end, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_repo_config_disable_is_visible, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_repo_config_exclude_everything, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_repo_config_unknown_rule, tree_setup, tree_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
