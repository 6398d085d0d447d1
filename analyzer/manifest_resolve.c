/* manifest_resolve: the repository stage's join of dependencies with lock entries. */
#include "manifest.h"

#include <stdlib.h>
#include <string.h>

static int lock_cmp(const void *a, const void *b)
{
    const lock_entry *x = *(const lock_entry *const *)a, *y = *(const lock_entry *const *)b;
    int c = strcmp(x->ecosystem, y->ecosystem);
    if (!c) c = strcmp(x->name, y->name);
    if (!c) c = (x > y) - (x < y); /* keeps the caller's order among equals */
    return c;
}

static int key_cmp(const char *eco, const char *name, const lock_entry *e)
{
    int c = strcmp(eco, e->ecosystem);
    return c ? c : strcmp(name, e->name);
}

/* First index in sorted whose (ecosystem, name) is not below the key. */
static size_t lower_bound(const lock_entry *const *sorted, size_t n, const char *eco, const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(eco, name, sorted[mid]) > 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Length of the directory part of path: 0 at the root. */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}

/* True when the directory lock[0..ln) is dep's directory dep[0..dn) or one of its ancestors. */
static bool covers(const char *lock, size_t ln, const char *dep, size_t dn)
{
    if (ln == 0) return true;
    return ln <= dn && strncmp(lock, dep, ln) == 0 && (ln == dn || dep[ln] == '/');
}

static const lock_entry *best_entry(const lock_entry *const *sorted, size_t n, const dependency *d)
{
    const lock_entry *best = NULL;
    size_t best_len = 0, dn = dir_len(d->file);
    for (size_t i = lower_bound(sorted, n, d->ecosystem, d->name);
         i < n && key_cmp(d->ecosystem, d->name, sorted[i]) == 0; i++) {
        size_t ln = dir_len(sorted[i]->file);
        if (covers(sorted[i]->file, ln, d->file, dn) && (!best || ln > best_len)) {
            best = sorted[i];
            best_len = ln;
        }
    }
    return best;
}

void manifest_resolve(dependency_list *deps, const lock_entry *locks, size_t n_locks)
{
    if (!n_locks) return;
    const lock_entry **sorted = xmalloc(n_locks * sizeof *sorted);
    for (size_t i = 0; i < n_locks; i++) sorted[i] = &locks[i];
    qsort(sorted, n_locks, sizeof *sorted, lock_cmp);
    for (size_t i = 0; i < deps->len; i++) {
        dependency *d = &deps->items[i];
        if (d->resolved || !d->name || !d->ecosystem || !d->file) continue;
        const lock_entry *e = best_entry(sorted, n_locks, d);
        if (e) d->resolved = xstrdup(e->version);
    }
    free(sorted);
}
