/* Containment and files that can no longer hide, end to end through the C API: the
 * reproductions of the robustness report (../shared/robustness/REPORT.md), made small.
 * Symlinks and fifos are created at run time in a temporary tree:
 *
 *   base/outside/   files outside the repository (a token, text that "mentions" RTO,
 *                   a YAML file, valid rules)
 *   base/root/      the scanned repository
 *
 * F14 requirement includes through a committed link to a folder outside
 * F15 attestation evidence through a link (and links inside an evidence folder)
 * N2  .aiready.yml as a link, or a fifo
 * F11 `rules:` folders that are absolute, above the root or links; links inside them
 * F06 a fifo named .gitignore
 * F24 folders that were never walked are errors too
 * F26 60 000 includes: linear bookkeeping, capped problems
 * F17 / N1 lone CR, one long line, a NUL byte, UTF-16: the key is still found */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>

#include "config.h"
#include "rules.h"
#include "scan.h"
#include "testutil.h"
#include "walk.h"
#include "shipped_rules.h"

#define TODAY "2025-06-01"
#define TOKEN "ghp_R8kT2mZ9xQ4vL7nB1wE5yU3pA6sD0fG2hJ4k"
#define AWS_ID "AKIAQYLPMN5HFIQR7XYZ"

typedef struct tree {
    char *base, *root, *outside;
} tree;

static const char valid_rules[] =
    "rules:\n"
    "  - id: local.outside-rule\n"
    "    item: 31\n"
    "    effect: violates\n"
    "    severity: warning\n"
    "    message: loaded from outside\n"
    "    remediation: none\n"
    "    files: ['*']\n"
    "    regex: foo\n";

static int setup(void **state)
{
    tree *t = xcalloc(1, sizeof *t);
    t->base = tu_tmpdir();
    chmod(t->base, 0755);
    tu_mkdirs(t->base, "root");
    t->root = tu_path(t->base, "root");
    t->outside = tu_path(t->base, "outside");
    tu_mkdirs(t->base, "outside");
    tu_writes(t->outside, "gh.env", "GITHUB_TOKEN=" TOKEN "\nleaked==1.0\n");
    tu_writes(t->outside, "dr/rto.md", "RTO 45 min, RPO 15 min\n");
    tu_writes(t->outside, "hosts.yml", "github.com:\n    oauth_token: " TOKEN "\n");
    tu_writes(t->outside, "rules/r.yml", valid_rules);
    tu_writes(t->outside, "config.yml", "version: 1\n");
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    tree *t = *state;
    tu_rmtree(t->base);
    free(t->base);
    free(t->root);
    free(t->outside);
    free(t);
    return 0;
}

/* root/rel -> base/outside/target */
static void link_out(const tree *t, const char *rel, const char *target)
{
    char *p = tu_path(t->outside, target);
    tu_symlink(t->root, rel, *target ? p : t->outside);
    free(p);
}

static void make_fifo(const char *root, const char *rel)
{
    char *p = tu_path(root, rel);
    if (mkfifo(p, 0644) != 0) abort();
    free(p);
}

/* A blocked open would hang the test binary: fail it after a while instead. */
static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "test_contain: blocked (a fifo was opened?)\n";
    if (write(2, msg, sizeof msg - 1) < 0) _exit(3);
    _exit(3);
}

static void guard(unsigned seconds)
{
    signal(SIGALRM, on_alarm);
    alarm(seconds);
}

/* ---- .aiready.yml ------------------------------------------------------------------ */

static config_keywords keywords(void)
{
    config_keywords kw;
    memset(&kw, 0, sizeof kw);
    kw.pattern[10] = "RPO|RTO|restore|disaster recovery";
    return kw;
}

static int load_config(const tree *t, aiready_config *c, char **err)
{
    config_keywords kw = keywords();
    *err = NULL;
    return config_load_with(t->root, TODAY, &kw, c, err);
}

static void expect_config_error(const tree *t, const char *want)
{
    aiready_config c;
    char *err = NULL;
    guard(20);
    int rc = load_config(t, &c, &err);
    alarm(0);
    if (rc != -1) fail_msg("the configuration was accepted; want an error with '%s'", want);
    if (!err || !strstr(err, want)) fail_msg("error '%s' does not say '%s'", err ? err : "(none)", want);
    assert_null(strstr(err, TOKEN));
    free(err);
}

