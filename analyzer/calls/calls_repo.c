/* calls_repo: the repository stage — resolves objects imported from other files, follows
 * thin wrappers to their callers, applies repository-wide instrumentation and turns the raw
 * per-file facts into the model_call inventory (judged against the catalog's defaults). */
#include "calls_int.h"
#include "calls_modindex.h"
#include "match.h"
#include "provenance.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void calls_emit_findings(const calls_catalog *cat, const model_call *mc, const raw_call *rc,
                         const sink_list *sinks, const char *const *sink_files, finding_list *out);

struct repo {
    const calls_catalog *cat;
    calls_file *const *files;
    size_t n;
    char **stems;            /* module stem of each file */
    calls_modindex *stem_index; /* the stems by text */
    calls_modmemo *mods;     /* resolve_module results */
    int *fc_head, *fc_next;  /* callsites hashed by callee name: index = file << 32 | site */
    VEC(uint64_t) fc_ids;
    strv covered;            /* providers covered by instrumentation; "*" = all */
    strv covered_by;         /* parallel: "file:line what" */
    char *exporter;          /* "file:line" of a registered OpenTelemetry exporter */
    VEC(reach_rec) reach;    /* every judged model call: file, function (item 32 join) */
    bool debug_on;           /* some file turns debug-level logging on */
    char *fn_timeout;        /* "file:line what" of a deployed request timeout, or NULL */
};

static char *fmt_src(const char *file, uint32_t line)
{
    buf b = {0};
    buf_printf(&b, "%s:%u", file, line);
    return buf_take(&b);
}

/* ---- module paths ----------------------------------------------------------------------- */

static bool has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* The module stem of a file: "app/llm.py" -> "app/llm", "lib/x/index.ts" -> "lib/x". */
static char *file_stem(const char *path)
{
    char *s = xstrdup(path);
    char *dot = strrchr(s, '.');
    char *slash = strrchr(s, '/');
    if (dot && (!slash || dot > slash)) *dot = '\0';
    if (has_suffix(s, "/__init__") || has_suffix(s, "/index")) *strrchr(s, '/') = '\0';
    else if (!strcmp(s, "__init__") || !strcmp(s, "index")) s[0] = '\0';
    return s;
}

/* The path stem an import names, relative to the importing file where it is relative. */
static char *import_stem(const char *from_file, const char *spec, bool py)
{
    buf b = {0};
    if (py) {
        const char *p = spec;
        if (*p == '.') {
            char *dir = xstrdup(from_file);
            char *sl = strrchr(dir, '/');
            if (sl) *sl = '\0'; else dir[0] = '\0';
            p++;
            while (*p == '.') {
                sl = strrchr(dir, '/');
                if (sl) *sl = '\0'; else dir[0] = '\0';
                p++;
            }
            if (dir[0]) buf_printf(&b, "%s/", dir);
            free(dir);
        }
        for (; *p; p++) buf_putc(&b, *p == '.' ? '/' : *p);
        /* `from . import init`: the package itself, its __init__.py */
        if (b.len && b.data[b.len - 1] == '/') b.data[--b.len] = '\0';
    } else {
        if (spec[0] == '.') {
            char *dir = xstrdup(from_file);
            char *sl = strrchr(dir, '/');
            if (sl) *sl = '\0'; else dir[0] = '\0';
            const char *p = spec;
            for (;;) {
                if (!strncmp(p, "./", 2)) p += 2;
                else if (!strcmp(p, ".")) p += 1; /* `from '.'`: the folder's index */
                else if (!strncmp(p, "../", 3) || !strcmp(p, "..")) {
                    p += p[2] ? 3 : 2;
                    sl = strrchr(dir, '/');
                    if (sl) *sl = '\0'; else dir[0] = '\0';
                } else break;
            }
            if (dir[0]) buf_printf(&b, *p ? "%s/" : "%s", dir);
            buf_puts(&b, p);
            free(dir);
        } else {
            const char *p = spec;
            if (!strncmp(p, "@/", 2) || !strncmp(p, "~/", 2)) p += 2;
            buf_puts(&b, p);
        }
        char *s = buf_take(&b);
        char *dot = strrchr(s, '.');
        char *slash = strrchr(s, '/');
        if (dot && (!slash || dot > slash) && (has_suffix(s, ".js") || has_suffix(s, ".ts"))) *dot = '\0';
        if (has_suffix(s, "/index")) *strrchr(s, '/') = '\0';
        return s;
    }
    return buf_take(&b);
}

/* Files resolve imports among their own class: Python modules, other code; 0 for none. */
enum { MOD_NONE = 0, MOD_PY, MOD_OTHER };
static uint8_t module_class(int l) { return l == LANG_NONE ? MOD_NONE : l == LANG_PYTHON ? MOD_PY : MOD_OTHER; }

/* The file an import resolves to: an exact stem match, else a unique suffix match (`app.llm`
 * for backend/app/llm.py, `@/lib/x` for src/lib/x.ts). -1 when none. */
static int resolve_module_uncached(const repo *r, size_t from, const char *spec)
{
    bool py = r->files[from]->lang == LANG_PYTHON;
    char *want = import_stem(r->files[from]->path, spec, py);
    int to = calls_modindex_find(r->stem_index, want, py ? MOD_PY : MOD_OTHER);
    free(want);
    return to;
}

static int resolve_module(const repo *rc, size_t from, const char *spec)
{
    repo *r = (repo *)rc; /* the cache is an implementation detail of a const lookup */
    int to; /* relative specs depend on the importing file */
    if (calls_modmemo_get(r->mods, from, spec, &to)) return to;
    to = resolve_module_uncached(r, from, spec);
    calls_modmemo_put(r->mods, from, spec, to);
    return to;
}

/* ---- instrumentation ------------------------------------------------------------------ */

