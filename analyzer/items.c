/* items: the status of each checklist item. Order of precedence, per item:
 *   1. a violating finding of severity blocker   -> Blocker (attestations are ignored)
 *   2. its not_applicable_when condition holds    -> Not applicable (detected)
 *   3. its strategy is met by detected evidence   -> Ready (detected)
 *   4. a valid attestation the item allows        -> Ready or Not applicable (attested)
 *   5. otherwise                                  -> Needs Review
 * Absence of evidence never yields Ready. */
#include "items.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "provenance.h"

/* Everything one resolution pass reads. */
typedef struct resolve_ctx {
    const finding *f;
    size_t nf;
    const model_call *calls;
    size_t nc;
    const attestation *att;
    size_t na;
} resolve_ctx;

static const char *const status_names[] = {"ready", "needs_review", "blocker", "not_applicable"};
static const char *const status_labels[] = {"Ready", "Needs Review", "Blocker", "Not applicable"};
static const char *const basis_names[] = {"none", "detected", "attested"};

const char *items_status_name(item_status s) { return (unsigned)s < ITEM_STATUS_COUNT ? status_names[s] : "?"; }
const char *items_status_label(item_status s) { return (unsigned)s < ITEM_STATUS_COUNT ? status_labels[s] : "?"; }
const char *items_basis_name(item_basis b) { return (unsigned)b < 3 ? basis_names[b] : "?"; }

static bool str_is(const char *s, const char *v) { return s && strcmp(s, v) == 0; }
static const char *rule_of(const finding *f) { return f->rule ? f->rule : ""; }
static const char *or_dash(const char *s) { return s && *s ? s : "?"; }

/* The file part of an attribute's source ("file:line" or "file:line what"). */
static size_t source_file_len(const char *src)
{
    for (const char *p = src; *p; p++)
        if (*p == ':' && p[1] >= '0' && p[1] <= '9') return (size_t)(p - src);
    return strlen(src);
}

/* Whether the evidence behind a call's attribute comes from a place that can prove it.
 * LABELLING: a tracing variable in an example env file, or a setting in a test or an
 * example, makes nothing happen in production. The call's own file is judged where the
 * call is (calls in scripts count for coverage, with what they themselves do). */
static bool source_operative(const model_call *c, const char *src)
{
    if (!src || !*src) return true;
    size_t n = source_file_len(src);
    if (c->file && strlen(c->file) == n && strncmp(c->file, src, n) == 0) return true;
    char *file = xstrndup(src, n);
    provenance_info p = provenance_of_path(file);
    free(file);
    return p.kind != PROV_OTHER;
}

bool items_call_satisfies(const model_call *c, checklist_attribute a)
{
    switch (a) {
    case ATTR_LOGGED: return c->logged && source_operative(c, c->logged_source);
    case ATTR_RETRY:
        return (str_is(c->retry, "explicit") && source_operative(c, c->retry_source)) || str_is(c->retry, "sdk-default");
    /* SDK default timeouts are minutes long (or absent): no latency budget. */
    case ATTR_TIMEOUT: return str_is(c->timeout, "explicit") && source_operative(c, c->timeout_source);
    case ATTR_ERROR_HANDLED: return c->error_handled;
    case ATTR_MAX_TOKENS: return c->max_tokens;
    case ATTR_OUTPUT_VALIDATED: return str_is(c->output_validated, "true");
        /* Judged on the resolved id only: an id read from configuration or the environment
     * that cannot be resolved here is not evidence of a pin (LABELLING: "a value that
     * cannot be resolved is not evidence"). */
    case ATTR_MODEL_PINNED: return c->model_pinned;
    case ATTR_PROMPT_VERSIONED: return str_is(c->prompt_source, "file") || str_is(c->prompt_source, "registry");
    default: return false;
    }
}

/* "7 of 9 model calls logged" */
static void coverage_phrase(buf *b, size_t covered, size_t total, checklist_attribute a)
{
    static const char *const phrase[ATTR_COUNT] = {
        "", "logged", "with retries", "with an explicit timeout", "with error handling",
        "with a token limit", "with validated output", "with a pinned model", "with a versioned prompt"};
    buf_printf(b, "%zu of %zu model call%s %s", covered, total, total == 1 ? "" : "s",
               (unsigned)a < ATTR_COUNT ? phrase[a] : "");
}

bool items_has_evidence(const resolved_item *r)
{
    return r->n_evidence > 0 || r->total > 0;
}

/* ---- evidence ------------------------------------------------------------------- */

/* Where a finding comes from: stamped while its file was read (a comment or docstring in
 * code is other text), else judged by its path. */
