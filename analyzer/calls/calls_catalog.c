#define _GNU_SOURCE /* memmem */
/* calls_catalog: loads the SDK catalog (the YAML files of rules/sdks) with libyaml and
 * validates it. */
#include "calls_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct loader {
    const char *file;
    yaml_document_t *doc;
    buf err;
    calls_catalog *cat;
} loader;

static void fail(loader *L, const yaml_node_t *n, const char *fmt, const char *arg)
{
    if (L->err.len) buf_putc(&L->err, '\n');
    buf_printf(&L->err, "%s:%lu: ", L->file, n ? (unsigned long)n->start_mark.line + 1 : 0UL);
    buf_printf(&L->err, fmt, arg);
}

static yaml_node_t *node_at(loader *L, int idx) { return yaml_document_get_node(L->doc, idx); }

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *map_get(loader *L, const yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = scalar(node_at(L, p->key));
        if (k && strcmp(k, key) == 0) return node_at(L, p->value);
    }
    return NULL;
}

/* Rejects keys outside `allowed` so that a typo in a catalog is an error, not a silent gap. */
static void check_keys(loader *L, const yaml_node_t *map, const char *const *allowed)
{
    if (!map || map->type != YAML_MAPPING_NODE) return;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = node_at(L, p->key);
        const char *k = scalar(kn);
        bool ok = false;
        for (size_t i = 0; k && allowed[i]; i++)
            if (strcmp(k, allowed[i]) == 0) ok = true;
        if (!ok) fail(L, kn, "unknown key '%s'", k ? k : "?");
    }
}

static bool is_null_scalar(const char *s)
{
    return !s || !*s || strcmp(s, "null") == 0 || strcmp(s, "~") == 0;
}

static void read_strv(loader *L, const yaml_node_t *n, strv *out, const char *what)
{
    if (!n) return;
    if (n->type == YAML_SCALAR_NODE) {
        VEC_PUSH(out, xstrdup(scalar(n)));
        return;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        fail(L, n, "%s: expected a list of strings", what);
        return;
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        const char *s = scalar(node_at(L, *it));
        if (!s) fail(L, node_at(L, *it), "%s: expected a string", what);
        else VEC_PUSH(out, xstrdup(s));
    }
}

static pcre2_code *compile_re(loader *L, const yaml_node_t *n, const char *pattern)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
    if (!re) {
        char msg[256];
        pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
        fail(L, n, "bad regex: %s", msg);
        return NULL;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* best effort: the interpreter is the fallback */
    return re;
}

static uint8_t kind_from(loader *L, const yaml_node_t *n)
{
    const char *s = scalar(n);
    if (!s || strcmp(s, "chat") == 0) return CK_CHAT;
    if (strcmp(s, "embedding") == 0) return CK_EMBED;
    if (strcmp(s, "image") == 0) return CK_IMAGE;
    fail(L, n, "kind must be chat, embedding or image, not '%s'", s);
    return CK_CHAT;
}

static uint8_t level_from(loader *L, const yaml_node_t *n)
{
    const char *s = scalar(n);
    if (!s || strcmp(s, "false") == 0) return VAL_FALSE;
    if (strcmp(s, "true") == 0) return VAL_TRUE;
    if (strcmp(s, "weak") == 0) return VAL_WEAK;
    fail(L, n, "validation level must be true, weak or false, not '%s'", s);
    return VAL_FALSE;
}

static void read_paths(loader *L, const yaml_node_t *n, cat_paths *out)
{
    if (!n) return;
    if (n->type != YAML_SEQUENCE_NODE) {
        fail(L, n, "%s: expected a list", "calls");
        return;
    }
    static const char *const keys[] = {"path", "kind", "validated", NULL};
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *e = node_at(L, *it);
        cat_path p = {0};
        if (scalar(e)) {
            p.path = xstrdup(scalar(e));
        } else if (e->type == YAML_MAPPING_NODE) {
            check_keys(L, e, keys);
            const char *path = scalar(map_get(L, e, "path"));
            if (!path) { fail(L, e, "%s: entry needs a path", "calls"); continue; }
            p.path = xstrdup(path);
            p.kind = kind_from(L, map_get(L, e, "kind"));
            p.validated = level_from(L, map_get(L, e, "validated"));
        } else {
            fail(L, e, "%s: expected a path or a mapping", "calls");
            continue;
        }
        VEC_PUSH(out, p);
    }
}

static void read_ctors(loader *L, const yaml_node_t *n, cat_sdk *s)
{
    if (!n) return;
    if (n->type != YAML_SEQUENCE_NODE) { fail(L, n, "%s: expected a list", "constructors"); return; }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *e = node_at(L, *it);
        cat_ctor c = {0};
        if (scalar(e)) {
            c.path = xstrdup(scalar(e));
        } else {
            const char *path = scalar(map_get(L, e, "path"));
            const char *arg = scalar(map_get(L, e, "arg"));
            if (!path) { fail(L, e, "%s: entry needs a path", "constructors"); continue; }
            c.path = xstrdup(path);
            c.arg = arg ? xstrdup(arg) : NULL;
        }
        VEC_PUSH(&s->ctors, c);
    }
}

static const char *const param_names[P_COUNT] = {
    "model", "max_tokens", "timeout", "retries", "response_format", "prompt", "base_url", "telemetry",
};

