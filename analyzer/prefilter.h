/* prefilter: many literal keywords found in one pass (Aho–Corasick).
 *
 * Rules name cheap trigger words; a file is scanned once for all of them and a rule
 * whose words are absent is skipped. Matching ignores ASCII case. Built once at
 * start-up, then read-only: any number of threads may scan with the same automaton. */
#ifndef AIREADY_PREFILTER_H
#define AIREADY_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct prefilter prefilter;

prefilter *prefilter_new(void);
void prefilter_free(prefilter *pf);

/* Adds a non-empty keyword and returns its id (0, 1, ...). A keyword equal to an
 * earlier one ignoring case returns the earlier id. Only before prefilter_build. */
uint32_t prefilter_add(prefilter *pf, const char *kw, size_t len);
/* Length of keyword id. */
size_t prefilter_len(const prefilter *pf, uint32_t id);
/* Number of distinct keywords: ids are below it. */
uint32_t prefilter_count(const prefilter *pf);
void prefilter_build(prefilter *pf);

/* Reports every occurrence (id, byte offset just past its end), overlaps included,
 * in order of end offset. The callback returns false to stop the scan. */
typedef bool (*prefilter_hit_fn)(void *ctx, uint32_t id, size_t end);
void prefilter_scan(const prefilter *pf, const char *text, size_t len,
                    prefilter_hit_fn fn, void *ctx);

/* Sets seen[id] = 1 for every keyword that occurs in text (seen has
 * prefilter_count entries and is not cleared first). Returns how many entries it
 * newly set. */
size_t prefilter_mark(const prefilter *pf, const char *text, size_t len, uint8_t *seen);

#endif
