/* redact: markers for secrets, by range (where the rule pass found them) and by value
 * (anywhere else). Sealed maps keep ranges as sorted, disjoint segments and values sorted
 * by text, so that each byte of redacted text costs at most a binary search. */
#include "redact.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

/* Output [start, end) of the base is the marker of the secret base[sec_start, sec_end).
 * Before sealing, only sec_start and sec_end are set (the ranges as added). */
typedef struct segment {
    size_t start, end, sec_start, sec_end;
} segment;

typedef struct value {
    char *s;
    size_t n;
} value;

struct redact_map {
    const char *base;
    size_t base_len;
    VEC(segment) segs;
    VEC(value) values;   /* sorted by text once sealed, no duplicates */
    VEC(value) reversed; /* the values' texts reversed, sorted: for a cut secret's tail */
    uint64_t *heads;     /* Bloom filter of the values' first REDACT_MIN_ECHO bytes */
    uint64_t *tails;     /* and of their last REDACT_MIN_ECHO bytes */
    unsigned bloom_bits; /* each filter has 1 << bloom_bits bits */
    size_t max_len;      /* of the values */
    bool sealed;
};

static const char ELLIPSIS[] = "\xe2\x80\xa6";
enum { ELLIPSIS_LEN = 3 };

redact_map *redact_map_new(void)
{
    return xcalloc(1, sizeof(redact_map));
}

static void free_values(redact_map *m)
{
    for (size_t i = 0; i < m->values.len; i++) free(m->values.items[i].s);
    for (size_t i = 0; i < m->reversed.len; i++) free(m->reversed.items[i].s);
    m->values.len = m->reversed.len = 0;
}

void redact_map_free(redact_map *m)
{
    if (!m) return;
    free_values(m);
    VEC_FREE(&m->values);
    VEC_FREE(&m->reversed);
    VEC_FREE(&m->segs);
    free(m->heads);
    free(m->tails);
    free(m);
}

void redact_map_reset(redact_map *m, const char *base, size_t base_len)
{
    free_values(m);
    m->segs.len = 0;
    m->base = base;
    m->base_len = base ? base_len : 0;
    m->max_len = 0;
    m->sealed = false;
}

void redact_map_add_value(redact_map *m, const char *s, size_t n)
{
    if (n < REDACT_MIN_ECHO) return;
    char *copy = xmalloc(n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    value v = {copy, n};
    VEC_PUSH(&m->values, v);
    m->sealed = false;
}

void redact_map_add_range(redact_map *m, size_t start, size_t end)
{
    if (!m->base || end > m->base_len || start >= end) return;
    segment g = {0, 0, start, end};
    VEC_PUSH(&m->segs, g);
    redact_map_add_value(m, m->base + start, end - start);
}

void redact_map_merge(redact_map *m, const redact_map *src)
{
    if (!src) return; /* a range's text is one of src's values already */
    for (size_t i = 0; i < src->values.len; i++)
        redact_map_add_value(m, src->values.items[i].s, src->values.items[i].n);
}

size_t redact_map_size(const redact_map *m)
{
    return m ? m->segs.len + m->values.len : 0;
}

/* --- sealing ---------------------------------------------------------------------- */

static int cmp_text(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c) return c;
    return an < bn ? -1 : an > bn;
}

static int cmp_value(const void *pa, const void *pb)
{
    const value *a = pa, *b = pb;
    return cmp_text(a->s, a->n, b->s, b->n);
}

static int cmp_range(const void *pa, const void *pb)
{
    const segment *a = pa, *b = pb;
    if (a->sec_start != b->sec_start) return a->sec_start < b->sec_start ? -1 : 1;
    return a->sec_end > b->sec_end ? -1 : a->sec_end < b->sec_end; /* longer first */
}

/* Overlapping ranges become disjoint segments: where two overlap, the one that starts
 * first is shown, then the rest of the other (as a marker without its prefix). */
static void seal_segments(redact_map *m)
{
    if (m->segs.len > 1) qsort(m->segs.items, m->segs.len, sizeof *m->segs.items, cmp_range);
    size_t kept = 0, pos = 0;
    for (size_t i = 0; i < m->segs.len; i++) {
        segment g = m->segs.items[i];
        size_t start = g.sec_start > pos ? g.sec_start : pos;
        if (start >= g.sec_end) continue;
        g.start = start;
        g.end = g.sec_end;
        pos = g.end;
        m->segs.items[kept++] = g;
    }
    m->segs.len = kept;
}

