/* parley: Bueno de Mesquita's expected utility (challenge) model.
 *
 * Specification: docs/models.md, written from Bueno de Mesquita (1994)
 * "Political forecasting: an expected utility method" in Bueno de Mesquita
 * & Stokman (eds.), European Community Decision Making; BDM (1997, 2002);
 * Scholz, Calbert & Smith (2011) "Unravelling Bueno de Mesquita's group
 * decision model", J. Theoretical Politics 23(4):510-531; Masad (2016).
 *
 * Two presets:
 *  - "scholz2011" reproduces the Scholz-faithful Python port's trace,
 *    including its quirks, each behind a named flag below;
 *  - "bdm1994" is the textbook form: pairwise-normalised probability with
 *    linear votes, working capitulation, least-movement offer choice.
 *
 * Cost: O(n^3) per round (the Scholz normaliser is computed once per risk
 * state, probabilities are cached per pair of distinct positions), O(n^2)
 * memory.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_EU_H
#define PARLEY_EU_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How P_ij, the probability that i's position beats j's, is normalised. */
typedef enum parley_eu_probability {
    /** Scholz port (quirk S1): positive votes for i over j divided by the sum
     * of absolute votes over all ordered pairs of actors. */
    PARLEY_EU_PROB_ALL_PAIRS = 0,
    /** BDM's text (Masad 2016): positive votes for i over j divided by the
     * absolute votes on the pair (i, j); P_ij + P_ji = 1. */
    PARLEY_EU_PROB_PAIRWISE = 1
} parley_eu_probability;

/** How a receiver chooses among the offers it got in a round. */
typedef enum parley_eu_choice {
    /** Scholz port (quirks S4, S5): any conflict beats any compromise; the
     * conflict with the smallest distance; compromises by the smallest
     * EU-weighted average position (|e_i| x_i + |e_j| x_j)/(|e_i| + |e_j|). */
    PARLEY_EU_CHOICE_SCHOLZ = 0,
    /** BDM / Scholz et al.'s text: the offer requiring the least movement,
     * ties by the largest sender EU e_j, then by actor order. */
    PARLEY_EU_CHOICE_LEAST_MOVEMENT = 1
} parley_eu_choice;

/** Parameters of the expected utility model. */
typedef struct parley_eu_params {
    const char *
        preset; /**< "scholz2011", "bdm1994", or "custom" once a rule was changed (static string) */
    parley_eu_probability probability; /**< S1 */
    int risk_in_votes; /**< S2: votes inside P use each voter's risk exponent r_k (1) or are linear
                          (0) */
    int capitulation;  /**< S3: 1 = capitulation region enabled; 0 = unreachable as in the Scholz
                          port */
    parley_eu_choice choice; /**< S4, S5 */
    int delta_from_data; /**< S10: 1 = scale width from the initial positions; 0 = from the issue
                            bounds */
    double q;            /**< probability that nothing changes without a challenge (Q, 0..1) */
    double t; /**< probability that a change without challenge favours the challenger (T, 0..1) */
    size_t max_rounds;    /**< round limit (>= 1) */
    int stop_fixed_point; /**< stop when no actor moved */
    int stop_cycle;       /**< stop when the positions repeat an earlier round */
    int stop_converged;   /**< stop when |mu_t - mu_{t-1}| / Delta < conv_eps for conv_rounds rounds
                           */
    double conv_eps;      /**< relative tolerance of the convergence rule (default 1e-3) */
    size_t conv_rounds;   /**< consecutive rounds for the convergence rule (default 2) */
    parley_median_rule median_rule; /**< tie rule of the reported median */
    /** Salience shocks (Bueno de Mesquita 2011, "A new model for predicting
     * policy choices", Conflict Management and Peace Science 28(1):65-87):
     * at the start of every round each actor's salience is redrawn, with
     * probability `shock`, uniformly on [0, 1).  0 (the default) = no shocks.
     * The draws come from parley_rng_init(seed, stream): the forecast
     * driver and the ensemble set stream from (replicate, issue). */
    double shock;
    uint64_t seed;   /**< seed of the shock stream (key "seed") */
    uint64_t stream; /**< stream id of the shock stream (key "stream") */
    /** The caller's generator (parley_params_set_run), or NULL: then the
     * shocks draw from a copy of *rng instead of parley_rng_init(seed, stream). */
    const parley_rng *rng;
} parley_eu_params;

/** Fills p with the named preset ("scholz2011" or "bdm1994").
 * Errors: PARLEY_EINVAL for an unknown name. */
parley_status parley_eu_params_preset(parley_eu_params *p, const char *preset, parley_error *err);

/** Sets one parameter by name (the keys of the CLI's --param eu.KEY=VALUE):
 * preset (scholz2011|bdm1994; resets every other parameter, so set it first),
 * rounds (>= 1), probability (all-pairs|pairwise), risk-in-votes (on|off),
 * capitulation (on|off), choice (scholz|least-movement), delta (data|bounds),
 * q, t (0..1), stop (comma list of rounds, fixed-point, cycle, converged, or
 * none), conv-eps (0..1), conv-rounds (>= 1), tie (lower|upper|midpoint),
 * shock (0..1, probability per actor and round of a salience redraw),
 * seed and stream (whole numbers 0..2^64-1: the shock stream).
 * Changing a rule other than rounds, shock, seed and stream marks the
 * preset "custom".
 * Errors: PARLEY_EINVAL (bad value, message in err), PARLEY_EUNSUPPORTED (unknown key). */
parley_status parley_eu_params_set(parley_eu_params *p, const char *key, const char *value,
                                   parley_error *err);

/** The model type for the generic interface (name "eu"). */
extern const parley_model_type parley_model_eu;

#ifdef __cplusplus
}
#endif
#endif