static void read_params(loader *L, const yaml_node_t *n, cat_sdk *s)
{
    if (!n) { fail(L, NULL, "sdk '%s' has no params", s->id); return; }
    static const char *const keys[] = {"model", "max_tokens", "timeout", "retries", "response_format",
                                       "prompt", "base_url", "telemetry", NULL};
    check_keys(L, n, keys);
    for (int i = 0; i < P_COUNT; i++) read_strv(L, map_get(L, n, param_names[i]), &s->params[i], param_names[i]);
}

static void read_defaults(loader *L, const yaml_node_t *n, cat_sdk *s)
{
    static const char *const keys[] = {"retries", "timeout", "verified", NULL};
    if (!n) { fail(L, NULL, "sdk '%s' has no defaults", s->id); return; }
    check_keys(L, n, keys);
    s->defaults_line = (uint32_t)n->start_mark.line + 1;
    const char *r = scalar(map_get(L, n, "retries"));
    const char *t = scalar(map_get(L, n, "timeout"));
    const char *v = scalar(map_get(L, n, "verified"));
    if (!r) fail(L, n, "sdk '%s': defaults.retries is required", s->id);
    else s->def_retries = atoi(r);
    if (!is_null_scalar(t)) {
        s->def_timeout_set = true;
        s->def_timeout = strtod(t, NULL);
    }
    if (!v) fail(L, n, "sdk '%s': defaults.verified must cite where the defaults were read", s->id);
    s->verified = xstrdup(v ? v : "");
}

/* ---- examples (`tests:`) --------------------------------------------------------------- */

static bool lang_from(const char *name, lang *out)
{
    static const struct { const char *name; lang l; } names[] = {
        {"python", LANG_PYTHON}, {"javascript", LANG_JAVASCRIPT}, {"typescript", LANG_TYPESCRIPT}, {"tsx", LANG_TSX}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i].name) == 0) { *out = names[i].l; return true; }
    return false;
}

/* The last line of code that is not blank: where a one-call snippet makes its call. */
static uint32_t last_code_line(const char *code)
{
    uint32_t line = 1, last = 1;
    bool blank = true;
    for (const char *c = code; *c; c++) {
        if (*c == '\n') {
            if (!blank) last = line;
            line++;
            blank = true;
        } else if (*c != ' ' && *c != '\t' && *c != '\r') {
            blank = false;
        }
    }
    return blank ? last : line;
}

/* One case: a string (code in the entry's first language) or {code, api, language, line}. */
static void read_case(loader *L, const yaml_node_t *e, const cat_sdk *s, bool match)
{
    static const char *const keys[] = {"code", "api", "language", "line", NULL};
    calls_example x = {.match = match, .yaml_line = (uint32_t)e->start_mark.line + 1};
    x.lang = s->py ? LANG_PYTHON : LANG_JAVASCRIPT;
    const char *code = scalar(e), *api = NULL;
    if (!code && e->type == YAML_MAPPING_NODE) {
        check_keys(L, e, keys);
        code = scalar(map_get(L, e, "code"));
        api = scalar(map_get(L, e, "api"));
        const char *ln = scalar(map_get(L, e, "language"));
        if (ln && !lang_from(ln, &x.lang)) fail(L, e, "tests: language '%s' is not python, javascript, typescript or tsx", ln);
        const char *line = scalar(map_get(L, e, "line"));
        if (line) x.line = (uint32_t)atoi(line);
    }
    if (!code) { fail(L, e, "%s: a case is code or a mapping with code", "tests"); return; }
    if (match && !api) { fail(L, e, "%s: a match case names the api it must yield", "tests"); return; }
    if (!match && api) { fail(L, e, "%s: a no_match case names no api", "tests"); return; }
    if (x.lang == LANG_PYTHON ? !s->py : !s->js) fail(L, e, "tests: the case's language is not one of sdk '%s'", s->id);
    if (match && !x.line) x.line = last_code_line(code);
    x.sdk = xstrdup(s->id);
    x.file = xstrdup(s->file);
    x.code = xstrdup(code);
    x.api = api ? xstrdup(api) : NULL;
    VEC_PUSH(&L->cat->examples, x);
}

static void read_cases(loader *L, const yaml_node_t *n, const cat_sdk *s, bool match)
{
    if (!n) return;
    if (n->type != YAML_SEQUENCE_NODE) { fail(L, n, "%s: expected a list of cases", match ? "tests.match" : "tests.no_match"); return; }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
        read_case(L, node_at(L, *it), s, match);
}

static void read_tests(loader *L, const yaml_node_t *n, const cat_sdk *s)
{
    static const char *const keys[] = {"match", "no_match", NULL};
    if (!n) return;
    if (n->type != YAML_MAPPING_NODE) { fail(L, n, "%s: expected match and no_match lists", "tests"); return; }
    check_keys(L, n, keys);
    read_cases(L, map_get(L, n, "match"), s, true);
    read_cases(L, map_get(L, n, "no_match"), s, false);
}

static bool flag(loader *L, const yaml_node_t *map, const char *key)
{
    const char *s = scalar(map_get(L, map, key));
    return s && strcmp(s, "true") == 0;
}

