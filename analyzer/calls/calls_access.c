/* calls_access: item 32 per file — the web handlers of a file (Flask / FastAPI / Django
 * views, Express routes, Next.js route handlers and server actions, Gradio event handlers,
 * Streamlit apps) and what protects each one (authentication, rate limit, roles), plus the
 * repository's exposure facts (0.0.0.0 binds, deploy configs, public platforms, share
 * links). The names and patterns are data (rules/sdks/web.yaml `access:`); the repository
 * stage joins handlers to the model calls they reach (calls_access_join.c). */
#include "calls_int.h"

#include "provenance.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <strings.h>

#include "redact.h"

/* ---- small helpers ------------------------------------------------------------------- */

static void ev_set(evidence *e, const char *by, size_t len, uint32_t line)
{
    if (e->by || !by) return;
    if (len > 80) len = 80;
    buf b = {0};
    for (size_t i = 0; i < len; i++) {
        char c = by[i];
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == ' ' && b.len && b.data[b.len - 1] == ' ') continue;
        buf_putc(&b, c);
    }
    e->by = buf_take(&b);
    e->line = line;
}

static void ev_copy(evidence *dst, const evidence *src)
{
    if (!dst->by && src->by) { dst->by = xstrdup(src->by); dst->line = src->line; }
}

/* Matches re in [s, s+len); on a match sets *off / *mlen to the match. */
static bool re_find(const pcre2_code *re, const char *s, size_t len, size_t *off, size_t *mlen)
{
    if (!re || !s) return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
    if (rc >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        *off = ov[0];
        *mlen = ov[1] - ov[0];
    }
    pcre2_match_data_free(md);
    return rc >= 0;
}

/* Evidence from a regex over a node's text: the matched text and its line. */
static bool ev_regex(actx *a, evidence *e, const pcre2_code *re, TSNode n)
{
    if (e->by || ts_node_is_null(n)) return false;
    uint32_t len;
    const char *s = calls_text(a, n, &len);
    size_t off, ml;
    if (!re_find(re, s, len, &off, &ml)) return false;
    ev_set(e, s + off, ml, source_line_of(a->src, (size_t)(s - a->src->text) + off));
    return true;
}

static const char *last_seg(const char *s)
{
    const char *p = strrchr(s, '.');
    return p ? p + 1 : s;
}

/* A dotted name against a list of globs, also by its last segment. */
static bool name_in(const strv *v, const char *canon)
{
    if (!canon || !*canon) return false;
    if (calls_strv_glob(v, canon)) return true;
    const char *l = last_seg(canon);
    for (size_t i = 0; i < v->len; i++)
        if (!strchr(v->items[i], '*') && !strcmp(v->items[i], l)) return true;
    return false;
}

static bool word_in(const char *s, size_t len, const char *w)
{
    size_t wl = strlen(w);
    for (const char *p = s; (p = calls_memmem(p, len - (size_t)(p - s), w, wl)); p += wl) {
        bool l = p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        bool r = (size_t)(p - s) + wl >= len || !(isalnum((unsigned char)p[wl]) || p[wl] == '_');
        if (l && r) return true;
    }
    return false;
}

static int fn_at(const actx *a, TSNode fn_node)
{
    uint32_t st = ts_node_start_byte(fn_node);
    for (size_t i = 0; i < a->out->fns.len; i++)
        if (a->out->fns.items[i].start == st) return (int)i;
    return -1;
}

/* The innermost scope whose node contains n. */
/* The innermost scope holding node n. Scopes are numbered in pre-order, so their nodes
 * start in order: the last one starting at or before n, or the nearest of its enclosing
 * scopes that holds n. */
static int scope_at(const actx *a, TSNode n)
{
    uint32_t b = ts_node_start_byte(n);
    size_t lo = 0, hi = a->scopes.len;
    while (lo < hi) { /* the first scope starting after b */
        size_t mid = lo + (hi - lo) / 2;
        if (ts_node_start_byte(a->scopes.items[mid].node) <= b) lo = mid + 1;
        else hi = mid;
    }
    for (int sc = (int)lo - 1; sc > 0; sc = a->scopes.items[sc].parent) {
        TSNode s = a->scopes.items[sc].node;
        if (ts_node_start_byte(s) <= b && b < ts_node_end_byte(s)) return sc;
    }
    return 0;
}

static char *fn_label_at(const actx *a, int fn)
{
    if (fn < 0) return NULL;
    const fn_def *f = &a->out->fns.items[fn];
    if (!f->name) return NULL;
    buf b = {0};
    if (f->cls) buf_printf(&b, "%s.%s", f->cls, f->name);
    else buf_puts(&b, f->name);
    return buf_take(&b);
}

static char *snippet_of(actx *a, TSNode n)
{
    size_t ll;
    const char *lt = source_line_text(a->src, calls_line(n), &ll);
    while (ll && (*lt == ' ' || *lt == '\t')) { lt++; ll--; }
    if (ll > 160) ll = 160;
    return redact_source_dup(a->src, lt, ll);
}

static web_handler *handler_new(actx *a, const char *framework, TSNode at, int fn)
{
    calls_access_file *w = &a->out->web;
    for (size_t i = 0; fn >= 0 && i < w->handlers.len; i++)
        if (w->handlers.items[i].fn == fn) return NULL; /* wired twice (Gradio events) */
    web_handler h = {0};
    h.framework = framework;
    h.fn = fn;
    h.line = calls_line(at);
    h.col = calls_col(at);
    h.name = fn_label_at(a, fn);
    h.snippet = snippet_of(a, at);
    VEC_PUSH(&w->handlers, h);
    return &w->handlers.items[w->handlers.len - 1];
}

static bool has_text(const actx *a, const char *w)
{
    return calls_memmem(a->src->text, a->src->len, w, strlen(w)) != NULL;
}

static bool imports_module(const actx *a, const char *root)
{
    size_t n = strlen(root);
    for (size_t i = 0; i < a->binds.len; i++) {
        const binding *b = &a->binds.items[i];
        if (b->kind != BK_IMPORT || !b->module) continue;
        if (!strncmp(b->module, root, n) && (b->module[n] == '\0' || b->module[n] == '.' || b->module[n] == '/'))
            return true;
    }
    return false;
}

/* ---- FastAPI Depends / Security ----------------------------------------------------- */

