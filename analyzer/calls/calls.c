/* calls: per-file driver of the model call-site analysis — one walk collects scopes,
 * bindings, functions and candidate calls; each candidate is then resolved and judged. */
#include "calls_int.h"
#include "provenance.h"
#include "offswitch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"

/* ---- shared small helpers -------------------------------------------------------------- */

void calls_pfacts_free(pfacts *p)
{
    for (size_t i = 0; i < p->len; i++) {
        free(p->items[i].name);
        free(p->items[i].str);
        free(p->items[i].resolved);
        free(p->items[i].ref_src);
        free(p->items[i].ref_name);
    }
    VEC_FREE(p);
}

void calls_objfacts_free(objfacts *o)
{
    calls_pfacts_free(&o->params);
    free(o->logged_by);
    free(o->validated_by);
    free(o->retry_by);
    memset(o, 0, sizeof *o);
}

static char *dup0(const char *s) { return s ? xstrdup(s) : NULL; }

void calls_objfacts_copy(objfacts *dst, const objfacts *src)
{
    *dst = *src;
    memset(&dst->params, 0, sizeof dst->params);
    for (size_t i = 0; i < src->params.len; i++) {
        pfact f = src->params.items[i];
        f.name = xstrdup(f.name);
        f.str = dup0(f.str);
        f.resolved = dup0(f.resolved);
        f.ref_src = dup0(f.ref_src);
        f.ref_name = dup0(f.ref_name);
        VEC_PUSH(&dst->params, f);
    }
    dst->logged_by = dup0(src->logged_by);
    dst->validated_by = dup0(src->validated_by);
    dst->retry_by = dup0(src->retry_by);
}

void calls_sinks_free(sink_list *s)
{
    for (size_t i = 0; i < s->len; i++) free(s->items[i].what);
    VEC_FREE(s);
}

void calls_sink_add(sink_list *s, uint8_t kind, uint32_t line, uint32_t col, const char *what)
{
    for (size_t i = 0; i < s->len; i++)
        if (s->items[i].kind == kind && s->items[i].line == line) return;
    sink_hit h = {kind, line, col, xstrdup(what)};
    VEC_PUSH(s, h);
}

/* The last fact with one of `names` (later arguments override earlier ones). */
const pfact *calls_pfacts_find(const pfacts *p, const strv *names)
{
    for (size_t i = p->len; i-- > 0;)
        if (calls_strv_has(names, p->items[i].name)) return &p->items[i];
    return NULL;
}

/* model_call_free, model_call_list_free and model_call_compare live in model_call.c. */

/* ---- the walk ------------------------------------------------------------------------- */

static int scope_new(actx *a, uint8_t kind, int parent, TSNode node)
{
    scope_t s = {.kind = kind, .parent = parent, .fn = -1, .node = node, .logs = -1, .has_sinks = -1, .log_by = NULL,
                 .flow = NULL, .base_sdk = -1};
    VEC_PUSH(&a->scopes, s);
    return (int)a->scopes.len - 1;
}

static char *fn_name(actx *a, TSNode n, TSNode p)
{
    TSNode name = calls_field(n, "name");
    if (!ts_node_is_null(name)) return calls_dup(a, name);
    if (calls_is(p, "variable_declarator")) return calls_dup(a, calls_field(p, "name"));
    if (calls_is(p, "pair")) return calls_dup(a, calls_field(p, "key"));
    if (calls_is(p, "assignment_expression")) return calls_dup(a, calls_field(p, "left"));
    return NULL;
}

static void bind_pattern(actx *a, TSNode p, int scope, uint8_t kind, TSNode value, bool destructured, int depth)
{
    if (depth > 6 || ts_node_is_null(p)) return;
    const char *t = calls_nt(p);
    if (!strcmp(t, "identifier") || !strcmp(t, "shorthand_property_identifier_pattern")) {
        char *nm = calls_dup(a, p);
        calls_bind(a, nm, scope, kind, value, ts_node_start_byte(p));
        a->binds.items[a->binds.len - 1].destructured = destructured;
        free(nm);
        return;
    }
    if (kind == BK_PARAM && (!strcmp(t, "typed_parameter") || !strcmp(t, "typed_default_parameter") ||
                             !strcmp(t, "required_parameter") || !strcmp(t, "optional_parameter"))) {
        TSNode id = calls_field(p, "name");
        if (ts_node_is_null(id)) id = calls_field(p, "pattern");
        if (ts_node_is_null(id)) id = calls_child(p, 0);
        if (calls_is(id, "identifier")) {
            char *nm = calls_dup(a, id);
            calls_bind(a, nm, scope, kind, value, ts_node_start_byte(id));
            a->binds.items[a->binds.len - 1].type = calls_field(p, "type");
            free(nm);
            return;
        }
    }
    static const char *const fields[] = {"name", "pattern", "left", NULL};
    for (int i = 0; fields[i]; i++) {
        TSNode f = calls_field(p, fields[i]);
        if (!ts_node_is_null(f) && !ts_node_eq(f, p)) { bind_pattern(a, f, scope, kind, value, destructured, depth + 1); return; }
    }
    if (!strcmp(t, "typed_parameter") || !strcmp(t, "list_splat_pattern") || !strcmp(t, "dictionary_splat_pattern")) {
        bind_pattern(a, calls_child(p, 0), scope, kind, value, destructured, depth + 1);
        return;
    }
    if (!strcmp(t, "object_pattern") || !strcmp(t, "array_pattern") || !strcmp(t, "pattern_list") ||
        !strcmp(t, "tuple_pattern") || !strcmp(t, "list_pattern") || !strcmp(t, "formal_parameters") ||
        !strcmp(t, "parameters") || !strcmp(t, "lambda_parameters")) {
        uint32_t nc = calls_nchild(p);
        bool tuple = a->py && kind == BK_ASSIGN && depth == 0 && (!strcmp(t, "pattern_list") || !strcmp(t, "tuple_pattern"));
        for (uint32_t i = 0; i < nc; i++) {
            TSNode c = calls_child(p, i);
            if (calls_is(c, "pair_pattern")) c = calls_field(c, "value");
            size_t before = a->binds.len;
            bind_pattern(a, c, scope, kind, value, destructured || !strstr(t, "parameters"), depth + 1);
            /* a, b = f(): which element of the tuple f returns (calls_resolve.c tuple_elem) */
            if (tuple && i < 127 && a->binds.len == before + 1 && calls_is(c, "identifier")) a->binds.items[before].elem = (int8_t)i;
        }
    }
}

static int class_scope(actx *a, int scope)
{
    return calls_enclosing_class(a, scope);
}

static void bind_target(actx *a, TSNode left, TSNode value, int scope)
{
    const char *t = calls_nt(left);
    if (!strcmp(t, "identifier")) {
        if (a->py && scope > 0) { /* `global model` earlier in this function: the module's model */
            char *nm = calls_dup(a, left);
            bool global = calls_declared_global(a, nm, scope);
            if (global) {
                calls_bind(a, nm, 0, BK_ASSIGN, value, ts_node_start_byte(left));
                a->binds.items[a->binds.len - 1].vscope = scope;
            }
            free(nm);
            if (global) return;
        }
        bind_pattern(a, left, scope, BK_ASSIGN, value, false, 0);
    } else if (!strcmp(t, "attribute") || !strcmp(t, "member_expression")) {
        TSNode obj = calls_field(left, "object");
        bool self = calls_is(obj, "this") || (a->py && calls_text_is(a, obj, "self"));
        int cls = class_scope(a, scope);
        if (self && cls >= 0) {
            buf key = {0};
            buf_puts(&key, "this.");
            TSNode prop = calls_field(left, a->py ? "attribute" : "property");
            uint32_t len;
            const char *s = calls_text(a, prop, &len);
            buf_append(&key, s, len);
            calls_bind(a, key.data, cls, BK_ASSIGN, value, ts_node_start_byte(left));
            a->binds.items[a->binds.len - 1].vscope = scope;
            buf_free(&key);
        }
        /* litellm.success_callback = [...] and friends switch on logging everywhere. */
        char *canon = calls_canon(a, left, scope);
        if (calls_strv_glob(&a->cat->global_slots, canon)) {
            /* st.session_state.llm = OllamaLLM(...): a slot every file reads (module scope,
             * exported like a module-level name) */
            buf key = {0};
            buf_printf(&key, "#slot:%s", canon);
            calls_bind(a, key.data, 0, BK_ASSIGN, value, ts_node_start_byte(left));
            a->binds.items[a->binds.len - 1].vscope = scope;
            buf_free(&key);
        }
        for (size_t i = 0; i < a->cat->callback_settings.len; i++) {
            const cat_instr *ci = &a->cat->callback_settings.items[i];
            if (!calls_glob(ci->call, canon) || calls_nchild(value) == 0) continue;
            if (offswitch_gate_of(a->src, left)) continue; /* on only when a setting is set */
            instr_hit h = {xstrdup(canon), calls_line(left), {0}};
            for (size_t k = 0; k < ci->covers.len; k++) VEC_PUSH(&h.covers, xstrdup(ci->covers.items[k]));
            VEC_PUSH(&a->out->instr, h);
        }
        free(canon);
    } else {
        bind_pattern(a, left, scope, BK_ASSIGN, value, true, 0);
    }
}

