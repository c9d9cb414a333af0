/* parley forecast [SCENARIO] -- run the models and report their forecasts.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "help.h"

enum { OPT_TRACE = CLI_OPT_COMMAND, OPT_SQ_REPLICATES };

static const struct option forecast_options[] = {
    CLI_COMMON_LONG_OPTIONS,
    CLI_STORE_LONG_OPTIONS,
    {"experts", no_argument, NULL, CLI_OPT_EXPERTS},
    {"format", required_argument, NULL, 'f'},
    {"trace", no_argument, NULL, OPT_TRACE},
    {"sq-replicates", required_argument, NULL, OPT_SQ_REPLICATES},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct forecast_options_t {
    cli_common c;
    parley_report_format format;
    int trace;
    unsigned long long sq_replicates;
    const char *output;
} forecast_opts;

static int parse_options(void *opts, int argc, char **argv) {
    forecast_opts *o = opts;
    optind = 1;
    opterr = 0;
    o->c.allow_combined = 1; /* "combined" is a model name here; all includes it */
    int c, rc;
    while ((c = getopt_long(argc, argv, ":m:f:o:h", forecast_options, NULL)) != -1) {
        if ((rc = cli_common_option(&o->c, c, optarg)) >= 0) {
            if (rc != 0)
                return rc;
            continue;
        }
        switch (c) {
        case 'h':
            cli_help("forecast", stdout);
            return -1;
        case 'f':
            if ((rc = cli_parse_format("forecast", optarg, &o->format)) != 0)
                return rc;
            break;
        case OPT_TRACE:
            o->trace = 1;
            break;
        case OPT_SQ_REPLICATES:
            if ((rc = cli_parse_sq_replicates("forecast", optarg, &o->sq_replicates)) != 0)
                return rc;
            break;
        case 'o':
            o->output = optarg;
            break;
        default:
            return cli_option_error("forecast", c, argv);
        }
    }
    if ((rc = cli_common_finish(&o->c, argc, argv)) != 0)
        return rc;
    if (o->trace && o->format == PARLEY_REPORT_CSV)
        return cli_usage_error("forecast", "--trace works with --format table or json, not csv");
    if (o->trace && (o->c.n_sets || o->c.n_drops))
        return cli_usage_error("forecast", "--trace does not combine with --set or --drop");
    if (o->output && o->output[0] == '\0')
        return cli_usage_error("forecast", "empty --output file name");
    const char *ins[] = {o->c.scenario, o->c.outcomes, o->c.store};
    rc = cli_check_outputs("forecast", ins, 3, &o->output, 1, 0);
    if (rc == 0)
        rc = cli_check_expert_outputs(&o->c, &o->output, 1);
    if (rc == 0 && o->c.combined) /* the combined forecast's verdict reads the library */
        rc = cli_check_library_outputs(&o->c, NULL, &o->output, 1);
    return rc;
}

/* The what-if comparison of the base forecast with g, the forecast of the
 * changed scenario, in format fmt. */
static parley_status make_whatif(const forecast_opts *o, const parley_forecast *g,
                                 const parley_forecast *base, parley_report_format fmt,
                                 const parley_report_meta *meta, parley_buf *b) {
    cli_changes ch;
    parley_status st = cli_changes_init(&ch, &o->c);
    if (st == PARLEY_OK)
        st = parley_report_whatif(base, g, ch.texts, ch.n, fmt, meta, b);
    cli_changes_destroy(&ch);
    return st;
}

/* What --store renders: the forecast f, or (base set) the what-if of base
 * against f, in each format (parley_report_forecast without the trace). */
typedef struct fc_render {
    const forecast_opts *o;
    const parley_forecast *f, *base;
    const parley_report_meta *meta;
} fc_render;

static parley_status render_forecast(void *data, parley_report_format fmt, parley_buf *out) {
    const fc_render *r = data;
    return r->base ? make_whatif(r->o, r->f, r->base, fmt, r->meta, out)
                   : parley_report_forecast(r->f, fmt, 0, r->meta, out);
}

/* Records the run with --store: the scenario the forecast ran on (the
 * changed one for a what-if), its forecast, and the output in all three
 * formats so that `parley runs show` can reprint any of them. */
static int store(const forecast_opts *o, const parley_scenario *s, const parley_forecast *f,
                 const parley_forecast *base, const parley_report_meta *meta) {
    fc_render r = {o, f, base, meta};
    return cli_store_outputs(&o->c, base ? "whatif" : "forecast", s, f, NULL, 0, render_forecast,
                             &r);
}

static int run(const forecast_opts *o, parley_params *params) {
    parley_scenario s, changed;
    memset(&s, 0, sizeof s);
    memset(&changed, 0, sizeof changed);
    int rc = cli_load_scenario(&o->c, &s);
    const int whatif = o->c.n_sets || o->c.n_drops;
    if (rc == 0 && whatif)
        rc = cli_apply_whatif(&o->c, &s, &changed);
    if (rc == 0)
        rc = cli_check_memory(&o->c, &s, params, o->c.n_types, 1);
    if (rc != 0) {
        parley_scenario_destroy(&changed);
        parley_scenario_destroy(&s);
        return rc;
    }
    parley_forecast f;
    memset(&f, 0, sizeof f);
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_forecast_init_seeded(
        &f, &s, params, o->c.n_types,
        o->trace || (o->c.store_level == PARLEY_STORE_LEVEL_ROUNDS && !whatif), o->c.seed, 0, &err);
    if (st != PARLEY_OK) {
        cli_print_error(&err, NULL);
        rc = st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
    } else {
        parley_report_meta meta = {cli_scenario_name(&o->c), PARLEY_VERSION, o->c.seed, NULL};
        parley_combined comb;
        memset(&comb, 0, sizeof comb);
        if (o->c.combined && !whatif) {
            parley_combine_options co;
            parley_combine_options_init(&co);
            co.sq_replicates = (size_t)o->sq_replicates;
            co.seed = o->c.seed;
            st = parley_combined_init(&comb, &f, &co, &err);
            if (st == PARLEY_OK)
                cli_combined_library_score(&o->c, params, &comb);
            meta.combined = &comb;
        }
        parley_forecast g;
        memset(&g, 0, sizeof g);
        if (st == PARLEY_OK && whatif)
            st = parley_forecast_init_seeded(&g, &changed, params, o->c.n_types,
                                             o->c.store_level == PARLEY_STORE_LEVEL_ROUNDS,
                                             o->c.seed, 0, &err);
        if (st != PARLEY_OK) {
            cli_print_error(&err, NULL);
            rc = cli_exit_code(st);
        } else {
            parley_buf b;
            parley_buf_init(&b);
            st = whatif ? make_whatif(o, &g, &f, o->format, &meta, &b)
                        : parley_report_forecast(&f, o->format, o->trace, &meta, &b);
            rc = cli_finish_report(st, o->output, &b);
            if (rc == 0)
                rc = whatif ? store(o, &changed, &g, &f, &meta) : store(o, &s, &f, NULL, &meta);
        }
        parley_forecast_destroy(&g);
        parley_combined_destroy(&comb);
        parley_forecast_destroy(&f);
    }
    parley_scenario_destroy(&changed);
    parley_scenario_destroy(&s);
    return rc;
}

static int run_models(void *o, parley_params *params) {
    return run(o, params);
}

int cli_forecast(int argc, char **argv) {
    forecast_opts o;
    memset(&o, 0, sizeof o);
    o.format = PARLEY_REPORT_TABLE;
    o.sq_replicates = PARLEY_SQ_REPLICATES;
    return cli_main(&o.c, "forecast", argc, argv, parse_options, run_models, &o);
}
