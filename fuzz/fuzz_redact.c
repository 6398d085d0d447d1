/* fuzz_redact: snippets and secret redaction as a scan does them (match_emit.c:
 * match_finish and the snippet of each finding; redact.c; scan_redact.c: the pass over the
 * whole result).
 *
 * Input: named files (fuzz_util.h).
 *   1st file  PATH and TEXT: analysed as analyze.c analyses a file of a repository — the
 *             shipped rules (regex, path and query rules: every secret rule), then with
 *             the secrets they found sealed into the file's map (source.secrets) the
 *             model-call stage, the repository stage of the calls (calls_finish) and, for
 *             a CI configuration, the CI stage; last, as scan.c ends a scan, scan_redact
 *             over the findings and calls with the values of those secrets. The path's
 *             name decides its language and class (classify_path); empty means ".env".
 *   2nd file  optional, its path is ignored; lines "S START LEN" add a secret at byte
 *             START of TEXT, lines "F LINE COL" a finding at that line and column (both
 *             clamped into TEXT), and match_finish builds their snippets directly. This
 *             reaches layouts the rules seldom produce: long secrets on long lines,
 *             overlapping and repeated secrets, findings far to the right of a secret.
 *
 * The check (the reason for this harness): no snippet of a finding (of any stage) or of a
 * model-call record holds the text of a secret of its file outside the redaction
 * markers. Secrets shorter than 6 bytes are exempt, since their echoes elsewhere in a
 * line are not redacted (REDACT_MIN_ECHO). Messages are not checked: a rule's message is
 * its own fixed text, which a short secret (a compose file's password "assword") may
 * happen to occur in.
 *
 * F12 of the robustness report (a model-call record's snippet and a CI finding's snippet
 * showed a key of their line) was found by an earlier version of this harness that ran
 * those stages without the file's map and without the scan's last pass; its reproducers
 * under fuzz/regressions/redact/ now guard the fix. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calls.h"
#include "ci.h"
#include "classify.h"
#include "fuzz_util.h"
#include "match_impl.h"
#include "parse.h"
#include "redact.h"
#include "scan.h"
#include "scan_redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

enum { MIN_SECRET = 6, MAX_LAYOUT = 16 };

static ruleset *rules;
static calls_catalog *catalog;
static match_state *ms;
static parser_set *parsers;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    const char *dirs[] = {fz_rules_dir()};
    char *err = NULL;
    rules = rules_load(dirs, 1, NULL, &err);
    if (!rules) { fprintf(stderr, "fuzz_redact: %s\n", err); abort(); }
    ms = match_state_new(rules);
    char *sdks = malloc(strlen(fz_rules_dir()) + 8);
    sprintf(sdks, "%s/sdks", fz_rules_dir());
    catalog = calls_catalog_load(sdks, &err);
    if (!catalog) { fprintf(stderr, "fuzz_redact: %s\n", err); abort(); }
    free(sdks);
    parsers = parse_new();
    return 0;
}

/* --- the check ----------------------------------------------------------------------- */

static const char ELLIPSIS[] = "\xe2\x80\xa6";
static const char MARK[] = "\xe2\x80\xa6[redacted sha256:";

/* The end of the marker (or clipping ellipsis) that starts at s[i], or i when none does. */
static size_t marker_end(const char *s, size_t n, size_t i)
{
    size_t m = sizeof MARK - 1;
    if (i + m + 9 <= n && !memcmp(s + i, MARK, m) && s[i + m + 8] == ']') return i + m + 9;
    if (i + 3 <= n && !memcmp(s + i, ELLIPSIS, 3)) return i + 3;
    return i;
}

/* Whether secret[0..k) occurs in text outside every marker. */
static bool shows(const char *text, const char *secret, size_t k)
{
    if (!text) return false;
    size_t n = strlen(text);
    /* marked[i]: text[i] belongs to a marker */
    char *marked = calloc(n + 1, 1);
    for (size_t i = 0; i < n;) {
        size_t e = marker_end(text, n, i);
        if (e == i) { i++; continue; }
        memset(marked + i, 1, e - i);
        i = e;
    }
    bool hit = false;
    for (size_t i = 0; !hit && i + k <= n; i++) {
        if (memcmp(text + i, secret, k)) continue;
        hit = !memchr(marked + i, 1, k);
    }
    free(marked);
    return hit;
}

static void check_text(const char *what, const char *text, const source *s, const range_list *secrets)
{
    for (size_t i = 0; i < secrets->len; i++) {
        const byte_range *r = &secrets->items[i];
        size_t k = r->end - r->start;
        if (k < MIN_SECRET || !shows(text, s->text + r->start, k)) continue;
        fprintf(stderr, "fuzz_redact: secret [%u, %u) of %s shows in a %s: %s\n", r->start, r->end, s->path, what, text);
        abort();
    }
}

