#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "report.h"
#include "report_config.h"
#include "safe_text.h"

/* A file name: a byte that is not UTF-8 as \xHH and a backslash as \\ (safe_text.h),
 * so distinct names stay distinct. */
static void kv_path(json_writer *w, const char *key, const char *path)
{
    if (!path) { json_key(w, key); json_null(w); return; }
    char *shown = safe_path_dup(path);
    json_kv_string(w, key, shown);
    free(shown);
}

static void write_tool(json_writer *w, const report_options *o)
{
    json_key(w, "tool");
    json_object_begin(w);
    json_kv_string(w, "name", "aiready");
    json_kv_string(w, "version", o->tool_version);
    json_object_end(w);
}

static void write_files(json_writer *w, const scan_result *r)
{
    json_key(w, "files");
    json_object_begin(w);
    json_kv_int(w, "scanned", (int64_t)r->files_scanned);
    json_key(w, "by_language");
    json_object_begin(w);
    for (int l = LANG_NONE + 1; l < LANG_COUNT; l++) json_kv_int(w, lang_name((lang)l), (int64_t)r->by_lang[l]);
    json_kv_int(w, "notebook", (int64_t)r->notebooks);
    json_object_end(w);
    json_key(w, "by_class");
    json_object_begin(w);
    for (int c = 0; c < CLASS_COUNT; c++) json_kv_int(w, file_class_name((file_class)c), (int64_t)r->by_class[c]);
    json_object_end(w);
    json_key(w, "skipped");
    json_object_begin(w);
    for (int s = SKIP_NONE + 1; s < SKIP_REASON_COUNT; s++)
        if (r->skipped_by_reason[s]) json_kv_int(w, skip_reason_name((skip_reason)s), (int64_t)r->skipped_by_reason[s]);
    json_object_end(w);
    json_kv_int(w, "parsed", (int64_t)r->parsed);
    json_kv_int(w, "syntax_errors", (int64_t)r->syntax_errors);
    json_kv_int(w, "invalid_utf8", (int64_t)r->invalid_utf8);
    json_object_end(w);
}

static void write_target(json_writer *w, const scan_result *r)
{
    json_key(w, "target");
    json_object_begin(w);
    kv_path(w, "path", r->target);
    write_files(w, r);
    json_kv_int(w, "bytes", (int64_t)r->bytes);
    json_kv_int(w, "duration_ms", (int64_t)r->duration_ms);
    if (r->changed_only) json_kv_bool(w, "changed_only", true); /* --diff / --staged */
    json_object_end(w);
}

static void write_items_list(json_writer *w, const uint8_t *items, uint8_t n)
{
    json_array_begin(w);
    for (uint8_t i = 0; i < n; i++) json_int(w, items[i]);
    json_array_end(w);
}

void report_json_finding(json_writer *w, const finding *f);
void report_json_finding(json_writer *w, const finding *f)
{
    json_object_begin(w);
    json_kv_string(w, "rule", f->rule);
    json_kv_int(w, "item", f->n_items ? f->items[0] : 0);
    json_key(w, "items");
    write_items_list(w, f->items, f->n_items);
    json_kv_string(w, "effect", effect_name(f->effect));
    json_kv_string(w, "severity", severity_name(f->severity));
    json_kv_string(w, "message", f->message);
    json_kv_string(w, "remediation", f->remediation);
    kv_path(w, "file", f->file);
    json_kv_int(w, "line", f->line);
    json_kv_int(w, "column", f->column);
    json_kv_int(w, "end_line", f->end_line);
    json_kv_int(w, "end_column", f->end_column);
    if (f->cell) { /* in a notebook (docs/notebooks.md) */
        json_kv_int(w, "cell", f->cell);
        json_kv_int(w, "cell_line", f->cell_line);
        json_kv_bool(w, "in_output", f->in_output);
    }
    json_kv_string(w, "snippet", f->snippet);
    json_kv_string(w, "fingerprint", f->fingerprint);
    json_object_end(w);
}

