/* calls_resolve: tree helpers, bindings (imports, assignments, self./this. attributes) and
 * resolution of a call's receiver chain against the SDK catalog. */
#include "calls_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- tree helpers ------------------------------------------------------------------- */

const char *calls_nt(TSNode n) { return ts_node_is_null(n) ? "" : ts_node_type(n); }

bool calls_is(TSNode n, const char *type)
{
    if (ts_node_is_null(n)) return false;
    const char *t = ts_node_type(n);
    return t[0] == type[0] && strcmp(t, type) == 0; /* most asks differ at once: no call then */
}

/* Field ids by name, per thread and language. ts_language_field_id_for_name compares the
 * name with every field name of the grammar in turn, and the analysis asks for a field
 * millions of times, nearly always with the same few dozen literals: the ids are cached,
 * keyed by the name's address and checked against its text (a reused buffer cannot alias). */
enum { FIELD_SLOTS = 512, FIELD_KEY = 32 };
typedef struct field_slot {
    const TSLanguage *language;
    const char *name;
    TSFieldId id;
    char key[FIELD_KEY];
} field_slot;
static _Thread_local field_slot field_cache[FIELD_SLOTS];

static TSFieldId field_id(const TSLanguage *language, const char *name)
{
    uintptr_t h = ((uintptr_t)name >> 3) * 2654435761u ^ ((uintptr_t)language >> 4) * 40503u;
    field_slot *s = &field_cache[(h ^ (h >> 15)) % FIELD_SLOTS];
    if (s->name == name && s->language == language && strcmp(s->key, name) == 0) return s->id;
    size_t len = strlen(name);
    TSFieldId id = ts_language_field_id_for_name(language, name, (uint32_t)len);
    if (len < FIELD_KEY) {
        s->language = language;
        s->name = name;
        s->id = id;
        memcpy(s->key, name, len + 1);
    }
    return id;
}

/* Null-safe accessors: an absent field or child reads as a null node. */
TSNode calls_field(TSNode n, const char *name)
{
    if (ts_node_is_null(n)) return n;
    return ts_node_child_by_field_id(n, field_id(ts_node_language(n), name));
}

uint32_t calls_nchild(TSNode n) { return ts_node_is_null(n) ? 0 : ts_node_named_child_count(n); }
TSNode calls_child(TSNode n, uint32_t i) { return ts_node_is_null(n) ? n : ts_node_named_child(n, i); }
TSNode calls_parent(TSNode n) { return ts_node_is_null(n) ? n : ts_node_parent(n); }

void calls_kids(TSNode n, kids *k)
{
    k->v = k->small;
    k->n = 0;
    if (ts_node_is_null(n) || ts_node_child_count(n) == 0) return;
    uint32_t cap = 16;
    TSTreeCursor cur = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&cur)) {
        do {
            TSNode c = ts_tree_cursor_current_node(&cur);
            if (!ts_node_is_named(c)) continue;
            if (k->n == cap) {
                cap *= 2;
                if (k->v == k->small) {
                    k->v = xmalloc(cap * sizeof *k->v);
                    memcpy(k->v, k->small, sizeof k->small);
                } else {
                    k->v = xrealloc(k->v, cap * sizeof *k->v);
                }
            }
            k->v[k->n++] = c;
        } while (ts_tree_cursor_goto_next_sibling(&cur));
    }
    ts_tree_cursor_delete(&cur);
}

void calls_kids_free(kids *k)
{
    if (k->v != k->small) free(k->v);
    k->v = NULL;
    k->n = 0;
}

void calls_ancestors(const actx *a, TSNode n, int scope, calls_nodes *out)
{
    out->len = 0;
    while (scope > 0 && a->scopes.items[scope].kind != SC_FUNC) scope = a->scopes.items[scope].parent;
    TSNode cur = scope >= 0 ? a->scopes.items[scope].node : ts_tree_root_node(n.tree);
    while (!ts_node_is_null(cur) && !ts_node_eq(cur, n)) {
        VEC_PUSH(out, cur);
        cur = ts_node_child_with_descendant(cur, n);
    }
    for (size_t i = 0, j = out->len; i + 1 < j; i++, j--) { /* innermost first */
        TSNode t = out->items[i];
        out->items[i] = out->items[j - 1];
        out->items[j - 1] = t;
    }
}

/* One cursor for the whole walk: down to a node's first child, on to its next sibling, back
 * up when a level is done. Anonymous nodes (punctuation, keywords) are neither visited nor
 * descended into, as calls_kids leaves them out. */
bool calls_visit(TSNode root, calls_visit_fn fn, void *ctx)
{
    if (ts_node_is_null(root)) return true;
    int act = fn(ctx, root);
    if (act == VISIT_STOP) return false;
    if (act == VISIT_SKIP) return true;
    TSTreeCursor cur = ts_tree_cursor_new(root);
    bool done = true;
    uint32_t depth = 0;
    if (ts_tree_cursor_goto_first_child(&cur)) {
        depth = 1;
        while (depth) {
            TSNode n = ts_tree_cursor_current_node(&cur);
            if (ts_node_is_named(n)) {
                act = fn(ctx, n);
                if (act == VISIT_STOP) { done = false; break; }
                if (act == VISIT_DESCEND && ts_tree_cursor_goto_first_child(&cur)) { depth++; continue; }
            }
            while (depth && !ts_tree_cursor_goto_next_sibling(&cur)) {
                if (--depth) ts_tree_cursor_goto_parent(&cur);
            }
        }
    }
    ts_tree_cursor_delete(&cur);
    return done;
}

const char *calls_text(const actx *a, TSNode n, uint32_t *len)
{
    if (ts_node_is_null(n)) { *len = 0; return ""; } /* absent fields read as empty text */
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    *len = e > s ? e - s : 0;
    return a->src->text + s;
}

char *calls_dup(const actx *a, TSNode n)
{
    uint32_t len;
    const char *t = calls_text(a, n, &len);
    return xstrndup(t, len);
}

bool calls_text_is(const actx *a, TSNode n, const char *s)
{
    uint32_t len;
    const char *t = calls_text(a, n, &len);
    return strlen(s) == len && memcmp(t, s, len) == 0;
}

uint32_t calls_line(TSNode n) { return ts_node_start_point(n).row + 1; }
uint32_t calls_col(TSNode n) { return ts_node_start_point(n).column + 1; }

bool calls_is_call(TSNode n)
{
    const char *t = calls_nt(n);
    return strcmp(t, "call") == 0 || strcmp(t, "call_expression") == 0 || strcmp(t, "new_expression") == 0;
}

bool calls_is_function(TSNode n)
{
    if (ts_node_is_null(n)) return false;
    const char *t = ts_node_type(n);
    switch (t[0]) { /* hot: a switch on the first letter before comparing whole names */
    case 'f':
        return !strcmp(t, "function_definition") || !strcmp(t, "function_declaration") ||
               !strcmp(t, "function_expression") || !strcmp(t, "function");
    case 'l': return !strcmp(t, "lambda");
    case 'a': return !strcmp(t, "arrow_function");
    case 'm': return !strcmp(t, "method_definition");
    case 'g': return !strcmp(t, "generator_function_declaration") || !strcmp(t, "generator_function");
    default: return false;
    }
}

bool calls_within(TSNode inner, TSNode outer)
{
    return ts_node_start_byte(inner) >= ts_node_start_byte(outer) && ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

TSNode calls_call_args(TSNode call)
{
    return calls_field(call, "arguments");
}

char *calls_string_literal(const actx *a, TSNode n)
{
    const char *t = calls_nt(n);
    uint32_t len;
    const char *s = calls_text(a, n, &len);
    if (strcmp(t, "string") == 0) {
        size_t i = 0;
        while (i < len && isalpha((unsigned char)s[i])) {
            if (s[i] == 'f' || s[i] == 'F') return NULL; /* f-string */
            i++;
        }
        if (i >= len) return NULL;
        char q = s[i];
        size_t qn = (len - i >= 6 && s[i + 1] == q && s[i + 2] == q) ? 3 : 1;
        if (len < i + 2 * qn) return NULL;
        return xstrndup(s + i + qn, len - i - 2 * qn);
    }
    if (strcmp(t, "template_string") == 0) {
        uint32_t nc = calls_nchild(n);
        for (uint32_t k = 0; k < nc; k++)
            if (calls_is(calls_child(n, k), "template_substitution")) return NULL;
        return len >= 2 ? xstrndup(s + 1, len - 2) : NULL;
    }
    return NULL;
}

/* ---- bindings ------------------------------------------------------------------------ */

/* Bindings are hashed by name and scope: a lookup probes one scope at a time, and a name
 * bound in thousands of scopes (a parameter `q` of every function) would otherwise make
 * each probe walk all of them. */
static uint32_t hash_str(const char *s, int scope)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h ^ ((uint32_t)scope * 2654435761u);
}

static void rehash(actx *a)
{
    size_t n = a->nheads ? a->nheads * 2 : 256;
    free(a->heads);
    a->heads = xmalloc(n * sizeof *a->heads);
    for (size_t i = 0; i < n; i++) a->heads[i] = -1;
    a->nheads = n;
    for (size_t i = 0; i < a->binds.len; i++) {
        uint32_t h = hash_str(a->binds.items[i].name, a->binds.items[i].scope) & (uint32_t)(n - 1);
        a->binds.items[i].next = a->heads[h];
        a->heads[h] = (int)i;
    }
}

static binding *bind_new(actx *a, const char *name, int scope, uint8_t kind, uint32_t at)
{
    binding b = {0};
    b.name = xstrdup(name);
    b.scope = scope;
    b.vscope = scope;
    b.kind = kind;
    b.at = at;
    b.obj = -1;
    b.elem = -1;
    VEC_PUSH(&a->binds, b);
    if (a->binds.len * 2 > a->nheads) {
        rehash(a);
    } else {
        uint32_t h = hash_str(name, scope) & (uint32_t)(a->nheads - 1);
        a->binds.items[a->binds.len - 1].next = a->heads[h];
        a->heads[h] = (int)(a->binds.len - 1);
    }
    return &a->binds.items[a->binds.len - 1];
}

void calls_bind(actx *a, const char *name, int scope, uint8_t kind, TSNode value, uint32_t at)
{
    binding *b = bind_new(a, name, scope, kind, at);
    b->value = value;
}

static binding *bind_import(actx *a, const char *name, int scope, const char *module, const char *src_spec,
                            const char *imp_name, bool relative, uint32_t at)
{
    binding *b = bind_new(a, name, scope, BK_IMPORT, at);
    b->module = xstrdup(module);
    b->imp_source = xstrdup(src_spec);
    b->imp_name = imp_name ? xstrdup(imp_name) : NULL;
    b->relative = relative;
    return b;
}

/* The binding of `name` visible in `scope` at byte `at`: the last one before `at` in the
 * innermost scope that has one (a later one when only later ones exist: a function body
 * may use a module global assigned below it). Class scopes are skipped except for this.x. */
binding *calls_lookup(actx *a, const char *name, int scope, uint32_t at)
{
    if (!a->nheads) return NULL;
    bool attr = strncmp(name, "this.", 5) == 0;
    for (int sc = scope; sc >= 0; sc = a->scopes.items[sc].parent) {
        if (!attr && a->scopes.items[sc].kind == SC_CLASS && sc != scope) continue;
        uint32_t h = hash_str(name, sc) & (uint32_t)(a->nheads - 1);
        binding *best = NULL, *later = NULL;
        for (int i = a->heads[h]; i >= 0; i = a->binds.items[i].next) {
            binding *b = &a->binds.items[i];
            if (b->scope != sc || strcmp(b->name, name) != 0) continue;
            if (b->at <= at) { if (!best || b->at > best->at) best = b; }
            else if (!later || b->at < later->at) later = b;
        }
        binding *hit = best ? best : later;
        /* `global x` in this function: x is the module's */
        if (hit && hit->kind == BK_GLOBAL) return sc == 0 ? NULL : calls_lookup(a, name, 0, at);
        if (hit) return hit;
    }
    return NULL;
}

/* True when `global name` was declared in function scope `scope`. */
bool calls_declared_global(const actx *a, const char *name, int scope)
{
    if (!a->nheads) return false;
    uint32_t h = hash_str(name, scope) & (uint32_t)(a->nheads - 1);
    for (int i = a->heads[h]; i >= 0; i = a->binds.items[i].next)
        if (a->binds.items[i].scope == scope && a->binds.items[i].kind == BK_GLOBAL && !strcmp(a->binds.items[i].name, name))
            return true;
    return false;
}

