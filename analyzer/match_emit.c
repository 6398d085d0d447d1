/* match_emit: turning a match into a finding — location, severity, redacted snippet,
 * fingerprint. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match_impl.h"
#include "secret_context.h"
#include "sha256.h"

enum { SNIPPET_MAX = 200, SNIPPET_LEAD = 40, MIN_ECHO = 6 };

double match_entropy(const char *s, size_t n)
{
    if (n == 0) return 0;
    size_t count[256] = {0};
    for (size_t i = 0; i < n; i++) count[(unsigned char)s[i]]++;
    double h = 0;
    for (int c = 0; c < 256; c++) {
        if (!count[c]) continue;
        double p = (double)count[c] / (double)n;
        h -= p * log2(p);
    }
    return h;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* sha256 over "rule \0 path \0 text", with whitespace runs in text folded to one space
 * so that re-indenting code keeps the fingerprint. */
static char *fingerprint(const char *rule_id, const char *path, const char *text, size_t n)
{
    buf b = {0};
    buf_puts(&b, rule_id);
    buf_putc(&b, '\0');
    buf_puts(&b, path);
    buf_putc(&b, '\0');
    bool pending = false;
    for (size_t i = 0; i < n; i++) {
        if (is_space(text[i])) { pending = true; continue; }
        if (pending && b.data[b.len - 1] != '\0') buf_putc(&b, ' ');
        pending = false;
        buf_putc(&b, text[i]);
    }
    char hex[65];
    sha256_hex(b.data, b.len, hex);
    buf_free(&b);
    return xstrdup(hex);
}

static void set_end(finding *f, const source *s, size_t start, size_t end)
{
    /* a match that ends with its newline ends on its own line */
    if (end > start && s->text[end - 1] == '\n') end--;
    f->end_line = source_line_of(s, end);
    f->end_column = source_column_of(s, end);
}

void match_emit(const rule *r, const source *s, const match_hit *h, finding_list *out,
                range_list *secrets)
{
    finding f = {0};
    f.rule = xstrdup(r->id);
    memcpy(f.items, r->items, sizeof f.items);
    f.n_items = r->n_items;
    f.effect = r->effect;
    f.severity = (r->has_test_severity && match_is_test_path(s->path)) ? r->test_severity : r->severity;
    const char *ctx = r->secret && f.severity == SEV_BLOCKER ? secret_context_demotes(s->path) : NULL;
    if (ctx) {
        f.severity = SEV_WARNING;
        buf m = {0};
        buf_printf(&m, "%s (in %s: not a launch blocker by itself)", r->message, ctx);
        f.message = buf_take(&m);
    } else {
        f.message = xstrdup(r->message);
    }
    f.remediation = r->remediation ? xstrdup(r->remediation) : NULL;
    f.file = xstrdup(s->path);
    if (!h->whole_file) {
        f.line = source_line_of(s, h->start);
        f.column = source_column_of(s, h->start);
        set_end(&f, s, h->start, h->end);
    }
    size_t fs = h->whole_file ? 0 : h->secret_start, fe = h->whole_file ? 0 : h->secret_end;
    f.fingerprint = fingerprint(r->id, s->path, s->text + fs, fe - fs);
    if (r->secret && secrets && fe > fs) {
        byte_range br = {(uint32_t)fs, (uint32_t)fe};
        VEC_PUSH(secrets, br);
    }
    VEC_PUSH(out, f);
}

/* --- snippets -------------------------------------------------------------------- */

static void put_marker(buf *b, const char *secret, size_t n, bool with_prefix)
{
    size_t show = n / 4 < 4 ? n / 4 : 4;
    if (with_prefix) buf_append(b, secret, show);
    char hex[65];
    sha256_hex(secret, n, hex);
    buf_printf(b, "\xe2\x80\xa6[redacted sha256:%.8s]", hex);
}

/* The secret range (if any) that covers offset at; ranges are few per file. */
static const byte_range *range_at(const range_list *secrets, size_t at)
{
    for (size_t i = 0; secrets && i < secrets->len; i++)
        if (at >= secrets->items[i].start && at < secrets->items[i].end) return &secrets->items[i];
    return NULL;
}

