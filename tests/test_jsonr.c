/* Tests for the JSON reader (jsonr.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dom.h"
#include "jsonr.h"

/* Parses from an exactly-sized heap copy (reads past the end show under ASan), freed at
 * once (a tree pointing into the text would show too). */
static dom *parse_n(const char *s, size_t n, unsigned depth, char **err)
{
    char *copy = malloc(n ? n : 1);
    memcpy(copy, s, n);
    dom *d = jsonr_parse(copy, n, depth, err);
    free(copy);
    return d;
}

static dom *parse_ok(const char *s)
{
    char *err = NULL;
    dom *d = parse_n(s, strlen(s), 0, &err);
    if (err) fail_msg("unexpected error: %s\n--- input ---\n%s", err, s);
    assert_non_null(d);
    return d;
}

static void expect_error(const char *s, unsigned line, const char *needle)
{
    char *err = NULL;
    dom *d = parse_n(s, strlen(s), 0, &err);
    if (!err) fail_msg("no error for: %s", s);
    char want[32];
    snprintf(want, sizeof want, "line %u: ", line);
    if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, needle))
        fail_msg("got \"%s\", want line %u and \"%s\"\n--- input ---\n%s", err, line, needle, s);
    free(err);
    dom_free(d);
}

static void test_package_json(void **state)
{
    (void)state;
    dom *d = parse_ok("{\n"
                      "  \"name\": \"app\",\n"
                      "  \"private\": true,\n"
                      "  \"dependencies\": {\n"
                      "    \"react\": \"^18.2.0\",\n"
                      "    \"@scope/pkg\": \"1.0.0\"\n"
                      "  },\n"
                      "  \"workspaces\": [\"packages/*\",\n"
                      "                 \"apps/*\"],\n"
                      "  \"n\": null\n"
                      "}\n");
    assert_int_equal(dom_type_of(d), DOM_TABLE);
    assert_int_equal(dom_line(d), 1);
    assert_string_equal(dom_get_str(d, "name"), "app");
    assert_true(dom_bool(dom_get(d, "private")));
    const dom *deps = dom_get(d, "dependencies");
    assert_int_equal(dom_len(deps), 2);
    assert_string_equal(dom_key(deps, 0), "react");
    assert_string_equal(dom_key(deps, 1), "@scope/pkg");
    assert_int_equal(dom_line(dom_get(deps, "react")), 5);
    assert_int_equal(dom_line(dom_get(deps, "@scope/pkg")), 6);
    assert_int_equal(dom_line(deps), 4);
    const dom *ws = dom_get(d, "workspaces");
    assert_int_equal(dom_len(ws), 2);
    assert_int_equal(dom_line(dom_at(ws, 1)), 9);
    assert_int_equal(dom_type_of(dom_get(d, "n")), DOM_NULL);
    assert_non_null(dom_get(d, "n"));
    dom_free(d);

    /* a member carries its key's line even when the value starts below it */
    d = parse_ok("{\"a\":\n\n  \"x\",\n \"b\"\n :\n [\n 1]}");
    assert_int_equal(dom_line(dom_get(d, "a")), 1);
    assert_int_equal(dom_line(dom_get(d, "b")), 4);
    assert_int_equal(dom_line(dom_at(dom_get(d, "b"), 0)), 7);
    dom_free(d);
}

static void test_numbers(void **state)
{
    (void)state;
    dom *d = parse_ok("[0, -0, 42, -17, 1.5, -2.5e-3, 1E2, 9223372036854775807, "
                      "-9223372036854775808, 9223372036854775808, 1e400]");
    assert_int_equal(dom_len(d), 11);
    assert_int_equal(dom_type_of(dom_at(d, 0)), DOM_INT);
    assert_int_equal(dom_int(dom_at(d, 2)), 42);
    assert_int_equal(dom_int(dom_at(d, 3)), -17);
    assert_int_equal(dom_type_of(dom_at(d, 4)), DOM_FLOAT);
    assert_true(dom_float(dom_at(d, 5)) == -2.5e-3);
    assert_true(dom_float(dom_at(d, 6)) == 100.0);
    assert_int_equal(dom_type_of(dom_at(d, 6)), DOM_FLOAT);
    assert_true(dom_int(dom_at(d, 7)) == INT64_MAX);
    assert_true(dom_int(dom_at(d, 8)) == INT64_MIN);
    /* too big for 64 bits: kept as a float */
    assert_int_equal(dom_type_of(dom_at(d, 9)), DOM_FLOAT);
    assert_true(dom_float(dom_at(d, 9)) == 9223372036854775808.0);
    dom_free(d);

    expect_error("[01]", 1, "leading zero");
    expect_error("[1.]", 1, "no digits after '.'");
    expect_error("[.5]", 1, "expected a value");
    expect_error("[1e]", 1, "exponent");
    expect_error("[-]", 1, "no digits");
    expect_error("[+1]", 1, "expected a value");
    expect_error("[0x10]", 1, "expected ']' or ','");
    expect_error("[NaN]", 1, "expected a value");
}

