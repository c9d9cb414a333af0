/* parley CLI: options shared by forecast, ensemble and leverage -- models
 * and their parameters, the scenario, the seed and the what-if changes.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int common_init(cli_common *c, const char *cmd) {
    memset(c, 0, sizeof *c);
    c->cmd = cmd;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t)
        ++c->max_types;
    c->types = calloc(c->max_types + 1, sizeof *c->types);
    if (!c->types)
        return cli_oom();
    c->req.ro = &c->ro;
    return 0;
}

static void common_destroy(cli_common *c) {
    free(c->types);
    free((void *)c->setup.params); /* the lists of CLI_LIST: argv's strings */
    free((void *)c->req.sets);
    free((void *)c->req.drops);
    free(c->argv);
    free(c->experts_label);
}

/* --model: adds the models of a comma-separated list (field: the cli_common). */
static int add_models(const char *cmd, void *field, const char *list) {
    cli_common *c = field;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_model_list_parse(list, c->types, &c->n_types, c->max_types,
                                               c->allow_combined ? &c->combined : NULL, &err);
    return st == PARLEY_OK ? 0 : cli_usage_error(cmd, "%s", err.message);
}

static int memory_size(const char *cmd, void *field, const char *arg) {
    (void)cmd;
    return parley_memory_size_parse(arg, field) == PARLEY_OK ? 0 : -1;
}

static const cli_choice store_levels[] = {
    {"run", PARLEY_STORE_LEVEL_RUN}, {"rounds", PARLEY_STORE_LEVEL_ROUNDS}, {NULL, 0}};

#define C cli_common
const cli_option cli_common_options[] = {
    {"model", 'm', CLI_CALL, .at = 0, .call = add_models, .given = CLI_GIVEN(C, model_given)},
    {"preset", 0, CLI_TEXT, .at = CLI_FIELD(C, setup.preset, const char *)},
    {"rounds", 0, CLI_SIZE, .at = CLI_FIELD(C, setup.rounds, size_t),
     .text = CLI_TEXT_OF(C, rounds), .min = 1, .max = PARLEY_MAX_ROUNDS},
    {"param", 0, CLI_LIST, .at = CLI_FIELD(C, setup.params, const char *const *),
     .count = CLI_FIELD(C, setup.n_params, size_t)},
    {"seed", 0, CLI_UINT, .at = CLI_FIELD(C, setup.seed, unsigned long long),
     .max = PARLEY_MAX_SEED, .given = CLI_GIVEN(C, seed_given),
     .must = "a whole number from 0 to 2^63-1"},
    {"", 0, CLI_TABLE, .at = CLI_FIELD(C, ro, parley_read_options),
     .table = cli_read_options_table},
    {"set", 0, CLI_LIST, .at = CLI_FIELD(C, req.sets, const char *const *),
     .count = CLI_FIELD(C, req.n_sets, size_t)},
    {"drop", 0, CLI_LIST, .at = CLI_FIELD(C, req.drops, const char *const *),
     .count = CLI_FIELD(C, req.n_drops, size_t)},
    {"max-memory", 0, CLI_CALL, .at = CLI_FIELD(C, max_memory, unsigned long long),
     .call = memory_size,
     .must = "a size such as 512M or 8G (bytes, or K, M, G, T for KiB to TiB)"},
    {"store", 0, CLI_FILE, .at = CLI_FIELD(C, store, const char *)},
    {"store-level", 0, CLI_CHOICE, .at = CLI_FIELD(C, store_level, int), .choices = store_levels,
     .must = "run or rounds"},
    {0}};

const char *cli_store_default(const char *store) {
    const char *env = getenv("PARLEY_STORE");
    return store || !env || !env[0] ? store : env;
}

int cli_common_finish(cli_common *c, int argc, char **argv) {
    char *const *operands = argv + optind;
    const size_t n = (size_t)(argc - optind);
    if (c->experts) {
        c->req.experts = (const char *const *)operands;
        c->req.n_experts = n;
    }
    c->req.file = n ? operands[0] : NULL; /* with --experts: the first coding names the run */
    parley_error err;
    parley_error_clear(&err);
    /* the names' problems first (with several scenarios as with one), then their count */
    parley_status st = c->experts
                           ? parley_scenario_request_check(&c->req, &err)
                           : parley_input_files_check("scenario", (const char *const *)operands, n,
                                                      c->ro.outcomes, &err);
    if (st != PARLEY_OK)
        return cli_fail(c->cmd, st, &err, NULL);
    if (!c->experts && n > 1)
        return cli_usage_error(c->cmd, "more than one scenario given ('%s', '%s')", operands[0],
                               operands[1]);
    if (c->experts) { /* the reports' File: line names every coding (owned: freed with c) */
        parley_buf label;
        parley_buf_init(&label);
        if (parley_experts_label(&label, c->req.experts, n) != PARLEY_OK) {
            parley_buf_destroy(&label);
            return cli_oom();
        }
        free(c->experts_label);
        c->experts_label = label.data;
    }
    c->store = cli_store_default(c->store);
    if (c->max_memory == 0) /* half of the physical memory */
        c->max_memory = parley_memory_limit_default();
    parley_model_list_default(c->types, &c->n_types, c->max_types, &c->combined, c->allow_combined);
    return 0;
}

