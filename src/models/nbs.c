/* The asymmetric Nash bargaining solution with a disagreement point
 * (docs/models.md, "Nash bargaining solution"; include/parley/nbs.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/nbs.h>

#include "core/internal.h"
#include "models/internal.h"

void parley_nbs_params_default(parley_nbs_params *p) {
    p->weights = PARLEY_NBS_WEIGHT_CAPABILITY;
    p->utility = PARLEY_NBS_QUADRATIC;
    p->disagreement = PARLEY_NBS_STATUS_QUO;
    p->cost = 0.0;
}

/* Bargaining weight of actor k; 0 for actors who do not take part. */
static double weight(const parley_issue_view *v, const parley_nbs_params *p, size_t k) {
    if (!(v->salience[k] > 0.0) || !(v->capability[k] > 0.0))
        return 0.0;
    return p->weights == PARLEY_NBS_WEIGHT_CAPABILITY ? v->capability[k]
                                                      : v->capability[k] * v->salience[k];
}

/* Actor k's gain over disagreement g_k(x) = u_k(x) - d_k.  The status-quo
 * forms are factored so that a far status quo loses no precision:
 * quadratic s((q - x_k)^2 - (x - x_k)^2) = s (q - x)(q + x - 2 x_k). */
static double gain_at(const parley_issue_view *v, const parley_nbs_params *p, size_t k, double x) {
    double s = v->salience[k], xk = v->position[k];
    if (p->disagreement == PARLEY_NBS_STATUS_QUO) {
        double q = v->status_quo;
        if (p->utility == PARLEY_NBS_QUADRATIC)
            return s * (q - x) * (q + x - 2.0 * xk);
        return s * (fabs(q - xk) - fabs(x - xk));
    }
    double d = x - xk;
    return p->utility == PARLEY_NBS_QUADRATIC ? p->cost - s * d * d : p->cost - s * fabs(d);
}

/* N'(x) = sum_k a_k u_k'(x) / g_k(x), for x inside F, with the weights
 * divided by the largest (amax), which leaves the root unchanged and keeps
 * capabilities near the largest double from overflowing the sum. */
static double derivative(const parley_issue_view *v, const parley_nbs_params *p, double x,
                         double amax) {
    double sum = 0.0;
    for (size_t k = 0; k < v->n; ++k) {
        double a = weight(v, p, k) / amax;
        if (a == 0.0)
            continue;
        double d = x - v->position[k];
        double du = p->utility == PARLEY_NBS_QUADRATIC ? -2.0 * v->salience[k] * d
                    : d > 0.0                          ? -v->salience[k]
                    : d < 0.0                          ? v->salience[k]
                                                       : 0.0;
        sum += a * du / gain_at(v, p, k, x);
    }
    return sum;
}

/* Half-width of actor k's acceptable interval around x_k in the common-cost form. */
static double cost_radius(const parley_nbs_params *p, double s) {
    return p->utility == PARLEY_NBS_QUADRATIC ? sqrt(p->cost / s) : p->cost / s;
}

