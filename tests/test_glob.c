#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "glob.h"

/* Reports the failing pair, which assert_true alone would not. */
#define MATCH(pat, path) check(pat, path, true, __LINE__)
#define NO_MATCH(pat, path) check(pat, path, false, __LINE__)

static void check(const char *pat, const char *path, bool want, int line)
{
    bool got = glob_match(pat, path);
    if (got != want) {
        print_error("line %d: glob_match(\"%s\", \"%s\") = %d, want %d\n", line, pat, path,
                    got, want);
        fail();
    }
}

static void test_literal(void **state)
{
    (void)state;
    MATCH("a/b/c.py", "a/b/c.py");
    NO_MATCH("a/b/c.py", "a/b/c.pyc");
    NO_MATCH("a/b/c.py", "a/b/c.p");
    NO_MATCH("a/b/c.py", "x/a/b/c.py"); /* has '/': anchored */
    NO_MATCH("a/b", "a/b/c");           /* no implicit directory prefix */
    MATCH("", "");
    NO_MATCH("", "a");
    NO_MATCH("a", "");
}

static void test_case_sensitive(void **state)
{
    (void)state;
    NO_MATCH("README.md", "readme.md");
    NO_MATCH("*.MD", "x.md");
    MATCH("*.MD", "x.MD");
    NO_MATCH("[a-z]", "Q");
}

static void test_star_within_segment(void **state)
{
    (void)state;
    MATCH("src/*.py", "src/app.py");
    MATCH("src/*.py", "src/.py");         /* '*' may be empty */
    MATCH("src/*", "src/.hidden");        /* leading dot is not special */
    NO_MATCH("src/*.py", "src/sub/app.py");
    NO_MATCH("src/*", "src/a/b");
    MATCH("*/*.py", "a/b.py");
    NO_MATCH("*/*.py", "a/b/c.py");
    MATCH("a*b*c/x", "abc/x");
    MATCH("a*b*c/x", "aXXbYYc/x");
    NO_MATCH("a*b*c/x", "aXXbYY/c/x");
    MATCH("src/a*", "src/a");
    NO_MATCH("src/a*", "src/ba");
}

static void test_question(void **state)
{
    (void)state;
    MATCH("a/?.py", "a/b.py");
    NO_MATCH("a/?.py", "a/.py");
    NO_MATCH("a/?.py", "a/bc.py");
    NO_MATCH("a?b", "a/b");
    MATCH("??", "xy");
    NO_MATCH("??", "x");
}

static void test_classes(void **state)
{
    (void)state;
    MATCH("f[abc].txt", "fa.txt");
    MATCH("f[abc].txt", "fc.txt");
    NO_MATCH("f[abc].txt", "fd.txt");
    MATCH("v[0-9]", "v7");
    NO_MATCH("v[0-9]", "vx");
    MATCH("[!x]y", "ay");
    NO_MATCH("[!x]y", "xy");
    MATCH("[^x]y", "ay");
    NO_MATCH("[^x]y", "xy");
    MATCH("[]]", "]");            /* ']' first is literal */
    MATCH("[!]]", "a");
    NO_MATCH("[!]]", "]");
    MATCH("[a-]", "-");           /* trailing '-' is literal */
    MATCH("[a-]", "a");
    NO_MATCH("[a-]", "b");
    NO_MATCH("[z-a]", "m");       /* reversed range matches nothing */
    MATCH("[\\]]", "]");
    MATCH("[a\\-z]", "-");
    NO_MATCH("[a\\-z]", "m");     /* escaped '-' is not a range */
    MATCH("[[:digit:]][[:alpha:]]", "1x");
    NO_MATCH("[[:digit:]]", "x");
    MATCH("[![:space:]]", "x");
    NO_MATCH("[![:space:]]", " ");
    MATCH("[[:upper:]_]", "_");
    /* a class never matches '/', negated or not */
    NO_MATCH("a[/]b", "a/b");
    NO_MATCH("a[!x]b", "a/b");
    NO_MATCH("a[--0]b", "a/b");   /* '/' lies inside the range '-'..'0' */
    MATCH("a[--0]b", "a.b");
    /* unterminated: a literal '[' */
    MATCH("a[b", "a[b");
    NO_MATCH("a[b", "ab");
    MATCH("[", "[");
    MATCH("x[]", "x[]");
    /* high bytes */
    MATCH("caf[\xc3]\xa9", "caf\xc3\xa9");
    MATCH("[\x80-\xff]", "\xfe");
}

