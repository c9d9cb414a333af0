/* Expected utility model: reference traces, round-1 internals, published
 * tables, a hand-worked case, quirk flags, stopping rules and degenerate
 * inputs.  Oracles: tests/data/bdm/expected/ (see tests/data/README.md). */
#include "testutil.h"
#include "models/eu_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

typedef struct {
    parley_scenario s;
    parley_issue_view v;
} fixture;

static void fixture_load(fixture *f, const char *relative) {
    load_scenario(&f->s, relative);
    assert_int_equal(parley_issue_view_init(&f->v, &f->s, 0), PARLEY_OK);
}

static void fixture_done(fixture *f) {
    parley_issue_view_destroy(&f->v);
    parley_scenario_destroy(&f->s);
}

static parley_i_eu *start(const parley_issue_view *v, const char *preset) {
    parley_eu_params p;
    assert_int_equal(parley_eu_params_preset(&p, preset, NULL), PARLEY_OK);
    parley_i_eu *eu = test_calloc(1, sizeof *eu);
    parley_error err;
    assert_int_equal(parley_i_eu_init(eu, v, &p, &err), PARLEY_OK);
    return eu;
}

/* Appends one printf-formatted line to a growable array of lines. */
typedef struct {
    char **line;
    size_t n;
} lines;

static void add_line(lines *l, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    l->line = realloc(l->line, (l->n + 1) * sizeof *l->line);
    l->line[l->n++] = strdup(buf);
}

static void free_lines(lines *l) {
    for (size_t k = 0; k < l->n; ++k)
        free(l->line[k]);
    free(l->line);
}

static void read_lines(lines *l, const char *relative) {
    FILE *fp = fopen(test_data(relative), "r");
    assert_non_null(fp);
    char buf[4096];
    while (fgets(buf, sizeof buf, fp)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        add_line(l, "%s", buf);
    }
    fclose(fp);
}

/* Compares two lines token by token: numbers (also inside key=value) to a
 * relative tolerance, everything else exactly. */
static int same_line(const char *a, const char *b, double tol) {
    char *x = strdup(a), *y = strdup(b), *sx, *sy;
    char *ta = strtok_r(x, " =", &sx), *tb = strtok_r(y, " =", &sy);
    int ok = 1;
    while (ok && (ta || tb)) {
        if (!ta || !tb) {
            ok = 0;
            break;
        }
        char *ea, *eb;
        double da = strtod(ta, &ea), db = strtod(tb, &eb);
        if (*ea == '\0' && *eb == '\0' && ea != ta && eb != tb)
            ok = fabs(da - db) <= tol * fmax(1.0, fabs(db));
        else
            ok = strcmp(ta, tb) == 0;
        ta = strtok_r(NULL, " =", &sx);
        tb = strtok_r(NULL, " =", &sy);
    }
    free(x);
    free(y);
    return ok;
}

/* Runs the model and writes the reference trace grammar
 * (tests/data/README.md, "*.scholz_trace.txt"). */
static void run_trace(const parley_issue_view *v, parley_i_eu *eu, lines *out) {
    parley_outcome o;
    parley_i_eu_outcome(eu, &o);
    add_line(out, "actors %zu position_range %.10g", v->n, parley_i_eu_delta(eu));
    add_line(out, "round 0 median %.10g mean %.10g", o.median, o.mean);
    while (!parley_i_eu_test(eu)) {
        assert_int_equal(parley_i_eu_iterate(eu), PARLEY_OK);
        parley_i_eu_outcome(eu, &o);
        const parley_move *mv;
        size_t nm = parley_i_eu_moves(eu, &mv);
        for (size_t k = 0; k < nm; ++k)
            add_line(out, "  r%zu %s %s %s eu_ij=%.10g eu_ji=%.10g new_x=%.10g", o.rounds,
                     v->names[mv[k].receiver],
                     mv[k].kind == PARLEY_MOVE_CONFLICT ? "confrontation"
                                                        : parley_move_kind_name(mv[k].kind),
                     v->names[mv[k].sender], mv[k].e_i, mv[k].e_j, mv[k].to);
        const double *r = parley_i_eu_risk(eu), *x = parley_i_eu_positions(eu);
        for (size_t i = 0; i < v->n; ++i)
            add_line(out, "  r%zu actor %s r=%.10g x=%.10g", o.rounds, v->names[i], r[i], x[i]);
        add_line(out, "round %zu median %.10g mean %.10g", o.rounds, o.median, o.mean);
    }
}

