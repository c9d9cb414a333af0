/* parley: status codes and error context.
 *
 * Every fallible parley function returns a parley_status and, when the
 * caller passes a non-NULL parley_error, fills it with the reason and the
 * location of the problem (file, line, column or JSON path).  The library
 * never prints and never exits: the caller decides what to do with the
 * error (the CLI prints it and maps the status to an exit code).
 *
 * Ownership rule for all of parley (stated once): whoever calls an
 * object's _init owns it and must call its _destroy; every string passed
 * into parley is copied, and every pointer parley hands out stays valid
 * until its owner is destroyed or modified.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_STATUS_H
#define PARLEY_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes.  0 is success; the others are grouped so that a caller can
 * tell usage mistakes (PARLEY_EINVAL) from bad data (PARLEY_EPARSE,
 * PARLEY_EDATA) and from system failures (PARLEY_ENOMEM, PARLEY_EIO). */
typedef enum parley_status {
    PARLEY_OK = 0,
    PARLEY_EINVAL = 1,      /**< invalid argument or option value (caller's mistake) */
    PARLEY_ENOMEM = 2,      /**< memory allocation failed */
    PARLEY_EIO = 3,         /**< file could not be opened, read or written */
    PARLEY_EPARSE = 4,      /**< input is not well-formed (syntax) */
    PARLEY_EDATA = 5,       /**< input is well-formed but values are unusable (validation) */
    PARLEY_EDOMAIN = 6,     /**< a model cannot be applied to this input (e.g. no weight) */
    PARLEY_EUNSUPPORTED = 7 /**< format or feature not available */
} parley_status;

/** Size limits of the text fields in parley_error. */
#define PARLEY_ERROR_FILE_MAX 256
#define PARLEY_ERROR_PATH_MAX 256
#define PARLEY_ERROR_MSG_MAX 512

/** Context of one problem.  line and column are 1-based; 0 means unknown.
 * path is a JSON path such as "$.actors[2].values.sanctions.position" when
 * the input is JSON (jansson keeps no positions for values), else empty. */
typedef struct parley_error {
    parley_status status;
    char file[PARLEY_ERROR_FILE_MAX];
    size_t line;
    size_t column;
    char path[PARLEY_ERROR_PATH_MAX];
    char message[PARLEY_ERROR_MSG_MAX];
} parley_error;

/** Returns a short, static, human-readable name of a status ("data error"). */
const char *parley_strstatus(parley_status status);

/** Clears err (status PARLEY_OK, empty strings, line = column = 0).  err may be NULL. */
void parley_error_clear(parley_error *err);

/** Fills err (if non-NULL) with status, location and a printf-style message,
 * and returns status, so that a function can `return parley_error_set(...)`.
 * file may be NULL; line/column 0 mean unknown. */
parley_status parley_error_set(parley_error *err, parley_status status, const char *file,
                               size_t line, size_t column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/** Puts a printf-style prefix and ": " before err's message (the whole cut
 * to the message's size; an empty message becomes parley_strstatus(status))
 * and sets its status to status, keeping its
 * location (file, line, column, path): how a caller names the part of its
 * request an error is about, e.g. "sweep 'eu.q=2': q must be ...".  err may
 * be NULL.  Returns status. */
parley_status parley_error_prefix(parley_error *err, parley_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** Formats err as "FILE:LINE:COLUMN: MESSAGE" (parts that are unknown are
 * left out; a JSON path replaces line:column) into buf of size n.
 * Returns buf. */
char *parley_error_format(const parley_error *err, char *buf, size_t n);

/** Severity of a diagnostic collected by a validator. */
typedef enum parley_severity {
    PARLEY_SEV_ERROR = 0,
    PARLEY_SEV_WARNING = 1,
    PARLEY_SEV_NOTE = 2
} parley_severity;

/** One diagnostic: a parley_error with a severity. */
typedef struct parley_diag {
    parley_severity severity;
    parley_error error;
} parley_diag;

/** A growable list of diagnostics, so that readers and validators can
 * report every problem in a file rather than only the first.
 * Init with parley_diags_init, release with parley_diags_destroy. */
typedef struct parley_diags {
    parley_diag *items;
    size_t count;
    size_t capacity;
    size_t n_errors;  /**< number of items with PARLEY_SEV_ERROR */
    size_t max_items; /**< stop recording after this many (0 = 1000) */
    size_t dropped;   /**< diagnostics not recorded because of max_items */
} parley_diags;

/** Formats one diagnostic like parley_error_format, with "warning: " or
 * "note: " before the message of warnings and notes (errors carry no
 * prefix): "FILE:LINE:COLUMN: warning: MESSAGE".  Returns buf. */
char *parley_diag_format(const parley_diag *d, char *buf, size_t n);

struct parley_buf; /* buf.h */

/** Appends err's one-line description to out, as the parley command prints
 * it after "parley: " (no newline): "FILE:LINE:COLUMN: MESSAGE" with the
 * location as in parley_error_format (a JSON path replaces line:column;
 * unknown parts are left out) and the name of err's status when it has
 * no message.
 * @param err            the error to describe
 * @param fallback_file  the file to name when err names none (the input the
 *                       caller was reading); NULL or "" names none
 * @param out            an initialised parley_buf (buf.h); text is appended
 * @return PARLEY_OK, PARLEY_EINVAL (err or out NULL) or PARLEY_ENOMEM (out
 *         then holds part of the text and has failed set). */
parley_status parley_error_describe(const parley_error *err, const char *fallback_file,
                                    struct parley_buf *out);

/** Appends every diagnostic of d to out, one line each ending in '\n', as
 * the parley command prints them: line_prefix, the location (as in
 * parley_error_describe, fallback_file standing in for a missing file),
 * the severity ("error: ", "warning: " or "note: ": unlike
 * parley_diag_format, errors are named too) and the message.  When d
 * dropped diagnostics (max_items), a last line says so:
 * "[fallback_file: ]note: N more diagnostics not shown".
 * @param d              the list; an empty list appends nothing
 * @param fallback_file  the file to name when a diagnostic names none;
 *                       NULL names none
 * @param line_prefix    text put before each line (the CLI's "parley: ");
 *                       NULL for none
 * @param out            an initialised parley_buf (buf.h); text is appended
 * @return PARLEY_OK, PARLEY_EINVAL (d or out NULL) or PARLEY_ENOMEM. */
parley_status parley_diags_describe(const parley_diags *d, const char *fallback_file,
                                    const char *line_prefix, struct parley_buf *out);

/** Initialises an empty list (max_items 0 = 1000). */
void parley_diags_init(parley_diags *d);
/** Releases the list; d may be zero-initialised.  Safe to call twice. */
void parley_diags_destroy(parley_diags *d);

/** Appends a diagnostic (file, path may be NULL; line, column 0 = unknown;
 * message printf-style; counts errors in n_errors even when the item is
 * dropped because of max_items).  Returns PARLEY_OK or PARLEY_ENOMEM (the
 * list stays usable). */
parley_status parley_diags_add(parley_diags *d, parley_severity sev, parley_status status,
                               const char *file, size_t line, size_t column, const char *path,
                               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

/** Copies the first error of d into err (if any); returns its status or PARLEY_OK. */
parley_status parley_diags_first_error(const parley_diags *d, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