static void test_globstar(void **state)
{
    (void)state;
    /* leading **: zero or more segments */
    MATCH("**/x.py", "x.py");
    MATCH("**/x.py", "a/x.py");
    MATCH("**/x.py", "a/b/c/x.py");
    NO_MATCH("**/x.py", "a/bx.py");
    MATCH("**/tests/*.py", "tests/t.py");
    MATCH("**/tests/*.py", "pkg/tests/t.py");
    NO_MATCH("**/tests/*.py", "pkg/tests/sub/t.py");
    /* middle */
    MATCH("a/**/b", "a/b");
    MATCH("a/**/b", "a/x/b");
    MATCH("a/**/b", "a/x/y/b");
    NO_MATCH("a/**/b", "a/xb");
    NO_MATCH("a/**/b", "ab");
    NO_MATCH("a/**/b", "x/a/b");
    NO_MATCH("a/**/b", "a/x/b/c");
    MATCH("a/**/b/**/c", "a/b/c");
    MATCH("a/**/b/**/c", "a/1/b/2/3/c");
    NO_MATCH("a/**/b/**/c", "a/1/2/3/c");
    /* trailing: everything below, not the directory itself */
    MATCH("a/**", "a/x");
    MATCH("a/**", "a/x/y/z");
    MATCH("a/**", "a/.git/config");
    NO_MATCH("a/**", "a");
    NO_MATCH("a/**", "ab/x");
    MATCH("**", "x");
    MATCH("**", "a/b/c");
    MATCH("/**", "a/b/c");
    /* ** not a whole segment is a plain * */
    MATCH("a**b", "aXYb");
    NO_MATCH("a**b", "aX/Yb");
    MATCH("src/**.py", "src/x.py");
    NO_MATCH("src/**.py", "src/a/x.py");
    MATCH("**.py", "a/b/x.py"); /* no '/': basename anywhere; ** acts as * */
    NO_MATCH("x**/y", "xa/b/y");
    MATCH("x**/y", "xab/y");
    /* more than two stars still count as a globstar when whole */
    MATCH("a/***/b", "a/x/y/b");
    /* ** with a dotted path */
    MATCH("**/.env", ".env");
    MATCH("**/.env", "svc/api/.env");
    NO_MATCH("**/.env", "svc/api/.env.example");
}

static void test_basename_anywhere(void **state)
{
    (void)state;
    MATCH("Dockerfile", "Dockerfile");
    MATCH("Dockerfile", "deploy/api/Dockerfile");
    NO_MATCH("Dockerfile", "deploy/Dockerfile.dev");
    NO_MATCH("Dockerfile", "Dockerfile/x");
    MATCH("*.md", "README.md");
    MATCH("*.md", "docs/a/b/guide.md");
    NO_MATCH("*.md", "docs/guide.md.txt");
    MATCH("requirements*.txt", "svc/requirements-dev.txt");
    MATCH(".env*", "x/.env.local");
    MATCH("?", "a/b/c");
    NO_MATCH("??", "a/b/c");
}

static void test_anchoring(void **state)
{
    (void)state;
    MATCH("/README.md", "README.md");
    NO_MATCH("/README.md", "docs/README.md");
    MATCH("/*.md", "x.md");
    NO_MATCH("/*.md", "a/x.md");
    MATCH("docs/*.md", "docs/x.md");
    NO_MATCH("docs/*.md", "a/docs/x.md");
    MATCH("/docs/*.md", "docs/x.md");
    /* a trailing '/' never matches a file path */
    NO_MATCH("docs/", "docs");
    NO_MATCH("docs/", "docs/x.md");
}

