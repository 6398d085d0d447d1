/* match_emit: turning a match into a finding — location, severity, redacted snippet,
 * fingerprint. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match_impl.h"
#include "secret_context.h"
#include "sha256.h"

enum { SNIPPET_MAX = 200, SNIPPET_LEAD = 40 };

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
    if (!ctx && r->local_target && f.severity == SEV_BLOCKER && !h->whole_file)
        ctx = secret_context_local_target(s->text, s->len, h->secret_start);
    if (ctx) {
        f.severity = SEV_WARNING;
        buf m = {0};
        buf_printf(&m, "%s (in %s: not a launch blocker by itself)", r->message, ctx);
        f.message = buf_take(&m);
    } else if (r->checksum && f.severity == SEV_BLOCKER && !h->whole_file &&
               !secret_checksum_ok(r->checksum, s->text + h->secret_start, h->secret_end - h->secret_start)) {
        /* never issued as it stands: an example, or a mistyped or cut copy of a token */
        f.severity = SEV_WARNING;
        buf m = {0};
        buf_printf(&m, "%s (its checksum does not match: not a token as issued, so not a launch "
                       "blocker by itself)", r->message);
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

/* One line of the file with every secret redacted, kept while findings on that line
 * take their snippets: each line is redacted once, however many findings it has. */
typedef struct red_line {
    uint32_t line;          /* 0: none yet */
    size_t start;           /* offset of the line in the file */
    buf text;               /* the redacted line */
    redact_span_list spans; /* where its markers are */
} red_line;

static void red_line_load(red_line *rl, const source *s, uint32_t line, const redact_map *m)
{
    size_t len;
    const char *text = source_line_text(s, line, &len);
    rl->line = line;
    rl->start = (size_t)(text - s->text);
    rl->text.len = 0;
    rl->spans.len = 0;
    buf_append(&rl->text, "", 0);
    redact_append_mapped(m, s->text, s->len, rl->start, rl->start + len, &rl->text, &rl->spans);
}

/* Where byte offset raw of the file lies in the redacted line: inside a marker, at its
 * start. Spans are in order: a binary search finds the last one that starts before raw. */
static size_t red_offset(const red_line *rl, size_t raw)
{
    size_t lo = 0, hi = rl->spans.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rl->spans.items[mid].raw_start <= raw) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return raw - rl->start;
    const redact_span *sp = &rl->spans.items[lo - 1];
    if (raw < sp->raw_end) return sp->red_start;
    return sp->red_end + (raw - sp->raw_end);
}

static size_t utf8_back(const char *t, size_t i)
{
    while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80) i--;
    return i;
}

/* The redacted line, trimmed; when longer than SNIPPET_MAX, cut around the column. */
static char *snippet(const red_line *rl, uint32_t column)
{
    const char *red = rl->text.data;
    size_t a = 0, z = rl->text.len;
    while (a < z && is_space(red[a])) a++;
    while (z > a && is_space(red[z - 1])) z--;
    size_t col = red_offset(rl, rl->start + (column ? column - 1 : 0));
    if (col > z) col = z;
    bool cut_left = false, cut_right = false;
    if (z - a > SNIPPET_MAX) {
        if (col > a + SNIPPET_LEAD) { a = utf8_back(red, col - SNIPPET_LEAD); cut_left = true; }
        if (z - a > SNIPPET_MAX) { z = utf8_back(red, a + SNIPPET_MAX); cut_right = true; }
    }
    buf out = {0};
    if (cut_left) buf_puts(&out, "\xe2\x80\xa6");
    buf_append(&out, red + a, z - a);
    if (cut_right) buf_puts(&out, "\xe2\x80\xa6");
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

void match_finish(const source *s, finding_list *out, size_t first, const redact_map *secrets)
{
    size_t n = out->len - first;
    if (n == 0) return;
    finding *items = out->items + first;
    /* sorted first: the findings of one line are then next to each other */
    qsort(items, n, sizeof *items, finding_compare);
    red_line rl = {0};
    for (size_t i = 0; i < n; i++) {
        if (items[i].snippet) continue;
        if (!items[i].line) { items[i].snippet = xstrdup(""); continue; }
        if (items[i].line != rl.line) red_line_load(&rl, s, items[i].line, secrets);
        items[i].snippet = snippet(&rl, items[i].column);
    }
    buf_free(&rl.text);
    VEC_FREE(&rl.spans);
    distinguish_repeats(items, n);
}
