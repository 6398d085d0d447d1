/* calls_int: internals shared by the calls_*.c files (not part of the public API). */
#ifndef AIREADY_CALLS_INT_H
#define AIREADY_CALLS_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "bounds.h"
#include "buf.h"
#include "calls.h"

typedef VEC(char *) strv;

/* ---- catalog (calls_catalog.c) ------------------------------------------------------ */

enum { CK_CHAT = 0, CK_EMBED, CK_IMAGE };              /* what a call makes the model do */
enum { VAL_FALSE = 0, VAL_WEAK, VAL_TRUE };             /* output validation strength */

typedef struct cat_path {
    char *path;       /* "chat.completions.create" ("__call__": the object is called) */
    uint8_t kind;     /* CK_* */
    uint8_t validated;/* VAL_*: what the method itself guarantees */
} cat_path;
typedef VEC(cat_path) cat_paths;

typedef struct cat_ctor {
    char *path;       /* relative to a module; "*.client" = a method on any receiver */
    char *arg;        /* required first literal argument, or NULL */
} cat_ctor;

enum { P_MODEL = 0, P_MAXTOK, P_TIMEOUT, P_RETRIES, P_FORMAT, P_PROMPT, P_BASEURL, P_TELEMETRY, P_COUNT };

typedef struct cat_sdk {
    char *id, *provider, *file;
    char *cite;                   /* "rules/sdks/NAME.yaml#ID": how reports cite the defaults */
    uint32_t line, defaults_line;
    bool py, js;                  /* languages */
    bool local, http, inherit, positional_model;
    strv modules, traced_modules, factories, passthrough, combinators, hosts, router_retries;
    strv node_adders;             /* builder methods taking a node function (add_node): the graph runs its model */
    VEC(cat_ctor) ctors;
    cat_paths calls, module_calls;
    strv params[P_COUNT];
    int def_retries;              /* default retries (0 = the SDK does not retry) */
    bool def_timeout_set;         /* false: no default timeout */
    double def_timeout;           /* seconds */
    char *verified;               /* where the defaults were read */
    pcre2_code *model_re;         /* model ids this SDK serves (medium-confidence check) */
} cat_sdk;

typedef struct cat_instr {
    char *call;                   /* glob on the dotted callee */
    strv covers;                  /* providers; empty = all */
    char *when_kwarg;
} cat_instr;
typedef VEC(cat_instr) cat_instrs;

typedef struct cat_env {
    pcre2_code *re;
    char *keyword;               /* cheap prefilter: the text must contain it */
    strv covers;
    char *what;
} cat_env;

typedef struct cat_parser { char *name; uint8_t level; } cat_parser;

enum { SINK_EXEC = 0, SINK_SHELL, SINK_SQL, SINK_HTML, SINK_DESER, SINK_PATH, SINK_COUNT };
/* Not a sink: the output is handed to client code (a worker's postMessage), which the
 * repository stage joins with the client's rendering (calls_client.c). */
enum { SINK_TO_CLIENT = SINK_COUNT };

typedef struct cat_sink {
    uint8_t kind;
    bool py, js, string_built;
    strv builtins, calls, properties, jsx_attributes;
    char *require_kwarg;
    pcre2_code *unless_re;        /* the arguments' text rules the sink out (JSON.stringify) */
    pcre2_code *unless_scope_re;  /* the enclosing function's text rules it out (a non-HTML Content-Type) */
} cat_sink;

typedef struct cat_access {     /* what authenticates, rate-limits and exposes a web handler */
    strv auth_decorators, auth_wrappers, auth_classes, rate_decorators, role_decorators;
    strv deploy_files, platform_files, container_files;
    pcre2_code *auth_dep_re, *auth_body_re, *auth_mw_re, *auth_django_re, *auth_hook_re, *auth_app_re;
    pcre2_code *auth_fail_open_re; /* auth that admits every request when its secret is unset */
    pcre2_code *rate_dep_re, *rate_body_re, *rate_mw_re, *rate_global_re, *role_re;
    pcre2_code *bind_re, *deploy_re, *space_re, *platform_re, *share_re, *workflow_re;
    /* deployed request timeouts (a Lambda's Timeout, a proxy's response_timeout): which files
     * of the application's own, and the setting in them */
    VEC(struct cat_fn_timeout { strv files; pcre2_code *re; }) fn_timeouts;
} cat_access;

