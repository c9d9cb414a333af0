/* parley_forecast keeps every actor's start and final position per model:
 * the start is the scenario's position, the final is the last round of the
 * trace for an iterative model and the start for a static one. */
#include "testutil.h"

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

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_start_and_final)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
