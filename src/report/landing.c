/* parley: "Where the talks land" -- one SVG strip per issue: the issue's
 * labelled scale, every model's forecast as a dot (outliers hollow), the
 * combined forecast and its agreement band, the status quo and, where
 * known, the observed outcome (docs/report.md, docs/combine.md).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/combine.h>
#include <parley/report.h>

#include "report/report_i.h"
#include "report/svg_i.h"

#define W 900.0
#define H 200.0
#define X0 80.0
#define X1 820.0
#define AXIS_Y 128.0
#define ROWS 4 /* rows of model labels */
#define LABEL_CHARS 24

static double px(const parley_issue *is, double x) {
    double w = is->hi > is->lo ? is->hi - is->lo : 1.0;
    double t = (x - is->lo) / w;
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    return round((X0 + t * (X1 - X0)) * 10.0) / 10.0;
}

/* A scale label shortened to LABEL_CHARS characters (UTF-8 aware) with an ellipsis. */
static void short_label(parley_buf *b, const char *text) {
    size_t chars = 0, k = 0;
    for (; text[k]; ++k) {
        if (((unsigned char)text[k] & 0xC0) != 0x80) {
            if (chars == LABEL_CHARS)
                break;
            ++chars;
        }
    }
    parley_i_xml_escape_n(b, text, k);
    if (text[k])
        parley_buf_printf(b, "&#8230;");
}

char *parley_i_will_move_text(char *buf, size_t n, const parley_combined *c,
                              const parley_forecast *f, size_t i) {
    const parley_combined_issue *ci = &c->issues[i];
    const parley_issue *is = &f->scenario->issues[i];
    char q[64], m[64];
    if (!is->has_status_quo) {
        snprintf(buf, n, "no status quo given, so no probability that it holds");
    } else if (!ci->has_sq) {
        snprintf(buf, n, "not computed (%s)",
                 c->sq_replicates ? "the Nash bargaining solution could not run"
                                  : "--sq-replicates 0");
    } else {
        parley_i_fmt_num(q, sizeof q, is->status_quo);
        parley_i_fmt_num(m, sizeof m, PARLEY_SQ_MARGIN_SHARE * (is->hi - is->lo));
        snprintf(buf, n,
                 "%sthe status quo (%s) holds with probability %.2f (the Nash bargaining solution "
                 "stays within %s of it in %zu of %zu perturbed runs)",
                 ci->p_sq > 0.5 ? "no agreement is the most likely outcome: " : "", q, ci->p_sq, m,
                 (size_t)lround(ci->p_sq * (double)ci->sq_ran), ci->sq_ran);
        const parley_combined_score *sc = &c->score;
        size_t used = strlen(buf);
        if (ci->sq_ran < 100 && used < n) { /* a share of few runs is a rough figure */
            snprintf(buf + used, n - used, "; from only %zu run%s, a rough figure", ci->sq_ran,
                     ci->sq_ran == 1 ? "" : "s");
            used = strlen(buf);
        }
        if (sc->scored && sc->n_brier > 0 && used < n && !(sc->brier < sc->brier_baseline))
            snprintf(buf + used, n - used,
                     "; but on the case library this rule scored worse than a constant rate "
                     "(Brier %.2f against %.2f on %zu issues), so do not lean on it",
                     sc->brier, sc->brier_baseline, sc->n_brier);
    }
    return buf;
}

static int by_forecast(const void *a, const void *b, const double *x) {
    double u = x[*(const size_t *)a], v = x[*(const size_t *)b];
    return (u > v) - (u < v);
}

