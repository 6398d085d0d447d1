/* match: every matcher kind, predicates, scopes, prefilter, secrets, fingerprints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "match.h"
#include "parse.h"
#include "glob.h"
#include "rules.h"
#include "rules_impl.h"

#define HEAD(id, sev) \
    "  - id: " id "\n" \
    "    item: 40\n" \
    "    effect: violates\n" \
    "    severity: " sev "\n" \
    "    message: msg " id "\n" \
    "    remediation: fix it\n"

static ruleset *load(const char *yaml)
{
    char *err = NULL;
    ruleset *rs = rules_load_text("m.yml", yaml, NULL, &err);
    if (!rs) {
        fprintf(stderr, "%s", err);
        free(err);
        fail();
    }
    return rs;
}

/* Matches code as the pipeline would: parse only when some query rule wants the tree. */
static void run_with(match_state *ms, parser_set *ps, const char *path, lang l, const char *code,
                     finding_list *fl)
{
    source s;
    source_init_text(&s, path, l, code, strlen(code));
    TSTree *t = match_needs_tree(ms, &s) ? parse_source(ps, &s) : NULL;
    match_file(ms, &s, t, fl);
    if (t) ts_tree_delete(t);
    source_free(&s);
}

static void run(const ruleset *rs, const char *path, lang l, const char *code, finding_list *fl)
{
    match_state *ms = match_state_new(rs);
    parser_set *ps = parse_new();
    run_with(ms, ps, path, l, code, fl);
    parse_free(ps);
    match_state_free(ms);
}

static size_t count_py(const ruleset *rs, const char *code)
{
    finding_list fl = {0};
    run(rs, "app.py", LANG_PYTHON, code, &fl);
    size_t n = fl.len;
    finding_list_free(&fl);
    return n;
}

/* --- query rules and predicates ---------------------------------------------------- */

static void test_query_location(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n" HEAD("q.verify", "blocker")
                       "    languages: [python]\n"
                       "    query: '(keyword_argument name: (identifier) @n value: (false) (#eq? @n \"verify\")) @match'\n");
    finding_list fl = {0};
    run(rs, "src/net.py", LANG_PYTHON, "import requests\n\nr = requests.get(url,  verify=False)\n", &fl);
    assert_int_equal(fl.len, 1);
    finding *f = &fl.items[0];
    assert_string_equal(f->rule, "q.verify");
    assert_string_equal(f->file, "src/net.py");
    assert_int_equal(f->line, 3);
    assert_int_equal(f->column, 24);
    assert_int_equal(f->end_line, 3);
    assert_int_equal(f->end_column, 36);
    assert_string_equal(f->snippet, "r = requests.get(url,  verify=False)");
    assert_string_equal(f->message, "msg q.verify");
    assert_string_equal(f->remediation, "fix it");
    assert_int_equal(f->severity, SEV_BLOCKER);
    assert_int_equal(f->effect, EFFECT_VIOLATES);
    assert_int_equal(f->n_items, 1);
    assert_int_equal(f->items[0], 40);
    assert_int_equal(strlen(f->fingerprint), 64);
    finding_list_free(&fl);
    rules_free(rs);
}

static void test_predicates(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n"
                       HEAD("p.eq", "info") "    languages: [python]\n"
                       "    query: '((identifier) @match (#eq? @match \"alpha\"))'\n"
                       HEAD("p.not-eq", "info") "    languages: [python]\n"
                       "    query: '((assignment left: (identifier) @match right: (identifier) @r) (#not-eq? @match @r))'\n"
                       HEAD("p.match", "info") "    languages: [python]\n"
                       "    query: '((identifier) @match (#match? @match \"^b[0-9]+$\"))'\n"
                       HEAD("p.not-match", "info") "    languages: [python]\n"
                       "    query: '((call function: (identifier) @match) (#not-match? @match \"^(print|len)$\"))'\n"
                       HEAD("p.any-of", "info") "    languages: [python]\n"
                       "    query: '((attribute attribute: (identifier) @match) (#any-of? @match \"loads\" \"load\"))'\n");
    finding_list fl = {0};
    run(rs, "x.py", LANG_PYTHON,
        "alpha\nalphas\nx = x\nx = y\nb12\nb12c\nprint(1)\nlen(2)\nfoo(3)\npickle.loads(d)\npickle.dumps(d)\n",
        &fl);
    const char *want[][2] = {
        {"p.eq", "1"}, {"p.not-eq", "4"}, {"p.match", "5"}, {"p.not-match", "9"}, {"p.any-of", "10"},
    };
    size_t n_want = sizeof want / sizeof *want;
    assert_int_equal(fl.len, n_want);
    for (size_t k = 0; k < n_want; k++) {
        bool found = false;
        for (size_t i = 0; i < fl.len; i++)
            found |= !strcmp(fl.items[i].rule, want[k][0]) && fl.items[i].line == (uint32_t)atoi(want[k][1]);
        assert_true(found);
    }
    finding_list_free(&fl);
    rules_free(rs);
}

