/* The analysis sections of the HTML report: the ensemble and leverage
 * charts of `parley report --ensemble N` and `--leverage`.  The numbers
 * come from the analyses (parley_ensemble_run, parley_ensemble_fans,
 * parley_leverage_compute); this file only chooses what they are run with
 * and hands their results to the chart builders.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include <parley/report_analysis.h>

#include "report_i.h"

size_t parley_report_headline(const parley_params *params, size_t n) {
    for (size_t m = 0; m < n; ++m)
        if (params[m].type->report_flags & PARLEY_REPORT_HEADLINE)
            return m;
    return n - 1;
}

/* The ensemble section on f's scenario, or with ex on the experts' codings
 * (f's scenario is then their median table, ex->aggregate). */
static parley_status add_ensemble(const parley_forecast *f, const parley_experts *ex,
                                  parley_experts_draw mode, uint64_t replicates, double noise,
                                  const char *noise_text, uint64_t seed, size_t max_memory,
                                  parley_chart_set *set, parley_error *err) {
    const parley_scenario *s = f->scenario;
    const parley_params *params = f->params;
    const size_t nm = f->n_models, m = parley_report_headline(params, nm);
    parley_ensemble_summary sum;
    memset(&sum, 0, sizeof sum);
    if (parley_ensemble_summary_init(&sum, s, nm, 20) != PARLEY_OK)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_perturbation pert;
    parley_perturbation_default(&pert);
    pert.noise[PARLEY_FIELD_POSITION].size = noise;
    parley_ensemble_options eo;
    parley_ensemble_options_init(&eo);
    eo.seed = seed;
    eo.count = replicates;
    eo.total = replicates;
    eo.max_memory = max_memory;
    parley_status st = ex ? parley_ensemble_run_experts(ex, mode, params, nm, &pert, &eo, &sum, err)
                          : parley_ensemble_run(s, params, nm, &pert, &eo, &sum, err);
    parley_fan *fans = calloc(s->n_issues, sizeof *fans);
    if (st == PARLEY_OK && !fans)
        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    if (st == PARLEY_OK)
        st = ex ? parley_ensemble_fans_experts(ex, mode, &params[m], &pert, seed, replicates, fans,
                                               err)
                : parley_ensemble_fans(s, &params[m], &pert, seed, replicates, fans, err);
    if (st == PARLEY_OK)
        st = parley_i_report_ensemble_charts(s, &sum, fans, f, m, noise_text,
                                             ex ? ex->n_experts : 0, set, err);
    parley_fans_destroy(fans, fans ? s->n_issues : 0);
    free(fans);
    parley_ensemble_summary_destroy(&sum);
    return st;
}

parley_status parley_report_add_ensemble(const parley_forecast *f, uint64_t replicates,
                                         double noise, const char *noise_text, uint64_t seed,
                                         size_t max_memory, parley_chart_set *set,
                                         parley_error *err) {
    return add_ensemble(f, NULL, PARLEY_EXPERTS_DRAW_CELL, replicates, noise, noise_text, seed,
                        max_memory, set, err);
}

parley_status parley_report_add_ensemble_experts(const parley_forecast *f, const parley_experts *ex,
                                                 parley_experts_draw mode, uint64_t replicates,
                                                 double noise, const char *noise_text,
                                                 uint64_t seed, size_t max_memory,
                                                 parley_chart_set *set, parley_error *err) {
    if (!ex || ex->n_experts == 0 || f->scenario->n_actors != ex->aggregate.n_actors ||
        f->scenario->n_issues != ex->aggregate.n_issues)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the forecast is not of the experts' median table");
    return add_ensemble(f, ex, mode, replicates, noise, noise_text, seed, max_memory, set, err);
}

parley_status parley_report_add_leverage(const parley_forecast *f, uint64_t seed,
                                         parley_chart_set *set, parley_error *err) {
    const parley_scenario *s = f->scenario;
    const size_t m = parley_report_headline(f->params, f->n_models);
    const double effect = 0.1, step = 0.05; /* parley leverage's defaults */
    parley_leverage lev;
    memset(&lev, 0, sizeof lev);
    parley_status st =
        parley_leverage_compute(&lev, s, f->params, f->n_models, step, effect, seed, err);
    if (st == PARLEY_OK)
        st = parley_report_leverage_charts(s, &lev, m, 10, effect, f->params[m].type->title, set,
                                           err);
    parley_leverage_destroy(&lev);
    return st;
}
