/* parley: the self-contained HTML report.
 *
 * One page, written for a policy reader who does not know the models:
 * "In brief" (one paragraph per issue: what the headline model forecasts,
 * in the words of the issue's scale), every model's forecast side by side,
 * per issue the round-by-round story of the iterative models in words and
 * charts, then the scenario with every value's source note, and how the
 * report was made (models, parameters, seed, version).  CSS and SVG are
 * inline and a Content-Security-Policy forbids loading anything, so the
 * page works offline and leaks nothing.  The static page has no script; an
 * interactive one (opt->interactive, docs/report.md "Try it") adds the
 * live what-if panel: the WebAssembly module and the scenario in
 * non-executed blocks and one loader script allowed by its SHA-256.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/chart.h>
#include <parley/io.h>
#include <parley/report.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "report/report_i.h"
#include "report/svg_i.h"

#define esc parley_i_xml_escape

/* ------------------------------------------------------------- chart sets */

void parley_chart_set_init(parley_chart_set *set) {
    memset(set, 0, sizeof *set);
}

void parley_chart_set_destroy(parley_chart_set *set) {
    if (!set)
        return;
    for (size_t k = 0; k < set->n; ++k) {
        free(set->items[k].name);
        free(set->items[k].caption);
        parley_buf_destroy(&set->items[k].svg);
    }
    free(set->items);
    memset(set, 0, sizeof *set);
}

