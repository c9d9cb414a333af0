/* parley: what the parallel analyses (ensemble, leverage) share.
 * Not part of the public API.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_ANALYSIS_PARALLEL_I_H
#define PARLEY_ANALYSIS_PARALLEL_I_H

#include <parley/scenario.h>

/* Whether actor has a stated position to search on issue (or, for
 * (size_t)-1, on some issue): PARLEY_OK, else PARLEY_EINVAL with "ACTOR
 * takes no part in issue ISSUE" or "ACTOR takes part in no issue ..." (an
 * actor dropped by the what-if changes).  actor and issue are in range. */
#if defined(__GNUC__)
__attribute__((visibility("hidden")))
#endif
parley_status
parley_i_best_actor_check(const parley_scenario *s, size_t actor, size_t issue, parley_error *err);

/* Sets the shared stop flag var to v (1 = an error, 2 = cancelled by the
 * progress callback); an atomic write under OpenMP, where the other threads
 * read it between work items. */
#ifdef _OPENMP
#define SET_STOP(var, v)                                                                           \
    do {                                                                                           \
        _Pragma("omp atomic write") var = (v);                                                     \
    } while (0)
#else
#define SET_STOP(var, v)                                                                           \
    do {                                                                                           \
        var = (v);                                                                                 \
    } while (0)
#endif

#endif