static void test_quantified_capture_predicate(void **state)
{
    (void)state;
    /* every node of a quantified capture must satisfy the predicate */
    ruleset *rs = load("rules:\n" HEAD("p.all", "info") "    languages: [python]\n"
                       "    query: '((argument_list (integer) @n (integer) @n) @match (#match? @n \"^1\"))'\n");
    assert_int_equal(count_py(rs, "f(1, 12, 100)\n"), 1);
    assert_int_equal(count_py(rs, "f(1, 2)\n"), 0);
    assert_int_equal(count_py(rs, "f(2, 13, 14)\n"), 1);
    rules_free(rs);
}

/* Rules whose patterns differ only in predicates share one compiled pattern; each
 * keeps its own predicates, captures and location. Comments and strings holding
 * brackets do not confuse the split into patterns. */
static void test_shared_patterns(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n"
                       HEAD("sh.a", "info") "    languages: [python]\n"
                       "    query: |\n"
                       "      ; a comment with a ( bracket\n"
                       "      ((call function: (identifier) @fn) @match (#eq? @fn \"alpha\"))\n"
                       HEAD("sh.b", "info") "    languages: [python]\n"
                       "    query: |\n"
                       "      ((call\n"
                       "         function: (identifier) @fn)   @match\n"
                       "        (#any-of? @fn \"beta\" \")(;\"))\n"
                       HEAD("sh.c", "info") "    languages: [python]\n"
                       "    capture: fn\n"
                       "    query: '((call function: (identifier) @fn) @match (#eq? @fn \"beta\"))'\n"
                       HEAD("sh.d", "info") "    languages: [python]\n"
                       "    query: '((call function: (identifier) @other) @match (#eq? @other \"gamma\"))'\n");
    finding_list fl = {0};
    run(rs, "x.py", LANG_PYTHON, "alpha(1)\nbeta(2)\ngamma(3)\ndelta(4)\n", &fl);
    char got[256] = "";
    for (size_t i = 0; i < fl.len; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s@%u:%u-%u ", fl.items[i].rule,
                 fl.items[i].line, fl.items[i].column, fl.items[i].end_column);
    assert_string_equal(got, "sh.a@1:1-9 sh.b@2:1-8 sh.c@2:1-5 sh.d@3:1-9 ");
    finding_list_free(&fl);
    rules_free(rs);
}

/* Running the query only at nodes where a pattern starts finds what a walk of the whole
 * tree finds: a wildcard rule (which turns dispatch off) must not change the others. */
static void test_dispatch_matches_full_walk(void **state)
{
    (void)state;
    const char *rules =
        HEAD("w.call", "info") "    languages: [python]\n"
        "    query: '((call function: (attribute attribute: (identifier) @m)) @match (#any-of? @m \"get\" \"run\"))'\n"
        HEAD("w.alt", "info") "    languages: [python]\n"
        "    query: '[(assignment left: (identifier) @match) (augmented_assignment left: (identifier) @match)]'\n"
        HEAD("w.group", "info") "    languages: [python]\n"
        "    query: '(((string) @match) (#match? @match \"x\"))'\n"
        HEAD("w.scope", "info") "    languages: [python]\n"
        "    query: '(call function: (identifier) @match)'\n"
        "    not_inside: '(function_definition) @scope'\n";
    const char *code =
        "a = s.get(1)\nb += r.run(f(x))\ndef g():\n    h('x', k.get(q.run()))\nc = 'xx'\nprint(a)\n";
    buf with = {0};
    buf_printf(&with, "rules:\n%s%s", rules,
               HEAD("w.wild", "info") "    languages: [python]\n"
               "    query: '((_) @match (#eq? @match \"never-in-this-code\"))'\n");
    buf plain = {0};
    buf_printf(&plain, "rules:\n%s", rules);
    ruleset *a = load(plain.data), *b = load(with.data);
    finding_list fa = {0}, fb = {0};
    run(a, "d.py", LANG_PYTHON, code, &fa);
    run(b, "d.py", LANG_PYTHON, code, &fb);
    assert_int_equal(fa.len, 11);
    assert_int_equal(fa.len, fb.len);
    for (size_t i = 0; i < fa.len; i++) {
        assert_string_equal(fa.items[i].rule, fb.items[i].rule);
        assert_int_equal(fa.items[i].line, fb.items[i].line);
        assert_int_equal(fa.items[i].column, fb.items[i].column);
    }
    finding_list_free(&fa);
    finding_list_free(&fb);
    rules_free(a);
    rules_free(b);
    buf_free(&with);
    buf_free(&plain);
}

