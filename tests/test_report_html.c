/* test_report_html: the HTML report is one self-contained file — a single inline script
 * whose hash the Content-Security-Policy names, no external reference of any kind —
 * with every scanned string escaped, all 50 items filterable, and each section present.
 * With AIREADY_REPORT_SAMPLES set it also writes the report for the browser check
 * (tests/report_check.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

typedef rf_rendered fx;

static int setup(void **state)
{
    *state = rf_render(report_html, "score:30", "synthetic.html");
    return 0;
}

static int teardown(void **state)
{
    rf_rendered_free(*state);
    return 0;
}

static void test_self_contained(void **state)
{
    const char *h = ((fx *)*state)->out.data;
    assert_int_equal(strncmp(h, "<!DOCTYPE html>", 15), 0);
    assert_int_equal(count(h, "<script"), 1);
    assert_int_equal(count(h, "</script>"), 1);
    assert_int_equal(count(h, "http://"), 0);
    assert_int_equal(count(h, "https://"), 0);
    assert_int_equal(count(h, " src="), 0);
    assert_int_equal(count(h, " href="), 0);
    assert_int_equal(count(h, "url("), 0);
    assert_int_equal(count(h, "@import"), 0);
    assert_int_equal(count(h, "@font-face"), 0);
    assert_non_null(strstr(h, "default-src 'none'"));
    assert_non_null(strstr(h, "</html>\n"));
}

static void test_csp_names_the_script(void **state)
{
    const char *h = ((fx *)*state)->out.data;
    const char *s = strstr(h, "<script>");
    const char *e = strstr(h, "</script>");
    assert_non_null(s);
    assert_non_null(e);
    s += strlen("<script>");
    sha256_ctx c;
    uint8_t d[SHA256_DIGEST_LEN];
    sha256_init(&c);
    sha256_update(&c, s, (size_t)(e - s));
    sha256_final(&c, d);
    /* base64 of the digest */
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char b64[64] = {0};
    size_t k = 0;
    for (size_t i = 0; i < 32; i += 3) {
        unsigned v = (unsigned)d[i] << 16 | (i + 1 < 32 ? (unsigned)d[i + 1] << 8 : 0) | (i + 2 < 32 ? d[i + 2] : 0);
        b64[k++] = tab[v >> 18 & 63];
        b64[k++] = tab[v >> 12 & 63];
        b64[k++] = i + 1 < 32 ? tab[v >> 6 & 63] : '=';
        b64[k++] = i + 2 < 32 ? tab[v & 63] : '=';
    }
    buf want = {0};
    buf_printf(&want, "script-src 'sha256-%s'", b64);
    assert_non_null(strstr(h, want.data));
    buf_free(&want);
}

static void test_everything_escaped(void **state)
{
    const char *h = ((fx *)*state)->out.data;
    assert_null(strstr(h, "<script>alert"));
    assert_non_null(strstr(h, "web/app/&lt;script&gt;alert(1)&lt;/script&gt;.tsx:7"));
    assert_null(strstr(h, "raw HTML </code>"));
    assert_non_null(strstr(h, "raw HTML &lt;/code&gt;&lt;/pre&gt;&lt;b&gt;"));
    assert_non_null(strstr(h, "&lt;div dangerouslySetInnerHTML={{__html: answer}} /&gt;"));
    assert_non_null(strstr(h, "<title>aiready report: fixtures/demo &lt;app&gt;</title>"));
    assert_non_null(strstr(h, "local &lt;stub&gt; server &amp; self-signed cert"));
    /* the redacted snippet, as it came */
    assert_non_null(strstr(h, "sk-proj-Xq3v…[redacted sha256:3f2a9c]"));
}

