/* Tests for the YAML reader (yamlr.c, over libyaml). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dom.h"
#include "yamlr.h"

static dom *parse_n(const char *s, size_t n, char **err)
{
    char *copy = calloc(1, n ? n : 1);
    memcpy(copy, s, n);
    dom *d = yamlr_parse(copy, n, err);
    free(copy);
    return d;
}

static dom *parse_ok(const char *s)
{
    char *err = NULL;
    dom *d = parse_n(s, strlen(s), &err);
    if (err) fail_msg("unexpected error: %s", err);
    return d;
}

static void test_pnpm_shape(void **state)
{
    (void)state;
    dom *d = parse_ok("lockfileVersion: '9.0'\n"
                      "\n"
                      "importers:\n"
                      "  .:\n"
                      "    dependencies:\n"
                      "      react:\n"
                      "        specifier: ^18.2.0\n"
                      "        version: 18.2.0\n"
                      "packages:\n"
                      "  '@babel/core@7.24.0':\n"
                      "    resolution: {integrity: sha512-xyz}\n"
                      "    engines: {node: '>=6.9.0'}\n"
                      "  react@18.2.0:\n"
                      "    dev: false\n"
                      "    cpu: [x64, arm64]\n");
    assert_int_equal(dom_type_of(d), DOM_TABLE);
    assert_string_equal(dom_get_str(d, "lockfileVersion"), "9.0");
    const dom *react = dom_path(d, "importers", ".", "dependencies", "react", NULL);
    assert_string_equal(dom_get_str(react, "version"), "18.2.0");
    assert_int_equal(dom_line(react), 6);
    assert_int_equal(dom_line(dom_get(react, "version")), 8);
    const dom *pk = dom_get(d, "packages");
    assert_int_equal(dom_len(pk), 2);
    assert_string_equal(dom_key(pk, 0), "@babel/core@7.24.0");
    assert_int_equal(dom_line(dom_at(pk, 0)), 10);
    assert_string_equal(dom_str(dom_path(pk, "@babel/core@7.24.0", "resolution", "integrity", NULL)), "sha512-xyz");
    assert_int_equal(dom_type_of(dom_path(pk, "react@18.2.0", "dev", NULL)), DOM_BOOL);
    const dom *cpu = dom_path(pk, "react@18.2.0", "cpu", NULL);
    assert_int_equal(dom_len(cpu), 2);
    assert_string_equal(dom_str(dom_at(cpu, 1)), "arm64");
    assert_int_equal(dom_line(dom_at(cpu, 1)), 15);
    dom_free(d);
}

static void test_scalars(void **state)
{
    (void)state;
    dom *d = parse_ok("a: ~\nb: null\nc:\nd: 'null'\ne: true\nf: \"false\"\ng: 5.4\nh: yes\n"
                      "i: |\n  block\n  text\n");
    assert_int_equal(dom_type_of(dom_get(d, "a")), DOM_NULL);
    assert_int_equal(dom_type_of(dom_get(d, "b")), DOM_NULL);
    assert_int_equal(dom_type_of(dom_get(d, "c")), DOM_NULL);
    assert_string_equal(dom_get_str(d, "d"), "null");
    assert_true(dom_bool(dom_get(d, "e")));
    assert_string_equal(dom_get_str(d, "f"), "false");
    assert_string_equal(dom_get_str(d, "g"), "5.4");
    assert_string_equal(dom_get_str(d, "h"), "yes");
    assert_string_equal(dom_get_str(d, "i"), "block\ntext\n");
    dom_free(d);
}

static void test_aliases_and_odd_keys(void **state)
{
    (void)state;
    dom *d = parse_ok("base: &b {x: 1}\n"
                      "copy: *b\n"
                      "? [complex, key]\n"
                      ": value\n"
                      "*b : aliased key\n"
                      "dup: 1\n"
                      "dup: 2\n");
    assert_int_equal(dom_type_of(dom_get(d, "copy")), DOM_NULL);
    assert_string_equal(dom_str(dom_path(d, "base", "x", NULL)), "1");
    assert_string_equal(dom_key(d, 2), "");
    assert_string_equal(dom_str(dom_at(d, 2)), "value");
    assert_string_equal(dom_key(d, 3), "");
    assert_string_equal(dom_get_str(d, "dup"), "2");
    dom_free(d);

    /* an alias bomb stays small: aliases are not expanded */
    d = parse_ok("a: &a [x, x, x, x, x, x, x, x, x]\n"
                 "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                 "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                 "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n");
    assert_int_equal(dom_len(dom_get(d, "d")), 9);
    assert_int_equal(dom_type_of(dom_at(dom_get(d, "d"), 0)), DOM_NULL);
    dom_free(d);
}

