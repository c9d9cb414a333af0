/* parley: the charts of a forecast -- turns a traced forecast's round
 * records into the plain arrays of the chart functions (svg.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/chart.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_i.h"

/* Checks that model m on issue i has a traced, successful run. */
static parley_status traced_run(const parley_forecast *f, size_t issue, size_t model,
                                const parley_run **run, parley_error *err) {
    if (!f || issue >= f->scenario->n_issues || model >= f->n_models)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "chart: issue or model out of range");
    const parley_run *r = parley_forecast_run(f, issue, model);
    if (r->status != PARLEY_OK)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "chart: the model did not run on this issue");
    if (!f->traced || !r->rounds || r->n_rounds == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "chart: the forecast was not traced");
    for (size_t k = 0; k < r->n_rounds; ++k)
        if (!r->rounds[k].position)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "chart: the model records no positions");
    *run = r;
    return PARLEY_OK;
}

/* The issue's axis: its scale labels, "position on the issue scale (lo to hi)". */
static void issue_axis(const parley_issue *is, parley_chart_axis *a, double *at, const char **text,
                       char *title, size_t title_n) {
    char lo[32], hi[32];
    snprintf(title, title_n, "position on the issue scale (%s to %s)",
             parley_i_fmt_num(lo, sizeof lo, is->lo), parley_i_fmt_num(hi, sizeof hi, is->hi));
    for (size_t k = 0; k < is->n_labels; ++k) {
        at[k] = is->labels[k].point;
        text[k] = is->labels[k].label;
    }
    a->title = title;
    a->lo = is->lo;
    a->hi = is->hi;
    a->n_labels = is->n_labels;
    a->label_at = at;
    a->label_text = text;
}

#define POWER_PANELS 6

static parley_status oom(parley_error *err) {
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
}

parley_status parley_chart_forecast_positions(const parley_forecast *f, size_t issue, size_t model,
                                              const char *id, parley_buf *out, parley_error *err) {
    const parley_run *run;
    parley_status st = traced_run(f, issue, model, &run, err);
    if (st != PARLEY_OK)
        return st;
    const parley_issue *is = &f->scenario->issues[issue];
    const size_t n = run->n, R = run->n_rounds;
    double *y = malloc((n + 1) * R * sizeof *y);
    parley_chart_series *series = calloc(n + 1, sizeof *series);
    double *at = malloc((is->n_labels + 1) * sizeof *at);
    const char **text = malloc((is->n_labels + 1) * sizeof *text);
    if (!y || !series || !at || !text) {
        st = oom(err);
        goto done;
    }
    const int is_median =
        (f->params[model].type->report_flags & PARLEY_REPORT_FORECAST_IS_MEDIAN) != 0;
    series[0].name =
        is_median ? "forecast: weighted median of the positions" : "forecast after each round";
    series[0].y = y;
    series[0].emphasis = 1;
    for (size_t k = 0; k < R; ++k)
        y[k] = run->rounds[k].forecast;
    for (size_t j = 0; j < n; ++j) {
        double *yj = y + (j + 1) * R;
        for (size_t k = 0; k < R; ++k)
            yj[k] = run->rounds[k].position[j];
        series[j + 1].name = parley_i_report_actor(f, run, j);
        series[j + 1].y = yj;
    }
    char ytitle[128], title[256], sub[512], fc[32], sq[48];
    parley_line_chart c;
    memset(&c, 0, sizeof c);
    issue_axis(is, &c.y, at, text, ytitle, sizeof ytitle);
    snprintf(title, sizeof title, "Positions by round: %s", is->name);
    snprintf(sub, sizeof sub,
             "%s. The bold black line is the forecast after each round%s; it ends at %s after %zu "
             "round%s (%s).",
             f->params[model].type->title,
             is_median ? " (the weighted median of the positions)" : "",
             parley_i_fmt_num(fc, sizeof fc, run->outcome.forecast), run->outcome.rounds,
             run->outcome.rounds == 1 ? "" : "s", parley_stop_reason_name(run->outcome.stop));
    c.id = id;
    c.title = title;
    c.subtitle = sub;
    c.x.title = "round of the negotiation (0 = the starting positions)";
    c.x.lo = 0;
    c.x.hi = R > 1 ? (double)(R - 1) : 1;
    c.x_integer = 1;
    c.n = R;
    c.n_series = n + 1;
    c.series = series;
    parley_chart_ref ref;
    if (is->has_status_quo) {
        snprintf(sq, sizeof sq, "status quo %s", parley_i_fmt_num(fc, sizeof fc, is->status_quo));
        ref.name = sq;
        ref.at = is->status_quo;
        c.n_refs = 1;
        c.refs = &ref;
    }
    st = parley_chart_lines_svg(&c, out, err);
done:
    free(y);
    free(series);
    free(at);
    free(text);
    return st;
}

