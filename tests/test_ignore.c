#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ignore.h"

/* ---- helpers ------------------------------------------------------------------------ */

#define IGNORED(s, path, dir) check(s, path, dir, true, __LINE__)
#define KEPT(s, path, dir) check(s, path, dir, false, __LINE__)
enum { FILE_ = false, DIR_ = true };

static void check(const ignore_set *s, const char *path, bool is_dir, bool want, int line)
{
    bool got = ignore_match(s, path, is_dir);
    if (got != want) {
        print_error("line %d: ignore_match(\"%s\", %s) = %d, want %d\n", line, path,
                    is_dir ? "dir" : "file", got, want);
        fail();
    }
}

static ignore_set *from_text(const char *base, const char *text)
{
    ignore_set *s = ignore_new();
    ignore_add_file(s, base, text, strlen(text));
    return s;
}

/* An in-memory tree for walking: entries are paths, directories end in '/'; gitignores
 * maps a directory ("" for the root) to its .gitignore text. */
typedef struct gitignore_file { const char *dir; const char *text; } gitignore_file;

static void parent_of(const char *entry, buf *out)
{
    size_t n = strlen(entry);
    if (n && entry[n - 1] == '/') n--;
    while (n && entry[n - 1] != '/') n--;
    out->len = 0;
    buf_append(out, entry, n ? n - 1 : 0);
}

/* Walks like the real walker: push the directory's .gitignore, judge each child, descend
 * only into kept directories, pop. Appends kept files to out, one per line. */
static void walk(ignore_set *s, const char *const *entries, const gitignore_file *gi,
                 const char *dir, buf *out)
{
    size_t mark = ignore_mark(s);
    for (const gitignore_file *g = gi; g && g->dir; g++)
        if (strcmp(g->dir, dir) == 0) ignore_add_file(s, dir, g->text, strlen(g->text));
    buf parent = { 0 };
    for (const char *const *e = entries; *e; e++) {
        parent_of(*e, &parent);
        if (strcmp(parent.data, dir) != 0) continue;
        size_t n = strlen(*e);
        bool is_dir = (*e)[n - 1] == '/';
        char *path = xstrndup(*e, is_dir ? n - 1 : n);
        if (!ignore_match(s, path, is_dir)) {
            if (is_dir) {
                walk(s, entries, gi, path, out);
            } else {
                buf_puts(out, path);
                buf_putc(out, '\n');
            }
        }
        free(path);
    }
    buf_free(&parent);
    ignore_truncate(s, mark);
    assert_int_equal(ignore_mark(s), mark);
}

static void assert_walk(ignore_set *s, const char *const *entries, const gitignore_file *gi,
                        const char *want)
{
    buf out = { 0 };
    buf_puts(&out, "");
    walk(s, entries, gi, "", &out);
    assert_string_equal(out.data, want);
    buf_free(&out);
}

/* ---- line syntax -------------------------------------------------------------------- */

static void test_comments_and_blank_lines(void **state)
{
    (void)state;
    ignore_set *s = from_text("", "# comment\n\n   \n\\#hash\nplain\n #notacomment\n");
    assert_int_equal(ignore_mark(s), 3); /* \#hash, plain, " #notacomment" */
    IGNORED(s, "#hash", FILE_);
    KEPT(s, "# comment", FILE_);
    KEPT(s, "comment", FILE_);
    IGNORED(s, "plain", FILE_);
    IGNORED(s, "d/plain", FILE_);
    KEPT(s, "   ", FILE_);         /* a line of spaces trims to nothing */
    KEPT(s, "", FILE_);
    IGNORED(s, " #notacomment", FILE_); /* '#' only comments at column 0 */
    ignore_free(s);
}

