/* report_md: GitHub-flavoured Markdown for pull-request comments and due-diligence
 * write-ups: the verdict and a summary table, gates, blockers with location, snippet and
 * fix, then one section per pillar with every item, and the suppressions honoured.
 * Every piece of scanned text is escaped, so a file name or a snippet cannot inject
 * markup, and its control characters are shown as escapes (safe_text.h), so a report
 * that is `cat`ed cannot drive the terminal either. */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_config.h"
#include "safe_text.h"

#define EVIDENCE_PER_ITEM 20

/* Text for a paragraph or a table cell: Markdown and HTML punctuation escaped, line
 * breaks folded to spaces. */
static void md_text(buf *out, const char *raw)
{
    if (!raw) return;
    buf safe = {0};
    for (const char *s = safe_str(&safe, raw, SAFE_CONTROLS | SAFE_LAYOUT); *s; s++) {
        char c = *s;
        switch (c) {
        case '\n': case '\r': buf_putc(out, ' '); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '&': buf_puts(out, "&amp;"); break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#': case '~':
            buf_putc(out, '\\');
            buf_putc(out, c);
            break;
        default: buf_putc(out, c);
        }
    }
    buf_free(&safe);
}

/* Inline code: a run of backticks longer than any inside s. In a table '|' is escaped
 * (GitHub reads \| inside a code span in a table cell as a literal bar; elsewhere a
 * backslash in a code span is literal). */
static void md_code(buf *out, const char *raw, bool table)
{
    buf safe = {0};
    const char *s = safe_str(&safe, raw, SAFE_CONTROLS | SAFE_LAYOUT);
    size_t run = 0, longest = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest) longest = run;
    }
    for (size_t i = 0; i <= longest; i++) buf_putc(out, '`');
    if (*s == '`' || (*s && s[strlen(s) - 1] == '`')) buf_putc(out, ' ');
    for (const char *p = s; *p; p++) {
        if (*p == '|' && table) buf_puts(out, "\\|");
        else if (*p == '\n' || *p == '\r') buf_putc(out, ' ');
        else buf_putc(out, *p);
    }
    if (*s == '`' || (*s && s[strlen(s) - 1] == '`')) buf_putc(out, ' ');
    for (size_t i = 0; i <= longest; i++) buf_putc(out, '`');
    buf_free(&safe);
}

/* A fenced block, indented for a list item; the fence is longer than any backtick run. */
static void md_fence(buf *out, const char *indent, const char *raw)
{
    buf safe = {0};
    const char *s = safe_str(&safe, raw, SAFE_CONTROLS | SAFE_LAYOUT);
    size_t run = 0, longest = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest) longest = run;
    }
    size_t n = longest < 3 ? 3 : longest + 1;
    buf_puts(out, indent);
    for (size_t i = 0; i < n; i++) buf_putc(out, '`');
    buf_putc(out, '\n');
    buf_puts(out, indent);
    for (const char *p = s; *p; p++) {
        buf_putc(out, *p);
        if (*p == '\n' && p[1]) buf_puts(out, indent);
    }
    if (!*s || s[strlen(s) - 1] != '\n') buf_putc(out, '\n');
    buf_puts(out, indent);
    for (size_t i = 0; i < n; i++) buf_putc(out, '`');
    buf_putc(out, '\n');
    buf_free(&safe);
}

/* A file name as inline code: escaped as in every format (safe_text.h, SAFE_PATH). */
static void md_path(buf *out, const char *path, bool table)
{
    buf safe = {0};
    md_code(out, safe_str(&safe, path, SAFE_CONTROLS | SAFE_PATH), table);
    buf_free(&safe);
}

static void location(buf *out, const finding *f, bool table)
{
    buf loc = {0};
    if (!f->file || !*f->file) buf_puts(&loc, "(repository)");
    else {
        safe_put(&loc, f->file, SAFE_CONTROLS | SAFE_PATH);
        if (f->line) buf_printf(&loc, ":%u", f->line);
    }
    if (f->cell) buf_printf(&loc, " (cell %u%s, line %u)", f->cell, f->in_output ? " output" : "", f->cell_line);
    md_code(out, loc.data, table);
    buf_free(&loc);
}

static void item_ref(buf *out, const report_options *o, int id)
{
    if (o->doc_base && *o->doc_base) {
        buf url = {0};
        report_item_url(o, id, &url);
        buf_printf(out, "[%d](%s)", id, url.data);
        buf_free(&url);
    } else {
        buf_printf(out, "%d", id);
    }
}

