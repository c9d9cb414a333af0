/* The forecast as one call (parley_forecast_result_init in
 * include/parley/combine.h): what `parley forecast` computes between
 * reading its scenario and writing its report.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <parley/cases.h>
#include <parley/combine.h>

#include "io/internal.h"

/* Scores res->combined on the case library as req->cases says
 * (parley_forecast_request); fails only for a path too long. */
static parley_status score_library(parley_forecast_result *res, const parley_forecast_request *req,
                                   parley_error *err) {
    parley_case_source src;
    res->stage = PARLEY_FORECAST_STAGE_CASE_LIBRARY;
    parley_status st = parley_case_source_init(&src, NULL, NULL, NULL, 0, req->cases->ro, err);
    if (st != PARLEY_OK)
        return st;
    src.req.on_diags = req->cases->on_diags;
    src.req.diags_data = req->cases->diags_data;
    parley_error why;
    parley_error_clear(&why);
    if ((st = parley_combined_score_library(&res->combined, &src.req, req->params, req->n_params,
                                            req->seed, &why)) != PARLEY_OK)
        parley_i_case_failed(req->cases, st, &why);
    res->stage = PARLEY_FORECAST_STAGE_COMBINED;
    return PARLEY_OK;
}

parley_status parley_forecast_result_init(parley_forecast_result *res,
                                          const parley_forecast_request *req, parley_error *err) {
    memset(res, 0, sizeof *res);
    res->stage = PARLEY_FORECAST_STAGE_FORECAST;
    if (!req || !req->scenario || !req->params)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "a forecast request needs a scenario and parameters");
    const int whatif = req->changed != NULL;
    parley_status st =
        parley_forecast_init_seeded(&res->forecast, req->scenario, req->params, req->n_params,
                                    req->trace || (req->rounds && !whatif), req->seed, 0, err);
    if (st != PARLEY_OK)
        return st;
    res->stage = PARLEY_FORECAST_STAGE_COMBINED;
    if (req->combined && !whatif) {
        if ((st = parley_combined_init(&res->combined, &res->forecast, &req->combine, err)) !=
            PARLEY_OK)
            return st;
        if (req->score)
            req->score(req->score_data, &res->combined);
        else if (req->cases && (st = score_library(res, req, err)) != PARLEY_OK)
            return st;
    }
    res->stage = PARLEY_FORECAST_STAGE_CHANGED;
    if (whatif &&
        (st = parley_forecast_init_seeded(&res->changed, req->changed, req->params, req->n_params,
                                          req->rounds, req->seed, 0, err)) != PARLEY_OK)
        return st;
    res->stage = PARLEY_FORECAST_STAGE_DONE;
    return PARLEY_OK;
}

void parley_forecast_result_destroy(parley_forecast_result *res) {
    if (!res)
        return;
    parley_forecast_destroy(&res->changed);
    parley_combined_destroy(&res->combined);
    parley_forecast_destroy(&res->forecast);
    memset(res, 0, sizeof *res);
}
