/* Benchmark of the spatial model of politics against KTAB's smpc.
 *
 * Runs the model with KTAB's default switches to the end on each KTAB
 * reference input (tests/data/ktab/) several times and prints the median
 * CPU time of one whole run (reading the file excluded) next to KTAB's
 * recorded CPU time for the same input, labelled with its date and machine
 * and not divided by (bench/references.sh times both in one run).  KTAB's
 * times (seconds; smpc --logmin, whole process CPU, median of 3;
 * shared/models/spatial-model.md section 1.15): 3Dim 0.095, SOE-Pol-Comp
 * 0.77, 6Dim 5.7, a040 12.5, a080 183; a160 was never run (KTAB's O(n^4)
 * logging term).
 *
 * Usage: bench_spatial [DATA_DIR] [MIN_SECONDS]
 *   DATA_DIR     folder holding the KTAB CSV files (default: the source
 *                tree's tests/data/ktab)
 *   MIN_SECONDS  repeat each case until this much time was spent (default 1)
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <parley/spatial.h>

#include "ktab_wide.h"
#include "models/spatial_i.h"

#ifndef PARLEY_BENCH_DATA
#define PARLEY_BENCH_DATA "tests/data/ktab"
#endif

static double now(void) { /* CPU time of the process (single-threaded model) */
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One whole run; returns its wall time, or a negative value on error. */
static double run_once(const ktab_csv *c, size_t *steps) {
    parley_spatial_params p;
    parley_spatial_params_default(&p);
    parley_i_spatial_input in = {c->n, c->k, c->cap, c->pos, c->sal, NULL, 0};
    parley_error err;
    parley_i_spatial m_ws, *m = &m_ws;
    double t0 = now();
    if (parley_i_spatial_init(m, &in, &p, &err) != PARLEY_OK) {
        fprintf(stderr, "bench_spatial: %s\n", err.message);
        return -1.0;
    }
    while (!parley_i_spatial_test(m))
        if (parley_i_spatial_iterate(m, &err) != PARLEY_OK) {
            fprintf(stderr, "bench_spatial: %s\n", err.message);
            parley_i_spatial_destroy(m);
            return -1.0;
        }
    double t1 = now();
    *steps = parley_i_spatial_n_states(m) - 1;
    parley_i_spatial_destroy(m);
    return t1 - t0;
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : PARLEY_BENCH_DATA;
    double min_seconds = argc > 2 ? strtod(argv[2], NULL) : 1.0;
    static const struct {
        const char *file;
        double ktab; /* seconds, 0 = not measured */
    } cases[] = {
        {"dummyData_3Dim", 0.095}, {"SOE-Pol-Comp", 0.77},    {"dummyData_6Dim", 5.7},
        {"dummyData-a040", 12.5},  {"dummyData-a080", 183.0}, {"dummyData-a160", 0.0},
    };
    printf("spatial model of politics, KTAB default switches, median CPU time of repeated whole "
           "runs\n");
    printf("%-16s %8s %6s %5s %12s %14s\n", "input", "actors", "dims", "steps", "parley (s)",
           "KTAB [1] (s)");
    int rc = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; ++k) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.csv", dir, cases[k].file);
        ktab_csv c;
        if (ktab_read(&c, path) != 0) {
            fprintf(stderr, "bench_spatial: cannot read %s\n", path);
            rc = 1;
            continue;
        }
        double times[1000], spent = 0.0;
        size_t runs = 0, steps = 0;
        while (runs < 1000 && (runs < 3 || spent < min_seconds)) {
            double t = run_once(&c, &steps);
            if (t < 0) {
                rc = 1;
                break;
            }
            times[runs++] = t;
            spent += t;
        }
        if (runs) {
            qsort(times, runs, sizeof times[0], cmp_double);
            double med = times[runs / 2];
            if (cases[k].ktab > 0)
                printf("%-16s %8zu %6zu %5zu %12.6f %14.3f\n", cases[k].file, c.n, c.k, steps, med,
                       cases[k].ktab);
            else
                printf("%-16s %8zu %6zu %5zu %12.6f %14s\n", cases[k].file, c.n, c.k, steps, med,
                       "-");
        }
        ktab_free(&c);
    }
    printf("[1] recorded, not live: smpc --logmin of lsyaseen/KTAB @ 3b5b063, whole process CPU "
           "(reading, SQLite output and its O(n^4) logging term included), median of 3; "
           "shared/models/spatial-model.md section 1.15 (2026-11, 2-core AMD EPYC VM). Live "
           "ratios: bench/references.sh\n");
    return rc;
}
