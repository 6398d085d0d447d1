/* test_items: every status of every strategy, coverage edge cases, attestations and
 * not-applicable conditions. The checklist is a fixture whose items 1-16 are set up
 * for one case each (see group_setup); the rest are plain presence items. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "checklist_fixture.h"
#include "items.h"
#include "provenance.h"

#define BODY(extra) "    title: t\n    description: d\n    ready_evidence: e\n" extra \
                    "    blocker_evidence: b\n    needs_review: \"Check it.\"\n    remediation: r\n"

enum {
    I_PRESENCE = 1, I_PARTS = 2, I_COV_NR = 3, I_COV_PRES = 4, I_VIOL_PRES = 5,
    I_VIOL_COV = 6, I_VIOL_ATT = 7, I_ATT = 8, I_NA_DB = 9, I_NA_CALLS = 10,
    I_NA_BOTH = 11, I_NO_ATTEST = 12, I_ATTEST_READY = 13, I_ATTEST_NA = 14,
    I_NARROW = 15, I_DOCS = 16, I_TESTS = 17, I_EITHER = 18, I_PUBLISHED = 19
};

static int group_setup(void **state)
{
    const char *ov[CHECKLIST_ITEMS + 1] = {0};
    ov[I_PARTS] = BODY("    strategy: presence\n    evidence:\n      parts:\n"
                       "        - {name: alpha, rules: [\"a.*\", \"ab.*\"]}\n"
                       "        - {name: beta, rules: [\"b.*\", \"ab.*\"]}\n");
    ov[I_COV_NR] = BODY("    strategy: coverage\n    attribute: logged\n");
    ov[I_COV_PRES] = BODY("    strategy: coverage\n    attribute: retry\n    without_calls: presence\n");
    ov[I_VIOL_PRES] = BODY("    strategy: violation\n    fallback: presence\n    attest: [ready]\n");
    ov[I_VIOL_COV] = BODY("    strategy: violation\n    fallback: coverage\n    attribute: output_validated\n"
                          "    without_calls: presence\n");
    ov[I_VIOL_ATT] = BODY("    strategy: violation\n    fallback: attestation\n");
    ov[I_ATT] = BODY("    strategy: attestation\n");
    ov[I_NA_DB] = BODY("    strategy: presence\n    not_applicable_when:\n"
                       "      no_evidence_from: [\"db.*\"]\n      reason: \"No database.\"\n");
    ov[I_NA_CALLS] = BODY("    strategy: presence\n    not_applicable_when: {no_model_calls: true, reason: \"No calls.\"}\n");
    ov[I_NA_BOTH] = BODY("    strategy: presence\n    not_applicable_when:\n"
                         "      no_evidence_from: [\"db.*\", \"ingest.*\"]\n      no_model_calls: true\n"
                         "      reason: \"Nothing to do.\"\n");
    ov[I_NO_ATTEST] = BODY("    strategy: presence\n    attest: []\n");
    ov[I_ATTEST_READY] = BODY("    strategy: presence\n    attest: [ready]\n");
    ov[I_ATTEST_NA] = BODY("    strategy: presence\n    attest: [not_applicable]\n");
    ov[I_NARROW] = BODY("    strategy: presence\n    evidence: {rules: [\"keep.*\"]}\n");
    ov[I_DOCS] = BODY("    strategy: attestation\n    evidence: {documents: [\"runbook.*\"]}\n");
    ov[I_TESTS] = BODY("    strategy: presence\n    proof: tests\n");
    ov[I_EITHER] = BODY("    strategy: presence\n    proof: operative_or_documents\n");
    ov[I_PUBLISHED] = BODY("    strategy: violation\n    fallback: attestation\n"
                           "    evidence: {published: [\"pii.committed-*\"]}\n");
    *state = fixture_checklist(ov, NULL);
    return 0;
}

static int group_teardown(void **state)
{
    checklist_free(*state);
    return 0;
}

/* ---- builders ---------------------------------------------------------------------- */

static finding mk(const char *rule, int item, effect e, severity s, const char *msg)
{
    finding f = {0};
    f.rule = (char *)rule;
    f.items[0] = (uint8_t)item;
    f.n_items = 1;
    f.effect = e;
    f.severity = s;
    f.message = (char *)msg;
    /* a document rule's finding is in the project's documentation, any other in code */
    f.file = (char *)(strncmp(rule, "docs.", 5) == 0 ? "docs/policy.md" : "app.py");
    f.line = 3;
    return f;
}

static finding at(finding f, const char *file)
{
    f.file = (char *)file;
    return f;
}

#define SUP(rule, item) mk(rule, item, EFFECT_SUPPORTS, SEV_INFO, "supports " rule)
#define WARN(rule, item) mk(rule, item, EFFECT_VIOLATES, SEV_WARNING, "warns " rule)
#define BLOCK(rule, item) mk(rule, item, EFFECT_VIOLATES, SEV_BLOCKER, "blocks " rule)
#define INFO(rule, item) mk(rule, item, EFFECT_INFORMS, SEV_INFO, "informs " rule)

static model_call call_logged(bool logged)
{
    model_call c = {0};
    c.logged = logged;
    return c;
}

static attestation att(int item, bool valid, bool na)
{
    attestation a = {0};
    a.item = item;
    a.valid = valid;
    a.not_applicable = na;
    a.owner = (char *)"Jane Doe <jane@corp.example>";
    a.date = (char *)"2026-01-10";
    a.expires = (char *)"2026-07-10";
    a.note = (char *)"checked by hand";
    a.reason = (char *)"internal tool";
    a.file = (char *)".aiready.yml";
    a.line = 7;
    a.invalid_reason = valid ? NULL : (char *)"expired on 2026-01-01";
    return a;
}