static provenance_info place_of(const finding *f)
{
    provenance_info p = provenance_of_path(f->file ? f->file : "");
    if (f->prov && f->prov != p.kind) {
        /* stamped from its place: a comment or docstring in code is other text; a script
         * the configuration runs is operative code (entrypoints.h) */
        p.why = f->prov == PROV_CODE ? "entry-point" : "comment";
        p.kind = (provenance)f->prov;
    }
    return p;
}

static bool place_proves(checklist_proof proof, provenance_info p)
{
    switch (proof) {
    case PROOF_OPERATIVE: return provenance_is_operative(p.kind);
    case PROOF_DOCUMENTS: return p.kind == PROV_DOCS;
    case PROOF_OPERATIVE_OR_DOCS: return provenance_is_operative(p.kind) || p.kind == PROV_DOCS;
    case PROOF_TESTS: return provenance_is_operative(p.kind) || (p.kind == PROV_OTHER && str_is(p.why, "test"));
    default: return false;
    }
}

bool items_finding_proves(const checklist_item *it, const finding *f)
{
    return f->effect == EFFECT_SUPPORTS && !f->indicates && place_proves(it->proof, place_of(f))
           && !(it->indicate_rules.len && checklist_globs_match(&it->indicate_rules, rule_of(f)));
}

bool items_finding_operative(const finding *f)
{
    return provenance_is_operative(place_of(f).kind);
}

bool items_finding_blocks(const checklist_item *it, const finding *f)
{
    if (f->effect != EFFECT_VIOLATES || f->severity != SEV_BLOCKER) return false;
    if (provenance_is_operative(place_of(f).kind)) return true;
    return it && it->published_rules.len && checklist_globs_match(&it->published_rules, rule_of(f));
}

static bool names_item(const finding *f, int id)
{
    for (unsigned i = 0; i < f->n_items && i < FINDING_MAX_ITEMS; i++)
        if (f->items[i] == id) return true;
    return false;
}

static void collect_evidence(const resolve_ctx *C, const checklist_item *it, resolved_item *r)
{
    VEC(size_t) ev = {0};
    for (size_t i = 0; i < C->nf; i++) {
        const finding *f = &C->f[i];
        if (!names_item(f, it->id)) continue;
        if (it->evidence_rules.len && !checklist_globs_match(&it->evidence_rules, rule_of(f))) continue;
        VEC_PUSH(&ev, i);
        if (f->effect == EFFECT_SUPPORTS) r->n_supporting++;
        if (items_finding_proves(it, f)) r->n_proving++;
        if (f->effect == EFFECT_VIOLATES) {
            r->n_violating++;
            if (items_finding_blocks(it, f)) r->n_blocking++;
            else if (f->severity >= SEV_WARNING) r->n_warning++;
        }
    }
    r->evidence = ev.items;
    r->n_evidence = ev.len;
}

/* The first evidence finding with this effect (of blocker severity if asked, from the
 * `only` globs if given), counting the others in *more. NULL when none. */
static const finding *first_of(const resolve_ctx *C, const resolved_item *r, effect e,
                               severity min_sev, const checklist_globs *only, size_t *more)
{
    const finding *first = NULL;
    *more = 0;
    for (size_t i = 0; i < r->n_evidence; i++) {
        const finding *f = &C->f[r->evidence[i]];
        if (f->effect != e || f->severity < min_sev) continue;
        if (min_sev == SEV_BLOCKER && !items_finding_blocks(NULL, f)) continue;
        if (only && !checklist_globs_match(only, rule_of(f))) continue;
        if (!first) first = f;
        else (*more)++;
    }
    return first;
}

/* The evidence findings that prove the item (from `only` when given), as the basis of a
 * detected Ready; the first of them in *first, the others counted in *more. */
static const finding *collect_basis(const resolve_ctx *C, const checklist_item *it, resolved_item *r,
                                    const checklist_globs *only, bool blocking, size_t *more)
{
    VEC(size_t) basis = {0};
    for (size_t i = 0; i < r->n_evidence; i++) {
        const finding *f = &C->f[r->evidence[i]];
        bool in = blocking ? items_finding_blocks(it, f) : items_finding_proves(it, f);
        if (in && (!only || checklist_globs_match(only, rule_of(f)))) VEC_PUSH(&basis, r->evidence[i]);
    }
    free(r->grounds);
    r->grounds = basis.items;
    r->n_grounds = basis.len;
    *more = basis.len ? basis.len - 1 : 0;
    return basis.len ? &C->f[basis.items[0]] : NULL;
}

