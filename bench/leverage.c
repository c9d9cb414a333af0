/* Benchmark of `parley leverage` (issue 16, goal 2) and the error of its
 * screening pass.
 *
 * Timing (the default): runs the parley program next to this one
 * (build/parley) as child processes and measures each whole process, start-up
 * and reading included: wall time and CPU time (user + system, every
 * thread).  The reference is one forecast of the same model on the same
 * input (`parley forecast -m spatial FILE`, median of 9 runs, 5 for a160);
 * the targets (issue 16): a080 leverage at most 100x one a080 forecast on 2
 * cores, a160 leverage under 2 minutes on 2 cores.  The machine may be
 * shared, so each goal is judged on CPU / 2 (the run on 2 free cores; the
 * forecasts are independent) and the wall time is printed beside it.
 *
 * Screen error (--screen-error [FILE...]): runs the full leverage table and
 * the screened one (--top-actors K, K = 3, 5, 10 where fewer than the
 * actors) of every model on each shipped case (default: data/scenarios,
 * data/cases, tests/data/bdm, tests/data/decide with every model; the KTAB
 * inputs of tests/data/ktab with the spatial model) in the library, and
 * prints for each K how many of the full run's K most effective actors the
 * screen picked (recall) and how many leading rows of the screened table
 * equal the full table's.  docs/analysis.md quotes this table.
 *
 * Usage: bench_leverage [--screen-error [FILE...]]
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <parley/parley.h>

#include "bench.h"

#ifndef PARLEY_TEST_DATA
#define PARLEY_TEST_DATA "tests/data"
#endif

/* ------------------------------------------------------------- timing */

static char cli[4096];

/* build/parley next to build/bench/bench_leverage. */
static int find_cli(void) {
    char self[3072];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return -1;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    snprintf(cli, sizeof cli, "%s/../parley", self);
    return access(cli, X_OK);
}

/* Runs parley with args (NULL-terminated) with its output discarded; the
 * wall and CPU seconds of the whole process.  Returns its exit status. */
static int run_cli(char *const *args, double *wall, double *cpu) {
    char *argv[32];
    size_t n = 0;
    argv[n++] = cli;
    for (; args[n - 1] && n < 31; ++n)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    const double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int dn = open("/dev/null", O_WRONLY);
        if (dn >= 0) {
            dup2(dn, 1);
            dup2(dn, 2);
        }
        execv(cli, argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid)
        return -1;
    *wall = bench_now() - t0;
    *cpu = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median wall and CPU of `reps` runs (each sorted on its own). */
static int median_run(char *const *args, int reps, double *wall, double *cpu) {
    double w[9], c[9];
    if (reps > 9)
        reps = 9;
    for (int r = 0; r < reps; ++r)
        if (run_cli(args, &w[r], &c[r]) != 0)
            return -1;
    qsort(w, (size_t)reps, sizeof *w, cmp_double);
    qsort(c, (size_t)reps, sizeof *c, cmp_double);
    *wall = w[reps / 2];
    *cpu = c[reps / 2];
    return 0;
}

static double load_average(void) {
    double l = -1.0;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1.0;
        fclose(f);
    }
    return l;
}

/* One leverage run against one forecast: its wall and CPU, and the goal's
 * figure on 2 free cores, CPU / 2 (the forecasts are independent and the
 * threads wait for each other only at the joins; on a shared machine the
 * wall time measures the load more than parley), against the target:
 * target_ratio x one forecast's CPU (a single-threaded process: its CPU is
 * its wall on a free core), or target_seconds. */