typedef struct inputs {
    const finding *f;
    size_t nf;
    const model_call *c;
    size_t nc;
    const attestation *a;
    size_t na;
} inputs;

static void resolve(void **state, inputs in, resolved_items *out)
{
    items_resolve(*state, in.f, in.nf, in.c, in.nc, in.a, in.na, out);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- presence ---------------------------------------------------------------------- */

static void test_presence_nothing_is_needs_review(void **state)
{
    resolved_items r;
    resolve(state, (inputs){0}, &r);
    const resolved_item *it = &r.items[I_PRESENCE - 1];
    assert_int_equal(it->id, I_PRESENCE);
    assert_int_equal(it->pillar, 1);
    assert_int_equal(it->status, ITEM_NEEDS_REVIEW);
    assert_int_equal(it->basis, BASIS_NONE);
    assert_string_equal(it->summary, "Check item 1.");
    assert_int_equal(it->n_evidence, 0);
    assert_false(items_has_evidence(it));
    /* Every item is resolved, and nothing is Ready from nothing. */
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        assert_int_equal(r.items[i].id, i + 1);
        assert_int_not_equal(r.items[i].status, ITEM_READY);
    }
    items_free(&r);
}

static void test_presence_supporting_is_ready(void **state)
{
    finding f[] = {INFO("x.info", I_PRESENCE), SUP("x.one", I_PRESENCE), SUP("x.two", I_PRESENCE)};
    resolved_items r;
    resolve(state, (inputs){f, N(f), 0, 0, 0, 0}, &r);
    const resolved_item *it = &r.items[I_PRESENCE - 1];
    assert_int_equal(it->status, ITEM_READY);
    assert_int_equal(it->basis, BASIS_DETECTED);
    assert_string_equal(it->summary, "supports x.one (and 1 more finding)");
    assert_int_equal(it->n_evidence, 3);
    assert_int_equal(it->evidence[0], 0);
    assert_int_equal(it->evidence[2], 2);
    assert_int_equal(it->n_supporting, 2);
    items_free(&r);
}

static void test_presence_informs_or_warning_only(void **state)
{
    finding f[] = {INFO("x.info", I_PRESENCE), WARN("x.alias", I_PRESENCE)};
    resolved_items r;
    resolve(state, (inputs){f, N(f), 0, 0, 0, 0}, &r);
    const resolved_item *it = &r.items[I_PRESENCE - 1];
    assert_int_equal(it->status, ITEM_NEEDS_REVIEW);
    assert_int_equal(it->basis, BASIS_DETECTED);
    assert_string_equal(it->summary, "Warning: warns x.alias. Check item 1.");
    assert_int_equal(it->n_violating, 1);
    assert_int_equal(it->n_blocking, 0);
    items_free(&r);
}

static void test_presence_blocker_wins(void **state)
{
    finding f[] = {SUP("x.good", I_PRESENCE), BLOCK("x.bad", I_PRESENCE), BLOCK("x.worse", I_PRESENCE)};
    resolved_items r;
    resolve(state, (inputs){f, N(f), 0, 0, 0, 0}, &r);
    const resolved_item *it = &r.items[I_PRESENCE - 1];
    assert_int_equal(it->status, ITEM_BLOCKER);
    assert_int_equal(it->basis, BASIS_DETECTED);
    assert_string_equal(it->summary, "blocks x.bad (and 1 more blocker)");
    assert_int_equal(it->n_blocking, 2);
    items_free(&r);
}

static void test_presence_parts(void **state)
{
    finding one[] = {SUP("a.container", I_PARTS)};
    resolved_items r;
    resolve(state, (inputs){one, N(one), 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_PARTS - 1].status, ITEM_NEEDS_REVIEW);
    assert_string_equal(r.items[I_PARTS - 1].summary, "Found: alpha; missing: beta. Check it.");
    items_free(&r);

    finding both[] = {SUP("a.container", I_PARTS), SUP("b.hpa", I_PARTS)};
    resolve(state, (inputs){both, N(both), 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_PARTS - 1].status, ITEM_READY);
    items_free(&r);

    /* One finding that belongs to both parts (a serverless platform) completes them. */
    finding shared[] = {SUP("ab.vercel", I_PARTS)};
    resolve(state, (inputs){shared, N(shared), 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_PARTS - 1].status, ITEM_READY);
    items_free(&r);

    /* Supporting evidence outside every part does not complete them. */
    finding other[] = {SUP("z.other", I_PARTS)};
    resolve(state, (inputs){other, N(other), 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_PARTS - 1].status, ITEM_NEEDS_REVIEW);
    assert_string_equal(r.items[I_PARTS - 1].summary, "Check it.");
    items_free(&r);
}

static void test_evidence_narrowed_by_rules(void **state)
{
    finding f[] = {SUP("drop.me", I_NARROW), SUP("keep.me", I_NARROW), BLOCK("drop.bad", I_NARROW)};
    resolved_items r;
    resolve(state, (inputs){f, N(f), 0, 0, 0, 0}, &r);
    const resolved_item *it = &r.items[I_NARROW - 1];
    assert_int_equal(it->status, ITEM_READY); /* the blocker is outside the item's rules */
    assert_int_equal(it->n_evidence, 1);
    assert_int_equal(it->evidence[0], 1);
    assert_string_equal(it->summary, "supports keep.me");
    items_free(&r);
}