parley_status parley_chart_forecast_power(const parley_forecast *f, size_t issue, size_t model,
                                          const char *id, parley_buf *out, parley_error *err) {
    const parley_run *run;
    parley_status st = traced_run(f, issue, model, &run, err);
    if (st != PARLEY_OK)
        return st;
    const parley_issue *is = &f->scenario->issues[issue];
    /* at most POWER_PANELS panels: round 0, the last round and rounds evenly
     * spaced between them */
    const size_t n = run->n, R = run->n_rounds < POWER_PANELS ? run->n_rounds : POWER_PANELS;
    double *pos = malloc(n * R * sizeof *pos), *w = malloc(n * R * sizeof *w),
           *med = malloc(R * sizeof *med);
    const char **names = malloc(n * sizeof *names), **panels = calloc(R, sizeof *panels);
    char *panel_text = malloc(R * 48);
    double *at = malloc((is->n_labels + 1) * sizeof *at);
    const char **text = malloc((is->n_labels + 1) * sizeof *text);
    if (!pos || !w || !med || !names || !panels || !panel_text || !at || !text) {
        st = oom(err);
        goto done;
    }
    for (size_t j = 0; j < n; ++j)
        names[j] = parley_i_report_actor(f, run, j);
    for (size_t k = 0; k < R; ++k) {
        char *pt = panel_text + 48 * k;
        size_t rk = R == run->n_rounds ? k : (k * (run->n_rounds - 1) + (R - 1) / 2) / (R - 1);
        if (rk == 0)
            snprintf(pt, 48, "Round 0: the starting positions");
        else
            snprintf(pt, 48, "After round %zu", rk);
        panels[k] = pt;
        med[k] = run->rounds[rk].median;
        for (size_t j = 0; j < n; ++j) {
            const parley_cell *cell = parley_scenario_cell_const(f->scenario, run->actor[j], issue);
            pos[k * n + j] = run->rounds[rk].position[j];
            w[k * n + j] = cell->capability * cell->salience;
        }
    }
    char xtitle[128], title[256], sub[512];
    parley_power_chart c;
    memset(&c, 0, sizeof c);
    issue_axis(is, &c.x, at, text, xtitle, sizeof xtitle);
    snprintf(title, sizeof title, "Effective power by position: %s", is->name);
    snprintf(sub, sizeof sub,
             "%s. Each bar stacks the actors standing at one position, each as tall as its "
             "capability \xC3\x97 salience; the dashed line is the weighted median.",
             f->params[model].type->title);
    c.id = id;
    c.title = title;
    c.subtitle = sub;
    c.y_title = "capability \xC3\x97 salience (capability units)";
    c.n_actors = n;
    c.actor = names;
    c.n_panels = R;
    c.panel = panels;
    c.position = pos;
    c.weight = w;
    c.marker = med;
    c.marker_name = "weighted median";
    st = parley_chart_power_svg(&c, out, err);
done:
    free(pos);
    free(w);
    free(med);
    free(names);
    free(panels);
    free(panel_text);
    free(at);
    free(text);
    return st;
}

