/* The public face of the strict number parser and formatter (number.c):
 * include/parley/number.h.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/number.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

parley_status parley_number_parse_unsigned(const char *text, unsigned long long max,
                                           unsigned long long *out, parley_error *err) {
    size_t n = text ? strlen(text) : 0;
    /* strtoull alone would take blanks, a sign and "0x" */
    int ok = n > 0 && strspn(text, "0123456789") == n;
    unsigned long long v = 0;
    if (ok) {
        errno = 0;
        v = strtoull(text, NULL, 10);
        ok = errno != ERANGE && v <= max;
    }
    if (!ok)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "'%.60s' is not a whole number from 0 to %llu", text ? text : "",
                                max);
    *out = v;
    return PARLEY_OK;
}

parley_status parley_threads_env_check(const char *value, parley_error *err) {
    if (!value || !*value)
        return PARLEY_OK;
    for (const char *p = value;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[32];
        unsigned long long n = 0;
        if (len == 0 || len >= sizeof item)
            break;
        memcpy(item, p, len);
        item[len] = '\0';
        if (parley_number_parse_unsigned(item, 1024, &n, NULL) != PARLEY_OK || n == 0)
            break;
        if (!comma)
            return PARLEY_OK;
        p = comma + 1;
    }
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                            "the environment variable OMP_NUM_THREADS must be a whole number from "
                            "1 to 1024 (or a comma-separated list of them), not '%.40s%s'",
                            value, strlen(value) > 40 ? "..." : "");
}
