/* The run store (include/parley/store.h): runs written whole or not at all,
 * scenarios kept once, list/show/diff/rm, foreign and newer files refused,
 * concurrent writers and a SIGKILL losing nothing. */
#include "testutil.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64];
static char path[128];

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/parley-store-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/runs.db", dir);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static long long count(const char *sql) {
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

/* Stores one forecast of s with the mean model; returns the run id. */
static long long put_mean(parley_store *st, const parley_scenario *s, const char *doc) {
    parley_params p;
    assert_int_equal(parley_params_init(&p, parley_model_find("mean")), PARLEY_OK);
    parley_forecast f;
    parley_error err;
    assert_int_equal(parley_forecast_init(&f, s, &p, 1, 0, &err), PARLEY_OK);
    parley_store_run r;
    parley_store_run_init(&r);
    r.command = "forecast";
    r.command_line = "parley forecast -m mean small.json";
    r.scenario_file = "small.json";
    r.seed = 7;
    parley_store_document d = {"forecast", "table", doc};
    long long id = 0;
    parley_status st_ = parley_store_put(st, &r, s, &f, NULL, 0, &d, 1, &id, &err);
    if (st_ != PARLEY_OK)
        fail_msg("%s", err.message);
    parley_forecast_destroy(&f);
    parley_params_destroy(&p);
    return id;
}

static void test_put_list_show_diff(void **state) {
    (void)state;
    parley_error err;
    parley_store *st = NULL;
    assert_int_equal(parley_store_open(&st, path, 1, &err), PARLEY_OK);
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    assert_int_equal(put_mean(st, &s, "table one"), 1);
    assert_int_equal(put_mean(st, &s, "table two"), 2);
    /* the same scenario is stored once */
    assert_int_equal(count("SELECT count(*) FROM scenarios"), 1);
    /* what-if: health moves from 55 to 40 */
    s.cells[1].position = 40;
    assert_int_equal(put_mean(st, &s, "table three"), 3);
    assert_int_equal(count("SELECT count(*) FROM scenarios"), 2);

    parley_store_list l;
    assert_int_equal(parley_store_list_runs(st, NULL, &l, &err), PARLEY_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.entries[0].command, "forecast");
    assert_string_equal(l.entries[0].scenario, "three ministries");
    assert_string_equal(l.entries[0].models, "mean");
    assert_string_equal(l.entries[0].status, "ok");
    assert_int_equal(l.entries[0].seed, 7);
    parley_store_list_destroy(&l);
    parley_store_filter fl = {"nothing like it", NULL, NULL, NULL};
    assert_int_equal(parley_store_list_runs(st, &fl, &l, &err), PARLEY_OK);
    assert_int_equal(l.n, 0);
    parley_store_filter bad = {NULL, NULL, "2026-13-01", NULL};
    assert_int_equal(parley_store_list_runs(st, &bad, &l, &err), PARLEY_EINVAL);

    /* weighted mean by hand: weights c x s = 45, 24, 8 (total 77);
     * run 1: (45 x 12.5 + 24 x 55 + 8 x 35) / 77 = 2162.5 / 77;
     * run 3: (45 x 12.5 + 24 x 40 + 8 x 35) / 77 = 1802.5 / 77 */
    parley_store_results r1, r3;
    assert_int_equal(parley_store_results_get(st, 1, &r1, &err), PARLEY_OK);
    assert_int_equal(parley_store_results_get(st, 3, &r3, &err), PARLEY_OK);
    assert_int_equal(r1.n, 1);
    assert_string_equal(r1.items[0].issue_id, "budget");
    assert_close(r1.items[0].forecast, 2162.5 / 77, 1e-15);
    assert_close(r3.items[0].forecast, 1802.5 / 77, 1e-15);
    parley_store_results_destroy(&r1);
    parley_store_results_destroy(&r3);

    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_store_document_get(st, 2, "forecast", "table", &b, &err), PARLEY_OK);
    assert_string_equal(b.data, "table two");
    b.len = 0;
    assert_int_equal(parley_store_document_get(st, 2, "forecast", "json", &b, &err), PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "it holds: forecast table"));
    assert_int_equal(parley_store_diff(st, 1, 3, &b, &err), PARLEY_OK);
    assert_non_null(strstr(b.data, "actor health, issue budget, position: 55 -> 40\n"));
    /* 28.08 -> 23.41: change -4.675... printed to two decimals */
    assert_non_null(strstr(b.data, "28.08      23.41     -4.68\n"));
    assert_non_null(strstr(b.data, "Parameters:\n  no change\n"));
    b.len = 0;
    assert_int_equal(parley_store_diff(st, 1, 2, &b, &err), PARLEY_OK);
    assert_non_null(strstr(b.data, "Scenario:\n  no change\n"));
    b.len = 0;
    assert_int_equal(parley_store_scenario_json(st, 3, &b, &err), PARLEY_OK);
    assert_non_null(strstr(b.data, "\"position\": 40"));
    parley_buf_destroy(&b);

    /* rm: run 3 and its scenario go; numbers are never reused */
    assert_int_equal(parley_store_remove(st, 3, &err), PARLEY_OK);
    assert_int_equal(count("SELECT count(*) FROM scenarios"), 1);
    assert_int_equal(parley_store_remove(st, 3, &err), PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "no run 3"));
    assert_int_equal(put_mean(st, &s, "table four"), 4);
    assert_int_equal(count("SELECT count(*) FROM results"), 3);
    parley_scenario_destroy(&s);
    parley_store_close(st);
}

