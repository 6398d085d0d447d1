/* test_checklist: loading rules/checklist.yaml and rejecting malformed checklists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "checklist_fixture.h"

/* ---- the real file ---------------------------------------------------------------- */

static checklist *load_real(void)
{
    char *path = fixture_path("rules/checklist.yaml");
    char *err = NULL;
    checklist *cl = checklist_load(path, &err);
    if (!cl) print_error("%s\n", err ? err : "(no message)");
    assert_non_null(cl);
    assert_null(err);
    free(path);
    return cl;
}

static void test_real_file_has_50_valid_items(void **state)
{
    (void)state;
    checklist *cl = load_real();
    unsigned per_strategy[STRATEGY_COUNT] = {0};
    for (int id = 1; id <= CHECKLIST_ITEMS; id++) {
        const checklist_item *it = checklist_item_get(cl, id);
        assert_non_null(it);
        assert_int_equal(it->id, id);
        assert_int_equal(it->pillar, (id - 1) / 10 + 1);
        assert_true(strlen(it->title) > 10);
        assert_true(strlen(it->description) > 20);
        assert_null(strchr(it->description, '\n')); /* one line */
        assert_true(strlen(it->needs_review) > 40);
        assert_true(strlen(it->remediation) > 40);
        assert_true(strlen(it->ready_evidence) > 40);
        if (it->strategy == STRATEGY_VIOLATION) assert_true(strlen(it->blocker_evidence) > 40);
        per_strategy[it->strategy]++;
        if (it->strategy == STRATEGY_COVERAGE ||
            (it->strategy == STRATEGY_VIOLATION && it->fallback == STRATEGY_COVERAGE))
            assert_int_not_equal(it->attribute, ATTR_NONE);
    }
    assert_null(checklist_item_get(cl, 0));
    assert_null(checklist_item_get(cl, 51));
    /* The catalog's resolution table, with item 26 judged by presence (no usage fact yet), item 18 by coverage of
     * pinned models and item 9 by coverage of token limits plus a spend or request limit (issue 12 bar). */
    assert_int_equal(per_strategy[STRATEGY_PRESENCE], 22);
    assert_int_equal(per_strategy[STRATEGY_COVERAGE], 5);
    assert_int_equal(per_strategy[STRATEGY_VIOLATION], 8);
    assert_int_equal(per_strategy[STRATEGY_ATTESTATION], 15);
    checklist_free(cl);
}

static void test_real_file_pillars_and_decision(void **state)
{
    (void)state;
    checklist *cl = load_real();
    const double weights[] = {1.5, 1, 1, 1.5, 1};
    for (int p = 1; p <= CHECKLIST_PILLARS; p++) {
        assert_non_null(checklist_pillar_name(cl, p));
        assert_true(checklist_pillar_weight(cl, p) == weights[p - 1]);
    }
    assert_null(checklist_pillar_name(cl, 6));
    const checklist_globs *g = checklist_rebuild_rules(cl);
    assert_true(g->len >= 1);
    assert_true(checklist_globs_match(g, "model-call.output-to-exec"));
    assert_false(checklist_globs_match(g, "secrets.openai-api-key"));
    checklist_free(cl);
}

static void test_real_file_item_details(void **state)
{
    (void)state;
    checklist *cl = load_real();
    const checklist_item *i7 = checklist_item_get(cl, 7);
    assert_true(i7->has_na_condition);
    assert_true(checklist_globs_match(&i7->na_no_evidence_from, "db.pool.sqlalchemy"));
    assert_int_equal(i7->n_parts, 2);
    const checklist_item *i17 = checklist_item_get(cl, 17);
    assert_int_equal(i17->strategy, STRATEGY_VIOLATION);
    assert_int_equal(i17->fallback, STRATEGY_COVERAGE);
    assert_int_equal(i17->attribute, ATTR_OUTPUT_VALIDATED);
    assert_int_equal(i17->without_calls, WITHOUT_CALLS_PRESENCE);
    const checklist_item *i21 = checklist_item_get(cl, 21);
    assert_int_equal(i21->attribute, ATTR_LOGGED);
    assert_false(i21->attest_ready);
    assert_false(i21->attest_not_applicable);
    const checklist_item *i10 = checklist_item_get(cl, 10);
    assert_int_equal(i10->strategy, STRATEGY_ATTESTATION);
    assert_int_equal(i10->document_rules.len, 1);
    assert_string_equal(i10->document_rules.items[0], "docs.*");
    /* Pillar-4 items can be attested Ready but never waved away as not applicable. */
    for (int id = 31; id <= 40; id++) assert_false(checklist_item_get(cl, id)->attest_not_applicable);
    checklist_free(cl);
}

