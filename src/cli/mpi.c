/* parley CLI: what ensemble, leverage and report share -- running under MPI
 * (no-ops without MPI), a run refused for its memory, writing the report.
 *
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
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

int cli_report_run(const cli_common *c, const char *kind, parley_status built,
                   parley_report_format fmt, const char *output, const parley_scenario *s,
                   const parley_params *params, size_t n, parley_store_render_fn render,
                   void *data) {
    parley_buf b;
    parley_buf_init(&b);
    if (built == PARLEY_OK)
        built = render(data, fmt, &b);
    int rc = cli_finish_report(built, output, &b);
    return rc != 0 ? rc : cli_store_outputs(c, kind, s, NULL, params, n, render, data);
}

int cli_memory_refused(const cli_common *c, const parley_error *err) {
    cli_print_error(err, c->req.file ? c->req.file : cli_scenario_name(c));
    cli_error("%s: the limit is --max-memory SIZE (default: half of the physical memory)", c->cmd);
    return cli_exit_code(err->status);
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
    uint64_t *part[] = {sum->sums, sum->mins, sum->maxs};
    const MPI_Op op[] = {MPI_SUM, MPI_MIN, MPI_MAX};
    for (int k = 0; k < 3; ++k)
        MPI_Reduce(mi->rank == 0 ? MPI_IN_PLACE : part[k], part[k],
                   (int)(k ? sum->ext_len : sum->sums_len), MPI_UINT64_T, op[k], 0, MPI_COMM_WORLD);
    return 0;
#else
    (void)mi;
    (void)sum;
    return local_rc;
#endif
}

/* Joins the parts of one leverage phase: rank r computed values
 * [n r / size, n (r + 1) / size).  The ranks first agree on the worst
 * status (the codes are ordered only for this: any failure stops all). */
parley_status cli_mpi_share(void *data, double *values, size_t n, parley_status local) {
#ifdef PARLEY_HAVE_MPI
    const cli_mpi *mi = data;
    if (!mi->active || mi->size == 1)
        return local;
    int mine = (int)local, worst = 0;
    if (local == PARLEY_OK && n > (size_t)INT_MAX)
        mine = (int)PARLEY_ENOMEM; /* MPI counts are int */
    MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst != 0)
        return (parley_status)worst;
    int *counts = malloc((size_t)mi->size * sizeof *counts);
    int *displs = malloc((size_t)mi->size * sizeof *displs);
    mine = counts && displs ? 0 : (int)PARLEY_ENOMEM;
    MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst == 0) {
        const unsigned long long z = (unsigned long long)mi->size, nn = (unsigned long long)n;
        for (int r = 0; r < mi->size; ++r) {
            const unsigned long long lo = nn * (unsigned long long)r / z,
                                     hi = nn * (unsigned long long)(r + 1) / z;
            counts[r] = (int)(hi - lo);
            displs[r] = (int)lo;
        }
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, values, counts, displs, MPI_DOUBLE,
                       MPI_COMM_WORLD);
    }
    free(counts);
    free(displs);
    return (parley_status)worst;
#else
    (void)data;
    (void)values;
    (void)n;
    return local;
#endif
}