static void test_finding_with_several_items(void **state)
{
    finding f = SUP("multi.x", I_PRESENCE);
    f.items[1] = I_ATTEST_READY;
    f.n_items = 2;
    resolved_items r;
    resolve(state, (inputs){&f, 1, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_PRESENCE - 1].status, ITEM_READY);
    assert_int_equal(r.items[I_ATTEST_READY - 1].status, ITEM_READY);
    assert_int_equal(r.items[I_NO_ATTEST - 1].status, ITEM_NEEDS_REVIEW);
    items_free(&r);
}

/* ---- coverage ---------------------------------------------------------------------- */

static void test_coverage_partial(void **state)
{
    model_call c[9];
    for (int i = 0; i < 9; i++) c[i] = call_logged(i < 7);
    resolved_items r;
    resolve(state, (inputs){0, 0, c, 9, 0, 0}, &r);
    const resolved_item *it = &r.items[I_COV_NR - 1];
    assert_int_equal(it->status, ITEM_NEEDS_REVIEW);
    assert_int_equal(it->basis, BASIS_DETECTED);
    assert_true(it->coverage_judged);
    assert_int_equal(it->covered, 7);
    assert_int_equal(it->total, 9);
    assert_string_equal(it->summary, "7 of 9 model calls logged. Check it.");
    assert_true(items_has_evidence(it));
    items_free(&r);
}

static void test_coverage_full_and_singular(void **state)
{
    model_call c[3] = {call_logged(true), call_logged(true), call_logged(true)};
    resolved_items r;
    resolve(state, (inputs){0, 0, c, 3, 0, 0}, &r);
    assert_int_equal(r.items[I_COV_NR - 1].status, ITEM_READY);
    assert_string_equal(r.items[I_COV_NR - 1].summary, "3 of 3 model calls logged.");
    items_free(&r);
    resolve(state, (inputs){0, 0, c, 1, 0, 0}, &r);
    assert_string_equal(r.items[I_COV_NR - 1].summary, "1 of 1 model call logged.");
    items_free(&r);
    model_call none = call_logged(false);
    resolve(state, (inputs){0, 0, &none, 1, 0, 0}, &r);
    assert_int_equal(r.items[I_COV_NR - 1].status, ITEM_NEEDS_REVIEW);
    assert_string_equal(r.items[I_COV_NR - 1].summary, "0 of 1 model call logged. Check it.");
    items_free(&r);
}

static void test_coverage_skips_calls_in_tests(void **state)
{
    /* calls under tests/ stay in the inventory but are not counted */
    model_call c[3] = {call_logged(true), call_logged(false), call_logged(false)};
    c[1].in_tests = c[2].in_tests = true;
    resolved_items r;
    resolve(state, (inputs){0, 0, c, 3, 0, 0}, &r);
    assert_int_equal(r.items[I_COV_NR - 1].status, ITEM_READY);
    assert_int_equal(r.items[I_COV_NR - 1].total, 1);
    assert_string_equal(r.items[I_COV_NR - 1].summary, "1 of 1 model call logged.");
    items_free(&r);
    /* only calls in tests: nothing to judge, never Ready from them */
    resolve(state, (inputs){0, 0, c + 1, 2, 0, 0}, &r);
    assert_int_equal(r.items[I_COV_NR - 1].status, ITEM_NEEDS_REVIEW);
    assert_false(r.items[I_COV_NR - 1].coverage_judged);
    assert_int_equal(r.items[I_COV_NR - 1].total, 0);
    assert_string_equal(r.items[I_COV_NR - 1].summary,
                        "No model calls were detected outside tests (2 in tests). Check it.");
    items_free(&r);
}

static void test_coverage_without_calls(void **state)
{
    /* needs_review fallback: never Ready from nothing, even with supporting findings. */
    finding f[] = {SUP("trace.global", I_COV_NR), SUP("retry.tenacity", I_COV_PRES)};
    resolved_items r;
    resolve(state, (inputs){f, N(f), 0, 0, 0, 0}, &r);
    const resolved_item *nr = &r.items[I_COV_NR - 1];
    assert_int_equal(nr->status, ITEM_NEEDS_REVIEW);
    assert_false(nr->coverage_judged);
    assert_int_equal(nr->total, 0);
    assert_string_equal(nr->summary, "No model calls were detected. Check it.");
    /* presence fallback: supporting findings make it Ready. */
    const resolved_item *pr = &r.items[I_COV_PRES - 1];
    assert_int_equal(pr->status, ITEM_READY);
    assert_false(pr->coverage_judged);
    assert_string_equal(pr->summary, "supports retry.tenacity");
    items_free(&r);

    /* presence fallback without findings stays Needs Review, with no basis. */
    resolve(state, (inputs){0}, &r);
    assert_int_equal(r.items[I_COV_PRES - 1].status, ITEM_NEEDS_REVIEW);
    assert_int_equal(r.items[I_COV_PRES - 1].basis, BASIS_NONE);
    assert_string_equal(r.items[I_COV_PRES - 1].summary, "No model calls were detected. Check it.");
    items_free(&r);
}

static void test_coverage_blocker(void **state)
{
    model_call c = call_logged(true);
    finding f[] = {BLOCK("log.raw-prompt", I_COV_NR)};
    resolved_items r;
    resolve(state, (inputs){f, 1, &c, 1, 0, 0}, &r);
    assert_int_equal(r.items[I_COV_NR - 1].status, ITEM_BLOCKER);
    items_free(&r);
}

