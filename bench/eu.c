/* Expected utility model benchmarks (issues 5 and 16).
 *
 *  1. The EC emissions case (scholz2011, 10 rounds): the model's CPU time
 *     per run, and the CPU time of a whole `parley forecast` process
 *     (start-up included: the metric the reference tools are measured with).
 *     The Scholz port is not run here: its recorded figures are printed
 *     with their date and machine, never as a live ratio; bench/references.sh
 *     times it against parley in one run.
 *  2. Synthetic issues of 100 to 1,600 actors (positions, saliences and
 *     capabilities drawn from a fixed seed, so every run sees the same
 *     scenarios): CPU and wall time per round with one thread and with
 *     every thread, the fitted growth exponent over 400-1,600 actors, the
 *     n = 400 round against the 2-core flop bound of its vote kernel, and
 *     the 1,600-actor round against the 1.5 s target.
 *
 * The machine may be shared: CPU times are the process's (all threads),
 * the load average is printed, and the 2-core time is estimated as CPU / 2
 * next to the wall time measured.
 *
 *   bench_eu [MAX_ACTORS]     default 1600 (PARLEY_BENCH_QUICK=1: 800)
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <parley/parley.h>

#include "bench.h"

#ifndef PARLEY_CLI
#define PARLEY_CLI "build/parley"
#endif

static void set_threads(int t) {
#ifdef _OPENMP
    omp_set_num_threads(t);
#else
    (void)t;
#endif
}

static int max_threads(void) {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

static double load_average(void) {
    double l[1] = {0.0};
    return getloadavg(l, 1) == 1 ? l[0] : -1.0;
}

/* Runs the model until min_seconds of CPU have passed (at least once);
 * CPU and wall time per run. */
static void time_runs(const parley_params *p, const parley_issue_view *v, double min_seconds,
                      double *cpu, double *wall, size_t *rounds_out) {
    size_t runs = 0;
    parley_outcome o;
    const double c0 = bench_cpu(), w0 = bench_now();
    double c;
    do {
        if (parley_model_run(p, v, &o, NULL) != PARLEY_OK) {
            fprintf(stderr, "bench: the model failed\n");
            exit(4);
        }
        ++runs;
        c = bench_cpu() - c0;
    } while (c < min_seconds);
    *cpu = c / (double)runs;
    *wall = (bench_now() - w0) / (double)runs;
    *rounds_out = o.rounds;
}

/* CPU seconds (user + system) of one whole `parley forecast` process on
 * file (its children's rusage), the median of `reps` runs. */
static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double process_cpu(const char *file, int reps) {
    double t[15];
    if (reps > 15)
        reps = 15;
    for (int r = 0; r < reps; ++r) {
        struct rusage before, after;
        getrusage(RUSAGE_CHILDREN, &before);
        pid_t pid = fork();
        if (pid < 0)
            return -1.0;
        if (pid == 0) {
            if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
                _exit(127);
            execl(PARLEY_CLI, PARLEY_CLI, "forecast", "-m", "eu", "--preset", "scholz2011",
                  "--rounds", "10", "--sq-replicates", "0", file, (char *)NULL);
            _exit(127);
        }
        int status = 0;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            return -1.0;
        getrusage(RUSAGE_CHILDREN, &after);
        t[r] = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
               (double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
               1e-6 * (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) +
               1e-6 * (double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec);
    }
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    return t[reps / 2];
}

/* The clock in GHz from /proc/cpuinfo ("cpu MHz"), or 0 when unknown. */
static double clock_ghz(void) {
    FILE *fp = fopen("/proc/cpuinfo", "r");
    if (!fp)
        return 0.0;
    char line[256];
    double mhz = 0.0;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, "cpu MHz", 7) == 0) {
            const char *c = strchr(line, ':');
            if (c)
                mhz = atof(c + 1);
            break;
        }
    fclose(fp);
    return mhz / 1000.0;
}

static void fmt_time(char *buf, size_t size, double s) {
    if (s < 1e-3)
        snprintf(buf, size, "%.1f us", 1e6 * s);
    else if (s < 1.0)
        snprintf(buf, size, "%.1f ms", 1e3 * s);
    else
        snprintf(buf, size, "%.2f s", s);
}

