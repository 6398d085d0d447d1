/* checklist: loading and validating rules/checklist.yaml with libyaml's document API.
 * Every problem is collected as "FILE:LINE: problem" so that one run reports them all. */
#include "checklist.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "buf.h"

typedef struct checklist_pillar {
    char *name;
    double weight;
} checklist_pillar;

struct checklist {
    checklist_item items[CHECKLIST_ITEMS]; /* items[id - 1] */
    bool present[CHECKLIST_ITEMS];
    checklist_pillar pillars[CHECKLIST_PILLARS];
    bool pillar_present[CHECKLIST_PILLARS];
    checklist_globs rebuild_rules;
    checklist_globs architecture_rules; /* decision.architecture_rules */
    bool foundation_item[CHECKLIST_ITEMS]; /* decision.foundation_items (default: pillar 4) */
    bool has_foundation_items;
    bool rebuild_on_gaps;                  /* decision.rebuild_on_gaps (default true) */
    uint8_t control_group[CHECKLIST_ITEMS]; /* decision.control_groups: 1-based group, 0 = none */
};

/* ---- names ---------------------------------------------------------------------- */

static const char *const strategy_names[] = {"presence", "coverage", "violation", "attestation"};
static const char *const attribute_names[] = {
    "none", "logged", "retry", "timeout", "error_handled",
    "max_tokens", "output_validated", "model_pinned", "prompt_versioned"};
static const char *const without_calls_names[] = {"needs_review", "presence"};
static const char *const proof_names[] = {"operative", "documents", "operative_or_documents", "tests"};

const char *checklist_proof_name(checklist_proof p)
{
    return (unsigned)p < PROOF_COUNT ? proof_names[p] : "?";
}

const char *checklist_strategy_name(checklist_strategy s)
{
    return (unsigned)s < STRATEGY_COUNT ? strategy_names[s] : "?";
}

const char *checklist_attribute_name(checklist_attribute a)
{
    return (unsigned)a < ATTR_COUNT ? attribute_names[a] : "?";
}

const char *checklist_without_calls_name(checklist_without_calls w)
{
    return (unsigned)w < 2 ? without_calls_names[w] : "?";
}

/* ---- globs ---------------------------------------------------------------------- */

bool checklist_glob_match(const char *g, const char *s)
{
    /* Iterative '*' matching with one backtrack point: linear enough for rule ids. */
    const char *star = NULL, *resume = NULL;
    while (*s) {
        if (*g == '*') {
            star = g++;
            resume = s;
        } else if (*g == *s) {
            g++;
            s++;
        } else if (star) {
            g = star + 1;
            s = ++resume;
        } else {
            return false;
        }
    }
    while (*g == '*') g++;
    return *g == '\0';
}

bool checklist_globs_match(const checklist_globs *gl, const char *s)
{
    for (size_t i = 0; i < gl->len; i++)
        if (checklist_glob_match(gl->items[i], s)) return true;
    return false;
}

static void globs_free(checklist_globs *g)
{
    for (size_t i = 0; i < g->len; i++) free(g->items[i]);
    free(g->items);
    g->items = NULL;
    g->len = 0;
}

/* ---- freeing -------------------------------------------------------------------- */

static void item_free(checklist_item *it)
{
    free(it->title);
    free(it->description);
    free(it->ready_evidence);
    free(it->blocker_evidence);
    globs_free(&it->evidence_rules);
    globs_free(&it->document_rules);
    globs_free(&it->indicate_rules);
    globs_free(&it->published_rules);
    for (size_t i = 0; i < it->n_parts; i++) {
        free(it->parts[i].name);
        globs_free(&it->parts[i].rules);
    }
    free(it->parts);
    free(it->attestation_keywords);
    globs_free(&it->na_no_evidence_from);
    free(it->na_reason);
    free(it->needs_review);
    free(it->remediation);
    memset(it, 0, sizeof *it);
}

