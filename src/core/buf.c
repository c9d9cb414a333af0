/* parley: growable text buffer.
 * SPDX-License-Identifier: MIT
 */
#include <parley/buf.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

void parley_buf_init(parley_buf *b) {
    if (!b)
        return;
    memset(b, 0, sizeof *b);
}

void parley_buf_destroy(parley_buf *b) {
    if (!b)
        return;
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* Makes room for extra more bytes plus the terminator. */
static parley_status reserve(parley_buf *b, size_t extra) {
    if (b->failed)
        return PARLEY_ENOMEM;
    if (extra > (size_t)-1 - b->len - 1) {
        b->failed = 1;
        return PARLEY_ENOMEM;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return PARLEY_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : 2 * cap;
    char *data = realloc(b->data, cap);
    if (!data) {
        b->failed = 1;
        return PARLEY_ENOMEM;
    }
    b->data = data;
    b->cap = cap;
    return PARLEY_OK;
}

parley_status parley_buf_append(parley_buf *b, const char *text, size_t n) {
    if (!b)
        return PARLEY_EINVAL;
    if (reserve(b, n) != PARLEY_OK)
        return PARLEY_ENOMEM;
    if (n)
        memcpy(b->data + b->len, text, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PARLEY_OK;
}

parley_status parley_buf_printf(parley_buf *b, const char *fmt, ...) {
    if (!b)
        return PARLEY_EINVAL;
    if (b->failed)
        return PARLEY_ENOMEM;
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0) {
        va_end(ap2);
        b->failed = 1;
        return PARLEY_ENOMEM;
    }
    if (reserve(b, (size_t)k) != PARLEY_OK) {
        va_end(ap2);
        return PARLEY_ENOMEM;
    }
    vsnprintf(b->data + b->len, (size_t)k + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)k;
    return PARLEY_OK;
}

parley_status parley_i_buf_number(parley_buf *b, double x, const char *nonfinite) {
    char num[PARLEY_I_NUMBUF];
    return parley_buf_printf(b, "%s", isfinite(x) ? parley_i_format_double(x, num) : nonfinite);
}