static void put_first(buf *b, const finding *f, size_t more, const char *noun)
{
    if (!f) return;
    buf_puts(b, f->message && *f->message ? f->message : rule_of(f));
    if (more) buf_printf(b, " (and %zu more %s%s)", more, noun, more == 1 ? "" : "s");
}

static bool uses_documents(const checklist_item *it)
{
    return it->strategy == STRATEGY_ATTESTATION ||
           (it->strategy == STRATEGY_VIOLATION && it->fallback == STRATEGY_ATTESTATION);
}

/* ---- strategies ----------------------------------------------------------------- */

/* Presence: a supporting finding (from `only` globs when given) — and, with parts, one
 * for every part. On failure explains what was found and what is missing in *why. */
static bool presence_met(const resolve_ctx *C, const checklist_item *it, const resolved_item *r,
                         const checklist_globs *only, buf *why)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_evidence; i++) {
        const finding *f = &C->f[r->evidence[i]];
        if (items_finding_proves(it, f) && (!only || checklist_globs_match(only, rule_of(f)))) n++;
    }
    if (it->n_parts == 0 || only) return n > 0;
    buf found = {0}, missing = {0};
    for (size_t p = 0; p < it->n_parts; p++) {
        bool hit = false;
        for (size_t i = 0; i < r->n_evidence && !hit; i++) {
            const finding *f = &C->f[r->evidence[i]];
            hit = items_finding_proves(it, f) && checklist_globs_match(&it->parts[p].rules, rule_of(f));
        }
        buf *dst = hit ? &found : &missing;
        buf_printf(dst, "%s%s", dst->len ? ", " : "", it->parts[p].name);
    }
    bool ok = missing.len == 0;
    if (!ok && found.len) buf_printf(why, "Found: %s; missing: %s. ", found.data, missing.data);
    buf_free(&found);
    buf_free(&missing);
    return ok;
}

/* Whether a call is judged on the attribute at all: an output token limit means nothing
 * for an embedding or an image call. */
static bool attribute_applies(const model_call *c, checklist_attribute a)
{
    if (a == ATTR_MAX_TOKENS) return !c->kind || str_is(c->kind, "chat");
    return true;
}

static bool coverage_met(const resolve_ctx *C, const checklist_item *it, resolved_item *r, buf *why)
{
    r->coverage_judged = true;
    /* Calls in tests and fixtures are inventory only: they say nothing about the product. */
    size_t in_tests = 0;
    for (size_t i = 0; i < C->nc; i++) {
        if (C->calls[i].in_tests) { in_tests++; continue; }
        if (!attribute_applies(&C->calls[i], it->attribute)) continue;
        r->total++;
        if (items_call_satisfies(&C->calls[i], it->attribute)) r->covered++;
    }
    if (r->total > 0) {
        if (r->covered == r->total && it->n_parts) {
            /* a two-part item: every call covered, and each part proven (item 41: a
             * user-facing fallback as well as error handling around every call) */
            if (presence_met(C, it, r, NULL, why)) return true;
            coverage_phrase(why, r->covered, r->total, it->attribute);
            buf_puts(why, "; still needed: ");
            for (size_t p = 0; p < it->n_parts; p++)
                buf_printf(why, "%s%s", p ? ", " : "", it->parts[p].name);
            buf_puts(why, ". ");
            return false;
        }
        if (r->covered == r->total) return true;
        coverage_phrase(why, r->covered, r->total, it->attribute);
        buf_puts(why, ". ");
        return false;
    }
    r->coverage_judged = false; /* nothing to judge: fall back, never Ready from nothing */
    if (C->nc > in_tests) buf_puts(why, "No model call the attribute applies to was detected. ");
    else if (in_tests) buf_printf(why, "No model calls were detected outside tests (%zu in tests). ", in_tests);
    else buf_puts(why, "No model calls were detected. ");
    if (it->without_calls == WITHOUT_CALLS_PRESENCE) return presence_met(C, it, r, NULL, why);
    return false;
}

static bool documents_met(const resolve_ctx *C, const checklist_item *it, const resolved_item *r, buf *why)
{
    return presence_met(C, it, r, &it->document_rules, why);
}

static bool strategy_met(const resolve_ctx *C, const checklist_item *it, resolved_item *r, buf *why)
{
    checklist_strategy s = it->strategy == STRATEGY_VIOLATION ? it->fallback : it->strategy;
    bool met;
    switch (s) {
    case STRATEGY_PRESENCE: met = presence_met(C, it, r, NULL, why); break;
    case STRATEGY_COVERAGE: met = coverage_met(C, it, r, why); break;
    case STRATEGY_ATTESTATION: met = documents_met(C, it, r, why); break;
    default: met = false;
    }
    /* A violation item is about defects: a violating warning (e.g. an unauthenticated
     * model route that is not plainly exposed) is no Blocker, but the item is not Ready
     * either, whatever supports it elsewhere. The summary leads with that warning. */
    if (met && it->strategy == STRATEGY_VIOLATION && r->n_warning) return false;
    return met;
}

