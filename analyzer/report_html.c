/* report_html: one self-contained HTML file that works offline — a score gauge, pillar
 * bars, the decision banner, blockers with snippets and fixes, an item table filtered by
 * status, pillar and text, model calls and suppressions. The stylesheet and script are
 * embedded (report_html_assets.h) and a Content-Security-Policy forbids loading anything
 * else. Every string from the scan is HTML-escaped, with its control characters shown as
 * escapes and file names written as in every format (safe_text.h); snippets arrive
 * already redacted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_config.h"
#include "report_html_assets.h"
#include "safe_text.h"
#include "sha256.h"

static void esc_flags(buf *out, const char *raw, unsigned flags)
{
    if (!raw) return;
    buf safe = {0};
    for (const char *s = safe_str(&safe, raw, flags); *s; s++) {
        switch (*s) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\'': buf_puts(out, "&#39;"); break;
        default: buf_putc(out, *s);
        }
    }
    buf_free(&safe);
}

/* Text and attribute values; newlines and tabs are kept (snippets are in <pre>). */
static void esc(buf *out, const char *s) { esc_flags(out, s, SAFE_CONTROLS | SAFE_LAYOUT); }
/* A file name. */
static void esc_path(buf *out, const char *s) { esc_flags(out, s, SAFE_CONTROLS | SAFE_PATH); }

static void base64(buf *out, const unsigned char *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        buf_putc(out, tab[v >> 18 & 63]);
        buf_putc(out, tab[v >> 12 & 63]);
        buf_putc(out, i + 1 < n ? tab[v >> 6 & 63] : '=');
        buf_putc(out, i + 2 < n ? tab[v & 63] : '=');
    }
}

/* The CSP source for the embedded script: 'sha256-BASE64'. */
static void script_hash(buf *out)
{
    sha256_ctx c;
    uint8_t d[SHA256_DIGEST_LEN];
    sha256_init(&c);
    sha256_update(&c, report_html_js, strlen(report_html_js));
    sha256_final(&c, d);
    buf_puts(out, "'sha256-");
    base64(out, d, sizeof d);
    buf_putc(out, '\'');
}

static const char *decision_class(score_decision d)
{
    return d == DECISION_SHIP ? "ship" : d == DECISION_REFACTOR ? "refactor" : "rebuild";
}

static void write_head(const scan_result *r, buf *out)
{
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; script-src ");
    script_hash(out);
    buf_puts(out, "\">\n<meta name=\"generator\" content=\"aiready\">\n<title>aiready report: ");
    esc_path(out, r->target);
    buf_puts(out, "</title>\n<style>\n");
    buf_puts(out, report_html_css);
    buf_puts(out, "</style>\n</head>\n<body>\n");
}

static void write_top(const scan_result *r, const report_options *o, buf *out)
{
    buf_puts(out, "<header class=\"top\"><div class=\"wrap\"><span class=\"brand\">aiready</span>"
                  "<span class=\"target\">");
    esc_path(out, r->target);
    buf_puts(out, "</span><span class=\"tool\">AI production readiness &middot; aiready ");
    esc(out, o->tool_version);
    buf_puts(out, "</span></div></header>\n<main class=\"wrap\">\n");
}

/* A point on the gauge's arc for t in [0, 1] (left to right), at radius rad. */
static void arc_point(double t, double rad, double *x, double *y)
{
    double a = M_PI * (1.0 - t);
    *x = 110.0 + rad * cos(a);
    *y = 112.0 - rad * sin(a);
}

