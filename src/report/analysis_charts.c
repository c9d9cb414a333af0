/* Charts of the analyses for the HTML report: the ensemble histograms and
 * fans, and the leverage bars, each with its plain-language caption.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include <parley/chart.h>
#include <parley/report_analysis.h>

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

parley_status parley_report_ensemble_charts(const parley_scenario *s,
                                            const parley_ensemble_summary *sum,
                                            const parley_fan *fans, const parley_forecast *f,
                                            size_t model, const char *noise_text,
                                            parley_chart_set *set, parley_error *err) {
    const char *title = f->params[model].type->title;
    parley_status st = PARLEY_OK;
    for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i) {
        char name[200], id[220], cap[400];
        parley_chart_file_stem(name, sizeof name, "ensemble", i, s->issues[i].name, NULL);
        snprintf(id, sizeof id, "chart-%s", name);
        snprintf(cap, sizeof cap,
                 "Where the forecast on %s lands when every position is shaken by random noise "
                 "(standard deviation %s of the scale): a narrow histogram means a forecast that "
                 "does not hinge on the exact numbers.",
                 s->issues[i].name, noise_text ? noise_text : "0.05");
        parley_buf b;
        parley_buf_init(&b);
        parley_error e2;
        parley_error_clear(&e2);
        st = add(set, parley_chart_ensemble(s, sum, i, 0, title, id, &b, &e2), name, cap,
                 PARLEY_CHART_ENSEMBLE, i, &b);
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