static void test_call_attributes(void **state)
{
    (void)state;
    model_call c = {0};
    assert_false(items_call_satisfies(&c, ATTR_RETRY)); /* NULL strings: not satisfied */
    assert_false(items_call_satisfies(&c, ATTR_TIMEOUT));
    assert_false(items_call_satisfies(&c, ATTR_OUTPUT_VALIDATED));
    assert_false(items_call_satisfies(&c, ATTR_PROMPT_VERSIONED));
    assert_false(items_call_satisfies(&c, ATTR_NONE));
    c.retry = (char *)"explicit";
    assert_true(items_call_satisfies(&c, ATTR_RETRY));
    c.retry = (char *)"sdk-default";
    assert_true(items_call_satisfies(&c, ATTR_RETRY));
    c.retry = (char *)"disabled";
    assert_false(items_call_satisfies(&c, ATTR_RETRY));
    c.retry = (char *)"none";
    assert_false(items_call_satisfies(&c, ATTR_RETRY));
    c.timeout = (char *)"explicit";
    assert_true(items_call_satisfies(&c, ATTR_TIMEOUT));
    c.timeout = (char *)"sdk-default";
    assert_false(items_call_satisfies(&c, ATTR_TIMEOUT));
    /* the evidence behind an attribute must come from a place that can prove it: tracing
     * switched on only in an example env file logs nothing (LABELLING.md) */
    c.file = (char *)"app/api/chat/route.ts";
    c.logged = true;
    c.logged_source = (char *)".env.example:34 LangSmith tracing";
    assert_false(items_call_satisfies(&c, ATTR_LOGGED));
    c.logged_source = (char *)"app/observability.ts:3 langsmith";
    assert_true(items_call_satisfies(&c, ATTR_LOGGED));
    c.logged_source = (char *)"app/api/chat/route.ts:80";
    assert_true(items_call_satisfies(&c, ATTR_LOGGED));
    c.file = (char *)"scripts/run.py"; /* a counted call in a script, logged where it is */
    c.logged_source = (char *)"scripts/run.py:12";
    assert_true(items_call_satisfies(&c, ATTR_LOGGED));
    c.timeout = (char *)"explicit";
    c.timeout_source = (char *)"examples/client.py:4";
    assert_false(items_call_satisfies(&c, ATTR_TIMEOUT));
    c.timeout = (char *)"sdk-default";
    c.file = NULL;
    c.logged = false;
    c.logged_source = NULL;
    c.timeout_source = NULL;
    c.output_validated = (char *)"true";
    assert_true(items_call_satisfies(&c, ATTR_OUTPUT_VALIDATED));
    c.output_validated = (char *)"weak";
    assert_false(items_call_satisfies(&c, ATTR_OUTPUT_VALIDATED));
    c.prompt_source = (char *)"file";
    assert_true(items_call_satisfies(&c, ATTR_PROMPT_VERSIONED));
    c.prompt_source = (char *)"registry";
    assert_true(items_call_satisfies(&c, ATTR_PROMPT_VERSIONED));
    c.prompt_source = (char *)"inline";
    assert_false(items_call_satisfies(&c, ATTR_PROMPT_VERSIONED));
    assert_false(items_call_satisfies(&c, ATTR_LOGGED));
    assert_false(items_call_satisfies(&c, ATTR_ERROR_HANDLED));
    assert_false(items_call_satisfies(&c, ATTR_MAX_TOKENS));
    /* a model id whose origin is not visible is not pinned (model_source NULL or "unknown") */
    assert_false(items_call_satisfies(&c, ATTR_MODEL_PINNED));
    c.model_source = (char *)"unknown";
    assert_false(items_call_satisfies(&c, ATTR_MODEL_PINNED));
    /* read from configuration but not resolved to a dated id: cannot be checked, not pinned */
    c.model_source = (char *)"config";
    assert_false(items_call_satisfies(&c, ATTR_MODEL_PINNED));
    /* sent by the client: not pinned */
    c.model_source = (char *)"request";
    assert_false(items_call_satisfies(&c, ATTR_MODEL_PINNED));
    c.model = (char *)"gpt-4o";
    c.model_source = (char *)"literal";
    assert_false(items_call_satisfies(&c, ATTR_MODEL_PINNED));
    c.logged = c.error_handled = c.max_tokens = c.model_pinned = true;
    assert_true(items_call_satisfies(&c, ATTR_LOGGED));
    assert_true(items_call_satisfies(&c, ATTR_ERROR_HANDLED));
    assert_true(items_call_satisfies(&c, ATTR_MAX_TOKENS));
    assert_true(items_call_satisfies(&c, ATTR_MODEL_PINNED));
}

/* ---- violation --------------------------------------------------------------------- */