static char *dup_text(const char *s) {
    if (!s)
        s = "";
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

parley_status parley_chart_set_add(parley_chart_set *set, const char *name, const char *caption,
                                   parley_chart_kind kind, size_t issue, parley_buf *svg) {
    if (set->n == set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 8;
        parley_chart_entry *grown = realloc(set->items, cap * sizeof *grown);
        if (!grown)
            return PARLEY_ENOMEM;
        set->items = grown;
        set->cap = cap;
    }
    parley_chart_entry *e = &set->items[set->n];
    memset(e, 0, sizeof *e);
    e->name = dup_text(name);
    e->caption = dup_text(caption);
    if (!e->name || !e->caption) {
        free(e->name);
        free(e->caption);
        return PARLEY_ENOMEM;
    }
    e->kind = kind;
    e->issue = issue;
    /* the report's charts are written compactly (the page's size budget) */
    parley_buf_init(&e->svg);
    if (parley_i_svg_compact(svg->data ? svg->data : "", svg->len, &e->svg) != PARLEY_OK) {
        parley_buf_destroy(&e->svg);
        free(e->name);
        free(e->caption);
        return PARLEY_ENOMEM;
    }
    parley_buf_destroy(svg);
    ++set->n;
    return PARLEY_OK;
}

static void chart_name(char *buf, size_t n, const char *kind, size_t issue, const char *issue_name,
                       const char *model) {
    parley_chart_file_stem(buf, n, kind, issue, issue_name, model);
}

static const char *model_short(const parley_model_type *t);

/* Does the run have rounds with positions to chart? */
static int chartable(const parley_forecast *f, const parley_run *run) {
    return f->traced && parley_i_report_has_rounds(run) && run->rounds[0].position;
}

static parley_status add_chart(parley_chart_set *set, parley_status st, const char *name,
                               const char *caption, parley_chart_kind kind, size_t issue,
                               parley_buf *b, parley_error *err) {
    if (st == PARLEY_OK &&
        (st = parley_chart_set_add(set, name, caption, kind, issue, b)) != PARLEY_OK)
        parley_error_set(err, st, NULL, 0, 0, "out of memory");
    parley_buf_destroy(b);
    return st;
}

parley_status parley_report_landing_charts(const parley_forecast *f, const parley_combined *c,
                                           parley_chart_set *set, parley_error *err) {
    const parley_scenario *s = f->scenario;
    parley_status st = PARLEY_OK;
    for (size_t i = 0; i < s->n_issues && st == PARLEY_OK; ++i) {
        char name[200], caption[512];
        chart_name(name, sizeof name, "landing", i, s->issues[i].name, NULL);
        snprintf(caption, sizeof caption,
                 "Every model's forecast on %.200s, the combined forecast and its band%s%s.",
                 s->issues[i].name ? s->issues[i].name : "?",
                 s->issues[i].has_status_quo ? ", and the status quo" : "",
                 isfinite(c->issues[i].outcome) ? " and the observed outcome" : "");
        parley_buf b;
        parley_buf_init(&b);
        st = parley_i_landing_svg(&b, f, c, i, name);
        st = add_chart(set, st, name, caption, PARLEY_CHART_LANDING, i, &b, err);
    }
    return st;
}

parley_status parley_report_charts(const parley_forecast *f, const parley_html_options *opt,
                                   parley_chart_set *set, parley_error *err) {
    if (!f->traced)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the report's charts need a traced forecast");
    const parley_scenario *s = f->scenario;
    for (size_t i = 0; i < s->n_issues; ++i)
        for (size_t m = 0; m < f->n_models; ++m) {
            const parley_run *run = parley_forecast_run(f, i, m);
            if (!chartable(f, run))
                continue;
            const char *mn = f->n_models > 1 ? f->params[m].type->name : NULL;
            char name[160], id[200], cap[512];
            parley_buf b;
            parley_status st;
            chart_name(name, sizeof name, "positions", i, s->issues[i].name, mn);
            snprintf(id, sizeof id, "chart-%s", name);
            snprintf(cap, sizeof cap,
                     "How each actor's position on %s moved, round by round, under %s. The bold "
                     "black line is the forecast at each round.",
                     s->issues[i].name, model_short(f->params[m].type));
            parley_buf_init(&b);
            st = parley_chart_forecast_positions(f, i, m, id, &b, err);
            if ((st = add_chart(set, st, name, cap, PARLEY_CHART_POSITIONS, i, &b, err)) !=
                PARLEY_OK)
                return st;
            chart_name(name, sizeof name, "power", i, s->issues[i].name, mn);
            snprintf(id, sizeof id, "chart-%s", name);
            snprintf(cap, sizeof cap,
                     "Where the weight sits on %s in each round of %s: the taller a bar, the "
                     "more capability \xC3\x97 salience stands behind that position.",
                     s->issues[i].name, model_short(f->params[m].type));
            parley_buf_init(&b);
            st = parley_chart_forecast_power(f, i, m, id, &b, err);
            if ((st = add_chart(set, st, name, cap, PARLEY_CHART_POWER, i, &b, err)) != PARLEY_OK)
                return st;
            if (!(f->params[m].type->report_flags & PARLEY_REPORT_CHALLENGE_PLANE))
                continue;
            size_t actor = opt && opt->actor != (size_t)-1 ? opt->actor : run->actor[0];
            int present = 0;
            for (size_t j = 0; j < run->n; ++j)
                present |= run->actor[j] == actor;
            if (!present)
                continue;
            chart_name(name, sizeof name, "challenges", i, s->issues[i].name, mn);
            snprintf(id, sizeof id, "chart-%s", name);
            snprintf(
                cap, sizeof cap,
                "How %s sized up each counterpart on %s before the first round: to the right, %s "
                "expects to gain by challenging; to the top, it expects the counterpart to gain "
                "by challenging %s.",
                s->actors[actor].name, s->issues[i].name, s->actors[actor].name,
                s->actors[actor].name);
            parley_buf_init(&b);
            parley_error e2;
            parley_error_clear(&e2);
            st = parley_chart_forecast_eu_plane(f, i, m, actor, 1, id, &b, &e2);
            if (st == PARLEY_EDOMAIN ||
                st == PARLEY_EINVAL) { /* nothing to draw: no counterpart elsewhere */
                parley_buf_destroy(&b);
                continue;
            }
            if (st != PARLEY_OK)
                *err = e2;
            if ((st = add_chart(set, st, name, cap, PARLEY_CHART_EU_PLANE, i, &b, err)) !=
                PARLEY_OK)
                return st;
        }
    return PARLEY_OK;
}

/* ------------------------------------------------------------ plain words */

/* The model whose forecast the summary leads with: the first that ran of
 * the types flagged PARLEY_REPORT_HEADLINE, else the last model that ran;
 * (size_t)-1 if none. */
static size_t headline_model(const parley_forecast *f, size_t i) {
    size_t best = (size_t)-1;
    for (size_t m = 0; m < f->n_models; ++m) {
        const parley_run *run = parley_forecast_run(f, i, m);
        if (run->status != PARLEY_OK)
            continue;
        if (f->params[m].type->report_flags & PARLEY_REPORT_HEADLINE)
            return m;
        best = m;
    }
    return best;
}

/* What the model does in plain words (its type's gloss), for places where
 * the model's title already stands before it. */
static const char *model_gloss(const parley_model_type *t) {
    return t->gloss ? t->gloss : t->title;
}

/* The model in running text ("the compromise model"). */
static const char *model_short(const parley_model_type *t) {
    return t->short_name ? t->short_name : t->title;
}

/* "0 = ..." for the scale point at `at`, or the number alone. */
static void scale_point(parley_buf *b, const parley_issue *is, double at) {
    char v[32];
    parley_buf_printf(b, "%s", parley_i_fmt_num(v, sizeof v, at));
    for (size_t k = 0; k < is->n_labels; ++k)
        if (is->labels[k].point == at) {
            parley_buf_printf(b, " = <q>");
            esc(b, is->labels[k].label);
            parley_buf_printf(b, "</q>");
            return;
        }
}

/* Whether the scale point `at` has a label. */
static int label_at(const parley_issue *is, double at) {
    for (size_t k = 0; k < is->n_labels; ++k)
        if (is->labels[k].point == at)
            return 1;
    return 0;
}

/* Index of the labelled point nearest x (the lower on a tie), or (size_t)-1. */
static size_t nearest_label(const parley_issue *is, double x) {
    size_t best = (size_t)-1;
    for (size_t k = 0; k < is->n_labels; ++k)
        if (best == (size_t)-1 || fabs(is->labels[k].point - x) < fabs(is->labels[best].point - x))
            best = k;
    return best;
}

static void issue_summary(parley_buf *b, const parley_forecast *f, size_t i, int lead) {
    const parley_issue *is = &f->scenario->issues[i];
    char v[32], w[32];
    parley_buf_printf(b, "<p class=\"brief\">");
    if (lead) {
        parley_buf_printf(b, "<b>");
        esc(b, is->name);
        parley_buf_printf(b, "</b>");
        if (is->description) {
            parley_buf_printf(b, " (");
            esc(b, is->description);
            parley_buf_printf(b, ")");
        }
        parley_buf_printf(b, ": ");
    }
    size_t hm = headline_model(f, i);
    if (hm == (size_t)-1) {
        parley_buf_printf(b, "no model could forecast this issue (see the table below).</p>\n");
        return;
    }
    const parley_run *run = parley_forecast_run(f, i, hm);
    double fc = run->outcome.forecast;
    parley_buf_printf(b, "%s%s forecasts <b class=\"fc\">%s</b> on a scale ",
                      lead ? "" : "In short: ", model_short(f->params[hm].type),
                      parley_i_fmt_num(v, sizeof v, fc));
    const int lo_named = label_at(is, is->lo), hi_named = label_at(is, is->hi);
    if (lo_named && hi_named) { /* where 0 = "..." and 100 = "..." */
        parley_buf_printf(b, "where ");
        scale_point(b, is, is->lo);
        parley_buf_printf(b, " and ");
        scale_point(b, is, is->hi);
    } else { /* from 0 to 100[, where 0 = "..."] */
        parley_buf_printf(b, "from %s to %s", parley_i_fmt_num(v, sizeof v, is->lo),
                          parley_i_fmt_num(w, sizeof w, is->hi));
        if (lo_named || hi_named) {
            parley_buf_printf(b, ", where ");
            scale_point(b, is, lo_named ? is->lo : is->hi);
        }
    }
    parley_buf_printf(b, ".");
    size_t nl = nearest_label(is, fc);
    if (nl != (size_t)-1 && is->labels[nl].point != is->lo && is->labels[nl].point != is->hi) {
        parley_buf_printf(b, " %s %s = <q>",
                          is->labels[nl].point == fc ? "That is exactly the labelled point"
                                                     : "The nearest labelled point is",
                          parley_i_fmt_num(w, sizeof w, is->labels[nl].point));
        esc(b, is->labels[nl].label);
        parley_buf_printf(b, "</q>.");
    } else if (nl != (size_t)-1 && is->labels[nl].point != fc) {
        /* only an end is labelled: say so only if the forecast lies on that end's half */
        const double other = is->labels[nl].point == is->lo ? is->hi : is->lo;
        if (fabs(fc - is->labels[nl].point) < fabs(fc - other))
            parley_buf_printf(b, " That is closer to the %s end of the scale.",
                              is->labels[nl].point == is->lo ? "lower" : "upper");
    }
    if (is->has_status_quo) {
        double d = fc - is->status_quo;
        parley_buf_printf(b, " The status quo is %s, so the forecast is %s",
                          parley_i_fmt_num(v, sizeof v, is->status_quo),
                          d == 0 ? "no change" : "a move of ");
        if (d != 0)
            parley_buf_printf(b, "%s%s point%s", d > 0 ? "+" : "", parley_i_fmt_num(w, sizeof w, d),
                              fabs(d) == 1 ? "" : "s");
        parley_buf_printf(b, ".");
    }
    if (run->outcome.cycle && run->outcome.cycle_lo != run->outcome.cycle_hi)
        parley_buf_printf(
            b, " The positions went round in a cycle, so the forecast swings between %s and %s.",
            parley_i_fmt_num(v, sizeof v, run->outcome.cycle_lo),
            parley_i_fmt_num(w, sizeof w, run->outcome.cycle_hi));
    int others = 0;
    for (size_t m = 0; m < f->n_models; ++m) {
        const parley_run *r = parley_forecast_run(f, i, m);
        if (m == hm || r->status != PARLEY_OK)
            continue;
        parley_buf_printf(b, "%s%s gives %s", others ? "; " : " For comparison, ",
                          model_short(f->params[m].type),
                          parley_i_fmt_num(v, sizeof v, r->outcome.forecast));
        others = 1;
    }
    parley_buf_printf(b, "%s</p>\n", others ? "." : "");
}

static const char *stop_plain(const parley_outcome *o) {
    switch (o->stop) {
    case PARLEY_STOP_FIXED_POINT:
        return "no actor wanted to move any further";
    case PARLEY_STOP_CONVERGED:
        return "the forecast had stopped changing";
    case PARLEY_STOP_CYCLE:
        return "the positions began to repeat an earlier round";
    case PARLEY_STOP_ROUND_LIMIT:
        return "the round limit was reached";
    case PARLEY_STOP_AGREEMENT:
        return "all actors already agreed";
    default:
        return parley_stop_reason_name(o->stop);
    }
}

/* The round-by-round story of an iterative run, in words. */
static void story(parley_buf *b, const parley_forecast *f, size_t i, size_t m) {
    const parley_run *run = parley_forecast_run(f, i, m);
    char a[32], c[32];
    parley_buf_printf(b, "<h4>What happened, round by round, under %s</h4>\n<ol class=\"story\">\n",
                      model_short(f->params[m].type));
    const int tell_moves = (f->params[m].type->report_flags & PARLEY_REPORT_STORY_MOVES) != 0;
    for (size_t k = 1; k < run->n_rounds; ++k) {
        const parley_round_record *rec = &run->rounds[k];
        parley_buf_printf(b, "<li value=\"%zu\"><b>Round %zu.</b> ", k, k);
        if (!tell_moves) { /* moves of other kinds are not told here: the forecast only */
            parley_buf_printf(b, "Forecast after the round: <b>%s</b>.</li>\n",
                              parley_i_fmt_num(a, sizeof a, rec->forecast));
            continue;
        }
        if (rec->n_moves == 0)
            parley_buf_printf(b, "No actor moved. ");
        for (size_t q = 0; q < rec->n_moves; ++q) {
            const parley_move *mv = &rec->moves[q];
            const char *who = parley_i_report_actor(f, run, mv->receiver);
            const char *to = parley_i_report_actor(f, run, mv->sender);
            parley_i_fmt_num(a, sizeof a, mv->from);
            parley_i_fmt_num(c, sizeof c, mv->to);
            switch (mv->kind) {
            case PARLEY_MOVE_CONFLICT:
                esc(b, who);
                parley_buf_printf(b, " expected to lose a confrontation with ");
                esc(b, to);
                parley_buf_printf(b, " and adopted its position (%s &#8594; %s). ", a, c);
                break;
            case PARLEY_MOVE_COMPROMISE:
                esc(b, who);
                parley_buf_printf(b, " met ");
                esc(b, to);
                parley_buf_printf(b, " part-way, a compromise (%s &#8594; %s). ", a, c);
                break;
            default:
                esc(b, who);
                parley_buf_printf(b, " gave in to ");
                esc(b, to);
                parley_buf_printf(b, " and took its position (%s &#8594; %s). ", a, c);
            }
        }
        parley_buf_printf(b, "Forecast after the round: <b>%s</b>.</li>\n",
                          parley_i_fmt_num(a, sizeof a, rec->forecast));
    }
    parley_buf_printf(
        b, "</ol>\n<p>The run stopped after %zu round%s because %s; the forecast is <b>%s</b>",
        run->outcome.rounds, run->outcome.rounds == 1 ? "" : "s", stop_plain(&run->outcome),
        parley_i_fmt_num(a, sizeof a, run->outcome.forecast));
    if (run->outcome.cycle && run->outcome.cycle_lo != run->outcome.cycle_hi)
        parley_buf_printf(b, " (a cycle of period %zu from round %zu; range %s to %s)",
                          run->outcome.cycle_period, run->outcome.cycle_start,
                          parley_i_fmt_num(a, sizeof a, run->outcome.cycle_lo),
                          parley_i_fmt_num(c, sizeof c, run->outcome.cycle_hi));
    parley_buf_printf(b, ".</p>\n");
}

/* ----------------------------------------------------------------- blocks */

static const char css[] =
    "body{font-family:\"DejaVu Sans\",Verdana,Arial,sans-serif;color:#1a1a1a;background:#fff;"
    "margin:0 auto;max-width:1000px;padding:1.5em 2em 3em;line-height:1.45}\n"
    "h1{font-size:1.7em;margin:.2em 0}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;"
    "margin-top:2em}h3{margin-top:1.8em}h4{margin-bottom:.3em}\n"
    ".meta{color:#555}.brief{margin:.6em 0}.fc{font-size:1.1em}\n"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.92em}\n"
    "th,td{border:1px solid #ccc;padding:.3em .55em;vertical-align:top;text-align:left}\n"
    "th{background:#f0f4f8}td.num{text-align:right;white-space:nowrap}\n"
    ".wide{overflow-x:auto;max-width:100%}#forecast-table th{vertical-align:bottom}\n"
    "#forecast-table .note{white-space:normal}.nw{white-space:nowrap}\n"
    ".note{color:#555;font-size:.85em}.note p{margin:.15em 0}\n"
    "figure{margin:1.2em 0;page-break-inside:avoid}figure svg{max-width:100%;height:auto;"
    "border:1px solid #e3e3e3}\nfigcaption{color:#333;font-size:.9em;margin-top:.3em}\n"
    "ol.story li{margin:.25em 0}code{background:#f4f4f4;padding:0 .2em}\n"
    "nav ul{columns:2;padding-left:1.2em}\n"
    "@media print{body{max-width:none}.wide{overflow:visible}}\n";

