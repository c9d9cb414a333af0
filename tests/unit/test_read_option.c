/* parley_read_option_set: each read option from its text form, and the
 * words of a value it does not take. */
#include "testutil.h"

#include <string.h>

static void test_read_option_set(void **state) {
    (void)state;
    parley_read_options ro;
    parley_read_options_init(&ro);
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_read_option_set(&ro, "salience-scale", "100", &err), PARLEY_OK);
    assert_int_equal(ro.salience_scale, 100);
    assert_int_equal(parley_read_option_set(&ro, "bounds", "-1.5,2e1", &err), PARLEY_OK);
    assert_int_equal(ro.bounds_given, 1);
    assert_true(ro.lo == -1.5 && ro.hi == 20.0);
    assert_int_equal(parley_read_option_set(&ro, "delimiter", "tab", &err), PARLEY_OK);
    assert_int_equal(ro.delimiter, '\t');
    assert_int_equal(parley_read_option_set(&ro, "delimiter", ";", &err), PARLEY_OK);
    assert_int_equal(ro.delimiter, ';');
    assert_int_equal(parley_read_option_set(&ro, "decimal", ",", &err), PARLEY_OK);
    assert_int_equal(ro.decimal, ',');
    /* refused, in words; the option keeps its value */
    assert_int_equal(parley_read_option_set(&ro, "bounds", "5,1", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "bounds must be LO,HI with LO < HI, not '5,1'");
    assert_true(ro.lo == -1.5 && ro.hi == 20.0);
    assert_int_equal(parley_read_option_set(&ro, "salience-scale", "10", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "salience-scale must be 1 or 100, not '10'");
    assert_int_equal(parley_read_option_set(&ro, "delimiter", "|", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "delimiter must be ',', ';' or tab, not '|'");
    assert_int_equal(parley_read_option_set(&ro, "colour", "red", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "no read option named 'colour'");
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_read_option_set)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
