/* KTAB's spatial model of politics: golden tests against smpc's own output
 * (tests/data/ktab/expected/, see tests/data/README.md), turn-0 anchors
 * from KTAB's full log of dummyData_3Dim, hand-worked formulas, model
 * switches, degenerate inputs and the reproducible stochastic mode.
 *
 * The KTAB wide CSV is read by a small loader local to this test
 * (format: spec formats.md §3), so that the model is checked on its own. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/spatial.h>

#include "ktab_wide.h"
#include "models/spatial_i.h"

/* ------------------------------------------------- KTAB CSV (test-local) */

static void ktab_load(ktab_csv *c, const char *relative) {
    if (ktab_read(c, test_data(relative)) != 0)
        fail_msg("cannot read %s as a KTAB wide CSV", relative);
}

static parley_i_spatial start(const ktab_csv *c, const parley_spatial_params *p) {
    parley_i_spatial_input in = {c->n, c->k, c->cap, c->pos, c->sal, NULL, 0};
    parley_i_spatial m;
    parley_error err;
    parley_status st = parley_i_spatial_init(&m, &in, p, &err);
    if (st != PARLEY_OK)
        fail_msg("init: %s", err.message);
    return m;
}

static void run_to_end(parley_i_spatial *m) {
    parley_error err;
    while (!parley_i_spatial_test(m))
        assert_int_equal(parley_i_spatial_iterate(m, &err), PARLEY_OK);
}

/* ------------------------------------------------ summary comparison */

/* Strips trailing blanks. */
static void rstrip(char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
}

/* 1 if value, printed with `decimals` decimals, may legitimately print as
 * either neighbour: it lies within 1e-9 of a rounding boundary. */
static int near_boundary(double value, int decimals) {
    double scaled = value * pow(10.0, decimals);
    double frac = scaled - floor(scaled);
    return fabs(frac - 0.5) < 1e-9 * pow(10.0, decimals);
}

/* Compares one line of numbers: `ours` holds the unrounded values. */
static int same_numbers(const char *expected_tail, const double *ours, size_t count, int decimals,
                        double scale) {
    const char *p = expected_tail;
    for (size_t t = 0; t < count; ++t) {
        char *end;
        double e = strtod(p, &end);
        if (end == p)
            return 0;
        p = end;
        char a[32], b[32];
        snprintf(a, sizeof a, "%.*f", decimals, ours[t] * scale);
        snprintf(b, sizeof b, "%.*f", decimals, e);
        if (strcmp(a, b) != 0) {
            double unit = pow(10.0, -decimals);
            if (!(near_boundary(ours[t] * scale, decimals) &&
                  fabs(ours[t] * scale - e) <= unit * 1.0001))
                return 0;
        }
    }
    while (*p == ' ')
        ++p;
    return *p == '\0';
}

typedef struct {
    size_t frac, pos, prob; /* lines that differ */
} mismatches;

/* Runs the model with default switches on data/ktab/NAME.csv and compares
 * every line of expected/NAME.summary.txt (spec §4.1); returns the number
 * of differing lines of each kind (printing them when verbose).  compat
 * selects KTAB's reporting of probabilities (K11). */
static mismatches compare(const char *name, int compat, int verbose) {
    mismatches mm = {0, 0, 0};
    char path[256];
    ktab_csv c;
    snprintf(path, sizeof path, "ktab/%s.csv", name);
    ktab_load(&c, path);
    parley_spatial_params p;
    parley_spatial_params_default(&p);
    p.ktab_compat = compat;
    parley_i_spatial m_ws = start(&c, &p), *m = &m_ws;
    run_to_end(m);
    const size_t T = parley_i_spatial_n_states(m);
    const size_t n = c.n, K = c.k;

    snprintf(path, sizeof path, "ktab/expected/%s.summary.txt", name);
    FILE *fp = fopen(test_data(path), "r");
    assert_non_null(fp);
    static char line[65536];
    size_t n_frac = 0, pos_lines = 0, prob_lines = 0;
    int section = 0;
    double *vals = calloc(T, sizeof *vals);
    while (fgets(line, sizeof line, fp)) {
        rstrip(line);
        const char *fc = "Fractional change compared to first step: ";
        if (strncmp(line, fc, strlen(fc)) == 0) {
            ++n_frac;
            char ours[32];
            snprintf(ours, sizeof ours, "%.4f",
                     n_frac < T ? parley_i_spatial_fractional_change(m, n_frac) : -1.0);
            if (strncmp(line + strlen(fc), ours, strlen(ours)) != 0) {
                if (verbose)
                    print_error("%s step %zu: fractional change %s, expected %s\n", name, n_frac,
                                ours, line + strlen(fc));
                ++mm.frac;
            }
            continue;
        }
        unsigned states = 0;
        if (sscanf(line, "There were %u states", &states) == 1) {
            assert_int_equal(states, T);
            continue;
        }
        if (strcmp(line, "History of actor positions over time:") == 0) {
            section = 1;
            continue;
        }
        if (strcmp(line, "History of actors' winning probabilities:") == 0) {
            section = 2;
            continue;
        }
        if (strncmp(line, "Finish time", 11) == 0)
            section = 0;
        if (section == 1) {
            size_t a = pos_lines / K, d = pos_lines % K;
            char head[512];
            snprintf(head, sizeof head, "%s, %s:", c.name[a], c.dim[d]);
            assert_true(a < n);
            if (strncmp(line, head, strlen(head)) != 0)
                fail_msg("%s: position line %zu starts '%s', expected '%s'", name, pos_lines + 1,
                         line, head);
            for (size_t t = 0; t < T; ++t)
                vals[t] = parley_i_spatial_position(m, t, a, d) / 100.0;
            if (!same_numbers(line + strlen(head), vals, T, 1, 100.0)) {
                if (verbose) {
                    print_error("%s: positions differ on '%s'\n  ours:", name, head);
                    for (size_t t = 0; t < T; ++t)
                        print_error(" %5.1f", 100.0 * vals[t]);
                    print_error("\n");
                }
                ++mm.pos;
            }
            ++pos_lines;
        } else if (section == 2) {
            size_t a = prob_lines;
            char head[512];
            snprintf(head, sizeof head, "%s, prob :", c.name[a]);
            if (strncmp(line, head, strlen(head)) != 0)
                fail_msg("%s: probability line %zu starts '%s', expected '%s'", name, a + 1, line,
                         head);
            for (size_t t = 0; t < T; ++t)
                vals[t] = parley_i_spatial_probability(m, t, a);
            if (!same_numbers(line + strlen(head), vals, T, 4, 1.0)) {
                if (verbose) {
                    print_error("%s: probabilities differ on '%s'\n  ours:", name, head);
                    for (size_t t = 0; t < T; ++t)
                        print_error(" %.4f", vals[t]);
                    print_error("\n");
                }
                ++mm.prob;
            }
            ++prob_lines;
        }
    }
    fclose(fp);
    free(vals);
    assert_int_equal(n_frac, T - 1);
    assert_int_equal(pos_lines, n * K);
    assert_int_equal(prob_lines, n);
    assert_int_equal(parley_i_spatial_stop_reason(m), PARLEY_STOP_CONVERGED);
    parley_i_spatial_destroy(m);
    ktab_free(&c);
    return mm;
}

/* Every line must match. */
static void golden(const char *name, int compat) {
    mismatches mm = compare(name, compat, 1);
    assert_int_equal(mm.frac, 0);
    assert_int_equal(mm.pos, 0);
    assert_int_equal(mm.prob, 0);
}

static void test_golden_3dim(void **state) {
    (void)state;
    golden("dummyData_3Dim", 1);
    golden("dummyData_3Dim", 0); /* the same under either rule (spec K11) */
}

static void test_golden_soe(void **state) {
    (void)state;
    golden("SOE-Pol-Comp", 1);
    golden("SOE-Pol-Comp", 0);
}

static void test_golden_6dim(void **state) {
    (void)state;
    golden("dummyData_6Dim", 1);
}

static void test_golden_a040(void **state) {
    (void)state;
    golden("dummyData-a040", 1);
    /* Without KTAB's reporting quirk K11 the positions and fractional
     * changes are the same, and the probability rows of co-located actors
     * change: 25 of the 40 rows (spec K11). */
    mismatches mm = compare("dummyData-a040", 0, 0);
    assert_int_equal(mm.frac, 0);
    assert_int_equal(mm.pos, 0);
    assert_int_equal(mm.prob, 25);
}

static void test_golden_a080(void **state) {
    (void)state;
    golden("dummyData-a080", 1);
}

/* The whole path a user takes: parley's own KTAB reader (src/io), the
 * generic model interface, every round's positions per issue, against the
 * same summaries (positions to 1 decimal, the number of steps). */
