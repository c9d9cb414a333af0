/* The combined forecast, the agreement band, the status-quo rule and the
 * Brier score (include/parley/combine.h, docs/combine.md).
 * Oracles: hand calculations written out above each test. */
#include "testutil.h"

#include <math.h>
#include <string.h>

/* Median: the six forecasts of the default scenario's denuclearisation issue
 * sorted are 27.02 52.96 55 55 60.01 79.27, so the median is (55 + 55) / 2;
 * an odd count takes the middle value; NaN entries are skipped. */
static void test_median(void **st) {
    (void)st;
    const double six[] = {60.01, 55, 55, 27.02, 79.27, 52.96};
    double m;
    parley_error err;
    assert_int_equal(parley_combine_median(6, six, &m, &err), PARLEY_OK);
    assert_true(m == 55.0);
    const double odd[] = {5.5, 1.25, 9.75};
    assert_int_equal(parley_combine_median(3, odd, &m, &err), PARLEY_OK);
    assert_true(m == 5.5);
    const double gap[] = {3.0, NAN, 1.5};
    assert_int_equal(parley_combine_median(3, gap, &m, &err), PARLEY_OK);
    assert_close(m, 2.25, 0);
    const double none[] = {NAN, NAN};
    assert_int_equal(parley_combine_median(2, none, &m, &err), PARLEY_EDOMAIN);
    /* weighted mean: (3 x 10 + 1 x 40) / 4 = 17.5; a NaN forecast and a zero weight drop out */
    const double x[] = {10, 40, NAN, 99}, w[] = {3, 1, 5, 0};
    assert_int_equal(parley_combine_weighted(4, x, w, &m, &err), PARLEY_OK);
    assert_close(m, 17.5, 1e-15);
    assert_int_equal(parley_combine_weighted(1, x + 3, w + 3, &m, &err), PARLEY_EDOMAIN);
}

/* Three cases, two models, absolute errors (0-100):
 *   case 0: m0 2, m1 8;  case 1: m0 4, m1 --;  case 2: m0 6, m1 2.
 * Leaving case 0 out: MAE 5 and 2, w ~ 1/6 and 1/3, normalised 1/3, 2/3.
 * Leaving case 2 out: MAE 3 and 8, w ~ 1/4 and 1/9, normalised 9/13, 4/13.
 * Nothing left out: MAE 4 and 5, w ~ 1/5 and 1/6, normalised 6/11, 5/11. */
static void test_fit_loco(void **st) {
    (void)st;
    const double e[] = {2, 8, 4, NAN, 6, 2};
    double w[2];
    parley_error err;
    assert_int_equal(parley_combine_fit_loco(3, 2, e, NULL, 0, w, &err), PARLEY_OK);
    assert_close(w[0], 1.0 / 3.0, 1e-15);
    assert_close(w[1], 2.0 / 3.0, 1e-15);
    assert_int_equal(parley_combine_fit_loco(3, 2, e, NULL, 2, w, &err), PARLEY_OK);
    assert_close(w[0], 9.0 / 13.0, 1e-15);
    assert_close(w[1], 4.0 / 13.0, 1e-15);
    assert_int_equal(parley_combine_fit_loco(3, 2, e, NULL, (size_t)-1, w, &err), PARLEY_OK);
    assert_close(w[0], 6.0 / 11.0, 1e-15);
    assert_close(w[1], 5.0 / 11.0, 1e-15);
    /* rows grouped into cases: rows 0 and 1 are case 7, row 2 case 3; leaving
     * case 7 out keeps row 2 alone: MAE 6 and 2, w ~ 1/7, 1/3 -> 3/10, 7/10 */
    const size_t cases[] = {7, 7, 3};
    assert_int_equal(parley_combine_fit_loco(3, 2, e, cases, 7, w, &err), PARLEY_OK);
    assert_close(w[0], 3.0 / 10.0, 1e-15);
    assert_close(w[1], 7.0 / 10.0, 1e-15);
    /* nothing left to fit on: equal weights */
    assert_int_equal(parley_combine_fit_loco(1, 2, e, NULL, 0, w, &err), PARLEY_OK);
    assert_true(w[0] == 0.5 && w[1] == 0.5);
    const double bad[] = {-1, 2};
    assert_int_equal(parley_combine_fit_loco(1, 2, bad, NULL, 5, w, &err), PARLEY_EINVAL);
}

