/* The library's calls that take arrays of names or texts refuse a NULL
 * array of n > 0 entries and a NULL entry with PARLEY_EINVAL and a
 * message, instead of reading through it (an embedder's mistake, e.g.
 * Python's ctypes passing None): parley_whatif_apply_text,
 * parley_scenario_request_check, parley_scenario_request_changes,
 * parley_input_files_check (also its empty outcomes),
 * parley_outputs_check, parley_case_source_init and
 * parley_case_library_outputs_check. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <parley/cases.h>
#include <parley/experts.h>
#include <parley/io.h>
#include <parley/leverage.h>

static void test_whatif_apply_text(void **state) {
    (void)state;
    parley_scenario base, out;
    assert_int_equal(parley_scenario_load_default(&base, NULL, NULL), PARLEY_OK);
    parley_error err;
    parley_error_clear(&err);
    size_t bad = 0;
    const char *sets[] = {"US.*.position=50", NULL};
    assert_int_equal(parley_whatif_apply_text(&out, &base, sets, 2, NULL, 0, &bad, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "set: text 1 is NULL");
    assert_int_equal(bad, 1);
    parley_scenario_destroy(&out); /* initialised all the same */
    const char *drops[] = {NULL};
    assert_int_equal(parley_whatif_apply_text(&out, &base, NULL, 0, drops, 1, &bad, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "drop: text 0 is NULL");
    assert_int_equal(bad, 0);
    parley_scenario_destroy(&out);
    assert_int_equal(parley_whatif_apply_text(&out, &base, NULL, 2, NULL, 0, &bad, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "set: NULL array of 2 texts");
    parley_scenario_destroy(&out);
    assert_int_equal(parley_whatif_apply_text(&out, &base, NULL, 0, NULL, 0, NULL, NULL),
                     PARLEY_OK);
    parley_scenario_destroy(&out);
    parley_scenario_destroy(&base);
}

static void test_request_check(void **state) {
    (void)state;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_scenario_request_check(NULL, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "no scenario request");
    parley_scenario_request req = {.n_experts = 2};
    assert_int_equal(parley_scenario_request_check(&req, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "--experts: NULL array of 2 coding files");
    const char *experts[] = {"a.json", NULL};
    req.experts = experts;
    assert_int_equal(parley_scenario_request_check(&req, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "--experts: coding file 1 is NULL");
    const char *sets[] = {NULL};
    parley_scenario_request r2 = {.sets = sets, .n_sets = 1};
    assert_int_equal(parley_scenario_request_check(&r2, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "set: text 0 is NULL");
    char **texts = (char **)&err; /* set to NULL by the call */
    assert_int_equal(parley_scenario_request_changes(&r2, &texts), PARLEY_EINVAL);
    assert_null(texts);
    /* an empty outcomes file name, as the CLI words an empty --outcomes */
    parley_read_options ro;
    parley_read_options_init(&ro);
    ro.outcomes = "";
    parley_scenario_request r3 = {.ro = &ro};
    assert_int_equal(parley_scenario_request_check(&r3, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "empty --outcomes file name");
}

static void test_input_files_check(void **state) {
    (void)state;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_input_files_check("case", NULL, 3, NULL, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "NULL array of 3 case file names");
    const char *names[] = {"a.json", NULL};
    assert_int_equal(parley_input_files_check("case", names, 2, NULL, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "case file name 1 is NULL");
    assert_int_equal(parley_input_files_check("scenario", names, 1, "", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "empty --outcomes file name");
    const char *empty[] = {""};
    assert_int_equal(parley_input_files_check("scenario", empty, 1, "", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "empty scenario file name"); /* the names first */
    assert_int_equal(parley_input_files_check("scenario", NULL, 0, "x.csv", &err), PARLEY_OK);
}

static void test_outputs(void **state) {
    (void)state;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_outputs_check(NULL, 0, NULL, 1, 0, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "NULL array of 1 output files");
    const char *outs[] = {NULL, "-"};
    assert_int_equal(parley_outputs_check(NULL, 2, outs, 2, 0, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "NULL array of 2 input files");
    assert_int_equal(parley_outputs_check(NULL, 0, outs, 2, 0, &err), PARLEY_OK);
    assert_int_equal(parley_case_library_outputs_check(NULL, NULL, 1, 0, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "NULL array of 1 output files");
    assert_int_equal(parley_case_library_outputs_check(NULL, outs, 2, 0, &err), PARLEY_OK);
}

static void test_case_source(void **state) {
    (void)state;
    parley_error err;
    parley_error_clear(&err);
    parley_case_source src;
    assert_int_equal(parley_case_source_init(&src, NULL, NULL, NULL, 3, NULL, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "NULL array of 3 case files");
    const char *files[] = {"a.json", NULL};
    assert_int_equal(parley_case_source_init(&src, NULL, NULL, files, 2, NULL, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "case file 1 is NULL");
    assert_int_equal(parley_case_source_init(&src, NULL, NULL, files, 1, NULL, &err), PARLEY_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatif_apply_text), cmocka_unit_test(test_request_check),
        cmocka_unit_test(test_input_files_check), cmocka_unit_test(test_outputs),
        cmocka_unit_test(test_case_source)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
