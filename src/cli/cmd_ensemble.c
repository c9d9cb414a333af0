/* parley ensemble [SCENARIO] -- many replicates of the models on perturbed
 * inputs, summarised per issue and model (docs/analysis.md).
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef PARLEY_HAVE_MPI
#include <mpi.h>
#endif

#include "cli.h"
#include "../core/internal.h"
#include "../io/internal.h"

static const char ensemble_help[] =
    "Usage: parley ensemble [OPTION]... [SCENARIO]\n"
    "Run the models many times on randomly perturbed copies of SCENARIO (default:\n"
    "the embedded Six-Party Talks 2019 case) and summarise, per issue and model,\n"
    "where the forecast lands: mean, standard deviation, quantiles, a histogram\n"
    "and the share of replicates in each labelled band of the scale.\n"
    "\n"
    "What varies:\n"
    "  -n, --replicates N       number of replicates (default 1000)\n"
    "      --noise [ACTOR.]FIELD=DIST:SIZE\n"
    "                           noise on position, salience or capability, for\n"
    "                           every actor or one; DIST normal (SIZE = standard\n"
    "                           deviation), uniform (on -SIZE..+SIZE) or none.\n"
    "                           Units: position in fractions of the scale width,\n"
    "                           salience on 0-1, capability relative (c(1+e)).\n"
    "                           SIZE from 0 to 1000000. Repeatable.  Without any\n"
    "                           --noise: position=normal:0.05, salience=normal:0.05,\n"
    "                           capability=normal:0.1 (clamped to [lo,hi], [0,1], >=0)\n"
    "      --no-noise           no perturbation at all (warns that every replicate\n"
    "                           is the same run unless --drop-rate or --shock)\n"
    "      --drop-rate P        probability that each actor leaves, per replicate\n"
    "      --shock P            salience shocks: each round, each actor's salience\n"
    "                           is redrawn on [0,1) with probability P (models with\n"
    "                           a shock parameter: eu)\n"
    "      --sweep MODEL.KEY=V1,V2,...\n"
    "                           run the model once per value (several sweeps: every\n"
    "                           combination); repeatable\n"
    "      --spec FILE          read the above from a JSON file (docs/analysis.md);\n"
    "                           options on the command line override it\n"
    "\n"
    "Models and scenario (as for 'parley forecast'):\n"
    "  -m, --model LIST, --preset NAME, --rounds N, --param MODEL.KEY=VALUE,\n"
    "      --salience-scale 1|100, --bounds LO,HI, --max-memory SIZE (per thread:\n"
    "                           every thread runs its own forecasts)\n"
    "      --set ACTOR.ISSUE.FIELD=VALUE, --drop ACTOR\n"
    "                           what-if: change the scenario first; the report adds\n"
    "                           the change of the mean against the unchanged base\n"
    "\n"
    "Running and output:\n"
    "      --seed N             seed, 0 to 2^63-1 (default 0): replicate k draws from\n"
    "                           streams derived from (seed, k) only, so the output is\n"
    "                           the same for any number of threads or processes\n"
    "  -j, --threads N          OpenMP threads, 1-1024 (default: OMP_NUM_THREADS, checked\n"
    "                           the same way, or all cores); never more threads than\n"
    "                           blocks of 256 replicates\n"
    "      --bins N             histogram bins over the issue scale (default 10)\n"
    "  -f, --format FORMAT      table (default), json or csv\n"
    "  -o, --output FILE        write the summary to FILE (atomically)\n"
    "      --rows FILE          also write every replicate's forecasts as CSV\n"
    "  -q, --quiet              no progress bar (it is drawn only on a terminal)\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "Exit status: 0 success, 1 data error, 2 usage error, 3 I/O error,\n"
    "4 internal error.\n"
    "\n"
    "Examples:\n"
    "  parley ensemble -m eu -n 10000 --noise position=normal:0.05\n"
    "  parley ensemble --noise salience=uniform:0.1 --drop-rate 0.05 -f json\n"
    "  parley ensemble -m eu --shock 0.1 --sweep eu.q=0.5,1\n";

enum {
    OPT_NOISE = CLI_OPT_COMMAND,
    OPT_DROP_RATE,
    OPT_SHOCK,
    OPT_SWEEP,
    OPT_SPEC,
    OPT_BINS,
    OPT_ROWS,
    OPT_NO_NOISE
};

static const struct option ensemble_options[] = {
    CLI_COMMON_LONG_OPTIONS,
    {"replicates", required_argument, NULL, 'n'},
    {"noise", required_argument, NULL, OPT_NOISE},
    {"drop-rate", required_argument, NULL, OPT_DROP_RATE},
    {"shock", required_argument, NULL, OPT_SHOCK},
    {"sweep", required_argument, NULL, OPT_SWEEP},
    {"spec", required_argument, NULL, OPT_SPEC},
    {"threads", required_argument, NULL, 'j'},
    {"bins", required_argument, NULL, OPT_BINS},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"rows", required_argument, NULL, OPT_ROWS},
    {"no-noise", no_argument, NULL, OPT_NO_NOISE},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* A noise setting named by text: actor (NULL = every actor), field, noise. */
typedef struct {
    char actor[128];
    int all;
    parley_field field;
    parley_noise noise;
    char where[700]; /* JSON path in the spec file, "" for a command-line item */
} noise_item;

/* A sweep: MODEL.KEY and its values (strings owned here). */
typedef struct {
    char model[64], key[128];
    char **values;
    size_t n_values;
    char where[700]; /* JSON path of the array in the spec file, "" for --sweep */
} sweep_item;

typedef struct {
    cli_common c;
    unsigned long long replicates;
    double drop_rate, shock;
    int have_drop, have_shock, have_replicates, have_seed, have_bins;
    noise_item *noise;
    size_t n_noise, cap_noise;
    sweep_item *sweeps;
    size_t n_sweeps, cap_sweeps;
    const char *spec;
    unsigned long long threads, bins;
    parley_report_format format;
    const char *output, *rows;
    int quiet, no_noise;
} ens_opts;

static void opts_free(ens_opts *o) {
    for (size_t k = 0; k < o->n_sweeps; ++k) {
        for (size_t v = 0; v < o->sweeps[k].n_values; ++v) free(o->sweeps[k].values[v]);
        free(o->sweeps[k].values);
    }
    free(o->sweeps);
    free(o->noise);
}

static const char *const field_names[PARLEY_N_FIELDS] = {"position", "salience", "capability"};

static int parse_field(const char *name, size_t len) {
    for (int f = 0; f < PARLEY_N_FIELDS; ++f)
        if (strlen(field_names[f]) == len && strncmp(name, field_names[f], len) == 0) return f;
    return -1;
}

static int parse_dist(const char *name, size_t len, parley_noise_dist *out) {
    static const char *const names[] = {"none", "normal", "uniform"};
    for (int d = 0; d < 3; ++d)
        if (strlen(names[d]) == len && strncmp(name, names[d], len) == 0) {
            *out = (parley_noise_dist)d;
            return 0;
        }
    return -1;
}

