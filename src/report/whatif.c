/* What-if report: every model's forecast on every issue, base against
 * changed scenario, with the difference.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <parley/report.h>

#include "report/report_i.h"
#include "core/internal.h"

static double value_of(const parley_forecast *f, size_t i, size_t m) {
    const parley_run *r = parley_forecast_run(f, i, m);
    return r->status == PARLEY_OK ? r->outcome.forecast : NAN;
}

/* One CSV field, quoted when it holds a comma, a quote, CR or LF. */
static parley_status csv_field(parley_buf *b, const char *s) {
    if (!strpbrk(s, ",\"\r\n"))
        return parley_buf_printf(b, "%s", s);
    parley_status st = parley_buf_append(b, "\"", 1);
    for (const char *p = s; st == PARLEY_OK && *p; ++p)
        st = *p == '"' ? parley_buf_append(b, "\"\"", 2) : parley_buf_append(b, p, 1);
    return st == PARLEY_OK ? parley_buf_append(b, "\"", 1) : st;
}

/* A byte that is not part of valid UTF-8 (a file name's) is written as
 * U+FFFD: JSON text must be UTF-8 (RFC 8259 §8.1). */
static parley_status json_string(parley_buf *b, const char *s) {
    parley_status st = parley_buf_append(b, "\"", 1);
    const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
    while (st == PARLEY_OK && p < end) {
        size_t n = parley_i_utf8_length(p, end);
        if (*p == '"' || *p == '\\')
            st = parley_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            st = parley_buf_printf(b, "\\u%04x", *p);
        else if (n == 0)
            st = parley_buf_append(b, "\xEF\xBF\xBD", 3);
        else
            st = parley_buf_append(b, (const char *)p, n);
        p += n ? n : 1;
    }
    return st == PARLEY_OK ? parley_buf_append(b, "\"", 1) : st;
}

/* Why base and/or changed could not run on (i, m), "" when both ran:
 * "base: REASON", "what-if: REASON" or both joined by "; ". */
static const char *reason(const parley_forecast *base, const parley_forecast *changed, size_t i,
                          size_t m, char *buf, size_t n) {
    const parley_run *r[2] = {parley_forecast_run(base, i, m), parley_forecast_run(changed, i, m)};
    static const char *const who[2] = {"base", "what-if"};
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < 2; ++k) {
        if (r[k]->status == PARLEY_OK || len >= n)
            continue;
        const char *why =
            r[k]->error.message[0] ? r[k]->error.message : parley_strstatus(r[k]->status);
        int w = snprintf(buf + len, n - len, "%s%s: %s", len ? "; " : "", who[k], why);
        if (w > 0)
            len += (size_t)w;
    }
    return buf;
}

static parley_status json_number(parley_buf *b, double x) {
    return parley_i_buf_number(b, x, "null");
}

