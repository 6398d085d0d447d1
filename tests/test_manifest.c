/* Tests for the manifest and lockfile readers and the resolution of versions
 * (manifest*.c, lockfile_*.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

/* Reads text as the file at path, from an exactly-sized heap copy (no NUL after it), so
 * that a read past the end shows under ASan. */
static void parse_into(const char *path, const char *text, size_t n, manifest_result *r)
{
    char *copy = malloc(n ? n : 1);
    memcpy(copy, text, n);
    manifest_parse(path, copy, n, r);
    free(copy);
}

static manifest_result parse(const char *path, const char *text)
{
    manifest_result r = {0};
    parse_into(path, text, strlen(text), &r);
    return r;
}

static manifest_result parse_ok(const char *path, const char *text)
{
    manifest_result r = parse(path, text);
    if (r.error) fail_msg("unexpected error: %s", r.error);
    return r;
}

static const dependency *dep(const manifest_result *r, const char *name)
{
    for (size_t i = 0; i < r->deps.len; i++)
        if (strcmp(r->deps.items[i].name, name) == 0) return &r->deps.items[i];
    fail_msg("no dependency '%s' (of %zu)", name, r->deps.len);
    return NULL;
}

static bool has_dep(const manifest_result *r, const char *name)
{
    for (size_t i = 0; i < r->deps.len; i++)
        if (strcmp(r->deps.items[i].name, name) == 0) return true;
    return false;
}

/* Checks a dependency's spec, line, dev and pinned. */
static void expect_dep(const manifest_result *r, const char *name, const char *spec, uint32_t line, bool dev,
                       bool pinned)
{
    const dependency *d = dep(r, name);
    if (strcmp(d->spec, spec) != 0) fail_msg("%s: spec '%s', want '%s'", name, d->spec, spec);
    if (d->line != line) fail_msg("%s: line %u, want %u", name, d->line, line);
    if (d->dev != dev) fail_msg("%s: dev %d, want %d", name, d->dev, dev);
    if (d->pinned != pinned) fail_msg("%s: pinned %d, want %d", name, d->pinned, pinned);
    assert_null(d->resolved);
}

static void expect_error(const manifest_result *r, const char *prefix, const char *needle)
{
    if (!r->error) fail_msg("no error; want '%s'", prefix);
    if (strncmp(r->error, prefix, strlen(prefix)) != 0 || !strstr(r->error, needle))
        fail_msg("error '%s', want '%s' ... '%s'", r->error, prefix, needle);
}

/* The lock entries as "name@version" lines, in order. */
static char *locks_text(const manifest_result *r)
{
    buf b = {0};
    buf_append(&b, "", 0);
    for (size_t i = 0; i < r->locks.len; i++) {
        buf_printf(&b, "%s@%s\n", r->locks.items[i].name, r->locks.items[i].version);
        assert_string_equal(r->locks.items[i].ecosystem, r->locks.items[0].ecosystem);
    }
    return buf_take(&b);
}

static void expect_locks(const manifest_result *r, const char *want)
{
    char *got = locks_text(r);
    if (strcmp(got, want) != 0) fail_msg("lock entries:\n%s\nwant:\n%s", got, want);
    free(got);
}

/* --- kinds ------------------------------------------------------------------------------- */

