/* walk.c on temporary trees built at run time: order, folders nobody wants scanned,
 * virtualenvs found by pyvenv.cfg, generated files, symlinks (never followed: inside,
 * outside, broken, loops), special files, unreadable folders, .gitignore and --exclude. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"
#include "walk.h"

typedef struct tree {
    char *base;  /* a temporary folder holding root/ (and, for some tests, siblings) */
    char *root;  /* base/root: what is walked */
} tree;

static int setup(void **state)
{
    tree *t = xcalloc(1, sizeof *t);
    t->base = tu_tmpdir();
    tu_mkdirs(t->base, "root");
    t->root = tu_path(t->base, "root");
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    tree *t = *state;
    tu_rmtree(t->base);
    free(t->base);
    free(t->root);
    free(t);
    return 0;
}

static void w(const tree *t, const char *rel, const char *text) { tu_writes(t->root, rel, text); }

static void walk_opts(const char *root, const walk_options *opt, walk_result *r)
{
    char *err = NULL;
    if (walk_tree(root, opt, r, &err) != 0) fail_msg("walk_tree: %s", err);
}

static void walk_plain(const char *root, walk_result *r)
{
    walk_options opt = {0};
    walk_opts(root, &opt, r);
}

static const walk_entry *find(const walk_list *l, const char *path)
{
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->items[i].path, path) == 0) return &l->items[i];
    return NULL;
}

/* Nothing at or below prefix/ appears in either list. */
static void assert_nothing_under(const walk_result *r, const char *prefix)
{
    size_t n = strlen(prefix);
    const walk_list *lists[] = {&r->files, &r->skipped};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < lists[k]->len; i++) {
            const char *p = lists[k]->items[i].path;
            if (strncmp(p, prefix, n) == 0 && p[n] == '/') fail_msg("%s was walked into (%s)", prefix, p);
        }
}

static void assert_file(const walk_result *r, const char *path)
{
    if (!find(&r->files, path)) fail_msg("%s should be a file to analyse", path);
    if (find(&r->skipped, path)) fail_msg("%s is also listed as skipped", path);
}

static void assert_skipped(const walk_result *r, const char *path, skip_reason why, const char *detail)
{
    const walk_entry *e = find(&r->skipped, path);
    if (!e) fail_msg("%s should be skipped (%s)", path, skip_reason_name(why));
    if (e->skip != why) fail_msg("%s: skipped as %s, want %s", path, skip_reason_name(e->skip), skip_reason_name(why));
    if (detail && (!e->why || strcmp(e->why, detail) != 0))
        fail_msg("%s: detail '%s', want '%s'", path, e->why ? e->why : "(null)", detail);
    if (find(&r->files, path)) fail_msg("%s is also listed as a file", path);
}

static void assert_sorted(const walk_list *l)
{
    for (size_t i = 1; i < l->len; i++)
        if (strcmp(l->items[i - 1].path, l->items[i].path) >= 0)
            fail_msg("not sorted: %s before %s", l->items[i - 1].path, l->items[i].path);
}

/* ---- order and kinds ------------------------------------------------------------ */

static void test_basic_sorted(void **state)
{
    tree *t = *state;
    w(t, "z.py", "x = 1\n");
    w(t, "a/b/c.ts", "let x = 1;\n");
    w(t, "a.py", "y = 2\n");
    w(t, "a/README.md", "# a\n");
    w(t, "B.js", "1;\n");
    w(t, "a b/ü.tsx", "<a/>;\n");
    tu_mkdirs(t->root, "empty/deeper");
    walk_result r;
    walk_plain(t->root, &r);
    assert_int_equal(r.files.len, 6);
    assert_int_equal(r.skipped.len, 0);
    assert_sorted(&r.files);
    /* byte order: "a b/..." < "a.py" < "a/..." */
    assert_string_equal(r.files.items[0].path, "B.js");
    assert_string_equal(r.files.items[1].path, "a b/\xc3\xbc.tsx");
    assert_string_equal(r.files.items[2].path, "a.py");
    assert_string_equal(r.files.items[3].path, "a/README.md");
    assert_string_equal(r.files.items[4].path, "a/b/c.ts");
    assert_string_equal(r.files.items[5].path, "z.py");
    assert_int_equal(find(&r.files, "a/b/c.ts")->kind.lang, LANG_TYPESCRIPT);
    assert_int_equal(find(&r.files, "a/README.md")->kind.cls, CLASS_DOC);
    assert_int_equal(find(&r.files, "z.py")->skip, SKIP_NONE);
    walk_result_free(&r);
}

