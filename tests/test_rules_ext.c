/* Rule-format extensions for the secret and supply-chain packs: fallback secret rules,
 * file_contains / file_not_contains, package version ranges, last_reviewed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "match.h"
#include "parse.h"
#include "rules.h"
#include "rules_impl.h"

#define HEAD(id) \
    "  - id: " id "\n" \
    "    item: 31\n" \
    "    effect: violates\n" \
    "    severity: blocker\n" \
    "    message: msg " id "\n" \
    "    remediation: fix it\n"

static ruleset *load(const char *yaml)
{
    char *err = NULL;
    ruleset *rs = rules_load_text("x.yml", yaml, NULL, &err);
    if (!rs) {
        fprintf(stderr, "%s", err);
        free(err);
        fail();
    }
    return rs;
}

static char *load_error(const char *yaml)
{
    char *err = NULL;
    ruleset *rs = rules_load_text("x.yml", yaml, NULL, &err);
    assert_null(rs);
    assert_non_null(err);
    return err;
}

static void run(const ruleset *rs, const char *path, lang l, const char *code, finding_list *fl)
{
    match_state *ms = match_state_new(rs);
    parser_set *ps = parse_new();
    source s;
    source_init_text(&s, path, l, code, strlen(code));
    TSTree *t = match_needs_tree(ms, &s) ? parse_source(ps, &s) : NULL;
    match_file(ms, &s, t, fl);
    if (t) ts_tree_delete(t);
    source_free(&s);
    parse_free(ps);
    match_state_free(ms);
}

static size_t count_rule(const finding_list *fl, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < fl->len; i++) n += !strcmp(fl->items[i].rule, id);
    return n;
}

/* --- fallback ------------------------------------------------------------------------ */

static const char fallback_rules[] =
    "rules:\n"
    HEAD("s.specific")
    "    files: ['*']\n"
    "    regex: '(tok_[a-z0-9]{12})'\n"
    "    secret_group: 1\n"
    "    secret: true\n"
    /* sorts before s.specific, so without the second pass it would run first */
    HEAD("a.generic")
    "    files: ['*']\n"
    "    regex: 'key\\s*=\\s*\"([^\"]{8,})\"'\n"
    "    secret_group: 1\n"
    "    secret: true\n"
    "    fallback: true\n";

static void test_fallback_yields_to_specific(void **state)
{
    (void)state;
    ruleset *rs = load(fallback_rules);
    finding_list fl = {0};
    run(rs, "a.py", LANG_PYTHON, "key = \"tok_abc123def456\"\nkey = \"Zq8xW2pL9m\"\n", &fl);
    assert_int_equal(count_rule(&fl, "s.specific"), 1);
    assert_int_equal(count_rule(&fl, "a.generic"), 1); /* only the second line */
    for (size_t i = 0; i < fl.len; i++)
        if (!strcmp(fl.items[i].rule, "a.generic")) assert_int_equal(fl.items[i].line, 2);
    /* snippets are redacted either way */
    for (size_t i = 0; i < fl.len; i++) {
        assert_null(strstr(fl.items[i].snippet, "tok_abc123def456"));
        assert_null(strstr(fl.items[i].snippet, "Zq8xW2pL9m"));
    }
    finding_list_free(&fl);
    rules_free(rs);
}

static void test_fallback_needs_secret(void **state)
{
    (void)state;
    char *err = load_error("rules:\n" HEAD("a.b")
                           "    files: ['*']\n"
                           "    regex: 'x(y)'\n"
                           "    fallback: true\n");
    assert_non_null(strstr(err, "x.yml:10:"));
    assert_non_null(strstr(err, "'fallback' applies to secret rules"));
    free(err);
    err = load_error("rules:\n" HEAD("a.b")
                     "    languages: [python]\n"
                     "    query: '(identifier) @match'\n"
                     "    fallback: true\n");
    assert_non_null(strstr(err, "key 'fallback' does not apply to query rules"));
    free(err);
}

/* --- local_target -------------------------------------------------------------------- */

static const char local_target_rules[] =
    "rules:\n"
    HEAD("h.auth")
    "    files: ['*']\n"
    "    regex: 'Bearer ([A-Za-z0-9]{16,})'\n"
    "    secret_group: 1\n"
    "    secret: true\n"
    "    local_target: true\n";

static const finding *only(const finding_list *fl)
{
    assert_int_equal(fl->len, 1);
    return &fl->items[0];
}

/* A request credential whose request names a loopback host is a warning that says so; a
 * remote host, or a loopback host too far from the secret, keeps the blocker. */
