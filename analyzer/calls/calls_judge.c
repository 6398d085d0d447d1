/* calls_judge: per-call facts — arguments, the enclosing function's decorators and wrappers,
 * retry/timeout contexts, error handling, logging, and where the prompt comes from. */
#include "calls_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- argument facts ---------------------------------------------------------------- */

/* Text (whitespace removed) that reads configuration: an environment or settings lookup. */
static bool config_text(const char *s, uint32_t len)
{
    static const char *const words[] = {"environ", "getenv", "process.env", "import.meta.env", "settings", "Settings",
                                        "SETTINGS", "config", "Config", "CONFIG", NULL};
    for (int i = 0; words[i]; i++)
        if (calls_memmem(s, len, words[i], strlen(words[i]))) return true;
    return false;
}

/* An UPPER_CASE name (DEFAULT_MODEL, DEFAULT_MODEL.id): a constant. */
static bool constant_head(const char *s, uint32_t len)
{
    uint32_t n = 0;
    bool letter = false;
    for (; n < len && (isupper((unsigned char)s[n]) || isdigit((unsigned char)s[n]) || s[n] == '_'); n++)
        letter |= isupper((unsigned char)s[n]) != 0;
    return letter && n >= 2 && (n == len || s[n] == '.' || s[n] == '[');
}

uint8_t calls_model_source(actx *a, TSNode v, int scope, int depth)
{
    if (ts_node_is_null(v) || depth > 4) return MS_UNKNOWN;
    uint32_t len;
    const char *s = calls_text(a, v, &len);
    /* Streamlit session state is the app's own state (often set from a literal), not a request. */
    if ((len >= 16 && !strncmp(s, "st.session_state", 16)) || calls_memmem(s, len, "streamlit.session_state", 23))
        return MS_UNKNOWN;
    const char *t = calls_nt(v);
    if (!strcmp(t, "await") || !strcmp(t, "await_expression") || !strcmp(t, "parenthesized_expression") ||
        !strcmp(t, "as_expression") || !strcmp(t, "non_null_expression") || !strcmp(t, "satisfies_expression"))
        return calls_nchild(v) ? calls_model_source(a, calls_child(v, calls_nchild(v) - 1), scope, depth + 1) : MS_UNKNOWN;
    if (!strcmp(t, "identifier") || !strcmp(t, "shorthand_property_identifier")) {
        if (constant_head(s, len)) return MS_CONFIG;
        char *nm = calls_dup(a, v);
        binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(v));
        free(nm);
        if (!b) return MS_UNKNOWN;
        if (b->kind == BK_ASSIGN) return calls_model_source(a, b->value, b->vscope, depth + 1);
        if (b->kind == BK_IMPORT) return calls_path_is_sdk_module(a, b->module) ? MS_UNKNOWN : MS_CONFIG;
        if (b->kind == BK_PARAM) {
            int fn = a->scopes.items[b->scope].kind == SC_FUNC ? a->scopes.items[b->scope].fn : -1;
            if (fn >= 0 && a->out->fns.items[fn].is_route) return MS_REQUEST;
        }
        return MS_UNKNOWN;
    }
    /* request data, with the sources and handler parameters of user_input_in_prompt */
    bool ui = false, hit = a->prompt_param_hit;
    uint32_t l = 0;
    calls_prompt_source(a, v, scope, &ui, &l, 0);
    a->prompt_param_hit = hit;
    if (ui) return MS_REQUEST;
    if (config_text(s, len) || constant_head(s, len)) return MS_CONFIG;
    if (!strcmp(t, "attribute") || !strcmp(t, "member_expression")) {
        TSNode obj = calls_field(v, "object");
        if (calls_is(obj, "this") || (a->py && calls_text_is(a, obj, "self"))) { /* self.model = os.environ[...] */
            buf key = {0};
            buf_puts(&key, "this.");
            uint32_t pl;
            const char *p = calls_text(a, calls_field(v, a->py ? "attribute" : "property"), &pl);
            buf_append(&key, p, pl);
            int cls = calls_enclosing_class(a, scope);
            binding *b = cls >= 0 ? calls_lookup(a, key.data, cls, ts_node_start_byte(v)) : NULL;
            buf_free(&key);
            if (b && b->kind == BK_ASSIGN) return calls_model_source(a, b->value, b->vscope, depth + 1);
        } else if (calls_is(obj, "identifier") || calls_is(obj, "attribute") || calls_is(obj, "member_expression")) {
            return calls_model_source(a, obj, scope, depth + 1); /* cfg.model where cfg = load_config() */
        }
    }
    return MS_UNKNOWN;
}

/* The default value of parameter `name` of function fn (def f(limit=None), (limit = null) =>,
 * limit?: number = undefined), or a null node. */
static TSNode param_default(actx *a, TSNode fn, const char *name)
{
    TSNode params = calls_field(fn, "parameters");
    if (ts_node_is_null(params)) return params;
    kids k;
    calls_kids(params, &k);
    TSNode out = {0};
    for (uint32_t i = 0; i < k.n && ts_node_is_null(out); i++) {
        TSNode p = k.v[i], id = {0}, v = {0};
        if (calls_is(p, "default_parameter") || calls_is(p, "typed_default_parameter")) {
            id = calls_field(p, "name");
            v = calls_field(p, "value");
        } else if (calls_is(p, "assignment_pattern")) {
            id = calls_field(p, "left");
            v = calls_field(p, "right");
        } else if (calls_is(p, "optional_parameter") || calls_is(p, "required_parameter")) {
            id = calls_field(p, "pattern");
            v = calls_field(p, "value");
        }
        if (!ts_node_is_null(id) && !ts_node_is_null(v) && calls_text_is(a, id, name)) out = v;
    }
    calls_kids_free(&k);
    return out;
}

static void classify(actx *a, TSNode v, int scope, pfact *f, int depth)
{
    const char *t = calls_nt(v);
    uint32_t len;
    const char *s = calls_text(a, v, &len);
    if (strcmp(t, "none") == 0 || strcmp(t, "null") == 0 || strcmp(t, "undefined") == 0 ||
        (strcmp(t, "identifier") == 0 && calls_text_is(a, v, "undefined"))) {
        f->vk = VK_NONE;
    } else if (strcmp(t, "true") == 0) {
        f->vk = VK_TRUE;
    } else if (strcmp(t, "false") == 0) {
        f->vk = VK_FALSE;
    } else if (strcmp(t, "integer") == 0 || strcmp(t, "float") == 0 || strcmp(t, "number") == 0) {
        char tmp[64];
        size_t n = 0;
        for (uint32_t i = 0; i < len && n < sizeof tmp - 1; i++)
            if (s[i] != '_') tmp[n++] = s[i];
        tmp[n] = '\0';
        f->num = strtod(tmp, NULL);
        f->vk = f->num == 0 ? VK_ZERO : VK_NUM;
    } else if ((f->str = calls_string_literal(a, v))) {
        f->vk = VK_STR;
        f->literal = true;
    } else if (strcmp(t, "identifier") == 0 || strcmp(t, "shorthand_property_identifier") == 0) {
        f->vk = VK_OTHER;
        if (depth < 2) {
            char *nm = calls_dup(a, v);
            binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(v));
            free(nm);
            if (b && b->kind == BK_ASSIGN && !b->destructured) {
                pfact g = {0};
                classify(a, b->value, b->vscope, &g, depth + 1);
                if (g.vk != VK_OTHER) { f->vk = g.vk; f->num = g.num; f->str = g.str; f->literal = g.literal; g.str = NULL; }
                free(g.str);
            }
        }
    } else {
        f->vk = VK_OTHER;
        uint32_t fl = 0;
        const char *ft = calls_is_call(v) ? calls_text(a, calls_field(v, "function"), &fl) : NULL;
        if (ft && config_text(ft, fl)) { /* os.getenv("MODEL", "gpt-4o"): the literal is a key or a fallback */
            f->src = MS_CONFIG;
        } else if (calls_is_call(v)) { /* model=openai("gpt-4o"): keep the literal argument */
            TSNode args = calls_call_args(v);
            if (!ts_node_is_null(args) && calls_nchild(args) > 0)
                f->str = calls_string_literal(a, calls_child(args, 0));
            f->literal = f->str != NULL;
        }
    }
    if (!f->str && f->vk == VK_OTHER) f->str = xstrndup(s, len > 80 ? 80 : len);
}

