/* Ensembles of the default Six-Party scenario under the expected utility
 * model (default bdm1994 preset), position noise N(0, 0.05 of the scale):
 * replicates per second with 1 and 2 threads, the 10^5-replicate target
 * (under a minute on 2 cores), and the peak memory of N = 10^4 and 10^6
 * replicates, which must not grow with N (each measured in a child process
 * with getrusage; the children run before this process starts any thread).
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <parley/parley.h>

#include "bench.h"

static void load_default(parley_scenario *s) {
    size_t size = 0;
    const char *json = parley_default_scenario_json(&size);
    parley_diags d;
    parley_diags_init(&d);
    if (parley_scenario_parse(s, PARLEY_FORMAT_JSON, json, size, "default", NULL, &d) != PARLEY_OK)
        exit(1);
    parley_diags_destroy(&d);
}

/* Wall seconds of an N-replicate ensemble with the given threads. */
static double run(uint64_t n, int threads) {
    parley_scenario s;
    load_default(&s);
    parley_params p;
    parley_params_init(&p, parley_model_find("eu"));
    parley_perturbation pert;
    parley_perturbation_init(&pert);
    pert.noise[PARLEY_FIELD_POSITION] = (parley_noise){PARLEY_NOISE_NORMAL, 0.05};
    parley_ensemble_summary sum;
    parley_ensemble_summary_init(&sum, &s, 1, 10);
    parley_ensemble_options o;
    parley_ensemble_options_init(&o);
    o.seed = 1;
    o.count = n;
    o.threads = threads;
    const double t0 = bench_now();
    if (parley_ensemble_run(&s, &p, 1, &pert, &o, &sum, NULL) != PARLEY_OK) {
        fprintf(stderr, "bench: the ensemble failed\n");
        exit(4);
    }
    const double t = bench_now() - t0;
    parley_ensemble_summary_destroy(&sum);
    parley_params_destroy(&p);
    parley_scenario_destroy(&s);
    return t;
}

/* Peak resident memory (KiB) and wall time of an ensemble run in a child. */
static long child_rss(uint64_t n, double *seconds) {
    const double t0 = bench_now();
    pid_t pid = fork();
    if (pid == 0) {
        run(n, 2);
        _exit(0);
    }
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return -1;
    *seconds = bench_now() - t0;
    return ru.ru_maxrss;
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    const char *q = getenv("PARLEY_BENCH_QUICK");
    int quick = q && *q && strcmp(q, "0") != 0;
    bench_header();
    char a[64], b[64], c[64], what[160];
    double t4 = 0, t6 = 0;
    const uint64_t big = quick ? 100000 : 1000000;
    long r4 = child_rss(10000, &t4), r6 = child_rss(big, &t6);
    snprintf(a, sizeof a, "%ld KiB", r4);
    bench_row("ensemble EU, N = 10^4, peak RSS", a, NULL, NULL, "");
    snprintf(a, sizeof a, "%ld KiB", r6);
    snprintf(what, sizeof what, "ensemble EU, N = %s, peak RSS (%.0f s)", quick ? "10^5" : "10^6",
             t6);
    snprintf(c, sizeof c, "%.2f", (double)r6 / (double)r4);
    bench_row(what, a, "RSS at 10^4", c,
              (double)r6 < 1.1 * (double)r4 ? "must not grow: met" : "must not grow: MISSED");

    const uint64_t n = 20000;
    double rate1 = 0;
    for (int threads = 1; threads <= 2; ++threads) {
        const double t = run(n, threads);
        const double rate = (double)n / t;
        if (threads == 1)
            rate1 = rate;
        snprintf(a, sizeof a, "%.0f rep/s", rate);
        snprintf(what, sizeof what, "ensemble EU, default scenario, %d thread%s", threads,
                 threads > 1 ? "s" : "");
        snprintf(c, sizeof c, "%.2f", rate / rate1);
        bench_row(what, a, threads > 1 ? "1 thread" : NULL, threads > 1 ? c : NULL, "");
    }
    const double t5 = quick ? 0 : run(100000, 2);
    if (!quick) {
        snprintf(a, sizeof a, "%.1f s", t5);
        snprintf(b, sizeof b, "60 s (target)");
        snprintf(c, sizeof c, "%.2f", t5 / 60.0);
        bench_row("ensemble EU, N = 10^5, 2 threads, wall", a, b, c,
                  t5 < 60.0 ? "target < 1 min: met" : "target < 1 min: MISSED");
    }
    return 0;
}