static int parse_double(const char *text, double lo, double hi, double *out) {
    double v = 0.0;
    if (cli_parse_real(text, &v) != 0 || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static noise_item *new_noise(ens_opts *o) {
    if (o->n_noise == o->cap_noise) {
        size_t cap = o->cap_noise ? 2 * o->cap_noise : 8;
        noise_item *g = realloc(o->noise, cap * sizeof *g);
        if (!g) return NULL;
        o->noise = g;
        o->cap_noise = cap;
    }
    noise_item *it = &o->noise[o->n_noise++];
    memset(it, 0, sizeof *it);
    return it;
}

/* --noise [ACTOR.]FIELD=DIST:SIZE */
static int add_noise(ens_opts *o, const char *text) {
    const char *eq = strchr(text, '='), *colon = eq ? strchr(eq, ':') : NULL;
    const char *dot = NULL;
    for (const char *p = text; eq && p < eq; ++p)
        if (*p == '.') dot = p;
    const char *fname = dot ? dot + 1 : text;
    int f = eq ? parse_field(fname, (size_t)(eq - fname)) : -1;
    parley_noise_dist dist = PARLEY_NOISE_NONE;
    const char *dname = eq ? eq + 1 : NULL;
    size_t dlen = dname ? (colon ? (size_t)(colon - dname) : strlen(dname)) : 0;
    double size = 0.0;
    if (f < 0 || !dname || parse_dist(dname, dlen, &dist) != 0 || (dot && dot == text) ||
        (dist != PARLEY_NOISE_NONE && (!colon || parse_double(colon + 1, 0.0, 1e6, &size) != 0)) ||
        (dist == PARLEY_NOISE_NONE && colon))
        return cli_usage_error("ensemble",
                               "--noise wants [ACTOR.]FIELD=DIST:SIZE (FIELD position, salience or "
                               "capability; DIST normal, uniform or none; SIZE from 0 to 1000000), not '%s'",
                               text);
    noise_item *it = new_noise(o);
    if (!it) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    it->all = dot == NULL;
    if (dot) snprintf(it->actor, sizeof it->actor, "%.*s", (int)(dot - text), text);
    it->field = (parley_field)f;
    it->noise.dist = dist;
    it->noise.size = size;
    return 0;
}

static sweep_item *new_sweep(ens_opts *o, const char *model, size_t mlen, const char *key, size_t klen) {
    if (o->n_sweeps == o->cap_sweeps) {
        size_t cap = o->cap_sweeps ? 2 * o->cap_sweeps : 4;
        sweep_item *g = realloc(o->sweeps, cap * sizeof *g);
        if (!g) return NULL;
        o->sweeps = g;
        o->cap_sweeps = cap;
    }
    sweep_item *it = &o->sweeps[o->n_sweeps++];
    memset(it, 0, sizeof *it);
    snprintf(it->model, sizeof it->model, "%.*s", (int)mlen, model);
    snprintf(it->key, sizeof it->key, "%.*s", (int)klen, key);
    return it;
}

static int sweep_value(sweep_item *it, const char *v, size_t len) {
    char **g = realloc(it->values, (it->n_values + 1) * sizeof *g);
    if (!g) return -1;
    it->values = g;
    if (!(it->values[it->n_values] = malloc(len + 1))) return -1;
    memcpy(it->values[it->n_values], v, len);
    it->values[it->n_values++][len] = '\0';
    return 0;
}

/* --sweep MODEL.KEY=V1,V2,... */
static int add_sweep(ens_opts *o, const char *text) {
    const char *dot = strchr(text, '.'), *eq = strchr(text, '=');
    if (!dot || !eq || dot > eq || dot == text || eq == dot + 1 || eq[1] == '\0')
        return cli_usage_error("ensemble", "--sweep wants MODEL.KEY=V1,V2,..., not '%s'", text);
    if ((size_t)(dot - text) >= 64 || (size_t)(eq - dot - 1) >= 128)
        return cli_usage_error("ensemble", "--sweep '%s': name too long", text);
    sweep_item *it = new_sweep(o, text, (size_t)(dot - text), dot + 1, (size_t)(eq - dot - 1));
    if (!it) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    for (const char *p = eq + 1;;) {
        size_t len = strcspn(p, ",");
        if (len == 0) return cli_usage_error("ensemble", "--sweep '%s': empty value", text);
        if (sweep_value(it, p, len) != 0) {
            cli_error("out of memory");
            return CLI_EXIT_INTERNAL;
        }
        if (p[len] == '\0') break;
        p += len + 1;
    }
    return 0;
}

/* ------------------------------------------------------------ spec file */

/* path + member key: ".key" for a plain name, else ["key"] with quotes and
 * backslashes escaped. */
static void path_member(char *out, size_t n, const char *path, const char *key) {
    int plain = (isalpha((unsigned char)key[0]) || key[0] == '_') != 0;
    for (const char *p = key; plain && *p; ++p)
        plain = isalnum((unsigned char)*p) || *p == '_';
    if (plain) {
        snprintf(out, n, "%s.%s", path, key);
        return;
    }
    size_t len = (size_t)snprintf(out, n, "%s[\"", path);
    for (const char *p = key; *p && len + 4 < n; ++p) {
        if (*p == '"' || *p == '\\') out[len++] = '\\';
        out[len++] = *p;
    }
    if (len + 3 <= n) snprintf(out + len, n - len, "\"]");
    else if (n) out[n - 1] = '\0';
}

static int spec_error(const char *file, const char *path, const char *what) {
    cli_error("%s:%s: %s", file, path, what);
    return CLI_EXIT_DATA;
}

static int spec_noise(ens_opts *o, const char *file, const char *path, json_t *obj,
                      const char *actor) {
    if (!json_is_object(obj)) return spec_error(file, path, "expected an object of fields");
    const char *fname;
    json_t *val;
    json_object_foreach(obj, fname, val) {
        char p[700];
        path_member(p, sizeof p, path, fname);
        int f = parse_field(fname, strlen(fname));
        if (f < 0) return spec_error(file, p, "expected position, salience or capability");
        json_t *d = json_object_get(val, "dist"), *sz = json_object_get(val, "size");
        parley_noise_dist dist;
        if (!json_is_object(val) || !json_is_string(d) ||
            parse_dist(json_string_value(d), strlen(json_string_value(d)), &dist) != 0)
            return spec_error(file, p, "expected {\"dist\": \"normal\"|\"uniform\"|\"none\", \"size\": number}");
        double size = 0.0;
        if (dist != PARLEY_NOISE_NONE) {
            if (!json_is_number(sz) || !(json_number_value(sz) >= 0.0 && json_number_value(sz) <= 1e6))
                return spec_error(file, p, "\"size\" must be a number from 0 to 1000000");
            size = json_number_value(sz);
        }
        noise_item *it = new_noise(o);
        if (!it) return CLI_EXIT_INTERNAL;
        it->all = actor == NULL;
        if (actor) snprintf(it->actor, sizeof it->actor, "%s", actor);
        it->field = (parley_field)f;
        it->noise.dist = dist;
        it->noise.size = size;
        snprintf(it->where, sizeof it->where, "%s", actor ? path : p); /* an unknown actor: its key */
    }
    return 0;
}

static int spec_count(const char *file, const char *path, json_t *v, unsigned long long lo,
                      unsigned long long hi, unsigned long long *out) {
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        (unsigned long long)json_integer_value(v) < lo || (unsigned long long)json_integer_value(v) > hi) {
        char msg[128];
        snprintf(msg, sizeof msg, "expected a whole number from %llu to %llu", lo, hi);
        return spec_error(file, path, msg);
    }
    *out = (unsigned long long)json_integer_value(v);
    return 0;
}

/* Reads the spec file; values already given on the command line win
 * (noise items and sweeps from the file come first, so later command-line
 * items override them). */
static int read_spec(ens_opts *o) {
    json_error_t jerr;
    json_t *root = json_load_file(o->spec, 0, &jerr);
    if (!root) {
        FILE *fp = fopen(o->spec, "r");
        if (!fp) {
            cli_error("%s: cannot open: %s", o->spec, strerror(errno));
            return CLI_EXIT_IO;
        }
        fclose(fp);
        cli_error("%s:%d:%d: %s", o->spec, jerr.line, jerr.column, jerr.text);
        return CLI_EXIT_DATA;
    }
    int rc = 0;
    noise_item *cli_noise = o->noise;
    size_t cli_n_noise = o->n_noise;
    o->noise = NULL;
    o->n_noise = o->cap_noise = 0;
    sweep_item *cli_sweeps = o->sweeps;
    size_t cli_n_sweeps = o->n_sweeps;
    o->sweeps = NULL;
    o->n_sweeps = o->cap_sweeps = 0;
    if (!json_is_object(root)) rc = spec_error(o->spec, "$", "expected an object");
    const char *key;
    json_t *v;
    if (rc == 0) json_object_foreach(root, key, v) {
        char path[300];
        path_member(path, sizeof path, "$", key);
        unsigned long long u;
        if (strcmp(key, "replicates") == 0) {
            if ((rc = spec_count(o->spec, path, v, 1, 1ULL << 40, &u)) == 0 && !o->have_replicates) o->replicates = u;
        } else if (strcmp(key, "seed") == 0) {
            if ((rc = spec_count(o->spec, path, v, 0, (unsigned long long)INT64_MAX, &u)) == 0 && !o->have_seed) o->c.seed = u;
        } else if (strcmp(key, "bins") == 0) {
            if ((rc = spec_count(o->spec, path, v, 1, 1000, &u)) == 0 && !o->have_bins) o->bins = u;
        } else if (strcmp(key, "drop") == 0 || strcmp(key, "shock") == 0) {
            if (!json_is_number(v) || !(json_number_value(v) >= 0.0 && json_number_value(v) <= 1.0))
                rc = spec_error(o->spec, path, "expected a probability in [0, 1]");
            else if (key[0] == 'd' && !o->have_drop) o->drop_rate = json_number_value(v), o->have_drop = 1;
            else if (key[0] == 's' && !o->have_shock) o->shock = json_number_value(v), o->have_shock = 1;
        } else if (strcmp(key, "noise") == 0) {
            rc = spec_noise(o, o->spec, path, v, NULL);
        } else if (strcmp(key, "actors") == 0) {
            if (!json_is_object(v)) rc = spec_error(o->spec, path, "expected an object of actor names");
            const char *an;
            json_t *av;
            if (rc == 0) json_object_foreach(v, an, av) {
                char p[600];
                path_member(p, sizeof p, path, an);
                if ((rc = spec_noise(o, o->spec, p, av, an)) != 0) break;
            }
        } else if (strcmp(key, "sweep") == 0) {
            if (!json_is_object(v)) rc = spec_error(o->spec, path, "expected an object {\"MODEL.KEY\": [values]}");
            const char *sk;
            json_t *sv;
            if (rc == 0) json_object_foreach(v, sk, sv) {
                char p[600];
                path_member(p, sizeof p, path, sk);
                const char *dot = strchr(sk, '.');
                if (!dot || dot == sk || dot[1] == '\0' || !json_is_array(sv) || json_array_size(sv) == 0) {
                    rc = spec_error(o->spec, p, "expected \"MODEL.KEY\": [values...]");
                    break;
                }
                sweep_item *it = new_sweep(o, sk, (size_t)(dot - sk), dot + 1, strlen(dot + 1));
                if (!it) { rc = CLI_EXIT_INTERNAL; break; }
                snprintf(it->where, sizeof it->where, "%s", p);
                size_t idx;
                json_t *e;
                json_array_foreach(sv, idx, e) {
                    char buf[64];
                    if (json_is_string(e)) snprintf(buf, sizeof buf, "%s", json_string_value(e));
                    else if (json_is_integer(e)) snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(e));
                    else if (json_is_real(e)) parley_i_format_double(json_real_value(e), buf);
                    else {
                        char pe[700];
                        snprintf(pe, sizeof pe, "%s[%zu]", p, idx);
                        rc = spec_error(o->spec, pe, "values must be numbers or strings");
                        break;
                    }
                    if (sweep_value(it, buf, strlen(buf)) != 0) { rc = CLI_EXIT_INTERNAL; break; }
                }
                if (rc) break;
            }
        } else {
            rc = spec_error(o->spec, path,
                            "unknown key (expected replicates, seed, bins, noise, actors, drop, shock, sweep)");
        }
        if (rc) break;
    }
    json_decref(root);
    /* command-line items after the file's */
    for (size_t k = 0; rc == 0 && k < cli_n_noise; ++k) {
        noise_item *it = new_noise(o);
        if (!it) rc = CLI_EXIT_INTERNAL;
        else *it = cli_noise[k];
    }
    for (size_t k = 0; k < cli_n_sweeps; ++k) {
        sweep_item *it = rc == 0 ? new_sweep(o, "", 0, "", 0) : NULL;
        if (!it) {
            for (size_t v2 = 0; v2 < cli_sweeps[k].n_values; ++v2) free(cli_sweeps[k].values[v2]);
            free(cli_sweeps[k].values);
            if (rc == 0) rc = CLI_EXIT_INTERNAL;
        } else {
            *it = cli_sweeps[k];
        }
    }
    free(cli_noise);
    free(cli_sweeps);
    if (rc == CLI_EXIT_INTERNAL) cli_error("out of memory");
    return rc;
}

