/* calls_flow: where a model's output flows inside its function — dangerous sinks, schema
 * validation, and whether the function returns it. Flow-insensitive: a name assigned from a
 * tainted expression anywhere in the function is tainted everywhere in it. */
#include "calls_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct assign { TSNode lhs, rhs; } assign;

typedef VEC(TSNode) node_list;

/* What a call of the scope can be to a flow, whatever the flow: a validator (its level)
 * and a sink candidate (some sink's callee, keyword and unless conditions hold). */
typedef struct call_role { uint8_t val; bool sink, client; } call_role;

/* A scope's statements of interest, gathered once and shared by every flow in it. */
/* A call of the scope that adds its arguments to its receiver (msgs.append(x)): where the
 * receiver's text lies and the arguments. */
typedef struct feed { uint32_t at, len; TSNode args; } feed;
/* A name an assignment's left side binds: its text, and the assignment. */
typedef struct bound { uint32_t at, len; size_t assign; } bound;

typedef struct gathered {
    VEC(assign) assigns;
    node_list calls, returns, props, jsx;
    int scope;
    VEC(call_role) roles;   /* per call; filled by the first flow (roles_done) */
    bool roles_done;
    VEC(feed) feeds;        /* filled by the first calls_flow_feeds (feeds_done) */
    VEC(bound) bounds;      /* likewise; in assignment order */
    bool feeds_done;
} gathered;

typedef struct flow {
    actx *a;
    TSNode src;
    int scope;
    strv names;             /* tainted names (identifiers, or dotted text for attributes) */
    gathered *g;
} flow;

static TSNode scope_root(const actx *a, int scope)
{
    int sc = scope;
    while (sc > 0 && a->scopes.items[sc].kind == SC_CLASS) sc = a->scopes.items[sc].parent;
    return a->scopes.items[sc].node;
}

static void push_assign(gathered *f, TSNode lhs, TSNode rhs)
{
    if (ts_node_is_null(lhs) || ts_node_is_null(rhs)) return;
    assign as = {lhs, rhs};
    VEC_PUSH(&f->assigns, as);
}

typedef struct gather_ctx { gathered *g; TSNode root; } gather_ctx;

static int gather_visit(void *ctx, TSNode n)
{
    gather_ctx *c = ctx;
    gathered *f = c->g;
    const char *t = calls_nt(n);
    if (!ts_node_eq(n, c->root) && (calls_is_function(n) || !strcmp(t, "class_definition") || !strcmp(t, "class_declaration")))
        return VISIT_SKIP;
    if (!strcmp(t, "assignment") || !strcmp(t, "augmented_assignment") || !strcmp(t, "assignment_expression") ||
        !strcmp(t, "augmented_assignment_expression") || !strcmp(t, "for_statement") || !strcmp(t, "for_in_statement") ||
        !strcmp(t, "for_in_clause")) {
        push_assign(f, calls_field(n, "left"), calls_field(n, "right"));
    } else if (!strcmp(t, "variable_declarator")) {
        push_assign(f, calls_field(n, "name"), calls_field(n, "value"));
    } else if (!strcmp(t, "named_expression")) {
        push_assign(f, calls_field(n, "name"), calls_field(n, "value"));
    } else if (!strcmp(t, "as_pattern")) {
        push_assign(f, calls_field(n, "alias"), calls_child(n, 0));
    } else if (!strcmp(t, "return_statement") || !strcmp(t, "yield")) {
        VEC_PUSH(&f->returns, n);
    } else if (!strcmp(t, "jsx_attribute")) {
        VEC_PUSH(&f->jsx, n);
    }
    if (calls_is_call(n)) VEC_PUSH(&f->calls, n);
    if (!strcmp(t, "assignment_expression") && calls_is(calls_field(n, "left"), "member_expression"))
        VEC_PUSH(&f->props, n);
    return VISIT_DESCEND;
}

/* The statements of interest in the scope at root, not in nested functions or classes. */
static void gather(gathered *f, TSNode root)
{
    gather_ctx c = {f, root};
    calls_visit(root, gather_visit, &c);
}

