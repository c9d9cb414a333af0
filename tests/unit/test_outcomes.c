/* Observed outcomes: dates, the --outcomes CSV reader, the JSON round trip
 * and the table's Outcome row. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static void test_dates(void **state) {
    (void)state;
    assert_true(parley_date_valid("2019-04-26"));
    assert_true(parley_date_valid("2020-02-29"));  /* 2020 is divisible by 4 */
    assert_true(parley_date_valid("2000-02-29"));  /* divisible by 400 */
    assert_false(parley_date_valid("1900-02-29")); /* divisible by 100, not by 400 */
    assert_false(parley_date_valid("2019-02-29"));
    assert_false(parley_date_valid("2019-04-31"));
    assert_false(parley_date_valid("2019-13-01"));
    assert_false(parley_date_valid("2019-4-26"));
    assert_false(parley_date_valid("26/04/2019"));
    assert_false(parley_date_valid(NULL));
}

static void test_outcomes_csv(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    parley_diags d;
    parley_diags_init(&d);
    const char ok[] = "# comment\nissue,outcome,source\n\nbudget, 22.5 ,\"law, art. 2\"\n";
    assert_int_equal(parley_outcomes_parse(&s, ok, sizeof ok - 1, "o.csv", &d), PARLEY_OK);
    const parley_observed_outcome *o = &s.issues[0].outcome;
    assert_true(o->has_value);
    assert_close(o->value, 22.5, 0);
    assert_string_equal(o->source, "law, art. 2");
    assert_null(o->as_of);
    /* a bad file changes nothing and locates every problem */
    const char bad[] = "issue,outcome\nbudget,70\nbudget,1\ntax,2\n";
    assert_int_equal(parley_outcomes_parse(&s, bad, sizeof bad - 1, "b.csv", &d), PARLEY_EDATA);
    assert_close(s.issues[0].outcome.value, 22.5, 0);
    assert_int_equal(d.n_errors, 3);
    assert_int_equal(d.items[0].error.line, 2); /* 70 is off the scale [0, 60] */
    assert_int_equal(d.items[0].error.column, 8);
    assert_int_equal(d.items[1].error.line, 3); /* duplicate */
    assert_int_equal(d.items[2].error.line, 4); /* unknown issue */
    parley_diags_destroy(&d);
    parley_scenario_destroy(&s);
}

static void test_json_round_trip(void **state) {
    (void)state;
    parley_scenario s, back;
    load_scenario(&s, "cli/small.json");
    parley_observed_outcome o = {1, 22.5, "2021-03-01", "law", "medium", "coded by hand"};
    assert_int_equal(parley_issue_set_outcome(&s, 0, &o), PARLEY_OK);
    assert_int_equal(parley_set_string(&s.as_of, "2020-12-31"), PARLEY_OK);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_scenario_write_json(&s, &b), PARLEY_OK);
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(
        parley_scenario_parse(&back, PARLEY_FORMAT_JSON, b.data, b.len, "b.json", NULL, &d),
        PARLEY_OK);
    assert_string_equal(back.as_of, "2020-12-31");
    const parley_observed_outcome *r = &back.issues[0].outcome;
    assert_true(r->has_value);
    assert_close(r->value, 22.5, 0);
    assert_string_equal(r->as_of, "2021-03-01");
    assert_string_equal(r->source, "law");
    assert_string_equal(r->confidence, "medium");
    assert_string_equal(r->note, "coded by hand");
    /* the copy owns its own outcome */
    parley_scenario copy;
    assert_int_equal(parley_scenario_copy(&copy, &back), PARLEY_OK);
    assert_string_equal(copy.issues[0].outcome.source, "law");
    assert_int_equal(parley_scenario_outcome_count(&copy), 1);
    parley_scenario_destroy(&copy);
    parley_scenario_destroy(&back);
    parley_buf_destroy(&b);
    parley_diags_destroy(&d);
    parley_scenario_destroy(&s);
}

static void test_table_outcome_row(void **state) {
    (void)state;
    const char t[] = "Actor,Capability,Position,Salience\na,1,10,0.5\nOutcome,,30,\nb,2,40,0.5\n";
    parley_scenario s;
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(
        parley_scenario_parse(&s, PARLEY_FORMAT_TABLE, t, sizeof t - 1, "t.csv", NULL, &d),
        PARLEY_OK);
    assert_int_equal(s.n_actors, 2);
    assert_string_equal(s.actors[1].name, "b");
    assert_true(s.issues[0].outcome.has_value);
    assert_close(s.issues[0].outcome.value, 30, 0);
    assert_close(s.issues[0].hi, 40, 0); /* the positions 10 and 40 span the scale */
    parley_scenario_destroy(&s);
    parley_diags_destroy(&d);
}

/* The outcome does not widen the inferred scale (it would change the
 * forecasts of the models that measure distances on it): outside the
 * positions' range [10, 20] it is an error at its cell, line 3 column 10. */
static void test_table_outcome_outside_positions(void **state) {
    (void)state;
    const char t[] = "Actor,Capability,Position,Salience\na,1,10,0.5\nOutcome,,40,\nb,2,20,0.5\n";
    parley_scenario s;
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(
        parley_scenario_parse(&s, PARLEY_FORMAT_TABLE, t, sizeof t - 1, "t.csv", NULL, &d),
        PARLEY_EDATA);
    size_t errors = 0;
    for (size_t k = 0; k < d.count; ++k) {
        if (d.items[k].severity != PARLEY_SEV_ERROR)
            continue;
        ++errors;
        assert_int_equal(d.items[k].error.line, 3);
        assert_int_equal(d.items[k].error.column, 10);
        assert_non_null(strstr(d.items[k].error.message, "outcome 40 is outside [10, 20]"));
    }
    assert_int_equal(errors, 1);
    parley_diags_destroy(&d);
    /* with the scale stated, the same row is read and the bounds are those given */
    parley_read_options o;
    parley_read_options_init(&o);
    o.bounds_given = 1;
    o.lo = 0;
    o.hi = 100;
    parley_diags_init(&d);
    assert_int_equal(
        parley_scenario_parse(&s, PARLEY_FORMAT_TABLE, t, sizeof t - 1, "t.csv", &o, &d),
        PARLEY_OK);
    assert_close(s.issues[0].outcome.value, 40, 0);
    assert_close(s.issues[0].lo, 0, 0);
    assert_close(s.issues[0].hi, 100, 0);
    parley_scenario_destroy(&s);
    parley_diags_destroy(&d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_outcomes_csv),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_table_outcome_row),
        cmocka_unit_test(test_table_outcome_outside_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