int calls_enclosing_class(const actx *a, int scope)
{
    for (int sc = scope; sc >= 0; sc = a->scopes.items[sc].parent)
        if (a->scopes.items[sc].kind == SC_CLASS) return sc;
    return -1;
}

/* Records the bindings of an import statement. Python: `import a.b as c`, `from a import b as c`;
 * JS: `import X from 'm'`, `import {a as b} from 'm'`, `import * as m from 'm'`. */
static void py_import(actx *a, TSNode n, int scope)
{
    bool from = calls_is(n, "import_from_statement");
    char *modname = NULL;
    bool relative = false;
    if (from) {
        TSNode m = calls_field(n, "module_name");
        modname = calls_dup(a, m);
        relative = modname[0] == '.';
    }
    uint32_t nc = calls_nchild(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = calls_child(n, i);
        if (from && ts_node_eq(c, calls_field(n, "module_name"))) continue;
        TSNode name = c, alias = {0};
        if (calls_is(c, "aliased_import")) {
            name = calls_field(c, "name");
            alias = calls_field(c, "alias");
        } else if (!calls_is(c, "dotted_name")) {
            continue;
        }
        char *nm = calls_dup(a, name);
        char *local = ts_node_is_null(alias) ? NULL : calls_dup(a, alias);
        buf path = {0};
        if (from) buf_printf(&path, "%s.%s", modname, nm);
        else buf_puts(&path, nm);
        if (from) {
            bind_import(a, local ? local : nm, scope, path.data, modname, nm, relative, ts_node_start_byte(n));
        } else if (local) {
            bind_import(a, local, scope, nm, nm, NULL, false, ts_node_start_byte(n));
        } else {
            /* `import google.generativeai` binds `google`; the full dotted path is rebuilt
             * by the attribute chain at the use site. */
            char *dot = strchr(nm, '.');
            if (dot) *dot = '\0';
            bind_import(a, nm, scope, nm, nm, NULL, false, ts_node_start_byte(n));
        }
        buf_free(&path);
        free(nm);
        free(local);
    }
    free(modname);
}

static char *js_module_name(const actx *a, TSNode src)
{
    char *s = calls_string_literal(a, src);
    if (!s) return NULL;
    if (strncmp(s, "node:", 5) == 0) memmove(s, s + 5, strlen(s + 5) + 1);
    return s;
}

static bool js_relative(const char *m)
{
    return m[0] == '.' || m[0] == '/' || strncmp(m, "@/", 2) == 0 || strncmp(m, "~/", 2) == 0;
}

static void js_import(actx *a, TSNode n, int scope)
{
    char *mod = js_module_name(a, calls_field(n, "source"));
    if (!mod) return;
    bool rel = js_relative(mod);
    uint32_t at = ts_node_start_byte(n);
    uint32_t nc = calls_nchild(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode clause = calls_child(n, i);
        if (!calls_is(clause, "import_clause")) continue;
        uint32_t cc = calls_nchild(clause);
        for (uint32_t k = 0; k < cc; k++) {
            TSNode c = calls_child(clause, k);
            if (calls_is(c, "identifier")) { /* default import: the module itself */
                char *nm = calls_dup(a, c);
                bind_import(a, nm, scope, mod, mod, "default", rel, at);
                free(nm);
            } else if (calls_is(c, "namespace_import")) {
                TSNode id = calls_child(c, 0);
                char *nm = calls_dup(a, id);
                bind_import(a, nm, scope, mod, mod, NULL, rel, at);
                free(nm);
            } else if (calls_is(c, "named_imports")) {
                uint32_t sc = calls_nchild(c);
                for (uint32_t s = 0; s < sc; s++) {
                    TSNode spec = calls_child(c, s);
                    if (!calls_is(spec, "import_specifier")) continue;
                    TSNode name = calls_field(spec, "name"), alias = calls_field(spec, "alias");
                    char *nm = calls_dup(a, name);
                    char *local = ts_node_is_null(alias) ? xstrdup(nm) : calls_dup(a, alias);
                    buf path = {0};
                    if (strcmp(nm, "default") == 0) buf_puts(&path, mod);
                    else buf_printf(&path, "%s.%s", mod, nm);
                    bind_import(a, local, scope, path.data, mod, nm, rel, at);
                    buf_free(&path);
                    free(nm);
                    free(local);
                }
            }
        }
    }
    free(mod);
}

void calls_bind_import(actx *a, TSNode n, int scope)
{
    if (a->py) py_import(a, n, scope);
    else js_import(a, n, scope);
}

/* `const x = require('m')`, `const {A, B: C} = require('m')`: returns true when handled. */
bool calls_bind_require(actx *a, TSNode pattern, TSNode value, int scope)
{
    while (calls_is(value, "await_expression")) value = calls_child(value, 0);
    if (!calls_is(value, "call_expression")) return false;
    TSNode f = calls_field(value, "function");
    /* require('m') and the dynamic import: const { ChatGPTAPI } = await import('chatgpt') */
    if (!calls_text_is(a, f, "require") && !calls_is(f, "import")) return false;
    TSNode args = calls_field(value, "arguments");
    if (calls_nchild(args) < 1) return false;
    char *mod = js_module_name(a, calls_child(args, 0));
    if (!mod) return false;
    bool rel = js_relative(mod);
    uint32_t at = ts_node_start_byte(value);
    if (calls_is(pattern, "identifier")) {
        char *nm = calls_dup(a, pattern);
        bind_import(a, nm, scope, mod, mod, "default", rel, at);
        free(nm);
    } else if (calls_is(pattern, "object_pattern")) {
        uint32_t nc = calls_nchild(pattern);
        for (uint32_t i = 0; i < nc; i++) {
            TSNode p = calls_child(pattern, i);
            char *key = NULL, *local = NULL;
            if (calls_is(p, "shorthand_property_identifier_pattern")) {
                key = calls_dup(a, p);
                local = xstrdup(key);
            } else if (calls_is(p, "pair_pattern")) {
                key = calls_dup(a, calls_field(p, "key"));
                local = calls_dup(a, calls_field(p, "value"));
            } else {
                continue;
            }
            buf path = {0};
            buf_printf(&path, "%s.%s", mod, key);
            bind_import(a, local, scope, path.data, mod, key, rel, at);
            buf_free(&path);
            free(key);
            free(local);
        }
    }
    free(mod);
    return true;
}

/* ---- canonical dotted names ------------------------------------------------------------ */

static void canon_into(actx *a, TSNode n, int scope, buf *out, int depth)
{
    if (depth > 24 || ts_node_is_null(n)) { buf_putc(out, '?'); return; }
    const char *t = calls_nt(n);
    if (strcmp(t, "identifier") == 0) {
        char *nm = calls_dup(a, n);
        binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(n));
        if (b && b->kind == BK_IMPORT) buf_puts(out, b->module);
        else if (!b && !a->py) buf_puts(out, nm); /* JS globals: fetch, eval, JSON */
        else buf_puts(out, nm);
        free(nm);
    } else if (strcmp(t, "attribute") == 0) {
        canon_into(a, calls_field(n, "object"), scope, out, depth + 1);
        buf_putc(out, '.');
        uint32_t len;
        const char *s = calls_text(a, calls_field(n, "attribute"), &len);
        buf_append(out, s, len);
    } else if (strcmp(t, "member_expression") == 0) {
        canon_into(a, calls_field(n, "object"), scope, out, depth + 1);
        buf_putc(out, '.');
        uint32_t len;
        const char *s = calls_text(a, calls_field(n, "property"), &len);
        buf_append(out, s, len);
    } else if (strcmp(t, "call") == 0 || strcmp(t, "call_expression") == 0) {
        canon_into(a, calls_field(n, "function"), scope, out, depth + 1);
    } else if (strcmp(t, "new_expression") == 0) {
        canon_into(a, calls_field(n, "constructor"), scope, out, depth + 1);
    } else if (strcmp(t, "await") == 0 || strcmp(t, "await_expression") == 0 ||
               strcmp(t, "parenthesized_expression") == 0 || strcmp(t, "decorator") == 0) {
        canon_into(a, calls_child(n, 0), scope, out, depth + 1);
    } else if (strcmp(t, "this") == 0) {
        buf_puts(out, "this");
    } else {
        buf_putc(out, '?');
    }
}

char *calls_canon(actx *a, TSNode expr, int scope)
{
    buf b = {0};
    canon_into(a, expr, scope, &b, 0);
    return buf_take(&b);
}

char *calls_callee_name(actx *a, TSNode call, int scope)
{
    TSNode f = calls_is(call, "new_expression") ? calls_field(call, "constructor") : calls_field(call, "function");
    return calls_canon(a, f, scope);
}

/* ---- receiver chains ---------------------------------------------------------------- */

#define MAX_SEGS 24

typedef struct seg {
    TSNode name;      /* identifier / property node (null for a non-name head) */
    TSNode call;      /* the call node when this segment is called, else null */
    bool is_new;
} seg;

typedef struct chain {
    seg s[MAX_SEGS];
    int n;
    bool self_head;   /* seg 0 is `self` / `this` */
    bool other_head;  /* seg 0 is an arbitrary expression */
} chain;

static bool chain_push(chain *c, TSNode name)
{
    if (c->n >= MAX_SEGS) return false;
    c->s[c->n].name = name;
    c->s[c->n].call = (TSNode){0};
    c->s[c->n].is_new = false;
    c->n++;
    return true;
}

static bool chain_build(actx *a, TSNode n, chain *c, int depth)
{
    if (depth > MAX_SEGS * 2) return false;
    const char *t = calls_nt(n);
    if (strcmp(t, "call") == 0 || strcmp(t, "call_expression") == 0 || strcmp(t, "new_expression") == 0) {
        bool isnew = t[0] == 'n';
        TSNode f = calls_field(n, isnew ? "constructor" : "function");
        if (!chain_build(a, f, c, depth + 1) || c->n == 0) return false;
        if (!ts_node_is_null(c->s[c->n - 1].call)) { /* f()() : the result of a call is called */
            if (!chain_push(c, (TSNode){0})) return false;
        }
        c->s[c->n - 1].call = n;
        c->s[c->n - 1].is_new = isnew;
        return true;
    }
    if (strcmp(t, "attribute") == 0) {
        if (!chain_build(a, calls_field(n, "object"), c, depth + 1)) return false;
        return chain_push(c, calls_field(n, "attribute"));
    }
    if (strcmp(t, "member_expression") == 0) {
        if (!chain_build(a, calls_field(n, "object"), c, depth + 1)) return false;
        return chain_push(c, calls_field(n, "property"));
    }
    if (strcmp(t, "await") == 0 || strcmp(t, "await_expression") == 0 || strcmp(t, "parenthesized_expression") == 0 ||
        strcmp(t, "non_null_expression") == 0)
        return chain_build(a, calls_child(n, 0), c, depth + 1);
    if (c->n != 0) return false;
    if (strcmp(t, "identifier") == 0) {
        if (a->py && calls_text_is(a, n, "self")) c->self_head = true;
        return chain_push(c, n);
    }
    if (strcmp(t, "this") == 0) {
        c->self_head = true;
        return chain_push(c, n);
    }
    c->other_head = true;
    return chain_push(c, n);
}

static void seg_name(const actx *a, const seg *s, buf *out)
{
    if (ts_node_is_null(s->name)) { buf_putc(out, '?'); return; }
    uint32_t len;
    const char *t = calls_text(a, s->name, &len);
    buf_append(out, t, len);
}

/* ---- objects ------------------------------------------------------------------------- */

static int obj_new(actx *a, int sdk, TSNode at)
{
    objfacts o = {0};
    o.sdk = sdk;
    o.def_sdk = sdk;
    o.line = calls_line(at);
    VEC_PUSH(&a->objs, o);
    return (int)a->objs.len - 1;
}

static int obj_derive(actx *a, int from)
{
    objfacts o;
    calls_objfacts_copy(&o, &a->objs.items[from]);
    VEC_PUSH(&a->objs, o);
    return (int)a->objs.len - 1;
}

/* A pipeline task name ("text-generation") is not a model id. */
static bool looks_like_task(const char *s)
{
    for (; *s; s++)
        if (!(*s >= 'a' && *s <= 'z') && *s != '-') return false;
    return true;
}

static void obj_add_args(actx *a, int obj, TSNode call, int scope)
{
    TSNode args = calls_call_args(call);
    if (ts_node_is_null(args)) return;
    bool splat = false;
    calls_collect_params(a, args, scope, &a->objs.items[obj].params, &splat, 0);
    const cat_sdk *s = &a->cat->sdks.items[a->objs.items[obj].sdk];
    if (s->positional_model && calls_nchild(args) > 0 && s->params[P_MODEL].len) {
        TSNode first = calls_child(args, 0);
        char *lit = calls_string_literal(a, first);
        if (lit && !looks_like_task(lit)) {
            pfact f = {.name = xstrdup(s->params[P_MODEL].items[0]), .vk = VK_STR, .str = lit, .literal = true, .line = calls_line(first)};
            VEC_PUSH(&a->objs.items[obj].params, f);
        } else {
            free(lit);
        }
    }
}

