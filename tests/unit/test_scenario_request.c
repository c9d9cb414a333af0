/* parley_scenario_request_load: a file, the embedded default or the
 * experts' aggregate, with the what-if applied and its failures worded as
 * the request's fields; parley_experts_label. */
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
    assert_string_equal(err.message, "drop: no actor named 'Nobody'");
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

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_default_and_whatif),
                                       cmocka_unit_test(test_experts),
                                       cmocka_unit_test(test_changes)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
