/* Several experts' codings: the median aggregate worked out by hand on a
 * 3-expert, 3-actor case (tests/data/experts/a.json, b.csv, c.json), the
 * mean model's forecast on it, the mismatch errors with their locations,
 * the ensemble draws and their independence of the thread count. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads the codings tests/data/experts/NAME for each name. */
static parley_status load(parley_experts *ex, const char *const *names, size_t n, parley_diags *d) {
    static char paths[8][4096];
    const char *p[8];
    for (size_t k = 0; k < n; ++k) {
        snprintf(paths[k], sizeof paths[k], "%s", test_data(names[k]));
        p[k] = paths[k];
    }
    return parley_experts_load(ex, p, n, PARLEY_FORMAT_UNKNOWN, NULL, d);
}

static void load_abc(parley_experts *ex) {
    static const char *const names[] = {"experts/a.json", "experts/b.csv", "experts/c.json"};
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(load(ex, names, 3, &d), PARLEY_OK);
    assert_int_equal(d.n_errors, 0);
    parley_diags_destroy(&d);
}

static const parley_cell *cell(const parley_experts *ex, const char *actor) {
    size_t a = parley_scenario_find_actor(&ex->aggregate, actor);
    assert_true(a != (size_t)-1);
    return parley_scenario_cell_const(&ex->aggregate, a, 0);
}

/* The codings (salience on 0-1; b.csv states it on 0-100, so 70 -> 0.7):
 *            position        salience          capability
 *            a   b   c       a    b    c       a   b   c
 *   US      80  70  90      0.9  0.8  0.8     50  50  60
 *   China   20  30  25      0.6  0.7  0.5     40  45  35
 *   Russia  10  15   0      0.5  0.4  0.7     30  20  25
 * Medians: US 80, 0.8, 50; China 25, 0.6, 40; Russia 10, 0.5, 25.
 * Bounds: a 0..100, b the range of its positions 15..70, c -20..100:
 * the union is -20..100.  Status quo: a 40, c 50, b none: the median of
 * two, (40 + 50) / 2 = 45.
 * The mean model (weights capability x salience) on the median table:
 *   w = 50 x 0.8 = 40, 40 x 0.6 = 24, 25 x 0.5 = 12.5; sum 76.5
 *   sum w x = 40 x 80 + 24 x 25 + 12.5 x 10 = 3200 + 600 + 125 = 3925
 *   forecast = 3925 / 76.5 = 51.30718954...
 * (the median of the three experts' own forecasts would be 50.36: see
 * test_expert_draw_by_hand). */
static void test_aggregate_by_hand(void **state) {
    (void)state;
    parley_experts ex;
    load_abc(&ex);
    assert_int_equal(ex.n_experts, 3);
    const parley_scenario *g = &ex.aggregate;
    assert_int_equal(g->n_actors, 3);
    assert_int_equal(g->n_issues, 1);
    /* b.csv's issue took a.json's name */
    assert_string_equal(g->issues[0].name, "sanctions");
    assert_string_equal(g->name, "sanctions relief, expert A (median of 3 experts' codings)");
    const parley_cell *us = cell(&ex, "US"), *cn = cell(&ex, "China"), *ru = cell(&ex, "Russia");
    assert_close(us->position, 80, 1e-12);
    assert_close(us->salience, 0.8, 1e-12);
    assert_close(us->capability, 50, 1e-12);
    assert_close(cn->position, 25, 1e-12);
    assert_close(cn->salience, 0.6, 1e-12);
    assert_close(cn->capability, 40, 1e-12);
    assert_close(ru->position, 10, 1e-12);
    assert_close(ru->salience, 0.5, 1e-12);
    assert_close(ru->capability, 25, 1e-12);
    assert_close(g->issues[0].lo, -20, 0);
    assert_close(g->issues[0].hi, 100, 0);
    assert_int_equal(g->issues[0].has_status_quo, 1);
    assert_close(g->issues[0].status_quo, 45, 1e-12);

    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_validate(g, "aggregate", &d), PARLEY_OK);
    parley_diags_destroy(&d);

    parley_params p;
    assert_int_equal(parley_params_init(&p, &parley_model_mean), PARLEY_OK);
    parley_forecast f;
    assert_int_equal(parley_forecast_init_seeded(&f, g, &p, 1, 0, 0, 0, NULL), PARLEY_OK);
    const parley_run *r = parley_forecast_run(&f, 0, 0);
    assert_int_equal(r->status, PARLEY_OK);
    assert_close(r->outcome.forecast, 3925.0 / 76.5, 1e-12);
    assert_close(r->outcome.forecast, 51.30718954248366, 1e-12);
    parley_forecast_destroy(&f);
    parley_params_destroy(&p);
    parley_experts_destroy(&ex);
    parley_experts_destroy(&ex); /* safe twice */
}

