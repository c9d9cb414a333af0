/* parley forecast [SCENARIO] -- run the models and report their forecasts.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DEFAULT_FILE CLI_DEFAULT_FILE

static const char forecast_help[] =
    "Usage: parley forecast [OPTION]... [SCENARIO]\n"
    "Run the models on every issue of SCENARIO and report their forecasts.\n"
    "Without SCENARIO, the embedded default is used: the Six-Party Talks after the\n"
    "April 2019 Vladivostok summit (data/scenarios/six_party_2019.json).\n"
    "\n"
    "Options:\n"
    "  -m, --model LIST         models to run, a comma-separated list; repeatable\n"
    "                           (mean, median, eu; default: all, in that order)\n"
    "      --preset NAME        parameter preset of every selected model that has\n"
    "                           presets (eu: scholz2011, bdm1994)\n"
    "      --rounds N           round limit (N >= 1) of every selected iterative model\n"
    "      --param MODEL.KEY=VALUE\n"
    "                           set one model parameter; repeatable, applied in order\n"
    "                           after --preset and --rounds (e.g. --param eu.q=0.5)\n"
    "  -f, --format FORMAT      table (default), json or csv\n"
    "      --trace              add the round-by-round trace of the iterative models:\n"
    "                           who challenged whom, positions, risk exponents\n"
    "                           (after the table, or embedded in the JSON)\n"
    "      --seed N             seed, 0 to 2^63-1 (default 0); recorded in the output;\n"
    "                           no model in this release draws random numbers\n"
    "  -o, --output FILE        write the report to FILE (atomically: on error no\n"
    "                           partial file is left); '-' is standard output\n"
    "      --salience-scale 1|100\n"
    "                           scale of the saliences in a CSV table (default:\n"
    "                           inferred); a JSON scenario states its own scale\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "Exit status: 0 success, 1 data error, 2 usage error, 3 I/O error,\n"
    "4 internal error.  A model that cannot apply to an issue is reported in the\n"
    "output with its reason; that is not an error.\n"
    "\n"
    "Examples:\n"
    "  parley forecast\n"
    "  parley forecast --model eu --preset bdm1994 --trace\n"
    "  parley forecast talks.json --format json -o forecast.json\n";

enum { OPT_PRESET = 256, OPT_ROUNDS, OPT_PARAM, OPT_TRACE, OPT_SEED, OPT_SALIENCE_SCALE };

static const struct option forecast_options[] = {
    {"model", required_argument, NULL, 'm'},
    {"preset", required_argument, NULL, OPT_PRESET},
    {"rounds", required_argument, NULL, OPT_ROUNDS},
    {"param", required_argument, NULL, OPT_PARAM},
    {"format", required_argument, NULL, 'f'},
    {"trace", no_argument, NULL, OPT_TRACE},
    {"seed", required_argument, NULL, OPT_SEED},
    {"output", required_argument, NULL, 'o'},
    {"salience-scale", required_argument, NULL, OPT_SALIENCE_SCALE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef enum { FORMAT_TABLE, FORMAT_JSON, FORMAT_CSV } report_format;

typedef struct forecast_options_t {
    cli_models models;
    report_format format;
    int trace;
    unsigned long long seed;
    const char *output;
    int salience_scale;
    const char *scenario;
} forecast_opts;

static int parse_options(forecast_opts *o, int argc, char **argv) {
    optind = 1;
    opterr = 0;
    int c, rc;
    unsigned long long v;
    while ((c = getopt_long(argc, argv, ":m:f:o:h", forecast_options, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(forecast_help, stdout); return -1;
        case 'm':
            if ((rc = cli_models_add(&o->models, "forecast", optarg)) != 0) return rc;
            break;
        case OPT_PRESET: o->models.preset = optarg; break;
        case OPT_ROUNDS:
            if (cli_parse_unsigned(optarg, SIZE_MAX, &v) != 0 || v == 0)
                return cli_usage_error("forecast", "--rounds must be a whole number >= 1, not '%s'", optarg);
            o->models.rounds = optarg;
            break;
        case OPT_PARAM: o->models.params[o->models.n_params++] = optarg; break;
        case 'f':
            if (strcmp(optarg, "table") == 0)
                o->format = FORMAT_TABLE;
            else if (strcmp(optarg, "json") == 0)
                o->format = FORMAT_JSON;
            else if (strcmp(optarg, "csv") == 0)
                o->format = FORMAT_CSV;
            else
                return cli_usage_error("forecast", "unknown format '%s' (formats: table, json, csv)", optarg);
            break;
        case OPT_TRACE: o->trace = 1; break;
        case OPT_SEED:
            if (cli_parse_unsigned(optarg, (unsigned long long)INT64_MAX, &o->seed) != 0)
                return cli_usage_error("forecast", "--seed must be a whole number from 0 to 2^63-1, not '%s'", optarg);
            break;
        case 'o': o->output = optarg; break;
        case OPT_SALIENCE_SCALE:
            if (strcmp(optarg, "1") == 0)
                o->salience_scale = 1;
            else if (strcmp(optarg, "100") == 0)
                o->salience_scale = 100;
            else
                return cli_usage_error("forecast", "--salience-scale must be 1 or 100, not '%s'", optarg);
            break;
        default: return cli_option_error("forecast", c, argv);
        }
    }
    if (argc - optind > 1) return cli_usage_error("forecast", "more than one scenario given ('%s', '%s')", argv[optind], argv[optind + 1]);
    if (optind < argc) o->scenario = argv[optind];
    if (o->trace && o->format == FORMAT_CSV)
        return cli_usage_error("forecast", "--trace works with --format table or json, not csv");
    if (o->output && o->output[0] == '\0') return cli_usage_error("forecast", "empty --output file name");
    cli_models_default(&o->models);
    return 0;
}

/* Builds the report in the chosen format into b. */
static parley_status make_report(const forecast_opts *o, const parley_forecast *f,
                                 const parley_report_meta *meta, parley_buf *b) {
    parley_status st;
    switch (o->format) {
    case FORMAT_JSON: return parley_report_json(f, meta, b);
    case FORMAT_CSV: return parley_report_csv(f, meta, b);
    case FORMAT_TABLE:
    default:
        st = parley_report_table(f, meta, b);
        if (st == PARLEY_OK && o->trace) st = parley_report_trace(f, b);
        return st;
    }
}

