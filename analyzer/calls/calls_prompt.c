/* calls_prompt: where a call's prompt text comes from (inline, a file, a registry) and whether
 * request or user data reaches it, followed through assignments, containers the function
 * appends to, loop variables, helper calls and (in calls_repo.c) callers in other files. */
#include "calls_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- prompt source ------------------------------------------------------------------- */

/* Limits of one top-level trace: binding hops, nodes visited, nesting of the recursion. */
#define PROMPT_HOPS 12
#define PROMPT_NODES 6000
#define PROMPT_NEST 160

static bool user_prefix(actx *a, const char *tmp)
{
    for (size_t i = 0; i < a->cat->user_prefixes.len; i++) {
        const char *p = a->cat->user_prefixes.items[i];
        if (p[0] == tmp[0] && strncmp(tmp, p, strlen(p)) == 0) return true;
    }
    return false;
}

/* The text of n without whitespace, clipped to the buffer. */
static void squeeze(actx *a, TSNode n, char *tmp, size_t cap)
{
    uint32_t len;
    const char *s = calls_text(a, n, &len);
    size_t k = 0;
    for (uint32_t i = 0; i < len && k < cap - 1; i++)
        if (!isspace((unsigned char)s[i])) tmp[k++] = s[i];
    tmp[k] = '\0';
}

static bool user_text(actx *a, TSNode n)
{
    char tmp[96];
    squeeze(a, n, tmp, sizeof tmp);
    return tmp[0] && user_prefix(a, tmp);
}

/* asyncio.to_thread(input, "You: "), loop.run_in_executor(None, input): the function passed
 * to a value invoker is called there, so `input` reads the user as `input(` would. */
static bool invoked_user_fn(actx *a, TSNode call, const char *canon)
{
    if (!calls_strv_glob(&a->cat->value_invokers, canon)) return false;
    TSNode args = calls_call_args(call);
    uint32_t nc = ts_node_is_null(args) ? 0 : calls_nchild(args);
    for (uint32_t i = 0; i < nc && i < 3; i++) {
        TSNode c = calls_child(args, i);
        if (!calls_is(c, "identifier") && !calls_is(c, "attribute") && !calls_is(c, "member_expression")) continue;
        char tmp[96];
        squeeze(a, c, tmp, sizeof tmp - 1);
        strcat(tmp, "(");
        if (user_prefix(a, tmp)) return true;
    }
    return false;
}

static void better(uint8_t *ps, uint32_t *line, uint8_t cand, uint32_t cline)
{
    if (cand > *ps) { *ps = cand; *line = cline; }
}

static bool skip_key(actx *a, TSNode pair)
{
    TSNode k = calls_field(pair, "key");
    char *key = calls_string_literal(a, k);
    if (!key && (calls_is(k, "property_identifier") || calls_is(k, "identifier"))) key = calls_dup(a, k);
    bool skip = key && (!strcmp(key, "role") || !strcmp(key, "model") || !strcmp(key, "type") || !strcmp(key, "name"));
    free(key);
    return skip;
}

static uint8_t trace(actx *a, TSNode n, int scope, bool *ui, uint32_t *line, int hops);

static uint8_t prompt_children(actx *a, TSNode n, int scope, bool *ui, uint32_t *line, int hops)
{
    uint8_t ps = PS_UNKNOWN;
    kids k;
    calls_kids(n, &k);
    for (uint32_t i = 0; i < k.n; i++) {
        TSNode c = k.v[i];
        if (calls_is(c, "pair") && skip_key(a, c)) continue;
        if (calls_is(c, "comment")) continue;
        uint32_t l = 0;
        uint8_t p = trace(a, c, scope, ui, &l, hops);
        better(&ps, line, p, l);
    }
    calls_kids_free(&k);
    return ps;
}

/* What else feeds the name in the scope (appends, loops, other assignments): request data
 * there is request data in the prompt. Only the user-input and parameter facts are kept;
 * the prompt's origin stays that of the binding the lookup found. */
static void trace_feeds(actx *a, const char *name, int scope, TSNode except, bool *ui, int hops)
{
    if (scope < 0) return;
    calls_nodes feeds = {0};
    calls_flow_feeds(a, scope, name, &feeds);
    for (size_t i = 0; i < feeds.len && !*ui; i++) {
        if (!ts_node_is_null(except) && ts_node_eq(feeds.items[i], except)) continue;
        uint32_t l = 0;
        trace(a, feeds.items[i], scope, ui, &l, hops);
    }
    VEC_FREE(&feeds);
}