/* A render function for parley_store_outputs_render: the format's number
 * and the data's text; *data "fail-json" refuses JSON. */
static parley_status render_fmt(void *data, parley_report_format fmt, parley_buf *out) {
    const char *what = data;
    if (fmt == PARLEY_REPORT_JSON && strcmp(what, "fail-json") == 0)
        return PARLEY_ENOMEM;
    return parley_buf_printf(out, "%d:%s", (int)fmt, what);
}

/* parley_store_outputs_render: table, JSON, CSV in that order; stops at the
 * first failure. */
static void test_outputs_render(void **state) {
    (void)state;
    parley_store_outputs o;
    assert_int_equal(parley_store_outputs_render(&o, "ensemble", render_fmt, "x"), PARLEY_OK);
    assert_string_equal(o.docs[0].kind, "ensemble");
    assert_string_equal(o.docs[0].format, "table");
    assert_string_equal(o.docs[0].body, "0:x");
    assert_string_equal(o.docs[1].format, "json");
    assert_string_equal(o.docs[1].body, "1:x");
    assert_string_equal(o.docs[2].format, "csv");
    assert_string_equal(o.docs[2].body, "2:x");
    parley_store_outputs_destroy(&o);
    assert_int_equal(parley_store_outputs_render(&o, "forecast", render_fmt, "fail-json"),
                     PARLEY_ENOMEM);
    assert_string_equal(o.docs[0].body, "0:fail-json");
    assert_string_equal(o.docs[2].body, "");
    parley_store_outputs_destroy(&o);
}

/* parley_store_list_text and parley_store_show: the table `runs list`
 * prints, column by column, and the documents `runs show` picks. */
static void test_list_text_and_show(void **state) {
    (void)state;
    parley_error err;
    parley_store *st = NULL;
    assert_int_equal(parley_store_open(&st, path, 1, &err), PARLEY_OK);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_store_list_text(st, NULL, &b, &err), PARLEY_OK);
    assert_string_equal(b.data, "No runs stored.\n");
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    assert_int_equal(put_mean(st, &s, "table one"), 1);
    /* a what-if forecast stored from Python: its only document is "whatif" */
    parley_store_run r;
    parley_store_run_init(&r);
    r.command = "python";
    r.level = PARLEY_STORE_LEVEL_ROUNDS; /* no forecast, so no rounds: recorded as level run */
    parley_store_document d = {"whatif", "table", "what if"};
    long long id = 0;
    assert_int_equal(parley_store_put(st, &r, &s, NULL, NULL, 0, &d, 1, &id, &err), PARLEY_OK);
    assert_int_equal(id, 2);
    assert_int_equal(count("SELECT count(*) FROM runs WHERE level = 'run'"), 2);
    parley_store_list l;
    assert_int_equal(parley_store_list_runs(st, NULL, &l, &err), PARLEY_OK);
    char want[512];
    /* run right-aligned in 5; stored (20 bytes) and command in 9, then the
     * scenario in 30 and the models in 28, two spaces between */
    snprintf(want, sizeof want,
             "  run  stored (UTC)          command    scenario                        models  "
             "                      status\n"
             "    1  %s  forecast   three ministries                mean                      "
             "    ok\n"
             "    2  %s  python     three ministries                                          "
             "    ok\n",
             l.entries[0].stored, l.entries[1].stored);
    assert_int_equal(strlen(l.entries[0].stored), 20);
    parley_store_list_destroy(&l);
    b.len = 0;
    assert_int_equal(parley_store_list_text(st, NULL, &b, &err), PARLEY_OK);
    assert_string_equal(b.data, want);
    parley_store_filter fl = {NULL, "eu", NULL, NULL};
    b.len = 0;
    assert_int_equal(parley_store_list_text(st, &fl, &b, &err), PARLEY_OK);
    assert_string_equal(b.data, "No runs match.\n");
    /* show: the run's own kind and "table"; a Python run's kind is
     * "forecast", whose what-if document is "whatif" */
    b.len = 0;
    assert_int_equal(parley_store_show(st, 1, NULL, NULL, &b, &err), PARLEY_OK);
    assert_string_equal(b.data, "table one");
    b.len = 0;
    assert_int_equal(parley_store_show(st, 2, NULL, NULL, &b, &err), PARLEY_OK);
    assert_string_equal(b.data, "what if");
    /* a kind given is taken as given */
    assert_int_equal(parley_store_show(st, 2, "forecast", NULL, &b, &err), PARLEY_EINVAL);
    assert_int_equal(parley_store_show(st, 1, NULL, "json", &b, &err), PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "it holds: forecast table"));
    assert_int_equal(parley_store_show(st, 9, NULL, NULL, &b, &err), PARLEY_EINVAL);
    /* a kind that no run has is named as such, with the kinds (attack pass
     * A12: it read "run 1 holds no nope output") */
    assert_int_equal(parley_store_show(st, 1, "nope", NULL, &b, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "run store: unknown kind 'nope' (kinds: forecast, whatif, "
                                     "ensemble, leverage, backtest, report)");
    /* a forecast with neither document: the error names "forecast", the
     * kind asked for, not "whatif", the one tried after it */
    assert_int_equal(parley_store_show(st, 2, NULL, "html", &b, &err), PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "run 2 holds no forecast output in html format "
                                        "(it holds: whatif table)"));
    parley_buf_destroy(&b);
    parley_scenario_destroy(&s);
    parley_store_close(st);
}

