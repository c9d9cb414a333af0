/* parley_case_library_collect: the cases of a directory or of CASE files,
 * duplicates reported as warnings with their exact text, and why an
 * empty or missing directory fails. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct seen {
    int duplicates, reads, missing;
    char warning[512];
} seen;

static void record(void *data, parley_case_event ev, const char *file, parley_status st,
                   const parley_diags *diags) {
    seen *s = data;
    (void)file;
    (void)st;
    if (ev != PARLEY_CASE_READ) {
        s->duplicates += ev == PARLEY_CASE_DUPLICATE;
        s->missing += ev == PARLEY_CASE_NO_LIBRARY;
        assert_int_equal(diags->count, 1);
        assert_int_equal(diags->items[0].severity, PARLEY_SEV_WARNING);
        snprintf(s->warning, sizeof s->warning, "%s", diags->items[0].error.message);
    } else {
        s->reads++;
    }
}

static void test_directory_and_duplicates(void **state) {
    (void)state;
    seen s;
    memset(&s, 0, sizeof s);
    parley_case_library lib;
    parley_case_library_init(&lib);
    parley_case_request req = {.dir = test_data("backtest"), .on_diags = record, .diags_data = &s};
    parley_case_problem why = PARLEY_CASES_NONE;
    assert_int_equal(parley_case_library_collect(&lib, &req, &why, NULL), PARLEY_OK);
    assert_int_equal(why, PARLEY_CASES_OK);
    assert_int_equal(lib.n, 2); /* alpha.json, beta.json */
    assert_int_equal(lib.n_loaded, 2);
    assert_string_equal(lib.names[0], "alpha");
    assert_string_equal(lib.names[1], "beta");
    assert_int_equal(s.reads, 2);
    assert_int_equal(s.duplicates, 0);
    parley_case_library_destroy(&lib);

    /* the same file twice counts once, with one warning */
    char alpha[1024];
    snprintf(alpha, sizeof alpha, "%s", test_data("backtest/alpha.json"));
    const char *files[] = {alpha, alpha};
    memset(&s, 0, sizeof s);
    parley_case_library_init(&lib);
    parley_case_request two = {.files = files, .n_files = 2, .on_diags = record, .diags_data = &s};
    assert_int_equal(parley_case_library_collect(&lib, &two, NULL, NULL), PARLEY_OK);
    assert_int_equal(lib.n_loaded, 1);
    assert_int_equal(s.duplicates, 1);
    assert_int_equal(s.reads, 1);
    char want[1100];
    snprintf(want, sizeof want, "'%s' is a case already read; it counts once", alpha);
    assert_string_equal(s.warning, want);
    parley_case_library_destroy(&lib);
}

static void test_empty_and_missing(void **state) {
    (void)state;
    char dir[] = "/tmp/parley_cases_XXXXXX";
    assert_non_null(mkdtemp(dir));
    parley_case_library lib;
    parley_case_library_init(&lib);
    parley_case_request req = {.dir = dir};
    parley_case_problem why;
    parley_error err;
    parley_error_clear(&err);
    char want[600];
    assert_int_equal(parley_case_library_collect(&lib, &req, &why, &err), PARLEY_EDATA);
    assert_int_equal(why, PARLEY_CASES_EMPTY);
    snprintf(want, sizeof want, "the case library '%s' holds no *.json case", dir);
    assert_string_equal(err.message, want);
    parley_case_library_destroy(&lib);
    rmdir(dir);
    /* now missing: an error unless it is the shipped library */
    parley_case_library_init(&lib);
    req.dir_named_by = "--library";
    assert_int_equal(parley_case_library_collect(&lib, &req, &why, &err), PARLEY_EIO);
    assert_int_equal(why, PARLEY_CASES_NO_DIR);
    snprintf(want, sizeof want,
             "no case library at '%s' (--library; expected a directory of *.json cases)", dir);
    assert_string_equal(err.message, want);
    parley_case_library_destroy(&lib);
    /* shipped: the embedded default (six parties, with outcomes) is the one case */
    parley_case_library_init(&lib);
    req.shipped = 1;
    seen s;
    memset(&s, 0, sizeof s);
    req.on_diags = record;
    req.diags_data = &s;
    assert_int_equal(parley_case_library_collect(&lib, &req, &why, NULL), PARLEY_OK);
    assert_int_equal(why, PARLEY_CASES_OK);
    assert_int_equal(s.missing, 1); /* said once, as a warning */
    snprintf(want, sizeof want,
             "no case library at '%s' (the one installed with parley): only the embedded "
             "default scenario is scored",
             dir);
    assert_string_equal(s.warning, want);
    assert_int_equal(lib.n_loaded, 1);
    assert_int_equal(lib.cases[0].n_actors, 6);
    parley_case_library_destroy(&lib);
}