static void instrument_check(actx *a, TSNode call, int scope)
{
    TSNode f = calls_is(call, "new_expression") ? calls_field(call, "constructor") : calls_field(call, "function");
    TSNode last = f;
    if (calls_is(f, "attribute")) last = calls_field(f, "attribute");
    else if (calls_is(f, "member_expression")) last = calls_field(f, "property");
    uint32_t len;
    const char *name = calls_text(a, last, &len);
    bool maybe = false;
    for (size_t i = 0; i < a->cat->instrument.len && !maybe; i++) {
        const char *p = strrchr(a->cat->instrument.items[i].call, '.');
        p = p ? p + 1 : a->cat->instrument.items[i].call;
        maybe = strlen(p) == len && !memcmp(p, name, len);
    }
    for (size_t i = 0; i < a->cat->exporters.len && !maybe; i++) {
        const char *p = strrchr(a->cat->exporters.items[i], '.');
        p = p ? p + 1 : a->cat->exporters.items[i];
        maybe = strlen(p) == len && !memcmp(p, name, len);
    }
    if (!maybe) return;
    char *canon = calls_callee_name(a, call, scope);
    for (size_t i = 0; i < a->cat->instrument.len; i++) {
        const cat_instr *ci = &a->cat->instrument.items[i];
        if (!calls_glob(ci->call, canon)) continue;
        if (ci->when_kwarg) {
            uint32_t tl;
            const char *txt = calls_text(a, calls_call_args(call), &tl);
            if (!calls_memmem(txt, tl, ci->when_kwarg, strlen(ci->when_kwarg))) continue;
        }
        if (offswitch_gate_of(a->src, call)) continue; /* on only when a setting is set */
        instr_hit h = {xstrdup(canon), calls_line(call), {0}};
        for (size_t k = 0; k < ci->covers.len; k++) VEC_PUSH(&h.covers, xstrdup(ci->covers.items[k]));
        VEC_PUSH(&a->out->instr, h);
        break;
    }
    if (!a->out->exporter_by && calls_strv_glob(&a->cat->exporters, canon)) {
        a->out->exporter_by = xstrdup(canon);
        a->out->exporter_line = calls_line(call);
    }
    free(canon);
}

static void bind_field_type(actx *a, TSNode name, TSNode type, int scope)
{
    if (ts_node_is_null(name) || ts_node_is_null(type)) return;
    buf key = {0};
    buf_puts(&key, "this.");
    uint32_t len;
    const char *s = calls_text(a, name, &len);
    buf_append(&key, s, len);
    calls_bind(a, key.data, scope, BK_PARAM, type, ts_node_start_byte(name));
    a->binds.items[a->binds.len - 1].type = type;
    buf_free(&key);
}

/* Where the walk is: a node, and its parent and grandparent (null above the root). Known
 * to the walk, they cost nothing, whereas ts_node_parent searches down from the root. */
typedef struct walk_at { TSNode n, parent, grand; int scope; } walk_at;

/* A Next.js server action: a top-level function of a 'use server' module, or a function
 * whose body starts with the 'use server' directive. Its arguments come from the client. */
static bool server_action(actx *a, TSNode fn, int scope)
{
    TSNode body = calls_field(fn, "body");
    if (calls_is(body, "statement_block") && calls_nchild(body) > 0) {
        TSNode first = calls_child(body, 0);
        if (calls_is(first, "expression_statement") && calls_nchild(first) > 0) {
            uint32_t len;
            const char *s = calls_text(a, calls_child(first, 0), &len);
            if (len == 12 && (!strncmp(s, "'use server'", 12) || !strncmp(s, "\"use server\"", 12))) return true;
        }
    }
    if (a->scopes.items[scope].kind != SC_MODULE) return false;
    if (!a->use_server) a->use_server = calls_use_server_file(a) ? 1 : 2;
    return a->use_server == 1;
}

/* Records a function and returns the scope of its body. */
static int walk_function(actx *a, const walk_at *at)
{
    TSNode n = at->n;
    int scope = at->scope;
    fn_def f = {0};
    f.name = fn_name(a, n, at->parent);
    f.line = calls_line(n);
    f.start = ts_node_start_byte(n);
    f.end = ts_node_end_byte(n);
    int cls = a->scopes.items[scope].kind == SC_CLASS ? scope : -1;
    if (cls < 0 && calls_is(at->grand, "class_body")) cls = class_scope(a, scope);
    if (cls >= 0 && a->scopes.items[cls].cls) f.cls = xstrdup(a->scopes.items[cls].cls);
    f.parent = -1;
    for (int sc = scope; sc >= 0 && f.parent < 0; sc = a->scopes.items[sc].parent)
        if (a->scopes.items[sc].kind == SC_FUNC) f.parent = a->scopes.items[sc].fn;
    calls_fn_decorators(a, &f, at->parent, at->grand, scope);
    f.server_action = !a->py && server_action(a, n, scope);
    VEC_PUSH(&a->out->fns, f);
    int fi = (int)a->out->fns.len - 1;
    const char *t = calls_nt(n);
    bool named_def = !strcmp(t, "function_definition") || !strcmp(t, "function_declaration") ||
                     !strcmp(t, "generator_function_declaration") || calls_is(at->parent, "variable_declarator");
    if (named_def && f.name && cls < 0) calls_bind(a, f.name, scope, BK_DEF, n, ts_node_start_byte(n));
    if (f.name && cls >= 0 && (named_def || calls_is(n, "method_definition"))) {
        /* a method: self.make_llm() / this.getClient() returns what its body returns */
        buf key = {0};
        buf_printf(&key, "this.%s", f.name);
        calls_bind(a, key.data, cls, BK_DEF, n, ts_node_start_byte(n));
        buf_free(&key);
    }
    int sc = scope_new(a, SC_FUNC, scope, n);
    a->scopes.items[sc].fn = fi;
    TSNode params = calls_field(n, "parameters");
    if (ts_node_is_null(params)) params = calls_field(n, "parameter");
    if (!ts_node_is_null(params)) bind_pattern(a, params, sc, BK_PARAM, n, false, 0);
    return sc;
}

/* Records what node n declares or calls; returns the scope its children are in, or -1
 * when they need no visit. */
