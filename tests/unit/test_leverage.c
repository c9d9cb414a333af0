/* What-if changes, leverage and the best stated position, on a hand-made
 * three-actor issue whose numbers are worked out in the comments. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One issue on [0, 100]: positions 10, 40, 85; saliences 0.5, 0.8, 0.25;
 * capabilities 2.5, 1.2, 3.7, so w = c s = 1.25, 0.96, 0.925, W = 3.135 and
 * the weighted mean is (12.5 + 38.4 + 78.625) / 3.135 = 129.525 / 3.135
 * = 41.31578947368421. */
static const double X[3] = {10, 40, 85}, S[3] = {0.5, 0.8, 0.25}, C[3] = {2.5, 1.2, 3.7};
static const double W[3] = {1.25, 0.96, 0.925}, WSUM = 3.135, MEAN = 129.525 / 3.135;

static void make(parley_scenario *s) {
    assert_int_equal(parley_scenario_init(s, 3, 1), PARLEY_OK);
    const char *names[3] = {"alpha", "beta.two", "gamma"};
    parley_set_string(&s->issues[0].name, "tax");
    s->issues[0].lo = 0;
    s->issues[0].hi = 100;
    s->issues[0].bounds_given = 1;
    for (size_t a = 0; a < 3; ++a) {
        parley_set_string(&s->actors[a].name, names[a]);
        parley_cell *c = parley_scenario_cell(s, a, 0);
        c->present = 1;
        c->position = X[a];
        c->salience = S[a];
        c->capability = C[a];
    }
}

static void test_change_parse(void **state) {
    (void)state;
    parley_scenario s;
    make(&s);
    parley_change c;
    parley_error err;
    assert_int_equal(parley_change_parse(&s, "beta.two.tax.salience=0.35", &c, &err), PARLEY_OK);
    assert_int_equal(c.actor, 1);
    assert_int_equal(c.issue, 0);
    assert_int_equal(c.field, PARLEY_FIELD_SALIENCE);
    assert_close(c.value, 0.35, 1e-15);
    s.salience_scale = PARLEY_SALIENCE_PERCENT;
    assert_int_equal(parley_change_parse(&s, "gamma.*.salience=35", &c, &err), PARLEY_OK);
    assert_int_equal(c.issue, PARLEY_ALL_ISSUES);
    assert_close(c.value, 0.35, 1e-15);
    assert_int_equal(parley_change_parse(&s, "delta.tax.position=3", &c, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "'delta.tax.position=3': no actor named 'delta'");
    assert_int_equal(parley_change_parse(&s, "alpha.tax.colour=3", &c, &err), PARLEY_EINVAL);
    assert_int_equal(parley_change_parse(&s, "alpha.tax.position=x", &c, &err), PARLEY_EINVAL);
    assert_int_equal(parley_change_parse(&s, "alpha.position=3", &c, &err), PARLEY_EINVAL);
    assert_int_equal(parley_change_parse(&s, "alpha.tax.position=150", &c, &err), PARLEY_OK);
    assert_int_equal(parley_whatif_apply(&s, &c, 1, NULL, 0, &err), PARLEY_EDATA);
    assert_string_equal(err.message, "position 150 of alpha on tax is outside the scale [0, 100]");
    c.value = 55;
    size_t drop = 2;
    assert_int_equal(parley_whatif_apply(&s, &c, 1, &drop, 1, &err), PARLEY_OK);
    assert_true(parley_scenario_cell(&s, 0, 0)->position == 55);
    assert_int_equal(parley_scenario_cell(&s, 2, 0)->present, 0);
    parley_scenario_destroy(&s);
}

static const parley_leverage_row *find(const parley_leverage *lev, size_t a, int drop,
                                       parley_field f) {
    for (size_t k = 0; k < lev->n_rows; ++k) {
        const parley_leverage_row *r = &lev->rows[k];
        if (r->actor == a && r->drop == drop && (drop || r->field == f))
            return r;
    }
    fail();
    return NULL;
}

/* Weighted mean: d mean / d x_i = w_i / W exactly (it is linear in x_i);
 * d mean / d s_i = c_i (x_i - mean) / W; d mean / d c_i = s_i (x_i - mean) / W;
 * leaving: (W mean - w_i x_i) / (W - w_i) - mean. */
static void test_leverage_mean(void **state) {
    (void)state;
    parley_scenario s;
    make(&s);
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("mean")), PARLEY_OK);
    parley_leverage lev;
    parley_error err;
    assert_int_equal(parley_leverage_compute(&lev, &s, &p, 1, 0.001, 0.1, 0, &err), PARLEY_OK);
    assert_int_equal(lev.n_rows, 3 * 4);
    assert_close(lev.base[0], MEAN, 1e-12);
    for (size_t a = 0; a < 3; ++a) {
        assert_close(find(&lev, a, 0, PARLEY_FIELD_POSITION)->derivative, W[a] / WSUM, 1e-9);
        /* effect of a tenth of the scale: 10 w_i / W */
        assert_close(find(&lev, a, 0, PARLEY_FIELD_POSITION)->effect, 10 * W[a] / WSUM, 1e-9);
        assert_close(find(&lev, a, 0, PARLEY_FIELD_SALIENCE)->derivative,
                     C[a] * (X[a] - MEAN) / WSUM, 1e-5);
        assert_close(find(&lev, a, 0, PARLEY_FIELD_CAPABILITY)->derivative,
                     S[a] * (X[a] - MEAN) / WSUM, 1e-5);
        assert_close(find(&lev, a, 1, 0)->effect,
                     (WSUM * MEAN - W[a] * X[a]) / (WSUM - W[a]) - MEAN, 1e-9);
    }
    /* ranked: alpha leaving moves the mean most, (129.525 - 12.5) / 1.885
     * - 41.3158 = 62.0822 - 41.3158 = +20.766 (gamma leaving: -18.284; the
     * largest field effect, gamma's salience, 0.1 x 3.7 x 43.68 / 3.135 = 5.16) */
    assert_int_equal(lev.rows[0].actor, 0);
    assert_int_equal(lev.rows[0].drop, 1);
    assert_close(lev.rows[0].effect, 117.025 / 1.885 - MEAN, 1e-9);
    assert_int_equal(lev.rows[1].actor, 2);
    assert_int_equal(lev.rows[1].drop, 1);
    assert_int_equal(lev.rows[2].actor, 2);
    assert_int_equal(lev.rows[2].field, PARLEY_FIELD_SALIENCE);
    for (size_t k = 1; k < lev.n_rows; ++k)
        assert_true(fabs(lev.rows[k].effect) <= fabs(lev.rows[k - 1].effect) + 1e-12);
    parley_leverage_destroy(&lev);
    /* at the bound (gamma at 100) the one-sided difference is still w/W */
    parley_scenario_cell(&s, 2, 0)->position = 100;
    assert_int_equal(parley_leverage_compute(&lev, &s, &p, 1, 0.01, 0.1, 0, &err), PARLEY_OK);
    assert_close(find(&lev, 2, 0, PARLEY_FIELD_POSITION)->derivative, W[2] / WSUM, 1e-9);
    parley_leverage_destroy(&lev);
    assert_int_equal(parley_leverage_compute(&lev, &s, &p, 1, 0.0, 0.1, 0, &err), PARLEY_EINVAL);
    parley_params_destroy(&p);
    parley_scenario_destroy(&s);
}

