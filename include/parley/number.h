/* parley: numbers as text -- the one strict parser and the one format of
 * every reader, writer and command-line option, for embedders that read or
 * write numbers exactly as parley does.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_NUMBER_H
#define PARLEY_NUMBER_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Parses text[0..len) as a whole decimal number in the C locale, whatever
 * the caller's locale: -?D+(.D+)?([eE][+-]?D+)? (JSON's number syntax,
 * leading zeros allowed); "+60", ".5", "60.", blanks, hex, "inf" and "nan"
 * are refused.  On success sets *out.
 * Errors (*out untouched): PARLEY_EINVAL with err->message saying what is
 * wrong ("is not a decimal number", or a magnitude above DBL_MAX, or a
 * non-zero value below DBL_MIN such as 1e-400), PARLEY_ENOMEM (a number
 * over 127 characters whose copy could not be allocated). */
parley_status parley_number_parse(const char *text, size_t len, double *out, parley_error *err);

/** Parses text (NUL-terminated) as a whole decimal number without sign or
 * blanks, 0 to max, e.g. a count or a seed typed on a command line: "007"
 * is 7; "", "+7", "-7", " 7", "7.0", "1e3" and numbers above max are
 * refused.  On success sets *out.
 * Errors (*out untouched): PARLEY_EINVAL ("'TEXT' is not a whole number
 * from 0 to MAX"). */
parley_status parley_number_parse_unsigned(const char *text, unsigned long long max,
                                           unsigned long long *out, parley_error *err);

/** Checks a value of the environment variable OMP_NUM_THREADS before a
 * threaded run (ensemble, leverage) starts OpenMP's threads: NULL or empty
 * (unset) is fine; otherwise a whole number from 1 to 1024, or OpenMP's
 * comma-separated list of such numbers (one per nesting level).  The
 * OpenMP runtime reads the variable itself, and an unchecked 100000 made it
 * crash starting the threads (issue 10).
 * Errors: PARLEY_EINVAL ("the environment variable OMP_NUM_THREADS must be
 * a whole number from 1 to 1024 (or a comma-separated list of them), not
 * 'VALUE'", the value cut to 40 bytes and "..."). */
parley_status parley_threads_env_check(const char *value, parley_error *err);

/** Size of a buffer that holds any number parley_number_format writes. */
#define PARLEY_NUMBER_BUF 40

/** Writes x with the fewest significant digits (1 to 17) that read back to
 * exactly x, always with '.' as the decimal point ("4", "0.8", "1e+21";
 * -0 is "0"); non-finite values give "nan", "inf", "-inf".  The number
 * format of every machine-readable output.  Returns buf, which holds at
 * least PARLEY_NUMBER_BUF bytes. */
char *parley_number_format(double x, char *buf);

#ifdef __cplusplus
}
#endif

#endif
