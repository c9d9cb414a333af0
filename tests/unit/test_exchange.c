/* Stokman's exchange model against the reference implementation's own output.
 *
 * Oracles (tests/data/decide/, GPL-3.0 fixtures; see its README):
 *  - expected/<scenario>.seed42/round1_exchanges.csv: the exchanges the
 *    reference (foarsitter/decide-exchange-model @ 51dee664) realised in
 *    round 1, in execution order, on the internal 0-100 scale;
 *  - expected/<scenario>.seed42/issues/<issue>.csv: its per-issue
 *    development files of the same 10-round run;
 *  - the round-1 candidate counts of the exchange-model specification
 *    (shared/models/exchange-model.md section 11.1, obtained by running the
 *    reference).
 *
 * What is compared and why (shared/data/README.md, "What is deterministic"):
 * the reference breaks ties between equal gains (differences below 1e-20,
 * often 1e-27 noise of its 28-digit decimals) with Python's random.random(),
 * so only the prefix of round 1 before the first tie is the same for every
 * seed: 6 rows (sample_data), 1 (copenhagen), 33 (cop21).  parley's default
 * tie rule (generation order) reproduces these prefixes, and the row after
 * each prefix is shown to be such a tie.  With quirks=decide (the
 * reference's bookkeeping, docs/models.md) and random tie-breaking, the
 * seeds used below happen to make parley's RNG choose at every exact tie
 * what the reference's coin chose under its seed 42 -- they were found by
 * trying seeds -- and then every row of round 1 agrees. */
#include "testutil.h"
#include "models/exchange_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small reader for the reference's ';'-separated files ---- */

#define MAX_FIELDS 64
#define MAX_LINE 8192

typedef struct {
    char *buf;
    char *field[MAX_FIELDS];
    size_t n;
} row;

/* Splits line (modified in place) at ';'. */
static void split(char *line, row *r) {
    r->n = 0;
    char *p = line;
    for (;;) {
        r->field[r->n++] = p;
        char *semi = strchr(p, ';');
        if (!semi || r->n == MAX_FIELDS)
            break;
        *semi = '\0';
        p = semi + 1;
    }
}

/* Reads every line of a file (without its newline) into lines[]; returns the count. */
static size_t read_lines(const char *path, char ***lines) {
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t n = 0, cap = 64;
    *lines = malloc(cap * sizeof **lines);
    char buf[MAX_LINE];
    while (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (n == cap)
            *lines = realloc(*lines, (cap *= 2) * sizeof **lines);
        (*lines)[n++] = strdup(buf);
    }
    fclose(f);
    return n;
}

static void free_lines(char **lines, size_t n) {
    for (size_t k = 0; k < n; ++k)
        free(lines[k]);
    free(lines);
}

/* "tol-hoogte [0.5 - 7]" -> "tol-hoogte" (in place). */
static const char *issue_name(char *field) {
    char *br = strstr(field, " [");
    if (br)
        *br = '\0';
    return field;
}

static void assert_rel(double got, const char *expected, double tol, const char *what,
                       size_t rowno) {
    double e = strtod(expected, NULL);
    if (!(fabs(got - e) <= tol * (fabs(e) > 1 ? fabs(e) : 1))) {
        print_error("row %zu, %s: got %.17g, expected %s\n", rowno, what, got, expected);
        fail();
    }
}

/* ---- running the model ---- */

static parley_exchange_model *start(const parley_scenario *s, parley_exchange_quirks quirks,
                                    parley_exchange_ties ties, uint64_t seed) {
    parley_exchange_params p;
    parley_exchange_params_default(&p);
    p.quirks = quirks;
    p.ties = ties;
    p.seed = seed;
    parley_exchange_model *m = test_calloc(1, sizeof *m);
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_i_exchange_init(m, s, &p, &err), PARLEY_OK);
    return m;
}

/* Column offsets of the exchange files: side i at 0, side j at 22. */
enum {
    F_ACTOR = 0,
    F_SUPPLY = 1,
    F_START = 6,
    F_MOVE = 7,
    F_VOTING = 8,
    F_EQV = 9,
    F_DEMAND = 10,
    F_GAIN = 16,
    F_NBS0 = 17,
    F_NBS1 = 18,
    F_CHECK = 20,
    SIDE_J = 22
};

