/* requirements.txt and constraints.txt, read the way pip reads them: backslash line
 * continuations, comments, options (-r, -c, -e, --hash, ...), PEP 508 requirements and
 * bare URLs or paths named by #egg= or a wheel file name. */
#include "manifest_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pep508.h"
#include "redact.h"

typedef struct req_ctx {
    const char *path;
    bool constraints;
    bool dev;
    manifest_result *out;
} req_ctx;

/* Words in a requirements file's name that mark it as for development only. */
static bool dev_word(const char *w, size_t n)
{
    static const char *const words[] = {"dev", "develop", "development", "test", "tests", "testing",
                                        "lint", "linting", "docs", "doc", "ci", "typing", "qa"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == n && strncasecmp(w, words[i], n) == 0) return true;
    return false;
}

/* requirements-dev.txt, dev-requirements.txt, requirements/test.txt, ... */
static bool dev_file(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *end = strrchr(base, '.');
    if (!end) end = base + strlen(base);
    for (const char *w = base; w < end;) {
        size_t n = strcspn(w, "-_.");
        if (w + n > end) n = (size_t)(end - w);
        if (dev_word(w, n)) return true;
        w += n + 1;
    }
    return false;
}

/* memmem is not in C11 or POSIX 2008. */
static const char *find(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, needle, m) == 0) return s + i;
    return NULL;
}

static bool is_space(int c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s)) { (*s)++; (*n)--; }
    while (*n && isspace((unsigned char)(*s)[*n - 1])) (*n)--;
}

/* pip strips "#..." that starts the line or follows whitespace. */
static size_t strip_comment(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '#' && (i == 0 || is_space((unsigned char)s[i - 1]))) return i;
    return n;
}

/* --- URLs and paths ------------------------------------------------------------------- */

static bool archive_name(const char *s, size_t n)
{
    static const char *const exts[] = {".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2", ".tar.xz"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        size_t m = strlen(exts[i]);
        if (n > m && strncasecmp(s + n - m, exts[i], m) == 0) return true;
    }
    return false;
}

static bool looks_like_location(const char *s, size_t n)
{
    size_t tok = 0;
    while (tok < n && !is_space((unsigned char)s[tok]) && s[tok] != ';') tok++;
    return find(s, tok, "://") || (tok && (s[0] == '.' || s[0] == '/' || s[0] == '~'))
        || (tok >= 5 && strncasecmp(s, "file:", 5) == 0) || memchr(s, '/', tok) || memchr(s, '\\', tok)
        || archive_name(s, tok);
}

/* The package name a URL or path gives away: #egg=name, or an archive's file name
 * (name-version-...whl, name-version.tar.gz). Returns its length; 0 when none. */
static size_t location_name(const char *u, size_t n, const char **name)
{
    const char *egg = find(u, n, "egg=");
    if (egg && egg > u && (egg[-1] == '#' || egg[-1] == '&')) {
        *name = egg + 4;
        size_t m = 0;
        while (*name + m < u + n && pep508_name_char((unsigned char)(*name)[m])) m++;
        return m;
    }
    size_t end = 0;
    while (end < n && u[end] != '?' && u[end] != '#') end++;
    if (!archive_name(u, end)) return 0;
    const char *base = u + end;
    while (base > u && base[-1] != '/' && base[-1] != '\\') base--;
    *name = base;
    /* the name ends before the first "-<digit>" */
    for (const char *p = base; p + 1 < u + end; p++)
        if (*p == '-' && isdigit((unsigned char)p[1])) return (size_t)(p - base);
    return 0;
}

static void location_requirement(req_ctx *c, const char *s, size_t n, uint32_t line)
{
    size_t tok = 0;
    while (tok < n && !is_space((unsigned char)s[tok]) && s[tok] != ';') tok++;
    const char *name;
    size_t nlen = location_name(s, tok, &name);
    if (!nlen || c->constraints) return; /* an unnamed local path or URL: nothing to list */
    char *spec = xstrndup(s, tok);
    mf_add_dep(c->out, "pypi", name, nlen, spec, c->path, line, c->dev);
    free(spec);
}

/* --- requirements --------------------------------------------------------------------- */

