/* offswitch: evidence inside a branch that runs only when a setting is set (offswitch.h). */
#include "offswitch.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

enum { COND_MAX = 400, GATE_DEPTH = 64 };

static bool is(TSNode n, const char *type) { return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0; }

static const char *text_of(const source *s, TSNode n, size_t *len)
{
    uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
    if (z > s->len || a > z) { *len = 0; return ""; }
    *len = z - a;
    return s->text + a;
}

static bool has(const char *t, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(t + i, needle, k) == 0) return true;
    return false;
}

/* NODE_ENV, APP_ENV, ENVIRONMENT, VERCEL_ENV, STAGE: choosing the deployment, not a feature. */
static bool selects_environment(const char *t, size_t n)
{
    static const char *const words[] = {"NODE_ENV", "_ENV", "ENVIRONMENT", "STAGE", "PRODUCTION", "production"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (has(t, n, words[i])) return true;
    return false;
}

static bool reads_environment(const char *t, size_t n)
{
    static const char *const lookups[] = {"process.env", "import.meta.env", "os.environ", "os.getenv", "getenv(",
                                          "Deno.env"};
    for (size_t i = 0; i < sizeof lookups / sizeof *lookups; i++)
        if (has(t, n, lookups[i])) return true;
    return false;
}

/* An UPPER_CASE name of three or more characters with at least two letters: a constant read
 * from configuration by convention (LITELLM_CALLBACK_MODULE_NAME, ENABLE_TRACING). */
static bool upper_name(const char *t, size_t n)
{
    if (n < 3) return false;
    unsigned letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (isupper(c)) letters++;
        else if (!isdigit(c) && c != '_') return false;
    }
    return letters >= 2 && !isdigit((unsigned char)t[0]);
}

static bool config_object(const char *t, size_t n)
{
    static const char *const names[] = {"settings", "config", "cfg", "conf", "CONFIG", "SETTINGS", "app.config",
                                        "env"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && memcmp(t, names[i], n) == 0) return true;
    return false;
}

static bool is_nullish(const source *s, TSNode n)
{
    size_t len;
    const char *t = text_of(s, n, &len);
    return (len == 4 && memcmp(t, "None", 4) == 0) || (len == 4 && memcmp(t, "null", 4) == 0) ||
           (len == 9 && memcmp(t, "undefined", 9) == 0);
}

/* A setting tested for truth or None: NAME, settings.X, config.NAME. */
static bool setting_ref(const source *s, TSNode n)
{
    size_t len;
    const char *t = text_of(s, n, &len);
    if (is(n, "identifier")) return upper_name(t, len);
    if (is(n, "attribute") || is(n, "member_expression")) {
        TSNode obj = ts_node_child_by_field_name(n, "object", 6);
        TSNode prop = ts_node_child_by_field_name(n, is(n, "attribute") ? "attribute" : "property",
                                                  is(n, "attribute") ? 9 : 8);
        if (ts_node_is_null(obj) || ts_node_is_null(prop)) return false;
        size_t ol, pl;
        const char *o = text_of(s, obj, &ol), *p = text_of(s, prop, &pl);
        return config_object(o, ol) || upper_name(p, pl);
    }
    return false;
}

static bool is_string(TSNode n) { return is(n, "string") || is(n, "template_string"); }

/* A value read from the application's options or configuration object: this._opts.type,
 * options.backend, config.api.mode, settings.provider. */