static void test_trailing_spaces(void **state)
{
    (void)state;
    /* a, "b\ ", "c\ \ ", "d<TAB>", "e\\" + two spaces, "f \ " */
    ignore_set *s = from_text("", "a  \nb\\ \nc\\ \\ \nd\t\ne\\\\  \nf \\ \n");
    IGNORED(s, "a", FILE_);
    KEPT(s, "a ", FILE_);
    IGNORED(s, "b ", FILE_);
    KEPT(s, "b", FILE_);
    IGNORED(s, "c  ", FILE_);
    IGNORED(s, "d\t", FILE_);   /* only spaces are trimmed */
    KEPT(s, "d", FILE_);
    IGNORED(s, "e\\", FILE_);   /* escaped backslash, then trimmed spaces */
    KEPT(s, "e\\ ", FILE_);
    IGNORED(s, "f  ", FILE_);   /* an unescaped space before an escaped one stays */
    ignore_free(s);
}

static void test_escaped_bang_and_hash(void **state)
{
    (void)state;
    ignore_set *s = from_text("", "\\!important!.txt\n!\n\\#x\n");
    assert_int_equal(ignore_mark(s), 2); /* a lone "!" is nothing */
    IGNORED(s, "!important!.txt", FILE_);
    KEPT(s, "important!.txt", FILE_);
    IGNORED(s, "#x", FILE_);
    ignore_free(s);
}

static void test_crlf_and_bom(void **state)
{
    (void)state;
    ignore_set *s = from_text("", "\xEF\xBB\xBFsecret.txt\r\nbuild/\r\n*.tmp  \r\n\r\n# c\r\nx\r\r\n");
    IGNORED(s, "secret.txt", FILE_);
    KEPT(s, "\xEF\xBB\xBFsecret.txt", FILE_);
    IGNORED(s, "build", DIR_);
    KEPT(s, "build", FILE_);      /* the '\r' is gone, so the trailing '/' counts */
    IGNORED(s, "a.tmp", FILE_);   /* '\r' removed before spaces are trimmed */
    KEPT(s, "a.tmp\r", FILE_);
    IGNORED(s, "x\r", FILE_);     /* only one '\r' belongs to the line end */
    KEPT(s, "x", FILE_);
    KEPT(s, "# c", FILE_);
    ignore_free(s);

    /* a BOM is skipped only at the very start */
    s = from_text("", "a\n\xEF\xBB\xBF" "b\n");
    IGNORED(s, "\xEF\xBB\xBF" "b", FILE_);
    KEPT(s, "b", FILE_);
    ignore_free(s);
}

static void test_length_and_last_line(void **state)
{
    (void)state;
    /* text is taken by length, not NUL; the last line needs no newline */
    const char text[] = "a.txt\nb.txt";
    ignore_set *s = ignore_new();
    ignore_add_file(s, "", text, 9); /* "a.txt\nb.t" */
    IGNORED(s, "a.txt", FILE_);
    IGNORED(s, "b.t", FILE_);
    KEPT(s, "b.txt", FILE_);
    ignore_add_file(s, "", "", 0);
    ignore_add_file(s, "", "\n\n", 2);
    assert_int_equal(ignore_mark(s), 2);
    ignore_free(s);
}

/* ---- matching rules ----------------------------------------------------------------- */

static void test_negation_last_match_wins(void **state)
{
    (void)state;
    ignore_set *s = from_text("", "*.log\n!keep.log\n");
    IGNORED(s, "a.log", FILE_);
    IGNORED(s, "sub/a.log", FILE_);
    KEPT(s, "keep.log", FILE_);
    KEPT(s, "sub/keep.log", FILE_);
    ignore_free(s);

    s = from_text("", "!keep.log\n*.log\n");
    IGNORED(s, "keep.log", FILE_); /* the later line wins */
    ignore_free(s);

    /* a negation that matches nothing ignored re-includes nothing extra */
    s = from_text("", "!*.py\n");
    KEPT(s, "a.py", FILE_);
    KEPT(s, "a.txt", FILE_);
    ignore_free(s);
}

