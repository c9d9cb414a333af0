/* parley backtest: score the models against observed outcomes, on the case
 * library or on the cases given.  The work is parley_backtest_run
 * (src/analysis/backtest.c) and parley_report_backtest (src/report/backtest.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

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
    int rc = cli_check_inputs("backtest", "case", o->files, o->n_files, o->c.ro.outcomes);
    if (rc != 0)
        return rc;
    if (o->n_files && o->library)
        return cli_usage_error("backtest", "--library and CASE files exclude each other");
    if (o->c.ro.outcomes && o->n_files != 1)
        return cli_usage_error(
            "backtest", "--outcomes needs exactly one CASE (the scenario the outcomes belong to)");
    if (o->noise == 0)
        o->noise = 0.05;
    if (o->c.n_types == 0)
        for (const parley_model_type *const *t = parley_model_types();
             *t && o->c.n_types < o->c.max_types; ++t)
            o->c.types[o->c.n_types++] = *t;
    o->c.store = cli_store_default(o->c.store);
    /* the inputs: every CASE file, --outcomes and the run store */
    const char *ins[] = {o->c.ro.outcomes, o->c.store};
    rc = cli_check_outputs("backtest", (const char *const *)o->files, o->n_files, &o->output, 1, 0);
    return rc ? rc : cli_check_outputs("backtest", ins, 2, &o->output, 1, 0);
}

/* The cases of a command (CASE files, else --library DIR or its default)
 * as a request whose diagnostics are printed (its diags_data: this). */
typedef struct cases_req {
    parley_case_request req;
    const char *cmd;
    int rc; /* the exit code of the last case read */
    char dir[4096];
} cases_req;

static void print_case_diags(void *data, parley_case_event ev, const char *file, parley_status st,
                             const parley_diags *diags) {
    cases_req *r = data;
    if (ev != PARLEY_CASE_READ) /* "CMD: warning: ..." */
        cli_print_diags(diags, r->cmd);
    else
        r->rc = cli_loaded(st, diags, file);
}

/* The directory a library path too long for the buffer names is unknown:
 * says so (CMD: --library: ...) and returns the exit code, else 0. */
static int library_dir(const char *cmd, const char *library, char *dir, size_t n, int *shipped) {
    parley_status st = parley_case_library_dir(library, dir, n, shipped);
    if (st == PARLEY_OK)
        return 0;
    dir[0] = '\0';
    cli_error("%s: %s: the case library's path is too long", cmd,
              library ? "--library" : "$PARLEY_CASES");
    return cli_exit_code(st);
}

/* Fills r; returns 0 or the exit code of a library path that cannot be
 * resolved (said). */
static int cases_init(cases_req *r, const cli_common *c, const char *library, char **files,
                      size_t n) {
    int shipped = 0;
    const int rc = library_dir(c->cmd, library, r->dir, sizeof r->dir, &shipped);
    r->cmd = c->cmd;
    r->rc = 0;
    r->req = (parley_case_request){.files = (const char *const *)files,
                                   .n_files = n,
                                   .dir = r->dir,
                                   .shipped = shipped && n == 0,
                                   .ro = &c->ro,
                                   .on_diags = print_case_diags,
                                   .diags_data = r,
                                   .dir_named_by = library ? "--library" : "$PARLEY_CASES"};
    return rc;
}

/* Collects the cases (o's CASE files, else the library) into lib and
 * backtests params on them into bt, printing every problem; returns 0 or
 * an exit code. */
static int backtest(const bt_opts *o, parley_case_library *lib, const parley_params *params,
                    parley_backtest *bt) {
    cases_req r;
    int rc = cases_init(&r, &o->c, o->library, o->files, o->n_files);
    if (rc != 0)
        return rc;
    parley_perturbation pert;
    parley_perturbation_default(&pert); /* the ensemble default; --noise sets the position part */
    pert.noise[PARLEY_FIELD_POSITION] = (parley_noise){PARLEY_NOISE_NORMAL, o->noise};
    parley_backtest_options bo;
    parley_backtest_options_init(&bo);
    bo.ensemble = o->ensemble;
    bo.seed = o->c.setup.seed;
    bo.perturbation = &pert;
    bo.sq_replicates = (size_t)o->sq_replicates;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_case_library_run(lib, bt, &r.req, params, o->c.n_types, &bo, &err);
    if (st == PARLEY_OK || err.status == PARLEY_OK) /* a case's problem: printed */
        return st == PARLEY_OK ? 0 : r.rc;
    cli_error("%s: %s", o->c.cmd, err.message);
    parley_backtest_destroy(bt);
    return st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
}

const char *cli_backtest_library_dir(const char *library) {
    static char dir[4096];
    if (parley_case_library_dir(library, dir, sizeof dir, NULL) != PARLEY_OK)
        dir[0] = '\0'; /* the run that reads it says why */
    return dir;
}

int cli_check_library_outputs(const cli_common *c, const char *library, const char *const *outs,
                              size_t n) {
    parley_case_library lib;
    parley_case_library_init(&lib);
    int rc = 0; /* no library to read, so none to overwrite; the run says why */
    if (parley_case_library_add_dir(&lib, cli_backtest_library_dir(library), NULL) == PARLEY_OK &&
        lib.n)
        rc = cli_check_outputs(c->cmd, (const char *const *)lib.files, lib.n, outs, n, 0);
    parley_case_library_destroy(&lib);
    return rc;
}

int cli_backtest_library(const cli_common *c, const char *library, const parley_params *params,
                         parley_backtest *bt) {
    bt_opts o;
    memset(&o, 0, sizeof o);
    memset(bt, 0, sizeof *bt);
    o.c = *c;
    o.library = library;
    o.noise = 0.05;
    o.sq_replicates = PARLEY_SQ_REPLICATES;
    parley_case_library lib;
    parley_case_library_init(&lib);
    int rc = backtest(&o, &lib, params, bt);
    parley_case_library_destroy(&lib);
    return rc;
}

int cli_combined_library(const cli_common *c, const parley_params *params, parley_backtest *bt) {
    memset(bt, 0, sizeof *bt);
    char dir[4096];
    struct stat sb;
    if (c->n_types < 2 || library_dir(c->cmd, NULL, dir, sizeof dir, NULL) != 0 ||
        stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return 0; /* no library here: the verdict says "not yet scored" */
    return cli_backtest_library(c, NULL, params, bt) == 0;
}

int cli_combined_score(const cli_common *c, const parley_params *params, parley_combined *comb) {
    cases_req r;
    const int rc = cases_init(&r, c, NULL, NULL, 0);
    if (rc != 0)
        return rc;
    parley_error err;
    parley_error_clear(&err);
    if (parley_combined_score_library(comb, &r.req, params, c->n_types, c->setup.seed, &err) &&
        err.status != PARLEY_OK) /* else a case's problem: printed */
        cli_error("%s: %s", c->cmd, err.message);
    return 0;
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