struct calls_catalog {
    VEC(cat_sdk) sdks;
    strv trace_decorators, trace_wrappers, proxy_hosts, exporters;
    cat_instrs instrument, callback_settings;
    VEC(cat_env) env;
    strv log_methods;
    pcre2_code *log_receiver_re;
    pcre2_code *log_function_re;  /* bare logging helpers: logInfo(...), log_event(...) */
    strv retry_decorators, retry_contexts, retry_wrappers;
    /* decorators that run the function on a platform which retries it / times it out when
     * given the option keyword (Modal @app.function(retries=, timeout=)) */
    strv retry_opt_decorators, retry_opt_keys, timeout_opt_decorators, timeout_opt_keys;
    pcre2_code *retry_name_re;
    strv timeout_wrappers, timeout_contexts;
    strv val_strong, val_weak, val_clients;
    VEC(cat_parser) parsers;
    VEC(cat_sink) sinks;
    strv sanitizers, prompt_file, prompt_registry, user_prefixes, library_modules;
    strv sink_words, http_paths, model_paths;
    /* repository-wide slots a handle can be kept in and read back from anywhere (Streamlit
     * `st.session_state.llm`): canonical-name globs */
    strv global_slots;
    strv value_invokers;                       /* call a function passed as a value: asyncio.to_thread */
    pcre2_code *context_grows_re, *context_bounds_re;  /* context_bounded: `context:` in common.yaml */
    pcre2_code *client_html_re;                /* client_html: text the client writes as raw HTML */
    strv client_skip_paths;                    /* client_html: vendored or generated client code */
    strv client_receive_words;                 /* client_html: the file receives data (useChat, fetch) */
    pcre2_code *inherited_attr_re;             /* last names of every sink and validator: a text prefilter */
    pcre2_code *route_decorator_re, *route_function_re;
    VEC(pcre2_code *) pinned;
    cat_access access;                         /* item 32: rules/sdks/web.yaml `access:` */
    VEC(calls_example) examples;               /* every entry's `tests:` (strings owned here) */
};

const char *calls_sink_name(int kind);
bool calls_glob(const char *pat, const char *s);
const char *calls_memmem(const char *hay, size_t hlen, const char *needle, size_t nlen);        /* '*' = any run of characters */
bool calls_strv_has(const strv *v, const char *s);
bool calls_strv_glob(const strv *v, const char *s);       /* any pattern matches s */
bool calls_re_match(const pcre2_code *re, const char *s, size_t len);
const cat_path *calls_cat_find_path(const cat_paths *v, const char *path);
bool calls_model_pinned(const calls_catalog *cat, const char *model);

/* ---- per-file facts ------------------------------------------------------------------- */

enum { VK_OTHER = 0, VK_NONE, VK_ZERO, VK_NUM, VK_TRUE, VK_FALSE, VK_STR };
enum { MS_UNKNOWN = 0, MS_CONFIG, MS_REQUEST };

typedef struct pfact {           /* a keyword argument or object key seen on a call */
    char *name;
    uint8_t vk;                  /* VK_* */
    double num;
    char *str;                   /* literal text, or the expression text (clipped) when !literal */
    bool literal;                /* str is a string literal (also the literal of model=openai("x")) */
    uint32_t line;
    uint8_t src;                 /* MS_*: where a non-literal value comes from */
    /* A configured value (model ids): the literal it resolves to in this file (an env
     * default, a settings class field), or the other module's constant it names, resolved
     * in calls_finish against that file's consts (ref_src "": this file). */
    char *resolved;
    char *ref_src, *ref_name;
} pfact;
typedef VEC(pfact) pfacts;

typedef struct sink_hit { uint8_t kind; uint32_t line, col; char *what; } sink_hit;
typedef VEC(sink_hit) sink_list;

enum { PS_UNKNOWN = 0, PS_INLINE, PS_FILE, PS_REGISTRY };

