/* parley: KTAB's spatial model of politics (SMP).
 *
 * A multi-dimensional bargaining model built on "probabilistic Condorcet
 * elections" (PCE), as implemented by the smpc program of the KAPSARC
 * Toolkit for Behavioral Analysis (KTAB, MIT, Copyright (c) 2015 KAPSARC;
 * github.com/KAPSARC/KTAB, read at lsyaseen/KTAB @ 3b5b063).  Method
 * papers: "An Introduction to the KAPSARC Toolkit for Behavioral Analysis
 * (KTAB)" and "Multidimensional Bargaining Using KTAB" (B. P. Wise et al.,
 * KAPSARC discussion papers); "Markov Voting with Incentives in KTAB"
 * (KTAB/kmodel/doc/markov-incentives.tex).  Every formula below is
 * written out, with the section of the specification it comes from, in
 * docs/models.md ("Spatial model of politics").
 *
 * Scales: positions are given and returned on 0-100 (KTAB's input scale)
 * and held internally on [0, 1] as KTAB does; saliences are on 0-1 with
 * sum_k s_ik <= 1 per actor (KTAB's "total attention"); capabilities are
 * positive on any scale.
 *
 * Usage, GSL style (init / step / test, then inspect):
 *
 *     parley_spatial_params p;
 *     parley_spatial_params_default(&p);
 *     parley_spatial_params_set(&p, "victory", "square", &err);
 *     parley_spatial *m;
 *     parley_spatial_init(&m, &input, &p, &err);
 *     while (!parley_spatial_test(m))
 *         parley_spatial_step(m, &err);
 *     parley_spatial_outcome(m, k, &outcome, &err);   // per dimension k
 *     // parley_spatial_position(m, t, i, k), parley_spatial_probability(m, t, i)
 *     parley_spatial_destroy(m);
 *
 * Cost per step: O(n^3 + n^2 K) time (every actor evaluates a challenge of
 * every other with every third party), O(n^2 + n K) memory plus the history
 * (n K + 2 n doubles per state).  KTAB's O(n^4) logging-only work is not done.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_SPATIAL_H
#define PARLEY_SPATIAL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "model.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Pairwise victory probability from coalition strengths S1, S2
 * (KTAB VPModel): V = S1^v / (S1^v + S2^v) with v = 1, 2, 4, 8, or Binary. */
typedef enum parley_smp_victory {
    PARLEY_SMP_VICTORY_LINEAR = 0,
    PARLEY_SMP_VICTORY_SQUARE = 1,
    PARLEY_SMP_VICTORY_QUARTIC = 2,
    PARLEY_SMP_VICTORY_OCTIC = 3,
    PARLEY_SMP_VICTORY_BINARY = 4 /**< certain win at a 10 % advantage, linear in between */
} parley_smp_victory;

/** From pairwise victory probabilities to a distribution (KTAB PCEModel). */
typedef enum parley_smp_pce {
    PARLEY_SMP_PCE_CONDITIONAL = 0,      /**< P(a) proportional to prod_b V(a, b) */
    PARLEY_SMP_PCE_MARKOV_INCENTIVE = 1, /**< Markov chain, challenges in proportion to incentive */
    PARLEY_SMP_PCE_MARKOV_UNIFORM = 2    /**< Markov chain, uniform challenges */
} parley_smp_pce;

/** Choosing the winning bargain of a queue (KTAB StateTransMode). */
typedef enum parley_smp_transition {
    PARLEY_SMP_DETERMINISTIC = 0, /**< most probable bargain, first on ties */
    PARLEY_SMP_STOCHASTIC = 1     /**< drawn from the queue's distribution (parley_rng streams) */
} parley_smp_transition;

/** Vote of an actor with weight w and utility difference D (KTAB VotingRule). */
typedef enum parley_smp_voting {
    PARLEY_SMP_VOTE_BINARY = 0,   /**< w B, B = clip(D / 1e-8, -1, 1) */
    PARLEY_SMP_VOTE_PROPBIN = 1,  /**< w (0.8 D + 0.2 B) */
    PARLEY_SMP_VOTE_PROP = 2,     /**< w D */
    PARLEY_SMP_VOTE_PROPCBC = 3,  /**< w (0.5 D + 0.5 D^3) */
    PARLEY_SMP_VOTE_CUBIC = 4,    /**< w D^3 */
    PARLEY_SMP_VOTE_ASYMPROSP = 5 /**< w D if D < 0, (2/3) w D if D > 0 */
} parley_smp_voting;