/* An environment lookup with a literal default: os.getenv("M", "x"), os.environ.get("M", "x"),
 * environ.get(...), process.env.M || "x", process.env.M ?? "x". */
static char *env_default(actx *a, TSNode v)
{
    uint32_t len;
    if (calls_is(v, "binary_expression") || calls_is(v, "boolean_operator")) {
        TSNode l = calls_field(v, "left"), r = calls_field(v, "right");
        const char *lt = calls_text(a, l, &len);
        if (!calls_memmem(lt, len, "process.env", 11) && !calls_memmem(lt, len, "import.meta.env", 15) &&
            !calls_memmem(lt, len, "environ", 7) && !calls_memmem(lt, len, "getenv", 6))
            return NULL;
        return calls_string_literal(a, r);
    }
    if (!calls_is_call(v)) return NULL;
    const char *ft = calls_text(a, calls_field(v, "function"), &len);
    bool env = (len >= 6 && !memcmp(ft + len - 6, "getenv", 6)) ||
               (calls_memmem(ft, len, "environ", 7) && len >= 4 && !memcmp(ft + len - 4, ".get", 4));
    if (!env) return NULL;
    TSNode args = calls_call_args(v);
    kids k;
    calls_kids(args, &k);
    char *out = NULL;
    int pos = 0;
    for (uint32_t i = 0; i < k.n && !out; i++) {
        if (calls_is(k.v[i], "comment")) continue;
        if (calls_is(k.v[i], "keyword_argument")) {
            if (calls_text_is(a, calls_field(k.v[i], "name"), "default")) out = calls_string_literal(a, calls_field(k.v[i], "value"));
            continue;
        }
        if (pos++ == 1) out = calls_string_literal(a, k.v[i]);
    }
    calls_kids_free(&k);
    return out;
}

char *calls_config_literal(actx *a, TSNode v)
{
    while (!ts_node_is_null(v) && (calls_is(v, "parenthesized_expression") || calls_is(v, "as_expression")))
        v = calls_child(v, 0);
    if (ts_node_is_null(v)) return NULL;
    char *s = calls_string_literal(a, v);
    return s ? s : env_default(a, v);
}

/* Where a configured model id lives (LABELLING.md: resolved from config where the config is
 * in the repository): an env default or a constant of this file resolves here (f->resolved);
 * a name of another module (`from config import MODEL`, `Config.MODEL`, `settings.MODEL`
 * with settings imported) or a class constant of this file (`Config.MODEL`) is kept as a
 * reference (f->ref_src, f->ref_name), resolved in calls_finish against the consts of the
 * file it names. Followed through local assignments and self./this. attributes. */
static void config_ref(actx *a, TSNode v, int scope, pfact *f, int depth)
{
    while (!ts_node_is_null(v) && (calls_is(v, "parenthesized_expression") || calls_is(v, "as_expression") ||
                                   calls_is(v, "await") || calls_is(v, "non_null_expression")))
        v = calls_child(v, 0);
    if (ts_node_is_null(v) || depth > 4) return;
    if ((f->resolved = env_default(a, v))) return;
    if (depth > 0 && (f->resolved = calls_string_literal(a, v))) return;
    if (calls_is(v, "identifier")) {
        char *nm = calls_dup(a, v);
        binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(v));
        if (b && b->kind == BK_ASSIGN && !b->destructured && !ts_node_eq(b->value, v)) {
            free(nm);
            config_ref(a, b->value, b->vscope, f, depth + 1);
            return;
        }
        if (b && b->kind == BK_IMPORT && b->imp_source && !calls_path_is_sdk_module(a, b->module)) {
            f->ref_src = xstrdup(b->imp_source);
            f->ref_name = xstrdup(b->imp_name ? b->imp_name : "default");
        }
        free(nm);
        return;
    }
    if (!calls_is(v, "attribute") && !calls_is(v, "member_expression")) return;
    TSNode obj = calls_field(v, "object"), prop = calls_field(v, a->py ? "attribute" : "property");
    if (ts_node_is_null(prop)) return;
    char *attr = calls_dup(a, prop);
    if (calls_is(obj, "this") || (a->py && calls_text_is(a, obj, "self"))) { /* self.model_name = Config.MODEL */
        buf key = {0};
        buf_printf(&key, "this.%s", attr);
        int cls = calls_enclosing_class(a, scope);
        binding *b = cls >= 0 ? calls_lookup(a, key.data, cls, ts_node_start_byte(v)) : NULL;
        buf_free(&key);
        if (b && b->kind == BK_ASSIGN && !b->destructured) config_ref(a, b->value, b->vscope, f, depth + 1);
    } else if (calls_is(obj, "identifier")) {
        char *head = calls_dup(a, obj);
        binding *b = calls_lookup(a, head, scope, ts_node_start_byte(obj));
        buf nm = {0};
        if (b && b->kind == BK_IMPORT && b->imp_source && !calls_path_is_sdk_module(a, b->module)) {
            if (a->py && !b->imp_name) { /* import config.settings as cfg: a module */
                f->ref_src = xstrdup(b->module);
                f->ref_name = xstrdup(attr);
            } else {
                buf_printf(&nm, "%s.%s", b->imp_name ? b->imp_name : "default", attr);
                f->ref_src = xstrdup(b->imp_source);
                f->ref_name = buf_take(&nm);
            }
        } else if (!b || b->kind == BK_ASSIGN) { /* a class or an instance of this file */
            buf_printf(&nm, "%s.%s", head, attr);
            f->ref_src = xstrdup("");
            f->ref_name = buf_take(&nm);
        }
        buf_free(&nm);
        free(head);
    }
    free(attr);
}

void calls_config_ref(actx *a, TSNode v, int scope, pfact *f) { config_ref(a, v, scope, f, 0); }

/* Some catalog SDK names its token-limit parameter s. */
static bool maxtok_name(actx *a, const char *s)
{
    for (size_t i = 0; i < a->cat->sdks.len; i++)
        if (calls_strv_has(&a->cat->sdks.items[i].params[P_MAXTOK], s)) return true;
    return false;
}

/* max_tokens=limit where limit is a parameter of the enclosing function that defaults to
 * None: no limit unless every caller passes one (LABELLING.md; calls_repo.c asks the
 * callers). The parameter's name is kept in str. */
static void none_default_param(actx *a, TSNode value, int scope, pfact *f)
{
    if (f->vk != VK_OTHER || !calls_is(value, "identifier")) return;
    char *pn = calls_dup(a, value);
    binding *b = calls_lookup(a, pn, scope, ts_node_start_byte(value));
    TSNode d = b && b->kind == BK_PARAM && calls_is_function(b->value) ? param_default(a, b->value, pn) : (TSNode){0};
    const char *dt = ts_node_is_null(d) ? "" : calls_nt(d);
    if (!strcmp(dt, "none") || !strcmp(dt, "null") || !strcmp(dt, "undefined") ||
        (!strcmp(dt, "identifier") && calls_text_is(a, d, "undefined"))) {
        f->vk = VK_NONE;
        free(f->str);
        f->str = pn;
        pn = NULL;
    }
    free(pn);
}

