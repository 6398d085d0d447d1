/* test_report_text: the terminal report — colour only when asked, the verdict and its
 * reasons, the pillar table, gates, blockers (with file:line and fix) before Needs
 * Review, findings of no item, and every suppression (baselined ones with --verbose). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"
#include "safe_text.h"

typedef struct fx {
    checklist *cl;
    scan_result r;
    gate_outcomes gates;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->cl = rf_checklist();
    rf_build(&f->r, f->cl, true);
    gate g[2];
    gate_parse("critical", &g[0]);
    gate_parse("score:3", &g[1]);
    gate_evaluate(&f->r, g, 2, &f->gates);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    gate_outcomes_free(&f->gates);
    scan_result_free(&f->r);
    checklist_free(f->cl);
    free(f);
    return 0;
}

static char *render(fx *f, bool color, bool verbose)
{
    buf out = {0};
    report_options o = {.color = color, .verbose = verbose, .tool_version = "0.1.0", .gates = &f->gates};
    report_text(&f->r, &o, &out);
    return buf_take(&out);
}

/* Prose wraps at the width (80 here); nothing but one long word passes it. */
static void test_wrapped(void **state)
{
    fx *f = *state;
    buf out = {0};
    report_options o = {.verbose = true, .tool_version = "0.1.0", .gates = &f->gates, .width = 80};
    report_text(&f->r, &o, &out);
    size_t longest = 0, n = 0, wrapped = 0;
    for (const char *p = out.data; *p; p++) {
        if (*p != '\n') { n++; continue; }
        if (n > longest) longest = n;
        if (n > 80) {
            /* only a line that is one word after its indent (a path, a rule id) */
            const char *start = p - n;
            while (*start == ' ') start++;
            if (memchr(start, ' ', (size_t)(p - start))) fail_msg("line of %zu > 80: %.*s", n, (int)n, p - n);
        }
        wrapped += n > 70;
        n = 0;
    }
    assert_true(wrapped > 0);
    buf_free(&out);
}

static const char *need(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    if (!p) fail_msg("missing: %s", needle);
    return p;
}

static void test_plain(void **state)
{
    char *t = render(*state, false, false);
    assert_null(strchr(t, '\033'));
    static const char *const order[] = {
        "aiready  fixtures/demo <app>\n",
        "\nDecision: Rebuild  score 3/50  risk critical  ",   /* the decision leads */
        "  - security: model output reaches code execution or a shell",
        "Gates\n",
        "  FAIL --fail-on critical: risk level is critical: Blocker on new findings in pillar 4: 33",
        "  pass --fail-on score:3: score 3 of 50 is at least 3 (1 baselined finding set aside)\n",
        "Blockers (",
        "  17 Output validation is in place for downstream systems\n",
        "     app/main.py:62  Model output is run as a shell command [model-call.output-to-shell]\n",
        "       fix: Never execute model output",
        "  31 Secrets and credentials",
        "     app/main.py:14  An OpenAI API key is hard-coded [secrets.openai-api-key] (in baseline)\n",
        "Top actions\n",
        "  1. ",
        "Needs Review (",
        "`aiready explain N` says what to check; --verbose lists the evidence\n",
        "Score 3/50",
        "  pillar ",
        "  4 Security, compliance and governance",
        "Other findings\n",
        "  warning scripts/ingest.py:3  aiready-ignore names no rule id, so it suppresses nothing [aiready.bad-suppression]\n",
        "Suppressed (1 inline, 1 in baseline baseline.json)\n",
        "  tests/test_fetch.py:8  [tls.python-verify-false]  inline: local <stub> server & self-signed cert\n",
        "  (--verbose lists the 1 baselined finding)\n",
    };
    const char *at = t;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) at = need(at, order[i]) + strlen(order[i]);
    free(t);
}

static void test_colour(void **state)
{
    char *t = render(*state, true, false);
    need(t, "\033[1m");
    need(t, "\033[1m\033[31mDecision: Rebuild  score 3/50");
    need(t, "\033[31mFAIL\033[0m --fail-on critical");
    free(t);
}

static void test_verbose(void **state)
{
    char *t = render(*state, false, true);
    need(t, "  app/main.py:14  [secrets.openai-api-key]  baseline\n");
    assert_null(strstr(t, "--verbose lists"));
    need(t, "Findings (7)\n");
    /* the item-less finding is in the full list, not twice */
    assert_null(strstr(t, "Other findings\n"));
    free(t);
}