/* ------------------------------------------------------------ options */

static int parse_options(ens_opts *o, int argc, char **argv) {
    optind = 1;
    opterr = 0;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":m:n:j:f:o:qh", ensemble_options, NULL)) != -1) {
        if (c == CLI_OPT_SEED) o->have_seed = 1;
        if ((rc = cli_common_option(&o->c, c, optarg)) >= 0) {
            if (rc != 0) return rc;
            continue;
        }
        switch (c) {
        case 'h': fputs(ensemble_help, stdout); return -1;
        case 'n':
            if (cli_parse_unsigned(optarg, 1ULL << 40, &o->replicates) != 0 || o->replicates == 0)
                return cli_usage_error("ensemble", "--replicates must be a whole number from 1 to 2^40, not '%s'", optarg);
            o->have_replicates = 1;
            break;
        case OPT_NOISE:
            if ((rc = add_noise(o, optarg)) != 0) return rc;
            break;
        case OPT_DROP_RATE:
            if (parse_double(optarg, 0.0, 1.0, &o->drop_rate) != 0)
                return cli_usage_error("ensemble", "--drop-rate must be a probability in [0, 1], not '%s'", optarg);
            o->have_drop = 1;
            break;
        case OPT_SHOCK:
            if (parse_double(optarg, 0.0, 1.0, &o->shock) != 0)
                return cli_usage_error("ensemble", "--shock must be a probability in [0, 1], not '%s'", optarg);
            o->have_shock = 1;
            break;
        case OPT_SWEEP:
            if ((rc = add_sweep(o, optarg)) != 0) return rc;
            break;
        case OPT_SPEC: o->spec = optarg; break;
        case 'j':
            if (cli_parse_unsigned(optarg, 1024, &o->threads) != 0 || o->threads == 0)
                return cli_usage_error("ensemble", "--threads must be a whole number from 1 to 1024, not '%s'", optarg);
            break;
        case OPT_BINS:
            if (cli_parse_unsigned(optarg, 1000, &o->bins) != 0 || o->bins == 0)
                return cli_usage_error("ensemble", "--bins must be a whole number from 1 to 1000, not '%s'", optarg);
            o->have_bins = 1;
            break;
        case 'f':
            if (strcmp(optarg, "table") == 0) o->format = PARLEY_REPORT_TABLE;
            else if (strcmp(optarg, "json") == 0) o->format = PARLEY_REPORT_JSON;
            else if (strcmp(optarg, "csv") == 0) o->format = PARLEY_REPORT_CSV;
            else return cli_usage_error("ensemble", "unknown format '%s' (formats: table, json, csv)", optarg);
            break;
        case 'o': o->output = optarg; break;
        case OPT_ROWS: o->rows = optarg; break;
        case OPT_NO_NOISE: o->no_noise = 1; break;
        case 'q': o->quiet = 1; break;
        default: return cli_option_error("ensemble", c, argv);
        }
    }
    if ((rc = cli_common_finish(&o->c, argc, argv)) != 0) return rc;
    if ((rc = cli_check_omp_env("ensemble")) != 0) return rc;
    if (o->output && o->output[0] == '\0') return cli_usage_error("ensemble", "empty --output file name");
    if (o->rows && o->rows[0] == '\0') return cli_usage_error("ensemble", "empty --rows file name");
    if (o->spec && (rc = read_spec(o)) != 0) return rc;
    if (o->no_noise && o->n_noise)
        return cli_usage_error("ensemble", "--no-noise and --noise (or a spec file's noise) exclude each other");
    const char *outs[] = {o->output, o->rows};
    return cli_check_outputs("ensemble", o->c.scenario, outs, 2, 0);
}