static void read_sdk(loader *L, const yaml_node_t *n)
{
    static const char *const keys[] = {
        "id", "provider", "languages", "modules", "traced_modules", "constructors", "calls",
        "module_calls", "factories", "passthrough", "combinators", "params", "defaults", "hosts",
        "model_pattern", "local", "http", "inherit", "positional_model", "router_retries", "node_adders", "tests", NULL};
    if (n->type != YAML_MAPPING_NODE) { fail(L, n, "%s: expected a mapping", "sdks entry"); return; }
    check_keys(L, n, keys);
    cat_sdk s = {0};
    const char *id = scalar(map_get(L, n, "id"));
    const char *prov = scalar(map_get(L, n, "provider"));
    if (!id || !prov) { fail(L, n, "%s: id and provider are required", "sdks entry"); return; }
    for (size_t i = 0; i < L->cat->sdks.len; i++)
        if (strcmp(L->cat->sdks.items[i].id, id) == 0) fail(L, n, "duplicate sdk id '%s'", id);
    s.id = xstrdup(id);
    s.provider = xstrdup(prov);
    /* Named as shipped (rules/sdks/NAME), not by where this copy lives, so reports that
     * cite a default as evidence are the same on every machine. */
    const char *base = strrchr(L->file, '/');
    buf shipped = {0};
    buf_printf(&shipped, "rules/sdks/%s", base ? base + 1 : L->file);
    s.file = buf_take(&shipped);
    buf cite = {0};
    buf_printf(&cite, "%s#%s", s.file, id);
    s.cite = buf_take(&cite);
    s.line = (uint32_t)n->start_mark.line + 1;
    strv langs = {0};
    read_strv(L, map_get(L, n, "languages"), &langs, "languages");
    for (size_t i = 0; i < langs.len; i++) {
        if (strcmp(langs.items[i], "python") == 0) s.py = true;
        else if (strcmp(langs.items[i], "javascript") == 0) s.js = true;
        else fail(L, n, "languages: '%s' is not python or javascript", langs.items[i]);
        free(langs.items[i]);
    }
    VEC_FREE(&langs);
    if (!s.py && !s.js) fail(L, n, "sdk '%s' needs languages", id);
    read_strv(L, map_get(L, n, "modules"), &s.modules, "modules");
    if (!s.modules.len) fail(L, n, "sdk '%s' needs modules", id);
    read_strv(L, map_get(L, n, "traced_modules"), &s.traced_modules, "traced_modules");
    read_ctors(L, map_get(L, n, "constructors"), &s);
    read_paths(L, map_get(L, n, "calls"), &s.calls);
    read_paths(L, map_get(L, n, "module_calls"), &s.module_calls);
    if (!s.calls.len && !s.module_calls.len) fail(L, n, "sdk '%s' has neither calls nor module_calls", id);
    read_strv(L, map_get(L, n, "factories"), &s.factories, "factories");
    read_strv(L, map_get(L, n, "passthrough"), &s.passthrough, "passthrough");
    read_strv(L, map_get(L, n, "combinators"), &s.combinators, "combinators");
    read_strv(L, map_get(L, n, "hosts"), &s.hosts, "hosts");
    read_strv(L, map_get(L, n, "router_retries"), &s.router_retries, "router_retries");
    read_strv(L, map_get(L, n, "node_adders"), &s.node_adders, "node_adders");
    read_params(L, map_get(L, n, "params"), &s);
    read_defaults(L, map_get(L, n, "defaults"), &s);
    yaml_node_t *mp = map_get(L, n, "model_pattern");
    if (scalar(mp)) s.model_re = compile_re(L, mp, scalar(mp));
    s.local = flag(L, n, "local");
    s.http = flag(L, n, "http");
    s.inherit = flag(L, n, "inherit");
    s.positional_model = flag(L, n, "positional_model");
    read_tests(L, map_get(L, n, "tests"), &s);
    VEC_PUSH(&L->cat->sdks, s);
}

static void read_covers(loader *L, const yaml_node_t *n, strv *out)
{
    const char *s = scalar(n);
    if (s && strcmp(s, "all") == 0) return; /* empty list = every provider */
    read_strv(L, n, out, "covers");
}

static void read_instr_list(loader *L, const yaml_node_t *n, cat_instrs *out, const char *callkey)
{
    if (!n) return;
    if (n->type != YAML_SEQUENCE_NODE) { fail(L, n, "%s: expected a list", callkey); return; }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *e = node_at(L, *it);
        const char *call = scalar(map_get(L, e, callkey));
        yaml_node_t *cov = map_get(L, e, "covers");
        if (!call || !cov) { fail(L, e, "entry needs %s and covers", callkey); continue; }
        cat_instr ci = {0};
        ci.call = xstrdup(call);
        read_covers(L, cov, &ci.covers);
        const char *wk = scalar(map_get(L, e, "when_kwarg"));
        ci.when_kwarg = wk ? xstrdup(wk) : NULL;
        VEC_PUSH(out, ci);
    }
}

