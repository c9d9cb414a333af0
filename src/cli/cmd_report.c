/* parley report [SCENARIO] -- a self-contained HTML report with charts.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cli.h"

static const char report_help[] =
    "Usage: parley report [OPTION]... [SCENARIO]\n"
    "Write a self-contained HTML report of the forecast of SCENARIO: a plain-language\n"
    "summary per issue, every model's forecast side by side, the round-by-round story\n"
    "of the expected utility model in words and charts (positions by round, effective\n"
    "power by position, who challenges whom), the scenario with every value's source\n"
    "note, and the parameters, seed and version.  The page has no script and loads\n"
    "nothing: it works offline.  Without SCENARIO the embedded default is used (the\n"
    "Six-Party Talks after the April 2019 Vladivostok summit).\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE        write the HTML to FILE (atomically); default or '-':\n"
    "                           standard output\n"
    "      --svg DIR            also write every chart as DIR/NAME.svg (DIR is created\n"
    "                           if missing)\n"
    "      --actor NAME         actor whose view the 'who challenges whom' charts show\n"
    "                           (default: the first actor on each issue)\n"
    "  -m, --model LIST         models to run, as in 'parley forecast' (default: all)\n"
    "      --preset NAME        parameter preset of every selected model that has one\n"
    "      --rounds N           round limit (N >= 1) of every selected iterative model\n"
    "      --param MODEL.KEY=VALUE\n"
    "                           set one model parameter; repeatable\n"
    "      --seed N             seed, 0 to 2^63-1 (default 0); recorded in the report\n"
    "      --salience-scale 1|100\n"
    "                           scale of the saliences in a CSV table (default: inferred)\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "Exit status: 0 success, 1 data error, 2 usage error, 3 I/O error,\n"
    "4 internal error.\n"
    "\n"
    "Examples:\n"
    "  parley report -o report.html\n"
    "  parley report talks.json --actor Russia -o talks.html --svg charts\n";

enum { OPT_PRESET = 256, OPT_ROUNDS, OPT_PARAM, OPT_SEED, OPT_SALIENCE_SCALE, OPT_SVG, OPT_ACTOR };

static const struct option report_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"svg", required_argument, NULL, OPT_SVG},
    {"actor", required_argument, NULL, OPT_ACTOR},
    {"model", required_argument, NULL, 'm'},
    {"preset", required_argument, NULL, OPT_PRESET},
    {"rounds", required_argument, NULL, OPT_ROUNDS},
    {"param", required_argument, NULL, OPT_PARAM},
    {"seed", required_argument, NULL, OPT_SEED},
    {"salience-scale", required_argument, NULL, OPT_SALIENCE_SCALE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct report_opts {
    cli_models models;
    int model_given;
    unsigned long long seed;
    const char *output, *svg_dir, *actor, *scenario;
    int salience_scale;
} report_opts;

static int parse_options(report_opts *o, int argc, char **argv) {
    optind = 1;
    opterr = 0;
    int c, rc;
    unsigned long long v;
    while ((c = getopt_long(argc, argv, ":m:o:h", report_options, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(report_help, stdout); return -1;
        case 'm':
            if ((rc = cli_models_add(&o->models, "report", optarg)) != 0) return rc;
            o->model_given = 1;
            break;
        case OPT_PRESET: o->models.preset = optarg; break;
        case OPT_ROUNDS:
            if (cli_parse_unsigned(optarg, SIZE_MAX, &v) != 0 || v == 0)
                return cli_usage_error("report", "--rounds must be a whole number >= 1, not '%s'", optarg);
            o->models.rounds = optarg;
            break;
        case OPT_PARAM: o->models.params[o->models.n_params++] = optarg; break;
        case OPT_SEED:
            if (cli_parse_unsigned(optarg, (unsigned long long)INT64_MAX, &o->seed) != 0)
                return cli_usage_error("report", "--seed must be a whole number from 0 to 2^63-1, not '%s'", optarg);
            break;
        case 'o': o->output = optarg; break;
        case OPT_SVG: o->svg_dir = optarg; break;
        case OPT_ACTOR: o->actor = optarg; break;
        case OPT_SALIENCE_SCALE:
            if (strcmp(optarg, "1") == 0)
                o->salience_scale = 1;
            else if (strcmp(optarg, "100") == 0)
                o->salience_scale = 100;
            else
                return cli_usage_error("report", "--salience-scale must be 1 or 100, not '%s'", optarg);
            break;
        default: return cli_option_error("report", c, argv);
        }
    }
    if (argc - optind > 1)
        return cli_usage_error("report", "more than one scenario given ('%s', '%s')", argv[optind], argv[optind + 1]);
    if (optind < argc) o->scenario = argv[optind];
    if (o->output && o->output[0] == '\0') return cli_usage_error("report", "empty --output file name");
    if (o->svg_dir && o->svg_dir[0] == '\0') return cli_usage_error("report", "empty --svg directory name");
    cli_models_default(&o->models);
    return 0;
}

/* Appends arg to b, single-quoted for a POSIX shell when needed. */
static void shell_arg(parley_buf *b, const char *arg) {
    if (arg[0] && strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=,:+") == strlen(arg)) {
        parley_buf_printf(b, " %s", arg);
        return;
    }
    parley_buf_printf(b, " '");
    for (const char *p = arg; *p; ++p) {
        if (*p == '\'')
            parley_buf_printf(b, "'\\''");
        else
            parley_buf_append(b, p, 1);
    }
    parley_buf_printf(b, "'");
}

