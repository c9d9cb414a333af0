/* The forecast as one call (parley_forecast_result_init): the scenario's
 * and the changed scenario's forecasts against a hand computation of the
 * weighted mean, which one is traced, and the combined forecast's score
 * hook. */
#include "testutil.h"

#include <string.h>

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

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_whatif)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
