/* source.c: the line index, UTF-8 validation, and source_load's skip decisions
 * (binary, too large, minified, unreadable, special files). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "source.h"
#include "testutil.h"

static const source_limits limits = {2u * 1024 * 1024, 1000};

/* ---- line index --------------------------------------------------------------------- */

static void test_line_index_empty(void **state)
{
    source s;
    source_init_text(&s, "e.py", LANG_PYTHON, "", 0);
    assert_int_equal(s.n_lines, 1);
    assert_int_equal(source_line_of(&s, 0), 1);
    assert_int_equal(source_column_of(&s, 0), 1);
    size_t len = 99;
    const char *t = source_line_text(&s, 1, &len);
    assert_int_equal(len, 0);
    assert_non_null(t);
    assert_true(s.valid_utf8);
    assert_int_equal(s.cls, CLASS_CODE);
    source_free(&s);
}

static void test_line_index_lines(void **state)
{
    const char *text = "ab\ncd\r\n\nlast";
    source s;
    source_init_text(&s, "x.txt", LANG_NONE, text, strlen(text));
    assert_int_equal(s.cls, CLASS_OTHER);
    assert_int_equal(s.n_lines, 4);
    assert_int_equal(source_line_of(&s, 0), 1);
    assert_int_equal(source_line_of(&s, 2), 1);  /* the '\n' belongs to its line */
    assert_int_equal(source_line_of(&s, 3), 2);
    assert_int_equal(source_column_of(&s, 4), 2);
    assert_int_equal(source_line_of(&s, 7), 3);
    assert_int_equal(source_line_of(&s, 8), 4);
    assert_int_equal(source_column_of(&s, 11), 4);

    size_t len;
    const char *t = source_line_text(&s, 1, &len);
    assert_int_equal(len, 2);
    assert_memory_equal(t, "ab", 2);
    t = source_line_text(&s, 2, &len); /* the CR of a CRLF is not part of the line */
    assert_int_equal(len, 2);
    assert_memory_equal(t, "cd", 2);
    source_line_text(&s, 3, &len);
    assert_int_equal(len, 0);
    t = source_line_text(&s, 4, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(t, "last", 4);
    source_line_text(&s, 0, &len);
    assert_int_equal(len, 0);
    source_line_text(&s, 5, &len);
    assert_int_equal(len, 0);
    source_free(&s);
}

static void test_line_index_trailing_newline(void **state)
{
    source s;
    source_init_text(&s, "a.py", LANG_PYTHON, "x = 1\n", 6);
    assert_int_equal(s.n_lines, 2);    /* an empty last line after the final newline */
    assert_int_equal(source_line_of(&s, 6), 2);
    source_free(&s);
}

/* ---- UTF-8 validation ----------------------------------------------------------- */

static bool utf8_ok(const char *bytes, size_t n)
{
    source s;
    source_init_text(&s, "u.txt", LANG_NONE, bytes, n);
    bool ok = s.valid_utf8;
    source_free(&s);
    return ok;
}

static void test_utf8_validation(void **state)
{
    assert_true(utf8_ok("plain ascii", 11));
    assert_true(utf8_ok("caf\xc3\xa9", 5));                   /* 2 bytes */
    assert_true(utf8_ok("\xe2\x82\xac", 3));                   /* 3 bytes: euro */
    assert_true(utf8_ok("\xf0\x9f\x98\x80", 4));               /* 4 bytes: emoji */
    assert_true(utf8_ok("\xf4\x8f\xbf\xbf", 4));               /* U+10FFFF */
    assert_true(utf8_ok("a\0b", 3));                           /* NUL is valid UTF-8 */
    assert_false(utf8_ok("\xff", 1));
    assert_false(utf8_ok("\x80", 1));                          /* lone continuation */
    assert_false(utf8_ok("\xc3", 1));                          /* truncated at the end */
    assert_false(utf8_ok("\xe2\x82", 2));
    assert_false(utf8_ok("\xc3(", 2));                         /* bad continuation */
    assert_false(utf8_ok("\xc0\xaf", 2));                      /* overlong '/' */
    assert_false(utf8_ok("\xe0\x80\xaf", 3));                  /* overlong, 3 bytes */
    assert_false(utf8_ok("\xed\xa0\x80", 3));                  /* surrogate U+D800 */
    assert_false(utf8_ok("\xf4\x90\x80\x80", 4));              /* above U+10FFFF */
    assert_false(utf8_ok("\xf8\x88\x80\x80\x80", 5));          /* 5-byte form */
}

/* ---- source_load ----------------------------------------------------------------- */

typedef struct fixture {
    char *dir;
} fixture;

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tu_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* Loads dir/rel as class cls; returns the skip reason, the source in *s when read. */
static skip_reason load(const fixture *f, const char *rel, file_class cls, const source_limits *lim,
                        source *s, const char **detail)
{
    char *p = tu_path(f->dir, rel);
    memset(s, 0, sizeof *s);
    s->path = rel;
    s->cls = cls;
    s->lang = cls == CLASS_CODE ? LANG_JAVASCRIPT : LANG_NONE;
    skip_reason r = source_load(s, p, lim, detail);
    free(p);
    return r;
}

static void test_load_plain(void **state)
{
    fixture *f = *state;
    tu_writes(f->dir, "a.py", "import os\nprint(os.name)\n");
    source s;
    const char *detail = "unset";
    assert_int_equal(load(f, "a.py", CLASS_CODE, &limits, &s, &detail), SKIP_NONE);
    assert_null(detail);
    assert_int_equal(s.len, 25);
    assert_int_equal(s.n_lines, 3);
    assert_true(s.owns_text);
    assert_true(s.valid_utf8);
    assert_int_equal(s.text[s.len], '\0');
    source_free(&s);
    assert_null(s.text);
    assert_null(s.line_starts);
}

static void test_load_empty(void **state)
{
    fixture *f = *state;
    tu_writes(f->dir, "empty.py", "");
    source s;
    const char *detail;
    assert_int_equal(load(f, "empty.py", CLASS_CODE, &limits, &s, &detail), SKIP_NONE);
    assert_int_equal(s.len, 0);
    assert_int_equal(s.n_lines, 1);
    source_free(&s);
}

static void test_load_binary(void **state)
{
    fixture *f = *state;
    tu_write(f->dir, "blob.py", "abc\0def", 7);
    source s;
    const char *detail;
    assert_int_equal(load(f, "blob.py", CLASS_CODE, &limits, &s, &detail), SKIP_BINARY);
    assert_null(s.text);
}

/* Like git and ripgrep, only the first 8 KiB are looked at for a NUL byte. */
static void test_load_nul_after_8k_is_text(void **state)
{
    fixture *f = *state;
    char *data = xmalloc(9000);
    for (size_t i = 0; i < 9000; i++) data[i] = (i % 40 == 39) ? '\n' : 'a';
    data[8500] = '\0';
    tu_write(f->dir, "late.txt", data, 9000);
    source s;
    const char *detail;
    assert_int_equal(load(f, "late.txt", CLASS_OTHER, &limits, &s, &detail), SKIP_NONE);
    assert_int_equal(s.len, 9000);
    source_free(&s);
    free(data);
}

static void test_load_too_large(void **state)
{
    fixture *f = *state;
    source_limits small = {100, 1000};
    char data[101];
    memset(data, 'x', sizeof data);
    tu_write(f->dir, "big.txt", data, 101);
    tu_write(f->dir, "fits.txt", data, 100);
    source s;
    const char *detail;
    assert_int_equal(load(f, "big.txt", CLASS_OTHER, &small, &s, &detail), SKIP_TOO_LARGE);
    assert_int_equal(load(f, "fits.txt", CLASS_OTHER, &small, &s, &detail), SKIP_NONE);
    assert_int_equal(s.len, 100);
    source_free(&s);
}

/* n bytes of code in lines of line_len bytes (newline included). */
static char *code_lines(size_t n, size_t line_len)
{
    char *data = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++) data[i] = (i % line_len == line_len - 1) ? '\n' : 'a';
    data[n] = '\0';
    return data;
}

