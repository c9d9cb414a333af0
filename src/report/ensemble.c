/* Ensemble report: the summary of parley_ensemble_run as a table, JSON or
 * CSV, and the per-replicate rows (docs/analysis.md).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <parley/report_analysis.h>

#include "core/internal.h"
#include "report/report_i.h"

static const char *const field_names[PARLEY_N_FIELDS] = {"position", "salience", "capability"};
static const char *const qnames[5] = {"5", "25", "50", "75", "95"};

static const char *experts_draw_name(parley_experts_draw d) {
    return d == PARLEY_EXPERTS_DRAW_EXPERT ? "expert" : "cell";
}

static const char *dist_name(parley_noise_dist d) {
    return d == PARLEY_NOISE_NORMAL ? "normal" : d == PARLEY_NOISE_UNIFORM ? "uniform" : "none";
}

static parley_status ensemble_json(const parley_ensemble_report *r, const parley_report_meta *meta,
                                   parley_buf *b) {
    parley_status st = parley_buf_printf(
        b, "{\n  \"parley_ensemble\": 1,\n  \"version\": \"%s\",\n  \"source\": ", meta->version);
    if (st == PARLEY_OK)
        st = parley_i_buf_json_text(b, meta->source);
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, ",\n  \"seed\": %llu,\n  \"replicates\": %llu,\n  \"noise\": {",
                               meta->seed, r->replicates);
    char n1[PARLEY_I_NUMBUF], n2[PARLEY_I_NUMBUF];
    for (int f = 0; st == PARLEY_OK && f < PARLEY_N_FIELDS; ++f)
        st = parley_buf_printf(b, "%s\"%s\": {\"dist\": \"%s\", \"size\": %s}", f ? ", " : "",
                               field_names[f], dist_name(r->perturbation->noise[f].dist),
                               parley_i_format_double(r->perturbation->noise[f].size, n1));
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "},\n  \"actor_noise\": [");
    int first = 1;
    for (size_t a = 0; st == PARLEY_OK && r->perturbation->actor_noise && a < r->scenario->n_actors;
         ++a)
        for (int f = 0; st == PARLEY_OK && f < PARLEY_N_FIELDS; ++f) {
            const parley_noise *nz = &r->perturbation->actor_noise[a * PARLEY_N_FIELDS + (size_t)f];
            if (nz->dist == PARLEY_NOISE_INHERIT)
                continue;
            st = parley_buf_printf(b, "%s{\"actor\": ", first ? "" : ", ");
            first = 0;
            if (st == PARLEY_OK)
                st = parley_i_buf_json_text(b, r->scenario->actors[a].name);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ", \"field\": \"%s\", \"dist\": \"%s\", \"size\": %s}",
                                       field_names[f], dist_name(nz->dist),
                                       parley_i_format_double(nz->size, n1));
        }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "],\n  \"drop\": %s,\n  \"shock\": %s,",
                               parley_i_format_double(r->perturbation->drop, n1),
                               parley_i_format_double(r->shock, n2));
    if (st == PARLEY_OK && r->n_experts)
        st = parley_buf_printf(b, "\n  \"experts\": {\"codings\": %zu, \"draw\": \"%s\"},",
                               r->n_experts, experts_draw_name(r->experts_draw));
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\n  \"whatif\": [");
    for (size_t k = 0; st == PARLEY_OK && k < r->n_changes; ++k) {
        st = parley_buf_printf(b, "%s", k ? ", " : "");
        if (st == PARLEY_OK)
            st = parley_i_buf_json_text(b, r->changes[k]);
    }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "],\n  \"models\": [");
    for (size_t m = 0; st == PARLEY_OK && m < r->n_configs; ++m) {
        parley_buf d;
        parley_buf_init(&d);
        st = parley_params_describe(&r->params[m], &d);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "%s\n    {\"label\": ", m ? "," : "");
        if (st == PARLEY_OK)
            st = parley_i_buf_json_text(b, r->labels[m]);
        if (st == PARLEY_OK)
            st = parley_buf_printf(
                b, ", \"model\": \"%s\", \"parameters\": ", r->params[m].type->name);
        if (st == PARLEY_OK)
            st = parley_i_buf_json_text(b, d.data ? d.data : "");
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "}");
        parley_buf_destroy(&d);
    }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\n  ],\n  \"issues\": [");
    const parley_ensemble_summary *sum = r->summary;
    for (size_t i = 0; st == PARLEY_OK && i < r->scenario->n_issues; ++i) {
        const parley_issue *is = &r->scenario->issues[i];
        st = parley_buf_printf(b, "%s\n    {\"name\": ", i ? "," : "");
        if (st == PARLEY_OK)
            st = parley_i_buf_json_text(b, is->name);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, ", \"lo\": %s, \"hi\": %s, \"bands\": [",
                                   parley_i_format_double(is->lo, n1),
                                   parley_i_format_double(is->hi, n2));
        for (size_t l = 0; st == PARLEY_OK && l < sum->n_bands[i]; ++l) {
            /* bands follow the labels sorted by point */
            const double lo = sum->band_lo[i * sum->max_bands + l],
                         hi = sum->band_hi[i * sum->max_bands + l];
            const char *label = "";
            double best = HUGE_VAL;
            for (size_t k = 0; k < is->n_labels; ++k)
                if (is->labels[k].point >= lo && is->labels[k].point <= hi &&
                    fabs(is->labels[k].point - 0.5 * (lo + hi)) < best) {
                    best = fabs(is->labels[k].point - 0.5 * (lo + hi));
                    label = is->labels[k].label;
                }
            st = parley_buf_printf(b, "%s{\"label\": ", l ? ", " : "");
            if (st == PARLEY_OK)
                st = parley_i_buf_json_text(b, label);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ", \"lo\": %s, \"hi\": %s}",
                                       parley_i_format_double(lo, n1),
                                       parley_i_format_double(hi, n2));
        }
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "],\n     \"results\": [");
        for (size_t m = 0; st == PARLEY_OK && m < r->n_configs; ++m) {
            parley_ensemble_stats x;
            parley_ensemble_stats_get(sum, i, m, &x);
            st = parley_buf_printf(b, "%s\n       {\"model\": ", m ? "," : "");
            if (st == PARLEY_OK)
                st = parley_i_buf_json_text(b, r->labels[m]);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ", \"base\": ");
            if (st == PARLEY_OK)
                st = parley_i_buf_number(b, r->base[i * r->n_configs + m], "null");
            if (st == PARLEY_OK && r->unchanged) {
                st = parley_buf_printf(b, ", \"unchanged_base\": ");
                if (st == PARLEY_OK)
                    st = parley_i_buf_number(b, r->unchanged[i * r->n_configs + m], "null");
                if (st == PARLEY_OK)
                    st = parley_buf_printf(b, ", \"mean_change\": ");
                if (st == PARLEY_OK)
                    st =
                        parley_i_buf_number(b, x.mean - r->unchanged[i * r->n_configs + m], "null");
            }
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ", \"n\": %llu, \"failed\": %llu, \"mean\": ",
                                       (unsigned long long)x.n, (unsigned long long)x.n_failed);
            if (st == PARLEY_OK)
                st = parley_i_buf_number(b, x.mean, "null");
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ", \"sd\": ");
            if (st == PARLEY_OK)
                st = parley_i_buf_number(b, x.sd, "null");
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ", \"min\": ");
            if (st == PARLEY_OK)
                st = parley_i_buf_number(b, x.min, "null");
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ", \"max\": ");
            if (st == PARLEY_OK)
                st = parley_i_buf_number(b, x.max, "null");
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ",\n        \"quantiles\": {");
            for (int q = 0; st == PARLEY_OK && q < 5; ++q) {
                st = parley_buf_printf(b, "%s\"%s\": ", q ? ", " : "", qnames[q]);
                if (st == PARLEY_OK)
                    st = parley_i_buf_number(b, x.q[q], "null");
            }
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, "},\n        \"histogram\": [");
            for (size_t h = 0; st == PARLEY_OK && h < sum->bins; ++h)
                st = parley_buf_printf(b, "%s%llu", h ? ", " : "", (unsigned long long)x.hist[h]);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, "],\n        \"band_probability\": [");
            for (size_t l = 0; st == PARLEY_OK && l < x.n_bands; ++l) {
                st = parley_buf_printf(b, "%s", l ? ", " : "");
                if (st == PARLEY_OK)
                    st = parley_i_buf_number(b, x.n ? (double)x.bands[l] / (double)x.n : NAN,
                                             "null");
            }
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, "]}");
        }
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "\n     ]}");
    }
    return st == PARLEY_OK ? parley_buf_printf(b, "\n  ]\n}\n") : st;
}

