/* parley backtest: score the models against observed outcomes, on the case
 * library or on the cases given.  The work is parley_backtest_run
 * (src/analysis/backtest.c) and parley_report_backtest (src/report/backtest.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "help.h"

typedef struct {
    cli_common c;
    const char *library;
    unsigned long long ensemble;
    double noise;
    unsigned long long sq_replicates;
    parley_report_format format;
    const char *output;
    char **files; /* CASE files (argv) */
    size_t n_files;
} bt_opts;

#define T bt_opts
static const cli_option backtest_options[] = {
    {"", 0, CLI_TABLE, .at = 0, .table = cli_common_options},
    {"library", 0, CLI_FILE, .at = CLI_FIELD(T, library, const char *), .must = "directory"},
    {"ensemble", 0, CLI_UINT, .at = CLI_FIELD(T, ensemble, unsigned long long), .min = 2,
     .max = 100000000},
    {"noise", 0, CLI_REAL, .at = CLI_FIELD(T, noise, double), .hi = 1, .open = 1,
     .needs = "ensemble"},
    {"sq-replicates", 0, CLI_UINT, .at = CLI_FIELD(T, sq_replicates, unsigned long long),
     .max = 1000000},
    {"format", 'f', CLI_CALL, .at = CLI_FIELD(T, format, parley_report_format),
     .call = cli_format_option},
    {"output", 'o', CLI_FILE, .at = CLI_FIELD(T, output, const char *)},
    CLI_HELP_OPTION,
    {0}};

static int check(void *opts, int argc, char **argv) {
    bt_opts *o = opts;
    if (o->c.req.n_sets || o->c.req.n_drops)
        return cli_usage_error("backtest", "--set and --drop do not apply to a backtest");
    o->files = argv + optind;
    o->n_files = (size_t)(argc - optind);
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_input_files_check("case", (const char *const *)o->files, o->n_files,
                                                o->c.ro.outcomes, &err);
    if (st != PARLEY_OK)
        return cli_fail("backtest", st, &err, NULL);
    if (o->n_files && o->library)
        return cli_usage_error("backtest", "--library and CASE files exclude each other");
    if (o->c.ro.outcomes && o->n_files != 1)
        return cli_usage_error(
            "backtest", "--outcomes needs exactly one CASE (the scenario the outcomes belong to)");
    /* no --model: every model; the combined forecast only when named */
    parley_model_list_default(o->c.types, &o->c.n_types, o->c.max_types, &o->c.combined, 0);
    o->c.store = cli_store_default(o->c.store);
    /* the inputs: every CASE file, --outcomes and the run store */
    const char *ins[] = {o->c.ro.outcomes, o->c.store};
    int rc =
        cli_check_outputs("backtest", (const char *const *)o->files, o->n_files, &o->output, 1, 0);
    return rc ? rc : cli_check_outputs("backtest", ins, 2, &o->output, 1, 0);
}

static void print_case_diags(void *data, parley_case_event ev, const char *file, parley_status st,
                             const parley_diags *diags) {
    cli_cases *r = data;
    if (ev == PARLEY_CASE_FAILED) /* the command goes on: docs/combine.md */
        cli_error("%s: warning: the combined forecast is not scored against the case library: %s",
                  r->cmd, diags->count ? diags->items[0].error.message : parley_strstatus(st));
    else if (ev != PARLEY_CASE_READ) /* "CMD: warning: ..." */
        cli_print_diags(diags, r->cmd);
    else
        r->rc = cli_loaded(st, diags, file);
}

void cli_cases_init(cli_cases *r, const cli_common *c) {
    r->req = (parley_case_request){.ro = &c->ro, .on_diags = print_case_diags, .diags_data = r};
    r->cmd = c->cmd;
    r->rc = 0;
}

int cli_cases_failed(const cli_cases *r, parley_status st, const parley_error *err) {
    if (err->status == PARLEY_OK) /* a case's problem: printed */
        return r->rc;
    cli_error("%s: %s", r->cmd, err->message);
    return st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
}

/* Collects the cases (o's CASE files, else the library) into lib and
 * backtests params on them into bt, printing every problem; returns 0 or
 * an exit code. */
static int backtest(const bt_opts *o, parley_case_library *lib, const parley_params *params,
                    parley_backtest *bt) {
    cli_cases r;
    cli_cases_init(&r, &o->c);
    parley_case_source src;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_case_source_init(
        &src, o->library, "--library", (const char *const *)o->files, o->n_files, &o->c.ro, &err);
    if (st != PARLEY_OK) { /* the library's path is too long */
        cli_error("%s: %s", o->c.cmd, err.message);
        return cli_exit_code(st);
    }
    src.req.on_diags = r.req.on_diags;
    src.req.diags_data = &r;
    parley_backtest_options bo;
    parley_backtest_options_init(&bo);
    bo.ensemble = o->ensemble;
    bo.seed = o->c.setup.seed;
    bo.noise = o->noise; /* 0 (no --noise): the library's default */
    bo.sq_replicates = (size_t)o->sq_replicates;
    st = parley_case_library_run(lib, bt, &src.req, params, o->c.n_types, &bo, &err);
    if (st == PARLEY_OK)
        return 0;
    parley_backtest_destroy(bt);
    return cli_cases_failed(&r, st, &err);
}

int cli_check_library_outputs(const cli_common *c, const char *library, const char *const *outs,
                              size_t n) {
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_case_library_outputs_check(library, outs, n, 0, &err);
    return st == PARLEY_OK ? 0 : cli_fail(c->cmd, st, &err, NULL);
}

static parley_status render_backtest(void *data, parley_report_format fmt, parley_buf *out) {
    return parley_report_backtest(data, fmt, out);
}

static int run(void *data, parley_params *params) {
    bt_opts *o = data;
    int rc = o->n_files ? 0 : cli_check_library_outputs(&o->c, o->library, &o->output, 1);
    parley_case_library lib;
    parley_case_library_init(&lib);
    parley_backtest bt;
    memset(&bt, 0, sizeof bt);
    if (rc == 0 && (rc = backtest(o, &lib, params, &bt)) == 0) {
        /* stored with one case's scenario; a library's cases are files */
        rc = cli_report_run(&o->c, "backtest", PARLEY_OK, o->format, o->output,
                            lib.n_loaded == 1 ? &lib.cases[0] : NULL, params, o->c.n_types,
                            render_backtest, &bt);
        parley_backtest_destroy(&bt);
    }
    parley_case_library_destroy(&lib);
    return rc;
}

int cli_backtest(int argc, char **argv) {
    bt_opts o;
    memset(&o, 0, sizeof o);
    o.sq_replicates = PARLEY_SQ_REPLICATES;
    /* -m combined: every model and their combination */
    static const cli_command cmd = {"backtest", backtest_options, 1, check, run, NULL};
    return cli_main(&cmd, &o.c, &o, argc, argv);
}