parley_status parley_i_landing_svg(parley_buf *b, const parley_forecast *f,
                                   const parley_combined *c, size_t i, const char *stem) {
    const parley_issue *is = &f->scenario->issues[i];
    const parley_combined_issue *ci = &c->issues[i];
    char v[64], id[256];
    snprintf(id, sizeof id, "chart-%s", stem);
    parley_buf_printf(b,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%s\" class=\"parley-chart\" "
                      "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                      "aria-labelledby=\"%s-title\" font-family=\"DejaVu Sans, Verdana, Arial, "
                      "sans-serif\" font-size=\"12\">\n<title id=\"%s-title\">Where ",
                      id, W, H, W, H, id, id);
    parley_i_xml_escape(b, is->name);
    parley_buf_printf(b,
                      " lands: every model, the combined forecast and its band</title>\n"
                      "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#FFFFFF\"/>\n",
                      W, H);
    /* the band and the axis */
    if (ci->status == PARLEY_OK) {
        double a = px(is, ci->band.core_lo), z = px(is, ci->band.core_hi);
        parley_buf_printf(b,
                          "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                          "height=\"28\" fill=\"#56B4E9\" fill-opacity=\"0.3\"/>\n",
                          a - 3, AXIS_Y - 14, z - a + 6);
    }
    parley_buf_printf(b,
                      "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#333\"/>\n",
                      X0, AXIS_Y, X1, AXIS_Y);
    /* ends and labelled points, alternating two rows of label text */
    for (size_t k = 0; k < is->n_labels; ++k) {
        double x = px(is, is->labels[k].point);
        parley_buf_printf(b,
                          "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#333\"/>"
                          "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>\n",
                          x, AXIS_Y, x, AXIS_Y + 5, x, AXIS_Y + 18,
                          parley_i_fmt_num(v, sizeof v, is->labels[k].point));
        if (is->labels[k].label) {
            const char *anchor = x < X0 + 40 ? "start" : x > X1 - 40 ? "end" : "middle";
            double lx = x < X0 + 40 ? x - 8 : x > X1 - 40 ? x + 8 : x;
            parley_buf_printf(b,
                              "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\" "
                              "font-size=\"10\" fill=\"#555\"><title>",
                              lx, AXIS_Y + 32 + (double)(k % 2) * 13, anchor);
            parley_i_xml_escape(b, is->labels[k].label);
            parley_buf_printf(b, "</title>");
            short_label(b, is->labels[k].label);
            parley_buf_printf(b, "</text>\n");
        }
    }
    if (is->n_labels == 0)
        for (int e = 0; e < 2; ++e) {
            double at = e ? is->hi : is->lo;
            parley_buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>\n",
                              px(is, at), AXIS_Y + 18, parley_i_fmt_num(v, sizeof v, at));
        }
    /* the status quo */
    if (is->has_status_quo) {
        double x = px(is, is->status_quo);
        parley_buf_printf(
            b,
            "<g class=\"status-quo\"><line x1=\"%.1f\" y1=\"22\" x2=\"%.1f\" "
            "y2=\"%.0f\" stroke=\"#555\" stroke-dasharray=\"4 3\"/><text x=\"%.1f\" "
            "y=\"16\" text-anchor=\"middle\" fill=\"#555\">status quo %s</text></g>\n",
            x, x, AXIS_Y + 14, x, parley_i_fmt_num(v, sizeof v, is->status_quo));
    }
    /* the models, labels staggered over three rows in the order of their forecasts */
    size_t n = f->n_models, *order = malloc((n ? n : 1) * sizeof *order);
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!order || !x) {
        free(order);
        free(x);
        return PARLEY_ENOMEM;
    }
    size_t k = 0;
    for (size_t m = 0; m < n; ++m) {
        const parley_run *run = parley_forecast_run(f, i, m);
        x[m] = run->status == PARLEY_OK ? run->outcome.forecast : NAN;
        if (run->status == PARLEY_OK)
            order[k++] = m;
    }
    for (size_t p = 1; p < k; ++p) /* insertion sort: a handful of models */
        for (size_t q = p; q > 0 && by_forecast(&order[q - 1], &order[q], x) > 0; --q) {
            size_t t = order[q];
            order[q] = order[q - 1];
            order[q - 1] = t;
        }
    double row_end[ROWS];
    for (size_t r = 0; r < ROWS; ++r)
        row_end[r] = -1e9;
    for (size_t p = 0; p < k; ++p) {
        size_t m = order[p];
        double cx = px(is, x[m]);
        const char *col = parley_i_chart_colour(m);
        int out = ci->outlier && ci->outlier[m];
        /* the first row where the label (about 7 px a character) clears the
         * previous one, else the row that ends first */
        double half = 3.5 * (double)(strlen(f->params[m].type->name) + 1 +
                                     strlen(parley_i_fmt_num(v, sizeof v, x[m])));
        size_t row = 0;
        for (size_t r = 0; r < ROWS; ++r)
            if (row_end[r] + 6 < cx - half || row_end[r] < row_end[row]) {
                row = r;
                if (row_end[r] + 6 < cx - half)
                    break;
            }
        row_end[row] = cx + half;
        double ly = 50 + (double)row * 14;
        parley_buf_printf(
            b,
            "<g class=\"model\"><line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" "
            "y2=\"%.0f\" stroke=\"%s\" stroke-width=\"0.8\"/><circle cx=\"%.1f\" "
            "cy=\"%.0f\" r=\"6\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>"
            "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"#333\"><title>",
            cx, ly + 3, cx, AXIS_Y - 6, col, cx, AXIS_Y, out ? "#FFFFFF" : col, col, cx, ly);
        parley_i_xml_escape(b, f->params[m].type->title);
        parley_buf_printf(b, "%s</title>", out ? " (outlier)" : "");
        parley_i_xml_escape(b, f->params[m].type->name);
        parley_buf_printf(b, " %s</text></g>\n", parley_i_fmt_num(v, sizeof v, x[m]));
    }
    free(order);
    free(x);
    /* the combined forecast and the outcome */
    if (ci->status == PARLEY_OK) {
        double cx = px(is, ci->value);
        parley_buf_printf(b,
                          "<g class=\"combined\"><path d=\"M%.1f %.0f l9 9 l-9 9 l-9 -9 z\" "
                          "fill=\"#000\"/><text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" "
                          "font-weight=\"bold\">combined %s</text></g>\n",
                          cx, AXIS_Y - 9, cx, 36.0, parley_i_fmt_num(v, sizeof v, ci->value));
    }
    if (isfinite(ci->outcome)) {
        double cx = px(is, ci->outcome);
        parley_buf_printf(b,
                          "<g class=\"outcome\"><path d=\"M%.1f %.0f l7 12 h-14 z\" "
                          "fill=\"#D55E00\"/><text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" "
                          "fill=\"#D55E00\">outcome %s</text></g>\n",
                          cx, AXIS_Y + 2, cx, H - 4, parley_i_fmt_num(v, sizeof v, ci->outcome));
    }
    parley_buf_printf(b, "</svg>\n");
    return b->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