static void test_empty_root(void **state)
{
    tree *t = *state;
    walk_result r;
    walk_plain(t->root, &r);
    assert_int_equal(r.files.len, 0);
    assert_int_equal(r.skipped.len, 0);
    walk_result_free(&r);
}

/* A trailing slash on the root changes nothing, links included. */
static void test_root_trailing_slash(void **state)
{
    tree *t = *state;
    w(t, "src/a.py", "x = 1\n");
    tu_symlink(t->root, "link.py", "src/a.py");
    char *slashed = tu_path(t->root, "");
    walk_result r;
    walk_plain(slashed, &r);
    assert_int_equal(r.files.len, 1);
    assert_file(&r, "src/a.py");
    assert_skipped(&r, "link.py", SKIP_SYMLINK, NULL);
    walk_result_free(&r);
    free(slashed);
}

static void test_root_errors(void **state)
{
    tree *t = *state;
    walk_options opt = {0};
    walk_result r;
    char *err = NULL;
    char *missing = tu_path(t->root, "missing");
    assert_int_equal(walk_tree(missing, &opt, &r, &err), -1);
    assert_non_null(strstr(err, missing));
    assert_non_null(strstr(err, strerror(ENOENT)));
    free(err);
    free(missing);
    w(t, "file.py", "x\n");
    char *file = tu_path(t->root, "file.py");
    err = NULL;
    assert_int_equal(walk_tree(file, &opt, &r, &err), -1);
    assert_non_null(strstr(err, "not a directory"));
    free(err);
    free(file);
}

/* ---- folders nobody wants scanned ----------------------------------------------- */

static void test_excluded_dirs(void **state)
{
    tree *t = *state;
    static const char *const dirs[] = {
        ".git", "node_modules", ".venv", "venv", "__pycache__", "dist", "build", "vendor",
        "third_party", ".mypy_cache", ".pytest_cache", ".tox", ".next", "coverage",
        "mypkg.egg-info", "site-packages", ".ipynb_checkpoints", "web/node_modules",
        "pkg/sub/__pycache__",
    };
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        buf b = {0};
        buf_printf(&b, "%s/inner/code.py", dirs[i]);
        w(t, b.data, "x = 1\n");
        buf_free(&b);
    }
    w(t, "app.py", "x = 1\n");
    w(t, "web/index.js", "1;\n");
    w(t, "pkg/sub/mod.py", "x = 1\n");
    w(t, "distribution/keep.py", "x = 1\n");   /* only exact names are excluded */
    w(t, "egg-info/keep.py", "x = 1\n");
    w(t, "node_modules.py", "x = 1\n");
    walk_result r;
    walk_plain(t->root, &r);
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        assert_skipped(&r, dirs[i], SKIP_EXCLUDED_DIR, "folder");
        assert_nothing_under(&r, dirs[i]);
    }
    assert_int_equal(r.skipped.len, sizeof dirs / sizeof *dirs);
    assert_file(&r, "app.py");
    assert_file(&r, "web/index.js");
    assert_file(&r, "pkg/sub/mod.py");
    assert_file(&r, "distribution/keep.py");
    assert_file(&r, "egg-info/keep.py");
    assert_file(&r, "node_modules.py");
    assert_int_equal(r.files.len, 6);
    walk_result_free(&r);
}

/* A file that merely has an excluded folder's name is an ordinary file. */
static void test_excluded_name_as_file(void **state)
{
    tree *t = *state;
    w(t, "build", "not a folder\n");
    walk_result r;
    walk_plain(t->root, &r);
    assert_file(&r, "build");
    walk_result_free(&r);
}

