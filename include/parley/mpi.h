/* parley: running parley's analyses over MPI processes.
 *
 * libparley is built without MPI and never calls it: the glue that joins
 * the parts of an ensemble or a leverage analysis computed by several MPI
 * processes is here, as static inline functions compiled into the caller
 * (the parley_mpi program, or an embedder running parley under MPI), so
 * they use whatever MPI the caller links.  They are available when <mpi.h>
 * is included before this header:
 *
 *     #include <mpi.h>
 *     #include <parley/mpi.h>
 *
 * The caller owns MPI: it calls MPI_Init before and MPI_Finalize after
 * (parley never initialises MPI for its host).  Each process runs its part:
 * parley_ensemble_options_share(o, replicates, rank, size) for an
 * ensemble, then parley_mpi_summary_reduce; for leverage, options rank and
 * size with share = parley_mpi_leverage_share.  Every process must call
 * these functions collectively (all of comm, in the same order).
 *
 * parley_mpi_launcher needs no MPI: it is part of libparley and declared
 * whether or not <mpi.h> came first.  parley.h does not include this header.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_MPI_H
#define PARLEY_MPI_H

#include <stddef.h>

#include "ensemble.h"
#include "leverage.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Says whether this process was started by an MPI launcher as one of
 * several copies (mpirun, mpiexec, srun with PMI/PMIx), from the
 * environment only: Open MPI sets OMPI_COMM_WORLD_SIZE, MPICH's and Intel
 * MPI's Hydra PMI_SIZE and PMI_RANK, MPICH MPI_LOCALNRANKS, PMIx launchers
 * PMIX_RANK.  A stated world size of 1 (mpirun -np 1) runs one copy and
 * does not count; a rank variable counts only when no size variable is set.
 * A program built without MPI can use it to refuse to run as many
 * independent copies that would each do the whole work.
 * @param value  receives the variable's value (cut to n - 1 bytes) when one
 *               is found; may be NULL when n is 0
 * @param n      size of value in bytes
 * @return the name of the variable found (a static string: the first of
 *         OMPI_COMM_WORLD_SIZE, PMI_SIZE, MPI_LOCALNRANKS, then PMIX_RANK,
 *         PMI_RANK), or NULL when none says so.  Cannot fail. */
const char *parley_mpi_launcher(char *value, size_t n);

#ifdef __cplusplus
}
#endif

#ifdef MPI_VERSION

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

/** Joins the ensemble summaries of the processes of comm into root's:
 * element-wise sums of sum->sums, minima of sum->mins and maxima of
 * sum->maxs (exact integer reductions, so the result equals one process
 * running every replicate; parley_ensemble_summary documents the layout).
 * The processes first agree on failure: when any process's local is
 * nonzero, no summary is reduced.  Collective over comm; with a single
 * process it only returns local.
 * @param sum    this process's summary (all processes' of the same shape:
 *               the same request); on root it receives the joined one,
 *               other processes' are used as scratch
 * @param local  this process's outcome: 0 when its summary is complete, else
 *               a positive code of the caller's choosing (a parley_status,
 *               an exit code)
 * @param root   the rank (in comm) that receives the joined summary
 * @param comm   the processes, usually MPI_COMM_WORLD
 * @return local when nonzero; else the largest code of the other
 *         processes when one failed (sum unchanged); else 0. */
static inline int parley_mpi_summary_reduce(parley_ensemble_summary *sum, int local, int root,
                                            MPI_Comm comm) {
    int size = 1, rank = 0, worst = 0;
    MPI_Comm_size(comm, &size);
    if (size == 1)
        return local;
    MPI_Comm_rank(comm, &rank);
    MPI_Allreduce(&local, &worst, 1, MPI_INT, MPI_MAX, comm);
    if (worst != 0)
        return local != 0 ? local : worst;
    uint64_t *const part[] = {sum->sums, sum->mins, sum->maxs};
    const size_t len[] = {sum->sums_len, sum->ext_len, sum->ext_len};
    const MPI_Op op[] = {MPI_SUM, MPI_MIN, MPI_MAX};
    for (int k = 0; k < 3; ++k) {
        /* MPI counts are int: a longer array goes in pieces */
        for (size_t at = 0; at < len[k]; at += (size_t)INT_MAX) {
            const size_t left = len[k] - at;
            const int count = left > (size_t)INT_MAX ? INT_MAX : (int)left;
            MPI_Reduce(rank == root ? MPI_IN_PLACE : part[k] + at, part[k] + at, count,
                       MPI_UINT64_T, op[k], root, comm);
        }
    }
    return 0;
}

/** A parley_leverage_share_fn over MPI: joins the parts of one leverage
 * phase, where the process of rank r in comm computed values
 * [n r / size, n (r + 1) / size) (set the leverage options' rank and size
 * to the process's rank and comm's size).  The processes first agree on
 * the worst status (the status codes are compared as numbers only for
 * this: any failure stops all), then all-gather the values.  Collective
 * over comm.
 * @param data    a pointer to the MPI_Comm to use, or NULL for MPI_COMM_WORLD
 *                (the options' share_data)
 * @param values  n values: this process's part filled in; on return all of
 *                them, from every process
 * @param n       number of values of the phase
 * @param local   this process's status for its part
 * @return PARLEY_OK when every process succeeded (values then complete),
 *         else the largest status of the processes: PARLEY_ENOMEM also when
 *         n exceeds MPI's int counts or the counts could not be allocated. */
static inline parley_status parley_mpi_leverage_share(void *data, double *values, size_t n,
                                                      parley_status local) {
    MPI_Comm comm = data ? *(MPI_Comm *)data : MPI_COMM_WORLD;
    int size = 1, mine = (int)local, worst = 0;
    MPI_Comm_size(comm, &size);
    if (size == 1)
        return local;
    if (local == PARLEY_OK && n > (size_t)INT_MAX)
        mine = (int)PARLEY_ENOMEM; /* MPI counts are int */
    MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, comm);
    if (worst != 0)
        return (parley_status)worst;
    int *counts = (int *)malloc((size_t)size * sizeof *counts);
    int *displs = (int *)malloc((size_t)size * sizeof *displs);
    mine = counts && displs ? 0 : (int)PARLEY_ENOMEM;
    MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, comm);
    if (worst == 0) {
        const unsigned long long z = (unsigned long long)size, nn = (unsigned long long)n;
        for (int r = 0; r < size; ++r) {
            const unsigned long long lo = nn * (unsigned long long)r / z,
                                     hi = nn * (unsigned long long)(r + 1) / z;
            counts[r] = (int)(hi - lo);
            displs[r] = (int)lo;
        }
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, values, counts, displs, MPI_DOUBLE,
                       comm);
    }
    free(counts);
    free(displs);
    return (parley_status)worst;
}

#endif /* MPI_VERSION */

#endif
