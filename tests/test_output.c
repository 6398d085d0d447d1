/* test_output: the --output file (output.c) beyond the plain atomic replace, which
 * test_cli.c covers — a FIFO, a descriptor path and a character device are written
 * directly, never replaced (F22); SIGTERM or SIGINT while the temporary exists under a
 * name leaves nothing behind, with O_TMPFILE and with the mkstemp fallback (F23); what
 * counts as an earlier report, and the refusal to write over a file of the scanned tree
 * (F22). */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "output.h"
#include "testutil.h"

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

static void test_fifo_written_directly(void **state)
{
    char *dir = tu_tmpdir();
    char *fifo = tu_path(dir, "report.fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) { /* the writer; the test reads */
        char *err = NULL;
        _exit(output_write_atomic(fifo, "through the fifo", 16, &err) == 0 ? 0 : 1);
    }
    int fd = open(fifo, O_RDONLY);
    assert_true(fd >= 0);
    char *got = tu_slurp_fd(fd); /* closes fd */
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_string_equal(got, "through the fifo");
    free(got);
    struct stat st;
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));        /* still a FIFO, not replaced by a file */
    assert_int_equal(count_entries(dir), 1);  /* and no temporary */
    free(fifo);
    tu_rmtree(dir);
    free(dir);
}

/* /dev/fd/N and /dev/stdout write to the descriptor itself: with a pipe behind it, the
 * report arrives in the pipe (as root, renaming over /dev/stdout replaced the link). */
static void test_descriptor_paths(void **state)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    char path[32];
    snprintf(path, sizeof path, "/dev/fd/%d", p[1]);
    char *err = NULL;
    assert_int_equal(output_write_atomic(path, "abc", 3, &err), 0);
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
    assert_int_equal(output_write_atomic(path, "def", 3, &err), 0);
    close(p[1]);
    char *got = tu_slurp_fd(p[0]); /* closes it */
    assert_string_equal(got, "abcdef");
    free(got);
    /* a character device: written, not replaced (only when /dev/null is one: a test must
     * not make a broken machine worse) */
    struct stat st;
    if (stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode)) {
        assert_int_equal(output_write_atomic("/dev/null", "x", 1, &err), 0);
        assert_int_equal(stat("/dev/null", &st), 0);
        assert_true(S_ISCHR(st.st_mode));
    }
}

/* ---- signals ------------------------------------------------------------------------- */

static void raise_term(void *ctx, const char *tmp)
{
    /* the temporary exists under its name now: the moment a signal must clean it up */
    struct stat st;
    if (stat(tmp, &st) != 0) _exit(3);
    raise(*(int *)ctx);
    _exit(4); /* not reached: the signal kills the process */
}

