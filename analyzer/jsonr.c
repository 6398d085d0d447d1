#include "jsonr.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

typedef struct jsonr {
    const char *p, *end;
    uint32_t line;
    unsigned depth, max_depth;
    bool failed;
    buf err;
} jsonr;

static bool value(jsonr *j, dom **out);

static bool fail(jsonr *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(jsonr *j, const char *fmt, ...)
{
    if (j->failed) return false;
    j->failed = true;
    buf_printf(&j->err, "line %u: ", (unsigned)j->line);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&j->err, fmt, ap);
    va_end(ap);
    return false;
}

static int peek(const jsonr *j)
{
    return j->p < j->end ? (unsigned char)*j->p : -1;
}

static const char *what(const jsonr *j, char tmp[16])
{
    int c = peek(j);
    if (c < 0) return "end of input";
    if (c > 0x20 && c < 0x7f) snprintf(tmp, 16, "'%c'", c);
    else snprintf(tmp, 16, "byte 0x%02x", (unsigned)c);
    return tmp;
}

static void skip_ws(jsonr *j)
{
    for (int c; (c = peek(j)) == ' ' || c == '\t' || c == '\n' || c == '\r'; j->p++)
        if (c == '\n') j->line++;
}

static bool expect(jsonr *j, char c, const char *context)
{
    if (peek(j) == (unsigned char)c) { j->p++; return true; }
    char tmp[16];
    return fail(j, "expected '%c' %s, found %s", c, context, what(j, tmp));
}

/* --- strings ------------------------------------------------------------------------- */

static int hex4(const char *p, const char *end)
{
    if (end - p < 4) return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = (c >= '0' && c <= '9') ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* After "\u": one code unit, or a surrogate pair. Lone surrogates become U+FFFD. */
static bool unicode_escape(jsonr *j, buf *out)
{
    int hi = hex4(j->p, j->end);
    if (hi < 0) return fail(j, "\\u escape needs 4 hex digits");
    j->p += 4;
    uint32_t cp = (uint32_t)hi;
    if (hi >= 0xD800 && hi <= 0xDBFF && j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u') {
        int lo = hex4(j->p + 2, j->end);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
            j->p += 6;
        }
    }
    utf8_put(out, utf8_is_scalar(cp) ? cp : 0xFFFD);
    return true;
}

static bool escape(jsonr *j, buf *out)
{
    int c = peek(j);
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *hit = c > 0 ? strchr(from, c) : NULL;
    j->p++;
    if (hit) { buf_putc(out, to[hit - from]); return true; }
    if (c == 'u') return unicode_escape(j, out);
    j->p--;
    char tmp[16];
    return fail(j, "invalid escape \\ followed by %s", what(j, tmp));
}

/* At the opening quote. */
static bool string(jsonr *j, buf *out)
{
    j->p++;
    buf_append(out, "", 0);
    for (;;) {
        int c = peek(j);
        if (c < 0 || c == '\n') return fail(j, "unterminated string");
        if (c == '"') { j->p++; return true; }
        if (c == '\\') {
            j->p++;
            if (!escape(j, out)) return false;
        } else if (c < 0x20) {
            return fail(j, "control character 0x%02x in a string (escape it)", (unsigned)c);
        } else if (c >= 0x80) {
            size_t n = utf8_seq_len(j->p, j->end);
            if (!n) return fail(j, "invalid UTF-8 in a string");
            buf_append(out, j->p, n);
            j->p += n;
        } else {
            buf_putc(out, (char)c);
            j->p++;
        }
    }
}

/* --- numbers and words ---------------------------------------------------------------- */

static size_t run_of_digits(const jsonr *j, const char *p)
{
    size_t n = 0;
    while (p + n < j->end && p[n] >= '0' && p[n] <= '9') n++;
    return n;
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static bool number(jsonr *j, dom **out)
{
    const char *s = j->p, *p = s;
    bool is_float = false;
    if (*p == '-') p++;
    size_t n = run_of_digits(j, p);
    if (!n) return fail(j, "invalid number: no digits");
    if (n > 1 && *p == '0') return fail(j, "invalid number: leading zero");
    p += n;
    if (p < j->end && *p == '.') {
        if (!(n = run_of_digits(j, p + 1))) return fail(j, "invalid number: no digits after '.'");
        p += 1 + n;
        is_float = true;
    }
    if (p < j->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < j->end && (*p == '+' || *p == '-')) p++;
        if (!(n = run_of_digits(j, p))) return fail(j, "invalid number: no digits in the exponent");
        p += n;
        is_float = true;
    }
    char *text = xstrndup(s, (size_t)(p - s)), *stop;
    j->p = p;
    long long i = 0;
    if (!is_float) {
        errno = 0;
        i = strtoll(text, &stop, 10);
        is_float = errno != 0;
    }
    *out = is_float ? dom_new_float(strtod(text, &stop), j->line) : dom_new_int(i, j->line);
    free(text);
    return true;
}

