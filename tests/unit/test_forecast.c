/* parley_forecast keeps every actor's start and final position per model:
 * the start is the scenario's position, the final is the last round of the
 * trace for an iterative model and the start for a static one. */
#include "testutil.h"

#include <string.h>

static void test_start_and_final(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    const char *names[3] = {"mean", "eu", "nbs"};
    parley_params p[3];
    for (int m = 0; m < 3; ++m)
        assert_int_equal(parley_params_init(&p[m], parley_model_find(names[m])), PARLEY_OK);
    parley_forecast f;
    parley_error err;
    assert_int_equal(parley_forecast_init(&f, &s, p, 3, 1, &err), PARLEY_OK);
    for (size_t m = 0; m < 3; ++m) {
        const parley_run *run = parley_forecast_run(&f, 0, m);
        assert_int_equal(run->status, PARLEY_OK);
        assert_int_equal(run->n, 3);
        /* small.json: finance 12.5, health 55, schools 35 */
        assert_close(run->start[0], 12.5, 0);
        assert_close(run->start[1], 55, 0);
        assert_close(run->start[2], 35, 0);
        for (size_t j = 0; j < run->n; ++j) {
            double last =
                run->n_rounds ? run->rounds[run->n_rounds - 1].position[j] : run->start[j];
            assert_close(run->final[j], last, 0);
        }
    }
    /* the expected utility model moves someone on this scenario */
    const parley_run *eu = parley_forecast_run(&f, 0, 1);
    int moved = 0;
    for (size_t j = 0; j < eu->n; ++j)
        moved |= eu->final[j] != eu->start[j];
    assert_true(moved);
    parley_forecast_destroy(&f);
    for (int m = 0; m < 3; ++m)
        parley_params_destroy(&p[m]);
    parley_scenario_destroy(&s);
}

/* Hand-filled bad parameters are refused once by parley_forecast_init,
 * with the check's message, before any issue runs. */
static void test_bad_params_refused(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], &parley_model_mean), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], &parley_model_eu), PARLEY_OK);
    ((parley_eu_params *)p[1].data)->q = 2.0;
    parley_forecast f;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_forecast_init(&f, &s, p, 2, 0, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "eu.q must be a number from 0 to 1, not 2");
    assert_null(f.runs);
    parley_error_clear(&err);
    assert_int_equal(parley_forecast_init_seeded(&f, &s, p, 2, 0, 3, 1, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "eu.q must be a number from 0 to 1, not 2");
    ((parley_eu_params *)p[1].data)->q = 1.0;
    assert_int_equal(parley_forecast_init(&f, &s, p, 2, 0, &err), PARLEY_OK);
    assert_int_equal(parley_forecast_run(&f, 0, 1)->status, PARLEY_OK);
    parley_forecast_destroy(&f);
    for (int m = 0; m < 2; ++m)
        parley_params_destroy(&p[m]);
    parley_scenario_destroy(&s);
}

/* parley_params_setup_apply: --preset, --rounds, --param, --seed in that
 * order, and which setting an error came from. */
