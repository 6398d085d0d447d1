#include "deps.h"

#include <stdlib.h>
#include <string.h>

void dependency_free(dependency *d)
{
    free(d->name);
    free(d->ecosystem);
    free(d->spec);
    free(d->resolved);
    free(d->file);
    memset(d, 0, sizeof *d);
}

void dependency_list_free(dependency_list *l)
{
    for (size_t i = 0; i < l->len; i++) dependency_free(&l->items[i]);
    VEC_FREE(l);
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

int dependency_compare(const void *a, const void *b)
{
    const dependency *x = a, *y = b;
    int c = cmp_str(x->ecosystem, y->ecosystem);
    if (!c) c = cmp_str(x->name, y->name);
    if (!c) c = cmp_str(x->file, y->file);
    if (!c) c = (x->line > y->line) - (x->line < y->line);
    return c;
}
