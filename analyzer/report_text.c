/* report_text: the terminal report. Every string that comes from the scanned repository
 * (file names, messages and remediations of its own rules, reasons, item summaries that
 * quote code) goes through safe_put: control characters are shown as escapes, so nothing
 * in the repository can move the cursor, retitle the window or forge a line such as
 * "Decision: ship". */
#include <string.h>

#include "report.h"
#include "report_config.h"
#include "safe_text.h"

#define EVIDENCE_PER_ITEM 10      /* --verbose: findings listed under a Needs Review item */
#define FINDINGS_PER_SEVERITY 100 /* --verbose: findings listed per severity */
#define BLOCKERS_PER_ITEM 5       /* blocking findings listed under a Blocker item */
#define BLOCKERS_PER_ITEM_VERBOSE 25

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

/* Prose made safe and wrapped at width (0: never): the first line continues at column
 * col of the current line, the next ones start with indent spaces. A word longer than a
 * line stays whole. */
static void put_wrapped(buf *out, const char *text, size_t col, size_t indent, size_t width)
{
    buf scratch = {0};
    const char *t = safe_str(&scratch, text ? text : "", SAFE_CONTROLS);
    t += strspn(t, " ");
    for (bool first = true; *t; first = false) {
        size_t word = strcspn(t, " ");
        if (!first && width && col > indent && col + 1 + word > width) {
            buf_putc(out, '\n');
            for (size_t i = 0; i < indent; i++) buf_putc(out, ' ');
            col = indent;
        } else if (!first) {
            buf_putc(out, ' ');
            col++;
        }
        buf_append(out, t, word);
        col += word;
        t += word;
        t += strspn(t, " ");
    }
    buf_free(&scratch);
}

