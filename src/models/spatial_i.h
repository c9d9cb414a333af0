/* The spatial model's workspace and its step-by-step internals, for the
 * model's own file, its tests and benchmarks (prefix parley_i_, hidden
 * visibility).  The public surface of the model is parley_model_spatial
 * and its parameters and switches (parley/spatial.h); runs go through
 * parley_model / parley_forecast.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_MODELS_SPATIAL_I_H
#define PARLEY_MODELS_SPATIAL_I_H

#include <stddef.h>

#include <parley/spatial.h>

#include "models/internal.h"

/** The input: n actors on K dimensions.  Arrays are row-major and copied by init. */
typedef struct parley_i_spatial_input {
    size_t n;                 /**< actors, >= 2 */
    size_t k;                 /**< dimensions, >= 1 */
    const double *capability; /**< n values > 0 */
    const double *position;   /**< n x k positions on 0-100 */
    const double *salience;   /**< n x k saliences on 0-1, row sums in (0, 1] */
    /** n x n accommodation ("pragmatic affinity") matrix a_ij >= 0 with row
     * sums <= 1, or NULL for the identity (every CSV run of KTAB): after each
     * step q_i <- sum_j a_ij x_j + (1 - sum_j a_ij) q_i. */
    const double *accommodation;
    /** 0: the O(n^3) loops run on the widest vectors the processor has; 1:
     * as plain loops (the same bits; tests compare them). */
    int kernel;
} parley_i_spatial_input;

/* One bargain: the points proposed to its initiator and receiver. */
typedef struct smp_bargain {
    size_t init, rcvr;
    double *pi, *pj; /* K values each, [0, 1] */
    double gain;     /* the initiator's expected gain from its challenge */
    double prob;     /* the initiator's estimated probability of winning it */
} smp_bargain;

/** The model's workspace and history (caller storage: parley_i_spatial_init
 * / _destroy). */
typedef struct parley_i_spatial {
    size_t n, K;
    parley_spatial_params p;
    double *cap;   /* n capabilities */
    double *sal;   /* n x K saliences, 0-1 */
    double *sigma; /* n total saliences */
    double *omega; /* n challenge weights sigma_i c_i */
    double *acc;   /* n x n accommodation, NULL = identity */
    double *pos;   /* n x K current positions, [0, 1] */
    double *ideal; /* n x K current ideals */
    double *next;  /* n x K positions after the step */
    /* assessment of the current state */
    double *dist;  /* n x n: d_i(x_j) from i's ideal */
    double *R;     /* n risk attitudes */
    double *uself; /* n x n: U^i_ij, i's own view of its utility of x_j */
    double *Uh;    /* n x n: perspective matrix of the proposer being evaluated */
    size_t n_rep;  /* distinct positions */
    size_t *rep;   /* n: representatives (actor indices), first n_rep used */
    /* PCE workspace for up to cap_opt options */
    size_t cap_opt;
    double *util;          /* n x cap_opt utilities */
    double *C, *V, *N, *T; /* cap_opt^2 each */
    double *prob, *q;      /* cap_opt each */
    /* step workspace */
    size_t *target;   /* n: target of each actor, SIZE_MAX if none */
    size_t *adopted;  /* n: bargain adopted in the last step, SIZE_MAX if none */
    smp_bargain *brg; /* up to 2n bargains */
    double *brg_pts;  /* 2n x 2K */
    size_t n_brg;
    size_t *q_start;   /* n + 1: CSR of the queues */
    size_t *q_item;    /* entries: bargain index, or SIZE_MAX for status quo */
    size_t *q_fill;    /* n: next free entry of each queue */
    size_t *own_first; /* n: first bargain proposed by each actor */
    double *kscratch;  /* 4 K */
    /* vector loops' workspace (spatial_kernel.h) */
    int kernel;            /* parley_i_spatial_input.kernel */
    double *rvec;          /* n: adjusted risk attitudes of one perspective */
    double *c0;            /* (4 + SMP_BATCH) n + 4 SMP_BATCH: challenge_best's workspace */
    size_t *lane;          /* n: challenge_best's column of each target in a batch */
    struct smp_cand *cand; /* n: challenge_best's targets, best bound first */
    double *uselfT;        /* n x n: uself transposed */
    double *bval;          /* (2n + 1) x n: every actor's value of each bargain, then of none */
    /* history */
    size_t n_states, hist_cap;
    double *h_pos;   /* per state n x K, [0, 1] */
    double *h_prob;  /* per state n */
    double *h_risk;  /* per state n */
    double *h_ratio; /* per state (0 for state 0) */
    int *h_degen;    /* per state */
    size_t *h_clust; /* per state */
    size_t *h_win;   /* per state: representative of the most probable distinct position */
    double d1;
    parley_stop_reason stop;
} parley_i_spatial;

/** Initialises the model in the caller's storage *m for input in (copied)
 * with parameters p and assesses
 * state 0 (risk attitudes, utilities, winning probabilities).  When every
 * position is equivalent (within 1e-3 on [0, 1]) the model starts stopped
 * with PARLEY_STOP_AGREEMENT (KTAB divides by zero here, defect K3).
 * Errors: PARLEY_EINVAL (bad parameters or sizes), PARLEY_EDOMAIN (a
 * capability <= 0 or not finite, a position outside 0-100, a salience
 * outside 0-1, an actor with no salience, saliences summing above 1 when
 * salience-sum=reject, a bad accommodation row; the message names the actor
 * by index), PARLEY_ENOMEM. */
PARLEY_I_HIDDEN parley_status parley_i_spatial_init(parley_i_spatial *m,
                                                    const parley_i_spatial_input *in,
                                                    const parley_spatial_params *p,
                                                    parley_error *err);