static bool is_sanitizer_call(flow *f, TSNode n)
{
    if (!calls_is_call(n)) return false;
    char *canon = calls_callee_name(f->a, n, f->scope);
    const char *last = strrchr(canon, '.');
    last = last ? last + 1 : canon;
    bool ok = calls_strv_glob(&f->a->cat->sanitizers, last); /* safeFilePath, sanitize_name */
    free(canon);
    return ok;
}

enum { TAINT_NO = 0, TAINT_YES, TAINT_KIDS, TAINT_OBJECT, TAINT_VALUE };

/* What node n says about taint by itself, or which of its parts decides. */
static int taint_of(flow *f, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (s <= ts_node_start_byte(f->src) && ts_node_end_byte(f->src) <= e) return TAINT_YES;
    if (e <= ts_node_start_byte(f->src) && ts_node_start_byte(f->src) < s) return TAINT_NO;
    const char *t = calls_nt(n);
    if (!strcmp(t, "identifier") || !strcmp(t, "shorthand_property_identifier") || !strcmp(t, "attribute") ||
        !strcmp(t, "member_expression")) {
        uint32_t len;
        const char *txt = calls_text(f->a, n, &len);
        for (size_t i = 0; i < f->names.len; i++)
            if (strlen(f->names.items[i]) == len && !memcmp(f->names.items[i], txt, len)) return TAINT_YES;
        if (!strcmp(t, "identifier") || !strcmp(t, "shorthand_property_identifier")) return TAINT_NO;
        return TAINT_OBJECT; /* a.b is tainted when a is */
    }
    if (calls_is_function(n) || is_sanitizer_call(f, n)) return TAINT_NO;
    if (!strcmp(t, "keyword_argument") || !strcmp(t, "pair")) return TAINT_VALUE;
    return TAINT_KIDS;
}

/* Whether n can hold the model's output at all: its range holds the source call, or its
 * text a tainted name. A cheap filter before tainted() walks the subtree: a scope with
 * thousands of assignments or calls would otherwise cost a walk of each per model call. */
static bool could_taint(flow *f, TSNode n)
{
    if (ts_node_start_byte(n) <= ts_node_start_byte(f->src) && ts_node_end_byte(f->src) <= ts_node_end_byte(n))
        return true;
    uint32_t len;
    const char *txt = calls_text(f->a, n, &len);
    for (size_t i = 0; i < f->names.len; i++)
        if (calls_memmem(txt, len, f->names.items[i], strlen(f->names.items[i]))) return true;
    return false;
}

/* Whether expression n holds the model's output: the source call itself, or a tainted
 * name, outside sanitizers and nested functions. An explicit stack: any nesting. */
static bool tainted(flow *f, TSNode n)
{
    if (ts_node_is_null(n) || !could_taint(f, n)) return false;
    VEC(TSNode) todo = {0};
    VEC_PUSH(&todo, n);
    bool yes = false;
    while (todo.len && !yes) {
        TSNode x = todo.items[--todo.len];
        if (ts_node_is_null(x)) continue;
        int how = taint_of(f, x);
        if (how == TAINT_YES) yes = true;
        else if (how == TAINT_OBJECT) VEC_PUSH(&todo, calls_field(x, "object"));
        else if (how == TAINT_VALUE) VEC_PUSH(&todo, calls_field(x, "value"));
        else if (how == TAINT_KIDS) {
            kids k;
            calls_kids(x, &k);
            for (uint32_t i = k.n; i-- > 0;) VEC_PUSH(&todo, k.v[i]);
            calls_kids_free(&k);
        }
    }
    VEC_FREE(&todo);
    return yes;
}

static bool add_names(flow *f, TSNode lhs, int depth)
{
    if (depth > 8) return false;
    const char *t = calls_nt(lhs);
    bool added = false;
    if (!strcmp(t, "identifier") || !strcmp(t, "shorthand_property_identifier_pattern") || !strcmp(t, "attribute") ||
        !strcmp(t, "member_expression")) {
        char *nm = calls_dup(f->a, lhs);
        if (!calls_strv_has(&f->names, nm)) { VEC_PUSH(&f->names, nm); return true; }
        free(nm);
        return false;
    }
    if (!strcmp(t, "lexical_declaration") || !strcmp(t, "variable_declaration")) return false;
    uint32_t nc = calls_nchild(lhs);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = calls_child(lhs, i);
        if (calls_is(c, "pair_pattern")) c = calls_field(c, "value");
        added |= add_names(f, c, depth + 1);
    }
    return added;
}