/* Compares one side of a realised exchange with a row of the reference.
 * Rows whose check column is False are those where the reference's
 * overshoot guard cut the moves and left its recorded nbs 1 stale (quirk X3):
 * there the moves, voting positions and gain are compared, not nbs 1. */
static void compare_side(const parley_scenario *s, const parley_exchange_side *x, row *r,
                         size_t off, size_t rowno) {
    assert_string_equal(s->actors[x->actor].name, r->field[off + F_ACTOR]);
    assert_string_equal(s->issues[x->supply].name, issue_name(r->field[off + F_SUPPLY]));
    assert_rel(x->start, r->field[off + F_START], 1e-9, "start", rowno);
    assert_rel(x->move, r->field[off + F_MOVE], 1e-9, "move", rowno);
    assert_rel(x->voting, r->field[off + F_VOTING], 1e-9, "voting", rowno);
    assert_rel(x->target, r->field[off + F_DEMAND], 1e-9, "demand", rowno);
    if (strcmp(r->field[off + F_CHECK], "True") == 0) {
        assert_rel(x->equal_gain_voting, r->field[off + F_EQV], 1e-9, "equal gain voting", rowno);
        assert_rel(x->nbs0, r->field[off + F_NBS0], 1e-9, "nbs 0", rowno);
        assert_rel(x->nbs1, r->field[off + F_NBS1], 1e-9, "nbs 1", rowno);
    }
}

static void compare_exchange(const parley_scenario *s, const parley_exchange *x, char *line,
                             size_t rowno) {
    row r;
    split(line, &r);
    assert_int_equal(r.n, 43);
    compare_side(s, &x->i, &r, 0, rowno);
    compare_side(s, &x->j, &r, SIDE_J, rowno);
    assert_rel(x->gain, r.field[F_GAIN], 1e-9, "gain p=0", rowno);
}

typedef struct {
    const char *name;
    size_t prefix; /* seed-invariant rows of round 1 */
    size_t candidates, valid;
    double valid_gain_sum;
    size_t rows;          /* rows of the reference's round-1 file */
    uint64_t decide_seed; /* tie seed that reproduces all rows with quirks=decide */
} reference_case;

static const reference_case cases[] = {
    {"sample_data", 6, 240, 230, 69.78051391304245, 38, 0},
    {"copenhagen", 1, 437, 420, 112.8830931710858, 49, 443},
    {"cop21", 33, 2094, 2051, 563.6974618402680, 125, 1251},
};

static char *path_of(char *buf, size_t n, const char *scenario, const char *file) {
    snprintf(buf, n, "decide/expected/%s.seed42/%s", scenario, file);
    return buf;
}

/* Round 1 with parley's defaults: the candidate counts, the seed-invariant
 * prefix to 1e-9, and the first row after it is a tie of the reference. */
static void test_round1_prefix(void **st) {
    (void)st;
    for (size_t c = 0; c < sizeof cases / sizeof *cases; ++c) {
        const reference_case *rc = &cases[c];
        char rel[256];
        snprintf(rel, sizeof rel, "decide/%s.json", rc->name);
        parley_scenario s;
        load_scenario(&s, rel);
        parley_exchange_model *m =
            start(&s, PARLEY_EXCHANGE_QUIRKS_NONE, PARLEY_EXCHANGE_TIES_ORDER, 0);
        parley_error err;
        assert_int_equal(parley_i_exchange_iterate(m, &err), PARLEY_OK);
        const parley_exchange *ex;
        parley_exchange_stats stats;
        size_t n = parley_exchange_last(m, &ex, &stats);
        assert_int_equal(stats.candidates, rc->candidates);
        assert_int_equal(stats.valid, rc->valid);
        assert_close(stats.valid_gain_sum, rc->valid_gain_sum, 1e-9);

        char **lines;
        size_t nl = read_lines(
            test_data(path_of(rel, sizeof rel, rc->name, "round1_exchanges.csv")), &lines);
        assert_int_equal(nl, rc->rows + 1);
        assert_true(n > rc->prefix);
        for (size_t k = 0; k < rc->prefix; ++k)
            compare_exchange(&s, &ex[k], lines[k + 1], k + 1);
        /* The next row: the reference's coin picked another candidate of the
         * same gain (sample: GL/wanneer-tol + VVDs/tol-hoogte against parley's
         * VVDs/tol-hoogte + GL/tolheffing-binnenstad, 0.7974798051; copenhagen:
         * USA/Control with the Alliance of Small Island States or the Least
         * Developed Countries on Newtreaty, 1.8533898305, an exact tie; cop21:
         * LDCs_BGD or AOSISs with Brazil, 0.4252670885).  Same gain, other pair. */
        row r;
        split(lines[rc->prefix + 1], &r);
        const parley_exchange *next = &ex[rc->prefix];
        assert_rel(next->gain, r.field[F_GAIN], 1e-12, "gain of the tied row", rc->prefix + 1);
        assert_true(strcmp(s.actors[next->i.actor].name, r.field[F_ACTOR]) != 0 ||
                    strcmp(s.actors[next->j.actor].name, r.field[SIDE_J + F_ACTOR]) != 0);
        assert_true(stats.ties >= 1);
        free_lines(lines, nl);
        parley_i_exchange_destroy(m);
        test_free(m);
        parley_scenario_destroy(&s);
    }
}

