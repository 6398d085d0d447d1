/* cli.c (option parsing), output.c (atomic --output), and the exit-status contract of
 * the aiready binary built beside this test (0 ok; 2 with one line on stderr for a
 * missing path, a bad option, a bad --jobs). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cli_args.h"
#include "output.h"
#include "testutil.h"

/* ---- cli_parse_scan ------------------------------------------------------------- */

static void test_defaults(void **state)
{
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, NULL), 0);
    assert_string_equal(c.path, ".");
    assert_int_equal(c.format, FORMAT_DEFAULT);
    assert_null(c.output);
    assert_int_equal(c.jobs, 0);
    assert_int_equal(c.max_file_size, 2 * 1024 * 1024);
    assert_int_equal(c.excludes.len, 0);
    assert_false(c.no_ignore);
    assert_false(c.no_progress);
    assert_false(c.verbose);
    cli_scan_free(&c);
}

static void test_all_options(void **state)
{
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, "repo", "--format", "json", "-o", "out.json", "--jobs", "4",
                           "--max-file-size", "500k", "--exclude", "*.log", "--exclude=docs/",
                           "--no-ignore", "--no-progress", "-v", NULL), 0);
    assert_string_equal(c.path, "repo");
    assert_int_equal(c.format, FORMAT_JSON);
    assert_string_equal(c.output, "out.json");
    assert_int_equal(c.jobs, 4);
    assert_int_equal(c.max_file_size, 500 * 1024);
    assert_int_equal(c.excludes.len, 2);
    assert_string_equal(c.excludes.items[0], "*.log");
    assert_string_equal(c.excludes.items[1], "docs/");
    assert_true(c.no_ignore);
    assert_true(c.no_progress);
    assert_true(c.verbose);
    cli_scan_free(&c);
}

static void test_equals_forms(void **state)
{
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, "--format=text", "--output=r.txt", "--jobs=2", "-j", "3",
                           "--max-file-size=1MB", ".", NULL), 0);
    assert_int_equal(c.format, FORMAT_TEXT);
    assert_string_equal(c.output, "r.txt");
    assert_int_equal(c.jobs, 3);                      /* the last one wins */
    assert_int_equal(c.max_file_size, 1024 * 1024);
    cli_scan_free(&c);
}

/* Expects a usage error whose message contains `want`. */
static void expect_error(const char *want, ...)
{
    char *argv[16];
    int argc = 0;
    va_list ap;
    va_start(ap, want);
    char *a;
    while ((a = va_arg(ap, char *)) != NULL && argc < 15) argv[argc++] = a;
    va_end(ap);
    cli_scan c;
    char *err = NULL;
    if (cli_parse_scan(argc, argv, &c, &err) != -1) fail_msg("accepted: %s ...", argv[0]);
    assert_non_null(err);
    if (!strstr(err, want)) fail_msg("error '%s' does not mention '%s'", err, want);
    assert_null(strchr(err, '\n'));                   /* one line */
    free(err);
    cli_scan_free(&c);
}

static void test_bad_options(void **state)
{
    expect_error("unknown option '--bogus'", "--bogus", NULL);
    expect_error("unknown option '-x'", ".", "-x", NULL);
    expect_error("--format", "--format", "xml", NULL);
    expect_error("--format", "--format", NULL);
    expect_error("needs a file name", "-o", NULL);
    expect_error("needs a file name", "--output=", NULL);
    expect_error("needs a glob", "--exclude", NULL);
    expect_error("only one PATH", "a", "b", NULL);
    expect_error("--max-file-size", "--max-file-size", "lots", NULL);
    expect_error("--max-file-size", "--max-file-size", "0", NULL);
    expect_error("--max-file-size", "--max-file-size", "-5", NULL);
}