static void propagate(flow *f)
{
    for (int iter = 0; iter < 6; iter++) {
        bool changed = false;
        for (size_t i = 0; i < f->g->assigns.len; i++) {
            assign *as = &f->g->assigns.items[i];
            if (tainted(f, as->rhs)) changed |= add_names(f, as->lhs, 0);
        }
        if (!changed) break;
    }
}

/* The argument nodes of a call, positional first. */
static TSNode nth_positional(TSNode args, uint32_t want)
{
    uint32_t nc = calls_nchild(args), k = 0;
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = calls_child(args, i);
        if (calls_is(c, "keyword_argument") || calls_is(c, "comment")) continue;
        if (k++ == want) return c;
    }
    return (TSNode){0};
}

static bool kwarg_true(flow *f, TSNode args, const char *name)
{
    uint32_t nc = calls_nchild(args);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = calls_child(args, i);
        if (calls_is(c, "keyword_argument") && calls_text_is(f->a, calls_field(c, "name"), name))
            return calls_is(calls_field(c, "value"), "true");
    }
    return false;
}

static bool string_building(flow *f, TSNode n, int depth)
{
    if (ts_node_is_null(n) || depth > 3) return false;
    const char *t = calls_nt(n);
    if (!strcmp(t, "template_string") || !strcmp(t, "binary_expression") || !strcmp(t, "binary_operator") ||
        !strcmp(t, "concatenated_string"))
        return true;
    if (!strcmp(t, "string")) return !calls_string_literal(f->a, n) || calls_nchild(n) > 3;
    if (calls_is_call(n)) {
        TSNode fn = calls_field(n, "function");
        return calls_is(fn, "attribute") && calls_text_is(f->a, calls_field(fn, "attribute"), "format");
    }
    if (!strcmp(t, "identifier")) {
        char *nm = calls_dup(f->a, n);
        bool built = false;
        for (size_t i = 0; i < f->g->assigns.len && !built; i++) {
            assign *as = &f->g->assigns.items[i];
            if (calls_is(as->lhs, "identifier") && calls_text_is(f->a, as->lhs, nm))
                built = string_building(f, as->rhs, depth + 1);
        }
        free(nm);
        return built;
    }
    return false;
}

static bool builtin_match(flow *f, TSNode call, const strv *builtins)
{
    TSNode fn = calls_is(call, "new_expression") ? calls_field(call, "constructor") : calls_field(call, "function");
    if (!calls_is(fn, "identifier")) return false;
    char *nm = calls_dup(f->a, fn);
    bool ok = calls_strv_has(builtins, nm) && !calls_lookup(f->a, nm, f->scope, ts_node_start_byte(fn));
    free(nm);
    return ok;
}

/* True when the sink's `unless_text` matches the arguments or its `unless_scope` the text of
 * the function around the call (`res.setHeader('Content-Type', 'audio/mpeg')` before
 * `res.send(data)`: not an HTML answer). */
static bool sink_ruled_out(flow *f, const cat_sink *s, TSNode args)
{
    uint32_t len;
    if (s->unless_re) {
        const char *txt = calls_text(f->a, args, &len);
        if (calls_re_match(s->unless_re, txt, len)) return true;
    }
    if (s->unless_scope_re) {
        const char *txt = calls_text(f->a, scope_root(f->a, f->scope), &len);
        if (calls_re_match(s->unless_scope_re, txt, len)) return true;
    }
    return false;
}

