/* report_cyclonedx: the AI bill of materials as a CycloneDX 1.6 JSON document
 * (docs/aibom.md): the dependencies from manifests and lockfiles as libraries with purls,
 * the models the code calls as machine-learning-model components, and the provider APIs
 * they are called through as services; every entry carries its file:line evidence as
 * "aiready:evidence" properties. Deterministic: no timestamp, no random serial number. */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "report.h"
#include "safe_text.h"

/* ---- small helpers ---------------------------------------------------------------- */

static void prop(json_writer *w, const char *name, const char *value)
{
    json_object_begin(w);
    json_kv_string(w, "name", name);
    json_kv_string(w, "value", value ? value : "");
    json_object_end(w);
}

static void prop_loc(json_writer *w, const char *file, uint32_t line, uint32_t cell)
{
    buf v = {0};
    safe_put(&v, file, SAFE_PATH); /* shown like every file name of the JSON reports */
    if (line) buf_printf(&v, ":%u", line);
    if (cell) buf_printf(&v, " (cell %u)", cell);
    prop(w, "aiready:evidence", v.data);
    buf_free(&v);
}

static bool same(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

/* purl percent-encoding of one path segment (purl-spec: what is not unreserved). */
static void purl_segment(buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'
            || *p == '.' || *p == '_' || *p == '~')
            buf_putc(out, (char)*p);
        else
            buf_printf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

/* pkg:pypi/name@v, pkg:npm/%40scope/name@v (the npm scope is the namespace). */
static void purl_of(buf *out, const char *ecosystem, const char *name, const char *version)
{
    buf_printf(out, "pkg:%s/", ecosystem);
    const char *slash = name[0] == '@' ? strchr(name, '/') : NULL;
    if (slash) {
        char *ns = xstrndup(name, (size_t)(slash - name));
        purl_segment(out, ns);
        free(ns);
        buf_putc(out, '/');
        purl_segment(out, slash + 1);
    } else {
        purl_segment(out, name);
    }
    if (version && *version) {
        buf_putc(out, '@');
        purl_segment(out, version);
    }
}

/* The version a dependency is known at: the lockfile's, else the one exact pin. */
static const char *version_of(const dependency *d, char **owned)
{
    *owned = NULL;
    if (d->resolved && *d->resolved) return d->resolved;
    if (!d->pinned || !d->spec) return NULL;
    const char *s = d->spec;
    while (*s == '=' || *s == ' ' || *s == 'v') s++;
    size_t n = strcspn(s, " ;,");
    *owned = xstrndup(s, n);
    return *owned;
}

/* ---- dependencies ----------------------------------------------------------------- */

typedef VEC(char *) ref_list;

static bool same_version(const dependency *d, const char *version)
{
    char *own;
    bool eq = same(version_of(d, &own), version);
    free(own);
    return eq;
}

/* One library component: entries [i, j) with this name, those at `version`. */
static void write_library(json_writer *w, const scan_result *r, size_t i, size_t j, const char *version,
                          ref_list *refs)
{
    const dependency *d = NULL;
    bool all_dev = true, lock = false;
    for (size_t k = i; k < j; k++) {
        const dependency *e = &r->deps.items[k];
        if (!same_version(e, version)) continue;
        if (!d) d = e;
        all_dev &= e->dev;
        lock |= e->resolved && *e->resolved;
    }
    buf purl = {0};
    purl_of(&purl, d->ecosystem, d->name, version);
    json_object_begin(w);
    json_kv_string(w, "type", "library");
    json_kv_string(w, "bom-ref", purl.data);
    json_kv_string(w, "name", d->name);
    if (version) json_kv_string(w, "version", version);
    json_kv_string(w, "scope", all_dev ? "excluded" : "required");
    json_kv_string(w, "purl", purl.data);
    json_key(w, "properties");
    json_array_begin(w);
    prop(w, "aiready:ecosystem", d->ecosystem);
    prop(w, "aiready:version-source", lock ? "lockfile" : version ? "pinned" : "unresolved");
    for (size_t k = i; k < j; k++) {
        const dependency *e = &r->deps.items[k];
        if (!same_version(e, version)) continue;
        if (e->spec && *e->spec) prop(w, "aiready:declared", e->spec);
        if (e->dev) prop(w, "aiready:dev", "true");
        prop_loc(w, e->file, e->line, 0);
    }
    json_array_end(w);
    json_object_end(w);
    VEC_PUSH(refs, buf_take(&purl));
}

/* deps are sorted by ecosystem, name, file, line: per name, one component per version
 * (in the order versions first appear), so that every bom-ref is unique. */
static void write_libraries(json_writer *w, const scan_result *r, ref_list *refs)
{
    size_t i = 0;
    while (i < r->deps.len) {
        const dependency *d = &r->deps.items[i];
        size_t j = i + 1;
        while (j < r->deps.len && same(r->deps.items[j].ecosystem, d->ecosystem) && same(r->deps.items[j].name, d->name)) j++;
        for (size_t k = i; k < j; k++) {
            char *own;
            const char *version = version_of(&r->deps.items[k], &own);
            bool seen = false;
            for (size_t m = i; m < k && !seen; m++) seen = same_version(&r->deps.items[m], version);
            if (!seen) write_library(w, r, i, j, version, refs);
            free(own);
        }
        i = j;
    }
}

/* ---- models and services ---------------------------------------------------------- */

static void model_ref(buf *out, const model_call *c)
{
    buf_printf(out, "model:%s/%s", c->provider ? c->provider : "unknown", c->model ? c->model : "(unresolved)");
}

static void service_ref(buf *out, const model_call *c)
{
    buf_printf(out, "service:%s", c->sdk ? c->sdk : c->provider ? c->provider : "unknown");
}

static bool first_of_ref(const scan_result *r, size_t i, void (*ref)(buf *, const model_call *))
{
    buf a = {0}, b = {0};
    ref(&a, &r->calls.items[i]);
    bool first = true;
    for (size_t k = 0; k < i && first; k++) {
        b.len = 0;
        ref(&b, &r->calls.items[k]);
        first = strcmp(a.data, b.data) != 0;
    }
    buf_free(&a);
    buf_free(&b);
    return first;
}

static bool has_ref(const model_call *c, void (*ref)(buf *, const model_call *), const char *want)
{
    buf a = {0};
    ref(&a, c);
    bool eq = strcmp(a.data, want) == 0;
    buf_free(&a);
    return eq;
}

static void call_evidence(json_writer *w, const model_call *c)
{
    prop_loc(w, c->file, c->line, c->in_notebook ? c->cell : 0);
}

static void write_models(json_writer *w, const scan_result *r, ref_list *refs)
{
    for (size_t i = 0; i < r->calls.len; i++) {
        if (!first_of_ref(r, i, model_ref)) continue;
        const model_call *c = &r->calls.items[i];
        buf ref = {0};
        model_ref(&ref, c);
        json_object_begin(w);
        json_kv_string(w, "type", "machine-learning-model");
        json_kv_string(w, "bom-ref", ref.data);
        if (c->provider) json_kv_string(w, "group", c->provider);
        json_kv_string(w, "name", c->model ? c->model : "unresolved model");
        json_key(w, "properties");
        json_array_begin(w);
        prop(w, "aiready:provider", c->provider);
        prop(w, "aiready:model-id", !c->model ? "unresolved" : c->model_pinned ? "pinned" : "floating");
        if (!c->model) prop(w, "aiready:model-source", c->model_source);
        for (size_t k = i; k < r->calls.len; k++)
            if (has_ref(&r->calls.items[k], model_ref, ref.data)) call_evidence(w, &r->calls.items[k]);
        json_array_end(w);
        json_object_end(w);
        VEC_PUSH(refs, buf_take(&ref));
    }
}

static void write_services(json_writer *w, const scan_result *r, const report_options *o, ref_list *refs)
{
    for (size_t i = 0; i < r->calls.len; i++) {
        if (!first_of_ref(r, i, service_ref)) continue;
        const model_call *c = &r->calls.items[i];
        buf ref = {0}, name = {0};
        service_ref(&ref, c);
        buf_printf(&name, "%s API", c->provider ? c->provider : "model");
        if (c->sdk) buf_printf(&name, " (%s)", c->sdk);
        json_object_begin(w);
        json_kv_string(w, "bom-ref", ref.data);
        if (c->provider) {
            json_key(w, "provider");
            json_object_begin(w);
            json_kv_string(w, "name", c->provider);
            json_object_end(w);
        }
        json_kv_string(w, "name", name.data);
        size_t n_hosts = 0;
        const char *const *hosts = o->calls && c->sdk ? calls_catalog_sdk_hosts(o->calls, c->sdk, &n_hosts) : NULL;
        if (n_hosts) {
            json_key(w, "endpoints");
            json_array_begin(w);
            for (size_t h = 0; h < n_hosts; h++) {
                buf url = {0};
                buf_printf(&url, "https://%s", hosts[h]);
                json_string(w, url.data);
                buf_free(&url);
            }
            json_array_end(w);
        }
        json_kv_bool(w, "x-trust-boundary", true);
        json_key(w, "properties");
        json_array_begin(w);
        if (c->sdk) prop(w, "aiready:sdk", c->sdk);
        prop(w, "aiready:endpoints", n_hosts ? "the SDK's default hosts (rules/sdks); a base_url in code may point elsewhere" : "not known from the SDK catalog");
        for (size_t k = i; k < r->calls.len; k++) {
            const model_call *e = &r->calls.items[k];
            if (!has_ref(e, service_ref, ref.data)) continue;
            buf api = {0};
            buf_printf(&api, "%s (", e->api ? e->api : "?");
            safe_put(&api, e->file, SAFE_PATH);
            buf_printf(&api, ":%u)", e->line);
            prop(w, "aiready:api", api.data);
            buf_free(&api);
            call_evidence(w, e);
        }
        json_array_end(w);
        json_object_end(w);
        buf_free(&name);
        VEC_PUSH(refs, buf_take(&ref));
    }
}

/* ---- document --------------------------------------------------------------------- */

static const char *base_name(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    const char *p = path + n;
    while (p > path && p[-1] != '/') p--;
    return p;
}

static void write_metadata(json_writer *w, const scan_result *r, const report_options *o)
{
    json_key(w, "metadata");
    json_object_begin(w);
    json_key(w, "tools");
    json_object_begin(w);
    json_key(w, "components");
    json_array_begin(w);
    json_object_begin(w);
    json_kv_string(w, "type", "application");
    json_kv_string(w, "name", "aiready");
    json_kv_string(w, "version", o->tool_version ? o->tool_version : "dev");
    json_object_end(w);
    json_array_end(w);
    json_object_end(w);
    json_key(w, "component");
    json_object_begin(w);
    json_kv_string(w, "type", "application");
    json_kv_string(w, "bom-ref", "root");
    char *name = safe_path_dup(base_name(r->target ? r->target : "."));
    size_t n = strlen(name);
    while (n > 1 && name[n - 1] == '/') name[--n] = '\0';
    json_kv_string(w, "name", *name ? name : ".");
    free(name);
    json_object_end(w);
    if (r->checklist) {
        json_key(w, "properties");
        json_array_begin(w);
        buf v = {0};
        buf_printf(&v, "%u", r->score.score);
        prop(w, "aiready:score", v.data);
        buf_free(&v);
        prop(w, "aiready:risk", score_risk_name(r->score.risk));
        prop(w, "aiready:decision", score_decision_name(r->score.decision));
        json_array_end(w);
    }
    json_object_end(w);
}

/* root depends on every library, model and service; each model on the services its
 * calls go through. */
static void write_dependencies(json_writer *w, const scan_result *r, const ref_list *all, const ref_list *models)
{
    json_key(w, "dependencies");
    json_array_begin(w);
    json_object_begin(w);
    json_kv_string(w, "ref", "root");
    json_key(w, "dependsOn");
    json_array_begin(w);
    for (size_t i = 0; i < all->len; i++) json_string(w, all->items[i]);
    json_array_end(w);
    json_object_end(w);
    for (size_t m = 0; m < models->len; m++) {
        json_object_begin(w);
        json_kv_string(w, "ref", models->items[m]);
        json_key(w, "dependsOn");
        json_array_begin(w);
        ref_list seen = {0};
        for (size_t i = 0; i < r->calls.len; i++) {
            if (!has_ref(&r->calls.items[i], model_ref, models->items[m])) continue;
            buf s = {0};
            service_ref(&s, &r->calls.items[i]);
            bool dup = false;
            for (size_t k = 0; k < seen.len && !dup; k++) dup = strcmp(seen.items[k], s.data) == 0;
            if (dup) { buf_free(&s); continue; }
            json_string(w, s.data);
            VEC_PUSH(&seen, buf_take(&s));
        }
        for (size_t k = 0; k < seen.len; k++) free(seen.items[k]);
        VEC_FREE(&seen);
        json_array_end(w);
        json_object_end(w);
    }
    json_array_end(w);
}

static void refs_free(ref_list *l)
{
    for (size_t i = 0; i < l->len; i++) free(l->items[i]);
    VEC_FREE(l);
}

void report_cyclonedx(const scan_result *r, const report_options *o, buf *out)
{
    json_writer w;
    json_init(&w, out, false);
    json_object_begin(&w);
    json_kv_string(&w, "$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
    json_kv_string(&w, "bomFormat", "CycloneDX");
    json_kv_string(&w, "specVersion", "1.6");
    json_kv_int(&w, "version", 1);
    write_metadata(&w, r, o);
    ref_list all = {0}, models = {0};
    json_key(&w, "components");
    json_array_begin(&w);
    write_libraries(&w, r, &all);
    write_models(&w, r, &models);
    json_array_end(&w);
    for (size_t i = 0; i < models.len; i++) VEC_PUSH(&all, xstrdup(models.items[i]));
    json_key(&w, "services");
    json_array_begin(&w);
    write_services(&w, r, o, &all);
    json_array_end(&w);
    write_dependencies(&w, r, &all, &models);
    json_object_end(&w);
    buf_putc(out, '\n');
    refs_free(&all);
    refs_free(&models);
}
