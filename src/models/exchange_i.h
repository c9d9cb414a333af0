/* The exchange model's data and life cycle, for the model's own file, its
 * tests and benchmarks (prefix parley_i_, hidden visibility).  The public
 * surface is parley_model_exchange, its parameters and the reading
 * functions of parley/exchange.h.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_MODELS_EXCHANGE_I_H
#define PARLEY_MODELS_EXCHANGE_I_H

#include <stddef.h>

#include <parley/exchange.h>
#include <parley/rng.h>

#include "models/internal.h"

/* One actor x issue cell during a round (internal 0-100 scale). */
typedef struct {
    int present, left;
    double c, s, cs;
    double x0;       /* preference at the start of the round */
    double x;        /* current supply position (after realised moves of this round) */
    double hist_sum; /* sum of the realised moves of this round */
    int hist_sign;   /* their common sign, 0 before the first */
} xcell;

/* A recorded vote of a third party, seen by one candidate's overshoot guard. */
typedef struct {
    size_t actor, issue;
    double value;
} xupdate;

typedef struct {
    size_t a[2], sup[2], dem[2]; /* actor, supply and demand issue of side 0 (i) and 1 (j) */
    size_t seq;
    int inner_ad, alive, valid, guarded;
    double x[2]; /* current supply positions */
    double move[2], eqy[2], eu[2], maxeu[2], nbs0[2], nbs1[2];
    double gain, u, v, z;
    double hist_sum[2]; /* quirks = decide (D1): this candidate's own record of past moves */
    int hist_sign[2];
    xupdate *upd;
    size_t n_upd, cap_upd;
} xcand;

struct parley_exchange_model {
    const parley_scenario *s;
    parley_exchange_params prm;
    size_t A, I;
    xcell *cell;     /* A x I */
    double *scale;   /* 100 / (hi - lo) per issue */
    double *W;       /* sum of c s per issue */
    double *mean0;   /* round-start preference mean, internal scale */
    double *vmean;   /* voting mean of the last round, internal scale */
    size_t **member; /* actors present on each issue, scenario order */
    size_t *n_member;
    double **pref_out, **vote_out; /* issue scale, issue-view order */
    double *vote;                  /* A x I voting positions of the last round (internal) */
    size_t *view_index;            /* A x I: position of actor a in issue d's member list */
    parley_move **moves; /* per issue: the last round's exchanges as moves (issue scale) */
    size_t *n_moves, *cap_moves;
    xcand *cand;
    size_t n_cand, cap_cand;
    parley_exchange *done;
    size_t n_done, cap_done;
    parley_exchange_stats stats;
    double *ext; /* A x PARLEY_EXT_N */
    parley_rng rng;
    size_t round;
};

/** Initialises the model in the caller's storage *m on scenario s
 * (borrowed; must outlive the model) and computes the round-0 means.  On
 * error *m holds nothing (parley_i_exchange_destroy is still safe).  Errors: PARLEY_EDOMAIN when
 * the scenario has fewer than two issues or an issue without positive capability x salience;
 * PARLEY_EINVAL for bad parameters; PARLEY_ENOMEM. */
PARLEY_I_HIDDEN parley_status parley_i_exchange_init(parley_exchange_model *m,
                                                     const parley_scenario *s,
                                                     const parley_exchange_params *p,
                                                     parley_error *err);

/** Plays one round: candidates of every issue pair against the round-start
 * positions (sections 2-4 of docs/models.md's exchange model), greedy
 * realisation with the recomputation of affected candidates, voting
 * positions, externalities, and the preference update
 * x' = x + (F + S (1 - s)) (y - x).  Errors: PARLEY_ENOMEM. */
PARLEY_I_HIDDEN parley_status parley_i_exchange_iterate(parley_exchange_model *m,
                                                        parley_error *err);

/** The preference update between rounds: an actor with round-start
 * preference x, final voting position y and salience s (0-1) starts the next
 * round at x + lambda (y - x), lambda = F + S (1 - s) with F = p->fixed_weight
 * and S = p->salience_weight (0.1 and 0.4: actors shift more on issues they
 * care little about).  Any scale.  Source: the reference implementation's
 * new_start_position (decide-exchange-model); Stokman & Van Oosten (1994). */
PARLEY_I_HIDDEN double parley_i_exchange_new_preference(const parley_exchange_params *p, double x,
                                                        double y, double s);

/** Releases what init and the rounds allocated (not *m itself); safe on a
 * zeroed model and after a failed init. */
PARLEY_I_HIDDEN void parley_i_exchange_destroy(parley_exchange_model *m);

#endif
