/* Unit tests of the SVG charts and the HTML report.
 *
 * Pixel positions and bar heights are checked against hand calculations
 * from the layout rules written out below; the expected-utility plane is
 * checked against the numbers the expected utility model itself compared
 * when it chose its moves (the e_i, e_j of every move in the trace); the
 * power chart against capability x salience from the scenario's table.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "models/eu_i.h"

static const char *find(const parley_buf *b, const char *needle) {
    return b->data ? strstr(b->data, needle) : NULL;
}

static void assert_contains(const parley_buf *b, const char *needle) {
    if (!find(b, needle))
        fail_msg("output lacks \"%s\"", needle);
}

/* A line chart with no subtitle and no y labels: the header is 36 px, the
 * plot starts 10 px lower (y0 = 46) and is 300 px tall (y1 = 346); it runs
 * from x0 = 72 to x1 = 760 - 24 = 736.  With x 0..2 and y 0..100 the points
 * (0, 0), (1, 50), (2, 100) land at (72, 346), (404, 196), (736, 46). */
static void test_line_chart_coordinates(void **state) {
    (void)state;
    const double y[3] = {0, 50, 100};
    parley_chart_series s = {"one", y, 0};
    parley_line_chart c;
    memset(&c, 0, sizeof c);
    c.id = "t";
    c.title = "lines";
    c.x = (parley_chart_axis){"round", 0, 2, 0, NULL, NULL};
    c.y = (parley_chart_axis){"position (0-100)", 0, 100, 0, NULL, NULL};
    c.n = 3;
    c.n_series = 1;
    c.series = &s;
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_chart_lines_svg(&c, &b, NULL), PARLEY_OK);
    assert_contains(&b, "points=\"72.0,346.0 404.0,196.0 736.0,46.0\"");
    assert_contains(&b, ">position (0-100)</text>");
    assert_contains(&b, ">round</text>");
    assert_contains(&b, "<title id=\"t-title\">lines</title>");
    parley_buf_destroy(&b);
}

/* A fan: the band's upper edge left to right, then its lower edge back,
 * on the same frame as above except that an x axis of rounds gets a margin
 * of 4 % of its range at both ends: x runs from -0.08 to 2.08 over 664 px,
 * so x = 0, 1, 2 land at 72 + 664 (0.08, 1.08, 2.08) / 2.16 = 96.6, 404.0,
 * 711.4; (0, 100) (1, 50) (2, 100) then (2, 0) (1, 0) (0, 0) -> y 46, 196,
 * 46, 346, 346, 346. */
static void test_fan_band(void **state) {
    (void)state;
    const double lo[3] = {0, 0, 0}, hi[3] = {100, 50, 100}, med[3] = {50, 25, 50};
    parley_chart_band band = {"5-95% of runs", lo, hi};
    parley_chart_series s = {"median of runs", med, 1};
    parley_line_chart c;
    memset(&c, 0, sizeof c);
    c.id = "fan";
    c.title = "fan";
    c.x = (parley_chart_axis){"round", 0, 2, 0, NULL, NULL};
    c.y = (parley_chart_axis){"position (0-100)", 0, 100, 0, NULL, NULL};
    c.n = 3;
    c.x_integer = 1;
    c.n_series = 1;
    c.series = &s;
    c.n_bands = 1;
    c.bands = &band;
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_chart_lines_svg(&c, &b, NULL), PARLEY_OK);
    assert_contains(&b,
                    "d=\"M96.6 46.0L404.0 196.0L711.4 46.0L711.4 346.0L404.0 346.0L96.6 346.0Z\"");
    /* the median is the bold black line: (0, 50) (1, 25) (2, 50) */
    assert_contains(&b, "points=\"96.6,196.0 404.0,271.0 711.4,196.0\" fill=\"none\" "
                        "stroke=\"#000000\" stroke-width=\"6\"");
    assert_contains(&b, ">5-95% of runs</text>");
    parley_buf_destroy(&b);
}

/* Escaping: every special character of XML becomes an entity, control
 * characters disappear, ids keep only [A-Za-z0-9_-]. */
static void test_escaping(void **state) {
    (void)state;
    const double v[2] = {1, -2};
    const char *labels[2] = {"a<b & \"c\" 'd'\x01", "plain"};
    parley_bar_chart c = {"id with <space>", "T&C", NULL, "effect (points)", 2, labels, v, 0};
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_chart_bars_svg(&c, &b, NULL), PARLEY_OK);
    assert_contains(&b, "a&lt;b &amp; &quot;c&quot; &#39;d&#39;</text>");
    assert_contains(&b, "id=\"id-with--space-\"");
    assert_contains(&b, ">T&amp;C</text>");
    assert_null(find(&b, "\x01"));
    assert_null(find(&b, "<space>"));
    parley_buf_destroy(&b);
}

