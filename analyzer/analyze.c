#include "analyze.h"

#include <stdlib.h>
#include <string.h>

#include "ci.h"
#include "match.h"
#include "notebook.h"
#include "offswitch.h"
#include "parse.h"
#include "provenance.h"
#include "redact.h"
#include "rule_text.h"
#include "suppress.h"

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
    if (!out->secrets) out->secrets = redact_map_new(); /* a notebook has two texts */
    redact_map_merge(out->secrets, found);
}

/* Stamps each finding of this file with the provenance of its place (a comment or
 * docstring inside code is other text), while the file's text is at hand. */
static void mark_provenance(const analyze_ctx *ctx, const source *src, finding_list *fl)
{
    if (!fl->len) return;
    bool entry = ctx->entry_points && src->path && strset_has(ctx->entry_points, src->path);
    provenance_map *m = entry ? provenance_map_new_entry(src->path, src->text, src->len)
                              : provenance_map_new(src->path, src->text, src->len);
    for (size_t i = 0; i < fl->len; i++) {
        finding *f = &fl->items[i];
        if (!f->prov && f->file && strcmp(f->file, src->path) == 0)
            f->prov = (uint8_t)provenance_map_at(m, f->line).kind;
    }
    provenance_map_free(m);
}

/* Rule ids a suppression comment may name: the loaded rules, those --only / --disable left
 * out, and the ids the analysis stages report themselves (model calls, item 32's join, CI,
 * aiready's own): rule_text.h. */
static bool known_rule(const char *id, const void *ctx)
{
    return rule_text_known(ctx, id);
}

/* The aiready-ignore comments of a text, after every stage that adds findings of it, and
 * a warning for each rule id they name that is no rule. */
static void suppress_text(analyze_worker *w, const source *src, finding_list *found, file_result *out)
{
    if (w->ctx->no_suppress) return;
    suppress_apply(src, found, &out->suppressed, found);
    if (w->ctx->rules) suppress_check_ids(src, known_rule, w->ctx->rules, found);
}

/* What every analysed text ends with: its suppressions, then the provenance of each place. */
static void finish_text(analyze_worker *w, const source *src, finding_list *found, file_result *out)
{
    suppress_text(w, src, found, out);
    mark_provenance(w->ctx, src, found);
}

/* Places the suppressions added since `first` at their notebook locations. */
static void place_suppressed(const notebook *nb, bool secrets, suppression_list *l, size_t first)
{
    for (size_t i = first; i < l->len; i++) {
        notebook_loc loc;
        if (notebook_locate(nb, secrets, l->items[i].comment_line, &loc)) l->items[i].comment_line = loc.raw_line;
        notebook_place_finding(nb, secrets, &l->items[i].finding);
    }
}

/* A notebook's code cells as a Python file: parse, rules and model calls within the
 * file's deadline, as for any code file; findings placed at their notebook locations. */
static void notebook_code_stage(analyze_worker *w, const notebook *nb, const char *path, uint64_t deadline,
                                file_result *out)
{
    bool py = notebook_is_python(nb);
    size_t n;
    const char *text = notebook_code(nb, &n);
    source code;
    source_init_text(&code, path, py ? LANG_PYTHON : LANG_NONE, text, n);
    code.cls = py ? CLASS_CODE : CLASS_NOTEBOOK;
    TSTree *tree = parse_stage(w, &code, deadline, out);
    notebook_loc loc;
    if (out->syntax_error && notebook_locate(nb, false, out->syntax_error_line, &loc))
        out->syntax_error_line = loc.raw_line;
    if (w->match) {
        match_set_deadline(w->match, deadline);
        match_file(w->match, &code, tree, &out->findings);
        match_take_notes(w->match, &out->notes);
        keep_secrets(&code, match_file_secrets(w->match), out);
    }
    if (w->ctx->calls && py) {
        out->calls = calls_analyze_until(w->ctx->calls, &code, tree, deadline);
        calls_file_take_notes(out->calls, &out->notes);
        calls_file_compact(out->calls);
    }
    if (tree) ts_tree_delete(tree);
    finish_text(w, &code, &out->findings, out);
    for (size_t i = 0; i < out->findings.len; i++) notebook_place_finding(nb, false, &out->findings.items[i]);
    place_suppressed(nb, false, &out->suppressed, 0);
    source_free(&code);
}