static void add_fact(actx *a, pfacts *out, const char *name, size_t nlen, TSNode value, int scope)
{
    pfact f = {0};
    f.name = xstrndup(name, nlen);
    f.line = calls_line(value);
    classify(a, value, scope, &f, 0);
    if (maxtok_name(a, f.name)) none_default_param(a, value, scope, &f);
    /* where a model id comes from (model, model_name, modelName, engine, deployment_id) */
    if (f.vk == VK_OTHER && !f.literal && !f.src &&
        (calls_memmem(name, nlen, "model", 5) || calls_memmem(name, nlen, "Model", 5) ||
         (nlen == 6 && !memcmp(name, "engine", 6)) || (nlen == 13 && !memcmp(name, "deployment_id", 13))))
        f.src = calls_model_source(a, value, scope, 0);
    if (f.vk == VK_OTHER && f.literal && calls_is_call(value) &&
        (calls_memmem(name, nlen, "model", 5) || calls_memmem(name, nlen, "Model", 5)) &&
        calls_model_source(a, value, scope, 0) == MS_REQUEST) {
        /* body.get("model", "x"): the request chooses; its literals are a key and a fallback */
        f.literal = false;
        f.src = MS_REQUEST;
    }
    if (f.vk == VK_OTHER && !f.literal && f.src != MS_REQUEST &&
        (calls_memmem(name, nlen, "model", 5) || calls_memmem(name, nlen, "Model", 5)))
        config_ref(a, value, scope, &f, 0);
    VEC_PUSH(out, f);
}

static void collect_value(actx *a, TSNode v, int scope, pfacts *out, bool *splat, int depth);

/* TS wrappers that do not change the value: {...} as Params, (x), x!, x satisfies T. */
static TSNode unwrap(TSNode v)
{
    for (int i = 0; i < 4 && !ts_node_is_null(v); i++) {
        if (!calls_is(v, "as_expression") && !calls_is(v, "satisfies_expression") && !calls_is(v, "non_null_expression") &&
            !calls_is(v, "parenthesized_expression"))
            break;
        v = calls_child(v, 0);
    }
    return v;
}

/* A Python dict key that is a name ({max_tokens_str: n} where max_tokens_str = 'max_tokens'
 * or 'max_completion_tokens'): the literal keys it can hold, each added as a fact. */
static void add_name_key(actx *a, pfacts *out, TSNode k, TSNode v, int scope)
{
    char *nm = calls_dup(a, k);
    binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(k));
    free(nm);
    if (!b || b->kind != BK_ASSIGN || b->destructured) return;
    TSNode val = b->value;
    TSNode alts[2];
    alts[0] = val;
    alts[1] = (TSNode){0};
    if (calls_is(val, "conditional_expression") && calls_nchild(val) == 3) {
        alts[0] = calls_child(val, 0);
        alts[1] = calls_child(val, 2);
    }
    for (int i = 0; i < 2; i++) {
        char *key = ts_node_is_null(alts[i]) ? NULL : calls_string_literal(a, alts[i]);
        if (key) add_fact(a, out, key, strlen(key), v, scope);
        free(key);
    }
}

typedef struct ret_find { TSNode root, expr; } ret_find;

static int ret_visit(void *ctx, TSNode n)
{
    ret_find *r = ctx;
    if (!ts_node_eq(n, r->root) && calls_is_function(n)) return VISIT_SKIP;
    if (!calls_is(n, "return_statement")) return VISIT_DESCEND;
    if (calls_nchild(n) > 0) r->expr = calls_child(n, 0);
    return calls_nchild(n) > 0 ? VISIT_STOP : VISIT_SKIP;
}

static void splat_name(actx *a, TSNode id, int scope, pfacts *out, bool *splat, int depth);

/* **build_params(...) / **p with p = build_params(...): the options a local function builds
 * and returns by name (`api_params = {"max_tokens": n, ...}; ...; return api_params`). */
static void splat_builder(actx *a, TSNode call, int scope, pfacts *out, bool *splat, int depth)
{
    TSNode f = calls_field(call, "function");
    if (!calls_is(f, "identifier") || depth > 3) return;
    char *nm = calls_dup(a, f);
    binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(f));
    free(nm);
    if (!b || b->kind != BK_DEF || !calls_is_function(b->value)) return;
    ret_find r = {.root = b->value};
    calls_visit(b->value, ret_visit, &r);
    if (!calls_is(r.expr, "identifier")) return;
    int fs = -1;
    for (size_t i = 0; i < a->scopes.len && fs < 0; i++)
        if (ts_node_eq(a->scopes.items[i].node, b->value)) fs = (int)i;
    if (fs >= 0) splat_name(a, r.expr, fs, out, splat, depth + 1);
}

/* **kw / ...opts where kw is a dict built in view: its pairs, the keys set on it
 * (kw["timeout"] = 30) and what is merged into it (kw.update(max_tokens=n)). */
static void collect_splat(actx *a, TSNode sp, int scope, pfacts *out, bool *splat, int depth)
{
    TSNode id = calls_nchild(sp) ? calls_child(sp, 0) : (TSNode){0};
    if (calls_is_call(id)) splat_builder(a, id, scope, out, splat, depth);
    if (!calls_is(id, "identifier") || depth > 3) return;
    splat_name(a, id, scope, out, splat, depth);
}

static void splat_name(actx *a, TSNode id, int scope, pfacts *out, bool *splat, int depth)
{
    if (depth > 4) return;
    char *nm = calls_dup(a, id);
    binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(id));
    if (b && b->kind == BK_ASSIGN && !b->destructured) {
        TSNode val = unwrap(b->value);
        int vscope = b->vscope, bscope = b->scope;
        if (calls_is(val, "dictionary") || calls_is(val, "object") || calls_is_call(val))
            collect_value(a, val, vscope, out, splat, depth + 1);
        if (calls_is_call(val)) splat_builder(a, val, vscope, out, splat, depth);
        while (bscope > 0 && a->scopes.items[bscope].kind == SC_CLASS) bscope = a->scopes.items[bscope].parent;
        calls_nodes keys = {0}, vals = {0};
        calls_flow_key_sets(a, bscope, nm, &keys, &vals);
        for (size_t i = 0; i < keys.len; i++) {
            char *key = calls_string_literal(a, keys.items[i]);
            if (!key && calls_is(keys.items[i], "property_identifier")) key = calls_dup(a, keys.items[i]);
            if (key) add_fact(a, out, key, strlen(key), vals.items[i], bscope);
            free(key);
        }
        VEC_FREE(&keys);
        calls_nodes feeds = {0};
        calls_flow_feeds(a, bscope, nm, &feeds);
        for (size_t i = 0; i < feeds.len; i++)
            if (calls_is(feeds.items[i], "argument_list") || calls_is(feeds.items[i], "arguments"))
                calls_collect_params(a, feeds.items[i], bscope, out, splat, depth + 1);
        VEC_FREE(&feeds);
        VEC_FREE(&vals);
    }
    free(nm);
}

static void collect_pairs(actx *a, TSNode obj, int scope, pfacts *out, bool *splat, int depth)
{
    uint32_t nc = calls_nchild(obj);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode p = calls_child(obj, i);
        const char *t = calls_nt(p);
        if (strcmp(t, "pair") == 0) {
            TSNode k = calls_field(p, "key"), v = calls_field(p, "value");
            char *key = calls_string_literal(a, k);
            if (!key && a->py && calls_is(k, "identifier")) add_name_key(a, out, k, v, scope);
            else if (!key && (calls_is(k, "property_identifier") || calls_is(k, "identifier"))) key = calls_dup(a, k);
            if (key) {
                add_fact(a, out, key, strlen(key), v, scope);
                free(key);
            }
            collect_value(a, v, scope, out, splat, depth + 1);
        } else if (strcmp(t, "shorthand_property_identifier") == 0) {
            uint32_t len;
            const char *s = calls_text(a, p, &len);
            add_fact(a, out, s, len, p, scope);
        } else if (strcmp(t, "spread_element") == 0 || strcmp(t, "dictionary_splat") == 0) {
            *splat = true;
            collect_splat(a, p, scope, out, splat, depth);
        }
    }
}