/* Two cases of one issue each, two models (0-100):
 *   case 0: forecasts 10, 30, outcome 20 -> errors 10, 10
 *   case 1: forecasts 50, 70, outcome 52 -> errors 2, 18
 * Case 0 is combined with weights from case 1: 1/3 and 1/19, normalised
 * 19/22 and 3/22: (190 + 90) / 22 = 280/22.  Case 1 with equal weights from
 * case 0: 60.  Moving case 0's outcome to 0 (errors 10, 30) leaves case 0 at
 * 280/22 and moves case 1 to weights 31/42, 11/42: (1550 + 770)/42 = 2320/42. */
static void test_library_hand(void **st) {
    (void)st;
    const double f[] = {10, 30, 50, 70};
    double y[] = {20, 52}, c[2];
    parley_error err;
    assert_int_equal(parley_combine_library(2, 2, f, y, NULL, PARLEY_COMBINE_INVERSE_MAE, c, &err),
                     PARLEY_OK);
    assert_close(c[0], 280.0 / 22.0, 1e-14);
    assert_close(c[1], 60.0, 1e-14);
    y[0] = 0;
    assert_int_equal(parley_combine_library(2, 2, f, y, NULL, PARLEY_COMBINE_INVERSE_MAE, c, &err),
                     PARLEY_OK);
    assert_close(c[0], 280.0 / 22.0, 1e-14);
    assert_close(c[1], 2320.0 / 42.0, 1e-14);
    /* the median ignores outcomes: (10 + 30) / 2, (50 + 70) / 2 */
    assert_int_equal(parley_combine_library(2, 2, f, y, NULL, PARLEY_COMBINE_MEDIAN, c, &err),
                     PARLEY_OK);
    assert_true(c[0] == 20.0 && c[1] == 60.0);
}

/* Leave-one-case-out as a property: in a library of 5 cases x 2 issues x 3
 * models, changing every outcome of case k never changes case k's combined
 * forecasts, and does change some other case's (so the property can fail). */
static void test_loco_property(void **st) {
    (void)st;
    enum { CASES = 5, ROWS = 10, MODELS = 3 };
    double f[ROWS * MODELS], y[ROWS], base[ROWS], after[ROWS];
    size_t cs[ROWS];
    parley_rng rng;
    parley_rng_init(&rng, 2385, 0);
    for (size_t r = 0; r < ROWS; ++r) {
        cs[r] = r / 2;
        y[r] = 100.0 * parley_rng_uniform(&rng);
        for (size_t m = 0; m < MODELS; ++m)
            f[r * MODELS + m] = 100.0 * parley_rng_uniform(&rng);
    }
    f[4 * MODELS + 1] = NAN; /* a model that did not run */
    parley_error err;
    assert_int_equal(
        parley_combine_library(ROWS, MODELS, f, y, cs, PARLEY_COMBINE_INVERSE_MAE, base, &err),
        PARLEY_OK);
    for (size_t k = 0; k < CASES; ++k) {
        double moved[ROWS];
        memcpy(moved, y, sizeof y);
        for (size_t r = 0; r < ROWS; ++r)
            if (cs[r] == k)
                moved[r] = 100.0 - moved[r] * 0.37;
        assert_int_equal(parley_combine_library(ROWS, MODELS, f, moved, cs,
                                                PARLEY_COMBINE_INVERSE_MAE, after, &err),
                         PARLEY_OK);
        int others_changed = 0;
        for (size_t r = 0; r < ROWS; ++r) {
            if (cs[r] == k)
                assert_true(after[r] == base[r]);
            else if (after[r] != base[r])
                others_changed = 1;
        }
        assert_true(others_changed);
    }
}