static void test_pyvenv_cfg(void **state)
{
    tree *t = *state;
    w(t, "env-3.11/pyvenv.cfg", "home = /usr/bin\n");
    w(t, "env-3.11/lib/python3.11/site.py", "x = 1\n");
    w(t, "tools/py/pyvenv.cfg", "home = /usr/bin\n");
    w(t, "tools/py/bin/activate", "echo\n");
    w(t, "tools/run.py", "x = 1\n");
    w(t, "notenv/pyvenv.cfg.bak", "x\n");     /* a different name: not a virtualenv */
    walk_result r;
    walk_plain(t->root, &r);
    assert_skipped(&r, "env-3.11", SKIP_EXCLUDED_DIR, "virtualenv (pyvenv.cfg)");
    assert_skipped(&r, "tools/py", SKIP_EXCLUDED_DIR, "virtualenv (pyvenv.cfg)");
    assert_nothing_under(&r, "env-3.11");
    assert_nothing_under(&r, "tools/py");
    assert_file(&r, "tools/run.py");
    assert_file(&r, "notenv/pyvenv.cfg.bak");
    assert_int_equal(r.files.len, 2);
    walk_result_free(&r);
}

/* Pointed at a virtualenv itself, the user asked for it: the root is walked. */
static void test_pyvenv_cfg_at_root(void **state)
{
    tree *t = *state;
    w(t, "pyvenv.cfg", "home = /usr/bin\n");
    w(t, "app.py", "x = 1\n");
    walk_result r;
    walk_plain(t->root, &r);
    assert_file(&r, "app.py");
    assert_file(&r, "pyvenv.cfg");
    walk_result_free(&r);
}

static void test_generated(void **state)
{
    tree *t = *state;
    w(t, "static/app.min.js", "x;\n");
    w(t, "proto/user_pb2.py", "x = 1\n");
    w(t, "static/app.js", "x;\n");
    walk_result r;
    walk_plain(t->root, &r);
    assert_skipped(&r, "static/app.min.js", SKIP_GENERATED, NULL);
    assert_skipped(&r, "proto/user_pb2.py", SKIP_GENERATED, NULL);
    assert_int_equal(find(&r.skipped, "static/app.min.js")->kind.lang, LANG_JAVASCRIPT);
    assert_file(&r, "static/app.js");
    walk_result_free(&r);
}

/* ---- symlinks ----------------------------------------------------------------------- */

static void test_symlinks_inside(void **state)
{
    tree *t = *state;
    w(t, "src/a.py", "x = 1\n");
    tu_symlink(t->root, "link.py", "src/a.py");
    tu_symlink(t->root, "srclink", "src");             /* a folder: not walked again */
    tu_symlink(t->root, "src/up", "..");               /* a cycle through the root */
    tu_symlink(t->root, "src/abs-root", t->root);      /* absolute, to the root itself */
    walk_result r;
    walk_plain(t->root, &r);
    assert_int_equal(r.files.len, 1);
    assert_file(&r, "src/a.py");
    assert_skipped(&r, "link.py", SKIP_SYMLINK, "scanned at its target's path");
    assert_skipped(&r, "srclink", SKIP_SYMLINK, NULL);
    assert_skipped(&r, "src/up", SKIP_SYMLINK, NULL);
    assert_skipped(&r, "src/abs-root", SKIP_SYMLINK, NULL);
    assert_nothing_under(&r, "srclink");
    assert_nothing_under(&r, "src/up");
    assert_int_equal(find(&r.skipped, "link.py")->kind.lang, LANG_PYTHON);
    assert_int_equal(r.skipped.len, 4);
    walk_result_free(&r);
}

static void test_symlinks_outside(void **state)
{
    tree *t = *state;
    /* Siblings of the root, one sharing its name as a prefix ("root" / "root-other"). */
    tu_writes(t->base, "outside/secret.py", "KEY = 'x'\n");
    tu_writes(t->base, "root-other/f.py", "x = 1\n");
    char *abs_outside = tu_path(t->base, "outside/secret.py");
    tu_symlink(t->root, "rel-out.py", "../outside/secret.py");
    tu_symlink(t->root, "abs-out.py", abs_outside);
    tu_symlink(t->root, "prefix-trap.py", "../root-other/f.py");
    tu_symlink(t->root, "outdir", "../outside");
    tu_symlink(t->root, "parent", "..");
    tu_symlink(t->root, "slash", "/");
    walk_result r;
    walk_plain(t->root, &r);
    assert_int_equal(r.files.len, 0);
    const char *const out[] = {"rel-out.py", "abs-out.py", "prefix-trap.py", "outdir", "parent", "slash"};
    for (size_t i = 0; i < sizeof out / sizeof *out; i++)
        assert_skipped(&r, out[i], SKIP_SYMLINK_OUTSIDE, "target is outside the scanned root");
    assert_nothing_under(&r, "outdir");
    assert_nothing_under(&r, "parent");
    walk_result_free(&r);
    free(abs_outside);
}

