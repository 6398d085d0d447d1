/* test_bounds: hostile inputs from the robustness report (F01-F03, F05, F07-F10, F18,
 * F19, F25, F27, N6) and the limits of docs/limits.md. Each test builds its input,
 * small, and checks that aiready neither crashes nor hangs nor grows without bound, and
 * that whatever a limit cut short is said in errors[]. End-to-end cases run the aiready
 * binary built beside this test under `timeout`, so a hang fails instead of blocking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bounds.h"
#include "calls.h"
#include "ci.h"
#include "cli.h"
#include "finding.h"
#include "glob.h"
#include "match.h"
#include "parse.h"
#include "readcap.h"
#include "rules.h"
#include "testutil.h"
#include "yamlguard.h"

/* ---- helpers ------------------------------------------------------------------------ */

static char *root;

static int setup(void **state)
{
    root = tu_tmpdir();
    return 0;
}

static int teardown(void **state)
{
    tu_rmtree(root);
    free(root);
    return 0;
}

/* Runs `aiready scan DIR --format json --jobs 1 EXTRA...` under `timeout SECONDS`. */
static tu_run_result scan_dir(const char *dir, const char *seconds, ...)
{
    char *bin = tu_aiready_path();
    assert_non_null(bin);
    char *argv[32] = {"/usr/bin/timeout", (char *)seconds, bin, "scan", (char *)dir, "--format", "json", "--jobs", "1"};
    int argc = 9;
    va_list ap;
    va_start(ap, seconds);
    char *a;
    while ((a = va_arg(ap, char *)) != NULL && argc < 31) argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    tu_run_result r = tu_run(argv);
    free(bin);
    return r;
}

static tu_run_result scan_root(const char *seconds)
{
    return scan_dir(root, seconds, NULL);
}

/* The JSON report of a scan that exited 0 or 1 (a gate), and says out loud otherwise. */
static void assert_scanned(const tu_run_result *r)
{
    if (r->status != 0 && r->status != 1) fprintf(stderr, "status %d, stderr: %.2000s\n", r->status, r->err);
    assert_true(r->status == 0 || r->status == 1);
    assert_true(tu_json_valid(r->out, strlen(r->out)));
}

static char *repeat(const char *s, size_t n)
{
    buf b = {0};
    for (size_t i = 0; i < n; i++) buf_puts(&b, s);
    return buf_take(&b);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- F01 / F18: call-site analysis on deep and long expressions ---------------------- */

/* F01: a 5000-term string concatenation in a file importing an SDK crashed (stack). */
static void test_f01_long_concatenation(void **state)
{
    buf b = {0};
    buf_puts(&b, "import OpenAI from 'openai';\nconst x = ");
    for (int i = 0; i < 5000; i++) buf_printf(&b, "%s\"s%d\"", i ? " +\n" : "", i);
    buf_puts(&b, ";\nconst y = ");
    for (int i = 0; i < 5000; i++) buf_printf(&b, "a%d ?\n b%d :\n ", i, i);
    buf_puts(&b, "new OpenAI();\ny.chat.completions.create({model: 'gpt-4o', messages: []});\n");
    tu_writes(root, "concat.js", b.data);
    buf_free(&b);
    tu_run_result r = scan_root("120");
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "\"api\": \"chat.completions.create\""));
    tu_run_free(&r);
}

/* F01 (ASan build): 10 000 nested parentheses around a client. */
static void test_f01_nested_parentheses(void **state)
{
    char *open = repeat("(\n", 10000), *close = repeat(")\n", 10000);
    buf b = {0};
    buf_printf(&b, "import openai\nc = %sopenai.OpenAI()%s\nc.chat.completions.create(model='gpt-4o', messages=[])\n",
               open, close);
    tu_writes(root, "parens.py", b.data);
    buf_free(&b);
    free(open);
    free(close);
    tu_run_result r = scan_root("120");
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "\"api\": \"chat.completions.create\""));
    tu_run_free(&r);
}