static void test_violation_fallback_presence(void **state)
{
    resolved_items r;
    finding blk[] = {SUP("secrets.vault", I_VIOL_PRES), BLOCK("secrets.openai-key", I_VIOL_PRES)};
    resolve(state, (inputs){blk, N(blk), 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_PRES - 1].status, ITEM_BLOCKER);
    assert_string_equal(r.items[I_VIOL_PRES - 1].summary, "blocks secrets.openai-key");
    items_free(&r);

    finding warn[] = {WARN("secrets.env-only", I_VIOL_PRES)};
    resolve(state, (inputs){warn, N(warn), 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_PRES - 1].status, ITEM_NEEDS_REVIEW); /* a warning is no Blocker */
    items_free(&r);

    /* a violating warning keeps a violation item from Ready, whatever supports it */
    finding mixed[] = {SUP("secrets.vault", I_VIOL_PRES), WARN("secrets.env-only", I_VIOL_PRES)};
    resolve(state, (inputs){mixed, N(mixed), 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_PRES - 1].status, ITEM_NEEDS_REVIEW);
    assert_non_null(strstr(r.items[I_VIOL_PRES - 1].summary, "Warning: warns secrets.env-only"));
    items_free(&r);

    finding ok[] = {SUP("secrets.vault", I_VIOL_PRES)};
    resolve(state, (inputs){ok, N(ok), 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_PRES - 1].status, ITEM_READY); /* no violation is not enough alone */
    items_free(&r);

    resolve(state, (inputs){0}, &r);
    assert_int_equal(r.items[I_VIOL_PRES - 1].status, ITEM_NEEDS_REVIEW);
    items_free(&r);
}

static void test_violation_fallback_coverage(void **state)
{
    model_call c[2] = {{0}, {0}};
    c[0].output_validated = (char *)"true";
    c[1].output_validated = (char *)"weak";
    resolved_items r;
    resolve(state, (inputs){0, 0, c, 2, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_COV - 1].status, ITEM_NEEDS_REVIEW);
    assert_string_equal(r.items[I_VIOL_COV - 1].summary, "1 of 2 model calls with validated output. Check it.");
    items_free(&r);

    c[1].output_validated = (char *)"true";
    resolve(state, (inputs){0, 0, c, 2, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_COV - 1].status, ITEM_READY);
    items_free(&r);

    finding f[] = {BLOCK("model-output.code-exec.eval", I_VIOL_COV)};
    resolve(state, (inputs){f, 1, c, 2, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_COV - 1].status, ITEM_BLOCKER); /* full coverage does not help */
    items_free(&r);
}

static void test_violation_fallback_attestation(void **state)
{
    resolved_items r;
    finding code[] = {SUP("pii.presidio", I_VIOL_ATT)};
    resolve(state, (inputs){code, 1, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_ATT - 1].status, ITEM_NEEDS_REVIEW);
    items_free(&r);

    finding doc[] = {SUP("pii.presidio", I_VIOL_ATT), SUP("docs.privacy", I_VIOL_ATT)};
    resolve(state, (inputs){doc, 2, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_ATT - 1].status, ITEM_READY);
    assert_string_equal(r.items[I_VIOL_ATT - 1].summary, "supports docs.privacy");
    items_free(&r);

    finding blk[] = {SUP("docs.privacy", I_VIOL_ATT), BLOCK("pii.prompt-logged", I_VIOL_ATT)};
    resolve(state, (inputs){blk, 2, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_ATT - 1].status, ITEM_BLOCKER);
    items_free(&r);
}

/* ---- attestation-only ---------------------------------------------------------------- */

static void test_attestation_strategy(void **state)
{
    resolved_items r;
    finding code[] = {SUP("ci.pagerduty", I_ATT)};
    resolve(state, (inputs){code, 1, 0, 0, 0, 0}, &r);
    const resolved_item *it = &r.items[I_ATT - 1];
    assert_int_equal(it->status, ITEM_NEEDS_REVIEW);
    assert_int_equal(it->basis, BASIS_DETECTED);
    assert_string_equal(it->summary, "Not proof: supports ci.pagerduty (ci.pagerduty at app.py:3; found in "
                                     "code, and this item needs the project's own documentation). Check it.");
    items_free(&r);

    finding doc[] = {SUP("docs.dr-plan", I_ATT)};
    resolve(state, (inputs){doc, 1, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_ATT - 1].status, ITEM_READY);
    assert_int_equal(r.items[I_ATT - 1].basis, BASIS_DETECTED);
    items_free(&r);

    attestation a = att(I_ATT, true, false);
    resolve(state, (inputs){code, 1, 0, 0, &a, 1}, &r);
    assert_int_equal(r.items[I_ATT - 1].status, ITEM_READY);
    assert_int_equal(r.items[I_ATT - 1].basis, BASIS_ATTESTED);
    items_free(&r);

    /* Custom document globs replace docs.*. */
    finding custom[] = {SUP("docs.readme", I_DOCS), at(SUP("runbook.provider-outage", I_DOCS), "RUNBOOK.md")};
    resolve(state, (inputs){custom, 1, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_DOCS - 1].status, ITEM_NEEDS_REVIEW);
    items_free(&r);
    resolve(state, (inputs){custom, 2, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_DOCS - 1].status, ITEM_READY);
    assert_string_equal(r.items[I_DOCS - 1].summary, "supports runbook.provider-outage");
    items_free(&r);
}

/* ---- provenance and strength ------------------------------------------------------ */

static item_status status_of(void **state, finding f, int item)
{
    resolved_items r;
    resolve(state, (inputs){&f, 1, 0, 0, 0, 0}, &r);
    item_status s = r.items[item - 1].status;
    items_free(&r);
    return s;
}