static void collect_value(actx *a, TSNode v, int scope, pfacts *out, bool *splat, int depth)
{
    if (depth > 4 || ts_node_is_null(v)) return;
    v = unwrap(v);
    const char *t = calls_nt(v);
    if (strcmp(t, "dictionary") == 0 || strcmp(t, "object") == 0) {
        collect_pairs(a, v, scope, out, splat, depth);
    } else if (calls_is_call(v)) {
        TSNode args = calls_call_args(v);
        if (!ts_node_is_null(args)) calls_collect_params(a, args, scope, out, splat, depth + 1);
    } else if (strcmp(t, "identifier") == 0 && depth > 0 && depth < 3) {
        /* config=cfg where cfg = {...} or GenerateContentConfig(...) just above */
        char *nm = calls_dup(a, v);
        binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(v));
        free(nm);
        TSNode val = b && b->kind == BK_ASSIGN && !b->destructured ? unwrap(b->value) : (TSNode){0};
        if (!ts_node_is_null(val) && (calls_is(val, "dictionary") || calls_is(val, "object") || calls_is_call(val)))
            collect_value(a, val, b->vscope, out, splat, depth + 1);
    }
}

void calls_collect_params(actx *a, TSNode args, int scope, pfacts *out, bool *splat, int depth)
{
    if (depth > 4) return;
    uint32_t nc = calls_nchild(args);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = calls_child(args, i);
        const char *t = calls_nt(c);
        if (strcmp(t, "keyword_argument") == 0) {
            TSNode name = calls_field(c, "name"), value = calls_field(c, "value");
            uint32_t len;
            const char *s = calls_text(a, name, &len);
            add_fact(a, out, s, len, value, scope);
            collect_value(a, value, scope, out, splat, depth + 1);
        } else if (strcmp(t, "dictionary_splat") == 0 || strcmp(t, "spread_element") == 0) {
            *splat = true;
            collect_splat(a, c, scope, out, splat, depth);
        } else if (strcmp(t, "comment") != 0) {
            collect_value(a, c, scope, out, splat, depth + 1);
        }
    }
}

/* ---- functions: decorators and wrappers -------------------------------------------- */

static bool is_retry_name(actx *a, const char *canon)
{
    if (calls_strv_glob(&a->cat->retry_decorators, canon) || calls_strv_glob(&a->cat->retry_wrappers, canon)) return true;
    const char *last = strrchr(canon, '.');
    last = last ? last + 1 : canon;
    return calls_re_match(a->cat->retry_name_re, last, strlen(last));
}

static void set_ev(char **by, uint32_t *line, const char *what, uint32_t l)
{
    if (*by) return;
    *by = xstrdup(what);
    *line = l;
}

/* The canonical name of a decorator's callee, its receiver resolved through an assignment
 * in the file: `stub = modal.Stub(...)`, `@stub.function(...)` -> "modal.Stub.function". */
static char *decorator_canon(actx *a, TSNode d, int scope, char *canon)
{
    TSNode call = calls_child(d, 0);
    if (!calls_is(call, "call")) return canon;
    TSNode fn = calls_field(call, "function");
    if (!calls_is(fn, "attribute")) return canon;
    TSNode obj = calls_field(fn, "object");
    if (!calls_is(obj, "identifier")) return canon;
    char *nm = calls_dup(a, obj);
    binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(obj));
    free(nm);
    if (!b || b->kind != BK_ASSIGN || ts_node_is_null(b->value) || !calls_is(b->value, "call")) return canon;
    char *ctor = calls_canon(a, b->value, b->vscope >= 0 ? b->vscope : scope);
    uint32_t len;
    const char *meth = calls_text(a, calls_field(fn, "attribute"), &len);
    buf out = {0};
    buf_printf(&out, "%s.%.*s", ctor, (int)len, meth);
    free(ctor);
    free(canon);
    return buf_take(&out);
}

/* A platform decorator's option keyword (retries=4, timeout=600) that is set and not off. */
static uint32_t decorator_option(actx *a, TSNode d, const strv *keys)
{
    TSNode args = calls_call_args(calls_child(d, 0));
    uint32_t nc = ts_node_is_null(args) ? 0 : calls_nchild(args);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode kw = calls_child(args, i);
        if (!calls_is(kw, "keyword_argument")) continue;
        char *k = calls_dup(a, calls_field(kw, "name"));
        bool hit = calls_strv_has(keys, k);
        free(k);
        if (!hit) continue;
        TSNode v = calls_field(kw, "value");
        uint32_t len;
        const char *s = calls_text(a, v, &len);
        if ((len == 4 && !memcmp(s, "None", 4)) || (len == 1 && s[0] == '0') || (len == 5 && !memcmp(s, "False", 5)))
            return 0;
        return calls_line(kw);
    }
    return 0;
}

void calls_fn_decorators(actx *a, fn_def *f, TSNode parent, TSNode grand, int scope)
{
    if (calls_is(parent, "decorated_definition")) {
        uint32_t nc = calls_nchild(parent);
        for (uint32_t i = 0; i < nc; i++) {
            TSNode d = calls_child(parent, i);
            if (!calls_is(d, "decorator")) continue;
            char *canon = calls_canon(a, d, scope);
            uint32_t len;
            const char *txt = calls_text(a, calls_child(d, 0), &len);
            if (is_retry_name(a, canon)) set_ev(&f->retry_by, &f->retry_line, canon, calls_line(d));
            if (calls_strv_glob(&a->cat->trace_decorators, canon)) set_ev(&f->trace_by, &f->trace_line, canon, calls_line(d));
            if (calls_re_match(a->cat->route_decorator_re, txt, len)) f->is_route = true;
            if (a->py && (a->cat->retry_opt_decorators.len || a->cat->timeout_opt_decorators.len)) {
                canon = decorator_canon(a, d, scope, canon);
                uint32_t l;
                if (calls_strv_glob(&a->cat->retry_opt_decorators, canon) &&
                    (l = decorator_option(a, d, &a->cat->retry_opt_keys)))
                    set_ev(&f->retry_by, &f->retry_line, canon, l);
                if (calls_strv_glob(&a->cat->timeout_opt_decorators, canon) &&
                    (l = decorator_option(a, d, &a->cat->timeout_opt_keys)))
                    set_ev(&f->timeout_by, &f->timeout_line, canon, l);
            }
            free(canon);
        }
    }
    if (f->name && calls_re_match(a->cat->route_function_re, f->name, strlen(f->name))) f->is_route = true;
    /* JS: fn passed to a wrapper — pRetry(async () => ...), traceable(fn), app.post("/x", fn) */
    if (calls_is(parent, "arguments") || calls_is(parent, "argument_list")) {
        TSNode call = grand;
        if (calls_is_call(call)) {
            char *canon = calls_callee_name(a, call, scope);
            TSNode fnode = calls_field(call, calls_is(call, "new_expression") ? "constructor" : "function");
            uint32_t len;
            const char *txt = calls_text(a, fnode, &len);
            buf b = {0};
            buf_append(&b, txt, len);
            buf_putc(&b, '(');
            if (is_retry_name(a, canon)) set_ev(&f->retry_by, &f->retry_line, canon, calls_line(call));
            if (calls_strv_glob(&a->cat->trace_decorators, canon)) set_ev(&f->trace_by, &f->trace_line, canon, calls_line(call));
            if (calls_re_match(a->cat->route_decorator_re, b.data, b.len)) f->is_route = true;
            buf_free(&b);
            free(canon);
        }
    }
}

