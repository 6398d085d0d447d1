/* scan.c end to end through the C API: counts by language, class and skip reason;
 * syntax errors and invalid UTF-8 are counted, not fatal; unreadable files are listed;
 * the JSON report is byte-identical for any --jobs (timings aside). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "analyze.h"
#include "report.h"
#include "scan.h"
#include "testutil.h"

typedef struct tree {
    char *root;
} tree;

static int setup(void **state)
{
    tree *t = xcalloc(1, sizeof *t);
    t->root = tu_tmpdir();
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    tree *t = *state;
    tu_rmtree(t->root);
    free(t->root);
    free(t);
    return 0;
}

static scan_options options(const char *path, int jobs)
{
    scan_options o = {.path = path, .jobs = jobs, .max_file_size = 2u * 1024 * 1024};
    return o;
}

static void run(const scan_options *o, scan_result *r)
{
    char *err = NULL;
    if (scan_run(o, r, &err) != 0) fail_msg("scan_run: %s", err);
}

/* The JSON report without its timing line. */
static char *report(const scan_result *r)
{
    report_options ro = {.tool_version = "test"};
    buf b = {0};
    report_json(r, &ro, &b);
    if (!tu_json_valid(b.data, b.len)) fail_msg("report is not valid JSON:\n%s", b.data);
    buf out = {0};
    for (char *line = b.data; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line + 1) : strlen(line);
        if (nl) *nl = '\0';
        bool timing = strstr(line, "\"duration_ms\":") != NULL;
        if (nl) *nl = '\n';
        if (!timing) buf_append(&out, line, n);
        line += n;
    }
    buf_free(&b);
    return buf_take(&out);
}

static const skipped_file *find_skipped(const scan_result *r, const char *path)
{
    for (size_t i = 0; i < r->skipped.len; i++)
        if (strcmp(r->skipped.items[i].path, path) == 0) return &r->skipped.items[i];
    return NULL;
}

static const scan_error *find_error(const scan_result *r, const char *path)
{
    for (size_t i = 0; i < r->errors.len; i++)
        if (strcmp(r->errors.items[i].file, path) == 0) return &r->errors.items[i];
    return NULL;
}

static void assert_skipped(const scan_result *r, const char *path, skip_reason why)
{
    const skipped_file *s = find_skipped(r, path);
    if (!s) fail_msg("%s is not listed as skipped", path);
    if (s->reason != why) fail_msg("%s: %s, want %s", path, skip_reason_name(s->reason), skip_reason_name(why));
}

/* n bytes of one long line. */
static char *long_line(size_t n)
{
    char *s = xmalloc(n + 2);
    memset(s, 'a', n);
    s[n] = '\n';
    s[n + 1] = '\0';
    return s;
}

/* ---- counts ------------------------------------------------------------------------- */

static void build_mixed_tree(const char *root)
{
    tu_writes(root, "app/main.py", "import os\n\ndef main():\n    return os.name\n");
    tu_writes(root, "app/util.py", "x = 1\n");
    tu_writes(root, "app/types.pyi", "def f() -> int: ...\n");
    tu_writes(root, "web/index.js", "export const a = 1;\n");
    tu_writes(root, "web/esm.mjs", "export default 2;\n");
    tu_writes(root, "web/server.ts", "const x: number = 1;\n");
    tu_writes(root, "web/page.tsx", "export default function P() { return <div/>; }\n");
    tu_writes(root, "nb/explore.ipynb", "{\"cells\": []}\n");
    tu_writes(root, "README.md", "# demo\n");
    tu_writes(root, "package.json", "{\"name\": \"demo\"}\n");
    tu_writes(root, "config.yml", "a: 1\n");
    tu_writes(root, "bin/tool", "#!/usr/bin/env python3\nprint('hi')\n");
    tu_writes(root, "run.sh", "#!/bin/sh\necho hi\n");
    /* problems that are counted, not fatal */
    tu_writes(root, "app/broken.py", "x = 1\ny = 2\ndef f(:\n    pass\n");
    tu_writes(root, "app/latin1.py", "name = 'caf\xe9'\n");
    /* skipped */
    tu_write(root, "app/blob.py", "\x7f" "ELF\0\0\0", 7);
    char *big = long_line(70000);
    tu_writes(root, "data/huge.txt", big);                 /* > the 64k limit below */
    free(big);
    char *mini = long_line(20000);
    tu_writes(root, "web/bundle.js", mini);
    free(mini);
    tu_writes(root, "web/app.min.js", "x;\n");
    tu_writes(root, "node_modules/lib/index.js", "x;\n");
    tu_writes(root, ".venv/lib/site.py", "x = 1\n");
    tu_symlink(root, "link.py", "app/util.py");
    tu_symlink(root, "dangling.py", "nope.py");
}