/* The display width of what follows the last newline of out (ASCII-ish: bytes). */
static size_t column(const buf *out)
{
    size_t n = 0;
    for (size_t i = out->len; i > 0 && out->data[i - 1] != '\n'; i--) n++;
    return n;
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

/* "  blocker app.py:3  message  [rule]", wrapped at width */
static void write_finding_line(const style *s, const finding *f, size_t width, buf *out)
{
    buf_printf(out, "  %s%-7s%s ", severity_color(s, f->severity), severity_name(f->severity), s->reset);
    put_at(out, f->file, f->line);
    if (f->cell) buf_printf(out, " (cell %u%s, line %u)", f->cell, f->in_output ? " output" : "", f->cell_line);
    buf_puts(out, "  ");
    buf text = {0};
    buf_printf(&text, "%s [%s]", f->message, f->rule);
    put_wrapped(out, text.data, column(out), 10, width);
    buf_free(&text);
    buf_putc(out, '\n');
}

/* --verbose: every finding, at most FINDINGS_PER_SEVERITY of each severity (the JSON
 * report has them all). */
static void write_findings(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    if (!r->findings.len) return;
    buf_printf(out, "\n%sFindings%s (%zu)\n", s->bold, s->reset, r->findings.len);
    for (int sev = SEV_BLOCKER; sev >= SEV_INFO; sev--) {
        size_t shown = 0, more = 0;
        for (size_t i = 0; i < r->findings.len; i++) {
            const finding *f = &r->findings.items[i];
            if ((int)f->severity != sev) continue;
            if (!o->verbose && f->effect == EFFECT_SUPPORTS) continue;
            if (shown == FINDINGS_PER_SEVERITY) { more++; continue; }
            write_finding_line(s, f, o->width, out);
            shown++;
            if (f->remediation && f->severity == SEV_BLOCKER) {
                buf_puts(out, "          fix: ");
                put_wrapped(out, f->remediation, 15, 15, o->width);
                buf_putc(out, '\n');
            }
        }
        if (more)
            buf_printf(out, "  %sand %zu more %s finding%s (--format json lists them)%s\n", s->dim, more,
                       severity_name((severity)sev), more == 1 ? "" : "s", s->reset);
    }
}

static const char *decision_color(const style *s, score_decision d)
{
    return d == DECISION_SHIP ? s->green : d == DECISION_REFACTOR ? s->yellow : s->red;
}

/* The decision line first (the one --quiet prints), then why. */
static void write_decision(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    const score_result *sc = &r->score;
    buf line = {0};
    report_decision_line(r, &line);
    buf_printf(out, "\n%s%s%s%s\n", s->bold, decision_color(s, sc->decision), line.data, s->reset);
    buf_free(&line);
    for (size_t i = 0; i < sc->n_reasons; i++) {
        buf_puts(out, "  - ");
        put_wrapped(out, sc->reasons[i], 4, 4, o->width);
        buf_putc(out, '\n');
    }
}

static void write_pillar_table(const scan_result *r, const style *s, buf *out)
{
    const score_result *sc = &r->score;
    buf_printf(out, "\n%sScore%s %u/50 (verified %u, attested %u)  risk: %s  weighted index: %.1f\n", s->bold,
               s->reset, sc->score, sc->verified, sc->attested, score_risk_name(sc->risk), sc->weighted_index);
    buf_printf(out, "  %u of 50 items had evidence: %u Ready, %u Needs Review, %u Blocker, %u n/a\n",
               sc->with_evidence, sc->ready, sc->needs_review, sc->blockers, sc->not_applicable);
    buf_printf(out, "\n  %-42s %5s %6s %7s %4s\n", "pillar", "ready", "review", "blocker", "n/a");
    for (int p = 1; p <= CHECKLIST_PILLARS; p++) {
        const score_pillar *sp = &sc->pillars[p - 1];
        buf_printf(out, "  %d %-40s %5u %6u %s%7u%s %4u\n", p, checklist_pillar_name(r->checklist, p),
                   sp->ready, sp->needs_review, sp->blockers ? s->red : "", sp->blockers,
                   sp->blockers ? s->reset : "", sp->not_applicable);
    }
}

/* The user's own mistakes (report_warn.c). */
static void write_warnings(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    report_warnings w = {0};
    report_warnings_collect(r, &w);
    if (w.len) buf_printf(out, "\n%s%sWarnings%s (%zu)\n", s->bold, s->yellow, s->reset, w.len);
    for (size_t i = 0; i < w.len; i++) {
        buf_puts(out, "  ");
        put_wrapped(out, w.items[i], 2, 6, o->width);
        buf_putc(out, '\n');
    }
    report_warnings_free(&w);
}

/* "     file:line  message [rule] (in baseline)" under an item, wrapped. */
static void write_evidence(const scan_result *r, const style *s, const report_options *o, size_t idx, buf *out)
{
    const finding *f = &r->findings.items[idx];
    buf_puts(out, "     ");
    put_at(out, f->file, f->line);
    if (f->cell) buf_printf(out, " (cell %u%s, line %u)", f->cell, f->in_output ? " output" : "", f->cell_line);
    buf_puts(out, "  ");
    buf text = {0};
    buf_printf(&text, "%s [%s]%s", f->message, f->rule, report_baselined(r, idx) ? " (in baseline)" : "");
    put_wrapped(out, text.data, column(out), 7, o->width);
    buf_free(&text);
    buf_putc(out, '\n');
    (void)s;
}

/* Each Blocker item with its blocking findings, and each fix once per item. (An item's
 * list of evidence can be extended here without moving anything else.) */
static void write_blockers(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    if (!r->score.blockers) return;
    buf_printf(out, "\n%sBlockers%s (%u)\n", s->bold, s->reset, r->score.blockers);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &r->items.items[i];
        if (it->status != ITEM_BLOCKER) continue;
        buf_printf(out, "  %s%2d%s ", s->red, it->id, s->reset);
        put(out, it->title);
        buf_putc(out, '\n');
        const char *last_fix = NULL;
        size_t shown = 0, more = 0, cap = o->verbose ? BLOCKERS_PER_ITEM_VERBOSE : BLOCKERS_PER_ITEM;
        for (size_t k = 0; k < it->n_grounds; k++) { /* its blockers in operative code or config */
            const finding *f = &r->findings.items[it->grounds[k]];
            if (shown == cap) { more++; continue; }
            shown++;
            write_evidence(r, s, o, it->grounds[k], out);
            if (f->remediation && !(last_fix && !strcmp(last_fix, f->remediation))) {
                buf_puts(out, "       fix: ");
                put_wrapped(out, f->remediation, 12, 12, o->width);
                buf_putc(out, '\n');
                last_fix = f->remediation;
            }
        }
        if (more)
            buf_printf(out, "     %sand %zu more blocking finding%s (%s)%s\n", s->dim, more, more == 1 ? "" : "s",
                       o->verbose ? "--format json lists them" : "--verbose shows more", s->reset);
    }
}

/* Up to five things to do, most pressing first: the fix of each rule with blocking
 * findings, then of the rules with the most warnings. */
#define TOP_ACTIONS 5
static void write_actions(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    const finding *pick[TOP_ACTIONS];
    size_t count[TOP_ACTIONS], n = 0;
    for (int pass = 0; pass < 2 && n < TOP_ACTIONS; pass++) {
        severity want = pass == 0 ? SEV_BLOCKER : SEV_WARNING;
        /* rules in order of how many findings they have at this severity */
        for (;;) {
            const finding *best = NULL;
            size_t best_n = 0;
            for (size_t i = 0; i < r->findings.len; i++) {
                const finding *f = &r->findings.items[i];
                if (f->severity != want || f->effect != EFFECT_VIOLATES || !f->remediation) continue;
                bool taken = false;
                for (size_t k = 0; k < n && !taken; k++) taken = !strcmp(pick[k]->rule, f->rule);
                if (taken || (best && !strcmp(best->rule, f->rule))) continue;
                size_t c = 0;
                for (size_t j = 0; j < r->findings.len; j++)
                    c += r->findings.items[j].severity == want && !strcmp(r->findings.items[j].rule, f->rule);
                if (c > best_n) { best = f; best_n = c; }
            }
            if (!best || n == TOP_ACTIONS) break;
            pick[n] = best;
            count[n++] = best_n;
        }
    }
    if (!n) return;
    buf_printf(out, "\n%sTop actions%s\n", s->bold, s->reset);
    for (size_t i = 0; i < n; i++) {
        buf_printf(out, "  %zu. ", i + 1);
        buf text = {0};
        buf_printf(&text, "%s [%s, %zu %s finding%s]", pick[i]->remediation, pick[i]->rule, count[i],
                   severity_name(pick[i]->severity), count[i] == 1 ? "" : "s");
        put_wrapped(out, text.data, 5, 5, o->width);
        buf_free(&text);
        buf_putc(out, '\n');
    }
}