/* ---- context of one call ------------------------------------------------------------ */

static int scope_fn(const actx *a, int scope)
{
    for (int sc = scope; sc >= 0; sc = a->scopes.items[sc].parent)
        if (a->scopes.items[sc].kind == SC_FUNC) return a->scopes.items[sc].fn;
    return -1;
}

static bool handler_retries(const actx *a, TSNode try_node)
{
    uint32_t nc = calls_nchild(try_node);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode h = calls_child(try_node, i);
        const char *t = calls_nt(h);
        if (strcmp(t, "except_clause") && strcmp(t, "except_group_clause") && strcmp(t, "catch_clause")) continue;
        uint32_t len;
        const char *s = calls_text(a, h, &len);
        for (uint32_t k = 0; k + 5 <= len; k++)
            if (!memcmp(s + k, "sleep", 5) || (k + 8 <= len && !memcmp(s + k, "continue", 8)) ||
                (k + 7 <= len && !memcmp(s + k, "setTime", 7)))
                return true;
    }
    return false;
}

/* A handler that lets the loop go on: its last statement does not return, raise, throw or
 * break (an error logged, then the next attempt). */
static bool handler_falls_through(const actx *a, TSNode try_node)
{
    (void)a;
    uint32_t nc = calls_nchild(try_node);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode h = calls_child(try_node, i);
        const char *t = calls_nt(h);
        if (strcmp(t, "except_clause") && strcmp(t, "except_group_clause") && strcmp(t, "catch_clause")) continue;
        TSNode body = calls_field(h, "body");
        if (ts_node_is_null(body)) body = calls_child(h, calls_nchild(h) - 1);
        uint32_t bn = calls_nchild(body);
        TSNode last = bn ? calls_child(body, bn - 1) : body;
        const char *lt = calls_nt(last);
        if (strcmp(lt, "return_statement") && strcmp(lt, "raise_statement") && strcmp(lt, "throw_statement") &&
            strcmp(lt, "break_statement"))
            return true;
    }
    return false;
}

static bool try_has_handler(TSNode t)
{
    if (!ts_node_is_null(calls_field(t, "handler"))) return true;
    uint32_t nc = calls_nchild(t);
    for (uint32_t i = 0; i < nc; i++) {
        const char *ty = calls_nt(calls_child(t, i));
        if (!strcmp(ty, "except_clause") || !strcmp(ty, "except_group_clause")) return true;
    }
    return false;
}

static bool in_try_here(actx *a, TSNode call, int scope);

/* The function scope enclosing scope (itself when it is one), or -1. */
static int fn_scope(const actx *a, int scope)
{
    for (int sc = scope; sc >= 0; sc = a->scopes.items[sc].parent)
        if (a->scopes.items[sc].kind == SC_FUNC) return sc;
    return -1;
}

/* Lexically inside a try (LABELLING.md): in the call's own function, or — for a closure
 * (`const describe = async () => {...}`, a callback, a nested def) written inside a try body
 * of the function around it — in that try. Up to three closures out; a named top-level
 * function or a method ends the walk (a handler only in its callers does not count). */
bool calls_in_try(actx *a, TSNode call, int scope)
{
    TSNode at = call;
    int sc = scope;
    for (int level = 0; level < 4; level++) {
        if (in_try_here(a, at, sc)) return true;
        int fs = fn_scope(a, sc);
        if (fs < 0) return false;
        int outer = a->scopes.items[fs].parent;
        if (outer < 0 || a->scopes.items[outer].kind != SC_FUNC) return false; /* a method or a top-level function */
        at = a->scopes.items[fs].node;
        sc = outer;
    }
    return false;
}

static bool in_try_here(actx *a, TSNode call, int scope)
{
    calls_nodes up = {0};
    calls_ancestors(a, call, scope, &up);
    bool in = false;
    TSNode cur = call;
    for (size_t i = 0; i < up.len && !in; cur = up.items[i], i++) {
        TSNode p = up.items[i];
        if (calls_is_function(p)) break;
        if (calls_is(p, "try_statement")) {
            TSNode body = calls_field(p, "body");
            if (!ts_node_is_null(body) && calls_within(call, body) && try_has_handler(p)) in = true;
        }
        if (calls_is(p, "member_expression") && ts_node_eq(calls_field(p, "object"), cur)) {
            TSNode prop = calls_field(p, "property");
            if (calls_text_is(a, prop, "catch")) in = true;
            if (calls_text_is(a, prop, "then")) {
                TSNode c = i + 1 < up.len ? up.items[i + 1] : (TSNode){0};
                TSNode args = calls_call_args(c);
                if (!ts_node_is_null(args) && calls_nchild(args) >= 2) in = true;
            }
        }
    }
    VEC_FREE(&up);
    return in;
}

static void context_ancestors(actx *a, raw_call *rc, TSNode call, int scope)
{
    calls_nodes up = {0};
    calls_ancestors(a, call, scope, &up);
    bool in_try_body = false, falls_through = false;
    for (size_t i = 0; i < up.len; i++) {
        TSNode p = up.items[i];
        const char *t = calls_nt(p);
        if (calls_is_function(p)) break;
        if (strcmp(t, "try_statement") == 0) {
            TSNode body = calls_field(p, "body");
            if (!ts_node_is_null(body) && calls_within(call, body) && handler_retries(a, p)) in_try_body = true;
            if (!ts_node_is_null(body) && calls_within(call, body) && handler_falls_through(a, p)) falls_through = true;
        }
        if ((strcmp(t, "for_statement") == 0 || strcmp(t, "while_statement") == 0 || strcmp(t, "for_in_statement") == 0 ||
             strcmp(t, "do_statement") == 0)) {
            TSNode right = calls_field(p, "right");
            if (calls_is_call(right)) {
                char *canon = calls_callee_name(a, right, scope);
                if (calls_strv_glob(&a->cat->retry_contexts, canon))
                    set_ev(&rc->retry_by, &rc->retry_line, canon, calls_line(p));
                free(canon);
            }
            if (in_try_body) set_ev(&rc->retry_by, &rc->retry_line, "retry loop", calls_line(p));
            /* for attempt in range(n): try: call() except E: log  ...  sleep(1): a handler
             * that falls through to a wait before the next turn of the loop */
            TSNode lbody = calls_field(p, "body");
            if (!in_try_body && falls_through && !ts_node_is_null(lbody)) {
                uint32_t len, hl;
                const char *lb = calls_text(a, lbody, &len);
                /* the loop counts attempts (a polling loop that sleeps is no retry) */
                const char *hd = calls_text(a, p, &hl);
                hl = ts_node_start_byte(lbody) - ts_node_start_byte(p);
                bool counted = calls_memmem(hd, hl, "attempt", 7) || calls_memmem(hd, hl, "retr", 4) ||
                               calls_memmem(hd, hl, "tries", 5) || calls_memmem(hd, hl, "range(", 6);
                if (counted && (calls_memmem(lb, len, "sleep", 5) || calls_memmem(lb, len, "setTimeout", 10)))
                    set_ev(&rc->retry_by, &rc->retry_line, "retry loop", calls_line(p));
            }
        }
        if (strcmp(t, "with_statement") == 0) {
            uint32_t len;
            const char *s = calls_text(a, p, &len);
            (void)s;
            TSNode clause = calls_child(p, 0);
            uint32_t nc = calls_nchild(clause);
            for (uint32_t k = 0; k < nc; k++) {
                TSNode item = calls_child(clause, k);
                TSNode v = calls_field(item, "value");
                if (calls_is(v, "as_pattern")) v = calls_child(v, 0);
                if (!calls_is_call(v)) continue;
                char *canon = calls_callee_name(a, v, scope);
                if (calls_strv_glob(&a->cat->timeout_contexts, canon))
                    set_ev(&rc->timeout_by, &rc->timeout_line, canon, calls_line(v));
                free(canon);
            }
        }
        TSNode outer = i + 1 < up.len ? up.items[i + 1] : (TSNode){0};
        if ((strcmp(t, "argument_list") == 0 || strcmp(t, "arguments") == 0 || strcmp(t, "array") == 0) &&
            calls_is_call(outer)) {
            if (strcmp(t, "array") == 0) continue;
            char *canon = calls_callee_name(a, outer, scope);
            if (calls_strv_glob(&a->cat->timeout_wrappers, canon))
                set_ev(&rc->timeout_by, &rc->timeout_line, canon, calls_line(outer));
            if (calls_strv_glob(&a->cat->retry_wrappers, canon))
                set_ev(&rc->retry_by, &rc->retry_line, canon, calls_line(outer));
            free(canon);
        }
    }
    VEC_FREE(&up);
}