/* The part of check_call_sink that does not depend on the flow. */
static bool sink_candidate(flow *f, TSNode call, const char *canon)
{
    TSNode args = calls_call_args(call);
    if (ts_node_is_null(args)) return false;
    for (size_t i = 0; i < f->a->cat->sinks.len; i++) {
        const cat_sink *s = &f->a->cat->sinks.items[i];
        if (!(f->a->py ? s->py : s->js)) continue;
        if (!builtin_match(f, call, &s->builtins) && !(s->calls.len && calls_strv_glob(&s->calls, canon))) continue;
        if (s->require_kwarg && !kwarg_true(f, args, s->require_kwarg)) continue;
        if (sink_ruled_out(f, s, args)) continue;
        return true;
    }
    return false;
}

/* Fills g->roles once: afterwards each flow looks only at the few calls that can be a sink
 * or a validator, not at every call of the scope. */
static void call_roles(actx *a, gathered *g)
{
    if (g->roles_done) return;
    g->roles_done = true;
    flow f = {.a = a, .scope = g->scope, .g = g};
    for (size_t i = 0; i < g->calls.len; i++) {
        TSNode c = g->calls.items[i];
        char *canon = calls_callee_name(a, c, g->scope);
        const char *last = strrchr(canon, '.');
        call_role r = {calls_strv_glob(&a->cat->val_weak, canon) ? VAL_WEAK
                       : calls_strv_glob(&a->cat->val_strong, canon) ? VAL_TRUE : VAL_FALSE,
                       sink_candidate(&f, c, canon),
                       /* a worker handing its result to the page: postMessage(output) */
                       !a->py && !strcmp(last ? last + 1 : canon, "postMessage")};
        VEC_PUSH(&g->roles, r);
        free(canon);
    }
}

static void check_call_sink(flow *f, TSNode call, sink_list *out)
{
    if (ts_node_eq(call, f->src)) return;
    char *canon = NULL;
    TSNode args = calls_call_args(call);
    if (ts_node_is_null(args)) return;
    for (size_t i = 0; i < f->a->cat->sinks.len; i++) {
        const cat_sink *s = &f->a->cat->sinks.items[i];
        if (!(f->a->py ? s->py : s->js)) continue;
        bool hit = builtin_match(f, call, &s->builtins);
        if (!hit && s->calls.len) {
            if (!canon) canon = calls_callee_name(f->a, call, f->scope);
            hit = calls_strv_glob(&s->calls, canon);
        }
        if (!hit) continue;
        if (s->require_kwarg && !kwarg_true(f, args, s->require_kwarg)) continue;
        if (sink_ruled_out(f, s, args)) continue;
        TSNode arg = nth_positional(args, 0);
        bool bad = s->properties.len ? tainted(f, args) : tainted(f, arg);
        if (bad && s->string_built && !string_building(f, arg, 0)) bad = false;
        if (bad) {
            if (!canon) canon = calls_callee_name(f->a, call, f->scope);
            calls_sink_add(out, s->kind, calls_line(call), calls_col(call), canon);
            break;
        }
    }
    free(canon);
}

static void check_prop_sink(flow *f, TSNode asg, sink_list *out)
{
    TSNode prop = calls_field(calls_field(asg, "left"), "property");
    char *name = calls_dup(f->a, prop);
    for (size_t i = 0; i < f->a->cat->sinks.len; i++) {
        const cat_sink *s = &f->a->cat->sinks.items[i];
        if (s->js && calls_strv_has(&s->properties, name) && tainted(f, calls_field(asg, "right"))) {
            calls_sink_add(out, s->kind, calls_line(asg), calls_col(asg), name);
            break;
        }
    }
    free(name);
}

static void check_jsx_sink(flow *f, TSNode attr, sink_list *out)
{
    TSNode name = calls_child(attr, 0);
    char *nm = calls_dup(f->a, name);
    for (size_t i = 0; i < f->a->cat->sinks.len; i++) {
        const cat_sink *s = &f->a->cat->sinks.items[i];
        if (s->js && calls_strv_has(&s->jsx_attributes, nm) && tainted(f, attr)) {
            calls_sink_add(out, s->kind, calls_line(attr), calls_col(attr), nm);
            break;
        }
    }
    free(nm);
}

