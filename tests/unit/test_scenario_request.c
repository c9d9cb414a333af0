/* parley_scenario_request_load: a file, the embedded default or the
 * experts' aggregate, with the what-if applied and its failures worded as
 * the request's fields; parley_experts_label; the checks of a request's
 * input files (parley_scenario_request_check, parley_input_files_check). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/experts.h>

static void test_default_and_whatif(void **state) {
    (void)state;
    parley_scenario orig, changed;
    parley_diags d;
    parley_diags_init(&d);
    parley_error err;
    parley_error_clear(&err);
    parley_scenario_request req = {0};
    /* the embedded default, unchanged: changed is a copy */
    assert_int_equal(parley_scenario_request_load(&orig, &changed, &req, &d, &err), PARLEY_OK);
    assert_int_equal(orig.n_actors, 6);
    assert_int_equal(changed.n_actors, 6);
    parley_scenario_destroy(&orig);
    parley_scenario_destroy(&changed);
    /* a drop of an actor the scenario lacks, and a set that does not parse */
    const char *drops[] = {"Nobody"};
    req.drops = drops;
    req.n_drops = 1;
    assert_int_equal(parley_scenario_request_load(&orig, &changed, &req, &d, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "drop: no actor named 'Nobody' in the scenario "
                                     "(actors: USA, China, Russia, DPRK, ROK, Japan)");
    parley_scenario_destroy(&orig);
    parley_scenario_destroy(&changed);
    const char *sets[] = {"Nobody.x.position=1"};
    req.n_drops = 0;
    req.sets = sets;
    req.n_sets = 1;
    assert_int_equal(parley_scenario_request_load(&orig, &changed, &req, &d, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "set 'Nobody.x.position=1': no actor named 'Nobody'");
    parley_scenario_destroy(&orig);
    parley_scenario_destroy(&changed);
    assert_int_equal(d.n_errors, 0); /* the reading went well */
    parley_diags_destroy(&d);
}

static void test_experts(void **state) {
    (void)state;
    char a[1024], c[1024];
    snprintf(a, sizeof a, "%s", test_data("experts/a.json"));
    snprintf(c, sizeof c, "%s", test_data("experts/c.json"));
    const char *files[] = {a, c};
    const char *drops[] = {"US"};
    parley_scenario_request req = {.experts = files, .n_experts = 2, .drops = drops, .n_drops = 1};
    parley_scenario orig, changed;
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_request_load(&orig, &changed, &req, &d, NULL), PARLEY_OK);
    assert_int_equal(orig.n_actors, 3); /* US, China, Russia */
    assert_int_equal(orig.cells[0].present, 1);
    assert_int_equal(changed.cells[0].present, 0); /* US dropped: absent everywhere */
    assert_int_equal(changed.cells[1].present, 1);
    parley_scenario_destroy(&orig);
    parley_scenario_destroy(&changed);
    parley_diags_destroy(&d);
    parley_buf b;
    parley_buf_init(&b);
    const char *names[] = {"x.json", "y y.csv"};
    assert_int_equal(parley_experts_label(&b, names, 2), PARLEY_OK);
    assert_string_equal(b.data, "2 experts: x.json y y.csv");
    parley_buf_destroy(&b);
}

/* parley_scenario_request_changes: the sets, then the drops, as the
 * reports list them, in one allocation. */
static void test_changes(void **state) {
    (void)state;
    const char *sets[] = {"a.b.position=1", "c.*.salience=0.5"};
    const char *drops[] = {"D"};
    parley_scenario_request req = {.sets = sets, .n_sets = 2, .drops = drops, .n_drops = 1};
    char **texts = NULL;
    assert_int_equal(parley_scenario_request_changes(&req, &texts), PARLEY_OK);
    assert_string_equal(texts[0], "--set a.b.position=1");
    assert_string_equal(texts[1], "--set c.*.salience=0.5");
    assert_string_equal(texts[2], "--drop D");
    assert_null(texts[3]);
    free(texts);
    parley_scenario_request none = {0};
    assert_int_equal(parley_scenario_request_changes(&none, &texts), PARLEY_OK);
    assert_null(texts);
}

/* parley_input_files_check: no empty name, standard input read once, the
 * first problem in that order, worded with what the files are. */
static void test_input_files_check(void **state) {
    (void)state;
    parley_error err;
    parley_error_clear(&err);
    const char *ok[] = {"a.json", "-", "b.csv"};
    assert_int_equal(parley_input_files_check("case", ok, 3, "o.csv", &err), PARLEY_OK);
    assert_int_equal(parley_input_files_check("case", NULL, 0, "-", &err), PARLEY_OK);
    const char *empty[] = {"-", "", "-"};
    assert_int_equal(parley_input_files_check("case", empty, 3, "-", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "empty case file name");
    assert_string_equal(err.file, "");
    assert_int_equal(parley_input_files_check("scenario", ok, 2, "-", &err), PARLEY_EINVAL);
    assert_string_equal(err.message,
                        "the scenario and --outcomes cannot both be '-' (standard input)");
    const char *twice[] = {"-", "a.json", "-"};
    assert_int_equal(parley_input_files_check("scenario", twice, 3, NULL, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "standard input ('-') can be read only once");
    /* err may be NULL: the status alone */
    assert_int_equal(parley_input_files_check("scenario", twice, 3, NULL, NULL), PARLEY_EINVAL);
}

/* parley_scenario_request_check: the experts' rules, then the files'
 * (the codings, or the scenario file) with ro's outcomes. */
static void test_request_check(void **state) {
    (void)state;
    parley_error err;
    parley_error_clear(&err);
    parley_read_options ro;
    parley_read_options_init(&ro);
    ro.outcomes = "-";
    parley_scenario_request req = {0}; /* the embedded default */
    assert_int_equal(parley_scenario_request_check(&req, &err), PARLEY_OK);
    req.ro = &ro;
    req.file = "a.json";
    assert_int_equal(parley_scenario_request_check(&req, &err), PARLEY_OK);
    req.file = "-";
    assert_int_equal(parley_scenario_request_check(&req, &err), PARLEY_EINVAL);
    assert_string_equal(err.message,
                        "the scenario and --outcomes cannot both be '-' (standard input)");
    req.file = "";
    req.ro = NULL;
    assert_int_equal(parley_scenario_request_check(&req, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "empty scenario file name");
    /* experts asked for: two or more codings, none '-'; file is not read */
    const char *one[] = {"a.json"};
    parley_scenario_request ex = {.file = "", .experts = one, .n_experts = 1};
    assert_int_equal(parley_scenario_request_check(&ex, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "--experts needs two or more coding files, not 1");
    ex.n_experts = 0;
    assert_int_equal(parley_scenario_request_check(&ex, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "--experts needs two or more coding files, not 0");
    const char *std[] = {"a.json", "", "-"};
    ex.experts = std;
    ex.n_experts = 3;
    assert_int_equal(parley_scenario_request_check(&ex, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "--experts reads each coding from a file: standard input "
                                     "('-') is not accepted (save it to a file)");
    ex.n_experts = 2;
    assert_int_equal(parley_scenario_request_check(&ex, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "empty coding file name");
    const char *two[] = {"a.json", "b.json"};
    ex.experts = two;
    ex.ro = &ro; /* '-' outcomes with codings from files */
    assert_int_equal(parley_scenario_request_check(&ex, &err), PARLEY_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_and_whatif), cmocka_unit_test(test_experts),
        cmocka_unit_test(test_changes), cmocka_unit_test(test_input_files_check),
        cmocka_unit_test(test_request_check)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
