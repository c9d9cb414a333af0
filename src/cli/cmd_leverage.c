/* parley leverage [SCENARIO] -- who moves each forecast most, and by which
 * input; with --actor, the position that actor should state.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../core/internal.h"

static const char leverage_help[] =
    "Usage: parley leverage [OPTION]... [SCENARIO]\n"
    "For every actor, issue and model: how far the issue's forecast moves when the\n"
    "actor's position, salience or capability changes, and when the actor leaves\n"
    "the talks; ranked so that the first line answers \"whom should we persuade,\n"
    "and of what\".  Without SCENARIO: the embedded Six-Party Talks 2019 case.\n"
    "\n"
    "Options:\n"
    "  -m, --model LIST, --preset NAME, --rounds N, --param MODEL.KEY=VALUE,\n"
    "      --seed N, --salience-scale 1|100, --bounds LO,HI, --max-memory SIZE\n"
    "                           as for 'parley forecast'\n"
    "      --set ACTOR.ISSUE.FIELD=VALUE, --drop ACTOR\n"
    "                           what-if: change the scenario first (repeatable); the\n"
    "                           base forecasts are then shown against the unchanged\n"
    "      --effect F           size of the reference change, as a fraction of the\n"
    "                           input's range (default 0.1: a tenth of the scale, 0.1\n"
    "                           of salience, a tenth of the issue's top capability)\n"
    "      --step F             half-width of the finite difference, same units\n"
    "                           (default 0.05)\n"
    "      --top N              print the N largest effects (default 20; 0 = all)\n"
    "      --actor NAME         also search the position NAME should state on each\n"
    "                           issue to bring the forecast closest to its own\n"
    "      --issue NAME         restrict --actor to one issue\n"
    "      --grid N             grid points of that search (default 201, >= 3)\n"
    "  -f, --format FORMAT      table (default), json or csv\n"
    "  -o, --output FILE        write the report to FILE (atomically)\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "Exit status: 0 success, 1 data error, 2 usage error, 3 I/O error,\n"
    "4 internal error.\n"
    "\n"
    "Examples:\n"
    "  parley leverage -m eu\n"
    "  parley leverage -m eu --actor Russia\n"
    "  parley leverage --drop Japan --top 5\n";

enum { OPT_EFFECT = CLI_OPT_COMMAND, OPT_STEP, OPT_TOP, OPT_ACTOR, OPT_ISSUE, OPT_GRID };

static const struct option leverage_options[] = {
    CLI_COMMON_LONG_OPTIONS,
    {"effect", required_argument, NULL, OPT_EFFECT},
    {"step", required_argument, NULL, OPT_STEP},
    {"top", required_argument, NULL, OPT_TOP},
    {"actor", required_argument, NULL, OPT_ACTOR},
    {"issue", required_argument, NULL, OPT_ISSUE},
    {"grid", required_argument, NULL, OPT_GRID},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct {
    cli_common c;
    double effect, step;
    unsigned long long top, grid;
    const char *actor, *issue;
    parley_report_format format;
    const char *output;
} lev_opts;

static int parse_fraction(const char *text, double lo, double hi, double *out) {
    double v = 0.0;
    if (cli_parse_real(text, &v) != 0 || !(v > lo && v <= hi)) return -1;
    *out = v;
    return 0;
}

static int parse_options(lev_opts *o, int argc, char **argv) {
    optind = 1;
    opterr = 0;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":m:f:o:h", leverage_options, NULL)) != -1) {
        if ((rc = cli_common_option(&o->c, c, optarg)) >= 0) {
            if (rc != 0) return rc;
            continue;
        }
        switch (c) {
        case 'h': fputs(leverage_help, stdout); return -1;
        case OPT_EFFECT:
            if (parse_fraction(optarg, 0.0, 1.0, &o->effect) != 0)
                return cli_usage_error("leverage", "--effect must be a number in (0, 1], not '%s'", optarg);
            break;
        case OPT_STEP:
            if (parse_fraction(optarg, 0.0, 0.5, &o->step) != 0)
                return cli_usage_error("leverage", "--step must be a number in (0, 0.5], not '%s'", optarg);
            break;
        case OPT_TOP:
            if (cli_parse_unsigned(optarg, 1000000000ULL, &o->top) != 0)
                return cli_usage_error("leverage", "--top must be a whole number, not '%s'", optarg);
            break;
        case OPT_GRID:
            if (cli_parse_unsigned(optarg, 1000000ULL, &o->grid) != 0 || o->grid < 3)
                return cli_usage_error("leverage", "--grid must be a whole number from 3 to 1000000, not '%s'", optarg);
            break;
        case OPT_ACTOR: o->actor = optarg; break;
        case OPT_ISSUE: o->issue = optarg; break;
        case 'f':
            if (strcmp(optarg, "table") == 0) o->format = PARLEY_REPORT_TABLE;
            else if (strcmp(optarg, "json") == 0) o->format = PARLEY_REPORT_JSON;
            else if (strcmp(optarg, "csv") == 0) o->format = PARLEY_REPORT_CSV;
            else return cli_usage_error("leverage", "unknown format '%s' (formats: table, json, csv)", optarg);
            break;
        case 'o': o->output = optarg; break;
        default: return cli_option_error("leverage", c, argv);
        }
    }
    if ((rc = cli_common_finish(&o->c, argc, argv)) != 0) return rc;
    if (o->issue && !o->actor) return cli_usage_error("leverage", "--issue needs --actor");
    if (o->output && o->output[0] == '\0') return cli_usage_error("leverage", "empty --output file name");
    return cli_check_outputs("leverage", o->c.scenario, &o->output, 1, 0);
}

static const char *input_name(const parley_leverage_row *r) {
    static const char *const names[] = {"position", "salience", "capability"};
    return r->drop ? "leaves" : names[r->field];
}

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

static char *fmt_signed(char *buf, size_t n, double x) {
    if (x == 0.0) snprintf(buf, n, "0"); /* exactly zero (noise is snapped in the library) */
    else if (isfinite(x)) snprintf(buf, n, "%+.2f", x);
    else snprintf(buf, n, "n/a");
    return buf;
}

