/* fsafe.c: nothing outside the scanned root is ever opened. Every test runs twice: with
 * openat2 (when the kernel has it) and with the portable component walk. Symlinks and
 * fifos are made at run time in a temporary tree:
 *
 *   base/outside/gh.env                 a file outside the repository
 *   base/root/                          the repository
 *   base/root/a/b/c.txt, a/sub/x.txt
 *   base/root/home -> base/outside      committed link to a folder outside (F14)
 *   base/root/etc -> /etc
 *   base/root/inner -> a                link to a folder inside: refused too
 *   base/root/link.txt -> a/b/c.txt
 *   base/root/pipe                      fifo (F06: must not block)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fsafe.h"
#include "testutil.h"

typedef struct tree {
    char *base, *root;
    unsigned options; /* 0 or FSAFE_PORTABLE */
} tree;

static int setup_with(void **state, unsigned options)
{
    tree *t = xcalloc(1, sizeof *t);
    t->base = tu_tmpdir();
    t->options = options;
    tu_writes(t->base, "outside/gh.env", "GITHUB_TOKEN=ghp_not_a_real_token\n");
    tu_mkdirs(t->base, "root");
    t->root = tu_path(t->base, "root");
    tu_writes(t->root, "a/b/c.txt", "hello\n");
    tu_writes(t->root, "a/sub/x.txt", "x\n");
    char *out = tu_path(t->base, "outside");
    tu_symlink(t->root, "home", out);
    free(out);
    tu_symlink(t->root, "etc", "/etc");
    tu_symlink(t->root, "inner", "a");
    tu_symlink(t->root, "link.txt", "a/b/c.txt");
    char *fifo = tu_path(t->root, "pipe");
    if (mkfifo(fifo, 0644) != 0) abort();
    free(fifo);
    *state = t;
    return 0;
}

static int setup(void **state) { return setup_with(state, 0); }
static int setup_portable(void **state) { return setup_with(state, FSAFE_PORTABLE); }

static int teardown(void **state)
{
    tree *t = *state;
    tu_rmtree(t->base);
    free(t->base);
    free(t->root);
    free(t);
    return 0;
}

static fsafe_root *open_root(const tree *t)
{
    int sys = 0;
    fsafe_root *r = fsafe_root_open(t->root, t->options, &sys);
    if (!r) fail_msg("fsafe_root_open: %s", strerror(sys));
    return r;
}

/* Opens rel; returns its status (the descriptor is closed). */
static fsafe_status try_open(const fsafe_root *r, const char *rel, fsafe_want want, int *sys)
{
    fsafe_error e = {FSAFE_OK, 0};
    int fd = fsafe_open(r, rel, want, &e);
    if (fd >= 0) {
        assert_int_equal(e.status, FSAFE_OK);
        close(fd);
        return FSAFE_OK;
    }
    assert_int_not_equal(e.status, FSAFE_OK);
    if (sys) *sys = e.sys;
    return e.status;
}

static char *read_rel(const fsafe_root *r, const char *rel)
{
    fsafe_error e;
    int fd = fsafe_open(r, rel, FSAFE_FILE, &e);
    if (fd < 0) return NULL;
    size_t len;
    return fsafe_read_fd(fd, 1 << 20, &len, NULL);
}

static void test_opens_inside(void **state)
{
    fsafe_root *r = open_root(*state);
    char *text = read_rel(r, "a/b/c.txt");
    assert_non_null(text);
    assert_string_equal(text, "hello\n");
    free(text);
    /* '.', empty components and '..' that stays inside are resolved by name */
    const char *same[] = {"./a/b/c.txt", "a//b/./c.txt", "a/sub/../b/c.txt", "a/b/../../a/b/c.txt"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) assert_int_equal(try_open(r, same[i], FSAFE_FILE, NULL), FSAFE_OK);
    assert_int_equal(try_open(r, "a/b", FSAFE_DIR, NULL), FSAFE_OK);
    assert_int_equal(try_open(r, "a/b", FSAFE_ANY, NULL), FSAFE_OK);
    assert_int_equal(try_open(r, "a/b/c.txt", FSAFE_ANY, NULL), FSAFE_OK);
    assert_int_equal(try_open(r, "", FSAFE_DIR, NULL), FSAFE_OK);
    assert_int_equal(try_open(r, ".", FSAFE_DIR, NULL), FSAFE_OK);
    fsafe_root_close(r);
}

/* Absolute paths and '..' above the root are refused before any system call. */
static void test_escapes_refused(void **state)
{
    fsafe_root *r = open_root(*state);
    const char *bad[] = {"/etc/passwd", "..", "../outside/gh.env", "a/../../outside/gh.env", "a/b/../../../x", "/"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(try_open(r, bad[i], FSAFE_ANY, NULL), FSAFE_ESCAPE);
        assert_false(fsafe_path_inside(bad[i]));
    }
    assert_true(fsafe_path_inside("a/../b"));
    assert_true(fsafe_path_inside("a/b/c"));
    fsafe_root_close(r);
}

/* F14: a committed link to a folder outside (home -> ../outside) is never gone
 * through, nor one to /etc, nor one to a folder inside; a link as the last component
 * is refused too. */
