/* UTF-8 checks (src/core/utf8.c) and where they apply: the scenario checks
 * refuse text that is not UTF-8, and the JSON writers write a stray byte of
 * a file name as U+FFFD instead of failing (found by the attack pass:
 * `forecast -f json` on "g\xff.json" said "out of memory"). */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

static size_t len_of(const char *bytes, size_t n) {
    return parley_i_utf8_length((const unsigned char *)bytes, (const unsigned char *)bytes + n);
}

static void test_length(void **st) {
    (void)st;
    assert_int_equal(len_of("a", 1), 1);
    assert_int_equal(len_of("\xC3\xA9", 2), 2);         /* é */
    assert_int_equal(len_of("\xE2\x82\xAC", 3), 3);     /* € */
    assert_int_equal(len_of("\xF0\x9F\x98\x80", 4), 4); /* U+1F600 */
    assert_int_equal(len_of("\xFF", 1), 0);
    assert_int_equal(len_of("\xC3", 1), 0);             /* cut short */
    assert_int_equal(len_of("\xC0\xAF", 2), 0);         /* overlong '/' */
    assert_int_equal(len_of("\xED\xA0\x80", 3), 0);     /* surrogate U+D800 */
    assert_int_equal(len_of("\xF4\x90\x80\x80", 4), 0); /* above U+10FFFF */
    assert_int_equal(len_of("", 0), 0);
}

static void test_invalid_at_and_fix(void **st) {
    (void)st;
    assert_int_equal(parley_i_utf8_invalid_at("caf\xC3\xA9"), -1);
    assert_int_equal(parley_i_utf8_invalid_at(""), -1);
    assert_int_equal(parley_i_utf8_invalid_at("ab\xFE"), 2);
    assert_int_equal(parley_i_utf8_invalid_at("\xC3\xA9x\xC3"), 3);
    char *fixed = parley_i_utf8_fix("t\xFE\xC3\xA9\xFF.", 6);
    assert_non_null(fixed);
    assert_string_equal(fixed, "t\xEF\xBF\xBD\xC3\xA9\xEF\xBF\xBD.");
    free(fixed);
    fixed = parley_i_utf8_fix("abc", 2); /* only len bytes */
    assert_string_equal(fixed, "ab");
    free(fixed);
}

/* A scenario built through the API with a name that is not UTF-8 fails
 * validation (every output format holds UTF-8 text), at the byte named. */
static void test_validate_refuses(void **st) {
    (void)st;
    parley_scenario s;
    load_default(&s);
    assert_int_equal(parley_set_string(&s.actors[1].name, "Nor\xF8way"), PARLEY_OK);
    assert_int_equal(parley_set_string(&s.description, "ok \xC3\xA9 then \xE9"), PARLEY_OK);
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_validate(&s, NULL, &d), PARLEY_EDATA);
    int name = 0, description = 0;
    for (size_t k = 0; k < d.count; ++k) {
        const parley_error *e = &d.items[k].error;
        if (strcmp(e->path, "$.actors[1].name") == 0) {
            assert_string_equal(e->message, "the name is not valid UTF-8 (byte 0xF8 at byte 4; "
                                            "expected UTF-8 text)");
            name = 1;
        }
        if (strcmp(e->path, "$.description") == 0) {
            assert_string_equal(e->message, "the description is not valid UTF-8 (byte 0xE9 at "
                                            "byte 12; expected UTF-8 text)");
            description = 1;
        }
    }
    assert_true(name && description);
    parley_diags_destroy(&d);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length),
        cmocka_unit_test(test_invalid_at_and_fix),
        cmocka_unit_test(test_validate_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