static bool options_ref(const source *s, TSNode n)
{
    if (!is(n, "attribute") && !is(n, "member_expression")) return false;
    size_t len;
    const char *t = text_of(s, n, &len);
    static const char *const words[] = {"opts", "options", "Options", "config", "Config", "CONFIG", "settings",
                                        "Settings", "SETTINGS", "cfg"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (has(t, len, words[i])) return true;
    return setting_ref(s, n);
}

static bool gates(const source *s, TSNode c, int depth);

static bool operand_gates(const source *s, TSNode c, int depth)
{
    return !ts_node_is_null(c) && gates(s, c, depth + 1);
}

/* Whether a condition switches its branch on a setting (offswitch.h). */
static bool gates(const source *s, TSNode c, int depth)
{
    if (ts_node_is_null(c) || depth > 8) return false;
    size_t len;
    const char *t = text_of(s, c, &len);
    if (len > COND_MAX || selects_environment(t, len)) return false;
    if (reads_environment(t, len)) return true;
    const char *type = ts_node_type(c);
    if (!strcmp(type, "parenthesized_expression") || !strcmp(type, "not_operator") ||
        !strcmp(type, "unary_expression")) {
        for (uint32_t i = 0; i < ts_node_named_child_count(c); i++)
            if (operand_gates(s, ts_node_named_child(c, i), depth)) return true;
        return false;
    }
    if (!strcmp(type, "boolean_operator") || !strcmp(type, "binary_expression")) {
        TSNode l = ts_node_child_by_field_name(c, "left", 4), r = ts_node_child_by_field_name(c, "right", 5);
        TSNode op = ts_node_child_by_field_name(c, "operator", 8);
        size_t ol = 0;
        const char *o = ts_node_is_null(op) ? "" : text_of(s, op, &ol);
        bool logical = (ol == 2 && (!memcmp(o, "&&", 2) || !memcmp(o, "||", 2) || !memcmp(o, "or", 2))) ||
                       (ol == 3 && !memcmp(o, "and", 3));
        if (logical) return operand_gates(s, l, depth) || operand_gates(s, r, depth);
        bool neq = (ol == 2 && (!memcmp(o, "!=", 2) || !memcmp(o, "==", 2))) ||
                   (ol == 3 && (!memcmp(o, "!==", 3) || !memcmp(o, "===", 3)));
        if (neq && !ts_node_is_null(r) && is_nullish(s, r)) return setting_ref(s, l);
        if (neq && !ts_node_is_null(l) && is_nullish(s, l)) return setting_ref(s, r);
        /* opts.type == 'browser': a configured choice among alternatives */
        if (neq && !ts_node_is_null(r) && is_string(r)) return options_ref(s, l);
        if (neq && !ts_node_is_null(l) && is_string(l)) return options_ref(s, r);
        return false;
    }
    if (!strcmp(type, "call") || !strcmp(type, "call_expression")) { /* tracing_is_enabled(), isConfigured() */
        TSNode fn = ts_node_child_by_field_name(c, "function", 8);
        size_t fl = 0;
        const char *ft = ts_node_is_null(fn) ? "" : text_of(s, fn, &fl);
        size_t k = fl; /* the last name of the callee */
        while (k > 0 && (isalnum((unsigned char)ft[k - 1]) || ft[k - 1] == '_')) k--;
        return has(ft + k, fl - k, "nabled") || has(ft + k, fl - k, "onfigured");
    }
    if (!strcmp(type, "comparison_operator")) { /* X is not None, X is None, X != None */
        TSNode l = ts_node_named_child(c, 0), r = ts_node_named_child(c, 1);
        return ts_node_named_child_count(c) == 2 && is_nullish(s, r) && setting_ref(s, l);
    }
    return setting_ref(s, c);
}

/* The condition of a branching ancestor a reached from its child c, when c is one of the
 * guarded branches (not the condition itself); null otherwise. */
static TSNode guard_of(const source *s, TSNode a, TSNode c)
{
    TSNode none = {0};
    const char *type = ts_node_type(a);
    if (!strcmp(type, "if_statement") || !strcmp(type, "elif_clause") || !strcmp(type, "ternary_expression")) {
        TSNode cond = ts_node_child_by_field_name(a, "condition", 9);
        return ts_node_is_null(cond) || ts_node_eq(cond, c) ? none : cond;
    }
    if (!strcmp(type, "conditional_expression") && ts_node_named_child_count(a) == 3) { /* x if cond else y */
        TSNode cond = ts_node_named_child(a, 1);
        return ts_node_eq(cond, c) ? none : cond;
    }
    if (!strcmp(type, "boolean_operator") || !strcmp(type, "binary_expression")) { /* X && feature() */
        TSNode l = ts_node_child_by_field_name(a, "left", 4), r = ts_node_child_by_field_name(a, "right", 5);
        TSNode op = ts_node_child_by_field_name(a, "operator", 8);
        size_t ol = 0;
        const char *o = ts_node_is_null(op) ? "" : text_of(s, op, &ol);
        bool and_ = (ol == 2 && !memcmp(o, "&&", 2)) || (ol == 3 && !memcmp(o, "and", 3));
        if (and_ && !ts_node_is_null(r) && ts_node_eq(r, c)) return l;
    }
    return none;
}

/* `[...] if flag else None`, `flag ? cfg : undefined`: a value that is there only when an
 * option is set and otherwise nothing (None, null, undefined, False, [], {}) — an opt-in
 * feature, off unless someone turns it on, whatever the option is called. */
static bool empty_value(const source *s, TSNode n)
{
    size_t len;
    const char *t = text_of(s, n, &len);
    return is_nullish(s, n) || (len == 5 && (!memcmp(t, "False", 5) || !memcmp(t, "false", 5))) ||
           (len == 2 && (!memcmp(t, "[]", 2) || !memcmp(t, "{}", 2)));
}

static bool opt_in(const source *s, TSNode a, TSNode c)
{
    const char *type = ts_node_type(a);
    if (!strcmp(type, "conditional_expression") && ts_node_named_child_count(a) == 3)
        return ts_node_eq(ts_node_named_child(a, 0), c) && empty_value(s, ts_node_named_child(a, 2));
    if (!strcmp(type, "ternary_expression")) {
        TSNode yes = ts_node_child_by_field_name(a, "consequence", 11);
        TSNode no = ts_node_child_by_field_name(a, "alternative", 11);
        return !ts_node_is_null(yes) && !ts_node_is_null(no) && ts_node_eq(yes, c) && empty_value(s, no);
    }
    return false;
}

uint32_t offswitch_gate_of(const source *s, TSNode node)
{
    if (!s || s->lang == LANG_NONE || ts_node_is_null(node)) return 0;
    TSNode c = node;
    for (int d = 0; d < 4096; d++) {
        TSNode a = ts_node_parent(c);
        if (ts_node_is_null(a)) break;
        TSNode cond = guard_of(s, a, c);
        if (!ts_node_is_null(cond) && (gates(s, cond, 0) || opt_in(s, a, c))) return ts_node_start_point(cond).row + 1;
        c = a;
    }
    return 0;
}

/* A finding on an option's name (`interrupt_before=`, `interruptBefore:`) is judged by
 * the option's value: `interrupt_before=[...] if flag else None` is opt-in. Returns the
 * line of the value's condition, or 0. */
static uint32_t option_value_gate(const source *s, TSNode n)
{
    for (int d = 0; d < 3 && !ts_node_is_null(n); d++, n = ts_node_parent(n)) {
        const char *type = ts_node_type(n);
        bool kw = !strcmp(type, "keyword_argument");
        if (!kw && strcmp(type, "pair") != 0) continue;
        TSNode v = ts_node_child_by_field_name(n, "value", 5);
        if (ts_node_is_null(v)) return 0;
        if (is(v, "conditional_expression") && ts_node_named_child_count(v) == 3 &&
            opt_in(s, v, ts_node_named_child(v, 0)))
            return ts_node_start_point(ts_node_named_child(v, 1)).row + 1;
        if (is(v, "ternary_expression")) {
            TSNode yes = ts_node_child_by_field_name(v, "consequence", 11);
            TSNode cond = ts_node_child_by_field_name(v, "condition", 9);
            if (!ts_node_is_null(yes) && !ts_node_is_null(cond) && opt_in(s, v, yes))
                return ts_node_start_point(cond).row + 1;
        }
        return 0;
    }
    return 0;
}

uint32_t offswitch_gate_line(const source *s, TSNode root, uint32_t line, uint32_t column)
{
    if (!line || ts_node_is_null(root)) return 0;
    TSPoint p = {line - 1, column ? column - 1 : 0};
    TSNode n = ts_node_descendant_for_point_range(root, p, p);
    uint32_t g = offswitch_gate_of(s, n);
    return g ? g : option_value_gate(s, n);
}

void offswitch_mark(const source *s, TSTree *tree, finding_list *fl)
{
    if (!tree || !fl->len || s->lang == LANG_NONE) return;
    TSNode root = ts_tree_root_node(tree);
    for (size_t i = 0; i < fl->len; i++) {
        finding *f = &fl->items[i];
        if (!f->line || f->gate_line || !f->file || strcmp(f->file, s->path) != 0) continue;
        f->gate_line = offswitch_gate_line(s, root, f->line, f->column);
        if (!f->gate_line || f->effect != EFFECT_SUPPORTS) continue;
        f->indicates = true;
        buf m = {0};
        buf_printf(&m, "%s (only when a setting is set: inside the condition at line %u, off unless it is configured)",
                   f->message ? f->message : "", f->gate_line);
        free(f->message);
        f->message = buf_take(&m);
    }
}
