/* explain: one text per item, built as titled sections and rendered either as wrapped
 * terminal text or as Markdown, so that `aiready explain` and docs/items.md agree. */
#include "explain.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define EXPLAIN_WIDTH 80
#define EXPLAIN_INDENT 2

bool explain_parse_item(const char *arg, int *item)
{
    if (!arg) return false;
    if (*arg == '#') arg++;
    else if (strncmp(arg, "item", 4) == 0) arg += arg[4] == '-' ? 5 : 4;
    if (!isdigit((unsigned char)*arg)) return false;
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || v < 1 || v > CHECKLIST_ITEMS) return false;
    *item = (int)v;
    return true;
}

/* ---- sentences (md: Markdown inline code, else plain) --------------------------- */

static void code(buf *b, const char *s, bool md)
{
    buf_printf(b, md ? "`%s`" : "%s", s);
}

static void globs(buf *b, const checklist_globs *g, bool md)
{
    for (size_t i = 0; i < g->len; i++) {
        if (i) buf_puts(b, i + 1 == g->len ? " or " : ", ");
        code(b, g->items[i], md);
    }
}

static const char *attribute_meaning(checklist_attribute a)
{
    switch (a) {
    case ATTR_LOGGED: return "that are logged or traced (logged is true)";
    case ATTR_RETRY: return "that retry on failure (retry is explicit or sdk-default)";
    case ATTR_TIMEOUT: return "with an explicit timeout (timeout is explicit; SDK defaults do not count)";
    case ATTR_ERROR_HANDLED: return "whose errors are handled (error_handled is true)";
    case ATTR_MAX_TOKENS: return "with a token limit (max_tokens is true)";
    case ATTR_OUTPUT_VALIDATED:
        return "whose output is validated (output_validated is \"true\"; \"weak\" does not count)";
    case ATTR_MODEL_PINNED: return "with a pinned model (model_pinned is true: the resolved id is a dated snapshot; an unresolved id from configuration does not count)";
    case ATTR_PROMPT_VERSIONED:
        return "whose prompt comes from a versioned file or a registry (prompt_source is file or registry)";
    default: return "";
    }
}

static void presence_sentence(buf *b, const checklist_item *it, bool md)
{
    if (it->n_parts == 0) {
        buf_puts(b, "Ready when at least one proving finding is present; otherwise Needs Review.");
        return;
    }
    buf_printf(b, "Ready when every one of %zu parts has a proving finding: ", it->n_parts);
    for (size_t p = 0; p < it->n_parts; p++) {
        buf_printf(b, "%s%s (rules ", p ? "; " : "", it->parts[p].name);
        globs(b, &it->parts[p].rules, md);
        buf_putc(b, ')');
    }
    buf_puts(b, ". With only some parts found it is Needs Review, naming what is missing.");
}

static void coverage_sentence(buf *b, const checklist_item *it, bool md)
{
    buf_printf(b, "Counts the detected model calls %s. Ready when every call qualifies "
               "(reported as \"N of M model calls\"); Needs Review when any does not. ",
               attribute_meaning(it->attribute));
    if (it->n_parts) {
        buf_puts(b, "It also needs ");
        for (size_t p = 0; p < it->n_parts; p++) {
            buf_printf(b, "%s%s (rules ", p ? "; " : "", it->parts[p].name);
            globs(b, &it->parts[p].rules, md);
            buf_putc(b, ')');
        }
        buf_puts(b, ": covered calls alone are not enough. ");
    }
    if (it->without_calls == WITHOUT_CALLS_PRESENCE) {
        buf_puts(b, "With no model calls detected it is judged by presence: ");
        presence_sentence(b, it, md);
    } else {
        buf_puts(b, "With no model calls detected it is Needs Review: never Ready from nothing.");
    }
    buf_puts(b, " Calls under tests and fixtures are listed but not counted.");
}

static void documents_sentence(buf *b, const checklist_item *it, bool md)
{
    buf_puts(b, "Ready only from a document (a supporting finding from rules ");
    globs(b, &it->document_rules, md);
    buf_puts(b, ") or a valid attestation. Code signals are shown as context but never make it Ready.");
}

static void judged_section(buf *b, const checklist_item *it, bool md)
{
    checklist_strategy s = it->strategy;
    buf_printf(b, md ? "Strategy **%s**. " : "Strategy: %s. ", checklist_strategy_name(s));
    if (s == STRATEGY_VIOLATION) {
        buf_printf(b, "A violating finding of severity blocker makes it a Blocker. Otherwise the "
                   "fallback strategy, %s, decides. ", checklist_strategy_name(it->fallback));
        s = it->fallback;
    }
    switch (s) {
    case STRATEGY_PRESENCE: presence_sentence(b, it, md); break;
    case STRATEGY_COVERAGE: coverage_sentence(b, it, md); break;
    case STRATEGY_ATTESTATION: documents_sentence(b, it, md); break;
    default: break;
    }
    if (it->strategy != STRATEGY_VIOLATION)
        buf_puts(b, " As for every item, a violating finding of severity blocker makes it a Blocker.");
}

