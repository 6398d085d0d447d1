/* match_regex: regex rules (keywords, entropy floor, allow list, secrets) and path
 * rules (glob, optional contains). */
#include <string.h>
#include <strings.h>

#include "match_impl.h"

static bool allowed(match_state *ms, const rule *r, const char *text, size_t n)
{
    for (size_t i = 0; i < r->allow.len; i++)
        if (pcre2_match(r->allow.items[i], (PCRE2_SPTR)text, n, 0, 0, ms->md, ms->limits) >= 0) return true;
    return false;
}

/* A secret some other rule already reported overlaps [start, end). */
static bool overlaps_secret(const match_state *ms, size_t start, size_t end)
{
    for (size_t i = 0; i < ms->secrets.len; i++)
        if (start < ms->secrets.items[i].end && ms->secrets.items[i].start < end) return true;
    return false;
}

/* A value that starts with a prefix a provider rule owns (owns_prefixes) is that rule's:
 * when it did not match there, the value is a malformed look-alike of the provider's
 * format (a wrong length or alphabet: a test value, a cut copy), and a fallback rule does
 * not report it as a generic credential either. Case-insensitive, as keywords are. */
static bool owned_by_provider(const ruleset *rs, const char *v, size_t n)
{
    for (size_t i = 0; i < rs->owned_prefixes.len; i++) {
        const char *p = rs->owned_prefixes.items[i];
        size_t pl = strlen(p);
        if (pl < n && strncasecmp(v, p, pl) == 0) return true;
    }
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
    if (r->fallback && owned_by_provider(ms->rs, g, ge - gs)) return;
    if (r->entropy > 0 && match_entropy(g, ge - gs) < r->entropy) return;
    if (r->allow.len && allowed(ms, r, g, ge - gs)) return; /* clobbers ms->md: last use */
    match_hit h = {gs, ge, gs, ge, false};
    match_emit(r, s, &h, out, &ms->secrets);
}

/* A search of one rule that PCRE2 stopped at a limit (match, depth, heap, JIT stack). */
static bool is_limit_error(int rc)
{
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
           rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

/* Limits one rule reached in one file, reported once (F19: never silently). */
typedef struct limit_hits {
    unsigned n;
    int rc;                 /* the first error */
    uint32_t first_line;
    bool gave_up;           /* BOUNDS_REGEX_LIMIT_HITS reached: the rest of the file skipped */
    uint32_t stop_line;
    size_t first;           /* the rule's first finding in out */
    bool full;              /* BOUNDS_FINDINGS_PER_FILE findings: the rule stopped there */
} limit_hits;

static size_t line_end(const source *s, size_t off)
{
    const char *nl = memchr(s->text + off, '\n', s->len - off);
    return nl ? (size_t)(nl - s->text) : s->len;
}

/* Reports every match starting in [off, limit]; returns where the next search starts.
 * A search that PCRE2 stops at a limit is retried line by line (starts limited to one
 * line at a time) to find the line that costs too much; that line is skipped and noted,
 * and the search goes on after it. */
static size_t run_window(match_state *ms, const rule *r, const source *s, size_t off, size_t limit,
                         limit_hits *lh, finding_list *out)
{
    bool per_line = false;
    while (off <= limit && !lh->gave_up) {
        size_t stop = per_line ? line_end(s, off) : limit;
        if (stop > limit) stop = limit;
        pcre2_set_offset_limit(ms->mctx, stop);
        int rc = pcre2_match(r->re, (PCRE2_SPTR)s->text, s->len, off, 0, ms->md, ms->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            if (!per_line || stop >= limit) break;
            off = stop + 1; /* the next line */
            continue;
        }
        if (rc < 0 && is_limit_error(rc) && !per_line) {
            per_line = true; /* find the line */
            continue;
        }
        if (rc < 0) {
            if (lh->n++ == 0) { lh->rc = rc; lh->first_line = source_line_of(s, off); }
            if (!is_limit_error(rc) || lh->n >= BOUNDS_REGEX_LIMIT_HITS) {
                lh->gave_up = true;
                lh->stop_line = source_line_of(s, off);
                break;
            }
            off = line_end(s, off) + 1;
            per_line = false;
            continue;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ms->md);
        size_t end = ov[1], start = ov[0];
        consider(ms, r, s, out);
        off = end > start ? end : end + 1;
        /* Enough of one rule; a secret rule goes on, since every secret of the file is
         * redacted from every snippet (the extra findings are dropped by analyze.c). */
        if (!r->secret && out->len - lh->first >= BOUNDS_FINDINGS_PER_FILE) {
            lh->full = true;
            lh->stop_line = source_line_of(s, start);
            lh->gave_up = true;
        }
    }
    return off;
}

static void note_limits(match_state *ms, const rule *r, const limit_hits *lh)
{
    if (lh->full)
        bounds_note(&ms->notes, "rule %s: stopped at line %u after %d findings in this file", r->id, lh->stop_line,
                    BOUNDS_FINDINGS_PER_FILE);
    if (lh->n == 0) return;
    PCRE2_UCHAR why[128];
    if (pcre2_get_error_message(lh->rc, why, sizeof why) < 0) memcpy(why, "error", 6);
    if (lh->gave_up && !lh->full)
        bounds_note(&ms->notes, "rule %s: the regex search failed %u time(s) (%s, first at line %u); the rule "
                    "stopped at line %u and the rest of the file was not searched", r->id, lh->n,
                    (const char *)why, lh->first_line, lh->stop_line);
    else
        bounds_note(&ms->notes, "rule %s: the regex search hit a PCRE2 limit %u time(s) (%s, first at line %u); "
                    "matches starting on those lines were not looked for", r->id, lh->n, (const char *)why,
                    lh->first_line);
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
 * within KEYWORD_REACH bytes of it, before or after; for a keyword_line rule, its own line
 * up to the keyword (a credential-named setting: the name holds the keyword, and a
 * match starts at the name). Sorted by start. */
static void keyword_windows(match_state *ms, const rule *r, const source *s)
{
    ms->windows.len = 0;
    for (size_t k = 0; k < r->n_kw; k++) {
        uint32_t id = r->kw_ids[k];
        size_t len = prefilter_len(ms->rs->pf, id);
        for (uint32_t j = ms->by_id[id]; j < ms->by_id[id + 1]; j++) {
            size_t at = ms->word_ends[j] - len;
            if (r->keyword_line) {
                byte_range w = {s->line_starts[source_line_of(s, at) - 1], (uint32_t)at};
                VEC_PUSH(&ms->windows, w);
                continue;
            }
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
    limit_hits lh = {.first = out->len};
    if (r->n_kw == 0) {
        run_window(ms, r, s, 0, s->len, &lh, out);
        note_limits(ms, r, &lh);
        return;
    }
    keyword_windows(ms, r, s);
    const byte_range *w = ms->windows.items;
    size_t off = 0;
    for (size_t i = 0; i < ms->windows.len && !lh.gave_up;) {
        size_t from = w[i].start, limit = w[i].end;
        for (i++; i < ms->windows.len && w[i].start <= limit + 1; i++) /* overlapping: merge */
            if (w[i].end > limit) limit = w[i].end;
        off = run_window(ms, r, s, off > from ? off : from, limit, &lh, out);
    }
    note_limits(ms, r, &lh);
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
    if (pcre2_match(r->re, (PCRE2_SPTR)s->text, s->len, 0, 0, ms->md, ms->limits) < 0) return;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ms->md);
    match_hit h = {ov[0], ov[1], ov[0], ov[1], false};
    match_emit(r, s, &h, out, NULL);
}
