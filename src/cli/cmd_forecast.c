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

typedef struct forecast_options_t {
    cli_common c;
    parley_report_format format;
    int trace;
    unsigned long long sq_replicates;
    const char *output;
} forecast_opts;

#define T forecast_opts
static const cli_option forecast_options[] = {
    {"", 0, CLI_TABLE, .at = 0, .table = cli_common_options},
    {"experts", 0, CLI_FLAG, .at = CLI_FIELD(T, c.experts, int), .min = 1},
    {"format", 'f', CLI_CALL, .at = CLI_FIELD(T, format, parley_report_format),
     .call = cli_format_option},
    {"trace", 0, CLI_FLAG, .at = CLI_FIELD(T, trace, int), .min = 1},
    {"sq-replicates", 0, CLI_UINT, .at = CLI_FIELD(T, sq_replicates, unsigned long long),
     .max = 1000000},
    {"output", 'o', CLI_FILE, .at = CLI_FIELD(T, output, const char *)},
    CLI_HELP_OPTION,
    {0}};

static int check(void *opts, int argc, char **argv) {
    forecast_opts *o = opts;
    int rc = cli_common_finish(&o->c, argc, argv);
    if (rc != 0)
        return rc;
    if (o->trace && o->format == PARLEY_REPORT_CSV)
        return cli_usage_error("forecast", "--trace works with --format table or json, not csv");
    if (o->trace && (o->c.req.n_sets || o->c.req.n_drops))
        return cli_usage_error("forecast", "--trace does not combine with --set or --drop");
    rc = cli_check_run_outputs(&o->c, NULL, &o->output, 1, 0);
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

/* What the command writes and --store keeps: the forecast f (with its
 * trace when trace is set), or (base set) the what-if of base against f. */
typedef struct fc_render {
    const forecast_opts *o;
    const parley_forecast *f, *base;
    const parley_report_meta *meta;
    int trace;
} fc_render;

static parley_status render_forecast(void *data, parley_report_format fmt, parley_buf *out) {
    const fc_render *r = data;
    return r->base ? make_whatif(r->o, r->f, r->base, fmt, r->meta, out)
                   : parley_report_forecast(r->f, fmt, r->trace, r->meta, out);
}

static int run(void *opts, parley_params *params) {
    const forecast_opts *o = opts;
    parley_scenario s, changed;
    int rc = cli_load_scenarios(&o->c, &s, &changed);
    const int whatif = o->c.req.n_sets || o->c.req.n_drops;
    if (rc == 0)
        rc = cli_check_memory(&o->c, &s, params, o->c.n_types, 1);
    if (rc != 0) {
        parley_scenario_destroy(&changed);
        parley_scenario_destroy(&s);
        return rc;
    }
    cli_cases cases; /* the combined forecast's record on the case library */
    cli_cases_init(&cases, &o->c);
    parley_forecast_request req = {.scenario = &s,
                                   .changed = whatif ? &changed : NULL,
                                   .params = params,
                                   .n_params = o->c.n_types,
                                   .seed = o->c.setup.seed,
                                   .trace = o->trace,
                                   .rounds = o->c.store_level == PARLEY_STORE_LEVEL_ROUNDS,
                                   .combined = o->c.combined,
                                   .cases = &cases.req};
    parley_combine_options_init(&req.combine);
    req.combine.sq_replicates = (size_t)o->sq_replicates;
    req.combine.seed = o->c.setup.seed;
    parley_forecast_result res;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_forecast_result_init(&res, &req, &err);
    if (st != PARLEY_OK && res.stage == PARLEY_FORECAST_STAGE_CASE_LIBRARY) {
        cli_error("forecast: %s", err.message); /* its path is too long */
        rc = cli_exit_code(st);
    } else if (st != PARLEY_OK) {
        cli_print_error(&err, NULL);
        rc = st == PARLEY_EINVAL && res.stage == PARLEY_FORECAST_STAGE_FORECAST ? CLI_EXIT_INTERNAL
                                                                                : cli_exit_code(st);
    } else {
        const parley_forecast *f = &res.forecast, *g = &res.changed;
        parley_report_meta meta = {cli_scenario_name(&o->c), PARLEY_VERSION, o->c.setup.seed,
                                   o->c.combined && !whatif ? &res.combined : NULL};
        fc_render r = {o, whatif ? g : f, whatif ? f : NULL, &meta, o->trace};
        parley_buf b;
        parley_buf_init(&b);
        rc = cli_finish_report(render_forecast(&r, o->format, &b), o->output, &b);
        r.trace = 0; /* the store keeps the scenario it ran on, the output in every format */
        if (rc == 0)
            rc = cli_store_outputs(&o->c, whatif ? "whatif" : "forecast", whatif ? &changed : &s,
                                   r.f, NULL, 0, render_forecast, &r);
    }
    parley_forecast_result_destroy(&res);
    parley_scenario_destroy(&changed);
    parley_scenario_destroy(&s);
    return rc;
}

int cli_forecast(int argc, char **argv) {
    static const cli_command cmd = {"forecast", forecast_options, 1, check, run, NULL};
    forecast_opts o;
    memset(&o, 0, sizeof o);
    o.format = PARLEY_REPORT_TABLE;
    o.sq_replicates = PARLEY_SQ_REPLICATES;
    return cli_main(&cmd, &o.c, &o, argc, argv);
}