static void test_bad_jobs(void **state)
{
    expect_error("--jobs takes a number from 1 to 256, not '0'", "--jobs", "0", NULL);
    expect_error("not '257'", "--jobs", "257", NULL);
    expect_error("not '-1'", "--jobs", "-1", NULL);
    expect_error("not 'many'", "--jobs", "many", NULL);
    expect_error("not '3x'", "-j", "3x", NULL);
    expect_error("not ' 3'", "--jobs", " 3", NULL);
    expect_error("not '+3'", "--jobs", "+3", NULL);
    expect_error("not ''", "--jobs", NULL);
    expect_error("not ''", "--jobs=", NULL);
    expect_error("not '99999999999999999999'", "--jobs", "99999999999999999999", NULL);
}

static void test_good_jobs(void **state)
{
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, "--jobs", "1", NULL), 0);
    assert_int_equal(c.jobs, 1);
    cli_scan_free(&c);
    assert_int_equal(parse(&c, &err, "--jobs", "256", NULL), 0);
    assert_int_equal(c.jobs, 256);
    cli_scan_free(&c);
}

/* A lone "-" is a path, not an option. */
static void test_dash_is_path(void **state)
{
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, "-", NULL), 0);
    assert_string_equal(c.path, "-");
    cli_scan_free(&c);
}

static void test_double_dash_ends_options(void **state)
{
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, "--jobs", "2", "--", "--odd-folder-name", NULL), 0);
    assert_string_equal(c.path, "--odd-folder-name");
    assert_int_equal(c.jobs, 2);
    cli_scan_free(&c);
    assert_int_equal(parse(&c, &err, "--", "a", "b", NULL), -1);
    assert_non_null(strstr(err, "only one PATH"));
    free(err);
    cli_scan_free(&c);
}

static void test_parse_size(void **state)
{
    size_t v;
    assert_true(cli_parse_size("1048576", &v));
    assert_int_equal(v, 1048576);
    assert_true(cli_parse_size("10b", &v));
    assert_int_equal(v, 10);
    assert_true(cli_parse_size("1k", &v));
    assert_int_equal(v, 1024);
    assert_true(cli_parse_size("4KiB", &v));
    assert_int_equal(v, 4096);
    assert_true(cli_parse_size("2MB", &v));
    assert_int_equal(v, 2 * 1024 * 1024);
    assert_true(cli_parse_size("3m", &v));
    assert_int_equal(v, 3 * 1024 * 1024);
    assert_true(cli_parse_size("1g", &v));
    assert_int_equal(v, 1024ULL * 1024 * 1024);
    assert_false(cli_parse_size("", &v));
    assert_false(cli_parse_size("MB", &v));
    assert_false(cli_parse_size("1.5m", &v));
    assert_false(cli_parse_size("5 MB", &v));
    assert_false(cli_parse_size("5t", &v));
    assert_false(cli_parse_size("-1", &v));
    assert_false(cli_parse_size(" -1", &v));           /* strtoull would wrap it */
    assert_false(cli_parse_size("99999999999999999999", &v));
    assert_false(cli_parse_size("18446744073709551615g", &v));
}

/* ---- output_write_atomic ------------------------------------------------------- */

static size_t count_entries(const char *dir)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) n++;
    if (d) closedir(d);
    return n;
}

static void test_output_writes_and_replaces(void **state)
{
    char *dir = tu_tmpdir();
    char *p = tu_path(dir, "report.json");
    char *err = NULL;
    assert_int_equal(output_write_atomic(p, "first\n", 6, &err), 0);
    assert_null(err);
    size_t len;
    char *got = tu_read_file(p, &len);
    assert_string_equal(got, "first\n");
    free(got);
    struct stat st1, st2;
    assert_int_equal(stat(p, &st1), 0);
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(st1.st_mode & 0777, 0666 & ~mask);   /* not mkstemp's 0600 */

    assert_int_equal(output_write_atomic(p, "second", 6, &err), 0);
    got = tu_read_file(p, &len);
    assert_string_equal(got, "second");
    free(got);
    assert_int_equal(stat(p, &st2), 0);
    assert_true(st1.st_ino != st2.st_ino);                 /* replaced by rename */
    assert_int_equal(count_entries(dir), 1);               /* no temporary left */
    free(p);
    tu_rmtree(dir);
    free(dir);
}