/* The function or module scope that holds scope (classes hold no statements of their own). */
static int stmt_scope(const actx *a, int scope)
{
    while (scope > 0 && a->scopes.items[scope].kind == SC_CLASS) scope = a->scopes.items[scope].parent;
    return scope;
}

/* A name bound by assignment: its value, and what feeds it in its scope, traced once per
 * binding (memoised: every call in the file that reads the name shares the result). */
static uint8_t trace_binding(actx *a, binding *b, const char *name, bool *ui, uint32_t *line, int hops)
{
    if (b->pmemo == 2) {
        *ui |= b->p_ui;
        a->prompt_param_hit |= b->p_param;
        *line = b->p_line;
        return b->p_ps;
    }
    if (b->pmemo == 1) return PS_UNKNOWN; /* a cycle: x = f(x) */
    b->pmemo = 1;
    size_t bi = (size_t)(b - a->binds.items);  /* the vector does not grow during a trace */
    bool hit = a->prompt_param_hit, cut = a->prompt_cut, bui = false;
    a->prompt_param_hit = false;
    a->prompt_cut = false;
    uint32_t l = 0;
    uint8_t ps = trace(a, b->value, b->vscope, &bui, &l, hops + 1);
    if (!bui && strncmp(name, "this.", 5) != 0)
        trace_feeds(a, name, stmt_scope(a, a->binds.items[bi].scope), b->value, &bui, hops + 1);
    b = &a->binds.items[bi];
    bool param = a->prompt_param_hit;
    if (!a->prompt_cut) {
        b->pmemo = 2;
        b->p_ps = ps;
        b->p_ui = bui;
        b->p_param = param;
        b->p_line = l;
    } else {
        b->pmemo = 0;
    }
    a->prompt_param_hit = hit || param;
    a->prompt_cut = cut || a->prompt_cut;
    *ui |= bui;
    *line = l;
    return ps;
}

static uint8_t trace_identifier(actx *a, TSNode n, int scope, bool *ui, uint32_t *line, int hops)
{
    char *nm = calls_dup(a, n);
    binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(n));
    if (b && b->kind == BK_ASSIGN && b->pmemo == 1 && b->at > 0) { /* x = f(x): the x before */
        binding *prev = calls_lookup(a, nm, b->scope, b->at - 1);
        if (prev && prev != b && prev->at < b->at) b = prev;
    }
    uint8_t ps = PS_UNKNOWN;
    if (b && b->kind == BK_ASSIGN) {
        ps = trace_binding(a, b, nm, ui, line, hops);
    } else if (b && b->kind == BK_PARAM) {
        a->prompt_param_hit = true;
        int fn = a->scopes.items[b->scope].kind == SC_FUNC ? a->scopes.items[b->scope].fn : -1;
        if (fn >= 0 && a->out->fns.items[fn].is_route) *ui = true;
        if (!*ui) trace_feeds(a, nm, b->scope, (TSNode){0}, ui, hops + 1); /* messages.append(...) on a parameter */
    } else if (b && b->kind == BK_IMPORT && !calls_path_is_sdk_module(a, b->module)) {
        /* SYSTEM_PROMPT or codePrompt from another module of the repository: text in code */
        bool upper = true, named = false;
        for (const char *p = nm; *p; p++) if (islower((unsigned char)*p)) upper = false;
        for (const char *p = nm; *p && !named; p++)
            named = !strncasecmp(p, "prompt", 6) || !strncasecmp(p, "template", 8) || !strncasecmp(p, "instruction", 11);
        if (upper || named) { ps = PS_INLINE; *line = calls_line(n); }
    } else if (!b) { /* a loop variable or a `with` target: what the statement binds it from */
        trace_feeds(a, nm, stmt_scope(a, scope), (TSNode){0}, ui, hops + 1);
    }
    free(nm);
    return ps;
}

static uint8_t trace_call(actx *a, TSNode n, int scope, bool *ui, uint32_t *line, int hops)
{
    char *canon = calls_callee_name(a, n, scope);
    uint8_t ps = PS_UNKNOWN;
    if (calls_strv_glob(&a->cat->prompt_registry, canon)) {
        ps = PS_REGISTRY;
        *line = calls_line(n);
    } else if (calls_strv_glob(&a->cat->prompt_file, canon)) {
        ps = PS_FILE;
        *line = calls_line(n);
    } else if (invoked_user_fn(a, n, canon)) {
        *ui = true;
    } else {
        TSNode f = calls_field(n, "function");
        TSNode recv = calls_field(f, "object");
        bool join = (calls_is(recv, "string") || calls_is(recv, "template_string")) &&
                    calls_text_is(a, calls_field(f, calls_is(f, "attribute") ? "attribute" : "property"), "join");
        if (join) f = (TSNode){0}; /* " ".join(args): the separator is not prompt text */
        if (calls_is(f, "identifier")) { /* systemPrompt({...}) imported from the repository */
            uint32_t l = 0;
            better(&ps, line, trace(a, f, scope, ui, &l, hops), l);
        }
        if (calls_is(f, "attribute") || calls_is(f, "member_expression")) {
            uint32_t l = 0;
            better(&ps, line, trace(a, calls_field(f, "object"), scope, ui, &l, hops), l);
        }
        TSNode args = calls_call_args(n);
        if (!ts_node_is_null(args)) {
            uint32_t l = 0;
            better(&ps, line, prompt_children(a, args, scope, ui, &l, hops), l);
        }
    }
    free(canon);
    return ps;
}

