/* parley report [SCENARIO] -- a self-contained HTML report with charts.
 *
 * SPDX-License-Identifier: MIT
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct report_opts {
    cli_common c;
    parley_report_command cmd; /* the report's own options, as its command shows them */
    const char *output, *svg_dir;
    double noise;
    const char *runs; /* --runs ID,ID,...: the chart of stored runs instead */
    int interactive;  /* -1: default (on when the module is built in), 0, 1 */
} report_opts;

#define T report_opts
static const cli_option report_options[] = {
    {"", 0, CLI_TABLE, .at = 0, .table = cli_common_options},
    {"experts", 0, CLI_FLAG, .at = CLI_FIELD(T, c.experts, int), .min = 1},
    {"output", 'o', CLI_FILE, .at = CLI_FIELD(T, output, const char *)},
    {"svg", 0, CLI_FILE, .at = CLI_FIELD(T, svg_dir, const char *), .must = "directory"},
    {"actor", 0, CLI_TEXT, .at = CLI_FIELD(T, cmd.actor, const char *)},
    {"ensemble", 0, CLI_UINT, .at = CLI_FIELD(T, cmd.ensemble, unsigned long long), .min = 2,
     .max = 100000000},
    {"noise", 0, CLI_REAL, .at = CLI_FIELD(T, noise, double), .hi = 1, .open = 1,
     .text = CLI_TEXT_OF(T, cmd.noise), .needs = "ensemble"},
    {"leverage", 0, CLI_FLAG, .at = CLI_FIELD(T, cmd.leverage, int), .min = 1},
    {"sq-replicates", 0, CLI_UINT, .at = CLI_FIELD(T, cmd.sq_replicates, unsigned long long),
     .max = 1000000, .given = CLI_GIVEN(T, cmd.has_sq_replicates)},
    {"backtest", 0, CLI_FLAG, .at = CLI_FIELD(T, cmd.backtest, int), .min = 1},
    {"library", 0, CLI_FILE, .at = CLI_FIELD(T, cmd.library, const char *),
     .given = CLI_GIVEN(T, cmd.backtest), .must = "directory"},
    {"runs", 0, CLI_TEXT, .at = CLI_FIELD(T, runs, const char *)},
    {"interactive", 0, CLI_FLAG, .at = CLI_FIELD(T, interactive, int), .min = 1},
    {"no-interactive", 0, CLI_FLAG, .at = CLI_FIELD(T, interactive, int), .min = 0},
    CLI_HELP_OPTION,
    {0}};

static int check(void *opts, int argc, char **argv) {
    report_opts *o = opts;
    int rc;
    if ((rc = cli_common_finish(&o->c, argc, argv)) != 0)
        return rc;
    if ((rc = cli_check_omp_env("report")) != 0)
        return rc;
    if (o->c.experts && o->cmd.ensemble && (o->c.req.n_sets || o->c.req.n_drops))
        return cli_usage_error("report", "--experts --ensemble does not combine with --set or "
                                         "--drop (each replicate draws its table from the "
                                         "experts' codings)");
    if (o->runs && !o->c.store)
        return cli_usage_error("report",
                               "--runs needs the run store: --store FILE or PARLEY_STORE");
    if (o->runs &&
        (o->c.req.file || o->cmd.ensemble || o->cmd.leverage || o->cmd.backtest || o->svg_dir ||
         o->c.model_given || o->c.setup.preset || o->c.rounds || o->c.setup.n_params ||
         o->c.req.n_sets || o->c.req.n_drops || o->c.setup.seed || o->c.ro.bounds_given ||
         o->c.ro.outcomes || o->cmd.actor || o->cmd.has_sq_replicates))
        return cli_usage_error("report", "--runs draws stored runs as they were: it takes no "
                                         "scenario and no option that would change a forecast "
                                         "(only --store and -o)");
    const char *outs[] = {o->output, o->svg_dir};
    rc = cli_check_run_outputs(&o->c, NULL, outs, 2, 1);
    /* both read the case library; --svg, a directory, gets SVG files (never
     * a *.json case), so only -o can replace a case */
    if (rc == 0 && (o->c.combined || o->cmd.backtest))
        rc = cli_check_library_outputs(&o->c, o->cmd.library, outs, 1);
    return rc;
}

/* What the report holds, as the command that reproduces it says (without
 * -o and --svg, which change where it goes, not what it says): the
 * report's options and the shared ones. */
static void report_command(const report_opts *o, parley_report_command *out) {
    *out = o->cmd;
    out->models = o->c.model_given ? o->c.types : NULL;
    out->n_models = o->c.n_types;
    out->combined = o->c.combined;
    out->input = o->c.req;
    out->setup = o->c.setup;
    out->rounds = o->c.rounds;
}

