/* parley: a backtest as a table, CSV or JSON (docs/backtest-json.md).
 * SPDX-License-Identifier: MIT
 */
#include <parley/backtest.h>
#include <parley/report.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "report/report_i.h"

static int is_baseline(const parley_backtest *bt, size_t m) {
    return m + bt->n_baselines >= bt->n_models;
}

/* ---- table --------------------------------------------------------------- */

static void fmt_signed(char *buf, size_t n, double x) {
    if (!isfinite(x))
        snprintf(buf, n, "n/a");
    else
        snprintf(buf, n, "%+.2f", x);
}

static void fmt_share(char *buf, size_t n, double x) {
    if (!isfinite(x))
        snprintf(buf, n, "n/a");
    else
        snprintf(buf, n, "%.0f %%", 100.0 * x);
}

static size_t name_width(const parley_backtest *bt) {
    size_t w = 14;
    for (size_t m = 0; m < bt->n_models; ++m) {
        size_t k = parley_i_text_width(bt->model_names[m]) + (is_baseline(bt, m) ? 11 : 0);
        if (k > w)
            w = k;
    }
    return w;
}

static void score_table(parley_buf *b, const parley_backtest *bt,
                        const parley_backtest_score *scores) {
    size_t w = name_width(bt);
    char c1[32], c2[32], c3[32], c4[32], c5[32], c6[32], label[128];
    parley_buf_printf(b, "  ");
    parley_i_buf_cell(b, "model", w, 0);
    parley_buf_printf(b, "    n      MAE     RMSE     bias  within 10");
    if (bt->calibrated)
        parley_buf_printf(b, "   in 50 %%   in 90 %%");
    parley_buf_printf(b, "\n");
    for (size_t m = 0; m < bt->n_models; ++m) {
        const parley_backtest_score *sc = &scores[m];
        snprintf(label, sizeof label, "%s%s", bt->model_names[m],
                 is_baseline(bt, m) ? " (baseline)" : "");
        parley_buf_printf(b, "  ");
        parley_i_buf_cell(b, label, w, 0);
        parley_i_fmt_pos(c1, sizeof c1, sc->mae);
        parley_i_fmt_pos(c2, sizeof c2, sc->rmse);
        fmt_signed(c3, sizeof c3, sc->bias);
        fmt_share(c4, sizeof c4, sc->within10);
        parley_buf_printf(b, " %4zu ", sc->n);
        parley_i_buf_cell(b, c1, 8, 1);
        parley_buf_printf(b, " ");
        parley_i_buf_cell(b, c2, 8, 1);
        parley_buf_printf(b, " ");
        parley_i_buf_cell(b, c3, 8, 1);
        parley_buf_printf(b, " ");
        parley_i_buf_cell(b, c4, 10, 1);
        if (bt->calibrated) {
            if (is_baseline(bt, m) || sc->n_calibrated == 0) {
                snprintf(c5, sizeof c5, "—");
                snprintf(c6, sizeof c6, "—");
            } else {
                fmt_share(c5, sizeof c5, sc->cover50);
                fmt_share(c6, sizeof c6, sc->cover90);
            }
            parley_buf_printf(b, " ");
            parley_i_buf_cell(b, c5, 9, 1);
            parley_buf_printf(b, " ");
            parley_i_buf_cell(b, c6, 9, 1);
        }
        parley_buf_printf(b, "\n");
    }
}

static size_t case_issues(const parley_backtest *bt, size_t c) {
    size_t n = 0;
    for (size_t k = 0; k < bt->n_issues; ++k)
        n += bt->issues[k].case_index == c;
    return n;
}

/* The plain verdict under the pooled table: which models beat the scale
 * midpoint, how the combined forecast did (parley_combined_verdict) and the
 * status-quo rule's Brier score beside a constant rate. */
/* Appends paragraph t (then empties it) to b, indented 2 and wrapped at 80. */
static void paragraph(parley_buf *b, parley_buf *t) {
    if (t->len == 0 || t->failed) {
        b->failed |= t->failed;
        return;
    }
    parley_buf_printf(b, "  ");
    if (parley_i_buf_wrap(b, t->data, 2, 2, 80) != PARLEY_OK)
        b->failed = 1;
    t->len = 0;
    t->data[0] = '\0';
}

