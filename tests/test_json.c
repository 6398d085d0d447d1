/* json.c: string escaping (control characters, quotes, invalid UTF-8 -> U+FFFD, valid
 * multi-byte sequences kept) and the writer's layout. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "json.h"
#include "testutil.h"

/* json_escape of n bytes, as a NUL-terminated string the caller frees. */
static char *esc(const char *s, size_t n)
{
    buf b = {0};
    json_escape(&b, s, n);
    return buf_take(&b);
}

#define ASSERT_ESC(in, want)                                 \
    do {                                                     \
        char *got_ = esc(in, sizeof(in) - 1);                \
        assert_string_equal(got_, want);                     \
        free(got_);                                          \
    } while (0)

static void test_escape_ascii(void **state)
{
    ASSERT_ESC("", "");
    ASSERT_ESC("plain text 123", "plain text 123");
    ASSERT_ESC("say \"hi\"", "say \\\"hi\\\"");
    ASSERT_ESC("C:\\path\\x", "C:\\\\path\\\\x");
    ASSERT_ESC("/slash/", "/slash/");            /* '/' needs no escape */
    ASSERT_ESC("a\nb\rc\td", "a\\nb\\rc\\td");
}

static void test_escape_control(void **state)
{
    ASSERT_ESC("\x01", "\\u0001");
    ASSERT_ESC("\x08\x0c", "\\u0008\\u000c");
    ASSERT_ESC("\x1b[0m", "\\u001b[0m");
    ASSERT_ESC("\x1f", "\\u001f");
    ASSERT_ESC("\x7f", "\\u007f");
    ASSERT_ESC("a\0b", "a\\u0000b");             /* an embedded NUL is kept, escaped */
    /* Every byte below 0x20 comes out as an escape, never raw. */
    for (int c = 0; c < 0x20; c++) {
        char in[1] = {(char)c};
        char *out = esc(in, 1);
        assert_int_equal(out[0], '\\');
        for (char *p = out; *p; p++) assert_true((unsigned char)*p >= 0x20);
        free(out);
    }
}

static void test_escape_valid_utf8_kept(void **state)
{
    ASSERT_ESC("caf\xc3\xa9", "caf\xc3\xa9");                 /* 2 bytes */
    ASSERT_ESC("\xe2\x82\xac 5", "\xe2\x82\xac 5");           /* 3 bytes */
    ASSERT_ESC("\xf0\x9f\x98\x80!", "\xf0\x9f\x98\x80!");     /* 4 bytes: kept, not split */
    ASSERT_ESC("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");       /* U+10FFFF */
    ASSERT_ESC("\xef\xbf\xbd", "\xef\xbf\xbd");               /* a real U+FFFD */
    ASSERT_ESC("\xe2\x80\xa8", "\xe2\x80\xa8");               /* U+2028 is valid JSON */
}

static void test_escape_invalid_utf8(void **state)
{
    ASSERT_ESC("\xff", "\\ufffd");
    ASSERT_ESC("caf\xe9", "caf\\ufffd");                      /* latin-1 */
    ASSERT_ESC("\x80\x80", "\\ufffd\\ufffd");                 /* lone continuations */
    ASSERT_ESC("\xc3", "\\ufffd");                            /* truncated at the end */
    ASSERT_ESC("\xc3(", "\\ufffd(");                          /* bad continuation: next byte kept */
    ASSERT_ESC("\xe2\x82", "\\ufffd\\ufffd");                 /* truncated 3-byte */
    ASSERT_ESC("\xf0\x9f\x98", "\\ufffd\\ufffd\\ufffd");      /* truncated 4-byte */
    ASSERT_ESC("\xc0\xaf", "\\ufffd\\ufffd");                 /* overlong '/' */
    ASSERT_ESC("\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd");      /* surrogate */
    ASSERT_ESC("\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd"); /* > U+10FFFF */
    ASSERT_ESC("a\xfe" "b", "a\\ufffdb");
    /* A truncated sequence must not swallow the quote or newline after it. */
    ASSERT_ESC("\xe2\"", "\\ufffd\\\"");
    ASSERT_ESC("\xf0\n", "\\ufffd\\n");
}

/* Whatever the bytes, the escaped string is valid JSON. */
static void test_escape_all_bytes_valid_json(void **state)
{
    char in[512];
    for (int i = 0; i < 512; i++) in[i] = (char)((i * 7 + i / 256) & 0xff);
    buf b = {0};
    buf_putc(&b, '"');
    json_escape(&b, in, sizeof in);
    buf_putc(&b, '"');
    assert_true(tu_json_valid(b.data, b.len));
    buf_free(&b);
    for (int c = 0; c < 256; c++) {
        char one[3] = {(char)c, (char)0x80, 'x'};
        buf t = {0};
        buf_putc(&t, '"');
        json_escape(&t, one, sizeof one);
        buf_putc(&t, '"');
        if (!tu_json_valid(t.data, t.len)) fail_msg("byte 0x%02x: %s", c, t.data);
        buf_free(&t);
    }
}

