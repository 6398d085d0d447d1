/* Item bars (issue 12), end to end: fixtures/weak-signals holds only the weak signals the
 * issue lists, and none of them may make an item Ready or (for placeholders, TLS alone)
 * a Blocker; fixtures/evidence-full meets the bars of the items it was built for. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"
#include "json_mini.h"

/* Scans a fixture as the golden test does; returns the parsed report. */
static jval scan_fixture(const char *dir)
{
    char *bin = tu_aiready_path();
    if (!bin) fail_msg("BUILD/aiready not found beside this test binary");
    char *argv[] = {bin, (char *)"scan", (char *)dir, (char *)"--format", (char *)"json", (char *)"--no-progress",
                    (char *)"--exclude", (char *)"/README.fixture.md", (char *)"--exclude", (char *)"/expected.json",
                    NULL};
    tu_run_result r = tu_run(argv);
    free(bin);
    jval v = {0};
    const char *p = r.out;
    if (!r.out || !jparse(&p, &v)) fail_msg("no JSON report for %s: %s", dir, r.err ? r.err : "");
    tu_run_free(&r);
    return v;
}

static const char *status_of(const jval *report, int id)
{
    const jval *items = jget(report, "items");
    for (size_t i = 0; items && i < items->len; i++) {
        const jval *it = &items->items[i];
        const jval *iid = jget(it, "id");
        if (iid && (int)iid->num == id) return jget(it, "status")->str;
    }
    return "?";
}

static void test_weak_signals_prove_nothing(void **state)
{
    (void)state;
    jval r = scan_fixture("fixtures/weak-signals");
    /* item: the weak signal in the fixture (README.fixture.md) */
    static const int not_ready[] = {3, 9, 14, 18, 21, 27, 33, 41, 42, 43, 44, 46};
    for (size_t i = 0; i < sizeof not_ready / sizeof *not_ready; i++) {
        const char *s = status_of(&r, not_ready[i]);
        if (!strcmp(s, "ready")) fail_msg("item %d is Ready on a weak signal", not_ready[i]);
    }
    /* a placeholder in a README or a translation, and verify=False alone, block nothing */
    assert_string_not_equal(status_of(&r, 31), "blocker");
    assert_string_not_equal(status_of(&r, 33), "blocker");
    /* a Telegram bot's fail-open allow-list with no deployment: a warning, not a Blocker */
    assert_string_equal(status_of(&r, 32), "needs_review");
    /* no item at all is Ready here */
    const jval *items = jget(&r, "items");
    for (size_t i = 0; i < items->len; i++)
        if (!strcmp(jget(&items->items[i], "status")->str, "ready"))
            fail_msg("item %d is Ready", (int)jget(&items->items[i], "id")->num);
    jfree(&r);
}

/* The same bars, met: operative code, applied configuration and the project's own
 * documents of the full-evidence fixture. */
static void test_strong_evidence_meets_the_bars(void **state)
{
    (void)state;
    jval r = scan_fixture("fixtures/evidence-full");
    static const int ready[] = {1, 3, 8, 9, 27, 42, 43, 44, 46};
    for (size_t i = 0; i < sizeof ready / sizeof *ready; i++) {
        const char *s = status_of(&r, ready[i]);
        if (strcmp(s, "ready")) fail_msg("item %d is %s, not Ready, in evidence-full", ready[i], s);
    }
    jfree(&r);
}

/* The Blocker bar for a chat bot: a Telegram bot (any Telegram user can message it) whose
 * allow-list admits everyone by default, reaching a paid model, shipped as a container
 * image by a publishing workflow. */
static void test_deployed_open_bot_blocks(void **state)
{
    (void)state;
    jval r = scan_fixture("fixtures/telegram-bot");
    assert_string_equal(status_of(&r, 32), "blocker");
    jfree(&r);
}

/* A serverless route with no authorizer is public by construction: a Blocker once the
 * repository makes model calls; the route with a JWT authorizer beside it is not reported. */
static void test_open_gateway_route_blocks(void **state)
{
    (void)state;
    jval r = scan_fixture("fixtures/serverless-api");
    assert_string_equal(status_of(&r, 32), "blocker");
    const jval *fs = jget(&r, "findings");
    size_t n = 0;
    for (size_t i = 0; i < fs->len; i++)
        if (!strcmp(jget(&fs->items[i], "rule")->str, "access.gateway-route-without-authorizer")) n++;
    assert_int_equal(n, 1);
    jfree(&r);
}

