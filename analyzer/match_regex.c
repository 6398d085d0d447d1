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

void match_regex_rule(match_state *ms, const rule *r, const source *s, finding_list *out)
{
    size_t off = 0;
    while (off <= s->len) {
        int rc = pcre2_match(r->re, (PCRE2_SPTR)s->text, s->len, off, 0, ms->md, NULL);
        if (rc < 0) break; /* no match, or a match limit: either way, stop */
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ms->md);
        size_t end = ov[1], start = ov[0];
        consider(ms, r, s, out);
        off = end > start ? end : end + 1;
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
