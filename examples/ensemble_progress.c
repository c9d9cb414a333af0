/* An ensemble: run the expected utility and compromise models on 1000
 * randomly perturbed copies of a scenario and summarise where their
 * forecasts land, with a progress callback.
 *
 *   cc ensemble_progress.c $(pkg-config --cflags --libs parley) -o ensemble_progress
 *   ./ensemble_progress ec_auto_emissions_1994.csv
 *
 * The same numbers as `parley ensemble -n 1000 --seed 42 -m eu,mean
 * --format json FILE` (the CLI's default noise is parley_perturbation_default).
 * The result does not depend on the number of threads (OMP_NUM_THREADS).
 * SPDX-License-Identifier: MIT
 */
#include <parley/parley.h>
#include <stdio.h>

/* Progress: called after each block of replicates, in order, one thread at
 * a time.  It writes to standard error and counts its calls; returning
 * nonzero would cancel the run. */
typedef struct progress {
    size_t calls, last_done, last_total;
} progress;

static int on_progress(void *data, size_t done, size_t total) {
    progress *p = data;
    p->calls++;
    p->last_done = done;
    p->last_total = total;
    fprintf(stderr, "\r%zu of %zu replicates", done, total);
    if (done == total)
        fprintf(stderr, "\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s SCENARIO\n", argv[0]);
        return 2;
    }
    parley_scenario s;
    if (parley_scenario_load(&s, argv[1], PARLEY_FORMAT_UNKNOWN, NULL, NULL) != PARLEY_OK) {
        fprintf(stderr, "%s: cannot read (run `parley validate` on it for the details)\n", argv[1]);
        return 1;
    }

    const char *names[] = {"eu", "mean"};
    enum { N_MODELS = 2 };
    parley_params params[N_MODELS] = {0};
    parley_status st = PARLEY_OK;
    for (size_t m = 0; m < N_MODELS && st == PARLEY_OK; ++m)
        st = parley_params_init(&params[m], parley_model_find(names[m]));

    /* What varies: positions + N(0, 5 % of the scale), saliences + N(0, 0.05),
     * capabilities x (1 + N(0, 0.10)), each clamped to its domain. */
    parley_perturbation pert;
    parley_perturbation_default(&pert);

    parley_ensemble_options opt;
    parley_ensemble_options_init(&opt);
    opt.seed = 42;
    opt.count = 1000; /* replicates 0..999 */
    progress pr = {0, 0, 0};
    opt.progress = on_progress;
    opt.progress_data = &pr;

    /* The summary keeps exact integer sums per issue x model (10 histogram bins). */
    parley_ensemble_summary sum = {0};
    parley_error err;
    parley_error_clear(&err);
    if (st == PARLEY_OK)
        st = parley_ensemble_summary_init(&sum, &s, N_MODELS, 10);
    if (st == PARLEY_OK)
        st = parley_ensemble_run(&s, params, N_MODELS, &pert, &opt, &sum, &err);
    if (st == PARLEY_OK) {
        printf("progress: %zu calls, the last at %zu of %zu\n", pr.calls, pr.last_done,
               pr.last_total);
        for (size_t i = 0; i < s.n_issues; ++i) {
            printf("%s\n", s.issues[i].name);
            for (size_t m = 0; m < N_MODELS; ++m) {
                parley_ensemble_stats q;
                parley_ensemble_stats_get(&sum, i, m, &q);
                /* q.q[] holds the 5, 25, 50, 75 and 95 % quantiles */
                printf("  %-4s n=%llu mean=%.6f sd=%.6f 5%%=%.6f median=%.6f 95%%=%.6f\n", names[m],
                       (unsigned long long)q.n, q.mean, q.sd, q.q[0], q.q[2], q.q[4]);
            }
        }
    } else {
        char line[1024];
        fprintf(stderr, "%s\n", parley_error_format(&err, line, sizeof line));
    }
    parley_ensemble_summary_destroy(&sum);
    for (size_t m = 0; m < N_MODELS; ++m)
        parley_params_destroy(&params[m]);
    parley_scenario_destroy(&s);
    return st == PARLEY_OK ? 0 : 1;
}
