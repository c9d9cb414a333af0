/* parley_mpi_launcher reads the launchers' variables from the environment:
 * a world size other than 1 counts, a size of 1 (mpirun -np 1) does not and
 * hides the rank variables, a rank variable counts without a size. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <parley/mpi.h>

static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MPI_LOCALNRANKS",
                                   "PMIX_RANK", "PMI_RANK"};

static int clear(void **state) {
    (void)state;
    for (size_t k = 0; k < sizeof vars / sizeof vars[0]; ++k)
        unsetenv(vars[k]);
    return 0;
}

static void test_none(void **state) {
    (void)state;
    char value[8] = "x";
    assert_null(parley_mpi_launcher(value, sizeof value));
    assert_string_equal(value, "x"); /* untouched */
}

static void test_sizes(void **state) {
    (void)state;
    char value[8];
    setenv("PMI_SIZE", "4", 1);
    assert_string_equal(parley_mpi_launcher(value, sizeof value), "PMI_SIZE");
    assert_string_equal(value, "4");
    /* the first size other than 1, in the documented order */
    setenv("OMPI_COMM_WORLD_SIZE", "1", 1);
    assert_string_equal(parley_mpi_launcher(value, sizeof value), "PMI_SIZE");
    setenv("OMPI_COMM_WORLD_SIZE", "12", 1);
    assert_string_equal(parley_mpi_launcher(value, sizeof value), "OMPI_COMM_WORLD_SIZE");
    assert_string_equal(value, "12");
    /* the value is cut to the buffer; NULL with n 0 is allowed */
    setenv("OMPI_COMM_WORLD_SIZE", "123456789", 1);
    assert_string_equal(parley_mpi_launcher(value, 4), "OMPI_COMM_WORLD_SIZE");
    assert_string_equal(value, "123");
    assert_string_equal(parley_mpi_launcher(NULL, 0), "OMPI_COMM_WORLD_SIZE");
}

static void test_one_process(void **state) {
    (void)state;
    char value[8];
    setenv("OMPI_COMM_WORLD_SIZE", "1", 1);
    setenv("PMIX_RANK", "0", 1); /* Open MPI sets it too: one copy all the same */
    assert_null(parley_mpi_launcher(value, sizeof value));
}

static void test_ranks(void **state) {
    (void)state;
    char value[8];
    setenv("PMI_RANK", "3", 1);
    assert_string_equal(parley_mpi_launcher(value, sizeof value), "PMI_RANK");
    assert_string_equal(value, "3");
    setenv("PMIX_RANK", "0", 1);
    assert_string_equal(parley_mpi_launcher(value, sizeof value), "PMIX_RANK");
    assert_string_equal(value, "0");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_none, clear),
        cmocka_unit_test_setup(test_sizes, clear),
        cmocka_unit_test_setup(test_one_process, clear),
        cmocka_unit_test_setup(test_ranks, clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