/* Best stated position under the mean: beta (ideal 40) needs
 * (W 40 - 1.25 x 10 - 0.925 x 85) / 0.96 = (125.4 - 91.125) / 0.96 = 35.703125
 * to put the mean on 40; the grid plus golden section finds it. */
static void test_best_position_mean(void **state) {
    (void)state;
    parley_scenario s;
    make(&s);
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("mean")), PARLEY_OK);
    parley_best_position_result r;
    parley_error err;
    assert_int_equal(parley_best_position(&s, &p, 1, 0, 101, 0, &r, &err), PARLEY_OK);
    assert_close(r.ideal, 40, 1e-15);
    assert_close(r.base_forecast, MEAN, 1e-12);
    assert_true(fabs(r.stated - 35.703125) < 1e-6);
    assert_true(fabs(r.forecast - 40) < 1e-6);
    /* alpha (ideal 10) would need (125.4 x 10/40 ...) below 0: the best is the bound 0 */
    assert_int_equal(parley_best_position(&s, &p, 0, 0, 101, 0, &r, &err), PARLEY_OK);
    assert_close(r.stated, 0, 1e-12);
    assert_close(r.forecast, (38.4 + 78.625) / WSUM, 1e-12);
    parley_cell *c = parley_scenario_cell(&s, 0, 0);
    c->present = 0;
    assert_int_equal(parley_best_position(&s, &p, 0, 0, 101, 0, &r, &err), PARLEY_EINVAL);
    parley_params_destroy(&p);
    parley_scenario_destroy(&s);
}

/* Best stated position under the weighted median: with weights 1.25, 0.96,
 * 0.925 (W/2 = 1.5675) the median is beta's 40.  Alpha (ideal 10) cannot
 * pull it to 10 by itself: if alpha states y < 40 the median stays at 40
 * (alpha alone holds 1.25 < W/2 on its side); if alpha states y in (40, 85],
 * the cumulative weight from below reaches W/2 only at y (0.96 + 1.25 >
 * 1.5675), so the median is y, further from 10.  The best is any y <= 40,
 * and the tie rule picks its ideal 10 itself, distance 30. */
static void test_best_position_median(void **state) {
    (void)state;
    parley_scenario s;
    make(&s);
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("median")), PARLEY_OK);
    parley_best_position_result r;
    parley_error err;
    assert_int_equal(parley_best_position(&s, &p, 0, 0, 101, 0, &r, &err), PARLEY_OK);
    assert_close(r.base_forecast, 40, 1e-15);
    assert_close(r.forecast, 40, 1e-15);
    assert_close(r.stated, 10, 1e-15);
    assert_close(r.lo, 0, 1e-15);
    assert_close(r.hi, 40, 1e-15);
    parley_params_destroy(&p);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_change_parse),
        cmocka_unit_test(test_leverage_mean),
        cmocka_unit_test(test_best_position_mean),
        cmocka_unit_test(test_best_position_median),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