static void golden_via_reader(const char *name) {
    char path[256];
    snprintf(path, sizeof path, "ktab/%s.csv", name);
    parley_scenario s;
    load_scenario(&s, path);
    const size_t n = s.n_actors, K = s.n_issues;
    parley_params params;
    assert_int_equal(parley_params_init(&params, parley_model_find("spatial")), PARLEY_OK);
    parley_model m;
    parley_error err;
    assert_int_equal(parley_model_init_scenario(&m, &params, &s, &err), PARLEY_OK);
    size_t T = 0, cap = 0;
    double *hist = NULL; /* T x K x n */
    for (;;) {
        if (T == cap) {
            cap = cap ? 2 * cap : 32;
            hist = realloc(hist, cap * K * n * sizeof *hist);
            assert_non_null(hist);
        }
        for (size_t k = 0; k < K; ++k)
            memcpy(hist + (T * K + k) * n, parley_model_positions_issue(&m, k), n * sizeof *hist);
        ++T;
        if (parley_model_test(&m))
            break;
        assert_int_equal(parley_model_iterate(&m, &err), PARLEY_OK);
    }
    snprintf(path, sizeof path, "ktab/expected/%s.summary.txt", name);
    FILE *fp = fopen(test_data(path), "r");
    assert_non_null(fp);
    static char line[65536];
    int section = 0;
    size_t row = 0, states = 0;
    double *vals = malloc(T * sizeof *vals);
    while (fgets(line, sizeof line, fp)) {
        rstrip(line);
        unsigned st;
        if (sscanf(line, "There were %u states", &st) == 1)
            states = st;
        if (strcmp(line, "History of actor positions over time:") == 0) {
            section = 1;
            continue;
        }
        if (strncmp(line, "History of actors'", 18) == 0)
            section = 0;
        if (section != 1)
            continue;
        const size_t a = row / K, k = row % K;
        /* the dimension label follows the actor's name, up to the colon */
        const char *tail = strchr(line + strlen(s.actors[a].name) + 1, ':');
        assert_non_null(tail);
        assert_int_equal(strncmp(line, s.actors[a].name, strlen(s.actors[a].name)), 0);
        for (size_t t = 0; t < T; ++t)
            vals[t] = hist[(t * K + k) * n + a] / 100.0; /* issues are on 0-100 */
        if (!same_numbers(tail + 1, vals, T, 1, 100.0))
            fail_msg("%s via the reader: positions of %s on issue %zu differ", name,
                     s.actors[a].name, k + 1);
        ++row;
    }
    fclose(fp);
    assert_int_equal(states, T);
    assert_int_equal(row, n * K);
    free(vals);
    free(hist);
    parley_model_destroy(&m);
    parley_params_destroy(&params);
    parley_scenario_destroy(&s);
}

static void test_golden_via_reader(void **state) {
    (void)state;
    golden_via_reader("dummyData_3Dim");
    golden_via_reader("SOE-Pol-Comp");
    golden_via_reader("dummyData_6Dim");
    golden_via_reader("dummyData-a040");
    golden_via_reader("dummyData-a080");
}

/* ------------------------------------------- turn-0 anchors (KTAB log) */

/* Numbers printed by smpc in the full log of the dummyData_3Dim run
 * (shared data ktab/expected/dummyData_3Dim.log; spec §4.3). */
static void test_turn0_anchors(void **state) {
    (void)state;
    ktab_csv c;
    ktab_load(&c, "ktab/dummyData_3Dim.csv");
    parley_spatial_params p;
    parley_spatial_params_default(&p);
    parley_i_spatial m_ws = start(&c, &p), *m = &m_ws;

    /* "Inferred risk attitudes" (BigRRange Mid) */
    const double R[7] = {-0.500, -0.459, -0.499, -0.274, 1.000, -0.232, -0.430};
    for (size_t i = 0; i < 7; ++i)
        assert_true(fabs(parley_i_spatial_risk(m, 0, i) - R[i]) <= 0.0005 + 1e-12);
    /* "Risk-aware actor-pos utility matrix (objective)", rows 0 and 4 */
    const double U0[7] = {1.0000, 0.8593, 0.5233, 0.8136, 0.8958, 0.8297, 0.8410};
    const double U4[7] = {0.9619, 0.9809, 0.8570, 0.9740, 1.0000, 0.9925, 0.9836};
    for (size_t j = 0; j < 7; ++j) {
        assert_true(fabs(parley_i_spatial_utility(m, 0, 0, j) - U0[j]) <= 0.00005 + 1e-12);
        assert_true(fabs(parley_i_spatial_utility(m, 4, 4, j) - U4[j]) <= 0.00005 + 1e-12);
    }
    /* "Estimate by 4 of risk-aware utility matrix" (OneThird), row 0 and row 6 */
    const double E40[7] = {1.0000, 0.9468, 0.7540, 0.9266, 0.9619, 0.9339, 0.9389};
    const double E46[7] = {0.8924, 0.8295, 0.5499, 0.8942, 0.9264, 0.9544, 1.0000};
    for (size_t j = 0; j < 7; ++j) {
        assert_true(fabs(parley_i_spatial_utility(m, 4, 0, j) - E40[j]) <= 0.00005 + 1e-12);
        assert_true(fabs(parley_i_spatial_utility(m, 4, 6, j) - E46[j]) <= 0.00005 + 1e-12);
    }
    /* "Est by 0 of prob 0.7643 that [ 0> 6], with expected gain to 0 of +0.0947" etc. */
    double pr, gain;
    parley_i_spatial_challenge(m, 0, 0, 0, 6, &pr, &gain);
    assert_true(fabs(pr - 0.7643) <= 0.00005 && fabs(gain - 0.0947) <= 0.00005);
    parley_i_spatial_challenge(m, 0, 6, 0, 6, &pr, &gain);
    assert_true(fabs(gain - (-0.1548)) <= 0.00005);
    parley_i_spatial_challenge(m, 6, 0, 0, 6, &pr, &gain);
    assert_true(fabs(pr - 0.7660) <= 0.00005 && fabs(gain - 0.0925) <= 0.00005);
    parley_i_spatial_challenge(m, 6, 6, 0, 6, &pr, &gain);
    assert_true(fabs(gain - (-0.1514)) <= 0.00005);
    /* "turn 0 , i 6 , j 1 , bestEU worth 0.0285838 , piiJ 0.396973" */
    parley_i_spatial_challenge(m, 6, 6, 6, 1, &pr, &gain);
    assert_true(fabs(pr - 0.396973) <= 5e-7 && fabs(gain - 0.0285838) <= 5e-8);
    /* State-0 winning probabilities */
    const double P0[7] = {0.0047, 0.0302, 0.0054, 0.1492, 0.6001, 0.1447, 0.0656};
    for (size_t i = 0; i < 7; ++i)
        assert_true(fabs(parley_i_spatial_probability(m, 0, i) - P0[i]) <= 0.00005 + 1e-12);

    parley_error err;
    assert_int_equal(parley_i_spatial_iterate(m, &err), PARLEY_OK);
    /* "In turn 0 actor i has most advantageous target j": 6, 0, 6, 0, 0, 1, 1 */
    const size_t target[7] = {6, 0, 6, 0, 0, 1, 1};
    for (size_t i = 0; i < 7; ++i)
        assert_int_equal(parley_i_spatial_target(m, i), target[i]);
    /* SActor-00 chose bargain [1017, 4:0], its side "79.540 44.710 72.050"
     * (S2P2 points rounded to 4 decimals on [0, 1]) */
    assert_close(parley_i_spatial_position(m, 1, 0, 0), 79.54, 1e-9);
    assert_close(parley_i_spatial_position(m, 1, 0, 1), 44.71, 1e-9);
    assert_close(parley_i_spatial_position(m, 1, 0, 2), 72.05, 1e-9);
    /* SActor-02 kept its status quo (its queue PCE: 0.6347 against 0.3653) */
    assert_close(parley_i_spatial_position(m, 1, 2, 1), 90.89, 1e-9);
    parley_i_spatial_destroy(m);
    ktab_free(&c);
}

/* ----------------------------------------------- a case worked by hand */

/* Two actors on one dimension: A (capability 2, position 20, salience 0.5)
 * and B (capability 1, position 80, salience 0.5).  Every number below is
 * worked out by hand from the formulas of docs/models.md (spatial model):
 *  - distance |0.2 - 0.8| = 0.6 for both; risk-neutral utilities 1 and 0.4;
 *  - risk PCE: coalitions C(A:B) = 2 (1 - 0.4) = 1.2, C(B:A) = 0.6 (+1e-8 each),
 *    V(A, B) = 2/3; Conditional P = (1/2 . 2/3, 1/2 . 1/3) normalised = (2/3, 1/3);
 *    Mid range: R_A = (3 . 2/3 - 2/3 - 2/3) / (2/3) = 1, R_B = -1/2;
 *  - state-0 probabilities: own-view utilities A (1, 0.64), B (0.28, 1), so
 *    coalitions 2 (1 - 0.64) = 0.72 each way and P = (1/2, 1/2);
 *  - A's view of A -> B (OneThird: r^A_B = (2 . 1 - 1/2)/3 = 1/2): U_AA = 1,
 *    U_AB = 0.4 (1 + 0.6) = 0.64, U_BA = 0.4 (1 + 0.3) = 0.52, U_BB = 1;
 *    weights c sigma: 1 and 0.5; votes 0.36 and -0.24, P = 0.6; gain to A:
 *    E_SQ = 1.64, E_V = 2, E_C = 0.6 . 2 + 0.4 . 1.28 = 1.712,
 *    E_ch = 0.5 . 2 + 0.5 . 1.712 = 1.856, gain 0.216;
 *  - B's view of B -> A (r^B_A = (2 . (-1/2) + 1)/3 = 0): U_BB = 1,
 *    U_BA = 0.4 (1 - 0.3) = 0.28, U_AB = 0.4, U_AA = 1; votes 0.5 . 0.72 = 0.36
 *    and -0.6, P = 0.375; E_SQ = 1.28, E_C = 0.75 + 0.625 . 0.56 = 1.1,
 *    E_ch = 1 + 0.55 = 1.55, gain 0.27;
 *  - bargain A -> B (S2P2, P = 0.6): alpha = 0.25 . 0.36 = 0.09, beta = 0.25 . 0.16 = 0.04:
 *    both points (0.09 . 0.2 + 0.04 . 0.8)/0.13 = 0.3846 (rounded);
 *    bargain B -> A (P = 0.375): alpha = 0.03515625, beta = 0.09765625: both 0.3588;
 *  - A's queue (SQ, A->B, B->A): A values 0.82, 0.9659, 0.9748, B values
 *    0.64, 0.4632, 0.4355; V(A->B, SQ) = 0.2918/0.4686, V(B->A, SQ) =
 *    0.3096/0.5140, V(B->A, A->B) = 0.0177/0.0454; Conditional picks A->B
 *    (0.1898 against 0.0750 and 0.1176 before normalising); B's queue the same;
 *  - both move to 38.46: D_1 = 0.1846 + 0.4154 = 0.6, fractional change
 *    0.6 / 0.6001, and the run stops in agreement after one step. */