static void collect_instrumentation(repo *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const calls_file *f = r->files[i];
        for (size_t k = 0; k < f->instr.len; k++) {
            const instr_hit *h = &f->instr.items[k];
            buf b = {0};
            buf_printf(&b, "%s:%u", f->path, h->line);
            if (!h->covers.len) {
                VEC_PUSH(&r->covered, xstrdup("*"));
                VEC_PUSH(&r->covered_by, xstrdup(b.data));
            }
            for (size_t c = 0; c < h->covers.len; c++) {
                VEC_PUSH(&r->covered, xstrdup(h->covers.items[c]));
                VEC_PUSH(&r->covered_by, xstrdup(b.data));
            }
            buf_free(&b);
        }
        if (f->exporter_by && !r->exporter) r->exporter = fmt_src(f->path, f->exporter_line);
    }
}

static const char *covered_by(const repo *r, const char *provider)
{
    for (size_t i = 0; i < r->covered.len; i++)
        if (!strcmp(r->covered.items[i], "*") || !strcmp(r->covered.items[i], provider)) return r->covered_by.items[i];
    return NULL;
}

/* ---- callers of wrapper functions ------------------------------------------------------- */

typedef struct caller { size_t file; const fn_callsite *site; } caller;
typedef VEC(caller) caller_list;

static int method_definitions(const repo *r, const char *name)
{
    int n = 0;
    for (size_t i = 0; i < r->n; i++)
        for (size_t k = 0; k < r->files[i]->fns.len; k++) {
            const fn_def *d = &r->files[i]->fns.items[k];
            n += d->cls && d->name && !strcmp(d->name, name);
        }
    return n;
}

/* ChainExecutor vs chain_executor / chainExecutor: the usual name of an instance. */
static bool snake_is(const char *cls, const char *var)
{
    const char *v = var;
    while (*v == '_') v++;
    for (const char *c = cls; *c; c++) {
        char lc = (char)tolower((unsigned char)*c);
        if (*v == '_' && c != cls && isupper((unsigned char)*c)) v++;
        if (tolower((unsigned char)*v) != lc) return false;
        v++;
    }
    return *v == '\0';
}

static const export_obj *find_export1(const calls_file *f, const char *name);

/* True when `name` imported from `spec` in file cf is file tf's own: directly, or through
 * re-exports (`from .chat import compact_conversation` where chat.py imports it from
 * state.py), a few modules deep. */
static bool imported_from(const repo *r, size_t cf, const char *spec, const char *name, size_t tf)
{
    int m = resolve_module(r, cf, spec);
    for (int depth = 0; m >= 0 && depth < 8; depth++) {
        if (m == (int)tf) return true;
        const export_obj *e = find_export1(r->files[m], name);
        if (!e || !e->alias_src || (e->alias_name && strcmp(e->alias_name, name) != 0)) return false;
        m = resolve_module(r, (size_t)m, e->alias_src);
    }
    return false;
}

/* *ndefs caches method_definitions(fn->name) across the call sites of one function: it
 * scans every definition in the repository, and large code bases have many call sites. */
static bool callsite_targets_n(const repo *r, size_t cf, const fn_callsite *s, size_t tf, const fn_def *fn,
                               int *ndefs)
{
    if (!fn->name || strcmp(s->callee, fn->name) != 0) return false;
    switch (s->how) {
    case CALLEE_LOCAL: return cf == tf && !fn->cls;
    case CALLEE_METHOD: return cf == tf && fn->cls && !strcmp(fn->cls, s->cls);
    case CALLEE_ANY_METHOD:
        if (!fn->cls) return false;
        if (s->cls && snake_is(fn->cls, s->cls)) return true;
        if (*ndefs < 0) *ndefs = method_definitions(r, fn->name);
        return *ndefs == 1;
    default: return !fn->cls && imported_from(r, cf, s->module, s->callee, tf);
    }
}

static bool callsite_targets(const repo *r, size_t cf, const fn_callsite *s, size_t tf, const fn_def *fn)
{
    int ndefs = -1;
    return callsite_targets_n(r, cf, s, tf, fn, &ndefs);
}

static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

#define FC_BUCKETS 4096

static void index_callsites(repo *r)
{
    r->fc_head = xmalloc(FC_BUCKETS * sizeof *r->fc_head);
    for (int i = 0; i < FC_BUCKETS; i++) r->fc_head[i] = -1;
    for (size_t i = 0; i < r->n; i++)
        for (size_t k = 0; k < r->files[i]->fcalls.len; k++) {
            uint64_t id = (uint64_t)i << 32 | k;
            VEC_PUSH(&r->fc_ids, id);
        }
    r->fc_next = xmalloc((r->fc_ids.len + 1) * sizeof *r->fc_next);
    for (size_t j = 0; j < r->fc_ids.len; j++) {
        const fn_callsite *s = &r->files[r->fc_ids.items[j] >> 32]->fcalls.items[r->fc_ids.items[j] & 0xffffffffu];
        uint32_t h = name_hash(s->callee) % FC_BUCKETS;
        r->fc_next[j] = r->fc_head[h];
        r->fc_head[h] = (int)j;
    }
}

static int caller_cmp(const void *pa, const void *pb)
{
    const caller *a = pa, *b = pb;
    if (a->file != b->file) return a->file < b->file ? -1 : 1;
    return a->site->line < b->site->line ? -1 : a->site->line > b->site->line;
}

static void find_callers(const repo *r, size_t tf, int fn, caller_list *out)
{
    if (fn < 0) return;
    const fn_def *d = &r->files[tf]->fns.items[fn];
    if (!d->name) return;
    int ndefs = -1;
    for (int j = r->fc_head[name_hash(d->name) % FC_BUCKETS]; j >= 0; j = r->fc_next[j]) {
        size_t i = r->fc_ids.items[j] >> 32;
        const fn_callsite *s = &r->files[i]->fcalls.items[r->fc_ids.items[j] & 0xffffffffu];
        if (!strcmp(s->callee, d->name) && callsite_targets_n(r, i, s, tf, d, &ndefs)) {
            caller c = {i, s};
            VEC_PUSH(out, c);
        }
    }
    if (out->len > 1) qsort(out->items, out->len, sizeof *out->items, caller_cmp); /* path, line order */
}