static bool word(jsonr *j, dom **out)
{
    static const char *const words[] = {"true", "false", "null"};
    for (int w = 0; w < 3; w++) {
        size_t n = strlen(words[w]);
        if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[w], n) == 0) {
            j->p += n;
            *out = w == 2 ? dom_new(DOM_NULL, j->line) : dom_new_bool(w == 0, j->line);
            return true;
        }
    }
    char tmp[16];
    return fail(j, "expected a value, found %s", what(j, tmp));
}

/* --- containers ------------------------------------------------------------------------- */

static bool enter(jsonr *j)
{
    if (j->depth >= j->max_depth) return fail(j, "nested deeper than %u levels", j->max_depth);
    j->depth++;
    j->p++;
    return true;
}

static bool member(jsonr *j, dom *obj)
{
    skip_ws(j);
    if (peek(j) != '"') {
        char tmp[16];
        return fail(j, "expected a string key, found %s", what(j, tmp));
    }
    uint32_t line = j->line;
    buf key = {0};
    bool ok = string(j, &key);
    if (ok) { skip_ws(j); ok = expect(j, ':', "after an object key"); }
    dom *v = NULL;
    if (ok) { skip_ws(j); ok = value(j, &v); }
    if (v) {
        dom_set_line(v, line);
        dom_put(obj, key.data, key.len, v);
    }
    buf_free(&key);
    return ok;
}

static bool object(jsonr *j, dom **out)
{
    *out = dom_new(DOM_TABLE, j->line);
    if (!enter(j)) return false;
    skip_ws(j);
    if (peek(j) != '}') {
        for (;;) {
            if (!member(j, *out)) return false;
            skip_ws(j);
            if (peek(j) != ',') break;
            j->p++;
        }
    }
    if (!expect(j, '}', "or ',' in an object")) return false;
    j->depth--;
    return true;
}

static bool array(jsonr *j, dom **out)
{
    *out = dom_new(DOM_ARRAY, j->line);
    if (!enter(j)) return false;
    skip_ws(j);
    if (peek(j) != ']') {
        for (;;) {
            skip_ws(j);
            dom *v = NULL;
            bool ok = value(j, &v);
            if (v) dom_push(*out, v);
            if (!ok) return false;
            skip_ws(j);
            if (peek(j) != ',') break;
            j->p++;
        }
    }
    if (!expect(j, ']', "or ',' in an array")) return false;
    j->depth--;
    return true;
}

static bool value(jsonr *j, dom **out)
{
    int c = peek(j);
    if (c == '{') return object(j, out);
    if (c == '[') return array(j, out);
    if (c == '-' || (c >= '0' && c <= '9')) return number(j, out);
    if (c == '"') {
        uint32_t line = j->line;
        buf b = {0};
        bool ok = string(j, &b);
        if (ok) *out = dom_new_str(DOM_STRING, b.data, b.len, line);
        buf_free(&b);
        return ok;
    }
    return word(j, out);
}

dom *jsonr_parse(const char *text, size_t len, unsigned max_depth, char **error)
{
    jsonr j = {.p = text, .end = text + len, .line = 1,
               .max_depth = max_depth ? max_depth : JSONR_DEFAULT_DEPTH};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) j.p += 3;
    dom *root = NULL;
    skip_ws(&j);
    if (peek(&j) < 0) {
        fail(&j, "empty document");
    } else if (value(&j, &root)) {
        skip_ws(&j);
        if (peek(&j) >= 0) {
            char tmp[16];
            fail(&j, "unexpected %s after the JSON value", what(&j, tmp));
        }
    }
    *error = j.failed ? buf_take(&j.err) : NULL;
    buf_free(&j.err);
    return root;
}
