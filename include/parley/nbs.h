/* parley: the asymmetric Nash bargaining solution with a disagreement point.
 *
 * Per issue, the agreement x maximises the weighted Nash product
 *     N(x) = sum_i a_i log(u_i(x) - d_i)
 * over F = {x : u_i(x) >= d_i for every participating actor}, with
 *  - bargaining weights a_i = c_i (default) or c_i s_i,
 *  - utility u_i(x) = -s_i (x - x_i)^2 (default) or -s_i |x - x_i|,
 *  - disagreement d_i = u_i(q) with q the issue's status quo (default), or
 *    a common cost d_i = -D (D > 0, in utility units: salience x squared
 *    issue-scale units for the quadratic form, salience x issue-scale units
 *    for the linear form).
 * Participating actors have a_i > 0 and s_i > 0.
 *
 * Sources: Nash (1950) "The bargaining problem", Econometrica 18:155-162;
 * the asymmetric form of Kalai (1977) / Roth (1979); the status quo as the
 * disagreement point as in Achen (2006), "Institutional realism and
 * bargaining models", in Thomson, Stokman, Achen & Koenig (eds.), The
 * European Union Decides, CUP.  Feasible set, limits and algorithm: docs/models.md
 * (derived there; the utility form and the choice of exponents are
 * parley's parameters, not read in Achen).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_NBS_H
#define PARLEY_NBS_H

#include <stddef.h>

#include "model.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bargaining weights a_i. */
typedef enum parley_nbs_weights {
    PARLEY_NBS_WEIGHT_CAPABILITY = 0,         /**< a_i = c_i */
    PARLEY_NBS_WEIGHT_CAPABILITY_SALIENCE = 1 /**< a_i = c_i s_i */
} parley_nbs_weights;

/** Utility of an agreement x to actor i. */
typedef enum parley_nbs_utility {
    PARLEY_NBS_QUADRATIC = 0, /**< u_i(x) = -s_i (x - x_i)^2 */
    PARLEY_NBS_LINEAR = 1     /**< u_i(x) = -s_i |x - x_i| */
} parley_nbs_utility;

/** The disagreement point. */
typedef enum parley_nbs_disagreement {
    PARLEY_NBS_STATUS_QUO = 0, /**< d_i = u_i(q), q = the issue's status quo */
    PARLEY_NBS_COMMON_COST = 1 /**< d_i = -D for every actor */
} parley_nbs_disagreement;

/** Parameters of the Nash bargaining solution. */
typedef struct parley_nbs_params {
    parley_nbs_weights weights;
    parley_nbs_utility utility;
    parley_nbs_disagreement disagreement;
    double cost; /**< D > 0 for PARLEY_NBS_COMMON_COST (utility units) */
} parley_nbs_params;

/** The solution on one issue. */
typedef struct parley_nbs_result {
    double x;                        /**< the agreement, issue scale */
    double feasible_lo, feasible_hi; /**< F = [L, U], issue scale */
    int status_quo_pareto_optimal;   /**< 1 if F = {q}: the NBS is the status quo itself */
    size_t participating;            /**< actors with a_i > 0 and s_i > 0 */
} parley_nbs_result;

/** Defaults: weights c, quadratic utility, status quo as disagreement, D = 0 (unset). */
void parley_nbs_params_default(parley_nbs_params *p);

/** Solves the NBS on the issue view v.
 *
 * Algorithm (docs/models.md, "Nash bargaining solution"): F in closed form
 * -- with a status quo q, L = max_i min(q, 2x_i - q), U = min_i max(q,
 * 2x_i - q); with a common cost D, F = intersection of the intervals
 * x_i -/+ sqrt(D/s_i) (quadratic) or x_i -/+ D/s_i (linear).  If
 * U - L <= 1e-12 (hi - lo) the single point is returned (q with
 * status_quo_pareto_optimal = 1 in the status-quo form).  Otherwise the root
 * of N'(x) = sum_i a_i u_i'(x) / (u_i(x) - d_i), which is decreasing on the
 * open interval (N is concave), is found by bisection to the last bit; N' is
 * never evaluated at the ends of F.  O(n) per evaluation, about 60
 * evaluations.
 *
 * v: the actors of the issue; p: parameters; r: the result; gain: NULL or n
 * values receiving each actor's gain u_i(x) - d_i at the solution (0 for
 * actors who do not participate).
 * Errors: PARLEY_EDOMAIN with the reason: no participating actor; no status
 * quo on the issue in the status-quo form; the common-cost form with an
 * empty F ("no agreement is better than disagreement for every actor");
 * PARLEY_EINVAL for a common cost that is not finite and > 0. */
parley_status parley_nbs_solve(const parley_issue_view *v, const parley_nbs_params *p,
                               parley_nbs_result *r, double *gain, parley_error *err);

/** The model type, name "nbs" (parameters: weights, utility, disagreement, cost). */
extern const parley_model_type parley_model_nbs;

#ifdef __cplusplus
}
#endif
#endif
