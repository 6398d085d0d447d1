/* report_sarif: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 *
 * One run. A rule (reportingDescriptor) per rule id that produced a result, with the
 * checklist item's meaning and remediation as help text; a result per finding that
 * counts against an item (effect violates) and per malformed suppression. Inline
 * suppressed findings are results with an inSource suppression; with a baseline every
 * result carries baselineState (new, unchanged, updated), and the baseline's results
 * that are gone are written too, as absent (kind pass, level none). No timestamps and no absolute paths: two scans of the
 * same tree give the same file. Mapping in docs/reports.md. */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "report.h"
#include "report_config.h"
#include "rule_text.h"
#include "suppress.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define FINGERPRINT_KEY "aiready/v1"

/* Findings SARIF carries: problems, not the supporting or informative evidence. */
static bool is_result(const finding *f)
{
    return f->effect == EFFECT_VIOLATES || !strncmp(f->rule, "aiready.", 8);
}

/* SARIF baselineState (3.27.24); NULL without a baseline. */
static const char *state_name(baseline_state st)
{
    switch (st) {
    case BASELINE_NEW: return "new";
    case BASELINE_UNCHANGED: return "unchanged";
    case BASELINE_UPDATED: return "updated";
    case BASELINE_ABSENT: return "absent";
    default: return NULL;
    }
}

static const char *level_of(severity s)
{
    return s == SEV_BLOCKER ? "error" : s == SEV_WARNING ? "warning" : "note";
}

typedef struct rule_ref {
    const char *id;
    const finding *first; /* its first finding: its items when the rule is not known */
    severity worst;
} rule_ref;

/* The checklist items of a rule: the rule's own (every item its findings may name), else
 * those of its first finding. */
static void rule_items(const report_options *o, const rule_ref *rr, const uint8_t **items, uint8_t *n)
{
    rule_info ri;
    if (rule_text_info(o->rules, rr->id, &ri) && ri.n_items) {
        *items = ri.items;
        *n = ri.n_items;
    } else {
        *items = rr->first->items;
        *n = rr->first->n_items;
    }
}

typedef VEC(rule_ref) rule_refs;

static int cmp_rule(const void *a, const void *b)
{
    return strcmp(((const rule_ref *)a)->id, ((const rule_ref *)b)->id);
}

static void add_rule(rule_refs *rules, const finding *f)
{
    for (size_t i = 0; i < rules->len; i++)
        if (!strcmp(rules->items[i].id, f->rule)) {
            if (f->severity > rules->items[i].worst) rules->items[i].worst = f->severity;
            return;
        }
    rule_ref r = {f->rule, f, f->severity};
    VEC_PUSH(rules, r);
}

static size_t rule_index(const rule_refs *rules, const char *id)
{
    rule_ref key = {id, NULL, SEV_INFO};
    const rule_ref *r = bsearch(&key, rules->items, rules->len, sizeof key, cmp_rule);
    return r ? (size_t)(r - rules->items) : 0;
}

static void collect_rules(const scan_result *r, rule_refs *rules)
{
    for (size_t i = 0; i < r->findings.len; i++)
        if (is_result(&r->findings.items[i])) add_rule(rules, &r->findings.items[i]);
    for (size_t i = 0; i < r->suppression.list.len; i++) {
        const suppression *s = &r->suppression.list.items[i];
        if (s->kind != SUPPRESS_BASELINE && is_result(&s->finding)) add_rule(rules, &s->finding);
    }
    for (size_t i = 0; i < r->suppression.absent.len; i++)
        if (is_result(&r->suppression.absent.items[i])) add_rule(rules, &r->suppression.absent.items[i]);
    if (rules->len) qsort(rules->items, rules->len, sizeof *rules->items, cmp_rule);
}

/* A repository path as a relative URI reference (RFC 3986): every byte outside the
 * unreserved characters, the sub-delims, '@' and the '/' separator is percent-encoded,
 * '%' included, so "pct%41.py", "a#b.py", "q?x=1.py" and a name with a newline or a
 * byte that is not UTF-8 each keep their own, valid URI. ':' is encoded too: in the
 * first segment of a relative reference it would read as a scheme ("c:x.py"). */