/* Round 1 with the reference's bookkeeping: every row of the reference's
 * file, in order, to 1e-9 (the seeds resolve the exact ties as its coin did:
 * 1 tie in sample_data, 6 in copenhagen, 8 in cop21 per the specification). */
static void test_round1_decide_full(void **st) {
    (void)st;
    for (size_t c = 0; c < sizeof cases / sizeof *cases; ++c) {
        const reference_case *rc = &cases[c];
        char rel[256];
        snprintf(rel, sizeof rel, "decide/%s.json", rc->name);
        parley_scenario s;
        load_scenario(&s, rel);
        parley_exchange_model *m =
            start(&s, PARLEY_EXCHANGE_QUIRKS_DECIDE, PARLEY_EXCHANGE_TIES_RANDOM, rc->decide_seed);
        parley_error err;
        assert_int_equal(parley_i_exchange_iterate(m, &err), PARLEY_OK);
        const parley_exchange *ex;
        parley_exchange_stats stats;
        size_t n = parley_exchange_last(m, &ex, &stats);
        assert_int_equal(stats.candidates, rc->candidates);
        assert_int_equal(stats.valid, rc->valid);
        char **lines;
        size_t nl = read_lines(
            test_data(path_of(rel, sizeof rel, rc->name, "round1_exchanges.csv")), &lines);
        assert_int_equal(n, rc->rows);
        for (size_t k = 0; k < n; ++k)
            compare_exchange(&s, &ex[k], lines[k + 1], k + 1);
        free_lines(lines, nl);
        parley_i_exchange_destroy(m);
        test_free(m);
        parley_scenario_destroy(&s);
    }
}

/* Finds the line index after the line equal to heading; fails if absent. */
static size_t find_heading(char **lines, size_t nl, const char *heading) {
    for (size_t k = 0; k < nl; ++k)
        if (strcmp(lines[k], heading) == 0)
            return k + 1;
    fail_msg("heading '%s' not found", heading);
    return 0;
}

/* The per-issue files: the round-0 mean (row rnd-0 of the overview) is
 * parley's preference mean before any round, to 1e-9; and for every actor
 * and round the file's preferences follow parley's preference update
 * x' = x + (0.1 + 0.4 (1 - s)) (y - x) from its voting positions. */
