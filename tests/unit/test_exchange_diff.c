/* The exchange model's incremental round (src/models/exchange.c: per-cell
 * candidate lists and per-block bests) against the round it replaced, kept
 * verbatim as a test-only reference in exchange_ref.h (a full rescan of the
 * candidate list after each realisation).
 *
 * 1. Differential: on many random small scenarios (absent cells, zero
 *    salience or capability, positions and saliences drawn from few values
 *    so that exact ties of gains are common) and every combination of
 *    quirks (none, decide), ties (order, random), REX p (0, 0.3, 1) and tie
 *    tolerance (0, 1e-12, 1e-3), both must realise the same exchanges in the
 *    same order with bit-identical numbers, and leave the same positions,
 *    votes, means, externalities, counts and random stream after every
 *    round.
 *    Also few actors on many issues (test_differential_wide).
 * 2. Cost: each realisation looks only at the candidates in which one of
 *    its actors supplies or demands one of its issues, at most
 *    4 (n - 1)(m - 1) -- far fewer than the candidates of the round --,
 *    recomputes at most those, and the selections fix at most one tree
 *    path (O(log C)) per candidate recomputed or realised. */
#include "testutil.h"
#include "models/exchange_i.h"
#include "exchange_ref.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* splitmix64, for the scenarios (independent of the model's RNG) */
static uint64_t mix(uint64_t *st) {
    uint64_t z = (*st += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static size_t pick(uint64_t *st, size_t n) {
    return (size_t)(mix(st) % n);
}

/* A random scenario of n actors x m issues; `coarse` draws positions,
 * saliences and capabilities from a handful of values (many exact ties). */
static void random_scenario(parley_scenario *s, size_t n, size_t m, uint64_t seed, int coarse) {
    assert_int_equal(parley_scenario_init(s, n, m), PARLEY_OK);
    uint64_t st = seed;
    for (size_t d = 0; d < m; ++d) {
        s->issues[d].lo = 0;
        s->issues[d].hi = pick(&st, 2) ? 100 : 10;
        s->issues[d].bounds_given = 1;
    }
    static const double sal[] = {0.0, 0.2, 0.5, 0.5, 0.8, 1.0};
    for (size_t a = 0; a < n; ++a) {
        double cap = coarse ? (double)(1 + pick(&st, 3)) * 10.0 : (double)pick(&st, 101);
        for (size_t d = 0; d < m; ++d) {
            parley_cell *c = parley_scenario_cell(s, a, d);
            c->present = pick(&st, 8) != 0;
            double hi = s->issues[d].hi;
            c->position =
                coarse ? hi * (double)pick(&st, 5) / 4.0 : hi * (double)pick(&st, 1001) / 1000.0;
            c->salience = coarse ? sal[pick(&st, 6)] : (double)pick(&st, 101) / 100.0;
            c->capability = cap;
        }
        /* every issue keeps someone with positive capability x salience */
    }
    for (size_t d = 0; d < m; ++d) {
        parley_cell *c = parley_scenario_cell(s, d % n, d);
        c->present = 1;
        if (c->salience <= 0.0)
            c->salience = 0.5;
        if (c->capability <= 0.0)
            c->capability = 10.0;
    }
    s->salience_scale = PARLEY_SALIENCE_UNIT;
}

static int same_double(double a, double b) {
    return memcmp(&a, &b, sizeof a) == 0;
}

static void check_side(const parley_exchange_side *x, const parley_exchange_side *y) {
    assert_int_equal(x->actor, y->actor);
    assert_int_equal(x->supply, y->supply);
    assert_int_equal(x->demand, y->demand);
    assert_true(same_double(x->start, y->start));
    assert_true(same_double(x->move, y->move));
    assert_true(same_double(x->voting, y->voting));
    assert_true(same_double(x->equal_gain_voting, y->equal_gain_voting));
    assert_true(same_double(x->target, y->target));
    assert_true(same_double(x->eu, y->eu));
    assert_true(same_double(x->max_eu, y->max_eu));
    assert_true(same_double(x->nbs0, y->nbs0));
    assert_true(same_double(x->nbs1, y->nbs1));
}

/* Runs both implementations round by round; returns the exchanges realised. */
static size_t compare_runs(const parley_scenario *s, const parley_exchange_params *p) {
    parley_exchange_model fast;
    ref_model ref;
    parley_error err;
    assert_int_equal(parley_i_exchange_init(&fast, s, p, &err), PARLEY_OK);
    assert_int_equal(ref_exchange_init(&ref, s, p, &err), PARLEY_OK);
    size_t total = 0;
    for (size_t r = 0; r < p->rounds; ++r) {
        assert_int_equal(parley_i_exchange_iterate(&fast, &err), PARLEY_OK);
        assert_int_equal(ref_exchange_iterate(&ref, &err), PARLEY_OK);
        const parley_exchange *ef;
        parley_exchange_stats sf, sr;
        size_t nf = parley_exchange_last(&fast, &ef, &sf);
        sr = ref.stats;
        assert_int_equal(nf, ref.n_done);
        for (size_t k = 0; k < nf; ++k) {
            const parley_exchange *x = &ef[k], *y = &ref.done[k];
            check_side(&x->i, &y->i);
            check_side(&x->j, &y->j);
            assert_true(same_double(x->gain, y->gain));
            assert_true(same_double(x->u, y->u));
            assert_true(same_double(x->v, y->v));
            assert_true(same_double(x->z, y->z));
            assert_int_equal(x->inner_ad, y->inner_ad);
            assert_int_equal(x->guarded, y->guarded);
        }
        total += nf;
        assert_int_equal(sf.candidates, sr.candidates);
        assert_int_equal(sf.valid, sr.valid);
        assert_true(same_double(sf.valid_gain_sum, sr.valid_gain_sum));
        assert_int_equal(sf.realised, sr.realised);
        assert_int_equal(sf.ties, sr.ties);
        for (size_t a = 0; a < s->n_actors; ++a)
            for (size_t d = 0; d < s->n_issues; ++d) {
                size_t c = a * s->n_issues + d;
                assert_true(same_double(fast.cell[c].x0, ref.cell[c].x0));
                assert_true(same_double(fast.vote[c], ref.vote[c]));
            }
        for (size_t d = 0; d < s->n_issues; ++d)
            assert_true(same_double(fast.vmean[d], ref.vmean[d]));
        assert_memory_equal(fast.ext, ref.ext, s->n_actors * PARLEY_EXT_N * sizeof *fast.ext);
        assert_memory_equal(&fast.rng, &ref.rng, sizeof fast.rng);
    }
    parley_i_exchange_destroy(&fast);
    ref_exchange_destroy(&ref);
    return total;
}

static void test_differential(void **state) {
    (void)state;
    static const double ps[] = {0.0, 0.3, 1.0};
    static const double tols[] = {0.0, 1e-12, 1e-3};
    size_t scenarios = 0, exchanges = 0, ties = 0;
    for (uint64_t seed = 1; seed <= 200; ++seed) {
        uint64_t st = seed * UINT64_C(7919);
        size_t n = 2 + pick(&st, 8), m = 2 + pick(&st, 5);
        int coarse = seed % 3 != 0;
        parley_scenario s;
        random_scenario(&s, n, m, seed, coarse);
        for (int q = 0; q < 2; ++q)
            for (int t = 0; t < 2; ++t)
                for (size_t k = 0; k < 3; ++k)
                    for (size_t tt = 0; tt < 3; ++tt) {
                        parley_exchange_params p;
                        parley_exchange_params_default(&p);
                        p.rounds = 4;
                        p.seed = seed * 31 + (uint64_t)(q * 12 + t * 6 + (int)k * 2 + (int)tt);
                        p.quirks = q ? PARLEY_EXCHANGE_QUIRKS_DECIDE : PARLEY_EXCHANGE_QUIRKS_NONE;
                        p.ties = t ? PARLEY_EXCHANGE_TIES_RANDOM : PARLEY_EXCHANGE_TIES_ORDER;
                        p.p = ps[k];
                        p.tie_tolerance = tols[tt];
                        exchanges += compare_runs(&s, &p);
                        ++scenarios;
                    }
        /* count the rounds with ties once per scenario (order, p = 0) */
        parley_exchange_params p;
        parley_exchange_params_default(&p);
        parley_exchange_model x;
        parley_error err;
        assert_int_equal(parley_i_exchange_init(&x, &s, &p, &err), PARLEY_OK);
        for (int r = 0; r < 4; ++r) {
            assert_int_equal(parley_i_exchange_iterate(&x, &err), PARLEY_OK);
            parley_exchange_stats st2;
            parley_exchange_last(&x, NULL, &st2);
            ties += st2.ties;
        }
        parley_i_exchange_destroy(&x);
        parley_scenario_destroy(&s);
    }
    /* the comparison must have had something to compare, ties included */
    print_message("differential: %zu runs, %zu exchanges, %zu tied selections\n", scenarios,
                  exchanges, ties);
    assert_true(exchanges > 100000);
    assert_true(ties > 100);
}

/* Few actors on many issues (the shape of issue 16's 4 x 1000 goal): each
 * actor sits in many issue pairs, so its cells' lists are long and the
 * same candidates meet many realisations; every mode, 6 rounds. */
static void test_differential_wide(void **state) {
    (void)state;
    size_t exchanges = 0;
    for (uint64_t seed = 1; seed <= 12; ++seed) {
        uint64_t st = seed * UINT64_C(104729);
        size_t n = 2 + pick(&st, 3), m = 20 + pick(&st, 21);
        parley_scenario s;
        random_scenario(&s, n, m, seed + 1000, seed % 2 == 0);
        for (int mode = 0; mode < 8; ++mode) {
            parley_exchange_params p;
            parley_exchange_params_default(&p);
            p.rounds = 6;
            p.seed = seed * 17 + (uint64_t)mode;
            p.quirks = mode & 1 ? PARLEY_EXCHANGE_QUIRKS_DECIDE : PARLEY_EXCHANGE_QUIRKS_NONE;
            p.ties = mode & 2 ? PARLEY_EXCHANGE_TIES_RANDOM : PARLEY_EXCHANGE_TIES_ORDER;
            p.p = mode & 4 ? 0.3 : 0.0;
            exchanges += compare_runs(&s, &p);
        }
        parley_scenario_destroy(&s);
    }
    print_message("wide: %zu exchanges\n", exchanges);
    assert_true(exchanges > 1000);
}

/* The Decide scenarios, every mode, 10 rounds. */
static void test_differential_decide(void **state) {
    (void)state;
    static const char *files[] = {"decide/sample_data.json", "decide/copenhagen.json"};
    for (size_t f = 0; f < 2; ++f) {
        parley_scenario s;
        load_scenario(&s, files[f]);
        for (int mode = 0; mode < 4; ++mode) {
            parley_exchange_params p;
            parley_exchange_params_default(&p);
            p.seed = 42;
            p.quirks = mode & 1 ? PARLEY_EXCHANGE_QUIRKS_DECIDE : PARLEY_EXCHANGE_QUIRKS_NONE;
            p.ties = mode & 2 ? PARLEY_EXCHANGE_TIES_RANDOM : PARLEY_EXCHANGE_TIES_ORDER;
            p.p = mode == 3 ? 0.5 : 0.0;
            assert_true(compare_runs(&s, &p) > 100);
        }
        parley_scenario_destroy(&s);
    }
}

/* Each realisation looks at no more candidates than those that involve one
 * of its two actors on one of its two issues in the role it changed:
 * 4 lists of at most (n - 1)(m - 1) each. */
static void test_touched_bound(void **state) {
    (void)state;
    const size_t n = 24, m = 8;
    parley_scenario s;
    random_scenario(&s, n, m, 99, 0);
    parley_exchange_params p;
    parley_exchange_params_default(&p);
    parley_exchange_model x;
    parley_error err;
    assert_int_equal(parley_i_exchange_init(&x, &s, &p, &err), PARLEY_OK);
    const size_t bound = 4 * (n - 1) * (m - 1);
    for (int r = 0; r < 5; ++r) {
        assert_int_equal(parley_i_exchange_iterate(&x, &err), PARLEY_OK);
        parley_exchange_stats st;
        size_t done = parley_exchange_last(&x, NULL, &st);
        assert_true(done > 20);
        assert_true(st.touched_max <= bound);
        assert_true(st.touched <= done * bound);
        assert_true(st.touched > 0);
        /* the old round looked at every candidate after each realisation */
        assert_true(st.touched * 4 < done * st.valid);
        /* each entry looked at is recomputed, found dead without
         * recomputing (its supply cell moved away from its target: quirks =
         * none) or dropped, at most once per realisation; with p = 0 and
         * quirks = none the demand-list entries of a partner whose
         * candidates provably keep their numbers are passed over (kept)
         * without being looked at; some are kept, some killed, and entries
         * looked at and passed over stay within the four lists' bound */
        assert_true(x.n_recomputed + x.n_killed <= st.touched);
        assert_true(x.n_kept > 0);
        assert_true(x.n_killed > 0);
        assert_true(st.touched + x.n_kept <= done * bound);
        /* the tree: a selection fixes one path per key left stale by a fall
         * or death of a touched candidate (or of the realised one), and
         * only a rise climbs at once */
        assert_true(x.n_fixes <= x.n_recomputed + x.n_killed + done);
        assert_true(x.n_rises <= x.n_recomputed);
        print_message("round %d: %zu candidates (%zu valid), %zu realised, %zu touched (%.0f "
                      "per realisation, bound %zu): %zu recomputed, %zu kept, %zu killed, %zu "
                      "paths fixed, %zu rises\n",
                      r + 1, st.candidates, st.valid, done, st.touched,
                      (double)st.touched / (double)done, bound, x.n_recomputed, x.n_kept,
                      x.n_killed, x.n_fixes, x.n_rises);
    }
    parley_i_exchange_destroy(&x);
    parley_scenario_destroy(&s);
}

/* Every actor on every issue, position 0-100, salience 0.10-1.00,
 * capability 10-100: positions spread at random, as the estimate assumes. */
static void full_scenario(parley_scenario *s, size_t n, size_t m, uint64_t seed) {
    assert_int_equal(parley_scenario_init(s, n, m), PARLEY_OK);
    uint64_t st = seed;
    for (size_t d = 0; d < m; ++d) {
        s->issues[d].lo = 0;
        s->issues[d].hi = 100;
        s->issues[d].bounds_given = 1;
    }
    for (size_t a = 0; a < n; ++a) {
        double cap = 10.0 + (double)pick(&st, 91);
        for (size_t d = 0; d < m; ++d) {
            parley_cell *c = parley_scenario_cell(s, a, d);
            c->present = 1;
            c->position = (double)pick(&st, 101);
            c->salience = (10.0 + (double)pick(&st, 91)) / 100.0;
            c->capability = cap;
        }
    }
    s->salience_scale = PARLEY_SALIENCE_UNIT;
}

/* Peak RSS growth (bytes) of 10 rounds on the n x m full scenario, measured
 * in a child process (ru_maxrss after the run minus before it). */
static double measured_peak(size_t n, size_t m, const parley_exchange_params *p) {
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        parley_scenario s;
        full_scenario(&s, n, m, n * 1000 + m);
        struct rusage r0, r1;
        getrusage(RUSAGE_SELF, &r0);
        parley_exchange_model x;
        parley_error err;
        int bad = parley_i_exchange_init(&x, &s, p, &err) != PARLEY_OK;
        for (size_t k = 0; k < 10 && !bad; ++k)
            bad = parley_i_exchange_iterate(&x, &err) != PARLEY_OK;
        getrusage(RUSAGE_SELF, &r1);
        double grew = bad ? -1.0 : 1024.0 * (double)(r1.ru_maxrss - r0.ru_maxrss);
        ssize_t w = write(fd[1], &grew, sizeof grew);
        _exit(w == (ssize_t)sizeof grew ? 0 : 1);
    }
    close(fd[1]);
    double grew = -1.0;
    assert_int_equal(read(fd[0], &grew, sizeof grew), (ssize_t)sizeof grew);
    close(fd[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return grew;
}

/* The memory estimate used by --max-memory against the measured peak
 * (not under AddressSanitizer, whose shadow memory and quarantine make the
 * resident size meaningless). */
#if defined(__SANITIZE_ADDRESS__)
#define PARLEY_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PARLEY_TEST_ASAN 1
#endif
#endif
static void test_memory_estimate(void **state) {
    (void)state;
#ifdef PARLEY_TEST_ASAN
    skip();
#endif
    static const struct {
        size_t n, m;
        int decide;
        double p;
    } runs[] = {{80, 16, 0, 0.0}, {4, 300, 0, 0.0}, {40, 24, 1, 0.5}};
    for (size_t k = 0; k < sizeof runs / sizeof *runs; ++k) {
        parley_params pp;
        assert_int_equal(parley_params_init(&pp, &parley_model_exchange), PARLEY_OK);
        parley_error err;
        if (runs[k].decide)
            assert_int_equal(parley_params_set(&pp, "quirks", "decide", &err), PARLEY_OK);
        if (runs[k].p > 0)
            assert_int_equal(parley_params_set(&pp, "p", "0.5", &err), PARLEY_OK);
        double est = (double)parley_model_memory_estimate(&pp, runs[k].n, runs[k].m);
        double got = measured_peak(runs[k].n, runs[k].m, pp.data);
        print_message("%zu x %zu: estimate %.2f MB, measured peak growth %.2f MB (%+.0f %%)\n",
                      runs[k].n, runs[k].m, est / 1e6, got / 1e6, 100.0 * (est / got - 1.0));
        assert_true(got > 1e6);
        assert_true(est <= 1.15 * got && est >= 0.85 * got);
        parley_params_destroy(&pp);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        /* first: its child process must not inherit a heap the other tests grew */
        cmocka_unit_test(test_memory_estimate),     cmocka_unit_test(test_differential),
        cmocka_unit_test(test_differential_decide), cmocka_unit_test(test_differential_wide),
        cmocka_unit_test(test_touched_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
