/* Leverage as one call (parley_leverage_result_init): the unchanged
 * forecasts against a hand computation of the weighted mean, the actor and
 * issue found by name, the stage of a name that is not in the scenario, and
 * the report filled from the result. */
#include "testutil.h"

#include <math.h>
#include <string.h>

static void test_whatif_and_best(void **state) {
    (void)state;
    parley_scenario orig, s;
    load_default(&orig);
    assert_int_equal(parley_scenario_copy(&s, &orig), PARLEY_OK);
    s.cells[0].position = s.issues[0].lo; /* a what-if: the first cell moves to lo */
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("mean")), PARLEY_OK);
    const char *actor = s.actors[1].name, *issue = s.issues[0].name;
    const char *names[] = {actor};
    parley_leverage_request req = {.scenario = &s,
                                   .unchanged = &orig,
                                   .params = &p,
                                   .n_params = 1,
                                   .actor = actor,
                                   .issue = issue,
                                   .grid_points = 11,
                                   .actor_names = names,
                                   .n_actor_names = 1};
    parley_leverage_options_init(&req.options);
    parley_leverage_result res;
    parley_error err;
    assert_int_equal(parley_leverage_result_init(&res, &req, &err), PARLEY_OK);
    assert_int_equal(res.stage, PARLEY_LEVERAGE_STAGE_DONE);
    assert_int_equal(res.actor, 1);
    assert_int_equal(res.issue, 0);
    assert_int_equal(res.n_actors, 1);
    assert_int_equal(res.actors[0], 1);
    for (size_t i = 0; i < s.n_issues; ++i)
        assert_close(res.unchanged[i], weighted_mean(&orig, i), 1e-12);
    assert_int_equal(res.best.n, 1); /* one issue, one model */
    assert_int_equal(res.best.issue[0], 0);
    parley_leverage_report r;
    const char *changes[] = {"--set X"};
    parley_report_leverage_result(&res, &req, 7, changes, 1, &r);
    assert_close(r.effect, 0.1, 0);
    assert_close(r.step, 0.05, 0);
    assert_int_equal(r.top, 7);
    assert_int_equal(r.best_actor, 1);
    assert_int_equal(r.n_best, 1);
    assert_ptr_equal(r.leverage, &res.leverage);
    parley_leverage_result_destroy(&res);

    /* a name the scenario does not have: the stage says which */
    req.actor = "Nobody";
    assert_int_equal(parley_leverage_result_init(&res, &req, &err), PARLEY_EINVAL);
    assert_int_equal(res.stage, PARLEY_LEVERAGE_STAGE_ACTOR);
    assert_string_equal(err.message, "actor: no actor named 'Nobody' in the scenario "
                                     "(actors: USA, China, Russia, DPRK, ROK, Japan)");
    parley_leverage_result_destroy(&res);
    /* an actor with no stated position (dropped): refused before the run */
    req.actor = actor;
    req.issue = NULL;
    for (size_t i = 0; i < s.n_issues; ++i)
        parley_scenario_cell(&s, 1, i)->present = 0;
    assert_int_equal(parley_leverage_result_init(&res, &req, &err), PARLEY_EINVAL);
    assert_int_equal(res.stage, PARLEY_LEVERAGE_STAGE_BEST);
    assert_non_null(strstr(err.message, "takes part in no issue"));
    assert_int_equal(res.leverage.n_rows, 0); /* nothing ran */
    parley_leverage_result_destroy(&res);
    for (size_t i = 0; i < s.n_issues; ++i)
        parley_scenario_cell(&s, 1, i)->present = 1;
    req.issue = "nothing";
    assert_int_equal(parley_leverage_result_init(&res, &req, &err), PARLEY_EINVAL);
    assert_int_equal(res.stage, PARLEY_LEVERAGE_STAGE_ISSUE);
    assert_string_equal(err.message, "issue: no issue named 'nothing' in the scenario");
    parley_leverage_result_destroy(&res);
    /* a selected actor the scenario does not have: named after "actors" */
    const char *nobody[] = {"Nobody"};
    req.actor = NULL;
    req.issue = NULL;
    req.actor_names = nobody;
    assert_int_equal(parley_leverage_result_init(&res, &req, &err), PARLEY_EINVAL);
    assert_int_equal(res.stage, PARLEY_LEVERAGE_STAGE_ACTORS);
    assert_string_equal(err.message, "actors: no actor named 'Nobody' in the scenario "
                                     "(actors: USA, China, Russia, DPRK, ROK, Japan)");
    parley_leverage_result_destroy(&res);
    parley_leverage_result_destroy(&res); /* safe twice */
    parley_params_destroy(&p);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&orig);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_whatif_and_best)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
