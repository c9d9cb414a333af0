/* parley: the human-readable forecast table.
 *
 * Layout: a header (scenario, source, file, version, models and their
 * parameters, seed), then one block per issue: description, scale with its
 * labels, status quo, one row per model (forecast, mean and median of the
 * final positions, rounds, how the run stopped) and the actors' starting
 * values.  Positions are printed with two decimals on the issue's scale.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/report.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report_i.h"

#define NUM_W 10   /* width of a numeric column */
#define ROUNDS_W 8 /* width of the rounds column */
#define WRAP_COLUMN 78

/* Describes how a run stopped: the stop reason's name, with the cycle's
 * period, start and forecast range when a cycle was found. */
void parley_i_report_append_stop(parley_buf *b, const parley_outcome *o) {
    char lo[64], hi[64];
    if (o->cycle && o->cycle_period == 1) {
        /* A cycle of period 1 is a fixed point: nobody moves any more. */
        if (o->stop == PARLEY_STOP_FIXED_POINT)
            parley_buf_printf(b, "%s", parley_stop_reason_name(o->stop));
        else
            parley_buf_printf(b, "%s; no move after round %zu", parley_stop_reason_name(o->stop),
                              o->cycle_start);
    } else if (o->cycle) {
        if (o->stop != PARLEY_STOP_CYCLE)
            parley_buf_printf(b, "%s; ", parley_stop_reason_name(o->stop));
        parley_buf_printf(b, "cycle of period %zu from round %zu, forecast range [%s, %s]",
                          o->cycle_period, o->cycle_start,
                          parley_i_fmt_pos(lo, sizeof lo, o->cycle_lo),
                          parley_i_fmt_pos(hi, sizeof hi, o->cycle_hi));
    } else {
        parley_buf_printf(b, "%s", parley_stop_reason_name(o->stop));
    }
    if (o->note)
        parley_buf_printf(b, "; %s", o->note);
}

static size_t title_width(const parley_forecast *f) {
    size_t w = strlen("Model");
    for (size_t m = 0; m < f->n_models; ++m) {
        size_t t = parley_i_text_width(f->params[m].type->title);
        if (t > w)
            w = t;
    }
    return w;
}

/* Appends a ", "-separated list indented by indent columns, wrapped before
 * WRAP_COLUMN at the separators. */
static void append_wrapped(parley_buf *b, const char *list, size_t indent) {
    size_t col = 0;
    const char *p = list;
    while (*p) {
        const char *sep = strstr(p, ", ");
        size_t len = sep ? (size_t)(sep - p) : strlen(p);
        if (col == 0) {
            parley_buf_printf(b, "%*s", (int)indent, "");
            col = indent;
        } else if (col + 2 + len > WRAP_COLUMN) {
            parley_buf_printf(b, ",\n%*s", (int)indent, "");
            col = indent;
        } else {
            parley_buf_printf(b, ", ");
            col += 2;
        }
        parley_buf_append(b, p, len);
        col += len;
        p += len;
        if (*p)
            p += 2;
    }
    if (col > 0)
        parley_buf_printf(b, "\n");
}

static void append_will_move(parley_buf *b, const parley_combined *c, const parley_forecast *f,
                             size_t i) {
    char text[512];
    parley_buf_printf(b, "  Will it move?      ");
    parley_i_buf_wrap(b, parley_i_will_move_text(text, sizeof text, c, f, i), 21, 21, WRAP_COLUMN);
}

