/* parley: fans of trajectories -- how the forecast moves round by round
 * across an ensemble.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_FAN_H
#define PARLEY_FAN_H

#include <stddef.h>
#include <stdint.h>

#include "ensemble.h"
#include "experts.h"
#include "model.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Quantiles, round by round, of one model's forecast after each round
 * (parley_round_record.forecast: for the expected utility model the weighted
 * median of the positions) on one issue over an ensemble.
 * A run that stopped before the longest one keeps its last value in the
 * later rounds (its forecast no longer changes). */
typedef struct parley_fan {
    size_t n_rounds;         /**< rounds 0 .. n_rounds-1 (0 = the perturbed input) */
    double *q05, *q50, *q95; /**< n_rounds values each, issue scale */
    uint64_t n_runs;         /**< replicates where the model ran on the issue */
} parley_fan;

/** Runs replicates 0 .. count-1 of the ensemble (seed, pert) with the
 * model params on every issue of s, tracing each run, and fills fans[i]
 * (n_issues entries, initialised here) with the 5 %, 50 % and 95 %
 * quantiles of the forecast after each round.  Replicate k is the
 * same perturbed scenario and the same model draws as replicate k of
 * parley_ensemble_run with the same seed (parley_ensemble_perturb and
 * parley_forecast_init_seeded), so the last round's distribution is the
 * ensemble's.  Quantiles are exact order statistics interpolated linearly
 * (Hyndman & Fan 1996, definition 7): q(p) = x_(h) + (h - floor h)
 * (x_(floor h + 1) - x_(floor h)), h = (n - 1) p on the sorted values.
 * Memory: count x n_issues x (rounds + 1) doubles.  A fan with n_runs = 0
 * has n_rounds = 0.
 * Errors: PARLEY_EINVAL (count 0, bad perturbation), PARLEY_ENOMEM. */
parley_status parley_ensemble_fans(const parley_scenario *s, const parley_params *params,
                                   const parley_perturbation *pert, uint64_t seed, uint64_t count,
                                   parley_fan *fans, parley_error *err);

/** parley_ensemble_fans on several experts' codings: replicate k first
 * draws its table from the codings (parley_experts_draw_table with seed, k
 * and mode), then applies pert to it, as replicate k of
 * parley_ensemble_run_experts with the same seed and mode, so the last
 * round's distribution is that ensemble's.  fans has
 * ex->aggregate.n_issues entries.
 * Errors: PARLEY_EINVAL (no coding, count 0, bad mode or perturbation),
 * PARLEY_ENOMEM. */
parley_status parley_ensemble_fans_experts(const parley_experts *ex, parley_experts_draw mode,
                                           const parley_params *params,
                                           const parley_perturbation *pert, uint64_t seed,
                                           uint64_t count, parley_fan *fans, parley_error *err);

/** Releases fans[0 .. n) (each may be zero-initialised). */
void parley_fans_destroy(parley_fan *fans, size_t n);

/** Linear-interpolation quantile (definition 7 above) of the n sorted
 * values x at probability p in [0, 1].  n >= 1. */
double parley_quantile_sorted(const double *x, size_t n, double p);

#ifdef __cplusplus
}
#endif
#endif
