/* Inputs the fuzzers found (tests/fuzz/regressions/FORMAT_*.EXT), run
 * through the fuzz harness's own invariants in every build, so that a fixed
 * bug stays fixed without clang: each input is parsed, and when it parses,
 * written as JSON and read back identically, and written in every other
 * format (lossy) and read back. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static parley_format current_format;
#define FUZZ_FORMAT current_format
#include "../fuzz/fuzz_reader.c"

/* Replays every file of dir; returns how many. */
static size_t replay(const char *dir) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    size_t n = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        const char *name = e->d_name;
        current_format = strncmp(name, "decide_", 7) == 0    ? PARLEY_FORMAT_DECIDE
                         : strncmp(name, "ktabxml_", 8) == 0 ? PARLEY_FORMAT_KTAB_XML
                         : strncmp(name, "ktab_", 5) == 0    ? PARLEY_FORMAT_KTAB_CSV
                         : strncmp(name, "json_", 5) == 0    ? PARLEY_FORMAT_JSON
                         : strncmp(name, "xlsx_", 5) == 0    ? PARLEY_FORMAT_XLSX
                         : strncmp(name, "ods_", 4) == 0     ? PARLEY_FORMAT_ODS
                                                             : PARLEY_FORMAT_TABLE;
        char *data;
        size_t size;
        parley_error err;
        assert_int_equal(parley_read_file(path, &data, &size, &err), PARLEY_OK);
        LLVMFuzzerTestOneInput((const uint8_t *)data, size); /* aborts on a broken invariant */
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void test_regressions(void **state) {
    (void)state;
    char dir[4096];
    /* mutations of MIT and BDM data; mutations of Decide's GPL-3.0 files
     * live with those files */
    snprintf(dir, sizeof dir, "%s/../fuzz/regressions", PARLEY_TEST_DATA);
    size_t n = replay(dir);
    snprintf(dir, sizeof dir, "%s/decide/fuzz_regressions", PARLEY_TEST_DATA);
    n += replay(dir);
    assert_true(n >= 9);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_regressions)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
