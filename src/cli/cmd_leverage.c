/* parley leverage [SCENARIO] -- who moves each forecast most, and by which
 * input; with --actor, the position that actor should state.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <unistd.h>

#include "cli.h"

typedef struct {
    cli_common c;
    /* --actor, --issue, --grid, --actors, --step, --effect, --top-actors */
    parley_leverage_request req;
    unsigned long long top, threads;
    int quiet;
    int screen; /* PARLEY_LEVERAGE_SCREEN_* bits, 0 = not given */
    parley_report_format format;
    const char *output;
} lev_opts;

static const cli_choice screens[] = {{"leaves,position", PARLEY_LEVERAGE_SCREEN_DEFAULT},
                                     {"position,leaves", PARLEY_LEVERAGE_SCREEN_DEFAULT},
                                     {"leaves", PARLEY_LEVERAGE_SCREEN_LEAVES},
                                     {"position", PARLEY_LEVERAGE_SCREEN_POSITION},
                                     {NULL, 0}};

#define T lev_opts
static const cli_option leverage_options[] = {
    {"", 0, CLI_TABLE, .at = 0, .table = cli_common_options},
    {"effect", 0, CLI_REAL, .at = CLI_FIELD(T, req.options.step_effect, double), .hi = 1,
     .open = 1},
    {"step", 0, CLI_REAL, .at = CLI_FIELD(T, req.options.step, double), .hi = 0.5, .open = 1},
    {"top", 0, CLI_UINT, .at = CLI_FIELD(T, top, unsigned long long),
     .max = PARLEY_LEVERAGE_MAX_TOP},
    {"top-actors", 0, CLI_SIZE, .at = CLI_FIELD(T, req.options.top_actors, size_t), .min = 1,
     .max = PARLEY_LEVERAGE_MAX_TOP},
    /* before --issue and --grid: the first rule broken is reported */
    {"screen", 0, CLI_CHOICE, .at = CLI_FIELD(T, screen, int), .choices = screens,
     .must = "leaves,position, leaves or position", .needs = "top-actors"},
    {"actor", 0, CLI_TEXT, .at = CLI_FIELD(T, req.actor, const char *)},
    /* both shape --actor's search */
    {"issue", 0, CLI_TEXT, .at = CLI_FIELD(T, req.issue, const char *), .needs = "actor"},
    {"grid", 0, CLI_SIZE, .at = CLI_FIELD(T, req.grid_points, size_t), .min = 3,
     .max = PARLEY_BEST_POSITION_MAX_GRID, .needs = "actor"},
    {"actors", 0, CLI_LIST, .at = CLI_FIELD(T, req.actor_names, const char *const *),
     .count = CLI_FIELD(T, req.n_actor_names, size_t)},
    {"threads", 'j', CLI_UINT, .at = CLI_FIELD(T, threads, unsigned long long), .min = 1,
     .max = 1024},
    {"quiet", 'q', CLI_FLAG, .at = CLI_FIELD(T, quiet, int), .min = 1},
    {"format", 'f', CLI_CALL, .at = CLI_FIELD(T, format, parley_report_format),
     .call = cli_format_option},
    {"output", 'o', CLI_FILE, .at = CLI_FIELD(T, output, const char *)},
    CLI_HELP_OPTION,
    {0}};

typedef struct lev_render {
    parley_leverage_report r;
    parley_report_meta meta;
} lev_render;

static parley_status render_leverage(void *data, parley_report_format fmt, parley_buf *out) {
    const lev_render *e = data;
    return parley_report_leverage(&e->r, fmt, &e->meta, out);
}

static int check(void *opts, int argc, char **argv) {
    lev_opts *o = opts;
    int rc;
    if ((rc = cli_common_finish(&o->c, argc, argv)) != 0)
        return rc;
    if ((rc = cli_check_omp_env("leverage")) != 0)
        return rc;
    return cli_check_run_outputs(&o->c, NULL, &o->output, 1, 0);
}