static void band(size_t n, const double *x, double width, parley_agreement *a, unsigned char *out,
                 const char *const *names, const char *want) {
    parley_error err;
    assert_int_equal(parley_agreement_compute(n, x, width, a, out, &err), PARLEY_OK);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_agreement_describe(a, n, x, out, names, &b), PARLEY_OK);
    parley_buf_append(&b, "", 1);
    assert_string_equal(b.data, want);
    parley_buf_destroy(&b);
}

/* Denuclearisation (default scenario): median 55; deviations 5.01 0 0 27.98
 * 24.27 2.04, sorted 0 0 2.04 5.01 24.27 27.98, MAD (2.04 + 5.01)/2 = 3.525;
 * threshold max(10, 7.05) = 10: nbs (27.98 away) and exchange (24.27) are
 * outliers, the others span 52.96-60.01.
 * The issue's example 45 48 50 52 55 79: median 51, deviations 6 3 1 1 4 28,
 * MAD 3.5, threshold 10: only 79 is an outlier. */
static void test_agreement(void **st) {
    (void)st;
    const char *const names[] = {"mean", "median", "eu", "nbs", "exchange", "spatial"};
    const double dn[] = {60.01, 55, 55, 27.02, 79.27, 52.96};
    parley_agreement a;
    unsigned char out[6];
    band(6, dn, 100, &a, out, names,
         "four of six models land between 52.96 and 60.01; the nbs model says 27.02 and the "
         "exchange model says 79.27");
    assert_true(a.median == 55.0);
    assert_close(a.mad, 3.525, 1e-12);
    assert_close(a.threshold, 10.0, 0);
    assert_close(a.spread, 79.27 - 27.02, 1e-12);
    assert_int_equal(a.n_outliers, 2);
    assert_true(out[3] && out[4] && !out[0] && !out[1] && !out[2] && !out[5]);

    const double ex[] = {45, 48, 50, 52, 55, 79};
    band(6, ex, 100, &a, out, names,
         "five of six models land between 45 and 55; the spatial model says 79");
    assert_close(a.mad, 3.5, 0);
    /* a narrow scale: width 10 makes the 10 % floor 1; 2 MAD = 7 decides */
    band(6, ex, 10, &a, out, names,
         "five of six models land between 45 and 55; the spatial model says 79");
    assert_close(a.threshold, 7.0, 0);

    const double three[] = {45, NAN, 55, 50};
    band(4, three, 100, &a, out, names, "all three models land between 45 and 55");
    assert_int_equal(a.n, 3);
    const double two[] = {40, 40};
    band(2, two, 100, &a, out, names, "both models land at 40");
    /* two models 42.09 apart on a 0-100 scale: MAD 21.045, threshold
     * max(10, 42.09) = 42.09, so neither is an outlier, but the spread
     * 42.09 exceeds 20 % of the width: they disagree, not agree */
    const double far[] = {75.92, 33.83};
    band(2, far, 100, &a, out, names,
         "the models disagree: their forecasts range from 33.83 to 75.92");
    assert_int_equal(a.n_outliers, 0);
    /* 15 apart (below 20) is still agreement */
    const double near[] = {40, 55};
    band(2, near, 100, &a, out, names, "both models land between 40 and 55");
    const double one[] = {NAN, NAN, 55};
    band(3, one, 100, &a, out, names, "only the eu model ran: 55");
    parley_error err;
    const double none[] = {NAN};
    assert_int_equal(parley_agreement_compute(1, none, 100, &a, out, &err), PARLEY_EDOMAIN);
    assert_int_equal(parley_agreement_compute(1, two, 0, &a, out, &err), PARLEY_EINVAL);
}

