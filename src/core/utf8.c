/* parley: UTF-8 checks shared by the readers, the scenario checks and the
 * JSON writers (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF).
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

size_t parley_i_utf8_length(const unsigned char *p, const unsigned char *end) {
    if (p >= end)
        return 0;
    unsigned char b = p[0];
    if (b < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF)
        n = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        if (b == 0xE0)
            lo = 0xA0;
        if (b == 0xED)
            hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        if (b == 0xF0)
            lo = 0x90;
        if (b == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if ((size_t)(end - p) < n)
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t k = 2; k < n; ++k)
        if (p[k] < 0x80 || p[k] > 0xBF)
            return 0;
    return n;
}

long parley_i_utf8_invalid_at(const char *text) {
    const unsigned char *p = (const unsigned char *)text, *end = p + strlen(text);
    for (const unsigned char *q = p; q < end;) {
        size_t n = parley_i_utf8_length(q, end);
        if (n == 0)
            return (long)(q - p);
        q += n;
    }
    return -1;
}

char *parley_i_utf8_fix(const char *text, size_t len) {
    /* each invalid byte becomes the 3 bytes of U+FFFD */
    if (len > ((size_t)-1 - 1) / 3)
        return NULL;
    char *out = malloc(3 * len + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    size_t o = 0;
    while (p < end) {
        size_t n = parley_i_utf8_length(p, end);
        if (n == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            ++p;
        } else {
            memcpy(out + o, p, n);
            o += n;
            p += n;
        }
    }
    out[o] = '\0';
    return out;
}