static void check_trace(const char *input, const char *expected) {
    fixture f;
    fixture_load(&f, input);
    parley_i_eu *eu = start(&f.v, "scholz2011");
    lines got = {0}, want = {0};
    run_trace(&f.v, eu, &got);
    read_lines(&want, expected);
    for (size_t k = 0; k < got.n && k < want.n; ++k)
        if (!same_line(got.line[k], want.line[k], 1e-9))
            fail_msg("%s line %zu:\n  got      %s\n  expected %s", expected, k + 1, got.line[k],
                     want.line[k]);
    assert_int_equal(got.n, want.n);
    free_lines(&got);
    free_lines(&want);
    parley_i_eu_destroy(eu);
    test_free(eu);
    fixture_done(&f);
}

/* ------------------------------------------------------------ traces */

/* Every move, risk exponent, median and mean of the 10-round reference
 * trace, to 1e-9 relative (the file prints 10 significant digits). */
static void test_trace_ec(void **st) {
    (void)st;
    check_trace("bdm/ec_auto_emissions_1994.csv",
                "bdm/expected/ec_auto_emissions_1994.scholz_trace.txt");
}

/* Salience on 0-100 gives the very same trace. */
static void test_trace_ec_salience100(void **st) {
    (void)st;
    check_trace("bdm/ec_auto_emissions_1994_salience100.csv",
                "bdm/expected/ec_auto_emissions_1994.scholz_trace.txt");
}

static void test_trace_iran(void **st) {
    (void)st;
    check_trace("bdm/iran_election_2013.csv", "bdm/expected/iran_election_2013.scholz_trace.txt");
}

/* Oil price: no actor ever moves, as in the reference. */
static void test_trace_saudi(void **st) {
    (void)st;
    check_trace("bdm/saudi_oil_price_1997.csv",
                "bdm/expected/saudi_oil_price_1997.scholz_trace.txt");
    check_trace("bdm/saudi_oil_price_1997_variant.csv",
                "bdm/expected/saudi_oil_price_1997_variant.scholz_trace.txt");
}

/* ------------------------------------------------- round-1 internals */

static void test_round1_internals(void **st) {
    (void)st;
    fixture f;
    fixture_load(&f, "bdm/ec_auto_emissions_1994.csv");
    const size_t n = f.v.n;
    /* Normaliser at r = 1: linear votes in the offer state as well. */
    parley_eu_params p;
    parley_eu_params_preset(&p, "scholz2011", NULL);
    p.risk_in_votes = 0;
    parley_i_eu *lin = test_calloc(1, sizeof *lin);
    assert_int_equal(parley_i_eu_init(lin, &f.v, &p, NULL), PARLEY_OK);
    parley_i_eu_update_risk(lin);
    assert_close(parley_i_eu_normaliser(lin), 28.233, 1e-9);
    parley_i_eu_destroy(lin);
    test_free(lin);

    parley_i_eu *eu = start(&f.v, "scholz2011");
    assert_int_equal(parley_i_eu_update_risk(eu), PARLEY_OK);
    assert_close(parley_i_eu_normaliser(eu), 28.3334603416, 1e-9);
    FILE *fp =
        fopen(test_data("bdm/expected/ec_auto_emissions_1994.scholz_round1_internals.csv"), "r");
    assert_non_null(fp);
    char buf[4096];
    size_t checked = 0;
    while (fgets(buf, sizeof buf, fp)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (buf[0] == '#' || strncmp(buf, "EUhdr", 5) == 0)
            continue;
        char *save, *kind = strtok_r(buf, ",", &save), *name = strtok_r(NULL, ",", &save);
        size_t i = 0;
        while (i < n && strcmp(f.v.names[i], name) != 0)
            ++i;
        assert_true(i < n);
        if (strcmp(kind, "danger") == 0) {
            assert_close(parley_i_eu_danger(eu)[i], strtod(strtok_r(NULL, ",", &save), NULL), 1e-9);
            ++checked;
        } else if (strcmp(kind, "r") == 0) {
            assert_close(parley_i_eu_risk(eu)[i], strtod(strtok_r(NULL, ",", &save), NULL), 1e-9);
            ++checked;
        } else {
            for (size_t j = 0; j < n; ++j) {
                char *cell = strtok_r(NULL, ",", &save);
                assert_non_null(cell);
                if (strcmp(cell, "NA") == 0)
                    continue;
                double want = strtod(cell, NULL);
                if (strcmp(kind, "P") == 0)
                    assert_close(parley_i_eu_probability_of(eu, i, j), want, 1e-9);
                else /* EU matrix: i challenges j, as target j sees it (r_j) */
                    assert_close(parley_i_eu_expected_utility(eu, j, i, j), want, 1e-9);
                ++checked;
            }
        }
    }
    fclose(fp);
    assert_int_equal(checked, 10 + 10 + 100 + 90);
    parley_i_eu_destroy(eu);
    test_free(eu);
    fixture_done(&f);
}

