/* libFuzzer harness for one reader, chosen at compile time with
 * -DFUZZ_FORMAT=PARLEY_FORMAT_... (scripts/fuzz.sh builds one binary per
 * reader, under AddressSanitizer and UndefinedBehaviorSanitizer).
 *
 * Each input is parsed; the reader must return without a crash, a leak or
 * undefined behaviour, and with a diagnostic for every failure.  When the
 * input parses, the scenario is written as JSON and read back, and the
 * second JSON text must equal the first (the writer and the JSON reader
 * agree on every value); it is also written in every other format with
 * --lossy, and each output must parse again.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/parley.h>

#ifndef FUZZ_FORMAT
#error "define FUZZ_FORMAT"
#endif

static void check(int ok, const char *what, const char *text) {
    if (ok)
        return;
    fprintf(stderr, "fuzz invariant failed: %s\n%s\n", what, text ? text : "");
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    parley_scenario s;
    parley_diags d;
    parley_diags_init(&d);
    parley_status st =
        parley_scenario_parse(&s, FUZZ_FORMAT, (const char *)data, size, "fuzz", NULL, &d);
    check(st == PARLEY_OK || d.n_errors > 0, "a failure without a diagnostic", NULL);
    check(st != PARLEY_OK || d.n_errors == 0, "success with an error recorded", NULL);
    parley_diags_destroy(&d);
    if (st != PARLEY_OK)
        return 0;
    parley_buf j1, j2;
    parley_buf_init(&j1);
    parley_buf_init(&j2);
    parley_write_options lossy = {1};
    check(parley_scenario_write(&s, PARLEY_FORMAT_JSON, &lossy, &j1, NULL) == PARLEY_OK,
          "JSON writer failed", NULL);
    parley_scenario t;
    parley_diags_init(&d);
    st = parley_scenario_parse(&t, PARLEY_FORMAT_JSON, j1.data, j1.len, "fuzz.json", NULL, &d);
    check(st == PARLEY_OK, "own JSON output does not parse", j1.data);
    parley_diags_destroy(&d);
    check(parley_scenario_write(&t, PARLEY_FORMAT_JSON, &lossy, &j2, NULL) == PARLEY_OK,
          "JSON writer failed", NULL);
    check(strcmp(j1.data, j2.data) == 0, "JSON round trip changed the scenario", j1.data);
    parley_scenario_destroy(&t);
    parley_buf_destroy(&j2);
    parley_buf_destroy(&j1);
    for (int f = PARLEY_FORMAT_TABLE; f <= PARLEY_FORMAT_KTAB_XML; ++f) {
        parley_buf b;
        parley_buf_init(&b);
        st = parley_scenario_write(&s, (parley_format)f, &lossy, &b, NULL);
        check(st == PARLEY_OK, "lossy writer failed", parley_format_name((parley_format)f));
        parley_diags_init(&d);
        st = parley_scenario_parse(&t, (parley_format)f, b.data, b.len, "fuzz.out", NULL, &d);
        if (st != PARLEY_OK) {
            char line[1024];
            for (size_t k = 0; k < d.count; ++k)
                fprintf(stderr, "%s\n", parley_diag_format(&d.items[k], line, sizeof line));
        }
        check(st == PARLEY_OK, "own lossy output does not parse", b.data);
        parley_scenario_destroy(&t);
        parley_diags_destroy(&d);
        parley_buf_destroy(&b);
    }
    parley_scenario_destroy(&s);
    return 0;
}