/* ERROR nodes carry a builtin symbol outside the grammar's table: the dispatch walk
 * must pass over them, and a rule may still look for them. */
static void test_syntax_errors(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n"
                       HEAD("e.go", "info") "    languages: [python]\n"
                       "    query: '((call function: (identifier) @f) @match (#eq? @f \"go\"))'\n");
    assert_int_equal(count_py(rs, "go(1)\nx = = 2\ngo(2)\n"), 2);
    rules_free(rs);
    rs = load("rules:\n" HEAD("e.err", "info") "    languages: [python]\n    query: '(ERROR) @match'\n");
    assert_true(count_py(rs, "x = (1,\ndef\n") >= 1);
    assert_int_equal(count_py(rs, "x = 1\n"), 0);
    rules_free(rs);
}

static void test_capture_choice(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n"
                       HEAD("c.named", "info") "    languages: [python]\n"
                       "    capture: fn\n"
                       "    query: '(call function: (identifier) @fn arguments: (argument_list) @args)'\n"
                       HEAD("c.first", "info") "    languages: [python]\n"
                       "    query: '(call function: (identifier) @fn arguments: (argument_list) @args)'\n");
    finding_list fl = {0};
    run(rs, "x.py", LANG_PYTHON, "go(1)\n", &fl);
    assert_int_equal(fl.len, 2);
    /* sorted by column: c.named at "go" (col 1) and c.first also at @fn, the first capture */
    assert_int_equal(fl.items[0].column, 1);
    assert_int_equal(fl.items[0].end_column, 3);
    assert_int_equal(fl.items[1].end_column, 3);
    finding_list_free(&fl);
    rules_free(rs);
}

static void test_inside_not_inside(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n"
                       HEAD("s.in", "info") "    languages: [python]\n"
                       "    query: '((call function: (identifier) @f) @match (#eq? @f \"risky\"))'\n"
                       "    inside: '(function_definition name: (identifier) @n (#eq? @n \"handler\")) @scope'\n"
                       HEAD("s.out", "info") "    languages: [python]\n"
                       "    query: '((call function: (identifier) @f) @match (#eq? @f \"risky\"))'\n"
                       "    not_inside: '(try_statement body: (block) @scope)'\n");
    const char *code =
        "def handler():\n"
        "    risky()\n"          /* 2: s.in and s.out */
        "    try:\n"
        "        risky()\n"      /* 4: s.in only */
        "    except E:\n"
        "        risky()\n"      /* 6: s.in and s.out: the except clause is not the try body */
        "def other():\n"
        "    risky()\n";         /* 8: s.out only */
    finding_list fl = {0};
    run(rs, "x.py", LANG_PYTHON, code, &fl);
    char got[256] = "";
    for (size_t i = 0; i < fl.len; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s@%u ", fl.items[i].rule, fl.items[i].line);
    assert_string_equal(got, "s.in@2 s.out@2 s.in@4 s.in@6 s.out@6 s.out@8 ");
    finding_list_free(&fl);
    rules_free(rs);
}

static void test_languages_and_files(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n" HEAD("l.js", "info") "    languages: [javascript, tsx]\n"
                       "    files: ['src/**']\n"
                       "    exclude: ['*.stories.tsx']\n"
                       "    query: '((call_expression function: (identifier) @f) @match (#eq? @f \"eval\"))'\n");
    finding_list fl = {0};
    run(rs, "src/a.js", LANG_JAVASCRIPT, "eval(x)\n", &fl);
    run(rs, "src/ui/b.tsx", LANG_TSX, "eval(x)\n", &fl);
    run(rs, "lib/a.js", LANG_JAVASCRIPT, "eval(x)\n", &fl);          /* not under src/ */
    run(rs, "src/c.ts", LANG_TYPESCRIPT, "eval(x)\n", &fl);          /* not a rule language */
    run(rs, "src/ui/b.stories.tsx", LANG_TSX, "eval(x)\n", &fl);     /* excluded */
    assert_int_equal(fl.len, 2);
    assert_string_equal(fl.items[0].file, "src/a.js");
    assert_string_equal(fl.items[1].file, "src/ui/b.tsx");
    finding_list_free(&fl);
    rules_free(rs);
}

/* --- keyword prefilter ------------------------------------------------------------- */

