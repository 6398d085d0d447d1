/* redact.c: markers, ranges, values, cut windows and whole strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "sha256.h"

#define KEY "sk-abcdefghij0123456789"
#define KEY2 "ghp_Zq8xW2pL9mR4vT7nB1cK5hJ3dF6gH8jK0lM2"

static char *marker(const char *secret, bool with_prefix)
{
    buf b = {0};
    redact_marker(&b, secret, strlen(secret), with_prefix);
    return buf_take(&b);
}

static char *cut(const redact_map *m, const char *text, size_t from, size_t to)
{
    buf b = {0};
    buf_append(&b, "", 0);
    redact_append(m, text, strlen(text), from, to, &b);
    return buf_take(&b);
}

static void test_marker(void **state)
{
    (void)state;
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex(KEY, strlen(KEY), hex);
    char want[128];
    snprintf(want, sizeof want, "sk-a\xe2\x80\xa6[redacted sha256:%.8s]", hex);
    char *m = marker(KEY, true);
    assert_string_equal(m, want);
    free(m);
    m = marker(KEY, false);
    assert_string_equal(m, want + 4);
    free(m);
    /* a short secret shows a quarter of itself at most */
    m = marker("abcdefgh", true);
    assert_int_equal(strncmp(m, "ab\xe2\x80\xa6", 5), 0);
    free(m);
}

/* A range is redacted where it is, and its text wherever else it occurs. */
static void test_range_and_echo(void **state)
{
    (void)state;
    const char *text = "key=\"" KEY "\" # again " KEY " end";
    redact_map *m = redact_map_new();
    redact_map_reset(m, text, strlen(text));
    redact_map_add_range(m, 5, 5 + strlen(KEY));
    redact_map_seal(m);
    char *out = cut(m, text, 0, strlen(text));
    assert_null(strstr(out, KEY));
    char *mk = marker(KEY, true);
    buf want = {0};
    buf_printf(&want, "key=\"%s\" # again %s end", mk, mk);
    assert_string_equal(out, want.data);
    buf_free(&want);
    free(out);
    free(mk);
    redact_map_free(m);
}

/* A window that cuts a secret never shows part of it: the marker stands for all of it. */
static void test_window_edges(void **state)
{
    (void)state;
    const char *text = "a=" KEY " b=" KEY2 " c";
    size_t k1 = 2, k2 = strlen("a=" KEY " b=");
    redact_map *m = redact_map_new();
    redact_map_reset(m, text, strlen(text));
    redact_map_add_range(m, k1, k1 + strlen(KEY));
    redact_map_add_range(m, k2, k2 + strlen(KEY2));
    redact_map_seal(m);
    /* from inside the first key to inside the second */
    char *out = cut(m, text, k1 + 5, k2 + 7);
    char *m1 = marker(KEY, false), *m2 = marker(KEY2, true);
    buf want = {0};
    buf_printf(&want, "%s b=%s", m1, m2);
    assert_string_equal(out, want.data);
    buf_free(&want);
    free(out);
    free(m1);
    free(m2);
    redact_map_free(m);

    /* by value only (another text): a copy cut on the left shows no part of it either */
    redact_map *v = redact_map_new();
    redact_map_reset(v, NULL, 0);
    redact_map_add_value(v, KEY, strlen(KEY));
    redact_map_seal(v);
    out = cut(v, text, k1 + 5, strlen(text));
    assert_null(strstr(out, "fghij0123456789"));
    assert_non_null(strstr(out, "[redacted sha256:"));
    assert_non_null(strstr(out, " b=" KEY2 " c")); /* not a secret of this map */
    free(out);
    out = cut(v, text, 0, k1 + 5); /* and on the right */
    assert_null(strstr(out, "sk-abc"));
    free(out);
    redact_map_free(v);
}

/* Overlapping ranges (two rules on one secret) never leave a byte of either. */
static void test_overlapping_ranges(void **state)
{
    (void)state;
    const char *text = "https://AKIAZ7QWERTYUIOP2ASD:q8Zr2LmX4vT9wKp1Yc7N@host.example.com/";
    redact_map *m = redact_map_new();
    redact_map_reset(m, text, strlen(text));
    redact_map_add_range(m, 8, 28);               /* the key id */
    redact_map_add_range(m, 8, 49);               /* user:password */
    redact_map_add_range(m, 29, 49);              /* the password */
    redact_map_seal(m);
    char *out = cut(m, text, 0, strlen(text));
    assert_null(strstr(out, "Z7QWERTY"));
    assert_null(strstr(out, "q8Zr2Lm"));
    assert_non_null(strstr(out, "@host.example.com/"));
    free(out);
    redact_map_free(m);
}

/* Spans map offsets of the text into the output. */
static void test_spans(void **state)
{
    (void)state;
    const char *text = "x " KEY " y";
    redact_map *m = redact_map_new();
    redact_map_reset(m, text, strlen(text));
    redact_map_add_range(m, 2, 2 + strlen(KEY));
    redact_map_seal(m);
    buf b = {0};
    redact_span_list spans = {0};
    redact_append_mapped(m, text, strlen(text), 0, strlen(text), &b, &spans);
    assert_int_equal(spans.len, 1);
    assert_int_equal(spans.items[0].raw_start, 2);
    assert_int_equal(spans.items[0].raw_end, 2 + strlen(KEY));
    assert_int_equal(spans.items[0].red_start, 2);
    assert_string_equal(b.data + spans.items[0].red_end, " y");
    VEC_FREE(&spans);
    buf_free(&b);
    redact_map_free(m);
}

