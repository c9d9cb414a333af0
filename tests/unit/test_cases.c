/* The case library (include/parley/cases.h): listing, naming, removing
 * duplicates, loading with located errors, and the backtest of the listed
 * cases.
 *
 * tests/data/backtest holds alpha.json (issues x, y with outcomes) and
 * beta.json (z with an outcome, w without).  The backtest numbers are the
 * hand calculation written out in test_backtest.c: mean errors on 0-100 of
 * each scale x +8, y +14, z +28, so the mean's pooled MAE is
 * (8 + 14 + 28) / 3 = 16.666..., its bias the same (all positive), RMSE
 * sqrt((64 + 196 + 784) / 3) = sqrt(348) = 18.654...; the median's errors
 * x -10, y -10, z +20 give MAE 40 / 3 = 13.333... and bias 0.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_dir_backtest(void **state) {
    (void)state;
    parley_case_library lib;
    parley_case_library_init(&lib);
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_case_library_add_dir(&lib, test_data("backtest"), &err), PARLEY_OK);
    assert_int_equal(lib.n, 2); /* sorted by name; no gpl/ here */
    assert_string_equal(lib.names[0], "alpha");
    assert_string_equal(lib.names[1], "beta");
    char want[512];
    snprintf(want, sizeof want, "%s/alpha.json", test_data("backtest"));
    assert_string_equal(lib.files[0], want);
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_case_library_load(&lib, NULL, &d), PARLEY_OK);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(lib.n_loaded, 2);
    assert_int_equal(parley_scenario_outcome_count(&lib.cases[0]), 2);
    assert_int_equal(parley_scenario_outcome_count(&lib.cases[1]), 1);
    /* everything is loaded: nothing more to load */
    assert_int_equal(parley_case_library_load_next(&lib, NULL, &d), PARLEY_EINVAL);

    parley_params params[2];
    assert_int_equal(parley_params_init(&params[0], parley_model_find("mean")), PARLEY_OK);
    assert_int_equal(parley_params_init(&params[1], parley_model_find("median")), PARLEY_OK);
    parley_backtest_options bo;
    parley_backtest_options_init(&bo);
    bo.extra = parley_backtest_extra_combined;
    bo.extra_name = "combined";
    parley_backtest bt;
    assert_int_equal(parley_case_library_backtest(&lib, &bt, params, 2, &bo, &err), PARLEY_OK);
    assert_int_equal(bt.n_cases, 2);
    assert_string_equal(bt.case_names[0], "alpha");
    assert_string_equal(bt.case_names[1], "beta");
    assert_int_equal(bt.n_issues, 3);
    assert_int_equal(bt.n_models, 5); /* mean, median, combined, status_quo, midpoint */
    assert_string_equal(bt.model_names[2], "combined");
    assert_close(bt.pooled[0].mae, 50.0 / 3.0, 1e-12);
    assert_close(bt.pooled[0].bias, 50.0 / 3.0, 1e-12);
    assert_close(bt.pooled[0].rmse, sqrt(348.0), 1e-12);
    assert_close(bt.pooled[1].mae, 40.0 / 3.0, 1e-12);
    assert_close(bt.pooled[1].bias, 0.0, 1e-12);
    /* the combination of two models is their median, i.e. their midpoint:
     * x (48 + 30) / 2 = 39 -> -1; y (17 + 5) / 2 = 11 -> 100 * 1 / 50 = +2;
     * z (4.8 + 4) / 2 = 4.4 -> 100 * 2.4 / 10 = +24; MAE 27 / 3 = 9 */
    assert_close(bt.pooled[2].mae, 9.0, 1e-12);
    assert_close(bt.pooled[2].bias, 25.0 / 3.0, 1e-12);
    parley_backtest_destroy(&bt);
    parley_params_destroy(&params[0]);
    parley_params_destroy(&params[1]);
    parley_diags_destroy(&d);
    parley_case_library_destroy(&lib);
    parley_case_library_destroy(&lib); /* safe twice */
}

static void count_removed(void *data, const char *file) {
    (void)file;
    ++*(int *)data;
}

/* A temporary library: top.json, gpl/lic.json, a link to top.json, a file
 * whose name is not UTF-8 and one that does not parse. */
