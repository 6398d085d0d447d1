/* test_suppress: aiready-ignore comments — placement (same line, line before, file
 * header for whole-file findings), comment syntax per language, rule ids required, the
 * bad-suppression warning, reasons, and the findings list left behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "suppress.h"

static finding mk(const char *rule, const char *file, uint32_t line)
{
    finding f = {0};
    f.rule = xstrdup(rule);
    f.items[0] = 33;
    f.n_items = 1;
    f.effect = EFFECT_VIOLATES;
    f.severity = SEV_BLOCKER;
    f.message = xstrdup("msg");
    f.file = xstrdup(file);
    f.line = f.end_line = line;
    f.column = 1;
    f.snippet = xstrdup("snippet");
    f.fingerprint = xstrdup("ffff");
    return f;
}

typedef struct run {
    finding_list findings;
    suppression_list honoured;
    finding_list problems;
} run;

/* Applies the comments of text (a file at path) to findings at the given lines of
 * rule; lines end with 0. */
static void apply(run *r, const char *path, lang l, const char *text, const char *rule, ...)
{
    memset(r, 0, sizeof *r);
    va_list ap;
    va_start(ap, rule);
    int line;
    while ((line = va_arg(ap, int)) >= 0) {
        finding f = mk(rule, path, (uint32_t)line);
        VEC_PUSH(&r->findings, f);
        if (line == 0) break;
    }
    va_end(ap);
    source src;
    source_init_text(&src, path, l, text, strlen(text));
    suppress_apply(&src, &r->findings, &r->honoured, &r->problems);
    source_free(&src);
}

static void run_free(run *r)
{
    finding_list_free(&r->findings);
    suppression_list_free(&r->honoured);
    finding_list_free(&r->problems);
}

static const char py[] =
    "import requests\n"                                                        /* 1 */
    "r = requests.get(u, verify=False)  # aiready-ignore: tls.python-verify-false internal CA, see ADR-7\n"
    "# aiready-ignore: tls.python-verify-false -- staging only\n"              /* 3 */
    "s = requests.get(u, verify=False)\n"                                      /* 4 */
    "t = requests.get(u, verify=False)\n"                                      /* 5 */
    "\n"
    "x = requests.get(u, verify=False)\n";                                     /* 7 */

static void test_same_line_and_line_before(void **state)
{
    run r;
    /* findings on 2 (same line), 3 and 4 (line after each comment), 5 and 7 (not covered) */
    apply(&r, "app/main.py", LANG_PYTHON, py, "tls.python-verify-false", 2, 4, 5, 7, -1);
    assert_int_equal(r.honoured.len, 2);
    assert_int_equal(r.honoured.items[0].finding.line, 2);
    assert_int_equal(r.honoured.items[0].comment_line, 2);
    assert_int_equal(r.honoured.items[0].kind, SUPPRESS_INLINE);
    assert_string_equal(r.honoured.items[0].reason, "internal CA, see ADR-7");
    assert_int_equal(r.honoured.items[1].finding.line, 4);
    assert_int_equal(r.honoured.items[1].comment_line, 3);
    assert_string_equal(r.honoured.items[1].reason, "staging only");
    assert_int_equal(r.findings.len, 2);
    assert_int_equal(r.findings.items[0].line, 5);
    assert_int_equal(r.findings.items[1].line, 7);
    assert_int_equal(r.problems.len, 0);
    run_free(&r);
}

static void test_trailing_comment_covers_its_line_only(void **state)
{
    static const char text[] =
        "a = get(u, verify=False)  # aiready-ignore: tls.python-verify-false a only\n"
        "b = get(u, verify=False)\n"
        "# aiready-ignore: tls.python-verify-false not across a blank line\n"
        "\n"
        "c = get(u, verify=False)\n"
        "# aiready-ignore: tls.python-verify-false d, below a comment block\n"
        "# (the block goes on)\n"
        "d = get(u, verify=False)\n";
    run r;
    apply(&r, "app/main.py", LANG_PYTHON, text, "tls.python-verify-false", 1, 2, 5, 8, -1);
    assert_int_equal(r.honoured.len, 2);
    assert_int_equal(r.honoured.items[0].finding.line, 1);
    assert_int_equal(r.honoured.items[1].finding.line, 8);
    assert_int_equal(r.honoured.items[1].comment_line, 6);
    assert_int_equal(r.findings.len, 2);
    assert_int_equal(r.findings.items[0].line, 2);
    assert_int_equal(r.findings.items[1].line, 5);
    run_free(&r);
}