static const char *status_label(const resolved_item *it)
{
    return items_status_label(it->status);
}

static void write_header(const scan_result *r, const report_options *o, buf *out)
{
    const score_result *s = &r->score;
    buf_puts(out, "# aiready report: ");
    md_path(out, r->target, false);
    buf_puts(out, "\n\n");
    buf_printf(out, "**%s** · score **%u/50** · risk **%s** · weighted index %.1f\n\n",
               report_decision_label(s->decision), s->score, report_risk_label(s->risk), s->weighted_index);
    buf_puts(out, "| | |\n|---|---|\n");
    buf_printf(out, "| Decision | **%s** |\n", report_decision_label(s->decision));
    buf_printf(out, "| Score | %u of 50 (verified %u, attested %u; %u if every Needs Review item is resolved) |\n",
               s->score, s->verified, s->attested, s->ceiling);
    buf_printf(out, "| Risk level | %s |\n", report_risk_label(s->risk));
    buf_printf(out, "| Items | %u Ready · %u Needs Review · %u Blocker · %u Not applicable |\n", s->ready,
               s->needs_review, s->blockers, s->not_applicable);
    buf_printf(out, "| Evidence | %u of 50 items had evidence; %zu files scanned, %zu model call sites |\n",
               s->with_evidence, r->files_scanned, r->calls.len);
    size_t ni = suppression_count(&r->suppression, SUPPRESS_INLINE);
    size_t nb = suppression_count(&r->suppression, SUPPRESS_BASELINE);
    if (r->suppression.ignored) buf_puts(out, "| Suppressions | ignored (--no-suppress) |\n");
    else if (ni || r->suppression.baseline_file) {
        buf_printf(out, "| Suppressions | %zu inline", ni);
        if (r->suppression.baseline_file) {
            buf_printf(out, "; %zu finding%s in the baseline ", nb, nb == 1 ? "" : "s");
            md_path(out, r->suppression.baseline_file, true);
        }
        buf_puts(out, " |\n");
    }
    buf_printf(out, "| Tool | aiready %s |\n\n", o->tool_version);
    if (s->n_reasons) {
        buf_printf(out, "**Why %s**\n\n", report_decision_label(s->decision));
        for (size_t i = 0; i < s->n_reasons; i++) {
            buf_puts(out, "- ");
            md_text(out, s->reasons[i]);
            buf_putc(out, '\n');
        }
        buf_putc(out, '\n');
    }
}

/* The user's own mistakes (report_warn.c), at most 20 of them. */
static void write_warnings(const scan_result *r, buf *out)
{
    report_warnings w = {0};
    report_warnings_collect(r, &w);
    if (w.len) buf_printf(out, "> **Warnings (%zu)**\n", w.len);
    for (size_t i = 0; i < w.len && i < 20; i++) {
        buf_puts(out, "> - ");
        md_text(out, w.items[i]);
        buf_putc(out, '\n');
    }
    if (w.len > 20) buf_printf(out, "> - and %zu more (see the full report)\n", w.len - 20);
    if (w.len) buf_putc(out, '\n');
    report_warnings_free(&w);
}

/* What the repository's own .aiready.yml changed, entry by entry with its line. */
static void write_repo_config(const scan_result *r, buf *out)
{
    if (!r->repo.file) return;
    buf line = {0};
    report_config_nothing_scanned(r, &line);
    if (line.len) {
        buf_puts(out, "> **Warning.** ");
        md_text(out, line.data);
        buf_puts(out, "\n\n");
    }
    line.len = 0;
    report_config_headline(r, &line);
    buf_puts(out, "## Repository configuration\n\n");
    md_text(out, line.data);
    buf_puts(out, "\n\n");
    buf_free(&line);
    config_rows rows = {0};
    report_config_rows(r, false, &rows);
    if (rows.len) buf_puts(out, "| Line | Setting | Value | Effect |\n|---:|---|---|---|\n");
    for (size_t i = 0; i < rows.len; i++) {
        const config_row *row = &rows.items[i];
        if (row->line) buf_printf(out, "| %u | %s | ", row->line, row->setting);
        else buf_printf(out, "| | %s | ", row->setting);
        if (row->line) md_code(out, row->value, true);
        else md_text(out, row->value);
        buf_puts(out, " | ");
        if (row->notable) buf_puts(out, "**");
        md_text(out, row->effect);
        if (row->notable) buf_puts(out, "**");
        buf_puts(out, " |\n");
    }
    if (rows.len) buf_putc(out, '\n');
    report_config_rows_free(&rows);
}

