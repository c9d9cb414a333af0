/* The exchange model's data and life cycle, for the model's own file, its
 * tests and benchmarks (prefix parley_i_, hidden visibility).  The public
 * surface is parley_model_exchange, its parameters and the reading
 * functions of parley/exchange.h.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_MODELS_EXCHANGE_I_H
#define PARLEY_MODELS_EXCHANGE_I_H

#include <stddef.h>
#include <stdint.h>

#include <parley/exchange.h>
#include <parley/rng.h>

#include "models/internal.h"

/* One actor x issue cell during a round (internal 0-100 scale). */
typedef struct {
    int present, left;
    double c, s, cs;
    double rate;     /* c s / W: the mean's shift per unit move */
    double x0;       /* preference at the start of the round */
    double x;        /* current supply position (after realised moves of this round) */
    double hist_sum; /* sum of the realised moves of this round */
    int hist_sign;   /* their common sign, 0 before the first */
} xcell;

/* A vote recorded in a demand table (exchange.c, "demand tables"). */
typedef struct {
    uint32_t actor;
    double value;
} xvote;

/* The third-party votes an actor has seen this round on an issue it
 * demands: when the actor demands issue d in a realised exchange, its
 * partner's new vote on d is recorded here (a second vote of the same
 * partner replaces the first by the less extreme of the two).  Every
 * candidate in which the actor demands d sees exactly these votes, in this
 * order.  base = the guard's sum over them (exchange.c, seen_mean). */
typedef struct {
    xvote *at;
    uint32_t len, cap;
    double base;
    double memo;         /* the sum without actor memo_actor's vote (exchange.c, */
    uint32_t memo_actor; /* table_sum_without); UINT32_MAX: none */
} xtable;

/* A candidate exchange that can still be realised, in compact form: actors
 * a[0] (side i: supplies q, demands p) and a[1] (side j: supplies p,
 * demands q) on issues p < q.  Its current supply positions are those of
 * its cells (xcell.x), the votes its guard sees are in its actors' demand
 * tables; its moves, gains and means are recomputed when it is realised
 * (compute is deterministic given the candidate's REX draws).  It was
 * generated as an a x d pair (inner_ad) when a[0] sits on the same side of
 * both means. */
typedef struct {
    uint32_t a[2], p, q;
} xcand;

/* quirks = decide (D1): a candidate's own record of past moves, with its
 * last computed moves (which the record takes in place of the realised ones). */
typedef struct {
    double sum[2], move[2];
    int sign[2];
} xhist;

/* Candidates touching one cell (actor, issue) in one role, by index
 * (= generation order), ascending: cell_lists.at[off[c] .. off[c] + len[c]).
 * The supply lists also hold, beside each entry, the candidate's other
 * actor (partner[], whose round-start position is the supplier's target);
 * the demand lists have partner = NULL. */
typedef struct {
    uint32_t *off; /* below 2 n_cand < XDEAD (exchange.c, generate) */
    uint32_t *len;
    uint32_t *at;
    uint32_t *partner;
} xlists;

/* A node of the candidates' tournament tree: the winner and its gain. */
typedef struct {
    double gain; /* -1 when none */
    uint32_t at; /* the winner, or UINT32_MAX */
} xnode;

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
    /* the round's candidates that can still be realised (generation order) */
    xcand *cand;
    double *gain; /* each candidate's gain, the sort key; -1 once it can no longer be realised */
    size_t n_cand, cap_cand;
    xhist *hist;   /* quirks = decide: one per candidate (else NULL) */
    double *draw;  /* p > 0: the REX draws u, v, z of each candidate's last computation */
    xnode *tree;   /* tournament over blocks of XBLOCK candidates (exchange.c), 2 n_leaf nodes */
    size_t n_leaf; /* blocks, rounded up to a power of two */
    xlists supl, deml; /* per cell: candidates in which the actor supplies / demands the issue */
    xtable *dtab;      /* A x I: the demand table of each cell (actor, issue) */
    uint64_t *dbits;   /* A x I x A bits: is actor b in the demand table of cell c */
    size_t n_dbits;    /* 64-bit words of dbits */
    uint8_t *side;     /* I x A: left 1, right 0, cannot trade 2 (exchange.c, group) */
    uint32_t *tied;    /* scratch of the tie search */
    size_t cap_tied;
    parley_exchange *done;
    size_t n_done, cap_done;
    parley_exchange_stats stats;
    /* the work of the last round (tests/unit/test_exchange_diff.c checks its
     * bounds): candidates recomputed after a realisation, kept without
     * recomputing (exchange.c, keeps_numbers), dropped without recomputing
     * (exchange.c, supply_dies), tree paths fixed at a selection, gains
     * that rose */
    size_t n_recomputed, n_kept, n_killed, n_fixes, n_rises;
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
