/* parley: helpers shared by the report writers.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/report.h>
#include "report/report_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *parley_i_report_actor(const parley_forecast *f, const parley_run *run, size_t j) {
    if (!run->actor || j >= run->n)
        return "?";
    size_t a = run->actor[j];
    if (a >= f->scenario->n_actors || !f->scenario->actors[a].name)
        return "?";
    return f->scenario->actors[a].name;
}

int parley_i_report_has_rounds(const parley_run *run) {
    return run->status == PARLEY_OK && run->rounds != NULL && run->n_rounds > 1;
}

const char *parley_i_report_status(const parley_run *run) {
    return run->status == PARLEY_OK ? "ok" : "error";
}

const char *parley_i_report_error(const parley_run *run) {
    if (run->status == PARLEY_OK)
        return "";
    return run->error.message[0] ? run->error.message : parley_strstatus(run->status);
}

size_t parley_i_text_width(const char *text) {
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; ++p)
        if ((*p & 0xC0) != 0x80)
            ++w;
    return w;
}

parley_status parley_i_buf_cell(parley_buf *b, const char *text, size_t width, int right) {
    size_t w = parley_i_text_width(text);
    /* An over-wide right-aligned cell (a number) still keeps one space from its neighbour. */
    size_t pad = w < width ? width - w : (right ? 1 : 0);
    if (right)
        parley_buf_printf(b, "%*s", (int)pad, "");
    parley_buf_append(b, text, strlen(text));
    if (!right)
        parley_buf_printf(b, "%*s", (int)pad, "");
    return b->failed ? PARLEY_ENOMEM : PARLEY_OK;
}

char *parley_i_fmt_pos(char *buf, size_t n, double x) {
    if (isfinite(x)) {
        if (fabs(x) < 0.005)
            x = 0.0; /* no "-0.00" */
        /* Two decimals for the usual scales; significant digits for large ones. */
        snprintf(buf, n, fabs(x) < 1e6 ? "%.2f" : "%.7g", x);
    } else
        snprintf(buf, n, "n/a");
    return buf;
}

parley_status parley_i_buf_wrap(parley_buf *b, const char *text, size_t col, size_t indent,
                                size_t width) {
    const char *p = text;
    int first_word = 1;
    while (*p) {
        while (*p == ' ' || *p == '\n')
            ++p;
        if (!*p)
            break;
        size_t len = strcspn(p, " \n");
        char word[1024];
        size_t take = len < sizeof word ? len : sizeof word - 1;
        memcpy(word, p, take);
        word[take] = '\0';
        size_t w = parley_i_text_width(word);
        if (!first_word && col + 1 + w > width) {
            parley_buf_printf(b, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first_word) {
            parley_buf_append(b, " ", 1);
            ++col;
        }
        parley_buf_append(b, p, len);
        col += w;
        p += len;
        first_word = 0;
    }
    parley_buf_append(b, "\n", 1);
    return b->failed ? PARLEY_ENOMEM : PARLEY_OK;
}

char *parley_i_fmt_num(char *buf, size_t n, double x) {
    parley_i_fmt_pos(buf, n, x);
    if (!isfinite(x))
        return buf;
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    return buf;
}

double parley_i_outcome_error(const parley_forecast *f, size_t i, size_t m) {
    const parley_issue *is = &f->scenario->issues[i];
    const parley_run *run = parley_forecast_run(f, i, m);
    if (!is->outcome.has_value || run->status != PARLEY_OK || !(is->hi > is->lo))
        return NAN;
    return 100.0 * (run->outcome.forecast - is->outcome.value) / (is->hi - is->lo);
}

int parley_i_against_history(const parley_forecast *f, size_t i, size_t m, parley_buf *out) {
    double e = parley_i_outcome_error(f, i, m);
    if (!(fabs(e) > PARLEY_I_HISTORY_POINTS))
        return 0;
    const parley_issue *is = &f->scenario->issues[i];
    const parley_run *run = parley_forecast_run(f, i, m);
    char x[32], y[32], d[32];
    parley_buf_printf(
        out, "History went against the %s forecast on %s: it says %s, but the outcome",
        f->params[m].type->name, is->name, parley_i_fmt_num(x, sizeof x, run->outcome.forecast));
    if (is->outcome.as_of)
        parley_buf_printf(out, " as of %s", is->outcome.as_of);
    snprintf(d, sizeof d, "%.0f", fabs(e));
    parley_buf_printf(out, " was %s, %s %% of the scale %s.",
                      parley_i_fmt_num(y, sizeof y, is->outcome.value), d,
                      e > 0 ? "lower" : "higher");
    return 1;
}

parley_status parley_i_buf_csv_field(parley_buf *b, const char *text) {
    if (!text)
        text = "";
    if (!strpbrk(text, ",\"\r\n"))
        return parley_buf_printf(b, "%s", text);
    parley_status st = parley_buf_append(b, "\"", 1);
    for (const char *p = text; st == PARLEY_OK && *p; ++p)
        st = *p == '"' ? parley_buf_append(b, "\"\"", 2) : parley_buf_append(b, p, 1);
    return st == PARLEY_OK ? parley_buf_append(b, "\"", 1) : st;
}

parley_status parley_report_format_from_string(const char *name, parley_report_format *format,
                                               parley_error *err) {
    static const char *const names[] = {"table", "json", "csv"}; /* parley_report_format order */
    if (!format)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no report format to set");
    for (size_t k = 0; name && k < sizeof names / sizeof *names; ++k)
        if (strcmp(name, names[k]) == 0) {
            *format = (parley_report_format)k;
            return PARLEY_OK;
        }
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                            "unknown format '%s' (formats: table, json, csv)",
                            name ? name : "(none)");
}

parley_status parley_report_forecast(const parley_forecast *f, parley_report_format format,
                                     int trace, const parley_report_meta *meta, parley_buf *out) {
    parley_status st;
    switch (format) {
    case PARLEY_REPORT_JSON:
        return parley_report_json(f, meta, out);
    case PARLEY_REPORT_CSV:
        return parley_report_csv(f, meta, out);
    case PARLEY_REPORT_TABLE:
    default:
        st = parley_report_table(f, meta, out);
        if (st == PARLEY_OK && trace)
            st = parley_report_trace(f, out);
        return st;
    }
}
