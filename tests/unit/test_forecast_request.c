/* The forecast as one call (parley_forecast_result_init): the scenario's
 * and the changed scenario's forecasts against a hand computation of the
 * weighted mean, which one is traced, and the combined forecast's score
 * hook or case library. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int scored;
static void mark(void *data, parley_combined *c) {
    (void)data;
    scored = (int)c->n_models;
}

static void test_whatif(void **state) {
    (void)state;
    parley_scenario s, changed;
    load_default(&s);
    assert_int_equal(parley_scenario_copy(&changed, &s), PARLEY_OK);
    changed.cells[0].position = changed.issues[0].lo;
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], parley_model_find("median")), PARLEY_OK);
    parley_forecast_request req = {
        .scenario = &s, .changed = &changed, .params = p, .n_params = 2, .rounds = 1};
    parley_combine_options_init(&req.combine);
    parley_forecast_result res;
    parley_error err;
    assert_int_equal(parley_forecast_result_init(&res, &req, &err), PARLEY_OK);
    assert_int_equal(res.stage, PARLEY_FORECAST_STAGE_DONE);
    for (size_t i = 0; i < s.n_issues; ++i) {
        assert_close(res.forecast.runs[i * 2].outcome.forecast, weighted_mean(&s, i), 1e-12);
        assert_close(res.changed.runs[i * 2].outcome.forecast, weighted_mean(&changed, i), 1e-12);
    }
    assert_int_equal(res.forecast.traced, 0); /* with changes the changed one keeps the rounds */
    assert_int_equal(res.changed.traced, 1);
    assert_int_equal(res.combined.n_models, 0); /* no combined forecast of a what-if */
    parley_forecast_result_destroy(&res);

    /* without changes: the combined forecast, handed to the score hook */
    req.changed = NULL;
    req.combined = 1;
    req.score = mark;
    assert_int_equal(parley_forecast_result_init(&res, &req, &err), PARLEY_OK);
    assert_int_equal(scored, 2);
    assert_int_equal(res.forecast.traced, 1);
    assert_int_equal(res.combined.n_issues, s.n_issues);
    parley_forecast_result_destroy(&res);
    parley_forecast_result_destroy(&res); /* safe twice */
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
    parley_scenario_destroy(&changed);
    parley_scenario_destroy(&s);
}

static int failed, bad_reads;
static char why[512];
static void record(void *data, parley_case_event ev, const char *file, parley_status st,
                   const parley_diags *diags) {
    (void)data;
    (void)file;
    bad_reads += ev == PARLEY_CASE_READ && st != PARLEY_OK;
    if (ev == PARLEY_CASE_FAILED) {
        failed++;
        snprintf(why, sizeof why, "%s", diags->items[0].error.message);
    }
}

/* req.cases: the combined forecast scored on $PARLEY_CASES's library; one
 * without cases leaves it unscored (said to on_diags), a path too long
 * fails; the score hook, when given, is used instead. */
static void test_case_library(void **state) {
    (void)state;
    parley_scenario s;
    load_default(&s);
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], parley_model_find("median")), PARLEY_OK);
    char empty[] = "/tmp/parley-forecast-cases-XXXXXX";
    assert_non_null(mkdtemp(empty));
    setenv("PARLEY_CASES", test_data("backtest"), 1);
    parley_case_request cases = {.on_diags = record};
    parley_forecast_request req = {
        .scenario = &s, .params = p, .n_params = 2, .combined = 1, .cases = &cases};
    parley_combine_options_init(&req.combine);
    parley_forecast_result res;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_forecast_result_init(&res, &req, &err), PARLEY_OK);
    assert_int_equal(res.stage, PARLEY_FORECAST_STAGE_DONE);
    assert_int_equal(res.combined.score.scored, 1);
    parley_forecast_result_destroy(&res);
    req.score = mark; /* the hook instead of the library */
    scored = 0;
    setenv("PARLEY_CASES", empty, 1);
    assert_int_equal(parley_forecast_result_init(&res, &req, &err), PARLEY_OK);
    assert_int_equal(scored, 2);
    assert_int_equal(failed, 0);
    parley_forecast_result_destroy(&res);
    req.score = NULL;
    assert_int_equal(parley_forecast_result_init(&res, &req, &err), PARLEY_OK);
    assert_int_equal(res.combined.score.scored, 0);
    assert_int_equal(failed, 1);
    char want[600];
    snprintf(want, sizeof want, "the case library '%s' holds no *.json case", empty);
    assert_string_equal(why, want);
    assert_string_equal(res.combined.score.unscored, want); /* the verdict says it */
    parley_buf v;
    parley_buf_init(&v);
    assert_int_equal(parley_combined_verdict(&res.combined.score, &v), PARLEY_OK);
    char said[700];
    snprintf(said, sizeof said, "Not scored against the case library: %s.", want);
    assert_string_equal(v.data, said);
    parley_buf_destroy(&v);
    parley_forecast_result_destroy(&res);
    /* a malformed case: its first error is the reason, not passed on as a
     * failed read (the caller words it as a warning) */
    char bad[700];
    snprintf(bad, sizeof bad, "%s/x.json", empty);
    FILE *fp = fopen(bad, "w");
    assert_non_null(fp);
    fputs("{\"bad\n", fp);
    fclose(fp);
    failed = 0;
    assert_int_equal(parley_forecast_result_init(&res, &req, &err), PARLEY_OK);
    assert_int_equal(res.combined.score.scored, 0);
    assert_int_equal(failed, 1);
    assert_int_equal(bad_reads, 0);
    snprintf(want, sizeof want, "%s:1:5: invalid JSON: unexpected newline near '\"bad'", bad);
    assert_string_equal(why, want);
    assert_string_equal(res.combined.score.unscored, want);
    parley_forecast_result_destroy(&res);
    remove(bad);
    static char longer[PARLEY_CASE_DIR_MAX + 1];
    memset(longer, 'x', PARLEY_CASE_DIR_MAX);
    setenv("PARLEY_CASES", longer, 1);
    assert_int_equal(parley_forecast_result_init(&res, &req, &err), PARLEY_EINVAL);
    assert_int_equal(res.stage, PARLEY_FORECAST_STAGE_CASE_LIBRARY);
    assert_string_equal(err.message, "$PARLEY_CASES: the case library's path is too long");
    parley_forecast_result_destroy(&res);
    unsetenv("PARLEY_CASES");
    rmdir(empty);
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_whatif),
                                       cmocka_unit_test(test_case_library)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
