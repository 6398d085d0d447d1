/* Tests for PEP 508 requirement parsing, PEP 503 names and the pinned test (pep508.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pep508.h"

static pep508_req parse_ok(const char *s)
{
    pep508_req r;
    const char *why = NULL;
    char *copy = malloc(strlen(s) + 1);
    strcpy(copy, s);
    bool ok = pep508_parse(copy, strlen(s), &r, &why);
    free(copy);
    if (!ok) fail_msg("'%s' rejected: %s", s, why);
    return r;
}

static void expect_req(const char *s, const char *name, const char *extras, const char *spec,
                       const char *marker, bool is_url)
{
    pep508_req r = parse_ok(s);
    assert_string_equal(r.name, name);
    assert_string_equal(r.extras, extras);
    assert_string_equal(r.spec, spec);
    assert_string_equal(r.marker, marker);
    assert_int_equal(r.is_url, is_url);
    pep508_free(&r);
}

static void expect_reject(const char *s, const char *why_part)
{
    pep508_req r;
    const char *why = NULL;
    if (pep508_parse(s, strlen(s), &r, &why)) fail_msg("'%s' accepted", s);
    assert_non_null(why);
    if (!strstr(why, why_part)) fail_msg("'%s': got '%s', want '%s'", s, why, why_part);
    assert_null(r.name);
}

static void test_parse(void **state)
{
    (void)state;
    expect_req("requests", "requests", "", "", "", false);
    expect_req("  requests  ", "requests", "", "", "", false);
    expect_req("requests>=2.0", "requests", "", ">=2.0", "", false);
    expect_req("requests >= 2.0 , < 3", "requests", "", ">=2.0,<3", "", false);
    expect_req("requests (>=2.0,<3)", "requests", "", ">=2.0,<3", "", false);
    expect_req("uvicorn[standard]==0.29.0", "uvicorn", "standard", "==0.29.0", "", false);
    expect_req("pkg[ a , b ]~=1.4", "pkg", "a,b", "~=1.4", "", false);
    expect_req("pkg[]", "pkg", "", "", "", false);
    expect_req("numpy==1.26.*", "numpy", "", "==1.26.*", "", false);
    expect_req("foo===1.0-weird", "foo", "", "===1.0-weird", "", false);
    expect_req("foo!=1.5,>1", "foo", "", "!=1.5,>1", "", false);
    expect_req("torch==2.1.0+cpu", "torch", "", "==2.1.0+cpu", "", false);
    expect_req("importlib-metadata; python_version < \"3.8\"", "importlib-metadata", "", "",
               "python_version < \"3.8\"", false);
    expect_req("pywin32>=300;sys_platform=='win32'", "pywin32", "", ">=300", "sys_platform=='win32'", false);
    expect_req("Django.Rest_framework", "Django.Rest_framework", "", "", "", false);
    expect_req("pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee", "pip", "",
               "https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee", "", true);
    expect_req("name[x]@ git+https://g.example/x.git@v1 ; os_name=='posix'", "name", "x",
               "git+https://g.example/x.git@v1", "os_name=='posix'", true);
    expect_req("name@file:///tmp/x", "name", "", "file:///tmp/x", "", true);
    /* PEP 508 wants a space before a marker after a URL: without it ';' is URL text */
    expect_req("foo @ https://x;python_version>'3'", "foo", "", "https://x;python_version>'3'", "", true);
}

static void test_reject(void **state)
{
    (void)state;
    expect_reject("", "package name");
    expect_reject("-e .", "package name");
    expect_reject(">=1.0", "package name");
    expect_reject("foo >=", "version after");
    expect_reject("foo == ", "version after");
    expect_reject("foo 1.0", "version operator");
    expect_reject("foo =1.0", "version operator");
    expect_reject("foo[bar", "extras");
    expect_reject("foo[-x]", "extra name");
    expect_reject("foo (>=1", "')'");
    expect_reject("foo>=1;", "empty environment marker");
    expect_reject("foo>=1 bar", "unexpected text");
    expect_reject("foo @", "URL");
    expect_reject("foo @ https://x bar", "unexpected text");
    expect_reject("foo- >=1", "version operator");
}

static void test_normalize(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"Django", "django"}, {"Flask_SQLAlchemy", "flask-sqlalchemy"}, {"zope.interface", "zope-interface"},
        {"A__b..c-_-d", "a-b-c-d"}, {"x", "x"}, {"", ""}, {"PyYAML", "pyyaml"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *n = pep508_normalize(cases[i][0], strlen(cases[i][0]));
        assert_string_equal(n, cases[i][1]);
        free(n);
    }
}

static void test_pinned(void **state)
{
    (void)state;
    assert_true(pep508_spec_pinned("==1.2.3"));
    assert_true(pep508_spec_pinned("===1.0-weird"));
    assert_true(pep508_spec_pinned(">=1,==1.5"));
    assert_true(pep508_spec_pinned("==2.1.0+cpu"));
    assert_false(pep508_spec_pinned("==1.*"));
    assert_false(pep508_spec_pinned(">=1.0"));
    assert_false(pep508_spec_pinned("~=1.4"));
    assert_false(pep508_spec_pinned("!=1.5"));
    assert_false(pep508_spec_pinned(""));
    assert_false(pep508_spec_pinned(NULL));
    assert_false(pep508_spec_pinned("=="));
    assert_false(pep508_spec_pinned("*"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_reject),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_pinned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
