/* The TOML reader's document structure: keys, tables, arrays of tables, inline tables,
 * arrays, and the rules about which table may be defined or extended where. */
#include "toml.h"

#include <stdlib.h>
#include <string.h>

#include "toml_int.h"
#include "utf8.h"

/* How a table came to be, kept in dom flags while reading. A table with none of the
 * first three bits was created implicitly, as the parent named by a [a.b] header. */
enum {
    TF_DEFINED = 1, /* by a [header], or as an element of an array of tables */
    TF_DOTTED = 2,  /* by a dotted key: a.b = 1 */
    TF_INLINE = 4,  /* an inline table: closed to any later addition */
    TF_AOT = 8,     /* an array made by [[header]]: open to more elements */
};

typedef struct key_part { char *s; size_t len; } key_part;
typedef struct toml_key { key_part part[TOML_MAX_DEPTH]; size_t n; } toml_key;

static bool value(toml_parser *t, dom **out);

static bool is_bare(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
        || c == '-';
}

static void skip_ws(toml_parser *t)
{
    while (tomlp_peek(t, 0) == ' ' || tomlp_peek(t, 0) == '\t') t->p++;
}

/* A comment, if one starts here, up to (not including) the line break. */
static bool comment(toml_parser *t)
{
    if (tomlp_peek(t, 0) != '#') return true;
    t->p++;
    for (int c; (c = tomlp_peek(t, 0)) >= 0 && c != '\n';) {
        if (c == '\r' && tomlp_peek(t, 1) == '\n') return true;
        if (c >= 0x80) {
            size_t n = utf8_seq_len(t->p, t->end);
            if (!n) return tomlp_fail(t, "invalid UTF-8 in a comment");
            t->p += n;
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return tomlp_fail(t, "control character 0x%02x in a comment", (unsigned)c);
        t->p++;
    }
    return true;
}

/* Whitespace, then an optional comment, then a line break or the end. */
static bool end_of_line(toml_parser *t)
{
    skip_ws(t);
    if (!comment(t)) return false;
    if (tomlp_peek(t, 0) < 0 || tomlp_newline(t)) return true;
    char tmp[16];
    return tomlp_fail(t, "expected the end of the line, found %s", tomlp_what(t, tmp));
}

/* Blank space inside an array: whitespace, comments and line breaks. */
static bool array_space(toml_parser *t)
{
    for (;;) {
        skip_ws(t);
        if (!comment(t)) return false;
        if (!tomlp_newline(t)) return true;
    }
}

/* --- keys ---------------------------------------------------------------------------- */

static void key_free(toml_key *k)
{
    for (size_t i = 0; i < k->n; i++) free(k->part[i].s);
    k->n = 0;
}

static bool key_part_read(toml_parser *t, key_part *out)
{
    int c = tomlp_peek(t, 0);
    buf b = {0};
    if (c == '"' || c == '\'') {
        if (!tomlp_string(t, &b, false)) { buf_free(&b); return false; }
    } else if (is_bare(c)) {
        const char *s = t->p;
        while (is_bare(tomlp_peek(t, 0))) t->p++;
        buf_append(&b, s, (size_t)(t->p - s));
    } else {
        char tmp[16];
        return tomlp_fail(t, "expected a key, found %s", tomlp_what(t, tmp));
    }
    out->len = b.len;
    out->s = buf_take(&b);
    return true;
}

/* key ( ws '.' ws key )* */
static bool key_read(toml_parser *t, toml_key *k)
{
    k->n = 0;
    for (;;) {
        skip_ws(t);
        if (k->n == TOML_MAX_DEPTH) return tomlp_fail(t, "dotted key has too many parts");
        if (!key_part_read(t, &k->part[k->n])) return false;
        k->n++;
        skip_ws(t);
        if (tomlp_peek(t, 0) != '.') return true;
        t->p++;
    }
}

/* --- key/value pairs -------------------------------------------------------------------- */

/* Walks the dotted prefix of k from tbl, creating tables as needed, and checks that the
 * last part is new. Returns the table that receives the value, or NULL on error. */
static dom *dotted_target(toml_parser *t, dom *tbl, const toml_key *k)
{
    for (size_t i = 0; i + 1 < k->n; i++) {
        dom *next = dom_find(tbl, k->part[i].s, k->part[i].len);
        if (!next) {
            next = dom_new(DOM_TABLE, t->line);
            dom_set_flags(next, TF_DOTTED);
            dom_put(tbl, k->part[i].s, k->part[i].len, next);
        } else if (dom_type_of(next) != DOM_TABLE || (dom_flags(next) & (TF_DOTTED | TF_INLINE)) != TF_DOTTED) {
            tomlp_fail(t, "cannot add to '%s' with a dotted key: it is defined elsewhere", k->part[i].s);
            return NULL;
        }
        tbl = next;
    }
    const key_part *last = &k->part[k->n - 1];
    if (dom_find(tbl, last->s, last->len)) {
        tomlp_fail(t, "duplicate key '%s'", last->s);
        return NULL;
    }
    return tbl;
}

/* key = value, into tbl. A value cut short by an error is still stored. */
static bool keyval(toml_parser *t, dom *tbl)
{
    toml_key k;
    bool ok = key_read(t, &k);
    dom *target = NULL;
    if (ok && tomlp_peek(t, 0) != '=') {
        char tmp[16];
        ok = tomlp_fail(t, "expected '=' after a key, found %s", tomlp_what(t, tmp));
    }
    if (ok) {
        t->p++;
        skip_ws(t);
        target = dotted_target(t, tbl, &k);
        ok = target != NULL;
    }
    if (ok) {
        dom *v = NULL;
        ok = value(t, &v);
        if (v) dom_put(target, k.part[k.n - 1].s, k.part[k.n - 1].len, v);
    }
    key_free(&k);
    return ok;
}

/* --- values ------------------------------------------------------------------------- */

static bool enter(toml_parser *t)
{
    if (t->depth >= TOML_MAX_DEPTH) return tomlp_fail(t, "arrays and inline tables nested too deeply");
    t->depth++;
    t->p++;
    return true;
}

static bool array(toml_parser *t, dom **out)
{
    *out = dom_new(DOM_ARRAY, t->line);
    if (!enter(t)) return false;
    for (;;) {
        if (!array_space(t)) return false;
        if (tomlp_peek(t, 0) == ']') break;
        dom *v = NULL;
        bool ok = value(t, &v);
        if (v) dom_push(*out, v);
        if (!ok || !array_space(t)) return false;
        if (tomlp_peek(t, 0) == ',') { t->p++; continue; }
        if (tomlp_peek(t, 0) == ']') break;
        char tmp[16];
        return tomlp_fail(t, "expected ',' or ']' in an array, found %s", tomlp_what(t, tmp));
    }
    t->p++;
    t->depth--;
    return true;
}

static bool inline_table(toml_parser *t, dom **out)
{
    *out = dom_new(DOM_TABLE, t->line);
    dom_set_flags(*out, TF_DEFINED | TF_INLINE);
    if (!enter(t)) return false;
    skip_ws(t);
    if (tomlp_peek(t, 0) != '}') {
        for (;;) {
            if (!keyval(t, *out)) return false;
            skip_ws(t);
            if (tomlp_peek(t, 0) == '}') break;
            char tmp[16];
            if (tomlp_peek(t, 0) != ',')
                return tomlp_fail(t, "expected ',' or '}' in an inline table, found %s", tomlp_what(t, tmp));
            t->p++;
            skip_ws(t);
            if (tomlp_peek(t, 0) == '}') return tomlp_fail(t, "trailing ',' in an inline table");
        }
    }
    t->p++;
    t->depth--;
    return true;
}

static bool value(toml_parser *t, dom **out)
{
    int c = tomlp_peek(t, 0);
    if (c == '"' || c == '\'') {
        uint32_t line = t->line;
        buf b = {0};
        bool ok = tomlp_string(t, &b, true);
        if (ok) *out = dom_new_str(DOM_STRING, b.data, b.len, line);
        buf_free(&b);
        return ok;
    }
    if (c == '[') return array(t, out);
    if (c == '{') return inline_table(t, out);
    return tomlp_scalar(t, out);
}

/* --- [tables] and [[arrays of tables]] ---------------------------------------------------- */

/* The table a header's prefix part leads to: into the last element of an array of
 * tables; never into an inline table or a plain array. */
static dom *header_step(toml_parser *t, dom *tbl, const key_part *part)
{
    dom *next = dom_find(tbl, part->s, part->len);
    if (!next) {
        next = dom_new(DOM_TABLE, t->line);
        dom_put(tbl, part->s, part->len, next);
        return next;
    }
    if (dom_type_of(next) == DOM_ARRAY && (dom_flags(next) & TF_AOT)) next = dom_last(next);
    if (dom_type_of(next) == DOM_TABLE && !(dom_flags(next) & TF_INLINE)) return next;
    tomlp_fail(t, "'%s' is already a value and cannot hold a table", part->s);
    return NULL;
}

static dom *table_header(toml_parser *t, dom *parent, const key_part *last)
{
    dom *tbl = dom_find(parent, last->s, last->len);
    if (!tbl) {
        tbl = dom_new(DOM_TABLE, t->line);
        dom_put(parent, last->s, last->len, tbl);
    } else if (dom_type_of(tbl) != DOM_TABLE || dom_flags(tbl) != 0) {
        tomlp_fail(t, "table '%s' is already defined", last->s);
        return NULL;
    }
    dom_set_flags(tbl, TF_DEFINED);
    dom_set_line(tbl, t->line); /* an implicit table takes the line of its own header */
    return tbl;
}

static dom *array_header(toml_parser *t, dom *parent, const key_part *last)
{
    dom *arr = dom_find(parent, last->s, last->len);
    if (!arr) {
        arr = dom_new(DOM_ARRAY, t->line);
        dom_set_flags(arr, TF_AOT);
        dom_put(parent, last->s, last->len, arr);
    } else if (dom_type_of(arr) != DOM_ARRAY || !(dom_flags(arr) & TF_AOT)) {
        tomlp_fail(t, "'%s' is already defined and is not an array of tables", last->s);
        return NULL;
    }
    dom *tbl = dom_new(DOM_TABLE, t->line);
    dom_set_flags(tbl, TF_DEFINED);
    dom_push(arr, tbl);
    return tbl;
}

/* [a.b] or [[a.b]]: returns the table that receives the following key/values. */
static dom *header(toml_parser *t, dom *root)
{
    bool aot = tomlp_peek(t, 1) == '[';
    t->p += aot ? 2 : 1;
    toml_key k;
    dom *tbl = NULL;
    if (!key_read(t, &k)) goto out;
    if (tomlp_peek(t, 0) != ']' || (aot && tomlp_peek(t, 1) != ']')) {
        tomlp_fail(t, aot ? "expected ']]' after an array-of-tables name" : "expected ']' after a table name");
        goto out;
    }
    t->p += aot ? 2 : 1;
    tbl = root;
    for (size_t i = 0; tbl && i + 1 < k.n; i++) tbl = header_step(t, tbl, &k.part[i]);
    if (tbl) tbl = aot ? array_header(t, tbl, &k.part[k.n - 1]) : table_header(t, tbl, &k.part[k.n - 1]);
out:
    key_free(&k);
    return tbl;
}

/* --- document ------------------------------------------------------------------------- */

static bool line_item(toml_parser *t, dom *root, dom **cur)
{
    int c = tomlp_peek(t, 0);
    if (c == '[') {
        dom *tbl = header(t, root);
        if (!tbl) return false;
        *cur = tbl;
    } else if (c != '#' && c != '\n' && c != '\r' && c >= 0) {
        if (!keyval(t, *cur)) return false;
    }
    return end_of_line(t);
}

dom *toml_parse(const char *text, size_t len, char **error)
{
    toml_parser t = {.p = text, .end = text + len, .line = 1};
    dom *root = dom_new(DOM_TABLE, 1), *cur = root;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) t.p += 3;
    while (tomlp_peek(&t, 0) >= 0) {
        skip_ws(&t);
        if (!line_item(&t, root, &cur)) break;
    }
    *error = t.failed ? buf_take(&t.err) : NULL;
    buf_free(&t.err);
    return root;
}
