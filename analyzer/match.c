/* match: per-worker state, rule dispatch per file, package rules. */
#include <stdlib.h>
#include <string.h>

#include "match_impl.h"
#include "notebook.h"

match_state *match_state_new(const ruleset *rs)
{
    match_state *ms = xcalloc(1, sizeof *ms);
    ms->rs = rs;
    ms->cursor = ts_query_cursor_new();
    ms->active = xcalloc(rs->rules.len + 1, 1);
    ms->md = pcre2_match_data_create(rs->max_ovector, NULL);
    ms->mctx = pcre2_match_context_create(NULL);
    ms->limits = pcre2_match_context_create(NULL);
    /* every regex rule search runs within these, keyword windows (mctx) too */
    for (int i = 0; i < 2; i++) {
        pcre2_match_context *c = i ? ms->limits : ms->mctx;
        pcre2_set_match_limit(c, BOUNDS_REGEX_MATCH_LIMIT);
        pcre2_set_depth_limit(c, BOUNDS_REGEX_DEPTH_LIMIT);
        pcre2_set_heap_limit(c, BOUNDS_REGEX_HEAP_LIMIT_KIB);
    }
    uint32_t nk = prefilter_count(rs->pf);
    ms->by_id = xcalloc(nk + 2, sizeof *ms->by_id);
    ms->seen = xcalloc(nk ? nk : 1, 1);
    ms->live_word = xcalloc(nk + 1, 1);
    ms->redact = redact_map_new();
    return ms;
}

void match_state_free(match_state *ms)
{
    if (!ms) return;
    ts_query_cursor_delete(ms->cursor);
    free(ms->active);
    pcre2_match_data_free(ms->md);
    pcre2_match_context_free(ms->mctx);
    pcre2_match_context_free(ms->limits);
    bounds_notes_free(&ms->notes);
    free(ms->by_id);
    free(ms->word_ends);
    VEC_FREE(&ms->windows);
    free(ms->seen);
    free(ms->live_word);
    free(ms->gate_live);
    VEC_FREE(&ms->live_at);
    VEC_FREE(&ms->hits);
    VEC_FREE(&ms->words);
    VEC_FREE(&ms->secrets);
    redact_map_free(ms->redact);
    free(ms);
}

/* One keyword scan per file: match_needs_tree scans, and the match_file call that
 * follows for the same source reuses it. The memo is dropped after that call, since a
 * later file may be loaded at the same address. */
static bool on_word(void *ctx, uint32_t id, size_t end)
{
    match_state *ms = ctx;
    ms->seen[id] = 1;
    if (ms->rs->positional[id]) {
        word_at w = {id, (uint32_t)end};
        VEC_PUSH(&ms->words, w);
    }
    return true;
}

/* Groups the word offsets by keyword (a counting sort), for regex keyword windows. */
static void index_words(match_state *ms)
{
    uint32_t nk = prefilter_count(ms->rs->pf);
    memset(ms->by_id, 0, (nk + 2) * sizeof *ms->by_id);
    for (size_t i = 0; i < ms->words.len; i++) ms->by_id[ms->words.items[i].id + 2]++;
    for (uint32_t id = 0; id < nk; id++) ms->by_id[id + 2] += ms->by_id[id + 1];
    ms->word_ends = xrealloc(ms->word_ends, (ms->words.len + 1) * sizeof *ms->word_ends);
    for (size_t i = 0; i < ms->words.len; i++)
        ms->word_ends[ms->by_id[ms->words.items[i].id + 1]++] = ms->words.items[i].end;
}

static void scan_keywords(match_state *ms, const source *s)
{
    uint32_t nk = prefilter_count(ms->rs->pf);
    memset(ms->seen, 0, nk ? nk : 1);
    ms->words.len = 0;
    prefilter_scan(ms->rs->pf, s->text, s->len, on_word, ms);
    index_words(ms);
}

static bool scanned(const match_state *ms, const source *s)
{
    return ms->seen_for == s && ms->seen_text == s->text && ms->seen_len == s->len;
}

