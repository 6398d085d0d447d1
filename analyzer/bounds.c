/* bounds: notes that say a limit was reached (the limits themselves are in bounds.h). */
#include "bounds.h"

#include <stdarg.h>
#include <stdlib.h>

void bounds_note(bounds_notes *n, const char *fmt, ...)
{
    buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    VEC_PUSH(n, buf_take(&b));
}

void bounds_notes_move(bounds_notes *dst, bounds_notes *src)
{
    for (size_t i = 0; i < src->len; i++) VEC_PUSH(dst, src->items[i]);
    VEC_FREE(src);
}

void bounds_notes_free(bounds_notes *n)
{
    for (size_t i = 0; i < n->len; i++) free(n->items[i]);
    VEC_FREE(n);
}
