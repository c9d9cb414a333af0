/* parley report [SCENARIO] -- a self-contained HTML report with charts.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cli.h"
#include "help.h"
#include "../core/internal.h"

enum {
    OPT_SVG = CLI_OPT_COMMAND,
    OPT_ACTOR,
    OPT_ENSEMBLE,
    OPT_NOISE,
    OPT_LEVERAGE,
    OPT_BACKTEST,
    OPT_LIBRARY,
    OPT_SQ_REPLICATES
};

static const struct option report_options[] = {
    CLI_COMMON_LONG_OPTIONS,
    {"output", required_argument, NULL, 'o'},
    {"svg", required_argument, NULL, OPT_SVG},
    {"actor", required_argument, NULL, OPT_ACTOR},
    {"ensemble", required_argument, NULL, OPT_ENSEMBLE},
    {"noise", required_argument, NULL, OPT_NOISE},
    {"leverage", no_argument, NULL, OPT_LEVERAGE},
    {"sq-replicates", required_argument, NULL, OPT_SQ_REPLICATES},
    {"backtest", no_argument, NULL, OPT_BACKTEST},
    {"library", required_argument, NULL, OPT_LIBRARY},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct report_opts {
    cli_common c;
    int model_given;
    const char *output, *svg_dir, *actor;
    unsigned long long ensemble; /* replicates, 0 = none */
    double noise;
    const char *noise_text;
    unsigned long long sq_replicates;
    const char *sq_replicates_text;
    int leverage;
    int backtest;
    const char *library;
} report_opts;

static int parse_options(void *opts, int argc, char **argv) {
    report_opts *o = opts;
    optind = 1;
    opterr = 0;
    o->c.allow_combined = 1; /* "combined" is a model name here; all includes it */
    int c, rc;
    while ((c = getopt_long(argc, argv, ":m:o:h", report_options, NULL)) != -1) {
        if ((rc = cli_common_option(&o->c, c, optarg)) >= 0) {
            if (rc != 0)
                return rc;
            if (c == 'm')
                o->model_given = 1;
            continue;
        }
        switch (c) {
        case 'h':
            cli_help("report", stdout);
            return -1;
        case 'o':
            o->output = optarg;
            break;
        case OPT_SVG:
            o->svg_dir = optarg;
            break;
        case OPT_ACTOR:
            o->actor = optarg;
            break;
        case OPT_ENSEMBLE:
            if (cli_parse_unsigned(optarg, 100000000ULL, &o->ensemble) != 0 || o->ensemble < 2)
                return cli_usage_error(
                    "report", "--ensemble must be a whole number from 2 to 100000000, not '%s'",
                    optarg);
            break;
        case OPT_NOISE: {
            double v = 0.0;
            if (cli_parse_real(optarg, &v) != 0 || !(v > 0 && v <= 1))
                return cli_usage_error("report", "--noise must be a number in (0, 1], not '%s'",
                                       optarg);
            o->noise = v;
            o->noise_text = optarg;
            break;
        }
        case OPT_LEVERAGE:
            o->leverage = 1;
            break;
        case OPT_BACKTEST:
            o->backtest = 1;
            break;
        case OPT_LIBRARY:
            o->backtest = 1;
            o->library = optarg;
            break;
        case OPT_SQ_REPLICATES:
            if ((rc = cli_parse_sq_replicates("report", optarg, &o->sq_replicates)) != 0)
                return rc;
            o->sq_replicates_text = optarg;
            break;
        default:
            return cli_option_error("report", c, argv);
        }
    }
    if ((rc = cli_common_finish(&o->c, argc, argv)) != 0)
        return rc;
    if ((rc = cli_check_omp_env("report")) != 0)
        return rc;
    if (o->output && o->output[0] == '\0')
        return cli_usage_error("report", "empty --output file name");
    if (o->svg_dir && o->svg_dir[0] == '\0')
        return cli_usage_error("report", "empty --svg directory name");
    if (o->noise_text && !o->ensemble)
        return cli_usage_error("report", "--noise needs --ensemble");
    const char *outs[] = {o->output, o->svg_dir};
    const char *ins[] = {o->c.scenario, o->c.outcomes};
    rc = cli_check_outputs("report", ins, 2, outs, 2, 1);
    if (rc == 0 && (o->c.combined || o->backtest)) /* both read the case library */
        rc = cli_check_library_outputs(&o->c, o->library, outs, 2);
    return rc;
}