static void write_gates(const report_options *o, buf *out)
{
    if (!o->gates || !o->gates->len) return;
    buf_puts(out, "## Gates\n\n| Gate | Result | Detail |\n|---|---|---|\n");
    for (size_t i = 0; i < o->gates->len; i++) {
        const gate_outcome *g = &o->gates->items[i];
        buf name = {0};
        gate_format(&g->gate, &name);
        buf_puts(out, "| ");
        md_code(out, name.data, true);
        buf_printf(out, " | %s | ", g->failed ? "❌ failed" : "✅ passed");
        md_text(out, g->detail);
        buf_puts(out, " |\n");
        buf_free(&name);
    }
    buf_putc(out, '\n');
}

static void write_pillar_table(const scan_result *r, buf *out)
{
    buf_puts(out, "## Pillars\n\n| Pillar | Weight | Met | Ready | Needs Review | Blocker | N/A |\n"
                  "|---|---:|---:|---:|---:|---:|---:|\n");
    for (int p = 1; p <= CHECKLIST_PILLARS; p++) {
        const score_pillar *sp = &r->score.pillars[p - 1];
        buf_printf(out, "| %d. ", p);
        md_text(out, checklist_pillar_name(r->checklist, p));
        buf_printf(out, " | %g | %u/%u | %u | %u | %s%u%s | %u |\n", sp->weight, sp->met, sp->items, sp->ready,
                   sp->needs_review, sp->blockers ? "**" : "", sp->blockers, sp->blockers ? "**" : "",
                   sp->not_applicable);
    }
    buf_putc(out, '\n');
}

static void evidence_line(const scan_result *r, size_t idx, buf *out, const char *indent)
{
    const finding *f = &r->findings.items[idx];
    buf_printf(out, "%s- ", indent);
    location(out, f, false);
    buf_puts(out, " ");
    md_text(out, f->message);
    buf_puts(out, " (");
    md_code(out, f->rule, false);
    buf_printf(out, ", %s %s", effect_name(f->effect), severity_name(f->severity));
    if (report_baselined(r, idx)) buf_puts(out, ", in baseline");
    buf_puts(out, ")\n");
}

/* One blocker finding: where, what, the snippet and the fix. */
static void blocker_entry(const scan_result *r, const resolved_item *it, size_t idx, buf *out)
{
    const finding *f = &r->findings.items[idx];
    buf_puts(out, "- ");
    location(out, f, false);
    buf_puts(out, " ");
    md_text(out, f->message);
    buf_puts(out, " (");
    md_code(out, f->rule, false);
    if (report_baselined(r, idx)) buf_puts(out, ", in baseline");
    buf_puts(out, ")\n");
    if (f->snippet && *f->snippet) md_fence(out, "  ", f->snippet);
    const checklist_item *ci = checklist_item_get(r->checklist, it->id);
    const char *fix = f->remediation ? f->remediation : ci ? ci->remediation : NULL;
    if (fix) {
        buf_puts(out, "\n  **Fix:** ");
        md_text(out, fix);
        buf_putc(out, '\n');
    }
}

/* How many of the grounds of each Blocker item (its blocking findings in operative code or
 * configuration) fit in budget bytes, taken in turns (the first of every item, then the
 * second...) so that every item shows its first ones. */
static void choose_blockers(const scan_result *r, size_t budget, size_t take[CHECKLIST_ITEMS])
{
    size_t used = 0, next[CHECKLIST_ITEMS] = {0};
    bool open[CHECKLIST_ITEMS];
    for (int i = 0; i < CHECKLIST_ITEMS; i++) open[i] = r->items.items[i].status == ITEM_BLOCKER;
    buf entry = {0};
    for (bool any = true; any;) {
        any = false;
        for (int i = 0; i < CHECKLIST_ITEMS; i++) {
            const resolved_item *it = &r->items.items[i];
            if (!open[i] || next[i] >= it->n_grounds) { open[i] = false; continue; }
            entry.len = 0;
            blocker_entry(r, it, it->grounds[next[i]], &entry);
            if (used + entry.len > budget) { open[i] = false; continue; }
            used += entry.len;
            take[i]++;
            next[i]++;
            any = true;
        }
    }
    buf_free(&entry);
}

/* The Blocker items with their blocking findings, within about budget bytes: the findings
 * that do not fit are counted instead. Returns how many were left out. */
