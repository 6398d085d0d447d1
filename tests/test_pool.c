/* pool.c: every index runs exactly once, on a worker id below the job count, for any
 * number of jobs and items (none, fewer than jobs, many); progress ticks are sane. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <time.h>

#include "pool.h"
#include "testutil.h"

typedef struct counts {
    atomic_int *hits;     /* per index */
    atomic_int bad_worker;
    int jobs;
    long sleep_ns;        /* per item, to let the ticks run */
    size_t ticks;
    size_t last_done;
    bool tick_went_back;
    bool tick_over_total;
} counts;

static void work(void *ctx, int worker, size_t i)
{
    counts *c = ctx;
    if (worker < 0 || worker >= c->jobs) atomic_fetch_add(&c->bad_worker, 1);
    atomic_fetch_add(&c->hits[i], 1);
    if (c->sleep_ns) {
        struct timespec ts = {0, c->sleep_ns};
        nanosleep(&ts, NULL);
    }
}

static void tick(void *ctx, size_t done, size_t total)
{
    counts *c = ctx;
    c->ticks++;
    if (done < c->last_done) c->tick_went_back = true;
    if (done > total) c->tick_over_total = true;
    c->last_done = done;
}

static void run_case(int jobs, size_t n, bool with_tick)
{
    counts c = {0};
    c.hits = xcalloc(n ? n : 1, sizeof *c.hits);
    c.jobs = jobs < 1 ? 1 : jobs;
    assert_int_equal(pool_run(jobs, n, work, &c, with_tick ? tick : NULL), 0);
    for (size_t i = 0; i < n; i++)
        if (atomic_load(&c.hits[i]) != 1) fail_msg("jobs %d n %zu: item %zu ran %d times", jobs, n, i, atomic_load(&c.hits[i]));
    assert_int_equal(atomic_load(&c.bad_worker), 0);
    free(c.hits);
}

static void test_each_index_once(void **state)
{
    const int jobs[] = {1, 2, 3, 8, 64};
    const size_t ns[] = {0, 1, 2, 7, 1000};
    for (size_t a = 0; a < sizeof jobs / sizeof *jobs; a++)
        for (size_t b = 0; b < sizeof ns / sizeof *ns; b++) {
            run_case(jobs[a], ns[b], false);
            run_case(jobs[a], ns[b], true);
        }
}

/* Out-of-range job counts are clamped, not trusted. */
static void test_bad_job_counts(void **state)
{
    run_case(0, 5, false);
    run_case(-3, 5, false);
}

static void test_ticks(void **state)
{
    counts c = {0};
    size_t n = 30;
    c.hits = xcalloc(n, sizeof *c.hits);
    c.jobs = 2;
    c.sleep_ns = 10 * 1000 * 1000;  /* 30 items x 10 ms on 2 threads: ~150 ms */
    assert_int_equal(pool_run(2, n, work, &c, tick), 0);
    assert_true(c.ticks >= 1);
    assert_false(c.tick_went_back);
    assert_false(c.tick_over_total);
    free(c.hits);
}

static void test_default_jobs(void **state)
{
    int n = pool_default_jobs();
    assert_true(n >= 1 && n <= 256);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_index_once),
        cmocka_unit_test(test_bad_job_counts),
        cmocka_unit_test(test_ticks),
        cmocka_unit_test(test_default_jobs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
