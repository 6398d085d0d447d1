/* The TOML reader's scalars: strings (four kinds), integers, floats, booleans, dates. */
#include "toml_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

bool tomlp_fail(toml_parser *t, const char *fmt, ...)
{
    if (t->failed) return false;
    t->failed = true;
    buf_printf(&t->err, "line %u: ", (unsigned)t->line);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&t->err, fmt, ap);
    va_end(ap);
    return false;
}

int tomlp_peek(const toml_parser *t, size_t ahead)
{
    return (size_t)(t->end - t->p) > ahead ? (unsigned char)t->p[ahead] : -1;
}

bool tomlp_newline(toml_parser *t)
{
    size_t n = tomlp_peek(t, 0) == '\n' ? 1
             : (tomlp_peek(t, 0) == '\r' && tomlp_peek(t, 1) == '\n') ? 2 : 0;
    if (!n) return false;
    t->p += n;
    t->line++;
    return true;
}

const char *tomlp_what(const toml_parser *t, char tmp[16])
{
    int c = tomlp_peek(t, 0);
    if (c < 0) return "end of input";
    if (c == '\n' || (c == '\r' && tomlp_peek(t, 1) == '\n')) return "end of line";
    if (c > 0x20 && c < 0x7f) snprintf(tmp, 16, "'%c'", c);
    else snprintf(tmp, 16, "byte 0x%02x", (unsigned)c);
    return tmp;
}

/* --- strings ---------------------------------------------------------------------- */

static bool is_ws(int c) { return c == ' ' || c == '\t'; }

/* One character of string content that needs no escape handling: tab, printable ASCII
 * or a well-formed UTF-8 sequence. Newlines are the caller's business. */
static bool take_plain_char(toml_parser *t, buf *out)
{
    int c = tomlp_peek(t, 0);
    if (c >= 0x80) {
        size_t n = utf8_seq_len(t->p, t->end);
        if (!n) return tomlp_fail(t, "invalid UTF-8 in a string");
        buf_append(out, t->p, n);
        t->p += n;
        return true;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7f)
        return tomlp_fail(t, "control character 0x%02x in a string (escape it)", (unsigned)c);
    buf_putc(out, (char)c);
    t->p++;
    return true;
}

static bool hex_escape(toml_parser *t, int digits, buf *out)
{
    uint32_t cp = 0;
    for (int i = 0; i < digits; i++) {
        int c = tomlp_peek(t, (size_t)i);
        int v = (c >= '0' && c <= '9') ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (v < 0) return tomlp_fail(t, "\\%c escape needs %d hex digits", digits == 4 ? 'u' : 'U', digits);
        cp = cp * 16 + (uint32_t)v;
    }
    if (!utf8_is_scalar(cp)) return tomlp_fail(t, "escape U+%X is not a Unicode scalar value", (unsigned)cp);
    t->p += digits;
    utf8_put(out, cp);
    return true;
}

/* After a backslash. */
static bool escape(toml_parser *t, buf *out)
{
    int c = tomlp_peek(t, 0);
    const char *from = "btnfr\"\\", *to = "\b\t\n\f\r\"\\";
    const char *hit = c > 0 ? strchr(from, c) : NULL;
    if (hit) {
        buf_putc(out, to[hit - from]);
        t->p++;
        return true;
    }
    if (c == 'u' || c == 'U') {
        t->p++;
        return hex_escape(t, c == 'u' ? 4 : 8, out);
    }
    char tmp[16];
    return tomlp_fail(t, "invalid escape \\ followed by %s", tomlp_what(t, tmp));
}

/* In a multi-line basic string, a backslash that ends a line trims the line break and
 * all whitespace up to the next visible character. */
static bool line_ending_backslash(toml_parser *t)
{
    size_t i = 0;
    while (is_ws(tomlp_peek(t, i))) i++;
    int c = tomlp_peek(t, i);
    if (c != '\n' && !(c == '\r' && tomlp_peek(t, i + 1) == '\n')) return false;
    t->p += i;
    for (;;) {
        while (is_ws(tomlp_peek(t, 0))) t->p++;
        if (!tomlp_newline(t)) return true;
    }
}

