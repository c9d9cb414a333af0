/* The whole HTML report as one call (parley_html_report_init): the page
 * and its charts, the combined forecast scored on a case library with its
 * best model re-pointed to the caller's parameters, an --actor that is not
 * in the scenario, and the leverage section's chart. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    assert_non_null(
        strstr(err.message, "actor: no actor named 'Nobody' in the scenario (actors: "));
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

typedef struct seen {
    int reads, failed;
    char why[512];
} seen;

static void record(void *data, parley_case_event ev, const char *file, parley_status st,
                   const parley_diags *diags) {
    seen *s = data;
    (void)file;
    (void)st;
    s->reads += ev == PARLEY_CASE_READ;
    if (ev == PARLEY_CASE_FAILED) {
        s->failed++;
        assert_null(file);
        assert_int_equal(diags->count, 1);
        assert_int_equal(diags->items[0].severity, PARLEY_SEV_ERROR);
        snprintf(s->why, sizeof s->why, "%s", diags->items[0].error.message);
    }
}

/* req.cases: the report runs the backtest of --library itself (shown with
 * its directory as the source), which also scores the combined forecast;
 * without it the one of $PARLEY_CASES scores it; a library it cannot
 * backtest leaves the combined forecast unscored (said to on_diags), one
 * for the section fails it, so does a path too long. */
static void test_case_libraries(void **state) {
    (void)state;
    parley_scenario s;
    load_default(&s);
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], parley_model_find("median")), PARLEY_OK);
    char dir[4096], empty[] = "/tmp/parley-html-cases-XXXXXX";
    snprintf(dir, sizeof dir, "%s", test_data("backtest"));
    assert_non_null(mkdtemp(empty));
    setenv("PARLEY_CASES", empty, 1); /* not read: --library scores it */
    parley_report_command cmd = {.combined = 1, .backtest = 1, .library = dir};
    seen sn;
    memset(&sn, 0, sizeof sn);
    parley_case_request cases = {.on_diags = record, .diags_data = &sn};
    parley_html_request req;
    memset(&req, 0, sizeof req);
    req.scenario = &s;
    req.params = p;
    req.n_params = 2;
    req.meta = (parley_report_meta){"default", "0", 0, NULL};
    req.command = &cmd;
    req.cases = &cases;
    parley_combine_options_init(&req.combine);
    parley_html_report rep;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_html_report_init(&rep, &req, &err), PARLEY_OK);
    assert_int_equal(sn.reads, 2); /* two cases, once */
    assert_int_equal(sn.failed, 0);
    assert_int_equal(rep.backtest.n_cases, 2);
    assert_int_equal(rep.library.n_cases, 0); /* the section's backtest scored it */
    assert_int_equal(rep.combined.score.scored, 1);
    parley_combined_score bs;
    assert_true(parley_backtest_combined_score(&rep.backtest, &bs));
    assert_int_equal(rep.combined.score.n, bs.n);
    assert_true(rep.combined.score.mae == bs.mae);
    char shown[5000];
    snprintf(shown, sizeof shown, "On the case library (%s)", dir);
    assert_non_null(strstr(rep.html.data, shown));
    parley_html_report_destroy(&rep);

    /* $PARLEY_CASES without a case: unscored, said; the report goes on */
    setenv("PARLEY_CASES", empty, 1);
    cmd.backtest = 0;
    cmd.library = NULL;
    memset(&sn, 0, sizeof sn);
    assert_int_equal(parley_html_report_init(&rep, &req, &err), PARLEY_OK);
    assert_int_equal(sn.failed, 1);
    char want[5000];
    snprintf(want, sizeof want, "the case library '%s' holds no *.json case", empty);
    assert_string_equal(sn.why, want);
    assert_int_equal(rep.combined.score.scored, 0);
    assert_null(strstr(rep.html.data, "On the case library"));
    parley_html_report_destroy(&rep);
    /* one model: no combined record, the library is not read */
    req.n_params = 1;
    memset(&sn, 0, sizeof sn);
    assert_int_equal(parley_html_report_init(&rep, &req, &err), PARLEY_OK);
    assert_int_equal(sn.failed, 0);
    parley_html_report_destroy(&rep);
    req.n_params = 2;

    /* the section's library: missing, or a path too long, fails first */
    cmd.backtest = 1;
    cmd.library = "/nonexistent/parley-cases";
    assert_int_equal(parley_html_report_init(&rep, &req, &err), PARLEY_EIO);
    assert_int_equal(rep.stage, PARLEY_HTML_STAGE_BACKTEST);
    assert_string_equal(err.message, "no case library at '/nonexistent/parley-cases' "
                                     "(--library; expected a directory of *.json cases)");
    parley_html_report_destroy(&rep);
    static char longer[PARLEY_CASE_DIR_MAX + 1];
    memset(longer, 'x', PARLEY_CASE_DIR_MAX);
    cmd.library = longer;
    assert_int_equal(parley_html_report_init(&rep, &req, &err), PARLEY_EINVAL);
    assert_int_equal(rep.stage, PARLEY_HTML_STAGE_CASE_LIBRARY);
    assert_string_equal(err.message, "--library: the case library's path is too long");
    parley_html_report_destroy(&rep);
    /* a combined record whose path is too long fails the report, as it
     * fails parley_forecast_result_init */
    setenv("PARLEY_CASES", longer, 1);
    cmd.backtest = 0;
    cmd.library = NULL;
    memset(&sn, 0, sizeof sn);
    assert_int_equal(parley_html_report_init(&rep, &req, &err), PARLEY_EINVAL);
    assert_int_equal(rep.stage, PARLEY_HTML_STAGE_CASE_LIBRARY);
    assert_int_equal(sn.failed, 0);
    assert_string_equal(err.message, "$PARLEY_CASES: the case library's path is too long");
    parley_html_report_destroy(&rep);

    unsetenv("PARLEY_CASES");
    rmdir(empty);
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_page_and_combined),
                                       cmocka_unit_test(test_case_libraries)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
