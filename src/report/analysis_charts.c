/* Charts of the analyses for the HTML report: the ensemble histograms and
 * fans, and the leverage bars, each with its plain-language caption.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include <parley/chart.h>
#include <parley/report_analysis.h>

#include "report_i.h"

/* Draws nothing more when adding failed for lack of memory; any other
 * failure of a chart leaves that chart out. */
static parley_status add(parley_chart_set *set, parley_status drawn, const char *name,
                         const char *caption, parley_chart_kind kind, size_t issue,
                         parley_buf *svg) {
    parley_status st =
        drawn == PARLEY_OK ? parley_chart_set_add(set, name, caption, kind, issue, svg) : drawn;
    parley_buf_destroy(svg);
    return st == PARLEY_ENOMEM ? PARLEY_ENOMEM : PARLEY_OK;
}

/* The unperturbed trajectory (median per round) of model m on issue i, or
 * NULL (also when out of memory: the fan is then drawn without it). */
static double *base_trajectory(const parley_forecast *f, size_t i, size_t m, size_t *n) {
    const parley_run *run = parley_forecast_run(f, i, m);
    double *base = NULL;
    *n = 0;
    if (run->status == PARLEY_OK && run->rounds && (base = malloc(run->n_rounds * sizeof *base))) {
        for (size_t r = 0; r < run->n_rounds; ++r)
            base[r] = run->rounds[r].median;
        *n = run->n_rounds;
    }
    return base;
}

/* Appends one configuration's spread on issue i in words: where the middle
 * 90 % of its runs land, or, when the runs split into separate groups (runs
 * of histogram bins each holding more than 1 % of the runs, apart from each
 * other, each group at least 10 %), every such group with its share ("in
 * 21 % of runs it lands between 0 and 3") and the rest as "elsewhere". */
static void describe_spread(parley_buf *b, const parley_ensemble_summary *sum, size_t i, size_t m,
                            const char *title) {
    parley_ensemble_stats st;
    parley_ensemble_stats_get(sum, i, m, &st);
    const uint64_t total = st.n + st.n_failed;
    parley_buf_printf(b, " %s:", title);
    if (st.n == 0) {
        parley_buf_printf(b, " could not run in any run.");
        return;
    }
    const double lo = sum->lo[i], w = (sum->hi[i] - sum->lo[i]) / (double)sum->bins;
    size_t starts[64], ends[64], n_groups = 0, big = 0;
    for (size_t k = 0; k < sum->bins && n_groups < 64;) {
        if (!(st.hist[k] * 100 > st.n)) {
            ++k;
            continue;
        }
        size_t e = k;
        while (e + 1 < sum->bins && st.hist[e + 1] * 100 > st.n)
            ++e;
        starts[n_groups] = k;
        ends[n_groups++] = e;
        k = e + 1;
    }
    for (size_t g = 0; g < n_groups; ++g) {
        uint64_t c = 0;
        for (size_t k = starts[g]; k <= ends[g]; ++k)
            c += st.hist[k];
        big += c * 10 >= st.n;
    }
    if (n_groups >= 2 && big >= 2) {
        parley_buf_printf(b, " the runs split:");
        uint64_t listed = 0;
        int first = 1;
        for (size_t g = 0; g < n_groups; ++g) {
            uint64_t c = 0;
            for (size_t k = starts[g]; k <= ends[g]; ++k)
                c += st.hist[k];
            if (c * 10 < st.n)
                continue; /* a small group: counted in "elsewhere" */
            listed += c;
            double a = g == 0 ? st.min : lo + (double)starts[g] * w;
            double z = g + 1 == n_groups ? st.max : lo + (double)(ends[g] + 1) * w;
            if (a == z)
                parley_buf_printf(b, "%s in %.0f %% of runs the forecast stays at %.4g",
                                  first ? "" : ",", 100.0 * (double)c / (double)st.n, a);
            else
                parley_buf_printf(b, "%s in %.0f %% of runs it lands between %.4g and %.4g",
                                  first ? "" : ",", 100.0 * (double)c / (double)st.n, a, z);
            first = 0;
        }
        if (listed < st.n)
            parley_buf_printf(b, ", the other %.0f %% elsewhere",
                              100.0 * (double)(st.n - listed) / (double)st.n);
        parley_buf_printf(b, ".");
    } else if (st.q[0] == st.q[4]) {
        parley_buf_printf(b, " in 90 %% of runs the forecast stays at %.4g.", st.q[2]);
    } else {
        parley_buf_printf(b, " in 90 %% of runs between %.4g and %.4g.", st.q[0], st.q[4]);
    }
    if (st.n_failed)
        parley_buf_printf(b, " It could not run in %.0f %% of runs.",
                          100.0 * (double)st.n_failed / (double)total);
}

