/* parley: internals shared by the run store's files.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_STORE_INTERNAL_H
#define PARLEY_STORE_INTERNAL_H

#include "parley/store.h"

/** The stored scenario of run id, parsed into s (destroy with
 * parley_scenario_destroy).  Errors as parley_store_scenario_json, and
 * PARLEY_EDATA when the stored JSON no longer reads. */
parley_status parley_i_store_scenario(parley_store *st, long long id, parley_scenario *s,
                                      parley_error *err);

#endif
