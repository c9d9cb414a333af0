/* parley: a forecast combines model runs over every issue of a scenario.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_FORECAST_H
#define PARLEY_FORECAST_H

#include <stddef.h>

#include "model.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The state at the end of one round (round 0 = the input). */
typedef struct parley_round_record {
    double median, mean; /**< weighted median and mean of the positions, issue scale */
    double forecast;     /**< the model's forecast after this round (parley_outcome.forecast) */
    double *position;    /**< n positions, issue scale */
    double *risk;        /**< n risk exponents, or NULL if the model has none */
    parley_move *moves;  /**< moves accepted in this round (none in round 0) */
    size_t n_moves;
    /** The challenges the model weighed in this round, n x n row-major
     * ([i * n + j]: receiver i's view of j, see parley_challenge), or NULL
     * (round 0, or a model that weighs none).  O(n^2) per round: recorded
     * only in a trace. */
    parley_challenge *challenges;
} parley_round_record;

/** One model on one issue. */
typedef struct parley_run {
    parley_status status;   /**< PARLEY_OK, or why the model could not run (e.g. PARLEY_EDOMAIN) */
    parley_error error;     /**< the reason when status != PARLEY_OK */
    parley_outcome outcome; /**< valid when status == PARLEY_OK */
    size_t n;               /**< actors taking part */
    size_t *actor;          /**< their scenario indices */
    double *start;          /**< n positions at the start (the scenario's), issue scale */
    double *final;          /**< n positions at the end, issue scale, when status == PARLEY_OK
                                 (else NULL); a static model (mean, median, nbs) moves no one,
                                 so its final positions are the start */
    parley_round_record *rounds; /**< rounds 0..n_rounds-1 when a trace was recorded, else NULL */
    size_t n_rounds;
} parley_run;

/** Every selected model on every issue. runs[i * n_models + m] is model m on issue i. */
typedef struct parley_forecast {
    const parley_scenario *scenario; /**< borrowed */
    const parley_params *params;     /**< borrowed, n_models entries */
    size_t n_models;
    int traced;
    parley_run *runs;
} parley_forecast;

/** Runs every model in params[0..n_models) on every issue of s.  An
 * issue-scope model runs once per issue; a scenario-scope model (the
 * exchange model) runs once on the whole scenario and fills every issue's
 * run, trace included.  A model that cannot apply to an issue (or to the
 * scenario) records its reason in that run's status (PARLEY_EDOMAIN) and
 * error; this is not an error of the forecast.  record_trace = 1 keeps
 * every round's positions, risk exponents, moves and challenges.  s and params are
 * borrowed and must outlive f.
 * Errors: PARLEY_ENOMEM, PARLEY_EINVAL (no model, or a params[m] that fails
 * parley_params_check, e.g. a hand-filled eu q of 2: refused once, before
 * any run, with that check's message). */
parley_status parley_forecast_init(parley_forecast *f, const parley_scenario *s,
                                   const parley_params *params, size_t n_models, int record_trace,
                                   parley_error *err);
/** Like parley_forecast_init, for models that draw random numbers (the
 * expected utility model's salience shocks): model m on issue i runs with
 * a private copy of params[m] with the typed run parameters (params.h)
 * seed = seed and stream = parley_forecast_stream(replicate, i) applied by
 * parley_params_set_run (replacing any generator given there: to draw
 * from your own parley_rng, run the model with parley_model_run); a model
 * that draws no random numbers runs with params[m] unchanged.  A scenario-scope model gets stream
 * parley_forecast_stream(replicate, n_issues).  parley_forecast_init is this function
 * with seed 0 and replicate 0.  So issue i of ensemble replicate k draws the
 * same numbers on any thread or process.
 * Errors: as parley_forecast_init; PARLEY_EINVAL also for a seed above
 * PARLEY_MAX_SEED. */
parley_status parley_forecast_init_seeded(parley_forecast *f, const parley_scenario *s,
                                          const parley_params *params, size_t n_models,
                                          int record_trace, unsigned long long seed,
                                          unsigned long long replicate, parley_error *err);

/** The forecasts of models params[0..n_models) on every issue of s, run as
 * parley_forecast_init_seeded(seed, replicate 0) without a trace, into
 * out[i * n_models + m] (issue scale; NaN where model m could not apply to
 * issue i).  out holds s->n_issues x n_models doubles.  The unperturbed
 * base beside an ensemble's summary.  Errors: those of
 * parley_forecast_init_seeded. */
parley_status parley_forecast_values(const parley_scenario *s, const parley_params *params,
                                     size_t n_models, unsigned long long seed, double *out,
                                     parley_error *err);

/** Runs one model on issue i of s, seeded as parley_forecast_init_seeded
 * would, and fills out (a scenario-scope model runs on the whole scenario
 * and its result on issue i is returned).  Errors: those of the model's init (PARLEY_EDOMAIN
 * when it cannot apply, with the reason), PARLEY_ENOMEM, PARLEY_EINVAL. */
parley_status parley_forecast_issue(const parley_scenario *s, size_t issue,
                                    const parley_params *params, unsigned long long seed,
                                    unsigned long long replicate, parley_outcome *out,
                                    parley_error *err);

/** The random stream id of issue i in replicate k: k * 2^20 + i (issues
 * below 2^20, replicates below 2^44). */
