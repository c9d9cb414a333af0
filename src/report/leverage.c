/* Leverage report: the ranked table of parley_leverage_compute and the
 * best stated positions as a table, JSON or CSV (docs/analysis.md).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <parley/report_analysis.h>

#include "core/internal.h"
#include "report/report_i.h"

static const char *input_name(const parley_leverage_row *r) {
    static const char *const names[] = {"position", "salience", "capability"};
    return r->drop ? "leaves" : names[r->field];
}

static char *fmt_signed(char *buf, size_t n, double x) {
    if (x == 0.0)
        snprintf(buf, n, "0"); /* exactly zero (noise is snapped in the library) */
    else if (isfinite(x))
        snprintf(buf, n, "%+.2f", x);
    else
        snprintf(buf, n, "n/a");
    return buf;
}

static parley_status leverage_table(const parley_leverage_report *r, const parley_report_meta *meta,
                                    parley_buf *b) {
    const parley_leverage *lev = r->leverage;
    parley_status st = parley_buf_printf(
        b,
        "parley %s leverage\n\nFile:      %s\n"
        "Effect:    the move of the issue's forecast (issue-scale points) when the\n"
        "           actor's input changes by %g of its range (position: of the scale\n"
        "           width; salience: on 0-1; capability: of the issue's largest), or\n"
        "           when the actor leaves; ranked by the move relative to the scale.\n",
        meta->version, meta->source, r->effect);
    if (st == PARLEY_OK && lev->selected)
        st = parley_buf_printf(b,
                               "Actors:    rows for %zu of the %zu actors (the base forecasts use "
                               "all)\n",
                               lev->n_selected, lev->n_actors);
    if (st == PARLEY_OK && lev->refined) {
        const unsigned k = lev->screen_kinds;
        st = parley_buf_printf(
            b, "Screened:  %zu actors by %s; all rows for the\n           top %zu (",
            lev->n_screened,
            k == PARLEY_LEVERAGE_SCREEN_LEAVES     ? "their leave"
            : k == PARLEY_LEVERAGE_SCREEN_POSITION ? "one position step"
                                                   : "their leave and one position step",
            lev->n_refined);
        for (size_t a = 0; st == PARLEY_OK && a < lev->n_refined; ++a)
            st = parley_buf_printf(b, "%s%s", a ? ", " : "",
                                   r->scenario->actors[lev->refined[a]].name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "), %s\n",
                                   (k & PARLEY_LEVERAGE_SCREEN_LEAVES)
                                       ? "'leaves' rows only for the others"
                                       : "no rows for the others");
    }
    if (st == PARLEY_OK && r->n_changes > 0) {
        st = parley_buf_printf(b, "What-if:  ");
        for (size_t k = 0; st == PARLEY_OK && k < r->n_changes; ++k)
            st = parley_buf_printf(b, " %s", r->changes[k]);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "\n");
    }
    if (st == PARLEY_OK)
        st = parley_buf_printf(
            b, "\nBase forecasts%s:\n  %-22s",
            r->unchanged ? " (what-if, change against the unchanged scenario)" : "", "issue");
    for (size_t m = 0; st == PARLEY_OK && m < lev->n_models; ++m)
        st = parley_buf_printf(b, " %*s", r->unchanged ? 16 : 8, r->params[m].type->name);
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\n");
    for (size_t i = 0; st == PARLEY_OK && i < lev->n_issues; ++i) {
        st = parley_buf_printf(b, "  %-22s", r->scenario->issues[i].name);
        for (size_t m = 0; st == PARLEY_OK && m < lev->n_models; ++m) {
            char v[32], d[32];
            const double x = lev->base[i * lev->n_models + m];
            if (isfinite(x))
                snprintf(v, sizeof v, "%.2f", x);
            else
                snprintf(v, sizeof v, "n/a");
            if (r->unchanged) {
                char cell[128];
                snprintf(cell, sizeof cell, "%s (%s)", v,
                         fmt_signed(d, sizeof d, x - r->unchanged[i * lev->n_models + m]));
                st = parley_buf_printf(b, " %16s", cell);
            } else {
                st = parley_buf_printf(b, " %8s", v);
            }
        }
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "\n");
    }
    const size_t n = r->top && r->top < lev->n_rows ? r->top : lev->n_rows;
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\n%4s  %-12s %-22s %-10s %-8s %8s %12s\n", "rank", "actor",
                               "issue", "input", "model", "effect", "per unit");
    for (size_t k = 0; st == PARLEY_OK && k < n; ++k) {
        const parley_leverage_row *row = &lev->rows[k];
        char e[32], d[32];
        fmt_signed(e, sizeof e, row->effect);
        if (row->drop)
            snprintf(d, sizeof d, "%s", "");
        else if (isfinite(row->derivative))
            snprintf(d, sizeof d, "%.4g", row->derivative);
        else
            snprintf(d, sizeof d, "n/a");
        st = parley_buf_printf(b, "%4zu  %-12s %-22s %-10s %-8s %8s %12s\n", k + 1,
                               r->scenario->actors[row->actor].name,
                               r->scenario->issues[row->issue].name, input_name(row),
                               r->params[row->model].type->name, e, d);
    }
    if (st == PARLEY_OK && n < lev->n_rows)
        st = parley_buf_printf(b, "(%zu more lines; --top 0 shows all)\n", lev->n_rows - n);
    if (st == PARLEY_OK && r->n_best > 0) {
        st = parley_buf_printf(
            b,
            "\nBest stated position for %s (closest forecast to its own position):\n"
            "  %-22s %-8s %7s %9s %7s %9s %9s  %s\n",
            r->scenario->actors[r->best_actor].name, "issue", "model", "ideal", "forecast", "state",
            "forecast", "distance", "same result for");
        for (size_t k = 0; st == PARLEY_OK && k < r->n_best; ++k) {
            const parley_best_position_result *p = &r->best[k];
            char range[64];
            if (p->lo < p->hi)
                snprintf(range, sizeof range, "%.2f..%.2f", p->lo, p->hi);
            else
                snprintf(range, sizeof range, "%.2f", p->stated);
            st = parley_buf_printf(b, "  %-22s %-8s %7.2f %9.2f %7.2f %9.2f %9.2f  %s\n",
                                   r->scenario->issues[r->best_issue[k]].name,
                                   r->params[r->best_model[k]].type->name, p->ideal,
                                   p->base_forecast, p->stated, p->forecast,
                                   fabs(p->forecast - p->ideal), range);
        }
    }
    return st;
}

