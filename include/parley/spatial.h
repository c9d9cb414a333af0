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
 * Usage: through the generic interface (parley/model.h), type
 * parley_model_spatial, with this file's parameters and switches:
 *
 *     parley_params p;
 *     parley_params_init(&p, &parley_model_spatial);
 *     parley_spatial_params_set(p.data, "victory", "square", &err);
 *     parley_forecast_init(&f, &scenario, &p, 1, 1, &err);   // traced
 *
 * The workspace and its step-by-step internals are internal
 * (src/models/spatial_i.h).
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

/** The model type for the generic interface (name "spatial"; scenario-scope:
 * the scenario's issues are the dimensions). */
extern const parley_model_type parley_model_spatial;

#ifdef __cplusplus
}
#endif
#endif
