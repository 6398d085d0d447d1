/* rules: loading, validation errors (file:line:col), selection, rules test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "rules.h"

#define HEAD(id) \
    "  - id: " id "\n" \
    "    item: 33\n" \
    "    effect: violates\n" \
    "    severity: blocker\n" \
    "    message: m\n" \
    "    remediation: r\n"

static const char *valid_yaml =
    "rules:\n"
    HEAD("b.query")
    "    languages: [python, javascript]\n"
    "    query: |\n"
    "      ((identifier) @match (#eq? @match \"x\"))\n"
    HEAD("a.regex")
    "    files: ['*.env']\n"
    "    regex: 'KEY=(\\w+)'\n"
    "    secret_group: 1\n"
    "    entropy: 2.5\n"
    "    secret: true\n"
    "    allow: [example]\n"
    "  - id: c.path\n"
    "    item: [1, 5]\n"
    "    effect: supports\n"
    "    severity: info\n"
    "    message: Dockerfile\n"
    "    path: Dockerfile\n"
    "    contains: FROM\n"
    "  - id: d.package\n"
    "    item: 3\n"
    "    effect: supports\n"
    "    severity: info\n"
    "    message: retries\n"
    "    package: [tenacity, backoff]\n"
    "    ecosystem: pypi\n";

static void test_valid_file_loads(void **state)
{
    (void)state;
    char *err = NULL;
    ruleset *rs = rules_load_text("valid.yml", valid_yaml, NULL, &err);
    assert_non_null(rs);
    assert_null(err);
    assert_int_equal(rules_count(rs), 4);
    rule_info ri;
    rules_info(rs, 0, &ri); /* sorted by id */
    assert_string_equal(ri.id, "a.regex");
    assert_string_equal(ri.kind, "regex");
    assert_int_equal(ri.line, 11);
    rules_info(rs, 2, &ri);
    assert_string_equal(ri.id, "c.path");
    assert_int_equal(ri.n_items, 2);
    assert_int_equal(ri.items[1], 5);
    assert_int_equal(ri.effect, EFFECT_SUPPORTS);
    assert_null(ri.remediation);
    rules_info(rs, 3, &ri);
    assert_string_equal(ri.kind, "package");
    rules_free(rs);
}

/* Loads text expected to fail; checks the message holds `want`. */
static void expect_error(const char *yaml, const char *want)
{
    char *err = NULL;
    ruleset *rs = rules_load_text("t.yml", yaml, NULL, &err);
    if (rs || !err || !strstr(err, want)) {
        fprintf(stderr, "want: %s\ngot: %s\n", want, err ? err : "(no error)");
        fail();
    }
    free(err);
}

static void test_bad_yaml(void **state)
{
    (void)state;
    expect_error("rules:\n  - id: a.b\n    item: [1\n", "t.yml:4:1: bad YAML");
    expect_error("rules: [\n", "t.yml:2:1: bad YAML");
    expect_error("", "t.yml: empty rule file");
    expect_error("- id: a.b\n", "t.yml:1:1: a rule file is a mapping");
    expect_error("version: 1\nrules: []\n", "t.yml:1:1: unknown top-level key 'version'");
    expect_error("rules: 3\n", "t.yml:1:8: 'rules' must be a list");
}

static void test_unknown_key(void **state)
{
    (void)state;
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    regexx: foo\n    regex: foo\n",
                 "t.yml:9:5: unknown key 'regexx'");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    query: '(identifier) @match'\n    entropy: 3\n",
                 "t.yml:10:5: key 'entropy' does not apply to query rules");
    expect_error("rules:\n" HEAD("a.b") "    files: ['*']\n    regex: x\n    inside: '(block) @scope'\n",
                 "t.yml:10:5: key 'inside' does not apply to regex rules");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    regex: x\n    tests: {match: [x], nomatch: [y]}\n",
                 "unknown key 'nomatch' in tests");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    regex: x\n    tests: {match: [{code: x, lang: python}]}\n",
                 "t.yml:10:31: unknown key 'lang' in a test case");
}