static void test_local_target(void **state)
{
    (void)state;
    ruleset *rs = load(local_target_rules);
    finding_list fl = {0};
    run(rs, "app/lab.ts", LANG_TYPESCRIPT,
        "const req = {\n  url: \"http://127.0.0.1:5000/user/profile\",\n  headers: {\n"
        "    Authorization: \"Bearer Zq8xW2pL9mK4vT7r\",\n  },\n};\n", &fl);
    assert_int_equal(only(&fl)->severity, SEV_WARNING);
    assert_non_null(strstr(only(&fl)->message, "in a request to a local host"));
    finding_list_free(&fl);
    fl = (finding_list){0};
    run(rs, "scripts/call.sh", LANG_NONE,
        "curl -H \"Authorization: Bearer Zq8xW2pL9mK4vT7r\" http://localhost:8080/v1\n", &fl);
    assert_int_equal(only(&fl)->severity, SEV_WARNING);
    finding_list_free(&fl);
    fl = (finding_list){0};
    run(rs, "scripts/call.sh", LANG_NONE,
        "curl -H \"Authorization: Bearer Zq8xW2pL9mK4vT7r\" https://api.example.com/v1\n", &fl);
    assert_int_equal(only(&fl)->severity, SEV_BLOCKER);
    finding_list_free(&fl);
    /* a host named like a loopback one is not one; a loopback host nine lines up is
     * another request's */
    fl = (finding_list){0};
    run(rs, "scripts/call.sh", LANG_NONE,
        "curl -H \"Authorization: Bearer Zq8xW2pL9mK4vT7r\" https://localhost.example.com/v1\n", &fl);
    assert_int_equal(only(&fl)->severity, SEV_BLOCKER);
    finding_list_free(&fl);
    fl = (finding_list){0};
    run(rs, "app/a.py", LANG_PYTHON,
        "DEV = 'http://localhost:3000'\n\n\n\n\n\n\n\n\nH = 'Bearer Zq8xW2pL9mK4vT7r'\n", &fl);
    assert_int_equal(only(&fl)->severity, SEV_BLOCKER);
    finding_list_free(&fl);
    rules_free(rs);
    char *err = load_error("rules:\n" HEAD("a.b")
                           "    files: ['*']\n"
                           "    regex: 'x(y)'\n"
                           "    local_target: true\n");
    assert_non_null(strstr(err, "'local_target' applies to secret rules"));
    free(err);
}

/* --- checksum ------------------------------------------------------------------------ */

/* A token whose format carries a checksum is a blocker when the checksum matches and a
 * warning that says why when it does not; the key names a known scheme of a secret rule. */
static void test_checksum_key(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n" HEAD("h.gh")
                       "    files: ['*']\n"
                       "    regex: '(ghp_[A-Za-z0-9]{36})'\n"
                       "    secret_group: 1\n"
                       "    secret: true\n"
                       "    checksum: github\n");
    finding_list fl = {0};
    run(rs, "app/a.py", LANG_PYTHON, "T = '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'\n", &fl);
    assert_int_equal(only(&fl)->severity, SEV_BLOCKER);
    finding_list_free(&fl);
    fl = (finding_list){0};
    run(rs, "app/a.py", LANG_PYTHON, "T = 'ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1R0TBOdP'\n", &fl);
    assert_int_equal(only(&fl)->severity, SEV_WARNING);
    assert_non_null(strstr(only(&fl)->message, "checksum does not match"));
    finding_list_free(&fl);
    rules_free(rs);
    char *err = load_error("rules:\n" HEAD("a.b")
                           "    files: ['*']\n"
                           "    regex: 'x(y)'\n"
                           "    secret: true\n"
                           "    checksum: luhn\n");
    assert_non_null(strstr(err, "'checksum' must name a token checksum scheme"));
    free(err);
    err = load_error("rules:\n" HEAD("a.b")
                     "    files: ['*']\n"
                     "    regex: 'x(y)'\n"
                     "    checksum: github\n");
    assert_non_null(strstr(err, "'checksum' applies to secret rules"));
    free(err);
}

/* --- owns_prefixes ------------------------------------------------------------------- */

/* A value that starts with a prefix a provider rule owns, in a shape that rule does not
 * match, is a malformed look-alike: the fallback rules do not report it either. */