static void test_symlinks_broken_and_loops(void **state)
{
    tree *t = *state;
    tu_symlink(t->root, "dangling.py", "does-not-exist.py");
    tu_symlink(t->root, "loop-a", "loop-b");
    tu_symlink(t->root, "loop-b", "loop-a");
    tu_symlink(t->root, "self", "self");
    tu_mkdirs(t->root, "via");
    tu_symlink(t->root, "via/x", "../via/x");
    w(t, "ok.py", "x = 1\n");
    walk_result r;
    walk_plain(t->root, &r);
    assert_int_equal(r.files.len, 1);
    assert_skipped(&r, "dangling.py", SKIP_SYMLINK_BROKEN, "target does not exist");
    assert_skipped(&r, "loop-a", SKIP_SYMLINK_BROKEN, "symlink loop");
    assert_skipped(&r, "loop-b", SKIP_SYMLINK_BROKEN, "symlink loop");
    assert_skipped(&r, "self", SKIP_SYMLINK_BROKEN, "symlink loop");
    assert_skipped(&r, "via/x", SKIP_SYMLINK_BROKEN, "symlink loop");
    walk_result_free(&r);
}

/* ---- special and unreadable ------------------------------------------------------- */

static void test_special_file(void **state)
{
    tree *t = *state;
    char *fifo = tu_path(t->root, "queue.py");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    free(fifo);
    walk_result r;
    walk_plain(t->root, &r);
    assert_int_equal(r.files.len, 0);
    assert_skipped(&r, "queue.py", SKIP_SPECIAL, NULL);
    walk_result_free(&r);
}

static int walk_locked_as_nobody(void *arg)
{
    const tree *t = arg;
    walk_result r;
    walk_options opt = {0};
    char *err = NULL;
    if (walk_tree(t->root, &opt, &r, &err) != 0) return 1;
    const walk_entry *e = find(&r.skipped, "locked");
    int bad = !e || e->skip != SKIP_UNREADABLE || !e->why || strcmp(e->why, strerror(EACCES)) != 0
              || !e->is_dir || !find(&r.files, "open/ok.py") || r.files.len != 1;
    walk_result_free(&r);
    return bad;
}

/* chmod 000 does not stop root, so the walk runs in a child that dropped to nobody. */
static void test_unreadable_folder(void **state)
{
    tree *t = *state;
    w(t, "locked/hidden.py", "x = 1\n");
    w(t, "open/ok.py", "x = 1\n");
    chmod(t->base, 0755);
    char *locked = tu_path(t->root, "locked");
    chmod(locked, 0);
    int rc = tu_run_as_nobody(walk_locked_as_nobody, t);
    chmod(locked, 0755);
    free(locked);
    if (rc < 0) skip();
    assert_int_equal(rc, 0);
}

static int walk_locked_root_as_nobody(void *arg)
{
    const char *root = arg;
    walk_result r;
    walk_options opt = {0};
    char *err = NULL;
    int rc = walk_tree(root, &opt, &r, &err);
    int bad = rc != -1 || !err || !strstr(err, strerror(EACCES));
    free(err);
    return bad;
}

/* A root that cannot be listed is an error (exit 2), not an empty, passing scan. */
static void test_unreadable_root(void **state)
{
    tree *t = *state;
    w(t, "a.py", "x = 1\n");
    chmod(t->base, 0755);
    chmod(t->root, 0311);   /* traversable, not listable */
    int rc = tu_run_as_nobody(walk_locked_root_as_nobody, t->root);
    chmod(t->root, 0755);
    if (rc < 0) skip();
    assert_int_equal(rc, 0);
}

/* ---- .gitignore and --exclude ------------------------------------------------------ */