/* Depends(x) / Security(x) inside a node's text: authentication, rate limit, roles. */
static void scan_depends(actx *a, TSNode n, evidence *auth, evidence *rate, evidence *roles)
{
    if (ts_node_is_null(n)) return;
    const cat_access *c = &a->cat->access;
    uint32_t len;
    const char *s = calls_text(a, n, &len);
    size_t base = (size_t)(s - a->src->text);
    for (size_t i = 0; i + 8 < len; i++) {
        bool sec = !strncmp(s + i, "Security(", 9);
        if (!sec && strncmp(s + i, "Depends(", 8) != 0) continue;
        if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_')) continue;
        size_t p = i + (sec ? 9 : 8);
        while (p < len && isspace((unsigned char)s[p])) p++;
        size_t q = p;
        while (q < len && (isalnum((unsigned char)s[q]) || s[q] == '_' || s[q] == '.')) q++;
        size_t end = q; /* the whole Depends(...) for role checks: Depends(require_role("admin")) */
        int depth = 1;
        for (size_t k = i + (sec ? 9 : 8); k < len && depth; k++) {
            if (s[k] == '(') depth++;
            else if (s[k] == ')') depth--;
            end = k + 1;
        }
        char *name = xstrndup(s + p, q - p);
        uint32_t line = source_line_of(a->src, base + i);
        size_t off, ml;
        if (sec || calls_re_match(c->auth_dep_re, name, strlen(name))) ev_set(auth, s + i, end - i, line);
        if (calls_re_match(c->rate_dep_re, name, strlen(name))) ev_set(rate, s + i, end - i, line);
        if (re_find(c->role_re, s + i, end - i, &off, &ml)) ev_set(roles, s + i, end - i, line);
        free(name);
        i = q;
    }
}

/* ---- Python --------------------------------------------------------------------------- */

typedef struct router_ev { char *name, *prefix; evidence auth, rate, roles; } router_ev;

typedef struct scan {
    actx *a;
    bool fastapi, flask, django, gradio, streamlit, express, is_views;
    bool tg_webhook; /* aiogram updates served by a web app's webhook route (aiohttp) */
    VEC(router_ev) routers;      /* FastAPI(...) / APIRouter(...) with dependencies= */
    VEC(web_mount) local_mounts; /* include_router(r) of a router defined in this file */
    struct use_ev { uint32_t pos; char *prefix; evidence auth, rate, roles; } *uses;
    size_t nuses, cuses;
} scan;

static void ev_free(evidence *e) { free(e->by); e->by = NULL; }

static const char *const py_route_methods[] = {"get", "post", "put", "patch", "delete", "route", "api_route", "websocket", NULL};

static bool in_list(const char *const *l, const char *s, size_t n)
{
    for (int i = 0; l[i]; i++)
        if (strlen(l[i]) == n && !memcmp(l[i], s, n)) return true;
    return false;
}

static char *upper(const char *s)
{
    char *u = xstrdup(s);
    for (char *p = u; *p; p++) *p = (char)toupper((unsigned char)*p);
    return u;
}

/* methods=["POST"] in a Flask route: the first method named. */
static char *flask_methods(actx *a, TSNode args)
{
    uint32_t len;
    const char *s = calls_text(a, args, &len);
    const char *m = calls_memmem(s, len, "methods", 7);
    if (!m) return xstrdup("GET");
    static const char *const ms[] = {"POST", "PUT", "PATCH", "DELETE", "GET", NULL};
    for (int i = 0; ms[i]; i++)
        if (calls_memmem(m, len - (size_t)(m - s), ms[i], strlen(ms[i]))) return xstrdup(ms[i]);
    return xstrdup("GET");
}

/* Decorator evidence: auth / roles / rate-limit decorators, DRF permission_classes. */
static void py_decorator_ev(scan *x, TSNode dec, int scope, evidence *auth, evidence *rate, evidence *roles)
{
    actx *a = x->a;
    const cat_access *c = &a->cat->access;
    TSNode e = calls_child(dec, 0);
    char *canon = calls_canon(a, e, scope);
    uint32_t len;
    const char *txt = calls_text(a, dec, &len);
    uint32_t line = calls_line(dec);
    if (name_in(&c->role_decorators, canon)) ev_set(roles, txt, len, line);
    if (name_in(&c->auth_decorators, canon) || name_in(&c->role_decorators, canon)) ev_set(auth, txt, len, line);
    if (name_in(&c->rate_decorators, canon)) ev_set(rate, txt, len, line);
    const char *l = last_seg(canon);
    if (calls_is(e, "call")) {
        TSNode args = calls_call_args(e);
        if (!strcmp(l, "permission_classes") || !strcmp(l, "method_decorator") || !strcmp(l, "authentication_classes")) {
            uint32_t al;
            const char *as = calls_text(a, args, &al);
            for (size_t i = 0; i < c->auth_classes.len; i++)
                if (word_in(as, al, c->auth_classes.items[i])) ev_set(auth, txt, len, line);
            for (size_t i = 0; i < c->auth_decorators.len; i++)
                if (!strchr(c->auth_decorators.items[i], '*') && word_in(as, al, c->auth_decorators.items[i]))
                    ev_set(auth, txt, len, line);
            for (size_t i = 0; i < c->role_decorators.len; i++)
                if (!strchr(c->role_decorators.items[i], '*') && word_in(as, al, c->role_decorators.items[i]))
                    ev_set(roles, txt, len, line);
            if (word_in(as, al, "IsAdminUser")) ev_set(roles, txt, len, line);
        }
        scan_depends(a, args, auth, rate, roles); /* dependencies=[Depends(...)] */
    }
    free(canon);
}

