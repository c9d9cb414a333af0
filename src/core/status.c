/* parley: status codes, error context and diagnostic lists.
 * SPDX-License-Identifier: MIT
 */
#include <parley/status.h>

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

const char *parley_strstatus(parley_status status) {
    switch (status) {
    case PARLEY_OK:
        return "success";
    case PARLEY_EINVAL:
        return "invalid argument";
    case PARLEY_ENOMEM:
        return "out of memory";
    case PARLEY_EIO:
        return "input/output error";
    case PARLEY_EPARSE:
        return "syntax error";
    case PARLEY_EDATA:
        return "data error";
    case PARLEY_EDOMAIN:
        return "model not applicable";
    case PARLEY_EUNSUPPORTED:
        return "not supported";
    }
    return "unknown status";
}

void parley_i_vformat(char *buf, size_t n, const char *fmt, va_list ap) {
    if (n == 0)
        return;
    int k = vsnprintf(buf, n, fmt, ap);
    if (k < 0) {
        buf[0] = '\0';
    } else if ((size_t)k >= n && n > 4) {
        memcpy(buf + n - 4, "...", 4);
    }
}

/* Copies src into dst of size n, truncating. */
static void copy_text(char *dst, size_t n, const char *src) {
    if (n == 0)
        return;
    if (!src)
        src = "";
    size_t len = strlen(src);
    if (len >= n)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

void parley_error_clear(parley_error *err) {
    if (!err)
        return;
    memset(err, 0, sizeof *err);
    err->status = PARLEY_OK;
}

static void error_vset(parley_error *err, parley_status status, const char *file, size_t line,
                       size_t column, const char *path, const char *fmt, va_list ap) {
    err->status = status;
    copy_text(err->file, sizeof err->file, file);
    err->line = line;
    err->column = column;
    copy_text(err->path, sizeof err->path, path);
    parley_i_vformat(err->message, sizeof err->message, fmt, ap);
}

parley_status parley_error_set(parley_error *err, parley_status status, const char *file,
                               size_t line, size_t column, const char *fmt, ...) {
    if (!err)
        return status;
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, status, file, line, column, NULL, fmt, ap);
    va_end(ap);
    return status;
}

