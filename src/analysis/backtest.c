/* parley: backtests, scoring the models against observed outcomes
 * (include/parley/backtest.h, docs/backtest-json.md).
 * SPDX-License-Identifier: MIT
 */
#include <parley/backtest.h>
#include <parley/number.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

void parley_backtest_options_init(parley_backtest_options *o) {
    if (o)
        memset(o, 0, sizeof *o);
}

double parley_backtest_error(double x, double y, double lo, double hi) {
    return 100.0 * (x - y) / (hi - lo);
}

void parley_backtest_destroy(parley_backtest *bt) {
    if (!bt)
        return;
    for (size_t m = 0; bt->model_names && m < bt->n_models; ++m)
        free(bt->model_names[m]);
    for (size_t c = 0; bt->case_names && c < bt->n_cases; ++c)
        free(bt->case_names[c]);
    for (size_t k = 0; bt->issues && k < bt->n_issues; ++k) {
        free(bt->issues[k].name);
        free(bt->issues[k].forecast);
        free(bt->issues[k].q);
    }
    free(bt->model_names);
    free(bt->case_names);
    free(bt->issues);
    free(bt->pooled);
    free(bt->per_case);
    memset(bt, 0, sizeof *bt);
}

void parley_backtest_score_column(const parley_backtest *bt, size_t m, size_t case_index,
                                  parley_backtest_score *out) {
    double sum_abs = 0, sum_sq = 0, sum = 0;
    size_t n = 0, within = 0, n_cal = 0, in50 = 0, in90 = 0;
    for (size_t k = 0; k < bt->n_issues; ++k) {
        const parley_backtest_issue *is = &bt->issues[k];
        if (case_index != PARLEY_BACKTEST_ALL && is->case_index != case_index)
            continue;
        double x = is->forecast[m];
        if (isnan(x))
            continue;
        double e = parley_backtest_error(x, is->outcome, is->lo, is->hi);
        sum_abs += fabs(e);
        sum_sq += e * e;
        sum += e;
        within += fabs(e) <= 10.0;
        ++n;
        if (is->q && !isnan(is->q[m * 4])) {
            const double *q = &is->q[m * 4];
            ++n_cal;
            in50 += is->outcome >= q[1] && is->outcome <= q[2];
            in90 += is->outcome >= q[0] && is->outcome <= q[3];
        }
    }
    out->n = n;
    out->mae = n ? sum_abs / (double)n : NAN;
    out->rmse = n ? sqrt(sum_sq / (double)n) : NAN;
    out->bias = n ? sum / (double)n : NAN;
    out->within10 = n ? (double)within / (double)n : NAN;
    out->n_calibrated = n_cal;
    out->cover50 = n_cal ? (double)in50 / (double)n_cal : NAN;
    out->cover90 = n_cal ? (double)in90 / (double)n_cal : NAN;
}

