/* match_escalate: findings of rules with escalate_with are raised when, and only when, a
 * finding of the named rule exists; loading rejects malformed escalation keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "match.h"
#include "rules.h"

static const char rules_yaml[] =
    "rules:\n"
    "  - id: supply.vuln.x\n"
    "    item: 37\n"
    "    effect: violates\n"
    "    severity: warning\n"
    "    message: vulnerable x pinned\n"
    "    remediation: upgrade x\n"
    "    escalate_with: supply.vuln-component.*\n"
    "    package: x\n"
    "  - id: supply.vuln-component.x\n"
    "    item: 37\n"
    "    effect: informs\n"
    "    severity: info\n"
    "    message: x component used\n"
    "    files: ['*.py']\n"
    "    regex: 'XComponent'\n";

static finding make(const char *rule, severity sev, const char *file, uint32_t line)
{
    finding f = {0};
    f.rule = strdup(rule);
    f.message = strdup("m");
    f.file = strdup(file);
    f.line = line;
    f.severity = sev;
    return f;
}

static ruleset *load(const char *yaml)
{
    char *err = NULL;
    ruleset *rs = rules_load_text("t.yml", yaml, NULL, &err);
    if (!rs) fail_msg("%s", err);
    return rs;
}

static void test_raised_when_component_used(void **state)
{
    (void)state;
    ruleset *rs = load(rules_yaml);
    finding_list fl = {0};
    VEC_PUSH(&fl, make("supply.vuln.x", SEV_WARNING, "requirements.txt", 3));
    VEC_PUSH(&fl, make("supply.vuln-component.x", SEV_INFO, "app/chain.py", 7));
    match_escalate(rs, &fl);
    assert_int_equal(fl.items[0].severity, SEV_BLOCKER);
    assert_non_null(strstr(fl.items[0].message, "supply.vuln-component.x at app/chain.py:7"));
    assert_int_equal(fl.items[1].severity, SEV_INFO); /* the component finding is unchanged */
    finding_list_free(&fl);
    rules_free(rs);
}

static void test_unchanged_without_component(void **state)
{
    (void)state;
    ruleset *rs = load(rules_yaml);
    finding_list fl = {0};
    VEC_PUSH(&fl, make("supply.vuln.x", SEV_WARNING, "requirements.txt", 3));
    VEC_PUSH(&fl, make("other.rule", SEV_INFO, "app/chain.py", 7));
    match_escalate(rs, &fl);
    assert_int_equal(fl.items[0].severity, SEV_WARNING);
    assert_string_equal(fl.items[0].message, "m");
    finding_list_free(&fl);
    rules_free(rs);
}

static const char all_yaml[] =
    "rules:\n"
    "  - id: access.open\n"
    "    item: 32\n"
    "    effect: violates\n"
    "    severity: warning\n"
    "    message: open\n"
    "    remediation: close it\n"
    "    regex: 'open'\n"
    "    files: ['*.py']\n"
    "    escalate_with:\n"
    "      - access.bot\n"
    "      - [infra.container.*, access.platform]\n";

/* The list form: every condition must hold, each by any of its globs, from operative
 * code or applied configuration (a Dockerfile under tests/ is no deployment). */
static void test_all_conditions(void **state)
{
    (void)state;
    ruleset *rs = load(all_yaml);
    finding_list fl = {0};
    VEC_PUSH(&fl, make("access.open", SEV_WARNING, "bot/auth.py", 3));
    VEC_PUSH(&fl, make("access.bot", SEV_INFO, "bot/main.py", 1));
    match_escalate(rs, &fl);
    assert_int_equal(fl.items[0].severity, SEV_WARNING); /* no container, no platform */
    VEC_PUSH(&fl, make("infra.container.dockerfile", SEV_INFO, "tests/fixture/Dockerfile", 1));
    match_escalate(rs, &fl);
    assert_int_equal(fl.items[0].severity, SEV_WARNING); /* a test fixture deploys nothing */
    VEC_PUSH(&fl, make("access.platform", SEV_INFO, "fly.toml", 1));
    match_escalate(rs, &fl);
    assert_int_equal(fl.items[0].severity, SEV_BLOCKER);
    assert_non_null(strstr(fl.items[0].message, "access.bot at bot/main.py:1, access.platform at fly.toml:1"));
    finding_list_free(&fl);
    /* the finding itself must be operative: the same defect in a test is not raised */
    finding_list ft = {0};
    VEC_PUSH(&ft, make("access.open", SEV_WARNING, "tests/test_auth.py", 3));
    VEC_PUSH(&ft, make("access.bot", SEV_INFO, "bot/main.py", 1));
    VEC_PUSH(&ft, make("access.platform", SEV_INFO, "fly.toml", 1));
    match_escalate(rs, &ft);
    assert_int_equal(ft.items[0].severity, SEV_WARNING);
    finding_list_free(&ft);
    rules_free(rs);
}

static void test_bad_keys_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "rules:\n  - {id: a.b, item: 1, effect: informs, severity: info, message: m, path: x, escalate_to: blocker}\n",
        "rules:\n  - {id: a.b, item: 1, effect: informs, severity: info, message: m, path: x, escalate_with: c.d, escalate_to: fatal}\n",
        "rules:\n  - {id: a.b, item: 1, effect: informs, severity: info, message: m, path: x, escalate_with: ''}\n",
        "rules:\n  - {id: a.b, item: 1, effect: informs, severity: info, message: m, path: x, escalate_with: []}\n",
        "rules:\n  - {id: a.b, item: 1, effect: informs, severity: info, message: m, path: x, escalate_with: [c.d, [e|f]]}\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *err = NULL;
        ruleset *rs = rules_load_text("bad.yml", bad[i], NULL, &err);
        assert_null(rs);
        assert_non_null(strstr(err, "bad.yml:2:"));
        free(err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raised_when_component_used),
        cmocka_unit_test(test_unchanged_without_component),
        cmocka_unit_test(test_all_conditions),
        cmocka_unit_test(test_bad_keys_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
