/* report_text: the terminal report. Every string that comes from the scanned repository
 * (file names, messages and remediations of its own rules, reasons, item summaries that
 * quote code) goes through safe_put: control characters are shown as escapes, so nothing
 * in the repository can move the cursor, retitle the window or forge a line such as
 * "Decision: ship". */
#include <string.h>

#include "report.h"
#include "report_config.h"
#include "safe_text.h"

typedef struct style {
    const char *bold, *dim, *red, *yellow, *green, *reset;
} style;

static style make_style(bool color)
{
    if (!color) return (style){"", "", "", "", "", ""};
    return (style){"\033[1m", "\033[2m", "\033[31m", "\033[33m", "\033[32m", "\033[0m"};
}

/* A string from the scan, and a file name, made safe (safe_text.h). */
static void put(buf *out, const char *s) { safe_put(out, s, SAFE_CONTROLS); }
static void put_path(buf *out, const char *s) { safe_put(out, s, SAFE_CONTROLS | SAFE_PATH); }

/* "file:line  message" */
static void put_at(buf *out, const char *file, uint32_t line)
{
    put_path(out, file);
    buf_printf(out, ":%u", line);
}

/* "[rule]" dimmed */
static void put_rule(buf *out, const style *s, const char *rule)
{
    buf_printf(out, "%s[", s->dim);
    put(out, rule);
    buf_printf(out, "]%s", s->reset);
}

static void write_files(const scan_result *r, const style *s, buf *out)
{
    buf_printf(out, "%saiready%s  ", s->bold, s->reset);
    put_path(out, r->target);
    buf_putc(out, '\n');
    buf_printf(out, "  files scanned: %zu (", r->files_scanned);
    const char *sep = "";
    for (int l = LANG_NONE + 1; l < LANG_COUNT; l++) {
        if (!r->by_lang[l]) continue;
        buf_printf(out, "%s%s %zu", sep, lang_name((lang)l), r->by_lang[l]);
        sep = ", ";
    }
    if (r->notebooks) { buf_printf(out, "%snotebook %zu", sep, r->notebooks); sep = ", "; }
    buf_printf(out, "%s%zu other)  %.1f MB in %llu ms\n", sep,
               r->by_class[CLASS_CONFIG] + r->by_class[CLASS_MANIFEST] + r->by_class[CLASS_DOC]
                   + r->by_class[CLASS_OTHER],
               (double)r->bytes / 1e6, (unsigned long long)r->duration_ms);
    size_t skipped = 0;
    for (int k = 1; k < SKIP_REASON_COUNT; k++) skipped += r->skipped_by_reason[k];
    if (skipped) {
        buf_printf(out, "  skipped: %zu (", skipped);
        sep = "";
        for (int k = 1; k < SKIP_REASON_COUNT; k++) {
            if (!r->skipped_by_reason[k]) continue;
            buf_printf(out, "%s%s %zu", sep, skip_reason_name((skip_reason)k), r->skipped_by_reason[k]);
            sep = ", ";
        }
        buf_puts(out, ")\n");
    }
    if (r->syntax_errors || r->invalid_utf8 || r->errors.len)
        buf_printf(out, "  %s%zu syntax errors, %zu files not valid UTF-8, %zu problems (see --format json)%s\n",
                   s->dim, r->syntax_errors, r->invalid_utf8, r->errors.len, s->reset);
}

static const char *severity_color(const style *s, severity sev)
{
    return sev == SEV_BLOCKER ? s->red : sev == SEV_WARNING ? s->yellow : s->dim;
}

/* "  blocker app.py:3  message  [rule]" */
static void write_finding_line(const style *s, const finding *f, buf *out)
{
    buf_printf(out, "  %s%-7s%s ", severity_color(s, f->severity), severity_name(f->severity), s->reset);
    put_at(out, f->file, f->line);
    if (f->cell) buf_printf(out, " (cell %u%s, line %u)", f->cell, f->in_output ? " output" : "", f->cell_line);
    buf_puts(out, "  ");
    put(out, f->message);
    buf_puts(out, "  ");
    put_rule(out, s, f->rule);
    buf_putc(out, '\n');
}