static void test_refuses(void **state) {
    (void)state;
    parley_error err;
    parley_store *st = NULL;
    char p2[160];
    /* a text file */
    snprintf(p2, sizeof p2, "%s/notes.txt", dir);
    FILE *fp = fopen(p2, "w");
    assert_non_null(fp);
    fputs("not a database at all, just some text that is long enough to be a header\n", fp);
    fclose(fp);
    assert_int_equal(parley_store_open(&st, p2, 1, &err), PARLEY_EDATA);
    assert_null(st);
    assert_non_null(strstr(err.message, "not a parley store"));
    /* another program's SQLite database */
    snprintf(p2, sizeof p2, "%s/other.db", dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(p2, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(parley_store_open(&st, p2, 1, &err), PARLEY_EDATA);
    assert_non_null(strstr(err.message, "not a parley store"));
    /* a newer schema */
    assert_int_equal(parley_store_open(&st, path, 1, &err), PARLEY_OK);
    parley_store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(parley_store_open(&st, path, 1, &err), PARLEY_EDATA);
    assert_non_null(strstr(err.message, "schema version 99 is newer"));
    /* a symbolic link and a device */
    snprintf(p2, sizeof p2, "%s/link.db", dir);
    assert_int_equal(symlink(path, p2), 0);
    assert_int_equal(parley_store_open(&st, p2, 1, &err), PARLEY_EIO);
    assert_non_null(strstr(err.message, "symbolic link"));
    assert_int_equal(parley_store_open(&st, "/dev/null", 1, &err), PARLEY_EIO);
    assert_non_null(strstr(err.message, "not a regular file"));
    /* without create, a missing file is an error and is not created */
    snprintf(p2, sizeof p2, "%s/missing.db", dir);
    assert_int_equal(parley_store_open(&st, p2, 0, &err), PARLEY_EIO);
    assert_int_equal(access(p2, F_OK), -1);
    /* a directory that cannot be written: the error says so, not "No such
     * file or directory" (as root, checked in a child that gives up root
     * for "nobody", whom the modes bind) */
    snprintf(p2, sizeof p2, "%s/ro", dir);
    assert_int_equal(mkdir(p2, 0555), 0);
    strcat(p2, "/runs.db");
    assert_int_equal(chmod(dir, 0711), 0); /* nobody may reach ro/ */
    pid_t kid = fork();
    assert_true(kid >= 0);
    if (kid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        if (parley_store_open(&st, p2, 1, &err) != PARLEY_EIO)
            _exit(1);
        fprintf(stderr, "(expected) %s\n", err.message);
        _exit(strstr(err.message, "cannot create") && strstr(err.message, strerror(EACCES)) ? 0
                                                                                            : 2);
    }
    int ws = 0;
    waitpid(kid, &ws, 0);
    assert_int_equal(chmod(dir, 0700), 0);
    assert_true(WIFEXITED(ws));
    assert_int_equal(WEXITSTATUS(ws), 0);
    assert_int_equal(access(p2, F_OK), -1);
}

/* Four processes store 25 runs each into one file: all 100 arrive. */
static void test_concurrent_writers(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    pid_t kids[4];
    for (int k = 0; k < 4; k++) {
        kids[k] = fork();
        assert_true(kids[k] >= 0);
        if (kids[k] == 0) {
            parley_error err;
            parley_store *st = NULL;
            if (parley_store_open(&st, path, 1, &err) != PARLEY_OK) {
                fprintf(stderr, "writer %d: %s\n", k, err.message);
                _exit(2);
            }
            for (int i = 0; i < 25; i++) {
                s.cells[0].position = k * 25 + i; /* a new scenario each time */
                put_mean(st, &s, "t");
            }
            parley_store_close(st);
            _exit(0);
        }
    }
    for (int k = 0; k < 4; k++) {
        int ws = 0;
        assert_int_equal(waitpid(kids[k], &ws, 0), kids[k]);
        assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    }
    assert_int_equal(count("SELECT count(*) FROM runs"), 100);
    assert_int_equal(count("SELECT count(*) FROM results"), 100);
    assert_int_equal(count("SELECT count(*) FROM scenarios"), 100);
    parley_scenario_destroy(&s);
}

/* A writer killed with SIGKILL at a random moment leaves an intact file in
 * which every run has its results and documents. */
static void test_sigkill(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    for (int trial = 0; trial < 3; trial++) {
        pid_t kid = fork();
        assert_true(kid >= 0);
        if (kid == 0) {
            parley_error err;
            parley_store *st = NULL;
            if (parley_store_open(&st, path, 1, &err) != PARLEY_OK)
                _exit(2);
            for (int i = 0;; i++) {
                s.cells[0].position = i % 60;
                put_mean(st, &s, "t");
            }
        }
        /* kill it while it writes: once it has stored a run more than
         * before (waiting up to 20 s on a loaded machine), after a few ms */
        long long before = trial ? count("SELECT count(*) FROM runs") : 0;
        for (int w = 0; w < 2000 && count("SELECT count(*) FROM runs") <= before; w++) {
            struct timespec poll = {0, 10000000L};
            nanosleep(&poll, NULL);
        }
        struct timespec nap = {0, 1000000L + 3000000L * trial};
        nanosleep(&nap, NULL);
        kill(kid, SIGKILL);
        int ws = 0;
        waitpid(kid, &ws, 0);
        assert_true(WIFSIGNALED(ws));
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
    sqlite3_finalize(q);
    sqlite3_close(db);
    long long runs = count("SELECT count(*) FROM runs");
    assert_true(runs > 0);
    assert_int_equal(count("SELECT count(*) FROM results"), runs);
    assert_int_equal(count("SELECT count(*) FROM documents"), runs);
    assert_int_equal(count("SELECT count(*) FROM runs WHERE models <> 'mean'"), 0);
    parley_scenario_destroy(&s);
}

/* Copies the schema 1 fixture (tests/data/store_v1, written by the v1
 * code) to path. */
static void copy_fixture(void) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp '%s/store_v1/v1.db' '%s'", PARLEY_TEST_DATA, path);
    assert_int_equal(system(cmd), 0);
}

/* One text of what a query returns (rows joined by lines, columns by |). */
static void query_text(const char *sql, parley_buf *out) {
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    while (sqlite3_step(q) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(q); c++)
            parley_buf_printf(out, "%s%s", c ? "|" : "",
                              sqlite3_column_type(q, c) == SQLITE_NULL
                                  ? "NULL"
                                  : (const char *)sqlite3_column_text(q, c));
        parley_buf_append(out, "\n", 1);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static const char ROUNDS_SQL[] = "SELECT run_id, issue, model_position, round, forecast, "
                                 "hex(positions) FROM rounds ORDER BY 1, 2, 3, 4";
/* The runs, parameters and results as one text; names: the SQL of a
 * result's issue id and model name, join: the tables it needs. */
static const char *tables_sql(const char *names, const char *join, char *out);
static const char TABLES_SQL[] =
    "SELECT (SELECT group_concat(id || ',' || started || ',' || command_line || ',' || "
    "coalesce(scenario_id, '-') || ',' || seed || ',' || models, ';') FROM runs), "
    "(SELECT group_concat(run_id || ',' || position || ',' || model || ',' || params, ';') "
    "FROM run_params), (SELECT group_concat(x.run_id || ',' || x.issue || ',' || "
    "x.model_position || ',' || RESULT_NAMES || ',' || x.status || ',' || quote(x.forecast) || "
    "',' || quote(x.mean) || ',' || quote(x.median) || ',' || x.rounds, ';') FROM results x "
    "RESULT_JOIN)";

static const char *tables_sql(const char *names, const char *join, char *out) {
    char *o = out;
    for (const char *p = TABLES_SQL; *p;) {
        if (strncmp(p, "RESULT_NAMES", 12) == 0) {
            o += sprintf(o, "%s", names);
            p += 12;
        } else if (strncmp(p, "RESULT_JOIN", 11) == 0) {
            o += sprintf(o, "%s", join);
            p += 11;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* The v1 fixture opens, migrated to version 2 in one step: the runs, their
 * parameters, results and rounds are unchanged, every output and scenario
 * reads back as v1 printed it (tests/store_migrate.sh compares them all
 * from the command line), and the file is sound. */
static void test_migrate_v1(void **state) {
    (void)state;
    copy_fixture();
    assert_int_equal(count("PRAGMA user_version"), 1);
    char sql[2048];
    parley_buf rounds1, tables1, rounds2, tables2;
    parley_buf_init(&rounds1);
    parley_buf_init(&tables1);
    parley_buf_init(&rounds2);
    parley_buf_init(&tables2);
    query_text(ROUNDS_SQL, &rounds1);
    /* version 1 kept the issue's id and the model's name in each result */
    query_text(tables_sql("x.issue_id || ',' || x.model", "", sql), &tables1);
    assert_true(rounds1.len > 1000); /* runs 1 and 7 kept 34 rounds */
    parley_error err;
    parley_store *st = NULL;
    assert_int_equal(parley_store_open(&st, path, 0, &err), PARLEY_OK);
    assert_int_equal(count("PRAGMA user_version"), 2);
    query_text(ROUNDS_SQL, &rounds2);
    query_text(tables_sql("i.issue_id || ',' || p.model",
                          "JOIN runs r ON r.id = x.run_id JOIN issues i ON i.scenario_id = "
                          "r.scenario_id AND i.issue = x.issue JOIN run_params p ON p.run_id = "
                          "x.run_id AND p.position = x.model_position",
                          sql),
               &tables2);
    assert_string_equal(rounds1.data, rounds2.data);
    assert_non_null(strstr(tables1.data, ";1,0,1,budget,median,ok,"));
    assert_string_equal(tables1.data, tables2.data);
    /* every output became a text: 6 runs x 3 formats */
    assert_int_equal(count("SELECT count(*) FROM documents"), 18);
    assert_int_equal(
        count("SELECT count(*) FROM scenarios WHERE text_id IN (SELECT id FROM texts)"),
        4); /* small, its what-if, small with outcomes, two issues */
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_store_document_get(st, 7, "forecast", "csv", &b, &err), PARLEY_OK);
    assert_non_null(strstr(b.data, "exchange"));
    parley_buf_destroy(&b);
    parley_store_close(st);
    assert_int_equal(count("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> "
                           "'ok'"),
                     0);
    assert_int_equal(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
    parley_buf_destroy(&rounds1);
    parley_buf_destroy(&tables1);
    parley_buf_destroy(&rounds2);
    parley_buf_destroy(&tables2);
}

/* A migration killed with SIGKILL leaves the v1 store as it was: the v1
 * fixture is grown to 60 copies of its runs (plain SQL, so that migrating
 * takes long enough to be caught in the middle), a process that opens it is
 * killed inside its migration's transaction, and the file is still a sound
 * version 1 with every run.  Then a whole migration keeps all. */
static void test_migrate_killed(void **state) {
    (void)state;
    copy_fixture();
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char sql[1024];
    for (int k = 1; k < 60; k++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO runs SELECT id + %d, started, stored, version, command, "
                 "command_line, scenario_id, scenario_file, seed, models, status, wall_seconds, "
                 "level FROM runs WHERE id <= 7;"
                 "INSERT INTO documents SELECT run_id + %d, kind, format, encoding, size, body "
                 "FROM documents WHERE run_id <= 7;"
                 "INSERT INTO results SELECT run_id + %d, issue, model_position, issue_id, model, "
                 "status, forecast, mean, median, rounds FROM results WHERE run_id <= 7;",
                 10 * k, 10 * k, 10 * k);
        assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    }
    sqlite3_close(db);
    long long runs = count("SELECT count(*) FROM runs");
    assert_int_equal(runs, 360);
    pid_t kid = fork();
    assert_true(kid >= 0);
    if (kid == 0) {
        parley_error err;
        parley_store *st = NULL;
        parley_status s = parley_store_open(&st, path, 0, &err);
        parley_store_close(st);
        _exit(s == PARLEY_OK ? 0 : 2);
    }
    /* kill it once it holds the write lock: inside the migration's
     * transaction (the only writing opening does), which spends a while
     * recompressing the outputs before it writes */
    sqlite3 *probe = NULL;
    assert_int_equal(sqlite3_open(path, &probe), SQLITE_OK);
    int inside = 0;
    for (int w = 0; w < 10000 && !inside; w++) {
        int rc = sqlite3_exec(probe, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            sqlite3_exec(probe, "ROLLBACK", NULL, NULL, NULL);
        inside = rc == SQLITE_BUSY;
        if (!inside) {
            struct timespec poll = {0, 2000000L};
            nanosleep(&poll, NULL);
        }
    }
    sqlite3_close(probe);
    struct timespec nap = {0, 20000000L}; /* and let it work a little */
    nanosleep(&nap, NULL);
    kill(kid, SIGKILL);
    int ws = 0;
    waitpid(kid, &ws, 0);
    assert_true(inside);
    assert_true(WIFSIGNALED(ws)); /* killed before it finished */
    assert_int_equal(count("PRAGMA user_version"), 1);
    assert_int_equal(count("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> "
                           "'ok'"),
                     0);
    assert_int_equal(count("SELECT count(*) FROM runs"), runs);
    assert_int_equal(count("SELECT count(*) FROM documents"), 18 * 60);
    assert_int_equal(count("SELECT count(*) FROM sqlite_schema WHERE name = 'texts'"), 0);
    /* and now a whole migration */
    parley_error err;
    parley_store *st = NULL;
    assert_int_equal(parley_store_open(&st, path, 0, &err), PARLEY_OK);
    parley_store_close(st);
    assert_int_equal(count("PRAGMA user_version"), 2);
    assert_int_equal(count("SELECT count(*) FROM runs"), runs);
    assert_int_equal(count("SELECT count(*) FROM documents"), 18 * 60);
}

/* A v1 store that this process may read but not write is not migrated: a
 * clear I/O error, and the file stays version 1 (as root, the check runs
 * in a child that gives up root for "nobody", whom the modes bind). */
static void test_migrate_read_only(void **state) {
    (void)state;
    copy_fixture();
    assert_int_equal(chmod(path, 0444), 0);
    assert_int_equal(chmod(dir, 0555), 0);
    pid_t kid = fork();
    assert_true(kid >= 0);
    if (kid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        parley_error err;
        parley_store *st = NULL;
        parley_status s = parley_store_open(&st, path, 0, &err);
        parley_store_close(st);
        if (s != PARLEY_EIO)
            _exit(1);
        fprintf(stderr, "(expected) %s\n", err.message);
        _exit(0);
    }
    int ws = 0;
    waitpid(kid, &ws, 0);
    assert_int_equal(chmod(dir, 0700), 0);
    assert_int_equal(chmod(path, 0644), 0);
    assert_true(WIFEXITED(ws));
    assert_int_equal(WEXITSTATUS(ws), 0);
    assert_int_equal(count("PRAGMA user_version"), 1);
    assert_int_equal(count("SELECT count(*) FROM runs"), 6);
}

/* At level rounds, every round's positions, weighted median and mean, risk
 * exponents and every move (challenge outcome or exchange) of the iterative
 * models are kept, as the trace holds them.  two_issues_gap.json, budget,
 * EU (as `parley forecast --trace -f json` prints it): round 1 health takes
 * schools' 35 in a conflict and schools takes finance's 12.5; round 2
 * health takes finance's 12.5. */
static void test_rounds_and_moves(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/two_issues_gap.json");
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], parley_model_find("eu")), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], parley_model_find("exchange")), PARLEY_OK);
    parley_forecast f;
    parley_error err;
    assert_int_equal(parley_forecast_init_seeded(&f, &s, p, 2, 1, 3, 0, &err), PARLEY_OK);
    parley_store *st = NULL;
    assert_int_equal(parley_store_open(&st, path, 1, &err), PARLEY_OK);
    parley_store_run r;
    parley_store_run_init(&r);
    r.command = "forecast";
    r.level = PARLEY_STORE_LEVEL_ROUNDS;
    long long id = 0;
    assert_int_equal(parley_store_put(st, &r, &s, &f, NULL, 0, NULL, 0, &id, &err), PARLEY_OK);
    parley_store_close(st);
    /* every round and move of the trace */
    long long rounds = 0, moves = 0;
    for (size_t i = 0; i < s.n_issues; i++)
        for (size_t m = 0; m < 2; m++) {
            const parley_run *run = parley_forecast_run(&f, i, m);
            if (run->status != PARLEY_OK)
                continue;
            rounds += (long long)run->n_rounds;
            for (size_t k = 0; k < run->n_rounds; k++)
                moves += (long long)run->rounds[k].n_moves;
        }
    assert_true(moves > 3);
    assert_int_equal(count("SELECT count(*) FROM rounds"), rounds);
    assert_int_equal(count("SELECT count(*) FROM moves"), moves);
    /* the exchange model's moves are exchanges, and it made some */
    assert_true(count("SELECT count(*) FROM moves WHERE model_position = 1") > 0);
    assert_int_equal(count("SELECT count(*) FROM moves WHERE model_position = 1 AND kind <> "
                           "'exchange'"),
                     0);
    /* budget (issue 0), EU (model 0): actors finance 0, health 1, schools 2 */
    parley_buf b;
    parley_buf_init(&b);
    query_text("SELECT round, receiver, sender, kind, from_position, to_position FROM moves "
               "WHERE issue = 0 AND model_position = 0 ORDER BY round, seq",
               &b);
    assert_string_equal(b.data, "1|1|2|conflict|55.0|35.0\n"
                                "1|2|0|conflict|35.0|12.5\n"
                                "2|1|0|conflict|35.0|12.5\n");
    b.len = 0;
    /* round 1's positions 12.5, 35, 12.5 as doubles; its weighted median */
    query_text("SELECT hex(positions), median, length(risk) FROM rounds WHERE issue = 0 AND "
               "model_position = 0 AND round = 1",
               &b);
    double want[3] = {12.5, 35.0, 12.5};
    char hex[64] = "";
    for (size_t k = 0; k < sizeof want; k++)
        sprintf(hex + 2 * k, "%02X", ((const unsigned char *)want)[k]);
    char line[128];
    snprintf(line, sizeof line, "%s|12.5|24\n", hex);
    assert_string_equal(b.data, line);
    parley_buf_destroy(&b);
    parley_forecast_destroy(&f);
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
    parley_scenario_destroy(&s);
}

/* A second run that prints what the first printed costs a few bytes: its
 * output is kept as a delta from the first's (text.c). */
static void test_texts_delta(void **state) {
    (void)state;
    parley_error err;
    parley_store *st = NULL;
    assert_int_equal(parley_store_open(&st, path, 1, &err), PARLEY_OK);
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    /* 20 kB of text no compressor shrinks much alone: a line per number */
    parley_buf doc;
    parley_buf_init(&doc);
    uint64_t x = 88172645463325252ULL;
    for (int k = 0; k < 1000; k++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        parley_buf_printf(&doc, "%016llx\n", (unsigned long long)x);
    }
    assert_int_equal(put_mean(st, &s, doc.data), 1);
    doc.data[5] = 'z'; /* one byte changed */
    assert_int_equal(put_mean(st, &s, doc.data), 2);
    /* alone: at least 8 of the 17 bytes a line (16 hex digits = 8 bytes of
     * information); as a delta: well under 100 bytes */
    assert_true(count("SELECT length(body) FROM texts t JOIN documents d ON d.text_id = t.id "
                      "WHERE d.run_id = 1") > 8000);
    assert_true(count("SELECT length(body) FROM texts t JOIN documents d ON d.text_id = t.id "
                      "WHERE d.run_id = 2") < 100);
    assert_int_equal(count("SELECT base IS NOT NULL FROM texts t JOIN documents d ON "
                           "d.text_id = t.id WHERE d.run_id = 2"),
                     1);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_store_document_get(st, 2, "forecast", "table", &b, &err), PARLEY_OK);
    assert_string_equal(b.data, doc.data);
    /* rm 1 keeps the text run 2 depends on; rm 2 then frees both */
    assert_int_equal(parley_store_remove(st, 1, &err), PARLEY_OK);
    b.len = 0;
    assert_int_equal(parley_store_document_get(st, 2, "forecast", "table", &b, &err), PARLEY_OK);
    assert_string_equal(b.data, doc.data);
    assert_int_equal(parley_store_remove(st, 2, &err), PARLEY_OK);
    assert_int_equal(count("SELECT count(*) FROM texts"), 0);
    /* a damaged text is a data error naming the run */
    assert_int_equal(put_mean(st, &s, doc.data), 3);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE texts SET body = x'00ff00ff' WHERE id = (SELECT text_id "
                                  "FROM documents WHERE run_id = 3)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    b.len = 0;
    assert_int_equal(parley_store_document_get(st, 3, "forecast", "table", &b, &err), PARLEY_EDATA);
    assert_non_null(strstr(err.message, "run 3: damaged forecast output"));
    parley_buf_destroy(&b);
    parley_buf_destroy(&doc);
    parley_scenario_destroy(&s);
    parley_store_close(st);
}

/* A 0-byte file opened without create (`runs list` on a touched file)
 * reads as an empty store and stays 0 bytes, with no -wal or -shm file
 * beside it, whatever is read or refused; storing a run then gives it the
 * schema, as before. */
static void test_empty_file_read_only(void **state) {
    (void)state;
    parley_error err;
    parley_store *st = NULL;
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fclose(fp);
    assert_int_equal(parley_store_open(&st, path, 0, &err), PARLEY_OK);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_store_list_text(st, NULL, &b, &err), PARLEY_OK);
    assert_string_equal(b.data, "No runs stored.\n");
    parley_store_list l;
    assert_int_equal(parley_store_list_runs(st, NULL, &l, &err), PARLEY_OK);
    assert_int_equal(l.n, 0);
    parley_store_list_destroy(&l);
    assert_int_equal(parley_store_show(st, 1, NULL, NULL, &b, &err), PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "no run 1"));
    assert_int_equal(parley_store_diff(st, 1, 2, &b, &err), PARLEY_EINVAL);
    assert_int_equal(parley_store_scenario_json(st, 1, &b, &err), PARLEY_EINVAL);
    assert_int_equal(parley_store_remove(st, 1, &err), PARLEY_EINVAL);
    parley_buf_destroy(&b);
    parley_store_close(st);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    char side[160];
    snprintf(side, sizeof side, "%s-wal", path);
    assert_int_equal(access(side, F_OK), -1);
    snprintf(side, sizeof side, "%s-shm", path);
    assert_int_equal(access(side, F_OK), -1);
    /* the first run stored initialises the file */
    assert_int_equal(parley_store_open(&st, path, 0, &err), PARLEY_OK);
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    assert_int_equal(put_mean(st, &s, "table one"), 1);
    parley_store_close(st);
    parley_scenario_destroy(&s);
    assert_int_equal(count("SELECT count(*) FROM runs"), 1);
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 0);
}

