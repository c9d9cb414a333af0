/* parley: internal helpers shared by the core, scenario and io code.
 * Not part of the public API.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_CORE_INTERNAL_H
#define PARLEY_CORE_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include <parley/status.h>

/** Size of a buffer that holds any number formatted by parley_i_format_double. */
#define PARLEY_I_NUMBUF 40

/** Formats a finite x with the fewest significant digits (1 to 17) that read
 * back to exactly x, always with '.' as decimal point whatever the locale
 * ("4", "0.8", "1e+21"); -0 is written "0".  Non-finite values give "nan", "inf", "-inf".
 * Returns buf (size at least PARLEY_I_NUMBUF). */
char *parley_i_format_double(double x, char *buf);

struct parley_buf;
/** Appends x to b as parley_i_format_double writes it (the shortest decimal
 * that reads back to x: 38.61, not 38.609999999999999), or the text
 * nonfinite ("" in CSV, "null" in JSON) when x is NaN or infinite.  The one
 * number format of every machine-readable output.  Returns PARLEY_OK or
 * PARLEY_ENOMEM. */
parley_status parley_i_buf_number(struct parley_buf *b, double x, const char *nonfinite);

/** strtod in the C locale, whatever the caller's locale. */
double parley_i_strtod(const char *text, char **end);

/** Results of parley_i_parse_real. */
enum {
    PARLEY_I_NUM_OK = 0,
    PARLEY_I_NUM_SYNTAX,
    PARLEY_I_NUM_OVERFLOW,
    PARLEY_I_NUM_UNDERFLOW,
    PARLEY_I_NUM_NOMEM
};

/** The one strict number parser (every reader's numeric cells, the range of
 * JSON numbers, model parameters, what-if changes, every numeric CLI
 * option): text[0..len) must be a whole decimal number in the C locale,
 * -?D+(.D+)?([eE][+-]?D+)? (JSON's number syntax, leading zeros allowed),
 * with no "+60", ".5", "60.", blanks, hex, "inf" or "nan".  Returns
 * PARLEY_I_NUM_OK and sets *out, or PARLEY_I_NUM_SYNTAX,
 * PARLEY_I_NUM_OVERFLOW (magnitude above DBL_MAX), PARLEY_I_NUM_UNDERFLOW
 * (non-zero but below DBL_MIN: 1e-400, or a subnormal result such as
 * 1e-310) or PARLEY_I_NUM_NOMEM (a number over 127 characters whose copy
 * could not be allocated); *out untouched on failure. */
int parley_i_parse_real(const char *text, size_t len, double *out);

/** If text[0..len) is one of the loose forms parley_i_parse_real refuses
 * ("+60", ".5", "60.", "1.e3"), writes the strict spelling of the same
 * number into buf[0..n) ("60", "0.5", "60.0", "1.0e3") and returns 1; else 0. */
int parley_i_number_fix(const char *text, size_t len, char *buf, size_t n);

/** Describes a parley_i_parse_real failure, e.g. "is not a decimal number". */
const char *parley_i_number_problem(int code);

/** Like vsnprintf into a fixed buffer but never fails: truncated text ends in "...". */
void parley_i_vformat(char *buf, size_t n, const char *fmt, va_list ap);

/** Length (1-4) of the valid UTF-8 sequence (RFC 3629) that starts at p,
 * reading no further than end; 0 when the byte at p does not start one
 * (or p == end). */
size_t parley_i_utf8_length(const unsigned char *p, const unsigned char *end);

/** Byte offset of the first byte of text (NUL-terminated) that is not part
 * of valid UTF-8, or -1 when it all is. */
long parley_i_utf8_invalid_at(const char *text);

/** A malloc'd, NUL-terminated copy of text[0..len) in which every byte that
 * is not part of valid UTF-8 is replaced by U+FFFD (the replacement
 * character, EF BF BD): a file name in a JSON document, which must be
 * UTF-8 (RFC 8259 §8.1).  NULL when out of memory. */
char *parley_i_utf8_fix(const char *text, size_t len);

#endif
