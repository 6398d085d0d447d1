/* calls_client: client code that writes what it receives as raw HTML — `el.innerHTML = ...`,
 * `dangerouslySetInnerHTML={{__html: ...}}`, Solid's `innerHTML={...}`, insertAdjacentHTML,
 * document.write — when the value is message text (rules/sdks/common.yaml `client_html`),
 * not a literal, JSON-LD or sanitised markup, in a file that receives data (a chat hook, a
 * fetch, a stream, a worker's message). The repository stage joins this with model
 * output that a web handler returns or a worker posts: that output reaches an HTML sink. */
#include "calls_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct client_ctx { actx *a; } client_ctx;

static void set_evidence(evidence *e, const char *by, uint32_t len, uint32_t line)
{
    if (e->by) return;
    if (len > 80) len = 80;
    buf b = {0};
    for (uint32_t i = 0; i < len; i++) {
        char c = by[i];
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == ' ' && b.len && b.data[b.len - 1] == ' ') continue;
        buf_putc(&b, c);
    }
    e->by = buf_take(&b);
    e->line = line;
}

/* Text that neutralises or is not markup: a sanitiser, an escaper, JSON for a script tag. */
static bool neutral_text(const char *s, uint32_t len)
{
    static const char *const words[] = {"sanitize", "Sanitize", "sanitise", "DOMPurify", "purify", "escape", "Escape",
                                        "JSON.stringify", "textContent", NULL};
    for (int i = 0; words[i]; i++)
        if (calls_memmem(s, len, words[i], strlen(words[i]))) return true;
    return false;
}

typedef struct names_ctx { actx *a; bool hit; } names_ctx;

/* A function of this file named by an identifier in the value (renderContent(m.content),
 * htmlString()): its body says what the markup is made of. */
static int fn_names_visit(void *ctx, TSNode n)
{
    names_ctx *c = ctx;
    if (c->hit) return VISIT_STOP;
    if (!calls_is(n, "identifier")) return VISIT_DESCEND;
    uint32_t len;
    const char *s = calls_text(c->a, n, &len);
    const calls_file *f = c->a->out;
    for (size_t i = 0; i < f->fns.len && !c->hit; i++) {
        const fn_def *d = &f->fns.items[i];
        if (!d->name || strlen(d->name) != len || memcmp(d->name, s, len) != 0) continue;
        if (d->end <= d->start || d->end > c->a->src->len) continue;
        const char *body = c->a->src->text + d->start;
        uint32_t bl = d->end - d->start;
        c->hit = !neutral_text(body, bl) && calls_re_match(c->a->cat->client_html_re, body, bl);
    }
    return VISIT_DESCEND;
}

static bool raw_value(actx *a, TSNode v)
{
    if (ts_node_is_null(v)) return false;
    if (calls_is(v, "string") || (calls_is(v, "template_string") && calls_nchild(v) == 0) || calls_is(v, "number") ||
        calls_is(v, "null") || calls_is(v, "undefined"))
        return false;
    uint32_t len;
    const char *s = calls_text(a, v, &len);
    if (neutral_text(s, len)) return false;
    if (calls_re_match(a->cat->client_html_re, s, len)) return true;
    names_ctx c = {a, false};
    calls_visit(v, fn_names_visit, &c);
    return c.hit;
}

static void found(actx *a, TSNode at)
{
    uint32_t len;
    const char *s = calls_text(a, at, &len);
    set_evidence(&a->out->web.client_html, s, len, calls_line(at));
}

/* The value of dangerouslySetInnerHTML={{ __html: v }} or innerHTML={v}. */
static TSNode jsx_value(actx *a, TSNode attr)
{
    TSNode v = calls_nchild(attr) > 1 ? calls_child(attr, 1) : (TSNode){0};
    if (calls_is(v, "jsx_expression") && calls_nchild(v) > 0) v = calls_child(v, 0);
    if (calls_is(v, "object")) {
        uint32_t nc = calls_nchild(v);
        for (uint32_t i = 0; i < nc; i++) {
            TSNode p = calls_child(v, i);
            if (calls_is(p, "pair") && calls_text_is(a, calls_field(p, "key"), "__html")) return calls_field(p, "value");
        }
        return (TSNode){0};
    }
    return v;
}