void calls_judge_context(actx *a, raw_call *rc, TSNode call, int scope)
{
    rc->fn = scope_fn(a, scope);
    context_ancestors(a, rc, call, scope);
    /* Decorators and wrappers of the enclosing function and of the functions around it. */
    for (int sc = scope; sc >= 0; sc = a->scopes.items[sc].parent) {
        if (a->scopes.items[sc].kind != SC_FUNC) continue;
        fn_def *f = &a->out->fns.items[a->scopes.items[sc].fn];
        if (f->retry_by) set_ev(&rc->retry_by, &rc->retry_line, f->retry_by, f->retry_line);
        if (f->timeout_by) set_ev(&rc->timeout_by, &rc->timeout_line, f->timeout_by, f->timeout_line);
        if (f->trace_by) set_ev(&rc->logged_by, &rc->logged_line, f->trace_by, f->trace_line);
    }
    rc->error_handled = calls_in_try(a, call, scope);
    /* Logging in the function or in the functions around a callback (pRetry(() => call)). */
    for (int sc = scope; sc >= 0 && !rc->logged_by; sc = a->scopes.items[sc].parent) {
        if (a->scopes.items[sc].kind == SC_CLASS) continue;
        char *by = NULL;
        uint32_t line = 0;
        /* a log line before the call (of the user's message, say) does not log the call: the
         * last log of the function must come at or after it */
        if (calls_scope_logs(a, sc, &by, &line) && line >= calls_line(call))
            set_ev(&rc->logged_by, &rc->logged_line, by, line);
        free(by);
        if (a->scopes.items[sc].kind == SC_FUNC && a->out->fns.items[a->scopes.items[sc].fn].name) break;
    }
}

/* ---- logging in a scope --------------------------------------------------------------- */

static bool is_handler(const char *t)
{
    return !strcmp(t, "except_clause") || !strcmp(t, "except_group_clause") || !strcmp(t, "catch_clause");
}

static bool log_call(actx *a, TSNode call)
{
    TSNode f = calls_field(call, "function");
    TSNode obj, meth;
    if (calls_is(f, "identifier") && a->cat->log_function_re) { /* logInfo('done', { usage }) */
        uint32_t len;
        const char *s = calls_text(a, f, &len);
        return calls_re_match(a->cat->log_function_re, s, len);
    }
    if (calls_is(f, "attribute")) { obj = calls_field(f, "object"); meth = calls_field(f, "attribute"); }
    else if (calls_is(f, "member_expression")) { obj = calls_field(f, "object"); meth = calls_field(f, "property"); }
    else return false;
    char *m = calls_dup(a, meth);
    bool ok = calls_strv_has(&a->cat->log_methods, m);
    free(m);
    if (!ok) return false;
    uint32_t len;
    const char *s = calls_text(a, obj, &len);
    if (calls_is_call(obj)) { /* structlog.get_logger().info(...) */
        TSNode ff = calls_field(obj, "function");
        s = calls_text(a, ff, &len);
        return len >= 10 && calls_memmem(s, len, "get_logger", 10);
    }
    return calls_re_match(a->cat->log_receiver_re, s, len);
}

typedef struct log_ctx { actx *a; TSNode root; uint32_t *line; char **by; bool dbg; } log_ctx;

bool calls_log_is_debug(const char *by)
{
    const char *dot = by ? strrchr(by, '.') : NULL;
    return dot && (!strcmp(dot, ".debug") || !strcmp(dot, ".trace"));
}

/* The last success-path log call in root (by line): error-only logging in an except /
 * catch clause does not log the call (LABELLING: "error-only logging ... false"). */
static int log_visit(void *ctx, TSNode n)
{
    log_ctx *c = ctx;
    const char *t = calls_nt(n);
    if (is_handler(t)) return VISIT_SKIP;
    if (!ts_node_eq(n, c->root) && (calls_is_function(n) || !strcmp(t, "class_definition") || !strcmp(t, "class_declaration")))
        return VISIT_SKIP;
    if (calls_is_call(n) && !calls_is(n, "new_expression") && log_call(c->a, n)) {
        uint32_t l = calls_line(n);
        char *by = calls_dup(c->a, calls_field(n, "function"));
        bool dbg = calls_log_is_debug(by);
        /* a debug-level line logs only where debug logging is on (calls_finish): any other
         * level in the scope is the better evidence */
        if (*c->by && ((dbg && !c->dbg) || (dbg == c->dbg && l <= *c->line))) { free(by); return VISIT_SKIP; }
        free(*c->by);
        *c->line = l;
        *c->by = by;
        c->dbg = dbg;
        return VISIT_SKIP;
    }
    return VISIT_DESCEND;
}

/* A logging call in the scope at root (not in nested functions, classes or handlers). */
static bool find_log(actx *a, TSNode root, uint32_t *line, char **by)
{
    log_ctx c = {a, root, line, by, false};
    calls_visit(root, log_visit, &c);
    return *by != NULL;
}

/* Where "log", "Log" or "LOG" starts in the file, in order: built once, so that telling
 * whether a scope's text holds one costs a binary search, not a scan of the scope (nested
 * anonymous functions would make the scans quadratic). */
static const calls_offsets *log_words(actx *a)
{
    if (!a->log_at_built) {
        a->log_at_built = true;
        const char *t = a->src->text;
        for (size_t i = 0; i + 3 <= a->src->len; i++)
            if ((t[i] == 'l' || t[i] == 'L') && (!memcmp(t + i, "log", 3) || !memcmp(t + i, "Log", 3) || !memcmp(t + i, "LOG", 3)))
                VEC_PUSH(&a->log_at, (uint32_t)i);
    }
    return &a->log_at;
}

static bool has_log_word(actx *a, TSNode n)
{
    const calls_offsets *w = log_words(a);
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    size_t lo = 0, hi = w->len;
    while (lo < hi) { /* the first occurrence at or after s */
        size_t mid = lo + (hi - lo) / 2;
        if (w->items[mid] < s) lo = mid + 1;
        else hi = mid;
    }
    return lo < w->len && w->items[lo] + 3 <= e;
}

/* A line of this file that turns debug logging on for good (`logging.basicConfig(level=
 * logging.DEBUG)`, `logger.setLevel("DEBUG")`, pino/winston `level: 'debug'`), not one that
 * waits for a variable (`DEBUG if os.getenv("DEBUG") else INFO`, `process.env.LOG_LEVEL ||
 * 'debug'`): its line, or 0. */
