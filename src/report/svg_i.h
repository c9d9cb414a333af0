/* parley: helpers of the SVG and HTML writers (internal).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_SVG_I_H
#define PARLEY_SVG_I_H

#include <stddef.h>

#include <parley/buf.h>

/** Appends text escaped for XML and HTML (& < > " ' as entities; tab,
 * newline and carriage return as spaces; other control characters, which
 * XML 1.0 forbids, dropped; a byte that is not part of valid UTF-8 as
 * U+FFFD, as the JSON writer does).  s may be NULL (appends nothing). */
void parley_i_xml_escape(parley_buf *b, const char *s);
/** The same for the first len bytes of s. */
void parley_i_xml_escape_n(parley_buf *b, const char *s, size_t len);

/** Appends id with every character outside [A-Za-z0-9_-] replaced by '-'
 * (NULL = "chart"), so that it is a valid XML id fragment. */
void parley_i_chart_id(parley_buf *b, const char *id);

/** Appends the SVG text svg[0..n) to out written compactly, drawing the
 * same (svg_compact.c: numbers without ".0", #RGB colours, lines and
 * rectangles as paths, runs of alike paths merged).  Errors: PARLEY_ENOMEM. */
parley_status parley_i_svg_compact(const char *svg, size_t n, parley_buf *out);

/** Colour k of the chart palette (Okabe-Ito without black), cycling. */
const char *parley_i_chart_colour(size_t k);

#endif