static void figure(parley_buf *b, const parley_chart_entry *e) {
    parley_buf_printf(b, "<figure class=\"chart\" data-chart=\"");
    esc(b, e->name);
    parley_buf_printf(b, "\">\n");
    parley_buf_append(b, e->svg.data ? e->svg.data : "", e->svg.len);
    parley_buf_printf(b, "<figcaption>");
    esc(b, e->caption);
    parley_buf_printf(b, "</figcaption>\n</figure>\n");
}

/* "Where the talks land": per issue the combined forecast, the agreement
 * in words, the probability that the status quo holds and the strip chart
 * of every model (docs/report.md). */
static void figures(parley_buf *b, const parley_chart_set *cs, parley_chart_kind k, size_t i);

static parley_status landing(parley_buf *b, const parley_forecast *f, const parley_combined *c,
                             const parley_chart_set *cs) {
    const parley_scenario *s = f->scenario;
    parley_buf_printf(b,
                      "<section id=\"landing\">\n<h2>Where the talks land</h2>\n<p>Each strip "
                      "is one issue's scale. Every dot is one model's forecast (hollow: an "
                      "outlier, far from the others); the black diamond is the combined "
                      "forecast, the %s of the models, and the blue band the range of the "
                      "models that agree; the dashed line is the status quo. ",
                      c->method == PARLEY_COMBINE_MEDIAN ? "median" : "inverse-MAE weighted mean");
    parley_buf verdict;
    parley_buf_init(&verdict);
    parley_status st = parley_combined_verdict(&c->score, &verdict);
    parley_buf_append(&verdict, "", 1);
    esc(b, verdict.data ? verdict.data : "");
    parley_buf_destroy(&verdict);
    parley_buf_printf(b, "</p>\n");
    for (size_t i = 0; i < s->n_issues && st == PARLEY_OK; ++i) {
        parley_buf_printf(b, "<div class=\"landing\" id=\"landing-issue-%zu\">\n<h3>%zu. ", i + 1,
                          i + 1);
        esc(b, s->issues[i].name);
        parley_buf_printf(b, "</h3>\n");
        parley_i_report_landing_text(b, f, c, i);
        figures(b, cs, PARLEY_CHART_LANDING, i);
        parley_buf_printf(b, "</div>\n");
    }
    parley_buf_printf(b, "</section>\n");
    return st;
}