/* ------------------------------------------------------------ configurations */

typedef struct {
    parley_params *params; /* n configurations */
    char **labels;
    size_t n;
} configs;

static void configs_free(configs *cf) {
    for (size_t k = 0; k < cf->n; ++k) {
        parley_params_destroy(&cf->params[k]);
        free(cf->labels[k]);
    }
    free(cf->params);
    free(cf->labels);
}

/* Expands every selected model by the product of its sweeps. */
static int make_configs(const ens_opts *o, const parley_params *base, size_t n_base, configs *cf) {
    memset(cf, 0, sizeof *cf);
    for (size_t k = 0; k < o->n_sweeps; ++k) {
        const parley_model_type *t = parley_model_find(o->sweeps[k].model);
        int selected = 0;
        for (size_t m = 0; m < n_base; ++m) selected |= base[m].type == t;
        if (!selected && o->sweeps[k].where[0]) {
            char msg[300];
            snprintf(msg, sizeof msg, "%s '%s' (see --model)",
                     t ? "sweeps a model that is not selected:" : "no model named",
                     o->sweeps[k].model);
            return spec_error(o->spec, o->sweeps[k].where, msg);
        }
        if (!selected)
            return cli_usage_error("ensemble", "--sweep %s.%s: model %s is not selected (see --model)",
                                   o->sweeps[k].model, o->sweeps[k].key, o->sweeps[k].model);
    }
    size_t total = 0;
    for (size_t m = 0; m < n_base; ++m) {
        size_t prod = 1;
        for (size_t k = 0; k < o->n_sweeps; ++k)
            if (parley_model_find(o->sweeps[k].model) == base[m].type) prod *= o->sweeps[k].n_values;
        total += prod;
    }
    if (total > 10000) return cli_usage_error("ensemble", "the sweeps make %zu configurations (at most 10000)", total);
    cf->params = calloc(total, sizeof *cf->params);
    cf->labels = calloc(total, sizeof *cf->labels);
    if (!cf->params || !cf->labels) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    for (size_t m = 0; m < n_base; ++m) {
        const parley_model_type *t = base[m].type;
        size_t idx[64] = {0}, mine[64], nm = 0;
        for (size_t k = 0; k < o->n_sweeps && nm < 64; ++k)
            if (parley_model_find(o->sweeps[k].model) == t) mine[nm++] = k;
        for (;;) {
            parley_params *p = &cf->params[cf->n];
            if (parley_params_init(p, t) != PARLEY_OK) {
                cli_error("out of memory");
                return CLI_EXIT_INTERNAL;
            }
            memcpy(p->data, base[m].data, t->params_size);
            char label[512];
            size_t len = (size_t)snprintf(label, sizeof label, "%s", t->name);
            cf->labels[cf->n] = NULL;
            ++cf->n;
            for (size_t j = 0; j < nm; ++j) {
                const sweep_item *sw = &o->sweeps[mine[j]];
                const char *val = sw->values[idx[j]];
                char spec[256];
                snprintf(spec, sizeof spec, "%s.%s=%s", sw->model, sw->key, val);
                int rc;
                if (sw->where[0]) { /* from the spec file: a data error at its JSON path */
                    parley_error err;
                    parley_error_clear(&err);
                    parley_status st = parley_params_set(p, sw->key, val, &err);
                    if (st == PARLEY_ENOMEM) {
                        cli_error("out of memory");
                        return CLI_EXIT_INTERNAL;
                    }
                    if (st != PARLEY_OK) {
                        char where[760], msg[600];
                        snprintf(where, sizeof where, "%s[%zu]", sw->where, idx[j]);
                        if (st == PARLEY_EUNSUPPORTED)
                            snprintf(msg, sizeof msg, "model %s has no parameter '%s'", sw->model, sw->key);
                        else
                            snprintf(msg, sizeof msg, "%s", err.message[0] ? err.message : parley_strstatus(st));
                        return spec_error(o->spec, st == PARLEY_EUNSUPPORTED ? sw->where : where, msg);
                    }
                    rc = 0;
                } else {
                    rc = cli_set_param("ensemble", p, 1, spec, "--sweep");
                }
                if (rc != 0) return rc;
                if (len < sizeof label)
                    len += (size_t)snprintf(label + len, sizeof label - len, " %s=%s", sw->key, val);
            }
            if (!(cf->labels[cf->n - 1] = strdup(label))) {
                cli_error("out of memory");
                return CLI_EXIT_INTERNAL;
            }
            size_t j = 0;
            while (j < nm && ++idx[j] == o->sweeps[mine[j]].n_values) idx[j++] = 0;
            if (j == nm) break;
        }
    }
    return 0;
}

/* Builds the perturbation from the noise items (later items win). */
static int make_perturbation(const ens_opts *o, const parley_scenario *s, parley_perturbation *p,
                             parley_noise **actor_noise) {
    /* no noise asked for: the default perturbation, unless --no-noise */
    if (o->n_noise == 0 && !o->no_noise) parley_perturbation_default(p);
    else parley_perturbation_init(p);
    p->drop = o->drop_rate;
    *actor_noise = NULL;
    for (size_t k = 0; k < o->n_noise; ++k) {
        const noise_item *it = &o->noise[k];
        if (it->all) {
            p->noise[it->field] = it->noise;
            if (*actor_noise) /* a later "all" item overrides earlier per-actor ones */
                for (size_t a = 0; a < s->n_actors; ++a)
                    (*actor_noise)[a * PARLEY_N_FIELDS + it->field].dist = PARLEY_NOISE_INHERIT;
            continue;
        }
        size_t a = parley_scenario_find_actor(s, it->actor);
        if (a == (size_t)-1 && it->where[0]) {
            char msg[300];
            snprintf(msg, sizeof msg, "no actor named '%s' in the scenario", it->actor);
            return spec_error(o->spec, it->where, msg);
        }
        if (a == (size_t)-1) return cli_usage_error("ensemble", "--noise: no actor named '%s'", it->actor);
        if (!*actor_noise) {
            *actor_noise = malloc(s->n_actors * PARLEY_N_FIELDS * sizeof **actor_noise);
            if (!*actor_noise) {
                cli_error("out of memory");
                return CLI_EXIT_INTERNAL;
            }
            for (size_t j = 0; j < s->n_actors * PARLEY_N_FIELDS; ++j)
                (*actor_noise)[j] = (parley_noise){PARLEY_NOISE_INHERIT, 0.0};
        }
        (*actor_noise)[a * PARLEY_N_FIELDS + it->field] = it->noise;
    }
    p->actor_noise = *actor_noise;
    return 0;
}

/* ------------------------------------------------------------ progress and rows */

typedef struct {
    struct timespec start, last;
    int active;
} progress;

static double seconds_since(const struct timespec *t) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + 1e-9 * (double)(now.tv_nsec - t->tv_nsec);
}

