/* provenance.c: what kind of place a piece of evidence comes from (by path, and for a
 * position inside code, whether that line is a comment or docstring). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "provenance.h"

typedef struct expect {
    const char *path;
    provenance kind;
    const char *why;
} expect;

static void check_all(const expect *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        provenance_info p = provenance_of_path(cases[i].path);
        if (p.kind != cases[i].kind || (cases[i].why && strcmp(p.why, cases[i].why) != 0))
            fail_msg("%s: got %s (%s), want %s (%s)", cases[i].path, provenance_name(p.kind), p.why,
                     provenance_name(cases[i].kind), cases[i].why ? cases[i].why : "any");
    }
}

#define CHECK_ALL(cases) check_all(cases, sizeof cases / sizeof *cases)

static void test_operative_code(void **state)
{
    (void)state;
    static const expect cases[] = {
        {"app.py", PROV_CODE, "code"},
        {"src/app/api/chat/route.ts", PROV_CODE, "code"},
        {"bot/openai_helper.py", PROV_CODE, "code"},
        {"templates/index.html", PROV_CODE, "code"},
        {"web/components/Chat.tsx", PROV_CODE, "code"},
    };
    CHECK_ALL(cases);
}

static void test_applied_config(void **state)
{
    (void)state;
    static const expect cases[] = {
        {"Dockerfile", PROV_CONFIG, "config"},
        {"deploy/Dockerfile.prod", PROV_CONFIG, "config"},
        {".github/workflows/deploy.yml", PROV_CONFIG, "config"},
        {"vercel.json", PROV_CONFIG, "config"},
        {"wrangler.jsonc", PROV_CONFIG, "config"}, /* JSON with comments: Cloudflare, VS Code, tsconfig */
        {"deno.json5", PROV_CONFIG, "config"},
        {"prisma/schema.prisma", PROV_CONFIG, "config"}, /* the database schema the app runs on */
        {"monitoring/alerts.rules", PROV_CONFIG, "config"}, /* Prometheus alerting rules */
        {"Procfile", PROV_CONFIG, "config"},
        {"requirements.txt", PROV_CONFIG, "config"},
        {"package.json", PROV_CONFIG, "config"},
        {"config/default.json", PROV_CONFIG, "config"},
        {"k8s/hpa.yaml", PROV_CONFIG, "config"},
        {"infra/main.tf", PROV_CONFIG, "config"},
        {".env", PROV_CONFIG, "config"},
        {"", PROV_CONFIG, "config"},
    };
    CHECK_ALL(cases);
}

static void test_project_docs(void **state)
{
    (void)state;
    static const expect cases[] = {
        {"README.md", PROV_DOCS, "docs"},
        {"docs/runbook.md", PROV_DOCS, "docs"},
        {"docs/ops/incident-response.rst", PROV_DOCS, "docs"},
        {"SECURITY.md", PROV_DOCS, "docs"},
        {"RUNBOOK", PROV_DOCS, "docs"},
        {"CODEOWNERS", PROV_DOCS, "docs"},
        {"docs/slo.txt", PROV_DOCS, "docs"},
        {"docs/postmortems/TEMPLATE.md", PROV_DOCS, "docs"},
    };
    CHECK_ALL(cases);
}

static void test_other_text(void **state)
{
    (void)state;
    static const expect cases[] = {
        {"tests/test_api.py", PROV_OTHER, "test"},
        {"app/test_ingest.py", PROV_OTHER, "test"},
        {"src/chat.spec.ts", PROV_OTHER, "test"},
        {"backend/tests/fixtures/response.json", PROV_OTHER, "test"},
        {"examples/basic.py", PROV_OTHER, "example"},
        {"scripts/seed.py", PROV_OTHER, "script"},
        {"notebooks/explore.ipynb", PROV_OTHER, "notebook"},
        {"vendor/lib/README.md", PROV_OTHER, "vendored"},
        {"third_party/sla.md", PROV_OTHER, "vendored"},
        {"node_modules/x/index.js", PROV_OTHER, "vendored"},
        {"extension/src/serviceworkers/pdf.worker.js", PROV_OTHER, "vendored"},
        {"data/budget.txt", PROV_OTHER, "data"},
        {"prices.csv", PROV_OTHER, "data"},
        {"issues_dump.json", PROV_OTHER, "data"},
        {"notes.txt", PROV_OTHER, "data"},
        {"README.ko.md", PROV_OTHER, "translation"},
        {"README_zh-CN.md", PROV_OTHER, "translation"},
        {"docs/ja/setup.md", PROV_OTHER, "translation"},
        {"locales/en.json", PROV_OTHER, "translation"},
        {".env.example", PROV_OTHER, "example-env"},
        {"backend/.env.sample", PROV_OTHER, "example-env"},
        {"example.env", PROV_OTHER, "example-env"},
        {"config.yaml.example", PROV_OTHER, "example"},
        {"settings.template.json", PROV_OTHER, "example"},
        {"template.yaml", PROV_CONFIG, "config"},      /* AWS SAM's default template: deployed */
        {"infra/template.yml", PROV_CONFIG, "config"},
        {"legacy/app.py", PROV_OTHER, "dead-code"},
        {"docs/examples/client.py", PROV_OTHER, "example"},
        {".github/ISSUE_TEMPLATE/bug.md", PROV_OTHER, "template"},
    };
    CHECK_ALL(cases);
}