static void put_uri(buf *out, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || (c && strchr("-._~!$&'()*+,;=@/", c));
        if (keep) {
            buf_putc(out, (char)c);
        } else {
            buf_putc(out, '%');
            buf_putc(out, hex[c >> 4]);
            buf_putc(out, hex[c & 15]);
        }
    }
}

/* "artifactLocation": {"uri": ..., "uriBaseId": "%SRCROOT%"} */
static void write_artifact(json_writer *w, const char *path)
{
    buf uri = {0};
    put_uri(&uri, path);
    json_key(w, "artifactLocation");
    json_object_begin(w);
    json_kv_string(w, "uri", uri.data ? uri.data : "");
    json_kv_string(w, "uriBaseId", "%SRCROOT%");
    json_object_end(w);
    buf_free(&uri);
}

static void text_object(json_writer *w, const char *key, const char *text)
{
    json_key(w, key);
    json_object_begin(w);
    json_kv_string(w, "text", text);
    json_object_end(w);
}

/* What the rule finds, from the rule (rule_text.h), never from one of its findings; an id
 * neither the rules nor the stage table know gets a sentence naming its items. */
static void rule_description(const scan_result *r, const report_options *o, const rule_ref *rr, rule_text *t,
                             buf *fallback)
{
    if (rule_text_lookup(o->rules, rr->id, t)) return;
    const finding *f = rr->first;
    buf_printf(fallback, "aiready rule %s", rr->id);
    for (uint8_t k = 0; k < f->n_items; k++) {
        const checklist_item *it = r->checklist ? checklist_item_get(r->checklist, f->items[k]) : NULL;
        buf_printf(fallback, "%s%d", k ? ", " : ", evidence for checklist item ", f->items[k]);
        if (it) buf_printf(fallback, " (%s)", it->title);
    }
    buf_putc(fallback, '.');
    *t = (rule_text){fallback->data, NULL};
}

/* help.text / help.markdown: what the rule finds, each item it bears on, how to fix it
 * (the rule's own fix, else the first item's), where the items are documented. */
static void write_help(json_writer *w, const scan_result *r, const report_options *o, const rule_ref *rr,
                       const rule_text *t)
{
    const uint8_t *items;
    uint8_t n_items;
    rule_items(o, rr, &items, &n_items);
    buf text = {0}, md = {0};
    buf_printf(&text, "%s\n", t->description);
    buf_printf(&md, "%s\n", t->description);
    const char *fix = t->fix;
    for (uint8_t k = 0; k < n_items; k++) {
        const checklist_item *it = r->checklist ? checklist_item_get(r->checklist, items[k]) : NULL;
        if (!it) continue;
        buf_printf(&text, "\nChecklist item %d: %s. %s\n", it->id, it->title, it->description);
        buf_printf(&md, "\n**Checklist item %d: %s.** %s\n", it->id, it->title, it->description);
        if (!fix) fix = it->remediation;
    }
    if (fix) {
        buf_printf(&text, "\nHow to fix: %s\n", fix);
        buf_printf(&md, "\n**How to fix.** %s\n", fix);
    }
    /* a link only with --doc-base: a relative one would not resolve where SARIF is shown */
    bool linked = o->doc_base && *o->doc_base;
    for (uint8_t k = 0; k < n_items; k++) {
        buf url = {0};
        report_item_url(o, items[k], &url);
        if (linked) {
            buf_printf(&text, "%sDocumentation of item %d: %s (or run: aiready explain %d)\n", k ? "" : "\n",
                       items[k], url.data, items[k]);
            buf_printf(&md, "\nDocumentation: [item %d](%s) (or run `aiready explain %d`)\n", items[k], url.data,
                       items[k]);
        } else {
            buf_printf(&text, "%sMore on item %d: run aiready explain %d (docs/items.md in the aiready sources)\n",
                       k ? "" : "\n", items[k], items[k]);
            buf_printf(&md, "\nMore on item %d: run `aiready explain %d` (`docs/items.md` in the aiready sources)\n",
                       items[k], items[k]);
        }
        buf_free(&url);
    }
    json_key(w, "help");
    json_object_begin(w);
    json_kv_string(w, "text", text.data);
    json_kv_string(w, "markdown", md.data);
    json_object_end(w);
    buf_free(&text);
    buf_free(&md);
}

