/* parley: the forecast as CSV (RFC 4180), one row per issue x model.
 *
 *     issue,model,status,forecast,mean,median,rounds,stop,error,outcome,error_pct
 *
 * outcome is the issue's observed outcome (empty when unknown), error_pct
 * the forecast minus the outcome in % of the issue's scale (empty when
 * there is no outcome or no forecast).
 *
 * With a combined forecast (meta->combined) five more columns follow --
 * outlier,band_lo,band_hi,p_status_quo_holds,agreement -- and each issue
 * ends with a row of model "combined" (docs/forecast-json.md).
 *
 * Numbers are written as the shortest decimal that reads back to the same
 * double (parley_i_format_double); a model that could not run has status
 * "error", empty numeric fields and its reason in the error column (the
 * text the table shows).  Lines end in CRLF as RFC 4180 asks.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/report.h>

#include <math.h>
#include <string.h>

#include "report/report_i.h"
#include "core/internal.h"

/* Appends one field, quoted when it holds a comma, a quote, CR or LF
 * (quotes doubled). */
static void field(parley_buf *b, const char *text) {
    if (!text)
        text = "";
    if (strpbrk(text, ",\"\r\n") == NULL) {
        parley_buf_append(b, text, strlen(text));
        return;
    }
    parley_buf_append(b, "\"", 1);
    for (const char *p = text; *p; ++p) {
        if (*p == '"')
            parley_buf_append(b, "\"", 1);
        parley_buf_append(b, p, 1);
    }
    parley_buf_append(b, "\"", 1);
}

static void number(parley_buf *b, double x) {
    parley_i_buf_number(b, x, "");
}

/* The row of the combined forecast of issue i. */
static void combined_row(parley_buf *out, const parley_scenario *s, const parley_combined *c,
                         size_t i) {
    const parley_combined_issue *ci = &c->issues[i];
    field(out, s->issues[i].name);
    parley_buf_printf(out, ",combined,%s,", ci->status == PARLEY_OK ? "ok" : "error");
    const parley_issue *is = &s->issues[i];
    if (ci->status == PARLEY_OK) {
        number(out, ci->value);
        parley_buf_append(out, ",,,,,,", 6);
        if (is->outcome.has_value)
            number(out, is->outcome.value);
        parley_buf_append(out, ",", 1);
        if (is->outcome.has_value && is->hi > is->lo)
            number(out, (ci->value - is->outcome.value) / (is->hi - is->lo) * 100.0);
        parley_buf_append(out, ",,", 2);
        number(out, ci->band.core_lo);
        parley_buf_append(out, ",", 1);
        number(out, ci->band.core_hi);
        parley_buf_append(out, ",", 1);
        number(out, ci->has_sq ? ci->p_sq : NAN);
        parley_buf_append(out, ",", 1);
        field(out, ci->sentence);
    } else {
        parley_buf_printf(out, ",,,,,no model ran,,,,,,,");
    }
    parley_buf_append(out, "\r\n", 2);
}

parley_status parley_report_csv(const parley_forecast *f, const parley_report_meta *meta,
                                parley_buf *out) {
    /* CSV has no place for metadata: one header line, then data */
    const parley_scenario *s = f->scenario;
    const parley_combined *c = meta ? meta->combined : NULL;
    parley_buf_printf(
        out, "issue,model,status,forecast,mean,median,rounds,stop,error,outcome,error_pct%s\r\n",
        c ? ",outlier,band_lo,band_hi,p_status_quo_holds,agreement" : "");
    for (size_t i = 0; i < s->n_issues; ++i) {
        for (size_t m = 0; m < f->n_models; ++m) {
            const parley_run *run = parley_forecast_run(f, i, m);
            field(out, s->issues[i].name);
            parley_buf_append(out, ",", 1);
            field(out, f->params[m].type->name);
            parley_buf_printf(out, ",%s,", parley_i_report_status(run));
            if (run->status == PARLEY_OK) {
                const parley_outcome *o = &run->outcome;
                number(out, o->forecast);
                parley_buf_append(out, ",", 1);
                number(out, o->mean);
                parley_buf_append(out, ",", 1);
                number(out, o->median);
                parley_buf_printf(out, ",%zu,", o->rounds);
                field(out, parley_stop_reason_name(o->stop));
                parley_buf_append(out, ",", 1);
            } else {
                parley_buf_append(out, ",,,,,", 5);
                field(out, parley_i_report_error(run));
            }
            parley_buf_append(out, ",", 1);
            if (s->issues[i].outcome.has_value)
                number(out, s->issues[i].outcome.value);
            parley_buf_append(out, ",", 1);
            double e = parley_i_outcome_error(f, i, m);
            if (isfinite(e))
                number(out, e);
            if (c)
                parley_buf_printf(out, ",%s,,,,",
                                  run->status != PARLEY_OK                          ? ""
                                  : c->issues[i].outlier && c->issues[i].outlier[m] ? "1"
                                                                                    : "0");
            parley_buf_append(out, "\r\n", 2);
        }
        if (c)
            combined_row(out, s, c, i);
    }
    return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