static int draw_progress(void *data, size_t done, size_t total) {
    progress *pr = data;
    if (done < total && seconds_since(&pr->last) < 0.1) return 0;
    clock_gettime(CLOCK_MONOTONIC, &pr->last);
    const double el = seconds_since(&pr->start), rate = el > 0 ? (double)done / el : 0.0;
    const double left = rate > 0 ? (double)(total - done) / rate : 0.0;
    char bar[31];
    size_t fill = total ? (size_t)(30.0 * (double)done / (double)total) : 30;
    for (size_t k = 0; k < 30; ++k) bar[k] = k < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu  %.0f/s  %.0fs left ", bar, done, total, rate, left);
    pr->active = 1;
    return 0;
}

typedef struct {
    parley_i_outfile out; /* the one safe writer that -o uses too */
    int open;
    const parley_scenario *s;
    const configs *cf;
    int failed;
    parley_error err;
} rows_writer;

static int write_row(void *data, uint64_t k, const double *fc, const unsigned char *dropped) {
    rows_writer *rw = data;
    parley_buf gone, line;
    parley_buf_init(&gone);
    parley_buf_init(&line);
    parley_status st = PARLEY_OK;
    for (size_t a = 0; st == PARLEY_OK && a < rw->s->n_actors; ++a)
        if (dropped[a]) st = parley_buf_printf(&gone, "%s%s", gone.len ? ";" : "", rw->s->actors[a].name);
    for (size_t i = 0; st == PARLEY_OK && i < rw->s->n_issues; ++i)
        for (size_t m = 0; st == PARLEY_OK && m < rw->cf->n; ++m) {
            const double x = fc[i * rw->cf->n + m];
            st = parley_buf_printf(&line, "%llu,", (unsigned long long)k);
            if (st == PARLEY_OK) st = cli_csv_field(&line, rw->s->issues[i].name);
            if (st == PARLEY_OK) st = parley_buf_printf(&line, ",");
            if (st == PARLEY_OK) st = cli_csv_field(&line, rw->cf->labels[m]);
            if (st == PARLEY_OK) st = parley_buf_printf(&line, ",");
            if (st == PARLEY_OK) st = parley_i_buf_number(&line, x, "");
            if (st == PARLEY_OK) st = parley_buf_printf(&line, ",");
            if (st == PARLEY_OK) st = cli_csv_field(&line, gone.data ? gone.data : "");
            if (st == PARLEY_OK) st = parley_buf_printf(&line, "\r\n");
        }
    if (st != PARLEY_OK) rw->failed = 1, parley_error_set(&rw->err, st, NULL, 0, 0, "out of memory");
    else if (parley_i_outfile_write(&rw->out, line.data, line.len, &rw->err) != PARLEY_OK) rw->failed = 1;
    parley_buf_destroy(&gone);
    parley_buf_destroy(&line);
    return rw->failed;
}

/* ------------------------------------------------------------ report */

static const char *const qnames[5] = {"5", "25", "50", "75", "95"};

static parley_status json_str(parley_buf *b, const char *s) {
    json_t *j = json_string(s ? s : "");
    char *t = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
    parley_status st = t ? parley_buf_printf(b, "%s", t) : PARLEY_ENOMEM;
    free(t);
    json_decref(j);
    return st;
}

static parley_status json_num(parley_buf *b, double x) {
    return parley_i_buf_number(b, x, "null");
}

static const char *dist_name(parley_noise_dist d) {
    return d == PARLEY_NOISE_NORMAL ? "normal" : d == PARLEY_NOISE_UNIFORM ? "uniform" : "none";
}

typedef struct {
    const ens_opts *o;
    const parley_scenario *s;
    const configs *cf;
    const parley_perturbation *p;
    const parley_ensemble_summary *sum;
    const double *base, *orig; /* n_issues x n configs; orig NULL without what-if */
} report_in;

static parley_status report_json(const report_in *r, parley_buf *b) {
    const ens_opts *o = r->o;
    parley_status st = parley_buf_printf(b, "{\n  \"parley_ensemble\": 1,\n  \"version\": \"%s\",\n  \"source\": ", PARLEY_VERSION);
    if (st == PARLEY_OK) st = json_str(b, cli_scenario_name(&o->c));
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, ",\n  \"seed\": %llu,\n  \"replicates\": %llu,\n  \"noise\": {", o->c.seed, o->replicates);
    char n1[PARLEY_I_NUMBUF], n2[PARLEY_I_NUMBUF];
    for (int f = 0; st == PARLEY_OK && f < PARLEY_N_FIELDS; ++f)
        st = parley_buf_printf(b, "%s\"%s\": {\"dist\": \"%s\", \"size\": %s}", f ? ", " : "", field_names[f],
                               dist_name(r->p->noise[f].dist), parley_i_format_double(r->p->noise[f].size, n1));
    if (st == PARLEY_OK) st = parley_buf_printf(b, "},\n  \"actor_noise\": [");
    int first = 1;
    for (size_t a = 0; st == PARLEY_OK && r->p->actor_noise && a < r->s->n_actors; ++a)
        for (int f = 0; st == PARLEY_OK && f < PARLEY_N_FIELDS; ++f) {
            const parley_noise *nz = &r->p->actor_noise[a * PARLEY_N_FIELDS + f];
            if (nz->dist == PARLEY_NOISE_INHERIT) continue;
            st = parley_buf_printf(b, "%s{\"actor\": ", first ? "" : ", ");
            first = 0;
            if (st == PARLEY_OK) st = json_str(b, r->s->actors[a].name);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ", \"field\": \"%s\", \"dist\": \"%s\", \"size\": %s}", field_names[f],
                                       dist_name(nz->dist), parley_i_format_double(nz->size, n1));
        }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "],\n  \"drop\": %s,\n  \"shock\": %s,\n  \"whatif\": [",
                               parley_i_format_double(o->drop_rate, n1), parley_i_format_double(o->shock, n2));
    for (size_t k = 0; st == PARLEY_OK && k < o->c.n_sets + o->c.n_drops; ++k) {
        char t[512];
        if (k < o->c.n_sets) snprintf(t, sizeof t, "--set %s", o->c.sets[k]);
        else snprintf(t, sizeof t, "--drop %s", o->c.drops[k - o->c.n_sets]);
        st = parley_buf_printf(b, "%s", k ? ", " : "");
        if (st == PARLEY_OK) st = json_str(b, t);
    }
    if (st == PARLEY_OK) st = parley_buf_printf(b, "],\n  \"models\": [");
    for (size_t m = 0; st == PARLEY_OK && m < r->cf->n; ++m) {
        parley_buf d;
        parley_buf_init(&d);
        st = parley_params_describe(&r->cf->params[m], &d);
        if (st == PARLEY_OK) st = parley_buf_printf(b, "%s\n    {\"label\": ", m ? "," : "");
        if (st == PARLEY_OK) st = json_str(b, r->cf->labels[m]);
        if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"model\": \"%s\", \"parameters\": ", r->cf->params[m].type->name);
        if (st == PARLEY_OK) st = json_str(b, d.data ? d.data : "");
        if (st == PARLEY_OK) st = parley_buf_printf(b, "}");
        parley_buf_destroy(&d);
    }
    if (st == PARLEY_OK) st = parley_buf_printf(b, "\n  ],\n  \"issues\": [");
    const parley_ensemble_summary *sum = r->sum;
    for (size_t i = 0; st == PARLEY_OK && i < r->s->n_issues; ++i) {
        const parley_issue *is = &r->s->issues[i];
        st = parley_buf_printf(b, "%s\n    {\"name\": ", i ? "," : "");
        if (st == PARLEY_OK) st = json_str(b, is->name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ", \"lo\": %s, \"hi\": %s, \"bands\": [", parley_i_format_double(is->lo, n1),
                                   parley_i_format_double(is->hi, n2));
        for (size_t l = 0; st == PARLEY_OK && l < sum->n_bands[i]; ++l) {
            /* bands follow the labels sorted by point */
            const double lo = sum->band_lo[i * sum->max_bands + l], hi = sum->band_hi[i * sum->max_bands + l];
            const char *label = "";
            double best = HUGE_VAL;
            for (size_t k = 0; k < is->n_labels; ++k)
                if (is->labels[k].point >= lo && is->labels[k].point <= hi && fabs(is->labels[k].point - 0.5 * (lo + hi)) < best) {
                    best = fabs(is->labels[k].point - 0.5 * (lo + hi));
                    label = is->labels[k].label;
                }
            st = parley_buf_printf(b, "%s{\"label\": ", l ? ", " : "");
            if (st == PARLEY_OK) st = json_str(b, label);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ", \"lo\": %s, \"hi\": %s}", parley_i_format_double(lo, n1),
                                       parley_i_format_double(hi, n2));
        }
        if (st == PARLEY_OK) st = parley_buf_printf(b, "],\n     \"results\": [");
        for (size_t m = 0; st == PARLEY_OK && m < r->cf->n; ++m) {
            parley_ensemble_stats x;
            parley_ensemble_stats_get(sum, i, m, &x);
            st = parley_buf_printf(b, "%s\n       {\"model\": ", m ? "," : "");
            if (st == PARLEY_OK) st = json_str(b, r->cf->labels[m]);
            if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"base\": ");
            if (st == PARLEY_OK) st = json_num(b, r->base[i * r->cf->n + m]);
            if (st == PARLEY_OK && r->orig) {
                st = parley_buf_printf(b, ", \"unchanged_base\": ");
                if (st == PARLEY_OK) st = json_num(b, r->orig[i * r->cf->n + m]);
                if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"mean_change\": ");
                if (st == PARLEY_OK) st = json_num(b, x.mean - r->orig[i * r->cf->n + m]);
            }
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ", \"n\": %llu, \"failed\": %llu, \"mean\": ", (unsigned long long)x.n,
                                       (unsigned long long)x.n_failed);
            if (st == PARLEY_OK) st = json_num(b, x.mean);
            if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"sd\": ");
            if (st == PARLEY_OK) st = json_num(b, x.sd);
            if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"min\": ");
            if (st == PARLEY_OK) st = json_num(b, x.min);
            if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"max\": ");
            if (st == PARLEY_OK) st = json_num(b, x.max);
            if (st == PARLEY_OK) st = parley_buf_printf(b, ",\n        \"quantiles\": {");
            for (int q = 0; st == PARLEY_OK && q < 5; ++q) {
                st = parley_buf_printf(b, "%s\"%s\": ", q ? ", " : "", qnames[q]);
                if (st == PARLEY_OK) st = json_num(b, x.q[q]);
            }
            if (st == PARLEY_OK) st = parley_buf_printf(b, "},\n        \"histogram\": [");
            for (size_t h = 0; st == PARLEY_OK && h < sum->bins; ++h)
                st = parley_buf_printf(b, "%s%llu", h ? ", " : "", (unsigned long long)x.hist[h]);
            if (st == PARLEY_OK) st = parley_buf_printf(b, "],\n        \"band_probability\": [");
            for (size_t l = 0; st == PARLEY_OK && l < x.n_bands; ++l) {
                st = parley_buf_printf(b, "%s", l ? ", " : "");
                if (st == PARLEY_OK) st = json_num(b, x.n ? (double)x.bands[l] / (double)x.n : NAN);
            }
            if (st == PARLEY_OK) st = parley_buf_printf(b, "]}");
        }
        if (st == PARLEY_OK) st = parley_buf_printf(b, "\n     ]}");
    }
    return st == PARLEY_OK ? parley_buf_printf(b, "\n  ]\n}\n") : st;
}