/* Ranked bars: |-2| > |1| > |0.5|, so b, c, a from the top. */
static void test_bars_ranked(void **state) {
    (void)state;
    const double v[3] = {0.5, -2, 1};
    const char *labels[3] = {"alpha", "bravo", "charlie"};
    parley_bar_chart c = {"bars", "ranked", NULL, "effect (points)", 3, labels, v, 1};
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_chart_bars_svg(&c, &b, NULL), PARLEY_OK);
    const char *pa = find(&b, ">alpha<"), *pb = find(&b, ">bravo<"), *pc = find(&b, ">charlie<");
    assert_non_null(pa);
    assert_non_null(pb);
    assert_non_null(pc);
    assert_true(pb < pc && pc < pa);
    assert_contains(&b, ">-2</text>");
    parley_buf_destroy(&b);
}

/* Histogram: 10 values in 5 bins of width 2 over [0, 10]: counts 4, 2, 1,
 * 2, 1 = 40%, 20%, 10%, 20%, 10%.  Ticks of 0..40 in steps of 10 put the
 * top at 40%, so on the 220 px plot the bars are 220, 110, 55, 110 and 55
 * px tall and 664 / 5 = 132.8 px wide. */
static void test_histogram_heights(void **state) {
    (void)state;
    const double v[11] = {1, 1, 1, 1, 3, 3, 5, 7, 7, 9, NAN};
    parley_histogram_chart c;
    memset(&c, 0, sizeof c);
    c.id = "h";
    c.title = "distribution";
    c.x = (parley_chart_axis){"forecast (0-10)", 0, 10, 0, NULL, NULL};
    c.n = 11;
    c.values = v;
    c.n_bins = 5;
    c.has_band = 1;
    c.band_lo = 1;
    c.band_hi = 9;
    c.band_name = "5-95%";
    c.has_marker = 1;
    c.marker = 3;
    c.marker_name = "median";
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_chart_histogram_svg(&c, &b, NULL), PARLEY_OK);
    assert_contains(&b, "width=\"132.8\" height=\"220.0\" fill=\"#0072B2\"");
    assert_contains(&b, "width=\"132.8\" height=\"110.0\" fill=\"#0072B2\"");
    assert_contains(&b, "width=\"132.8\" height=\"55.0\" fill=\"#0072B2\"");
    assert_contains(&b, "Histogram of 10 values in 5 bins");
    assert_contains(&b, "share of runs (%)");
    parley_buf_destroy(&b);
}

static void test_bad_input(void **state) {
    (void)state;
    parley_buf b;
    parley_buf_init(&b);
    parley_error err;
    parley_line_chart c;
    memset(&c, 0, sizeof c);
    c.id = "x";
    c.title = "x";
    c.x = (parley_chart_axis){"x", 0, 1, 0, NULL, NULL};
    c.y = (parley_chart_axis){"y", 5, 5, 0, NULL, NULL}; /* empty range */
    c.n = 1;
    assert_int_equal(parley_chart_lines_svg(&c, &b, &err), PARLEY_EINVAL);
    c.y.hi = 6;
    c.n = 0;
    assert_int_equal(parley_chart_lines_svg(&c, &b, &err), PARLEY_EINVAL);
    const double inf[1] = {INFINITY};
    const char *l[1] = {"a"};
    parley_bar_chart bc = {"b", "b", NULL, "v", 1, l, inf, 1};
    assert_int_equal(parley_chart_bars_svg(&bc, &b, &err), PARLEY_EINVAL);
    assert_int_equal(b.len, 0);
    parley_buf_destroy(&b);
}

/* ---- charts of the default scenario's forecast ---- */

