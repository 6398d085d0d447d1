#include "inventory.h"

#include <stdlib.h>
#include <string.h>

#include "strset.h"

/* At most this many include problems are reported one by one; the rest are counted in
 * one summary problem (60 000 missing includes are one finding, not 60 000 errors). */
enum { INVENTORY_MAX_PROBLEMS = 50 };

typedef struct problem_sink {
    inventory_problems *list;
    size_t listed, dropped;
    char *dropped_from; /* the including file of the first dropped problem */
} problem_sink;

static void add_problem(problem_sink *p, const char *file, char *message, const char *from)
{
    if (p->listed == INVENTORY_MAX_PROBLEMS) { /* counted, not listed */
        if (!p->dropped++) p->dropped_from = xstrdup(from);
        free(message);
        return;
    }
    inventory_problem e = {xstrdup(file), message};
    VEC_PUSH(p->list, e);
    p->listed++;
}

static void summarise_dropped(problem_sink *p)
{
    if (!p->dropped) return;
    buf m = {0};
    buf_printf(&m, "%zu more problems with included requirement files are not listed (the first %d are)",
               p->dropped, INVENTORY_MAX_PROBLEMS);
    inventory_problem e = {p->dropped_from, buf_take(&m)};
    VEC_PUSH(p->list, e);
}

/* Reads one included requirements file whose name does not make it a manifest. */
static void read_include(const fsafe_root *fs, const source_limits *lim, const manifest_include *inc,
                         manifest_result *acc, problem_sink *problems)
{
    source src = {0};
    src.path = inc->path;
    const char *detail = NULL;
    /* beneath the root only: never through a committed link such as home -> /home/runner */
    skip_reason why = source_load(&src, fs, inc->path, lim, &detail);
    if (why != SKIP_NONE) {
        source_free(&src);
        buf m = {0};
        buf_printf(&m, "%s line %u includes this file, which could not be read (%s)", inc->from,
                   inc->line, detail ? detail : skip_reason_name(why));
        add_problem(problems, inc->path, buf_take(&m), inc->from);
        return;
    }
    manifest_result one = {0};
    manifest_parse_as(inc->kind, inc->path, src.text, src.len, &one);
    source_free(&src);
    if (one.error) add_problem(problems, inc->path, xstrdup(one.error), inc->from);
    for (size_t i = 0; i < one.deps.len; i++) VEC_PUSH(&acc->deps, one.deps.items[i]);
    for (size_t i = 0; i < one.locks.len; i++) VEC_PUSH(&acc->locks, one.locks.items[i]);
    for (size_t i = 0; i < one.includes.len; i++) VEC_PUSH(&acc->includes, one.includes.items[i]);
    one.deps.len = one.locks.len = one.includes.len = 0;
    manifest_result_free(&one);
}

void inventory_finish(const fsafe_root *fs, const source_limits *lim, manifest_result *acc,
                      dependency_list *out, inventory_problems *problems)
{
    strset *done = strset_new();
    problem_sink sink = {problems, 0, 0, NULL};
    /* acc->includes grows while we read: included files may include others. Reading each
     * path once ends include cycles. */
    for (size_t i = 0; i < acc->includes.len; i++) {
        manifest_include inc = acc->includes.items[i];
        if (manifest_kind_of(inc.path) != MANIFEST_NONE || !strset_add(done, inc.path)) continue;
        read_include(fs, lim, &inc, acc, &sink);
    }
    strset_free(done);
    summarise_dropped(&sink);
    manifest_resolve(&acc->deps, acc->locks.items, acc->locks.len);
    *out = acc->deps;
    memset(&acc->deps, 0, sizeof acc->deps);
    if (out->len > 1) qsort(out->items, out->len, sizeof *out->items, dependency_compare);
}