static void test_directory_only(void **state)
{
    (void)state;
    ignore_set *s = from_text("", "build/\ndoc/frotz/\n");
    IGNORED(s, "build", DIR_);
    KEPT(s, "build", FILE_); /* "will not match a regular file or a symbolic link" */
    IGNORED(s, "a/b/build", DIR_);
    IGNORED(s, "doc/frotz", DIR_);
    KEPT(s, "doc/frotz", FILE_);
    KEPT(s, "a/doc/frotz", DIR_); /* "doc/frotz/ ... but not a/doc/frotz" */
    ignore_free(s);

    s = from_text("", "frotz/\n");
    IGNORED(s, "frotz", DIR_);
    IGNORED(s, "a/frotz", DIR_);  /* "frotz/ matches frotz and a/frotz" */
    KEPT(s, "a/frotz", FILE_);
    ignore_free(s);

    /* a negated directory-only pattern leaves files alone */
    s = from_text("", "out\n!out/\n");
    KEPT(s, "out", DIR_);
    IGNORED(s, "out", FILE_);
    ignore_free(s);
}

/* The examples of gitignore(5). */
static void test_gitignore_doc_examples(void **state)
{
    (void)state;
    ignore_set *s = from_text("", "hello.*\n");
    IGNORED(s, "hello.txt", FILE_);
    IGNORED(s, "a/hello.java", FILE_);
    IGNORED(s, "hello.d", DIR_);
    KEPT(s, "hello", FILE_);
    ignore_free(s);

    s = from_text("", "/hello.*\n");
    IGNORED(s, "hello.txt", FILE_);
    IGNORED(s, "hello.c", FILE_);
    KEPT(s, "a/hello.java", FILE_);
    ignore_free(s);

    s = from_text("", "foo/*\n");
    IGNORED(s, "foo/test.json", FILE_);
    IGNORED(s, "foo/bar", DIR_);
    KEPT(s, "foo/bar/hello.c", FILE_); /* '*' does not match "bar/hello.c" */
    KEPT(s, "foo", DIR_);
    KEPT(s, "x/foo/test.json", FILE_);
    ignore_free(s);

    /* "doc/frotz" and "/doc/frotz" have the same effect */
    const char *forms[] = { "doc/frotz", "/doc/frotz" };
    for (int i = 0; i < 2; i++) {
        s = from_text("", forms[i]);
        IGNORED(s, "doc/frotz", FILE_);
        IGNORED(s, "doc/frotz", DIR_);
        KEPT(s, "a/doc/frotz", FILE_);
        KEPT(s, "doc/frotz2", FILE_);
        ignore_free(s);
    }

    s = from_text("", "**/foo\n**/foo/bar\n");
    IGNORED(s, "foo", FILE_);
    IGNORED(s, "a/b/foo", DIR_);
    IGNORED(s, "x/foo/bar", FILE_);
    KEPT(s, "x/foo/y/bar", FILE_);
    KEPT(s, "x/foofoo", FILE_);
    ignore_free(s);

    s = from_text("", "abc/**\n");
    IGNORED(s, "abc/x", FILE_);
    IGNORED(s, "abc/x/y", FILE_);
    IGNORED(s, "abc/d", DIR_);
    KEPT(s, "abc", DIR_);      /* everything inside, not abc itself */
    KEPT(s, "x/abc/y", FILE_); /* relative to the .gitignore */
    ignore_free(s);

    s = from_text("", "a/**/b\n");
    IGNORED(s, "a/b", FILE_);
    IGNORED(s, "a/x/b", FILE_);
    IGNORED(s, "a/x/y/b", FILE_);
    KEPT(s, "a/xb", FILE_);
    KEPT(s, "z/a/b", FILE_);
    ignore_free(s);
}

