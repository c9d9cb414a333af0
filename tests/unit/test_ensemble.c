/* Ensembles: perturbations really differ as specified (KTAB's generator
 * silently made copies), exact summaries checked by hand, quantile error
 * bound, salience shocks, and byte-identical results for any thread count
 * and any split of the replicates. */
#include "testutil.h"
#include "models/eu_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Position noise moves positions only, by at most size x width (uniform),
 * differently in every replicate; other fields and presence untouched. */
static void test_position_noise_only(void **state) {
    (void)state;
    parley_scenario base, s;
    load_default(&base);
    assert_int_equal(parley_scenario_copy(&s, &base), PARLEY_OK);
    parley_perturbation p;
    parley_perturbation_init(&p);
    p.noise[PARLEY_FIELD_POSITION] = (parley_noise){PARLEY_NOISE_UNIFORM, 0.05};
    const size_t cells = base.n_actors * base.n_issues;
    double *prev = calloc(cells, sizeof *prev);
    for (uint64_t k = 0; k < 20; ++k) {
        assert_int_equal(parley_ensemble_perturb(&s, &base, &p, 7, k, NULL, NULL), PARLEY_OK);
        size_t moved = 0, same_as_prev = 0, present = 0;
        for (size_t c = 0; c < cells; ++c) {
            const parley_cell *b = &base.cells[c], *x = &s.cells[c];
            assert_int_equal(x->present, b->present);
            if (!b->present)
                continue;
            ++present;
            const parley_issue *is = &base.issues[c % base.n_issues];
            assert_true(fabs(x->position - b->position) <= 0.05 * (is->hi - is->lo) + 1e-12);
            assert_true(x->position >= is->lo && x->position <= is->hi);
            assert_true(x->salience == b->salience);
            assert_true(x->capability == b->capability);
            moved += x->position != b->position;
            same_as_prev +=
                k > 0 && x->position == prev[c] && x->position > is->lo && x->position < is->hi;
            prev[c] = x->position;
        }
        /* a clamped cell at a bound may stay put; the others must move */
        assert_true(moved >= present - present / 4);
        assert_int_equal(same_as_prev, 0);
    }
    /* the same (seed, k) gives the same replicate; another seed another one */
    parley_scenario t;
    assert_int_equal(parley_scenario_copy(&t, &base), PARLEY_OK);
    assert_int_equal(parley_ensemble_perturb(&s, &base, &p, 7, 3, NULL, NULL), PARLEY_OK);
    assert_int_equal(parley_ensemble_perturb(&t, &base, &p, 7, 3, NULL, NULL), PARLEY_OK);
    for (size_t c = 0; c < cells; ++c)
        assert_true(s.cells[c].position == t.cells[c].position);
    assert_int_equal(parley_ensemble_perturb(&t, &base, &p, 8, 3, NULL, NULL), PARLEY_OK);
    size_t differ = 0;
    for (size_t c = 0; c < cells; ++c)
        differ += s.cells[c].present && s.cells[c].position != t.cells[c].position;
    assert_true(differ > 0);
    free(prev);
    parley_scenario_destroy(&t);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&base);
}

/* Normal salience noise: the sample standard deviation of the unclamped
 * changes matches the size; capability noise is one factor per actor;
 * switching capability noise on leaves the salience draws unchanged. */