/* The markdown and raw cells and the stored outputs: the secret rules only. */
static void notebook_text_stage(analyze_worker *w, const notebook *nb, const char *path, file_result *out)
{
    size_t n;
    const char *text = notebook_secrets(nb, &n);
    source rest;
    source_init_text(&rest, path, LANG_NONE, text, n);
    rest.cls = CLASS_NOTEBOOK;
    finding_list found = {0};
    size_t first = out->suppressed.len;
    if (w->match) {
        match_file_secret_rules(w->match, &rest, &found);
        keep_secrets(&rest, match_file_secrets(w->match), out);
    }
    finish_text(w, &rest, &found, out);
    place_suppressed(nb, true, &out->suppressed, first);
    for (size_t i = 0; i < found.len; i++) {
        notebook_place_finding(nb, true, &found.items[i]);
        VEC_PUSH(&out->findings, found.items[i]);
    }
    free(found.items);
    source_free(&rest);
}

/* A notebook (notebook.h): the code cells are analysed as a Python file, the rest (markdown,
 * outputs) by the secret rules. Findings of the code text are placed at their notebook
 * locations here; those of the repository stage (model calls) by scan.c, with the map kept
 * in out->notebook. A malformed notebook is reported and read as plain text. One deadline
 * covers the notebook's tree stages; the secrets of both texts are redacted everywhere. */
static void analyze_notebook(analyze_worker *w, source *raw, file_result *out)
{
    uint64_t deadline = bounds_deadline(w->ctx->file_timeout_ms);
    char *err = NULL;
    notebook *nb = notebook_read(raw->path, raw->text, raw->len, &err);
    if (!nb) {
        out->error = err;
        if (w->match) {
            match_set_deadline(w->match, deadline);
            match_file(w->match, raw, NULL, &out->findings);
            match_take_notes(w->match, &out->notes);
            keep_secrets(raw, match_file_secrets(w->match), out);
        }
        finish_text(w, raw, &out->findings, out);
        return;
    }
    notebook_code_stage(w, nb, raw->path, deadline, out);
    notebook_text_stage(w, nb, raw->path, out);
    if (out->findings.len > 1) qsort(out->findings.items, out->findings.len, sizeof *out->findings.items, finding_compare);
    out->notebook = nb;
}

/* A file skipped as binary or minified is not parsed or analysed, but the secret rules
 * (regexes, no parse) still run on it: a key in a bundle or beside a NUL byte is a key. */
static void secrets_only(analyze_worker *w, source *src, file_result *out)
{
    if (!w->match) return;
    match_file_secret_rules(w->match, src, &out->findings);
    keep_secrets(src, match_file_secrets(w->match), out);
    suppress_text(w, src, &out->findings, out);
}

/* At most BOUNDS_FINDINGS_PER_FILE findings of one file, the most severe, with a note. */
static void cap_findings(file_result *out)
{
    size_t dropped = finding_list_cap(&out->findings, 0, BOUNDS_FINDINGS_PER_FILE);
    if (dropped)
        bounds_note(&out->notes, "%zu findings not listed: the file has more than %d; the most severe were kept",
                    dropped, BOUNDS_FINDINGS_PER_FILE);
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
    if (src.cls == CLASS_NOTEBOOK) {
        analyze_notebook(w, &src, out);
        cap_findings(out);
        source_free(&src);
        return;
    }

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
        calls_file_compact(out->calls);
    }
    offswitch_mark(&src, tree, &out->findings); /* while the tree is at hand */
    if (tree) ts_tree_delete(tree);
    /* after every stage that adds findings of this file */
    suppress_text(w, &src, &out->findings, out);
    if (ci_is_config(src.path)) ci_analyze_noted(&src, &out->findings, &out->notes);
    mark_provenance(w->ctx, &src, &out->findings);
    if (src.cls == CLASS_MANIFEST) manifest_parse(src.path, src.text, src.len, &out->manifest);
    cap_findings(out);
    source_free(&src);
}

void file_result_free(file_result *r)
{
    finding_list_free(&r->findings);
    manifest_result_free(&r->manifest);
    if (r->calls) calls_file_free(r->calls);
    suppression_list_free(&r->suppressed);
    redact_map_free(r->secrets);
    notebook_free(r->notebook);
    free(r->error);
    bounds_notes_free(&r->notes);
    memset(r, 0, sizeof *r);
}