uint32_t calls_debug_logging_line(const source *src)
{
    const char *t = src->text;
    size_t n = src->len;
    if (!t || (!calls_memmem(t, n, "ebug", 4) && !calls_memmem(t, n, "EBUG", 4))) return 0;
    uint32_t line = 1;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && t[e] != '\n') e++;
        const char *l = t + i;
        size_t ll = e - i;
        bool level = calls_memmem(l, ll, "setLevel", 8) || calls_memmem(l, ll, "level=", 6) ||
                     calls_memmem(l, ll, "level =", 7) || calls_memmem(l, ll, "level:", 6);
        bool debug = calls_memmem(l, ll, "DEBUG", 5) || calls_memmem(l, ll, "'debug'", 7) ||
                     calls_memmem(l, ll, "\"debug\"", 7);
        bool cond = calls_memmem(l, ll, " if ", 4) || calls_memmem(l, ll, "?", 1) || calls_memmem(l, ll, "||", 2) ||
                    calls_memmem(l, ll, "getenv", 6) || calls_memmem(l, ll, "environ", 7) ||
                    calls_memmem(l, ll, "process.env", 11);
        size_t k = 0;
        while (k < ll && (l[k] == ' ' || l[k] == '\t')) k++;
        bool comment = k < ll && (l[k] == '#' || (k + 1 < ll && l[k] == '/' && l[k + 1] == '/'));
        if (level && debug && !cond && !comment) return line;
        line++;
        i = e + 1;
    }
    return 0;
}

bool calls_scope_logs(actx *a, int scope, char **by, uint32_t *line)
{
    int sc = scope;
    while (sc > 0 && a->scopes.items[sc].kind == SC_CLASS) sc = a->scopes.items[sc].parent;
    scope_t *s = &a->scopes.items[sc];
    if (s->logs < 0) {
        char *b = NULL;
        uint32_t l = 0;
        /* every receiver the logging regex accepts contains "log" (or "Log", "LOG") */
        bool maybe = has_log_word(a, s->node);
        bool found = maybe && find_log(a, s->node, &l, &b);
        s = &a->scopes.items[sc];
        s->logs = found ? 1 : 0;
        s->log_by = b;
        s->log_line = l;
    }
    if (!s->logs) return false;
    *by = xstrdup(s->log_by);
    *line = s->log_line;
    return true;
}

/* The first match of re in [s, s+len): its byte offset, or -1. */
static long re_find(actx *a, const pcre2_code *re, const char *s, size_t len)
{
    if (!re || !len) return -1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
    long at = rc > 0 ? (long)pcre2_get_ovector_pointer(md)[0] : -1;
    pcre2_match_data_free(md);
    (void)a;
    return at;
}

static uint32_t line_at(const char *s, long off)
{
    uint32_t line = 1;
    for (long i = 0; i < off; i++) line += s[i] == '\n';
    return line;
}

/* context_bounded: conversation history, retrieved documents or tool output growing in the
 * function that makes the call (`context.grows_regex`), and whether it is counted or cut
 * before the call anywhere in the file (`context.bounds_regex`: token counting, a window on
 * history, a cap on retrieved chunks). Text evidence, one regex search each: bounded cost. */
void calls_judge_context_bound(actx *a, raw_call *rc)
{
    rc->ctx_bounded = -1;
    const calls_catalog *cat = a->cat;
    if (!cat->context_grows_re || !cat->context_bounds_re || rc->kind != CK_CHAT) return;
    const char *text = a->src->text;
    size_t len = a->src->len;
    size_t from = 0, to = len;
    if (rc->fn >= 0) { from = a->out->fns.items[rc->fn].start; to = a->out->fns.items[rc->fn].end; }
    if (to > len || from > to) return;
    long g = re_find(a, cat->context_grows_re, text + from, to - from);
    if (g < 0) return;
    long b = re_find(a, cat->context_bounds_re, text, len);
    rc->ctx_bounded = b >= 0;
    rc->ctx_line = b >= 0 ? line_at(text, b) : line_at(text, (long)from + g);
}

/* ---- calls to repository functions (possible wrappers) ------------------------------- */

static bool names_param(actx *a, const pfacts *p, int which)
{
    for (size_t k = 0; k < p->len; k++)
        for (size_t i = 0; i < a->cat->sdks.len; i++)
            if (calls_strv_has(&a->cat->sdks.items[i].params[which], p->items[k].name)) return true;
    return false;
}

/* Does a function of this file with the callee's name make a model call? */
static bool local_wrapper(const actx *a, const fn_callsite *fc)
{
    for (size_t i = 0; i < a->out->calls.len; i++) {
        int fn = a->out->calls.items[i].fn;
        while (fn >= 0) { /* the model call may sit in a callback inside the function */
            const fn_def *d = &a->out->fns.items[fn];
            if (d->name && !strcmp(d->name, fc->callee) &&
                (fc->how == CALLEE_LOCAL ? !d->cls : d->cls && fc->cls && !strcmp(d->cls, fc->cls)))
                return true;
            fn = d->parent;
        }
    }
    return false;
}

/* An import from a well-known library (never a wrapper of ours), or for JS any bare package
 * specifier: only relative imports name files of the repository. */
static bool library(const actx *a, const binding *b)
{
    if (!a->py) return !b->relative;
    if (b->relative) return false;
    const char *src = b->imp_source ? b->imp_source : b->module;
    size_t n = strcspn(src, ".");
    for (size_t i = 0; i < a->cat->library_modules.len; i++)
        if (strlen(a->cat->library_modules.items[i]) == n && !strncmp(a->cat->library_modules.items[i], src, n)) return true;
    return false;
}

static bool py_builtin(const char *s)
{
    static const char *const b[] = {"print", "len", "str", "int", "float", "bool", "list", "dict", "set", "tuple",
                                    "range", "enumerate", "zip", "map", "filter", "sorted", "isinstance", "hasattr",
                                    "getattr", "setattr", "open", "min", "max", "sum", "any", "all", "type", "super",
                                    "repr", "round", "abs", "iter", "next", "format", "id", "vars", "callable", NULL};
    for (int i = 0; b[i]; i++)
        if (!strcmp(s, b[i])) return true;
    return false;
}

/* `from utils import *`: a call to a name the file does not bind may be a function of a
 * repository module imported with a star. One call site per such module is recorded; the
 * repository stage keeps the one whose module defines the function. */
static void star_callsites(actx *a, TSNode call, int scope, const char *name, strv *mods)
{
    if (!a->py || py_builtin(name)) return;
    if (!a->star_imports) a->star_imports = calls_memmem(a->src->text, a->src->len, "import *", 8) ? 2 : 1;
    if (a->star_imports != 2) return;
    TSNode root = a->scopes.items[0].node;
    kids k;
    calls_kids(root, &k);
    for (uint32_t i = 0; i < k.n; i++) {
        TSNode st = k.v[i];
        if (!calls_is(st, "import_from_statement") || ts_node_start_byte(st) > ts_node_start_byte(call)) continue;
        bool star = false;
        for (uint32_t c = 0; c < calls_nchild(st) && !star; c++) star = calls_is(calls_child(st, c), "wildcard_import");
        if (!star) continue;
        char *m = calls_dup(a, calls_field(st, "module_name"));
        size_t n = strcspn(m, ".");
        bool lib = false;
        for (size_t l = 0; l < a->cat->library_modules.len && !lib && m[0] != '.'; l++)
            lib = strlen(a->cat->library_modules.items[l]) == n && !strncmp(a->cat->library_modules.items[l], m, n);
        if (lib || calls_path_is_sdk_module(a, m)) free(m);
        else VEC_PUSH(mods, m);
    }
    calls_kids_free(&k);
    (void)scope;
}

static void record_fn_call_one(actx *a, TSNode call, int scope, const char *star_mod);

void calls_record_fn_call(actx *a, TSNode call, int scope)
{
    TSNode f = calls_field(call, "function");
    if (a->py && calls_is(f, "identifier")) {
        char *nm = calls_dup(a, f);
        if (!calls_lookup(a, nm, scope, ts_node_start_byte(f))) {
            strv mods = {0};
            star_callsites(a, call, scope, nm, &mods);
            for (size_t i = 0; i < mods.len; i++) {
                record_fn_call_one(a, call, scope, mods.items[i]);
                free(mods.items[i]);
            }
            VEC_FREE(&mods);
            free(nm);
            return;
        }
        free(nm);
    }
    record_fn_call_one(a, call, scope, NULL);
}

