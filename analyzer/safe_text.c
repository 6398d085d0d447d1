/* safe_text: showing repository-controlled strings safely (safe_text.h). */
#include "safe_text.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

static uint32_t decode(const unsigned char *p, size_t n)
{
    if (n == 1) return p[0];
    if (n == 2) return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    if (n == 3) return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

/* Characters that change what a terminal or a text view shows, beyond the C0 range. */
static int is_invisible_control(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F)                     /* C1: CSI, OSC, NEL ... */
           || cp == 0x200E || cp == 0x200F                /* LRM, RLM */
           || (cp >= 0x202A && cp <= 0x202E)              /* LRE .. RLO */
           || (cp >= 0x2066 && cp <= 0x2069);             /* LRI .. PDI */
}

static void put_c0(buf *out, unsigned char c, unsigned flags)
{
    if ((flags & SAFE_LAYOUT) && (c == '\n' || c == '\t')) { buf_putc(out, (char)c); return; }
    switch (c) {
    case '\n': buf_puts(out, "\\n"); break;
    case '\r': buf_puts(out, "\\r"); break;
    case '\t': buf_puts(out, "\\t"); break;
    case 0x1B: buf_puts(out, "\\e"); break;
    default: buf_printf(out, "\\x%02x", c);
    }
}

void safe_put(buf *out, const char *s, unsigned flags)
{
    if (!s) return;
    const char *end = s + strlen(s);
    const unsigned char *p = (const unsigned char *)s;
    while ((const char *)p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            if (c == '\\' && (flags & SAFE_PATH)) buf_puts(out, "\\\\");
            else if ((c < 0x20 || c == 0x7F) && (flags & SAFE_CONTROLS)) put_c0(out, c, flags);
            else buf_putc(out, (char)c);
            p++;
            continue;
        }
        size_t n = utf8_seq_len((const char *)p, end);
        if (n == 0) {
            buf_printf(out, "\\x%02x", c);
            p++;
            continue;
        }
        uint32_t cp = decode(p, n);
        if ((flags & SAFE_CONTROLS) && is_invisible_control(cp)) buf_printf(out, "\\u%04x", (unsigned)cp);
        else buf_append(out, p, n);
        p += n;
    }
}

const char *safe_str(buf *scratch, const char *s, unsigned flags)
{
    scratch->len = 0;
    if (scratch->data) scratch->data[0] = '\0';
    safe_put(scratch, s, flags);
    return scratch->data ? scratch->data : "";
}

char *safe_path_dup(const char *path)
{
    buf b = {0};
    safe_put(&b, path, SAFE_PATH);
    if (!b.data) buf_puts(&b, "");
    return buf_take(&b);
}
