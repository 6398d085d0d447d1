#include "calls.h"

#include <stdlib.h>
#include <string.h>

void model_call_free(model_call *c)
{
    free(c->file);
    free(c->context_source);
    free(c->provider);
    free(c->api);
    free(c->model);
    free(c->confidence);
    free(c->retry);
    free(c->retry_source);
    free(c->timeout);
    free(c->timeout_source);
    free(c->logged_source);
    free(c->output_validated);
    free(c->prompt_source);
    for (uint32_t i = 0; i < c->n_output_sinks; i++) free(c->output_sinks[i]);
    free(c->output_sinks);
    free(c->kind);
    free(c->function);
    free(c->snippet);
    free(c->sdk);
    free(c->model_source);
    memset(c, 0, sizeof *c);
}

void model_call_list_free(model_call_list *l)
{
    for (size_t i = 0; i < l->len; i++) model_call_free(&l->items[i]);
    VEC_FREE(l);
}

int model_call_compare(const void *pa, const void *pb)
{
    const model_call *a = pa, *b = pb;
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c) return c;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    return a->column < b->column ? -1 : a->column > b->column;
}