/* The command that reproduces the report's content (without -o and --svg,
 * which change where it goes, not what it says). */
static void canonical_command(const report_opts *o, parley_buf *b) {
    parley_buf_printf(b, "parley report");
    if (o->model_given) {
        parley_buf_printf(b, " --model ");
        for (size_t m = 0; m < o->models.n_types; ++m)
            parley_buf_printf(b, "%s%s", m ? "," : "", o->models.types[m]->name);
    }
    if (o->models.preset) {
        parley_buf_printf(b, " --preset");
        shell_arg(b, o->models.preset);
    }
    if (o->models.rounds) parley_buf_printf(b, " --rounds %s", o->models.rounds);
    for (size_t k = 0; k < o->models.n_params; ++k) {
        parley_buf_printf(b, " --param");
        shell_arg(b, o->models.params[k]);
    }
    if (o->seed) parley_buf_printf(b, " --seed %llu", o->seed);
    if (o->actor) {
        parley_buf_printf(b, " --actor");
        shell_arg(b, o->actor);
    }
    if (o->salience_scale) parley_buf_printf(b, " --salience-scale %d", o->salience_scale);
    if (o->scenario) shell_arg(b, o->scenario);
}

/* Writes every chart as DIR/NAME.svg; creates DIR if missing. */
static int write_svgs(const char *dir, const parley_chart_set *cs) {
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error("%s: cannot create directory: %s", dir, strerror(errno));
        return CLI_EXIT_IO;
    }
    for (size_t k = 0; k < cs->n; ++k) {
        size_t n = strlen(dir) + strlen(cs->items[k].name) + 8;
        char *path = malloc(n);
        if (!path) {
            cli_error("out of memory");
            return CLI_EXIT_INTERNAL;
        }
        snprintf(path, n, "%s/%s.svg", dir, cs->items[k].name);
        int rc = cli_write_output(path, &cs->items[k].svg);
        free(path);
        if (rc != 0) return rc;
    }
    return 0;
}

static int build(const report_opts *o, const parley_forecast *f, const parley_scenario *s) {
    parley_html_options ho;
    memset(&ho, 0, sizeof ho);
    ho.actor = (size_t)-1;
    if (o->actor) {
        ho.actor = parley_scenario_find_actor(s, o->actor);
        if (ho.actor == (size_t)-1) {
            parley_buf names;
            parley_buf_init(&names);
            for (size_t a = 0; a < s->n_actors; ++a)
                parley_buf_printf(&names, "%s%s", a ? ", " : "", s->actors[a].name);
            int rc = cli_usage_error("report", "--actor '%s': no such actor in the scenario (actors: %s)",
                                     o->actor, names.data ? names.data : "");
            parley_buf_destroy(&names);
            return rc;
        }
    }
    parley_buf cmd;
    parley_buf_init(&cmd);
    canonical_command(o, &cmd);
    ho.command = cmd.data;
    parley_chart_set cs;
    parley_chart_set_init(&cs);
    parley_buf html;
    parley_buf_init(&html);
    parley_error err;
    parley_error_clear(&err);
    parley_report_meta meta = {o->scenario ? o->scenario : CLI_DEFAULT_FILE, PARLEY_VERSION, o->seed};
    parley_status st = cmd.failed ? PARLEY_ENOMEM : parley_report_charts(f, &ho, &cs, &err);
    if (st == PARLEY_OK) st = parley_report_html(f, &meta, &ho, &cs, &html, &err);
    int rc;
    if (st != PARLEY_OK) {
        cli_error("cannot build the report: %s", err.message[0] ? err.message : parley_strstatus(st));
        rc = st == PARLEY_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INTERNAL;
    } else {
        rc = o->svg_dir ? write_svgs(o->svg_dir, &cs) : 0;
        if (rc == 0) rc = cli_write_output(o->output, &html);
    }
    parley_buf_destroy(&html);
    parley_chart_set_destroy(&cs);
    parley_buf_destroy(&cmd);
    return rc;
}

static int run(const report_opts *o, parley_params *params) {
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
    parley_status st = parley_forecast_init(&f, &s, params, o->models.n_types, 1, &err);
    if (st != PARLEY_OK) {
        cli_print_error(&err, NULL);
        rc = st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
    } else {
        rc = build(o, &f, &s);
        parley_forecast_destroy(&f);
    }
    parley_scenario_destroy(&s);
    return rc;
}

int cli_report(int argc, char **argv) {
    report_opts o;
    memset(&o, 0, sizeof o);
    int rc = cli_models_init(&o.models, argc);
    if (rc != 0) return rc;
    parley_params *params = calloc(o.models.max_types + 1, sizeof *params);
    size_t n_params = 0;
    if (!params) {
        cli_error("out of memory");
        rc = CLI_EXIT_INTERNAL;
    } else if ((rc = parse_options(&o, argc, argv)) != 0) {
        if (rc < 0) rc = CLI_EXIT_OK; /* --help */
    } else if ((rc = cli_models_make_params(&o.models, "report", params, &n_params)) == 0) {
        rc = run(&o, params);
    }
    for (size_t m = 0; params && m < n_params; ++m) parley_params_destroy(&params[m]);
    free(params);
    cli_models_free(&o.models);
    return rc;
}