/* N2: .aiready.yml may not be a link (here to a valid configuration outside), nor a
 * fifo (which must not block). */
static void test_config_file_not_followed(void **state)
{
    tree *t = *state;
    link_out(t, ".aiready.yml", "config.yml");
    expect_config_error(t, ".aiready.yml: cannot read: a symlink");
    char *p = tu_path(t->root, ".aiready.yml");
    unlink(p);
    free(p);
    make_fifo(t->root, ".aiready.yml");
    expect_config_error(t, ".aiready.yml: cannot read: not a regular file");
}

/* One attestation for item 10 with evidence ev; its invalid_reason ("" when valid). */
static char *attest(const tree *t, const char *ev, bool *checked)
{
    buf text = {0};
    buf_printf(&text, "version: 1\nattestations:\n  - item: 10\n    owner: 'Jane Doe <jane@acme.io>'\n"
                      "    date: 2025-01-15\n    evidence: %s\n", ev);
    tu_writes(t->root, ".aiready.yml", text.data);
    buf_free(&text);
    aiready_config c;
    char *err = NULL;
    guard(20);
    int rc = load_config(t, &c, &err);
    alarm(0);
    if (rc != 0) fail_msg("config: %s", err);
    assert_int_equal(c.n_attestations, 1);
    *checked = c.attestations[0].evidence_checked;
    char *r = xstrdup(c.attestations[0].invalid_reason ? c.attestations[0].invalid_reason : "");
    assert_true(c.attestations[0].valid == (*r == '\0'));
    config_free(&c);
    return r;
}

/* F15: evidence is read beneath the root only. A link to a folder outside that mentions
 * RTO does not make item 10 valid; nor does a link inside a real evidence folder; a
 * fifo as evidence does not block. The real thing still works. */
static void test_evidence_not_followed(void **state)
{
    tree *t = *state;
    tu_mkdirs(t->root, "docs");
    link_out(t, "docs/dr", "dr");
    link_out(t, "docs/rto.md", "dr/rto.md");
    tu_writes(t->root, "docs/real/readme.md", "nothing relevant\n");
    link_out(t, "docs/real/rto.md", "dr/rto.md");
    make_fifo(t->root, "docs/pipe.md");
    tu_writes(t->root, "docs/drill/plan.md", "Restore drill: RTO 40 min\n");
    bool checked = true;
    char *r = attest(t, "docs/dr", &checked);
    assert_non_null(strstr(r, "evidence docs/dr cannot be read: a symlink"));
    assert_false(checked);
    free(r);
    r = attest(t, "docs/rto.md", &checked);
    assert_non_null(strstr(r, "a symlink"));
    free(r);
    r = attest(t, "docs/real", &checked);
    assert_non_null(strstr(r, "does not mention what item 10 is about"));
    assert_false(checked);
    free(r);
    r = attest(t, "docs/pipe.md", &checked);
    assert_non_null(strstr(r, "not a regular file"));
    free(r);
    r = attest(t, "docs/drill", &checked);
    assert_string_equal(r, "");
    assert_true(checked);
    free(r);
}

/* F11: a repository's rules folders are folders of the repository. */
static void test_rules_folders_inside_only(void **state)
{
    tree *t = *state;
    tu_writes(t->root, "a.py", "x = 1\n");
    buf text = {0};
    buf_printf(&text, "version: 1\nrules: ['%s/rules']\n", t->outside);
    tu_writes(t->root, ".aiready.yml", text.data);
    buf_free(&text);
    expect_config_error(t, "is not a folder inside the repository (an absolute path");
    tu_writes(t->root, ".aiready.yml", "version: 1\nrules: [/]\n"); /* used to walk the whole machine */
    expect_config_error(t, "rules folder '/' is not a folder inside the repository");
    tu_writes(t->root, ".aiready.yml", "version: 1\nrules: [../outside/rules]\n");
    expect_config_error(t, "is not a folder inside the repository (an absolute path or '..'");
    link_out(t, "linked", "rules");
    tu_writes(t->root, ".aiready.yml", "version: 1\nrules: [linked]\n");
    expect_config_error(t, "rules folder 'linked' is not a folder inside the repository (it is a symlink");
    tu_writes(t->root, ".aiready.yml", "version: 1\nrules: [linked/sub]\n");
    expect_config_error(t, "it is a symlink");
    tu_writes(t->root, ".aiready.yml", "version: 1\nrules: [a.py]\n");
    expect_config_error(t, "rules folder 'a.py' cannot be read: not a folder");
    /* a folder of the repository, also spelt with '..' that stays inside */
    tu_writes(t->root, "tools/rules/r.yml", valid_rules);
    tu_writes(t->root, ".aiready.yml", "version: 1\nrules: [tools/x/../rules]\n");
    tu_mkdirs(t->root, "tools/x");
    aiready_config c;
    char *err = NULL;
    if (load_config(t, &c, &err) != 0) fail_msg("%s", err);
    assert_int_equal(c.n_rules, 1);
    config_free(&c);
}

