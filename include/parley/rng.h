/* parley: the random number generator, an explicit object (no global state).
 *
 * xoshiro256** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4)), seeded through splitmix64 (Steele, Lea &
 * Flood 2014).  A stream is derived from (seed, stream id) alone, so that an
 * ensemble's replicate k, or a forecast's issue i, draws the same numbers
 * whatever the thread or process that runs it.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_RNG_H
#define PARLEY_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_rng {
    uint64_t s[4];
} parley_rng;

/** Initialises rng for stream `stream` of seed `seed`: the state is four
 * successive splitmix64 outputs from seed ^ (stream * golden ratio),
 * after mixing the stream id once, so that nearby seeds and streams give
 * unrelated sequences. */
void parley_rng_init(parley_rng *rng, uint64_t seed, uint64_t stream);

/** Next 64 random bits. */
uint64_t parley_rng_next(parley_rng *rng);

/** Uniform double in [0, 1) with 53 random bits. */
double parley_rng_uniform(parley_rng *rng);

/** Standard normal deviate (Box-Muller on two uniforms; no cached state,
 * so a stream's draws do not depend on earlier calls' parity). */
double parley_rng_normal(parley_rng *rng);

#ifdef __cplusplus
}
#endif
#endif