static uint8_t trace_node(actx *a, TSNode n, int scope, bool *ui, uint32_t *line, int hops)
{
    const char *t = calls_nt(n);
    if (user_text(a, n)) { /* request data: its own literals (input("Ask: ")) are not the prompt */
        *ui = true;
        return PS_UNKNOWN;
    }
    if (!strcmp(t, "string") || !strcmp(t, "template_string") || !strcmp(t, "concatenated_string")) {
        prompt_children(a, n, scope, ui, line, hops); /* interpolations: request data? */
        *line = calls_line(n);
        return PS_INLINE;
    }
    if (!strcmp(t, "as_expression") || !strcmp(t, "satisfies_expression") || !strcmp(t, "non_null_expression") ||
        !strcmp(t, "type_assertion"))
        return trace(a, calls_child(n, 0), scope, ui, line, hops); /* not the type */
    if (!strcmp(t, "type_annotation") || !strcmp(t, "type_arguments") || !strcmp(t, "type")) return PS_UNKNOWN;
    if (!strcmp(t, "interpolation") || !strcmp(t, "template_substitution") || !strcmp(t, "await") ||
        !strcmp(t, "await_expression") || !strcmp(t, "parenthesized_expression") || !strcmp(t, "keyword_argument") ||
        !strcmp(t, "pair") || !strcmp(t, "expression_statement")) {
        TSNode v = calls_field(n, "value");
        if (ts_node_is_null(v)) return prompt_children(a, n, scope, ui, line, hops);
        return trace(a, v, scope, ui, line, hops);
    }
    if (!strcmp(t, "identifier") || !strcmp(t, "shorthand_property_identifier"))
        return trace_identifier(a, n, scope, ui, line, hops);
    if (!strcmp(t, "attribute") || !strcmp(t, "member_expression")) { /* self.system_prompt */
        TSNode obj = calls_field(n, "object");
        if (calls_is(obj, "this") || (a->py && calls_text_is(a, obj, "self"))) {
            buf key = {0};
            buf_puts(&key, "this.");
            uint32_t len;
            const char *p = calls_text(a, calls_field(n, a->py ? "attribute" : "property"), &len);
            buf_append(&key, p, len);
            int cls = calls_enclosing_class(a, scope);
            binding *b = cls >= 0 ? calls_lookup(a, key.data, cls, ts_node_start_byte(n)) : NULL;
            uint8_t ps = PS_UNKNOWN;
            if (b && b->kind == BK_ASSIGN) ps = trace_binding(a, b, key.data, ui, line, hops);
            buf_free(&key);
            if (b && b->kind == BK_ASSIGN) return ps;
        }
    }
    if (!strcmp(t, "attribute") || !strcmp(t, "member_expression") || !strcmp(t, "subscript") ||
        !strcmp(t, "subscript_expression")) {
        TSNode base = calls_field(n, "object");
        if (ts_node_is_null(base)) base = calls_field(n, "value");
        return trace(a, base, scope, ui, line, hops);
    }
    if (calls_is_call(n)) return trace_call(a, n, scope, ui, line, hops);
    if (!strcmp(t, "for_in_clause")) { /* [m.content for m in st.session_state.messages]: the */
        uint32_t l = 0;                  /* iterable may be request data, never prompt text */
        trace(a, calls_field(n, "right"), scope, ui, &l, hops);
        return PS_UNKNOWN;
    }
    if (calls_is_function(n) || !strcmp(t, "comment") || !strcmp(t, "comparison_operator") ||
        !strcmp(t, "not_operator") || !strcmp(t, "if_clause"))
        return PS_UNKNOWN; /* tests hold no prompt text: m["role"] == "user" */
    if (!strcmp(t, "conditional_expression") && calls_nchild(n) == 3) {
        uint32_t l1 = 0, l2 = 0;
        uint8_t p1 = trace(a, calls_child(n, 0), scope, ui, &l1, hops);
        uint8_t p2 = trace(a, calls_child(n, 2), scope, ui, &l2, hops);
        uint8_t ps = PS_UNKNOWN;
        better(&ps, line, p1, l1);
        better(&ps, line, p2, l2);
        return ps;
    }
    if (!strcmp(t, "ternary_expression")) {
        uint32_t l1 = 0, l2 = 0;
        uint8_t p1 = trace(a, calls_field(n, "consequence"), scope, ui, &l1, hops);
        uint8_t p2 = trace(a, calls_field(n, "alternative"), scope, ui, &l2, hops);
        uint8_t ps = PS_UNKNOWN;
        better(&ps, line, p1, l1);
        better(&ps, line, p2, l2);
        return ps;
    }
    if (!strcmp(t, "binary_expression")) { /* a === "user" is a test, a + "x" builds text */
        uint32_t len;
        const char *op = calls_text(a, calls_field(n, "operator"), &len);
        if (len >= 2 && (op[0] == '=' || op[0] == '!' || op[0] == '<' || op[0] == '>' || op[0] == '&' || op[0] == '|'))
            return PS_UNKNOWN;
    }
    return prompt_children(a, n, scope, ui, line, hops);
}