static void write_gauge(const scan_result *r, buf *out)
{
    const score_result *s = &r->score;
    const char *color = s->score >= SCORE_SHIP_MIN ? "#1a7f37" : s->score >= SCORE_MODERATE_MIN ? "#bf8700" : "#cf222e";
    buf_puts(out, "<div class=\"card gauge\">\n<h2>Readiness score</h2>\n");
    buf_printf(out, "<svg viewBox=\"0 0 220 132\" role=\"img\" aria-label=\"Score %u of 50\">\n", s->score);
    buf_puts(out, "<path d=\"M 20 112 A 90 90 0 0 1 200 112\" fill=\"none\" stroke=\"#eaeef2\" stroke-width=\"16\"/>\n");
    if (s->score)
        buf_printf(out, "<path d=\"M 20 112 A 90 90 0 0 1 200 112\" fill=\"none\" stroke=\"%s\" stroke-width=\"16\" "
                        "pathLength=\"100\" stroke-dasharray=\"%u 100\"/>\n", color, s->score * 2);
    /* the thresholds: 25 (moderate) and 40 (ship) */
    static const unsigned marks[] = {SCORE_MODERATE_MIN, SCORE_SHIP_MIN};
    for (int i = 0; i < 2; i++) {
        double x1, y1, x2, y2, tx, ty;
        double t = marks[i] / 50.0;
        arc_point(t, 80, &x1, &y1);
        arc_point(t, 100, &x2, &y2);
        arc_point(t, 66, &tx, &ty);
        buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#59636e\" stroke-width=\"2\"/>"
                        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#59636e\" text-anchor=\"middle\">%u</text>\n",
                   x1, y1, x2, y2, tx, ty + 3, marks[i]);
    }
    buf_printf(out, "<text class=\"num\" x=\"110\" y=\"100\" text-anchor=\"middle\">%u</text>\n", s->score);
    buf_puts(out, "<text class=\"of\" x=\"110\" y=\"124\" text-anchor=\"middle\">of 50 items met</text>\n</svg>\n");
    buf_printf(out, "<div class=\"sub\">verified %u &middot; attested %u &middot; ceiling %u</div>\n", s->verified,
               s->attested, s->ceiling);
    buf_puts(out, "</div>\n");
}

static void stat(buf *out, const char *cls, const char *k, const char *v)
{
    buf_printf(out, "<div class=\"stat %s\"><div class=\"k\">%s</div><div class=\"v\">%s</div></div>\n", cls, k, v);
}

static void statu(buf *out, const char *cls, const char *k, unsigned v)
{
    char n[16];
    snprintf(n, sizeof n, "%u", v);
    stat(out, cls, k, n);
}

static void write_verdict(const scan_result *r, buf *out)
{
    const score_result *s = &r->score;
    buf_puts(out, "<div class=\"card\">\n");
    buf_printf(out, "<div class=\"banner %s\" id=\"decision\"><div class=\"label\">Recommendation</div>"
                    "<div class=\"decision\">%s</div>\n<ul>\n",
               decision_class(s->decision), report_decision_label(s->decision));
    for (size_t i = 0; i < s->n_reasons; i++) {
        buf_puts(out, "<li>");
        esc(out, s->reasons[i]);
        buf_puts(out, "</li>\n");
    }
    buf_puts(out, "</ul></div>\n<div class=\"stats\">\n");
    stat(out, s->risk == RISK_CRITICAL || s->risk == RISK_HIGH ? "blocker" : s->risk == RISK_MODERATE ? "review" : "ready",
         "Risk level", report_risk_label(s->risk));
    char idx[32];
    snprintf(idx, sizeof idx, "%.1f", s->weighted_index);
    stat(out, "", "Weighted index", idx);
    statu(out, "", "Items with evidence", s->with_evidence);
    char files[32];
    snprintf(files, sizeof files, "%zu", r->files_scanned);
    stat(out, "", "Files scanned", files);
    statu(out, "ready", "Ready", s->ready);
    statu(out, "review", "Needs Review", s->needs_review);
    statu(out, s->blockers ? "blocker" : "", "Blocker", s->blockers);
    statu(out, "", "Not applicable", s->not_applicable);
    buf_puts(out, "</div>\n</div>\n");
}

static void write_gates(const report_options *o, buf *out)
{
    if (!o->gates || !o->gates->len) return;
    buf_puts(out, "<section class=\"card gates\" id=\"gates\">\n<h2>Gates</h2>\n<table><tbody>\n");
    for (size_t i = 0; i < o->gates->len; i++) {
        const gate_outcome *g = &o->gates->items[i];
        buf name = {0};
        gate_format(&g->gate, &name);
        buf_printf(out, "<tr class=\"gate\"><td class=\"%s\">%s</td><td><code>--fail-on ", g->failed ? "fail" : "ok",
                   g->failed ? "&#10007;&nbsp;failed" : "&#10003;&nbsp;passed");
        esc(out, name.data);
        buf_puts(out, "</code></td><td>");
        esc(out, g->detail);
        buf_puts(out, "</td></tr>\n");
        buf_free(&name);
    }
    buf_puts(out, "</tbody></table>\n</section>\n");
}