static void read_tracing(loader *L, const yaml_node_t *n)
{
    static const char *const keys[] = {"decorators", "wrappers", "instrument", "callback_settings",
                                       "proxy_hosts", "env", "exporters", NULL};
    check_keys(L, n, keys);
    calls_catalog *c = L->cat;
    read_strv(L, map_get(L, n, "decorators"), &c->trace_decorators, "decorators");
    read_strv(L, map_get(L, n, "wrappers"), &c->trace_wrappers, "wrappers");
    read_strv(L, map_get(L, n, "proxy_hosts"), &c->proxy_hosts, "proxy_hosts");
    read_strv(L, map_get(L, n, "exporters"), &c->exporters, "exporters");
    read_instr_list(L, map_get(L, n, "instrument"), &c->instrument, "call");
    read_instr_list(L, map_get(L, n, "callback_settings"), &c->callback_settings, "name");
    yaml_node_t *env = map_get(L, n, "env");
    if (env && env->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = env->data.sequence.items.start; it < env->data.sequence.items.top; it++) {
            yaml_node_t *e = node_at(L, *it);
            yaml_node_t *rn = map_get(L, e, "regex");
            const char *what = scalar(map_get(L, e, "what"));
            if (!scalar(rn) || !what) { fail(L, e, "%s entry needs regex and what", "env"); continue; }
            cat_env ce = {0};
            ce.re = compile_re(L, rn, scalar(rn));
            const char *kw = scalar(map_get(L, e, "keyword"));
            ce.keyword = xstrdup(kw ? kw : "");
            ce.what = xstrdup(what);
            read_covers(L, map_get(L, e, "covers"), &ce.covers);
            VEC_PUSH(&c->env, ce);
        }
    }
}

static int sink_kind(loader *L, const yaml_node_t *n)
{
    static const char *const names[SINK_COUNT] = {"exec", "shell", "sql", "html", "deserialize", "path"};
    const char *s = scalar(n);
    for (int i = 0; s && i < SINK_COUNT; i++)
        if (strcmp(s, names[i]) == 0) return i;
    fail(L, n, "sink kind '%s' is not exec, shell, sql, html, deserialize or path", s ? s : "?");
    return -1;
}

static void read_sinks(loader *L, const yaml_node_t *n)
{
    static const char *const keys[] = {"kind", "languages", "builtins", "calls", "properties", "jsx_attributes",
                                       "require_kwarg", "unless_text", "unless_scope", "string_built", "arg", NULL};
    if (!n || n->type != YAML_SEQUENCE_NODE) { fail(L, n, "%s: expected a list", "sinks"); return; }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *e = node_at(L, *it);
        check_keys(L, e, keys);
        int k = sink_kind(L, map_get(L, e, "kind"));
        if (k < 0) continue;
        cat_sink s = {0};
        s.kind = (uint8_t)k;
        strv langs = {0};
        read_strv(L, map_get(L, e, "languages"), &langs, "languages");
        for (size_t i = 0; i < langs.len; i++) {
            if (strcmp(langs.items[i], "python") == 0) s.py = true;
            if (strcmp(langs.items[i], "javascript") == 0) s.js = true;
            free(langs.items[i]);
        }
        VEC_FREE(&langs);
        read_strv(L, map_get(L, e, "builtins"), &s.builtins, "builtins");
        read_strv(L, map_get(L, e, "calls"), &s.calls, "calls");
        read_strv(L, map_get(L, e, "properties"), &s.properties, "properties");
        read_strv(L, map_get(L, e, "jsx_attributes"), &s.jsx_attributes, "jsx_attributes");
        const char *rk = scalar(map_get(L, e, "require_kwarg"));
        s.require_kwarg = rk ? xstrdup(rk) : NULL;
        yaml_node_t *un = map_get(L, e, "unless_text");
        if (scalar(un)) s.unless_re = compile_re(L, un, scalar(un));
        yaml_node_t *us = map_get(L, e, "unless_scope");
        if (scalar(us)) s.unless_scope_re = compile_re(L, us, scalar(us));
        s.string_built = flag(L, e, "string_built");
        VEC_PUSH(&L->cat->sinks, s);
    }
}

/* `access:` (web.yaml): what authenticates, rate-limits and exposes a web handler. */
static void read_re(loader *L, const yaml_node_t *map, const char *key, pcre2_code **out)
{
    yaml_node_t *r = map_get(L, map, key);
    if (!r) return;
    if (!scalar(r)) { fail(L, r, "%s: expected a regex string", key); return; }
    pcre2_code_free(*out);
    *out = compile_re(L, r, scalar(r));
}