static redact_map *values(const char *const *v, size_t n)
{
    redact_map *m = redact_map_new();
    redact_map_reset(m, NULL, 0);
    for (size_t i = 0; i < n; i++) redact_map_add_value(m, v[i], strlen(v[i]));
    redact_map_seal(m);
    return m;
}

static void expect(const redact_map *m, const char *in, const char *want)
{
    char *got = redact_string(m, in);
    if (!want) {
        if (got) fail_msg("'%s' became '%s'", in, got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_string(void **state)
{
    (void)state;
    static const char *const v[] = {KEY, KEY2, "sk-abcdefghij0123456789-longer-one", "short"};
    redact_map *m = values(v, 4);
    char *mk = marker(KEY, true), *mk2 = marker(KEY2, true), *ml = marker(v[2], true);
    char *tail = marker(KEY2, false);
    buf w = {0};

    expect(m, "nothing here", NULL);
    expect(m, "short strings stay: short", NULL); /* below REDACT_MIN_ECHO */
    buf_printf(&w, "model '%s' and '%s'", mk, mk2);
    expect(m, "model '" KEY "' and '" KEY2 "'", w.data);
    w.len = 0;
    buf_printf(&w, "the longest: %s!", ml); /* the longer value wins */
    expect(m, "the longest: sk-abcdefghij0123456789-longer-one!", w.data);
    w.len = 0;
    /* cut at the end of the string, or at a "…" */
    buf_printf(&w, "clipped %s", mk2);
    expect(m, "clipped ghp_Zq8xW2pL9mR4", w.data);
    w.len = 0;
    buf_printf(&w, "clipped %s\xe2\x80\xa6 rest", mk2);
    expect(m, "clipped ghp_Zq8xW2pL9mR4\xe2\x80\xa6 rest", w.data);
    w.len = 0;
    /* a start cut off after a "…", or at the start of the string */
    buf_printf(&w, "\xe2\x80\xa6%s rest", tail);
    expect(m, "\xe2\x80\xa6xW2pL9mR4vT7nB1cK5hJ3dF6gH8jK0lM2 rest", w.data);
    w.len = 0;
    buf_printf(&w, "%s rest", tail);
    expect(m, "vT7nB1cK5hJ3dF6gH8jK0lM2 rest", w.data);
    /* fewer than REDACT_MIN_PARTIAL bytes of a cut are left alone */
    expect(m, "ends with ghp_Zq8", NULL);
    /* already redacted text stays as it is */
    expect(m, mk, NULL);

    char *s = xstrdup("x " KEY);
    assert_true(redact_in_place(m, &s));
    assert_null(strstr(s, KEY));
    assert_false(redact_in_place(m, &s));
    free(s);
    buf_free(&w);
    free(mk);
    free(mk2);
    free(ml);
    free(tail);
    redact_map_free(m);
}

/* Many secrets with a common prefix: each lookup still finds the right one. */
static void test_many_values(void **state)
{
    (void)state;
    enum { N = 500 };
    redact_map *m = redact_map_new();
    redact_map_reset(m, NULL, 0);
    char key[64];
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof key, "sk-proj-%05dQz8Xw2Lp4Rt6Vb9Nm1Kc", i * 7);
        redact_map_add_value(m, key, strlen(key));
    }
    redact_map_seal(m);
    buf line = {0};
    for (int i = 0; i < N; i++) buf_printf(&line, "{\"k\": \"sk-proj-%05dQz8Xw2Lp4Rt6Vb9Nm1Kc\"}, ", i * 7);
    char *out = redact_string(m, line.data);
    assert_non_null(out);
    assert_null(strstr(out, "Qz8Xw2"));
    size_t markers = 0;
    for (const char *p = out; (p = strstr(p, "[redacted sha256:")); p++) markers++;
    assert_int_equal(markers, N);
    free(out);
    buf_free(&line);
    redact_map_free(m);
}

static void test_clip_len(void **state)
{
    (void)state;
    const char *s = "x = GITHUB_TOKEN=" KEY2 " more words";
    assert_int_equal(redact_clip_len(s, strlen(s), 100), strlen(s));
    /* a cut inside a word moves back to its start: the word is quoted whole or not at all */
    assert_int_equal(redact_clip_len(s, strlen(s), 20), 4);
    assert_int_equal(redact_clip_len(s, strlen(s), strlen(s) - 3), strlen(s) - 5);
    assert_int_equal(redact_clip_len("ab cd", 5, 2), 2);
    assert_int_equal(redact_clip_len("ab cd", 5, 3), 3);
    assert_int_equal(redact_clip_len("abcdef", 6, 3), 0);
    assert_int_equal(redact_clip_len("ab \"cdef", 8, 6), 4); /* a quote ends a word too */
    /* a cut just before a closing quote leaves the quoted word out, not its quote */
    assert_int_equal(redact_clip_len("k = 'abc)def' x", 15, 12), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marker),
        cmocka_unit_test(test_range_and_echo),
        cmocka_unit_test(test_window_edges),
        cmocka_unit_test(test_overlapping_ranges),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_string),
        cmocka_unit_test(test_many_values),
        cmocka_unit_test(test_clip_len),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