static parley_status ensemble_csv(const parley_ensemble_report *r, parley_buf *b) {
    const parley_ensemble_summary *sum = r->summary;
    parley_status st =
        parley_buf_printf(b, "issue,model,base,n,failed,mean,sd,min,q05,q25,q50,q75,q95,max");
    for (size_t h = 0; st == PARLEY_OK && h < sum->bins; ++h)
        st = parley_buf_printf(b, ",bin%zu", h + 1);
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\r\n");
    for (size_t i = 0; st == PARLEY_OK && i < r->scenario->n_issues; ++i)
        for (size_t m = 0; st == PARLEY_OK && m < r->n_configs; ++m) {
            parley_ensemble_stats x;
            parley_ensemble_stats_get(sum, i, m, &x);
            const double v[10] = {x.mean, x.sd,   x.min,  x.q[0], x.q[1],
                                  x.q[2], x.q[3], x.q[4], x.max,  0};
            const double bs = r->base[i * r->n_configs + m];
            st = parley_i_buf_csv_field(b, r->scenario->issues[i].name);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ",");
            if (st == PARLEY_OK)
                st = parley_i_buf_csv_field(b, r->labels[m]);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ",");
            if (st == PARLEY_OK)
                st = parley_i_buf_number(b, bs, "");
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, ",%llu,%llu", (unsigned long long)x.n,
                                       (unsigned long long)x.n_failed);
            for (int k = 0; st == PARLEY_OK && k < 9; ++k)
                st = parley_buf_printf(b, ",") == PARLEY_OK ? parley_i_buf_number(b, v[k], "")
                                                            : PARLEY_ENOMEM;
            for (size_t h = 0; st == PARLEY_OK && h < sum->bins; ++h)
                st = parley_buf_printf(b, ",%llu", (unsigned long long)x.hist[h]);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, "\r\n");
        }
    return st;
}