/* Creates the selected models' parameters and applies --preset, --rounds,
 * --param and --seed; *n_made counts those to destroy. */
static int make_params(const cli_common *c, parley_params *params, size_t *n_made) {
    parley_setup_step step = PARLEY_SETUP_INIT;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_params_setup_apply(params, c->types, c->n_types, n_made, &c->setup,
                                                 &step, NULL, &err);
    if (st == PARLEY_OK)
        return 0;
    if (st == PARLEY_ENOMEM)
        return cli_oom();
    if (step == PARLEY_SETUP_SEED || (step == PARLEY_SETUP_ROUNDS && st != PARLEY_EUNSUPPORTED))
        return CLI_EXIT_INTERNAL; /* checked with the options */
    /* the library names the setting ("preset X: ..."), the CLI its option */
    return cli_usage_error(c->cmd, "%s%s", step == PARLEY_SETUP_CHECK ? "" : "--", err.message);
}

static int run_models(const cli_common *c, const cli_command *cmd, void *opts) {
    parley_params *params = calloc(c->max_types + 1, sizeof *params);
    if (!params)
        return cli_oom();
    size_t n_params = 0;
    int rc = make_params(c, params, &n_params);
    if (rc == 0 && cmd->run) {
        rc = cmd->run(opts, params);
    } else if (rc == 0) { /* MPI: only under mpirun, else rank 0 of 1 */
        cli_mpi mi = {0, 1, 0};
        cli_mpi_start(&mi);
        rc = cmd->run_mpi(opts, params, &mi);
        cli_mpi_stop(&mi);
    }
    for (size_t m = 0; m < n_params; ++m)
        parley_params_destroy(&params[m]);
    free(params);
    return rc;
}

const char *cli_scenario_name(const cli_common *c) {
    if (c->experts_label)
        return c->experts_label;
    return c->req.file ? c->req.file : parley_default_scenario_file();
}

int cli_loaded(parley_status st, const parley_diags *diags, const char *file) {
    cli_print_diags(diags, file);
    if (st != PARLEY_OK && diags->n_errors == 0) /* "FILE: " and the status */
        cli_error("%s%s%s", file && *file ? file : "", file && *file ? ": " : "",
                  parley_strstatus(st));
    if (st == PARLEY_EINVAL || st == PARLEY_EUNSUPPORTED)
        return CLI_EXIT_DATA;
    return cli_exit_code(st);
}

int cli_load_experts(const cli_common *c, parley_experts *ex, int quiet) {
    parley_diags diags;
    parley_diags_init(&diags);
    parley_status st = parley_experts_load(ex, c->req.experts, c->req.n_experts,
                                           PARLEY_FORMAT_UNKNOWN, &c->ro, &diags);
    int rc = quiet && st == PARLEY_OK ? 0 : cli_loaded(st, &diags, NULL);
    parley_diags_destroy(&diags);
    return rc;
}

int cli_check_run_outputs(const cli_common *c, const char *input, const char *const *outs, size_t n,
                          int last_is_dir) {
    const char *ins[] = {c->req.file, c->ro.outcomes, input, c->store};
    int rc = cli_check_outputs(c->cmd, ins, 4, outs, n, last_is_dir);
    for (size_t k = 0; rc == 0 && k < c->req.n_experts; ++k)
        rc = cli_check_outputs(c->cmd, &c->req.experts[k], 1, outs, n, 0);
    return rc;
}

int cli_check_outputs(const char *cmd, const char *const *inputs, size_t n_inputs,
                      const char *const *outs, size_t n, int last_is_dir) {
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_outputs_check(inputs, n_inputs, outs, n, last_is_dir, &err);
    return st == PARLEY_OK ? 0 : cli_fail(cmd, st, &err, NULL);
}

