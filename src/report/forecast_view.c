/* parley: the parts of the HTML report that the live what-if panel redraws
 * (docs/report.md, "Try it"): the table of every model's forecast, the
 * combined forecast of an issue in words ("Where the talks land"), and the
 * file stem of a chart.  The native report (html.c) and the WebAssembly
 * module of the page (src/wasm/entry.c) both write them with this code, so
 * that what the page redraws after a change is, byte for byte, what
 * `parley report` writes for the changed scenario.  No jansson, no I/O:
 * this file is compiled by emcc too (CMakeLists.txt, PARLEY_WASM_SOURCES).
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/combine.h>
#include <parley/report.h>

#include <math.h>
#include <stdio.h>

#include "report/report_i.h"
#include "report/svg_i.h"

void parley_chart_file_stem(char *buf, size_t n, const char *kind, size_t issue,
                            const char *issue_name, const char *model) {
    enum { PART_MAX = 48 }; /* keeps kind, number and model whole in a 200-byte buffer */
    char part[PART_MAX + 1];
    size_t k = 0;
    int gap = 0; /* bytes replaced since the last kept one */
    for (const char *p = issue_name ? issue_name : ""; *p && k < PART_MAX; ++p) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
            gap = 1;
            continue;
        }
        if (gap && k > 0) {
            if (k + 1 >= PART_MAX)
                break;
            part[k++] = '_';
        }
        gap = 0;
        part[k++] = c;
    }
    part[k] = '\0';
    snprintf(buf, n, "%s-%zu%s%s%s%s", kind, issue + 1, k ? "-" : "", part, model ? "-" : "",
             model ? model : "");
}

void parley_i_report_forecast_table(parley_buf *b, const parley_forecast *f) {
    const parley_scenario *s = f->scenario;
    char v[32];
    parley_buf_printf(b, "<div class=\"wide\"><table id=\"forecast-table\">\n<tr><th>Issue</th><th "
                         "class=\"num\">Status quo</th>");
    for (size_t m = 0; m < f->n_models; ++m) {
        parley_buf_printf(b, "<th>");
        parley_i_xml_escape(b, f->params[m].type->title);
        parley_buf_printf(b, "</th>");
    }
    parley_buf_printf(b, "</tr>\n");
    for (size_t i = 0; i < s->n_issues; ++i) {
        parley_buf_printf(b, "<tr><td><a href=\"#issue-%zu\">", i + 1);
        parley_i_xml_escape(b, s->issues[i].name);
        parley_buf_printf(b, "</a></td><td class=\"num\">%s</td>",
                          s->issues[i].has_status_quo
                              ? parley_i_fmt_num(v, sizeof v, s->issues[i].status_quo)
                              : "&#8212;");
        for (size_t m = 0; m < f->n_models; ++m) {
            const parley_run *run = parley_forecast_run(f, i, m);
            if (run->status != PARLEY_OK) {
                parley_buf_printf(b, "<td class=\"note\">could not run: ");
                parley_i_xml_escape(b, run->error.message[0] ? run->error.message
                                                             : parley_strstatus(run->status));
                parley_buf_printf(b, "</td>");
                continue;
            }
            parley_buf_printf(b, "<td class=\"num\"><b>%s</b>",
                              parley_i_fmt_num(v, sizeof v, run->outcome.forecast));
            if (run->outcome.stop != PARLEY_STOP_STATIC) /* on its own line: keeps columns narrow */
                parley_buf_printf(b,
                                  "<br><span class=\"note\">%zu round%s, <span "
                                  "class=\"nw\">%s</span></span>",
                                  run->outcome.rounds, run->outcome.rounds == 1 ? "" : "s",
                                  parley_stop_reason_name(run->outcome.stop));
            parley_buf_printf(b, "</td>");
        }
        parley_buf_printf(b, "</tr>\n");
    }
    parley_buf_printf(b, "</table></div>\n");
}

void parley_i_report_landing_text(parley_buf *b, const parley_forecast *f, const parley_combined *c,
                                  size_t i) {
    const parley_combined_issue *ci = &c->issues[i];
    char v[64], text[512];
    parley_buf_printf(b, "<p class=\"fc\">");
    if (ci->status == PARLEY_OK) {
        parley_buf_printf(b, "<b>Combined forecast: %s</b>. Agreement: ",
                          parley_i_fmt_num(v, sizeof v, ci->value));
        parley_i_xml_escape(b, ci->sentence);
        parley_buf_printf(b, ".");
    } else {
        parley_buf_printf(b, "No model ran on this issue.");
    }
    parley_buf_printf(b, " <b>Will it move?</b> ");
    parley_i_xml_escape(b, parley_i_will_move_text(text, sizeof text, c, f, i));
    parley_buf_printf(b, ".");
    if (isfinite(ci->outcome))
        parley_buf_printf(b, " Observed outcome: %s.", parley_i_fmt_num(v, sizeof v, ci->outcome));
    parley_buf_printf(b, "</p>\n");
}