/* One step of a trace, within the limits: past one, the trace is cut (and not memoised). */
static uint8_t trace(actx *a, TSNode n, int scope, bool *ui, uint32_t *line, int hops)
{
    if (ts_node_is_null(n)) return PS_UNKNOWN;
    if (hops > PROMPT_HOPS || a->prompt_budget <= 0 || a->prompt_active > PROMPT_NEST) {
        a->prompt_cut = true;
        return PS_UNKNOWN;
    }
    a->prompt_budget--;
    a->prompt_active++;
    uint8_t ps = trace_node(a, n, scope, ui, line, hops);
    a->prompt_active--;
    return ps;
}

/* depth: binding hops already taken (callers that want a shallow look pass more). */
uint8_t calls_prompt_source(actx *a, TSNode n, int scope, bool *ui, uint32_t *line, int depth)
{
    if (a->prompt_active) return trace(a, n, scope, ui, line, depth);
    a->prompt_budget = PROMPT_NODES;
    a->prompt_cut = false;
    uint8_t ps = trace(a, n, scope, ui, line, depth);
    a->prompt_active = 0;
    return ps;
}

static const strv *prompt_names(actx *a, int sdk)
{
    static const strv none = {0};
    return sdk >= 0 ? &a->cat->sdks.items[sdk].params[P_PROMPT] : &none;
}

static bool default_prompt_name(const char *s)
{
    static const char *const names[] = {"messages", "prompt", "input", "contents", "system", "message", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcmp(s, names[i])) return true;
    return false;
}

static void prompt_arg(actx *a, raw_call *rc, TSNode v, int scope)
{
    uint32_t l = 0;
    bool ui = false;
    uint8_t ps = calls_prompt_source(a, v, scope, &ui, &l, 0);
    if (ps > rc->prompt_src) { rc->prompt_src = ps; rc->prompt_line = l; }
    rc->user_input |= ui;
}

/* Some catalog SDK names its prompt parameter s: the vocabulary of a call whose SDK is not
 * known yet (an object imported from another file, resolved at the end). */
static bool any_sdk_prompt_name(actx *a, const char *s)
{
    for (size_t i = 0; i < a->cat->sdks.len; i++)
        if (calls_strv_has(&a->cat->sdks.items[i].params[P_PROMPT], s)) return true;
    return false;
}

static bool named_prompt(actx *a, const strv *names, TSNode key)
{
    char *k = calls_string_literal(a, key);
    if (!k) k = calls_dup(a, key);
    bool ok = names->len ? calls_strv_has(names, k) : default_prompt_name(k) || any_sdk_prompt_name(a, k);
    free(k);
    return ok;
}

/* Keys of an input object that configure the call rather than fill the prompt. */
static bool option_key(actx *a, int sdk, const char *k)
{
    static const char *const generic[] = {"role", "type", "name", "user", "temperature", "top_p", "top_k", "stream",
                                          "signal", "headers", "config", "configurable", "callbacks", "metadata", "tags",
                                          "thread_id", "session_id", "api_key", "apiKey", "n", "stop", "seed", "tools",
                                          "tool_choice", "functions", "function_call", "version", NULL};
    for (int i = 0; generic[i]; i++)
        if (!strcmp(k, generic[i])) return true;
    static const int which[] = {P_MODEL, P_MAXTOK, P_TIMEOUT, P_RETRIES, P_FORMAT, P_BASEURL, P_TELEMETRY};
    for (size_t i = sdk >= 0 ? (size_t)sdk : 0; i < a->cat->sdks.len && (sdk < 0 || i == (size_t)sdk); i++)
        for (size_t w = 0; w < sizeof which / sizeof *which; w++)
            if (calls_strv_has(&a->cat->sdks.items[i].params[which[w]], k)) return true;
    return false;
}