/* With an even number of experts, the mean of the two middle values:
 * a and c: US position (80 + 90) / 2 = 85, Russia salience (0.5 + 0.7) / 2
 * = 0.6, China capability (40 + 35) / 2 = 37.5. */
static void test_even_count(void **state) {
    (void)state;
    static const char *const names[] = {"experts/a.json", "experts/c.json"};
    parley_experts ex;
    assert_int_equal(load(&ex, names, 2, NULL), PARLEY_OK);
    assert_close(cell(&ex, "US")->position, 85, 1e-12);
    assert_close(cell(&ex, "Russia")->salience, 0.6, 1e-12);
    assert_close(cell(&ex, "China")->capability, 37.5, 1e-12);
    parley_experts_destroy(&ex);
    double x[4] = {4, 1, 3, 2};
    assert_close(parley_median(x, 4), 2.5, 0);
    assert_close(parley_median(x, 3), 2, 0); /* sorted by the first call: 1 2 3 */
    assert_true(isnan(parley_median(x, 0)));
}

/* Returns 1 if d holds an error at file (suffix) and path whose message contains text. */
static int has_diag(const parley_diags *d, const char *file_end, const char *path,
                    const char *text) {
    for (size_t k = 0; k < d->count; ++k) {
        const parley_error *e = &d->items[k].error;
        size_t lf = strlen(e->file), le = strlen(file_end);
        if (d->items[k].severity == PARLEY_SEV_ERROR && lf >= le &&
            strcmp(e->file + lf - le, file_end) == 0 && strcmp(e->path, path) == 0 &&
            strstr(e->message, text))
            return 1;
    }
    return 0;
}

static void test_mismatch_located(void **state) {
    (void)state;
    static const char *const names[] = {"experts/a.json", "experts/misspelt.json"};
    parley_experts ex;
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(load(&ex, names, 2, &d), PARLEY_EDATA);
    assert_int_equal(d.n_errors, 3);
    assert_true(has_diag(&d, "misspelt.json", "$.actors", "actor \"China\" of"));
    assert_true(has_diag(&d, "misspelt.json", "$.actors", "actor \"Russia\" of"));
    assert_true(has_diag(&d, "misspelt.json", "$.actors[1].name",
                         "actor \"Russian Federation\" is not in"));
    parley_diags_destroy(&d);
    parley_experts_destroy(&ex);

    /* issues listed in another order match; a cell coded by one expert and
     * not by the other is located in the second coding's own indices */
    static const char *const two[] = {"experts/two_a.json", "experts/two_b.json"};
    parley_diags_init(&d);
    assert_int_equal(load(&ex, two, 2, &d), PARLEY_EDATA);
    assert_int_equal(d.n_errors, 1);
    assert_true(has_diag(&d, "two_b.json", "$.actors[0].values.talks",
                         "actor \"China\" on issue \"talks\" is not coded here but coded in"));
    parley_diags_destroy(&d);

    /* no coding at all */
    parley_diags_init(&d);
    assert_int_equal(parley_experts_init(&ex, NULL, NULL, 0, &d), PARLEY_EINVAL);
    parley_diags_destroy(&d);
}

/* Per expert: every cell of a replicate comes from one expert; per cell:
 * each cell from some expert, all three used; the same (seed, k) gives the
 * same table. */
static void test_draw_table(void **state) {
    (void)state;
    parley_experts ex;
    load_abc(&ex);
    parley_scenario t, u;
    assert_int_equal(parley_scenario_copy(&t, &ex.aggregate), PARLEY_OK);
    assert_int_equal(parley_scenario_copy(&u, &ex.aggregate), PARLEY_OK);
    const size_t cells = 3;
    size_t used[3] = {0, 0, 0}, mixed = 0;
    for (uint64_t k = 0; k < 60; ++k) {
        for (int mode = 0; mode < 2; ++mode) {
            assert_int_equal(
                parley_experts_draw_table(&ex, (parley_experts_draw)mode, 5, k, &t, NULL),
                PARLEY_OK);
            size_t from[3];
            for (size_t c = 0; c < cells; ++c) {
                from[c] = 99;
                for (size_t e = 0; e < 3; ++e)
                    if (t.cells[c].position == ex.position[e * cells + c] &&
                        t.cells[c].salience == ex.salience[e * cells + c] &&
                        t.cells[c].capability == ex.capability[e * cells + c])
                        from[c] = e;
                assert_true(from[c] < 3);
                if (mode == PARLEY_EXPERTS_DRAW_CELL)
                    ++used[from[c]];
            }
            if (mode == PARLEY_EXPERTS_DRAW_EXPERT)
                assert_true(from[0] == from[1] && from[1] == from[2]);
            else
                mixed += !(from[0] == from[1] && from[1] == from[2]);
            assert_int_equal(
                parley_experts_draw_table(&ex, (parley_experts_draw)mode, 5, k, &u, NULL),
                PARLEY_OK);
            for (size_t c = 0; c < cells; ++c)
                assert_true(u.cells[c].position == t.cells[c].position);
        }
    }
    for (size_t e = 0; e < 3; ++e)
        assert_true(used[e] > 30); /* 180 draws, 60 expected each */
    assert_true(mixed > 30);       /* 3 equal draws in a row: 1 in 9 */
    parley_scenario_destroy(&t);
    parley_scenario_destroy(&u);
    parley_experts_destroy(&ex);
}

