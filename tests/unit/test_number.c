/* The one strict number parser (src/core/number.c): what it accepts, what
 * it refuses, and how it names overflow and underflow. */
#include "testutil.h"

#include <string.h>

#include "core/internal.h"

static int parse(const char *text, double *out) {
    return parley_i_parse_real(text, strlen(text), out);
}

static void test_accepts_decimal(void **st) {
    (void)st;
    static const struct {
        const char *text;
        double value;
    } ok[] = {
        {"16", 16.0},
        {"-3", -3.0},
        {"2.5", 2.5},
        {"0.5", 0.5},
        {"007", 7.0},
        {"1e3", 1000.0},
        {"1E-2", 0.01},
        {"-0", 0.0},
        {"12.5", 12.5},
        {"1e308", 1e308},
        {"2.2250738585072014e-308", 2.2250738585072014e-308}, /* DBL_MIN */
    };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; ++k) {
        double v = -99.0;
        assert_int_equal(parse(ok[k].text, &v), PARLEY_I_NUM_OK);
        assert_true(v == ok[k].value);
    }
}

static void test_refuses_loose_forms(void **st) {
    (void)st;
    static const char *const bad[] = {
        "", " 5", "5 ", "0x10", "0x1p4", "0X1", "inf", "nan", "-inf", "1e", "e3", ".", "+", "1.2.3",
        "1e+", "1,5", "--1", "1e3x", "0x0.1",
        /* wider than the documented -?D+(.D+)?(e[+-]?D+)? (issue 10) */
        "+60", ".5", "60.", "-.5", "1.e3", "+1e3", "-"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; ++k) {
        double v = 7.0;
        assert_int_equal(parse(bad[k], &v), PARLEY_I_NUM_SYNTAX);
        assert_true(v == 7.0); /* untouched */
    }
}

static void test_range(void **st) {
    (void)st;
    double v = 7.0;
    assert_int_equal(parse("1e400", &v), PARLEY_I_NUM_OVERFLOW);
    assert_int_equal(parse("-1e400", &v), PARLEY_I_NUM_OVERFLOW);
    assert_int_equal(parse("1e-400", &v), PARLEY_I_NUM_UNDERFLOW);
    assert_int_equal(parse("1e-310", &v), PARLEY_I_NUM_UNDERFLOW); /* subnormal */
    assert_true(v == 7.0);
    assert_int_equal(parse("0e-400", &v), PARLEY_I_NUM_OK); /* zero is not an underflow */
    assert_true(v == 0.0);
    assert_non_null(strstr(parley_i_number_problem(PARLEY_I_NUM_UNDERFLOW), "underflow"));
    /* only the first len characters count */
    assert_int_equal(parley_i_parse_real("12,34", 2, &v), PARLEY_I_NUM_OK);
    assert_true(v == 12.0);
}

static void test_long_numbers(void **st) {
    (void)st;
    /* more digits than the 128-byte stack copy: read from the heap, exactly */
    char text[400];
    memset(text, '0', sizeof text);
    text[0] = '1';
    text[1] = '.';
    text[sizeof text - 1] = '\0'; /* "1.000...0", 399 characters */
    double v = 0.0;
    assert_int_equal(parse(text, &v), PARLEY_I_NUM_OK);
    assert_true(v == 1.0);
    /* 0.000...01 with 330 zeros: 1e-331, below DBL_MIN */
    char tiny[340] = "0.";
    memset(tiny + 2, '0', 330);
    tiny[332] = '1';
    tiny[333] = '\0';
    assert_int_equal(parse(tiny, &v), PARLEY_I_NUM_UNDERFLOW);
}

static void test_fix_suggestion(void **st) {
    (void)st;
    static const struct {
        const char *text, *fixed;
    } loose[] = {
        {"+60", "60"},   {".5", "0.5"},     {"60.", "60.0"},
        {"-.5", "-0.5"}, {"1.e3", "1.0e3"}, {"+.5", "0.5"},
    };
    char buf[64];
    for (size_t k = 0; k < sizeof loose / sizeof loose[0]; ++k) {
        assert_int_equal(parley_i_number_fix(loose[k].text, strlen(loose[k].text), buf, sizeof buf),
                         1);
        assert_string_equal(buf, loose[k].fixed);
    }
    /* no suggestion for what is fine already or is no number at all */
    static const char *const none[] = {"60", ".", "+", "abc", "1.2.3", "+1e-400", "0x10"};
    for (size_t k = 0; k < sizeof none / sizeof none[0]; ++k)
        assert_int_equal(parley_i_number_fix(none[k], strlen(none[k]), buf, sizeof buf), 0);
}