/* parley_case_library_dir: the directory given, else $PARLEY_CASES, else
 * the shipped library (the source tree's data/cases from the build
 * directory, else DATADIR/parley/cases beside the program). */
static void test_library_dir(void **state) {
    (void)state;
    char dir[4096], tiny[4];
    int shipped = -1;
    assert_int_equal(parley_case_library_dir("some/dir", dir, sizeof dir, &shipped), PARLEY_OK);
    assert_string_equal(dir, "some/dir");
    assert_int_equal(shipped, 0);
    assert_int_equal(parley_case_library_dir("some/dir", tiny, sizeof tiny, NULL), PARLEY_EINVAL);
    setenv("PARLEY_CASES", "/from/env", 1);
    assert_int_equal(parley_case_library_dir(NULL, dir, sizeof dir, &shipped), PARLEY_OK);
    assert_string_equal(dir, "/from/env");
    assert_int_equal(shipped, 0);
    setenv("PARLEY_CASES", "", 1); /* empty: not set */
    assert_int_equal(parley_case_library_dir(NULL, dir, sizeof dir, &shipped), PARLEY_OK);
    assert_int_equal(shipped, 1);
    const size_t n = strlen(dir), tail = strlen("/share/parley/cases");
    const int source = n >= 11 && strcmp(dir + n - 11, "/data/cases") == 0;
    const int installed = n >= tail && strcmp(dir + n - tail, "/share/parley/cases") == 0;
    assert_true(source || installed);
    assert_true(dir[0] == '/' && !strstr(dir, "/../")); /* resolved, absolute */
    unsetenv("PARLEY_CASES");
}

/* parley_case_library_run: collect and backtest in one call; two models
 * bring the combined forecast as an extra column, one model does not. */
static void test_run(void **state) {
    (void)state;
    const parley_model_type *types[2] = {parley_model_find("mean"), parley_model_find("median")};
    parley_params params[2];
    size_t made = 0;
    parley_params_setup su = {0};
    assert_int_equal(parley_params_setup_apply(params, types, 2, &made, &su, NULL, NULL, NULL),
                     PARLEY_OK);
    parley_case_library lib;
    parley_case_library_init(&lib);
    parley_case_request req = {.dir = test_data("backtest")};
    parley_backtest bt;
    assert_int_equal(parley_case_library_run(&lib, &bt, &req, params, 2, NULL, NULL), PARLEY_OK);
    assert_int_equal(bt.n_cases, 2);
    assert_int_equal(bt.n_models, 2 + 1 + 2); /* mean, median, combined, two baselines */
    assert_string_equal(bt.model_names[2], "combined");
    parley_backtest_destroy(&bt);
    parley_case_library_destroy(&lib);
    parley_case_library_init(&lib);
    assert_int_equal(parley_case_library_run(&lib, &bt, &req, params, 1, NULL, NULL), PARLEY_OK);
    assert_int_equal(bt.n_models, 1 + 2);
    parley_backtest_destroy(&bt);
    parley_case_library_destroy(&lib);
    /* a failure of the collection is worded */
    parley_case_library_init(&lib);
    parley_error err;
    parley_error_clear(&err);
    req.dir = "/nonexistent/parley-cases";
    assert_int_equal(parley_case_library_run(&lib, &bt, &req, params, 2, NULL, &err), PARLEY_EIO);
    assert_string_equal(err.message, "no case library at '/nonexistent/parley-cases' (expected a "
                                     "directory of *.json cases)");
    parley_case_library_destroy(&lib);
    for (size_t m = 0; m < made; ++m)
        parley_params_destroy(&params[m]);
}