static int run(const forecast_opts *o, parley_params *params) {
    parley_scenario s;
    memset(&s, 0, sizeof s);
    int rc = cli_load_scenario(o->scenario, o->salience_scale, &s);
    if (rc != 0) {
        parley_scenario_destroy(&s);
        return rc;
    }
    parley_forecast f;
    memset(&f, 0, sizeof f);
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_forecast_init(&f, &s, params, o->models.n_types, o->trace, &err);
    if (st != PARLEY_OK) {
        cli_print_error(&err, NULL);
        rc = st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
    } else {
        parley_report_meta meta = {o->scenario ? o->scenario : DEFAULT_FILE, PARLEY_VERSION, o->seed};
        parley_buf b;
        parley_buf_init(&b);
        st = make_report(o, &f, &meta, &b);
        if (st != PARLEY_OK) {
            cli_error("cannot build the report: %s", parley_strstatus(st));
            rc = st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
        } else {
            rc = cli_write_output(o->output, &b);
        }
        parley_buf_destroy(&b);
        parley_forecast_destroy(&f);
    }
    parley_scenario_destroy(&s);
    return rc;
}

int cli_forecast(int argc, char **argv) {
    forecast_opts o;
    memset(&o, 0, sizeof o);
    o.format = FORMAT_TABLE;
    int rc = cli_models_init(&o.models, argc);
    if (rc != 0) return rc;
    parley_params *params = calloc(o.models.max_types + 1, sizeof *params);
    size_t n_params = 0;
    if (!params) {
        cli_error("out of memory");
        rc = CLI_EXIT_INTERNAL;
    } else if ((rc = parse_options(&o, argc, argv)) != 0) {
        if (rc < 0) rc = CLI_EXIT_OK; /* --help */
    } else if ((rc = cli_models_make_params(&o.models, "forecast", params, &n_params)) == 0) {
        rc = run(&o, params);
    }
    for (size_t m = 0; params && m < n_params; ++m) parley_params_destroy(&params[m]);
    free(params);
    cli_models_free(&o.models);
    return rc;
}