static ruleset *load_repo_rules(const tree *t, const char *dir, char **err)
{
    const char *dirs[] = {dir};
    rules_repo repo = {t->root, dirs, 1};
    return rules_load_with_repo(NULL, 0, &repo, NULL, err);
}

/* F11, inside the folder: a link in a repository's rules folder (to a file or a folder
 * outside) is an error, and nothing it points to is read. */
static void test_rules_folder_links(void **state)
{
    tree *t = *state;
    tu_writes(t->root, "tools/rules/mine.yml", valid_rules);
    char *err = NULL;
    ruleset *rs = load_repo_rules(t, "tools/rules", &err);
    if (!rs) fail_msg("%s", err);
    assert_int_equal(rules_count(rs), 1);
    rules_free(rs);

    link_out(t, "tools/rules/hosts.yml", "hosts.yml");
    rs = load_repo_rules(t, "tools/rules", &err);
    assert_null(rs);
    assert_non_null(strstr(err, "tools/rules/hosts.yml: not loaded: a symlink"));
    assert_null(strstr(err, "github.com"));  /* the outside file was not read */
    assert_null(strstr(err, TOKEN));
    free(err);
    char *p = tu_path(t->root, "tools/rules/hosts.yml");
    unlink(p);
    free(p);

    link_out(t, "tools/rules/more", "rules");
    rs = load_repo_rules(t, "tools/rules", &err);
    assert_null(rs);
    assert_non_null(strstr(err, "tools/rules/more: not loaded: a symlink"));
    assert_null(strstr(err, "outside-rule"));
    free(err);

    rs = load_repo_rules(t, "../outside/rules", &err);
    assert_null(rs);
    assert_non_null(strstr(err, "not a path inside the repository"));
    free(err);
}

/* ---- the scan ---------------------------------------------------------------------- */

static void scan(const tree *t, const ruleset *rs, scan_result *r)
{
    scan_options o = {.path = t->root, .jobs = 2, .max_file_size = 2u * 1024 * 1024, .rules = rs};
    char *err = NULL;
    guard(120);
    int rc = scan_run(&o, r, &err);
    alarm(0);
    if (rc != 0) fail_msg("scan_run: %s", err);
}

static const scan_error *error_for(const scan_result *r, const char *file)
{
    for (size_t i = 0; i < r->errors.len; i++)
        if (!strcmp(r->errors.items[i].file, file)) return &r->errors.items[i];
    return NULL;
}

static bool anything_mentions(const scan_result *r, const char *s)
{
    for (size_t i = 0; i < r->errors.len; i++)
        if (strstr(r->errors.items[i].message, s)) return true;
    for (size_t i = 0; i < r->deps.len; i++)
        if (strstr(r->deps.items[i].name, s)) return true;
    return false;
}

/* F14: `-r home/gh.env` with home -> a folder outside, `-r etc/passwd` with etc -> /etc:
 * neither is read; the problem says why; nothing of theirs reaches the report. */
static void test_includes_through_links(void **state)
{
    tree *t = *state;
    link_out(t, "home", "");
    tu_symlink(t->root, "etc", "/etc");
    tu_writes(t->root, "requirements.txt", "-r home/gh.env\n-r etc/passwd\n-r inside.txt\nflask==3.0.0\n");
    tu_writes(t->root, "inside.txt", "requests==2.31.0\n");
    scan_result r;
    scan(t, NULL, &r);
    const scan_error *e = error_for(&r, "home/gh.env");
    assert_non_null(e);
    assert_non_null(strstr(e->message, "could not be read (a symlink"));
    e = error_for(&r, "etc/passwd");
    assert_non_null(e);
    assert_non_null(strstr(e->message, "a symlink"));
    assert_false(anything_mentions(&r, TOKEN));
    assert_false(anything_mentions(&r, "leaked"));
    assert_false(anything_mentions(&r, "root:"));
    assert_true(anything_mentions(&r, "requests")); /* an include inside is read */
    scan_result_free(&r);
}