static void test_gitignore_root(void **state)
{
    tree *t = *state;
    w(t, ".gitignore", "# comment\n*.log\n!keep.log\n/top.py\nlogs/\ndocs/gen\n**/cache\nout/**\n");
    w(t, "a.log", "x\n");
    w(t, "deep/er/b.log", "x\n");             /* a basename pattern matches at any depth */
    w(t, "keep.log", "x\n");                  /* re-included by the negation */
    w(t, "deep/keep.log", "x\n");
    w(t, "top.py", "x = 1\n");                /* anchored: only at the root */
    w(t, "sub/top.py", "x = 1\n");
    w(t, "logs/today.txt", "x\n");            /* folder-only pattern: the folder */
    w(t, "other/logs", "a file named logs\n");/* ... but not a file of that name */
    w(t, "docs/gen/api.md", "x\n");           /* a middle slash: relative to the root */
    w(t, "docs/guide.md", "x\n");
    w(t, "sub/docs/gen/api.md", "x\n");
    w(t, "a/b/cache/x.py", "x = 1\n");        /* any depth */
    w(t, "out/x/y.js", "1;\n");               /* everything inside out/ */
    walk_result r;
    walk_plain(t->root, &r);
    assert_skipped(&r, "a.log", SKIP_GITIGNORED, NULL);
    assert_skipped(&r, "deep/er/b.log", SKIP_GITIGNORED, NULL);
    assert_file(&r, "keep.log");
    assert_file(&r, "deep/keep.log");
    assert_skipped(&r, "top.py", SKIP_GITIGNORED, NULL);
    assert_file(&r, "sub/top.py");
    assert_skipped(&r, "logs", SKIP_GITIGNORED, "folder");
    assert_nothing_under(&r, "logs");
    assert_file(&r, "other/logs");
    assert_skipped(&r, "docs/gen", SKIP_GITIGNORED, "folder");
    assert_file(&r, "docs/guide.md");
    assert_file(&r, "sub/docs/gen/api.md");
    assert_skipped(&r, "a/b/cache", SKIP_GITIGNORED, "folder");
    assert_skipped(&r, "out/x", SKIP_GITIGNORED, "folder");
    assert_file(&r, ".gitignore");            /* the file itself is scanned (config) */
    assert_int_equal(find(&r.files, ".gitignore")->kind.cls, CLASS_CONFIG);
    walk_result_free(&r);
}

static void test_gitignore_nested(void **state)
{
    tree *t = *state;
    w(t, ".gitignore", "*.tmp\nsecret.py\n");
    w(t, "sub/.gitignore", "!important.tmp\nlocal.py\n/anchored.py\n");
    w(t, "a.tmp", "x\n");
    w(t, "important.tmp", "x\n");             /* the nested negation does not reach up */
    w(t, "sub/a.tmp", "x\n");
    w(t, "sub/important.tmp", "x\n");         /* re-included below sub/ */
    w(t, "sub/deeper/important.tmp", "x\n");
    w(t, "sub/local.py", "x = 1\n");
    w(t, "sub/deeper/local.py", "x = 1\n");
    w(t, "local.py", "x = 1\n");              /* the nested rule does not apply above */
    w(t, "sibling/local.py", "x = 1\n");      /* ... nor beside: popped on leaving sub/ */
    w(t, "sub/anchored.py", "x = 1\n");       /* anchored to sub/ */
    w(t, "sub/deeper/anchored.py", "x = 1\n");
    w(t, "sub/secret.py", "x = 1\n");         /* the root rule still applies below */
    walk_result r;
    walk_plain(t->root, &r);
    assert_skipped(&r, "a.tmp", SKIP_GITIGNORED, NULL);
    assert_skipped(&r, "important.tmp", SKIP_GITIGNORED, NULL);
    assert_skipped(&r, "sub/a.tmp", SKIP_GITIGNORED, NULL);
    assert_file(&r, "sub/important.tmp");
    assert_file(&r, "sub/deeper/important.tmp");
    assert_skipped(&r, "sub/local.py", SKIP_GITIGNORED, NULL);
    assert_skipped(&r, "sub/deeper/local.py", SKIP_GITIGNORED, NULL);
    assert_file(&r, "local.py");
    assert_file(&r, "sibling/local.py");
    assert_skipped(&r, "sub/anchored.py", SKIP_GITIGNORED, NULL);
    assert_file(&r, "sub/deeper/anchored.py");
    assert_skipped(&r, "sub/secret.py", SKIP_GITIGNORED, NULL);
    walk_result_free(&r);
}