void checklist_free(checklist *cl)
{
    if (!cl) return;
    for (int i = 0; i < CHECKLIST_ITEMS; i++) item_free(&cl->items[i]);
    for (int i = 0; i < CHECKLIST_PILLARS; i++) free(cl->pillars[i].name);
    globs_free(&cl->rebuild_rules);
    globs_free(&cl->architecture_rules);
    free(cl);
}

/* ---- accessors ------------------------------------------------------------------ */

const checklist_item *checklist_item_get(const checklist *cl, int id)
{
    if (!cl || id < 1 || id > CHECKLIST_ITEMS || !cl->present[id - 1]) return NULL;
    return &cl->items[id - 1];
}

const char *checklist_pillar_name(const checklist *cl, int pillar)
{
    if (!cl || pillar < 1 || pillar > CHECKLIST_PILLARS) return NULL;
    return cl->pillars[pillar - 1].name;
}

double checklist_pillar_weight(const checklist *cl, int pillar)
{
    if (!cl || pillar < 1 || pillar > CHECKLIST_PILLARS) return 0;
    return cl->pillars[pillar - 1].weight;
}

const checklist_globs *checklist_rebuild_rules(const checklist *cl)
{
    return &cl->rebuild_rules;
}

const checklist_globs *checklist_architecture_rules(const checklist *cl)
{
    return &cl->architecture_rules;
}

/* ---- the loader: node helpers --------------------------------------------------- */

typedef struct loader {
    yaml_document_t *doc;
    const char *name;
    buf errors;
} loader;

static void fail(loader *L, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(loader *L, const yaml_node_t *n, const char *fmt, ...)
{
    if (L->errors.len) buf_putc(&L->errors, '\n');
    buf_printf(&L->errors, "%s:%lu: ", L->name, n ? (unsigned long)n->start_mark.line + 1 : 1UL);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&L->errors, fmt, ap);
    va_end(ap);
}

static yaml_node_t *node(loader *L, int index)
{
    return yaml_document_get_node(L->doc, index);
}

static const char *scalar_text(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The key node of `k` in mapping n (for errors about the whole value), or n. */
static yaml_node_t *map_key(loader *L, yaml_node_t *n, const char *k)
{
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *key = node(L, p->key);
        if (scalar_text(key) && strcmp(scalar_text(key), k) == 0) return key;
    }
    return n;
}

/* The value of key `k` in mapping n, or NULL. */
static yaml_node_t *map_get(loader *L, yaml_node_t *n, const char *k)
{
    if (!n || n->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *key = scalar_text(node(L, p->key));
        if (key && strcmp(key, k) == 0) return node(L, p->value);
    }
    return NULL;
}

typedef struct keyspec {
    const char *name;
    bool required;
} keyspec;

/* Checks a mapping's keys against spec (unknown, duplicate, missing) and stores each
 * key's value node in vals[] (NULL when absent). False when n is not a mapping. */
static bool map_fields(loader *L, yaml_node_t *n, const char *ctx,
                       const keyspec *spec, size_t nspec, yaml_node_t **vals)
{
    for (size_t i = 0; i < nspec; i++) vals[i] = NULL;
    if (!n || n->type != YAML_MAPPING_NODE) {
        fail(L, n, "%s: expected a mapping", ctx);
        return false;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = node(L, p->key);
        const char *key = scalar_text(kn);
        if (!key) { fail(L, kn, "%s: keys must be plain words", ctx); continue; }
        size_t i = 0;
        while (i < nspec && strcmp(spec[i].name, key) != 0) i++;
        if (i == nspec) fail(L, kn, "%s: unknown key '%s'", ctx, key);
        else if (vals[i]) fail(L, kn, "%s: duplicate key '%s'", ctx, key);
        else vals[i] = node(L, p->value);
    }
    for (size_t i = 0; i < nspec; i++)
        if (spec[i].required && !vals[i]) fail(L, n, "%s: missing required field '%s'", ctx, spec[i].name);
    return true;
}

/* A non-empty scalar, or NULL after reporting. */
static const char *want_scalar(loader *L, yaml_node_t *n, const char *ctx, const char *field)
{
    const char *s = scalar_text(n);
    if (!s) { fail(L, n, "%s: '%s' must be a single value", ctx, field); return NULL; }
    if (!*s) { fail(L, n, "%s: '%s' must not be empty", ctx, field); return NULL; }
    return s;
}