static void read_access(loader *L, const yaml_node_t *v)
{
    static const char *const top[] = {"auth", "rate_limit", "roles", "exposure", NULL};
    static const char *const auth[] = {"decorators", "dependency_regex", "body_regex", "middleware_regex", "wrappers",
                                       "classes", "django_default_regex", "hook_regex", "app_regex", "fail_open_regex", NULL};
    static const char *const rate[] = {"decorators", "dependency_regex", "body_regex", "middleware_regex",
                                       "global_regex", NULL};
    static const char *const roles[] = {"decorators", "regex", NULL};
    static const char *const expo[] = {"bind_regex", "deploy_files", "deploy_regex", "platform_files", "space_regex",
                                       "platform_regex", "share_regex", "container_files", "workflow_regex",
                                       "function_timeouts", NULL};
    if (!v || v->type != YAML_MAPPING_NODE) { fail(L, v, "%s: expected a mapping", "access"); return; }
    check_keys(L, v, top);
    cat_access *x = &L->cat->access;
    yaml_node_t *a = map_get(L, v, "auth"), *r = map_get(L, v, "rate_limit"), *o = map_get(L, v, "roles"),
                *e = map_get(L, v, "exposure");
    check_keys(L, a, auth);
    check_keys(L, r, rate);
    check_keys(L, o, roles);
    check_keys(L, e, expo);
    read_strv(L, map_get(L, a, "decorators"), &x->auth_decorators, "decorators");
    read_strv(L, map_get(L, a, "wrappers"), &x->auth_wrappers, "wrappers");
    read_strv(L, map_get(L, a, "classes"), &x->auth_classes, "classes");
    read_re(L, a, "dependency_regex", &x->auth_dep_re);
    read_re(L, a, "body_regex", &x->auth_body_re);
    read_re(L, a, "middleware_regex", &x->auth_mw_re);
    read_re(L, a, "django_default_regex", &x->auth_django_re);
    read_re(L, a, "hook_regex", &x->auth_hook_re);
    read_re(L, a, "app_regex", &x->auth_app_re);
    read_re(L, a, "fail_open_regex", &x->auth_fail_open_re);
    read_strv(L, map_get(L, r, "decorators"), &x->rate_decorators, "decorators");
    read_re(L, r, "dependency_regex", &x->rate_dep_re);
    read_re(L, r, "body_regex", &x->rate_body_re);
    read_re(L, r, "middleware_regex", &x->rate_mw_re);
    read_re(L, r, "global_regex", &x->rate_global_re);
    read_strv(L, map_get(L, o, "decorators"), &x->role_decorators, "decorators");
    read_re(L, o, "regex", &x->role_re);
    read_re(L, e, "bind_regex", &x->bind_re);
    read_strv(L, map_get(L, e, "deploy_files"), &x->deploy_files, "deploy_files");
    read_re(L, e, "deploy_regex", &x->deploy_re);
    read_strv(L, map_get(L, e, "platform_files"), &x->platform_files, "platform_files");
    read_re(L, e, "space_regex", &x->space_re);
    read_re(L, e, "platform_regex", &x->platform_re);
    read_re(L, e, "share_regex", &x->share_re);
    read_strv(L, map_get(L, e, "container_files"), &x->container_files, "container_files");
    read_re(L, e, "workflow_regex", &x->workflow_re);
    yaml_node_t *ft = map_get(L, e, "function_timeouts");
    if (ft && ft->type == YAML_SEQUENCE_NODE)
        for (yaml_node_item_t *it = ft->data.sequence.items.start; it < ft->data.sequence.items.top; it++) {
            yaml_node_t *en = node_at(L, *it);
            struct cat_fn_timeout t = {0};
            read_strv(L, map_get(L, en, "files"), &t.files, "files");
            read_re(L, en, "regex", &t.re);
            if (!t.files.len || !t.re) { fail(L, en, "%s entry needs files and a regex", "function_timeouts"); }
            VEC_PUSH(&x->fn_timeouts, t);
        }
}