/* ------------------------------------- bdm1994 against Masad (2016) */

static size_t by_abbrev(const parley_issue_view *v, const char *abbrev) {
    for (size_t i = 0; i < v->n; ++i)
        if (strncmp(v->names[i], abbrev, strlen(abbrev)) == 0)
            return i;
    fail_msg("no actor %s", abbrev);
    return 0;
}

static void test_bdm1994_masad(void **st) {
    (void)st;
    fixture f;
    fixture_load(&f, "bdm/ec_auto_emissions_1994.csv");
    parley_i_eu *eu = start(&f.v, "bdm1994");
    parley_i_eu_update_risk(eu);
    /* Risk exponents (Masad 2016, table "Agent Data", two decimals). */
    FILE *fp = fopen(test_data("bdm/expected/masad2016_ec_inputs_normalised_and_r0.csv"), "r");
    char buf[1024];
    assert_non_null(fgets(buf, sizeof buf, fp));
    size_t rows = 0;
    while (fgets(buf, sizeof buf, fp)) {
        char *save, *name = strtok_r(buf, ",", &save);
        for (int k = 0; k < 3; ++k)
            strtok_r(NULL, ",", &save);
        double r = strtod(strtok_r(NULL, ",\n", &save), NULL);
        size_t i = by_abbrev(&f.v, name);
        if (fabs(parley_i_eu_risk(eu)[i] - r) > 0.005 + 1e-12)
            fail_msg("r of %s = %.6f, Masad 2016 prints %.2f", name, parley_i_eu_risk(eu)[i], r);
        ++rows;
    }
    fclose(fp);
    assert_int_equal(rows, 10);
    /* Step-0 EU matrix: row i challenges column j, from i's own perspective. */
    fp = fopen(test_data("bdm/expected/masad2016_ec_eu_matrix_step0.csv"), "r");
    assert_non_null(fgets(buf, sizeof buf, fp));
    char *save, *hdr[11];
    hdr[0] = strtok_r(buf, ",\n", &save);
    for (int k = 1; k < 11; ++k)
        hdr[k] = strdup(strtok_r(NULL, ",\n", &save));
    size_t cells = 0;
    char line[1024];
    while (fgets(line, sizeof line, fp)) {
        char *s2, *name = strtok_r(line, ",\n", &s2);
        size_t i = by_abbrev(&f.v, name);
        for (int k = 1; k < 11; ++k) {
            char *cell = strtok_r(NULL, ",\n", &s2);
            if (strcmp(cell, "NA") == 0)
                continue;
            size_t j = by_abbrev(&f.v, hdr[k]);
            double got = parley_i_eu_expected_utility(eu, i, i, j);
            if (fabs(got - strtod(cell, NULL)) > 0.005 + 1e-12)
                fail_msg("E(U_%s,%s) = %.5f, Masad 2016 prints %s", name, hdr[k], got, cell);
            ++cells;
        }
    }
    fclose(fp);
    for (int k = 1; k < 11; ++k)
        free(hdr[k]);
    assert_int_equal(cells, 90);
    /* Belgium vs the Netherlands: vote contributions 0.2145 vs 0.124
     * (Masad 2016, "Capability Contribution"), so P = 0.2145 / 0.3385. */
    size_t be = by_abbrev(&f.v, "Bel"), nl = by_abbrev(&f.v, "Net");
    assert_close(parley_i_eu_probability_of(eu, be, nl), 0.2145 / 0.3385, 1e-12);
    assert_close(parley_i_eu_probability_of(eu, nl, be), 0.124 / 0.3385, 1e-12);
    parley_i_eu_destroy(eu);
    test_free(eu);
    fixture_done(&f);
}

