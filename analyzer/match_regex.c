/* match_regex: regex rules (keywords, entropy floor, allow list, secrets) and path
 * rules (glob, optional contains). */
#include <string.h>

#include "match_impl.h"

static bool allowed(match_state *ms, const rule *r, const char *text, size_t n)
{
    for (size_t i = 0; i < r->allow.len; i++)
        if (pcre2_match(r->allow.items[i], (PCRE2_SPTR)text, n, 0, 0, ms->md, NULL) >= 0) return true;
    return false;
}

/* A secret some other rule already reported overlaps [start, end). */
static bool overlaps_secret(const match_state *ms, size_t start, size_t end)
{
    for (size_t i = 0; i < ms->secrets.len; i++)
        if (start < ms->secrets.items[i].end && ms->secrets.items[i].start < end) return true;
    return false;
}

/* Checks one match of r->re (in ms->md) and reports it. */
static void consider(match_state *ms, const rule *r, const source *s, finding_list *out)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ms->md);
    size_t gs = ov[2 * r->secret_group], ge = ov[2 * r->secret_group + 1];
    if (gs == PCRE2_UNSET || ge <= gs) return; /* an optional group that took no part */
    if (r->fallback && overlaps_secret(ms, gs, ge)) return;
    const char *g = s->text + gs;
    if (r->entropy > 0 && match_entropy(g, ge - gs) < r->entropy) return;
    if (r->allow.len && allowed(ms, r, g, ge - gs)) return; /* clobbers ms->md: last use */
    match_hit h = {gs, ge, gs, ge, false};
    match_emit(r, s, &h, out, &ms->secrets);
}

/* Reports every match starting in [off, limit]; returns where the next search starts. */
static size_t run_window(match_state *ms, const rule *r, const source *s, size_t off, size_t limit,
                         pcre2_match_context *mctx, finding_list *out)
{
    while (off <= limit) {
        if (mctx) pcre2_set_offset_limit(mctx, limit);
        int rc = pcre2_match(r->re, (PCRE2_SPTR)s->text, s->len, off, 0, ms->md, mctx);
        if (rc < 0) break; /* no match, or a match limit: either way, stop */
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ms->md);
        size_t end = ov[1], start = ov[0];
        consider(ms, r, s, out);
        off = end > start ? end : end + 1;
    }
    return off;
}

/* How far from a keyword a match may start: patterns such as
 * "thresholds: {.{0,600}?http_req_duration" name their keyword some way in, and rules
 * such as "clerkMiddleware(... auth.protect(" match near a keyword, not on it. */
enum { KEYWORD_REACH = 1024 };

static int cmp_range(const void *a, const void *b)
{
    const byte_range *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Where the rule's matches may start, one window per keyword occurrence: the lines
 * within KEYWORD_REACH bytes of it, before or after. Sorted by start. */
static void keyword_windows(match_state *ms, const rule *r, const source *s)
{
    ms->windows.len = 0;
    for (size_t k = 0; k < r->n_kw; k++) {
        uint32_t id = r->kw_ids[k];
        size_t len = prefilter_len(ms->rs->pf, id);
        for (uint32_t j = ms->by_id[id]; j < ms->by_id[id + 1]; j++) {
            size_t at = ms->word_ends[j] - len;
            size_t after = ms->word_ends[j] + KEYWORD_REACH;
            uint32_t first = source_line_of(s, at > KEYWORD_REACH ? at - KEYWORD_REACH : 0);
            uint32_t last = source_line_of(s, after < s->len ? after : s->len);
            byte_range w = {s->line_starts[first - 1],
                            last < s->n_lines ? s->line_starts[last] - 1 : (uint32_t)s->len};
            VEC_PUSH(&ms->windows, w);
        }
    }
    if (ms->windows.len) qsort(ms->windows.items, ms->windows.len, sizeof *ms->windows.items, cmp_range);
}

/* A rule with keywords runs only near them: a match must start on a line within
 * KEYWORD_REACH bytes of one (whole lines), and may run on past it. Without keywords
 * the pattern runs over the whole file. */
void match_regex_rule(match_state *ms, const rule *r, const source *s, finding_list *out)
{
    if (r->n_kw == 0) {
        run_window(ms, r, s, 0, s->len, NULL, out);
        return;
    }
    keyword_windows(ms, r, s);
    const byte_range *w = ms->windows.items;
    size_t off = 0;
    for (size_t i = 0; i < ms->windows.len;) {
        size_t from = w[i].start, limit = w[i].end;
        for (i++; i < ms->windows.len && w[i].start <= limit + 1; i++) /* overlapping: merge */
            if (w[i].end > limit) limit = w[i].end;
        off = run_window(ms, r, s, off > from ? off : from, limit, ms->mctx, out);
    }
}

void match_path_rule(match_state *ms, const rule *r, const source *s, finding_list *out)
{
    if (!match_any_glob(&r->paths, s->path)) return;
    if (r->exclude.len && match_any_glob(&r->exclude, s->path)) return;
    if (!match_file_conditions_ok(ms, r, s)) return;
    if (!r->re) {
        match_hit h = {0, 0, 0, 0, true};
        match_emit(r, s, &h, out, NULL);
        return;
    }
    if (pcre2_match(r->re, (PCRE2_SPTR)s->text, s->len, 0, 0, ms->md, NULL) < 0) return;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ms->md);
    match_hit h = {ov[0], ov[1], ov[0], ov[1], false};
    match_emit(r, s, &h, out, NULL);
}