static void test_hand_two_actors(void **state) {
    (void)state;
    const double cap[2] = {2.0, 1.0}, pos[2] = {20.0, 80.0}, sal[2] = {0.5, 0.5};
    parley_i_spatial_input in = {2, 1, cap, pos, sal, NULL, 0};
    parley_spatial_params p;
    parley_spatial_params_default(&p);
    parley_i_spatial m_ws, *m = &m_ws;
    parley_error err;
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_OK);
    assert_close(parley_i_spatial_risk(m, 0, 0), 1.0, 1e-7);
    assert_close(parley_i_spatial_risk(m, 0, 1), -0.5, 1e-7);
    assert_close(parley_i_spatial_probability(m, 0, 0), 0.5, 1e-9);
    assert_close(parley_i_spatial_probability(m, 0, 1), 0.5, 1e-9);
    assert_close(parley_i_spatial_utility(m, 0, 1, 0), 0.52, 1e-7);
    assert_close(parley_i_spatial_utility(m, 1, 1, 0), 0.28, 1e-7);
    double pr, gain;
    parley_i_spatial_challenge(m, 0, 0, 0, 1, &pr, &gain);
    assert_close(pr, 0.6, 1e-7);
    assert_close(gain, 0.216, 1e-7);
    parley_i_spatial_challenge(m, 1, 1, 1, 0, &pr, &gain);
    assert_close(pr, 0.375, 1e-7);
    assert_close(gain, 0.27, 1e-7);
    assert_int_equal(parley_i_spatial_iterate(m, &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_target(m, 0), 1);
    assert_int_equal(parley_i_spatial_target(m, 1), 0);
    assert_close(parley_i_spatial_position(m, 1, 0, 0), 38.46, 1e-9);
    assert_close(parley_i_spatial_position(m, 1, 1, 0), 38.46, 1e-9);
    assert_close(parley_i_spatial_fractional_change(m, 1), 0.6 / 0.6001, 1e-12);
    assert_true(parley_i_spatial_test(m));
    assert_int_equal(parley_i_spatial_stop_reason(m), PARLEY_STOP_AGREEMENT);
    assert_int_equal(parley_i_spatial_n_clusters(m, 1), 1);
    assert_close(parley_i_spatial_probability(m, 1, 0), 1.0, 1e-12);
    /* consensus: KTAB divides by zero here (K3); parley reports R = 0 */
    assert_true(parley_i_spatial_risk_degenerate(m, 1));
    assert_close(parley_i_spatial_risk(m, 1, 0), 0.0, 0.0);

    /* S1P1 (alpha = s P): bargain A -> B at (0.3 . 0.2 + 0.2 . 0.8)/0.5 = 0.44,
     * B -> A at 0.425; A values them 0.9424 and 0.9494, B 0.5248 and 0.5078
     * (status quo 0.82 and 0.64); A's queue gives SQ 0.0541, A->B 0.1868,
     * B->A 0.1492 before normalising: both adopt 44.00 and agree. */
    parley_i_spatial_destroy(m);
    assert_int_equal(parley_spatial_params_set(&p, "interp", "s1p1", &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_iterate(m, &err), PARLEY_OK);
    assert_close(parley_i_spatial_position(m, 1, 0, 0), 44.0, 1e-9);
    assert_close(parley_i_spatial_position(m, 1, 1, 0), 44.0, 1e-9);
    assert_int_equal(parley_i_spatial_stop_reason(m), PARLEY_STOP_AGREEMENT);
    /* S2PMax: only the weaker side moves, unrounded.  A -> B (P = 0.6):
     * B moves by 0.2 . 0.25 / (0.2 . 0.25 + 1e-6 + 0.8 . 0.25) of the gap, to
     * 0.8 - 0.6 . 0.05 / 0.250001; B -> A (P_B = 0.375): B moves by
     * 0.25 . 0.25 / (0.0625 + 1e-6 + 0.1875), to 0.8 - 0.6 . 0.0625 / 0.250001.
     * A values them 0.8848 and 0.89875, B 0.5536 and 0.533125; the queues
     * give SQ 0.0809, A->B 0.1270, B->A 0.1718: A stays, B moves to 65.0. */
    parley_i_spatial_destroy(m);
    assert_int_equal(parley_spatial_params_set(&p, "interp", "s2pmax", &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_iterate(m, &err), PARLEY_OK);
    assert_close(parley_i_spatial_position(m, 1, 0, 0), 20.0, 1e-12);
    /* (P_B is 0.375 up to the 1e-10 coalition floors: 1e-10 relative) */
    assert_close(parley_i_spatial_position(m, 1, 1, 0), 100.0 * (0.8 - 0.6 * 0.0625 / 0.250001),
                 1e-10);
    /* The receiver's views: B sees A -> B with P^B(A > B) = 0.6 / 0.96 = 0.625
     * (U_AB = 0.4 at r^B_A = 0, U_BA = 0.28), A sees B -> A with
     * P^A(B > A) = 0.24 / 0.6 = 0.4; the bargains they give are 0.3588 and
     * 0.3846, the mirror images of the initiators' ones.
     * init-rcvr: every queue holds two bargains at 0.3846 and two at 0.3588;
     * identical options tie (V = 1/2) and the first 0.3846 one wins
     * (0.0578 against 0.0230 and SQ 0.0113): both agree at 38.46. */
    parley_i_spatial_destroy(m);
    parley_spatial_params_default(&p);
    assert_int_equal(parley_spatial_params_set(&p, "bargain", "init-rcvr", &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_OK);
    parley_i_spatial_challenge(m, 1, 0, 0, 1, &pr, &gain);
    assert_close(pr, 0.625, 1e-9);
    parley_i_spatial_challenge(m, 0, 1, 1, 0, &pr, &gain);
    assert_close(pr, 0.4, 1e-9);
    assert_int_equal(parley_i_spatial_iterate(m, &err), PARLEY_OK);
    assert_close(parley_i_spatial_position(m, 1, 0, 0), 38.46, 1e-9);
    assert_close(parley_i_spatial_position(m, 1, 1, 0), 38.46, 1e-9);
    /* pw-comp: weights c sigma = 1 (A) and 0.5 (B): A -> B gives
     * (1 . 0.3846 + 0.5 . 0.3588)/1.5 = 0.376, B -> A (0.5 . 0.3588 + 1 . 0.3846)/1.5,
     * the same point: both agree at 37.6 (not rounded). */
    parley_i_spatial_destroy(m);
    assert_int_equal(parley_spatial_params_set(&p, "bargain", "pw-comp", &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_iterate(m, &err), PARLEY_OK);
    assert_close(parley_i_spatial_position(m, 1, 0, 0), 100.0 * (0.3846 + 0.5 * 0.3588) / 1.5,
                 1e-12);
    assert_close(parley_i_spatial_position(m, 1, 1, 0), 100.0 * (0.3846 + 0.5 * 0.3588) / 1.5,
                 1e-12);
    assert_int_equal(parley_i_spatial_stop_reason(m), PARLEY_STOP_AGREEMENT);
    parley_spatial_params_default(&p);

    /* Other risk ranges on the same data: Max gives (1, -1), Min (1, 0) */
    assert_int_equal(parley_spatial_params_set(&p, "big-r-range", "max", &err), PARLEY_OK);
    parley_i_spatial_destroy(m);
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_OK);
    assert_close(parley_i_spatial_risk(m, 0, 1), -1.0, 1e-7);
    parley_i_spatial_destroy(m);
    assert_int_equal(parley_spatial_params_set(&p, "BigRRange", "Min", &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_OK);
    assert_close(parley_i_spatial_risk(m, 0, 0), 1.0, 1e-7);
    assert_close(parley_i_spatial_risk(m, 0, 1), 0.0, 1e-7);
    parley_i_spatial_destroy(m);
    /* Square victory probability: V(A, B) = 1.44 / (1.44 + 0.36) = 0.8, the
     * risk PCE gives (0.8, 0.2), so P^A(A > B) is unchanged (the challenge is
     * always linear, spec §1.8) but the risk of B under Min is still 0 */
    parley_spatial_params_default(&p);
    assert_int_equal(parley_spatial_params_set(&p, "victory", "square", &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_OK);
    assert_close(parley_i_spatial_risk(m, 0, 0), 1.0, 1e-7);
    assert_close(parley_i_spatial_risk(m, 0, 1), -0.5, 1e-7);
    parley_i_spatial_challenge(m, 0, 0, 0, 1, &pr, &gain);
    assert_close(pr, 0.6, 1e-7);
    parley_i_spatial_destroy(m);
}

/* ------------------------------- every PCE ingredient, by direct formulas */

/* Vote of weight w by rule (docs/models.md 6.2), written out again here. */
static double ref_vote(int rule, double w, double du) {
    double b = du / 1e-8;
    b = b > 1 ? 1 : (b < -1 ? -1 : b);
    switch (rule) {
    case 0:
        return w * b;
    case 1:
        return w * (0.8 * du + 0.2 * b);
    case 2:
        return w * du;
    case 3:
        return w * (0.5 * du + 0.5 * du * du * du);
    case 4:
        return w * du * du * du;
    default:
        return du < 0 ? w * du : (du > 0 ? 2.0 / 3.0 * w * du : 0.0);
    }
}

static double ref_victory(int vpm, double s1, double s2) {
    if (vpm == 4) {
        if (s1 >= 1.1 * s2)
            return 1.0 / (1.0 + 1e-6);
        if (s2 >= 1.1 * s1)
            return 1e-6 / (1.0 + 1e-6);
        return (s1 / (s1 + s2) * 2.1 - 1.0) / 0.1;
    }
    double nu = vpm == 0 ? 1 : vpm == 1 ? 2 : vpm == 2 ? 4 : 8;
    return pow(s1, nu) / (pow(s1, nu) + pow(s2, nu));
}

/* Solves the 3 x 3 system A p = r by Gaussian elimination with pivoting. */
static void solve3(double A[3][3], double r[3], double p[3]) {
    for (int c = 0; c < 3; ++c) {
        int piv = c;
        for (int q = c + 1; q < 3; ++q)
            if (fabs(A[q][c]) > fabs(A[piv][c]))
                piv = q;
        for (int k = 0; k < 3; ++k) {
            double t = A[c][k];
            A[c][k] = A[piv][k];
            A[piv][k] = t;
        }
        double t = r[c];
        r[c] = r[piv];
        r[piv] = t;
        for (int q = c + 1; q < 3; ++q) {
            double f = A[q][c] / A[c][c];
            for (int k = c; k < 3; ++k)
                A[q][k] -= f * A[c][k];
            r[q] -= f * r[c];
        }
    }
    for (int c = 2; c >= 0; --c) {
        double acc = r[c];
        for (int k = c + 1; k < 3; ++k)
            acc -= A[c][k] * p[k];
        p[c] = acc / A[c][c];
    }
}

/* Three actors on one dimension: the risk attitudes of state 0 (range Min:
 * R_j = (p_j - p_min)/(p_max - p_min)) come from a PCE over the three
 * positions with risk-neutral utilities 1 - |x_i - x_j|.  For every
 * voting rule, victory probability and PCE variant the test computes p
 * directly: Conditional by the product formula, the two Markov variants as
 * the stationary point of their update solved as a linear system (the
 * model iterates instead). */
static void test_pce_variants(void **state) {
    (void)state;
    const double cap[3] = {3.0, 2.0, 1.5}, pos[3] = {10.0, 50.0, 80.0}, sal[3] = {0.9, 0.6, 0.5};
    static const char *const vr_names[] = {"binary",  "propbin", "prop",
                                           "propcbc", "cubic",   "asymprosp"};
    static const char *const vp_names[] = {"linear", "square", "quartic", "octic", "binary"};
    static const char *const pce_names[] = {"conditional", "markov-incentive", "markov-uniform"};
    parley_i_spatial_input in = {3, 1, cap, pos, sal, NULL, 0};
    for (int vr = 0; vr < 6; ++vr)
        for (int vp = 0; vp < 5; ++vp) {
            /* coalitions and victory probabilities */
            /* one vote per pair, later option a against earlier b (which
             * matters for the asymmetric ASymProsp rule: support for the
             * earlier option counts in full, for the later one 2/3) */
            double C[3][3], V[3][3];
            for (int a = 0; a < 3; ++a)
                for (int b = 0; b < 3; ++b)
                    C[a][b] = 1e-8;
            for (int a = 0; a < 3; ++a)
                for (int b = 0; b < a; ++b)
                    for (int k = 0; k < 3; ++k) {
                        double ua = 1 - fabs(pos[k] - pos[a]) / 100,
                               ub = 1 - fabs(pos[k] - pos[b]) / 100;
                        double v = ref_vote(vr, cap[k], ua - ub);
                        C[a][b] += v > 0 ? v : 0;
                        C[b][a] += v < 0 ? -v : 0;
                    }
            for (int a = 0; a < 3; ++a)
                for (int b = 0; b < 3; ++b)
                    V[a][b] = a == b ? 0.5 : ref_victory(vp, C[a][b], C[b][a]);
            for (int pc = 0; pc < 3; ++pc) {
                double p[3];
                if (pc == 0) {
                    double tot = 0;
                    for (int a = 0; a < 3; ++a) {
                        p[a] = V[a][0] * V[a][1] * V[a][2];
                        tot += p[a];
                    }
                    for (int a = 0; a < 3; ++a)
                        p[a] /= tot;
                } else {
                    /* stationary point P = F(P), F linear; last row: sum P = 1 */
                    double A[3][3], r[3] = {0, 0, 1}, T[3][3];
                    if (pc == 1)
                        for (int b = 0; b < 3; ++b) {
                            double colsum = 0;
                            for (int a = 0; a < 3; ++a)
                                colsum += C[a][b] * V[a][b] + (a == b ? 1e-10 : 0);
                            for (int a = 0; a < 3; ++a)
                                T[a][b] = (C[a][b] * V[a][b] + (a == b ? 1e-10 : 0)) / colsum;
                        }
                    for (int a = 0; a < 3; ++a)
                        for (int b = 0; b < 3; ++b) {
                            double f; /* coefficient of P(b) in F(P)(a) */
                            if (pc == 2) {
                                f = V[a][b] / 3.0;
                                if (a == b)
                                    for (int c = 0; c < 3; ++c)
                                        f += V[a][c] / 3.0;
                            } else {
                                f = V[a][b] * T[a][b];
                                if (a == b)
                                    for (int c = 0; c < 3; ++c)
                                        f += V[a][c] * T[c][a];
                            }
                            A[a][b] = (a == b ? 1.0 : 0.0) - f;
                        }
                    A[2][0] = A[2][1] = A[2][2] = 1.0;
                    solve3(A, r, p);
                }
                double pmin = fmin(p[0], fmin(p[1], p[2])), pmax = fmax(p[0], fmax(p[1], p[2]));
                parley_spatial_params par;
                parley_spatial_params_default(&par);
                parley_error err;
                assert_int_equal(parley_spatial_params_set(&par, "voting", vr_names[vr], &err),
                                 PARLEY_OK);
                assert_int_equal(parley_spatial_params_set(&par, "victory", vp_names[vp], &err),
                                 PARLEY_OK);
                assert_int_equal(parley_spatial_params_set(&par, "pce", pce_names[pc], &err),
                                 PARLEY_OK);
                assert_int_equal(parley_spatial_params_set(&par, "big-r-range", "min", &err),
                                 PARLEY_OK);
                parley_i_spatial m_ws, *m = &m_ws;
                assert_int_equal(parley_i_spatial_init(m, &in, &par, &err), PARLEY_OK);
                for (int a = 0; a < 3; ++a) {
                    double want = (p[a] - pmin) / (pmax - pmin),
                           got = parley_i_spatial_risk(m, 0, (size_t)a);
                    if (!(fabs(got - want) <= 1e-4))
                        fail_msg("voting=%s victory=%s pce=%s: R_%d = %.8f, expected %.8f",
                                 vr_names[vr], vp_names[vp], pce_names[pc], a, got, want);
                }
                parley_i_spatial_destroy(m);
            }
        }
}

/* The challenge of spec 1.8 assembled again from the model's utilities
 * U^h (checked above against KTAB's log), for every third-party commitment
 * and voting rule, on 3Dim's state 0. */
static void test_challenge_formula(void **state) {
    (void)state;
    ktab_csv c;
    ktab_load(&c, "ktab/dummyData_3Dim.csv");
    static const char *const commits[] = {"no", "semi", "full"};
    static const char *const rules[] = {"binary",  "propbin", "prop",
                                        "propcbc", "cubic",   "asymprosp"};
    double sigma[7], omega[7];
    for (size_t a = 0; a < 7; ++a) {
        sigma[a] = c.sal[a * 3] + c.sal[a * 3 + 1] + c.sal[a * 3 + 2];
        omega[a] = c.cap[a] * sigma[a];
    }
    for (int cm = 0; cm < 3; ++cm)
        for (int vr = 0; vr < 6; ++vr) {
            parley_spatial_params p;
            parley_spatial_params_default(&p);
            parley_error err;
            assert_int_equal(parley_spatial_params_set(&p, "commit", commits[cm], &err), PARLEY_OK);
            assert_int_equal(parley_spatial_params_set(&p, "voting", rules[vr], &err), PARLEY_OK);
            parley_i_spatial m_ws = start(&c, &p), *m = &m_ws;
            const size_t cases[][4] = {{0, 0, 0, 6}, {6, 6, 0, 6}, {3, 1, 2, 5}, {4, 4, 4, 0}};
            for (size_t q = 0; q < 4; ++q) {
                size_t h = cases[q][0], k = cases[q][1], i = cases[q][2], j = cases[q][3];
#define U(a, b) parley_i_spatial_utility(m, h, (a), (b))
                double vi = ref_vote(vr, omega[i], U(i, i) - U(i, j));
                double vj = ref_vote(vr, omega[j], U(j, i) - U(j, j));
                double sij = 1e-10 + (vi > 0 ? vi : 0) + (vj > 0 ? vj : 0);
                double sji = 1e-10 + (vi < 0 ? -vi : 0) + (vj < 0 ? -vj : 0);
                const double s0ij = sij, s0ji = sji;
                for (size_t t = 0; t < 7; ++t) {
                    if (t == i || t == j)
                        continue;
                    double uti = U(t, i), utj = U(t, j), utt = U(t, t);
                    double v0 = ref_vote(vr, omega[t], uti - utj);
                    double pi = (s0ij + (v0 > 0 ? v0 : 0)) /
                                (s0ij + (v0 > 0 ? v0 : 0) + s0ji + (v0 < 0 ? -v0 : 0));
                    /* rows of the commitment table: ik beats j, j beats ik, i beats jk, jk beats i
                     */
                    double w1 = cm == 2 ? 3 * uti : 2 * uti + utt;
                    double w2 = cm == 0 ? 2 * utj + utt : 3 * utj;
                    double w3 = cm == 0 ? 2 * uti + utt : 3 * uti;
                    double w4 = cm == 2 ? 3 * utj : 2 * utj + utt;
                    double join_i = pi * w1 + (1 - pi) * w2, join_j = pi * w3 + (1 - pi) * w4;
                    double vt = ref_vote(vr, omega[t], join_i - join_j);
                    sij += vt > 0 ? vt : 0;
                    sji += vt < 0 ? -vt : 0;
                }
                double P = sij / (sij + sji);
                double esq = U(k, i) + U(k, j), ev = 2 * U(k, i);
                double ec = P * 2 * U(k, i) + (1 - P) * 2 * U(k, j);
                double gain = (1 - sigma[j]) * ev + sigma[j] * ec - esq;
#undef U
                double pr, g;
                parley_i_spatial_challenge(m, h, k, i, j, &pr, &g);
                if (!(fabs(pr - P) <= 1e-12 && fabs(g - gain) <= 1e-12))
                    fail_msg("commit=%s voting=%s h=%zu k=%zu %zu>%zu: (%.15f, %.15f), expected "
                             "(%.15f, %.15f)",
                             commits[cm], rules[vr], h, k, i, j, pr, g, P, gain);
            }
            parley_i_spatial_destroy(m);
        }
    ktab_free(&c);
}

/* ------------------------------------------- degenerate and bad input */

static void test_consensus_at_start(void **state) {
    (void)state;
    /* three actors at one point: KTAB produces NaN utilities (K3) */
    const double cap[3] = {1.0, 2.0, 3.0}, pos[3] = {50.0, 50.0, 50.0}, sal[3] = {0.4, 0.7, 0.9};
    parley_i_spatial_input in = {3, 1, cap, pos, sal, NULL, 0};
    parley_spatial_params p;
    parley_spatial_params_default(&p);
    parley_i_spatial m_ws, *m = &m_ws;
    parley_error err;
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_OK);
    assert_true(parley_i_spatial_test(m));
    assert_int_equal(parley_i_spatial_stop_reason(m), PARLEY_STOP_AGREEMENT);
    assert_int_equal(parley_i_spatial_n_states(m), 1);
    assert_true(parley_i_spatial_risk_degenerate(m, 0));
    for (size_t i = 0; i < 3; ++i) {
        assert_close(parley_i_spatial_probability(m, 0, i), 1.0, 1e-12);
        assert_true(parley_i_spatial_risk(m, 0, i) == 0.0);
    }
    assert_int_equal(parley_i_spatial_iterate(m, &err), PARLEY_OK); /* a no-op */
    assert_int_equal(parley_i_spatial_n_states(m), 1);
    parley_i_spatial_destroy(m);
}

static void test_bad_input(void **state) {
    (void)state;
    double cap[3] = {1.0, 0.0, 3.0}, pos[3] = {10.0, 50.0, 90.0}, sal[3] = {0.4, 0.7, 0.9};
    parley_i_spatial_input in = {3, 1, cap, pos, sal, NULL, 0};
    parley_spatial_params p;
    parley_spatial_params_default(&p);
    parley_i_spatial m_ws, *m = &m_ws;
    parley_error err;
    /* capability 0: KTAB accepts it and fails later (K7) */
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_EDOMAIN);
    assert_non_null(strstr(err.message, "actor 2"));
    cap[1] = 2.0;
    pos[2] = 100.5;
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_EDOMAIN);
    assert_non_null(strstr(err.message, "outside 0-100"));
    pos[2] = 90.0;
    sal[0] = 0.0;
    assert_int_equal(parley_i_spatial_init(m, &in, &p, &err), PARLEY_EDOMAIN);
    assert_non_null(strstr(err.message, "no salience"));
    /* two dimensions whose saliences sum above 1 */
    const double pos2[6] = {10, 20, 50, 60, 90, 80}, sal2[6] = {0.7, 0.6, 0.3, 0.3, 0.5, 0.4};
    parley_i_spatial_input in2 = {3, 2, cap, pos2, sal2, NULL};
    assert_int_equal(parley_spatial_params_set(&p, "salience-sum", "reject", &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_init(m, &in2, &p, &err), PARLEY_EDOMAIN);
    assert_non_null(strstr(err.message, "sum to 1.3"));
    /* normalised: the same as saliences divided by their sum */
    assert_int_equal(parley_spatial_params_set(&p, "salience-sum", "normalise", &err), PARLEY_OK);
    assert_int_equal(parley_i_spatial_init(m, &in2, &p, &err), PARLEY_OK);
    const double sal3[6] = {0.7 / 1.3, 0.6 / 1.3, 0.3, 0.3, 0.5, 0.4};
    parley_i_spatial_input in3 = {3, 2, cap, pos2, sal3, NULL};
    parley_i_spatial m3_ws, *m3 = &m3_ws;
    assert_int_equal(parley_i_spatial_init(m3, &in3, &p, &err), PARLEY_OK);
    while (!parley_i_spatial_test(m)) {
        assert_int_equal(parley_i_spatial_iterate(m, &err), PARLEY_OK);
        assert_int_equal(parley_i_spatial_iterate(m3, &err), PARLEY_OK);
    }
    assert_int_equal(parley_i_spatial_n_states(m), parley_i_spatial_n_states(m3));
    for (size_t i = 0; i < 3; ++i)
        assert_close(parley_i_spatial_position(m, parley_i_spatial_n_states(m) - 1, i, 1),
                     parley_i_spatial_position(m3, parley_i_spatial_n_states(m3) - 1, i, 1), 1e-9);
    parley_i_spatial_destroy(m);
    parley_i_spatial_destroy(m3);
    /* a bad accommodation row */
    const double acc[9] = {0.5, 0.6, 0, 0, 1, 0, 0, 0, 1};
    parley_i_spatial_input in4 = {3, 1, cap, pos, (const double[]){0.4, 0.7, 0.9}, acc};
    assert_int_equal(parley_i_spatial_init(m, &in4, &p, &err), PARLEY_EDOMAIN);
    assert_non_null(strstr(err.message, "accommodation row 1"));
    /* too few actors */
    parley_i_spatial_input in5 = {1, 1, cap, pos, sal2, NULL};
    assert_int_equal(parley_i_spatial_init(m, &in5, &p, &err), PARLEY_EINVAL);
}

/* ---------------------------------------------------------- parameters */

static void test_params(void **state) {
    (void)state;
    parley_spatial_params p, d;
    parley_spatial_params_default(&p);
    parley_spatial_params_default(&d);
    parley_error err;
    /* KTAB's spellings and ours */
    assert_int_equal(parley_spatial_params_set(&p, "VotingRule", "Proportional", &err), PARLEY_OK);
    assert_int_equal(p.voting, PARLEY_SMP_VOTE_PROP);
    assert_int_equal(parley_spatial_params_set(&p, "voting", "asym-prosp", &err), PARLEY_OK);
    assert_int_equal(p.voting, PARLEY_SMP_VOTE_ASYMPROSP);
    assert_int_equal(parley_spatial_params_set(&p, "BigRAdjust", "No", &err), PARLEY_OK);
    assert_int_equal(p.bigr_adjust, PARLEY_SMP_BIGR_NONE);
    assert_int_equal(parley_spatial_params_set(&p, "big-r-adjust", "two-thirds", &err), PARLEY_OK);
    assert_int_equal(p.bigr_adjust, PARLEY_SMP_BIGR_TWO_THIRDS);
    assert_int_equal(parley_spatial_params_set(&p, "commit", "full", &err), PARLEY_OK);
    assert_int_equal(p.commit, PARLEY_SMP_COMMIT_FULL);
    assert_int_equal(parley_spatial_params_set(&p, "ThirdPartyCommit", "NoCommit", &err),
                     PARLEY_OK);
    assert_int_equal(p.commit, PARLEY_SMP_COMMIT_NO);
    assert_int_equal(parley_spatial_params_set(&p, "bargain", "pw-comp", &err), PARLEY_OK);
    assert_int_equal(p.bargain, PARLEY_SMP_BARGAIN_PW_COMP);
    assert_int_equal(parley_spatial_params_set(&p, "BargnModel", "InitRcvrInterp", &err),
                     PARLEY_OK);
    assert_int_equal(p.bargain, PARLEY_SMP_BARGAIN_INIT_RCVR);
    assert_int_equal(parley_spatial_params_set(&p, "pce", "MarkovIncentive", &err), PARLEY_OK);
    assert_int_equal(p.pce, PARLEY_SMP_PCE_MARKOV_INCENTIVE);
    assert_int_equal(parley_spatial_params_set(&p, "StateTransitions", "Stochastic", &err),
                     PARLEY_OK);
    assert_int_equal(p.transition, PARLEY_SMP_STOCHASTIC);
    assert_int_equal(parley_spatial_params_set(&p, "interp", "S2PMax", &err), PARLEY_OK);
    assert_int_equal(p.interp, PARLEY_SMP_INTERP_S2PMAX);
    assert_int_equal(parley_spatial_params_set(&p, "victory", "octic", &err), PARLEY_OK);
    assert_int_equal(p.victory, PARLEY_SMP_VICTORY_OCTIC);
    assert_int_equal(parley_spatial_params_set(&p, "rounds", "7", &err), PARLEY_OK);
    assert_int_equal(p.max_steps, 7);
    assert_int_equal(parley_spatial_params_set(&p, "seed", "9223372036854775807", &err), PARLEY_OK);
    assert_true(p.seed == PARLEY_MAX_SEED);
    assert_int_equal(parley_spatial_params_set(&p, "seed", "9223372036854775808", &err),
                     PARLEY_EINVAL);
    assert_int_equal(parley_spatial_params_set(&p, "stop-ratio", "0.05", &err), PARLEY_OK);
    assert_close(p.stop_ratio, 0.05, 0.0);
    /* errors */
    assert_int_equal(parley_spatial_params_set(&p, "voting", "majority", &err), PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "spatial.voting must be one of Binary, PropBin, Prop"));
    assert_int_equal(parley_spatial_params_set(&p, "stop-ratio", "2", &err), PARLEY_EINVAL);
    assert_int_equal(parley_spatial_params_set(&p, "max-steps", "0", &err), PARLEY_EINVAL);
    assert_int_equal(parley_spatial_params_set(&p, "seed", "-1", &err), PARLEY_EINVAL);
    assert_int_equal(parley_spatial_params_set(&p, "tie", "lower", &err), PARLEY_EUNSUPPORTED);
    /* describe lists KTAB's defaults */
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_spatial_params_describe(&d, &b), PARLEY_OK);
    assert_non_null(strstr(b.data, "victory=Linear, pce=Conditional, transition=Deterministic, "
                                   "voting=Prop, big-r-adjust=OneThird, big-r-range=Mid, "
                                   "commit=SemiCommit, interp=S2P2, bargain=InitOnlyInterp"));
    parley_buf_destroy(&b);
}

/* Final positions of a run on 3Dim with one switch changed. */
static double *final_positions(const char *key, const char *value, size_t *steps) {
    ktab_csv c;
    ktab_load(&c, "ktab/dummyData_3Dim.csv");
    parley_spatial_params p;
    parley_spatial_params_default(&p);
    parley_error err;
    if (key)
        assert_int_equal(parley_spatial_params_set(&p, key, value, &err), PARLEY_OK);
    parley_i_spatial m_ws = start(&c, &p), *m = &m_ws;
    run_to_end(m);
    const size_t T = parley_i_spatial_n_states(m);
    double *x = malloc(c.n * c.k * sizeof *x);
    for (size_t i = 0; i < c.n; ++i)
        for (size_t d = 0; d < c.k; ++d) {
            x[i * c.k + d] = parley_i_spatial_position(m, T - 1, i, d);
            assert_true(x[i * c.k + d] >= 0.0 && x[i * c.k + d] <= 100.0);
        }
    /* every state's distinct positions (greedy, as the model groups them)
     * carry the whole probability */
    size_t *rep = malloc(c.n * sizeof *rep);
    for (size_t t = 0; t < T; ++t) {
        double total = 0.0;
        size_t nrep = 0;
        for (size_t i = 0; i < c.n; ++i) {
            int found = 0;
            for (size_t r = 0; r < nrep && !found; ++r) {
                double d2 = 0.0;
                for (size_t d = 0; d < c.k; ++d) {
                    double dd = parley_i_spatial_position(m, t, i, d) -
                                parley_i_spatial_position(m, t, rep[r], d);
                    d2 += dd * dd;
                }
                found = sqrt(d2) / 100.0 < 1e-3;
            }
            if (!found) {
                rep[nrep++] = i;
                total += parley_i_spatial_probability(m, t, i);
            }
            assert_true(isfinite(parley_i_spatial_risk(m, t, i)));
        }
        assert_int_equal(nrep, parley_i_spatial_n_clusters(m, t));
        assert_close(total, 1.0, 1e-9);
    }
    free(rep);
    *steps = T - 1;
    parley_i_spatial_destroy(m);
    ktab_free(&c);
    return x;
}

/* Every switch value runs, and every non-default one changes the run. */
static void test_switches(void **state) {
    (void)state;
    size_t steps0;
    double *x0 = final_positions(NULL, NULL, &steps0);
    assert_int_equal(steps0, 10);
    static const char *const cases[][2] = {
        {"victory", "square"},       {"victory", "quartic"},
        {"victory", "octic"},        {"victory", "binary"},
        {"pce", "markov-incentive"}, {"pce", "markov-uniform"},
        {"voting", "binary"},        {"voting", "propbin"},
        {"voting", "propcbc"},       {"voting", "cubic"},
        {"voting", "asymprosp"},     {"big-r-adjust", "none"},
        {"big-r-adjust", "half"},    {"big-r-adjust", "two-thirds"},
        {"big-r-adjust", "full"},    {"big-r-range", "min"},
        {"big-r-range", "max"},      {"commit", "no"},
        {"commit", "full"},          {"interp", "s1p1"},
        {"interp", "s2pmax"},        {"bargain", "init-rcvr"},
        {"bargain", "pw-comp"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        size_t steps;
        double *x = final_positions(cases[c][0], cases[c][1], &steps);
        double diff = 0.0;
        for (size_t k = 0; k < 21; ++k)
            diff += fabs(x[k] - x0[k]);
        if (!(diff > 1e-6 || steps != steps0))
            fail_msg("%s=%s does not change the run", cases[c][0], cases[c][1]);
        free(x);
    }
    /* the compatibility switch changes nothing on positions with the defaults */
    size_t steps;
    double *x = final_positions("compat", "ktab", &steps);
    assert_int_equal(steps, steps0);
    for (size_t k = 0; k < 21; ++k)
        assert_close(x[k], x0[k], 0.0);
    free(x);
    free(x0);
}

/* KTAB's stochastic mode is not reproducible under a seed (K6); parley's
 * draws one stream per (step, actor) from the seed. */
static void test_stochastic(void **state) {
    (void)state;
    ktab_csv c;
    ktab_load(&c, "ktab/SOE-Pol-Comp.csv");
    parley_spatial_params p;
    parley_spatial_params_default(&p);
    parley_error err;
    assert_int_equal(parley_spatial_params_set(&p, "transition", "stochastic", &err), PARLEY_OK);
    p.seed = 31416;
    parley_i_spatial a_ws = start(&c, &p), b_ws = start(&c, &p), *a = &a_ws, *b = &b_ws;
    run_to_end(a);
    run_to_end(b);
    assert_int_equal(parley_i_spatial_n_states(a), parley_i_spatial_n_states(b));
    const size_t T = parley_i_spatial_n_states(a);
    for (size_t t = 0; t < T; ++t)
        for (size_t i = 0; i < c.n; ++i) {
            for (size_t d = 0; d < c.k; ++d)
                assert_true(parley_i_spatial_position(a, t, i, d) ==
                            parley_i_spatial_position(b, t, i, d));
            assert_true(parley_i_spatial_probability(a, t, i) ==
                        parley_i_spatial_probability(b, t, i));
        }
    /* other seeds give other runs */
    int differs = 0;
    for (uint64_t seed = 1; seed <= 5 && !differs; ++seed) {
        p.seed = seed;
        parley_i_spatial o_ws = start(&c, &p), *o = &o_ws;
        run_to_end(o);
        if (parley_i_spatial_n_states(o) != T)
            differs = 1;
        for (size_t i = 0; i < c.n && !differs; ++i)
            differs = parley_i_spatial_position(o, T - 1, i, 0) !=
                      parley_i_spatial_position(a, T - 1, i, 0);
        parley_i_spatial_destroy(o);
    }
    assert_true(differs);
    /* the deterministic mode ignores the seed */
    parley_spatial_params_default(&p);
    p.seed = 99;
    parley_i_spatial d1_ws = start(&c, &p), *d1 = &d1_ws;
    p.seed = 7;
    parley_i_spatial d2_ws = start(&c, &p), *d2 = &d2_ws;
    run_to_end(d1);
    run_to_end(d2);
    assert_int_equal(parley_i_spatial_n_states(d1), 28);
    assert_int_equal(parley_i_spatial_n_states(d2), 28);
    parley_i_spatial_destroy(a);
    parley_i_spatial_destroy(b);
    parley_i_spatial_destroy(d1);
    parley_i_spatial_destroy(d2);
    ktab_free(&c);
}

/* Ideals that lag positions (an accommodation matrix other than the identity). */
static void test_accommodation(void **state) {
    (void)state;
    ktab_csv c;
    ktab_load(&c, "ktab/dummyData_3Dim.csv");
    parley_spatial_params p;
    parley_spatial_params_default(&p);
    double *acc = calloc(c.n * c.n, sizeof *acc);
    for (size_t i = 0; i < c.n; ++i)
        acc[i * c.n + i] = 1.0;
    /* identity given explicitly = identity by default */
    parley_i_spatial_input in = {c.n, c.k, c.cap, c.pos, c.sal, acc, 0};
    parley_i_spatial a_ws, b_ws = start(&c, &p), *a = &a_ws, *b = &b_ws;
    parley_error err;
    assert_int_equal(parley_i_spatial_init(a, &in, &p, &err), PARLEY_OK);
    run_to_end(a);
    run_to_end(b);
    assert_int_equal(parley_i_spatial_n_states(a), parley_i_spatial_n_states(b));
    size_t T = parley_i_spatial_n_states(a);
    for (size_t i = 0; i < c.n; ++i)
        assert_true(parley_i_spatial_position(a, T - 1, i, 0) ==
                    parley_i_spatial_position(b, T - 1, i, 0));
    parley_i_spatial_destroy(a);
    /* half-way ideals: a different run, still finite */
    acc[0] = 0.5;
    assert_int_equal(parley_i_spatial_init(a, &in, &p, &err), PARLEY_OK);
    run_to_end(a);
    T = parley_i_spatial_n_states(a);
    for (size_t i = 0; i < c.n; ++i)
        assert_true(isfinite(parley_i_spatial_position(a, T - 1, i, 0)));
    parley_i_spatial_destroy(a);
    parley_i_spatial_destroy(b);
    free(acc);
    ktab_free(&c);
}

/* -------------------------------------------- the generic interface */

/* Builds a scenario from the KTAB numbers: issues are the dimensions on
 * [lo, hi] (positions rescaled), capability per cell. */
static void scenario_from_ktab(parley_scenario *s, const ktab_csv *c, double lo, double hi) {
    assert_int_equal(parley_scenario_init(s, c->n, c->k), PARLEY_OK);
    for (size_t d = 0; d < c->k; ++d) {
        char name[32];
        snprintf(name, sizeof name, "dim%zu", d + 1);
        assert_int_equal(parley_set_string(&s->issues[d].name, name), PARLEY_OK);
        s->issues[d].lo = lo;
        s->issues[d].hi = hi;
        s->issues[d].bounds_given = 1;
    }
    for (size_t a = 0; a < c->n; ++a) {
        assert_int_equal(parley_set_string(&s->actors[a].name, c->name[a]), PARLEY_OK);
        for (size_t d = 0; d < c->k; ++d) {
            parley_cell *cell = parley_scenario_cell(s, a, d);
            cell->present = 1;
            cell->position = lo + c->pos[a * c->k + d] / 100.0 * (hi - lo);
            cell->salience = c->sal[a * c->k + d];
            cell->capability = c->cap[a];
        }
    }
}

/* An actor that takes no part in an issue has salience 0 on that dimension
 * and sits at the middle of its scale (docs/models.md §6.1): the run must
 * equal the run of the same scenario with those cells stated that way, on
 * every issue, and list only the actors taking part.  (The forecasts are
 * equal too because here the most probable position is held by an actor
 * taking part in every issue: SActor-05, test_generic_interface.) */
static void test_absent_cells(void **state) {
    (void)state;
    ktab_csv c;
    ktab_load(&c, "ktab/dummyData_3Dim.csv");
    parley_scenario absent, stated;
    scenario_from_ktab(&absent, &c, 0.0, 100.0);
    assert_int_equal(parley_scenario_copy(&stated, &absent), PARLEY_OK);
    const size_t out_actor[2] = {1, 3}, out_issue[2] = {1, 2};
    for (int k = 0; k < 2; ++k) {
        parley_scenario_cell(&absent, out_actor[k], out_issue[k])->present = 0;
        parley_cell *cell = parley_scenario_cell(&stated, out_actor[k], out_issue[k]);
        cell->salience = 0.0;
        cell->position = 50.0; /* the middle of 0-100 */
    }
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("spatial")), PARLEY_OK);
    parley_forecast fa, fs;
    parley_error err;
    assert_int_equal(parley_forecast_init(&fa, &absent, &p, 1, 1, &err), PARLEY_OK);
    assert_int_equal(parley_forecast_init(&fs, &stated, &p, 1, 1, &err), PARLEY_OK);
    for (size_t i = 0; i < absent.n_issues; ++i) {
        const parley_run *ra = parley_forecast_run(&fa, i, 0), *rs = parley_forecast_run(&fs, i, 0);
        assert_int_equal(ra->status, PARLEY_OK);
        assert_int_equal(rs->status, PARLEY_OK);
        assert_true(ra->outcome.forecast == rs->outcome.forecast);
        assert_close(ra->outcome.mean, rs->outcome.mean, 1e-12); /* the stated cell weighs 0 */
        assert_int_equal(ra->outcome.rounds, rs->outcome.rounds);
        /* the absent run lists the actors taking part, in scenario order */
        assert_int_equal(ra->n, absent.n_actors - (i == 1 || i == 2));
        for (size_t j = 0, q = 0; j < rs->n; ++j) {
            if (rs->actor[j] != ra->actor[q])
                continue; /* the actor absent here */
            assert_true(ra->final[q] == rs->final[j]);
            for (size_t r = 0; r < ra->n_rounds; ++r)
                assert_true(ra->rounds[r].position[q] == rs->rounds[r].position[j]);
            ++q;
        }
        for (size_t r = 0; r < ra->n_rounds; ++r)
            for (size_t mv = 0; mv < ra->rounds[r].n_moves; ++mv) {
                assert_true(ra->rounds[r].moves[mv].receiver < ra->n);
                assert_true(ra->rounds[r].moves[mv].sender < ra->n);
            }
    }
    parley_forecast_destroy(&fa);
    parley_forecast_destroy(&fs);
    parley_params_destroy(&p);
    parley_scenario_destroy(&absent);
    parley_scenario_destroy(&stated);
    ktab_free(&c);
}

