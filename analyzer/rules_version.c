/* rules_version: the `versions:` ranges of package rules, and comparing versions.
 *
 * Versions compare the way PEP 440 orders releases, which also orders semver release
 * versions and their common pre-release spellings:
 *   1.0.dev1 < 1.0a1 < 1.0b2 < 1.0rc1 < 1.0 < 1.0.post1 < 1.0.1
 * "1.2.3-beta.1" (semver) reads as 1.2.3b1; a local label ("+cu121") is ignored; missing
 * release segments count as 0 (1.2 == 1.2.0). */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules_impl.h"

enum { MAX_SEGS = 8 };

typedef struct parsed_ver {
    long rel[MAX_SEGS];
    int n_rel;
    int pre_rank;   /* -4 dev-only release, -3 a, -2 b, -1 rc, 0 none */
    long pre_num;
    long post;      /* -1: none */
    long dev;       /* LONG_MAX: none */
} parsed_ver;

static long read_num(const char **p)
{
    long v = 0;
    while (isdigit((unsigned char)**p)) {
        if (v < LONG_MAX / 10) v = v * 10 + (**p - '0');
        (*p)++;
    }
    return v;
}

static void skip_sep(const char **p)
{
    while (**p == '.' || **p == '-' || **p == '_') (*p)++;
}

static bool word_at(const char **p, const char *w)
{
    size_t n = strlen(w);
    if (strncasecmp(*p, w, n)) return false;
    *p += n;
    return true;
}

static void parse_ver(const char *s, parsed_ver *v)
{
    memset(v, 0, sizeof *v);
    v->post = -1;
    v->dev = LONG_MAX;
    while (*s == ' ' || *s == '=' || *s == 'v' || *s == 'V') s++;
    const char *p = s;
    while (isdigit((unsigned char)*p)) {
        long n = read_num(&p);
        if (v->n_rel < MAX_SEGS) v->rel[v->n_rel++] = n;
        if (*p == '.' && isdigit((unsigned char)p[1])) p++;
        else break;
    }
    /* suffixes, in PEP 440 order: pre, post, dev; anything unknown ends the parse */
    for (;;) {
        const char *q = p;
        skip_sep(&q);
        if (*q == '\0' || *q == '+') break;
        int rank = 0;
        if (word_at(&q, "alpha") || word_at(&q, "a")) rank = -3;
        else if (word_at(&q, "beta") || word_at(&q, "b")) rank = -2;
        else if (word_at(&q, "rc") || word_at(&q, "preview") || word_at(&q, "pre") || word_at(&q, "c")) rank = -1;
        if (rank) {
            skip_sep(&q);
            v->pre_rank = rank;
            v->pre_num = read_num(&q);
            p = q;
            continue;
        }
        if (word_at(&q, "post") || word_at(&q, "rev") || word_at(&q, "r")) {
            skip_sep(&q);
            v->post = read_num(&q);
            p = q;
            continue;
        }
        if (word_at(&q, "dev")) {
            skip_sep(&q);
            v->dev = read_num(&q);
            p = q;
            continue;
        }
        break;
    }
    if (v->dev != LONG_MAX && v->pre_rank == 0 && v->post < 0) v->pre_rank = -4;
}

static int cmp_long(long a, long b) { return a < b ? -1 : a > b; }

int rules_version_cmp(const char *a, const char *b)
{
    parsed_ver x, y;
    parse_ver(a, &x);
    parse_ver(b, &y);
    int n = x.n_rel > y.n_rel ? x.n_rel : y.n_rel;
    for (int i = 0; i < n; i++) {
        int c = cmp_long(i < x.n_rel ? x.rel[i] : 0, i < y.n_rel ? y.rel[i] : 0);
        if (c) return c;
    }
    int c = cmp_long(x.pre_rank, y.pre_rank);
    if (!c && x.pre_rank > -4 && x.pre_rank < 0) c = cmp_long(x.pre_num, y.pre_num);
    if (!c) c = cmp_long(x.post, y.post);
    if (!c) c = cmp_long(x.dev, y.dev);
    return c;
}