static void test_output_failures_leave_nothing(void **state)
{
    char *dir = tu_tmpdir();
    char *err = NULL;
    char *missing = tu_path(dir, "no/such/dir/r.json");
    assert_int_equal(output_write_atomic(missing, "x", 1, &err), -1);
    assert_non_null(err);
    assert_non_null(strstr(err, missing));
    free(err);
    free(missing);
    /* The target is a folder: the rename fails and the temporary is removed. */
    tu_mkdirs(dir, "taken");
    char *taken = tu_path(dir, "taken");
    err = NULL;
    assert_int_equal(output_write_atomic(taken, "x", 1, &err), -1);
    assert_non_null(err);
    free(err);
    free(taken);
    assert_int_equal(count_entries(dir), 1);
    tu_rmtree(dir);
    free(dir);
}

/* ---- the binary ------------------------------------------------------------------- */

typedef struct bin_fixture {
    char *bin;
    char *dir;
} bin_fixture;

static int bin_setup(void **state)
{
    bin_fixture *f = xcalloc(1, sizeof *f);
    f->bin = tu_aiready_path();
    f->dir = tu_tmpdir();
    tu_writes(f->dir, "app.py", "import os\n");
    *state = f;
    return 0;
}

static int bin_teardown(void **state)
{
    bin_fixture *f = *state;
    tu_rmtree(f->dir);
    free(f->dir);
    free(f->bin);
    free(f);
    return 0;
}

/* `make unit-tests` builds BUILD/aiready before running the tests, so it must exist. */
#define NEED_BIN(f) do { if (!(f)->bin) fail_msg("BUILD/aiready not found beside this test binary"); } while (0)

/* Expects exit status 2 and exactly one line, starting "aiready: ", on stderr. */
static void expect_usage_exit(const bin_fixture *f, char *const argv[], const char *want)
{
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.out, "");
    if (tu_count_lines(r.err) != 1 || strncmp(r.err, "aiready: ", 9) != 0 || !strstr(r.err, want))
        fail_msg("stderr: '%s' (want one line mentioning '%s')", r.err, want);
    tu_run_free(&r);
}

static void test_exit_ok(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *argv[] = {f->bin, "scan", f->dir, "--format", "json", "--no-progress", NULL};
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    assert_true(tu_json_valid(r.out, strlen(r.out)));
    assert_non_null(strstr(r.out, "\"scanned\": 1"));
    tu_run_free(&r);
}

static void test_exit_missing_path(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *missing = tu_path(f->dir, "does-not-exist");
    char *argv[] = {f->bin, "scan", missing, NULL};
    expect_usage_exit(f, argv, "No such file or directory");
    free(missing);
}

static void test_exit_path_is_a_file(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *file = tu_path(f->dir, "app.py");
    char *argv[] = {f->bin, "scan", file, NULL};
    expect_usage_exit(f, argv, "not a directory");
    free(file);
}

static void test_exit_bad_option(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *argv[] = {f->bin, "scan", f->dir, "--frobnicate", NULL};
    expect_usage_exit(f, argv, "unknown option '--frobnicate'");
    char *argv2[] = {f->bin, "scan", "--format", "yaml", NULL};
    expect_usage_exit(f, argv2, "--format");
}

static void test_exit_bad_jobs(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *argv[] = {f->bin, "scan", f->dir, "--jobs", "0", NULL};
    expect_usage_exit(f, argv, "--jobs");
    char *argv2[] = {f->bin, "scan", f->dir, "-j", "lots", NULL};
    expect_usage_exit(f, argv2, "--jobs");
}

static void test_exit_no_command(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *argv[] = {f->bin, NULL};
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 2);
    tu_run_free(&r);
    char *argv2[] = {f->bin, "frob", NULL};
    r = tu_run(argv2);
    assert_int_equal(r.status, 2);
    tu_run_free(&r);
    char *argv3[] = {f->bin, "--version", NULL};
    r = tu_run(argv3);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "aiready "));
    tu_run_free(&r);
}

