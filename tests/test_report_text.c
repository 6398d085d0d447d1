/* test_report_text: the terminal report — colour only when asked, the verdict and its
 * reasons, the pillar table, gates, blockers (with file:line and fix) before Needs
 * Review, findings of no item, and every suppression (baselined ones with --verbose). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"

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
    report_options o = {color, verbose, "0.1.0", &f->gates, NULL};
    report_text(&f->r, &o, &out);
    return buf_take(&out);
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
        "Score 4/50",
        "Decision: rebuild\n",
        "  - model output reaches code execution or a shell",
        "  pillar ",
        "  4 Security, compliance and governance",
        "Gates\n",
        "  FAIL --fail-on critical: risk level is critical: Blocker on new findings in pillar 4: 33",
        "  pass --fail-on score:3: score 4 of 50 is at least 3 (1 baselined finding set aside)\n",
        "Blockers\n",
        "  17 Output validation is in place for downstream systems\n",
        "     app/main.py:62  Model output is run as a shell command [model-call.output-to-shell]\n",
        "       fix: Never execute model output",
        "  31 Secrets and credentials",
        "     app/main.py:14  An OpenAI API key is hard-coded [secrets.openai-api-key] (in baseline)\n",
        "Needs Review\n",
        "Other findings\n",
        "  warning scripts/ingest.py:3  aiready-ignore names no rule id, so it suppresses nothing  [aiready.bad-suppression]\n",
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
    need(t, "\033[31mrebuild\033[0m");
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
    report_options o = {false, false, "0.1.0", NULL, NULL};
    report_text(&r, &o, &out);
    need(out.data, "Suppressions ignored (--no-suppress): every finding counts\n");
    assert_null(strstr(out.data, "Gates\n"));
    buf_free(&out);
    f->r.suppression = saved;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_colour),
        cmocka_unit_test(test_verbose),
        cmocka_unit_test(test_no_suppress),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
