/* Benchmark of the exchange model.
 *
 * 1. The model time of a full 10-round run (default parameters: equal gain,
 *    ties by order; and quirks=decide) on the three Decide scenarios,
 *    without reading the file: process CPU time, the metric of the
 *    reference's recorded times, which are printed with their date and
 *    machine but not divided by (bench/references.sh times both in one run).
 * 2. The speed goals of issue 16 on generated scenarios (gen_scenario: a
 *    fixed pseudo-random stream, so every run and machine sees the same
 *    numbers): 100 actors x 20 issues x 10 rounds under 1 s CPU and 50 MB,
 *    200 x 20 under 5 s, 4 x 1,000 under 2 s and 200 MB.  Each size runs in
 *    a child process; its CPU time (user + sys) and peak resident memory
 *    (ru_maxrss) come from wait4, start-up included, the scenario built in
 *    memory.
 *
 * Usage: bench_exchange [DATA_DIR [REPEATS]]
 *   DATA_DIR  folder holding sample_data.json, copenhagen.json and cop21.json
 *             (default: tests/data/decide of the source tree; GPL-3.0 test
 *             fixtures, read only)
 *   REPEATS   runs per scenario and mode (default 20); the median is reported
 *        bench_exchange --json N M
 *   writes the generated scenario of N actors x M issues as parley JSON on
 *   standard output (to time the CLI, or another build, on the same input)
 *        bench_exchange --run N M [ROUNDS]
 *   runs the model on it (10 rounds) and prints the exchanges, CPU time (all
 *   threads) and wall time
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/parley.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "models/exchange_i.h"

/* Reference times of one 10-round run, seconds: the model core of
 * decide-exchange-model without output (CPython 3.11, median of 3;
 * shared/models/exchange-model.md section 10) and the issue's figures for
 * the Decide tool's model time (0 = none given). */
static const struct {
    const char *name;
    double core, tool_lo, tool_hi;
} scenarios[] = {
    {"sample_data", 1.47, 2.0, 2.0},
    {"copenhagen", 2.11, 0, 0},
    {"cop21", 15.78, 16.0, 23.0},
};