static parley_status leverage_csv(const parley_leverage_report *r, parley_buf *b) {
    const parley_leverage *lev = r->leverage;
    parley_status st = parley_buf_printf(b, "rank,actor,issue,input,model,effect,derivative\r\n");
    const size_t n = r->top && r->top < lev->n_rows ? r->top : lev->n_rows;
    for (size_t k = 0; st == PARLEY_OK && k < n; ++k) {
        const parley_leverage_row *row = &lev->rows[k];
        st = parley_buf_printf(b, "%zu,", k + 1);
        if (st == PARLEY_OK)
            st = parley_i_buf_csv_field(b, r->scenario->actors[row->actor].name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ",");
        if (st == PARLEY_OK)
            st = parley_i_buf_csv_field(b, r->scenario->issues[row->issue].name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ",%s,%s,", input_name(row), r->params[row->model].type->name);
        if (st == PARLEY_OK)
            st = parley_i_buf_number(b, row->effect, "");
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ",");
        if (st == PARLEY_OK && !row->drop)
            st = parley_i_buf_number(b, row->derivative, "");
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "\r\n");
    }
    return st;
}

/* "actors" (the selected ones, when not all) and "screen" (the screening
 * scores, best first, and the refined actors) of a limited run. */
static parley_status leverage_json_screen(const parley_leverage_report *r, parley_buf *b) {
    const parley_leverage *lev = r->leverage;
    parley_status st = PARLEY_OK;
    if (lev->selected) {
        st = parley_buf_printf(b, "\n  \"actors\": [");
        for (size_t k = 0; st == PARLEY_OK && k < lev->n_selected; ++k) {
            st = parley_buf_printf(b, "%s", k ? ", " : "");
            if (st == PARLEY_OK)
                st = parley_i_buf_json_text(b, r->scenario->actors[lev->selected[k]].name);
        }
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "],");
    }
    if (st != PARLEY_OK || !lev->refined)
        return st;
    st = parley_buf_printf(
        b, "\n  \"screen\": {\"runs\": \"%s\", \"screened\": %zu, \"refined\": [",
        lev->screen_kinds == PARLEY_LEVERAGE_SCREEN_LEAVES     ? "leaves"
        : lev->screen_kinds == PARLEY_LEVERAGE_SCREEN_POSITION ? "position"
                                                               : "leaves,position",
        lev->n_screened);
    for (size_t k = 0; st == PARLEY_OK && k < lev->n_refined; ++k) {
        st = parley_buf_printf(b, "%s", k ? ", " : "");
        if (st == PARLEY_OK)
            st = parley_i_buf_json_text(b, r->scenario->actors[lev->refined[k]].name);
    }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "], \"scores\": {");
    int first = 1;
    for (size_t a = 0; st == PARLEY_OK && a < lev->n_actors; ++a) {
        if (isnan(lev->screen[a]))
            continue;
        st = parley_buf_printf(b, "%s", first ? "" : ", ");
        first = 0;
        if (st == PARLEY_OK)
            st = parley_i_buf_json_text(b, r->scenario->actors[a].name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ": ");
        if (st == PARLEY_OK)
            st = parley_i_buf_number(b, lev->screen[a], "null");
    }
    return st == PARLEY_OK ? parley_buf_printf(b, "}},") : st;
}