static bool lang_ok(const actx *a, const cat_sdk *s) { return a->py ? s->py : s->js; }

/* The module of `path` an SDK owns: returns the rest after the module (may be ""), or NULL. */
static const char *module_rest(const cat_sdk *s, const char *path, bool *traced)
{
    const char *best = NULL;
    size_t bestlen = 0;
    *traced = false;
    for (int pass = 0; pass < 2; pass++) {
        const strv *mods = pass ? &s->traced_modules : &s->modules;
        for (size_t i = 0; i < mods->len; i++) {
            const char *m = mods->items[i];
            size_t ml = strlen(m);
            if (strncmp(path, m, ml) == 0 && (path[ml] == '\0' || path[ml] == '.') && ml >= bestlen) {
                best = path + ml + (path[ml] == '.');
                bestlen = ml;
                *traced = pass == 1;
            }
        }
    }
    return best;
}

/* True when `path` is inside an SDK module or is a package prefix of one (`google` for
 * `import google.generativeai`). */
bool calls_path_is_sdk_module(const actx *a, const char *path)
{
    bool traced;
    size_t pl = strlen(path);
    for (size_t i = 0; i < a->cat->sdks.len; i++) {
        const cat_sdk *s = &a->cat->sdks.items[i];
        if (!lang_ok(a, s)) continue;
        if (module_rest(s, path, &traced)) return true;
        for (size_t k = 0; k < s->modules.len; k++)
            if (strncmp(s->modules.items[k], path, pl) == 0 && s->modules.items[k][pl] == '.') return true;
    }
    return false;
}

static bool ctor_matches(actx *a, const cat_ctor *c, const char *rest, TSNode call)
{
    if (strcmp(c->path, rest) != 0 && !(rest[0] == '\0' && strcmp(c->path, "default") == 0)) return false;
    if (!c->arg) return true;
    TSNode args = calls_call_args(call);
    if (ts_node_is_null(args) || calls_nchild(args) < 1) return false;
    TSNode first = calls_child(args, 0);
    /* boto3.client(service_name="bedrock-runtime"): the first argument given by keyword */
    if (calls_is(first, "keyword_argument")) first = calls_field(first, "value");
    char *lit = calls_string_literal(a, first);
    bool ok = lit && strcmp(lit, c->arg) == 0;
    free(lit);
    return ok;
}

/* Finds an SDK object among a call's arguments (chains built from a model: LLMChain(llm=...),
 * RunnableSequence.from([prompt, model]), create_react_agent(model, tools)). */
static int obj_in_args(actx *a, TSNode args, int scope, int depth)
{
    if (ts_node_is_null(args) || depth > 3) return -1;
    uint32_t nc = calls_nchild(args);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = calls_child(args, i);
        const char *t = calls_nt(c);
        if (strcmp(t, "keyword_argument") == 0) c = calls_field(c, "value");
        else if (strcmp(t, "pair") == 0) c = calls_field(c, "value");
        t = calls_nt(c);
        if (strcmp(t, "list") == 0 || strcmp(t, "array") == 0 || strcmp(t, "tuple") == 0 ||
            strcmp(t, "dictionary") == 0 || strcmp(t, "object") == 0) {
            int o = obj_in_args(a, c, scope, depth + 1);
            if (o >= 0) return o;
            continue;
        }
        uint8_t res;
        int o = calls_eval_object(a, c, scope, &res);
        if (o >= 0) return o;
    }
    return -1;
}

static uint8_t parser_level(actx *a, TSNode n, int scope)
{
    TSNode target = n;
    if (calls_is_call(n)) target = calls_is(n, "new_expression") ? calls_field(n, "constructor") : calls_field(n, "function");
    char *name = calls_canon(a, target, scope);
    uint8_t lvl = 0;
    for (size_t i = 0; i < a->cat->parsers.len; i++) {
        const char *p = a->cat->parsers.items[i].name;
        size_t pl = strlen(p), nl = strlen(name);
        if (nl >= pl && strcmp(name + nl - pl, p) == 0 && (nl == pl || name[nl - pl - 1] == '.'))
            if (a->cat->parsers.items[i].level > lvl) lvl = a->cat->parsers.items[i].level;
    }
    free(name);
    return lvl;
}

/* Evidence carried by a chain's non-model operands: output parsers and the prompt. */
static void obj_absorb_operand(actx *a, int obj, TSNode operand, int scope)
{
    objfacts *o = &a->objs.items[obj];
    uint8_t lvl = parser_level(a, operand, scope);
    if (lvl > o->validated) {
        o->validated = lvl;
        o->validated_line = calls_line(operand);
        free(o->validated_by);
        o->validated_by = xstrdup("output parser");
    }
    if (o->prompt_src == PS_UNKNOWN) {
        bool ui = false;
        uint32_t line = 0;
        uint8_t ps = calls_prompt_source(a, operand, scope, &ui, &line, 0);
        o = &a->objs.items[obj];
        if (ps != PS_UNKNOWN) {
            o->prompt_src = ps;
            o->prompt_line = line;
        }
        o->user_input |= ui;
    }
}

/* The first 16 operands of a `|` chain, left to right (an explicit stack: a chain of any
 * length costs no recursion). */
static void pipe_operands(actx *a, TSNode n, TSNode *ops, int *nops)
{
    VEC(TSNode) todo = {0};
    VEC_PUSH(&todo, n);
    while (todo.len && *nops < 16) {
        TSNode x = todo.items[--todo.len];
        if (calls_is(x, "binary_operator") && calls_text_is(a, calls_field(x, "operator"), "|")) {
            VEC_PUSH(&todo, calls_field(x, "right"));
            VEC_PUSH(&todo, calls_field(x, "left"));
            continue;
        }
        ops[(*nops)++] = x;
    }
    VEC_FREE(&todo);
}

static int eval_pipe(actx *a, TSNode n, int scope)
{
    if (!calls_text_is(a, calls_field(n, "operator"), "|")) return -1; /* a + b, x % y: no object */
    TSNode ops[16];
    int nops = 0, found = -1;
    pipe_operands(a, n, ops, &nops);
    for (int i = 0; i < nops && found < 0; i++) {
        uint8_t res;
        int o = calls_eval_object(a, ops[i], scope, &res);
        if (o >= 0) found = o;
    }
    if (found < 0) return -1;
    int obj = obj_derive(a, found);
    for (int i = 0; i < nops; i++) obj_absorb_operand(a, obj, ops[i], scope);
    return obj;
}

/* ---- chain walking ------------------------------------------------------------------- */


enum { ST_MODULE = 0, ST_OBJ, ST_UNKNOWN, ST_PENDING, ST_OTHER };

/* Checks a model-call path on an object of `sdk` (or its module when `module`). */
static const cat_path *call_path(const cat_sdk *s, const char *rel, bool module)
{
    return calls_cat_find_path(module ? &s->module_calls : &s->calls, rel);
}

static bool is_combinator(actx *a, const char *path, const char *rel)
{
    for (size_t i = 0; i < a->cat->sdks.len; i++) {
        const cat_sdk *s = &a->cat->sdks.items[i];
        if (!lang_ok(a, s)) continue;
        for (size_t k = 0; k < s->combinators.len; k++) {
            const char *c = s->combinators.items[k];
            size_t cl = strlen(c), pl = strlen(path);
            if (rel && strcmp(rel, c) == 0) return true;
            if (pl >= cl && strcmp(path + pl - cl, c) == 0 && (pl == cl || path[pl - cl - 1] == '.')) return true;
        }
    }
    return false;
}

/* A call in MODULE state: constructor, wrapper, combinator or module-level model call. */
/* A Python class imported from a submodule of a catalog module is the class the package
 * exports (`from langchain_community.chat_models.ollama import ChatOllama`: rest
 * "ollama.ChatOllama"): the last segment, when every segment before it is a lowercase module
 * name and it is capitalised; else NULL. */
static const char *submodule_class(const char *rest)
{
    const char *dot = strrchr(rest, '.');
    if (!dot || !isupper((unsigned char)dot[1])) return NULL;
    for (const char *p = rest; p < dot; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == '.')) return NULL;
    return dot + 1;
}

/* A graph built with node functions (`builder = StateGraph(S)`, then `builder.add_node("llm",
 * call_model)` in the same scope) runs the model those functions call: the object the first
 * catalog call of a node function is made on stands for the model the graph inherits, as
 * if it had been passed to the constructor (its options: timeout, max_tokens, retries). */
static binding *self_method(actx *a, TSNode fnode, int scope);
static int scope_of_node(const actx *a, TSNode fn);

typedef struct node_scan {
    actx *a;
    const cat_sdk *s;
    const char *name; uint32_t nlen; /* the builder's name: "builder", "self.graph_builder" */
    TSNode root, fn;                 /* fn: the first node function found */
    int scope;
} node_scan;

static int node_adder_visit(void *ctx, TSNode n)
{
    node_scan *ns = ctx;
    if (!calls_is_call(n)) return VISIT_DESCEND;
    TSNode f = calls_field(n, "function");
    if (!calls_is(f, "attribute") && !calls_is(f, "member_expression")) return VISIT_DESCEND;
    TSNode obj = calls_field(f, "object"), prop = calls_field(f, ns->a->py ? "attribute" : "property");
    uint32_t ol, pl;
    const char *ot = calls_text(ns->a, obj, &ol), *pt = calls_text(ns->a, prop, &pl);
    if (ol != ns->nlen || memcmp(ot, ns->name, ol) != 0) return VISIT_DESCEND;
    char *pn = xstrndup(pt, pl);
    bool adder = calls_strv_has(&ns->s->node_adders, pn);
    free(pn);
    TSNode args = calls_call_args(n);
    uint32_t nc = calls_nchild(args);
    if (!adder || nc == 0) return VISIT_DESCEND;
    TSNode fnref = calls_child(args, nc - 1);
    binding *b = NULL;
    if (calls_is(fnref, "identifier")) {
        char *nm = calls_dup(ns->a, fnref);
        b = calls_lookup(ns->a, nm, ns->scope, ts_node_start_byte(fnref));
        free(nm);
    } else {
        b = self_method(ns->a, fnref, ns->scope);
    }
    if (b && b->kind == BK_DEF && !ts_node_is_null(b->value)) { ns->fn = b->value; return VISIT_STOP; }
    return VISIT_DESCEND;
}

typedef struct node_call { actx *a; const cat_sdk *s; TSNode root, recv; } node_call;

static int node_call_visit(void *ctx, TSNode n)
{
    node_call *nc = ctx;
    if (!ts_node_eq(n, nc->root) && calls_is_function(n)) return VISIT_SKIP;
    if (!calls_is_call(n)) return VISIT_DESCEND;
    TSNode f = calls_field(n, "function");
    if (!calls_is(f, "attribute") && !calls_is(f, "member_expression")) return VISIT_DESCEND;
    TSNode prop = calls_field(f, nc->a->py ? "attribute" : "property");
    char *pn = calls_dup(nc->a, prop);
    bool hit = calls_cat_find_path(&nc->s->calls, pn) != NULL;
    free(pn);
    if (!hit) return VISIT_DESCEND;
    nc->recv = calls_field(f, "object");
    return VISIT_STOP;
}

static int graph_node_obj(actx *a, const cat_sdk *s, TSNode call, int scope)
{
    if (!s->node_adders.len || a->eval_depth > 4) return -1;
    TSNode p = ts_node_parent(call);
    while (!ts_node_is_null(p) && (calls_is(p, "await") || calls_is(p, "await_expression") || calls_is(p, "parenthesized_expression")))
        p = ts_node_parent(p);
    TSNode left = calls_is(p, "assignment") ? calls_field(p, "left")
                : calls_is(p, "variable_declarator") ? calls_field(p, "name")
                : calls_is(p, "assignment_expression") ? calls_field(p, "left") : (TSNode){0};
    if (ts_node_is_null(left) || scope < 0) return -1;
    node_scan ns = {.a = a, .s = s, .root = a->scopes.items[scope].node, .scope = scope};
    ns.name = calls_text(a, left, &ns.nlen);
    calls_visit(ns.root, node_adder_visit, &ns);
    if (ts_node_is_null(ns.fn)) return -1;
    int fsc = scope_of_node(a, ns.fn);
    if (fsc < 0) return -1;
    node_call nc = {.a = a, .s = s, .root = ns.fn};
    calls_visit(ns.fn, node_call_visit, &nc);
    if (ts_node_is_null(nc.recv)) return -1;
    uint8_t res;
    return calls_eval_object(a, nc.recv, fsc, &res);
}

