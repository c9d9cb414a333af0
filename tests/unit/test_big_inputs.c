/* Bad inputs too big to commit, generated here: a line of 200 MB and
 * files of 100,000 actors.  Each must give its precise diagnostic (or load)
 * in bounded memory and time, never crash. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses data and returns the diagnostics, one per line (caller frees). */
static char *diagnose(parley_format fmt, const char *data, size_t size, const char *file,
                      parley_status *st, size_t *n_actors) {
    parley_diags d;
    parley_diags_init(&d);
    parley_scenario s;
    *st = parley_scenario_parse(&s, fmt, data, size, file, NULL, &d);
    *n_actors = *st == PARLEY_OK ? s.n_actors : 0;
    if (*st == PARLEY_OK)
        parley_scenario_destroy(&s);
    parley_buf b;
    parley_buf_init(&b);
    char line[1024];
    for (size_t k = 0; k < d.count; ++k)
        parley_buf_printf(&b, "%s\n", parley_diag_format(&d.items[k], line, sizeof line));
    parley_diags_destroy(&d);
    return b.data ? b.data : calloc(1, 1);
}

#define BIG ((size_t)200 * 1024 * 1024)

/* header, then a row whose first field is 200 MB of 'x' */
static char *long_line(const char *header, const char *rest, size_t *size) {
    size_t h = strlen(header), r = strlen(rest);
    char *data = malloc(h + BIG + r + 1);
    assert_non_null(data);
    memcpy(data, header, h);
    memset(data + h, 'x', BIG);
    memcpy(data + h + BIG, rest, r + 1);
    *size = h + BIG + r;
    return data;
}

static void test_200mb_line(void **state) {
    (void)state;
    size_t size, n;
    parley_status st;
    char *data = long_line("Actor,Capability,Position,Salience\n", ",1,2,0.5\n", &size);
    char *got = diagnose(PARLEY_FORMAT_TABLE, data, size, "long.csv", &st, &n);
    assert_int_equal(st, PARLEY_EPARSE);
    assert_string_equal(
        got, "long.csv:2:1: field longer than 1048576 bytes (expected a name or a number)\n");
    free(got);
    free(data);
    data = long_line("#A\tgov\n#P\ttax\n#D\t", "\ttax\t1\t0.5\t1\n", &size);
    got = diagnose(PARLEY_FORMAT_DECIDE, data, size, "long.txt", &st, &n);
    assert_int_equal(st, PARLEY_EPARSE);
    assert_string_equal(
        got, "long.txt:3:4: field longer than 1048576 bytes (expected a name or a number)\n");
    free(got);
    free(data);
    data = long_line("Toy,toy,3,1,\nActor,Description,Power,P,S\nA,", ",1,2,3\n", &size);
    got = diagnose(PARLEY_FORMAT_KTAB_CSV, data, size, "long.csv", &st, &n);
    assert_int_equal(st, PARLEY_EPARSE);
    assert_string_equal(
        got, "long.csv:3:3: field longer than 1048576 bytes (expected a name or a number)\n");
    free(got);
    free(data);
    /* a line of 200 MB of separators: too many fields */
    data = malloc(BIG + 64);
    assert_non_null(data);
    strcpy(data, "Actor,Capability,Position,Salience\n");
    size_t h = strlen(data);
    memset(data + h, ',', BIG);
    data[h + BIG] = '\0';
    got = diagnose(PARLEY_FORMAT_TABLE, data, h + BIG, "commas.csv", &st, &n);
    assert_int_equal(st, PARLEY_EPARSE);
    assert_string_equal(
        got, "commas.csv:2:100001: more than 100000 fields on one line (expected a table row)\n");
    free(got);
    free(data);
}

static void test_100000_actors(void **state) {
    (void)state;
    const size_t N = 100000;
    parley_buf b;
    parley_buf_init(&b);
    parley_buf_printf(&b, "Actor,Capability,Position,Salience\n");
    for (size_t k = 0; k < N; ++k)
        parley_buf_printf(&b, "actor%zu,%zu.5,%zu,0.%zu\n", k, k % 97, k % 101, k % 9 + 1);
    size_t valid_len = b.len;
    parley_status st;
    size_t n;
    char *got = diagnose(PARLEY_FORMAT_TABLE, b.data, valid_len, "many.csv", &st, &n);
    assert_int_equal(st, PARLEY_OK);
    assert_int_equal(n, N);
    assert_string_equal(
        got, "many.csv: note: salience scale inferred as 0-1 (every salience is within [0, 1])\n");
    free(got);
    /* the same with a duplicate and a case variant at the end */
    parley_buf_printf(&b, "actor0,1,1,0.5\nACTOR17,1,1,0.5\n");
    got = diagnose(PARLEY_FORMAT_TABLE, b.data, b.len, "many.csv", &st, &n);
    assert_int_equal(st, PARLEY_EDATA);
    assert_string_equal(
        got,
        "many.csv:100002:1: duplicate actor \"actor0\" (already on line 2)\n"
        "many.csv:100003:1: actor \"ACTOR17\" differs only in case from \"actor17\" on line 19\n");
    free(got);
    parley_buf_destroy(&b);

    /* Decide: 100,000 actors and cells, one cell for an undeclared actor */
    parley_buf_init(&b);
    parley_buf_printf(&b, "#P;x\n");
    for (size_t k = 0; k < N; ++k)
        parley_buf_printf(&b, "#A;a%zu\n", k);
    for (size_t k = 0; k < N; ++k)
        parley_buf_printf(&b, "#D;a%zu;x;%zu;0.5;1\n", k, k % 101);
    got = diagnose(PARLEY_FORMAT_DECIDE, b.data, b.len, "many.txt", &st, &n);
    assert_int_equal(st, PARLEY_OK);
    assert_int_equal(n, N);
    free(got);
    parley_buf_printf(&b, "#D;zed;x;1;0.5;1\n");
    got = diagnose(PARLEY_FORMAT_DECIDE, b.data, b.len, "many.txt", &st, &n);
    assert_int_equal(st, PARLEY_EDATA);
    assert_string_equal(
        got, "many.txt:200002:4: actor \"zed\" is not declared (expected the id of a #A row)\n");
    free(got);
    parley_buf_destroy(&b);

    /* KTAB: beyond KTAB's 250 actors a warning, and the file loads */
    parley_buf_init(&b);
    parley_buf_printf(&b, "Many,many actors,%zu,1,\nActor,Description,Power,P,S\n", N);
    for (size_t k = 0; k < N; ++k)
        parley_buf_printf(&b, "a%zu,,1,%zu,50\n", k, k % 101);
    got = diagnose(PARLEY_FORMAT_KTAB_CSV, b.data, b.len, "many.csv", &st, &n);
    assert_int_equal(st, PARLEY_OK);
    assert_int_equal(n, N);
    assert_string_equal(
        got, "many.csv:1:18: warning: 100000 actors: KTAB itself accepts only 3 to 250\n");
    free(got);
    parley_buf_destroy(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_200mb_line),
        cmocka_unit_test(test_100000_actors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