/* parley_combined_score_library: scored on a library with two models, as
 * parley_backtest_combined_score says of the same backtest; left unscored
 * with one model or without a library directory. */
static void test_combined_score(void **state) {
    (void)state;
    const parley_model_type *types[2] = {parley_model_find("mean"), parley_model_find("median")};
    parley_params params[2];
    size_t made = 0;
    parley_params_setup su = {0};
    assert_int_equal(parley_params_setup_apply(params, types, 2, &made, &su, NULL, NULL, NULL),
                     PARLEY_OK);
    parley_scenario s;
    load_default(&s);
    parley_forecast f;
    assert_int_equal(parley_forecast_init(&f, &s, params, 2, 0, NULL), PARLEY_OK);
    parley_combine_options co;
    parley_combine_options_init(&co);
    co.sq_replicates = 0;
    parley_combined comb;
    assert_int_equal(parley_combined_init(&comb, &f, &co, NULL), PARLEY_OK);
    parley_case_request req = {.dir = "/nonexistent/parley-cases"};
    assert_int_equal(parley_combined_score_library(&comb, &req, params, 2, 0, NULL), PARLEY_OK);
    assert_int_equal(comb.score.scored, 0);
    req.dir = test_data("backtest");
    assert_int_equal(parley_combined_score_library(&comb, &req, params, 1, 0, NULL), PARLEY_OK);
    assert_int_equal(comb.score.scored, 0);
    assert_int_equal(parley_combined_score_library(&comb, &req, params, 2, 0, NULL), PARLEY_OK);
    assert_int_equal(comb.score.scored, 1);
    /* the same backtest by hand */
    parley_case_library lib;
    parley_case_library_init(&lib);
    parley_backtest_options bo;
    parley_backtest_options_init(&bo);
    bo.sq_replicates = PARLEY_SQ_REPLICATES;
    parley_backtest bt;
    assert_int_equal(parley_case_library_run(&lib, &bt, &req, params, 2, &bo, NULL), PARLEY_OK);
    parley_combined_score want;
    assert_int_equal(parley_backtest_combined_score(&bt, &want), 1);
    assert_int_equal(comb.score.n, want.n);
    assert_true(comb.score.mae == want.mae);
    assert_string_equal(comb.score.best_model, want.best_model);
    parley_backtest_destroy(&bt);
    parley_case_library_destroy(&lib);
    parley_combined_destroy(&comb);
    parley_forecast_destroy(&f);
    parley_scenario_destroy(&s);
    for (size_t m = 0; m < made; ++m)
        parley_params_destroy(&params[m]);
}

/* parley_case_source_init: the request of CASE files or of a library
 * (given, $PARLEY_CASES, or shipped), named for the messages, with its
 * directory held by the source; a path too long is worded. */
