/* Temporary implementation until branch h-util lands its glob.c (same API). */
#include "glob.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static bool match_here(const char *p, const char *s);

/* p points at '['; returns the byte after ']' or NULL when unterminated. */
static const char *class_match(const char *p, char c, bool *hit)
{
    p++;
    bool neg = (*p == '!' || *p == '^');
    if (neg) p++;
    bool ok = false;
    bool first = true;
    while (*p && (first || *p != ']')) {
        first = false;
        char lo = *p, hi = lo;
        if (p[1] == '-' && p[2] && p[2] != ']') { hi = p[2]; p += 3; }
        else p++;
        if (c >= lo && c <= hi) ok = true;
    }
    if (*p != ']') return NULL;
    *hit = (ok != neg) && c != '/';
    return p + 1;
}

/* Finds the '}' closing the '{' at p, honouring nesting. */
static const char *brace_end(const char *p)
{
    int depth = 0;
    for (; *p; p++) {
        if (*p == '{') depth++;
        else if (*p == '}' && --depth == 0) return p;
    }
    return NULL;
}

static bool match_brace(const char *p, const char *s)
{
    const char *end = brace_end(p);
    if (!end) return false;
    const char *alt = p + 1;
    int depth = 0;
    for (const char *q = p + 1; q <= end; q++) {
        if (*q == '{') depth++;
        else if (*q == '}' && depth > 0) { depth--; continue; }
        if (depth == 0 && (*q == ',' || q == end)) {
            buf b = {0};
            buf_append(&b, alt, (size_t)(q - alt));
            buf_puts(&b, end + 1);
            bool ok = match_here(b.data, s);
            buf_free(&b);
            if (ok) return true;
            alt = q + 1;
        }
    }
    return false;
}

static bool match_here(const char *p, const char *s)
{
    for (;;) {
        if (*p == '\0') return *s == '\0';
        if (p[0] == '*' && p[1] == '*' && (p[2] == '/' || p[2] == '\0')) {
            const char *rest = p[2] ? p + 3 : p + 2;
            if (!*rest) return true;
            for (const char *t = s;; ) {
                if (match_here(rest, t)) return true;
                t = strchr(t, '/');
                if (!t) return false;
                t++;
            }
        }
        switch (*p) {
        case '*':
            for (const char *t = s;; t++) {
                if (match_here(p + 1, t)) return true;
                if (*t == '\0' || *t == '/') return false;
            }
        case '?':
            if (*s == '\0' || *s == '/') return false;
            p++; s++;
            continue;
        case '[': {
            if (*s == '\0') return false;
            bool hit = false;
            const char *np = class_match(p, *s, &hit);
            if (!np) { if (*s != '[') return false; p++; s++; continue; }
            if (!hit) return false;
            p = np; s++;
            continue;
        }
        case '{':
            return match_brace(p, s);
        case '\\':
            if (p[1]) p++;
            /* fall through */
        default:
            if (*p != *s) return false;
            p++; s++;
        }
    }
}

bool glob_match(const char *pattern, const char *path)
{
    if (strchr(pattern, '/')) return match_here(pattern, path);
    const char *base = strrchr(path, '/');
    return match_here(pattern, base ? base + 1 : path);
}