static int module_call(actx *a, const char *path, TSNode call, int scope, bool last, walk_out *w, uint8_t *st)
{
    if (calls_strv_glob(&a->cat->trace_wrappers, path) || calls_strv_glob(&a->cat->val_clients, path)) {
        TSNode args = calls_call_args(call);
        int inner = ts_node_is_null(args) || !calls_nchild(args) ? -1 : obj_in_args(a, args, scope, 0);
        if (inner < 0) { *st = ST_OTHER; return -1; }
        int o = obj_derive(a, inner);
        objfacts *of = &a->objs.items[o];
        if (calls_strv_glob(&a->cat->trace_wrappers, path)) {
            free(of->logged_by);
            of->logged_by = xstrdup(path);
            of->logged_line = calls_line(call);
        } else {
            of->validated = VAL_TRUE;
            of->validated_line = calls_line(call);
            free(of->validated_by);
            of->validated_by = xstrdup(path);
        }
        *st = ST_OBJ;
        return o;
    }
    if (is_combinator(a, path, NULL)) {
        int inner = obj_in_args(a, calls_call_args(call), scope, 0);
        if (inner < 0) { *st = ST_OTHER; return -1; }
        int o = obj_derive(a, inner);
        *st = ST_OBJ;
        return o;
    }
    for (size_t i = 0; i < a->cat->sdks.len; i++) {
        const cat_sdk *s = &a->cat->sdks.items[i];
        bool traced;
        const char *rest;
        if (!lang_ok(a, s) || !(rest = module_rest(s, path, &traced))) continue;
        const char *cls = a->py ? submodule_class(rest) : NULL;
        for (size_t k = 0; k < s->ctors.len; k++) {
            if (!ctor_matches(a, &s->ctors.items[k], rest, call) &&
                !(cls && ctor_matches(a, &s->ctors.items[k], cls, call))) continue;
            int o = -1;
            if (s->inherit) {
                int inner = obj_in_args(a, calls_call_args(call), scope, 0);
                if (inner < 0 && (inner = graph_node_obj(a, s, call, scope)) >= 0) {
                    /* the node's model: its explicit options (model id, timeout, limits,
                     * with_retry) and tracing; the graph keeps its own defaults (a node is
                     * not retried unless a RetryPolicy says so), and neither the model's
                     * output validation nor its prompt is the graph's */
                    o = obj_derive(a, inner);
                    objfacts *of = &a->objs.items[o];
                    of->sdk = of->def_sdk = (int)i;
                    of->validated = VAL_FALSE;
                    free(of->validated_by);
                    of->validated_by = NULL;
                    of->prompt_src = PS_UNKNOWN;
                    of->user_input = false;
                    of->typed = false;
                } else if (inner >= 0) {
                    o = obj_derive(a, inner);
                    a->objs.items[o].sdk = (int)i;
                    TSNode args = calls_call_args(call);
                    uint32_t nc = calls_nchild(args);
                    for (uint32_t q = 0; q < nc; q++) { /* the prompt: positional, or prompt=/template= */
                        TSNode arg = calls_child(args, q);
                        if (calls_is(arg, "keyword_argument")) {
                            char *kw = calls_dup(a, calls_field(arg, "name"));
                            bool p = strstr(kw, "prompt") || strstr(kw, "template");
                            free(kw);
                            if (!p) continue;
                        }
                        obj_absorb_operand(a, o, arg, scope);
                    }
                }
            }
            if (o < 0) o = obj_new(a, (int)i, call);
            obj_add_args(a, o, call, scope);
            objfacts *of = &a->objs.items[o];
            if (traced && !of->logged_by) {
                of->logged_by = xstrdup(path);
                of->logged_line = calls_line(call);
            }
            if (calls_strv_has(&s->router_retries, rest) && !of->retry_by) {
                of->retry_by = xstrdup(path);
                of->retry_line = calls_line(call);
            }
            *st = ST_OBJ;
            return o;
        }
        const cat_path *cp = call_path(s, rest[0] ? rest : "default", true);
        if (cp && last) {
            w->sdk = (int)i;
            w->path = cp;
            if (traced) {
                int o = obj_new(a, (int)i, call);
                a->objs.items[o].logged_by = xstrdup(path);
                a->objs.items[o].logged_line = calls_line(call);
                w->call_obj = o;
            }
            *st = ST_OBJ;
            return -1;
        }
    }
    *st = ST_OTHER;
    return -1;
}

static bool seg_is_passthrough(const cat_sdk *s, const char *name)
{
    return calls_strv_has(&s->passthrough, name);
}

/* Applies evidence from a passthrough call (with_options, with_retry, ...) to an object. */
static void passthrough_evidence(actx *a, int o, const char *name, TSNode call, int scope)
{
    obj_add_args(a, o, call, scope);
    objfacts *of = &a->objs.items[o];
    if (strstr(name, "retry") || strstr(name, "Retry")) {
        free(of->retry_by);
        of->retry_by = xstrdup(name);
        of->retry_line = calls_line(call);
    }
    if (strstr(name, "structured") || strstr(name, "Structured")) {
        of->validated = VAL_TRUE;
        of->validated_line = calls_line(call);
        free(of->validated_by);
        of->validated_by = xstrdup(name);
    }
}

static void set_pending(walk_out *w, const binding *b, const char *rest)
{
    w->pend_module = xstrdup(b->imp_source);
    w->pend_name = xstrdup(b->imp_name ? b->imp_name : "default");
    w->pend_rest = xstrdup(rest);
    w->pend_relative = b->relative;
}

/* ---- objects returned by functions (def get_llm(): return ChatOpenAI(...)) ---------- */

/* The scope of function node fn. Scopes are numbered in pre-order, so their nodes start
 * in order: a binary search, then the few that start at the same byte. */
static int scope_of_node(const actx *a, TSNode fn)
{
    uint32_t at = ts_node_start_byte(fn);
    size_t lo = 0, hi = a->scopes.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ts_node_start_byte(a->scopes.items[mid].node) < at) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < a->scopes.len && ts_node_start_byte(a->scopes.items[i].node) == at; i++)
        if (ts_node_eq(a->scopes.items[i].node, fn)) return (int)i;
    return -1;
}

typedef struct returns_ctx { actx *a; TSNode root; int scope, obj; } returns_ctx;

static int returns_visit(void *ctx, TSNode n)
{
    returns_ctx *r = ctx;
    if (!ts_node_eq(n, r->root) && calls_is_function(n)) return VISIT_SKIP;
    if (!calls_is(n, "return_statement")) return VISIT_DESCEND;
    uint8_t res;
    r->obj = calls_eval_object(r->a, calls_child(n, 0), r->scope, &res);
    return r->obj >= 0 ? VISIT_STOP : VISIT_SKIP;
}

/* The object the first return statement of fn (not of a nested function) yields. */
static int returns_obj(actx *a, TSNode fn, int scope)
{
    returns_ctx r = {a, fn, scope, -1};
    calls_visit(fn, returns_visit, &r);
    return r.obj;
}

typedef struct first_ret { TSNode root, expr; } first_ret;

static int first_return_visit(void *ctx, TSNode n)
{
    first_ret *r = ctx;
    if (!ts_node_eq(n, r->root) && calls_is_function(n)) return VISIT_SKIP;
    if (!calls_is(n, "return_statement")) return VISIT_DESCEND;
    if (calls_nchild(n) == 0) return VISIT_SKIP;
    r->expr = calls_child(n, 0);
    return VISIT_STOP;
}

/* The expression of the first return statement of fn that returns something (not of a
 * nested function), or a null node. */
static TSNode first_return(TSNode fn)
{
    first_ret r = {.root = fn};
    calls_visit(fn, first_return_visit, &r);
    return r.expr;
}

TSNode calls_first_return(TSNode fn) { return first_return(fn); }
int calls_scope_of(const actx *a, TSNode fn) { return scope_of_node(a, fn); }

static bool is_wrapper_node(TSNode n)
{
    const char *t = calls_nt(n);
    return strcmp(t, "await") == 0 || strcmp(t, "await_expression") == 0 || strcmp(t, "parenthesized_expression") == 0 ||
           strcmp(t, "non_null_expression") == 0 || strcmp(t, "as_expression") == 0;
}

/* The method binding of self.name / this.name in the enclosing class, or NULL. */
static binding *self_method(actx *a, TSNode fnode, int scope)
{
    if (!calls_is(fnode, "attribute") && !calls_is(fnode, "member_expression")) return NULL;
    TSNode obj = calls_field(fnode, "object");
    if (!calls_is(obj, "this") && !(a->py && calls_text_is(a, obj, "self")) && !(a->py && calls_text_is(a, obj, "cls")))
        return NULL;
    TSNode prop = calls_field(fnode, a->py ? "attribute" : "property");
    int cls = calls_enclosing_class(a, scope);
    if (ts_node_is_null(prop) || cls < 0) return NULL;
    uint32_t len;
    const char *p = calls_text(a, prop, &len);
    buf key = {0};
    buf_puts(&key, "this.");
    buf_append(&key, p, len);
    binding *b = calls_lookup(a, key.data, cls, ts_node_start_byte(fnode));
    buf_free(&key);
    return b && b->kind == BK_DEF ? b : NULL;
}

/* The method binding of Cls.name for a class Cls of this file (a singleton getter:
 * `EmbedPipeline.getInstance()`, a classmethod `Client.default()`), or NULL. */
static binding *class_method(actx *a, TSNode fnode)
{
    if (!calls_is(fnode, "attribute") && !calls_is(fnode, "member_expression")) return NULL;
    TSNode obj = calls_field(fnode, "object");
    TSNode prop = calls_field(fnode, a->py ? "attribute" : "property");
    if (!calls_is(obj, "identifier") || ts_node_is_null(prop)) return NULL;
    uint32_t ol, pl;
    const char *on = calls_text(a, obj, &ol), *pn = calls_text(a, prop, &pl);
    /* class names are capitalised: util.f(), self.x() and most calls skip the scope scan */
    if (!ol || !isupper((unsigned char)on[0])) return NULL;
    for (size_t i = 0; i < a->scopes.len; i++) {
        const scope_t *sc = &a->scopes.items[i];
        if (sc->kind != SC_CLASS || !sc->cls || strlen(sc->cls) != ol || memcmp(sc->cls, on, ol) != 0) continue;
        buf key = {0};
        buf_puts(&key, "this.");
        buf_append(&key, pn, pl);
        binding *b = calls_lookup(a, key.data, (int)i, UINT32_MAX);
        buf_free(&key);
        return b && b->kind == BK_DEF ? b : NULL;
    }
    return NULL;
}

/* The SDK object a function returns, if any (memoised on its BK_DEF binding). */
int calls_fn_returns_obj(actx *a, binding *b)
{
    if (b->memo == 2) return b->obj;
    if (b->memo == 1) return -1;
    b->memo = 1;
    int bi = (int)(b - a->binds.items);
    TSNode fn = b->value;
    int sc = scope_of_node(a, fn);
    int o = -1;
    if (sc >= 0) {
        TSNode body = calls_field(fn, "body");
        if (!ts_node_is_null(body) && calls_is(fn, "arrow_function") && !calls_is(body, "statement_block")) {
            uint8_t res;
            o = calls_eval_object(a, body, sc, &res);
        } else {
            o = returns_obj(a, fn, sc);
        }
    }
    b = &a->binds.items[bi];
    b->memo = 2;
    b->obj = o;
    return o;
}

