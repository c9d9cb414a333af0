/* parley: whether this process is one of several copies an MPI launcher
 * started (read from the environment; no MPI needed).
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/mpi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *parley_mpi_launcher(char *value, size_t n) {
    static const char *const sizes[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MPI_LOCALNRANKS",
                                        NULL};
    static const char *const ranks[] = {"PMIX_RANK", "PMI_RANK", NULL};
    const char *found = NULL, *v = NULL;
    int size_given = 0;
    for (size_t k = 0; sizes[k] && !found; ++k) {
        v = getenv(sizes[k]);
        if (!v)
            continue;
        size_given = 1;
        if (strcmp(v, "1") != 0)
            found = sizes[k];
    }
    for (size_t k = 0; ranks[k] && !size_given && !found; ++k) {
        v = getenv(ranks[k]);
        if (v)
            found = ranks[k];
    }
    if (found && value && n > 0)
        snprintf(value, n, "%s", v);
    return found;
}
