/* Leverage as one call (parley_leverage_result_init in
 * include/parley/leverage.h): the steps `parley leverage` takes between
 * reading its scenario and writing its report.
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <parley/leverage.h>

#include "analysis/parallel_i.h"
#include "scenario/internal.h"

/* The actor and issue by name, and the selected actors, into res. */
static parley_status find_names(parley_leverage_result *res, const parley_leverage_request *req,
                                parley_error *err) {
    const parley_scenario *s = req->scenario;
    res->stage = PARLEY_LEVERAGE_STAGE_ACTOR;
    if (req->actor && (res->actor = parley_scenario_find_actor(s, req->actor)) == (size_t)-1)
        return parley_i_no_actor(err, s, "actor", req->actor);
    res->stage = PARLEY_LEVERAGE_STAGE_ISSUE;
    if (req->issue && (res->issue = parley_scenario_find_issue(s, req->issue)) == (size_t)-1)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "issue: no issue named '%s' in the scenario", req->issue);
    /* an actor with no position to search (dropped, or absent from the
     * issue) is refused before the leverage runs, as the search would */
    res->stage = PARLEY_LEVERAGE_STAGE_BEST;
    parley_status st;
    if (res->actor != (size_t)-1 &&
        (st = parley_i_best_actor_check(s, res->actor, res->issue, err)) != PARLEY_OK)
        return st;
    res->stage = PARLEY_LEVERAGE_STAGE_ACTORS;
    if (req->n_actor_names == 0)
        return PARLEY_OK;
    if (!(res->actors = malloc((s->n_actors + 1) * sizeof *res->actors)))
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    st = parley_leverage_actors_select(s, req->actor_names, req->n_actor_names, res->actors,
                                       &res->n_actors, err);
    return st == PARLEY_OK || st == PARLEY_ENOMEM ? st : parley_error_prefix(err, st, "actors");
}

/* The forecasts of the scenario before the changes (NaN when they fail). */
static parley_status unchanged_forecasts(parley_leverage_result *res,
                                         const parley_leverage_request *req) {
    const size_t n = req->scenario->n_issues * req->n_params;
    if (!(res->unchanged = malloc(n * sizeof *res->unchanged)))
        return PARLEY_ENOMEM;
    parley_status st = parley_forecast_values(req->unchanged, req->params, req->n_params,
                                              req->options.seed, res->unchanged, NULL);
    for (size_t k = 0; st != PARLEY_OK && st != PARLEY_ENOMEM && k < n; ++k)
        res->unchanged[k] = NAN; /* no base forecast: shown as such */
    return st == PARLEY_ENOMEM ? st : PARLEY_OK;
}

parley_status parley_leverage_result_init(parley_leverage_result *res,
                                          const parley_leverage_request *req, parley_error *err) {
    memset(res, 0, sizeof *res);
    res->actor = res->issue = (size_t)-1;
    res->stage = PARLEY_LEVERAGE_STAGE_MEMORY;
    if (!req || !req->scenario || !req->params)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "a leverage request needs a scenario and parameters");
    parley_status st = parley_forecast_check_memory(req->scenario, req->params, req->n_params, 1,
                                                    req->max_memory, NULL, err);
    if (st != PARLEY_OK || (st = find_names(res, req, err)) != PARLEY_OK)
        return st;
    parley_leverage_options lo = req->options;
    lo.actors = res->actors;
    lo.n_actors = res->n_actors;
    res->stage = PARLEY_LEVERAGE_STAGE_RUN;
    if (req->prepare)
        req->prepare(req->prepare_data, res, &lo);
    st = parley_leverage_run(&res->leverage, req->scenario, req->params, req->n_params, &lo, err);
    if (st != PARLEY_OK || lo.rank != 0) /* rank 0 reports */
        return st;
    res->stage = PARLEY_LEVERAGE_STAGE_UNCHANGED;
    if (req->unchanged && (st = unchanged_forecasts(res, req)) != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    res->stage = PARLEY_LEVERAGE_STAGE_BEST;
    if (res->actor != (size_t)-1 &&
        (st = parley_best_positions_init(&res->best, req->scenario, req->params, req->n_params,
                                         res->actor, res->issue, req->grid_points,
                                         req->options.seed, err)) != PARLEY_OK)
        return st;
    res->stage = PARLEY_LEVERAGE_STAGE_DONE;
    return PARLEY_OK;
}

void parley_leverage_result_destroy(parley_leverage_result *res) {
    if (!res)
        return;
    parley_leverage_destroy(&res->leverage);
    parley_best_positions_destroy(&res->best);
    free(res->unchanged);
    free(res->actors);
    memset(res, 0, sizeof *res);
    res->actor = res->issue = (size_t)-1;
}
