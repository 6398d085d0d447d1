#include "yamlr.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "buf.h"

typedef struct yframe {
    dom *node;
    bool has_key;     /* in a mapping: a key was read and waits for its value */
    bool orphan;      /* a container used as a key: read, then dropped */
    char *key;
    size_t klen;
    uint32_t key_line;
} yframe;

typedef struct ybuild {
    yframe stack[YAMLR_MAX_DEPTH];
    size_t depth;
    dom *root;
    char *error;
} ybuild;

static uint32_t line_of(const yaml_event_t *e)
{
    return (uint32_t)e->start_mark.line + 1;
}

static void set_error(ybuild *b, uint32_t line, const char *what)
{
    if (b->error) return;
    buf m = {0};
    buf_printf(&m, "line %u: %s", (unsigned)line, what);
    b->error = buf_take(&m);
}

/* Hangs a finished or newly opened node under the current container. */
static void attach(ybuild *b, dom *v)
{
    if (!b->depth) {
        if (!b->root) b->root = v;
        else dom_free(v);
        return;
    }
    yframe *f = &b->stack[b->depth - 1];
    if (dom_type_of(f->node) == DOM_ARRAY) {
        dom_push(f->node, v);
        return;
    }
    dom_set_line(v, f->key_line);
    dom_put(f->node, f->key ? f->key : "", f->key ? f->klen : 0, v);
    free(f->key);
    f->key = NULL;
    f->has_key = false;
}

static bool wants_key(const ybuild *b)
{
    if (!b->depth) return false;
    const yframe *f = &b->stack[b->depth - 1];
    return dom_type_of(f->node) == DOM_TABLE && !f->has_key;
}

/* A key that is not a scalar (s == NULL) is stored as "". */
static void take_key(ybuild *b, const char *s, size_t len, uint32_t line)
{
    yframe *f = &b->stack[b->depth - 1];
    f->key = s ? xstrndup(s, len) : NULL;
    f->klen = len;
    f->key_line = line;
    f->has_key = true;
}

static dom *scalar_node(const yaml_event_t *e)
{
    const char *s = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length;
    uint32_t line = line_of(e);
    if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        if (n == 0 || (n == 1 && *s == '~') || (n == 4 && !memcmp(s, "null", 4)))
            return dom_new(DOM_NULL, line);
        if (n == 4 && !memcmp(s, "true", 4)) return dom_new_bool(true, line);
        if (n == 5 && !memcmp(s, "false", 5)) return dom_new_bool(false, line);
    }
    return dom_new_str(DOM_STRING, s, n, line);
}

static bool open_node(ybuild *b, dom_type t, uint32_t line)
{
    if (b->depth == YAMLR_MAX_DEPTH) {
        set_error(b, line, "nested too deeply");
        return false;
    }
    bool is_key = wants_key(b);
    dom *v = dom_new(t, line);
    if (is_key) take_key(b, NULL, 0, line);
    else attach(b, v);
    b->stack[b->depth++] = (yframe){.node = v, .orphan = is_key};
    return true;
}

static void close_node(ybuild *b)
{
    yframe *f = &b->stack[--b->depth];
    free(f->key);
    if (f->orphan) dom_free(f->node);
}

static void leaf(ybuild *b, const yaml_event_t *e)
{
    if (wants_key(b)) {
        if (e->type == YAML_SCALAR_EVENT)
            take_key(b, (const char *)e->data.scalar.value, e->data.scalar.length, line_of(e));
        else
            take_key(b, NULL, 0, line_of(e));
        return;
    }
    attach(b, e->type == YAML_SCALAR_EVENT ? scalar_node(e) : dom_new(DOM_NULL, line_of(e)));
}

/* Feeds one event; false when the document is complete or reading must stop. */
static bool on_event(ybuild *b, const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_SCALAR_EVENT:
    case YAML_ALIAS_EVENT:
        leaf(b, e);
        return true;
    case YAML_SEQUENCE_START_EVENT:
        return open_node(b, DOM_ARRAY, line_of(e));
    case YAML_MAPPING_START_EVENT:
        return open_node(b, DOM_TABLE, line_of(e));
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (b->depth) close_node(b);
        return true;
    case YAML_DOCUMENT_END_EVENT:
    case YAML_STREAM_END_EVENT:
        return false;
    default:
        return true;
    }
}

static void parser_error(ybuild *b, const yaml_parser_t *p)
{
    buf m = {0};
    buf_puts(&m, p->problem ? p->problem : "malformed YAML");
    if (p->context) buf_printf(&m, " (%s)", p->context);
    set_error(b, (uint32_t)p->problem_mark.line + 1, m.data);
    buf_free(&m);
}

dom *yamlr_parse(const char *text, size_t len, char **error)
{
    ybuild b = {0};
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        *error = xstrdup("line 1: cannot initialise the YAML parser");
        return NULL;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    for (bool more = true; more;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            parser_error(&b, &p);
            break;
        }
        more = on_event(&b, &e);
        yaml_event_delete(&e);
    }
    while (b.depth) close_node(&b);
    yaml_parser_delete(&p);
    *error = b.error;
    return b.root;
}
