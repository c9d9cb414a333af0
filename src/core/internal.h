/* parley: internal helpers shared by the core, scenario and io code.
 * Not part of the public API.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_CORE_INTERNAL_H
#define PARLEY_CORE_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

/** Size of a buffer that holds any number formatted by parley_i_format_double. */
#define PARLEY_I_NUMBUF 40

/** Formats a finite x with the fewest significant digits (1 to 17) that read
 * back to exactly x, always with '.' as decimal point whatever the locale
 * ("4", "0.8", "1e+21"); -0 is written "0".  Non-finite values give "nan", "inf", "-inf".
 * Returns buf (size at least PARLEY_I_NUMBUF). */
char *parley_i_format_double(double x, char *buf);

/** strtod in the C locale, whatever the caller's locale. */
double parley_i_strtod(const char *text, char **end);

/** Like vsnprintf into a fixed buffer but never fails: truncated text ends in "...". */
void parley_i_vformat(char *buf, size_t n, const char *fmt, va_list ap);

#endif