static int has_trust(const parley_forecast *f, const parley_html_options *opt) {
    return parley_scenario_outcome_count(f->scenario) > 0 || (opt && opt->backtest);
}

/* "How good are these models": forecasts against the observed outcomes,
 * and the error table of a backtest on a case library. */
static void trust_section(parley_buf *b, const parley_forecast *f, const parley_html_options *opt) {
    const parley_scenario *s = f->scenario;
    char v[32], w[32];
    parley_buf_printf(b, "<section id=\"trust\">\n<h2>How good are these models</h2>\n");
    if (parley_scenario_outcome_count(s) > 0) {
        parley_buf_printf(
            b,
            "<p>What happened is known for %zu issue%s of this scenario. Each cell is the model's "
            "forecast and, below it, its error: forecast minus outcome, in %% of the issue's "
            "scale.</p>\n<div class=\"wide\"><table id=\"outcome-table\">\n<tr><th>Issue</th><th "
            "class=\"num\">Outcome</th>",
            parley_scenario_outcome_count(s), parley_scenario_outcome_count(s) == 1 ? "" : "s");
        for (size_t m = 0; m < f->n_models; ++m) {
            parley_buf_printf(b, "<th>");
            esc(b, f->params[m].type->title);
            parley_buf_printf(b, "</th>");
        }
        parley_buf_printf(b, "</tr>\n");
        parley_buf sentences;
        parley_buf_init(&sentences);
        for (size_t i = 0; i < s->n_issues; ++i) {
            const parley_issue *is = &s->issues[i];
            if (!is->outcome.has_value)
                continue;
            parley_buf_printf(b, "<tr><td>");
            esc(b, is->name);
            parley_buf_printf(b, "</td><td class=\"num\"><b>%s</b>",
                              parley_i_fmt_num(v, sizeof v, is->outcome.value));
            if (is->outcome.as_of)
                parley_buf_printf(b, "<br><span class=\"note\">as of %s</span>", is->outcome.as_of);
            parley_buf_printf(b, "</td>");
            for (size_t m = 0; m < f->n_models; ++m) {
                const parley_run *run = parley_forecast_run(f, i, m);
                double e = parley_i_outcome_error(f, i, m);
                if (run->status != PARLEY_OK || !isfinite(e)) {
                    parley_buf_printf(b, "<td class=\"note\">&#8212;</td>");
                    continue;
                }
                snprintf(w, sizeof w, "%+.0f %%", e);
                parley_buf_printf(b, "<td class=\"num\">%s<br><span class=\"note\">%s</span></td>",
                                  parley_i_fmt_num(v, sizeof v, run->outcome.forecast), w);
                parley_buf one;
                parley_buf_init(&one);
                if (parley_i_against_history(f, i, m, &one) && one.data) {
                    parley_buf_printf(&sentences, "<li>");
                    esc(&sentences, one.data);
                    parley_buf_printf(&sentences, "</li>\n");
                }
                if (one.failed)
                    b->failed = 1;
                parley_buf_destroy(&one);
            }
            parley_buf_printf(b, "</tr>\n");
        }
        parley_buf_printf(b, "</table></div>\n");
        for (size_t i = 0; i < s->n_issues; ++i) {
            const parley_issue *is = &s->issues[i];
            if (!is->outcome.has_value || !is->outcome.source)
                continue;
            parley_buf_printf(b, "<p class=\"note\">Outcome of ");
            esc(b, is->name);
            parley_buf_printf(b, ": ");
            esc(b, is->outcome.source);
            if (is->outcome.note) {
                parley_buf_printf(b, " (");
                esc(b, is->outcome.note);
                parley_buf_printf(b, ")");
            }
            parley_buf_printf(b, ".</p>\n");
        }
        if (sentences.len) {
            parley_buf_printf(b,
                              "<p>Where history went against a forecast (by more than %.0f %% of "
                              "the scale):</p>\n<ul>\n%s</ul>\n",
                              PARLEY_I_HISTORY_POINTS, sentences.data);
        } else {
            parley_buf_printf(
                b,
                "<p>Every forecast that ran is within %.0f %% of the scale of the outcome.</p>\n",
                PARLEY_I_HISTORY_POINTS);
        }
        if (sentences.failed)
            b->failed = 1;
        parley_buf_destroy(&sentences);
    }
    const parley_backtest *bt = opt ? opt->backtest : NULL;
    if (bt) {
        parley_buf_printf(b, "<p>On the case library");
        if (opt->backtest_source) {
            parley_buf_printf(b, " (");
            esc(b, opt->backtest_source);
            parley_buf_printf(b, ")");
        }
        parley_buf_printf(
            b,
            ", %zu case%s with %zu observed outcome%s, the same models were this far from what "
            "happened (errors in %% of each issue's scale; MAE: mean absolute error; bias: mean "
            "error, positive when too high). The baselines are what one would forecast without a "
            "model.</p>\n<table id=\"backtest-table\">\n<tr><th>Model</th><th "
            "class=\"num\">Issues</th><th class=\"num\">MAE</th><th class=\"num\">RMSE</th><th "
            "class=\"num\">Bias</th><th class=\"num\">Within 10</th></tr>\n",
            bt->n_cases, bt->n_cases == 1 ? "" : "s", bt->n_issues, bt->n_issues == 1 ? "" : "s");
        for (size_t m = 0; m < bt->n_models; ++m) {
            const parley_backtest_score *sc = &bt->pooled[m];
            parley_buf_printf(b, "<tr><td>");
            esc(b, bt->model_names[m]);
            if (m + bt->n_baselines >= bt->n_models)
                parley_buf_printf(b, " (baseline)");
            if (sc->n == 0) {
                parley_buf_printf(
                    b, "</td><td class=\"num\">0</td><td colspan=\"4\" class=\"note\">not "
                       "scored</td></tr>\n");
                continue;
            }
            parley_buf_printf(
                b,
                "</td><td class=\"num\">%zu</td><td class=\"num\">%.1f</td><td "
                "class=\"num\">%.1f</td><td class=\"num\">%+.1f</td><td class=\"num\">%.0f "
                "%%</td></tr>\n",
                sc->n, sc->mae, sc->rmse, sc->bias, 100.0 * sc->within10);
        }
        parley_buf_printf(b, "</table>\n");
    }
    parley_buf_printf(b, "</section>\n");
}