static void test_load_minified(void **state)
{
    fixture *f = *state;
    char *one_line = code_lines(20000, 30000);           /* one 20 KB line */
    tu_writes(f->dir, "bundle.js", one_line);
    source s;
    const char *detail;
    assert_int_equal(load(f, "bundle.js", CLASS_CODE, &limits, &s, &detail), SKIP_MINIFIED);
    assert_null(s.text);
    assert_null(s.line_starts);
    /* The same bytes in a data file are not "minified code". */
    tu_writes(f->dir, "data.json", one_line);
    assert_int_equal(load(f, "data.json", CLASS_CONFIG, &limits, &s, &detail), SKIP_NONE);
    source_free(&s);
    free(one_line);

    char *long_lines = code_lines(50000, 2000);           /* 25 lines of 2000 bytes */
    tu_writes(f->dir, "wide.js", long_lines);
    assert_int_equal(load(f, "wide.js", CLASS_CODE, &limits, &s, &detail), SKIP_MINIFIED);
    free(long_lines);
}

static void test_load_not_minified(void **state)
{
    fixture *f = *state;
    /* Ordinary code: 80-byte lines. */
    char *normal = code_lines(100000, 80);
    tu_writes(f->dir, "ok.js", normal);
    source s;
    const char *detail;
    assert_int_equal(load(f, "ok.js", CLASS_CODE, &limits, &s, &detail), SKIP_NONE);
    source_free(&s);
    free(normal);
    /* One long line (a data URI) among ordinary ones. */
    buf b = {0};
    for (int i = 0; i < 100; i++) buf_puts(&b, "const x = 1; // an ordinary line of code\n");
    buf_puts(&b, "const uri = \"");
    for (int i = 0; i < 20000; i++) buf_putc(&b, 'A');
    buf_puts(&b, "\";\n");
    tu_write(f->dir, "uri.js", b.data, b.len);
    assert_int_equal(load(f, "uri.js", CLASS_CODE, &limits, &s, &detail), SKIP_NONE);
    source_free(&s);
    buf_free(&b);
    /* Small files are never judged minified. */
    char *short_wide = code_lines(4000, 5000);
    tu_writes(f->dir, "short.js", short_wide);
    assert_int_equal(load(f, "short.js", CLASS_CODE, &limits, &s, &detail), SKIP_NONE);
    source_free(&s);
    free(short_wide);
}