/* Model m's MAE and the midpoint's on the issues m forecast. */
static size_t paired_midpoint(const parley_backtest *bt, size_t m, double *mae_m, double *mae_mid) {
    return parley_backtest_paired_mae(bt, m, bt->n_models - 1, mae_m, mae_mid);
}

static void verdict(parley_buf *b, const parley_backtest *bt) {
    size_t n_plain = bt->n_models - bt->n_baselines, beat = 0, ran = 0;
    size_t best = n_plain;
    double best_mid = NAN;
    for (size_t m = 0; m < n_plain; ++m) {
        double mm, md;
        if (paired_midpoint(bt, m, &mm, &md) == 0)
            continue; /* the model never ran on a scored issue */
        ++ran;
        beat += mm < md;
        if (best == n_plain || bt->pooled[m].mae < bt->pooled[best].mae) {
            best = m;
            best_mid = md;
        }
    }
    char x[32], y[32];
    parley_buf t;
    parley_buf_init(&t);
    parley_buf_printf(b, "\n");
    if (best < n_plain && beat == 0)
        parley_buf_printf(&t,
                          "No model beats the scale midpoint on the issues it forecast: the best, "
                          "%s, has MAE %s against the midpoint's %s on the same issues.",
                          bt->model_names[best],
                          parley_i_fmt_num(x, sizeof x, bt->pooled[best].mae),
                          parley_i_fmt_num(y, sizeof y, best_mid));
    else if (best < n_plain) {
        if (beat == ran)
            parley_buf_printf(&t, "Every forecaster that ran beats the scale midpoint on the "
                                  "issues it forecast: ");
        else if (beat == 1)
            parley_buf_printf(&t, "Only one forecaster beats the scale midpoint on the issues it "
                                  "forecast: ");
        else
            parley_buf_printf(&t,
                              "%zu of the %zu forecasters that ran beat the scale midpoint on "
                              "the issues they forecast: ",
                              beat, ran);
        size_t k = 0;
        for (size_t m = 0; m < n_plain; ++m) {
            double mm, md;
            size_t n = paired_midpoint(bt, m, &mm, &md);
            if (n == 0 || !(mm < md))
                continue;
            parley_buf_printf(&t, "%s%s (MAE %s against %s on %zu issue%s)", k ? ", " : "",
                              bt->model_names[m], parley_i_fmt_num(x, sizeof x, mm),
                              parley_i_fmt_num(y, sizeof y, md), n, n == 1 ? "" : "s");
            ++k;
        }
        parley_buf_printf(&t, ".");
        if (beat < ran && !(bt->pooled[best].mae < best_mid))
            parley_buf_printf(&t,
                              " The others do not; the best over all its issues, %s, has MAE %s "
                              "against the midpoint's %s.",
                              bt->model_names[best],
                              parley_i_fmt_num(x, sizeof x, bt->pooled[best].mae),
                              parley_i_fmt_num(y, sizeof y, best_mid));
        else if (beat < ran)
            parley_buf_printf(&t, " The others do not.");
    }
    if (best < n_plain && bt->n_issues < 10)
        parley_buf_printf(&t, " With only %zu scored issue%s this is a weak test.", bt->n_issues,
                          bt->n_issues == 1 ? "" : "s");
    paragraph(b, &t);
    parley_combined_score cs;
    if (parley_backtest_combined_score(bt, &cs)) {
        parley_combined_verdict(&cs, &t);
        paragraph(b, &t);
    }
    if (bt->calibrated) {
        double worst = NAN, best90 = NAN;
        size_t n_cal = 0;
        for (size_t m = 0; m < n_plain; ++m) {
            const parley_backtest_score *sc = &bt->pooled[m];
            if (sc->n_calibrated == 0 || isnan(sc->cover90))
                continue;
            ++n_cal;
            if (isnan(best90) || sc->cover90 > best90)
                best90 = sc->cover90;
            if (isnan(worst) || sc->cover90 < worst)
                worst = sc->cover90;
        }
        char range[64];
        if (lround(100 * worst) == lround(100 * best90))
            snprintf(range, sizeof range, "%.0f %%", 100 * best90);
        else
            snprintf(range, sizeof range, "%.0f to %.0f %%", 100 * worst, 100 * best90);
        if (n_cal > 0 && best90 < 0.8)
            parley_buf_printf(&t,
                              "Calibration: the models' 90 %% ensemble intervals held only %s of "
                              "the outcomes (well calibrated: about 90 %%). The ensemble's spread "
                              "understates how uncertain these forecasts are.",
                              range);
        else if (n_cal > 0)
            parley_buf_printf(&t,
                              "Calibration: the models' 90 %% ensemble intervals held %s of the "
                              "outcomes (well calibrated: about 90 %%).",
                              range);
        paragraph(b, &t);
    }
    if (bt->n_sq > 0) {
        parley_buf_printf(&t,
                          "Will it move? The status-quo rule's probabilities on %zu issue%s with a "
                          "status quo: Brier score %s; a constant rate (leave one case out) "
                          "scores %s. %s",
                          bt->n_sq, bt->n_sq == 1 ? "" : "s",
                          parley_i_fmt_num(x, sizeof x, bt->brier),
                          parley_i_fmt_num(y, sizeof y, bt->brier_baseline),
                          isnan(bt->brier_baseline) ? "(Lower is better.)"
                          : bt->brier < bt->brier_baseline
                              ? "The rule does better than the constant rate."
                              : "The rule does worse than the constant rate: do not lean on it.");
        if (bt->n_sq < 10)
            parley_buf_printf(&t, " With only %zu issue%s this is a weak test.", bt->n_sq,
                              bt->n_sq == 1 ? "" : "s");
        paragraph(b, &t);
    }
    parley_buf_destroy(&t);
}