/* A technical item is proven only by operative code or applied configuration. */
static void test_proof_operative(void **state)
{
    finding f = SUP("x.cost-tool", I_PRESENCE);
    assert_int_equal(status_of(state, f, I_PRESENCE), ITEM_READY);
    assert_int_equal(status_of(state, at(f, "deploy/budget.tf"), I_PRESENCE), ITEM_READY);
    static const char *const not_proof[] = {"README.md", "data/budget.txt", "tests/test_budget.py",
        "examples/app.py", ".env.example", "third_party/SLA.md", "README.ko.md", "dump.csv"};
    for (size_t i = 0; i < sizeof not_proof / sizeof *not_proof; i++)
        if (status_of(state, at(f, not_proof[i]), I_PRESENCE) != ITEM_NEEDS_REVIEW)
            fail_msg("%s proved a technical item", not_proof[i]);
    /* a comment or docstring in operative code (stamped while the file was read) */
    f.prov = PROV_OTHER;
    assert_int_equal(status_of(state, f, I_PRESENCE), ITEM_NEEDS_REVIEW);
}

/* A process item only by the project's own documentation. */
static void test_proof_documents(void **state)
{
    assert_int_equal(status_of(state, SUP("docs.dr-plan", I_ATT), I_ATT), ITEM_READY);
    assert_int_equal(status_of(state, at(SUP("docs.dr-plan", I_ATT), "vendor/x/DR.md"), I_ATT), ITEM_NEEDS_REVIEW);
    assert_int_equal(status_of(state, at(SUP("docs.dr-plan", I_ATT), "data/notes.txt"), I_ATT), ITEM_NEEDS_REVIEW);
    assert_int_equal(status_of(state, at(SUP("docs.dr-plan", I_ATT), "docs/zh/dr.md"), I_ATT), ITEM_NEEDS_REVIEW);
    /* proof: tests accepts the project's tests; operative_or_documents a document */
    assert_int_equal(status_of(state, at(SUP("t.x", I_TESTS), "tests/test_a.py"), I_TESTS), ITEM_READY);
    assert_int_equal(status_of(state, at(SUP("t.x", I_TESTS), "README.md"), I_TESTS), ITEM_NEEDS_REVIEW);
    assert_int_equal(status_of(state, at(SUP("s.x", I_EITHER), "docs/slo.md"), I_EITHER), ITEM_READY);
    assert_int_equal(status_of(state, at(SUP("s.x", I_EITHER), "tests/slo.md"), I_EITHER), ITEM_NEEDS_REVIEW);
}

/* A rule of strength `indicates` never makes an item Ready; the summary says why. */
static void test_strength_indicates(void **state)
{
    resolved_items r;
    finding f = SUP("deps.retry-library", I_PRESENCE);
    f.indicates = true;
    resolve(state, (inputs){&f, 1, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_PRESENCE - 1].status, ITEM_NEEDS_REVIEW);
    assert_int_equal(r.items[I_PRESENCE - 1].n_proving, 0);
    assert_non_null(strstr(r.items[I_PRESENCE - 1].summary, "only indicates the item"));
    items_free(&r);
    finding both[] = {f, SUP("x.proof", I_PRESENCE)};
    resolve(state, (inputs){both, 2, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_PRESENCE - 1].status, ITEM_READY);
    /* the grounds are the proving findings only */
    assert_int_equal(r.items[I_PRESENCE - 1].n_grounds, 1);
    assert_int_equal(r.items[I_PRESENCE - 1].grounds[0], 1);
    items_free(&r);
}

/* A blocker outside operative code and config (a README, a dataset) is only a warning. */
static void test_blocker_needs_operative_place(void **state)
{
    resolved_items r;
    finding f = at(BLOCK("secrets.password-assignment", I_VIOL_PRES), "README.md");
    resolve(state, (inputs){&f, 1, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_PRES - 1].status, ITEM_NEEDS_REVIEW);
    assert_int_equal(r.items[I_VIOL_PRES - 1].n_warning, 1);
    items_free(&r);
    f = BLOCK("secrets.password-assignment", I_VIOL_PRES);
    resolve(state, (inputs){&f, 1, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_VIOL_PRES - 1].status, ITEM_BLOCKER);
    assert_int_equal(r.items[I_VIOL_PRES - 1].n_grounds, 1);
    items_free(&r);
    f = at(BLOCK("x.y", I_VIOL_PRES), "tests/fixtures/keys.json");
    assert_int_equal(status_of(state, f, I_VIOL_PRES), ITEM_NEEDS_REVIEW);
}

/* evidence.published: a committed database of users blocks item 34 from a data file (its
 * publication is the defect); another rule's blocker there is still only a warning. */
static void test_blocker_published_any_place(void **state)
{
    finding f = at(BLOCK("pii.committed-user-database", I_PUBLISHED), "db.sqlite3");
    assert_int_equal(status_of(state, f, I_PUBLISHED), ITEM_BLOCKER);
    f = at(BLOCK("pii.committed-user-database", I_PUBLISHED), "data/dump.sql");
    assert_int_equal(status_of(state, f, I_PUBLISHED), ITEM_BLOCKER);
    f = at(BLOCK("pii.user-input-logged", I_PUBLISHED), "data/dump.sql");
    assert_int_equal(status_of(state, f, I_PUBLISHED), ITEM_NEEDS_REVIEW);
    /* an item without the key keeps the operative-place bar */
    f = at(BLOCK("pii.committed-user-database", I_VIOL_PRES), "db.sqlite3");
    assert_int_equal(status_of(state, f, I_VIOL_PRES), ITEM_NEEDS_REVIEW);
}

/* ---- attestations ------------------------------------------------------------------ */