static char *fmt(char *buf, size_t n, double x) {
    if (isfinite(x))
        snprintf(buf, n, "%.2f", x == 0.0 ? 0.0 : x);
    else
        snprintf(buf, n, "n/a");
    return buf;
}

static parley_status ensemble_table(const parley_ensemble_report *r, const parley_report_meta *meta,
                                    parley_buf *b) {
    const parley_ensemble_summary *sum = r->summary;
    parley_status st = parley_buf_printf(
        b, "parley %s ensemble\n\nFile:        %s\nReplicates:  %llu (seed %llu)\nNoise:      ",
        meta->version, meta->source, r->replicates, meta->seed);
    for (int f = 0; st == PARLEY_OK && f < PARLEY_N_FIELDS; ++f) {
        const parley_noise *nz = &r->perturbation->noise[f];
        if (nz->dist == PARLEY_NOISE_NONE)
            st = parley_buf_printf(b, " %s none%s", field_names[f], f < 2 ? ";" : "");
        else
            st = parley_buf_printf(b, " %s %s %g%s", field_names[f], dist_name(nz->dist), nz->size,
                                   f < 2 ? ";" : "");
    }
    for (size_t a = 0; st == PARLEY_OK && r->perturbation->actor_noise && a < r->scenario->n_actors;
         ++a)
        for (int f = 0; st == PARLEY_OK && f < PARLEY_N_FIELDS; ++f) {
            const parley_noise *nz = &r->perturbation->actor_noise[a * PARLEY_N_FIELDS + (size_t)f];
            if (nz->dist != PARLEY_NOISE_INHERIT)
                st =
                    parley_buf_printf(b, "\n             %s: %s %s %g", r->scenario->actors[a].name,
                                      field_names[f], dist_name(nz->dist), nz->size);
        }
    /* a row that sweeps its model's shock ran the swept value, not r->shock
     * (the sweep wins): its label says "shock=V" (configs.c) */
    int swept = 0;
    for (size_t c = 0; c < r->n_configs && r->labels; ++c)
        swept |= r->labels[c] && strstr(r->labels[c], " shock=") != NULL;
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "\nDrop rate:   %g\nShocks:      %g%s\n", r->perturbation->drop,
                               r->shock,
                               swept ? " (rows that sweep shock ran their label's value)" : "");
    if (st == PARLEY_OK && r->n_experts)
        st = parley_buf_printf(b,
                               "Experts:     %zu codings; each replicate draws %s, then adds the "
                               "noise\n",
                               r->n_experts,
                               r->experts_draw == PARLEY_EXPERTS_DRAW_EXPERT
                                   ? "one expert's whole table"
                                   : "each cell from an expert drawn for that cell");
    if (st == PARLEY_OK && r->n_changes > 0) {
        st = parley_buf_printf(b, "What-if:    ");
        for (size_t k = 0; st == PARLEY_OK && k < r->n_changes; ++k)
            st = parley_buf_printf(b, " %s", r->changes[k]);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "\n");
    }
    if (st == PARLEY_OK)
        st = parley_buf_printf(b, "Models:\n");
    for (size_t m = 0; st == PARLEY_OK && m < r->n_configs; ++m) {
        parley_buf d;
        parley_buf_init(&d);
        st = parley_params_describe(&r->params[m], &d);
        if (st == PARLEY_OK)
            st = parley_buf_printf(b, "  %-10s %s\n", r->labels[m], d.data ? d.data : "");
        parley_buf_destroy(&d);
    }
    size_t w = 8;
    for (size_t m = 0; m < r->n_configs; ++m)
        if (strlen(r->labels[m]) > w)
            w = strlen(r->labels[m]);
    char c[12][32];
    for (size_t i = 0; st == PARLEY_OK && i < r->scenario->n_issues; ++i) {
        const parley_issue *is = &r->scenario->issues[i];
        st = parley_buf_printf(
            b, "\nIssue %zu of %zu: %s  [%g, %g]\n  %-*s %7s %7s %7s %7s %7s %7s %7s %7s %6s%s\n",
            i + 1, r->scenario->n_issues, is->name, is->lo, is->hi, (int)w, "model", "base", "mean",
            "sd", "5%", "25%", "50%", "75%", "95%", "failed", r->unchanged ? "  vs base" : "");
        for (size_t m = 0; st == PARLEY_OK && m < r->n_configs; ++m) {
            parley_ensemble_stats x;
            parley_ensemble_stats_get(sum, i, m, &x);
            st = parley_buf_printf(b, "  %-*s %7s %7s %7s %7s %7s %7s %7s %7s %6llu", (int)w,
                                   r->labels[m], fmt(c[0], 32, r->base[i * r->n_configs + m]),
                                   fmt(c[1], 32, x.mean), fmt(c[2], 32, x.sd),
                                   fmt(c[3], 32, x.q[0]), fmt(c[4], 32, x.q[1]),
                                   fmt(c[5], 32, x.q[2]), fmt(c[6], 32, x.q[3]),
                                   fmt(c[7], 32, x.q[4]), (unsigned long long)x.n_failed);
            if (st == PARLEY_OK && r->unchanged) {
                const double d = x.mean - r->unchanged[i * r->n_configs + m];
                if (isfinite(d))
                    snprintf(c[8], 32, "%+.2f", d == 0.0 ? 0.0 : d);
                else
                    snprintf(c[8], 32, "n/a");
                st = parley_buf_printf(b, " %8s", c[8]);
            }
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, "\n");
        }
        /* histogram: percent of the replicates per bin */
        if (st == PARLEY_OK)
            st = parley_buf_printf(
                b, "  Histogram, %% of replicates in %zu bins of width %g from %g:\n", sum->bins,
                (is->hi - is->lo) / (double)sum->bins, is->lo);
        for (size_t m = 0; st == PARLEY_OK && m < r->n_configs; ++m) {
            parley_ensemble_stats x;
            parley_ensemble_stats_get(sum, i, m, &x);
            st = parley_buf_printf(b, "  %-*s", (int)w, r->labels[m]);
            for (size_t h = 0; st == PARLEY_OK && h < sum->bins; ++h)
                st = parley_buf_printf(b, " %5.1f",
                                       x.n ? 100.0 * (double)x.hist[h] / (double)x.n : 0.0);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, "\n");
        }
        if (st == PARLEY_OK && sum->n_bands[i] > 0) {
            st = parley_buf_printf(
                b, "  Probability of each labelled band (%% of replicates):\n  %-15s", "band");
            for (size_t m = 0; st == PARLEY_OK && m < r->n_configs; ++m)
                st = parley_buf_printf(b, " %*s", (int)w, r->labels[m]);
            if (st == PARLEY_OK)
                st = parley_buf_printf(b, "  label\n");
            for (size_t l = 0; st == PARLEY_OK && l < sum->n_bands[i]; ++l) {
                const double lo = sum->band_lo[i * sum->max_bands + l],
                             hi = sum->band_hi[i * sum->max_bands + l];
                char range[32];
                snprintf(range, sizeof range, "%g-%g", lo, hi);
                st = parley_buf_printf(b, "  %-15s", range);
                const char *label = "";
                for (size_t k = 0; k < is->n_labels; ++k)
                    if (is->labels[k].point >= lo &&
                        (is->labels[k].point < hi || (l + 1 == sum->n_bands[i]))) {
                        label = is->labels[k].label;
                        break;
                    }
                for (size_t m = 0; st == PARLEY_OK && m < r->n_configs; ++m) {
                    parley_ensemble_stats x;
                    parley_ensemble_stats_get(sum, i, m, &x);
                    char pc[32];
                    snprintf(pc, sizeof pc, "%.1f",
                             x.n ? 100.0 * (double)x.bands[l] / (double)x.n : 0.0);
                    st = parley_buf_printf(b, " %*s", (int)w, pc);
                }
                if (st == PARLEY_OK)
                    st =
                        parley_buf_printf(b, "  %.60s%s\n", label, strlen(label) > 60 ? "..." : "");
            }
        }
    }
    if (st == PARLEY_OK)
        st = parley_buf_printf(
            b,
            "\nQuantiles are within %g%% of the scale width of the exact sample quantiles\n"
            "(docs/analysis.md).\n",
            100.0 / PARLEY_ENSEMBLE_FINE_BINS);
    return st;
}