/* ------------------------------------------------ hand-worked case */

/* Three actors on [0, 100], bdm1994 (pairwise probability, linear votes, Q = 1):
 *   A: x = 0,   c = 1, s = 0.5  -> w = 0.5
 *   B: x = 50,  c = 2, s = 0.8  -> w = 1.6
 *   C: x = 100, c = 1, s = 0.6  -> w = 0.6          W = 2.7
 * mean = (0 + 80 + 60) / 2.7 = 51.851852; median: cumulative 0.5, 2.1 >= 1.35 -> 50.
 * Votes v_k(a, b) = w_k (|x_k - b| - |x_k - a|) / 100:
 *   A vs B: A +0.25, B -0.8, C -0.3  -> P_AB = 0.25/1.35 = 0.185185, P_BA = 0.814815
 *   A vs C: A +0.5,  B  0,   C -0.6  -> P_AC = 0.5/1.1   = 0.454545, P_CA = 0.545455
 *   B vs C: A +0.25, B +0.8, C -0.3  -> P_BC = 1.05/1.35 = 0.777778, P_CB = 0.222222
 * At r = 1, E(U_ij) = 2 d [1 - 2 s_j (1 - P_ij)]:
 *   D_A = E(U_BA) + E(U_CA) = 1(1 - 1.0*0.185185) + 2(1 - 1.0*0.454545) = 0.814815 + 1.090909
 * = 1.905724 D_B = E(U_AB) + E(U_CB) = 1(1 - 1.6*0.814815) + 1(1 - 1.6*0.777778) = -0.303704 -
 * 0.244444 = -0.548148 D_C = E(U_AC) + E(U_BC) = 2(1 - 1.2*0.545455) + 1(1 - 1.2*0.222222) =
 * 0.690909 + 0.733333 = 1.424242 R = (2D - Dmax - Dmin)/(Dmax - Dmin): R_A = 1, R_B = -1, R_C
 * = 1.490909/2.453872 = 0.607572 r = (1 - R/3)/(1 + R/3): r_A = 0.5, r_B = 2, r_C =
 * 0.797476/1.202524 = 0.663168 Receiver A (r = 0.5): U_s(d=.5) = 2 - 4*0.25^.5 = 0, U_f = 2 -
 * 4*0.75^.5 = -1.464102, U_sq = 2 - 4*0.5^.5 = -0.828427. vs B: e_i = 0.8(0.814815*-1.464102) +
 * 0.828427 = -0.125950; e_j = 0.5(0.185185*-1.464102) + 0.828427 = 0.692862 -> compromise to
 * 50*0.125950/0.692862 = 9.089126 vs C (d = 1: U_s = 2, U_f = -2): e_i = 0.6(-0.181818) + 0.8 +
 * 0.828427 = 1.519336, e_j = 0.5(0.181818) + 1 + 0.828427 = 1.919336 -> conflict, A would move to
 * 100 least movement: the compromise (9.09) beats the conflict (100). Receiver B (r = 2): U_s(.5)
 * = 1.75, U_f = -0.25, U_sq = 1. vs A: e_j = 0.8(0.185185*1.75 - 0.814815*0.25) + 0.2*1.75 - 1 =
 * -0.553704 <= 0: no offer vs C: e_j = 0.8(0.222222*1.75 - 0.777778*0.25) + 0.35 - 1 = -0.494444 <=
 * 0: no offer Receiver C (r = 0.663168): vs A: e_i = 1.616870 >= e_j = 1.216870 > 0: C expects to
 * win. vs B: U_s = 2 - 4*0.25^r = 0.404852, U_f = 2 - 4*0.75^r = -1.305252, U_sq = -0.525985; e_i =
 * 0.8(0.222222*0.404852 + 0.777778*-1.305252) + 0.2*0.404852 + 0.525985 = -0.133241 e_j =
 * 0.6(0.777778*0.404852 + 0.222222*-1.305252) + 0.4*0.404852 + 0.525985 = 0.702823
 *         -> compromise to 100 - 50*0.133241/0.702823 = 90.520991
 * After round 1: A 9.089126, B 50, C 90.520991; median 50. */