static void read_common(loader *L, const char *key, const yaml_node_t *v)
{
    calls_catalog *c = L->cat;
    if (strcmp(key, "access") == 0) {
        read_access(L, v);
    } else if (strcmp(key, "tracing") == 0) {
        read_tracing(L, v);
    } else if (strcmp(key, "logging") == 0) {
        read_strv(L, map_get(L, v, "methods"), &c->log_methods, "methods");
        yaml_node_t *r = map_get(L, v, "receiver_regex");
        if (scalar(r)) c->log_receiver_re = compile_re(L, r, scalar(r));
        r = map_get(L, v, "function_regex");
        if (scalar(r)) c->log_function_re = compile_re(L, r, scalar(r));
    } else if (strcmp(key, "retry") == 0) {
        read_strv(L, map_get(L, v, "decorators"), &c->retry_decorators, "decorators");
        read_strv(L, map_get(L, v, "contexts"), &c->retry_contexts, "contexts");
        read_strv(L, map_get(L, v, "wrappers"), &c->retry_wrappers, "wrappers");
        read_strv(L, map_get(L, v, "option_decorators"), &c->retry_opt_decorators, "option_decorators");
        read_strv(L, map_get(L, v, "option_keys"), &c->retry_opt_keys, "option_keys");
        yaml_node_t *r = map_get(L, v, "name_regex");
        if (scalar(r)) c->retry_name_re = compile_re(L, r, scalar(r));
    } else if (strcmp(key, "timeout") == 0) {
        read_strv(L, map_get(L, v, "wrappers"), &c->timeout_wrappers, "wrappers");
        read_strv(L, map_get(L, v, "contexts"), &c->timeout_contexts, "contexts");
        read_strv(L, map_get(L, v, "option_decorators"), &c->timeout_opt_decorators, "option_decorators");
        read_strv(L, map_get(L, v, "option_keys"), &c->timeout_opt_keys, "option_keys");
    } else if (strcmp(key, "validation") == 0) {
        read_strv(L, map_get(L, v, "strong"), &c->val_strong, "strong");
        read_strv(L, map_get(L, v, "weak"), &c->val_weak, "weak");
        read_strv(L, map_get(L, v, "clients"), &c->val_clients, "clients");
        yaml_node_t *ps = map_get(L, v, "parsers");
        if (ps && ps->type == YAML_SEQUENCE_NODE)
            for (yaml_node_item_t *it = ps->data.sequence.items.start; it < ps->data.sequence.items.top; it++) {
                yaml_node_t *e = node_at(L, *it);
                const char *name = scalar(map_get(L, e, "name"));
                if (!name) { fail(L, e, "%s entry needs a name", "parsers"); continue; }
                cat_parser p = {xstrdup(name), level_from(L, map_get(L, e, "level"))};
                VEC_PUSH(&c->parsers, p);
            }
    } else if (strcmp(key, "sinks") == 0) {
        read_sinks(L, v);
    } else if (strcmp(key, "http_paths") == 0) {
        read_strv(L, v, &c->http_paths, "http_paths");
    } else if (strcmp(key, "global_slots") == 0) {
        read_strv(L, v, &c->global_slots, "global_slots");
    } else if (strcmp(key, "model_paths") == 0) {
        read_strv(L, v, &c->model_paths, "model_paths");
    } else if (strcmp(key, "value_invokers") == 0) {
        read_strv(L, v, &c->value_invokers, "value_invokers");
    } else if (strcmp(key, "context") == 0) {
        const char *g = scalar(map_get(L, v, "grows_regex")), *b = scalar(map_get(L, v, "bounds_regex"));
        if (!g || !b) fail(L, v, "%s needs grows_regex and bounds_regex", "context");
        if (g) c->context_grows_re = compile_re(L, v, g);
        if (b) c->context_bounds_re = compile_re(L, v, b);
    } else if (strcmp(key, "client_html") == 0) { /* calls_client.c */
        const char *r = scalar(map_get(L, v, "value_regex"));
        if (!r) fail(L, v, "%s needs value_regex", "client_html");
        else c->client_html_re = compile_re(L, v, r);
        read_strv(L, map_get(L, v, "skip_paths"), &c->client_skip_paths, "skip_paths");
        read_strv(L, map_get(L, v, "receive_words"), &c->client_receive_words, "receive_words");
    } else if (strcmp(key, "inherited_attribute_regex") == 0) {
        if (scalar(v)) c->inherited_attr_re = compile_re(L, v, scalar(v));
    } else if (strcmp(key, "library_modules") == 0) {
        read_strv(L, v, &c->library_modules, "library_modules");
    } else if (strcmp(key, "sanitizers") == 0) {
        read_strv(L, v, &c->sanitizers, "sanitizers");
    } else if (strcmp(key, "prompts") == 0) {
        read_strv(L, map_get(L, v, "file"), &c->prompt_file, "file");
        read_strv(L, map_get(L, v, "registry"), &c->prompt_registry, "registry");
    } else if (strcmp(key, "user_input") == 0) {
        read_strv(L, map_get(L, v, "prefixes"), &c->user_prefixes, "prefixes");
        yaml_node_t *r = map_get(L, v, "route_decorator_regex");
        if (scalar(r)) c->route_decorator_re = compile_re(L, r, scalar(r));
        r = map_get(L, v, "route_function_regex");
        if (scalar(r)) c->route_function_re = compile_re(L, r, scalar(r));
    } else if (strcmp(key, "models") == 0) {
        yaml_node_t *p = map_get(L, v, "pinned");
        if (p && p->type == YAML_SEQUENCE_NODE)
            for (yaml_node_item_t *it = p->data.sequence.items.start; it < p->data.sequence.items.top; it++) {
                yaml_node_t *e = node_at(L, *it);
                pcre2_code *re = scalar(e) ? compile_re(L, e, scalar(e)) : NULL;
                if (re) VEC_PUSH(&c->pinned, re);
            }
    } else {
        fail(L, v, "unknown top-level key '%s'", key);
    }
}

static void load_file(calls_catalog *cat, const char *path, const char *shown, buf *err)
{
    FILE *f = fopen(path, "rb");
    loader L = {.file = shown, .cat = cat};
    if (!f) {
        buf_printf(err, "%s%s: %s", err->len ? "\n" : "", shown, strerror(errno));
        return;
    }
    yaml_parser_t p;
    yaml_document_t doc;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, f);
    if (!yaml_parser_load(&p, &doc)) {
        buf_printf(err, "%s%s:%lu: %s", err->len ? "\n" : "", shown, (unsigned long)p.problem_mark.line + 1,
                   p.problem ? p.problem : "YAML error");
        yaml_parser_delete(&p);
        fclose(f);
        return;
    }
    L.doc = &doc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
            const char *k = scalar(node_at(&L, pr->key));
            yaml_node_t *v = node_at(&L, pr->value);
            if (!k) continue;
            if (strcmp(k, "sdks") == 0) {
                if (v->type != YAML_SEQUENCE_NODE) { fail(&L, v, "%s: expected a list", "sdks"); continue; }
                for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++)
                    read_sdk(&L, node_at(&L, *it));
            } else {
                read_common(&L, k, v);
            }
        }
    } else if (root) {
        fail(&L, root, "%s: the top level must be a mapping", "catalog");
    }
    if (L.err.len) buf_printf(err, "%s%s", err->len ? "\n" : "", L.err.data);
    buf_free(&L.err);
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    fclose(f);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The text a sink's use must contain: "name(" for calls (".name(" for `*.name` patterns),
 * the bare name for properties and JSX attributes. */
static void add_word(strv *out, const char *pattern, bool call)
{
    const char *w = strrchr(pattern, '.');
    bool method = w && pattern[0] == '*' && w == pattern + 1;
    w = w ? w + 1 : pattern;
    while (*w == '*') w++;
    if (!*w || strchr(w, '*')) return;
    buf b = {0};
    buf_printf(&b, "%s%s%s", method ? "." : "", w, call ? "(" : "");
    if (!calls_strv_has(out, b.data)) VEC_PUSH(out, buf_take(&b));
    else buf_free(&b);
}

