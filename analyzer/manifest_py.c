/* pyproject.toml (PEP 621, PEP 735, Poetry, uv, PDM) and Pipfile. */
#include "manifest_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pep508.h"
#include "toml.h"

/* --- PEP 508 lists -------------------------------------------------------------------------- */

/* An array of requirement strings. Tables in it ({include-group = "x"}) are skipped. */
static void pep508_list(manifest_result *out, const char *path, const dom *arr, const char *where, bool dev)
{
    if (!arr) return;
    if (dom_type_of(arr) != DOM_ARRAY) {
        mf_error(out, path, dom_line(arr), "%s: expected an array of requirement strings", where);
        return;
    }
    for (size_t i = 0; i < dom_len(arr); i++) {
        const dom *v = dom_at(arr, i);
        if (dom_type_of(v) == DOM_STRING) mf_add_pep508(out, dom_str(v), dom_str_len(v), path, dom_line(v), dev);
        else if (dom_type_of(v) != DOM_TABLE)
            mf_error(out, path, dom_line(v), "%s: expected a requirement string", where);
    }
}

/* A table of group name -> array of requirement strings. */
static void pep508_groups(manifest_result *out, const char *path, const dom *tbl, const char *where)
{
    if (!tbl) return;
    if (dom_type_of(tbl) != DOM_TABLE) {
        mf_error(out, path, dom_line(tbl), "%s: expected a table of groups", where);
        return;
    }
    for (size_t i = 0; i < dom_len(tbl); i++) pep508_list(out, path, dom_at(tbl, i), where, true);
}

/* --- Poetry and Pipfile tables ------------------------------------------------------------ */

/* The declared spec of a table entry: version, or where the code comes from. */
static void spec_of_table(const dom *t, buf *spec)
{
    const char *v = dom_get_str(t, "version");
    if (v) { buf_puts(spec, v); return; }
    const char *git = dom_get_str(t, "git");
    if (git) {
        buf_printf(spec, "git+%s", git);
        static const char *const refs[] = {"rev", "tag", "branch", "ref"};
        for (size_t i = 0; i < 4; i++)
            if (dom_get_str(t, refs[i])) { buf_printf(spec, "@%s", dom_get_str(t, refs[i])); break; }
        return;
    }
    static const char *const where[] = {"path", "file", "url"};
    for (size_t i = 0; i < 3; i++)
        if (dom_get_str(t, where[i])) { buf_puts(spec, dom_get_str(t, where[i])); return; }
}

/* Poetry reads a bare version ("1.2.3") as exact, like "==1.2.3". */
static bool poetry_pinned(const char *spec)
{
    if (spec[0] == '=') spec += spec[1] == '=' ? 2 : 1;
    while (*spec == ' ') spec++;
    if (!isdigit((unsigned char)*spec)) return false;
    for (const char *p = spec; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr(".+-!", *p)) return false;
    return true;
}

typedef enum table_flavour { POETRY, PIPFILE } table_flavour;

/* name = "spec" | {version = ..., ...} | [{...}, {...}] */
static void table_entry(manifest_result *out, const char *path, const char *name, const dom *v, bool dev,
                        table_flavour fl)
{
    buf spec = {0};
    buf_append(&spec, "", 0);
    if (dom_type_of(v) == DOM_STRING) {
        buf_puts(&spec, dom_str(v));
    } else if (dom_type_of(v) == DOM_TABLE) {
        spec_of_table(v, &spec);
        if (dom_bool(dom_get(v, "optional"))) dev = true;
    } else if (dom_type_of(v) == DOM_ARRAY) { /* Poetry: alternatives by Python version or platform */
        for (size_t i = 0; i < dom_len(v); i++) {
            if (spec.len) buf_puts(&spec, " || ");
            spec_of_table(dom_at(v, i), &spec);
        }
    } else {
        mf_error(out, path, dom_line(v), "dependency '%s': expected a version string or a table", name);
        buf_free(&spec);
        return;
    }
    dependency *d = mf_add_dep(out, "pypi", name, strlen(name), spec.data, path, dom_line(v), dev);
    d->pinned = fl == POETRY ? poetry_pinned(spec.data) : pep508_spec_pinned(spec.data);
    buf_free(&spec);
}

static void dep_table(manifest_result *out, const char *path, const dom *tbl, bool dev, table_flavour fl,
                      const char *where)
{
    if (!tbl) return;
    if (dom_type_of(tbl) != DOM_TABLE) {
        mf_error(out, path, dom_line(tbl), "%s: expected a table of dependencies", where);
        return;
    }
    for (size_t i = 0; i < dom_len(tbl); i++) {
        const char *name = dom_key(tbl, i);
        if (fl == POETRY && strcasecmp(name, "python") == 0) continue; /* the interpreter */
        table_entry(out, path, name, dom_at(tbl, i), dev, fl);
    }
}

static void poetry(manifest_result *out, const char *path, const dom *po)
{
    dep_table(out, path, dom_get(po, "dependencies"), false, POETRY, "[tool.poetry.dependencies]");
    dep_table(out, path, dom_get(po, "dev-dependencies"), true, POETRY, "[tool.poetry.dev-dependencies]");
    const dom *groups = dom_get(po, "group");
    if (dom_type_of(groups) != DOM_TABLE) groups = NULL;
    for (size_t i = 0; i < dom_len(groups); i++) {
        bool main_group = strcmp(dom_key(groups, i), "main") == 0;
        dep_table(out, path, dom_get(dom_at(groups, i), "dependencies"), !main_group, POETRY,
                  "[tool.poetry.group.*.dependencies]");
    }
}

void manifest_read_pyproject(const char *path, const char *text, size_t len, manifest_result *out)
{
    char *err = NULL;
    dom *root = toml_parse(text, len, &err);
    mf_error_take(out, path, err);
    const dom *project = dom_get(root, "project");
    pep508_list(out, path, dom_get(project, "dependencies"), "[project] dependencies", false);
    pep508_groups(out, path, dom_get(project, "optional-dependencies"), "[project.optional-dependencies]");
    pep508_groups(out, path, dom_get(root, "dependency-groups"), "[dependency-groups]");
    poetry(out, path, dom_path(root, "tool", "poetry", NULL));
    pep508_list(out, path, dom_path(root, "tool", "uv", "dev-dependencies", NULL), "[tool.uv] dev-dependencies", true);
    pep508_groups(out, path, dom_path(root, "tool", "pdm", "dev-dependencies", NULL), "[tool.pdm.dev-dependencies]");
    dom_free(root);
}

/* Pipfile: [packages], [dev-packages], and any other table as a named category (pipenv
 * 2022.10+), which is not installed by default. */
void manifest_read_pipfile(const char *path, const char *text, size_t len, manifest_result *out)
{
    static const char *const not_packages[] = {"source", "requires", "scripts", "pipenv"};
    char *err = NULL;
    dom *root = toml_parse(text, len, &err);
    mf_error_take(out, path, err);
    for (size_t i = 0; i < dom_len(root); i++) {
        const char *sec = dom_key(root, i);
        const dom *tbl = dom_at(root, i);
        bool skip = dom_type_of(tbl) != DOM_TABLE;
        for (size_t k = 0; k < 4; k++) skip = skip || strcmp(sec, not_packages[k]) == 0;
        if (!skip) dep_table(out, path, tbl, strcmp(sec, "packages") != 0, PIPFILE, sec);
    }
    dom_free(root);
}