int calls_repo_module(const repo *r, size_t from, const char *spec) { return resolve_module(r, from, spec); }

bool calls_repo_targets(const repo *r, size_t cf, const fn_callsite *s, size_t tf, const fn_def *fn)
{
    return callsite_targets(r, cf, s, tf, fn);
}

static const fn_def *caller_fn(const repo *r, const caller *c)
{
    return c->site->caller_fn >= 0 ? &r->files[c->file]->fns.items[c->site->caller_fn] : NULL;
}

/* ---- judging ---------------------------------------------------------------------------- */

/* A parameter from the call, else from its object; *from names the file it was read in. */
static const pfact *param(const repo *r, const raw_call *rc, int sdk, int which, const char *file,
                          const char *objfile, const char **from)
{
    const strv *names = &r->cat->sdks.items[sdk].params[which];
    const pfact *p = calls_pfacts_find(&rc->params, names);
    *from = file;
    if (!p && rc->has_obj) { p = calls_pfacts_find(&rc->obj.params, names); *from = objfile; }
    return p;
}

static char *catalog_src(const cat_sdk *s)
{
    return xstrdup(s->cite);
}

static void judge_retry(const repo *r, const raw_call *rc, const char *file, const char *objfile, int sdk, int def,
                        const caller_list *cl, model_call *mc)
{
    const cat_sdk *d = &r->cat->sdks.items[def];
    if (rc->retry_by) { mc->retry = xstrdup("explicit"); mc->retry_source = fmt_src(file, rc->retry_line); return; }
    if (rc->has_obj && rc->obj.retry_by) {
        mc->retry = xstrdup("explicit");
        mc->retry_source = fmt_src(objfile, rc->obj.retry_line);
        return;
    }
    const char *from;
    const pfact *p = param(r, rc, sdk, P_RETRIES, file, objfile, &from);
    if (p && p->vk != VK_NONE && p->vk != VK_FALSE) {
        mc->retry = xstrdup(p->vk == VK_ZERO ? "disabled" : "explicit");
        mc->retry_source = fmt_src(from, p->line);
        return;
    }
    bool all = cl->len > 0;
    for (size_t i = 0; i < cl->len && all; i++) {
        const fn_def *f = caller_fn(r, &cl->items[i]);
        all = f && f->retry_by;
    }
    if (all) {
        const caller *c = &cl->items[0];
        mc->retry = xstrdup("explicit");
        mc->retry_source = fmt_src(r->files[c->file]->path, caller_fn(r, c)->retry_line);
        return;
    }
    mc->retry = xstrdup(d->def_retries > 0 ? "sdk-default" : "none");
    mc->retry_source = catalog_src(d);
}

static bool signal_is_timeout(const pfact *p)
{
    return p->str && (strstr(p->str, "imeout") || strstr(p->str, "AbortSignal"));
}

static void judge_timeout(const repo *r, const raw_call *rc, const char *file, const char *objfile, int sdk, int def,
                          const caller_list *cl, model_call *mc)
{
    const cat_sdk *d = &r->cat->sdks.items[def];
    if (rc->timeout_by) { mc->timeout = xstrdup("explicit"); mc->timeout_source = fmt_src(file, rc->timeout_line); return; }
    const strv *names = &r->cat->sdks.items[sdk].params[P_TIMEOUT];
    const pfacts *lists[2] = {&rc->params, rc->has_obj ? &rc->obj.params : NULL};
    for (int l = 0; l < 2; l++) {
        if (!lists[l]) continue;
        for (size_t i = lists[l]->len; i-- > 0;) {
            const pfact *p = &lists[l]->items[i];
            if (!calls_strv_has(names, p->name)) continue;
            bool sig = !strcmp(p->name, "signal") || !strcmp(p->name, "abortSignal");
            if (sig && !signal_is_timeout(p)) continue;
            mc->timeout = xstrdup(p->vk == VK_NONE || p->vk == VK_ZERO || p->vk == VK_FALSE ? "none" : "explicit");
            mc->timeout_source = fmt_src(l ? objfile : file, p->line);
            return;
        }
    }
    bool all = rc->kwargs_splat && cl->len > 0;
    for (size_t i = 0; i < cl->len && all; i++) all = cl->items[i].site->pass_timeout;
    if (all) {
        mc->timeout = xstrdup("explicit");
        mc->timeout_source = fmt_src(r->files[cl->items[0].file]->path, cl->items[0].site->line);
        return;
    }
    /* the deployment bounds the request that runs operative code (a Lambda's Timeout, a
     * proxy's response_timeout): not tests, examples or scripts, which it never runs */
    if (r->fn_timeout && provenance_of_path(file).kind == PROV_CODE) {
        mc->timeout = xstrdup("explicit");
        mc->timeout_source = xstrdup(r->fn_timeout);
        return;
    }
    mc->timeout = xstrdup(d->def_timeout_set ? "sdk-default" : "none");
    mc->timeout_source = catalog_src(d);
}

static bool proxy_host(const repo *r, const pfacts *p)
{
    for (size_t i = 0; i < p->len; i++) {
        if (!p->items[i].str) continue;
        for (size_t k = 0; k < r->cat->proxy_hosts.len; k++)
            if (strstr(p->items[i].str, r->cat->proxy_hosts.items[k])) return true;
        if (!strcasecmp(p->items[i].name, "Helicone-Auth")) return true;
    }
    return false;
}

