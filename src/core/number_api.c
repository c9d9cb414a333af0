/* The public face of the strict number parser and formatter (number.c):
 * include/parley/number.h.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/number.h>
#include "core/internal.h"

_Static_assert(PARLEY_NUMBER_BUF >= PARLEY_I_NUMBUF, "a number fits in PARLEY_NUMBER_BUF");

parley_status parley_number_parse(const char *text, size_t len, double *out, parley_error *err) {
    if (!text || !out)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no number");
    int rc = parley_i_parse_real(text, len, out);
    if (rc == PARLEY_I_NUM_OK)
        return PARLEY_OK;
    if (rc == PARLEY_I_NUM_NOMEM)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "'%.*s' %s", (int)(len > 60 ? 60 : len),
                            text, parley_i_number_problem(rc));
}

char *parley_number_format(double x, char *buf) {
    return parley_i_format_double(x, buf);
}