/* In constraints files only exact pins matter: they act as a lockfile. */
static void constraint(req_ctx *c, const pep508_req *r)
{
    if (r->is_url || !pep508_spec_pinned(r->spec)) return;
    for (const char *p = r->spec; *p;) {
        size_t n = strcspn(p, ",");
        if (n > 2 && p[0] == '=' && p[1] == '=' && !memchr(p, '*', n)) {
            size_t skip = p[2] == '=' ? 3 : 2;
            mf_add_lock(c->out, "pypi", r->name, strlen(r->name), p + skip, n - skip, c->path);
            return;
        }
        p += n + (p[n] == ',');
    }
}

static void requirement(req_ctx *c, const char *s, size_t n, uint32_t line)
{
    /* per-requirement options (--hash=..., --config-settings ...) start at a token "-..." */
    for (size_t i = 1; i < n; i++)
        if (s[i] == '-' && s[i - 1] == ' ') { n = i; break; }
    trim(&s, &n);
    pep508_req r;
    const char *why = NULL;
    bool ok = pep508_parse(s, n, &r, &why);
    if (ok && !r.is_url && !*r.spec && archive_name(r.name, strlen(r.name))) {
        pep508_free(&r);
        ok = false;
        why = NULL;
    }
    if (!ok) {
        if (looks_like_location(s, n)) location_requirement(c, s, n, line);
        else if (!find(s, n, "${")) { /* pip expands variables; we cannot */
            size_t q = redact_clip_len(s, n, 80); /* whole words: a secret whole or not at all */
            mf_error(c->out, c->path, line, "invalid requirement '%.*s%s': %s", (int)q, s, q < n ? "\xe2\x80\xa6" : "",
                     why ? why : "not a requirement");
        }
        return;
    }
    if (c->constraints) {
        constraint(c, &r);
    } else {
        dependency *d = mf_add_dep(c->out, "pypi", r.name, strlen(r.name), r.spec, c->path, line, c->dev);
        d->pinned = !r.is_url && pep508_spec_pinned(r.spec);
    }
    pep508_free(&r);
}

static void include(req_ctx *c, const char *target, size_t n, manifest_kind kind, uint32_t line)
{
    char *p = mf_join(c->path, target, n);
    if (!p) return; /* a URL, an absolute path, a variable, or outside the root */
    manifest_include inc = {.path = p, .kind = kind, .from = xstrdup(c->path), .line = line};
    VEC_PUSH(&c->out->includes, inc);
}

/* "-r file", "-rfile", "--requirement=file", "--requirement file", and the like. */
static void option(req_ctx *c, const char *s, size_t n, uint32_t line)
{
    size_t name_len = s[1] == '-' ? strcspn(s, "= \t") : 2;
    if (name_len > n) name_len = n;
    const char *v = s + name_len;
    size_t vn = n - name_len;
    if (vn && *v == '=') { v++; vn--; }
    trim(&v, &vn);
#define IS(opt) (name_len == strlen(opt) && strncmp(s, opt, name_len) == 0)
    if (IS("-r") || IS("--requirement")) include(c, v, vn, MANIFEST_REQUIREMENTS, line);
    else if (IS("-c") || IS("--constraint")) include(c, v, vn, MANIFEST_CONSTRAINTS, line);
    else if ((IS("-e") || IS("--editable")) && vn) location_requirement(c, v, vn, line);
#undef IS
}

static void logical_line(req_ctx *c, const char *s, size_t n, uint32_t line)
{
    n = strip_comment(s, n);
    trim(&s, &n);
    if (!n) return;
    if (s[0] == '-') option(c, s, n, line);
    else requirement(c, s, n, line);
}

static bool comment_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_space((unsigned char)s[i])) i++;
    return i < n && s[i] == '#';
}

void manifest_read_requirements(const char *path, const char *text, size_t len, bool constraints,
                                manifest_result *out)
{
    req_ctx c = {.path = path, .constraints = constraints, .dev = dev_file(path), .out = out};
    buf joined = {0};
    bool pending = false;
    uint32_t line = 0, first = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (n && p[n - 1] == '\r') n--;
        line++;
        if (!pending) { first = line; joined.len = 0; }
        bool cont = n && p[n - 1] == '\\' && !comment_line(p, n);
        /* a comment line ends a continuation, and stays a comment (pip does the same) */
        if (pending && comment_line(p, n)) buf_putc(&joined, ' ');
        buf_append(&joined, p, cont ? n - 1 : n);
        pending = cont;
        if (!cont) logical_line(&c, joined.data, joined.len, first);
        p = nl ? nl + 1 : end;
    }
    if (pending) logical_line(&c, joined.data, joined.len, first);
    buf_free(&joined);
}
