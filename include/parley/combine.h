/* parley: the combined forecast, the agreement band and the probability
 * that the status quo holds (issue 12, docs/combine.md).
 *
 * Combining: per issue, the models that ran are combined either by their
 * median (the default) or by a weighted mean with inverse-MAE weights
 * w_m = 1 / (MAE_m + 1), MAE_m the model's mean absolute error on the case
 * library on a 0-100 scale, fitted leave-one-case-out: the weights used for
 * a library case never see that case's outcomes.  Combining forecasts
 * follows Bates & Granger (1969), "The combination of forecasts",
 * Operational Research Quarterly 20:451-468; combining methods on
 * negotiations: Sprinz et al. (2016); MAE against outcomes: Thomson et al.
 * (2006), The European Union Decides, CUP.
 *
 * Agreement band: every model's forecast, the spread (max - min) and the
 * outliers: models farther from the median of the models than
 * max(10 % of the scale width, 2 x MAD), MAD the median absolute deviation
 * from that median.
 *
 * Status quo holds: the share of seeded, perturbed replicates of the
 * scenario (parley_ensemble_perturb) in which the Nash bargaining solution
 * with the status quo as disagreement point lands within 10 % of the scale
 * width of the status quo (which includes F = {q}, where no agreement is
 * better than the status quo for every actor).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_COMBINE_H
#define PARLEY_COMBINE_H

#include <stddef.h>
#include <stdint.h>

#include "ensemble.h"
#include "forecast.h"
#include "buf.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How the models are combined. */
typedef enum parley_combine_method {
    PARLEY_COMBINE_MEDIAN = 0, /**< median of the models that ran (default) */
    PARLEY_COMBINE_INVERSE_MAE =
        1 /**< weighted mean, w = 1 / (MAE + 1), fitted leave-one-case-out */
} parley_combine_method;

/** Short name of a method: "median", "inverse-mae". */
const char *parley_combine_method_name(parley_combine_method m);

/** The outlier margin as a share of the scale width (10 %). */
#define PARLEY_COMBINE_OUTLIER_SHARE 0.10
/** The status-quo margin as a share of the scale width (10 %). */
#define PARLEY_SQ_MARGIN_SHARE 0.10
/** Default number of perturbed replicates of the status-quo rule. */
#define PARLEY_SQ_REPLICATES 200

/** Median of the finite values of x[0..n) (NaN entries are skipped; the
 * mean of the two middle values for an even count).
 * Errors: PARLEY_EDOMAIN (no finite value), PARLEY_ENOMEM. */
parley_status parley_combine_median(size_t n, const double *x, double *out, parley_error *err);

/** Weighted mean sum(w_m x_m) / sum(w_m) over the models with a finite x_m
 * and w_m > 0.  x, w: n values (forecasts on the issue scale; weights >= 0).
 * Errors: PARLEY_EDOMAIN (no model with a finite forecast and positive weight). */
parley_status parley_combine_weighted(size_t n, const double *x, const double *w, double *out,
                                      parley_error *err);

/** Fits inverse-MAE weights leaving one case out.
 *
 * abs_err: n_rows x n_models row-major absolute errors on a 0-100 scale
 * (|forecast - outcome| / (hi - lo) x 100), NaN where the model did not run;
 * a row is one scored issue.  case_of_row: n_rows case indices (NULL: row r
 * is case r).  Rows of case `exclude` are left out (pass (size_t)-1 to use
 * every row).  weights: n_models values receiving
 *     w_m = (1 / (MAE_m + 1)) / sum_k (1 / (MAE_k + 1)),
 * MAE_m the mean of model m's finite errors over the rows kept; a model with
 * no such row gets weight 0.  The +1 (one point on the 0-100 scale) keeps a
 * perfect model from taking all the weight.  When no model has a row, every
 * model gets 1 / n_models.
 * Errors: PARLEY_EINVAL (n_models = 0, a negative error). */
parley_status parley_combine_fit_loco(size_t n_rows, size_t n_models, const double *abs_err,
                                      const size_t *case_of_row, size_t exclude, double *weights,
                                      parley_error *err);

/** The leave-one-case-out combined forecast of every row of a case library.
 *
 * forecast: n_rows x n_models forecasts on a 0-100 scale (NaN: the model
 * did not run); outcome: n_rows observed outcomes on the same scale;
 * case_of_row: as in parley_combine_fit_loco (NULL: row = case).
 * combined: n_rows values receiving the combined forecast of each row, whose
 * weights (method PARLEY_COMBINE_INVERSE_MAE) are fitted on every case but
 * the row's own; PARLEY_COMBINE_MEDIAN ignores the outcomes.  NaN for a row
 * where no model ran.  So a case's combined forecast never depends on its
 * own outcomes.  Errors: PARLEY_ENOMEM, PARLEY_EINVAL. */
