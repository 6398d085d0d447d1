/* test_gate: parsing --fail-on values, and judging each gate on the reported verdict,
 * or, with a baseline, on the verdict resolved again without the baselined findings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"

static void test_parse(void **state)
{
    gate g;
    assert_true(gate_parse("blocker", &g));
    assert_int_equal(g.kind, GATE_BLOCKER);
    assert_true(gate_parse("critical", &g));
    assert_int_equal(g.kind, GATE_CRITICAL);
    assert_true(gate_parse("rebuild", &g));
    assert_int_equal(g.kind, GATE_REBUILD);
    assert_true(gate_parse("score:0", &g));
    assert_int_equal(g.kind, GATE_SCORE);
    assert_int_equal(g.min_score, 0);
    assert_true(gate_parse("score:40", &g));
    assert_int_equal(g.min_score, 40);
    assert_true(gate_parse("score:50", &g));
    assert_int_equal(g.min_score, 50);
    static const char *const bad[] = {"", "Blocker", "blockers", "score", "score:", "score:51", "score:-1",
                                      "score:4x", "score:040", "score: 4", "ship", "refactor", "critical,"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (gate_parse(bad[i], &g)) fail_msg("accepted '%s'", bad[i]);
}

static void test_format(void **state)
{
    static const char *const all[] = {"blocker", "critical", "rebuild", "score:0", "score:35"};
    for (size_t i = 0; i < 5; i++) {
        gate g;
        assert_true(gate_parse(all[i], &g));
        buf b = {0};
        gate_format(&g, &b);
        assert_string_equal(b.data, all[i]);
        buf_free(&b);
    }
}

static gate_outcomes judge(const scan_result *r, const char *const *names, size_t n)
{
    gate g[8];
    for (size_t i = 0; i < n; i++) assert_true(gate_parse(names[i], &g[i]));
    gate_outcomes o = {0};
    gate_evaluate(r, g, n, &o);
    assert_int_equal(o.len, n);
    return o;
}

static void expect(const gate_outcomes *o, size_t i, bool failed, const char *detail)
{
    if (o->items[i].failed != failed || strcmp(o->items[i].detail, detail) != 0)
        fail_msg("gate %zu: %s, \"%s\"; wanted %s, \"%s\"", i, o->items[i].failed ? "failed" : "passed",
                 o->items[i].detail, failed ? "failed" : "passed", detail);
}

static void test_reported_verdict(void **state)
{
    checklist *cl = rf_checklist();
    scan_result r;
    rf_build(&r, cl, false);
    static const char *const names[] = {"blocker", "critical", "rebuild", "score:3", "score:4"};
    gate_outcomes o = judge(&r, names, 5);
    expect(&o, 0, true, "3 items are Blocker: 17 (model-call.output-to-shell at app/main.py:62), "
                        "31 (secrets.openai-api-key at app/main.py:14), 33 (tls.python-verify-false at app/main.py:66)");
    expect(&o, 1, true, "risk level is critical: Blocker in pillar 4: 31 (secrets.openai-api-key at app/main.py:14), "
                        "33 (tls.python-verify-false at app/main.py:66)");
    assert_true(o.items[2].failed);
    assert_non_null(strstr(o.items[2].detail, "decision is Rebuild: security: model output reaches code execution"));
    expect(&o, 3, false, "score 3 of 50 is at least 3");
    expect(&o, 4, true, "score 3 of 50 is under 4");
    assert_true(gate_any_failed(&o));
    gate_outcomes_free(&o);
    scan_result_free(&r);
    checklist_free(cl);
}

static void test_baseline_sets_old_findings_aside(void **state)
{
    checklist *cl = rf_checklist();
    scan_result r;
    rf_build(&r, cl, true); /* the hard-coded key is in the baseline */
    static const char *const names[] = {"blocker", "critical"};
    gate_outcomes o = judge(&r, names, 2);
    expect(&o, 0, true, "2 items are Blocker on new findings: 17 (model-call.output-to-shell at app/main.py:62), "
                        "33 (tls.python-verify-false at app/main.py:66) (1 baselined finding set aside)");
    expect(&o, 1, true, "risk level is critical: Blocker on new findings in pillar 4: 33 (tls.python-verify-false at "
                        "app/main.py:66) (1 baselined finding set aside)");
    gate_outcomes_free(&o);
    /* the report itself is unchanged: the old blocker still counts */
    assert_int_equal(r.score.blockers, 3);
    assert_int_equal(r.items.items[30].status, ITEM_BLOCKER);
    scan_result_free(&r);
    checklist_free(cl);
}

