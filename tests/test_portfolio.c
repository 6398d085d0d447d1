/* Tests for `aiready portfolio` (portfolio.c) and `scan --also`, through the binary: three
 * fixtures and a missing folder, with --jobs 1 and --jobs 3 (the same bytes), links to
 * each repository's own reports, items ranked by how often they fail, --list files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dom.h"
#include "jsonr.h"
#include "testutil.h"

static char *fixture(const char *name)
{
    buf b = {0};
    const char *slash = strrchr(__FILE__, '/');
    if (slash) buf_append(&b, __FILE__, (size_t)(slash - __FILE__ + 1));
    buf_printf(&b, "../fixtures/%s", name);
    return buf_take(&b);
}

static char *slurp_file(const char *dir, const char *rel)
{
    char *p = tu_path(dir, rel);
    FILE *f = fopen(p, "rb");
    free(p);
    if (!f) return NULL;
    buf b = {0};
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, k);
    fclose(f);
    if (!b.data) buf_puts(&b, "");
    return buf_take(&b);
}

static tu_run_result run_portfolio(const char *out, const char *jobs, char *a, char *b, char *c)
{
    char *bin = tu_aiready_path();
    assert_non_null(bin);
    char *argv[] = {bin, "portfolio", a, b, c, "/nonexistent/repo", "-o", (char *)out, "--jobs", (char *)jobs, NULL};
    tu_run_result r = tu_run(argv);
    free(bin);
    return r;
}

static void test_portfolio_compares_and_links(void **state)
{
    (void)state;
    setenv("AIREADY_TODAY", "2026-11-25", 1);
    char *a = fixture("aibom"), *b = fixture("notebooks"), *c = fixture("example-prototype");
    char *o1 = tu_tmpdir(), *o3 = tu_tmpdir();
    tu_run_result r1 = run_portfolio(o1, "1", a, b, c);
    assert_int_equal(r1.status, 1); /* one repository could not be scanned */
    assert_non_null(strstr(r1.err, "/nonexistent/repo"));
    tu_run_result r3 = run_portfolio(o3, "3", a, b, c);
    assert_int_equal(r3.status, 1);
    static const char *const files[] = {"portfolio.json", "portfolio.md", "portfolio.html"};
    for (size_t i = 0; i < 3; i++) {
        char *x = slurp_file(o1, files[i]), *y = slurp_file(o3, files[i]);
        assert_non_null(x);
        assert_non_null(y);
        assert_string_equal(x, y); /* deterministic whatever --jobs */
        free(x);
        free(y);
    }
    char *json = slurp_file(o1, "portfolio.json");
    assert_true(tu_json_valid(json, strlen(json)));
    char *err = NULL;
    dom *d = jsonr_parse(json, strlen(json), 0, &err);
    assert_null(err);
    const dom *repos = dom_get(d, "repositories");
    assert_int_equal(dom_len(repos), 4);
    const dom *nb = dom_at(repos, 1);
    assert_string_equal(dom_get_str(nb, "name"), "notebooks");
    assert_true(dom_bool(dom_get(nb, "scanned")));
    assert_int_equal(dom_int(dom_get(nb, "model_calls")), 2);
    assert_int_equal(dom_int(dom_get(nb, "model_calls_in_notebooks")), 2);
    assert_int_equal(dom_int(dom_get(dom_get(nb, "providers"), "openai")), 1);
    /* the notebook's keys are warnings (a notebook is not operative code: secret_context.h),
     * so item 31 is no Blocker there */
    assert_int_equal(dom_int(dom_at(dom_get(nb, "blockers_by_pillar"), 3)), 0);
    assert_string_equal(dom_get_str(nb, "report_html"), "repos/notebooks.html");
    /* the scores are those of each repository's own report */
    char *own = slurp_file(o1, "repos/notebooks.json");
    dom *od = jsonr_parse(own, strlen(own), 0, &err);
    assert_int_equal(dom_int(dom_path(od, "summary", "score", NULL)), dom_int(dom_get(nb, "score")));
    dom_free(od);
    free(own);
    char *html = slurp_file(o1, "repos/notebooks.html");
    assert_non_null(html);
    free(html);
    const dom *missing = dom_at(repos, 3);
    assert_false(dom_bool(dom_get(missing, "scanned")));
    assert_non_null(dom_get_str(missing, "error"));
    /* the item failing most often comes first: 17, 31 and 32 are each a Blocker in one
     * repository and Needs Review in the two others; ties go by item number */
    const dom *items = dom_get(d, "items");
    const dom *top = dom_at(items, 0);
    assert_int_equal(dom_int(dom_get(top, "id")), 17);
    assert_int_equal(dom_int(dom_get(top, "blocker_in")), 1);
    const dom *i31 = dom_at(items, 1);
    assert_int_equal(dom_int(dom_get(i31, "id")), 31);
    assert_int_equal(dom_int(dom_get(i31, "blocker_in")), 1);
    assert_int_equal(dom_int(dom_get(i31, "needs_review_in")), 2);
    dom_free(d);
    free(json);
    char *md = slurp_file(o1, "portfolio.md");
    assert_non_null(strstr(md, "[notebooks](repos/notebooks.html)"));
    free(md);
    tu_run_free(&r1);
    tu_run_free(&r3);
    tu_rmtree(o1);
    tu_rmtree(o3);
    free(o1);
    free(o3);
    free(a);
    free(b);
    free(c);
}

static void test_portfolio_list_file_and_usage(void **state)
{
    (void)state;
    char *bin = tu_aiready_path();
    char *dir = tu_tmpdir(), *a = fixture("aibom");
    buf list = {0};
    buf_printf(&list, "# repositories\n\n  %s  \n", a);
    tu_write(dir, "list.txt", list.data, list.len);
    char *lp = tu_path(dir, "list.txt"), *out = tu_path(dir, "out");
    char *argv[] = {bin, "portfolio", "--list", lp, "-o", out, NULL};
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 0);
    char *json = slurp_file(out, "portfolio.json");
    assert_non_null(strstr(json, "\"name\": \"aibom\""));
    free(json);
    tu_run_free(&r);
    char *none[] = {bin, "portfolio", NULL};
    r = tu_run(none);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no repository given"));
    tu_run_free(&r);
    char *bad[] = {bin, "portfolio", a, "--jobs", "0", NULL};
    r = tu_run(bad);
    assert_int_equal(r.status, 2);
    tu_run_free(&r);
    buf_free(&list);
    free(lp);
    free(out);
    tu_rmtree(dir);
    free(dir);
    free(a);
    free(bin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_portfolio_compares_and_links),
        cmocka_unit_test(test_portfolio_list_file_and_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