static size_t write_blockers(const scan_result *r, const report_options *o, size_t budget, buf *out)
{
    if (!r->score.blockers) return 0;
    size_t take[CHECKLIST_ITEMS] = {0}, left_out = 0;
    choose_blockers(r, budget, take);
    buf_printf(out, "## Blockers (%u)\n\n", r->score.blockers);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &r->items.items[i];
        if (it->status != ITEM_BLOCKER) continue;
        buf_puts(out, "### ");
        item_ref(out, o, it->id);
        buf_puts(out, ". ");
        md_text(out, it->title);
        buf_printf(out, " (pillar %d)\n\n", it->pillar);
        size_t shown = 0, more = 0;
        for (size_t k = 0; k < it->n_grounds; k++) {
            if (shown == take[i]) { more++; continue; }
            blocker_entry(r, it, it->grounds[k], out);
            shown++;
        }
        if (more) buf_printf(out, "- *and %zu more (see the full report)*\n", more);
        left_out += more;
        buf_putc(out, '\n');
    }
    return left_out;
}

/* "- **N. Title** (basis)" — the line both Ready lists start an item with. */
static void ready_head(const resolved_item *it, const report_options *o, buf *out)
{
    buf_puts(out, "- **");
    item_ref(out, o, it->id);
    buf_puts(out, ". ");
    md_text(out, it->title);
    buf_printf(out, "** (%s)", items_basis_name(it->basis));
}

/* Each Ready item with what it rests on: the proving findings (file:line, rule), the model
 * calls a coverage item counted, or the attestation. */
static void write_ready(const scan_result *r, const report_options *o, buf *out)
{
    if (!r->score.ready) return;
    buf_printf(out, "## Ready (%u)\n\n", r->score.ready);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &r->items.items[i];
        if (it->status != ITEM_READY) continue;
        ready_head(it, o, out);
        buf_puts(out, ": ");
        md_text(out, it->summary);
        buf_putc(out, '\n');
        if (it->coverage_judged) {
            size_t shown = 0;
            for (size_t k = 0; k < r->calls.len && shown < EVIDENCE_PER_ITEM; k++) {
                const model_call *c = &r->calls.items[k];
                if (c->in_tests) continue;
                buf_puts(out, "  - model call ");
                buf loc = {0};
                buf_printf(&loc, "%s:%u", c->file, c->line);
                md_code(out, loc.data, false);
                buf_free(&loc);
                buf_putc(out, '\n');
                shown++;
            }
            if (it->total > shown) buf_printf(out, "  - and %zu more model calls\n", it->total - shown);
        }
        size_t n = it->n_grounds < EVIDENCE_PER_ITEM ? it->n_grounds : EVIDENCE_PER_ITEM;
        for (size_t k = 0; k < n; k++) evidence_line(r, it->grounds[k], out, "  ");
        if (it->n_grounds > n) buf_printf(out, "  - and %zu more (see the JSON report)\n", it->n_grounds - n);
    }
    buf_putc(out, '\n');
}

/* With a baseline: the findings it does not hold, worst first, within budget bytes. */
static size_t write_new_findings(const scan_result *r, size_t budget, buf *out)
{
    if (!r->suppression.baseline_file) return 0;
    size_t n = 0, left_out = 0, start = out->len;
    for (size_t i = 0; i < r->findings.len; i++)
        n += r->findings.items[i].effect == EFFECT_VIOLATES && !report_baselined(r, i);
    buf_printf(out, "## New findings (%zu)\n\n", n);
    if (!n) buf_puts(out, "Every finding that counts against an item is in the baseline.\n");
    buf line = {0};
    for (int sev = SEV_BLOCKER; sev >= SEV_INFO; sev--) {
        for (size_t i = 0; i < r->findings.len; i++) {
            const finding *f = &r->findings.items[i];
            if ((int)f->severity != sev || f->effect != EFFECT_VIOLATES || report_baselined(r, i)) continue;
            line.len = 0;
            evidence_line(r, i, &line, "");
            if (out->len - start + line.len > budget) left_out++;
            else buf_append(out, line.data, line.len);
        }
    }
    buf_free(&line);
    if (left_out) buf_printf(out, "- and %zu more (see the full report)\n", left_out);
    buf_putc(out, '\n');
    return left_out;
}

/* The Ready items alone, when their grounds do not fit. */
static void write_ready_brief(const scan_result *r, const report_options *o, buf *out)
{
    buf_printf(out, "## Ready (%u)\n\n", r->score.ready);
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &r->items.items[i];
        if (it->status != ITEM_READY) continue;
        ready_head(it, o, out);
        buf_putc(out, '\n');
    }
    buf_puts(out, "\n*What each Ready item rests on is in the full report.*\n\n");
}

