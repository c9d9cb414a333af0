/* parley: an ensemble as one call -- what `parley ensemble` computes
 * between reading its inputs and writing its report.
 *
 * A request names the scenario (after any what-if change), the scenario
 * before the changes, the models, the specification (noise, drop rate,
 * shock, sweeps, replicates, bins) and how to run; parley_ensemble_result_init
 * expands the sweeps into configurations, checks the memory, applies the
 * shock, builds the perturbation, forecasts the unperturbed scenarios and
 * runs the replicates (on one table or drawing from experts' codings) into
 * the summary.  parley_report_ensemble_result (report_analysis.h) then
 * fills the report of the result.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_ENSEMBLE_REQUEST_H
#define PARLEY_ENSEMBLE_REQUEST_H

#include <stddef.h>

#include "ensemble.h"
#include "experts.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_ensemble_result parley_ensemble_result;

/** What to compute.  Every pointer is borrowed and must outlive the result. */
typedef struct parley_ensemble_request {
    /** The scenario the replicates perturb, after any what-if change (with
     * experts: their aggregate). */
    const parley_scenario *scenario;
    /** The scenario before the what-if changes, or NULL without changes;
     * then the result has no unchanged forecasts. */
    const parley_scenario *unchanged;
    /** NULL, or the experts' codings each replicate draws its table from
     * (parley_ensemble_run_experts with draw).  Not with unchanged: a
     * what-if change (set or drop) has no table to change, as each
     * replicate draws its own (PARLEY_EINVAL). */
    const parley_experts *experts;
    parley_experts_draw draw;
    /** The noise items, sweeps, drop rate, shock, replicates and bins. */
    const parley_ensemble_spec *spec;
    /** The specification file's name: it locates (err->file and err->path)
     * the errors of its sweeps and noise items; NULL = none. */
    const char *spec_file;
    /** The selected models' parameters, n_params of them (before the sweeps). */
    const parley_params *params;
    size_t n_params;
    /** Bytes one forecast of every configuration may need
     * (parley_forecast_check_memory, one copy); 0 = no limit. */
    size_t max_memory;
    /** How to run the replicates: seed (also of the unperturbed forecasts),
     * the share of the replicates (parley_ensemble_options_share), threads,
     * max_memory, progress. */
    parley_ensemble_options options;
    /** Called once before the replicates run, with the configurations made
     * and the options about to be used (it may set on_replicate, e.g. to
     * write per-replicate rows with the configurations' labels); a status
     * other than PARLEY_OK (with err set by the hook) stops the computation
     * at PARLEY_ENSEMBLE_STAGE_PREPARE with that status.  May be NULL. */
    parley_status (*prepare)(void *data, const parley_ensemble_result *res,
                             parley_ensemble_options *options, parley_error *err);
    void *prepare_data;
} parley_ensemble_request;

/** Where parley_ensemble_result_init stopped (what the error is about).
 * Every error is worded for any front end: a command-line item's error
 * names it as typed ("sweep 'eu.q=2': ...", "noise: no actor named 'X' in
 * the scenario (actors: A, B, ...)", "shock: ...") with PARLEY_EINVAL (a bad value) or
 * PARLEY_EUNSUPPORTED (no such parameter, no model with a shock): the
 * caller's request; a specification file's item
 * is PARLEY_EDATA with err->file (spec_file) and err->path (its JSON
 * path). */