static void py_function(scan *x, TSNode def, TSNode decorated)
{
    actx *a = x->a;
    const cat_access *c = &a->cat->access;
    TSNode outer = ts_node_is_null(decorated) ? def : decorated;
    int scope = scope_at(a, calls_parent(outer)); /* where the definition is, not its own scope */
    bool route = false, drf = false;
    char *path = NULL, *method = NULL, *recv = NULL;
    const char *fw = NULL;
    evidence auth = {0}, rate = {0}, roles = {0};
    bool hook = false;
    if (!ts_node_is_null(decorated)) {
        kids k;
        calls_kids(decorated, &k);
        for (uint32_t i = 0; i < k.n; i++) {
            TSNode d = k.v[i];
            if (!calls_is(d, "decorator")) continue;
            TSNode e = calls_child(d, 0);
            TSNode f = calls_is(e, "call") ? calls_field(e, "function") : e;
            if (calls_is(f, "attribute")) {
                uint32_t ml;
                const char *m = calls_text(a, calls_field(f, "attribute"), &ml);
                if ((x->fastapi || x->flask) && calls_is(e, "call") && in_list(py_route_methods, m, ml)) {
                    route = true;
                    fw = x->fastapi ? "fastapi" : "flask";
                    TSNode args = calls_call_args(e);
                    TSNode first = calls_nchild(args) ? calls_child(args, 0) : (TSNode){0};
                    free(path);
                    path = ts_node_is_null(first) ? NULL : calls_string_literal(a, first);
                    char *mm = xstrndup(m, ml);
                    free(method);
                    if (!strcmp(mm, "route") || !strcmp(mm, "api_route")) method = flask_methods(a, args);
                    else method = upper(mm);
                    free(mm);
                    free(recv);
                    recv = calls_dup(a, calls_field(f, "object"));
                    continue;
                }
                /* @dp.message(...) / @router.callback_query(...) behind the webhook route */
                if (x->tg_webhook && calls_is(e, "call") &&
                    ((ml == 7 && !memcmp(m, "message", 7)) || (ml == 14 && !memcmp(m, "callback_query", 14)) ||
                     (ml == 12 && !memcmp(m, "inline_query", 12)) || (ml == 12 && !memcmp(m, "channel_post", 12)))) {
                    route = true;
                    fw = "telegram-webhook";
                    free(method);
                    method = xstrdup("POST");
                    /* Telegram signs each update with the secret_token given to set_webhook */
                    if (has_text(a, "secret_token")) {
                        const char *t = calls_memmem(a->src->text, a->src->len, "secret_token", 12);
                        ev_set(&auth, t, 12, source_line_of(a->src, (size_t)(t - a->src->text)));
                    }
                    continue;
                }
                /* app-wide hooks that can authenticate every request */
                if ((ml == 14 && !memcmp(m, "before_request", 14)) || (ml == 18 && !memcmp(m, "before_app_request", 18)) ||
                    (ml == 10 && !memcmp(m, "middleware", 10)))
                    hook = true;
            }
            char *canon = calls_canon(a, e, scope);
            if (!strcmp(last_seg(canon), "api_view")) { drf = true; route = true; fw = "django"; }
            free(canon);
            py_decorator_ev(x, d, scope, &auth, &rate, &roles);
        }
        calls_kids_free(&k);
    }
    TSNode body = calls_field(def, "body");
    if (hook) {
        evidence e = {0};
        if (ev_regex(a, &e, c->auth_hook_re, body)) {
            if (!a->out->web.py_auth.by) {
                uint32_t len;
                const char *t = calls_text(a, def, &len);
                const char *nl = memchr(t, '\n', len);
                ev_set(&a->out->web.py_auth, t, nl ? (size_t)(nl - t) : len, calls_line(def));
            }
        }
        ev_free(&e);
        goto done;
    }
    int fn = fn_at(a, def);
    if (!route && x->is_views && scope == 0) {
        /* Django function view: a module-level function of views.py taking `request` */
        TSNode params = calls_field(def, "parameters");
        TSNode p0 = calls_nchild(params) ? calls_child(params, 0) : (TSNode){0};
        if (calls_is(p0, "typed_parameter")) p0 = calls_child(p0, 0);
        if (!ts_node_is_null(p0) && calls_text_is(a, p0, "request")) { route = true; fw = "django"; }
    }
    (void)drf;
    if (!route || fn < 0) goto done;
    web_handler *h = handler_new(a, fw, outer, fn);
    if (!h) goto done;
    h->route = path; path = NULL;
    h->method = method; method = NULL;
    h->router = recv; recv = NULL;
    scan_depends(a, calls_field(def, "parameters"), &auth, &rate, &roles);
    ev_regex(a, &auth, c->auth_body_re, body);
    ev_regex(a, &rate, c->rate_body_re, body);
    ev_regex(a, &roles, c->role_re, body);
    h->auth = auth; h->rate = rate; h->roles = roles;
    memset(&auth, 0, sizeof auth); memset(&rate, 0, sizeof rate); memset(&roles, 0, sizeof roles);
done:
    ev_free(&auth); ev_free(&rate); ev_free(&roles);
    free(path); free(method); free(recv);
}

static bool is_view_base(const char *s, size_t n)
{
    return calls_memmem(s, n, "View", 4) || calls_memmem(s, n, "ViewSet", 7) || calls_memmem(s, n, "Mixin", 5);
}

/* Django class-based views and DRF API views: each HTTP method is a handler. */
static void py_class(scan *x, TSNode cls)
{
    actx *a = x->a;
    const cat_access *c = &a->cat->access;
    TSNode sup = calls_field(cls, "superclasses");
    if (ts_node_is_null(sup)) return;
    uint32_t sl;
    const char *ss = calls_text(a, sup, &sl);
    if (!is_view_base(ss, sl) || !(x->django || x->is_views)) return;
    evidence auth = {0}, roles = {0}, rate = {0};
    for (size_t i = 0; i < c->auth_classes.len; i++)
        if (word_in(ss, sl, c->auth_classes.items[i])) ev_set(&auth, ss, sl, calls_line(sup));
    if (word_in(ss, sl, "PermissionRequiredMixin") || word_in(ss, sl, "UserPassesTestMixin")) ev_set(&roles, ss, sl, calls_line(sup));
    TSNode body = calls_field(cls, "body");
    kids k;
    calls_kids(body, &k);
    for (uint32_t i = 0; i < k.n; i++) { /* class attributes: permission_classes, throttle_classes, decorators */
        TSNode st = k.v[i];
        if (calls_is(st, "expression_statement")) st = calls_child(st, 0);
        if (!calls_is(st, "assignment")) continue;
        TSNode left = calls_field(st, "left");
        uint32_t vl;
        const char *vs = calls_text(a, st, &vl);
        if (calls_text_is(a, left, "permission_classes") || calls_text_is(a, left, "authentication_classes")) {
            for (size_t j = 0; j < c->auth_classes.len; j++)
                if (word_in(vs, vl, c->auth_classes.items[j])) ev_set(&auth, vs, vl, calls_line(st));
            if (word_in(vs, vl, "IsAdminUser")) ev_set(&roles, vs, vl, calls_line(st));
        } else if (calls_text_is(a, left, "throttle_classes")) {
            ev_set(&rate, vs, vl, calls_line(st));
        }
    }
    static const char *const methods[] = {"get", "post", "put", "patch", "delete", "create", "list", "retrieve", "update", NULL};
    for (uint32_t i = 0; i < k.n; i++) {
        TSNode d = k.v[i], def = d;
        if (calls_is(d, "decorated_definition")) def = calls_field(d, "definition");
        if (!calls_is(def, "function_definition")) continue;
        uint32_t nl;
        const char *nm = calls_text(a, calls_field(def, "name"), &nl);
        if (!in_list(methods, nm, nl)) continue;
        int fn = fn_at(a, def);
        if (fn < 0) continue;
        web_handler *h = handler_new(a, "django", d, fn);
        if (!h) continue;
        char *m = xstrndup(nm, nl);
        h->method = upper(m);
        free(m);
        ev_copy(&h->auth, &auth);
        ev_copy(&h->rate, &rate);
        ev_copy(&h->roles, &roles);
        if (calls_is(d, "decorated_definition")) {
            int scope = scope_at(a, d);
            kids dk;
            calls_kids(d, &dk);
            for (uint32_t j = 0; j < dk.n; j++)
                if (calls_is(dk.v[j], "decorator")) py_decorator_ev(x, dk.v[j], scope, &h->auth, &h->rate, &h->roles);
            calls_kids_free(&dk);
        }
        TSNode fb = calls_field(def, "body");
        ev_regex(a, &h->auth, c->auth_body_re, fb);
        ev_regex(a, &h->rate, c->rate_body_re, fb);
        ev_regex(a, &h->roles, c->role_re, fb);
    }
    calls_kids_free(&k);
    ev_free(&auth); ev_free(&roles); ev_free(&rate);
}

