/* pool: runs fn(ctx, worker, i) for i in [0, n) on `jobs` threads. Each worker takes
 * the next index from a shared counter, so long files do not stall a fixed partition. */
#ifndef AIREADY_POOL_H
#define AIREADY_POOL_H

#include <stddef.h>

typedef void (*pool_fn)(void *ctx, int worker, size_t i);
/* Called on the calling thread about ten times a second while the work runs. */
typedef void (*pool_tick_fn)(void *ctx, size_t done, size_t total);

/* Returns 0, or -1 when no thread could be started (then the work ran on the caller). */
int pool_run(int jobs, size_t n, pool_fn fn, void *ctx, pool_tick_fn tick);
int pool_default_jobs(void);

#endif
