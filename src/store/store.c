/* parley: the run store in SQLite (include/parley/store.h; schema and
 * measured sizes in docs/store.md).
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/internal.h"
#include "parley/io.h"
#include "parley/parley.h"
#include "parley/store.h"
#include "store/internal.h"

/* "PRLY": marks a SQLite file as a parley store (PRAGMA application_id). */
#define STORE_APPLICATION_ID 0x50524c59
/* How long a writer waits for another process's transaction, ms. */
#define STORE_BUSY_MS 30000

struct parley_store {
    sqlite3 *db;
    char path[PARLEY_ERROR_FILE_MAX];
    /* 1: path is a 0-byte file opened without create, read as an empty
     * store held in memory so that reading it writes nothing; the first
     * run stored opens (and initialises) the file itself */
    int empty_file;
};

/* The whole schema of version 1 (docs/store.md repeats it). */
static const char SCHEMA_V1[] =
    "CREATE TABLE scenarios ("
    " id INTEGER PRIMARY KEY,"
    " hash TEXT NOT NULL,"
    " name TEXT, as_of TEXT,"
    " n_actors INTEGER NOT NULL, n_issues INTEGER NOT NULL,"
    " json TEXT NOT NULL);"
    "CREATE INDEX scenarios_hash ON scenarios(hash);"
    "CREATE TABLE runs ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " started TEXT NOT NULL, stored TEXT NOT NULL,"
    " version TEXT NOT NULL, command TEXT NOT NULL, command_line TEXT NOT NULL,"
    " scenario_id INTEGER REFERENCES scenarios(id),"
    " scenario_file TEXT NOT NULL,"
    " seed INTEGER NOT NULL, models TEXT NOT NULL,"
    " status TEXT NOT NULL, wall_seconds REAL NOT NULL, level TEXT NOT NULL);"
    "CREATE TABLE run_params ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL, model TEXT NOT NULL, params TEXT NOT NULL,"
    " PRIMARY KEY (run_id, position)) WITHOUT ROWID;"
    "CREATE TABLE results ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " issue INTEGER NOT NULL, model_position INTEGER NOT NULL,"
    " issue_id TEXT NOT NULL, model TEXT NOT NULL, status TEXT NOT NULL,"
    " forecast REAL, mean REAL, median REAL, rounds INTEGER NOT NULL,"
    " PRIMARY KEY (run_id, issue, model_position)) WITHOUT ROWID;"
    "CREATE TABLE rounds ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " issue INTEGER NOT NULL, model_position INTEGER NOT NULL, round INTEGER NOT NULL,"
    " forecast REAL, positions BLOB NOT NULL,"
    " PRIMARY KEY (run_id, issue, model_position, round)) WITHOUT ROWID;"
    "CREATE TABLE documents ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " kind TEXT NOT NULL, format TEXT NOT NULL,"
    " encoding TEXT NOT NULL, size INTEGER NOT NULL, body BLOB NOT NULL,"
    " PRIMARY KEY (run_id, kind, format)) WITHOUT ROWID;";

/* Version 2 (docs/store.md): scenarios and outputs as LZMA2 texts, each a
 * delta from an earlier one where that is smaller (texts, text.c); run
 * parameters and rounds in tables with rowids, whose rows SQLite keeps on
 * the page up to about 1 kB where a WITHOUT ROWID table moves rows above
 * about 230 bytes to an overflow page of their own; the moves of the
 * iterative models.  MIGRATE_V2 runs before the texts are copied (in C),
 * MIGRATE_V2_SWAP after. */
static const char MIGRATE_V2[] =
    "CREATE TABLE texts ("
    " id INTEGER PRIMARY KEY, base INTEGER REFERENCES texts(id),"
    " size INTEGER NOT NULL, body BLOB NOT NULL);"
    "CREATE TABLE scenarios_v2 ("
    " id INTEGER PRIMARY KEY,"
    " hash TEXT NOT NULL,"
    " name TEXT, as_of TEXT,"
    " n_actors INTEGER NOT NULL, n_issues INTEGER NOT NULL,"
    " text_id INTEGER NOT NULL REFERENCES texts(id));"
    "CREATE TABLE documents_v2 ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " kind TEXT NOT NULL, format TEXT NOT NULL,"
    " text_id INTEGER NOT NULL REFERENCES texts(id),"
    " PRIMARY KEY (run_id, kind, format)) WITHOUT ROWID;"
    "CREATE TABLE run_params_v2 ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL, model TEXT NOT NULL, params TEXT NOT NULL,"
    " UNIQUE (run_id, position));"
    "INSERT INTO run_params_v2 (run_id, position, model, params)"
    " SELECT run_id, position, model, params FROM run_params ORDER BY run_id, position;"
    "CREATE TABLE rounds_v2 ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " issue INTEGER NOT NULL, model_position INTEGER NOT NULL, round INTEGER NOT NULL,"
    " forecast REAL, median REAL, mean REAL, positions BLOB NOT NULL, risk BLOB,"
    " UNIQUE (run_id, issue, model_position, round));"
    "INSERT INTO rounds_v2 (run_id, issue, model_position, round, forecast, positions)"
    " SELECT run_id, issue, model_position, round, forecast, positions FROM rounds"
    " ORDER BY run_id, issue, model_position, round;"
    /* keyed by itself (no index beside it): a move row is about 60 bytes */
    "CREATE TABLE moves ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " issue INTEGER NOT NULL, model_position INTEGER NOT NULL, round INTEGER NOT NULL,"
    " seq INTEGER NOT NULL,"
    " receiver INTEGER NOT NULL, sender INTEGER NOT NULL, kind TEXT NOT NULL,"
    " e_i REAL, e_j REAL, from_position REAL NOT NULL, to_position REAL NOT NULL,"
    " PRIMARY KEY (run_id, issue, model_position, round, seq)) WITHOUT ROWID;"
    /* the typed summaries of ensemble, leverage and backtest runs (typed.c) */
    "CREATE TABLE ensemble_summaries ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " issue TEXT NOT NULL, model TEXT NOT NULL, base REAL, n INTEGER, failed INTEGER,"
    " mean REAL, sd REAL, min REAL, max REAL, q5 REAL, q25 REAL, q50 REAL, q75 REAL, q95 REAL,"
    " PRIMARY KEY (run_id, issue, model)) WITHOUT ROWID;"
    "CREATE TABLE leverage ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " rank INTEGER NOT NULL, actor TEXT NOT NULL, issue TEXT NOT NULL, input TEXT NOT NULL,"
    " model TEXT NOT NULL, effect REAL, derivative REAL,"
    " PRIMARY KEY (run_id, rank)) WITHOUT ROWID;"
    "CREATE TABLE backtest_metrics ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " \"case\" TEXT NOT NULL, model TEXT NOT NULL, n INTEGER,"
    " mae REAL, rmse REAL, bias REAL, within10 REAL, brier REAL, brier_constant_rate REAL,"
    " PRIMARY KEY (run_id, \"case\", model)) WITHOUT ROWID;";