static void test_load_invalid_utf8_is_read(void **state)
{
    fixture *f = *state;
    tu_writes(f->dir, "latin1.py", "name = 'caf\xe9'\n");
    source s;
    const char *detail;
    assert_int_equal(load(f, "latin1.py", CLASS_CODE, &limits, &s, &detail), SKIP_NONE);
    assert_false(s.valid_utf8);
    assert_int_equal(s.len, 14);
    source_free(&s);
}

static void test_load_missing(void **state)
{
    fixture *f = *state;
    source s;
    const char *detail = NULL;
    assert_int_equal(load(f, "nope.py", CLASS_CODE, &limits, &s, &detail), SKIP_UNREADABLE);
    assert_non_null(detail);
    assert_string_equal(detail, strerror(ENOENT));
}

/* source_load never follows a link (O_NOFOLLOW): the walk reports links itself. */
static void test_load_symlink_not_followed(void **state)
{
    fixture *f = *state;
    tu_writes(f->dir, "real.py", "x = 1\n");
    tu_symlink(f->dir, "link.py", "real.py");
    source s;
    const char *detail = NULL;
    assert_int_equal(load(f, "link.py", CLASS_CODE, &limits, &s, &detail), SKIP_UNREADABLE);
    assert_non_null(detail);
}

static void test_load_special(void **state)
{
    fixture *f = *state;
    char *fifo = tu_path(f->dir, "pipe.py");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    free(fifo);
    tu_mkdirs(f->dir, "dir.py");
    source s;
    const char *detail;
    /* O_NONBLOCK: opening a fifo with no writer must not hang the scan. */
    assert_int_equal(load(f, "pipe.py", CLASS_CODE, &limits, &s, &detail), SKIP_SPECIAL);
    assert_int_equal(load(f, "dir.py", CLASS_CODE, &limits, &s, &detail), SKIP_SPECIAL);
}

