/* parley: backtests -- how far each model's forecasts were from the
 * outcomes that were observed.
 *
 * A backtest runs the selected models on every case (a scenario whose
 * issues carry observed outcomes, parley_observed_outcome) and scores each
 * forecast against its outcome.  Errors are normalised to 0-100 of each
 * issue's scale, e = 100 (forecast - outcome) / (hi - lo), so that issues
 * on different scales pool.  Per model, pooled over every scored issue and
 * per case:
 *   MAE  = mean |e|,  RMSE = sqrt(mean e^2),  bias = mean e (positive: the
 *   model forecast too high),  within10 = share of issues with |e| <= 10,
 *   n = issues scored,
 * the measures the DEU studies use to score bargaining models against
 * outcomes (Thomson, Stokman, Achen & Koenig 2006, The European Union
 * Decides, ch. 10: mean absolute error on 0-100 issue scales).  Two
 * baselines are always scored beside the models: "status_quo" (the issue's
 * status quo, on issues that have one) and "midpoint" ((lo + hi) / 2).
 *
 * With an ensemble (parley_backtest_options.ensemble > 0) each model is also
 * run on perturbed copies of every case (parley_ensemble_run) and its
 * calibration is the share of outcomes inside the model's central 50 %
 * interval [q25, q75] and 90 % interval [q5, q95] of the ensemble
 * forecasts (both ends included).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_BACKTEST_H
#define PARLEY_BACKTEST_H

#include <stddef.h>
#include <stdint.h>

#include "combine.h"
#include "ensemble.h"
#include "forecast.h"
#include "model.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An extra forecaster scored as one more model (e.g. the combined
 * forecast).  Called once per case, after the models ran on it: cases[0..
 * n_cases) are every case of the backtest (so that a forecaster fitted on
 * the library can leave case `index` out), f the forecast of the selected
 * models on cases[index].  Writes one forecast per issue of cases[index]
 * into out (issue scale; NaN = none).  Returns PARLEY_OK or an error (the
 * backtest then fails with it). */
typedef parley_status (*parley_backtest_extra_fn)(void *data, const parley_scenario *const *cases,
                                                  size_t n_cases, size_t index,
                                                  const parley_forecast *f, double *out,
                                                  parley_error *err);

/** How to run a backtest. */
typedef struct parley_backtest_options {
    uint64_t ensemble; /**< replicates per case for calibration; 0 = none */
    uint64_t seed;     /**< seed of the models and of the ensemble */
    /** The ensemble's perturbation; NULL = parley_perturbation_default (that
     * of `parley ensemble`: positions, saliences and capabilities) with the
     * position noise of `noise`. */
    const parley_perturbation *perturbation;
    int threads;                    /**< ensemble threads; 0 = OpenMP default */
    parley_backtest_extra_fn extra; /**< NULL = none */
    void *extra_data;
    const char *extra_name; /**< the extra model's name, e.g. "combined" */
    /** Replicates of the status-quo rule (parley_combined_init, combine.h)
     * on every issue with a status quo and an outcome; 0 = not scored. */
    size_t sq_replicates;
    /** The ensemble's position noise when perturbation is NULL (`parley
     * backtest --noise F`): normal with standard deviation noise x the
     * scale width, in [0, 1]; 0 = PARLEY_DEFAULT_NOISE_POSITION (0.05).
     * Checked (parley_backtest_run) even when perturbation is given, which
     * it then leaves alone. */
    double noise;
} parley_backtest_options;

/** Zeroes o: no ensemble, seed 0, no extra model, the default
 * perturbation (noise 0). */
void parley_backtest_options_init(parley_backtest_options *o);

/** The scores of one model (or baseline) over a set of issues.  Errors are
 * on 0-100 of the issue scale; NaN when n = 0. */
typedef struct parley_backtest_score {
    double mae, rmse, bias; /**< mean |e|, sqrt(mean e^2), mean e */
    double within10;        /**< share (0-1) of issues with |e| <= 10 */
    size_t n;               /**< issues scored */
    /* calibration (NaN without an ensemble, and for the baselines) */
    double cover50, cover90; /**< share (0-1) of outcomes inside the 50 % and 90 % intervals */
    size_t n_calibrated;     /**< issues where the ensemble had forecasts */
} parley_backtest_score;

/** One scored issue. */
typedef struct parley_backtest_issue {
    size_t case_index; /**< which case */
    size_t issue;      /**< issue index in that case's scenario */
    char *name;        /**< the issue's name (a copy) */
    double outcome;    /**< observed outcome, issue scale */
    double lo, hi;     /**< issue scale bounds */
    double *forecast;  /**< n_models forecasts on the issue scale (NaN = none) */
    double *q;         /**< n_models x 4 ensemble quantiles q5, q25, q75, q95, or NULL */
    /** Probability that the status quo holds (the status-quo rule of
     * combine.h), 0-1; NaN without a status quo or without the rule. */
    double p_sq;
    /** The event the rule forecasts, observed: 1 when the outcome lies within
     * PARLEY_SQ_MARGIN_SHARE x (hi - lo) of the status quo, 0 when not, -1
     * without a status quo. */
    int sq_held;
} parley_backtest_issue;

