/* parley: the run store's texts -- a run's output rendered in every kept
 * format, the list of runs and a run's output as `parley runs list` and
 * `parley runs show` print them, shared by the CLI and the Python binding
 * (parley.Store).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "parley/store.h"

parley_status parley_store_list_text(parley_store *st, const parley_store_filter *filter,
                                     parley_buf *out, parley_error *err) {
    parley_store_list l;
    parley_status s = parley_store_list_runs(st, filter, &l, err);
    if (s != PARLEY_OK)
        return s;
    const int filtered =
        filter && (filter->scenario || filter->model || filter->since || filter->until);
    if (l.n == 0)
        s = parley_buf_printf(out, "No runs%s.\n", filtered ? " match" : " stored");
    else
        s = parley_buf_printf(out, "%5s  %-20s  %-9s  %-30s  %-28s  %s\n", "run", "stored (UTC)",
                              "command", "scenario", "models", "status");
    for (size_t k = 0; s == PARLEY_OK && k < l.n; ++k) {
        const parley_store_entry *e = &l.entries[k];
        /* a backtest of the case library is stored without a scenario */
        const char *scen = e->scenario_id == 0 ? "(case library)"
                           : e->scenario[0]    ? e->scenario
                                               : e->scenario_file;
        s = parley_buf_printf(out, "%5lld  %-20s  %-9s  %-30.30s  %-28.28s  %s\n", e->id, e->stored,
                              e->command, scen, e->models, e->status);
    }
    parley_store_list_destroy(&l);
    return s;
}

parley_status parley_store_show(parley_store *st, long long id, const char *kind,
                                const char *format, parley_buf *out, parley_error *err) {
    static const char *const kinds[] = {"forecast", "whatif",   "ensemble",
                                        "leverage", "backtest", "report"};
    size_t known = 0;
    while (kind && known < 6 && strcmp(kind, kinds[known]) != 0)
        ++known;
    if (known == 6)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "run store: unknown kind '%s' (kinds: forecast, whatif, ensemble, "
                                "leverage, backtest, report)",
                                kind);
    parley_store_list one;
    parley_status s = parley_store_get_run(st, id, &one, err);
    if (s != PARLEY_OK)
        return s;
    /* a forecast stored from Python (command "python") is kind "forecast" */
    const char *own = one.entries[0].command;
    const char *k = kind ? kind : strcmp(own, "python") == 0 ? "forecast" : own;
    /* a report holds its HTML page only */
    const char *fmt = format ? format : strcmp(k, "report") == 0 ? "html" : "table";
    s = parley_store_document_get(st, id, k, fmt, out, err);
    /* a what-if forecast is stored as kind "whatif"; when it has no such
     * document either, the error names the kind asked for, "forecast" */
    if (s == PARLEY_EINVAL && !kind && strcmp(k, "forecast") == 0) {
        parley_error first = *err;
        parley_error_clear(err);
        s = parley_store_document_get(st, id, "whatif", fmt, out, err);
        if (s == PARLEY_EINVAL)
            *err = first;
    }
    parley_store_list_destroy(&one);
    return s;
}

parley_status parley_store_outputs_render(parley_store_outputs *o, const char *kind,
                                          parley_store_render_fn render, void *data) {
    static const parley_report_format fmts[PARLEY_STORE_N_FORMATS] = {
        PARLEY_REPORT_TABLE, PARLEY_REPORT_JSON, PARLEY_REPORT_CSV};
    static const char *const names[PARLEY_STORE_N_FORMATS] = {"table", "json", "csv"};
    parley_status st = PARLEY_OK;
    for (int k = 0; k < PARLEY_STORE_N_FORMATS; ++k) {
        parley_buf_init(&o->bufs[k]);
        if (st == PARLEY_OK)
            st = render(data, fmts[k], &o->bufs[k]);
        o->docs[k].kind = kind;
        o->docs[k].format = names[k];
        o->docs[k].body = o->bufs[k].data ? o->bufs[k].data : "";
    }
    return st;
}

void parley_store_outputs_destroy(parley_store_outputs *o) {
    for (int k = 0; k < PARLEY_STORE_N_FORMATS; ++k)
        parley_buf_destroy(&o->bufs[k]);
}
