/* test_score: score bands, pillar-4 critical, every decision path and its reasons,
 * the weighted index, verified vs attested score. Resolved items are built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checklist_fixture.h"
#include "score.h"

static int group_setup(void **state)
{
    *state = fixture_checklist(NULL, "decision:\n  rebuild_on_rules: [\"model-output.code-exec*\", \"model-output.shell*\"]\n");
    return 0;
}

static int group_teardown(void **state)
{
    checklist_free(*state);
    return 0;
}

/* Items are Ready (detected) for the first met[p] items of each pillar, Needs Review
 * for the rest. */
static void build(resolved_items *r, const unsigned met[CHECKLIST_PILLARS])
{
    memset(r, 0, sizeof *r);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        resolved_item *it = &r->items[i];
        it->id = i + 1;
        it->pillar = i / 10 + 1;
        it->attestation = it->rejected_attestation = -1;
        bool ok = (unsigned)(i % 10) < met[i / 10];
        it->status = ok ? ITEM_READY : ITEM_NEEDS_REVIEW;
        it->basis = ok ? BASIS_DETECTED : BASIS_NONE;
    }
}

static void set_status(resolved_items *r, int id, item_status st, item_basis b)
{
    r->items[id - 1].status = st;
    r->items[id - 1].basis = b;
}

static void compute(void **state, const resolved_items *r, const finding *f, size_t nf, score_result *s)
{
    score_compute(*state, r, f, nf, s);
}

static void assert_reason(const score_result *s, size_t i, const char *want)
{
    assert_true(i < s->n_reasons);
    if (strcmp(s->reasons[i], want) != 0) print_error("reason %zu: %s\n", i, s->reasons[i]);
    assert_string_equal(s->reasons[i], want);
}

/* ---- score and risk bands -------------------------------------------------------------- */

static void test_band_strong_and_ship(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){10, 10, 10, 10, 0});
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 40);
    assert_int_equal(s.ready, 40);
    assert_int_equal(s.needs_review, 10);
    assert_int_equal(s.ceiling, 50);
    assert_int_equal(s.risk, RISK_STRONG);
    assert_int_equal(s.decision, DECISION_SHIP);
    assert_int_equal(s.n_reasons, 2);
    assert_reason(&s, 0, "score 40 of 50 is 40 or more");
    assert_reason(&s, 1, "no Blocker in pillar 4, security and compliance");
    score_free(&s);
}

static void test_band_moderate(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){10, 10, 10, 9, 0});
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 39);
    assert_int_equal(s.risk, RISK_MODERATE);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    assert_int_equal(s.n_reasons, 1);
    assert_reason(&s, 0, "score 39 of 50 is under 40");
    score_free(&s);

    build(&r, (unsigned[]){5, 5, 5, 5, 5});
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 25);
    assert_int_equal(s.risk, RISK_MODERATE);
    score_free(&s);
}

static void test_band_high(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){5, 5, 5, 5, 4}); /* 24, only pillar 5 has a gap */
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 24);
    assert_int_equal(s.risk, RISK_HIGH);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    assert_reason(&s, 0, "score 24 of 50 is under 40");
    score_free(&s);
}

static void test_not_applicable_counts_as_met(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){10, 10, 10, 9, 0});
    set_status(&r, 41, ITEM_NOT_APPLICABLE, BASIS_DETECTED);
    set_status(&r, 43, ITEM_NOT_APPLICABLE, BASIS_ATTESTED);
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 41);
    assert_int_equal(s.ready, 39);
    assert_int_equal(s.not_applicable, 2);
    assert_int_equal(s.pillars[4].not_applicable, 2);
    assert_int_equal(s.pillars[4].met, 2);
    assert_int_equal(s.verified, 40);
    assert_int_equal(s.attested, 1);
    assert_int_equal(s.decision, DECISION_SHIP);
    score_free(&s);
}

