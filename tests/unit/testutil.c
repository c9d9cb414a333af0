#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void assert_close_impl(double a, double b, double tol, const char *expr, const char *file,
                       int line) {
    double scale = fabs(b) > 1.0 ? fabs(b) : 1.0;
    if (!(fabs(a - b) <= tol * scale)) {
        print_error("%s = %.17g, expected %.17g (tolerance %g)\n", expr, a, b, tol);
        _fail(file, line);
    }
}

const char *test_data(const char *relative) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", PARLEY_TEST_DATA, relative);
    return buf;
}

void load_scenario(parley_scenario *s, const char *relative) {
    parley_diags d;
    parley_diags_init(&d);
    parley_status st =
        parley_scenario_load(s, test_data(relative), PARLEY_FORMAT_UNKNOWN, NULL, &d);
    if (st != PARLEY_OK) {
        char msg[1024];
        for (size_t k = 0; k < d.count; ++k)
            print_error("%s\n", parley_error_format(&d.items[k].error, msg, sizeof msg));
        parley_diags_destroy(&d);
        fail_msg("could not load %s", relative);
    }
    parley_diags_destroy(&d);
}

void load_default(parley_scenario *s) {
    size_t size = 0;
    const char *json = parley_default_scenario_json(&size);
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_parse(s, PARLEY_FORMAT_JSON, json, size, "default", NULL, &d),
                     PARLEY_OK);
    parley_diags_destroy(&d);
}

double weighted_mean(const parley_scenario *s, size_t issue) {
    parley_issue_view v;
    assert_int_equal(parley_issue_view_init(&v, s, issue), PARLEY_OK);
    double num = 0, den = 0;
    for (size_t a = 0; a < v.n; ++a) {
        num += v.capability[a] * v.salience[a] * v.position[a];
        den += v.capability[a] * v.salience[a];
    }
    parley_issue_view_destroy(&v);
    return num / den;
}