/* Appends arg to b, single-quoted for a POSIX shell when needed. */
static void shell_arg(parley_buf *b, const char *arg) {
    if (arg[0] &&
        strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=,:+") ==
            strlen(arg)) {
        parley_buf_printf(b, " %s", arg);
        return;
    }
    parley_buf_printf(b, " '");
    for (const char *p = arg; *p; ++p) {
        if (*p == '\'')
            parley_buf_printf(b, "'\\''");
        else
            parley_buf_append(b, p, 1);
    }
    parley_buf_printf(b, "'");
}

/* The command that reproduces the report's content (without -o and --svg,
 * which change where it goes, not what it says). */
static void canonical_command(const report_opts *o, parley_buf *b) {
    parley_buf_printf(b, "parley report");
    const cli_common *c = &o->c;
    if (o->model_given) {
        parley_buf_printf(b, " --model ");
        for (size_t m = 0; m < c->n_types; ++m)
            parley_buf_printf(b, "%s%s", m ? "," : "", c->types[m]->name);
        if (c->combined)
            parley_buf_printf(b, ",combined");
    }
    if (c->preset) {
        parley_buf_printf(b, " --preset");
        shell_arg(b, c->preset);
    }
    if (c->rounds)
        parley_buf_printf(b, " --rounds %s", c->rounds);
    for (size_t k = 0; k < c->n_params; ++k) {
        parley_buf_printf(b, " --param");
        shell_arg(b, c->params[k]);
    }
    for (size_t k = 0; k < c->n_sets; ++k) {
        parley_buf_printf(b, " --set");
        shell_arg(b, c->sets[k]);
    }
    for (size_t k = 0; k < c->n_drops; ++k) {
        parley_buf_printf(b, " --drop");
        shell_arg(b, c->drops[k]);
    }
    if (c->seed)
        parley_buf_printf(b, " --seed %llu", c->seed);
    if (o->actor) {
        parley_buf_printf(b, " --actor");
        shell_arg(b, o->actor);
    }
    if (o->ensemble)
        parley_buf_printf(b, " --ensemble %llu", o->ensemble);
    if (o->noise_text)
        parley_buf_printf(b, " --noise %s", o->noise_text);
    if (o->leverage)
        parley_buf_printf(b, " --leverage");
    if (o->sq_replicates_text)
        parley_buf_printf(b, " --sq-replicates %llu", o->sq_replicates);
    if (o->library) {
        parley_buf_printf(b, " --library");
        shell_arg(b, o->library);
    } else if (o->backtest) {
        parley_buf_printf(b, " --backtest");
    }
    if (c->salience_scale)
        parley_buf_printf(b, " --salience-scale %d", c->salience_scale);
    if (c->bounds.bounds_given) {
        char lo[PARLEY_I_NUMBUF], hi[PARLEY_I_NUMBUF];
        parley_buf_printf(b, " --bounds %s,%s", parley_i_format_double(c->bounds.lo, lo),
                          parley_i_format_double(c->bounds.hi, hi));
    }
    if (c->outcomes) {
        parley_buf_printf(b, " --outcomes");
        shell_arg(b, c->outcomes);
    }
    if (c->scenario)
        shell_arg(b, c->scenario);
}

