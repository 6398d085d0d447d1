/* Tests for the TOML reader (toml.c, toml_scalar.c) and the dom it builds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dom.h"
#include "toml.h"

/* Parses from an exactly-sized heap copy, so a read past the end shows under ASan, and
 * frees the copy at once, so a tree that points into the text shows too. */
static dom *parse_n(const char *s, size_t n, char **err)
{
    char *copy = malloc(n ? n : 1);
    memcpy(copy, s, n);
    dom *d = toml_parse(copy, n, err);
    free(copy);
    return d;
}

static dom *parse_ok(const char *s)
{
    char *err = NULL;
    dom *d = parse_n(s, strlen(s), &err);
    if (err) fail_msg("unexpected error: %s\n--- input ---\n%s", err, s);
    assert_non_null(d);
    assert_int_equal(dom_type_of(d), DOM_TABLE);
    return d;
}

/* The document must fail on `line` with a message containing `needle`. */
static void expect_error(const char *s, unsigned line, const char *needle)
{
    char *err = NULL;
    dom *d = parse_n(s, strlen(s), &err);
    assert_non_null(d);
    if (!err) fail_msg("no error for:\n%s", s);
    char want[32];
    snprintf(want, sizeof want, "line %u: ", line);
    if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, needle))
        fail_msg("got \"%s\", want line %u and \"%s\"\n--- input ---\n%s", err, line, needle, s);
    free(err);
    dom_free(d);
}

static void test_scalars_and_lines(void **state)
{
    (void)state;
    dom *d = parse_ok("# comment\n"
                      "title = \"TOML\"\n"
                      "\n"
                      "n = 42  # trailing\n"
                      "f = 3.5\n"
                      "yes = true\n"
                      "no = false\n");
    assert_int_equal(dom_len(d), 5);
    assert_string_equal(dom_get_str(d, "title"), "TOML");
    assert_int_equal(dom_line(dom_get(d, "title")), 2);
    assert_int_equal(dom_int(dom_get(d, "n")), 42);
    assert_int_equal(dom_line(dom_get(d, "n")), 4);
    assert_true(dom_float(dom_get(d, "f")) == 3.5);
    assert_int_equal(dom_type_of(dom_get(d, "yes")), DOM_BOOL);
    assert_true(dom_bool(dom_get(d, "yes")));
    assert_false(dom_bool(dom_get(d, "no")));
    assert_int_equal(dom_line(dom_get(d, "no")), 7);
    /* members keep document order */
    assert_string_equal(dom_key(d, 0), "title");
    assert_string_equal(dom_key(d, 4), "no");
    assert_null(dom_get(d, "missing"));
    dom_free(d);
}

static void test_tables_and_dotted_keys(void **state)
{
    (void)state;
    dom *d = parse_ok("name.first = \"Tom\"\n"
                      "name . \"last\" = 'P'\n"
                      "[tool.poetry]\n"
                      "version = \"1.0\"\n"
                      "\n"
                      "[tool.poetry.dependencies]\n"
                      "python = \"^3.10\"\n"
                      "requests = { version = \"^2.31\", extras = [\"socks\"] }\n"
                      "[a.b.c]\n"
                      "x = 1\n"
                      "[a]\n"
                      "y = 2\n"
                      "[ 'quoted key' . \"x y\" ]\n"
                      "z = 3\n"
                      "[fruit]\n"
                      "apple.color = \"red\"\n"
                      "apple.taste.sweet = true\n"
                      "[fruit.apple.texture]\n"
                      "smooth = true\n");
    assert_string_equal(dom_str(dom_path(d, "name", "first", NULL)), "Tom");
    assert_string_equal(dom_str(dom_path(d, "name", "last", NULL)), "P");
    assert_int_equal(dom_line(dom_path(d, "name", "last", NULL)), 2);
    const dom *deps = dom_path(d, "tool", "poetry", "dependencies", NULL);
    assert_int_equal(dom_type_of(deps), DOM_TABLE);
    assert_int_equal(dom_line(deps), 6);
    assert_int_equal(dom_line(dom_get(deps, "requests")), 8);
    assert_string_equal(dom_str(dom_path(deps, "requests", "version", NULL)), "^2.31");
    assert_string_equal(dom_str(dom_at(dom_path(deps, "requests", "extras", NULL), 0)), "socks");
    assert_int_equal(dom_int(dom_path(d, "a", "b", "c", "x", NULL)), 1);
    assert_int_equal(dom_int(dom_path(d, "a", "y", NULL)), 2);
    /* a table first made implicitly takes the line of its own header */
    assert_int_equal(dom_line(dom_get(d, "a")), 11);
    assert_int_equal(dom_int(dom_path(d, "quoted key", "x y", "z", NULL)), 3);
    assert_true(dom_bool(dom_path(d, "fruit", "apple", "taste", "sweet", NULL)));
    assert_true(dom_bool(dom_path(d, "fruit", "apple", "texture", "smooth", NULL)));
    dom_free(d);
}