static void note(parley_buf *b, const char *what, const char *text) {
    if (!text || !*text)
        return;
    parley_buf_printf(b, "<p><b>%s:</b> ", what);
    esc(b, text);
    parley_buf_printf(b, "</p>");
}

static void scale_table(parley_buf *b, const parley_issue *is) {
    char v[32];
    parley_buf_printf(
        b, "<table class=\"scale\"><tr><th class=\"num\">Point</th><th>Meaning</th></tr>\n");
    if (is->n_labels == 0)
        parley_buf_printf(b, "<tr><td class=\"num\">%s to ", parley_i_fmt_num(v, sizeof v, is->lo));
    if (is->n_labels == 0)
        parley_buf_printf(b, "%s</td><td>(no labels given)</td></tr>\n",
                          parley_i_fmt_num(v, sizeof v, is->hi));
    for (size_t k = 0; k < is->n_labels; ++k) {
        parley_buf_printf(b, "<tr><td class=\"num\">%s</td><td>",
                          parley_i_fmt_num(v, sizeof v, is->labels[k].point));
        esc(b, is->labels[k].label);
        parley_buf_printf(b, "</td></tr>\n");
    }
    parley_buf_printf(b, "</table>\n");
}

static void issue_data(parley_buf *b, const parley_scenario *s, size_t i) {
    const parley_issue *is = &s->issues[i];
    char v[32];
    int pct = s->salience_scale == PARLEY_SALIENCE_PERCENT;
    parley_buf_printf(b, "<h3 id=\"data-%zu\">", i + 1);
    esc(b, is->name);
    parley_buf_printf(b, "</h3>\n");
    if (is->has_status_quo) {
        parley_buf_printf(b, "<p>Status quo: <b>%s</b>.</p><div class=\"note\">",
                          parley_i_fmt_num(v, sizeof v, is->status_quo));
        note(b, "Source", is->status_quo_note);
        parley_buf_printf(b, "</div>\n");
    }
    parley_buf_printf(b,
                      "<table class=\"data\"><tr><th>Actor</th><th class=\"num\">Position</th>"
                      "<th class=\"num\">Salience (%s)</th><th "
                      "class=\"num\">Capability</th><th>Sources</th></tr>\n",
                      pct ? "0-100" : "0-1");
    for (size_t a = 0; a < s->n_actors; ++a) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (!c->present)
            continue;
        parley_buf_printf(b, "<tr><td>");
        esc(b, s->actors[a].name);
        parley_buf_printf(b, "</td><td class=\"num\">%s</td>",
                          parley_i_fmt_num(v, sizeof v, c->position));
        parley_buf_printf(b, "<td class=\"num\">%s</td>",
                          parley_i_fmt_num(v, sizeof v, pct ? c->salience * 100 : c->salience));
        parley_buf_printf(b, "<td class=\"num\">%s</td><td class=\"note\">",
                          parley_i_fmt_num(v, sizeof v, c->capability));
        note(b, "Position", c->position_note);
        note(b, "Salience", c->salience_note);
        note(b, "Capability", c->capability_note);
        parley_buf_printf(b, "</td></tr>\n");
    }
    parley_buf_printf(b, "</table>\n");
}

static void method(parley_buf *b, const parley_forecast *f, const parley_report_meta *meta,
                   const parley_html_options *opt) {
    parley_buf_printf(b, "<section id=\"method\">\n<h2>How this report was made</h2>\n<table>\n");
    for (size_t m = 0; m < f->n_models; ++m) {
        parley_buf_printf(b, "<tr><th>");
        esc(b, f->params[m].type->title);
        parley_buf_printf(b, "</th><td>");
        esc(b, model_gloss(f->params[m].type));
        parley_buf_printf(b, ".<div class=\"note\"><p><b>Parameters:</b> ");
        parley_buf d;
        parley_buf_init(&d);
        parley_params_describe(&f->params[m], &d);
        if (d.failed)
            b->failed = 1;
        if (d.len) {
            parley_buf_printf(b, "<code>");
            esc(b, d.data);
            parley_buf_printf(b, "</code>");
        } else {
            parley_buf_printf(b, "none");
        }
        parley_buf_destroy(&d);
        parley_buf_printf(b, "</p><p><b>Source:</b> ");
        esc(b, f->params[m].type->source);
        parley_buf_printf(b, "</p></div></td></tr>\n");
    }
    parley_buf_printf(b, "<tr><th>Scenario file</th><td>");
    esc(b, meta && meta->source ? meta->source : "");
    parley_buf_printf(b, "</td></tr>\n<tr><th>Seed</th><td>%llu</td></tr>\n",
                      meta ? meta->seed : 0ULL);
    parley_buf_printf(b, "<tr><th>parley version</th><td>");
    esc(b, meta && meta->version ? meta->version : "");
    parley_buf_printf(b, "</td></tr>\n");
    if (opt && opt->command) {
        parley_buf_printf(b, "<tr><th>Command</th><td><code>");
        esc(b, opt->command);
        parley_buf_printf(b, "</code></td></tr>\n");
    }
    parley_buf_printf(
        b, "</table>\n<p class=\"note\">Charts use the Okabe-Ito colour-blind-safe palette; "
           "lines also differ by dash and marker, bars by hatching. See docs/report.md for "
           "how to read each chart.</p>\n</section>\n");
}