/* Which bit of a filter of 1 << bits bits stands for the REDACT_MIN_ECHO bytes at p. */
static size_t bloom_slot(const char *p, unsigned bits)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (int i = 0; i < REDACT_MIN_ECHO; i++) h = (h ^ (unsigned char)p[i]) * 0x100000001b3u;
    return (size_t)((h * 0x9e3779b97f4a7c15u) >> (64 - bits));
}

static void bloom_set(uint64_t *f, unsigned bits, const char *p)
{
    size_t k = bloom_slot(p, bits);
    f[k >> 6] |= (uint64_t)1 << (k & 63);
}

static bool bloom_has(const uint64_t *f, unsigned bits, const char *p)
{
    size_t k = bloom_slot(p, bits);
    return f[k >> 6] & ((uint64_t)1 << (k & 63));
}

/* About 32 bits per value (few false hits), within 2^10 .. 2^22 bits. */
static void seal_blooms(redact_map *m)
{
    unsigned bits = 10;
    while (bits < 22 && ((size_t)1 << bits) < 32 * m->values.len) bits++;
    size_t words = ((size_t)1 << bits) / 64;
    free(m->heads);
    free(m->tails);
    m->heads = xcalloc(words, sizeof *m->heads);
    m->tails = xcalloc(words, sizeof *m->tails);
    m->bloom_bits = bits;
    for (size_t i = 0; i < m->values.len; i++) {
        const value *x = &m->values.items[i];
        bloom_set(m->heads, bits, x->s);
        bloom_set(m->tails, bits, x->s + x->n - REDACT_MIN_ECHO);
    }
}

static void seal_values(redact_map *m)
{
    value *v = m->values.items;
    if (m->values.len > 1) qsort(v, m->values.len, sizeof *v, cmp_value);
    size_t kept = 0;
    for (size_t i = 0; i < m->values.len; i++) {
        if (kept && cmp_value(&v[kept - 1], &v[i]) == 0) { free(v[i].s); continue; }
        v[kept++] = v[i];
    }
    m->values.len = kept;
    m->max_len = 0;
    for (size_t i = 0; i < m->reversed.len; i++) free(m->reversed.items[i].s);
    m->reversed.len = 0;
    for (size_t i = 0; i < m->values.len; i++) {
        const value *x = &v[i];
        if (x->n > m->max_len) m->max_len = x->n;
        value r = {xmalloc(x->n + 1), x->n};
        for (size_t k = 0; k < x->n; k++) r.s[k] = x->s[x->n - 1 - k];
        r.s[x->n] = '\0';
        VEC_PUSH(&m->reversed, r);
    }
    if (m->reversed.len > 1) qsort(m->reversed.items, m->reversed.len, sizeof *m->reversed.items, cmp_value);
    seal_blooms(m);
}

void redact_map_seal(redact_map *m)
{
    if (m->sealed) return;
    seal_segments(m);
    seal_values(m);
    m->sealed = true;
}

/* --- lookups ---------------------------------------------------------------------- */