/* What the repository's own .aiready.yml changed, entry by entry with its line. */
static void write_repo_config(const scan_result *r, buf *out)
{
    if (!r->repo.file) return;
    buf line = {0};
    report_config_headline(r, &line);
    buf_puts(out, "<section class=\"card\" id=\"repo-config\">\n<h2>Repository configuration</h2>\n<p>");
    esc(out, line.data);
    buf_puts(out, "</p>\n");
    buf_free(&line);
    config_rows rows = {0};
    report_config_rows(r, false, &rows);
    if (rows.len)
        buf_puts(out, "<div class=\"table-scroll\"><table><thead><tr><th>Line</th><th>Setting</th><th>Value</th>"
                      "<th>Effect</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < rows.len; i++) {
        const config_row *row = &rows.items[i];
        buf_puts(out, "<tr><td class=\"id\">");
        if (row->line) buf_printf(out, "%u", row->line);
        buf_printf(out, "</td><td>%s</td><td>%s", row->setting, row->line ? "<code>" : "");
        esc(out, row->value);
        buf_printf(out, "%s</td><td>%s", row->line ? "</code>" : "", row->notable ? "<b>" : "");
        esc(out, row->effect);
        buf_printf(out, "%s</td></tr>\n", row->notable ? "</b>" : "");
    }
    if (rows.len) buf_puts(out, "</tbody></table></div>\n");
    buf_puts(out, "</section>\n");
    report_config_rows_free(&rows);
}

/* A scan of nothing, because the repository excluded everything, says so first. */
static void write_nothing_scanned(const scan_result *r, buf *out)
{
    buf line = {0};
    report_config_nothing_scanned(r, &line);
    if (line.len) {
        buf_puts(out, "<div class=\"card\"><div class=\"banner rebuild\" id=\"nothing-scanned\">"
                      "<div class=\"label\">Warning</div><p>");
        esc(out, line.data);
        buf_puts(out, "</p></div></div>\n");
    }
    buf_free(&line);
}

/* The user's own mistakes (report_warn.c). */
static void write_warnings(const scan_result *r, buf *out)
{
    report_warnings w = {0};
    report_warnings_collect(r, &w);
    if (w.len) {
        buf_printf(out, "<div class=\"card\" id=\"warnings\"><div class=\"label\">Warnings (%zu)</div><ul>", w.len);
        for (size_t i = 0; i < w.len; i++) {
            buf_puts(out, "<li>");
            esc(out, w.items[i]);
            buf_puts(out, "</li>");
        }
        buf_puts(out, "</ul></div>\n");
    }
    report_warnings_free(&w);
}

static void segment(buf *out, const char *cls, unsigned n, unsigned total, const char *what)
{
    if (!n || !total) return;
    buf_printf(out, "<span class=\"%s\" style=\"width:%.1f%%\" title=\"%u %s\"></span>", cls, 100.0 * n / total, n, what);
}

static void write_pillars(const scan_result *r, buf *out)
{
    buf_puts(out, "<section class=\"card pillars\" id=\"pillars\">\n<h2>Pillars</h2>\n");
    for (int p = 1; p <= CHECKLIST_PILLARS; p++) {
        const score_pillar *sp = &r->score.pillars[p - 1];
        buf_printf(out, "<div class=\"row\" data-pillar=\"%d\"><div class=\"name\">%d. ", p, p);
        esc(out, checklist_pillar_name(r->checklist, p));
        buf_printf(out, " <small>&times;%g</small></div><div class=\"bar\">", sp->weight);
        segment(out, "ready", sp->ready, sp->items, "Ready");
        segment(out, "na", sp->not_applicable, sp->items, "Not applicable");
        segment(out, "review", sp->needs_review, sp->items, "Needs Review");
        segment(out, "blocker", sp->blockers, sp->items, "Blocker");
        buf_printf(out, "</div><div class=\"met\">%u/%u met</div></div>\n", sp->met, sp->items);
    }
    buf_puts(out, "<div class=\"legend\"><span><i class=\"ready\"></i>Ready</span><span><i class=\"na\"></i>Not applicable"
                  "</span><span><i class=\"review\"></i>Needs Review</span><span><i class=\"blocker\"></i>Blocker</span>"
                  "<span>&times; pillar weight in the weighted index</span></div>\n</section>\n");
}