/* Features present but switched off (fixtures/switched-off): a limiter behind an unset
 * env var, tracing behind an unset constant, a debug-level log, a feedback route that
 * exists only when tracing is enabled, autoDeploy: false, pydantic SecretStr. */
static void test_switched_off_features_prove_nothing(void **state)
{
    (void)state;
    jval r = scan_fixture("fixtures/switched-off");
    static const int not_ready[] = {5, 9, 21, 29, 31};
    for (size_t i = 0; i < sizeof not_ready / sizeof *not_ready; i++) {
        const char *s = status_of(&r, not_ready[i]);
        if (!strcmp(s, "ready")) fail_msg("item %d is Ready on a switched-off feature", not_ready[i]);
    }
    jfree(&r);
}

/* Off by default (fixtures/default-off): a limiter whose maximum resolves to 0 unless a
 * variable is set, tracing switched on only in an example env file, approval before a
 * tool as an option that defaults to off, a deploy workflow pushing to a template
 * placeholder; the twin fixtures/default-on, with a limiting default, a success-path log,
 * an approval that is always on and a real registry account, meets the four bars. */
static void test_default_off_features_prove_nothing(void **state)
{
    (void)state;
    jval off = scan_fixture("fixtures/default-off");
    assert_string_equal(status_of(&off, 9), "needs_review");
    assert_string_equal(status_of(&off, 21), "needs_review");
    assert_string_equal(status_of(&off, 42), "needs_review");
    assert_string_equal(status_of(&off, 5), "needs_review");
    jfree(&off);
    jval on = scan_fixture("fixtures/default-on");
    assert_string_equal(status_of(&on, 9), "ready");
    assert_string_equal(status_of(&on, 21), "ready");
    assert_string_equal(status_of(&on, 42), "ready");
    assert_string_equal(status_of(&on, 5), "ready");
    jfree(&on);
}

/* A script the configuration runs (a Streamlit page list naming scripts/ask.py) is
 * operative code: its raw-HTML sink blocks (fixtures/script-pages); the same script that
 * nothing runs does not (fixtures/script-unnamed). */
static void test_script_pages_are_operative(void **state)
{
    (void)state;
    jval on = scan_fixture("fixtures/script-pages");
    assert_string_equal(status_of(&on, 17), "blocker");
    assert_string_equal(status_of(&on, 39), "blocker");
    jfree(&on);
    jval off = scan_fixture("fixtures/script-unnamed");
    assert_string_not_equal(status_of(&off, 17), "blocker");
    assert_string_not_equal(status_of(&off, 39), "blocker");
    jfree(&off);
}

/* LABELLING's Blocker bar beyond literals (fixtures/exposed-bot): an aiogram webhook on
 * Render (32), an uncapped tool loop (9), res.send of model text (17, 39), a widget
 * pre-filled with the server's key (31); logged user input (34) and the Werkzeug debugger
 * (40) are warnings; an unofficial session API makes the decision Rebuild on architecture. */
static void test_exposed_bot_blocks(void **state)
{
    (void)state;
    jval r = scan_fixture("fixtures/exposed-bot");
    static const int blocker[] = {9, 17, 31, 32, 39};
    for (size_t i = 0; i < sizeof blocker / sizeof *blocker; i++) {
        const char *s = status_of(&r, blocker[i]);
        if (strcmp(s, "blocker")) fail_msg("item %d is %s, not a Blocker, in exposed-bot", blocker[i], s);
    }
    assert_string_not_equal(status_of(&r, 34), "blocker");
    assert_string_not_equal(status_of(&r, 40), "blocker");
    const jval *sum = jget(&r, "summary");
    assert_string_equal(jget(sum, "decision")->str, "rebuild");
    const jval *why = jget(sum, "reasons");
    assert_non_null(strstr(why->items[0].str, "architecture: "));
    assert_non_null(strstr(why->items[0].str, "admin.py:4"));
    jfree(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weak_signals_prove_nothing),
        cmocka_unit_test(test_strong_evidence_meets_the_bars),
        cmocka_unit_test(test_deployed_open_bot_blocks),
        cmocka_unit_test(test_open_gateway_route_blocks),
        cmocka_unit_test(test_switched_off_features_prove_nothing),
        cmocka_unit_test(test_default_off_features_prove_nothing),
        cmocka_unit_test(test_script_pages_are_operative),
        cmocka_unit_test(test_exposed_bot_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