parley_status parley_nbs_solve(const parley_issue_view *v, const parley_nbs_params *p,
                               parley_nbs_result *r, double *gain, parley_error *err) {
    memset(r, 0, sizeof *r);
    if (p->disagreement == PARLEY_NBS_COMMON_COST && !(isfinite(p->cost) && p->cost > 0.0))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the common disagreement cost must be a finite number > 0");
    if (p->disagreement == PARLEY_NBS_STATUS_QUO && !v->has_status_quo)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "the issue has no status quo, which the Nash bargaining "
                                "solution needs as its disagreement point (or set "
                                "nbs.cost=D for a common disagreement cost)");
    double lo = -INFINITY, hi = INFINITY, amax = 0.0;
    for (size_t k = 0; k < v->n; ++k) {
        double ak = weight(v, p, k);
        if (ak == 0.0)
            continue;
        if (ak > amax)
            amax = ak;
        ++r->participating;
        double xk = v->position[k], a, b;
        if (p->disagreement == PARLEY_NBS_STATUS_QUO) {
            double q = v->status_quo, mirror = 2.0 * xk - q;
            a = q < mirror ? q : mirror;
            b = q < mirror ? mirror : q;
        } else {
            double rad = cost_radius(p, v->salience[k]);
            a = xk - rad;
            b = xk + rad;
        }
        if (a > lo)
            lo = a;
        if (b < hi)
            hi = b;
    }
    if (r->participating == 0)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "no actor has positive capability and salience");
    if (lo > hi)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "no agreement is better than disagreement for every actor "
                                "(common cost %s too small)",
                                parley_i_format_double(p->cost, (char[PARLEY_I_NUMBUF]){0}));
    if (!isfinite(lo) || !isfinite(hi) || !isfinite(v->hi - v->lo))
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "the feasible set overflows double precision; rescale the issue");
    r->feasible_lo = lo;
    r->feasible_hi = hi;
    double tol = 1e-12 * (v->hi - v->lo);
    if (hi - lo <= tol) {
        if (p->disagreement == PARLEY_NBS_STATUS_QUO) {
            r->x = v->status_quo;
            r->status_quo_pareto_optimal = 1;
        } else {
            r->x = lo + (hi - lo) / 2.0;
        }
    } else {
        /* Bisection on the decreasing N' until the interval cannot shrink. */
        for (int it = 0; it < 2000; ++it) {
            double mid = lo + (hi - lo) / 2.0;
            if (!(mid > lo && mid < hi))
                break;
            double d = derivative(v, p, mid, amax);
            if (isnan(d))
                return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                        "the Nash product's derivative overflows double "
                                        "precision; rescale the issue or the capabilities");
            if (d > 0.0)
                lo = mid;
            else if (d < 0.0)
                hi = mid;
            else {
                lo = hi = mid;
                break;
            }
        }
        r->x = lo + (hi - lo) / 2.0;
    }
    if (gain)
        for (size_t k = 0; k < v->n; ++k)
            gain[k] = weight(v, p, k) == 0.0 ? 0.0 : gain_at(v, p, k, r->x);
    return PARLEY_OK;
}

/* ---- the model type ---- */

typedef struct {
    const parley_issue_view *view;
    parley_outcome outcome;
    parley_nbs_result result;
} nbs_state;

static void nbs_default(void *params) {
    parley_nbs_params_default(params);
}

/* disagreement: status-quo, or cost once the cost is set (nbs.cost=D). */
static parley_status parse_disagreement(void *params, const char *value, parley_error *err) {
    parley_nbs_params *p = params;
    if (strcmp(value, "status-quo") == 0)
        p->disagreement = PARLEY_NBS_STATUS_QUO;
    else if (strcmp(value, "cost") == 0) {
        if (!(p->cost > 0.0))
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "disagreement=cost needs the cost: set nbs.cost=D (D > 0)");
        p->disagreement = PARLEY_NBS_COMMON_COST;
    } else
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "disagreement must be status-quo or cost, not '%s'", value);
    return PARLEY_OK;
}

static parley_status check_disagreement(const void *params, parley_error *err) {
    const parley_nbs_params *p = params;
    if (p->disagreement != PARLEY_NBS_STATUS_QUO && p->disagreement != PARLEY_NBS_COMMON_COST)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "nbs.disagreement must be the value of status-quo or cost, not %d",
                                (int)p->disagreement);
    return PARLEY_OK;
}

/* cost: D > 0, which also makes the common cost the disagreement point. */
static parley_status parse_cost(void *params, const char *value, parley_error *err) {
    parley_nbs_params *p = params;
    double d;
    if (parley_i_param_real("cost", value, 0.0, HUGE_VAL, &d, err) != PARLEY_OK || !(d > 0.0))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "cost must be a number > 0, not '%s'", value);
    p->cost = d;
    p->disagreement = PARLEY_NBS_COMMON_COST;
    return PARLEY_OK;
}

/* The cost is 0 (unset) or a finite D > 0; whether the common-cost form
 * has one is parley_nbs_solve's check. */
static parley_status check_cost(const void *params, parley_error *err) {
    const parley_nbs_params *p = params;
    if (!(p->cost >= 0.0 && p->cost < HUGE_VAL))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "nbs.cost must be a finite number >= 0, not %g", p->cost);
    return PARLEY_OK;
}

PARLEY_I_CHOICE_ENUM(parley_nbs_weights);
PARLEY_I_CHOICE_ENUM(parley_nbs_utility);

