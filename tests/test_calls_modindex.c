#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calls/calls_modindex.h"

/* The linear resolution the index replaces: the first exact stem of the class, else the
 * only stem ending in "/want". */
static int linear(char *const *stems, const uint8_t *cls, size_t n, const char *want, uint8_t c)
{
    int suffix = -1, nsuffix = 0;
    size_t wl = strlen(want);
    for (size_t i = 0; i < n; i++) {
        if (cls[i] != c || !cls[i]) continue;
        if (!strcmp(stems[i], want)) return (int)i;
        size_t sl = strlen(stems[i]);
        if (sl > wl && stems[i][sl - wl - 1] == '/' && !strcmp(stems[i] + sl - wl, want)) { suffix = (int)i; nsuffix++; }
    }
    return nsuffix == 1 ? suffix : -1;
}

static char *stems[] = {"app/llm", "backend/app/llm", "lib/x", "src/lib/x", "util", "a/util", "b/util",
                        "", "pkg", "pkg", "web/llm", "x/", "deep/a/b/c", NULL};
static const uint8_t cls[] = {1, 1, 2, 2, 1, 1, 1, 1, 2, 2, 2, 1, 0};
enum { N = sizeof cls };

static void test_exact_first(void **state)
{
    (void)state;
    calls_modindex *x = calls_modindex_new(stems, cls, N);
    assert_int_equal(calls_modindex_find(x, "app/llm", 1), 0);
    assert_int_equal(calls_modindex_find(x, "pkg", 2), 8);    /* the first of two */
    assert_int_equal(calls_modindex_find(x, "util", 1), 4);   /* exact beats suffixes */
    assert_int_equal(calls_modindex_find(x, "", 1), 7);       /* the top-level package */
    calls_modindex_free(x);
}

static void test_suffix_unique(void **state)
{
    (void)state;
    calls_modindex *x = calls_modindex_new(stems, cls, N);
    assert_int_equal(calls_modindex_find(x, "llm", 1), -1);   /* app/llm and backend/app/llm */
    assert_int_equal(calls_modindex_find(x, "llm", 2), 10);   /* web/llm: the classes are apart */
    assert_int_equal(calls_modindex_find(x, "lib/x", 2), 2);
    assert_int_equal(calls_modindex_find(x, "x", 2), -1);     /* lib/x and src/lib/x */
    assert_int_equal(calls_modindex_find(x, "ib/x", 2), -1);  /* a suffix starts after a '/' */
    assert_int_equal(calls_modindex_find(x, "b/c", 1), -1);   /* class 0 is never indexed */
    assert_int_equal(calls_modindex_find(x, "nothing", 1), -1);
    calls_modindex_free(x);
}

static void test_agrees_with_linear(void **state)
{
    (void)state;
    calls_modindex *x = calls_modindex_new(stems, cls, N);
    const char *wants[] = {"app/llm", "llm", "app", "lib/x", "x", "", "util", "pkg", "web/llm", "a/util",
                           "b/c", "c", "/", "x/", "deep/a/b/c", NULL};
    for (size_t w = 0; wants[w]; w++)
        for (uint8_t c = 1; c <= 2; c++)
            if (calls_modindex_find(x, wants[w], c) != linear(stems, cls, N, wants[w], c)) {
                print_error("want \"%s\" class %u: %d, linear %d\n", wants[w], c, calls_modindex_find(x, wants[w], c),
                            linear(stems, cls, N, wants[w], c));
                fail();
            }
    calls_modindex_free(x);
}

static void test_memo(void **state)
{
    (void)state;
    calls_modmemo *m = calls_modmemo_new();
    int to = 7;
    assert_false(calls_modmemo_get(m, 0, "./a", &to));
    char spec[32];
    for (int i = 0; i < 1000; i++) { /* past several growths */
        snprintf(spec, sizeof spec, "./m%d", i % 100);
        calls_modmemo_put(m, (size_t)(i / 100), spec, i);
    }
    for (int i = 0; i < 1000; i++) {
        snprintf(spec, sizeof spec, "./m%d", i % 100);
        assert_true(calls_modmemo_get(m, (size_t)(i / 100), spec, &to));
        assert_int_equal(to, i);
    }
    assert_false(calls_modmemo_get(m, 10, "./m1", &to)); /* the same text from another file */
    calls_modmemo_put(m, 0, "./m1", -1);                 /* put again: replaced */
    assert_true(calls_modmemo_get(m, 0, "./m1", &to));
    assert_int_equal(to, -1);
    calls_modmemo_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_first),
        cmocka_unit_test(test_suffix_unique),
        cmocka_unit_test(test_agrees_with_linear),
        cmocka_unit_test(test_memo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