typedef struct {
    const lev_opts *o;
    const parley_scenario *s;
    const parley_params *params;
    const parley_leverage *lev;
    const double *unchanged; /* base forecasts of the unchanged scenario, or NULL */
    const parley_best_position_result *best; /* n_best */
    const size_t *best_issue, *best_model;
    size_t n_best, best_actor;
} lev_report;

static parley_status report_table(const lev_report *r, parley_buf *b) {
    const lev_opts *o = r->o;
    const parley_leverage *lev = r->lev;
    parley_status st = parley_buf_printf(
        b,
        "parley %s leverage\n\nFile:      %s\n"
        "Effect:    the move of the issue's forecast (issue-scale points) when the\n"
        "           actor's input changes by %g of its range (position: of the scale\n"
        "           width; salience: on 0-1; capability: of the issue's largest), or\n"
        "           when the actor leaves; ranked by the move relative to the scale.\n",
        PARLEY_VERSION, cli_scenario_name(&o->c), o->effect);
    if (st == PARLEY_OK && o->c.n_sets + o->c.n_drops > 0) {
        st = parley_buf_printf(b, "What-if:  ");
        for (size_t k = 0; st == PARLEY_OK && k < o->c.n_sets; ++k) st = parley_buf_printf(b, " --set %s", o->c.sets[k]);
        for (size_t k = 0; st == PARLEY_OK && k < o->c.n_drops; ++k) st = parley_buf_printf(b, " --drop %s", o->c.drops[k]);
        if (st == PARLEY_OK) st = parley_buf_printf(b, "\n");
    }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\nBase forecasts%s:\n  %-22s", r->unchanged ? " (what-if, change against the unchanged scenario)" : "", "issue");
    for (size_t m = 0; st == PARLEY_OK && m < lev->n_models; ++m)
        st = parley_buf_printf(b, " %*s", r->unchanged ? 16 : 8, r->params[m].type->name);
    if (st == PARLEY_OK) st = parley_buf_printf(b, "\n");
    for (size_t i = 0; st == PARLEY_OK && i < lev->n_issues; ++i) {
        st = parley_buf_printf(b, "  %-22s", r->s->issues[i].name);
        for (size_t m = 0; st == PARLEY_OK && m < lev->n_models; ++m) {
            char v[32], d[32];
            const double x = lev->base[i * lev->n_models + m];
            if (isfinite(x)) snprintf(v, sizeof v, "%.2f", x);
            else snprintf(v, sizeof v, "n/a");
            if (r->unchanged) {
                char cell[128];
                snprintf(cell, sizeof cell, "%s (%s)", v, fmt_signed(d, sizeof d, x - r->unchanged[i * lev->n_models + m]));
                st = parley_buf_printf(b, " %16s", cell);
            } else {
                st = parley_buf_printf(b, " %8s", v);
            }
        }
        if (st == PARLEY_OK) st = parley_buf_printf(b, "\n");
    }
    const size_t n = o->top && o->top < lev->n_rows ? (size_t)o->top : lev->n_rows;
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\n%4s  %-12s %-22s %-10s %-8s %8s %12s\n", "rank", "actor", "issue", "input",
                               "model", "effect", "per unit");
    for (size_t k = 0; st == PARLEY_OK && k < n; ++k) {
        const parley_leverage_row *row = &lev->rows[k];
        char e[32], d[32];
        fmt_signed(e, sizeof e, row->effect);
        if (row->drop) snprintf(d, sizeof d, "%s", "");
        else if (isfinite(row->derivative)) snprintf(d, sizeof d, "%.4g", row->derivative);
        else snprintf(d, sizeof d, "n/a");
        st = parley_buf_printf(b, "%4zu  %-12s %-22s %-10s %-8s %8s %12s\n", k + 1, r->s->actors[row->actor].name,
                               r->s->issues[row->issue].name, input_name(row), r->params[row->model].type->name, e, d);
    }
    if (st == PARLEY_OK && n < lev->n_rows)
        st = parley_buf_printf(b, "(%zu more lines; --top 0 shows all)\n", lev->n_rows - n);
    if (st == PARLEY_OK && r->n_best > 0) {
        st = parley_buf_printf(b, "\nBest stated position for %s (closest forecast to its own position):\n"
                                  "  %-22s %-8s %7s %9s %7s %9s %9s  %s\n",
                               r->s->actors[r->best_actor].name, "issue", "model", "ideal", "forecast", "state",
                               "forecast", "distance", "same result for");
        for (size_t k = 0; st == PARLEY_OK && k < r->n_best; ++k) {
            const parley_best_position_result *p = &r->best[k];
            char range[64];
            if (p->lo < p->hi) snprintf(range, sizeof range, "%.2f..%.2f", p->lo, p->hi);
            else snprintf(range, sizeof range, "%.2f", p->stated);
            st = parley_buf_printf(b, "  %-22s %-8s %7.2f %9.2f %7.2f %9.2f %9.2f  %s\n",
                                   r->s->issues[r->best_issue[k]].name, r->params[r->best_model[k]].type->name,
                                   p->ideal, p->base_forecast, p->stated, p->forecast, fabs(p->forecast - p->ideal),
                                   range);
        }
    }
    return st;
}

