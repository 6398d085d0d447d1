/* buf: a growable byte buffer, and vec: a typed growable array. */
#ifndef AIREADY_BUF_H
#define AIREADY_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
} buf;

void buf_reserve(buf *b, size_t extra);
void buf_append(buf *b, const void *data, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Hands the storage to the caller (never NULL) and resets the buffer. */
char *buf_take(buf *b);
void buf_free(buf *b);

/* Allocation that aborts with a message on exhaustion: the analyzer cannot do
 * anything useful without memory, and checking every call obscures the logic. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A typed growable array: VEC(int) v = {0}; VEC_PUSH(&v, 3); */
#define VEC(T) struct { T *items; size_t len, cap; }
#define VEC_PUSH(v, x)                                                          \
    do {                                                                        \
        if ((v)->len == (v)->cap) {                                             \
            (v)->cap = (v)->cap ? (v)->cap * 2 : 8;                             \
            (v)->items = xrealloc((v)->items, (v)->cap * sizeof *(v)->items);   \
        }                                                                       \
        (v)->items[(v)->len++] = (x);                                           \
    } while (0)
#define VEC_FREE(v) do { free((v)->items); (v)->items = NULL; (v)->len = (v)->cap = 0; } while (0)

#endif