static void judge_logged(const repo *r, const raw_call *rc, const char *file, const char *objfile, int sdk, int def,
                         const caller_list *cl, model_call *mc)
{
    const char *prov = r->cat->sdks.items[sdk].provider, *dprov = r->cat->sdks.items[def].provider;
    const char *g;
    mc->logged = true;
    /* debug-level lines are off by default (LABELLING.md): they log only where the
     * repository turns debug logging on */
    if (rc->logged_by && (r->debug_on || !calls_log_is_debug(rc->logged_by))) {
        mc->logged_source = fmt_src(file, rc->logged_line);
        return;
    }
    if (rc->has_obj && rc->obj.logged_by) { mc->logged_source = fmt_src(objfile, rc->obj.logged_line); return; }
    if (proxy_host(r, &rc->params)) { mc->logged_source = fmt_src(file, rc->line); return; }
    if (rc->has_obj && proxy_host(r, &rc->obj.params)) { mc->logged_source = fmt_src(objfile, rc->obj.line); return; }
    if (rc->telemetry_on && r->exporter) { mc->logged_source = xstrdup(r->exporter); return; }
    if ((g = covered_by(r, prov)) || (g = covered_by(r, dprov))) { mc->logged_source = xstrdup(g); return; }
    bool all = cl->len > 0;
    for (size_t i = 0; i < cl->len && all; i++) {
        const fn_def *f = caller_fn(r, &cl->items[i]);
        all = f && (f->trace_by || (f->log_by && (r->debug_on || !calls_log_is_debug(f->log_by))));
    }
    if (all) {
        const fn_def *f = caller_fn(r, &cl->items[0]);
        mc->logged_source = fmt_src(r->files[cl->items[0].file]->path, f->trace_by ? f->trace_line : f->log_line);
        return;
    }
    mc->logged = false;
}

/* Output validation from the call's arguments: a schema, a model class, or JSON mode. */
static uint8_t format_level(const repo *r, const raw_call *rc, int sdk)
{
    const strv *names = &r->cat->sdks.items[sdk].params[P_FORMAT];
    uint8_t lvl = VAL_FALSE;
    const pfacts *lists[2] = {&rc->params, rc->has_obj ? &rc->obj.params : NULL};
    for (int l = 0; l < 2; l++) {
        if (!lists[l]) continue;
        for (size_t i = 0; i < lists[l]->len; i++) {
            const pfact *p = &lists[l]->items[i];
            uint8_t v = VAL_FALSE;
            if (!strcmp(p->name, "type") && p->str && !strcmp(p->str, "json_object")) v = VAL_WEAK;
            else if (!strcmp(p->name, "type") && p->str && !strcmp(p->str, "json_schema")) v = VAL_TRUE;
            else if (calls_strv_has(names, p->name)) {
                if (strstr(p->name, "mime") || strstr(p->name, "Mime")) v = VAL_WEAK;
                else if (p->vk == VK_STR) v = strstr(p->str, "json") ? VAL_WEAK : VAL_FALSE;
                else if (p->vk == VK_OTHER && !p->literal && p->str && p->str[0] != '{' && strcmp(p->name, "text"))
                    v = VAL_TRUE;
            }
            if (v > lvl) lvl = v;
        }
    }
    return lvl;
}

static const char *const val_names[] = {"false", "weak", "true"};
static const char *const ps_names[] = {"unknown", "inline", "file", "registry"};
static const char *const kind_names[] = {"chat", "embedding", "image"};

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void add_sinks(model_call *mc, const sink_list *s)
{
    for (size_t i = 0; i < s->len; i++) {
        const char *k = calls_sink_name(s->items[i].kind);
        bool dup = false;
        for (uint32_t j = 0; j < mc->n_output_sinks; j++) dup |= !strcmp(mc->output_sinks[j], k);
        if (dup) continue;
        mc->output_sinks = xrealloc(mc->output_sinks, (mc->n_output_sinks + 1) * sizeof *mc->output_sinks);
        mc->output_sinks[mc->n_output_sinks++] = xstrdup(k);
    }
}

static char *fn_label(const calls_file *file, int fn)
{
    while (fn >= 0 && !file->fns.items[fn].name) fn = file->fns.items[fn].parent;
    if (fn < 0) return NULL;
    const fn_def *f = &file->fns.items[fn];
    buf b = {0};
    if (f->cls) buf_printf(&b, "%s.%s", f->cls, f->name);
    else buf_puts(&b, f->name);
    return buf_take(&b);
}

/* Whether prompt text that is a parameter of function fn (of file fi) comes from outside:
 * walking up the callers that pass their own parameters along, a caller passing request
 * data, or a function nobody in the repository calls (a handler, a callback, a graph node
 * or a command the framework invokes with the user's data). Breadth-first, visited set,
 * at most CALLS_PARAM_WALK functions: bounded on any call graph. */
#define CALLS_PARAM_WALK 64
static bool param_from_outside(const repo *r, size_t fi, int fn)
{
    typedef struct { size_t file; int fn; } node;
    node q[CALLS_PARAM_WALK];
    size_t head = 0, tail = 0;
    if (fn < 0) return false;
    /* a server action's arguments come from whichever client calls it */
    if (r->files[fi]->fns.items[fn].server_action) return true;
    q[tail++] = (node){fi, fn};
    bool out = false;
    while (head < tail && !out) {
        node cur = q[head++];
        caller_list cl = {0};
        find_callers(r, cur.file, cur.fn, &cl);
        if (cl.len == 0) out = true;
        for (size_t i = 0; i < cl.len && !out; i++) {
            const fn_callsite *s = cl.items[i].site;
            if (s->arg_user_input) { out = true; break; }
            if (!s->arg_from_param || s->caller_fn < 0) continue;
            bool seen = false;
            for (size_t k = 0; k < tail && !seen; k++) seen = q[k].file == cl.items[i].file && q[k].fn == s->caller_fn;
            if (!seen && tail < CALLS_PARAM_WALK) q[tail++] = (node){cl.items[i].file, s->caller_fn};
        }
        VEC_FREE(&cl);
    }
    return out;
}

/* The index of the file at path (where a parameter was read), else fi. */
static size_t file_index(const repo *r, const char *path, size_t fi)
{
    if (!path || !strcmp(r->files[fi]->path, path)) return fi;
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->files[i]->path, path)) return i;
    return fi;
}

/* The string a configured value names (pfact ref_src, ref_name) seen from file fi: a const of
 * the module src ("" = fi itself), through a module-level instance of a class of that file
 * (`settings.MODEL` → `Settings.MODEL`) and re-exports (`from .config import Config` in a
 * package __init__), a few modules deep; NULL when unresolvable (the model is then unknown). */