static void test_keywords_gate_queries(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n"
                       HEAD("k.explicit", "info") "    languages: [python]\n"
                       "    keywords: [Torch]\n"
                       "    query: '((identifier) @match (#match? @match \"^torch$\"))'\n"
                       HEAD("k.derived", "info") "    languages: [python]\n"
                       "    query: '((identifier) @match (#any-of? @match \"pickle\" \"dill\"))'\n");
    match_state *ms = match_state_new(rs);
    source s;
    const char *none = "import json\n";
    source_init_text(&s, "a.py", LANG_PYTHON, none, strlen(none));
    assert_false(match_needs_tree(ms, &s));
    source_free(&s);
    const char *some = "import TORCH\n";
    source_init_text(&s, "a.py", LANG_PYTHON, some, strlen(some));
    assert_true(match_needs_tree(ms, &s));
    source_free(&s);
    const char *derived = "import dill\n";
    source_init_text(&s, "a.py", LANG_PYTHON, derived, strlen(derived));
    assert_true(match_needs_tree(ms, &s));
    source_free(&s);
    /* no tree for a file of another language, whatever its words */
    source_init_text(&s, "a.js", LANG_JAVASCRIPT, some, strlen(some));
    assert_false(match_needs_tree(ms, &s));
    source_free(&s);
    /* a tree given anyway: a rule whose words are absent still does not run */
    parser_set *ps = parse_new();
    const char *code = "torch = 1\n";
    source_init_text(&s, "a.py", LANG_PYTHON, code, strlen(code));
    TSTree *t = parse_source(ps, &s);
    finding_list fl = {0};
    match_file(ms, &s, t, &fl);
    assert_int_equal(fl.len, 1);
    ts_tree_delete(t);
    source_free(&s);
    finding_list_free(&fl);
    parse_free(ps);
    match_state_free(ms);
    rules_free(rs);
}

/* A regex rule with keywords runs only near them: a match starts on a line within about
 * 1 KiB of a keyword. */
static void test_keywords_gate_regex(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n" HEAD("k.re", "info") "    files: ['*']\n"
                       "    keywords: [password]\n"
                       "    regex: '=\\s*\"(\\w+)\"'\n");
    finding_list fl = {0};
    run(rs, "a.cfg", LANG_NONE, "user = \"bob\"\n", &fl);
    assert_int_equal(fl.len, 0);
    run(rs, "a.cfg", LANG_NONE, "PASSWORD = \"hunter2\"\nuser = \"bob\"\n", &fl);
    assert_int_equal(fl.len, 2); /* the next line is within reach */
    finding_list_free(&fl);
    run(rs, "b.cfg", LANG_NONE, "user = \"bob\"\n# the password is above\n", &fl);
    assert_int_equal(fl.len, 1); /* a line before it is within reach */
    finding_list_free(&fl);
    buf far = {0};
    buf_puts(&far, "user = \"bob\"\n");
    for (int i = 0; i < 40; i++) buf_puts(&far, "# filler filler filler filler filler filler\n");
    buf_puts(&far, "password = \"x1\"\n");
    for (int i = 0; i < 40; i++) buf_puts(&far, "# filler filler filler filler filler filler\n");
    buf_puts(&far, "user = \"eve\"\n");
    run(rs, "c.cfg", LANG_NONE, far.data, &fl);
    assert_int_equal(fl.len, 1); /* 1.8 KiB before or after the keyword: not run there */
    assert_int_equal(fl.items[0].line, 42);
    finding_list_free(&fl);
    buf_free(&far);
    rules_free(rs);
}

/* keyword_line: matches start only on a keyword's line, at or before the keyword. */
static void test_keyword_line(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n" HEAD("k.line", "info") "    files: ['*']\n"
                       "    keywords: [password]\n"
                       "    keyword_line: true\n"
                       "    regex: '\\w+\\s*=\\s*\"(\\w+)\"'\n");
    finding_list fl = {0};
    run(rs, "a.cfg", LANG_NONE, "user = \"bob\"\nPASSWORD = \"hunter2\"\nuser = \"eve\"\n", &fl);
    assert_int_equal(fl.len, 1); /* the lines around it are not searched */
    assert_int_equal(fl.items[0].line, 2);
    finding_list_free(&fl);
    run(rs, "b.cfg", LANG_NONE, "x = \"1\"; y = \"2\" # password\n", &fl);
    assert_int_equal(fl.len, 2); /* starts before the keyword on its line */
    finding_list_free(&fl);
    run(rs, "c.cfg", LANG_NONE, "password = \"a\"; user = \"b\"\n", &fl);
    assert_int_equal(fl.len, 1); /* not after it */
    finding_list_free(&fl);
    rules_free(rs);
    char *err = NULL;
    assert_null(rules_load_text("m.yml", "rules:\n" HEAD("k.nokw", "info") "    files: ['*']\n"
                                "    keyword_line: true\n    regex: x\n", NULL, &err));
    assert_non_null(strstr(err, "'keyword_line' needs keywords"));
    free(err);
}

