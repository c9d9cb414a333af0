/* parley_store_run_ids_parse: the run numbers of `parley report --runs`,
 * in order and with repeats, and the texts it refuses. */
#include "testutil.h"

#include <stdlib.h>

static void test_run_ids(void **state) {
    (void)state;
    long long *ids = NULL;
    size_t n = 0;
    parley_error err;
    assert_int_equal(parley_store_run_ids_parse("3,1,3,9223372036854775807", &ids, &n, &err),
                     PARLEY_OK);
    assert_int_equal(n, 4);
    assert_true(ids[0] == 3 && ids[1] == 1 && ids[2] == 3);
    assert_true(ids[3] == 9223372036854775807LL);
    free(ids);
    const char *bad[] = {
        "", "1,", ",1", "0", "1,-2", "+1", "1 ", "9223372036854775808", "00000000000000000001",
        "x"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; ++k) {
        assert_int_equal(parley_store_run_ids_parse(bad[k], &ids, &n, &err), PARLEY_EINVAL);
        assert_null(ids);
        assert_int_equal(n, 0);
    }
    assert_string_equal(err.message, "run numbers are whole numbers from 1 separated by ',', "
                                     "not 'x'");
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_run_ids)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
