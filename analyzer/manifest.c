/* manifest: which file is which, dispatch to the readers, and their shared helpers. */
#include "manifest_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pep508.h"
#include "redact.h"

typedef void (*reader_fn)(const char *path, const char *text, size_t len, manifest_result *out);

static void read_requirements(const char *path, const char *text, size_t len, manifest_result *out)
{
    manifest_read_requirements(path, text, len, false, out);
}

static void read_constraints(const char *path, const char *text, size_t len, manifest_result *out)
{
    manifest_read_requirements(path, text, len, true, out);
}

static const struct {
    const char *file; /* exact base name, or NULL */
    const char *name;
    reader_fn read;
} kinds[MANIFEST_KIND_COUNT] = {
    [MANIFEST_NONE] = {NULL, "none", NULL},
    [MANIFEST_REQUIREMENTS] = {NULL, "requirements", read_requirements},
    [MANIFEST_CONSTRAINTS] = {NULL, "constraints", read_constraints},
    [MANIFEST_PYPROJECT] = {"pyproject.toml", "pyproject.toml", manifest_read_pyproject},
    [MANIFEST_PIPFILE] = {"Pipfile", "Pipfile", manifest_read_pipfile},
    [MANIFEST_SETUP_CFG] = {"setup.cfg", "setup.cfg", manifest_read_setup_cfg},
    [MANIFEST_PACKAGE_JSON] = {"package.json", "package.json", manifest_read_package_json},
    [LOCK_POETRY] = {"poetry.lock", "poetry.lock", lockfile_read_toml},
    [LOCK_UV] = {"uv.lock", "uv.lock", lockfile_read_toml},
    [LOCK_PIPFILE] = {"Pipfile.lock", "Pipfile.lock", lockfile_read_pipfile},
    [LOCK_NPM] = {"package-lock.json", "package-lock.json", lockfile_read_npm},
    [LOCK_PNPM] = {"pnpm-lock.yaml", "pnpm-lock.yaml", lockfile_read_pnpm},
    [LOCK_YARN] = {"yarn.lock", "yarn.lock", lockfile_read_yarn},
};

const char *manifest_kind_name(manifest_kind k)
{
    return (unsigned)k < MANIFEST_KIND_COUNT ? kinds[k].name : "none";
}

bool manifest_kind_is_lock(manifest_kind k)
{
    return k == MANIFEST_CONSTRAINTS || (k >= LOCK_POETRY && k < MANIFEST_KIND_COUNT);
}

static bool has_prefix_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_suffix_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* requirements*.txt, requirements/ *.txt, *-requirements.txt, *_requirements.txt, and the
 * same shapes for constraints. */
static manifest_kind requirements_kind(const char *base, const char *parent, size_t parent_len)
{
    if (!has_suffix_ci(base, ".txt")) return MANIFEST_NONE;
    if (has_prefix_ci(base, "constraints") || has_suffix_ci(base, "-constraints.txt")
        || has_suffix_ci(base, "_constraints.txt"))
        return MANIFEST_CONSTRAINTS;
    if (has_prefix_ci(base, "requirements") || has_suffix_ci(base, "-requirements.txt")
        || has_suffix_ci(base, "_requirements.txt")
        || (parent_len == 12 && strncasecmp(parent, "requirements", 12) == 0))
        return MANIFEST_REQUIREMENTS;
    return MANIFEST_NONE;
}

manifest_kind manifest_kind_of(const char *path)
{
    /* Files inside installed packages describe those packages, not the project. */
    if (strncmp(path, "node_modules/", 13) == 0 || strstr(path, "/node_modules/")) return MANIFEST_NONE;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *parent = base;
    if (base > path) {
        parent = base - 1;
        while (parent > path && parent[-1] != '/') parent--;
    }
    for (int k = 0; k < MANIFEST_KIND_COUNT; k++)
        if (kinds[k].file && strcmp(base, kinds[k].file) == 0) return (manifest_kind)k;
    if (strcmp(base, "npm-shrinkwrap.json") == 0) return LOCK_NPM;
    size_t parent_len = base > parent ? (size_t)(base - parent - 1) : 0;
    return requirements_kind(base, parent, parent_len);
}