/* ---- not applicable ------------------------------------------------------------- */

static bool na_condition_holds(const resolve_ctx *C, const checklist_item *it)
{
    if (!it->has_na_condition) return false;
    if (it->na_no_model_calls && C->nc > 0) return false;
    if (it->na_no_evidence_from.len)
        for (size_t i = 0; i < C->nf; i++)
            if (checklist_globs_match(&it->na_no_evidence_from, rule_of(&C->f[i]))) return false;
    return true;
}

/* ---- attestations --------------------------------------------------------------- */

static void reject(const resolve_ctx *C, resolved_item *r, size_t i, const char *why)
{
    if (r->rejection) return; /* the first rejection is the one reported */
    const attestation *a = &C->att[i];
    buf b = {0};
    buf_printf(&b, "attestation at %s:%lu not used: %s", or_dash(a->file), (unsigned long)a->line, why);
    r->rejection = buf_take(&b);
    r->rejected_attestation = (long)i;
}

/* Why this attestation cannot be used for the item, or NULL when it can. */
static const char *unusable(const checklist_item *it, const attestation *a)
{
    if (!a->valid) return a->invalid_reason && *a->invalid_reason ? a->invalid_reason : "invalid";
    if (a->not_applicable && !it->attest_not_applicable)
        return "this item cannot be attested as not applicable";
    if (!a->not_applicable && !it->attest_ready)
        return "this item cannot be attested Ready; its evidence must be detected";
    return NULL;
}

static void attested_summary(buf *b, const attestation *a)
{
    if (a->not_applicable) buf_puts(b, "Not applicable, attested");
    else buf_puts(b, "Attested");
    buf_printf(b, " by %s on %s, expires %s", or_dash(a->owner), or_dash(a->date), or_dash(a->expires));
    if (a->evidence && *a->evidence)
        buf_printf(b, "; evidence %s (%s)", a->evidence, a->evidence_checked ? "checked" : "not checked");
    const char *text = a->not_applicable && a->reason ? a->reason : a->note;
    if (text && *text) buf_printf(b, ": %s", text);
}

/* Records rejections for every unusable attestation of the item; returns the index of
 * the first usable one (when `use`), or -1. */
static long screen_attestations(const resolve_ctx *C, const checklist_item *it, resolved_item *r, bool use)
{
    long chosen = -1;
    for (size_t i = 0; i < C->na; i++) {
        const attestation *a = &C->att[i];
        if (a->item != it->id) continue;
        const char *why = unusable(it, a);
        if (why) reject(C, r, i, why);
        else if (chosen < 0 && use) chosen = (long)i;
    }
    return chosen;
}

static void reject_all(const resolve_ctx *C, const checklist_item *it, resolved_item *r, const char *why)
{
    for (size_t i = 0; i < C->na; i++)
        if (C->att[i].item == it->id) reject(C, r, i, why);
}

/* ---- one item ------------------------------------------------------------------- */

static void set(resolved_item *r, item_status s, item_basis b, buf *summary)
{
    r->status = s;
    r->basis = b;
    r->summary = buf_take(summary);
}

static void resolve_blocker(const resolve_ctx *C, const checklist_item *it, resolved_item *r)
{
    size_t more;
    buf b = {0};
    const finding *first = collect_basis(C, it, r, NULL, true, &more);
    put_first(&b, first, more, "blocker");
    set(r, ITEM_BLOCKER, BASIS_DETECTED, &b);
    reject_all(C, it, r, "an attestation never overrides a Blocker");
}

static void resolve_ready_detected(const resolve_ctx *C, const checklist_item *it, resolved_item *r)
{
    buf b = {0};
    size_t more;
    if (r->coverage_judged) {
        coverage_phrase(&b, r->covered, r->total, it->attribute);
        buf_putc(&b, '.');
    } else {
        /* For attestation items the Ready evidence is a document: show that one. */
        bool docs = it->strategy == STRATEGY_ATTESTATION ||
                    (it->strategy == STRATEGY_VIOLATION && it->fallback == STRATEGY_ATTESTATION);
        const checklist_globs *only = docs ? &it->document_rules : NULL;
        const finding *first = collect_basis(C, it, r, only, false, &more);
        put_first(&b, first, more, "finding");
    }
    set(r, ITEM_READY, BASIS_DETECTED, &b);
}