/* Object evaluation gives up past its depth, and says so (a chain of assignments). */
static void test_eval_depth_noted(void **state)
{
    buf b = {0};
    buf_puts(&b, "import openai\na0 = openai.OpenAI()\n");
    for (int i = 1; i <= 400; i++) buf_printf(&b, "a%d = a%d\n", i, i - 1);
    buf_puts(&b, "a400.chat.completions.create(model='gpt-4o', messages=[])\n");
    tu_writes(root, "chain.py", b.data);
    buf_free(&b);
    tu_run_result r = scan_root("120");
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "model-call analysis truncated at depth 256"));
    tu_run_free(&r);
}

/* F18: the same Blocker 300 brackets deep was dropped silently; now it is found. */
static void test_f18_deep_blocker_found(void **state)
{
    char *open = repeat("[\n", 300), *close = repeat("\n]", 300);
    buf b = {0};
    buf_printf(&b, "import subprocess\nimport openai\nclient = openai.OpenAI()\ndef run(q):\n    return %s"
                   "subprocess.check_output(client.chat.completions.create(model='gpt-4o', messages=[{'role':'user',"
                   "'content':q}]).choices[0].message.content, shell=True)%s\n", open, close);
    tu_writes(root, "a.py", b.data);
    buf_free(&b);
    free(open);
    free(close);
    tu_run_result r = scan_root("120");
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "model-call.output-to-shell"));
    tu_run_free(&r);
}

/* 5000 nested JS arrow functions around a call: walked to the bottom, in linear time. */
static void test_deep_functions(void **state)
{
    char *arrows = repeat("() =>\n", 5000);
    buf b = {0};
    buf_printf(&b, "import OpenAI from 'openai';\nconst c = new OpenAI();\nconst f = %s"
                   "c.chat.completions.create({model: 'gpt-4o', messages: []});\n", arrows);
    tu_writes(root, "arrows.js", b.data);
    buf_free(&b);
    free(arrows);
    tu_run_result r = scan_root("120");
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "\"api\": \"chat.completions.create\""));
    tu_run_free(&r);
}

/* ---- F27: model calls and findings per file ---------------------------------------- */

static void test_f27_model_call_cap(void **state)
{
    char *err = NULL;
    calls_catalog *cat = calls_catalog_load("rules/sdks", &err);
    assert_non_null(cat);
    buf b = {0};
    buf_puts(&b, "import openai\nc = openai.OpenAI()\n");
    for (int i = 0; i < BOUNDS_CALLS_PER_FILE + 10; i++) buf_puts(&b, "c.embeddings.create(model='m', input='x')\n");
    source s;
    source_init_text(&s, "many.py", LANG_PYTHON, b.data, b.len);
    parser_set *ps = parse_new();
    TSTree *t = parse_source(ps, &s);
    assert_non_null(t);
    calls_file *f = calls_analyze(cat, &s, t);
    assert_int_equal(calls_file_count(f), BOUNDS_CALLS_PER_FILE);
    bounds_notes notes = {0};
    calls_file_take_notes(f, &notes);
    assert_int_equal(notes.len, 1);
    assert_non_null(strstr(notes.items[0], "more than 5000 model calls"));
    bounds_notes_free(&notes);
    calls_file_free(f);
    ts_tree_delete(t);
    parse_free(ps);
    source_free(&s);
    buf_free(&b);
    calls_catalog_free(cat);
}

static finding mk(severity sev, int n)
{
    finding f = {0};
    char id[32];
    snprintf(id, sizeof id, "r%d", n);
    f.rule = xstrdup(id);
    f.file = xstrdup("a.py");
    f.severity = sev;
    return f;
}

