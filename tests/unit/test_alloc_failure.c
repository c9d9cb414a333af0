/* Allocation failures in the models: every allocation the library makes
 * while a model is initialised or plays its rounds is made to fail in turn
 * (malloc, calloc and realloc of the library's objects are wrapped with
 * -Wl,--wrap, see tests/CMakeLists.txt).  Each failure must come back as
 * PARLEY_ENOMEM (never a crash), and after parley_model_destroy -- or the
 * model's own _destroy after a failed _init -- no block the library
 * allocated in between may still be live.
 *
 * The counter is independent of the sanitizers: it counts successful
 * allocations minus frees of non-NULL pointers inside the window.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "models/exchange_i.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *ptr, size_t size);
void __real_free(void *ptr);

static long fail_at = -1; /* index of the allocation to fail; -1: none */
static long attempts;     /* allocations attempted since the window opened */
static long live;         /* blocks allocated in the window and not yet freed */

static void window_open(long fail) {
    fail_at = fail;
    attempts = 0;
    live = 0;
}

static int should_fail(void) {
    return fail_at >= 0 && attempts++ == fail_at;
}

void *__wrap_malloc(size_t size) {
    if (should_fail())
        return NULL;
    void *p = __real_malloc(size);
    live += p != NULL;
    return p;
}

void *__wrap_calloc(size_t n, size_t size) {
    if (should_fail())
        return NULL;
    void *p = __real_calloc(n, size);
    live += p != NULL;
    return p;
}

void *__wrap_realloc(void *ptr, size_t size) {
    if (should_fail())
        return NULL; /* ptr stays valid and live */
    void *p = __real_realloc(ptr, size);
    live += p != NULL && ptr == NULL;
    return p;
}

void __wrap_free(void *ptr) {
    live -= ptr != NULL;
    __real_free(ptr);
}

static void load(parley_scenario *s) {
    size_t size = 0;
    const char *json = parley_default_scenario_json(&size);
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_parse(s, PARLEY_FORMAT_JSON, json, size, NULL, NULL, &d),
                     PARLEY_OK);
    parley_diags_destroy(&d);
}

/* parley_i_exchange_init directly: each of its allocations fails once; the
 * model then holds nothing (destroy is still safe and frees nothing). */
static void test_exchange_init_failures(void **state) {
    (void)state;
    parley_scenario s;
    load(&s);
    parley_exchange_params p;
    parley_exchange_params_default(&p);
    long k = 0;
    for (;; ++k) {
        parley_exchange_model m;
        parley_error err;
        window_open(k);
        parley_status st = parley_i_exchange_init(&m, &s, &p, &err);
        if (st == PARLEY_OK) {
            parley_i_exchange_destroy(&m);
            assert_int_equal(live, 0);
            break;
        }
        assert_int_equal(st, PARLEY_ENOMEM);
        assert_int_equal(live, 0); /* nothing leaked before destroy */
        parley_i_exchange_destroy(&m);
        assert_int_equal(live, 0);
    }
    window_open(-1);
    assert_true(k >= 10); /* the default scenario needs a dozen or more blocks */
    parley_scenario_destroy(&s);
}

/* One model type through the generic interface on issue 0 (issue scope) or
 * the whole scenario: the k-th allocation of init and of the rounds fails.
 * Returns 1 once k is beyond the last allocation of a whole run. */
static int run_failing(const parley_scenario *s, const parley_issue_view *v,
                       const parley_model_type *t, long k) {
    parley_params p;
    assert_int_equal(parley_params_init(&p, t), PARLEY_OK);
    parley_model m;
    parley_error err;
    window_open(k);
    parley_status st = parley_model_type_is_scenario(t)
                           ? parley_model_init_scenario(&m, &p, s, &err)
                           : parley_model_init(&m, &p, v, &err);
    int reached_end = 0;
    if (st == PARLEY_OK) {
        while (st == PARLEY_OK && !parley_model_test(&m))
            st = parley_model_iterate(&m, &err);
        reached_end = st == PARLEY_OK;
        parley_model_destroy(&m);
    }
    if (!reached_end && st != PARLEY_ENOMEM)
        fail_msg("model %s, allocation %ld failed: status %d (%s), expected PARLEY_ENOMEM", t->name,
                 k, (int)st, err.message);
    if (live != 0)
        fail_msg("model %s, allocation %ld failed: %ld blocks leaked", t->name, k, live);
    window_open(-1);
    parley_params_destroy(&p);
    return reached_end && attempts <= k;
}

static void test_every_model(void **state) {
    (void)state;
    parley_scenario s;
    load(&s);
    parley_issue_view v;
    assert_int_equal(parley_issue_view_init(&v, &s, 0), PARLEY_OK);
    const parley_model_type *const *types = parley_model_types();
    for (size_t i = 0; types[i]; ++i) {
        long k = 0;
        while (!run_failing(&s, &v, types[i], k))
            ++k;
    }
    parley_issue_view_destroy(&v);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exchange_init_failures),
        cmocka_unit_test(test_every_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