typedef struct objfacts {        /* what is known about a client / model / chain object */
    int sdk;                     /* catalog index: the vocabulary of calls */
    int def_sdk;                 /* catalog index whose defaults apply (a chain: its model's) */
    pfacts params;               /* constructor and factory arguments */
    uint32_t line;
    char *logged_by; uint32_t logged_line;
    uint8_t validated; uint32_t validated_line; char *validated_by;
    char *retry_by; uint32_t retry_line;         /* with_retry(), Router, ... */
    bool typed;                  /* known only from a type annotation: configuration unseen */
    uint8_t prompt_src; bool user_input; uint32_t prompt_line;
} objfacts;

typedef struct raw_call {
    uint32_t line, col;
    lang lang;
    int sdk;                     /* -1 while pending */
    char *api;
    uint8_t kind, cat_validated;
    bool medium;
    char *pend_module, *pend_name, *pend_rest;   /* cross-file object, resolved in calls_finish */
    bool pend_relative;
    int pend_param;              /* receiver is this parameter of the function (-1: not) */
    int pend_fn;                 /* the function that has that parameter (a closure's call: an outer one) */
    int medium_sdk;              /* fallback when the parameter cannot be resolved (-1: none) */
    pfacts params;               /* the call's own arguments and with_options(...) */
    bool has_obj;
    objfacts obj;
    char *retry_by; uint32_t retry_line; bool retry_is_zero_ctx;
    char *timeout_by; uint32_t timeout_line;
    char *logged_by; uint32_t logged_line;
    bool error_handled;
    uint8_t post_validated; uint32_t post_validated_line; char *post_validated_by;
    uint8_t prompt_src; bool user_input; uint32_t prompt_line;
    sink_list sinks;
    bool returns_taint, kwargs_splat, telemetry_on;
    bool prompt_from_param;      /* some prompt text comes from a parameter: callers tell */
    int8_t ctx_bounded;          /* -1: no growing context seen; 0: unbounded; 1: counted or truncated */
    uint32_t ctx_line;           /* the evidence: where the context grows, or where it is bounded */
    int fn;                      /* index in calls_file.fns, -1 at module level */
    char *url_text;              /* raw HTTP whose URL names another module's value: its text */
    pfacts url_refs;             /* ... and those values (ref_src, ref_name), resolved in calls_finish */
    char *snippet;               /* the call's text, whitespace collapsed, clipped */
    char *line_text;
} raw_call;

typedef struct fn_def {
    char *name, *cls;
    int parent;                  /* enclosing function, -1 at module level */
    uint32_t line;
    char *retry_by; uint32_t retry_line;
    char *timeout_by; uint32_t timeout_line;  /* a platform decorator's timeout= (Modal) */
    char *trace_by; uint32_t trace_line;
    char *log_by; uint32_t log_line;
    bool is_route;
    bool server_action;          /* a Next.js server action: any client may call it with any arguments */
    uint32_t start, end;         /* byte range of the function node */
} fn_def;

enum { CALLEE_LOCAL = 0, CALLEE_IMPORT, CALLEE_METHOD, CALLEE_ANY_METHOD };

typedef struct fn_callsite {     /* a call to a repository function (a possible wrapper) */
    char *callee;                /* function name */
    char *module;                /* CALLEE_IMPORT: the import source */
    char *cls;                   /* CALLEE_METHOD: the caller's class */
    uint8_t how;
    int caller_fn;
    uint32_t line;
    bool in_try, pass_maxtok, pass_timeout;
    sink_list cond_sinks;        /* sinks reached if the callee returns model output */
    uint8_t cond_validated; uint32_t cond_validated_line;
    uint8_t arg_prompt; bool arg_user_input;  /* where the arguments' text comes from */
    bool arg_from_param;         /* some argument text is a parameter of the caller */
#define CALLS_MAX_ARG_OBJS 8
    objfacts *arg_objs[CALLS_MAX_ARG_OBJS];   /* SDK objects passed as positional arguments */
    char *arg_imp_src[CALLS_MAX_ARG_OBJS];    /* or names imported from a repository module: */
    char *arg_imp_name[CALLS_MAX_ARG_OBJS];   /* the import source and name, resolved at the end */
} fn_callsite;

/* A name a file exports for other files: an SDK object (obj), or an alias of a name another
 * module exports (alias_src set: `from .llm import client` re-exported, `client = make()`
 * with make imported, `def get(): return make()`), followed in calls_finish. */
typedef struct export_obj { char *name; objfacts obj; char *alias_src, *alias_name; } export_obj;