static bool version_text_ok(const char *s)
{
    if (!isdigit((unsigned char)*s)) return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr(".-_+", *s)) return false;
    return true;
}

bool rules_parse_range(const char *text, ver_range *out, const char **why)
{
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        size_t n = strcspn(p, ",");
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
        ver_clause c;
        size_t op_len = 1;
        if (!strncmp(p, "<=", 2)) { c.op = VER_LE; op_len = 2; }
        else if (!strncmp(p, ">=", 2)) { c.op = VER_GE; op_len = 2; }
        else if (!strncmp(p, "==", 2)) { c.op = VER_EQ; op_len = 2; }
        else if (!strncmp(p, "!=", 2)) { c.op = VER_NE; op_len = 2; }
        else if (*p == '<') c.op = VER_LT;
        else if (*p == '>') c.op = VER_GT;
        else {
            *why = "each clause starts with <, <=, >, >=, == or != (\">=0.2.0, <0.2.19\")";
            return false;
        }
        const char *v = p + op_len;
        size_t vn = n - op_len;
        while (vn && (*v == ' ' || *v == '\t')) { v++; vn--; }
        char *ver = xstrndup(v, vn);
        if (!version_text_ok(ver)) {
            free(ver);
            *why = "a clause needs a version after its operator (digits, dots, letters)";
            return false;
        }
        c.version = ver;
        VEC_PUSH(out, c);
        p += strcspn(p, ",");
        if (*p != ',') break;
        p++;
    }
    return true;
}

void rules_ranges_free(version_ranges *v)
{
    for (size_t i = 0; i < v->len; i++) {
        for (size_t k = 0; k < v->items[i].len; k++) free(v->items[i].items[k].version);
        VEC_FREE(&v->items[i]);
    }
    VEC_FREE(v);
}

static bool clause_holds(const ver_clause *c, const char *version)
{
    int r = rules_version_cmp(version, c->version);
    switch (c->op) {
    case VER_LT: return r < 0;
    case VER_LE: return r <= 0;
    case VER_GT: return r > 0;
    case VER_GE: return r >= 0;
    case VER_EQ: return r == 0;
    case VER_NE: return r != 0;
    }
    return false;
}

bool rules_version_in(const version_ranges *v, const char *version)
{
    for (size_t i = 0; i < v->len; i++) {
        bool all = true;
        for (size_t k = 0; k < v->items[i].len && all; k++) all = clause_holds(&v->items[i].items[k], version);
        if (all) return true;
    }
    return false;
}

static char *trimmed(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return xstrndup(s, n);
}

char *rules_dep_version(const char *resolved, const char *spec, bool pypi)
{
    if (resolved && *resolved) return xstrdup(resolved);
    if (!spec) return NULL;
    if (pypi) {
        for (const char *p = spec; *p;) {
            size_t n = strcspn(p, ",;");
            const char *c = p;
            size_t cn = n;
            while (cn && (*c == ' ' || *c == '\t')) { c++; cn--; }
            if (cn > 2 && c[0] == '=' && c[1] == '=' && !memchr(c, '*', cn)) {
                size_t skip = cn > 3 && c[2] == '=' ? 3 : 2;
                char *v = trimmed(c + skip, cn - skip);
                if (version_text_ok(v)) return v;
                free(v);
            }
            if (p[n] != ',') break;
            p += n + 1;
        }
        return NULL;
    }
    /* npm: "1.2.3", "=1.2.3", "v1.2.3" name one version; ranges and tags do not */
    char *v = trimmed(spec, strlen(spec));
    const char *s = v;
    if (*s == '=') s++;
    if (*s == 'v') s++;
    bool ok = version_text_ok(s);
    for (const char *q = s; ok && *q; q++) /* a wildcard segment: 1.x, 1.2.X */
        if ((*q == 'x' || *q == 'X') && q[-1] == '.' && (q[1] == '.' || q[1] == '\0')) ok = false;
    char *out = ok ? xstrdup(s) : NULL;
    free(v);
    return out;
}