static void write_table(parley_buf *b, const parley_backtest *bt) {
    parley_buf_printf(
        b,
        "Backtest: %zu case%s, %zu scored issue%s. Errors are forecast minus outcome, on 0-100 of "
        "each issue's scale.\n",
        bt->n_cases, bt->n_cases == 1 ? "" : "s", bt->n_issues, bt->n_issues == 1 ? "" : "s");
    parley_buf_printf(
        b, "MAE = mean absolute error, RMSE = root mean square error, bias = mean error (positive: "
           "too high),\nwithin 10 = share of issues within 10 points.");
    if (bt->calibrated)
        parley_buf_printf(
            b,
            " in 50 %% / in 90 %% = share of outcomes inside the\nmodel's central 50 %% / 90 %% "
            "interval over %llu ensemble runs per case.",
            (unsigned long long)bt->ensemble);
    parley_buf_printf(b, "\n\nAll cases\n");
    score_table(b, bt, bt->pooled);
    verdict(b, bt);
    for (size_t c = 0; c < bt->n_cases; ++c) {
        size_t n = case_issues(bt, c);
        parley_buf_printf(b, "\nCase %s (%zu scored issue%s)\n", bt->case_names[c], n,
                          n == 1 ? "" : "s");
        if (n == 0) {
            parley_buf_printf(b, "  no observed outcome\n");
            continue;
        }
        score_table(b, bt, &bt->per_case[c * bt->n_models]);
    }
    parley_buf_printf(b, "\nForecasts and outcomes (issue scale)\n");
    for (size_t k = 0; k < bt->n_issues; ++k) {
        const parley_backtest_issue *is = &bt->issues[k];
        char o[32], lo[32], hi[32];
        parley_buf_printf(b, "  %s / %s: outcome %s on [%s, %s]\n", bt->case_names[is->case_index],
                          is->name, parley_i_fmt_num(o, sizeof o, is->outcome),
                          parley_i_fmt_num(lo, sizeof lo, is->lo),
                          parley_i_fmt_num(hi, sizeof hi, is->hi));
        size_t w = name_width(bt);
        for (size_t m = 0; m < bt->n_models; ++m) {
            char x[32], e[32];
            double f = is->forecast[m];
            parley_buf_printf(b, "    ");
            parley_i_buf_cell(b, bt->model_names[m], w, 0);
            parley_i_fmt_pos(x, sizeof x, f);
            parley_i_buf_cell(b, x, 8, 1);
            if (isfinite(f)) {
                fmt_signed(e, sizeof e, parley_backtest_error(f, is->outcome, is->lo, is->hi));
                parley_buf_printf(b, "   error ");
                parley_i_buf_cell(b, e, 7, 1);
            }
            parley_buf_printf(b, "\n");
        }
    }
}