static void test_pillar4_blocker_is_critical(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){10, 10, 10, 10, 10});
    set_status(&r, 31, ITEM_BLOCKER, BASIS_DETECTED);
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 49);
    assert_int_equal(s.blockers, 1);
    assert_int_equal(s.pillars[3].blockers, 1);
    assert_int_equal(s.risk, RISK_CRITICAL);
    assert_int_equal(s.decision, DECISION_REFACTOR); /* pillar 1 is sound: no rebuild */
    assert_int_equal(s.n_reasons, 1);
    assert_reason(&s, 0, "Blocker in pillar 4, security and compliance (items 31): do not launch until resolved");
    score_free(&s);
}

/* The article's Ship row read literally: 40 or more with no Blocker in pillar 4. A Blocker
 * elsewhere that triggers no Rebuild is named as a launch condition. */
static void test_blocker_outside_pillar4_ships_with_note(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){10, 10, 10, 10, 10});
    set_status(&r, 17, ITEM_BLOCKER, BASIS_DETECTED);
    set_status(&r, 42, ITEM_BLOCKER, BASIS_DETECTED);
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 48);
    assert_int_equal(s.risk, RISK_STRONG); /* critical is for pillar 4 only */
    assert_int_equal(s.decision, DECISION_SHIP);
    assert_int_equal(s.n_reasons, 3);
    assert_reason(&s, 2, "Blocker outside pillar 4 (items 17, 42): resolve before launch");
    score_free(&s);
    set_status(&r, 39, ITEM_BLOCKER, BASIS_DETECTED); /* the same sink as a pillar-4 Blocker */
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    score_free(&s);
}

static void test_refactor_lists_every_reason(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){10, 6, 6, 8, 5});
    set_status(&r, 17, ITEM_BLOCKER, BASIS_DETECTED);
    set_status(&r, 33, ITEM_BLOCKER, BASIS_DETECTED);
    set_status(&r, 31, ITEM_BLOCKER, BASIS_DETECTED);
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    assert_int_equal(s.n_reasons, 3);
    assert_reason(&s, 0, "score 33 of 50 is under 40");
    assert_reason(&s, 1, "Blocker in pillar 4, security and compliance (items 31, 33): do not launch until resolved");
    assert_reason(&s, 2, "Blocker outside pillar 4 (items 17): resolve before launch");
    score_free(&s);
}

/* ---- rebuild ------------------------------------------------------------------------ */

static finding exec_finding(const char *rule, severity sev)
{
    finding f = {0};
    f.rule = (char *)rule;
    f.items[0] = 17;
    f.n_items = 1;
    f.effect = EFFECT_VIOLATES;
    f.severity = sev;
    f.message = (char *)"model output reaches eval()";
    f.file = (char *)"app/agent.py";
    f.line = 12;
    return f;
}

static void test_rebuild_model_output_to_exec(void **state)
{
    finding f[] = {exec_finding("secrets.other", SEV_INFO), exec_finding("model-output.code-exec.eval", SEV_BLOCKER)};
    size_t ev[] = {1};
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){10, 9, 10, 10, 10});
    set_status(&r, 17, ITEM_BLOCKER, BASIS_DETECTED);
    r.items[16].evidence = ev;
    r.items[16].n_evidence = 1;
    r.items[16].grounds = r.items[16].evidence; /* what the Blocker rests on */
    r.items[16].n_grounds = r.items[16].n_evidence;
    compute(state, &r, f, 2, &s);
    assert_int_equal(s.score, 48);
    assert_int_equal(s.decision, DECISION_REBUILD);
    assert_int_equal(s.n_reasons, 1);
    assert_reason(&s, 0, "security: model output reaches code execution or a shell (model-output.code-exec.eval "
                         "at app/agent.py:12, item 17): the design hands control to the model, and removing that "
                         "reshapes the core");
    score_free(&s);
}