/* "Example to exclude everything except a specific directory foo/bar". */
static void test_doc_example_only_foo_bar(void **state)
{
    (void)state;
    static const char *const tree[] = {
        "top.txt", "foo/", "foo/z", "foo/bar/", "foo/bar/x", "foo/bar/deep/", "foo/bar/deep/y",
        "foo/baz/", "foo/baz/y", "other/", "other/w", NULL,
    };
    static const gitignore_file gi[] = {
        { "", "# exclude everything except directory foo/bar\n/*\n!/foo\n/foo/*\n!/foo/bar\n" },
        { NULL, NULL },
    };
    ignore_set *s = ignore_new();
    assert_walk(s, tree, gi, "foo/bar/x\nfoo/bar/deep/y\n");
    ignore_free(s);
}

static void test_wildcards_never_match_slash(void **state)
{
    (void)state;
    ignore_set *s = from_text("", "doc/*.txt\nx/a?b\ny/a[!z]b\nz/a[/]b\n");
    IGNORED(s, "doc/a.txt", FILE_);
    KEPT(s, "doc/x/a.txt", FILE_);
    IGNORED(s, "x/aXb", FILE_);
    KEPT(s, "x/a/b", FILE_);
    IGNORED(s, "y/aXb", FILE_);
    KEPT(s, "y/a/b", FILE_);
    KEPT(s, "z/a/b", FILE_);
    ignore_free(s);
}

static void test_syntax_corners(void **state)
{
    (void)state;
    /* braces are literal in .gitignore; a malformed class matches nothing (git) */
    ignore_set *s = from_text("", "{a,b}\n[\nx[[:nope:]]\n[[:digit:]]*\n.*\n*.LOG\nfoo\\\n");
    IGNORED(s, "{a,b}", FILE_);
    KEPT(s, "a", FILE_);
    KEPT(s, "[", FILE_);
    KEPT(s, "x[[:nope:]]", FILE_);
    KEPT(s, "xn", FILE_);
    IGNORED(s, "1st", FILE_);
    IGNORED(s, ".env", FILE_);
    IGNORED(s, "a/.cache", DIR_);
    KEPT(s, "a.log", FILE_); /* case-sensitive */
    KEPT(s, "foo", FILE_);   /* a trailing backslash matches nothing */
    KEPT(s, "foo\\", FILE_);
    ignore_free(s);

    /* "/" names nothing; "a/" at the root, "/a/" anchored */
    s = from_text("", "/\n//\n/a/\n");
    assert_int_equal(ignore_mark(s), 1);
    IGNORED(s, "a", DIR_);
    KEPT(s, "x/a", DIR_);
    ignore_free(s);
}

/* ---- nesting, stack, command line ---------------------------------------------------- */

static void test_nested_negation(void **state)
{
    (void)state;
    static const char *const tree[] = {
        "a.log", "important.log", "x.log", "sub/", "sub/important.log", "sub/other.log",
        "sub/x.log", "sub/deep/", "sub/deep/important.log", "sub/deep/x.log", NULL,
    };
    static const gitignore_file gi[] = {
        { "", "*.log\n!x.log\n" },
        { "sub", "!important.log\n" },
        { "sub/deep", "x.log\n" },
        { NULL, NULL },
    };
    ignore_set *s = ignore_new();
    assert_walk(s, tree, gi,
                "x.log\n"
                "sub/important.log\n"
                "sub/x.log\n"
                "sub/deep/important.log\n");
    ignore_free(s);
}