static void test_issue_files(void **st) {
    (void)st;
    static const char *issues[][13] = {
        {"tolheffing-binnenstad", "tol-hoogte", "wanneer-tol", "woonwerkverkeer",
         "extra-investering", "kleine-of-grote-ring"},
        {"Newtreaty", "DevlopC2020", "Domestred", "MRVdecrease", "Commitments", "Control", "Extra"},
        {"differentiation", "mrv", "legal", "adapt_legal", "adapt_inst", "finance_vol",
         "finance_who", "adapt_finance", "ld", "progress", "amb2050", "amb2100", "eaa"},
    };
    parley_exchange_params prm;
    parley_exchange_params_default(&prm);
    size_t relations = 0;
    for (size_t c = 0; c < 3; ++c) {
        char rel[256];
        snprintf(rel, sizeof rel, "decide/%s.json", cases[c].name);
        parley_scenario s;
        load_scenario(&s, rel);
        parley_exchange_model *m =
            start(&s, PARLEY_EXCHANGE_QUIRKS_NONE, PARLEY_EXCHANGE_TIES_ORDER, 0);
        for (size_t k = 0; k < 13 && issues[c][k]; ++k) {
            size_t d = parley_scenario_find_issue(&s, issues[c][k]);
            assert_true(d < s.n_issues);
            char file[128];
            snprintf(file, sizeof file, "issues/%s.csv", issues[c][k]);
            char **lines;
            size_t nl =
                read_lines(test_data(path_of(rel, sizeof rel, cases[c].name, file)), &lines);
            size_t o = find_heading(lines, nl, "Issue overview") + 1;
            row r;
            split(lines[o], &r);
            assert_string_equal(r.field[0], "rnd-0");
            assert_rel(parley_exchange_preference_mean(m, d), r.field[1], 1e-9, "rnd-0 mean", 0);

            size_t pp = find_heading(lines, nl, "Preference development MDS and all actors") + 2;
            size_t vv = find_heading(lines, nl, "Voting development MDS and all actors") + 2;
            for (; lines[pp][0] != '\0'; ++pp, ++vv) {
                char *pl = strdup(lines[pp]), *vl = strdup(lines[vv]);
                row pr, vr;
                split(pl, &pr);
                split(vl, &vr);
                assert_string_equal(pr.field[0], vr.field[0]);
                double sal = strtod(pr.field[1], NULL);
                for (size_t t = 0; t + 1 < 10; ++t) {
                    double x = strtod(pr.field[3 + t], NULL), y = strtod(vr.field[3 + t], NULL);
                    double next = parley_i_exchange_new_preference(&prm, x, y, sal);
                    assert_rel(next, pr.field[4 + t], 1e-9, "preference update", t);
                    ++relations;
                }
                free(pl);
                free(vl);
            }
            free_lines(lines, nl);
        }
        parley_i_exchange_destroy(m);
        test_free(m);
        parley_scenario_destroy(&s);
    }
    /* every actor x issue cell (60 + 75 + 181), rounds rnd-0 .. rnd-9: 9 transitions each */
    assert_int_equal(relations, (60 + 75 + 181) * 9);
}

/* parley's own rounds obey the update, the voting mean is the weighted mean
 * of the votes, and the externalities' "own" column sums each exchange's
 * gain once per trader. */
static void test_round_bookkeeping(void **st) {
    (void)st;
    parley_scenario s;
    load_scenario(&s, "decide/copenhagen.json");
    parley_exchange_params prm;
    parley_exchange_params_default(&prm);
    parley_exchange_model *m =
        start(&s, PARLEY_EXCHANGE_QUIRKS_NONE, PARLEY_EXCHANGE_TIES_ORDER, 0);
    for (int round = 0; round < 3; ++round) {
        parley_issue_view v[7];
        const double *before[7];
        double *copy[7];
        for (size_t d = 0; d < s.n_issues; ++d) {
            assert_int_equal(parley_issue_view_init(&v[d], &s, d), PARLEY_OK);
            before[d] = parley_exchange_preferences(m, d);
            copy[d] = malloc(v[d].n * sizeof *copy[d]);
            memcpy(copy[d], before[d], v[d].n * sizeof *copy[d]);
        }
        parley_error err;
        assert_int_equal(parley_i_exchange_iterate(m, &err), PARLEY_OK);
        const parley_exchange *ex;
        size_t n = parley_exchange_last(m, &ex, NULL);
        assert_true(n > 0);
        double gains = 0;
        for (size_t k = 0; k < n; ++k)
            gains += ex[k].gain;
        double own = 0;
        const double *ext = parley_exchange_externalities(m);
        for (size_t a = 0; a < s.n_actors; ++a)
            own += ext[a * PARLEY_EXT_N + PARLEY_EXT_OWN];
        assert_close(own, 2 * gains, 1e-12);
        for (size_t d = 0; d < s.n_issues; ++d) {
            const double *votes = parley_exchange_votes(m, d),
                         *after = parley_exchange_preferences(m, d);
            double w[11], num = 0, den = 0;
            for (size_t k = 0; k < v[d].n; ++k) {
                w[k] = v[d].capability[k] * v[d].salience[k];
                num += w[k] * votes[k];
                den += w[k];
                assert_close(
                    after[k],
                    parley_i_exchange_new_preference(&prm, copy[d][k], votes[k], v[d].salience[k]),
                    1e-12);
            }
            assert_close(parley_exchange_voting_mean(m, d), num / den, 1e-12);
            free(copy[d]);
            parley_issue_view_destroy(&v[d]);
        }
    }
    assert_int_equal(parley_exchange_rounds(m), 3);
    parley_i_exchange_destroy(m);
    test_free(m);
    parley_scenario_destroy(&s);
}