parley_status parley_report_ensemble(const parley_ensemble_report *r, parley_report_format format,
                                     const parley_report_meta *meta, parley_buf *out) {
    switch (format) {
    case PARLEY_REPORT_JSON:
        return ensemble_json(r, meta, out);
    case PARLEY_REPORT_CSV:
        return ensemble_csv(r, out);
    case PARLEY_REPORT_TABLE:
    default:
        return ensemble_table(r, meta, out);
    }
}

parley_status parley_report_ensemble_rows_header(parley_buf *out) {
    return parley_buf_printf(out, "replicate,issue,model,forecast,dropped\r\n");
}

parley_status parley_report_ensemble_rows(const parley_scenario *s, const char *const *labels,
                                          size_t n_labels, uint64_t k, const double *forecast,
                                          const unsigned char *dropped, parley_buf *out) {
    parley_buf gone;
    parley_buf_init(&gone);
    parley_status st = PARLEY_OK;
    for (size_t a = 0; st == PARLEY_OK && a < s->n_actors; ++a)
        if (dropped[a])
            st = parley_buf_printf(&gone, "%s%s", gone.len ? ";" : "", s->actors[a].name);
    for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i)
        for (size_t m = 0; st == PARLEY_OK && m < n_labels; ++m) {
            st = parley_buf_printf(out, "%llu,", (unsigned long long)k);
            if (st == PARLEY_OK)
                st = parley_i_buf_csv_field(out, s->issues[i].name);
            if (st == PARLEY_OK)
                st = parley_buf_printf(out, ",");
            if (st == PARLEY_OK)
                st = parley_i_buf_csv_field(out, labels[m]);
            if (st == PARLEY_OK)
                st = parley_buf_printf(out, ",");
            if (st == PARLEY_OK)
                st = parley_i_buf_number(out, forecast[i * n_labels + m], "");
            if (st == PARLEY_OK)
                st = parley_buf_printf(out, ",");
            if (st == PARLEY_OK)
                st = parley_i_buf_csv_field(out, gone.data ? gone.data : "");
            if (st == PARLEY_OK)
                st = parley_buf_printf(out, "\r\n");
        }
    parley_buf_destroy(&gone);
    return st;
}

void parley_report_ensemble_result(const parley_ensemble_result *res,
                                   const parley_ensemble_request *req, const char *const *changes,
                                   size_t n_changes, parley_ensemble_report *r) {
    memset(r, 0, sizeof *r);
    r->scenario = req->scenario;
    r->params = res->configs.params;
    r->labels = (const char *const *)res->configs.labels;
    r->n_configs = res->configs.n;
    r->perturbation = &res->perturbation;
    r->summary = &res->summary;
    r->base = res->base;
    r->unchanged = res->unchanged;
    r->replicates = req->spec->replicates;
    r->shock = req->spec->shock;
    r->changes = changes;
    r->n_changes = n_changes;
    r->n_experts = req->experts ? req->experts->n_experts : 0;
    r->experts_draw = req->draw;
}
