/* parley CLI: running the ensemble under MPI (no-ops without MPI).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>

#ifdef PARLEY_HAVE_MPI
#include <mpi.h>
#endif

#include "cli.h"

void cli_mpi_start(cli_mpi *mi) {
    mi->rank = 0;
    mi->size = 1;
    mi->active = 0;
#ifdef PARLEY_HAVE_MPI
    /* only under mpirun: a plain run stays a plain process */
    if (getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK")) {
        int init = 0;
        MPI_Initialized(&init);
        if (!init)
            MPI_Init(NULL, NULL);
        MPI_Comm_rank(MPI_COMM_WORLD, &mi->rank);
        MPI_Comm_size(MPI_COMM_WORLD, &mi->size);
        mi->active = 1;
    }
#endif
}

void cli_mpi_stop(const cli_mpi *mi) {
#ifdef PARLEY_HAVE_MPI
    if (mi->active)
        MPI_Finalize();
#else
    (void)mi;
#endif
}

/* Sums the ranks' summaries into rank 0's (exact integer reductions). */
int cli_mpi_reduce(const cli_mpi *mi, parley_ensemble_summary *sum, int local_rc) {
#ifdef PARLEY_HAVE_MPI
    if (!mi->active || mi->size == 1)
        return local_rc;
    int rc = local_rc, worst = 0;
    MPI_Allreduce(&rc, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst != 0)
        return rc != 0 ? rc : worst;
    void *sbuf = mi->rank == 0 ? MPI_IN_PLACE : sum->sums;
    MPI_Reduce(sbuf, sum->sums, (int)sum->sums_len, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    sbuf = mi->rank == 0 ? MPI_IN_PLACE : sum->mins;
    MPI_Reduce(sbuf, sum->mins, (int)sum->ext_len, MPI_UINT64_T, MPI_MIN, 0, MPI_COMM_WORLD);
    sbuf = mi->rank == 0 ? MPI_IN_PLACE : sum->maxs;
    MPI_Reduce(sbuf, sum->maxs, (int)sum->ext_len, MPI_UINT64_T, MPI_MAX, 0, MPI_COMM_WORLD);
    return 0;
#else
    (void)mi;
    (void)sum;
    return local_rc;
#endif
}