static char *want_string(loader *L, yaml_node_t *n, const char *ctx, const char *field)
{
    const char *s = want_scalar(L, n, ctx, field);
    return s ? xstrdup(s) : NULL;
}

static bool parse_int(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end) return false;
    *out = v;
    return true;
}

static bool want_int(loader *L, yaml_node_t *n, const char *ctx, const char *field,
                     long lo, long hi, long *out)
{
    const char *s = want_scalar(L, n, ctx, field);
    long v;
    if (!s) return false;
    if (!parse_int(s, &v) || v < lo || v > hi) {
        fail(L, n, "%s: '%s' must be a whole number from %ld to %ld, not '%s'", ctx, field, lo, hi, s);
        return false;
    }
    *out = v; /* only on success: callers index arrays with it */
    return true;
}

static bool want_bool(loader *L, yaml_node_t *n, const char *ctx, const char *field, bool *out)
{
    const char *s = want_scalar(L, n, ctx, field);
    if (!s) return false;
    if (strcmp(s, "true") == 0) *out = true;
    else if (strcmp(s, "false") == 0) *out = false;
    else { fail(L, n, "%s: '%s' must be true or false, not '%s'", ctx, field, s); return false; }
    return true;
}

/* Index of s in names[0..n), or -1 after reporting the allowed values. */
static int want_enum(loader *L, yaml_node_t *n, const char *ctx, const char *field,
                     const char *const *names, int first, int count)
{
    const char *s = want_scalar(L, n, ctx, field);
    if (!s) return -1;
    for (int i = first; i < count; i++)
        if (strcmp(s, names[i]) == 0) return i;
    buf allowed = {0};
    for (int i = first; i < count; i++) buf_printf(&allowed, "%s%s", i > first ? ", " : "", names[i]);
    fail(L, n, "%s: '%s' must be one of %s, not '%s'", ctx, field, allowed.data, s);
    buf_free(&allowed);
    return -1;
}

static bool valid_glob(const char *s)
{
    for (; *s; s++)
        if (*s == ' ' || *s == '\t' || *s == '\n') return false;
    return true;
}

/* A list of rule-id globs. Empty lists are allowed only where allow_empty says so. */
static void want_globs(loader *L, yaml_node_t *n, const char *ctx, const char *field,
                       bool allow_empty, checklist_globs *out)
{
    if (!n || n->type != YAML_SEQUENCE_NODE) {
        fail(L, n, "%s: '%s' must be a list of rule-id globs", ctx, field);
        return;
    }
    size_t cap = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    out->items = xcalloc(cap ? cap : 1, sizeof *out->items);
    for (yaml_node_item_t *p = n->data.sequence.items.start; p < n->data.sequence.items.top; p++) {
        yaml_node_t *e = node(L, *p);
        const char *s = want_scalar(L, e, ctx, field);
        if (!s) continue;
        if (!valid_glob(s)) { fail(L, e, "%s: '%s' has a glob with white space: '%s'", ctx, field, s); continue; }
        out->items[out->len++] = xstrdup(s);
    }
    if (!allow_empty && out->len == 0 && cap == 0) fail(L, n, "%s: '%s' must not be empty", ctx, field);
}

/* ---- the loader: items ---------------------------------------------------------- */

enum {
    K_ID, K_PILLAR, K_TITLE, K_DESCRIPTION, K_READY_EVIDENCE, K_BLOCKER_EVIDENCE,
    K_STRATEGY, K_FALLBACK, K_ATTRIBUTE, K_WITHOUT_CALLS, K_EVIDENCE, K_ATTEST,
    K_KEYWORDS, K_NA, K_NEEDS_REVIEW, K_REMEDIATION, K_PROOF, K_COUNT
};
static const keyspec item_keys[K_COUNT] = {
    {"id", true}, {"pillar", true}, {"title", true}, {"description", true},
    {"ready_evidence", true}, {"blocker_evidence", false},
    {"strategy", true}, {"fallback", false}, {"attribute", false},
    {"without_calls", false}, {"evidence", false}, {"attest", false},
    {"attestation_keywords", false}, {"not_applicable_when", false},
    {"needs_review", true}, {"remediation", true}, {"proof", false},
};