/* Later lines win; a deeper file overrides a shallower one, both ways. */
static void test_gitignore_order(void **state)
{
    tree *t = *state;
    w(t, ".gitignore", "!a.py\na.py\nb.py\n!b.py\n");
    w(t, "sub/.gitignore", "b.py\n");
    w(t, "a.py", "x = 1\n");
    w(t, "b.py", "x = 1\n");
    w(t, "sub/b.py", "x = 1\n");
    walk_result r;
    walk_plain(t->root, &r);
    assert_skipped(&r, "a.py", SKIP_GITIGNORED, NULL);
    assert_file(&r, "b.py");
    assert_skipped(&r, "sub/b.py", SKIP_GITIGNORED, NULL);
    walk_result_free(&r);
}

/* "It is not possible to re-include a file if a parent directory of that file is
 * excluded": the walk never enters an ignored folder, nor reads its .gitignore. */
static void test_gitignore_no_reinclude_below_ignored_folder(void **state)
{
    tree *t = *state;
    w(t, ".gitignore", "private/\n!private/keep.py\n");
    w(t, "private/keep.py", "x = 1\n");
    w(t, "private/.gitignore", "!*\n");
    walk_result r;
    walk_plain(t->root, &r);
    assert_skipped(&r, "private", SKIP_GITIGNORED, "folder");
    assert_nothing_under(&r, "private");
    walk_result_free(&r);
}

/* CRLF line ends and a byte order mark, as Windows editors write them. */
static void test_gitignore_crlf_bom(void **state)
{
    tree *t = *state;
    w(t, ".gitignore", "\xef\xbb\xbf*.log\r\n!keep.log\r\n");
    w(t, "a.log", "x\n");
    w(t, "keep.log", "x\n");
    walk_result r;
    walk_plain(t->root, &r);
    assert_skipped(&r, "a.log", SKIP_GITIGNORED, NULL);
    assert_file(&r, "keep.log");
    walk_result_free(&r);
}

/* A .gitignore that is a symlink is not read (as git, since 2.32), and is reported. */
static void test_gitignore_symlink_not_read(void **state)
{
    tree *t = *state;
    w(t, "rules.txt", "*.py\n");
    tu_symlink(t->root, ".gitignore", "rules.txt");
    w(t, "a.py", "x = 1\n");
    walk_result r;
    walk_plain(t->root, &r);
    assert_file(&r, "a.py");
    assert_skipped(&r, ".gitignore", SKIP_SYMLINK, NULL);
    walk_result_free(&r);
}

static void test_no_ignore(void **state)
{
    tree *t = *state;
    w(t, ".gitignore", "*.log\nsecret/\n");
    w(t, "a.log", "x\n");
    w(t, "secret/s.py", "x = 1\n");
    w(t, "node_modules/x.js", "1;\n");
    walk_options opt = {NULL, 0, true};
    walk_result r;
    walk_opts(t->root, &opt, &r);
    assert_file(&r, "a.log");
    assert_file(&r, "secret/s.py");
    assert_skipped(&r, "node_modules", SKIP_EXCLUDED_DIR, NULL);  /* still skipped */
    walk_result_free(&r);
}