static void test_missing_field(void **state)
{
    (void)state;
    expect_error("rules:\n  - id: a.b\n    item: 1\n    effect: supports\n    severity: info\n    path: Dockerfile\n",
                 "t.yml:2:5: missing required key 'message'");
    expect_error("rules:\n  - id: a.b\n    item: 1\n    effect: violates\n    severity: info\n    message: m\n    path: x\n",
                 "missing required key 'remediation'");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n",
                 "t.yml:2:5: rule has no matcher");
    expect_error("rules:\n" HEAD("a.b") "    query: '(identifier) @match'\n",
                 "missing required key 'languages'");
    expect_error("rules:\n" HEAD("a.b") "    regex: x\n",
                 "a regex rule needs 'languages' or 'files'");
    expect_error("rules:\n" HEAD("a.b") "    regex: x\n    path: y\n    files: ['*']\n",
                 "t.yml:9:5: a rule has one matcher; found both 'regex' and 'path'");
    expect_error("rules:\n" HEAD("a.b") "    files: ['*']\n    regex: x\n    tests: {match: [x]}\n",
                 "needs a path");
}

static void test_bad_values(void **state)
{
    (void)state;
    expect_error("rules:\n  - id: nodots\n    item: 1\n    effect: supports\n    severity: info\n    message: m\n    path: x\n",
                 "t.yml:2:9: bad id 'nodots'");
    expect_error("rules:\n  - id: a.b\n    item: 51\n    effect: supports\n    severity: info\n    message: m\n    path: x\n",
                 "t.yml:3:11: 'item' must be a checklist number 1..50");
    expect_error("rules:\n  - id: a.b\n    item: 1\n    effect: helps\n    severity: info\n    message: m\n    path: x\n",
                 "bad effect 'helps'");
    expect_error("rules:\n  - id: a.b\n    item: 1\n    effect: supports\n    severity: high\n    message: m\n    path: x\n",
                 "bad severity 'high'");
    expect_error("rules:\n" HEAD("a.b") "    languages: [cobol]\n    regex: x\n",
                 "unknown language 'cobol'");
    expect_error("rules:\n" HEAD("a.b") "    files: ['*']\n    regex: '(a)'\n    secret_group: 2\n",
                 "'secret_group' must name a group of the regex (0..1)");
    expect_error("rules:\n" HEAD("a.b") "    files: ['*']\n    regex: 'a'\n    entropy: lots\n",
                 "'entropy' must be a number");
    expect_error("rules:\n  - id: a.b\n    item: 1\n    effect: supports\n    severity: info\n    message: m\n    package: x\n    ecosystem: maven\n",
                 "'ecosystem' must be pypi or npm");
}

static void test_bad_regex(void **state)
{
    (void)state;
    expect_error("rules:\n" HEAD("a.b") "    files: ['*']\n    regex: 'abc(def'\n",
                 "t.yml:9:20: regex does not compile: missing closing parenthesis");
    expect_error("rules:\n" HEAD("a.b") "    files: ['*']\n    regex: x\n    allow: ['[z-a]']\n",
                 "allow does not compile");
    expect_error("rules:\n  - id: a.b\n    item: 1\n    effect: supports\n    severity: info\n    message: m\n"
                 "    path: x\n    contains: '*x'\n",
                 "contains does not compile");
}

