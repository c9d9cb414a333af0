/* The version macros (include/parley/version.h, generated from the project
 * version) and the library's parley_version() agree, and the compatibility
 * name PARLEY_VERSION still holds the same text. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include <parley/parley.h>

static void test_string_matches_numbers(void **st) {
    (void)st;
    char text[64];
    snprintf(text, sizeof text, "%d.%d.%d", PARLEY_VERSION_MAJOR, PARLEY_VERSION_MINOR,
             PARLEY_VERSION_PATCH);
    assert_string_equal(text, PARLEY_VERSION_STRING);
    assert_string_equal(PARLEY_VERSION, PARLEY_VERSION_STRING);
    assert_int_equal(PARLEY_VERSION_NUMBER, PARLEY_VERSION_MAJOR * 10000 +
                                                PARLEY_VERSION_MINOR * 100 + PARLEY_VERSION_PATCH);
}

static void test_runtime_matches_headers(void **st) {
    (void)st;
    assert_non_null(parley_version());
    assert_string_equal(parley_version(), PARLEY_VERSION_STRING);
    /* the project version this build was configured with (CMakeLists.txt) */
    assert_string_equal(parley_version(), PARLEY_TEST_PROJECT_VERSION);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string_matches_numbers),
        cmocka_unit_test(test_runtime_matches_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