static void test_strings(void **state)
{
    (void)state;
    dom *d = parse_ok("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u20AC\", \"\\ud83d\\ude00\", "
                      "\"\\ud800x\", \"\\udc00\", \"caf\xc3\xa9\", \"\", \"\\u0000z\"]");
    assert_string_equal(dom_str(dom_at(d, 0)), "a\"b\\c/d\b\f\n\r\t");
    assert_string_equal(dom_str(dom_at(d, 1)), "\xc3\xa9\xe2\x82\xac");
    assert_string_equal(dom_str(dom_at(d, 2)), "\xf0\x9f\x98\x80");
    /* lone surrogates become U+FFFD */
    assert_string_equal(dom_str(dom_at(d, 3)), "\xef\xbf\xbdx");
    assert_string_equal(dom_str(dom_at(d, 4)), "\xef\xbf\xbd");
    assert_string_equal(dom_str(dom_at(d, 5)), "caf\xc3\xa9");
    assert_string_equal(dom_str(dom_at(d, 6)), "");
    assert_int_equal(dom_str_len(dom_at(d, 7)), 2);
    dom_free(d);

    expect_error("\"abc", 1, "unterminated string");
    expect_error("{\"a\": \"x\ny\"}", 1, "unterminated string");
    expect_error("[\"tab\there\"]", 1, "control character 0x09");
    expect_error("[\"\\x41\"]", 1, "invalid escape");
    expect_error("[\"\\u12G4\"]", 1, "4 hex digits");
    expect_error("[\"\xff\"]", 1, "invalid UTF-8");
    expect_error("[\"\xe0\x80\xaf\"]", 1, "invalid UTF-8");
    expect_error("['single']", 1, "expected a value");
}

static void test_structure(void **state)
{
    (void)state;
    dom *d = parse_ok(" \n\t{ \"a\" : [ ] , \"b\" : { } , \"c\":[[[]]] } \r\n");
    assert_int_equal(dom_len(dom_get(d, "a")), 0);
    assert_int_equal(dom_type_of(dom_get(d, "b")), DOM_TABLE);
    assert_int_equal(dom_line(d), 2);
    dom_free(d);
    d = parse_ok("\"just a string\"");
    assert_string_equal(dom_str(d), "just a string");
    dom_free(d);
    d = parse_ok("\xEF\xBB\xBF{\"bom\": true}");
    assert_true(dom_bool(dom_get(d, "bom")));
    dom_free(d);
    /* duplicate keys are kept in order; lookup finds the last, as JavaScript does */
    d = parse_ok("{\"k\": 1, \"x\": 0, \"k\": 2}");
    assert_int_equal(dom_len(d), 3);
    assert_int_equal(dom_int(dom_get(d, "k")), 2);
    dom_free(d);

    expect_error("", 1, "empty document");
    expect_error("  \n \n", 3, "empty document");
    expect_error("{\"a\": 1,}", 1, "expected a string key");
    expect_error("[1,]", 1, "expected a value");
    expect_error("[1 2]", 1, "expected ']' or ','");
    expect_error("{\"a\" 1}", 1, "expected ':'");
    expect_error("{a: 1}", 1, "expected a string key");
    expect_error("{\"a\": 1\n\n", 3, "expected '}'");
    expect_error("{} {}", 1, "after the JSON value");
    expect_error("[1]\n\nx", 3, "after the JSON value");
    expect_error("tru", 1, "expected a value");
    expect_error("{\"a\": 1} // comment", 1, "after the JSON value");
    expect_error("[\n1,\n2,\n\x01]", 4, "expected a value, found byte 0x01");
}

