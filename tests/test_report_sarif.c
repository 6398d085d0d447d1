/* test_report_sarif: the SARIF 2.1.0 report read back with the JSON reader — one rule
 * per rule id with help text and item pointer, results only for problems, levels,
 * relative locations under %SRCROOT%, fingerprints, inline suppressions, baselineState,
 * and no absolute path. The schema itself is checked by tests/report_check.sh on the
 * samples this test writes when AIREADY_REPORT_SAMPLES is set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "jsonr.h"
#include "report_fixture.h"

typedef struct fx {
    checklist *cl;
    scan_result r;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->cl = rf_checklist();
    rf_build(&f->r, f->cl, false);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    scan_result_free(&f->r);
    checklist_free(f->cl);
    free(f);
    return 0;
}

static dom *render(const scan_result *r, const report_options *o, const char *sample)
{
    buf out = {0};
    report_sarif(r, o, &out);
    if (sample) rf_save_sample(sample, &out);
    char *err = NULL;
    dom *d = jsonr_parse(out.data, out.len, 0, &err);
    if (err) fail_msg("SARIF is not valid JSON: %s", err);
    assert_null(strstr(out.data, "/tmp/demo")); /* the absolute root never appears */
    buf_free(&out);
    return d;
}

static const finding *find_finding(const scan_result *r, const char *rule)
{
    for (size_t i = 0; i < r->findings.len; i++)
        if (!strcmp(r->findings.items[i].rule, rule)) return &r->findings.items[i];
    fail_msg("no %s finding", rule);
    return NULL;
}

static const dom *find_result(const dom *results, const char *rule, const char *file)
{
    for (size_t i = 0; i < dom_len(results); i++) {
        const dom *res = dom_at(results, i);
        const dom *loc = dom_path(dom_at(dom_get(res, "locations"), 0), "physicalLocation", "artifactLocation", NULL);
        if (!strcmp(dom_get_str(res, "ruleId"), rule) && (!file || !strcmp(dom_get_str(loc, "uri"), file))) return res;
    }
    return NULL;
}

static void test_log_and_driver(void **state)
{
    fx *f = *state;
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    dom *d = render(&f->r, &o, "synthetic.sarif");
    assert_string_equal(dom_get_str(d, "version"), "2.1.0");
    assert_non_null(strstr(dom_get_str(d, "$schema"), "sarif-schema-2.1.0.json"));
    assert_int_equal(dom_len(dom_get(d, "runs")), 1);
    const dom *run = dom_at(dom_get(d, "runs"), 0);
    const dom *driver = dom_path(run, "tool", "driver", NULL);
    assert_string_equal(dom_get_str(driver, "name"), "aiready");
    assert_string_equal(dom_get_str(driver, "version"), "0.1.0");
    assert_null(dom_get(driver, "informationUri"));
    /* verdict in the run's properties */
    assert_int_equal(dom_int(dom_path(run, "properties", "score", NULL)), f->r.score.score);
    assert_string_equal(dom_get_str(dom_get(run, "properties"), "decision"), "rebuild");
    /* the malformed suppression (a warning about the user's own input) and the syntax
     * error as notifications */
    const dom *notes = dom_get(dom_at(dom_get(run, "invocations"), 0), "toolExecutionNotifications");
    assert_int_equal(dom_len(notes), 2);
    assert_non_null(strstr(dom_get_str(dom_get(dom_at(notes, 0), "message"), "text"), "aiready-ignore names no rule id"));
    assert_true(dom_bool(dom_get(dom_at(dom_get(run, "invocations"), 0), "executionSuccessful")));
    dom_free(d);
}

