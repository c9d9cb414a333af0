/* parley_backtest on the tiny library tests/data/backtest (alpha: issues x,
 * y; beta: issue z, and w without an outcome), every number worked by hand.
 *
 * Forecasts (weights = capability x salience):
 *   alpha.x, scale 0-100, outcome 40, status quo 20; positions 30 (w 3),
 *     60 (w 1), 90 (w 1): mean (90 + 60 + 90) / 5 = 48; weighted median 30
 *     (cumulative 3 of 5 at 30).
 *   alpha.y, scale 0-50, outcome 10, no status quo; positions 5 (3), 25 (1),
 *     45 (1): mean (15 + 25 + 45) / 5 = 17; median 5.
 *   beta.z, scale 0-10, outcome 2, status quo 10; positions 0 (2), 4 (1),
 *     10 (2): mean (0 + 4 + 20) / 5 = 4.8; median 4 (cumulative 2, then 3 of 5).
 * Errors e = 100 (forecast - outcome) / (max - min):
 *   mean:       x +8, y 100 * 7 / 50 = +14, z 100 * 2.8 / 10 = +28
 *   median:     x -10, y 100 * -5 / 50 = -10, z +20
 *   status quo: x -20, z +80 (y has none)
 *   midpoint:   x 50 -> +10, y 25 -> +30, z 5 -> +30
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    parley_scenario s[2];
    const parley_scenario *cases[2];
    parley_params params[2];
} lib;

static void open_lib(lib *l) {
    load_scenario(&l->s[0], "backtest/alpha.json");
    load_scenario(&l->s[1], "backtest/beta.json");
    l->cases[0] = &l->s[0];
    l->cases[1] = &l->s[1];
    assert_int_equal(parley_params_init(&l->params[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&l->params[1], parley_model_find("median")), PARLEY_OK);
}

static void close_lib(lib *l) {
    for (int k = 0; k < 2; ++k) {
        parley_scenario_destroy(&l->s[k]);
        parley_params_destroy(&l->params[k]);
    }
}

static void test_metrics(void **state) {
    (void)state;
    lib l;
    open_lib(&l);
    parley_backtest bt;
    parley_error err;
    assert_int_equal(parley_backtest_run(&bt, l.cases, NULL, 2, l.params, 2, NULL, &err),
                     PARLEY_OK);
    assert_int_equal(bt.n_models, 4); /* mean, median, status_quo, midpoint */
    assert_string_equal(bt.model_names[2], "status_quo");
    assert_string_equal(bt.model_names[3], "midpoint");
    assert_int_equal(bt.n_issues, 3); /* beta.w has no outcome */
    assert_string_equal(bt.case_names[1], "beta");
    const parley_backtest_score *mean = &bt.pooled[0], *median = &bt.pooled[1], *sq = &bt.pooled[2],
                                *mid = &bt.pooled[3];
    /* mean: |e| 8, 14, 28 */
    assert_int_equal(mean->n, 3);
    assert_close(mean->mae, 50.0 / 3, 1e-12);
    assert_close(mean->rmse, sqrt((64.0 + 196 + 784) / 3), 1e-12);
    assert_close(mean->bias, 50.0 / 3, 1e-12);
    assert_close(mean->within10, 1.0 / 3, 1e-12);
    /* median: -10, -10, +20; |e| <= 10 counts as within */
    assert_close(median->mae, 40.0 / 3, 1e-12);
    assert_close(median->rmse, sqrt(200.0), 1e-12);
    assert_close(median->bias, 0.0, 1e-12);
    assert_close(median->within10, 2.0 / 3, 1e-12);
    /* status quo: only x and z */
    assert_int_equal(sq->n, 2);
    assert_close(sq->mae, 50.0, 1e-12);
    assert_close(sq->rmse, sqrt(3400.0), 1e-12);
    assert_close(sq->bias, 30.0, 1e-12);
    assert_close(sq->within10, 0.0, 0);
    /* midpoint: +10, +30, +30 */
    assert_close(mid->mae, 70.0 / 3, 1e-12);
    assert_close(mid->rmse, sqrt(1900.0 / 3), 1e-12);
    /* per case: alpha's mean errors +8 and +14 */
    const parley_backtest_score *am = &bt.per_case[0 * bt.n_models + 0];
    assert_int_equal(am->n, 2);
    assert_close(am->mae, 11.0, 1e-12);
    assert_close(am->rmse, sqrt(130.0), 1e-12);
    assert_close(am->within10, 0.5, 0);
    const parley_backtest_score *bq = &bt.per_case[1 * bt.n_models + 2];
    assert_close(bq->mae, 80.0, 1e-12);
    assert_true(isnan(mean->cover50)); /* no ensemble */
    parley_backtest_destroy(&bt);
    parley_backtest_destroy(&bt); /* safe twice */
    close_lib(&l);
}

