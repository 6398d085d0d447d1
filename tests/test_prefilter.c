/* prefilter: Aho–Corasick keyword scan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "prefilter.h"

typedef struct hit { uint32_t id; size_t end; } hit;
typedef VEC(hit) hit_list;

static bool collect(void *ctx, uint32_t id, size_t end)
{
    hit_list *l = ctx;
    hit h = {id, end};
    VEC_PUSH(l, h);
    return true;
}

static prefilter *make(const char *const *words, size_t n)
{
    prefilter *pf = prefilter_new();
    for (size_t i = 0; i < n; i++) prefilter_add(pf, words[i], strlen(words[i]));
    prefilter_build(pf);
    return pf;
}

static bool has_hit(const hit_list *l, uint32_t id, size_t end)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].id == id && l->items[i].end == end) return true;
    return false;
}

static void test_overlaps(void **state)
{
    (void)state;
    const char *w[] = {"he", "she", "his", "hers"};
    prefilter *pf = make(w, 4);
    hit_list l = {0};
    const char *text = "ushers";
    prefilter_scan(pf, text, strlen(text), collect, &l);
    /* "she" and "he" end at 4, "hers" at 6 */
    assert_int_equal(l.len, 3);
    assert_true(has_hit(&l, 1, 4));
    assert_true(has_hit(&l, 0, 4));
    assert_true(has_hit(&l, 3, 6));
    VEC_FREE(&l);
    prefilter_free(pf);
}

static void test_nested_and_repeated(void **state)
{
    (void)state;
    const char *w[] = {"a", "aa", "aaa"};
    prefilter *pf = make(w, 3);
    hit_list l = {0};
    prefilter_scan(pf, "aaaa", 4, collect, &l);
    /* a x4, aa x3, aaa x2 */
    assert_int_equal(l.len, 9);
    VEC_FREE(&l);
    prefilter_free(pf);
}

static void test_case_insensitive(void **state)
{
    (void)state;
    const char *w[] = {"OpenAI", "api_key"};
    prefilter *pf = make(w, 2);
    uint8_t seen[2] = {0};
    const char *text = "from OPENAI import x; MY_API_KEY = 1";
    assert_int_equal(prefilter_mark(pf, text, strlen(text), seen), 2);
    assert_true(seen[0] && seen[1]);
    prefilter_free(pf);
}

static void test_duplicates_share_an_id(void **state)
{
    (void)state;
    prefilter *pf = prefilter_new();
    uint32_t a = prefilter_add(pf, "Token", 5);
    uint32_t b = prefilter_add(pf, "tOKEN", 5);
    uint32_t c = prefilter_add(pf, "tok", 3);
    prefilter_build(pf);
    assert_int_equal(a, b);
    assert_int_not_equal(a, c);
    assert_int_equal(prefilter_count(pf), 2);
    prefilter_free(pf);
}

static void test_absent_and_empty(void **state)
{
    (void)state;
    const char *w[] = {"secret", "password"};
    prefilter *pf = make(w, 2);
    uint8_t seen[2] = {0};
    const char *text = "nothing to see here: secre passwor";
    assert_int_equal(prefilter_mark(pf, text, strlen(text), seen), 0);
    assert_int_equal(prefilter_mark(pf, "", 0, seen), 0);
    prefilter_free(pf);

    prefilter *none = prefilter_new();
    prefilter_build(none);
    assert_int_equal(prefilter_mark(none, text, strlen(text), seen), 0);
    prefilter_free(none);
}

static void test_non_ascii_and_nul_bytes(void **state)
{
    (void)state;
    const char *w[] = {"\xc3\xa9t\xc3\xa9", "b"};
    prefilter *pf = make(w, 2);
    uint8_t seen[2] = {0};
    const char text[] = "l'\xc3\xa9t\xc3\xa9\0b";
    prefilter_mark(pf, text, sizeof text - 1, seen);
    assert_true(seen[0]);
    assert_true(seen[1]);
    prefilter_free(pf);
}

static bool stop_first(void *ctx, uint32_t id, size_t end)
{
    (void)id; (void)end;
    (*(int *)ctx)++;
    return false;
}

static void test_stop_early(void **state)
{
    (void)state;
    const char *w[] = {"x"};
    prefilter *pf = make(w, 1);
    int n = 0;
    prefilter_scan(pf, "xxxx", 4, stop_first, &n);
    assert_int_equal(n, 1);
    prefilter_free(pf);
}

/* Many keywords: compare against a naive case-insensitive search. */
static bool naive_contains(const char *text, const char *w)
{
    size_t n = strlen(text), m = strlen(w);
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m) {
            char a = text[i + k], b = w[k];
            if (a >= 'A' && a <= 'Z') a = (char)(a + 32);
            if (b >= 'A' && b <= 'Z') b = (char)(b + 32);
            if (a != b) break;
            k++;
        }
        if (k == m) return true;
    }
    return false;
}

static void test_many_keywords(void **state)
{
    (void)state;
    enum { N = 600 };
    char *words[N];
    prefilter *pf = prefilter_new();
    unsigned seed = 12345;
    for (int i = 0; i < N; i++) {
        char tmp[16];
        int len = 2 + (int)(seed % 6);
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            tmp[k] = (char)("abcdeABCDE_-"[(seed >> 16) % 12]);
        }
        tmp[len] = '\0';
        words[i] = xstrdup(tmp);
        uint32_t id = prefilter_add(pf, tmp, (size_t)len);
        (void)id;
    }
    prefilter_build(pf);
    char text[4096];
    for (size_t i = 0; i < sizeof text - 1; i++) {
        seed = seed * 1103515245u + 12345u;
        text[i] = "abcdefgxyzABC_ -"[(seed >> 16) % 16];
    }
    text[sizeof text - 1] = '\0';
    uint8_t *seen = calloc(prefilter_count(pf), 1);
    prefilter_mark(pf, text, strlen(text), seen);
    /* Re-derive ids: adding to a fresh automaton in the same order gives the same ids. */
    prefilter *ids = prefilter_new();
    for (int i = 0; i < N; i++) {
        uint32_t id = prefilter_add(ids, words[i], strlen(words[i]));
        assert_int_equal(seen[id] != 0, naive_contains(text, words[i]));
    }
    prefilter_free(ids);
    for (int i = 0; i < N; i++) free(words[i]);
    free(seen);
    prefilter_free(pf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlaps),
        cmocka_unit_test(test_nested_and_repeated),
        cmocka_unit_test(test_case_insensitive),
        cmocka_unit_test(test_duplicates_share_an_id),
        cmocka_unit_test(test_absent_and_empty),
        cmocka_unit_test(test_non_ascii_and_nul_bytes),
        cmocka_unit_test(test_stop_early),
        cmocka_unit_test(test_many_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