static void test_hand_worked(void **st) {
    (void)st;
    const double x[] = {0, 50, 100}, s[] = {0.5, 0.8, 0.6}, c[] = {1, 2, 1};
    parley_issue_view v;
    assert_int_equal(parley_issue_view_from_arrays(&v, 3, x, s, c, 0, 100), PARLEY_OK);
    parley_i_eu *eu = start(&v, "bdm1994");
    parley_outcome o;
    parley_i_eu_outcome(eu, &o);
    assert_close(o.mean, 140.0 / 2.7, 1e-12);
    assert_close(o.median, 50, 0);
    parley_i_eu_update_risk(eu);
    assert_close(parley_i_eu_probability_of(eu, 0, 1), 0.25 / 1.35, 1e-12);
    assert_close(parley_i_eu_probability_of(eu, 0, 2), 0.5 / 1.1, 1e-12);
    assert_close(parley_i_eu_probability_of(eu, 1, 2), 1.05 / 1.35, 1e-12);
    assert_close(parley_i_eu_danger(eu)[0], 1.905724, 1e-6);
    assert_close(parley_i_eu_danger(eu)[1], -0.548148, 1e-6);
    assert_close(parley_i_eu_danger(eu)[2], 1.424242, 1e-6);
    assert_close(parley_i_eu_risk(eu)[0], 0.5, 1e-12);
    assert_close(parley_i_eu_risk(eu)[1], 2.0, 1e-12);
    assert_close(parley_i_eu_risk(eu)[2], 0.663168, 1e-6);
    assert_close(parley_i_eu_expected_utility(eu, 0, 0, 1), -0.125950, 1e-6);
    assert_close(parley_i_eu_expected_utility(eu, 0, 1, 0), 0.692862, 1e-6);
    assert_close(parley_i_eu_expected_utility(eu, 2, 2, 1), -0.133241, 1e-6);
    assert_close(parley_i_eu_expected_utility(eu, 2, 1, 2), 0.702823, 1e-6);
    parley_i_eu_destroy(eu);
    test_free(eu);
    eu = start(&v, "bdm1994");
    assert_int_equal(parley_i_eu_iterate(eu), PARLEY_OK);
    const parley_move *mv;
    assert_int_equal(parley_i_eu_moves(eu, &mv), 2);
    assert_int_equal(mv[0].receiver, 0);
    assert_int_equal(mv[0].sender, 1);
    assert_int_equal(mv[0].kind, PARLEY_MOVE_COMPROMISE);
    assert_close(mv[0].to, 9.089126, 1e-6);
    assert_int_equal(mv[1].receiver, 2);
    assert_int_equal(mv[1].sender, 1);
    assert_int_equal(mv[1].kind, PARLEY_MOVE_COMPROMISE);
    assert_close(mv[1].to, 90.520991, 1e-6);
    parley_i_eu_outcome(eu, &o);
    assert_close(o.median, 50, 0);
    parley_i_eu_destroy(eu);
    test_free(eu);
    parley_issue_view_destroy(&v);
}

/* --------------------------------------------------- quirk flags */

/* S4 off: in round 4 Belgium (at 9.962) takes France's compromise to
 * 9.999607 instead of the Netherlands' to 4.8009 (specification §17). */
static void test_quirk_s4(void **st) {
    (void)st;
    fixture f;
    fixture_load(&f, "bdm/ec_auto_emissions_1994.csv");
    parley_eu_params p;
    parley_eu_params_preset(&p, "scholz2011", NULL);
    parley_i_eu *eu = test_calloc(1, sizeof *eu);
    assert_int_equal(parley_i_eu_init(eu, &f.v, &p, NULL), PARLEY_OK);
    for (int k = 0; k < 3; ++k)
        parley_i_eu_iterate(eu);
    /* Round 4 from the positions after round 3 (the range is still 4..10,
     * so Delta = 6 and the risk update of round 4 is the same), choosing by
     * least movement instead. */
    parley_issue_view after3;
    assert_int_equal(parley_issue_view_from_arrays(&after3, f.v.n, parley_i_eu_positions(eu),
                                                   f.v.salience, f.v.capability, 4, 10),
                     PARLEY_OK);
    parley_eu_params q = p;
    q.choice = PARLEY_EU_CHOICE_LEAST_MOVEMENT;
    parley_i_eu *alt = test_calloc(1, sizeof *alt);
    assert_int_equal(parley_i_eu_init(alt, &after3, &q, NULL), PARLEY_OK);
    parley_i_eu_iterate(alt);
    size_t be = by_abbrev(&f.v, "Bel");
    assert_close(parley_i_eu_positions(alt)[be], 9.999607, 1e-6);
    parley_i_eu_iterate(eu);
    assert_close(parley_i_eu_positions(eu)[be], 4.800881141, 1e-9);
    parley_i_eu_destroy(eu);
    test_free(eu);
    parley_i_eu_destroy(alt);
    test_free(alt);
    parley_issue_view_destroy(&after3);
    fixture_done(&f);
}