static void test_source_init(void **state) {
    (void)state;
    parley_case_source src;
    parley_error err;
    parley_error_clear(&err);
    parley_read_options ro;
    parley_read_options_init(&ro);
    unsetenv("PARLEY_CASES");
    assert_int_equal(parley_case_source_init(&src, "some/dir", "--library", NULL, 0, &ro, &err),
                     PARLEY_OK);
    assert_ptr_equal(src.req.dir, src.dir);
    assert_string_equal(src.dir, "some/dir");
    assert_string_equal(src.req.dir_named_by, "--library");
    assert_int_equal(src.req.shipped, 0);
    assert_ptr_equal(src.req.ro, &ro);
    assert_null(src.req.on_diags);
    assert_int_equal(parley_case_source_init(&src, "some/dir", NULL, NULL, 0, NULL, NULL),
                     PARLEY_OK);
    assert_string_equal(src.req.dir_named_by, "library");
    /* no library: the shipped one, named as $PARLEY_CASES; with CASE
     * files it is resolved all the same but not shipped */
    assert_int_equal(parley_case_source_init(&src, NULL, "--library", NULL, 0, NULL, NULL),
                     PARLEY_OK);
    assert_int_equal(src.req.shipped, 1);
    assert_string_equal(src.req.dir_named_by, "$PARLEY_CASES");
    assert_true(src.dir[0] == '/');
    const char *files[] = {"a.json", "b.json"};
    assert_int_equal(parley_case_source_init(&src, NULL, NULL, files, 2, NULL, NULL), PARLEY_OK);
    assert_int_equal(src.req.shipped, 0);
    assert_ptr_equal(src.req.files, files);
    assert_int_equal(src.req.n_files, 2);
    setenv("PARLEY_CASES", "/from/env", 1);
    assert_int_equal(parley_case_source_init(&src, NULL, NULL, NULL, 0, NULL, NULL), PARLEY_OK);
    assert_string_equal(src.dir, "/from/env");
    assert_int_equal(src.req.shipped, 0);
    /* a path longer than PARLEY_CASE_DIR_MAX - 1 bytes */
    static char longer[PARLEY_CASE_DIR_MAX + 1];
    memset(longer, 'x', PARLEY_CASE_DIR_MAX);
    assert_int_equal(parley_case_source_init(&src, longer, "--library", NULL, 0, NULL, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "--library: the case library's path is too long");
    assert_string_equal(src.dir, "");
    assert_ptr_equal(src.req.dir, src.dir);
    setenv("PARLEY_CASES", longer, 1);
    assert_int_equal(parley_case_source_init(&src, NULL, "--library", NULL, 0, NULL, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "$PARLEY_CASES: the case library's path is too long");
    unsetenv("PARLEY_CASES");
    assert_int_equal(parley_case_source_init(NULL, NULL, NULL, NULL, 0, NULL, NULL), PARLEY_EINVAL);
}

/* parley_case_library_outputs_check: an output that is one of the
 * library's cases is refused in parley_outputs_check's words; another
 * output, no library or a path too long pass. */
static void test_outputs_check(void **state) {
    (void)state;
    char dir[4096], alpha[4096];
    snprintf(dir, sizeof dir, "%s", test_data("backtest"));
    snprintf(alpha, sizeof alpha, "%s/alpha.json", dir);
    parley_error err;
    parley_error_clear(&err);
    const char *outs[] = {"-", alpha};
    assert_int_equal(parley_case_library_outputs_check(dir, outs, 2, 0, &err), PARLEY_EINVAL);
    char want[9000];
    snprintf(want, sizeof want, "the output '%s' is the input file '%s'; refusing to overwrite it",
             alpha, alpha);
    assert_string_equal(err.message, want);
    setenv("PARLEY_CASES", dir, 1); /* NULL: the library of $PARLEY_CASES */
    assert_int_equal(parley_case_library_outputs_check(NULL, outs, 2, 0, &err), PARLEY_EINVAL);
    unsetenv("PARLEY_CASES");
    const char *other[] = {"parley-test-out.html", NULL};
    assert_int_equal(parley_case_library_outputs_check(dir, other, 2, 0, &err), PARLEY_OK);
    assert_int_equal(
        parley_case_library_outputs_check("/nonexistent/parley-cases", outs, 2, 0, &err),
        PARLEY_OK);
    static char longer[PARLEY_CASE_DIR_MAX + 1];
    memset(longer, 'x', PARLEY_CASE_DIR_MAX);
    assert_int_equal(parley_case_library_outputs_check(longer, outs, 2, 0, &err), PARLEY_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_directory_and_duplicates),
                                       cmocka_unit_test(test_empty_and_missing),
                                       cmocka_unit_test(test_library_dir),
                                       cmocka_unit_test(test_run),
                                       cmocka_unit_test(test_combined_score),
                                       cmocka_unit_test(test_source_init),
                                       cmocka_unit_test(test_outputs_check)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
