/* secret_checksum: offline checksums of vendor token formats (see the header). */
#include "secret_checksum.h"

#include <string.h>

static const struct {
    const char *name;
    secret_checksum scheme;
} schemes[] = {
    {"github", SECRET_CHECKSUM_GITHUB},
    {"gitlab", SECRET_CHECKSUM_GITLAB},
    {"grafana", SECRET_CHECKSUM_GRAFANA},
    {"age", SECRET_CHECKSUM_AGE},
};

secret_checksum secret_checksum_parse(const char *name)
{
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (strcmp(schemes[i].name, name) == 0) return schemes[i].scheme;
    return SECRET_CHECKSUM_NONE;
}

const char *secret_checksum_names(void)
{
    return "github, gitlab, grafana, age";
}

uint32_t secret_crc32(const char *s, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= (unsigned char)s[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

/* value of digit c in base 62 (0-9A-Za-z) or 36 (0-9a-z); -1 when not one */
static int digit(char c, int base)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (base == 62 && c >= 'A' && c <= 'Z') return c - 'A' + 10;
    if (c >= 'a' && c <= 'z') return c - 'a' + (base == 62 ? 36 : 10);
    return -1;
}

/* s[0..n) read as a number in `base`; false when a character is not a digit or the
 * value does not fit 32 bits (no CRC-32 is that large). */
static bool parse_number(const char *s, size_t n, int base, uint32_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        int d = digit(s[i], base);
        if (d < 0) return false;
        v = v * (uint64_t)base + (uint64_t)d;
        if (v > 0xFFFFFFFFu) return false;
    }
    *out = (uint32_t)v;
    return true;
}

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* <3 lower-case letters>_<36 base62>: the last 6 are the CRC-32 of the 30 before them */
static bool github_ok(const char *t, size_t n)
{
    if (n != 40 || t[3] != '_') return true; /* github_pat_, ghs_<id>_<jwt>: other forms */
    for (size_t i = 4; i < n; i++)
        if (!is_alnum(t[i])) return true;
    uint32_t want;
    if (!parse_number(t + 34, 6, 62, &want)) return false;
    return secret_crc32(t + 4, 30) == want;
}

/* routable: a '.' in the token; the last 7 characters are the base-36 CRC-32 of the rest */
static bool gitlab_ok(const char *t, size_t n)
{
    if (n < 16 || !memchr(t, '.', n)) return true; /* a legacy 20-character token */
    uint32_t want;
    if (!parse_number(t + n - 7, 7, 36, &want)) return false;
    return secret_crc32(t, n - 7) == want;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* gl<service>_<secret>_<8 hex>: the CRC-32 of everything before the last '_', its
 * bytes least significant first */
static bool grafana_ok(const char *t, size_t n)
{
    if (n < 12 || strncmp(t, "gl", 2) != 0 || t[n - 9] != '_') return true;
    uint32_t want = 0;
    for (int i = 0; i < 4; i++) {
        int hi = hexval(t[n - 8 + 2 * i]), lo = hexval(t[n - 7 + 2 * i]);
        if (hi < 0 || lo < 0) return true; /* not the checksummed form */
        want |= (uint32_t)(hi * 16 + lo) << (8 * i);
    }
    return secret_crc32(t, n - 9) == want;
}

/* BIP-173: the checksum of a Bech32 string over its human-readable part and data */
static uint32_t bech32_polymod(uint32_t c, unsigned v)
{
    static const uint32_t gen[5] = {0x3b6a57b2u, 0x26508e6du, 0x1ea119fau, 0x3d4233ddu, 0x2a1462b3u};
    uint32_t b = c >> 25;
    c = ((c & 0x1ffffffu) << 5) ^ v;
    for (int i = 0; i < 5; i++)
        if ((b >> i) & 1u) c ^= gen[i];
    return c;
}

static int lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : (unsigned char)c;
}

/* AGE-SECRET-KEY-1<data>: Bech32 (one case throughout), the checksum constant 1 */
static bool age_ok(const char *t, size_t n)
{
    static const char prefix[] = "age-secret-key-1";
    static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    size_t hrp = sizeof prefix - 2; /* "age-secret-key-" */
    if (n < sizeof prefix - 1 + 6) return true;
    for (size_t i = 0; i < sizeof prefix - 1; i++)
        if (lower(t[i]) != prefix[i]) return true; /* not an age key */
    uint32_t c = 1;
    for (size_t i = 0; i < hrp; i++) c = bech32_polymod(c, (unsigned)lower(t[i]) >> 5);
    c = bech32_polymod(c, 0);
    for (size_t i = 0; i < hrp; i++) c = bech32_polymod(c, (unsigned)lower(t[i]) & 31u);
    for (size_t i = hrp + 1; i < n; i++) {
        const char *d = memchr(charset, lower(t[i]), sizeof charset - 1);
        if (!d) return false;
        c = bech32_polymod(c, (unsigned)(d - charset));
    }
    return c == 1;
}

bool secret_checksum_ok(secret_checksum scheme, const char *tok, size_t n)
{
    switch (scheme) {
    case SECRET_CHECKSUM_GITHUB: return github_ok(tok, n);
    case SECRET_CHECKSUM_GITLAB: return gitlab_ok(tok, n);
    case SECRET_CHECKSUM_GRAFANA: return grafana_ok(tok, n);
    case SECRET_CHECKSUM_AGE: return age_ok(tok, n);
    case SECRET_CHECKSUM_NONE: break;
    }
    return true;
}