static void test_rebuild_rule_needs_blocker_severity(void **state)
{
    /* Item 17 is a Blocker for another reason; the exec-rule finding is only a warning. */
    finding f[] = {exec_finding("model-output.shell.subprocess", SEV_WARNING),
                   exec_finding("sql.string-built", SEV_BLOCKER)};
    size_t ev[] = {0, 1};
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){10, 9, 10, 10, 10});
    set_status(&r, 17, ITEM_BLOCKER, BASIS_DETECTED);
    r.items[16].evidence = ev;
    r.items[16].n_evidence = 2;
    r.items[16].grounds = r.items[16].evidence; /* what the Blocker rests on */
    r.items[16].n_grounds = r.items[16].n_evidence;
    compute(state, &r, f, 2, &s);
    assert_int_equal(s.decision, DECISION_SHIP); /* 49, no pillar-4 Blocker, no rebuild trigger */
    score_free(&s);
}

static void test_rebuild_foundations_fail_together(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){4, 10, 10, 8, 10});
    set_status(&r, 31, ITEM_BLOCKER, BASIS_DETECTED);
    set_status(&r, 32, ITEM_BLOCKER, BASIS_DETECTED);
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.risk, RISK_CRITICAL);
    assert_int_equal(s.decision, DECISION_REBUILD);
    assert_int_equal(s.n_reasons, 1);
    assert_reason(&s, 0, "Blocker in pillar 4 (items 31, 32) while pillar 1 has only 4 of 10 items met: "
                         "both foundations fail together");
    score_free(&s);

    build(&r, (unsigned[]){5, 10, 10, 8, 10}); /* pillar 1 at half: refactor */
    set_status(&r, 31, ITEM_BLOCKER, BASIS_DETECTED);
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    score_free(&s);

    build(&r, (unsigned[]){0, 10, 10, 8, 10}); /* no pillar-4 Blocker: refactor */
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    score_free(&s);
}

static void test_rebuild_gaps_everywhere(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){4, 4, 4, 4, 4});
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 20);
    assert_int_equal(s.risk, RISK_HIGH);
    assert_int_equal(s.decision, DECISION_REBUILD);
    assert_int_equal(s.n_reasons, 1);
    assert_reason(&s, 0, "score 20 of 50 is under 25 with gaps in 5 pillars (1, 2, 3, 4, 5), including "
                         "pillars 1 and 4: no layer is production-ready to refactor around");
    score_free(&s);

    build(&r, (unsigned[]){4, 4, 4, 8, 0}); /* pillar 4 holds: refactor */
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 20);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    score_free(&s);

    build(&r, (unsigned[]){2, 8, 8, 2, 0}); /* gaps in three pillars only */
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    score_free(&s);

    build(&r, (unsigned[]){4, 4, 4, 4, 9}); /* 25: not under 25 */
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 25);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    score_free(&s);
}

static void test_rebuild_reasons_in_rule_order(void **state)
{
    finding f[] = {exec_finding("model-output.shell.os-system", SEV_BLOCKER)};
    size_t ev[] = {0};
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){1, 1, 1, 1, 1});
    set_status(&r, 17, ITEM_BLOCKER, BASIS_DETECTED);
    set_status(&r, 31, ITEM_BLOCKER, BASIS_DETECTED);
    r.items[16].evidence = ev;
    r.items[16].n_evidence = 1;
    r.items[16].grounds = r.items[16].evidence; /* what the Blocker rests on */
    r.items[16].n_grounds = r.items[16].n_evidence;
    compute(state, &r, f, 1, &s);
    assert_int_equal(s.decision, DECISION_REBUILD);
    assert_int_equal(s.n_reasons, 3);
    assert_non_null(strstr(s.reasons[0], "model output reaches code execution"));
    assert_non_null(strstr(s.reasons[1], "Blocker in pillar 4 (items 31) while pillar 1 has only 1 of 10"));
    assert_non_null(strstr(s.reasons[2], "score 4 of 50 is under 25 with gaps in 5 pillars"));
    score_free(&s);
}

/* decision.architecture_rules: the core flow rests on an unofficial session API. Rebuild,
 * named with file:line, whatever the score; the same use behind a setting (an optional
 * backend, offswitch.h) or in a test is not the core. */