static void test_braces(void **state)
{
    (void)state;
    MATCH("*.{py,ipynb}", "a/b.py");
    MATCH("*.{py,ipynb}", "nb.ipynb");
    NO_MATCH("*.{py,ipynb}", "x.js");
    NO_MATCH("*.{py,ipynb}", "x.py,ipynb");
    MATCH("{src,lib}/**/*.ts", "src/a/b.ts");
    MATCH("{src,lib}/**/*.ts", "lib/b.ts");
    NO_MATCH("{src,lib}/**/*.ts", "test/b.ts");
    MATCH("a{,.bak}", "a");
    MATCH("a{,.bak}", "a.bak");
    NO_MATCH("a{,.bak}", "a.ba");
    /* what follows a group is matched once, after it, not as another alternative */
    NO_MATCH("{a,b}.txt", ".txt.txt");
    NO_MATCH("{a,b}.txt", ".txt");
    NO_MATCH("{src,lib}/x", "/x/x");
    MATCH("{src,lib}/x", "lib/x");
    /* nested */
    MATCH("x.{j{s,sx},t{s,sx}}", "x.jsx");
    MATCH("x.{j{s,sx},t{s,sx}}", "x.ts");
    NO_MATCH("x.{j{s,sx},t{s,sx}}", "x.tx");
    /* wildcards and classes inside alternatives */
    MATCH("{*.lock,[Pp]ipfile}", "poetry.lock");
    MATCH("{*.lock,[Pp]ipfile}", "Pipfile");
    MATCH("{[,],x}", ",");         /* a ',' inside a class does not split */
    MATCH("{[,],x}", "x");
    /* ** inside an alternative on segment boundaries */
    MATCH("{**/a,b}", "x/y/a");
    MATCH("{**/a,b}", "b");
    NO_MATCH("{**/a,b}", "x/b");   /* has '/': anchored as a whole */
    MATCH("a/{**,x}", "a/p/q");
    MATCH("a/{b,**}/c", "a/p/q/c");
    NO_MATCH("a/{b,**}/c", "a/c");  /* documented: not textual expansion */
    NO_MATCH("/*{*,x}", "a/b");     /* the stars do not join into a globstar */
    MATCH("/*{*,x}", "ab");
    /* literal braces: no comma, unmatched, escaped */
    MATCH("{a}", "{a}");
    NO_MATCH("{a}", "a");
    MATCH("a{b", "a{b");
    MATCH("a}b", "a}b");
    MATCH("a,b", "a,b");
    MATCH("\\{a,b}", "{a,b}");
    NO_MATCH("\\{a,b}", "a");
    MATCH("{x{a}y,b}", "x{a}y");   /* a literal group inside an alternative */
    MATCH("{x{a}y,b}", "b");
    MATCH("{a,b", "{a,b");
    /* a pattern with '/' inside braces is anchored */
    NO_MATCH("{docs/*.md,x}", "a/docs/y.md");
    MATCH("{docs/*.md,x}", "docs/y.md");
}

static void test_escapes(void **state)
{
    (void)state;
    MATCH("\\*.py", "*.py");
    NO_MATCH("\\*.py", "x.py");
    MATCH("a\\?", "a?");
    NO_MATCH("a\\?", "ab");
    MATCH("\\[x]", "[x]");
    NO_MATCH("\\[x]", "x");
    MATCH("\\#x", "#x");
    MATCH("a\\\\b", "a\\b");
    NO_MATCH("abc\\", "abc\\"); /* lone trailing backslash: never matches */
    NO_MATCH("abc\\", "abc");
}

static void test_compiled_reuse(void **state)
{
    (void)state;
    glob_pat *g = glob_compile("{src,lib}/**/*.py", 0);
    assert_true(glob_pat_match(g, "src/x.py"));
    assert_true(glob_pat_match(g, "lib/a/b/x.py"));
    assert_false(glob_pat_match(g, "docs/x.py"));
    assert_true(glob_pat_match(g, "src/x.py")); /* no state carried between calls */
    glob_pat_free(g);
    glob_pat_free(NULL);

    g = glob_compile("*.{py,js}", GLOB_F_NO_BRACES);
    assert_true(glob_pat_match(g, "a/x.{py,js}"));
    assert_false(glob_pat_match(g, "a/x.py"));
    glob_pat_free(g);
}