static void location(buf *out, const finding *f)
{
    buf_puts(out, "<span class=\"loc\">");
    if (!f->file || !*f->file) buf_puts(out, "(repository)");
    else {
        esc_path(out, f->file);
        if (f->line) buf_printf(out, ":%u", f->line);
    }
    buf_puts(out, "</span>");
}

static void snippet(buf *out, const finding *f)
{
    if (!f->snippet || !*f->snippet) return;
    buf_puts(out, "<pre class=\"snip\"><code>");
    esc(out, f->snippet);
    buf_puts(out, "</code></pre>");
}

/* One finding: severity, location, message, rule; snippet; fix for violations. */
static void finding_html(const scan_result *r, size_t idx, const finding *f, bool with_fix, buf *out)
{
    buf_printf(out, "<span class=\"sev %s\">%s</span> ", severity_name(f->severity), severity_name(f->severity));
    location(out, f);
    buf_puts(out, " ");
    esc(out, f->message);
    buf_puts(out, " <span class=\"tag\">");
    esc(out, f->rule);
    buf_puts(out, "</span>");
    if (f->effect != EFFECT_VIOLATES) buf_printf(out, "<span class=\"tag\">%s</span>", effect_name(f->effect));
    if (report_baselined(r, idx)) buf_puts(out, "<span class=\"tag\">in baseline</span>");
    snippet(out, f);
    if (with_fix && f->remediation && f->effect == EFFECT_VIOLATES) {
        buf_puts(out, "<div class=\"fix\"><b>Fix:</b> ");
        esc(out, f->remediation);
        buf_puts(out, "</div>");
    }
}

static void write_blockers(const scan_result *r, buf *out)
{
    if (!r->score.blockers) return;
    buf_printf(out, "<section id=\"blockers\">\n<h2>Blockers (%u)</h2>\n", r->score.blockers);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &r->items.items[i];
        if (it->status != ITEM_BLOCKER) continue;
        buf_printf(out, "<div class=\"card blocker-card\"><h3>%d. ", it->id);
        esc(out, it->title);
        buf_printf(out, " <span class=\"tag\">pillar %d</span></h3>\n", it->pillar);
        for (size_t k = 0; k < it->n_evidence; k++) {
            const finding *f = &r->findings.items[it->evidence[k]];
            if (f->effect != EFFECT_VIOLATES || f->severity != SEV_BLOCKER) continue;
            buf_puts(out, "<div class=\"finding\">");
            finding_html(r, it->evidence[k], f, true, out);
            if (!f->remediation) {
                const checklist_item *ci = checklist_item_get(r->checklist, it->id);
                if (ci && ci->remediation) {
                    buf_puts(out, "<div class=\"fix\"><b>Fix:</b> ");
                    esc(out, ci->remediation);
                    buf_puts(out, "</div>");
                }
            }
            buf_puts(out, "</div>\n");
        }
        buf_puts(out, "</div>\n");
    }
    buf_puts(out, "</section>\n");
}