/* Whether presence is ever evaluated for the item (parts are meaningless otherwise). */
static bool uses_presence(const checklist_item *it)
{
    checklist_strategy s = it->strategy == STRATEGY_VIOLATION ? it->fallback : it->strategy;
    if (s == STRATEGY_PRESENCE) return true;
    return s == STRATEGY_COVERAGE && it->without_calls == WITHOUT_CALLS_PRESENCE;
}

static bool uses_coverage(const checklist_item *it)
{
    return it->strategy == STRATEGY_COVERAGE ||
           (it->strategy == STRATEGY_VIOLATION && it->fallback == STRATEGY_COVERAGE);
}

static bool uses_documents(const checklist_item *it)
{
    return it->strategy == STRATEGY_ATTESTATION ||
           (it->strategy == STRATEGY_VIOLATION && it->fallback == STRATEGY_ATTESTATION);
}

static void load_parts(loader *L, yaml_node_t *n, const char *ctx, checklist_item *it)
{
    if (!n || n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.top == n->data.sequence.items.start) {
        fail(L, n, "%s: 'parts' must be a non-empty list of {name, rules}", ctx);
        return;
    }
    size_t cap = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    it->parts = xcalloc(cap, sizeof *it->parts);
    static const keyspec keys[] = {{"name", true}, {"rules", true}};
    for (yaml_node_item_t *p = n->data.sequence.items.start; p < n->data.sequence.items.top; p++) {
        yaml_node_t *v[2];
        yaml_node_t *e = node(L, *p);
        if (!map_fields(L, e, ctx, keys, 2, v) || !v[0] || !v[1]) continue;
        checklist_part *part = &it->parts[it->n_parts];
        part->name = want_string(L, v[0], ctx, "parts.name");
        want_globs(L, v[1], ctx, "parts.rules", false, &part->rules);
        it->n_parts++;
    }
}

static void load_evidence(loader *L, yaml_node_t *n, const char *ctx, checklist_item *it)
{
    static const keyspec keys[] = {{"rules", false}, {"documents", false}, {"parts", false}, {"indicates", false},
                                   {"published", false}};
    yaml_node_t *v[5];
    if (!map_fields(L, n, ctx, keys, 5, v)) return;
    if (v[3]) want_globs(L, v[3], ctx, "evidence.indicates", false, &it->indicate_rules);
    if (v[4]) want_globs(L, v[4], ctx, "evidence.published", false, &it->published_rules);
    if (v[0]) want_globs(L, v[0], ctx, "evidence.rules", false, &it->evidence_rules);
    if (v[1]) {
        want_globs(L, v[1], ctx, "evidence.documents", false, &it->document_rules);
        if (!uses_documents(it))
            fail(L, v[1], "%s: 'evidence.documents' applies only to attestation items", ctx);
    }
    if (v[2]) {
        load_parts(L, v[2], ctx, it);
        if (!uses_presence(it) && !uses_coverage(it))
            fail(L, v[2], "%s: 'evidence.parts' applies only where presence or coverage is judged", ctx);
    }
}

static void load_attest(loader *L, yaml_node_t *n, const char *ctx, checklist_item *it)
{
    it->attest_ready = it->attest_not_applicable = false;
    if (!n || n->type != YAML_SEQUENCE_NODE) {
        fail(L, n, "%s: 'attest' must be a list of ready / not_applicable (or [])", ctx);
        return;
    }
    static const char *const names[] = {"ready", "not_applicable"};
    for (yaml_node_item_t *p = n->data.sequence.items.start; p < n->data.sequence.items.top; p++) {
        int k = want_enum(L, node(L, *p), ctx, "attest", names, 0, 2);
        if (k == 0) it->attest_ready = true;
        if (k == 1) it->attest_not_applicable = true;
    }
}