static void check_validation(flow *f, TSNode call, uint8_t *validated, uint32_t *vline, char **vby)
{
    if (ts_node_eq(call, f->src)) return;
    TSNode args = calls_call_args(call);
    if (ts_node_is_null(args) || !tainted(f, args)) return;
    char *canon = calls_callee_name(f->a, call, f->scope);
    uint8_t lvl = calls_strv_glob(&f->a->cat->val_weak, canon) ? VAL_WEAK
                : calls_strv_glob(&f->a->cat->val_strong, canon) ? VAL_TRUE : VAL_FALSE;
    if (lvl > *validated) {
        *validated = lvl;
        *vline = calls_line(call);
        free(*vby);
        *vby = canon;
        canon = NULL;
    }
    free(canon);
}

void calls_flow_cache_free(void *cache)
{
    gathered *g = cache;
    if (!g) return;
    VEC_FREE(&g->assigns);
    VEC_FREE(&g->calls);
    VEC_FREE(&g->returns);
    VEC_FREE(&g->props);
    VEC_FREE(&g->jsx);
    VEC_FREE(&g->roles);
    VEC_FREE(&g->feeds);
    VEC_FREE(&g->bounds);
    free(g);
}

static gathered *scope_gathered(actx *a, int scope)
{
    int sc = scope;
    while (sc > 0 && a->scopes.items[sc].kind == SC_CLASS) sc = a->scopes.items[sc].parent;
    if (!a->scopes.items[sc].flow) {
        gathered *g = xcalloc(1, sizeof *g);
        g->scope = sc;
        TSNode root = a->scopes.items[sc].node;
        gather(g, root);
        a->scopes.items[sc].flow = g;
    }
    return a->scopes.items[sc].flow;
}

static void flow_free(flow *f)
{
    for (size_t i = 0; i < f->names.len; i++) free(f->names.items[i]);
    VEC_FREE(&f->names);
}

/* The sinks the tainted names of a propagated flow reach (validators too when asked). */
static void flow_sinks(flow *f, sink_list *sinks, uint8_t *validated, uint32_t *vline, char **vby)
{
    gathered *g = f->g;
    call_roles(f->a, g);
    for (size_t i = 0; i < g->calls.len; i++) {
        if (g->roles.items[i].sink) check_call_sink(f, g->calls.items[i], sinks);
        if (validated && g->roles.items[i].val) check_validation(f, g->calls.items[i], validated, vline, vby);
        if (g->roles.items[i].client && tainted(f, calls_call_args(g->calls.items[i])))
            calls_sink_add(sinks, SINK_TO_CLIENT, calls_line(g->calls.items[i]), calls_col(g->calls.items[i]), "postMessage");
    }
    for (size_t i = 0; i < g->props.len; i++) check_prop_sink(f, g->props.items[i], sinks);
    for (size_t i = 0; i < g->jsx.len; i++) check_jsx_sink(f, g->jsx.items[i], sinks);
}

/* The first parameter node of a function, or a null node. */
static TSNode first_param(TSNode fn)
{
    TSNode p = calls_field(fn, "parameter"); /* x => ... */
    if (!ts_node_is_null(p)) return p;
    TSNode ps = calls_field(fn, "parameters");
    for (uint32_t i = 0; i < calls_nchild(ps); i++) {
        TSNode c = calls_child(ps, i);
        if (calls_is(c, "identifier")) return c;
        TSNode id = calls_field(c, "pattern");
        if (calls_is(id, "identifier")) return id;
        return (TSNode){0};
    }
    return (TSNode){0};
}

/* Streaming callbacks: a function written in the call's arguments, or as a value of an
 * options object there (`callback_function: async function (beams) {...}`, `onToken: (t) =>
 * ...`), receives the model's output as its first parameter; the sinks its body reaches are
 * the call's. */