typedef struct fixture {
    parley_scenario s;
    parley_params p[2];
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
    assert_int_equal(parley_params_init(&x->p[0], parley_model_find("mean")), PARLEY_OK);
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

/* Every move the model made was decided on the numbers the plane shows:
 * for receiver i in round r, the sender sits at (e_i, e_j) of the move. */
static void test_eu_plane_matches_trace(void **state) {
    fixture *x = *state;
    size_t checked = 0;
    for (size_t i = 0; i < x->s.n_issues; ++i) {
        const parley_run *run = parley_forecast_run(&x->f, i, 1);
        assert_int_equal(run->status, PARLEY_OK);
        for (size_t r = 1; r < run->n_rounds; ++r)
            for (size_t q = 0; q < run->rounds[r].n_moves; ++q) {
                const parley_move *mv = &run->rounds[r].moves[q];
                const char *names[16];
                double ei[16], ej[16];
                size_t n = 0;
                assert_int_equal(parley_eu_plane_compute(&x->f, i, 1, run->actor[mv->receiver], r,
                                                         names, ei, ej, &n, NULL),
                                 PARLEY_OK);
                const char *sender = x->s.actors[run->actor[mv->sender]].name;
                size_t k = 0;
                while (k < n && strcmp(names[k], sender) != 0)
                    ++k;
                assert_true(k < n);
                assert_close(ei[k], mv->e_i, 1e-12);
                assert_close(ej[k], mv->e_j, 1e-12);
                ++checked;
            }
    }
    assert_true(checked >= 10);
}

/* With salience shocks (each actor's salience redrawn with probability 0.4
 * before every round) the plane recorded by the seeded forecast still
 * matches every move of the trace. */
static void test_eu_plane_with_shocks(void **state) {
    fixture *x = *state;
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("eu")), PARLEY_OK);
    assert_int_equal(parley_params_set(&p, "shock", "0.4", NULL), PARLEY_OK);
    parley_forecast f;
    assert_int_equal(parley_forecast_init_seeded(&f, &x->s, &p, 1, 1, 2385, 0, NULL), PARLEY_OK);
    size_t checked = 0;
    for (size_t i = 0; i < x->s.n_issues; ++i) {
        const parley_run *run = parley_forecast_run(&f, i, 0);
        for (size_t r = 1; run->status == PARLEY_OK && r < run->n_rounds; ++r)
            for (size_t q = 0; q < run->rounds[r].n_moves; ++q) {
                const parley_move *mv = &run->rounds[r].moves[q];
                const char *names[16];
                double ei[16], ej[16];
                size_t n = 0;
                assert_int_equal(parley_eu_plane_compute(&f, i, 0, run->actor[mv->receiver], r,
                                                         names, ei, ej, &n, NULL),
                                 PARLEY_OK);
                const char *sender = x->s.actors[run->actor[mv->sender]].name;
                size_t k = 0;
                while (k < n && strcmp(names[k], sender) != 0)
                    ++k;
                assert_true(k < n);
                assert_close(ei[k], mv->e_i, 1e-12);
                assert_close(ej[k], mv->e_j, 1e-12);
                ++checked;
            }
    }
    assert_true(checked >= 10);
    parley_forecast_destroy(&f);
    parley_params_destroy(&p);
}

/* The plane read from the trace equals an independent replay of the model:
 * the expected utility model is run again on the issue with the seeded
 * forecast's parameters for round - 1 rounds, the round's shocks drawn and
 * its risk exponents updated, and E^i(U_ij), E^i(U_ji) computed pair by pair
 * (what the chart itself computed before the trace recorded challenges). */
static void replay_plane(const parley_scenario *s, const parley_params *p, size_t issue, size_t i,
                         size_t round, unsigned long long seed, double *ei, double *ej, size_t *n) {
    parley_issue_view v;
    assert_int_equal(parley_issue_view_init(&v, s, issue), PARLEY_OK);
    parley_eu_params ep = *(const parley_eu_params *)p->data;
    ep.seed = seed;
    ep.stream = parley_forecast_stream(0, issue);
    parley_i_eu *eu = test_calloc(1, sizeof *eu);
    assert_int_equal(parley_i_eu_init(eu, &v, &ep, NULL), PARLEY_OK);
    for (size_t k = 1; k < round; ++k)
        assert_int_equal(parley_i_eu_iterate(eu), PARLEY_OK);
    parley_i_eu_shock(eu);
    assert_int_equal(parley_i_eu_update_risk(eu), PARLEY_OK);
    const double *x = parley_i_eu_positions(eu);
    *n = 0;
    for (size_t j = 0; j < v.n; ++j) {
        if (j == i || x[j] == x[i])
            continue;
        ei[*n] = parley_i_eu_expected_utility(eu, i, i, j);
        ej[*n] = parley_i_eu_expected_utility(eu, i, j, i);
        ++*n;
    }
    parley_i_eu_destroy(eu);
    test_free(eu);
    parley_issue_view_destroy(&v);
}