static void test_arrays_of_tables(void **state)
{
    (void)state;
    dom *d = parse_ok("[[package]]\n"
                      "name = \"a\"\n"
                      "version = \"1.0\"\n"
                      "\n"
                      "[[package]]\n"
                      "name = \"b\"\n"
                      "[package.extras]\n"
                      "x = 1\n"
                      "[[package.files]]\n"
                      "file = \"b.whl\"\n"
                      "[[package.files]]\n"
                      "file = \"b.tar.gz\"\n"
                      "[[package]]\n");
    const dom *pk = dom_get(d, "package");
    assert_int_equal(dom_type_of(pk), DOM_ARRAY);
    assert_int_equal(dom_len(pk), 3);
    assert_string_equal(dom_get_str(dom_at(pk, 0), "name"), "a");
    assert_int_equal(dom_line(dom_at(pk, 1)), 5);
    assert_int_equal(dom_int(dom_path(dom_at(pk, 1), "extras", "x", NULL)), 1);
    const dom *files = dom_get(dom_at(pk, 1), "files");
    assert_int_equal(dom_len(files), 2);
    assert_string_equal(dom_get_str(dom_at(files, 1), "file"), "b.tar.gz");
    assert_int_equal(dom_len(dom_at(pk, 2)), 0);
    dom_free(d);
}

static void test_arrays(void **state)
{
    (void)state;
    dom *d = parse_ok("deps = [\n"
                      "  \"requests>=2\",  # http\n"
                      "  # a comment line\n"
                      "  'numpy',\n"
                      "]\n"
                      "empty = []\n"
                      "nested = [[1, 2], [\"a\", [true]], []]\n"
                      "mixed = [1, \"x\", 2.5, {a = 1}]\n"
                      "spaced = [ 1 , 2 , ]\n");
    const dom *deps = dom_get(d, "deps");
    assert_int_equal(dom_len(deps), 2);
    assert_string_equal(dom_str(dom_at(deps, 0)), "requests>=2");
    assert_int_equal(dom_line(dom_at(deps, 0)), 2);
    assert_int_equal(dom_line(dom_at(deps, 1)), 4);
    assert_int_equal(dom_line(deps), 1);
    assert_int_equal(dom_len(dom_get(d, "empty")), 0);
    const dom *nested = dom_get(d, "nested");
    assert_int_equal(dom_len(nested), 3);
    assert_true(dom_bool(dom_at(dom_at(dom_at(nested, 1), 1), 0)));
    const dom *mixed = dom_get(d, "mixed");
    assert_int_equal(dom_type_of(dom_at(mixed, 2)), DOM_FLOAT);
    assert_int_equal(dom_int(dom_get(dom_at(mixed, 3), "a")), 1);
    assert_int_equal(dom_len(dom_get(d, "spaced")), 2);
    dom_free(d);
}

