/* test_explain: `aiready explain ITEM` text, and docs/items.md kept in sync with
 * rules/checklist.yaml. AIREADY_UPDATE_DOCS=1 rewrites docs/items.md instead of failing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist_fixture.h"
#include "explain.h"

static int group_setup(void **state)
{
    char *path = fixture_path("rules/checklist.yaml");
    char *err = NULL;
    *state = checklist_load(path, &err);
    if (!*state) print_error("%s\n", err ? err : "(no message)");
    free(err);
    free(path);
    return *state ? 0 : -1;
}

static int group_teardown(void **state)
{
    checklist_free(*state);
    return 0;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle)) print_error("missing '%s' in:\n%s\n", needle, hay);
    assert_non_null(strstr(hay, needle));
}

static void test_parse_item(void **state)
{
    (void)state;
    int n = 0;
    assert_true(explain_parse_item("17", &n));
    assert_int_equal(n, 17);
    assert_true(explain_parse_item("#3", &n));
    assert_int_equal(n, 3);
    assert_true(explain_parse_item("item-50", &n));
    assert_int_equal(n, 50);
    assert_true(explain_parse_item("item7", &n));
    assert_int_equal(n, 7);
    assert_false(explain_parse_item("0", &n));
    assert_false(explain_parse_item("51", &n));
    assert_false(explain_parse_item("17a", &n));
    assert_false(explain_parse_item("secrets.openai-api-key", &n));
    assert_false(explain_parse_item("", &n));
    assert_false(explain_parse_item(NULL, &n));
}

static void test_explain_violation_item(void **state)
{
    buf b = {0};
    explain_item(*state, 17, &b);
    assert_contains(b.data, "Item 17: Output validation is in place for downstream systems\n");
    assert_contains(b.data, "Pillar 2, Model, prompt and data (weight 1)\n");
    assert_contains(b.data, "\nWhat it means\n  Model output is schema-validated");
    assert_contains(b.data, "Strategy: violation.");
    assert_contains(b.data, "output_validated");
    assert_contains(b.data, "\nNeeds Review: what to check\n  Could not confirm");
    assert_contains(b.data, "\nHow to fix\n  Use structured output");
    assert_contains(b.data, "An attestation never overrides");
    assert_contains(b.data, "\nWhat makes it a Blocker\n  Model output reaching a dangerous sink");
    buf_free(&b);
}

static void test_explain_fits_80_columns(void **state)
{
    for (int id = 1; id <= CHECKLIST_ITEMS; id++) {
        buf b = {0};
        explain_item(*state, id, &b);
        for (const char *line = b.data; *line;) {
            const char *nl = strchr(line, '\n');
            assert_non_null(nl);
            if (nl - line > 80) print_error("item %d: %.*s\n", id, (int)(nl - line), line);
            assert_true(nl - line <= 80);
            line = nl + 1;
        }
        buf_free(&b);
    }
}

static void test_explain_conditions_and_attestation(void **state)
{
    buf b = {0};
    explain_item(*state, 7, &b);
    assert_contains(b.data, "Not applicable\n  When no finding anywhere comes from rules db.*:");
    assert_contains(b.data, "every one of 2 parts");
    buf_free(&b);
    explain_item(*state, 21, &b);
    assert_contains(b.data, "It cannot be attested");
    assert_contains(b.data, "Never: this item always applies.");
    assert_contains(b.data, "never Ready from nothing");
    buf_free(&b);
    explain_item(*state, 38, &b);
    assert_contains(b.data, "Strategy: attestation.");
    assert_contains(b.data, "docs.*");
    buf_free(&b);
}

static void test_explain_unknown_item(void **state)
{
    buf b = {0};
    explain_item(*state, 51, &b);
    assert_string_equal(b.data, "aiready: no checklist item 51 (items are 1 to 50)\n");
    buf_free(&b);
}

static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_append(&b, chunk, n);
    fclose(fp);
    return buf_take(&b);
}

static void test_items_md_in_sync(void **state)
{
    buf md = {0};
    explain_markdown(*state, &md);
    for (int id = 1; id <= CHECKLIST_ITEMS; id++) {
        char anchor[32];
        snprintf(anchor, sizeof anchor, "<a id=\"item-%d\"></a>", id);
        assert_contains(md.data, anchor);
    }
    char *path = fixture_path("docs/items.md");
    const char *update = getenv("AIREADY_UPDATE_DOCS");
    if (update && strcmp(update, "1") == 0) {
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        fwrite(md.data, 1, md.len, fp);
        fclose(fp);
    }
    char *current = read_all(path);
    if (!current || strcmp(current, md.data) != 0)
        print_error("%s is out of date: regenerate with AIREADY_UPDATE_DOCS=1 build/tests/test_explain\n", path);
    assert_non_null(current);
    assert_string_equal(current, md.data);
    free(current);
    free(path);
    buf_free(&md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_item),
        cmocka_unit_test(test_explain_violation_item),
        cmocka_unit_test(test_explain_fits_80_columns),
        cmocka_unit_test(test_explain_conditions_and_attestation),
        cmocka_unit_test(test_explain_unknown_item),
        cmocka_unit_test(test_items_md_in_sync),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