static void write_pillars(json_writer *w, const scan_result *r)
{
    json_key(w, "pillars");
    json_array_begin(w);
    for (int p = 1; p <= CHECKLIST_PILLARS; p++) {
        const score_pillar *sp = &r->score.pillars[p - 1];
        json_object_begin(w);
        json_kv_int(w, "id", p);
        json_kv_string(w, "name", checklist_pillar_name(r->checklist, p));
        json_kv_int(w, "ready", sp->ready);
        json_kv_int(w, "needs_review", sp->needs_review);
        json_kv_int(w, "blocker", sp->blockers);
        json_kv_int(w, "not_applicable", sp->not_applicable);
        json_key(w, "weight");
        json_double(w, sp->weight);
        json_object_end(w);
    }
    json_array_end(w);
}

static void write_summary(json_writer *w, const scan_result *r)
{
    const score_result *s = &r->score;
    json_key(w, "summary");
    json_object_begin(w);
    json_kv_int(w, "score", s->score);
    json_kv_int(w, "max_score", CHECKLIST_ITEMS);
    json_kv_int(w, "verified_score", s->verified);
    json_kv_int(w, "attested", s->attested);
    json_kv_int(w, "ready", s->ready);
    json_kv_int(w, "needs_review", s->needs_review);
    json_kv_int(w, "blocker", s->blockers);
    json_kv_int(w, "not_applicable", s->not_applicable);
    json_kv_int(w, "ceiling", s->ceiling);
    json_kv_int(w, "items_with_evidence", s->with_evidence);
    json_key(w, "weighted_index");
    json_double(w, (double)(long)(s->weighted_index * 10 + 0.5) / 10);
    json_kv_string(w, "risk_level", score_risk_name(s->risk));
    json_kv_string(w, "decision", score_decision_name(s->decision));
    json_key(w, "reasons");
    json_array_begin(w);
    for (size_t i = 0; i < s->n_reasons; i++) json_string(w, s->reasons[i]);
    json_array_end(w);
    write_pillars(w, r);
    json_object_end(w);
}

static void write_evidence(json_writer *w, const scan_result *r, const resolved_item *it)
{
    json_key(w, "evidence");
    json_array_begin(w);
    for (size_t k = 0; k < it->n_evidence; k++) {
        const finding *f = &r->findings.items[it->evidence[k]];
        json_object_begin(w);
        json_kv_string(w, "rule", f->rule);
        json_kv_string(w, "effect", effect_name(f->effect));
        json_kv_string(w, "severity", severity_name(f->severity));
        kv_path(w, "file", f->file);
        json_kv_int(w, "line", f->line);
        json_kv_int(w, "column", f->column);
        json_kv_string(w, "message", f->message);
        json_object_end(w);
    }
    json_array_end(w);
}

static void write_items(json_writer *w, const scan_result *r)
{
    json_key(w, "items");
    json_array_begin(w);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &r->items.items[i];
        json_object_begin(w);
        json_kv_int(w, "id", it->id);
        json_kv_int(w, "pillar", it->pillar);
        json_kv_string(w, "title", it->title);
        json_kv_string(w, "status", items_status_name(it->status));
        json_kv_string(w, "basis", items_basis_name(it->basis));
        json_kv_string(w, "summary", it->summary);
        if (it->coverage_judged) {
            json_key(w, "coverage");
            json_object_begin(w);
            json_kv_int(w, "covered", (int64_t)it->covered);
            json_kv_int(w, "total", (int64_t)it->total);
            json_object_end(w);
        }
        if (it->rejection) json_kv_string(w, "attestation_rejected", it->rejection);
        write_evidence(w, r, it);
        json_object_end(w);
    }
    json_array_end(w);
}

static void write_attestations(json_writer *w, const scan_result *r)
{
    json_key(w, "attestations");
    json_array_begin(w);
    for (size_t i = 0; r->config && i < r->config->n_attestations; i++) {
        const attestation *a = &r->config->attestations[i];
        json_object_begin(w);
        json_kv_int(w, "item", a->item);
        json_kv_bool(w, "not_applicable", a->not_applicable);
        json_kv_string(w, "owner", a->owner);
        json_kv_string(w, "date", a->date);
        json_kv_string(w, "expires", a->expires);
        json_kv_string(w, "evidence", a->evidence);
        json_kv_bool(w, "valid", a->valid);
        json_kv_string(w, "invalid_reason", a->invalid_reason);
        json_kv_string(w, "file", a->file);
        json_kv_int(w, "line", a->line);
        json_object_end(w);
    }
    json_array_end(w);
}