int cli_finish_report(parley_status built, const char *output, parley_buf *b) {
    int rc;
    if (built != PARLEY_OK) {
        cli_error("cannot build the report: %s", parley_strstatus(built));
        rc = built == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(built);
    } else {
        rc = cli_write_output(output, b);
    }
    parley_buf_destroy(b);
    return rc;
}

int cli_write_output(const char *output, const parley_buf *b) {
    if (output && strcmp(output, "-") != 0) {
        parley_error err;
        parley_error_clear(&err);
        parley_status st = parley_write_file_atomic(output, b->data, b->len, &err);
        if (st != PARLEY_OK) {
            cli_print_error(&err, output);
            return cli_exit_code(st);
        }
        return 0;
    }
    if (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len) {
        cli_error("cannot write to standard output");
        return CLI_EXIT_IO;
    }
    return 0;
}

/* --param MODEL.help (or help: every model; repeatable) prints the
 * models' parameters and ends the command like --help (-1); 0 when no
 * --param asks for help. */
static int params_help(const cli_common *c) {
    parley_buf b;
    parley_buf_init(&b);
    parley_error err;
    parley_error_clear(&err);
    int asked = 0;
    parley_status st =
        parley_params_help_text(c->setup.params, c->setup.n_params, &b, &asked, &err);
    if (st == PARLEY_OK && asked)
        fwrite(b.data, 1, b.len, stdout);
    parley_buf_destroy(&b);
    if (st != PARLEY_OK)
        return st == PARLEY_ENOMEM ? cli_oom() : cli_usage_error(c->cmd, "--%s", err.message);
    return asked ? -1 : 0;
}

int cli_main(const cli_command *cmd, cli_common *c, void *opts, int argc, char **argv) {
    int rc = common_init(c, cmd->name);
    /* the command line as typed, for the run store: getopt_long permutes
     * argv's pointers while it parses */
    c->argc = argc;
    if (rc == 0 && !(c->argv = calloc((size_t)argc + 1, sizeof *c->argv)))
        rc = cli_oom();
    for (int k = 0; rc == 0 && k < argc; ++k)
        c->argv[k] = argv[k];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    c->started = (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
    clock_gettime(CLOCK_MONOTONIC, &c->t0);
    c->allow_combined = cmd->allow_combined;
    if (rc == 0)
        rc = cli_parse(cmd->name, cmd->options, opts, argc, argv);
    if (rc == 0)
        rc = params_help(c);
    if (rc == 0)
        rc = cmd->check(opts, argc, argv);
    if (rc == 0)
        rc = run_models(c, cmd, opts);
    common_destroy(c);
    return rc < 0 ? CLI_EXIT_OK : rc; /* -1: --help */
}

int cli_load_scenarios(const cli_common *c, parley_scenario *orig, parley_scenario *s) {
    parley_diags diags;
    parley_diags_init(&diags);
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_scenario_request_load(orig, s, &c->req, &diags, &err);
    int rc =
        err.status == PARLEY_OK ? cli_loaded(st, &diags, c->experts ? NULL : cli_scenario_name(c))
        : st == PARLEY_EINVAL ? cli_usage_error(c->cmd, "--%s", err.message) /* the what-if's */
                                : (cli_error("%s: %s", c->cmd, err.message), cli_exit_code(st));
    parley_diags_destroy(&diags);
    return rc;
}

parley_status cli_changes_init(cli_changes *ch, const cli_common *c) {
    ch->n = c->req.n_sets + c->req.n_drops;
    parley_status st = parley_scenario_request_changes(&c->req, &ch->owned);
    ch->texts = (const char *const *)ch->owned;
    return st;
}

void cli_changes_destroy(cli_changes *ch) {
    free(ch->owned);
    ch->owned = NULL;
    ch->texts = NULL;
    ch->n = 0;
}

int cli_check_memory(const cli_common *c, const parley_scenario *s, const parley_params *params,
                     size_t n, size_t copies) {
    parley_error err;
    parley_error_clear(&err);
    const size_t limit = c->max_memory > SIZE_MAX ? SIZE_MAX : (size_t)c->max_memory;
    parley_status st = parley_forecast_check_memory(s, params, n, copies, limit, NULL, &err);
    if (st == PARLEY_OK)
        return 0;
    cli_print_error(&err, c->req.file ? c->req.file : cli_scenario_name(c));
    cli_error("%s: the limit is --max-memory SIZE (default: half of the physical memory)", c->cmd);
    return cli_exit_code(st);
}