static void test_params_setup(void **state) {
    (void)state;
    const parley_model_type *types[2] = {parley_model_find("eu"), parley_model_find("mean")};
    parley_params p[2];
    size_t made = 0, index = 9;
    parley_setup_step step = PARLEY_SETUP_INIT;
    parley_error err;
    /* q after the preset: the preset becomes "custom", its rounds stay 7 */
    const char *texts[1] = {"eu.q=0.25"};
    parley_params_setup su = {"bdm1994", 7, texts, 1, 11};
    assert_int_equal(parley_params_setup_apply(p, types, 2, &made, &su, &step, &index, &err),
                     PARLEY_OK);
    assert_int_equal(made, 2);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_params_describe(&p[0], &b), PARLEY_OK);
    assert_non_null(strstr(b.data, "preset=custom, rounds=7,"));
    assert_non_null(strstr(b.data, ", q=0.25,"));
    parley_buf_destroy(&b);
    for (size_t m = 0; m < made; ++m)
        parley_params_destroy(&p[m]);
    /* the mean has no presets and plays no rounds */
    parley_params_setup bad = {"bdm1994", 0, NULL, 0, 0};
    assert_int_equal(parley_params_setup_apply(p, types + 1, 1, &made, &bad, &step, &index, &err),
                     PARLEY_EUNSUPPORTED);
    assert_int_equal(step, PARLEY_SETUP_PRESET);
    assert_string_equal(err.message,
                        "preset: none of the selected models (mean) has this parameter");
    parley_params_destroy(&p[0]);
    parley_params_setup rounds = {NULL, 5, NULL, 0, 0};
    assert_int_equal(
        parley_params_setup_apply(p, types + 1, 1, &made, &rounds, &step, &index, &err),
        PARLEY_EUNSUPPORTED);
    assert_int_equal(step, PARLEY_SETUP_ROUNDS);
    assert_string_equal(err.message,
                        "rounds: none of the selected models (mean) has this parameter");
    parley_params_destroy(&p[0]);
    /* the second --param is refused: index 1 */
    const char *two[2] = {"eu.q=0.5", "eu.q=2"};
    parley_params_setup params = {NULL, 0, two, 2, 0};
    assert_int_equal(parley_params_setup_apply(p, types, 2, &made, &params, &step, &index, &err),
                     PARLEY_EINVAL);
    assert_int_equal(step, PARLEY_SETUP_PARAM);
    assert_int_equal(index, 1);
    assert_string_equal(err.message, "param 'eu.q=2': q must be a number from 0 to 1, not '2'");
    for (size_t m = 0; m < made; ++m)
        parley_params_destroy(&p[m]);
    /* each setting in range, the rule across them not: min-steps above the rounds */
    const parley_model_type *spatial[2] = {parley_model_find("mean"), parley_model_find("spatial")};
    const char *steps[1] = {"spatial.min-steps=500"};
    parley_params_setup cross = {NULL, 10, steps, 1, 0};
    assert_int_equal(parley_params_setup_apply(p, spatial, 2, &made, &cross, &step, &index, &err),
                     PARLEY_EINVAL);
    assert_int_equal(step, PARLEY_SETUP_CHECK);
    assert_int_equal(index, 1);
    assert_string_equal(err.message,
                        "spatial.min-steps (500) must not exceed spatial.max-steps (10) (rounds "
                        "sets every selected model's round limit, the spatial model's max-steps)");
    for (size_t m = 0; m < made; ++m)
        parley_params_destroy(&p[m]);
}

/* parley_model_list_default: nothing selected is every model (and the
 * combined forecast where allowed); "combined" alone combines every model;
 * a selection stays. */
static void test_model_list_default(void **state) {
    (void)state;
    size_t n_all = 0;
    while (parley_model_types()[n_all])
        ++n_all;
    const parley_model_type *types[16];
    assert_true(n_all <= 16);
    size_t n = 0;
    int combined = 0;
    parley_model_list_default(types, &n, 16, &combined, 1);
    assert_int_equal(n, n_all);
    assert_int_equal(combined, 1);
    assert_ptr_equal(types[0], parley_model_types()[0]);
    n = 0, combined = 0;
    parley_model_list_default(types, &n, 16, &combined, 0);
    assert_int_equal(n, n_all);
    assert_int_equal(combined, 0);
    n = 0, combined = 1; /* -m combined */
    parley_model_list_default(types, &n, 16, &combined, 1);
    assert_int_equal(n, n_all);
    assert_int_equal(combined, 1);
    types[0] = parley_model_find("eu"), n = 1, combined = 0; /* -m eu */
    parley_model_list_default(types, &n, 16, &combined, 1);
    assert_int_equal(n, 1);
    assert_int_equal(combined, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_and_final), cmocka_unit_test(test_params_setup),
        cmocka_unit_test(test_bad_params_refused), cmocka_unit_test(test_model_list_default)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