static void test_strings(void **state)
{
    (void)state;
    dom *d = parse_ok("esc = \"tab\\there \\\"q\\\" back\\\\slash \\u00e9 \\U0001F600 \\b\\f\\r\\n\"\n"
                      "lit = 'C:\\Users\\x'\n"
                      "ml = \"\"\"\n"
                      "Roses\n"
                      "Violets\"\"\"\n"
                      "trim = \"\"\"The quick \\\n"
                      "\n"
                      "     brown \\   \n"
                      "  fox.\"\"\"\n"
                      "quotes = \"\"\"two \"\"here\"\"\"\"\"\n"
                      "mll = '''\n"
                      "raw \\n text\n"
                      "'''\n"
                      "mllq = '''it''s'''''\n"
                      "empty = \"\"\n"
                      "utf = \"h\xc3\xa9 \xe2\x82\xac\"\n"
                      "after = 1\n");
    assert_string_equal(dom_get_str(d, "esc"), "tab\there \"q\" back\\slash \xc3\xa9 \xf0\x9f\x98\x80 \b\f\r\n");
    assert_string_equal(dom_get_str(d, "lit"), "C:\\Users\\x");
    assert_string_equal(dom_get_str(d, "ml"), "Roses\nViolets");
    assert_int_equal(dom_line(dom_get(d, "ml")), 3);
    assert_string_equal(dom_get_str(d, "trim"), "The quick brown fox.");
    assert_string_equal(dom_get_str(d, "quotes"), "two \"\"here\"\"");
    assert_string_equal(dom_get_str(d, "mll"), "raw \\n text\n");
    assert_string_equal(dom_get_str(d, "mllq"), "it''s''");
    assert_string_equal(dom_get_str(d, "empty"), "");
    assert_int_equal(dom_type_of(dom_get(d, "empty")), DOM_STRING);
    assert_string_equal(dom_get_str(d, "utf"), "h\xc3\xa9 \xe2\x82\xac");
    /* lines keep counting through multi-line strings */
    assert_int_equal(dom_line(dom_get(d, "after")), 17);
    dom_free(d);

    /* CRLF line ends, in the document and inside multi-line strings */
    d = parse_ok("a = \"\"\"x\r\ny\"\"\"\r\nb = 'z'\r\n");
    assert_string_equal(dom_get_str(d, "a"), "x\ny");
    assert_int_equal(dom_line(dom_get(d, "b")), 3);
    dom_free(d);

    /* \u0000 is kept: the length says so */
    d = parse_ok("nul = \"a\\u0000b\"\n");
    assert_int_equal(dom_str_len(dom_get(d, "nul")), 3);
    assert_memory_equal(dom_get_str(d, "nul"), "a\0b", 3);
    dom_free(d);
}

static void test_integers(void **state)
{
    (void)state;
    dom *d = parse_ok("a = +99\nb = -17\nc = 0\nd = 1_000_000\ne = 0xDEAD_beef\nf = 0o755\n"
                      "g = 0b1101\nh = 9223372036854775807\ni = -9223372036854775808\nj = -0\n"
                      "k = 0x7fffffffffffffff\n");
    assert_int_equal(dom_int(dom_get(d, "a")), 99);
    assert_int_equal(dom_int(dom_get(d, "b")), -17);
    assert_int_equal(dom_type_of(dom_get(d, "c")), DOM_INT);
    assert_int_equal(dom_int(dom_get(d, "d")), 1000000);
    assert_int_equal(dom_int(dom_get(d, "e")), 0xDEADBEEF);
    assert_int_equal(dom_int(dom_get(d, "f")), 0755);
    assert_int_equal(dom_int(dom_get(d, "g")), 13);
    assert_true(dom_int(dom_get(d, "h")) == INT64_MAX);
    assert_true(dom_int(dom_get(d, "i")) == INT64_MIN);
    assert_int_equal(dom_int(dom_get(d, "j")), 0);
    assert_true(dom_int(dom_get(d, "k")) == INT64_MAX);
    dom_free(d);

    expect_error("x = 9223372036854775808\n", 1, "64 bits");
    expect_error("x = -9223372036854775809\n", 1, "64 bits");
    expect_error("x = 0x8000000000000000\n", 1, "64 bits");
    expect_error("x = 012\n", 1, "leading zeros");
    expect_error("x = 1__2\n", 1, "between digits");
    expect_error("x = 1_\n", 1, "between digits");
    expect_error("x = _1\n", 1, "expected a value");
    expect_error("x = +0x1\n", 1, "invalid integer");
    expect_error("x = 0x\n", 1, "expected a digit");
    expect_error("x = 0b102\n", 1, "invalid integer");
    expect_error("x = 0xg\n", 1, "expected a digit");
    expect_error("x = 12a\n", 1, "invalid integer");
    expect_error("\n\nx = 1 2\n", 3, "end of the line");
}

