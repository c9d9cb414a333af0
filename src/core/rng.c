/* xoshiro256** seeded by splitmix64; see include/parley/rng.h for sources.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>

#include <parley/rng.h>

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void parley_rng_init(parley_rng *rng, uint64_t seed, uint64_t stream) {
    uint64_t mix = stream;
    uint64_t x = seed ^ splitmix64(&mix);
    for (int k = 0; k < 4; ++k)
        rng->s[k] = splitmix64(&x);
    if (!(rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]))
        rng->s[0] = 1; /* the all-zero state is a fixed point */
}

static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

uint64_t parley_rng_next(parley_rng *rng) {
    uint64_t *s = rng->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double parley_rng_uniform(parley_rng *rng) {
    return (double)(parley_rng_next(rng) >> 11) * 0x1.0p-53;
}

double parley_rng_normal(parley_rng *rng) {
    double u1 = 1.0 - parley_rng_uniform(rng); /* (0, 1] */
    double u2 = parley_rng_uniform(rng);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