static int build(const report_opts *o, const parley_scenario *s, const parley_params *params) {
    parley_report_command cmd;
    report_command(o, &cmd);
    parley_html_request req = {
        .scenario = s,
        .params = params,
        .n_params = o->c.n_types,
        .meta = {cli_scenario_name(&o->c), PARLEY_VERSION, o->c.setup.seed, NULL},
        .command = &cmd};
    req.html.interactive = o->interactive < 0 ? parley_report_live_available() : o->interactive;
    parley_combine_options_init(&req.combine);
    req.max_memory = o->c.max_memory > SIZE_MAX ? SIZE_MAX : (size_t)o->c.max_memory;
    cli_cases cases; /* --backtest and the combined forecast's record */
    cli_cases_init(&cases, &o->c);
    req.cases = &cases.req;
    parley_experts ex = {0}; /* with --experts: the ensemble draws from the codings */
    int rc = 0;
    /* quiet: cli_load_scenarios printed the codings' warnings already */
    if (o->c.experts && (rc = cli_load_experts(&o->c, &ex, 1)) == 0)
        req.experts = &ex;
    parley_html_report rep = {0};
    parley_error err = {0};
    parley_status st = rc == 0 ? parley_html_report_init(&rep, &req, &err) : PARLEY_OK;
    if (st != PARLEY_OK && rep.stage == PARLEY_HTML_STAGE_CASE_LIBRARY) {
        cli_error("report: %s", err.message); /* its path is too long */
        rc = cli_exit_code(st);
    } else if (st != PARLEY_OK && rep.stage == PARLEY_HTML_STAGE_BACKTEST) {
        rc = cli_cases_failed(&cases, st, &err);
    } else if (st != PARLEY_OK &&
               (rep.stage == PARLEY_HTML_STAGE_FORECAST || rep.stage == PARLEY_HTML_STAGE_CHARTS ||
                rep.stage == PARLEY_HTML_STAGE_HTML)) {
        cli_print_error(&err, NULL); /* "cannot build the report: ..." */
        rc = CLI_EXIT_INTERNAL;
    } else if (st != PARLEY_OK) {
        rc = cli_fail("report", st, &err, NULL);
    } else if (rc == 0) {
        /* one commit: the charts staged, the page written, then the charts
         * put in place; a page that cannot be written leaves DIR as it was */
        parley_chart_staged charts = {0};
        /* a reader that closes the pipe early (| head) is then a failed
         * write (exit 3) that aborts the staged charts, not a SIGPIPE that
         * would leave their temporary files */
        if (o->svg_dir)
            signal(SIGPIPE, SIG_IGN);
        if (o->svg_dir &&
            (st = parley_chart_set_stage_dir(&rep.charts, o->svg_dir, &charts, &err)) != PARLEY_OK)
            rc = cli_fail("report", st, &err, NULL);
        if (rc == 0)
            rc = cli_write_output(o->output, &rep.html);
        /* the page on standard output: out of stdio's buffer before the charts */
        if (rc == 0 && o->svg_dir && (!o->output || strcmp(o->output, "-") == 0) &&
            (fflush(stdout) != 0 || ferror(stdout))) {
            cli_error("cannot write to standard output");
            rc = CLI_EXIT_IO;
        }
        if (rc == 0 && (st = parley_chart_staged_commit(&charts, &err)) != PARLEY_OK)
            rc = cli_fail("report", st, &err, NULL);
        parley_chart_staged_destroy(&charts);
        if (rc == 0 && o->c.store) {
            parley_store_document doc = {"report", "html", rep.html.data ? rep.html.data : ""};
            rc = cli_store_run(&o->c, s, &rep.forecast, NULL, 0, &doc, 1);
        }
    }
    parley_html_report_destroy(&rep);
    parley_experts_destroy(&ex);
    return rc;
}

/* --runs: how the forecasts moved across stored runs (parley_store_runs_html);
 * a run number that is bad, repeated or not stored is a usage error. */
static int runs_page(const report_opts *o) {
    long long *ids = NULL;
    size_t n = 0;
    parley_error err = {0};
    parley_store *st = NULL;
    parley_buf b;
    parley_buf_init(&b);
    parley_status s = parley_store_run_ids_parse(o->runs, &ids, &n, &err);
    if (s != PARLEY_OK)
        parley_error_prefix(&err, s, "runs");
    else if ((s = parley_store_open(&st, o->c.store, 0, &err)) == PARLEY_OK)
        s = parley_store_runs_html(st, ids, n, &b, &err);
    int rc = s == PARLEY_OK       ? cli_write_output(o->output, &b)
             : s == PARLEY_EINVAL ? cli_usage_error("report", "%s%s%s", err.file,
                                                    err.file[0] ? ": " : "", err.message)
                                  : cli_fail("report", s, &err, o->c.store);
    parley_store_close(st);
    parley_buf_destroy(&b);
    free(ids);
    return rc;
}

static int run(void *opts, parley_params *params) {
    const report_opts *o = opts;
    if (o->runs)
        return runs_page(o);
    parley_scenario orig, s;
    int rc = cli_load_scenarios(&o->c, &orig, &s);
    if (rc == 0) /* before the backtests: refused before anything runs */
        rc = cli_check_memory(&o->c, &s, params, o->c.n_types, 1);
    if (rc == 0)
        rc = build(o, &s, params);
    parley_scenario_destroy(&orig);
    parley_scenario_destroy(&s);
    return rc;
}

int cli_report(int argc, char **argv) {
    static const cli_command cmd = {"report", report_options, 1, check, run, NULL};
    report_opts o = {.noise = 0.05, .cmd.sq_replicates = PARLEY_SQ_REPLICATES, .interactive = -1};
    return cli_main(&cmd, &o.c, &o, argc, argv);
}
