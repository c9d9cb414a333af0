/* parley template -o FILE -- write a starter scenario to fill in.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "help.h"

typedef struct template_opts {
    const char *out;
    parley_format to;
    unsigned long long n_actors, n_issues;
    int force;
} template_opts;

/* --to json|csv|xlsx (field: a parley_format). */
static int format_to(const char *cmd, void *field, const char *arg) {
    parley_format f = parley_format_from_string(arg);
    (void)cmd;
    *(parley_format *)field = f;
    return f == PARLEY_FORMAT_JSON || f == PARLEY_FORMAT_TABLE || f == PARLEY_FORMAT_XLSX ? 0 : -1;
}

#define T template_opts
static const cli_option template_options[] = {
    {"output", 'o', CLI_TEXT, .at = CLI_FIELD(T, out, const char *)},
    {"to", 't', CLI_CALL, .at = CLI_FIELD(T, to, parley_format), .call = format_to,
     .must = "json, csv or xlsx"},
    {"actors", 0, CLI_UINT, .at = CLI_FIELD(T, n_actors, unsigned long long), .min = 1,
     .max = PARLEY_TEMPLATE_MAX_ACTORS},
    {"issues", 0, CLI_UINT, .at = CLI_FIELD(T, n_issues, unsigned long long), .min = 1,
     .max = PARLEY_TEMPLATE_MAX_ISSUES},
    {"force", 0, CLI_FLAG, .at = CLI_FIELD(T, force, int), .min = 1},
    CLI_HELP_OPTION,
    {0}};

int cli_template(int argc, char **argv) {
    template_opts o = {NULL, PARLEY_FORMAT_UNKNOWN, 3, 1, 0};
    int rc = cli_parse("template", template_options, &o, argc, argv);
    if (rc != 0)
        return rc < 0 ? CLI_EXIT_OK : rc;
    const char *out = o.out;
    if (optind < argc)
        return cli_usage_error("template", "unexpected argument '%s' (the file is given with -o)",
                               argv[optind]);
    if (!out || !out[0])
        return cli_usage_error("template", "no output file: give -o FILE (.json, .csv or .xlsx)");
    parley_format to = o.to != PARLEY_FORMAT_UNKNOWN ? o.to : parley_format_from_name(out);
    const int xlsx = to == PARLEY_FORMAT_XLSX;
    if (xlsx) /* a workbook holds what JSON holds: the status quo, scale and labels */
        to = PARLEY_FORMAT_JSON;
    if (to != PARLEY_FORMAT_JSON && to != PARLEY_FORMAT_TABLE)
        return cli_usage_error("template",
                               "cannot tell the format from '%s': name it .json, .csv or .xlsx, "
                               "or give --to json|csv|xlsx",
                               out);
    struct stat sb;
    /* a starter file must not replace the table someone filled in */
    if (!o.force && strcmp(out, "-") != 0 && stat(out, &sb) == 0 && S_ISREG(sb.st_mode))
        return cli_usage_error("template", "'%s' exists; refusing to replace it (--force does)",
                               out);
    if ((rc = cli_check_outputs("template", NULL, 0, &out, 1, 0)) != 0)
        return rc;

    parley_scenario s;
    parley_error err;
    parley_error_clear(&err);
    parley_status st =
        parley_scenario_template(&s, (size_t)o.n_actors, (size_t)o.n_issues, to, &err);
    if (st != PARLEY_OK) {
        cli_print_error(&err, NULL);
        return cli_exit_code(st);
    }
    parley_diags diags;
    parley_diags_init(&diags);
    st = parley_scenario_save(&s, out, xlsx ? PARLEY_FORMAT_XLSX : to, NULL, &diags, &err);
    parley_scenario_destroy(&s);
    /* the template is made to fit its format: only a failure has news
     * (the table writer's note that a table is named after its file is none) */
    if (st != PARLEY_OK && err.status == PARLEY_OK) { /* the writer's, not the file's */
        cli_print_diags(&diags, out);
        cli_error("cannot build the report: %s", parley_strstatus(st));
        rc = st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
    } else if (st != PARLEY_OK) {
        cli_print_error(&err, out);
        rc = cli_exit_code(st);
    }
    parley_diags_destroy(&diags);
    return rc;
}