static void test_counts(void **state)
{
    tree *t = *state;
    build_mixed_tree(t->root);
    scan_options o = options(t->root, 2);
    o.max_file_size = 64 * 1024;
    scan_result r;
    run(&o, &r);

    assert_string_equal(r.target, t->root);
    assert_string_equal(r.root, t->root);
    assert_int_equal(r.files_scanned, 15);
    assert_int_equal(r.by_lang[LANG_PYTHON], 6);     /* main, util, types, broken, latin1, bin/tool */
    assert_int_equal(r.by_lang[LANG_JAVASCRIPT], 2);
    assert_int_equal(r.by_lang[LANG_TYPESCRIPT], 1);
    assert_int_equal(r.by_lang[LANG_TSX], 1);
    assert_int_equal(r.notebooks, 1);
    assert_int_equal(r.by_class[CLASS_CODE], 10);
    assert_int_equal(r.by_class[CLASS_NOTEBOOK], 1);
    assert_int_equal(r.by_class[CLASS_MANIFEST], 1);
    assert_int_equal(r.by_class[CLASS_CONFIG], 1);
    assert_int_equal(r.by_class[CLASS_DOC], 1);
    assert_int_equal(r.by_class[CLASS_OTHER], 1);    /* run.sh */
    assert_int_equal(r.syntax_errors, 1);
    assert_int_equal(r.invalid_utf8, 1);

    assert_int_equal(r.skipped_by_reason[SKIP_BINARY], 1);
    assert_int_equal(r.skipped_by_reason[SKIP_TOO_LARGE], 1);
    assert_int_equal(r.skipped_by_reason[SKIP_MINIFIED], 1);
    assert_int_equal(r.skipped_by_reason[SKIP_GENERATED], 1);
    assert_int_equal(r.skipped_by_reason[SKIP_EXCLUDED_DIR], 2);
    assert_int_equal(r.skipped_by_reason[SKIP_SYMLINK], 1);
    assert_int_equal(r.skipped_by_reason[SKIP_SYMLINK_BROKEN], 1);
    assert_int_equal(r.skipped.len, 8);
    assert_skipped(&r, "app/blob.py", SKIP_BINARY);
    assert_skipped(&r, "data/huge.txt", SKIP_TOO_LARGE);
    assert_skipped(&r, "web/bundle.js", SKIP_MINIFIED);
    assert_skipped(&r, "web/app.min.js", SKIP_GENERATED);
    assert_skipped(&r, "node_modules", SKIP_EXCLUDED_DIR);
    assert_skipped(&r, ".venv", SKIP_EXCLUDED_DIR);
    assert_skipped(&r, "link.py", SKIP_SYMLINK);
    assert_skipped(&r, "dangling.py", SKIP_SYMLINK_BROKEN);
    for (size_t i = 1; i < r.skipped.len; i++)
        assert_true(strcmp(r.skipped.items[i - 1].path, r.skipped.items[i].path) < 0);

    /* The syntax error is reported with its line and the file still counts as scanned. */
    const scan_error *e = find_error(&r, "app/broken.py");
    assert_non_null(e);
    assert_non_null(strstr(e->message, "syntax error near line 3"));
    assert_int_equal(r.errors.len, 1);

    /* bytes: everything read, nothing skipped */
    assert_true(r.bytes > 0 && r.bytes < 2000);
    char *json = report(&r);
    assert_non_null(strstr(json, "\"too_large\": 1"));
    assert_non_null(strstr(json, "\"file\": \"web/bundle.js\",\n      \"reason\": \"minified\""));
    free(json);
    scan_result_free(&r);
}