static void load_keywords(loader *L, yaml_node_t *n, const char *ctx, checklist_item *it)
{
    const char *s = want_scalar(L, n, ctx, "attestation_keywords");
    if (!s) return;
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS | PCRE2_UTF,
                                   &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        fail(L, n, "%s: 'attestation_keywords' is not a valid regex at offset %zu: %s", ctx, (size_t)off, (char *)msg);
        return;
    }
    pcre2_code_free(re);
    it->attestation_keywords = xstrdup(s);
}

static void load_na(loader *L, yaml_node_t *n, const char *ctx, checklist_item *it)
{
    static const keyspec keys[] = {{"no_evidence_from", false}, {"no_model_calls", false}, {"reason", true}};
    yaml_node_t *v[3];
    if (!map_fields(L, n, ctx, keys, 3, v)) return;
    it->has_na_condition = true;
    if (v[0]) want_globs(L, v[0], ctx, "not_applicable_when.no_evidence_from", false, &it->na_no_evidence_from);
    if (v[1] && want_bool(L, v[1], ctx, "not_applicable_when.no_model_calls", &it->na_no_model_calls) &&
        !it->na_no_model_calls)
        fail(L, v[1], "%s: 'no_model_calls: false' is no condition; leave it out", ctx);
    if (v[2]) it->na_reason = want_string(L, v[2], ctx, "not_applicable_when.reason");
    if (!v[0] && !v[1]) fail(L, n, "%s: 'not_applicable_when' needs no_evidence_from or no_model_calls", ctx);
}

/* Strategy, fallback, attribute and without_calls must fit together. */
static void load_strategy(loader *L, yaml_node_t **v, const char *ctx, checklist_item *it)
{
    int s = want_enum(L, v[K_STRATEGY], ctx, "strategy", strategy_names, 0, STRATEGY_COUNT);
    if (s < 0) return;
    it->strategy = (checklist_strategy)s;
    if (it->strategy == STRATEGY_VIOLATION) {
        if (!v[K_FALLBACK]) { fail(L, v[K_STRATEGY], "%s: a violation item needs a 'fallback'", ctx); return; }
        int f = want_enum(L, v[K_FALLBACK], ctx, "fallback", strategy_names, 0, STRATEGY_COUNT);
        if (f < 0) return;
        if (f == STRATEGY_VIOLATION) { fail(L, v[K_FALLBACK], "%s: 'fallback' cannot be violation", ctx); return; }
        it->fallback = (checklist_strategy)f;
    } else if (v[K_FALLBACK]) {
        fail(L, v[K_FALLBACK], "%s: 'fallback' applies only to violation items", ctx);
    }
    if (uses_coverage(it)) {
        if (!v[K_ATTRIBUTE]) { fail(L, v[K_STRATEGY], "%s: coverage needs an 'attribute'", ctx); return; }
        int a = want_enum(L, v[K_ATTRIBUTE], ctx, "attribute", attribute_names, 1, ATTR_COUNT);
        if (a > 0) it->attribute = (checklist_attribute)a;
        if (v[K_WITHOUT_CALLS]) {
            int w = want_enum(L, v[K_WITHOUT_CALLS], ctx, "without_calls", without_calls_names, 0, 2);
            if (w >= 0) it->without_calls = (checklist_without_calls)w;
        }
    } else {
        if (v[K_ATTRIBUTE]) fail(L, v[K_ATTRIBUTE], "%s: 'attribute' applies only to coverage", ctx);
        if (v[K_WITHOUT_CALLS]) fail(L, v[K_WITHOUT_CALLS], "%s: 'without_calls' applies only to coverage", ctx);
    }
}

/* The item's label for messages: "item 7" when the id reads, else "item". */
static void item_context(loader *L, yaml_node_t *n, char *ctx, size_t size)
{
    long id;
    const char *s = scalar_text(map_get(L, n, "id"));
    if (s && parse_int(s, &id)) snprintf(ctx, size, "item %ld", id);
    else snprintf(ctx, size, "item");
}