/* Decide's CoP21 data: seven actors take no part in two issues (14 empty
 * cells); the spatial model now runs on every issue. */
static void test_cop21_runs(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "decide/cop21.csv");
    size_t empty = 0;
    for (size_t k = 0; k < s.n_actors * s.n_issues; ++k)
        empty += !s.cells[k].present;
    assert_int_equal(empty, 14);
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("spatial")), PARLEY_OK);
    parley_forecast f;
    parley_error err;
    assert_int_equal(parley_forecast_init(&f, &s, &p, 1, 0, &err), PARLEY_OK);
    for (size_t i = 0; i < s.n_issues; ++i) {
        const parley_run *run = parley_forecast_run(&f, i, 0);
        assert_int_equal(run->status, PARLEY_OK);
        assert_int_equal(run->n, parley_scenario_issue_count(&s, i));
        assert_true(run->outcome.forecast >= s.issues[i].lo &&
                    run->outcome.forecast <= s.issues[i].hi);
    }
    parley_forecast_destroy(&f);
    parley_params_destroy(&p);
    parley_scenario_destroy(&s);
}

static void test_generic_interface(void **state) {
    (void)state;
    ktab_csv c;
    ktab_load(&c, "ktab/dummyData_3Dim.csv");
    parley_scenario s;
    scenario_from_ktab(&s, &c, 0.0, 100.0);
    const parley_model_type *type = parley_model_find("spatial");
    assert_non_null(type);
    assert_true(parley_model_type_is_scenario(type));
    parley_params params;
    assert_int_equal(parley_params_init(&params, type), PARLEY_OK);
    parley_model m;
    parley_error err;
    assert_int_equal(parley_model_init_scenario(&m, &params, &s, &err), PARLEY_OK);
    const parley_move *mv = NULL;
    assert_int_equal(parley_model_moves_issue(&m, 0, &mv), 0);
    assert_int_equal(parley_model_iterate(&m, &err), PARLEY_OK);
    /* turn 0 of KTAB's log: SActor-00 adopts bargain [1017, 4:0], proposed
     * by SActor-04 ("Est by 4 of prob 0.5836 that [4 > 0], with expected gain
     * to 4 of +0.0116"), moving on Pstn1 from 75.79 to 79.54 */
    size_t nm = parley_model_moves_issue(&m, 0, &mv), found = 0;
    for (size_t q = 0; q < nm; ++q) {
        assert_int_equal(mv[q].kind, PARLEY_MOVE_BARGAIN);
        assert_true(mv[q].from != mv[q].to);
        if (mv[q].receiver == 0) {
            ++found;
            assert_int_equal(mv[q].sender, 4);
            assert_close(mv[q].from, 75.79, 1e-9);
            assert_close(mv[q].to, 79.54, 1e-9);
            assert_true(fabs(mv[q].e_i - 0.0116) <= 0.00005);
            assert_true(fabs(mv[q].e_j - 0.5836) <= 0.00005);
        }
        /* SActor-02 kept its position (status quo won its queue) */
        assert_true(mv[q].receiver != 2);
    }
    assert_int_equal(found, 1);
    while (!parley_model_test(&m))
        assert_int_equal(parley_model_iterate(&m, &err), PARLEY_OK);
    /* the last column of the 3Dim summary: SActor-00 78.6, 31.8, 74.1 */
    const double last[3] = {78.6, 31.8, 74.1};
    for (size_t d = 0; d < 3; ++d) {
        const double *x = parley_model_positions_issue(&m, d);
        assert_non_null(x);
        char buf[16];
        snprintf(buf, sizeof buf, "%.1f", x[0]);
        assert_close(strtod(buf, NULL), last[d], 1e-12);
        parley_outcome o;
        parley_model_outcome_issue(&m, d, &o);
        assert_int_equal(o.rounds, 10);
        assert_int_equal(o.stop, PARLEY_STOP_CONVERGED);
        assert_true(isfinite(o.forecast) && isfinite(o.mean) && isfinite(o.median));
    }
    /* the forecast is the most probable distinct position of the last state:
     * SActor-05 (79.9, 34.4, 75.2) with probability 0.4009 */
    parley_outcome o;
    parley_model_outcome_issue(&m, 0, &o);
    assert_close(o.forecast, parley_model_positions_issue(&m, 0)[5], 0.0);
    {
        /* the standalone outcome on 3Dim: the same forecast, 79.9 (summary) */
        parley_spatial_params sp;
        parley_spatial_params_default(&sp);
        parley_i_spatial sm_ws = start(&c, &sp), *sm = &sm_ws;
        run_to_end(sm);
        parley_outcome so;
        assert_int_equal(parley_i_spatial_outcome(sm, 0, &so, &err), PARLEY_OK);
        assert_close(so.forecast, o.forecast, 1e-12);
        assert_true(fabs(so.forecast - 79.9) <= 0.05);
        assert_int_equal(so.rounds, 10);
        assert_int_equal(so.stop, PARLEY_STOP_CONVERGED);
        assert_int_equal(parley_i_spatial_winner(sm, 10), 5);
        /* weighted mean of the final positions on Pstn1, by capability x salience */
        double num = 0, den = 0;
        for (size_t a = 0; a < 7; ++a) {
            double wa = c.cap[a] * c.sal[a * 3];
            num += wa * parley_i_spatial_position(sm, 10, a, 0);
            den += wa;
        }
        assert_close(so.mean, num / den, 1e-12);
        parley_i_spatial_destroy(sm);
    }
    const double x01 = parley_model_positions_issue(&m, 1)[0];
    parley_model_destroy(&m);
    parley_scenario_destroy(&s);

    /* issues on another scale: the same run, positions mapped back */
    scenario_from_ktab(&s, &c, -3.0, 7.0);
    assert_int_equal(parley_model_init_scenario(&m, &params, &s, &err), PARLEY_OK);
    while (!parley_model_test(&m))
        assert_int_equal(parley_model_iterate(&m, &err), PARLEY_OK);
    assert_close(parley_model_positions_issue(&m, 1)[0], -3.0 + x01 / 10.0, 1e-9);

    /* capabilities that differ across issues: their mean is used */
    parley_model_destroy(&m);
    parley_scenario_cell(&s, 0, 0)->capability = c.cap[0] - 10.0;
    parley_scenario_cell(&s, 0, 2)->capability = c.cap[0] + 10.0;
    assert_int_equal(parley_model_init_scenario(&m, &params, &s, &err), PARLEY_OK);
    while (!parley_model_test(&m))
        assert_int_equal(parley_model_iterate(&m, &err), PARLEY_OK);
    assert_close(parley_model_positions_issue(&m, 1)[0], -3.0 + x01 / 10.0, 1e-9);
    parley_model_destroy(&m);

    /* an issue whose bounds are a point (inferred from identical positions):
     * it stays there */
    for (size_t a = 0; a < 7; ++a)
        parley_scenario_cell(&s, a, 2)->position = 5.0;
    s.issues[2].lo = s.issues[2].hi = 5.0;
    assert_int_equal(parley_model_init_scenario(&m, &params, &s, &err), PARLEY_OK);
    while (!parley_model_test(&m))
        assert_int_equal(parley_model_iterate(&m, &err), PARLEY_OK);
    for (size_t a = 0; a < 7; ++a)
        assert_true(parley_model_positions_issue(&m, 2)[a] == 5.0);
    parley_model_destroy(&m);

    /* an actor with no value on any issue takes no part (a what-if --drop):
     * the run equals the standalone run without it */
    for (size_t a = 0; a < 7; ++a) /* issue 3 back on its scale */
        parley_scenario_cell(&s, a, 2)->position = c.pos[a * 3 + 2] / 100.0 * 10.0 - 3.0;
    s.issues[2].lo = -3.0;
    s.issues[2].hi = 7.0;
    for (size_t k = 0; k < 3; ++k)
        parley_scenario_cell(&s, 6, k)->present = 0;
    assert_int_equal(parley_model_init_scenario(&m, &params, &s, &err), PARLEY_OK);
    while (!parley_model_test(&m))
        assert_int_equal(parley_model_iterate(&m, &err), PARLEY_OK);
    {
        ktab_csv six = c;
        six.n = 6; /* the first six actors: the same arrays, cut short */
        parley_spatial_params sp;
        parley_spatial_params_default(&sp);
        parley_i_spatial sm_ws = start(&six, &sp), *sm = &sm_ws;
        run_to_end(sm);
        const size_t T6 = parley_i_spatial_n_states(sm);
        for (size_t a = 0; a < 6; ++a)
            assert_close(parley_model_positions_issue(&m, 0)[a],
                         -3.0 + parley_i_spatial_position(sm, T6 - 1, a, 0) / 10.0, 1e-9);
        parley_i_spatial_destroy(sm);
    }
    parley_model_destroy(&m);
    for (size_t k = 0; k < 3; ++k)
        parley_scenario_cell(&s, 6, k)->present = 1;

    /* an actor without a value on an issue takes part in the others (salience
     * 0 there; test_absent_cells checks the run) */
    parley_scenario_cell(&s, 3, 1)->present = 0;
    assert_int_equal(parley_model_init_scenario(&m, &params, &s, &err), PARLEY_OK);
    assert_int_equal(parley_model_issue_status(&m, 1, &err), PARLEY_OK);
    parley_model_destroy(&m);
    parley_scenario_cell(&s, 3, 1)->present = 1;
    /* an actor without capability */
    for (size_t d = 0; d < 3; ++d)
        parley_scenario_cell(&s, 2, d)->capability = 0.0;
    assert_int_equal(parley_model_init_scenario(&m, &params, &s, &err), PARLEY_EDOMAIN);
    assert_non_null(strstr(err.message, "actor 'SActor-02' has no capability"));
    parley_scenario_destroy(&s);
    parley_params_destroy(&params);
    ktab_free(&c);
}