static void test_bad_query(void **state)
{
    (void)state;
    /* the error points into the block scalar: line 11 is the query's second line */
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    query: |\n"
                 "      (call\n        function: (no_such_node) @match)\n",
                 "t.yml:11:20: query (python): unknown node type at 'no_such_node'");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    query: '(call'\n",
                 "query (python): syntax error");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    query: '(call)'\n",
                 "has no capture");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    query: '(call) @c'\n    capture: target\n",
                 "no capture named @target");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    query: '((identifier) @m (#foo? @m \"x\"))'\n",
                 "unsupported predicate #foo?");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    query: '((identifier) @m (#match? @m \"(\"))'\n",
                 "#match? regex does not compile");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    query: '((identifier) @m (#eq? @m))'\n",
                 "malformed #eq?");
    expect_error("rules:\n" HEAD("a.b") "    languages: [python]\n    query: '(call) @match'\n    not_inside: '(blok) @scope'\n",
                 "t.yml:10:19: not_inside (python): unknown node type at 'blok'");
    /* The queries of a language are compiled together (rules_query.c), yet each is judged
     * as if alone: a predicate naming another rule's capture, a query that opens with a
     * capture or is unbalanced, are errors of that rule. */
    expect_error("rules:\n" HEAD("a.a") "    languages: [python]\n    query: '(identifier) @x'\n"
                 HEAD("a.b") "    languages: [python]\n    query: '((call) @match (#eq? @x \"f\"))'\n",
                 "t.yml:17:35: query (python): unknown capture at 'x'");
    expect_error("rules:\n" HEAD("a.a") "    languages: [python]\n    query: '(identifier'\n"
                 HEAD("a.b") "    languages: [python]\n    query: ') @match'\n",
                 "t.yml:17:13: query (python): syntax error at ')'");
    expect_error("rules:\n" HEAD("a.a") "    languages: [python]\n    query: '(identifier) @match'\n"
                 HEAD("a.b") "    languages: [python]\n    query: '@match (call) @match'\n",
                 "t.yml:17:13: query (python): syntax error at '@'");
    /* a JS node name is not a Python one */
    expect_error("rules:\n" HEAD("a.b") "    languages: [javascript]\n    query: '(keyword_argument) @match'\n",
                 "query (javascript): unknown node type");
}

static void test_bad_glob(void **state)
{
    (void)state;
    expect_error("rules:\n" HEAD("a.b") "    files: ['src/[abc']\n    regex: x\n",
                 "t.yml:8:12: bad glob 'src/[abc': unterminated '['");
    expect_error("rules:\n" HEAD("a.b") "    files: ['**.py']\n    regex: x\n",
                 "'**' must be a whole path segment");
    expect_error("rules:\n  - id: a.b\n    item: 1\n    effect: supports\n    severity: info\n    message: m\n    path: '{a,b'\n",
                 "unterminated '{'");
    expect_error("rules:\n" HEAD("a.b") "    files: ['*']\n    exclude: ['./x']\n    regex: x\n",
                 "drop the leading './'");
}

static void test_duplicate_id(void **state)
{
    (void)state;
    expect_error("rules:\n" HEAD("a.b") "    files: ['*']\n    regex: x\n" HEAD("a.b") "    files: ['*']\n    regex: y\n",
                 "t.yml:10: duplicate rule id 'a.b' (also at t.yml:2)");
    expect_error("rules:\n" HEAD("a.b") "    id: a.c\n    files: ['*']\n    regex: x\n",
                 "duplicate key 'id'");
}

static void test_all_errors_reported(void **state)
{
    (void)state;
    char *err = NULL;
    ruleset *rs = rules_load_text("t.yml",
                                  "rules:\n" HEAD("a.b") "    files: ['*']\n    regex: '('\n"
                                  HEAD("a.c") "    languages: [python]\n    query: '(nope) @x'\n",
                                  NULL, &err);
    assert_null(rs);
    assert_non_null(strstr(err, "t.yml:9:"));
    assert_non_null(strstr(err, "t.yml:17:"));
    assert_non_null(strstr(err, "2 errors in rule files"));
    free(err);
}