static const char *resolve_const(const repo *r, size_t fi, const char *src, const char *name, int depth)
{
    if (depth > 6 || !name) return NULL;
    int tf = src && src[0] ? resolve_module(r, fi, src) : (int)fi;
    if (tf < 0) return NULL;
    const calls_file *f = r->files[tf];
    const char *dot = strchr(name, '.');
    size_t hl = dot ? (size_t)(dot - name) : strlen(name);
    for (size_t i = 0; i < f->consts.len; i++) {
        const const_str *c = &f->consts.items[i];
        if (!strcmp(c->name, name) && c->value) return c->value;
        if (dot && c->cls && strlen(c->name) == hl && !strncmp(c->name, name, hl)) { /* an instance */
            buf cn = {0};
            buf_printf(&cn, "%s%s", c->cls, dot);
            const char *v = resolve_const(r, (size_t)tf, "", cn.data, depth + 1);
            buf_free(&cn);
            if (v) return v;
        }
    }
    for (size_t i = 0; i < f->exports.len; i++) { /* a name this module imports from another */
        const export_obj *e = &f->exports.items[i];
        if (!e->alias_src || strlen(e->name) != hl || strncmp(e->name, name, hl) != 0) continue;
        buf an = {0};
        buf_printf(&an, "%s%s", e->alias_name ? e->alias_name : name, dot ? dot : "");
        const char *v = resolve_const(r, (size_t)tf, e->alias_src, an.data, depth + 1);
        buf_free(&an);
        if (v) return v;
    }
    return NULL;
}

static void judge(repo *r, size_t fi, const raw_call *rc, int sdk, const char *objfile, model_call_list *out,
                  finding_list *fout)
{
    const calls_file *f = r->files[fi];
    const cat_sdk *s = &r->cat->sdks.items[sdk];
    int def = rc->has_obj ? rc->obj.def_sdk : sdk;
    if (def < 0 || (size_t)def >= r->cat->sdks.len) def = sdk;
    caller_list cl = {0};
    find_callers(r, fi, rc->fn, &cl);
    model_call mc = {0};
    mc.file = xstrdup(f->path);
    mc.line = rc->line;
    mc.column = rc->col;
    mc.lang = rc->lang;
    mc.provider = xstrdup(s->provider);
    mc.api = xstrdup(rc->api);
    mc.sdk = xstrdup(s->id);
    mc.kind = xstrdup(kind_names[rc->kind]);
    mc.function = fn_label(f, rc->fn);
    mc.snippet = xstrdup(rc->snippet);
    const char *from;
    if (!objfile) objfile = f->path;
    const pfact *m = param(r, rc, sdk, P_MODEL, f->path, objfile, &from);
    if (!m && def != sdk) {
        const strv *dn = &r->cat->sdks.items[def].params[P_MODEL];
        m = rc->has_obj ? calls_pfacts_find(&rc->obj.params, dn) : NULL;
    }
    if (m && m->literal && m->str) mc.model = xstrdup(m->str);
    bool configured = false;
    if (!mc.model && m && m->vk == VK_OTHER && m->src != MS_REQUEST) {
        /* a model id from configuration, judged on the value it resolves to */
        const char *v = m->resolved ? m->resolved : m->ref_name ? resolve_const(r, file_index(r, from, fi), m->ref_src, m->ref_name, 0) : NULL;
        if (v) { mc.model = xstrdup(v); configured = true; }
    }
    mc.model_pinned = mc.model && calls_model_pinned(r->cat, mc.model);
    mc.model_source = xstrdup(configured ? "config" : mc.model ? "literal" : !m || m->vk != VK_OTHER ? "unknown"
                              : m->src == MS_CONFIG ? "config" : m->src == MS_REQUEST ? "request" : "unknown");
    mc.in_tests = match_is_test_path(f->path);
    mc.confidence = xstrdup(rc->medium ? "medium" : "high");
    judge_retry(r, rc, f->path, objfile, sdk, def, &cl, &mc);
    judge_timeout(r, rc, f->path, objfile, sdk, def, &cl, &mc);
    judge_logged(r, rc, f->path, objfile, sdk, def, &cl, &mc);
    /* error_handled is lexical (LABELLING.md): a try/catch or .catch in the call's own
     * function; a handler only in the callers does not count. */
    mc.error_handled = rc->error_handled;
    const pfact *mt = param(r, rc, sdk, P_MAXTOK, f->path, objfile, &from);
    if (!mt && def != sdk && rc->has_obj) mt = calls_pfacts_find(&rc->obj.params, &r->cat->sdks.items[def].params[P_MAXTOK]);
    mc.max_tokens = mt && mt->vk != VK_NONE;
    /* a **kwargs wrapper, or a parameter defaulting to None: a limit when every caller passes one */
    if (!mc.max_tokens && (rc->kwargs_splat || (mt && mt->vk == VK_NONE && mt->str)) && cl.len) {
        bool all = true;
        for (size_t i = 0; i < cl.len && all; i++) all = cl.items[i].site->pass_maxtok;
        mc.max_tokens = all;
    }
    uint8_t v = rc->cat_validated;
    if (rc->has_obj && rc->obj.validated > v) v = rc->obj.validated;
    if (rc->post_validated > v) v = rc->post_validated;
    uint8_t fl = format_level(r, rc, sdk);
    if (fl > v) v = fl;
    sink_list sinks = {0};
    VEC(const char *) sink_files = {0};
    for (size_t i = 0; i < rc->sinks.len; i++) {
        if (rc->sinks.items[i].kind == SINK_TO_CLIENT) continue; /* joined below */
        calls_sink_add(&sinks, rc->sinks.items[i].kind, rc->sinks.items[i].line, rc->sinks.items[i].col, rc->sinks.items[i].what);
        VEC_PUSH(&sink_files, f->path);
    }
    { /* output the client renders as raw HTML (calls_client.c) */
        uint32_t cl_line = 0;
        const char *cl_what = NULL;
        int cf = calls_client_reached(r->files, r->n, fi, rc, &cl_line, &cl_what);
        size_t before = sinks.len;
        if (cf >= 0) calls_sink_add(&sinks, SINK_HTML, cl_line, 1, cl_what);
        if (sinks.len > before) VEC_PUSH(&sink_files, r->files[cf]->path);
    }
    if (rc->returns_taint && cl.len) {
        uint8_t cv = VAL_TRUE;
        for (size_t i = 0; i < cl.len; i++) {
            const fn_callsite *cs = cl.items[i].site;
            for (size_t k = 0; k < cs->cond_sinks.len; k++) {
                if (cs->cond_sinks.items[k].kind == SINK_TO_CLIENT) continue;
                size_t before = sinks.len;
                calls_sink_add(&sinks, cs->cond_sinks.items[k].kind, cs->cond_sinks.items[k].line,
                               cs->cond_sinks.items[k].col, cs->cond_sinks.items[k].what);
                if (sinks.len > before) VEC_PUSH(&sink_files, r->files[cl.items[i].file]->path);
            }
            if (cs->cond_validated < cv) cv = cs->cond_validated;
        }
        if (cv > v) v = cv;
    }
    mc.output_validated = xstrdup(val_names[v]);
    /* A wrapper's prompt is a parameter: its callers' arguments tell where the text comes from. */
    uint8_t ps = rc->prompt_src;
    bool ui = rc->user_input;
    if ((ps == PS_UNKNOWN || rc->prompt_from_param) && cl.len) {
        uint8_t lo = PS_REGISTRY;
        for (size_t i = 0; i < cl.len; i++) {
            if (cl.items[i].site->arg_prompt < lo) lo = cl.items[i].site->arg_prompt;
            ui |= cl.items[i].site->arg_user_input;
        }
        if (ps == PS_UNKNOWN) ps = lo;
    }
    if (!ui && rc->prompt_from_param) ui = param_from_outside(r, fi, rc->fn);
    mc.prompt_source = xstrdup(ps_names[ps]);
    mc.context_bounded = rc->ctx_bounded < 0 ? MC_CTX_NONE : rc->ctx_bounded ? MC_CTX_BOUNDED : MC_CTX_UNBOUNDED;
    mc.context_source = rc->ctx_bounded >= 0 ? fmt_src(f->path, rc->ctx_line) : NULL;
    mc.user_input_in_prompt = ui;
    add_sinks(&mc, &sinks);
    if (mc.n_output_sinks) qsort(mc.output_sinks, mc.n_output_sinks, sizeof *mc.output_sinks, cmp_cstr);
    calls_emit_findings(r->cat, &mc, rc, &sinks, sink_files.items, fout);
    reach_rec rr = {fi, rc->fn, mc.line, xstrdup(mc.api), xstrdup(mc.provider)};
    VEC_PUSH(&r->reach, rr);
    calls_sinks_free(&sinks);
    VEC_FREE(&sink_files);
    VEC_FREE(&cl);
    VEC_PUSH(out, mc);
}