static void write_findings(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    if (!r->findings.len) return;
    buf_printf(out, "\n%sFindings%s (%zu)\n", s->bold, s->reset, r->findings.len);
    for (int sev = SEV_BLOCKER; sev >= SEV_INFO; sev--) {
        for (size_t i = 0; i < r->findings.len; i++) {
            const finding *f = &r->findings.items[i];
            if ((int)f->severity != sev) continue;
            if (!o->verbose && f->effect == EFFECT_SUPPORTS) continue;
            write_finding_line(s, f, out);
            if (f->remediation && f->severity == SEV_BLOCKER) {
                buf_puts(out, "          fix: ");
                put(out, f->remediation);
                buf_putc(out, '\n');
            }
        }
    }
}

static const char *decision_color(const style *s, score_decision d)
{
    return d == DECISION_SHIP ? s->green : d == DECISION_REFACTOR ? s->yellow : s->red;
}

static void write_verdict(const scan_result *r, const style *s, buf *out)
{
    const score_result *sc = &r->score;
    buf_printf(out, "\n%sScore %u/50%s (verified %u, attested %u)  risk: %s  weighted index: %.1f\n",
               s->bold, sc->score, s->reset, sc->verified, sc->attested, score_risk_name(sc->risk),
               sc->weighted_index);
    buf_printf(out, "%sDecision: %s%s%s\n", s->bold, decision_color(s, sc->decision),
               score_decision_name(sc->decision), s->reset);
    for (size_t i = 0; i < sc->n_reasons; i++) {
        buf_puts(out, "  - ");
        put(out, sc->reasons[i]);
        buf_putc(out, '\n');
    }
    buf_printf(out, "  %u of 50 items had any evidence; %u Ready, %u Needs Review, %u Blocker, %u not applicable\n",
               sc->with_evidence, sc->ready, sc->needs_review, sc->blockers, sc->not_applicable);
    buf_printf(out, "\n  %-42s %5s %6s %7s %4s\n", "pillar", "ready", "review", "blocker", "n/a");
    for (int p = 1; p <= CHECKLIST_PILLARS; p++) {
        const score_pillar *sp = &sc->pillars[p - 1];
        buf_printf(out, "  %d %-40s %5u %6u %s%7u%s %4u\n", p, checklist_pillar_name(r->checklist, p),
                   sp->ready, sp->needs_review, sp->blockers ? s->red : "", sp->blockers,
                   sp->blockers ? s->reset : "", sp->not_applicable);
    }
}

/* What a Ready item rests on, for a reviewer to check in a minute: the findings that
 * prove it (file:line, rule), the model calls a coverage item counted, or the attestation. */
#define READY_GROUNDS_SHOWN 5

/* "     file:line  message [rule]" for finding k; with_fix adds its remediation. Every
 * repository-controlled string goes through put() (F20). */
static void write_evidence_line(const scan_result *r, size_t k, const style *s, bool with_fix, buf *out)
{
    const finding *f = &r->findings.items[k];
    buf_puts(out, "     ");
    put_at(out, f->file, f->line);
    buf_puts(out, "  ");
    put(out, f->message);
    buf_putc(out, ' ');
    put_rule(out, s, f->rule);
    buf_printf(out, "%s\n", report_baselined(r, k) ? " (in baseline)" : "");
    if (with_fix && f->remediation) {
        buf_puts(out, "       fix: ");
        put(out, f->remediation);
        buf_putc(out, '\n');
    }
}

