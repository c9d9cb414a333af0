/* The MPI glue of <parley/mpi.h>, run under mpirun with several processes
 * (tests/CMakeLists.txt): summaries are joined element-wise into the root,
 * leverage parts are gathered by every process, and a failure on any
 * process is seen by all.  Each process checks its own results. */
#include <mpi.h>

#include <parley/mpi.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

static int rank, size;

static void test_summary_reduce(void **state) {
    (void)state;
    uint64_t sums[3] = {1, (uint64_t)rank, 10}, mins[2] = {(uint64_t)(5 + rank), 7},
             maxs[2] = {(uint64_t)(5 + rank), 7};
    parley_ensemble_summary s = {0};
    s.sums = sums, s.mins = mins, s.maxs = maxs, s.sums_len = 3, s.ext_len = 2;
    assert_int_equal(parley_mpi_summary_reduce(&s, 0, 0, MPI_COMM_WORLD), 0);
    if (rank == 0) {
        const uint64_t n = (uint64_t)size;
        assert_true(sums[0] == n && sums[1] == n * (n - 1) / 2 && sums[2] == 10 * n);
        assert_true(mins[0] == 5 && mins[1] == 7);
        assert_true(maxs[0] == 5 + n - 1 && maxs[1] == 7);
    }
}

static void test_summary_failure(void **state) {
    (void)state;
    uint64_t sums[1] = {1}, ext[1] = {1};
    parley_ensemble_summary s = {0};
    s.sums = sums, s.mins = ext, s.maxs = ext, s.sums_len = 1, s.ext_len = 1;
    /* the last process fails with code 3: all see a failure, it its own */
    const int mine = rank == size - 1 ? 3 : 0;
    assert_int_equal(parley_mpi_summary_reduce(&s, mine, 0, MPI_COMM_WORLD), 3);
    assert_true(sums[0] == 1); /* nothing reduced */
}

static void test_leverage_share(void **state) {
    (void)state;
    enum { N = 7 };
    double v[N];
    const size_t lo = (size_t)N * (size_t)rank / (size_t)size,
                 hi = (size_t)N * (size_t)(rank + 1) / (size_t)size;
    for (size_t k = 0; k < N; ++k)
        v[k] = k >= lo && k < hi ? 2.385 * (double)k : -1.0;
    MPI_Comm comm = MPI_COMM_WORLD;
    assert_int_equal(parley_mpi_leverage_share(&comm, v, N, PARLEY_OK), PARLEY_OK);
    for (size_t k = 0; k < N; ++k)
        assert_true(v[k] == 2.385 * (double)k);
    /* a failing process stops all, with the largest status */
    const parley_status mine = rank == 0 ? PARLEY_EDATA : rank == 1 ? PARLEY_ENOMEM : PARLEY_OK;
    assert_int_equal(parley_mpi_leverage_share(NULL, v, N, mine), PARLEY_EDATA);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_reduce),
        cmocka_unit_test(test_summary_failure),
        cmocka_unit_test(test_leverage_share),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    MPI_Finalize();
    return rc;
}
