/* parley: helpers shared by the scenario readers (see reader.h).
 * SPDX-License-Identifier: MIT
 */
#include "io/reader.h"

#include <string.h>

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

/* The iconv name of data's encoding if it looks like UTF-16 text, else
 * NULL: "UTF-16" after a UTF-16 byte-order mark (FF FE or FE FF), or with
 * no mark "UTF-16LE"/"UTF-16BE" when each of the first (up to 64) byte
 * pairs holds a NUL byte on the same side, the pattern of ASCII text in
 * UTF-16. */
const char *parley_i_utf16_name(const char *data, size_t size) {
    const unsigned char *u = (const unsigned char *)data;
    if (size >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return "UTF-16";
    size_t pairs = size / 2 < 64 ? size / 2 : 64;
    if (pairs < 2)
        return NULL;
    size_t low = 0, high = 0;
    for (size_t k = 0; k < pairs; ++k) {
        low += u[2 * k] != 0 && u[2 * k + 1] == 0;
        high += u[2 * k] == 0 && u[2 * k + 1] != 0;
    }
    return low == pairs ? "UTF-16LE" : high == pairs ? "UTF-16BE" : NULL;
}

void parley_i_utf16_error(const char *encoding, const char *file, parley_diags *diags) {
    const char *name = file ? file : "FILE";
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    parley_diags_add(
        diags, PARLEY_SEV_ERROR, PARLEY_EPARSE, file, 1, 1, NULL,
        "the file is UTF-16 text (expected UTF-8); convert it with: iconv -f %s -t UTF-8 "
        "%s > utf8%s",
        encoding, name, dot && (!slash || dot > slash) && dot[1] ? dot : "");
}