static void test_rules(void **state)
{
    fx *f = *state;
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    dom *d = render(&f->r, &o, NULL);
    const dom *run = dom_at(dom_get(d, "runs"), 0);
    const dom *rules = dom_path(run, "tool", "driver", "rules", NULL);
    /* the violating rules and the bad suppression; the supporting Dockerfile rule is no result */
    static const char *const want[] = {"aiready.bad-suppression", "model-call.output-to-shell",
                                       "reliability.python-llm-call-unhandled", "secrets.openai-api-key",
                                       "tls.python-verify-false", "xss.dangerously-set-inner-html"};
    assert_int_equal(dom_len(rules), 6);
    for (size_t i = 0; i < 6; i++) assert_string_equal(dom_get_str(dom_at(rules, i), "id"), want[i]);
    const dom *key = dom_at(rules, 3);
    /* rule-level text, never a finding's message: the synthetic scan has no ruleset, so a
     * rule-file id gets a sentence naming its item, a stage id its own description */
    assert_string_equal(dom_get_str(dom_get(key, "shortDescription"), "text"),
                        "aiready rule secrets.openai-api-key, evidence for checklist item 31 "
                        "(Secrets and credentials are stored in a dedicated secrets manager).");
    assert_string_equal(dom_get_str(dom_get(dom_at(rules, 1), "shortDescription"), "text"),
                        "Model output reaches a shell command.");
    for (size_t i = 0; i < dom_len(rules); i++) {
        const dom *rule = dom_at(rules, i);
        const char *texts[] = {dom_get_str(dom_get(rule, "shortDescription"), "text"),
                               dom_get_str(dom_get(rule, "fullDescription"), "text"),
                               dom_get_str(dom_get(rule, "help"), "text"),
                               dom_get_str(dom_get(rule, "help"), "markdown")};
        for (size_t k = 0; k < 4; k++)
            if (strstr(texts[k], ".py:") || strstr(texts[k], ".tsx") || strstr(texts[k], "rules/sdks"))
                fail_msg("rule %s quotes a finding: %s", dom_get_str(rule, "id"), texts[k]);
    }
    assert_non_null(strstr(dom_get_str(dom_get(key, "fullDescription"), "text"), "Checklist item 31, "));
    const char *help = dom_get_str(dom_get(key, "help"), "text");
    assert_non_null(strstr(help, "\n\nMore on item 31: run aiready explain 31 (docs/items.md in the aiready sources)\n"));
    assert_non_null(strstr(help, "How to fix: "));
    /* no relative link that would not resolve where the SARIF is shown */
    assert_null(strstr(dom_get_str(dom_get(key, "help"), "markdown"), "](docs/"));
    assert_null(dom_get(key, "helpUri")); /* an absolute URI only with --doc-base */
    assert_string_equal(dom_get_str(dom_get(key, "defaultConfiguration"), "level"), "error");
    const dom *tags = dom_path(key, "properties", "tags", NULL);
    assert_string_equal(dom_str(dom_at(tags, 0)), "aiready");
    assert_string_equal(dom_str(dom_at(tags, 1)), "checklist-item-31");
    assert_string_equal(dom_str(dom_at(tags, 2)), "security");
    assert_string_equal(dom_get_str(dom_get(key, "properties"), "security-severity"), "8.0");
    /* a pillar 3 rule is not tagged security; a warning rule defaults to warning */
    const dom *unhandled = dom_at(rules, 2);
    assert_null(dom_get(dom_get(unhandled, "properties"), "security-severity"));
    assert_string_equal(dom_get_str(dom_get(unhandled, "defaultConfiguration"), "level"), "warning");
    /* the bad suppression explains the syntax */
    assert_non_null(strstr(dom_get_str(dom_get(dom_at(rules, 0), "help"), "text"), "aiready-ignore: RULE_ID reason"));
    dom_free(d);
}