bool match_any_glob(const glob_list *globs, const char *path)
{
    if (!globs->len) return false;
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    for (size_t i = 0; i < globs->len; i++)
        if (rules_glob_match(&globs->items[i], path, n, base, n - (size_t)(base - path))) return true;
    return false;
}

/* A notebook's code text is Python (notebook.h): rules for *.py apply to it too. */
static bool globs_match(const glob_list *globs, const source *s)
{
    if (match_any_glob(globs, s->path)) return true;
    if (s->lang != LANG_PYTHON || !notebook_is_path(s->path)) return false;
    buf py = {0};
    buf_printf(&py, "%s.py", s->path);
    bool hit = match_any_glob(globs, py.data);
    buf_free(&py);
    return hit;
}

bool match_rule_applies(const rule *r, const source *s)
{
    if (r->has_langs && !r->langs[s->lang]) return false;
    if (r->files.len && !globs_match(&r->files, s)) return false;
    if (r->exclude.len && globs_match(&r->exclude, s)) return false;
    return true;
}

bool match_keywords_ok(const match_state *ms, const rule *r)
{
    if (r->n_kw == 0) return true;
    for (size_t i = 0; i < r->n_kw; i++)
        if (ms->seen[r->kw_ids[i]]) return true;
    return false;
}

/* Whether re matches somewhere in s; a search stopped by a PCRE2 limit counts as no
 * match, and is noted. */
static bool file_has(match_state *ms, const rule *r, const char *key, const pcre2_code *re, const source *s)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s->text, s->len, 0, 0, ms->md, ms->limits);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
        bounds_note_once(&ms->notes, "rule %s: its %s regex hit a PCRE2 limit on this file and was taken as not "
                         "matching", r->id, key);
    return rc >= 0;
}

bool match_file_conditions_ok(match_state *ms, const rule *r, const source *s)
{
    if (r->file_contains && !file_has(ms, r, "file_contains", r->file_contains, s)) return false;
    if (r->file_not_contains && file_has(ms, r, "file_not_contains", r->file_not_contains, s)) return false;
    return true;
}

/* Marks the query rules that run on s; true when there is any. */
static bool mark_active(match_state *ms, const source *s)
{
    const rule_list *rl = &ms->rs->rules;
    bool any = false;
    for (size_t i = 0; i < rl->len; i++) {
        const rule *r = &rl->items[i];
        ms->active[i] = r->kind == RULE_QUERY && r->langs[s->lang] && match_keywords_ok(ms, r) &&
                        match_rule_applies(r, s) && match_file_conditions_ok(ms, r, s);
        any |= ms->active[i];
    }
    return any;
}

static bool has_query(const match_state *ms, const source *s)
{
    return s->lang > LANG_NONE && s->lang < LANG_COUNT && ms->rs->lq[s->lang].q;
}

bool match_needs_tree(match_state *ms, const source *s)
{
    if (!has_query(ms, s)) return false;
    scan_keywords(ms, s);
    ms->seen_for = s;
    ms->seen_text = s->text;
    ms->seen_len = s->len;
    ms->any_active = mark_active(ms, s);
    return ms->any_active;
}

void match_set_deadline(match_state *ms, uint64_t deadline)
{
    ms->deadline = deadline;
}

void match_take_notes(match_state *ms, bounds_notes *out)
{
    bounds_notes_move(out, &ms->notes);
}

/* Path and regex rules (secrets_only: the secret regex rules alone). */
static void match_text_rules(match_state *ms, const source *s, finding_list *out, bool secrets_only)
{
    const rule_list *rl = &ms->rs->rules;
    /* Fallback secret rules run second, so that they see every secret the specific
     * rules found and report only secrets nobody else did (fallback: regex rules only). */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < rl->len; i++) {
            const rule *r = &rl->items[i];
            /* On a binary or minified file only the secret regexes and the path rules run: a
             * committed database or dump is still a file whose path and content can be judged. */
            if (r->fallback != (pass == 1) ||
                (secrets_only && !(r->kind == RULE_REGEX && r->secret) && r->kind != RULE_PATH)) continue;
            if (r->kind == RULE_PATH) match_path_rule(ms, r, s, out);
            else if (r->kind == RULE_REGEX && match_keywords_ok(ms, r) && match_rule_applies(r, s) &&
                     match_file_conditions_ok(ms, r, s))
                match_regex_rule(ms, r, s, out);
        }
    }
}