/* Charts of kind k for issue i. */
static void figures(parley_buf *b, const parley_chart_set *cs, parley_chart_kind k, size_t i) {
    for (size_t c = 0; cs && c < cs->n; ++c)
        if (cs->items[c].kind == k && cs->items[c].issue == i)
            figure(b, &cs->items[c]);
}

static int has_kind(const parley_chart_set *cs, parley_chart_kind k) {
    for (size_t c = 0; cs && c < cs->n; ++c)
        if (cs->items[c].kind == k)
            return 1;
    return 0;
}

/* ------------------------------------------------- the live what-if panel */

/* The panel's styles (only in an interactive page): labels read by screen
 * readers but hidden on screen (the column headers say the same). */
static const char live_css[] =
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap}\n"
    "table.tryit input[type=range]{width:8em;vertical-align:middle}\n"
    "table.tryit output{display:inline-block;min-width:3.2em;text-align:right}\n"
    "dl.live{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em}"
    "dl.live dt{font-weight:bold}dl.live dd{margin:0}\n"
    "#tryit span.model{margin-right:1.2em;white-space:nowrap}\n";

int parley_report_live_available(void) {
    size_t n = 0;
    return parley_i_wasm_module(&n) != NULL && n > 0;
}

/* Appends n bytes as base64 (RFC 4648, padded, one line). */
static void base64(parley_buf *b, const unsigned char *p, size_t n) {
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char q[5] = {0};
    for (size_t k = 0; k < n; k += 3) {
        unsigned v = (unsigned)p[k] << 16;
        if (k + 1 < n)
            v |= (unsigned)p[k + 1] << 8;
        if (k + 2 < n)
            v |= p[k + 2];
        q[0] = digits[(v >> 18) & 63];
        q[1] = digits[(v >> 12) & 63];
        q[2] = k + 1 < n ? digits[(v >> 6) & 63] : '=';
        q[3] = k + 2 < n ? digits[v & 63] : '=';
        parley_buf_printf(b, "%s", q);
    }
}

/* The 85 digits of the module's text (base 85, as Ascii85 but with
 * printable ASCII without < > & " ' ` \\ / -, so that the text cannot end or
 * change its <script> block): 94 - 9 = 85. */
static const char base85_digits[] = "!#$%()*+,.0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_"
                                    "abcdefghijklmnopqrstuvwxyz{|}~";

/* Appends n bytes in base 85: every 4 bytes (big-endian) as 5 digits, most
 * significant first; a last group of k < 4 bytes as the first k + 1 digits
 * of the group padded with zero bytes (src/wasm/loader.js decodes it). */
static void base85(parley_buf *b, const unsigned char *p, size_t n) {
    for (size_t k = 0; k < n; k += 4) {
        unsigned long v = 0;
        for (size_t j = 0; j < 4; ++j)
            v = v << 8 | (k + j < n ? p[k + j] : 0u);
        char q[5];
        for (size_t j = 5; j-- > 0;) {
            q[j] = base85_digits[v % 85];
            v /= 85;
        }
        parley_buf_append(b, q, n - k >= 4 ? 5 : n - k + 1);
    }
}

/* Appends the loader's CSP hash source: 'sha256-BASE64'. */
static void loader_hash(parley_buf *b) {
    const char *hex = parley_i_wasm_loader_sha256();
    unsigned char d[32];
    for (size_t k = 0; k < 32; ++k) {
        unsigned v = 0;
        for (size_t j = 0; j < 2; ++j) {
            char c = hex[2 * k + j];
            v = v * 16 + (unsigned)(c >= 'a' ? c - 'a' + 10 : c - '0');
        }
        d[k] = (unsigned char)v;
    }
    parley_buf_printf(b, "'sha256-");
    base64(b, d, sizeof d);
    parley_buf_printf(b, "'");
}

/* Appends JSON text without the whitespace between tokens (the page's size
 * budget) and with every '<' (only ever inside a JSON string) as \u003c, so
 * that the text could stand in a <script> block. */
static void json_in_script(parley_buf *b, const char *text, size_t n) {
    size_t from = 0;
    int in_string = 0;
    for (size_t k = 0; k < n; ++k) {
        char c = text[k];
        if (in_string && c == '\\') {
            ++k; /* the escaped character */
            continue;
        }
        if (c == '"')
            in_string = !in_string;
        if (c == '<' || (!in_string && (c == ' ' || c == '\n' || c == '\t' || c == '\r'))) {
            parley_buf_printf(b, "%.*s%s", (int)(k - from), text + from, c == '<' ? "\\u003c" : "");
            from = k + 1;
        }
    }
    parley_buf_printf(b, "%.*s", (int)(n - from), text + from);
}

/* Appends n bytes of text gzipped (RFC 1952 by zlib: level 9, no name, time
 * stamp 0, so the same text gives the same bytes).  Errors: PARLEY_ENOMEM. */
static parley_status gzip(parley_buf *out, const char *text, size_t n) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (n > UINT_MAX || deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return PARLEY_ENOMEM;
    uLong bound = deflateBound(&z, (uLong)n);
    unsigned char *buf = malloc(bound ? bound : 1);
    int rc = Z_MEM_ERROR;
    if (buf) {
        z.next_in = (Bytef *)(uintptr_t)text;
        z.avail_in = (uInt)n;
        z.next_out = buf;
        z.avail_out = (uInt)bound;
        rc = deflate(&z, Z_FINISH);
    }
    if (rc == Z_STREAM_END)
        parley_buf_append(out, (const char *)buf, z.total_out);
    deflateEnd(&z);
    free(buf);
    return rc == Z_STREAM_END && !out->failed ? PARLEY_OK : PARLEY_ENOMEM;
}

/* The data blocks and the loader of the panel: the scenario as parley JSON
 * with the models of the report (their parameters as described, so that
 * the page's base case is the report's) and the module, each gzipped in
 * base 85, then the
 * loader (the page's one script). */
