/* test_calls_catalog: the SDK catalog proves itself — every entry of rules/sdks carries
 * `tests:` cases, each `match` snippet yields a call of the named api at its line reported
 * by that entry, each `no_match` snippet yields no call at all; the loader rejects
 * malformed cases; reports cite an entry's defaults by its id. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "calls_snippet.h"

static calls_catalog *cat;

static int setup(void **state)
{
    (void)state;
    cat = snippet_catalog();
    return cat ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    calls_catalog_free(cat);
    return 0;
}

static void describe(buf *b, const model_call_list *calls)
{
    if (!calls->len) buf_puts(b, "no call");
    for (size_t i = 0; i < calls->len; i++)
        buf_printf(b, "%s%s %s at line %u", i ? "; " : "", calls->items[i].sdk ? calls->items[i].sdk : "?",
                   calls->items[i].api, calls->items[i].line);
}

/* Runs one case; returns false (after printing why) when it misbehaves. */
static bool run_example(const calls_example *x)
{
    snippet_src src = {snippet_path(x->lang), x->lang, x->code};
    model_call_list calls = {0};
    finding_list findings = {0};
    snippet_analyze(cat, &src, 1, &calls, &findings);
    bool ok;
    if (x->match) {
        ok = false;
        for (size_t i = 0; i < calls.len && !ok; i++) {
            const model_call *c = &calls.items[i];
            ok = c->line == x->line && !strcmp(c->api, x->api) && c->sdk && !strcmp(c->sdk, x->sdk);
        }
    } else {
        ok = calls.len == 0;
    }
    if (!ok) {
        buf got = {0};
        describe(&got, &calls);
        if (x->match)
            print_error("%s:%u (%s): want %s at line %u, got %s\n", x->file, x->yaml_line, x->sdk, x->api, x->line, got.data);
        else
            print_error("%s:%u (%s): want no call, got %s\n", x->file, x->yaml_line, x->sdk, got.data);
        buf_free(&got);
    }
    model_call_list_free(&calls);
    finding_list_free(&findings);
    return ok;
}

static void test_every_example(void **state)
{
    (void)state;
    const calls_example *xs;
    size_t n = calls_catalog_examples(cat, &xs), bad = 0;
    for (size_t i = 0; i < n; i++)
        if (!run_example(&xs[i])) bad++;
    if (bad) fail_msg("%zu of %zu catalog examples misbehave", bad, n);
}

/* Like a rule, an entry with no case that must match and one that must not is untested. */
static void test_every_entry_has_both(void **state)
{
    (void)state;
    const calls_example *xs;
    size_t n = calls_catalog_examples(cat, &xs), missing = 0;
    for (size_t k = 0; k < calls_catalog_sdk_count(cat); k++) {
        const char *id = calls_catalog_sdk_id(cat, k);
        bool m = false, nm = false;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(xs[i].sdk, id)) (xs[i].match ? &m : &nm)[0] = true;
        if (!m || !nm) {
            print_error("sdk %s has no %s case\n", id, !m ? "match" : "no_match");
            missing++;
        }
    }
    if (missing) fail_msg("%zu catalog entries lack examples", missing);
}

/* The default line is the last line of code; `line:` overrides it. */
static void test_case_lines(void **state)
{
    (void)state;
    const calls_example *xs;
    size_t n = calls_catalog_examples(cat, &xs);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        if (!xs[i].match) continue;
        assert_true(xs[i].line >= 1);
        size_t lines = 1;
        for (const char *c = xs[i].code; *c; c++) lines += *c == '\n' && c[1];
        assert_true(xs[i].line <= lines);
    }
}

static char *write_catalog(const char *dir, const char *yaml)
{
    buf path = {0};
    buf_printf(&path, "%s/x.yaml", dir);
    FILE *f = fopen(path.data, "w");
    assert_non_null(f);
    fputs(yaml, f);
    fclose(f);
    char *err = NULL;
    calls_catalog *c = calls_catalog_load(dir, &err);
    calls_catalog_free(c);
    remove(path.data);
    buf_free(&path);
    return err;
}

#define ENTRY                                                                                        \
    "sdks:\n  - id: t\n    provider: t\n    languages: [python]\n    modules: [t]\n"                   \
    "    constructors: [C]\n    calls: [go]\n    params: {model: [model]}\n"                           \
    "    defaults: {retries: 0, timeout: null, verified: here}\n"

static void test_loader_rejects_bad_cases(void **state)
{
    (void)state;
    char dir[] = "/tmp/aiready-catalog-test.XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const struct { const char *yaml, *want; } cases[] = {
        {ENTRY "    tests: {match: ['C().go()']}\n", "names the api"},
        {ENTRY "    tests: {no_match: [{code: 'x', api: go}]}\n", "names no api"},
        {ENTRY "    tests: {match: [{api: go, code: 'x', language: ruby}]}\n", "language 'ruby'"},
        {ENTRY "    tests: {match: [{api: go, code: 'x', language: typescript}]}\n", "not one of sdk 't'"},
        {ENTRY "    tests: {match: [{api: go, code: 'x', expect: 1}]}\n", "unknown key 'expect'"},
        {ENTRY "    tests: {matches: []}\n", "unknown key 'matches'"},
        {ENTRY "    tests: [x]\n", "expected match and no_match"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *err = write_catalog(dir, cases[i].yaml);
        if (!err || !strstr(err, cases[i].want)) fail_msg("case %zu: want '%s', got %s", i, cases[i].want, err ? err : "no error");
        free(err);
    }
    char *err = write_catalog(dir, ENTRY "    tests:\n      match:\n        - api: go\n          code: |\n"
                                         "            import t\n            t.C().go()\n\n"
                                         "      no_match: ['import t']\n");
    assert_null(err);
    rmdir(dir);
}

/* A default is cited by entry id, so editing a catalog file moves no report. */
static void test_defaults_cited_by_id(void **state)
{
    (void)state;
    snippet_src src = {"app/a.py", LANG_PYTHON,
                       "from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model='gpt-4o', messages=[])\n"};
    model_call_list calls = {0};
    finding_list findings = {0};
    snippet_analyze(cat, &src, 1, &calls, &findings);
    assert_int_equal(calls.len, 1);
    assert_string_equal(calls.items[0].retry_source, "rules/sdks/openai.yaml#openai-python");
    assert_string_equal(calls.items[0].timeout_source, "rules/sdks/openai.yaml#openai-python");
    for (size_t k = 0; k < calls_catalog_sdk_count(cat); k++)
        if (!strcmp(calls_catalog_sdk_id(cat, k), "openai-python"))
            assert_string_equal(calls_catalog_sdk_cite(cat, k), "rules/sdks/openai.yaml#openai-python");
    model_call_list_free(&calls);
    finding_list_free(&findings);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_example),
        cmocka_unit_test(test_every_entry_has_both),
        cmocka_unit_test(test_case_lines),
        cmocka_unit_test(test_loader_rejects_bad_cases),
        cmocka_unit_test(test_defaults_cited_by_id),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
