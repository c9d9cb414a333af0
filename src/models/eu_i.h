/* The expected utility model's workspace and its round internals, for the
 * model's own file, its tests and benchmarks (prefix parley_i_, hidden
 * visibility).  The public surface of the model is parley_model_eu and its
 * parameters (parley/eu.h); runs go through parley_model / parley_forecast,
 * whose traces record positions, risk exponents, moves and challenges.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_MODELS_EU_I_H
#define PARLEY_MODELS_EU_I_H

#include <parley/eu.h>
#include <parley/rng.h>

#include "models/internal.h"

/** Which vote kernel prob_state runs (parley_i_eu.kernel; tests compare
 * them: all give the same bits).  AUTO, the default, is the widest the
 * processor runs; a kernel it cannot run falls back to AUTO. */
enum {
    PARLEY_I_EU_KERNEL_AUTO = 0,
    PARLEY_I_EU_KERNEL_PLAIN = 1,  /* plain C loops */
    PARLEY_I_EU_KERNEL_BASE = 2,   /* 2-double vectors (SSE2 on x86-64) */
    PARLEY_I_EU_KERNEL_AVX2 = 3,   /* 4-double vectors, x86-64 with AVX2 */
    PARLEY_I_EU_KERNEL_AVX512 = 4, /* 8-double vectors, x86-64 with AVX-512F */
};

/** The model's workspace (caller storage: parley_i_eu_init / _destroy). */
typedef struct parley_i_eu {
    const parley_issue_view *v;
    parley_eu_params p;
    size_t n;
    double delta;   /* scale width Delta */
    double *x;      /* current positions, issue scale */
    double *xnew;   /* positions after this round's moves */
    double *s;      /* current saliences (the view's, unless shocked) */
    double *w;      /* c_i s_i */
    parley_rng rng; /* salience shocks */
    double *r;      /* risk exponents of the last round */
    double *one;    /* all ones (linear votes) */
    double *danger;
    /* probability state for the vote exponents `rho` */
    size_t u;     /* distinct positions */
    double *xs;   /* u distinct positions, ascending */
    size_t *pidx; /* actor -> index into xs */
    double *dk;   /* n x u: d(x_k, xs[q])^rho_k */
    double *num;  /* u x u: sum_k w_k max(0, dk[k][q] - dk[k][p]) (votes for xs[p] over xs[q]) */
    double *numt; /* u x u: num transposed (a receiver's column as a row) */
    double *den;  /* u x u: sum_k w_k |dk[k][q] - dk[k][p]| */
    double norm;  /* all-pairs normaliser N */
    double *sortbuf;
    size_t *cnt;            /* u: actors at each distinct position */
    size_t *kv;             /* voters with w_k != 0, in actor order */
    double *wv;             /* their w_k */
    double *part;           /* n: each voter's share of norm */
    unsigned char *part_ok; /* n: share computed by the merge (else sorted) */
    unsigned char *has;     /* n: receiver i moves this round (moves[i]) */
    int kernel;             /* PARLEY_I_EU_KERNEL_* (tests; 0 after init) */
    size_t par_min;         /* actors from which loops are threaded (0: default; tests) */
    parley_move *moves;
    size_t n_moves;
    parley_challenge *chal; /* n x n: the challenges weighed in the last round */
    int have_chal;          /* chal holds a round (0 before the first) */
    /* history */
    size_t round;
    /* the last hist_cap rounds, in a ring indexed by round % hist_cap:
     * positions (hist_cap x n) and medians, for cycle detection */
    double *hist_x;
    double *hist_mu;
    size_t hist_cap;
    parley_outcome out;
    size_t conv_count;
    int degenerate;
} parley_i_eu;

/** Initialises the model in the caller's storage *eu on the issue view v
 * (which must outlive it) with parameters p; release it with
 * parley_i_eu_destroy, also after a failed init.  When all positions coincide the model
 * starts stopped with PARLEY_STOP_AGREEMENT.
 * A single actor, or actors who all share one position, give
 * PARLEY_STOP_AGREEMENT at once (their common position is the forecast).
 * Errors: PARLEY_EDOMAIN (no actor; no positive capability x salience; a
 * salience outside 0..1; sums or the scale width overflowing double
 * precision), PARLEY_EINVAL (bad parameters), PARLEY_ENOMEM. */