static int walk_node(actx *a, const walk_at *at)
{
    TSNode n = at->n;
    int scope = at->scope;
    const char *t = calls_nt(n);
    if (calls_is_function(n)) return walk_function(a, at);
    if (!strcmp(t, "class_definition") || !strcmp(t, "class_declaration") || !strcmp(t, "class")) {
        int sc = scope_new(a, SC_CLASS, scope, n);
        TSNode name = calls_field(n, "name");
        a->scopes.items[sc].cls = ts_node_is_null(name) ? xstrdup("") : calls_dup(a, name);
        a->scopes.items[sc].base_sdk = calls_base_sdk(a, n, scope);
        return sc;
    }
    if (!strcmp(t, "import_statement") || !strcmp(t, "import_from_statement")) {
        calls_bind_import(a, n, scope);
        return -1;
    }
    if (!strcmp(t, "global_statement") && a->py && scope > 0) {
        kids k;
        calls_kids(n, &k);
        for (uint32_t i = 0; i < k.n; i++) {
            if (!calls_is(k.v[i], "identifier")) continue;
            char *nm = calls_dup(a, k.v[i]);
            calls_bind(a, nm, scope, BK_GLOBAL, n, ts_node_start_byte(n));
            free(nm);
        }
        calls_kids_free(&k);
        return -1;
    }
    if (!strcmp(t, "assignment")) {
        TSNode right = calls_field(n, "right"), type = calls_field(n, "type");
        if (!ts_node_is_null(right)) {
            size_t before = a->binds.len;
            bind_target(a, calls_field(n, "left"), right, scope);
            /* agent: Pregel = (...): the annotation says what the value is when it does not */
            if (!ts_node_is_null(type) && a->binds.len == before + 1) a->binds.items[before].type = type;
        } else if (!ts_node_is_null(type) && a->scopes.items[scope].kind == SC_CLASS)
            bind_field_type(a, calls_field(n, "left"), type, scope); /* dataclass field: llm: ChatOpenAI */
    } else if (!strcmp(t, "variable_declarator")) {
        TSNode name = calls_field(n, "name"), value = calls_field(n, "value");
        if (!ts_node_is_null(value) && !calls_is_function(value) && !calls_bind_require(a, name, value, scope)) {
            size_t before = a->binds.len;
            bind_target(a, name, value, scope);
            TSNode type = calls_field(n, "type"); /* const agent: CompiledStateGraph = ... */
            if (!ts_node_is_null(type) && a->binds.len == before + 1) a->binds.items[before].type = type;
        }
    } else if (!strcmp(t, "augmented_assignment") || !strcmp(t, "augmented_assignment_expression")) {
        /* prompt += f"...{query}": the latest text appended is what the lookup sees */
        TSNode left = calls_field(n, "left");
        if (calls_is(left, "identifier")) bind_target(a, left, calls_field(n, "right"), scope);
    } else if (!strcmp(t, "named_expression")) { /* if (q := st.chat_input()): */
        bind_target(a, calls_field(n, "name"), calls_field(n, "value"), scope);
    } else if (!strcmp(t, "as_pattern") && a->py) { /* with X() as y */
        TSNode alias = calls_field(n, "alias");
        if (!ts_node_is_null(alias) && calls_nchild(alias) > 0)
            bind_target(a, calls_child(alias, 0), calls_child(n, 0), scope);
    } else if (!strcmp(t, "assignment_expression")) {
        TSNode left = calls_field(n, "left");
        int bscope = scope;
        if (calls_is(left, "identifier")) {
            /* JS: `embedder = await pipeline(...)` inside a function assigns the variable of
             * an enclosing scope (`let embedder;` at module level): bind it where it lives */
            char *nm = calls_dup(a, left);
            binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(left));
            free(nm);
            bscope = b ? b->scope : 0;
        }
        size_t nb = a->binds.len;
        bind_target(a, left, calls_field(n, "right"), bscope);
        for (size_t i = nb; i < a->binds.len; i++) a->binds.items[i].vscope = scope; /* value read here */
    } else if (!strcmp(t, "public_field_definition") || !strcmp(t, "field_definition")) {
        TSNode name = calls_field(n, "name"), value = calls_field(n, "value");
        if (ts_node_is_null(name)) name = calls_field(n, "property");
        if (ts_node_is_null(value) && a->scopes.items[scope].kind == SC_CLASS)
            bind_field_type(a, name, calls_field(n, "type"), scope); /* private llm: ChatOpenAI; */
        if (!ts_node_is_null(value) && a->scopes.items[scope].kind == SC_CLASS) {
            buf key = {0};
            buf_puts(&key, "this.");
            uint32_t len;
            const char *s = calls_text(a, name, &len);
            buf_append(&key, s, len);
            calls_bind(a, key.data, scope, BK_ASSIGN, value, ts_node_start_byte(n));
            buf_free(&key);
        }
    } else if (calls_is_call(n)) {
        candidate c = {n, scope};
        VEC_PUSH(&a->cands, c);
        instrument_check(a, n, scope);
    }
    return scope;
}

/* The one walk over the tree, in pre-order (scopes, bindings and candidates are numbered
 * in source order), with an explicit stack: no depth limit, whatever the nesting. */
static void walk(actx *a, TSNode root)
{
    VEC(walk_at) stack = {0};
    walk_at top = {.n = root, .scope = 0};
    VEC_PUSH(&stack, top);
    while (stack.len) {
        walk_at at = stack.items[--stack.len];
        int sc = walk_node(a, &at);
        if (sc < 0) continue;
        kids k;
        calls_kids(at.n, &k);
        for (uint32_t i = k.n; i-- > 0;) {
            walk_at c = {k.v[i], at.n, at.parent, sc};
            VEC_PUSH(&stack, c);
        }
        calls_kids_free(&k);
    }
    VEC_FREE(&stack);
}

/* ---- one model call --------------------------------------------------------------------- */

static TSNode method_node(TSNode call)
{
    TSNode f = calls_field(call, "function");
    if (calls_is(f, "attribute")) return calls_field(f, "attribute");
    if (calls_is(f, "member_expression")) return calls_field(f, "property");
    return ts_node_is_null(f) ? call : f;
}

/* s[0, len) with whitespace runs folded to one space, clipped at max bytes; *used: the
 * bytes of s read. */
static char *collapse(const char *s, size_t len, size_t max, size_t *used)
{
    buf b = {0};
    bool space = false;
    size_t i = 0;
    for (; i < len && b.len < max; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = b.len > 0; continue; }
        if (space) buf_putc(&b, ' ');
        space = false;
        buf_putc(&b, c);
    }
    if (used) *used = i;
    return buf_take(&b);
}

/* collapse of a piece of the file, its secrets redacted before the clip (a secret the
 * clip would cut is replaced whole). */
static char *collapse_source(const source *src, const char *s, size_t len, size_t max)
{
    size_t used;
    char *plain = collapse(s, len, max, &used);
    if (!src->secrets) return plain;
    free(plain);
    char *red = redact_source_dup(src, s, used);
    char *out = collapse(red, strlen(red), SIZE_MAX, NULL);
    free(red);
    return out;
}

static void url_text(actx *a, TSNode n, int scope, buf *out, int depth);

/* The function node a parameter binding belongs to, and its name (declared, or the
 * variable an arrow function is assigned to); NULL when anonymous. */
static char *param_fn_name(actx *a, TSNode fn)
{
    TSNode name = calls_field(fn, "name");
    if (!ts_node_is_null(name)) return calls_dup(a, name);
    TSNode p = calls_parent(fn);
    if (calls_is(p, "variable_declarator")) return calls_dup(a, calls_field(p, "name"));
    return NULL;
}

/* A parameter of a function of this file that is part of a URL (`https.request({hostname,
 * path})` in httpsPost(hostname, path, ...)): the text of what its callers in this file pass. */
static void param_url_text(actx *a, const binding *b, buf *out, int depth)
{
    if (!calls_is_function(b->value)) return;
    char *fname = param_fn_name(a, b->value);
    if (!fname) return;
    TSNode params = calls_field(b->value, "parameters");
    int idx = -1, k = 0;
    kids pk;
    calls_kids(params, &pk);
    for (uint32_t i = 0; i < pk.n && idx < 0; i++) {
        TSNode p = pk.v[i], id = p;
        if (calls_is(p, "comment")) continue;
        if (!calls_is(id, "identifier")) id = calls_field(p, "pattern");
        if (ts_node_is_null(id)) id = calls_field(p, "name");
        if (calls_is(id, "identifier") && calls_text_is(a, id, b->name)) idx = k;
        k++;
    }
    calls_kids_free(&pk);
    for (size_t i = 0; idx >= 0 && i < a->cands.len && out->len < 4096; i++) {
        TSNode call = a->cands.items[i].node;
        TSNode callee = calls_field(call, "function");
        if (!calls_is(callee, "identifier") || !calls_text_is(a, callee, fname)) continue;
        TSNode args = calls_call_args(call);
        kids ak;
        calls_kids(args, &ak);
        int pos = 0;
        for (uint32_t q = 0; q < ak.n; q++) {
            if (calls_is(ak.v[q], "comment") || calls_is(ak.v[q], "keyword_argument")) continue;
            if (pos++ == idx) url_text(a, ak.v[q], a->cands.items[i].scope, out, depth + 1);
        }
        calls_kids_free(&ak);
    }
    free(fname);
}

