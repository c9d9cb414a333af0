/* Benchmark of the exchange model: the model time of a full run (default
 * parameters: equal gain, 10 rounds) on a scenario, without reading the file.
 *
 * Usage: bench_exchange SCENARIO [REPEATS [QUIRKS]]
 * Prints one line: scenario, rounds, exchanges realised, repeats, and the
 * minimum and median wall time of one run in seconds (CLOCK_MONOTONIC).
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/parley.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCENARIO [REPEATS [QUIRKS]]\n", argv[0]);
        return 2;
    }
    int repeats = argc > 2 ? atoi(argv[2]) : 20;
    if (repeats < 1)
        repeats = 1;
    parley_scenario s;
    memset(&s, 0, sizeof s);
    parley_diags d;
    parley_diags_init(&d);
    if (parley_scenario_load(&s, argv[1], PARLEY_FORMAT_UNKNOWN, NULL, &d) != PARLEY_OK) {
        fprintf(stderr, "%s: cannot load %s\n", argv[0], argv[1]);
        parley_diags_destroy(&d);
        return 1;
    }
    parley_diags_destroy(&d);
    parley_exchange_params p;
    parley_exchange_params_default(&p);
    parley_error err;
    parley_error_clear(&err);
    if (argc > 3 && parley_exchange_params_set(&p, "quirks", argv[3], &err) != PARLEY_OK) {
        fprintf(stderr, "%s: %s\n", argv[0], err.message);
        return 2;
    }
    double *t = malloc((size_t)repeats * sizeof *t);
    size_t exchanges = 0;
    for (int r = 0; r < repeats; ++r) {
        double t0 = now();
        parley_exchange_model *m = NULL;
        if (parley_exchange_init(&m, &s, &p, &err) != PARLEY_OK) {
            fprintf(stderr, "%s: %s\n", argv[0], err.message);
            return 1;
        }
        exchanges = 0;
        for (size_t k = 0; k < p.rounds; ++k) {
            if (parley_exchange_round(m, &err) != PARLEY_OK) {
                fprintf(stderr, "%s: %s\n", argv[0], err.message);
                return 1;
            }
            exchanges += parley_exchange_last(m, NULL, NULL);
        }
        parley_exchange_free(m);
        t[r] = now() - t0;
    }
    qsort(t, (size_t)repeats, sizeof *t, cmp_double);
    const char *base = strrchr(argv[1], '/');
    printf("exchange %-16s rounds %zu exchanges %zu repeats %d min %.6f s median %.6f s\n",
           base ? base + 1 : argv[1], p.rounds, exchanges, repeats, t[0], t[repeats / 2]);
    free(t);
    parley_scenario_destroy(&s);
    return 0;
}