static provenance at(const char *path, const char *text, uint32_t line)
{
    provenance_map *m = provenance_map_new(path, text, strlen(text));
    provenance p = provenance_map_at(m, line).kind;
    provenance_map_free(m);
    return p;
}

static void test_python_comments_and_docstrings(void **state)
{
    (void)state;
    const char *py =
        "import os\n"                       /* 1 */
        "# retry with backoff\n"            /* 2 */
        "def f():\n"                        /* 3 */
        "    \"\"\"Budget: $100 a month.\n" /* 4: opens a docstring (code line) */
        "    retries: 3\n"                  /* 5: inside */
        "    \"\"\"\n"                      /* 6: closes it */
        "    x = '#not a comment'\n"        /* 7 */
        "    return x  # trailing\n";       /* 8 */
    assert_int_equal(at("app.py", py, 1), PROV_CODE);
    assert_int_equal(at("app.py", py, 2), PROV_OTHER);
    assert_int_equal(at("app.py", py, 3), PROV_CODE);
    assert_int_equal(at("app.py", py, 4), PROV_CODE);
    assert_int_equal(at("app.py", py, 5), PROV_OTHER);
    assert_int_equal(at("app.py", py, 6), PROV_OTHER);
    assert_int_equal(at("app.py", py, 7), PROV_CODE);
    assert_int_equal(at("app.py", py, 8), PROV_CODE);
    assert_int_equal(at("app.py", py, 0), PROV_CODE);
    assert_int_equal(at("app.py", py, 99), PROV_CODE);
}

static void test_js_comments(void **state)
{
    (void)state;
    const char *js =
        "const a = 1; // note\n"           /* 1 */
        "// const key = 'sk-...'\n"        /* 2 */
        "/* block\n"                       /* 3 */
        "   still */ const b = 2;\n"       /* 4: starts inside the block */
        "const re = /'/; const c = 3;\n"   /* 5: regex with a quote */
        "const s = `line\n"                /* 6 */
        "${x} text`;\n"                    /* 7: inside a template */
        "f(a /* inline */, b);\n";         /* 8 */
    assert_int_equal(at("src/x.ts", js, 1), PROV_CODE);
    assert_int_equal(at("src/x.ts", js, 2), PROV_OTHER);
    assert_int_equal(at("src/x.ts", js, 3), PROV_OTHER);
    assert_int_equal(at("src/x.ts", js, 4), PROV_OTHER);
    assert_int_equal(at("src/x.ts", js, 5), PROV_CODE);
    assert_int_equal(at("src/x.ts", js, 6), PROV_CODE);
    assert_int_equal(at("src/x.ts", js, 7), PROV_OTHER);
    assert_int_equal(at("src/x.ts", js, 8), PROV_CODE);
}

/* Non-code files are never refined by position; a test file stays other text. */
static void test_map_non_code(void **state)
{
    (void)state;
    assert_int_equal(at("README.md", "# Title\ntext\n", 1), PROV_DOCS);
    assert_int_equal(at("tests/test_a.py", "x = 1\n", 1), PROV_OTHER);
    assert_int_equal(at("Dockerfile", "# comment\nFROM x\n", 1), PROV_CONFIG);
    assert_int_equal(provenance_map_at(NULL, 3).kind, PROV_UNKNOWN);
    assert_true(provenance_is_operative(PROV_CODE));
    assert_true(provenance_is_operative(PROV_CONFIG));
    assert_false(provenance_is_operative(PROV_DOCS));
    assert_false(provenance_is_operative(PROV_OTHER));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_operative_code),
        cmocka_unit_test(test_applied_config),
        cmocka_unit_test(test_project_docs),
        cmocka_unit_test(test_other_text),
        cmocka_unit_test(test_python_comments_and_docstrings),
        cmocka_unit_test(test_js_comments),
        cmocka_unit_test(test_map_non_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