/* The URL parts of an options object: {hostname, path}, {url: ...}. */
static void options_url_text(actx *a, TSNode obj, int scope, buf *out, int depth)
{
    static const char *const keys[] = {"hostname", "host", "path", "url", "uri", "baseURL", "base_url", NULL};
    kids k;
    calls_kids(obj, &k);
    for (uint32_t i = 0; i < k.n; i++) {
        TSNode c = k.v[i], key = c, val = c;
        if (calls_is(c, "pair")) { key = calls_field(c, "key"); val = calls_field(c, "value"); }
        else if (!calls_is(c, "shorthand_property_identifier")) continue;
        uint32_t kl;
        const char *kt = calls_text(a, key, &kl);
        bool url = false;
        for (int q = 0; keys[q] && !url; q++) url = strlen(keys[q]) == kl && !memcmp(keys[q], kt, kl);
        if (!url) continue;
        if (calls_is(c, "shorthand_property_identifier")) { /* {hostname}: the variable hostname */
            char *nm = calls_dup(a, c);
            binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(c));
            free(nm);
            if (b && b->kind == BK_ASSIGN) url_text(a, b->value, b->vscope, out, depth + 1);
            else if (b && b->kind == BK_PARAM) param_url_text(a, b, out, depth);
        } else {
            url_text(a, val, scope, out, depth + 1);
        }
    }
    calls_kids_free(&k);
}

/* The text a URL expression can stand for: its own text plus the values bound to the
 * names and self./this. attributes inside it (url = `${this.endpoint}/...`), a few levels deep. */
static void url_text(actx *a, TSNode n, int scope, buf *out, int depth)
{
    if (ts_node_is_null(n) || depth > 4) return;
    uint32_t len;
    const char *s = calls_text(a, n, &len);
    buf_append(out, s, len);
    buf_putc(out, ' ');
    if (calls_is_call(n) && calls_is(calls_field(n, "function"), "identifier")) {
        /* url = get_api_url(model_id): what a function of the file returns */
        char *nm = calls_dup(a, calls_field(n, "function"));
        binding *fb = calls_lookup(a, nm, scope, ts_node_start_byte(n));
        free(nm);
        int fsc = fb && fb->kind == BK_DEF ? calls_scope_of(a, fb->value) : -1;
        if (fsc >= 0) url_text(a, calls_first_return(fb->value), fsc, out, depth + 1);
    }
    kids k;
    calls_kids(n, &k);
    for (uint32_t i = 0; i < k.n + 1; i++) {
        TSNode c = i < k.n ? k.v[i] : n;
        binding *b = NULL;
        if (calls_is(c, "identifier")) {
            char *nm = calls_dup(a, c);
            b = calls_lookup(a, nm, scope, ts_node_start_byte(c));
            free(nm);
        } else if (calls_is(c, "member_expression") || calls_is(c, "attribute")) {
            TSNode obj = calls_field(c, "object");
            if (calls_is(obj, "this") || (a->py && calls_text_is(a, obj, "self"))) {
                buf key = {0};
                buf_puts(&key, "this.");
                const char *p = calls_text(a, calls_field(c, a->py ? "attribute" : "property"), &len);
                buf_append(&key, p, len);
                int cls = calls_enclosing_class(a, scope);
                b = cls >= 0 ? calls_lookup(a, key.data, cls, ts_node_start_byte(c)) : NULL;
                buf_free(&key);
            }
        } else if (i < k.n && (calls_is(c, "template_substitution") || calls_is(c, "interpolation") ||
                               calls_is(c, "binary_expression") || calls_is(c, "binary_operator"))) {
            url_text(a, c, scope, out, depth + 1);
        }
        if (b && b->kind == BK_ASSIGN && !ts_node_eq(b->value, n)) url_text(a, b->value, b->vscope, out, depth + 1);
        else if (b && b->kind == BK_PARAM && depth < 4) param_url_text(a, b, out, depth);
        if (i == k.n) break;
    }
    calls_kids_free(&k);
}

/* A visible literal path on the Ollama port that is not an inference endpoint (/api/tags,
 * /api/pull, /api/ps) is not a model call. */
static bool ollama_non_inference(const calls_catalog *cat, const char *text)
{
    const char *h = strstr(text, "11434");
    if (!h) return false;
    h += 5;
    size_t n = 0;
    while (h[n] && !strchr("\"'`?{} \n$", h[n])) n++;
    if (!h[n] || !strchr("\"'`", h[n]) || n == 0) return false;  /* not a complete literal */
    for (size_t p = 0; p < cat->http_paths.len; p++)
        if (calls_memmem(h, n, cat->http_paths.items[p], strlen(cat->http_paths.items[p]))) return false;
    return true;
}

/* A URL of any host (a self-hosted or configured server: `${base}/v1/completions`,
 * "http://127.0.0.1:5000/v1/completions") whose path is a model server's inference route
 * (`model_paths` in common.yaml). The path must follow something, a host or a base, so that
 * a page calling its own route ('/v1/chat/completions' alone) is not taken for one. */
/* True when the path at h follows a host or a base: not at the start of a literal, or at the
 * start of a literal appended to a base (`BASE + "/v1/chat/completions"`). */
static bool after_base(const char *text, const char *h)
{
    if (h == text) return false;
    if (!strchr("\"'`", h[-1])) return true;
    const char *q = h - 1;
    while (q > text && q[-1] == ' ') q--;
    return q > text && q[-1] == '+';
}

static char *model_path_target(const calls_catalog *cat, const char *text)
{
    for (size_t p = 0; p < cat->model_paths.len; p++) {
        const char *mp = cat->model_paths.items[p];
        for (const char *h = strstr(text, mp); h; h = strstr(h + 1, mp)) {
            if (!after_base(text, h)) continue;
            const char *s = h;
            while (s > text && !strchr("\"'` \n", s[-1])) s--;
            size_t n = (size_t)(h - s) + strlen(mp);
            return xstrndup(s, n);
        }
    }
    return NULL;
}

/* Ollama's native inference routes on a base that the URL's text names as Ollama (an
 * `OLLAMA_*` setting or variable, the Ollama port): `f"http://{ollama_host}:{port}/api/chat"`,
 * `settings.OLLAMA_URL + "/api/generate"`. */
static char *ollama_target(const char *text)
{
    static const char *const routes[] = {"/api/chat", "/api/generate", "/api/embed", NULL};
    if (!strstr(text, "ollama") && !strstr(text, "Ollama") && !strstr(text, "OLLAMA") && !strstr(text, "11434")) return NULL;
    for (int i = 0; routes[i]; i++)
        for (const char *h = strstr(text, routes[i]); h; h = strstr(h + 1, routes[i]))
            if (after_base(text, h)) return xstrdup(routes[i] + 1);
    return NULL;
}

/* A literal that ends at the host's root or its API version ("/", "/v1/") and is continued by
 * concatenation: the path is computed, so the URL is judged like `https://host/${path}`. */
static bool dynamic_path(const char *path, const char *end)
{
    size_t n = (size_t)(end - path);
    bool root = n == 0 || (n == 1 && path[0] == '/') || (n == 4 && !strncmp(path, "/v1/", 4));
    if (!root) return false;
    const char *q = end + 1; /* past the closing quote */
    while (*q == ' ' || *q == '\n' || *q == '\t') q++;
    return *q == '+';
}

