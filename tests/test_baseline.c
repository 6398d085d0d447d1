/* test_baseline: reading a previous JSON report (only violating fingerprints kept,
 * sorted and distinct), rejecting what is not one, and matching by fingerprint — not by
 * line — with items and score left as reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <unistd.h>

#include "jsonr.h"
#include "report_fixture.h"

static void test_parse(void **state)
{
    static const char text[] =
        "{\"schema_version\": 1, \"tool\": {\"name\": \"aiready\"}, \"findings\": ["
        "{\"effect\": \"violates\", \"fingerprint\": \"cc\"},"
        "{\"effect\": \"supports\", \"fingerprint\": \"dd\"},"
        "{\"effect\": \"informs\", \"fingerprint\": \"ee\"},"
        "{\"fingerprint\": \"aa\"},"
        "{\"effect\": \"violates\", \"fingerprint\": \"cc\"},"
        "{\"effect\": \"violates\"},"
        "{\"effect\": \"violates\", \"fingerprint\": \"\"},"
        "{\"effect\": \"violates\", \"fingerprint\": \"bb\"}]}";
    baseline b;
    char *err = NULL;
    assert_int_equal(baseline_parse(text, strlen(text), "b.json", &b, &err), 0);
    assert_null(err);
    assert_string_equal(b.file, "b.json");
    assert_int_equal(b.n, 3);
    assert_string_equal(b.fingerprints[0], "aa");
    assert_string_equal(b.fingerprints[1], "bb");
    assert_string_equal(b.fingerprints[2], "cc");
    assert_true(baseline_contains(&b, "bb"));
    assert_false(baseline_contains(&b, "dd"));
    assert_false(baseline_contains(&b, NULL));
    baseline_free(&b);
}

static void expect_error(const char *text, const char *want)
{
    baseline b;
    char *err = NULL;
    assert_int_equal(baseline_parse(text, strlen(text), "x.json", &b, &err), -1);
    assert_non_null(err);
    if (!strstr(err, want)) fail_msg("error \"%s\" lacks \"%s\"", err, want);
    assert_int_equal(strncmp(err, "baseline x.json: ", 17), 0);
    free(err);
    baseline_free(&b);
}

static void test_rejects(void **state)
{
    expect_error("", "not valid JSON");
    expect_error("{\"findings\": [", "not valid JSON");
    expect_error("[]", "not an aiready JSON report");
    expect_error("{\"schema_version\": 1}", "not an aiready JSON report");
    expect_error("{\"version\": \"2.1.0\", \"runs\": []}", "not an aiready JSON report");
    expect_error("{\"schema_version\": 2, \"findings\": []}", "schema_version is not 1");
    baseline b;
    char *err = NULL;
    assert_int_equal(baseline_load("/nonexistent/base.json", &b, &err), -1);
    assert_string_equal(err, "baseline /nonexistent/base.json: No such file or directory");
    free(err);
}

static void test_round_trip_by_fingerprint(void **state)
{
    checklist *cl = rf_checklist();
    scan_result old;
    rf_build(&old, cl, false);
    buf json = {0};
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    report_json(&old, &o, &json);
    char path[] = "/tmp/aiready-baseline-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, json.data, json.len), (ssize_t)json.len);
    close(fd);
    baseline b;
    char *err = NULL;
    assert_int_equal(baseline_load(path, &b, &err), 0);
    unlink(path);
    assert_int_equal(b.n, 5); /* the violating findings */

    /* the same code, every line moved down by ten */
    scan_result now;
    rf_build(&now, cl, false);
    for (size_t i = 0; i < now.findings.len; i++) now.findings.items[i].line += 10;
    unsigned score = now.score.score, blockers = now.score.blockers;
    baseline_apply(&b, &now);
    assert_non_null(now.suppression.baselined);
    assert_string_equal(now.suppression.baseline_file, path);
    assert_int_equal(now.suppression.baseline_fingerprints, 5);
    assert_int_equal(suppression_count(&now.suppression, SUPPRESS_BASELINE), 5);
    assert_int_equal(suppression_count(&now.suppression, SUPPRESS_INLINE), 1);
    for (size_t i = 0; i < now.findings.len; i++)
        assert_int_equal(now.suppression.baselined[i], now.findings.items[i].effect == EFFECT_VIOLATES);
    for (size_t i = 1; i < now.suppression.list.len; i++)
        assert_true(suppression_compare(&now.suppression.list.items[i - 1], &now.suppression.list.items[i]) <= 0);
    assert_true(report_baselined(&now, 0) == now.suppression.baselined[0]);
    assert_false(report_baselined(&now, now.findings.len));
    /* items and score as reported */
    assert_int_equal(now.score.score, score);
    assert_int_equal(now.score.blockers, blockers);
    assert_int_equal(now.findings.len, 7);

    /* the JSON report lists them, with the counts */
    buf out = {0};
    report_json(&now, &o, &out);
    char *perr = NULL;
    dom *d = jsonr_parse(out.data, out.len, 0, &perr);
    assert_null(perr);
    const dom *sup = dom_get(d, "suppressed");
    assert_int_equal(dom_len(sup), 6);
    size_t baselined = 0, inl = 0;
    for (size_t i = 0; i < dom_len(sup); i++) {
        const dom *s = dom_at(sup, i);
        const char *kind = dom_get_str(s, "kind");
        if (!strcmp(kind, "baseline")) {
            baselined++;
            assert_int_equal(dom_type_of(dom_get(s, "reason")), DOM_NULL);
            assert_null(dom_get(s, "comment_line"));
        } else {
            inl++;
            assert_string_equal(dom_get_str(s, "file"), "tests/test_fetch.py");
            assert_int_equal(dom_int(dom_get(s, "line")), 8);
            assert_int_equal(dom_int(dom_get(s, "comment_line")), 8);
            assert_string_equal(dom_get_str(s, "reason"), "local <stub> server & self-signed cert");
            assert_string_equal(dom_get_str(s, "rule"), "tls.python-verify-false");
        }
        assert_int_equal(strlen(dom_get_str(s, "fingerprint")), 64);
    }
    assert_int_equal(baselined, 5);
    assert_int_equal(inl, 1);
    const dom *st = dom_get(d, "suppression");
    assert_true(dom_bool(dom_get(st, "honoured")));
    assert_int_equal(dom_int(dom_get(st, "inline")), 1);
    assert_string_equal(dom_get_str(dom_get(st, "baseline"), "file"), path);
    assert_int_equal(dom_int(dom_path(st, "baseline", "fingerprints", NULL)), 5);
    assert_int_equal(dom_int(dom_path(st, "baseline", "matched", NULL)), 5);
    assert_int_equal(dom_int(dom_path(st, "baseline", "new", NULL)), 0);
    assert_int_equal(dom_type_of(dom_get(d, "gates")), DOM_ARRAY);
    dom_free(d);
    buf_free(&out);

    baseline_free(&b);
    buf_free(&json);
    scan_result_free(&old);
    scan_result_free(&now);
    checklist_free(cl);
}

