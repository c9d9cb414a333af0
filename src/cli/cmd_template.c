/* parley template -o FILE -- write a starter scenario to fill in.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "help.h"

enum { OPT_ACTORS = 256, OPT_ISSUES, OPT_FORCE };

static const struct option template_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"to", required_argument, NULL, 't'},
    {"actors", required_argument, NULL, OPT_ACTORS},
    {"issues", required_argument, NULL, OPT_ISSUES},
    {"force", no_argument, NULL, OPT_FORCE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

int cli_template(int argc, char **argv) {
    const char *out = NULL;
    parley_format to = PARLEY_FORMAT_UNKNOWN;
    unsigned long long n_actors = 3, n_issues = 1;
    int force = 0, xlsx = 0;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:t:h", template_options, NULL)) != -1) {
        switch (c) {
        case 'h':
            cli_help("template", stdout);
            return CLI_EXIT_OK;
        case 'o':
            out = optarg;
            break;
        case 't':
            xlsx = strcasecmp(optarg, "xlsx") == 0;
            to = xlsx ? PARLEY_FORMAT_JSON : parley_format_from_string(optarg);
            if (to != PARLEY_FORMAT_JSON && to != PARLEY_FORMAT_TABLE)
                return cli_usage_error("template", "--to must be json, csv or xlsx, not '%s'",
                                       optarg);
            break;
        case OPT_ACTORS:
            if (cli_parse_unsigned(optarg, PARLEY_TEMPLATE_MAX_ACTORS, &n_actors) != 0 ||
                n_actors == 0)
                return cli_usage_error("template",
                                       "--actors must be a whole number from 1 to %d, not '%s'",
                                       PARLEY_TEMPLATE_MAX_ACTORS, optarg);
            break;
        case OPT_ISSUES:
            if (cli_parse_unsigned(optarg, PARLEY_TEMPLATE_MAX_ISSUES, &n_issues) != 0 ||
                n_issues == 0)
                return cli_usage_error("template",
                                       "--issues must be a whole number from 1 to %d, not '%s'",
                                       PARLEY_TEMPLATE_MAX_ISSUES, optarg);
            break;
        case OPT_FORCE:
            force = 1;
            break;
        default:
            return cli_option_error("template", c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("template", "unexpected argument '%s' (the file is given with -o)",
                               argv[optind]);
    if (!out || !out[0])
        return cli_usage_error("template", "no output file: give -o FILE (.json, .csv or .xlsx)");
    const size_t out_len = strlen(out);
    if (to == PARLEY_FORMAT_UNKNOWN && out_len > 5 && strcasecmp(out + out_len - 5, ".xlsx") == 0)
        xlsx = 1;
    if (xlsx) /* a workbook holds what JSON holds: the status quo, scale and labels */
        to = PARLEY_FORMAT_JSON;
    if (to == PARLEY_FORMAT_UNKNOWN)
        to = parley_format_from_name(out);
    if (to != PARLEY_FORMAT_JSON && to != PARLEY_FORMAT_TABLE)
        return cli_usage_error("template",
                               "cannot tell the format from '%s': name it .json, .csv or .xlsx, "
                               "or give --to json|csv|xlsx",
                               out);
    struct stat sb;
    /* a starter file must not replace the table someone filled in */
    if (!force && strcmp(out, "-") != 0 && stat(out, &sb) == 0 && S_ISREG(sb.st_mode))
        return cli_usage_error("template", "'%s' exists; refusing to replace it (--force does)",
                               out);
    int rc = cli_check_outputs("template", NULL, 0, &out, 1, 0);
    if (rc != 0)
        return rc;

    parley_scenario s;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_scenario_template(&s, (size_t)n_actors, (size_t)n_issues, to, &err);
    if (st != PARLEY_OK) {
        cli_print_error(&err, NULL);
        return cli_exit_code(st);
    }
    if (xlsx) {
        st = parley_scenario_write_xlsx(&s, out, &err);
        parley_scenario_destroy(&s);
        if (st != PARLEY_OK)
            cli_print_error(&err, out);
        return cli_exit_code(st);
    }
    parley_buf b;
    parley_buf_init(&b);
    parley_write_options wo;
    parley_write_options_init(&wo);
    parley_diags diags;
    parley_diags_init(&diags);
    st = parley_scenario_write(&s, to, &wo, &b, &diags);
    /* the template is made to fit its format: only a failure has news
     * (the table writer's note that a table is named after its file is none) */
    if (st != PARLEY_OK)
        cli_print_diags(&diags, out);
    parley_diags_destroy(&diags);
    parley_scenario_destroy(&s);
    return cli_finish_report(st, out, &b);
}