static void live_assets(parley_buf *out, const parley_forecast *f, const parley_report_meta *meta) {
    parley_buf sc;
    parley_buf_init(&sc);
    if (parley_scenario_write_json(f->scenario, &sc) != PARLEY_OK || !sc.data) {
        parley_buf_destroy(&sc);
        out->failed = 1;
        return;
    }
    parley_buf data, *b = &data; /* the JSON document, gzipped below */
    parley_buf_init(&data);
    parley_buf_printf(b, "{\"seed\": %llu, \"chosen\": [", meta ? meta->seed : 0ULL);
    for (size_t m = 0; m < f->n_models; ++m) {
        parley_buf_printf(b, "%s", m ? ", " : "");
        parley_i_buf_json_text(b, f->params[m].type->name);
    }
    parley_buf_printf(b, "], \"params\": {");
    for (size_t m = 0; m < f->n_models; ++m) {
        parley_buf d;
        parley_buf_init(&d);
        parley_params_describe(&f->params[m], &d);
        parley_buf_printf(b, "%s", m ? ", " : "");
        parley_i_buf_json_text(b, f->params[m].type->name);
        parley_buf_printf(b, ": ");
        parley_buf t;
        parley_buf_init(&t);
        parley_i_buf_json_text(&t, d.data ? d.data : "");
        json_in_script(b, t.data ? t.data : "\"\"", t.data ? t.len : 2);
        parley_buf_destroy(&t);
        parley_buf_destroy(&d);
    }
    parley_buf_printf(b, "}, \"models\": [");
    const parley_model_type *const *types = parley_model_types();
    for (size_t k = 0; types[k]; ++k) {
        parley_buf_printf(b, "%s{\"name\": ", k ? ", " : "");
        parley_i_buf_json_text(b, types[k]->name);
        parley_buf_printf(b, ", \"title\": ");
        parley_i_buf_json_text(b, types[k]->title);
        parley_buf_printf(b, ", \"presets\": [");
        for (size_t j = 0; types[k]->presets && types[k]->presets[j]; ++j) {
            parley_buf_printf(b, "%s", j ? ", " : "");
            parley_i_buf_json_text(b, types[k]->presets[j]);
        }
        parley_buf_printf(b, "]}");
    }
    /* "Where the talks land": the status-quo rule's replicates and its
     * score on the case library, which the page's redraw repeats */
    const parley_combined *c = meta ? meta->combined : NULL;
    const int scored = c && c->score.scored && c->score.n_brier > 0 && isfinite(c->score.brier) &&
                       isfinite(c->score.brier_baseline);
    if (c)
        parley_buf_printf(
            b, "], \"combined\": {\"sq_replicates\": %zu, \"brier\": [%zu, %.17g, %.17g]}",
            c->sq_replicates, scored ? c->score.n_brier : 0, scored ? c->score.brier : 0.0,
            scored ? c->score.brier_baseline : 0.0);
    else
        parley_buf_printf(b, "], \"combined\": null");
    parley_buf_printf(b, ",\n\"scenario\": ");
    json_in_script(b, sc.data, sc.len);
    parley_buf_printf(b, "}");
    parley_buf_destroy(&sc);
    parley_buf z;
    parley_buf_init(&z);
    if (data.failed || gzip(&z, data.data, data.len) != PARLEY_OK)
        out->failed = 1;
    parley_buf_printf(out, "<script type=\"application/octet-stream\" id=\"parley-live-data\">");
    base85(out, (const unsigned char *)z.data, z.len);
    parley_buf_destroy(&z);
    parley_buf_destroy(&data);
    parley_buf_printf(out, "</script>\n<script type=\"application/octet-stream\" "
                           "id=\"parley-live-module\">");
    size_t n = 0;
    const unsigned char *mod = parley_i_wasm_module(&n);
    base85(out, mod, n);
    size_t ln = 0;
    const char *loader = parley_i_wasm_loader(&ln);
    parley_buf_printf(out, "</script>\n<script>%.*s</script>\n", (int)ln, loader);
}

