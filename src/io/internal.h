/* parley: internal declarations shared by the readers and writers.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_IO_INTERNAL_H
#define PARLEY_IO_INTERNAL_H

#include <parley/io.h>

/** Reads the native JSON format (docs/scenario-format.md) from data[0..size).
 * Records syntax errors (PARLEY_EPARSE, with line and column) and semantic
 * errors (PARLEY_EDATA, with JSON paths) in diags.  On success s is
 * initialised; values that were missing or of the wrong type are left NaN
 * in present cells so that validation can still run.  Returns PARLEY_OK,
 * PARLEY_EPARSE (s left destroyed), PARLEY_EDATA (s initialised, best
 * effort) or PARLEY_ENOMEM (s left destroyed). */
parley_status parley_i_read_json(parley_scenario *s, const char *data, size_t size,
                                 const char *file, parley_diags *diags);

/** Reads a one-issue stakeholder table (CSV) from data[0..size), checking
 * every value itself (with line and column).  Same contract as
 * parley_i_read_json, except that PARLEY_EDATA leaves s destroyed. */
parley_status parley_i_read_table(parley_scenario *s, const char *data, size_t size,
                                  const char *file, const parley_read_options *opts,
                                  parley_diags *diags);

/** Reads a Decide row-tagged file (src/io/decide.c); same contract as
 * parley_i_read_table.  opts->salience_scale 100 states that saliences are
 * on 0-100 (Decide's own reader accepts that range); default 0-1. */
parley_status parley_i_read_decide(parley_scenario *s, const char *data, size_t size, const char *file,
                                   const parley_read_options *opts, parley_diags *diags);

/** Reads KTAB's wide CSV (src/io/ktab_csv.c); same contract as parley_i_read_table. */
parley_status parley_i_read_ktab_csv(parley_scenario *s, const char *data, size_t size, const char *file,
                                     parley_diags *diags);

/** Reads KTAB's XML scenario with libxml2 (src/io/ktab_xml.c); same
 * contract as parley_i_read_table, locations are lines of elements. */
parley_status parley_i_read_ktab_xml(parley_scenario *s, const char *data, size_t size, const char *file,
                                     parley_diags *diags);

/** Most actor x issue cells a reader accepts (2 million: 100,000 actors on
 * 20 issues; about 130 MB of cells): a small hostile file must not make
 * parley allocate gigabytes. */
#define PARLEY_I_MAX_CELLS ((size_t)2000000)

/** 1 if n_actors x n_issues is within PARLEY_I_MAX_CELLS; else records an
 * error (file, line, column as given, PARLEY_EDATA) in diags and returns 0. */
int parley_i_cells_ok(size_t n_actors, size_t n_issues, const char *file, size_t line, size_t column,
                      const char *path, parley_diags *diags);

/** Length of a leading UTF-8 byte order mark in data (0 or 3). */
size_t parley_i_bom_length(const char *data, size_t size);

#endif