/* Where a value comes from when it is another module's export (calls_resolve.c). */
/* pre: methods that keep the handle, applied to the export before the use
 * (`model.withStructuredOutput(S)`: "withStructuredOutput"), dotted, or NULL. */
typedef struct alias_ref { char *src, *name; bool relative; char *pre; } alias_ref;

/* A string a file defines at module or class level, for other files' configured values:
 * `MODEL = "x"`, `class Config: MODEL = "x"` ("Config.MODEL"), `os.getenv("M", "x")` (its
 * default), `export const config = {model: "x"}` ("config.model"); or, with cls set, a
 * module-level instance of a class of the file (`settings = Settings()`). */
typedef struct const_str { char *name, *value, *cls; uint32_t line; } const_str;

typedef struct instr_hit { char *what; uint32_t line; strv covers; } instr_hit;

/* ---- item 32: web handlers and what protects them (calls_access.c) ---------------------- */

typedef struct evidence { char *by; uint32_t line; } evidence;  /* by == NULL: none */

typedef struct web_handler {
    char *name;                  /* function label, or "<app>" for a whole-file app */
    char *route, *method;        /* "/chat", "POST"; NULL when not visible */
    const char *framework;       /* static string: fastapi, flask, django, express, nextjs, ... */
    uint32_t line, col;
    int fn;                      /* index in fns; -1 with whole_file or ext_* */
    bool whole_file;             /* a Streamlit app: the module and every function in it */
    char *ext_module, *ext_name; /* Express handler imported from another file */
    char *router;                /* receiver (FastAPI router, Express router): mounts name it */
    evidence auth, rate, roles;
    char *snippet;
    uint32_t at;                 /* byte offset of an Express route (app.use order) */
} web_handler;

typedef struct web_mount {       /* a router of another module mounted with protection */
    char *module, *name;         /* import source and imported name ("default", or NULL: any) */
    evidence auth, rate, roles;
} web_mount;

typedef struct calls_access_file {
    VEC(web_handler) handlers;
    VEC(web_mount) mounts;
    evidence py_auth, py_rate;   /* app-wide Python middleware / hooks / default limits */
    evidence django_auth;        /* DRF DEFAULT_PERMISSION_CLASSES */
    evidence app_auth;           /* Streamlit / Gradio app gate in this file */
    bool next_mw;                /* a Next.js middleware.ts / proxy.ts */
    strv matchers;               /* its config.matcher patterns (empty: every path) */
    evidence mw_auth, mw_rate;
    evidence bind, deploy, platform, share;  /* exposure */
    evidence container, workflow;            /* a Dockerfile; a CI workflow that deploys */
    evidence fail_open;                      /* an auth check that passes when its secret is unset */
    evidence client_html;                    /* client code writing received text as raw HTML (calls_client.c) */
    evidence fn_timeout;                     /* a deployed request timeout (serverless function, proxy) */
} calls_access_file;

struct calls_file {
    char *path;
    calls_access_file web;
    lang lang;
    VEC(raw_call) calls;
    VEC(fn_def) fns;
    VEC(fn_callsite) fcalls;
    VEC(export_obj) exports;
    VEC(const_str) consts;
    VEC(instr_hit) instr;
    char *exporter_by; uint32_t exporter_line;
    uint32_t debug_line;         /* a line turning debug-level logging on (0: none) */
    bounds_notes notes;          /* limits reached while analysing the file */
};

void calls_pfacts_free(pfacts *p);
void calls_objfacts_free(objfacts *o);
void calls_objfacts_copy(objfacts *dst, const objfacts *src);
void calls_sinks_free(sink_list *s);
void calls_sink_add(sink_list *s, uint8_t kind, uint32_t line, uint32_t col, const char *what);
const pfact *calls_pfacts_find(const pfacts *p, const strv *names);


/* ---- per-file analysis context (calls.c, calls_resolve.c, calls_judge.c, calls_flow.c) -- */

/* BK_GLOBAL: `global x` in a Python function; x there is the module's x (calls_lookup). */
enum { BK_IMPORT = 0, BK_ASSIGN, BK_PARAM, BK_DEF, BK_GLOBAL };