static void test_output_option(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *outdir = tu_tmpdir();
    char *out = tu_path(outdir, "report.json");
    char *argv[] = {f->bin, "scan", f->dir, "--output", out, NULL};
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");   /* the report went to the file... */
    assert_string_equal(r.err, "");
    size_t len;
    char *json = tu_read_file(out, &len);  /* ... as JSON: --output is not a terminal */
    assert_non_null(json);
    assert_true(tu_json_valid(json, len));
    free(json);
    assert_int_equal(count_entries(outdir), 1);
    tu_run_free(&r);

    char *bad = tu_path(outdir, "missing/report.json");
    char *argv2[] = {f->bin, "scan", f->dir, "-o", bad, NULL};
    expect_usage_exit(f, argv2, "missing/report.json");
    assert_int_equal(count_entries(outdir), 1);
    free(bad);
    free(out);
    tu_rmtree(outdir);
    free(outdir);
}

/* -o - is standard output (N5), not a file named '-'. */
static void test_output_dash_is_stdout(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *cwd = getcwd(NULL, 0);
    char *argv[] = {f->bin, "scan", f->dir, "--format", "json", "-o", "-", NULL};
    assert_int_equal(chdir(f->dir), 0);
    tu_run_result r = tu_run(argv);
    assert_int_equal(chdir(cwd), 0);
    free(cwd);
    assert_int_equal(r.status, 0);
    assert_true(tu_json_valid(r.out, strlen(r.out)));
    struct stat st;
    char *dash = tu_path(f->dir, "-");
    assert_int_not_equal(lstat(dash, &st), 0);
    free(dash);
    tu_run_free(&r);
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, "--output=-", NULL), 0);
    assert_null(c.output);
    cli_scan_free(&c);
    assert_int_equal(parse(&c, &err, "-o", "./-", NULL), 0);
    assert_string_equal(c.output, "./-");
    cli_scan_free(&c);
}

/* -o onto a file of the scanned tree is refused before the scan (F22): exit 2, one line,
 * the file untouched; an earlier report in the tree may be replaced. */
static void test_output_over_scanned_file(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *src = tu_path(f->dir, "app.py");
    char *argv[] = {f->bin, "scan", f->dir, "--format", "json", "-o", src, NULL};
    expect_usage_exit(f, argv, "refusing to write the report over");
    size_t len;
    char *kept = tu_read_file(src, &len);
    assert_string_equal(kept, "import os\n");
    free(kept);
    char *rep = tu_path(f->dir, "aiready.json");
    char *argv2[] = {f->bin, "scan", f->dir, "--format", "json", "-o", rep, NULL};
    for (int i = 0; i < 2; i++) { /* the second run replaces the first run's report */
        tu_run_result r = tu_run(argv2);
        assert_int_equal(r.status, 0);
        tu_run_free(&r);
    }
    char *argv3[] = {f->bin, "scan", f->dir, "--format", "markdown", "-o", rep, NULL};
    tu_run_result r = tu_run(argv3);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    assert_true(output_is_report(rep));
    free(rep);
    free(src);
}

/* --max-file-size reaches the scan: app.py (10 bytes) is too large for 5 bytes. */
static void test_max_file_size_option(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *argv[] = {f->bin, "scan", f->dir, "--max-file-size", "5b", "--format", "json", NULL};
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"too_large\": 1"));
    assert_non_null(strstr(r.out, "\"scanned\": 0"));
    tu_run_free(&r);
}

