/* parley ensemble [SCENARIO] -- many replicates of the models on perturbed
 * inputs, summarised per issue and model (docs/analysis.md).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct {
    cli_common c;
    parley_ensemble_spec spec; /* --spec file and command line, merged */
    const char *spec_file;
    unsigned long long threads;
    parley_report_format format;
    const char *output, *rows;
    int quiet, no_noise;
    int draw; /* --experts-draw: a parley_experts_draw */
} ens_opts;

/* --noise and --sweep (field: the spec): the library words a refusal. */
static int added(const char *cmd, parley_status st, const parley_error *err) {
    return st == PARLEY_OK       ? 0
           : st == PARLEY_ENOMEM ? cli_oom()
                                 : cli_usage_error(cmd, "%s", err->message);
}

static int add_noise(const char *cmd, void *spec, const char *arg) {
    parley_error err;
    return added(cmd, parley_ensemble_spec_add_noise(spec, arg, &err), &err);
}

static int add_sweep(const char *cmd, void *spec, const char *arg) {
    parley_error err;
    return added(cmd, parley_ensemble_spec_add_sweep(spec, arg, &err), &err);
}

static const cli_choice draws[] = {
    {"cell", PARLEY_EXPERTS_DRAW_CELL}, {"expert", PARLEY_EXPERTS_DRAW_EXPERT}, {NULL, 0}};

#define T ens_opts
static const cli_option ensemble_options[] = {
    {"", 0, CLI_TABLE, .at = 0, .table = cli_common_options},
    {"experts", 0, CLI_FLAG, .at = CLI_FIELD(T, c.experts, int), .min = 1},
    {"experts-draw", 0, CLI_CHOICE, .at = CLI_FIELD(T, draw, int), .choices = draws,
     .must = "cell or expert", .needs = "experts"},
    {"replicates", 'n', CLI_UINT, .at = CLI_FIELD(T, spec.replicates, unsigned long long), .min = 1,
     .max = 1ULL << 40, .given = CLI_GIVEN(T, spec.has_replicates),
     .must = "a whole number from 1 to 2^40"},
    {"noise", 0, CLI_CALL, .at = CLI_FIELD(T, spec, parley_ensemble_spec), .call = add_noise},
    {"drop-rate", 0, CLI_REAL, .at = CLI_FIELD(T, spec.drop, double), .hi = 1,
     .given = CLI_GIVEN(T, spec.has_drop), .must = "a probability in [0, 1]"},
    {"shock", 0, CLI_REAL, .at = CLI_FIELD(T, spec.shock, double), .hi = 1,
     .given = CLI_GIVEN(T, spec.has_shock), .must = "a probability in [0, 1]"},
    {"sweep", 0, CLI_CALL, .at = CLI_FIELD(T, spec, parley_ensemble_spec), .call = add_sweep},
    {"spec", 0, CLI_FILE, .at = CLI_FIELD(T, spec_file, const char *)},
    {"threads", 'j', CLI_UINT, .at = CLI_FIELD(T, threads, unsigned long long), .min = 1,
     .max = 1024},
    {"bins", 0, CLI_UINT, .at = CLI_FIELD(T, spec.bins, unsigned long long), .min = 1,
     .max = PARLEY_ENSEMBLE_MAX_BINS, .given = CLI_GIVEN(T, spec.has_bins)},
    {"format", 'f', CLI_CALL, .at = CLI_FIELD(T, format, parley_report_format),
     .call = cli_format_option},
    {"output", 'o', CLI_FILE, .at = CLI_FIELD(T, output, const char *)},
    {"rows", 0, CLI_FILE, .at = CLI_FIELD(T, rows, const char *)},
    {"no-noise", 0, CLI_FLAG, .at = CLI_FIELD(T, no_noise, int), .min = 1},
    {"quiet", 'q', CLI_FLAG, .at = CLI_FIELD(T, quiet, int), .min = 1},
    CLI_HELP_OPTION,
    {0}};

/* Reads the spec file; values already given on the command line win
 * (noise items and sweeps from the file come first, so later command-line
 * items override them). */
static int read_spec(ens_opts *o) {
    parley_error err = {0};
    parley_status st = parley_ensemble_spec_read_under(&o->spec, o->spec_file, &err);
    if (st != PARLEY_OK)
        return cli_fail("ensemble", st, &err, NULL);
    if (o->spec.has_seed && !o->c.seed_given)
        o->c.setup.seed = o->spec.seed;
    return 0;
}

static int check(void *opts, int argc, char **argv) {
    ens_opts *o = opts;
    int rc;
    if ((rc = cli_common_finish(&o->c, argc, argv)) != 0)
        return rc;
    if ((rc = cli_check_omp_env("ensemble")) != 0)
        return rc;
    if (o->c.experts && (o->c.req.n_sets || o->c.req.n_drops))
        return cli_usage_error("ensemble",
                               "--experts does not combine with --set or --drop (each replicate "
                               "draws its table from the experts' codings)");
    if (o->spec_file && strcmp(o->spec_file, "-") == 0 &&
        ((o->c.req.file && strcmp(o->c.req.file, "-") == 0) ||
         (o->c.ro.outcomes && strcmp(o->c.ro.outcomes, "-") == 0)))
        return cli_usage_error(
            "ensemble",
            "--spec and the scenario or --outcomes cannot both be '-' (standard input)");
    if (o->spec_file && (rc = read_spec(o)) != 0)
        return rc;
    if (o->no_noise && o->spec.n_noise)
        return cli_usage_error(
            "ensemble", "--no-noise and --noise (or a spec file's noise) exclude each other");
    o->spec.no_noise = o->no_noise;
    const char *outs[] = {o->output, o->rows};
    return cli_check_run_outputs(&o->c, o->spec_file, outs, 2, 0);
}

