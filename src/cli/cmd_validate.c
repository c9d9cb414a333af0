/* parley validate FILE... -- load scenario files and list every problem.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "help.h"

typedef struct validate_opts {
    parley_read_options ro;
    int experts;
    unsigned long long top; /* rows of the experts' disagreement shown */
} validate_opts;

#define T validate_opts
static const cli_option validate_options[] = {
    CLI_HELP_OPTION,
    {"", 0, CLI_TABLE, .at = CLI_FIELD(T, ro, parley_read_options),
     .table = cli_read_options_table},
    {"experts", 0, CLI_FLAG, .at = CLI_FIELD(T, experts, int), .min = 1},
    {"top", 0, CLI_UINT, .at = CLI_FIELD(T, top, unsigned long long), .max = 1000000,
     .must = "a whole number from 0 (all) to 1000000", .needs = "experts"},
    {0}};

/* Validates one file; returns its exit code. */
static int validate_one(const char *path, const parley_read_options *ro) {
    parley_scenario s;
    parley_diags diags;
    memset(&s, 0, sizeof s);
    parley_diags_init(&diags);
    parley_status st = parley_scenario_load(&s, path, PARLEY_FORMAT_UNKNOWN, ro, &diags);
    int rc = cli_loaded(st, &diags, path);
    if (st == PARLEY_OK)
        printf("%s: ok (%zu actor%s, %zu issue%s)\n", path, s.n_actors, s.n_actors == 1 ? "" : "s",
               s.n_issues, s.n_issues == 1 ? "" : "s");
    parley_diags_destroy(&diags);
    parley_scenario_destroy(&s);
    return rc;
}

/* Validates the experts' codings paths[0..n) together and prints where
 * they disagree most (top rows, 0 = all); returns the exit code. */
static int validate_experts(const char *const *paths, size_t n, const parley_read_options *ro,
                            unsigned long long top) {
    parley_experts ex;
    parley_diags diags;
    parley_diags_init(&diags);
    parley_status st = parley_experts_load(&ex, paths, n, PARLEY_FORMAT_UNKNOWN, ro, &diags);
    int rc = cli_loaded(st, &diags, NULL);
    parley_diags_destroy(&diags);
    if (rc != 0)
        return rc;
    parley_buf b;
    parley_buf_init(&b);
    st = parley_buf_printf(&b, "%zu experts: ok (%zu actor%s, %zu issue%s, the same cells)\n",
                           ex.n_experts, ex.aggregate.n_actors,
                           ex.aggregate.n_actors == 1 ? "" : "s", ex.aggregate.n_issues,
                           ex.aggregate.n_issues == 1 ? "" : "s");
    if (st == PARLEY_OK)
        st = parley_report_experts_disagreement(&ex, (size_t)top, &b);
    parley_experts_destroy(&ex);
    return cli_finish_report(st, NULL, &b);
}

int cli_validate(int argc, char **argv) {
    validate_opts o;
    memset(&o, 0, sizeof o);
    parley_read_options_init(&o.ro);
    o.top = 20;
    int rc = cli_parse("validate", validate_options, &o, argc, argv);
    if (rc != 0)
        return rc < 0 ? CLI_EXIT_OK : rc;
    if (optind >= argc)
        return cli_usage_error("validate", "no file given");
    const char *const *files = (const char *const *)(argv + optind);
    const size_t n = (size_t)(argc - optind);
    /* standard input can be read once: by the outcomes of one file */
    if (!o.experts && o.ro.outcomes && strcmp(o.ro.outcomes, "-") == 0 && n > 1)
        return cli_usage_error("validate",
                               "--outcomes '-' (standard input) takes one FILE, not %zu", n);
    const parley_scenario_request req = {.experts = files, .n_experts = n, .ro = &o.ro};
    parley_error err;
    parley_error_clear(&err);
    parley_status st = o.experts
                           ? parley_scenario_request_check(&req, &err)
                           : parley_input_files_check("scenario", files, n, o.ro.outcomes, &err);
    if (st != PARLEY_OK)
        return cli_fail("validate", st, &err, NULL);
    if (o.experts)
        return validate_experts(files, n, &o.ro, o.top);
    int status = CLI_EXIT_OK;
    for (int k = optind; k < argc; ++k) {
        int s = validate_one(argv[k], &o.ro);
        if (s > status)
            status = s; /* 1 < 3 < 4: keep the most serious */
    }
    return status;
}