/* ------------------------------------------------- stopping rules */

static void test_stop_cycle_iran(void **st) {
    (void)st;
    fixture f;
    fixture_load(&f, "bdm/iran_election_2013.csv");
    parley_eu_params p;
    parley_eu_params_preset(&p, "scholz2011", NULL);
    assert_int_equal(parley_eu_params_set(&p, "stop", "cycle", NULL), PARLEY_OK);
    parley_i_eu *eu = test_calloc(1, sizeof *eu);
    assert_int_equal(parley_i_eu_init(eu, &f.v, &p, NULL), PARLEY_OK);
    while (!parley_i_eu_test(eu))
        parley_i_eu_iterate(eu);
    parley_outcome o;
    parley_i_eu_outcome(eu, &o);
    assert_int_equal(o.stop, PARLEY_STOP_CYCLE);
    assert_int_equal(o.rounds, 8);
    assert_int_equal(o.cycle_start, 6);
    assert_int_equal(o.cycle_period, 2);
    assert_close(o.cycle_lo, 5, 0);
    assert_close(o.cycle_hi, 5, 0);
    parley_i_eu_destroy(eu);
    test_free(eu);
    /* Without the stop rule the cycle is still reported after 10 rounds. */
    eu = start(&f.v, "scholz2011");
    while (!parley_i_eu_test(eu))
        parley_i_eu_iterate(eu);
    parley_i_eu_outcome(eu, &o);
    assert_int_equal(o.stop, PARLEY_STOP_ROUND_LIMIT);
    assert_int_equal(o.rounds, 10);
    assert_true(o.cycle);
    parley_i_eu_destroy(eu);
    test_free(eu);
    fixture_done(&f);
}

static void test_stop_fixed_point_saudi(void **st) {
    (void)st;
    fixture f;
    fixture_load(&f, "bdm/saudi_oil_price_1997.csv");
    parley_eu_params p;
    parley_eu_params_preset(&p, "scholz2011", NULL);
    assert_int_equal(parley_eu_params_set(&p, "stop", "fixed-point,cycle", NULL), PARLEY_OK);
    assert_string_equal(p.preset, "custom");
    parley_i_eu *eu = test_calloc(1, sizeof *eu);
    assert_int_equal(parley_i_eu_init(eu, &f.v, &p, NULL), PARLEY_OK);
    while (!parley_i_eu_test(eu))
        parley_i_eu_iterate(eu);
    parley_outcome o;
    parley_i_eu_outcome(eu, &o);
    assert_int_equal(o.stop, PARLEY_STOP_FIXED_POINT);
    assert_int_equal(o.rounds, 1);
    assert_close(o.forecast, 13.9, 1e-12);
    parley_i_eu_destroy(eu);
    test_free(eu);
    /* Without the stop rule the reference's 10 rounds are played and the
     * fixed point is reported as a cycle of period 1 from round 0. */
    eu = start(&f.v, "scholz2011");
    while (!parley_i_eu_test(eu))
        parley_i_eu_iterate(eu);
    parley_i_eu_outcome(eu, &o);
    assert_int_equal(o.stop, PARLEY_STOP_ROUND_LIMIT);
    assert_int_equal(o.rounds, 10);
    assert_true(o.cycle);
    assert_int_equal(o.cycle_period, 1);
    assert_int_equal(o.cycle_start, 0);
    parley_i_eu_destroy(eu);
    test_free(eu);
    fixture_done(&f);
}

