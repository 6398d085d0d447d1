#include "analyze.h"

#include <stdlib.h>
#include <string.h>

#include "ci.h"
#include "match.h"
#include "parse.h"
#include "redact.h"
#include "provenance.h"

struct analyze_worker {
    const analyze_ctx *ctx;
    parser_set *parsers;
    match_state *match;
};

analyze_worker *analyze_worker_new(const analyze_ctx *ctx)
{
    analyze_worker *w = xcalloc(1, sizeof *w);
    w->ctx = ctx;
    w->parsers = parse_new();
    w->match = ctx->rules ? match_state_new(ctx->rules) : NULL;
    return w;
}

void analyze_worker_free(analyze_worker *w)
{
    if (!w) return;
    parse_free(w->parsers);
    if (w->match) match_state_free(w->match);
    free(w);
}

/* The first line tree-sitter marked as an error or missing node, for the report. A loop,
 * not recursion: the path down to the error may be as deep as the file is nested. */
static uint32_t first_error_line(TSNode node)
{
    for (;;) {
        if (ts_node_is_error(node) || ts_node_is_missing(node)) break;
        uint32_t n = ts_node_child_count(node);
        bool down = false;
        for (uint32_t i = 0; i < n && !down; i++) {
            TSNode child = ts_node_child(node, i);
            if (ts_node_has_error(child)) { node = child; down = true; }
        }
        if (!down) break;
    }
    return ts_node_start_point(node).row + 1;
}

/* Says why a file that some stage needed parsed has no tree. */
static void note_unparsed(const analyze_worker *w, parse_status st, file_result *out)
{
    if (st == PARSE_TOO_DEEP)
        bounds_note(&out->notes, "not parsed: nested more than %d indentation levels deep; query rules and "
                    "the model-call analysis did not run on this file, regex rules did", BOUNDS_PY_MAX_INDENT);
    else if (st == PARSE_TIMEOUT)
        bounds_note(&out->notes, "parsing stopped at the per-file time limit of %u ms (--file-timeout); query "
                    "rules and the model-call analysis did not run on this file, regex rules did",
                    w->ctx->file_timeout_ms);
    else
        out->error = xstrdup("tree-sitter could not parse the file");
}

/* Parses a code file when some stage needs its tree; NULL otherwise. */
static TSTree *parse_stage(analyze_worker *w, const source *src, uint64_t deadline, file_result *out)
{
    /* Without rules (pipeline tests) every code file is parsed, to count syntax errors. */
    if (src->cls != CLASS_CODE) return NULL;
    bool for_calls = w->ctx->calls && calls_wants_tree(src);
    bool for_rules = !w->match || match_needs_tree(w->match, src);
    if (!for_calls && !for_rules) return NULL;
    parse_status st;
    uint32_t levels;
    TSTree *tree = parse_source_until(w->parsers, src, deadline, &st, &levels);
    if (!tree) {
        note_unparsed(w, st, out);
        return NULL;
    }
    out->parsed = true;
    if (parse_has_error(tree)) {
        out->syntax_error = true;
        out->syntax_error_line = first_error_line(ts_tree_root_node(tree));
    }
    return tree;
}

/* Every later stage cuts its quotes of the file with the secrets the rule pass found
 * (src->secrets); their values go on to the repository stage, which redacts them in
 * every string of the result (scan_redact.h). */
static void keep_secrets(source *src, const redact_map *found, file_result *out)
{
    if (!redact_map_size(found)) return;
    src->secrets = found;
    out->secrets = redact_map_new();
    redact_map_merge(out->secrets, found);
}

/* A file skipped as binary or minified is not parsed or analysed, but the secret rules
 * (regexes, no parse) still run on it: a key in a bundle or beside a NUL byte is a key. */
static void secrets_only(analyze_worker *w, source *src, file_result *out)
{
    if (!w->match) return;
    match_file_secret_rules(w->match, src, &out->findings);
    keep_secrets(src, match_file_secrets(w->match), out);
    if (!w->ctx->no_suppress) suppress_apply(src, &out->findings, &out->suppressed, &out->findings);
}

