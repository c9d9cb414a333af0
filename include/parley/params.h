/* parley: the typed run parameters every model shares -- the seed and
 * stream of its random numbers and its number of rounds.
 *
 * Model-specific switches are set by name (parley_params_set, the text
 * form of `--param MODEL.KEY=VALUE`, parsed once into the model's typed
 * parameter struct).  The numbers every model shares travel as numbers:
 * a caller fills a parley_run_params, checks it once with
 * parley_run_params_check and hands it to parley_params_set_run.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_PARAMS_H
#define PARLEY_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most rounds a model may play (the one copy of this limit). */
#define PARLEY_MAX_ROUNDS 1000000000ULL
/** Largest seed, 2^63-1 (the one copy of this limit; seeds stay within a
 * signed 64-bit integer so that every binding and file format holds them). */
#define PARLEY_MAX_SEED 9223372036854775807ULL

/** What parley_params_set_run applies (flags). */
enum {
    PARLEY_RUN_SEED = 1u,   /**< the seed */
    PARLEY_RUN_ROUNDS = 2u, /**< the rounds */
    PARLEY_RUN_STREAM = 4u  /**< the stream (else the model draws from one fixed stream) */
};

/** The run parameters a model may use. */
typedef struct parley_run_params {
    /** Seed of the model's random numbers, 0 .. PARLEY_MAX_SEED. */
    uint64_t seed;
    /** Stream of the model's random numbers, any value: the forecast driver
     * passes parley_forecast_stream(replicate, issue) so that replicates
     * and issues draw independent numbers.  A model with one fixed stream
     * ignores it (see parley_params_set_run). */
    uint64_t stream;
    /** Rounds to play at most, 1 .. PARLEY_MAX_ROUNDS; 0 keeps the model's
     * own number (its default or preset). */
    size_t rounds;
    /** The caller's generator, or NULL.  When given, a model starts its
     * draws from a copy of *rng instead of seeding from (seed, stream), so
     * every run made with these parameters draws the same numbers; a
     * model that seeds a generator per step (spatial) takes its seed from
     * the first output of a copy.  *rng must outlive the runs. */
    const parley_rng *rng;
} parley_run_params;

/** Seed 0, stream 0, rounds 0 (the model's own), no generator. */
void parley_run_params_init(parley_run_params *rp);

/** The one validation of the run parameters: seed <= PARLEY_MAX_SEED and
 * rounds <= PARLEY_MAX_ROUNDS.  Errors: PARLEY_EINVAL with the message
 * "seed must be a whole number from 0 to 2^63-1" or "rounds must be a
 * whole number from 1 to 1000000000". */
parley_status parley_run_params_check(const parley_run_params *rp, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