parley_status parley_report_whatif(const parley_forecast *base, const parley_forecast *changed,
                                   const char *const *changes, size_t n_changes,
                                   parley_report_format format, const parley_report_meta *meta,
                                   parley_buf *out) {
    const parley_scenario *s = base->scenario;
    parley_status st = PARLEY_OK;
    char b1[32], b2[32], b3[32], why[1200];
    if (format == PARLEY_REPORT_CSV) {
        st = parley_buf_printf(out, "issue,model,base,whatif,change,error\r\n");
        for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i)
            for (size_t m = 0; st == PARLEY_OK && m < base->n_models; ++m) {
                const double x = value_of(base, i, m), y = value_of(changed, i, m);
                st = csv_field(out, s->issues[i].name);
                if (st == PARLEY_OK)
                    st = parley_buf_printf(out, ",%s,", base->params[m].type->name);
                const double d[3] = {x, y, y - x};
                for (int k = 0; st == PARLEY_OK && k < 3; ++k) {
                    st = parley_i_buf_number(out, d[k], "");
                    if (st == PARLEY_OK)
                        st = parley_buf_append(out, ",", 1);
                }
                if (st == PARLEY_OK)
                    st = csv_field(out, reason(base, changed, i, m, why, sizeof why));
                if (st == PARLEY_OK)
                    st = parley_buf_printf(out, "\r\n");
            }
        return st;
    }
    if (format == PARLEY_REPORT_JSON) {
        st = parley_buf_printf(out, "{\n  \"parley_whatif\": 1,\n  \"version\": ");
        if (st == PARLEY_OK)
            st = json_string(out, meta->version);
        if (st == PARLEY_OK)
            st = parley_buf_printf(out, ",\n  \"source\": ");
        if (st == PARLEY_OK)
            st = json_string(out, meta->source);
        if (st == PARLEY_OK)
            st = parley_buf_printf(out, ",\n  \"seed\": %llu,\n  \"changes\": [", meta->seed);
        for (size_t k = 0; st == PARLEY_OK && k < n_changes; ++k) {
            st = parley_buf_printf(out, "%s", k ? ", " : "");
            if (st == PARLEY_OK)
                st = json_string(out, changes[k]);
        }
        if (st == PARLEY_OK)
            st = parley_buf_printf(out, "],\n  \"results\": [");
        int first = 1;
        for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i)
            for (size_t m = 0; st == PARLEY_OK && m < base->n_models; ++m) {
                const double x = value_of(base, i, m), y = value_of(changed, i, m);
                st = parley_buf_printf(out, "%s\n    {\"issue\": ", first ? "" : ",");
                first = 0;
                if (st == PARLEY_OK)
                    st = json_string(out, s->issues[i].name);
                if (st == PARLEY_OK)
                    st = parley_buf_printf(out, ", \"model\": ");
                if (st == PARLEY_OK)
                    st = json_string(out, base->params[m].type->name);
                if (st == PARLEY_OK)
                    st = parley_buf_printf(out, ", \"base\": ");
                if (st == PARLEY_OK)
                    st = json_number(out, x);
                if (st == PARLEY_OK)
                    st = parley_buf_printf(out, ", \"whatif\": ");
                if (st == PARLEY_OK)
                    st = json_number(out, y);
                if (st == PARLEY_OK)
                    st = parley_buf_printf(out, ", \"change\": ");
                if (st == PARLEY_OK)
                    st = json_number(out, y - x);
                if (st == PARLEY_OK && reason(base, changed, i, m, why, sizeof why)[0]) {
                    st = parley_buf_printf(out, ", \"error\": ");
                    if (st == PARLEY_OK)
                        st = json_string(out, why);
                }
                if (st == PARLEY_OK)
                    st = parley_buf_printf(out, "}");
            }
        return st == PARLEY_OK ? parley_buf_printf(out, "\n  ]\n}\n") : st;
    }
    st = parley_buf_printf(out, "parley %s what-if\n\nFile:      %s\nSeed:      %llu\nChanges:  ",
                           meta->version, meta->source, meta->seed);
    for (size_t k = 0; st == PARLEY_OK && k < n_changes; ++k)
        st = parley_buf_printf(out, " %s", changes[k]);
    if (st == PARLEY_OK)
        st = parley_buf_printf(out, "\n\n%-24s %-8s %9s %9s %9s\n", "issue", "model", "base",
                               "what-if", "change");
    for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i)
        for (size_t m = 0; st == PARLEY_OK && m < base->n_models; ++m) {
            const double x = value_of(base, i, m), y = value_of(changed, i, m);
            const double d = y - x;
            if (isfinite(d))
                snprintf(b3, sizeof b3, "%+.2f", d == 0.0 ? 0.0 : d);
            else
                snprintf(b3, sizeof b3, "n/a");
            st = parley_i_buf_cell(out, s->issues[i].name, 24, 0);
            if (st == PARLEY_OK)
                st = parley_buf_printf(out, " %-8s %9s %9s %9s\n", base->params[m].type->name,
                                       parley_i_fmt_pos(b1, sizeof b1, x),
                                       parley_i_fmt_pos(b2, sizeof b2, y), b3);
            if (st == PARLEY_OK && reason(base, changed, i, m, why, sizeof why)[0])
                st = parley_buf_printf(out, "%24s could not run: %s\n", "", why);
        }
    return st;
}
