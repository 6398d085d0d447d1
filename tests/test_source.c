/* source.c: the line index, UTF-8 validation, and source_load's skip decisions
 * (binary, too large, minified, unreadable, special files). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
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

/* Loads dir/rel as class cls (code: JavaScript); returns the skip reason, the source in
 * *s when read (and for binary and minified files, whose text is kept for the secret
 * rules). A skipped file leaves nothing in *s to free unless it kept its text. */
static skip_reason load_lang(const fixture *f, const char *rel, file_class cls, lang l, const source_limits *lim,
                             source *s, const char **detail)
{
    int sys;
    fsafe_root *fs = fsafe_root_open(f->dir, 0, &sys);
    assert_non_null(fs);
    memset(s, 0, sizeof *s);
    s->path = rel;
    s->cls = cls;
    s->lang = l;
    skip_reason r = source_load(s, fs, rel, lim, detail);
    fsafe_root_close(fs);
    return r;
}

static skip_reason load(const fixture *f, const char *rel, file_class cls, const source_limits *lim,
                        source *s, const char **detail)
{
    return load_lang(f, rel, cls, cls == CLASS_CODE ? LANG_JAVASCRIPT : LANG_NONE, lim, s, detail);
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
    /* the text is kept: the secret rules still run on binary files (F17) */
    assert_non_null(s.text);
    assert_int_equal(s.len, 7);
    assert_memory_equal(s.text, "abc\0def", 7);
    source_free(&s);
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
    assert_non_null(s.text); /* kept for the secret rules */
    source_free(&s);
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
    source_free(&s);
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
    int fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    if (fd < 0) skip();
    assert_int_equal(source_load_fd(&s, fd, &limits, &detail), SKIP_UNREADABLE);
    assert_non_null(detail);
    assert_null(s.text);
}

static int load_unreadable_as_nobody(void *arg)
{
    const char *dir = arg;
    int sys;
    fsafe_root *fs = fsafe_root_open(dir, 0, &sys);
    if (!fs) return 1;
    source s = {0};
    const char *detail = NULL;
    skip_reason r = source_load(&s, fs, "secret.py", &limits, &detail);
    fsafe_root_close(fs);
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
    int rc = tu_run_as_nobody(load_unreadable_as_nobody, f->dir);
    free(p);
    if (rc < 0) skip();
    assert_int_equal(rc, 0);
}

/* ---- F17 / N1: the skip heuristics must not hide a file ------------------------------ */

/* A lone CR ends a line (old Mac endings: Python, JavaScript and YAML accept them). */
static void test_line_index_lone_cr(void **state)
{
    const char *text = "a\rb\r\nc\r\rd";
    source s;
    source_init_text(&s, "cr.py", LANG_PYTHON, text, strlen(text));
    assert_int_equal(s.n_lines, 5); /* a | b (CRLF) | c | "" | d */
    size_t len;
    const char *t = source_line_text(&s, 1, &len);
    assert_int_equal(len, 1);
    assert_memory_equal(t, "a", 1);
    t = source_line_text(&s, 2, &len);
    assert_int_equal(len, 1);
    assert_memory_equal(t, "b", 1);
    t = source_line_text(&s, 3, &len);
    assert_int_equal(len, 1);
    assert_memory_equal(t, "c", 1);
    source_line_text(&s, 4, &len);
    assert_int_equal(len, 0);
    assert_int_equal(source_line_of(&s, strlen(text) - 1), 5);
    source_free(&s);
}

/* repro/F17 cr.py: 5 KB of Python with lone-CR endings. It is read (not minified), its
 * lone CRs become LF byte for byte, and lines are those Python sees. */
static void test_load_lone_cr(void **state)
{
    fixture *f = *state;
    buf b = {0};
    buf_puts(&b, "import boto3\r");
    for (int i = 0; i < 150; i++) buf_printf(&b, "def f%d(x):\r    return x + %d\r", i, i);
    buf_puts(&b, "KEY = 'x'\r\nEND = 1\r");
    tu_write(f->dir, "cr.py", b.data, b.len);
    source s;
    const char *detail;
    assert_int_equal(load_lang(f, "cr.py", CLASS_CODE, LANG_PYTHON, &limits, &s, &detail), SKIP_NONE);
    assert_int_equal(s.len, b.len);                  /* same bytes, same offsets */
    assert_null(memchr(s.text, '\r', s.len - 10));  /* only the CRLF's CR is left */
    assert_int_equal(s.n_lines, 1 + 300 + 2 + 1);
    size_t len;
    const char *t = source_line_text(&s, 302, &len);
    assert_int_equal(len, 9);
    assert_memory_equal(t, "KEY = 'x'", 9);
    source_free(&s);
    /* the same file as JavaScript is not a bundle either */
    assert_int_equal(load(f, "cr.py", CLASS_CODE, &limits, &s, &detail), SKIP_NONE);
    source_free(&s);
    buf_free(&b);
}