/* The secrets the rules found in s, as the file's redaction map (match_file_secrets). */
static void seal_secrets(match_state *ms, const source *s)
{
    redact_map_reset(ms->redact, s->text, s->len);
    for (size_t i = 0; i < ms->secrets.len; i++)
        redact_map_add_range(ms->redact, ms->secrets.items[i].start, ms->secrets.items[i].end);
    redact_map_seal(ms->redact);
}

void match_file(match_state *ms, const source *s, const TSTree *tree, finding_list *out)
{
    size_t first = out->len;
    ms->secrets.len = 0;
    ms->timed_out = false;
    /* after match_needs_tree on s, its keyword scan and active query rules hold */
    bool marked = scanned(ms, s);
    if (!marked) scan_keywords(ms, s);
    ms->seen_for = NULL;
    match_text_rules(ms, s, out, false);
    if (tree && has_query(ms, s) && (marked ? ms->any_active : mark_active(ms, s))) match_queries(ms, s, tree, out);
    seal_secrets(ms, s);
    match_finish(s, out, first, ms->redact);
}

const redact_map *match_file_secrets(const match_state *ms)
{
    return ms->redact;
}

/* The secret rules over text[off, off + len) as a line of path; the secrets' ranges
 * (offsets in text) are appended to found. */
static void secrets_in(match_state *ms, const char *path, const char *text, size_t off, size_t len,
                       range_list *found)
{
    source s;
    source_init_text(&s, path, LANG_NONE, text + off, len);
    ms->secrets.len = 0;
    scan_keywords(ms, &s);
    ms->seen_for = NULL;
    finding_list unused = {0};
    const rule_list *rl = &ms->rs->rules;
    for (int pass = 0; pass < 2; pass++) /* fallback rules second, as in match_file */
        for (size_t i = 0; i < rl->len; i++) {
            const rule *r = &rl->items[i];
            if (r->kind != RULE_REGEX || !r->secret || r->fallback != (pass == 1)) continue;
            if (match_keywords_ok(ms, r) && match_rule_applies(r, &s) && match_file_conditions_ok(ms, r, &s))
                match_regex_rule(ms, r, &s, &unused);
        }
    finding_list_free(&unused);
    for (size_t i = 0; i < ms->secrets.len; i++) {
        byte_range br = {(uint32_t)(ms->secrets.items[i].start + off), (uint32_t)(ms->secrets.items[i].end + off)};
        VEC_PUSH(found, br);
    }
    ms->secrets.len = 0;
    source_free(&s);
}

char *match_redact_text(match_state *ms, const char *path, const char *text, redact_map *found)
{
    size_t len = strlen(text);
    if (len > UINT32_MAX) return NULL;
    range_list ranges = {0};
    secrets_in(ms, path ? path : "", text, 0, len, &ranges);
    /* a quoted piece (a message quoting a line: invalid requirement '...') also as a
     * line of its own, since the quotes can hide a secret's context */
    for (const char *q = "'\"`"; *q; q++)
        for (const char *a = strchr(text, *q), *b; a && (b = strchr(a + 1, *q)); a = strchr(b + 1, *q))
            if (b > a + 1) secrets_in(ms, path ? path : "", text, (size_t)(a + 1 - text), (size_t)(b - a - 1), &ranges);
    char *out = NULL;
    if (ranges.len) {
        redact_map_reset(ms->redact, text, len);
        for (size_t i = 0; i < ranges.len; i++)
            redact_map_add_range(ms->redact, ranges.items[i].start, ranges.items[i].end);
        redact_map_seal(ms->redact);
        buf b = {0};
        redact_append(ms->redact, text, len, 0, len, &b);
        out = buf_take(&b);
        redact_map_merge(found, ms->redact);
        redact_map_reset(ms->redact, NULL, 0);
    }
    VEC_FREE(&ranges);
    return out;
}

void match_file_secret_rules(match_state *ms, const source *s, finding_list *out)
{
    size_t first = out->len;
    ms->secrets.len = 0;
    scan_keywords(ms, s);
    ms->seen_for = NULL;
    match_text_rules(ms, s, out, true);
    seal_secrets(ms, s);
    match_finish(s, out, first, ms->redact);
}

