/* An ensemble as one call (include/parley/ensemble_request.h): the steps
 * `parley ensemble` takes between reading its inputs and writing its report.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/ensemble_request.h>
#include <parley/number.h>

/* A spec-file item's error (where: its JSON path, already in err->path):
 * names the file and makes it a data error.  Returns PARLEY_EDATA. */
static parley_status locate(parley_error *err, const char *spec_file) {
    if (err) {
        if (spec_file)
            snprintf(err->file, sizeof err->file, "%s", spec_file);
        err->status = PARLEY_EDATA;
    }
    return PARLEY_EDATA;
}

/* The sweeps: an error names the sweep (a spec-file sweep: the file and
 * its JSON path; a command-line one: its text, "sweep 'eu.q=0.5,2'"). */
static parley_status make_configs(parley_ensemble_result *res, const parley_ensemble_request *req,
                                  parley_error *err) {
    parley_status st =
        parley_ensemble_configs_init(&res->configs, req->spec, req->params, req->n_params, err);
    const size_t k = res->configs.bad_sweep;
    if (st == PARLEY_OK || st == PARLEY_ENOMEM || k == (size_t)-1)
        return st;
    const parley_sweep *sw = &req->spec->sweeps[k];
    if (sw->where[0])
        return locate(err, req->spec_file);
    char text[256]; /* as typed: MODEL.KEY=V1,V2,... */
    size_t len = (size_t)snprintf(text, sizeof text, "%s.%s=", sw->model, sw->key);
    for (size_t v = 0; v < sw->n_values && len < sizeof text; ++v)
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", v ? "," : "", sw->values[v]);
    /* a bad value, as typed, is the caller's mistake */
    return parley_error_prefix(err, st == PARLEY_EUNSUPPORTED ? st : PARLEY_EINVAL, "sweep '%s'",
                               text);
}

/* 1 when a sweep of spec varies key of the model of p. */
static int swept(const parley_ensemble_spec *spec, const parley_params *p, const char *key) {
    for (size_t k = 0; k < spec->n_sweeps; ++k)
        if (strcmp(spec->sweeps[k].key, key) == 0 &&
            parley_model_find(spec->sweeps[k].model) == p->type)
            return 1;
    return 0;
}

/* A bad value's message names the shock already ("shock must be ..."). */
static parley_status shock_error(parley_status st, parley_error *err) {
    if (st == PARLEY_EUNSUPPORTED)
        return parley_error_prefix(err, st, "shock");
    if (st != PARLEY_ENOMEM && err)
        err->status = PARLEY_EINVAL;
    return st == PARLEY_ENOMEM ? st : PARLEY_EINVAL;
}

/* The shock on every configuration whose model does not sweep its shock
 * (a sweep wins, as a sweep of rounds wins over the rounds of every
 * model): an error names it. */
static parley_status set_shock(parley_ensemble_result *res, const parley_ensemble_spec *spec,
                               parley_error *err) {
    char v[PARLEY_NUMBER_BUF];
    parley_number_format(spec->shock, v);
    parley_params *p = res->configs.params;
    const size_t n = res->configs.n;
    int had = 0; /* some configuration has a shock */
    for (size_t m = 0, e; m < n; m = e) {
        for (e = m; e < n && !swept(spec, &p[e], "shock"); ++e) {
        }
        parley_status st = PARLEY_OK;
        if (e == m) /* p[m] sweeps its shock */
            ++e;
        else
            st = parley_params_set_all(&p[m], e - m, "shock", v, err);
        if (st == PARLEY_OK)
            had = 1;
        else if (st != PARLEY_EUNSUPPORTED)
            return shock_error(st, err);
    }
    /* none has a shock: again, so that the message names every model */
    return had ? PARLEY_OK : shock_error(parley_params_set_all(p, n, "shock", v, err), err);
}

/* The perturbation: on error, bad_noise is the first item naming no actor
 * (a spec-file item: the file and its path; a command-line one: "noise"). */
static parley_status make_perturbation(parley_ensemble_result *res,
                                       const parley_ensemble_request *req, parley_error *err) {
    const parley_ensemble_spec *spec = req->spec;
    parley_status st = parley_ensemble_spec_perturbation(spec, req->scenario, &res->perturbation,
                                                         &res->actor_noise, err);
    if (st == PARLEY_OK || st == PARLEY_ENOMEM)
        return st;
    for (size_t k = 0; k < spec->n_noise; ++k) {
        const parley_noise_item *it = &spec->noise[k];
        if (!it->all && parley_scenario_find_actor(req->scenario, it->actor) == (size_t)-1) {
            res->bad_noise = k;
            return it->where[0] ? locate(err, req->spec_file)
                                : parley_error_prefix(err, st, "noise");
        }
    }
    return st;
}

