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

enum {
    OPT_EFFECT = CLI_OPT_COMMAND,
    OPT_STEP,
    OPT_TOP,
    OPT_ACTOR,
    OPT_ISSUE,
    OPT_GRID,
    OPT_ACTORS,
    OPT_TOP_ACTORS,
    OPT_SCREEN
};

static const struct option leverage_options[] = {
    CLI_COMMON_LONG_OPTIONS,
    CLI_STORE_LONG_OPTIONS,
    {"effect", required_argument, NULL, OPT_EFFECT},
    {"step", required_argument, NULL, OPT_STEP},
    {"top", required_argument, NULL, OPT_TOP},
    {"actor", required_argument, NULL, OPT_ACTOR},
    {"issue", required_argument, NULL, OPT_ISSUE},
    {"grid", required_argument, NULL, OPT_GRID},
    {"actors", required_argument, NULL, OPT_ACTORS},
    {"top-actors", required_argument, NULL, OPT_TOP_ACTORS},
    {"screen", required_argument, NULL, OPT_SCREEN},
    {"threads", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct {
    cli_common c;
    double effect, step;
    unsigned long long top, grid, top_actors, threads;
    const char *actor, *issue;
    char **actors; /* the --actors values, in order */
    size_t n_actors;
    int quiet;
    unsigned screen; /* PARLEY_LEVERAGE_SCREEN_* bits, 0 = not given */
    parley_report_format format;
    const char *output;
} lev_opts;

static int parse_fraction(const char *text, double lo, double hi, double *out) {
    double v = 0.0;
    if (cli_parse_real(text, &v) != 0 || !(v > lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

typedef struct lev_render {
    const parley_leverage_report *r;
    const parley_report_meta *meta;
} lev_render;

static parley_status render_leverage(void *data, parley_report_format fmt, parley_buf *out) {
    const lev_render *e = data;
    return parley_report_leverage(e->r, fmt, e->meta, out);
}

static int parse_options(void *opts, int argc, char **argv) {
    lev_opts *o = opts;
    optind = 1;
    opterr = 0;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":m:f:o:j:qh", leverage_options, NULL)) != -1) {
        if ((rc = cli_common_option(&o->c, c, optarg)) >= 0) {
            if (rc != 0)
                return rc;
            continue;
        }
        switch (c) {
        case 'h':
            cli_help("leverage", stdout);
            return -1;
        case OPT_EFFECT:
            if (parse_fraction(optarg, 0.0, 1.0, &o->effect) != 0)
                return cli_usage_error("leverage", "--effect must be a number in (0, 1], not '%s'",
                                       optarg);
            break;
        case OPT_STEP:
            if (parse_fraction(optarg, 0.0, 0.5, &o->step) != 0)
                return cli_usage_error("leverage", "--step must be a number in (0, 0.5], not '%s'",
                                       optarg);
            break;
        case OPT_TOP:
            if (cli_parse_unsigned(optarg, 1000000000ULL, &o->top) != 0)
                return cli_usage_error("leverage", "--top must be a whole number, not '%s'",
                                       optarg);
            break;
        case OPT_GRID:
            if (cli_parse_unsigned(optarg, 1000000ULL, &o->grid) != 0 || o->grid < 3)
                return cli_usage_error("leverage",
                                       "--grid must be a whole number from 3 to 1000000, not '%s'",
                                       optarg);
            break;
        case OPT_ACTOR:
            o->actor = optarg;
            break;
        case OPT_ACTORS: {
            char **more = realloc(o->actors, (o->n_actors + 1) * sizeof *more);
            if (!more) {
                cli_error("out of memory");
                return CLI_EXIT_INTERNAL;
            }
            o->actors = more;
            o->actors[o->n_actors++] = optarg;
            break;
        }
        case OPT_TOP_ACTORS:
            if (cli_parse_unsigned(optarg, 1000000000ULL, &o->top_actors) != 0 ||
                o->top_actors == 0)
                return cli_usage_error(
                    "leverage", "--top-actors must be a whole number from 1, not '%s'", optarg);
            break;
        case OPT_SCREEN:
            if (strcmp(optarg, "leaves,position") == 0 || strcmp(optarg, "position,leaves") == 0)
                o->screen = PARLEY_LEVERAGE_SCREEN_DEFAULT;
            else if (strcmp(optarg, "leaves") == 0)
                o->screen = PARLEY_LEVERAGE_SCREEN_LEAVES;
            else if (strcmp(optarg, "position") == 0)
                o->screen = PARLEY_LEVERAGE_SCREEN_POSITION;
            else
                return cli_usage_error(
                    "leverage", "--screen must be leaves,position, leaves or position, not '%s'",
                    optarg);
            break;
        case 'j':
            if (cli_parse_unsigned(optarg, 1024, &o->threads) != 0 || o->threads == 0)
                return cli_usage_error("leverage",
                                       "--threads must be a whole number from 1 to 1024, not '%s'",
                                       optarg);
            break;
        case 'q':
            o->quiet = 1;
            break;
        case OPT_ISSUE:
            o->issue = optarg;
            break;
        case 'f':
            if ((rc = cli_parse_format("leverage", optarg, &o->format)) != 0)
                return rc;
            break;
        case 'o':
            o->output = optarg;
            break;
        default:
            return cli_option_error("leverage", c, argv);
        }
    }
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
    const char *ins[] = {o->c.scenario, o->c.outcomes, o->c.store};
    return cli_check_outputs("leverage", ins, 3, &o->output, 1, 0);
}

/* The --actors lists as scenario indices (ascending) in *out; none: NULL. */
static int selected_actors(const lev_opts *o, const parley_scenario *s, size_t **out, size_t *n) {
    *out = NULL;
    *n = 0;
    if (o->n_actors == 0)
        return 0;
    unsigned char *chosen = calloc(s->n_actors ? s->n_actors : 1, 1);
    size_t *idx = malloc((s->n_actors ? s->n_actors : 1) * sizeof *idx);
    if (!chosen || !idx) {
        free(chosen);
        free(idx);
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    parley_error err;
    parley_error_clear(&err);
    for (size_t k = 0; k < o->n_actors; ++k)
        if (parley_leverage_actors_parse(s, o->actors[k], chosen, &err) != PARLEY_OK) {
            free(chosen);
            free(idx);
            return cli_usage_error("leverage", "--actors: %s", err.message);
        }
    for (size_t a = 0; a < s->n_actors; ++a)
        if (chosen[a])
            idx[(*n)++] = a;
    free(chosen);
    *out = idx;
    return 0;
}

/* Before a long run on a terminal: how many forecasts, and how long. */
static void print_estimate(const parley_scenario *s, const parley_params *params, size_t n_models,
                           const parley_leverage_options *lo, const cli_mpi *mi) {
    parley_leverage_estimate est;
    if (parley_leverage_estimate_run(s, params, n_models, lo, &est, NULL) != PARLEY_OK)
        return;
    const double workers = (double)est.threads * (double)mi->size;
    char procs[64] = "";
    if (mi->size > 1)
        snprintf(procs, sizeof procs, " x %d processes", mi->size);
    if (est.screen > 0)
        fprintf(stderr,
                "parley: leverage: up to %zu forecasts (%zu base, %zu screening, up to %zu for the "
                "top %zu actors) on %d thread%s%s, about %.0f s (one forecast: %.3g s)\n",
                est.forecasts, est.base, est.screen, est.refine, lo->top_actors, est.threads,
                est.threads == 1 ? "" : "s", procs, est.seconds / workers,
                est.seconds / (double)est.forecasts);
    else
        fprintf(stderr,
                "parley: leverage: %zu forecasts on %d thread%s%s, about %.0f s (one forecast: "
                "%.3g s)\n",
                est.forecasts, est.threads, est.threads == 1 ? "" : "s", procs,
                est.seconds / workers, est.seconds / (double)(est.forecasts ? est.forecasts : 1));
}

static int run(const lev_opts *o, const parley_params *params, const cli_mpi *mi) {
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
    parley_best_position_result *best = NULL;
    size_t *best_issue = NULL, *best_model = NULL, n_best = 0;
    if (rc == 0) {
        parley_leverage_options lo;
        parley_leverage_options_init(&lo);
        lo.step = o->step;
        lo.step_effect = o->effect;
        lo.seed = o->c.seed;
        lo.actors = actors;
        lo.n_actors = n_actors;
        lo.top_actors = (size_t)o->top_actors;
        lo.screen = o->screen;
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
        unchanged = malloc(s.n_issues * o->c.n_types * sizeof *unchanged);
        if (!unchanged)
            rc = CLI_EXIT_INTERNAL;
        for (size_t i = 0; rc == 0 && i < s.n_issues; ++i)
            for (size_t m = 0; m < o->c.n_types; ++m) {
                parley_outcome out;
                unchanged[i * o->c.n_types + m] =
                    parley_forecast_issue(&orig, i, &params[m], o->c.seed, 0, &out, NULL) ==
                            PARLEY_OK
                        ? out.forecast
                        : NAN;
            }
    }
    if (rc == 0 && actor != (size_t)-1) {
        const size_t cap = s.n_issues * o->c.n_types;
        best = calloc(cap, sizeof *best);
        best_issue = calloc(cap, sizeof *best_issue);
        best_model = calloc(cap, sizeof *best_model);
        if (!best || !best_issue || !best_model)
            rc = CLI_EXIT_INTERNAL;
        for (size_t i = 0; rc == 0 && i < s.n_issues; ++i) {
            if (only_issue != (size_t)-1 && i != only_issue)
                continue;
            if (!parley_scenario_cell_const(&s, actor, i)->present) {
                if (only_issue != (size_t)-1)
                    rc = cli_usage_error("leverage", "%s takes no part in issue %s", o->actor,
                                         s.issues[i].name);
                continue;
            }
            for (size_t m = 0; rc == 0 && m < o->c.n_types; ++m) {
                parley_status st = parley_best_position(&s, &params[m], actor, i, (size_t)o->grid,
                                                        o->c.seed, &best[n_best], &err);
                if (st == PARLEY_EDOMAIN)
                    continue; /* the model cannot run on this issue */
                if (st != PARLEY_OK) {
                    cli_print_error(&err, NULL);
                    rc = cli_exit_code(st);
                    break;
                }
                best_issue[n_best] = i;
                best_model[n_best++] = m;
            }
        }
    }
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
                                    .best = best,
                                    .best_issue = best_issue,
                                    .best_model = best_model,
                                    .n_best = n_best,
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
    free(best);
    free(best_issue);
    free(best_model);
    free(unchanged);
    parley_leverage_destroy(&lev);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&orig);
    return rc;
}

/* Runs the leverage between MPI start and stop (no-ops without MPI). */
static int run_models(void *o, parley_params *params) {
    cli_mpi mi = {0, 1, 0};
    cli_mpi_start(&mi);
    int rc = run(o, params, &mi);
    cli_mpi_stop(&mi);
    return rc;
}

int cli_leverage(int argc, char **argv) {
    lev_opts o;
    memset(&o, 0, sizeof o);
    o.effect = 0.1;
    o.step = 0.05;
    o.top = 20;
    o.grid = 201;
    o.format = PARLEY_REPORT_TABLE;
    int rc = cli_main(&o.c, "leverage", argc, argv, parse_options, run_models, &o);
    free(o.actors);
    return rc;
}