parley_status parley_eu_plane_compute(const parley_forecast *f, size_t issue, size_t model,
                                      size_t actor, size_t round, const char **names, double *e_i,
                                      double *e_j, size_t *n, parley_error *err) {
    *n = 0;
    if (!f || issue >= f->scenario->n_issues || model >= f->n_models)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "plane: issue or model out of range");
    if (!(f->params[model].type->report_flags & PARLEY_REPORT_CHALLENGE_PLANE))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "plane: model '%s' weighs no challenges",
                                f->params[model].type->name);
    const parley_run *run = parley_forecast_run(f, issue, model);
    if (run->status != PARLEY_OK)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "plane: the model did not run on this issue");
    if (round == 0 || round > run->outcome.rounds)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "plane: round %zu is not one of the %zu round%s played", round,
                                run->outcome.rounds, run->outcome.rounds == 1 ? "" : "s");
    if (!f->traced || round >= run->n_rounds || !run->rounds[round].challenges)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "plane: the forecast recorded no challenges of round %zu", round);
    size_t i = run->n;
    for (size_t k = 0; k < run->n; ++k)
        if (run->actor[k] == actor)
            i = k;
    if (i == run->n)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "plane: the actor takes no part in issue '%s'",
                                f->scenario->issues[issue].name);
    const parley_challenge *row = run->rounds[round].challenges + i * run->n;
    for (size_t j = 0; j < run->n; ++j) {
        if (isnan(row[j].e_i))
            continue; /* not weighed: i itself, or a counterpart at i's position */
        const char *name = f->scenario->actors[run->actor[j]].name;
        names[*n] = name ? name : "?";
        e_i[*n] = row[j].e_i;
        e_j[*n] = row[j].e_j;
        ++*n;
    }
    return PARLEY_OK;
}

parley_status parley_chart_forecast_eu_plane(const parley_forecast *f, size_t issue, size_t model,
                                             size_t actor, size_t round, const char *id,
                                             parley_buf *out, parley_error *err) {
    if (!f || issue >= f->scenario->n_issues || actor >= f->scenario->n_actors)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "plane: issue or actor out of range");
    size_t cap = f->scenario->n_actors;
    const char **names = malloc(cap * sizeof *names);
    double *ei = malloc(cap * sizeof *ei), *ej = malloc(cap * sizeof *ej);
    size_t n = 0;
    parley_status st;
    if (!names || !ei || !ej) {
        st = oom(err);
    } else {
        st = parley_eu_plane_compute(f, issue, model, actor, round, names, ei, ej, &n, err);
    }
    if (st == PARLEY_OK && n == 0)
        st = parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                              "plane: every counterpart shares the actor's position");
    if (st == PARLEY_OK) {
        const char *who = f->scenario->actors[actor].name;
        char title[256], sub[512];
        snprintf(title, sizeof title, "Who challenges whom: %s on %s, round %zu", who,
                 f->scenario->issues[issue].name, round);
        snprintf(
            sub, sizeof sub,
            "Each point is a counterpart, placed by %s's own estimates of the two sides' expected "
            "utility of a challenge (Bueno de Mesquita's expected-utility plane). Counterparts "
            "already at %s's position are left out.",
            who, who);
        parley_eu_plane_chart c;
        memset(&c, 0, sizeof c);
        c.id = id;
        c.title = title;
        c.subtitle = sub;
        c.actor = who;
        c.n = n;
        c.counterpart = names;
        c.e_i = ei;
        c.e_j = ej;
        st = parley_chart_eu_plane_svg(&c, out, err);
    }
    free(names);
    free(ei);
    free(ej);
    return st;
}