/* parley_store_record: one call opens (creates) the store, records the
 * run with its command line shell-quoted, and closes it. */
static void test_record(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    parley_store_run r;
    parley_store_run_init(&r);
    r.command = "forecast";
    r.command_line = "replaced";
    const char *argv[] = {"forecast", "my file.json", "--seed", "7"};
    parley_error err;
    parley_error_clear(&err);
    long long id = 0;
    assert_int_equal(parley_store_record(path, &r, 4, argv, &s, NULL, NULL, 0, NULL, 0, &id, &err),
                     PARLEY_OK);
    assert_int_equal(id, 1);
    parley_store *st = NULL;
    assert_int_equal(parley_store_open(&st, path, 0, &err), PARLEY_OK);
    parley_store_list one;
    assert_int_equal(parley_store_get_run(st, 1, &one, &err), PARLEY_OK);
    assert_string_equal(one.entries[0].command_line, "parley forecast 'my file.json' --seed 7");
    parley_store_list_destroy(&one);
    parley_store_close(st);
    /* a directory is no store: the open's error */
    assert_int_equal(parley_store_record(dir, &r, 0, NULL, &s, NULL, NULL, 0, NULL, 0, &id, &err),
                     PARLEY_EIO);
    parley_scenario_destroy(&s);
}

