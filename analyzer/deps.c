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

static int strcmp0(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

int dependency_compare(const void *pa, const void *pb)
{
    const dependency *a = pa, *b = pb;
    int c;
    if ((c = strcmp0(a->ecosystem, b->ecosystem))) return c;
    if ((c = strcmp0(a->name, b->name))) return c;
    if ((c = strcmp0(a->file, b->file))) return c;
    return a->line < b->line ? -1 : a->line > b->line;
}
