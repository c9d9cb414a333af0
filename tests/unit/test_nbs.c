/* Nash bargaining solution with a disagreement point.
 * Oracles: the hand-solved cases of docs/models.md (two actors, quadratic
 * utility: 3 - sqrt(3) and (19 - sqrt(145))/6; a status quo inside the range
 * returns itself), a linear-utility case solved below, and the EC emissions
 * numbers and limits of the compromise-and-NBS specification (section 4.2:
 * computed independently from the closed-form feasible set). */
#include "testutil.h"

#include <math.h>
#include <string.h>

/* Two actors at 1 and 3 on [0, 4], salience 1, capabilities c1 and c2, status quo q. */
static void two_actors(parley_issue_view *v, double c1, double c2, double q) {
    const double x[] = {1, 3}, s[] = {1, 1}, c[] = {c1, c2};
    assert_int_equal(parley_issue_view_from_arrays(v, 2, x, s, c, 0, 4), PARLEY_OK);
    v->has_status_quo = 1;
    v->status_quo = q;
}

static parley_nbs_result solve(const parley_issue_view *v, const parley_nbs_params *p) {
    parley_nbs_result r;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_nbs_solve(v, p, &r, NULL, &err), PARLEY_OK);
    return r;
}

/* q = 0: g1 = x(2 - x), g2 = x(6 - x), F = [0, 2].
 * a = (1, 1): d/dx [2 ln x + ln(2 - x) + ln(6 - x)] = 0  <=>  x^2 - 6x + 6 = 0, x = 3 - sqrt 3.
 * a = (2, 1): d/dx [3 ln x + 2 ln(2 - x) + ln(6 - x)] = 0  <=>  3x^2 - 19x + 18 = 0,
 * x = (19 - sqrt 145)/6. */
static void test_hand_quadratic(void **st) {
    (void)st;
    parley_nbs_params p;
    parley_nbs_params_default(&p);
    parley_issue_view v;
    two_actors(&v, 1, 1, 0);
    parley_nbs_result r = solve(&v, &p);
    assert_close(r.x, 3.0 - sqrt(3.0), 1e-14);
    assert_close(r.feasible_lo, 0.0, 0);
    assert_close(r.feasible_hi, 2.0, 0);
    assert_false(r.status_quo_pareto_optimal);
    assert_int_equal(r.participating, 2);
    double gain[2];
    parley_error err;
    assert_int_equal(parley_nbs_solve(&v, &p, &r, gain, &err), PARLEY_OK);
    assert_close(gain[0], r.x * (2 - r.x), 1e-14);
    assert_close(gain[1], r.x * (6 - r.x), 1e-14);
    parley_issue_view_destroy(&v);

    two_actors(&v, 2, 1, 0);
    r = solve(&v, &p);
    assert_close(r.x, (19.0 - sqrt(145.0)) / 6.0, 1e-14);
    parley_issue_view_destroy(&v);
    /* only the ratio of the weights matters, even near the largest double */
    two_actors(&v, 2e307, 1e307, 0);
    assert_close(solve(&v, &p).x, (19.0 - sqrt(145.0)) / 6.0, 1e-14);
    /* a = c*s gives the same here (s = 1) */
    p.weights = PARLEY_NBS_WEIGHT_CAPABILITY_SALIENCE;
    assert_close(solve(&v, &p).x, (19.0 - sqrt(145.0)) / 6.0, 1e-14);
    parley_issue_view_destroy(&v);
}

/* q = 2 with the same actors: actor 1's acceptable set is [0, 2], actor 2's
 * [2, 4]; F = {2} and the NBS is the status quo, flagged. */
static void test_status_quo_inside(void **st) {
    (void)st;
    parley_nbs_params p;
    parley_nbs_params_default(&p);
    parley_issue_view v;
    two_actors(&v, 1, 1, 2);
    parley_nbs_result r = solve(&v, &p);
    assert_true(r.x == 2.0);
    assert_true(r.status_quo_pareto_optimal);
    p.utility = PARLEY_NBS_LINEAR;
    r = solve(&v, &p);
    assert_true(r.x == 2.0 && r.status_quo_pareto_optimal);
    parley_issue_view_destroy(&v);
}

/* Linear utility, q = 0, actors at 1 and 3, s = 1: g1 = 1 - |x - 1|,
 * g2 = x on F = [0, 2].  a = (1, 2): on (1, 2) maximise ln(2 - x) + 2 ln x,
 * -1/(2 - x) + 2/x = 0 gives x = 4/3 (N increases on (0, 1)).
 * a = (1, 1): ln(2 - x) + ln x decreases on (1, 2), so the kink x = 1. */
static void test_hand_linear(void **st) {
    (void)st;
    parley_nbs_params p;
    parley_nbs_params_default(&p);
    p.utility = PARLEY_NBS_LINEAR;
    parley_issue_view v;
    two_actors(&v, 1, 2, 0);
    assert_close(solve(&v, &p).x, 4.0 / 3.0, 1e-14);
    parley_issue_view_destroy(&v);
    two_actors(&v, 1, 1, 0);
    assert_close(solve(&v, &p).x, 1.0, 1e-14);
    parley_issue_view_destroy(&v);
}

static void ec_view(parley_scenario *s, parley_issue_view *v) {
    load_scenario(s, "bdm/ec_auto_emissions_1994.csv");
    assert_int_equal(parley_issue_view_init(v, s, 0), PARLEY_OK);
}

/* EC automobile emissions (BDM 1994), a = c, quadratic utility: the numbers
 * of the compromise-and-NBS specification, section 4.2. */