parley_status parley_chart_ensemble(const parley_scenario *s, const parley_ensemble_summary *sum,
                                    size_t issue, size_t config, const char *what, const char *id,
                                    parley_buf *out, parley_error *err) {
    if (!s || !sum || issue >= s->n_issues || issue >= sum->n_issues || config >= sum->n_configs)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "ensemble chart: issue or model out of range");
    parley_ensemble_stats st;
    parley_ensemble_stats_get(sum, issue, config, &st);
    if (st.n == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "ensemble chart: the model never ran");
    const parley_issue *is = &s->issues[issue];
    double *counts = malloc((sum->bins ? sum->bins : 1) * sizeof *counts);
    double *at = malloc((is->n_labels + 1) * sizeof *at);
    const char **text = malloc((is->n_labels + 1) * sizeof *text);
    parley_status rc;
    if (!counts || !at || !text) {
        rc = oom(err);
    } else {
        for (size_t b = 0; b < sum->bins; ++b)
            counts[b] = (double)st.hist[b];
        char xtitle[128], title[256], sub[512], q0[32], q2[32], q4[32], fail[96] = "";
        parley_histogram_chart c;
        memset(&c, 0, sizeof c);
        issue_axis(is, &c.x, at, text, xtitle, sizeof xtitle);
        c.x.lo = sum->lo[issue];
        c.x.hi = sum->hi[issue];
        snprintf(xtitle, sizeof xtitle, "forecast on the issue scale (%s to %s)",
                 parley_i_fmt_num(q0, sizeof q0, c.x.lo), parley_i_fmt_num(q2, sizeof q2, c.x.hi));
        c.x.title = xtitle;
        if (st.n_failed)
            snprintf(fail, sizeof fail, " In %llu run%s the model could not forecast.",
                     (unsigned long long)st.n_failed, st.n_failed == 1 ? "" : "s");
        snprintf(title, sizeof title, "How sure is the forecast: %s", is->name);
        snprintf(
            sub, sizeof sub,
            "%s over %llu runs on perturbed inputs: median %s; 90%% of the runs between %s and %s "
            "(shaded).%s",
            what ? what : "the model", (unsigned long long)st.n,
            parley_i_fmt_num(q2, sizeof q2, st.q[2]), parley_i_fmt_num(q0, sizeof q0, st.q[0]),
            parley_i_fmt_num(q4, sizeof q4, st.q[4]), fail);
        c.id = id;
        c.title = title;
        c.subtitle = sub;
        c.n_bins = sum->bins;
        c.counts = counts;
        c.has_band = 1;
        c.band_lo = st.q[0];
        c.band_hi = st.q[4];
        c.band_name = "middle 90% of the runs (5th to 95th percentile)";
        c.has_marker = 1;
        c.marker = st.q[2];
        c.marker_name = "median of the runs";
        rc = parley_chart_histogram_svg(&c, out, err);
    }
    free(counts);
    free(at);
    free(text);
    return rc;
}

/* A row the leverage chart draws: one of this issue and model with an
 * effect.  parley_leverage_compute already set every effect below
 * PARLEY_LEVERAGE_ZERO_TOL of the scale width to exactly 0 (rounding
 * noise), so the chart leaves out the same rows every other output ranks as
 * ties at 0, whatever the scale's width. */
static int chart_row(const parley_leverage_row *row, size_t issue, size_t model) {
    return row->issue == issue && row->model == model && !row->failed && isfinite(row->effect) &&
           row->effect != 0.0;
}

parley_status parley_chart_leverage(const parley_scenario *s, const parley_leverage *lev,
                                    size_t issue, size_t model, size_t top, double effect,
                                    const char *what, const char *id, parley_buf *out,
                                    parley_error *err) {
    if (!s || !lev || issue >= s->n_issues)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "leverage chart: issue out of range");
    size_t n = 0;
    for (size_t r = 0; r < lev->n_rows; ++r) {
        const parley_leverage_row *row = &lev->rows[r];
        if (chart_row(row, issue, model))
            ++n;
    }
    if (n == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "leverage chart: no non-zero effect for this issue and model");
    double *v = malloc(n * sizeof *v);
    char *labels = malloc(n * 160);
    const char **lp = malloc(n * sizeof *lp);
    parley_status rc;
    if (!v || !labels || !lp) {
        rc = oom(err);
    } else {
        static const char *const field[PARLEY_N_FIELDS] = {"position", "salience", "capability"};
        size_t k = 0;
        for (size_t r = 0; r < lev->n_rows; ++r) {
            const parley_leverage_row *row = &lev->rows[r];
            if (!chart_row(row, issue, model))
                continue;
            const char *who = row->actor < s->n_actors && s->actors[row->actor].name
                                  ? s->actors[row->actor].name
                                  : "?";
            snprintf(labels + 160 * k, 160, "%s %s", who,
                     row->drop                                ? "leaves"
                     : (unsigned)row->field < PARLEY_N_FIELDS ? field[row->field]
                                                              : "?");
            lp[k] = labels + 160 * k;
            v[k] = row->effect;
            ++k;
        }
        /* keep the `top` largest: rank here, draw ranked */
        size_t *order = malloc(n * sizeof *order);
        if (!order) {
            rc = oom(err);
        } else {
            for (size_t j = 0; j < n; ++j)
                order[j] = j;
            for (size_t j = 1; j < n; ++j) {
                size_t cur = order[j], q = j;
                while (q > 0 && fabs(v[order[q - 1]]) < fabs(v[cur])) {
                    order[q] = order[q - 1];
                    --q;
                }
                order[q] = cur;
            }
            size_t shown = top && top < n ? top : n;
            double *sv = malloc(shown * sizeof *sv);
            const char **sl = malloc(shown * sizeof *sl);
            if (!sv || !sl) {
                rc = oom(err);
            } else {
                for (size_t j = 0; j < shown; ++j) {
                    sv[j] = v[order[j]];
                    sl[j] = lp[order[j]];
                }
                char title[256], sub[512], e[32];
                snprintf(title, sizeof title, "Who moves the forecast: %s", s->issues[issue].name);
                snprintf(
                    sub, sizeof sub,
                    "How far %s's forecast moves when one input changes by %s of its range "
                    "(position, salience, capability) or when the actor leaves the talks; the %zu "
                    "largest of %zu non-zero effects.",
                    what ? what : "the model", parley_i_fmt_num(e, sizeof e, effect), shown, n);
                parley_bar_chart c = {
                    id,    title, sub, "change in the forecast (points on the issue scale)",
                    shown, sl,    sv,  1};
                rc = parley_chart_bars_svg(&c, out, err);
            }
            free(sv);
            free(sl);
        }
        free(order);
    }
    free(v);
    free(labels);
    free(lp);
    return rc;
}

