/* parley: the run store's typed summaries -- the ensemble summaries,
 * leverage rankings and backtest metrics of a run as rows (docs/store.md),
 * read from the run's JSON output, which holds every field of the result
 * structs the table and CSV outputs print.
 *
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void bind_num(sqlite3_stmt *q, int i, const json_t *v) {
    if (json_is_number(v))
        sqlite3_bind_double(q, i, json_number_value(v));
    else
        sqlite3_bind_null(q, i);
}

static void bind_str(sqlite3_stmt *q, int i, const json_t *v) {
    const char *s = json_string_value(v);
    sqlite3_bind_text(q, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

static int step(sqlite3_stmt *q) {
    int ok = sqlite3_step(q) == SQLITE_DONE;
    sqlite3_reset(q);
    return ok;
}

/* issues[].results[]: one row each, its quantiles as columns */
static int put_ensemble(sqlite3 *db, long long run, const json_t *root) {
    sqlite3_stmt *q = NULL;
    int ok = sqlite3_prepare_v2(db,
                                "INSERT INTO ensemble_summaries (run_id, issue, model, base, n, "
                                "failed, mean, sd, min, max, q5, q25, q50, q75, q95) VALUES (?1, "
                                "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                                -1, &q, NULL) == SQLITE_OK;
    static const char *const cols[] = {"base", "n", "failed", "mean", "sd", "min", "max"};
    static const char *const qs[] = {"5", "25", "50", "75", "95"};
    size_t i, j;
    const json_t *issue, *r;
    json_array_foreach(json_object_get(root, "issues"), i, issue) {
        json_array_foreach(json_object_get(issue, "results"), j, r) {
            if (!ok)
                break;
            sqlite3_bind_int64(q, 1, run);
            bind_str(q, 2, json_object_get(issue, "name"));
            bind_str(q, 3, json_object_get(r, "model"));
            for (int c = 0; c < 7; c++)
                bind_num(q, 4 + c, json_object_get(r, cols[c]));
            const json_t *quant = json_object_get(r, "quantiles");
            for (int c = 0; c < 5; c++)
                bind_num(q, 11 + c, json_object_get(quant, qs[c]));
            ok = step(q);
        }
    }
    sqlite3_finalize(q);
    return ok;
}

/* rows[]: the ranking as printed */
static int put_leverage(sqlite3 *db, long long run, const json_t *root) {
    sqlite3_stmt *q = NULL;
    int ok = sqlite3_prepare_v2(db,
                                "INSERT INTO leverage (run_id, rank, actor, issue, input, model, "
                                "effect, derivative) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                -1, &q, NULL) == SQLITE_OK;
    size_t i;
    const json_t *r;
    json_array_foreach(json_object_get(root, "rows"), i, r) {
        if (!ok)
            break;
        sqlite3_bind_int64(q, 1, run);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)json_integer_value(json_object_get(r, "rank")));
        bind_str(q, 3, json_object_get(r, "actor"));
        bind_str(q, 4, json_object_get(r, "issue"));
        bind_str(q, 5, json_object_get(r, "input"));
        bind_str(q, 6, json_object_get(r, "model"));
        bind_num(q, 7, json_object_get(r, "effect"));
        bind_num(q, 8, json_object_get(r, "derivative"));
        ok = step(q);
    }
    sqlite3_finalize(q);
    return ok;
}

/* one row of backtest_metrics: the fields named in cols of m */
static int put_metric_row(sqlite3_stmt *q, long long run, const char *case_name, const char *model,
                          const json_t *m) {
    static const char *const cols[] = {
        "n", "mae", "rmse", "bias", "within10", "brier", "brier_constant_rate"};
    sqlite3_bind_int64(q, 1, run);
    sqlite3_bind_text(q, 2, case_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, model, -1, SQLITE_TRANSIENT);
    for (int c = 0; c < 7; c++)
        bind_num(q, 4 + c, json_object_get(m, cols[c]));
    return step(q);
}

/* models[] of one case (case_name) or of the whole library ("") */
static int put_metrics(sqlite3_stmt *q, long long run, const char *case_name,
                       const json_t *models) {
    size_t i;
    const json_t *m;
    int ok = 1;
    json_array_foreach(models, i, m) {
        const char *name = json_string_value(json_object_get(m, "name"));
        ok = ok && put_metric_row(q, run, case_name, name ? name : "?", m);
    }
    return ok;
}

static int put_backtest(sqlite3 *db, long long run, const json_t *root) {
    sqlite3_stmt *q = NULL;
    int ok = sqlite3_prepare_v2(db,
                                "INSERT INTO backtest_metrics (run_id, \"case\", model, n, mae, "
                                "rmse, bias, within10, brier, brier_constant_rate) VALUES (?1, "
                                "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                -1, &q, NULL) == SQLITE_OK;
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(root, "cases"), i, c) {
        const char *name = json_string_value(json_object_get(c, "name"));
        ok = ok && put_metrics(q, run, name ? name : "?", json_object_get(c, "models"));
    }
    ok = ok && put_metrics(q, run, "", json_object_get(root, "models"));
    /* the status-quo rule's Brier scores, as the model "status_quo_rule" */
    const json_t *rule = json_object_get(root, "status_quo_rule");
    if (ok && json_is_object(rule))
        ok = put_metric_row(q, run, "", "status_quo_rule", rule);
    sqlite3_finalize(q);
    return ok;
}

int parley_i_store_typed(sqlite3 *db, long long run, const char *kind, const char *json) {
    int is_ens = !strcmp(kind, "ensemble"), is_lev = !strcmp(kind, "leverage"),
        is_bt = !strcmp(kind, "backtest");
    if (!is_ens && !is_lev && !is_bt)
        return 1;
    json_error_t jerr;
    json_t *root = json_loads(json, 0, &jerr);
    if (!json_is_object(root)) {
        json_decref(root);
        return -1;
    }
    int ok = is_ens   ? put_ensemble(db, run, root)
             : is_lev ? put_leverage(db, run, root)
                      : put_backtest(db, run, root);
    json_decref(root);
    return ok;
}
