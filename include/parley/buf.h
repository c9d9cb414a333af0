/* parley: growable text buffer.
 *
 * Writers, reports and models' parameter descriptions append their text to
 * a parley_buf; the library never writes to stdout itself.  This header
 * depends on nothing but status.h, so that model headers need not include
 * the I/O header.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_BUF_H
#define PARLEY_BUF_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Growable text buffer used by writers and reports (the library never
 * writes to stdout itself).  Caller storage: parley_buf_init, appends,
 * parley_buf_destroy. */
typedef struct parley_buf {
    char *data; /**< NUL-terminated */
    size_t len;
    size_t cap;
    int failed; /**< set when an allocation failed; further appends are ignored */
} parley_buf;

/** Initialises an empty buffer (data NULL until the first append). */
void parley_buf_init(parley_buf *b);
/** Releases the buffer's memory; safe on a zero-initialised buffer. */
void parley_buf_destroy(parley_buf *b);
/** Appends printf-style text.  Returns PARLEY_OK or PARLEY_ENOMEM (and sets failed). */
parley_status parley_buf_printf(parley_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Appends n bytes of text (NUL bytes included) and keeps data NUL-terminated.
 * Returns PARLEY_OK or PARLEY_ENOMEM (and sets failed). */
parley_status parley_buf_append(parley_buf *b, const char *text, size_t n);

#ifdef __cplusplus
}
#endif

#endif