/* REX: reproducible under a seed, different under another; gains are no
 * longer equal but stay inside the bargaining range; p = 0 draws nothing. */
static void test_rex(void **st) {
    (void)st;
    parley_scenario s;
    load_scenario(&s, "decide/sample_data.json");
    parley_exchange_params p;
    parley_exchange_params_default(&p);
    parley_error err;
    assert_int_equal(parley_exchange_params_set(&p, "p", "0.7", &err), PARLEY_OK);
    assert_int_equal(parley_exchange_params_set(&p, "seed", "2385", &err), PARLEY_OK);
    double run[3][6];
    for (int r = 0; r < 3; ++r) {
        if (r == 2)
            p.seed = 11;
        parley_exchange_model *m = test_calloc(1, sizeof *m);
        assert_int_equal(parley_i_exchange_init(m, &s, &p, &err), PARLEY_OK);
        for (int k = 0; k < 4; ++k)
            assert_int_equal(parley_i_exchange_iterate(m, &err), PARLEY_OK);
        const parley_exchange *ex;
        size_t n = parley_exchange_last(m, &ex, NULL);
        size_t unequal = 0;
        for (size_t k = 0; k < n; ++k) {
            assert_false(isnan(ex[k].u) || isnan(ex[k].v) || isnan(ex[k].z));
            assert_true(ex[k].i.eu >= -1e-12 && ex[k].j.eu >= -1e-12);
            const parley_exchange_side *chosen = ex[k].u < 0.5 ? &ex[k].i : &ex[k].j;
            if (!ex[k].guarded)
                assert_true(chosen->eu <= chosen->max_eu + 1e-12);
            if (fabs(ex[k].i.eu - ex[k].j.eu) > 1e-9)
                ++unequal;
        }
        assert_true(unequal > 0);
        for (size_t d = 0; d < 6; ++d)
            run[r][d] = parley_exchange_voting_mean(m, d);
        parley_i_exchange_destroy(m);
        test_free(m);
    }
    assert_memory_equal(run[0], run[1], sizeof run[0]);
    assert_memory_not_equal(run[0], run[2], sizeof run[0]);

    /* p = 0: equal gains, no draws, the seed does not matter (ties by order) */
    parley_exchange_params_default(&p);
    p.seed = 99;
    parley_exchange_model *m = test_calloc(1, sizeof *m);
    assert_int_equal(parley_i_exchange_init(m, &s, &p, &err), PARLEY_OK);
    assert_int_equal(parley_i_exchange_iterate(m, &err), PARLEY_OK);
    const parley_exchange *ex;
    size_t n = parley_exchange_last(m, &ex, NULL);
    for (size_t k = 0; k < n; ++k) {
        assert_true(isnan(ex[k].u));
        assert_close(ex[k].i.eu, ex[k].j.eu, 1e-9);
    }
    parley_i_exchange_destroy(m);
    test_free(m);

    assert_int_equal(parley_exchange_params_set(&p, "p", "1.5", &err), PARLEY_EINVAL);
    assert_int_equal(parley_exchange_params_set(&p, "ties", "coin", &err), PARLEY_EINVAL);
    assert_int_equal(parley_exchange_params_set(&p, "quirks", "decide", &err), PARLEY_OK);
    assert_int_equal(parley_exchange_params_set(&p, "rounds", "0", &err), PARLEY_EINVAL);
    assert_int_equal(parley_exchange_params_set(&p, "q", "1", &err), PARLEY_EUNSUPPORTED);
    parley_scenario_destroy(&s);
}

/* Through the forecast driver: the scenario-scope model runs once and fills
 * every issue's run and trace; on one issue it says why it cannot run. */
