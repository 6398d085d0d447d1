/* Tests for the notebook reader (notebook.c): IPython syntax made into comments, line
 * maps, outputs, other kernels and malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "notebook.h"

static notebook *read_ok(const char *json)
{
    char *err = NULL;
    notebook *nb = notebook_read("a.ipynb", json, strlen(json), &err);
    if (err) fail_msg("unexpected error: %s", err);
    assert_non_null(nb);
    return nb;
}

static void test_magics_become_comments(void **state)
{
    (void)state;
    notebook *nb = read_ok("{\"cells\": [\n"
                           " {\"cell_type\": \"code\", \"source\": [\n"
                           "  \"!pip install x\\n\",\n"
                           "  \"%matplotlib inline\\n\",\n"
                           "  \"files = !ls\\n\",\n"
                           "  \"os.path?\\n\",\n"
                           "  \"if x:\\n\",\n"
                           "  \"    !echo hi\\n\",\n"
                           "  \"a = b != c\\n\",\n"
                           "  \"y = 1\"]},\n"
                           " {\"cell_type\": \"code\", \"source\": \"%%bash\\nexport K=1\\n\"},\n"
                           " {\"cell_type\": \"code\", \"source\": \"%%time\\nz = 2\"},\n"
                           " {\"cell_type\": \"code\", \"source\": \"pip install -q x\\npip = 3\\nconda list\"}\n"
                           "]}\n");
    size_t n;
    const char *code = notebook_code(nb, &n);
    assert_string_equal(code, "#!pip install x\n#%matplotlib inline\n#files = !ls\n#os.path?\nif x:\n    #!echo hi\n"
                              "a = b != c\ny = 1\n#%%bash\n#export K=1\n#%%time\nz = 2\n#pip install -q x\npip = 3\n#conda list\n");
    notebook_loc loc;
    assert_true(notebook_locate(nb, false, 8, &loc)); /* y = 1 */
    assert_int_equal(loc.cell, 1);
    assert_int_equal(loc.cell_line, 8);
    assert_int_equal(loc.raw_line, 10);
    assert_true(notebook_locate(nb, false, 12, &loc)); /* z = 2: one string, one raw line */
    assert_int_equal(loc.cell, 3);
    assert_int_equal(loc.cell_line, 2);
    assert_int_equal(loc.raw_line, 12);
    assert_true(notebook_locate(nb, false, 6, &loc));
    assert_int_equal(loc.col_shift, 1);
    assert_false(notebook_locate(nb, false, 16, &loc));
    notebook_free(nb);
}

static void test_outputs_and_markdown_are_secret_text(void **state)
{
    (void)state;
    notebook *nb = read_ok("{\"cells\": [\n"
                           " {\"cell_type\": \"markdown\", \"source\": [\"# Title\\n\", \"key: K1\"]},\n"
                           " {\"cell_type\": \"code\", \"source\": [\"print(k)\"], \"outputs\": [\n"
                           "  {\"output_type\": \"stream\", \"text\": [\"a\", \"b\\n\", \"c\\n\"]},\n"
                           "  {\"output_type\": \"execute_result\", \"data\": {\"image/png\": \"AAAA\",\n"
                           "   \"text/plain\": [\"'K2'\"]}},\n"
                           "  {\"output_type\": \"error\", \"traceback\": [\"Trace\\nback\"]}]}\n"
                           "]}\n");
    size_t n;
    assert_string_equal(notebook_secrets(nb, &n), "# Title\nkey: K1\nab\nc\n'K2'\nTrace\nback\n");
    notebook_loc loc;
    assert_true(notebook_locate(nb, true, 2, &loc));
    assert_false(loc.in_output);
    assert_int_equal(loc.cell, 1);
    assert_true(notebook_locate(nb, true, 5, &loc));
    assert_true(loc.in_output);
    assert_int_equal(loc.cell, 2);
    assert_int_equal(loc.cell_line, 3);
    assert_int_equal(loc.raw_line, 6);
    finding f = {0};
    f.line = 5;
    f.end_line = 5;
    f.column = 2;
    notebook_place_finding(nb, true, &f);
    assert_int_equal(f.line, 6);
    assert_int_equal(f.cell, 2);
    assert_true(f.in_output);
    notebook_free(nb);
}

static void test_other_kernel_is_not_python(void **state)
{
    (void)state;
    notebook *nb = read_ok("{\"metadata\": {\"kernelspec\": {\"language\": \"R\"}},"
                           " \"cells\": [{\"cell_type\": \"code\", \"source\": \"x <- 1\"}]}");
    size_t n;
    assert_false(notebook_is_python(nb));
    assert_string_equal(notebook_code(nb, &n), "");
    assert_string_equal(notebook_secrets(nb, &n), "x <- 1\n");
    notebook_free(nb);
}

static void test_malformed_is_an_error(void **state)
{
    (void)state;
    static const char *const bad[] = {"{\"cells\": [", "[1, 2]", "{\"cells\": 3}", "", "{\"nbformat\": 4}",
                                      "{\"cells\": [{\"cell_type\": \"code\", \"source\": 7, \"outputs\": {}}]}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *err = NULL;
        notebook *nb = notebook_read("a.ipynb", bad[i], strlen(bad[i]), &err);
        if (i == 5) { /* well-formed JSON, odd types: read, nothing in it */
            assert_non_null(nb);
            assert_null(err);
            notebook_free(nb);
            continue;
        }
        assert_null(nb);
        assert_non_null(err);
        free(err);
    }
    assert_true(notebook_is_path("x/A.IPYNB"));
    assert_false(notebook_is_path("ipynb"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_magics_become_comments),
        cmocka_unit_test(test_outputs_and_markdown_are_secret_text),
        cmocka_unit_test(test_other_kernel_is_not_python),
        cmocka_unit_test(test_malformed_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
