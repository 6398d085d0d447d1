#include "analyze.h"

#include <stdlib.h>
#include <string.h>

#include "ci.h"
#include "match.h"
#include "parse.h"
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

/* The first line tree-sitter marked as an error or missing node, for the report. */
static uint32_t first_error_line(TSNode node)
{
    if (ts_node_is_error(node) || ts_node_is_missing(node)) return ts_node_start_point(node).row + 1;
    uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode child = ts_node_child(node, i);
        if (ts_node_has_error(child)) return first_error_line(child);
    }
    return ts_node_start_point(node).row + 1;
}

/* Parses a code file when some stage needs its tree; NULL otherwise. */
static TSTree *parse_stage(analyze_worker *w, const source *src, file_result *out)
{
    /* Without rules (pipeline tests) every code file is parsed, to count syntax errors. */
    if (src->cls != CLASS_CODE) return NULL;
    bool for_calls = w->ctx->calls && calls_wants_tree(src);
    bool for_rules = !w->match || match_needs_tree(w->match, src);
    if (!for_calls && !for_rules) return NULL;
    TSTree *tree = parse_source(w->parsers, src);
    if (!tree) {
        out->error = xstrdup("tree-sitter could not parse the file");
        return NULL;
    }
    out->parsed = true;
    if (parse_has_error(tree)) {
        out->syntax_error = true;
        out->syntax_error_line = first_error_line(ts_tree_root_node(tree));
    }
    return tree;
}

/* Whether a suppression comment names a rule: one of the loaded rules or a stage id. */
static bool known_rule(const void *ctx, const char *id) { return rule_text_known(ctx, id); }

static void suppress(analyze_worker *w, const source *src, file_result *out)
{
    if (w->ctx->no_suppress) return;
    suppress_apply_known(src, &out->findings, &out->suppressed, &out->findings, w->ctx->rules ? known_rule : NULL,
                         w->ctx->rules);
}

/* A file skipped as binary or minified is not parsed or analysed, but the secret rules
 * (regexes, no parse) still run on it: a key in a bundle or beside a NUL byte is a key. */
static void secrets_only(analyze_worker *w, const source *src, file_result *out)
{
    if (!w->match) return;
    match_file_secrets(w->match, src, &out->findings);
    suppress(w, src, out);
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

    TSTree *tree = parse_stage(w, &src, out);
    if (w->match) match_file(w->match, &src, tree, &out->findings);
    if (w->ctx->calls)
        out->calls = src.cls == CLASS_CODE ? calls_analyze(w->ctx->calls, &src, tree)
                                           : calls_analyze_text(w->ctx->calls, &src);
    if (tree) ts_tree_delete(tree);
    /* after every stage that adds findings of this file */
    suppress(w, &src, out);
    if (ci_is_config(src.path)) ci_analyze(&src, &out->findings);
    if (src.cls == CLASS_MANIFEST) manifest_parse(src.path, src.text, src.len, &out->manifest);
    source_free(&src);
}

void file_result_free(file_result *r)
{
    finding_list_free(&r->findings);
    manifest_result_free(&r->manifest);
    if (r->calls) calls_file_free(r->calls);
    suppression_list_free(&r->suppressed);
    free(r->error);
    memset(r, 0, sizeof *r);
}
