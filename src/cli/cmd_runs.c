/* parley runs: the run store's runs -- list, show, diff, export, rm
 * (include/parley/store.h, docs/store.md).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "help.h"

typedef struct runs_opts {
    const char *store, *kind, *output;
    int format; /* 1 + its index in formats, 0 when not given */
    parley_store_filter filter;
} runs_opts;

static const cli_choice formats[] = {{"table", 1}, {"json", 2}, {"csv", 3}, {"html", 4}, {NULL, 0}};

#define T runs_opts
static const cli_option runs_options[] = {
    {"store", 0, CLI_FILE, .at = CLI_FIELD(T, store, const char *)},
    {"scenario", 0, CLI_TEXT, .at = CLI_FIELD(T, filter.scenario, const char *)},
    {"model", 0, CLI_TEXT, .at = CLI_FIELD(T, filter.model, const char *)},
    {"since", 0, CLI_TEXT, .at = CLI_FIELD(T, filter.since, const char *)},
    {"until", 0, CLI_TEXT, .at = CLI_FIELD(T, filter.until, const char *)},
    {"kind", 0, CLI_TEXT, .at = CLI_FIELD(T, kind, const char *)},
    {"format", 'f', CLI_CHOICE, .at = CLI_FIELD(T, format, int), .choices = formats,
     .must = "table, json, csv or html"},
    {"output", 'o', CLI_FILE, .at = CLI_FIELD(T, output, const char *)},
    CLI_HELP_OPTION,
    {0}};

/* A store error; one the user's words caused (a bad date, an unknown run)
 * is a usage error and ends like every usage error, with the Try line. */
static int failed(const parley_error *err, const char *store) {
    cli_print_error(err, store);
    if (err->status != PARLEY_EINVAL)
        return cli_exit_code(err->status);
    fputs("Try 'parley runs --help'.\n", stderr);
    return CLI_EXIT_USAGE;
}

static int parse_id(const char *text, long long *id) {
    unsigned long long v;
    if (parley_number_parse_unsigned(text, 9223372036854775807ULL, &v, NULL) || v == 0)
        return cli_usage_error("runs", "a run number is a whole number from 1, not '%s'", text);
    *id = (long long)v;
    return 0;
}

static int act(parley_store *st, const runs_opts *o, const char *verb, char **ids, int n_ids) {
    const int chart = strcmp(verb, "chart") == 0, export = strcmp(verb, "export") == 0;
    const int rm = strcmp(verb, "rm") == 0, list = strcmp(verb, "list") == 0;
    const int want = chart ? n_ids : list ? 0 : strcmp(verb, "diff") == 0 ? 2 : 1;
    if (chart && n_ids < 1)
        return cli_usage_error("runs", "'runs chart' takes one or more run numbers");
    if (n_ids != want) {
        char given[128] = ""; /* the operands, as typed */
        for (int k = 0; k < n_ids; ++k)
            snprintf(given + strlen(given), sizeof given - strlen(given), "%s'%.40s'", k ? " " : "",
                     ids[k]);
        return cli_usage_error("runs", "'runs %s' takes %s, not %d (%s)", verb,
                               want == 0   ? "no run number"
                               : want == 1 ? "one run number"
                                           : "two run numbers",
                               n_ids, n_ids ? given : "none given");
    }
    long long *v = calloc((size_t)n_ids + 2, sizeof *v); /* the run numbers, 0 0 for none */
    int rc = v ? 0 : cli_oom();
    for (int k = 0; rc == 0 && k < n_ids; ++k)
        rc = parse_id(ids[k], &v[k]);
    parley_error err;
    parley_error_clear(&err);
    parley_buf out;
    parley_buf_init(&out);
    parley_status s = PARLEY_OK;
    if (rc == 0 && export) { /* its warning ("runs: warning: ...") before the output's check */
        parley_diags diags;
        parley_diags_init(&diags);
        s = parley_store_export(st, v[0], &out, &diags, &err);
        cli_print_diags(&diags, "runs");
        parley_diags_destroy(&diags);
    }
    const char *ins[] = {o->store};
    if (rc == 0 && s == PARLEY_OK && (export || chart) && o->output)
        rc = cli_check_outputs("runs", ins, 1, &o->output, 1, 0);
    if (rc == 0) {
        s = export  ? s
            : chart ? parley_store_runs_html(st, v, (size_t)n_ids, &out, &err)
            : rm    ? parley_store_remove(st, v[0], &err)
            : list  ? parley_store_list_text(st, &o->filter, &out, &err)
            : strcmp(verb, "show") == 0
                ? parley_store_show(st, v[0], o->kind,
                                    o->format ? formats[o->format - 1].name : NULL, &out, &err)
                : parley_store_diff(st, v[0], v[1], &out, &err);
        if (s != PARLEY_OK)
            rc = failed(&err, o->store);
        else if (rm)
            fprintf(stderr, "parley: removed run %lld from %s\n", v[0], o->store);
        else
            rc = cli_write_output(export || chart ? o->output : NULL, &out);
    }
    parley_buf_destroy(&out);
    free(v);
    return rc;
}

int cli_runs(int argc, char **argv) {
    runs_opts o;
    memset(&o, 0, sizeof o);
    int rc = cli_parse("runs", runs_options, &o, argc, argv);
    if (rc != 0)
        return rc < 0 ? CLI_EXIT_OK : rc;
    o.store = cli_store_default(o.store);
    if (optind >= argc)
        return cli_usage_error("runs", "say what to do: list, show, diff, export, rm or chart");
    const char *verb = argv[optind];
    if (strcmp(verb, "list") && strcmp(verb, "show") && strcmp(verb, "diff") &&
        strcmp(verb, "export") && strcmp(verb, "rm") && strcmp(verb, "chart"))
        return cli_usage_error("runs", "unknown action '%s' (list, show, diff, export, rm, chart)",
                               verb);
    if (!o.store) /* --store "" is refused by the parser */
        return cli_usage_error("runs", "no run store: give --store FILE or set PARLEY_STORE");
    const int filters = o.filter.scenario || o.filter.model || o.filter.since || o.filter.until;
    if (filters && strcmp(verb, "list") != 0)
        return cli_usage_error("runs",
                               "--scenario, --model, --since and --until are for 'runs list'");
    if ((o.kind || o.format) && strcmp(verb, "show") != 0)
        return cli_usage_error("runs", "--kind and --format are for 'runs show'");
    if (o.output && strcmp(verb, "export") != 0 && strcmp(verb, "chart") != 0)
        return cli_usage_error("runs", "-o/--output is for 'runs export' and 'runs chart'");
    parley_error err;
    parley_error_clear(&err);
    parley_store *st = NULL;
    if (parley_store_open(&st, o.store, 0, &err) != PARLEY_OK)
        return failed(&err, o.store);
    rc = act(st, &o, verb, argv + optind + 1, argc - optind - 1);
    parley_store_close(st);
    return rc;
}