void manifest_parse_as(manifest_kind kind, const char *path, const char *text, size_t len,
                       manifest_result *out)
{
    if ((unsigned)kind < MANIFEST_KIND_COUNT && kinds[kind].read) kinds[kind].read(path, text, len, out);
}

void manifest_parse(const char *path, const char *text, size_t len, manifest_result *out)
{
    manifest_parse_as(manifest_kind_of(path), path, text, len, out);
}

void lock_entry_free(lock_entry *e)
{
    free(e->name);
    free(e->ecosystem);
    free(e->version);
    free(e->file);
    memset(e, 0, sizeof *e);
}

void manifest_result_free(manifest_result *r)
{
    dependency_list_free(&r->deps);
    for (size_t i = 0; i < r->locks.len; i++) lock_entry_free(&r->locks.items[i]);
    VEC_FREE(&r->locks);
    for (size_t i = 0; i < r->includes.len; i++) {
        free(r->includes.items[i].path);
        free(r->includes.items[i].from);
    }
    VEC_FREE(&r->includes);
    for (size_t i = 0; i < r->workspaces.len; i++) free(r->workspaces.items[i]);
    VEC_FREE(&r->workspaces);
    free(r->error);
    r->error = NULL;
}

/* --- helpers for the readers ------------------------------------------------------------- */

void mf_error(manifest_result *out, const char *path, uint32_t line, const char *fmt, ...)
{
    if (out->error) return;
    buf b = {0};
    buf_printf(&b, "%s: line %u: ", path, (unsigned)line);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    out->error = buf_take(&b);
}

void mf_error_take(manifest_result *out, const char *path, char *msg)
{
    if (msg && !out->error) {
        buf b = {0};
        buf_printf(&b, "%s: %s", path, msg);
        out->error = buf_take(&b);
    }
    free(msg);
}

/* Specs can be URLs with credentials (git+https://user:token@host/...): the user info is
 * replaced by "***" so that no report carries the token. */
static char *redact_userinfo(const char *s)
{
    buf b = {0};
    buf_append(&b, "", 0);
    for (const char *p = s;;) {
        const char *scheme = strstr(p, "://");
        if (!scheme) { buf_puts(&b, p); break; }
        const char *host = scheme + 3, *end = host + strcspn(host, "/?#"), *at = NULL;
        for (const char *q = host; q < end; q++)
            if (*q == '@') at = q;
        buf_append(&b, p, (size_t)(host - p));
        if (at) buf_puts(&b, "***");
        p = at ? at : host;
        buf_append(&b, p, (size_t)(end - p));
        p = end;
    }
    return buf_take(&b);
}

static char *normal_name(const char *ecosystem, const char *name, size_t nlen)
{
    return strcmp(ecosystem, "pypi") == 0 ? pep508_normalize(name, nlen) : xstrndup(name, nlen);
}

dependency *mf_add_dep(manifest_result *out, const char *ecosystem, const char *name, size_t nlen,
                       const char *spec, const char *path, uint32_t line, bool dev)
{
    dependency d = {
        .name = normal_name(ecosystem, name, nlen),
        .ecosystem = xstrdup(ecosystem),
        .spec = redact_userinfo(spec ? spec : ""),
        .file = xstrdup(path),
        .line = line,
        .dev = dev,
    };
    VEC_PUSH(&out->deps, d);
    return &out->deps.items[out->deps.len - 1];
}

void mf_add_lock(manifest_result *out, const char *ecosystem, const char *name, size_t nlen,
                 const char *version, size_t vlen, const char *path)
{
    char *v = xstrndup(version, vlen);
    lock_entry e = {
        .name = normal_name(ecosystem, name, nlen),
        .ecosystem = xstrdup(ecosystem),
        .version = redact_userinfo(v),
        .file = xstrdup(path),
    };
    free(v);
    VEC_PUSH(&out->locks, e);
}