/* An object known from a type annotation (llm: ChatOpenAI, private ai: GoogleGenAI). */
static int typed_obj(actx *a, const binding *b)
{
    TSNode t = b->type;
    for (int guard = 0; guard < 16 && !ts_node_is_null(t); guard++) {
        if (calls_is(t, "type_annotation") || calls_is(t, "type") || calls_is(t, "optional_type")) {
            t = calls_child(t, 0);
        } else if (calls_is(t, "union_type")) { /* private api: ChatGPTAPI | undefined */
            TSNode pick = {0};
            for (uint32_t i = 0; i < calls_nchild(t) && ts_node_is_null(pick); i++) {
                TSNode c = calls_child(t, i);
                if (calls_is(c, "type_identifier") || calls_is(c, "union_type") || calls_is(c, "nested_type_identifier")) pick = c;
            }
            t = pick;
        } else {
            break;
        }
    }
    if (ts_node_is_null(t)) return -1;
    char *canon = NULL;
    if (calls_is(t, "identifier") || calls_is(t, "attribute")) {
        canon = calls_canon(a, t, b->scope);
    } else if (calls_is(t, "type_identifier")) {
        char *nm = calls_dup(a, t);
        binding *ib = calls_lookup(a, nm, b->scope, ts_node_start_byte(t));
        canon = ib && ib->kind == BK_IMPORT ? xstrdup(ib->module) : xstrdup(nm);
        free(nm);
    } else {
        return -1;
    }
    int o = -1;
    for (size_t i = 0; i < a->cat->sdks.len && o < 0; i++) {
        const cat_sdk *s = &a->cat->sdks.items[i];
        bool traced;
        const char *rest = lang_ok(a, s) ? module_rest(s, canon, &traced) : NULL;
        if (!rest) continue;
        size_t rl = strlen(rest);
        for (size_t k = 0; k < s->ctors.len && o < 0; k++) {
            const char *p = s->ctors.items[k].path;
            bool hit = !strcmp(p, rest) || (rl && !strncmp(p, rest, rl) && p[rl] == '.') ||
                       (!rl && !strcmp(p, "default"));
            if (hit && !s->ctors.items[k].arg) {
                o = obj_new(a, (int)i, t);
                a->objs.items[o].typed = true;
            }
        }
    }
    free(canon);
    return o;
}

/* The SDK whose class a class extends (class MyChain(SQLDatabaseChain), extends ChatOpenAI). */
int calls_base_sdk(actx *a, TSNode cls, int scope)
{
    TSNode bases = calls_field(cls, "superclasses");
    if (ts_node_is_null(bases)) { /* JS: class_heritage > extends_clause > value */
        for (uint32_t i = 0; i < calls_nchild(cls) && ts_node_is_null(bases); i++)
            if (calls_is(calls_child(cls, i), "class_heritage")) bases = calls_child(cls, i);
        if (!ts_node_is_null(bases) && calls_is(calls_child(bases, 0), "extends_clause"))
            bases = calls_child(bases, 0);
    }
    uint32_t nc = calls_nchild(bases);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode b = calls_child(bases, i);
        if (!calls_is(b, "identifier") && !calls_is(b, "attribute") && !calls_is(b, "member_expression")) continue;
        char *canon = calls_canon(a, b, scope);
        for (size_t s = 0; s < a->cat->sdks.len; s++) {
            const cat_sdk *sd = &a->cat->sdks.items[s];
            bool traced;
            const char *rest = lang_ok(a, sd) ? module_rest(sd, canon, &traced) : NULL;
            size_t rl = rest ? strlen(rest) : 0;
            for (size_t k = 0; rest && rl && k < sd->ctors.len; k++) {
                const char *p = sd->ctors.items[k].path;
                if (!strcmp(p, rest) || (!strncmp(p, rest, rl) && p[rl] == '.')) {
                    free(canon);
                    return (int)s;
                }
            }
        }
        free(canon);
    }
    return -1;
}

/* Evaluates a binding's value once (memoised; a binding that refers to itself, x = x.y(),
 * evaluates to nothing instead of recursing). */
static TSNode first_return(TSNode fn);

/* `llm, embeddings = init_models()` with init_models in the file returning a tuple, or
 * `llm, n = ChatOpenAI(), 3`: the element at the binding's position, or a null node. */
static TSNode tuple_elem(actx *a, const binding *b, int *scope)
{
    TSNode v = b->value, tup = {0};
    *scope = b->vscope;
    if (calls_is(v, "expression_list") || calls_is(v, "tuple")) {
        tup = v;
    } else if (calls_is(v, "call") && calls_is(calls_field(v, "function"), "identifier")) {
        char *nm = calls_dup(a, calls_field(v, "function"));
        binding *fb = calls_lookup(a, nm, b->vscope, ts_node_start_byte(v));
        free(nm);
        if (!fb || fb->kind != BK_DEF) return tup;
        int sc = scope_of_node(a, fb->value);
        TSNode r = first_return(fb->value);
        if (sc < 0 || ts_node_is_null(r)) return tup;
        if (calls_is(r, "parenthesized_expression")) r = calls_child(r, 0);
        if (calls_is(r, "expression_list") || calls_is(r, "tuple")) { tup = r; *scope = sc; }
    }
    if (ts_node_is_null(tup) || (uint32_t)b->elem >= calls_nchild(tup)) return (TSNode){0};
    return calls_child(tup, (uint32_t)b->elem);
}

static int eval_binding(actx *a, binding *b, uint8_t *res)
{
    *res = RES_UNKNOWN;
    if (b->kind == BK_ASSIGN && b->destructured && b->elem >= 0 && a->py) {
        if (b->memo == 2) { *res = b->res; return b->obj; }
        if (b->memo == 1) return -1;
        b->memo = 1;
        int bi = (int)(b - a->binds.items), sc;
        TSNode e = tuple_elem(a, b, &sc);
        uint8_t r = RES_UNKNOWN;
        int o = ts_node_is_null(e) ? -1 : calls_eval_object(a, e, sc, &r);
        b = &a->binds.items[bi];
        b->memo = 2;
        b->obj = o;
        b->res = r;
        *res = r;
        return o;
    }
    if (b->kind != BK_ASSIGN || b->destructured) return -1;
    if (b->memo == 2) { *res = b->res; return b->obj; }
    if (b->memo == 1) return -1;
    b->memo = 1;
    int bi = (int)(b - a->binds.items);
    uint8_t r;
    int o = calls_eval_object(a, b->value, b->vscope, &r);
    b = &a->binds.items[bi];
    b->memo = 2;
    b->obj = o;
    b->res = r;
    *res = r;
    return o;
}

/* An attribute (self.model) or a module global read in a function is assigned in other
 * methods or functions, whose order of execution the byte order does not tell: `self.model =
 * None` in __init__, the model loaded in load(), used in generate(). A local is assigned in
 * alternative branches (`try: llm = ChatOpenAI() except: llm = None`, if/else) that the
 * byte order does not tell apart either. When the binding the lookup found holds no object,
 * any other assignment of the same name in the same scope that holds one decides (the
 * first in source order). */
static int eval_binding_any(actx *a, binding *b, uint8_t *res)
{
    int o = eval_binding(a, b, res);
    if (o >= 0 || b->kind != BK_ASSIGN) return o;
    uint8_t first = *res;
    int bi = (int)(b - a->binds.items), sc = b->scope;
    uint32_t h = hash_str(b->name, sc) & (uint32_t)(a->nheads - 1);
    int best = -1;
    for (int i = a->heads[h]; i >= 0; i = a->binds.items[i].next) {
        binding *c = &a->binds.items[i];
        if (i == bi || c->scope != sc || c->kind != BK_ASSIGN || c->destructured || strcmp(c->name, a->binds.items[bi].name))
            continue;
        uint8_t r;
        int co = eval_binding(a, &a->binds.items[i], &r);
        c = &a->binds.items[i];
        if (co >= 0 && (best < 0 || c->at < a->binds.items[best].at)) { best = i; o = co; }
    }
    *res = best >= 0 ? RES_OBJ : first;
    if (o < 0 && !ts_node_is_null(a->binds.items[bi].type)) { /* agent: Pregel = Custom(...) */
        o = typed_obj(a, &a->binds.items[bi]);
        if (o >= 0) *res = RES_OBJ;
    }
    return o;
}

int calls_eval_binding(actx *a, binding *b, uint8_t *res) { return eval_binding_any(a, b, res); }

/* The position of parameter `name` in function `fn` (self/cls not counted), or -1. */
static int param_index(actx *a, TSNode fn, const char *name)
{
    TSNode params = calls_field(fn, "parameters");
    uint32_t nc = calls_nchild(params);
    int k = 0;
    for (uint32_t i = 0; i < nc; i++) {
        TSNode p = calls_child(params, i);
        TSNode id = p;
        if (!calls_is(id, "identifier")) {
            id = calls_field(p, "name");
            if (ts_node_is_null(id)) id = calls_field(p, "pattern");
            if (ts_node_is_null(id)) id = calls_child(p, 0);
        }
        if (i == 0 && a->py && (calls_text_is(a, id, "self") || calls_text_is(a, id, "cls"))) continue;
        if (calls_is(id, "identifier") && calls_text_is(a, id, name)) return k;
        k++;
    }
    return -1;
}

void calls_alias_free(alias_ref *r)
{
    free(r->src);
    free(r->name);
    free(r->pre);
    r->src = r->name = r->pre = NULL;
}

/* A method that returns the handle it is called on, with options (a catalog `passthrough`
 * or `factories` entry of any SDK of the file's language: withStructuredOutput, bind_tools,
 * with_retry, compile). Used where the handle itself is only known at the end. */
static bool handle_method(const actx *a, const char *name, size_t len)
{
    for (size_t k = 0; k < a->cat->sdks.len; k++) {
        const cat_sdk *s = &a->cat->sdks.items[k];
        if (!(a->py ? s->py : s->js)) continue;
        const strv *lists[2] = {&s->passthrough, &s->factories};
        for (int l = 0; l < 2; l++)
            for (size_t i = 0; i < lists[l]->len; i++)
                if (strlen(lists[l]->items[i]) == len && !memcmp(lists[l]->items[i], name, len)) return true;
    }
    return false;
}

static void alias_set(alias_ref *out, const char *src, const char *name, bool relative, bool called)
{
    out->src = xstrdup(src);
    buf nm = {0};
    buf_printf(&nm, "%s%s", name, called ? "()" : "");
    out->name = buf_take(&nm);
    out->relative = relative;
}

static bool fn_alias(actx *a, TSNode fn, alias_ref *out, int depth)
{
    int sc = scope_of_node(a, fn);
    TSNode body = calls_field(fn, "body");
    if (sc < 0 || ts_node_is_null(body)) return false;
    if (calls_is(fn, "arrow_function") && !calls_is(body, "statement_block"))
        return calls_alias_of(a, body, sc, out, depth);
    TSNode ret = first_return(fn);
    return !ts_node_is_null(ret) && calls_alias_of(a, ret, sc, out, depth);
}

/* What function fn returns, when that is another module's export. */
bool calls_alias_of_fn(actx *a, TSNode fn, alias_ref *out) { return fn_alias(a, fn, out, 0); }

/* Another module's export that value v stands for: an imported name (`llm = BUILDER_LLM`),
 * a call of an imported function (`client = create_client(ctx)`, `mod.make()`: the object
 * it returns, named "make()"), a local variable or a local function that returns one of
 * these (`def get(): return create_client()`). False when v is none of these. */
bool calls_alias_of(actx *a, TSNode v, int scope, alias_ref *out, int depth)
{
    while (!ts_node_is_null(v) && is_wrapper_node(v)) v = calls_child(v, 0);
    if (ts_node_is_null(v) || depth > 4) return false;
    if (calls_is(v, "identifier")) {
        char *nm = calls_dup(a, v);
        binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(v));
        free(nm);
        if (!b) return false;
        if (b->kind == BK_IMPORT) {
            if (!b->imp_source || calls_path_is_sdk_module(a, b->module)) return false;
            alias_set(out, b->imp_source, b->imp_name ? b->imp_name : "default", b->relative, false);
            return true;
        }
        if (b->kind == BK_ASSIGN && !b->destructured && !ts_node_eq(b->value, v))
            return calls_alias_of(a, b->value, b->vscope, out, depth + 1);
        return false;
    }
    if (!calls_is_call(v) || calls_is(v, "new_expression")) return false;
    TSNode f = calls_field(v, "function");
    TSNode head = f, meth = {0};
    if (calls_is(f, "attribute") || calls_is(f, "member_expression")) {
        head = calls_field(f, "object");
        meth = calls_field(f, calls_is(f, "attribute") ? "attribute" : "property");
    }
    uint32_t ml = 0;
    const char *mt = ts_node_is_null(meth) ? NULL : calls_text(a, meth, &ml);
    if (mt && handle_method(a, mt, ml)) {
        /* model.withStructuredOutput(S), get_llm().with_retry(): the handle the receiver
         * stands for, with the method kept in `pre` (its evidence is read at the end) */
        if (!calls_alias_of(a, head, scope, out, depth + 1)) return false;
        buf p = {0}; /* the receiver's own methods come first: pre reads left to right */
        if (out->pre) buf_printf(&p, "%s.", out->pre);
        buf_append(&p, mt, ml);
        free(out->pre);
        out->pre = buf_take(&p);
        return true;
    }
    if (!calls_is(head, "identifier")) return false;
    char *nm = calls_dup(a, head);
    binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(v));
    free(nm);
    if (!b) return false;
    if (b->kind == BK_DEF && ts_node_is_null(meth)) /* a local function: what it returns */
        return fn_alias(a, b->value, out, depth + 1);
    if (b->kind != BK_IMPORT || !b->imp_source || calls_path_is_sdk_module(a, b->module)) return false;
    if (ts_node_is_null(meth)) {
        if (!b->imp_name || !strcmp(b->imp_name, "default")) return false;
        alias_set(out, b->imp_source, b->imp_name, b->relative, true);
        return true;
    }
    /* mod.make(): `import app.mod as mod` (Python: the module is the whole dotted path) */
    char *m = calls_dup(a, meth);
    alias_set(out, a->py && b->imp_name ? b->module : b->imp_source, m, b->relative, true);
    free(m);
    return true;
}

