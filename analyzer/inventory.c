#include "inventory.h"

#include <stdlib.h>
#include <string.h>

typedef VEC(char *) path_list;

static bool already_read(const path_list *done, const char *path)
{
    for (size_t i = 0; i < done->len; i++)
        if (strcmp(done->items[i], path) == 0) return true;
    return false;
}

static void add_problem(inventory_problems *p, const char *file, char *message)
{
    inventory_problem e = {xstrdup(file), message};
    VEC_PUSH(p, e);
}

/* Reads one included requirements file whose name does not make it a manifest. */
static void read_include(const char *root, const source_limits *lim, const manifest_include *inc,
                         manifest_result *acc, inventory_problems *problems)
{
    buf abs = {0};
    buf_printf(&abs, "%s/%s", root, inc->path);
    source src = {0};
    src.path = inc->path;
    const char *detail = NULL;
    skip_reason why = source_load(&src, abs.data, lim, &detail);
    buf_free(&abs);
    if (why != SKIP_NONE) {
        buf m = {0};
        buf_printf(&m, "%s line %u includes this file, which could not be read (%s)", inc->from,
                   inc->line, detail ? detail : skip_reason_name(why));
        add_problem(problems, inc->path, buf_take(&m));
        return;
    }
    manifest_result one = {0};
    manifest_parse_as(inc->kind, inc->path, src.text, src.len, &one);
    source_free(&src);
    if (one.error) add_problem(problems, inc->path, xstrdup(one.error));
    for (size_t i = 0; i < one.deps.len; i++) VEC_PUSH(&acc->deps, one.deps.items[i]);
    for (size_t i = 0; i < one.locks.len; i++) VEC_PUSH(&acc->locks, one.locks.items[i]);
    for (size_t i = 0; i < one.includes.len; i++) VEC_PUSH(&acc->includes, one.includes.items[i]);
    one.deps.len = one.locks.len = one.includes.len = 0;
    manifest_result_free(&one);
}

void inventory_finish(const char *root, const source_limits *lim, manifest_result *acc,
                      dependency_list *out, inventory_problems *problems)
{
    path_list done = {0};
    /* acc->includes grows while we read: included files may include others. Reading each
     * path once ends include cycles. */
    for (size_t i = 0; i < acc->includes.len; i++) {
        manifest_include inc = acc->includes.items[i];
        if (manifest_kind_of(inc.path) != MANIFEST_NONE || already_read(&done, inc.path)) continue;
        VEC_PUSH(&done, inc.path);
        read_include(root, lim, &inc, acc, problems);
    }
    free(done.items);
    manifest_resolve(&acc->deps, acc->locks.items, acc->locks.len);
    *out = acc->deps;
    memset(&acc->deps, 0, sizeof acc->deps);
    if (out->len > 1) qsort(out->items, out->len, sizeof *out->items, dependency_compare);
}