static parley_status report_csv(const lev_report *r, parley_buf *b) {
    const parley_leverage *lev = r->lev;
    parley_status st = parley_buf_printf(b, "rank,actor,issue,input,model,effect,derivative\r\n");
    const size_t n = r->o->top && r->o->top < lev->n_rows ? (size_t)r->o->top : lev->n_rows;
    for (size_t k = 0; st == PARLEY_OK && k < n; ++k) {
        const parley_leverage_row *row = &lev->rows[k];
        st = parley_buf_printf(b, "%zu,", k + 1);
        if (st == PARLEY_OK) st = cli_csv_field(b, r->s->actors[row->actor].name);
        if (st == PARLEY_OK) st = parley_buf_printf(b, ",");
        if (st == PARLEY_OK) st = cli_csv_field(b, r->s->issues[row->issue].name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ",%s,%s,", input_name(row), r->params[row->model].type->name);
        if (st == PARLEY_OK) st = parley_i_buf_number(b, row->effect, "");
        if (st == PARLEY_OK) st = parley_buf_printf(b, ",");
        if (st == PARLEY_OK && !row->drop) st = parley_i_buf_number(b, row->derivative, "");
        if (st == PARLEY_OK) st = parley_buf_printf(b, "\r\n");
    }
    return st;
}