static void test_select(void **state)
{
    (void)state;
    char *err = NULL;
    const char *only[] = {"a.regex", "c.path"};
    const char *disable[] = {"c.path"};
    rules_select sel = {only, 2, disable, 1, NULL};
    ruleset *rs = rules_load_text("valid.yml", valid_yaml, &sel, &err);
    assert_non_null(rs);
    assert_int_equal(rules_count(rs), 1);
    rule_info ri;
    rules_info(rs, 0, &ri);
    assert_string_equal(ri.id, "a.regex");
    rules_free(rs);

    const char *typo[] = {"a.regexx"};
    rules_select bad = {NULL, 0, typo, 1, NULL};
    rs = rules_load_text("valid.yml", valid_yaml, &bad, &err);
    assert_null(rs);
    assert_non_null(strstr(err, "--disable: no rule with id 'a.regexx'"));
    free(err);
}

/* --- folders ----------------------------------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *text)
{
    buf p = {0};
    buf_printf(&p, "%s/%s", dir, name);
    FILE *f = fopen(p.data, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    buf_free(&p);
}

static char *make_dir(void)
{
    char tmpl[] = "/tmp/aiready-rules-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    return xstrdup(tmpl);
}

static void remove_tree(const char *dir)
{
    buf cmd = {0};
    buf_printf(&cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd.data), 0);
    buf_free(&cmd);
}

static const char *one_rule =
    "rules:\n"
    "  - id: x.print\n"
    "    item: 21\n"
    "    effect: informs\n"
    "    severity: info\n"
    "    message: print call\n"
    "    languages: [python]\n"
    "    query: '((call function: (identifier) @f) @match (#eq? @f \"print\"))'\n"
    "    tests:\n"
    "      match: ['print(1)']\n"
    "      no_match: ['log(1)']\n";

static void test_load_folder(void **state)
{
    (void)state;
    char *dir = make_dir();
    buf sub = {0}, hidden = {0};
    buf_printf(&sub, "%s/sub", dir);
    buf_printf(&hidden, "%s/.hidden", dir);
    mkdir(sub.data, 0755);
    mkdir(hidden.data, 0755);
    write_file(sub.data, "print.yaml", one_rule);
    write_file(dir, "checklist.yaml", "items: [this is not a rule file]\n");
    write_file(dir, "print.test.yml", "not: [a rule file either\n");
    write_file(hidden.data, "x.yml", "broken: [\n");
    write_file(dir, "README.md", "# notes\n");
    char *err = NULL;
    const char *dirs[] = {dir};
    ruleset *rs = rules_load(dirs, 1, NULL, &err);
    assert_non_null(rs);
    assert_int_equal(rules_count(rs), 1);
    rule_info ri;
    rules_info(rs, 0, &ri);
    assert_non_null(strstr(ri.file, "sub/print.yaml"));
    rules_free(rs);

    const char *missing[] = {"/nonexistent/rules"};
    assert_null(rules_load(missing, 1, NULL, &err));
    assert_non_null(strstr(err, "/nonexistent/rules: no such rules folder"));
    free(err);
    remove_tree(dir);
    buf_free(&sub);
    buf_free(&hidden);
    free(dir);
}

/* --- rules test -------------------------------------------------------------------- */

static char *report_of(const char *dir, bool *ok)
{
    char *err = NULL;
    const char *dirs[] = {dir};
    ruleset *rs = rules_load(dirs, 1, NULL, &err);
    if (!rs) fprintf(stderr, "%s", err);
    assert_non_null(rs);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    *ok = rules_test_report(rs, out);
    fclose(out);
    rules_free(rs);
    return text;
}