static void test_findings_cap_keeps_most_severe(void **state)
{
    finding_list l = {0};
    for (int i = 0; i < 10; i++) VEC_PUSH(&l, mk(i % 3 == 0 ? SEV_BLOCKER : i % 3 == 1 ? SEV_WARNING : SEV_INFO, i));
    /* severities: B W I B W I B W I B: 4 blockers, 3 warnings, 3 infos */
    assert_int_equal(finding_list_cap(&l, 0, 20), 0);
    assert_int_equal(finding_list_cap(&l, 0, 6), 4);
    assert_int_equal(l.len, 6);
    const char *want[] = {"r0", "r1", "r3", "r4", "r6", "r9"}; /* the blockers, the first two warnings, in order */
    for (int i = 0; i < 6; i++) assert_string_equal(l.items[i].rule, want[i]);
    assert_int_equal(finding_list_cap(&l, 2, 1), 3); /* past `first`: r3 is the only blocker left there */
    assert_int_equal(l.len, 3);
    assert_string_equal(l.items[2].rule, "r3");
    finding_list_free(&l);
}

/* ---- F02: Python nested deeper than the grammar's scanner state holds ---------------- */

static char *deep_python(int n)
{
    buf b = {0};
    buf_puts(&b, "import openai\nclient = openai.OpenAI()\n");
    for (int i = 0; i < n; i++) buf_printf(&b, "%*sdef f%d():\n", i, "", i);
    buf_printf(&b, "%*sclient.chat.completions.create(model='gpt-4o', messages=[])\n", n, "");
    return buf_take(&b);
}

/* The patched grammar (grammars/patches): no abort at ~511 levels, parsed directly. */
static void test_f02_grammar_patch(void **state)
{
    char *text = deep_python(520);
    TSParser *p = ts_parser_new();
    assert_true(ts_parser_set_language(p, parse_language(LANG_PYTHON)));
    TSTree *t = ts_parser_parse_string(p, NULL, text, (uint32_t)strlen(text));
    assert_non_null(t);
    ts_tree_delete(t);
    ts_parser_delete(p);
    free(text);
}

/* The scan does not parse it at all, keeps the regex rules, and says so. */
static void test_f02_deep_python_noted(void **state)
{
    char *text = deep_python(520);
    assert_true(parse_python_indent_levels(text, strlen(text), BOUNDS_PY_MAX_INDENT) > BOUNDS_PY_MAX_INDENT);
    tu_writes(root, "deep.py", text);
    free(text);
    tu_run_result r = scan_root("120");
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "not parsed: nested more than 400 indentation levels deep"));
    tu_run_free(&r);
}

static void test_indent_levels(void **state)
{
    const char *t = "a\nif x:\n    b\n    if y:\n\n        # c\n        c\n  \n    d\ne\n\tf\n";
    assert_int_equal(parse_python_indent_levels(t, strlen(t), 100), 2);
    assert_int_equal(parse_python_indent_levels("", 0, 100), 0);
}

/* ---- time budget -------------------------------------------------------------------- */

/* A deadline already past stops the parse, the query rules and the call-site analysis. */
static void test_deadline_stops_tree_stages(void **state)
{
    buf b = {0};
    buf_puts(&b, "import openai\nc = openai.OpenAI()\n");
    for (int i = 0; i < 2000; i++) buf_printf(&b, "def f%d(q):\n    return c.chat.completions.create(model='m', messages=q)\n", i);
    source s;
    source_init_text(&s, "app.py", LANG_PYTHON, b.data, b.len);
    parser_set *ps = parse_new();
    parse_status st;
    uint32_t levels;
    assert_null(parse_source_until(ps, &s, 1, &st, &levels)); /* 1 ms after boot: long past */
    assert_int_equal(st, PARSE_TIMEOUT);
    TSTree *t = parse_source_until(ps, &s, 0, &st, &levels); /* the parser was reset: parses again */
    assert_non_null(t);
    assert_int_equal(st, PARSE_OK);

    char *err = NULL;
    calls_catalog *cat = calls_catalog_load("rules/sdks", &err);
    assert_non_null(cat);
    calls_file *f = calls_analyze_until(cat, &s, t, 1);
    bounds_notes notes = {0};
    calls_file_take_notes(f, &notes);
    assert_int_equal(notes.len, 1);
    assert_non_null(strstr(notes.items[0], "per-file time limit"));
    bounds_notes_free(&notes);
    calls_file_free(f);
    calls_catalog_free(cat);

    ruleset *rs = rules_load_text("q.yml",
        "rules:\n  - id: local.calls\n    item: 33\n    effect: informs\n    severity: info\n    message: m\n"
        "    languages: [python]\n    query: '(call) @match'\n", NULL, &err);
    assert_non_null(rs);
    match_state *ms = match_state_new(rs);
    finding_list out = {0};
    match_set_deadline(ms, 1);
    match_file(ms, &s, t, &out);
    match_take_notes(ms, &notes);
    assert_int_equal(notes.len, 1);
    assert_non_null(strstr(notes.items[0], "query rules stopped"));
    bounds_notes_free(&notes);
    finding_list_free(&out);
    match_state_free(ms);
    rules_free(rs);

    ts_tree_delete(t);
    parse_free(ps);
    source_free(&s);
    buf_free(&b);
}

