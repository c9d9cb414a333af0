/* parley: how the forecasts moved across stored runs -- a self-contained
 * HTML page with one chart per issue (parley_store_runs_html).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/chart.h"
#include "parley/parley.h"
#include "parley/store.h"
#include "report/svg_i.h"
#include "store/internal.h"

typedef struct runs_data {
    size_t n_runs;
    parley_store_list *entries;    /* n_runs lists of one entry */
    parley_store_results *results; /* n_runs */
    char **issues, **models;       /* distinct, in order of first appearance */
    size_t n_issues, n_models;
} runs_data;

static int add_name(char ***names, size_t *n, const char *name) {
    for (size_t k = 0; k < *n; k++)
        if (strcmp((*names)[k], name) == 0)
            return 0;
    char **grown = realloc(*names, (*n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    *names = grown;
    if (!(grown[*n] = strdup(name)))
        return -1;
    (*n)++;
    return 0;
}

static void data_destroy(runs_data *d) {
    for (size_t r = 0; r < d->n_runs; r++) {
        if (d->entries)
            parley_store_list_destroy(&d->entries[r]);
        if (d->results)
            parley_store_results_destroy(&d->results[r]);
    }
    for (size_t k = 0; k < d->n_issues; k++)
        free(d->issues[k]);
    for (size_t k = 0; k < d->n_models; k++)
        free(d->models[k]);
    free(d->entries);
    free(d->results);
    free(d->issues);
    free(d->models);
}

static double forecast_of(const parley_store_results *r, const char *issue, const char *model) {
    for (size_t k = 0; k < r->n; k++)
        if (strcmp(r->items[k].issue_id, issue) == 0 && strcmp(r->items[k].model, model) == 0)
            return r->items[k].forecast;
    return NAN;
}

/* One chart: x = the runs in the order given, one line per model. */
static parley_status issue_chart(const runs_data *d, const parley_scenario *last, size_t i,
                                 parley_buf *out, parley_error *err) {
    const char *issue = d->issues[i];
    size_t n = d->n_runs;
    double *y = malloc((d->n_models * n + n) * sizeof *y);
    parley_chart_series *series = calloc(d->n_models, sizeof *series);
    if (!y || !series) {
        free(y);
        free(series);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    double *xs = y + d->n_models * n;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t m = 0; m < d->n_models; m++) {
        series[m].name = d->models[m];
        series[m].y = y + m * n;
        for (size_t r = 0; r < n; r++) {
            double v = forecast_of(&d->results[r], issue, d->models[m]);
            y[m * n + r] = v;
            if (isfinite(v)) {
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
        }
    }
    /* x: the run numbers when they are given in increasing order, else the
     * position in the list (the title then names the runs in order) */
    int ascending = 1;
    for (size_t r = 1; r < n; r++)
        if (d->entries[r].entries[0].id <= d->entries[r - 1].entries[0].id)
            ascending = 0;
    parley_buf xtitle;
    parley_buf_init(&xtitle);
    parley_buf_printf(&xtitle, ascending ? "stored run" : "position in the list given: runs");
    for (size_t r = 0; r < n; r++) {
        long long rid = d->entries[r].entries[0].id;
        xs[r] = ascending ? (double)rid : (double)(r + 1);
        if (!ascending)
            parley_buf_printf(&xtitle, "%s %lld", r ? "," : "", rid);
    }
    parley_line_chart c;
    memset(&c, 0, sizeof c);
    parley_buf id;
    parley_buf_init(&id);
    parley_buf_printf(&id, "runs-%s", issue);
    c.id = id.data;
    c.title = issue;
    c.subtitle = "each model's forecast in each run";
    c.x.title = xtitle.data;
    c.x.lo = n > 1 ? xs[0] : xs[0] - 0.5;
    c.x.hi = n > 1 ? xs[n - 1] : xs[0] + 0.5;
    const size_t at = last ? parley_scenario_find_issue(last, issue) : (size_t)-1;
    const parley_issue *is = at != (size_t)-1 ? &last->issues[at] : NULL;
    if (is && is->lo < is->hi) {
        c.y.lo = is->lo;
        c.y.hi = is->hi;
    } else if (lo <= hi) {
        c.y.lo = lo == hi ? lo - 1 : lo;
        c.y.hi = lo == hi ? hi + 1 : hi;
    } else {
        c.y.lo = 0;
        c.y.hi = 100;
    }
    c.y.title = "forecast on the issue scale";
    c.n = n;
    c.x_values = xs;
    c.x_integer = 1;
    c.n_series = d->n_models;
    c.series = series;
    parley_status st = parley_chart_lines_svg(&c, out, err);
    parley_buf_destroy(&xtitle);
    free(series);
    free(y);
    parley_buf_destroy(&id);
    return st;
}

parley_status parley_store_runs_html(parley_store *st, const long long *ids, size_t n,
                                     parley_buf *out, parley_error *err) {
    if (!st || !out || (n && !ids) || n == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "run store: name at least one run to chart");
    for (size_t r = 1; r < n; r++)
        for (size_t q = 0; q < r; q++)
            if (ids[q] == ids[r])
                return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                        "run store: run %lld is named twice", ids[r]);
    runs_data d;
    memset(&d, 0, sizeof d);
    d.n_runs = n;
    d.entries = calloc(n, sizeof *d.entries);
    d.results = calloc(n, sizeof *d.results);
    parley_status s = d.entries && d.results
                          ? PARLEY_OK
                          : parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t r = 0; s == PARLEY_OK && r < n; r++) {
        s = parley_store_get_run(st, ids[r], &d.entries[r], err);
        if (s == PARLEY_OK)
            s = parley_store_results_get(st, ids[r], &d.results[r], err);
        for (size_t k = 0; s == PARLEY_OK && k < d.results[r].n; k++)
            if (add_name(&d.issues, &d.n_issues, d.results[r].items[k].issue_id) != 0 ||
                add_name(&d.models, &d.n_models, d.results[r].items[k].model) != 0)
                s = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (s == PARLEY_OK && d.n_issues == 0)
        s = parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                             "run store: the runs hold no per-issue forecasts to chart");
    parley_scenario last;
    memset(&last, 0, sizeof last);
    int have_last =
        s == PARLEY_OK && parley_i_store_scenario(st, ids[n - 1], &last, err) == PARLEY_OK;
    if (s == PARLEY_OK) {
        parley_buf_printf(out,
                          "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                          "'none'; style-src 'unsafe-inline'; img-src data:\">\n"
                          "<meta name=\"generator\" content=\"parley %s\">\n"
                          "<title>How the forecasts moved &#8212; parley</title>\n<style>\n"
                          "body{font-family:\"DejaVu Sans\",Verdana,Arial,sans-serif;"
                          "max-width:1000px;margin:0 auto;padding:1.5em 2em}\n"
                          "table{border-collapse:collapse}th,td{border:1px solid #ccc;"
                          "padding:.3em .5em;text-align:left}\nfigure svg{max-width:100%%;"
                          "height:auto}\n</style>\n</head>\n<body>\n"
                          "<h1>How the forecasts moved across %zu stored runs</h1>\n"
                          "<table id=\"runs\">\n<tr><th>run</th><th>stored (UTC)</th>"
                          "<th>scenario</th><th>as of</th><th>command</th></tr>\n",
                          PARLEY_VERSION, n);
        for (size_t r = 0; r < n; r++) {
            const parley_store_entry *e = &d.entries[r].entries[0];
            parley_buf_printf(out, "<tr><td>%lld</td><td>", e->id);
            parley_i_xml_escape(out, e->stored);
            parley_buf_printf(out, "</td><td>");
            parley_i_xml_escape(out, e->scenario[0] ? e->scenario : e->scenario_file);
            parley_buf_printf(out, "</td><td>");
            parley_i_xml_escape(out, e->as_of);
            parley_buf_printf(out, "</td><td><code>");
            parley_i_xml_escape(out, e->command_line);
            parley_buf_printf(out, "</code></td></tr>\n");
        }
        parley_buf_printf(out, "</table>\n");
    }
    for (size_t i = 0; s == PARLEY_OK && i < d.n_issues; i++) {
        parley_buf_printf(out, "<h2>");
        parley_i_xml_escape(out, d.issues[i]);
        parley_buf_printf(out, "</h2>\n<figure class=\"chart\">\n");
        s = issue_chart(&d, have_last ? &last : NULL, i, out, err);
        parley_buf_printf(out, "</figure>\n");
    }
    if (s == PARLEY_OK &&
        parley_buf_printf(out, "<p>Scale of each chart: the issue's bounds in the last run's "
                               "scenario. A gap: the model did not run on the issue in that "
                               "run.</p>\n</body>\n</html>\n") != PARLEY_OK)
        s = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    if (have_last)
        parley_scenario_destroy(&last);
    data_destroy(&d);
    return s;
}

parley_status parley_store_run_ids_parse(const char *text, long long **ids, size_t *n,
                                         parley_error *err) {
    *ids = NULL;
    *n = 0;
    if (!text)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no run numbers");
    size_t count = 1;
    for (const char *p = text; *p; ++p)
        count += *p == ',';
    long long *out = calloc(count, sizeof *out);
    if (!out)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    const char *p = text;
    for (size_t k = 0; k < count; ++k) {
        char one[32];
        size_t len = strcspn(p, ",");
        unsigned long long v = 0;
        snprintf(one, sizeof one, "%.*s", (int)(len < 31 ? len : 31), p);
        if (len == 0 || len > 19 ||
            parley_number_parse_unsigned(one, 9223372036854775807ULL, &v, NULL) != PARLEY_OK ||
            v == 0) {
            free(out);
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "run numbers are whole numbers from 1 separated by ',', "
                                    "not '%s'",
                                    text);
        }
        out[k] = (long long)v;
        p += len + (p[len] == ',');
    }
    *ids = out;
    *n = count;
    return PARLEY_OK;
}