static void test_salience_capability_noise(void **state) {
    (void)state;
    parley_scenario base, s, t;
    load_default(&base);
    assert_int_equal(parley_scenario_copy(&s, &base), PARLEY_OK);
    assert_int_equal(parley_scenario_copy(&t, &base), PARLEY_OK);
    parley_perturbation p, q;
    parley_perturbation_init(&p);
    p.noise[PARLEY_FIELD_SALIENCE] = (parley_noise){PARLEY_NOISE_NORMAL, 0.01};
    q = p;
    q.noise[PARLEY_FIELD_CAPABILITY] = (parley_noise){PARLEY_NOISE_NORMAL, 0.2};
    const size_t na = base.n_actors, ni = base.n_issues;
    double sum = 0, sum2 = 0;
    size_t n = 0;
    for (uint64_t k = 0; k < 400; ++k) {
        assert_int_equal(parley_ensemble_perturb(&s, &base, &p, 11, k, NULL, NULL), PARLEY_OK);
        assert_int_equal(parley_ensemble_perturb(&t, &base, &q, 11, k, NULL, NULL), PARLEY_OK);
        for (size_t a = 0; a < na; ++a) {
            double ratio = NAN;
            for (size_t i = 0; i < ni; ++i) {
                const size_t c = a * ni + i;
                if (!base.cells[c].present)
                    continue;
                assert_true(s.cells[c].position == base.cells[c].position);
                assert_true(s.cells[c].capability == base.cells[c].capability);
                assert_true(t.cells[c].salience == s.cells[c].salience);
                const double b = base.cells[c].salience, d = s.cells[c].salience - b;
                if (b > 0.05 && b < 0.95) {
                    sum += d;
                    sum2 += d * d;
                    ++n;
                }
                if (base.cells[c].capability > 0) {
                    double r = t.cells[c].capability / base.cells[c].capability;
                    if (isnan(ratio))
                        ratio = r;
                    assert_close(r, ratio, 1e-12); /* one factor per actor */
                }
            }
            assert_true(isnan(ratio) || ratio != 1.0);
        }
    }
    const double mean = sum / (double)n, sd = sqrt(sum2 / (double)n - mean * mean);
    assert_true(n > 1000);
    assert_true(fabs(mean) < 0.002);
    assert_true(fabs(sd - 0.01) < 0.001);
    parley_scenario_destroy(&t);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&base);
}

/* Drops: each actor leaves with the given probability; per-actor overrides. */
static void test_drop_and_override(void **state) {
    (void)state;
    parley_scenario base, s;
    load_default(&base);
    assert_int_equal(parley_scenario_copy(&s, &base), PARLEY_OK);
    const size_t na = base.n_actors, ni = base.n_issues;
    parley_perturbation p;
    parley_perturbation_init(&p);
    p.drop = 0.3;
    parley_noise *over = malloc(na * PARLEY_N_FIELDS * sizeof *over);
    for (size_t k = 0; k < na * PARLEY_N_FIELDS; ++k)
        over[k] = (parley_noise){PARLEY_NOISE_INHERIT, 0};
    over[1 * PARLEY_N_FIELDS + PARLEY_FIELD_POSITION] = (parley_noise){PARLEY_NOISE_UNIFORM, 0.1};
    p.actor_noise = over;
    unsigned char *dropped = malloc(na);
    size_t gone = 0, trials = 0;
    for (uint64_t k = 0; k < 2000; ++k) {
        assert_int_equal(parley_ensemble_perturb(&s, &base, &p, 5, k, dropped, NULL), PARLEY_OK);
        for (size_t a = 0; a < na; ++a) {
            ++trials;
            gone += dropped[a];
            for (size_t i = 0; i < ni; ++i) {
                const size_t c = a * ni + i;
                assert_int_equal(s.cells[c].present, base.cells[c].present && !dropped[a]);
                if (a != 1)
                    assert_true(s.cells[c].position == base.cells[c].position);
            }
        }
    }
    const double frac = (double)gone / (double)trials; /* sd of the estimate ~ 0.0024 */
    assert_true(fabs(frac - 0.3) < 0.015);
    p.drop = 1.5;
    assert_int_equal(parley_ensemble_perturb(&s, &base, &p, 5, 0, NULL, NULL), PARLEY_EINVAL);
    free(dropped);
    free(over);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&base);
}