/* The public API (number.h): the same parser with a located message, and
 * the shortest round-trip format. */
static void test_public_api(void **st) {
    (void)st;
    double v = 7;
    parley_error err;
    assert_int_equal(parley_number_parse("38.61xyz", 5, &v, &err), PARLEY_OK);
    assert_true(v == 38.61);
    v = 7;
    assert_int_equal(parley_number_parse("+60", 3, &v, &err), PARLEY_EINVAL);
    assert_true(v == 7);
    assert_non_null(strstr(err.message, "'+60'"));
    assert_int_equal(parley_number_parse("1e999", 5, &v, &err), PARLEY_EINVAL);
    assert_int_equal(parley_number_parse(NULL, 0, &v, &err), PARLEY_EINVAL);
    char buf[PARLEY_NUMBER_BUF];
    assert_string_equal(parley_number_format(38.61, buf), "38.61");
    assert_string_equal(parley_number_format(0.1 + 0.2, buf), "0.30000000000000004");
    assert_string_equal(parley_number_format(-0.0, buf), "0");
    assert_string_equal(parley_number_format(1e21, buf), "1e+21");
    assert_string_equal(parley_number_format(-1.7976931348623157e308, buf),
                        "-1.7976931348623157e+308");
    /* every format reads back exactly */
    const double xs[] = {2.385, 1.0 / 3.0, 5e-324, 123456789012345680.0};
    for (size_t k = 0; k < 4; ++k) {
        parley_number_format(xs[k], buf);
        double back = 0;
        if (xs[k] == 5e-324) /* subnormal: refused as underflow by design */
            assert_int_equal(parley_number_parse(buf, strlen(buf), &back, &err), PARLEY_EINVAL);
        else {
            assert_int_equal(parley_number_parse(buf, strlen(buf), &back, &err), PARLEY_OK);
            assert_true(back == xs[k]);
        }
    }
}

/* Whole numbers without sign (command-line counts and seeds) and the
 * OMP_NUM_THREADS check built on them. */
static void test_unsigned_and_threads_env(void **st) {
    (void)st;
    unsigned long long v = 5;
    parley_error err;
    assert_int_equal(parley_number_parse_unsigned("007", 10, &v, &err), PARLEY_OK);
    assert_true(v == 7);
    /* 2^64 - 1 is the largest; 2^64 overflows */
    assert_int_equal(parley_number_parse_unsigned("18446744073709551615", ~0ULL, &v, &err),
                     PARLEY_OK);
    assert_true(v == 18446744073709551615ULL);
    v = 5;
    assert_int_equal(parley_number_parse_unsigned("18446744073709551616", ~0ULL, &v, &err),
                     PARLEY_EINVAL);
    const char *bad[] = {"", "+7", "-7", " 7", "7 ", "7.0", "1e3", "0x10", "11"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; ++k)
        assert_int_equal(parley_number_parse_unsigned(bad[k], 10, &v, &err), PARLEY_EINVAL);
    assert_int_equal(parley_number_parse_unsigned(NULL, 10, &v, &err), PARLEY_EINVAL);
    assert_true(v == 5);
    assert_string_equal(err.message, "'' is not a whole number from 0 to 10");

    assert_int_equal(parley_threads_env_check(NULL, &err), PARLEY_OK);
    assert_int_equal(parley_threads_env_check("", &err), PARLEY_OK);
    assert_int_equal(parley_threads_env_check("1024", &err), PARLEY_OK);
    assert_int_equal(parley_threads_env_check("4,2,1", &err), PARLEY_OK);
    const char *bad_env[] = {"0", "1025", "100000", "4,", ",4", "4,,2", "four", "-2"};
    for (size_t k = 0; k < sizeof bad_env / sizeof *bad_env; ++k)
        assert_int_equal(parley_threads_env_check(bad_env[k], &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "the environment variable OMP_NUM_THREADS must be a whole "
                                     "number from 1 to 1024 (or a comma-separated list of them), "
                                     "not '-2'");
    /* a long value is cut to 40 bytes */
    assert_int_equal(parley_threads_env_check("1234567890123456789012345678901234567890123", &err),
                     PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "not '1234567890123456789012345678901234567890...'"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_decimal),
        cmocka_unit_test(test_refuses_loose_forms),
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_long_numbers),
        cmocka_unit_test(test_fix_suggestion),
        cmocka_unit_test(test_public_api),
        cmocka_unit_test(test_unsigned_and_threads_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