/** How actor h perceives actor i's risk attitude (KTAB BigRAdjust). */
typedef enum parley_smp_bigr_adjust {
    PARLEY_SMP_BIGR_NONE = 0,       /**< r^h_i = R_h */
    PARLEY_SMP_BIGR_ONE_THIRD = 1,  /**< (2 R_h + R_i) / 3 */
    PARLEY_SMP_BIGR_HALF = 2,       /**< (R_h + R_i) / 2 */
    PARLEY_SMP_BIGR_TWO_THIRDS = 3, /**< (R_h + 2 R_i) / 3 */
    PARLEY_SMP_BIGR_FULL = 4        /**< R_i */
} parley_smp_bigr_adjust;

/** Range of the inferred risk attitudes (KTAB BigRRange). */
typedef enum parley_smp_bigr_range {
    PARLEY_SMP_RANGE_MIN = 0, /**< [0, 1] */
    PARLEY_SMP_RANGE_MID = 1, /**< [-1/2, 1] */
    PARLEY_SMP_RANGE_MAX = 2  /**< [-1, 1] */
} parley_smp_bigr_range;

/** Third parties' stakes in a challenge (KTAB ThirdPartyCommit). */
typedef enum parley_smp_commit {
    PARLEY_SMP_COMMIT_NO = 0,
    PARLEY_SMP_COMMIT_SEMI = 1,
    PARLEY_SMP_COMMIT_FULL = 2
} parley_smp_commit;

/** Interpolation of a bargain's point (KTAB InterVecBrgn). */
typedef enum parley_smp_interp {
    PARLEY_SMP_INTERP_S1P1 = 0,  /**< weights s P */
    PARLEY_SMP_INTERP_S2P2 = 1,  /**< weights s^2 P^2 */
    PARLEY_SMP_INTERP_S2PMAX = 2 /**< only the weaker side moves */
} parley_smp_interp;

/** Whose view forms the bargain (KTAB SMPBargnModel). */
typedef enum parley_smp_bargain {
    PARLEY_SMP_BARGAIN_INIT_ONLY = 0, /**< initiator's estimate of its victory probability */
    PARLEY_SMP_BARGAIN_INIT_RCVR = 1, /**< two bargains: initiator's and receiver's estimates */
    PARLEY_SMP_BARGAIN_PW_COMP =
        2 /**< one bargain, capability x salience weighted average of the two */
} parley_smp_bargain;

/** Parameters of the spatial model.  Defaults (parley_spatial_params_default)
 * are KTAB's: Linear, Conditional, Deterministic, Prop, OneThird, Mid,
 * SemiCommit, S2P2, InitOnlyInterp, stop after 2..100 steps when the step's
 * movement falls below 2 % of the first step's. */
typedef struct parley_spatial_params {
    parley_smp_victory victory;
    parley_smp_pce pce;
    parley_smp_transition transition;
    parley_smp_voting voting;
    parley_smp_bigr_adjust bigr_adjust;
    parley_smp_bigr_range bigr_range;
    parley_smp_commit commit;
    parley_smp_interp interp;
    parley_smp_bargain bargain;
    /** 1 = reproduce KTAB's reporting and receiver-view quirks (docs/models.md:
     * K10 receiver weight c_i s_j in pw-comp bargains, K11 probability of the
     * last equivalent position, the receiver's bargain built from its estimate
     * of the initiator's gain instead of the victory probability, bargains
     * valued from current positions instead of ideals).  0 (default) = the
     * corrected forms.  On every shipped KTAB reference the default switches
     * give the same positions either way; only the reported probabilities of
     * co-located actors differ (K11). */
    int ktab_compat;
    size_t max_steps;  /**< stop after this many steps (KTAB: 100) */
    size_t min_steps;  /**< the ratio rule applies from this step on (KTAB: 2) */
    double stop_ratio; /**< stop when D_t / (D_1 + 1e-4) < stop_ratio (KTAB: 0.02) */
    uint64_t
        seed; /**< seed of the stochastic transition (parley_rng; ignored when deterministic) */
    /** How an actor whose saliences sum to more than 1 is handled: 0 =
     * PARLEY_EDOMAIN (KTAB's rule), 1 (default) = that actor's saliences are
     * divided by their sum.  KTAB's own inputs never exceed 1, so the
     * default changes nothing on them. */
    int normalise_salience;
} parley_spatial_params;