static void test_writer_layout(void **state)
{
    buf b = {0};
    json_writer w;
    json_init(&w, &b, false);
    json_object_begin(&w);
    json_kv_int(&w, "n", 1);
    json_key(&w, "list");
    json_array_begin(&w);
    json_int(&w, 1);
    json_string(&w, "two");
    json_null(&w);
    json_array_end(&w);
    json_key(&w, "empty_obj");
    json_object_begin(&w);
    json_object_end(&w);
    json_key(&w, "empty_arr");
    json_array_begin(&w);
    json_array_end(&w);
    json_kv_bool(&w, "ok", true);
    json_kv_string(&w, "none", NULL);
    json_object_end(&w);
    assert_string_equal(b.data,
                        "{\n"
                        "  \"n\": 1,\n"
                        "  \"list\": [\n"
                        "    1,\n"
                        "    \"two\",\n"
                        "    null\n"
                        "  ],\n"
                        "  \"empty_obj\": {},\n"
                        "  \"empty_arr\": [],\n"
                        "  \"ok\": true,\n"
                        "  \"none\": null\n"
                        "}\n");
    assert_true(tu_json_valid(b.data, b.len));
    buf_free(&b);
}

static void test_writer_compact(void **state)
{
    buf b = {0};
    json_writer w;
    json_init(&w, &b, true);
    json_object_begin(&w);
    json_kv_string(&w, "k\"ey", "v\x01");
    json_key(&w, "a");
    json_array_begin(&w);
    json_object_begin(&w);
    json_kv_int(&w, "x", -5);
    json_object_end(&w);
    json_bool(&w, false);
    json_array_end(&w);
    json_object_end(&w);
    assert_string_equal(b.data, "{\"k\\\"ey\":\"v\\u0001\",\"a\":[{\"x\":-5},false]}\n");
    assert_true(tu_json_valid(b.data, b.len));
    buf_free(&b);
}

static void test_writer_numbers(void **state)
{
    buf b = {0};
    json_writer w;
    json_init(&w, &b, true);
    json_array_begin(&w);
    json_int(&w, INT64_MIN);
    json_int(&w, INT64_MAX);
    json_double(&w, 0.5);
    json_double(&w, NAN);
    json_double(&w, INFINITY);
    json_double(&w, -1e300);
    json_array_end(&w);
    assert_string_equal(b.data, "[-9223372036854775808,9223372036854775807,0.5,null,null,-1e+300]\n");
    assert_true(tu_json_valid(b.data, b.len));
    buf_free(&b);
}

static void test_writer_string_n(void **state)
{
    buf b = {0};
    json_writer w;
    json_init(&w, &b, true);
    json_string_n(&w, "abc\0def", 7);
    assert_string_equal(b.data, "\"abc\\u0000def\"");
    buf_free(&b);
}

/* Deep nesting: within JSON_MAX_DEPTH the output is well-formed. */
static void test_writer_deep(void **state)
{
    buf b = {0};
    json_writer w;
    json_init(&w, &b, false);
    for (int i = 0; i < JSON_MAX_DEPTH - 1; i++) {
        json_array_begin(&w);
        json_int(&w, i);
    }
    for (int i = 0; i < JSON_MAX_DEPTH - 1; i++) json_array_end(&w);
    assert_true(tu_json_valid(b.data, b.len));
    buf_free(&b);
}

/* The checker the other tests rely on rejects what it should. */
static void test_checker_self_test(void **state)
{
    static const char *const bad[] = {
        "", "{", "[1,]", "{\"a\" 1}", "\"\x01\"", "\"\xff\"", "01", "1.", "nul", "[1] x",
        "\"\\x\"", "\"\\u12\"", "{1:2}", "\"abc",
    };
    static const char *const good[] = {
        "0", "-1.5e+10", "\"\\u00e9\\n\"", "{\"a\":[true,false,null]}", " [ ] ", "\"\xc3\xa9\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (tu_json_valid(bad[i], strlen(bad[i]))) fail_msg("accepted: %s", bad[i]);
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!tu_json_valid(good[i], strlen(good[i]))) fail_msg("rejected: %s", good[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_ascii),
        cmocka_unit_test(test_escape_control),
        cmocka_unit_test(test_escape_valid_utf8_kept),
        cmocka_unit_test(test_escape_invalid_utf8),
        cmocka_unit_test(test_escape_all_bytes_valid_json),
        cmocka_unit_test(test_writer_layout),
        cmocka_unit_test(test_writer_compact),
        cmocka_unit_test(test_writer_numbers),
        cmocka_unit_test(test_writer_string_n),
        cmocka_unit_test(test_writer_deep),
        cmocka_unit_test(test_checker_self_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
