/* Expected utility model, speed-ups checked against the kernel they replaced
 * (issue 16): the vote sums num and den and the Scholz all-pairs normaliser
 * N of every probability state must equal, bit for bit, those of the former
 * kernel, kept here as a test-only reference (ref_prob_state: per-voter
 * qsort for N, the pairs a < b with a branch on the sign of each vote); the
 * same for every vector width the processor runs; the offer phase (which
 * shares E^i(U_ij) and E^i(U_ji)'s utilities) must give the expected
 * utilities computed one by one; and a run must not depend on the thread
 * count.  Random scenarios from a fixed seed, with tied positions and
 * actors without weight. */
#include "testutil.h"
#include "models/eu_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* ------------------------------------------- the former kernel (oracle) */

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double powc(double base, double e) {
    if (base < 0.0)
        base = 0.0;
    return e == 1.0 ? base : pow(base, e);
}

typedef struct {
    size_t u;
    double *num, *den, norm;
} ref_state;

/* The probability state of eu's positions and weights for exponents rho, as
 * the kernel before issue 16 computed it. */
static void ref_prob_state(const parley_i_eu *eu, const double *rho, ref_state *r) {
    const size_t n = eu->n;
    double *xs = malloc(n * sizeof *xs), *sortbuf = malloc(n * sizeof *sortbuf);
    size_t *pidx = malloc(n * sizeof *pidx);
    memcpy(xs, eu->x, n * sizeof *xs);
    qsort(xs, n, sizeof *xs, cmp_double);
    size_t u = 0;
    for (size_t k = 0; k < n; ++k)
        if (u == 0 || xs[k] != xs[u - 1])
            xs[u++] = xs[k];
    for (size_t a = 0; a < n; ++a) {
        size_t q = 0;
        while (xs[q] != eu->x[a])
            ++q;
        pidx[a] = q;
    }
    double *dk = malloc(n * u * sizeof *dk);
    r->u = u;
    r->num = calloc(u * u, sizeof *r->num);
    r->den = calloc(u * u, sizeof *r->den);
    const double inv_delta = 1.0 / eu->delta;
    for (size_t k = 0; k < n; ++k)
        for (size_t q = 0; q < u; ++q)
            dk[k * u + q] = powc(fabs(eu->x[k] - xs[q]) * inv_delta, rho[k]);
    for (size_t k = 0; k < n; ++k) {
        const double wk = eu->w[k];
        if (wk == 0.0)
            continue;
        const double *d = dk + k * u;
        for (size_t a = 0; a < u; ++a)
            for (size_t b = a + 1; b < u; ++b) {
                double v = wk * (d[b] - d[a]);
                if (v > 0.0)
                    r->num[a * u + b] += v;
                else
                    r->num[b * u + a] -= v;
                r->den[a * u + b] += fabs(v);
            }
    }
    for (size_t a = 0; a < u; ++a)
        for (size_t b = a + 1; b < u; ++b)
            r->den[b * u + a] = r->den[a * u + b];
    double norm = 0.0;
    if (eu->p.probability == PARLEY_EU_PROB_ALL_PAIRS) {
        for (size_t k = 0; k < n; ++k) {
            if (eu->w[k] == 0.0)
                continue;
            for (size_t a = 0; a < n; ++a)
                sortbuf[a] = dk[k * u + pidx[a]];
            qsort(sortbuf, n, sizeof *sortbuf, cmp_double);
            double sum = 0.0;
            for (size_t m = 0; m < n; ++m)
                sum += (2.0 * (double)(m + 1) - (double)n - 1.0) * sortbuf[m];
            norm += eu->w[k] * 2.0 * sum;
        }
    }
    r->norm = norm;
    free(xs);
    free(sortbuf);
    free(pidx);
    free(dk);
}

static void ref_free(ref_state *r) {
    free(r->num);
    free(r->den);
}

/* ------------------------------------------------------------ scenarios */

typedef struct {
    size_t n;
    double *x, *s, *c;
    parley_issue_view v;
} scen;

/* n actors from seed: positions on 0..100, rounded to a grid of `grid`
 * steps when grid > 0 (tied positions); every fifth actor without weight
 * when zeros is set (salience 0, or capability 0). */