/** Fills p with KTAB's defaults (see parley_spatial_params). */
void parley_spatial_params_default(parley_spatial_params *p);

/** Sets one parameter by name; names and values are case-insensitive and
 * '-' and '_' are ignored, so KTAB's own spellings work too:
 *   victory (VictoryProbModel): linear | square | quartic | octic | binary
 *   pce (PCEModel): conditional | markov-incentive | markov-uniform
 *   transition (StateTransMode, StateTransitions): deterministic | stochastic
 *   voting (VotingRule): binary | propbin | prop (proportional) | propcbc | cubic | asymprosp
 *   big-r-adjust (BigRAdjust): none (no) | one-third | half | two-thirds | full
 *   big-r-range (BigRRange): min | mid | max
 *   commit (ThirdPartyCommit): no-commit | semi-commit | full-commit (or no | semi | full)
 *   interp (InterVecBrgn): s1p1 | s2p2 | s2pmax
 *   bargain (BargnModel, SMPBargnModel): init-only-interp | init-rcvr-interp | pw-comp-interp
 *                                        (the "-interp" may be left out)
 *   compat: none | ktab;  max-steps (1..1e9);  min-steps (1..1e9);
 *   stop-ratio (0..1);  seed (0..2^64-1);  salience-sum: normalise | reject.
 * Errors: PARLEY_EINVAL (bad value, message in err), PARLEY_EUNSUPPORTED (unknown key). */
parley_status parley_spatial_params_set(parley_spatial_params *p, const char *key,
                                        const char *value, parley_error *err);

/** Appends "key=value, ..." for every parameter to out (KTAB's names for values). */
parley_status parley_spatial_params_describe(const parley_spatial_params *p, parley_buf *out);

/** The input: n actors on K dimensions.  Arrays are row-major and copied by init. */
typedef struct parley_spatial_input {
    size_t n;                 /**< actors, >= 2 */
    size_t k;                 /**< dimensions, >= 1 */
    const double *capability; /**< n values > 0 */
    const double *position;   /**< n x k positions on 0-100 */
    const double *salience;   /**< n x k saliences on 0-1, row sums in (0, 1] */
    /** n x n accommodation ("pragmatic affinity") matrix a_ij >= 0 with row
     * sums <= 1, or NULL for the identity (every CSV run of KTAB): after each
     * step q_i <- sum_j a_ij x_j + (1 - sum_j a_ij) q_i. */
    const double *accommodation;
} parley_spatial_input;

/** The model's workspace and history (opaque). */
typedef struct parley_spatial parley_spatial;

/** Allocates a model for input in (copied) with parameters p and assesses
 * state 0 (risk attitudes, utilities, winning probabilities).  When every
 * position is equivalent (within 1e-3 on [0, 1]) the model starts stopped
 * with PARLEY_STOP_AGREEMENT (KTAB divides by zero here, defect K3).
 * Errors: PARLEY_EINVAL (bad parameters or sizes), PARLEY_EDOMAIN (a
 * capability <= 0 or not finite, a position outside 0-100, a salience
 * outside 0-1, an actor with no salience, saliences summing above 1 when
 * salience-sum=reject, a bad accommodation row; the message names the actor
 * by index), PARLEY_ENOMEM. */
parley_status parley_spatial_init(parley_spatial **m, const parley_spatial_input *in,
                                  const parley_spatial_params *p, parley_error *err);

/** Releases everything init allocated; m may be NULL. */
void parley_spatial_destroy(parley_spatial *m);

/** One bargaining step (docs/models.md section 6.6; KTAB SMPState::doBCN): every actor
 * picks its most advantageous target and proposes a bargain, every actor's
 * queue of bargains is resolved by a PCE, ideals are updated, the stopping
 * rule is applied and the new state is assessed.  A no-op once stopped.
 * Errors: PARLEY_ENOMEM. */
parley_status parley_spatial_step(parley_spatial *m, parley_error *err);

/** 1 once the run has stopped (ratio rule, step limit or agreement). */
int parley_spatial_test(const parley_spatial *m);