static void test_kind_of(void **state)
{
    (void)state;
    static const struct { const char *path; manifest_kind kind; } cases[] = {
        {"requirements.txt", MANIFEST_REQUIREMENTS},
        {"requirements-dev.txt", MANIFEST_REQUIREMENTS},
        {"svc/requirements_test.txt", MANIFEST_REQUIREMENTS},
        {"Requirements.TXT", MANIFEST_REQUIREMENTS},
        {"requirements/base.txt", MANIFEST_REQUIREMENTS},
        {"app/requirements/prod.txt", MANIFEST_REQUIREMENTS},
        {"dev-requirements.txt", MANIFEST_REQUIREMENTS},
        {"test_requirements.txt", MANIFEST_REQUIREMENTS},
        {"constraints.txt", MANIFEST_CONSTRAINTS},
        {"ci/pip-constraints.txt", MANIFEST_CONSTRAINTS},
        {"requirements.in", MANIFEST_NONE},
        {"notes.txt", MANIFEST_NONE},
        {"requirements/README.md", MANIFEST_NONE},
        {"myrequirements/x.txt", MANIFEST_NONE},
        {"pyproject.toml", MANIFEST_PYPROJECT},
        {"a/b/pyproject.toml", MANIFEST_PYPROJECT},
        {"Pipfile", MANIFEST_PIPFILE},
        {"pipfile", MANIFEST_NONE},
        {"setup.cfg", MANIFEST_SETUP_CFG},
        {"web/package.json", MANIFEST_PACKAGE_JSON},
        {"poetry.lock", LOCK_POETRY},
        {"uv.lock", LOCK_UV},
        {"Pipfile.lock", LOCK_PIPFILE},
        {"package-lock.json", LOCK_NPM},
        {"npm-shrinkwrap.json", LOCK_NPM},
        {"pnpm-lock.yaml", LOCK_PNPM},
        {"yarn.lock", LOCK_YARN},
        {"node_modules/react/package.json", MANIFEST_NONE},
        {"web/node_modules/x/requirements.txt", MANIFEST_NONE},
        {"pyproject.toml.bak", MANIFEST_NONE},
        {"", MANIFEST_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (manifest_kind_of(cases[i].path) != cases[i].kind)
            fail_msg("%s: kind %s, want %s", cases[i].path, manifest_kind_name(manifest_kind_of(cases[i].path)),
                     manifest_kind_name(cases[i].kind));
    assert_true(manifest_kind_is_lock(LOCK_YARN));
    assert_true(manifest_kind_is_lock(MANIFEST_CONSTRAINTS));
    assert_false(manifest_kind_is_lock(MANIFEST_PACKAGE_JSON));
    assert_string_equal(manifest_kind_name(LOCK_PNPM), "pnpm-lock.yaml");

    /* a file of no known kind reads as nothing */
    manifest_result r = parse_ok("README.md", "requests==1.0\n");
    assert_int_equal(r.deps.len, 0);
    manifest_result_free(&r);
}

/* --- requirements.txt ---------------------------------------------------------------------- */

static void test_requirements(void **state)
{
    (void)state;
    manifest_result r = parse_ok("svc/requirements.txt",
        "# comment\n"                                           /* 1 */
        "\n"                                                    /* 2 */
        "Django==4.2.7  # web\n"                                /* 3 */
        "requests[socks,security] >= 2.31 , <3\n"               /* 4 */
        "importlib_metadata; python_version < \"3.8\"\n"        /* 5 */
        "numpy==1.26.*\n"                                       /* 6 */
        "-r ../common/base.txt\n"                               /* 7 */
        "--requirement=extra.txt\n"                             /* 8 */
        "-c constraints.txt\n"                                  /* 9 */
        "-i https://pypi.example/simple\n"                      /* 10 */
        "--extra-index-url https://x.example\n"                 /* 11 */
        "cryptography==41.0.7 \\\n"                             /* 12 */
        "    --hash=sha256:aaaa \\\n"                           /* 13 */
        "    --hash=sha256:bbbb\n"                              /* 14 */
        "Flask_SQLAlchemy>=3\n"                                 /* 15 */
        "-e git+https://github.com/org/lib.git@v1.2#egg=Our_Lib\n" /* 16 */
        "-e .\n"                                                /* 17 */
        "./local/pkg\n"                                         /* 18 */
        "https://files.example/wheels/Pillow-10.1.0-cp311-none-any.whl\n" /* 19 */
        "mylib @ git+https://github.com/org/mylib.git@abc123\n" /* 20 */
        "torch==2.1.0+cpu -f https://download.pytorch.org/whl\n" /* 21 */
        "pkg==${VERSION}\n"                                     /* 22 */
        "git+https://github.com/org/nameless.git\n"             /* 23 */
        "uvicorn[standard]\\\n"                                 /* 24 */
        "==0.29.0\n");                                          /* 25 */
    assert_int_equal(r.deps.len, 11);
    expect_dep(&r, "django", "==4.2.7", 3, false, true);
    expect_dep(&r, "requests", ">=2.31,<3", 4, false, false);
    expect_dep(&r, "importlib-metadata", "", 5, false, false);
    expect_dep(&r, "numpy", "==1.26.*", 6, false, false);
    expect_dep(&r, "cryptography", "==41.0.7", 12, false, true);
    expect_dep(&r, "flask-sqlalchemy", ">=3", 15, false, false);
    expect_dep(&r, "our-lib", "git+https://github.com/org/lib.git@v1.2#egg=Our_Lib", 16, false, false);
    expect_dep(&r, "pillow", "https://files.example/wheels/Pillow-10.1.0-cp311-none-any.whl", 19, false, false);
    expect_dep(&r, "mylib", "git+https://github.com/org/mylib.git@abc123", 20, false, false);
    expect_dep(&r, "torch", "==2.1.0+cpu", 21, false, true);
    expect_dep(&r, "uvicorn", "==0.29.0", 24, false, true);
    const dependency *d = dep(&r, "django");
    assert_string_equal(d->ecosystem, "pypi");
    assert_string_equal(d->file, "svc/requirements.txt");
    /* includes, relative to the root */
    assert_int_equal(r.includes.len, 3);
    assert_string_equal(r.includes.items[0].path, "common/base.txt");
    assert_int_equal(r.includes.items[0].kind, MANIFEST_REQUIREMENTS);
    assert_int_equal(r.includes.items[0].line, 7);
    assert_string_equal(r.includes.items[0].from, "svc/requirements.txt");
    assert_string_equal(r.includes.items[1].path, "svc/extra.txt");
    assert_string_equal(r.includes.items[2].path, "svc/constraints.txt");
    assert_int_equal(r.includes.items[2].kind, MANIFEST_CONSTRAINTS);
    assert_int_equal(r.locks.len, 0);
    manifest_result_free(&r);
}

static void test_requirements_includes_and_options(void **state)
{
    (void)state;
    manifest_result r = parse_ok("requirements.txt",
        "-r/abs/path.txt\n"
        "-r https://example.com/reqs.txt\n"
        "-r ../outside.txt\n"
        "-r ${DIR}/x.txt\n"
        "-rdev.txt\n"
        "-r ./sub/../sub/./more.txt\n"
        "--constraint c.txt\n"
        "-r   'quoted name.txt'  \n"
        "--editable=git+https://g.example/x.git#egg=xpkg&subdirectory=py\n"
        "--pre\n"
        "--no-binary :all:\n"
        "-r\n");
    assert_int_equal(r.includes.len, 4);
    assert_string_equal(r.includes.items[0].path, "dev.txt");
    assert_string_equal(r.includes.items[1].path, "sub/more.txt");
    assert_string_equal(r.includes.items[2].path, "c.txt");
    assert_int_equal(r.includes.items[2].kind, MANIFEST_CONSTRAINTS);
    assert_string_equal(r.includes.items[3].path, "quoted name.txt");
    assert_int_equal(r.deps.len, 1);
    expect_dep(&r, "xpkg", "git+https://g.example/x.git#egg=xpkg&subdirectory=py", 9, false, false);
    manifest_result_free(&r);
}

static void test_requirements_dev_files_and_crlf(void **state)
{
    (void)state;
    const char *dev_files[] = {"requirements-dev.txt", "dev-requirements.txt", "requirements/test.txt",
                               "requirements_lint.txt", "requirements.docs.txt", "requirements-ci.txt"};
    for (size_t i = 0; i < sizeof dev_files / sizeof *dev_files; i++) {
        manifest_result r = parse_ok(dev_files[i], "pytest>=7\r\nruff\r\n");
        assert_int_equal(r.deps.len, 2);
        if (!r.deps.items[0].dev) fail_msg("%s: not dev", dev_files[i]);
        assert_string_equal(r.deps.items[0].spec, ">=7");
        assert_int_equal(r.deps.items[1].line, 2);
        manifest_result_free(&r);
    }
    const char *prod_files[] = {"requirements.txt", "requirements/prod.txt", "requirements-devices.txt",
                                "requirements/base.txt"};
    for (size_t i = 0; i < sizeof prod_files / sizeof *prod_files; i++) {
        manifest_result r = parse_ok(prod_files[i], "flask\n");
        if (r.deps.items[0].dev) fail_msg("%s: dev", prod_files[i]);
        manifest_result_free(&r);
    }
}

/* A bad line is an error on its line; the lines around it still count. */
static void test_requirements_errors(void **state)
{
    (void)state;
    manifest_result r = parse("requirements.txt",
        "flask==3.0.0\n"
        "\n"
        "requests >=\n"
        "pydantic>=2\n"
        "not a requirement\n");
    expect_error(&r, "requirements.txt: line 3: invalid requirement 'requests >=': ", "version after");
    assert_int_equal(r.deps.len, 2);
    assert_true(has_dep(&r, "flask") && has_dep(&r, "pydantic"));
    manifest_result_free(&r);

    /* a continuation that runs into the end of the file, and a comment ending it */
    r = parse_ok("requirements.txt", "a==1 \\\n# note \\\nb==2 \\");
    assert_int_equal(r.deps.len, 2);
    expect_dep(&r, "a", "==1", 1, false, true);
    expect_dep(&r, "b", "==2", 3, false, true);
    manifest_result_free(&r);
}

/* Tokens in URLs never reach the inventory. */
static void test_credentials_redacted(void **state)
{
    (void)state;
    manifest_result r = parse_ok("requirements.txt",
        "-e git+https://user:ghp_SECRET@github.com/o/r.git@v1#egg=r\n"
        "p @ https://tok:en@host.example/p-1.0-py3-none-any.whl\n"
        "q @ https://host.example/q.whl#user@mail\n");
    expect_dep(&r, "r", "git+https://***@github.com/o/r.git@v1#egg=r", 1, false, false);
    expect_dep(&r, "p", "https://***@host.example/p-1.0-py3-none-any.whl", 2, false, false);
    expect_dep(&r, "q", "https://host.example/q.whl#user@mail", 3, false, false);
    manifest_result_free(&r);
    r = parse_ok("package.json", "{\"dependencies\": {\"a\": \"git+https://x-oauth:SECRET@github.com/o/a.git\","
                                 " \"b\": \"git@github.com:o/b.git\", \"c\": \"https://a@b/c https://d@e/f\"}}");
    expect_dep(&r, "a", "git+https://***@github.com/o/a.git", 1, false, false);
    expect_dep(&r, "b", "git@github.com:o/b.git", 1, false, false);
    expect_dep(&r, "c", "https://***@b/c https://***@e/f", 1, false, false);
    manifest_result_free(&r);
    r = parse_ok("package-lock.json",
                 "{\"dependencies\": {\"a\": {\"version\": \"git+https://TOKEN@github.com/o/a.git#abc\"}}}");
    expect_locks(&r, "a@git+https://***@github.com/o/a.git#abc\n");
    manifest_result_free(&r);
}

static void test_constraints(void **state)
{
    (void)state;
    manifest_result r = parse_ok("constraints.txt",
        "Django==4.2.7\n"
        "urllib3<2\n"
        "numpy==1.26.*\n"
        "certifi===2023.11.17\n"
        "attrs>=22,==23.1.0\n");
    assert_int_equal(r.deps.len, 0);
    expect_locks(&r, "django@4.2.7\ncertifi@2023.11.17\nattrs@23.1.0\n");
    assert_string_equal(r.locks.items[0].file, "constraints.txt");
    assert_string_equal(r.locks.items[0].ecosystem, "pypi");
    manifest_result_free(&r);
}

/* --- pyproject.toml -------------------------------------------------------------------------- */

static void test_pyproject_pep621(void **state)
{
    (void)state;
    manifest_result r = parse_ok("pyproject.toml",
        "[build-system]\n"                                        /* 1 */
        "requires = [\"hatchling\"]\n"                            /* 2 */
        "[project]\n"                                             /* 3 */
        "name = \"demo\"\n"                                       /* 4 */
        "dependencies = [\n"                                      /* 5 */
        "  \"openai>=1.3\",\n"                                    /* 6 */
        "  'langchain-core==0.1.0 ; python_version >= \"3.9\"',\n" /* 7 */
        "  \"Tiktoken\",\n"                                       /* 8 */
        "]\n"                                                     /* 9 */
        "[project.optional-dependencies]\n"                       /* 10 */
        "test = [\"pytest==7.4.3\", \"pytest-asyncio\"]\n"        /* 11 */
        "[dependency-groups]\n"                                   /* 12 */
        "lint = [\"ruff>=0.1\"]\n"                                /* 13 */
        "all = [{include-group = \"lint\"}, \"mypy\"]\n"          /* 14 */
        "[tool.uv]\n"                                             /* 15 */
        "dev-dependencies = [\"ipython\"]\n"                      /* 16 */
        "[tool.pdm.dev-dependencies]\n"                           /* 17 */
        "docs = [\"mkdocs\"]\n");                                 /* 18 */
    assert_int_equal(r.deps.len, 9);
    expect_dep(&r, "openai", ">=1.3", 6, false, false);
    expect_dep(&r, "langchain-core", "==0.1.0", 7, false, true);
    expect_dep(&r, "tiktoken", "", 8, false, false);
    expect_dep(&r, "pytest", "==7.4.3", 11, true, true);
    expect_dep(&r, "pytest-asyncio", "", 11, true, false);
    expect_dep(&r, "ruff", ">=0.1", 13, true, false);
    expect_dep(&r, "mypy", "", 14, true, false);
    expect_dep(&r, "ipython", "", 16, true, false);
    expect_dep(&r, "mkdocs", "", 18, true, false);
    assert_false(has_dep(&r, "hatchling"));
    manifest_result_free(&r);
}

static void test_pyproject_poetry(void **state)
{
    (void)state;
    manifest_result r = parse_ok("backend/pyproject.toml",
        "[tool.poetry]\n"                                                          /* 1 */
        "name = \"x\"\n"                                                           /* 2 */
        "[tool.poetry.dependencies]\n"                                             /* 3 */
        "python = \"^3.10\"\n"                                                     /* 4 */
        "fastapi = \"^0.104.1\"\n"                                                 /* 5 */
        "SQLAlchemy = \"2.0.23\"\n"                                                /* 6 */
        "uvicorn = {version = \"==0.24.0\", extras = [\"standard\"]}\n"            /* 7 */
        "boto3 = {version = \"^1.34\", optional = true}\n"                         /* 8 */
        "mylib = {git = \"https://github.com/o/mylib.git\", tag = \"v2\"}\n"       /* 9 */
        "local = {path = \"../local\", develop = true}\n"                          /* 10 */
        "numpy = [\n"                                                              /* 11 */
        "  {version = \"<1.25\", python = \"<3.9\"},\n"                            /* 12 */
        "  {version = \"^1.26\", python = \">=3.9\"}\n"                            /* 13 */
        "]\n"                                                                      /* 14 */
        "wild = \"1.2.*\"\n"                                                       /* 15 */
        "[tool.poetry.dev-dependencies]\n"                                         /* 16 */
        "black = \"23.11.0\"\n"                                                    /* 17 */
        "[tool.poetry.group.test.dependencies]\n"                                  /* 18 */
        "pytest = \"^7\"\n"                                                        /* 19 */
        "[tool.poetry.group.main.dependencies]\n"                                  /* 20 */
        "httpx = \"*\"\n");                                                        /* 21 */
    assert_int_equal(r.deps.len, 11);
    assert_false(has_dep(&r, "python"));
    expect_dep(&r, "fastapi", "^0.104.1", 5, false, false);
    expect_dep(&r, "sqlalchemy", "2.0.23", 6, false, true);
    expect_dep(&r, "uvicorn", "==0.24.0", 7, false, true);
    expect_dep(&r, "boto3", "^1.34", 8, true, false);
    expect_dep(&r, "mylib", "git+https://github.com/o/mylib.git@v2", 9, false, false);
    expect_dep(&r, "local", "../local", 10, false, false);
    expect_dep(&r, "numpy", "<1.25 || ^1.26", 11, false, false);
    expect_dep(&r, "wild", "1.2.*", 15, false, false);
    expect_dep(&r, "black", "23.11.0", 17, true, true);
    expect_dep(&r, "pytest", "^7", 19, true, false);
    expect_dep(&r, "httpx", "*", 21, false, false);
    assert_string_equal(dep(&r, "httpx")->file, "backend/pyproject.toml");
    manifest_result_free(&r);
}

static void test_pyproject_errors(void **state)
{
    (void)state;
    /* a TOML error: what came before it is kept */
    manifest_result r = parse("pyproject.toml",
        "[project]\n"
        "dependencies = [\"openai\", \"anthropic>=0.7\"]\n"
        "[tool.poetry.dependencies]\n"
        "fastapi = \"^0.1\"\n"
        "broken = \n"
        "later = \"1.0\"\n");
    expect_error(&r, "pyproject.toml: line 5: ", "expected a value");
    assert_int_equal(r.deps.len, 3);
    assert_true(has_dep(&r, "openai") && has_dep(&r, "anthropic") && has_dep(&r, "fastapi"));
    manifest_result_free(&r);

    /* a bad requirement string, and the wrong types */
    r = parse("pyproject.toml",
        "[project]\n"
        "dependencies = [\"ok\", \"bad ==\", 3, \"fine>=1\"]\n"
        "optional-dependencies = 5\n"
        "[tool.poetry]\n"
        "dependencies = [\"x\"]\n");
    expect_error(&r, "pyproject.toml: line 2: invalid requirement 'bad =='", "version after");
    assert_int_equal(r.deps.len, 2);
    manifest_result_free(&r);
    r = parse("pyproject.toml", "[project]\ndependencies = \"openai\"\n");
    expect_error(&r, "pyproject.toml: line 2: ", "expected an array");
    manifest_result_free(&r);
    r = parse("pyproject.toml", "[tool.poetry.dependencies]\nx = 1\ny = \"^2\"\n");
    expect_error(&r, "pyproject.toml: line 2: ", "dependency 'x'");
    expect_dep(&r, "y", "^2", 3, false, false);
    manifest_result_free(&r);
}

/* --- Pipfile ------------------------------------------------------------------------------------ */

static void test_pipfile(void **state)
{
    (void)state;
    manifest_result r = parse_ok("Pipfile",
        "[[source]]\n"                                                        /* 1 */
        "url = \"https://pypi.org/simple\"\n"                                 /* 2 */
        "name = \"pypi\"\n"                                                   /* 3 */
        "[packages]\n"                                                        /* 4 */
        "requests = \"*\"\n"                                                  /* 5 */
        "Django = \"==4.2.7\"\n"                                              /* 6 */
        "celery = {version = \">=5.3\", extras = [\"redis\"]}\n"              /* 7 */
        "mylib = {git = \"https://g.example/mylib.git\", ref = \"main\"}\n"   /* 8 */
        "[dev-packages]\n"                                                    /* 9 */
        "pytest = \"==7.4.3\"\n"                                              /* 10 */
        "[docs]\n"                                                            /* 11 */
        "sphinx = \"*\"\n"                                                    /* 12 */
        "[requires]\n"                                                        /* 13 */
        "python_version = \"3.11\"\n"                                         /* 14 */
        "[scripts]\n"                                                         /* 15 */
        "serve = \"python app.py\"\n");                                       /* 16 */
    assert_int_equal(r.deps.len, 6);
    expect_dep(&r, "requests", "*", 5, false, false);
    expect_dep(&r, "django", "==4.2.7", 6, false, true);
    expect_dep(&r, "celery", ">=5.3", 7, false, false);
    expect_dep(&r, "mylib", "git+https://g.example/mylib.git@main", 8, false, false);
    expect_dep(&r, "pytest", "==7.4.3", 10, true, true);
    expect_dep(&r, "sphinx", "*", 12, true, false);
    manifest_result_free(&r);
}

/* --- setup.cfg ------------------------------------------------------------------------------------ */

static void test_setup_cfg(void **state)
{
    (void)state;
    manifest_result r = parse_ok("lib/setup.cfg",
        "[metadata]\n"                                          /* 1 */
        "name = demo\n"                                         /* 2 */
        "install_requires = not-this\n"                         /* 3 */
        "\n"                                                    /* 4 */
        "[options]\n"                                           /* 5 */
        "packages = find:\n"                                    /* 6 */
        "install_requires =\n"                                  /* 7 */
        "    requests>=2.0\n"                                   /* 8 */
        "    # a comment\n"                                     /* 9 */
        "\n"                                                    /* 10 */
        "    importlib-metadata; python_version<\"3.8\"\n"      /* 11 */
        "    PyYAML==6.0.1  # pinned\n"                         /* 12 */
        "Tests-Require = pytest; mock>=4\n"                     /* 13 */
        "\n"                                                    /* 14 */
        "[options.extras_require]\n"                            /* 15 */
        "dev =\n"                                               /* 16 */
        "    black\n"                                           /* 17 */
        "s3 = boto3>=1.28\n"                                    /* 18 */
        "; an ini comment\n"                                    /* 19 */
        "[options.entry_points]\n"                              /* 20 */
        "console_scripts =\n"                                   /* 21 */
        "    demo = demo.cli:main\n");                          /* 22 */
    assert_int_equal(r.deps.len, 7);
    assert_false(has_dep(&r, "not-this"));
    expect_dep(&r, "requests", ">=2.0", 8, false, false);
    expect_dep(&r, "importlib-metadata", "", 11, false, false);
    expect_dep(&r, "pyyaml", "==6.0.1", 12, false, true);
    expect_dep(&r, "pytest", "", 13, true, false);
    expect_dep(&r, "mock", ">=4", 13, true, false);
    expect_dep(&r, "black", "", 17, true, false);
    expect_dep(&r, "boto3", ">=1.28", 18, true, false);
    manifest_result_free(&r);

    r = parse("setup.cfg",
        "[options]\n"
        "install_requires = file: requirements.txt, reqs/extra.txt\n"
        "[options.extras_require]\n"
        "x =\n"
        "    good\n"
        "    bad >=\n");
    expect_error(&r, "setup.cfg: line 6: invalid requirement 'bad >='", "version after");
    assert_int_equal(r.deps.len, 1);
    assert_int_equal(r.includes.len, 2);
    assert_string_equal(r.includes.items[0].path, "requirements.txt");
    assert_string_equal(r.includes.items[1].path, "reqs/extra.txt");
    assert_int_equal(r.includes.items[1].line, 2);
    manifest_result_free(&r);
}

/* --- package.json ------------------------------------------------------------------------------- */

static void test_package_json(void **state)
{
    (void)state;
    manifest_result r = parse_ok("web/package.json",
        "{\n"                                                   /* 1 */
        "  \"name\": \"web\",\n"                                /* 2 */
        "  \"dependencies\": {\n"                               /* 3 */
        "    \"react\": \"^18.2.0\",\n"                         /* 4 */
        "    \"openai\": \"4.20.1\",\n"                         /* 5 */
        "    \"@anthropic-ai/sdk\": \"=0.9.1\",\n"              /* 6 */
        "    \"lodash\": \"~4.17.21\",\n"                       /* 7 */
        "    \"next\": \"latest\",\n"                           /* 8 */
        "    \"left-pad\": \"v1.3.0\",\n"                       /* 9 */
        "    \"beta\": \"2.0.0-rc.1\",\n"                       /* 10 */
        "    \"alias\": \"npm:string-width@4.2.3\",\n"          /* 11 */
        "    \"scoped-alias\": \"npm:@scope/pkg@^1.0.0\",\n"    /* 12 */
        "    \"gitdep\": \"github:user/repo#abc123\",\n"        /* 13 */
        "    \"partial\": \"1.2\",\n"                           /* 14 */
        "    \"range\": \">=1.0.0 <2.0.0\",\n"                  /* 15 */
        "    \"star\": \"*\"\n"                                 /* 16 */
        "  },\n"                                                /* 17 */
        "  \"devDependencies\": {\"typescript\": \"5.3.2\"},\n" /* 18 */
        "  \"optionalDependencies\": {\"fsevents\": \"^2\"},\n" /* 19 */
        "  \"peerDependencies\": {\"react-dom\": \">=18\"},\n"  /* 20 */
        "  \"workspaces\": [\"packages/*\", \"../shared\", \"!packages/old\"]\n" /* 21 */
        "}\n");
    assert_int_equal(r.deps.len, 16);
    expect_dep(&r, "react", "^18.2.0", 4, false, false);
    expect_dep(&r, "openai", "4.20.1", 5, false, true);
    expect_dep(&r, "@anthropic-ai/sdk", "=0.9.1", 6, false, true);
    expect_dep(&r, "lodash", "~4.17.21", 7, false, false);
    expect_dep(&r, "next", "latest", 8, false, false);
    expect_dep(&r, "left-pad", "v1.3.0", 9, false, true);
    expect_dep(&r, "beta", "2.0.0-rc.1", 10, false, true);
    expect_dep(&r, "alias", "npm:string-width@4.2.3", 11, false, true);
    expect_dep(&r, "scoped-alias", "npm:@scope/pkg@^1.0.0", 12, false, false);
    expect_dep(&r, "gitdep", "github:user/repo#abc123", 13, false, false);
    expect_dep(&r, "partial", "1.2", 14, false, false);
    expect_dep(&r, "range", ">=1.0.0 <2.0.0", 15, false, false);
    expect_dep(&r, "star", "*", 16, false, false);
    expect_dep(&r, "typescript", "5.3.2", 18, true, true);
    expect_dep(&r, "fsevents", "^2", 19, false, false);
    expect_dep(&r, "react-dom", ">=18", 20, false, false);
    assert_string_equal(dep(&r, "react")->ecosystem, "npm");
    assert_int_equal(r.workspaces.len, 3);
    assert_string_equal(r.workspaces.items[0], "web/packages/*");
    assert_string_equal(r.workspaces.items[1], "shared");
    assert_string_equal(r.workspaces.items[2], "!web/packages/old");
    manifest_result_free(&r);

    r = parse_ok("package.json", "{\"workspaces\": {\"packages\": [\"apps/*\"], \"nohoist\": [\"x\"]}}");
    assert_int_equal(r.workspaces.len, 1);
    assert_string_equal(r.workspaces.items[0], "apps/*");
    manifest_result_free(&r);
}

static void test_package_json_errors(void **state)
{
    (void)state;
    manifest_result r = parse("package.json",
        "{\n"
        "  \"dependencies\": {\n"
        "    \"a\": \"1.0.0\",\n"
        "    \"b\": 2,\n"
        "    \"c\": \"^3\"\n"
        "  },\n"
        "  \"devDependencies\": [\"x\"]\n"
        "}\n");
    expect_error(&r, "package.json: line 4: ", "\"b\" in \"dependencies\": expected a version string");
    assert_int_equal(r.deps.len, 2);
    manifest_result_free(&r);

    /* broken JSON: the members before the error still count */
    r = parse("package.json",
        "{\n"
        "  \"dependencies\": {\n"
        "    \"a\": \"1.0.0\",\n"
        "    \"b\": \"^2\"\n"
        "    \"c\": \"^3\"\n"
        "  }\n"
        "}\n");
    expect_error(&r, "package.json: line 5: ", "expected '}' or ','");
    assert_int_equal(r.deps.len, 2);
    expect_dep(&r, "b", "^2", 4, false, false);
    manifest_result_free(&r);

    r = parse("package.json", "[1, 2]");
    expect_error(&r, "package.json: line 1: ", "expected a JSON object");
    manifest_result_free(&r);
    r = parse("package.json", "");
    expect_error(&r, "package.json: line 1: ", "empty document");
    manifest_result_free(&r);
}

/* --- lockfiles --------------------------------------------------------------------------------- */

static void test_lock_poetry_uv_pipfile(void **state)
{
    (void)state;
    manifest_result r = parse_ok("poetry.lock",
        "# This file is automatically @generated by Poetry\n"
        "[[package]]\n"
        "name = \"Django\"\n"
        "version = \"4.2.7\"\n"
        "description = \"x\"\n"
        "optional = false\n"
        "python-versions = \">=3.8\"\n"
        "files = [\n"
        "    {file = \"Django-4.2.7.tar.gz\", hash = \"sha256:abc\"},\n"
        "]\n"
        "[package.dependencies]\n"
        "asgiref = \">=3.6.0,<4\"\n"
        "[package.extras]\n"
        "argon2 = [\"argon2-cffi (>=19.1.0)\"]\n"
        "\n"
        "[[package]]\n"
        "name = \"asgiref\"\n"
        "version = \"3.7.2\"\n"
        "[metadata]\n"
        "lock-version = \"2.0\"\n"
        "content-hash = \"abc\"\n");
    expect_locks(&r, "django@4.2.7\nasgiref@3.7.2\n");
    assert_string_equal(r.locks.items[0].ecosystem, "pypi");
    assert_string_equal(r.locks.items[0].file, "poetry.lock");
    manifest_result_free(&r);

    r = parse_ok("uv.lock",
        "version = 1\n"
        "requires-python = \">=3.11\"\n"
        "[[package]]\n"
        "name = \"demo\"\n"
        "version = \"0.1.0\"\n"
        "source = { editable = \".\" }\n"
        "dependencies = [{ name = \"httpx\" }]\n"
        "[[package]]\n"
        "name = \"httpx\"\n"
        "version = \"0.25.2\"\n"
        "source = { registry = \"https://pypi.org/simple\" }\n"
        "sdist = { url = \"https://x/httpx-0.25.2.tar.gz\", hash = \"sha256:x\", size = 1 }\n"
        "[[package]]\n"
        "name = \"nover\"\n");
    expect_locks(&r, "httpx@0.25.2\n");
    manifest_result_free(&r);

    r = parse_ok("Pipfile.lock",
        "{\n"
        "  \"_meta\": {\"hash\": {\"sha256\": \"x\"}, \"pipfile-spec\": 6},\n"
        "  \"default\": {\n"
        "    \"requests\": {\"hashes\": [\"sha256:a\"], \"version\": \"==2.31.0\"},\n"
        "    \"mylib\": {\"git\": \"https://g.example/x.git\", \"ref\": \"abc\"}\n"
        "  },\n"
        "  \"develop\": {\"Py_Test\": {\"version\": \"==7.4.3\"}}\n"
        "}\n");
    expect_locks(&r, "requests@2.31.0\npy-test@7.4.3\n");
    manifest_result_free(&r);

    r = parse("poetry.lock", "[[package]]\nname = \"a\"\nversion = \"1\"\n[[package]]\nname = \"b\n");
    expect_error(&r, "poetry.lock: line 5: ", "single-line string");
    expect_locks(&r, "a@1\n");
    manifest_result_free(&r);
}

static void test_lock_npm(void **state)
{
    (void)state;
    /* v2/v3: hoisted entries first, then nested ones; links and workspace folders skipped */
    manifest_result r = parse_ok("package-lock.json",
        "{\n"
        "  \"name\": \"app\", \"lockfileVersion\": 3,\n"
        "  \"packages\": {\n"
        "    \"\": {\"name\": \"app\", \"dependencies\": {\"a\": \"^1\"}},\n"
        "    \"node_modules/a\": {\"version\": \"1.0.0\"},\n"
        "    \"node_modules/a/node_modules/b\": {\"version\": \"1.5.0\"},\n"
        "    \"node_modules/@scope/c\": {\"version\": \"3.0.0\", \"dev\": true},\n"
        "    \"node_modules/b\": {\"version\": \"2.0.0\"},\n"
        "    \"node_modules/ws-link\": {\"resolved\": \"packages/x\", \"link\": true},\n"
        "    \"packages/x\": {\"name\": \"x\", \"version\": \"0.0.1\"},\n"
        "    \"packages/x/node_modules/a\": {\"version\": \"0.9.0\"}\n"
        "  },\n"
        "  \"dependencies\": {\"a\": {\"version\": \"1.0.0\"}}\n"
        "}\n");
    expect_locks(&r, "a@1.0.0\n@scope/c@3.0.0\nb@2.0.0\nb@1.5.0\na@0.9.0\n");
    assert_string_equal(r.locks.items[0].ecosystem, "npm");
    manifest_result_free(&r);

    /* v1: the dependency tree, level by level */
    r = parse_ok("sub/package-lock.json",
        "{\"lockfileVersion\": 1, \"dependencies\": {\n"
        "  \"a\": {\"version\": \"1.0.0\", \"dependencies\": {\"b\": {\"version\": \"1.5.0\"}}},\n"
        "  \"b\": {\"version\": \"2.0.0\"},\n"
        "  \"c\": {\"version\": \"3.0.0\", \"requires\": {\"a\": \"^1\"}}\n"
        "}}\n");
    expect_locks(&r, "a@1.0.0\nb@2.0.0\nc@3.0.0\nb@1.5.0\n");
    assert_string_equal(r.locks.items[0].file, "sub/package-lock.json");
    manifest_result_free(&r);

    /* truncated: entries before the cut are kept */
    r = parse("package-lock.json",
        "{\"packages\": {\n"
        "  \"node_modules/a\": {\"version\": \"1.0.0\"},\n"
        "  \"node_modules/b\": {\"version\": \"2.0.0\"},\n"
        "  \"node_modules/c\": {\"vers");
    expect_error(&r, "package-lock.json: line 4: ", "unterminated string");
    expect_locks(&r, "a@1.0.0\nb@2.0.0\n");
    manifest_result_free(&r);
}

static void test_lock_pnpm(void **state)
{
    (void)state;
    manifest_result r = parse_ok("pnpm-lock.yaml",
        "lockfileVersion: 5.4\n"
        "specifiers:\n"
        "  react: ^17.0.2\n"
        "dependencies:\n"
        "  react: 17.0.2\n"
        "  react-dom: 17.0.2_react@17.0.2\n"
        "devDependencies:\n"
        "  local: link:../local\n"
        "packages:\n"
        "  /react/17.0.2:\n"
        "    resolution: {integrity: sha512-x}\n"
        "  /react-dom/17.0.2_react@17.0.2:\n"
        "    resolution: {integrity: sha512-y}\n"
        "  /@babel/core/7.12.0:\n"
        "    dev: true\n"
        "  /loose-envify/1.4.0:\n"
        "    dev: false\n");
    expect_locks(&r, "react@17.0.2\nreact-dom@17.0.2\n@babel/core@7.12.0\nloose-envify@1.4.0\n");
    manifest_result_free(&r);

    r = parse_ok("pnpm-lock.yaml",
        "lockfileVersion: '6.0'\n"
        "importers:\n"
        "  .:\n"
        "    dependencies:\n"
        "      next:\n"
        "        specifier: ^14.0.0\n"
        "        version: 14.0.3(react@18.2.0)\n"
        "  packages/ui:\n"
        "    devDependencies:\n"
        "      typescript:\n"
        "        specifier: 5.3.2\n"
        "        version: 5.3.2\n"
        "packages:\n"
        "  /next@14.0.3(react@18.2.0):\n"
        "    dev: false\n"
        "  /@next/env@14.0.3:\n"
        "    dev: false\n"
        "  /typescript@5.3.2:\n"
        "    dev: true\n");
    expect_locks(&r, "next@14.0.3\ntypescript@5.3.2\n@next/env@14.0.3\n");
    manifest_result_free(&r);

    r = parse_ok("pnpm-lock.yaml",
        "lockfileVersion: '9.0'\n"
        "settings:\n"
        "  autoInstallPeers: true\n"
        "importers:\n"
        "  .:\n"
        "    dependencies:\n"
        "      openai:\n"
        "        specifier: ^4.20.0\n"
        "        version: 4.20.1\n"
        "      alias:\n"
        "        specifier: npm:string-width@^4\n"
        "        version: string-width@4.2.3\n"
        "packages:\n"
        "  openai@4.20.1:\n"
        "    resolution: {integrity: sha512-x}\n"
        "  '@types/node@18.19.0':\n"
        "    resolution: {integrity: sha512-y}\n"
        "snapshots:\n"
        "  openai@4.20.1(encoding@0.1.13): {}\n");
    expect_locks(&r, "openai@4.20.1\n@types/node@18.19.0\n");
    manifest_result_free(&r);

    /* v9 with snapshots only */
    r = parse_ok("pnpm-lock.yaml", "lockfileVersion: '9.0'\nsnapshots:\n  zod@3.22.4: {}\n");
    expect_locks(&r, "zod@3.22.4\n");
    manifest_result_free(&r);

    r = parse("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n  b@2.0.0: [\n  c@3.0.0: {}\n");
    assert_non_null(r.error);
    assert_true(strncmp(r.error, "pnpm-lock.yaml: line ", 21) == 0);
    expect_locks(&r, "a@1.0.0\nb@2.0.0\n");
    manifest_result_free(&r);
}

static void test_lock_yarn(void **state)
{
    (void)state;
    manifest_result r = parse_ok("yarn.lock",
        "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n"
        "# yarn lockfile v1\n"
        "\n"
        "\n"
        "\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.10.4\":\n"
        "  version \"7.12.13\"\n"
        "  resolved \"https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz\"\n"
        "  dependencies:\n"
        "    \"@babel/highlight\" \"^7.10.4\"\n"
        "\n"
        "lodash@^4.17.20, lodash@^4.17.21:\n"
        "  version \"4.17.21\"\n"
        "\r\n"
        "string-width-cjs@npm:string-width@^4.2.0:\n"
        "  version \"4.2.3\"\n"
        "lodash@^3:\n"
        "  version \"3.10.1\"\n");
    expect_locks(&r, "@babel/code-frame@7.12.13\nlodash@4.17.21\nstring-width-cjs@4.2.3\nlodash@3.10.1\n");
    assert_string_equal(r.locks.items[0].ecosystem, "npm");
    manifest_result_free(&r);

    r = parse_ok("yarn.lock",
        "# This file is generated by running \"yarn install\"\n"
        "\n"
        "__metadata:\n"
        "  version: 6\n"
        "  cacheKey: 8\n"
        "\n"
        "\"@babel/core@npm:^7.0.0, @babel/core@npm:^7.12.3\":\n"
        "  version: 7.23.5\n"
        "  resolution: \"@babel/core@npm:7.23.5\"\n"
        "  dependencies:\n"
        "    version: 9.9.9\n"
        "\n"
        "\"app@workspace:.\":\n"
        "  version: 0.0.0-use.local\n"
        "  resolution: \"app@workspace:.\"\n"
        "\n"
        "\"react@npm:18.2.0\":\n"
        "  version: 18.2.0\n");
    expect_locks(&r, "@babel/core@7.23.5\nreact@18.2.0\n");
    manifest_result_free(&r);

    r = parse("yarn.lock", "a@^1:\n  version \"1.0.0\"\ngarbage here\nb@^2:\n  version \"2.0.0\"\n");
    expect_error(&r, "yarn.lock: line 3: ", "entry header");
    expect_locks(&r, "a@1.0.0\nb@2.0.0\n");
    manifest_result_free(&r);
}

/* --- resolution ------------------------------------------------------------------------------------ */

typedef VEC(lock_entry) lock_vec;

static void add_lock(lock_vec *v, const char *eco, const char *name, const char *ver, const char *file)
{
    lock_entry e = {xstrdup(name), xstrdup(eco), xstrdup(ver), xstrdup(file)};
    VEC_PUSH(v, e);
}

static void add_dep(dependency_list *l, const char *eco, const char *name, const char *file)
{
    dependency d = {.name = xstrdup(name), .ecosystem = xstrdup(eco), .spec = xstrdup(""), .file = xstrdup(file),
                    .line = 1};
    VEC_PUSH(l, d);
}

static void test_resolve(void **state)
{
    (void)state;
    lock_vec locks = {0};
    add_lock(&locks, "npm", "react", "18.0.0", "package-lock.json");
    add_lock(&locks, "npm", "react", "17.0.2", "apps/web/package-lock.json");
    add_lock(&locks, "npm", "react", "16.0.0", "apps/web/package-lock.json"); /* nested: the first wins */
    add_lock(&locks, "npm", "react", "15.0.0", "apps/webby/package-lock.json");
    add_lock(&locks, "npm", "react", "14.0.0", "apps/yarn.lock");
    add_lock(&locks, "pypi", "react", "0.1", "poetry.lock");
    add_lock(&locks, "pypi", "django", "4.2.7", "poetry.lock");
    add_lock(&locks, "pypi", "django", "3.0.0", "other/poetry.lock");
    add_lock(&locks, "npm", "lodash", "4.17.21", "apps/web/yarn.lock");

    dependency_list deps = {0};
    add_dep(&deps, "npm", "react", "apps/web/package.json");     /* own directory */
    add_dep(&deps, "npm", "react", "apps/web/sub/package.json"); /* nearest ancestor: apps/web */
    add_dep(&deps, "npm", "react", "apps/api/package.json");     /* apps/ */
    add_dep(&deps, "npm", "react", "package.json");              /* root */
    add_dep(&deps, "npm", "react", "apps/webb/package.json");    /* not apps/web: apps/ */
    add_dep(&deps, "pypi", "django", "services/x/requirements.txt");
    add_dep(&deps, "pypi", "flask", "requirements.txt");         /* not locked */
    add_dep(&deps, "npm", "lodash", "package.json");             /* locked only below it */
    add_dep(&deps, "npm", "django", "package.json");             /* other ecosystem */
    deps.items[6].pinned = true;
    add_dep(&deps, "pypi", "react", "requirements.txt");
    deps.items[9].resolved = xstrdup("kept");

    manifest_resolve(&deps, locks.items, locks.len);
    const char *want[] = {"17.0.2", "17.0.2", "14.0.0", "18.0.0", "14.0.0", "4.2.7", NULL, NULL, NULL, "kept"};
    for (size_t i = 0; i < deps.len; i++) {
        const char *got = deps.items[i].resolved;
        if (!want[i] ? got != NULL : !got || strcmp(got, want[i]) != 0)
            fail_msg("dep %zu (%s in %s): resolved %s, want %s", i, deps.items[i].name, deps.items[i].file,
                     got ? got : "NULL", want[i] ? want[i] : "NULL");
    }
    assert_true(deps.items[6].pinned);  /* resolution never touches pinned */
    assert_false(deps.items[0].pinned);
    manifest_resolve(&deps, NULL, 0);
    dependency_list_free(&deps);
    for (size_t i = 0; i < locks.len; i++) lock_entry_free(&locks.items[i]);
    VEC_FREE(&locks);
}

/* From files to resolved versions, as the repository stage does it. */
static void test_parse_then_resolve(void **state)
{
    (void)state;
    manifest_result all = {0};
    const char *pyproject = "[tool.poetry.dependencies]\npython = \"^3.11\"\nOpenAI = \"^1.3\"\n";
    const char *lock = "[[package]]\nname = \"openai\"\nversion = \"1.3.7\"\n";
    const char *pkg = "{\"dependencies\": {\"openai\": \"^4\"}}";
    const char *yarn = "openai@^4:\n  version \"4.20.1\"\n";
    parse_into("pyproject.toml", pyproject, strlen(pyproject), &all);
    parse_into("poetry.lock", lock, strlen(lock), &all);
    parse_into("web/package.json", pkg, strlen(pkg), &all);
    parse_into("web/yarn.lock", yarn, strlen(yarn), &all);
    assert_null(all.error);
    assert_int_equal(all.deps.len, 2);
    manifest_resolve(&all.deps, all.locks.items, all.locks.len);
    assert_string_equal(all.deps.items[0].ecosystem, "pypi");
    assert_string_equal(all.deps.items[0].resolved, "1.3.7");
    assert_false(all.deps.items[0].pinned);
    assert_string_equal(all.deps.items[1].resolved, "4.20.1");
    qsort(all.deps.items, all.deps.len, sizeof *all.deps.items, dependency_compare);
    assert_string_equal(all.deps.items[0].ecosystem, "npm");
    /* the first error is kept when results accumulate */
    parse_into("package.json", "{", 1, &all);
    parse_into("pyproject.toml", "x =", 3, &all);
    expect_error(&all, "package.json: line 1: ", "expected a string key");
    manifest_result_free(&all);
}

/* --- robustness --------------------------------------------------------------------------------- */

static const struct { const char *path, *text; } samples[] = {
    {"requirements.txt", "a==1\n-r b.txt\nc[x]>=2 ; python_version<'3'\n-e git+https://x/y#egg=z\nd \\\n==3\n"},
    {"constraints.txt", "a==1\nb>=2\n"},
    {"pyproject.toml", "[project]\ndependencies = [\"a>=1\", 'b==2']\n[project.optional-dependencies]\nx = [\"c\"]\n"
                       "[tool.poetry.dependencies]\npython = \"^3\"\nd = {version = \"^1\", optional = true}\n"
                       "e = [{version = \"1\"}, {git = \"g\"}]\n[tool.poetry.group.t.dependencies]\nf = \"*\"\n"},
    {"Pipfile", "[packages]\na = \"*\"\nb = {version = \"==1\"}\n[dev-packages]\nc = \"==2\"\n"},
    {"setup.cfg", "[options]\ninstall_requires =\n    a>=1\n    b\n[options.extras_require]\nx = c; d\n"},
    {"package.json", "{\"dependencies\": {\"a\": \"^1\", \"b\": \"1.0.0\"}, \"workspaces\": [\"p/*\"]}"},
    {"poetry.lock", "[[package]]\nname = \"a\"\nversion = \"1\"\n[[package]]\nname = \"b\"\nversion = \"2\"\n"},
    {"Pipfile.lock", "{\"default\": {\"a\": {\"version\": \"==1\"}}, \"develop\": {\"b\": {\"version\": \"==2\"}}}"},
    {"package-lock.json", "{\"packages\": {\"node_modules/a\": {\"version\": \"1\"}}, \"dependencies\": {}}"},
    {"pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a:\n        version: 1.0.0\n"
                       "packages:\n  a@1.0.0: {}\n"},
    {"yarn.lock", "\"a@^1\", a@^1.1:\n  version \"1.0.0\"\n"},
};

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 16;
}

/* Every prefix of every sample, and random changes to them: no crash, no leak, and any
 * error names the file and a line. */
static void test_truncated_and_garbage(void **state)
{
    (void)state;
    uint32_t seed = 2024;
    static const char alphabet[] = "[]{}=\"',:@#;\\\n -_.^~*<>=!abc019";
    for (size_t s = 0; s < sizeof samples / sizeof *samples; s++) {
        const char *path = samples[s].path, *text = samples[s].text;
        size_t n = strlen(text);
        manifest_result full = parse(path, text);
        if (full.error) fail_msg("%s: %s", path, full.error);
        assert_true(full.deps.len + full.locks.len > 0);
        manifest_result_free(&full);
        for (size_t i = 0; i <= n; i++) {
            manifest_result r = {0};
            parse_into(path, text, i, &r);
            if (r.error && strncmp(r.error, path, strlen(path)) != 0) fail_msg("error without file: %s", r.error);
            if (r.error && !strstr(r.error, ": line ")) fail_msg("error without line: %s", r.error);
            manifest_result_free(&r);
        }
        char *m = malloc(n);
        for (int round = 0; round < 500; round++) {
            memcpy(m, text, n);
            for (int k = 0; k < 3; k++) m[lcg(&seed) % n] = alphabet[lcg(&seed) % (sizeof alphabet - 1)];
            manifest_result r = {0};
            parse_into(path, m, n, &r);
            manifest_result_free(&r);
            for (size_t i = 0; i < n; i++) m[i] = (char)lcg(&seed);
            parse_into(path, m, n, &r);
            manifest_result_free(&r);
        }
        free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_of),
        cmocka_unit_test(test_requirements),
        cmocka_unit_test(test_requirements_includes_and_options),
        cmocka_unit_test(test_requirements_dev_files_and_crlf),
        cmocka_unit_test(test_requirements_errors),
        cmocka_unit_test(test_credentials_redacted),
        cmocka_unit_test(test_constraints),
        cmocka_unit_test(test_pyproject_pep621),
        cmocka_unit_test(test_pyproject_poetry),
        cmocka_unit_test(test_pyproject_errors),
        cmocka_unit_test(test_pipfile),
        cmocka_unit_test(test_setup_cfg),
        cmocka_unit_test(test_package_json),
        cmocka_unit_test(test_package_json_errors),
        cmocka_unit_test(test_lock_poetry_uv_pipfile),
        cmocka_unit_test(test_lock_npm),
        cmocka_unit_test(test_lock_pnpm),
        cmocka_unit_test(test_lock_yarn),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_parse_then_resolve),
        cmocka_unit_test(test_truncated_and_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