static void test_changed_text_is_new(void **state)
{
    checklist *cl = rf_checklist();
    scan_result r;
    rf_build(&r, cl, false);
    /* a baseline from before the TLS line was written */
    buf json = {0};
    buf_puts(&json, "{\"schema_version\": 1, \"findings\": [");
    size_t n = 0;
    for (size_t i = 0; i < r.findings.len; i++) {
        if (!strcmp(r.findings.items[i].rule, "tls.python-verify-false")) continue;
        buf_printf(&json, "%s{\"effect\": \"violates\", \"fingerprint\": \"%s\"}", n++ ? ", " : "",
                   r.findings.items[i].fingerprint);
    }
    buf_puts(&json, "]}");
    baseline b;
    char *err = NULL;
    assert_int_equal(baseline_parse(json.data, json.len, "b.json", &b, &err), 0);
    baseline_apply(&b, &r);
    /* the supporting Dockerfile finding is never baselined, even when its fingerprint is listed */
    for (size_t i = 0; i < r.findings.len; i++) {
        const finding *f = &r.findings.items[i];
        bool want = f->effect == EFFECT_VIOLATES && strcmp(f->rule, "tls.python-verify-false") != 0;
        assert_int_equal(r.suppression.baselined[i], want);
    }
    buf out = {0};
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    report_json(&r, &o, &out);
    assert_non_null(strstr(out.data, "\"matched\": 4,\n"));
    assert_non_null(strstr(out.data, "\"new\": 1\n"));
    buf_free(&out);
    baseline_free(&b);
    buf_free(&json);
    scan_result_free(&r);
    checklist_free(cl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_round_trip_by_fingerprint),
        cmocka_unit_test(test_changed_text_is_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