static const char MIGRATE_V2_SWAP[] =
    "DROP TABLE scenarios;"
    "ALTER TABLE scenarios_v2 RENAME TO scenarios;"
    "CREATE INDEX scenarios_hash ON scenarios(hash);"
    "DROP TABLE documents;"
    "ALTER TABLE documents_v2 RENAME TO documents;"
    "DROP TABLE run_params;"
    "ALTER TABLE run_params_v2 RENAME TO run_params;"
    "DROP TABLE rounds;"
    "ALTER TABLE rounds_v2 RENAME TO rounds;"
    /* a result row without the issue's and model's names (40 % smaller):
     * the issue's id is kept once per scenario, the model's name is the
     * run's run_params row at model_position */
    "CREATE TABLE issues ("
    " scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,"
    " issue INTEGER NOT NULL, issue_id TEXT NOT NULL,"
    " PRIMARY KEY (scenario_id, issue)) WITHOUT ROWID;"
    "INSERT OR IGNORE INTO issues (scenario_id, issue, issue_id)"
    " SELECT r.scenario_id, x.issue, x.issue_id FROM results x JOIN runs r ON r.id = x.run_id"
    " WHERE r.scenario_id IS NOT NULL ORDER BY 1, 2;"
    "CREATE TABLE results_v2 ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " issue INTEGER NOT NULL, model_position INTEGER NOT NULL, status TEXT NOT NULL,"
    " forecast REAL, mean REAL, median REAL, rounds INTEGER NOT NULL,"
    " PRIMARY KEY (run_id, issue, model_position)) WITHOUT ROWID;"
    "INSERT INTO results_v2 (run_id, issue, model_position, status, forecast, mean, median, rounds)"
    " SELECT run_id, issue, model_position, status, forecast, mean, median, rounds FROM results"
    " ORDER BY run_id, issue, model_position;"
    "DROP TABLE results;"
    "ALTER TABLE results_v2 RENAME TO results;";

static parley_status db_error(parley_store *st, parley_error *err, const char *what) {
    int code = sqlite3_errcode(st->db);
    parley_status status = (code == SQLITE_NOMEM) ? PARLEY_ENOMEM : PARLEY_EIO;
    const char *why = sqlite3_errmsg(st->db);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        why = "the store is locked by another process (waited 30 s)";
    else if (code == SQLITE_FULL || sqlite3_system_errno(st->db) == ENOSPC)
        why = "the disk is full";
    else if (code == SQLITE_CANTOPEN && access(st->path, F_OK) == 0)
        /* the file is there: its -wal or -shm file could not be made */
        why = "its -wal and -shm files cannot be made beside it (a read-only file system or "
              "directory?)";
    else if ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN) && sqlite3_system_errno(st->db) != 0)
        why = strerror(sqlite3_system_errno(st->db));
    else if (code == SQLITE_READONLY)
        why = "the store is read-only";
    else if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
        why = "the file is not a parley store (not an SQLite database, or damaged)";
        status = PARLEY_EDATA;
    }
    return parley_error_set(err, status, st->path, 0, 0, "run store: %s: %s", what, why);
}

/* 1 (after a 10 ms pause) while another process holds a lock that SQLite's
 * busy handler does not wait for (opening a new file, switching it to WAL,
 * WAL recovery), for up to STORE_BUSY_MS in all; else 0. */
static int wait_busy(parley_store *st, int rc, int *waited_ms) {
    if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        return 0;
    if (*waited_ms >= STORE_BUSY_MS)
        return 0;
    struct timespec nap = {0, 10000000L};
    nanosleep(&nap, NULL);
    *waited_ms += 10;
    (void)st;
    return 1;
}

static int exec(parley_store *st, const char *sql) {
    int rc, waited = 0;
    do
        rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    while (wait_busy(st, rc, &waited));
    return rc;
}

/* Reads one integer (or, with text, one text of at most n bytes) from a
 * query without parameters; -1 on error. */
static long long query_value(parley_store *st, const char *sql, char *text, size_t n) {
    long long v = -1;
    int rc, waited = 0;
    do {
        sqlite3_stmt *q = NULL;
        rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            v = sqlite3_column_int64(q, 0);
            if (text) {
                const unsigned char *t = sqlite3_column_text(q, 0);
                snprintf(text, n, "%s", t ? (const char *)t : "");
            }
        }
        sqlite3_finalize(q);
    } while (rc != SQLITE_ROW && wait_busy(st, rc, &waited));
    return v;
}

static long long query_int(parley_store *st, const char *sql) {
    return query_value(st, sql, NULL, 0);
}

/* Inflates a schema 1 output (zlib, RFC 1950) of size bytes into out. */
static parley_status inflate_text(const void *z, size_t z_len, long long size, parley_buf *out) {
    if (size < 0 || size >= (1LL << 31))
        return PARLEY_EDATA;
    uLongf len = (uLongf)size;
    char *text = malloc((size_t)size + 1);
    if (!text)
        return PARLEY_ENOMEM;
    parley_status s = PARLEY_OK;
    if (uncompress((Bytef *)text, &len, z ? (const Bytef *)z : (const Bytef *)"", (uLong)z_len) !=
            Z_OK ||
        len != (uLongf)size)
        s = PARLEY_EDATA;
    else if (parley_buf_append(out, text, (size_t)len) != PARLEY_OK)
        s = PARLEY_ENOMEM;
    free(text);
    return s;
}

/* The base for a new text: the base of the text that the query (one row,
 * one column: a text id; parameters bound by the caller) finds, or the text
 * itself when it has none; 0 when the query finds nothing; -1 on error. */
static long long base_of(sqlite3_stmt *q) {
    int rc = sqlite3_step(q);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : rc == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(q);
    return id;
}

/* The base for a run's output (kind, format): that of the last run stored
 * with the same kind and format of output (documents_table: "documents",
 * or "documents_v2" while migrating). */
static long long document_base(parley_store *st, const char *documents_table, const char *kind,
                               const char *format) {
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(t.base, t.id) FROM %s d JOIN texts t ON t.id = d.text_id "
             "WHERE d.kind = ?1 AND d.format = ?2 ORDER BY d.run_id DESC LIMIT 1",
             documents_table);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, format, -1, SQLITE_STATIC);
    return base_of(q);
}

/* The base for a new scenario: that of the last scenario stored. */
static long long scenario_base(parley_store *st, const char *scenarios_table) {
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(t.base, t.id) FROM %s s JOIN texts t ON t.id = s.text_id "
             "ORDER BY s.id DESC LIMIT 1",
             scenarios_table);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    return base_of(q);
}

/* Schema 1 -> 2: the scenarios' JSON and the deflated outputs become texts
 * (each output inflated and stored as parley_store_put stores it now), the
 * other tables are copied as they are.  Inside migrate()'s transaction. */