/* The summary and the unperturbed forecasts. */
static parley_status make_base(parley_ensemble_result *res, const parley_ensemble_request *req,
                               parley_error *err) {
    const parley_scenario *s = req->scenario;
    const size_t n = res->configs.n;
    res->stage = PARLEY_ENSEMBLE_STAGE_ALLOC;
    res->base = malloc(s->n_issues * n * sizeof *res->base);
    res->unchanged = req->unchanged ? malloc(s->n_issues * n * sizeof *res->unchanged) : NULL;
    if (!res->base || (req->unchanged && !res->unchanged) ||
        parley_ensemble_summary_init(&res->summary, s, n, (size_t)req->spec->bins) != PARLEY_OK)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    res->stage = PARLEY_ENSEMBLE_STAGE_BASE;
    const uint64_t seed = req->options.seed;
    parley_status st = parley_forecast_values(s, res->configs.params, n, seed, res->base, err);
    if (st == PARLEY_OK && req->unchanged)
        st = parley_forecast_values(req->unchanged, res->configs.params, n, seed, res->unchanged,
                                    err);
    return st;
}

parley_status parley_ensemble_result_init(parley_ensemble_result *res,
                                          const parley_ensemble_request *req, parley_error *err) {
    memset(res, 0, sizeof *res);
    res->bad_noise = (size_t)-1;
    res->stage = PARLEY_ENSEMBLE_STAGE_CONFIGS;
    if (!req || !req->scenario || !req->spec || (!req->params && req->n_params))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "an ensemble request needs a scenario, a spec and parameters");
    if (req->experts && req->unchanged) /* the CLI refuses --experts with --set or --drop */
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "experts does not combine with set or drop (a request with "
                                "unchanged): each replicate draws its table from the experts' "
                                "codings");
    const parley_ensemble_spec *spec = req->spec;
    parley_status st = make_configs(res, req, err);
    if (st != PARLEY_OK)
        return st;
    res->stage = PARLEY_ENSEMBLE_STAGE_MEMORY;
    st = parley_forecast_check_memory(req->scenario, res->configs.params, res->configs.n, 1,
                                      req->max_memory, NULL, err);
    if (st != PARLEY_OK)
        return st;
    res->stage = PARLEY_ENSEMBLE_STAGE_SHOCK;
    if (spec->has_shock && (st = set_shock(res, spec, err)) != PARLEY_OK)
        return st;
    res->stage = PARLEY_ENSEMBLE_STAGE_PERTURBATION;
    if ((st = make_perturbation(res, req, err)) != PARLEY_OK)
        return st;
    res->nothing_perturbed =
        spec->replicates > 1 && !req->experts &&
        parley_perturbation_is_null(&res->perturbation, req->scenario->n_actors) &&
        !(spec->has_shock && spec->shock > 0.0);
    if ((st = make_base(res, req, err)) != PARLEY_OK)
        return st;
    parley_ensemble_options eo = req->options;
    res->stage = PARLEY_ENSEMBLE_STAGE_PREPARE;
    if (req->prepare && (st = req->prepare(req->prepare_data, res, &eo, err)) != PARLEY_OK)
        return st;
    res->stage = PARLEY_ENSEMBLE_STAGE_RUN;
    const parley_params *p = res->configs.params;
    st = req->experts ? parley_ensemble_run_experts(req->experts, req->draw, p, res->configs.n,
                                                    &res->perturbation, &eo, &res->summary, err)
                      : parley_ensemble_run(req->scenario, p, res->configs.n, &res->perturbation,
                                            &eo, &res->summary, err);
    if (st == PARLEY_OK)
        res->stage = PARLEY_ENSEMBLE_STAGE_DONE;
    return st;
}

void parley_ensemble_result_destroy(parley_ensemble_result *res) {
    if (!res)
        return;
    free(res->base);
    free(res->unchanged);
    free(res->actor_noise);
    parley_ensemble_summary_destroy(&res->summary);
    parley_ensemble_configs_destroy(&res->configs);
    memset(res, 0, sizeof *res);
    res->bad_noise = (size_t)-1;
}