unsigned long long parley_forecast_stream(unsigned long long replicate, size_t issue);

/** Bytes a forecast of s with the models params[0..n_models) needs at its
 * peak, estimated before anything is allocated: a copy of the scenario's
 * cells, the runs, and the largest of the models' needs
 * (parley_model_memory_estimate; the models run one after another).  The
 * trace's round records are not counted.  SIZE_MAX when it does not fit in
 * size_t. */
size_t parley_forecast_memory_estimate(const parley_scenario *s, const parley_params *params,
                                       size_t n_models);

/** Parses a memory size as `--max-memory` takes it: a whole number of
 * bytes (decimal digits only) with an optional binary suffix K, M, G or T
 * (KiB, MiB, GiB, TiB; lower case, "KB" and "KiB" forms accepted), at least
 * 1 byte, e.g. "512M" = 536870912.  Errors: PARLEY_EINVAL (empty,
 * malformed, 0, or above 2^64 - 1 bytes; *out unchanged). */
parley_status parley_memory_size_parse(const char *text, unsigned long long *out);

/** The default memory limit of the forecasts and ensembles of `parley`:
 * half of the physical memory in bytes, or 0 (no limit) when the system
 * does not tell. */
unsigned long long parley_memory_limit_default(void);

/** Refuses a run that would need more than limit bytes: copies forecasts
 * of s (e.g. one per ensemble thread) each needing
 * parley_forecast_memory_estimate.  limit = 0 means no limit.  Sets
 * *estimate (may be NULL) to the total.  Errors: PARLEY_EDATA with a
 * message stating the estimate, the model that needs the most and the
 * limit, in bytes and in MiB/GiB. */
parley_status parley_forecast_check_memory(const parley_scenario *s, const parley_params *params,
                                           size_t n_models, size_t copies, size_t limit,
                                           size_t *estimate, parley_error *err);

void parley_forecast_destroy(parley_forecast *f);

/** Returns the run of model m on issue i. */
const parley_run *parley_forecast_run(const parley_forecast *f, size_t issue, size_t model);

/** Completes a selection of models (parley_model_list_parse) as the
 * command line's --model does: nothing selected (*n_types 0, *combined 0)
 * is every built-in model and, when allow_combined, the combined forecast
 * (*combined = 1); "combined" alone (*n_types 0, *combined 1) combines every
 * model.  types has room for max_types; a selection of models is left as
 * it is. */
void parley_model_list_default(const parley_model_type **types, size_t *n_types, size_t max_types,
                               int *combined, int allow_combined);

/** The settings a command line gives every selected model (--preset,
 * --rounds, --param, --seed); strings are borrowed. */
typedef struct parley_params_setup {
    const char *preset; /**< a preset of every model that has presets, or NULL */
    size_t rounds;      /**< the round limit of every model that plays rounds; 0 = their own */
    const char *const *params; /**< "MODEL.KEY=VALUE" texts (parley_params_set_text) */
    size_t n_params;
    unsigned long long seed; /**< the seed of every model that draws random numbers */
} parley_params_setup;

/** The setting of a parley_params_setup that an error came from. */
typedef enum parley_setup_step {
    PARLEY_SETUP_INIT = 0, /**< creating the parameters (out of memory) */
    PARLEY_SETUP_PRESET,   /**< preset */
    PARLEY_SETUP_ROUNDS,   /**< rounds */
    PARLEY_SETUP_PARAM,    /**< params[*index] */
    PARLEY_SETUP_SEED,     /**< seed */
    PARLEY_SETUP_CHECK     /**< parley_params_check of params[*index] once all are set */
} parley_setup_step;

/** Creates the default parameters of types[0..n) in params[0..n) and
 * applies su in the command line's order: the preset (parley_params_set_all
 * "preset"), the rounds (when > 0), every param in turn, then the seed
 * (parley_params_set_run_all), so that a param may change what a preset
 * set and nothing replaces the seed.  *n_made counts the parameters made,
 * which the caller destroys (parley_params_destroy) also on error.  On
 * error *step (may be NULL) names the setting and *index (may be NULL) the
 * param's index; err->message is that of the call that failed, worded as
 * the setting's: "preset: ..." (no selected model has presets), "preset
 * NAME: ...", "rounds: ...", "param 'MODEL.KEY=VALUE': ..." (with "(see
 * --model)" for a model not selected), "seed: ...", and for a rule across
 * settings the rule, with "(rounds sets every selected model's round
 * limit, the spatial model's max-steps)" when rounds was given.
 * Errors: PARLEY_ENOMEM; for the preset PARLEY_EUNSUPPORTED (no selected
 * model has presets) or the model's refusal (PARLEY_EINVAL); for the rounds
 * PARLEY_EUNSUPPORTED (no selected model plays rounds) or PARLEY_EINVAL
 * (above PARLEY_MAX_ROUNDS); for a param those of parley_params_set_text;
 * for the seed PARLEY_EINVAL (above PARLEY_MAX_SEED); then
 * PARLEY_EINVAL when model *index fails parley_params_check as set (a rule
 * across settings: spatial min-steps above max-steps). */
parley_status parley_params_setup_apply(parley_params *params,
                                        const parley_model_type *const *types, size_t n,
                                        size_t *n_made, const parley_params_setup *su,
                                        parley_setup_step *step, size_t *index, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