static void test_symlinks_never_followed(void **state)
{
    fsafe_root *r = open_root(*state);
    const char *links[] = {"home/gh.env", "etc/passwd", "etc/shadow", "inner/b/c.txt", "link.txt", "home", "inner"};
    for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
        fsafe_status st = try_open(r, links[i], FSAFE_ANY, NULL);
        if (st != FSAFE_SYMLINK) fail_msg("%s: status %d, want FSAFE_SYMLINK", links[i], (int)st);
    }
    assert_null(read_rel(r, "home/gh.env"));
    fsafe_error e = {FSAFE_SYMLINK, 0};
    assert_non_null(strstr(fsafe_strerror(&e), "symlink"));
    fsafe_root_close(r);
}

/* F06: a fifo is looked at, never opened: no block. Types are checked. */
static void test_types(void **state)
{
    fsafe_root *r = open_root(*state);
    assert_int_equal(try_open(r, "pipe", FSAFE_FILE, NULL), FSAFE_NOT_REGULAR);
    assert_int_equal(try_open(r, "pipe", FSAFE_ANY, NULL), FSAFE_NOT_REGULAR);
    assert_int_equal(try_open(r, "a/b", FSAFE_FILE, NULL), FSAFE_NOT_REGULAR);
    assert_int_equal(try_open(r, "a/b/c.txt", FSAFE_DIR, NULL), FSAFE_NOT_DIR);
    assert_int_equal(try_open(r, "", FSAFE_FILE, NULL), FSAFE_NOT_REGULAR);
    int sys = 0;
    assert_int_equal(try_open(r, "a/missing.txt", FSAFE_FILE, &sys), FSAFE_SYSTEM);
    assert_int_equal(sys, ENOENT);
    assert_int_equal(try_open(r, "missing/x.txt", FSAFE_FILE, &sys), FSAFE_SYSTEM);
    assert_int_equal(sys, ENOENT);
    assert_int_equal(try_open(r, "a/b/c.txt/x", FSAFE_FILE, &sys), FSAFE_SYSTEM);
    assert_int_equal(sys, ENOTDIR);
    fsafe_root_close(r);
}

/* fsafe_openat takes one name of an open folder, nothing else. */
static void test_openat_names(void **state)
{
    tree *t = *state;
    int dfd = open(t->root, O_RDONLY | O_DIRECTORY);
    assert_true(dfd >= 0);
    fsafe_error e;
    const char *bad[] = {"..", ".", "", "a/b", "/etc"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(fsafe_openat(dfd, bad[i], FSAFE_ANY, &e), -1);
        assert_int_equal(e.status, FSAFE_ESCAPE);
    }
    assert_int_equal(fsafe_openat(dfd, "home", FSAFE_ANY, &e), -1);
    assert_int_equal(e.status, FSAFE_SYMLINK);
    assert_int_equal(fsafe_openat(dfd, "pipe", FSAFE_FILE, &e), -1);
    assert_int_equal(e.status, FSAFE_NOT_REGULAR);
    int fd = fsafe_openat(dfd, "a", FSAFE_DIR, &e);
    assert_true(fd >= 0);
    close(fd);
    close(dfd);
}

/* A path longer than PATH_MAX (openat2 refuses it: the walk takes over). */
static void test_path_longer_than_path_max(void **state)
{
    tree *t = *state;
    char name[201];
    memset(name, 'n', 200);
    name[200] = '\0';
    tu_deep_tree(t->root, name, 30, "deep.txt", "deep\n");
    buf rel = {0};
    for (int i = 0; i < 30; i++) buf_printf(&rel, "%s/", name);
    buf_puts(&rel, "deep.txt");
    assert_true(rel.len > PATH_MAX);
    fsafe_root *r = open_root(t);
    char *text = read_rel(r, rel.data);
    assert_non_null(text);
    assert_string_equal(text, "deep\n");
    free(text);
    buf_free(&rel);
    fsafe_root_close(r);
}

static void test_read_fd_cap(void **state)
{
    tree *t = *state;
    tu_writes(t->root, "ten.txt", "0123456789");
    fsafe_root *r = open_root(t);
    fsafe_error e;
    size_t len;
    bool more = true;
    char *text = fsafe_read_fd(fsafe_open(r, "ten.txt", FSAFE_FILE, &e), 10, &len, &more);
    assert_int_equal(len, 10);
    assert_false(more);
    free(text);
    text = fsafe_read_fd(fsafe_open(r, "ten.txt", FSAFE_FILE, &e), 4, &len, &more);
    assert_int_equal(len, 4);
    assert_string_equal(text, "0123");
    assert_true(more);
    free(text);
    fsafe_root_close(r);
}

#define BOTH(f) cmocka_unit_test_setup_teardown(f, setup, teardown), \
                cmocka_unit_test_setup_teardown(f, setup_portable, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(test_opens_inside),
        BOTH(test_escapes_refused),
        BOTH(test_symlinks_never_followed),
        BOTH(test_types),
        BOTH(test_openat_names),
        BOTH(test_path_longer_than_path_max),
        BOTH(test_read_fd_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