static parley_status migrate_1_to_2(parley_store *st, parley_error *err) {
    if (exec(st, MIGRATE_V2) != SQLITE_OK)
        return db_error(st, err, "cannot migrate the schema from version 1 to 2");
    parley_status s = PARLEY_OK;
    sqlite3_stmt *q = NULL, *ins = NULL;
    /* scenarios, in the order they were stored */
    int ok = sqlite3_prepare_v2(st->db,
                                "SELECT id, hash, name, as_of, n_actors, n_issues, json "
                                "FROM scenarios ORDER BY id",
                                -1, &q, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(st->db,
                                "INSERT INTO scenarios_v2 (id, hash, name, as_of, n_actors, "
                                "n_issues, text_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                -1, &ins, NULL) == SQLITE_OK;
    int rc = SQLITE_OK;
    while (ok && s == PARLEY_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        long long base = scenario_base(st, "scenarios_v2");
        long long text = base < 0
                             ? -1
                             : parley_i_text_put(st->db, (const char *)sqlite3_column_text(q, 6),
                                                 (size_t)sqlite3_column_bytes(q, 6), base, &s);
        if (base < 0 || text < 0) {
            ok = 0;
            break;
        }
        sqlite3_reset(ins);
        for (int c = 0; c < 6; c++)
            sqlite3_bind_value(ins, c + 1, sqlite3_column_value(q, c));
        sqlite3_bind_int64(ins, 7, text);
        ok = sqlite3_step(ins) == SQLITE_DONE;
    }
    ok = ok && rc == SQLITE_DONE;
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    q = ins = NULL;
    /* outputs, run by run */
    ok = ok &&
         sqlite3_prepare_v2(st->db,
                            "SELECT run_id, kind, format, encoding, size, body FROM documents "
                            "ORDER BY run_id, kind, format",
                            -1, &q, NULL) == SQLITE_OK &&
         sqlite3_prepare_v2(st->db,
                            "INSERT INTO documents_v2 (run_id, kind, format, text_id) "
                            "VALUES (?1, ?2, ?3, ?4)",
                            -1, &ins, NULL) == SQLITE_OK;
    while (ok && s == PARLEY_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        long long run = sqlite3_column_int64(q, 0);
        const char *kind = (const char *)sqlite3_column_text(q, 1);
        const char *format = (const char *)sqlite3_column_text(q, 2);
        const char *enc = (const char *)sqlite3_column_text(q, 3);
        parley_buf text;
        parley_buf_init(&text);
        if (!kind || !format || !enc || strcmp(enc, "deflate") != 0 ||
            inflate_text(sqlite3_column_blob(q, 5), (size_t)sqlite3_column_bytes(q, 5),
                         sqlite3_column_int64(q, 4), &text) != PARLEY_OK) {
            s = parley_error_set(err, PARLEY_EDATA, st->path, 0, 0,
                                 "run store: cannot migrate the schema from version 1 to 2: "
                                 "run %lld's %s output is damaged",
                                 run, kind ? kind : "?");
            parley_buf_destroy(&text);
            break;
        }
        long long base = document_base(st, "documents_v2", kind, format);
        long long id =
            base < 0 ? -1
                     : parley_i_text_put(st->db, text.data ? text.data : "", text.len, base, &s);
        /* the typed summaries of the run, from its JSON output (an output
         * that is not a JSON object leaves them out, as version 1 did) */
        if (id >= 0 && !strcmp(format, "json") &&
            parley_i_store_typed(st->db, run, kind, text.data ? text.data : "") == 0)
            id = -1;
        parley_buf_destroy(&text);
        if (id < 0) {
            ok = 0;
            break;
        }
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, run);
        sqlite3_bind_text(ins, 2, kind, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, format, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 4, id);
        ok = sqlite3_step(ins) == SQLITE_DONE;
    }
    ok = ok && rc == SQLITE_DONE;
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    if (s != PARLEY_OK && s != PARLEY_EIO)
        return s == PARLEY_ENOMEM ? parley_error_set(err, s, st->path, 0, 0, "out of memory") : s;
    if (!ok || exec(st, MIGRATE_V2_SWAP) != SQLITE_OK)
        return db_error(st, err, "cannot migrate the schema from version 1 to 2");
    return PARLEY_OK;
}

/* Brings the schema of an empty database or of an older version up to
 * PARLEY_STORE_SCHEMA_VERSION, in one transaction: a new store gets
 * version 1 and then every step, so that new and migrated stores are
 * alike.  Each later version adds one step (if (v == 2) ...).  Foreign
 * keys are off meanwhile: a step rebuilds tables that others refer to. */
static parley_status migrate(parley_store *st, parley_error *err) {
    if (exec(st, "PRAGMA foreign_keys = OFF") != SQLITE_OK)
        return db_error(st, err, "cannot set up");
    if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK)
        return db_error(st, err, "cannot start the schema transaction");
    /* Re-read inside the transaction: another process may have created it. */
    long long v = query_int(st, "PRAGMA user_version");
    long long n = query_int(st, "SELECT count(*) FROM sqlite_schema");
    parley_status s = PARLEY_OK;
    const char *what = "cannot create the schema";
    if (v == 0 && n == 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d", STORE_APPLICATION_ID);
        if (exec(st, SCHEMA_V1) != SQLITE_OK || exec(st, sql) != SQLITE_OK)
            goto fail;
        v = 1;
    } else if (v < 1 || v > PARLEY_STORE_SCHEMA_VERSION) {
        exec(st, "ROLLBACK");
        exec(st, "PRAGMA foreign_keys = ON");
        return parley_error_set(err, PARLEY_EDATA, st->path, 0, 0,
                                "run store: unknown schema version %lld", v);
    }
    what = "cannot migrate the schema";
    if (v == 1) {
        if ((s = migrate_1_to_2(st, err)) != PARLEY_OK)
            goto rollback;
        v = 2;
    }
    {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %lld", v);
        if (query_int(st, "SELECT count(*) FROM pragma_foreign_key_check") != 0 ||
            exec(st, sql) != SQLITE_OK || exec(st, "COMMIT") != SQLITE_OK)
            goto fail;
    }
    if (exec(st, "PRAGMA foreign_keys = ON") != SQLITE_OK)
        return db_error(st, err, "cannot set up");
    return PARLEY_OK;
fail:
    s = db_error(st, err, what);
rollback:
    exec(st, "ROLLBACK");
    exec(st, "PRAGMA foreign_keys = ON");
    return s;
}

void parley_store_run_init(parley_store_run *r) {
    if (!r)
        return;
    memset(r, 0, sizeof *r);
    r->status = PARLEY_OK;
    r->level = PARLEY_STORE_LEVEL_RUN;
}