typedef struct binding {
    char *name;                  /* "client", or "this.client" for self./this. attributes */
    int scope;                   /* index in actx.scopes: where the name is visible */
    int vscope;                  /* where the value is evaluated (self.x = v inside __init__) */
    uint8_t kind;                /* BK_* */
    bool relative;               /* BK_IMPORT from a local module (./x, .x) */
    bool destructured;           /* bound from a pattern: the value is not the object itself */
    int8_t elem;                 /* Python `a, b = v`: the position in the tuple (-1: none) */
    char *module;                /* BK_IMPORT: dotted path, e.g. "openai.OpenAI" */
    char *imp_source, *imp_name; /* BK_IMPORT: the import source and the imported name */
    TSNode value;                /* BK_ASSIGN value; BK_DEF/BK_PARAM: the function node */
    TSNode type;                 /* BK_PARAM / annotated field: the type annotation, or null */
    uint32_t at;                 /* byte offset */
    int next;                    /* hash chain */
    uint8_t memo;                /* 0 not evaluated, 1 in progress, 2 done */
    int obj;                     /* memo: object index or -1 */
    uint8_t res;                 /* memo: RES_* */
    uint8_t pmemo;               /* calls_prompt memo: 0 not traced, 1 in progress, 2 done */
    uint8_t p_ps; bool p_ui, p_param; uint32_t p_line;
} binding;

enum { SC_MODULE = 0, SC_FUNC, SC_CLASS };

typedef struct scope {
    uint8_t kind;
    int parent;
    int fn;                      /* SC_FUNC: index in calls_file.fns */
    TSNode node;
    char *cls;                   /* SC_CLASS: the class name */
    int base_sdk;                /* SC_CLASS extending an SDK class (a custom chain): its sdk */
    int8_t logs;                 /* memo for logging evidence: -1 unknown, 0, 1 */
    char *log_by; uint32_t log_line;
    void *flow;                  /* calls_flow's gathered statements (calls_flow.c), or NULL */
    int8_t has_sinks;            /* memo: -1 unknown */
} scope_t;

enum { RES_UNKNOWN = 0, RES_OBJ, RES_OTHER };

typedef struct candidate { TSNode node; int scope; } candidate;

typedef VEC(uint32_t) calls_offsets;

typedef struct actx {
    const calls_catalog *cat;
    const source *src;
    calls_file *out;
    bool py;
    uint8_t use_server;          /* the file's 'use server' directive: 0 not read, 1 yes, 2 no */
    VEC(binding) binds;
    int *heads; size_t nheads;   /* hash of binding names */
    VEC(scope_t) scopes;
    VEC(candidate) cands;
    VEC(candidate) deferred;     /* calls to repository functions, recorded after the model calls */
    VEC(objfacts) objs;
    pcre2_match_data *md;
    uint8_t sdk_imports;         /* some catalog module is imported here: 0 not known yet, 1 yes, 2 no */
    bool prompt_param_hit;       /* set by calls_prompt_source on reaching a parameter */
    int prompt_active;           /* calls_prompt_source frames on the stack */
    int prompt_budget;           /* nodes left to visit in the current top-level trace */
    bool prompt_cut;             /* the current trace hit a limit: do not memoise it */
    uint8_t star_imports;        /* `from m import *` in the file: 0 not looked yet, 1 none, 2 some */
    int eval_depth;              /* calls_eval_object frames on the stack */
    uint32_t cut;                /* CUT_*: limits reached, noted once each at the end */
    uint32_t cut_line;           /* where CUT_EVAL was first reached */
    uint32_t cut_calls_line;     /* the first call not analysed (CUT_CALLS) */
    uint32_t cut_time_line;      /* where the deadline passed (CUT_TIME) */
    calls_offsets log_at;        /* calls_scope_logs: where "log" words start (lazily) */
    bool log_at_built;
} actx;

enum { CUT_EVAL = 1u << 0, CUT_CALLS = 1u << 1, CUT_TIME = 1u << 2 };

typedef struct walk_out {
    uint8_t res;              /* RES_* for the whole chain */
    int obj;                  /* RES_OBJ: object index */
    int sdk;                  /* model call: sdk index */
    const cat_path *path;     /* model call: catalog entry */
    bool medium;
    char *pend_module, *pend_name, *pend_rest;
    bool pend_relative;
    int pend_param;           /* receiver is a parameter: its index (self/cls not counted) */
    int pend_fn;              /* ... of this function (index in fns; an enclosing one for a closure) */
    int base_sdk;             /* receiver is self.<attr> of a class extending an SDK class */
    int call_obj;             /* object the model call is made on (-1: module) */
} walk_out;

