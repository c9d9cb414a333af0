/* parley: internal declarations shared by the readers and writers.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_IO_INTERNAL_H
#define PARLEY_IO_INTERNAL_H

#include <stdint.h>

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

struct parley_i_csv;
struct parley_i_table_meta;

/** Reads a stakeholder table from records already split into fields (a
 * tokenized CSV file, or the cells of a sheet with t->sheet set), with
 * t->file and t->diags for diagnostics; same contract as
 * parley_i_read_table.  meta (may be NULL) holds what the table states
 * beside its rows (the Scenario and Issues sheets, "#" lines; table_meta.h):
 * its rows are matched to the table's issues by name, and located errors
 * recorded in meta->issues_t.  The caller destroys t. */
parley_status parley_i_table_from_records(parley_scenario *s, struct parley_i_csv *t,
                                          const parley_read_options *opts,
                                          const struct parley_i_table_meta *meta);

/** 1 if text (trimmed) names a column of a stakeholder table (Actor,
 * Capability, "Position tax", Notes, an alias, ...), else 0. */
int parley_i_table_column_name(const char *text);

/** Reads a stakeholder table from a workbook, fmt PARLEY_FORMAT_XLSX or
 * PARLEY_FORMAT_ODS (src/io/sheets.c): the sheet opts->sheet, else the
 * first, through parley_i_table_from_records.  Same contract as
 * parley_i_read_table; diagnostics name the sheet and the cell. */
parley_status parley_i_read_workbook(parley_scenario *s, parley_format fmt, const char *data,
                                     size_t size, const char *file, const parley_read_options *opts,
                                     parley_diags *diags);

/** Reads a Decide row-tagged file (src/io/decide.c); same contract as
 * parley_i_read_table.  opts->salience_scale 100 states that saliences are
 * on 0-100 (Decide's own reader accepts that range); default 0-1. */
parley_status parley_i_read_decide(parley_scenario *s, const char *data, size_t size,
                                   const char *file, const parley_read_options *opts,
                                   parley_diags *diags);

/** Reads KTAB's wide CSV (src/io/ktab_csv.c); same contract as parley_i_read_table. */
parley_status parley_i_read_ktab_csv(parley_scenario *s, const char *data, size_t size,
                                     const char *file, parley_diags *diags);

/** Reads KTAB's XML scenario with libxml2 (src/io/ktab_xml.c); same
 * contract as parley_i_read_table, locations are lines of elements. */
parley_status parley_i_read_ktab_xml(parley_scenario *s, const char *data, size_t size,
                                     const char *file, parley_diags *diags);

/** 1 if the paths a and b name the same file: the same device and inode
 * when both exist (through symbolic links: ./x, a link to x and x are one
 * file), else (neither exists) the same resolved directory and the same
 * last component; 0 otherwise.  The identity behind parley_outputs_check's
 * "two outputs are the same file" (src/io/outputs.c). */
int parley_i_same_file(const char *a, const char *b);

/** An output file written in pieces and then committed: the one safe path
 * behind parley_write_file_atomic and the CLI's streamed outputs
 * (ensemble --rows).  path "-" is standard output.  A regular or new file
 * is written into a temporary file created exclusively (O_CREAT | O_EXCL |
 * O_NOFOLLOW, a name no other file has) in the target's directory and
 * renamed onto the target by commit, so a failure never leaves a partial
 * file and never replaces or follows a file planted in that directory.  A
 * symbolic link is written through to its target (the link survives).  A
 * device, FIFO or socket is written into directly (never replaced by a
 * regular file); its write errors are returned. */
typedef struct parley_i_outfile {
    char *path;    /**< the file finally written (a symbolic link resolved) */
    char *tmp;     /**< the temporary file, NULL when writing directly */
    int fd;        /**< -1 when closed */
    int keep_mode; /**< 1: give the temporary file the mode in `mode` */
    unsigned mode; /**< permission bits of the existing target */
    char *pending; /**< bytes not yet written (up to 64 KiB) */
    size_t len;
} parley_i_outfile;

/** Opens path for writing as described above.  Errors: PARLEY_EINVAL (no
 * path), PARLEY_EIO (a directory, a dangling link, the temporary file cannot
 * be created, a device cannot be opened; strerror in err), PARLEY_ENOMEM.
 * On error f holds nothing to release. */
parley_status parley_i_outfile_open(parley_i_outfile *f, const char *path, parley_error *err);

/** The temporary file's name (to remove on a signal), or NULL. */
const char *parley_i_outfile_temp(const parley_i_outfile *f);

/** Appends data[0..size).  Errors: PARLEY_EIO (a write failed), PARLEY_ENOMEM;
 * f must still be committed or aborted. */
parley_status parley_i_outfile_write(parley_i_outfile *f, const void *data, size_t size,
                                     parley_error *err);

/** Writes what is pending, gives the temporary file the target's mode,
 * syncs and closes it, leaving it to be renamed onto the target by
 * parley_i_outfile_commit (or removed by parley_i_outfile_abort): what a
 * writer of several files does to each before committing any (so that it
 * holds no open descriptor and no buffer a file).  Nothing more may be
 * written to f.  A device or FIFO is closed; standard output stays open.
 * Calling it again does nothing.  On error f is aborted (the temporary file
 * removed, the target left as it was).  Errors: PARLEY_EIO. */
parley_status parley_i_outfile_close(parley_i_outfile *f, parley_error *err);

/** parley_i_outfile_close, unless done already, then renames the temporary
 * file onto the target.  f is released in every case; on error the
 * temporary file is removed and the target left as it was.
 * Errors: PARLEY_EIO. */
parley_status parley_i_outfile_commit(parley_i_outfile *f, parley_error *err);

/** Closes f and removes its temporary file; the target is left as it was. */
void parley_i_outfile_abort(parley_i_outfile *f);

struct parley_case_request;
/** Reports to req->on_diags (when req and the hook are not NULL) that the
 * cases of a caller that goes on without them failed with st, as
 * PARLEY_CASE_FAILED with one error in err's words; nothing when err's
 * status is PARLEY_OK (a case's own diagnostics said why). */
void parley_i_case_failed(const struct parley_case_request *req, parley_status st,
                          const parley_error *err);

struct parley_case_library;
struct parley_backtest;
struct parley_params;
/** The backtest that scores the combined forecast (parley_case_library_run
 * of req into lib and bt with seed, PARLEY_SQ_REPLICATES status-quo
 * replicates, no ensemble), with a case that cannot be read kept from
 * req->on_diags: on failure err (not NULL) always says why in one line,
 * the case's first error as "FILE:LINE:COL: MESSAGE" when a case failed. */
parley_status parley_i_case_score_run(struct parley_case_library *lib, struct parley_backtest *bt,
                                      const struct parley_case_request *req,
                                      const struct parley_params *params, size_t n_models,
                                      uint64_t seed, parley_error *err);

#endif
