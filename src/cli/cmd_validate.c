/* parley validate FILE... -- load scenario files and list every problem.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "help.h"

enum {
    OPT_SALIENCE_SCALE = 256,
    OPT_BOUNDS,
    OPT_OUTCOMES,
    OPT_DELIMITER,
    OPT_DECIMAL,
    OPT_EXPERTS,
    OPT_TOP
};

/* Rows of the experts' disagreement shown by default. */
#define DEFAULT_TOP 20

static const struct option validate_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"salience-scale", required_argument, NULL, OPT_SALIENCE_SCALE},
    {"bounds", required_argument, NULL, OPT_BOUNDS},
    {"outcomes", required_argument, NULL, OPT_OUTCOMES},
    {"delimiter", required_argument, NULL, OPT_DELIMITER},
    {"decimal", required_argument, NULL, OPT_DECIMAL},
    {"experts", no_argument, NULL, OPT_EXPERTS},
    {"top", required_argument, NULL, OPT_TOP},
    {NULL, 0, NULL, 0},
};

/* Validates one file; returns its exit code. */
static int validate_one(const char *path, const parley_read_options *ro) {
    parley_scenario s;
    parley_diags diags;
    memset(&s, 0, sizeof s);
    parley_diags_init(&diags);
    parley_status st = parley_scenario_load(&s, path, PARLEY_FORMAT_UNKNOWN, ro, &diags);
    cli_print_diags(&diags, path);
    if (st != PARLEY_OK && diags.n_errors == 0) {
        /* a failure that left no diagnostic (e.g. out of memory) */
        parley_error err;
        parley_error_clear(&err);
        parley_diags_first_error(&diags, &err);
        if (err.status == PARLEY_OK)
            parley_error_set(&err, st, path, 0, 0, "%s", parley_strstatus(st));
        cli_print_error(&err, path);
    }
    if (st == PARLEY_OK)
        printf("%s: ok (%zu actor%s, %zu issue%s)\n", path, s.n_actors, s.n_actors == 1 ? "" : "s",
               s.n_issues, s.n_issues == 1 ? "" : "s");
    parley_diags_destroy(&diags);
    parley_scenario_destroy(&s);
    /* an unknown format is a problem of the file, not of the command line */
    if (st == PARLEY_EINVAL || st == PARLEY_EUNSUPPORTED)
        return CLI_EXIT_DATA;
    return cli_exit_code(st);
}

/* Validates the experts' codings paths[0..n) together and prints where
 * they disagree most (top rows, 0 = all); returns the exit code. */
static int validate_experts(const char *const *paths, size_t n, const parley_read_options *ro,
                            unsigned long long top) {
    parley_experts ex;
    parley_diags diags;
    parley_diags_init(&diags);
    parley_status st = parley_experts_load(&ex, paths, n, PARLEY_FORMAT_UNKNOWN, ro, &diags);
    cli_print_diags(&diags, NULL);
    if (st != PARLEY_OK && diags.n_errors == 0)
        cli_error("validate: %s", parley_strstatus(st));
    parley_diags_destroy(&diags);
    if (st == PARLEY_OK) {
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
    if (st == PARLEY_EINVAL || st == PARLEY_EUNSUPPORTED)
        return CLI_EXIT_DATA;
    return cli_exit_code(st);
}

int cli_validate(int argc, char **argv) {
    parley_read_options ro;
    parley_read_options_init(&ro);
    int experts = 0, have_top = 0;
    unsigned long long top = DEFAULT_TOP;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", validate_options, NULL)) != -1) {
        switch (c) {
        case 'h':
            cli_help("validate", stdout);
            return CLI_EXIT_OK;
        case OPT_SALIENCE_SCALE:
            if (strcmp(optarg, "1") == 0)
                ro.salience_scale = 1;
            else if (strcmp(optarg, "100") == 0)
                ro.salience_scale = 100;
            else
                return cli_usage_error("validate", "--salience-scale must be 1 or 100, not '%s'",
                                       optarg);
            break;
        case OPT_OUTCOMES:
            if (!optarg[0])
                return cli_usage_error("validate", "empty --outcomes file name");
            ro.outcomes = optarg;
            break;
        case OPT_BOUNDS:
            if (cli_parse_bounds(optarg, &ro) != 0)
                return cli_usage_error("validate", "--bounds must be LO,HI with LO < HI, not '%s'",
                                       optarg);
            break;
        case OPT_DELIMITER:
        case OPT_DECIMAL: {
            int rc = cli_table_text_option("validate", c == OPT_DECIMAL, optarg, &ro);
            if (rc)
                return rc;
            break;
        }
        case OPT_EXPERTS:
            experts = 1;
            break;
        case OPT_TOP:
            if (cli_parse_unsigned(optarg, 1000000, &top) != 0)
                return cli_usage_error(
                    "validate", "--top must be a whole number from 0 (all) to 1000000, not '%s'",
                    optarg);
            have_top = 1;
            break;
        default:
            return cli_option_error("validate", c, argv);
        }
    }
    if (have_top && !experts)
        return cli_usage_error("validate", "--top needs --experts");
    if (optind >= argc)
        return cli_usage_error("validate", "no file given");
    if (experts) {
        if (argc - optind < 2)
            return cli_usage_error("validate", "--experts needs two or more coding files, not %d",
                                   argc - optind);
        int stdin_uses = ro.outcomes && strcmp(ro.outcomes, "-") == 0;
        for (int k = optind; k < argc; ++k)
            stdin_uses += strcmp(argv[k], "-") == 0;
        if (stdin_uses > 1)
            return cli_usage_error("validate", "standard input ('-') can be read only once");
        return validate_experts((const char *const *)(argv + optind), (size_t)(argc - optind), &ro,
                                top);
    }
    if (ro.outcomes && strcmp(ro.outcomes, "-") == 0) {
        /* standard input can be read once: by the outcomes of one file */
        if (argc - optind > 1)
            return cli_usage_error("validate",
                                   "--outcomes '-' (standard input) takes one FILE, not %d",
                                   argc - optind);
        if (strcmp(argv[optind], "-") == 0)
            return cli_usage_error("validate",
                                   "FILE and --outcomes cannot both be '-' (standard input)");
    }
    int status = CLI_EXIT_OK;
    for (int k = optind; k < argc; ++k) {
        int s = validate_one(argv[k], &ro);
        if (s > status)
            status = s; /* 1 < 3 < 4: keep the most serious */
    }
    return status;
}