static void test_ec_numbers(void **st) {
    (void)st;
    parley_scenario s;
    parley_issue_view v;
    ec_view(&s, &v);
    parley_nbs_params p;
    parley_nbs_params_default(&p);
    v.has_status_quo = 1;
    const struct { double q, nbs; } sq[] = {{10.5, 9.830933}, {100, 7.621754}, {1e4, 7.476629}};
    for (size_t k = 0; k < 3; ++k) {
        v.status_quo = sq[k].q;
        parley_nbs_result r = solve(&v, &p);
        assert_true(fabs(r.x - sq[k].nbs) < 5e-7);
        assert_false(r.status_quo_pareto_optimal);
    }
    /* far status quo: tends to the capability-weighted mean 7.475248 (not the compromise) */
    v.status_quo = 1e4;
    assert_true(fabs(solve(&v, &p).x - 7.475248) < 1e-2);
    /* q = 7 lies inside the range of ideal points: the NBS is exactly 7 */
    v.status_quo = 7;
    parley_nbs_result r = solve(&v, &p);
    assert_true(r.x == 7.0 && r.status_quo_pareto_optimal);

    p.disagreement = PARLEY_NBS_COMMON_COST;
    const struct { double d, nbs; } cc[] = {{10, 6.997616}, {1e3, 7.384610}, {1e6, 7.389950}};
    for (size_t k = 0; k < 3; ++k) {
        p.cost = cc[k].d;
        assert_true(fabs(solve(&v, &p).x - cc[k].nbs) < 5e-7);
    }
    /* costly disagreement: tends to the compromise model 7.389956 */
    p.cost = 1e6;
    assert_true(fabs(solve(&v, &p).x - 7.389956) < 1e-5);
    parley_issue_view_destroy(&v);
    parley_scenario_destroy(&s);
}

/* What cannot be solved says why. */
static void test_domain_errors(void **st) {
    (void)st;
    parley_scenario s;
    parley_issue_view v;
    ec_view(&s, &v);
    parley_nbs_params p;
    parley_nbs_params_default(&p);
    parley_nbs_result r;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_nbs_solve(&v, &p, &r, NULL, &err), PARLEY_EDOMAIN); /* no status quo */
    assert_non_null(strstr(err.message, "no status quo"));
    p.disagreement = PARLEY_NBS_COMMON_COST;
    p.cost = 1; /* Denmark accepts [3, 5], the UK [8.95, 11.05]: nothing in common */
    assert_int_equal(parley_nbs_solve(&v, &p, &r, NULL, &err), PARLEY_EDOMAIN);
    assert_non_null(strstr(err.message, "no agreement is better than disagreement"));
    p.cost = -1;
    assert_int_equal(parley_nbs_solve(&v, &p, &r, NULL, &err), PARLEY_EINVAL);
    parley_issue_view_destroy(&v);

    const double x[] = {1, 3}, zero[] = {0, 0}, one[] = {1, 1};
    assert_int_equal(parley_issue_view_from_arrays(&v, 2, x, zero, one, 0, 4), PARLEY_OK);
    v.has_status_quo = 1;
    parley_nbs_params_default(&p);
    assert_int_equal(parley_nbs_solve(&v, &p, &r, NULL, &err), PARLEY_EDOMAIN);
    parley_issue_view_destroy(&v);
    parley_scenario_destroy(&s);
}

/* Through the forecast driver: an issue without a status quo reports
 * PARLEY_EDOMAIN in its run; with one, the run's forecast is the NBS. */
static void test_forecast_runs(void **st) {
    (void)st;
    parley_scenario s;
    load_scenario(&s, "bdm/ec_auto_emissions_1994.csv");
    parley_params pp;
    assert_int_equal(parley_params_init(&pp, parley_model_find("nbs")), PARLEY_OK);
    parley_forecast f;
    parley_error err;
    assert_int_equal(parley_forecast_init(&f, &s, &pp, 1, 0, &err), PARLEY_OK);
    const parley_run *run = parley_forecast_run(&f, 0, 0);
    assert_int_equal(run->status, PARLEY_EDOMAIN);
    assert_non_null(strstr(run->error.message, "no status quo"));
    parley_forecast_destroy(&f);

    s.issues[0].has_status_quo = 1;
    s.issues[0].status_quo = 10; /* 2x_i - q >= q for nobody above 10: F = [L, 10] */
    assert_int_equal(parley_forecast_init(&f, &s, &pp, 1, 1, &err), PARLEY_OK);
    run = parley_forecast_run(&f, 0, 0);
    assert_int_equal(run->status, PARLEY_OK);
    assert_true(run->outcome.forecast == 10.0); /* France, Italy and the UK sit at 10 = q */
    assert_non_null(run->outcome.note);
    assert_string_equal(run->outcome.note, "status quo is Pareto optimal");
    assert_int_equal(run->outcome.stop, PARLEY_STOP_STATIC);
    parley_forecast_destroy(&f);

    assert_int_equal(parley_params_set(&pp, "cost", "1000", &err), PARLEY_OK);
    assert_int_equal(parley_forecast_init(&f, &s, &pp, 1, 0, &err), PARLEY_OK);
    assert_true(fabs(parley_forecast_run(&f, 0, 0)->outcome.forecast - 7.384610) < 5e-7);
    assert_null(parley_forecast_run(&f, 0, 0)->outcome.note);
    parley_forecast_destroy(&f);
    assert_int_equal(parley_params_set(&pp, "weights", "votes", &err), PARLEY_EINVAL);
    assert_int_equal(parley_params_set(&pp, "nothing", "1", &err), PARLEY_EUNSUPPORTED);
    parley_params_destroy(&pp);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_quadratic), cmocka_unit_test(test_status_quo_inside),
        cmocka_unit_test(test_hand_linear),    cmocka_unit_test(test_ec_numbers),
        cmocka_unit_test(test_domain_errors),  cmocka_unit_test(test_forecast_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
