/* explain_rule: a rule from a rule file is described with its items and fix; ids that
 * analysis stages emit point at their document; unknown ids are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "checklist_fixture.h"
#include "explain.h"
#include "rules.h"

static const char rule_yaml[] =
    "rules:\n"
    "  - id: tls.example-off\n"
    "    item: [33, 40]\n"
    "    effect: violates\n"
    "    severity: blocker\n"
    "    message: TLS verification is off\n"
    "    remediation: Turn verification back on\n"
    "    path: ['*.cfg']\n";

static void test_rules(void **state)
{
    (void)state;
    char *path = fixture_path("rules/checklist.yaml");
    char *err = NULL;
    checklist *cl = checklist_load(path, &err);
    assert_non_null(cl);
    ruleset *rs = rules_load_text("t.yml", rule_yaml, NULL, &err);
    assert_non_null(rs);

    buf out = {0};
    assert_true(explain_rule(cl, rs, NULL, "tls.example-off", &out));
    assert_non_null(strstr(out.data, "Rule tls.example-off"));
    assert_non_null(strstr(out.data, "(path rule)"));
    assert_non_null(strstr(out.data, "Defined in t.yml:"));
    assert_non_null(strstr(out.data, "33. Sensitive data is encrypted at rest and in transit"));
    assert_non_null(strstr(out.data, "40. A pre-deployment security review has been completed"));
    assert_non_null(strstr(out.data, "Severity: blocker"));
    assert_non_null(strstr(out.data, "Turn verification back on"));
    buf_free(&out);

    assert_true(explain_rule(cl, rs, NULL, "model-call.no-timeout", &out));
    assert_non_null(strstr(out.data, "docs/calls.md"));
    buf_free(&out);

    assert_false(explain_rule(cl, rs, NULL, "tls.nothing-like-this", &out));
    buf_free(&out);
    rules_free(rs);
    checklist_free(cl);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_rules)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