static void test_everything_baselined(void **state)
{
    checklist *cl = rf_checklist();
    scan_result r;
    rf_build(&r, cl, false);
    /* a baseline holding every violating finding */
    buf json = {0};
    buf_puts(&json, "{\"schema_version\": 1, \"findings\": [");
    for (size_t i = 0; i < r.findings.len; i++)
        buf_printf(&json, "%s{\"effect\": \"%s\", \"fingerprint\": \"%s\"}", i ? ", " : "",
                   effect_name(r.findings.items[i].effect), r.findings.items[i].fingerprint);
    buf_puts(&json, "]}");
    baseline b;
    char *err = NULL;
    assert_int_equal(baseline_parse(json.data, json.len, "old.json", &b, &err), 0);
    baseline_apply(&b, &r);
    baseline_free(&b);
    buf_free(&json);
    static const char *const names[] = {"blocker", "critical", "rebuild", "score:4"};
    gate_outcomes o = judge(&r, names, 4);
    expect(&o, 0, false, "no item is a Blocker on new findings (5 baselined findings set aside)");
    expect(&o, 1, false, "risk level is high, not critical (5 baselined findings set aside)");
    /* with the blockers set aside there is no rebuild trigger left: a low score alone is a
     * Refactor (rebuild_on_gaps: false in the shipped checklist) */
    assert_false(o.items[2].failed);
    assert_string_equal(o.items[2].detail, "decision is Refactor (5 baselined findings set aside)");
    /* set aside, the blockers' items are no longer Blockers; none of them becomes met */
    expect(&o, 3, false, "score 4 of 50 is at least 4 (5 baselined findings set aside)");
    gate_outcomes_free(&o);
    assert_int_equal(r.score.blockers, 3);
    assert_int_equal(r.score.decision, DECISION_REBUILD);
    scan_result_free(&r);
    checklist_free(cl);
}

static void test_ship(void **state)
{
    /* a verdict built by hand: no checklist needed without a baseline */
    scan_result r;
    memset(&r, 0, sizeof r);
    r.score.score = 44;
    r.score.risk = RISK_STRONG;
    r.score.decision = DECISION_SHIP;
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        r.items.items[i].id = i + 1;
        r.items.items[i].pillar = i / 10 + 1;
        r.items.items[i].status = i < 44 ? ITEM_READY : ITEM_NEEDS_REVIEW;
    }
    static const char *const names[] = {"blocker", "critical", "rebuild", "score:40", "score:45"};
    gate_outcomes o = judge(&r, names, 5);
    expect(&o, 0, false, "no item is a Blocker");
    expect(&o, 1, false, "risk level is strong, not critical");
    expect(&o, 2, false, "decision is Ship");
    expect(&o, 3, false, "score 44 of 50 is at least 40");
    expect(&o, 4, true, "score 44 of 50 is under 45");
    gate_outcomes_free(&o);
    gate_outcomes none = {0};
    gate_evaluate(&r, NULL, 0, &none);
    assert_int_equal(none.len, 0);
    assert_false(gate_any_failed(&none));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_reported_verdict),
        cmocka_unit_test(test_baseline_sets_old_findings_aside),
        cmocka_unit_test(test_everything_baselined),
        cmocka_unit_test(test_ship),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
