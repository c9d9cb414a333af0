/* The whole HTML report as one call (parley_html_report_init): the page
 * and its charts, the combined forecast scored on a case library with its
 * best model re-pointed to the caller's parameters, an --actor that is not
 * in the scenario, and the leverage section's chart. */
#include "testutil.h"

#include <string.h>

static void test_page_and_combined(void **state) {
    (void)state;
    parley_scenario s;
    load_default(&s);
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], parley_model_find("median")), PARLEY_OK);
    parley_error err;
    parley_forecast f;
    assert_int_equal(parley_forecast_init_seeded(&f, &s, p, 2, 1, 0, 0, &err), PARLEY_OK);

    /* the library: the two test cases, with the combined forecast scored */
    parley_case_library lib;
    parley_case_library_init(&lib);
    parley_case_request cr = {.dir = test_data("backtest")};
    assert_int_equal(parley_case_library_collect(&lib, &cr, NULL, NULL), PARLEY_OK);
    parley_backtest_options bo;
    parley_backtest_options_init(&bo);
    bo.extra = parley_backtest_extra_combined;
    bo.extra_name = "combined";
    parley_backtest bt;
    assert_int_equal(parley_case_library_backtest(&lib, &bt, p, 2, &bo, &err), PARLEY_OK);

    parley_html_request req;
    memset(&req, 0, sizeof req);
    req.scenario = &s;
    req.params = p;
    req.n_params = 2;
    req.meta = (parley_report_meta){"default", "0", 0, NULL};
    parley_report_command cmd = {.combined = 1, .leverage = 1};
    req.command = &cmd;
    parley_combine_options_init(&req.combine);
    req.library = &bt;
    parley_html_report rep;
    assert_int_equal(parley_html_report_init(&rep, &req, &err), PARLEY_OK);
    assert_int_equal(rep.stage, PARLEY_HTML_STAGE_DONE);
    assert_non_null(strstr(rep.html.data, "<!DOCTYPE html>"));
    /* the report ran the forecast itself: the same as f, run by hand */
    for (size_t k = 0; k < s.n_issues * 2; ++k)
        assert_close(rep.forecast.runs[k].outcome.forecast, f.runs[k].outcome.forecast, 0);
    /* the page shows the command that reproduces it, from req.command */
    assert_non_null(strstr(rep.html.data, "parley report --leverage"));
    assert_int_equal(rep.combined.score.scored, 1);
    /* the best model's name is the caller's (static) type name, not bt's copy */
    const char *best = rep.combined.score.best_model;
    assert_true(best == p[0].type->name || best == p[1].type->name);
    size_t leverage_charts = 0;
    for (size_t k = 0; k < rep.charts.n; ++k)
        leverage_charts += rep.charts.items[k].kind == PARLEY_CHART_LEVERAGE;
    assert_true(leverage_charts > 0);
    parley_html_report_destroy(&rep);

    cmd.actor = "Nobody";
    assert_int_equal(parley_html_report_init(&rep, &req, &err), PARLEY_EINVAL);
    assert_int_equal(rep.stage, PARLEY_HTML_STAGE_ACTOR);
    assert_non_null(strstr(err.message, "actor 'Nobody': no such actor in the scenario (actors: "));
    assert_non_null(strstr(err.message, s.actors[0].name));
    parley_html_report_destroy(&rep);
    cmd.actor = NULL;
    req.max_memory = 1; /* one byte: refused before the forecast */
    assert_int_equal(parley_html_report_init(&rep, &req, &err), PARLEY_EDATA);
    assert_int_equal(rep.stage, PARLEY_HTML_STAGE_MEMORY);
    assert_non_null(strstr(err.message, "more than the limit of 1 byte"));
    parley_html_report_destroy(&rep);
    req.max_memory = 0;
    cmd.noise = "x"; /* the noise as typed must be a number */
    assert_int_equal(parley_html_report_init(&rep, &req, &err), PARLEY_EINVAL);
    assert_true(strncmp(err.message, "noise: ", 7) == 0);
    parley_html_report_destroy(&rep);
    parley_html_report_destroy(&rep); /* safe twice */

    parley_backtest_destroy(&bt);
    parley_case_library_destroy(&lib);
    parley_forecast_destroy(&f);
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_page_and_combined)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