parley_status parley_store_open(parley_store **out, const char *path, int create,
                                parley_error *err) {
    if (!out || !path || !*path)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: no file name");
    *out = NULL;
    struct stat sb;
    if (lstat(path, &sb) == 0) {
        if (S_ISLNK(sb.st_mode))
            return parley_error_set(err, PARLEY_EIO, path, 0, 0,
                                    "run store: is a symbolic link; give the real file");
        if (!S_ISREG(sb.st_mode))
            return parley_error_set(err, PARLEY_EIO, path, 0, 0, "run store: not a regular file");
    } else if (!create) {
        return parley_error_set(err, PARLEY_EIO, path, 0, 0, "run store: %s", strerror(errno));
    }
    parley_store *st = calloc(1, sizeof *st);
    if (!st)
        return parley_error_set(err, PARLEY_ENOMEM, path, 0, 0, "out of memory");
    snprintf(st->path, sizeof st->path, "%s", path);
    /* a 0-byte file (touched, or truncated) without create: an empty store
     * that nothing is written to (`runs list` must not initialise it) */
    st->empty_file = !create && sb.st_size == 0;
    int rc =
        st->empty_file
            ? sqlite3_open_v2(":memory:", &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
            : sqlite3_open_v2(path, &st->db,
                              SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                                  SQLITE_OPEN_NOFOLLOW,
                              NULL);
    if (rc != SQLITE_OK && st->db && access(path, F_OK) != 0 && errno == ENOENT) {
        /* SQLite reports the read-only retry's ENOENT for a file it could
         * not create: say why it could not (a directory that cannot be
         * written, a read-only file system) */
        char dir[sizeof st->path];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (!slash)
            snprintf(dir, sizeof dir, ".");
        else
            slash[slash == dir] = '\0';
        if (access(dir, W_OK | X_OK) != 0) {
            int e = errno;
            parley_store_close(st);
            return parley_error_set(err, PARLEY_EIO, path, 0, 0, "run store: cannot create: %s: %s",
                                    dir, strerror(e));
        }
    }
    if (rc != SQLITE_OK) {
        parley_status s = st->db
                              ? db_error(st, err, "cannot open")
                              : parley_error_set(err, PARLEY_ENOMEM, path, 0, 0, "out of memory");
        parley_store_close(st);
        return s;
    }
    sqlite3_extended_result_codes(st->db, 0);
    sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
    /* the mark, the schema's size and its version in one read (one
     * snapshot): another process may be creating the schema meanwhile */
    long long app = -1, n = -1, v = -1;
    {
        int qrc, waited = 0;
        do {
            sqlite3_stmt *q = NULL;
            qrc = sqlite3_prepare_v2(st->db,
                                     "SELECT (SELECT application_id FROM pragma_application_id), "
                                     "(SELECT count(*) FROM sqlite_schema), "
                                     "(SELECT user_version FROM pragma_user_version)",
                                     -1, &q, NULL);
            if (qrc == SQLITE_OK)
                qrc = sqlite3_step(q);
            if (qrc == SQLITE_ROW) {
                app = sqlite3_column_int64(q, 0);
                n = sqlite3_column_int64(q, 1);
                v = sqlite3_column_int64(q, 2);
            }
            sqlite3_finalize(q);
        } while (qrc != SQLITE_ROW && wait_busy(st, qrc, &waited));
    }
    if (app < 0) {
        parley_status s = db_error(st, err, "cannot open");
        parley_store_close(st);
        return s;
    }
    if (app != STORE_APPLICATION_ID && n > 0) {
        parley_store_close(st);
        return parley_error_set(err, PARLEY_EDATA, path, 0, 0,
                                "run store: the file is an SQLite database but not a parley store");
    }
    if (v > PARLEY_STORE_SCHEMA_VERSION) {
        parley_store_close(st);
        return parley_error_set(err, PARLEY_EDATA, path, 0, 0,
                                "run store: schema version %lld is newer than this parley (%s) "
                                "knows (%d); use a newer parley",
                                v, PARLEY_VERSION, PARLEY_STORE_SCHEMA_VERSION);
    }
    /* Small pages: a run's rows and deflated outputs waste less of their
     * last page (about 2 kB per forecast run less than SQLite's 4 kB
     * default).  Takes effect only on a new, empty file. */
    if (n == 0 && exec(st, "PRAGMA page_size = 1024") != SQLITE_OK) {
        parley_status s = db_error(st, err, "cannot set up");
        parley_store_close(st);
        return s;
    }
    /* WAL lets readers and one writer work at once; it persists in the file. */
    char mode[16] = "";
    query_value(st, "PRAGMA journal_mode = WAL", mode, sizeof mode);
    int wal = strcmp(mode, "wal") == 0 || (st->empty_file && strcmp(mode, "memory") == 0);
    if (!wal) {
        parley_status s = db_error(st, err, "cannot switch to WAL mode");
        parley_store_close(st);
        return s;
    }
    if (exec(st, "PRAGMA foreign_keys = ON") != SQLITE_OK ||
        exec(st, "PRAGMA synchronous = NORMAL") != SQLITE_OK) {
        parley_status s = db_error(st, err, "cannot set up");
        parley_store_close(st);
        return s;
    }
    if (v < PARLEY_STORE_SCHEMA_VERSION) {
        parley_status s = migrate(st, err);
        if (s != PARLEY_OK) {
            parley_store_close(st);
            return s;
        }
    }
    *out = st;
    return PARLEY_OK;
}

void parley_store_close(parley_store *st) {
    if (!st)
        return;
    if (st->db)
        sqlite3_close(st->db);
    free(st);
}

/* Before st's first write: a 0-byte file read as an empty store in memory
 * (parley_store_open without create) is opened itself, which gives it the
 * schema, as opening it with create does. */
static parley_status open_empty_file(parley_store *st, parley_error *err) {
    if (!st->empty_file)
        return PARLEY_OK;
    parley_store *file = NULL;
    parley_status s = parley_store_open(&file, st->path, 1, err);
    if (s != PARLEY_OK)
        return s;
    sqlite3_close(st->db);
    st->db = file->db;
    st->empty_file = 0;
    free(file);
    return PARLEY_OK;
}

/* ---- writing a run ---------------------------------------------------- */

/* FNV-1a, 64 bits: finds candidate copies of a scenario; equal text decides. */
static uint64_t fnv1a(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void utc_text(double t, char *buf, size_t n) {
    time_t secs = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&secs, &tm))
        memset(&tm, 0, sizeof tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *status_text(parley_status s) {
    return s == PARLEY_OK ? "ok" : parley_strstatus(s);
}

/* Returns the id of the stored copy of the scenario JSON js, storing it
 * if no run holds it yet (as a delta from the last scenario stored when
 * that is smaller: a what-if costs what it changed); -1 on error. */
static long long scenario_id(parley_store *st, const parley_scenario *s, const parley_buf *js) {
    char hash[17];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)fnv1a(js->data, js->len));
    sqlite3_stmt *q = NULL;
    long long id = -1;
    if (sqlite3_prepare_v2(st->db, "SELECT id, text_id FROM scenarios WHERE hash = ?1", -1, &q,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        parley_buf text;
        parley_buf_init(&text);
        int sql_rc = SQLITE_OK;
        parley_status ts = parley_i_text_get(st->db, sqlite3_column_int64(q, 1), &text, &sql_rc);
        int same = ts == PARLEY_OK && text.len == js->len &&
                   (text.len == 0 || memcmp(text.data, js->data, text.len) == 0);
        parley_buf_destroy(&text);
        if (same) {
            id = sqlite3_column_int64(q, 0);
            break;
        }
        /* a damaged copy is not reused; the scenario is stored anew */
        if (ts != PARLEY_OK && ts != PARLEY_EDATA) {
            rc = SQLITE_ERROR;
            break;
        }
    }
    sqlite3_finalize(q);
    if (id >= 0)
        return id;
    if (rc != SQLITE_DONE)
        return -1;
    long long base = scenario_base(st, "scenarios");
    parley_status why = PARLEY_OK;
    long long text = base < 0 ? -1 : parley_i_text_put(st->db, js->data, js->len, base, &why);
    if (text < 0)
        return -1;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO scenarios (hash, name, as_of, n_actors, n_issues, text_id) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, s->name ? s->name : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, s->as_of ? s->as_of : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, (sqlite3_int64)s->n_actors);
    sqlite3_bind_int64(q, 5, (sqlite3_int64)s->n_issues);
    sqlite3_bind_int64(q, 6, text);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(st->db) : -1;
}

static void bind_real_or_null(sqlite3_stmt *q, int i, int ok, double x) {
    if (ok && isfinite(x))
        sqlite3_bind_double(q, i, x);
    else
        sqlite3_bind_null(q, i);
}

/* The issue ids of scenario sid (once per scenario). */
static int put_issues(parley_store *st, long long sid, const parley_scenario *s) {
    sqlite3_stmt *q = NULL;
    int ok = sqlite3_prepare_v2(st->db,
                                "INSERT OR IGNORE INTO issues (scenario_id, issue, issue_id) "
                                "VALUES (?1, ?2, ?3)",
                                -1, &q, NULL) == SQLITE_OK;
    for (size_t i = 0; ok && i < s->n_issues; i++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, sid);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
        sqlite3_bind_text(q, 3, s->issues[i].name ? s->issues[i].name : "", -1, SQLITE_STATIC);
        ok = sqlite3_step(q) == SQLITE_DONE;
    }
    sqlite3_finalize(q);
    return ok;
}