static void test_file_timeout_option(void **state)
{
    cli_scan c;
    char *err = NULL;
    char *a1[] = {"x", NULL};
    assert_int_equal(cli_parse_scan(1, a1, &c, &err), 0);
    assert_int_equal(c.file_timeout_ms, BOUNDS_FILE_TIMEOUT_MS);
    cli_scan_free(&c);
    char *a2[] = {"--file-timeout", "3", NULL};
    assert_int_equal(cli_parse_scan(2, a2, &c, &err), 0);
    assert_int_equal(c.file_timeout_ms, 3000);
    cli_scan_free(&c);
    char *a3[] = {"--file-timeout=0", NULL};
    assert_int_equal(cli_parse_scan(1, a3, &c, &err), 0);
    assert_int_equal(c.file_timeout_ms, 0);
    cli_scan_free(&c);
    char *a4[] = {"--file-timeout", "-1", NULL};
    assert_int_equal(cli_parse_scan(2, a4, &c, &err), -1);
    assert_non_null(strstr(err, "--file-timeout takes whole seconds"));
    free(err);
    cli_scan_free(&c);
}

/* ---- F03 / N6: rule queries ------------------------------------------------------------ */

static void test_f03_deep_query_refused(void **state)
{
    char *open = repeat("(call ", 50000), *close = repeat(")", 50000);
    buf b = {0};
    buf_printf(&b, "rules:\n  - id: local.q\n    item: 33\n    effect: informs\n    severity: info\n    message: m\n"
                   "    languages: [python]\n    query: '%s%s @match'\n", open, close);
    free(open);
    free(close);
    char *err = NULL;
    ruleset *rs = rules_load_text("deep.yml", b.data, NULL, &err);
    assert_null(rs);
    assert_non_null(err);
    assert_non_null(strstr(err, "deep.yml:8:"));
    assert_non_null(strstr(err, "nested deeper than 256 levels"));
    free(err);
    buf_free(&b);
}

/* N6: a valid predicate then an invalid one; LeakSanitizer (the ASan build) checks that
 * the first is freed. */
static void test_n6_predicates_freed(void **state)
{
    char *err = NULL;
    ruleset *rs = rules_load_text("p.yml",
        "rules:\n  - id: local.p\n    item: 33\n    effect: informs\n    severity: info\n    message: m\n"
        "    languages: [python]\n"
        "    query: '((call function: (identifier) @f) @match (#eq? @f \"x\") (#match? @f \"y\") (#nope? @f))'\n",
        NULL, &err);
    assert_null(rs);
    assert_non_null(strstr(err, "unsupported predicate #nope?"));
    free(err);
}

/* ---- F05 / F19: regex rules ------------------------------------------------------------ */

/* F05: a run of '-' after "password" was quadratic (40 000: 14 s; 200 000: > 300 s). */
static void test_f05_password_dashes(void **state)
{
    char *dashes = repeat("-", 200000);
    buf b = {0};
    buf_printf(&b, "# c\npassword%s\ndb_password = \"Vq7#pL2$wN9xR4tY\"\n", dashes);
    tu_writes(root, "settings.cfg", b.data);
    free(dashes);
    buf_free(&b);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    tu_run_result r = scan_dir(root, "60", "--only", "secrets.password-assignment", NULL);
    double took = seconds_since(&t0);
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "\"rule\": \"secrets.password-assignment\""));
    assert_true(took < 30);
    tu_run_free(&r);
}