static const char *proof_words(checklist_proof p)
{
    switch (p) {
    case PROOF_DOCUMENTS: return "the project's own documentation (README, docs/, runbooks, policies)";
    case PROOF_OPERATIVE_OR_DOCS: return "operative code, applied configuration or the project's own documentation";
    case PROOF_TESTS: return "operative code, applied configuration or the project's own tests";
    default: return "operative code or applied configuration";
    }
}

static void evidence_section(buf *b, const checklist_item *it, bool md)
{
    buf_puts(b, it->ready_evidence);
    buf_printf(b, " Proof counts only from %s; tests (unless stated), examples, scripts, notebooks, "
               "comments, data files, dumps, vendored or third-party documents, translations and example "
               "env files never prove it, and a rule of strength `indicates` only indicates",
               proof_words(it->proof));
    if (it->indicate_rules.len) {
        buf_puts(b, " (for this item also ");
        globs(b, &it->indicate_rules, md);
        buf_putc(b, ')');
    }
    buf_puts(b, ".");
    buf_printf(b, " aiready reads the findings that name item %d", it->id);
    if (it->evidence_rules.len) {
        buf_puts(b, " and come from rules ");
        globs(b, &it->evidence_rules, md);
    }
    buf_puts(b, "; warnings and informative findings are shown as context.");
}

static void blocker_section(buf *b, const checklist_item *it)
{
    if (it->blocker_evidence) buf_puts(b, it->blocker_evidence);
    else buf_puts(b, "Nothing specific to this item is detected as a Blocker; a rule may still "
                  "report a blocker-severity violation against it.");
}

static void attestation_section(buf *b, const checklist_item *it, bool md)
{
    if (it->attest_ready && it->attest_not_applicable)
        buf_puts(b, "A valid attestation may declare it Ready or not applicable when detection falls short.");
    else if (it->attest_ready)
        buf_puts(b, "A valid attestation may declare it Ready when detection falls short, "
                 "but not declare it not applicable.");
    else if (it->attest_not_applicable)
        buf_puts(b, "An attestation may only declare it not applicable.");
    else
        buf_puts(b, "It cannot be attested: its evidence must be detected in the code.");
    if (it->attestation_keywords && (it->attest_ready || it->attest_not_applicable)) {
        buf_puts(b, " A repository document given as attestation evidence should match ");
        code(b, it->attestation_keywords, md);
        buf_putc(b, '.');
    }
    buf_puts(b, " An attestation never overrides a Blocker.");
}

static void na_section(buf *b, const checklist_item *it, bool md)
{
    if (it->has_na_condition) {
        buf_puts(b, "When ");
        if (it->na_no_evidence_from.len) {
            buf_puts(b, "no finding anywhere comes from rules ");
            globs(b, &it->na_no_evidence_from, md);
        }
        if (it->na_no_model_calls)
            buf_printf(b, "%sno model call is detected", it->na_no_evidence_from.len ? " and " : "");
        buf_printf(b, ": \"%s\"", it->na_reason ? it->na_reason : "");
        if (it->attest_not_applicable) buf_puts(b, " An attestation may also declare it not applicable.");
    } else if (it->attest_not_applicable) {
        buf_puts(b, "No detected condition; only an attestation can declare it not applicable.");
    } else {
        buf_puts(b, "Never: this item always applies.");
    }
}

/* ---- sections ------------------------------------------------------------------- */

enum { S_MEANING, S_JUDGED, S_EVIDENCE, S_BLOCKER, S_ATTEST, S_NA, S_CHECK, S_FIX, S_COUNT };
static const char *const section_titles[S_COUNT] = {
    "What it means", "How it is judged", "Evidence that counts", "What makes it a Blocker",
    "Attestation", "Not applicable", "Needs Review: what to check", "How to fix"};

static void section_text(buf *b, int s, const checklist_item *it, bool md)
{
    switch (s) {
    case S_MEANING: buf_puts(b, it->description); break;
    case S_JUDGED: judged_section(b, it, md); break;
    case S_EVIDENCE: evidence_section(b, it, md); break;
    case S_BLOCKER: blocker_section(b, it); break;
    case S_ATTEST: attestation_section(b, it, md); break;
    case S_NA: na_section(b, it, md); break;
    case S_CHECK: buf_puts(b, it->needs_review); break;
    case S_FIX: buf_puts(b, it->remediation); break;
    default: break;
    }
}

