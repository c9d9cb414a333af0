/* parley_case_library_collect: the cases of a directory or of CASE files,
 * duplicates reported as warnings with their exact text, and why an
 * empty or missing directory fails. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct seen {
    int duplicates, reads;
    char warning[512];
} seen;

static void record(void *data, parley_case_event ev, const char *file, parley_status st,
                   const parley_diags *diags) {
    seen *s = data;
    (void)file;
    (void)st;
    if (ev == PARLEY_CASE_DUPLICATE) {
        s->duplicates++;
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
    assert_int_equal(parley_case_library_collect(&lib, &req, &why), PARLEY_OK);
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
    assert_int_equal(parley_case_library_collect(&lib, &two, NULL), PARLEY_OK);
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
    assert_int_equal(parley_case_library_collect(&lib, &req, &why), PARLEY_EDATA);
    assert_int_equal(why, PARLEY_CASES_EMPTY);
    parley_case_library_destroy(&lib);
    rmdir(dir);
    /* now missing: an error unless it is the shipped library */
    parley_case_library_init(&lib);
    assert_int_equal(parley_case_library_collect(&lib, &req, &why), PARLEY_EIO);
    assert_int_equal(why, PARLEY_CASES_NO_DIR);
    parley_case_library_destroy(&lib);
    /* shipped: the embedded default (six parties, with outcomes) is the one case */
    parley_case_library_init(&lib);
    req.shipped = 1;
    assert_int_equal(parley_case_library_collect(&lib, &req, &why), PARLEY_OK);
    assert_int_equal(why, PARLEY_CASES_OK);
    assert_int_equal(lib.n_loaded, 1);
    assert_int_equal(lib.cases[0].n_actors, 6);
    parley_case_library_destroy(&lib);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_directory_and_duplicates),
                                       cmocka_unit_test(test_empty_and_missing)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
