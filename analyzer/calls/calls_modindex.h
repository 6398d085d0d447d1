/* calls_modindex: the repository's module stems indexed by text, so that resolving an import
 * costs one hash probe instead of a comparison with every file's stem (the repository stage
 * resolves every import of every file; a large repository has thousands of each). */
#ifndef AIREADY_CALLS_MODINDEX_H
#define AIREADY_CALLS_MODINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct calls_modindex calls_modindex;

/* stems[i]: the module stem of file i (kept by the caller for the index's lifetime);
 * cls[i]: the file's class (files of one class resolve imports among themselves), 0 for a
 * file no import resolves to. */
calls_modindex *calls_modindex_new(char *const *stems, const uint8_t *cls, size_t n);
void calls_modindex_free(calls_modindex *x);
/* The first file of class cls whose stem is want; else the only one whose stem ends in
 * "/want"; else -1. */
int calls_modindex_find(const calls_modindex *x, const char *want, uint8_t cls);

/* A memo of resolutions by importing file and import text. */
typedef struct calls_modmemo calls_modmemo;
calls_modmemo *calls_modmemo_new(void);
void calls_modmemo_free(calls_modmemo *m);
/* true and *to when (from, spec) was put before */
bool calls_modmemo_get(const calls_modmemo *m, size_t from, const char *spec, int *to);
void calls_modmemo_put(calls_modmemo *m, size_t from, const char *spec, int to);

#endif
