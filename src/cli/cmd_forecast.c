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

static const char forecast_help[] =
    "Usage: parley forecast [OPTION]... [SCENARIO]\n"
    "Run the models on every issue of SCENARIO and report their forecasts, led per\n"
    "issue by the combined forecast, how far the models agree, and the probability\n"
    "that the status quo holds (docs/combine.md).\n"
    "Without SCENARIO, the embedded default is used: the Six-Party Talks after the\n"
    "April 2019 Vladivostok summit (data/scenarios/six_party_2019.json).\n"
    "\n"
    "Options:\n"
    "  -m, --model LIST         models to run, a comma-separated list; repeatable\n"
    "                           (mean, median, eu, nbs, exchange, spatial, combined,\n"
    "                           or all; default: all, in that order); combined is\n"
    "                           the median of the other selected models (of all six\n"
    "                           when it is named alone)\n"
    "      --preset NAME        parameter preset of every selected model that has\n"
    "                           presets (eu: scholz2011, bdm1994)\n"
    "      --rounds N           round limit (1 to 1000000000) of every selected\n"
    "                           iterative model\n"
    "      --param MODEL.KEY=VALUE\n"
    "                           set one model parameter; repeatable, applied in order\n"
    "                           after --preset and --rounds (e.g. --param eu.q=0.5)\n"
    "      --sq-replicates N    perturbed replicates of the status-quo rule (0 to\n"
    "                           1000000, default 200; 0 = off): the share in which\n"
    "                           the Nash bargaining solution stays within 10 % of\n"
    "                           the scale of the status quo\n"
    "  -f, --format FORMAT      table (default), json or csv\n"
    "      --trace              add the round-by-round trace of the iterative models:\n"
    "                           who challenged whom, positions, risk exponents\n"
    "                           (after the table, or embedded in the JSON)\n"
    "      --seed N             seed, 0 to 2^63-1 (default 0); recorded in the output;\n"
    "                           passed to every model with a seed parameter\n"
    "                           (exchange: REX draws and random tie-breaking;\n"
    "                           eu: salience shocks, eu.shock;\n"
    "                           spatial: spatial.transition=stochastic)\n"
    "      --set ACTOR.ISSUE.FIELD=VALUE\n"
    "                           what-if: change a position, salience or capability\n"
    "                           (ISSUE '*' = every issue); repeatable\n"
    "      --drop ACTOR         what-if: the actor leaves the talks; repeatable\n"
    "                           (with --set or --drop the report compares every\n"
    "                           forecast with the base case)\n"
    "  -o, --output FILE        write the report to FILE (atomically: on error no\n"
    "                           partial file is left); '-' is standard output\n"
    "      --salience-scale 1|100\n"
    "                           scale of the saliences in a CSV table (default:\n"
    "                           inferred); a JSON scenario states its own scale\n"
    "      --bounds LO,HI       scale bounds of a CSV table's issue (default: the\n"
    "                           range of the positions); a JSON scenario states them\n"
    "      --max-memory SIZE    refuse (exit 1, before allocating) a run estimated to\n"
    "                           need more memory: bytes or K, M, G, T (KiB..TiB), e.g.\n"
    "                           512M, 8G (default: half of the physical memory)\n"
    "      --outcomes FILE      observed outcomes (CSV issue,outcome[,as_of,source,\n"
    "                           confidence,note]); they replace the scenario's own\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "Exit status: 0 success, 1 data error, 2 usage error, 3 I/O error,\n"
    "4 internal error.  A model that cannot apply to an issue is reported in the\n"
    "output with its reason; that is not an error.\n"
    "\n"
    "Examples:\n"
    "  parley forecast\n"
    "  parley forecast --model eu --preset bdm1994 --trace\n"
    "  parley forecast tests/data/cli/small.json --format json -o forecast.json\n";

enum { OPT_TRACE = CLI_OPT_COMMAND, OPT_SQ_REPLICATES };

