/* parley: what-if changes, leverage and best stated position.
 *
 * What-if: change one actor's position, salience or capability on an issue
 * (ACTOR.ISSUE.FIELD=VALUE) or take an actor out of the talks, and compare
 * the forecasts with the base case.
 *
 * Leverage: for every actor, issue, field and model, how much the issue's
 * forecast moves per unit change of that actor's input (a central finite
 * difference), and how much it moves if the actor leaves; ranked by the
 * size of the move an achievable change would cause, so the first line
 * answers "whom should we persuade, and of what".
 *
 * Best stated position: for one actor and issue, the position it should
 * advocate so that a model's forecast lands as close as possible to its
 * real (input) position -- Bueno de Mesquita's strategic advice.  See
 * docs/analysis.md for the search.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_LEVERAGE_H
#define PARLEY_LEVERAGE_H

#include <stddef.h>

#include "ensemble.h"
#include "forecast.h"
#include "model.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One what-if change of a cell value. */
typedef struct parley_change {
    size_t actor; /**< scenario index */
    size_t issue; /**< scenario index, or PARLEY_ALL_ISSUES */
    parley_field field;
    double value; /**< on the field's stored scale: position on the issue
                       scale, salience 0-1, capability as stored */
} parley_change;

#define PARLEY_ALL_ISSUES ((size_t)-1)

/** Parses "ACTOR.ISSUE.FIELD=VALUE" (ISSUE may be '*' for every issue the
 * actor takes part in; FIELD is position, salience or capability).  A
 * salience is read on the scenario's input scale (divided by 100 when the
 * scenario stated saliences on 0-100).  Actor and issue names may contain
 * dots: the text is split at the last two dots before '='.
 * Errors: PARLEY_EINVAL with a message naming the unknown actor, issue or
 * field, or the malformed number. */
parley_status parley_change_parse(const parley_scenario *s, const char *text, parley_change *out,
                                  parley_error *err);

/** Applies changes (in order) and then drops (actor indices: every cell of
 * the actor becomes absent) to s.  Checks every new value: a position
 * inside the issue's [lo, hi], a salience in [0, 1], a capability >= 0, and
 * that the actor takes part in the issue, and that the drops leave at
 * least one actor taking part in some issue.
 * Errors: PARLEY_EDATA with the reason (including "the drops remove every
 * actor"); s may then be partly changed. */
parley_status parley_whatif_apply(parley_scenario *s, const parley_change *changes,
                                  size_t n_changes, const size_t *drops, size_t n_drops,
                                  parley_error *err);

/** The what-if of the command line: out becomes a copy of base with the
 * changes sets[0..n_sets) ("ACTOR.ISSUE.FIELD=VALUE", parley_change_parse
 * on base) and then the drops of the actors named drops[0..n_drops)
 * applied (parley_whatif_apply).  out is initialised in every case (destroy
 * it).  *bad (may be NULL) tells which text was refused: k < n_sets for
 * sets[k], n_sets + k for drops[k], (size_t)-1 otherwise.
 * Errors: PARLEY_EINVAL (a set that does not parse, err->message says why;
 * a drop naming no actor, "no actor named 'NAME'"), PARLEY_EDATA (a value
 * parley_whatif_apply refuses), PARLEY_ENOMEM. */
parley_status parley_whatif_apply_text(parley_scenario *out, const parley_scenario *base,
                                       const char *const *sets, size_t n_sets,
                                       const char *const *drops, size_t n_drops, size_t *bad,
                                       parley_error *err);

/** Leverage effects smaller than this fraction of the issue's scale width
 * are rounding noise of the finite differences and are reported as exactly
 * 0 (effect and derivative), ranked as ties with the true zeros. */
#define PARLEY_LEVERAGE_ZERO_TOL 1e-9

/** One line of a leverage table. */
typedef struct parley_leverage_row {
    size_t actor, issue, model;
    parley_field field; /**< meaningful when drop == 0 */
    int drop;           /**< 1: the row is the effect of the actor leaving */
    double derivative;  /**< d forecast / d value (issue-scale units per unit of the field);
                             for a drop: forecast without the actor - base forecast */
    double effect;      /**< the forecast's change for a reference change of the input
                             (see parley_leverage_compute), issue-scale units */
    int failed;         /**< 1 if the model could not run after the change */
} parley_leverage_row;

/** A leverage table. */
typedef struct parley_leverage {
    parley_leverage_row *rows;
    size_t n_rows;
    double *base; /**< n_issues x n_models base forecasts (NaN when the model could not run) */
    size_t n_issues, n_models;
} parley_leverage;

/** Computes the leverage of every present (actor, issue) cell for every
 * model params[0..n_models), on scenario s (borrowed).  Derivatives are
 * central differences (f(v + h) - f(v - h)) / 2h with h = step x the
 * field's reference range (issue width for positions, 1 for saliences,
 * the issue's largest capability for capabilities), one-sided at a bound.
 * For models whose forecast is piecewise constant in the inputs (the
 * weighted median, the expected utility model) the derivative is the
 * slope of the secant over [v - h, v + h], i.e. a smoothed sensitivity.
 * effect = derivative x reference range x step_effect: the move of the
 * forecast for a change of step_effect of the reference range (0.1 = a
 * tenth of the scale, 0.1 of salience, a tenth of the top capability).
 * An |effect| below PARLEY_LEVERAGE_ZERO_TOL x the issue's width becomes
 * exactly 0 (derivative too).
 * Rows are sorted by |effect| (drops use their own move), largest first,
 * ties (all the zeros among them) by actor, issue, field (position,
 * salience, capability, leaving), model.  step in (0, 0.5].  seed: the seed of
 * models that draw random numbers (each run draws as replicate 0 of
 * parley_forecast_init_seeded, so every run sees the same shocks).
 * Errors: PARLEY_EINVAL (bad step), PARLEY_ENOMEM. */
parley_status parley_leverage_compute(parley_leverage *lev, const parley_scenario *s,
                                      const parley_params *params, size_t n_models, double step,
                                      double step_effect, unsigned long long seed,
                                      parley_error *err);
/** Releases the table; lev may be zero-initialised; safe to call twice. */
void parley_leverage_destroy(parley_leverage *lev);

/** Result of the best-stated-position search. */
typedef struct parley_best_position {
    double ideal;         /**< the actor's real preference: its input position */
    double stated;        /**< best position to advocate, issue scale */
    double forecast;      /**< forecast when it states `stated` */
    double base_forecast; /**< forecast when it states its ideal */
    double lo, hi;        /**< the interval of stated positions giving the same best distance */
    size_t evaluations;   /**< model runs used */
} parley_best_position_result;

/** Searches the position actor a should state on issue i so that model
 * params' forecast is closest to its input position: a grid of
 * grid_points (>= 3) points over [lo, hi] plus the ideal itself, then
 * golden-section refinement on the bracket around the best grid point
 * (40 iterations).  The distance |forecast - ideal| is piecewise constant
 * for the median and expected utility models, so the grid does the real
 * work; ties are broken toward the stated position nearest the ideal (the
 * least conspicuous misrepresentation), and lo..hi reports the plateau of
 * grid points that reach the best distance.
 * Errors: PARLEY_EINVAL (actor absent from the issue, grid_points < 3),
 * PARLEY_EDOMAIN (the model cannot run on the issue), PARLEY_ENOMEM. */
parley_status parley_best_position(const parley_scenario *s, const parley_params *params,
                                   size_t actor, size_t issue, size_t grid_points,
                                   unsigned long long seed, parley_best_position_result *out,
                                   parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
