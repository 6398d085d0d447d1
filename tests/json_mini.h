/* json_mini: a small JSON reader for test expectations (objects, arrays, strings, numbers,
 * true/false/null). Not for untrusted input: tests only. */
#ifndef AIREADY_JSON_MINI_H
#define AIREADY_JSON_MINI_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

typedef enum { JS_NULL, JS_BOOL, JS_NUM, JS_STR, JS_ARR, JS_OBJ } jkind;

typedef struct jval {
    jkind kind;
    bool b;
    double num;
    char *str;
    struct jval *items;  /* JS_ARR, JS_OBJ values */
    char **keys;         /* JS_OBJ */
    size_t len;
} jval;

static void jskip(const char **p) { while (isspace((unsigned char)**p)) (*p)++; }

static bool jparse(const char **p, jval *out);

static bool jstring(const char **p, char **out)
{
    if (**p != '"') return false;
    (*p)++;
    buf b = {0};
    while (**p && **p != '"') {
        if (**p == '\\') {
            (*p)++;
            char c = **p;
            buf_putc(&b, c == 'n' ? '\n' : c == 't' ? '\t' : c);
        } else {
            buf_putc(&b, **p);
        }
        (*p)++;
    }
    if (**p != '"') { buf_free(&b); return false; }
    (*p)++;
    *out = buf_take(&b);
    return true;
}

static bool jparse(const char **p, jval *out)
{
    memset(out, 0, sizeof *out);
    jskip(p);
    if (**p == '{' || **p == '[') {
        bool obj = **p == '{';
        out->kind = obj ? JS_OBJ : JS_ARR;
        (*p)++;
        jskip(p);
        if (**p == (obj ? '}' : ']')) { (*p)++; return true; }
        for (;;) {
            jskip(p);
            char *key = NULL;
            if (obj) {
                if (!jstring(p, &key)) return false;
                jskip(p);
                if (**p != ':') return false;
                (*p)++;
            }
            jval v;
            if (!jparse(p, &v)) return false;
            out->items = xrealloc(out->items, (out->len + 1) * sizeof *out->items);
            out->items[out->len] = v;
            if (obj) {
                out->keys = xrealloc(out->keys, (out->len + 1) * sizeof *out->keys);
                out->keys[out->len] = key;
            }
            out->len++;
            jskip(p);
            if (**p == ',') { (*p)++; continue; }
            if (**p == (obj ? '}' : ']')) { (*p)++; return true; }
            return false;
        }
    }
    if (**p == '"') { out->kind = JS_STR; return jstring(p, &out->str); }
    if (!strncmp(*p, "true", 4)) { out->kind = JS_BOOL; out->b = true; *p += 4; return true; }
    if (!strncmp(*p, "false", 5)) { out->kind = JS_BOOL; *p += 5; return true; }
    if (!strncmp(*p, "null", 4)) { out->kind = JS_NULL; *p += 4; return true; }
    char *end;
    out->num = strtod(*p, &end);
    if (end == *p) return false;
    out->kind = JS_NUM;
    *p = end;
    return true;
}

static const jval *jget(const jval *o, const char *key)
{
    if (!o || o->kind != JS_OBJ) return NULL;
    for (size_t i = 0; i < o->len; i++)
        if (!strcmp(o->keys[i], key)) return &o->items[i];
    return NULL;
}

static void jfree(jval *v)
{
    free(v->str);
    for (size_t i = 0; i < v->len; i++) {
        jfree(&v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
}

#endif
