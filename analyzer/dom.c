#include "dom.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Tables larger than this get a hash index, so that a file with very many keys in one
 * table costs linear time to read rather than quadratic. */
#define DOM_INDEX_MIN 16

typedef struct dom_member {
    char *key; /* NULL in arrays */
    size_t klen;
    dom *value;
} dom_member;

struct dom {
    dom_type type;
    unsigned flags;
    uint32_t line;
    union {
        bool b;
        int64_t i;
        double f;
        struct { char *s; size_t len; } str;
        struct {
            dom_member *items;
            size_t len, cap;
            uint32_t *index; /* slot: member index + 1; 0 when empty */
            size_t index_cap; /* a power of two, or 0 */
        } c;
    } u;
};

static const char *const type_names[] = {
    "null", "bool", "integer", "float", "string", "datetime", "array", "table",
};

const char *dom_type_name(dom_type t)
{
    return (unsigned)t < sizeof type_names / sizeof *type_names ? type_names[t] : "?";
}

static bool is_container(const dom *v)
{
    return v && (v->type == DOM_ARRAY || v->type == DOM_TABLE);
}

dom_type dom_type_of(const dom *v) { return v ? v->type : DOM_NULL; }
uint32_t dom_line(const dom *v) { return v ? v->line : 0; }
bool dom_bool(const dom *v) { return v && v->type == DOM_BOOL && v->u.b; }
int64_t dom_int(const dom *v) { return v && v->type == DOM_INT ? v->u.i : 0; }

const char *dom_str(const dom *v)
{
    return v && (v->type == DOM_STRING || v->type == DOM_DATETIME) ? v->u.str.s : NULL;
}

size_t dom_str_len(const dom *v)
{
    return dom_str(v) ? v->u.str.len : 0;
}

double dom_float(const dom *v)
{
    if (v && v->type == DOM_FLOAT) return v->u.f;
    if (v && v->type == DOM_INT) return (double)v->u.i;
    return 0;
}

size_t dom_len(const dom *v) { return is_container(v) ? v->u.c.len : 0; }

const dom *dom_at(const dom *v, size_t i)
{
    return i < dom_len(v) ? v->u.c.items[i].value : NULL;
}

const char *dom_key(const dom *v, size_t i)
{
    return i < dom_len(v) ? v->u.c.items[i].key : NULL;
}

static uint64_t hash_key(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 1099511628211u;
    return h;
}

static bool key_is(const dom_member *m, const char *key, size_t klen)
{
    return m->key && m->klen == klen && memcmp(m->key, key, klen) == 0;
}

/* The slot for key: the one holding it, or the empty one where it would go. */
static size_t index_slot(const dom *t, const char *key, size_t klen)
{
    size_t mask = t->u.c.index_cap - 1;
    size_t s = (size_t)hash_key(key, klen) & mask;
    while (t->u.c.index[s] && !key_is(&t->u.c.items[t->u.c.index[s] - 1], key, klen))
        s = (s + 1) & mask;
    return s;
}

static void index_add(dom *t, size_t member)
{
    dom_member *m = &t->u.c.items[member];
    t->u.c.index[index_slot(t, m->key, m->klen)] = (uint32_t)(member + 1);
}

static void index_rebuild(dom *t)
{
    size_t cap = t->u.c.index_cap ? t->u.c.index_cap : 64;
    while (cap < t->u.c.len * 2 + 2) cap *= 2;
    free(t->u.c.index);
    t->u.c.index = xcalloc(cap, sizeof *t->u.c.index);
    t->u.c.index_cap = cap;
    for (size_t i = 0; i < t->u.c.len; i++) index_add(t, i); /* later duplicates win */
}

static dom *find_member(const dom *t, const char *key, size_t klen)
{
    if (!t || t->type != DOM_TABLE) return NULL;
    if (t->u.c.index) {
        uint32_t at = t->u.c.index[index_slot(t, key, klen)];
        return at ? t->u.c.items[at - 1].value : NULL;
    }
    for (size_t i = t->u.c.len; i-- > 0;)
        if (key_is(&t->u.c.items[i], key, klen)) return t->u.c.items[i].value;
    return NULL;
}

const dom *dom_get(const dom *table, const char *key)
{
    return key ? find_member(table, key, strlen(key)) : NULL;
}

dom *dom_find(dom *table, const char *key, size_t klen)
{
    return find_member(table, key, klen);
}

const dom *dom_path(const dom *table, ...)
{
    va_list ap;
    va_start(ap, table);
    const dom *v = table;
    for (const char *k; v && (k = va_arg(ap, const char *));) v = dom_get(v, k);
    va_end(ap);
    return v;
}

const char *dom_get_str(const dom *table, const char *key)
{
    return dom_str(dom_get(table, key));
}

dom *dom_new(dom_type t, uint32_t line)
{
    dom *v = xcalloc(1, sizeof *v);
    v->type = t;
    v->line = line;
    return v;
}

dom *dom_new_bool(bool b, uint32_t line)
{
    dom *v = dom_new(DOM_BOOL, line);
    v->u.b = b;
    return v;
}

dom *dom_new_int(int64_t i, uint32_t line)
{
    dom *v = dom_new(DOM_INT, line);
    v->u.i = i;
    return v;
}

dom *dom_new_float(double f, uint32_t line)
{
    dom *v = dom_new(DOM_FLOAT, line);
    v->u.f = f;
    return v;
}

dom *dom_new_str(dom_type t, const char *s, size_t len, uint32_t line)
{
    dom *v = dom_new(t, line);
    v->u.str.s = xstrndup(s, len);
    v->u.str.len = len;
    return v;
}

void dom_set_line(dom *v, uint32_t line) { v->line = line; }
unsigned dom_flags(const dom *v) { return v ? v->flags : 0; }
void dom_set_flags(dom *v, unsigned flags) { v->flags = flags; }

static void append_member(dom *c, char *key, size_t klen, dom *v)
{
    if (c->u.c.len == c->u.c.cap) {
        c->u.c.cap = c->u.c.cap ? c->u.c.cap * 2 : 4;
        c->u.c.items = xrealloc(c->u.c.items, c->u.c.cap * sizeof *c->u.c.items);
    }
    c->u.c.items[c->u.c.len++] = (dom_member){key, klen, v};
}

void dom_push(dom *array, dom *v)
{
    append_member(array, NULL, 0, v);
}

void dom_put(dom *table, const char *key, size_t klen, dom *v)
{
    append_member(table, xstrndup(key, klen), klen, v);
    if (table->u.c.index && table->u.c.len * 2 <= table->u.c.index_cap)
        index_add(table, table->u.c.len - 1);
    else if (table->u.c.len >= DOM_INDEX_MIN)
        index_rebuild(table);
}

dom *dom_last(dom *array)
{
    return dom_len(array) ? array->u.c.items[array->u.c.len - 1].value : NULL;
}

void dom_free(dom *v)
{
    if (!v) return;
    if (v->type == DOM_STRING || v->type == DOM_DATETIME) free(v->u.str.s);
    if (is_container(v)) {
        for (size_t i = 0; i < v->u.c.len; i++) {
            free(v->u.c.items[i].key);
            dom_free(v->u.c.items[i].value);
        }
        free(v->u.c.items);
        free(v->u.c.index);
    }
    free(v);
}