/* Writes every chart as DIR/NAME.svg; creates DIR if missing. */
static int write_svgs(const char *dir, const parley_chart_set *cs) {
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error("%s: cannot create directory: %s", dir, strerror(errno));
        return CLI_EXIT_IO;
    }
    for (size_t k = 0; k < cs->n; ++k) {
        size_t n = strlen(dir) + strlen(cs->items[k].name) + 8;
        char *path = malloc(n);
        if (!path) {
            cli_error("out of memory");
            return CLI_EXIT_INTERNAL;
        }
        snprintf(path, n, "%s/%s.svg", dir, cs->items[k].name);
        int rc = cli_write_output(path, &cs->items[k].svg);
        free(path);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The model the report leads with: the first whose type asks to lead
 * (PARLEY_REPORT_HEADLINE), else the last one. */
static size_t headline(const cli_common *c) {
    for (size_t m = 0; m < c->n_types; ++m)
        if (c->types[m]->report_flags & PARLEY_REPORT_HEADLINE)
            return m;
    return c->n_types - 1;
}

/* Prints a library failure of the report's analyses; returns the exit code. */
static int failed(parley_status st, const parley_error *err) {
    if (st == PARLEY_ENOMEM) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    cli_print_error(err, NULL);
    return cli_exit_code(st);
}

/* Adds the ensemble histograms and fans (one per issue, headline model);
 * every selected model runs on the same perturbed replicates, and each
 * histogram's caption tells every model's spread on that issue in words. */
static int add_ensemble(const report_opts *o, const parley_forecast *f, const parley_scenario *s,
                        const parley_params *params, parley_chart_set *cs) {
    parley_ensemble_summary sum;
    memset(&sum, 0, sizeof sum);
    parley_error err;
    parley_error_clear(&err);
    size_t m = headline(&o->c);
    const size_t nm = o->c.n_types;
    if (parley_ensemble_summary_init(&sum, s, nm, 20) != PARLEY_OK)
        return failed(PARLEY_ENOMEM, &err);
    parley_perturbation pert;
    parley_perturbation_default(&pert);
    pert.noise[PARLEY_FIELD_POSITION].size = o->noise;
    parley_ensemble_options eo;
    parley_ensemble_options_init(&eo);
    eo.seed = o->c.seed;
    eo.count = o->ensemble;
    eo.total = o->ensemble;
    eo.max_memory = o->c.max_memory > SIZE_MAX ? SIZE_MAX : (size_t)o->c.max_memory;
    parley_status st = parley_ensemble_run(s, params, nm, &pert, &eo, &sum, &err);
    parley_fan *fans = calloc(s->n_issues, sizeof *fans);
    if (st == PARLEY_OK && !fans)
        st = parley_error_set(&err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    if (st == PARLEY_OK)
        st = parley_ensemble_fans(s, &params[m], &pert, o->c.seed, o->ensemble, fans, &err);
    if (st == PARLEY_OK)
        st = parley_report_ensemble_charts(s, &sum, fans, f, m, o->noise_text, cs, &err);
    int rc = st == PARLEY_OK ? 0 : failed(st, &err);
    parley_fans_destroy(fans, fans ? s->n_issues : 0);
    free(fans);
    parley_ensemble_summary_destroy(&sum);
    return rc;
}

/* Adds the leverage bars (one chart per issue, headline model, 10 largest). */
static int add_leverage(const report_opts *o, const parley_scenario *s, const parley_params *params,
                        parley_chart_set *cs) {
    parley_leverage lev;
    memset(&lev, 0, sizeof lev);
    parley_error err;
    parley_error_clear(&err);
    size_t m = headline(&o->c);
    const double effect = 0.1, step = 0.05; /* parley leverage's defaults */
    parley_status st =
        parley_leverage_compute(&lev, s, params, o->c.n_types, step, effect, o->c.seed, &err);
    if (st == PARLEY_OK)
        st = parley_report_leverage_charts(s, &lev, m, 10, effect, params[m].type->title, cs, &err);
    int rc = st == PARLEY_OK ? 0 : failed(st, &err);
    parley_leverage_destroy(&lev);
    return rc;
}

static int build(const report_opts *o, const parley_forecast *f, const parley_scenario *s,
                 const parley_params *params) {
    parley_html_options ho;
    memset(&ho, 0, sizeof ho);
    ho.actor = (size_t)-1;
    if (o->actor) {
        ho.actor = parley_scenario_find_actor(s, o->actor);
        if (ho.actor == (size_t)-1) {
            parley_buf names;
            parley_buf_init(&names);
            for (size_t a = 0; a < s->n_actors; ++a)
                parley_buf_printf(&names, "%s%s", a ? ", " : "", s->actors[a].name);
            int rc = cli_usage_error("report",
                                     "--actor '%s': no such actor in the scenario (actors: %s)",
                                     o->actor, names.data ? names.data : "");
            parley_buf_destroy(&names);
            return rc;
        }
    }
    parley_buf cmd;
    parley_buf_init(&cmd);
    canonical_command(o, &cmd);
    ho.command = cmd.data;
    parley_chart_set cs;
    parley_chart_set_init(&cs);
    parley_buf html;
    parley_buf_init(&html);
    parley_error err;
    parley_error_clear(&err);
    parley_report_meta meta = {cli_scenario_name(&o->c), PARLEY_VERSION, o->c.seed, NULL};
    int rc = 0;
    parley_combined comb;
    memset(&comb, 0, sizeof comb);
    parley_backtest bt;
    memset(&bt, 0, sizeof bt);
    if (o->backtest) {
        rc = cli_backtest_library(&o->c, o->library, params, &bt);
        ho.backtest = &bt;
        ho.backtest_source = cli_backtest_library_dir(o->library);
    }
    parley_status st = PARLEY_OK;
    if (rc == 0)
        st = cmd.failed ? PARLEY_ENOMEM : parley_report_charts(f, &ho, &cs, &err);
    if (st == PARLEY_OK && rc == 0 && o->c.combined) {
        parley_combine_options co;
        parley_combine_options_init(&co);
        co.seed = o->c.seed;
        co.sq_replicates = (size_t)o->sq_replicates;
        st = parley_combined_init(&comb, f, &co, &err);
        if (st == PARLEY_OK)
            cli_combined_library_score(&o->c, params, &comb);
        meta.combined = &comb;
        if (st == PARLEY_OK)
            st = parley_report_landing_charts(f, &comb, &cs, &err);
    }
    if (st == PARLEY_OK && rc == 0 && o->ensemble)
        rc = add_ensemble(o, f, s, params, &cs);
    if (st == PARLEY_OK && rc == 0 && o->leverage)
        rc = add_leverage(o, s, params, &cs);
    if (st == PARLEY_OK && rc == 0)
        st = parley_report_html(f, &meta, &ho, &cs, &html, &err);
    if (st != PARLEY_OK) {
        cli_error("cannot build the report: %s",
                  err.message[0] ? err.message : parley_strstatus(st));
        rc = CLI_EXIT_INTERNAL;
    } else if (rc == 0) {
        rc = o->svg_dir ? write_svgs(o->svg_dir, &cs) : 0;
        if (rc == 0)
            rc = cli_write_output(o->output, &html);
    }
    parley_combined_destroy(&comb);
    parley_buf_destroy(&html);
    parley_chart_set_destroy(&cs);
    parley_buf_destroy(&cmd);
    parley_backtest_destroy(&bt);
    return rc;
}

static int run(const report_opts *o, parley_params *params) {
    parley_scenario orig, s;
    int rc = cli_load_scenarios(&o->c, &orig, &s);
    if (rc == 0)
        rc = cli_check_memory(&o->c, &s, params, o->c.n_types, 1);
    if (rc != 0) {
        parley_scenario_destroy(&orig);
        parley_scenario_destroy(&s);
        return rc;
    }
    parley_forecast f;
    memset(&f, 0, sizeof f);
    parley_error err;
    parley_error_clear(&err);
    parley_status st =
        parley_forecast_init_seeded(&f, &s, params, o->c.n_types, 1, o->c.seed, 0, &err);
    if (st != PARLEY_OK) {
        cli_print_error(&err, NULL);
        rc = st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
    } else {
        rc = build(o, &f, &s, params);
        parley_forecast_destroy(&f);
    }
    parley_scenario_destroy(&orig);
    parley_scenario_destroy(&s);
    return rc;
}

static int run_models(void *o, parley_params *params) {
    return run(o, params);
}

int cli_report(int argc, char **argv) {
    report_opts o;
    memset(&o, 0, sizeof o);
    o.noise = 0.05;
    o.sq_replicates = PARLEY_SQ_REPLICATES;
    return cli_main(&o.c, "report", argc, argv, parse_options, run_models, &o);
}