/* One issue on [0, 100] with status quo 10 and three actors at x[]. */
static void sq_scenario(parley_scenario *s, const double *x, int has_sq) {
    assert_int_equal(parley_scenario_init(s, 3, 1), PARLEY_OK);
    const char *names[3] = {"veto", "b", "c"};
    const double sal[3] = {0.8, 0.6, 0.7}, cap[3] = {40, 35, 25};
    parley_set_string(&s->issues[0].name, "relief");
    s->issues[0].lo = 0;
    s->issues[0].hi = 100;
    s->issues[0].bounds_given = 1;
    s->issues[0].has_status_quo = has_sq;
    s->issues[0].status_quo = 10;
    for (size_t a = 0; a < 3; ++a) {
        parley_set_string(&s->actors[a].name, names[a]);
        parley_cell *c = parley_scenario_cell(s, a, 0);
        c->present = 1;
        c->position = x[a];
        c->salience = sal[a];
        c->capability = cap[a];
    }
}

/* A veto player at the status quo: F = {q} whenever it sits at or below q,
 * and F lies within [q, 2 x_v - q] when it sits above, so with no noise the
 * status quo holds surely, and with position noise of sd 0.02 x 100 = 2 the
 * NBS leaves the 10-point margin only when 2 e > 10, e > 2.5 sd (0.6 %).
 * Everyone far on the same side (80, 85, 95): F = [10, 150] within the scale,
 * and the NBS lands near the actors, 70 or more points from q. */
static void test_status_quo_holds(void **st) {
    (void)st;
    parley_scenario s;
    parley_perturbation none, small, dflt;
    parley_perturbation_init(&none);
    parley_perturbation_init(&small);
    small.noise[PARLEY_FIELD_POSITION].dist = PARLEY_NOISE_NORMAL;
    small.noise[PARLEY_FIELD_POSITION].size = 0.02;
    parley_sq_perturbation_default(&dflt);
    double p, p2;
    size_t ran;
    parley_error err;

    const double veto[] = {10, 80, 90};
    sq_scenario(&s, veto, 1);
    assert_int_equal(parley_sq_holds(&s, 0, &none, 0, 20, &p, &ran, &err), PARLEY_OK);
    assert_true(p == 1.0);
    assert_int_equal(ran, 20);
    assert_int_equal(parley_sq_holds(&s, 0, &small, 7, 400, &p, &ran, &err), PARLEY_OK);
    assert_true(p >= 0.97);
    /* the default perturbation (sd 5 points): still mostly held */
    assert_int_equal(parley_sq_holds(&s, 0, &dflt, 7, 400, &p, &ran, &err), PARLEY_OK);
    assert_true(p >= 0.75);
    /* same seed, same answer; the replicates are seeded */
    assert_int_equal(parley_sq_holds(&s, 0, &dflt, 7, 400, &p2, &ran, &err), PARLEY_OK);
    assert_true(p == p2);
    parley_scenario_destroy(&s);

    const double far[] = {80, 85, 95};
    sq_scenario(&s, far, 1);
    assert_int_equal(parley_sq_holds(&s, 0, &none, 0, 20, &p, &ran, &err), PARLEY_OK);
    assert_true(p == 0.0);
    assert_int_equal(parley_sq_holds(&s, 0, &dflt, 7, 400, &p, &ran, &err), PARLEY_OK);
    assert_true(p <= 0.01);
    assert_int_equal(parley_sq_holds(&s, 0, &dflt, 7, 0, &p, &ran, &err), PARLEY_EINVAL);
    parley_scenario_destroy(&s);

    sq_scenario(&s, far, 0);
    assert_int_equal(parley_sq_holds(&s, 0, &dflt, 7, 10, &p, &ran, &err), PARLEY_EDOMAIN);
    parley_scenario_destroy(&s);
}