char *calls_http_target_text(const calls_catalog *cat, const char *text)
{
    char *found = NULL;
    for (size_t i = 0; i < cat->sdks.len && !found && text; i++) {
        const cat_sdk *s = &cat->sdks.items[i];
        for (size_t k = 0; k < s->hosts.len && !found; k++) {
            for (const char *h = strstr(text, s->hosts.items[k]); h && !found; h = strstr(h + 1, s->hosts.items[k])) {
                size_t n = 0;
                while (h[n] && !strchr("\"'`?{} \n$", h[n])) n++;
                bool literal_end = h[n] && strchr("\"'`", h[n]);
                bool inference = false;
                for (size_t p = 0; p < cat->http_paths.len && !inference; p++)
                    inference = calls_memmem(h, n, cat->http_paths.items[p], strlen(cat->http_paths.items[p])) != NULL;
                /* a literal path without an inference endpoint (/v1/models) is not a model call;
                 * a base URL completed elsewhere (`${this.endpoint}/${model}:generateContent`) is
                 * judged on the whole expression */
                bool built = strstr(text, "${") || strstr(text, "{") || strstr(text, " + ");
                if (!inference && literal_end && built)
                    for (size_t p = 0; p < cat->http_paths.len && !inference; p++)
                        inference = strstr(text, cat->http_paths.items[p]) != NULL;
                /* "https://api.openai.com/" + endpoint: the path is all built, as in a template */
                if (!inference && literal_end && dynamic_path(h + strlen(s->hosts.items[k]), h + n)) literal_end = false;
                if (inference || !literal_end) found = xstrndup(h, n);
            }
        }
    }
    if (!found && text && (strstr(text, "localhost:11434") || strstr(text, "127.0.0.1:11434")) &&
        !ollama_non_inference(cat, text))
        found = xstrdup("localhost:11434");
    if (!found && text) found = model_path_target(cat, text);
    if (!found && text) found = ollama_target(text);
    return found;
}

/* The names of a URL expression whose value another module defines (an imported constant,
 * `settings.OLLAMA_URL`): refs for calls_finish. (Values of this file, env defaults
 * included, are already in the URL's text: url_text follows the bindings.) */
static void url_refs(actx *a, TSNode n, int scope, pfacts *out, int depth)
{
    if (ts_node_is_null(n) || depth > 4 || out->len >= 4) return;
    if (calls_is(n, "identifier") || calls_is(n, "attribute") || calls_is(n, "member_expression")) {
        pfact f = {0};
        calls_config_ref(a, n, scope, &f);
        if (f.ref_name || f.resolved) {
            f.name = xstrdup("url");
            VEC_PUSH(out, f);
            return;
        }
        free(f.resolved); free(f.ref_src); free(f.ref_name);
        if (calls_is(n, "identifier")) { /* url = f"{BASE}/api/chat" */
            char *nm = calls_dup(a, n);
            binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(n));
            free(nm);
            if (b && b->kind == BK_ASSIGN && !b->destructured && !ts_node_eq(b->value, n))
                url_refs(a, b->value, b->vscope, out, depth + 1);
        }
        return;
    }
    kids k;
    calls_kids(n, &k);
    for (uint32_t i = 0; i < k.n; i++) url_refs(a, k.v[i], scope, out, depth + 1);
    calls_kids_free(&k);
}

/* Raw HTTP: the URL (argument, url=, or the client's base URL) must name a provider host.
 * NULL with *pending set: the URL names another module's value (rc->url_refs), decided in
 * calls_finish. */
static char *http_target(actx *a, TSNode call, int scope, raw_call *rc)
{
    TSNode args = calls_call_args(call);
    buf text = {0};
    uint32_t nc = ts_node_is_null(args) ? 0 : calls_nchild(args);
    for (uint32_t i = 0; i < nc && i < 2; i++) {
        TSNode c = calls_child(args, i);
        if (calls_is(c, "keyword_argument")) c = calls_field(c, "value");
        if (calls_is(c, "object")) { options_url_text(a, c, scope, &text, 0); continue; } /* {hostname, path} */
        if (calls_is(c, "dictionary")) continue; /* a body */
        url_text(a, c, scope, &text, 0);
        url_refs(a, c, scope, &rc->url_refs, 0);
    }
    if (rc->has_obj)
        for (size_t i = 0; i < rc->obj.params.len; i++)
            if (rc->obj.params.items[i].str) { buf_puts(&text, rc->obj.params.items[i].str); buf_putc(&text, ' '); }
    char *found = text.data ? calls_http_target_text(a->cat, text.data) : NULL;
    bool refs = false;
    for (size_t i = 0; i < rc->url_refs.len; i++) refs |= rc->url_refs.items[i].ref_name != NULL;
    if (!found && refs) rc->url_text = buf_take(&text);
    buf_free(&text);
    return found;
}

/* A graph invoked (LangGraph: an SDK whose builder methods add_node / addNode return the
 * graph) runs the model its nodes call: the model id of the first model call made in a node
 * function of this file registered with add_node(name, fn), for a graph whose own
 * configuration names none. */
static void graph_node_model(actx *a, raw_call *rc)
{
    const cat_sdk *s = &a->cat->sdks.items[rc->obj.sdk];
    if (!calls_strv_has(&s->passthrough, "add_node") && !calls_strv_has(&s->passthrough, "addNode")) return;
    if (!s->params[P_MODEL].len || calls_pfacts_find(&rc->obj.params, &s->params[P_MODEL])) return;
    for (size_t i = 0; i < a->cands.len; i++) {
        TSNode f = calls_field(a->cands.items[i].node, "function");
        TSNode prop = calls_field(f, a->py ? "attribute" : "property");
        if (ts_node_is_null(prop) || (!calls_text_is(a, prop, "add_node") && !calls_text_is(a, prop, "addNode"))) continue;
        kids k;
        calls_kids(calls_call_args(a->cands.items[i].node), &k);
        for (uint32_t q = 0; q < k.n; q++) {
            if (!calls_is(k.v[q], "identifier")) continue;
            char *nm = calls_dup(a, k.v[q]);
            binding *b = calls_lookup(a, nm, a->cands.items[i].scope, ts_node_start_byte(k.v[q]));
            free(nm);
            if (!b || b->kind != BK_DEF) continue;
            for (size_t c = 0; c < a->out->calls.len; c++) {
                const raw_call *mc = &a->out->calls.items[c];
                int fn = mc->fn;
                bool inside = false;
                for (; fn >= 0 && !inside; fn = a->out->fns.items[fn].parent)
                    inside = a->out->fns.items[fn].start == ts_node_start_byte(b->value);
                if (!inside || mc->sdk < 0) continue;
                const pfact *m = calls_pfacts_find(&mc->params, &a->cat->sdks.items[mc->sdk].params[P_MODEL]);
                if (!m && mc->has_obj) m = calls_pfacts_find(&mc->obj.params, &a->cat->sdks.items[mc->sdk].params[P_MODEL]);
                if (!m) continue;
                pfact g = *m; /* a copy: every string duplicated below */
                g.name = xstrdup(s->params[P_MODEL].items[0]);
                g.str = m->str ? xstrdup(m->str) : NULL;
                g.resolved = m->resolved ? xstrdup(m->resolved) : NULL;
                g.ref_src = m->ref_src ? xstrdup(m->ref_src) : NULL;
                g.ref_name = m->ref_name ? xstrdup(m->ref_name) : NULL;
                VEC_PUSH(&rc->obj.params, g);
                calls_kids_free(&k);
                return;
            }
        }
        calls_kids_free(&k);
    }
}