static void test_floats(void **state)
{
    (void)state;
    dom *d = parse_ok("a = 1.5\nb = -0.01\nc = 5e+22\nd = 1e06\ne = -2E-2\nf = 6.626e-34\n"
                      "g = 224_617.445_991\nh = inf\ni = -inf\nj = nan\nk = +nan\nl = 0e0\n");
    assert_true(dom_float(dom_get(d, "a")) == 1.5);
    assert_true(dom_float(dom_get(d, "b")) == -0.01);
    assert_true(dom_float(dom_get(d, "c")) == 5e22);
    assert_true(dom_float(dom_get(d, "d")) == 1e6);
    assert_true(dom_float(dom_get(d, "e")) == -2e-2);
    assert_true(dom_float(dom_get(d, "g")) == 224617.445991);
    assert_true(isinf(dom_float(dom_get(d, "h"))) && dom_float(dom_get(d, "h")) > 0);
    assert_true(isinf(dom_float(dom_get(d, "i"))) && dom_float(dom_get(d, "i")) < 0);
    assert_true(isnan(dom_float(dom_get(d, "j"))));
    assert_true(isnan(dom_float(dom_get(d, "k"))));
    assert_int_equal(dom_type_of(dom_get(d, "l")), DOM_FLOAT);
    dom_free(d);

    expect_error("x = 1.\n", 1, "expected a digit");
    expect_error("x = .5\n", 1, "expected a value");
    expect_error("x = 1.e5\n", 1, "expected a digit");
    expect_error("x = 1e\n", 1, "expected a digit");
    expect_error("x = 03.14\n", 1, "leading zeros");
    expect_error("x = 1._5\n", 1, "expected a digit");
    expect_error("x = infinity\n", 1, "invalid float");
    expect_error("x = NaN\n", 1, "expected a value");
}

static void test_datetimes(void **state)
{
    (void)state;
    dom *d = parse_ok("odt1 = 1979-05-27T07:32:00Z\n"
                      "odt2 = 1979-05-27T00:32:00.999999-07:00\n"
                      "odt3 = 1979-05-27 07:32:00+01:30\n"
                      "ldt = 1979-05-27T07:32:00\n"
                      "ld = 1979-05-27\n"
                      "lt = 00:32:00.5\n"
                      "leap = 2024-02-29\n"
                      "arr = [1979-05-27, 07:32:00]\n");
    assert_int_equal(dom_type_of(dom_get(d, "odt1")), DOM_DATETIME);
    assert_string_equal(dom_get_str(d, "odt1"), "1979-05-27T07:32:00Z");
    assert_string_equal(dom_get_str(d, "odt2"), "1979-05-27T00:32:00.999999-07:00");
    assert_string_equal(dom_get_str(d, "odt3"), "1979-05-27 07:32:00+01:30");
    assert_string_equal(dom_get_str(d, "ldt"), "1979-05-27T07:32:00");
    assert_string_equal(dom_get_str(d, "ld"), "1979-05-27");
    assert_string_equal(dom_get_str(d, "lt"), "00:32:00.5");
    assert_string_equal(dom_get_str(d, "leap"), "2024-02-29");
    assert_string_equal(dom_str(dom_at(dom_get(d, "arr"), 1)), "07:32:00");
    dom_free(d);

    expect_error("x = 2023-02-29\n", 1, "invalid date");
    expect_error("x = 1979-13-01\n", 1, "invalid date");
    expect_error("x = 1979-05-27T25:00:00\n", 1, "invalid time");
    expect_error("x = 1979-05-27T07:32\n", 1, "invalid time");
    expect_error("x = 1979-05-27T07:32:00+25:00\n", 1, "offset");
    expect_error("x = 1979-5-27\n", 1, "invalid date");
    expect_error("x = 07:32:00.\n", 1, "no digits after");
}

