/* parley: status codes, error context and diagnostic lists.
 * SPDX-License-Identifier: MIT
 */
#include <parley/buf.h>
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

/* Where formatted error text goes: a fixed char buffer (buf of size n,
 * filled up to pos, cut when full) or, when b is non-NULL, a parley_buf. */
typedef struct sink {
    char *buf;
    size_t n;
    size_t pos;
    parley_buf *b;
} sink;

/* Appends text to the sink (cut when a char buffer is full). */
static void put(sink *s, const char *text) {
    const size_t len = strlen(text);
    if (s->b) {
        parley_buf_append(s->b, text, len);
    } else if (s->pos + 1 < s->n) {
        const size_t room = s->n - 1 - s->pos, k = len < room ? len : room;
        memcpy(s->buf + s->pos, text, k);
        s->pos += k;
        s->buf[s->pos] = '\0';
    }
}

/* Appends sep and the decimal digits of v. */
static void put_size(sink *s, const char *sep, size_t v) {
    char num[32];
    snprintf(num, sizeof num, "%s%zu", sep, v);
    put(s, num);
}

/* Writes the location prefix of err: "FILE:LINE:COL: ", "FILE:$.path: "
 * (a JSON path replaces line and column), "FILE: " or nothing; file is
 * err->file, or fallback_file when err names none. */
static void put_location(sink *s, const parley_error *err, const char *fallback_file) {
    const char *file = err->file[0] ? err->file : fallback_file;
    if (file && *file) {
        put(s, file);
        put(s, err->path[0] || err->line ? ":" : ": ");
    }
    if (err->path[0]) {
        put(s, err->path);
        put(s, ": ");
    } else if (err->line) {
        put_size(s, "", err->line);
        if (err->column)
            put_size(s, ":", err->column);
        put(s, ": ");
    }
}

/* err's message, or the name of its status when it has none. */
static const char *message_of(const parley_error *err) {
    return err->message[0] ? err->message : parley_strstatus(err->status);
}

/* Writes one diagnostic: its location, its severity's word ("error: " only
 * when name_errors) and its message. */
static void put_diag(sink *s, const parley_diag *d, const char *fallback_file, int name_errors) {
    static const char *const severity[] = {"error: ", "warning: ", "note: "};
    put_location(s, &d->error, fallback_file);
    unsigned sev = (unsigned)d->severity;
    if (sev >= 3)
        sev = 0;
    if (sev > 0 || name_errors)
        put(s, severity[sev]);
    put(s, message_of(&d->error));
}

char *parley_error_format(const parley_error *err, char *buf, size_t n) {
    if (!buf || n == 0)
        return buf;
    buf[0] = '\0';
    if (!err)
        return buf;
    sink s = {buf, n, 0, NULL};
    put_location(&s, err, NULL);
    put(&s, message_of(err));
    return buf;
}

char *parley_diag_format(const parley_diag *d, char *buf, size_t n) {
    if (!buf || n == 0)
        return buf;
    buf[0] = '\0';
    if (!d)
        return buf;
    sink s = {buf, n, 0, NULL};
    put_diag(&s, d, NULL, 0);
    return buf;
}

parley_status parley_error_describe(const parley_error *err, const char *fallback_file,
                                    parley_buf *out) {
    if (!err || !out)
        return PARLEY_EINVAL;
    sink s = {NULL, 0, 0, out};
    put_location(&s, err, fallback_file);
    put(&s, message_of(err));
    return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
}

parley_status parley_diags_describe(const parley_diags *d, const char *fallback_file,
                                    const char *line_prefix, parley_buf *out) {
    if (!d || !out)
        return PARLEY_EINVAL;
    const char *pre = line_prefix ? line_prefix : "";
    sink s = {NULL, 0, 0, out};
    for (size_t k = 0; k < d->count; ++k) {
        put(&s, pre);
        put_diag(&s, &d->items[k], fallback_file, 1);
        put(&s, "\n");
    }
    if (d->dropped > 0) {
        put(&s, pre);
        if (fallback_file) {
            put(&s, fallback_file);
            put(&s, ": ");
        }
        put_size(&s, "note: ", d->dropped);
        put(&s, " more diagnostics not shown\n");
    }
    return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
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