/* The headline of issue i: combined forecast, agreement, will it move. */
static void append_headline(parley_buf *b, const parley_combined *c, const parley_forecast *f,
                            size_t i) {
    const parley_combined_issue *ci = &c->issues[i];
    char v[64];
    if (ci->status != PARLEY_OK) {
        parley_buf_printf(b, "  Combined forecast: n/a (no model ran on this issue)\n\n");
        return;
    }
    char lo[64], hi[64], line[320];
    if (ci->band.n > 1)
        snprintf(line, sizeof line, "%s (%s of %zu models, range %s to %s)",
                 parley_i_fmt_pos(v, sizeof v, ci->value),
                 c->method == PARLEY_COMBINE_MEDIAN ? "median" : "inverse-MAE weighted mean",
                 ci->band.n, parley_i_fmt_num(lo, sizeof lo, ci->band.min),
                 parley_i_fmt_num(hi, sizeof hi, ci->band.max));
    else
        snprintf(line, sizeof line, "%s (one model)", parley_i_fmt_pos(v, sizeof v, ci->value));
    parley_buf_printf(b, "  Combined forecast: ");
    parley_i_buf_wrap(b, line, 21, 21, WRAP_COLUMN);
    parley_buf_printf(b, "  Agreement:         ");
    parley_i_buf_wrap(b, ci->sentence ? ci->sentence : "", 21, 21, WRAP_COLUMN);
    append_will_move(b, c, f, i);
    const parley_issue *is = &f->scenario->issues[i];
    if (isfinite(ci->outcome)) {
        char o[64], d[64], text[768];
        double width = is->hi > is->lo ? is->hi - is->lo : 1.0;
        /* how far the outcome is from the status quo, against the margin of
         * the status-quo rule (a fall below it counts as a move too) */
        char sq[256] = "", dist[64], margin[64];
        if (is->has_status_quo) {
            double away = fabs(ci->outcome - is->status_quo);
            double m = PARLEY_SQ_MARGIN_SHARE * width;
            parley_i_fmt_num(dist, sizeof dist, away);
            parley_i_fmt_num(margin, sizeof margin, m);
            if (away <= m)
                snprintf(sq, sizeof sq, "; %s from the status quo, within the margin of %s", dist,
                         margin);
            else
                snprintf(sq, sizeof sq, "; %s from the status quo, beyond the margin of %s", dist,
                         margin);
        }
        snprintf(text, sizeof text, "%s%s%s; the combined forecast is %s off%s",
                 parley_i_fmt_num(o, sizeof o, ci->outcome), is->outcome.as_of ? " as of " : "",
                 is->outcome.as_of ? is->outcome.as_of : "",
                 parley_i_fmt_num(d, sizeof d, fabs(ci->value - ci->outcome)), sq);
        parley_buf_printf(b, "  Observed outcome:  ");
        parley_i_buf_wrap(b, text, 21, 21, WRAP_COLUMN);
    }
    parley_buf_printf(b, "\n");
}

static void append_header(parley_buf *b, const parley_forecast *f, const parley_report_meta *meta) {
    const parley_scenario *s = f->scenario;
    parley_buf_printf(b, "parley %s forecast\n\n", meta && meta->version ? meta->version : "");
    parley_buf_printf(b, "Scenario:  ");
    parley_i_buf_wrap(b, s->name ? s->name : "(unnamed)", 11, 11, WRAP_COLUMN);
    if (s->description) {
        parley_buf_printf(b, "%11s", "");
        parley_i_buf_wrap(b, s->description, 11, 11, WRAP_COLUMN);
    }
    if (s->source) {
        parley_buf_printf(b, "Source:    ");
        parley_i_buf_wrap(b, s->source, 11, 11, WRAP_COLUMN);
    }
    if (meta && meta->source)
        parley_buf_printf(b, "File:      %s\n", meta->source);
    parley_buf_printf(b, "Seed:      %llu (models that draw random numbers list it as seed=)\n",
                      meta ? meta->seed : 0ULL);
    parley_buf_printf(b, "Models:\n");
    size_t name_w = 0;
    for (size_t m = 0; m < f->n_models; ++m) {
        size_t w = parley_i_text_width(f->params[m].type->name);
        if (w > name_w)
            name_w = w;
    }
    if (meta && meta->combined && name_w < strlen("combined"))
        name_w = strlen("combined");
    for (size_t m = 0; m < f->n_models; ++m) {
        const parley_params *p = &f->params[m];
        parley_buf params;
        parley_buf_init(&params);
        parley_status st = parley_params_describe(p, &params);
        parley_buf_printf(b, "  ");
        parley_i_buf_cell(b, p->type->name, name_w, 0);
        parley_buf_printf(b, "  %s\n", p->type->title);
        if (st == PARLEY_OK && params.len > 0)
            append_wrapped(b, params.data, 2 + name_w + 2);
        if (st == PARLEY_ENOMEM || params.failed)
            b->failed = 1;
        parley_buf_destroy(&params);
    }
    if (meta && meta->combined) {
        const parley_combined *c = meta->combined;
        parley_buf_printf(b, "  ");
        parley_i_buf_cell(b, "combined", name_w, 0);
        parley_buf_printf(b, "  combined forecast: %s of the models that ran (docs/combine.md)\n",
                          c->method == PARLEY_COMBINE_MEDIAN ? "median"
                                                             : "inverse-MAE weighted mean");
        parley_buf v;
        parley_buf_init(&v);
        if (parley_combined_verdict(&c->score, &v) != PARLEY_OK)
            b->failed = 1;
        parley_buf_append(&v, "", 1);
        parley_buf_printf(b, "%*s", (int)(2 + name_w + 2), "");
        parley_i_buf_wrap(b, v.data ? v.data : "", 2 + name_w + 2, 2 + name_w + 2, WRAP_COLUMN);
        parley_buf_destroy(&v);
    }
}