/* Each pillar's items in a table; with evidence, each pillar's findings folded beneath. */
static void write_pillars(const scan_result *r, const report_options *o, bool evidence, buf *out)
{
    for (int p = 1; p <= CHECKLIST_PILLARS; p++) {
        const score_pillar *sp = &r->score.pillars[p - 1];
        buf_printf(out, "## Pillar %d: ", p);
        md_text(out, checklist_pillar_name(r->checklist, p));
        buf_printf(out, " (%u of %u met)\n\n", sp->met, sp->items);
        buf_puts(out, "| # | Item | Status | Basis | Summary |\n|---:|---|---|---|---|\n");
        for (int i = 0; i < CHECKLIST_ITEMS; i++) {
            const resolved_item *it = &r->items.items[i];
            if (it->pillar != p) continue;
            buf_puts(out, "| ");
            item_ref(out, o, it->id);
            buf_puts(out, " | ");
            md_text(out, it->title);
            bool strong = it->status == ITEM_BLOCKER;
            buf_printf(out, " | %s%s%s | %s | ", strong ? "**" : "", status_label(it), strong ? "**" : "",
                       items_basis_name(it->basis));
            md_text(out, it->summary);
            if (it->coverage_judged) buf_printf(out, " (%zu of %zu model calls)", it->covered, it->total);
            buf_puts(out, " |\n");
        }
        buf_putc(out, '\n');
        if (!evidence) continue;
        /* the evidence, folded */
        size_t with = 0;
        for (int i = 0; i < CHECKLIST_ITEMS; i++)
            if (r->items.items[i].pillar == p && r->items.items[i].n_evidence) with++;
        if (!with) continue;
        buf_puts(out, "<details><summary>Evidence</summary>\n\n");
        for (int i = 0; i < CHECKLIST_ITEMS; i++) {
            const resolved_item *it = &r->items.items[i];
            if (it->pillar != p || !it->n_evidence) continue;
            buf_printf(out, "- **%d. ", it->id);
            md_text(out, it->title);
            buf_puts(out, "**\n");
            size_t shown = it->n_evidence < EVIDENCE_PER_ITEM ? it->n_evidence : EVIDENCE_PER_ITEM;
            for (size_t k = 0; k < shown; k++) evidence_line(r, it->evidence[k], out, "  ");
            if (shown < it->n_evidence)
                buf_printf(out, "  - and %zu more (see the JSON report)\n", it->n_evidence - shown);
        }
        buf_puts(out, "\n</details>\n\n");
    }
}

static void write_suppressions(const scan_result *r, buf *out)
{
    const suppression_list *l = &r->suppression.list;
    if (!l->len) return;
    buf_printf(out, "## Suppressed findings (%zu)\n\n", l->len);
    buf_puts(out, "Not counted for items, score or gates when inline or disabled by the repository config; "
                  "baselined findings still count for items and score but do not fail gates.\n\n");
    buf_puts(out, "| Rule | Location | Kind | Reason |\n|---|---|---|---|\n");
    for (size_t i = 0; i < l->len; i++) {
        const suppression *s = &l->items[i];
        buf_puts(out, "| ");
        md_code(out, s->finding.rule, true);
        buf_puts(out, " | ");
        location(out, &s->finding, true);
        buf_printf(out, " | %s | ", suppression_kind_name(s->kind));
        if (s->reason) md_text(out, s->reason);
        else if (s->kind == SUPPRESS_INLINE) buf_puts(out, "(no reason given)");
        buf_puts(out, " |\n");
    }
    buf_putc(out, '\n');
}

/* Findings that belong to no item (malformed suppressions...) would otherwise not show. */
static void write_other_findings(const scan_result *r, buf *out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->findings.len; i++) n += r->findings.items[i].n_items == 0;
    if (!n) return;
    buf_printf(out, "## Other findings (%zu)\n\n", n);
    for (size_t i = 0; i < r->findings.len; i++)
        if (r->findings.items[i].n_items == 0) evidence_line(r, i, out, "");
    buf_putc(out, '\n');
}

static void write_scan(const scan_result *r, buf *out)
{
    size_t skipped = 0;
    for (int k = 1; k < SKIP_REASON_COUNT; k++) skipped += r->skipped_by_reason[k];
    buf_printf(out, "---\n\n%zu files scanned (%.1f MB), %zu skipped, %zu syntax errors, %zu problems. ",
               r->files_scanned, (double)r->bytes / 1e6, skipped, r->syntax_errors, r->errors.len);
    buf_puts(out, "Statuses: Ready, Needs Review, Blocker, Not applicable; `aiready explain N` prints what item N "
                  "means and how it is judged.\n");
}