/* Appends text word-wrapped to `width`, each line indented. */
static void wrap(buf *out, const char *text, int indent, int width)
{
    const char *p = text;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        int col = indent;
        buf_printf(out, "%*s", indent, "");
        bool first = true;
        while (*p) {
            size_t w = strcspn(p, " ");
            if (!first && col + 1 + (int)w > width) break;
            if (!first) { buf_putc(out, ' '); col++; }
            buf_append(out, p, w);
            col += (int)w;
            p += w;
            while (*p == ' ') p++;
            first = false;
        }
        buf_putc(out, '\n');
    }
}

void explain_item(const checklist *cl, int item, buf *out)
{
    const checklist_item *it = checklist_item_get(cl, item);
    if (!it) {
        buf_printf(out, "aiready: no checklist item %d (items are 1 to %d)\n", item, CHECKLIST_ITEMS);
        return;
    }
    buf_printf(out, "Item %d: %s\n", it->id, it->title);
    buf_printf(out, "Pillar %d, %s (weight %g)\n", it->pillar, checklist_pillar_name(cl, it->pillar),
               checklist_pillar_weight(cl, it->pillar));
    for (int s = 0; s < S_COUNT; s++) {
        buf text = {0};
        section_text(&text, s, it, false);
        buf_printf(out, "\n%s\n", section_titles[s]);
        wrap(out, text.data ? text.data : "", EXPLAIN_INDENT, EXPLAIN_WIDTH);
        buf_free(&text);
    }
}

void explain_item_markdown(const checklist *cl, int item, buf *out)
{
    const checklist_item *it = checklist_item_get(cl, item);
    if (!it) return;
    buf_printf(out, "<a id=\"item-%d\"></a>\n\n### %d. %s\n\n", it->id, it->id, it->title);
    for (int s = 0; s < S_COUNT; s++) {
        buf text = {0};
        section_text(&text, s, it, true);
        buf_printf(out, "**%s.** %s\n\n", section_titles[s], text.data ? text.data : "");
        buf_free(&text);
    }
}

static void markdown_index(const checklist *cl, buf *out)
{
    buf_puts(out, "| # | Item | Pillar | Strategy | Not applicable when | Attestation |\n"
                  "|---|------|--------|----------|---------------------|-------------|\n");
    for (int id = 1; id <= CHECKLIST_ITEMS; id++) {
        const checklist_item *it = checklist_item_get(cl, id);
        if (!it) continue;
        buf_printf(out, "| %d | [%s](#item-%d) | %d | %s", id, it->title, id, it->pillar,
                   checklist_strategy_name(it->strategy));
        if (it->strategy == STRATEGY_VIOLATION)
            buf_printf(out, " [%s]", checklist_strategy_name(it->fallback));
        if (it->attribute != ATTR_NONE) buf_printf(out, " (%s)", checklist_attribute_name(it->attribute));
        buf_printf(out, " | %s | %s%s%s |\n", it->has_na_condition ? "condition" : "-",
                   it->attest_ready ? "ready" : "",
                   it->attest_ready && it->attest_not_applicable ? ", " : "",
                   it->attest_not_applicable ? "n/a" : (it->attest_ready ? "" : "no"));
    }
}

void explain_markdown(const checklist *cl, buf *out)
{
    buf_puts(out,
             "# The 50 checklist items\n\n"
             "<!-- Generated from rules/checklist.yaml by explain_markdown(); do not edit by hand.\n"
             "     Regenerate: make build/tests/test_explain && AIREADY_UPDATE_DOCS=1 build/tests/test_explain -->\n\n"
             "What each item of the AI production readiness checklist means, how aiready judges it,\n"
             "which evidence counts, what a reviewer should check when it is Needs Review, and how\n"
             "to fix it. `aiready explain N` prints the same text for one item. Statuses, scoring\n"
             "and the decision are described in [scoring.md](scoring.md); the file format of\n"
             "`rules/checklist.yaml` in [checklist-format.md](checklist-format.md).\n\n");
    markdown_index(cl, out);
    for (int p = 1; p <= CHECKLIST_PILLARS; p++) {
        buf_printf(out, "\n## Pillar %d: %s (weight %g)\n\n", p, checklist_pillar_name(cl, p),
                   checklist_pillar_weight(cl, p));
        for (int id = 1; id <= CHECKLIST_ITEMS; id++) {
            const checklist_item *it = checklist_item_get(cl, id);
            if (it && it->pillar == p) explain_item_markdown(cl, id, out);
        }
    }
}
