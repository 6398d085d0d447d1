#include "pep508.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

typedef struct cursor { const char *p, *end; } cursor;

static bool is_alnum(int c) { return isascii(c) && isalnum(c); }

bool pep508_name_char(int c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; }

static void skip_ws(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t')) c->p++;
}

static int peek(const cursor *c) { return c->p < c->end ? (unsigned char)*c->p : -1; }

/* A name: starts and ends with a letter or digit. Returns its length, 0 if none. */
static size_t name_len(const cursor *c)
{
    size_t n = 0;
    if (c->p >= c->end || !is_alnum((unsigned char)*c->p)) return 0;
    while (c->p + n < c->end && pep508_name_char((unsigned char)c->p[n])) n++;
    while (n > 1 && !is_alnum((unsigned char)c->p[n - 1])) n--;
    return n;
}

/* '[' name (',' name)* ']' into out as "a,b". */
static bool extras(cursor *c, buf *out, const char **why)
{
    c->p++;
    skip_ws(c);
    if (peek(c) == ']') { c->p++; return true; }
    for (;;) {
        skip_ws(c);
        size_t n = name_len(c);
        if (!n) { *why = "invalid extra name"; return false; }
        if (out->len) buf_putc(out, ',');
        buf_append(out, c->p, n);
        c->p += n;
        skip_ws(c);
        if (peek(c) == ']') { c->p++; return true; }
        if (peek(c) != ',') { *why = "expected ',' or ']' in extras"; return false; }
        c->p++;
    }
}

static size_t operator_len(const cursor *c)
{
    static const char *const ops[] = {"===", "~=", "==", "!=", "<=", ">=", "<", ">"};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        size_t n = strlen(ops[i]);
        if ((size_t)(c->end - c->p) >= n && memcmp(c->p, ops[i], n) == 0) return n;
    }
    return 0;
}

static bool version_char(int c, bool arbitrary)
{
    if (arbitrary) return c > ' ' && c != ',' && c != ';' && c != ')' && c < 0x7f;
    return is_alnum(c) || (c && strchr("._*+!-", c));
}

/* op version (',' op version)*, appended to out without spaces. Stops at ';', ')' or the end. */
static bool specifiers(cursor *c, buf *out, const char **why)
{
    for (;;) {
        skip_ws(c);
        size_t op = operator_len(c);
        if (!op) { *why = "expected a version operator (==, >=, ~=, ...)"; return false; }
        buf_append(out, c->p, op);
        bool arbitrary = op == 3;
        c->p += op;
        skip_ws(c);
        const char *v = c->p;
        while (c->p < c->end && version_char((unsigned char)*c->p, arbitrary)) c->p++;
        if (c->p == v) { *why = "expected a version after the operator"; return false; }
        buf_append(out, v, (size_t)(c->p - v));
        skip_ws(c);
        if (peek(c) != ',') return true;
        c->p++;
        buf_putc(out, ',');
    }
}

/* '@' url: the URL runs to the next whitespace (PEP 508 wants space before a marker). */
static bool url(cursor *c, buf *out, const char **why)
{
    c->p++;
    skip_ws(c);
    const char *u = c->p;
    while (c->p < c->end && !isspace((unsigned char)*c->p)) c->p++;
    if (c->p == u) { *why = "expected a URL after '@'"; return false; }
    buf_append(out, u, (size_t)(c->p - u));
    return true;
}

static bool version_part(cursor *c, buf *spec, bool *is_url, const char **why)
{
    int ch = peek(c);
    if (ch == '@') {
        *is_url = true;
        return url(c, spec, why);
    }
    if (ch == '(') {
        c->p++;
        if (!specifiers(c, spec, why)) return false;
        if (peek(c) != ')') { *why = "expected ')' after the version specifiers"; return false; }
        c->p++;
        return true;
    }
    if (ch < 0 || ch == ';') return true;
    return specifiers(c, spec, why);
}

static bool marker(cursor *c, buf *out, const char **why)
{
    skip_ws(c);
    if (peek(c) < 0) return true;
    if (peek(c) != ';') { *why = "unexpected text after the requirement"; return false; }
    c->p++;
    const char *m = c->p, *e = c->end;
    while (m < e && isspace((unsigned char)*m)) m++;
    while (e > m && isspace((unsigned char)e[-1])) e--;
    if (m == e) { *why = "empty environment marker after ';'"; return false; }
    buf_append(out, m, (size_t)(e - m));
    return true;
}

bool pep508_parse(const char *s, size_t len, pep508_req *out, const char **why)
{
    memset(out, 0, sizeof *out);
    cursor c = {s, s + len};
    buf ex = {0}, spec = {0}, mk = {0};
    bool is_url = false;
    skip_ws(&c);
    size_t n = name_len(&c);
    const char *name = c.p;
    bool ok = n > 0;
    if (!ok) *why = "expected a package name";
    if (ok) {
        c.p += n;
        skip_ws(&c);
        if (peek(&c) == '[') ok = extras(&c, &ex, why);
    }
    if (ok) { skip_ws(&c); ok = version_part(&c, &spec, &is_url, why); }
    if (ok) ok = marker(&c, &mk, why);
    if (ok) {
        out->name = xstrndup(name, n);
        out->extras = buf_take(&ex);
        out->spec = buf_take(&spec);
        out->marker = buf_take(&mk);
        out->is_url = is_url;
    }
    buf_free(&ex);
    buf_free(&spec);
    buf_free(&mk);
    return ok;
}

void pep508_free(pep508_req *r)
{
    free(r->name);
    free(r->extras);
    free(r->spec);
    free(r->marker);
    memset(r, 0, sizeof *r);
}

char *pep508_normalize(const char *name, size_t len)
{
    buf b = {0};
    buf_append(&b, "", 0);
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (c == '-' || c == '_' || c == '.') {
            if (!b.len || b.data[b.len - 1] != '-') buf_putc(&b, '-');
        } else {
            buf_putc(&b, (char)tolower((unsigned char)c));
        }
    }
    return buf_take(&b);
}

bool pep508_spec_pinned(const char *spec)
{
    for (const char *p = spec; p && *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && *p == ' ') { p++; n--; }
        if (n > 3 && strncmp(p, "===", 3) == 0) return true;
        if (n > 2 && strncmp(p, "==", 2) == 0 && !memchr(p, '*', n)) return true;
        p = e ? e + 1 : p + n;
    }
    return false;
}