static void test_rebuild_architecture(void **state)
{
    (void)state;
    checklist *cl = fixture_checklist(NULL, "decision:\n  architecture_rules: [\"arch.unofficial-*\"]\n"
                                            "  rebuild_on_gaps: false\n");
    finding f = exec_finding("arch.unofficial-model-api", SEV_WARNING);
    f.items[0] = 1;
    f.message = (char *)"an unofficial session API";
    f.file = (char *)"bot.py";
    f.line = 17;
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){9, 9, 9, 9, 9});
    score_compute(cl, &r, &f, 1, &s);
    assert_int_equal(s.decision, DECISION_REBUILD);
    assert_int_equal(s.n_reasons, 1);
    assert_reason(&s, 0, "architecture: the core flow depends on an unofficial session API "
                         "(arch.unofficial-model-api at bot.py:17): it cannot be hardened without rewriting the core");
    score_free(&s);
    f.gate_line = 12; /* an alternative backend behind a setting */
    score_compute(cl, &r, &f, 1, &s);
    assert_int_equal(s.decision, DECISION_SHIP);
    score_free(&s);
    f.gate_line = 0;
    f.file = (char *)"tests/test_bot.py";
    score_compute(cl, &r, &f, 1, &s);
    assert_int_equal(s.decision, DECISION_SHIP);
    score_free(&s);
    checklist_free(cl);
}

/* The shipped checklist implements the labelling convention: a single pillar-4 Blocker that
 * a local change removes is Refactor however low the score; two pillar-4 Blockers are a
 * security foundation (Rebuild) naming each with file:line; an HTML sink (17 and 39) is one. */
static void test_shipped_policy(void **state)
{
    (void)state;
    char *err = NULL;
    char *path = fixture_path("rules/checklist.yaml");
    checklist *cl = checklist_load(path, &err);
    free(path);
    if (!cl) fail_msg("%s", err ? err : "?");
    finding f[] = {exec_finding("secrets.openai-api-key", SEV_BLOCKER), exec_finding("access.x", SEV_BLOCKER)};
    f[0].file = (char *)"config.py"; f[0].line = 3;
    f[1].file = (char *)"app.py"; f[1].line = 30;
    size_t g31[] = {0}, g32[] = {1};
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){0, 1, 0, 0, 0});
    set_status(&r, 31, ITEM_BLOCKER, BASIS_DETECTED);
    r.items[30].grounds = g31; r.items[30].n_grounds = 1;
    score_compute(cl, &r, f, 2, &s);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    score_free(&s);
    set_status(&r, 17, ITEM_BLOCKER, BASIS_DETECTED);
    set_status(&r, 39, ITEM_BLOCKER, BASIS_DETECTED);
    score_compute(cl, &r, f, 2, &s);
    assert_int_equal(s.decision, DECISION_REBUILD); /* 31 and 39 */
    score_free(&s);
    set_status(&r, 31, ITEM_NEEDS_REVIEW, BASIS_NONE);
    score_compute(cl, &r, f, 2, &s);
    assert_int_equal(s.decision, DECISION_REFACTOR); /* the HTML sink alone */
    score_free(&s);
    set_status(&r, 17, ITEM_NEEDS_REVIEW, BASIS_NONE);
    set_status(&r, 39, ITEM_NEEDS_REVIEW, BASIS_NONE);
    set_status(&r, 31, ITEM_BLOCKER, BASIS_DETECTED);
    set_status(&r, 32, ITEM_BLOCKER, BASIS_DETECTED);
    r.items[31].grounds = g32; r.items[31].n_grounds = 1;
    score_compute(cl, &r, f, 2, &s);
    assert_int_equal(s.decision, DECISION_REBUILD);
    assert_int_equal(s.n_reasons, 1);
    assert_reason(&s, 0, "security: Blockers in 2 separate security controls (item 31 at config.py:3; item 32 at "
                         "app.py:30): the security foundation fails in more than one place, not one local fix");
    score_free(&s);
    checklist_free(cl);
}