parley_status parley_combine_library(size_t n_rows, size_t n_models, const double *forecast,
                                     const double *outcome, const size_t *case_of_row,
                                     parley_combine_method method, double *combined,
                                     parley_error *err);

/** The agreement band of one issue. */
typedef struct parley_agreement {
    size_t n;                /**< models that ran */
    double median;           /**< median of their forecasts, issue scale */
    double min, max;         /**< extremes, issue scale */
    double spread;           /**< max - min */
    double mad;              /**< median absolute deviation from the median */
    double threshold;        /**< outlier distance max(10 % width, 2 MAD) */
    double core_lo, core_hi; /**< range of the models that are not outliers */
    size_t n_outliers;
    double width; /**< the scale width the band was computed on */
} parley_agreement;

/** Share of the scale width above which models with no outlier among them
 * are said to disagree (parley_agreement_describe). */
#define PARLEY_COMBINE_DISAGREE_SHARE 0.20

/** Computes the agreement band of the forecasts x[0..n) (NaN = did not run)
 * on a scale of width `width` (> 0).  outlier: NULL or n flags receiving 1
 * for each outlier (0 also for models that did not run).
 * Errors: PARLEY_EDOMAIN (no finite forecast), PARLEY_EINVAL (width <= 0),
 * PARLEY_ENOMEM. */
parley_status parley_agreement_compute(size_t n, const double *x, double width, parley_agreement *a,
                                       unsigned char *outlier, parley_error *err);

/** Appends the band in words to out: "four of six models land between
 * 52.96 and 60.01; the nbs model says 27.02 and the exchange model says
 * 79.27", "all six models land between 45 and 55", "both models land at
 * 40", "only the eu model ran: 55"; with no outlier but a spread over
 * PARLEY_COMBINE_DISAGREE_SHARE of the width, "the models disagree: their
 * forecasts range from 33.83 to 75.92".  (At most half of the models can
 * be outliers, since at least half lie within one MAD of the median.)
 * x, outlier: as for
 * parley_agreement_compute; names: n model names.  Numbers as in the
 * tables (two decimals).  Errors: PARLEY_ENOMEM. */
parley_status parley_agreement_describe(const parley_agreement *a, size_t n, const double *x,
                                        const unsigned char *outlier, const char *const *names,
                                        parley_buf *out);

/** The probability that the status quo of issue i of s holds: the share of
 * replicates k = 0..replicates-1 (perturbed by parley_ensemble_perturb with
 * pert, seed) in which the Nash bargaining solution (parley_nbs_params_default:
 * capability weights, quadratic utility, the status quo as disagreement
 * point) lands within PARLEY_SQ_MARGIN_SHARE x (hi - lo) of the status quo.
 * Replicates where the NBS cannot run (every actor left) are not counted.
 * p: the probability (NaN when no replicate ran); ran: replicates counted
 * (may be NULL).  Errors: PARLEY_EDOMAIN (the issue has no status quo),
 * PARLEY_EINVAL (replicates = 0, i out of range, bad perturbation),
 * PARLEY_ENOMEM. */
parley_status parley_sq_holds(const parley_scenario *s, size_t i, const parley_perturbation *pert,
                              uint64_t seed, size_t replicates, double *p, size_t *ran,
                              parley_error *err);

/** The default perturbation of the status-quo rule (docs/combine.md):
 * positions normal with sd 5 % of the scale width, saliences normal with sd
 * 0.1, capabilities relative normal with sd 0.2, no actor leaves. */
void parley_sq_perturbation_default(parley_perturbation *p);

/** Brier score of probabilities p[0..n) (0-1) against binary outcomes
 * o[0..n) (0 or 1): (1/n) sum (p_k - o_k)^2 (Brier 1950, Monthly Weather
 * Review 78:1-3).  Pairs with a NaN p are skipped; *used (may be NULL)
 * receives the pairs counted.  Errors: PARLEY_EDOMAIN (no pair),
 * PARLEY_EINVAL (p outside [0, 1] or o not 0/1). */
parley_status parley_brier_score(size_t n, const double *p, const int *o, double *score,
                                 size_t *used, parley_error *err);

/** Brier score of the constant-rate baseline, leave one case out: pair k
 * gets the probability p_k = the share of o = 1 among the pairs of the other
 * cases (the status quo's base rate, never fitted on pair k's own case), and
 * the score is (1/m) sum (p_k - o_k)^2 over the m pairs with at least one
 * pair in another case.  o: n outcomes (0 or 1); case_of_row: n case
 * indices (NULL: pair k is case k).  Errors: PARLEY_EDOMAIN (no pair has
 * another case to learn from), PARLEY_EINVAL (o not 0/1). */