static void test_structure_errors(void **state)
{
    (void)state;
    expect_error("a = 1\na = 2\n", 2, "duplicate key 'a'");
    expect_error("[t]\nx = 1\n[t]\n", 3, "already defined");
    expect_error("[a]\nb.c = 1\n[a.b]\n", 3, "already defined");
    expect_error("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", 4, "dotted key");
    expect_error("a.b = 1\na.b.c = 2\n", 2, "dotted key");
    expect_error("a = {x = 1}\n[a]\n", 2, "already defined");
    expect_error("a = {x = 1}\na.y = 2\n", 2, "dotted key");
    expect_error("a = {x = 1}\n[a.b]\n", 2, "cannot hold a table");
    expect_error("a = [1]\n[[a]]\n", 2, "not an array of tables");
    expect_error("a = [{b = 1}]\n[a.c]\n", 2, "cannot hold a table");
    expect_error("[[a]]\n[a]\n", 2, "already defined");
    expect_error("[a]\n[[a]]\n", 2, "not an array of tables");
    expect_error("x = 1\n[x]\n", 2, "already defined");
    expect_error("key\n", 1, "expected '='");
    expect_error("= 1\n", 1, "expected a key");
    expect_error("a = \n", 1, "expected a value");
    expect_error("a = 1 b = 2\n", 1, "end of the line");
    expect_error("[a\n", 1, "expected ']'");
    expect_error("[[a]\n", 1, "expected ']]'");
    expect_error("[]\n", 1, "expected a key");
    expect_error("a.\n", 1, "expected a key");
    expect_error("t = {a = 1,}\n", 1, "trailing ','");
    expect_error("t = {a = 1\n, b = 2}\n", 1, "expected ',' or '}'");
    expect_error("t = {a = 1, a = 2}\n", 1, "duplicate key");
    expect_error("x = [1 2]\n", 1, "expected ',' or ']'");
    expect_error("x = [1,,2]\n", 1, "expected a value");
    expect_error("x = [\n1,\n2\n", 4, "expected ',' or ']'");
    expect_error("a = 1\r\nb = 2\rc = 3\n", 2, "end of the line");
    expect_error("\"\"\"k\"\"\" = 1\n", 1, "cannot be a key");
    expect_error("a = true1\n", 1, "invalid boolean");
    expect_error("a = tru\n", 1, "expected a value");
}