/* The function a Gradio event / interface is wired to: fn= or the first argument. */
static TSNode gradio_fn_arg(actx *a, TSNode call)
{
    TSNode args = calls_call_args(call);
    kids k;
    calls_kids(args, &k);
    TSNode found = {0};
    for (uint32_t i = 0; i < k.n && ts_node_is_null(found); i++) {
        TSNode c = k.v[i];
        if (calls_is(c, "keyword_argument")) {
            if (calls_text_is(a, calls_field(c, "name"), "fn")) found = calls_field(c, "value");
        } else if (i == 0 && calls_is(c, "identifier")) {
            found = c;
        }
    }
    calls_kids_free(&k);
    return found;
}

static int def_of_identifier(actx *a, TSNode id, int scope)
{
    if (!calls_is(id, "identifier")) return -1;
    char *nm = calls_dup(a, id);
    binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(id));
    free(nm);
    if (b && b->kind == BK_DEF) return fn_at(a, b->value);
    return -1;
}

static void py_call(scan *x, TSNode call)
{
    actx *a = x->a;
    const cat_access *c = &a->cat->access;
    int scope = scope_at(a, call);
    TSNode f = calls_field(call, "function");
    char *canon = calls_canon(a, f, scope);
    const char *l = last_seg(canon);
    TSNode args = calls_call_args(call);
    if (x->fastapi && (!strcmp(canon, "fastapi.FastAPI") || !strcmp(canon, "fastapi.APIRouter"))) {
        TSNode p = calls_parent(call);
        if (calls_is(p, "assignment") && calls_is(calls_field(p, "left"), "identifier")) {
            router_ev r = {calls_dup(a, calls_field(p, "left")), NULL, {0}, {0}, {0}};
            scan_depends(a, args, &r.auth, &r.rate, &r.roles);
            kids k;
            calls_kids(args, &k);
            for (uint32_t i = 0; i < k.n; i++) /* APIRouter(prefix="/reports") */
                if (calls_is(k.v[i], "keyword_argument") && calls_text_is(a, calls_field(k.v[i], "name"), "prefix"))
                    r.prefix = calls_string_literal(a, calls_field(k.v[i], "value"));
            calls_kids_free(&k);
            VEC_PUSH(&x->routers, r);
        }
    } else if (x->fastapi && !strcmp(l, "include_router") && calls_is(f, "attribute")) {
        TSNode first = calls_nchild(args) ? calls_child(args, 0) : (TSNode){0};
        web_mount m = {0};
        scan_depends(a, args, &m.auth, &m.rate, &m.roles);
        /* the including app's own dependencies cover the router too */
        char *recv = calls_dup(a, calls_field(f, "object"));
        for (size_t i = 0; i < x->routers.len; i++)
            if (!strcmp(x->routers.items[i].name, recv)) {
                ev_copy(&m.auth, &x->routers.items[i].auth);
                ev_copy(&m.rate, &x->routers.items[i].rate);
                ev_copy(&m.roles, &x->routers.items[i].roles);
            }
        free(recv);
        char *rc = ts_node_is_null(first) ? NULL : calls_canon(a, first, scope);
        if (rc && (m.auth.by || m.rate.by || m.roles.by)) {
            char *dot = strrchr(rc, '.');
            if (dot && dot != rc) {
                /* `.routers.chat.router` -> module `.routers.chat`, name `router` */
                m.module = xstrndup(rc, (size_t)(dot - rc));
                m.name = xstrdup(dot + 1);
                if (!m.module[0]) { free(m.module); m.module = NULL; }
            }
            if (m.module) VEC_PUSH(&a->out->web.mounts, m);
            else { m.name = m.name ? m.name : xstrdup(rc); VEC_PUSH(&x->local_mounts, m); }
            memset(&m, 0, sizeof m);
        }
        free(rc);
        ev_free(&m.auth); ev_free(&m.rate); ev_free(&m.roles); free(m.module); free(m.name);
    } else if (!strcmp(l, "add_middleware") && calls_nchild(args)) {
        ev_regex(a, &a->out->web.py_auth, c->auth_mw_re, calls_child(args, 0));
    } else if (x->gradio && (!strcmp(canon, "gradio.ChatInterface") || !strcmp(canon, "gradio.Interface") ||
                             (calls_is(f, "attribute") && (!strcmp(l, "click") || !strcmp(l, "submit") || !strcmp(l, "change") ||
                                                           !strcmp(l, "input") || !strcmp(l, "upload") || !strcmp(l, "then") ||
                                                           !strcmp(l, "select") || !strcmp(l, "stream"))))) {
        int fn = def_of_identifier(a, gradio_fn_arg(a, call), scope);
        if (fn >= 0) {
            web_handler *h = handler_new(a, "gradio", call, fn);
            if (h) {
                h->line = a->out->fns.items[fn].line;
                h->col = 1;
            }
        }
    }
    free(canon);
}

static int py_visit(void *ctx, TSNode n)
{
    scan *x = ctx;
    const char *t = calls_nt(n);
    if (!strcmp(t, "decorated_definition")) {
        TSNode def = calls_field(n, "definition");
        if (calls_is(def, "function_definition")) py_function(x, def, n);
        else if (calls_is(def, "class_definition")) py_class(x, def);
    } else if (!strcmp(t, "function_definition")) {
        if (!calls_is(calls_parent(n), "decorated_definition")) py_function(x, n, (TSNode){0});
    } else if (!strcmp(t, "class_definition")) {
        if (!calls_is(calls_parent(n), "decorated_definition")) py_class(x, n);
    } else if (!strcmp(t, "call")) {
        py_call(x, n);
    }
    return VISIT_DESCEND;
}

static void file_regex(actx *a, evidence *e, const pcre2_code *re)
{
    size_t off, ml;
    if (re_find(re, a->src->text, a->src->len, &off, &ml)) ev_set(e, a->src->text + off, ml, source_line_of(a->src, off));
}