/* (0.9 - 1)^2 + (0.2 - 0)^2 + (0.5 - 1)^2 = 0.01 + 0.04 + 0.25 = 0.30, over 3 */
static void test_brier(void **st) {
    (void)st;
    const double p[] = {0.9, 0.2, NAN, 0.5};
    const int o[] = {1, 0, 1, 1};
    double b;
    size_t used;
    parley_error err;
    assert_int_equal(parley_brier_score(4, p, o, &b, &used, &err), PARLEY_OK);
    assert_close(b, 0.1, 1e-15);
    assert_int_equal(used, 3);
    const double bad[] = {1.5};
    assert_int_equal(parley_brier_score(1, bad, o, &b, &used, &err), PARLEY_EINVAL);
    const int two[] = {2};
    assert_int_equal(parley_brier_score(1, p, two, &b, &used, &err), PARLEY_EINVAL);
    assert_int_equal(parley_brier_score(1, p + 2, o, &b, &used, &err), PARLEY_EDOMAIN);
}

/* Constant-rate baseline, leave one case out, outcomes 1 0 1 1 (one case
 * each): p = 2/3, 1, 2/3, 2/3, squared errors 1/9, 1, 1/9, 1/9, mean 1/3.
 * Grouped as cases {0, 1} and {2, 3}: pairs 0 and 1 get 1 (the other case's
 * rate), pairs 2 and 3 get 1/2: 0, 1, 1/4, 1/4, mean 3/8. */
static void test_brier_baseline(void **st) {
    (void)st;
    const int o[] = {1, 0, 1, 1};
    double b;
    parley_error err;
    assert_int_equal(parley_brier_baseline_loco(4, o, NULL, &b, &err), PARLEY_OK);
    assert_close(b, 1.0 / 3.0, 1e-15);
    const size_t cs[] = {5, 5, 9, 9};
    assert_int_equal(parley_brier_baseline_loco(4, o, cs, &b, &err), PARLEY_OK);
    assert_close(b, 3.0 / 8.0, 1e-15);
    const size_t one[] = {2, 2, 2, 2};
    assert_int_equal(parley_brier_baseline_loco(4, o, one, &b, &err), PARLEY_EDOMAIN);
    const int bad[] = {1, 3};
    assert_int_equal(parley_brier_baseline_loco(2, bad, NULL, &b, &err), PARLEY_EINVAL);
}

static void test_verdict(void **st) {
    (void)st;
    parley_combined_score sc = {1, 34, 18.25, 17.9, "eu", 25.1, 24, 0};
    assert_int_equal(parley_combined_beats_all(&sc), 0);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_combined_verdict(&sc, &b), PARLEY_OK);
    parley_buf_append(&b, "", 1);
    assert_string_equal(b.data,
                        "On the case library (34 issues) the combined forecast's MAE is 18.25. "
                        "It beats the scale midpoint (24). It does not beat the best single model "
                        "(eu, 17.9).");
    parley_buf_destroy(&b);
    /* with issues that have a status quo, the status quo is compared on those
     * issues only: 25.1 there against the combined forecast's 30 */
    sc.n_sq = 8;
    sc.combined_on_sq_mae = 30;
    parley_buf_init(&b);
    assert_int_equal(parley_combined_verdict(&sc, &b), PARLEY_OK);
    parley_buf_append(&b, "", 1);
    assert_string_equal(b.data,
                        "On the case library (34 issues) the combined forecast's MAE is 18.25. "
                        "It beats the scale midpoint (24). It does not beat the best single model "
                        "(eu, 17.9) or the status quo on the 8 issues that have one (there the "
                        "status quo scores 25.1, the combined forecast 30).");
    parley_buf_destroy(&b);
    /* on fewer than 10 scored issues the verdict says it is a weak test */
    sc.n = 3;
    parley_buf_init(&b);
    assert_int_equal(parley_combined_verdict(&sc, &b), PARLEY_OK);
    parley_buf_append(&b, "", 1);
    assert_non_null(strstr(b.data, " With only 3 scored issues this is a weak test."));
    parley_buf_destroy(&b);
    sc.n = 34;
    sc.mae = 17.5; /* beats the models and the midpoint, not the status quo on its issues */
    assert_int_equal(parley_combined_beats_all(&sc), 0);
    sc.combined_on_sq_mae = 20;
    sc.mae = 18.25;
    sc.mae = 17.5;
    assert_int_equal(parley_combined_beats_all(&sc), 1);
    sc.midpoint_mae = 17.0; /* a baseline beats it */
    assert_int_equal(parley_combined_beats_all(&sc), 0);
    sc.midpoint_mae = 24;
    sc.status_quo_mae = NAN; /* no status quo in the library: not counted */
    assert_int_equal(parley_combined_beats_all(&sc), 1);
    sc.scored = 0;
    assert_int_equal(parley_combined_beats_all(&sc), 0);
    parley_buf_init(&b);
    assert_int_equal(parley_combined_verdict(&sc, &b), PARLEY_OK);
    parley_buf_append(&b, "", 1);
    assert_string_equal(b.data, "Not yet scored against the case library.");
    parley_buf_destroy(&b);
}