parley_status parley_report_html(const parley_forecast *f, const parley_report_meta *meta,
                                 const parley_html_options *opt, const parley_chart_set *cs,
                                 parley_buf *b, parley_error *err) {
    const parley_scenario *s = f->scenario;
    const char *title = s->name ? s->name : "(unnamed scenario)";
    parley_buf_printf(b,
                      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'; img-src data:");
    const int live = opt && opt->interactive && parley_report_live_available();
    if (live) {
        parley_buf_printf(b, "; script-src ");
        loader_hash(b);
        parley_buf_printf(b, " 'wasm-unsafe-eval'");
    }
    parley_buf_printf(b,
                      "\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta name=\"generator\" content=\"parley ");
    esc(b, meta && meta->version ? meta->version : "");
    parley_buf_printf(b, "\">\n<title>");
    esc(b, title);
    parley_buf_printf(b, " &#8212; parley report</title>\n<style>\n%s</style>\n", css);
    if (live)
        parley_buf_printf(b, "<style>\n%s</style>\n", live_css);
    parley_buf_printf(b, "</head>\n<body>\n");
    /* header */
    parley_buf_printf(b,
                      "<header id=\"top\">\n<p class=\"meta\">parley %s forecast report</p>\n<h1>",
                      meta && meta->version ? meta->version : "");
    esc(b, title);
    parley_buf_printf(b, "</h1>\n");
    if (s->description) {
        parley_buf_printf(b, "<p>");
        esc(b, s->description);
        parley_buf_printf(b, "</p>\n");
    }
    if (s->source) {
        parley_buf_printf(b, "<p class=\"meta\">Source: ");
        esc(b, s->source);
        parley_buf_printf(b, "</p>\n");
    }
    const parley_combined *comb = meta ? meta->combined : NULL;
    parley_buf_printf(b, "<nav><ul>");
    if (comb)
        parley_buf_printf(b, "<li><a href=\"#landing\">Where the talks land</a></li>");
    parley_buf_printf(
        b, "<li><a href=\"#summary\">In brief</a></li><li><a href=\"#forecasts\">"
           "Forecasts of every model</a></li><li><a href=\"#issues\">Issue by issue</a></li>");
    if (has_kind(cs, PARLEY_CHART_ENSEMBLE))
        parley_buf_printf(b, "<li><a href=\"#ensemble\">How sure is the forecast</a></li>");
    if (has_kind(cs, PARLEY_CHART_LEVERAGE))
        parley_buf_printf(b, "<li><a href=\"#leverage\">Who moves the forecast</a></li>");
    if (has_trust(f, opt))
        parley_buf_printf(b, "<li><a href=\"#trust\">How good are these models</a></li>");
    parley_buf_printf(
        b, "<li><a href=\"#scenario\">The scenario and its sources</a></li><li><a href=\"#method\">"
           "How this report was made</a></li></ul></nav>\n</header>\n");
    if (comb && landing(b, f, comb, cs) != PARLEY_OK)
        b->failed = 1;
    if (live)
        parley_buf_printf(b, "<section id=\"tryit\" hidden></section>\n");
    /* in brief */
    parley_buf_printf(
        b,
        "<section id=\"summary\">\n<h2>In brief</h2>\n<p>%zu actor%s negotiate%s %zu issue%s. "
        "Each issue is a scale of possible outcomes; the models below forecast where on that "
        "scale the talks will land.</p>\n",
        s->n_actors, s->n_actors == 1 ? "" : "s", s->n_actors == 1 ? "s" : "", s->n_issues,
        s->n_issues == 1 ? "" : "s");
    for (size_t i = 0; i < s->n_issues; ++i)
        issue_summary(b, f, i, 1);
    parley_buf_printf(b, "</section>\n");
    /* forecasts side by side */
    parley_buf_printf(
        b, "<section id=\"forecasts\">\n<h2>Forecasts of every model</h2>\n<p>Each column is one "
           "model's forecast on the issue's scale. Where the models agree the forecast is robust "
           "to how one thinks bargaining works; where they differ, the issue-by-issue sections "
           "explain why.</p>\n");
    parley_i_report_forecast_table(b, f);
    parley_buf_printf(b, "<ul class=\"note\">\n");
    for (size_t m = 0; m < f->n_models; ++m) {
        parley_buf_printf(b, "<li><b>");
        esc(b, f->params[m].type->title);
        parley_buf_printf(b, "</b>: ");
        esc(b, model_gloss(f->params[m].type));
        parley_buf_printf(b, ".</li>\n");
    }
    parley_buf_printf(b, "</ul>\n</section>\n");
    /* issue by issue */
    parley_buf_printf(b, "<section id=\"issues\">\n<h2>Issue by issue</h2>\n");
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_issue *is = &s->issues[i];
        parley_buf_printf(b, "<section class=\"issue\" id=\"issue-%zu\">\n<h3>%zu. ", i + 1, i + 1);
        esc(b, is->name);
        parley_buf_printf(b, "</h3>\n");
        if (is->description) {
            parley_buf_printf(b, "<p>");
            esc(b, is->description);
            parley_buf_printf(b, "</p>\n");
        }
        scale_table(b, is);
        issue_summary(b, f, i, 0);
        for (size_t m = 0; m < f->n_models; ++m) {
            const parley_run *run = parley_forecast_run(f, i, m);
            if (chartable(f, run))
                story(b, f, i, m);
        }
        figures(b, cs, PARLEY_CHART_POSITIONS, i);
        figures(b, cs, PARLEY_CHART_POWER, i);
        figures(b, cs, PARLEY_CHART_EU_PLANE, i);
        parley_buf_printf(b, "</section>\n");
    }
    parley_buf_printf(b, "</section>\n");
    if (has_kind(cs, PARLEY_CHART_ENSEMBLE)) {
        /* the ensemble's charts, and the experts' disagreement (report --experts) */
        int runs = 0, experts = 0;
        for (size_t c = 0; c < cs->n; ++c)
            if (cs->items[c].kind == PARLEY_CHART_ENSEMBLE) {
                if (strcmp(cs->items[c].name, "experts") == 0)
                    experts = 1;
                else
                    runs = 1;
            }
        parley_buf_printf(b, "<section id=\"ensemble\">\n<h2>How sure is the forecast</h2>\n<p>");
        if (runs)
            parley_buf_printf(b, "The models were run many times on scenarios perturbed within "
                                 "the uncertainty of the data; the charts show how the forecasts "
                                 "spread.");
        if (experts)
            parley_buf_printf(b,
                              "%sThe scenario is the median of several experts' codings; where "
                              "they disagree, the data are less sure than one table suggests.",
                              runs ? " " : "");
        parley_buf_printf(b, "</p>\n");
        for (size_t c = 0; c < cs->n; ++c)
            if (cs->items[c].kind == PARLEY_CHART_ENSEMBLE)
                figure(b, &cs->items[c]);
        parley_buf_printf(b, "</section>\n");
    }
    if (has_kind(cs, PARLEY_CHART_LEVERAGE)) {
        parley_buf_printf(
            b,
            "<section id=\"leverage\">\n<h2>Who moves the forecast</h2>\n<p>Each bar is the change "
            "in the forecast when one actor's input changes: the longer the bar, the more the "
            "forecast depends on that actor.</p>\n");
        for (size_t c = 0; c < cs->n; ++c)
            if (cs->items[c].kind == PARLEY_CHART_LEVERAGE)
                figure(b, &cs->items[c]);
        parley_buf_printf(b, "</section>\n");
    }
    if (has_trust(f, opt))
        trust_section(b, f, opt);
    /* the scenario */
    parley_buf_printf(
        b, "<section id=\"scenario\">\n<h2>The scenario and its sources</h2>\n<p>Every number the "
           "models use, with the note that justifies it. Capability is the actor's clout (only "
           "ratios matter); salience is how much the issue matters to it; positions are on each "
           "issue's scale.</p>\n<h3>Actors</h3>\n<table "
           "id=\"actors\"><tr><th>Actor</th><th>Who</th></tr>\n");
    for (size_t a = 0; a < s->n_actors; ++a) {
        parley_buf_printf(b, "<tr><td>");
        esc(b, s->actors[a].name);
        parley_buf_printf(b, "</td><td>");
        esc(b, s->actors[a].description ? s->actors[a].description : "");
        parley_buf_printf(b, "</td></tr>\n");
    }
    parley_buf_printf(b, "</table>\n");
    for (size_t i = 0; i < s->n_issues; ++i)
        issue_data(b, s, i);
    parley_buf_printf(b, "</section>\n");
    method(b, f, meta, opt);
    if (live)
        parley_buf_printf(
            b,
            "<footer class=\"meta\"><p>Made by parley %s. This page is self-contained: it loads "
            "nothing from the network. Its one script runs the models of the &#8220;Try it&#8221; "
            "panel in the page (WebAssembly); without it the page reads the same, without the "
            "panel.</p></footer>\n",
            meta && meta->version ? meta->version : "");
    else if (opt && opt->interactive)
        parley_buf_printf(
            b,
            "<footer class=\"meta\"><p>Made by parley %s. This page is self-contained: it loads "
            "nothing from the network and runs no script. The live what-if panel is absent: this "
            "parley was built without its WebAssembly module, which needs "
            "emscripten.</p></footer>\n",
            meta && meta->version ? meta->version : "");
    else
        parley_buf_printf(
            b,
            "<footer class=\"meta\"><p>Made by parley %s. This page is self-contained: it loads "
            "nothing from the network and runs no script.</p></footer>\n",
            meta && meta->version ? meta->version : "");
    if (live)
        live_assets(b, f, meta);
    parley_buf_printf(b, "</body>\n</html>\n");
    if (b->failed)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    return PARLEY_OK;
}
