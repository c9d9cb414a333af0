/* The experts' disagreement table of `parley validate --experts`
 * (include/parley/experts.h).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/chart.h>
#include <parley/experts.h>
#include <parley/report.h>

#include "report/report_i.h"

static const char *const FIELD_NAMES[PARLEY_N_FIELDS] = {"position", "salience", "capability"};

enum { COL_ACTOR, COL_ISSUE, COL_FIELD, COL_LOW, COL_HIGH, COL_RANGE, COL_PCT, N_COLS };

/* The texts of one line (row r of the ranges, or the header when r is NULL). */
static void line_texts(const parley_experts *ex, const parley_expert_range *r,
                       char text[N_COLS][160]) {
    static const char *const head[N_COLS] = {"Actor",   "Issue", "Value",     "Lowest",
                                             "Highest", "Range", "% of scale"};
    if (!r) {
        for (int c = 0; c < N_COLS; ++c)
            snprintf(text[c], 160, "%s", head[c]);
        return;
    }
    const parley_scenario *g = &ex->aggregate;
    /* saliences as the experts stated them */
    const double k = r->field == PARLEY_FIELD_SALIENCE ? (double)g->salience_scale : 1.0;
    char lo[64], hi[64], rg[64];
    parley_i_fmt_num(lo, sizeof lo, r->min * k);
    parley_i_fmt_num(hi, sizeof hi, r->max * k);
    parley_i_fmt_num(rg, sizeof rg, (r->max - r->min) * k);
    snprintf(text[COL_ACTOR], 160, "%s", g->actors[r->actor].name);
    snprintf(text[COL_ISSUE], 160, "%s", g->issues[r->issue].name);
    snprintf(text[COL_FIELD], 160, "%s", FIELD_NAMES[r->field]);
    snprintf(text[COL_LOW], 160, "%s (#%zu)", lo, r->min_expert + 1);
    snprintf(text[COL_HIGH], 160, "%s (#%zu)", hi, r->max_expert + 1);
    snprintf(text[COL_RANGE], 160, "%s", rg);
    snprintf(text[COL_PCT], 160, "%.1f", r->percent);
}

parley_status parley_report_experts_disagreement(const parley_experts *ex, size_t top,
                                                 parley_buf *b) {
    parley_expert_range *r = NULL;
    size_t n = 0;
    parley_status st = parley_experts_disagreement(ex, &r, &n);
    if (st != PARLEY_OK)
        return st;
    const size_t shown = top && top < n ? top : n;
    size_t width[N_COLS] = {0};
    char text[N_COLS][160];
    for (size_t j = 0; j <= shown; ++j) {
        line_texts(ex, j ? &r[j - 1] : NULL, text);
        for (int c = 0; c < N_COLS; ++c) {
            const size_t w = parley_i_text_width(text[c]);
            if (w > width[c])
                width[c] = w;
        }
    }
    st = parley_buf_printf(b, "Experts:\n");
    for (size_t e = 0; st == PARLEY_OK && e < ex->n_experts; ++e)
        st = parley_buf_printf(b, "  #%zu  %s\n", e + 1, ex->names[e]);
    if (st == PARLEY_OK)
        st = parley_buf_printf(
            b,
            "\nWhere the experts disagree most: %zu of %zu values, widest range first.\n"
            "%% of scale: the range as a share of the issue's width for positions, of %s\n"
            "for saliences, of the largest capability on the issue for capabilities.\n",
            shown, n, ex->aggregate.salience_scale == PARLEY_SALIENCE_PERCENT ? "0-100" : "0-1");
    for (size_t j = 0; st == PARLEY_OK && j <= shown; ++j) {
        line_texts(ex, j ? &r[j - 1] : NULL, text);
        for (int c = 0; st == PARLEY_OK && c < N_COLS; ++c) {
            const int right = c >= COL_RANGE;
            if (c)
                st = parley_buf_append(b, "  ", 2);
            /* no trailing blanks after the last column */
            if (st == PARLEY_OK)
                st = parley_i_buf_cell(b, text[c], c + 1 == N_COLS && !right ? 0 : width[c], right);
        }
        if (st == PARLEY_OK)
            st = parley_buf_append(b, "\n", 1);
    }
    free(r);
    return st;
}

parley_status parley_report_add_experts(const parley_experts *ex, size_t top, parley_chart_set *set,
                                        parley_error *err) {
    parley_expert_range *r = NULL;
    size_t n = 0;
    parley_status st = parley_experts_disagreement(ex, &r, &n);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    const size_t shown = top && top < n ? top : n;
    if (shown == 0) {
        free(r);
        return PARLEY_OK;
    }
    char(*labels)[1024] = calloc(shown, sizeof *labels);
    const char **label = calloc(shown, sizeof *label);
    double *value = calloc(shown, sizeof *value);
    parley_buf svg, cap;
    parley_buf_init(&svg);
    parley_buf_init(&cap);
    if (!labels || !label || !value)
        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t j = 0; st == PARLEY_OK && j < shown; ++j) {
        char text[N_COLS][160];
        line_texts(ex, &r[j], text);
        snprintf(labels[j], sizeof labels[j], "%s: %s %s", text[COL_ACTOR], text[COL_ISSUE],
                 text[COL_FIELD]);
        label[j] = labels[j];
        value[j] = r[j].percent;
    }
    if (st == PARLEY_OK) {
        char subtitle[120];
        snprintf(subtitle, sizeof subtitle, "%zu experts' codings; the %zu widest of %zu values",
                 ex->n_experts, shown, n);
        parley_bar_chart c = {
            "chart-experts", "Where the experts disagree most",
            subtitle,        "range of the experts' values, % of the value's scale",
            shown,           label,
            value,           0};
        st = parley_chart_bars_svg(&c, &svg, err);
    }
    if (st == PARLEY_OK) {
        parley_buf_printf(&cap, "The forecasts run on the median of %zu experts' codings (",
                          ex->n_experts);
        for (size_t e = 0; e < ex->n_experts; ++e)
            parley_buf_printf(&cap, "%s#%zu %s", e ? ", " : "", e + 1, ex->names[e]);
        parley_buf_printf(
            &cap,
            "). Each bar is the range of the experts' values for one cell, as a share of its "
            "scale (the issue's width for positions, %s for saliences, the largest capability "
            "on the issue for capabilities): the cells to go back to. Lowest and highest, with "
            "the experts who gave them:",
            ex->aggregate.salience_scale == PARLEY_SALIENCE_PERCENT ? "0-100" : "0-1");
        for (size_t j = 0; j < shown; ++j) {
            char text[N_COLS][160];
            line_texts(ex, &r[j], text);
            parley_buf_printf(&cap, "%s %s %s to %s%s", j ? ";" : "", labels[j], text[COL_LOW],
                              text[COL_HIGH], j + 1 == shown ? "." : "");
        }
        st = cap.failed ? parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory")
                        : parley_chart_set_add(set, "experts", cap.data, PARLEY_CHART_ENSEMBLE,
                                               (size_t)-1, &svg);
        if (st != PARLEY_OK && err && err->status == PARLEY_OK)
            parley_error_set(err, st, NULL, 0, 0, "out of memory");
    }
    parley_buf_destroy(&svg);
    parley_buf_destroy(&cap);
    free(labels);
    free(label);
    free(value);
    free(r);
    return st;
}
