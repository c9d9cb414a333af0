/* parley CLI: records a finished run in the run store (--store FILE or
 * PARLEY_STORE; include/parley/store.h, docs/store.md).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

int cli_store_outputs(const cli_common *c, const char *kind, const parley_scenario *s,
                      const parley_forecast *f, const parley_params *params, size_t n_params,
                      parley_store_render_fn render, void *data) {
    if (!c->store)
        return 0;
    parley_store_outputs out;
    parley_status st = parley_store_outputs_render(&out, kind, render, data);
    int rc;
    if (st != PARLEY_OK) {
        cli_error("cannot render the run for the store: %s", parley_strstatus(st));
        rc = cli_exit_code(st);
    } else {
        rc = cli_store_run(c, s, f, params, n_params, out.docs, PARLEY_STORE_N_FORMATS);
    }
    parley_store_outputs_destroy(&out);
    return rc;
}

int cli_store_run(const cli_common *c, const parley_scenario *s, const parley_forecast *f,
                  const parley_params *params, size_t n_params, const parley_store_document *docs,
                  size_t n_docs) {
    if (!c->store)
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    parley_store_run r;
    parley_store_run_init(&r);
    r.command = c->cmd;
    r.scenario_file = c->req.file;
    r.seed = c->setup.seed;
    r.started = c->started;
    r.wall_seconds =
        (double)(now.tv_sec - c->t0.tv_sec) + 1e-9 * (double)(now.tv_nsec - c->t0.tv_nsec);
    r.level = (parley_store_level)c->store_level; /* the store keeps rounds of a forecast only */
    parley_error err;
    parley_error_clear(&err);
    long long id = 0;
    parley_status status = parley_store_record(c->store, &r, c->argc, (const char *const *)c->argv,
                                               s, f, params, n_params, docs, n_docs, &id, &err);
    if (status != PARLEY_OK) {
        cli_print_error(&err, c->store);
        cli_error("the run was not stored (the output above is complete)");
        return cli_exit_code(status);
    }
    fprintf(stderr, "parley: %s stored as run %lld in %s\n", c->cmd, id, c->store);
    return 0;
}