/* Runs the mean model's ensemble on the experts (no noise unless given). */
static void run(const parley_experts *ex, parley_experts_draw mode, int noise, int threads,
                parley_ensemble_summary *sum) {
    parley_params p;
    assert_int_equal(parley_params_init(&p, &parley_model_mean), PARLEY_OK);
    parley_perturbation pert;
    if (noise)
        parley_perturbation_default(&pert);
    else
        parley_perturbation_init(&pert);
    parley_ensemble_options o;
    parley_ensemble_options_init(&o);
    o.seed = 11;
    o.count = 700; /* three blocks of 256 */
    o.threads = threads;
    assert_int_equal(parley_ensemble_summary_init(sum, &ex->aggregate, 1, 10), PARLEY_OK);
    assert_int_equal(parley_ensemble_run_experts(ex, mode, &p, 1, &pert, &o, sum, NULL), PARLEY_OK);
    parley_params_destroy(&p);
}

/* Drawing whole tables without noise, the mean model's forecast is one of
 * the experts' own forecasts:
 *   a: w 45, 24, 15 (sum 84); sum w x = 3600 + 480 + 150 = 4230 -> 50.357142857
 *   b: w 40, 31.5, 8 (79.5); 2800 + 945 + 120 = 3865 -> 48.616352201
 *   c: w 48, 17.5, 17.5 (83); 4320 + 437.5 + 0 = 4757.5 -> 57.319277108
 * so the ensemble's minimum is b's and its maximum c's. */
static void test_expert_draw_by_hand(void **state) {
    (void)state;
    parley_experts ex;
    load_abc(&ex);
    parley_ensemble_summary sum;
    run(&ex, PARLEY_EXPERTS_DRAW_EXPERT, 0, 1, &sum);
    parley_ensemble_stats st;
    parley_ensemble_stats_get(&sum, 0, 0, &st);
    assert_int_equal(st.n, 700);
    /* quantised to 10^-9 of the width 120 and shown to 6 decimals
     * (ensemble.h): within 6e-7, i.e. 1.5e-8 relative to ~50 */
    assert_close(st.min, 3865.0 / 79.5, 1.5e-8);
    assert_close(st.max, 4757.5 / 83.0, 1.5e-8);
    assert_close(st.q[2], 4230.0 / 84.0, 1.5e-8); /* the middle expert is the median */
    parley_ensemble_summary_destroy(&sum);
    parley_experts_destroy(&ex);
}

/* The summary is byte-identical with one and with two threads. */
static void test_threads_identical(void **state) {
    (void)state;
    parley_experts ex;
    load_abc(&ex);
    for (int mode = 0; mode < 2; ++mode) {
        parley_ensemble_summary one, two;
        run(&ex, (parley_experts_draw)mode, 1, 1, &one);
        run(&ex, (parley_experts_draw)mode, 1, 2, &two);
        assert_int_equal(one.sums_len, two.sums_len);
        assert_memory_equal(one.sums, two.sums, one.sums_len * sizeof *one.sums);
        assert_memory_equal(one.mins, two.mins, one.ext_len * sizeof *one.mins);
        assert_memory_equal(one.maxs, two.maxs, one.ext_len * sizeof *one.maxs);
        parley_ensemble_summary_destroy(&one);
        parley_ensemble_summary_destroy(&two);
    }
    parley_experts_destroy(&ex);
}

static int collect(void *data, uint64_t k, const double *forecast, const unsigned char *dropped) {
    (void)dropped;
    ((double *)data)[k] = forecast[0];
    return 0;
}

