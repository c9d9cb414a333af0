/* parley leverage [SCENARIO] -- who moves each forecast most, and by which
 * input; with --actor, the position that actor should state.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "help.h"

typedef struct {
    cli_common c;
    double effect, step;
    unsigned long long top, grid, top_actors, threads;
    const char *actor, *issue;
    char **actors; /* the --actors values, in order */
    size_t n_actors;
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
    {"effect", 0, CLI_REAL, .at = CLI_FIELD(T, effect, double), .hi = 1, .open = 1,
     .must = "a number in (0, 1]"},
    {"step", 0, CLI_REAL, .at = CLI_FIELD(T, step, double), .hi = 0.5, .open = 1,
     .must = "a number in (0, 0.5]"},
    {"top", 0, CLI_UINT, .at = CLI_FIELD(T, top, unsigned long long), .max = 1000000000,
     .must = "a whole number"},
    {"actor", 0, CLI_TEXT, .at = CLI_FIELD(T, actor, const char *)},
    {"issue", 0, CLI_TEXT, .at = CLI_FIELD(T, issue, const char *)},
    {"grid", 0, CLI_UINT, .at = CLI_FIELD(T, grid, unsigned long long), .min = 3, .max = 1000000,
     .must = "a whole number from 3 to 1000000"},
    {"actors", 0, CLI_LIST, .at = CLI_FIELD(T, actors, char **),
     .count = CLI_FIELD(T, n_actors, size_t)},
    {"top-actors", 0, CLI_UINT, .at = CLI_FIELD(T, top_actors, unsigned long long), .min = 1,
     .max = 1000000000, .must = "a whole number from 1"},
    {"screen", 0, CLI_CHOICE, .at = CLI_FIELD(T, screen, int), .choices = screens,
     .must = "leaves,position, leaves or position"},
    {"threads", 'j', CLI_UINT, .at = CLI_FIELD(T, threads, unsigned long long), .min = 1,
     .max = 1024, .must = "a whole number from 1 to 1024"},
    {"quiet", 'q', CLI_FLAG, .at = CLI_FIELD(T, quiet, int), .min = 1},
    {"format", 'f', CLI_CALL, .at = CLI_FIELD(T, format, parley_report_format),
     .call = cli_format_option},
    {"output", 'o', CLI_TEXT, .at = CLI_FIELD(T, output, const char *)},
    CLI_HELP_OPTION,
    {0}};

typedef struct lev_render {
    const parley_leverage_report *r;
    const parley_report_meta *meta;
} lev_render;

static parley_status render_leverage(void *data, parley_report_format fmt, parley_buf *out) {
    const lev_render *e = data;
    return parley_report_leverage(e->r, fmt, e->meta, out);
}

static int check(void *opts, int argc, char **argv) {
    lev_opts *o = opts;
    int rc;
    if ((rc = cli_common_finish(&o->c, argc, argv)) != 0)
        return rc;
    if ((rc = cli_check_omp_env("leverage")) != 0)
        return rc;
    if (o->screen && !o->top_actors)
        return cli_usage_error("leverage", "--screen needs --top-actors");
    if (o->issue && !o->actor)
        return cli_usage_error("leverage", "--issue needs --actor");
    if (o->output && o->output[0] == '\0')
        return cli_usage_error("leverage", "empty --output file name");
    return cli_check_run_outputs(&o->c, NULL, &o->output, 1, 0);
}

/* The --actors lists as scenario indices (ascending) in *out; none: NULL. */
static int selected_actors(const lev_opts *o, const parley_scenario *s, size_t **out, size_t *n) {
    *n = 0;
    if (o->n_actors == 0)
        return 0;
    if (!(*out = malloc((s->n_actors + 1) * sizeof **out)))
        return cli_oom();
    parley_error err;
    parley_status st = parley_leverage_actors_select(s, (const char *const *)o->actors, o->n_actors,
                                                     *out, n, &err);
    if (st == PARLEY_ENOMEM)
        return cli_oom();
    return st == PARLEY_OK ? 0 : cli_usage_error("leverage", "--actors: %s", err.message);
}

/* Before a long run on a terminal: how many forecasts, and how long. */
static void print_estimate(const parley_scenario *s, const parley_params *params, size_t n_models,
                           const parley_leverage_options *lo, const cli_mpi *mi) {
    parley_leverage_estimate est;
    parley_buf b;
    parley_buf_init(&b);
    if (parley_leverage_estimate_run(s, params, n_models, lo, &est, NULL) == PARLEY_OK &&
        parley_report_leverage_estimate(&est, lo->top_actors, mi->size, &b) == PARLEY_OK)
        fprintf(stderr, "parley: leverage: %s\n", b.data);
    parley_buf_destroy(&b);
}

