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

#endif