/* ---- pending calls on objects imported from other files ---------------------------- */

static const export_obj *find_export1(const calls_file *f, const char *name)
{
    for (size_t i = 0; i < f->exports.len; i++)
        if (!strcmp(f->exports.items[i].name, name)) return &f->exports.items[i];
    return NULL;
}

static const export_obj *find_export_rec(const repo *r, size_t tf, const char *name, size_t *of, int depth);

/* Follows alias e of file tf (asked for `want`, with "()" re-added when `called`). */
static const export_obj *follow_alias(const repo *r, size_t tf, const export_obj *e, const char *want, bool called,
                                      size_t *of, int depth)
{
    int nf = resolve_module(r, tf, e->alias_src);
    if (nf < 0) return NULL;
    buf nb = {0};
    buf_printf(&nb, "%s%s", e->alias_name ? e->alias_name : want, called ? "()" : "");
    const export_obj *found = find_export_rec(r, (size_t)nf, nb.data, of, depth + 1);
    buf_free(&nb);
    return found;
}

static const export_obj *find_export_rec(const repo *r, size_t tf, const char *name, size_t *of, int depth)
{
    if (depth >= 8) return NULL;
    const export_obj *e = find_export1(r->files[tf], name);
    if (e && !e->alias_src) {
        if (e->obj.sdk < 0) return NULL;
        if (of) *of = tf;
        return e;
    }
    if (e) return follow_alias(r, tf, e, name, false, of, depth);
    size_t nl = strlen(name);
    if (nl > 2 && !strcmp(name + nl - 2, "()")) {
        /* make() where make is re-exported (`from .clients import make`): follow the name,
         * then ask its module for make() */
        char *base = xstrndup(name, nl - 2);
        const export_obj *b = find_export1(r->files[tf], base);
        const export_obj *found = b && b->alias_src ? follow_alias(r, tf, b, base, true, of, depth) : NULL;
        free(base);
        if (found || b) return found;
    }
    /* export * from './c': any name of the source */
    const calls_file *f = r->files[tf];
    for (size_t i = 0; i < f->exports.len; i++) {
        const export_obj *s = &f->exports.items[i];
        if (strcmp(s->name, "*") != 0 || !s->alias_src) continue;
        const export_obj *found = follow_alias(r, tf, s, name, false, of, depth);
        if (found) return found;
    }
    return NULL;
}

/* The object file tf exports as name, following aliases (re-exports, factories that call
 * another module's factory, `export * from`) a few modules deep; *of: the file that made
 * the object. */
static const export_obj *find_export_in(const repo *r, size_t tf, const char *name, size_t *of)
{
    return find_export_rec(r, tf, name, of, 0);
}

/* Strips the leading segments of `rest` that keep the handle (passthrough and factory
 * methods: `with_options`, `withStructuredOutput`, `bind_tools`, `compile`, any number) so
 * that the rest reads as a catalog path. With c, the methods' evidence is applied to the
 * call as seen at its line: `with_retry` retries, `with_structured_output` validates. */
