/* Expected utility model: the EC emissions case (scholz2011 preset, 10
 * rounds) against the Python port of the Scholz model (about 5 s of CPU on
 * the same machine type, issue 5), and synthetic issues of 10-300 actors:
 * time per round, which should grow as n^3.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <parley/parley.h>

#include "bench.h"

static double time_runs(const parley_params *p, const parley_issue_view *v, double min_seconds,
                        size_t *runs_out, size_t *rounds_out) {
    size_t runs = 0;
    parley_outcome o;
    const double t0 = bench_cpu();
    double t;
    do {
        if (parley_model_run(p, v, &o, NULL) != PARLEY_OK) {
            fprintf(stderr, "bench: the model failed\n");
            exit(4);
        }
        ++runs;
        t = bench_cpu() - t0;
    } while (t < min_seconds);
    *runs_out = runs;
    *rounds_out = o.rounds;
    return t / (double)runs;
}

int main(void) {
    bench_header();
    char a[64], b[64], c[64];
    parley_scenario s;
    parley_diags d;
    parley_diags_init(&d);
    if (parley_scenario_load(&s, PARLEY_TEST_DATA "/bdm/ec_auto_emissions_1994.csv",
                             PARLEY_FORMAT_UNKNOWN, NULL, &d) != PARLEY_OK) {
        fprintf(stderr, "bench: cannot load the EC case\n");
        return 1;
    }
    parley_diags_destroy(&d);
    parley_params p;
    parley_params_init(&p, parley_model_find("eu"));
    parley_params_set(&p, "preset", "scholz2011", NULL);
    parley_params_set(&p, "rounds", "10", NULL);
    parley_issue_view v;
    parley_issue_view_init(&v, &s, 0);
    size_t runs, rounds;
    const double t = time_runs(&p, &v, 0.5, &runs, &rounds);
    snprintf(a, sizeof a, "%.1f us", 1e6 * t);
    snprintf(c, sizeof c, "%.0fx faster", 5.0 / t);
    snprintf(b, sizeof b, "%zu actors", v.n);
    char what[160];
    snprintf(what, sizeof what, "EU scholz2011, EC case (%s, %zu rounds), CPU", b, rounds);
    bench_row(what, a, "5 s (Python port)", c,
              t < 1e-3 ? "target < 1 ms: met" : "target < 1 ms: MISSED");
    parley_issue_view_destroy(&v);
    parley_scenario_destroy(&s);

    /* synthetic issues: positions, saliences, capabilities uniform */
    const size_t sizes[] = {10, 30, 100, 300};
    double per_round10 = 0.0, prev = 0.0;
    size_t prev_n = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; ++k) {
        const size_t n = sizes[k];
        double *x = malloc(n * sizeof *x), *sal = malloc(n * sizeof *sal),
               *cap = malloc(n * sizeof *cap);
        parley_rng rng;
        parley_rng_init(&rng, 2019, n);
        for (size_t i = 0; i < n; ++i) {
            x[i] = 100.0 * parley_rng_uniform(&rng);
            sal[i] = 0.1 + 0.9 * parley_rng_uniform(&rng);
            cap[i] = 1.0 + 99.0 * parley_rng_uniform(&rng);
        }
        parley_issue_view sv;
        parley_issue_view_from_arrays(&sv, n, x, sal, cap, 0.0, 100.0);
        parley_params_set(&p, "rounds", n >= 300 ? "2" : "5", NULL);
        const double tr = time_runs(&p, &sv, n >= 300 ? 0.0 : 0.3, &runs, &rounds);
        const double per_round = tr / (double)(rounds ? rounds : 1);
        if (k == 0)
            per_round10 = per_round;
        if (per_round < 1e-3)
            snprintf(a, sizeof a, "%.1f us/round", 1e6 * per_round);
        else
            snprintf(a, sizeof a, "%.1f ms/round", 1e3 * per_round);
        snprintf(b, sizeof b, "(n/10)^3 = %.0f", pow((double)n / 10.0, 3.0));
        snprintf(c, sizeof c, "%.0f", per_round / per_round10);
        char slope[64] = "ratio: time / time at n=10";
        if (prev_n)
            snprintf(slope, sizeof slope, "local exponent %.2f (bound: 3)",
                     log(per_round / prev) / log((double)n / (double)prev_n));
        prev = per_round;
        prev_n = n;
        snprintf(what, sizeof what, "EU scholz2011, %zu synthetic actors", n);
        if (n == 300) {
            size_t len = strlen(slope);
            snprintf(slope + len, sizeof slope - len, "; %s",
                     per_round < 1.0 ? "target < 1 s/round: met" : "target < 1 s/round: MISSED");
        }
        bench_row(what, a, b, c, slope);
        parley_issue_view_destroy(&sv);
        free(x);
        free(sal);
        free(cap);
    }
    parley_params_destroy(&p);
    return 0;
}