static void py_scan(scan *x, TSNode root)
{
    actx *a = x->a;
    const char *p = a->src->path;
    const char *base = strrchr(p, '/');
    base = base ? base + 1 : p;
    x->fastapi = imports_module(a, "fastapi") || imports_module(a, "starlette");
    x->flask = imports_module(a, "flask") || imports_module(a, "quart");
    x->django = imports_module(a, "django") || imports_module(a, "rest_framework");
    x->gradio = imports_module(a, "gradio");
    x->streamlit = imports_module(a, "streamlit");
    x->is_views = x->django && (!strcmp(base, "views.py") || strstr(p, "/views/") || !strncmp(p, "views/", 6));
    /* aiogram's webhook handlers registered on an aiohttp app: every message handler of the
     * dispatcher answers an HTTP request to the webhook route */
    x->tg_webhook = imports_module(a, "aiogram") && (has_text(a, "SimpleRequestHandler") || has_text(a, "setup_application"));
    if (!(x->fastapi || x->flask || x->django || x->gradio || x->streamlit || x->tg_webhook)) return;
    calls_visit(root, py_visit, x);
    calls_access_file *w = &a->out->web;
    /* router-level dependencies of this file's routers, and of routers included here */
    for (size_t i = 0; i < w->handlers.len; i++) {
        web_handler *h = &w->handlers.items[i];
        if (!h->router) continue;
        for (size_t r = 0; r < x->routers.len; r++)
            if (!strcmp(x->routers.items[r].name, h->router)) {
                if (x->routers.items[r].prefix && h->route) {
                    buf b = {0};
                    buf_printf(&b, "%s%s", x->routers.items[r].prefix, h->route);
                    free(h->route);
                    h->route = buf_take(&b);
                }
                ev_copy(&h->auth, &x->routers.items[r].auth);
                ev_copy(&h->rate, &x->routers.items[r].rate);
                ev_copy(&h->roles, &x->routers.items[r].roles);
            }
        for (size_t m = 0; m < x->local_mounts.len; m++)
            if (!strcmp(x->local_mounts.items[m].name, h->router)) {
                ev_copy(&h->auth, &x->local_mounts.items[m].auth);
                ev_copy(&h->rate, &x->local_mounts.items[m].rate);
                ev_copy(&h->roles, &x->local_mounts.items[m].roles);
            }
    }
    if (x->streamlit) {
        /* the whole script is the handler: every rerun executes it for any visitor */
        web_handler h = {0};
        h.framework = "streamlit";
        h.fn = -1;
        h.whole_file = true;
        h.name = xstrdup("<Streamlit app>");
        for (size_t i = 0; i < a->binds.len; i++)
            if (a->binds.items[i].kind == BK_IMPORT && a->binds.items[i].module &&
                !strncmp(a->binds.items[i].module, "streamlit", 9)) {
                h.line = source_line_of(a->src, a->binds.items[i].at);
                break;
            }
        if (!h.line) h.line = 1;
        h.col = 1;
        size_t ll;
        const char *lt = source_line_text(a->src, h.line, &ll);
        h.snippet = redact_source_dup(a->src, lt, ll > 160 ? 160 : ll);
        VEC_PUSH(&w->handlers, h);
    }
}

/* ---- JavaScript / TypeScript ---------------------------------------------------------- */

static const char *const js_route_methods[] = {"get", "post", "put", "patch", "delete", "all", NULL};
static const char *const next_methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", NULL};

/* A handler argument: an inline function, a local function, or one imported from a file. */
static void js_handler_fn(actx *a, TSNode arg, int scope, web_handler *h)
{
    if (calls_is_function(arg)) { h->fn = fn_at(a, arg); return; }
    if (!calls_is(arg, "identifier")) return;
    char *nm = calls_dup(a, arg);
    binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(arg));
    free(nm);
    if (!b) return;
    if (b->kind == BK_DEF) h->fn = fn_at(a, b->value);
    else if (b->kind == BK_IMPORT && b->relative && b->imp_source && b->imp_name) {
        h->ext_module = xstrdup(b->imp_source);
        h->ext_name = xstrdup(b->imp_name);
    }
}

static void fn_body_ev(actx *a, web_handler *h)
{
    if (h->fn < 0) return;
    const cat_access *c = &a->cat->access;
    const fn_def *f = &a->out->fns.items[h->fn];
    uint32_t len = f->end - f->start;
    const char *s = a->src->text + f->start;
    size_t off, ml;
    if (!h->auth.by && re_find(c->auth_body_re, s, len, &off, &ml)) ev_set(&h->auth, s + off, ml, source_line_of(a->src, f->start + off));
    if (!h->rate.by && re_find(c->rate_body_re, s, len, &off, &ml)) ev_set(&h->rate, s + off, ml, source_line_of(a->src, f->start + off));
    if (!h->roles.by && re_find(c->role_re, s, len, &off, &ml)) ev_set(&h->roles, s + off, ml, source_line_of(a->src, f->start + off));
}

/* Middleware arguments (route chain or app.use): auth / rate / roles by their text. */
static void mw_args_ev(actx *a, TSNode *args, uint32_t from, uint32_t to, evidence *auth, evidence *rate, evidence *roles)
{
    const cat_access *c = &a->cat->access;
    for (uint32_t i = from; i < to; i++) {
        if (calls_is(args[i], "string") || calls_is_function(args[i])) continue;
        ev_regex(a, roles, c->role_re, args[i]);
        ev_regex(a, auth, c->auth_mw_re, args[i]);
        ev_regex(a, rate, c->rate_mw_re, args[i]);
    }
}

static void js_call(scan *x, TSNode call)
{
    actx *a = x->a;
    TSNode f = calls_field(call, "function");
    if (!calls_is(f, "member_expression")) return;
    TSNode obj = calls_field(f, "object");
    uint32_t ml;
    const char *m = calls_text(a, calls_field(f, "property"), &ml);
    TSNode argl = calls_field(call, "arguments");
    kids k;
    calls_kids(argl, &k);
    uint32_t n = 0; /* arguments without comments */
    for (uint32_t i = 0; i < k.n; i++)
        if (!calls_is(k.v[i], "comment")) k.v[n++] = k.v[i];
    int scope = scope_at(a, call);
    if (in_list(js_route_methods, m, ml) && n >= 2 && calls_is(obj, "identifier")) {
        char *path = calls_string_literal(a, k.v[0]);
        if (path && path[0] == '/') {
            web_handler *h = handler_new(a, "express", call, -1);
            if (h) {
                h->route = path;
                path = NULL;
                char *mm = xstrndup(m, ml);
                h->method = upper(mm);
                free(mm);
                h->router = calls_dup(a, obj);
                mw_args_ev(a, k.v, 1, n - 1, &h->auth, &h->rate, &h->roles);
                js_handler_fn(a, k.v[n - 1], scope, h);
                free(h->name);
                h->name = h->fn >= 0 ? fn_label_at(a, h->fn) : h->ext_name ? xstrdup(h->ext_name) : NULL;
                fn_body_ev(a, h);
                h->at = ts_node_start_byte(call); /* app.use registered before it covers it */
            }
        }
        free(path);
    } else if (ml == 3 && !memcmp(m, "use", 3) && n >= 1 && calls_is(obj, "identifier")) {
        struct use_ev u = {ts_node_start_byte(call), NULL, {0}, {0}, {0}};
        uint32_t from = 0;
        if (calls_is(k.v[0], "string")) { u.prefix = calls_string_literal(a, k.v[0]); from = 1; }
        mw_args_ev(a, k.v, from, n, &u.auth, &u.rate, &u.roles);
        /* a router imported from another module: what is registered before covers it */
        for (uint32_t i = from; i < n; i++) {
            if (!calls_is(k.v[i], "identifier")) continue;
            char *nm = calls_dup(a, k.v[i]);
            binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(k.v[i]));
            free(nm);
            if (!b || b->kind != BK_IMPORT || !b->relative || !b->imp_source) continue;
            web_mount mt = {xstrdup(b->imp_source), NULL, {0}, {0}, {0}};
            ev_copy(&mt.auth, &u.auth); ev_copy(&mt.rate, &u.rate); ev_copy(&mt.roles, &u.roles);
            for (size_t j = 0; j < x->nuses; j++) {
                const struct use_ev *p = &x->uses[j];
                if (p->prefix && (!u.prefix || strncmp(u.prefix, p->prefix, strlen(p->prefix)) != 0)) continue;
                ev_copy(&mt.auth, &p->auth); ev_copy(&mt.rate, &p->rate); ev_copy(&mt.roles, &p->roles);
            }
            if (mt.auth.by || mt.rate.by || mt.roles.by) VEC_PUSH(&a->out->web.mounts, mt);
            else { free(mt.module); }
        }
        if (x->nuses == x->cuses) {
            x->cuses = x->cuses ? 2 * x->cuses : 8;
            x->uses = xrealloc(x->uses, x->cuses * sizeof *x->uses);
        }
        x->uses[x->nuses++] = u;
    }
    calls_kids_free(&k);
}