static void write_ready_basis(const scan_result *r, const resolved_item *it, const style *s, buf *out)
{
    if (it->basis == BASIS_ATTESTED) {
        buf_printf(out, "     %s", s->dim);
        put(out, it->summary ? it->summary : "");
        buf_printf(out, "%s\n", s->reset);
        return;
    }
    if (it->coverage_judged) {
        buf_puts(out, "     ");
        put(out, it->summary ? it->summary : "");
        buf_puts(out, " (model calls at");
        size_t shown = 0;
        for (size_t k = 0; k < r->calls.len && shown < READY_GROUNDS_SHOWN; k++) {
            if (r->calls.items[k].in_tests) continue;
            buf_puts(out, shown ? ", " : " ");
            put_at(out, r->calls.items[k].file, r->calls.items[k].line);
            shown++;
        }
        buf_printf(out, "%s)\n", it->total > shown ? ", ..." : "");
    }
    size_t n = it->n_grounds < READY_GROUNDS_SHOWN ? it->n_grounds : READY_GROUNDS_SHOWN;
    for (size_t k = 0; k < n; k++) write_evidence_line(r, it->grounds[k], s, false, out);
    if (it->n_grounds > n) buf_printf(out, "     %s(and %zu more)%s\n", s->dim, it->n_grounds - n, s->reset);
}

/* Blockers first, each with where and how to fix; then each Ready item with what it rests
 * on; then what to check for the rest. */
static void write_items(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    static const item_status order[] = {ITEM_BLOCKER, ITEM_READY, ITEM_NEEDS_REVIEW};
    static const char *const headers[] = {"Blockers", "Ready", "Needs Review"};
    for (int pass = 0; pass < 3; pass++) {
        item_status want = order[pass];
        bool header = false;
        for (int i = 0; i < CHECKLIST_ITEMS; i++) {
            const resolved_item *it = &r->items.items[i];
            if (it->status != want) continue;
            if (!header) {
                buf_printf(out, "\n%s%s%s\n", s->bold, headers[pass], s->reset);
                header = true;
            }
            const char *color = want == ITEM_BLOCKER ? s->red : want == ITEM_READY ? s->green : s->yellow;
            buf_printf(out, "  %s%2d%s ", color, it->id, s->reset);
            put(out, it->title);
            buf_putc(out, '\n');
            if (want == ITEM_READY) { write_ready_basis(r, it, s, out); continue; }
            if (want == ITEM_BLOCKER) {
                for (size_t k = 0; k < it->n_grounds; k++)
                    write_evidence_line(r, it->grounds[k], s, true, out);
                continue;
            }
            if (o->verbose)
                for (size_t k = 0; k < it->n_evidence; k++) write_evidence_line(r, it->evidence[k], s, false, out);
            buf_printf(out, "     %s", s->dim);
            put(out, it->summary ? it->summary : "");
            buf_printf(out, "%s\n", s->reset);
        }
    }
}

static void write_gates(const report_options *o, const style *s, buf *out)
{
    if (!o->gates || !o->gates->len) return;
    buf_printf(out, "\n%sGates%s\n", s->bold, s->reset);
    for (size_t i = 0; i < o->gates->len; i++) {
        const gate_outcome *g = &o->gates->items[i];
        buf name = {0};
        gate_format(&g->gate, &name);
        buf_printf(out, "  %s%s%s --fail-on %s: ", g->failed ? s->red : s->green, g->failed ? "FAIL" : "pass",
                   s->reset, name.data);
        put(out, g->detail);
        buf_putc(out, '\n');
        buf_free(&name);
    }
}

/* Findings of no item (a malformed suppression comment...): shown, or they would be lost. */
static void write_other_findings(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    if (o->verbose) return; /* the full list follows */
    bool header = false;
    for (size_t i = 0; i < r->findings.len; i++) {
        const finding *f = &r->findings.items[i];
        if (f->n_items) continue;
        if (!header) buf_printf(out, "\n%sOther findings%s\n", s->bold, s->reset);
        header = true;
        write_finding_line(s, f, out);
    }
}