static parley_status leverage_json(const parley_leverage_report *r, const parley_report_meta *meta,
                                   parley_buf *b) {
    const parley_leverage *lev = r->leverage;
    parley_status st = parley_buf_printf(
        b, "{\n  \"parley_leverage\": 1,\n  \"version\": \"%s\",\n  \"source\": ", meta->version);
    if (st == PARLEY_OK)
        st = parley_i_buf_json_text(b, meta->source);
    if (st == PARLEY_OK)
        st = parley_buf_printf(
            b, ",\n  \"seed\": %llu,\n  \"effect\": %s,\n  \"step\": %s,\n  \"base\": [",
            meta->seed, parley_i_format_double(r->effect, (char[PARLEY_I_NUMBUF]){0}),
            parley_i_format_double(r->step, (char[PARLEY_I_NUMBUF]){0}));
    int first = 1;
    for (size_t i = 0; st == PARLEY_OK && i < lev->n_issues; ++i)
        for (size_t m = 0; st == PARLEY_OK && m < lev->n_models; ++m) {
            st = parley_buf_printf(b, "%s\n    {\"issue\": ", first ? "" : ",");
            first = 0;
            if (st == PARLEY_OK)
                st = parley_i_buf_json_text(b, r->scenario->issues[i].name);
            if (st == PARLEY_OK)
                st = parley_buf_printf(
                    b, ", \"model\": \"%s\", \"forecast\": ", r->params[m].type->name);
            if (st == PARLEY_OK)
                st = parley_i_buf_number(b, lev->base[i * lev->n_models + m], "null");
            if (st == PARLEY_OK && r->unchanged) {
                st = parley_buf_printf(b, ", \"unchanged\": ");
                if (st == PARLEY_OK)
                    st = parley_i_buf_number(b, r->unchanged[i * lev->n_models + m], "null");
            }
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, "}");
        }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\n  ],");
    if (st == PARLEY_OK && (lev->refined || lev->selected))
        st = leverage_json_screen(r, b);
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\n  \"rows\": [");
    const size_t n = r->top && r->top < lev->n_rows ? r->top : lev->n_rows;
    for (size_t k = 0; st == PARLEY_OK && k < n; ++k) {
        const parley_leverage_row *row = &lev->rows[k];
        st = parley_buf_printf(b, "%s\n    {\"rank\": %zu, \"actor\": ", k ? "," : "", k + 1);
        if (st == PARLEY_OK)
            st = parley_i_buf_json_text(b, r->scenario->actors[row->actor].name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ", \"issue\": ");
        if (st == PARLEY_OK)
            st = parley_i_buf_json_text(b, r->scenario->issues[row->issue].name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ", \"input\": \"%s\", \"model\": \"%s\", \"effect\": ",
                                   input_name(row), r->params[row->model].type->name);
        if (st == PARLEY_OK)
            st = parley_i_buf_number(b, row->effect, "null");
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ", \"derivative\": ");
        if (st == PARLEY_OK)
            st = parley_i_buf_number(b, row->drop ? NAN : row->derivative, "null");
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "}");
    }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\n  ],\n  \"best_positions\": [");
    for (size_t k = 0; st == PARLEY_OK && k < r->n_best; ++k) {
        const parley_best_position_result *p = &r->best[k];
        st = parley_buf_printf(b, "%s\n    {\"actor\": ", k ? "," : "");
        if (st == PARLEY_OK)
            st = parley_i_buf_json_text(b, r->scenario->actors[r->best_actor].name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ", \"issue\": ");
        if (st == PARLEY_OK)
            st = parley_i_buf_json_text(b, r->scenario->issues[r->best_issue[k]].name);
        /* key and value pairs; "plateau" is the array [lo, hi] */
        const char *const key[6] = {", \"ideal\": ",    ", \"base_forecast\": ", ", \"stated\": ",
                                    ", \"forecast\": ", ", \"plateau\": [",      ", "};
        const double value[6] = {p->ideal, p->base_forecast, p->stated, p->forecast, p->lo, p->hi};
        if (st == PARLEY_OK)
            st =
                parley_buf_printf(b, ", \"model\": \"%s\"", r->params[r->best_model[k]].type->name);
        for (int j = 0; st == PARLEY_OK && j < 6; ++j) {
            st = parley_buf_printf(b, "%s", key[j]);
            if (st == PARLEY_OK)
                st = parley_i_buf_number(b, value[j], "null");
        }
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "], \"evaluations\": %zu}", p->evaluations);
    }
    return st == PARLEY_OK ? parley_buf_printf(b, "\n  ]\n}\n") : st;
}