/* F26: 60 000 includes of missing files: read once each through a hash set (this took
 * 11 s), and reported as 50 problems plus one that counts the rest. */
static void test_many_includes(void **state)
{
    tree *t = *state;
    buf req = {0};
    for (int i = 0; i < 60000; i++) buf_printf(&req, "-r inc/f%06d.txt\n", i);
    for (int i = 0; i < 1000; i++) buf_printf(&req, "-r inc/f%06d.txt\n", i); /* read once */
    tu_writes(t->root, "requirements.txt", req.data);
    buf_free(&req);
    scan_result r;
    scan(t, NULL, &r);
    assert_int_equal(r.errors.len, 51);
    assert_non_null(error_for(&r, "inc/f000000.txt"));
    const scan_error *last = &r.errors.items[50];
    assert_string_equal(last->file, "requirements.txt");
    assert_non_null(strstr(last->message, "59950 more problems with included requirement files are not listed"));
    scan_result_free(&r);
}

/* F06: a fifo named .gitignore, at the root and below, does not block the scan; it is
 * listed as a special file. */
static void test_fifo_gitignore(void **state)
{
    tree *t = *state;
    tu_writes(t->root, "a.py", "x = 1\n");
    tu_writes(t->root, "sub/b.py", "y = 2\n");
    make_fifo(t->root, ".gitignore");
    make_fifo(t->root, "sub/.gitignore");
    scan_result r;
    scan(t, NULL, &r);
    assert_int_equal(r.files_scanned, 2);
    assert_int_equal(r.skipped_by_reason[SKIP_SPECIAL], 2);
    scan_result_free(&r);
}

/* F24: a folder nested deeper than the walk goes is an error, not only a skip; a path
 * longer than PATH_MAX is walked and read. */
static void test_deep_folders(void **state)
{
    tree *t = *state;
    char name[201];
    memset(name, 'n', 200);
    name[200] = '\0';
    tu_deep_tree(t->root, name, 30, "k.py", "x = 1\n");          /* 6 KB path */
    tu_mkdirs(t->root, "d");
    char *d = tu_path(t->root, "d");
    tu_deep_tree(d, "d", WALK_MAX_DEPTH + 5, "k.py", "x = 1\n");
    free(d);
    scan_result r;
    scan(t, NULL, &r);
    assert_int_equal(r.files_scanned, 1);
    assert_int_equal(r.errors.len, 1);
    assert_int_equal(r.skipped_by_reason[SKIP_UNREADABLE], 1);
    assert_non_null(strstr(r.errors.items[0].message,
                           "nothing under this folder was scanned: nested deeper than 256 folders"));
    assert_int_equal(strlen(r.errors.items[0].file), 2 * (WALK_MAX_DEPTH + 1) - 1);
    scan_result_free(&r);
}

static int scan_locked_as_nobody(void *arg)
{
    const tree *t = arg;
    scan_options o = {.path = t->root, .jobs = 1, .max_file_size = 2u * 1024 * 1024};
    scan_result r;
    char *err = NULL;
    if (scan_run(&o, &r, &err) != 0) return 1;
    const scan_error *e = error_for(&r, "locked");
    int bad = !e || !strstr(e->message, "nothing under this folder was scanned") || !strstr(e->message, strerror(EACCES));
    scan_result_free(&r);
    return bad;
}

/* F24: an unreadable folder is listed in errors[] (the text report counts it). */
static void test_unreadable_folder_is_an_error(void **state)
{
    tree *t = *state;
    tu_writes(t->root, "locked/k.py", "AWS_ACCESS_KEY_ID = '" AWS_ID "'\n");
    char *locked = tu_path(t->root, "locked");
    chmod(t->root, 0755);
    chmod(locked, 0);
    int rc = tu_run_as_nobody(scan_locked_as_nobody, t);
    chmod(locked, 0755);
    free(locked);
    if (rc < 0) skip();
    assert_int_equal(rc, 0);
}