void calls_flow_callbacks(actx *a, TSNode call, sink_list *sinks)
{
    TSNode args = calls_call_args(call);
    TSNode todo[32];
    int n = 0, depth[32];
    for (uint32_t i = 0; i < calls_nchild(args) && n < 32; i++) { todo[n] = calls_child(args, i); depth[n++] = 0; }
    while (n > 0) {
        TSNode x = todo[--n];
        int d = depth[n];
        if (calls_is(x, "pair") || calls_is(x, "keyword_argument")) { x = calls_field(x, "value"); }
        if (calls_is_function(x)) {
            TSNode p = first_param(x);
            int sc = calls_scope_of(a, x);
            if (ts_node_is_null(p) || sc < 0) continue;
            flow f = {.a = a, .src = p, .scope = sc};
            VEC_PUSH(&f.names, calls_dup(a, p));
            f.g = scope_gathered(a, sc);
            propagate(&f);
            flow_sinks(&f, sinks, NULL, NULL, NULL);
            flow_free(&f);
        } else if (d < 2 && calls_is(x, "object")) {
            for (uint32_t i = 0; i < calls_nchild(x) && n < 32; i++) { todo[n] = calls_child(x, i); depth[n++] = d + 1; }
        }
    }
}

void calls_flow(actx *a, TSNode source_call, int scope, sink_list *sinks, bool *returns,
                uint8_t *validated, uint32_t *vline, char **vby)
{
    flow f = {.a = a, .src = source_call, .scope = scope};
    TSNode root = scope_root(a, scope);
    f.g = scope_gathered(a, scope);
    propagate(&f);
    gathered *g = f.g;
    flow_sinks(&f, sinks, validated, vline, vby);
    for (size_t i = 0; i < g->returns.len && !*returns; i++)
        *returns = tainted(&f, g->returns.items[i]);
    if (calls_is(root, "arrow_function")) { /* (x) => model.invoke(x): an expression body returns */
        TSNode body = calls_field(root, "body");
        if (!calls_is(body, "statement_block") && tainted(&f, body)) *returns = true;
    }
    flow_free(&f);
}

/* Cheap pre-check: does the scope contain anything the flow could report? */
bool calls_scope_has_sinks(actx *a, int scope)
{
    int sc = scope;
    while (sc > 0 && a->scopes.items[sc].kind == SC_CLASS) sc = a->scopes.items[sc].parent;
    if (a->scopes.items[sc].has_sinks >= 0) return a->scopes.items[sc].has_sinks;
    uint32_t len;
    const char *txt = calls_text(a, a->scopes.items[sc].node, &len);
    bool word = false;
    for (size_t i = 0; i < a->cat->sink_words.len && !word; i++)
        word = calls_memmem(txt, len, a->cat->sink_words.items[i], strlen(a->cat->sink_words.items[i])) != NULL;
    if (!word) { /* no sink or validator name anywhere in its text */
        a->scopes.items[sc].has_sinks = 0;
        return false;
    }
    gathered *g = scope_gathered(a, sc);
    flow f = {.a = a, .scope = sc, .g = g};
    bool any = g->props.len > 0 || g->jsx.len > 0;
    for (size_t i = 0; i < g->calls.len && !any; i++) {
        TSNode c = g->calls.items[i];
        char *canon = calls_callee_name(a, c, sc);
        any = calls_strv_glob(&a->cat->val_strong, canon) || calls_strv_glob(&a->cat->val_weak, canon);
        for (size_t k = 0; k < a->cat->sinks.len && !any; k++) {
            const cat_sink *s = &a->cat->sinks.items[k];
            if (!(a->py ? s->py : s->js)) continue;
            any = calls_strv_glob(&s->calls, canon) || builtin_match(&f, c, &s->builtins);
        }
        free(canon);
    }
    a->scopes.items[sc].has_sinks = any;
    return any;
}

/* The identifiers a pattern (the left side of an assignment or loop) binds, as bound records
 * of assignment i. */
static void pattern_binds(gathered *g, TSNode p, size_t i, int depth)
{
    if (ts_node_is_null(p) || depth > 6) return;
    const char *t = calls_nt(p);
    if (!strcmp(t, "identifier") || !strcmp(t, "shorthand_property_identifier_pattern")) {
        uint32_t s = ts_node_start_byte(p), e = ts_node_end_byte(p);
        bound b = {s, e > s ? e - s : 0, i};
        VEC_PUSH(&g->bounds, b);
        return;
    }
    if (!strcmp(t, "attribute") || !strcmp(t, "member_expression") || !strcmp(t, "subscript") ||
        !strcmp(t, "subscript_expression"))
        return;
    kids k;
    calls_kids(p, &k);
    for (uint32_t j = 0; j < k.n; j++) {
        TSNode c = k.v[j];
        if (calls_is(c, "pair_pattern")) c = calls_field(c, "value");
        pattern_binds(g, c, i, depth + 1);
    }
    calls_kids_free(&k);
}

