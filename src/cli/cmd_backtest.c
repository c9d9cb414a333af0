#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* scandir, alphasort */
#endif
/* parley backtest: score the models against observed outcomes, on the case
 * library or on the cases given.  The work is parley_backtest_run
 * (src/analysis/backtest.c) and parley_report_backtest (src/report/backtest.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "cli.h"
#include "help.h"

#ifndef PARLEY_CASES_DIR
#define PARLEY_CASES_DIR "data/cases"
#endif

enum { OPT_LIBRARY = CLI_OPT_COMMAND, OPT_ENSEMBLE, OPT_NOISE, OPT_SQ_REPLICATES };

static const struct option backtest_options[] = {
    CLI_COMMON_LONG_OPTIONS,
    {"library", required_argument, NULL, OPT_LIBRARY},
    {"ensemble", required_argument, NULL, OPT_ENSEMBLE},
    {"noise", required_argument, NULL, OPT_NOISE},
    {"sq-replicates", required_argument, NULL, OPT_SQ_REPLICATES},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct {
    cli_common c;
    const char *library;
    unsigned long long ensemble;
    double noise;
    unsigned long long sq_replicates;
    parley_report_format format;
    const char *output;
    char **files; /* case files (argv, or the library's, owned) */
    char **names; /* case names */
    size_t n_files;
    int owned; /* 1 if files and names are allocated here */
    parley_scenario *cases;
    size_t n_cases;
} bt_opts;

static int parse_options(bt_opts *o, int argc, char **argv) {
    optind = 1;
    opterr = 0;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":m:f:o:h", backtest_options, NULL)) != -1) {
        if ((rc = cli_common_option(&o->c, c, optarg)) >= 0) {
            if (rc != 0)
                return rc;
            continue;
        }
        switch (c) {
        case 'h':
            cli_help("backtest", stdout);
            return -1;
        case OPT_LIBRARY:
            o->library = optarg;
            break;
        case OPT_ENSEMBLE:
            if (cli_parse_unsigned(optarg, 100000000ULL, &o->ensemble) != 0 || o->ensemble < 2)
                return cli_usage_error(
                    "backtest", "--ensemble must be a whole number from 2 to 100000000, not '%s'",
                    optarg);
            break;
        case OPT_NOISE:
            if (cli_parse_real(optarg, &o->noise) != 0 || !(o->noise > 0 && o->noise <= 1))
                return cli_usage_error("backtest", "--noise must be a number in (0, 1], not '%s'",
                                       optarg);
            break;
        case OPT_SQ_REPLICATES:
            if ((rc = cli_parse_sq_replicates("backtest", optarg, &o->sq_replicates)) != 0)
                return rc;
            break;
        case 'f':
            if (strcmp(optarg, "table") == 0)
                o->format = PARLEY_REPORT_TABLE;
            else if (strcmp(optarg, "json") == 0)
                o->format = PARLEY_REPORT_JSON;
            else if (strcmp(optarg, "csv") == 0)
                o->format = PARLEY_REPORT_CSV;
            else
                return cli_usage_error("backtest",
                                       "unknown format '%s' (formats: table, json, csv)", optarg);
            break;
        case 'o':
            o->output = optarg;
            break;
        default:
            return cli_option_error("backtest", c, argv);
        }
    }
    if (o->c.n_sets || o->c.n_drops)
        return cli_usage_error("backtest", "--set and --drop do not apply to a backtest");
    o->files = argv + optind;
    o->n_files = (size_t)(argc - optind);
    if (o->n_files && o->library)
        return cli_usage_error("backtest", "--library and CASE files exclude each other");
    if (o->c.outcomes && o->n_files != 1)
        return cli_usage_error(
            "backtest", "--outcomes needs exactly one CASE (the scenario the outcomes belong to)");
    if (o->noise > 0 && !o->ensemble)
        return cli_usage_error("backtest", "--noise needs --ensemble");
    if (o->noise == 0)
        o->noise = 0.05;
    if (o->c.n_types == 0)
        for (const parley_model_type *const *t = parley_model_types();
             *t && o->c.n_types < o->c.max_types; ++t)
            o->c.types[o->c.n_types++] = *t;
    if (o->output && o->output[0] == '\0')
        return cli_usage_error("backtest", "empty --output file name");
    /* the inputs: every CASE file, then --outcomes */
    const char **ins = calloc(o->n_files + 1, sizeof *ins);
    if (!ins) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    for (size_t k = 0; k < o->n_files; ++k)
        ins[k] = o->files[k];
    ins[o->n_files] = o->c.outcomes;
    int rc2 = cli_check_outputs("backtest", ins, o->n_files + 1, &o->output, 1, 0);
    free((void *)ins);
    return rc2;
}

