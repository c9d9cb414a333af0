/* parley CLI: what ensemble, leverage and report share -- running under MPI
 * (no-ops without MPI), a run refused for its memory, writing the report.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#ifdef PARLEY_HAVE_MPI
#include <mpi.h>

#include <parley/mpi.h>
#endif

#include "cli.h"

/* Process setup stays here, not in <parley/mpi.h>: whoever runs parley
 * owns MPI (an embedder has its own MPI_Init and communicators); the
 * header's glue only joins the parts. */
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

int cli_mpi_reduce(const cli_mpi *mi, parley_ensemble_summary *sum, int local_rc) {
#ifdef PARLEY_HAVE_MPI
    if (mi->active)
        return parley_mpi_summary_reduce(sum, local_rc, 0, MPI_COMM_WORLD);
#endif
    (void)mi;
    (void)sum;
    return local_rc;
}

parley_status cli_mpi_share(void *data, double *values, size_t n, parley_status local) {
#ifdef PARLEY_HAVE_MPI
    const cli_mpi *mi = data;
    if (mi->active)
        return parley_mpi_leverage_share(NULL, values, n, local);
#endif
    (void)data;
    (void)values;
    (void)n;
    return local;
}