static void load_item_fields(loader *L, yaml_node_t **v, const char *ctx, checklist_item *it)
{
    long pillar;
    if (v[K_PILLAR] && want_int(L, v[K_PILLAR], ctx, "pillar", 1, CHECKLIST_PILLARS, &pillar)) {
        it->pillar = (int)pillar;
        int expect = it->id ? (it->id - 1) / 10 + 1 : 0;
        if (expect && pillar != expect)
            fail(L, v[K_PILLAR], "%s: pillar %ld is wrong: items %d-%d belong to pillar %d",
                 ctx, pillar, (expect - 1) * 10 + 1, expect * 10, expect);
    }
    if (v[K_TITLE]) it->title = want_string(L, v[K_TITLE], ctx, "title");
    if (v[K_DESCRIPTION]) it->description = want_string(L, v[K_DESCRIPTION], ctx, "description");
    if (v[K_READY_EVIDENCE]) it->ready_evidence = want_string(L, v[K_READY_EVIDENCE], ctx, "ready_evidence");
    if (v[K_BLOCKER_EVIDENCE])
        it->blocker_evidence = want_string(L, v[K_BLOCKER_EVIDENCE], ctx, "blocker_evidence");
    if (v[K_NEEDS_REVIEW]) it->needs_review = want_string(L, v[K_NEEDS_REVIEW], ctx, "needs_review");
    if (v[K_REMEDIATION]) it->remediation = want_string(L, v[K_REMEDIATION], ctx, "remediation");
    if (v[K_STRATEGY]) load_strategy(L, v, ctx, it);
    if (it->strategy == STRATEGY_VIOLATION && v[K_STRATEGY] && !v[K_BLOCKER_EVIDENCE])
        fail(L, v[K_STRATEGY], "%s: a violation item needs 'blocker_evidence'", ctx);
    if (v[K_EVIDENCE]) load_evidence(L, v[K_EVIDENCE], ctx, it);
    if (uses_documents(it) && it->document_rules.len == 0) {
        it->document_rules.items = xcalloc(1, sizeof(char *));
        it->document_rules.items[it->document_rules.len++] = xstrdup("docs.*");
    }
    it->proof = uses_documents(it) ? PROOF_DOCUMENTS : PROOF_OPERATIVE;
    if (v[K_PROOF]) {
        int p = want_enum(L, v[K_PROOF], ctx, "proof", proof_names, 0, PROOF_COUNT);
        if (p >= 0) it->proof = (checklist_proof)p;
    }
    it->attest_ready = it->attest_not_applicable = true; /* default: both */
    if (v[K_ATTEST]) load_attest(L, v[K_ATTEST], ctx, it);
    if (v[K_KEYWORDS]) load_keywords(L, v[K_KEYWORDS], ctx, it);
    if (v[K_NA]) load_na(L, v[K_NA], ctx, it);
}

static void load_item(loader *L, yaml_node_t *n, checklist *cl)
{
    char ctx[32];
    item_context(L, n, ctx, sizeof ctx);
    yaml_node_t *v[K_COUNT];
    if (!map_fields(L, n, ctx, item_keys, K_COUNT, v)) return;
    checklist_item it = {0};
    it.line = (uint32_t)n->start_mark.line + 1;
    long id = 0;
    if (v[K_ID] && want_int(L, v[K_ID], ctx, "id", 1, CHECKLIST_ITEMS, &id)) {
        if (cl->present[id - 1]) {
            fail(L, v[K_ID], "%s: duplicate id %ld (first defined at line %lu)", ctx, id,
                 (unsigned long)cl->items[id - 1].line);
            id = 0;
        }
        it.id = (int)id;
    }
    load_item_fields(L, v, ctx, &it);
    if (id == 0) { item_free(&it); return; }
    cl->items[id - 1] = it;
    cl->present[id - 1] = true;
}