static void test_layout_and_errors(void **state) {
    (void)state;
    char dir[] = "/tmp/parley-cases-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[512], other[512];
    parley_error err;
    FILE *in = fopen(test_data("backtest/alpha.json"), "rb");
    assert_non_null(in);
    char text[8192];
    size_t len = fread(text, 1, sizeof text, in);
    fclose(in);
    snprintf(path, sizeof path, "%s/top.json", dir);
    assert_int_equal(parley_write_file_atomic(path, text, len, &err), PARLEY_OK);
    snprintf(other, sizeof other, "%s/gpl", dir);
    assert_int_equal(mkdir(other, 0700), 0);
    snprintf(other, sizeof other, "%s/gpl/lic.json", dir);
    assert_int_equal(parley_write_file_atomic(other, text, len, &err), PARLEY_OK);
    snprintf(other, sizeof other, "%s/zz_link.json", dir);
    assert_int_equal(symlink(path, other), 0);
    snprintf(other, sizeof other, "%s/.hidden.json", dir);
    assert_int_equal(parley_write_file_atomic(other, "{", 1, &err), PARLEY_OK);
    snprintf(other, sizeof other, "%s/notes.txt", dir);
    assert_int_equal(parley_write_file_atomic(other, "x", 1, &err), PARLEY_OK);

    parley_case_library lib;
    parley_case_library_init(&lib);
    assert_int_equal(parley_case_library_add_dir(&lib, dir, &err), PARLEY_OK);
    assert_int_equal(lib.n, 3); /* top, zz_link, then gpl/lic; not .hidden or notes.txt */
    assert_string_equal(lib.names[0], "top");
    assert_string_equal(lib.names[1], "zz_link");
    assert_string_equal(lib.names[2], "gpl/lic");
    int removed = 0;
    assert_int_equal(parley_case_library_dedup(&lib, count_removed, &removed), PARLEY_OK);
    assert_int_equal(removed, 1); /* the link is top.json */
    assert_int_equal(lib.n, 2);
    assert_string_equal(lib.names[1], "gpl/lic");
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_case_library_load(&lib, NULL, &d), PARLEY_OK);
    assert_int_equal(parley_case_library_dedup(&lib, NULL, NULL), PARLEY_EINVAL); /* loaded */
    /* the embedded default joins as a loaded case with its own name */
    parley_scenario s;
    size_t size = 0;
    const char *json = parley_default_scenario_json(&size);
    assert_int_equal(parley_scenario_parse(&s, PARLEY_FORMAT_JSON, json, size, "default", NULL, &d),
                     PARLEY_OK);
    assert_int_equal(parley_case_library_adopt(&lib, &s, NULL), PARLEY_OK);
    assert_int_equal(lib.n, 3);
    assert_int_equal(lib.n_loaded, 3);
    assert_null(lib.files[2]);
    assert_null(lib.names[2]);
    assert_int_equal(s.n_issues, 0); /* taken over */
    parley_case_library_destroy(&lib);

    /* a name that is not UTF-8 becomes '?'; a case that does not parse is
     * located by file and line */
    parley_case_library_init(&lib);
    snprintf(other, sizeof other, "%s/gpl/bad\xff.json", dir);
    assert_int_equal(parley_write_file_atomic(other, "{\"parley\": 1,\n  \"name\": }", 25, &err),
                     PARLEY_OK);
    assert_int_equal(parley_case_library_add_dir(&lib, dir, &err), PARLEY_OK);
    assert_int_equal(lib.n, 4);
    assert_string_equal(lib.names[2], "gpl/bad?");
    parley_diags_destroy(&d);
    parley_diags_init(&d);
    assert_int_equal(parley_case_library_load(&lib, NULL, &d), PARLEY_EPARSE);
    assert_int_equal(lib.n_loaded, 2); /* top and the link; stopped at gpl/bad */
    assert_true(d.n_errors >= 1);
    assert_string_equal(d.items[0].error.file, other);
    assert_int_equal(d.items[0].error.line, 2);
    parley_diags_destroy(&d);
    parley_case_library_destroy(&lib);
    unlink(other);

    /* no directory: EIO naming it */
    parley_case_library_init(&lib);
    snprintf(other, sizeof other, "%s/missing", dir);
    parley_error_clear(&err);
    assert_int_equal(parley_case_library_add_dir(&lib, other, &err), PARLEY_EIO);
    assert_string_equal(err.file, other);
    assert_int_equal(lib.n, 0);
    assert_int_equal(parley_case_library_add_dir(&lib, path, &err), PARLEY_EIO); /* a file */
    assert_int_equal(parley_case_library_add(&lib, NULL, "x"), PARLEY_EINVAL);
    assert_int_equal(parley_case_library_add(&lib, path, "named"), PARLEY_OK);
    assert_string_equal(lib.names[0], "named");
    parley_case_library_destroy(&lib);

    snprintf(other, sizeof other, "%s/gpl/lic.json", dir);
    unlink(other);
    snprintf(other, sizeof other, "%s/gpl", dir);
    rmdir(other);
    const char *rest[] = {"zz_link.json", ".hidden.json", "notes.txt", "top.json"};
    for (size_t k = 0; k < 4; ++k) {
        snprintf(other, sizeof other, "%s/%s", dir, rest[k]);
        unlink(other);
    }
    rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dir_backtest),
        cmocka_unit_test(test_layout_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