/* Needs Review: a short table (number, title); with --verbose each item's evidence and
 * what to check. */
static void write_review(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    if (!r->score.needs_review) return;
    buf_printf(out, "\n%sNeeds Review%s (%u)\n", s->bold, s->reset, r->score.needs_review);
    if (!o->verbose)
        buf_printf(out, "  %s`aiready explain N` says what to check; --verbose lists the evidence%s\n", s->dim, s->reset);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &r->items.items[i];
        if (it->status != ITEM_NEEDS_REVIEW) continue;
        buf_printf(out, "  %s%2d%s ", s->yellow, it->id, s->reset);
        put(out, it->title);
        if (!o->verbose && (it->n_violating || it->n_supporting))
            buf_printf(out, "  %s(%zu finding%s)%s", s->dim, it->n_evidence, it->n_evidence == 1 ? "" : "s", s->reset);
        buf_putc(out, '\n');
        if (!o->verbose) continue;
        size_t shown = it->n_evidence < EVIDENCE_PER_ITEM ? it->n_evidence : EVIDENCE_PER_ITEM;
        for (size_t k = 0; k < shown; k++) write_evidence(r, s, o, it->evidence[k], out);
        if (shown < it->n_evidence)
            buf_printf(out, "     %sand %zu more (--format json lists them)%s\n", s->dim, it->n_evidence - shown, s->reset);
        buf_printf(out, "     %s", s->dim);
        put_wrapped(out, it->summary, 5, 5, o->width);
        buf_printf(out, "%s\n", s->reset);
    }
}

/* What a Ready item rests on, for a reviewer to check in a minute: the findings that
 * prove it (file:line, rule), the model calls a coverage item counted, or the attestation. */
#define READY_GROUNDS_SHOWN 5

static void write_ready_basis(const scan_result *r, const resolved_item *it, const style *s,
                              const report_options *o, buf *out)
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
    for (size_t k = 0; k < n; k++) write_evidence(r, s, o, it->grounds[k], out);
    if (it->n_grounds > n) buf_printf(out, "     %s(and %zu more)%s\n", s->dim, it->n_grounds - n, s->reset);
}

/* Ready items by number and title, each with what it rests on beneath. */
static void write_ready(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    if (!r->score.ready) return;
    buf_printf(out, "\n%sReady%s (%u)\n", s->bold, s->reset, r->score.ready);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &r->items.items[i];
        if (it->status != ITEM_READY) continue;
        buf_printf(out, "  %s%2d%s ", s->green, it->id, s->reset);
        put(out, it->title);
        buf_putc(out, '\n');
        write_ready_basis(r, it, s, o, out);
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
        put_wrapped(out, g->detail, 17 + name.len, 4, o->width);
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
        write_finding_line(s, f, o->width, out);
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
            put_wrapped(out, x->reason ? x->reason : "(no reason given)", column(out), 6, o->width);
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
    put_wrapped(out, line.data, 2, 4, o->width);
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

/* The decision, the user's mistakes, the gates, the blockers and the top actions lead;
 * then the items to review and the ones met, the pillars, and the details. */
void report_text(const scan_result *r, const report_options *o, buf *out)
{
    style s = make_style(o->color);
    write_files(r, &s, out);
    if (r->calls.len) buf_printf(out, "  model call sites: %zu\n", r->calls.len);
    if (r->changed_only)
        buf_puts(out, "  findings: on changed lines only (--diff / --staged); items and score: the whole tree\n");
    if (r->checklist) write_decision(r, &s, o, out);
    write_warnings(r, &s, o, out);
    write_gates(o, &s, out);
    if (r->checklist) {
        write_blockers(r, &s, o, out);
        write_actions(r, &s, o, out);
        write_review(r, &s, o, out);
        write_ready(r, &s, o, out);
        write_pillar_table(r, &s, out);
    }
    write_repo_config(r, &s, o, out);
    write_other_findings(r, &s, o, out);
    write_suppressed(r, &s, o, out);
    if (o->verbose) write_findings(r, &s, o, out);
}
