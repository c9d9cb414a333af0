/* Fans of trajectories over an ensemble (include/parley/fan.h).
 * SPDX-License-Identifier: MIT
 */
#include <parley/experts.h>
#include <parley/fan.h>
#include <parley/forecast.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

double parley_quantile_sorted(const double *x, size_t n, double p) {
    if (n == 1)
        return x[0];
    double h = (double)(n - 1) * p;
    double lo = floor(h);
    size_t k = (size_t)lo;
    if (k >= n - 1)
        return x[n - 1];
    return x[k] + (h - lo) * (x[k + 1] - x[k]);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void parley_fans_destroy(parley_fan *fans, size_t n) {
    for (size_t i = 0; fans && i < n; ++i) {
        free(fans[i].q05);
        free(fans[i].q50);
        free(fans[i].q95);
        memset(&fans[i], 0, sizeof fans[i]);
    }
}

/* Trajectories of one issue: count rows of max_rounds values (NaN = the
 * run did not reach that round), and how many rounds the longest run had. */
typedef struct track {
    double *v;
    size_t longest;
    uint64_t runs;
} track;

/* The fans of parley_ensemble_fans, or with ex of parley_ensemble_fans_experts
 * (s is then ex->aggregate and each replicate's table is drawn first). */
static parley_status fans_run(const parley_scenario *s, const parley_experts *ex,
                              parley_experts_draw mode, const parley_params *params,
                              const parley_perturbation *pert, uint64_t seed, uint64_t count,
                              parley_fan *fans, parley_error *err) {
    const size_t ni = s->n_issues;
    for (size_t i = 0; i < ni; ++i)
        memset(&fans[i], 0, sizeof fans[i]);
    if (count == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "fan: no replicate");
    /* the round limit is not known in general: grow rows as runs come */
    size_t width = 8;
    track *tr = calloc(ni, sizeof *tr);
    double *col = malloc(count * sizeof *col);
    parley_scenario w, drawn;
    memset(&w, 0, sizeof w);
    memset(&drawn, 0, sizeof drawn);
    parley_status st = (!tr || !col) ? PARLEY_ENOMEM : parley_scenario_copy(&w, s);
    if (st == PARLEY_OK && ex)
        st = parley_scenario_copy(&drawn, s);
    for (size_t i = 0; st == PARLEY_OK && i < ni; ++i) {
        if (!(tr[i].v = malloc(count * width * sizeof *tr[i].v))) {
            st = PARLEY_ENOMEM;
            break;
        }
        for (size_t q = 0; q < count * width; ++q)
            tr[i].v[q] = NAN;
    }
    if (st == PARLEY_ENOMEM)
        parley_error_set(err, st, NULL, 0, 0, "out of memory");
    for (uint64_t k = 0; st == PARLEY_OK && k < count; ++k) {
        const parley_scenario *base = s;
        if (ex) { /* as parley_ensemble_run_experts: draw the table, then perturb it */
            if ((st = parley_experts_draw_table(ex, mode, seed, k, &drawn, err)) != PARLEY_OK)
                break;
            base = &drawn;
        }
        if ((st = parley_ensemble_perturb(&w, base, pert, seed, k, NULL, err)) != PARLEY_OK)
            break;
        parley_forecast f;
        if ((st = parley_forecast_init_seeded(&f, &w, params, 1, 1, seed, k, err)) != PARLEY_OK)
            break;
        for (size_t i = 0; st == PARLEY_OK && i < ni; ++i) {
            const parley_run *run = parley_forecast_run(&f, i, 0);
            double *row;
            if (run->status != PARLEY_OK || run->n_rounds == 0) {
                row = tr[i].v + k * width;
                for (size_t r = 0; r < width; ++r)
                    row[r] = NAN;
                continue;
            }
            if (run->n_rounds > width) { /* widen every issue's rows */
                size_t nw = width;
                while (nw < run->n_rounds)
                    nw *= 2;
                for (size_t j = 0; j < ni && st == PARLEY_OK; ++j) {
                    double *g = malloc(count * nw * sizeof *g);
                    if (!g) {
                        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
                        break;
                    }
                    for (uint64_t q = 0; q < count; ++q)
                        for (size_t r = 0; r < nw; ++r)
                            g[q * nw + r] = r < width ? tr[j].v[q * width + r] : NAN;
                    free(tr[j].v);
                    tr[j].v = g;
                }
                width = nw;
                if (st != PARLEY_OK)
                    break;
            }
            row = tr[i].v + k * width;
            for (size_t r = 0; r < width; ++r)
                row[r] = r < run->n_rounds ? run->rounds[r].forecast : NAN;
            if (run->n_rounds > tr[i].longest)
                tr[i].longest = run->n_rounds;
            ++tr[i].runs;
        }
        parley_forecast_destroy(&f);
    }
    for (size_t i = 0; st == PARLEY_OK && i < ni; ++i) {
        parley_fan *fan = &fans[i];
        fan->n_runs = tr[i].runs;
        if (tr[i].runs == 0)
            continue;
        const size_t R = tr[i].longest;
        fan->q05 = malloc(R * sizeof *fan->q05);
        fan->q50 = malloc(R * sizeof *fan->q50);
        fan->q95 = malloc(R * sizeof *fan->q95);
        if (!fan->q05 || !fan->q50 || !fan->q95) {
            st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        fan->n_rounds = R;
        for (size_t r = 0; r < R; ++r) {
            size_t n = 0;
            for (uint64_t k = 0; k < count; ++k) {
                const double *row = tr[i].v + k * width;
                if (isnan(row[0]))
                    continue; /* the model did not run */
                size_t last = 0;
                while (last + 1 < width && !isnan(row[last + 1]))
                    ++last;
                col[n++] = row[r <= last ? r : last];
            }
            qsort(col, n, sizeof *col, cmp_double);
            fan->q05[r] = parley_quantile_sorted(col, n, 0.05);
            fan->q50[r] = parley_quantile_sorted(col, n, 0.50);
            fan->q95[r] = parley_quantile_sorted(col, n, 0.95);
        }
    }
    if (st != PARLEY_OK)
        parley_fans_destroy(fans, ni);
    for (size_t i = 0; tr && i < ni; ++i)
        free(tr[i].v);
    free(tr);
    free(col);
    parley_scenario_destroy(&w);
    parley_scenario_destroy(&drawn);
    return st;
}

parley_status parley_ensemble_fans(const parley_scenario *s, const parley_params *params,
                                   const parley_perturbation *pert, uint64_t seed, uint64_t count,
                                   parley_fan *fans, parley_error *err) {
    return fans_run(s, NULL, PARLEY_EXPERTS_DRAW_CELL, params, pert, seed, count, fans, err);
}

parley_status parley_ensemble_fans_experts(const parley_experts *ex, parley_experts_draw mode,
                                           const parley_params *params,
                                           const parley_perturbation *pert, uint64_t seed,
                                           uint64_t count, parley_fan *fans, parley_error *err) {
    if (ex->n_experts == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no expert coding given");
    return fans_run(&ex->aggregate, ex, mode, params, pert, seed, count, fans, err);
}