static void test_attestation_valid(void **state)
{
    attestation a = att(I_PRESENCE, true, false);
    a.evidence = (char *)"docs/scaling.md";
    a.evidence_checked = true;
    resolved_items r;
    resolve(state, (inputs){0, 0, 0, 0, &a, 1}, &r);
    const resolved_item *it = &r.items[I_PRESENCE - 1];
    assert_int_equal(it->status, ITEM_READY);
    assert_int_equal(it->basis, BASIS_ATTESTED);
    assert_int_equal(it->attestation, 0);
    assert_int_equal(it->rejected_attestation, -1);
    assert_null(it->rejection);
    assert_string_equal(it->summary, "Attested by Jane Doe <jane@corp.example> on 2026-01-10, expires "
                                     "2026-07-10; evidence docs/scaling.md (checked): checked by hand");
    assert_false(items_has_evidence(it)); /* an attestation is not detected evidence */
    items_free(&r);
}

static void test_attestation_invalid(void **state)
{
    attestation a = att(I_PRESENCE, false, false);
    resolved_items r;
    resolve(state, (inputs){0, 0, 0, 0, &a, 1}, &r);
    const resolved_item *it = &r.items[I_PRESENCE - 1];
    assert_int_equal(it->status, ITEM_NEEDS_REVIEW);
    assert_int_equal(it->basis, BASIS_NONE);
    assert_int_equal(it->attestation, -1);
    assert_int_equal(it->rejected_attestation, 0);
    assert_string_equal(it->rejection, "attestation at .aiready.yml:7 not used: expired on 2026-01-01");
    items_free(&r);
}

static void test_attestation_first_valid_wins(void **state)
{
    attestation a[] = {att(I_PRESENCE, false, false), att(I_PARTS, true, false),
                       att(I_PRESENCE, true, false), att(I_PRESENCE, true, true)};
    resolved_items r;
    resolve(state, (inputs){0, 0, 0, 0, a, N(a)}, &r);
    const resolved_item *it = &r.items[I_PRESENCE - 1];
    assert_int_equal(it->status, ITEM_READY);
    assert_int_equal(it->attestation, 2);
    assert_int_equal(it->rejected_attestation, 0); /* the invalid one is still reported */
    assert_non_null(it->rejection);
    items_free(&r);
}

static void test_attestation_never_overrides_blocker(void **state)
{
    finding f[] = {BLOCK("secrets.openai-key", I_VIOL_PRES)};
    attestation a = att(I_VIOL_PRES, true, false);
    resolved_items r;
    resolve(state, (inputs){f, 1, 0, 0, &a, 1}, &r);
    const resolved_item *it = &r.items[I_VIOL_PRES - 1];
    assert_int_equal(it->status, ITEM_BLOCKER);
    assert_int_equal(it->basis, BASIS_DETECTED);
    assert_int_equal(it->attestation, -1);
    assert_string_equal(it->rejection, "attestation at .aiready.yml:7 not used: an attestation never overrides a Blocker");
    items_free(&r);

    a.not_applicable = true; /* nor does a not-applicable claim */
    resolve(state, (inputs){f, 1, 0, 0, &a, 1}, &r);
    assert_int_equal(r.items[I_VIOL_PRES - 1].status, ITEM_BLOCKER);
    items_free(&r);
}

static void test_attestation_not_allowed(void **state)
{
    attestation a[] = {att(I_NO_ATTEST, true, false), att(I_ATTEST_READY, true, true),
                       att(I_ATTEST_NA, true, false), att(I_COV_NR, true, false)};
    resolved_items r;
    resolve(state, (inputs){0, 0, 0, 0, a, N(a)}, &r);
    assert_int_equal(r.items[I_NO_ATTEST - 1].status, ITEM_NEEDS_REVIEW);
    assert_string_equal(r.items[I_NO_ATTEST - 1].rejection,
                        "attestation at .aiready.yml:7 not used: this item cannot be attested Ready; "
                        "its evidence must be detected");
    assert_int_equal(r.items[I_ATTEST_READY - 1].status, ITEM_NEEDS_REVIEW);
    assert_string_equal(r.items[I_ATTEST_READY - 1].rejection,
                        "attestation at .aiready.yml:7 not used: this item cannot be attested as not applicable");
    assert_int_equal(r.items[I_ATTEST_NA - 1].status, ITEM_NEEDS_REVIEW);
    assert_non_null(r.items[I_ATTEST_NA - 1].rejection);
    /* Coverage items accept attestations by default: Ready on an attestation, 0 calls. */
    assert_int_equal(r.items[I_COV_NR - 1].status, ITEM_READY);
    assert_int_equal(r.items[I_COV_NR - 1].basis, BASIS_ATTESTED);
    items_free(&r);
}

static void test_attestation_not_applicable(void **state)
{
    attestation a[] = {att(I_ATTEST_NA, true, true), att(I_PRESENCE, true, true)};
    a[1].reason = NULL; /* falls back to the note */
    resolved_items r;
    resolve(state, (inputs){0, 0, 0, 0, a, N(a)}, &r);
    const resolved_item *it = &r.items[I_ATTEST_NA - 1];
    assert_int_equal(it->status, ITEM_NOT_APPLICABLE);
    assert_int_equal(it->basis, BASIS_ATTESTED);
    assert_int_equal(it->attestation, 0);
    assert_string_equal(it->summary, "Not applicable, attested by Jane Doe <jane@corp.example> on "
                                     "2026-01-10, expires 2026-07-10: internal tool");
    assert_int_equal(r.items[I_PRESENCE - 1].status, ITEM_NOT_APPLICABLE);
    assert_non_null(strstr(r.items[I_PRESENCE - 1].summary, ": checked by hand"));
    items_free(&r);
}

