#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"

typedef struct pool_shared {
    pool_fn fn;
    void *ctx;
    size_t n;
    atomic_size_t next;
    atomic_size_t done;
} pool_shared;

typedef struct pool_worker {
    pool_shared *shared;
    int id;
} pool_worker;

static void *worker_main(void *arg)
{
    pool_worker *w = arg;
    pool_shared *s = w->shared;
    for (;;) {
        size_t i = atomic_fetch_add(&s->next, 1);
        if (i >= s->n) break;
        s->fn(s->ctx, w->id, i);
        atomic_fetch_add(&s->done, 1);
    }
    return NULL;
}

int pool_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)(n > 256 ? 256 : n) : 1;
}

static void wait_with_ticks(pool_shared *s, pool_tick_fn tick)
{
    struct timespec pause = {0, 100 * 1000 * 1000};
    while (atomic_load(&s->done) < s->n) {
        nanosleep(&pause, NULL);
        tick(s->ctx, atomic_load(&s->done), s->n);
    }
}

int pool_run(int jobs, size_t n, pool_fn fn, void *ctx, pool_tick_fn tick)
{
    pool_shared s = {fn, ctx, n, 0, 0};
    if (jobs < 1) jobs = 1;
    if ((size_t)jobs > n) jobs = n ? (int)n : 1;
    pool_worker *workers = xcalloc((size_t)jobs, sizeof *workers);
    pthread_t *threads = xcalloc((size_t)jobs, sizeof *threads);
    int started = 0;
    for (int i = 0; i < jobs; i++) {
        workers[i] = (pool_worker){&s, i};
        if (jobs == 1 && !tick) break; /* one job, no progress: run on this thread */
        if (pthread_create(&threads[i], NULL, worker_main, &workers[i]) != 0) break;
        started++;
    }
    int rc = 0;
    if (started == 0) {
        if (jobs > 1 || tick) rc = -1;
        worker_main(&workers[0]);
    } else {
        if (tick) wait_with_ticks(&s, tick);
        for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    }
    free(workers);
    free(threads);
    return rc;
}