/* The request's prepare hook on a terminal: how many forecasts, and how
 * long; then the progress bar. */
typedef struct lev_bar {
    const parley_leverage_request *req;
    cli_progress pr;
} lev_bar;

static void prepare(void *data, const parley_leverage_result *res, parley_leverage_options *lo) {
    lev_bar *bar = data;
    const parley_leverage_request *req = bar->req;
    (void)res;
    parley_leverage_estimate est;
    parley_buf b;
    parley_buf_init(&b);
    if (parley_leverage_estimate_run(req->scenario, req->params, req->n_params, lo, &est, NULL) ==
            PARLEY_OK &&
        parley_report_leverage_estimate(&est, lo->top_actors, lo->size, &b) == PARLEY_OK)
        fprintf(stderr, "parley: leverage: %s\n", b.data);
    parley_buf_destroy(&b);
    cli_progress_start(&bar->pr);
    lo->progress = cli_progress_draw;
    lo->progress_data = &bar->pr;
}

static int run(void *opts, parley_params *params, const cli_mpi *mi) {
    const lev_opts *o = opts;
    parley_scenario orig, s;
    int rc = cli_load_scenarios(&o->c, &orig, &s);
    parley_leverage_request req = o->req;
    lev_bar bar = {.req = &req};
    req.scenario = &s;
    req.unchanged = o->c.req.n_sets + o->c.req.n_drops ? &orig : NULL;
    req.params = params;
    req.n_params = o->c.n_types;
    req.prepare = !o->quiet && mi->rank == 0 && isatty(2) ? prepare : NULL;
    req.prepare_data = &bar;
    req.max_memory = o->c.max_memory > SIZE_MAX ? SIZE_MAX : (size_t)o->c.max_memory;
    parley_leverage_options *lo = &req.options;
    lo->seed = o->c.setup.seed;
    lo->screen = (unsigned)o->screen;
    lo->threads = (int)o->threads;
    lo->max_memory = req.max_memory;
    lo->rank = mi->rank;
    lo->size = mi->size;
    lo->share = cli_mpi_share;
    lo->share_data = (void *)mi;
    parley_leverage_result res = {0};
    parley_error err = {0};
    parley_status st = rc == 0 ? parley_leverage_result_init(&res, &req, &err) : PARLEY_OK;
    cli_progress_end(&bar.pr);
    if (rc == 0 && st != PARLEY_OK) /* worded by the library; rank 0 says a run's failure */
        rc = res.stage == PARLEY_LEVERAGE_STAGE_MEMORY ? cli_memory_refused(&o->c, &err)
             : mi->rank == 0 || res.stage != PARLEY_LEVERAGE_STAGE_RUN
                 ? cli_fail("leverage", st, &err, NULL)
                 : cli_exit_code(st);
    if (rc == 0 && mi->rank == 0) { /* rank 0 writes the report */
        cli_changes ch;
        st = cli_changes_init(&ch, &o->c);
        lev_render e = {.meta = {cli_scenario_name(&o->c), PARLEY_VERSION, o->c.setup.seed, NULL}};
        parley_report_leverage_result(&res, &req, (size_t)o->top, ch.texts, ch.n, &e.r);
        rc = cli_report_run(&o->c, "leverage", st, o->format, o->output, &s, params, o->c.n_types,
                            render_leverage, &e);
        cli_changes_destroy(&ch);
    }
    parley_leverage_result_destroy(&res);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&orig);
    return rc;
}

int cli_leverage(int argc, char **argv) {
    static const cli_command cmd = {"leverage", leverage_options, 0, check, NULL, run};
    lev_opts o = {.top = 20, .req.grid_points = 201, .format = PARLEY_REPORT_TABLE};
    parley_leverage_options_init(&o.req.options);
    int rc = cli_main(&cmd, &o.c, &o, argc, argv);
    free((void *)o.req.actor_names); /* CLI_LIST's array */
    return rc;
}