/* The extra forecaster: 45 % of the scale on every issue; it must be
 * called once per case with that case's index and every case. */
static parley_status fixed_share(void *data, const parley_scenario *const *cases, size_t n_cases,
                                 size_t index, const parley_forecast *f, double *out,
                                 parley_error *err) {
    (void)err;
    int *calls = data;
    calls[index]++;
    assert_int_equal(n_cases, 2);
    assert_ptr_equal(f->scenario, cases[index]);
    for (size_t i = 0; i < cases[index]->n_issues; ++i) {
        const parley_issue *is = &cases[index]->issues[i];
        out[i] = is->lo + 0.45 * (is->hi - is->lo);
    }
    return PARLEY_OK;
}

static void test_extra_model(void **state) {
    (void)state;
    lib l;
    open_lib(&l);
    int calls[2] = {0, 0};
    parley_backtest_options o;
    parley_backtest_options_init(&o);
    o.extra = fixed_share;
    o.extra_data = calls;
    o.extra_name = "combined";
    parley_backtest bt;
    parley_error err;
    assert_int_equal(parley_backtest_run(&bt, l.cases, NULL, 2, l.params, 2, &o, &err), PARLEY_OK);
    assert_int_equal(calls[0], 1);
    assert_int_equal(calls[1], 1);
    assert_int_equal(bt.n_models, 5);
    assert_string_equal(bt.model_names[2], "combined");
    /* x 45 vs 40: +5; y 22.5 vs 10: +25; z 4.5 vs 2: +25 */
    assert_close(bt.pooled[2].mae, 55.0 / 3, 1e-12);
    assert_close(bt.pooled[2].within10, 1.0 / 3, 1e-12);
    parley_backtest_destroy(&bt);
    close_lib(&l);
}

/* Calibration counts outcomes inside [q25, q75] and [q5, q95], ends included. */
static void test_calibration_counts(void **state) {
    (void)state;
    double f[3] = {1, 1, 1};
    double q[3][4] = {{0, 1, 3, 4}, {0, 3, 4, 5}, {2.5, 2.6, 2.7, 2.8}};
    parley_backtest_issue is[3] = {
        {0, 0, "a", 3.0, 0, 10, &f[0], q[0]}, /* inside both (at q75) */
        {0, 1, "b", 2.0, 0, 10, &f[1], q[1]}, /* inside the 90 % only */
        {1, 0, "c", 2.0, 0, 10, &f[2], q[2]}, /* outside both */
    };
    char *names[1] = {"m"};
    parley_backtest bt = {
        .n_models = 1, .model_names = names, .n_issues = 3, .issues = is, .calibrated = 1};
    parley_backtest_score sc;
    parley_backtest_score_column(&bt, 0, PARLEY_BACKTEST_ALL, &sc);
    assert_int_equal(sc.n_calibrated, 3);
    assert_close(sc.cover50, 1.0 / 3, 1e-12);
    assert_close(sc.cover90, 2.0 / 3, 1e-12);
    parley_backtest_score_column(&bt, 0, 1, &sc);
    assert_int_equal(sc.n, 1);
    assert_close(sc.cover90, 0.0, 0);
}

static void test_ensemble_runs(void **state) {
    (void)state;
    lib l;
    open_lib(&l);
    parley_backtest_options o;
    parley_backtest_options_init(&o);
    o.ensemble = 40;
    o.seed = 7;
    parley_backtest bt;
    parley_error err;
    assert_int_equal(parley_backtest_run(&bt, l.cases, NULL, 2, l.params, 2, &o, &err), PARLEY_OK);
    assert_true(bt.calibrated);
    for (size_t k = 0; k < bt.n_issues; ++k) {
        const double *q = bt.issues[k].q;
        assert_true(q[0] <= q[1] && q[1] <= q[2] && q[2] <= q[3]);
        assert_true(isnan(bt.issues[k].q[2 * 4])); /* baselines have no interval */
    }
    assert_int_equal(bt.pooled[0].n_calibrated, 3);
    assert_true(bt.pooled[0].cover50 <= bt.pooled[0].cover90);
    parley_backtest_destroy(&bt);
    close_lib(&l);
}