/** Why the run stopped: PARLEY_STOP_CONVERGED (ratio rule),
 * PARLEY_STOP_ROUND_LIMIT, PARLEY_STOP_AGREEMENT, or PARLEY_STOP_NONE. */
parley_stop_reason parley_spatial_stop_reason(const parley_spatial *m);

/** Number of actors n. */
size_t parley_spatial_n(const parley_spatial *m);
/** Number of dimensions K. */
size_t parley_spatial_k(const parley_spatial *m);
/** Number of states recorded: 1 + steps taken. */
size_t parley_spatial_n_states(const parley_spatial *m);
/** Position of actor i on dimension d in state t (0 .. n_states-1), on 0-100. */
double parley_spatial_position(const parley_spatial *m, size_t t, size_t i, size_t d);
/** Reported winning probability of actor i's position in state t: the
 * probability, in a PCE over the distinct positions of state t, of the
 * distinct position actor i belongs to (with compat=ktab: of the last
 * distinct position equivalent to i's, KTAB's quirk K11). */
double parley_spatial_probability(const parley_spatial *m, size_t t, size_t i);
/** Risk attitude R_i in [-1, 1] inferred in state t. */
double parley_spatial_risk(const parley_spatial *m, size_t t, size_t i);
/** 1 if the risk attitudes of state t could not be inferred because every
 * position was equally likely to win (then every R_i = 0; defect K3). */
int parley_spatial_risk_degenerate(const parley_spatial *m, size_t t);
/** Fractional change of step t (1..n_states-1): D_t / (D_1 + 1e-4), where
 * D_t = sum_i ||x_i,t - x_i,t-1|| on [0, 1]. */
double parley_spatial_fractional_change(const parley_spatial *m, size_t t);
/** Number of distinct positions (clusters) in state t. */
size_t parley_spatial_n_clusters(const parley_spatial *m, size_t t);

/** The result on dimension d after the last state, on 0-100: forecast = the
 * most probable distinct position (see parley_spatial_winner); mean and
 * (lower) median of the final positions weighted by capability x salience
 * (the saliences the model uses, i.e. after salience-sum=normalise);
 * rounds = steps taken; stop = parley_spatial_stop_reason.
 * Errors: PARLEY_EDOMAIN (no actor has positive salience on d: mean and
 * median are then 0, the other fields valid), PARLEY_ENOMEM. */
parley_status parley_spatial_outcome(const parley_spatial *m, size_t d, parley_outcome *out,
                                     parley_error *err);

/** An actor (the first in actor order) at the most probable distinct
 * position of state t (first on ties): parley's point forecast. */
size_t parley_spatial_winner(const parley_spatial *m, size_t t);

/** 1 if actor k adopted its side of a bargain in the last step (then
 * *initiator and *receiver are the bargain's parties, *gain the initiator's
 * expected gain from its challenge and *prob its estimated probability of
 * winning it), 0 if k kept its position (its status quo won its queue). */
int parley_spatial_adopted(const parley_spatial *m, size_t k, size_t *initiator, size_t *receiver,
                           double *gain, double *prob);

/** Target chosen by actor i in the last step, or (size_t)-1 if none. */
size_t parley_spatial_target(const parley_spatial *m, size_t i);

/** Actor h's estimate of the probability that i beats j in a challenge and
 * of the change in k's expected utility, in the current (last) state
 * (docs/models.md section 6.5; KTAB SMPState::probEduChlg).  h, k, i, j < n,
 * i != j.  Returned in *prob (0-1) and *gain (utility units, sums of two
 * positions' utilities, so in [-2, 2]). */
void parley_spatial_challenge(const parley_spatial *m, size_t h, size_t k, size_t i, size_t j,
                              double *prob, double *gain);

/** Utility U^h_ij in [0, 1] (h's estimate of how much i values j's current
 * position, with the perceived risk attitude of section 6.4) in the current
 * state; h == i gives i's own (objective) utility. */
double parley_spatial_utility(const parley_spatial *m, size_t h, size_t i, size_t j);

/** The model type for the generic interface (name "spatial"; scenario-scope:
 * the scenario's issues are the dimensions). */
extern const parley_model_type parley_model_spatial;

#ifdef __cplusplus
}
#endif
#endif
