/* Benchmark of the exchange model: the model time of a full 10-round run
 * (default parameters: equal gain, ties by order; and quirks=decide) on the
 * three Decide scenarios, without reading the file: process CPU time, the
 * metric of the reference's recorded times, which are printed with their
 * date and machine but not divided by (bench/references.sh times both in
 * one run).
 *
 * Usage: bench_exchange [DATA_DIR [REPEATS]]
 *   DATA_DIR  folder holding sample_data.json, copenhagen.json and cop21.json
 *             (default: tests/data/decide of the source tree; GPL-3.0 test
 *             fixtures, read only)
 *   REPEATS   runs per scenario and mode (default 20); the median is reported
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/parley.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/exchange_i.h"

/* Reference times of one 10-round run, seconds: the model core of
 * decide-exchange-model without output (CPython 3.11, median of 3;
 * shared/models/exchange-model.md section 10) and the figures for
 * the Decide tool's model time (0 = none given). */
static const struct {
    const char *name;
    double core, tool_lo, tool_hi;
} scenarios[] = {
    {"sample_data", 1.47, 2.0, 2.0},
    {"copenhagen", 2.11, 0, 0},
    {"cop21", 15.78, 16.0, 23.0},
};

static double now(void) { /* CPU time of the process (single-threaded model) */
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* tests/data/decide of the source tree, from this file's path. */
static void default_dir(char *buf, size_t n) {
    const char *file = __FILE__, *slash = strstr(file, "bench/exchange.c");
    int len = slash ? (int)(slash - file) : 0;
    snprintf(buf, n, "%.*stests/data/decide", len, file);
}

/* Median time of `repeats` full runs; *exchanges receives the exchanges realised. */
static int time_runs(const parley_scenario *s, const parley_exchange_params *p, int repeats,
                     double *median, size_t *exchanges) {
    double *t = malloc((size_t)repeats * sizeof *t);
    if (!t)
        return 1;
    parley_error err;
    parley_error_clear(&err);
    for (int r = 0; r < repeats; ++r) {
        double t0 = now();
        parley_exchange_model ws, *m = &ws;
        if (parley_i_exchange_init(m, s, p, &err) != PARLEY_OK) {
            fprintf(stderr, "bench_exchange: %s\n", err.message);
            free(t);
            return 1;
        }
        *exchanges = 0;
        for (size_t k = 0; k < p->rounds; ++k) {
            if (parley_i_exchange_iterate(m, &err) != PARLEY_OK) {
                fprintf(stderr, "bench_exchange: %s\n", err.message);
                parley_i_exchange_destroy(m);
                free(t);
                return 1;
            }
            *exchanges += parley_exchange_last(m, NULL, NULL);
        }
        parley_i_exchange_destroy(m);
        t[r] = now() - t0;
    }
    qsort(t, (size_t)repeats, sizeof *t, cmp_double);
    *median = t[repeats / 2];
    free(t);
    return 0;
}

int main(int argc, char **argv) {
    char dir[4096];
    if (argc > 1)
        snprintf(dir, sizeof dir, "%s", argv[1]);
    else
        default_dir(dir, sizeof dir);
    int repeats = argc > 2 ? atoi(argv[2]) : 20;
    if (repeats < 1)
        repeats = 1;
    printf("Exchange model, 10 rounds, median of %d runs (model CPU time; reading excluded)\n",
           repeats);
    printf("%-12s %-7s %9s %10s %14s %14s\n", "scenario", "quirks", "exchanges", "parley (s)",
           "ref core [1]", "ref tool [2]");
    for (size_t k = 0; k < sizeof scenarios / sizeof *scenarios; ++k) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.json", dir, scenarios[k].name);
        parley_scenario s;
        memset(&s, 0, sizeof s);
        parley_diags d;
        parley_diags_init(&d);
        parley_status st = parley_scenario_load(&s, path, PARLEY_FORMAT_UNKNOWN, NULL, &d);
        parley_diags_destroy(&d);
        if (st != PARLEY_OK) {
            fprintf(stderr, "bench_exchange: cannot load %s\n", path);
            parley_scenario_destroy(&s);
            return 1;
        }
        for (int q = 0; q < 2; ++q) {
            parley_exchange_params p;
            parley_exchange_params_default(&p);
            p.quirks = q ? PARLEY_EXCHANGE_QUIRKS_DECIDE : PARLEY_EXCHANGE_QUIRKS_NONE;
            double t = 0;
            size_t n = 0;
            if (time_runs(&s, &p, repeats, &t, &n) != 0) {
                parley_scenario_destroy(&s);
                return 1;
            }
            char tool[32] = "-";
            if (scenarios[k].tool_lo > 0) {
                if (scenarios[k].tool_hi > scenarios[k].tool_lo)
                    snprintf(tool, sizeof tool, "%g-%g s", scenarios[k].tool_lo,
                             scenarios[k].tool_hi);
                else
                    snprintf(tool, sizeof tool, "%g s", scenarios[k].tool_lo);
            }
            printf("%-12s %-7s %9zu %10.5f %12.2f s %14s\n", scenarios[k].name,
                   q ? "decide" : "none", n, t, scenarios[k].core, tool);
        }
        parley_scenario_destroy(&s);
    }
    printf("[1] recorded, not live: decide-exchange-model @ 51dee66, model core without output, "
           "CPython 3.11, CPU, median of 3 (shared/models/exchange-model.md section 10; 2026-11, "
           "2-core AMD EPYC VM)\n[2] recorded, not live: the Decide tool's model time quoted in "
           "issue 4 (2026-11). Live ratios: bench/references.sh\n");
    return 0;
}