void calls_make_call(actx *a, TSNode call, int scope, const walk_out *w, int sdk, const cat_path *cp, bool medium)
{
    raw_call rc = {0};
    TSNode m = method_node(call);
    rc.line = calls_line(m);
    rc.col = calls_col(m);
    rc.lang = a->src->lang;
    rc.sdk = sdk;
    rc.api = xstrdup(cp ? cp->path : w->pend_rest ? w->pend_rest : "?");
    rc.kind = cp ? cp->kind : CK_CHAT;
    rc.cat_validated = cp ? cp->validated : VAL_FALSE;
    rc.medium = medium;
    rc.pend_param = -1;
    rc.medium_sdk = -1;
    rc.pend_fn = -1;
    if (sdk < 0 && w->pend_param >= 0 && !w->pend_module) {
        rc.pend_param = w->pend_param;
        rc.pend_fn = w->pend_fn;
    }
    if (sdk < 0) {
        rc.pend_module = dup0(w->pend_module);
        rc.pend_name = dup0(w->pend_name);
        rc.pend_rest = dup0(w->pend_rest);
        rc.pend_relative = w->pend_relative;
    }
    if (w->call_obj >= 0) {
        rc.has_obj = true;
        calls_objfacts_copy(&rc.obj, &a->objs.items[w->call_obj]);
        if (rc.obj.typed) rc.medium = true; /* the client's configuration is not visible here */
        graph_node_model(a, &rc);
    }
    TSNode args = calls_call_args(call);
    if (!ts_node_is_null(args)) calls_collect_params(a, args, scope, &rc.params, &rc.kwargs_splat, 0);
    if (sdk >= 0 && a->cat->sdks.items[sdk].http) {
        char *target = http_target(a, call, scope, &rc);
        if (!target && rc.url_text) {
            target = xstrdup("?"); /* the URL is another module's: decided in calls_finish */
        } else if (!target) {
            calls_pfacts_free(&rc.url_refs);
            free(rc.api);
            calls_pfacts_free(&rc.params);
            calls_objfacts_free(&rc.obj);
            calls_record_fn_call(a, call, scope);
            return;
        }
        free(rc.api);
        rc.api = target;
        if (strstr(target, "embed") || strstr(target, "rerank")) rc.kind = CK_EMBED;
        else if (strstr(target, "images")) rc.kind = CK_IMAGE;
    }
    calls_judge_context(a, &rc, call, scope);
    calls_call_prompt(a, &rc, call, scope);
    calls_judge_context_bound(a, &rc);
    calls_flow(a, call, scope, &rc.sinks, &rc.returns_taint, &rc.post_validated, &rc.post_validated_line,
               &rc.post_validated_by);
    if (!a->py) calls_flow_callbacks(a, call, &rc.sinks);
    const strv *tele = sdk >= 0 ? &a->cat->sdks.items[sdk].params[P_TELEMETRY] : NULL;
    if (tele && tele->len && calls_pfacts_find(&rc.params, tele)) {
        for (size_t i = 0; i < rc.params.len; i++)
            if (!strcmp(rc.params.items[i].name, "isEnabled") && rc.params.items[i].vk != VK_FALSE &&
                rc.params.items[i].vk != VK_NONE && rc.params.items[i].vk != VK_ZERO)
                rc.telemetry_on = true; /* isEnabled: isProduction counts: on where it matters */
    }
    uint32_t len;
    const char *s = calls_text(a, call, &len);
    rc.snippet = collapse_source(a->src, s, len, 160);
    size_t ll;
    const char *lt = source_line_text(a->src, rc.line, &ll);
    rc.line_text = collapse_source(a->src, lt, ll, 200);
    VEC_PUSH(&a->out->calls, rc);
}

/* ---- entry points ------------------------------------------------------------------ */

static calls_file *file_new(const source *src)
{
    calls_file *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(src->path ? src->path : "");
    f->lang = src->lang;
    return f;
}

static void env_scan(const calls_catalog *cat, const source *src, calls_file *f)
{
    for (size_t i = 0; i < cat->env.len; i++) {
        const cat_env *e = &cat->env.items[i];
        if (e->keyword[0] && !calls_memmem(src->text, src->len, e->keyword, strlen(e->keyword))) continue;
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(e->re, NULL);
        int rc = pcre2_match(e->re, (PCRE2_SPTR)src->text, src->len, 0, 0, md, NULL);
        if (rc >= 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            instr_hit h = {xstrdup(e->what), source_line_of(src, ov[0]), {0}};
            for (size_t k = 0; k < e->covers.len; k++) VEC_PUSH(&h.covers, xstrdup(e->covers.items[k]));
            VEC_PUSH(&f->instr, h);
        }
        pcre2_match_data_free(md);
    }
}

calls_file *calls_analyze_text(const calls_catalog *cat, const source *src)
{
    calls_file *f = file_new(src);
    /* a switch in an example env file, the docs or a fixture turns nothing on (LABELLING.md:
     * tracing that waits for someone to set a variable is not tracing) */
    provenance_info pv = provenance_of_path(src->path);
    if (src->text && (pv.kind == PROV_CODE || pv.kind == PROV_CONFIG)) env_scan(cat, src, f);
    if (src->text) calls_access_text(cat, src, f);
    return f;
}

/* A file without any of these words cannot hold a call site we would report (every
 * resolved call needs an import, a global like fetch, or an unmistakable method name);
 * skipping the walk keeps the analysis cheap on large repositories. */
static bool worth_walking(const source *src)
{
    /* a Next.js middleware.ts may only re-export: `export { auth as middleware } from "@/auth"` */
    const char *base = src->path ? strrchr(src->path, '/') : NULL;
    base = base ? base + 1 : src->path ? src->path : "";
    if (!strncmp(base, "middleware.", 11) || !strncmp(base, "proxy.", 6)) return true;
    /* "export": a barrel that only re-exports (`export { client } from './c'`) */
    static const char *const words[] = {"import", "require", "fetch", "complet", "messages", "generate",
                                        "invoke", "chat", "export", NULL};
    for (int i = 0; words[i]; i++)
        if (calls_memmem(src->text, src->len, words[i], strlen(words[i]))) return true;
    return false;
}

bool calls_wants_tree(const source *src)
{
    return src->text && worth_walking(src);
}

/* Says which limits cut this file's analysis short (once each). */
static void note_cuts(actx *a)
{
    if (a->cut & CUT_EVAL)
        bounds_note(&a->out->notes, "model-call analysis truncated at depth %d (line %u): an expression or a chain of "
                    "assignments nests deeper; objects beyond it were not resolved", BOUNDS_EVAL_DEPTH, a->cut_line);
    if (a->cut & CUT_TIME)
        bounds_note(&a->out->notes, "model-call analysis stopped at line %u at the per-file time limit "
                    "(--file-timeout); the rest of the file was not analysed", a->cut_time_line);
    if (a->cut & CUT_CALLS)
        bounds_note(&a->out->notes, "model-call analysis stopped at line %u: the file has more than %d model calls; "
                    "the rest were not analysed", a->cut_calls_line, BOUNDS_CALLS_PER_FILE);
}

void calls_file_take_notes(calls_file *f, bounds_notes *out)
{
    if (f) bounds_notes_move(out, &f->notes);
}

const char *calls_file_path(const calls_file *f) { return f ? f->path : ""; }

/* Whether the deadline has passed; the first time, remembers where the analysis was. */
static bool out_of_time(actx *a, uint64_t deadline, TSNode at)
{
    if (a->cut & CUT_TIME) return true;
    if (!bounds_expired(deadline)) return false;
    a->cut |= CUT_TIME;
    a->cut_time_line = calls_line(at);
    return true;
}

/* Exports name as an alias when value is another module's export. */
static void export_alias(actx *a, calls_file *f, const char *name, TSNode value, int scope)
{
    alias_ref r = {0};
    if (!calls_alias_of(a, value, scope, &r, 0)) return;
    export_obj e = {xstrdup(name), {0}, r.src, r.name};
    e.obj.sdk = e.obj.def_sdk = -1;
    VEC_PUSH(&f->exports, e);
    free(r.pre); /* the export stands for the handle; its derivation's evidence is not kept */
}

/* A module-level function whose value is another module's export: `def get(): return make()`
 * (the call `get()` stands for what make() returns). */
static void export_fn_alias(actx *a, calls_file *f, const char *name, TSNode fn)
{
    alias_ref r = {0};
    if (!calls_alias_of_fn(a, fn, &r)) return;
    export_obj e = {xstrdup(name), {0}, r.src, r.name};
    e.obj.sdk = e.obj.def_sdk = -1;
    VEC_PUSH(&f->exports, e);
    free(r.pre); /* the export stands for the handle; its derivation's evidence is not kept */
}

/* Exports name as the object value evaluates to, else as an alias when it is another
 * module's export. */
static void export_value(actx *a, calls_file *f, const char *name, TSNode value, int scope)
{
    uint8_t res;
    int o = calls_eval_object(a, value, scope, &res);
    if (o < 0) { export_alias(a, f, name, value, scope); return; }
    export_obj e = {xstrdup(name), {0}, NULL, NULL};
    calls_objfacts_copy(&e.obj, &a->objs.items[o]);
    VEC_PUSH(&f->exports, e);
}

static void export_reexport(calls_file *f, const char *name, const char *src, const char *orig)
{
    export_obj e = {xstrdup(name), {0}, xstrdup(src), orig ? xstrdup(orig) : NULL};
    e.obj.sdk = e.obj.def_sdk = -1;
    VEC_PUSH(&f->exports, e);
}

