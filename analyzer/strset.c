#include "strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

struct strset {
    char **slots;  /* NULL: empty */
    size_t cap;    /* a power of two */
    size_t count;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

strset *strset_new(void)
{
    strset *s = xcalloc(1, sizeof *s);
    s->cap = 64;
    s->slots = xcalloc(s->cap, sizeof *s->slots);
    return s;
}

void strset_free(strset *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->cap; i++) free(s->slots[i]);
    free(s->slots);
    free(s);
}

/* The slot holding key, or the empty slot where it belongs. */
static size_t find(const strset *s, const char *key)
{
    size_t i = (size_t)hash(key) & (s->cap - 1);
    while (s->slots[i] && strcmp(s->slots[i], key) != 0) i = (i + 1) & (s->cap - 1);
    return i;
}

static void grow(strset *s)
{
    char **old = s->slots;
    size_t old_cap = s->cap;
    s->cap *= 2;
    s->slots = xcalloc(s->cap, sizeof *s->slots);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i]) s->slots[find(s, old[i])] = old[i];
    free(old);
}

bool strset_add(strset *s, const char *key)
{
    size_t i = find(s, key);
    if (s->slots[i]) return false;
    s->slots[i] = xstrdup(key);
    if (++s->count * 2 > s->cap) grow(s);
    return true;
}

bool strset_has(const strset *s, const char *key) { return s->slots[find(s, key)] != NULL; }

size_t strset_count(const strset *s) { return s->count; }