static void write_findings(json_writer *w, const scan_result *r)
{
    json_key(w, "findings");
    json_array_begin(w);
    for (size_t i = 0; i < r->findings.len; i++) report_json_finding(w, &r->findings.items[i]);
    json_array_end(w);
}

static void write_model_calls(json_writer *w, const scan_result *r)
{
    json_key(w, "model_calls");
    json_array_begin(w);
    for (size_t i = 0; i < r->calls.len; i++) {
        const model_call *c = &r->calls.items[i];
        json_object_begin(w);
        kv_path(w, "file", c->file);
        json_kv_int(w, "line", c->line);
        json_kv_int(w, "column", c->column);
        json_kv_string(w, "language", lang_name(c->lang));
        json_kv_string(w, "provider", c->provider);
        json_kv_string(w, "api", c->api);
        json_kv_string(w, "model", c->model);
        json_kv_bool(w, "model_pinned", c->model_pinned);
        json_kv_string(w, "model_source", c->model_source);
        json_kv_string(w, "confidence", c->confidence);
        json_kv_string(w, "retry", c->retry);
        json_kv_string(w, "retry_source", c->retry_source);
        json_kv_string(w, "timeout", c->timeout);
        json_kv_string(w, "timeout_source", c->timeout_source);
        json_kv_bool(w, "logged", c->logged);
        json_kv_string(w, "logged_source", c->logged_source);
        json_kv_bool(w, "error_handled", c->error_handled);
        json_kv_bool(w, "max_tokens", c->max_tokens);
        json_key(w, "output_validated");
        if (c->output_validated && strcmp(c->output_validated, "true") == 0) json_bool(w, true);
        else if (c->output_validated && strcmp(c->output_validated, "weak") == 0) json_string(w, "weak");
        else json_bool(w, false);
        json_kv_string(w, "prompt_source", c->prompt_source);
        json_kv_bool(w, "user_input_in_prompt", c->user_input_in_prompt);
        json_key(w, "context_bounded");
        if (c->context_bounded == MC_CTX_NONE) json_null(w);
        else json_bool(w, c->context_bounded == MC_CTX_BOUNDED);
        json_kv_string(w, "context_source", c->context_source);
        json_kv_bool(w, "in_tests", c->in_tests);
        if (c->in_notebook) { /* docs/notebooks.md */
            json_kv_bool(w, "in_notebook", true);
            json_kv_int(w, "cell", c->cell);
            json_kv_int(w, "cell_line", c->cell_line);
        }
        json_key(w, "output_sinks");
        json_array_begin(w);
        for (uint32_t k = 0; k < c->n_output_sinks; k++) json_string(w, c->output_sinks[k]);
        json_array_end(w);
        json_object_end(w);
    }
    json_array_end(w);
}

static void write_gates(json_writer *w, const report_options *o)
{
    json_key(w, "gates");
    json_array_begin(w);
    for (size_t i = 0; o->gates && i < o->gates->len; i++) {
        const gate_outcome *g = &o->gates->items[i];
        buf name = {0};
        gate_format(&g->gate, &name);
        json_object_begin(w);
        json_kv_string(w, "gate", name.data);
        json_kv_bool(w, "failed", g->failed);
        json_kv_string(w, "detail", g->detail);
        json_object_end(w);
        buf_free(&name);
    }
    json_array_end(w);
}