static void test_other_rule_not_suppressed(void **state)
{
    run r;
    apply(&r, "app/main.py", LANG_PYTHON, py, "secrets.generic-api-key", 2, 4, -1);
    assert_int_equal(r.honoured.len, 0);
    assert_int_equal(r.findings.len, 2);
    assert_int_equal(r.problems.len, 0);
    run_free(&r);
}

static void test_finding_of_another_file_untouched(void **state)
{
    run r;
    memset(&r, 0, sizeof r);
    finding f = mk("tls.python-verify-false", "app/other.py", 2);
    VEC_PUSH(&r.findings, f);
    source src;
    source_init_text(&src, "app/main.py", LANG_PYTHON, py, strlen(py));
    suppress_apply(&src, &r.findings, &r.honoured, &r.problems);
    source_free(&src);
    assert_int_equal(r.honoured.len, 0);
    assert_int_equal(r.findings.len, 1);
    run_free(&r);
}

static bool known_tls(const char *id, const void *ctx)
{
    (void)ctx;
    return strcmp(id, "tls.python-verify-false") == 0;
}

/* A comment naming a rule id no rule has suppresses nothing: a warning says so. */
static void test_unknown_rule_id_is_a_problem(void **state)
{
    (void)state;
    static const char text[] =
        "a = 1  # aiready-ignore: tls.python-verify-false ok\n"
        "b = 2  # aiready-ignore: tls.python-verfy-false, tls.python-verify-false typo\n";
    source src;
    source_init_text(&src, "app/x.py", LANG_PYTHON, text, strlen(text));
    finding_list problems = {0};
    suppress_check_ids(&src, known_tls, NULL, &problems);
    source_free(&src);
    assert_int_equal(problems.len, 1);
    const finding *p = &problems.items[0];
    assert_string_equal(p->rule, SUPPRESS_UNKNOWN_RULE);
    assert_int_equal(p->severity, SEV_WARNING);
    assert_int_equal(p->n_items, 0);
    assert_int_equal(p->line, 2);
    assert_non_null(strstr(p->message, "'tls.python-verfy-false'"));
    assert_int_equal(strlen(p->fingerprint), 64);
    finding_list_free(&problems);
}

static void test_bare_ignore_is_a_problem(void **state)
{
    static const char text[] =
        "a = eval(x)  # aiready-ignore\n"
        "b = eval(x)  # aiready-ignore: because it is fine\n"
        "c = eval(x)  # aiready-ignore:\n"
        "d = eval(x)  # aiready-ignore: * everything\n";
    run r;
    apply(&r, "app/x.py", LANG_PYTHON, text, "security.python-eval", 1, 2, 3, 4, -1);
    assert_int_equal(r.honoured.len, 0);
    assert_int_equal(r.findings.len, 4);
    assert_int_equal(r.problems.len, 4);
    for (size_t i = 0; i < 4; i++) {
        const finding *p = &r.problems.items[i];
        assert_string_equal(p->rule, SUPPRESS_BAD_RULE);
        assert_int_equal(p->severity, SEV_WARNING);
        assert_int_equal(p->effect, EFFECT_INFORMS);
        assert_int_equal(p->n_items, 0);
        assert_string_equal(p->file, "app/x.py");
        assert_int_equal(p->line, i + 1);
        assert_int_equal(p->column, 16);
        assert_non_null(p->remediation);
        assert_int_equal(strlen(p->fingerprint), 64);
    }
    assert_string_equal(r.problems.items[0].snippet, "a = eval(x)  # aiready-ignore");
    /* fingerprints differ by line text */
    assert_string_not_equal(r.problems.items[0].fingerprint, r.problems.items[1].fingerprint);
    run_free(&r);
}

static void test_problems_may_be_the_findings_list(void **state)
{
    static const char text[] = "a = 1  # aiready-ignore\nb = eval(x)  # aiready-ignore: security.python-eval ok\n";
    finding_list fl = {0};
    suppression_list h = {0};
    finding f = mk("security.python-eval", "x.py", 2);
    VEC_PUSH(&fl, f);
    source src;
    source_init_text(&src, "x.py", LANG_PYTHON, text, strlen(text));
    suppress_apply(&src, &fl, &h, &fl);
    source_free(&src);
    assert_int_equal(h.len, 1);
    assert_int_equal(fl.len, 1);
    assert_string_equal(fl.items[0].rule, SUPPRESS_BAD_RULE);
    assert_int_equal(fl.items[0].line, 1);
    finding_list_free(&fl);
    suppression_list_free(&h);
}

