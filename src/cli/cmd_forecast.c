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

#define DEFAULT_FILE "(default: six_party_2019.json)"

static const char forecast_help[] =
    "Usage: parley forecast [OPTION]... [SCENARIO]\n"
    "Run the models on every issue of SCENARIO and report their forecasts.\n"
    "Without SCENARIO, the embedded default is used: the Six-Party Talks after the\n"
    "April 2019 Vladivostok summit (data/scenarios/six_party_2019.json).\n"
    "\n"
    "Options:\n"
    "  -m, --model LIST         models to run, a comma-separated list; repeatable\n"
    "                           (mean, median, eu, nbs, exchange, spatial, or all;\n"
    "                           default: all, in that order)\n"
    "      --preset NAME        parameter preset of every selected model that has\n"
    "                           presets (eu: scholz2011, bdm1994)\n"
    "      --rounds N           round limit (1 to 1000000000) of every selected\n"
    "                           iterative model\n"
    "      --param MODEL.KEY=VALUE\n"
    "                           set one model parameter; repeatable, applied in order\n"
    "                           after --preset and --rounds (e.g. --param eu.q=0.5)\n"
    "  -f, --format FORMAT      table (default), json or csv\n"
    "      --trace              add the round-by-round trace of the iterative models:\n"
    "                           who challenged whom, positions, risk exponents\n"
    "                           (after the table, or embedded in the JSON)\n"
    "      --seed N             seed, 0 to 2^63-1 (default 0); recorded in the output;\n"
    "                           passed to every model with a seed parameter\n"
    "                           (exchange: REX draws and random tie-breaking;\n"
    "                           spatial: spatial.transition=stochastic)\n"
    "  -o, --output FILE        write the report to FILE (atomically: on error no\n"
    "                           partial file is left); '-' is standard output\n"
    "      --salience-scale 1|100\n"
    "                           scale of the saliences in a CSV table (default:\n"
    "                           inferred); a JSON scenario states its own scale\n"
    "      --bounds LO,HI       scale bounds of a CSV table's issue (default: the\n"
    "                           range of the positions); a JSON scenario states them\n"
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

enum { OPT_PRESET = 256, OPT_ROUNDS, OPT_PARAM, OPT_TRACE, OPT_SEED, OPT_SALIENCE_SCALE, OPT_BOUNDS };

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
    {"bounds", required_argument, NULL, OPT_BOUNDS},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef enum { FORMAT_TABLE, FORMAT_JSON, FORMAT_CSV } report_format;

typedef struct forecast_options_t {
    const parley_model_type **types; /* selected models, no duplicates */
    size_t n_types, max_types;
    const char *preset, *rounds;
    char **params; /* --param values (borrowed from argv) */
    size_t n_params;
    report_format format;
    int trace;
    unsigned long long seed;
    const char *output;
    int salience_scale;
    parley_read_options bounds; /* only bounds_given, lo, hi are used */
    const char *scenario;
} forecast_opts;

static size_t registered_count(void) {
    size_t n = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t) ++n;
    return n;
}

/* "mean, median, eu" for messages. */
static void list_models(char *buf, size_t n) {
    buf[0] = '\0';
    size_t len = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t) {
        int w = snprintf(buf + len, n - len, "%s%s", len ? ", " : "", (*t)->name);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
}

static int model_selected(const forecast_opts *o, const parley_model_type *t) {
    for (size_t k = 0; k < o->n_types; ++k)
        if (o->types[k] == t) return 1;
    return 0;
}

/* Adds the models of a comma-separated list; returns 0 or an exit code. */
static int add_models(forecast_opts *o, const char *list) {
    const char *p = list;
    for (;;) {
        size_t len = strcspn(p, ",");
        char name[64];
        if (len == 0) return cli_usage_error("forecast", "empty model name in '%s'", list);
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        if (len == 3 && strncmp(p, "all", 3) == 0) {
            for (const parley_model_type *const *a = parley_model_types(); *a; ++a)
                if (!model_selected(o, *a) && o->n_types < o->max_types) o->types[o->n_types++] = *a;
            if (p[len] == '\0') break;
            p += len + 1;
            continue;
        }
        const parley_model_type *t = len < sizeof name ? parley_model_find(name) : NULL;
        if (!t) {
            char known[256];
            list_models(known, sizeof known);
            return cli_usage_error("forecast", "unknown model '%.*s' (models: %s)", (int)len, p, known);
        }
        if (!model_selected(o, t) && o->n_types < o->max_types) o->types[o->n_types++] = t;
        if (p[len] == '\0') break;
        p += len + 1;
    }
    return 0;
}