static void check_findings(const finding_list *fl, size_t first, const source *s, const range_list *secrets)
{
    for (size_t i = first; i < fl->len; i++) check_text("snippet", fl->items[i].snippet, s, secrets);
}

/* --- 1st file: a file of a scan ---------------------------------------------------- */

/* The file's stages in analyze_file's order: the rules, then with the file's map set the
 * model calls and, for a CI configuration, the CI checks. */
static calls_file *file_stages(source *s, finding_list *fl)
{
    TSTree *tree = s->cls == CLASS_CODE ? parse_source(parsers, s) : NULL;
    match_file(ms, s, tree, fl);
    s->secrets = match_file_secrets(ms);
    calls_file *cf = s->cls == CLASS_CODE ? calls_analyze(catalog, s, tree) : calls_analyze_text(catalog, s);
    if (tree) ts_tree_delete(tree);
    if (ci_is_config(s->path)) ci_analyze(s, fl);
    return cf;
}

/* The repository stage of the calls, then scan.c's last pass over the result: every
 * string redacted with the values of the scan's secrets (here those of the one file). */
static void repository_stage(calls_file *cf, const source *s, scan_result *r)
{
    calls_finish(catalog, &cf, 1, &r->calls, &r->findings);
    redact_map *values = redact_map_new();
    redact_map_merge(values, s->secrets);
    scan_redact(r, values, rules);
    redact_map_free(values);
}

static void scan_like_a_scan(source *s)
{
    scan_result r = {0};
    calls_file *cf = file_stages(s, &r.findings);
    repository_stage(cf, s, &r);
    check_findings(&r.findings, 0, s, &ms->secrets);
    for (size_t i = 0; i < r.calls.len; i++) check_text("model-call snippet", r.calls.items[i].snippet, s, &ms->secrets);
    calls_file_free(cf);
    s->secrets = NULL;
    scan_result_free(&r);
}

/* --- 2nd file: a layout given directly ------------------------------------------------ */

static finding blank_finding(const source *s, uint32_t line, uint32_t col)
{
    finding f = {0};
    f.rule = strdup("fuzz.layout");
    f.message = strdup("layout");
    f.file = strdup(s->path);
    f.fingerprint = strdup("0");
    f.line = f.end_line = line;
    f.column = f.end_column = col;
    return f;
}

static void parse_layout(const source *s, char *spec, range_list *secrets, finding_list *fl)
{
    for (char *line = strtok(spec, "\n"); line && secrets->len + fl->len < MAX_LAYOUT; line = strtok(NULL, "\n")) {
        unsigned long a, b;
        char kind;
        if (sscanf(line, "%c %lu %lu", &kind, &a, &b) != 3) continue;
        if (kind == 'S' && s->len > 0) {
            a %= s->len;
            b = a + (b % (s->len - a)) + 1;
            byte_range r = {(uint32_t)a, (uint32_t)b};
            VEC_PUSH(secrets, r);
        } else if (kind == 'F') {
            uint32_t n = (uint32_t)(1 + a % s->n_lines);
            size_t len;
            source_line_text(s, n, &len);
            VEC_PUSH(fl, blank_finding(s, n, (uint32_t)(1 + b % (len + 1))));
        }
    }
}

static void snippets_of_layout(const source *s, char *spec)
{
    range_list secrets = {0};
    finding_list fl = {0};
    parse_layout(s, spec, &secrets, &fl);
    redact_map *map = redact_map_new();
    redact_map_reset(map, s->text, s->len);
    for (size_t i = 0; i < secrets.len; i++) redact_map_add_range(map, secrets.items[i].start, secrets.items[i].end);
    redact_map_seal(map);
    match_finish(s, &fl, 0, map);
    check_findings(&fl, 0, s, &secrets);
    redact_map_free(map);
    finding_list_free(&fl);
    VEC_FREE(&secrets);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_files fs;
    fz_files_split(data, size, &fs);
    const char *path = *fs.f[0].path ? fs.f[0].path : ".env";
    file_kind k = classify_path(path);
    source s;
    source_init_text(&s, path, k.lang, fs.f[0].text, fs.f[0].len);
    s.cls = k.cls;
    scan_like_a_scan(&s);
    if (fs.n > 1) snippets_of_layout(&s, fs.f[1].text);
    source_free(&s);
    fz_files_free(&fs);
    return 0;
}