static int lock_ptr_cmp(const void *a, const void *b)
{
    const lock_entry *x = *(const lock_entry *const *)a, *y = *(const lock_entry *const *)b;
    int c = strcmp(x->name, y->name);
    if (!c) c = strcmp(x->version, y->version);
    if (!c) c = (x > y) - (x < y); /* earlier entries first */
    return c;
}

void mf_dedupe_locks(manifest_result *out, size_t from)
{
    size_t n = out->locks.len > from ? out->locks.len - from : 0;
    if (n < 2) return;
    lock_entry **order = xmalloc(n * sizeof *order);
    bool *drop = xcalloc(n, sizeof *drop);
    for (size_t i = 0; i < n; i++) order[i] = &out->locks.items[from + i];
    qsort(order, n, sizeof *order, lock_ptr_cmp);
    for (size_t i = 1; i < n; i++)
        if (!strcmp(order[i]->name, order[i - 1]->name) && !strcmp(order[i]->version, order[i - 1]->version))
            drop[order[i] - &out->locks.items[from]] = true;
    size_t w = from;
    for (size_t i = 0; i < n; i++) {
        if (drop[i]) lock_entry_free(&out->locks.items[from + i]);
        else out->locks.items[w++] = out->locks.items[from + i];
    }
    out->locks.len = w;
    free(order);
    free(drop);
}

char *mf_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
}

/* Appends segment s[0..n) to the normalised path in b, handling "." and "..". */
static bool join_segment(buf *b, const char *s, size_t n)
{
    if (n == 0 || (n == 1 && s[0] == '.')) return true;
    if (n == 2 && s[0] == '.' && s[1] == '.') {
        if (!b->len) return false; /* would leave the root */
        char *slash = strrchr(b->data, '/');
        b->len = slash ? (size_t)(slash - b->data) : 0;
        b->data[b->len] = '\0';
        return true;
    }
    if (b->len) buf_putc(b, '/');
    buf_append(b, s, n);
    return true;
}

static bool join_segments(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i <= n;) {
        size_t j = i;
        while (j < n && s[j] != '/') j++;
        if (!join_segment(b, s + i, j - i)) return false;
        i = j + 1;
    }
    return true;
}

char *mf_join(const char *path, const char *target, size_t tlen)
{
    while (tlen && isspace((unsigned char)*target)) { target++; tlen--; }
    while (tlen && isspace((unsigned char)target[tlen - 1])) tlen--;
    if (tlen >= 2 && (target[0] == '"' || target[0] == '\'') && target[tlen - 1] == target[0]) {
        target++;
        tlen -= 2;
    }
    char *t = xstrndup(target, tlen);
    for (char *p = t; *p; p++)
        if (*p == '\\') *p = '/';
    bool bad = !tlen || t[0] == '/' || t[0] == '~' || strchr(t, '$') || strstr(t, "://")
            || strncmp(t, "file:", 5) == 0 || (tlen >= 2 && t[1] == ':');
    char *dir = mf_dirname(path);
    buf b = {0};
    buf_append(&b, "", 0);
    bool ok = !bad && join_segments(&b, dir, strlen(dir)) && join_segments(&b, t, strlen(t)) && b.len;
    free(dir);
    free(t);
    if (!ok) { buf_free(&b); return NULL; }
    return buf_take(&b);
}

void mf_add_pep508(manifest_result *out, const char *req, size_t len, const char *path,
                   uint32_t line, bool dev)
{
    pep508_req r;
    const char *why = NULL;
    if (!pep508_parse(req, len, &r, &why)) {
        size_t q = redact_clip_len(req, len, 80); /* whole words: a secret whole or not at all */
        mf_error(out, path, line, "invalid requirement '%.*s%s': %s", (int)q, req, q < len ? "\xe2\x80\xa6" : "", why);
        return;
    }
    dependency *d = mf_add_dep(out, "pypi", r.name, strlen(r.name), r.spec, path, line, dev);
    d->pinned = !r.is_url && pep508_spec_pinned(r.spec);
    pep508_free(&r);
}