static void test_string_errors(void **state)
{
    (void)state;
    expect_error("a = 1\nb = \"open\n", 2, "line break in a single-line string");
    expect_error("a = 1\nb = \"open", 2, "unterminated string");
    expect_error("a = 1\nb = \"\"\"\nnever\nclosed\n", 2, "unterminated string");
    expect_error("a = '''x''''''\n", 1, "too many quotes");
    expect_error("a = \"bad \\q\"\n", 1, "invalid escape");
    expect_error("a = \"\\u12\"\n", 1, "4 hex digits");
    expect_error("a = \"\\uD800\"\n", 1, "scalar value");
    expect_error("a = \"\\U00110000\"\n", 1, "scalar value");
    expect_error("a = \"ctl \x01\"\n", 1, "control character");
    expect_error("a = 'ctl \x7f'\n", 1, "control character");
    expect_error("a = \"bad \xff utf8\"\n", 1, "invalid UTF-8");
    expect_error("a = \"overlong \xc0\xaf\"\n", 1, "invalid UTF-8");
    expect_error("a = 1 # comment \x01\n", 1, "control character 0x01 in a comment");
    expect_error("# \xed\xa0\x80 surrogate\n", 1, "invalid UTF-8 in a comment");
    expect_error("a = \"\"\"x \\ y\"\"\"\n", 1, "invalid escape");
}

/* An error keeps what was read before it, including a value cut short. */
static void test_partial_tree_on_error(void **state)
{
    (void)state;
    const char *s = "[project]\n"
                    "name = \"x\"\n"
                    "dependencies = [\n"
                    "  \"a\",\n"
                    "  \"b\",\n"
                    "  c,\n"
                    "]\n"
                    "[tool]\n";
    char *err = NULL;
    dom *d = parse_n(s, strlen(s), &err);
    assert_non_null(err);
    assert_string_equal(err, "line 6: expected a value, found 'c'");
    assert_string_equal(dom_str(dom_path(d, "project", "name", NULL)), "x");
    const dom *deps = dom_path(d, "project", "dependencies", NULL);
    assert_int_equal(dom_len(deps), 2);
    assert_string_equal(dom_str(dom_at(deps, 1)), "b");
    assert_null(dom_get(d, "tool"));
    free(err);
    dom_free(d);
}

static void test_bom_empty_and_blank(void **state)
{
    (void)state;
    dom *d = parse_ok("\xEF\xBB\xBF" "a = 1\n");
    assert_int_equal(dom_int(dom_get(d, "a")), 1);
    dom_free(d);
    d = parse_ok("");
    assert_int_equal(dom_len(d), 0);
    dom_free(d);
    d = parse_ok("\n  \n\t# only comments\n   # here\n");
    assert_int_equal(dom_len(d), 0);
    dom_free(d);
    d = parse_ok("a = 1"); /* no final newline */
    assert_int_equal(dom_int(dom_get(d, "a")), 1);
    dom_free(d);
}

static void test_limits(void **state)
{
    (void)state;
    /* deep nesting is an error, not a stack overflow */
    size_t n = 200000;
    char *s = malloc(n + 8);
    memcpy(s, "a = ", 4);
    memset(s + 4, '[', n);
    char *err = NULL;
    dom *d = toml_parse(s, n + 4, &err);
    assert_non_null(err);
    assert_non_null(strstr(err, "nested too deeply"));
    free(err);
    dom_free(d);
    for (size_t i = 0; i + 3 <= n; i += 3) memcpy(s + 4 + i, "{a=", 3);
    d = toml_parse(s, n + 4, &err);
    assert_non_null(err);
    assert_non_null(strstr(err, "nested too deeply"));
    free(err);
    dom_free(d);
    /* a dotted key with very many parts */
    buf k = {0};
    buf_puts(&k, "[");
    for (int i = 0; i < 5000; i++) buf_puts(&k, "a.");
    buf_puts(&k, "a]\n");
    d = toml_parse(k.data, k.len, &err);
    assert_non_null(err);
    assert_non_null(strstr(err, "too many parts"));
    free(err);
    dom_free(d);
    buf_free(&k);
    free(s);
}