/* --- test paths ------------------------------------------------------------------ */

static bool seg_is_test_dir(const char *seg, size_t n)
{
    static const char *const dirs[] = {"test", "tests", "__tests__", "__mocks__", "spec", "specs",
                                       "fixtures", "fixture", "testdata", "test_data", "cassettes", NULL};
    for (const char *const *d = dirs; *d; d++)
        if (strlen(*d) == n && memcmp(*d, seg, n) == 0) return true;
    return false;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* test_*.py, *_test.py, conftest.py, *.test.*, *.spec.* */
static bool base_is_test_file(const char *b)
{
    if (ends_with(b, ".py") && (!strncmp(b, "test_", 5) || ends_with(b, "_test.py") ||
                                !strcmp(b, "conftest.py")))
        return true;
    return strstr(b, ".test.") || strstr(b, ".spec.");
}

bool match_is_test_path(const char *path)
{
    const char *seg = path;
    for (const char *p = path;; p++) {
        if (*p == '/' || *p == '\0') {
            if (*p == '/' && seg_is_test_dir(seg, (size_t)(p - seg))) return true;
            if (*p == '\0') return base_is_test_file(seg);
            seg = p + 1;
        }
    }
}

/* --- packages -------------------------------------------------------------------- */

/* `*` in a rule's package name matches any run of characters. */
static bool name_match(const char *pat, const char *name)
{
    if (*pat == '\0') return *name == '\0';
    if (*pat == '*') {
        for (const char *n = name;; n++) {
            if (name_match(pat + 1, n)) return true;
            if (!*n) return false;
        }
    }
    return *pat == *name && name_match(pat + 1, name + 1);
}

static bool version_hits(const rule *r, const dependency *d, bool pypi)
{
    if (r->versions.len == 0) return true;
    char *v = rules_dep_version(d->resolved, d->spec, pypi);
    bool hit = v && rules_version_in(&r->versions, v);
    free(v);
    return hit;
}

static bool package_rule_hits(const rule *r, const dependency *d)
{
    if (r->ecosystem && strcmp(r->ecosystem, d->ecosystem)) return false;
    bool pypi = !strcmp(d->ecosystem, "pypi");
    if (!version_hits(r, d, pypi)) return false;
    for (size_t i = 0; i < r->packages.len; i++) {
        if (!pypi) {
            if (name_match(r->packages.items[i], d->name)) return true;
            continue;
        }
        char *a = xstrdup(r->packages.items[i]), *b = xstrdup(d->name);
        rules_normalize_pypi(a);
        rules_normalize_pypi(b);
        bool hit = name_match(a, b);
        free(a);
        free(b);
        if (hit) return true;
    }
    return false;
}

static void emit_package(const rule *r, const dependency *d, finding_list *out)
{
    /* a one-line source "name spec" stands in for the manifest line */
    buf text = {0};
    buf_printf(&text, "%s%s%s", d->name, d->spec && *d->spec ? " " : "", d->spec ? d->spec : "");
    source s;
    source_init_text(&s, d->file ? d->file : "", LANG_NONE, text.data, text.len);
    match_hit h = {0, strlen(d->name), 0, strlen(d->name), false};
    size_t at = out->len;
    match_emit(r, &s, &h, out, NULL);
    finding *f = &out->items[at];
    f->snippet = xstrdup(text.data);
    f->line = d->line;
    f->end_line = d->line;
    f->column = d->line ? 1 : 0;
    f->end_column = f->column;
    source_free(&s);
    buf_free(&text);
}

void match_packages(const ruleset *rs, const dependency *deps, size_t n, finding_list *out)
{
    size_t first = out->len;
    for (size_t i = 0; i < rs->rules.len; i++) {
        const rule *r = &rs->rules.items[i];
        if (r->kind != RULE_PACKAGE) continue;
        for (size_t k = 0; k < n; k++)
            if (package_rule_hits(r, &deps[k])) emit_package(r, &deps[k], out);
    }
    match_finish(NULL, out, first, NULL);
}