static void write_rule(json_writer *w, const scan_result *r, const report_options *o, const rule_ref *rr)
{
    const uint8_t *items;
    uint8_t n_items;
    rule_items(o, rr, &items, &n_items);
    rule_text rt;
    buf fallback = {0};
    rule_description(r, o, rr, &rt, &fallback);
    json_object_begin(w);
    json_kv_string(w, "id", rr->id);
    text_object(w, "shortDescription", rt.description);
    const checklist_item *it = n_items && r->checklist ? checklist_item_get(r->checklist, items[0]) : NULL;
    if (it) {
        buf full = {0};
        buf_printf(&full, "%s Checklist item %d, %s: %s", rt.description, it->id, it->title, it->description);
        text_object(w, "fullDescription", full.data);
        buf_free(&full);
    } else {
        text_object(w, "fullDescription", rt.description);
    }
    write_help(w, r, o, rr, &rt);
    buf_free(&fallback);
    if (it && o->doc_base && *o->doc_base) {
        buf url = {0};
        report_item_url(o, it->id, &url);
        json_kv_string(w, "helpUri", url.data);
        buf_free(&url);
    }
    json_key(w, "defaultConfiguration");
    json_object_begin(w);
    json_kv_string(w, "level", level_of(rr->worst));
    json_object_end(w);
    json_key(w, "properties");
    json_object_begin(w);
    json_key(w, "tags");
    json_array_begin(w);
    json_string(w, "aiready");
    bool security = false;
    for (uint8_t k = 0; k < n_items; k++) {
        buf t = {0};
        buf_printf(&t, "checklist-item-%d", items[k]);
        json_string(w, t.data);
        buf_free(&t);
        security |= (items[k] - 1) / 10 + 1 == 4;
    }
    if (security) json_string(w, "security");
    json_array_end(w);
    if (security) /* GitHub ranks security alerts by this score */
        json_kv_string(w, "security-severity", rr->worst == SEV_BLOCKER ? "8.0" : rr->worst == SEV_WARNING ? "5.0" : "2.0");
    json_key(w, "checklistItems");
    json_array_begin(w);
    for (uint8_t k = 0; k < n_items; k++) json_int(w, items[k]);
    json_array_end(w);
    json_object_end(w);
    json_object_end(w);
}

static void write_location(json_writer *w, const finding *f)
{
    if (!f->file || !*f->file) return;
    json_key(w, "locations");
    json_array_begin(w);
    json_object_begin(w);
    json_key(w, "physicalLocation");
    json_object_begin(w);
    write_artifact(w, f->file);
    if (f->line) {
        json_key(w, "region");
        json_object_begin(w);
        json_kv_int(w, "startLine", f->line);
        /* a notebook finding's columns are in its cell's line, not in the raw .ipynb line */
        if (f->column && !f->cell) json_kv_int(w, "startColumn", f->column);
        if (f->end_line >= f->line) {
            json_kv_int(w, "endLine", f->end_line);
            if (f->end_column && !f->cell && (f->end_line > f->line || f->end_column > f->column))
                json_kv_int(w, "endColumn", f->end_column);
        }
        if (f->snippet && *f->snippet) {
            json_key(w, "snippet");
            json_object_begin(w);
            json_kv_string(w, "text", f->snippet);
            json_object_end(w);
        }
        json_object_end(w);
    }
    json_object_end(w);
    json_object_end(w);
    json_array_end(w);
}