static parley_status report_json(const lev_report *r, parley_buf *b) {
    const parley_leverage *lev = r->lev;
    parley_status st = parley_buf_printf(b, "{\n  \"parley_leverage\": 1,\n  \"version\": \"%s\",\n  \"source\": ", PARLEY_VERSION);
    if (st == PARLEY_OK) st = json_str(b, cli_scenario_name(&r->o->c));
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, ",\n  \"seed\": %llu,\n  \"effect\": %s,\n  \"step\": %s,\n  \"base\": [",
                               r->o->c.seed, parley_i_format_double(r->o->effect, (char[PARLEY_I_NUMBUF]){0}),
                               parley_i_format_double(r->o->step, (char[PARLEY_I_NUMBUF]){0}));
    int first = 1;
    for (size_t i = 0; st == PARLEY_OK && i < lev->n_issues; ++i)
        for (size_t m = 0; st == PARLEY_OK && m < lev->n_models; ++m) {
            st = parley_buf_printf(b, "%s\n    {\"issue\": ", first ? "" : ",");
            first = 0;
            if (st == PARLEY_OK) st = json_str(b, r->s->issues[i].name);
            if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"model\": \"%s\", \"forecast\": ", r->params[m].type->name);
            if (st == PARLEY_OK) st = json_num(b, lev->base[i * lev->n_models + m]);
            if (st == PARLEY_OK && r->unchanged) {
                st = parley_buf_printf(b, ", \"unchanged\": ");
                if (st == PARLEY_OK) st = json_num(b, r->unchanged[i * lev->n_models + m]);
            }
            if (st == PARLEY_OK) st = parley_buf_printf(b, "}");
        }
    if (st == PARLEY_OK) st = parley_buf_printf(b, "\n  ],\n  \"rows\": [");
    const size_t n = r->o->top && r->o->top < lev->n_rows ? (size_t)r->o->top : lev->n_rows;
    for (size_t k = 0; st == PARLEY_OK && k < n; ++k) {
        const parley_leverage_row *row = &lev->rows[k];
        st = parley_buf_printf(b, "%s\n    {\"rank\": %zu, \"actor\": ", k ? "," : "", k + 1);
        if (st == PARLEY_OK) st = json_str(b, r->s->actors[row->actor].name);
        if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"issue\": ");
        if (st == PARLEY_OK) st = json_str(b, r->s->issues[row->issue].name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ", \"input\": \"%s\", \"model\": \"%s\", \"effect\": ", input_name(row),
                                   r->params[row->model].type->name);
        if (st == PARLEY_OK) st = json_num(b, row->effect);
        if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"derivative\": ");
        if (st == PARLEY_OK) st = json_num(b, row->drop ? NAN : row->derivative);
        if (st == PARLEY_OK) st = parley_buf_printf(b, "}");
    }
    if (st == PARLEY_OK) st = parley_buf_printf(b, "\n  ],\n  \"best_positions\": [");
    for (size_t k = 0; st == PARLEY_OK && k < r->n_best; ++k) {
        const parley_best_position_result *p = &r->best[k];
        st = parley_buf_printf(b, "%s\n    {\"actor\": ", k ? "," : "");
        if (st == PARLEY_OK) st = json_str(b, r->s->actors[r->best_actor].name);
        if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"issue\": ");
        if (st == PARLEY_OK) st = json_str(b, r->s->issues[r->best_issue[k]].name);
        /* key and value pairs; "plateau" is the array [lo, hi] */
        const char *const key[6] = {", \"ideal\": ", ", \"base_forecast\": ", ", \"stated\": ",
                                    ", \"forecast\": ", ", \"plateau\": [", ", "};
        const double value[6] = {p->ideal, p->base_forecast, p->stated, p->forecast, p->lo, p->hi};
        if (st == PARLEY_OK) st = parley_buf_printf(b, ", \"model\": \"%s\"", r->params[r->best_model[k]].type->name);
        for (int j = 0; st == PARLEY_OK && j < 6; ++j) {
            st = parley_buf_printf(b, "%s", key[j]);
            if (st == PARLEY_OK) st = json_num(b, value[j]);
        }
        if (st == PARLEY_OK) st = parley_buf_printf(b, "], \"evaluations\": %zu}", p->evaluations);
    }
    return st == PARLEY_OK ? parley_buf_printf(b, "\n  ]\n}\n") : st;
}