static void load_items(loader *L, yaml_node_t *n, yaml_node_t *key, checklist *cl)
{
    if (n->type != YAML_SEQUENCE_NODE) { fail(L, n, "'items' must be a list"); return; }
    for (yaml_node_item_t *p = n->data.sequence.items.start; p < n->data.sequence.items.top; p++)
        load_item(L, node(L, *p), cl);
    buf missing = {0};
    for (int i = 0; i < CHECKLIST_ITEMS; i++)
        if (!cl->present[i]) buf_printf(&missing, "%s%d", missing.len ? ", " : "", i + 1);
    if (missing.len) fail(L, key, "items must be exactly 1..%d; missing: %s", CHECKLIST_ITEMS, missing.data);
    buf_free(&missing);
}

/* ---- the loader: top level ------------------------------------------------------ */

static void load_pillars(loader *L, yaml_node_t *n, yaml_node_t *key, checklist *cl)
{
    if (n->type != YAML_SEQUENCE_NODE) { fail(L, n, "'pillars' must be a list"); return; }
    static const keyspec keys[] = {{"id", true}, {"name", true}, {"weight", true}};
    for (yaml_node_item_t *p = n->data.sequence.items.start; p < n->data.sequence.items.top; p++) {
        yaml_node_t *v[3], *e = node(L, *p);
        long id;
        if (!map_fields(L, e, "pillar", keys, 3, v) || !v[0] ||
            !want_int(L, v[0], "pillar", "id", 1, CHECKLIST_PILLARS, &id))
            continue;
        if (cl->pillar_present[id - 1]) { fail(L, v[0], "pillar: duplicate id %ld", id); continue; }
        checklist_pillar *pl = &cl->pillars[id - 1];
        cl->pillar_present[id - 1] = true;
        if (v[1]) pl->name = want_string(L, v[1], "pillar", "name");
        const char *w = v[2] ? want_scalar(L, v[2], "pillar", "weight") : NULL;
        char *end = NULL;
        if (w) pl->weight = strtod(w, &end);
        if (w && (*end || !(pl->weight > 0) || pl->weight > 10))
            fail(L, v[2], "pillar %ld: 'weight' must be a number above 0 and at most 10, not '%s'", id, w);
    }
    buf missing = {0};
    for (int i = 0; i < CHECKLIST_PILLARS; i++)
        if (!cl->pillar_present[i]) buf_printf(&missing, "%s%d", missing.len ? ", " : "", i + 1);
    if (missing.len) fail(L, key, "pillars must be exactly 1..%d; missing: %s", CHECKLIST_PILLARS, missing.data);
    buf_free(&missing);
}

/* decision.control_groups: a list of lists of item ids, e.g. [[31], [32], [17, 39]]; an
 * item belongs to one group at most. */
static void load_control_groups(loader *L, yaml_node_t *v, checklist *cl)
{
    if (v->type != YAML_SEQUENCE_NODE) {
        fail(L, v, "decision: 'control_groups' must be a list of lists of item ids");
        return;
    }
    int g = 0;
    for (yaml_node_item_t *p = v->data.sequence.items.start; p < v->data.sequence.items.top; p++) {
        yaml_node_t *grp = node(L, *p);
        if (!grp || grp->type != YAML_SEQUENCE_NODE) {
            fail(L, grp ? grp : v, "decision: each of 'control_groups' must be a list of item ids");
            continue;
        }
        if (++g > 255) { fail(L, grp, "decision: too many 'control_groups'"); return; }
        for (yaml_node_item_t *q = grp->data.sequence.items.start; q < grp->data.sequence.items.top; q++) {
            long id;
            if (!want_int(L, node(L, *q), "decision", "control_groups", 1, CHECKLIST_ITEMS, &id)) continue;
            if (cl->control_group[id - 1]) fail(L, node(L, *q), "decision: item %ld is in two 'control_groups'", id);
            else cl->control_group[id - 1] = (uint8_t)g;
        }
    }
}