/* Methods that add their arguments to the receiver: a list, a message history, a string builder. */
static bool adds_to_receiver(actx *a, TSNode meth)
{
    static const char *const m[] = {"append", "extend", "insert", "push", "unshift", "concat", "add", "add_message",
                                    "add_messages", "add_user_message", "addMessage", "addMessages", "addUserMessage",
                                    "update", "write", NULL};
    for (int i = 0; m[i]; i++)
        if (calls_text_is(a, meth, m[i])) return true;
    return false;
}

/* The scope's calls that add to their receiver, found once: a scope is asked about every
 * name traced through it, and a module scope can hold thousands of calls. */
static void gather_feeds(actx *a, gathered *g)
{
    if (g->feeds_done) return;
    g->feeds_done = true;
    for (size_t i = 0; i < g->calls.len; i++) {
        TSNode c = g->calls.items[i];
        TSNode f = calls_field(c, "function");
        bool py = calls_is(f, "attribute");
        if (!py && !calls_is(f, "member_expression")) continue;
        if (!adds_to_receiver(a, calls_field(f, py ? "attribute" : "property"))) continue;
        TSNode args = calls_call_args(c);
        if (ts_node_is_null(args)) continue;
        TSNode obj = calls_field(f, "object");
        uint32_t s = ts_node_is_null(obj) ? 0 : ts_node_start_byte(obj), len;
        calls_text(a, obj, &len);
        feed fd = {s, len, args};
        VEC_PUSH(&g->feeds, fd);
    }
    for (size_t i = 0; i < g->assigns.len; i++) pattern_binds(g, g->assigns.items[i].lhs, i, 0);
}

void calls_flow_feeds(actx *a, int scope, const char *name, calls_nodes *out)
{
    gathered *g = scope_gathered(a, scope);
    size_t nlen = strlen(name);
    gather_feeds(a, g);
    for (size_t i = 0; i < g->feeds.len; i++) {
        const feed *fd = &g->feeds.items[i];
        if (fd->len == nlen && memcmp(a->src->text + fd->at, name, nlen) == 0) VEC_PUSH(out, fd->args);
    }
    size_t last = (size_t)-1; /* an assignment that binds the name twice feeds it once */
    for (size_t i = 0; i < g->bounds.len; i++) {
        const bound *b = &g->bounds.items[i];
        if (b->assign == last || b->len != nlen || memcmp(a->src->text + b->at, name, nlen) != 0) continue;
        last = b->assign;
        VEC_PUSH(out, g->assigns.items[b->assign].rhs);
    }
}

void calls_flow_key_sets(actx *a, int scope, const char *name, calls_nodes *keys, calls_nodes *values)
{
    gathered *g = scope_gathered(a, scope);
    size_t nlen = strlen(name);
    for (size_t i = 0; i < g->assigns.len; i++) {
        TSNode lhs = g->assigns.items[i].lhs;
        TSNode obj, key;
        if (calls_is(lhs, "subscript")) { obj = calls_field(lhs, "value"); key = calls_field(lhs, "subscript"); }
        else if (calls_is(lhs, "subscript_expression")) { obj = calls_field(lhs, "object"); key = calls_field(lhs, "index"); }
        else if (calls_is(lhs, "member_expression")) { obj = calls_field(lhs, "object"); key = calls_field(lhs, "property"); }
        else continue;
        uint32_t len;
        const char *o = calls_text(a, obj, &len);
        if (len != nlen || memcmp(o, name, nlen) != 0 || ts_node_is_null(key)) continue;
        VEC_PUSH(keys, key);
        VEC_PUSH(values, g->assigns.items[i].rhs);
    }
}