static int has_json_suffix(const char *name) {
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0 && name[0] != '.';
}

static int json_entry(const struct dirent *e) {
    return has_json_suffix(e->d_name);
}

/* A case's name comes from its file name, which need not be text: a name
 * that is not valid UTF-8 (jansson's check), or any control character in
 * it, becomes '?' so that every output can hold it. */
static void clean_label(char *label) {
    json_t *probe = json_string(label);
    int valid = probe != NULL;
    json_decref(probe);
    for (unsigned char *p = (unsigned char *)label; *p; ++p)
        if (*p < 0x20 || *p == 0x7f || (!valid && *p >= 0x80))
            *p = '?';
}

/* Appends the *.json files of dir (sorted by name) to o->files; returns 0 or an exit code. */
static int add_dir(bt_opts *o, const char *dir, const char *prefix, size_t *cap) {
    struct dirent **list = NULL;
    int n = scandir(dir, &list, json_entry, alphasort);
    if (n < 0)
        return 0; /* a missing gpl/ subdirectory is fine; the caller checked dir */
    int rc = 0;
    for (int k = 0; k < n; ++k) {
        if (rc == 0) {
            if (o->n_files + 2 > *cap) {
                size_t grown = *cap * 2 + 8;
                char **f = realloc(o->files, grown * sizeof *f),
                     **nm = f ? realloc(o->names, grown * sizeof *nm) : NULL;
                if (f)
                    o->files = f;
                if (nm)
                    o->names = nm;
                if (!f || !nm)
                    rc = CLI_EXIT_INTERNAL;
                else
                    *cap = grown;
            }
            const char *name = list[k]->d_name;
            size_t len = strlen(dir) + strlen(name) + 2, base = strlen(name) - 5;
            char *path = rc ? NULL : malloc(len);
            char *label = rc ? NULL : malloc(strlen(prefix) + base + 1);
            if (!rc && (!path || !label))
                rc = CLI_EXIT_INTERNAL;
            if (!rc) {
                snprintf(path, len, "%s/%s", dir, name);
                snprintf(label, strlen(prefix) + base + 1, "%s%.*s", prefix, (int)base, name);
                clean_label(label);
                o->files[o->n_files] = path;
                o->names[o->n_files++] = label;
            } else {
                free(path);
                free(label);
            }
        }
        free(list[k]);
    }
    free(list);
    if (rc)
        cli_error("out of memory");
    return rc;
}

/* The library's files: --library, $PARLEY_CASES or the shipped directory. */
static int list_library(bt_opts *o, int *shipped) {
    const char *env = getenv("PARLEY_CASES");
    const char *dir = cli_backtest_library_dir(o->library);
    *shipped = !o->library && !(env && env[0]);
    o->files = NULL;
    o->names = NULL;
    o->n_files = 0;
    o->owned = 1;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        if (*shipped)
            return 0; /* the embedded default may still be a case */
        cli_error("%s: no case library at '%s' (%s; expected a directory of *.json cases)",
                  o->c.cmd, dir, o->library ? "--library" : "$PARLEY_CASES");
        return CLI_EXIT_IO;
    }
    size_t cap = 0;
    int rc = add_dir(o, dir, "", &cap);
    if (rc == 0) {
        size_t len = strlen(dir) + 5;
        char *gpl = malloc(len);
        if (!gpl)
            return CLI_EXIT_INTERNAL;
        snprintf(gpl, len, "%s/gpl", dir);
        rc = add_dir(o, gpl, "gpl/", &cap);
        free(gpl);
    }
    return rc;
}

static void free_cases(bt_opts *o) {
    for (size_t k = 0; k < o->n_cases; ++k)
        parley_scenario_destroy(&o->cases[k]);
    free(o->cases);
    if (o->owned) {
        for (size_t k = 0; k < o->n_files; ++k) {
            free(o->files[k]);
            free(o->names[k]);
        }
        free(o->files);
        free(o->names);
    }
}

