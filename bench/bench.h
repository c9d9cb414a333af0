/* Helpers shared by the benchmarks (bench/NAME.c; run them with bench/run.sh).
 * Each benchmark prints rows of one table:
 *   what | parley | reference | ratio | target
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_BENCH_H
#define PARLEY_BENCH_H

#include <stdio.h>
#include <time.h>

static inline double bench_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static inline double bench_cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The column titles. */
static inline void bench_header(void) {
    printf("%-48s %14s %16s %12s  %s\n", "benchmark", "parley", "reference", "ratio", "target");
}

/* One row: reference and target may be NULL. */
static inline void bench_row(const char *what, const char *parley, const char *reference,
                             const char *ratio, const char *target) {
    printf("%-48s %14s %16s %12s  %s\n", what, parley, reference ? reference : "-",
           ratio ? ratio : "-", target ? target : "");
    fflush(stdout);
}

#endif
