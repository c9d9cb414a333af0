/* parley: Stokman's exchange model of voting positions, equal-gain form,
 * with the randomised variant REX.
 *
 * Sources: Stokman & Van Oosten (1994) "The exchange of voting positions:
 * an object-oriented model of policy networks", in Bueno de Mesquita &
 * Stokman (eds.), European Community Decision Making, Yale UP, 105-127;
 * Dijkstra, Van Assen, Stokman & Draaijer (2018) "Random variation of
 * exchange rates in the equal utility exchange model" (REX); the reference
 * implementation foarsitter/decide-exchange-model (its behaviour, not its
 * code).  Formulas, quirks kept and quirks dropped: docs/models.md,
 * "Exchange model".
 *
 * A scenario-scope model: every round builds all candidate exchanges of
 * every pair of issues against the round-start positions, realises them
 * greedily by gain (highest first), and moves every actor's preference part
 * of the way towards its voting position.  All model arithmetic is on an
 * internal 0-100 scale per issue, x' = (x - lo) * 100 / (hi - lo); the
 * exchange records below are on that scale (as the reference's exchange
 * files are); means and positions returned per issue are on the issue
 * scale.
 *
 * A parley_exchange_model belongs to a running parley_model of type
 * parley_model_exchange (parley_model_init_scenario ... parley_model_destroy);
 * parley_model_exchange_state lends it to the reading functions below, whose
 * pointers stay valid until the next parley_model_iterate or
 * parley_model_destroy.  Its life cycle is internal (src/models/exchange_i.h).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_EXCHANGE_H
#define PARLEY_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How candidates whose gains tie (within tie_tolerance) are ordered. */
typedef enum parley_exchange_ties {
    PARLEY_EXCHANGE_TIES_ORDER =
        0, /**< the earliest generated candidate (issue pair, group, actor order) */
    PARLEY_EXCHANGE_TIES_RANDOM =
        1 /**< uniformly among the tied candidates, from the model's RNG */
} parley_exchange_ties;

/** Bookkeeping of the candidates within a round. */
typedef enum parley_exchange_quirks {
    /** the model as specified: the validity rule (an actor's moves on a cell
     * in one round share one sign and sum to at most 100) counts the moves
     * realised this round; the overshoot guard cuts a move so that the mean
     * lands on the partner's position */
    PARLEY_EXCHANGE_QUIRKS_NONE = 0,
    /** as the reference implementation (decide-exchange-model) does it:
     * (D1) when a realised exchange moves a candidate's supply cell, the
     * candidate keeps its own last computed, unrealised move in its history
     * instead of the realised one; (D2) when the candidate has recorded the
     * supplier's own earlier vote in its updates table, the guard's cut is
     * measured from that vote instead of the current position */
    PARLEY_EXCHANGE_QUIRKS_DECIDE = 1
} parley_exchange_quirks;

/** Parameters of the exchange model. */
typedef struct parley_exchange_params {
    size_t rounds;             /**< rounds to play (>= 1; default 10, as the reference) */
    double p;                  /**< REX randomisation, 0 (equal gain, default) to 1 */
    parley_exchange_ties ties; /**< tie rule (default order) */
    double tie_tolerance;      /**< relative gain difference treated as a tie (default 1e-12) */
    uint64_t seed;             /**< seed of the RNG (REX draws, random ties); stream 0x45584348 */
    double fixed_weight;    /**< F of the preference update lambda = F + S (1 - s) (default 0.1) */
    double salience_weight; /**< S of the preference update (default 0.4) */
    parley_exchange_quirks quirks; /**< default none */
    /** The caller's generator (parley_params_set_run), or NULL (default):
     * then the draws start from a copy of *rng instead of the seed. */
    const parley_rng *rng;
} parley_exchange_params;

/** One actor's side of an exchange.  Positions on the internal 0-100 scale. */
typedef struct parley_exchange_side {
    size_t actor;             /**< scenario index */
    size_t supply;            /**< issue the actor moves on (scenario index) */
    size_t demand;            /**< issue on which the partner moves towards this actor */
    double start;             /**< supply position before this exchange */
    double move;              /**< signed move; voting = start + move */
    double voting;            /**< voting position on the supply issue after the exchange */
    double equal_gain_voting; /**< voting position of the equal-gain step, before the overshoot
                                 guard and REX */
    double target;            /**< the partner's round-start position on the supply issue */
    double eu;     /**< this actor's utility gain s_dem * shift(demand) - s_sup * shift(supply) */
    double max_eu; /**< REX: the largest gain this actor could get (NaN unless it was the perturbed
                      side) */
    double nbs0,
        nbs1; /**< mean of the supply issue without / with this move (the candidate's view) */
} parley_exchange_side;

