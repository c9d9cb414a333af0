/* The malformed-input corpus: every tests/data/bad/NAME.{csv,json,txt,xml}
 * must be rejected with exactly the diagnostics listed in NAME.expected (one line
 * per diagnostic, as parley_diag_format writes them, the file named
 * "bad/NAME.ext").  Set PARLEY_BLESS=1 to (re)write the .expected files
 * after checking the new output by eye. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int has_suffix(const char *name, const char *suffix) {
    size_t n = strlen(name), k = strlen(suffix);
    return n > k && strcmp(name + n - k, suffix) == 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The reader a corpus file is meant for, from its name's prefix (the CLI
 * tests check what content sniffing makes of the same files). */
static parley_format format_of(const char *name) {
    if (strncmp(name, "decide_", 7) == 0)
        return PARLEY_FORMAT_DECIDE;
    if (strncmp(name, "ktabxml_", 8) == 0)
        return PARLEY_FORMAT_KTAB_XML;
    if (strncmp(name, "ktab_", 5) == 0)
        return PARLEY_FORMAT_KTAB_CSV;
    if (strncmp(name, "json_", 5) == 0)
        return PARLEY_FORMAT_JSON;
    return PARLEY_FORMAT_TABLE;
}

/* Parses bad/NAME and returns the formatted diagnostics (caller frees). */
static char *diagnose(const char *name, parley_status *status) {
    char relative[512];
    snprintf(relative, sizeof relative, "bad/%s", name);
    char *data = NULL;
    size_t size = 0;
    parley_error err;
    assert_int_equal(parley_read_file(test_data(relative), &data, &size, &err), PARLEY_OK);
    parley_diags d;
    parley_diags_init(&d);
    parley_scenario s;
    *status = parley_scenario_parse(&s, format_of(name), data, size, relative, NULL, &d);
    parley_buf out;
    parley_buf_init(&out);
    char line[1024];
    for (size_t k = 0; k < d.count; ++k)
        parley_buf_printf(&out, "%s\n", parley_diag_format(&d.items[k], line, sizeof line));
    if (*status == PARLEY_OK)
        parley_scenario_destroy(&s);
    assert_null(s.actors); /* left destroyed on failure, destroyed above on success */
    parley_diags_destroy(&d);
    free(data);
    char *text = out.data ? out.data : calloc(1, 1);
    return text;
}

static void test_bad_corpus(void **state) {
    (void)state;
    DIR *dir = opendir(test_data("bad"));
    assert_non_null(dir);
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if ((has_suffix(e->d_name, ".csv") || has_suffix(e->d_name, ".json") ||
             has_suffix(e->d_name, ".txt") || has_suffix(e->d_name, ".xml")) &&
            n < 256)
            names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof names[0], by_name);
    assert_true(n >= 60);
    int bless = getenv("PARLEY_BLESS") != NULL;
    int failures = 0;
    for (size_t k = 0; k < n; ++k) {
        parley_status st;
        char *got = diagnose(names[k], &st);
        char expected_rel[512];
        snprintf(expected_rel, sizeof expected_rel, "bad/%.*s.expected",
                 (int)(strrchr(names[k], '.') - names[k]), names[k]);
        if (bless) {
            parley_error err;
            assert_int_equal(
                parley_write_file_atomic(test_data(expected_rel), got, strlen(got), &err),
                PARLEY_OK);
        }
        char *want = NULL;
        size_t size = 0;
        parley_error err;
        if (parley_read_file(test_data(expected_rel), &want, &size, &err) != PARLEY_OK) {
            print_error("%s: missing %s\n", names[k], expected_rel);
            failures++;
        } else if (strcmp(got, want) != 0) {
            print_error("%s: diagnostics differ\n--- expected\n%s--- got\n%s", names[k], want, got);
            failures++;
        }
        if (st == PARLEY_OK) {
            print_error("%s: accepted, expected a failure\n", names[k]);
            failures++;
        }
        free(want);
        free(got);
        free(names[k]);
    }
    assert_int_equal(failures, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