static void test_forecast_driver(void **st) {
    (void)st;
    parley_scenario s;
    load_scenario(&s, "decide/sample_data.json");
    parley_params pp[2];
    assert_int_equal(parley_params_init(&pp[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&pp[1], parley_model_find("exchange")), PARLEY_OK);
    parley_error err;
    assert_int_equal(parley_params_set(&pp[1], "rounds", "4", &err), PARLEY_OK);
    parley_forecast f;
    assert_int_equal(parley_forecast_init(&f, &s, pp, 2, 1, &err), PARLEY_OK);

    parley_exchange_params xp;
    parley_exchange_params_default(&xp);
    xp.rounds = 4;
    parley_exchange_model *m = test_calloc(1, sizeof *m);
    assert_int_equal(parley_i_exchange_init(m, &s, &xp, &err), PARLEY_OK);
    double first_mean[6];
    for (size_t d = 0; d < 6; ++d)
        first_mean[d] = parley_exchange_voting_mean(m, d);
    for (int k = 0; k < 4; ++k)
        assert_int_equal(parley_i_exchange_iterate(m, &err), PARLEY_OK);
    for (size_t d = 0; d < s.n_issues; ++d) {
        const parley_run *run = parley_forecast_run(&f, d, 1);
        assert_int_equal(run->status, PARLEY_OK);
        assert_int_equal(run->outcome.rounds, 4);
        assert_int_equal(run->outcome.stop, PARLEY_STOP_ROUND_LIMIT);
        assert_true(run->outcome.forecast == parley_exchange_voting_mean(m, d));
        assert_true(run->outcome.mean == parley_exchange_preference_mean(m, d));
        assert_int_equal(run->n, 10);
        assert_int_equal(run->n_rounds, 5); /* rounds 0..4 */
        assert_close(run->rounds[0].mean, first_mean[d], 1e-12);
        assert_memory_equal(run->rounds[4].position, parley_exchange_preferences(m, d),
                            10 * sizeof(double));
        /* the static model on the same issue is untouched by the scenario model */
        assert_close(parley_forecast_run(&f, d, 0)->outcome.forecast, first_mean[d], 1e-12);
    }
    parley_i_exchange_destroy(m);
    test_free(m);
    parley_forecast_destroy(&f);

    /* one issue: every issue's run says why */
    parley_scenario one;
    load_scenario(&one, "bdm/ec_auto_emissions_1994.csv");
    assert_int_equal(parley_forecast_init(&f, &one, pp, 2, 0, &err), PARLEY_OK);
    const parley_run *run = parley_forecast_run(&f, 0, 1);
    assert_int_equal(run->status, PARLEY_EDOMAIN);
    assert_non_null(strstr(run->error.message, "at least two issues"));
    assert_int_equal(parley_forecast_run(&f, 0, 0)->status, PARLEY_OK);
    parley_forecast_destroy(&f);

    /* an issue-scope entry point refuses a scenario-scope type and vice versa */
    parley_model pm;
    parley_issue_view v;
    assert_int_equal(parley_issue_view_init(&v, &one, 0), PARLEY_OK);
    assert_int_equal(parley_model_init(&pm, &pp[1], &v, &err), PARLEY_EINVAL);
    assert_int_equal(parley_model_init_scenario(&pm, &pp[0], &one, &err), PARLEY_EINVAL);
    parley_issue_view_destroy(&v);
    assert_int_equal(parley_model_init_scenario(&pm, &pp[1], &s, &err), PARLEY_OK);
    assert_non_null(parley_model_exchange_state(&pm));
    parley_model_destroy(&pm);

    /* the convenience runner gives the driver's numbers */
    parley_outcome out[6];
    parley_status ist[6];
    assert_int_equal(parley_model_run_scenario(&pp[1], &s, out, ist, &err), PARLEY_OK);
    assert_int_equal(parley_forecast_init(&f, &s, pp, 2, 0, &err), PARLEY_OK);
    for (size_t d = 0; d < 6; ++d) {
        assert_int_equal(ist[d], PARLEY_OK);
        assert_true(out[d].forecast == parley_forecast_run(&f, d, 1)->outcome.forecast);
    }
    parley_forecast_destroy(&f);
    assert_int_equal(parley_model_run_scenario(&pp[0], &s, out, NULL, &err), PARLEY_EINVAL);

    parley_scenario_destroy(&one);
    parley_params_destroy(&pp[0]);
    parley_params_destroy(&pp[1]);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round1_prefix), cmocka_unit_test(test_round1_decide_full),
        cmocka_unit_test(test_issue_files),   cmocka_unit_test(test_round_bookkeeping),
        cmocka_unit_test(test_rex),           cmocka_unit_test(test_forecast_driver),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