static void load_decision(loader *L, yaml_node_t *n, checklist *cl)
{
    static const keyspec keys[] = {{"rebuild_on_rules", false}, {"foundation_items", false}, {"rebuild_on_gaps", false},
                                   {"control_groups", false}, {"architecture_rules", false}};
    yaml_node_t *v[5];
    if (!map_fields(L, n, "decision", keys, 5, v)) return;
    if (v[4]) want_globs(L, v[4], "decision", "architecture_rules", true, &cl->architecture_rules);
    if (v[0]) want_globs(L, v[0], "decision", "rebuild_on_rules", true, &cl->rebuild_rules);
    if (v[1]) {
        if (v[1]->type != YAML_SEQUENCE_NODE) fail(L, v[1], "decision: 'foundation_items' must be a list of item ids");
        else {
            cl->has_foundation_items = true;
            for (yaml_node_item_t *p = v[1]->data.sequence.items.start; p < v[1]->data.sequence.items.top; p++) {
                long id;
                if (want_int(L, node(L, *p), "decision", "foundation_items", 1, CHECKLIST_ITEMS, &id))
                    cl->foundation_item[id - 1] = true;
            }
        }
    }
    if (v[2]) want_bool(L, v[2], "decision", "rebuild_on_gaps", &cl->rebuild_on_gaps);
    if (v[3]) load_control_groups(L, v[3], cl);
}

bool checklist_foundation_item(const checklist *cl, int id)
{
    if (id < 1 || id > CHECKLIST_ITEMS) return false;
    if (!cl->has_foundation_items) return (id - 1) / 10 + 1 == 4;
    return cl->foundation_item[id - 1];
}

int checklist_control_group(const checklist *cl, int id)
{
    if (id < 1 || id > CHECKLIST_ITEMS) return 0;
    return cl->control_group[id - 1];
}

bool checklist_rebuild_on_gaps(const checklist *cl)
{
    return cl->rebuild_on_gaps;
}

static void load_root(loader *L, yaml_node_t *root, checklist *cl)
{
    static const keyspec keys[] = {{"version", true}, {"pillars", true}, {"decision", false}, {"items", true}};
    yaml_node_t *v[4];
    if (!map_fields(L, root, "checklist", keys, 4, v)) return;
    const char *version = v[0] ? want_scalar(L, v[0], "checklist", "version") : NULL;
    if (version && strcmp(version, "1") != 0)
        fail(L, v[0], "checklist: 'version' must be 1, not '%s'", version);
    if (v[1]) load_pillars(L, v[1], map_key(L, root, "pillars"), cl);
    if (v[2]) load_decision(L, v[2], cl);
    if (v[3]) load_items(L, v[3], map_key(L, root, "items"), cl);
}

static checklist *load_with(yaml_parser_t *parser, const char *name, char **err)
{
    loader L = {.name = name};
    yaml_document_t doc;
    checklist *cl = NULL;
    if (!yaml_parser_load(parser, &doc)) {
        buf_printf(&L.errors, "%s:%lu: YAML syntax error: %s", name,
                   (unsigned long)parser->problem_mark.line + 1, parser->problem ? parser->problem : "unknown");
        if (parser->context) buf_printf(&L.errors, " (%s)", parser->context);
    } else {
        L.doc = &doc;
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        cl = xcalloc(1, sizeof *cl);
        cl->rebuild_on_gaps = true;
        if (!root) buf_printf(&L.errors, "%s:1: the file is empty", name);
        else load_root(&L, root, cl);
        yaml_document_delete(&doc);
    }
    if (L.errors.len) {
        checklist_free(cl);
        cl = NULL;
        if (err) *err = buf_take(&L.errors);
    } else if (err) {
        *err = NULL;
    }
    buf_free(&L.errors);
    return cl;
}

checklist *checklist_parse(const char *text, size_t len, const char *name, char **err)
{
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    checklist *cl = load_with(&parser, name, err);
    yaml_parser_delete(&parser);
    return cl;
}

checklist *checklist_load(const char *path, char **err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (err) {
            buf b = {0};
            buf_printf(&b, "%s: cannot open: %s", path, strerror(errno));
            *err = buf_take(&b);
        }
        return NULL;
    }
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, fp);
    checklist *cl = load_with(&parser, path, err);
    yaml_parser_delete(&parser);
    fclose(fp);
    return cl;
}