static void write_filters(const scan_result *r, buf *out)
{
    const score_result *s = &r->score;
    buf_puts(out, "<div class=\"filters\" role=\"group\" aria-label=\"Filter items\">\n");
    buf_printf(out, "<button type=\"button\" class=\"chip\" data-status=\"all\" aria-pressed=\"true\">All<span class=\"n\">%d</span></button>\n",
               CHECKLIST_ITEMS);
    static const item_status order[] = {ITEM_BLOCKER, ITEM_NEEDS_REVIEW, ITEM_READY, ITEM_NOT_APPLICABLE};
    unsigned counts[ITEM_STATUS_COUNT] = {0};
    counts[ITEM_READY] = s->ready;
    counts[ITEM_NEEDS_REVIEW] = s->needs_review;
    counts[ITEM_BLOCKER] = s->blockers;
    counts[ITEM_NOT_APPLICABLE] = s->not_applicable;
    for (int i = 0; i < 4; i++)
        buf_printf(out, "<button type=\"button\" class=\"chip\" data-status=\"%s\" aria-pressed=\"false\">%s<span class=\"n\">%u</span></button>\n",
                   items_status_name(order[i]), items_status_label(order[i]), counts[order[i]]);
    buf_puts(out, "<select id=\"f-pillar\" aria-label=\"Pillar\"><option value=\"all\">All pillars</option>");
    for (int p = 1; p <= CHECKLIST_PILLARS; p++) {
        buf_printf(out, "<option value=\"%d\">%d. ", p, p);
        esc(out, checklist_pillar_name(r->checklist, p));
        buf_puts(out, "</option>");
    }
    buf_puts(out, "</select>\n<input id=\"f-q\" type=\"search\" placeholder=\"Search items and evidence\" aria-label=\"Search\">\n");
    buf_printf(out, "<span class=\"shown\"><span id=\"shown\">%d</span> of %d items shown</span>\n</div>\n",
               CHECKLIST_ITEMS, CHECKLIST_ITEMS);
}

static void write_item_row(const scan_result *r, const resolved_item *it, buf *out)
{
    const checklist_item *ci = checklist_item_get(r->checklist, it->id);
    buf_printf(out, "<tr class=\"item\" id=\"item-%d\" data-status=\"%s\" data-pillar=\"%d\">", it->id,
               items_status_name(it->status), it->pillar);
    buf_printf(out, "<td class=\"id\">%d</td><td class=\"title\">", it->id);
    esc(out, it->title);
    buf_printf(out, "<div class=\"muted\">Pillar %d", it->pillar);
    if (ci) buf_printf(out, " &middot; %s", checklist_strategy_name(ci->strategy));
    buf_printf(out, "</div></td><td><span class=\"badge %s\">%s</span><div class=\"muted\">%s</div></td>",
               items_status_name(it->status), items_status_label(it->status), items_basis_name(it->basis));
    buf_puts(out, "<td class=\"summary\">");
    esc(out, it->summary);
    if (it->coverage_judged) buf_printf(out, " <span class=\"tag\">%zu of %zu model calls</span>", it->covered, it->total);
    if (it->rejection) {
        buf_puts(out, "<div class=\"muted\">Attestation not used: ");
        esc(out, it->rejection);
        buf_puts(out, "</div>");
    }
    if (it->n_evidence) {
        buf_printf(out, "<details><summary>Evidence (%zu)</summary><ul class=\"ev\">", it->n_evidence);
        for (size_t k = 0; k < it->n_evidence; k++) {
            buf_puts(out, "<li>");
            finding_html(r, it->evidence[k], &r->findings.items[it->evidence[k]], true, out);
            buf_puts(out, "</li>");
        }
        buf_puts(out, "</ul></details>");
    }
    if (ci) {
        buf_puts(out, "<details><summary>About this item</summary><p>");
        esc(out, ci->description);
        buf_puts(out, "</p>");
        if (it->status == ITEM_NEEDS_REVIEW && ci->needs_review) {
            buf_puts(out, "<p><b>What to check:</b> ");
            esc(out, ci->needs_review);
            buf_puts(out, "</p>");
        }
        if (ci->remediation) {
            buf_puts(out, "<p><b>How to fix:</b> ");
            esc(out, ci->remediation);
            buf_puts(out, "</p>");
        }
        buf_printf(out, "<p class=\"muted\">aiready explain %d</p></details>", it->id);
    }
    buf_puts(out, "</td></tr>\n");
}

