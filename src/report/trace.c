/* parley: round-by-round trace of the iterative models, read like a
 * negotiation log: in each round, who challenged whom and what came of it
 * (conflict, compromise, capitulation), then every actor's position and
 * risk exponent and the weighted median and mean of the positions.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/report.h>

#include <stdio.h>
#include <string.h>

#include "report/report_i.h"

#define NUM_W 10

static size_t name_width(const parley_forecast *f, const parley_run *run) {
    size_t w = strlen("Actor");
    for (size_t j = 0; j < run->n; ++j) {
        size_t t = parley_i_text_width(parley_i_report_actor(f, run, j));
        if (t > w)
            w = t;
    }
    return w;
}

static void append_state(parley_buf *b, const parley_forecast *f, const parley_run *run,
                         const parley_round_record *rec) {
    size_t nw = name_width(f, run);
    char v[64];
    parley_buf_printf(b, "    ");
    parley_i_buf_cell(b, "Actor", nw, 0);
    parley_i_buf_cell(b, "Position", NUM_W, 1);
    if (rec->risk)
        parley_i_buf_cell(b, "Risk", NUM_W, 1);
    parley_buf_printf(b, "\n");
    for (size_t j = 0; j < run->n; ++j) {
        parley_buf_printf(b, "    ");
        parley_i_buf_cell(b, parley_i_report_actor(f, run, j), nw, 0);
        parley_i_buf_cell(b, parley_i_fmt_pos(v, sizeof v, rec->position[j]), NUM_W, 1);
        if (rec->risk) {
            snprintf(v, sizeof v, "%.3f", rec->risk[j]);
            parley_i_buf_cell(b, v, NUM_W, 1);
        }
        parley_buf_printf(b, "\n");
    }
    char med[64], mean[64];
    parley_buf_printf(b, "    median %s, mean %s\n", parley_i_fmt_pos(med, sizeof med, rec->median),
                      parley_i_fmt_pos(mean, sizeof mean, rec->mean));
}

static void append_run(parley_buf *b, const parley_forecast *f, size_t i, size_t m) {
    const parley_run *run = parley_forecast_run(f, i, m);
    char from[64], to[64];
    parley_buf_printf(b, "\nTrace of %s on issue %s (%zu round%s, stopped by ",
                      f->params[m].type->title, f->scenario->issues[i].name, run->outcome.rounds,
                      run->outcome.rounds == 1 ? "" : "s");
    parley_i_report_append_stop(b, &run->outcome);
    parley_buf_printf(b, ")\n");
    for (size_t k = 0; k < run->n_rounds; ++k) {
        const parley_round_record *rec = &run->rounds[k];
        if (k == 0) {
            parley_buf_printf(b, "  round 0: starting positions\n");
        } else if (rec->n_moves == 0) {
            parley_buf_printf(b, "  round %zu: no actor moved\n", k);
        }
        for (size_t q = 0; q < rec->n_moves; ++q) {
            const parley_move *mv = &rec->moves[q];
            parley_buf_printf(b, "  round %zu: %s <- %s %s from %s to %s (e_i=%.4g, e_j=%.4g)\n", k,
                              parley_i_report_actor(f, run, mv->receiver),
                              parley_i_report_actor(f, run, mv->sender),
                              parley_move_kind_name(mv->kind),
                              parley_i_fmt_pos(from, sizeof from, mv->from),
                              parley_i_fmt_pos(to, sizeof to, mv->to), mv->e_i, mv->e_j);
        }
        append_state(b, f, run, rec);
    }
}

parley_status parley_report_trace(const parley_forecast *f, parley_buf *out) {
    if (!f->traced)
        return PARLEY_EINVAL;
    int any = 0;
    for (size_t i = 0; i < f->scenario->n_issues; ++i)
        for (size_t m = 0; m < f->n_models; ++m)
            if (parley_i_report_has_rounds(parley_forecast_run(f, i, m))) {
                append_run(out, f, i, m);
                any = 1;
            }
    if (!any)
        parley_buf_printf(out, "\nTrace: no model played rounds on any issue.\n");
    return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
