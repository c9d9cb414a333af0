/* parley leverage [SCENARIO] -- who moves each forecast most, and by which
 * input; with --actor, the position that actor should state.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "help.h"

enum { OPT_EFFECT = CLI_OPT_COMMAND, OPT_STEP, OPT_TOP, OPT_ACTOR, OPT_ISSUE, OPT_GRID };

static const struct option leverage_options[] = {
    CLI_COMMON_LONG_OPTIONS,
    {"effect", required_argument, NULL, OPT_EFFECT},
    {"step", required_argument, NULL, OPT_STEP},
    {"top", required_argument, NULL, OPT_TOP},
    {"actor", required_argument, NULL, OPT_ACTOR},
    {"issue", required_argument, NULL, OPT_ISSUE},
    {"grid", required_argument, NULL, OPT_GRID},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct {
    cli_common c;
    double effect, step;
    unsigned long long top, grid;
    const char *actor, *issue;
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

static int parse_options(void *opts, int argc, char **argv) {
    lev_opts *o = opts;
    optind = 1;
    opterr = 0;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":m:f:o:h", leverage_options, NULL)) != -1) {
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
    if (o->issue && !o->actor)
        return cli_usage_error("leverage", "--issue needs --actor");
    if (o->output && o->output[0] == '\0')
        return cli_usage_error("leverage", "empty --output file name");
    const char *ins[] = {o->c.scenario, o->c.outcomes};
    return cli_check_outputs("leverage", ins, 2, &o->output, 1, 0);
}

static int run(const lev_opts *o, const parley_params *params) {
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
    parley_leverage lev;
    memset(&lev, 0, sizeof lev);
    parley_error err;
    parley_error_clear(&err);
    double *unchanged = NULL;
    parley_best_position_result *best = NULL;
    size_t *best_issue = NULL, *best_model = NULL, n_best = 0;
    if (rc == 0) {
        parley_status st = parley_leverage_compute(&lev, &s, params, o->c.n_types, o->step,
                                                   o->effect, o->c.seed, &err);
        if (st != PARLEY_OK) {
            cli_print_error(&err, NULL);
            rc = cli_exit_code(st);
        }
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
        cli_changes_destroy(&ch);
        rc = cli_finish_report(st, o->output, &b);
    }
    free(best);
    free(best_issue);
    free(best_model);
    free(unchanged);
    parley_leverage_destroy(&lev);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&orig);
    return rc;
}

static int run_models(void *o, parley_params *params) {
    return run(o, params);
}

int cli_leverage(int argc, char **argv) {
    lev_opts o;
    memset(&o, 0, sizeof o);
    o.effect = 0.1;
    o.step = 0.05;
    o.top = 20;
    o.grid = 201;
    o.format = PARLEY_REPORT_TABLE;
    return cli_main(&o.c, "leverage", argc, argv, parse_options, run_models, &o);
}