/* Every honoured suppression; baselined findings one by one with --verbose. */
static void write_suppressed(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    const suppression_state *st = &r->suppression;
    size_t ni = suppression_count(st, SUPPRESS_INLINE), nb = suppression_count(st, SUPPRESS_BASELINE);
    if (st->ignored) {
        buf_printf(out, "\n%sSuppressions ignored%s (--no-suppress): every finding counts\n", s->bold, s->reset);
        return;
    }
    size_t nc = suppression_count(st, SUPPRESS_CONFIG);
    if (!ni && !st->baseline_file && !nc) return;
    buf_printf(out, "\n%sSuppressed%s (%zu inline", s->bold, s->reset, ni);
    if (st->baseline_file) {
        buf_printf(out, ", %zu in baseline ", nb);
        put_path(out, st->baseline_file);
    }
    if (nc) buf_printf(out, ", %zu disabled by repository config", nc);
    buf_puts(out, ")\n");
    for (size_t i = 0; i < st->list.len; i++) {
        const suppression *x = &st->list.items[i];
        if ((x->kind == SUPPRESS_BASELINE || x->kind == SUPPRESS_CONFIG) && !o->verbose) continue;
        buf_puts(out, "  ");
        put_at(out, x->finding.file, x->finding.line);
        buf_puts(out, "  ");
        put_rule(out, s, x->finding.rule);
        buf_printf(out, "  %s", suppression_kind_name(x->kind));
        if (x->kind == SUPPRESS_INLINE || x->kind == SUPPRESS_CONFIG) {
            buf_puts(out, ": ");
            put(out, x->reason ? x->reason : "(no reason given)");
        }
        buf_putc(out, '\n');
    }
    if (nb && !o->verbose)
        buf_printf(out, "  %s(--verbose lists the %zu baselined finding%s)%s\n", s->dim, nb, nb == 1 ? "" : "s", s->reset);
    if (nc && !o->verbose)
        buf_printf(out, "  %s(--verbose lists the %zu finding%s of rules the repository config disables)%s\n", s->dim,
                   nc, nc == 1 ? "" : "s", s->reset);
}

/* What the repository's own .aiready.yml changed, with file:line (repo_config.h); first of
 * all whether it left anything to scan. */
static void write_repo_config(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    if (!r->repo.file) return;
    buf line = {0};
    report_config_nothing_scanned(r, &line);
    if (line.len) {
        buf_printf(out, "\n%s%s!! ", s->bold, s->red);
        put(out, line.data);
        buf_printf(out, "%s\n", s->reset);
    }
    line.len = 0;
    report_config_headline(r, &line);
    buf_printf(out, "\n%sRepository config%s\n  ", s->bold, s->reset);
    put(out, line.data);
    buf_putc(out, '\n');
    buf_free(&line);
    config_rows rows = {0};
    report_config_rows(r, o->verbose, &rows);
    size_t width = 0;
    for (size_t i = 0; i < rows.len; i++) {
        buf at = {0};
        safe_put(&at, r->repo.file, SAFE_CONTROLS | SAFE_PATH);
        buf_printf(&at, ":%u", rows.items[i].line);
        if (at.len > width) width = at.len;
        buf_free(&at);
    }
    for (size_t i = 0; i < rows.len; i++) {
        const config_row *row = &rows.items[i];
        buf at = {0};
        if (row->line) {
            safe_put(&at, r->repo.file, SAFE_CONTROLS | SAFE_PATH);
            buf_printf(&at, ":%u", row->line);
        }
        buf_printf(out, "  %-*s  %s%s%s ", (int)width, at.data ? at.data : "", row->notable ? s->yellow : "",
                   row->setting, row->notable ? s->reset : "");
        put(out, row->value);
        if (row->effect && *row->effect) {
            buf_puts(out, ": ");
            put(out, row->effect);
        }
        buf_putc(out, '\n');
        buf_free(&at);
    }
    report_config_rows_free(&rows);
}

void report_text(const scan_result *r, const report_options *o, buf *out)
{
    style s = make_style(o->color);
    write_files(r, &s, out);
    if (r->calls.len) buf_printf(out, "  model call sites: %zu\n", r->calls.len);
    write_repo_config(r, &s, o, out);
    if (r->checklist) {
        write_verdict(r, &s, out);
        write_gates(o, &s, out);
        write_items(r, &s, o, out);
    }
    write_other_findings(r, &s, o, out);
    write_suppressed(r, &s, o, out);
    if (o->verbose) write_findings(r, &s, o, out);
}