/* JS exports beyond `export const x = ...` (a binding like any other): `export default
 * client` / `export default new OpenAI()`, `export { client } from './c'` and `export * from
 * './c'` (re-exports: "*" stands for every name of the source), CommonJS `module.exports =
 * client`, `module.exports = { client }`, `exports.client = ...`. */
static void js_exports(actx *a, calls_file *f, TSNode root)
{
    kids k;
    calls_kids(root, &k);
    for (uint32_t i = 0; i < k.n; i++) {
        TSNode n = k.v[i];
        if (calls_is(n, "export_statement")) {
            TSNode value = calls_field(n, "value"), from = calls_field(n, "source");
            if (!ts_node_is_null(value)) { export_value(a, f, "default", value, 0); continue; }
            if (ts_node_is_null(from)) continue;
            char *src = calls_string_literal(a, from);
            if (!src) continue;
            bool clause = false;
            kids c;
            calls_kids(n, &c);
            for (uint32_t q = 0; q < c.n; q++) {
                if (!calls_is(c.v[q], "export_clause")) continue;
                clause = true;
                kids sp;
                calls_kids(c.v[q], &sp);
                for (uint32_t r = 0; r < sp.n; r++) {
                    if (!calls_is(sp.v[r], "export_specifier")) continue;
                    TSNode nm = calls_field(sp.v[r], "name"), al = calls_field(sp.v[r], "alias");
                    char *orig = calls_dup(a, nm), *as = ts_node_is_null(al) ? xstrdup(orig) : calls_dup(a, al);
                    export_reexport(f, as, src, orig);
                    free(orig);
                    free(as);
                }
                calls_kids_free(&sp);
            }
            calls_kids_free(&c);
            if (!clause) export_reexport(f, "*", src, NULL); /* export * from './c' */
            free(src);
            continue;
        }
        if (!calls_is(n, "expression_statement")) continue;
        TSNode as = calls_child(n, 0);
        if (!calls_is(as, "assignment_expression")) continue;
        TSNode left = calls_field(as, "left"), right = calls_field(as, "right");
        uint32_t ll;
        const char *lt = calls_text(a, left, &ll);
        if (ll == 14 && !memcmp(lt, "module.exports", 14)) {
            if (!calls_is(right, "object")) { export_value(a, f, "default", right, 0); continue; }
            kids pk;
            calls_kids(right, &pk);
            for (uint32_t q = 0; q < pk.n; q++) {
                TSNode c = pk.v[q];
                if (calls_is(c, "shorthand_property_identifier")) {
                    char *nm = calls_dup(a, c);
                    export_value(a, f, nm, c, 0);
                    free(nm);
                } else if (calls_is(c, "pair")) {
                    char *nm = calls_dup(a, calls_field(c, "key"));
                    export_value(a, f, nm, calls_field(c, "value"), 0);
                    free(nm);
                }
            }
            calls_kids_free(&pk);
        } else if (calls_is(left, "member_expression") &&
                   ((ll > 8 && !memcmp(lt, "exports.", 8)) || (ll > 15 && !memcmp(lt, "module.exports.", 15)))) {
            char *nm = calls_dup(a, calls_field(left, "property"));
            export_value(a, f, nm, right, 0);
            free(nm);
        }
    }
    calls_kids_free(&k);
}

static void const_add(calls_file *f, const char *name, char *value, char *cls, uint32_t line)
{
    const_str c = {xstrdup(name), value, cls, line};
    VEC_PUSH(&f->consts, c);
}

/* The class of this file that `v` instantiates (settings = Settings()), or NULL. */
static char *local_class_of(actx *a, TSNode v)
{
    while (calls_is(v, "await") || calls_is(v, "await_expression")) v = calls_child(v, 0);
    if (!calls_is_call(v)) return NULL;
    TSNode f = calls_field(v, calls_is(v, "new_expression") ? "constructor" : "function");
    if (!calls_is(f, "identifier")) return NULL;
    for (size_t i = 0; i < a->scopes.len; i++) {
        const scope_t *sc = &a->scopes.items[i];
        if (sc->kind == SC_CLASS && sc->cls && sc->parent == 0 && calls_text_is(a, f, sc->cls)) return xstrdup(sc->cls);
    }
    return NULL;
}

/* Strings other files' configured values may name (calls_file.consts): module-level names
 * bound to a literal or an env default, class attributes of module-level classes
 * ("Config.MODEL", pydantic settings fields), keys of a module-level object literal
 * ("config.model"), and module-level instances of the file's classes. */
void calls_collect_consts(actx *a, calls_file *f)
{
    for (size_t i = 0; i < a->binds.len; i++) {
        const binding *b = &a->binds.items[i];
        if (b->kind != BK_ASSIGN || b->destructured || ts_node_is_null(b->value)) continue;
        const scope_t *sc = &a->scopes.items[b->scope];
        buf nm = {0};
        if (b->scope == 0 && strncmp(b->name, "this.", 5) != 0) {
            buf_puts(&nm, b->name);
        } else if (sc->kind == SC_CLASS && sc->parent == 0 && sc->cls && sc->cls[0]) {
            buf_printf(&nm, "%s.%s", sc->cls, strncmp(b->name, "this.", 5) ? b->name : b->name + 5);
        } else {
            continue;
        }
        char *v = calls_config_literal(a, b->value);
        if (v) {
            const_add(f, nm.data, v, NULL, calls_line(b->value));
        } else if (b->scope == 0 && (v = local_class_of(a, b->value))) {
            const_add(f, nm.data, NULL, v, calls_line(b->value));
        } else if (b->scope == 0 && calls_is(b->value, "object")) { /* export const config = {model: "x"} */
            kids k;
            calls_kids(b->value, &k);
            for (uint32_t q = 0; q < k.n; q++) {
                if (!calls_is(k.v[q], "pair")) continue;
                char *pv = calls_config_literal(a, calls_field(k.v[q], "value"));
                if (!pv) continue;
                TSNode key = calls_field(k.v[q], "key");
                char *ks = calls_string_literal(a, key);
                if (!ks) ks = calls_dup(a, key);
                buf kn = {0};
                buf_printf(&kn, "%s.%s", nm.data, ks);
                const_add(f, kn.data, pv, NULL, calls_line(key));
                buf_free(&kn);
                free(ks);
            }
            calls_kids_free(&k);
        }
        buf_free(&nm);
    }
}

/* `def bootstrap(): ...; return store, memory, qa`: each element that is an object is
 * exported as "bootstrap()#<index>" for `store, memory, qa = bootstrap()` in other files. */
static void export_tuple_return(actx *a, calls_file *f, const char *name, TSNode fn)
{
    if (!a->py) return;
    TSNode r = calls_first_return(fn);
    if (calls_is(r, "parenthesized_expression")) r = calls_child(r, 0);
    if (!calls_is(r, "expression_list") && !calls_is(r, "tuple")) return;
    int sc = calls_scope_of(a, fn);
    if (sc < 0) return;
    uint32_t n = calls_nchild(r);
    for (uint32_t k = 0; k < n && k < 16; k++) {
        uint8_t res;
        int o = calls_eval_object(a, calls_child(r, k), sc, &res);
        if (o < 0) continue;
        buf nm = {0};
        buf_printf(&nm, "%s()#%u", name, k);
        export_obj e = {buf_take(&nm), {0}, NULL, NULL};
        calls_objfacts_copy(&e.obj, &a->objs.items[o]);
        VEC_PUSH(&f->exports, e);
    }
}

calls_file *calls_analyze(const calls_catalog *cat, const source *src, const TSTree *tree)
{
    return calls_analyze_until(cat, src, tree, 0);
}