/* ---- weighted index, verified vs attested, coverage --------------------------------------- */

static void test_weighted_index(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){10, 10, 10, 10, 10});
    compute(state, &r, NULL, 0, &s);
    assert_true(fabs(s.weighted_index - 100.0) < 1e-9);
    score_free(&s);

    build(&r, (unsigned[]){10, 0, 0, 0, 0}); /* 15 of 60 weighted points */
    compute(state, &r, NULL, 0, &s);
    assert_true(fabs(s.weighted_index - 25.0) < 1e-9);
    score_free(&s);

    build(&r, (unsigned[]){0, 10, 0, 0, 0}); /* 10 of 60 */
    compute(state, &r, NULL, 0, &s);
    assert_true(fabs(s.weighted_index - 100.0 / 6) < 1e-9);
    score_free(&s);

    build(&r, (unsigned[]){10, 10, 10, 10, 0}); /* 50 of 60, though the score is 40 of 50 */
    compute(state, &r, NULL, 0, &s);
    assert_true(fabs(s.weighted_index - 500.0 / 6) < 1e-9);
    score_free(&s);

    build(&r, (unsigned[]){0, 0, 0, 0, 0});
    compute(state, &r, NULL, 0, &s);
    assert_true(s.weighted_index == 0);
    score_free(&s);
}

static void test_verified_and_attested(void **state)
{
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){10, 10, 10, 10, 0});
    set_status(&r, 10, ITEM_READY, BASIS_ATTESTED);
    set_status(&r, 38, ITEM_READY, BASIS_ATTESTED);
    set_status(&r, 19, ITEM_NOT_APPLICABLE, BASIS_ATTESTED);
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.score, 40);
    assert_int_equal(s.verified, 37);
    assert_int_equal(s.attested, 3);
    assert_int_equal(s.pillars[0].verified, 9);
    assert_int_equal(s.pillars[0].attested, 1);
    assert_int_equal(s.pillars[1].not_applicable, 1);
    assert_int_equal(s.pillars[1].ready, 9);
    assert_true(s.pillars[0].weight == 1.5);
    assert_int_equal(s.pillars[2].items, 10);
    score_free(&s);
}

/* decision.foundation_items narrows the foundation Blockers; rebuild_on_gaps: false turns
 * "gaps everywhere" off (the shipped checklist, calibrated on the labelled corpus). */
static void test_decision_data(void **state)
{
    (void)state;
    checklist *cl = fixture_checklist(NULL, "decision:\n  foundation_items: [31]\n  rebuild_on_gaps: false\n");
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){2, 2, 1, 1, 1}); /* score 7, gaps everywhere */
    set_status(&r, 32, ITEM_BLOCKER, BASIS_DETECTED);
    score_compute(cl, &r, NULL, 0, &s);
    assert_int_equal(s.decision, DECISION_REFACTOR); /* an unauthenticated route: a layer to add */
    score_free(&s);
    set_status(&r, 31, ITEM_BLOCKER, BASIS_DETECTED);
    score_compute(cl, &r, NULL, 0, &s);
    assert_int_equal(s.decision, DECISION_REBUILD);
    assert_int_equal(s.n_reasons, 1);
    assert_reason(&s, 0, "Blocker in pillar 4 (items 31) while pillar 1 has only 2 of 10 items met: "
                         "both foundations fail together");
    score_free(&s);
    checklist_free(cl);
}

/* decision.control_groups: Blockers in two separate security controls mean Rebuild; two
 * Blockers of one control (17 and 39, output handling) do not; without the key nothing
 * changes. */