static void write_items(const scan_result *r, buf *out)
{
    buf_puts(out, "<section class=\"card\" id=\"checklist\">\n<h2>Checklist items</h2>\n");
    write_filters(r, out);
    buf_puts(out, "<div class=\"table-scroll\"><table id=\"items\">\n<thead><tr><th>#</th><th>Item</th><th>Status</th>"
                  "<th>Summary and evidence</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < CHECKLIST_ITEMS; i++) write_item_row(r, &r->items.items[i], out);
    buf_puts(out, "</tbody></table></div>\n<p id=\"no-items\" class=\"empty\" hidden>No item matches the filters.</p>\n"
                  "</section>\n");
}

static void write_other_findings(const scan_result *r, buf *out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->findings.len; i++) n += r->findings.items[i].n_items == 0;
    if (!n) return;
    buf_printf(out, "<section class=\"card\" id=\"other\">\n<h2>Other findings (%zu)</h2>\n<ul class=\"ev\">", n);
    for (size_t i = 0; i < r->findings.len; i++) {
        if (r->findings.items[i].n_items) continue;
        buf_puts(out, "<li>");
        finding_html(r, i, &r->findings.items[i], true, out);
        buf_puts(out, "</li>");
    }
    buf_puts(out, "</ul>\n</section>\n");
}

static void yesno(buf *out, const char *k, bool v)
{
    buf_printf(out, "<span class=\"tag\">%s %s</span> ", k, v ? "yes" : "no");
}

static void kv(buf *out, const char *k, const char *v)
{
    buf_printf(out, "<span class=\"tag\">%s ", k);
    esc(out, v ? v : "-");
    buf_puts(out, "</span> ");
}

static void write_calls(const scan_result *r, buf *out)
{
    if (!r->calls.len) return;
    buf_printf(out, "<section class=\"card\" id=\"model-calls\">\n<h2>Model calls (%zu)</h2>\n<div class=\"table-scroll\">"
                    "<table><thead><tr><th>Location</th><th>Provider / API</th><th>Model</th><th>Facts</th></tr></thead><tbody>\n",
               r->calls.len);
    for (size_t i = 0; i < r->calls.len; i++) {
        const model_call *c = &r->calls.items[i];
        buf_puts(out, "<tr><td class=\"loc\">");
        esc_path(out, c->file);
        buf_printf(out, ":%u</td><td>", c->line);
        esc(out, c->provider);
        buf_puts(out, " <span class=\"muted\">");
        esc(out, c->api);
        buf_puts(out, "</span></td><td class=\"model\"><code>");
        esc(out, c->model ? c->model : "(dynamic)");
        buf_printf(out, "</code>%s</td><td>", c->model_pinned ? " <span class=\"tag\">pinned</span>" : "");
        kv(out, "retry", c->retry);
        kv(out, "timeout", c->timeout);
        yesno(out, "logged", c->logged);
        yesno(out, "errors handled", c->error_handled);
        yesno(out, "max tokens", c->max_tokens);
        kv(out, "output validated", c->output_validated);
        kv(out, "prompt", c->prompt_source);
        if (c->user_input_in_prompt) buf_puts(out, "<span class=\"tag\">user input in prompt</span> ");
        buf_puts(out, "</td></tr>\n");
    }
    buf_puts(out, "</tbody></table></div>\n</section>\n");
}

static void write_suppressions(const scan_result *r, buf *out)
{
    const suppression_state *st = &r->suppression;
    if (!st->list.len && !st->ignored && !st->baseline_file) return;
    buf_printf(out, "<section class=\"card\" id=\"suppressed\">\n<h2>Suppressed findings (%zu)</h2>\n", st->list.len);
    if (st->ignored)
        buf_puts(out, "<p class=\"muted\">Suppressions were ignored for this report (--no-suppress): every finding counts.</p>\n");
    if (st->baseline_file) {
        buf_printf(out, "<p class=\"muted\">Baseline <code>");
        esc_path(out, st->baseline_file);
        size_t nb = suppression_count(st, SUPPRESS_BASELINE);
        buf_printf(out, "</code>: %zu finding%s matched by fingerprint. Baselined findings still count for items "
                        "and score; gates set them aside.</p>\n", nb, nb == 1 ? "" : "s");
    }
    if (st->list.len) {
        buf_puts(out, "<div class=\"table-scroll\"><table><thead><tr><th>Kind</th><th>Finding</th><th>Reason</th></tr></thead><tbody>\n");
        for (size_t i = 0; i < st->list.len; i++) {
            const suppression *s = &st->list.items[i];
            buf_printf(out, "<tr><td>%s", suppression_kind_name(s->kind));
            if (s->kind == SUPPRESS_INLINE) buf_printf(out, "<div class=\"muted\">comment on line %u</div>", s->comment_line);
            if (s->kind == SUPPRESS_CONFIG) buf_puts(out, "<div class=\"muted\">disabled by repository config</div>");
            buf_puts(out, "</td><td>");
            finding_html(r, (size_t)-1, &s->finding, false, out);
            buf_puts(out, "</td><td>");
            if (s->reason) esc(out, s->reason);
            else buf_puts(out, s->kind == SUPPRESS_INLINE ? "<span class=\"muted\">(no reason given)</span>" : "");
            buf_puts(out, "</td></tr>\n");
        }
        buf_puts(out, "</tbody></table></div>\n");
    }
    buf_puts(out, "</section>\n");
}