/* F19: a PCRE2 match limit no longer ends the rule for the file, and is reported. */
static void test_f19_match_limit_reported(void **state)
{
    tu_mkdirs(root, "rules/x");
    tu_writes(root, "rules/r.yml",
              "rules:\n  - id: local.redos\n    item: 33\n    effect: violates\n    severity: blocker\n"
              "    message: redos\n    remediation: none\n    files: [\"*\"]\n    regex: (a+)+$\n");
    tu_mkdirs(root, "repo/x");
    char *as = repeat("a", 30);
    buf b = {0};
    buf_printf(&b, "%sb\naaaa\n", as);
    tu_writes(root, "repo/a.txt", b.data);
    free(as);
    buf_free(&b);
    char *rules = tu_path(root, "rules"), *repo = tu_path(root, "repo");
    tu_run_result r = scan_dir(repo, "60", "--rules", rules, "--only", "local.redos", NULL);
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "\"line\": 2"));
    assert_non_null(strstr(r.out, "rule local.redos: the regex search hit a PCRE2 limit 1 time(s)"));
    tu_run_free(&r);
    free(rules);
    free(repo);
}

/* ---- F07 / F08: YAML alias bombs in CI files --------------------------------------------- */

static char *bomb(const char *leaf, const char *use)
{
    buf b = {0};
    buf_printf(&b, "x0: &a0 [");
    for (int k = 0; k < 9; k++) buf_printf(&b, "%s\"%s\"", k ? ", " : "", leaf);
    buf_puts(&b, "]\n");
    for (int i = 1; i < 10; i++) {
        buf_printf(&b, "x%d: &a%d [", i, i);
        for (int k = 0; k < 9; k++) buf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
        buf_puts(&b, "]\n");
    }
    buf_puts(&b, use);
    return buf_take(&b);
}

/* F07: 9^10 script steps from 637 bytes (24 GB, then the OOM killer). */
static void test_f07_script_bomb(void **state)
{
    char *y = bomb("pytest -q", "test:\n  stage: test\n  script: *a9\n");
    tu_writes(root, ".gitlab-ci.yml", y);
    free(y);
    tu_run_result r = scan_root("60");
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "\"rule\": \"ci.test-job\""));
    tu_run_free(&r);
}

/* F08: the same under include: (40 s of CPU). */
static void test_f08_include_bomb(void **state)
{
    char *y = bomb("x.yml", "include:\n  - *a9\n  - template: Security/SAST.gitlab-ci.yml\n");
    tu_writes(root, ".gitlab-ci.yml", y);
    free(y);
    tu_run_result r = scan_root("60");
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "\"rule\": \"ci.security-scan\""));
    tu_run_free(&r);
}

/* Aliases that defeat the per-job expansion (every job reaches 2000 lists) stop at the
 * node budget, and the file says so. */
static void test_ci_node_budget_noted(void **state)
{
    buf b = {0};
    buf_puts(&b, "big: &big [");
    for (int i = 0; i < 2000; i++) buf_printf(&b, "%s[\"echo %d\"]", i ? ", " : "", i);
    buf_puts(&b, "]\n");
    for (int j = 0; j < 100; j++) buf_printf(&b, "job%d:\n  script: *big\n", j);
    source s;
    source_init_text(&s, ".gitlab-ci.yml", LANG_NONE, b.data, b.len);
    finding_list out = {0};
    bounds_notes notes = {0};
    ci_analyze_noted(&s, &out, &notes);
    assert_int_equal(notes.len, 1);
    assert_non_null(strstr(notes.items[0], "CI configuration analysed only in part"));
    bounds_notes_free(&notes);
    finding_list_free(&out);
    source_free(&s);
    buf_free(&b);
}