static const cat_path *pending_path(const cat_sdk *s, const char *rest, raw_call *c)
{
    for (int guard = 0; guard < 16; guard++) {
        const cat_path *p = calls_cat_find_path(&s->calls, rest);
        if (p) return p;
        const char *dot = strchr(rest, '.');
        if (!dot) return NULL;
        size_t l = (size_t)(dot - rest);
        bool keep = false;
        for (size_t i = 0; i < s->passthrough.len && !keep; i++)
            keep = strlen(s->passthrough.items[i]) == l && !strncmp(rest, s->passthrough.items[i], l);
        for (size_t i = 0; i < s->factories.len && !keep; i++)
            keep = strlen(s->factories.items[i]) == l && !strncmp(rest, s->factories.items[i], l);
        if (!keep) return NULL;
        if (c) {
            char *m = xstrndup(rest, l);
            if ((strstr(m, "retry") || strstr(m, "Retry")) && !c->retry_by) {
                c->retry_by = m; /* owned by the caller's copy: freed by resolve_* */
                c->retry_line = c->line;
                m = NULL;
            } else if (strstr(m, "structured") || strstr(m, "Structured")) {
                c->obj.validated = VAL_TRUE;
            }
            free(m);
        }
        rest = dot + 1;
    }
    return NULL;
}

static void resolve_pending(repo *r, size_t fi, const raw_call *rc, model_call_list *out, finding_list *fout)
{
    int tf = -1;
    if (!strcmp(rc->pend_module, "#slot")) { /* a repository-wide slot: the file that fills it */
        for (size_t k = 0; k < r->n && tf < 0; k++)
            if (find_export1(r->files[k], rc->pend_name)) tf = (int)k;
    } else {
        tf = resolve_module(r, fi, rc->pend_module);
    }
    size_t of = tf >= 0 ? (size_t)tf : 0;
    const export_obj *e = tf >= 0 ? find_export_in(r, (size_t)tf, rc->pend_name, &of) : NULL;
    const cat_path *p = e ? pending_path(&r->cat->sdks.items[e->obj.sdk], rc->pend_rest, NULL) : NULL;
    const char *dot = strchr(rc->pend_rest, '.');
    const char *used_rest = rc->pend_rest;
    if (!p && dot) {
        /* the name imported is a module (`import pkg.clients as c`, `from pkg import clients`,
         * a CommonJS `const d = require('./d')`): its export is the first segment */
        int mf = tf;
        if (strcmp(rc->pend_name, "default") != 0 && r->files[fi]->lang == LANG_PYTHON) {
            buf sub = {0};
            buf_printf(&sub, "%s%s%s", rc->pend_module, rc->pend_module[strlen(rc->pend_module) - 1] == '.' ? "" : ".",
                       rc->pend_name);
            mf = resolve_module(r, fi, sub.data);
            buf_free(&sub);
        }
        char *first = xstrndup(rc->pend_rest, (size_t)(dot - rc->pend_rest));
        e = mf >= 0 ? find_export_in(r, (size_t)mf, first, &of) : NULL;
        free(first);
        p = e ? pending_path(&r->cat->sdks.items[e->obj.sdk], dot + 1, NULL) : NULL;
        used_rest = dot + 1;
    }
    size_t nl = strlen(rc->pend_name);
    if (!p && dot && tf >= 0 && nl > 2 && !strcmp(rc->pend_name + nl - 2, "()")) {
        /* an instance of another module's class, `llm = LLM(...)`; `llm.chat_model.invoke(q)`:
         * the object its constructor keeps in the attribute (exported as "LLM.chat_model") */
        buf attr = {0};
        buf_printf(&attr, "%.*s.%.*s", (int)(nl - 2), rc->pend_name, (int)(dot - rc->pend_rest), rc->pend_rest);
        e = find_export_in(r, (size_t)tf, attr.data, &of);
        buf_free(&attr);
        p = e ? pending_path(&r->cat->sdks.items[e->obj.sdk], dot + 1, NULL) : NULL;
        used_rest = dot + 1;
    }
    /* an HTTP client made elsewhere: its URL, judged where the call is, was not seen */
    if (!p || r->cat->sdks.items[e->obj.sdk].http) return;
    raw_call c = *rc;  /* shallow: only fields read by judge() are changed */
    c.sdk = e->obj.sdk;
    c.has_obj = true;
    c.obj = e->obj;
    c.kind = p->kind;
    c.cat_validated = p->validated;
    c.api = p->path;
    pending_path(&r->cat->sdks.items[e->obj.sdk], used_rest, &c);
    judge(r, fi, &c, c.sdk, r->files[of]->path, out, fout);
    if (c.retry_by != rc->retry_by) free(c.retry_by);
}

/* A method called on a parameter: the first caller that passes an SDK object decides. */
static void resolve_param(repo *r, size_t fi, const raw_call *rc, model_call_list *out, finding_list *fout)
{
    caller_list cl = {0};
    find_callers(r, fi, rc->pend_fn >= 0 ? rc->pend_fn : rc->fn, &cl);
    for (size_t i = 0; i < cl.len; i++) {
        if (rc->pend_param >= CALLS_MAX_ARG_OBJS) continue;
        const fn_callsite *site = cl.items[i].site;
        const objfacts *o = site->arg_objs[rc->pend_param];
        const char *rest = rc->pend_rest;
        size_t of = cl.items[i].file; /* where the object was made */
        if (!o && site->arg_imp_src[rc->pend_param]) { /* an object imported by the caller */
            const char *src = site->arg_imp_src[rc->pend_param], *name = site->arg_imp_name[rc->pend_param];
            int tf = src[0] ? resolve_module(r, cl.items[i].file, src) : (int)cl.items[i].file; /* "": self */
            if (!strcmp(src, "#slot")) /* a repository-wide slot: the file that fills it */
                for (size_t k = 0; k < r->n && tf < 0; k++)
                    if (find_export1(r->files[k], name)) tf = (int)k;
            const export_obj *e = tf >= 0 && src[0] ? find_export_in(r, (size_t)tf, name, &of) : NULL;
            const char *dot = strchr(rest, '.');
            if (!e && tf >= 0 && dot) { /* cog.client.x(...) with the caller's self: Class.client */
                buf an = {0};
                buf_printf(&an, "%s.", name);
                buf_append(&an, rest, (size_t)(dot - rest));
                e = find_export_in(r, (size_t)tf, an.data, &of);
                buf_free(&an);
                if (e) rest = dot + 1;
            }
            if (e) o = &e->obj;
        }
        if (!o || r->cat->sdks.items[o->sdk].http) continue; /* an HTTP client: the URL decides */
        const cat_sdk *s = &r->cat->sdks.items[o->sdk];
        const cat_path *p = pending_path(s, rest, NULL);
        if (!p) continue;
        raw_call c = *rc;
        c.sdk = o->sdk;
        c.has_obj = true;
        c.obj = *o;
        c.kind = p->kind;
        c.cat_validated = p->validated;
        c.api = p->path;
        c.medium = false;
        pending_path(s, rest, &c);
        judge(r, fi, &c, c.sdk, r->files[of]->path, out, fout);
        if (c.retry_by != rc->retry_by) free(c.retry_by);
        VEC_FREE(&cl);
        return;
    }
    VEC_FREE(&cl);
    if (rc->medium_sdk >= 0) {
        raw_call c = *rc;
        c.medium = true;
        judge(r, fi, &c, rc->medium_sdk, NULL, out, fout);
    }
}

