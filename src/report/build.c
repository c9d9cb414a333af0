/* The whole HTML report as one call (parley_html_report_init in
 * include/parley/report_analysis.h): what `parley report` builds between
 * reading its scenario and writing the page.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <parley/number.h>
#include <parley/report_analysis.h>

#include "io/internal.h"
#include "scenario/internal.h"

int parley_combined_score_set(parley_combined *comb, const parley_backtest *bt,
                              const parley_params *params, size_t n_params) {
    if (!parley_backtest_combined_score(bt, &comb->score))
        return 0;
    const char *best = comb->score.best_model; /* borrowed from bt: re-point */
    comb->score.best_model = NULL;
    for (size_t m = 0; best && m < n_params; ++m)
        if (strcmp(params[m].type->name, best) == 0)
            comb->score.best_model = params[m].type->name;
    return 1;
}

/* Backtests the report's models on the cases of src into bt, as `parley
 * backtest` does without options, reading them as req->cases says. */
static parley_status backtest_cases(const parley_html_request *req, parley_case_source *src,
                                    parley_backtest *bt, parley_error *err) {
    src->req.on_diags = req->cases->on_diags;
    src->req.diags_data = req->cases->diags_data;
    parley_backtest_options bo;
    parley_backtest_options_init(&bo);
    bo.seed = req->command->setup.seed;
    bo.sq_replicates = PARLEY_SQ_REPLICATES;
    parley_case_library lib;
    parley_case_library_init(&lib);
    parley_status st =
        parley_case_library_run(&lib, bt, &src->req, req->params, req->n_params, &bo, err);
    parley_case_library_destroy(&lib);
    if (st != PARLEY_OK)
        parley_backtest_destroy(bt);
    return st;
}

/* The backtests of req->cases (parley_html_request): the section's, into
 * rep->backtest with its source in src->dir (ho set to show it), which
 * also scores the combined forecast (*library then points to it: one run,
 * on the library the user named); without it the one that scores the
 * combined forecast, into rep->library (*library then points to it; when
 * it fails, unscored, PARLEY_ERROR_MSG_MAX bytes, says why). */