static void test_exclude(void **state)
{
    tree *t = *state;
    w(t, ".gitignore", "*.log\n!keep.log\n");
    w(t, "README.md", "x\n");
    w(t, "docs/a.md", "x\n");
    w(t, "docs/b.py", "x = 1\n");
    w(t, "keep.log", "x\n");
    w(t, "src/app.py", "x = 1\n");
    w(t, "src/app_test.py", "x = 1\n");
    w(t, "x.py", "x = 1\n");
    w(t, "src/x.py", "x = 1\n");
    w(t, "#hash.py", "x = 1\n");
    const char *const ex[] = {"*.md", "docs/", "keep.log", "*_test.py", "/x.py", "#hash.py"};
    walk_options opt = {ex, sizeof ex / sizeof *ex, false};
    walk_result r;
    walk_opts(t->root, &opt, &r);
    assert_skipped(&r, "README.md", SKIP_EXCLUDED, NULL);
    assert_skipped(&r, "docs", SKIP_EXCLUDED, "folder");
    assert_nothing_under(&r, "docs");
    assert_skipped(&r, "keep.log", SKIP_EXCLUDED, NULL);   /* beats the .gitignore negation */
    assert_skipped(&r, "src/app_test.py", SKIP_EXCLUDED, NULL);
    assert_file(&r, "src/app.py");
    assert_skipped(&r, "x.py", SKIP_EXCLUDED, NULL);        /* anchored to the root */
    assert_file(&r, "src/x.py");
    assert_skipped(&r, "#hash.py", SKIP_EXCLUDED, NULL);    /* not a comment on the command line */
    walk_result_free(&r);
    /* --exclude still applies with --no-ignore. */
    opt.no_ignore = true;
    walk_opts(t->root, &opt, &r);
    assert_skipped(&r, "README.md", SKIP_EXCLUDED, NULL);
    walk_result_free(&r);
}

/* F06: a fifo named .gitignore is never opened (it would block the walk); it is
 * listed as a special file and the walk goes on. */
static void test_gitignore_fifo(void **state)
{
    tree *t = *state;
    w(t, "a.py", "x = 1\n");
    w(t, "sub/b.py", "x = 1\n");
    char *top = tu_path(t->root, ".gitignore"), *sub = tu_path(t->root, "sub/.gitignore");
    assert_int_equal(mkfifo(top, 0644), 0);
    assert_int_equal(mkfifo(sub, 0644), 0);
    free(top);
    free(sub);
    alarm(20); /* SIGALRM ends a blocked test instead of hanging the suite */
    walk_result r;
    walk_plain(t->root, &r);
    alarm(0);
    assert_file(&r, "a.py");
    assert_file(&r, "sub/b.py");
    assert_skipped(&r, ".gitignore", SKIP_SPECIAL, NULL);
    assert_skipped(&r, "sub/.gitignore", SKIP_SPECIAL, NULL);
    walk_result_free(&r);
}

/* F24: the walk goes by descriptors, so a path longer than PATH_MAX is walked; a
 * folder deeper than WALK_MAX_DEPTH is not entered and says so (is_dir, unreadable). */
static void test_deep_paths(void **state)
{
    tree *t = *state;
    char name[201];
    memset(name, 'n', 200);
    name[200] = '\0';
    tu_deep_tree(t->root, name, 30, "k.py", "x = 1\n");
    tu_mkdirs(t->root, "d");
    char *d = tu_path(t->root, "d");
    tu_deep_tree(d, "d", WALK_MAX_DEPTH, "k.py", "x = 1\n"); /* root/d + 256 more */
    free(d);
    walk_result r;
    walk_plain(t->root, &r);
    assert_int_equal(r.files.len, 1);
    assert_true(strlen(r.files.items[0].path) > PATH_MAX);
    assert_int_equal(r.skipped.len, 1);
    const walk_entry *e = &r.skipped.items[0];
    assert_int_equal(e->skip, SKIP_UNREADABLE);
    assert_true(e->is_dir);
    assert_string_equal(e->why, "nested deeper than 256 folders");
    assert_int_equal(strlen(e->path), 2 * (WALK_MAX_DEPTH + 1) - 1); /* d/d/.../d: 257 of them */
    walk_result_free(&r);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_basic_sorted),
        T(test_empty_root),
        T(test_root_trailing_slash),
        T(test_root_errors),
        T(test_excluded_dirs),
        T(test_excluded_name_as_file),
        T(test_pyvenv_cfg),
        T(test_pyvenv_cfg_at_root),
        T(test_generated),
        T(test_symlinks_inside),
        T(test_symlinks_outside),
        T(test_symlinks_broken_and_loops),
        T(test_special_file),
        T(test_unreadable_folder),
        T(test_unreadable_root),
        T(test_gitignore_root),
        T(test_gitignore_nested),
        T(test_gitignore_order),
        T(test_gitignore_no_reinclude_below_ignored_folder),
        T(test_gitignore_crlf_bom),
        T(test_gitignore_symlink_not_read),
        T(test_gitignore_fifo),
        T(test_deep_paths),
        T(test_no_ignore),
        T(test_exclude),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