/* Text report: one summary line per topic, counts consistent with the JSON. */
static void test_text_report(void **state)
{
    tree *t = *state;
    build_mixed_tree(t->root);
    scan_options o = options(t->root, 1);
    o.max_file_size = 64 * 1024;
    scan_result r;
    run(&o, &r);
    report_options ro = {.tool_version = "test"};
    buf b = {0};
    report_text(&r, &ro, &b);
    assert_non_null(strstr(b.data, "files scanned: 15 (python 6, javascript 2, typescript 1, tsx 1, notebook 1, 4 other)"));
    assert_non_null(strstr(b.data, "skipped: 8 (binary 1, too_large 1, minified 1, symlink 1, symlink_broken 1, excluded_dir 2, generated 1)"));
    assert_non_null(strstr(b.data, "1 syntax errors, 1 files not valid UTF-8"));
    assert_null(strchr(b.data, '\033'));   /* no colour when not asked */
    buf_free(&b);
    scan_result_free(&r);
}

/* ---- determinism across --jobs ------------------------------------------------------ */

/* A few hundred files of every kind, some broken, some skipped. */
static void build_generated_tree(const char *root, int n)
{
    static const char *const exts[] = {"py", "js", "ts", "tsx", "md", "json", "mjs", "pyi"};
    for (int i = 0; i < n; i++) {
        const char *ext = exts[i % 8];
        buf path = {0}, body = {0};
        buf_printf(&path, "pkg%02d/sub%d/file_%03d.%s", i % 13, i % 3, i, ext);
        if (!strcmp(ext, "py") || !strcmp(ext, "pyi")) {
            for (int k = 0; k <= i % 20; k++) buf_printf(&body, "def f%d(x):\n    return x + %d\n\n", k, k);
            if (i % 17 == 0) buf_puts(&body, "def broken(:\n");
        } else if (!strcmp(ext, "js") || !strcmp(ext, "mjs") || !strcmp(ext, "ts") || !strcmp(ext, "tsx")) {
            for (int k = 0; k <= i % 20; k++) buf_printf(&body, "export function f%d(x) { return x + %d; }\n", k, k);
            if (i % 19 == 0) buf_puts(&body, "function (\n");
            if (!strcmp(ext, "tsx")) buf_puts(&body, "export const C = () => <div className=\"x\">hi</div>;\n");
        } else {
            buf_printf(&body, "{\"i\": %d}\n", i);
        }
        if (i % 11 == 0) buf_puts(&body, ext[0] == 'p' ? "# caf\xe9\n" : "// caf\xe9\n");
        if (i % 29 == 0) buf_append(&body, "\0", 1);
        tu_write(root, path.data, body.data, body.len);
        buf_free(&path);
        buf_free(&body);
    }
    char *mini = long_line(30000);
    tu_writes(root, "pkg01/vendor.js", mini);
    free(mini);
    tu_writes(root, "node_modules/x/index.js", "x;\n");
    tu_symlink(root, "pkg00/link.py", "../pkg01/sub1/file_001.js");
}

static void test_jobs_identical(void **state)
{
    tree *t = *state;
    build_generated_tree(t->root, 300);
    scan_result r1, r3, r8;
    scan_options o1 = options(t->root, 1), o3 = options(t->root, 3), o8 = options(t->root, 8);
    run(&o1, &r1);
    run(&o3, &r3);
    run(&o8, &r8);
    assert_true(r1.files_scanned > 250);
    assert_true(r1.syntax_errors > 10);
    assert_true(r1.invalid_utf8 > 5);
    assert_true(r1.skipped_by_reason[SKIP_BINARY] > 5);
    char *j1 = report(&r1), *j3 = report(&r3), *j8 = report(&r8);
    assert_string_equal(j1, j3);
    assert_string_equal(j1, j8);
    free(j1);
    free(j3);
    free(j8);
    scan_result_free(&r1);
    scan_result_free(&r3);
    scan_result_free(&r8);
}

/* More workers than files, and an empty tree. */
static void test_jobs_edge_counts(void **state)
{
    tree *t = *state;
    scan_result r;
    scan_options o = options(t->root, 16);
    run(&o, &r);
    assert_int_equal(r.files_scanned, 0);
    char *json = report(&r);
    free(json);
    scan_result_free(&r);
    tu_writes(t->root, "one.py", "x = 1\n");
    run(&o, &r);
    assert_int_equal(r.files_scanned, 1);
    scan_result_free(&r);
    o.jobs = 0;   /* one per core */
    run(&o, &r);
    assert_int_equal(r.files_scanned, 1);
    scan_result_free(&r);
}