static void test_ci_deep_yaml_noted(void **state)
{
    char *open = repeat("[", 5000), *close = repeat("]", 5000);
    buf b = {0};
    buf_printf(&b, "test:\n  script: %s%s\n", open, close);
    free(open);
    free(close);
    source s;
    source_init_text(&s, ".gitlab-ci.yml", LANG_NONE, b.data, b.len);
    finding_list out = {0};
    bounds_notes notes = {0};
    ci_analyze_noted(&s, &out, &notes);
    assert_int_equal(notes.len, 1);
    assert_non_null(strstr(notes.items[0], "nested deeper than 128 levels"));
    bounds_notes_free(&notes);
    finding_list_free(&out);
    source_free(&s);
    buf_free(&b);
}

/* ---- F09 / F10: .aiready.yml, rule files, baseline ---------------------------------------- */

/* F09: 100 000-deep flow nesting took libyaml's loader 35 s. */
static void test_f09_deep_config(void **state)
{
    char *open = repeat("[", 100000), *close = repeat("]", 100000);
    buf b = {0};
    buf_printf(&b, "version: 1\nexclude: %s%s\n", open, close);
    tu_writes(root, ".aiready.yml", b.data);
    buf_free(&b);
    tu_writes(root, "a.py", "x = 1\n");
    tu_run_result r = scan_root("20");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, ".aiready.yml:2:"));
    assert_non_null(strstr(r.err, "nested deeper than 128 levels"));
    tu_run_free(&r);

    tu_mkdirs(root, "rules/x");
    buf_printf(&b, "rules: %s%s\n", open, close);
    tu_writes(root, "rules/deep.yml", b.data);
    buf_free(&b);
    char *cfg = tu_path(root, ".aiready.yml");
    unlink(cfg);
    free(cfg);
    char *rules = tu_path(root, "rules");
    r = scan_dir(root, "20", "--rules", rules, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "deep.yml:1:"));
    assert_non_null(strstr(r.err, "nested deeper than 128 levels"));
    tu_run_free(&r);
    free(rules);
    free(open);
    free(close);
}

static void sparse(const char *rel, const char *head, off_t size)
{
    tu_writes(root, rel, head);
    char *p = tu_path(root, rel);
    assert_int_equal(truncate(p, size), 0);
    free(p);
}

/* F10: files read whole are capped: a sparse file costs nothing. */
static void test_f10_capped_reads(void **state)
{
    tu_writes(root, "a.py", "x = 1\n");
    sparse(".aiready.yml", "version: 1\n# ", (off_t)64 << 20);
    tu_run_result r = scan_root("20");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, ".aiready.yml: larger than 1 MiB; not read"));
    tu_run_free(&r);
    char *p = tu_path(root, ".aiready.yml");
    unlink(p);
    free(p);

    sparse("base.json", "{", (off_t)300 << 20);
    char *base = tu_path(root, "base.json");
    r = scan_dir(root, "20", "--baseline", base, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "larger than 256 MiB; not read"));
    tu_run_free(&r);
    unlink(base);
    free(base);

    FILE *f = fopen("/dev/zero", "rb");
    assert_non_null(f);
    buf b = {0};
    assert_int_equal(readcap_stream(f, 4096, &b), READCAP_TOO_LARGE);
    assert_int_equal(b.len, 0);
    fclose(f);
    f = fopen("rules/checklist.yaml", "rb");
    assert_non_null(f);
    assert_int_equal(readcap_stream(f, (size_t)64 << 20, &b), READCAP_OK);
    assert_true(b.len > 1000);
    fclose(f);
    buf_free(&b);
}

static void test_yamlguard(void **state)
{
    size_t line = 0, col = 0;
    const char *ok = "a: [1, [2, {b: c}]]\n"; /* the root mapping is level 1, {b: c} level 4 */
    assert_true(yamlguard_depth_ok(ok, strlen(ok), 4, &line, &col));
    assert_false(yamlguard_depth_ok(ok, strlen(ok), 3, &line, &col));
    assert_int_equal(line, 1);
    assert_int_equal(col, 12);
    const char *block = "a:\n  b:\n    c:\n      - d\n";
    assert_false(yamlguard_depth_ok(block, strlen(block), 3, &line, &col));
    assert_int_equal(line, 4);
    const char *bad = "a: [\n"; /* invalid: for the loader to report */
    assert_true(yamlguard_depth_ok(bad, strlen(bad), 3, &line, &col));
}

