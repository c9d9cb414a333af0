/* parley convert IN OUT -- rewrite a scenario in another format.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "help.h"

enum {
    OPT_FROM = 256,
    OPT_LOSSY,
    OPT_SALIENCE_SCALE,
    OPT_BOUNDS,
    OPT_OUTCOMES,
    OPT_DELIMITER,
    OPT_DECIMAL
};

static const struct option convert_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"to", required_argument, NULL, 't'},
    {"from", required_argument, NULL, OPT_FROM},
    {"lossy", no_argument, NULL, OPT_LOSSY},
    {"salience-scale", required_argument, NULL, OPT_SALIENCE_SCALE},
    {"bounds", required_argument, NULL, OPT_BOUNDS},
    {"outcomes", required_argument, NULL, OPT_OUTCOMES},
    {"delimiter", required_argument, NULL, OPT_DELIMITER},
    {"decimal", required_argument, NULL, OPT_DECIMAL},
    {NULL, 0, NULL, 0},
};

int cli_convert(int argc, char **argv) {
    parley_read_options ro;
    parley_read_options_init(&ro);
    parley_write_options wo;
    parley_write_options_init(&wo);
    parley_format to = PARLEY_FORMAT_UNKNOWN, from = PARLEY_FORMAT_UNKNOWN;
    int xlsx = 0; /* --to xlsx or OUT.xlsx: parley_scenario_write_xlsx */
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":ht:", convert_options, NULL)) != -1) {
        switch (c) {
        case 'h':
            cli_help("convert", stdout);
            return CLI_EXIT_OK;
        case 't':
        case OPT_FROM: {
            if (c == 't' && strcasecmp(optarg, "xlsx") == 0) {
                xlsx = 1;
                break;
            }
            parley_format f = parley_format_from_string(optarg);
            if (f == PARLEY_FORMAT_UNKNOWN)
                return cli_usage_error("convert",
                                       "unknown format '%s' (expected json, table, decide, ktab, "
                                       "ktab-xml, for IN also xlsx or ods, for --to also xlsx)",
                                       optarg);
            if (c == 't')
                to = f;
            else
                from = f;
            break;
        }
        case OPT_LOSSY:
            wo.lossy = 1;
            break;
        case OPT_SALIENCE_SCALE:
            if (strcmp(optarg, "1") == 0)
                ro.salience_scale = 1;
            else if (strcmp(optarg, "100") == 0)
                ro.salience_scale = 100;
            else
                return cli_usage_error("convert", "--salience-scale must be 1 or 100, not '%s'",
                                       optarg);
            break;
        case OPT_OUTCOMES:
            if (!optarg[0])
                return cli_usage_error("convert", "empty --outcomes file name");
            ro.outcomes = optarg;
            break;
        case OPT_BOUNDS:
            if (cli_parse_bounds(optarg, &ro) != 0)
                return cli_usage_error("convert", "--bounds must be LO,HI with LO < HI, not '%s'",
                                       optarg);
            break;
        case OPT_DELIMITER:
        case OPT_DECIMAL: {
            int rc = cli_table_text_option("convert", c == OPT_DECIMAL, optarg, &ro);
            if (rc)
                return rc;
            break;
        }
        default:
            return cli_option_error("convert", c, argv);
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("convert", argc - optind < 2
                                              ? "need an input and an output file"
                                              : "too many arguments (expected IN OUT)");
    const char *in = argv[optind], *out = argv[optind + 1];
    if (ro.outcomes && strcmp(in, "-") == 0 && strcmp(ro.outcomes, "-") == 0)
        return cli_usage_error("convert", "IN and --outcomes cannot both be '-' (standard input)");
    const size_t out_len = strlen(out);
    if (to == PARLEY_FORMAT_UNKNOWN && out_len > 5 && strcasecmp(out + out_len - 5, ".xlsx") == 0)
        xlsx = 1;
    if (to == PARLEY_FORMAT_UNKNOWN && !xlsx)
        to = parley_format_from_name(out);
    if (to == PARLEY_FORMAT_UNKNOWN && !xlsx)
        return cli_usage_error("convert",
                               "cannot tell the output format from '%s' (use --to FORMAT)", out);
    if (to == PARLEY_FORMAT_ODS)
        return cli_usage_error("convert",
                               "parley reads .ods but does not write it (expected json, table, "
                               "decide, ktab, ktab-xml or xlsx for OUT)");
    const char *ins[] = {in, ro.outcomes};
    int rc_out = cli_check_outputs("convert", ins, 2, &out, 1, 0);
    if (rc_out != 0)
        return rc_out;

    parley_scenario s;
    parley_diags diags;
    memset(&s, 0, sizeof s);
    parley_diags_init(&diags);
    parley_status st = parley_scenario_load(&s, in, from, &ro, &diags);
    cli_print_diags(&diags, in);
    if (st != PARLEY_OK) {
        if (diags.n_errors == 0)
            cli_error("%s: %s", in, parley_strstatus(st));
        parley_diags_destroy(&diags);
        return st == PARLEY_EINVAL || st == PARLEY_EUNSUPPORTED ? CLI_EXIT_DATA : cli_exit_code(st);
    }
    parley_diags_destroy(&diags);
    if (xlsx) {
        parley_error err;
        parley_error_clear(&err);
        st = parley_scenario_write_xlsx(&s, out, &err);
        parley_scenario_destroy(&s);
        if (st != PARLEY_OK)
            cli_print_error(&err, out);
        return cli_exit_code(st);
    }
    parley_diags_init(&diags);
    parley_buf b;
    parley_buf_init(&b);
    st = parley_scenario_write(&s, to, &wo, &b, &diags);
    /* losses are located in the scenario read from IN */
    cli_print_diags(&diags, in);
    int status = CLI_EXIT_OK;
    if (st == PARLEY_EDATA) {
        cli_error("%s: not written: the %s format cannot hold all of %s (see above; --lossy writes "
                  "it anyway)",
                  out, parley_format_name(to), in);
        status = CLI_EXIT_DATA;
    } else if (st != PARLEY_OK) {
        cli_error("%s: %s", out, parley_strstatus(st));
        status = cli_exit_code(st);
    } else {
        parley_error err;
        parley_error_clear(&err);
        st = parley_write_file_atomic(out, b.data ? b.data : "", b.len, &err);
        if (st != PARLEY_OK) {
            cli_print_error(&err, out);
            status = cli_exit_code(st);
        }
    }
    parley_buf_destroy(&b);
    parley_diags_destroy(&diags);
    parley_scenario_destroy(&s);
    return status;
}
