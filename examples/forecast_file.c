/* The smallest forecast: read a scenario file, run three models on every
 * issue, print each model's forecast.
 *
 *   cc forecast_file.c $(pkg-config --cflags --libs parley) -o forecast_file
 *   ./forecast_file ec_auto_emissions_1994.csv
 *
 * The same numbers as `parley forecast -m mean,median,eu --format json FILE`.
 * SPDX-License-Identifier: MIT
 */
#include <parley/parley.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s SCENARIO\n", argv[0]);
        return 2;
    }

    /* Read the file (JSON, stakeholder-table CSV, Decide, KTAB: chosen from
     * the name and the content).  Every problem goes into diags with its
     * file, line and column. */
    parley_scenario s;
    parley_diags diags;
    parley_diags_init(&diags);
    parley_status st = parley_scenario_load(&s, argv[1], PARLEY_FORMAT_UNKNOWN, NULL, &diags);
    if (st != PARLEY_OK) {
        char line[1024];
        for (size_t k = 0; k < diags.count; ++k)
            fprintf(stderr, "%s\n", parley_diag_format(&diags.items[k], line, sizeof line));
        parley_diags_destroy(&diags);
        return 1;
    }
    parley_diags_destroy(&diags); /* the notes (e.g. an inferred salience scale) are not needed */

    /* Each model's default parameters, found by the model's CLI name. */
    const char *names[] = {"mean", "median", "eu"};
    parley_params params[3] = {0};
    parley_error err;
    for (size_t m = 0; m < 3; ++m) {
        st = parley_params_init(&params[m], parley_model_find(names[m]));
        if (st != PARLEY_OK) {
            fprintf(stderr, "%s\n", parley_strstatus(st));
            return 1;
        }
    }

    /* Run every model on every issue (no trace). */
    parley_forecast f;
    st = parley_forecast_init(&f, &s, params, 3, 0, &err);
    if (st == PARLEY_OK) {
        for (size_t i = 0; i < s.n_issues; ++i) {
            printf("%s (%g to %g)\n", s.issues[i].name, s.issues[i].lo, s.issues[i].hi);
            for (size_t m = 0; m < 3; ++m) {
                const parley_run *r = parley_forecast_run(&f, i, m);
                if (r->status != PARLEY_OK) /* e.g. a model that cannot apply */
                    printf("  %-7s %s\n", names[m], r->error.message);
                else
                    printf("  %-7s %.6f after %zu rounds (%s)\n", names[m], r->outcome.forecast,
                           r->outcome.rounds, parley_stop_reason_name(r->outcome.stop));
            }
        }
        parley_forecast_destroy(&f);
    } else {
        char line[1024];
        fprintf(stderr, "%s\n", parley_error_format(&err, line, sizeof line));
    }

    for (size_t m = 0; m < 3; ++m)
        parley_params_destroy(&params[m]);
    parley_scenario_destroy(&s);
    return st == PARLEY_OK ? 0 : 1;
}
