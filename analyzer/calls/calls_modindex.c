/* calls_modindex: module stems by text (open addressing, FNV-1a) and a memo of resolved
 * imports. */
#include "calls_modindex.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static uint64_t fnv(const char *s, size_t len, uint64_t seed)
{
    uint64_t h = 1469598103934665603ull ^ seed;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* One text of one class: the files whose whole stem it is (the first) and the files whose
 * stem ends in "/" + it (how many, and the last). */
typedef struct slot {
    const char *key;   /* NULL: empty slot */
    uint32_t len;
    uint8_t cls;
    int exact;         /* -1: none */
    int suffix;
    int nsuffix;
} slot;

struct calls_modindex { slot *v; size_t cap; };

static slot *probe(slot *v, size_t cap, const char *key, size_t len, uint8_t cls)
{
    size_t i = (size_t)fnv(key, len, cls) & (cap - 1);
    for (;; i = (i + 1) & (cap - 1)) {
        slot *s = &v[i];
        if (!s->key || (s->cls == cls && s->len == len && memcmp(s->key, key, len) == 0)) return s;
    }
}

static slot *entry(calls_modindex *x, const char *key, size_t len, uint8_t cls)
{
    slot *s = probe(x->v, x->cap, key, len, cls);
    if (!s->key) *s = (slot){key, (uint32_t)len, cls, -1, -1, 0};
    return s;
}

calls_modindex *calls_modindex_new(char *const *stems, const uint8_t *cls, size_t n)
{
    size_t keys = 0;
    for (size_t i = 0; i < n; i++) {
        if (!cls[i]) continue;
        keys++;
        for (const char *p = stems[i]; *p; p++) keys += *p == '/';
    }
    calls_modindex *x = xcalloc(1, sizeof *x);
    x->cap = 16;
    while (x->cap < keys * 2) x->cap *= 2;
    x->v = xcalloc(x->cap, sizeof *x->v);
    for (size_t i = 0; i < n; i++) {
        if (!cls[i]) continue;
        const char *st = stems[i];
        size_t len = strlen(st);
        slot *s = entry(x, st, len, cls[i]);
        if (s->exact < 0) s->exact = (int)i;
        /* every text after a '/' is a suffix the stem ends in: one per '/', so a file counts
         * at most once for any text (the text's length fixes where its '/' must be) */
        for (size_t k = 0; k < len; k++) {
            if (st[k] != '/') continue;
            s = entry(x, st + k + 1, len - k - 1, cls[i]);
            s->suffix = (int)i;
            s->nsuffix++;
        }
    }
    return x;
}

void calls_modindex_free(calls_modindex *x)
{
    if (!x) return;
    free(x->v);
    free(x);
}

int calls_modindex_find(const calls_modindex *x, const char *want, uint8_t cls)
{
    const slot *s = probe(x->v, x->cap, want, strlen(want), cls);
    if (!s->key) return -1;
    return s->exact >= 0 ? s->exact : s->nsuffix == 1 ? s->suffix : -1;
}

/* ---- memo ------------------------------------------------------------------------------ */

typedef struct memo_slot { char *spec; size_t from; int to; } memo_slot;
struct calls_modmemo { memo_slot *v; size_t cap, n; };

calls_modmemo *calls_modmemo_new(void)
{
    calls_modmemo *m = xcalloc(1, sizeof *m);
    m->cap = 64;
    m->v = xcalloc(m->cap, sizeof *m->v);
    return m;
}

void calls_modmemo_free(calls_modmemo *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->cap; i++) free(m->v[i].spec);
    free(m->v);
    free(m);
}

static memo_slot *memo_probe(memo_slot *v, size_t cap, size_t from, const char *spec)
{
    size_t i = (size_t)fnv(spec, strlen(spec), (uint64_t)from * 0x9e3779b97f4a7c15ull) & (cap - 1);
    for (;; i = (i + 1) & (cap - 1))
        if (!v[i].spec || (v[i].from == from && strcmp(v[i].spec, spec) == 0)) return &v[i];
}

bool calls_modmemo_get(const calls_modmemo *m, size_t from, const char *spec, int *to)
{
    const memo_slot *s = memo_probe(m->v, m->cap, from, spec);
    if (!s->spec) return false;
    *to = s->to;
    return true;
}

void calls_modmemo_put(calls_modmemo *m, size_t from, const char *spec, int to)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap * 2;
        memo_slot *v = xcalloc(cap, sizeof *v);
        for (size_t i = 0; i < m->cap; i++)
            if (m->v[i].spec) *memo_probe(v, cap, m->v[i].from, m->v[i].spec) = m->v[i];
        free(m->v);
        m->v = v;
        m->cap = cap;
    }
    memo_slot *s = memo_probe(m->v, m->cap, from, spec);
    if (s->spec) { s->to = to; return; }
    *s = (memo_slot){xstrdup(spec), from, to};
    m->n++;
}