/* repro/F17 padded.py: one 210 KB comment line before ordinary code does not make a
 * Python file minified, nor a JavaScript file whose average line stays short. */
static void test_load_one_long_line_not_minified(void **state)
{
    fixture *f = *state;
    buf b = {0};
    buf_puts(&b, "# ");
    for (int i = 0; i < 210000; i++) buf_putc(&b, '=');
    buf_putc(&b, '\n');
    for (int i = 0; i < 300; i++) buf_printf(&b, "def f%d(x):\n    return x + %d\n", i, i);
    tu_write(f->dir, "padded.py", b.data, b.len);
    source s;
    const char *detail;
    assert_int_equal(load_lang(f, "padded.py", CLASS_CODE, LANG_PYTHON, &limits, &s, &detail), SKIP_NONE);
    source_free(&s);
    tu_write(f->dir, "padded.js", b.data, b.len);
    assert_int_equal(load(f, "padded.js", CLASS_CODE, &limits, &s, &detail), SKIP_NONE);
    source_free(&s);
    buf_free(&b);
    /* Python whose lines are nearly all long is still minified (generated) */
    char *wide = code_lines(50000, 2000);
    tu_writes(f->dir, "wide.py", wide);
    assert_int_equal(load_lang(f, "wide.py", CLASS_CODE, LANG_PYTHON, &limits, &s, &detail), SKIP_MINIFIED);
    source_free(&s);
    free(wide);
}

/* UTF-16 text with a BOM, as PowerShell 5's `>` writes it, encoded little- or big-endian. */
static char *utf16(const char *ascii_or_utf8, bool big, size_t *n)
{
    buf b = {0};
    buf_append(&b, big ? "\xFE\xFF" : "\xFF\xFE", 2);
    for (const unsigned char *p = (const unsigned char *)ascii_or_utf8; *p; p++) {
        char u[2] = {big ? 0 : (char)*p, big ? (char)*p : 0};
        buf_append(&b, u, 2);
    }
    *n = b.len;
    return buf_take(&b);
}

static void test_load_utf16_bom(void **state)
{
    fixture *f = *state;
    const char *text = "A=1\r\nAWS_ACCESS_KEY_ID=AKIAQYLPMN5HFIQR7XYZ\r\n";
    for (int big = 0; big < 2; big++) {
        size_t n;
        char *data = utf16(text, big, &n);
        tu_write(f->dir, "utf16.env", data, n);
        source s;
        const char *detail;
        assert_int_equal(load(f, "utf16.env", CLASS_CONFIG, &limits, &s, &detail), SKIP_NONE);
        assert_int_equal(s.len, strlen(text));   /* decoded, without the BOM */
        assert_memory_equal(s.text, text, s.len);
        assert_true(s.valid_utf8);
        size_t len;
        const char *t = source_line_text(&s, 2, &len);
        assert_int_equal(len, 38);
        assert_memory_equal(t, "AWS_ACCESS_KEY_ID=AKIAQYLPMN5HFIQR7XYZ", 38);
        source_free(&s);
        free(data);
    }
    /* a surrogate pair (U+1F600), an unpaired surrogate and an odd last byte */
    const char le[] = "\xFF\xFE" "a\0" "\x3D\xD8\x00\xDE" "\x3D\xD8" "b\0" "c";
    tu_write(f->dir, "pairs.txt", le, sizeof le - 1);
    source s;
    const char *detail;
    assert_int_equal(load(f, "pairs.txt", CLASS_OTHER, &limits, &s, &detail), SKIP_NONE);
    const char want[] = "a\xF0\x9F\x98\x80\xEF\xBF\xBD" "b\xEF\xBF\xBD";
    assert_int_equal(s.len, sizeof want - 1);
    assert_memory_equal(s.text, want, s.len);
    source_free(&s);
    /* UTF-32LE (FF FE 00 00) is not taken for UTF-16: binary, as before */
    tu_write(f->dir, "u32.txt", "\xFF\xFE\0\0a\0\0\0", 8);
    assert_int_equal(load(f, "u32.txt", CLASS_OTHER, &limits, &s, &detail), SKIP_BINARY);
    source_free(&s);
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
        cmocka_unit_test(test_line_index_lone_cr),
        cmocka_unit_test_setup_teardown(test_load_lone_cr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_one_long_line_not_minified, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_utf16_bom, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