static void test_results(void **state)
{
    fx *f = *state;
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    dom *d = render(&f->r, &o, NULL);
    const dom *run = dom_at(dom_get(d, "runs"), 0);
    const dom *rules = dom_path(run, "tool", "driver", "rules", NULL);
    const dom *results = dom_get(run, "results");
    /* 6 active problems + 1 inline-suppressed; the supporting finding is left out */
    assert_int_equal(dom_len(results), 7);
    for (size_t i = 0; i < dom_len(results); i++) {
        const dom *res = dom_at(results, i);
        const dom *rule = dom_at(rules, (size_t)dom_int(dom_get(res, "ruleIndex")));
        assert_string_equal(dom_get_str(rule, "id"), dom_get_str(res, "ruleId"));
        assert_int_equal(strlen(dom_get_str(dom_get(res, "partialFingerprints"), "aiready/v1")), 64);
        assert_null(dom_get(res, "baselineState"));
    }
    const dom *key = find_result(results, "secrets.openai-api-key", NULL);
    assert_non_null(key);
    assert_string_equal(dom_get_str(key, "level"), "error");
    assert_non_null(strstr(dom_get_str(dom_get(key, "message"), "text"),
                           "An OpenAI API key is hard-coded. Checklist item 31: Secrets and credentials"));
    const dom *pl = dom_get(dom_at(dom_get(key, "locations"), 0), "physicalLocation");
    assert_string_equal(dom_get_str(dom_get(pl, "artifactLocation"), "uri"), "app/main.py");
    assert_string_equal(dom_get_str(dom_get(pl, "artifactLocation"), "uriBaseId"), "%SRCROOT%");
    const dom *region = dom_get(pl, "region");
    assert_int_equal(dom_int(dom_get(region, "startLine")), 14);
    assert_int_equal(dom_int(dom_get(region, "startColumn")), 5);
    assert_int_equal(dom_int(dom_get(region, "endLine")), 14);
    assert_int_equal(dom_int(dom_get(region, "endColumn")), 17);
    assert_non_null(strstr(dom_get_str(dom_get(region, "snippet"), "text"), "[redacted sha256:3f2a9c]"));
    assert_null(dom_get(key, "suppressions"));

    const dom *warn = find_result(results, "reliability.python-llm-call-unhandled", NULL);
    assert_string_equal(dom_get_str(warn, "level"), "warning");
    const dom *bad = find_result(results, "aiready.bad-suppression", NULL);
    assert_string_equal(dom_get_str(bad, "level"), "warning");
    assert_string_equal(dom_get_str(dom_get(bad, "message"), "text"), "aiready-ignore names no rule id, so it suppresses nothing");

    /* the inline suppression: a result with an inSource suppression and its reason */
    const dom *sup = find_result(results, "tls.python-verify-false", "tests/test_fetch.py");
    assert_non_null(sup);
    const dom *s0 = dom_at(dom_get(sup, "suppressions"), 0);
    assert_string_equal(dom_get_str(s0, "kind"), "inSource");
    assert_string_equal(dom_get_str(s0, "status"), "accepted");
    assert_string_equal(dom_get_str(s0, "justification"), "local <stub> server & self-signed cert");
    const dom *live = find_result(results, "tls.python-verify-false", "app/main.py");
    assert_null(dom_get(live, "suppressions"));
    dom_free(d);
}