static int param_local_obj(actx *a, binding *b);

/* One called segment of a chain whose head is another module's export, before the last:
 * true when the chain stays pending. A handle-keeping method (model.withStructuredOutput(S),
 * .bind_tools(t), .with_retry()) stays in the path, read at the end; the import itself
 * called (`getClient().chat...`: head) or a function of a module imported whole
 * (`llm_mod.get_llm().invoke`) becomes the object that factory returns, "name()". */
static bool pending_step(actx *a, const seg *s, bool headseg, int i, const binding *imp, alias_ref *alias, buf *path)
{
    uint32_t nl = 0;
    const char *nt = ts_node_is_null(s->name) ? NULL : calls_text(a, s->name, &nl);
    if (!headseg && nt && handle_method(a, nt, nl)) return true;
    if (alias->src || !imp || !imp->imp_source || s->is_new) return false;
    if (headseg) {
        if (!imp->imp_name || !strcmp(imp->imp_name, "default") || !strcmp(imp->imp_name, "*")) return false;
        alias_set(alias, imp->imp_source, imp->imp_name, imp->relative, true);
    } else if (i == 1 && nt) {
        char *m = xstrndup(nt, nl);
        alias_set(alias, a->py && imp->imp_name ? imp->module : imp->imp_source, m, imp->relative, true);
        free(m);
    } else {
        return false;
    }
    path->len = 0;
    buf_puts(path, "#factory");
    return true;
}

/* Walks a receiver chain. `want_call`: the chain ends in the candidate call; a model call is
 * reported in w->sdk/w->path. Otherwise the value of the chain is returned as an object. */
/* `store, qa = bootstrap(cfg)` with bootstrap imported from a repository module, then
 * `qa(q)` / `qa.invoke(q)`: a pending call on that module's export "bootstrap()#1". */
static bool tuple_import_pending(actx *a, const chain *c, binding *b, walk_out *w)
{
    if (!a->py || !b->destructured || b->elem < 0 || !calls_is(b->value, "call")) return false;
    TSNode f = calls_field(b->value, "function");
    if (!calls_is(f, "identifier")) return false;
    for (int k = 0; k < c->n - 1; k++) /* qa(q), qa.invoke(q): only the last segment is called */
        if (!ts_node_is_null(c->s[k].call) && !(k == 0 && c->n == 1)) return false;
    if (ts_node_is_null(c->s[c->n - 1].call)) return false;
    uint8_t res;
    if (eval_binding(a, b, &res) >= 0) return false; /* known here */
    char *nm = calls_dup(a, f);
    binding *fb = calls_lookup(a, nm, b->vscope, ts_node_start_byte(f));
    free(nm);
    if (!fb || fb->kind != BK_IMPORT || !fb->imp_source || calls_path_is_sdk_module(a, fb->module)) return false;
    buf r = {0};
    for (int k = 1; k < c->n; k++) {
        if (r.len) buf_putc(&r, '.');
        seg_name(a, &c->s[k], &r);
    }
    if (!r.len) buf_puts(&r, "__call__");
    buf name = {0};
    buf_printf(&name, "%s()#%d", fb->imp_name ? fb->imp_name : "default", (int)b->elem);
    w->pend_module = xstrdup(fb->imp_source);
    w->pend_name = buf_take(&name);
    w->pend_rest = buf_take(&r);
    w->pend_relative = fb->relative;
    return true;
}

/* A chain that starts with a repository-wide slot (`st.session_state.llm.invoke(q)`): the
 * handle this file keeps there, or a pending read of another file's (pend_module "#slot").
 * *i: the first segment after the slot. False when the chain names no slot. */
static bool slot_head(actx *a, const chain *c, const binding *imp, int scope, uint32_t at, int *obj, int *i,
                      walk_out *w)
{
    (void)scope;
    if (!a->cat->global_slots.len) return false;
    buf p = {0};
    buf_puts(&p, imp->module);
    for (int k = 1; k < c->n; k++) {
        if (!ts_node_is_null(c->s[k - 1].call)) break;
        buf_putc(&p, '.');
        seg_name(a, &c->s[k], &p);
        if (!calls_strv_glob(&a->cat->global_slots, p.data)) continue;
        bool rest_called = false;
        for (int q = k; q < c->n; q++) rest_called |= !ts_node_is_null(c->s[q].call);
        buf key = {0};
        buf_printf(&key, "#slot:%s", p.data);
        binding *b = calls_lookup(a, key.data, 0, UINT32_MAX);
        *obj = -1;
        if (b) {
            uint8_t res;
            *obj = eval_binding_any(a, b, &res);
        }
        if (*obj < 0 && rest_called && ts_node_is_null(c->s[k].call)) {
            /* another file keeps the handle there: resolved in calls_finish */
            buf r = {0};
            for (int q = k + 1; q < c->n; q++) {
                if (r.len) buf_putc(&r, '.');
                seg_name(a, &c->s[q], &r);
            }
            if (r.len) {
                w->pend_module = xstrdup("#slot");
                w->pend_name = buf_take(&key);
                w->pend_rest = buf_take(&r);
            }
            buf_free(&r);
        }
        buf_free(&key);
        buf_free(&p);
        *i = k + 1;
        (void)at;
        return true;
    }
    buf_free(&p);
    return false;
}

static void chain_walk(actx *a, const chain *c, int scope, walk_out *w)
{
    alias_ref alias = {0};
    uint8_t st = ST_UNKNOWN;
    int obj = -1;
    buf path = {0}, rel = {0};
    const binding *imp = NULL;
    int i = 1;
    bool head_done = false; /* the head's own call is already evaluated */
    w->sdk = -1;
    w->obj = -1;
    w->call_obj = -1;
    w->pend_param = -1;
    w->base_sdk = -1;
    TSNode head = c->s[0].name;
    uint32_t at = ts_node_start_byte(ts_node_is_null(c->s[0].call) ? head : c->s[0].call);
    if (c->other_head) {
        uint8_t res;
        obj = calls_eval_object(a, head, scope, &res);
        st = obj >= 0 ? ST_OBJ : ST_UNKNOWN;
        i = 0; /* the head is a whole expression, its call (if any) already evaluated */
        if (!ts_node_is_null(c->s[0].call)) i = 1;
    } else if (c->self_head) {
        if (c->n >= 2 && ts_node_is_null(c->s[1].call)) {
            buf key = {0};
            buf_puts(&key, "this.");
            seg_name(a, &c->s[1], &key);
            int cls = calls_enclosing_class(a, scope);
            binding *b = cls >= 0 ? calls_lookup(a, key.data, cls, at) : NULL;
            buf_free(&key);
            bool simple = true;
            for (int k = 2; k < c->n - 1; k++) simple &= ts_node_is_null(c->s[k].call);
            if (b && b->kind == BK_ASSIGN) {
                uint8_t res;
                obj = eval_binding_any(a, b, &res);
                st = obj >= 0 ? ST_OBJ : res == RES_OTHER ? ST_OTHER : ST_UNKNOWN;
                if (st != ST_OBJ && simple && !b->destructured && calls_alias_of(a, b->value, b->vscope, &alias, 0)) {
                    /* self.client = make_client() with make_client from another file */
                    buf_puts(&path, "#factory");
                    st = ST_PENDING;
                }
            } else if (b && b->kind == BK_PARAM && !ts_node_is_null(b->type)) {
                obj = typed_obj(a, b);
                st = obj >= 0 ? ST_OBJ : ST_UNKNOWN;
            }
            if (st == ST_UNKNOWN && !b) { /* self.llm_chain in a class that extends an SDK class */
                int kls = calls_enclosing_class(a, scope);
                uint32_t al;
                const char *attr = calls_text(a, c->s[1].name, &al);
                if (kls >= 0 && calls_re_match(a->cat->inherited_attr_re, attr, al)) w->base_sdk = a->scopes.items[kls].base_sdk;
            }
            i = 2;
        } else {
            st = ST_UNKNOWN; /* self.method(...), or self.chain(...) on an object attribute */
            i = 1;
            if (c->n == 2) {
                buf key = {0};
                buf_puts(&key, "this.");
                seg_name(a, &c->s[1], &key);
                int cls = calls_enclosing_class(a, scope);
                binding *b = cls >= 0 ? calls_lookup(a, key.data, cls, at) : NULL;
                buf_free(&key);
                uint8_t res;
                int o = !b ? -1 : b->kind == BK_ASSIGN ? eval_binding_any(a, b, &res)
                                : !ts_node_is_null(b->type) ? typed_obj(a, b) : -1;
                const cat_path *cp = o >= 0 ? call_path(&a->cat->sdks.items[a->objs.items[o].sdk], "__call__", false) : NULL;
                if (cp) {
                    w->path = cp;
                    w->sdk = a->objs.items[o].sdk;
                    w->call_obj = o;
                    buf_free(&path);
                    buf_free(&rel);
                    return;
                }
            }
        }
    } else {
        char *nm = calls_dup(a, head);
        binding *b = calls_lookup(a, nm, scope, at);
        if (!b) {
            if (!a->py) { buf_printf(&path, "#global.%s", nm); st = ST_MODULE; }
            else st = ST_UNKNOWN;
        } else if (b->kind == BK_IMPORT && slot_head(a, c, b, scope, at, &obj, &i, w)) {
            st = obj >= 0 ? ST_OBJ : ST_OTHER;
            head_done = true;
            if (w->pend_module) { free(nm); buf_free(&path); buf_free(&rel); calls_alias_free(&alias); return; }
        } else if (b->kind == BK_IMPORT) {
            buf_puts(&path, b->module);
            st = calls_path_is_sdk_module(a, b->module) ? ST_MODULE : ST_PENDING;
            if (!a->py && strcmp(b->module, "#global") != 0 && !calls_path_is_sdk_module(a, b->module))
                st = ST_PENDING;
            imp = b;
        } else if (b->kind == BK_ASSIGN && tuple_import_pending(a, c, b, w)) {
            free(nm);
            buf_free(&path);
            buf_free(&rel);
            calls_alias_free(&alias);
            return;
        } else if (b->kind == BK_ASSIGN) {
            uint8_t res;
            obj = eval_binding_any(a, b, &res);
            if (b->destructured) res = RES_OTHER;
            st = obj >= 0 ? ST_OBJ : res == RES_OTHER ? ST_OTHER : ST_UNKNOWN;
            bool simple = true; /* llm.invoke(...): no intermediate calls such as .pipe(...) */
            for (int k = 1; k < c->n - 1; k++) simple &= ts_node_is_null(c->s[k].call);
            if (st != ST_OBJ && simple && !b->destructured && calls_alias_of(a, b->value, b->vscope, &alias, 0)) {
                /* llm = get_llm() with get_llm from another file, llm = IMPORTED_LLM:
                 * resolved in calls_finish */
                buf_puts(&path, "#factory");
                st = ST_PENDING;
            }
        } else if (b->kind == BK_DEF) {
            st = ST_OTHER;
            if (c->n > 1 && !ts_node_is_null(c->s[0].call) && !c->s[0].is_new) {
                /* get_llm().invoke(q), getClient().chat.completions.create(...): the
                 * object the local function returns, or another module's it stands for */
                if ((obj = calls_fn_returns_obj(a, b)) >= 0) {
                    st = ST_OBJ;
                    head_done = true;
                } else if (calls_alias_of_fn(a, b->value, &alias)) {
                    buf_puts(&path, "#factory");
                    st = ST_PENDING;
                    head_done = true;
                }
            }
        } else {
            st = ST_UNKNOWN;
            if (b->kind == BK_PARAM && !ts_node_is_null(b->type) && (obj = typed_obj(a, b)) >= 0) st = ST_OBJ;
            else if (b->kind == BK_PARAM && (obj = param_local_obj(a, b)) >= 0) st = ST_OBJ;
            else if (b->kind == BK_PARAM) {
                /* a closure's call on a parameter of the function around it: that function's callers fill it */
                w->pend_param = param_index(a, b->value, nm);
                int ps = scope_of_node(a, b->value);
                w->pend_fn = ps >= 0 ? a->scopes.items[ps].fn : -1;
            }
        }
        free(nm);
        if (st == ST_OBJ && head_done && i > 1) { /* a slot: walk on after its segments */
        } else i = head_done ? 1 : 0; /* the head itself may be called: OpenAI(), llm("hi") */
    }
    for (; i < c->n && st != ST_OTHER; i++) {
        const seg *s = &c->s[i];
        bool last = i == c->n - 1;
        bool headseg = i == 0;
        if (!headseg) {
            if (st == ST_MODULE || st == ST_PENDING) { buf_putc(&path, '.'); seg_name(a, s, &path); }
            if (rel.len) buf_putc(&rel, '.');
            seg_name(a, s, &rel);
        }
        if (ts_node_is_null(s->call)) continue;
        if (st == ST_MODULE) {
            int o = module_call(a, path.data, s->call, scope, last, w, &st);
            if (w->path) break;
            if (st == ST_OBJ) { obj = o; rel.len = 0; if (rel.data) rel.data[0] = 0; }
            continue;
        }
        if (st == ST_PENDING && (calls_strv_glob(&a->cat->trace_wrappers, path.data) ||
                                 calls_strv_glob(&a->cat->val_clients, path.data) || is_combinator(a, path.data, NULL))) {
            int o = module_call(a, path.data, s->call, scope, last, w, &st);
            if (st == ST_OBJ) { obj = o; rel.len = 0; if (rel.data) rel.data[0] = 0; }
            continue;
        }
        if (st == ST_PENDING && !last && pending_step(a, s, headseg, i, imp, &alias, &path)) continue;
        if (st == ST_PENDING) {
            if (last && alias.src) {
                /* path is "#factory.<rest>"; the module and name are the alias's */
                const char *rest = path.data + strlen("#factory");
                rest = *rest == '.' ? rest + 1 : "__call__";
                w->pend_module = alias.src;
                w->pend_name = alias.name;
                alias.src = alias.name = NULL;
                buf r = {0}; /* methods applied to the export before the use come first */
                if (alias.pre) buf_printf(&r, "%s.", alias.pre);
                buf_puts(&r, rest);
                w->pend_rest = buf_take(&r);
                w->pend_relative = alias.relative;
            } else if (last && imp) {
                const char *r = strchr(path.data + strlen(imp->module), '.');
                set_pending(w, imp, r ? r + 1 : "__call__");
            }
            st = ST_OTHER;
            break;
        }
        const char *relname = rel.len ? rel.data : "__call__";
        if (st == ST_OBJ) {
            const cat_sdk *sd = &a->cat->sdks.items[a->objs.items[obj].sdk];
            if (seg_is_passthrough(sd, relname)) {
                obj = obj_derive(a, obj);
                passthrough_evidence(a, obj, relname, s->call, scope);
            } else if (calls_strv_has(&sd->factories, relname)) {
                obj = obj_derive(a, obj);
                obj_add_args(a, obj, s->call, scope);
            } else if (calls_strv_has(&sd->combinators, relname)) {
                obj = obj_derive(a, obj);
                TSNode args = calls_call_args(s->call);
                uint32_t nc = calls_nchild(args);
                for (uint32_t q = 0; q < nc; q++) obj_absorb_operand(a, obj, calls_child(args, q), scope);
            } else if (last && (w->path = call_path(sd, relname, false))) {
                w->sdk = a->objs.items[obj].sdk;
                w->call_obj = obj;
                break;
            } else {
                st = ST_OTHER;
                break;
            }
            rel.len = 0;
            rel.data[0] = '\0';
            continue;
        }
        /* ST_UNKNOWN: a receiver we could not resolve. A combinator (prompt.pipe(model)) whose
         * arguments hold an SDK object yields that object; otherwise only an unmistakable
         * shape counts. */
        if (is_combinator(a, "", relname)) {
            int inner = obj_in_args(a, calls_call_args(s->call), scope, 0);
            if (inner >= 0) {
                obj = obj_derive(a, inner);
                TSNode fnode = calls_field(s->call, "function");
                TSNode recv = calls_field(fnode, "object");
                if (!ts_node_is_null(recv)) obj_absorb_operand(a, obj, recv, scope);
                st = ST_OBJ;
                if (last) { st = ST_OTHER; break; }
                rel.len = 0;
                rel.data[0] = '\0';
                continue;
            }
        }
        if (last) {
            w->medium = true;
            w->pend_rest = xstrdup(relname);
            break;
        }
        /* a passthrough (with_options) or a factory (index.as_query_engine(...)) keeps the
         * receiver's kind of object: its caller decides (a parameter's callers) */
        bool pass = false;
        for (size_t k = 0; k < a->cat->sdks.len && !pass; k++)
            pass = lang_ok(a, &a->cat->sdks.items[k]) && (seg_is_passthrough(&a->cat->sdks.items[k], relname) ||
                                                          calls_strv_has(&a->cat->sdks.items[k].factories, relname));
        if (!pass) { st = ST_OTHER; break; }
        rel.len = 0;
        rel.data[0] = '\0';
    }
    if (!w->path && !w->medium && !w->pend_module) {
        w->res = st == ST_OBJ ? RES_OBJ : st == ST_OTHER || st == ST_MODULE || st == ST_PENDING ? RES_OTHER : RES_UNKNOWN;
        w->obj = st == ST_OBJ ? obj : -1;
    }
    buf_free(&path);
    buf_free(&rel);
    calls_alias_free(&alias);
}