/* ---- F25: waiver globs ------------------------------------------------------------------ */

static const char key_line[] =
    "OPENAI_API_KEY = \"sk-proj-Qz8Xw2Lp4Rt6Vb9Nm1Kc3Jh5Gf7Ds0AaT3BlbkFJWq1Er2Ty3Ui4Op5As6Df7Gh8Jk9Lz0Xc\"\n";

static void write_waiver(const char *path)
{
    buf b = {0};
    buf_printf(&b, "version: 1\nwaivers:\n  - rule: secrets.openai-api-key\n    path: \"%s\"\n"
                   "    owner: \"Sam Lee <sam@acme.io>\"\n    date: 2025-02-01\n    expires: 2025-12-01\n"
                   "    reason: rotated\n", path);
    tu_writes(root, ".aiready.yml", b.data);
    buf_free(&b);
}

static void test_f25_waiver_glob(void **state)
{
    setenv("AIREADY_TODAY", "2025-03-01", 1);
    tu_mkdirs(root, "app/x");
    tu_writes(root, "app/a.py", key_line);
    write_waiver("{app,lib}/*.py");
    tu_run_result r = scan_root("60");
    assert_scanned(&r);
    assert_non_null(strstr(r.out, "waived by Sam Lee"));
    tu_run_free(&r);

    char *open = repeat("{", 3000), *close = repeat("}", 3000); /* 6 KB: refused, not compiled */
    buf p = {0};
    buf_printf(&p, "%sa%s", open, close);
    write_waiver(p.data);
    r = scan_root("60");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "'path' is a glob of at most 4096 bytes"));
    tu_run_free(&r);
    buf_free(&p);
    free(open);
    free(close);
    unsetenv("AIREADY_TODAY");
}

/* Braces are matched once per glob: 2000 nested groups compile and match at once. */
static void test_glob_nested_braces(void **state)
{
    char *open = repeat("{", 2000), *close = repeat(",x}", 2000);
    buf p = {0};
    buf_printf(&p, "%sa.py%s", open, close);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 20; i++) {
        glob_pat *g = glob_compile(p.data, 0);
        assert_true(glob_pat_match(g, "src/a.py"));
        assert_true(glob_pat_match(g, "x"));
        assert_false(glob_pat_match(g, "b.py"));
        glob_pat_free(g);
    }
    assert_true(seconds_since(&t0) < 20);
    buf_free(&p);
    free(open);
    free(close);
}

int main(int argc, char **argv)
{
    if (argc > 1) cmocka_set_test_filter(argv[1]); /* one test by name, when debugging */
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_f01_long_concatenation),
        T(test_f01_nested_parentheses),
        T(test_eval_depth_noted),
        T(test_f18_deep_blocker_found),
        T(test_deep_functions),
        cmocka_unit_test(test_f27_model_call_cap),
        cmocka_unit_test(test_findings_cap_keeps_most_severe),
        cmocka_unit_test(test_f02_grammar_patch),
        T(test_f02_deep_python_noted),
        cmocka_unit_test(test_indent_levels),
        cmocka_unit_test(test_deadline_stops_tree_stages),
        cmocka_unit_test(test_file_timeout_option),
        cmocka_unit_test(test_f03_deep_query_refused),
        cmocka_unit_test(test_n6_predicates_freed),
        T(test_f05_password_dashes),
        T(test_f19_match_limit_reported),
        T(test_f07_script_bomb),
        T(test_f08_include_bomb),
        T(test_ci_node_budget_noted),
        cmocka_unit_test(test_ci_deep_yaml_noted),
        T(test_f09_deep_config),
        T(test_f10_capped_reads),
        cmocka_unit_test(test_yamlguard),
        T(test_f25_waiver_glob),
        cmocka_unit_test(test_glob_nested_braces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