static void write_suppressed(json_writer *w, const scan_result *r)
{
    const suppression_state *st = &r->suppression;
    json_key(w, "suppressed");
    json_array_begin(w);
    for (size_t i = 0; i < st->list.len; i++) {
        const suppression *s = &st->list.items[i];
        json_object_begin(w);
        json_kv_string(w, "rule", s->finding.rule);
        kv_path(w, "file", s->finding.file);
        json_kv_int(w, "line", s->finding.line);
        json_kv_string(w, "kind", suppression_kind_name(s->kind));
        json_kv_string(w, "reason", s->reason);
        if (s->kind == SUPPRESS_INLINE) json_kv_int(w, "comment_line", s->comment_line);
        if (s->kind == SUPPRESS_CONFIG) json_kv_int(w, "config_line", s->comment_line);
        json_kv_string(w, "severity", severity_name(s->finding.severity));
        json_key(w, "items");
        write_items_list(w, s->finding.items, s->finding.n_items);
        json_kv_string(w, "message", s->finding.message);
        json_kv_string(w, "fingerprint", s->finding.fingerprint);
        json_object_end(w);
    }
    json_array_end(w);
    json_key(w, "suppression");
    json_object_begin(w);
    json_kv_bool(w, "honoured", !st->ignored);
    json_kv_int(w, "inline", (int64_t)suppression_count(st, SUPPRESS_INLINE));
    json_kv_int(w, "config", (int64_t)suppression_count(st, SUPPRESS_CONFIG));
    json_key(w, "baseline");
    if (st->baseline_file) {
        size_t matched = suppression_count(st, SUPPRESS_BASELINE), violating = 0;
        for (size_t i = 0; i < r->findings.len; i++) violating += r->findings.items[i].effect == EFFECT_VIOLATES;
        json_object_begin(w);
        json_kv_string(w, "file", st->baseline_file);
        json_kv_int(w, "fingerprints", (int64_t)st->baseline_fingerprints);
        json_kv_int(w, "matched", (int64_t)matched);
        json_kv_int(w, "new", (int64_t)(violating - matched));
        json_object_end(w);
    } else {
        json_null(w);
    }
    json_object_end(w);
}

static void write_dependencies(json_writer *w, const scan_result *r)
{
    json_key(w, "dependencies");
    json_array_begin(w);
    for (size_t i = 0; i < r->deps.len; i++) {
        const dependency *d = &r->deps.items[i];
        json_object_begin(w);
        json_kv_string(w, "name", d->name);
        json_kv_string(w, "ecosystem", d->ecosystem);
        json_kv_string(w, "spec", d->spec);
        json_kv_string(w, "resolved", d->resolved);
        kv_path(w, "file", d->file);
        json_kv_int(w, "line", d->line);
        json_kv_bool(w, "dev", d->dev);
        json_kv_bool(w, "pinned", d->pinned);
        json_object_end(w);
    }
    json_array_end(w);
}

static void write_skipped(json_writer *w, const scan_result *r)
{
    json_key(w, "skipped");
    json_array_begin(w);
    for (size_t i = 0; i < r->skipped.len; i++) {
        json_object_begin(w);
        kv_path(w, "file", r->skipped.items[i].path);
        json_kv_string(w, "reason", skip_reason_name(r->skipped.items[i].reason));
        if (r->skipped.items[i].detail) json_kv_string(w, "detail", r->skipped.items[i].detail);
        json_object_end(w);
    }
    json_array_end(w);
}

static void write_errors(json_writer *w, const scan_result *r)
{
    json_key(w, "errors");
    json_array_begin(w);
    for (size_t i = 0; i < r->errors.len; i++) {
        json_object_begin(w);
        kv_path(w, "file", r->errors.items[i].file);
        json_kv_string(w, "message", r->errors.items[i].message);
        json_object_end(w);
    }
    json_array_end(w);
}

/* The user's own mistakes (report_warn.c); written only when there are some. */
static void write_warnings(json_writer *w, const scan_result *r)
{
    report_warnings list = {0};
    report_warnings_collect(r, &list);
    if (list.len) {
        json_key(w, "warnings");
        json_array_begin(w);
        for (size_t i = 0; i < list.len; i++) json_string(w, list.items[i]);
        json_array_end(w);
    }
    report_warnings_free(&list);
}

void report_json(const scan_result *r, const report_options *o, buf *out)
{
    json_writer w;
    json_init(&w, out, false);
    json_object_begin(&w);
    json_kv_int(&w, "schema_version", 1);
    write_tool(&w, o);
    write_target(&w, r);
    json_key(&w, "repository_config");
    report_json_repo_config(&w, r);
    write_warnings(&w, r);
    if (r->checklist) {
        write_summary(&w, r);
        write_gates(&w, o);
        write_items(&w, r);
        write_attestations(&w, r);
    }
    write_model_calls(&w, r);
    write_findings(&w, r);
    write_suppressed(&w, r);
    write_dependencies(&w, r);
    write_skipped(&w, r);
    write_errors(&w, r);
    if (r->history) report_json_history(&w, r->history);
    json_object_end(&w);
}
