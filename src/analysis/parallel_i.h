/* parley: what the parallel analyses (ensemble, leverage) share.
 * Not part of the public API.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_ANALYSIS_PARALLEL_I_H
#define PARLEY_ANALYSIS_PARALLEL_I_H

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