static const struct option forecast_options[] = {
    CLI_COMMON_LONG_OPTIONS,
    {"format", required_argument, NULL, 'f'},
    {"trace", no_argument, NULL, OPT_TRACE},
    {"sq-replicates", required_argument, NULL, OPT_SQ_REPLICATES},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct forecast_options_t {
    cli_common c;
    parley_report_format format;
    int trace;
    unsigned long long sq_replicates;
    const char *output;
} forecast_opts;

static int parse_options(void *opts, int argc, char **argv) {
    forecast_opts *o = opts;
    optind = 1;
    opterr = 0;
    o->c.allow_combined = 1; /* "combined" is a model name here; all includes it */
    int c, rc;
    while ((c = getopt_long(argc, argv, ":m:f:o:h", forecast_options, NULL)) != -1) {
        if ((rc = cli_common_option(&o->c, c, optarg)) >= 0) {
            if (rc != 0)
                return rc;
            continue;
        }
        switch (c) {
        case 'h':
            fputs(forecast_help, stdout);
            return -1;
        case 'f':
            if ((rc = cli_parse_format("forecast", optarg, &o->format)) != 0)
                return rc;
            break;
        case OPT_TRACE:
            o->trace = 1;
            break;
        case OPT_SQ_REPLICATES:
            if ((rc = cli_parse_sq_replicates("forecast", optarg, &o->sq_replicates)) != 0)
                return rc;
            break;
        case 'o':
            o->output = optarg;
            break;
        default:
            return cli_option_error("forecast", c, argv);
        }
    }
    if ((rc = cli_common_finish(&o->c, argc, argv)) != 0)
        return rc;
    if (o->trace && o->format == PARLEY_REPORT_CSV)
        return cli_usage_error("forecast", "--trace works with --format table or json, not csv");
    if (o->trace && (o->c.n_sets || o->c.n_drops))
        return cli_usage_error("forecast", "--trace does not combine with --set or --drop");
    if (o->output && o->output[0] == '\0')
        return cli_usage_error("forecast", "empty --output file name");
    const char *ins[] = {o->c.scenario, o->c.outcomes};
    rc = cli_check_outputs("forecast", ins, 2, &o->output, 1, 0);
    if (rc == 0 && o->c.combined) /* the combined forecast's verdict reads the library */
        rc = cli_check_library_outputs(&o->c, NULL, &o->output, 1);
    return rc;
}

/* The what-if comparison: base forecast of s against the changed scenario. */
static parley_status make_whatif(const forecast_opts *o, const parley_scenario *changed_s,
                                 const parley_forecast *base, const parley_report_meta *meta,
                                 parley_buf *b, parley_error *err) {
    parley_forecast g;
    parley_status st = parley_forecast_init_seeded(&g, changed_s, base->params, base->n_models, 0,
                                                   o->c.seed, 0, err);
    if (st != PARLEY_OK)
        return st;
    cli_changes ch;
    st = cli_changes_init(&ch, &o->c);
    if (st == PARLEY_OK)
        st = parley_report_whatif(base, &g, ch.texts, ch.n, o->format, meta, b);
    cli_changes_destroy(&ch);
    parley_forecast_destroy(&g);
    return st;
}

static int run(const forecast_opts *o, parley_params *params) {
    parley_scenario s, changed;
    memset(&s, 0, sizeof s);
    memset(&changed, 0, sizeof changed);
    int rc = cli_load_scenario(&o->c, &s);
    const int whatif = o->c.n_sets || o->c.n_drops;
    if (rc == 0 && whatif)
        rc = cli_apply_whatif(&o->c, &s, &changed);
    if (rc == 0)
        rc = cli_check_memory(&o->c, &s, params, o->c.n_types, 1);
    if (rc != 0) {
        parley_scenario_destroy(&changed);
        parley_scenario_destroy(&s);
        return rc;
    }
    parley_forecast f;
    memset(&f, 0, sizeof f);
    parley_error err;
    parley_error_clear(&err);
    parley_status st =
        parley_forecast_init_seeded(&f, &s, params, o->c.n_types, o->trace, o->c.seed, 0, &err);
    if (st != PARLEY_OK) {
        cli_print_error(&err, NULL);
        rc = st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
    } else {
        parley_report_meta meta = {cli_scenario_name(&o->c), PARLEY_VERSION, o->c.seed, NULL};
        parley_combined comb;
        memset(&comb, 0, sizeof comb);
        if (o->c.combined && !whatif) {
            parley_combine_options co;
            parley_combine_options_init(&co);
            co.sq_replicates = (size_t)o->sq_replicates;
            co.seed = o->c.seed;
            st = parley_combined_init(&comb, &f, &co, &err);
            if (st == PARLEY_OK)
                cli_combined_library_score(&o->c, params, &comb);
            meta.combined = &comb;
        }
        if (st != PARLEY_OK) {
            cli_print_error(&err, NULL);
            rc = cli_exit_code(st);
        } else {
            parley_buf b;
            parley_buf_init(&b);
            st = whatif ? make_whatif(o, &changed, &f, &meta, &b, &err)
                        : parley_report_forecast(&f, o->format, o->trace, &meta, &b);
            rc = cli_finish_report(st, o->output, &b);
        }
        parley_combined_destroy(&comb);
        parley_forecast_destroy(&f);
    }
    parley_scenario_destroy(&changed);
    parley_scenario_destroy(&s);
    return rc;
}

static int run_models(void *o, parley_params *params) {
    return run(o, params);
}

int cli_forecast(int argc, char **argv) {
    forecast_opts o;
    memset(&o, 0, sizeof o);
    o.format = PARLEY_REPORT_TABLE;
    o.sq_replicates = PARLEY_SQ_REPLICATES;
    return cli_main(&o.c, "forecast", argc, argv, parse_options, run_models, &o);
}