/* The footer's room, kept free while the sections are placed. */
#define FOOTER_RESERVE 1200

static size_t room(const buf *out, size_t limit)
{
    return out->len + FOOTER_RESERVE < limit ? limit - out->len - FOOTER_RESERVE : 0;
}

/* Appends full when it fits in limit, else brief; returns whether it was shortened. */
static bool place(buf *out, size_t limit, const buf *full, const buf *brief)
{
    const buf *b = full->len <= room(out, limit) ? full : brief;
    if (b->len) buf_append(out, b->data, b->len);
    return b != full;
}

/* The pillar sections: with their evidence, without it, or as counts only. */
static bool place_pillars(const scan_result *r, const report_options *o, size_t limit, buf *out)
{
    buf full = {0}, tables = {0};
    write_pillars(r, o, true, &full);
    bool shortened = true;
    if (full.len <= room(out, limit)) {
        buf_append(out, full.data, full.len);
        shortened = false;
    } else {
        write_pillars(r, o, false, &tables);
        if (tables.len <= room(out, limit)) {
            buf_append(out, tables.data, tables.len);
            buf_puts(out, "*The evidence of each item is in the full report.*\n\n");
        } else {
            buf_printf(out, "*The %u Needs Review and %u Ready items are counted in the table of pillars; "
                            "each item is in the full report.*\n\n", r->score.needs_review, r->score.ready);
        }
    }
    buf_free(&full);
    buf_free(&tables);
    return shortened;
}

static void write_footer(const scan_result *r, const report_options *o, bool shortened, buf *out)
{
    if (shortened)
        buf_printf(out, "> **Shortened** to stay under %zu characters (a pull-request comment holds 65,536): "
                        "parts above are summarised with counts. The full report is the JSON, HTML or SARIF "
                        "report of the same scan (`aiready scan -o report.html`).\n\n", o->markdown_limit);
    write_scan(r, out);
}

void report_markdown(const scan_result *r, const report_options *o, buf *out)
{
    size_t limit = o->markdown_limit ? o->markdown_limit : (size_t)-1;
    buf body = {0};
    write_header(r, o, &body);
    if (r->changed_only)
        buf_puts(&body, "*Findings on the changed lines only; the items, the score and the decision are judged on "
                        "the whole tree.*\n\n");
    write_warnings(r, &body);
    write_repo_config(r, &body);
    write_gates(o, &body);
    write_pillar_table(r, &body);
    /* blockers and new findings first: they may use all but the room the pillar tables and
     * the summaries need */
    buf tables = {0};
    write_pillars(r, o, false, &tables);
    size_t reserve = 4000 + (tables.len < room(&body, limit) / 3 ? tables.len : 0);
    buf_free(&tables);
    size_t budget = room(&body, limit) > reserve ? room(&body, limit) - reserve : 0;
    bool shortened = write_blockers(r, o, budget, &body) > 0;
    budget = room(&body, limit) > reserve ? room(&body, limit) - reserve : 0;
    shortened |= write_new_findings(r, budget, &body) > 0;
    buf full = {0}, brief = {0};
    write_ready(r, o, &full); /* each Ready item with what it rests on, else the items alone */
    if (r->score.ready) write_ready_brief(r, o, &brief);
    shortened |= place(&body, limit, &full, &brief);
    full.len = brief.len = 0;
    shortened |= place_pillars(r, o, limit, &body);
    write_other_findings(r, &full);
    size_t n_other = 0;
    for (size_t i = 0; i < r->findings.len; i++) n_other += r->findings.items[i].n_items == 0;
    if (n_other) buf_printf(&brief, "## Other findings (%zu)\n\nListed in the full report.\n\n", n_other);
    shortened |= place(&body, limit, &full, &brief);
    full.len = brief.len = 0;
    write_suppressions(r, &full);
    if (r->suppression.list.len)
        buf_printf(&brief, "## Suppressed findings (%zu)\n\nListed in the full report.\n\n", r->suppression.list.len);
    shortened |= place(&body, limit, &full, &brief);
    buf_free(&full);
    buf_free(&brief);
    buf_append(out, body.data, body.len);
    buf_free(&body);
    write_footer(r, o, shortened, out);
}
