#include "prefilter.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define NONE UINT32_MAX
/* Set in a transition's target when some keyword ends at that state, so the scan loop
 * needs one table load per byte. */
#define HIT 0x80000000u

/* A full DFA over byte classes: every byte that occurs in some keyword (case-folded)
 * gets its own class, every other byte shares class 0. With a few hundred keywords
 * that keeps the table small enough to stay in cache. */
struct prefilter {
    VEC(char *) words;        /* folded keywords, by id */
    uint32_t *lens;           /* their lengths, once built */
    uint8_t cls[256];
    uint32_t ncls;
    uint32_t nstates;
    uint32_t *next;           /* nstates * ncls; targets carry HIT */
    uint32_t *term;           /* keyword ending exactly at the state, or NONE */
    uint32_t *dict;           /* nearest proper suffix state with a term, or NONE */
    bool built;
};

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

prefilter *prefilter_new(void)
{
    return xcalloc(1, sizeof(prefilter));
}

void prefilter_free(prefilter *pf)
{
    if (!pf) return;
    for (size_t i = 0; i < pf->words.len; i++) free(pf->words.items[i]);
    VEC_FREE(&pf->words);
    free(pf->next);
    free(pf->term);
    free(pf->dict);
    free(pf->lens);
    free(pf);
}

uint32_t prefilter_add(prefilter *pf, const char *kw, size_t len)
{
    assert(!pf->built && len > 0);
    char *w = xstrndup(kw, len);
    for (size_t i = 0; i < len; i++) w[i] = (char)fold((unsigned char)w[i]);
    for (size_t i = 0; i < pf->words.len; i++)
        if (strcmp(pf->words.items[i], w) == 0 && strlen(w) == len) {
            free(w);
            return (uint32_t)i;
        }
    VEC_PUSH(&pf->words, w);
    return (uint32_t)(pf->words.len - 1);
}

size_t prefilter_len(const prefilter *pf, uint32_t id)
{
    return pf->lens ? pf->lens[id] : strlen(pf->words.items[id]);
}

uint32_t prefilter_count(const prefilter *pf)
{
    return (uint32_t)pf->words.len;
}

static void assign_classes(prefilter *pf)
{
    memset(pf->cls, 0, sizeof pf->cls);
    pf->ncls = 1;
    for (size_t i = 0; i < pf->words.len; i++)
        for (const unsigned char *p = (const unsigned char *)pf->words.items[i]; *p; p++)
            if (!pf->cls[*p]) pf->cls[*p] = (uint8_t)pf->ncls++;
    for (int c = 'A'; c <= 'Z'; c++) pf->cls[c] = pf->cls[c + 32];
}

static uint32_t new_state(prefilter *pf, size_t *cap)
{
    if (pf->nstates == *cap) {
        *cap *= 2;
        pf->next = xrealloc(pf->next, *cap * pf->ncls * sizeof *pf->next);
        pf->term = xrealloc(pf->term, *cap * sizeof *pf->term);
    }
    assert(pf->nstates < HIT);
    uint32_t s = pf->nstates++;
    for (uint32_t c = 0; c < pf->ncls; c++) pf->next[(size_t)s * pf->ncls + c] = NONE;
    pf->term[s] = NONE;
    return s;
}

static void build_trie(prefilter *pf)
{
    size_t cap = 64;
    pf->next = xmalloc(cap * pf->ncls * sizeof *pf->next);
    pf->term = xmalloc(cap * sizeof *pf->term);
    new_state(pf, &cap);
    for (size_t i = 0; i < pf->words.len; i++) {
        uint32_t s = 0;
        for (const unsigned char *p = (const unsigned char *)pf->words.items[i]; *p; p++) {
            size_t slot = (size_t)s * pf->ncls + pf->cls[*p];
            if (pf->next[slot] == NONE) {
                uint32_t t = new_state(pf, &cap);
                pf->next[slot] = t; /* new_state may move pf->next: index again */
            }
            s = pf->next[slot];
        }
        pf->term[s] = (uint32_t)i;
    }
}

/* Breadth-first: failure links become direct transitions, making a DFA. */
static void build_links(prefilter *pf)
{
    uint32_t n = pf->nstates, k = pf->ncls;
    uint32_t *fail = xcalloc(n, sizeof *fail);
    uint32_t *queue = xmalloc(n * sizeof *queue);
    pf->dict = xmalloc(n * sizeof *pf->dict);
    size_t head = 0, tail = 0;
    pf->dict[0] = NONE;
    for (uint32_t c = 0; c < k; c++) {
        uint32_t t = pf->next[c];
        if (t == NONE) { pf->next[c] = 0; continue; }
        fail[t] = 0;
        pf->dict[t] = NONE;
        queue[tail++] = t;
    }
    while (head < tail) {
        uint32_t s = queue[head++];
        for (uint32_t c = 0; c < k; c++) {
            size_t slot = (size_t)s * k + c;
            uint32_t t = pf->next[slot];
            uint32_t via = pf->next[(size_t)fail[s] * k + c];
            if (t == NONE) { pf->next[slot] = via; continue; }
            fail[t] = via;
            pf->dict[t] = pf->term[via] != NONE ? via : pf->dict[via];
            queue[tail++] = t;
        }
    }
    free(fail);
    free(queue);
    for (size_t i = 0; i < (size_t)n * k; i++) {
        uint32_t t = pf->next[i];
        if (pf->term[t] != NONE || pf->dict[t] != NONE) pf->next[i] = t | HIT;
    }
}

void prefilter_build(prefilter *pf)
{
    assert(!pf->built);
    pf->lens = xcalloc(pf->words.len + 1, sizeof *pf->lens);
    for (size_t i = 0; i < pf->words.len; i++) pf->lens[i] = (uint32_t)strlen(pf->words.items[i]);
    assign_classes(pf);
    build_trie(pf);
    build_links(pf);
    pf->built = true;
}

void prefilter_scan(const prefilter *pf, const char *text, size_t len,
                    prefilter_hit_fn fn, void *ctx)
{
    assert(pf->built);
    const unsigned char *p = (const unsigned char *)text;
    const uint32_t *next = pf->next, *term = pf->term, *dict = pf->dict;
    const uint8_t *cls = pf->cls;
    uint32_t s = 0, k = pf->ncls;
    for (size_t i = 0; i < len; i++) {
        s = next[(size_t)s * k + cls[p[i]]];
        if (!(s & HIT)) continue; /* most bytes end no word: one table read each */
        s &= ~HIT;
        for (uint32_t o = term[s] != NONE ? s : dict[s]; o != NONE; o = dict[o])
            if (!fn(ctx, term[o], i + 1)) return;
    }
}

size_t prefilter_mark(const prefilter *pf, const char *text, size_t len, uint8_t *seen)
{
    assert(pf->built);
    if (pf->words.len == 0) return 0;
    const unsigned char *p = (const unsigned char *)text;
    const uint32_t *next = pf->next, *term = pf->term, *dict = pf->dict;
    const uint8_t *cls = pf->cls;
    uint32_t s = 0, k = pf->ncls;
    size_t fresh = 0;
    for (size_t i = 0; i < len; i++) {
        s = next[(size_t)s * k + cls[p[i]]];
        if (!(s & HIT)) continue;
        s &= ~HIT;
        for (uint32_t o = term[s] != NONE ? s : dict[s]; o != NONE; o = dict[o])
            if (!seen[term[o]]) { seen[term[o]] = 1; fresh++; }
    }
    return fresh;
}
