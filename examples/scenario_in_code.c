/* Build a scenario in code (no file): four actors on one issue, a tax rate
 * on 0-100 with a status quo of 10, then forecast it with four models.
 *
 *   cc scenario_in_code.c $(pkg-config --cflags --libs parley) -o scenario_in_code
 *   ./scenario_in_code
 *
 * By hand: the weights are capability x salience, 40*0.5 = 20, 30*0.8 = 24,
 * 20*0.4 = 8, 10*1.0 = 10 (sum 62); the compromise (weighted mean) is
 * (20*20 + 24*60 + 8*90 + 10*50) / 62 = 3060 / 62 = 49.354839; sorted by
 * position the cumulative weights are 20 (at 20), 30 (50), 54 (60), 62 (90),
 * so the weighted median, where half of 62 is passed, is 60.
 * The same numbers as `parley forecast -m mean,median,nbs,eu --rounds 50
 * --format json` on this scenario written as a file (examples/README.md).
 * SPDX-License-Identifier: MIT
 */
#include <parley/parley.h>
#include <stdio.h>

static const struct {
    const char *name;
    double position, salience, capability;
} actors[] = {
    {"treasury", 20, 0.5, 40},
    {"unions", 60, 0.8, 30},
    {"greens", 90, 0.4, 20},
    {"employers", 50, 1.0, 10},
};
#define N_ACTORS (sizeof actors / sizeof actors[0])

/* Fills s; returns PARLEY_OK or the first failure. */
static parley_status build(parley_scenario *s) {
    parley_status st = parley_scenario_init(s, N_ACTORS, 1); /* every cell absent */
    if (st != PARLEY_OK)
        return st;
    if ((st = parley_set_string(&s->name, "tax_reform")) != PARLEY_OK ||
        (st = parley_set_string(&s->issues[0].name, "tax")) != PARLEY_OK)
        return st;
    s->issues[0].lo = 0; /* the scale, in the issue's units (here percent) */
    s->issues[0].hi = 100;
    s->issues[0].bounds_given = 1;
    s->issues[0].has_status_quo = 1;
    s->issues[0].status_quo = 10;             /* where talks start; the NBS's disagreement point */
    s->salience_scale = PARLEY_SALIENCE_UNIT; /* saliences are given on 0-1 */
    for (size_t a = 0; a < N_ACTORS; ++a) {
        if ((st = parley_set_string(&s->actors[a].name, actors[a].name)) != PARLEY_OK)
            return st;
        parley_cell *c = parley_scenario_cell(s, a, 0);
        c->present = 1;
        c->position = actors[a].position;
        c->salience = actors[a].salience;
        c->capability = actors[a].capability;
    }
    return PARLEY_OK;
}

int main(void) {
    parley_scenario s;
    parley_diags diags;
    parley_diags_init(&diags);
    /* The models expect a valid scenario: check it as the readers do. */
    parley_status st = build(&s);
    if (st == PARLEY_OK)
        st = parley_scenario_validate(&s, NULL, &diags);
    if (st != PARLEY_OK) {
        char line[1024];
        for (size_t k = 0; k < diags.count; ++k) /* e.g. "$.actors[0].values.tax.salience: ..." */
            fprintf(stderr, "%s\n", parley_diag_format(&diags.items[k], line, sizeof line));
        fprintf(stderr, "%s\n", parley_strstatus(st));
        parley_diags_destroy(&diags);
        parley_scenario_destroy(&s);
        return 1;
    }
    parley_diags_destroy(&diags);

    const char *names[] = {"mean", "median", "nbs", "eu"};
    enum { N_MODELS = 4 };
    parley_params params[N_MODELS] = {0};
    parley_error err;
    parley_error_clear(&err);
    for (size_t m = 0; m < N_MODELS && st == PARLEY_OK; ++m)
        st = parley_params_init(&params[m], parley_model_find(names[m]));
    /* Parameters are set by name, as `--param eu.rounds=50` does. */
    if (st == PARLEY_OK)
        st = parley_params_set(&params[3], "rounds", "50", &err);

    parley_forecast f;
    if (st == PARLEY_OK)
        st = parley_forecast_init(&f, &s, params, N_MODELS, 0, &err);
    if (st == PARLEY_OK) {
        for (size_t m = 0; m < N_MODELS; ++m) {
            const parley_run *r = parley_forecast_run(&f, 0, m);
            if (r->status == PARLEY_OK)
                printf("%-6s %.6f%s%s\n", names[m], r->outcome.forecast,
                       r->outcome.note ? "  " : "", r->outcome.note ? r->outcome.note : "");
            else
                printf("%-6s cannot run: %s\n", names[m], r->error.message);
        }
        parley_forecast_destroy(&f);
    } else {
        char line[1024];
        fprintf(stderr, "%s\n", parley_error_format(&err, line, sizeof line));
    }
    for (size_t m = 0; m < N_MODELS; ++m)
        parley_params_destroy(&params[m]);
    parley_scenario_destroy(&s);
    return st == PARLEY_OK ? 0 : 1;
}