static void test_owns_prefixes(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n" HEAD("p.vendor")
                       "    files: ['*']\n"
                       "    keywords: [vnd_]\n"
                       "    owns_prefixes: [vnd_]\n"
                       "    regex: '(vnd_[a-f0-9]{32})'\n"
                       "    secret_group: 1\n"
                       "    secret: true\n"
                       HEAD("p.generic")
                       "    files: ['*']\n"
                       "    regex: 'token = \"([^\"]{10,})\"'\n"
                       "    secret_group: 1\n"
                       "    secret: true\n"
                       "    fallback: true\n");
    finding_list fl = {0};
    run(rs, "app/a.py", LANG_PYTHON, "token = \"vnd_0123456789abcdef0123456789abcdef\"\n", &fl);
    assert_string_equal(only(&fl)->rule, "p.vendor");
    finding_list_free(&fl);
    fl = (finding_list){0};
    run(rs, "app/a.py", LANG_PYTHON, "token = \"vnd_Zq8xW2pL9mK4vT7r\"\n", &fl);
    assert_int_equal(fl.len, 0);
    finding_list_free(&fl);
    fl = (finding_list){0};
    run(rs, "app/a.py", LANG_PYTHON, "token = \"Zq8xW2pL9mK4vT7rQ1\"\n", &fl);
    assert_string_equal(only(&fl)->rule, "p.generic");
    finding_list_free(&fl);
    rules_free(rs);
    char *err = load_error("rules:\n" HEAD("a.b")
                           "    files: ['*']\n"
                           "    keywords: [abc_]\n"
                           "    owns_prefixes: [xyz_]\n"
                           "    regex: 'x(y)'\n"
                           "    secret: true\n");
    assert_non_null(strstr(err, "must be one of the rule's keywords"));
    free(err);
}

/* --- file conditions ----------------------------------------------------------------- */

static void test_file_conditions(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n" HEAD("f.route")
                       "    languages: [python]\n"
                       "    query: '(decorator) @match'\n"
                       "    file_contains: '^from fastapi import'\n"
                       "    file_not_contains: 'dependencies\\s*=\\s*\\[\\s*Depends'\n"
                       HEAD("f.env")
                       "    path: ['.env']\n"
                       "    file_not_contains: '(?i)^\\s*#\\s*example'\n");
    const char *open_app = "from fastapi import FastAPI\napp = FastAPI()\n@app.post('/chat')\ndef chat(): pass\n";
    const char *guarded = "from fastapi import FastAPI, Depends\napp = FastAPI(dependencies=[Depends(auth)])\n"
                          "@app.post('/chat')\ndef chat(): pass\n";
    const char *flask = "from flask import Flask\napp = Flask(__name__)\n@app.post('/chat')\ndef chat(): pass\n";
    finding_list fl = {0};
    run(rs, "main.py", LANG_PYTHON, open_app, &fl);
    assert_int_equal(count_rule(&fl, "f.route"), 1);
    finding_list_free(&fl);
    run(rs, "main.py", LANG_PYTHON, guarded, &fl);
    assert_int_equal(count_rule(&fl, "f.route"), 0);
    finding_list_free(&fl);
    run(rs, "main.py", LANG_PYTHON, flask, &fl);
    assert_int_equal(count_rule(&fl, "f.route"), 0);
    finding_list_free(&fl);
    run(rs, ".env", LANG_NONE, "A=1\n", &fl);
    assert_int_equal(count_rule(&fl, "f.env"), 1);
    finding_list_free(&fl);
    run(rs, ".env", LANG_NONE, "# Example values\nA=1\n", &fl);
    assert_int_equal(count_rule(&fl, "f.env"), 0);
    finding_list_free(&fl);
    rules_free(rs);

    char *err = load_error("rules:\n" HEAD("a.b")
                           "    files: ['*']\n"
                           "    regex: 'x'\n"
                           "    file_not_contains: '(unclosed'\n");
    assert_non_null(strstr(err, "x.yml:10:"));
    free(err);
    err = load_error("rules:\n" HEAD("a.b")
                     "    package: requests\n"
                     "    file_contains: 'x'\n");
    assert_non_null(strstr(err, "key 'file_contains' does not apply to package rules"));
    free(err);
}

/* --- versions -------------------------------------------------------------------------- */

static void test_version_compare(void **state)
{
    (void)state;
    assert_true(rules_version_cmp("0.0.131", "0.0.236") < 0);
    assert_true(rules_version_cmp("0.2.19", "0.2.9") > 0);
    assert_int_equal(rules_version_cmp("1.2", "1.2.0"), 0);
    assert_int_equal(rules_version_cmp("v1.2.3", "1.2.3"), 0);
    assert_true(rules_version_cmp("1.0.dev1", "1.0a1") < 0);
    assert_true(rules_version_cmp("1.0a1", "1.0b1") < 0);
    assert_true(rules_version_cmp("1.0b2", "1.0rc1") < 0);
    assert_true(rules_version_cmp("1.0rc1", "1.0") < 0);
    assert_true(rules_version_cmp("1.0", "1.0.post1") < 0);
    assert_true(rules_version_cmp("1.0.post1", "1.0.1") < 0);
    assert_true(rules_version_cmp("1.0.0-beta.2", "1.0.0-rc.1") < 0);
    assert_true(rules_version_cmp("1.0.0-rc.1", "1.0.0") < 0);
    assert_int_equal(rules_version_cmp("2.5.1+cu121", "2.5.1"), 0);
    assert_true(rules_version_cmp("4.36.0", "4.4.0") > 0);
}