/** A backtest's results.  Columns ("models") are the selected models in
 * order, then the extra model if any, then the baselines "status_quo" and
 * "midpoint". */
typedef struct parley_backtest {
    size_t n_models;
    char **model_names; /**< n_models names */
    size_t n_baselines; /**< the last n_baselines columns are baselines (2) */
    size_t n_cases;
    char **case_names; /**< n_cases names (copies) */
    size_t n_issues;   /**< scored issues (those with an outcome) */
    parley_backtest_issue *issues;
    parley_backtest_score *pooled;   /**< n_models: over every scored issue */
    parley_backtest_score *per_case; /**< n_cases x n_models, row-major */
    int calibrated;                  /**< 1 if an ensemble was run */
    uint64_t ensemble;               /**< its replicates per case */
    /* The status-quo rule, scored (NaN and 0 when not run): the Brier score
     * of p_sq against sq_held over the n_sq issues with both, and that of a
     * constant rate fitted leave one case out (parley_brier_baseline_loco). */
    size_t n_sq;
    double brier, brier_baseline;
} parley_backtest;

/** Runs the models params[0..n_models) on every case and scores them.
 * cases[k] is named names[k] (copied; NULL = the scenario's name); a case
 * contributes the issues that have an observed outcome (a case without any
 * contributes none and is still listed).  The models run as
 * parley_forecast_init_seeded with opts->seed.  bt is initialised (destroy
 * it with parley_backtest_destroy, also on error).
 * Errors: PARLEY_EINVAL (no case, no model, a NULL argument, opts->noise
 * not in [0, 1]: "noise must be from 0 (the default, 0.05) to 1, not X"), PARLEY_EDATA
 * (no case has an outcome; the message says so), PARLEY_ENOMEM, and those
 * of the extra forecaster and of parley_ensemble_run. */
parley_status parley_backtest_run(parley_backtest *bt, const parley_scenario *const *cases,
                                  const char *const *names, size_t n_cases,
                                  const parley_params *params, size_t n_models,
                                  const parley_backtest_options *opts, parley_error *err);

/** Releases everything bt owns; bt may be zero-initialised; safe twice. */
void parley_backtest_destroy(parley_backtest *bt);

/** The normalised error of forecast x against the outcome y on scale
 * [lo, hi]: 100 (x - y) / (hi - lo). */
double parley_backtest_error(double x, double y, double lo, double hi);

/** Scores column m of bt over the issues of case case_index_or_all
 * (PARLEY_BACKTEST_ALL = every case) into *out; this is how pooled and
 * per_case are filled. */
void parley_backtest_score_column(const parley_backtest *bt, size_t m, size_t case_index_or_all,
                                  parley_backtest_score *out);

/** The MAE (0-100 of each scale) of columns m and base of bt over the
 * issues where both have a forecast, into *mae_m and *mae_base (NaN when
 * none); returns that count.  How the verdicts compare a model with a
 * baseline on the same issues (the status quo exists on some issues only,
 * a model may not run on all). */
size_t parley_backtest_paired_mae(const parley_backtest *bt, size_t m, size_t base, double *mae_m,
                                  double *mae_base);

/** Fills sc with how the column named "combined" did in bt (sc->scored = 0
 * when bt has no such column): its pooled MAE and n; the best single
 * model's pooled MAE among the models (not the baselines) that scored at
 * least as many issues as the combined forecast; the midpoint baseline's
 * pooled MAE; and the status-quo baseline's MAE on the issues that have a
 * status quo, with the combined forecast's MAE on those same issues
 * (status_quo_mae, combined_on_sq_mae, n_sq).  Then sets sc->beats_all
 * (parley_combined_beats_all).  Returns sc->scored. */
int parley_backtest_combined_score(const parley_backtest *bt, parley_combined_score *sc);

/** A parley_backtest_extra_fn that scores the combined forecast
 * (parley_combined_init with the default method, the median of the models
 * that ran; include/parley/combine.h) as the extra model "combined": out[i]
 * is the combined value of issue i where it has one.  The median never
 * looks at an outcome, so a case's combined forecast cannot use its own
 * outcome (leave-one-case-out holds trivially).  data is unused (NULL).
 * Errors: those of parley_combined_init. */
parley_status parley_backtest_extra_combined(void *data, const parley_scenario *const *cases,
                                             size_t n_cases, size_t index, const parley_forecast *f,
                                             double *out, parley_error *err);

/** case_index_or_all value meaning every case. */
#define PARLEY_BACKTEST_ALL ((size_t)-1)

#ifdef __cplusplus
}
#endif
#endif
