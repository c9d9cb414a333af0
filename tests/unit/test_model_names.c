/* The names a model type lists for the command line (the keys of its
 * param_defs, its presets) are the names parley_params_set accepts: shell completion and the help
 * texts read them from the registry, so they must not drift from the code.
 * Independent checks: params_set is asked about each listed name (a key it
 * does not have is PARLEY_EUNSUPPORTED, whatever the value), every key that
 * params_describe prints (the report's "key=value" list) is listed, and a
 * listed preset is accepted as the value of "preset". */
#include "testutil.h"

#include <string.h>

static int listed(const parley_param_def *defs, const char *name, size_t n) {
    for (const parley_param_def *d = defs; d && d->key; ++d)
        if (strlen(d->key) == n && strncmp(d->key, name, n) == 0)
            return 1;
    return 0;
}

/* Every listed key is one params_set knows: with a value no key accepts,
 * the answer is a bad value (EINVAL), never "no such key". */
static void test_keys_are_accepted(void **st) {
    (void)st;
    size_t n_keys = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t) {
        parley_params p;
        assert_int_equal(parley_params_init(&p, *t), PARLEY_OK);
        for (const parley_param_def *d = (*t)->param_defs; d && d->key; ++d, ++n_keys) {
            parley_error err;
            parley_error_clear(&err);
            parley_status rc = parley_params_set(&p, d->key, "\x01not-a-value", &err);
            if (rc == PARLEY_EUNSUPPORTED)
                fail_msg("%s.%s is listed but params_set does not know it", (*t)->name, d->key);
            assert_int_equal(rc, PARLEY_EINVAL);
        }
        /* a key nobody has is refused as such */
        parley_error err;
        parley_error_clear(&err);
        assert_int_equal(parley_params_set(&p, "no-such-key", "1", &err), PARLEY_EUNSUPPORTED);
        parley_params_destroy(&p);
    }
    /* median 1, eu 16, nbs 4, exchange 8, spatial 15 (counted in the sources) */
    assert_int_equal(n_keys, 44);
}

/* Every key params_describe prints ("k=v, k=v") is listed. */
static void test_described_keys_are_listed(void **st) {
    (void)st;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t) {
        parley_params p;
        parley_buf b;
        parley_buf_init(&b);
        assert_int_equal(parley_params_init(&p, *t), PARLEY_OK);
        assert_int_equal(parley_params_describe(&p, &b), PARLEY_OK);
        const char *s = b.data ? b.data : "";
        while (*s) {
            const char *eq = strchr(s, '=');
            assert_non_null(eq);
            if (!listed((*t)->param_defs, s, (size_t)(eq - s)))
                fail_msg("%s describes '%.*s', which param_defs does not list", (*t)->name,
                         (int)(eq - s), s);
            const char *next = strstr(eq, ", ");
            s = next ? next + 2 : eq + strlen(eq);
        }
        parley_params_destroy(&p);
        parley_buf_destroy(&b);
    }
}

/* Listed presets are accepted; only eu has presets (scholz2011, bdm1994). */
static void test_presets(void **st) {
    (void)st;
    size_t n = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t) {
        if (!(*t)->presets)
            continue;
        assert_true(listed((*t)->param_defs, "preset", 6));
        parley_params p;
        assert_int_equal(parley_params_init(&p, *t), PARLEY_OK);
        for (size_t k = 0; (*t)->presets[k]; ++k, ++n) {
            parley_error err;
            parley_error_clear(&err);
            assert_int_equal(parley_params_set(&p, "preset", (*t)->presets[k], &err), PARLEY_OK);
        }
        parley_params_destroy(&p);
    }
    assert_int_equal(n, 2);
    assert_string_equal(parley_model_find("eu")->presets[0], "scholz2011");
    assert_string_equal(parley_model_find("eu")->presets[1], "bdm1994");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_are_accepted),
        cmocka_unit_test(test_described_keys_are_listed),
        cmocka_unit_test(test_presets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