static int put_results(parley_store *st, long long run, const parley_forecast *f, int rounds) {
    sqlite3_stmt *q = NULL, *r = NULL, *mq = NULL;
    int ok = sqlite3_prepare_v2(st->db,
                                "INSERT INTO results (run_id, issue, model_position, status, "
                                "forecast, mean, median, rounds) "
                                "VALUES (?1, ?2, ?3, ?6, ?7, ?8, ?9, ?10)",
                                -1, &q, NULL) == SQLITE_OK;
    if (ok && rounds)
        ok = sqlite3_prepare_v2(st->db,
                                "INSERT INTO rounds (run_id, issue, model_position, round, "
                                "forecast, positions, median, mean, risk) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                -1, &r, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(st->db,
                                "INSERT INTO moves (run_id, issue, model_position, round, "
                                "receiver, sender, kind, e_i, e_j, from_position, to_position, "
                                "seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                -1, &mq, NULL) == SQLITE_OK;
    const parley_scenario *s = f->scenario;
    for (size_t i = 0; ok && i < s->n_issues; i++)
        for (size_t m = 0; ok && m < f->n_models; m++) {
            const parley_run *run_ = parley_forecast_run(f, i, m);
            int good = run_->status == PARLEY_OK;
            sqlite3_reset(q);
            sqlite3_bind_int64(q, 1, run);
            sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
            sqlite3_bind_int64(q, 3, (sqlite3_int64)m);
            sqlite3_bind_text(q, 6, status_text(run_->status), -1, SQLITE_STATIC);
            bind_real_or_null(q, 7, good, run_->outcome.forecast);
            bind_real_or_null(q, 8, good, run_->outcome.mean);
            bind_real_or_null(q, 9, good, run_->outcome.median);
            sqlite3_bind_int64(q, 10, good ? (sqlite3_int64)run_->outcome.rounds : 0);
            ok = sqlite3_step(q) == SQLITE_DONE;
            for (size_t k = 0; ok && r && run_->rounds && k < run_->n_rounds; k++) {
                const parley_round_record *rr = &run_->rounds[k];
                sqlite3_reset(r);
                sqlite3_bind_int64(r, 1, run);
                sqlite3_bind_int64(r, 2, (sqlite3_int64)i);
                sqlite3_bind_int64(r, 3, (sqlite3_int64)m);
                sqlite3_bind_int64(r, 4, (sqlite3_int64)k);
                bind_real_or_null(r, 5, 1, rr->forecast);
                /* Positions as little-endian IEEE doubles, n per round. */
                sqlite3_bind_blob64(r, 6, rr->position, (sqlite3_uint64)(run_->n * sizeof(double)),
                                    SQLITE_STATIC);
                bind_real_or_null(r, 7, 1, rr->median);
                bind_real_or_null(r, 8, 1, rr->mean);
                /* the actors' risk exponents (EU), like the positions */
                if (rr->risk)
                    sqlite3_bind_blob64(r, 9, rr->risk, (sqlite3_uint64)(run_->n * sizeof(double)),
                                        SQLITE_STATIC);
                else
                    sqlite3_bind_null(r, 9);
                ok = sqlite3_step(r) == SQLITE_DONE;
                for (size_t j = 0; ok && j < rr->n_moves; j++) {
                    const parley_move *mv = &rr->moves[j];
                    sqlite3_reset(mq);
                    sqlite3_bind_int64(mq, 1, run);
                    sqlite3_bind_int64(mq, 2, (sqlite3_int64)i);
                    sqlite3_bind_int64(mq, 3, (sqlite3_int64)m);
                    sqlite3_bind_int64(mq, 4, (sqlite3_int64)k);
                    /* scenario indices of the actors, not the issue's view */
                    sqlite3_bind_int64(mq, 5, (sqlite3_int64)run_->actor[mv->receiver]);
                    sqlite3_bind_int64(mq, 6, (sqlite3_int64)run_->actor[mv->sender]);
                    sqlite3_bind_text(mq, 7, parley_move_kind_name(mv->kind), -1, SQLITE_STATIC);
                    bind_real_or_null(mq, 8, 1, mv->e_i);
                    bind_real_or_null(mq, 9, 1, mv->e_j);
                    sqlite3_bind_double(mq, 10, mv->from);
                    sqlite3_bind_double(mq, 11, mv->to);
                    sqlite3_bind_int64(mq, 12, (sqlite3_int64)j);
                    ok = sqlite3_step(mq) == SQLITE_DONE;
                }
            }
        }
    sqlite3_finalize(q);
    sqlite3_finalize(r);
    sqlite3_finalize(mq);
    return ok;
}

static int put_params(parley_store *st, long long run, const parley_params *params, size_t n,
                      parley_buf *models) {
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO run_params (run_id, position, model, params) "
                           "VALUES (?1, ?2, ?3, ?4)",
                           -1, &q, NULL) != SQLITE_OK)
        return 0;
    int ok = 1;
    for (size_t m = 0; ok && m < n; m++) {
        parley_buf text;
        parley_buf_init(&text);
        ok = parley_params_describe(&params[m], &text) == PARLEY_OK &&
             parley_buf_printf(models, "%s%s", m ? "," : "", params[m].type->name) == PARLEY_OK;
        if (ok) {
            sqlite3_reset(q);
            sqlite3_bind_int64(q, 1, run);
            sqlite3_bind_int64(q, 2, (sqlite3_int64)m);
            sqlite3_bind_text(q, 3, params[m].type->name, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 4, text.data ? text.data : "", (int)text.len, SQLITE_STATIC);
            ok = sqlite3_step(q) == SQLITE_DONE;
        }
        parley_buf_destroy(&text);
    }
    sqlite3_finalize(q);
    return ok;
}

/* A scenario JSON must read back, and an actor who takes part in no issue
 * does not (a what-if --drop leaves such an actor).  When s has one, *out
 * is a copy of s without them (else out is left zeroed and s is stored as
 * it is); the stored scenario then simply lacks the dropped actors, which
 * `runs diff` reports. */
static parley_status scenario_without_absent(const parley_scenario *s, parley_scenario *out) {
    size_t keep = 0;
    for (size_t a = 0; a < s->n_actors; a++) {
        int any = 0;
        for (size_t i = 0; i < s->n_issues && !any; i++)
            any = s->cells[a * s->n_issues + i].present;
        keep += (size_t)any;
    }
    if (keep == s->n_actors || keep == 0)
        return PARLEY_OK;
    parley_status st = parley_scenario_copy(out, s);
    if (st != PARLEY_OK)
        return st;
    size_t w = 0, ni = out->n_issues;
    for (size_t a = 0; a < out->n_actors; a++) {
        int any = 0;
        for (size_t i = 0; i < ni && !any; i++)
            any = out->cells[a * ni + i].present;
        if (!any) {
            free(out->actors[a].name);
            free(out->actors[a].description);
            for (size_t i = 0; i < ni; i++) {
                parley_cell *c = &out->cells[a * ni + i];
                free(c->position_note);
                free(c->salience_note);
                free(c->capability_note);
            }
            continue;
        }
        if (w != a) {
            out->actors[w] = out->actors[a];
            memmove(&out->cells[w * ni], &out->cells[a * ni], ni * sizeof *out->cells);
        }
        w++;
    }
    out->n_actors = w;
    return PARLEY_OK;
}

/* The arguments of parley_store_put, each refusal worded (a C caller's
 * mistake: PARLEY_EINVAL). */
static parley_status check_put(const parley_store_run *run, const parley_scenario *s,
                               const parley_forecast *f, const parley_params *params,
                               size_t n_params, const parley_store_document *docs, size_t n_docs,
                               parley_error *err) {
    const char *why = !run               ? "no run to store (run is NULL)"
                      : !run->command    ? "the run names no command (run->command is NULL; "
                                           "expected \"forecast\", \"ensemble\", ...)"
                      : !run->command[0] ? "the run's command is empty (expected \"forecast\", "
                                           "\"ensemble\", ...)"
                      : n_docs && !docs  ? "n_docs is not 0 but docs is NULL"
                      : f && !s          ? "a forecast without its scenario (s is NULL)"
                      : !f && n_params && !params ? "n_params is not 0 but params is NULL"
                                                  : NULL;
    if (why)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: %s", why);
    return PARLEY_OK;
}