static void scen_make(scen *sc, size_t n, uint64_t seed, double grid, int zeros) {
    parley_rng rng;
    parley_rng_init(&rng, seed, n);
    sc->n = n;
    sc->x = malloc(n * sizeof *sc->x);
    sc->s = malloc(n * sizeof *sc->s);
    sc->c = malloc(n * sizeof *sc->c);
    for (size_t i = 0; i < n; ++i) {
        double x = 100.0 * parley_rng_uniform(&rng);
        if (grid > 0.0)
            x = floor(x / grid) * grid;
        sc->x[i] = x;
        sc->s[i] = 0.05 + 0.95 * parley_rng_uniform(&rng);
        sc->c[i] = 1.0 + 99.0 * parley_rng_uniform(&rng);
        if (zeros && i % 5 == 3) {
            if (i % 2)
                sc->s[i] = 0.0;
            else
                sc->c[i] = 0.0;
        }
    }
    parley_issue_view_from_arrays(&sc->v, n, sc->x, sc->s, sc->c, 0.0, 100.0);
}

static void scen_free(scen *sc) {
    parley_issue_view_destroy(&sc->v);
    free(sc->x);
    free(sc->s);
    free(sc->c);
}

static parley_i_eu *start(const parley_issue_view *v, const char *preset) {
    parley_eu_params p;
    assert_int_equal(parley_eu_params_preset(&p, preset, NULL), PARLEY_OK);
    parley_i_eu *eu = test_calloc(1, sizeof *eu);
    parley_error err;
    assert_int_equal(parley_i_eu_init(eu, v, &p, &err), PARLEY_OK);
    return eu;
}

static void stop(parley_i_eu *eu) {
    parley_i_eu_destroy(eu);
    test_free(eu);
}

/* The state after parley_i_eu_update_risk against the oracle, for every
 * kernel: num and den (pairwise) and N (all-pairs) bit for bit. */
static void check_state(parley_i_eu *eu) {
    const size_t n = eu->n;
    double *one = malloc(n * sizeof *one);
    for (size_t i = 0; i < n; ++i)
        one[i] = 1.0;
    for (int kernel = PARLEY_I_EU_KERNEL_AUTO; kernel <= PARLEY_I_EU_KERNEL_AVX512; ++kernel) {
        eu->kernel = kernel;
        assert_int_equal(parley_i_eu_update_risk(eu), PARLEY_OK);
        ref_state r;
        ref_prob_state(eu, eu->p.risk_in_votes ? eu->r : one, &r);
        assert_int_equal(eu->u, r.u);
        assert_memory_equal(eu->num, r.num, r.u * r.u * sizeof *r.num);
        if (eu->p.probability == PARLEY_EU_PROB_PAIRWISE)
            assert_memory_equal(eu->den, r.den, r.u * r.u * sizeof *r.den);
        else
            assert_memory_equal(&eu->norm, &r.norm, sizeof r.norm);
        ref_free(&r);
    }
    eu->kernel = PARLEY_I_EU_KERNEL_AUTO;
    free(one);
}

/* The offer phase's expected utilities (traced challenges) against those
 * computed one at a time by parley_i_eu_expected_utility. */
static void check_offers_then_iterate(parley_i_eu *eu) {
    const size_t n = eu->n;
    assert_int_equal(parley_i_eu_update_risk(eu), PARLEY_OK); /* as iterate does (no shock) */
    double *ei = malloc(n * n * sizeof *ei), *ej = malloc(n * n * sizeof *ej);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) {
            ei[i * n + j] = parley_i_eu_expected_utility(eu, i, i, j);
            ej[i * n + j] = parley_i_eu_expected_utility(eu, i, j, i);
        }
    const double *x = parley_i_eu_positions(eu);
    double *x0 = malloc(n * sizeof *x0);
    memcpy(x0, x, n * sizeof *x0);
    assert_int_equal(parley_i_eu_iterate(eu), PARLEY_OK);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) {
            if (x0[i] == x0[j])
                continue;
            assert_memory_equal(&eu->chal[i * n + j].e_i, &ei[i * n + j], sizeof(double));
            assert_memory_equal(&eu->chal[i * n + j].e_j, &ej[i * n + j], sizeof(double));
        }
    free(x0);
    free(ei);
    free(ej);
}

static void test_kernel_against_former(void **st) {
    (void)st;
    const size_t sizes[] = {2, 3, 5, 9, 17, 33, 60, 131};
    const char *presets[] = {"scholz2011", "bdm1994"};
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; ++z)
        for (int variant = 0; variant < 3; ++variant)
            for (size_t pr = 0; pr < 2; ++pr) {
                scen sc;
                /* variant 0: distinct positions; 1: a grid of 5 (ties);
                 * 2: a grid of 20 with actors without weight */
                scen_make(&sc, sizes[z], 1000 + 7 * z + (uint64_t)variant,
                          variant == 0 ? 0.0 : (variant == 1 ? 5.0 : 20.0), variant == 2);
                parley_i_eu *eu = start(&sc.v, presets[pr]);
                for (int round = 0; round < 3 && !parley_i_eu_test(eu); ++round) {
                    check_state(eu);
                    check_offers_then_iterate(eu);
                }
                stop(eu);
                scen_free(&sc);
            }
}