/** Releases everything init allocated (not *m itself); safe on a zeroed
 * workspace and after a failed init. */
PARLEY_I_HIDDEN void parley_i_spatial_destroy(parley_i_spatial *m);

/** One bargaining step (docs/models.md section 6.6; KTAB SMPState::doBCN): every actor
 * picks its most advantageous target and proposes a bargain, every actor's
 * queue of bargains is resolved by a PCE, ideals are updated, the stopping
 * rule is applied and the new state is assessed.  A no-op once stopped.
 * Errors: PARLEY_ENOMEM. */
PARLEY_I_HIDDEN parley_status parley_i_spatial_iterate(parley_i_spatial *m, parley_error *err);

/** 1 once the run has stopped (ratio rule, step limit or agreement). */
PARLEY_I_HIDDEN int parley_i_spatial_test(const parley_i_spatial *m);

/** Why the run stopped: PARLEY_STOP_CONVERGED (ratio rule),
 * PARLEY_STOP_ROUND_LIMIT, PARLEY_STOP_AGREEMENT, or PARLEY_STOP_NONE. */
PARLEY_I_HIDDEN parley_stop_reason parley_i_spatial_stop_reason(const parley_i_spatial *m);

/** Number of actors n. */
PARLEY_I_HIDDEN size_t parley_i_spatial_n(const parley_i_spatial *m);
/** Number of dimensions K. */
PARLEY_I_HIDDEN size_t parley_i_spatial_k(const parley_i_spatial *m);
/** Number of states recorded: 1 + steps taken. */
PARLEY_I_HIDDEN size_t parley_i_spatial_n_states(const parley_i_spatial *m);
/** Position of actor i on dimension d in state t (0 .. n_states-1), on 0-100. */
PARLEY_I_HIDDEN double parley_i_spatial_position(const parley_i_spatial *m, size_t t, size_t i,
                                                 size_t d);
/** Reported winning probability of actor i's position in state t: the
 * probability, in a PCE over the distinct positions of state t, of the
 * distinct position actor i belongs to (with compat=ktab: of the last
 * distinct position equivalent to i's, KTAB's quirk K11). */
PARLEY_I_HIDDEN double parley_i_spatial_probability(const parley_i_spatial *m, size_t t, size_t i);
/** Risk attitude R_i in [-1, 1] inferred in state t. */
PARLEY_I_HIDDEN double parley_i_spatial_risk(const parley_i_spatial *m, size_t t, size_t i);
/** 1 if the risk attitudes of state t could not be inferred because every
 * position was equally likely to win (then every R_i = 0; defect K3). */
PARLEY_I_HIDDEN int parley_i_spatial_risk_degenerate(const parley_i_spatial *m, size_t t);
/** Fractional change of step t (1..n_states-1): D_t / (D_1 + 1e-4), where
 * D_t = sum_i ||x_i,t - x_i,t-1|| on [0, 1]. */
PARLEY_I_HIDDEN double parley_i_spatial_fractional_change(const parley_i_spatial *m, size_t t);
/** Number of distinct positions (clusters) in state t. */
PARLEY_I_HIDDEN size_t parley_i_spatial_n_clusters(const parley_i_spatial *m, size_t t);

/** The result on dimension d after the last state, on 0-100: forecast = the
 * most probable distinct position (see parley_i_spatial_winner); mean and
 * (lower) median of the final positions weighted by capability x salience
 * (the saliences the model uses, i.e. after salience-sum=normalise);
 * rounds = steps taken; stop = parley_i_spatial_stop_reason.
 * Errors: PARLEY_EDOMAIN (no actor has positive salience on d: mean and
 * median are then 0, the other fields valid), PARLEY_ENOMEM. */
PARLEY_I_HIDDEN parley_status parley_i_spatial_outcome(const parley_i_spatial *m, size_t d,
                                                       parley_outcome *out, parley_error *err);

/** An actor (the first in actor order) at the most probable distinct
 * position of state t (first on ties): parley's point forecast. */
PARLEY_I_HIDDEN size_t parley_i_spatial_winner(const parley_i_spatial *m, size_t t);

/** 1 if actor k adopted its side of a bargain in the last step (then
 * *initiator and *receiver are the bargain's parties, *gain the initiator's
 * expected gain from its challenge and *prob its estimated probability of
 * winning it), 0 if k kept its position (its status quo won its queue). */
PARLEY_I_HIDDEN int parley_i_spatial_adopted(const parley_i_spatial *m, size_t k, size_t *initiator,
                                             size_t *receiver, double *gain, double *prob);

/** Target chosen by actor i in the last step, or (size_t)-1 if none. */
PARLEY_I_HIDDEN size_t parley_i_spatial_target(const parley_i_spatial *m, size_t i);

/** Actor h's estimate of the probability that i beats j in a challenge and
 * of the change in k's expected utility, in the current (last) state
 * (docs/models.md section 6.5; KTAB SMPState::probEduChlg).  h, k, i, j < n,
 * i != j.  Returned in *prob (0-1) and *gain (utility units, sums of two
 * positions' utilities, so in [-2, 2]). */
PARLEY_I_HIDDEN void parley_i_spatial_challenge(const parley_i_spatial *m, size_t h, size_t k,
                                                size_t i, size_t j, double *prob, double *gain);

/** Utility U^h_ij in [0, 1] (h's estimate of how much i values j's current
 * position, with the perceived risk attitude of section 6.4) in the current
 * state; h == i gives i's own (objective) utility. */
PARLEY_I_HIDDEN double parley_i_spatial_utility(const parley_i_spatial *m, size_t h, size_t i,
                                                size_t j);

#endif
