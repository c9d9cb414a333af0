/* A seventh model, written only here: "the status quo persists".
 *
 * It proves the model interface: this file is the model's whole code, and
 * it is "registered" by handing its type to parley_params_init, as a
 * built-in model is by its X(name) entry in src/models/model.c.  The
 * forecast, the reports (text, JSON, HTML, charts) and an analysis
 * (leverage) run it without a line of theirs naming it
 * (docs/architecture.md, "Adding a model").
 *
 * The model: one round in which nobody moves; the forecast is the issue's
 * status quo.  An issue without a status quo cannot be forecast
 * (PARLEY_EDOMAIN).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct {
    const parley_issue_view *v;
    parley_outcome out;
    double *w; /* capability x salience, n values */
} sq_state;

static void sq_default(void *params) {
    (void)params;
}

static parley_status sq_set(void *params, const char *key, const char *value, parley_error *err) {
    (void)params;
    (void)key;
    (void)value;
    (void)err;
    return PARLEY_EUNSUPPORTED; /* no parameters */
}

static parley_status sq_describe(const void *params, parley_buf *out) {
    (void)params;
    (void)out;
    return PARLEY_OK;
}

/* The weighted mean and median of the (unchanging) positions. */
static parley_status sq_summary(sq_state *st, parley_error *err) {
    const parley_issue_view *v = st->v;
    parley_status rc = parley_weighted_mean(v->n, v->position, st->w, &st->out.mean, err);
    if (rc == PARLEY_OK)
        rc = parley_weighted_median(v->n, v->position, st->w, PARLEY_MEDIAN_LOWER, &st->out.median,
                                    &st->out.median_tie, &st->out.median_tie_lo,
                                    &st->out.median_tie_hi, err);
    return rc;
}

static parley_status sq_init(void *state, const parley_issue_view *v, const void *params,
                             parley_error *err) {
    (void)params;
    sq_state *st = state;
    st->v = v;
    if (!v->has_status_quo)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "the issue has no status quo to persist");
    if (!(st->w = malloc((v->n ? v->n : 1) * sizeof *st->w)))
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < v->n; ++i)
        st->w[i] = v->capability[i] * v->salience[i];
    st->out.forecast = v->status_quo;
    return sq_summary(st, err);
}

static parley_status sq_iterate(void *state, parley_error *err) {
    (void)err;
    sq_state *st = state;
    st->out.rounds = 1; /* nobody moved: a fixed point */
    st->out.stop = PARLEY_STOP_FIXED_POINT;
    return PARLEY_OK;
}

static int sq_test(const void *state) {
    return ((const sq_state *)state)->out.stop != PARLEY_STOP_NONE;
}

static void sq_outcome(const void *state, parley_outcome *out) {
    *out = ((const sq_state *)state)->out;
}

static const double *sq_positions(const void *state) {
    return ((const sq_state *)state)->v->position;
}

static void sq_destroy(void *state) {
    sq_state *st = state;
    free(st->w);
    st->w = NULL;
}

static const parley_model_type status_quo_model = {
    .name = "status-quo",
    .title = "status quo persists",
    .source = "a test model (tests/unit/test_model_status_quo.c)",
    .short_name = "the status quo model",
    .gloss = "nobody gives ground, so whatever holds today still holds after the talks",
    .params_size = 1,
    .state_size = sizeof(sq_state),
    .params_default = sq_default,
    .params_set = sq_set,
    .params_describe = sq_describe,
    .init = sq_init,
    .iterate = sq_iterate,
    .test = sq_test,
    .outcome = sq_outcome,
    .positions = sq_positions,
    .destroy = sq_destroy,
};

typedef struct {
    parley_scenario s;
    parley_params p[2]; /* the status quo model, then eu */
    parley_forecast f;
} fixture;

static int setup(void **state) {
    fixture *x = test_calloc(1, sizeof *x);
    size_t size = 0;
    const char *json = parley_default_scenario_json(&size);
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_parse(&x->s, PARLEY_FORMAT_JSON, json, size, NULL, NULL, &d),
                     PARLEY_OK);
    parley_diags_destroy(&d);
    assert_int_equal(parley_params_init(&x->p[0], &status_quo_model), PARLEY_OK);
    assert_int_equal(parley_params_init(&x->p[1], parley_model_find("eu")), PARLEY_OK);
    assert_int_equal(parley_forecast_init(&x->f, &x->s, x->p, 2, 1, NULL), PARLEY_OK);
    *state = x;
    return 0;
}