static void leverage_rows(const char *label, char *const *args, double f_wall, double f_cpu,
                          double target_ratio, double target_seconds) {
    double wall = 0, cpu = 0;
    if (run_cli(args, &wall, &cpu) != 0) {
        bench_row(label, "failed", NULL, NULL, NULL);
        return;
    }
    char what[112], pv[32], rv[32], ratio[32], target[96];
    snprintf(what, sizeof what, "%s, wall", label);
    snprintf(pv, sizeof pv, "%.1f s", wall);
    snprintf(rv, sizeof rv, "%.3f s", f_wall);
    snprintf(ratio, sizeof ratio, "%.0fx", wall / f_wall);
    snprintf(target, sizeof target, "shared machine: cores used %.2f of 2", cpu / wall);
    bench_row(what, pv, rv, ratio, target);
    snprintf(what, sizeof what, "%s, CPU / 2 (2 free cores)", label);
    snprintf(pv, sizeof pv, "%.2f s", cpu / 2.0);
    snprintf(rv, sizeof rv, "%.3f s CPU", f_cpu);
    snprintf(ratio, sizeof ratio, "%.0fx", cpu / 2.0 / f_cpu);
    if (target_ratio > 0)
        snprintf(target, sizeof target, "<= %.0fx: %.2f of target, %s", target_ratio,
                 cpu / 2.0 / f_cpu / target_ratio,
                 cpu / 2.0 / f_cpu <= target_ratio ? "met" : "MISSED");
    else
        snprintf(target, sizeof target, "< %.0f s: %.2f of target, %s", target_seconds,
                 cpu / 2.0 / target_seconds, cpu / 2.0 < target_seconds ? "met" : "MISSED");
    bench_row(what, pv, rv, ratio, target);
}

/* One forecast of FILE: median wall and CPU of reps processes, printed. */
static int one_forecast(const char *name, char *file, int reps, double *fw, double *fc) {
    char *fa[] = {"forecast", "-m", "spatial", "--sq-replicates", "0", file, NULL};
    char what[96], pv[32];
    if (median_run(fa, reps, fw, fc) != 0) {
        snprintf(what, sizeof what, "%s spatial forecast", name);
        bench_row(what, "failed", NULL, NULL, NULL);
        return -1;
    }
    snprintf(what, sizeof what, "%s spatial: one forecast, wall (median of %d)", name, reps);
    snprintf(pv, sizeof pv, "%.3f s", *fw);
    bench_row(what, pv, NULL, NULL, NULL);
    snprintf(what, sizeof what, "%s spatial: one forecast, CPU (median of %d)", name, reps);
    snprintf(pv, sizeof pv, "%.3f s", *fc);
    bench_row(what, pv, NULL, NULL, NULL);
    return 0;
}

static int timing(void) {
    if (find_cli() != 0) {
        fprintf(stderr, "bench_leverage: no parley program next to this one (%s)\n", cli);
        return 1;
    }
    char a080[512], a160[512];
    snprintf(a080, sizeof a080, "%s/ktab/dummyData-a080.csv", PARLEY_TEST_DATA);
    snprintf(a160, sizeof a160, "%s/ktab/dummyData-a160.csv", PARLEY_TEST_DATA);
    printf("parley: %s; load average at start %.2f (2 cores shared: wall times vary; the goals "
           "are judged on CPU / 2)\n",
           cli, load_average());
    bench_header();
    double fw = 0, fc = 0;
    if (one_forecast("a080", a080, 9, &fw, &fc) != 0)
        return 1;
    char *full[] = {"leverage", "-m", "spatial", "-j", "2", "-q", a080, NULL};
    leverage_rows("a080 leverage (561 forecasts)", full, fw, fc, 100, 0);
    char *top[] = {"leverage", "-m", "spatial", "-j", "2", "-q", "--top-actors", "10", a080, NULL};
    leverage_rows("a080 --top-actors 10 (211)", top, fw, fc, 100, 0);
    char *top5[] = {"leverage",     "-m", "spatial",  "-j",     "2",  "-q",
                    "--top-actors", "10", "--screen", "leaves", a080, NULL};
    leverage_rows("a080 --top-actors 10 --screen leaves (141)", top5, fw, fc, 100, 0);

    if (one_forecast("a160", a160, 5, &fw, &fc) != 0)
        return 1;
    char *t160[] = {"leverage",     "-m", "spatial",  "-j",     "2",  "-q",
                    "--top-actors", "10", "--screen", "leaves", a160, NULL};
    leverage_rows("a160 --top-actors 10 --screen leaves (221)", t160, fw, fc, 0, 120);
    char *f160[] = {"leverage", "-m", "spatial", "-j", "2", "-q", a160, NULL};
    leverage_rows("a160 leverage (1,121 forecasts)", f160, fw, fc, 0, 120);
    printf("load average at end %.2f\n", load_average());
    return 0;
}

/* -------------------------------------------------------- screen error */