/* Every command answers --help, -h and `aiready help CMD` on standard output, exit 0. */
static void test_help_everywhere(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    static const char *const cmds[][3] = {
        {"scan", "--help", "usage: aiready scan"}, {"scan", "-h", "usage: aiready scan"},
        {"rules", "--help", "usage: aiready rules"}, {"explain", "--help", "usage: aiready explain"},
        {"help", "scan", "usage: aiready scan"}, {"help", "rules", "usage: aiready rules"},
        {"help", "explain", "usage: aiready explain"}, {"help", "help", "usage: aiready help"},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        char *argv[] = {f->bin, (char *)cmds[i][0], (char *)cmds[i][1], NULL};
        tu_run_result r = tu_run(argv);
        if (r.status != 0 || strncmp(r.out, cmds[i][2], strlen(cmds[i][2])) != 0 || *r.err)
            fail_msg("aiready %s %s: status %d, out '%.60s', err '%s'", cmds[i][0], cmds[i][1], r.status, r.out, r.err);
        tu_run_free(&r);
    }
    char *argv[] = {f->bin, "rules", "list", "--help", NULL};   /* a subcommand too */
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: aiready rules"));
    tu_run_free(&r);
    char *argv2[] = {f->bin, "scan", "--", "--help", NULL};     /* after --, a PATH */
    expect_usage_exit(f, argv2, "--help");
}

/* Usage errors of every command: one line on stderr, exit 2. */
static void test_usage_errors_one_line(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *a1[] = {f->bin, NULL};
    expect_usage_exit(f, a1, "no command");
    char *a2[] = {f->bin, "frob", NULL};
    expect_usage_exit(f, a2, "unknown command 'frob'");
    char *a3[] = {f->bin, "rules", NULL};
    expect_usage_exit(f, a3, "list or test");
    char *a4[] = {f->bin, "rules", "frob", NULL};
    expect_usage_exit(f, a4, "unknown rules subcommand 'frob'");
    char *a5[] = {f->bin, "rules", "list", "--frob", NULL};
    expect_usage_exit(f, a5, "unknown option '--frob'");
    char *a6[] = {f->bin, "explain", NULL};
    expect_usage_exit(f, a6, "explain takes one");
    char *a7[] = {f->bin, "help", "frob", NULL};
    expect_usage_exit(f, a7, "unknown command 'frob'");
    char *a8[] = {f->bin, "scan", f->dir, "-q", "-v", NULL};
    expect_usage_exit(f, a8, "--quiet and --verbose");
    char *bad = tu_path(f->dir, "bad-rules");
    tu_mkdirs(f->dir, "bad-rules");
    tu_writes(bad, "r.yml", "rules:\n  - id: x\n");
    char *a9[] = {f->bin, "scan", f->dir, "--rules", bad, NULL};
    expect_usage_exit(f, a9, "invalid rules");
    free(bad);
}