static bool is_operator_chain(const char *t)
{
    return strcmp(t, "conditional_expression") == 0 || strcmp(t, "ternary_expression") == 0 ||
           strcmp(t, "boolean_operator") == 0 || strcmp(t, "binary_expression") == 0;
}

static bool is_wrapper(const char *t)
{
    return strcmp(t, "await") == 0 || strcmp(t, "await_expression") == 0 || strcmp(t, "parenthesized_expression") == 0 ||
           strcmp(t, "non_null_expression") == 0 || strcmp(t, "as_expression") == 0 || strcmp(t, "satisfies_expression") == 0;
}

/* A receiver chain (x.y(), f().g) evaluated as an object. Apart from the other cases, so
 * that the chain's large frame is only on the stack while one is walked. */
static __attribute__((noinline)) int eval_chain(actx *a, TSNode n, int scope, uint8_t *res)
{
    chain c = {0};
    if (!chain_build(a, n, &c, 0)) return -1;
    walk_out w = {0};
    chain_walk(a, &c, scope, &w);
    free(w.pend_module); free(w.pend_name); free(w.pend_rest);
    if (w.path) { *res = RES_OTHER; return -1; } /* a model call's result, not an object */
    *res = w.res;
    return w.obj;
}

/* The argument a call passes for parameter `name` (position idx): by keyword, else by
 * position after `skip` leading arguments (functools.partial(f, ...) names f first). */
static TSNode arg_for_param(actx *a, TSNode call, const char *name, int idx, int skip)
{
    kids k;
    calls_kids(calls_call_args(call), &k);
    TSNode pick = {0};
    int pos = -skip;
    for (uint32_t q = 0; q < k.n && ts_node_is_null(pick); q++) {
        TSNode arg = k.v[q];
        if (calls_is(arg, "comment")) continue;
        if (calls_is(arg, "keyword_argument")) {
            if (calls_text_is(a, calls_field(arg, "name"), name)) pick = calls_field(arg, "value");
            continue;
        }
        if (pos++ == idx) pick = arg;
    }
    calls_kids_free(&k);
    return pick;
}

/* A parameter filled by the calls of its function in this file: `def node(state, llm):`
 * with `node(s, llm=ChatOpenAI())` or `functools.partial(node, llm=model)`; a method called
 * as self.f(...); constructor injection, `def __init__(self, client): self.client = client`
 * (JS constructor(client)) with `Bot(OpenAI(max_retries=5))` / `new Bot(...)` in the file.
 * The first object passed decides; memoised on the parameter's binding. */
/* True when this file imports some catalog module (memoised): without one, no handle is
 * made in the file, and the searches that look for one can stop early. */
static bool file_imports_any_sdk(actx *a)
{
    if (!a->sdk_imports) {
        a->sdk_imports = 2;
        for (size_t i = 0; i < a->binds.len && a->sdk_imports == 2; i++)
            if (a->binds.items[i].kind == BK_IMPORT && a->binds.items[i].module &&
                calls_path_is_sdk_module(a, a->binds.items[i].module))
                a->sdk_imports = 1;
    }
    return a->sdk_imports == 1;
}

static int param_local_obj(actx *a, binding *b)
{
    if (b->memo == 2) return b->obj;
    if (b->memo == 1 || !file_imports_any_sdk(a)) return -1;
    TSNode fn = b->value;
    if (!calls_is_function(fn)) return -1;
    int bi = (int)(b - a->binds.items);
    b->memo = 1;
    char *name = xstrdup(b->name);
    TSNode fname = calls_field(fn, "name");
    if (ts_node_is_null(fname) && calls_is(calls_parent(fn), "variable_declarator")) fname = calls_field(calls_parent(fn), "name");
    int fsc = scope_of_node(a, fn);
    int cls = fsc >= 0 ? calls_enclosing_class(a, fsc) : -1;
    const char *cname = cls >= 0 ? a->scopes.items[cls].cls : NULL;
    bool ctor = !ts_node_is_null(fname) && (calls_text_is(a, fname, "__init__") || calls_text_is(a, fname, "constructor"));
    bool method = cls >= 0 && !ctor && !calls_is(a->scopes.items[fsc].node, "arrow_function");
    int idx = param_index(a, fn, name);
    int o = -1;
    uint32_t fl = 0;
    const char *ft = ts_node_is_null(fname) ? NULL : calls_text(a, fname, &fl);
    for (size_t i = 0; idx >= 0 && ft && i < a->cands.len && o < 0; i++) {
        TSNode call = a->cands.items[i].node;
        TSNode callee = calls_field(call, calls_is(call, "new_expression") ? "constructor" : "function");
        uint32_t cl;
        const char *ct = calls_text(a, callee, &cl);
        int skip = 0;
        bool hit = false;
        if (ctor) {
            hit = cname && calls_is(callee, "identifier") && strlen(cname) == cl && !memcmp(ct, cname, cl);
        } else if (method) { /* self.f(...) / this.f(...) */
            TSNode obj = calls_field(callee, "object");
            TSNode prop = calls_field(callee, a->py ? "attribute" : "property");
            uint32_t pl = 0;
            const char *pt = ts_node_is_null(prop) ? NULL : calls_text(a, prop, &pl);
            hit = pt && pl == fl && !memcmp(pt, ft, fl) && (calls_is(obj, "this") || (a->py && calls_text_is(a, obj, "self")));
        } else if (calls_is(callee, "identifier")) {
            hit = cl == fl && !memcmp(ct, ft, fl);
            if (!hit && cl == 7 && !memcmp(ct, "partial", 7)) skip = 1;
        } else if (calls_is(callee, "attribute") && cl == 17 && !memcmp(ct, "functools.partial", 17)) {
            skip = 1;
        }
        if (skip) { /* partial(f, ...): f is the first argument */
            TSNode first = calls_child(calls_call_args(call), 0);
            uint32_t nl;
            const char *nt = calls_is(first, "identifier") ? calls_text(a, first, &nl) : NULL;
            hit = nt && nl == fl && !memcmp(nt, ft, fl);
        }
        if (!hit) continue;
        TSNode pick = arg_for_param(a, call, name, idx, skip);
        if (ts_node_is_null(pick)) continue;
        uint8_t res;
        o = calls_eval_object(a, pick, a->cands.items[i].scope, &res);
    }
    free(name);
    b = &a->binds.items[bi];
    b->memo = 2;
    b->obj = o;
    return o;
}