static parley_status report_csv(const report_in *r, parley_buf *b) {
    const parley_ensemble_summary *sum = r->sum;
    parley_status st = parley_buf_printf(b, "issue,model,base,n,failed,mean,sd,min,q05,q25,q50,q75,q95,max");
    for (size_t h = 0; st == PARLEY_OK && h < sum->bins; ++h) st = parley_buf_printf(b, ",bin%zu", h + 1);
    if (st == PARLEY_OK) st = parley_buf_printf(b, "\r\n");
    for (size_t i = 0; st == PARLEY_OK && i < r->s->n_issues; ++i)
        for (size_t m = 0; st == PARLEY_OK && m < r->cf->n; ++m) {
            parley_ensemble_stats x;
            parley_ensemble_stats_get(sum, i, m, &x);
            const double v[10] = {x.mean, x.sd, x.min, x.q[0], x.q[1], x.q[2], x.q[3], x.q[4], x.max, 0};
            const double bs = r->base[i * r->cf->n + m];
            st = cli_csv_field(b, r->s->issues[i].name);
            if (st == PARLEY_OK) st = parley_buf_printf(b, ",");
            if (st == PARLEY_OK) st = cli_csv_field(b, r->cf->labels[m]);
            if (st == PARLEY_OK) st = parley_buf_printf(b, ",");
            if (st == PARLEY_OK) st = parley_i_buf_number(b, bs, "");
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ",%llu,%llu", (unsigned long long)x.n, (unsigned long long)x.n_failed);
            for (int k = 0; st == PARLEY_OK && k < 9; ++k)
                st = parley_buf_printf(b, ",") == PARLEY_OK ? parley_i_buf_number(b, v[k], "") : PARLEY_ENOMEM;
            for (size_t h = 0; st == PARLEY_OK && h < sum->bins; ++h)
                st = parley_buf_printf(b, ",%llu", (unsigned long long)x.hist[h]);
            if (st == PARLEY_OK) st = parley_buf_printf(b, "\r\n");
        }
    return st;
}

static char *fmt(char *buf, size_t n, double x) {
    if (isfinite(x)) snprintf(buf, n, "%.2f", x == 0.0 ? 0.0 : x);
    else snprintf(buf, n, "n/a");
    return buf;
}