parley_status parley_store_put(parley_store *st, const parley_store_run *run,
                               const parley_scenario *s, const parley_forecast *f,
                               const parley_params *params, size_t n_params,
                               const parley_store_document *docs, size_t n_docs, long long *id,
                               parley_error *err) {
    if (!st)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: no store (st is NULL)");
    parley_status ws = check_put(run, s, f, params, n_params, docs, n_docs, err);
    if (ws != PARLEY_OK)
        return ws;
    ws = open_empty_file(st, err);
    if (ws != PARLEY_OK)
        return ws;
    if (f) {
        params = f->params;
        n_params = f->n_models;
    }
    parley_buf js, models;
    parley_buf_init(&js);
    parley_buf_init(&models);
    parley_scenario kept;
    memset(&kept, 0, sizeof kept);
    if (s && (scenario_without_absent(s, &kept) != PARLEY_OK ||
              parley_scenario_write_json(kept.actors ? &kept : s, &js) != PARLEY_OK)) {
        parley_scenario_destroy(&kept);
        parley_buf_destroy(&js);
        return parley_error_set(err, PARLEY_ENOMEM, st->path, 0, 0, "out of memory");
    }
    parley_scenario_destroy(&kept);
    parley_status status = PARLEY_OK;
    if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK) {
        status = db_error(st, err, "cannot start the run's transaction");
        goto done;
    }
    long long sid = s ? scenario_id(st, s, &js) : 0; /* 0: no scenario (NULL) */
    char started[32], stored[32];
    utc_text(run->started, started, sizeof started);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    utc_text((double)now.tv_sec, stored, sizeof stored);
    sqlite3_stmt *q = NULL;
    int ok = sid >= 0 &&
             sqlite3_prepare_v2(st->db,
                                "INSERT INTO runs (started, stored, version, command, "
                                "command_line, scenario_id, scenario_file, seed, models, status, "
                                "wall_seconds, level) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                                "'', ?9, ?10, ?11)",
                                -1, &q, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_text(q, 1, started, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, stored, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, PARLEY_VERSION, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, run->command, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, run->command_line ? run->command_line : "", -1, SQLITE_STATIC);
        if (sid > 0)
            sqlite3_bind_int64(q, 6, sid);
        else
            sqlite3_bind_null(q, 6);
        sqlite3_bind_text(q, 7, run->scenario_file ? run->scenario_file : "", -1, SQLITE_STATIC);
        /* Seeds are at most 2^63-1 (PARLEY_MAX_SEED), so they fit. */
        sqlite3_bind_int64(q, 8, (sqlite3_int64)run->seed);
        sqlite3_bind_text(q, 9, status_text(run->status), -1, SQLITE_STATIC);
        sqlite3_bind_double(q, 10, run->wall_seconds);
        /* rounds are kept only of a forecast: a run without one (an
         * ensemble, leverage or backtest) is recorded as what it keeps */
        sqlite3_bind_text(q, 11, run->level == PARLEY_STORE_LEVEL_ROUNDS && f ? "rounds" : "run",
                          -1, SQLITE_STATIC);
        ok = sqlite3_step(q) == SQLITE_DONE;
    }
    sqlite3_finalize(q);
    long long rid = ok ? sqlite3_last_insert_rowid(st->db) : -1;
    ok = ok && put_params(st, rid, params, n_params, &models);
    if (ok && sqlite3_prepare_v2(st->db, "UPDATE runs SET models = ?1 WHERE id = ?2", -1, &q,
                                 NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, models.data ? models.data : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, rid);
        ok = sqlite3_step(q) == SQLITE_DONE;
        sqlite3_finalize(q);
    }
    if (ok && f && sid > 0)
        ok = put_issues(st, sid, f->scenario);
    if (ok && f)
        ok = put_results(st, rid, f, run->level == PARLEY_STORE_LEVEL_ROUNDS && f->traced);
    if (ok && n_docs)
        ok = sqlite3_prepare_v2(st->db,
                                "INSERT OR REPLACE INTO documents (run_id, kind, format, text_id) "
                                "VALUES (?1, ?2, ?3, ?4)",
                                -1, &q, NULL) == SQLITE_OK;
    for (size_t d = 0; ok && d < n_docs; d++) {
        /* LZMA2, as a delta from the same output of the last run stored
         * (text.c): a forecast prints nearly what the one before printed */
        const char *body = docs[d].body ? docs[d].body : "";
        long long base = document_base(st, "documents", docs[d].kind, docs[d].format);
        parley_status why = PARLEY_OK;
        long long text = base < 0 ? -1 : parley_i_text_put(st->db, body, strlen(body), base, &why);
        ok = text >= 0;
        if (ok) {
            sqlite3_reset(q);
            sqlite3_bind_int64(q, 1, rid);
            sqlite3_bind_text(q, 2, docs[d].kind, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 3, docs[d].format, -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 4, text);
            ok = sqlite3_step(q) == SQLITE_DONE;
        }
        if (ok && !strcmp(docs[d].format, "json"))
            ok = parley_i_store_typed(st->db, rid, docs[d].kind, body) == 1;
    }
    if (n_docs)
        sqlite3_finalize(q);
    if (ok && exec(st, "COMMIT") == SQLITE_OK) {
        if (id)
            *id = rid;
    } else {
        status = db_error(st, err, "cannot store the run");
        exec(st, "ROLLBACK");
    }
done:
    parley_buf_destroy(&js);
    parley_buf_destroy(&models);
    return status;
}

/* ---- reading ---------------------------------------------------------- */

static char *dup_col(sqlite3_stmt *q, int i) {
    const unsigned char *t = sqlite3_column_text(q, i);
    size_t n = (size_t)sqlite3_column_bytes(q, i);
    char *s = malloc(n + 1);
    if (s) {
        if (n)
            memcpy(s, t, n);
        s[n] = '\0';
    }
    return s;
}

static void entry_free(parley_store_entry *e) {
    free(e->stored);
    free(e->version);
    free(e->command);
    free(e->command_line);
    free(e->scenario);
    free(e->scenario_file);
    free(e->as_of);
    free(e->models);
    free(e->status);
}

void parley_store_list_destroy(parley_store_list *l) {
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        entry_free(&l->entries[i]);
    free(l->entries);
    l->entries = NULL;
    l->n = 0;
}

#define ENTRY_COLUMNS                                                                              \
    "SELECT r.id, r.stored, r.version, r.command, r.command_line, s.name, r.scenario_file, "       \
    "s.as_of, r.models, r.status, r.seed, r.wall_seconds, r.scenario_id "                          \
    "FROM runs r LEFT JOIN scenarios s ON s.id = r.scenario_id "

static int valid_date(const char *d) {
    return !d || !*d || parley_date_valid(d);
}

static parley_status read_entries(parley_store *st, sqlite3_stmt *q, parley_store_list *out,
                                  parley_error *err) {
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (out->n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            parley_store_entry *e = realloc(out->entries, nc * sizeof *e);
            if (!e)
                return parley_error_set(err, PARLEY_ENOMEM, st->path, 0, 0, "out of memory");
            out->entries = e;
            cap = nc;
        }
        parley_store_entry *e = &out->entries[out->n];
        memset(e, 0, sizeof *e);
        out->n++;
        e->id = sqlite3_column_int64(q, 0);
        e->stored = dup_col(q, 1);
        e->version = dup_col(q, 2);
        e->command = dup_col(q, 3);
        e->command_line = dup_col(q, 4);
        e->scenario = dup_col(q, 5);
        e->scenario_file = dup_col(q, 6);
        e->as_of = dup_col(q, 7);
        e->models = dup_col(q, 8);
        e->status = dup_col(q, 9);
        e->seed = (unsigned long long)sqlite3_column_int64(q, 10);
        e->wall_seconds = sqlite3_column_double(q, 11);
        e->scenario_id = sqlite3_column_int64(q, 12);
        if (!e->stored || !e->version || !e->command || !e->command_line || !e->scenario ||
            !e->scenario_file || !e->as_of || !e->models || !e->status)
            return parley_error_set(err, PARLEY_ENOMEM, st->path, 0, 0, "out of memory");
    }
    return rc == SQLITE_DONE ? PARLEY_OK : db_error(st, err, "cannot read the runs");
}

