/* calls_access_join: item 32 at the repository stage — joins each web handler to the model
 * calls it reaches (in its body, or through repository functions up to two levels), adds
 * the protection that covers it from elsewhere (FastAPI routers included with
 * dependencies, Express app.use before a mounted router, Next.js middleware whose matcher
 * covers the route, app-wide Python middleware, DRF defaults, Streamlit gates) and the
 * repository's exposure, and emits access.model-endpoint-* findings. */
#include "calls_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "sha256.h"

#define REACH_DEPTH 2      /* handler -> f -> g -> model call */
#define REACH_BUDGET 20000 /* callsite-to-function checks per handler */

typedef struct jctx {
    const calls_catalog *cat;
    const repo *r;
    calls_file *const *files;
    size_t n;
    const reach_rec *reach;
    size_t nreach;
    long budget;
} jctx;

static bool owned(const calls_file *f, int fn, int root)
{
    for (int k = fn, guard = 0; k >= 0 && guard < 64; k = f->fns.items[k].parent, guard++)
        if (k == root) return true;
    return false;
}

static const reach_rec *direct(const jctx *j, size_t file, int root, bool whole)
{
    const reach_rec *best = NULL;
    for (size_t i = 0; i < j->nreach; i++) {
        const reach_rec *r = &j->reach[i];
        if (r->file != file) continue;
        if (!whole && (root < 0 || !owned(j->files[file], r->fn, root))) continue;
        if (!best || r->line < best->line) best = r;
    }
    return best;
}

static char *fn_name_of(const calls_file *f, int fn)
{
    const fn_def *d = &f->fns.items[fn];
    buf b = {0};
    if (d->cls) buf_printf(&b, "%s.%s", d->cls, d->name ? d->name : "?");
    else buf_puts(&b, d->name ? d->name : "<anonymous>");
    return buf_take(&b);
}

/* The first model call reached from function `root` of `file` (or the whole file). *via
 * receives the chain of repository functions followed ("answer (app/llm.py:12)"). */
static const reach_rec *reach_from(jctx *j, size_t file, int root, bool whole, int depth, buf *via)
{
    const reach_rec *d = direct(j, file, root, whole);
    if (d || depth == 0) return d;
    const calls_file *f = j->files[file];
    for (size_t i = 0; i < f->fcalls.len; i++) {
        const fn_callsite *s = &f->fcalls.items[i];
        if (!whole && (s->caller_fn < 0 || !owned(f, s->caller_fn, root))) continue;
        size_t lo = 0, hi = j->n;
        if (s->how == CALLEE_LOCAL || s->how == CALLEE_METHOD) { lo = file; hi = file + 1; }
        else if (s->how == CALLEE_IMPORT) {
            int tf = calls_repo_module(j->r, file, s->module);
            if (tf < 0) continue;
            lo = (size_t)tf; hi = lo + 1;
        }
        for (size_t tf = lo; tf < hi; tf++) {
            const calls_file *t = j->files[tf];
            for (size_t k = 0; k < t->fns.len; k++) {
                if (--j->budget < 0) return NULL;
                if (!calls_repo_targets(j->r, file, s, tf, &t->fns.items[k])) continue;
                if (tf == file && !whole && owned(f, (int)k, root)) continue; /* recursion into itself */
                size_t mark = via->len;
                char *nm = fn_name_of(t, (int)k);
                buf_printf(via, "%s%s (%s:%u)", via->len ? " -> " : "", nm, t->path, t->fns.items[k].line);
                free(nm);
                const reach_rec *hit = reach_from(j, tf, (int)k, false, depth - 1, via);
                if (hit) return hit;
                via->len = mark;
                if (via->data) via->data[mark] = '\0';
            }
        }
    }
    return NULL;
}

/* ---- Next.js middleware matchers ------------------------------------------------------ */

/* path-to-regexp subset: /api/:path* , /chat/:id , /((?!api|_next/static).*) */
static bool matcher_covers(const char *m, const char *route)
{
    buf re = {0};
    buf_putc(&re, '^');
    for (const char *p = m; *p;) {
        if (p[0] == '/' && p[1] == ':') {
            const char *q = p + 2;
            while (*q && (isalnum((unsigned char)*q) || *q == '_')) q++;
            if (*q == '*') { buf_puts(&re, "(?:/.*)?"); q++; }
            else if (*q == '+') { buf_puts(&re, "/.+"); q++; }
            else if (*q == '?') { buf_puts(&re, "(?:/[^/]+)?"); q++; }
            else buf_puts(&re, "/[^/]+");
            if (*q == '(') { /* a custom segment pattern: keep it loose */
                int depth = 0;
                do { if (*q == '(') depth++; else if (*q == ')') depth--; q++; } while (*q && depth);
            }
            p = q;
            continue;
        }
        buf_putc(&re, *p++);
    }
    buf_puts(&re, "/?$");
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)re.data, PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
    buf_free(&re);
    if (!c) return false;
    bool ok = calls_re_match(c, route, strlen(route));
    pcre2_code_free(c);
    return ok;
}