static int cmp(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The fans of the report's ensemble drawn from the codings: replicate k is
 * replicate k of parley_ensemble_run_experts, so the last round's quantiles
 * are those of the ensemble's own forecasts (collected per replicate and
 * sorted here); and drawing whole tables without noise, the 5, 50 and 95 %
 * fan values are the experts' own forecasts worked out by hand above
 * (b 48.616..., a 50.357..., c 57.319...). */
static void test_fans_experts(void **state) {
    (void)state;
    parley_experts ex;
    load_abc(&ex);
    parley_params p;
    assert_int_equal(parley_params_init(&p, &parley_model_mean), PARLEY_OK);
    parley_perturbation pert;
    parley_perturbation_default(&pert);
    enum { N = 300 };
    double x[N];
    parley_ensemble_options o;
    parley_ensemble_options_init(&o);
    o.seed = 7;
    o.count = N;
    o.threads = 1;
    o.on_replicate = collect;
    o.replicate_data = x;
    parley_ensemble_summary sum;
    assert_int_equal(parley_ensemble_summary_init(&sum, &ex.aggregate, 1, 10), PARLEY_OK);
    assert_int_equal(
        parley_ensemble_run_experts(&ex, PARLEY_EXPERTS_DRAW_CELL, &p, 1, &pert, &o, &sum, NULL),
        PARLEY_OK);
    parley_ensemble_summary_destroy(&sum);
    qsort(x, N, sizeof *x, cmp);
    parley_fan fan;
    assert_int_equal(
        parley_ensemble_fans_experts(&ex, PARLEY_EXPERTS_DRAW_CELL, &p, &pert, 7, N, &fan, NULL),
        PARLEY_OK);
    assert_int_equal(fan.n_runs, N);
    assert_true(fan.n_rounds >= 1);
    const size_t r = fan.n_rounds - 1;
    assert_close(fan.q05[r], parley_quantile_sorted(x, N, 0.05), 1e-9);
    assert_close(fan.q50[r], parley_quantile_sorted(x, N, 0.50), 1e-9);
    assert_close(fan.q95[r], parley_quantile_sorted(x, N, 0.95), 1e-9);
    parley_fans_destroy(&fan, 1);
    parley_perturbation_init(&pert); /* no noise: whole tables only */
    assert_int_equal(
        parley_ensemble_fans_experts(&ex, PARLEY_EXPERTS_DRAW_EXPERT, &p, &pert, 7, N, &fan, NULL),
        PARLEY_OK);
    const size_t l = fan.n_rounds - 1;
    assert_close(fan.q05[l], 3865.0 / 79.5, 1e-12);
    assert_close(fan.q50[l], 4230.0 / 84.0, 1e-12);
    assert_close(fan.q95[l], 4757.5 / 83.0, 1e-12);
    parley_fans_destroy(&fan, 1);
    parley_params_destroy(&p);
    parley_experts_destroy(&ex);
}

/* The disagreement list: sorted by percent of the scale, widest first. */
static void test_disagreement(void **state) {
    (void)state;
    parley_experts ex;
    load_abc(&ex);
    parley_expert_range *r = NULL;
    size_t n = 0;
    assert_int_equal(parley_experts_disagreement(&ex, &r, &n), PARLEY_OK);
    assert_int_equal(n, 9);
    /* Russia's salience 0.4 (b) .. 0.7 (c): 30 % of 0-1 */
    assert_string_equal(ex.aggregate.actors[r[0].actor].name, "Russia");
    assert_int_equal(r[0].field, PARLEY_FIELD_SALIENCE);
    assert_close(r[0].percent, 30, 1e-12);
    assert_int_equal(r[0].min_expert, 1);
    assert_int_equal(r[0].max_expert, 2);
    /* US position 70 .. 90 on -20..100: 20 / 120 = 16.67 % */
    int found = 0;
    for (size_t k = 0; k < n; ++k) {
        if (k)
            assert_true(r[k - 1].percent >= r[k].percent);
        if (r[k].field == PARLEY_FIELD_POSITION &&
            strcmp(ex.aggregate.actors[r[k].actor].name, "US") == 0) {
            assert_close(r[k].percent, 100.0 * 20.0 / 120.0, 1e-12);
            found = 1;
        }
    }
    assert_true(found);
    free(r);
    parley_experts_destroy(&ex);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aggregate_by_hand),   cmocka_unit_test(test_even_count),
        cmocka_unit_test(test_mismatch_located),    cmocka_unit_test(test_draw_table),
        cmocka_unit_test(test_expert_draw_by_hand), cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_disagreement),        cmocka_unit_test(test_fans_experts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