static parley_status report_table(const report_in *r, parley_buf *b) {
    const ens_opts *o = r->o;
    const parley_ensemble_summary *sum = r->sum;
    parley_status st = parley_buf_printf(b, "parley %s ensemble\n\nFile:        %s\nReplicates:  %llu (seed %llu)\nNoise:      ",
                                         PARLEY_VERSION, cli_scenario_name(&o->c), o->replicates, o->c.seed);
    for (int f = 0; st == PARLEY_OK && f < PARLEY_N_FIELDS; ++f) {
        const parley_noise *nz = &r->p->noise[f];
        if (nz->dist == PARLEY_NOISE_NONE) st = parley_buf_printf(b, " %s none%s", field_names[f], f < 2 ? ";" : "");
        else st = parley_buf_printf(b, " %s %s %g%s", field_names[f], dist_name(nz->dist), nz->size, f < 2 ? ";" : "");
    }
    for (size_t a = 0; st == PARLEY_OK && r->p->actor_noise && a < r->s->n_actors; ++a)
        for (int f = 0; st == PARLEY_OK && f < PARLEY_N_FIELDS; ++f) {
            const parley_noise *nz = &r->p->actor_noise[a * PARLEY_N_FIELDS + f];
            if (nz->dist != PARLEY_NOISE_INHERIT)
                st = parley_buf_printf(b, "\n             %s: %s %s %g", r->s->actors[a].name, field_names[f],
                                       dist_name(nz->dist), nz->size);
        }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\nDrop rate:   %g\nShocks:      %g\n", o->drop_rate, o->shock);
    if (st == PARLEY_OK && o->c.n_sets + o->c.n_drops > 0) {
        st = parley_buf_printf(b, "What-if:    ");
        for (size_t k = 0; st == PARLEY_OK && k < o->c.n_sets; ++k) st = parley_buf_printf(b, " --set %s", o->c.sets[k]);
        for (size_t k = 0; st == PARLEY_OK && k < o->c.n_drops; ++k) st = parley_buf_printf(b, " --drop %s", o->c.drops[k]);
        if (st == PARLEY_OK) st = parley_buf_printf(b, "\n");
    }
    if (st == PARLEY_OK) st = parley_buf_printf(b, "Models:\n");
    for (size_t m = 0; st == PARLEY_OK && m < r->cf->n; ++m) {
        parley_buf d;
        parley_buf_init(&d);
        st = parley_params_describe(&r->cf->params[m], &d);
        if (st == PARLEY_OK) st = parley_buf_printf(b, "  %-10s %s\n", r->cf->labels[m], d.data ? d.data : "");
        parley_buf_destroy(&d);
    }
    size_t w = 8;
    for (size_t m = 0; m < r->cf->n; ++m)
        if (strlen(r->cf->labels[m]) > w) w = strlen(r->cf->labels[m]);
    char c[12][32];
    for (size_t i = 0; st == PARLEY_OK && i < r->s->n_issues; ++i) {
        const parley_issue *is = &r->s->issues[i];
        st = parley_buf_printf(b, "\nIssue %zu of %zu: %s  [%g, %g]\n  %-*s %7s %7s %7s %7s %7s %7s %7s %7s %6s%s\n", i + 1,
                               r->s->n_issues, is->name, is->lo, is->hi, (int)w, "model", "base", "mean", "sd",
                               "5%", "25%", "50%", "75%", "95%", "failed", r->orig ? "  vs base" : "");
        for (size_t m = 0; st == PARLEY_OK && m < r->cf->n; ++m) {
            parley_ensemble_stats x;
            parley_ensemble_stats_get(sum, i, m, &x);
            st = parley_buf_printf(b, "  %-*s %7s %7s %7s %7s %7s %7s %7s %7s %6llu", (int)w, r->cf->labels[m],
                                   fmt(c[0], 32, r->base[i * r->cf->n + m]), fmt(c[1], 32, x.mean), fmt(c[2], 32, x.sd),
                                   fmt(c[3], 32, x.q[0]), fmt(c[4], 32, x.q[1]), fmt(c[5], 32, x.q[2]),
                                   fmt(c[6], 32, x.q[3]), fmt(c[7], 32, x.q[4]), (unsigned long long)x.n_failed);
            if (st == PARLEY_OK && r->orig) {
                const double d = x.mean - r->orig[i * r->cf->n + m];
                if (isfinite(d)) snprintf(c[8], 32, "%+.2f", d == 0.0 ? 0.0 : d);
                else snprintf(c[8], 32, "n/a");
                st = parley_buf_printf(b, " %8s", c[8]);
            }
            if (st == PARLEY_OK) st = parley_buf_printf(b, "\n");
        }
        /* histogram: percent of the replicates per bin */
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "  Histogram, %% of replicates in %zu bins of width %g from %g:\n", sum->bins,
                                   (is->hi - is->lo) / (double)sum->bins, is->lo);
        for (size_t m = 0; st == PARLEY_OK && m < r->cf->n; ++m) {
            parley_ensemble_stats x;
            parley_ensemble_stats_get(sum, i, m, &x);
            st = parley_buf_printf(b, "  %-*s", (int)w, r->cf->labels[m]);
            for (size_t h = 0; st == PARLEY_OK && h < sum->bins; ++h)
                st = parley_buf_printf(b, " %5.1f", x.n ? 100.0 * (double)x.hist[h] / (double)x.n : 0.0);
            if (st == PARLEY_OK) st = parley_buf_printf(b, "\n");
        }
        if (st == PARLEY_OK && sum->n_bands[i] > 0) {
            st = parley_buf_printf(b, "  Probability of each labelled band (%% of replicates):\n  %-15s", "band");
            for (size_t m = 0; st == PARLEY_OK && m < r->cf->n; ++m) st = parley_buf_printf(b, " %*s", (int)w, r->cf->labels[m]);
            if (st == PARLEY_OK) st = parley_buf_printf(b, "  label\n");
            for (size_t l = 0; st == PARLEY_OK && l < sum->n_bands[i]; ++l) {
                const double lo = sum->band_lo[i * sum->max_bands + l], hi = sum->band_hi[i * sum->max_bands + l];
                char range[32];
                snprintf(range, sizeof range, "%g-%g", lo, hi);
                st = parley_buf_printf(b, "  %-15s", range);
                const char *label = "";
                for (size_t k = 0; k < is->n_labels; ++k)
                    if (is->labels[k].point >= lo && (is->labels[k].point < hi || (l + 1 == sum->n_bands[i])))
                        { label = is->labels[k].label; break; }
                for (size_t m = 0; st == PARLEY_OK && m < r->cf->n; ++m) {
                    parley_ensemble_stats x;
                    parley_ensemble_stats_get(sum, i, m, &x);
                    char pc[32];
                    snprintf(pc, sizeof pc, "%.1f", x.n ? 100.0 * (double)x.bands[l] / (double)x.n : 0.0);
                    st = parley_buf_printf(b, " %*s", (int)w, pc);
                }
                if (st == PARLEY_OK) st = parley_buf_printf(b, "  %.60s%s\n", label, strlen(label) > 60 ? "..." : "");
            }
        }
    }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\nQuantiles are within %g%% of the scale width of the exact sample quantiles\n"
                                  "(docs/analysis.md).\n", 100.0 / PARLEY_ENSEMBLE_FINE_BINS);
    return st;
}

/* ------------------------------------------------------------ running */

/* Forecasts of every configuration on every issue of s (NaN when it fails). */
static int base_forecasts(const parley_scenario *s, const configs *cf, unsigned long long seed, double *out) {
    parley_forecast f;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_forecast_init_seeded(&f, s, cf->params, cf->n, 0, seed, 0, &err);
    if (st != PARLEY_OK) {
        cli_print_error(&err, NULL);
        return cli_exit_code(st);
    }
    for (size_t i = 0; i < s->n_issues; ++i)
        for (size_t m = 0; m < cf->n; ++m) {
            const parley_run *r = parley_forecast_run(&f, i, m);
            out[i * cf->n + m] = r->status == PARLEY_OK ? r->outcome.forecast : NAN;
        }
    parley_forecast_destroy(&f);
    return 0;
}

typedef struct {
    int rank, size, active;
} mpi_info;

static void mpi_start(mpi_info *mi) {
    mi->rank = 0;
    mi->size = 1;
    mi->active = 0;
#ifdef PARLEY_HAVE_MPI
    /* only under mpirun: a plain run stays a plain process */
    if (getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK")) {
        int init = 0;
        MPI_Initialized(&init);
        if (!init) MPI_Init(NULL, NULL);
        MPI_Comm_rank(MPI_COMM_WORLD, &mi->rank);
        MPI_Comm_size(MPI_COMM_WORLD, &mi->size);
        mi->active = 1;
    }
#endif
}

static void mpi_stop(const mpi_info *mi) {
#ifdef PARLEY_HAVE_MPI
    if (mi->active) MPI_Finalize();
#else
    (void)mi;
#endif
}

