/* parley convert IN OUT -- rewrite a scenario in another format.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "help.h"

typedef struct convert_opts {
    parley_read_options ro;
    parley_write_options wo;
    parley_format to, from;
} convert_opts;

/* --to and --from (field: a parley_format). */
static int format(const char *cmd, void *field, const char *arg) {
    if ((*(parley_format *)field = parley_format_from_string(arg)) != PARLEY_FORMAT_UNKNOWN)
        return 0;
    return cli_usage_error(cmd,
                           "unknown format '%s' (expected json, table, decide, ktab, "
                           "ktab-xml, for IN also xlsx or ods, for --to also xlsx)",
                           arg);
}

#define T convert_opts
static const cli_option convert_options[] = {
    CLI_HELP_OPTION,
    {"to", 't', CLI_CALL, .at = CLI_FIELD(T, to, parley_format), .call = format},
    {"from", 0, CLI_CALL, .at = CLI_FIELD(T, from, parley_format), .call = format},
    {"lossy", 0, CLI_FLAG, .at = CLI_FIELD(T, wo.lossy, int), .min = 1},
    {"", 0, CLI_TABLE, .at = CLI_FIELD(T, ro, parley_read_options),
     .table = cli_read_options_table},
    {0}};

int cli_convert(int argc, char **argv) {
    convert_opts o;
    memset(&o, 0, sizeof o);
    parley_read_options_init(&o.ro);
    parley_write_options_init(&o.wo);
    o.to = o.from = PARLEY_FORMAT_UNKNOWN;
    int rc = cli_parse("convert", convert_options, &o, argc, argv);
    if (rc != 0)
        return rc < 0 ? CLI_EXIT_OK : rc;
    if (argc - optind != 2)
        return cli_usage_error("convert", argc - optind < 2
                                              ? "need an input and an output file"
                                              : "too many arguments (expected IN OUT)");
    const char *in = argv[optind], *out = argv[optind + 1];
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_input_files_check("input", &in, 1, o.ro.outcomes, &err);
    if (st != PARLEY_OK)
        return cli_fail("convert", st, &err, NULL);
    if (!out[0])
        return cli_usage_error("convert", "empty output file name");
    if (o.to == PARLEY_FORMAT_UNKNOWN) /* OUT.xlsx: parley_scenario_write_xlsx */
        o.to = parley_format_from_name(out);
    if (o.to == PARLEY_FORMAT_UNKNOWN)
        return cli_usage_error("convert",
                               "cannot tell the output format from '%s' (use --to FORMAT)", out);
    if (o.to == PARLEY_FORMAT_ODS)
        return cli_usage_error("convert",
                               "parley reads .ods but does not write it (expected json, table, "
                               "decide, ktab, ktab-xml or xlsx for OUT)");
    const char *ins[] = {in, o.ro.outcomes};
    if ((rc = cli_check_outputs("convert", ins, 2, &out, 1, 0)) != 0)
        return rc;

    parley_scenario s;
    parley_diags diags;
    memset(&s, 0, sizeof s);
    parley_diags_init(&diags);
    st = parley_scenario_load(&s, in, o.from, &o.ro, &diags);
    rc = cli_loaded(st, &diags, in);
    parley_diags_destroy(&diags);
    if (rc != 0)
        return rc;
    parley_diags_init(&diags);
    st = parley_scenario_save(&s, out, o.to, &o.wo, &diags, &err);
    /* losses are located in the scenario read from IN */
    cli_print_diags(&diags, in);
    int status = cli_exit_code(st);
    if (st == PARLEY_EDATA && diags.n_errors > 0) {
        cli_error("%s: not written: the %s format cannot hold all of %s (see above; --lossy writes "
                  "it anyway)",
                  out, parley_format_name(o.to), in);
        status = CLI_EXIT_DATA;
    } else if (st != PARLEY_OK && err.status != PARLEY_OK) { /* the file's (or workbook's) */
        cli_print_error(&err, out);
    } else if (st != PARLEY_OK) {
        cli_error("%s: %s", out, parley_strstatus(st));
    }
    parley_diags_destroy(&diags);
    parley_scenario_destroy(&s);
    return status;
}