/* ---- findings --------------------------------------------------------------------------- */

static void add(finding_list *out, const char *rule, effect eff, severity sev, const calls_file *f, const web_handler *h,
                const char *remediation, const char *msg)
{
    finding x = {0};
    x.rule = xstrdup(rule);
    x.items[x.n_items++] = 32;
    x.effect = eff;
    x.severity = sev;
    x.message = xstrdup(msg);
    x.remediation = remediation ? xstrdup(remediation) : NULL;
    x.file = xstrdup(f->path);
    x.line = x.end_line = h->line;
    x.column = x.end_column = h->col;
    x.snippet = xstrdup(h->snippet ? h->snippet : "");
    buf fp = {0};
    buf_printf(&fp, "%s\n%s\n%s\n%s\n%s\n%s", rule, f->path, h->framework, h->method ? h->method : "",
               h->route ? h->route : "", h->name ? h->name : "");
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex(fp.data, fp.len, hex);
    buf_free(&fp);
    x.fingerprint = xstrdup(hex);
    VEC_PUSH(out, x);
}

static void describe(buf *b, const calls_file *f, const web_handler *h)
{
    static const struct { const char *fw, *label; } L[] = {
        {"fastapi", "FastAPI route"}, {"flask", "Flask route"}, {"django", "Django view"}, {"express", "Express route"},
        {"nextjs", "Next.js route handler"}, {"nextjs-action", "Next.js server action"}, {"gradio", "Gradio handler"},
        {"streamlit", "Streamlit app"}, {"telegram-webhook", "Telegram webhook handler"}, {"remix", "Remix route"}, {"sveltekit", "SvelteKit endpoint"}, {"astro", "Astro endpoint"}, {NULL, NULL}};
    const char *label = h->framework;
    for (int i = 0; L[i].fw; i++)
        if (!strcmp(L[i].fw, h->framework)) label = L[i].label;
    if (h->route) buf_printf(b, "%s %s %s", label, h->method ? h->method : "", h->route);
    else buf_puts(b, label);
    if (h->name && !h->whole_file) buf_printf(b, " (%s, %s:%u)", h->name, f->path, h->line);
    else buf_printf(b, " (%s:%u)", f->path, h->line);
}

static void ev_str(buf *b, const evidence *e, const char *file)
{
    buf_printf(b, "%s (%s:%u)", e->by, file, e->line);
}

typedef struct ev_at { evidence e; const char *file; } ev_at; /* evidence and where it was seen */

static void take(ev_at *dst, const evidence *e, const char *file)
{
    if (!dst->e.by && e->by) { dst->e = *e; dst->file = file; }
}

/* Whether file f holds a fail-open auth check that the auth evidence (seen in auth_file)
 * relies on: the same file, or the function around the check is named in the evidence. */
static bool fails_open(const calls_file *f, const evidence *auth, const char *auth_file)
{
    const evidence *o = &f->web.fail_open;
    if (!o->by) return false;
    if (auth_file && !strcmp(f->path, auth_file)) return true;
    const fn_def *best = NULL;
    for (size_t k = 0; k < f->fns.len; k++) {
        const fn_def *d = &f->fns.items[k];
        if (d->name && d->line <= o->line && (!best || d->line > best->line)) best = d;
    }
    return best && auth->by && strstr(auth->by, best->name) != NULL;
}