/* An occurrence at `at` of some secret's text elsewhere (a key pasted twice). */
static const byte_range *echo_at(const source *s, const range_list *secrets, size_t at, size_t line_end)
{
    for (size_t i = 0; secrets && i < secrets->len; i++) {
        const byte_range *r = &secrets->items[i];
        size_t n = r->end - r->start;
        if (n >= MIN_ECHO && at + n <= line_end && memcmp(s->text + at, s->text + r->start, n) == 0)
            return r;
    }
    return NULL;
}

static void redact_line(const source *s, size_t from, size_t to, const range_list *secrets, buf *b)
{
    for (size_t i = from; i < to;) {
        const byte_range *r = range_at(secrets, i);
        if (r) {
            put_marker(b, s->text + r->start, r->end - r->start, i == r->start);
            i = r->end;
            continue;
        }
        r = echo_at(s, secrets, i, to);
        if (r) {
            put_marker(b, s->text + r->start, r->end - r->start, true);
            i += r->end - r->start;
            continue;
        }
        buf_putc(b, s->text[i++]);
    }
}

static size_t utf8_back(const char *t, size_t i)
{
    while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80) i--;
    return i;
}

static char *snippet(const source *s, uint32_t line, uint32_t column, const range_list *secrets)
{
    size_t len;
    const char *text = source_line_text(s, line, &len);
    size_t from = (size_t)(text - s->text), to = from + len;
    buf red = {0};
    redact_line(s, from, to, secrets, &red);
    size_t a = 0, z = red.len;
    while (a < z && is_space(red.data[a])) a++;
    while (z > a && is_space(red.data[z - 1])) z--;
    size_t col = column ? column - 1 : 0;
    bool cut_left = false, cut_right = false;
    if (z - a > SNIPPET_MAX) {
        if (col > a + SNIPPET_LEAD) { a = utf8_back(red.data, col - SNIPPET_LEAD); cut_left = true; }
        if (z - a > SNIPPET_MAX) { z = utf8_back(red.data, a + SNIPPET_MAX); cut_right = true; }
    }
    buf out = {0};
    if (cut_left) buf_puts(&out, "\xe2\x80\xa6");
    buf_append(&out, red.data + a, z - a);
    if (cut_right) buf_puts(&out, "\xe2\x80\xa6");
    buf_free(&red);
    return buf_take(&out);
}

/* --- finishing a file ------------------------------------------------------------ */

typedef struct fp_ref {
    const finding *f;
    size_t pos;
} fp_ref;

static int cmp_fp(const void *pa, const void *pb)
{
    const fp_ref *a = pa, *b = pb;
    int c = strcmp(a->f->fingerprint, b->f->fingerprint);
    if (c) return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The k-th repeat of the same rule + text in a file gets hash(fingerprint ":" k). */
static void distinguish_repeats(finding *items, size_t n)
{
    if (n < 2) return;
    fp_ref *refs = xmalloc(n * sizeof *refs);
    for (size_t i = 0; i < n; i++) refs[i] = (fp_ref){&items[i], i};
    qsort(refs, n, sizeof *refs, cmp_fp);
    char **fresh = xcalloc(n, sizeof *fresh);
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        k = strcmp(refs[i].f->fingerprint, refs[i - 1].f->fingerprint) ? 0 : k + 1;
        if (k == 0) continue;
        buf b = {0};
        buf_printf(&b, "%s:%zu", refs[i].f->fingerprint, k);
        char hex[65];
        sha256_hex(b.data, b.len, hex);
        buf_free(&b);
        fresh[refs[i].pos] = xstrdup(hex);
    }
    for (size_t i = 0; i < n; i++)
        if (fresh[i]) { free(items[i].fingerprint); items[i].fingerprint = fresh[i]; }
    free(fresh);
    free(refs);
}

void match_finish(const source *s, finding_list *out, size_t first, const range_list *secrets)
{
    size_t n = out->len - first;
    if (n == 0) return;
    finding *items = out->items + first;
    for (size_t i = 0; i < n; i++)
        if (!items[i].snippet)
            items[i].snippet = items[i].line ? snippet(s, items[i].line, items[i].column, secrets)
                                             : xstrdup("");
    qsort(items, n, sizeof *items, finding_compare);
    distinguish_repeats(items, n);
}
