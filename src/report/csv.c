/* parley: the forecast as CSV (RFC 4180), one row per issue x model.
 *
 *     issue,model,status,forecast,mean,median,rounds,stop,error,outcome,error_pct
 *
 * outcome is the issue's observed outcome (empty when unknown), error_pct
 * the forecast minus the outcome in % of the issue's scale (empty when
 * there is no outcome or no forecast).
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
    if (!text) text = "";
    if (strpbrk(text, ",\"\r\n") == NULL) {
        parley_buf_append(b, text, strlen(text));
        return;
    }
    parley_buf_append(b, "\"", 1);
    for (const char *p = text; *p; ++p) {
        if (*p == '"') parley_buf_append(b, "\"", 1);
        parley_buf_append(b, p, 1);
    }
    parley_buf_append(b, "\"", 1);
}

static void number(parley_buf *b, double x) { parley_i_buf_number(b, x, ""); }

parley_status parley_report_csv(const parley_forecast *f, const parley_report_meta *meta,
                                parley_buf *out) {
    (void)meta; /* CSV has no place for metadata: one header line, then data */
    const parley_scenario *s = f->scenario;
    parley_buf_printf(out, "issue,model,status,forecast,mean,median,rounds,stop,error,outcome,error_pct\r\n");
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
            if (s->issues[i].outcome.has_value) number(out, s->issues[i].outcome.value);
            parley_buf_append(out, ",", 1);
            double e = parley_i_outcome_error(f, i, m);
            if (isfinite(e)) number(out, e);
            parley_buf_append(out, "\r\n", 2);
        }
    }
    return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