static void signal_leaves_nothing(bool no_tmpfile, int sig)
{
    char *dir = tu_tmpdir();
    char *path = tu_path(dir, "report.json");
    tu_writes(dir, "report.json", "old report\n");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* as a terminal's job has it: started in the background (make test &), SIGINT is
         * ignored, and the signal would kill nothing */
        signal(sig, SIG_DFL);
        output_opts o = {no_tmpfile, raise_term, &sig};
        char *err = NULL;
        static char big[1 << 20];
        memset(big, 'x', sizeof big);
        output_write(path, big, sizeof big, &o, &err);
        _exit(5);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != sig)
        fail_msg("child: %s %d", WIFSIGNALED(status) ? "signal" : "exit", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    assert_int_equal(count_entries(dir), 1); /* the temporary is gone */
    size_t len;
    char *got = tu_read_file(path, &len);
    assert_string_equal(got, "old report\n"); /* and the old report is intact */
    free(got);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void test_sigterm_tmpfile(void **state) { signal_leaves_nothing(false, SIGTERM); }
static void test_sigterm_mkstemp(void **state) { signal_leaves_nothing(true, SIGTERM); }
static void test_sigint_mkstemp(void **state) { signal_leaves_nothing(true, SIGINT); }

/* After a write the handlers are gone again: the default action is back. */
static void test_handlers_restored(void **state)
{
    char *dir = tu_tmpdir();
    char *path = tu_path(dir, "r.json");
    output_opts o = {true, NULL, NULL};
    char *err = NULL;
    assert_int_equal(output_write(path, "x", 1, &o, &err), 0);
    struct sigaction sa;
    assert_int_equal(sigaction(SIGTERM, NULL, &sa), 0);
    assert_true(sa.sa_handler == SIG_DFL);
    assert_int_equal(count_entries(dir), 1);
    /* a mkstemp report is an ordinary file, like an O_TMPFILE one */
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* ---- what may be overwritten --------------------------------------------------------- */

static void test_is_report(void **state)
{
    char *dir = tu_tmpdir();
    static const struct { const char *name, *text; bool report; } cases[] = {
        {"r.json", "{\n  \"schema_version\": 1,\n  \"tool\": {\n    \"name\": \"aiready\",\n", true},
        {"r.sarif", "{\n  \"$schema\": \"https://x\",\n  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n"
                    "          \"name\": \"aiready\",\n", true},
        {"r.md", "# aiready report: `.`\n", true},
        {"r.html", "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta name=\"generator\" content=\"aiready\">\n", true},
        {"r.txt", "aiready  .\n  files scanned: 1\n", true},
        {"c.txt", "\033[1maiready\033[0m  .\n", true},
        {"main.py", "import openai\n", false},
        {"pkg.json", "{\"name\": \"app\"}\n", false},
        {"page.html", "<!DOCTYPE html>\n<title>x</title>\n", false},
        {"readme.md", "# aiready\n", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tu_writes(dir, cases[i].name, cases[i].text);
        char *p = tu_path(dir, cases[i].name);
        if (output_is_report(p) != cases[i].report) fail_msg("%s: want %d", cases[i].name, cases[i].report);
        free(p);
    }
    char *none = tu_path(dir, "missing");
    assert_false(output_is_report(none));
    free(none);
    tu_rmtree(dir);
    free(dir);
}

static void test_check_target(void **state)
{
    char *root = tu_tmpdir();
    char *out = tu_tmpdir();
    tu_writes(root, "src/main.py", "import openai\n");
    tu_writes(root, "report.json", "{\n  \"schema_version\": 1,\n  \"tool\": {\n    \"name\": \"aiready\",\n");
    tu_writes(root, "empty.json", "");
    tu_writes(out, "main.py", "import openai\n");
    char *err = NULL;
    char *p = tu_path(root, "src/main.py");
    assert_int_equal(output_check_target(p, root, &err), -1);
    assert_non_null(strstr(err, "refusing to write the report over "));
    assert_non_null(strstr(err, "src/main.py"));
    assert_null(strchr(err, '\n'));
    free(err);
    free(p);
    /* the same file through "..": still inside */
    p = tu_path(root, "src/../src/main.py");
    err = NULL;
    assert_int_equal(output_check_target(p, root, &err), -1);
    free(err);
    free(p);
    const char *fine[] = {"report.json", "empty.json", "new.json", "src/new.json"};
    for (size_t i = 0; i < 4; i++) {
        p = tu_path(root, fine[i]);
        err = NULL;
        if (output_check_target(p, root, &err) != 0) fail_msg("%s refused: %s", fine[i], err);
        free(p);
    }
    p = tu_path(out, "main.py"); /* outside the scanned folder */
    assert_int_equal(output_check_target(p, root, &err), 0);
    free(p);
    assert_int_equal(output_check_target("/dev/stdout", root, &err), 0);
    tu_rmtree(root);
    tu_rmtree(out);
    free(root);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_written_directly),
        cmocka_unit_test(test_descriptor_paths),
        cmocka_unit_test(test_sigterm_tmpfile),
        cmocka_unit_test(test_sigterm_mkstemp),
        cmocka_unit_test(test_sigint_mkstemp),
        cmocka_unit_test(test_handlers_restored),
        cmocka_unit_test(test_is_report),
        cmocka_unit_test(test_check_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