/* --- regex rules ------------------------------------------------------------------- */

static const char *secret_rules =
    "rules:\n"
    HEAD("r.key", "blocker")
    "    files: ['*']\n"
    "    severity_in_tests: info\n"
    "    keywords: [api_key]\n"
    "    regex: '(?i)api_key\\s*=\\s*\"([^\"]+)\"'\n"
    "    secret_group: 1\n"
    "    entropy: 3.0\n"
    "    secret: true\n"
    "    allow: ['(?i)example', '^x+$']\n"
    HEAD("r.verify", "warning")
    "    languages: [python]\n"
    "    query: '(keyword_argument name: (identifier) @n (#eq? @n \"verify\")) @match'\n";

static const char *SECRET = "Q9v7Lm2Xr8Tz4Kp1Wd6N";

static void test_entropy_floor_and_allow(void **state)
{
    (void)state;
    ruleset *rs = load(secret_rules);
    finding_list fl = {0};
    run(rs, "c.txt", LANG_NONE, "API_KEY = \"aaaaaaaaaaaaaaaaaaaa\"\n", &fl);     /* entropy 0 */
    run(rs, "c.txt", LANG_NONE, "API_KEY = \"abcabcabcabc\"\n", &fl);             /* log2(3) < 3 */
    run(rs, "c.txt", LANG_NONE, "API_KEY = \"Example-Key-Q9v7Lm2Xr8\"\n", &fl);   /* allowed */
    run(rs, "c.txt", LANG_NONE, "API_KEY = \"xxxxxxxx\"\n", &fl);
    assert_int_equal(fl.len, 0);
    buf line = {0};
    buf_printf(&line, "API_KEY = \"%s\"\n", SECRET);
    run(rs, "c.txt", LANG_NONE, line.data, &fl);
    assert_int_equal(fl.len, 1);
    assert_int_equal(fl.items[0].column, 12); /* located at the secret group */
    assert_int_equal(fl.items[0].end_column, 12 + (uint32_t)strlen(SECRET));
    buf_free(&line);
    finding_list_free(&fl);
    rules_free(rs);
}

static void test_secret_redaction(void **state)
{
    (void)state;
    ruleset *rs = load(secret_rules);
    buf code = {0};
    /* the secret twice on the line, and a second rule reporting the same line */
    buf_printf(&code, "x = get(api_key = \"%s\", verify=False, backup=\"%s\")\n", SECRET, SECRET);
    finding_list fl = {0};
    run(rs, "svc/client.py", LANG_PYTHON, code.data, &fl);
    assert_int_equal(fl.len, 2);
    char prefix[16];
    snprintf(prefix, sizeof prefix, "\"%.4s\xe2\x80\xa6", SECRET);
    for (size_t i = 0; i < fl.len; i++) {
        const finding *f = &fl.items[i];
        assert_null(strstr(f->snippet, SECRET));
        assert_null(strstr(f->snippet, SECRET + 4)); /* not even its tail */
        assert_non_null(strstr(f->snippet, "[redacted sha256:"));
        assert_non_null(strstr(f->snippet, prefix));
        assert_null(strstr(f->fingerprint, SECRET));
    }
    assert_string_equal(fl.items[0].rule, "r.key");
    assert_string_equal(fl.items[1].rule, "r.verify");
    finding_list_free(&fl);
    buf_free(&code);
    rules_free(rs);
}

static void test_severity_in_tests(void **state)
{
    (void)state;
    ruleset *rs = load(secret_rules);
    buf line = {0};
    buf_printf(&line, "API_KEY = \"%s\"\n", SECRET);
    const char *paths[] = {"app/settings.txt", "tests/conf.txt", "src/__tests__/a.txt",
                           "pkg/test_client.txt", "web/fixtures/keys.txt"};
    severity want[] = {SEV_BLOCKER, SEV_INFO, SEV_INFO, SEV_BLOCKER, SEV_INFO};
    for (size_t i = 0; i < 5; i++) {
        finding_list fl = {0};
        run(rs, paths[i], LANG_NONE, line.data, &fl);
        assert_int_equal(fl.len, 1);
        assert_int_equal(fl.items[0].severity, want[i]);
        finding_list_free(&fl);
    }
    buf_free(&line);
    rules_free(rs);
}