PARLEY_I_HIDDEN parley_status parley_i_eu_init(parley_i_eu *eu, const parley_issue_view *v,
                                               const parley_eu_params *p, parley_error *err);
/** Releases what init allocated (not *eu itself); safe on a zeroed workspace. */
PARLEY_I_HIDDEN void parley_i_eu_destroy(parley_i_eu *eu);

/** First half of a round: recomputes every actor's risk exponent r_i from
 * the current positions (BDM's security levels: dangers D_i = sum_j
 * E^i(U_ji) with every r = 1, R_i = (2 D_i - D_max - D_min)/(D_max - D_min),
 * r_i = (1 - R_i/3)/(1 + R_i/3)).  When D_max = D_min every r_i = 1 and
 * parley_i_eu_risk_degenerate() reports it.  Called by parley_i_eu_iterate; declared
 * here so that tests can inspect round internals. */
PARLEY_I_HIDDEN parley_status parley_i_eu_update_risk(parley_i_eu *eu);

/** The very start of a round: draws the round's salience shocks (nothing
 * when shock = 0).  parley_i_eu_iterate calls it before parley_i_eu_update_risk;
 * declared here so that a test can replay the first half of a round exactly
 * (parley_i_eu_shock, then parley_i_eu_update_risk, then read the expected
 * utilities; tests/unit/test_chart.c checks the traced challenges so).  Source: BDM (2011),
 * docs/models.md 3.8. */
PARLEY_I_HIDDEN void parley_i_eu_shock(parley_i_eu *eu);

/** One full round: risk update, every receiver evaluates every sender with
 * a different position and chooses one offer, then all moves happen at once.
 * Afterwards the stopping rules are tested.  Errors: PARLEY_ENOMEM. */
PARLEY_I_HIDDEN parley_status parley_i_eu_iterate(parley_i_eu *eu);

/** 1 once a stopping rule has fired (see parley_i_eu_outcome). */
PARLEY_I_HIDDEN int parley_i_eu_test(const parley_i_eu *eu);

PARLEY_I_HIDDEN void parley_i_eu_outcome(const parley_i_eu *eu, parley_outcome *out);

PARLEY_I_HIDDEN size_t parley_i_eu_n(const parley_i_eu *eu);
/** Current positions (issue scale), n values. */
const double *parley_i_eu_positions(const parley_i_eu *eu);
/** Risk exponents r_i in [0.5, 2] used in the last round (1 before the first). */
const double *parley_i_eu_risk(const parley_i_eu *eu);
/** Current saliences (0-1), n values: the view's, except those redrawn by
 * salience shocks (parameter shock). */
const double *parley_i_eu_salience(const parley_i_eu *eu);
/** Dangers D_i of the last risk update (all r = 1). */
const double *parley_i_eu_danger(const parley_i_eu *eu);
PARLEY_I_HIDDEN int parley_i_eu_risk_degenerate(const parley_i_eu *eu);
/** Moves accepted in the last round. */
PARLEY_I_HIDDEN size_t parley_i_eu_moves(const parley_i_eu *eu, const parley_move **moves);
/** Scale width Delta used to normalise distances. */
PARLEY_I_HIDDEN double parley_i_eu_delta(const parley_i_eu *eu);
/** Scholz normaliser N with the current risk exponents (all-pairs variant). */
PARLEY_I_HIDDEN double parley_i_eu_normaliser(const parley_i_eu *eu);
/** P_ij with the current risk exponents (0 when x_i = x_j). */
PARLEY_I_HIDDEN double parley_i_eu_probability_of(const parley_i_eu *eu, size_t i, size_t j);
/** E^p(U_ij): actor p's estimate of i's expected utility of challenging j,
 * with p's risk exponent. */
PARLEY_I_HIDDEN double parley_i_eu_expected_utility(const parley_i_eu *eu, size_t p, size_t i,
                                                    size_t j);

#endif
