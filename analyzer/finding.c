#include "finding.h"

#include <stdlib.h>
#include <string.h>

static const char *const effect_names[] = {"supports", "violates", "informs"};
static const char *const severity_names[] = {"info", "warning", "blocker"};

const char *effect_name(effect e) { return effect_names[e]; }
const char *severity_name(severity s) { return severity_names[s]; }

bool effect_from_name(const char *s, effect *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, effect_names[i]) == 0) { *out = (effect)i; return true; }
    return false;
}

bool severity_from_name(const char *s, severity *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, severity_names[i]) == 0) { *out = (severity)i; return true; }
    return false;
}

void finding_free(finding *f)
{
    free(f->rule);
    free(f->message);
    free(f->remediation);
    free(f->file);
    free(f->snippet);
    free(f->fingerprint);
    memset(f, 0, sizeof *f);
}

static int strcmp0(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

int finding_compare(const void *pa, const void *pb)
{
    const finding *a = pa, *b = pb;
    int c = strcmp0(a->file, b->file);
    if (c) return c;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->column != b->column) return a->column < b->column ? -1 : 1;
    if ((c = strcmp0(a->rule, b->rule))) return c;
    return strcmp0(a->message, b->message);
}

void finding_list_free(finding_list *l)
{
    for (size_t i = 0; i < l->len; i++) finding_free(&l->items[i]);
    VEC_FREE(l);
}