/* A forecast of mean and median on three actors at 10, 30, 80 with weights
 * c s = 1, 1, 2 (W = 4): mean (10 + 30 + 160) / 4 = 50, weighted median 30
 * (cumulative 1, 2, 4 reaches W/2 at 30).  Combined: (50 + 30) / 2 = 40; the
 * band: deviations 10, 10, MAD 10, threshold 20, no outlier. */
static void test_combined_forecast(void **st) {
    (void)st;
    parley_scenario s;
    const double x[] = {10, 30, 80};
    sq_scenario(&s, x, 1);
    for (size_t a = 0; a < 3; ++a) {
        parley_scenario_cell(&s, a, 0)->salience = 0.5;
        parley_scenario_cell(&s, a, 0)->capability = a == 2 ? 4 : 2;
    }
    parley_params pp[2];
    assert_int_equal(parley_params_init(&pp[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&pp[1], parley_model_find("median")), PARLEY_OK);
    parley_forecast f;
    parley_error err;
    assert_int_equal(parley_forecast_init(&f, &s, pp, 2, 0, &err), PARLEY_OK);
    parley_combine_options o;
    parley_combine_options_init(&o);
    o.sq_replicates = 50;
    parley_combined c;
    assert_int_equal(parley_combined_init(&c, &f, &o, &err), PARLEY_OK);
    assert_int_equal(c.issues[0].status, PARLEY_OK);
    assert_close(c.issues[0].value, 40.0, 1e-14);
    assert_string_equal(c.issues[0].sentence, "both models land between 30 and 50");
    assert_true(c.issues[0].has_sq);
    assert_int_equal(c.issues[0].sq_ran, 50);
    assert_true(c.issues[0].p_sq >= 0.0 && c.issues[0].p_sq <= 1.0);
    assert_true(isnan(c.issues[0].outcome));
    assert_false(c.score.scored);
    parley_combined_destroy(&c);
    /* inverse-MAE weights 3/4 on mean, 1/4 on median: 37.5 + 7.5 = 45 */
    const double w[] = {0.75, 0.25};
    o.method = PARLEY_COMBINE_INVERSE_MAE;
    o.weights = w;
    o.sq_replicates = 0;
    assert_int_equal(parley_combined_init(&c, &f, &o, &err), PARLEY_OK);
    assert_close(c.issues[0].value, 45.0, 1e-14);
    assert_false(c.issues[0].has_sq);
    parley_combined_destroy(&c);
    o.weights = NULL;
    assert_int_equal(parley_combined_init(&c, &f, &o, &err), PARLEY_EINVAL);
    parley_combined_destroy(&c);
    parley_forecast_destroy(&f);
    parley_params_destroy(&pp[0]);
    parley_params_destroy(&pp[1]);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_median),       cmocka_unit_test(test_fit_loco),
        cmocka_unit_test(test_library_hand), cmocka_unit_test(test_loco_property),
        cmocka_unit_test(test_agreement),    cmocka_unit_test(test_status_quo_holds),
        cmocka_unit_test(test_brier),        cmocka_unit_test(test_brier_baseline),
        cmocka_unit_test(test_verdict),      cmocka_unit_test(test_combined_forecast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