static void test_is_test_path(void **state)
{
    (void)state;
    assert_true(match_is_test_path("tests/test_api.py"));
    assert_true(match_is_test_path("test_api.py"));
    assert_true(match_is_test_path("pkg/api_test.py"));
    assert_true(match_is_test_path("src/conftest.py"));
    assert_true(match_is_test_path("src/app.test.ts"));
    assert_true(match_is_test_path("src/app.spec.js"));
    assert_true(match_is_test_path("src/__tests__/x.js"));
    assert_true(match_is_test_path("fixtures/a.env"));
    assert_false(match_is_test_path("src/app.py"));
    assert_false(match_is_test_path("src/contest.py"));
    assert_false(match_is_test_path("src/testing_utils.py"));
    assert_false(match_is_test_path("latest/app.py"));
}

/* --- path and package rules -------------------------------------------------------- */

static const char *path_rules =
    "rules:\n"
    "  - id: p.docker\n    item: 1\n    effect: supports\n    severity: info\n    message: container\n"
    "    path: [Dockerfile, '*.Dockerfile']\n"
    "    exclude: ['vendor/**']\n"
    "  - id: p.hpa\n    item: 1\n    effect: supports\n    severity: info\n    message: hpa\n"
    "    path: '*.yaml'\n"
    "    contains: '^kind:\\s*HorizontalPodAutoscaler'\n"
    "  - id: p.wf\n    item: 5\n    effect: informs\n    severity: info\n    message: ci\n"
    "    path: .github/workflows/*.yml\n";

static void test_path_rules(void **state)
{
    (void)state;
    ruleset *rs = load(path_rules);
    finding_list fl = {0};
    run(rs, "Dockerfile", LANG_NONE, "FROM x\n", &fl);
    run(rs, "deploy/api.Dockerfile", LANG_NONE, "FROM x\n", &fl);
    run(rs, "vendor/lib/Dockerfile", LANG_NONE, "FROM x\n", &fl);
    run(rs, "Dockerfile.md", LANG_NONE, "FROM x\n", &fl);
    run(rs, "k8s/hpa.yaml", LANG_NONE, "apiVersion: v2\nkind: HorizontalPodAutoscaler\n", &fl);
    run(rs, "k8s/dep.yaml", LANG_NONE, "kind: Deployment\n", &fl);
    run(rs, ".github/workflows/ci.yml", LANG_NONE, "on: push\n", &fl);
    run(rs, "docs/.github/workflows/ci.yml", LANG_NONE, "on: push\n", &fl);
    assert_int_equal(fl.len, 4);
    assert_string_equal(fl.items[0].file, "Dockerfile");
    assert_int_equal(fl.items[0].line, 0); /* the file itself is the evidence */
    assert_string_equal(fl.items[0].snippet, "");
    assert_string_equal(fl.items[1].file, "deploy/api.Dockerfile");
    assert_string_equal(fl.items[2].rule, "p.hpa");
    assert_int_equal(fl.items[2].line, 2);
    assert_string_equal(fl.items[2].snippet, "kind: HorizontalPodAutoscaler");
    assert_string_equal(fl.items[3].file, ".github/workflows/ci.yml");
    finding_list_free(&fl);
    rules_free(rs);
}

static void test_package_rules(void **state)
{
    (void)state;
    ruleset *rs = load("rules:\n"
                       "  - id: d.retry\n    item: 3\n    effect: supports\n    severity: info\n    message: retry\n"
                       "    package: [Tenacity, p-retry]\n"
                       "  - id: d.otel\n    item: 21\n    effect: supports\n    severity: info\n    message: otel\n"
                       "    package: ['@opentelemetry/*', 'opentelemetry-instrumentation-*']\n"
                       "  - id: d.pyonly\n    item: 21\n    effect: supports\n    severity: info\n    message: py\n"
                       "    package: langsmith\n    ecosystem: pypi\n");
    dependency deps[] = {
        {.name = "tenacity", .ecosystem = "pypi", .spec = ">=8", .file = "requirements.txt", .line = 3},
        {.name = "p-retry", .ecosystem = "npm", .spec = "^6", .file = "package.json", .line = 12},
        {.name = "@opentelemetry/sdk-node", .ecosystem = "npm", .spec = "", .file = "package.json", .line = 9},
        {.name = "opentelemetry-instrumentation-openai", .ecosystem = "pypi", .spec = "", .file = "pyproject.toml", .line = 20},
        {.name = "langsmith", .ecosystem = "npm", .spec = "", .file = "package.json", .line = 14},
        {.name = "requests", .ecosystem = "pypi", .spec = "", .file = "requirements.txt", .line = 1},
    };
    finding_list fl = {0};
    match_packages(rs, deps, sizeof deps / sizeof *deps, &fl);
    char got[512] = "";
    for (size_t i = 0; i < fl.len; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s@%s:%u[%s] ", fl.items[i].rule,
                 fl.items[i].file, fl.items[i].line, fl.items[i].snippet);
    assert_string_equal(got, "d.otel@package.json:9[@opentelemetry/sdk-node] d.retry@package.json:12[p-retry ^6] "
                             "d.otel@pyproject.toml:20[opentelemetry-instrumentation-openai] "
                             "d.retry@requirements.txt:3[tenacity >=8] ");
    finding_list_free(&fl);
    rules_free(rs);
}

