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
    {"library", 0, CLI_TEXT, .at = CLI_FIELD(T, library, const char *)},
    {"ensemble", 0, CLI_UINT, .at = CLI_FIELD(T, ensemble, unsigned long long), .min = 2,
     .max = 100000000, .must = "a whole number from 2 to 100000000"},
    {"noise", 0, CLI_REAL, .at = CLI_FIELD(T, noise, double), .hi = 1, .open = 1,
     .must = "a number in (0, 1]"},
    {"sq-replicates", 0, CLI_UINT, .at = CLI_FIELD(T, sq_replicates, unsigned long long),
     .max = 1000000, .must = "a whole number from 0 to 1000000"},
    {"format", 'f', CLI_CALL, .at = CLI_FIELD(T, format, parley_report_format),
     .call = cli_format_option},
    {"output", 'o', CLI_FILE, .at = CLI_FIELD(T, output, const char *)},
    CLI_HELP_OPTION,
    {0}};

static int check(void *opts, int argc, char **argv) {
    bt_opts *o = opts;
    if (o->c.n_sets || o->c.n_drops)
        return cli_usage_error("backtest", "--set and --drop do not apply to a backtest");
    o->files = argv + optind;
    o->n_files = (size_t)(argc - optind);
    if (o->n_files && o->library)
        return cli_usage_error("backtest", "--library and CASE files exclude each other");
    if (o->c.ro.outcomes && o->n_files != 1)
        return cli_usage_error(
            "backtest", "--outcomes needs exactly one CASE (the scenario the outcomes belong to)");
    if (o->noise > 0 && !o->ensemble)
        return cli_usage_error("backtest", "--noise needs --ensemble");
    if (o->noise == 0)
        o->noise = 0.05;
    if (o->c.n_types == 0)
        for (const parley_model_type *const *t = parley_model_types();
             *t && o->c.n_types < o->c.max_types; ++t)
            o->c.types[o->c.n_types++] = *t;
    cli_store_from_env(&o->c);
    /* the inputs: every CASE file, --outcomes and the run store */
    const char **ins = calloc(o->n_files + 2, sizeof *ins);
    if (!ins)
        return cli_oom();
    for (size_t k = 0; k < o->n_files; ++k)
        ins[k] = o->files[k];
    ins[o->n_files] = o->c.ro.outcomes;
    ins[o->n_files + 1] = o->c.store;
    int rc = cli_check_outputs("backtest", ins, o->n_files + 2, &o->output, 1, 0);
    free((void *)ins);
    return rc;
}

/* Prints the diagnostics of collecting the cases (data: the cases_print). */
typedef struct cases_print {
    const char *cmd;
    int rc; /* the exit code of the last case read */
} cases_print;

static void print_case_diags(void *data, parley_case_event ev, const char *file, parley_status st,
                             const parley_diags *diags) {
    cases_print *p = data;
    if (ev != PARLEY_CASE_READ) /* "CMD: warning: ..." */
        cli_print_diags(diags, p->cmd);
    else
        p->rc = cli_loaded(st, diags, file);
}

/* Lists the cases (o's CASE files, else the library) into lib and loads
 * them, printing every diagnostic; returns 0 or the exit code of the first
 * problem. */
static int load_cases(const bt_opts *o, parley_case_library *lib) {
    char dir[4096];
    int shipped = 0;
    parley_case_library_dir(o->library, dir, sizeof dir, &shipped);
    cases_print pr = {o->c.cmd, 0};
    parley_case_request req = {.files = (const char *const *)o->files,
                               .n_files = o->n_files,
                               .dir = dir,
                               .shipped = shipped && o->n_files == 0,
                               .ro = &o->c.ro,
                               .on_diags = print_case_diags,
                               .diags_data = &pr,
                               .dir_named_by = o->library ? "--library" : "$PARLEY_CASES"};
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_case_library_collect(lib, &req, NULL, &err);
    if (st == PARLEY_OK || err.status == PARLEY_OK) /* a case's problem: printed */
        return pr.rc;
    cli_error("%s: %s", o->c.cmd, err.message);
    return cli_exit_code(st);
}

/* Runs the backtest of lib's cases (loaded) into bt; prints errors. */
static int run_backtest(const bt_opts *o, const parley_case_library *lib,
                        const parley_params *params, parley_backtest *bt) {
    parley_perturbation pert;
    parley_perturbation_default(&pert); /* the ensemble default; --noise sets the position part */
    pert.noise[PARLEY_FIELD_POSITION] = (parley_noise){PARLEY_NOISE_NORMAL, o->noise};
    parley_backtest_options bo;
    parley_backtest_options_init(&bo);
    bo.ensemble = o->ensemble;
    bo.seed = o->c.seed;
    bo.perturbation = &pert;
    bo.sq_replicates = (size_t)o->sq_replicates;
    if (o->c.n_types > 1) { /* a combination of one model is that model */
        bo.extra = parley_backtest_extra_combined;
        bo.extra_name = "combined";
    }
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_case_library_backtest(lib, bt, params, o->c.n_types, &bo, &err);
    if (st != PARLEY_OK) {
        cli_error("%s: %s", o->c.cmd, err.message[0] ? err.message : parley_strstatus(st));
        parley_backtest_destroy(bt);
        return st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
    }
    return 0;
}

const char *cli_backtest_library_dir(const char *library) {
    static char dir[4096];
    parley_case_library_dir(library, dir, sizeof dir, NULL);
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
    int rc = load_cases(&o, &lib);
    if (rc == 0)
        rc = run_backtest(&o, &lib, params, bt);
    parley_case_library_destroy(&lib);
    return rc;
}

int cli_combined_library(const cli_common *c, const parley_params *params, parley_backtest *bt) {
    memset(bt, 0, sizeof *bt);
    const char *dir = cli_backtest_library_dir(NULL);
    struct stat sb;
    if (c->n_types < 2 || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return 0; /* no library here: the verdict says "not yet scored" */
    return cli_backtest_library(c, NULL, params, bt) == 0;
}

static parley_status render_backtest(void *data, parley_report_format fmt, parley_buf *out) {
    return parley_report_backtest(data, fmt, out);
}

static int run(void *data, parley_params *params) {
    bt_opts *o = data;
    int rc = o->n_files ? 0 : cli_check_library_outputs(&o->c, o->library, &o->output, 1);
    parley_case_library lib;
    parley_case_library_init(&lib);
    if (rc == 0)
        rc = load_cases(o, &lib);
    parley_backtest bt;
    if (rc == 0 && (rc = run_backtest(o, &lib, params, &bt)) == 0) {
        parley_buf b;
        parley_buf_init(&b);
        parley_status st = parley_report_backtest(&bt, o->format, &b);
        rc = cli_finish_report(st, o->output, &b);
        /* one case: its scenario; a library: none (the cases are files) */
        if (rc == 0)
            rc = cli_store_outputs(&o->c, "backtest", lib.n_loaded == 1 ? &lib.cases[0] : NULL,
                                   NULL, params, o->c.n_types, render_backtest, &bt);
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
