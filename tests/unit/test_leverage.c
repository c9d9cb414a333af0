/* What-if changes, leverage and the best stated position, on a hand-made
 * three-actor issue whose numbers are worked out in the comments. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
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

/* The screening pass on the hand-worked mean case (step 0.05: h = 5 on the
 * 0-100 scale).  Each actor's score is the larger of |leave effect| and
 * |one position step's effect| over the scale width:
 *   alpha leaves: (129.525 - 12.5) / 1.885 - 41.3158 = +20.766 -> 0.20766
 *   beta leaves:  (129.525 - 38.4) / 2.175 - 41.3158 = +0.5808 -> 0.005808,
 *                 but its position step: 0.1 x 0.96 / 3.135 = 0.030622
 *   gamma leaves: (129.525 - 78.625) / 2.21 - 41.3158 = -18.284 -> 0.18284
 * (the mean is linear in a position, so one step gives w/W exactly).  With
 * K = 1 only alpha gets all four rows; beta and gamma keep their leave
 * rows, which equal the full run's. */
static void test_leverage_screen_mean(void **state) {
    (void)state;
    parley_scenario s;
    make(&s);
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("mean")), PARLEY_OK);
    parley_leverage_options o;
    parley_leverage_options_init(&o);
    o.top_actors = 1;
    parley_leverage lev, full;
    parley_error err;
    assert_int_equal(parley_leverage_run(&lev, &s, &p, 1, &o, &err), PARLEY_OK);
    assert_int_equal(lev.n_screened, 3);
    assert_int_equal(lev.n_refined, 1);
    assert_int_equal(lev.refined[0], 0);
    assert_close(lev.screen[0], (117.025 / 1.885 - MEAN) / 100, 1e-12);
    assert_close(lev.screen[1], 0.1 * 0.96 / 3.135, 1e-12);
    assert_close(lev.screen[2], -(50.9 / 2.21 - MEAN) / 100, 1e-12);
    /* 1 base + 3 x (leave, position up) + alpha's position down and its two
     * salience and two capability steps (5) = 12 forecasts; 4 + 1 + 1 rows */
    assert_int_equal(lev.n_forecasts, 12);
    assert_int_equal(lev.n_rows, 6);
    o.top_actors = 0;
    assert_int_equal(parley_leverage_run(&full, &s, &p, 1, &o, &err), PARLEY_OK);
    assert_null(full.refined);
    assert_int_equal(full.n_forecasts, 1 + 3 * 7);
    /* the full run records the same screening scores */
    assert_memory_equal(full.screen, lev.screen, 3 * sizeof *lev.screen);
    /* every screened row is the full run's, bit for bit */
    for (size_t k = 0; k < lev.n_rows; ++k) {
        const parley_leverage_row *r = &lev.rows[k];
        const parley_leverage_row *f = find(&full, r->actor, r->drop, r->field);
        assert_memory_equal(&r->effect, &f->effect, sizeof r->effect);
        assert_memory_equal(&r->derivative, &f->derivative, sizeof r->derivative);
    }
    /* the screen's order is the full run's here: alpha's and gamma's leave
     * rows head both tables */
    assert_memory_equal(&lev.rows[0], &full.rows[0], sizeof lev.rows[0]);
    assert_memory_equal(&lev.rows[1], &full.rows[1], sizeof lev.rows[1]);
    parley_leverage_destroy(&lev);
    /* the leave-only screen: beta's score is its leave effect 0.005808;
     * 1 base + 3 leaves + alpha's 6 steps = 10 forecasts */
    o.top_actors = 1;
    o.screen = PARLEY_LEVERAGE_SCREEN_LEAVES;
    assert_int_equal(parley_leverage_run(&lev, &s, &p, 1, &o, &err), PARLEY_OK);
    assert_close(lev.screen[1], (91.125 / 2.175 - MEAN) / 100, 1e-12);
    assert_int_equal(lev.refined[0], 0);
    assert_int_equal(lev.n_forecasts, 10);
    assert_int_equal(lev.n_rows, 6);
    parley_leverage_destroy(&lev);
    /* the position-only screen: alpha 0.1 x 1.25 / 3.135 = 0.03987 is best;
     * the others have no rows */
    o.screen = PARLEY_LEVERAGE_SCREEN_POSITION;
    assert_int_equal(parley_leverage_run(&lev, &s, &p, 1, &o, &err), PARLEY_OK);
    assert_close(lev.screen[0], 0.1 * 1.25 / 3.135, 1e-12);
    assert_close(lev.screen[2], 0.1 * 0.925 / 3.135, 1e-12);
    assert_int_equal(lev.refined[0], 0);
    assert_int_equal(lev.n_rows, 4);
    parley_leverage_destroy(&lev);
    o.screen = 4;
    assert_int_equal(parley_leverage_run(&lev, &s, &p, 1, &o, &err), PARLEY_EINVAL);
    parley_leverage_destroy(&full);
    parley_params_destroy(&p);
    parley_scenario_destroy(&s);
}

