/* rule_text: lookups of the stage-id table. That every id the sources emit has a row, and
 * every row an id, is held by test_stage_ids (it reads the ids from the sources). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "rule_text.h"
#include "suppress.h"

static void test_lookup(void **state)
{
    (void)state;
    rule_text t;
    assert_true(rule_text_lookup(NULL, SUPPRESS_BAD_RULE, &t));
    assert_non_null(t.description);
    assert_true(rule_text_known(NULL, SUPPRESS_BAD_RULE));
    assert_false(rule_text_known(NULL, "tls.python-verfy-false"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