/* ---- globs -------------------------------------------------------------------------- */

static void test_glob_match(void **state)
{
    (void)state;
    assert_true(checklist_glob_match("db.*", "db.pool.sqlalchemy"));
    assert_true(checklist_glob_match("db.*", "db."));
    assert_false(checklist_glob_match("db.*", "db"));
    assert_false(checklist_glob_match("db.*", "xdb.pool"));
    assert_true(checklist_glob_match("*", ""));
    assert_true(checklist_glob_match("secrets.openai-api-key", "secrets.openai-api-key"));
    assert_false(checklist_glob_match("secrets.openai-api-key", "secrets.openai-api-key2"));
    assert_true(checklist_glob_match("*.exec*", "model-output.exec.eval"));
    assert_true(checklist_glob_match("a*b*c", "aXXbYYbZc"));
    assert_false(checklist_glob_match("a*b*c", "aXXbYYbZ"));
    assert_true(checklist_glob_match("model-output.code-exec*", "model-output.code-exec"));
}

/* ---- malformed input ------------------------------------------------------------------ */

/* Parses fixture text with item 1 (at line 9) replaced by body, expecting failure whose
 * message contains every string in want[]. */
static void expect_errors(const char *item1_body, const char *decision, const char *const *want)
{
    const char *ov[CHECKLIST_ITEMS + 1] = {0};
    ov[1] = item1_body;
    char *yaml = fixture_yaml(ov, 0, decision);
    char *err = NULL;
    checklist *cl = checklist_parse(yaml, strlen(yaml), "bad.yaml", &err);
    assert_null(cl);
    assert_non_null(err);
    for (size_t i = 0; want[i]; i++) {
        if (!strstr(err, want[i])) print_error("missing '%s' in:\n%s\n", want[i], err);
        assert_non_null(strstr(err, want[i]));
    }
    free(err);
    free(yaml);
}

static const char *const BODY_TAIL =
    "    description: \"d\"\n"
    "    ready_evidence: \"e\"\n"
    "    needs_review: \"n\"\n"
    "    remediation: \"r\"\n";

static char *body(const char *head)
{
    buf b = {0};
    buf_puts(&b, head);
    buf_puts(&b, BODY_TAIL);
    return buf_take(&b);
}

static void test_unknown_key(void **state)
{
    (void)state;
    char *b = body("    title: \"t\"\n    stratgy: presence\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:12: item 1: unknown key 'stratgy'",
                                            "bad.yaml:9: item 1: missing required field 'strategy'", NULL});
    free(b);
}

static void test_missing_field(void **state)
{
    (void)state;
    expect_errors("    title: \"t\"\n    strategy: presence\n    ready_evidence: e\n    needs_review: \"n\"\n"
                  "    remediation: \"r\"\n",
                  NULL, (const char *[]){"bad.yaml:9: item 1: missing required field 'description'", NULL});
}

static void test_duplicate_key(void **state)
{
    (void)state;
    char *b = body("    title: \"t\"\n    title: \"again\"\n    strategy: presence\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:12: item 1: duplicate key 'title'", NULL});
    free(b);
}

static void test_duplicate_id(void **state)
{
    (void)state;
    /* Item 2's slot declares id 1 again: line 17 is its "id:" line. */
    const char *ov[CHECKLIST_ITEMS + 1] = {0};
    char *yaml = fixture_yaml(ov, 0, NULL);
    char *p = strstr(yaml, "  - id: 2\n");
    assert_non_null(p);
    p[8] = '1';
    char *err = NULL;
    assert_null(checklist_parse(yaml, strlen(yaml), "dup.yaml", &err));
    assert_non_null(strstr(err, "dup.yaml:17: item 1: duplicate id 1 (first defined at line 9)"));
    assert_non_null(strstr(err, "items must be exactly 1..50; missing: 2"));
    free(err);
    free(yaml);
}

static void test_id_out_of_range_and_missing(void **state)
{
    (void)state;
    char *yaml = fixture_yaml(NULL, 0, NULL);
    char *p = strstr(yaml, "  - id: 50\n");
    p[9] = '1'; /* id: 51 */
    char *err = NULL;
    assert_null(checklist_parse(yaml, strlen(yaml), "range.yaml", &err));
    assert_non_null(strstr(err, "item 51: 'id' must be a whole number from 1 to 50, not '51'"));
    assert_non_null(strstr(err, "missing: 50"));
    free(err);
    free(yaml);

    yaml = fixture_yaml(NULL, 13, NULL);
    assert_null(checklist_parse(yaml, strlen(yaml), "gap.yaml", &err));
    assert_non_null(strstr(err, "gap.yaml:8: items must be exactly 1..50; missing: 13"));
    free(err);
    free(yaml);
}