/* tree helpers (calls_resolve.c) */
const char *calls_nt(TSNode n);
bool calls_is(TSNode n, const char *type);
TSNode calls_field(TSNode n, const char *name);
uint32_t calls_nchild(TSNode n);
/* Pre-order over the named nodes of the subtree at root (root included), children in
 * order, with an explicit stack: any nesting depth, no recursion. fn returns VISIT_*. */
enum { VISIT_DESCEND = 0, VISIT_SKIP, VISIT_STOP };
typedef int (*calls_visit_fn)(void *ctx, TSNode n);
bool calls_visit(TSNode root, calls_visit_fn fn, void *ctx); /* false: fn stopped it */
/* The ancestors of node n (found in scope) up to its enclosing function, or the root at
 * module level, innermost first: one pass down, where a ts_node_parent per step would
 * search down from the root each time (quadratic in the nesting). */
typedef VEC(TSNode) calls_nodes;
void calls_ancestors(const actx *a, TSNode n, int scope, calls_nodes *out);
/* The named children of a node, read once with a cursor (ts_node_named_child(n, i) costs O(i),
 * which makes index loops quadratic on wide nodes such as module bodies). */
typedef struct kids { TSNode *v; uint32_t n; TSNode small[16]; } kids;
void calls_kids(TSNode n, kids *k);
void calls_kids_free(kids *k);
TSNode calls_child(TSNode n, uint32_t i);
TSNode calls_parent(TSNode n);
const char *calls_text(const actx *a, TSNode n, uint32_t *len);
char *calls_dup(const actx *a, TSNode n);
bool calls_text_is(const actx *a, TSNode n, const char *s);
uint32_t calls_line(TSNode n);
uint32_t calls_col(TSNode n);
bool calls_is_call(TSNode n);
bool calls_is_function(TSNode n);
bool calls_within(TSNode inner, TSNode outer);
char *calls_string_literal(const actx *a, TSNode n);   /* NULL unless a plain literal */
char *calls_callee_name(actx *a, TSNode call, int scope); /* dotted, imports resolved */
char *calls_canon(actx *a, TSNode expr, int scope);
TSNode calls_call_args(TSNode call);

/* bindings and resolution (calls_resolve.c) */
void calls_bind(actx *a, const char *name, int scope, uint8_t kind, TSNode value, uint32_t at);
binding *calls_lookup(actx *a, const char *name, int scope, uint32_t at);
bool calls_declared_global(const actx *a, const char *name, int scope);
bool calls_alias_of(actx *a, TSNode v, int scope, alias_ref *out, int depth);
void calls_alias_free(alias_ref *r);
bool calls_alias_of_fn(actx *a, TSNode fn, alias_ref *out);
int calls_enclosing_class(const actx *a, int scope);
int calls_eval_object(actx *a, TSNode n, int scope, uint8_t *res);
TSNode calls_first_return(TSNode fn);           /* fn's first `return <expr>` (not a nested function's), or null */
int calls_scope_of(const actx *a, TSNode fn);   /* the scope a function node opens, or -1 */
int calls_eval_binding(actx *a, binding *b, uint8_t *res); /* a name's object: its value, another assignment, its annotation */
int calls_fn_returns_obj(actx *a, binding *b);
int calls_base_sdk(actx *a, TSNode cls, int scope);
void calls_resolve_candidate(actx *a, const candidate *c);
void calls_bind_import(actx *a, TSNode n, int scope);
bool calls_bind_require(actx *a, TSNode pattern, TSNode value, int scope);
bool calls_path_is_sdk_module(const actx *a, const char *path);
void calls_make_call(actx *a, TSNode call, int scope, const walk_out *w, int sdk, const cat_path *cp, bool medium);