/* A name that is no actor: the message lists the scenario's actors, cut
 * with "..." where the list would not fit in the message. */
static void test_no_actor_lists_actors(void **state) {
    (void)state;
    parley_scenario s;
    assert_int_equal(parley_scenario_init(&s, 40, 1), PARLEY_OK);
    char name[64];
    for (size_t a = 0; a < 40; ++a) {
        snprintf(name, sizeof name, "actor-with-a-long-name-number-%02zu", a);
        assert_int_equal(parley_set_string(&s.actors[a].name, name), PARLEY_OK);
    }
    unsigned char chosen[40] = {0};
    parley_error err;
    assert_int_equal(parley_leverage_actors_parse(&s, "nobody", chosen, &err), PARLEY_EINVAL);
    const char *start = "no actor named 'nobody' in the scenario (actors: "
                        "actor-with-a-long-name-number-00, actor-with-a-long-name-number-01, ";
    assert_memory_equal(err.message, start, strlen(start));
    const size_t len = strlen(err.message);
    assert_true(len < sizeof err.message - 1); /* cut by the list, not by the buffer */
    assert_string_equal(err.message + len - strlen(", ...)"), ", ...)");
    assert_null(strstr(err.message, "number-39"));
    parley_scenario_destroy(&s);
}

/* --actors: rows of the listed actors only, equal to the full run's. */
static void test_leverage_actors(void **state) {
    (void)state;
    parley_scenario s;
    make(&s);
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("mean")), PARLEY_OK);
    unsigned char chosen[3] = {0, 0, 0};
    parley_error err;
    /* a name with a dot and the whole-text rule */
    assert_int_equal(parley_leverage_actors_parse(&s, "gamma,beta.two", chosen, &err), PARLEY_OK);
    assert_true(!chosen[0] && chosen[1] && chosen[2]);
    assert_int_equal(parley_leverage_actors_parse(&s, "gamma,delta", chosen, &err), PARLEY_EINVAL);
    assert_string_equal(err.message,
                        "no actor named 'delta' in the scenario (actors: alpha, beta.two, gamma)");
    assert_int_equal(parley_leverage_actors_parse(&s, "gamma,", chosen, &err), PARLEY_EINVAL);
    size_t pick[2] = {2, 1};
    parley_leverage_options o;
    parley_leverage_options_init(&o);
    o.actors = pick;
    o.n_actors = 2;
    parley_leverage lev;
    assert_int_equal(parley_leverage_run(&lev, &s, &p, 1, &o, &err), PARLEY_OK);
    assert_int_equal(lev.n_rows, 8);
    assert_int_equal(lev.n_selected, 2);
    assert_int_equal(lev.selected[0], 1);
    assert_int_equal(lev.selected[1], 2);
    for (size_t k = 0; k < lev.n_rows; ++k)
        assert_true(lev.rows[k].actor != 0);
    /* gamma leaving: (129.525 - 78.625) / 2.21 - mean = -18.284 heads it */
    assert_close(lev.rows[0].effect, 50.9 / 2.21 - MEAN, 1e-9);
    parley_leverage_destroy(&lev);
    size_t twice[2] = {1, 1}, beyond[1] = {3};
    o.actors = twice;
    assert_int_equal(parley_leverage_run(&lev, &s, &p, 1, &o, &err), PARLEY_EINVAL);
    o.actors = beyond;
    o.n_actors = 1;
    assert_int_equal(parley_leverage_run(&lev, &s, &p, 1, &o, &err), PARLEY_EINVAL);
    o.actors = NULL;
    o.n_actors = 0;
    o.size = 2; /* a split without a share function */
    assert_int_equal(parley_leverage_run(&lev, &s, &p, 1, &o, &err), PARLEY_EINVAL);
    parley_params_destroy(&p);
    parley_scenario_destroy(&s);
}