int cli_check_library_outputs(const cli_common *c, const char *library, const char *const *outs,
                              size_t n) {
    bt_opts l;
    memset(&l, 0, sizeof l);
    l.c = *c;
    l.library = library;
    int shipped = 0;
    struct stat sb;
    const char *dir = cli_backtest_library_dir(library);
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return 0; /* no library to read, so none to overwrite; the run says why */
    if (list_library(&l, &shipped) != 0) {
        free_cases(&l);
        return 0; /* no library to read, so none to overwrite; the run says why */
    }
    int rc = l.n_files
                 ? cli_check_outputs(c->cmd, (const char *const *)l.files, l.n_files, outs, n, 0)
                 : 0;
    free_cases(&l);
    return rc;
}

/* Loads every case; returns 0 or the exit code of the first that fails. */
static int load_cases(bt_opts *o) {
    int shipped = 0, rc = 0;
    if (o->n_files == 0) {
        if ((rc = list_library(o, &shipped)) != 0)
            return rc;
        if (o->n_files == 0 && !shipped) {
            cli_error("%s: the case library '%s' holds no *.json case", o->c.cmd,
                      cli_backtest_library_dir(o->library));
            return CLI_EXIT_DATA;
        }
    }
    /* a case named twice (or reached twice through a link) counts once */
    size_t kept = 0;
    for (size_t k = 0; k < o->n_files; ++k) {
        struct stat sk, sj;
        int dup = 0;
        if (strcmp(o->files[k], "-") != 0 && stat(o->files[k], &sk) == 0)
            for (size_t j = 0; j < kept && !dup; ++j)
                dup = strcmp(o->files[j], "-") != 0 && stat(o->files[j], &sj) == 0 &&
                      sj.st_dev == sk.st_dev && sj.st_ino == sk.st_ino;
        if (dup) {
            cli_error("%s: warning: '%s' is a case already read; it counts once", o->c.cmd,
                      o->files[k]);
            if (o->owned) {
                free(o->files[k]);
                free(o->names[k]);
            }
            continue;
        }
        o->files[kept] = o->files[k];
        if (o->owned)
            o->names[kept] = o->names[k];
        ++kept;
    }
    o->n_files = kept;
    o->cases = calloc(o->n_files + 1, sizeof *o->cases);
    if (!o->cases) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    for (size_t k = 0; k < o->n_files; ++k) {
        cli_common one = o->c;
        one.scenario = o->files[k];
        if ((rc = cli_load_scenario(&one, &o->cases[o->n_cases])) != 0)
            return rc;
        o->n_cases++;
    }
    if (shipped) {
        /* the embedded default scenario counts when it has outcomes */
        cli_common one = o->c;
        one.scenario = NULL;
        parley_scenario s;
        if ((rc = cli_load_scenario(&one, &s)) != 0)
            return rc;
        if (parley_scenario_outcome_count(&s) > 0)
            o->cases[o->n_cases++] = s;
        else
            parley_scenario_destroy(&s);
        if (o->n_cases == 0) {
            cli_error("%s: no case library: '%s' does not exist and the embedded default "
                      "scenario has no "
                      "outcomes (give --library DIR, set PARLEY_CASES, or name CASE files)",
                      o->c.cmd, PARLEY_CASES_DIR);
            return CLI_EXIT_IO;
        }
    }
    return 0;
}

/* The combined forecast (include/parley/combine.h, default method: the
 * median of the models that ran) as the backtest's extra model.  The median
 * never looks at an outcome, so a case's combined forecast cannot use its
 * own outcome (leave-one-case-out holds trivially). */
static parley_status combined_extra(void *data, const parley_scenario *const *cases, size_t n_cases,
                                    size_t index, const parley_forecast *f, double *out,
                                    parley_error *err) {
    (void)data;
    (void)n_cases;
    parley_combine_options co;
    parley_combine_options_init(&co);
    co.sq_replicates = 0; /* only the combined value is scored */
    parley_combined c;
    parley_status st = parley_combined_init(&c, f, &co, err);
    if (st != PARLEY_OK)
        return st;
    for (size_t i = 0; i < cases[index]->n_issues && i < c.n_issues; ++i)
        if (c.issues[i].status == PARLEY_OK)
            out[i] = c.issues[i].value;
    parley_combined_destroy(&c);
    return PARLEY_OK;
}