/* --- fingerprints and determinism -------------------------------------------------- */

static char *fingerprint_of(const ruleset *rs, const char *path, const char *code, size_t k)
{
    finding_list fl = {0};
    run(rs, path, LANG_PYTHON, code, &fl);
    assert_true(fl.len > k);
    char *fp = xstrdup(fl.items[k].fingerprint);
    finding_list_free(&fl);
    return fp;
}

static void test_fingerprint_stable(void **state)
{
    (void)state;
    ruleset *rs = load(secret_rules);
    char *a = fingerprint_of(rs, "a.py", "get(u, verify=False)\n", 0);
    char *b = fingerprint_of(rs, "a.py", "import x\n\n\ndef f():\n    get(u,   verify=False)\n", 0);
    char *c = fingerprint_of(rs, "b.py", "get(u, verify=False)\n", 0);
    char *d = fingerprint_of(rs, "a.py", "get(u, verify=True)\n", 0);
    assert_string_equal(a, b);      /* moved and re-indented: same */
    assert_string_not_equal(a, c);  /* another file */
    assert_string_not_equal(a, d);  /* another text */
    /* repeats in one file are told apart by order, still without line numbers */
    char *r0 = fingerprint_of(rs, "a.py", "get(u, verify=False)\nget(v, verify=False)\n", 0);
    char *r1 = fingerprint_of(rs, "a.py", "get(u, verify=False)\nget(v, verify=False)\n", 1);
    char *r1m = fingerprint_of(rs, "a.py", "\n\nget(u, verify=False)\n\nget(v, verify=False)\n", 1);
    assert_string_equal(r0, a);
    assert_string_not_equal(r0, r1);
    assert_string_equal(r1, r1m);
    free(a); free(b); free(c); free(d); free(r0); free(r1); free(r1m);
    rules_free(rs);
}

static void test_deterministic_order(void **state)
{
    (void)state;
    const char *fwd = "rules:\n"
        HEAD("o.b", "info") "    languages: [python]\n    query: '((identifier) @match (#eq? @match \"x\"))'\n"
        HEAD("o.a", "info") "    files: ['*.py']\n    regex: 'x'\n";
    const char *rev = "rules:\n"
        HEAD("o.a", "info") "    files: ['*.py']\n    regex: 'x'\n"
        HEAD("o.b", "info") "    languages: [python]\n    query: '((identifier) @match (#eq? @match \"x\"))'\n";
    ruleset *r1 = load(fwd), *r2 = load(rev);
    const char *code = "y = x\nx = 1\nz(x, x)\n";
    finding_list f1 = {0}, f2 = {0};
    run(r1, "m.py", LANG_PYTHON, code, &f1);
    run(r2, "m.py", LANG_PYTHON, code, &f2);
    assert_int_equal(f1.len, 8);
    assert_int_equal(f1.len, f2.len);
    for (size_t i = 0; i < f1.len; i++) {
        assert_string_equal(f1.items[i].rule, f2.items[i].rule);
        assert_int_equal(f1.items[i].line, f2.items[i].line);
        assert_int_equal(f1.items[i].column, f2.items[i].column);
        assert_string_equal(f1.items[i].fingerprint, f2.items[i].fingerprint);
        if (i) assert_true(finding_compare(&f1.items[i - 1], &f1.items[i]) <= 0);
    }
    finding_list_free(&f1);
    finding_list_free(&f2);
    rules_free(r1);
    rules_free(r2);
}

static void test_long_line_snippet(void **state)
{
    (void)state;
    ruleset *rs = load(secret_rules);
    buf code = {0};
    buf_puts(&code, "x = [");
    for (int i = 0; i < 100; i++) buf_puts(&code, "1234, ");
    buf_puts(&code, "get(verify=False)]\n");
    finding_list fl = {0};
    run(rs, "a.py", LANG_PYTHON, code.data, &fl);
    assert_int_equal(fl.len, 1);
    assert_true(strlen(fl.items[0].snippet) <= 210);
    assert_non_null(strstr(fl.items[0].snippet, "verify=False"));
    assert_memory_equal(fl.items[0].snippet, "\xe2\x80\xa6", 3);
    finding_list_free(&fl);
    buf_free(&code);
    rules_free(rs);
}