static int run(void *opts, parley_params *params, const cli_mpi *mi) {
    const lev_opts *o = opts;
    parley_scenario orig, s;
    const int whatif = o->c.n_sets + o->c.n_drops > 0;
    int rc = cli_load_scenarios(&o->c, &orig, &s);
    if (rc == 0)
        rc = cli_check_memory(&o->c, &s, params, o->c.n_types, 1);
    size_t actor = (size_t)-1, only_issue = (size_t)-1;
    if (rc == 0 && o->actor && (actor = parley_scenario_find_actor(&s, o->actor)) == (size_t)-1)
        rc = cli_usage_error("leverage", "--actor: no actor named '%s'", o->actor);
    if (rc == 0 && o->issue &&
        (only_issue = parley_scenario_find_issue(&s, o->issue)) == (size_t)-1)
        rc = cli_usage_error("leverage", "--issue: no issue named '%s'", o->issue);
    size_t *actors = NULL, n_actors = 0;
    if (rc == 0)
        rc = selected_actors(o, &s, &actors, &n_actors);
    parley_leverage lev;
    memset(&lev, 0, sizeof lev);
    parley_error err;
    parley_error_clear(&err);
    double *unchanged = NULL;
    parley_best_positions best;
    memset(&best, 0, sizeof best);
    if (rc == 0) {
        parley_leverage_options lo;
        parley_leverage_options_init(&lo);
        lo.step = o->step;
        lo.step_effect = o->effect;
        lo.seed = o->c.seed;
        lo.actors = actors;
        lo.n_actors = n_actors;
        lo.top_actors = (size_t)o->top_actors;
        lo.screen = (unsigned)o->screen;
        lo.threads = (int)o->threads;
        lo.max_memory = o->c.max_memory > SIZE_MAX ? SIZE_MAX : (size_t)o->c.max_memory;
        lo.rank = mi->rank;
        lo.size = mi->size;
        lo.share = cli_mpi_share;
        lo.share_data = (void *)mi;
        cli_progress pr;
        memset(&pr, 0, sizeof pr);
        if (!o->quiet && mi->rank == 0 && isatty(2)) {
            print_estimate(&s, params, o->c.n_types, &lo, mi);
            cli_progress_start(&pr);
            lo.progress = cli_progress_draw;
            lo.progress_data = &pr;
        }
        parley_status st = parley_leverage_run(&lev, &s, params, o->c.n_types, &lo, &err);
        cli_progress_end(&pr);
        if (st != PARLEY_OK) {
            if (mi->rank == 0)
                cli_print_error(&err, NULL);
            rc = cli_exit_code(st);
        }
    }
    if (mi->rank != 0) { /* rank 0 writes the report */
        free(actors);
        parley_leverage_destroy(&lev);
        parley_scenario_destroy(&s);
        parley_scenario_destroy(&orig);
        return rc;
    }
    if (rc == 0 && whatif) {
        const size_t n = s.n_issues * o->c.n_types;
        parley_status st = (unchanged = malloc(n * sizeof *unchanged)) ? PARLEY_OK : PARLEY_ENOMEM;
        if (st == PARLEY_OK)
            st = parley_forecast_values(&orig, params, o->c.n_types, o->c.seed, unchanged, NULL);
        for (size_t k = 0; st != PARLEY_OK && st != PARLEY_ENOMEM && k < n; ++k)
            unchanged[k] = NAN; /* no base forecast: shown as such */
        if (st == PARLEY_ENOMEM)
            rc = CLI_EXIT_INTERNAL;
    }
    parley_status bst = PARLEY_OK;
    if (rc == 0 && actor != (size_t)-1)
        bst = parley_best_positions_init(&best, &s, params, o->c.n_types, actor, only_issue,
                                         (size_t)o->grid, o->c.seed, &err);
    if (bst == PARLEY_EINVAL) /* the actor takes no part in --issue */
        rc = cli_usage_error("leverage", "%s", err.message);
    else if (bst != PARLEY_OK && bst != PARLEY_ENOMEM)
        cli_print_error(&err, NULL);
    if (bst != PARLEY_OK && rc == 0)
        rc = cli_exit_code(bst);
    if (rc == CLI_EXIT_INTERNAL)
        cli_error("out of memory");
    if (rc == 0) {
        cli_changes ch;
        parley_status st = cli_changes_init(&ch, &o->c);
        parley_leverage_report r = {.scenario = &s,
                                    .params = params,
                                    .leverage = &lev,
                                    .unchanged = unchanged,
                                    .effect = o->effect,
                                    .step = o->step,
                                    .top = (size_t)o->top,
                                    .best = best.best,
                                    .best_issue = best.issue,
                                    .best_model = best.model,
                                    .n_best = best.n,
                                    .best_actor = actor,
                                    .changes = ch.texts,
                                    .n_changes = ch.n};
        parley_report_meta meta = {cli_scenario_name(&o->c), PARLEY_VERSION, o->c.seed, NULL};
        parley_buf b;
        parley_buf_init(&b);
        if (st == PARLEY_OK)
            st = parley_report_leverage(&r, o->format, &meta, &b);
        rc = cli_finish_report(st, o->output, &b);
        if (rc == 0) {
            lev_render e = {&r, &meta};
            rc = cli_store_outputs(&o->c, "leverage", &s, NULL, params, o->c.n_types,
                                   render_leverage, &e);
        }
        cli_changes_destroy(&ch);
    }
    free(actors);
    parley_best_positions_destroy(&best);
    free(unchanged);
    parley_leverage_destroy(&lev);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&orig);
    return rc;
}

int cli_leverage(int argc, char **argv) {
    static const cli_command cmd = {"leverage", leverage_options, 0, check, NULL, run};
    lev_opts o;
    memset(&o, 0, sizeof o);
    o.effect = 0.1;
    o.step = 0.05;
    o.top = 20;
    o.grid = 201;
    o.format = PARLEY_REPORT_TABLE;
    int rc = cli_main(&cmd, &o.c, &o, argc, argv);
    free(o.actors);
    return rc;
}