static bool strict_match(const char *pat, const char *path)
{
    glob_pat *g = glob_compile(pat, GLOB_F_STRICT_CLASSES);
    bool m = glob_pat_match(g, path);
    glob_pat_free(g);
    return m;
}

/* git's wildmatch rules for malformed classes, and the default literal reading. */
static void test_strict_classes(void **state)
{
    (void)state;
    assert_false(strict_match("[", "["));
    MATCH("[", "[");
    assert_false(strict_match("a[b", "a[b"));
    assert_false(strict_match("*.[ch", "x.[ch"));
    /* an unknown [:name:]: malformed when strict, plain members otherwise */
    assert_false(strict_match("[[:nope:]]", "n]"));
    MATCH("[[:nope:]]", "n]");
    assert_false(strict_match("[[::]]", ":]"));     /* empty name */
    assert_false(strict_match("[[:alpha:]", "a"));  /* the class itself is unclosed */
    /* no ':' before the first ']': "[" is an ordinary member */
    assert_true(strict_match("[[:]]", ":]"));
    assert_true(strict_match("[[:]]", "[]"));
    assert_true(strict_match("[[:al]x", "lx"));
    /* well-formed classes are the same in both modes */
    assert_true(strict_match("[[:alpha:]]", "x"));
    assert_true(strict_match("[[:alpha:]-z]", "-"));
    assert_true(strict_match("[]a]", "]"));
    assert_true(strict_match("\\[", "["));          /* an escaped '[' is no class */
    /* POSIX classes are ASCII only */
    NO_MATCH("[[:alpha:]]", "\xe9");
    NO_MATCH("[[:print:]]", "\x80");
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Backtracking matchers take exponential time here; the NFA takes microseconds. */
static void test_pathological(void **state)
{
    (void)state;
    char pat[256], path[512];
    size_t n = 0;
    for (int i = 0; i < 40; i++) { pat[n++] = 'a'; pat[n++] = '*'; }
    pat[n++] = 'b';
    pat[n] = '\0';
    memset(path, 'a', 300);
    path[300] = '\0';

    double t0 = now();
    NO_MATCH(pat, path);
    path[299] = 'b';
    MATCH(pat, path);
    path[299] = 'a';
    /* the same with globstars and braces, which also branch */
    NO_MATCH("**/a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", path + 200);
    char deep[600];
    size_t k = 0;
    for (int i = 0; i < 150; i++) { deep[k++] = 'a'; deep[k++] = '/'; }
    deep[k++] = 'c';
    deep[k] = '\0';
    NO_MATCH("**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b", deep);
    MATCH("**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/c", deep);
    NO_MATCH("{a,a*}{a,a*}{a,a*}{a,a*}{a,a*}{a,a*}{a,a*}{a,a*}{a,a*}{a,a*}{a,a*}{a,a*}b",
             path + 200);
    double dt = now() - t0;
    if (dt > 1.0) {
        print_error("pathological patterns took %.3fs\n", dt);
        fail();
    }
}

/* Long patterns take the heap path of the matcher. */
static void test_long_pattern(void **state)
{
    (void)state;
    char pat[2100], path[2100];
    for (int i = 0; i < 1000; i++) { pat[2 * i] = 'x'; pat[2 * i + 1] = '?'; }
    pat[2000] = '\0';
    for (int i = 0; i < 2000; i++) path[i] = i % 2 ? 'y' : 'x';
    path[2000] = '\0';
    MATCH(pat, path);
    path[1999] = '\0';
    NO_MATCH(pat, path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal),
        cmocka_unit_test(test_case_sensitive),
        cmocka_unit_test(test_star_within_segment),
        cmocka_unit_test(test_question),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_globstar),
        cmocka_unit_test(test_basename_anywhere),
        cmocka_unit_test(test_anchoring),
        cmocka_unit_test(test_braces),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_strict_classes),
        cmocka_unit_test(test_compiled_reuse),
        cmocka_unit_test(test_pathological),
        cmocka_unit_test(test_long_pattern),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