static void test_format_for_path(void **state)
{
    assert_int_equal(cli_format_for_path("r.json"), FORMAT_JSON);
    assert_int_equal(cli_format_for_path("out/r.sarif"), FORMAT_SARIF);
    assert_int_equal(cli_format_for_path("r.md"), FORMAT_MARKDOWN);
    assert_int_equal(cli_format_for_path("R.HTML"), FORMAT_HTML);
    assert_int_equal(cli_format_for_path("r.htm"), FORMAT_HTML);
    assert_int_equal(cli_format_for_path("r.txt"), FORMAT_TEXT);
    assert_int_equal(cli_format_for_path("report"), FORMAT_DEFAULT);
    assert_int_equal(cli_format_for_path("r.xml"), FORMAT_DEFAULT);
    assert_int_equal(cli_format_for_path(".json"), FORMAT_DEFAULT);     /* a hidden file, no extension */
    assert_int_equal(cli_format_for_path("a.md/report"), FORMAT_DEFAULT);
    cli_scan c;
    char *err;
    assert_int_equal(parse(&c, &err, "-o", "a.html", "-o", "-", "-o", "b.sarif", NULL), 0);
    assert_int_equal(c.outputs.len, 3);
    assert_int_equal(c.outputs.items[0].format, FORMAT_HTML);
    assert_null(c.outputs.items[1].path);
    assert_int_equal(c.outputs.items[1].format, FORMAT_DEFAULT);
    assert_int_equal(c.outputs.items[2].format, FORMAT_SARIF);
    cli_scan_free(&c);
    assert_int_equal(parse(&c, &err, "--format", "json", "-o", "a.html", NULL), 0);  /* --format wins */
    assert_int_equal(c.outputs.items[0].format, FORMAT_JSON);
    cli_scan_free(&c);
    expect_error("given twice", "-o", "a.json", "-o", "a.json", NULL);
    /* the AI bill of materials by its extension: the longest extension wins */
    assert_int_equal(cli_format_for_path("aibom.cdx.json"), FORMAT_CYCLONEDX);
    assert_int_equal(cli_format_for_path("AIBOM.CDX.JSON"), FORMAT_CYCLONEDX);
    assert_int_equal(cli_format_for_path("bom.cdx"), FORMAT_CYCLONEDX);
    assert_int_equal(cli_format_for_path("x.cdx.json/report.json"), FORMAT_JSON);
    assert_int_equal(cli_format_for_path(".cdx.json"), FORMAT_JSON);          /* a hidden ".cdx" in JSON */
    assert_int_equal(parse(&c, &err, "--format", "cyclonedx", "-o", "a.json", NULL), 0);
    assert_int_equal(c.outputs.items[0].format, FORMAT_CYCLONEDX);
    cli_scan_free(&c);
    /* --also FORMAT=FILE is one more -o whose format neither --format nor the extension changes */
    assert_int_equal(parse(&c, &err, "--format", "sarif", "-o", "r.sarif", "--also", "html=r.txt", NULL), 0);
    assert_int_equal(c.outputs.len, 2);
    assert_int_equal(c.outputs.items[0].format, FORMAT_SARIF);
    assert_string_equal(c.outputs.items[1].path, "r.txt");
    assert_int_equal(c.outputs.items[1].format, FORMAT_HTML);
    cli_scan_free(&c);
    expect_error("given twice", "-o", "a.html", "--also", "html=a.html", NULL);
    expect_error("--also takes FORMAT=FILE", "--also", "r.html", NULL);
    expect_error("unknown --also format", "--also", "pdf=r.pdf", NULL);
}

/* One scan, several reports, each in the format of its extension; --quiet prints the
 * decision line only. */
static void test_several_outputs_quiet(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    char *outdir = tu_tmpdir();
    char *h = tu_path(outdir, "r.html"), *s = tu_path(outdir, "r.sarif"), *m = tu_path(outdir, "r.md"),
         *t = tu_path(outdir, "r.txt"), *j = tu_path(outdir, "r.json");
    char *argv[] = {f->bin, "scan", f->dir, "-o", h, "-o", s, "-o", m, "-o", t, "-o", j, "--quiet", NULL};
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    assert_int_equal(tu_count_lines(r.out), 1);
    assert_true(strncmp(r.out, "Decision: ", 10) == 0);
    tu_run_free(&r);
    size_t len;
    char *got = tu_read_file(h, &len);
    assert_true(strncmp(got, "<!DOCTYPE html>", 15) == 0);
    free(got);
    got = tu_read_file(s, &len);
    assert_non_null(strstr(got, "\"version\": \"2.1.0\""));
    free(got);
    got = tu_read_file(m, &len);
    assert_true(strncmp(got, "# aiready report", 16) == 0);
    free(got);
    got = tu_read_file(t, &len);
    assert_true(strncmp(got, "aiready  ", 9) == 0 || strncmp(got, "Decision: ", 10) == 0);
    free(got);
    got = tu_read_file(j, &len);
    assert_true(tu_json_valid(got, len));
    free(got);
    /* --quiet alone: no report, the decision line */
    char *argv2[] = {f->bin, "scan", f->dir, "-q", NULL};
    r = tu_run(argv2);
    assert_int_equal(r.status, 0);
    assert_int_equal(tu_count_lines(r.out), 1);
    assert_true(strncmp(r.out, "Decision: ", 10) == 0);
    tu_run_free(&r);
    free(h); free(s); free(m); free(t); free(j);
    tu_rmtree(outdir);
    free(outdir);
}

/* A repository with thousands of findings: the Markdown report stays under the default
 * 60,000 characters with the decision, every Blocker item and its first findings, and a
 * note; without the limit the same report is far longer (so the limit is what keeps it
 * short). */