typedef struct {
    size_t calls, last_done, last_total, cancel_at;
    int monotone;
} progress_log;

static int on_progress(void *data, size_t done, size_t total) {
    progress_log *l = data;
    if (done <= l->last_done || done > total)
        l->monotone = 0;
    l->last_done = done;
    l->last_total = total;
    ++l->calls;
    return l->cancel_at && done >= l->cancel_at;
}

static size_t fake_share_calls;

/* A one-process stand-in for MPI: rank 0 of 2 fills the first half; the
 * share function fills the second half as rank 1 would have (here: NaN
 * marks, then the test checks that the run refused them by status). */
static parley_status fake_share(void *data, double *values, size_t n, parley_status local) {
    (void)data;
    (void)values;
    (void)n;
    ++fake_share_calls;
    return local == PARLEY_OK ? PARLEY_EIO : local;
}

/* Thread counts give the same bits; the progress callback sees every
 * forecast, and cancels; estimate counts what the run does; a failing
 * share stops the run with its status. */
static void test_leverage_threads_progress(void **state) {
    (void)state;
    parley_scenario s;
    assert_int_equal(
        parley_scenario_load(&s, PARLEY_TEST_DATA "/../../data/cases/ec_auto_emissions_1994.json",
                             PARLEY_FORMAT_UNKNOWN, NULL, NULL),
        PARLEY_OK);
    parley_params p[3];
    assert_int_equal(parley_params_init(&p[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], parley_model_find("eu")), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[2], parley_model_find("spatial")), PARLEY_OK);
    parley_leverage_options o;
    parley_leverage_options_init(&o);
    parley_leverage one, two;
    parley_error err;
    o.threads = 1;
    assert_int_equal(parley_leverage_run(&one, &s, p, 3, &o, &err), PARLEY_OK);
    o.threads = 3;
    progress_log log = {0, 0, 0, 0, 1};
    o.progress = on_progress;
    o.progress_data = &log;
    assert_int_equal(parley_leverage_run(&two, &s, p, 3, &o, &err), PARLEY_OK);
    assert_int_equal(one.n_rows, two.n_rows);
    assert_memory_equal(one.rows, two.rows, one.n_rows * sizeof *one.rows);
    assert_memory_equal(one.base, two.base, s.n_issues * 3 * sizeof *one.base);
    assert_true(log.monotone);
    assert_int_equal(log.calls, one.n_forecasts);
    assert_int_equal(log.last_done, one.n_forecasts);
    assert_int_equal(log.last_total, one.n_forecasts);
    parley_leverage_estimate est;
    assert_int_equal(parley_leverage_estimate_run(&s, p, 3, &o, &est, &err), PARLEY_OK);
    assert_int_equal(est.forecasts, one.n_forecasts);
    assert_int_equal(est.base, s.n_issues * 3);
    assert_true(est.seconds > 0.0);
    parley_leverage_destroy(&two);
    /* cancelled after 10 forecasts */
    log = (progress_log){0, 0, 0, 10, 1};
    assert_int_equal(parley_leverage_run(&two, &s, p, 3, &o, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "cancelled");
    assert_null(two.rows);
    /* a share function reporting a failure of another process */
    o.progress = NULL;
    o.size = 2;
    o.share = fake_share;
    assert_int_equal(parley_leverage_run(&two, &s, p, 3, &o, &err), PARLEY_EIO);
    assert_int_equal(fake_share_calls, 1);
    parley_leverage_destroy(&one);
    for (int m = 0; m < 3; ++m)
        parley_params_destroy(&p[m]);
    parley_scenario_destroy(&s);
}