static void test_detected_ready_precedes_attestation(void **state)
{
    finding f[] = {SUP("x.ok", I_PRESENCE)};
    attestation a = att(I_PRESENCE, true, true);
    resolved_items r;
    resolve(state, (inputs){f, 1, 0, 0, &a, 1}, &r);
    assert_int_equal(r.items[I_PRESENCE - 1].status, ITEM_READY);
    assert_int_equal(r.items[I_PRESENCE - 1].basis, BASIS_DETECTED);
    assert_int_equal(r.items[I_PRESENCE - 1].attestation, -1);
    assert_null(r.items[I_PRESENCE - 1].rejection);
    items_free(&r);
}

/* ---- not applicable ---------------------------------------------------------------- */

static void test_na_no_evidence_from(void **state)
{
    resolved_items r;
    resolve(state, (inputs){0}, &r);
    const resolved_item *it = &r.items[I_NA_DB - 1];
    assert_int_equal(it->status, ITEM_NOT_APPLICABLE);
    assert_int_equal(it->basis, BASIS_DETECTED);
    assert_string_equal(it->summary, "No database.");
    items_free(&r);

    /* A db.* finding anywhere, even for another item, makes the item apply. */
    finding f[] = {INFO("db.engine.postgres", I_PRESENCE)};
    resolve(state, (inputs){f, 1, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_NA_DB - 1].status, ITEM_NEEDS_REVIEW);
    items_free(&r);

    /* A Blocker beats the condition. */
    finding b[] = {BLOCK("sql.injection", I_NA_DB)};
    resolve(state, (inputs){b, 1, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_NA_DB - 1].status, ITEM_BLOCKER);
    items_free(&r);
}

static void test_na_no_model_calls(void **state)
{
    resolved_items r;
    resolve(state, (inputs){0}, &r);
    assert_int_equal(r.items[I_NA_CALLS - 1].status, ITEM_NOT_APPLICABLE);
    assert_string_equal(r.items[I_NA_CALLS - 1].summary, "No calls.");
    items_free(&r);
    model_call c = {0};
    resolve(state, (inputs){0, 0, &c, 1, 0, 0}, &r);
    assert_int_equal(r.items[I_NA_CALLS - 1].status, ITEM_NEEDS_REVIEW);
    items_free(&r);
}

static void test_na_conditions_all_must_hold(void **state)
{
    resolved_items r;
    resolve(state, (inputs){0}, &r);
    assert_int_equal(r.items[I_NA_BOTH - 1].status, ITEM_NOT_APPLICABLE);
    items_free(&r);
    finding f[] = {INFO("ingest.loader", I_PRESENCE)};
    resolve(state, (inputs){f, 1, 0, 0, 0, 0}, &r);
    assert_int_equal(r.items[I_NA_BOTH - 1].status, ITEM_NEEDS_REVIEW);
    items_free(&r);
    model_call c = {0};
    resolve(state, (inputs){0, 0, &c, 1, 0, 0}, &r);
    assert_int_equal(r.items[I_NA_BOTH - 1].status, ITEM_NEEDS_REVIEW);
    items_free(&r);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(items_status_name(ITEM_NOT_APPLICABLE), "not_applicable");
    assert_string_equal(items_status_label(ITEM_NEEDS_REVIEW), "Needs Review");
    assert_string_equal(items_basis_name(BASIS_ATTESTED), "attested");
    assert_string_equal(items_status_name((item_status)99), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_presence_nothing_is_needs_review),
        cmocka_unit_test(test_presence_supporting_is_ready),
        cmocka_unit_test(test_presence_informs_or_warning_only),
        cmocka_unit_test(test_presence_blocker_wins),
        cmocka_unit_test(test_presence_parts),
        cmocka_unit_test(test_evidence_narrowed_by_rules),
        cmocka_unit_test(test_finding_with_several_items),
        cmocka_unit_test(test_coverage_partial),
        cmocka_unit_test(test_coverage_full_and_singular),
        cmocka_unit_test(test_coverage_without_calls),
        cmocka_unit_test(test_coverage_blocker),
        cmocka_unit_test(test_call_attributes),
        cmocka_unit_test(test_coverage_skips_calls_in_tests),
        cmocka_unit_test(test_violation_fallback_presence),
        cmocka_unit_test(test_violation_fallback_coverage),
        cmocka_unit_test(test_violation_fallback_attestation),
        cmocka_unit_test(test_attestation_strategy),
        cmocka_unit_test(test_proof_operative),
        cmocka_unit_test(test_blocker_published_any_place),
        cmocka_unit_test(test_proof_documents),
        cmocka_unit_test(test_strength_indicates),
        cmocka_unit_test(test_blocker_needs_operative_place),
        cmocka_unit_test(test_attestation_valid),
        cmocka_unit_test(test_attestation_invalid),
        cmocka_unit_test(test_attestation_first_valid_wins),
        cmocka_unit_test(test_attestation_never_overrides_blocker),
        cmocka_unit_test(test_attestation_not_allowed),
        cmocka_unit_test(test_attestation_not_applicable),
        cmocka_unit_test(test_detected_ready_precedes_attestation),
        cmocka_unit_test(test_na_no_evidence_from),
        cmocka_unit_test(test_na_no_model_calls),
        cmocka_unit_test(test_na_conditions_all_must_hold),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
