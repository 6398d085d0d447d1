/* Python lockfiles: poetry.lock and uv.lock ([[package]] name / version), Pipfile.lock
 * ("default" and "develop": name -> {"version": "==x"}). */
#include "manifest_int.h"

#include <string.h>

#include "jsonr.h"
#include "toml.h"

void lockfile_read_toml(const char *path, const char *text, size_t len, manifest_result *out)
{
    char *err = NULL;
    dom *root = toml_parse(text, len, &err);
    mf_error_take(out, path, err);
    size_t start = out->locks.len;
    const dom *pkgs = dom_get(root, "package");
    for (size_t i = 0; i < dom_len(pkgs); i++) {
        const dom *p = dom_at(pkgs, i);
        const dom *name = dom_get(p, "name"), *version = dom_get(p, "version");
        const dom *src = dom_get(p, "source");
        /* uv lists the project itself with a virtual or editable source */
        if (dom_get(src, "virtual") || dom_get(src, "editable")) continue;
        if (dom_str(name) && dom_str(version))
            mf_add_lock(out, "pypi", dom_str(name), dom_str_len(name), dom_str(version), dom_str_len(version), path);
    }
    mf_dedupe_locks(out, start);
    dom_free(root);
}

static void pipfile_section(manifest_result *out, const char *path, const dom *sec)
{
    if (dom_type_of(sec) != DOM_TABLE) return;
    for (size_t i = 0; i < dom_len(sec); i++) {
        const char *v = dom_get_str(dom_at(sec, i), "version");
        if (!v) continue; /* git, path and file entries have no version */
        v += strspn(v, "=");
        const char *name = dom_key(sec, i);
        mf_add_lock(out, "pypi", name, strlen(name), v, strlen(v), path);
    }
}

void lockfile_read_pipfile(const char *path, const char *text, size_t len, manifest_result *out)
{
    char *err = NULL;
    dom *root = jsonr_parse(text, len, 0, &err);
    mf_error_take(out, path, err);
    size_t start = out->locks.len;
    pipfile_section(out, path, dom_get(root, "default"));
    pipfile_section(out, path, dom_get(root, "develop"));
    mf_dedupe_locks(out, start);
    dom_free(root);
}