int main(int argc, char **argv) {
    size_t max_n = getenv("PARLEY_BENCH_QUICK") ? 800 : 1600;
    if (argc > 1)
        max_n = (size_t)strtoul(argv[1], NULL, 10);
    const int threads = max_threads();
    printf("load average %.2f at the start; %d threads; CPU = the process's user + system time "
           "(all threads)\n",
           load_average(), threads);
    bench_header();
    char a[64], b[96], c[96], what[160];

    /* 1. the EC case */
    const char *ec = PARLEY_TEST_DATA "/bdm/ec_auto_emissions_1994.csv";
    parley_scenario s;
    parley_diags d;
    parley_diags_init(&d);
    if (parley_scenario_load(&s, ec, PARLEY_FORMAT_UNKNOWN, NULL, &d) != PARLEY_OK) {
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
    double cpu, wall;
    size_t rounds;
    set_threads(1);
    time_runs(&p, &v, 0.5, &cpu, &wall, &rounds);
    fmt_time(a, sizeof a, cpu);
    snprintf(what, sizeof what, "EU scholz2011, EC case (%zu actors, %zu rounds), model CPU", v.n,
             rounds);
    bench_row(what, a, NULL, NULL, cpu < 1e-3 ? "target < 1 ms: met" : "target < 1 ms: MISSED");
    parley_issue_view_destroy(&v);
    parley_scenario_destroy(&s);
    const double proc = process_cpu(ec, 9);
    if (proc >= 0.0) {
        fmt_time(a, sizeof a, proc);
        bench_row("EU scholz2011, EC case, whole `parley forecast`, CPU", a, "2.6-3.2 s [1]",
                  "not live [1]", "same metric: process CPU, start-up included");
    } else {
        bench_row("EU scholz2011, EC case, whole `parley forecast`, CPU", "failed", NULL, NULL,
                  PARLEY_CLI " did not run");
    }
    printf("[1] Scholz port (jmckib/bdm-scholz-expected-utility-model @ 55f63e9, Python 2.7), "
           "whole process CPU on the EC case, recorded in issue 16 (2026-12) on a 2-core AMD "
           "EPYC VM like this one (issue 5, 2026-11-29: about 5 s). A recorded figure, not a "
           "ratio: bench/references.sh runs both in one go.\n");

    /* 2. synthetic issues */
    const size_t sizes[] = {100, 200, 400, 800, 1600};
    double lx[8], ly[8];
    size_t nfit = 0;
    double t400_cpu = 0.0, t400_one = 0.0, t400_wall = 0.0, prev = 0.0;
    size_t prev_n = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes && sizes[k] <= max_n; ++k) {
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
        parley_params_set(&p, "rounds", n >= 800 ? "1" : "3", NULL);
        double c1, w1, cn, wn;
        set_threads(1);
        time_runs(&p, &sv, n >= 400 ? 0.0 : 0.3, &c1, &w1, &rounds);
        c1 /= (double)rounds;
        w1 /= (double)rounds;
        set_threads(threads);
        time_runs(&p, &sv, n >= 400 ? 0.0 : 0.3, &cn, &wn, &rounds);
        cn /= (double)rounds;
        wn /= (double)rounds;
        char t1[32], t2[32], t3[32];
        (void)t2;
        fmt_time(t1, sizeof t1, c1);
        fmt_time(t2, sizeof t2, cn);
        fmt_time(t3, sizeof t3, wn);
        snprintf(a, sizeof a, "%s/round", t1);
        snprintf(b, sizeof b, "%d thr: %s CPU, %s wall", threads, t2, t3);
        char slope[64] = "";
        if (prev_n)
            snprintf(slope, sizeof slope, "%.2f", log(c1 / prev) / log((double)n / (double)prev_n));
        snprintf(c, sizeof c, "load %.1f", load_average());
        snprintf(what, sizeof what, "EU scholz2011, %zu synthetic actors, 1 thread CPU", n);
        bench_row(what, a, b, slope[0] ? slope : "-", c);
        if (n >= 400) {
            lx[nfit] = log((double)n);
            ly[nfit++] = log(c1);
        }
        if (n == 400) {
            t400_cpu = cn;
            t400_one = c1;
            t400_wall = wn;
        }
        if (n == 1600) {
            /* measured: the CPU of both threads / 2 (includes the threads'
             * waits, which a loaded machine lengthens); ideal: 1 thread / 2 */
            fmt_time(t1, sizeof t1, cn / 2.0);
            fmt_time(t2, sizeof t2, c1 / 2.0);
            snprintf(a, sizeof a, "%s/round", t1);
            snprintf(b, sizeof b, "ideal %s, wall %s", t2, t3);
            snprintf(c, sizeof c, "%.2f", cn / 2.0 / 1.5);
            bench_row("EU 1,600 actors, 2 cores: CPU of 2 threads / 2", a, b, c,
                      cn / 2.0 < 1.5 ? "target < 1.5 s/round: met"
                                     : "target < 1.5 s/round: MISSED");
        }
        prev = c1;
        prev_n = n;
        parley_issue_view_destroy(&sv);
        free(x);
        free(sal);
        free(cap);
    }
    set_threads(threads);
    if (nfit >= 2) { /* least squares slope of log(time) on log(n) */
        double mx = 0.0, my = 0.0, sxx = 0.0, sxy = 0.0;
        for (size_t k = 0; k < nfit; ++k) {
            mx += lx[k] / (double)nfit;
            my += ly[k] / (double)nfit;
        }
        for (size_t k = 0; k < nfit; ++k) {
            sxx += (lx[k] - mx) * (lx[k] - mx);
            sxy += (lx[k] - mx) * (ly[k] - my);
        }
        snprintf(a, sizeof a, "n^%.2f", sxy / sxx);
        snprintf(what, sizeof what, "EU per-round CPU, fitted over 400-%zu actors", prev_n);
        bench_row(what, a, "bound: n^3", NULL, "(1 thread; the n^3 vote kernel dominates)");
    }
    if (t400_cpu > 0.0) {
        /* The vote kernel: 2 n u^2 flops per call (issue 16), two calls per
         * round, u = n distinct positions; peak: F flops per cycle per core
         * (16 on AMD Zen 4 / Intel since Haswell: two 4-wide adders and two
         * 4-wide multipliers; the kernel has no multiply-add pairs) at the
         * clock from /proc/cpuinfo, two cores. */
        const double fpc = getenv("PARLEY_BENCH_FLOPS_PER_CYCLE")
                               ? atof(getenv("PARLEY_BENCH_FLOPS_PER_CYCLE"))
                               : 16.0;
        const double ghz = clock_ghz() > 0.0 ? clock_ghz() : 2.6;
        const double flops = 2.0 * 2.0 * 400.0 * 400.0 * 400.0;
        const double bound = flops / (2.0 * fpc * ghz * 1e9);
        char t1[32], t2[32];
        fmt_time(t1, sizeof t1, t400_cpu / 2.0);
        fmt_time(t2, sizeof t2, bound);
        snprintf(a, sizeof a, "%s/round", t1);
        snprintf(b, sizeof b, "bound %s [2]", t2);
        snprintf(c, sizeof c, "%.1fx", t400_cpu / 2.0 / bound);
        bench_row("EU 400 actors, 2 threads' CPU / 2 vs flop bound", a, b, c,
                  t400_cpu / 2.0 <= 2.0 * bound ? "target <= 2x: met" : "target <= 2x: MISSED");
        fmt_time(t1, sizeof t1, t400_one / 2.0);
        snprintf(a, sizeof a, "%s/round", t1);
        snprintf(c, sizeof c, "%.1fx", t400_one / 2.0 / bound);
        bench_row("EU 400 actors, ideal split (1 thread's CPU / 2)", a, b, c,
                  t400_one / 2.0 <= 2.0 * bound ? "target <= 2x: met" : "target <= 2x: MISSED");
        fmt_time(t1, sizeof t1, t400_wall);
        printf(
            "[2] 2 kernel calls x 2 n u^2 flops (n = u = 400) at %.0f flops/cycle x %.2f GHz x 2 "
            "cores (PARLEY_BENCH_FLOPS_PER_CYCLE to change); wall time of the round with 2 "
            "threads here: %s\n",
            fpc, ghz, t1);
    }
    printf("load average %.2f at the end\n", load_average());
    parley_params_destroy(&p);
    return 0;
}