/* Convergence: bdm1994 on the EC case stops by a rule, not by the limit. */
static void test_bdm1994_stops(void **st) {
    (void)st;
    fixture f;
    fixture_load(&f, "bdm/ec_auto_emissions_1994.csv");
    parley_i_eu *eu = start(&f.v, "bdm1994");
    while (!parley_i_eu_test(eu))
        parley_i_eu_iterate(eu);
    parley_outcome o;
    parley_i_eu_outcome(eu, &o);
    assert_true(o.stop == PARLEY_STOP_CONVERGED || o.stop == PARLEY_STOP_FIXED_POINT ||
                o.stop == PARLEY_STOP_CYCLE);
    assert_true(o.rounds < 100);
    assert_true(o.forecast >= 4 && o.forecast <= 10);
    parley_i_eu_destroy(eu);
    test_free(eu);
    fixture_done(&f);
}

/* ----------------------------------------------- affine invariance */

/* Rescaling positions to [0, 1] changes no decision: same moves, positions
 * transformed, same EU values (specification §2). */
static void test_affine_invariance(void **st) {
    (void)st;
    fixture f;
    fixture_load(&f, "bdm/ec_auto_emissions_1994.csv");
    const size_t n = f.v.n;
    double *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; ++i)
        y[i] = (f.v.position[i] - 4.0) / 6.0;
    parley_issue_view w;
    assert_int_equal(parley_issue_view_from_arrays(&w, n, y, f.v.salience, f.v.capability, 0, 1),
                     PARLEY_OK);
    parley_i_eu *a = start(&f.v, "scholz2011"), *b = start(&w, "scholz2011");
    while (!parley_i_eu_test(a)) {
        parley_i_eu_iterate(a);
        parley_i_eu_iterate(b);
        const parley_move *ma, *mb;
        size_t na = parley_i_eu_moves(a, &ma), nb = parley_i_eu_moves(b, &mb);
        assert_int_equal(na, nb);
        for (size_t k = 0; k < na; ++k) {
            assert_int_equal(ma[k].receiver, mb[k].receiver);
            assert_int_equal(ma[k].sender, mb[k].sender);
            assert_int_equal(ma[k].kind, mb[k].kind);
            assert_close(mb[k].e_i, ma[k].e_i, 1e-9);
            assert_close((ma[k].to - 4.0) / 6.0, mb[k].to, 1e-9);
        }
    }
    parley_i_eu_destroy(a);
    test_free(a);
    parley_i_eu_destroy(b);
    test_free(b);
    parley_issue_view_destroy(&w);
    free(y);
    fixture_done(&f);
}

/* ---------------------------------------------------- degenerate */

static void test_all_agree(void **st) {
    (void)st;
    const double x[] = {42, 42, 42}, s[] = {0.5, 0.9, 0.1}, c[] = {1, 2, 3};
    parley_issue_view v;
    parley_issue_view_from_arrays(&v, 3, x, s, c, 0, 100);
    parley_i_eu *eu = start(&v, "bdm1994");
    assert_true(parley_i_eu_test(eu));
    parley_outcome o;
    parley_i_eu_outcome(eu, &o);
    assert_int_equal(o.stop, PARLEY_STOP_AGREEMENT);
    assert_int_equal(o.rounds, 0);
    assert_close(o.forecast, 42, 0);
    assert_true(!isnan(o.mean));
    parley_i_eu_destroy(eu);
    test_free(eu);
    parley_issue_view_destroy(&v);
}

static void test_one_actor(void **st) {
    (void)st;
    const double x[] = {7}, s[] = {0.5}, c[] = {1};
    parley_issue_view v;
    parley_issue_view_from_arrays(&v, 1, x, s, c, 0, 10);
    parley_i_eu *eu = start(&v, "scholz2011");
    parley_outcome o;
    parley_i_eu_outcome(eu, &o);
    assert_int_equal(o.stop, PARLEY_STOP_AGREEMENT);
    assert_close(o.forecast, 7, 0);
    parley_i_eu_destroy(eu);
    test_free(eu);
    parley_issue_view_destroy(&v);
}

