/* The selected models as the command line's --model completes them, and
 * their parameters set up as --preset, --rounds, --param and --seed say, in
 * that order (forecast.h); the CLI and parley.ModelParams both use them.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/forecast.h>

/* Records the failing step and returns st. */
static parley_status failed(parley_status st, parley_setup_step *step, parley_setup_step here,
                            size_t *index, size_t k) {
    if (step)
        *step = here;
    if (index)
        *index = k;
    return st;
}

parley_status parley_params_setup_apply(parley_params *params,
                                        const parley_model_type *const *types, size_t n,
                                        size_t *n_made, const parley_params_setup *su,
                                        parley_setup_step *step, size_t *index, parley_error *err) {
    parley_status st = parley_params_init_list(params, types, n, n_made);
    if (st != PARLEY_OK)
        return failed(parley_error_set(err, st, NULL, 0, 0, "out of memory"), step,
                      PARLEY_SETUP_INIT, index, 0);
    if (su->preset &&
        (st = parley_params_set_all(params, n, "preset", su->preset, err)) != PARLEY_OK)
        return failed(st, step, PARLEY_SETUP_PRESET, index, 0);
    parley_run_params rp;
    parley_run_params_init(&rp);
    rp.seed = su->seed;
    rp.rounds = su->rounds;
    if (su->rounds && (st = parley_params_set_run_all(params, n, &rp, err)) != PARLEY_OK)
        return failed(st, step, PARLEY_SETUP_ROUNDS, index, 0);
    for (size_t k = 0; k < su->n_params; ++k)
        if ((st = parley_params_set_text(params, n, su->params[k], err)) != PARLEY_OK)
            return failed(st, step, PARLEY_SETUP_PARAM, index, k);
    /* the seed reaches every model that draws random numbers, as a number */
    rp.rounds = 0;
    if ((st = parley_params_set_run_all(params, n, &rp, err)) != PARLEY_OK)
        return failed(st, step, PARLEY_SETUP_SEED, index, 0);
    return PARLEY_OK;
}

void parley_model_list_default(const parley_model_type **types, size_t *n_types, size_t max_types,
                               int *combined, int allow_combined) {
    if (*n_types > 0)
        return;
    if (!*combined)
        *combined = allow_combined;
    for (const parley_model_type *const *t = parley_model_types(); *t && *n_types < max_types; ++t)
        types[(*n_types)++] = *t;
}
