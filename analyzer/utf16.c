#include "utf16.h"

#include <stdint.h>

#include "utf8.h"

bool utf16_has_bom(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    if (len < 2) return false;
    if (p[0] == 0xFE && p[1] == 0xFF) return true;
    if (p[0] != 0xFF || p[1] != 0xFE) return false;
    return !(len >= 4 && p[2] == 0 && p[3] == 0); /* FF FE 00 00: UTF-32LE */
}

static uint32_t unit_at(const unsigned char *p, bool big)
{
    return big ? (uint32_t)(p[0] << 8 | p[1]) : (uint32_t)(p[1] << 8 | p[0]);
}

void utf16_to_utf8(const char *text, size_t len, buf *out)
{
    const unsigned char *p = (const unsigned char *)text;
    bool big = p[0] == 0xFE;
    buf_reserve(out, len + len / 2);
    size_t i = 2;
    for (; i + 1 < len; i += 2) {
        uint32_t u = unit_at(p + i, big);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
            uint32_t lo = unit_at(p + i + 2, big);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                utf8_put(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                i += 2;
                continue;
            }
        }
        utf8_put(out, u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u);
    }
    if (i < len) utf8_put(out, 0xFFFD);
    buf_append(out, "", 0);
}