/* At a run of closing quotes q of a multi-line string: up to two of them belong to the
 * content. Returns true when the string ended. */
static bool multiline_close(toml_parser *t, char q, buf *out, bool *ended)
{
    size_t n = 0;
    while (tomlp_peek(t, n) == q) n++;
    *ended = n >= 3;
    if (n > 5) return tomlp_fail(t, "too many quotes at the end of a multi-line string");
    if (n >= 3) {
        buf_append(out, t->p, n - 3);
        t->p += n;
    } else {
        buf_append(out, t->p, n);
        t->p += n;
    }
    return true;
}

static bool string_body(toml_parser *t, char q, bool multi, uint32_t start, buf *out)
{
    for (;;) {
        int c = tomlp_peek(t, 0);
        if (c < 0) {
            t->line = start;
            return tomlp_fail(t, "unterminated string");
        }
        if (c == q) {
            if (!multi) { t->p++; return true; }
            bool ended;
            if (!multiline_close(t, q, out, &ended)) return false;
            if (ended) return true;
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (!multi) return tomlp_fail(t, "line break in a single-line string");
            if (!tomlp_newline(t)) return tomlp_fail(t, "carriage return without line feed");
            buf_putc(out, '\n');
            continue;
        }
        if (c == '\\' && q == '"') {
            t->p++;
            if (multi && line_ending_backslash(t)) continue;
            if (!escape(t, out)) return false;
            continue;
        }
        if (!take_plain_char(t, out)) return false;
    }
}

bool tomlp_string(toml_parser *t, buf *out, bool allow_multiline)
{
    char q = (char)tomlp_peek(t, 0);
    bool multi = tomlp_peek(t, 1) == q && tomlp_peek(t, 2) == q;
    if (multi && !allow_multiline) return tomlp_fail(t, "a multi-line string cannot be a key");
    uint32_t start = t->line;
    t->p += multi ? 3 : 1;
    if (multi) tomlp_newline(t); /* a line break right after the opening quotes is trimmed */
    buf_append(out, "", 0);      /* an empty string is "" rather than NULL */
    return string_body(t, q, multi, start, out);
}

/* --- numbers ---------------------------------------------------------------------- */

static bool at_value_end(const toml_parser *t)
{
    int c = tomlp_peek(t, 0);
    return c < 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']'
        || c == '}' || c == '#';
}

static int digit_value(int c, int base)
{
    int v = (c >= '0' && c <= '9') ? c - '0'
          : (c >= 'a' && c <= 'f') ? c - 'a' + 10
          : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
    return v < base ? v : -1;
}

/* digit ( '_'? digit )*, appended to clean without the underscores. */
static bool digits(toml_parser *t, int base, buf *clean)
{
    if (digit_value(tomlp_peek(t, 0), base) < 0) {
        char tmp[16];
        return tomlp_fail(t, "expected a digit, found %s", tomlp_what(t, tmp));
    }
    for (;;) {
        int c = tomlp_peek(t, 0);
        if (digit_value(c, base) >= 0) {
            buf_putc(clean, (char)c);
            t->p++;
        } else if (c == '_') {
            t->p++;
            if (digit_value(tomlp_peek(t, 0), base) < 0)
                return tomlp_fail(t, "'_' in a number must stand between digits");
        } else {
            return true;
        }
    }
}

static bool finish(toml_parser *t, const char *what)
{
    if (at_value_end(t)) return true;
    char tmp[16];
    return tomlp_fail(t, "invalid %s: unexpected %s", what, tomlp_what(t, tmp));
}

