/* rule_text: every rule id the analysis stages emit from C has a rule-level description
 * (so SARIF never falls back to a finding's message and a suppression naming it is no
 * "unknown rule id"): the ids are read from the sources, so a new one without a row in
 * analyzer/rule_text.c fails here. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <regex.h>

#include "rule_text.h"
#include "suppress.h"
#include "testutil.h"

/* Checks every stage id quoted in the .c files of dir; returns how many it saw. */
static size_t check_dir(const char *dir, regex_t *re)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t seen = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n < 3 || strcmp(de->d_name + n - 2, ".c") || !strcmp(de->d_name, "rule_text.c")) continue;
        char *path = tu_path(dir, de->d_name);
        size_t len;
        char *text = tu_read_file(path, &len);
        free(path);
        regmatch_t m[2];
        for (const char *p = text; regexec(re, p, 2, m, 0) == 0; p += m[0].rm_eo) {
            char *id = xstrndup(p + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
            if (strcmp(id + strlen(id) - 2, ".h") != 0) { /* "ci.h" is an include */
                rule_text t;
                if (!rule_text_lookup(NULL, id, &t)) fail_msg("%s (%s/%s) has no rule_text row", id, dir, de->d_name);
                assert_true(rule_text_known(NULL, id));
                assert_null(strchr(t.description, '%'));
                seen++;
            }
            free(id);
        }
        free(text);
    }
    closedir(d);
    return seen;
}

static void test_stage_ids_described(void **state)
{
    regex_t re;
    assert_int_equal(regcomp(&re, "\"((model-call|access|ci|aiready)\\.[a-z0-9-]+)\"", REG_EXTENDED), 0);
    size_t seen = check_dir("analyzer", &re) + check_dir("analyzer/calls", &re);
    regfree(&re);
    assert_true(seen >= 40);
    rule_text t;
    assert_true(rule_text_lookup(NULL, SUPPRESS_BAD_RULE, &t));
    assert_false(rule_text_known(NULL, "tls.python-verfy-false"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage_ids_described),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