/* The input object of a chain or agent (`chain.invoke({"text": t})`): every key is a
 * template variable, so request data under any key but the call's options reaches the
 * prompt. Only the user-input and parameter facts are taken: the prompt's origin is judged
 * on the prompt-named keys alone. */
static void input_object_values(actx *a, raw_call *rc, TSNode obj, int scope)
{
    uint32_t pc = calls_nchild(obj);
    for (uint32_t k = 0; k < pc && !rc->user_input; k++) {
        TSNode p = calls_child(obj, k);
        TSNode key = calls_is(p, "pair") ? calls_field(p, "key") : calls_is(p, "shorthand_property_identifier") ? p : (TSNode){0};
        if (ts_node_is_null(key)) continue;
        char *ks = calls_string_literal(a, key);
        if (!ks) ks = calls_dup(a, key);
        bool skip = option_key(a, rc->sdk, ks);
        free(ks);
        if (skip) continue;
        uint32_t l = 0;
        bool ui = false;
        calls_prompt_source(a, calls_is(p, "pair") ? calls_field(p, "value") : p, scope, &ui, &l, 0);
        rc->user_input |= ui;
    }
}

/* Prompt-named keys inside request bodies: json={"messages": ...}, body: JSON.stringify({...}). */
static void nested_prompt(actx *a, raw_call *rc, const strv *names, TSNode v, int scope, int depth)
{
    if (depth > 3 || ts_node_is_null(v)) return;
    if (calls_is(v, "dictionary") || calls_is(v, "object")) {
        uint32_t pc = calls_nchild(v);
        for (uint32_t k = 0; k < pc; k++) {
            TSNode p = calls_child(v, k);
            if (calls_is(p, "pair") && named_prompt(a, names, calls_field(p, "key")))
                prompt_arg(a, rc, calls_field(p, "value"), scope);
            else if (calls_is(p, "pair"))
                nested_prompt(a, rc, names, calls_field(p, "value"), scope, depth + 1);
            else if (calls_is(p, "shorthand_property_identifier") && named_prompt(a, names, p))
                prompt_arg(a, rc, p, scope);
        }
    } else if (calls_is_call(v)) {
        TSNode args = calls_call_args(v);
        uint32_t nc = calls_nchild(args);
        for (uint32_t i = 0; i < nc; i++) nested_prompt(a, rc, names, calls_child(args, i), scope, depth + 1);
    } else if (calls_is(v, "identifier") && depth <= 1) { /* json=payload, body: payload */
        char *nm = calls_dup(a, v);
        binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(v));
        free(nm);
        if (b && b->kind == BK_ASSIGN) nested_prompt(a, rc, names, b->value, b->vscope, depth + 1);
    }
}

void calls_call_prompt(actx *a, raw_call *rc, TSNode call, int scope)
{
    a->prompt_param_hit = false;
    const strv *names = prompt_names(a, rc->sdk);
    bool http = rc->sdk >= 0 && a->cat->sdks.items[rc->sdk].http;
    TSNode args = calls_call_args(call);
    uint32_t nc = ts_node_is_null(args) ? 0 : calls_nchild(args);
    int positional = 0;
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = calls_child(args, i);
        const char *t = calls_nt(c);
        if (!strcmp(t, "keyword_argument")) {
            if (named_prompt(a, names, calls_field(c, "name"))) prompt_arg(a, rc, calls_field(c, "value"), scope);
            else nested_prompt(a, rc, names, calls_field(c, "value"), scope, 1);
        } else if (!strcmp(t, "object") || !strcmp(t, "dictionary")) {
            nested_prompt(a, rc, names, c, scope, 0);
            if (positional == 0 && !http) input_object_values(a, rc, c, scope);
            positional++;
        } else if (strcmp(t, "comment") != 0) {
            if (!(http && positional == 0)) prompt_arg(a, rc, c, scope);
            positional++;
        }
    }
    rc->prompt_from_param = a->prompt_param_hit;
    if (rc->has_obj && rc->obj.prompt_src > rc->prompt_src) {
        rc->prompt_src = rc->obj.prompt_src;
        rc->prompt_line = rc->obj.prompt_line;
    }
    if (rc->has_obj) rc->user_input |= rc->obj.user_input;
}
