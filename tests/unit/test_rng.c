/* RNG: known answers of the published generators, stream independence,
 * and the range and moments of the derived distributions. */
#include "testutil.h"

#include <math.h>

/* xoshiro256** from the state {1, 2, 3, 4}: 11520, 0, 1509978240,
 * 1215971899390074240 (the reference implementation's first outputs). */
static void test_xoshiro_known_answer(void **st) {
    (void)st;
    parley_rng r = {{1, 2, 3, 4}};
    assert_true(parley_rng_next(&r) == 11520ULL);
    assert_true(parley_rng_next(&r) == 0ULL);
    assert_true(parley_rng_next(&r) == 1509978240ULL);
    assert_true(parley_rng_next(&r) == 1215971899390074240ULL);
}

/* Same (seed, stream) gives the same sequence; another stream or seed differs. */
static void test_streams(void **st) {
    (void)st;
    parley_rng a, b, c, d;
    parley_rng_init(&a, 42, 7);
    parley_rng_init(&b, 42, 7);
    parley_rng_init(&c, 42, 8);
    parley_rng_init(&d, 43, 7);
    int same_c = 0, same_d = 0;
    for (int k = 0; k < 100; ++k) {
        uint64_t x = parley_rng_next(&a);
        assert_true(x == parley_rng_next(&b));
        same_c += x == parley_rng_next(&c);
        same_d += x == parley_rng_next(&d);
    }
    assert_int_equal(same_c, 0);
    assert_int_equal(same_d, 0);
}

/* Uniform in [0, 1) with mean 1/2 and variance 1/12; normal with mean 0 and
 * variance 1 (n = 200000: standard errors 0.0006 and 0.0022). */
static void test_moments(void **st) {
    (void)st;
    parley_rng r;
    parley_rng_init(&r, 2385, 0);
    const int n = 200000;
    double su = 0, su2 = 0, sn = 0, sn2 = 0;
    for (int k = 0; k < n; ++k) {
        double u = parley_rng_uniform(&r);
        assert_true(u >= 0.0 && u < 1.0);
        su += u;
        su2 += u * u;
        double z = parley_rng_normal(&r);
        assert_true(isfinite(z));
        sn += z;
        sn2 += z * z;
    }
    double mu = su / n, vu = su2 / n - mu * mu, mz = sn / n, vz = sn2 / n - mz * mz;
    assert_true(fabs(mu - 0.5) < 0.004);
    assert_true(fabs(vu - 1.0 / 12) < 0.003);
    assert_true(fabs(mz) < 0.012);
    assert_true(fabs(vz - 1.0) < 0.015);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xoshiro_known_answer),
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_moments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