static void test_nested_anchoring(void **state)
{
    (void)state;
    ignore_set *s = ignore_new();
    size_t m = ignore_mark(s);
    ignore_add_file(s, "sub", "/build\ndoc/frotz\ntmp\n", 21);
    IGNORED(s, "sub/build", DIR_);
    KEPT(s, "sub/x/build", DIR_);
    KEPT(s, "build", DIR_);
    IGNORED(s, "sub/doc/frotz", FILE_);
    KEPT(s, "sub/a/doc/frotz", FILE_);
    KEPT(s, "doc/frotz", FILE_);
    IGNORED(s, "sub/a/tmp", FILE_);
    IGNORED(s, "sub/tmp", FILE_);
    KEPT(s, "tmp", FILE_);        /* not below the .gitignore's directory */
    KEPT(s, "subway/tmp", FILE_); /* a name that merely starts like the base */
    KEPT(s, "sub", DIR_);
    ignore_truncate(s, m);

    /* a deeper base, given with a trailing '/' */
    ignore_add_file(s, "a/b/", "*.py\n", 5);
    IGNORED(s, "a/b/c/x.py", FILE_);
    KEPT(s, "a/x.py", FILE_);
    KEPT(s, "a/bx.py", FILE_);
    ignore_free(s);
}

static void test_parent_exclusion(void **state)
{
    (void)state;
    /* "It is not possible to re-include a file if a parent directory of that file is
     * excluded": the walker never enters build/, so the negation never applies. */
    static const char *const tree[] = {
        "build/", "build/keep.txt", "build/out.o", "src/", "src/main.py", NULL,
    };
    static const gitignore_file gi[] = {
        { "", "build/\n!build/keep.txt\n" },
        { "build", "!*\n" },
        { NULL, NULL },
    };
    ignore_set *s = ignore_new();
    assert_walk(s, tree, gi, "src/main.py\n");
    /* ignore_match itself judges only the path given (documented contract) */
    ignore_add_file(s, "", gi[0].text, strlen(gi[0].text));
    IGNORED(s, "build", DIR_);
    KEPT(s, "build/keep.txt", FILE_);
    KEPT(s, "build/out.o", FILE_);
    ignore_free(s);

    /* re-including the directory itself, then files inside, does work */
    static const gitignore_file gi2[] = {
        { "", "/*\n!/build/\n/build/*\n!/build/keep.txt\n" },
        { NULL, NULL },
    };
    s = ignore_new();
    assert_walk(s, tree, gi2, "build/keep.txt\n");
    ignore_free(s);
}

static void test_mark_and_truncate(void **state)
{
    (void)state;
    ignore_set *s = ignore_new();
    assert_int_equal(ignore_mark(s), 0);
    ignore_add_file(s, "", "*.log\n", 6);
    size_t m1 = ignore_mark(s);
    assert_int_equal(m1, 1);
    ignore_add_file(s, "sub", "!keep.log\n*.tmp\n", 16);
    assert_int_equal(ignore_mark(s), 3);
    KEPT(s, "sub/keep.log", FILE_);
    IGNORED(s, "sub/a.tmp", FILE_);

    ignore_truncate(s, 5); /* beyond the top: nothing happens */
    assert_int_equal(ignore_mark(s), 3);

    ignore_truncate(s, m1);
    assert_int_equal(ignore_mark(s), m1);
    IGNORED(s, "sub/keep.log", FILE_);
    KEPT(s, "sub/a.tmp", FILE_);

    ignore_add_pattern(s, "other", "*.bak");
    IGNORED(s, "other/x.bak", FILE_);
    ignore_truncate(s, 0);
    KEPT(s, "a.log", FILE_);
    KEPT(s, "other/x.bak", FILE_);
    ignore_free(s);
    ignore_free(NULL);
}

static void test_add_pattern_is_a_line(void **state)
{
    (void)state;
    ignore_set *s = ignore_new();
    ignore_add_pattern(s, "", "*.bak  ");  /* trailing spaces trimmed */
    ignore_add_pattern(s, "", "# note");   /* a comment: adds nothing */
    ignore_add_pattern(s, "", "");
    ignore_add_pattern(s, "", "dist/");
    ignore_add_pattern(s, "sub", "/x");
    assert_int_equal(ignore_mark(s), 3);
    IGNORED(s, "a/b.bak", FILE_);
    IGNORED(s, "dist", DIR_);
    KEPT(s, "dist", FILE_);
    IGNORED(s, "sub/x", FILE_);
    KEPT(s, "x", FILE_);
    /* on the stack: a later .gitignore overrides it */
    ignore_add_file(s, "", "!keep.bak\n", 10);
    KEPT(s, "keep.bak", FILE_);
    ignore_free(s);
}