static void test_bad_pillar(void **state)
{
    (void)state;
    char *yaml = fixture_yaml(NULL, 0, NULL);
    char *p = strstr(yaml, "  - id: 1\n    pillar: 1\n");
    p[strlen("  - id: 1\n    pillar: ")] = '3';
    char *err = NULL;
    assert_null(checklist_parse(yaml, strlen(yaml), "pillar.yaml", &err));
    assert_non_null(strstr(err, "pillar.yaml:10: item 1: pillar 3 is wrong: items 1-10 belong to pillar 1"));
    free(err);
    p[strlen("  - id: 1\n    pillar: ")] = '9';
    assert_null(checklist_parse(yaml, strlen(yaml), "pillar.yaml", &err));
    assert_non_null(strstr(err, "pillar.yaml:10: item 1: 'pillar' must be a whole number from 1 to 5, not '9'"));
    free(err);
    free(yaml);
}

static void test_bad_strategy_combinations(void **state)
{
    (void)state;
    char *b = body("    title: \"t\"\n    strategy: sometimes\n");
    expect_errors(b, NULL, (const char *[]){
        "bad.yaml:12: item 1: 'strategy' must be one of presence, coverage, violation, attestation, not 'sometimes'",
        NULL});
    free(b);
    b = body("    title: \"t\"\n    strategy: coverage\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:12: item 1: coverage needs an 'attribute'", NULL});
    free(b);
    b = body("    title: \"t\"\n    strategy: violation\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:12: item 1: a violation item needs a 'fallback'",
                                            "bad.yaml:12: item 1: a violation item needs 'blocker_evidence'", NULL});
    free(b);
    b = body("    title: \"t\"\n    strategy: presence\n    attribute: logged\n    fallback: presence\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:13: item 1: 'attribute' applies only to coverage",
                                            "bad.yaml:14: item 1: 'fallback' applies only to violation items",
                                            NULL});
    free(b);
    b = body("    title: \"t\"\n    strategy: coverage\n    attribute: cached\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:13: item 1: 'attribute' must be one of logged,", NULL});
    free(b);
    b = body("    title: \"t\"\n    strategy: presence\n    evidence:\n      documents: [\"docs.*\"]\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:14: item 1: 'evidence.documents' applies only to attestation items", NULL});
    free(b);
    b = body("    title: \"t\"\n    strategy: attestation\n    evidence:\n      parts: [{name: a, rules: [\"a.*\"]}]\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:14: item 1: 'evidence.parts' applies only where presence or coverage is judged", NULL});
    free(b);
}

static void test_bad_conditions_and_regex(void **state)
{
    (void)state;
    char *b = body("    title: \"t\"\n    strategy: presence\n    not_applicable_when: {reason: \"x\"}\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:13: item 1: 'not_applicable_when' needs no_evidence_from or no_model_calls", NULL});
    free(b);
    b = body("    title: \"t\"\n    strategy: presence\n    not_applicable_when: {no_model_calls: true, when: x}\n");
    expect_errors(b, NULL, (const char *[]){"item 1: unknown key 'when'", "item 1: missing required field 'reason'", NULL});
    free(b);
    b = body("    title: \"t\"\n    strategy: presence\n    attestation_keywords: 'auto(scal'\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:13: item 1: 'attestation_keywords' is not a valid regex", NULL});
    free(b);
    b = body("    title: \"t\"\n    strategy: presence\n    attest: [ready, maybe]\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:13: item 1: 'attest' must be one of ready, not_applicable, not 'maybe'", NULL});
    free(b);
    b = body("    title: \"t\"\n    strategy: presence\n    evidence: {rules: []}\n");
    expect_errors(b, NULL, (const char *[]){"bad.yaml:13: item 1: 'evidence.rules' must not be empty", NULL});
    free(b);
}

static void test_top_level_problems(void **state)
{
    (void)state;
    char *err = NULL;
    const char *text = "version: 2\nitemz: []\n";
    assert_null(checklist_parse(text, strlen(text), "top.yaml", &err));
    assert_non_null(strstr(err, "top.yaml:1: checklist: 'version' must be 1, not '2'"));
    assert_non_null(strstr(err, "top.yaml:2: checklist: unknown key 'itemz'"));
    assert_non_null(strstr(err, "top.yaml:1: checklist: missing required field 'pillars'"));
    free(err);

    text = "version: 1\npillars:\n  - {id: 1, name: a, weight: 0}\nitems: []\n";
    assert_null(checklist_parse(text, strlen(text), "p.yaml", &err));
    assert_non_null(strstr(err, "p.yaml:3: pillar 1: 'weight' must be a number above 0"));
    assert_non_null(strstr(err, "p.yaml:2: pillars must be exactly 1..5; missing: 2"));
    assert_non_null(strstr(err, "p.yaml:4: items must be exactly 1..50; missing: 1, 2, 3"));
    free(err);

    assert_null(checklist_parse("", 0, "empty.yaml", &err));
    assert_string_equal(err, "empty.yaml:1: the file is empty");
    free(err);

    text = "- just\n- a list\n";
    assert_null(checklist_parse(text, strlen(text), "list.yaml", &err));
    assert_string_equal(err, "list.yaml:1: checklist: expected a mapping");
    free(err);
}