static void test_several_rules_and_full_stop(void **state)
{
    static const char text[] =
        "k = 'x'  # aiready-ignore: secrets.generic-api-key, tls.python-verify-false test key.\n"
        "m = 'y'  # aiready-ignore: secrets.generic-api-key.\n";
    run r;
    apply(&r, "a.py", LANG_PYTHON, text, "tls.python-verify-false", 1, -1);
    assert_int_equal(r.honoured.len, 1);
    assert_string_equal(r.honoured.items[0].reason, "test key.");
    run_free(&r);
    apply(&r, "a.py", LANG_PYTHON, text, "secrets.generic-api-key", 1, -1);
    assert_int_equal(r.honoured.len, 1);
    run_free(&r);
    /* "secrets.generic-api-key." ends a sentence: the id is without its full stop */
    static const char text2[] = "\n\nm = 'y'  # aiready-ignore: secrets.generic-api-key.\n";
    apply(&r, "a.py", LANG_PYTHON, text2, "secrets.generic-api-key", 3, -1);
    assert_int_equal(r.honoured.len, 1);
    assert_null(r.honoured.items[0].reason);
    run_free(&r);
}

static void test_javascript_comments(void **state)
{
    static const char text[] =
        "// aiready-ignore: tls.js-reject-unauthorized-false self-signed dev proxy\n"  /* 1 */
        "const a = new Agent({ rejectUnauthorized: false });\n"                       /* 2 */
        "const b = new Agent({ rejectUnauthorized: false }); /* aiready-ignore: tls.js-reject-unauthorized-false local only */\n"
        "/**\n"                                                                          /* 4 */
        " * aiready-ignore: tls.js-reject-unauthorized-false test double\n"            /* 5 */
        " */\n"                                                                          /* 6 */
        "const c = 1;\n"                                                                 /* 7 */
        "const d = \"# aiready-ignore: tls.js-reject-unauthorized-false\"; const e = 2;\n" /* 8 */
        "const f = new Agent({ rejectUnauthorized: false });\n";                       /* 9 */
    run r;
    apply(&r, "web/agent.ts", LANG_TYPESCRIPT, text, "tls.js-reject-unauthorized-false", 2, 3, 7, 9, -1);
    assert_int_equal(r.honoured.len, 3);
    assert_int_equal(r.honoured.items[0].finding.line, 2);
    assert_string_equal(r.honoured.items[0].reason, "self-signed dev proxy");
    assert_int_equal(r.honoured.items[1].finding.line, 3);
    assert_string_equal(r.honoured.items[1].reason, "local only");
    assert_int_equal(r.honoured.items[2].finding.line, 7);
    assert_string_equal(r.honoured.items[2].reason, "test double");
    /* '#' is no comment in TypeScript: line 8 suppresses nothing and is no problem */
    assert_int_equal(r.findings.len, 1);
    assert_int_equal(r.findings.items[0].line, 9);
    assert_int_equal(r.problems.len, 0);
    run_free(&r);
}

static void test_markdown_and_yaml(void **state)
{
    static const char md[] =
        "# Setup\n"
        "<!-- aiready-ignore: secrets.generic-api-key example key from the vendor docs -->\n"
        "api_key: \"abcdefabcdefabcdefabcdefabcdef\"\n"
        "Write `# aiready-ignore: secrets.generic-api-key` in code.\n";
    run r;
    apply(&r, "README.md", LANG_NONE, md, "secrets.generic-api-key", 3, 4, -1);
    assert_int_equal(r.honoured.len, 1);
    assert_string_equal(r.honoured.items[0].reason, "example key from the vendor docs");
    assert_int_equal(r.findings.len, 1); /* line 4: prose in markdown, not a comment */
    assert_int_equal(r.problems.len, 0);
    run_free(&r);

    static const char yml[] = "llm:\n  api_key: \"abcdefabcdefabcdefabcdefabcdef\"  # aiready-ignore: secrets.generic-api-key rotated\n";
    apply(&r, "config/settings.yaml", LANG_NONE, yml, "secrets.generic-api-key", 2, -1);
    assert_int_equal(r.honoured.len, 1);
    assert_string_equal(r.honoured.items[0].reason, "rotated");
    run_free(&r);
}

static void test_whole_file_finding_needs_header_comment(void **state)
{
    static const char docker[] =
        "# syntax=docker/dockerfile:1\n"
        "# aiready-ignore: containers.root-user the base image drops privileges itself\n"
        "\n"
        "FROM python:3.12\n";
    run r;
    apply(&r, "Dockerfile", LANG_NONE, docker, "containers.root-user", 0, -1);
    assert_int_equal(r.honoured.len, 1);
    assert_int_equal(r.honoured.items[0].comment_line, 2);
    run_free(&r);

    static const char late[] =
        "FROM python:3.12\n"
        "# aiready-ignore: containers.root-user too late for the whole file\n"
        "RUN pip install x\n";
    apply(&r, "Dockerfile", LANG_NONE, late, "containers.root-user", 0, -1);
    assert_int_equal(r.honoured.len, 0);
    assert_int_equal(r.findings.len, 1);
    run_free(&r);
}