static void test_dep_version(void **state)
{
    (void)state;
    char *v;
    assert_string_equal(v = rules_dep_version("0.1.2", "==9.9", true), "0.1.2"); free(v);
    assert_string_equal(v = rules_dep_version(NULL, "==0.0.130", true), "0.0.130"); free(v);
    assert_string_equal(v = rules_dep_version(NULL, ">=1, ===2.0.1", true), "2.0.1"); free(v);
    assert_null(rules_dep_version(NULL, ">=0.1,<0.3", true));
    assert_null(rules_dep_version(NULL, "==0.1.*", true));
    assert_null(rules_dep_version(NULL, "", true));
    assert_string_equal(v = rules_dep_version(NULL, "0.1.36", false), "0.1.36"); free(v);
    assert_string_equal(v = rules_dep_version(NULL, "=v2.0.0-rc.1", false), "2.0.0-rc.1"); free(v);
    assert_null(rules_dep_version(NULL, "^0.1.36", false));
    assert_null(rules_dep_version(NULL, "1.x", false));
    assert_null(rules_dep_version(NULL, "latest", false));
}

static void run_dep(const ruleset *rs, const char *name, const char *eco, const char *spec,
                    const char *resolved, finding_list *fl)
{
    dependency d = {0};
    d.name = (char *)name;
    d.ecosystem = (char *)eco;
    d.spec = (char *)spec;
    d.resolved = (char *)resolved;
    d.file = "requirements.txt";
    d.line = 3;
    match_packages(rs, &d, 1, fl);
}

static void test_version_ranges(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n" HEAD("v.langchain")
                       "    package: langchain\n"
                       "    ecosystem: pypi\n"
                       "    versions: ['<0.0.236', '>=0.2.0, <0.2.19']\n");
    struct { const char *spec, *resolved; size_t want; } cases[] = {
        {"==0.0.200", NULL, 1},
        {"==0.0.236", NULL, 0},
        {"==0.2.5", NULL, 1},
        {"==0.2.19", NULL, 0},
        {">=0.0.100", NULL, 0},  /* unpinned: no version to judge */
        {">=0.0.100", "0.0.150", 1},
        {"==0.0.100", "0.3.1", 0}, /* the lockfile wins */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        finding_list fl = {0};
        run_dep(rs, "langchain", "pypi", cases[i].spec, cases[i].resolved, &fl);
        if (fl.len != cases[i].want) fail_msg("case %zu (%s): %zu findings", i, cases[i].spec, fl.len);
        if (fl.len) assert_int_equal(fl.items[0].line, 3);
        finding_list_free(&fl);
    }
    rules_free(rs);

    char *err = load_error("rules:\n" HEAD("a.b")
                           "    package: torch\n"
                           "    versions: '2.5.1'\n");
    assert_non_null(strstr(err, "bad version range '2.5.1'"));
    free(err);
    err = load_error("rules:\n" HEAD("a.b")
                     "    package: torch\n"
                     "    versions: ['<']\n");
    assert_non_null(strstr(err, "needs a version"));
    free(err);
}

/* --- last_reviewed ------------------------------------------------------------------- */

static void test_last_reviewed(void **state)
{
    (void)state;
    ruleset *rs = load("last_reviewed: 2026-11-25\nrules:\n" HEAD("a.b") "    package: torch\n");
    assert_int_equal(rules_count(rs), 1);
    rules_free(rs);
    char *err = load_error("last_reviewed: yesterday\nrules:\n" HEAD("a.b") "    package: torch\n");
    assert_non_null(strstr(err, "x.yml:1:16: 'last_reviewed' must be a date"));
    free(err);
    err = load_error("reviewed: 2026-11-25\nrules:\n" HEAD("a.b") "    package: torch\n");
    assert_non_null(strstr(err, "unknown top-level key 'reviewed'"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fallback_yields_to_specific),
        cmocka_unit_test(test_fallback_needs_secret),
        cmocka_unit_test(test_local_target),
        cmocka_unit_test(test_checksum_key),
        cmocka_unit_test(test_owns_prefixes),
        cmocka_unit_test(test_file_conditions),
        cmocka_unit_test(test_version_compare),
        cmocka_unit_test(test_dep_version),
        cmocka_unit_test(test_version_ranges),
        cmocka_unit_test(test_last_reviewed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
