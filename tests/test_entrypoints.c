/* entrypoints.c: scripts the application's configuration runs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "entrypoints.h"
#include "testutil.h"

static strset *find_in(const char *root)
{
    walk_options wo = {0};
    walk_result w;
    char *err = NULL;
    assert_int_equal(walk_tree(root, &wo, &w, &err), 0);
    int sys = 0;
    fsafe_root *fs = fsafe_root_open(root, 0, &sys);
    assert_non_null(fs);
    strset *s = entrypoints_find(fs, &w.files);
    fsafe_root_close(fs);
    walk_result_free(&w);
    return s;
}

static void test_named_by_launchers(void **state)
{
    (void)state;
    char *root = tu_tmpdir();
    tu_writes(root, "main.py", "import streamlit as st\n");
    tu_writes(root, "scripts/qa.py", "import streamlit as st\n");
    tu_writes(root, "scripts/qa_extra.py", "x = 1\n");
    tu_writes(root, "scripts/worker.py", "x = 1\n");
    tu_writes(root, "scripts/seed.py", "x = 1\n");
    tu_writes(root, "scripts/build.js", "x = 1\n");
    tu_writes(root, ".streamlit/pages.toml", "[[pages]]\npath = \"scripts/qa.py\"\n");
    tu_writes(root, "Procfile", "worker: python scripts/worker.py\n");
    /* tasks, not the deployed application */
    tu_writes(root, ".github/workflows/ci.yml", "jobs:\n  seed:\n    steps:\n      - run: python scripts/seed.py\n");
    tu_writes(root, "Makefile", "seed:\n\tpython scripts/seed.py\n");
    tu_writes(root, "package.json", "{\"scripts\": {\"build\": \"node scripts/build.js\"}}\n");
    strset *s = find_in(root);
    assert_non_null(s);
    assert_true(strset_has(s, "scripts/qa.py"));
    assert_true(strset_has(s, "scripts/worker.py"));
    assert_false(strset_has(s, "scripts/qa_extra.py"));
    assert_false(strset_has(s, "scripts/seed.py"));
    assert_false(strset_has(s, "scripts/build.js"));
    assert_false(strset_has(s, "main.py")); /* operative already: not a candidate */
    strset_free(s);
    tu_rmtree(root);
    free(root);
}

static void test_no_scripts_reads_nothing(void **state)
{
    (void)state;
    char *root = tu_tmpdir();
    tu_writes(root, "app.py", "x = 1\n");
    tu_writes(root, "Procfile", "web: python app.py\n");
    assert_null(find_in(root));
    tu_rmtree(root);
    free(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_named_by_launchers),
        cmocka_unit_test(test_no_scripts_reads_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