/* A whole run, traced round by round (positions, risk exponents, moves,
 * challenges), is the same with 1 and 2 threads and with every kernel. */
typedef struct {
    double *x, *r, *e;
    parley_move *mv;
    size_t nmv;
} snap;

static void run_trace(const scen *sc, const char *preset, int threads, int kernel, snap *out,
                      size_t rounds, size_t par_min) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    (void)threads;
#endif
    parley_i_eu *eu = start(&sc->v, preset);
    eu->kernel = kernel;
    eu->par_min = par_min;
    const size_t n = sc->n;
    for (size_t t = 0; t < rounds; ++t) {
        snap *s = &out[t];
        s->x = calloc(n, sizeof *s->x);
        s->r = calloc(n, sizeof *s->r);
        s->e = calloc(2 * n * n, sizeof *s->e);
        s->mv = calloc(n, sizeof *s->mv);
        s->nmv = 0;
        if (parley_i_eu_test(eu))
            continue;
        assert_int_equal(parley_i_eu_iterate(eu), PARLEY_OK);
        memcpy(s->x, parley_i_eu_positions(eu), n * sizeof *s->x);
        memcpy(s->r, parley_i_eu_risk(eu), n * sizeof *s->r);
        for (size_t k = 0; k < n * n; ++k) {
            s->e[2 * k] = eu->chal[k].e_i;
            s->e[2 * k + 1] = eu->chal[k].e_j;
        }
        const parley_move *mv;
        s->nmv = parley_i_eu_moves(eu, &mv);
        memcpy(s->mv, mv, s->nmv * sizeof *mv);
    }
    stop(eu);
}

static void snap_free(snap *s, size_t rounds) {
    for (size_t t = 0; t < rounds; ++t) {
        free(s[t].x);
        free(s[t].r);
        free(s[t].e);
        free(s[t].mv);
    }
}

static void test_threads_and_kernels(void **st) {
    (void)st;
    enum { ROUNDS = 3 };
    const char *presets[] = {"scholz2011", "bdm1994"};
    for (size_t pr = 0; pr < 2; ++pr) {
        scen sc;
        /* threaded from 2 actors on, so that every loop is split however small */
        scen_make(&sc, 150, 77 + pr, pr ? 2.0 : 0.0, 1);
        const size_t n = sc.n;
        snap a[ROUNDS], b[ROUNDS];
        run_trace(&sc, presets[pr], 1, PARLEY_I_EU_KERNEL_PLAIN, a, ROUNDS, 2);
        const int runs[][2] = {{2, PARLEY_I_EU_KERNEL_AUTO},
                               {1, PARLEY_I_EU_KERNEL_AUTO},
                               {2, PARLEY_I_EU_KERNEL_BASE},
                               {3, PARLEY_I_EU_KERNEL_AVX2}};
        for (size_t k = 0; k < sizeof runs / sizeof *runs; ++k) {
            run_trace(&sc, presets[pr], runs[k][0], runs[k][1], b, ROUNDS, 2);
            for (size_t t = 0; t < ROUNDS; ++t) {
                assert_memory_equal(a[t].x, b[t].x, n * sizeof *a[t].x);
                assert_memory_equal(a[t].r, b[t].r, n * sizeof *a[t].r);
                assert_memory_equal(a[t].e, b[t].e, 2 * n * n * sizeof *a[t].e);
                assert_int_equal(a[t].nmv, b[t].nmv);
                for (size_t m = 0; m < a[t].nmv; ++m) {
                    assert_int_equal(a[t].mv[m].receiver, b[t].mv[m].receiver);
                    assert_int_equal(a[t].mv[m].sender, b[t].mv[m].sender);
                    assert_int_equal(a[t].mv[m].kind, b[t].mv[m].kind);
                    assert_memory_equal(&a[t].mv[m].to, &b[t].mv[m].to, sizeof(double));
                }
            }
            snap_free(b, ROUNDS);
        }
        snap_free(a, ROUNDS);
        scen_free(&sc);
    }
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernel_against_former),
        cmocka_unit_test(test_threads_and_kernels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
