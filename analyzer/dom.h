/* dom: a read-only tree of values parsed from TOML, JSON or YAML, with the 1-based line
 * where each value appears (for a table member: the line of its key). Tables keep their
 * members in document order. Accessors accept NULL and then return an empty answer, so a
 * lookup chain needs no checks between steps. */
#ifndef AIREADY_DOM_H
#define AIREADY_DOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum dom_type {
    DOM_NULL = 0,
    DOM_BOOL,
    DOM_INT,
    DOM_FLOAT,
    DOM_STRING,
    DOM_DATETIME, /* TOML dates and times, kept as written */
    DOM_ARRAY,
    DOM_TABLE     /* TOML table, JSON object, YAML mapping */
} dom_type;

typedef struct dom dom;

const char *dom_type_name(dom_type t);

dom_type dom_type_of(const dom *v);   /* DOM_NULL for NULL */
uint32_t dom_line(const dom *v);      /* 0 for NULL */
const char *dom_str(const dom *v);    /* string or datetime text; NULL for other types */
size_t dom_str_len(const dom *v);     /* may differ from strlen when the text holds NUL */
bool dom_bool(const dom *v);          /* false unless a true boolean */
int64_t dom_int(const dom *v);        /* 0 unless an integer */
double dom_float(const dom *v);       /* a float, or an integer converted; 0 otherwise */

size_t dom_len(const dom *v);                  /* members of a table or array; 0 otherwise */
const dom *dom_at(const dom *v, size_t i);     /* i-th element or member value */
const char *dom_key(const dom *v, size_t i);   /* i-th member's key; NULL for arrays */
/* The member named key; with duplicate keys (JSON, YAML) the last one, as JavaScript does. */
const dom *dom_get(const dom *table, const char *key);
/* dom_get along a NULL-terminated list of keys: dom_path(root, "tool", "poetry", NULL). */
const dom *dom_path(const dom *table, ...) __attribute__((sentinel));
/* dom_str(dom_get(table, key)). */
const char *dom_get_str(const dom *table, const char *key);

/* --- building: for the parsers --- */
dom *dom_new(dom_type t, uint32_t line);
dom *dom_new_bool(bool b, uint32_t line);
dom *dom_new_int(int64_t i, uint32_t line);
dom *dom_new_float(double f, uint32_t line);
dom *dom_new_str(dom_type t, const char *s, size_t len, uint32_t line); /* copies s */
void dom_set_line(dom *v, uint32_t line);
void dom_push(dom *array, dom *v);                               /* takes v */
void dom_put(dom *table, const char *key, size_t klen, dom *v);  /* appends; takes v */
dom *dom_find(dom *table, const char *key, size_t klen);         /* mutable lookup */
dom *dom_last(dom *array);                                       /* NULL when empty */
/* Bits a parser may keep on a node while it builds the tree (TOML: how a table was made). */
unsigned dom_flags(const dom *v);
void dom_set_flags(dom *v, unsigned flags);
void dom_free(dom *v);

#endif
