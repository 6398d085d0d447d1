/* calls_compact: a file's call facts trimmed to their size once its analysis is done. They
 * wait for the repository stage with every other file's, and a vector grown by doubling
 * (from 8 entries: a fn_callsite or raw_call is a few hundred bytes) holds up to twice, and
 * for a file with one call site eight times, what it uses. */
#include "calls_int.h"

#include <stdlib.h>

#define VEC_TRIM(v)                                                                      \
    do {                                                                                 \
        if ((v)->cap > (v)->len) {                                                       \
            if ((v)->len) (v)->items = xrealloc((v)->items, (v)->len * sizeof *(v)->items); \
            else { free((v)->items); (v)->items = NULL; }                                \
            (v)->cap = (v)->len;                                                         \
        }                                                                                \
    } while (0)

void calls_file_compact(calls_file *f)
{
    if (!f) return;
    VEC_TRIM(&f->calls);
    VEC_TRIM(&f->fns);
    VEC_TRIM(&f->fcalls);
    VEC_TRIM(&f->exports);
    VEC_TRIM(&f->instr);
    VEC_TRIM(&f->web.handlers);
    VEC_TRIM(&f->web.mounts);
}