/* judging (calls_judge.c) */
void calls_collect_params(actx *a, TSNode args, int scope, pfacts *out, bool *splat, int depth);
void calls_judge_context(actx *a, raw_call *rc, TSNode call, int scope);
/* parent and grand: the function node's parent and grandparent (the walk knows them). */
void calls_fn_decorators(actx *a, fn_def *f, TSNode parent, TSNode grand, int scope);
uint8_t calls_prompt_source(actx *a, TSNode n, int scope, bool *user_input, uint32_t *line, int depth);
/* Where a non-literal model id comes from: MS_CONFIG, MS_REQUEST or MS_UNKNOWN. */
uint8_t calls_model_source(actx *a, TSNode v, int scope, int depth);
void calls_call_prompt(actx *a, raw_call *rc, TSNode call, int scope);
/* The string a configured value stands for in this file: a literal, or the default of an
 * environment lookup (os.getenv("M", "x"), process.env.M || "x"); NULL otherwise. */
char *calls_config_literal(actx *a, TSNode v);
/* Where configured value v lives (pfact resolved / ref_src, ref_name; see calls_judge.c). */
void calls_config_ref(actx *a, TSNode v, int scope, pfact *f);
/* The model endpoint a raw HTTP URL's text reaches (a provider host with an inference path,
 * a model server route after a base, Ollama's routes on an Ollama base), or NULL. */
char *calls_http_target_text(const calls_catalog *cat, const char *text);
/* calls.c: the module- and class-level strings of the file (calls_file.consts). */
void calls_collect_consts(actx *a, calls_file *f);
void calls_judge_context_bound(actx *a, raw_call *rc);
bool calls_in_try(actx *a, TSNode call, int scope);
bool calls_scope_logs(actx *a, int scope, char **by, uint32_t *line);
/* The logger call by (`logger.debug`) logs at debug / trace level: off unless the
 * repository turns it on (calls_file.debug_line). */
bool calls_log_is_debug(const char *by);
uint32_t calls_debug_logging_line(const source *src);
void calls_record_fn_call(actx *a, TSNode call, int scope);

/* item 32 (calls_access.c; the join with model calls: calls_access_join.c) */
typedef struct repo repo;
typedef struct reach_rec { size_t file; int fn; uint32_t line; char *api, *provider; } reach_rec;
int calls_repo_module(const repo *r, size_t from, const char *spec);
bool calls_repo_targets(const repo *r, size_t cf, const fn_callsite *s, size_t tf, const fn_def *fn);
void calls_access_join(const calls_catalog *cat, const repo *r, calls_file *const *files, size_t n,
                       const reach_rec *reach, size_t nreach, finding_list *out);
void calls_access_scan(actx *a, TSNode root);
/* The file starts with the 'use server' directive (Next.js server actions). */
bool calls_use_server_file(const actx *a);
void calls_access_text(const calls_catalog *cat, const source *src, calls_file *f);
void calls_access_file_free(calls_access_file *w);

/* client code that renders what it receives as raw HTML (calls_client.c) */
void calls_client_scan(actx *a, TSNode root);
/* The file whose client code renders the call's output as raw HTML (its line and text in
 * *line, *what), or -1: the output is posted by a worker or returned by the web handler
 * that makes the call, and some client file writes message text as raw HTML. */
int calls_client_reached(calls_file *const *files, size_t n, size_t fi, const raw_call *rc, uint32_t *line,
                         const char **what);

/* data flow (calls_flow.c) */
void calls_flow_callbacks(actx *a, TSNode call, sink_list *sinks); /* streaming callbacks' sinks */
void calls_flow(actx *a, TSNode source_call, int scope, sink_list *sinks, bool *returns,
                uint8_t *validated, uint32_t *vline, char **vby);
bool calls_scope_has_sinks(actx *a, int scope);
void calls_flow_cache_free(void *cache);
/* What else feeds a name in the function (or module) at scope: the arguments of calls that
 * add to it (messages.append(x), history.push(x), parts.extend(xs)) and the right-hand
 * sides of loops, `with ... as` and other assignments that bind it (for m in msgs). */
void calls_flow_feeds(actx *a, int scope, const char *name, calls_nodes *out);
/* Keys set on a name in the function (or module) at scope: kw["timeout"] = 30, opts.maxTokens = n
 * — the key nodes and their values, in order. */
void calls_flow_key_sets(actx *a, int scope, const char *name, calls_nodes *keys, calls_nodes *values);

#endif