/* parley_store_export: the scenario as parley_store_scenario_json gives it,
 * and a warning for a run on several experts' codings (--experts), whose
 * stored scenario is their median table. */
static void test_export(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    parley_store_run r;
    parley_store_run_init(&r);
    r.command = "forecast";
    const char *experts[] = {"forecast", "--experts", "a.json", "c.json", "-m", "mean"};
    const char *plain[] = {"forecast", "small.json", "-m", "mean"};
    parley_error err;
    parley_error_clear(&err);
    long long id = 0;
    assert_int_equal(
        parley_store_record(path, &r, 6, experts, &s, NULL, NULL, 0, NULL, 0, &id, &err),
        PARLEY_OK);
    assert_int_equal(parley_store_record(path, &r, 4, plain, &s, NULL, NULL, 0, NULL, 0, &id, &err),
                     PARLEY_OK);
    assert_int_equal(id, 2);
    parley_store *st = NULL;
    assert_int_equal(parley_store_open(&st, path, 0, &err), PARLEY_OK);
    parley_buf want, got;
    parley_buf_init(&want);
    parley_buf_init(&got);
    assert_int_equal(parley_store_scenario_json(st, 1, &want, &err), PARLEY_OK);
    parley_diags diags;
    parley_diags_init(&diags);
    assert_int_equal(parley_store_export(st, 1, &got, &diags, &err), PARLEY_OK);
    assert_int_equal(got.len, want.len);
    assert_memory_equal(got.data, want.data, want.len);
    assert_int_equal(diags.count, 1);
    assert_int_equal(diags.n_errors, 0);
    assert_int_equal(diags.items[0].severity, PARLEY_SEV_WARNING);
    assert_string_equal(diags.items[0].error.file, "");
    assert_string_equal(diags.items[0].error.message,
                        "run 1 used several experts' codings; the export is their median table, "
                        "which reproduces a forecast but not an ensemble's draws from the codings");
    /* one scenario: no warning; diags NULL: none asked for */
    parley_buf_destroy(&got);
    parley_buf_init(&got);
    assert_int_equal(parley_store_export(st, 2, &got, &diags, &err), PARLEY_OK);
    assert_int_equal(diags.count, 1);
    assert_int_equal(got.len, want.len);
    parley_buf_destroy(&got);
    parley_buf_init(&got);
    assert_int_equal(parley_store_export(st, 1, &got, NULL, &err), PARLEY_OK);
    assert_int_equal(got.len, want.len);
    /* refused: no such run (nothing added), no store or buffer */
    assert_int_equal(parley_store_export(st, 3, &got, &diags, &err), PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "no run 3"));
    assert_int_equal(diags.count, 1);
    assert_int_equal(parley_store_export(NULL, 1, &got, &diags, &err), PARLEY_EINVAL);
    assert_int_equal(parley_store_export(st, 1, NULL, &diags, &err), PARLEY_EINVAL);
    parley_diags_destroy(&diags);
    parley_buf_destroy(&got);
    parley_buf_destroy(&want);
    parley_store_close(st);
    parley_scenario_destroy(&s);
}