/* The quantiles of every issue and column (NaN where none), for comparing two runs. */
static void quantiles(const parley_backtest *bt, double *out) {
    for (size_t k = 0; k < bt->n_issues; ++k)
        for (size_t j = 0; j < bt->n_models * 4; ++j)
            *out++ = bt->issues[k].q[j];
}

static void same_quantiles(const double *a, const double *b, size_t n, int same) {
    size_t differ = 0;
    for (size_t k = 0; k < n; ++k)
        differ += !(a[k] == b[k] || (isnan(a[k]) && isnan(b[k])));
    if (same)
        assert_int_equal(differ, 0);
    else
        assert_true(differ > 0);
}

/* options.noise is `backtest --noise`: 0 is parley_perturbation_default,
 * another value that perturbation with its position noise replaced (the
 * same quantiles as the perturbation built by hand); outside [0, 1] or
 * NaN refused before any run. */
static void test_noise_option(void **state) {
    (void)state;
    lib l;
    open_lib(&l);
    parley_backtest_options o;
    parley_backtest_options_init(&o);
    assert_true(o.noise == 0.0);
    o.ensemble = 30;
    o.seed = 3;
    parley_backtest bt;
    parley_error err;
    enum { NQ = 3 * 4 * 4 }; /* 3 issues x 4 columns x 4 quantiles */
    double by_noise[NQ], by_hand[NQ];

    parley_perturbation pert;
    parley_perturbation_default(&pert);
    o.perturbation = &pert;
    assert_int_equal(parley_backtest_run(&bt, l.cases, NULL, 2, l.params, 2, &o, &err), PARLEY_OK);
    assert_int_equal(bt.n_issues * bt.n_models * 4, NQ);
    quantiles(&bt, by_hand);
    parley_backtest_destroy(&bt);
    o.perturbation = NULL; /* noise 0: the default */
    assert_int_equal(parley_backtest_run(&bt, l.cases, NULL, 2, l.params, 2, &o, &err), PARLEY_OK);
    quantiles(&bt, by_noise);
    parley_backtest_destroy(&bt);
    same_quantiles(by_noise, by_hand, NQ, 1);

    o.noise = 0.3;
    assert_int_equal(parley_backtest_run(&bt, l.cases, NULL, 2, l.params, 2, &o, &err), PARLEY_OK);
    quantiles(&bt, by_noise);
    parley_backtest_destroy(&bt);
    same_quantiles(by_noise, by_hand, NQ, 0);
    pert.noise[PARLEY_FIELD_POSITION] = (parley_noise){PARLEY_NOISE_NORMAL, 0.3};
    o.perturbation = &pert;
    o.noise = 0.9; /* a perturbation given: noise is not used */
    assert_int_equal(parley_backtest_run(&bt, l.cases, NULL, 2, l.params, 2, &o, &err), PARLEY_OK);
    quantiles(&bt, by_hand);
    parley_backtest_destroy(&bt);
    same_quantiles(by_noise, by_hand, NQ, 1);

    o.perturbation = NULL;
    const double bad[] = {-0.1, 1.5, NAN};
    for (size_t k = 0; k < 3; ++k) {
        o.noise = bad[k];
        parley_error_clear(&err);
        assert_int_equal(parley_backtest_run(&bt, l.cases, NULL, 2, l.params, 2, &o, &err),
                         PARLEY_EINVAL);
        assert_non_null(strstr(err.message, "noise must be from 0 (the default, 0.05) to 1, not"));
        parley_backtest_destroy(&bt);
    }
    assert_string_equal(err.message, "noise must be from 0 (the default, 0.05) to 1, not nan");
    close_lib(&l);
}

static void test_no_outcome(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    const parley_scenario *cases[1] = {&s};
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("mean")), PARLEY_OK);
    parley_backtest bt;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_backtest_run(&bt, cases, NULL, 1, &p, 1, NULL, &err), PARLEY_EDATA);
    assert_non_null(strstr(err.message, "no case has an observed outcome"));
    parley_backtest_destroy(&bt);
    parley_params_destroy(&p);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_extra_model),
        cmocka_unit_test(test_calibration_counts),
        cmocka_unit_test(test_ensemble_runs),
        cmocka_unit_test(test_noise_option),
        cmocka_unit_test(test_no_outcome),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