calls_file *calls_analyze_until(const calls_catalog *cat, const source *src, const TSTree *tree, uint64_t deadline)
{
    calls_file *f = file_new(src);
    if (!src->text) return f;
    env_scan(cat, src, f);
    calls_access_text(cat, src, f);
    if (!tree || !worth_walking(src)) return f;
    f->debug_line = calls_debug_logging_line(src);
    actx a = {.cat = cat, .src = src, .out = f, .py = src->lang == LANG_PYTHON};
    TSNode root = ts_tree_root_node(tree);
    scope_new(&a, SC_MODULE, -1, root);
    walk(&a, root);
    for (size_t i = 0; i < a.cands.len; i++) {
        if (a.out->calls.len >= BOUNDS_CALLS_PER_FILE) { /* the rest would cost time and memory */
            a.cut |= CUT_CALLS;
            a.cut_calls_line = calls_line(a.cands.items[i].node);
            break;
        }
        if (out_of_time(&a, deadline, a.cands.items[i].node)) break;
        calls_resolve_candidate(&a, &a.cands.items[i]);
    }
    /* Calls to repository functions last: by now it is known which local functions make a
     * model call, and only calls to those (or to other files) need their costly facts. */
    for (size_t i = 0; i < a.deferred.len && !out_of_time(&a, deadline, a.deferred.items[i].node); i++)
        calls_record_fn_call(&a, a.deferred.items[i].node, a.deferred.items[i].scope);
    VEC_FREE(&a.deferred);
    if (!out_of_time(&a, deadline, root)) calls_access_scan(&a, root); /* web handlers (item 32) */
    if (!out_of_time(&a, deadline, root)) calls_client_scan(&a, root); /* client raw-HTML rendering */
    /* Module-level SDK objects are exported for other files (`from .llm import client`). */
    for (size_t i = 0; i < a.binds.len; i++) {
        binding *b = &a.binds.items[i];
        if (b->scope != 0 || b->kind != BK_ASSIGN || (b->destructured && b->elem < 0)) continue;
        uint8_t res;
        int o = calls_eval_binding(&a, b, &res);
        if (o < 0 && a.binds.items[i].destructured) continue;
        if (o < 0) {
            export_alias(&a, f, a.binds.items[i].name, a.binds.items[i].value, a.binds.items[i].vscope);
            continue;
        }
        export_obj e = {xstrdup(a.binds.items[i].name), {0}, NULL, NULL};
        calls_objfacts_copy(&e.obj, &a.objs.items[o]);
        VEC_PUSH(&f->exports, e);
    }
    if (!a.py) js_exports(&a, f, root);
    calls_collect_consts(&a, f);
    /* Names imported from repository modules are re-exported (`from .llm import client` in a
     * package __init__.py; a module importing a client that others import from it). */
    for (size_t i = 0; i < a.binds.len; i++) {
        binding *b = &a.binds.items[i];
        if (b->scope != 0 || b->kind != BK_IMPORT || !b->imp_source || calls_path_is_sdk_module(&a, b->module)) continue;
        export_obj e = {xstrdup(b->name), {0}, xstrdup(b->imp_source), xstrdup(b->imp_name ? b->imp_name : "default")};
        e.obj.sdk = e.obj.def_sdk = -1;
        VEC_PUSH(&f->exports, e);
    }
    /* Attributes of classes holding an object (self.client = OpenAI(), or a client another
     * module makes) as "Class.attr": a parameter bound to an instance of the class reaches
     * the object through it. */
    for (size_t i = 0; i < a.binds.len; i++) {
        binding *b = &a.binds.items[i];
        if (b->kind != BK_ASSIGN || b->destructured || strncmp(b->name, "this.", 5) != 0) continue;
        const scope_t *cs = &a.scopes.items[b->scope];
        if (cs->kind != SC_CLASS || !cs->cls || !cs->cls[0] || a.scopes.items[cs->parent < 0 ? 0 : cs->parent].kind != SC_MODULE)
            continue;
        buf nm = {0};
        buf_printf(&nm, "%s.%s", cs->cls, b->name + 5);
        bool dup = false;
        for (size_t k = 0; k < f->exports.len && !dup; k++) dup = !strcmp(f->exports.items[k].name, nm.data);
        uint8_t res;
        int o = dup ? -1 : calls_eval_object(&a, b->value, b->vscope, &res);
        if (o >= 0) {
            export_obj e = {buf_take(&nm), {0}, NULL, NULL};
            calls_objfacts_copy(&e.obj, &a.objs.items[o]);
            VEC_PUSH(&f->exports, e);
        } else if (!dup) {
            export_alias(&a, f, nm.data, b->value, b->vscope);
        }
        buf_free(&nm);
    }
    /* ... and functions that return one (`def get_llm(): return ChatOpenAI()`), as "name()". */
    for (size_t i = 0; i < a.binds.len; i++) {
        if (a.binds.items[i].scope != 0 || a.binds.items[i].kind != BK_DEF) continue;
        int o = calls_fn_returns_obj(&a, &a.binds.items[i]);
        buf nm = {0};
        buf_printf(&nm, "%s()", a.binds.items[i].name);
        if (o < 0) { /* def get(): return make_client() with make_client imported */
            TSNode call = a.binds.items[i].value;
            export_fn_alias(&a, f, nm.data, call);
            export_tuple_return(&a, f, a.binds.items[i].name, call);
            buf_free(&nm);
            continue;
        }
        export_obj e = {buf_take(&nm), {0}, NULL, NULL};
        calls_objfacts_copy(&e.obj, &a.objs.items[o]);
        VEC_PUSH(&f->exports, e);
    }
    for (size_t i = 0; i < a.binds.len; i++) {
        free(a.binds.items[i].name);
        free(a.binds.items[i].module);
        free(a.binds.items[i].imp_source);
        free(a.binds.items[i].imp_name);
    }
    VEC_FREE(&a.binds);
    free(a.heads);
    for (size_t i = 0; i < a.scopes.len; i++) {
        free(a.scopes.items[i].cls);
        free(a.scopes.items[i].log_by);
        calls_flow_cache_free(a.scopes.items[i].flow);
    }
    VEC_FREE(&a.scopes);
    VEC_FREE(&a.cands);
    for (size_t i = 0; i < a.objs.len; i++) calls_objfacts_free(&a.objs.items[i]);
    VEC_FREE(&a.objs);
    VEC_FREE(&a.log_at);
    note_cuts(&a);
    return f;
}

void calls_file_free(calls_file *f)
{
    if (!f) return;
    free(f->path);
    for (size_t i = 0; i < f->calls.len; i++) {
        raw_call *c = &f->calls.items[i];
        free(c->api); free(c->pend_module); free(c->pend_name); free(c->pend_rest);
        calls_pfacts_free(&c->params);
        calls_objfacts_free(&c->obj);
        free(c->retry_by); free(c->timeout_by); free(c->logged_by); free(c->post_validated_by);
        calls_sinks_free(&c->sinks);
        free(c->snippet); free(c->line_text);
        free(c->url_text);
        calls_pfacts_free(&c->url_refs);
    }
    VEC_FREE(&f->calls);
    for (size_t i = 0; i < f->fns.len; i++) {
        fn_def *d = &f->fns.items[i];
        free(d->name); free(d->cls); free(d->retry_by); free(d->timeout_by); free(d->trace_by); free(d->log_by);
    }
    VEC_FREE(&f->fns);
    for (size_t i = 0; i < f->fcalls.len; i++) {
        fn_callsite *c = &f->fcalls.items[i];
        free(c->callee); free(c->module); free(c->cls);
        calls_sinks_free(&c->cond_sinks);
        for (int k = 0; k < CALLS_MAX_ARG_OBJS; k++) {
            if (c->arg_objs[k]) { calls_objfacts_free(c->arg_objs[k]); free(c->arg_objs[k]); }
            free(c->arg_imp_src[k]);
            free(c->arg_imp_name[k]);
        }
    }
    VEC_FREE(&f->fcalls);
    for (size_t i = 0; i < f->exports.len; i++) {
        free(f->exports.items[i].name);
        free(f->exports.items[i].alias_src);
        free(f->exports.items[i].alias_name);
        calls_objfacts_free(&f->exports.items[i].obj);
    }
    VEC_FREE(&f->exports);
    for (size_t i = 0; i < f->consts.len; i++) {
        free(f->consts.items[i].name);
        free(f->consts.items[i].value);
        free(f->consts.items[i].cls);
    }
    VEC_FREE(&f->consts);
    for (size_t i = 0; i < f->instr.len; i++) {
        free(f->instr.items[i].what);
        for (size_t k = 0; k < f->instr.items[i].covers.len; k++) free(f->instr.items[i].covers.items[k]);
        VEC_FREE(&f->instr.items[i].covers);
    }
    VEC_FREE(&f->instr);
    free(f->exporter_by);
    bounds_notes_free(&f->notes);
    calls_access_file_free(&f->web);
    free(f);
}
