/* classify.c: file kinds from names and shebang lines, generated-file names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "classify.h"
#include "testutil.h"

typedef struct expect {
    const char *path;
    lang lang;
    file_class cls;
} expect;

static void check_all(const expect *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        file_kind k = classify_path(cases[i].path);
        if (k.lang != cases[i].lang || k.cls != cases[i].cls)
            fail_msg("%s: got %s/%s, want %s/%s", cases[i].path, lang_name(k.lang),
                     file_class_name(k.cls), lang_name(cases[i].lang), file_class_name(cases[i].cls));
    }
}

#define CHECK_ALL(cases) check_all(cases, sizeof cases / sizeof *cases)

static void test_code_extensions(void **state)
{
    static const expect cases[] = {
        {"app.py", LANG_PYTHON, CLASS_CODE},
        {"stubs/types.pyi", LANG_PYTHON, CLASS_CODE},
        {"web/index.js", LANG_JAVASCRIPT, CLASS_CODE},
        {"esm.mjs", LANG_JAVASCRIPT, CLASS_CODE},
        {"common.cjs", LANG_JAVASCRIPT, CLASS_CODE},
        {"ui/Button.jsx", LANG_JAVASCRIPT, CLASS_CODE},
        {"src/server.ts", LANG_TYPESCRIPT, CLASS_CODE},
        {"src/esm.mts", LANG_TYPESCRIPT, CLASS_CODE},
        {"src/cjs.cts", LANG_TYPESCRIPT, CLASS_CODE},
        {"types/global.d.ts", LANG_TYPESCRIPT, CLASS_CODE},
        {"app/page.tsx", LANG_TSX, CLASS_CODE},
        {"LEGACY.PY", LANG_PYTHON, CLASS_CODE},       /* extensions ignore case */
        {"Component.TSX", LANG_TSX, CLASS_CODE},
        {"a.b.c.py", LANG_PYTHON, CLASS_CODE},
        {"dir.py/inner.ts", LANG_TYPESCRIPT, CLASS_CODE}, /* only the base name counts */
    };
    CHECK_ALL(cases);
}

static void test_not_code(void **state)
{
    static const expect cases[] = {
        {"module.pyc", LANG_NONE, CLASS_OTHER},
        {"script.sh", LANG_NONE, CLASS_OTHER},
        {"main.go", LANG_NONE, CLASS_OTHER},
        {"noext", LANG_NONE, CLASS_OTHER},
        {"py", LANG_NONE, CLASS_OTHER},
        {"archive.tar.gz", LANG_NONE, CLASS_OTHER},
        {"src/py/readme", LANG_NONE, CLASS_OTHER},
        {"x.json.bak", LANG_NONE, CLASS_OTHER},
    };
    CHECK_ALL(cases);
}

static void test_notebook(void **state)
{
    static const expect cases[] = {
        {"analysis.ipynb", LANG_NONE, CLASS_NOTEBOOK},
        {"nb/Explore.IPYNB", LANG_NONE, CLASS_NOTEBOOK},
    };
    CHECK_ALL(cases);
}

static void test_manifests(void **state)
{
    static const expect cases[] = {
        {"pyproject.toml", LANG_NONE, CLASS_MANIFEST},
        {"sub/package.json", LANG_NONE, CLASS_MANIFEST},
        {"package-lock.json", LANG_NONE, CLASS_MANIFEST},
        {"pnpm-lock.yaml", LANG_NONE, CLASS_MANIFEST},
        {"yarn.lock", LANG_NONE, CLASS_MANIFEST},
        {"poetry.lock", LANG_NONE, CLASS_MANIFEST},
        {"uv.lock", LANG_NONE, CLASS_MANIFEST},
        {"Pipfile", LANG_NONE, CLASS_MANIFEST},
        {"Pipfile.lock", LANG_NONE, CLASS_MANIFEST},
        {"setup.py", LANG_NONE, CLASS_MANIFEST},     /* a manifest first, though it is Python */
        {"setup.cfg", LANG_NONE, CLASS_MANIFEST},
        {"environment.yml", LANG_NONE, CLASS_MANIFEST},
        {"requirements.txt", LANG_NONE, CLASS_MANIFEST},
        {"requirements-dev.txt", LANG_NONE, CLASS_MANIFEST},
        {"requirements.in", LANG_NONE, CLASS_MANIFEST},
        {"constraints.txt", LANG_NONE, CLASS_MANIFEST},
        {"dev-requirements.txt", LANG_NONE, CLASS_MANIFEST},
        {"test_requirements.txt", LANG_NONE, CLASS_MANIFEST},
        {"requirements/base.txt", LANG_NONE, CLASS_MANIFEST},
    };
    CHECK_ALL(cases);
}

static void test_config_and_docs(void **state)
{
    static const expect cases[] = {
        {"config.yml", LANG_NONE, CLASS_CONFIG},
        {"deploy/values.yaml", LANG_NONE, CLASS_CONFIG},
        {"tsconfig.json", LANG_NONE, CLASS_CONFIG},
        {"ruff.toml", LANG_NONE, CLASS_CONFIG},
        {"tox.ini", LANG_NONE, CLASS_CONFIG},
        {"main.tf", LANG_NONE, CLASS_CONFIG},
        {"Dockerfile", LANG_NONE, CLASS_CONFIG},
        {"Dockerfile.prod", LANG_NONE, CLASS_CONFIG},
        {"api.Dockerfile", LANG_NONE, CLASS_CONFIG},
        {"docker-compose.yml", LANG_NONE, CLASS_CONFIG},
        {"docker-compose.override.yaml", LANG_NONE, CLASS_CONFIG},
        {".env", LANG_NONE, CLASS_CONFIG},
        {".env.local", LANG_NONE, CLASS_CONFIG},
        {"prod.env", LANG_NONE, CLASS_CONFIG},
        {"Makefile", LANG_NONE, CLASS_CONFIG},
        {"Procfile", LANG_NONE, CLASS_CONFIG},
        {".gitignore", LANG_NONE, CLASS_CONFIG},
        {".aiready.yml", LANG_NONE, CLASS_CONFIG},
        {"README.md", LANG_NONE, CLASS_DOC},
        {"docs/guide.rst", LANG_NONE, CLASS_DOC},
        {"notes.txt", LANG_NONE, CLASS_DOC},
        {"page.mdx", LANG_NONE, CLASS_DOC},
        {"README", LANG_NONE, CLASS_DOC},
        {"LICENSE", LANG_NONE, CLASS_DOC},
        {"CHANGELOG", LANG_NONE, CLASS_DOC},
        {"SECURITY", LANG_NONE, CLASS_DOC},
    };
    CHECK_ALL(cases);
}