static void test_eu_plane_matches_replay(void **state) {
    fixture *x = *state;
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("eu")), PARLEY_OK);
    assert_int_equal(parley_params_set(&p, "shock", "0.4", NULL), PARLEY_OK);
    parley_forecast f;
    assert_int_equal(parley_forecast_init_seeded(&f, &x->s, &p, 1, 1, 2385, 0, NULL), PARLEY_OK);
    size_t checked = 0;
    for (size_t i = 0; i < x->s.n_issues; ++i) {
        const parley_run *run = parley_forecast_run(&f, i, 0);
        for (size_t r = 1; run->status == PARLEY_OK && r < run->n_rounds; ++r)
            for (size_t a = 0; a < run->n; ++a) {
                const char *names[16];
                double ei[16], ej[16], ri[16], rj[16];
                size_t n = 0, rn = 0;
                assert_true(run->n <= 16);
                assert_int_equal(
                    parley_eu_plane_compute(&f, i, 0, run->actor[a], r, names, ei, ej, &n, NULL),
                    PARLEY_OK);
                replay_plane(&x->s, &p, i, a, r, 2385, ri, rj, &rn);
                assert_int_equal(n, rn);
                for (size_t k = 0; k < n; ++k) {
                    assert_true(ei[k] == ri[k]); /* the same arithmetic: equal to the bit */
                    assert_true(ej[k] == rj[k]);
                    ++checked;
                }
            }
    }
    assert_true(checked >= 100);
    parley_forecast_destroy(&f);
    parley_params_destroy(&p);
}

/* Without a trace there is nothing to draw the plane from. */
static void test_eu_plane_needs_trace(void **state) {
    fixture *x = *state;
    parley_forecast f;
    assert_int_equal(parley_forecast_init(&f, &x->s, x->p, 2, 0, NULL), PARLEY_OK);
    const char *names[16];
    double ei[16], ej[16];
    size_t n = 7;
    parley_error err;
    assert_int_equal(parley_eu_plane_compute(&f, 0, 1, parley_forecast_run(&f, 0, 1)->actor[0], 1,
                                             names, ei, ej, &n, &err),
                     PARLEY_EINVAL);
    assert_int_equal(n, 0);
    parley_forecast_destroy(&f);
}

/* The trace of denuclearisation's first round (docs: parley forecast
 * --trace): USA <- ROK compromise, e_i = -0.01391, e_j = 0.06033, which the
 * chart prints with three decimals in its key. */
static void test_eu_plane_chart(void **state) {
    fixture *x = *state;
    parley_buf b;
    parley_buf_init(&b);
    size_t usa = parley_scenario_find_actor(&x->s, "USA");
    assert_int_equal(parley_chart_forecast_eu_plane(&x->f, 0, 1, usa, 1, "plane", &b, NULL),
                     PARLEY_OK);
    assert_contains(&b, ">ROK</text>");
    assert_contains(&b, ">-0.014, 0.060</text>");
    assert_contains(&b, "stalemate");
    parley_buf_destroy(&b);
    parley_error err;
    parley_buf_init(&b);
    assert_int_equal(parley_chart_forecast_eu_plane(&x->f, 0, 0, usa, 1, "plane", &b, &err),
                     PARLEY_EINVAL);
    assert_int_equal(parley_chart_forecast_eu_plane(&x->f, 0, 1, usa, 0, "plane", &b, &err),
                     PARLEY_EINVAL);
    assert_int_equal(parley_chart_forecast_eu_plane(&x->f, 0, 1, usa, 99, "plane", &b, &err),
                     PARLEY_EINVAL);
    parley_buf_destroy(&b);
}

/* Bars are capability x salience from the scenario: on denuclearisation
 * USA 100 x 0.90 = 90 at 100, China 85 x 0.70 = 59.5 at 85, Japan 35 x 0.85
 * = 29.75 (printed 29.8) at 100.  Weighted median: the weights 85.5 (DPRK at
 * 25), 59.5 (China at 85), 26 + 40 (Russia 40 x 0.65, ROK 50 x 0.80, at 90),
 * 90 + 29.75 (at 100) total 330.75; the cumulative weight passes half
 * (165.375) at 90. */
static void test_power_weights(void **state) {
    fixture *x = *state;
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_chart_forecast_power(&x->f, 0, 1, "power", &b, NULL), PARLEY_OK);
    assert_contains(&b, "<title>USA: 90 at 100</title>");
    assert_contains(&b, "<title>China: 59.5 at 85</title>");
    assert_contains(&b, "<title>Japan: 29.8 at 100</title>");
    assert_contains(&b, "weighted median 90");
    parley_buf_destroy(&b);
    /* an issue out of range is refused */
    parley_error err;
    parley_buf_init(&b);
    assert_int_equal(parley_chart_forecast_positions(&x->f, 99, 1, "p", &b, &err), PARLEY_EINVAL);
    parley_buf_destroy(&b);
}