parley_status parley_brier_baseline_loco(size_t n, const int *o, const size_t *case_of_row,
                                         double *score, parley_error *err);

/** How the combined forecast did on the case library, filled by the
 * backtest (parley backtest); scored = 0 until then. */
typedef struct parley_combined_score {
    int scored;                /**< 1 when the fields below hold library results */
    size_t n;                  /**< scored issues */
    double mae;                /**< the combined forecast's MAE (0-100) */
    double best_model_mae;     /**< the best single model's MAE */
    const char *best_model;    /**< its name (borrowed) */
    double status_quo_mae;     /**< baseline: the status quo, on the n_sq issues that have one */
    double midpoint_mae;       /**< baseline: the scale midpoint */
    int beats_all;             /**< set by parley_combined_beats_all */
    double combined_on_sq_mae; /**< the combined forecast's MAE on the n_sq issues */
    size_t n_sq;               /**< issues with a status quo and an outcome */
    /** The status-quo rule on the library: Brier score over n_brier issues
     * and that of a constant rate fitted leave one case out (n_brier = 0:
     * not scored). */
    size_t n_brier;
    double brier, brier_baseline;
    /** With scored 0: "" when there was no case library to score on (no
     * directory: "Not yet scored"), else why the case library that exists
     * could not be read or backtested, in one line (e.g. "the case library
     * 'DIR' holds no *.json case", or a case's first error as
     * "FILE:LINE:COL: MESSAGE"); the forecast itself is good. */
    char unscored[PARLEY_ERROR_MSG_MAX];
} parley_combined_score;

/** Sets and returns sc->beats_all: 1 when sc->mae is below the best single
 * model's and the midpoint's MAE and, on the issues with a status quo,
 * sc->combined_on_sq_mae is below sc->status_quo_mae (a NaN baseline, e.g.
 * no status quo in the library, is not counted), 0 otherwise or when not
 * scored. */
int parley_combined_beats_all(parley_combined_score *sc);

/** Appends the verdict in words to out: the combined forecast's MAE, then
 * which yardsticks it beats and which it does not (the best single model,
 * the scale midpoint, the status quo on the issues that have one), and a
 * warning on fewer than 10 scored issues, e.g. "On the case library (28
 * issues) the combined forecast's MAE is 33. It does not beat the best
 * single model (mean, 27.8), the scale midpoint (25.83) or the status quo on
 * the 8 issues that have one (there the status quo scores 21.25, the
 * combined forecast 60.35)."; for an unscored sc, "Not yet scored against
 * the case library.", or with sc->unscored set "Not scored against the case
 * library: UNSCORED."  Errors: PARLEY_ENOMEM. */
parley_status parley_combined_verdict(const parley_combined_score *sc, parley_buf *out);

/** The combined forecast of one issue. */
typedef struct parley_combined_issue {
    parley_status status; /**< PARLEY_OK, or PARLEY_EDOMAIN when no model ran */
    double value;         /**< the combined forecast, issue scale */
    parley_agreement band;
    unsigned char *outlier; /**< n_models flags (owned) */
    char *sentence;         /**< the band in words (owned) */
    int has_sq;             /**< 1 when p_sq is computed (the issue has a status quo) */
    double p_sq;            /**< probability that the status quo holds, 0-1 */
    size_t sq_ran;          /**< replicates counted */
    double outcome; /**< the issue's observed outcome (parley_issue.outcome), issue scale; NaN if
                       unknown */
} parley_combined_issue;

/** Options of parley_combined_init. */
typedef struct parley_combine_options {
    parley_combine_method method;
    /** PARLEY_COMBINE_INVERSE_MAE: n_models weights in the forecast's model
     * order (from parley_combine_fit_loco); borrowed.  NULL is refused. */
    const double *weights;
    size_t sq_replicates;            /**< 0: skip the status-quo rule */
    uint64_t seed;                   /**< seed of the replicates */
    const parley_perturbation *pert; /**< NULL: parley_sq_perturbation_default */
} parley_combine_options;

/** Defaults: median, PARLEY_SQ_REPLICATES replicates, seed 0, default perturbation. */
void parley_combine_options_init(parley_combine_options *o);

/** The combined forecast of a forecast: per issue, the combined value, the
 * agreement band (with the sentence) and, where there is a status quo, the
 * probability that it holds.  Init/destroy pair. */