/* The screen against the full run on a shipped case, the EC car emissions
 * case of 1994 with every model (docs/analysis.md, "Screening"): for K = 3
 * and 5 the screen picks exactly the full run's K most effective actors
 * (each actor's largest |effect| / scale width over all its rows; at K = 5
 * the 5th and 6th tie, and the table's rule, the lower actor index, picks
 * the same one), and the
 * screened table's first 3 (K = 3) and 6 (K = 5) rows are the full
 * table's.  Not a tautology: the screen sees only leaves and one position
 * step, the full ranking every row. */
static void test_leverage_screen_case(void **state) {
    (void)state;
    parley_scenario s;
    assert_int_equal(
        parley_scenario_load(&s, PARLEY_TEST_DATA "/../../data/cases/ec_auto_emissions_1994.json",
                             PARLEY_FORMAT_UNKNOWN, NULL, NULL),
        PARLEY_OK);
    parley_params p[8];
    size_t nm = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t)
        assert_int_equal(parley_params_init(&p[nm++], *t), PARLEY_OK);
    parley_leverage_options o;
    parley_leverage_options_init(&o);
    parley_leverage full, scr;
    parley_error err;
    assert_int_equal(parley_leverage_run(&full, &s, p, nm, &o, &err), PARLEY_OK);
    double score[16];
    assert_true(s.n_actors <= 16);
    for (size_t a = 0; a < s.n_actors; ++a)
        score[a] = -1;
    for (size_t k = 0; k < full.n_rows; ++k) {
        const parley_leverage_row *r = &full.rows[k];
        const double key = fabs(r->effect) / (s.issues[r->issue].hi - s.issues[r->issue].lo);
        if (key > score[r->actor])
            score[r->actor] = key;
    }
    static const size_t ks[2] = {3, 5}, exact[2] = {3, 6};
    for (int j = 0; j < 2; ++j) {
        o.top_actors = ks[j];
        assert_int_equal(parley_leverage_run(&scr, &s, p, nm, &o, &err), PARLEY_OK);
        assert_int_equal(scr.n_refined, ks[j]);
        /* the full run's K best actors: by score, ties by actor (as the
         * table ranks ties) */
        unsigned char in[16] = {0};
        for (size_t r = 0; r < scr.n_refined; ++r)
            in[scr.refined[r]] = 1;
        for (size_t a = 0; a < s.n_actors; ++a) {
            size_t better = 0; /* actors ranked above a in the full run */
            for (size_t b = 0; b < s.n_actors; ++b)
                better += score[b] > score[a] || (score[b] == score[a] && b < a);
            assert_int_equal(in[a], better < ks[j]);
        }
        for (size_t k = 0; k < exact[j]; ++k)
            assert_memory_equal(&scr.rows[k], &full.rows[k], sizeof scr.rows[k]);
        assert_true(scr.n_forecasts < full.n_forecasts);
        parley_leverage_destroy(&scr);
    }
    parley_leverage_destroy(&full);
    for (size_t m = 0; m < nm; ++m)
        parley_params_destroy(&p[m]);
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

/* The best positions of alpha over the issue and the models mean and
 * median are the two searches above (hand calculations there), in model
 * order; without alpha on any issue (dropped) there is no position to
 * search, an error, and asking for that issue is an error that names both. */