parley_status parley_store_list_runs(parley_store *st, const parley_store_filter *filter,
                                     parley_store_list *out, parley_error *err) {
    if (!st || !out)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: missing argument");
    out->entries = NULL;
    out->n = 0;
    parley_store_filter none = {NULL, NULL, NULL, NULL};
    if (!filter)
        filter = &none;
    if (!valid_date(filter->since) || !valid_date(filter->until))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "run store: dates must be YYYY-MM-DD, not \"%s\"",
                                valid_date(filter->since) ? filter->until : filter->since);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(
            st->db,
            ENTRY_COLUMNS
            "WHERE (?1 = '' OR instr(s.name, ?1) > 0 OR instr(r.scenario_file, ?1) > 0) "
            "AND (?2 = '' OR EXISTS (SELECT 1 FROM run_params p WHERE p.run_id = r.id AND "
            "p.model = ?2)) "
            "AND (?3 = '' OR substr(r.stored, 1, 10) >= ?3) "
            "AND (?4 = '' OR substr(r.stored, 1, 10) <= ?4) ORDER BY r.id",
            -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "cannot read the runs");
    sqlite3_bind_text(q, 1, filter->scenario ? filter->scenario : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, filter->model ? filter->model : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, filter->since ? filter->since : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, filter->until ? filter->until : "", -1, SQLITE_STATIC);
    parley_status s = read_entries(st, q, out, err);
    sqlite3_finalize(q);
    if (s != PARLEY_OK)
        parley_store_list_destroy(out);
    return s;
}

static parley_status no_run(parley_store *st, long long id, parley_error *err) {
    long long last = query_int(st, "SELECT coalesce(max(id), 0) FROM runs");
    if (last <= 0)
        return parley_error_set(err, PARLEY_EINVAL, st->path, 0, 0,
                                "run store: no run %lld (the store holds no runs)", id);
    return parley_error_set(err, PARLEY_EINVAL, st->path, 0, 0,
                            "run store: no run %lld (see `parley runs list`; the last is %lld)", id,
                            last);
}

parley_status parley_store_get_run(parley_store *st, long long id, parley_store_list *out,
                                   parley_error *err) {
    if (!st || !out)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: missing argument");
    out->entries = NULL;
    out->n = 0;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, ENTRY_COLUMNS "WHERE r.id = ?1", -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "cannot read the runs");
    sqlite3_bind_int64(q, 1, id);
    parley_status s = read_entries(st, q, out, err);
    sqlite3_finalize(q);
    if (s == PARLEY_OK && out->n == 0)
        s = no_run(st, id, err);
    if (s != PARLEY_OK)
        parley_store_list_destroy(out);
    return s;
}

static int run_exists(parley_store *st, long long id) {
    sqlite3_stmt *q = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM runs WHERE id = ?1", -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, id);
        found = sqlite3_step(q) == SQLITE_ROW;
    }
    sqlite3_finalize(q);
    return found;
}

/* Appends text `text` (the `what` of run id) to out, with the store's
 * errors: PARLEY_EDATA when it does not decode. */
static parley_status read_text(parley_store *st, long long text, long long id, const char *what,
                               parley_buf *out, parley_error *err) {
    int sql_rc = SQLITE_OK;
    parley_status s = parley_i_text_get(st->db, text, out, &sql_rc);
    if (s == PARLEY_EDATA)
        return parley_error_set(err, s, st->path, 0, 0, "run store: run %lld: damaged %s%s", id,
                                what, strcmp(what, "scenario") ? " output" : "");
    if (s == PARLEY_ENOMEM)
        return parley_error_set(err, s, st->path, 0, 0, "out of memory");
    if (s != PARLEY_OK)
        return db_error(st, err, "cannot read the run");
    return PARLEY_OK;
}

parley_status parley_store_document_get(parley_store *st, long long id, const char *kind,
                                        const char *format, parley_buf *out, parley_error *err) {
    if (!st || !kind || !format || !out)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: missing argument");
    if (!run_exists(st, id))
        return no_run(st, id, err);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT text_id FROM documents WHERE run_id = ?1 AND "
                           "kind = ?2 AND format = ?3",
                           -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "cannot read the run");
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, format, -1, SQLITE_STATIC);
    parley_status s = PARLEY_OK;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        long long text = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
        return read_text(st, text, id, kind, out, err);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_error(st, err, "cannot read the run");
    /* Say what the run has. */
    parley_buf have;
    parley_buf_init(&have);
    if (sqlite3_prepare_v2(st->db,
                           "SELECT kind, format FROM documents WHERE run_id = ?1 "
                           "ORDER BY kind, format",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, id);
        while (sqlite3_step(q) == SQLITE_ROW)
            parley_buf_printf(&have, "%s%s %s", have.len ? ", " : "", sqlite3_column_text(q, 0),
                              sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    s = parley_error_set(err, PARLEY_EINVAL, st->path, 0, 0,
                         "run store: run %lld holds no %s output in %s format (it holds: %s)", id,
                         kind, format, have.len ? have.data : "none");
    parley_buf_destroy(&have);
    return s;
}

/* The stored scenario JSON of run id, as stored, appended to out. */
static parley_status scenario_text(parley_store *st, long long id, parley_buf *out,
                                   parley_error *err) {
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT r.scenario_id IS NULL, s.text_id FROM runs r "
                           "LEFT JOIN scenarios s ON s.id = r.scenario_id WHERE r.id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "cannot read the run");
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    parley_status s = PARLEY_OK;
    if (rc == SQLITE_ROW && sqlite3_column_int(q, 0)) {
        s = parley_error_set(err, PARLEY_EINVAL, st->path, 0, 0,
                             "run store: run %lld kept no scenario (a backtest of several cases)",
                             id);
    } else if (rc == SQLITE_ROW && sqlite3_column_type(q, 1) == SQLITE_NULL) {
        s = parley_error_set(err, PARLEY_EDATA, st->path, 0, 0,
                             "run store: run %lld: its scenario is missing from the store", id);
    } else if (rc == SQLITE_ROW) {
        long long text = sqlite3_column_int64(q, 1);
        sqlite3_finalize(q);
        return read_text(st, text, id, "scenario", out, err);
    } else if (rc == SQLITE_DONE) {
        s = no_run(st, id, err);
    } else {
        s = db_error(st, err, "cannot read the run");
    }
    sqlite3_finalize(q);
    return s;
}

/* Parses the stored scenario JSON js of run id into sc; PARLEY_EDATA with
 * the parser's first error, naming the run, when it does not read. */
static parley_status parse_scenario(parley_store *st, long long id, const parley_buf *js,
                                    parley_scenario *sc, parley_error *err) {
    parley_diags d;
    parley_diags_init(&d);
    char name[64];
    snprintf(name, sizeof name, "run %lld scenario", id);
    parley_status status = parley_scenario_parse(sc, PARLEY_FORMAT_JSON, js->data ? js->data : "",
                                                 js->len, name, NULL, &d);
    if (status == PARLEY_ENOMEM) {
        parley_error_set(err, status, st->path, 0, 0, "out of memory");
    } else if (status != PARLEY_OK) {
        parley_error first;
        parley_error_clear(&first);
        parley_diags_first_error(&d, &first);
        parley_error_set(err, PARLEY_EDATA, st->path, 0, 0,
                         "run store: run %lld: its stored scenario does not read (%s:%zu:%zu: %s)",
                         id, first.file[0] ? first.file : name, first.line, first.column,
                         first.message);
        status = PARLEY_EDATA;
    }
    parley_diags_destroy(&d);
    return status;
}

parley_status parley_store_scenario_json(parley_store *st, long long id, parley_buf *out,
                                         parley_error *err) {
    if (!st || !out)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: missing argument");
    parley_buf js;
    parley_buf_init(&js);
    parley_status s = scenario_text(st, id, &js, err);
    if (s == PARLEY_OK) {
        /* a stored scenario that no longer reads is not passed on */
        parley_scenario sc;
        memset(&sc, 0, sizeof sc);
        s = parse_scenario(st, id, &js, &sc, err);
        if (s == PARLEY_OK)
            parley_scenario_destroy(&sc);
    }
    if (s == PARLEY_OK && parley_buf_append(out, js.data ? js.data : "", js.len) != PARLEY_OK)
        s = parley_error_set(err, PARLEY_ENOMEM, st->path, 0, 0, "out of memory");
    parley_buf_destroy(&js);
    return s;
}

parley_status parley_store_export(parley_store *st, long long id, parley_buf *out,
                                  parley_diags *diags, parley_error *err) {
    if (!st || !out)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: missing argument");
    parley_store_list one;
    parley_status s = parley_store_get_run(st, id, &one, err);
    if (s != PARLEY_OK)
        return s;
    /* the CLI's --experts, as its command line was stored */
    const int experts = strstr(one.entries[0].command_line, " --experts") != NULL;
    parley_store_list_destroy(&one);
    if (experts && diags &&
        parley_diags_add(diags, PARLEY_SEV_WARNING, PARLEY_OK, NULL, 0, 0, NULL,
                         "run %lld used several experts' codings; the export is their median "
                         "table, which reproduces a forecast but not an ensemble's draws from "
                         "the codings",
                         id) != PARLEY_OK)
        return parley_error_set(err, PARLEY_ENOMEM, st->path, 0, 0, "out of memory");
    return parley_store_scenario_json(st, id, out, err);
}

void parley_store_results_destroy(parley_store_results *r) {
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].issue_id);
        free(r->items[i].model);
        free(r->items[i].status);
    }
    free(r->items);
    r->items = NULL;
    r->n = 0;
}