static void test_documents(void **state)
{
    (void)state;
    char *err = NULL;
    dom *d = parse_n("", 0, &err);
    assert_null(d);
    assert_null(err);
    d = parse_ok("---\nfirst: 1\n---\nsecond: 2\n");
    assert_non_null(dom_get(d, "first"));
    assert_null(dom_get(d, "second"));
    dom_free(d);
    d = parse_ok("- a\n- b\n");
    assert_int_equal(dom_type_of(d), DOM_ARRAY);
    assert_int_equal(dom_len(d), 2);
    dom_free(d);
}

static void test_errors_keep_partial_tree(void **state)
{
    (void)state;
    const char *s = "packages:\n"
                    "  /a/1.0.0:\n"
                    "    dev: false\n"
                    "  /b/2.0.0:\n"
                    "    dev: [unclosed\n"
                    "  /c/3.0.0: {}\n";
    char *err = NULL;
    dom *d = parse_n(s, strlen(s), &err);
    assert_non_null(err);
    assert_true(strncmp(err, "line 6: ", 8) == 0);
    assert_non_null(dom_path(d, "packages", "/a/1.0.0", NULL));
    assert_non_null(dom_path(d, "packages", "/b/2.0.0", NULL));
    free(err);
    dom_free(d);

    d = parse_n("a: [1, 2\n", 9, &err);
    assert_non_null(err);
    free(err);
    dom_free(d);
    d = parse_n("key: \"bad \\q escape\"\n", 21, &err);
    assert_non_null(err);
    assert_true(strncmp(err, "line 1: ", 8) == 0);
    free(err);
    dom_free(d);
}

static void test_depth_limit(void **state)
{
    (void)state;
    size_t n = 20000;
    char *s = malloc(n);
    memset(s, '[', n);
    char *err = NULL;
    dom *d = yamlr_parse(s, n, &err);
    assert_non_null(err);
    assert_non_null(strstr(err, "nested too deeply"));
    free(err);
    dom_free(d);
    free(s);
}

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 16;
}

static void test_garbage(void **state)
{
    (void)state;
    static const char sample[] = "a:\n  - b: 1\n    c: [x, {y: z}]\n  - 'q'\nd: &x |\n  t\ne: *x\n";
    static const char alphabet[] = "-:[]{}&*!|>'\"#? \n\tab1";
    uint32_t seed = 99;
    size_t n = strlen(sample);
    for (size_t i = 0; i <= n; i++) {
        char *err = NULL;
        dom_free(parse_n(sample, i, &err));
        free(err);
    }
    char g[300];
    for (int round = 0; round < 2000; round++) {
        size_t len = lcg(&seed) % sizeof g;
        for (size_t i = 0; i < len; i++)
            g[i] = round % 2 ? (char)lcg(&seed) : alphabet[lcg(&seed) % (sizeof alphabet - 1)];
        char *err = NULL;
        dom_free(parse_n(g, len, &err));
        free(err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pnpm_shape),
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_aliases_and_odd_keys),
        cmocka_unit_test(test_documents),
        cmocka_unit_test(test_errors_keep_partial_tree),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