static void test_baseline_state_and_doc_base(void **state)
{
    checklist *cl = ((fx *)*state)->cl;
    scan_result r;
    rf_build(&r, cl, true);
    gate g;
    gate_parse("blocker", &g);
    gate_outcomes go = {0};
    gate_evaluate(&r, &g, 1, &go);
    report_options o = {.tool_version = "0.1.0", .gates = &go, .doc_base = "https://example.org/aiready/docs/"};
    dom *d = render(&r, &o, "synthetic-baseline.sarif");
    const dom *run = dom_at(dom_get(d, "runs"), 0);
    const dom *results = dom_get(run, "results");
    assert_string_equal(dom_get_str(find_result(results, "secrets.openai-api-key", NULL), "baselineState"), "unchanged");
    assert_string_equal(dom_get_str(find_result(results, "tls.python-verify-false", "app/main.py"), "baselineState"), "new");
    assert_string_equal(dom_get_str(find_result(results, "tls.python-verify-false", "tests/test_fetch.py"), "baselineState"), "new");
    /* fixed since the baseline: written as absent, no longer a problem */
    const dom *gone = find_result(results, "tls.python-verify-false", "old/fetch.py");
    assert_non_null(gone);
    assert_string_equal(dom_get_str(gone, "baselineState"), "absent");
    assert_string_equal(dom_get_str(gone, "kind"), "pass");
    assert_string_equal(dom_get_str(gone, "level"), "none");
    assert_string_equal(dom_get_str(dom_get(gone, "partialFingerprints"), "aiready/v1"), "0000");
    for (size_t i = 0; i < dom_len(results); i++) /* every result has a state with a baseline */
        assert_non_null(dom_get_str(dom_at(results, i), "baselineState"));
    const dom *driver = dom_path(run, "tool", "driver", NULL);
    assert_string_equal(dom_get_str(driver, "informationUri"), "https://example.org/aiready/docs/reports.md");
    const dom *rules = dom_get(driver, "rules");
    assert_string_equal(dom_get_str(dom_at(rules, 3), "helpUri"), "https://example.org/aiready/docs/items.md#item-31");
    assert_null(dom_get(dom_at(rules, 0), "helpUri")); /* the bad suppression has no item */
    /* the gate outcome: exit code and details */
    const dom *inv = dom_at(dom_get(run, "invocations"), 0);
    assert_int_equal(dom_int(dom_get(inv, "exitCode")), 1);
    const dom *gates = dom_path(run, "properties", "gates", NULL);
    assert_string_equal(dom_get_str(dom_at(gates, 0), "gate"), "blocker");
    assert_true(dom_bool(dom_get(dom_at(gates, 0), "failed")));
    dom_free(d);
    gate_outcomes_free(&go);
    scan_result_free(&r);
}


/* Every kind of baselineState, suppressed results included: unchanged (same message and
 * severity; the line may move), updated (same fingerprint, another message or severity),
 * new, absent. The baseline is an aiready JSON report, as --baseline reads it. */
static void test_baseline_states(void **state)
{
    checklist *cl = ((fx *)*state)->cl;
    scan_result r;
    rf_build(&r, cl, false);
    const finding *key = find_finding(&r, "secrets.openai-api-key"), *unh = find_finding(&r, "reliability.python-llm-call-unhandled");
    const finding *sup = &r.suppression.list.items[0].finding;
    buf json = {0};
    buf_printf(&json,
               "{\"schema_version\": 1, \"findings\": ["
               "{\"rule\": \"secrets.openai-api-key\", \"effect\": \"violates\", \"severity\": \"blocker\", "
               "\"file\": \"app/main.py\", \"line\": 99, \"message\": \"%s\", \"fingerprint\": \"%s\"},"
               "{\"rule\": \"reliability.python-llm-call-unhandled\", \"effect\": \"violates\", \"severity\": \"blocker\", "
               "\"file\": \"app/main.py\", \"line\": 26, \"message\": \"older words\", \"fingerprint\": \"%s\"},"
               "{\"rule\": \"model-call.output-to-sql\", \"effect\": \"violates\", \"severity\": \"blocker\", \"items\": [17, 39], "
               "\"file\": \"app/db.py\", \"line\": 7, \"message\": \"Model output builds SQL\", \"fingerprint\": \"feed\"}],"
               "\"suppressed\": [{\"rule\": \"tls.python-verify-false\", \"kind\": \"inline\", \"severity\": \"blocker\", "
               "\"file\": \"tests/test_fetch.py\", \"line\": 8, \"message\": \"%s\", \"fingerprint\": \"%s\"}]}",
               key->message, key->fingerprint, unh->fingerprint, sup->message, sup->fingerprint);
    baseline b;
    char *err = NULL;
    assert_int_equal(baseline_parse(json.data, json.len, "base.json", &b, &err), 0);
    baseline_apply(&b, &r);
    baseline_free(&b);
    buf_free(&json);
    report_options o = {.tool_version = "0.1.0"};
    dom *d = render(&r, &o, "synthetic-baseline-states.sarif");
    const dom *run = dom_at(dom_get(d, "runs"), 0), *results = dom_get(run, "results");
    assert_string_equal(dom_get_str(find_result(results, "secrets.openai-api-key", NULL), "baselineState"), "unchanged");
    assert_string_equal(dom_get_str(find_result(results, "reliability.python-llm-call-unhandled", NULL), "baselineState"), "updated");
    assert_string_equal(dom_get_str(find_result(results, "tls.python-verify-false", "app/main.py"), "baselineState"), "new");
    const dom *s = find_result(results, "tls.python-verify-false", "tests/test_fetch.py");
    assert_string_equal(dom_get_str(s, "baselineState"), "unchanged"); /* suppressed then and now */
    assert_non_null(dom_get(s, "suppressions"));
    const dom *gone = find_result(results, "model-call.output-to-sql", "app/db.py");
    assert_string_equal(dom_get_str(gone, "baselineState"), "absent");
    /* its rule is described like any other, from the rule, with all its items */
    const dom *rules = dom_path(run, "tool", "driver", "rules", NULL);
    const dom *rule = dom_at(rules, (size_t)dom_int(dom_get(gone, "ruleIndex")));
    assert_string_equal(dom_get_str(rule, "id"), "model-call.output-to-sql");
    assert_string_equal(dom_get_str(dom_get(rule, "shortDescription"), "text"), "Model output is used to build SQL.");
    assert_int_equal(dom_len(dom_path(rule, "properties", "checklistItems", NULL)), 2);
    assert_non_null(dom_path(rule, "properties", "security-severity", NULL));
    dom_free(d);
    scan_result_free(&r);
}

