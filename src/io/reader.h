/* parley: helpers shared by the scenario readers (json_read.c, table.c,
 * decide.c, ktab_csv.c, ktab_xml.c) and the format sniffer.  They live
 * apart from file.c, which dispatches to the readers, so that the readers
 * depend on this file and not on their caller.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_IO_READER_H
#define PARLEY_IO_READER_H

#include <stddef.h>

#include <parley/scenario.h>

/** Most actor x issue cells a reader accepts (2 million: 100,000 actors on
 * 20 issues; about 130 MB of cells): a small hostile file must not make
 * parley allocate gigabytes. */
#define PARLEY_I_MAX_CELLS ((size_t)2000000)

/** 1 if n_actors x n_issues is within PARLEY_I_MAX_CELLS; else records an
 * error (file, line, column as given, PARLEY_EDATA) in diags and returns 0. */
int parley_i_cells_ok(size_t n_actors, size_t n_issues, const char *file, size_t line,
                      size_t column, const char *path, parley_diags *diags);

/** Length of a leading UTF-8 byte order mark in data (0 or 3). */
size_t parley_i_bom_length(const char *data, size_t size);

/** The iconv name of data's encoding if it looks like UTF-16 text, else
 * NULL: "UTF-16" after a UTF-16 byte-order mark (FF FE or FE FF), or with
 * no mark "UTF-16LE"/"UTF-16BE" when each of the first (up to 64) byte
 * pairs holds a NUL byte on the same side, the pattern of ASCII text in
 * UTF-16. */
const char *parley_i_utf16_name(const char *data, size_t size);

/** Records in diags (at file:1:1, PARLEY_EPARSE) that the file is UTF-16
 * text in `encoding` (from parley_i_utf16_name), with the iconv command
 * that converts it. */
void parley_i_utf16_error(const char *encoding, const char *file, parley_diags *diags);

#endif