/* The direct comparisons for simple globs agree with glob.h. */
static void test_glob_fast_paths(void **state)
{
    (void)state;
    const char *pats[] = {"*", "**", "**/*", "Dockerfile", "*.env", ".env", "*.Dockerfile", "*.test.*",
                          "src/**", ".github/workflows/*.yml", "Dockerfile.*", ".env.*",
                          "docker-compose*.yml", "*x*", "**/app/**/{a,route}.{ts,js}", "src/**/*.ts",
                          ".do/app.yaml", "a/{b,}", "x/*.{yml,y*}", "/CODEOWNERS", "**/Dockerfile",
                          "**/runbooks/**", "docs/**/*privacy*", "**/model_card*", "a.b/**/x?y*", NULL};
    const char *paths[] = {"Dockerfile", "a/Dockerfile", "x.env", ".env", "a/b/.env", "Dockerfile.md",
                           "a/x.Dockerfile", "src/a.test.ts", ".github/workflows/ci.yml", "env", ".env.prod",
                           "d/docker-compose.yml", "docker-compose.prod.yml", "docker-compose.yaml", "x",
                           "w/app/v/route.ts", "app/route.js", "app/route.tsx", ".do/app.yaml", "a/", "a/b",
                           "x/c.yml", "x/c.yaml", "CODEOWNERS", "a/CODEOWNERS", "runbooks/a.md", "x/runbooks/y/z",
                           "x/runbook/y", "docs/privacy.md", "docs/a/b/data-privacy-policy.md", "d/docs/privacy.md",
                           "model_card.md", "a/model_cards/b", "model-card.md", "a.b/xzy", "a.b/c/x_y.md", "ab/x_y",
                           NULL};
    for (const char *const *p = pats; *p; p++) {
        rule_glob g = rules_glob_compile(*p);
        for (const char *const *q = paths; *q; q++) {
            const char *slash = strrchr(*q, '/');
            const char *base = slash ? slash + 1 : *q;
            if (rules_glob_match(&g, *q, strlen(*q), base, strlen(base)) != glob_match(*p, *q)) {
                fprintf(stderr, "glob %s on %s\n", *p, *q);
                fail();
            }
        }
        free(g.lit);
        free(g.need);
        if (g.pat) glob_pat_free(g.pat);
        for (size_t k = 0; k < g.tails.len; k++) free(g.tails.items[k]);
        VEC_FREE(&g.tails);
    }
}

/* --- threads ----------------------------------------------------------------------- */

typedef struct job {
    const ruleset *rs;
    size_t findings;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    match_state *ms = match_state_new(j->rs);
    parser_set *ps = parse_new();
    for (int i = 0; i < 50; i++) {
        finding_list fl = {0};
        run_with(ms, ps, "w.py", LANG_PYTHON, "get(u, verify=False)\nAPI_KEY = \"Q9v7Lm2Xr8Tz4Kp1Wd6N\"\n", &fl);
        j->findings += fl.len;
        finding_list_free(&fl);
    }
    parse_free(ps);
    match_state_free(ms);
    return NULL;
}

static void test_shared_ruleset_threads(void **state)
{
    (void)state;
    ruleset *rs = load(secret_rules);
    pthread_t t[4];
    job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){rs, 0};
        pthread_create(&t[i], NULL, worker, &jobs[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(jobs[i].findings, 100);
    }
    rules_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_location),
        cmocka_unit_test(test_predicates),
        cmocka_unit_test(test_quantified_capture_predicate),
        cmocka_unit_test(test_shared_patterns),
        cmocka_unit_test(test_dispatch_matches_full_walk),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_capture_choice),
        cmocka_unit_test(test_inside_not_inside),
        cmocka_unit_test(test_languages_and_files),
        cmocka_unit_test(test_keywords_gate_queries),
        cmocka_unit_test(test_keywords_gate_regex),
        cmocka_unit_test(test_keyword_line),
        cmocka_unit_test(test_entropy_floor_and_allow),
        cmocka_unit_test(test_secret_redaction),
        cmocka_unit_test(test_severity_in_tests),
        cmocka_unit_test(test_is_test_path),
        cmocka_unit_test(test_path_rules),
        cmocka_unit_test(test_package_rules),
        cmocka_unit_test(test_fingerprint_stable),
        cmocka_unit_test(test_deterministic_order),
        cmocka_unit_test(test_long_line_snippet),
        cmocka_unit_test(test_glob_fast_paths),
        cmocka_unit_test(test_shared_ruleset_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