static void test_not_a_marker(void **state)
{
    static const char text[] =
        "x = 1  # aiready-ignored: tls.python-verify-false\n"
        "y = 'aiready-ignore: tls.python-verify-false'\n"
        "z = 1  # not-aiready-ignore: tls.python-verify-false\n";
    run r;
    apply(&r, "a.py", LANG_PYTHON, text, "tls.python-verify-false", 1, 2, 3, -1);
    assert_int_equal(r.honoured.len, 0);
    assert_int_equal(r.findings.len, 3);
    assert_int_equal(r.problems.len, 0);
    run_free(&r);
}

static void test_no_marker_no_change(void **state)
{
    run r;
    apply(&r, "a.py", LANG_PYTHON, "x = 1\n", "tls.python-verify-false", 1, -1);
    assert_int_equal(r.findings.len, 1);
    assert_int_equal(r.honoured.len, 0);
    run_free(&r);
    apply(&r, "a.py", LANG_PYTHON, "", "tls.python-verify-false", 1, -1);
    assert_int_equal(r.findings.len, 1);
    run_free(&r);
}

static void test_crlf_and_unknown_syntax(void **state)
{
    static const char text[] = "key = abc  // aiready-ignore: secrets.generic-api-key fixture\r\nother\r\n";
    run r;
    apply(&r, "conf/app.weird", LANG_NONE, text, "secrets.generic-api-key", 1, -1);
    assert_int_equal(r.honoured.len, 1);
    assert_string_equal(r.honoured.items[0].reason, "fixture");
    run_free(&r);
}

static void test_json_has_no_comments(void **state)
{
    static const char text[] = "{\n  \"snippet\": \"x = 1  # aiready-ignore\",\n  \"b\": \"y  // aiready-ignore: a.b c\"\n}\n";
    run r;
    apply(&r, "reports/old.json", LANG_NONE, text, "a.b", 3, -1);
    assert_int_equal(r.honoured.len, 0);
    assert_int_equal(r.problems.len, 0);
    run_free(&r);
}

static void test_compare_and_names(void **state)
{
    suppression a = {SUPPRESS_INLINE, mk("a.b", "x.py", 3), NULL, 3, BASELINE_NONE};
    suppression b = {SUPPRESS_BASELINE, mk("a.b", "x.py", 3), NULL, 0, BASELINE_NONE};
    suppression c = {SUPPRESS_INLINE, mk("a.b", "x.py", 1), NULL, 1, BASELINE_NONE};
    assert_true(suppression_compare(&a, &b) < 0);
    assert_true(suppression_compare(&c, &a) < 0);
    assert_string_equal(suppression_kind_name(SUPPRESS_INLINE), "inline");
    assert_string_equal(suppression_kind_name(SUPPRESS_BASELINE), "baseline");
    suppression_state st = {0};
    VEC_PUSH(&st.list, a);
    VEC_PUSH(&st.list, b);
    VEC_PUSH(&st.list, c);
    assert_int_equal(suppression_count(&st, SUPPRESS_INLINE), 2);
    assert_int_equal(suppression_count(&st, SUPPRESS_BASELINE), 1);
    finding copy = suppress_copy_finding(&st.list.items[0].finding);
    assert_string_equal(copy.rule, "a.b");
    assert_ptr_not_equal(copy.rule, st.list.items[0].finding.rule);
    finding_free(&copy);
    suppression_state_free(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_line_and_line_before),
        cmocka_unit_test(test_trailing_comment_covers_its_line_only),
        cmocka_unit_test(test_other_rule_not_suppressed),
        cmocka_unit_test(test_finding_of_another_file_untouched),
        cmocka_unit_test(test_bare_ignore_is_a_problem),
        cmocka_unit_test(test_problems_may_be_the_findings_list),
        cmocka_unit_test(test_several_rules_and_full_stop),
        cmocka_unit_test(test_javascript_comments),
        cmocka_unit_test(test_markdown_and_yaml),
        cmocka_unit_test(test_whole_file_finding_needs_header_comment),
        cmocka_unit_test(test_not_a_marker),
        cmocka_unit_test(test_no_marker_no_change),
        cmocka_unit_test(test_crlf_and_unknown_syntax),
        cmocka_unit_test(test_json_has_no_comments),
        cmocka_unit_test(test_compare_and_names),
        cmocka_unit_test(test_unknown_rule_id_is_a_problem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