static char *dup_text(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Runs the ensemble on case c and stores the quantiles of every model on its scored issues. */
static parley_status calibrate(parley_backtest *bt, const parley_scenario *s, size_t c,
                               size_t first_issue, const parley_params *params, size_t n_models,
                               const parley_backtest_options *opts, parley_error *err) {
    parley_perturbation def;
    parley_perturbation_default(&def);
    if (opts->noise > 0) /* the position part: checked in [0, 1] */
        def.noise[PARLEY_FIELD_POSITION] = (parley_noise){PARLEY_NOISE_NORMAL, opts->noise};
    const parley_perturbation *pert = opts->perturbation ? opts->perturbation : &def;
    parley_ensemble_summary sum;
    parley_status st = parley_ensemble_summary_init(&sum, s, n_models, 10);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    parley_ensemble_options eo;
    parley_ensemble_options_init(&eo);
    eo.seed = opts->seed;
    eo.count = opts->ensemble;
    eo.threads = opts->threads;
    st = parley_ensemble_run(s, params, n_models, pert, &eo, &sum, err);
    for (size_t k = first_issue;
         st == PARLEY_OK && k < bt->n_issues && bt->issues[k].case_index == c; ++k) {
        parley_backtest_issue *is = &bt->issues[k];
        for (size_t m = 0; m < bt->n_models; ++m) {
            double *q = &is->q[m * 4];
            q[0] = q[1] = q[2] = q[3] = NAN;
            if (m >= n_models)
                continue; /* the extra model and the baselines */
            parley_ensemble_stats es;
            parley_ensemble_stats_get(&sum, is->issue, m, &es);
            if (es.n == 0)
                continue;
            q[0] = es.q[0];
            q[1] = es.q[1];
            q[2] = es.q[3];
            q[3] = es.q[4];
        }
    }
    parley_ensemble_summary_destroy(&sum);
    return st;
}

/* Allocates the columns and names; returns PARLEY_OK or PARLEY_ENOMEM. */
static parley_status columns(parley_backtest *bt, const parley_scenario *const *cases,
                             const char *const *names, size_t n_cases, const parley_params *params,
                             size_t n_models, const parley_backtest_options *opts) {
    int extra = opts->extra != NULL;
    bt->n_baselines = 2;
    bt->n_models = n_models + (size_t)extra + bt->n_baselines;
    bt->model_names = calloc(bt->n_models, sizeof *bt->model_names);
    bt->case_names = calloc(n_cases, sizeof *bt->case_names);
    bt->pooled = calloc(bt->n_models, sizeof *bt->pooled);
    bt->per_case = calloc(n_cases * bt->n_models, sizeof *bt->per_case);
    if (!bt->model_names || !bt->case_names || !bt->pooled || !bt->per_case)
        return PARLEY_ENOMEM;
    bt->n_cases = n_cases;
    for (size_t m = 0; m < bt->n_models; ++m) {
        const char *name = m < n_models ? params[m].type->name
                           : extra && m == n_models
                               ? (opts->extra_name ? opts->extra_name : "extra")
                           : m + 2 == bt->n_models ? "status_quo"
                                                   : "midpoint";
        if (!(bt->model_names[m] = dup_text(name)))
            return PARLEY_ENOMEM;
    }
    for (size_t c = 0; c < n_cases; ++c) {
        const char *name = names && names[c] ? names[c] : cases[c]->name ? cases[c]->name : "";
        if (!(bt->case_names[c] = dup_text(name)))
            return PARLEY_ENOMEM;
    }
    size_t total = 0;
    for (size_t c = 0; c < n_cases; ++c)
        total += parley_scenario_outcome_count(cases[c]);
    bt->issues = calloc(total ? total : 1, sizeof *bt->issues);
    return bt->issues ? PARLEY_OK : PARLEY_ENOMEM;
}

/* The status-quo rule (combine.h) on the scored issues of the case just
 * forecast (rows first.. of its case): p_sq per row. */
static parley_status status_quo_rule(parley_backtest *bt, const parley_forecast *f, size_t first,
                                     const parley_backtest_options *opts, parley_error *err) {
    parley_combine_options co;
    parley_combine_options_init(&co);
    co.sq_replicates = opts->sq_replicates;
    co.seed = opts->seed;
    parley_combined c;
    parley_status st = parley_combined_init(&c, f, &co, err);
    if (st != PARLEY_OK)
        return st;
    for (size_t k = first; k < bt->n_issues; ++k) {
        parley_backtest_issue *row = &bt->issues[k];
        if (row->issue < c.n_issues && c.issues[row->issue].has_sq && row->sq_held >= 0)
            row->p_sq = c.issues[row->issue].p_sq;
    }
    parley_combined_destroy(&c);
    return PARLEY_OK;
}

/* Brier score of the rule and of the constant-rate baseline (leave one case
 * out) over the rows with a probability; n_sq = 0 and NaN when none. */
static parley_status score_status_quo_rule(parley_backtest *bt) {
    size_t n = 0;
    for (size_t k = 0; k < bt->n_issues; ++k)
        n += isnan(bt->issues[k].p_sq) ? 0u : 1u;
    bt->n_sq = n;
    if (n == 0)
        return PARLEY_OK;
    double *p = malloc(n * sizeof *p);
    int *o = malloc(n * sizeof *o);
    size_t *cs = malloc(n * sizeof *cs);
    if (!p || !o || !cs) {
        free(p);
        free(o);
        free(cs);
        return PARLEY_ENOMEM;
    }
    size_t j = 0;
    for (size_t k = 0; k < bt->n_issues; ++k)
        if (!isnan(bt->issues[k].p_sq)) {
            p[j] = bt->issues[k].p_sq;
            o[j] = bt->issues[k].sq_held;
            cs[j++] = bt->issues[k].case_index;
        }
    if (parley_brier_score(n, p, o, &bt->brier, NULL, NULL) != PARLEY_OK)
        bt->brier = NAN;
    if (parley_brier_baseline_loco(n, o, cs, &bt->brier_baseline, NULL) != PARLEY_OK)
        bt->brier_baseline = NAN;
    free(p);
    free(o);
    free(cs);
    return PARLEY_OK;
}

size_t parley_backtest_paired_mae(const parley_backtest *bt, size_t m, size_t base, double *mae_m,
                                  double *mae_base) {
    size_t n = 0;
    double sm = 0, sb = 0;
    for (size_t k = 0; k < bt->n_issues; ++k) {
        const parley_backtest_issue *is = &bt->issues[k];
        if (isnan(is->forecast[m]) || isnan(is->forecast[base]))
            continue;
        sm += fabs(parley_backtest_error(is->forecast[m], is->outcome, is->lo, is->hi));
        sb += fabs(parley_backtest_error(is->forecast[base], is->outcome, is->lo, is->hi));
        ++n;
    }
    *mae_m = n ? sm / (double)n : NAN;
    *mae_base = n ? sb / (double)n : NAN;
    return n;
}

int parley_backtest_combined_score(const parley_backtest *bt, parley_combined_score *sc) {
    memset(sc, 0, sizeof *sc);
    sc->mae = sc->best_model_mae = sc->status_quo_mae = sc->combined_on_sq_mae = sc->midpoint_mae =
        NAN;
    size_t comb = bt->n_models, n_plain = bt->n_models - bt->n_baselines;
    for (size_t m = 0; m < n_plain; ++m)
        if (strcmp(bt->model_names[m], "combined") == 0)
            comb = m;
    if (comb == bt->n_models || bt->pooled[comb].n == 0)
        return 0;
    sc->scored = 1;
    sc->n = bt->pooled[comb].n;
    sc->mae = bt->pooled[comb].mae;
    for (size_t m = 0; m < n_plain; ++m)
        if (m != comb && bt->pooled[m].n >= sc->n &&
            (isnan(sc->best_model_mae) || bt->pooled[m].mae < sc->best_model_mae)) {
            sc->best_model_mae = bt->pooled[m].mae;
            sc->best_model = bt->model_names[m];
        }
    size_t sq = bt->n_models - 2, mid = bt->n_models - 1;
    sc->midpoint_mae = bt->pooled[mid].mae;
    sc->n_sq =
        parley_backtest_paired_mae(bt, comb, sq, &sc->combined_on_sq_mae, &sc->status_quo_mae);
    sc->n_brier = bt->n_sq;
    sc->brier = bt->brier;
    sc->brier_baseline = bt->brier_baseline;
    parley_combined_beats_all(sc);
    return 1;
}

parley_status parley_backtest_run(parley_backtest *bt, const parley_scenario *const *cases,
                                  const char *const *names, size_t n_cases,
                                  const parley_params *params, size_t n_models,
                                  const parley_backtest_options *opts, parley_error *err) {
    if (!bt)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no result given");
    memset(bt, 0, sizeof *bt);
    parley_backtest_options defaults;
    parley_backtest_options_init(&defaults);
    if (!opts)
        opts = &defaults;
    if (!cases || n_cases == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no case to backtest");
    if (!params || n_models == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no model selected");
    if (!(opts->noise >= 0 && opts->noise <= 1)) { /* NaN too */
        char v[PARLEY_NUMBER_BUF];
        parley_number_format(opts->noise, v);
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "noise must be from 0 (the default, %g) to 1, not %s",
                                PARLEY_DEFAULT_NOISE_POSITION, v);
    }
    size_t with_outcomes = 0;
    for (size_t c = 0; c < n_cases; ++c)
        with_outcomes += parley_scenario_outcome_count(cases[c]) > 0;
    if (with_outcomes == 0)
        return parley_error_set(
            err, PARLEY_EDATA, NULL, 0, 0,
            "no case has an observed outcome (nothing to score; see --outcomes)");
    if (columns(bt, cases, names, n_cases, params, n_models, opts) != PARLEY_OK)
        goto nomem;
    bt->calibrated = opts->ensemble > 0;
    bt->ensemble = opts->ensemble;
    size_t extra_col = n_models, sq_col = bt->n_models - 2, mid_col = bt->n_models - 1;
    for (size_t c = 0; c < n_cases; ++c) {
        const parley_scenario *s = cases[c];
        if (parley_scenario_outcome_count(s) == 0)
            continue;
        parley_forecast f;
        parley_status st =
            parley_forecast_init_seeded(&f, s, params, n_models, 0, opts->seed, 0, err);
        if (st != PARLEY_OK) {
            parley_backtest_destroy(bt);
            return st;
        }
        double *extra = NULL;
        if (opts->extra) {
            extra = malloc(s->n_issues * sizeof *extra);
            if (!extra) {
                parley_forecast_destroy(&f);
                goto nomem;
            }
            for (size_t i = 0; i < s->n_issues; ++i)
                extra[i] = NAN;
            st = opts->extra(opts->extra_data, cases, n_cases, c, &f, extra, err);
            if (st != PARLEY_OK) {
                free(extra);
                parley_forecast_destroy(&f);
                parley_backtest_destroy(bt);
                return st;
            }
        }
        size_t first = bt->n_issues;
        for (size_t i = 0; i < s->n_issues; ++i) {
            const parley_issue *is = &s->issues[i];
            if (!is->outcome.has_value)
                continue;
            parley_backtest_issue *row = &bt->issues[bt->n_issues++];
            row->case_index = c;
            row->issue = i;
            row->outcome = is->outcome.value;
            row->lo = is->lo;
            row->hi = is->hi;
            row->name = dup_text(is->name ? is->name : "");
            row->forecast = malloc(bt->n_models * sizeof *row->forecast);
            if (bt->calibrated)
                row->q = malloc(bt->n_models * 4 * sizeof *row->q);
            if (!row->name || !row->forecast || (bt->calibrated && !row->q)) {
                free(extra);
                parley_forecast_destroy(&f);
                goto nomem;
            }
            for (size_t m = 0; m < n_models; ++m) {
                const parley_run *run = parley_forecast_run(&f, i, m);
                row->forecast[m] = run->status == PARLEY_OK ? run->outcome.forecast : NAN;
            }
            if (extra)
                row->forecast[extra_col] = extra[i];
            row->forecast[sq_col] = is->has_status_quo ? is->status_quo : NAN;
            row->p_sq = NAN;
            row->sq_held = is->has_status_quo ? fabs(is->outcome.value - is->status_quo) <=
                                                    PARLEY_SQ_MARGIN_SHARE * (is->hi - is->lo)
                                              : -1;
            row->forecast[mid_col] = (is->lo + is->hi) / 2.0;
        }
        free(extra);
        if (opts->sq_replicates > 0) {
            st = status_quo_rule(bt, &f, first, opts, err);
            if (st != PARLEY_OK) {
                parley_forecast_destroy(&f);
                parley_backtest_destroy(bt);
                return st;
            }
        }
        parley_forecast_destroy(&f);
        if (bt->calibrated) {
            st = calibrate(bt, s, c, first, params, n_models, opts, err);
            if (st != PARLEY_OK) {
                parley_backtest_destroy(bt);
                return st;
            }
        }
    }
    bt->brier = bt->brier_baseline = NAN;
    if (opts->sq_replicates > 0 && score_status_quo_rule(bt) != PARLEY_OK)
        goto nomem;
    for (size_t m = 0; m < bt->n_models; ++m) {
        parley_backtest_score_column(bt, m, PARLEY_BACKTEST_ALL, &bt->pooled[m]);
        for (size_t c = 0; c < n_cases; ++c)
            parley_backtest_score_column(bt, m, c, &bt->per_case[c * bt->n_models + m]);
    }
    return PARLEY_OK;
nomem:
    parley_backtest_destroy(bt);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
}

parley_status parley_backtest_extra_combined(void *data, const parley_scenario *const *cases,
                                             size_t n_cases, size_t index, const parley_forecast *f,
                                             double *out, parley_error *err) {
    (void)data;
    (void)n_cases;
    parley_combine_options co;
    parley_combine_options_init(&co);
    co.sq_replicates = 0; /* only the combined value is scored */
    parley_combined c;
    parley_status st = parley_combined_init(&c, f, &co, err);
    if (st != PARLEY_OK)
        return st;
    for (size_t i = 0; i < cases[index]->n_issues && i < c.n_issues; ++i)
        if (c.issues[i].status == PARLEY_OK)
            out[i] = c.issues[i].value;
    parley_combined_destroy(&c);
    return PARLEY_OK;
}
