/* test_report_json: the JSON report is valid JSON however hostile the scanned names and
 * messages are; a file name that is not UTF-8 is shown with \xHH escapes (two such names
 * stay distinct, never both U+FFFD), a backslash in a name is doubled, and C1 controls are
 * \u escapes like C0 ones, so a `cat`ed report cannot drive the terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"
#include "testutil.h"

static void test_hostile_names_and_controls(void **state)
{
    checklist *cl = rf_checklist();
    scan_result r;
    rf_build(&r, cl, false);
    rf_add_hostile(&r);
    finding bs = rf_finding("local.evil-rule", 0, EFFECT_VIOLATES, SEV_WARNING, "a\\xff.py", 1, "m", NULL, NULL);
    VEC_PUSH(&r.findings, bs);
    skipped_file sk = {xstrdup("skip\xfe"), SKIP_BINARY, NULL};
    VEC_PUSH(&r.skipped, sk);
    buf out = {0};
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    report_json(&r, &o, &out);
    assert_true(tu_json_valid(out.data, out.len));
    const char *bad = rf_first_unsafe(out.data, false);
    if (bad) fail_msg("unsafe byte 0x%02x at: %.40s", (unsigned char)*bad, bad);
    assert_non_null(strstr(out.data, "\"file\": \"bad\\\\xff.py\""));
    assert_non_null(strstr(out.data, "\"file\": \"bad\\\\xfe.py\""));
    assert_non_null(strstr(out.data, "\"file\": \"a\\\\\\\\xff.py\"")); /* a literal backslash: doubled */
    assert_non_null(strstr(out.data, "\"file\": \"skip\\\\xfe\""));
    /* C0 and C1 as \u escapes; the forged name keeps its exact characters */
    assert_non_null(strstr(out.data, "\\u001b]8;;http://evil.test\\u0007here"));
    assert_non_null(strstr(out.data, "\\u009b2J"));
    assert_non_null(strstr(out.data, "\"file\": \"x\\nScore 50/50"));
    assert_null(strstr(out.data, "\\ufffd.py"));
    buf_free(&out);
    scan_result_free(&r);
    checklist_free(cl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_names_and_controls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