static int teardown(void **state) {
    fixture *x = *state;
    parley_forecast_destroy(&x->f);
    parley_params_destroy(&x->p[0]);
    parley_params_destroy(&x->p[1]);
    parley_scenario_destroy(&x->s);
    test_free(x);
    return 0;
}

/* The forecasts are the status quo values of data/scenarios/six_party_2019.json:
 * 10, 15, 5, 20, 15 and 15 (denuclearisation, guarantees, sanctions relief,
 * rail link, gas pipeline, power line), after one round in which nobody moved. */
static void test_forecast(void **state) {
    fixture *x = *state;
    const double sq[6] = {10, 15, 5, 20, 15, 15};
    assert_int_equal(x->s.n_issues, 6);
    for (size_t i = 0; i < 6; ++i) {
        const parley_run *run = parley_forecast_run(&x->f, i, 0);
        assert_int_equal(run->status, PARLEY_OK);
        assert_true(run->outcome.forecast == sq[i]);
        assert_int_equal(run->outcome.rounds, 1);
        assert_int_equal(run->outcome.stop, PARLEY_STOP_FIXED_POINT);
        assert_int_equal(run->n_rounds, 2);     /* round 0 and round 1 traced */
        assert_null(run->rounds[1].challenges); /* the model weighs none */
        for (size_t j = 0; j < run->n; ++j)
            assert_true(run->rounds[1].position[j] == run->rounds[0].position[j]);
    }
}

/* Without a status quo the model says why and the forecast goes on. */
static void test_no_status_quo(void **state) {
    fixture *x = *state;
    x->s.issues[1].has_status_quo = 0;
    parley_forecast f;
    assert_int_equal(parley_forecast_init(&f, &x->s, x->p, 1, 0, NULL), PARLEY_OK);
    const parley_run *run = parley_forecast_run(&f, 1, 0);
    assert_int_equal(run->status, PARLEY_EDOMAIN);
    assert_non_null(strstr(run->error.message, "no status quo"));
    assert_int_equal(parley_forecast_run(&f, 0, 0)->status, PARLEY_OK);
    parley_forecast_destroy(&f);
}

/* The reports take its words and charts from the type: its short name and
 * gloss appear; it gets the positions and power charts of an iterative
 * model and no challenge plane (not flagged); eu, flagged as the headline
 * model, keeps its three charts per issue. */
static void test_reports(void **state) {
    fixture *x = *state;
    parley_chart_set cs;
    parley_chart_set_init(&cs);
    parley_html_options o = {.actor = (size_t)-1, .command = NULL};
    assert_int_equal(parley_report_charts(&x->f, &o, &cs, NULL), PARLEY_OK);
    assert_int_equal(cs.n, 6 * 2 + 6 * 3);
    size_t planes = 0;
    for (size_t k = 0; k < cs.n; ++k)
        planes += cs.items[k].kind == PARLEY_CHART_EU_PLANE;
    assert_int_equal(planes, 6);
    parley_report_meta meta = {"(default)", PARLEY_VERSION, 0};
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_report_html(&x->f, &meta, &o, &cs, &b, NULL), PARLEY_OK);
    assert_non_null(strstr(b.data, "the status quo model"));
    assert_non_null(strstr(b.data, "nobody gives ground"));
    parley_buf_destroy(&b);
    parley_buf_init(&b);
    assert_int_equal(parley_report_json(&x->f, &meta, &b), PARLEY_OK);
    assert_non_null(strstr(b.data, "\"status-quo\""));
    parley_buf_destroy(&b);
    parley_chart_set_destroy(&cs);
}

/* An analysis runs it too: no actor can move the status quo, so every
 * leverage effect is exactly 0. */
static void test_leverage(void **state) {
    fixture *x = *state;
    parley_leverage lev;
    assert_int_equal(parley_leverage_compute(&lev, &x->s, x->p, 1, 0.05, 0.1, 0, NULL), PARLEY_OK);
    assert_true(lev.n_rows > 0);
    for (size_t r = 0; r < lev.n_rows; ++r) {
        assert_false(lev.rows[r].failed);
        assert_true(lev.rows[r].effect == 0.0);
    }
    parley_leverage_destroy(&lev);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_forecast, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_status_quo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leverage, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