/* Next.js route file path -> route: app/api/chat/route.ts -> /api/chat; pages/api/x.ts -> /api/x. */
static char *next_route(const char *path, bool *pages)
{
    const char *p = path;
    const char *app = NULL;
    *pages = false;
    for (const char *s = p; s; s = strchr(s, '/')) {
        if (*s == '/') s++;
        if (!strncmp(s, "app/", 4)) { app = s + 3; break; }
        if (!strncmp(s, "pages/api/", 10)) { app = s + 5; *pages = true; break; }
    }
    if (!app) return NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!*pages && strncmp(base, "route.", 6) != 0) return NULL;
    buf b = {0};
    const char *end = *pages ? strrchr(app, '.') : base - 1;
    if (!end || end < app) end = app;
    for (const char *s = app; s < end;) {
        const char *e = memchr(s + 1, '/', (size_t)(end - s - 1));
        if (!e) e = end;
        size_t n = (size_t)(e - s); /* "/segment" */
        bool group = n > 2 && s[1] == '(' && e[-1] == ')';
        bool slot = n > 1 && s[1] == '@';
        if (!group && !slot) buf_append(&b, s, n);
        s = e;
    }
    if (*pages && b.len >= 6 && !strcmp(b.data + b.len - 6, "/index")) { b.len -= 6; b.data[b.len] = '\0'; }
    if (!b.len) buf_puts(&b, "/");
    return buf_take(&b);
}

bool calls_use_server_file(const actx *a)
{
    const char *s = a->src->text, *e = s + a->src->len;
    while (s < e) {
        while (s < e && isspace((unsigned char)*s)) s++;
        if (e - s >= 2 && s[0] == '/' && s[1] == '/') { while (s < e && *s != '\n') s++; continue; }
        if (e - s >= 2 && s[0] == '/' && s[1] == '*') {
            const char *c = calls_memmem(s + 2, (size_t)(e - s - 2), "*/", 2);
            s = c ? c + 2 : e;
            continue;
        }
        break;
    }
    return e - s >= 12 && (!strncmp(s, "'use server'", 12) || !strncmp(s, "\"use server\"", 12));
}

static const char *const remix_exports[] = {"action", "loader", NULL};
/* Astro endpoints (.ts/.js files under src/pages): GET/POST/... since Astro 3, get/post/del/all before */
static const char *const astro_exports[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "ALL", "get", "post", "put",
                                            "patch", "del", "delete", "all", NULL};

/* Remix and SvelteKit route modules, public HTTP endpoints by construction:
 * app/routes/api.chat.tsx (action/loader) -> /api/chat; src/routes/api/chat/+server.ts
 * (GET/POST ...) -> /api/chat. NULL when the path is neither. */
static char *module_route(const char *path, const char **framework)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *rr = strstr(path, "app/routes/");
    if (rr && (rr == path || rr[-1] == '/') && strchr(base, '.')) {
        *framework = "remix";
        buf b = {0};
        const char *s = rr + 11, *end = strrchr(path, '.');
        for (; s < end; s++) {
            if (*s == '.' || *s == '/') buf_putc(&b, '/');
            else if (*s != '_' || (s > rr + 11 && s[-1] != '.' && s[-1] != '/')) buf_putc(&b, *s);
        }
        if (b.len >= 6 && !strcmp(b.data + b.len - 6, "/index")) b.len -= 6;
        if (b.len >= 5 && !strcmp(b.data + b.len - 5, "index")) b.len -= 5;
        if (b.data) b.data[b.len] = '\0';
        buf r = {0};
        buf_printf(&r, "/%s", b.len ? b.data : "");
        buf_free(&b);
        return buf_take(&r);
    }
    const char *sr = strstr(path, "src/routes/");
    if (sr && (sr == path || sr[-1] == '/') && !strncmp(base, "+server.", 8)) {
        *framework = "sveltekit";
        buf r = {0};
        const char *s = sr + 10;
        buf_append(&r, s, (size_t)(base - 1 - s));
        if (!r.len) buf_putc(&r, '/');
        return buf_take(&r);
    }
    return NULL;
}

/* src/pages/api/chat.ts -> /api/chat; src/pages/index.ts -> / */
static char *astro_route(const char *path)
{
    const char *s = strstr(path, "src/pages/") + 9, *end = strrchr(path, '.');
    if (!end || end < s) end = s + strlen(s);
    buf b = {0};
    buf_append(&b, s, (size_t)(end - s));
    if (b.len >= 6 && !strcmp(b.data + b.len - 6, "/index")) b.len -= 6;
    if (b.data) b.data[b.len] = '\0';
    if (!b.len) buf_putc(&b, '/');
    return buf_take(&b);
}

/* The expression under await, parentheses and TypeScript's `satisfies` / `as` / `!`:
 * `export const POST = (async (e) => {...}) satisfies RequestHandler` is a handler. */
static TSNode unwrap_value(TSNode v)
{
    for (int guard = 0; guard < 16; guard++) {
        if (calls_is(v, "await_expression") || calls_is(v, "satisfies_expression") || calls_is(v, "as_expression") ||
            calls_is(v, "non_null_expression") || calls_is(v, "parenthesized_expression")) {
            TSNode in = ts_node_named_child(v, 0);
            if (ts_node_is_null(in)) break;
            v = in;
        } else break;
    }
    return v;
}

/* export function POST / export const POST = ... / export default ...: the handler node.
 * framework: "nextjs" (or "nextjs-action" for server actions), "remix", "sveltekit". */