/* What GitHub code scanning documents that it reads ("SARIF support for code scanning"),
 * on every rule and result: a rule's id, shortDescription.text, fullDescription.text and
 * help.text (markdown too); security-severity a number from 0.0 to 10.0 as a string, only
 * with the "security" tag; a result's ruleId naming a rule at ruleIndex, a level, message.text,
 * a location with a relative artifactLocation.uri and a startLine from 1, and
 * partialFingerprints. */
static void check_github_fields(const dom *d)
{
    const dom *run = dom_at(dom_get(d, "runs"), 0);
    const dom *rules = dom_path(run, "tool", "driver", "rules", NULL), *results = dom_get(run, "results");
    assert_non_null(dom_path(run, "tool", "driver", "name", NULL));
    for (size_t i = 0; i < dom_len(rules); i++) {
        const dom *rule = dom_at(rules, i);
        assert_non_null(dom_get_str(rule, "id"));
        const char *keys[] = {"shortDescription", "fullDescription", "help"};
        for (size_t k = 0; k < 3; k++) {
            const char *t = dom_get_str(dom_get(rule, keys[k]), "text");
            if (!t || !*t) fail_msg("rule %s: no %s.text", dom_get_str(rule, "id"), keys[k]);
        }
        assert_non_null(dom_get_str(dom_get(rule, "help"), "markdown"));
        const char *sev = dom_get_str(dom_get(rule, "properties"), "security-severity");
        bool security = false;
        const dom *tags = dom_path(rule, "properties", "tags", NULL);
        for (size_t k = 0; k < dom_len(tags); k++) security |= !strcmp(dom_str(dom_at(tags, k)), "security");
        if (sev) {
            char *end;
            double v = strtod(sev, &end);
            assert_true(*end == '\0' && v >= 0.0 && v <= 10.0 && security);
        }
    }
    for (size_t i = 0; i < dom_len(results); i++) {
        const dom *res = dom_at(results, i);
        const char *id = dom_get_str(res, "ruleId");
        assert_non_null(id);
        assert_string_equal(dom_get_str(dom_at(rules, (size_t)dom_int(dom_get(res, "ruleIndex"))), "id"), id);
        assert_non_null(dom_get_str(res, "level"));
        assert_non_null(dom_get_str(dom_get(res, "message"), "text"));
        assert_non_null(dom_get(res, "partialFingerprints"));
        const dom *loc = dom_path(dom_at(dom_get(res, "locations"), 0), "physicalLocation", NULL);
        if (!loc) continue; /* a finding of the whole repository has no file */
        const char *uri = dom_get_str(dom_get(loc, "artifactLocation"), "uri");
        assert_non_null(uri);
        assert_true(uri[0] != '/' && !strstr(uri, "://"));
        const dom *region = dom_get(loc, "region");
        if (region) assert_true(dom_int(dom_get(region, "startLine")) >= 1);
    }
}