/* Supporting evidence that does not prove the item: say what it is and why it is not
 * enough (its strength, or the place it was found). */
static void put_indicators(const resolve_ctx *C, const checklist_item *it, const resolved_item *r, buf *why)
{
    bool docs = uses_documents(it);
    const finding *first = NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->n_evidence; i++) {
        const finding *f = &C->f[r->evidence[i]];
        if (f->effect != EFFECT_SUPPORTS) continue;
        if (items_finding_proves(it, f) && (!docs || checklist_globs_match(&it->document_rules, rule_of(f)))) continue;
        if (!first) first = f;
        n++;
    }
    if (!first) return;
    provenance_info p = place_of(first);
    buf_printf(why, "Not proof: %s (%s at %s:%lu", first->message && *first->message ? first->message : rule_of(first),
               rule_of(first), or_dash(first->file), (unsigned long)first->line);
    if (first->indicates) buf_puts(why, "; only indicates the item");
    else if (place_proves(it->proof, p)) buf_puts(why, "; only a document or an attestation can make this item Ready");
    else buf_printf(why, "; found in %s, and this item needs %s", p.why,
                    it->proof == PROOF_DOCUMENTS ? "the project's own documentation"
                    : it->proof == PROOF_OPERATIVE_OR_DOCS ? "operative code, applied configuration or the project's documentation"
                    : it->proof == PROOF_TESTS ? "operative code, applied configuration or the project's tests"
                    : "operative code or applied configuration");
    buf_puts(why, ")");
    if (n > 1) buf_printf(why, " and %zu more indicator%s", n - 1, n - 1 == 1 ? "" : "s");
    buf_puts(why, ". ");
}

static void resolve_needs_review(const resolve_ctx *C, const checklist_item *it, resolved_item *r, buf *why)
{
    size_t more;
    /* Lead with a warning when nothing supports the item, or when the warning is what keeps
     * a violation item from Ready. */
    bool lead = !r->n_supporting || (it->strategy == STRATEGY_VIOLATION && r->n_warning);
    /* info-level violations (e.g. in tests) are context, not a warning to lead with */
    const finding *w = lead ? first_of(C, r, EFFECT_VIOLATES, SEV_WARNING, NULL, &more) : NULL;
    if (w) {
        buf_puts(why, "Warning: ");
        put_first(why, w, more, "warning");
        buf_puts(why, ". ");
    }
    put_indicators(C, it, r, why);
    buf_puts(why, it->needs_review ? it->needs_review : "");
    set(r, ITEM_NEEDS_REVIEW, items_has_evidence(r) ? BASIS_DETECTED : BASIS_NONE, why);
}

static void resolve_one(const resolve_ctx *C, const checklist_item *it, resolved_item *r)
{
    r->id = it->id;
    r->pillar = it->pillar;
    r->title = it->title;
    r->attestation = r->rejected_attestation = -1;
    collect_evidence(C, it, r);
    if (r->n_blocking) { resolve_blocker(C, it, r); return; }

    buf why = {0};
    if (na_condition_holds(C, it)) {
        buf_puts(&why, it->na_reason ? it->na_reason : "Not applicable.");
        set(r, ITEM_NOT_APPLICABLE, BASIS_DETECTED, &why);
        screen_attestations(C, it, r, false);
        return;
    }
    if (strategy_met(C, it, r, &why)) {
        buf_free(&why);
        resolve_ready_detected(C, it, r);
        screen_attestations(C, it, r, false);
        return;
    }
    long a = screen_attestations(C, it, r, true);
    if (a >= 0) {
        buf_free(&why);
        buf b = {0};
        attested_summary(&b, &C->att[a]);
        set(r, C->att[a].not_applicable ? ITEM_NOT_APPLICABLE : ITEM_READY, BASIS_ATTESTED, &b);
        r->attestation = a;
        return;
    }
    resolve_needs_review(C, it, r, &why);
}

void items_resolve(const checklist *cl, const finding *f, size_t nf,
                   const model_call *calls, size_t nc,
                   const attestation *att, size_t na, resolved_items *out)
{
    resolve_ctx C = {f, nf, calls, nc, att, na};
    memset(out, 0, sizeof *out);
    for (int id = 1; id <= CHECKLIST_ITEMS; id++) {
        const checklist_item *it = checklist_item_get(cl, id);
        if (it) resolve_one(&C, it, &out->items[id - 1]);
    }
}

void items_free(resolved_items *r)
{
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        free(r->items[i].summary);
        free(r->items[i].evidence);
        free(r->items[i].grounds);
        free(r->items[i].rejection);
    }
    memset(r, 0, sizeof *r);
}