static void next_export(scan *x, TSNode ex, const char *route, bool pages, bool action, const char *framework)
{
    actx *a = x->a;
    const cat_access *c = &a->cat->access;
    TSNode decl = calls_field(ex, "declaration");
    TSNode value = calls_field(ex, "value");
    int scope = 0;
    struct { TSNode fn; TSNode wrap; char *name; } cand[8];
    int nc = 0;
    if (calls_is(decl, "function_declaration") || calls_is(decl, "generator_function_declaration")) {
        cand[nc].fn = decl; cand[nc].wrap = (TSNode){0}; cand[nc].name = calls_dup(a, calls_field(decl, "name")); nc++;
    } else if (calls_is(decl, "lexical_declaration")) {
        kids k;
        calls_kids(decl, &k);
        for (uint32_t i = 0; i < k.n && nc < 8; i++) {
            if (!calls_is(k.v[i], "variable_declarator")) continue;
            TSNode v = unwrap_value(calls_field(k.v[i], "value"));
            TSNode w = {0};
            if (calls_is(v, "call_expression")) { /* withAuth(async (req) => ...) */
                w = v;
                TSNode args = calls_field(v, "arguments");
                TSNode in = {0};
                for (uint32_t j = 0; j < calls_nchild(args); j++)
                    if (calls_is_function(calls_child(args, j))) in = calls_child(args, j);
                v = in;
            }
            if (!calls_is_function(v)) continue;
            cand[nc].fn = v; cand[nc].wrap = w; cand[nc].name = calls_dup(a, calls_field(k.v[i], "name")); nc++;
        }
        calls_kids_free(&k);
    } else if (!ts_node_is_null(value) && pages) {
        TSNode v = value, w = {0};
        if (calls_is(v, "call_expression")) {
            w = v;
            TSNode args = calls_field(v, "arguments");
            v = calls_nchild(args) ? calls_child(args, 0) : (TSNode){0};
        }
        if (calls_is(v, "identifier")) {
            char *nm = calls_dup(a, v);
            binding *b = calls_lookup(a, nm, 0, ts_node_start_byte(v));
            free(nm);
            v = b && b->kind == BK_DEF ? b->value : (TSNode){0};
        }
        if (calls_is_function(v)) { cand[nc].fn = v; cand[nc].wrap = w; cand[nc].name = xstrdup("handler"); nc++; }
    } else if (pages && (calls_is(decl, "function_declaration"))) {
        /* handled above */
    }
    for (int i = 0; i < nc; i++) {
        const char *nm = cand[i].name ? cand[i].name : "";
        bool remix = !strcmp(framework, "remix"), astro = !strcmp(framework, "astro");
        bool is_method = in_list(remix ? remix_exports : astro ? astro_exports : next_methods, nm, strlen(nm));
        bool ok = action || (pages ? true : is_method);
        if (pages && calls_memmem(a->src->text + ts_node_start_byte(ex), 15, "default", 7) == NULL && !is_method) ok = false;
        if (astro && !is_method) ok = false;
        int fn = ok ? fn_at(a, cand[i].fn) : -1;
        web_handler *h = fn >= 0 ? handler_new(a, action ? "nextjs-action" : framework, ex, fn) : NULL;
        if (h) {
            if (!action) h->route = xstrdup(route);
            h->method = astro ? upper(!strcmp(nm, "del") ? "delete" : nm)
                              : xstrdup(action ? "POST" : pages ? "ANY" : remix ? (!strcmp(nm, "action") ? "POST" : "GET") : nm);
            if (!h->name) h->name = xstrdup(nm);
            if (!ts_node_is_null(cand[i].wrap)) {
                char *wc = calls_callee_name(a, cand[i].wrap, scope);
                uint32_t wl;
                const char *wt = calls_text(a, calls_field(cand[i].wrap, "function"), &wl);
                if (name_in(&c->auth_wrappers, wc)) ev_set(&h->auth, wt, wl, calls_line(cand[i].wrap));
                else ev_regex(a, &h->auth, c->auth_mw_re, calls_field(cand[i].wrap, "function"));
                ev_regex(a, &h->rate, c->rate_mw_re, calls_field(cand[i].wrap, "function"));
                free(wc);
            }
            fn_body_ev(a, h);
        }
        free(cand[i].name);
    }
}

typedef struct strings_ctx { actx *a; strv *out; } strings_ctx;

static int string_visit(void *ctx, TSNode n)
{
    strings_ctx *c = ctx;
    char *lit = calls_string_literal(c->a, n);
    if (!lit) return VISIT_DESCEND;
    VEC_PUSH(c->out, lit);
    return VISIT_SKIP;
}

/* The value of every `matcher:` pair: the strings in it. */
static int matcher_visit(void *ctx, TSNode n)
{
    actx *a = ctx;
    if (!calls_is(n, "pair")) return VISIT_DESCEND;
    uint32_t kl;
    const char *ks = calls_text(a, calls_field(n, "key"), &kl);
    if (!(kl == 7 && !memcmp(ks, "matcher", 7)) && !(kl == 9 && !memcmp(ks, "\"matcher\"", 9))) return VISIT_DESCEND;
    strings_ctx c = {a, &a->out->web.matchers};
    calls_visit(calls_field(n, "value"), string_visit, &c);
    return VISIT_SKIP;
}

static void next_middleware(actx *a, TSNode root)
{
    const cat_access *c = &a->cat->access;
    calls_access_file *w = &a->out->web;
    w->next_mw = true;
    file_regex(a, &w->mw_auth, c->auth_mw_re);
    file_regex(a, &w->mw_auth, c->auth_body_re);
    file_regex(a, &w->mw_rate, c->rate_body_re);
    /* export const config = { matcher: [...] }: every string in the matcher's value */
    calls_visit(root, matcher_visit, a);
}

static int js_visit(void *ctx, TSNode n)
{
    if (calls_is(n, "call_expression")) js_call(ctx, n);
    return VISIT_DESCEND;
}

static void js_scan(scan *x, TSNode root)
{
    actx *a = x->a;
    const char *p = a->src->path;
    const char *base = strrchr(p, '/');
    base = base ? base + 1 : p;
    size_t dl = (size_t)(base - p);
    bool top = dl == 0 || (dl == 4 && !strncmp(p, "src/", 4));
    if (top && (!strncmp(base, "middleware.", 11) || !strncmp(base, "proxy.", 6))) next_middleware(a, root);
    bool pages = false;
    const char *framework = "nextjs";
    char *route = next_route(p, &pages);
    if (!route) route = module_route(p, &framework);
    /* an endpoint of an Astro site under src/pages/ (src/pages/api/x.ts looks like a
     * Next.js pages API route): its named method exports are the handlers */
    if ((has_text(a, "from 'astro'") || has_text(a, "from \"astro\"")) && strstr(p, "src/pages/")
        && (!route || pages)) {
        framework = "astro";
        if (!route) route = astro_route(p);
    }
    bool action = calls_use_server_file(a);
    if (route || action) {
        kids k;
        calls_kids(root, &k);
        for (uint32_t i = 0; i < k.n; i++)
            if (calls_is(k.v[i], "export_statement"))
                next_export(x, k.v[i], route ? route : "", pages, action && !route, framework);
        calls_kids_free(&k);
    }
    free(route);
    if (has_text(a, "express") || has_text(a, "Router(") || has_text(a, "hono") || has_text(a, "fastify")) {
        calls_visit(root, js_visit, x);
        /* app.use(...) registered before a route covers it (same file, matching prefix) */
        calls_access_file *w = &a->out->web;
        for (size_t i = 0; i < w->handlers.len; i++) {
            web_handler *h = &w->handlers.items[i];
            if (strcmp(h->framework, "express") != 0) continue;
            for (size_t j = 0; j < x->nuses; j++) {
                const struct use_ev *u = &x->uses[j];
                if (u->pos >= h->at) continue;
                if (u->prefix && (!h->route || strncmp(h->route, u->prefix, strlen(u->prefix)) != 0)) continue;
                ev_copy(&h->auth, &u->auth);
                ev_copy(&h->rate, &u->rate);
                ev_copy(&h->roles, &u->roles);
            }
        }
    }
}

