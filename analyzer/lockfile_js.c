/* JavaScript lockfiles: package-lock.json (v1 tree, v2/v3 "packages"), pnpm-lock.yaml
 * (v5 to v9) and yarn.lock (v1 and berry). Direct or hoisted entries come first, so that
 * resolution, which takes the first entry of a name, finds the version a project uses. */
#include "manifest_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jsonr.h"
#include "yamlr.h"

/* --- package-lock.json --------------------------------------------------------------------- */

/* The package a "packages" key names: what follows its last "node_modules/". */
static const char *npm_key_name(const char *key, bool *nested)
{
    const char *last = NULL;
    for (const char *p = key; (p = strstr(p, "node_modules/")); p++)
        if (p == key || p[-1] == '/') last = p;
    *nested = last && last != key;
    return last ? last + strlen("node_modules/") : NULL;
}

static void npm_packages(manifest_result *out, const char *path, const dom *pkgs)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < dom_len(pkgs); i++) {
            bool nested;
            const char *name = npm_key_name(dom_key(pkgs, i), &nested);
            const dom *v = dom_get(dom_at(pkgs, i), "version");
            if (name && *name && dom_str(v) && nested == (pass == 1))
                mf_add_lock(out, "npm", name, strlen(name), dom_str(v), dom_str_len(v), path);
        }
    }
}

/* v1: "dependencies" nested by "dependencies", read level by level. */
static void npm_tree(manifest_result *out, const char *path, const dom *deps)
{
    VEC(const dom *) queue = {0};
    VEC_PUSH(&queue, deps);
    for (size_t q = 0; q < queue.len; q++) {
        const dom *level = queue.items[q];
        if (dom_type_of(level) != DOM_TABLE) continue;
        for (size_t i = 0; i < dom_len(level); i++) {
            const char *name = dom_key(level, i);
            const dom *entry = dom_at(level, i), *v = dom_get(entry, "version");
            if (dom_str(v)) mf_add_lock(out, "npm", name, strlen(name), dom_str(v), dom_str_len(v), path);
            if (dom_len(dom_get(entry, "dependencies"))) VEC_PUSH(&queue, dom_get(entry, "dependencies"));
        }
    }
    VEC_FREE(&queue);
}

void lockfile_read_npm(const char *path, const char *text, size_t len, manifest_result *out)
{
    char *err = NULL;
    dom *root = jsonr_parse(text, len, 0, &err);
    mf_error_take(out, path, err);
    size_t start = out->locks.len;
    const dom *pkgs = dom_get(root, "packages");
    if (dom_type_of(pkgs) == DOM_TABLE) npm_packages(out, path, pkgs);
    else npm_tree(out, path, dom_get(root, "dependencies"));
    mf_dedupe_locks(out, start);
    dom_free(root);
}

/* --- pnpm-lock.yaml ----------------------------------------------------------------------- */

/* The version in a pnpm version string: without peer suffixes ("1.2.3(react@18)" in v6+,
 * "1.2.3_react@17" in v5). Only real versions count: not link:, file: or aliases. */
static size_t pnpm_version(const char *v, int major)
{
    if (!v || !isdigit((unsigned char)*v)) return 0;
    size_t n = strcspn(v, major < 6 ? "(_" : "(");
    return n;
}

static void pnpm_importer(manifest_result *out, const char *path, const dom *imp, int major)
{
    static const char *const sections[] = {"dependencies", "devDependencies", "optionalDependencies"};
    for (size_t s = 0; s < 3; s++) {
        const dom *sec = dom_get(imp, sections[s]);
        if (dom_type_of(sec) != DOM_TABLE) continue;
        for (size_t i = 0; i < dom_len(sec); i++) {
            const dom *e = dom_at(sec, i);
            const char *v = dom_type_of(e) == DOM_TABLE ? dom_get_str(e, "version") : dom_str(e);
            size_t n = pnpm_version(v, major);
            if (n) mf_add_lock(out, "npm", dom_key(sec, i), strlen(dom_key(sec, i)), v, n, path);
        }
    }
}

/* "/name/1.2.3_peer" (v5), "/name@1.2.3(peer)" (v6), "name@1.2.3(peer)" (v9); scoped
 * names start with '@'. */
static void pnpm_package_key(manifest_result *out, const char *path, const char *key, int major)
{
    if (*key == '/') key++;
    size_t n = strcspn(key, "(");
    const char *sep = NULL;
    for (size_t i = 1; i < n; i++)
        if (key[i] == (major < 6 ? '/' : '@')) sep = key + i;
    if (!sep) return;
    size_t vn = pnpm_version(sep + 1, major);
    if (vn) mf_add_lock(out, "npm", key, (size_t)(sep - key), sep + 1, vn, path);
}

