/* The run store (include/parley/store.h): runs written whole or not at all,
 * scenarios kept once, list/show/diff/rm, foreign and newer files refused,
 * concurrent writers and a SIGKILL losing nothing. */
#include "testutil.h"

#include <signal.h>
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
    /* a directory that cannot be written (root ignores modes) */
    if (geteuid() != 0) {
        snprintf(p2, sizeof p2, "%s/ro", dir);
        assert_int_equal(mkdir(p2, 0555), 0);
        strcat(p2, "/runs.db");
        assert_int_equal(parley_store_open(&st, p2, 1, &err), PARLEY_EIO);
    }
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_put_list_show_diff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sigkill, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
