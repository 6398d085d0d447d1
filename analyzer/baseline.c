#include "baseline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "jsonr.h"
#include "readcap.h"
#include "suppress.h"

static int fail(char **err, const char *name, const char *what)
{
    buf m = {0};
    buf_printf(&m, "baseline %s: %s", name, what);
    *err = buf_take(&m);
    return -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_known(const void *a, const void *b)
{
    return strcmp(((const finding *)a)->fingerprint, ((const finding *)b)->fingerprint);
}

/* A result of the baseline report (a finding or a suppressed one) as a finding: what an
 * absent result needs to be written, and what tells unchanged from updated. */
static bool known_from(const dom *f, bool suppressed, finding *out)
{
    const char *fp = dom_get_str(f, "fingerprint"), *rule = dom_get_str(f, "rule");
    if (!fp || !*fp || !rule) return false;
    const char *eff = dom_get_str(f, "effect");
    if (suppressed) {
        const char *kind = dom_get_str(f, "kind");
        if (kind && !strcmp(kind, "baseline")) return false; /* the same finding again */
    }
    memset(out, 0, sizeof *out);
    out->rule = xstrdup(rule);
    out->fingerprint = xstrdup(fp);
    const char *msg = dom_get_str(f, "message"), *file = dom_get_str(f, "file");
    out->message = xstrdup(msg ? msg : "");
    out->file = xstrdup(file ? file : "");
    out->line = out->end_line = (uint32_t)dom_int(dom_get(f, "line"));
    const char *rem = dom_get_str(f, "remediation");
    if (rem) out->remediation = xstrdup(rem);
    out->effect = !eff || !strcmp(eff, "violates") ? EFFECT_VIOLATES : !strcmp(eff, "supports") ? EFFECT_SUPPORTS
                                                                                                 : EFFECT_INFORMS;
    const char *sev = dom_get_str(f, "severity");
    if (!sev || !severity_from_name(sev, &out->severity)) out->severity = SEV_INFO;
    const dom *items = dom_get(f, "items");
    for (size_t k = 0; k < dom_len(items) && out->n_items < sizeof out->items; k++)
        out->items[out->n_items++] = (uint8_t)dom_int(dom_at(items, k));
    return true;
}

static void read_known(const dom *root, baseline *out)
{
    finding_list l = {0};
    const char *lists[] = {"findings", "suppressed"};
    for (size_t k = 0; k < 2; k++) {
        const dom *a = dom_get(root, lists[k]);
        for (size_t i = 0; i < dom_len(a); i++) {
            finding f;
            if (known_from(dom_at(a, i), k == 1, &f)) VEC_PUSH(&l, f);
        }
    }
    if (l.len > 1) qsort(l.items, l.len, sizeof *l.items, cmp_known);
    size_t w = 0;
    for (size_t i = 0; i < l.len; i++) {
        if (w && !strcmp(l.items[w - 1].fingerprint, l.items[i].fingerprint)) { finding_free(&l.items[i]); continue; }
        l.items[w++] = l.items[i];
    }
    out->known = l.items;
    out->n_known = w;
}

int baseline_parse(const char *text, size_t len, const char *name, baseline *out, char **err)
{
    memset(out, 0, sizeof *out);
    char *perr = NULL;
    dom *root = jsonr_parse(text, len, 0, &perr);
    if (perr) {
        buf m = {0};
        buf_printf(&m, "not valid JSON (%s)", perr);
        free(perr);
        dom_free(root);
        int rc = fail(err, name, m.data);
        buf_free(&m);
        return rc;
    }
    const dom *findings = dom_get(root, "findings");
    if (dom_type_of(root) != DOM_TABLE || dom_type_of(findings) != DOM_ARRAY
        || dom_type_of(dom_get(root, "schema_version")) != DOM_INT) {
        dom_free(root);
        return fail(err, name, "not an aiready JSON report (make one with: aiready scan --format json -o FILE)");
    }
    if (dom_int(dom_get(root, "schema_version")) != 1) {
        dom_free(root);
        return fail(err, name, "report schema_version is not 1");
    }
    out->fingerprints = xcalloc(dom_len(findings) + 1, sizeof *out->fingerprints);
    for (size_t i = 0; i < dom_len(findings); i++) {
        const dom *f = dom_at(findings, i);
        const char *fp = dom_get_str(f, "fingerprint");
        const char *eff = dom_get_str(f, "effect");
        if (!fp || !*fp) continue;
        /* only evidence against an item is ever baselined */
        if (eff && strcmp(eff, "violates") != 0) continue;
        out->fingerprints[out->n++] = xstrdup(fp);
    }
    read_known(root, out);
    dom_free(root);
    if (out->n) qsort(out->fingerprints, out->n, sizeof *out->fingerprints, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (k && !strcmp(out->fingerprints[k - 1], out->fingerprints[i])) { free(out->fingerprints[i]); continue; }
        out->fingerprints[k++] = out->fingerprints[i];
    }
    out->n = k;
    out->file = xstrdup(name);
    return 0;
}

int baseline_load(const char *path, baseline *out, char **err)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "rb");
    if (!fp) return fail(err, path, strerror(errno));
    buf b = {0};
    readcap_status st = readcap_stream(fp, BOUNDS_BASELINE_MAX_BYTES, &b);
    fclose(fp);
    if (st == READCAP_TOO_LARGE) {
        char size[32], why[64];
        snprintf(why, sizeof why, "larger than %s; not read", readcap_size_name(BOUNDS_BASELINE_MAX_BYTES, size));
        return fail(err, path, why);
    }
    if (st != READCAP_OK) return fail(err, path, "read error");
    int rc = baseline_parse(b.data ? b.data : "", b.len, path, out, err);
    buf_free(&b);
    return rc;
}