/* Stamps each finding of this file with the provenance of its place (a comment or
 * docstring inside code is other text), while the file's text is at hand. */
static void mark_provenance(const source *src, finding_list *fl)
{
    if (!fl->len) return;
    provenance_map *m = provenance_map_new(src->path, src->text, src->len);
    for (size_t i = 0; i < fl->len; i++) {
        finding *f = &fl->items[i];
        if (!f->prov && f->file && strcmp(f->file, src->path) == 0)
            f->prov = (uint8_t)provenance_map_at(m, f->line).kind;
    }
    provenance_map_free(m);
}

/* Rule ids a suppression comment may name: the loaded rules, and the ids the analysis
 * stages report themselves (model calls, item 32's join, CI, aiready's own). */
static bool known_rule(const char *id, const void *ctx)
{
    static const char *const stages[] = {"model-call.", "access.model-endpoint-", "ci.", "aiready.", NULL};
    for (const char *const *p = stages; *p; p++)
        if (strncmp(id, *p, strlen(*p)) == 0) return true;
    return rules_has_id(ctx, id);
}

void analyze_file(analyze_worker *w, const walk_entry *entry, file_result *out)
{
    memset(out, 0, sizeof *out);
    out->kind = entry->kind;

    source src = {0};
    src.path = entry->path;
    src.lang = entry->kind.lang;
    src.cls = entry->kind.cls;
    out->skipped = source_load(&src, w->ctx->fs, entry->path, &w->ctx->limits, &out->skip_detail);
    if (out->skipped == SKIP_BINARY || out->skipped == SKIP_MINIFIED) secrets_only(w, &src, out);
    if (out->skipped != SKIP_NONE) {
        source_free(&src);
        return;
    }
    out->bytes = src.len;
    out->kind = classify_shebang(entry->kind, src.text, src.len);
    src.lang = out->kind.lang;
    src.cls = out->kind.cls;
    out->invalid_utf8 = !src.valid_utf8;

    /* The time budget covers the tree stages (parse, query rules, call-site analysis);
     * regex rules are bounded by their own limits, so secrets are always looked for. */
    uint64_t deadline = bounds_deadline(w->ctx->file_timeout_ms);
    TSTree *tree = parse_stage(w, &src, deadline, out);
    if (w->match) {
        match_set_deadline(w->match, deadline);
        match_file(w->match, &src, tree, &out->findings);
        match_take_notes(w->match, &out->notes);
        keep_secrets(&src, match_file_secrets(w->match), out);
    }
    if (w->ctx->calls) {
        out->calls = src.cls == CLASS_CODE ? calls_analyze_until(w->ctx->calls, &src, tree, deadline)
                                           : calls_analyze_text(w->ctx->calls, &src);
        calls_file_take_notes(out->calls, &out->notes);
    }
    if (tree) ts_tree_delete(tree);
    /* after every stage that adds findings of this file */
    if (!w->ctx->no_suppress) {
        suppress_apply(&src, &out->findings, &out->suppressed, &out->findings);
        if (w->ctx->rules) suppress_check_ids(&src, known_rule, w->ctx->rules, &out->findings);
    }
    if (ci_is_config(src.path)) ci_analyze_noted(&src, &out->findings, &out->notes);
    mark_provenance(&src, &out->findings);
    if (src.cls == CLASS_MANIFEST) manifest_parse(src.path, src.text, src.len, &out->manifest);
    size_t dropped = finding_list_cap(&out->findings, 0, BOUNDS_FINDINGS_PER_FILE);
    if (dropped)
        bounds_note(&out->notes, "%zu findings not listed: the file has more than %d; the most severe were kept",
                    dropped, BOUNDS_FINDINGS_PER_FILE);
    source_free(&src);
}

void file_result_free(file_result *r)
{
    finding_list_free(&r->findings);
    manifest_result_free(&r->manifest);
    if (r->calls) calls_file_free(r->calls);
    suppression_list_free(&r->suppressed);
    redact_map_free(r->secrets);
    free(r->error);
    bounds_notes_free(&r->notes);
    memset(r, 0, sizeof *r);
}