static void append_scale(parley_buf *b, const parley_issue *is) {
    parley_buf_printf(b, "  Scale:       %.10g to %.10g%s\n", is->lo, is->hi,
                      is->bounds_given ? "" : " (from the data)");
    if (is->n_labels == 0)
        return;
    /* right-align the label points so that the '=' signs line up */
    char pts[64];
    int pw = 0;
    for (size_t k = 0; k < is->n_labels; ++k) {
        int w = snprintf(pts, sizeof pts, "%.10g", is->labels[k].point);
        if (w > pw)
            pw = w;
    }
    for (size_t k = 0; k < is->n_labels; ++k) {
        parley_buf_printf(b, "               %*g = ", pw, is->labels[k].point);
        size_t col = 15 + (size_t)pw + 3;
        parley_i_buf_wrap(b, is->labels[k].label ? is->labels[k].label : "", col, col, WRAP_COLUMN);
    }
}

static void append_status_quo(parley_buf *b, const parley_issue *is) {
    char v[64];
    if (!is->has_status_quo) {
        parley_buf_printf(b, "  Status quo:  —\n");
        return;
    }
    parley_buf_printf(b, "  Status quo:  %s\n", parley_i_fmt_pos(v, sizeof v, is->status_quo));
    if (is->status_quo_note) {
        parley_buf_printf(b, "%15s", "");
        parley_i_buf_wrap(b, is->status_quo_note, 15, 15, WRAP_COLUMN);
    }
}

static void append_outcome(parley_buf *b, const parley_issue *is) {
    char v[64];
    if (!is->outcome.has_value)
        return;
    parley_buf_printf(b, "  Outcome:     %s", parley_i_fmt_pos(v, sizeof v, is->outcome.value));
    if (is->outcome.as_of)
        parley_buf_printf(b, " (as of %s)", is->outcome.as_of);
    parley_buf_printf(b, "\n");
    if (is->outcome.source) {
        parley_buf_printf(b, "%15s", "");
        parley_i_buf_wrap(b, is->outcome.source, 15, 15, WRAP_COLUMN);
    }
}

/* Where the issue has an outcome: a sentence for every forecast that history contradicted. */
static void append_history(parley_buf *b, const parley_forecast *f, size_t i) {
    if (!f->scenario->issues[i].outcome.has_value)
        return;
    int any = 0;
    for (size_t m = 0; m < f->n_models; ++m) {
        parley_buf one;
        parley_buf_init(&one);
        if (parley_i_against_history(f, i, m, &one) && one.data) {
            parley_buf_printf(b, any ? "  " : "\n  ");
            parley_i_buf_wrap(b, one.data, 2, 4, WRAP_COLUMN);
            any = 1;
        }
        if (one.failed)
            b->failed = 1;
        parley_buf_destroy(&one);
    }
}

