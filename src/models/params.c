/* Strict parsing of model parameter values, shared by every model's
 * params_set: a value is accepted only if all of it is the expected kind of
 * number, in the C locale, in range; never with blanks, hex or NaN.
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "models/internal.h"

parley_status parley_i_param_real(const char *key, const char *value, double lo, double hi,
                                  double *out, parley_error *err) {
    double d = 0.0;
    int rc = parley_i_parse_real(value, strlen(value), &d);
    if (rc == PARLEY_I_NUM_UNDERFLOW || rc == PARLEY_I_NUM_OVERFLOW)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "%s must be a number from %g to %g: '%s' %s", key, lo, hi, value,
                                parley_i_number_problem(rc));
    if (rc != PARLEY_I_NUM_OK || d < lo || d > hi)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "%s must be a number from %g to %g, not '%s'", key, lo, hi, value);
    *out = d;
    return PARLEY_OK;
}

parley_status parley_i_param_whole(const char *key, const char *value, unsigned long long lo,
                                   unsigned long long hi, unsigned long long *out,
                                   parley_error *err) {
    int ok = value[0] != '\0' && strspn(value, "0123456789") == strlen(value);
    errno = 0;
    unsigned long long v = ok ? strtoull(value, NULL, 10) : 0;
    if (!ok || errno == ERANGE || v < lo || v > hi)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "%s must be a whole number from %llu to %llu, not '%s'", key, lo,
                                hi, value);
    *out = v;
    return PARLEY_OK;
}

parley_status parley_i_param_count(const char *key, const char *value, size_t lo, size_t *out,
                                   parley_error *err) {
    unsigned long long v = 0;
    parley_status st = parley_i_param_whole(key, value, lo, PARLEY_I_MAX_ROUNDS, &v, err);
    if (st == PARLEY_OK)
        *out = (size_t)v;
    return st;
}

parley_status parley_i_param_flag(const char *key, const char *value, int *out,
                                  parley_error *err) {
    static const char *const on[] = {"1", "on", "yes", "true", NULL};
    static const char *const off[] = {"0", "off", "no", "false", NULL};
    for (size_t k = 0; on[k]; ++k) {
        if (strcmp(value, on[k]) == 0) {
            *out = 1;
            return PARLEY_OK;
        }
        if (strcmp(value, off[k]) == 0) {
            *out = 0;
            return PARLEY_OK;
        }
    }
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "%s must be on or off, not '%s'", key,
                            value);
}