void lockfile_read_pnpm(const char *path, const char *text, size_t len, manifest_result *out)
{
    char *err = NULL;
    dom *root = yamlr_parse(text, len, &err);
    mf_error_take(out, path, err);
    size_t start = out->locks.len;
    const char *lv = dom_get_str(root, "lockfileVersion");
    int major = lv ? atoi(lv) : 9;
    const dom *importers = dom_get(root, "importers");
    if (importers) {
        for (size_t i = 0; i < dom_len(importers); i++) pnpm_importer(out, path, dom_at(importers, i), major);
    } else {
        pnpm_importer(out, path, root, major);
    }
    const dom *pkgs = dom_get(root, "packages");
    if (!dom_len(pkgs)) pkgs = dom_get(root, "snapshots");
    if (dom_type_of(pkgs) != DOM_TABLE) pkgs = NULL;
    for (size_t i = 0; i < dom_len(pkgs); i++) pnpm_package_key(out, path, dom_key(pkgs, i), major);
    mf_dedupe_locks(out, start);
    dom_free(root);
}

/* --- yarn.lock ------------------------------------------------------------------------------ */

typedef struct yarn_ctx {
    const char *path;
    manifest_result *out;
    VEC(char *) names; /* the packages the current entry's header names */
} yarn_ctx;

static void yarn_clear(yarn_ctx *y)
{
    for (size_t i = 0; i < y->names.len; i++) free(y->names.items[i]);
    y->names.len = 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s)) { (*s)++; (*n)--; }
    while (*n && isspace((unsigned char)(*s)[*n - 1])) (*n)--;
}

static void unquote(const char **s, size_t *n)
{
    if (*n >= 2 && (**s == '"' || **s == '\'') && (*s)[*n - 1] == **s) { (*s)++; *n -= 2; }
}

/* One specifier of a header: "name@range" or "name@npm:range"; the name ends at the first
 * '@' after its first byte (scoped names start with '@'). */
static void yarn_spec(yarn_ctx *y, const char *s, size_t n)
{
    trim(&s, &n);
    unquote(&s, &n);
    size_t at = 1;
    while (at < n && s[at] != '@') at++;
    if (at >= n || at == 0) return;
    for (size_t i = 0; i < y->names.len; i++)
        if (strlen(y->names.items[i]) == at && !strncmp(y->names.items[i], s, at)) return;
    VEC_PUSH(&y->names, xstrndup(s, at));
}

/* `"a@^1", a@~1:` (v1) or `"a@npm:^1, a@npm:~1":` (berry quotes the whole list) */
static void yarn_header(yarn_ctx *y, const char *s, size_t n)
{
    yarn_clear(y);
    n--; /* the ':' */
    if (n == 10 && !strncmp(s, "__metadata", 10)) return;
    for (size_t a = 0; a < n;) {
        size_t b = a;
        for (bool quoted = false; b < n && (quoted || s[b] != ','); b++)
            if (s[b] == '"') quoted = !quoted;
        const char *tok = s + a;
        size_t tn = b - a;
        trim(&tok, &tn);
        unquote(&tok, &tn);
        for (size_t c = 0; c < tn;) { /* the commas inside a quoted list */
            size_t d = c;
            while (d < tn && tok[d] != ',') d++;
            yarn_spec(y, tok + c, d - c);
            c = d + 1;
        }
        a = b + 1;
    }
}

/* `  version "1.2.3"` (v1) or `  version: 1.2.3` (berry), directly under a header. */
static void yarn_field(yarn_ctx *y, const char *s, size_t n)
{
    size_t indent = 0;
    while (indent < n && s[indent] == ' ') indent++;
    if (indent != 2 || n - indent < 8 || strncmp(s + indent, "version", 7) != 0) return;
    const char *v = s + indent + 7;
    size_t vn = n - indent - 7;
    if (*v != ' ' && *v != ':') return;
    if (*v == ':') { v++; vn--; }
    trim(&v, &vn);
    unquote(&v, &vn);
    if (!vn || (vn == 15 && !strncmp(v, "0.0.0-use.local", 15))) return; /* a workspace */
    for (size_t i = 0; i < y->names.len; i++)
        mf_add_lock(y->out, "npm", y->names.items[i], strlen(y->names.items[i]), v, vn, y->path);
}

void lockfile_read_yarn(const char *path, const char *text, size_t len, manifest_result *out)
{
    yarn_ctx y = {.path = path, .out = out};
    size_t start = out->locks.len;
    uint32_t line = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (n && p[n - 1] == '\r') n--;
        line++;
        const char *t = p;
        size_t tn = n;
        trim(&t, &tn);
        if (!tn || t[0] == '#') {
            /* blank lines and comments */
        } else if (p[0] != ' ' && p[0] != '\t') {
            if (t[tn - 1] == ':') yarn_header(&y, t, tn);
            else mf_error(out, path, line, "expected an entry header ending in ':'");
        } else {
            yarn_field(&y, p, n);
        }
        p = nl ? nl + 1 : end;
    }
    yarn_clear(&y);
    VEC_FREE(&y.names);
    mf_dedupe_locks(out, start);
}
