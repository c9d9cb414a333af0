/* The what-if of the command line in text form (--set, --drop), on top of
 * parley_change_parse and parley_whatif_apply (leverage.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include <parley/leverage.h>

parley_status parley_whatif_apply_text(parley_scenario *out, const parley_scenario *base,
                                       const char *const *sets, size_t n_sets,
                                       const char *const *drops, size_t n_drops, size_t *bad,
                                       parley_error *err) {
    if (bad)
        *bad = (size_t)-1;
    if (parley_scenario_copy(out, base) != PARLEY_OK)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_change *changes = calloc(n_sets + 1, sizeof *changes);
    size_t *gone = calloc(n_drops + 1, sizeof *gone);
    parley_status st = PARLEY_OK;
    if (!changes || !gone)
        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; st == PARLEY_OK && k < n_sets; ++k)
        if ((st = parley_change_parse(base, sets[k], &changes[k], err)) != PARLEY_OK && bad)
            *bad = k;
    for (size_t k = 0; st == PARLEY_OK && k < n_drops; ++k) {
        gone[k] = parley_scenario_find_actor(base, drops[k]);
        if (gone[k] == (size_t)-1) {
            st = parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no actor named '%s'", drops[k]);
            if (bad)
                *bad = n_sets + k;
        }
    }
    if (st == PARLEY_OK)
        st = parley_whatif_apply(out, changes, n_sets, gone, n_drops, err);
    free(changes);
    free(gone);
    return st;
}