/* The vector loops (spatial_kernel.h) and the branch and bound over the
 * targets (challenge_best, from 64 actors: a080) against the plain loops over
 * every target: every state of every KTAB input, under switches both paths cover (Prop votes
 * with each commitment rule and PCE, the bargain rules), bit for bit. */
static void test_vector_loops(void **state) {
    (void)state;
    const char *names[] = {"dummyData_3Dim", "SOE-Pol-Comp", "dummyData_6Dim", "dummyData-a040",
                           "dummyData-a080"};
    for (size_t f = 0; f < sizeof names / sizeof *names; ++f) {
        char path[256];
        snprintf(path, sizeof path, "ktab/%s.csv", names[f]);
        ktab_csv c;
        ktab_load(&c, path);
        for (int variant = 0; variant < 5; ++variant) {
            parley_spatial_params p;
            parley_spatial_params_default(&p);
            if (variant == 1)
                p.commit = PARLEY_SMP_COMMIT_FULL;
            if (variant == 2) {
                p.commit = PARLEY_SMP_COMMIT_NO;
                p.pce = PARLEY_SMP_PCE_MARKOV_INCENTIVE;
            }
            if (variant == 3)
                p.bargain = PARLEY_SMP_BARGAIN_INIT_RCVR;
            if (variant == 4) {
                p.bargain = PARLEY_SMP_BARGAIN_PW_COMP;
                p.ktab_compat = 1;
            }
            parley_i_spatial m[2];
            for (int k = 0; k < 2; ++k) {
                parley_i_spatial_input in = {c.n, c.k, c.cap, c.pos, c.sal, NULL, k};
                parley_error err;
                assert_int_equal(parley_i_spatial_init(&m[k], &in, &p, &err), PARLEY_OK);
                run_to_end(&m[k]);
            }
            const size_t ns = m[0].n_states, n = c.n;
            assert_true(ns > 1);
            assert_int_equal(ns, m[1].n_states);
            assert_memory_equal(m[0].h_pos, m[1].h_pos, ns * n * c.k * sizeof(double));
            assert_memory_equal(m[0].h_prob, m[1].h_prob, ns * n * sizeof(double));
            assert_memory_equal(m[0].h_risk, m[1].h_risk, ns * n * sizeof(double));
            assert_memory_equal(m[0].h_ratio, m[1].h_ratio, ns * sizeof(double));
            for (int k = 0; k < 2; ++k)
                parley_i_spatial_destroy(&m[k]);
        }
        ktab_free(&c);
    }
}

int main(void) {
    // clang-format off
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_3dim),
        cmocka_unit_test(test_golden_soe),
        cmocka_unit_test(test_golden_6dim),
        cmocka_unit_test(test_golden_a040),
        cmocka_unit_test(test_golden_a080),
        cmocka_unit_test(test_golden_via_reader),
        cmocka_unit_test(test_turn0_anchors),
        cmocka_unit_test(test_hand_two_actors),
        cmocka_unit_test(test_pce_variants),
        cmocka_unit_test(test_challenge_formula),
        cmocka_unit_test(test_consensus_at_start),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_switches),
        cmocka_unit_test(test_stochastic),
        cmocka_unit_test(test_accommodation),
        cmocka_unit_test(test_generic_interface),
        cmocka_unit_test(test_absent_cells),
        cmocka_unit_test(test_cop21_runs),
        cmocka_unit_test(test_vector_loops),
    };
    // clang-format on
    return cmocka_run_group_tests(tests, NULL, NULL);
}
