/* Compromise (weighted mean) and weighted median models.
 * Oracles: the closed-form values of every shipped BDM table
 * (docs/models.md, from independent arithmetic on the files), the
 * published EC figures (Scholz et al. 2011; Masad 2016: median 7, mean
 * 7.38996) and hand calculations written out below. */
#include "testutil.h"

#include <math.h>
#include <string.h>

typedef struct {
    const char *file;
    size_t n;
    double mean, median;
} anchor;

static const anchor anchors[] = {
    {"bdm/ec_auto_emissions_1994.csv", 10, 7.389955687, 7},
    {"bdm/ec_auto_emissions_1994_salience100.csv", 10, 7.389955687, 7},
    {"bdm/greece_debt_2015.csv", 11, 82.22222222, 100},
    {"bdm/honduras_nicaragua_crisis.csv", 5, 0.5008503307, 0.5},
    {"bdm/iran_election_2013.csv", 8, 5.438337341, 5},
    {"bdm/july_crisis_1914.csv", 10, 0.6600312256, 0.45},
    {"bdm/saudi_oil_price_1997.csv", 17, 13.61991213, 13.9},
    {"bdm/saudi_oil_price_1997_variant.csv", 17, 13.62256637, 13.75},
};

static void run_static(const parley_model_type *t, const parley_issue_view *v, parley_outcome *o) {
    parley_params p;
    assert_int_equal(parley_params_init(&p, t), PARLEY_OK);
    parley_error err;
    assert_int_equal(parley_model_run(&p, v, o, &err), PARLEY_OK);
    parley_params_destroy(&p);
}

static void test_bdm_anchors(void **st) {
    (void)st;
    for (size_t k = 0; k < sizeof anchors / sizeof *anchors; ++k) {
        parley_scenario s;
        load_scenario(&s, anchors[k].file);
        parley_issue_view v;
        assert_int_equal(parley_issue_view_init(&v, &s, 0), PARLEY_OK);
        assert_int_equal(v.n, anchors[k].n);
        parley_outcome o;
        run_static(&parley_model_mean, &v, &o);
        assert_close(o.forecast, anchors[k].mean, 1e-9);
        assert_int_equal(o.stop, PARLEY_STOP_STATIC);
        run_static(&parley_model_median, &v, &o);
        assert_true(o.forecast == anchors[k].median); /* an actor position: exact */
        assert_false(o.median_tie);
        parley_issue_view_destroy(&v);
        parley_scenario_destroy(&s);
    }
}

/* Two actors of equal weight at 0 and 100: L(p) is flat on [0, 100].
 * lower 0, upper 100, midpoint 50, tie flagged. */
static void test_median_tie_rules(void **st) {
    (void)st;
    const double x[] = {100, 0}, w[] = {0.3, 0.3};
    double m, lo, hi;
    int tie;
    assert_int_equal(parley_weighted_median(2, x, w, PARLEY_MEDIAN_LOWER, &m, &tie, &lo, &hi, NULL),
                     PARLEY_OK);
    assert_true(tie);
    assert_true(m == 0 && lo == 0 && hi == 100);
    parley_weighted_median(2, x, w, PARLEY_MEDIAN_UPPER, &m, &tie, &lo, &hi, NULL);
    assert_true(m == 100);
    parley_weighted_median(2, x, w, PARLEY_MEDIAN_MIDPOINT, &m, &tie, &lo, &hi, NULL);
    assert_true(m == 50);
    /* 0.1 + 0.2 against 0.3: a tie only thanks to the relative tolerance. */
    const double y[] = {1, 2, 3}, v[] = {0.1, 0.2, 0.3};
    parley_weighted_median(3, y, v, PARLEY_MEDIAN_LOWER, &m, &tie, &lo, &hi, NULL);
    assert_true(tie);
    assert_true(lo == 2 && hi == 3);
}

/* Hand calculation: positions 10, 20, 60 with weights c*s = 2*0.5, 1*0.4, 3*0.9
 * = 1, 0.4, 2.7 (W = 4.1): mean = (10 + 8 + 162)/4.1 = 43.902439;
 * cumulative 1, 1.4, 4.1 against W/2 = 2.05 -> median 60, no tie. */
static void test_hand_mean_median(void **st) {
    (void)st;
    const double x[] = {10, 20, 60}, s[] = {0.5, 0.4, 0.9}, c[] = {2, 1, 3};
    parley_issue_view v;
    assert_int_equal(parley_issue_view_from_arrays(&v, 3, x, s, c, 0, 100), PARLEY_OK);
    parley_outcome o;
    run_static(&parley_model_mean, &v, &o);
    assert_close(o.forecast, 180.0 / 4.1, 1e-12);
    run_static(&parley_model_median, &v, &o);
    assert_true(o.forecast == 60);
    assert_false(o.median_tie);
    parley_issue_view_destroy(&v);
}

/* Zero total weight: a clear error, never NaN or 0. */
static void test_zero_weight(void **st) {
    (void)st;
    const double x[] = {1, 2}, w[] = {0, 0};
    double m = -1;
    parley_error err;
    assert_int_equal(parley_weighted_mean(2, x, w, &m, &err), PARLEY_EDOMAIN);
    assert_non_null(strstr(err.message, "capability x salience"));
    assert_int_equal(
        parley_weighted_median(2, x, w, PARLEY_MEDIAN_LOWER, &m, NULL, NULL, NULL, &err),
        PARLEY_EDOMAIN);
    assert_true(m == -1);
}

/* One actor: its position is the mean and the median. */
static void test_single_actor(void **st) {
    (void)st;
    const double x[] = {3.25}, w[] = {0.7};
    double m;
    int tie;
    assert_int_equal(parley_weighted_mean(1, x, w, &m, NULL), PARLEY_OK);
    assert_true(m == 3.25);
    assert_int_equal(
        parley_weighted_median(1, x, w, PARLEY_MEDIAN_LOWER, &m, &tie, NULL, NULL, NULL),
        PARLEY_OK);
    assert_true(m == 3.25 && !tie);
}

static void test_registry(void **st) {
    (void)st;
    assert_ptr_equal(parley_model_find("mean"), &parley_model_mean);
    assert_ptr_equal(parley_model_find("median"), &parley_model_median);
    assert_ptr_equal(parley_model_find("eu"), &parley_model_eu);
    assert_ptr_equal(parley_model_find("nbs"), &parley_model_nbs);
    assert_null(parley_model_find("nash"));
    parley_params p;
    parley_params_init(&p, &parley_model_median);
    parley_error err;
    assert_int_equal(parley_params_set(&p, "tie", "sideways", &err), PARLEY_EINVAL);
    assert_int_equal(parley_params_set(&p, "rounds", "3", &err), PARLEY_EUNSUPPORTED);
    parley_params_destroy(&p);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bdm_anchors),      cmocka_unit_test(test_median_tie_rules),
        cmocka_unit_test(test_hand_mean_median), cmocka_unit_test(test_zero_weight),
        cmocka_unit_test(test_single_actor),     cmocka_unit_test(test_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