parley_status parley_report_leverage(const parley_leverage_report *r, parley_report_format format,
                                     const parley_report_meta *meta, parley_buf *out) {
    switch (format) {
    case PARLEY_REPORT_JSON:
        return leverage_json(r, meta, out);
    case PARLEY_REPORT_CSV:
        return leverage_csv(r, out);
    case PARLEY_REPORT_TABLE:
    default:
        return leverage_table(r, meta, out);
    }
}

parley_status parley_report_leverage_estimate(const parley_leverage_estimate *est,
                                              size_t top_actors, int processes, parley_buf *out) {
    const double workers = (double)est->threads * (double)(processes > 1 ? processes : 1);
    char procs[64] = "";
    if (processes > 1)
        snprintf(procs, sizeof procs, " x %d processes", processes);
    if (est->screen > 0)
        return parley_buf_printf(out,
                                 "up to %zu forecasts (%zu base, %zu screening, up to %zu for the "
                                 "top %zu actors) on %d thread%s%s, about %.0f s (one forecast: "
                                 "%.3g s)",
                                 est->forecasts, est->base, est->screen, est->refine, top_actors,
                                 est->threads, est->threads == 1 ? "" : "s", procs,
                                 est->seconds / workers, est->seconds / (double)est->forecasts);
    return parley_buf_printf(
        out, "%zu forecasts on %d thread%s%s, about %.0f s (one forecast: %.3g s)", est->forecasts,
        est->threads, est->threads == 1 ? "" : "s", procs, est->seconds / workers,
        est->seconds / (double)(est->forecasts ? est->forecasts : 1));
}

void parley_report_leverage_result(const parley_leverage_result *res,
                                   const parley_leverage_request *req, size_t top,
                                   const char *const *changes, size_t n_changes,
                                   parley_leverage_report *r) {
    memset(r, 0, sizeof *r);
    r->scenario = req->scenario;
    r->params = req->params;
    r->leverage = &res->leverage;
    r->unchanged = res->unchanged;
    r->effect = req->options.step_effect;
    r->step = req->options.step;
    r->top = top;
    r->best = res->best.best;
    r->best_issue = res->best.issue;
    r->best_model = res->best.model;
    r->n_best = res->best.n;
    r->best_actor = res->actor;
    r->changes = changes;
    r->n_changes = n_changes;
}
