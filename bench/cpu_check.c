/* cpu_check: a fixed amount of pure arithmetic split over N threads. Timed beside
 * aiready --jobs 1 / --jobs 2, `cpu_check 1` / `cpu_check 2` shows how much parallel
 * speed-up the machine offers at that moment (2.0 on two idle cores; less when other
 * processes compete for them), i.e. the ceiling for the --jobs 2 figure.
 *
 * usage: cpu_check THREADS */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define TOTAL_ITERATIONS 1500000000UL

static void *spin(void *arg)
{
    unsigned long n = *(const unsigned long *)arg;
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < n; i++) x += i;
    return NULL;
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    if (threads < 1 || threads > 64) {
        fprintf(stderr, "usage: cpu_check THREADS (1..64)\n");
        return 2;
    }
    unsigned long share = TOTAL_ITERATIONS / (unsigned long)threads;
    pthread_t t[64];
    for (int i = 0; i < threads; i++)
        if (pthread_create(&t[i], NULL, spin, &share) != 0) return 1;
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    return 0;
}
