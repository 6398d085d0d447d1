/* package.json: dependencies, devDependencies, optionalDependencies, peerDependencies
 * and workspaces. */
#include "manifest_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jsonr.h"

/* Digits, then '.' digits twice, then an optional -prerelease and +build. */
static bool semver_exact(const char *s)
{
    for (int part = 0; part < 3; part++) {
        if (part && *s++ != '.') return false;
        if (!isdigit((unsigned char)*s)) return false;
        while (isdigit((unsigned char)*s)) s++;
    }
    if (*s == '-' || *s == '+') {
        s++;
        if (!*s) return false;
        while (isalnum((unsigned char)*s) || *s == '.' || *s == '-' || *s == '+') s++;
    }
    return *s == '\0';
}

/* "1.2.3", "=1.2.3", "v1.2.3", and aliases "npm:name@1.2.3" name one version; ranges,
 * tags, URLs, git and file specs do not. */
static bool npm_pinned(const char *spec)
{
    while (*spec == ' ') spec++;
    if (strncmp(spec, "npm:", 4) == 0) {
        const char *name = spec + 4;
        const char *at = strrchr(name + (*name == '@'), '@'); /* a scoped name starts with '@' */
        if (!at) return false;
        spec = at + 1;
    }
    if (*spec == '=') spec++;
    if (*spec == 'v') spec++;
    size_t n = strlen(spec);
    while (n && spec[n - 1] == ' ') n--;
    char *t = xstrndup(spec, n);
    bool ok = semver_exact(t);
    free(t);
    return ok;
}

static void section(manifest_result *out, const char *path, const dom *root, const char *key, bool dev)
{
    const dom *tbl = dom_get(root, key);
    if (!tbl) return;
    if (dom_type_of(tbl) != DOM_TABLE) {
        mf_error(out, path, dom_line(tbl), "\"%s\": expected an object", key);
        return;
    }
    for (size_t i = 0; i < dom_len(tbl); i++) {
        const dom *v = dom_at(tbl, i);
        const char *name = dom_key(tbl, i);
        if (dom_type_of(v) != DOM_STRING) {
            mf_error(out, path, dom_line(v), "\"%s\" in \"%s\": expected a version string", name, key);
            continue;
        }
        dependency *d = mf_add_dep(out, "npm", name, strlen(name), dom_str(v), path, dom_line(v), dev);
        d->pinned = npm_pinned(d->spec);
    }
}

/* "workspaces": an array of globs, or an object with one under "packages"; the globs are
 * kept relative to the root. */
static void workspaces(manifest_result *out, const char *path, const dom *ws)
{
    if (dom_type_of(ws) == DOM_TABLE) ws = dom_get(ws, "packages");
    if (!ws) return;
    if (dom_type_of(ws) != DOM_ARRAY) {
        mf_error(out, path, dom_line(ws), "\"workspaces\": expected an array of globs");
        return;
    }
    for (size_t i = 0; i < dom_len(ws); i++) {
        const char *g = dom_str(dom_at(ws, i));
        if (!g) continue;
        bool negated = g[0] == '!';
        char *p = mf_join(path, g + negated, strlen(g + negated));
        if (!p) continue;
        if (negated) {
            char *q = xmalloc(strlen(p) + 2);
            q[0] = '!';
            strcpy(q + 1, p);
            free(p);
            p = q;
        }
        VEC_PUSH(&out->workspaces, p);
    }
}

void manifest_read_package_json(const char *path, const char *text, size_t len, manifest_result *out)
{
    char *err = NULL;
    dom *root = jsonr_parse(text, len, 0, &err);
    mf_error_take(out, path, err);
    if (root && dom_type_of(root) != DOM_TABLE) mf_error(out, path, dom_line(root), "expected a JSON object");
    section(out, path, root, "dependencies", false);
    section(out, path, root, "devDependencies", true);
    section(out, path, root, "optionalDependencies", false);
    section(out, path, root, "peerDependencies", false);
    workspaces(out, path, dom_get(root, "workspaces"));
    dom_free(root);
}
