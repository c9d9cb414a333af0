/* The selected models as the command line's --model completes them, and
 * their parameters set up as --preset, --rounds, --param and --seed say, in
 * that order (forecast.h); the CLI and parley.ModelParams both use them.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include <parley/forecast.h>

/* err's message becomes head, the message and tail, cut to fit. */
static void reword(parley_error *err, const char *head, const char *tail) {
    char msg[PARLEY_ERROR_MSG_MAX];
    const char *parts[] = {head, err->message, tail};
    size_t len = 0;
    for (size_t k = 0; k < 3; ++k) {
        size_t n = strlen(parts[k]);
        n = n < sizeof msg - 1 - len ? n : sizeof msg - 1 - len;
        memcpy(msg + len, parts[k], n);
        len += n;
    }
    msg[len] = '\0';
    memcpy(err->message, msg, len + 1);
}

/* Records the failing step, words err's message as the setting's
 * ("preset X: ...", "param ...") and returns st. */
static parley_status failed(parley_status st, parley_setup_step *step, parley_setup_step here,
                            size_t *index, size_t k, const parley_params_setup *su,
                            parley_error *err) {
    if (step)
        *step = here;
    if (index)
        *index = k;
    char head[PARLEY_ERROR_MSG_MAX];
    if (!err || here == PARLEY_SETUP_INIT)
        return st;
    if (here == PARLEY_SETUP_PRESET && st != PARLEY_EUNSUPPORTED) {
        snprintf(head, sizeof head, "preset %s: ", su->preset);
        reword(err, head, "");
    } else if (here == PARLEY_SETUP_PARAM) { /* the message names it: "'eu.q=2': ..." */
        reword(err, "param ", st == PARLEY_EDOMAIN ? " (see --model)" : "");
    } else if (here == PARLEY_SETUP_CHECK && su->rounds) { /* a rule across the settings */
        reword(err, "",
               " (rounds sets every selected model's round limit, the spatial model's max-steps)");
    } else if (here != PARLEY_SETUP_CHECK) {
        reword(err,
               here == PARLEY_SETUP_PRESET   ? "preset: "
               : here == PARLEY_SETUP_ROUNDS ? "rounds: "
                                             : "seed: ",
               "");
    }
    return st;
}

parley_status parley_params_setup_apply(parley_params *params,
                                        const parley_model_type *const *types, size_t n,
                                        size_t *n_made, const parley_params_setup *su,
                                        parley_setup_step *step, size_t *index, parley_error *err) {
    parley_status st = parley_params_init_list(params, types, n, n_made);
    if (st != PARLEY_OK)
        return failed(parley_error_set(err, st, NULL, 0, 0, "out of memory"), step,
                      PARLEY_SETUP_INIT, index, 0, su, err);
    if (su->preset &&
        (st = parley_params_set_all(params, n, "preset", su->preset, err)) != PARLEY_OK)
        return failed(st, step, PARLEY_SETUP_PRESET, index, 0, su, err);
    parley_run_params rp;
    parley_run_params_init(&rp);
    rp.seed = su->seed;
    rp.rounds = su->rounds;
    if (su->rounds && (st = parley_params_set_run_all(params, n, &rp, err)) != PARLEY_OK)
        return failed(st, step, PARLEY_SETUP_ROUNDS, index, 0, su, err);
    for (size_t k = 0; k < su->n_params; ++k)
        if ((st = parley_params_set_text(params, n, su->params[k], err)) != PARLEY_OK)
            return failed(st, step, PARLEY_SETUP_PARAM, index, k, su, err);
    /* the seed reaches every model that draws random numbers, as a number */
    rp.rounds = 0;
    if ((st = parley_params_set_run_all(params, n, &rp, err)) != PARLEY_OK)
        return failed(st, step, PARLEY_SETUP_SEED, index, 0, su, err);
    /* each setting was in range; the rules across them (min <= max) now */
    for (size_t m = 0; m < n; ++m)
        if ((st = parley_params_check(&params[m], err)) != PARLEY_OK)
            return failed(st, step, PARLEY_SETUP_CHECK, index, m, su, err);
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