static void test_depth_limit(void **state)
{
    (void)state;
    char *err = NULL;
    dom *d = parse_n("[[[1]]]", 7, 3, &err);
    assert_null(err);
    assert_int_equal(dom_int(dom_at(dom_at(dom_at(d, 0), 0), 0)), 1);
    dom_free(d);
    d = parse_n("[[[[1]]]]", 9, 3, &err);
    assert_non_null(err);
    assert_string_equal(err, "line 1: nested deeper than 3 levels");
    free(err);
    dom_free(d);

    size_t n = 500000;
    char *s = malloc(n);
    for (size_t i = 0; i < n; i++) s[i] = i % 2 ? '[' : '{';
    d = jsonr_parse(s, n, 0, &err);
    assert_non_null(err);
    free(err);
    dom_free(d);
    memset(s, '[', n);
    d = jsonr_parse(s, n, 0, &err);
    assert_non_null(strstr(err, "nested deeper than 128 levels"));
    free(err);
    dom_free(d);
    free(s);
}

/* What was read before an error stays in the tree. */
static void test_partial_tree_on_error(void **state)
{
    (void)state;
    const char *s = "{\n"
                    "  \"lockfileVersion\": 3,\n"
                    "  \"packages\": {\n"
                    "    \"node_modules/a\": {\"version\": \"1.0.0\"},\n"
                    "    \"node_modules/b\": {\"version\": \"2.0.0\"},\n"
                    "    \"node_modules/c\": {\"version\": \"3.0";
    char *err = NULL;
    dom *d = parse_n(s, strlen(s), 0, &err);
    assert_non_null(err);
    assert_string_equal(err, "line 6: unterminated string");
    assert_int_equal(dom_int(dom_get(d, "lockfileVersion")), 3);
    const dom *pk = dom_get(d, "packages");
    assert_int_equal(dom_len(pk), 3);
    assert_string_equal(dom_str(dom_path(pk, "node_modules/b", "version", NULL)), "2.0.0");
    assert_int_equal(dom_len(dom_get(pk, "node_modules/c")), 0);
    free(err);
    dom_free(d);
}

static void test_many_members(void **state)
{
    (void)state;
    buf b = {0};
    buf_puts(&b, "{");
    for (int i = 0; i < 20000; i++) buf_printf(&b, "%s\n\"node_modules/p%d\": {\"version\": \"1.%d.0\"}", i ? "," : "", i, i);
    buf_puts(&b, "}");
    char *err = NULL;
    dom *d = jsonr_parse(b.data, b.len, 0, &err);
    assert_null(err);
    assert_int_equal(dom_len(d), 20000);
    assert_string_equal(dom_str(dom_path(d, "node_modules/p19999", "version", NULL)), "1.19999.0");
    assert_int_equal(dom_line(dom_get(d, "node_modules/p19999")), 20001);
    dom_free(d);
    buf_free(&b);
}

static const char sample[] =
    "{\"name\": \"x\", \"version\": \"1.0.0\", \"lockfileVersion\": 2,\n"
    " \"packages\": {\"\": {\"dependencies\": {\"a\": \"^1\"}},\n"
    "  \"node_modules/a\": {\"version\": \"1.2.3\", \"dev\": true, \"n\": -1.5e+3}},\n"
    " \"dependencies\": {\"a\": {\"version\": \"1.2.3\", \"requires\": {}}},\n"
    " \"s\": \"\\u00e9\\ud83d\\ude00 \\\"q\\\"\", \"z\": [null, false, 0]}\n";

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 16;
}

static void test_truncated_and_garbage(void **state)
{
    (void)state;
    size_t n = strlen(sample);
    for (size_t i = 0; i + 1 < n; i++) {
        char *err = NULL;
        dom *d = parse_n(sample, i, 0, &err);
        /* every prefix short of the closing brace is incomplete */
        assert_non_null(err);
        assert_true(strncmp(err, "line ", 5) == 0);
        free(err);
        dom_free(d);
    }
    static const char alphabet[] = "{}[]:,\"\\u0123456789.eE+-tfn \n";
    uint32_t seed = 7;
    char g[400];
    for (int round = 0; round < 4000; round++) {
        size_t len = lcg(&seed) % sizeof g;
        for (size_t i = 0; i < len; i++)
            g[i] = round % 2 ? (char)lcg(&seed) : alphabet[lcg(&seed) % (sizeof alphabet - 1)];
        char *err = NULL;
        dom_free(parse_n(g, len, 0, &err));
        free(err);
    }
    char *m = malloc(n);
    for (int round = 0; round < 4000; round++) {
        memcpy(m, sample, n);
        for (int k = 0; k < 2; k++) m[lcg(&seed) % n] = alphabet[lcg(&seed) % (sizeof alphabet - 1)];
        char *err = NULL;
        dom_free(parse_n(m, n, 0, &err));
        free(err);
    }
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_package_json),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_partial_tree_on_error),
        cmocka_unit_test(test_many_members),
        cmocka_unit_test(test_truncated_and_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