/* Same input, same bytes; the report holds every chart and its sections. */
static void test_report_deterministic(void **state) {
    fixture *x = *state;
    parley_buf a, b;
    for (int k = 0; k < 2; ++k) {
        parley_buf *out = k ? &b : &a;
        parley_buf_init(out);
        parley_chart_set cs;
        parley_chart_set_init(&cs);
        parley_html_options o = {(size_t)-1, "parley report"};
        parley_report_meta meta = {"(default)", PARLEY_VERSION, 0, NULL};
        assert_int_equal(parley_report_charts(&x->f, &o, &cs, NULL), PARLEY_OK);
        assert_int_equal(cs.n, 18); /* 6 issues x positions, power, challenges */
        assert_int_equal(parley_report_html(&x->f, &meta, &o, &cs, out, NULL), PARLEY_OK);
        parley_chart_set_destroy(&cs);
    }
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    assert_contains(&a, "<section id=\"summary\">");
    assert_contains(&a, "the expected utility model forecasts <b class=\"fc\">55</b>");
    assert_contains(&a, "id=\"chart-challenges-1-denuclearisation-eu\"");
    assert_null(find(&a, "<script"));
    parley_buf_destroy(&a);
    parley_buf_destroy(&b);
}

/* Quantile definition 7 by hand on 1, 2, 3, 4: h = 3p, so p = 0.5 gives
 * 2 + 0.5 (3 - 2) = 2.5, p = 0.05 gives 1 + 0.15 = 1.15, p = 0.95 gives
 * 3 + 0.85 = 3.85; the ends are the extremes. */
static void test_quantiles(void **state) {
    (void)state;
    const double x[4] = {1, 2, 3, 4};
    assert_close(parley_quantile_sorted(x, 4, 0.5), 2.5, 1e-15);
    assert_close(parley_quantile_sorted(x, 4, 0.05), 1.15, 1e-15);
    assert_close(parley_quantile_sorted(x, 4, 0.95), 3.85, 1e-15);
    assert_close(parley_quantile_sorted(x, 4, 0.0), 1, 0);
    assert_close(parley_quantile_sorted(x, 4, 1.0), 4, 0);
    assert_close(parley_quantile_sorted(x, 1, 0.3), 1, 0);
}

/* Without noise every replicate is the input, so the fan collapses onto
 * the traced forecast's weighted median round by round. */
static void test_fan_without_noise(void **state) {
    fixture *x = *state;
    parley_perturbation p;
    parley_perturbation_init(&p);
    parley_fan fans[8]; /* one per issue */
    const size_t n = x->s.n_issues;
    assert_true(n <= 8);
    assert_int_equal(parley_ensemble_fans(&x->s, &x->p[1], &p, 3, 5, fans, NULL), PARLEY_OK);
    for (size_t i = 0; i < n; ++i) {
        const parley_run *run = parley_forecast_run(&x->f, i, 1);
        assert_int_equal(fans[i].n_runs, 5);
        assert_int_equal(fans[i].n_rounds, run->n_rounds);
        for (size_t r = 0; r < run->n_rounds; ++r) {
            assert_close(fans[i].q05[r], run->rounds[r].forecast, 1e-12);
            assert_close(fans[i].q50[r], run->rounds[r].forecast, 1e-12);
            assert_close(fans[i].q95[r], run->rounds[r].forecast, 1e-12);
        }
    }
    parley_fans_destroy(fans, n);
    /* with noise the band opens and stays ordered */
    p.noise[PARLEY_FIELD_POSITION] = (parley_noise){PARLEY_NOISE_NORMAL, 0.05};
    assert_int_equal(parley_ensemble_fans(&x->s, &x->p[1], &p, 3, 200, fans, NULL), PARLEY_OK);
    int opened = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t r = 0; r < fans[i].n_rounds; ++r) {
            assert_true(fans[i].q05[r] <= fans[i].q50[r] && fans[i].q50[r] <= fans[i].q95[r]);
            opened |= fans[i].q95[r] > fans[i].q05[r];
        }
    assert_true(opened);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_chart_fan(&x->s, 1, &fans[1], NULL, 0, "eu", "fan", &b, NULL),
                     PARLEY_OK);
    assert_contains(&b, "200 runs");
    parley_buf_destroy(&b);
    parley_fans_destroy(fans, n);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_chart_coordinates),
        cmocka_unit_test(test_fan_band),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_bars_ranked),
        cmocka_unit_test(test_histogram_heights),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test_setup_teardown(test_eu_plane_matches_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eu_plane_with_shocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eu_plane_matches_replay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eu_plane_needs_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eu_plane_chart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_power_weights, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_deterministic, setup, teardown),
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test_setup_teardown(test_fan_without_noise, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