static bool radix_integer(toml_parser *t, dom **out)
{
    int base = tomlp_peek(t, 1) == 'x' ? 16 : tomlp_peek(t, 1) == 'o' ? 8 : 2;
    uint32_t line = t->line;
    t->p += 2;
    buf clean = {0};
    bool ok = digits(t, base, &clean) && finish(t, "integer");
    uint64_t v = 0;
    for (size_t i = 0; ok && i < clean.len; i++) {
        int d = digit_value(clean.data[i], base);
        if (v > ((uint64_t)INT64_MAX - (uint64_t)d) / (uint64_t)base)
            ok = tomlp_fail(t, "integer does not fit in 64 bits");
        v = v * (uint64_t)base + (uint64_t)d;
    }
    buf_free(&clean);
    if (ok) *out = dom_new_int((int64_t)v, line);
    return ok;
}

static bool decimal_integer(toml_parser *t, const char *clean, uint32_t line, dom **out)
{
    bool neg = clean[0] == '-';
    const char *d = clean + (clean[0] == '-' || clean[0] == '+');
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, v = 0;
    for (; *d; d++) {
        uint64_t dv = (uint64_t)(*d - '0');
        if (v > (limit - dv) / 10) return tomlp_fail(t, "integer does not fit in 64 bits");
        v = v * 10 + dv;
    }
    int64_t i = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
    *out = dom_new_int(i, line);
    return true;
}

/* [+-]? (0 | [1-9](_?digit)*) ( frac exp? | exp )? */
static bool decimal(toml_parser *t, dom **out)
{
    uint32_t line = t->line;
    buf clean = {0};
    int c = tomlp_peek(t, 0);
    if (c == '+' || c == '-') { buf_putc(&clean, (char)c); t->p++; }
    size_t int_start = clean.len;
    bool ok = digits(t, 10, &clean), is_float = false;
    if (ok && clean.len - int_start > 1 && clean.data[int_start] == '0')
        ok = tomlp_fail(t, "leading zeros are not allowed in a number");
    if (ok && tomlp_peek(t, 0) == '.') {
        is_float = true;
        buf_putc(&clean, '.');
        t->p++;
        ok = digits(t, 10, &clean);
    }
    if (ok && (tomlp_peek(t, 0) == 'e' || tomlp_peek(t, 0) == 'E')) {
        is_float = true;
        buf_putc(&clean, 'e');
        t->p++;
        c = tomlp_peek(t, 0);
        if (c == '+' || c == '-') { buf_putc(&clean, (char)c); t->p++; }
        ok = digits(t, 10, &clean);
    }
    ok = ok && finish(t, is_float ? "float" : "integer");
    if (ok && is_float) *out = dom_new_float(strtod(clean.data, NULL), line);
    else if (ok) ok = decimal_integer(t, clean.data, line, out);
    buf_free(&clean);
    return ok;
}

/* inf and nan, signed or not. */
static bool special_float(toml_parser *t, dom **out)
{
    int sign = tomlp_peek(t, 0) == '-' ? -1 : 1;
    size_t s = tomlp_peek(t, 0) == '+' || tomlp_peek(t, 0) == '-';
    bool inf = tomlp_peek(t, s) == 'i';
    t->p += s + 3;
    if (!finish(t, "float")) return false;
    *out = dom_new_float(inf ? sign * INFINITY : NAN, t->line);
    return true;
}

/* --- dates and times ------------------------------------------------------------------ */

static bool ndigits(const toml_parser *t, size_t at, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        int c = tomlp_peek(t, at + (size_t)i);
        if (c < '0' || c > '9') return false;
        *v = *v * 10 + (c - '0');
    }
    return true;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* YYYY-MM-DD at offset *at. */
static bool date_part(toml_parser *t, size_t *at)
{
    int y, m, d;
    if (!ndigits(t, *at, 4, &y) || tomlp_peek(t, *at + 4) != '-' || !ndigits(t, *at + 5, 2, &m)
        || tomlp_peek(t, *at + 7) != '-' || !ndigits(t, *at + 8, 2, &d))
        return tomlp_fail(t, "invalid date (expected YYYY-MM-DD)");
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return tomlp_fail(t, "invalid date %04d-%02d-%02d", y, m, d);
    *at += 10;
    return true;
}