/* ---- entry points ----------------------------------------------------------------------- */

void calls_access_scan(actx *a, TSNode root)
{
    scan x = {.a = a};
    if (a->py) py_scan(&x, root);
    else js_scan(&x, root);
    for (size_t i = 0; i < x.routers.len; i++) {
        free(x.routers.items[i].name);
        free(x.routers.items[i].prefix);
        ev_free(&x.routers.items[i].auth); ev_free(&x.routers.items[i].rate); ev_free(&x.routers.items[i].roles);
    }
    VEC_FREE(&x.routers);
    for (size_t i = 0; i < x.local_mounts.len; i++) {
        web_mount *m = &x.local_mounts.items[i];
        free(m->module); free(m->name); ev_free(&m->auth); ev_free(&m->rate); ev_free(&m->roles);
    }
    VEC_FREE(&x.local_mounts);
    for (size_t i = 0; i < x.nuses; i++) {
        free(x.uses[i].prefix);
        ev_free(&x.uses[i].auth); ev_free(&x.uses[i].rate); ev_free(&x.uses[i].roles);
    }
    free(x.uses);
}

static bool path_in(const strv *globs, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < globs->len; i++)
        if (calls_glob(globs->items[i], path) || calls_glob(globs->items[i], base)) return true;
    return false;
}

/* Exposure facts of any text or code file: binds, deploy configs, platforms, share links. */
void calls_access_text(const calls_catalog *cat, const source *src, calls_file *f)
{
    const cat_access *c = &cat->access;
    calls_access_file *w = &f->web;
    const char *p = f->path;
    size_t off, ml;
    const char *base = strrchr(p, '/');
    base = base ? base + 1 : p;
    if (!src->text) return;
    if (path_in(&c->deploy_files, p)) ev_set(&w->deploy, p, strlen(p), 1);
    else if ((strstr(base, ".yaml") || strstr(base, ".yml")) && re_find(c->deploy_re, src->text, src->len, &off, &ml))
        ev_set(&w->deploy, p, strlen(p), source_line_of(src, off));
    /* hosting configs of the application itself, not of an example or a test fixture */
    bool own = provenance_of_path(p).kind != PROV_OTHER;
    if (own && path_in(&c->platform_files, p)) ev_set(&w->platform, p, strlen(p), 1);
    /* infrastructure as code that puts the service on the internet: an internet-facing load
     * balancer (CloudFormation, Terraform), a public API gateway */
    else if (own && src->lang == LANG_NONE && c->platform_re && re_find(c->platform_re, src->text, src->len, &off, &ml))
        ev_set(&w->platform, src->text + off, ml, source_line_of(src, off));
    if (own && path_in(&c->container_files, p)) ev_set(&w->container, p, strlen(p), 1);
    /* a request timeout the deployment applies to the functions it runs */
    for (size_t i = 0; own && i < c->fn_timeouts.len && !w->fn_timeout.by; i++)
        if (path_in(&c->fn_timeouts.items[i].files, p) && re_find(c->fn_timeouts.items[i].re, src->text, src->len, &off, &ml))
            ev_set(&w->fn_timeout, src->text + off, ml, source_line_of(src, off));
    if (own && strstr(p, ".github/workflows/") && re_find(c->workflow_re, src->text, src->len, &off, &ml))
        ev_set(&w->workflow, src->text + off, ml, source_line_of(src, off));
    /* Hugging Face Space front matter configures a public Space; a link in a README to a
     * demo says nothing about how this code is deployed */
    if (!strcasecmp(p, "README.md") && re_find(c->space_re, src->text, src->len, &off, &ml))
        ev_set(&w->platform, "Hugging Face Space (README.md sdk:)", 35, source_line_of(src, off));
    if (calls_memmem(src->text, src->len, "0.0.0.0", 7) && re_find(c->bind_re, src->text, src->len, &off, &ml))
        ev_set(&w->bind, src->text + off, ml, source_line_of(src, off));
    if (src->lang == LANG_PYTHON) { /* whole-file evidence, also of files without imports (settings.py) */
        if (re_find(c->rate_global_re, src->text, src->len, &off, &ml))
            ev_set(&w->py_rate, src->text + off, ml, source_line_of(src, off));
        if (re_find(c->auth_django_re, src->text, src->len, &off, &ml))
            ev_set(&w->django_auth, src->text + off, ml, source_line_of(src, off));
        if (re_find(c->auth_app_re, src->text, src->len, &off, &ml))
            ev_set(&w->app_auth, src->text + off, ml, source_line_of(src, off));
    }
    if (src->lang != LANG_NONE && re_find(c->auth_fail_open_re, src->text, src->len, &off, &ml))
        ev_set(&w->fail_open, src->text + off, ml, source_line_of(src, off));
    if (src->lang == LANG_PYTHON && calls_memmem(src->text, src->len, "share", 5) && re_find(c->share_re, src->text, src->len, &off, &ml))
        ev_set(&w->share, src->text + off, ml, source_line_of(src, off));
}

void calls_access_file_free(calls_access_file *w)
{
    for (size_t i = 0; i < w->handlers.len; i++) {
        web_handler *h = &w->handlers.items[i];
        free(h->name); free(h->route); free(h->method); free(h->ext_module); free(h->ext_name); free(h->router);
        free(h->snippet);
        ev_free(&h->auth); ev_free(&h->rate); ev_free(&h->roles);
    }
    VEC_FREE(&w->handlers);
    for (size_t i = 0; i < w->mounts.len; i++) {
        web_mount *m = &w->mounts.items[i];
        free(m->module); free(m->name); ev_free(&m->auth); ev_free(&m->rate); ev_free(&m->roles);
    }
    VEC_FREE(&w->mounts);
    evidence *es[] = {&w->py_auth, &w->py_rate, &w->django_auth, &w->app_auth, &w->mw_auth, &w->mw_rate,
                      &w->bind, &w->deploy, &w->platform, &w->share, &w->container, &w->workflow, &w->fail_open,
                      &w->client_html, &w->fn_timeout};
    for (size_t i = 0; i < sizeof es / sizeof *es; i++) ev_free(es[i]);
    for (size_t i = 0; i < w->matchers.len; i++) free(w->matchers.items[i]);
    VEC_FREE(&w->matchers);
}