static void test_best_positions(void **state) {
    (void)state;
    parley_scenario s;
    make(&s);
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], parley_model_find("median")), PARLEY_OK);
    parley_best_positions bp;
    parley_error err;
    assert_int_equal(parley_best_positions_init(&bp, &s, p, 2, 0, (size_t)-1, 101, 0, &err),
                     PARLEY_OK);
    assert_int_equal(bp.n, 2);
    assert_int_equal(bp.issue[0], 0);
    assert_int_equal(bp.model[0], 0);
    assert_close(bp.best[0].stated, 0, 1e-12);
    assert_close(bp.best[0].forecast, (38.4 + 78.625) / WSUM, 1e-12);
    assert_int_equal(bp.model[1], 1);
    assert_close(bp.best[1].stated, 10, 1e-15);
    assert_close(bp.best[1].forecast, 40, 1e-15);
    parley_best_positions_destroy(&bp);
    parley_scenario_cell(&s, 0, 0)->present = 0;
    assert_int_equal(parley_best_positions_init(&bp, &s, p, 2, 0, (size_t)-1, 101, 0, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "alpha takes part in no issue (an actor dropped by the "
                                     "what-if changes), so it has no stated position to search");
    assert_int_equal(bp.n, 0);
    parley_best_positions_destroy(&bp);
    assert_int_equal(parley_best_positions_init(&bp, &s, p, 2, 0, 0, 101, 0, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "alpha takes no part in issue tax");
    parley_best_positions_destroy(&bp);
    parley_best_positions_destroy(&bp);
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
    parley_scenario_destroy(&s);
}

/* Two lists naming gamma, alpha and alpha again select actors 0 and 2 in
 * scenario order, once each; an unknown name is the parse's error. */
static void test_leverage_actors_select(void **state) {
    (void)state;
    parley_scenario s;
    make(&s);
    const char *const lists[] = {"gamma,alpha", "alpha"}, *const bad[] = {"beta.two", "delta"};
    size_t idx[3] = {9, 9, 9}, n = 9;
    parley_error err;
    assert_int_equal(parley_leverage_actors_select(&s, lists, 2, idx, &n, &err), PARLEY_OK);
    assert_int_equal(n, 2);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 2);
    assert_int_equal(parley_leverage_actors_select(&s, bad, 2, idx, &n, &err), PARLEY_EINVAL);
    assert_string_equal(err.message,
                        "no actor named 'delta' in the scenario (actors: alpha, beta.two, gamma)");
    parley_scenario_destroy(&s);
}

/* The estimate's line: 10 s of forecasts on 2 threads take 5 s, 0.1 s
 * each; with a screen, 5.4 s on 1 thread x 3 processes take 1.8 s,
 * shown rounded as 2 s. */
static void test_leverage_estimate_text(void **state) {
    (void)state;
    parley_leverage_estimate est = {4, 0, 96, 100, 10.0, 2};
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_leverage_estimate(&est, 0, 1, &b), PARLEY_OK);
    assert_string_equal(b.data, "100 forecasts on 2 threads, about 5 s (one forecast: 0.1 s)");
    parley_buf_destroy(&b);
    parley_leverage_estimate screened = {4, 20, 30, 54, 5.4, 1};
    parley_buf_init(&b);
    assert_int_equal(parley_report_leverage_estimate(&screened, 2, 3, &b), PARLEY_OK);
    assert_string_equal(b.data,
                        "up to 54 forecasts (4 base, 20 screening, up to 30 for the top 2 "
                        "actors) on 1 thread x 3 processes, about 2 s (one forecast: 0.1 s)");
    parley_buf_destroy(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_change_parse),
        cmocka_unit_test(test_leverage_mean),
        cmocka_unit_test(test_leverage_screen_mean),
        cmocka_unit_test(test_no_actor_lists_actors),
        cmocka_unit_test(test_leverage_actors),
        cmocka_unit_test(test_leverage_threads_progress),
        cmocka_unit_test(test_leverage_screen_case),
        cmocka_unit_test(test_best_position_mean),
        cmocka_unit_test(test_best_position_median),
        cmocka_unit_test(test_best_positions),
        cmocka_unit_test(test_leverage_estimate_text),
        cmocka_unit_test(test_leverage_actors_select),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
