/* The static (one-shot) models: compromise (weighted mean) and weighted median.
 *
 * Compromise model: x = sum(c_i s_i x_i) / sum(c_i s_i) -- Achen (2006),
 * "Institutional realism and bargaining models", in Thomson, Stokman, Achen &
 * Koenig (eds.), The European Union Decides; BDM's "mean voter position".
 * Weighted median: the position that beats every other actor position in
 * pairwise votes with linear utilities (BDM 1994's median voter), i.e. the
 * minimiser of sum w_i |x_i - p| (docs/models.md).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/model.h>

#include "models/internal.h"

typedef struct {
    parley_median_rule rule;
} median_params;

typedef struct {
    const parley_issue_view *view;
    parley_outcome outcome;
} static_state;

parley_status parley_i_summarise(size_t n, const double *x, const double *c, const double *s,
                                 parley_median_rule rule, parley_outcome *out, double *w_scratch,
                                 parley_error *err) {
    for (size_t i = 0; i < n; ++i)
        w_scratch[i] = c[i] * s[i];
    parley_status st = parley_weighted_mean(n, x, w_scratch, &out->mean, err);
    if (st != PARLEY_OK)
        return st;
    return parley_weighted_median(n, x, w_scratch, rule, &out->median, &out->median_tie,
                                  &out->median_tie_lo, &out->median_tie_hi, err);
}

PARLEY_I_CHOICE_ENUM(parley_median_rule);

const parley_param_choice parley_i_median_rules[] = {{"lower", PARLEY_MEDIAN_LOWER},
                                                     {"upper", PARLEY_MEDIAN_UPPER},
                                                     {"midpoint", PARLEY_MEDIAN_MIDPOINT},
                                                     {NULL, 0}};

const char *parley_i_median_rule_name(parley_median_rule rule) {
    return rule == PARLEY_MEDIAN_UPPER      ? "upper"
           : rule == PARLEY_MEDIAN_MIDPOINT ? "midpoint"
                                            : "lower";
}

static parley_status static_init(void *state, const parley_issue_view *v, parley_median_rule rule,
                                 int use_median, parley_error *err) {
    static_state *st = state;
    st->view = v;
    memset(&st->outcome, 0, sizeof st->outcome);
    double *w = malloc((v->n ? v->n : 1) * sizeof *w);
    if (!w)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_status rc = parley_i_summarise(v->n, v->position, v->capability, v->salience, rule,
                                          &st->outcome, w, err);
    free(w);
    if (rc != PARLEY_OK)
        return rc;
    st->outcome.forecast = use_median ? st->outcome.median : st->outcome.mean;
    st->outcome.stop = PARLEY_STOP_STATIC;
    return PARLEY_OK;
}

static int static_test(const void *state) {
    (void)state;
    return 1;
}

static void static_outcome(const void *state, parley_outcome *out) {
    *out = ((const static_state *)state)->outcome;
}

static const double *static_positions(const void *state) {
    return ((const static_state *)state)->view->position;
}

static void static_destroy(void *state) {
    (void)state;
}

/* ---- compromise (weighted mean) ---- */

static void mean_default(void *params) {
    (void)params;
}

static parley_status mean_init(void *state, const parley_issue_view *v, const void *params,
                               parley_error *err) {
    (void)params;
    return static_init(state, v, PARLEY_MEDIAN_LOWER, 0, err);
}

const parley_model_type parley_model_mean = {
    .name = "mean",
    .title = "compromise (weighted mean)",
    .source = "Achen (2006), The European Union Decides, ch. 4; BDM (1994) mean voter",
    .short_name = "the compromise model",
    .gloss = "the average of the positions, each weighted by the actor's capability \xC3\x97 "
             "salience; where talks land if everyone gives ground in proportion to their clout",
    .params_size = 1,
    .state_size = sizeof(static_state),
    .params_default = mean_default,
    .init = mean_init,
    .iterate = NULL,
    .test = static_test,
    .outcome = static_outcome,
    .positions = static_positions,
    .risk = NULL,
    .moves = NULL,
    .destroy = static_destroy,
};

/* ---- weighted median ---- */

static void median_default(void *params) {
    ((median_params *)params)->rule = PARLEY_MEDIAN_LOWER;
}

static parley_status median_init(void *state, const parley_issue_view *v, const void *params,
                                 parley_error *err) {
    return static_init(state, v, ((const median_params *)params)->rule, 1, err);
}

/* The median's one parameter (docs/models.md). */
static const parley_param_def median_defs[] = {
    PARLEY_I_CHOICE("tie", median_params, rule, parley_i_median_rules, .label = "median tie rule",
                    .doc = "which minimiser a tied weighted median reports"),
    {.key = NULL}};

const parley_model_type parley_model_median = {
    .name = "median",
    .title = "weighted median",
    .source = "BDM (1994) median voter; docs/models.md",
    .short_name = "the weighted median",
    .gloss = "the position that no coalition holding more than half of the weighted clout can "
             "beat",
    .params_size = sizeof(median_params),
    .state_size = sizeof(static_state),
    .params_default = median_default,
    .init = median_init,
    .iterate = NULL,
    .test = static_test,
    .outcome = static_outcome,
    .positions = static_positions,
    .risk = NULL,
    .moves = NULL,
    .destroy = static_destroy,
    .param_defs = median_defs,
};
