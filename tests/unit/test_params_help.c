/* parley_model_params_help: a model's parameter table in words, on a table
 * made here (every kind, a key longer than the key column, a doc that wraps
 * at 80 columns), against the text written out by hand; and a model
 * without parameters. */
#include "testutil.h"

#include <math.h>
#include <string.h>

typedef struct {
    double q;
    unsigned long long seed;
    size_t rounds;
    int on, pick;
} toy_params;

static const parley_param_choice picks[] = {{"left", 0}, {"right", 1}, {NULL, 0}};

static const parley_param_def toy_defs[] = {
    {.key = "q",
     .kind = PARLEY_PARAM_REAL,
     .offset = offsetof(toy_params, q),
     .lo = 0,
     .hi = 0.5,
     .doc = "a share"},
    {.key = "cost",
     .kind = PARLEY_PARAM_REAL,
     .offset = offsetof(toy_params, q),
     .lo = 0.25,
     .hi = HUGE_VAL},
    {.key = "rounds",
     .kind = PARLEY_PARAM_COUNT,
     .offset = offsetof(toy_params, rounds),
     .ilo = 1,
     .ihi = 99,
     .doc = "round limit"},
    {.key = "on",
     .kind = PARLEY_PARAM_FLAG,
     .offset = offsetof(toy_params, on),
     .doc = "a switch whose description is long enough to be wrapped onto a second line of "
            "the help"},
    {.key = "a-very-long-key-name",
     .kind = PARLEY_PARAM_CHOICE,
     .offset = offsetof(toy_params, pick),
     .choices = picks,
     .doc = "a side"},
    {.key = "mode", .kind = PARLEY_PARAM_CUSTOM, .doc = "anything"},
    {.key = "seed",
     .kind = PARLEY_PARAM_WHOLE,
     .offset = offsetof(toy_params, seed),
     .ihi = 7,
     .flags = PARLEY_PARAM_RUN,
     .doc = "a run parameter: not listed"},
    {0}};

static void test_params_help(void **state) {
    (void)state;
    parley_model_type toy = {.name = "toy", .title = "toy model", .param_defs = toy_defs};
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_model_params_help(&toy, &b), PARLEY_OK);
    assert_string_equal(
        b.data, "toy model: --param toy.KEY=VALUE\n"
                "  q               number 0 to 0.5: a share\n"
                "  cost            number from 0.25\n"
                "  rounds          whole number 1 to 99: round limit\n"
                "  on              on or off: a switch whose description is long enough to be\n"
                "                  wrapped onto a second line of the help\n"
                "  a-very-long-key-name\n"
                "                  left | right: a side\n"
                "  mode            text: anything\n");
    parley_buf_destroy(&b);
    parley_buf_init(&b);
    assert_int_equal(parley_model_params_help(&parley_model_mean, &b), PARLEY_OK);
    assert_string_equal(b.data, "compromise (weighted mean): --param mean.KEY=VALUE\n  (none)\n");
    parley_buf_destroy(&b);
    assert_int_equal(parley_model_params_help(NULL, &b), PARLEY_EINVAL);
}

/* parley_params_help_text: which texts ask for help, two helps with a
 * blank line between them, and an unknown model refused in words. */
static void test_params_help_text(void **state) {
    (void)state;
    parley_buf b;
    parley_buf_init(&b);
    int asked = -1;
    const char *none[] = {"eu.q=0.5"};
    assert_int_equal(parley_params_help_text(none, 1, &b, &asked, NULL), PARLEY_OK);
    assert_int_equal(asked, 0);
    assert_int_equal(b.len, 0);
    const char *two[] = {"eu.q=0.5", "mean.help", "mean.help"};
    assert_int_equal(parley_params_help_text(two, 3, &b, &asked, NULL), PARLEY_OK);
    assert_int_equal(asked, 1);
    assert_string_equal(b.data, "compromise (weighted mean): --param mean.KEY=VALUE\n  (none)\n"
                                "\n"
                                "compromise (weighted mean): --param mean.KEY=VALUE\n  (none)\n");
    parley_buf_destroy(&b);
    parley_buf_init(&b);
    parley_error err;
    parley_error_clear(&err);
    const char *bad[] = {"zz.help"};
    assert_int_equal(parley_params_help_text(bad, 1, &b, &asked, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "param zz.help: no model named 'zz' (models: mean, median, "
                                     "eu, nbs, exchange, spatial)");
    parley_buf_destroy(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_params_help),
                                       cmocka_unit_test(test_params_help_text)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