static const parley_param_choice weights_names[] = {
    {"capability", PARLEY_NBS_WEIGHT_CAPABILITY},
    {"capability*salience", PARLEY_NBS_WEIGHT_CAPABILITY_SALIENCE},
    {NULL, 0}};
static const parley_param_choice utility_names[] = {
    {"quadratic", PARLEY_NBS_QUADRATIC}, {"linear", PARLEY_NBS_LINEAR}, {NULL, 0}};

/* The parameters of --param nbs.KEY=VALUE (include/parley/nbs.h). */
static const parley_param_def nbs_defs[] = {
    PARLEY_I_CHOICE("weights", parley_nbs_params, weights, weights_names,
                    .doc = "bargaining weights a_i: capability or capability*salience"),
    PARLEY_I_CHOICE("utility", parley_nbs_params, utility, utility_names,
                    .doc = "utility of an agreement: quadratic or linear loss"),
    PARLEY_I_CUSTOM("disagreement", parse_disagreement, check_disagreement,
                    .doc = "disagreement point: status-quo, or cost (needs nbs.cost)"),
    PARLEY_I_CUSTOM("cost", parse_cost, check_cost,
                    .doc = "common cost D > 0 of no agreement (utility units); selects it"),
    {.key = NULL}};

static parley_status nbs_describe(const void *params, parley_buf *out) {
    const parley_nbs_params *p = params;
    parley_status st = parley_buf_printf(
        out, "weights=%s, utility=%s, disagreement=%s",
        p->weights == PARLEY_NBS_WEIGHT_CAPABILITY ? "capability" : "capability*salience",
        p->utility == PARLEY_NBS_QUADRATIC ? "quadratic" : "linear",
        p->disagreement == PARLEY_NBS_STATUS_QUO ? "status-quo" : "cost");
    if (st == PARLEY_OK && p->disagreement == PARLEY_NBS_COMMON_COST)
        st = parley_buf_printf(out, ", cost=%s",
                               parley_i_format_double(p->cost, (char[PARLEY_I_NUMBUF]){0}));
    return st;
}

static parley_status nbs_init(void *state, const parley_issue_view *v, const void *params,
                              parley_error *err) {
    nbs_state *st = state;
    st->view = v;
    memset(&st->outcome, 0, sizeof st->outcome);
    parley_status rc = parley_nbs_solve(v, params, &st->result, NULL, err);
    if (rc != PARLEY_OK)
        return rc;
    double *w = malloc((v->n ? v->n : 1) * sizeof *w);
    if (!w)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    rc = parley_i_summarise(v->n, v->position, v->capability, v->salience, PARLEY_MEDIAN_LOWER,
                            &st->outcome, w, err);
    free(w);
    if (rc != PARLEY_OK)
        return rc;
    st->outcome.forecast = st->result.x;
    if (st->result.status_quo_pareto_optimal)
        st->outcome.note = "status quo is Pareto optimal";
    st->outcome.stop = PARLEY_STOP_STATIC;
    return PARLEY_OK;
}

static int nbs_test(const void *state) {
    (void)state;
    return 1;
}

static void nbs_outcome(const void *state, parley_outcome *out) {
    *out = ((const nbs_state *)state)->outcome;
}

static const double *nbs_positions(const void *state) {
    return ((const nbs_state *)state)->view->position;
}

static void nbs_destroy(void *state) {
    (void)state;
}

const parley_model_type parley_model_nbs = {
    .name = "nbs",
    .title = "Nash bargaining solution",
    .source = "Nash (1950); asymmetric form with the status quo as disagreement point, "
              "Achen (2006), The European Union Decides",
    .short_name = "the Nash bargaining solution",
    .gloss = "the agreement that maximises the weighted product of every actor's gain over no "
             "agreement (the status quo), among the agreements no actor likes less than no "
             "agreement",
    .params_size = sizeof(parley_nbs_params),
    .state_size = sizeof(nbs_state),
    .params_default = nbs_default,
    .params_describe = nbs_describe,
    .init = nbs_init,
    .iterate = NULL,
    .test = nbs_test,
    .outcome = nbs_outcome,
    .positions = nbs_positions,
    .risk = NULL,
    .moves = NULL,
    .destroy = nbs_destroy,
    .scope = PARLEY_SCOPE_ISSUE,
    .param_defs = nbs_defs,
};