/* One row per model; returns 1 if a median tie was flagged (for the footnote). */
static int append_results(parley_buf *b, const parley_forecast *f, size_t i) {
    size_t tw = title_width(f);
    int any_tie = 0;
    char v[64];
    parley_buf_printf(b, "\n  ");
    parley_i_buf_cell(b, "Model", tw, 0);
    parley_i_buf_cell(b, "Forecast", NUM_W, 1);
    const int scored = f->scenario->issues[i].outcome.has_value;
    if (scored)
        parley_i_buf_cell(b, "Error", NUM_W, 1);
    parley_i_buf_cell(b, "Mean", NUM_W, 1);
    parley_i_buf_cell(b, "Median", NUM_W, 1);
    parley_i_buf_cell(b, "Rounds", ROUNDS_W, 1);
    parley_buf_printf(b, "  Stopped by\n");
    for (size_t m = 0; m < f->n_models; ++m) {
        const parley_run *run = parley_forecast_run(f, i, m);
        parley_buf_printf(b, "  ");
        parley_i_buf_cell(b, f->params[m].type->title, tw, 0);
        if (run->status != PARLEY_OK) {
            parley_buf_printf(b, "  could not run: %s\n", parley_i_report_error(run));
            continue;
        }
        const parley_outcome *o = &run->outcome;
        parley_i_buf_cell(b, parley_i_fmt_pos(v, sizeof v, o->forecast), NUM_W, 1);
        if (scored) {
            snprintf(v, sizeof v, "%+.1f %%", parley_i_outcome_error(f, i, m));
            parley_i_buf_cell(b, v, NUM_W, 1);
        }
        parley_i_buf_cell(b, parley_i_fmt_pos(v, sizeof v, o->mean), NUM_W, 1);
        char num[64];
        parley_i_fmt_pos(num, sizeof num, o->median);
        snprintf(v, sizeof v, "%.62s%s", num, o->median_tie ? "*" : "");
        any_tie |= o->median_tie;
        parley_i_buf_cell(b, v, NUM_W + (o->median_tie ? 1 : 0), 1);
        if (o->stop == PARLEY_STOP_STATIC) {
            parley_i_buf_cell(b, "—", ROUNDS_W - (o->median_tie ? 1 : 0), 1);
        } else {
            snprintf(v, sizeof v, "%zu", o->rounds);
            parley_i_buf_cell(b, v, ROUNDS_W - (o->median_tie ? 1 : 0), 1);
        }
        parley_buf_printf(b, "  ");
        parley_i_report_append_stop(b, o);
        parley_buf_printf(b, "\n");
    }
    if (any_tie) {
        parley_buf_printf(b, "  * weighted median tied:");
        const char *sep = " ";
        for (size_t m = 0; m < f->n_models; ++m) {
            const parley_run *run = parley_forecast_run(f, i, m);
            if (run->status != PARLEY_OK || !run->outcome.median_tie)
                continue;
            char lo[64], hi[64];
            parley_buf_printf(b, "%s%s any point of [%s, %s]", sep, f->params[m].type->name,
                              parley_i_fmt_pos(lo, sizeof lo, run->outcome.median_tie_lo),
                              parley_i_fmt_pos(hi, sizeof hi, run->outcome.median_tie_hi));
            sep = "; ";
        }
        parley_buf_printf(b, " (the reported median is the model's tie rule)\n");
    }
    return any_tie;
}

/* The actors' starting values on issue i (only those taking part). */
static void append_actors(parley_buf *b, const parley_scenario *s, size_t i) {
    size_t name_w = strlen("Actor");
    for (size_t a = 0; a < s->n_actors; ++a) {
        if (!parley_scenario_cell_const(s, a, i)->present || !s->actors[a].name)
            continue;
        size_t w = parley_i_text_width(s->actors[a].name);
        if (w > name_w)
            name_w = w;
    }
    int percent = s->salience_scale == PARLEY_SALIENCE_PERCENT;
    char v[64];
    const size_t n_on = parley_scenario_issue_count(s, i);
    parley_buf_printf(b, "\n  Starting positions (%zu actor%s; salience on 0-%s):\n  ", n_on,
                      n_on == 1 ? "" : "s", percent ? "100" : "1");
    parley_i_buf_cell(b, "Actor", name_w, 0);
    parley_i_buf_cell(b, "Position", NUM_W, 1);
    parley_i_buf_cell(b, "Salience", NUM_W, 1);
    parley_i_buf_cell(b, "Capability", NUM_W + 2, 1);
    parley_buf_printf(b, "\n");
    for (size_t a = 0; a < s->n_actors; ++a) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (!c->present)
            continue;
        parley_buf_printf(b, "  ");
        parley_i_buf_cell(b, s->actors[a].name ? s->actors[a].name : "?", name_w, 0);
        parley_i_buf_cell(b, parley_i_fmt_pos(v, sizeof v, c->position), NUM_W, 1);
        snprintf(v, sizeof v, "%.10g", percent ? c->salience * 100.0 : c->salience);
        parley_i_buf_cell(b, v, NUM_W, 1);
        snprintf(v, sizeof v, "%.10g", c->capability);
        parley_i_buf_cell(b, v, NUM_W + 2, 1);
        parley_buf_printf(b, "\n");
    }
}

parley_status parley_report_table(const parley_forecast *f, const parley_report_meta *meta,
                                  parley_buf *out) {
    const parley_scenario *s = f->scenario;
    append_header(out, f, meta);
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_issue *is = &s->issues[i];
        parley_buf_printf(out, "\nIssue %zu of %zu: %s\n", i + 1, s->n_issues,
                          is->name ? is->name : "?");
        if (meta && meta->combined)
            append_headline(out, meta->combined, f, i);
        if (is->description) {
            parley_buf_printf(out, "  ");
            parley_i_buf_wrap(out, is->description, 2, 2, WRAP_COLUMN);
        }
        append_scale(out, is);
        append_status_quo(out, is);
        append_outcome(out, is);
        append_results(out, f, i);
        append_history(out, f, i);
        append_actors(out, s, i);
    }
    return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