/* parley_store_record and parley_store_put word each argument they refuse
 * (found by the attack pass: argv {"forecast", NULL} with argc 2 crashed in
 * parley_report_shell_word, argc -1 was accepted, a NULL run->command was
 * "run store: missing argument"), and store nothing. */
static void test_record_refuses(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    parley_store_run r;
    parley_store_run_init(&r);
    r.command = "forecast";
    parley_error err;
    long long id = 0;
    const char *argv[] = {"forecast", NULL};
    static const struct {
        int argc;
        const char *command;
        const char *message;
    } bad[] = {
        {2, "forecast", "run store: argv[1] is NULL (expected 2 strings)"},
        {-1, "forecast",
         "run store: argc is -1 (expected the number of strings in argv, 0 or more)"},
        {1, NULL,
         "run store: the run names no command (run->command is NULL; expected \"forecast\", "
         "\"ensemble\", ...)"},
        {1, "", "run store: the run's command is empty (expected \"forecast\", \"ensemble\", ...)"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; ++k) {
        r.command = bad[k].command;
        parley_error_clear(&err);
        assert_int_equal(
            parley_store_record(path, &r, bad[k].argc, argv, &s, NULL, NULL, 0, NULL, 0, &id, &err),
            PARLEY_EINVAL);
        assert_string_equal(err.message, bad[k].message);
    }
    r.command = "forecast";
    assert_int_equal(
        parley_store_record(path, NULL, 1, argv, &s, NULL, NULL, 0, NULL, 0, &id, &err),
        PARLEY_EINVAL);
    assert_string_equal(err.message, "run store: no run to store (run is NULL)");
    assert_int_equal(parley_store_record(path, &r, 1, argv, &s, NULL, NULL, 0, NULL, 2, &id, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "run store: n_docs is not 0 but docs is NULL");
    assert_int_equal(parley_store_record(path, &r, 1, argv, &s, NULL, NULL, 3, NULL, 0, &id, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "run store: n_params is not 0 but params is NULL");
    assert_int_equal(parley_store_put(NULL, &r, &s, NULL, NULL, 0, NULL, 0, &id, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "run store: no store (st is NULL)");
    struct stat sb;
    assert_int_equal(stat(path, &sb), -1); /* nothing opened, nothing created */
    /* argc 0 with argv given: the command line is "parley" */
    assert_int_equal(parley_store_record(path, &r, 0, argv, &s, NULL, NULL, 0, NULL, 0, &id, &err),
                     PARLEY_OK);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_put_list_show_diff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_text_and_show, setup, teardown),
        cmocka_unit_test(test_outputs_render),
        cmocka_unit_test_setup_teardown(test_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sigkill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_killed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_texts_delta, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rounds_and_moves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_refuses, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