/* Runs the backtest of o's cases (already loaded) into bt; prints errors. */
static int run_backtest(bt_opts *o, const parley_params *params, parley_backtest *bt) {
    const parley_scenario **cases = calloc(o->n_cases + 1, sizeof *cases);
    const char **names = calloc(o->n_cases + 1, sizeof *names);
    memset(bt, 0, sizeof *bt);
    if (!cases || !names) {
        free(cases);
        free((void *)names);
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    for (size_t k = 0; k < o->n_cases; ++k) {
        cases[k] = &o->cases[k];
        names[k] = o->owned && k < o->n_files ? o->names[k] : NULL;
    }
    parley_perturbation pert;
    parley_perturbation_default(&pert); /* the ensemble default; --noise sets the position part */
    pert.noise[PARLEY_FIELD_POSITION] = (parley_noise){PARLEY_NOISE_NORMAL, o->noise};
    parley_backtest_options bo;
    parley_backtest_options_init(&bo);
    bo.ensemble = o->ensemble;
    bo.seed = o->c.seed;
    bo.perturbation = &pert;
    bo.sq_replicates = (size_t)o->sq_replicates;
    if (o->c.n_types > 1) { /* a combination of one model is that model */
        bo.extra = combined_extra;
        bo.extra_name = "combined";
    }
    parley_error err;
    parley_error_clear(&err);
    parley_status st =
        parley_backtest_run(bt, cases, names, o->n_cases, params, o->c.n_types, &bo, &err);
    free(cases);
    free((void *)names);
    if (st != PARLEY_OK) {
        cli_error("%s: %s", o->c.cmd, err.message[0] ? err.message : parley_strstatus(st));
        parley_backtest_destroy(bt);
        return st == PARLEY_EINVAL ? CLI_EXIT_INTERNAL : cli_exit_code(st);
    }
    return 0;
}

const char *cli_backtest_library_dir(const char *library) {
    const char *env = getenv("PARLEY_CASES");
    return library ? library : env && env[0] ? env : PARLEY_CASES_DIR;
}

int cli_backtest_library(const cli_common *c, const char *library, const parley_params *params,
                         parley_backtest *bt) {
    bt_opts o;
    memset(&o, 0, sizeof o);
    memset(bt, 0, sizeof *bt);
    o.c = *c;
    o.c.outcomes = NULL;
    o.library = library;
    o.noise = 0.05;
    o.sq_replicates = PARLEY_SQ_REPLICATES;
    int rc = load_cases(&o);
    if (rc == 0)
        rc = run_backtest(&o, params, bt);
    free_cases(&o);
    return rc;
}

void cli_combined_library_score(const cli_common *c, const parley_params *params,
                                parley_combined *comb) {
    const char *dir = cli_backtest_library_dir(NULL);
    struct stat sb;
    if (c->n_types < 2 || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return; /* no library here: the verdict says "not yet scored" */
    parley_backtest bt;
    if (cli_backtest_library(c, NULL, params, &bt) == 0 &&
        parley_backtest_combined_score(&bt, &comb->score)) {
        const char *best = comb->score.best_model; /* borrowed from bt: re-point */
        comb->score.best_model = NULL;
        for (size_t m = 0; best && m < c->n_types; ++m)
            if (strcmp(params[m].type->name, best) == 0)
                comb->score.best_model = params[m].type->name;
    }
    parley_backtest_destroy(&bt);
}

static int run(void *data, parley_params *params) {
    bt_opts *o = data;
    int rc = o->n_files ? 0 : cli_check_library_outputs(&o->c, o->library, &o->output, 1);
    if (rc == 0)
        rc = load_cases(o);
    if (rc)
        return rc;
    parley_backtest bt;
    if ((rc = run_backtest(o, params, &bt)) != 0)
        return rc;
    parley_buf b;
    parley_buf_init(&b);
    parley_status st = parley_report_backtest(&bt, o->format, &b);
    parley_backtest_destroy(&bt);
    return cli_finish_report(st, o->output, &b);
}

int cli_backtest(int argc, char **argv) {
    bt_opts o;
    memset(&o, 0, sizeof o);
    o.sq_replicates = PARLEY_SQ_REPLICATES;
    int rc = cli_common_init(&o.c, "backtest", argc);
    if (rc)
        return rc;
    o.c.allow_combined = 1; /* -m combined: every model and their combination */
    rc = parse_options(&o, argc, argv);
    if (rc == 0)
        rc = cli_run_models(&o.c, run, &o);
    free_cases(&o);
    cli_common_destroy(&o.c);
    return rc < 0 ? CLI_EXIT_OK : rc;
}