/* Sums the ranks' summaries into rank 0's (exact integer reductions). */
static int mpi_reduce(const mpi_info *mi, parley_ensemble_summary *sum, int local_rc) {
#ifdef PARLEY_HAVE_MPI
    if (!mi->active || mi->size == 1) return local_rc;
    int rc = local_rc, worst = 0;
    MPI_Allreduce(&rc, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst != 0) return rc != 0 ? rc : worst;
    void *sbuf = mi->rank == 0 ? MPI_IN_PLACE : sum->sums;
    MPI_Reduce(sbuf, sum->sums, (int)sum->sums_len, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    sbuf = mi->rank == 0 ? MPI_IN_PLACE : sum->mins;
    MPI_Reduce(sbuf, sum->mins, (int)sum->ext_len, MPI_UINT64_T, MPI_MIN, 0, MPI_COMM_WORLD);
    sbuf = mi->rank == 0 ? MPI_IN_PLACE : sum->maxs;
    MPI_Reduce(sbuf, sum->maxs, (int)sum->ext_len, MPI_UINT64_T, MPI_MAX, 0, MPI_COMM_WORLD);
    return 0;
#else
    (void)mi;
    (void)sum;
    return local_rc;
#endif
}

static int run(ens_opts *o, parley_params *base_params, const mpi_info *mi) {
    parley_scenario orig, s;
    memset(&orig, 0, sizeof orig);
    memset(&s, 0, sizeof s);
    configs cf;
    memset(&cf, 0, sizeof cf);
    parley_noise *actor_noise = NULL;
    double *base = NULL, *unchanged = NULL;
    parley_ensemble_summary sum;
    memset(&sum, 0, sizeof sum);
    rows_writer rw;
    memset(&rw, 0, sizeof rw);
    const int whatif = o->c.n_sets + o->c.n_drops > 0;
    int rc = cli_load_scenario(&o->c, &orig);
    if (rc == 0) rc = whatif ? cli_apply_whatif(&o->c, &orig, &s) : (parley_scenario_copy(&s, &orig) == PARLEY_OK ? 0 : CLI_EXIT_INTERNAL);
    if (rc == 0) rc = make_configs(o, base_params, o->c.n_types, &cf);
    if (rc == 0) rc = cli_check_memory(&o->c, &s, cf.params, cf.n, 1);
    if (rc == 0 && o->have_shock) {
        char v[32];
        parley_i_format_double(o->shock, v);
        rc = cli_set_everywhere(&o->c, cf.params, cf.n, "--shock", "shock", v);
    }
    parley_perturbation pert;
    if (rc == 0) rc = make_perturbation(o, &s, &pert, &actor_noise);
    if (rc == 0 && mi->rank == 0 && o->replicates > 1 && parley_perturbation_is_null(&pert, s.n_actors) &&
        !(o->have_shock && o->shock > 0.0))
        cli_error("ensemble: warning: nothing is perturbed (%s, no --drop-rate or --shock): all %llu "
                  "replicates are the same run",
                  o->no_noise ? "--no-noise" : "every noise is none or 0", o->replicates);
    if (rc == 0 && mi->size > 1 && o->rows)
        rc = cli_usage_error("ensemble", "--rows needs a single process (it writes replicates in order)");
    if (rc == 0) {
        base = malloc(s.n_issues * cf.n * sizeof *base);
        unchanged = whatif ? malloc(s.n_issues * cf.n * sizeof *unchanged) : NULL;
        if (!base || (whatif && !unchanged) || parley_ensemble_summary_init(&sum, &s, cf.n, (size_t)o->bins) != PARLEY_OK) {
            cli_error("out of memory");
            rc = CLI_EXIT_INTERNAL;
        }
    }
    if (rc == 0) rc = base_forecasts(&s, &cf, o->c.seed, base);
    if (rc == 0 && whatif) rc = base_forecasts(&orig, &cf, o->c.seed, unchanged);
    if (rc == 0 && o->rows) {
        rw.s = &s;
        rw.cf = &cf;
        parley_error_clear(&rw.err);
        parley_status st = parley_i_outfile_open(&rw.out, o->rows, &rw.err);
        if (st != PARLEY_OK) {
            cli_print_error(&rw.err, o->rows);
            rc = cli_exit_code(st);
        } else {
            rw.open = 1;
            /* an interrupt removes the partial file */
            const char *tmp = parley_i_outfile_temp(&rw.out);
            if (tmp) cli_temp_register(tmp);
            static const char header[] = "replicate,issue,model,forecast,dropped\r\n";
            if (parley_i_outfile_write(&rw.out, header, sizeof header - 1, &rw.err) != PARLEY_OK) rw.failed = 1;
        }
    }
    progress pr;
    memset(&pr, 0, sizeof pr);
    if (rc == 0) {
        parley_ensemble_options eo;
        parley_ensemble_options_init(&eo);
        eo.seed = o->c.seed;
        eo.first = o->replicates * (uint64_t)mi->rank / (uint64_t)mi->size;
        eo.count = o->replicates * (uint64_t)(mi->rank + 1) / (uint64_t)mi->size - eo.first;
        eo.total = eo.count;
        eo.threads = (int)o->threads;
        eo.max_memory = o->c.max_memory > SIZE_MAX ? SIZE_MAX : (size_t)o->c.max_memory;
        if (!o->quiet && mi->rank == 0 && isatty(2)) {
            clock_gettime(CLOCK_MONOTONIC, &pr.start);
            pr.last = pr.start;
            pr.last.tv_sec -= 1;
            eo.progress = draw_progress;
            eo.progress_data = &pr;
        }
        if (rw.open && !rw.failed) {
            eo.on_replicate = write_row;
            eo.replicate_data = &rw;
        }
        parley_error err;
        parley_error_clear(&err);
        parley_status st = parley_ensemble_run(&s, cf.params, cf.n, &pert, &eo, &sum, &err);
        if (pr.active) fputs("\r\033[K", stderr);
        if (st != PARLEY_OK) {
            if (rw.failed) {
                cli_print_error(&rw.err, o->rows);
                rc = cli_exit_code(rw.err.status);
            } else {
                cli_print_error(&err, NULL);
                rc = cli_exit_code(st);
            }
        }
    }
    rc = mpi_reduce(mi, &sum, rc);
    if (rw.open) {
        if (rc == 0 && rw.failed) {
            cli_print_error(&rw.err, o->rows);
            rc = cli_exit_code(rw.err.status);
        }
        if (rc == 0 && parley_i_outfile_commit(&rw.out, &rw.err) != PARLEY_OK) {
            cli_print_error(&rw.err, o->rows);
            rc = CLI_EXIT_IO;
        } else if (rc != 0) {
            parley_i_outfile_abort(&rw.out);
        }
        cli_temp_unregister();
    }
    if (rc == 0 && mi->rank == 0) {
        report_in r = {o, &s, &cf, &pert, &sum, base, unchanged};
        parley_buf b;
        parley_buf_init(&b);
        parley_status st = o->format == PARLEY_REPORT_JSON  ? report_json(&r, &b)
                           : o->format == PARLEY_REPORT_CSV ? report_csv(&r, &b)
                                                            : report_table(&r, &b);
        rc = cli_finish_report(st, o->output, &b);
    }
    free(base);
    free(unchanged);
    free(actor_noise);
    parley_ensemble_summary_destroy(&sum);
    configs_free(&cf);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&orig);
    return rc;
}

/* Runs the ensemble between MPI start and stop (no-ops without MPI). */
static int run_models(void *o, parley_params *params) {
    mpi_info mi = {0, 1, 0};
    mpi_start(&mi);
    int rc = run(o, params, &mi);
    mpi_stop(&mi);
    return rc;
}

int cli_ensemble(int argc, char **argv) {
    ens_opts o;
    memset(&o, 0, sizeof o);
    o.replicates = 1000;
    o.bins = 10;
    o.format = PARLEY_REPORT_TABLE;
    int rc = cli_common_init(&o.c, "ensemble", argc);
    if (rc != 0) return rc;
    if ((rc = parse_options(&o, argc, argv)) != 0) {
        if (rc < 0) rc = CLI_EXIT_OK; /* --help */
    } else {
        rc = cli_run_models(&o.c, run_models, &o);
    }
    opts_free(&o);
    cli_common_destroy(&o.c);
    return rc;
}