static void test_markdown_limit(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    static const char py[] =
        "import requests\n"
        "OPENAI_API_KEY = \"sk-proj-Xq3vT9mK2pL8wR4nB6yD1fH7jC5sA0eZ9uI2oP4lK8mN3bV6cX1zQ7wE5rT\"\n"
        "def a(u):\n    return requests.get(u, verify=False, timeout=10).text\n"
        "def b(u):\n    return requests.post(u, verify=False, timeout=10).text\n"
        "def c(u):\n    return requests.put(u, verify=False, timeout=10).text\n";
    for (int i = 0; i < 500; i++) {
        char name[64];
        snprintf(name, sizeof name, "m%03d_%d.py", i / 100, i);
        tu_writes(f->dir, name, py);
    }
    char *argv[] = {f->bin, "scan", f->dir, "--format", "markdown", "--no-progress", NULL};
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 0);
    size_t n = strlen(r.out);
    if (n >= 60000) fail_msg("markdown report of %zu bytes", n);
    assert_non_null(strstr(r.out, "## Blockers ("));
    assert_non_null(strstr(r.out, "### 31. "));
    /* verify=False (item 33) is a warning on main, never a Blocker: not listed here */
    assert_non_null(strstr(r.out, "more (see the full report)"));
    assert_non_null(strstr(r.out, "**Shortened**"));
    assert_non_null(strstr(r.out, "## Pillar 4: "));
    tu_run_free(&r);
    char *argv2[] = {f->bin, "scan", f->dir, "--format", "markdown", "--markdown-limit", "0", "--no-progress", NULL};
    r = tu_run(argv2);
    assert_int_equal(r.status, 0);
    if (strlen(r.out) < 200000) fail_msg("unlimited report of only %zu bytes", strlen(r.out));
    assert_null(strstr(r.out, "**Shortened**"));
    tu_run_free(&r);
    char *argv3[] = {f->bin, "scan", f->dir, "--format", "markdown", "--markdown-limit", "20k", "--no-progress", NULL};
    r = tu_run(argv3);
    assert_int_equal(r.status, 0);
    if (strlen(r.out) >= 20480) fail_msg("report of %zu bytes over 20k", strlen(r.out));
    assert_non_null(strstr(r.out, "### 31. "));
    tu_run_free(&r);
    char *argv4[] = {f->bin, "scan", f->dir, "--markdown-limit", "100", NULL};
    expect_usage_exit(f, argv4, "--markdown-limit");
}

/* A misspelt rule id in aiready-ignore suppresses nothing and says so: in the report (JSON
 * warnings and the finding) and on standard error; the real id still suppresses. */
static void test_unknown_suppression_id(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    tu_writes(f->dir, "net.py",
              "import requests\n"
              "requests.get(u, verify=False, timeout=3)  # aiready-ignore: tls.python-verfy-false local only\n"
              "requests.get(u, verify=False, timeout=3)  # aiready-ignore: tls.python-verify-false local only\n");
    char *argv[] = {f->bin, "scan", f->dir, "--format", "json", "--no-progress", NULL};
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 0);
    if (!strstr(r.err, "aiready: warning: net.py:2: aiready-ignore names the unknown rule id 'tls.python-verfy-false'"))
        fail_msg("stderr: %s", r.err);
    assert_int_equal(tu_count_lines(r.err), 1);
    assert_non_null(strstr(r.out, "\"warnings\": ["));
    assert_non_null(strstr(r.out, "\"line\": 2"));                       /* the finding stays */
    tu_run_free(&r);
    char *argv2[] = {f->bin, "scan", f->dir, "--format", "json", "--no-progress", "--only", "tls.python-verify-false", NULL};
    r = tu_run(argv2);                                  /* a rule left out by --only is still a rule */
    assert_int_equal(tu_count_lines(r.err), 1);
    tu_run_free(&r);
}

/* --diff REF and --staged report the findings on changed lines only; the items and the
 * score stay those of the whole tree. Skipped without git. */