/* HH:MM:SS(.fraction)? at offset *at. */
static bool time_part(toml_parser *t, size_t *at)
{
    int h, mi, s;
    if (!ndigits(t, *at, 2, &h) || tomlp_peek(t, *at + 2) != ':' || !ndigits(t, *at + 3, 2, &mi)
        || tomlp_peek(t, *at + 5) != ':' || !ndigits(t, *at + 6, 2, &s))
        return tomlp_fail(t, "invalid time (expected HH:MM:SS)");
    if (h > 23 || mi > 59 || s > 60) return tomlp_fail(t, "invalid time %02d:%02d:%02d", h, mi, s);
    *at += 8;
    if (tomlp_peek(t, *at) == '.') {
        size_t n = 0;
        while (tomlp_peek(t, *at + 1 + n) >= '0' && tomlp_peek(t, *at + 1 + n) <= '9') n++;
        if (!n) return tomlp_fail(t, "invalid time: no digits after '.'");
        *at += 1 + n;
    }
    return true;
}

static bool offset_part(toml_parser *t, size_t *at)
{
    int c = tomlp_peek(t, *at), h, m;
    if (c == 'Z' || c == 'z') { (*at)++; return true; }
    if (c != '+' && c != '-') return true;
    if (!ndigits(t, *at + 1, 2, &h) || tomlp_peek(t, *at + 3) != ':' || !ndigits(t, *at + 4, 2, &m)
        || h > 23 || m > 59)
        return tomlp_fail(t, "invalid time offset (expected +HH:MM)");
    *at += 6;
    return true;
}

static bool is_date_start(const toml_parser *t)
{
    int v;
    return ndigits(t, 0, 4, &v) && tomlp_peek(t, 4) == '-';
}

static bool is_time_start(const toml_parser *t, size_t at)
{
    int v;
    return ndigits(t, at, 2, &v) && tomlp_peek(t, at + 2) == ':';
}

static bool datetime(toml_parser *t, dom **out)
{
    size_t at = 0;
    if (is_date_start(t)) {
        if (!date_part(t, &at)) return false;
        int sep = tomlp_peek(t, at);
        if ((sep == 'T' || sep == 't' || sep == ' ') && is_time_start(t, at + 1)) {
            at++;
            if (!time_part(t, &at) || !offset_part(t, &at)) return false;
        }
    } else if (!time_part(t, &at)) {
        return false;
    }
    const char *start = t->p;
    t->p += at;
    if (!finish(t, "date or time")) return false;
    *out = dom_new_str(DOM_DATETIME, start, at, t->line);
    return true;
}

/* --- dispatch ------------------------------------------------------------------------- */

static bool word(const toml_parser *t, size_t at, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(t->end - t->p) >= at + n && memcmp(t->p + at, w, n) == 0;
}

bool tomlp_scalar(toml_parser *t, dom **out)
{
    int c = tomlp_peek(t, 0);
    size_t s = c == '+' || c == '-';
    if (word(t, 0, "true") || word(t, 0, "false")) {
        bool b = c == 't';
        t->p += b ? 4 : 5;
        if (!finish(t, "boolean")) return false;
        *out = dom_new_bool(b, t->line);
        return true;
    }
    if (word(t, s, "inf") || word(t, s, "nan")) return special_float(t, out);
    if (is_date_start(t) || is_time_start(t, 0)) return datetime(t, out);
    if (c == '0' && (tomlp_peek(t, 1) == 'x' || tomlp_peek(t, 1) == 'o' || tomlp_peek(t, 1) == 'b'))
        return radix_integer(t, out);
    int d = tomlp_peek(t, s);
    if (d >= '0' && d <= '9') return decimal(t, out);
    char tmp[16];
    return tomlp_fail(t, "expected a value, found %s", tomlp_what(t, tmp));
}