parley_status parley_error_prefix(parley_error *err, parley_status status, const char *fmt, ...) {
    if (!err)
        return status;
    char old[sizeof err->message];
    memcpy(old, err->message, sizeof old);
    va_list ap;
    va_start(ap, fmt);
    parley_i_vformat(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    const size_t n = strlen(err->message);
    snprintf(err->message + n, sizeof err->message - n, ": %s",
             old[0] ? old : parley_strstatus(status));
    err->status = status;
    return status;
}

/* Appends printf-style text at *pos in buf of size n, never overflowing. */
static void append(char *buf, size_t n, size_t *pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void append(char *buf, size_t n, size_t *pos, const char *fmt, ...) {
    if (*pos >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *pos, n - *pos, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    *pos += (size_t)k;
    if (*pos >= n)
        *pos = n;
}

/* Writes the location prefix ("FILE:LINE:COL: " or "FILE: $.path: ") of err. */
static void format_location(const parley_error *err, char *buf, size_t n, size_t *pos) {
    if (err->file[0]) {
        append(buf, n, pos, "%s", err->file);
        if (err->path[0]) {
            append(buf, n, pos, ":%s: ", err->path); /* as the CLI prints it */
            return;
        }
        if (err->line) {
            append(buf, n, pos, ":%zu", err->line);
            if (err->column)
                append(buf, n, pos, ":%zu", err->column);
        }
        append(buf, n, pos, ": ");
    } else if (err->path[0]) {
        append(buf, n, pos, "%s: ", err->path);
    } else if (err->line) {
        append(buf, n, pos, "%zu", err->line);
        if (err->column)
            append(buf, n, pos, ":%zu", err->column);
        append(buf, n, pos, ": ");
    }
}

char *parley_error_format(const parley_error *err, char *buf, size_t n) {
    if (!buf || n == 0)
        return buf;
    buf[0] = '\0';
    if (!err)
        return buf;
    size_t pos = 0;
    format_location(err, buf, n, &pos);
    append(buf, n, &pos, "%s", err->message[0] ? err->message : parley_strstatus(err->status));
    return buf;
}

char *parley_diag_format(const parley_diag *d, char *buf, size_t n) {
    if (!buf || n == 0)
        return buf;
    buf[0] = '\0';
    if (!d)
        return buf;
    size_t pos = 0;
    format_location(&d->error, buf, n, &pos);
    if (d->severity == PARLEY_SEV_WARNING)
        append(buf, n, &pos, "warning: ");
    if (d->severity == PARLEY_SEV_NOTE)
        append(buf, n, &pos, "note: ");
    append(buf, n, &pos, "%s",
           d->error.message[0] ? d->error.message : parley_strstatus(d->error.status));
    return buf;
}

void parley_diags_init(parley_diags *d) {
    if (!d)
        return;
    memset(d, 0, sizeof *d);
}

void parley_diags_destroy(parley_diags *d) {
    if (!d)
        return;
    free(d->items);
    memset(d, 0, sizeof *d);
}

parley_status parley_diags_add(parley_diags *d, parley_severity sev, parley_status status,
                               const char *file, size_t line, size_t column, const char *path,
                               const char *fmt, ...) {
    if (!d)
        return PARLEY_OK;
    if (sev == PARLEY_SEV_ERROR)
        d->n_errors++;
    size_t max = d->max_items ? d->max_items : 1000;
    if (d->count >= max) {
        d->dropped++;
        return PARLEY_OK;
    }
    if (d->count == d->capacity) {
        size_t cap = d->capacity ? 2 * d->capacity : 16;
        parley_diag *items = realloc(d->items, cap * sizeof *items);
        if (!items) {
            d->dropped++;
            return PARLEY_ENOMEM;
        }
        d->items = items;
        d->capacity = cap;
    }
    parley_diag *item = &d->items[d->count++];
    item->severity = sev;
    va_list ap;
    va_start(ap, fmt);
    error_vset(&item->error, status, file, line, column, path, fmt, ap);
    va_end(ap);
    return PARLEY_OK;
}

parley_status parley_diags_first_error(const parley_diags *d, parley_error *err) {
    if (!d)
        return PARLEY_OK;
    for (size_t k = 0; k < d->count; ++k) {
        if (d->items[k].severity == PARLEY_SEV_ERROR) {
            if (err)
                *err = d->items[k].error;
            return d->items[k].error.status;
        }
    }
    return PARLEY_OK;
}

double parley_i_strtod(const char *text, char **end) {
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    errno = 0;
    double v = strtod(text, end);
    int saved = errno; /* strtod's ERANGE survives the locale calls */
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    errno = saved;
    return v;
}

char *parley_i_format_double(double x, char *buf) {
    if (isnan(x)) {
        strcpy(buf, "nan");
        return buf;
    }
    if (isinf(x)) {
        strcpy(buf, x < 0 ? "-inf" : "inf");
        return buf;
    }
    /* -0 is written as 0: JSON readers (jansson) read "-0" as the integer 0,
     * so the sign would not survive a round trip anyway */
    if (x == 0)
        x = 0.0;
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    int prec = 1;
    for (; prec <= 17; ++prec) {
        snprintf(buf, PARLEY_I_NUMBUF, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    /* %g switches to an exponent when the exponent reaches the precision:
     * write integers below 1e17 in full ("10", not "1e+01"). */
    const char *e = strchr(buf, 'e');
    if (e) {
        long exponent = strtol(e + 1, NULL, 10);
        if (exponent >= prec && exponent < 17)
            snprintf(buf, PARLEY_I_NUMBUF, "%.*g", (int)exponent + 1, x);
    }
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    return buf;
}