static void write_scan(const scan_result *r, buf *out)
{
    size_t skipped = 0;
    for (int k = 1; k < SKIP_REASON_COUNT; k++) skipped += r->skipped_by_reason[k];
    buf_puts(out, "<section class=\"card\" id=\"scan\">\n<h2>Scan</h2>\n<p>");
    buf_printf(out, "%zu files scanned (", r->files_scanned);
    const char *sep = "";
    for (int l = LANG_NONE + 1; l < LANG_COUNT; l++) {
        if (!r->by_lang[l]) continue;
        buf_printf(out, "%s%s %zu", sep, lang_name((lang)l), r->by_lang[l]);
        sep = ", ";
    }
    buf_printf(out, "%s%zu other), %.1f MB; %zu model call sites; %zu dependencies; %zu skipped",
               sep, r->files_scanned - (r->by_class[CLASS_CODE]), (double)r->bytes / 1e6, r->calls.len, r->deps.len,
               skipped);
    if (skipped) {
        buf_puts(out, " (");
        sep = "";
        for (int k = 1; k < SKIP_REASON_COUNT; k++) {
            if (!r->skipped_by_reason[k]) continue;
            buf_printf(out, "%s%s %zu", sep, skip_reason_name((skip_reason)k), r->skipped_by_reason[k]);
            sep = ", ";
        }
        buf_puts(out, ")");
    }
    buf_puts(out, ".</p>\n");
    if (r->errors.len) {
        buf_printf(out, "<details><summary>%zu problems</summary><ul class=\"ev\">", r->errors.len);
        for (size_t i = 0; i < r->errors.len; i++) {
            buf_puts(out, "<li><span class=\"loc\">");
            esc_path(out, r->errors.items[i].file);
            buf_puts(out, "</span> ");
            esc(out, r->errors.items[i].message);
            buf_puts(out, "</li>");
        }
        buf_puts(out, "</ul></details>\n");
    }
    buf_puts(out, "</section>\n");
}

void report_html(const scan_result *r, const report_options *o, buf *out)
{
    write_head(r, out);
    write_top(r, o, out);
    write_nothing_scanned(r, out);
    write_warnings(r, out);
    buf_puts(out, "<section class=\"overview\">\n");
    write_gauge(r, out);
    write_verdict(r, out);
    buf_puts(out, "</section>\n");
    write_gates(o, out);
    write_repo_config(r, out);
    write_pillars(r, out);
    write_blockers(r, out);
    write_items(r, out);
    write_other_findings(r, out);
    write_calls(r, out);
    write_suppressions(r, out);
    write_scan(r, out);
    buf_puts(out, "<footer>Statuses: Ready, Needs Review, Blocker, Not applicable. Score: items met (Ready or Not "
                  "applicable) out of 50. Ship needs a score of 40 or more and no Blocker. Generated by aiready ");
    esc(out, o->tool_version);
    buf_puts(out, ", which reads the code and never runs it.</footer>\n</main>\n<script>");
    buf_puts(out, report_html_js);
    buf_puts(out, "</script>\n</body>\n</html>\n");
}
