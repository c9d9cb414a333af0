/* parley: the one strict decimal-number parser shared by every reader (the
 * CSV table, Decide, KTAB CSV and XML cells, the range check of JSON
 * numbers), model parameters, what-if changes and every numeric
 * command-line option.
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

static size_t digits(const char *p, size_t len) {
    size_t n = 0;
    while (n < len && isdigit((unsigned char)p[n]))
        ++n;
    return n;
}

int parley_i_parse_real(const char *text, size_t len, double *out) {
    char small[128];
    if (!text || len == 0)
        return PARLEY_I_NUM_SYNTAX;
    /* -? D+ (. D+)? ([eE] [+-]? D+)? and nothing else: no "+60", ".5" or "60." */
    size_t k = 0;
    if (text[k] == '-')
        ++k;
    size_t intd = digits(text + k, len - k);
    if (intd == 0)
        return PARLEY_I_NUM_SYNTAX;
    k += intd;
    if (k < len && text[k] == '.') {
        ++k;
        size_t fracd = digits(text + k, len - k);
        if (fracd == 0)
            return PARLEY_I_NUM_SYNTAX;
        k += fracd;
    }
    if (k < len && (text[k] == 'e' || text[k] == 'E')) {
        ++k;
        if (k < len && (text[k] == '+' || text[k] == '-'))
            ++k;
        size_t expd = digits(text + k, len - k);
        if (expd == 0)
            return PARLEY_I_NUM_SYNTAX;
        k += expd;
    }
    if (k != len)
        return PARLEY_I_NUM_SYNTAX;
    /* the syntax is checked: only a long number (many digits) needs the heap */
    char *buf = len < sizeof small ? small : malloc(len + 1);
    if (!buf)
        return PARLEY_I_NUM_NOMEM;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *end = NULL;
    errno = 0;
    double v = parley_i_strtod(buf, &end);
    int bad_end = !end || *end != '\0';
    int range = errno == ERANGE;
    if (buf != small)
        free(buf);
    if (bad_end)
        return PARLEY_I_NUM_SYNTAX;
    if (!isfinite(v) || (range && fabs(v) >= 1.0))
        return PARLEY_I_NUM_OVERFLOW;
    if (range || (v != 0.0 && fabs(v) < DBL_MIN))
        return PARLEY_I_NUM_UNDERFLOW;
    *out = v;
    return PARLEY_I_NUM_OK;
}

int parley_i_number_fix(const char *text, size_t len, char *buf, size_t n) {
    size_t k = 0, out = 0;
    if (!text || n < 4 || len + 3 > n)
        return 0;
    if (len > 0 && text[0] == '+')
        ++k; /* "+60" -> "60" */
    else if (len > 0 && text[0] == '-')
        buf[out++] = text[k++];
    if (k < len && text[k] == '.')
        buf[out++] = '0'; /* ".5" -> "0.5" */
    for (; k < len; ++k) {
        if (out + 3 > n)
            return 0; /* every '.' may add a '0' ("1.e.5."): no room left for one more */
        buf[out++] = text[k];
        if (text[k] == '.' && (k + 1 == len || !isdigit((unsigned char)text[k + 1])))
            buf[out++] = '0'; /* "60." -> "60.0" */
    }
    buf[out] = '\0';
    double v;
    int any_digit = 0;
    for (k = 0; k < len; ++k)
        any_digit |= isdigit((unsigned char)text[k]) != 0;
    return any_digit && (out != len || memcmp(buf, text, len) != 0) &&
           parley_i_parse_real(buf, out, &v) == PARLEY_I_NUM_OK;
}

const char *parley_i_number_problem(int code) {
    switch (code) {
    case PARLEY_I_NUM_OVERFLOW:
        return "is too large (overflows a double)";
    case PARLEY_I_NUM_UNDERFLOW:
        return "is too close to zero (underflows a double)";
    case PARLEY_I_NUM_NOMEM:
        return "could not be read (out of memory)";
    default:
        return "is not a decimal number";
    }
}