/* ---- CSV ----------------------------------------------------------------- */

static void csv_num(parley_buf *b, double x) {
    char buf[PARLEY_I_NUMBUF];
    if (isfinite(x))
        parley_buf_printf(b, "%s", parley_i_format_double(x, buf));
}

static void csv_text(parley_buf *b, const char *text) {
    if (!strpbrk(text, ",\"\r\n")) {
        parley_buf_printf(b, "%s", text);
        return;
    }
    parley_buf_append(b, "\"", 1);
    for (const char *p = text; *p; ++p)
        parley_buf_append(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
    parley_buf_append(b, "\"", 1);
}

static void csv_row(parley_buf *b, const parley_backtest *bt, const char *level,
                    const char *case_name, size_t m, const parley_backtest_score *sc) {
    parley_buf_printf(b, "%s,", level);
    csv_text(b, case_name);
    parley_buf_printf(b, ",");
    csv_text(b, bt->model_names[m]);
    parley_buf_printf(b, ",%zu,", sc->n);
    csv_num(b, sc->mae);
    parley_buf_printf(b, ",");
    csv_num(b, sc->rmse);
    parley_buf_printf(b, ",");
    csv_num(b, sc->bias);
    parley_buf_printf(b, ",");
    csv_num(b, sc->within10);
    parley_buf_printf(b, ",");
    if (!is_baseline(bt, m))
        csv_num(b, sc->cover50);
    parley_buf_printf(b, ",");
    if (!is_baseline(bt, m))
        csv_num(b, sc->cover90);
    parley_buf_printf(b, "\r\n");
}

static void write_csv(parley_buf *b, const parley_backtest *bt) {
    parley_buf_printf(b, "level,case,model,n,mae,rmse,bias,within10,cover50,cover90\r\n");
    for (size_t m = 0; m < bt->n_models; ++m)
        csv_row(b, bt, "pooled", "", m, &bt->pooled[m]);
    for (size_t c = 0; c < bt->n_cases; ++c)
        for (size_t m = 0; m < bt->n_models; ++m)
            csv_row(b, bt, "case", bt->case_names[c], m, &bt->per_case[c * bt->n_models + m]);
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *score_json(const parley_backtest *bt, size_t m, const parley_backtest_score *sc) {
    json_t *o = json_object();
    int bad = !o;
    bad |= parley_i_json_put(o, "name", parley_i_json_text(bt->model_names[m])) |
           parley_i_json_put(o, "baseline", json_boolean(is_baseline(bt, m))) |
           parley_i_json_put(o, "mae", parley_i_json_num(sc->mae)) |
           parley_i_json_put(o, "rmse", parley_i_json_num(sc->rmse)) |
           parley_i_json_put(o, "bias", parley_i_json_num(sc->bias)) |
           parley_i_json_put(o, "within10", parley_i_json_num(sc->within10)) |
           parley_i_json_put(o, "n", json_integer((json_int_t)sc->n));
    if (bt->calibrated && !is_baseline(bt, m))
        bad |= parley_i_json_put(o, "cover50", parley_i_json_num(sc->cover50)) |
               parley_i_json_put(o, "cover90", parley_i_json_num(sc->cover90)) |
               parley_i_json_put(o, "n_calibrated", json_integer((json_int_t)sc->n_calibrated));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *issue_json(const parley_backtest *bt, const parley_backtest_issue *is) {
    json_t *o = json_object(), *fc = json_object(), *err = json_object();
    int bad = !o || !fc || !err;
    for (size_t m = 0; !bad && m < bt->n_models; ++m) {
        double f = is->forecast[m];
        bad |= parley_i_json_put(fc, bt->model_names[m], parley_i_json_num(f)) |
               parley_i_json_put(err, bt->model_names[m],
                                 isfinite(f) ? parley_i_json_num(parley_backtest_error(
                                                   f, is->outcome, is->lo, is->hi))
                                             : json_null());
    }
    json_t *scale = json_object();
    bad |= !scale || parley_i_json_put(scale, "min", parley_i_json_num(is->lo)) |
                         parley_i_json_put(scale, "max", parley_i_json_num(is->hi));
    bad |= parley_i_json_put(o, "name", parley_i_json_text(is->name)) |
           parley_i_json_put(o, "outcome", parley_i_json_num(is->outcome)) |
           parley_i_json_put(o, "scale", scale) | parley_i_json_put(o, "forecasts", fc) |
           parley_i_json_put(o, "errors", err);
    if (!bad && is->q) {
        json_t *iv = json_object();
        bad |= !iv;
        for (size_t m = 0; !bad && m < bt->n_models; ++m) {
            if (is_baseline(bt, m) || isnan(is->q[m * 4]))
                continue;
            const double *q = &is->q[m * 4];
            json_t *a = json_object();
            bad |= !a || parley_i_json_put(a, "q5", parley_i_json_num(q[0])) |
                             parley_i_json_put(a, "q25", parley_i_json_num(q[1])) |
                             parley_i_json_put(a, "q75", parley_i_json_num(q[2])) |
                             parley_i_json_put(a, "q95", parley_i_json_num(q[3]));
            bad |= parley_i_json_put(iv, bt->model_names[m], a);
        }
        bad |= parley_i_json_put(o, "intervals", iv);
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static parley_status write_json(parley_buf *b, const parley_backtest *bt) {
    json_t *doc = json_object(), *cases = json_array(), *models = json_array();
    int bad = !doc || !cases || !models;
    for (size_t c = 0; !bad && c < bt->n_cases; ++c) {
        json_t *co = json_object(), *issues = json_array(), *scores = json_array();
        bad |= !co || !issues || !scores;
        for (size_t k = 0; !bad && k < bt->n_issues; ++k)
            if (bt->issues[k].case_index == c)
                bad |= parley_i_json_push(issues, issue_json(bt, &bt->issues[k]));
        for (size_t m = 0; !bad && m < bt->n_models; ++m)
            bad |=
                parley_i_json_push(scores, score_json(bt, m, &bt->per_case[c * bt->n_models + m]));
        bad |= parley_i_json_put(co, "name", parley_i_json_text(bt->case_names[c])) |
               parley_i_json_put(co, "issues", issues) | parley_i_json_put(co, "models", scores);
        bad |= parley_i_json_push(cases, co);
    }
    for (size_t m = 0; !bad && m < bt->n_models; ++m)
        bad |= parley_i_json_push(models, score_json(bt, m, &bt->pooled[m]));
    bad |=
        parley_i_json_put(doc, "parley_backtest", json_integer(1)) |
        parley_i_json_put(doc, "ensemble",
                          bt->calibrated ? json_integer((json_int_t)bt->ensemble) : json_null()) |
        parley_i_json_put(doc, "cases", cases) | parley_i_json_put(doc, "models", models);
    if (!bad && bt->n_sq > 0) {
        json_t *sq = json_object();
        bad |= !sq || parley_i_json_put(sq, "n", json_integer((json_int_t)bt->n_sq)) |
                          parley_i_json_put(sq, "brier", parley_i_json_num(bt->brier)) |
                          parley_i_json_put(sq, "brier_constant_rate",
                                            parley_i_json_num(bt->brier_baseline));
        bad |= parley_i_json_put(doc, "status_quo_rule", sq);
    }
    return parley_i_json_dump(b, doc, bad);
}

parley_status parley_report_backtest(const parley_backtest *bt, parley_report_format format,
                                     parley_buf *out) {
    if (!bt || !out)
        return PARLEY_EINVAL;
    if (format == PARLEY_REPORT_JSON)
        return write_json(out, bt);
    if (format == PARLEY_REPORT_CSV)
        write_csv(out, bt);
    else
        write_table(out, bt);
    return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