static void test_yaml_syntax_error(void **state)
{
    (void)state;
    char *yaml = fixture_yaml(NULL, 0, NULL);
    buf b = {0};
    buf_puts(&b, yaml);
    buf_puts(&b, "  - id: [unclosed\n");
    char *err = NULL;
    assert_null(checklist_parse(b.data, b.len, "syntax.yaml", &err));
    char want[64];
    snprintf(want, sizeof want, "syntax.yaml:%d: YAML syntax error", FIXTURE_FIRST_ITEM_LINE + 50 * FIXTURE_ITEM_LINES + 1);
    if (!strstr(err, want)) print_error("%s\n", err);
    assert_non_null(strstr(err, want));
    free(err);
    buf_free(&b);
    free(yaml);
}

static void test_missing_file(void **state)
{
    (void)state;
    char *err = NULL;
    assert_null(checklist_load("/nonexistent/checklist.yaml", &err));
    assert_non_null(strstr(err, "/nonexistent/checklist.yaml: cannot open"));
    free(err);
}

static void test_decision_block(void **state)
{
    (void)state;
    checklist *cl = fixture_checklist(NULL, "decision:\n  rebuild_on_rules: [\"x.exec*\"]\n");
    assert_int_equal(checklist_rebuild_rules(cl)->len, 1);
    assert_true(checklist_globs_match(checklist_rebuild_rules(cl), "x.exec.eval"));
    checklist_free(cl);
    cl = fixture_checklist(NULL, NULL);
    assert_int_equal(checklist_rebuild_rules(cl)->len, 0);
    checklist_free(cl);
    char *yaml = fixture_yaml(NULL, 0, "decision:\n  rebuild_on: []\n");
    char *err = NULL;
    assert_null(checklist_parse(yaml, strlen(yaml), "d.yaml", &err));
    assert_non_null(strstr(err, "d.yaml:9: decision: unknown key 'rebuild_on'"));
    free(err);
    free(yaml);
}

static void test_defaults(void **state)
{
    (void)state;
    const char *ov[CHECKLIST_ITEMS + 1] = {0};
    ov[2] = "    title: t\n    description: d\n    strategy: violation\n    fallback: attestation\n"
            "    ready_evidence: e\n    blocker_evidence: b\n    needs_review: n\n    remediation: r\n";
    ov[3] = "    title: t\n    description: d\n    strategy: coverage\n    attribute: retry\n"
            "    ready_evidence: e\n    needs_review: n\n    remediation: r\n";
    checklist *cl = fixture_checklist(ov, NULL);
    const checklist_item *i1 = checklist_item_get(cl, 1);
    assert_true(i1->attest_ready && i1->attest_not_applicable);
    assert_int_equal(i1->document_rules.len, 0);
    assert_int_equal(i1->line, FIXTURE_FIRST_ITEM_LINE);
    const checklist_item *i2 = checklist_item_get(cl, 2);
    assert_string_equal(i2->document_rules.items[0], "docs.*");
    assert_int_equal(checklist_item_get(cl, 3)->without_calls, WITHOUT_CALLS_NEEDS_REVIEW);
    assert_string_equal(checklist_strategy_name(STRATEGY_VIOLATION), "violation");
    assert_string_equal(checklist_attribute_name(ATTR_PROMPT_VERSIONED), "prompt_versioned");
    assert_string_equal(checklist_without_calls_name(WITHOUT_CALLS_PRESENCE), "presence");
    checklist_free(cl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_file_has_50_valid_items),
        cmocka_unit_test(test_real_file_pillars_and_decision),
        cmocka_unit_test(test_real_file_item_details),
        cmocka_unit_test(test_glob_match),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_missing_field),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_id_out_of_range_and_missing),
        cmocka_unit_test(test_bad_pillar),
        cmocka_unit_test(test_bad_strategy_combinations),
        cmocka_unit_test(test_bad_conditions_and_regex),
        cmocka_unit_test(test_top_level_problems),
        cmocka_unit_test(test_yaml_syntax_error),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_decision_block),
        cmocka_unit_test(test_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