static void write_result(json_writer *w, const scan_result *r, const rule_refs *rules, const finding *f,
                         const suppression *sup, baseline_state state)
{
    json_object_begin(w);
    json_kv_string(w, "ruleId", f->rule);
    json_kv_int(w, "ruleIndex", (int64_t)rule_index(rules, f->rule));
    /* a result of the baseline that is gone: no problem now (3.27.9: level none) */
    if (state == BASELINE_ABSENT) json_kv_string(w, "kind", "pass");
    json_kv_string(w, "level", state == BASELINE_ABSENT ? "none" : level_of(f->severity));
    json_key(w, "message");
    json_object_begin(w);
    if (f->n_items) {
        buf m = {0};
        const checklist_item *it = r->checklist ? checklist_item_get(r->checklist, f->items[0]) : NULL;
        size_t n = strlen(f->message);
        bool stop = n && (f->message[n - 1] == '.' || f->message[n - 1] == '!' || f->message[n - 1] == '?');
        buf_printf(&m, "%s%s Checklist item %d%s%s.", f->message, stop ? "" : ".", f->items[0], it ? ": " : "",
                   it ? it->title : "");
        json_kv_string(w, "text", m.data);
        buf_free(&m);
    } else {
        json_kv_string(w, "text", f->message);
    }
    json_object_end(w);
    write_location(w, f);
    if (f->fingerprint) {
        json_key(w, "partialFingerprints");
        json_object_begin(w);
        json_kv_string(w, FINGERPRINT_KEY, f->fingerprint);
        json_object_end(w);
    }
    if (state_name(state)) json_kv_string(w, "baselineState", state_name(state));
    if (sup) {
        json_key(w, "suppressions");
        json_array_begin(w);
        json_object_begin(w);
        /* an aiready-ignore comment is in the source; the repository's .aiready.yml is not */
        json_kv_string(w, "kind", sup->kind == SUPPRESS_CONFIG ? "external" : "inSource");
        json_kv_string(w, "status", "accepted");
        if (sup->reason) json_kv_string(w, "justification", sup->reason);
        json_object_end(w);
        json_array_end(w);
    }
    json_key(w, "properties");
    json_object_begin(w);
    json_key(w, "checklistItems");
    json_array_begin(w);
    for (uint8_t k = 0; k < f->n_items; k++) json_int(w, f->items[k]);
    json_array_end(w);
    json_kv_string(w, "severity", severity_name(f->severity));
    if (f->remediation) json_kv_string(w, "remediation", f->remediation);
    if (f->cell) { /* in a notebook: docs/notebooks.md */
        json_kv_int(w, "notebookCell", f->cell);
        json_kv_int(w, "notebookCellLine", f->cell_line);
        if (f->in_output) json_kv_bool(w, "notebookOutput", true);
    }
    json_object_end(w);
    json_object_end(w);
}

/* Every result once: the findings (a baselined one is a finding too, state unchanged or
 * updated), the inline- and config-suppressed ones with their suppression, then with a
 * baseline its results that are gone (absent). */
static void write_results(json_writer *w, const scan_result *r, const rule_refs *rules)
{
    const suppression_state *st = &r->suppression;
    json_key(w, "results");
    json_array_begin(w);
    for (size_t i = 0; i < r->findings.len; i++) {
        const finding *f = &r->findings.items[i];
        if (is_result(f)) write_result(w, r, rules, f, NULL, st->states ? (baseline_state)st->states[i] : BASELINE_NONE);
    }
    for (size_t i = 0; i < st->list.len; i++) {
        const suppression *s = &st->list.items[i];
        if (s->kind != SUPPRESS_BASELINE && is_result(&s->finding)) write_result(w, r, rules, &s->finding, s, s->state);
    }
    for (size_t i = 0; i < st->absent.len; i++)
        if (is_result(&st->absent.items[i])) write_result(w, r, rules, &st->absent.items[i], NULL, BASELINE_ABSENT);
    json_array_end(w);
}