static int parse_options(forecast_opts *o, int argc, char **argv) {
    optind = 1;
    opterr = 0;
    int c, rc;
    unsigned long long v;
    while ((c = getopt_long(argc, argv, ":m:f:o:h", forecast_options, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(forecast_help, stdout); return -1;
        case 'm':
            if ((rc = add_models(o, optarg)) != 0) return rc;
            break;
        case OPT_PRESET: o->preset = optarg; break;
        case OPT_ROUNDS:
            if (cli_parse_unsigned(optarg, 1000000000ULL, &v) != 0 || v == 0)
                return cli_usage_error("forecast", "--rounds must be a whole number from 1 to 1000000000, not '%s'", optarg);
            o->rounds = optarg;
            break;
        case OPT_PARAM: o->params[o->n_params++] = optarg; break;
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
        case OPT_BOUNDS:
            if (cli_parse_bounds(optarg, &o->bounds) != 0)
                return cli_usage_error("forecast", "--bounds must be LO,HI with LO < HI, not '%s'", optarg);
            break;
        default: return cli_option_error("forecast", c, argv);
        }
    }
    if (argc - optind > 1) return cli_usage_error("forecast", "more than one scenario given ('%s', '%s')", argv[optind], argv[optind + 1]);
    if (optind < argc) o->scenario = argv[optind];
    if (o->trace && o->format == FORMAT_CSV)
        return cli_usage_error("forecast", "--trace works with --format table or json, not csv");
    if (o->output && o->output[0] == '\0') return cli_usage_error("forecast", "empty --output file name");
    if (o->n_types == 0)
        for (const parley_model_type *const *t = parley_model_types(); *t && o->n_types < o->max_types; ++t)
            o->types[o->n_types++] = *t;
    return 0;
}

/* Sets key=value on every selected model that has the parameter (option
 * names it for messages); a usage error if none has it. */
static int set_everywhere(parley_params *params, size_t n, const char *option, const char *key,
                          const char *value) {
    size_t accepted = 0;
    for (size_t m = 0; m < n; ++m) {
        parley_error err;
        parley_error_clear(&err);
        parley_status st = parley_params_set(&params[m], key, value, &err);
        if (st == PARLEY_EUNSUPPORTED) continue;
        if (st == PARLEY_ENOMEM) {
            cli_error("out of memory");
            return CLI_EXIT_INTERNAL;
        }
        if (st != PARLEY_OK)
            return cli_usage_error("forecast", "%s %s: %s", option, value,
                                   err.message[0] ? err.message : parley_strstatus(st));
        ++accepted;
    }
    if (accepted == 0) {
        char names[256];
        size_t len = 0;
        names[0] = '\0';
        for (size_t m = 0; m < n; ++m) {
            int w = snprintf(names + len, sizeof names - len, "%s%s", m ? ", " : "", params[m].type->name);
            if (w < 0 || (size_t)w >= sizeof names - len) break;
            len += (size_t)w;
        }
        return cli_usage_error("forecast", "%s: none of the selected models (%s) has this parameter",
                               option, names);
    }
    return 0;
}

/* Applies one --param MODEL.KEY=VALUE. */
static int set_param(parley_params *params, size_t n, const char *spec) {
    const char *dot = strchr(spec, '.'), *eq = strchr(spec, '=');
    if (!dot || !eq || dot > eq || dot == spec || eq == dot + 1)
        return cli_usage_error("forecast", "--param wants MODEL.KEY=VALUE, not '%s'", spec);
    char model[64], key[128];
    size_t mlen = (size_t)(dot - spec), klen = (size_t)(eq - dot - 1);
    if (mlen >= sizeof model || klen >= sizeof key)
        return cli_usage_error("forecast", "--param '%s': name too long", spec);
    snprintf(model, sizeof model, "%.*s", (int)mlen, spec);
    snprintf(key, sizeof key, "%.*s", (int)klen, dot + 1);
    const parley_model_type *t = parley_model_find(model);
    if (!t) {
        char known[256];
        list_models(known, sizeof known);
        return cli_usage_error("forecast", "--param '%s': unknown model '%s' (models: %s)", spec, model, known);
    }
    for (size_t m = 0; m < n; ++m) {
        if (params[m].type != t) continue;
        parley_error err;
        parley_error_clear(&err);
        parley_status st = parley_params_set(&params[m], key, eq + 1, &err);
        if (st == PARLEY_OK) return 0;
        if (st == PARLEY_ENOMEM) {
            cli_error("out of memory");
            return CLI_EXIT_INTERNAL;
        }
        if (st == PARLEY_EUNSUPPORTED)
            return cli_usage_error("forecast", "--param '%s': model %s has no parameter '%s'", spec, model, key);
        return cli_usage_error("forecast", "--param '%s': %s", spec,
                               err.message[0] ? err.message : parley_strstatus(st));
    }
    return cli_usage_error("forecast", "--param '%s': model %s is not selected (see --model)", spec, model);
}

/* Creates the parameters of the selected models and applies --preset,
 * --rounds and every --param; returns 0 or an exit code. */
static int make_params(const forecast_opts *o, parley_params *params, size_t *n_made) {
    for (size_t m = 0; m < o->n_types; ++m) {
        if (parley_params_init(&params[m], o->types[m]) != PARLEY_OK) {
            cli_error("out of memory");
            return CLI_EXIT_INTERNAL;
        }
        *n_made = m + 1;
    }
    int rc;
    if (o->preset && (rc = set_everywhere(params, o->n_types, "--preset", "preset", o->preset)) != 0)
        return rc;
    if (o->rounds && (rc = set_everywhere(params, o->n_types, "--rounds", "rounds", o->rounds)) != 0)
        return rc;
    /* --seed reaches every model that draws random numbers (parameter "seed"). */
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", o->seed);
    for (size_t m = 0; m < o->n_types; ++m) {
        parley_error err;
        parley_error_clear(&err);
        parley_status st = parley_params_set(&params[m], "seed", seed, &err);
        if (st == PARLEY_ENOMEM) {
            cli_error("out of memory");
            return CLI_EXIT_INTERNAL;
        }
    }
    for (size_t k = 0; k < o->n_params; ++k)
        if ((rc = set_param(params, o->n_types, o->params[k])) != 0) return rc;
    return 0;
}

/* Loads the scenario named in o (or the embedded default); prints every
 * diagnostic.  Returns 0 or an exit code. */
static int load_scenario(const forecast_opts *o, parley_scenario *s) {
    parley_read_options ro;
    parley_read_options_init(&ro);
    ro.salience_scale = o->salience_scale;
    ro.bounds_given = o->bounds.bounds_given;
    ro.lo = o->bounds.lo;
    ro.hi = o->bounds.hi;
    parley_diags diags;
    parley_diags_init(&diags);
    parley_status st;
    const char *file = o->scenario ? o->scenario : DEFAULT_FILE;
    if (o->scenario) {
        st = parley_scenario_load(s, o->scenario, PARLEY_FORMAT_UNKNOWN, &ro, &diags);
    } else {
        size_t size = 0;
        const char *json = parley_default_scenario_json(&size);
        st = parley_scenario_parse(s, PARLEY_FORMAT_JSON, json, size, DEFAULT_FILE, &ro, &diags);
    }
    cli_print_diags(&diags, file);
    if (st != PARLEY_OK && diags.n_errors == 0) {
        parley_error err;
        parley_error_clear(&err);
        parley_error_set(&err, st, file, 0, 0, "%s", parley_strstatus(st));
        cli_print_error(&err, file);
    }
    parley_diags_destroy(&diags);
    if (st == PARLEY_EINVAL || st == PARLEY_EUNSUPPORTED) return CLI_EXIT_DATA;
    return cli_exit_code(st);
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

/* Writes the report to -o FILE (atomically) or standard output. */
static int write_report(const forecast_opts *o, const parley_buf *b) {
    if (o->output && strcmp(o->output, "-") != 0) {
        parley_error err;
        parley_error_clear(&err);
        parley_status st = parley_write_file_atomic(o->output, b->data, b->len, &err);
        if (st != PARLEY_OK) {
            cli_print_error(&err, o->output);
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

static int run(const forecast_opts *o, parley_params *params) {
    parley_scenario s;
    memset(&s, 0, sizeof s);
    int rc = load_scenario(o, &s);
    if (rc != 0) {
        parley_scenario_destroy(&s);
        return rc;
    }
    parley_forecast f;
    memset(&f, 0, sizeof f);
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_forecast_init(&f, &s, params, o->n_types, o->trace, &err);
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
            rc = write_report(o, &b);
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
    o.max_types = registered_count();
    o.types = calloc(o.max_types + 1, sizeof *o.types);
    o.params = calloc((size_t)argc + 1, sizeof *o.params);
    parley_params *params = calloc(o.max_types + 1, sizeof *params);
    size_t n_params = 0;
    int rc;
    if (!o.types || !o.params || !params) {
        cli_error("out of memory");
        rc = CLI_EXIT_INTERNAL;
    } else if ((rc = parse_options(&o, argc, argv)) != 0) {
        if (rc < 0) rc = CLI_EXIT_OK; /* --help */
    } else if ((rc = make_params(&o, params, &n_params)) == 0) {
        rc = run(&o, params);
    }
    for (size_t m = 0; params && m < n_params; ++m) parley_params_destroy(&params[m]);
    free(params);
    free(o.params);
    free(o.types);
    return rc;
}