/* ---- problems that must not stop a scan ------------------------------------------- */

/* A file name that is not UTF-8 is reported with U+FFFD, and the report stays valid. */
static void test_invalid_utf8_names(void **state)
{
    tree *t = *state;
    tu_writes(t->root, "bad\xff\xfename.py", "x = 1\n");
    tu_write(t->root, "bin\xe9.py", "\0", 1);
    scan_result r;
    scan_options o = options(t->root, 2);
    run(&o, &r);
    assert_int_equal(r.files_scanned, 1);
    char *json = report(&r);
    /* shown with \xHH escapes, not U+FFFD, so distinct names stay distinct (N3) */
    assert_non_null(strstr(json, "\"bin\\\\xe9.py\""));
    assert_null(strstr(json, "\\ufffd"));
    free(json);
    scan_result_free(&r);
}

static void test_missing_path(void **state)
{
    tree *t = *state;
    char *missing = tu_path(t->root, "gone");
    scan_options o = options(missing, 1);
    scan_result r;
    char *err = NULL;
    assert_int_equal(scan_run(&o, &r, &err), -1);
    assert_non_null(err);
    assert_non_null(strstr(err, missing));
    assert_null(strchr(err, '\n'));
    free(err);
    free(missing);
}

static void test_path_is_file(void **state)
{
    tree *t = *state;
    tu_writes(t->root, "f.py", "x\n");
    char *file = tu_path(t->root, "f.py");
    scan_options o = options(file, 1);
    scan_result r;
    char *err = NULL;
    assert_int_equal(scan_run(&o, &r, &err), -1);
    assert_non_null(strstr(err, "not a directory"));
    free(err);
    free(file);
}

/* The path as given is kept for the report; links are judged against its realpath. */
static void test_root_through_symlink(void **state)
{
    tree *t = *state;
    tu_writes(t->root, "real/a.py", "x = 1\n");
    tu_symlink(t->root, "real/l.py", "a.py");
    tu_symlink(t->root, "alias", "real");
    char *alias = tu_path(t->root, "alias");
    char *real = tu_path(t->root, "real");
    scan_options o = options(alias, 1);
    scan_result r;
    run(&o, &r);
    assert_string_equal(r.target, alias);
    assert_string_equal(r.root, real);
    assert_int_equal(r.files_scanned, 1);
    assert_skipped(&r, "l.py", SKIP_SYMLINK);
    scan_result_free(&r);
    free(alias);
    free(real);
}

static int scan_unreadable_as_nobody(void *arg)
{
    const char *root = arg;
    scan_options o = options(root, 2);
    scan_result r;
    char *err = NULL;
    if (scan_run(&o, &r, &err) != 0) return 1;
    const skipped_file *s = find_skipped(&r, "secret.py");
    const scan_error *e = find_error(&r, "secret.py");
    const skipped_file *d = find_skipped(&r, "locked");
    int bad = r.files_scanned != 1 || !s || s->reason != SKIP_UNREADABLE || !e
              || !strstr(e->message, strerror(EACCES)) || !d || d->reason != SKIP_UNREADABLE
              || r.skipped_by_reason[SKIP_UNREADABLE] != 2;
    scan_result_free(&r);
    return bad;
}

/* chmod 000 does not stop root, so this scan runs in a child that dropped to nobody. */
static void test_unreadable_as_nobody(void **state)
{
    tree *t = *state;
    tu_writes(t->root, "ok.py", "x = 1\n");
    tu_writes(t->root, "secret.py", "x = 1\n");
    tu_writes(t->root, "locked/inner.py", "x = 1\n");
    chmod(t->root, 0755);
    char *secret = tu_path(t->root, "secret.py"), *locked = tu_path(t->root, "locked");
    chmod(secret, 0);
    chmod(locked, 0);
    int rc = tu_run_as_nobody(scan_unreadable_as_nobody, t->root);
    chmod(locked, 0755);
    free(secret);
    free(locked);
    if (rc < 0) skip();
    assert_int_equal(rc, 0);
}