typedef enum parley_ensemble_stage {
    /** Finished: the summary holds this share's replicates. */
    PARLEY_ENSEMBLE_STAGE_DONE = 0,
    /** Expanding the sweeps (parley_ensemble_configs_init): the result's
     * configs.bad_sweep and configs.bad_value say which sweep and value;
     * the message starts "sweep 'MODEL.KEY=V1,V2,...': " (the whole sweep,
     * as parley_ensemble_spec_add_sweep's errors name it; the message says
     * which value when one is to blame); a spec-file sweep's error is PARLEY_EDATA
     * and carries err->file (spec_file) and err->path instead. */
    PARLEY_ENSEMBLE_STAGE_CONFIGS,
    /** One forecast of every configuration needs more than max_memory
     * (parley_forecast_check_memory's error). */
    PARLEY_ENSEMBLE_STAGE_MEMORY,
    /** Setting spec->shock on the configurations: parley_params_set_all's
     * error, PARLEY_EUNSUPPORTED after "shock: " when no model has a shock,
     * else PARLEY_EINVAL ("shock must be a number from 0 to 1, not '2'"). */
    PARLEY_ENSEMBLE_STAGE_SHOCK,
    /** Building the perturbation: bad_noise is the first noise item naming
     * no actor of the scenario ("noise: no actor named 'X' in the
     * scenario (actors: A, B, ...)", PARLEY_EINVAL); a spec-file item's error is PARLEY_EDATA
     * and carries err->file and err->path (its `where`). */
    PARLEY_ENSEMBLE_STAGE_PERTURBATION,
    /** Allocating the summary or the forecasts (PARLEY_ENOMEM). */
    PARLEY_ENSEMBLE_STAGE_ALLOC,
    /** The unperturbed forecasts (base, then unchanged) failed. */
    PARLEY_ENSEMBLE_STAGE_BASE,
    /** The request's prepare hook returned an error. */
    PARLEY_ENSEMBLE_STAGE_PREPARE,
    /** The replicates (parley_ensemble_run or parley_ensemble_run_experts). */
    PARLEY_ENSEMBLE_STAGE_RUN
} parley_ensemble_stage;

/** What parley_ensemble_result_init computed.  Owns everything it holds. */
struct parley_ensemble_result {
    /** The configurations: the models expanded by the sweeps, with labels;
     * shock set on every model that has one when spec->has_shock. */
    parley_ensemble_configs configs;
    /** The perturbation of the noise items and drop rate (its actor noise
     * points into actor_noise). */
    parley_perturbation perturbation;
    parley_noise *actor_noise;
    /** The summary of this share's replicates (merge the shares' summaries,
     * e.g. over MPI, before reporting). */
    parley_ensemble_summary summary;
    /** n_issues x n_configs forecasts of the unperturbed scenario, index
     * i * n_configs + m (NaN where a model could not run), and the same of
     * request->unchanged (NULL without it). */
    double *base, *unchanged;
    /** 1 when more than one replicate was asked, without experts, but
     * nothing is perturbed (no noise, no drop rate, no positive shock): all
     * replicates are the same run.  Set once the perturbation is built. */
    int nothing_perturbed;
    /** Where the computation stopped (DONE on success). */
    parley_ensemble_stage stage;
    /** At PARLEY_ENSEMBLE_STAGE_PERTURBATION: the index of the noise item
     * naming no actor in request->spec->noise, or (size_t)-1. */
    size_t bad_noise;
};

/** Computes the ensemble of req into res (initialised here whatever
 * happens; destroy it with parley_ensemble_result_destroy): configurations
 * (parley_ensemble_configs_init), the memory check, the shock
 * (parley_params_set_all "shock" on every configuration whose model has no
 * sweep of "shock": a sweep wins), the perturbation
 * (parley_ensemble_spec_perturbation), the summary with spec->bins bins,
 * the base and unchanged forecasts (parley_forecast_values with
 * req->options.seed), the prepare hook, then this share of the replicates
 * (req->options) into res->summary.  The formulas are those of the calls
 * named (docs/analysis.md).  Errors (res->stage says where; see
 * parley_ensemble_stage): those of the calls named, PARLEY_EINVAL (no
 * scenario, spec or params; experts with unchanged, at
 * PARLEY_ENSEMBLE_STAGE_CONFIGS: "experts does not combine with set or
 * drop (a request with unchanged): ..."), PARLEY_ENOMEM. */
parley_status parley_ensemble_result_init(parley_ensemble_result *res,
                                          const parley_ensemble_request *req, parley_error *err);

/** Releases what res holds; res may be zero-initialised; safe twice. */
void parley_ensemble_result_destroy(parley_ensemble_result *res);

#ifdef __cplusplus
}
#endif
#endif