/* One operand: anything but parentheses, await and operator chains. */
static int eval_operand(actx *a, TSNode n, const char *t, int scope, uint8_t *res)
{
    if (strcmp(t, "binary_operator") == 0) {
        int o = eval_pipe(a, n, scope);
        *res = o >= 0 ? RES_OBJ : RES_OTHER;
        return o;
    }
    if (strcmp(t, "identifier") == 0 || strcmp(t, "shorthand_property_identifier") == 0) { /* {client} */
        char *nm = calls_dup(a, n);
        binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(n));
        free(nm);
        if (!b) return -1;
        if (b->kind == BK_ASSIGN && (!b->destructured || b->elem >= 0)) return eval_binding_any(a, b, res);
        if (b->kind == BK_PARAM && !ts_node_is_null(b->type)) { /* def f(llm: ChatOpenAI) */
            int o = typed_obj(a, b);
            if (o < 0) o = param_local_obj(a, b);
            *res = o >= 0 ? RES_OBJ : RES_UNKNOWN;
            return o;
        }
        if (b->kind == BK_PARAM) {
            int o = param_local_obj(a, b);
            if (o >= 0) { *res = RES_OBJ; return o; }
        }
        if (b->kind == BK_IMPORT) *res = RES_OTHER;
        return -1;
    }
    if (strcmp(t, "attribute") == 0 || strcmp(t, "member_expression") == 0 || calls_is_call(n)) {
        if (calls_is_call(n) && !calls_is(n, "new_expression") && calls_is(calls_field(n, "function"), "identifier")) {
            char *nm = calls_dup(a, calls_field(n, "function"));
            binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(n));
            free(nm);
            if (b && b->kind == BK_DEF) {
                int o = calls_fn_returns_obj(a, b);
                *res = o >= 0 ? RES_OBJ : RES_UNKNOWN;
                return o;
            }
        }
        binding *mb = calls_is_call(n) && !calls_is(n, "new_expression") ? self_method(a, calls_field(n, "function"), scope) : NULL;
        if (!mb && calls_is_call(n) && !calls_is(n, "new_expression")) mb = class_method(a, calls_field(n, "function"));
        if (mb) { /* self._create_graph(), this.getClient(): what the method returns */
            int o = calls_fn_returns_obj(a, mb);
            if (o >= 0) { *res = RES_OBJ; return o; }
        }
        return eval_chain(a, n, scope, res);
    }
    if (strcmp(t, "string") == 0 || strcmp(t, "integer") == 0 || strcmp(t, "number") == 0 ||
        strcmp(t, "list") == 0 || strcmp(t, "dictionary") == 0 || strcmp(t, "object") == 0 ||
        strcmp(t, "array") == 0 || strcmp(t, "template_string") == 0)
        *res = RES_OTHER;
    return -1;
}

/* The object an expression evaluates to. Operator chains (a + b + ..., x if c else ...,
 * a or b or ...) are walked with an explicit stack, operands left to right, the first
 * object winning: a chain of any length costs no stack. */
static int eval_expr(actx *a, TSNode n, int scope, uint8_t *res)
{
    VEC(TSNode) todo = {0};
    VEC_PUSH(&todo, n);
    int found = -1;
    while (todo.len && found < 0) {
        TSNode x = todo.items[--todo.len];
        *res = RES_UNKNOWN;
        while (!ts_node_is_null(x) && is_wrapper(calls_nt(x))) x = calls_child(x, 0);
        if (ts_node_is_null(x)) continue;
        const char *t = calls_nt(x);
        if (is_operator_chain(t)) {
            kids k;
            calls_kids(x, &k);
            for (uint32_t i = k.n; i-- > 0;) VEC_PUSH(&todo, k.v[i]);
            calls_kids_free(&k);
            continue;
        }
        found = eval_operand(a, x, t, scope, res);
    }
    VEC_FREE(&todo);
    return found;
}

/* Evaluation recurses through bindings, receiver chains, function returns and call
 * arguments (x = y; y = z; ...): past BOUNDS_EVAL_DEPTH nested evaluations it gives up,
 * and the file gets a note, rather than running out of stack. */
int calls_eval_object(actx *a, TSNode n, int scope, uint8_t *res)
{
    *res = RES_UNKNOWN;
    if (ts_node_is_null(n)) return -1;
    if (a->eval_depth >= BOUNDS_EVAL_DEPTH) {
        if (!(a->cut & CUT_EVAL)) a->cut_line = calls_line(n);
        a->cut |= CUT_EVAL;
        return -1;
    }
    a->eval_depth++;
    int o = eval_expr(a, n, scope, res);
    a->eval_depth--;
    return o;
}

/* ---- candidates ---------------------------------------------------------------------- */

/* True when this file imports a module of SDK s (import openai; from anthropic import ...). */
static bool file_imports_sdk(actx *a, const cat_sdk *s)
{
    bool traced;
    for (size_t i = 0; i < a->binds.len; i++)
        if (a->binds.items[i].kind == BK_IMPORT && a->binds.items[i].module &&
            module_rest(s, a->binds.items[i].module, &traced))
            return true;
    return false;
}

/* A call on a receiver nothing resolves (a parameter no caller fills, an unknown object),
 * judged by its shape alone: a catalog path of three segments or more, or a model id the
 * SDK serves. Only an SDK this file imports qualifies: a mock in a test
 * (mock_client.messages.create(model="claude-...")) and look-alikes of other libraries
 * are not model calls. */
static int pick_medium_sdk(actx *a, const char *rel, const pfacts *params, const cat_path **cp)
{
    /* A bare function call (print(model=...), list(...)) is never a model call by shape:
     * a model= keyword proves nothing on its own. */
    if (!rel || strcmp(rel, "__call__") == 0) return -1;
    int nseg = 1;
    for (const char *p = rel; *p; p++) nseg += *p == '.';
    int best = -1;
    for (size_t i = 0; i < a->cat->sdks.len; i++) {
        const cat_sdk *s = &a->cat->sdks.items[i];
        if (!lang_ok(a, s) || s->http) continue;
        const cat_path *p = call_path(s, rel, false);
        if (!p) continue;
        bool shape = nseg >= 3;
        const pfact *m = calls_pfacts_find(params, &s->params[P_MODEL]);
        if (!shape && m && m->str && s->model_re) shape = calls_re_match(s->model_re, m->str, strlen(m->str));
        if (!shape || !file_imports_sdk(a, s)) continue;
        if (best < 0) { best = (int)i; *cp = p; }
    }
    return best;
}


static bool any_call_path(actx *a, const char *rel)
{
    for (size_t i = 0; i < a->cat->sdks.len; i++)
        if (lang_ok(a, &a->cat->sdks.items[i]) && !a->cat->sdks.items[i].http && call_path(&a->cat->sdks.items[i], rel, false))
            return true;
    return false;
}

/* A method taken as a value and invoked elsewhere: `completion = client.chat.completions.create`
 * then `completion(...)`. The chain of the bound value, its last segment called by `call`. */
static bool bound_method_chain(actx *a, TSNode call, int scope, chain *c, int *vscope)
{
    TSNode f = calls_field(call, "function");
    if (!calls_is(f, "identifier")) return false;
    char *nm = calls_dup(a, f);
    binding *b = calls_lookup(a, nm, scope, ts_node_start_byte(f));
    free(nm);
    if (!b || b->kind != BK_ASSIGN || b->destructured) return false;
    TSNode v = b->value;
    if (!calls_is(v, "attribute") && !calls_is(v, "member_expression")) return false;
    if (!chain_build(a, v, c, 0) || c->n < 2) return false;
    c->s[c->n - 1].call = call;
    *vscope = b->vscope;
    return true;
}

/* A method passed as a value to something that invokes it: asyncio.to_thread(model.generate_content, p),
 * loop.run_in_executor(None, fn, ...), functools.partial(client.chat.completions.create, ...). The call
 * is on this line (LABELLING.md); the argument's chain, its last segment called by `call`. */
static bool passed_method_chain(actx *a, TSNode call, int scope, chain *c)
{
    if (!a->cat->value_invokers.len) return false;
    TSNode f = calls_field(call, "function");
    if (!calls_is(f, "identifier") && !calls_is(f, "attribute") && !calls_is(f, "member_expression")) return false;
    char *canon = calls_callee_name(a, call, scope);
    bool hit = canon && calls_strv_glob(&a->cat->value_invokers, canon);
    free(canon);
    if (!hit) return false;
    TSNode args = calls_call_args(call);
    uint32_t nc = ts_node_is_null(args) ? 0 : calls_nchild(args);
    for (uint32_t i = 0; i < nc && i < 3; i++) {
        TSNode v = calls_child(args, i);
        if (!calls_is(v, "attribute") && !calls_is(v, "member_expression")) continue;
        chain t = {0};
        if (!chain_build(a, v, &t, 0) || t.n < 2) continue;
        t.s[t.n - 1].call = call;
        *c = t;
        return true;
    }
    return false;
}

void calls_resolve_candidate(actx *a, const candidate *cd)
{
    chain c = {0};
    if (!chain_build(a, cd->node, &c, 0) || c.n == 0) return;
    walk_out w = {0};
    chain_walk(a, &c, cd->scope, &w);
    if (!w.path) {
        chain bc = {0};
        int vs = cd->scope;
        bool bound = bound_method_chain(a, cd->node, cd->scope, &bc, &vs);
        if (!bound) { vs = cd->scope; bound = passed_method_chain(a, cd->node, cd->scope, &bc); }
        if (bound) {
            walk_out bw = {0};
            chain_walk(a, &bc, vs, &bw);
            /* resolved, or an imported handle's method (`add_task(agent.ainvoke, ...)` with
             * agent from another module): pending like a direct call */
            if (bw.path || (bw.pend_module && !w.pend_module)) {
                free(w.pend_module); free(w.pend_name); free(w.pend_rest);
                w = bw;
            } else {
                free(bw.pend_module); free(bw.pend_name); free(bw.pend_rest);
            }
        }
    }
    if (w.path) {
        calls_make_call(a, cd->node, cd->scope, &w, w.sdk, w.path, false);
    } else if (w.medium || w.pend_module) {
        pfacts params = {0};
        bool splat = false;
        TSNode args = calls_call_args(cd->node);
        if (!ts_node_is_null(args)) calls_collect_params(a, args, cd->scope, &params, &splat, 0);
        const cat_path *cp = NULL;
        int sdk = pick_medium_sdk(a, w.pend_rest, &params, &cp);
        calls_pfacts_free(&params);
        size_t pnl = w.pend_name ? strlen(w.pend_name) : 0;
        bool from_factory = pnl > 2 && !strcmp(w.pend_name + pnl - 2, "()");
        if (w.pend_module && strcmp(w.pend_rest, "__call__") == 0 && !from_factory) {
            /* an imported name called: a handle another module exports (`from utils.chain
             * import qa`; `qa({...})`), kept in calls_finish only when the export is one,
             * or an imported function, maybe a wrapper */
            calls_make_call(a, cd->node, cd->scope, &w, -1, NULL, false);
            VEC_PUSH(&a->deferred, *cd);
        } else if (w.pend_module && from_factory && strcmp(w.pend_rest, "__call__") == 0) {
            /* chain = init(); chain({...}): the object another file's factory returns, called;
             * kept in calls_finish only when that object is a handle whose calls include __call__ */
            calls_make_call(a, cd->node, cd->scope, &w, -1, NULL, false);
        } else if (w.pend_module) {
            /* Resolved in calls_finish against the other file's exports; the candidate SDK is
             * only a shape check so that every call to an imported helper is not kept. */
            /* also mod.client.chat.completions.create(...): a module imported whole, whose
             * export is the first segment */
            const char *dot = strchr(w.pend_rest, '.');
            bool any = false;
            for (size_t i = 0; i < a->cat->sdks.len && !any; i++)
                any = lang_ok(a, &a->cat->sdks.items[i]) && (call_path(&a->cat->sdks.items[i], w.pend_rest, false) ||
                                                             (dot && call_path(&a->cat->sdks.items[i], dot + 1, false)));
            if (any) calls_make_call(a, cd->node, cd->scope, &w, -1, NULL, false);
            VEC_PUSH(&a->deferred, *cd); /* also a possible call to a repository method */
        } else if (sdk < 0 && w.base_sdk >= 0 && call_path(&a->cat->sdks.items[w.base_sdk], w.pend_rest, false)) {
            /* an attribute inherited from an SDK base class: self.llm_chain.predict(...) */
            calls_make_call(a, cd->node, cd->scope, &w, w.base_sdk, call_path(&a->cat->sdks.items[w.base_sdk], w.pend_rest, false), true);
        } else if (w.pend_param >= 0 && (any_call_path(a, w.pend_rest) ||
                                         (strchr(w.pend_rest, '.') && any_call_path(a, strchr(w.pend_rest, '.') + 1)))) {
            /* also cog.client.messages.create(...): an attribute of the object passed */
            /* A method called on a parameter: its callers may pass an SDK object. */
            calls_make_call(a, cd->node, cd->scope, &w, -1, NULL, false);
            raw_call *rc = &a->out->calls.items[a->out->calls.len - 1];
            rc->medium_sdk = sdk;
            if (cp) { rc->kind = cp->kind; rc->cat_validated = cp->validated; }
        } else if (sdk >= 0) {
            calls_make_call(a, cd->node, cd->scope, &w, sdk, cp, true);
        } else {
            VEC_PUSH(&a->deferred, *cd);
        }
    } else {
        VEC_PUSH(&a->deferred, *cd);
    }
    free(w.pend_module);
    free(w.pend_name);
    free(w.pend_rest);
}