void calls_access_join(const calls_catalog *cat, const repo *r, calls_file *const *files, size_t n,
                       const reach_rec *reach, size_t nreach, finding_list *out)
{
    if (!nreach) return; /* no model call: item 32's join has nothing to say */
    /* repository-wide facts */
    ev_at bind = {0}, deploy = {0}, platform = {0}, share = {0}, py_auth = {0}, py_rate = {0}, drf = {0}, st_auth = {0};
    ev_at container = {0}, workflow = {0};
    for (size_t i = 0; i < n; i++) {
        const calls_access_file *w = &files[i]->web;
        const char *p = files[i]->path;
        take(&bind, &w->bind, p);
        take(&deploy, &w->deploy, p);
        take(&platform, &w->platform, p);
        take(&share, &w->share, p);
        take(&container, &w->container, p);
        take(&workflow, &w->workflow, p);
        take(&py_auth, &w->py_auth, p);
        take(&py_rate, &w->py_rate, p);
        take(&drf, &w->django_auth, p);
        for (size_t k = 0; k < w->handlers.len; k++)
            if (!strcmp(w->handlers.items[k].framework, "streamlit")) take(&st_auth, &w->app_auth, p);
    }
    /* LABELLING's exposure: a hosting config or Procfile, a Gradio share link or a Space, a
     * Dockerfile with a workflow that deploys it, a 0.0.0.0 bind with deployment manifests */
    bool shipped = container.e.by && workflow.e.by;
    bool bound = bind.e.by && (deploy.e.by || workflow.e.by);
    bool exposed = platform.e.by || share.e.by || shipped || bound;
    buf why = {0};
    if (bound)
        buf_printf(&why, "bound to 0.0.0.0 (%s:%u) and deployed (%s:%u)", bind.file, bind.e.line,
                   deploy.e.by ? deploy.file : workflow.file, deploy.e.by ? deploy.e.line : workflow.e.line);
    if (shipped)
        buf_printf(&why, "%sa container image (%s) deployed by a workflow (%s:%u)", why.len ? "; " : "", container.file,
                   workflow.file, workflow.e.line);
    if (platform.e.by)
        buf_printf(&why, "%spublic platform: %s (%s:%u)", why.len ? "; " : "", platform.e.by, platform.file, platform.e.line);
    if (share.e.by)
        buf_printf(&why, "%spublic share link: %s (%s:%u)", why.len ? "; " : "", share.e.by, share.file, share.e.line);
    jctx j = {cat, r, files, n, reach, nreach, 0};
    for (size_t fi = 0; fi < n; fi++) {
        calls_access_file *w = &files[fi]->web;
        for (size_t hi = 0; hi < w->handlers.len; hi++) {
            web_handler *h = &w->handlers.items[hi];
            size_t hfile = fi;
            int hfn = h->fn;
            if (hfn < 0 && h->ext_module && h->ext_name) { /* Express handler from another module */
                int tf = calls_repo_module(r, fi, h->ext_module);
                if (tf >= 0)
                    for (size_t k = 0; k < files[tf]->fns.len; k++) {
                        const fn_def *d = &files[tf]->fns.items[k];
                        if (!d->cls && d->name && !strcmp(d->name, h->ext_name) && d->parent < 0) { hfile = (size_t)tf; hfn = (int)k; break; }
                    }
            }
            if (hfn < 0 && !h->whole_file) continue;
            buf via = {0};
            j.budget = REACH_BUDGET;
            const reach_rec *hit = reach_from(&j, hfile, hfn, h->whole_file, REACH_DEPTH, &via);
            if (!hit && j.budget < 0)
                bounds_note(&files[fi]->notes, "web handler at line %u: the search for the model calls it reaches "
                            "stopped after %d steps; item 32 does not judge it", h->line, REACH_BUDGET);
            if (!hit) { buf_free(&via); continue; }
            /* protection from elsewhere */
            ev_at auth = {0}, rate = {0}, roles = {0};
            take(&auth, &h->auth, files[fi]->path);
            take(&rate, &h->rate, files[fi]->path);
            take(&roles, &h->roles, files[fi]->path);
            for (size_t mi = 0; mi < n; mi++) { /* routers mounted with protection in another module */
                const calls_access_file *mw = &files[mi]->web;
                for (size_t k = 0; k < mw->mounts.len; k++) {
                    const web_mount *m = &mw->mounts.items[k];
                    if (calls_repo_module(r, mi, m->module) != (int)fi) continue;
                    if (m->name && (!h->router || strcmp(m->name, h->router) != 0)) continue;
                    take(&auth, &m->auth, files[mi]->path);
                    take(&rate, &m->rate, files[mi]->path);
                    take(&roles, &m->roles, files[mi]->path);
                }
                if (mw->next_mw && (!strcmp(h->framework, "nextjs") || !strcmp(h->framework, "nextjs-action"))) {
                    bool covers = mw->matchers.len == 0;
                    for (size_t k = 0; k < mw->matchers.len && !covers && h->route; k++)
                        covers = matcher_covers(mw->matchers.items[k], h->route);
                    if (covers) {
                        take(&auth, &mw->mw_auth, files[mi]->path);
                        take(&rate, &mw->mw_rate, files[mi]->path);
                    }
                }
            }
            bool py = files[fi]->lang == LANG_PYTHON;
            if (py && (!strcmp(h->framework, "fastapi") || !strcmp(h->framework, "flask"))) {
                take(&auth, &py_auth.e, py_auth.file);
            }
            if (py) take(&rate, &py_rate.e, py_rate.file);
            if (!strcmp(h->framework, "django")) take(&auth, &drf.e, drf.file);
            if (!strcmp(h->framework, "streamlit")) take(&auth, &st_auth.e, st_auth.file);
            if (!strcmp(h->framework, "gradio")) take(&auth, &w->app_auth, files[fi]->path);

            /* auth that admits every request when its secret is unset counts as none: the
             * check is in the auth evidence's file, or in the function it names */
            const evidence *open_ev = NULL;
            const char *open_file = NULL;
            for (size_t mi = 0; auth.e.by && mi < n && !open_ev; mi++)
                if (fails_open(files[mi], &auth.e, auth.file)) {
                    open_ev = &files[mi]->web.fail_open;
                    open_file = files[mi]->path;
                }
            buf msg = {0}, d = {0};
            describe(&d, files[fi], h);
            if (open_ev) memset(&auth, 0, sizeof auth);
            buf_printf(&msg, "%s reaches %s %s at %s:%u", d.data, hit->provider, hit->api, files[hit->file]->path, hit->line);
            if (via.len) buf_printf(&msg, " via %s", via.data);
            bool test = match_is_test_path(files[fi]->path);
            /* Next.js route handlers and server actions, Remix actions and loaders, SvelteKit
             * endpoints are public HTTP endpoints by construction */
            bool by_construction = !strcmp(h->framework, "nextjs") || !strcmp(h->framework, "nextjs-action")
                                   || !strcmp(h->framework, "remix") || !strcmp(h->framework, "sveltekit")
                                   || !strcmp(h->framework, "astro");
            if (auth.e.by) {
                buf_puts(&msg, "; authenticated: ");
                ev_str(&msg, &auth.e, auth.file);
                if (roles.e.by) { buf_puts(&msg, "; roles: "); ev_str(&msg, &roles.e, roles.file); }
                if (rate.e.by) { buf_puts(&msg, "; rate-limited: "); ev_str(&msg, &rate.e, rate.file); }
                else buf_puts(&msg, "; no rate limit found");
                add(out, "access.model-endpoint-authenticated", EFFECT_SUPPORTS, SEV_INFO, files[fi], h, NULL, msg.data);
                if (roles.e.by) {
                    buf rm = {0};
                    buf_printf(&rm, "%s checks roles or permissions before reaching %s %s: ", d.data, hit->provider, hit->api);
                    ev_str(&rm, &roles.e, roles.file);
                    add(out, "access.model-endpoint-roles", EFFECT_SUPPORTS, SEV_INFO, files[fi], h, NULL, rm.data);
                    buf_free(&rm);
                }
            } else {
                /* no authentication on an exposed model route blocks launch, rate limit or not */
                severity sev = exposed || by_construction ? SEV_BLOCKER : SEV_WARNING;
                if (test) sev = SEV_INFO;
                buf_puts(&msg, " with no authentication");
                if (open_ev) {
                    buf_puts(&msg, " (its auth check admits every request when the secret or allow-list is unset: ");
                    ev_str(&msg, open_ev, open_file);
                    buf_putc(&msg, ')');
                }
                if (rate.e.by) { buf_puts(&msg, " (rate-limited: "); ev_str(&msg, &rate.e, rate.file); buf_putc(&msg, ')'); }
                else buf_puts(&msg, " and no rate limit");
                if (by_construction) buf_puts(&msg, "; the route is public by construction (a framework route handler, server action or endpoint)");
                else if (exposed) buf_printf(&msg, "; the service is exposed: %s", why.data);
                else buf_puts(&msg, "; no public exposure found (check how it is deployed)");
                add(out, "access.model-endpoint-unauthenticated", EFFECT_VIOLATES, sev, files[fi], h,
                    "Require an authenticated user before the model call (an auth dependency or decorator, auth "
                    "middleware registered before the route, a Next.js middleware matcher covering it, Gradio auth=, "
                    "a Streamlit login gate, or gateway auth), check roles for admin operations, and rate-limit the "
                    "route per user (slowapi, flask-limiter, express-rate-limit, @upstash/ratelimit).",
                    msg.data);
            }
            buf_free(&msg);
            buf_free(&d);
            buf_free(&via);
        }
    }
    buf_free(&why);
}
