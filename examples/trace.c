/* Read the trace: run the expected utility model on every issue with a
 * round-by-round record and print, per round, who moved where and why.
 *
 *   cc trace.c $(pkg-config --cflags --libs parley) -o trace
 *   ./trace ec_auto_emissions_1994.csv
 *
 * The same rounds as `parley forecast -m eu --trace FILE`.
 * SPDX-License-Identifier: MIT
 */
#include <parley/parley.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s SCENARIO\n", argv[0]);
        return 2;
    }
    parley_scenario s;
    if (parley_scenario_load(&s, argv[1], PARLEY_FORMAT_UNKNOWN, NULL, NULL) != PARLEY_OK) {
        fprintf(stderr, "%s: cannot read (run `parley validate` on it for the details)\n", argv[1]);
        return 1;
    }
    parley_params eu = {0};
    parley_error err;
    parley_error_clear(&err);
    parley_forecast f;
    parley_status st = parley_params_init(&eu, &parley_model_eu);
    if (st == PARLEY_OK) /* record_trace = 1: keep every round */
        st = parley_forecast_init(&f, &s, &eu, 1, 1, &err);
    if (st != PARLEY_OK) {
        char line[1024];
        fprintf(stderr, "%s\n", parley_error_format(&err, line, sizeof line));
        parley_params_destroy(&eu);
        parley_scenario_destroy(&s);
        return 1;
    }

    for (size_t i = 0; i < s.n_issues; ++i) {
        const parley_run *r = parley_forecast_run(&f, i, 0);
        if (r->status != PARLEY_OK) {
            printf("%s: %s\n", s.issues[i].name, r->error.message);
            continue;
        }
        printf("%s: forecast %.4f after %zu rounds (%s)\n", s.issues[i].name, r->outcome.forecast,
               r->outcome.rounds, parley_stop_reason_name(r->outcome.stop));
        /* rounds[0] is the input; rounds[t] the state after round t. */
        for (size_t t = 0; t < r->n_rounds; ++t) {
            const parley_round_record *rec = &r->rounds[t];
            printf("round %zu: median %.4f, mean %.4f, forecast %.4f, %zu moves\n", t, rec->median,
                   rec->mean, rec->forecast, rec->n_moves);
            for (size_t k = 0; k < rec->n_moves; ++k) {
                const parley_move *mv = &rec->moves[k];
                /* receiver and sender index the run's actors; r->actor maps
                 * them to the scenario's */
                printf("  %s <- %s %s from %.4f to %.4f (e_i=%.4g, e_j=%.4g)\n",
                       s.actors[r->actor[mv->receiver]].name, s.actors[r->actor[mv->sender]].name,
                       parley_move_kind_name(mv->kind), mv->from, mv->to, mv->e_i, mv->e_j);
            }
        }
    }
    parley_forecast_destroy(&f);
    parley_params_destroy(&eu);
    parley_scenario_destroy(&s);
    return 0;
}
