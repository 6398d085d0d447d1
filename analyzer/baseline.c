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
        suppression s = {SUPPRESS_BASELINE, suppress_copy_finding(f), NULL, 0};
        VEC_PUSH(&st->list, s);
        added = true;
    }
    if (added) qsort(st->list.items, st->list.len, sizeof *st->list.items, suppression_compare);
}

void baseline_free(baseline *b)
{
    for (size_t i = 0; i < b->n; i++) free(b->fingerprints[i]);
    free(b->fingerprints);
    free(b->file);
    memset(b, 0, sizeof *b);
}