static void collect_sink_words(calls_catalog *cat)
{
    for (size_t i = 0; i < cat->sinks.len; i++) {
        const cat_sink *s = &cat->sinks.items[i];
        for (size_t k = 0; k < s->builtins.len; k++) add_word(&cat->sink_words, s->builtins.items[k], true);
        for (size_t k = 0; k < s->calls.len; k++) add_word(&cat->sink_words, s->calls.items[k], true);
        for (size_t k = 0; k < s->properties.len; k++) add_word(&cat->sink_words, s->properties.items[k], false);
        for (size_t k = 0; k < s->jsx_attributes.len; k++) add_word(&cat->sink_words, s->jsx_attributes.items[k], false);
    }
    for (size_t k = 0; k < cat->val_strong.len; k++) add_word(&cat->sink_words, cat->val_strong.items[k], true);
    for (size_t k = 0; k < cat->val_weak.len; k++) add_word(&cat->sink_words, cat->val_weak.items[k], true);
}

calls_catalog *calls_catalog_load(const char *dir, char **err)
{
    *err = NULL;
    DIR *d = opendir(dir);
    if (!d) {
        buf e = {0};
        buf_printf(&e, "%s: %s", dir, strerror(errno));
        *err = buf_take(&e);
        return NULL;
    }
    strv names = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (de->d_name[0] != '.' && n > 5 && (strcmp(de->d_name + n - 5, ".yaml") == 0 || strcmp(de->d_name + n - 4, ".yml") == 0))
            VEC_PUSH(&names, xstrdup(de->d_name));
    }
    closedir(d);
    if (names.len) qsort(names.items, names.len, sizeof *names.items, cmp_str); /* deterministic order */
    calls_catalog *cat = xcalloc(1, sizeof *cat);
    buf e = {0};
    for (size_t i = 0; i < names.len; i++) {
        buf path = {0}, shown = {0};
        buf_printf(&path, "%s/%s", dir, names.items[i]);
        buf_printf(&shown, "%s/%s", dir, names.items[i]);
        load_file(cat, path.data, shown.data, &e);
        buf_free(&path);
        buf_free(&shown);
        free(names.items[i]);
    }
    VEC_FREE(&names);
    if (!cat->sdks.len && !e.len) buf_printf(&e, "%s: no SDK entries found", dir);
    collect_sink_words(cat);
    if (e.len) {
        *err = buf_take(&e);
        calls_catalog_free(cat);
        return NULL;
    }
    return cat;
}

static void strv_free(strv *v)
{
    for (size_t i = 0; i < v->len; i++) free(v->items[i]);
    VEC_FREE(v);
}

static void paths_free(cat_paths *p)
{
    for (size_t i = 0; i < p->len; i++) free(p->items[i].path);
    VEC_FREE(p);
}

static void instr_free(cat_instrs *v)
{
    for (size_t i = 0; i < v->len; i++) {
        free(v->items[i].call);
        free(v->items[i].when_kwarg);
        strv_free(&v->items[i].covers);
    }
    VEC_FREE(v);
}

