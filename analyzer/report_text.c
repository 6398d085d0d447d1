#include <string.h>

#include "report.h"

typedef struct style {
    const char *bold, *dim, *red, *yellow, *green, *reset;
} style;

static style make_style(bool color)
{
    if (!color) return (style){"", "", "", "", "", ""};
    return (style){"\033[1m", "\033[2m", "\033[31m", "\033[33m", "\033[32m", "\033[0m"};
}

static void write_files(const scan_result *r, const style *s, buf *out)
{
    buf_printf(out, "%saiready%s  %s\n", s->bold, s->reset, r->target);
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

static void write_findings(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    if (!r->findings.len) return;
    buf_printf(out, "\n%sFindings%s (%zu)\n", s->bold, s->reset, r->findings.len);
    for (int sev = SEV_BLOCKER; sev >= SEV_INFO; sev--) {
        for (size_t i = 0; i < r->findings.len; i++) {
            const finding *f = &r->findings.items[i];
            if ((int)f->severity != sev) continue;
            if (!o->verbose && f->effect == EFFECT_SUPPORTS) continue;
            buf_printf(out, "  %s%-7s%s %s:%u  %s  %s[%s]%s\n", severity_color(s, f->severity),
                       severity_name(f->severity), s->reset, f->file, f->line, f->message, s->dim,
                       f->rule, s->reset);
            if (f->remediation && f->severity == SEV_BLOCKER)
                buf_printf(out, "          fix: %s\n", f->remediation);
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
    for (size_t i = 0; i < sc->n_reasons; i++) buf_printf(out, "  - %s\n", sc->reasons[i]);
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

/* Blockers first, each with where and how to fix; then what to check for the rest. */
static void write_items(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    for (int pass = 0; pass < 2; pass++) {
        item_status want = pass == 0 ? ITEM_BLOCKER : ITEM_NEEDS_REVIEW;
        bool header = false;
        for (int i = 0; i < CHECKLIST_ITEMS; i++) {
            const resolved_item *it = &r->items.items[i];
            if (it->status != want) continue;
            if (!header) {
                buf_printf(out, "\n%s%s%s\n", s->bold, pass == 0 ? "Blockers" : "Needs Review", s->reset);
                header = true;
            }
            buf_printf(out, "  %s%2d%s %s\n", pass == 0 ? s->red : s->yellow, it->id, s->reset, it->title);
            if (pass == 0 || o->verbose) {
                for (size_t k = 0; k < it->n_evidence; k++) {
                    const finding *f = &r->findings.items[it->evidence[k]];
                    if (pass == 0 && f->severity != SEV_BLOCKER) continue;
                    buf_printf(out, "     %s:%u", f->file, f->line);
                    if (f->cell) buf_printf(out, " (cell %u%s, line %u)", f->cell, f->in_output ? " output" : "", f->cell_line);
                    buf_printf(out, "  %s %s[%s]%s%s\n", f->message, s->dim, f->rule,
                               report_baselined(r, it->evidence[k]) ? " (in baseline)" : "", s->reset);
                    if (f->remediation && pass == 0) buf_printf(out, "       fix: %s\n", f->remediation);
                }
            }
            if (pass == 1) buf_printf(out, "     %s%s%s\n", s->dim, it->summary ? it->summary : "", s->reset);
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
        buf_printf(out, "  %s%s%s --fail-on %s: %s\n", g->failed ? s->red : s->green, g->failed ? "FAIL" : "pass",
                   s->reset, name.data, g->detail);
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
        buf_printf(out, "  %s%-7s%s %s:%u  %s  %s[%s]%s\n", severity_color(s, f->severity), severity_name(f->severity),
                   s->reset, f->file, f->line, f->message, s->dim, f->rule, s->reset);
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
    if (!ni && !st->baseline_file) return;
    buf_printf(out, "\n%sSuppressed%s (%zu inline", s->bold, s->reset, ni);
    if (st->baseline_file) buf_printf(out, ", %zu in baseline %s", nb, st->baseline_file);
    buf_puts(out, ")\n");
    for (size_t i = 0; i < st->list.len; i++) {
        const suppression *x = &st->list.items[i];
        if (x->kind == SUPPRESS_BASELINE && !o->verbose) continue;
        buf_printf(out, "  %s:%u  %s[%s]%s  %s", x->finding.file, x->finding.line, s->dim, x->finding.rule, s->reset,
                   suppression_kind_name(x->kind));
        if (x->kind == SUPPRESS_INLINE) buf_printf(out, ": %s", x->reason ? x->reason : "(no reason given)");
        buf_putc(out, '\n');
    }
    if (nb && !o->verbose)
        buf_printf(out, "  %s(--verbose lists the %zu baselined finding%s)%s\n", s->dim, nb, nb == 1 ? "" : "s", s->reset);
}

void report_text(const scan_result *r, const report_options *o, buf *out)
{
    style s = make_style(o->color);
    write_files(r, &s, out);
    if (r->calls.len) buf_printf(out, "  model call sites: %zu\n", r->calls.len);
    if (r->checklist) {
        write_verdict(r, &s, out);
        write_gates(o, &s, out);
        write_items(r, &s, o, out);
    }
    write_other_findings(r, &s, o, out);
    write_suppressed(r, &s, o, out);
    if (o->verbose) write_findings(r, &s, o, out);
}