/* ---- F17 / N1 ------------------------------------------------------------------------ */

/* The line of the AWS key id finding in file, or 0. */
static uint32_t key_line(const scan_result *r, const char *file)
{
    for (size_t i = 0; i < r->findings.len; i++) {
        const finding *f = &r->findings.items[i];
        if (!strcmp(f->file, file) && f->rule && !strcmp(f->rule, "secrets.aws-access-key-id")) return f->line;
    }
    return 0;
}

static skip_reason skipped_as(const scan_result *r, const char *file)
{
    for (size_t i = 0; i < r->skipped.len; i++)
        if (!strcmp(r->skipped.items[i].path, file)) return r->skipped.items[i].reason;
    return SKIP_NONE;
}

/* repro/F17: the same key in lone-CR, padded, NUL-holding, UTF-16 and minified files is
 * found in every one, at its line. Files not fully analysed stay listed as skipped. */
static void test_skip_evasion(void **state)
{
    tree *t = *state;
    buf body = {0};
    buf_puts(&body, "import boto3\n");
    for (int i = 0; i < 150; i++) buf_printf(&body, "def f%d(x):\n    return x + %d\n", i, i);
    buf_puts(&body, "AWS_ACCESS_KEY_ID = '" AWS_ID "'\n");
    tu_writes(t->root, "lf.py", body.data);
    char *cr = xstrdup(body.data);
    for (char *p = cr; *p; p++)
        if (*p == '\n') *p = '\r';
    tu_writes(t->root, "cr.py", cr);
    free(cr);
    buf padded = {0};
    buf_puts(&padded, "# ");
    for (int i = 0; i < 210000; i++) buf_putc(&padded, '=');
    buf_printf(&padded, "\n%s", body.data);
    tu_writes(t->root, "padded.py", padded.data);
    buf_free(&padded);
    buf nul = {0};
    buf_append(&nul, "import boto3 # \0\n", 17);
    buf_puts(&nul, body.data + strlen("import boto3\n"));
    tu_write(t->root, "nul.py", nul.data, nul.len);
    buf_free(&nul);
    const char *env = "A=1\r\nAWS_ACCESS_KEY_ID=" AWS_ID "\r\n";
    buf u16 = {0};
    buf_append(&u16, "\xFF\xFE", 2);
    for (const char *p = env; *p; p++) buf_append(&u16, (char[]){*p, 0}, 2);
    tu_write(t->root, "utf16.env", u16.data, u16.len);
    buf_free(&u16);
    buf min = {0};
    buf_puts(&min, "!function(){");
    for (int i = 0; i < 500; i++) buf_printf(&min, "var a%d=%d;", i, i);
    buf_puts(&min, "var k=\"" AWS_ID "\";}();\n");
    tu_writes(t->root, "bundle.js", min.data);
    buf_free(&min);
    buf_free(&body);

    ruleset *rs = load_shipped();
    scan_result r;
    scan(t, rs, &r);
    assert_int_equal(key_line(&r, "lf.py"), 302);
    assert_int_equal(key_line(&r, "cr.py"), 302);       /* N1: lone CR lines */
    assert_int_equal(key_line(&r, "padded.py"), 303);
    assert_int_equal(key_line(&r, "nul.py"), 302);
    assert_int_equal(key_line(&r, "utf16.env"), 2);
    assert_int_equal(key_line(&r, "bundle.js"), 1);
    assert_int_equal(skipped_as(&r, "cr.py"), SKIP_NONE);
    assert_int_equal(skipped_as(&r, "padded.py"), SKIP_NONE);
    assert_int_equal(skipped_as(&r, "utf16.env"), SKIP_NONE);
    assert_int_equal(skipped_as(&r, "nul.py"), SKIP_BINARY);     /* still not analysed */
    assert_int_equal(skipped_as(&r, "bundle.js"), SKIP_MINIFIED);
    assert_int_equal(r.files_scanned, 4);
    scan_result_free(&r);
    rules_free(rs);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_config_file_not_followed),
        T(test_evidence_not_followed),
        T(test_rules_folders_inside_only),
        T(test_rules_folder_links),
        T(test_includes_through_links),
        T(test_many_includes),
        T(test_fifo_gitignore),
        T(test_deep_folders),
        T(test_unreadable_folder_is_an_error),
        T(test_skip_evasion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