static double now(void) { /* CPU time of the process, all threads */
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

/* ---- generated scenarios ---- */

/* splitmix64: a fixed stream, independent of the library's RNG. */
static uint64_t mix(uint64_t *st) {
    uint64_t z = (*st += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A whole number in [lo, hi]. */
static int draw(uint64_t *st, int lo, int hi) {
    return lo + (int)(mix(st) % (uint64_t)(hi - lo + 1));
}

/* n actors x m issues on 0-100: every cell present, position 0-100,
 * salience 0.10-1.00 (whole percent), capability 10-100 per actor. */
static int gen_scenario(parley_scenario *s, size_t n, size_t m) {
    if (parley_scenario_init(s, n, m) != PARLEY_OK)
        return 1;
    uint64_t st = UINT64_C(16) + n * UINT64_C(1000003) + m;
    char name[32];
    for (size_t d = 0; d < m; ++d) {
        snprintf(name, sizeof name, "i%zu", d);
        if (parley_set_string(&s->issues[d].name, name) != PARLEY_OK)
            return 1;
        s->issues[d].lo = 0;
        s->issues[d].hi = 100;
        s->issues[d].bounds_given = 1;
    }
    for (size_t a = 0; a < n; ++a) {
        snprintf(name, sizeof name, "a%zu", a);
        if (parley_set_string(&s->actors[a].name, name) != PARLEY_OK)
            return 1;
        int cap = draw(&st, 10, 100);
        for (size_t d = 0; d < m; ++d) {
            parley_cell *c = parley_scenario_cell(s, a, d);
            c->present = 1;
            c->position = draw(&st, 0, 100);
            c->salience = draw(&st, 10, 100) / 100.0;
            c->capability = cap;
        }
    }
    s->salience_scale = PARLEY_SALIENCE_UNIT;
    return 0;
}

/* The generated scenario as parley JSON (the salience on 0-100). */
static int print_json(size_t n, size_t m) {
    parley_scenario s;
    memset(&s, 0, sizeof s);
    if (gen_scenario(&s, n, m) != 0) {
        parley_scenario_destroy(&s);
        return 1;
    }
    printf("{\"parley\": 1, \"name\": \"generated %zu x %zu\", \"salience_scale\": 100, "
           "\"issues\": [",
           n, m);
    for (size_t d = 0; d < m; ++d)
        printf("%s{\"name\": \"i%zu\", \"scale\": {\"min\": 0, \"max\": 100}}", d ? "," : "", d);
    printf("], \"actors\": [");
    for (size_t a = 0; a < n; ++a) {
        printf("%s{\"name\": \"a%zu\", \"capability\": %g, \"values\": {", a ? "," : "", a,
               parley_scenario_cell(&s, a, 0)->capability);
        for (size_t d = 0; d < m; ++d) {
            const parley_cell *c = parley_scenario_cell(&s, a, d);
            printf("%s\"i%zu\": {\"position\": %g, \"salience\": %.0f}", d ? "," : "", d,
                   c->position, c->salience * 100.0);
        }
        printf("}}");
    }
    printf("]}\n");
    parley_scenario_destroy(&s);
    return 0;
}

/* Runs `rounds` rounds on the generated n x m scenario; *exchanges receives
 * the exchanges realised. */
static int run_generated(size_t n, size_t m, size_t rounds, size_t *exchanges) {
    parley_scenario s;
    memset(&s, 0, sizeof s);
    int rc = gen_scenario(&s, n, m);
    parley_exchange_params p;
    parley_exchange_params_default(&p);
    p.rounds = rounds;
    parley_exchange_model ws;
    parley_error err;
    parley_error_clear(&err);
    *exchanges = 0;
    if (rc == 0 && parley_i_exchange_init(&ws, &s, &p, &err) == PARLEY_OK) {
        for (size_t k = 0; k < rounds && rc == 0; ++k) {
            if (parley_i_exchange_iterate(&ws, &err) != PARLEY_OK)
                rc = 1;
            *exchanges += parley_exchange_last(&ws, NULL, NULL);
        }
        parley_i_exchange_destroy(&ws);
    } else {
        rc = 1;
    }
    if (rc)
        fprintf(stderr, "bench_exchange: %s\n", err.message[0] ? err.message : "out of memory");
    parley_scenario_destroy(&s);
    return rc;
}

/* The goals of issue 16 (targets of CPU seconds and MB; 0 = none). */
static const struct {
    size_t n, m, rounds;
    double cpu, mb;
} goals[] = {
    {100, 20, 10, 1.0, 50.0},
    {200, 20, 10, 5.0, 0.0},
    {4, 1000, 10, 2.0, 200.0},
};

/* Wall-clock seconds: on a shared machine CPU and wall time differ, and a
 * threaded build would make them differ more. */
static double wall(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs one goal size in a child; CPU (user + sys of all its threads) and
 * peak RSS from wait4, wall time from fork to wait. */
static int time_goal(size_t g) {
    fflush(stdout);
    double w0 = wall();
    int fd[2];
    if (pipe(fd) != 0)
        return 1;
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        close(fd[0]);
        size_t ex = 0;
        int rc = run_generated(goals[g].n, goals[g].m, goals[g].rounds, &ex);
        if (write(fd[1], &ex, sizeof ex) != (ssize_t)sizeof ex)
            rc = 1;
        _exit(rc);
    }
    close(fd[1]);
    size_t ex = 0;
    ssize_t got = read(fd[0], &ex, sizeof ex);
    close(fd[0]);
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        got != (ssize_t)sizeof ex) {
        fprintf(stderr, "bench_exchange: the %zu x %zu run failed\n", goals[g].n, goals[g].m);
        return 1;
    }
    double w = wall() - w0;
    double cpu = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
                 (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
    double mb = (double)ru.ru_maxrss / 1024.0; /* KiB on Linux */
    char mem_target[32] = "-", mem_ratio[32] = "-";
    if (goals[g].mb > 0) {
        snprintf(mem_target, sizeof mem_target, "%.0f", goals[g].mb);
        snprintf(mem_ratio, sizeof mem_ratio, "%.2f", mb / goals[g].mb);
    }
    printf("%5zu x %-5zu %6zu %9zu %9.3f %8.1f %8.2f %9.3f %9.1f %8s %8s %s\n", goals[g].n,
           goals[g].m, goals[g].rounds, ex, cpu, goals[g].cpu, cpu / goals[g].cpu, w, mb,
           mem_target, mem_ratio,
           cpu <= goals[g].cpu && (goals[g].mb <= 0 || mb <= goals[g].mb) ? "met" : "MISSED");
    return 0;
}

static int goal_table(void) {
    printf("\nExchange model at scale (issue 16 goals), generated scenarios, one run each in a "
           "child process:\nCPU = user + sys of the whole child (all threads), wall = its "
           "elapsed time, peak = its max RSS\n(live figures of this run; ratio = figure / "
           "target, <= 1 meets it; the targets are CPU time)\n");
    printf("%-13s %6s %9s %9s %8s %8s %9s %9s %8s %8s %s\n", "actors x iss", "rounds", "exchanges",
           "CPU (s)", "target", "ratio", "wall (s)", "peak (MB)", "target", "ratio", "goal");
    int rc = 0;
    for (size_t g = 0; g < sizeof goals / sizeof *goals; ++g)
        rc |= time_goal(g);
    return rc;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "--json") == 0)
        return print_json(strtoul(argv[2], NULL, 10), strtoul(argv[3], NULL, 10));
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "--run") == 0) {
        size_t ex = 0, rounds = argc == 5 ? strtoul(argv[4], NULL, 10) : 10;
        clock_t t0 = clock();
        double w0 = wall();
        int rc = run_generated(strtoul(argv[2], NULL, 10), strtoul(argv[3], NULL, 10), rounds, &ex);
        printf("%zu exchanges, %.3f s CPU, %.3f s wall\n", ex,
               (double)(clock() - t0) / CLOCKS_PER_SEC, wall() - w0);
        return rc;
    }
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
    return goal_table();
}