/* Summary of the values 1, 2, ..., 100 on a 0..100 scale with labels at
 * 0, 25, 50, 75, 100 -- every number worked out by hand:
 * mean 50.5; sd = sqrt(sum (x - 50.5)^2 / 99) = sqrt(100 (100^2 - 1) / 12 / 99)
 * = 29.011491975882016; type-7 quantiles x_(1 + p 99): 5.95, 25.75, 50.5,
 * 75.25, 95.05; 10 bins: 9 values in [0, 10), 10 in each next, 11 in [90, 100];
 * bands [0,12.5) [12.5,37.5) [37.5,62.5) [62.5,87.5) [87.5,100]: 12 25 25 25 13. */
static void test_summary_by_hand(void **state) {
    (void)state;
    parley_scenario s;
    assert_int_equal(parley_scenario_init(&s, 1, 1), PARLEY_OK);
    for (int l = 0; l <= 4; ++l)
        assert_int_equal(parley_issue_add_label(&s.issues[0], 25.0 * l, "x"), PARLEY_OK);
    parley_ensemble_summary sum;
    assert_int_equal(parley_ensemble_summary_init(&sum, &s, 1, 10), PARLEY_OK);
    for (int v = 100; v >= 1; --v)
        parley_ensemble_summary_add(&sum, 0, 0, (double)v);
    parley_ensemble_summary_add(&sum, 0, 0, NAN);
    parley_ensemble_stats st;
    parley_ensemble_stats_get(&sum, 0, 0, &st);
    assert_int_equal(st.n, 100);
    assert_int_equal(st.n_failed, 1);
    assert_close(st.mean, 50.5, 1e-9);
    assert_close(st.sd, 29.011491975882016, 1e-9);
    assert_close(st.min, 1.0, 1e-9);
    assert_close(st.max, 100.0, 1e-9);
    const double q[5] = {5.95, 25.75, 50.5, 75.25, 95.05};
    for (int k = 0; k < 5; ++k)
        assert_close(st.q[k], q[k], 1e-9);
    const uint64_t hist[10] = {9, 10, 10, 10, 10, 10, 10, 10, 10, 11};
    for (int b = 0; b < 10; ++b)
        assert_int_equal(st.hist[b], hist[b]);
    assert_int_equal(st.n_bands, 5);
    const uint64_t bands[5] = {12, 25, 25, 25, 13};
    for (int b = 0; b < 5; ++b)
        assert_int_equal(st.bands[b], bands[b]);
    parley_ensemble_summary_destroy(&sum);
    parley_scenario_destroy(&s);
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantiles of 20000 continuous values are within one fine bin of the exact
 * type-7 sample quantiles (the documented bound). */
static void test_quantile_bound(void **state) {
    (void)state;
    parley_scenario s;
    assert_int_equal(parley_scenario_init(&s, 1, 1), PARLEY_OK);
    parley_ensemble_summary sum;
    assert_int_equal(parley_ensemble_summary_init(&sum, &s, 1, 20), PARLEY_OK);
    enum { N = 20000 };
    double *x = malloc(N * sizeof *x);
    parley_rng rng;
    parley_rng_init(&rng, 3, 0);
    for (int k = 0; k < N; ++k) {
        double v = 50.0 + 12.345 * parley_rng_normal(&rng);
        x[k] = v < 0 ? 0 : v > 100 ? 100 : v;
        parley_ensemble_summary_add(&sum, 0, 0, x[k]);
    }
    qsort(x, N, sizeof *x, cmp);
    parley_ensemble_stats st;
    parley_ensemble_stats_get(&sum, 0, 0, &st);
    const double p[5] = {0.05, 0.25, 0.5, 0.75, 0.95}, width = 100.0 / PARLEY_ENSEMBLE_FINE_BINS;
    for (int k = 0; k < 5; ++k) {
        double h = p[k] * (N - 1);
        size_t j = (size_t)h;
        double exact = x[j] + (h - (double)j) * (x[j + 1] - x[j]);
        assert_true(fabs(st.q[k] - exact) <= width);
    }
    double m = 0;
    for (int k = 0; k < N; ++k)
        m += x[k];
    assert_close(st.mean, m / N, 1e-8);
    free(x);
    parley_ensemble_summary_destroy(&sum);
    parley_scenario_destroy(&s);
}

/* Salience shocks: with shock = 1 every salience is redrawn each round; 0
 * leaves them; the same (seed, stream) repeats the draws, another stream not. */
static void test_eu_shock(void **state) {
    (void)state;
    const double x[4] = {10, 40, 60, 95}, sal[4] = {0.8, 0.4, 0.6, 0.9}, cap[4] = {1, 2, 3, 1.5};
    parley_issue_view v;
    assert_int_equal(parley_issue_view_from_arrays(&v, 4, x, sal, cap, 0, 100), PARLEY_OK);
    parley_eu_params p;
    assert_int_equal(parley_eu_params_preset(&p, "bdm1994", NULL), PARLEY_OK);
    double after[3][4];
    const char *streams[3] = {"5", "5", "6"};
    for (int r = 0; r < 3; ++r) {
        assert_int_equal(parley_eu_params_set(&p, "shock", "1", NULL), PARLEY_OK);
        assert_int_equal(parley_eu_params_set(&p, "seed", "99", NULL), PARLEY_OK);
        assert_int_equal(parley_eu_params_set(&p, "stream", streams[r], NULL), PARLEY_OK);
        assert_string_equal(p.preset, "bdm1994");
        parley_i_eu *eu = test_calloc(1, sizeof *eu);
        assert_int_equal(parley_i_eu_init(eu, &v, &p, NULL), PARLEY_OK);
        assert_int_equal(parley_i_eu_iterate(eu), PARLEY_OK);
        for (int i = 0; i < 4; ++i) {
            after[r][i] = parley_i_eu_salience(eu)[i];
            assert_true(after[r][i] != sal[i]);
            assert_true(after[r][i] >= 0 && after[r][i] < 1);
        }
        parley_i_eu_destroy(eu);
        test_free(eu);
    }
    assert_memory_equal(after[0], after[1], sizeof after[0]);
    assert_true(memcmp(after[0], after[2], sizeof after[0]) != 0);
    assert_int_equal(parley_eu_params_set(&p, "shock", "0", NULL), PARLEY_OK);
    parley_i_eu *eu = test_calloc(1, sizeof *eu);
    assert_int_equal(parley_i_eu_init(eu, &v, &p, NULL), PARLEY_OK);
    assert_int_equal(parley_i_eu_iterate(eu), PARLEY_OK);
    assert_memory_equal(parley_i_eu_salience(eu), sal, sizeof sal);
    parley_i_eu_destroy(eu);
    test_free(eu);
    assert_int_equal(parley_eu_params_set(&p, "shock", "1.5", NULL), PARLEY_EINVAL);
    assert_int_equal(parley_eu_params_set(&p, "stream", "x", NULL), PARLEY_EINVAL);
    parley_issue_view_destroy(&v);
}

/* Runs replicates [first, first + count) with the given thread count. */
static void run(const parley_scenario *s, const parley_params *params, size_t n,
                const parley_perturbation *p, uint64_t first, uint64_t count, int threads,
                parley_ensemble_summary *sum) {
    parley_ensemble_options o;
    parley_ensemble_options_init(&o);
    o.seed = 2019;
    o.first = first;
    o.count = count;
    o.threads = threads;
    parley_error err;
    assert_int_equal(parley_ensemble_run(s, params, n, p, &o, sum, &err), PARLEY_OK);
}

static void assert_same(const parley_ensemble_summary *a, const parley_ensemble_summary *b) {
    assert_int_equal(a->sums_len, b->sums_len);
    assert_memory_equal(a->sums, b->sums, a->sums_len * sizeof *a->sums);
    assert_memory_equal(a->mins, b->mins, a->ext_len * sizeof *a->mins);
    assert_memory_equal(a->maxs, b->maxs, a->ext_len * sizeof *a->maxs);
}

/* Same summary for 1, 2 and 16 threads and for the replicates split in
 * three uneven parts merged in another order (as MPI ranks would). */
static void test_deterministic(void **state) {
    (void)state;
    parley_scenario s;
    load_default(&s);
    parley_params params[2];
    assert_int_equal(parley_params_init(&params[0], parley_model_find("eu")), PARLEY_OK);
    assert_int_equal(parley_params_init(&params[1], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_set(&params[0], "shock", "0.1", NULL), PARLEY_OK);
    parley_perturbation p;
    parley_perturbation_init(&p);
    p.noise[PARLEY_FIELD_POSITION] = (parley_noise){PARLEY_NOISE_NORMAL, 0.05};
    p.noise[PARLEY_FIELD_SALIENCE] = (parley_noise){PARLEY_NOISE_UNIFORM, 0.1};
    p.noise[PARLEY_FIELD_CAPABILITY] = (parley_noise){PARLEY_NOISE_NORMAL, 0.1};
    p.drop = 0.05;
    const uint64_t N = 300;
    parley_ensemble_summary ref, other, part;
    assert_int_equal(parley_ensemble_summary_init(&ref, &s, 2, 10), PARLEY_OK);
    run(&s, params, 2, &p, 0, N, 1, &ref);
    const int threads[2] = {2, 16};
    for (int t = 0; t < 2; ++t) {
        assert_int_equal(parley_ensemble_summary_init(&other, &s, 2, 10), PARLEY_OK);
        run(&s, params, 2, &p, 0, N, threads[t], &other);
        assert_same(&ref, &other);
        parley_ensemble_summary_destroy(&other);
    }
    assert_int_equal(parley_ensemble_summary_init(&other, &s, 2, 10), PARLEY_OK);
    const uint64_t cut[4] = {0, 77, 200, N};
    for (int k = 2; k >= 0; --k) {
        assert_int_equal(parley_ensemble_summary_init(&part, &s, 2, 10), PARLEY_OK);
        run(&s, params, 2, &p, cut[k], cut[k + 1] - cut[k], 2, &part);
        assert_int_equal(parley_ensemble_summary_merge(&other, &part), PARLEY_OK);
        parley_ensemble_summary_destroy(&part);
    }
    assert_same(&ref, &other);
    parley_ensemble_summary_destroy(&other);
    /* the same with the shares parley_ensemble_options_share gives 7 parts:
     * 300 x k / 7 = 0, 42, 85, 128, 171, 214, 257, 300: sizes 42 or 43 */
    assert_int_equal(parley_ensemble_summary_init(&other, &s, 2, 10), PARLEY_OK);
    const uint64_t firsts[7] = {0, 42, 85, 128, 171, 214, 257};
    for (uint64_t k = 0; k < 7; ++k) {
        parley_ensemble_options o;
        parley_ensemble_options_init(&o);
        assert_int_equal(parley_ensemble_options_share(&o, N, k, 7), PARLEY_OK);
        assert_int_equal(o.first, firsts[k]);
        assert_int_equal(o.first + o.count, k == 6 ? N : firsts[k + 1]);
        assert_int_equal(o.total, o.count);
        assert_int_equal(parley_ensemble_summary_init(&part, &s, 2, 10), PARLEY_OK);
        run(&s, params, 2, &p, o.first, o.count, 1, &part);
        assert_int_equal(parley_ensemble_summary_merge(&other, &part), PARLEY_OK);
        parley_ensemble_summary_destroy(&part);
    }
    assert_same(&ref, &other);
    parley_ensemble_options o;
    assert_int_equal(parley_ensemble_options_share(&o, N, 7, 7), PARLEY_EINVAL);
    assert_int_equal(parley_ensemble_options_share(&o, N, 0, 0), PARLEY_EINVAL);
    /* the replicates are not copies: every issue's forecast varies */
    for (size_t i = 0; i < s.n_issues; ++i) {
        parley_ensemble_stats st;
        parley_ensemble_stats_get(&ref, i, 1, &st);
        assert_int_equal(st.n + st.n_failed, N);
        assert_true(st.sd > 0.0);
    }
    parley_ensemble_summary_destroy(&other);
    parley_ensemble_summary_destroy(&ref);
    parley_params_destroy(&params[0]);
    parley_params_destroy(&params[1]);
    parley_scenario_destroy(&s);
}

/* Without any perturbation every replicate is the base forecast. */
static void test_no_noise_is_base(void **state) {
    (void)state;
    parley_scenario s;
    load_default(&s);
    parley_params params;
    assert_int_equal(parley_params_init(&params, parley_model_find("eu")), PARLEY_OK);
    parley_perturbation p;
    parley_perturbation_init(&p);
    parley_ensemble_summary sum;
    assert_int_equal(parley_ensemble_summary_init(&sum, &s, 1, 10), PARLEY_OK);
    run(&s, &params, 1, &p, 0, 50, 2, &sum);
    parley_forecast f;
    assert_int_equal(parley_forecast_init(&f, &s, &params, 1, 0, NULL), PARLEY_OK);
    for (size_t i = 0; i < s.n_issues; ++i) {
        parley_ensemble_stats st;
        parley_ensemble_stats_get(&sum, i, 0, &st);
        const double base = parley_forecast_run(&f, i, 0)->outcome.forecast;
        assert_int_equal(st.n, 50);
        assert_close(st.mean, base, 1e-8);
        assert_close(st.q[2], base, 1e-8);
        assert_true(st.sd == 0.0); /* exact integer variance */
    }
    parley_forecast_destroy(&f);
    parley_ensemble_summary_destroy(&sum);
    parley_params_destroy(&params);
    parley_scenario_destroy(&s);
}

typedef struct {
    size_t calls, last, total, cancel_at;
    int monotonic;
} progress_log;

static int on_progress(void *data, size_t done, size_t total) {
    progress_log *l = data;
    l->monotonic &= done > l->last;
    l->last = done;
    l->total = total;
    ++l->calls;
    return l->cancel_at && done >= l->cancel_at;
}

/* The progress callback sees every block once, in increasing counts ending
 * at the total; a nonzero return cancels the run. */
static void test_progress_and_cancel(void **state) {
    (void)state;
    parley_scenario s;
    load_default(&s);
    parley_params params;
    assert_int_equal(parley_params_init(&params, parley_model_find("mean")), PARLEY_OK);
    parley_perturbation p;
    parley_perturbation_init(&p);
    p.noise[PARLEY_FIELD_SALIENCE] = (parley_noise){PARLEY_NOISE_UNIFORM, 0.1};
    parley_ensemble_summary sum;
    assert_int_equal(parley_ensemble_summary_init(&sum, &s, 1, 10), PARLEY_OK);
    parley_ensemble_options o;
    parley_ensemble_options_init(&o);
    o.count = 1000;
    o.threads = 2;
    progress_log log = {0, 0, 0, 0, 1};
    o.progress = on_progress;
    o.progress_data = &log;
    parley_error err;
    assert_int_equal(parley_ensemble_run(&s, &params, 1, &p, &o, &sum, &err), PARLEY_OK);
    assert_int_equal(log.calls, 4); /* blocks of 256: 256, 512, 768, 1000 */
    assert_int_equal(log.last, 1000);
    assert_int_equal(log.total, 1000);
    assert_true(log.monotonic);
    progress_log stop = {0, 0, 0, 256, 1};
    o.progress_data = &stop;
    o.threads = 1;
    assert_int_equal(parley_ensemble_run(&s, &params, 1, &p, &o, &sum, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "cancelled");
    assert_int_equal(stop.calls, 1);
    parley_ensemble_summary_destroy(&sum);
    parley_params_destroy(&params);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_position_noise_only),
        cmocka_unit_test(test_salience_capability_noise),
        cmocka_unit_test(test_drop_and_override),
        cmocka_unit_test(test_summary_by_hand),
        cmocka_unit_test(test_quantile_bound),
        cmocka_unit_test(test_eu_shock),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_no_noise_is_base),
        cmocka_unit_test(test_progress_and_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