/** A realised exchange: i demands the first issue of the pair (p) and supplies
 * the second (q); j supplies p and demands q. */
typedef struct parley_exchange {
    parley_exchange_side i, j;
    double gain;    /**< the equal gain (after the overshoot guard): the sort key */
    double u, v, z; /**< REX draws (NaN at p = 0) */
    int inner_ad;   /**< 1 when the traders are in groups a and d, 0 for b and c */
    int guarded;    /**< 1 when the overshoot guard cut the moves */
} parley_exchange;

/** Counts of the last round. */
typedef struct parley_exchange_stats {
    size_t candidates;     /**< candidate exchanges generated */
    size_t valid;          /**< valid after the equal-gain step and the guard */
    double valid_gain_sum; /**< sum of the valid candidates' gains */
    size_t realised;       /**< exchanges realised */
    size_t ties;           /**< selections at which more than one candidate tied */
    size_t touched;        /**< candidates the realisations looked at after realising, in all:
                                each looks only at the candidates in which one of its two actors
                                supplies or demands that actor's supply or demand issue, at most
                                4 (n - 1)(m - 1) for n actors and m issues */
    size_t touched_max;    /**< the most candidates one realisation looked at */
} parley_exchange_stats;

/** Externality categories, per actor and round (Stokman & Van Oosten 1994). */
enum {
    PARLEY_EXT_OWN = 0,       /**< gains of the actor's own exchanges */
    PARLEY_EXT_INNER_POS = 1, /**< third party in the traders' group pairing, positive */
    PARLEY_EXT_INNER_NEG = 2,
    PARLEY_EXT_OUTER_POS = 3, /**< third party outside it, positive */
    PARLEY_EXT_OUTER_NEG = 4,
    PARLEY_EXT_N = 5
};

/** A running exchange model (opaque here; see parley_model_exchange_state). */
typedef struct parley_exchange_model parley_exchange_model;

/** Defaults: 10 rounds, p = 0, ties by order, tolerance 1e-12, seed 0, F = 0.1, S = 0.4. */
void parley_exchange_params_default(parley_exchange_params *p);

/** Sets a parameter by name: rounds, p, ties (order|random), seed,
 * fixed-weight, salience-weight, quirks (none|decide).  Errors: PARLEY_EUNSUPPORTED (no such
 * name), PARLEY_EINVAL (bad value, with a message). */
parley_status parley_exchange_params_set(parley_exchange_params *p, const char *key,
                                         const char *value, parley_error *err);

/** Rounds played so far. */
size_t parley_exchange_rounds(const parley_exchange_model *m);

/** The exchanges realised in the last round, in execution order; *stats
 * (may be NULL) receives the round's counts. */
size_t parley_exchange_last(const parley_exchange_model *m, const parley_exchange **ex,
                            parley_exchange_stats *stats);

/** Externalities of the last round: n_actors x PARLEY_EXT_N values, row-major. */
const double *parley_exchange_externalities(const parley_exchange_model *m);

/** Weighted mean (capability x salience) of the current preferences on issue
 * d, issue scale: the round-0 mean before any round. */
double parley_exchange_preference_mean(const parley_exchange_model *m, size_t d);

/** Weighted mean of the voting positions of the last round on issue d,
 * issue scale (the preference mean before any round): the model's forecast. */
double parley_exchange_voting_mean(const parley_exchange_model *m, size_t d);

/** Current preferences on issue d of the actors present on it (issue-view
 * order, issue scale). */
const double *parley_exchange_preferences(const parley_exchange_model *m, size_t d);

/** Voting positions of the last round on issue d (issue-view order, issue scale). */
const double *parley_exchange_votes(const parley_exchange_model *m, size_t d);

/** The model type, name "exchange", scope PARLEY_SCOPE_SCENARIO. */
extern const parley_model_type parley_model_exchange;

/** The exchange model behind a running parley_model of type
 * parley_model_exchange, or NULL for another type. */
const parley_exchange_model *parley_model_exchange_state(const parley_model *m);

#ifdef __cplusplus
}
#endif
#endif