static void test_no_suppress(void **state)
{
    fx *f = *state;
    scan_result r = f->r;
    suppression_state saved = r.suppression;
    memset(&r.suppression, 0, sizeof r.suppression);
    r.suppression.ignored = true;
    buf out = {0};
    report_options o = {.tool_version = "0.1.0"};
    report_text(&r, &o, &out);
    need(out.data, "Suppressions ignored (--no-suppress): every finding counts\n");
    assert_null(strstr(out.data, "Gates\n"));
    buf_free(&out);
    f->r.suppression = saved;
}

/* F20, N3: nothing from the scanned repository reaches the terminal as a control
 * sequence or forges a line; two names differing in a non-UTF-8 byte stay distinct. */
static void test_hostile_strings_are_inert(void **state)
{
    fx *f = *state;
    scan_result r;
    checklist *cl = rf_checklist();
    rf_build(&r, cl, false);
    rf_add_hostile(&r);
    for (int verbose = 0; verbose < 2; verbose++) {
        buf out = {0};
        report_options o = {.verbose = verbose, .tool_version = "0.1.0", .gates = &f->gates};
        report_text(&r, &o, &out);
        const char *bad = rf_first_unsafe(out.data, false);
        if (bad) fail_msg("unsafe byte 0x%02x at: %.40s", (unsigned char)*bad, bad);
        /* the real verdict line, once; no forged one */
        const char *d = need(out.data, "\nDecision: Rebuild  score ");
        assert_null(strstr(d + 1, "\nDecision: "));
        assert_false(rf_line_starts(out.data, "Decision: ship"));
        assert_false(rf_line_starts(out.data, "Decision: Ship"));
        assert_false(rf_line_starts(out.data, "Score 50/50"));
        need(out.data, "x\\nScore 50/50 (verified 50, attested 0)  risk: low\\nDecision: ship\\n\\e]0;pwned\\x07.py:2");
        need(out.data, "bad\\xff.py:2");
        need(out.data, "bad\\xfe.py:2");
        need(out.data, "see \\e]8;;http://evil.test\\x07here\\e]8;;\\x07 \\u009b2J \\u202egnp.exe");
        if (verbose) {
            need(out.data, "fix: rotate it\\nDecision: ship\\r\n");
            need(out.data, "inline: ok\\e[2J\\nDecision: ship\n");
        }
        buf_free(&out);
    }
    scan_result_free(&r);
    checklist_free(cl);
}

static void test_safe_text(void **state)
{
    buf b = {0};
    assert_string_equal(safe_str(&b, "a\tb\nc\033[1m\177\x01", SAFE_CONTROLS), "a\\tb\\nc\\e[1m\\x7f\\x01");
    assert_string_equal(safe_str(&b, "a\tb\nc\033", SAFE_CONTROLS | SAFE_LAYOUT), "a\tb\nc\\e");
    /* not UTF-8: \xHH whatever the flags; valid UTF-8 kept */
    assert_string_equal(safe_str(&b, "\xff\xc3\xa9\xe2\x82", 0), "\\xff\xc3\xa9\\xe2\\x82");
    /* C1 and bidi controls */
    assert_string_equal(safe_str(&b, "\xc2\x85\xc2\x9b\xc2\xa0\xe2\x80\xae\xe2\x81\xa6", SAFE_CONTROLS),
                        "\\u0085\\u009b\xc2\xa0\\u202e\\u2066");
    assert_string_equal(safe_str(&b, "\xc2\x9b", 0), "\xc2\x9b");
    /* a file name: a backslash doubled, so "\\xff" (4 characters) and "\xff" (1 byte) differ */
    assert_string_equal(safe_str(&b, "a\\xff", SAFE_PATH), "a\\\\xff");
    assert_string_equal(safe_str(&b, "a\xff", SAFE_PATH), "a\\xff");
    assert_string_equal(safe_str(&b, "a\\b", SAFE_CONTROLS), "a\\b");
    assert_string_equal(safe_str(&b, NULL, SAFE_CONTROLS), "");
    char *p = safe_path_dup("dir/na\xefme");
    assert_string_equal(p, "dir/na\\xefme");
    free(p);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_colour),
        cmocka_unit_test(test_verbose),
        cmocka_unit_test(test_no_suppress),
        cmocka_unit_test(test_hostile_strings_are_inert),
        cmocka_unit_test(test_safe_text),
        cmocka_unit_test(test_wrapped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