static int has_suffix(const char *s, const char *suf) {
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* The actors' full-run scores: largest |effect| / width over their rows. */
static void scores(const parley_scenario *s, const parley_leverage *lev, double *out) {
    for (size_t a = 0; a < s->n_actors; ++a)
        out[a] = -1.0;
    for (size_t k = 0; k < lev->n_rows; ++k) {
        const parley_leverage_row *r = &lev->rows[k];
        const double key = fabs(r->effect) / (s->issues[r->issue].hi - s->issues[r->issue].lo);
        if (!isnan(key) && key > out[r->actor])
            out[r->actor] = key;
    }
}

static int same_row(const parley_leverage_row *a, const parley_leverage_row *b) {
    return a->actor == b->actor && a->issue == b->issue && a->model == b->model &&
           a->drop == b->drop && (a->drop || a->field == b->field) &&
           memcmp(&a->effect, &b->effect, sizeof a->effect) == 0;
}

/* Actors in order of score (descending; NaN last), ties by index. */
static void rank_by(const double *score, size_t n, size_t *order) {
    for (size_t a = 0; a < n; ++a)
        order[a] = a;
    for (size_t a = 1; a < n; ++a)
        for (size_t b = a; b > 0; --b) {
            const double x = isnan(score[order[b]]) ? -1.0 : score[order[b]],
                         y = isnan(score[order[b - 1]]) ? -1.0 : score[order[b - 1]];
            if (!(x > y))
                break;
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
}

/* One case: the full table, and for each K the screened table.  Every value
 * of a screened run is the full run's (same forecasts), and the full run
 * records the screening scores too, so the screened table is the full
 * one restricted to the K best-screened actors' rows and everyone's leave
 * rows; one real screened run (the smallest K) checks that here. */
static void screen_case(const char *path, int spatial_only) {
    parley_scenario s;
    parley_read_options ro;
    parley_read_options_init(&ro);
    parley_diags d;
    parley_diags_init(&d);
    if (parley_scenario_load(&s, path, PARLEY_FORMAT_UNKNOWN, &ro, &d) != PARLEY_OK) {
        printf("%s: cannot read\n", path);
        parley_diags_destroy(&d);
        return;
    }
    parley_diags_destroy(&d);
    parley_params params[8];
    size_t nm = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t && nm < 8; ++t)
        if (!spatial_only || strcmp((*t)->name, "spatial") == 0)
            parley_params_init(&params[nm++], *t);
    parley_leverage full;
    parley_leverage_options o;
    parley_leverage_options_init(&o);
    parley_error err;
    const double t0 = bench_now(), c0 = bench_cpu();
    if (parley_leverage_run(&full, &s, params, nm, &o, &err) != PARLEY_OK) {
        printf("%s: %s\n", path, err.message);
        goto out;
    }
    const double tf = bench_now() - t0, cf = bench_cpu() - c0;
    const size_t na = s.n_actors;
    double *sc = malloc(na * sizeof *sc), *leave = malloc(na * sizeof *leave);
    size_t *order = malloc(na * sizeof *order), *screened = malloc(na * sizeof *screened);
    unsigned char *in = malloc(na);
    scores(&s, &full, sc);
    rank_by(sc, na, order);
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    static const size_t ks[] = {3, 5, 10};
    /* screen 0: leaves and one position step (the library's scores of the
     * full run); screen 1: leaves only (the leave rows' keys) */
    for (size_t a = 0; a < na; ++a)
        leave[a] = NAN;
    for (size_t q = 0; q < full.n_rows; ++q) {
        const parley_leverage_row *r = &full.rows[q];
        const double key = fabs(r->effect) / (s.issues[r->issue].hi - s.issues[r->issue].lo);
        if (r->drop && !isnan(key) && !(key <= leave[r->actor]))
            leave[r->actor] = key;
    }
    for (int sk = 0; sk < 2; ++sk) {
        const int leaves_only = sk == 1;
        rank_by(leaves_only ? leave : full.screen, na, screened);
        o.screen = leaves_only ? PARLEY_LEVERAGE_SCREEN_LEAVES : PARLEY_LEVERAGE_SCREEN_DEFAULT;
        int checked = 0;
        for (size_t j = 0; j < 3; ++j) {
            const size_t k = ks[j];
            if (k >= na)
                continue;
            memset(in, 0, na);
            for (size_t r = 0; r < k; ++r)
                in[screened[r]] = 1;
            size_t hit = 0;
            for (size_t q = 0; q < k; ++q)
                hit += in[order[q]];
            /* leading rows of the full table that the screened one keeps */
            size_t exact = 0;
            while (exact < full.n_rows && (in[full.rows[exact].actor] || full.rows[exact].drop))
                ++exact;
            /* the error's size: the best actor left out against the weakest
             * kept, by their full-run scores (<= 1: none better was left out) */
            double left = 0.0, kept = HUGE_VAL;
            for (size_t a = 0; a < na; ++a) {
                if (in[a] && sc[a] < kept)
                    kept = sc[a];
                if (!in[a] && sc[a] > left)
                    left = sc[a];
            }
            parley_leverage_estimate est;
            o.top_actors = k;
            size_t nf = 0;
            if (parley_leverage_estimate_run(&s, params, nm, &o, &est, &err) == PARLEY_OK)
                nf = est.forecasts;
            if (!checked) { /* a real screened run gives the same table */
                parley_leverage scr;
                checked = 1;
                if (parley_leverage_run(&scr, &s, params, nm, &o, &err) != PARLEY_OK) {
                    printf("%s: %s\n", path, err.message);
                } else {
                    size_t r = 0, bad = scr.n_forecasts > nf;
                    for (size_t q = 0; q < full.n_rows && !bad; ++q)
                        if (in[full.rows[q].actor] || full.rows[q].drop)
                            bad = r >= scr.n_rows || !same_row(&scr.rows[r++], &full.rows[q]);
                    if (bad || r != scr.n_rows)
                        printf("%s: K = %zu: the screened run differs from the derivation\n", name,
                               k);
                    nf = scr.n_forecasts;
                    parley_leverage_destroy(&scr);
                }
            }
            char fc[48];
            snprintf(fc, sizeof fc, "%s%zu/%zu", checked == 1 ? "" : "<=", nf, full.n_forecasts);
            checked = 2;
            printf("%-32s %-6s %4zu %2zu %3zu  %2zu/%-2zu  %6zu %6zu  %13s %8.3f  %.1f/%.1f s\n",
                   name, leaves_only ? "leaves" : "l+p", na, nm, k, hit, k, exact, full.n_rows, fc,
                   kept > 0 ? left / kept : (left > 0 ? HUGE_VAL : 0.0), cf, tf);
            fflush(stdout);
        }
    }
    free(sc);
    free(leave);
    free(order);
    free(screened);
    free(in);
    parley_leverage_destroy(&full);
out:
    for (size_t m = 0; m < nm; ++m)
        parley_params_destroy(&params[m]);
    parley_scenario_destroy(&s);
}

static void screen_dir(const char *dir, const char *suffix, int spatial_only) {
    DIR *d = opendir(dir);
    if (!d)
        return;
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256)
        if (has_suffix(e->d_name, suffix) && e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    closedir(d);
    for (size_t a = 1; a < n; ++a) /* name order */
        for (size_t b = a; b > 0 && strcmp(names[b], names[b - 1]) < 0; --b) {
            char *t = names[b];
            names[b] = names[b - 1];
            names[b - 1] = t;
        }
    for (size_t k = 0; k < n; ++k) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        /* a160 and the wide 3Dim copies are left out: too slow, or the same case */
        if (!strstr(names[k], "a160") && !strstr(names[k], "no-final-comma"))
            screen_case(path, spatial_only);
        free(names[k]);
    }
}

static void screen_header(void) {
    printf("%-32s %-6s %4s %2s %3s  %5s  %6s %6s  %13s %8s  %s\n", "case", "screen", "actors",
           "models", "K", "recall", "exact", "rows", "forecasts", "left/kept",
           "full run: CPU/wall");
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--screen-error") == 0) {
        screen_header();
        if (argc > 2) {
            for (int k = 2; k < argc; ++k)
                screen_case(argv[k], strstr(argv[k], "ktab") != NULL);
            return 0;
        }
        screen_dir(PARLEY_TEST_DATA "/../../data/scenarios", ".json", 0);
        screen_dir(PARLEY_TEST_DATA "/../../data/cases", ".json", 0);
        screen_dir(PARLEY_TEST_DATA "/bdm", ".csv", 0);
        screen_dir(PARLEY_TEST_DATA "/decide", ".json", 0);
        screen_dir(PARLEY_TEST_DATA "/ktab", ".csv", 1);
        return 0;
    }
    if (argc > 1) {
        fprintf(stderr, "usage: bench_leverage [--screen-error [FILE...]]\n");
        return 2;
    }
    return timing();
}