static void test_diff_and_staged(void **state)
{
    bin_fixture *f = *state;
    NEED_BIN(f);
    if (system("git --version >/dev/null 2>&1") != 0) { skip(); return; }
    static const char one[] = "import requests\nrequests.get(u, verify=False, timeout=3)\n";
    static const char two[] = "import requests\nrequests.get(u, verify=False, timeout=3)\n"
                              "requests.get(u, verify=False, timeout=4)\n";
    tu_writes(f->dir, "net.py", one);
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && git init -q && git add -A && git -c user.email=t@t -c user.name=t commit -qm one", f->dir);
    assert_int_equal(system(cmd), 0);
    tu_writes(f->dir, "net.py", two);
    snprintf(cmd, sizeof cmd, "cd '%s' && git add -A && git -c user.email=t@t -c user.name=t commit -qm two", f->dir);
    assert_int_equal(system(cmd), 0);
    char *full[] = {f->bin, "scan", f->dir, "--format", "json", "--no-progress", NULL};
    tu_run_result whole = tu_run(full);
    char *argv[] = {f->bin, "scan", f->dir, "--format", "json", "--no-progress", "--diff", "HEAD~1", NULL};
    tu_run_result r = tu_run(argv);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    assert_non_null(strstr(whole.out, "\"line\": 2,"));
    assert_null(strstr(r.out, "\"line\": 2,"));          /* the old line is not reported */
    assert_non_null(strstr(r.out, "\"line\": 3,"));      /* the new one is */
    assert_non_null(strstr(r.out, "\"changed_only\": true"));
    assert_null(strstr(whole.out, "\"changed_only\""));
    const char *s1 = strstr(whole.out, "\"summary\""), *s2 = strstr(r.out, "\"summary\"");
    assert_non_null(s1);
    assert_non_null(s2);
    assert_int_equal(strncmp(s1, s2, 200), 0);                /* the same verdict */
    tu_run_free(&r);
    tu_run_free(&whole);
    /* staged: the line added to the index only */
    tu_writes(f->dir, "net.py", "import requests\nrequests.get(u, verify=False, timeout=3)\n"
                                "requests.get(u, verify=False, timeout=4)\nrequests.get(u, verify=False)\n");
    snprintf(cmd, sizeof cmd, "cd '%s' && git add net.py", f->dir);
    assert_int_equal(system(cmd), 0);
    char *argv2[] = {f->bin, "scan", f->dir, "--format", "json", "--no-progress", "--staged", NULL};
    r = tu_run(argv2);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "\"line\": 3,"));
    assert_non_null(strstr(r.out, "\"line\": 4,"));
    tu_run_free(&r);
    char *argv3[] = {f->bin, "scan", f->dir, "--diff", "no-such-ref", NULL};
    expect_usage_exit(f, argv3, "no-such-ref");
    char *argv4[] = {f->bin, "scan", f->dir, "--diff", "--upload-pack=x", NULL};
    expect_usage_exit(f, argv4, "--diff needs a commit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_all_options),
        cmocka_unit_test(test_equals_forms),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_bad_jobs),
        cmocka_unit_test(test_good_jobs),
        cmocka_unit_test(test_dash_is_path),
        cmocka_unit_test(test_double_dash_ends_options),
        cmocka_unit_test(test_parse_size),
        cmocka_unit_test(test_output_writes_and_replaces),
        cmocka_unit_test(test_output_failures_leave_nothing),
        cmocka_unit_test_setup_teardown(test_exit_ok, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_exit_missing_path, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_exit_path_is_a_file, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_exit_bad_option, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_exit_bad_jobs, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_exit_no_command, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_output_option, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_max_file_size_option, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_output_dash_is_stdout, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_output_over_scanned_file, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_help_everywhere, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_usage_errors_one_line, bin_setup, bin_teardown),
        cmocka_unit_test(test_format_for_path),
        cmocka_unit_test_setup_teardown(test_several_outputs_quiet, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_markdown_limit, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_suppression_id, bin_setup, bin_teardown),
        cmocka_unit_test_setup_teardown(test_diff_and_staged, bin_setup, bin_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
