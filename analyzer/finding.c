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

size_t finding_list_cap(finding_list *l, size_t first, size_t keep)
{
    if (l->len <= first || l->len - first <= keep) return 0;
    size_t per[3] = {0, 0, 0};
    for (size_t i = first; i < l->len; i++) per[l->items[i].severity]++;
    /* the lowest severity kept, and how many of that one */
    int floor = SEV_BLOCKER;
    size_t left = keep;
    while (floor > SEV_INFO && per[floor] < left) left -= per[floor--];
    size_t at_floor = per[floor] < left ? per[floor] : left;
    size_t out = first, dropped = 0;
    for (size_t i = first; i < l->len; i++) {
        finding *f = &l->items[i];
        bool kept = (int)f->severity > floor || ((int)f->severity == floor && at_floor > 0);
        if ((int)f->severity == floor && kept) at_floor--;
        if (kept) l->items[out++] = *f;
        else { finding_free(f); dropped++; }
    }
    l->len = out;
    return dropped;
}