/* Raw HTTP whose URL names another module's value (`axios.post(endpoint, ...)` with endpoint
 * imported, `requests.post(settings.OLLAMA_URL + "/api/chat")`): a model call when the URL's
 * text with those values reaches a model endpoint. */
static void resolve_url(repo *r, size_t fi, const raw_call *rc, model_call_list *out, finding_list *fout)
{
    buf text = {0};
    buf_puts(&text, rc->url_text);
    for (size_t i = 0; i < rc->url_refs.len; i++) {
        const pfact *f = &rc->url_refs.items[i];
        const char *v = f->ref_name ? resolve_const(r, fi, f->ref_src, f->ref_name, 0) : NULL;
        if (v) buf_printf(&text, " \"%s\"", v);
    }
    char *target = calls_http_target_text(r->cat, text.data);
    buf_free(&text);
    if (!target) return;
    raw_call c = *rc; /* shallow: only the api is changed */
    c.api = target;
    if (strstr(target, "embed") || strstr(target, "rerank")) c.kind = CK_EMBED;
    else if (strstr(target, "images")) c.kind = CK_IMAGE;
    judge(r, fi, &c, c.sdk, NULL, out, fout);
    free(target);
}

void calls_finish(const calls_catalog *cat, calls_file *const *files, size_t n, model_call_list *out_calls,
                  finding_list *out_findings)
{
    /* Slots of files that were not analysed may be NULL: keep the others, in order. */
    calls_file **kept = xcalloc(n + 1, sizeof *kept);
    size_t nk = 0;
    for (size_t i = 0; i < n; i++)
        if (files[i]) kept[nk++] = files[i];
    files = kept;
    n = nk;
    repo r = {.cat = cat, .files = files, .n = n};
    r.stems = xcalloc(n + 1, sizeof *r.stems);
    for (size_t i = 0; i < n; i++) r.stems[i] = file_stem(files[i]->path);
    uint8_t *cls = xcalloc(n + 1, 1);
    for (size_t i = 0; i < n; i++) cls[i] = module_class(files[i]->lang);
    r.stem_index = calls_modindex_new(r.stems, cls, n);
    free(cls);
    r.mods = calls_modmemo_new();
    index_callsites(&r);
    for (size_t i = 0; i < n && !r.debug_on; i++) r.debug_on = files[i]->debug_line > 0;
    for (size_t i = 0; i < n && !r.fn_timeout; i++)
        if (files[i]->web.fn_timeout.by) {
            buf b = {0};
            buf_printf(&b, "%s:%u %s", files[i]->path, files[i]->web.fn_timeout.line, files[i]->web.fn_timeout.by);
            r.fn_timeout = buf_take(&b);
        }
    collect_instrumentation(&r);
    size_t first_call = out_calls->len, first_finding = out_findings->len;
    for (size_t i = 0; i < n; i++) {
        calls_file *f = files[i];
        /* Logging evidence of every function, for wrappers judged through their callers. */
        for (size_t k = 0; k < f->calls.len; k++) {
            const raw_call *rc = &f->calls.items[k];
            if (rc->sdk >= 0 && rc->url_text) resolve_url(&r, i, rc, out_calls, out_findings);
            else if (rc->sdk >= 0) judge(&r, i, rc, rc->sdk, NULL, out_calls, out_findings);
            else if (rc->pend_param >= 0) resolve_param(&r, i, rc, out_calls, out_findings);
            else resolve_pending(&r, i, rc, out_calls, out_findings);
        }
    }
    calls_access_join(cat, &r, files, n, r.reach.items, r.reach.len, out_findings);
    for (size_t i = 0; i < r.reach.len; i++) { free(r.reach.items[i].api); free(r.reach.items[i].provider); }
    VEC_FREE(&r.reach);
    if (out_calls->len > first_call)
        qsort(out_calls->items + first_call, out_calls->len - first_call, sizeof *out_calls->items, model_call_compare);
    if (out_findings->len > first_finding)
        qsort(out_findings->items + first_finding, out_findings->len - first_finding, sizeof *out_findings->items,
              finding_compare);
    for (size_t i = 0; i < r.covered.len; i++) { free(r.covered.items[i]); free(r.covered_by.items[i]); }
    VEC_FREE(&r.covered);
    VEC_FREE(&r.covered_by);
    free(r.exporter);
    free(r.fn_timeout);
    for (size_t i = 0; i < n; i++) free(r.stems[i]);
    free(r.stems);
    calls_modmemo_free(r.mods);
    calls_modindex_free(r.stem_index);
    free(r.fc_head);
    free(r.fc_next);
    VEC_FREE(&r.fc_ids);
    free(kept);
}

size_t calls_file_count(const calls_file *f) { return f ? f->calls.len : 0; }
