/* parley: the one strict decimal-number parser shared by model parameters,
 * what-if changes and every numeric command-line option.
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "core/internal.h"

static size_t digits(const char *p, size_t len) {
    size_t n = 0;
    while (n < len && isdigit((unsigned char)p[n])) ++n;
    return n;
}

int parley_i_parse_real(const char *text, size_t len, double *out) {
    char buf[128];
    if (!text || len == 0 || len >= sizeof buf) return PARLEY_I_NUM_SYNTAX;
    /* [+-]? (D+ (. D*)? | . D+) ([eE] [+-]? D+)? and nothing else */
    size_t k = 0;
    if (text[k] == '+' || text[k] == '-') ++k;
    size_t intd = digits(text + k, len - k);
    k += intd;
    size_t fracd = 0;
    if (k < len && text[k] == '.') {
        ++k;
        fracd = digits(text + k, len - k);
        k += fracd;
    }
    if (intd + fracd == 0) return PARLEY_I_NUM_SYNTAX;
    if (k < len && (text[k] == 'e' || text[k] == 'E')) {
        ++k;
        if (k < len && (text[k] == '+' || text[k] == '-')) ++k;
        size_t expd = digits(text + k, len - k);
        if (expd == 0) return PARLEY_I_NUM_SYNTAX;
        k += expd;
    }
    if (k != len) return PARLEY_I_NUM_SYNTAX;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *end = NULL;
    errno = 0;
    double v = parley_i_strtod(buf, &end);
    if (!end || *end != '\0') return PARLEY_I_NUM_SYNTAX;
    if (!isfinite(v) || (errno == ERANGE && fabs(v) >= 1.0)) return PARLEY_I_NUM_OVERFLOW;
    if (errno == ERANGE || (v != 0.0 && fabs(v) < DBL_MIN)) return PARLEY_I_NUM_UNDERFLOW;
    *out = v;
    return PARLEY_I_NUM_OK;
}

const char *parley_i_number_problem(int code) {
    switch (code) {
    case PARLEY_I_NUM_OVERFLOW: return "is too large (overflows a double)";
    case PARLEY_I_NUM_UNDERFLOW: return "is too close to zero (underflows a double)";
    default: return "is not a decimal number";
    }
}