void calls_catalog_free(calls_catalog *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->sdks.len; i++) {
        cat_sdk *s = &c->sdks.items[i];
        free(s->id); free(s->provider); free(s->file); free(s->cite); free(s->verified);
        strv_free(&s->modules); strv_free(&s->traced_modules); strv_free(&s->factories);
        strv_free(&s->passthrough); strv_free(&s->combinators); strv_free(&s->hosts); strv_free(&s->node_adders);
        strv_free(&s->router_retries);
        for (size_t k = 0; k < s->ctors.len; k++) { free(s->ctors.items[k].path); free(s->ctors.items[k].arg); }
        VEC_FREE(&s->ctors);
        paths_free(&s->calls);
        paths_free(&s->module_calls);
        for (int k = 0; k < P_COUNT; k++) strv_free(&s->params[k]);
        pcre2_code_free(s->model_re);
    }
    VEC_FREE(&c->sdks);
    for (size_t i = 0; i < c->examples.len; i++) {
        calls_example *x = &c->examples.items[i];
        free((char *)x->sdk); free((char *)x->file); free((char *)x->code); free((char *)x->api);
    }
    VEC_FREE(&c->examples);
    strv_free(&c->trace_decorators); strv_free(&c->trace_wrappers); strv_free(&c->proxy_hosts);
    strv_free(&c->exporters);
    instr_free(&c->instrument);
    instr_free(&c->callback_settings);
    for (size_t i = 0; i < c->env.len; i++) {
        pcre2_code_free(c->env.items[i].re);
        strv_free(&c->env.items[i].covers);
        free(c->env.items[i].what);
        free(c->env.items[i].keyword);
    }
    VEC_FREE(&c->env);
    strv_free(&c->log_methods);
    pcre2_code_free(c->log_receiver_re);
    pcre2_code_free(c->log_function_re);
    strv_free(&c->retry_decorators); strv_free(&c->retry_contexts); strv_free(&c->retry_wrappers);
    strv_free(&c->retry_opt_decorators); strv_free(&c->retry_opt_keys);
    strv_free(&c->timeout_opt_decorators); strv_free(&c->timeout_opt_keys);
    pcre2_code_free(c->retry_name_re);
    strv_free(&c->timeout_wrappers); strv_free(&c->timeout_contexts);
    strv_free(&c->val_strong); strv_free(&c->val_weak); strv_free(&c->val_clients);
    for (size_t i = 0; i < c->parsers.len; i++) free(c->parsers.items[i].name);
    VEC_FREE(&c->parsers);
    for (size_t i = 0; i < c->sinks.len; i++) {
        cat_sink *s = &c->sinks.items[i];
        strv_free(&s->builtins); strv_free(&s->calls); strv_free(&s->properties); strv_free(&s->jsx_attributes);
        free(s->require_kwarg);
        pcre2_code_free(s->unless_re);
        pcre2_code_free(s->unless_scope_re);
    }
    VEC_FREE(&c->sinks);
    strv_free(&c->sanitizers); strv_free(&c->prompt_file); strv_free(&c->prompt_registry);
    strv_free(&c->user_prefixes);
    strv_free(&c->sink_words);
    strv_free(&c->http_paths);
    strv_free(&c->global_slots);
    strv_free(&c->model_paths);
    strv_free(&c->value_invokers);
    pcre2_code_free(c->inherited_attr_re);
    pcre2_code_free(c->context_grows_re);
    pcre2_code_free(c->context_bounds_re);
    pcre2_code_free(c->client_html_re);
    strv_free(&c->client_skip_paths);
    strv_free(&c->client_receive_words);
    strv_free(&c->library_modules);
    pcre2_code_free(c->route_decorator_re);
    pcre2_code_free(c->route_function_re);
    for (size_t i = 0; i < c->pinned.len; i++) pcre2_code_free(c->pinned.items[i]);
    VEC_FREE(&c->pinned);
    cat_access *x = &c->access;
    strv_free(&x->auth_decorators); strv_free(&x->auth_wrappers); strv_free(&x->auth_classes);
    strv_free(&x->rate_decorators); strv_free(&x->role_decorators);
    strv_free(&x->deploy_files); strv_free(&x->platform_files); strv_free(&x->container_files);
    for (size_t i = 0; i < x->fn_timeouts.len; i++) {
        strv_free(&x->fn_timeouts.items[i].files);
        pcre2_code_free(x->fn_timeouts.items[i].re);
    }
    VEC_FREE(&x->fn_timeouts);
    pcre2_code *const res[] = {x->auth_dep_re, x->auth_body_re, x->auth_mw_re, x->auth_django_re, x->auth_hook_re,
                               x->auth_app_re, x->auth_fail_open_re, x->rate_dep_re, x->rate_body_re, x->rate_mw_re, x->rate_global_re,
                               x->role_re, x->bind_re, x->deploy_re, x->space_re, x->platform_re, x->share_re, x->workflow_re};
    for (size_t i = 0; i < sizeof res / sizeof *res; i++) pcre2_code_free(res[i]);
    free(c);
}

size_t calls_catalog_sdk_count(const calls_catalog *c) { return c->sdks.len; }
const char *calls_catalog_sdk_id(const calls_catalog *c, size_t i) { return c->sdks.items[i].id; }
const char *calls_catalog_sdk_cite(const calls_catalog *c, size_t i) { return c->sdks.items[i].cite; }

size_t calls_catalog_examples(const calls_catalog *c, const calls_example **out)
{
    *out = c->examples.items;
    return c->examples.len;
}

/* ---- lookups shared by the other calls_* files ------------------------------------- */

bool calls_glob(const char *pat, const char *s)
{
    const char *star = NULL, *resume = NULL;
    while (*s) {
        if (*pat == '*') { star = pat++; resume = s; continue; }
        if (*pat == *s) { pat++; s++; continue; }
        if (!star) return false;
        pat = star + 1;
        s = ++resume;
    }
    while (*pat == '*') pat++;
    return *pat == '\0';
}

const char *calls_memmem(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    return memmem(hay, hlen, needle, nlen);
}

bool calls_strv_has(const strv *v, const char *s)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], s) == 0) return true;
    return false;
}

/* Patterns almost always end in a literal name (`*.execute`, `os.system`): comparing the
 * last segment first skips the glob for nearly every pattern. */
bool calls_strv_glob(const strv *v, const char *s)
{
    const char *slast = strrchr(s, '.');
    slast = slast ? slast + 1 : s;
    for (size_t i = 0; i < v->len; i++) {
        const char *p = v->items[i];
        const char *plast = strrchr(p, '.');
        plast = plast ? plast + 1 : p;
        if (!strchr(plast, '*') && strcmp(plast, slast) != 0) continue;
        if (calls_glob(p, s)) return true;
    }
    return false;
}

bool calls_re_match(const pcre2_code *re, const char *s, size_t len)
{
    if (!re) return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

const cat_path *calls_cat_find_path(const cat_paths *v, const char *path)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i].path, path) == 0) return &v->items[i];
    return NULL;
}

bool calls_model_pinned(const calls_catalog *cat, const char *model)
{
    for (size_t i = 0; i < cat->pinned.len; i++)
        if (calls_re_match(cat->pinned.items[i], model, strlen(model))) return true;
    return false;
}

const char *calls_sink_name(int kind)
{
    static const char *const names[SINK_COUNT] = {"exec", "shell", "sql", "html", "deserialize", "path"};
    return kind >= 0 && kind < SINK_COUNT ? names[kind] : "?";
}