parley_status parley_report_ensemble_charts(const parley_scenario *s,
                                            const parley_ensemble_summary *sum,
                                            const parley_fan *fans, const parley_forecast *f,
                                            size_t model, const char *noise_text,
                                            parley_chart_set *set, parley_error *err) {
    return parley_i_report_ensemble_charts(s, sum, fans, f, model, noise_text, 0, set, err);
}

parley_status parley_i_report_ensemble_charts(const parley_scenario *s,
                                              const parley_ensemble_summary *sum,
                                              const parley_fan *fans, const parley_forecast *f,
                                              size_t model, const char *noise_text,
                                              size_t n_experts, parley_chart_set *set,
                                              parley_error *err) {
    const char *title = f->params[model].type->title;
    if (sum->n_configs != f->n_models)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the ensemble summary must hold the forecast's models");
    parley_status st = PARLEY_OK;
    for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i) {
        char name[200], id[220], cap[400];
        parley_chart_file_stem(name, sizeof name, "ensemble", i, s->issues[i].name, NULL);
        snprintf(id, sizeof id, "chart-%s", name);
        parley_buf capb;
        parley_buf_init(&capb);
        parley_buf_printf(&capb, "Where the forecast on %s lands when ", s->issues[i].name);
        if (n_experts)
            parley_buf_printf(&capb,
                              "each run's table is drawn from the %zu experts' codings (every "
                              "cell from an expert drawn at random) and then ",
                              n_experts);
        parley_buf_printf(&capb,
                          "the data are shaken by random noise (every position by a standard "
                          "deviation of %s of the scale, "
                          "every salience by 0.05, every capability by 10 %%): a narrow "
                          "histogram means a forecast that does not hinge on the exact numbers. "
                          "Every model on the same runs:",
                          noise_text ? noise_text : "0.05");
        for (size_t k = 0; k < sum->n_configs; ++k)
            describe_spread(&capb, sum, i, k, f->params[k].type->title);
        if (capb.failed) {
            parley_buf_destroy(&capb);
            st = PARLEY_ENOMEM;
            break;
        }
        parley_buf b;
        parley_buf_init(&b);
        parley_error e2;
        parley_error_clear(&e2);
        st = add(set, parley_chart_ensemble(s, sum, i, model, title, id, &b, &e2), name, capb.data,
                 PARLEY_CHART_ENSEMBLE, i, &b);
        parley_buf_destroy(&capb);
        if (st != PARLEY_OK || fans[i].n_rounds < 2)
            continue; /* no rounds: no fan */
        size_t n_base = 0;
        double *base = base_trajectory(f, i, model, &n_base);
        parley_chart_file_stem(name, sizeof name, "fan", i, s->issues[i].name, NULL);
        snprintf(id, sizeof id, "chart-%s", name);
        snprintf(cap, sizeof cap,
                 "How the forecast on %s moves round by round across the same runs: a wide fan "
                 "means the talks could go several ways.",
                 s->issues[i].name);
        parley_buf_init(&b);
        st = add(set, parley_chart_fan(s, i, &fans[i], base, n_base, title, id, &b, &e2), name, cap,
                 PARLEY_CHART_ENSEMBLE, i, &b);
        free(base);
    }
    return st == PARLEY_OK ? PARLEY_OK : parley_error_set(err, st, NULL, 0, 0, "out of memory");
}

parley_status parley_report_leverage_charts(const parley_scenario *s, const parley_leverage *lev,
                                            size_t model, size_t top, double effect,
                                            const char *title, parley_chart_set *set,
                                            parley_error *err) {
    parley_status st = PARLEY_OK;
    for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i) {
        char name[200], id[220], cap[400];
        parley_chart_file_stem(name, sizeof name, "leverage", i, s->issues[i].name, NULL);
        snprintf(id, sizeof id, "chart-%s", name);
        snprintf(cap, sizeof cap,
                 "Whom to persuade on %s, and of what: the inputs whose change moves the forecast "
                 "most. Bars to the right raise the forecast, bars to the left lower it.",
                 s->issues[i].name);
        parley_buf b;
        parley_buf_init(&b);
        parley_error e2;
        parley_error_clear(&e2);
        st = add(set, parley_chart_leverage(s, lev, i, model, top, effect, title, id, &b, &e2),
                 name, cap, PARLEY_CHART_LEVERAGE, i, &b);
    }
    return st == PARLEY_OK ? PARLEY_OK : parley_error_set(err, st, NULL, 0, 0, "out of memory");
}