static void test_control_groups(void **state)
{
    (void)state;
    checklist *cl = fixture_checklist(NULL, "decision:\n  foundation_items: [31]\n  rebuild_on_gaps: false\n"
                                            "  control_groups: [[31], [32], [17, 39], [42]]\n");
    checklist *plain = fixture_checklist(NULL, "decision:\n  foundation_items: [31]\n  rebuild_on_gaps: false\n");
    resolved_items r;
    score_result s;
    build(&r, (unsigned[]){6, 2, 1, 1, 1}); /* pillar 1 holds: the foundation rule stays out */
    set_status(&r, 17, ITEM_BLOCKER, BASIS_DETECTED);
    set_status(&r, 39, ITEM_BLOCKER, BASIS_DETECTED);
    score_compute(cl, &r, NULL, 0, &s);
    assert_int_equal(s.decision, DECISION_REFACTOR); /* one control: output handling */
    score_free(&s);
    set_status(&r, 32, ITEM_BLOCKER, BASIS_DETECTED);
    score_compute(cl, &r, NULL, 0, &s);
    assert_int_equal(s.decision, DECISION_REBUILD);
    assert_int_equal(s.n_reasons, 1);
    assert_reason(&s, 0, "security: Blockers in 2 separate security controls (item 32; item 17, item 39): the "
                         "security foundation fails in more than one place, not one local fix");
    score_free(&s);
    score_compute(plain, &r, NULL, 0, &s);
    assert_int_equal(s.decision, DECISION_REFACTOR);
    score_free(&s);
    checklist_free(plain);
    checklist_free(cl);
}

static void test_control_groups_invalid(void **state)
{
    (void)state;
    char *err = NULL;
    const char *bad[] = {"decision:\n  control_groups: [31, 32]\n", "decision:\n  control_groups: [[31], [31, 32]]\n",
                         "decision:\n  control_groups: [[51]]\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *yaml = fixture_yaml(NULL, 0, bad[i]);
        checklist *cl = checklist_parse(yaml, strlen(yaml), "fixture.yaml", &err);
        free(yaml);
        if (cl) fail_msg("accepted: %s", bad[i]);
        assert_non_null(err);
        free(err);
        err = NULL;
    }
}

static void test_coverage_counts_items_with_evidence(void **state)
{
    resolved_items r;
    score_result s;
    size_t ev[] = {0};
    build(&r, (unsigned[]){0, 0, 0, 0, 0});
    r.items[0].evidence = ev;
    r.items[0].n_evidence = 1;
    r.items[20].total = 9; /* a coverage item judged over 9 calls */
    r.items[20].covered = 7;
    compute(state, &r, NULL, 0, &s);
    assert_int_equal(s.with_evidence, 2);
    score_free(&s);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(score_risk_name(RISK_CRITICAL), "critical");
    assert_string_equal(score_risk_name(RISK_MODERATE), "moderate");
    assert_string_equal(score_decision_name(DECISION_REBUILD), "rebuild");
    assert_string_equal(score_decision_name(DECISION_SHIP), "ship");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_band_strong_and_ship),
        cmocka_unit_test(test_band_moderate),
        cmocka_unit_test(test_band_high),
        cmocka_unit_test(test_not_applicable_counts_as_met),
        cmocka_unit_test(test_pillar4_blocker_is_critical),
        cmocka_unit_test(test_blocker_outside_pillar4_ships_with_note),
        cmocka_unit_test(test_refactor_lists_every_reason),
        cmocka_unit_test(test_rebuild_model_output_to_exec),
        cmocka_unit_test(test_rebuild_rule_needs_blocker_severity),
        cmocka_unit_test(test_rebuild_foundations_fail_together),
        cmocka_unit_test(test_control_groups),
        cmocka_unit_test(test_control_groups_invalid),
        cmocka_unit_test(test_rebuild_gaps_everywhere),
        cmocka_unit_test(test_rebuild_reasons_in_rule_order),
        cmocka_unit_test(test_rebuild_architecture),
        cmocka_unit_test(test_shipped_policy),
        cmocka_unit_test(test_weighted_index),
        cmocka_unit_test(test_verified_and_attested),
        cmocka_unit_test(test_coverage_counts_items_with_evidence),
        cmocka_unit_test(test_decision_data),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