/* ------------------------------------------------------------ running */

/* What the command hooks into the ensemble: its rows file and progress bar. */
typedef struct ens_hooks {
    parley_ensemble_rows_file rw;
    int bar; /* 1: draw the progress bar */
    cli_progress pr;
} ens_hooks;

/* The request's prepare hook, just before the replicates (--rows is open):
 * an interrupt removes the rows' temporary file; the progress bar starts. */
static parley_status prepare(void *data, const parley_ensemble_result *res,
                             parley_ensemble_options *eo, parley_error *err) {
    ens_hooks *h = data;
    (void)res;
    (void)err;
    const char *tmp = parley_ensemble_rows_temp(&h->rw);
    if (tmp)
        cli_temp_register(tmp);
    if (h->bar) {
        cli_progress_start(&h->pr);
        eo->progress = cli_progress_draw;
        eo->progress_data = &h->pr;
    }
    return PARLEY_OK;
}

typedef struct ens_render {
    parley_ensemble_report r;
    parley_report_meta meta;
} ens_render;

static parley_status render_ensemble(void *data, parley_report_format fmt, parley_buf *out) {
    const ens_render *e = data;
    return parley_report_ensemble(&e->r, fmt, &e->meta, out);
}

/* Writes the report (rank 0) and records the run with --store. */
static int write_report(const ens_opts *o, const parley_ensemble_result *res,
                        const parley_ensemble_request *req) {
    cli_changes ch;
    parley_status st = cli_changes_init(&ch, &o->c);
    ens_render e = {.meta = {cli_scenario_name(&o->c), PARLEY_VERSION, o->c.setup.seed, NULL}};
    parley_report_ensemble_result(res, req, ch.texts, ch.n, &e.r);
    int rc = cli_report_run(&o->c, "ensemble", st, o->format, o->output, req->scenario,
                            res->configs.params, res->configs.n, render_ensemble, &e);
    cli_changes_destroy(&ch);
    return rc;
}

static int run(void *opts, parley_params *base_params, const cli_mpi *mi) {
    ens_opts *o = opts;
    parley_scenario orig = {0}, s = {0};
    parley_experts ex = {0};
    parley_ensemble_result res = {0};
    ens_hooks h = {0};
    int rc = o->c.experts ? cli_load_experts(&o->c, &ex, 0) : cli_load_scenarios(&o->c, &orig, &s);
    parley_ensemble_request req = {.scenario = o->c.experts ? &ex.aggregate : &s,
                                   .unchanged = o->c.req.n_sets + o->c.req.n_drops ? &orig : NULL,
                                   .experts = o->c.experts ? &ex : NULL,
                                   .draw = (parley_experts_draw)o->draw,
                                   .spec = &o->spec,
                                   .spec_file = o->spec_file,
                                   .params = base_params,
                                   .n_params = o->c.n_types,
                                   .prepare = prepare,
                                   .prepare_data = &h};
    req.max_memory = o->c.max_memory > SIZE_MAX ? SIZE_MAX : (size_t)o->c.max_memory;
    parley_ensemble_options *eo = &req.options;
    parley_ensemble_options_init(eo);
    eo->seed = o->c.setup.seed;
    parley_ensemble_options_share(eo, o->spec.replicates, (uint64_t)mi->rank, (uint64_t)mi->size);
    eo->threads = (int)o->threads;
    eo->max_memory = req.max_memory;
    h.bar = !o->quiet && mi->rank == 0 && isatty(2);
    parley_error err = {0};
    parley_status st =
        rc == 0 ? parley_ensemble_result_init_rows(&res, &req, o->rows, &h.rw, &err) : PARLEY_OK;
    cli_progress_end(&h.pr);
    cli_temp_unregister();
    if (rc == 0 && mi->rank == 0 && res.nothing_perturbed)
        cli_error(
            "ensemble: warning: nothing is perturbed (%s, no --drop-rate or --shock): all %llu "
            "replicates are the same run",
            o->no_noise ? "--no-noise" : "every noise is none or 0", o->spec.replicates);
    if (rc == 0 && st != PARLEY_OK) /* worded by the library */
        rc = res.stage == PARLEY_ENSEMBLE_STAGE_MEMORY ? cli_memory_refused(&o->c, &err)
                                                       : cli_fail("ensemble", st, &err, NULL);
    rc = cli_mpi_reduce(mi, &res.summary, rc);
    if (rc == 0 && mi->rank == 0)
        rc = write_report(o, &res, &req);
    parley_ensemble_result_destroy(&res);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&orig);
    parley_experts_destroy(&ex);
    return rc;
}

int cli_ensemble(int argc, char **argv) {
    static const cli_command cmd = {"ensemble", ensemble_options, 0, check, NULL, run};
    ens_opts o = {.format = PARLEY_REPORT_TABLE};
    parley_ensemble_spec_init(&o.spec);
    int rc = cli_main(&cmd, &o.c, &o, argc, argv);
    parley_ensemble_spec_destroy(&o.spec);
    return rc;
}
