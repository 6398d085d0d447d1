#include "json.h"

#include <math.h>
#include <string.h>

void json_init(json_writer *w, buf *out, bool compact)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->first[0] = true;
    w->compact = compact;
}

static void newline_indent(json_writer *w)
{
    if (w->compact) return;
    buf_putc(w->out, '\n');
    for (int i = 0; i < w->depth; i++) buf_puts(w->out, "  ");
}

/* Separator and indentation before a value or key at the current depth. */
static void before_item(json_writer *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (!w->first[w->depth]) buf_putc(w->out, ',');
    w->first[w->depth] = false;
    if (w->depth > 0) newline_indent(w);
}

static void open_container(json_writer *w, char c)
{
    before_item(w);
    buf_putc(w->out, c);
    if (w->depth + 1 < JSON_MAX_DEPTH) w->depth++;
    w->first[w->depth] = true;
}

static void close_container(json_writer *w, char c)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0) w->depth--;
    if (!empty) newline_indent(w);
    buf_putc(w->out, c);
    if (w->depth == 0) buf_putc(w->out, '\n');
}

void json_object_begin(json_writer *w) { open_container(w, '{'); }
void json_object_end(json_writer *w) { close_container(w, '}'); }
void json_array_begin(json_writer *w) { open_container(w, '['); }
void json_array_end(json_writer *w) { close_container(w, ']'); }

void json_key(json_writer *w, const char *key)
{
    before_item(w);
    buf_putc(w->out, '"');
    json_escape(w->out, key, strlen(key));
    buf_puts(w->out, w->compact ? "\":" : "\": ");
    w->after_key = true;
}

/* Length of the valid UTF-8 sequence at p, or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *p, size_t avail)
{
    unsigned c = p[0], cp, min;
    size_t n;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (n > avail) return 0;
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

/* U+200E, U+200F, U+202A..U+202E, U+2066..U+2069: they reorder what is shown */
static bool is_bidi_control(const unsigned char *p)
{
    return p[0] == 0xE2 && ((p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE)))
                            || (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9));
}

void json_escape(buf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c == '"') buf_puts(out, "\\\"");
        else if (c == '\\') buf_puts(out, "\\\\");
        else if (c == '\n') buf_puts(out, "\\n");
        else if (c == '\r') buf_puts(out, "\\r");
        else if (c == '\t') buf_puts(out, "\\t");
        else if (c < 0x20 || c == 0x7F) buf_printf(out, "\\u%04x", c);
        else if (c < 0x80) buf_putc(out, (char)c);
        else {
            size_t len = utf8_seq(p + i, n - i);
            if (len == 0) {
                buf_puts(out, "\\ufffd");
                i++;
                continue;
            }
            /* C1 controls (U+0080..U+009F) and bidi controls escaped too: a JSON report
             * that is `cat`ed must not reach the terminal as CSI or OSC, nor reorder it */
            if (len == 2 && c == 0xC2 && p[i + 1] < 0xA0) buf_printf(out, "\\u%04x", (unsigned)p[i + 1]);
            else if (len == 3 && is_bidi_control(p + i)) buf_printf(out, "\\u%04x", (unsigned)((p[i] & 0x0F) << 12 | (p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F)));
            else buf_append(out, p + i, len);
            i += len;
            continue;
        }
        i++;
    }
}

void json_string_n(json_writer *w, const char *s, size_t n)
{
    before_item(w);
    buf_putc(w->out, '"');
    json_escape(w->out, s, n);
    buf_putc(w->out, '"');
}

void json_string(json_writer *w, const char *s)
{
    if (!s) json_null(w);
    else json_string_n(w, s, strlen(s));
}

void json_int(json_writer *w, int64_t v)
{
    before_item(w);
    buf_printf(w->out, "%lld", (long long)v);
}

void json_double(json_writer *w, double v)
{
    before_item(w);
    if (!isfinite(v)) buf_puts(w->out, "null");
    else buf_printf(w->out, "%.10g", v);
}

void json_bool(json_writer *w, bool v)
{
    before_item(w);
    buf_puts(w->out, v ? "true" : "false");
}

void json_null(json_writer *w)
{
    before_item(w);
    buf_puts(w->out, "null");
}

void json_kv_string(json_writer *w, const char *key, const char *s) { json_key(w, key); json_string(w, s); }
void json_kv_int(json_writer *w, const char *key, int64_t v) { json_key(w, key); json_int(w, v); }
void json_kv_bool(json_writer *w, const char *key, bool v) { json_key(w, key); json_bool(w, v); }