bool baseline_contains(const baseline *b, const char *fingerprint)
{
    if (!fingerprint || !b->n) return false;
    return bsearch(&fingerprint, b->fingerprints, b->n, sizeof *b->fingerprints, cmp_str) != NULL;
}

static const finding *known_of(const baseline *b, const char *fingerprint)
{
    if (!fingerprint || !b->n_known) return NULL;
    finding key = {0};
    key.fingerprint = (char *)fingerprint;
    return bsearch(&key, b->known, b->n_known, sizeof *b->known, cmp_known);
}

/* Unchanged when the baseline's result of that fingerprint says the same at the same
 * severity; a moved line is not a change (the fingerprint is made to survive it). */
static baseline_state state_of(const baseline *b, const finding *f)
{
    const finding *k = known_of(b, f->fingerprint);
    if (!k) return BASELINE_NEW;
    bool same = k->severity == f->severity && !strcmp(k->message, f->message ? f->message : "");
    return same ? BASELINE_UNCHANGED : BASELINE_UPDATED;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The baseline's results no finding or suppressed finding of r matches now. */
static void find_absent(const baseline *b, scan_result *r)
{
    suppression_state *st = &r->suppression;
    VEC(const char *) now = {0};
    for (size_t i = 0; i < r->findings.len; i++)
        if (r->findings.items[i].fingerprint) VEC_PUSH(&now, r->findings.items[i].fingerprint);
    for (size_t i = 0; i < st->list.len; i++)
        if (st->list.items[i].finding.fingerprint) VEC_PUSH(&now, st->list.items[i].finding.fingerprint);
    if (now.len > 1) qsort(now.items, now.len, sizeof *now.items, cmp_cstr);
    for (size_t i = 0; i < b->n_known; i++) {
        const char *fp = b->known[i].fingerprint;
        if (now.len && bsearch(&fp, now.items, now.len, sizeof *now.items, cmp_cstr)) continue;
        VEC_PUSH(&st->absent, suppress_copy_finding(&b->known[i]));
    }
    VEC_FREE(&now);
}

void baseline_apply(const baseline *b, scan_result *r)
{
    suppression_state *st = &r->suppression;
    free(st->baseline_file);
    st->baseline_file = xstrdup(b->file);
    st->baseline_fingerprints = b->n;
    free(st->baselined);
    st->baselined = xcalloc(r->findings.len + 1, sizeof *st->baselined);
    bool added = false;
    for (size_t i = 0; i < r->findings.len; i++) {
        const finding *f = &r->findings.items[i];
        if (f->effect != EFFECT_VIOLATES || !baseline_contains(b, f->fingerprint)) continue;
        st->baselined[i] = true;
        suppression s = {SUPPRESS_BASELINE, suppress_copy_finding(f), NULL, 0, BASELINE_NONE};
        VEC_PUSH(&st->list, s);
        added = true;
    }
    if (added) qsort(st->list.items, st->list.len, sizeof *st->list.items, suppression_compare);
    free(st->states);
    st->states = xcalloc(r->findings.len + 1, 1);
    for (size_t i = 0; i < r->findings.len; i++) st->states[i] = (uint8_t)state_of(b, &r->findings.items[i]);
    for (size_t i = 0; i < st->list.len; i++) st->list.items[i].state = state_of(b, &st->list.items[i].finding);
    finding_list_free(&st->absent);
    find_absent(b, r);
}

void baseline_free(baseline *b)
{
    for (size_t i = 0; i < b->n_known; i++) finding_free(&b->known[i]);
    free(b->known);
    for (size_t i = 0; i < b->n; i++) free(b->fingerprints[i]);
    free(b->fingerprints);
    free(b->file);
    memset(b, 0, sizeof *b);
}