parley_status parley_store_results_get(parley_store *st, long long id, parley_store_results *out,
                                       parley_error *err) {
    if (!st || !out)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: missing argument");
    out->items = NULL;
    out->n = 0;
    if (!run_exists(st, id))
        return no_run(st, id, err);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT x.issue, i.issue_id, p.model, x.status, x.forecast, x.rounds "
                           "FROM results x JOIN runs r ON r.id = x.run_id "
                           "LEFT JOIN issues i ON i.scenario_id = r.scenario_id AND "
                           "i.issue = x.issue LEFT JOIN run_params p ON p.run_id = x.run_id "
                           "AND p.position = x.model_position "
                           "WHERE x.run_id = ?1 ORDER BY x.issue, x.model_position",
                           -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "cannot read the results");
    sqlite3_bind_int64(q, 1, id);
    size_t cap = 0;
    int rc;
    parley_status s = PARLEY_OK;
    while (s == PARLEY_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (out->n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            parley_store_result *it = realloc(out->items, nc * sizeof *it);
            if (!it) {
                s = parley_error_set(err, PARLEY_ENOMEM, st->path, 0, 0, "out of memory");
                break;
            }
            out->items = it;
            cap = nc;
        }
        parley_store_result *it = &out->items[out->n++];
        it->issue = (size_t)sqlite3_column_int64(q, 0);
        it->issue_id = dup_col(q, 1);
        it->model = dup_col(q, 2);
        it->status = dup_col(q, 3);
        it->forecast = sqlite3_column_type(q, 4) == SQLITE_NULL ? NAN : sqlite3_column_double(q, 4);
        it->rounds = (size_t)sqlite3_column_int64(q, 5);
        if (!it->issue_id || !it->model || !it->status)
            s = parley_error_set(err, PARLEY_ENOMEM, st->path, 0, 0, "out of memory");
    }
    if (s == PARLEY_OK && rc != SQLITE_DONE)
        s = db_error(st, err, "cannot read the results");
    sqlite3_finalize(q);
    if (s != PARLEY_OK)
        parley_store_results_destroy(out);
    return s;
}

parley_status parley_store_params_text(parley_store *st, long long id, parley_buf *out,
                                       parley_error *err) {
    if (!st || !out)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: missing argument");
    if (!run_exists(st, id))
        return no_run(st, id, err);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT model, params FROM run_params WHERE run_id = ?1 "
                           "ORDER BY position",
                           -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "cannot read the parameters");
    sqlite3_bind_int64(q, 1, id);
    parley_status s = PARLEY_OK;
    while (s == PARLEY_OK && sqlite3_step(q) == SQLITE_ROW)
        if (parley_buf_printf(out, "%s: %s\n", sqlite3_column_text(q, 0),
                              sqlite3_column_text(q, 1)) != PARLEY_OK)
            s = parley_error_set(err, PARLEY_ENOMEM, st->path, 0, 0, "out of memory");
    sqlite3_finalize(q);
    return s;
}

parley_status parley_store_remove(parley_store *st, long long id, parley_error *err) {
    if (!st)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: missing argument");
    if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK)
        return db_error(st, err, "cannot start the transaction");
    if (!run_exists(st, id)) {
        exec(st, "ROLLBACK");
        return no_run(st, id, err);
    }
    sqlite3_stmt *q = NULL;
    int ok =
        sqlite3_prepare_v2(st->db, "DELETE FROM runs WHERE id = ?1", -1, &q, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_int64(q, 1, id);
        ok = sqlite3_step(q) == SQLITE_DONE;
    }
    sqlite3_finalize(q);
    ok =
        ok && exec(st, "DELETE FROM scenarios WHERE id NOT IN "
                       "(SELECT scenario_id FROM runs WHERE scenario_id IS NOT NULL)") == SQLITE_OK;
    ok = ok && parley_i_text_gc(st->db) == SQLITE_OK;
    if (ok && exec(st, "COMMIT") == SQLITE_OK)
        return PARLEY_OK;
    parley_status s = db_error(st, err, "cannot remove the run");
    exec(st, "ROLLBACK");
    return s;
}

/* For diff.c: the stored scenario of run id, parsed. */
parley_status parley_i_store_scenario(parley_store *st, long long id, parley_scenario *s,
                                      parley_error *err) {
    parley_buf js;
    parley_buf_init(&js);
    parley_status status = scenario_text(st, id, &js, err);
    if (status == PARLEY_OK)
        status = parse_scenario(st, id, &js, s, err);
    parley_buf_destroy(&js);
    return status;
}

parley_status parley_store_record(const char *path, const parley_store_run *run, int argc,
                                  const char *const *argv, const parley_scenario *s,
                                  const parley_forecast *f, const parley_params *params,
                                  size_t n_params, const parley_store_document *docs, size_t n_docs,
                                  long long *id, parley_error *err) {
    if (argv && argc < 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "run store: argc is %d (expected the number of strings in argv, "
                                "0 or more)",
                                argc);
    for (int k = 0; argv && k < argc; ++k)
        if (!argv[k])
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "run store: argv[%d] is NULL (expected %d strings)", k, argc);
    parley_status cs = check_put(run, s, f, params, n_params, docs, n_docs, err);
    if (cs != PARLEY_OK)
        return cs;
    parley_store_run r = *run;
    parley_buf line;
    parley_buf_init(&line);
    parley_status st = PARLEY_OK;
    if (argv) {
        st = parley_buf_printf(&line, "parley");
        for (int k = 0; st == PARLEY_OK && k < argc; ++k)
            if ((st = parley_buf_append(&line, " ", 1)) == PARLEY_OK)
                st = parley_report_shell_word(&line, argv[k]);
        r.command_line = line.data;
    }
    parley_store *store = NULL;
    if (st != PARLEY_OK)
        parley_error_set(err, st, NULL, 0, 0, "out of memory");
    else if ((st = parley_store_open(&store, path, 1, err)) == PARLEY_OK)
        st = parley_store_put(store, &r, s, f, params, n_params, docs, n_docs, id, err);
    parley_store_close(store);
    parley_buf_destroy(&line);
    return st;
}
