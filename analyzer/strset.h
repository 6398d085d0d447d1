/* strset: a set of strings (open addressing, FNV-1a), for bookkeeping that must stay
 * linear however many entries a hostile input brings (e.g. 60 000 requirement includes). */
#ifndef AIREADY_STRSET_H
#define AIREADY_STRSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strset strset;

strset *strset_new(void);
void strset_free(strset *s);
/* Adds a copy of key; false when it was already there. */
bool strset_add(strset *s, const char *key);
bool strset_has(const strset *s, const char *key);
size_t strset_count(const strset *s);

#endif
