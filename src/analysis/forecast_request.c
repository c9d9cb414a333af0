/* The forecast as one call (parley_forecast_result_init in
 * include/parley/combine.h): what `parley forecast` computes between
 * reading its scenario and writing its report.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <parley/combine.h>

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
