/* The per-replicate CSV of an ensemble (parley ensemble --rows), written
 * while the replicates run, through the safe output file (src/io/write.c:
 * a temporary file renamed on commit, so a failure leaves no partial file).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/report_analysis.h>
#include "io/internal.h"

parley_status parley_ensemble_rows_open(parley_ensemble_rows_file *rf, const char *path,
                                        const parley_scenario *s, const char *const *labels,
                                        size_t n_labels, parley_error *err) {
    memset(rf, 0, sizeof *rf);
    parley_error_clear(&rf->err);
    parley_i_outfile *out = calloc(1, sizeof *out);
    if (!out)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_status st = parley_i_outfile_open(out, path, err);
    if (st != PARLEY_OK) {
        free(out);
        return st;
    }
    rf->out = out;
    rf->scenario = s;
    rf->labels = labels;
    rf->n_labels = n_labels;
    parley_buf h;
    parley_buf_init(&h);
    if (parley_report_ensemble_rows_header(&h) != PARLEY_OK)
        rf->failed = 1, parley_error_set(&rf->err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    else if (parley_i_outfile_write(out, h.data, h.len, &rf->err) != PARLEY_OK)
        rf->failed = 1;
    parley_buf_destroy(&h);
    return PARLEY_OK;
}

const char *parley_ensemble_rows_temp(const parley_ensemble_rows_file *rf) {
    return rf->out ? parley_i_outfile_temp(rf->out) : NULL;
}

int parley_ensemble_rows_write(void *data, uint64_t k, const double *forecast,
                               const unsigned char *dropped) {
    parley_ensemble_rows_file *rf = data;
    if (rf->failed || !rf->out)
        return 1;
    parley_buf line;
    parley_buf_init(&line);
    parley_status st = parley_report_ensemble_rows(rf->scenario, rf->labels, rf->n_labels, k,
                                                   forecast, dropped, &line);
    if (st != PARLEY_OK)
        rf->failed = 1, parley_error_set(&rf->err, st, NULL, 0, 0, "out of memory");
    else if (parley_i_outfile_write(rf->out, line.data, line.len, &rf->err) != PARLEY_OK)
        rf->failed = 1;
    parley_buf_destroy(&line);
    return rf->failed;
}

parley_status parley_ensemble_rows_commit(parley_ensemble_rows_file *rf, parley_error *err) {
    if (!rf->out)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "the rows file is not open");
    if (rf->failed) {
        if (err)
            *err = rf->err;
        parley_ensemble_rows_destroy(rf);
        return err ? err->status : PARLEY_EIO;
    }
    parley_status st = parley_i_outfile_commit(rf->out, err);
    free(rf->out);
    rf->out = NULL;
    return st;
}

void parley_ensemble_rows_destroy(parley_ensemble_rows_file *rf) {
    if (rf && rf->out) {
        parley_i_outfile_abort(rf->out);
        free(rf->out);
        rf->out = NULL;
    }
}

/* The request's prepare hook under parley_ensemble_result_init_rows: opens
 * the rows file with the configurations' labels, then runs the caller's. */
typedef struct rows_hook {
    parley_ensemble_rows_file *rf;
    const char *path;
    const parley_ensemble_request *req;
} rows_hook;

static parley_status rows_prepare(void *data, const parley_ensemble_result *res,
                                  parley_ensemble_options *eo, parley_error *err) {
    rows_hook *h = data;
    parley_status st =
        parley_ensemble_rows_open(h->rf, h->path, h->req->scenario,
                                  (const char *const *)res->configs.labels, res->configs.n, err);
    if (st != PARLEY_OK)
        return st;
    if (!h->rf->failed) {
        eo->on_replicate = parley_ensemble_rows_write;
        eo->replicate_data = h->rf;
    }
    return h->req->prepare ? h->req->prepare(h->req->prepare_data, res, eo, err) : PARLEY_OK;
}

parley_status parley_ensemble_result_init_rows(parley_ensemble_result *res,
                                               const parley_ensemble_request *req, const char *path,
                                               parley_ensemble_rows_file *rf, parley_error *err) {
    memset(rf, 0, sizeof *rf);
    if (!path || !req)
        return parley_ensemble_result_init(res, req, err);
    if (req->options.first != 0 || (req->spec && req->options.count != req->spec->replicates)) {
        memset(res, 0, sizeof *res);
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "rows need a single process (they are written in the "
                                "replicates' order)");
    }
    rows_hook h = {rf, path, req};
    parley_ensemble_request r = *req;
    r.prepare = rows_prepare;
    r.prepare_data = &h;
    parley_status st = parley_ensemble_result_init(res, &r, err);
    /* the rows file's own failures: opening it, a write, the commit */
    int rows = st != PARLEY_OK && res->stage == PARLEY_ENSEMBLE_STAGE_PREPARE && !rf->out;
    if (st == PARLEY_OK && (st = parley_ensemble_rows_commit(rf, err)) != PARLEY_OK) {
        res->stage = PARLEY_ENSEMBLE_STAGE_RUN;
        rows = 1;
    } else if (st != PARLEY_OK && rf->failed) { /* a write failed: the replicates stopped */
        if (err)
            *err = rf->err;
        st = rf->err.status;
        rows = 1;
    }
    if (rows && err && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", path);
    parley_ensemble_rows_destroy(rf); /* an uncommitted file leaves nothing behind */
    return st;
}