parley_status parley_chart_fan(const parley_scenario *s, size_t issue, const parley_fan *fan,
                               const double *base, size_t n_base, const char *what, const char *id,
                               parley_buf *out, parley_error *err) {
    if (!s || !fan || issue >= s->n_issues || fan->n_rounds == 0 || !fan->q05 || !fan->q50 ||
        !fan->q95)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "fan chart: empty fan or issue out of range");
    const parley_issue *is = &s->issues[issue];
    size_t n = fan->n_rounds > n_base ? fan->n_rounds : n_base;
    double *v = malloc(4 * n * sizeof *v);
    double *at = malloc((is->n_labels + 1) * sizeof *at);
    const char **text = malloc((is->n_labels + 1) * sizeof *text);
    parley_status rc;
    if (!v || !at || !text) {
        rc = oom(err);
    } else {
        double *lo = v, *hi = v + n, *med = v + 2 * n, *b = v + 3 * n;
        for (size_t r = 0; r < n; ++r) { /* runs keep their last value once stopped */
            size_t rf = r < fan->n_rounds ? r : fan->n_rounds - 1;
            lo[r] = fan->q05[rf];
            hi[r] = fan->q95[rf];
            med[r] = fan->q50[rf];
            b[r] = base && n_base ? base[r < n_base ? r : n_base - 1] : NAN;
        }
        parley_chart_series series[2] = {{"median of the runs", med, 1},
                                         {"forecast without noise", b, 0}};
        parley_chart_band band = {"middle 90% of the runs (5th to 95th percentile)", lo, hi};
        char ytitle[128], title[256], sub[512], e[32];
        parley_line_chart c;
        memset(&c, 0, sizeof c);
        issue_axis(is, &c.y, at, text, ytitle, sizeof ytitle);
        snprintf(ytitle, sizeof ytitle, "forecast on the issue scale (%s to %s)",
                 parley_i_fmt_num(e, sizeof e, is->lo), parley_i_fmt_num(sub, sizeof sub, is->hi));
        snprintf(title, sizeof title, "How the forecast unfolds across the runs: %s", is->name);
        snprintf(sub, sizeof sub,
                 "%s, %llu runs on perturbed inputs: the forecast after each "
                 "round. Bold: the median run; shaded: the middle 90%%; line with dots: the "
                 "forecast without noise.",
                 what ? what : "the model", (unsigned long long)fan->n_runs);
        c.id = id;
        c.title = title;
        c.subtitle = sub;
        c.x.title = "round of the negotiation (0 = the starting positions)";
        c.x.lo = 0;
        c.x.hi = n > 1 ? (double)(n - 1) : 1;
        c.x_integer = 1;
        c.n = n;
        c.n_series = base && n_base ? 2 : 1;
        c.series = series;
        c.n_bands = 1;
        c.bands = &band;
        rc = parley_chart_lines_svg(&c, out, err);
    }
    free(v);
    free(at);
    free(text);
    return rc;
}