static void write_invocation(json_writer *w, const scan_result *r, const report_options *o)
{
    json_key(w, "invocations");
    json_array_begin(w);
    json_object_begin(w);
    json_kv_bool(w, "executionSuccessful", true);
    if (o->gates && o->gates->len) json_kv_int(w, "exitCode", gate_any_failed(o->gates) ? 1 : 0);
    json_key(w, "toolExecutionNotifications");
    json_array_begin(w);
    buf nothing = {0};
    report_config_nothing_scanned(r, &nothing);
    if (nothing.len) {
        json_object_begin(w);
        json_kv_string(w, "level", "error");
        text_object(w, "message", nothing.data);
        json_object_end(w);
    }
    buf_free(&nothing);
    report_warnings warnings = {0};
    report_warnings_collect(r, &warnings);
    for (size_t i = 0; i < warnings.len; i++) {
        json_object_begin(w);
        json_kv_string(w, "level", "warning");
        text_object(w, "message", warnings.items[i]);
        json_object_end(w);
    }
    report_warnings_free(&warnings);
    for (size_t i = 0; i < r->errors.len; i++) {
        json_object_begin(w);
        json_kv_string(w, "level", "warning");
        json_key(w, "message");
        json_object_begin(w);
        json_kv_string(w, "text", r->errors.items[i].message);
        json_object_end(w);
        if (r->errors.items[i].file && *r->errors.items[i].file) {
            json_key(w, "locations");
            json_array_begin(w);
            json_object_begin(w);
            json_key(w, "physicalLocation");
            json_object_begin(w);
            write_artifact(w, r->errors.items[i].file);
            json_object_end(w);
            json_object_end(w);
            json_array_end(w);
        }
        json_object_end(w);
    }
    json_array_end(w);
    json_object_end(w);
    json_array_end(w);
}

/* The verdict, for viewers that show run properties (GitHub does not). */
static void write_run_properties(json_writer *w, const scan_result *r, const report_options *o)
{
    const score_result *s = &r->score;
    json_key(w, "properties");
    json_object_begin(w);
    json_kv_int(w, "score", s->score);
    json_kv_int(w, "maxScore", CHECKLIST_ITEMS);
    json_kv_int(w, "verifiedScore", s->verified);
    json_kv_string(w, "riskLevel", score_risk_name(s->risk));
    json_kv_string(w, "decision", score_decision_name(s->decision));
    json_key(w, "repositoryConfig"); /* the JSON report's repository_config */
    report_json_repo_config(w, r);
    json_key(w, "reasons");
    json_array_begin(w);
    for (size_t i = 0; i < s->n_reasons; i++) json_string(w, s->reasons[i]);
    json_array_end(w);
    json_key(w, "items");
    json_object_begin(w);
    json_kv_int(w, "ready", s->ready);
    json_kv_int(w, "needsReview", s->needs_review);
    json_kv_int(w, "blocker", s->blockers);
    json_kv_int(w, "notApplicable", s->not_applicable);
    json_object_end(w);
    if (o->gates && o->gates->len) {
        json_key(w, "gates");
        json_array_begin(w);
        for (size_t i = 0; i < o->gates->len; i++) {
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
    json_object_end(w);
}

void report_sarif(const scan_result *r, const report_options *o, buf *out)
{
    rule_refs rules = {0};
    collect_rules(r, &rules);
    json_writer w;
    json_init(&w, out, false);
    json_object_begin(&w);
    json_kv_string(&w, "$schema", SARIF_SCHEMA);
    json_kv_string(&w, "version", "2.1.0");
    json_key(&w, "runs");
    json_array_begin(&w);
    json_object_begin(&w);
    json_key(&w, "tool");
    json_object_begin(&w);
    json_key(&w, "driver");
    json_object_begin(&w);
    json_kv_string(&w, "name", "aiready");
    json_kv_string(&w, "version", o->tool_version);
    json_kv_string(&w, "semanticVersion", o->tool_version);
    if (o->doc_base && *o->doc_base) {
        buf url = {0};
        size_t n = strlen(o->doc_base);
        while (n > 1 && o->doc_base[n - 1] == '/') n--;
        buf_printf(&url, "%.*s/reports.md", (int)n, o->doc_base);
        json_kv_string(&w, "informationUri", url.data);
        buf_free(&url);
    }
    json_key(&w, "rules");
    json_array_begin(&w);
    for (size_t i = 0; i < rules.len; i++) write_rule(&w, r, o, &rules.items[i]);
    json_array_end(&w);
    json_object_end(&w);
    json_object_end(&w);
    write_invocation(&w, r, o);
    write_results(&w, r, &rules);
    write_run_properties(&w, r, o);
    json_object_end(&w);
    json_array_end(&w);
    json_object_end(&w);
    VEC_FREE(&rules);
}