static void test_github_fields(void **state)
{
    fx *f = *state;
    report_options o = {.tool_version = "0.1.0"};
    dom *d = render(&f->r, &o, NULL);
    check_github_fields(d);
    dom_free(d);
    scan_result r;
    rf_build(&r, f->cl, true);
    d = render(&r, &o, NULL);
    check_github_fields(d);
    dom_free(d);
    scan_result_free(&r);
}

static void test_empty_result(void **state)
{
    checklist *cl = ((fx *)*state)->cl;
    scan_result r;
    memset(&r, 0, sizeof r);
    r.target = xstrdup(".");
    r.checklist = cl;
    items_resolve(cl, NULL, 0, NULL, 0, NULL, 0, &r.items);
    score_compute(cl, &r.items, NULL, 0, &r.score);
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    dom *d = render(&r, &o, "empty.sarif");
    const dom *run = dom_at(dom_get(d, "runs"), 0);
    assert_int_equal(dom_type_of(dom_get(run, "results")), DOM_ARRAY);
    assert_int_equal(dom_len(dom_get(run, "results")), 0);
    assert_int_equal(dom_len(dom_path(run, "tool", "driver", "rules", NULL)), 0);
    dom_free(d);
    scan_result_free(&r);
}

/* F21: artifactLocation.uri is a valid relative URI reference, percent-encoded, for
 * results and for tool notifications. */
static void test_uri_percent_encoded(void **state)
{
    fx *f = *state;
    scan_result r;
    rf_build(&r, f->cl, false);
    static const char *const names[] = {"sp ace.py", "pct%41.py", "hash#frag.py", "q?x=1.py", "c:x.py",
                                        "dir/\xc3\xa9t\xc3\xa9.py", "bad\xff.py", "nl\n.py", "ok-._~!$&'()*+,;=@.py"};
    static const char *const uris[] = {"sp%20ace.py", "pct%2541.py", "hash%23frag.py", "q%3Fx=1.py", "c%3Ax.py",
                                       "dir/%C3%A9t%C3%A9.py", "bad%FF.py", "nl%0A.py", "ok-._~!$&'()*+,;=@.py"};
    size_t n = sizeof names / sizeof *names;
    for (size_t i = 0; i < n; i++) {
        finding x = rf_finding("local.evil-rule", 0, EFFECT_VIOLATES, SEV_WARNING, names[i], 1, "m", NULL, NULL);
        VEC_PUSH(&r.findings, x);
    }
    scan_error e = {xstrdup("a b#c.py"), xstrdup("cannot read: x")};
    VEC_PUSH(&r.errors, e);
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    dom *d = render(&r, &o, "uris.sarif");
    const dom *run = dom_at(dom_get(d, "runs"), 0);
    const dom *results = dom_get(run, "results");
    for (size_t i = 0; i < n; i++)
        if (!find_result(results, "local.evil-rule", uris[i])) fail_msg("no result with uri %s", uris[i]);
    const dom *notes = dom_get(dom_at(dom_get(run, "invocations"), 0), "toolExecutionNotifications");
    bool seen = false;
    for (size_t i = 0; i < dom_len(notes); i++) {
        const dom *al = dom_path(dom_at(dom_get(dom_at(notes, i), "locations"), 0), "physicalLocation",
                                 "artifactLocation", NULL);
        seen |= al && !strcmp(dom_get_str(al, "uri"), "a%20b%23c.py");
    }
    assert_true(seen);
    dom_free(d);
    scan_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_and_driver),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_results),
        cmocka_unit_test(test_baseline_state_and_doc_base),
        cmocka_unit_test(test_baseline_states),
        cmocka_unit_test(test_github_fields),
        cmocka_unit_test(test_empty_result),
        cmocka_unit_test(test_uri_percent_encoded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
