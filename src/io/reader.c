/* parley: helpers shared by the scenario readers (see reader.h).
 * SPDX-License-Identifier: MIT
 */
#include "io/reader.h"

int parley_i_cells_ok(size_t n_actors, size_t n_issues, const char *file, size_t line,
                      size_t column, const char *path, parley_diags *diags) {
    if (n_issues == 0 || n_actors <= PARLEY_I_MAX_CELLS / n_issues)
        return 1;
    parley_diags_add(
        diags, PARLEY_SEV_ERROR, PARLEY_EDATA, file, line, column, path,
        "%zu actors x %zu issues is more than the %zu cells parley handles (expected a smaller "
        "scenario)",
        n_actors, n_issues, PARLEY_I_MAX_CELLS);
    return 0;
}

size_t parley_i_bom_length(const char *data, size_t size) {
    if (size >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        return 3;
    return 0;
}
