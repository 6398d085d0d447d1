/* bounds: notes that say a limit was reached (the limits themselves are in bounds.h). */
#include "bounds.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t bounds_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

uint64_t bounds_deadline(uint32_t budget_ms)
{
    return budget_ms ? bounds_now_ms() + budget_ms : 0;
}

bool bounds_expired(uint64_t deadline)
{
    return deadline && bounds_now_ms() >= deadline;
}

void bounds_note(bounds_notes *n, const char *fmt, ...)
{
    buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    VEC_PUSH(n, buf_take(&b));
}

void bounds_note_once(bounds_notes *n, const char *fmt, ...)
{
    buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < n->len; i++)
        if (!strcmp(n->items[i], b.data)) {
            buf_free(&b);
            return;
        }
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