static void test_zero_salience(void **st) {
    (void)st;
    const double x[] = {0, 50, 100}, s[] = {0, 0, 0}, c[] = {1, 2, 3};
    parley_issue_view v;
    parley_issue_view_from_arrays(&v, 3, x, s, c, 0, 100);
    parley_eu_params p;
    parley_eu_params_preset(&p, "bdm1994", NULL);
    parley_i_eu *eu = test_calloc(1, sizeof *eu);
    parley_error err;
    assert_int_equal(parley_i_eu_init(eu, &v, &p, &err), PARLEY_EDOMAIN);
    parley_i_eu_destroy(eu); /* safe after a failed init */
    test_free(eu);
    assert_non_null(strstr(err.message, "capability x salience"));
    parley_issue_view_destroy(&v);
}

/* Two actors: the dangers are equal (D_max = D_min); the Scholz port
 * divides by zero, parley sets every r = 1 and reports it. */
static void test_two_actors_degenerate_risk(void **st) {
    (void)st;
    const double x[] = {0, 10}, s[] = {0.5, 0.5}, c[] = {1, 1};
    parley_issue_view v;
    parley_issue_view_from_arrays(&v, 2, x, s, c, 0, 10);
    parley_i_eu *eu = start(&v, "scholz2011");
    parley_i_eu_update_risk(eu);
    assert_true(parley_i_eu_risk_degenerate(eu));
    assert_close(parley_i_eu_risk(eu)[0], 1, 0);
    assert_close(parley_i_eu_risk(eu)[1], 1, 0);
    while (!parley_i_eu_test(eu))
        assert_int_equal(parley_i_eu_iterate(eu), PARLEY_OK);
    parley_outcome o;
    parley_i_eu_outcome(eu, &o);
    assert_true(!isnan(o.forecast));
    parley_i_eu_destroy(eu);
    test_free(eu);
    parley_issue_view_destroy(&v);
}

static void test_params(void **st) {
    (void)st;
    parley_eu_params p;
    parley_error err;
    assert_int_equal(parley_eu_params_preset(&p, "nope", &err), PARLEY_EINVAL);
    parley_eu_params_preset(&p, "bdm1994", NULL);
    assert_int_equal(parley_eu_params_set(&p, "rounds", "0", &err), PARLEY_EINVAL);
    assert_int_equal(parley_eu_params_set(&p, "rounds", "12x", &err), PARLEY_EINVAL);
    assert_int_equal(parley_eu_params_set(&p, "rounds", "12", &err), PARLEY_OK);
    assert_int_equal(p.max_rounds, 12);
    assert_string_equal(p.preset, "bdm1994");
    assert_int_equal(parley_eu_params_set(&p, "q", "1.5", &err), PARLEY_EINVAL);
    assert_int_equal(parley_eu_params_set(&p, "no-such-key", "1", &err), PARLEY_EUNSUPPORTED);
    assert_int_equal(parley_eu_params_set(&p, "stop", "cycle,bogus", &err), PARLEY_EINVAL);
    assert_int_equal(parley_eu_params_set(&p, "stop", "", &err), PARLEY_EINVAL);
    assert_int_equal(parley_eu_params_set(&p, "q", " 0.5", &err), PARLEY_EINVAL);
    /* Setting a rule to its preset value keeps the preset's name. */
    assert_int_equal(parley_eu_params_set(&p, "q", "1", &err), PARLEY_OK);
    assert_string_equal(p.preset, "bdm1994");
    assert_int_equal(parley_eu_params_set(&p, "q", "0.5", &err), PARLEY_OK);
    assert_string_equal(p.preset, "custom");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_ec),         cmocka_unit_test(test_trace_ec_salience100),
        cmocka_unit_test(test_trace_iran),       cmocka_unit_test(test_trace_saudi),
        cmocka_unit_test(test_round1_internals), cmocka_unit_test(test_bdm1994_masad),
        cmocka_unit_test(test_hand_worked),      cmocka_unit_test(test_quirk_s4),
        cmocka_unit_test(test_stop_cycle_iran),  cmocka_unit_test(test_stop_fixed_point_saudi),
        cmocka_unit_test(test_bdm1994_stops),    cmocka_unit_test(test_affine_invariance),
        cmocka_unit_test(test_all_agree),        cmocka_unit_test(test_one_actor),
        cmocka_unit_test(test_zero_salience),    cmocka_unit_test(test_two_actors_degenerate_risk),
        cmocka_unit_test(test_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