static void test_command_line_excludes(void **state)
{
    (void)state;
    ignore_set *s = ignore_new();
    ignore_add_exclude(s, "node_modules/");
    ignore_add_exclude(s, "*.min.js");
    ignore_add_exclude(s, "!keep.log");
    ignore_add_exclude(s, "a ");    /* no trimming: the shell quoted it */
    ignore_add_exclude(s, "#x");    /* no comments */
    assert_int_equal(ignore_mark(s), 0); /* not on the stack */

    ignore_add_file(s, "", "!vendor.min.js\n*.log\n", 21);
    ignore_add_file(s, "web", "!node_modules/\n!*.js\n", 21);
    IGNORED(s, "vendor.min.js", FILE_);       /* beats the root .gitignore */
    IGNORED(s, "web/app.min.js", FILE_);      /* and a deeper one */
    IGNORED(s, "web/node_modules", DIR_);
    KEPT(s, "web/app.js", FILE_);
    KEPT(s, "keep.log", FILE_);               /* a negated exclude re-includes */
    IGNORED(s, "other.log", FILE_);
    IGNORED(s, "a ", FILE_);
    KEPT(s, "a", FILE_);
    IGNORED(s, "#x", FILE_);

    ignore_truncate(s, 0); /* excludes survive */
    IGNORED(s, "x/y.min.js", FILE_);
    KEPT(s, "other.log", FILE_);
    ignore_free(s);
}

static void test_walk_with_excludes(void **state)
{
    (void)state;
    static const char *const tree[] = {
        ".env", "README.md", "app.py", "data/", "data/big.csv", "node_modules/",
        "node_modules/x.js", "notebooks/", "notebooks/a.ipynb", "notebooks/.ipynb_checkpoints/",
        "notebooks/.ipynb_checkpoints/a-checkpoint.ipynb", NULL,
    };
    static const gitignore_file gi[] = {
        { "", ".env\nnode_modules\n" },
        { "notebooks", ".ipynb_checkpoints/\n" },
        { NULL, NULL },
    };
    ignore_set *s = ignore_new();
    ignore_add_exclude(s, "data/");
    ignore_add_exclude(s, "*.md");
    assert_walk(s, tree, gi, "app.py\nnotebooks/a.ipynb\n");
    ignore_free(s);
}

static void test_empty_set(void **state)
{
    (void)state;
    ignore_set *s = ignore_new();
    KEPT(s, "anything", FILE_);
    KEPT(s, "a/b", DIR_);
    ignore_truncate(s, 0);
    ignore_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comments_and_blank_lines),
        cmocka_unit_test(test_trailing_spaces),
        cmocka_unit_test(test_escaped_bang_and_hash),
        cmocka_unit_test(test_crlf_and_bom),
        cmocka_unit_test(test_length_and_last_line),
        cmocka_unit_test(test_negation_last_match_wins),
        cmocka_unit_test(test_directory_only),
        cmocka_unit_test(test_gitignore_doc_examples),
        cmocka_unit_test(test_doc_example_only_foo_bar),
        cmocka_unit_test(test_wildcards_never_match_slash),
        cmocka_unit_test(test_syntax_corners),
        cmocka_unit_test(test_nested_negation),
        cmocka_unit_test(test_nested_anchoring),
        cmocka_unit_test(test_parent_exclusion),
        cmocka_unit_test(test_mark_and_truncate),
        cmocka_unit_test(test_add_pattern_is_a_line),
        cmocka_unit_test(test_command_line_excludes),
        cmocka_unit_test(test_walk_with_excludes),
        cmocka_unit_test(test_empty_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