static void test_rules_test_verdicts(void **state)
{
    (void)state;
    char *dir = make_dir();
    write_file(dir, "r.yml",
               "rules:\n"
               "  - id: t.validated\n    item: 1\n    effect: informs\n    severity: info\n    message: m\n"
               "    languages: [python]\n    query: '((identifier) @match (#eq? @match \"alpha\"))'\n"
               "    tests: {match: ['alpha'], no_match: ['beta']}\n"
               "  - id: t.missing\n    item: 1\n    effect: informs\n    severity: info\n    message: m\n"
               "    languages: [python]\n    query: '((identifier) @match (#eq? @match \"gamma\"))'\n"
               "    tests: {match: ['gamma']}\n"
               "  - id: t.noisy\n    item: 1\n    effect: informs\n    severity: info\n    message: m\n"
               "    languages: [python]\n    query: '((identifier) @match (#eq? @match \"delta\"))'\n"
               "    tests: {match: ['delta'], no_match: ['x = delta']}\n"
               "  - id: t.failing\n    item: 1\n    effect: informs\n    severity: info\n    message: m\n"
               "    languages: [python]\n    query: '((identifier) @match (#eq? @match \"eps\"))'\n"
               "    tests: {match: ['epsilon'], no_match: ['zeta']}\n"
               "  - id: t.fixture\n    item: 1\n    effect: informs\n    severity: info\n    message: m\n"
               "    languages: [python]\n    query: '((identifier) @match (#eq? @match \"omega\"))'\n");
    write_file(dir, "r.test.py",
               "# expect: t.fixture\nomega = 1\n# ok: t.fixture\nomegas = 2\n");
    bool ok;
    char *text = report_of(dir, &ok);
    assert_false(ok);
    assert_non_null(strstr(text, "validated  t.validated"));
    assert_non_null(strstr(text, "missing    t.missing  (1/1 match, 0/0 no_match): no no_match case"));
    assert_non_null(strstr(text, "noisy      t.noisy"));
    assert_non_null(strstr(text, "no_match case matched at line 1: x = delta"));
    assert_non_null(strstr(text, "failing    t.failing"));
    assert_non_null(strstr(text, "r.yml:33: match case produced no finding"));
    assert_non_null(strstr(text, "validated  t.fixture  (1/1 match, 1/1 no_match)"));
    assert_non_null(strstr(text, "2 passed, 3 failed\n"));
    free(text);

    /* an unannotated finding in a fixture is noise; an unknown rule id is an error */
    write_file(dir, "r.test.py", "# expect: t.fixture\nomega = 1\nomega = 2\n# ok: t.nosuch\nx = 1\n");
    text = report_of(dir, &ok);
    assert_non_null(strstr(text, "noisy      t.fixture"));
    assert_non_null(strstr(text, "r.test.py:3: unexpected finding: omega = 2"));
    assert_non_null(strstr(text, "annotation names 't.nosuch'"));
    free(text);
    remove_tree(dir);
    free(dir);
}

static void test_commands(void **state)
{
    (void)state;
    char *dir = make_dir();
    write_file(dir, "print.yml", one_rule);
    char *args[] = {dir, NULL};
    /* stdout of the commands goes to the test log */
    assert_int_equal(rules_cmd_test(1, args), 0);
    assert_int_equal(rules_cmd_list(1, args), 0);
    char *bad_opt[] = {"--frobnicate", NULL};
    assert_int_equal(rules_cmd_list(1, bad_opt), 2);
    write_file(dir, "broken.yml", "rules:\n  - id: x\n");
    assert_int_equal(rules_cmd_test(1, args), 2);
    remove_tree(dir);
    free(dir);
}

/* Every shipped rule must be validated (the same check as `make rules-test`). */
static void test_shipped_rules(void **state)
{
    (void)state;
    buf dir = {0};
    const char *slash = strrchr(__FILE__, '/');
    if (slash) buf_append(&dir, __FILE__, (size_t)(slash - __FILE__ + 1));
    buf_puts(&dir, "../rules");
    bool ok;
    char *text = report_of(dir.data, &ok);
    if (!ok) fputs(text, stderr);
    assert_true(ok);
    free(text);
    buf_free(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_file_loads),
        cmocka_unit_test(test_bad_yaml),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_missing_field),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_bad_regex),
        cmocka_unit_test(test_bad_query),
        cmocka_unit_test(test_bad_glob),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_all_errors_reported),
        cmocka_unit_test(test_select),
        cmocka_unit_test(test_load_folder),
        cmocka_unit_test(test_rules_test_verdicts),
        cmocka_unit_test(test_commands),
        cmocka_unit_test(test_shipped_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