/* Count of values <= t[0, tn). */
static size_t upper_bound(const redact_map *m, const char *t, size_t tn)
{
    size_t lo = 0, hi = m->values.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const value *v = &m->values.items[mid];
        if (cmp_text(v->s, v->n, t, tn) <= 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static size_t common_prefix(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn, i = 0;
    while (i < n && a[i] == b[i]) i++;
    return i;
}

/* The longest value that t[0, tn) starts with. The largest value <= t is it when it is a
 * prefix of t; otherwise any shorter one is a prefix of what the two share, so the search
 * repeats on that (each round shortens t). */
static const value *value_at(const redact_map *m, const char *t, size_t tn)
{
    if (!m->values.len || tn < REDACT_MIN_ECHO || !bloom_has(m->heads, m->bloom_bits, t)) return NULL;
    if (tn > m->max_len) tn = m->max_len;
    for (;;) {
        size_t hi = upper_bound(m, t, tn);
        if (hi == 0) return NULL;
        const value *v = &m->values.items[hi - 1];
        size_t l = common_prefix(v->s, v->n, t, tn);
        if (l == v->n) return v;
        if (l < REDACT_MIN_ECHO) return NULL;
        tn = l;
    }
}

/* A value that t[0, tn) is a proper prefix of (a secret cut at the end of t). */
static const value *value_starting(const redact_map *m, const char *t, size_t tn)
{
    if (tn < REDACT_MIN_PARTIAL || tn >= m->max_len || !bloom_has(m->heads, m->bloom_bits, t)) return NULL;
    size_t lo = 0, hi = m->values.len; /* first value >= t */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const value *v = &m->values.items[mid];
        if (cmp_text(v->s, v->n, t, tn) < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo == m->values.len) return NULL;
    const value *v = &m->values.items[lo];
    return v->n > tn && memcmp(v->s, t, tn) == 0 ? v : NULL;
}

/* Compares a reversed value with t[0, k) read backwards. */
static int cmp_reversed(const value *r, const char *t, size_t k)
{
    size_t n = r->n < k ? r->n : k;
    for (size_t j = 0; j < n; j++) {
        unsigned char a = (unsigned char)r->s[j], b = (unsigned char)t[k - 1 - j];
        if (a != b) return a < b ? -1 : 1;
    }
    return r->n < k ? -1 : r->n > k;
}

/* The reversed value starts with t[0, k) reversed. */
static bool reversed_starts(const value *r, const char *t, size_t k)
{
    if (r->n < k) return false;
    for (size_t j = 0; j < k; j++)
        if (r->s[j] != t[k - 1 - j]) return false;
    return true;
}

/* The length of the longest t[0, k), k <= tn, that is a proper suffix of a value (a
 * secret whose start was cut off), with that value's reversed entry; 0 when none. */
static size_t value_ending(const redact_map *m, const char *t, size_t tn, const value **rev)
{
    if (!m->values.len) return 0;
    size_t k = tn < m->max_len ? tn : m->max_len - 1;
    for (; k >= REDACT_MIN_PARTIAL; k--) {
        if (!bloom_has(m->tails, m->bloom_bits, t + k - REDACT_MIN_ECHO)) continue;
        size_t lo = 0, hi = m->reversed.len;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cmp_reversed(&m->reversed.items[mid], t, k) < 0) lo = mid + 1;
            else hi = mid;
        }
        if (lo == m->reversed.len) continue;
        const value *r = &m->reversed.items[lo];
        if (!reversed_starts(r, t, k)) continue;
        if (r->n == k) return 0; /* t starts with a whole value: not a cut one */
        *rev = r;
        return k;
    }
    return 0;
}

/* --- output ----------------------------------------------------------------------- */

void redact_marker(buf *out, const char *secret, size_t n, bool with_prefix)
{
    size_t show = n / 4 < 4 ? n / 4 : 4;
    if (with_prefix) buf_append(out, secret, show);
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex(secret, n, hex);
    buf_printf(out, "%s[redacted sha256:%.8s]", ELLIPSIS, hex);
}

/* The marker of a value known by its reversed text. */
static void marker_reversed(buf *out, const value *r)
{
    char *s = xmalloc(r->n + 1);
    for (size_t k = 0; k < r->n; k++) s[k] = r->s[r->n - 1 - k];
    redact_marker(out, s, r->n, false);
    free(s);
}

static void note_span(redact_span_list *spans, size_t raw_start, size_t raw_end, size_t red_start, size_t red_end)
{
    if (!spans) return;
    redact_span sp = {raw_start, raw_end, red_start, red_end};
    VEC_PUSH(spans, sp);
}

