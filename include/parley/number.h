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