/* A read error after a successful open: /proc/self/mem is a regular file whose read at
 * offset 0 fails with EIO (page 0 is never mapped). This exercises the read-error path
 * honestly even as root, where permissions do not stop reads. */
static void test_load_read_error(void **state)
{
    source s = {0};
    s.cls = CLASS_OTHER;
    const char *detail = NULL;
    struct stat st;
    if (stat("/proc/self/mem", &st) != 0 || !S_ISREG(st.st_mode)) skip();
    assert_int_equal(source_load(&s, "/proc/self/mem", &limits, &detail), SKIP_UNREADABLE);
    assert_non_null(detail);
    assert_null(s.text);
}

static int load_unreadable_as_nobody(void *arg)
{
    const char *path = arg;
    source s = {0};
    const char *detail = NULL;
    skip_reason r = source_load(&s, path, &limits, &detail);
    return !(r == SKIP_UNREADABLE && detail && strcmp(detail, strerror(EACCES)) == 0);
}

/* chmod 000 does not stop root; the check runs in a child that dropped to nobody. */
static void test_load_permission_denied(void **state)
{
    fixture *f = *state;
    chmod(f->dir, 0755);
    tu_writes(f->dir, "secret.py", "x = 1\n");
    char *p = tu_path(f->dir, "secret.py");
    chmod(p, 0);
    int rc = tu_run_as_nobody(load_unreadable_as_nobody, p);
    free(p);
    if (rc < 0) skip();
    assert_int_equal(rc, 0);
}

static void test_skip_reason_names(void **state)
{
    assert_string_equal(skip_reason_name(SKIP_BINARY), "binary");
    assert_string_equal(skip_reason_name(SKIP_TOO_LARGE), "too_large");
    assert_string_equal(skip_reason_name(SKIP_MINIFIED), "minified");
    assert_string_equal(skip_reason_name(SKIP_UNREADABLE), "unreadable");
    assert_string_equal(skip_reason_name(SKIP_SYMLINK), "symlink");
    assert_string_equal(skip_reason_name(SKIP_SYMLINK_OUTSIDE), "symlink_outside_root");
    assert_string_equal(skip_reason_name(SKIP_SYMLINK_BROKEN), "symlink_broken");
    assert_string_equal(skip_reason_name(SKIP_EXCLUDED_DIR), "excluded_dir");
    assert_string_equal(skip_reason_name(SKIP_GITIGNORED), "gitignored");
    assert_string_equal(skip_reason_name(SKIP_EXCLUDED), "excluded");
    assert_string_equal(skip_reason_name(SKIP_GENERATED), "generated");
    assert_string_equal(skip_reason_name(SKIP_REASON_COUNT), "unknown");
    /* Every reason has a distinct name. */
    for (int a = 0; a < SKIP_REASON_COUNT; a++)
        for (int b = a + 1; b < SKIP_REASON_COUNT; b++)
            assert_string_not_equal(skip_reason_name((skip_reason)a), skip_reason_name((skip_reason)b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_index_empty),
        cmocka_unit_test(test_line_index_lines),
        cmocka_unit_test(test_line_index_trailing_newline),
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test_setup_teardown(test_load_plain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_binary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_nul_after_8k_is_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_too_large, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_minified, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_not_minified, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_invalid_utf8_is_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_symlink_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_special, setup, teardown),
        cmocka_unit_test(test_load_read_error),
        cmocka_unit_test_setup_teardown(test_load_permission_denied, setup, teardown),
        cmocka_unit_test(test_skip_reason_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