static int client_visit(void *ctx, TSNode n)
{
    client_ctx *c = ctx;
    actx *a = c->a;
    if (a->out->web.client_html.by) return VISIT_STOP;
    const char *t = calls_nt(n);
    if (!strcmp(t, "assignment_expression") || !strcmp(t, "augmented_assignment_expression")) {
        TSNode left = calls_field(n, "left");
        if (calls_is(left, "member_expression")) {
            TSNode prop = calls_field(left, "property");
            if ((calls_text_is(a, prop, "innerHTML") || calls_text_is(a, prop, "outerHTML")) &&
                raw_value(a, calls_field(n, "right")))
                found(a, n);
        }
    } else if (!strcmp(t, "jsx_attribute")) {
        TSNode name = calls_child(n, 0);
        if ((calls_text_is(a, name, "dangerouslySetInnerHTML") || calls_text_is(a, name, "innerHTML")) &&
            raw_value(a, jsx_value(a, n)))
            found(a, n);
    } else if (!strcmp(t, "call_expression")) {
        TSNode f = calls_field(n, "function");
        TSNode args = calls_call_args(n);
        if (calls_is(f, "member_expression") && !ts_node_is_null(args)) {
            TSNode prop = calls_field(f, "property");
            uint32_t want = calls_text_is(a, prop, "insertAdjacentHTML") ? 1
                          : (calls_text_is(a, calls_field(f, "object"), "document") &&
                             (calls_text_is(a, prop, "write") || calls_text_is(a, prop, "writeln"))) ? 0 : 99;
            if (want < calls_nchild(args) && raw_value(a, calls_child(args, want))) found(a, n);
        }
    }
    return VISIT_DESCEND;
}

void calls_client_scan(actx *a, TSNode root)
{
    if (a->py || !a->cat->client_html_re) return;
    if (calls_strv_glob(&a->cat->client_skip_paths, a->src->path)) return;
    static const char *const words[] = {"innerHTML", "outerHTML", "dangerouslySetInnerHTML", "insertAdjacentHTML",
                                        "document.write", NULL};
    bool any = false;
    for (int i = 0; words[i] && !any; i++) any = calls_memmem(a->src->text, a->src->len, words[i], strlen(words[i])) != NULL;
    if (!any) return;
    bool receives = false;
    for (size_t i = 0; i < a->cat->client_receive_words.len && !receives; i++) {
        const char *w = a->cat->client_receive_words.items[i];
        receives = calls_memmem(a->src->text, a->src->len, w, strlen(w)) != NULL;
    }
    if (!receives) return; /* a component rendering what it computes itself */
    client_ctx c = {a};
    calls_visit(root, client_visit, &c);
}

/* Does the call's output go to the client: posted by a worker, or returned by the web
 * handler that makes the call? */
static bool to_client(const calls_file *f, const raw_call *rc)
{
    for (size_t i = 0; i < rc->sinks.len; i++)
        if (rc->sinks.items[i].kind == SINK_TO_CLIENT) return true;
    if (!rc->returns_taint || rc->fn < 0) return false;
    for (size_t h = 0; h < f->web.handlers.len; h++) {
        const web_handler *w = &f->web.handlers.items[h];
        if (w->whole_file || w->fn < 0) continue;
        for (int fn = rc->fn; fn >= 0; fn = f->fns.items[fn].parent)
            if (fn == w->fn) return true;
    }
    return false;
}

/* Whether two files belong to the same part of the repository: the same first directory,
 * or both at the top. A backend in api/ and a frontend in web/ talk through routes that
 * cannot be told apart statically: only a client beside the handler is joined with it. */
static bool same_part(const char *a, const char *b)
{
    const char *sa = strchr(a, '/'), *sb = strchr(b, '/');
    if (!sa || !sb) return !sa && !sb;
    return sa - a == sb - b && !strncmp(a, b, (size_t)(sa - a));
}

int calls_client_reached(calls_file *const *files, size_t n, size_t fi, const raw_call *rc, uint32_t *line,
                         const char **what)
{
    if (!to_client(files[fi], rc)) return -1;
    for (size_t i = 0; i < n; i++)
        if (files[i]->web.client_html.by && same_part(files[i]->path, files[fi]->path)) {
            *line = files[i]->web.client_html.line;
            *what = files[i]->web.client_html.by;
            return (int)i;
        }
    return -1;
}