/* First segment that ends after at. */
static size_t segment_from(const redact_map *m, size_t at)
{
    size_t lo = 0, hi = m->segs.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->segs.items[mid].end <= at) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* A value that starts before from and runs into it (a copy cut by the caller's window). */
static size_t value_across(const redact_map *m, const char *text, size_t len, size_t from, const value **hit)
{
    if (!m->values.len || from == 0) return from;
    size_t p = from > m->max_len - 1 ? from - (m->max_len - 1) : 0;
    for (; p < from; p++) {
        const value *v = value_at(m, text + p, len - p);
        if (v && p + v->n > from) { *hit = v; return p; }
    }
    return from;
}

void redact_append_mapped(const redact_map *m, const char *text, size_t len, size_t from, size_t to,
                          buf *out, redact_span_list *spans)
{
    if (to > len) to = len;
    if (from >= to) return;
    if (!m || (!m->segs.len && !m->values.len)) { buf_append(out, text + from, to - from); return; }
    bool on_base = m->base == text && m->base_len == len;
    size_t i = from;
    const value *across = NULL;
    size_t p = value_across(m, text, len, from, &across);
    if (across) {
        size_t r0 = out->len;
        redact_marker(out, across->s, across->n, false);
        i = p + across->n;
        note_span(spans, from, i, r0, out->len);
    }
    size_t si = on_base ? segment_from(m, i) : 0;
    while (i < to) {
        if (on_base) {
            while (si < m->segs.len && m->segs.items[si].end <= i) si++;
            const segment *g = si < m->segs.len ? &m->segs.items[si] : NULL;
            if (g && g->start <= i) {
                size_t r0 = out->len;
                redact_marker(out, text + g->sec_start, g->sec_end - g->sec_start, i == g->sec_start);
                note_span(spans, i, g->end, r0, out->len);
                i = g->end;
                continue;
            }
        }
        const value *v = value_at(m, text + i, len - i);
        if (v) {
            size_t r0 = out->len;
            redact_marker(out, v->s, v->n, true);
            note_span(spans, i, i + v->n, r0, out->len);
            i += v->n;
            continue;
        }
        buf_putc(out, text[i++]);
    }
}

void redact_append(const redact_map *m, const char *text, size_t len, size_t from, size_t to, buf *out)
{
    redact_append_mapped(m, text, len, from, to, out, NULL);
}

void redact_source_cut(const source *s, size_t from, size_t to, buf *out)
{
    redact_append(s->secrets, s->text, s->len, from, to, out);
}

char *redact_source_dup(const source *s, const char *t, size_t n)
{
    uintptr_t at = (uintptr_t)t, base = (uintptr_t)s->text;
    if (!s->secrets || !s->text || at < base || at - base > s->len || n > s->len - (at - base))
        return xstrndup(t, n);
    buf b = {0};
    buf_append(&b, "", 0);
    redact_source_cut(s, at - base, at - base + n, &b);
    return buf_take(&b);
}

/* --- whole strings ---------------------------------------------------------------- */

/* Where the piece of s that starts at i ends: the next "…" or the end. */
static size_t cut_end(const char *s, size_t n, size_t i)
{
    for (size_t k = i; k + ELLIPSIS_LEN <= n; k++)
        if (!memcmp(s + k, ELLIPSIS, ELLIPSIS_LEN)) return k;
    return n;
}

char *redact_string(const redact_map *m, const char *s)
{
    if (!s || !m || !m->values.len) return NULL;
    size_t n = strlen(s);
    buf out = {0};
    bool changed = false;
    size_t piece_end = cut_end(s, n, 0);
    bool piece_start = true; /* at the start of s or just after a "…" */
    for (size_t i = 0; i < n;) {
        if (i > piece_end) piece_end = cut_end(s, n, i); /* a value ran over a "…" */
        if (piece_start) {
            piece_start = false;
            const value *rev = NULL;
            size_t k = value_ending(m, s + i, piece_end - i, &rev);
            if (k) {
                marker_reversed(&out, rev);
                i += k;
                changed = true;
                continue;
            }
        }
        if (i == piece_end) { /* the "…" itself; a new piece follows */
            buf_append(&out, ELLIPSIS, ELLIPSIS_LEN);
            i += ELLIPSIS_LEN;
            piece_end = cut_end(s, n, i);
            piece_start = true;
            continue;
        }
        const value *v = value_at(m, s + i, n - i);
        if (v) {
            redact_marker(&out, v->s, v->n, true);
            i += v->n;
            changed = true;
            continue;
        }
        v = value_starting(m, s + i, piece_end - i);
        if (v) { /* cut off by the "…" or the end of s */
            redact_marker(&out, v->s, v->n, true);
            i = piece_end;
            changed = true;
            continue;
        }
        buf_putc(&out, s[i++]);
    }
    if (!changed) { buf_free(&out); return NULL; }
    return buf_take(&out);
}

bool redact_in_place(const redact_map *m, char **s)
{
    char *r = s ? redact_string(m, *s) : NULL;
    if (!r) return false;
    free(*s);
    *s = r;
    return true;
}

static bool ends_word(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '`';
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A cut may fall before a blank or after a blank or quote, never just before a closing
 * quote: `KEY = '…secret…` without its quote is a value no rule reads as quoted, so
 * the quoted word goes whole, quote and all, or not at all. */
size_t redact_clip_len(const char *s, size_t n, size_t max)
{
    if (n <= max) return n;
    size_t k = max;
    while (k > 0 && !is_blank(s[k]) && !ends_word(s[k - 1])) k--;
    return k;
}