typedef struct parley_combined {
    parley_combine_method method;
    size_t n_issues, n_models;
    parley_combined_issue *issues;
    size_t sq_replicates;
    parley_combined_score score; /**< unscored until the backtest fills it */
} parley_combined;

/** Combines the runs of f (every model that ran on an issue; the models'
 * names label the sentence).  An issue where no model ran gets status
 * PARLEY_EDOMAIN (not an error of the whole).  Errors: PARLEY_ENOMEM,
 * PARLEY_EINVAL (inverse-MAE without weights, bad perturbation).  On error
 * c is left destroyed. */
parley_status parley_combined_init(parley_combined *c, const parley_forecast *f,
                                   const parley_combine_options *opt, parley_error *err);
/** Releases what parley_combined_init allocated; c may be zeroed; safe twice. */
void parley_combined_destroy(parley_combined *c);

/* ---- the forecast as one call: what `parley forecast` computes ---- */

/** What to forecast.  Every pointer is borrowed and must outlive the result. */
typedef struct parley_forecast_request {
    const parley_scenario *scenario; /**< the scenario as read */
    /** The scenario with the what-if changes applied, or NULL: then the
     * result also holds its forecast, to compare with the scenario's. */
    const parley_scenario *changed;
    const parley_params *params; /**< n_params models */
    size_t n_params;
    unsigned long long seed;
    /** 1: record the trace of the scenario's forecast (without changes) */
    int trace;
    /** 1: record the rounds of the forecast that is kept (the changed one
     * with changes), e.g. for a run store at level rounds */
    int rounds;
    /** 1 (without changes): the combined forecast with combine, scored by
     * score(score_data, combined) if not NULL (e.g. with
     * parley_combined_score_set on a case library's backtest), else on the
     * case library as `parley forecast` scores it when cases is not NULL. */
    int combined;
    parley_combine_options combine;
    void (*score)(void *data, parley_combined *combined);
    void *score_data;
    /** NULL, or (with combined, no changes and no score) how to read the
     * case library that scores the combined forecast: its ro, on_diags and
     * diags_data are used (its files, dir, shipped and dir_named_by are
     * not).  The library is $PARLEY_CASES, else the shipped one
     * (parley_case_source_init with library NULL); when it is a directory
     * and two or more models run, parley_combined_score_library scores the
     * combined forecast on it.  A path too long to resolve fails the call
     * (PARLEY_EINVAL, stage PARLEY_FORECAST_STAGE_CASE_LIBRARY); a library
     * that cannot be read or backtested is no error: the forecast is good,
     * the combined forecast stays unscored with the reason in
     * combined.score.unscored, and on_diags receives the reason as
     * PARLEY_CASE_FAILED (cases.h; the failing case's own diagnostics are
     * not passed on, see parley_combined_score_library). */
    const struct parley_case_request *cases;
} parley_forecast_request;

/** Where parley_forecast_result_init stopped. */
typedef enum parley_forecast_stage {
    PARLEY_FORECAST_STAGE_DONE = 0,
    PARLEY_FORECAST_STAGE_FORECAST, /**< the scenario's forecast */
    PARLEY_FORECAST_STAGE_COMBINED, /**< the combined forecast */
    PARLEY_FORECAST_STAGE_CHANGED,  /**< the changed scenario's forecast */
    /** the case library that scores the combined forecast: its path is too
     * long ("$PARLEY_CASES: the case library's path is too long") */
    PARLEY_FORECAST_STAGE_CASE_LIBRARY
} parley_forecast_stage;

/** What parley_forecast_result_init computed.  Owns everything it holds. */
typedef struct parley_forecast_result {
    parley_forecast forecast; /**< of request->scenario */
    parley_forecast changed;  /**< of request->changed (zeroed without it) */
    parley_combined combined; /**< with request->combined (zeroed without it) */
    parley_forecast_stage stage;
} parley_forecast_result;

/** Forecasts req into res (initialised here whatever happens; destroy it
 * with parley_forecast_result_destroy): parley_forecast_init_seeded of the
 * scenario (traced with trace, or with rounds when there is no changed
 * scenario), then with combined and no changes parley_combined_init and
 * score (or the case library of cases), then with changes the changed scenario's forecast (traced
 * with rounds).  Errors (res->stage says where): those of the calls named; PARLEY_EINVAL (no
 * scenario or params; a case library path too long). */
parley_status parley_forecast_result_init(parley_forecast_result *res,
                                          const parley_forecast_request *req, parley_error *err);

/** Releases what res holds; res may be zero-initialised; safe twice. */
void parley_forecast_result_destroy(parley_forecast_result *res);

#ifdef __cplusplus
}
#endif
#endif