/* A file that vanished between the walk and the read (analyze_file on its own). */
static void test_vanished_file(void **state)
{
    tree *t = *state;
    int sys;
    fsafe_root *fs = fsafe_root_open(t->root, 0, &sys);
    analyze_ctx ctx = {.root = t->root, .fs = fs, .limits = {1024 * 1024, 1000}};
    analyze_worker *wk = analyze_worker_new(&ctx);
    walk_entry e = {"gone.py", {LANG_PYTHON, CLASS_CODE}, SKIP_NONE, NULL, false, 0};
    file_result fr;
    analyze_file(wk, &e, &fr);
    assert_int_equal(fr.skipped, SKIP_UNREADABLE);
    assert_string_equal(fr.skip_detail, strerror(ENOENT));
    file_result_free(&fr);
    analyze_worker_free(wk);
    fsafe_root_close(fs);
}

/* Parse results per language through analyze_file. */
static void test_analyze_parses(void **state)
{
    tree *t = *state;
    tu_writes(t->root, "ok.ts", "const x: number = 1;\n");
    tu_writes(t->root, "bad.tsx", "const a = <div>;\n\n");
    tu_writes(t->root, "notes.md", "# x\n");
    int sys;
    fsafe_root *fs = fsafe_root_open(t->root, 0, &sys);
    analyze_ctx ctx = {.root = t->root, .fs = fs, .limits = {1024 * 1024, 1000}};
    analyze_worker *wk = analyze_worker_new(&ctx);
    walk_entry ok = {"ok.ts", {LANG_TYPESCRIPT, CLASS_CODE}, SKIP_NONE, NULL, false, 0};
    walk_entry bad = {"bad.tsx", {LANG_TSX, CLASS_CODE}, SKIP_NONE, NULL, false, 0};
    walk_entry md = {"notes.md", {LANG_NONE, CLASS_DOC}, SKIP_NONE, NULL, false, 0};
    file_result fr;
    analyze_file(wk, &ok, &fr);
    assert_true(fr.parsed);
    assert_false(fr.syntax_error);
    assert_int_equal(fr.bytes, 21);
    file_result_free(&fr);
    analyze_file(wk, &bad, &fr);
    assert_true(fr.parsed);
    assert_true(fr.syntax_error);
    assert_int_equal(fr.syntax_error_line, 1);
    file_result_free(&fr);
    analyze_file(wk, &md, &fr);
    assert_false(fr.parsed);
    assert_int_equal(fr.skipped, SKIP_NONE);
    file_result_free(&fr);
    analyze_worker_free(wk);
    fsafe_root_close(fs);
}

/* --exclude and --no-ignore reach the walk through scan_options. */
static void test_exclude_and_no_ignore(void **state)
{
    tree *t = *state;
    tu_writes(t->root, ".gitignore", "*.log\n");
    tu_writes(t->root, "a.log", "x\n");
    tu_writes(t->root, "README.md", "# x\n");
    tu_writes(t->root, "app.py", "x = 1\n");
    const char *const ex[] = {"*.md"};
    scan_options o = options(t->root, 2);
    o.excludes = ex;
    o.n_excludes = 1;
    scan_result r;
    run(&o, &r);
    assert_int_equal(r.files_scanned, 2);   /* .gitignore, app.py */
    assert_skipped(&r, "README.md", SKIP_EXCLUDED);
    assert_skipped(&r, "a.log", SKIP_GITIGNORED);
    scan_result_free(&r);
    o.no_ignore = true;
    run(&o, &r);
    assert_int_equal(r.files_scanned, 3);
    assert_int_equal(r.skipped_by_reason[SKIP_GITIGNORED], 0);
    assert_int_equal(r.skipped_by_reason[SKIP_EXCLUDED], 1);
    scan_result_free(&r);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_counts),
        T(test_text_report),
        T(test_jobs_identical),
        T(test_jobs_edge_counts),
        T(test_invalid_utf8_names),
        T(test_missing_path),
        T(test_path_is_file),
        T(test_root_through_symlink),
        T(test_unreadable_as_nobody),
        T(test_vanished_file),
        T(test_analyze_parses),
        T(test_exclude_and_no_ignore),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