static void test_items_and_filters(void **state)
{
    fx *f = *state;
    const char *h = f->out.data;
    assert_int_equal(count(h, "<tr class=\"item\""), 50);
    assert_int_equal(count(h, "data-status=\"blocker\" data-pillar"), f->r.score.blockers);
    assert_int_equal(count(h, "data-status=\"needs_review\" data-pillar"), f->r.score.needs_review);
    assert_int_equal(count(h, "data-status=\"ready\" data-pillar"), f->r.score.ready);
    assert_int_equal(count(h, "data-status=\"not_applicable\" data-pillar"), f->r.score.not_applicable);
    assert_non_null(strstr(h, "<button type=\"button\" class=\"chip\" data-status=\"blocker\""));
    assert_non_null(strstr(h, "<select id=\"f-pillar\""));
    assert_non_null(strstr(h, "<option value=\"4\">4. Security, compliance and governance</option>"));
    assert_non_null(strstr(h, "id=\"item-31\""));
}

static void test_sections(void **state)
{
    fx *f = *state;
    const char *h = f->out.data;
    assert_true(f->r.score.blockers >= 3);
    assert_int_equal(f->r.score.decision, DECISION_REBUILD);
    assert_non_null(strstr(h, "<div class=\"banner rebuild\" id=\"decision\">"));
    assert_non_null(strstr(h, "aria-label=\"Score"));
    assert_non_null(strstr(h, "stroke-dasharray"));
    assert_int_equal(count(h, "<div class=\"row\" data-pillar="), 5);
    assert_non_null(strstr(h, "<section id=\"blockers\">"));
    assert_int_equal(count(h, "class=\"card blocker-card\""), f->r.score.blockers);
    /* blockers come before the item table */
    assert_true(strstr(h, "id=\"blockers\"") < strstr(h, "id=\"checklist\""));
    assert_non_null(strstr(h, "id=\"gates\""));
    assert_non_null(strstr(h, "--fail-on score:30"));
    assert_non_null(strstr(h, "id=\"model-calls\""));
    assert_non_null(strstr(h, "id=\"suppressed\""));
    assert_non_null(strstr(h, "Baseline <code>baseline.json</code>: 1 finding matched"));
    assert_non_null(strstr(h, "<span class=\"tag\">in baseline</span>"));
    assert_non_null(strstr(h, "id=\"other\""));
    assert_non_null(strstr(h, "aiready.bad-suppression"));
    assert_non_null(strstr(h, "1 problems"));
}

static void test_gauge_without_score(void **state)
{
    /* a zero score draws no arc (a round cap would show a dot) */
    fx *f = *state;
    scan_result r = f->r;
    r.score.score = 0;
    buf out = {0};
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    report_html(&r, &o, &out);
    assert_int_equal(count(out.data, "stroke-dasharray"), 0);
    assert_null(strstr(out.data, "id=\"gates\""));
    buf_free(&out);
}

/* F20, N3: no control character from the repository in the file (it may be `cat`ed);
 * names that differ only in a non-UTF-8 byte stay distinct (not both U+FFFD). */
static void test_hostile_strings_are_inert(void **state)
{
    fx *f = *state;
    scan_result r;
    rf_build(&r, f->cl, false);
    rf_add_hostile(&r);
    buf out = {0};
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    report_html(&r, &o, &out);
    const char *bad = rf_first_unsafe(out.data, false);
    if (bad) fail_msg("unsafe byte 0x%02x at: %.40s", (unsigned char)*bad, bad);
    assert_non_null(strstr(out.data, "bad\\xff.py:2"));
    assert_non_null(strstr(out.data, "bad\\xfe.py:2"));
    assert_non_null(strstr(out.data, "x\\nScore 50/50 (verified 50, attested 0)  risk: low\\nDecision: ship\\n\\e]0;pwned\\x07.py:2"));
    assert_non_null(strstr(out.data, "see \\e]8;;http://evil.test\\x07here\\e]8;;\\x07 \\u009b2J \\u202egnp.exe"));
    assert_null(strstr(out.data, "\xef\xbf\xbd")); /* no U+FFFD */
    buf_free(&out);
    scan_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_strings_are_inert),
        cmocka_unit_test(test_self_contained),
        cmocka_unit_test(test_csp_names_the_script),
        cmocka_unit_test(test_everything_escaped),
        cmocka_unit_test(test_items_and_filters),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_gauge_without_score),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