static parley_status cases(parley_html_report *rep, const parley_html_request *req,
                           parley_case_source *src, parley_html_options *ho,
                           const parley_backtest **library, char *unscored, parley_error *err) {
    const parley_report_command *c = req->command;
    const parley_read_options *ro = req->cases->ro;
    const int score = c->combined && !*library && req->n_params >= 2;
    parley_status st;
    if (c->backtest && !ho->backtest) {
        rep->stage = PARLEY_HTML_STAGE_CASE_LIBRARY;
        if ((st = parley_case_source_init(src, c->library, "--library", NULL, 0, ro, err)) !=
            PARLEY_OK)
            return st;
        rep->stage = PARLEY_HTML_STAGE_BACKTEST;
        if ((st = backtest_cases(req, src, &rep->backtest, err)) != PARLEY_OK)
            return st;
        ho->backtest = &rep->backtest;
        ho->backtest_source = src->dir;
        if (score) /* the same models, seed and options as the scoring run */
            *library = &rep->backtest;
        return PARLEY_OK;
    }
    if (!score)
        return PARLEY_OK;
    parley_case_source lib;
    rep->stage = PARLEY_HTML_STAGE_CASE_LIBRARY; /* $PARLEY_CASES too long: as forecast */
    if ((st = parley_case_source_init(&lib, NULL, NULL, NULL, 0, ro, err)) != PARLEY_OK)
        return st;
    struct stat sb; /* no library here: the verdict says "not yet scored" */
    if (stat(lib.dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return PARLEY_OK;
    lib.req.on_diags = req->cases->on_diags;
    lib.req.diags_data = req->cases->diags_data;
    parley_case_library cl;
    parley_case_library_init(&cl);
    parley_error why;
    st = parley_i_case_score_run(&cl, &rep->library, &lib.req, req->params, req->n_params,
                                 c->setup.seed, &why);
    parley_case_library_destroy(&cl);
    if (st == PARLEY_OK) {
        *library = &rep->library;
    } else { /* the forecast is good: the verdict says why it is not scored */
        parley_backtest_destroy(&rep->library);
        snprintf(unscored, PARLEY_ERROR_MSG_MAX, "%s", why.message);
        parley_i_case_failed(req->cases, st, &why);
    }
    return PARLEY_OK;
}

/* The forecast's charts and, with the combined forecast, its landing
 * charts (scored with library when not NULL, else unscored for the reason
 * unscored, "" when there was no library). */
static parley_status charts(parley_html_report *rep, const parley_html_request *req,
                            const parley_html_options *ho, const parley_backtest *library,
                            const char *unscored, parley_error *err) {
    const parley_forecast *f = &rep->forecast;
    const parley_report_command *c = req->command;
    rep->stage = PARLEY_HTML_STAGE_CHARTS;
    parley_status st = parley_report_charts(f, ho, &rep->charts, err);
    if (st != PARLEY_OK || !c->combined)
        return st;
    parley_combine_options co = req->combine;
    co.seed = c->setup.seed;
    if (c->has_sq_replicates)
        co.sq_replicates = (size_t)c->sq_replicates;
    if ((st = parley_combined_init(&rep->combined, f, &co, err)) != PARLEY_OK)
        return st;
    if (library)
        parley_combined_score_set(&rep->combined, library, f->params, f->n_models);
    else
        snprintf(rep->combined.score.unscored, sizeof rep->combined.score.unscored, "%s", unscored);
    return parley_report_landing_charts(f, &rep->combined, &rep->charts, err);
}

/* The analysis sections: ensemble, leverage, the experts' disagreement. */
static parley_status sections(parley_html_report *rep, const parley_html_request *req, double noise,
                              parley_error *err) {
    const parley_forecast *f = &rep->forecast;
    const parley_report_command *c = req->command;
    rep->stage = PARLEY_HTML_STAGE_SECTIONS;
    parley_status st = PARLEY_OK;
    if (c->ensemble)
        st = req->experts
                 ? parley_report_add_ensemble_experts(f, req->experts, PARLEY_EXPERTS_DRAW_CELL,
                                                      c->ensemble, noise, c->noise, c->setup.seed,
                                                      req->max_memory, &rep->charts, err)
                 : parley_report_add_ensemble(f, c->ensemble, noise, c->noise, c->setup.seed,
                                              req->max_memory, &rep->charts, err);
    if (st == PARLEY_OK && c->leverage)
        st = parley_report_add_leverage(f, c->setup.seed, &rep->charts, err);
    if (st == PARLEY_OK && req->experts) /* under "How sure" (10 widest ranges) */
        st = parley_report_add_experts(req->experts, 10, &rep->charts, err);
    return st;
}

parley_status parley_html_report_init(parley_html_report *rep, const parley_html_request *req,
                                      parley_error *err) {
    memset(rep, 0, sizeof *rep);
    parley_buf_init(&rep->html);
    parley_chart_set_init(&rep->charts);
    rep->stage = PARLEY_HTML_STAGE_ACTOR;
    if (!req || !req->scenario || !req->params || !req->command)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "an HTML report needs a scenario, parameters and its command");
    const parley_report_command *c = req->command;
    parley_html_options ho = req->html;
    const parley_backtest *library = req->library;
    parley_case_source src; /* the backtest section's library, named on the page */
    char unscored[PARLEY_ERROR_MSG_MAX] = ""; /* why the combined forecast is not scored */
    parley_status st;
    if (req->cases && (st = cases(rep, req, &src, &ho, &library, unscored, err)) != PARLEY_OK)
        return st;
    rep->stage = PARLEY_HTML_STAGE_ACTOR;
    ho.actor = (size_t)-1;
    if (c->actor && (ho.actor = parley_scenario_find_actor(req->scenario, c->actor)) == (size_t)-1)
        return parley_i_no_actor(err, req->scenario, "actor", c->actor);
    double noise = 0.05;
    if (c->noise && parley_number_parse(c->noise, strlen(c->noise), &noise, err) != PARLEY_OK)
        return parley_error_prefix(err, PARLEY_EINVAL, "noise");
    rep->stage = PARLEY_HTML_STAGE_MEMORY;
    st = parley_forecast_check_memory(req->scenario, req->params, req->n_params, 1, req->max_memory,
                                      NULL, err);
    if (st != PARLEY_OK)
        return st;
    rep->stage = PARLEY_HTML_STAGE_FORECAST;
    st = parley_forecast_init_seeded(&rep->forecast, req->scenario, req->params, req->n_params, 1,
                                     c->setup.seed, 0, err);
    parley_buf text;
    parley_buf_init(&text);
    if (st == PARLEY_OK) {
        rep->stage = PARLEY_HTML_STAGE_CHARTS;
        if ((st = parley_report_command_text(c, &text)) != PARLEY_OK)
            parley_error_set(err, st, NULL, 0, 0, "out of memory");
    }
    ho.command = text.data;
    if (st == PARLEY_OK && (st = charts(rep, req, &ho, library, unscored, err)) == PARLEY_OK &&
        (st = sections(rep, req, noise, err)) == PARLEY_OK) {
        rep->stage = PARLEY_HTML_STAGE_HTML;
        parley_report_meta meta = req->meta;
        meta.combined = c->combined ? &rep->combined : NULL;
        st = parley_report_html(&rep->forecast, &meta, &ho, &rep->charts, &rep->html, err);
    }
    parley_buf_destroy(&text);
    if (st == PARLEY_OK)
        rep->stage = PARLEY_HTML_STAGE_DONE;
    else if (rep->stage != PARLEY_HTML_STAGE_SECTIONS) /* not the caller's request */
        parley_error_prefix(err, st, "cannot build the report");
    return st;
}

void parley_html_report_destroy(parley_html_report *rep) {
    if (!rep)
        return;
    parley_buf_destroy(&rep->html);
    parley_chart_set_destroy(&rep->charts);
    parley_combined_destroy(&rep->combined);
    parley_forecast_destroy(&rep->forecast);
    parley_backtest_destroy(&rep->backtest);
    parley_backtest_destroy(&rep->library);
    memset(rep, 0, sizeof *rep);
}
