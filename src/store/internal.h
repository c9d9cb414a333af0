/* parley: internals shared by the run store's files.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_STORE_INTERNAL_H
#define PARLEY_STORE_INTERNAL_H

#include <sqlite3.h>

#include "parley/store.h"

/** The stored scenario of run id, parsed into s (destroy with
 * parley_scenario_destroy).  Errors as parley_store_scenario_json, and
 * PARLEY_EDATA when the stored JSON no longer reads. */
parley_status parley_i_store_scenario(parley_store *st, long long id, parley_scenario *s,
                                      parley_error *err);

/** Stores the typed rows of run's JSON output of kind "ensemble"
 * (ensemble_summaries), "leverage" (leverage) or
 * "backtest" (backtest_metrics) (typed.c); other kinds store nothing.
 * Returns 1, 0 when SQLite failed, -1 when json is not a JSON object. */
int parley_i_store_typed(sqlite3 *db, long long run, const char *kind, const char *json);

/* The run store's compressed texts (text.c).  db is the store's connection. */

/** Appends text id to out.  PARLEY_EDATA: the text or its base is missing
 * or does not decode; PARLEY_EIO: SQLite failed (*sql_rc says how);
 * PARLEY_ENOMEM.  *sql_rc is SQLITE_OK unless SQLite failed. */
parley_status parley_i_text_get(sqlite3 *db, long long id, parley_buf *out, int *sql_rc);

/** Stores text[0..n) as a new text, as a delta from text base (> 0) when
 * that at least halves its size, else alone; returns its id, or -1 with
 * *why (PARLEY_EIO: SQLite failed; PARLEY_ENOMEM). */
long long parley_i_text_put(sqlite3 *db, const char *text, size_t n, long long base,
                            parley_status *why);

/** Deletes the texts that no document, scenario or other text uses;
 * an SQLite result code. */
int parley_i_text_gc(sqlite3 *db);

#endif