static file_kind shebang(const char *path, const char *text)
{
    return classify_shebang(classify_path(path), text, strlen(text));
}

static void test_shebang(void **state)
{
    file_kind k = shebang("bin/tool", "#!/usr/bin/env python3\nimport sys\n");
    assert_int_equal(k.lang, LANG_PYTHON);
    assert_int_equal(k.cls, CLASS_CODE);
    k = shebang("manage", "#!/usr/bin/python\n");
    assert_int_equal(k.lang, LANG_PYTHON);
    k = shebang("run", "#!/usr/bin/python3.11");            /* no newline at all */
    assert_int_equal(k.lang, LANG_PYTHON);
    k = shebang("cli", "#!/usr/bin/env node\nconsole.log(1)\n");
    assert_int_equal(k.lang, LANG_JAVASCRIPT);
    assert_int_equal(k.cls, CLASS_CODE);
    k = shebang("deploy.sh", "#!/usr/bin/env -S deno run\n");
    assert_int_equal(k.lang, LANG_JAVASCRIPT);
    k = shebang("go", "#!/bin/sh\nexec python3 x.py\n");      /* python on line 2 only */
    assert_int_equal(k.lang, LANG_NONE);
    assert_int_equal(k.cls, CLASS_OTHER);
    k = shebang("notshebang", "# python\n");
    assert_int_equal(k.lang, LANG_NONE);
    k = shebang("short", "#!");
    assert_int_equal(k.lang, LANG_NONE);
    k = shebang("empty", "");
    assert_int_equal(k.lang, LANG_NONE);
}

/* A name that already classified the file wins over its first line. */
static void test_shebang_does_not_override(void **state)
{
    file_kind k = shebang("README.md", "#!/usr/bin/env python\n");
    assert_int_equal(k.lang, LANG_NONE);
    assert_int_equal(k.cls, CLASS_DOC);
    k = shebang("x.ts", "#!/usr/bin/env python\n");
    assert_int_equal(k.lang, LANG_TYPESCRIPT);
}

/* A first line longer than the 256-byte buffer: the interpreter is near the start. */
static void test_shebang_long_line(void **state)
{
    buf b = {0};
    buf_puts(&b, "#!/usr/bin/env python3 ");
    for (int i = 0; i < 1000; i++) buf_putc(&b, 'x');
    buf_puts(&b, "\nprint(1)\n");
    file_kind k = classify_shebang(classify_path("tool"), b.data, b.len);
    assert_int_equal(k.lang, LANG_PYTHON);
    b.len = 0;
    buf_puts(&b, "#!");
    for (int i = 0; i < 1000; i++) buf_putc(&b, '/');
    buf_puts(&b, "python\n");   /* beyond the first 255 bytes: not seen */
    k = classify_shebang(classify_path("tool"), b.data, b.len);
    assert_int_equal(k.lang, LANG_NONE);
    buf_free(&b);
}

static void test_generated(void **state)
{
    static const char *const yes[] = {
        "static/app.min.js", "lib.min.mjs", "x.min.cjs", "dist2/app.bundle.js", "c/42.chunk.js",
        "proto/user_pb2.py", "proto/user_pb2_grpc.py", "proto/user_pb2.pyi", "api.generated.ts",
        "schema.gen.ts", "client.generated.js", "app.js.map", "types.d.ts.map",
    };
    static const char *const no[] = {
        "app.js", "minimal.js", "min.js", "pb2.py", "generated/x.ts", "app.py", "bundle.ts",
        "generate.ts",
    };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!classify_is_generated(yes[i])) fail_msg("%s should be generated", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (classify_is_generated(no[i])) fail_msg("%s should not be generated", no[i]);
}

static void test_names(void **state)
{
    assert_string_equal(lang_name(LANG_PYTHON), "python");
    assert_string_equal(lang_name(LANG_TSX), "tsx");
    assert_string_equal(lang_name(LANG_NONE), "none");
    assert_string_equal(lang_name(LANG_COUNT), "none");
    assert_int_equal(lang_from_name("typescript"), LANG_TYPESCRIPT);
    assert_int_equal(lang_from_name("none"), LANG_NONE);
    assert_int_equal(lang_from_name("cobol"), LANG_NONE);
    assert_string_equal(file_class_name(CLASS_NOTEBOOK), "notebook");
    assert_string_equal(file_class_name(CLASS_COUNT), "other");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_extensions),
        cmocka_unit_test(test_not_code),
        cmocka_unit_test(test_notebook),
        cmocka_unit_test(test_manifests),
        cmocka_unit_test(test_config_and_docs),
        cmocka_unit_test(test_shebang),
        cmocka_unit_test(test_shebang_does_not_override),
        cmocka_unit_test(test_shebang_long_line),
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