/* Many keys in one table: every one found (the hash index), and fast. */
static void test_many_keys(void **state)
{
    (void)state;
    buf b = {0};
    for (int i = 0; i < 30000; i++) buf_printf(&b, "k%d = %d\n", i, i);
    char *err = NULL;
    dom *d = toml_parse(b.data, b.len, &err);
    assert_null(err);
    assert_int_equal(dom_len(d), 30000);
    for (int i = 0; i < 30000; i += 7) {
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(dom_int(dom_get(d, key)), i);
        assert_int_equal(dom_line(dom_get(d, key)), i + 1);
    }
    dom_free(d);
    buf_free(&b);
    buf_puts(&b, "k1 = 1\n");
    for (int i = 0; i < 100; i++) buf_printf(&b, "x%d = %d\n", i, i);
    buf_puts(&b, "k1 = 2\n");
    d = toml_parse(b.data, b.len, &err);
    assert_non_null(err);
    assert_string_equal(err, "line 102: duplicate key 'k1'");
    free(err);
    dom_free(d);
    buf_free(&b);
}

static const char sample[] =
    "[project]\n"
    "name = \"demo\"\n"
    "dependencies = [\"openai>=1.0\", 'langchain[all]==0.1.0 ; python_version<\"3.12\"']\n"
    "[project.optional-dependencies]\n"
    "dev = [\n  \"pytest>=7\", # tests\n  \"ruff\",\n]\n"
    "[tool.poetry.dependencies]\n"
    "python = \"^3.10\"\n"
    "x = {version = \"^1\", extras = [\"a\"], optional = true}\n"
    "s = \"\"\"multi\nline \\\n  text\"\"\"\n"
    "l = '''lit\n'''\n"
    "d = 1979-05-27T07:32:00Z\n"
    "n = [0x1F, 0o7, 0b1, 1_000, -1.5e-3, inf]\n"
    "[[package]]\nname = \"a\"\n[[package]]\nname = \"b\"\n";

/* Every prefix of a valid document: no crash, no hang, and no leak under ASan. */
static void test_truncated_input(void **state)
{
    (void)state;
    size_t n = strlen(sample);
    int errors = 0;
    for (size_t i = 0; i <= n; i++) {
        char *err = NULL;
        dom *d = parse_n(sample, i, &err);
        assert_non_null(d);
        if (err) {
            errors++;
            assert_true(strncmp(err, "line ", 5) == 0);
        }
        free(err);
        dom_free(d);
    }
    assert_true(errors > 0);
    char *err = NULL;
    dom *d = parse_n(sample, n, &err);
    assert_null(err);
    assert_int_equal(dom_len(dom_get(d, "package")), 2);
    dom_free(d);
}

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 16;
}

/* Random bytes, and the sample with random bytes changed: never a crash. */
static void test_garbage_input(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    static const char alphabet[] = "[]{}=\"'.,#\n\r\t \\ua0x1_e+-:Tz";
    char buf_[512];
    for (int round = 0; round < 3000; round++) {
        size_t n = lcg(&seed) % sizeof buf_;
        for (size_t i = 0; i < n; i++)
            buf_[i] = round % 2 ? (char)lcg(&seed) : alphabet[lcg(&seed) % (sizeof alphabet - 1)];
        char *err = NULL;
        dom_free(parse_n(buf_, n, &err));
        free(err);
    }
    size_t n = strlen(sample);
    char *m = malloc(n);
    for (int round = 0; round < 3000; round++) {
        memcpy(m, sample, n);
        for (int k = 0; k < 3; k++) m[lcg(&seed) % n] = alphabet[lcg(&seed) % (sizeof alphabet - 1)];
        char *err = NULL;
        dom_free(parse_n(m, n, &err));
        free(err);
    }
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars_and_lines),
        cmocka_unit_test(test_tables_and_dotted_keys),
        cmocka_unit_test(test_arrays_of_tables),
        cmocka_unit_test(test_arrays),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_floats),
        cmocka_unit_test(test_datetimes),
        cmocka_unit_test(test_structure_errors),
        cmocka_unit_test(test_string_errors),
        cmocka_unit_test(test_partial_tree_on_error),
        cmocka_unit_test(test_bom_empty_and_blank),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_truncated_input),
        cmocka_unit_test(test_garbage_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