static void record_fn_call_one(actx *a, TSNode call, int scope, const char *star_mod)
{
    if (calls_is(call, "new_expression")) return;
    TSNode f = calls_field(call, "function");
    fn_callsite fc = {0};
    if (star_mod) {
        fc.how = CALLEE_IMPORT;
        fc.callee = calls_dup(a, f);
        fc.module = xstrdup(star_mod);
    } else if (calls_is(f, "identifier")) {
        char *nm = calls_dup(a, f);
        binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(f));
        if (b && b->kind == BK_DEF) {
            fc.how = CALLEE_LOCAL;
            fc.callee = nm;
        } else if (b && b->kind == BK_IMPORT && b->imp_name && strcmp(b->imp_name, "default") && !library(a, b)) {
            fc.how = CALLEE_IMPORT;
            fc.callee = xstrdup(b->imp_name);
            fc.module = xstrdup(b->imp_source);
            free(nm);
        } else {
            free(nm);
            return;
        }
    } else if (calls_is(f, "attribute") || calls_is(f, "member_expression")) {
        TSNode obj = calls_field(f, "object");
        TSNode meth = calls_field(f, calls_is(f, "attribute") ? "attribute" : "property");
        if (calls_is(obj, "this") || (a->py && calls_text_is(a, obj, "self"))) {
            int cls = calls_enclosing_class(a, scope);
            if (cls < 0) return;
            fc.how = CALLEE_METHOD;
            fc.callee = calls_dup(a, meth);
            fc.cls = xstrdup(a->scopes.items[cls].cls ? a->scopes.items[cls].cls : "");
        } else if (calls_is(obj, "attribute") || calls_is(obj, "member_expression") || calls_is(obj, "identifier")) {
            binding *b = NULL;
            if (calls_is(obj, "identifier")) {
                char *nm = calls_dup(a, obj);
                b = calls_lookup(a, nm, scope, ts_node_start_byte(obj));
                free(nm);
            }
            if (b && b->kind == BK_IMPORT) { /* llm.ask(q) with `from app import llm` */
                if (calls_path_is_sdk_module(a, b->module) || library(a, b)) return;
                fc.how = CALLEE_IMPORT;
                fc.callee = calls_dup(a, meth);
                fc.module = xstrdup(a->py ? b->module : b->imp_source);
                goto recorded;
            }
            /* executor.run(q): a method of some repository class; calls_finish links it when
             * exactly one class in the repository defines a method of that name */
            fc.how = CALLEE_ANY_METHOD;
            fc.callee = calls_dup(a, meth);
            /* the receiver's name, to tell classes apart: chain_executor.run -> ChainExecutor */
            TSNode last = calls_is(obj, "identifier") ? obj : calls_field(obj, calls_is(obj, "attribute") ? "attribute" : "property");
            fc.cls = calls_dup(a, last);
        } else {
            return;
        }
    } else {
        return;
    }
recorded:
    fc.caller_fn = scope_fn(a, scope);
    fc.line = calls_line(call);
    fc.in_try = calls_in_try(a, call, scope);
    if ((fc.how == CALLEE_LOCAL || fc.how == CALLEE_METHOD) && !local_wrapper(a, &fc)) {
        VEC_PUSH(&a->out->fcalls, fc); /* a local function without a model call: name only */
        return;
    }
    if (fc.caller_fn >= 0 && !a->out->fns.items[fc.caller_fn].log_by) {
        char *by = NULL;
        uint32_t line = 0;
        if (calls_scope_logs(a, scope, &by, &line)) {
            a->out->fns.items[fc.caller_fn].log_by = by;
            a->out->fns.items[fc.caller_fn].log_line = line;
        }
    }
    TSNode args = calls_call_args(call);
    if (!ts_node_is_null(args)) {
        pfacts p = {0};
        bool splat = false;
        calls_collect_params(a, args, scope, &p, &splat, 3); /* top-level keywords only */
        fc.pass_maxtok = names_param(a, &p, P_MAXTOK);
        fc.pass_timeout = names_param(a, &p, P_TIMEOUT);
        calls_pfacts_free(&p);
    }
    if (!ts_node_is_null(args)) {
        kids ks;
        calls_kids(args, &ks);
        uint32_t k = 0, l = 0;
        for (uint32_t i = 0; i < ks.n; i++) {
            TSNode arg = ks.v[i];
            if (calls_is(arg, "comment")) continue;
            bool kw = calls_is(arg, "keyword_argument");
            uint8_t res;
            /* obj.method(x) callers are many and rarely wrappers: their text facts suffice */
            int o = fc.how == CALLEE_ANY_METHOD ? -1 : calls_eval_object(a, kw ? calls_field(arg, "value") : arg, scope, &res);
            if (o >= 0 && !kw && k < CALLS_MAX_ARG_OBJS) {
                fc.arg_objs[k] = xcalloc(1, sizeof(objfacts));
                calls_objfacts_copy(fc.arg_objs[k], &a->objs.items[o]);
            } else if (o < 0 && !kw && k < CALLS_MAX_ARG_OBJS && fc.how != CALLEE_ANY_METHOD) {
                /* f(..., llm) with `from config.settings import llm`, or index = make_index()
                 * with make_index imported: resolved in calls_finish (calls_alias_of) */
                alias_ref al = {0};
                int cls = calls_enclosing_class(a, scope);
                char *canon = a->cat->global_slots.len && (calls_is(arg, "attribute") || calls_is(arg, "member_expression"))
                                  ? calls_canon(a, arg, scope) : NULL;
                if (canon && calls_strv_glob(&a->cat->global_slots, canon)) {
                    /* f(q, st.session_state.llm): the handle a file keeps in the slot */
                    buf key = {0};
                    buf_printf(&key, "#slot:%s", canon);
                    fc.arg_imp_src[k] = xstrdup("#slot");
                    fc.arg_imp_name[k] = buf_take(&key);
                } else if (cls >= 0 && a->scopes.items[cls].cls && (calls_is(arg, "this") || (a->py && calls_text_is(a, arg, "self")))) {
                    /* f(self): the instance; its attributes are exported as "Class.attr" ("": this file) */
                    fc.arg_imp_src[k] = xstrdup("");
                    fc.arg_imp_name[k] = xstrdup(a->scopes.items[cls].cls);
                } else if (calls_alias_of(a, arg, scope, &al, 0) && strcmp(al.name, "default") != 0) {
                    fc.arg_imp_src[k] = al.src;
                    fc.arg_imp_name[k] = al.name;
                    free(al.pre);
                } else {
                    calls_alias_free(&al);
                }
                free(canon);
            }
            if (!kw) k++;
            if (o >= 0) continue; /* a model or client passed along is not prompt text */
            bool hit = a->prompt_param_hit;
            a->prompt_param_hit = false;
            uint8_t p = calls_prompt_source(a, arg, scope, &fc.arg_user_input, &l, 2); /* shallow */
            if (p > fc.arg_prompt) fc.arg_prompt = p;
            fc.arg_from_param |= a->prompt_param_hit;
            a->prompt_param_hit = hit;
        }
        calls_kids_free(&ks);
    }
    if (fc.how != CALLEE_ANY_METHOD && calls_scope_has_sinks(a, scope)) {
        bool ret = false;
        char *vby = NULL;
        calls_flow(a, call, scope, &fc.cond_sinks, &ret, &fc.cond_validated, &fc.cond_validated_line, &vby);
        free(vby);
    }
    VEC_PUSH(&a->out->fcalls, fc);
}