static int run(const lev_opts *o, const parley_params *params) {
    parley_scenario orig, s;
    memset(&orig, 0, sizeof orig);
    memset(&s, 0, sizeof s);
    const int whatif = o->c.n_sets + o->c.n_drops > 0;
    int rc = cli_load_scenario(&o->c, &orig);
    if (rc == 0)
        rc = whatif ? cli_apply_whatif(&o->c, &orig, &s)
                    : (parley_scenario_copy(&s, &orig) == PARLEY_OK ? 0 : CLI_EXIT_INTERNAL);
    if (rc == 0)
        rc = cli_check_memory(&o->c, &s, params, o->c.n_types, 1);
    size_t actor = (size_t)-1, only_issue = (size_t)-1;
    if (rc == 0 && o->actor && (actor = parley_scenario_find_actor(&s, o->actor)) == (size_t)-1)
        rc = cli_usage_error("leverage", "--actor: no actor named '%s'", o->actor);
    if (rc == 0 && o->issue && (only_issue = parley_scenario_find_issue(&s, o->issue)) == (size_t)-1)
        rc = cli_usage_error("leverage", "--issue: no issue named '%s'", o->issue);
    parley_leverage lev;
    memset(&lev, 0, sizeof lev);
    parley_error err;
    parley_error_clear(&err);
    double *unchanged = NULL;
    parley_best_position_result *best = NULL;
    size_t *best_issue = NULL, *best_model = NULL, n_best = 0;
    if (rc == 0) {
        parley_status st = parley_leverage_compute(&lev, &s, params, o->c.n_types, o->step, o->effect, o->c.seed, &err);
        if (st != PARLEY_OK) {
            cli_print_error(&err, NULL);
            rc = cli_exit_code(st);
        }
    }
    if (rc == 0 && whatif) {
        unchanged = malloc(s.n_issues * o->c.n_types * sizeof *unchanged);
        if (!unchanged) rc = CLI_EXIT_INTERNAL;
        for (size_t i = 0; rc == 0 && i < s.n_issues; ++i)
            for (size_t m = 0; m < o->c.n_types; ++m) {
                parley_outcome out;
                unchanged[i * o->c.n_types + m] =
                    parley_forecast_issue(&orig, i, &params[m], o->c.seed, 0, &out, NULL) == PARLEY_OK ? out.forecast : NAN;
            }
    }
    if (rc == 0 && actor != (size_t)-1) {
        const size_t cap = s.n_issues * o->c.n_types;
        best = calloc(cap, sizeof *best);
        best_issue = calloc(cap, sizeof *best_issue);
        best_model = calloc(cap, sizeof *best_model);
        if (!best || !best_issue || !best_model) rc = CLI_EXIT_INTERNAL;
        for (size_t i = 0; rc == 0 && i < s.n_issues; ++i) {
            if (only_issue != (size_t)-1 && i != only_issue) continue;
            if (!parley_scenario_cell_const(&s, actor, i)->present) {
                if (only_issue != (size_t)-1)
                    rc = cli_usage_error("leverage", "%s takes no part in issue %s", o->actor, s.issues[i].name);
                continue;
            }
            for (size_t m = 0; rc == 0 && m < o->c.n_types; ++m) {
                parley_status st = parley_best_position(&s, &params[m], actor, i, (size_t)o->grid, o->c.seed, &best[n_best], &err);
                if (st == PARLEY_EDOMAIN) continue; /* the model cannot run on this issue */
                if (st != PARLEY_OK) {
                    cli_print_error(&err, NULL);
                    rc = cli_exit_code(st);
                    break;
                }
                best_issue[n_best] = i;
                best_model[n_best++] = m;
            }
        }
    }
    if (rc == CLI_EXIT_INTERNAL) cli_error("out of memory");
    if (rc == 0) {
        lev_report r = {o, &s, params, &lev, unchanged, best, best_issue, best_model, n_best, actor};
        parley_buf b;
        parley_buf_init(&b);
        parley_status st = o->format == PARLEY_REPORT_JSON  ? report_json(&r, &b)
                           : o->format == PARLEY_REPORT_CSV ? report_csv(&r, &b)
                                                            : report_table(&r, &b);
        rc = cli_finish_report(st, o->output, &b);
    }
    free(best);
    free(best_issue);
    free(best_model);
    free(unchanged);
    parley_leverage_destroy(&lev);
    parley_scenario_destroy(&s);
    parley_scenario_destroy(&orig);
    return rc;
}

static int run_models(void *o, parley_params *params) { return run(o, params); }

int cli_leverage(int argc, char **argv) {
    lev_opts o;
    memset(&o, 0, sizeof o);
    o.effect = 0.1;
    o.step = 0.05;
    o.top = 20;
    o.grid = 201;
    o.format = PARLEY_REPORT_TABLE;
    int rc = cli_common_init(&o.c, "leverage", argc);
    if (rc != 0) return rc;
    if ((rc = parse_options(&o, argc, argv)) != 0) {
        if (rc < 0) rc = CLI_EXIT_OK; /* --help */
    } else {
        rc = cli_run_models(&o.c, run_models, &o);
    }
    cli_common_destroy(&o.c);
    return rc;
}
