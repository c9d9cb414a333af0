/* parley: reading and writing scenarios.
 *
 * Formats (docs/formats.md describes each as parley reads it):
 *  - PARLEY_FORMAT_JSON: parley's native, human-editable JSON format with
 *    per-value source notes (schema: docs/scenario-format.md);
 *  - PARLEY_FORMAT_TABLE: the stakeholder table analysts keep in
 *    spreadsheets, CSV with header Actor,Capability,Position,Salience and the
 *    common aliases, or one Position/Salience column pair per issue
 *    ("Position tax,Salience tax,...") for several issues;
 *  - PARLEY_FORMAT_DECIDE: Decide's row-tagged files (#A/#P/#M/#D/#O/#/,
 *    tab- or semicolon-separated, optionally single-quoted);
 *  - PARLEY_FORMAT_KTAB_CSV: KTAB's wide CSV (scenario line, header, one row
 *    per actor with capability and a position/salience pair per dimension);
 *  - PARLEY_FORMAT_KTAB_XML: KTAB's XML scenario (smpSchema.xsd), read with
 *    libxml2;
 *  - PARLEY_FORMAT_XLSX, PARLEY_FORMAT_ODS: a stakeholder table in a sheet
 *    of an Excel (.xlsx) or OpenDocument (.ods) workbook, read with libzip
 *    and libxml2 (read only: parley_scenario_write refuses them).
 *
 * Readers parse from memory (the _read_file helpers load the file first), so
 * that the same code serves files, the embedded default scenario and fuzzers.
 * Every problem found is recorded in a parley_diags list with file, line and
 * column (CSV) or JSON path (JSON semantics; jansson reports line and column
 * for syntax errors).  A reader reports all the problems it can find, not
 * only the first.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_IO_H
#define PARLEY_IO_H

#include <stddef.h>

#include "buf.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum parley_format {
    PARLEY_FORMAT_UNKNOWN = 0,
    PARLEY_FORMAT_JSON = 1,
    PARLEY_FORMAT_TABLE = 2,
    PARLEY_FORMAT_DECIDE = 3,
    PARLEY_FORMAT_KTAB_CSV = 4,
    PARLEY_FORMAT_KTAB_XML = 5,
    PARLEY_FORMAT_XLSX = 6,
    PARLEY_FORMAT_ODS = 7
} parley_format;

/** Guesses the format from a file name's extension, case-insensitively:
 * .json JSON, .csv stakeholder table, .xml KTAB XML, .xlsx and .ods
 * workbooks.  (.csv is also the
 * extension of Decide and KTAB files: parley_scenario_load looks at the
 * content of a .csv file, see parley_format_sniff.)
 * Returns PARLEY_FORMAT_UNKNOWN when it cannot tell. */
parley_format parley_format_from_name(const char *filename);

/** Parses a format name: "json", "table" (or "csv"), "decide", "ktab" (or
 * "ktab-csv"), "ktab-xml" (or "xml"), "xlsx", "ods"; case-insensitive.
 * PARLEY_FORMAT_UNKNOWN if none. */
parley_format parley_format_from_string(const char *name);

/** The canonical name of a format ("json", "table", "decide", "ktab",
 * "ktab-xml"), or "unknown". */
const char *parley_format_name(parley_format fmt);

/** Guesses the format from content (after a UTF-8 BOM and blank space):
 * '{' JSON; '<' KTAB XML; a first field "#X" (a tag, possibly single-quoted)
 * Decide; a first line whose third and fourth comma-separated fields are
 * whole numbers (actors, dimensions) KTAB CSV; a zip archive an .ods
 * workbook when its first entry is the OpenDocument spreadsheet mimetype,
 * else an .xlsx workbook (as is an OLE compound file, which the .xlsx
 * reader refuses as encrypted or .xls); anything else a stakeholder table
 * (whose reader then reports what is wrong). */
parley_format parley_format_sniff(const char *data, size_t size);

/** Largest file parley_read_file accepts (bytes). */
#define PARLEY_READ_MAX (1 << 30)

/** Reads a whole file into a NUL-terminated buffer (*data, *size bytes
 * without the terminator); the caller frees *data with free().  path "-"
 * reads standard input.  The data may contain NUL bytes (the readers
 * reject them).  A regular file larger than PARLEY_READ_MAX is refused from
 * its size, before any reading.  A stream (pipe, device) is read up to
 * PARLEY_READ_MAX bytes and refused there, or up to the end of the first
 * block that holds a NUL byte (binary data such as /dev/urandom; the data
 * is returned and the reader reports the byte with its location), unless
 * it starts as a zip archive does (PK\3\4: a workbook), which is read whole.
 * Errors: PARLEY_EIO (with strerror in err; also for a file or stream
 * larger than PARLEY_READ_MAX), PARLEY_ENOMEM. */
parley_status parley_read_file(const char *path, char **data, size_t *size, parley_error *err);

/** Options of the readers. */
typedef struct parley_read_options {
    /** Salience scale of a table.  0 = infer (all values in [0, 1] -> 0-1; any
     * value in (1, 100] -> 0-100; the inference is recorded as a note in diags). */
    int salience_scale;
    /** Issue name for a one-issue table (NULL = the scenario name, i.e. the file name without
     * directory and extension). */
    const char *issue_name;
    /** Optional explicit scale bounds for a table (bounds_given = 1 uses lo, hi);
     * otherwise the bounds are the range of the positions (an Outcome row
     * does not widen them: an outcome outside is an error at its cell). */
    int bounds_given;
    double lo, hi;
    /** Optional outcomes file (CSV, see parley_outcomes_parse) applied to the
     * scenario after it was read and validated; NULL = none. */
    const char *outcomes;
    /** Field delimiter of a stakeholder table (CSV): ',', ';' or '\t'; 0 =
     * detect it from the header line (the one of the three it holds outside
     * quotes, ',' when none; more than one is an error at line 1 saying
     * what to pass).  A detected ';' or tab is recorded as a note. */
    char delimiter;
    /** Decimal separator of numbers in a table: '.' or ','; 0 = '.' in a
     * ','-separated table, either '.' or ',' (one comma, no point: 0,5) in a
     * ';'- or tab-separated one.  ',' needs a delimiter other than ','. */
    char decimal;
    /** Sheet of a workbook (.xlsx, .ods) to read, by name; NULL = the
     * first sheet (an error if it is hidden).  parley_scenario_load also
     * takes it from a path written FILE.xlsx#SHEET. */
    const char *sheet;
} parley_read_options;

/** Default options (infer salience scale, no bounds). */
void parley_read_options_init(parley_read_options *o);

/** Sets one option of o from its text form, as the command line gives it
 * (--NAME VALUE): "salience-scale" (1 or 100), "bounds" ("LO,HI": two
 * numbers, LO < HI), "delimiter" (",", ";", "tab" or a tab character) or
 * "decimal" ("." or ",").  Errors: PARLEY_EINVAL for another name or a
 * value the option does not take, e.g. "bounds must be LO,HI with LO < HI,
 * not '3'", or bounds whose width HI - LO overflows double precision. */
parley_status parley_read_option_set(parley_read_options *o, const char *name, const char *value,
                                     parley_error *err);

/** Parses a scenario in format fmt from data[0..size).  file names the
 * source in diagnostics (may be NULL).  s is initialised on success and
 * must be destroyed by the caller; on failure s is left destroyed.
 * The result is validated (parley_scenario_validate); warnings and notes
 * are recorded in diags even on success (e.g. the inferred salience scale
 * of a table).  Validation diagnostics that restate a problem the reader
 * already reported (same or enclosing JSON path) are left out; after a
 * problem with the whole file, "parley" or "salience_scale" validation is
 * skipped.  The table reader checks every value itself with line and
 * column, so only validation errors (not warnings) are added for tables.
 * diags may be NULL when the caller does not want the list.
 * Tables: the scenario is named after the file's base name without
 * extension ("table" when file is NULL), its one issue opts->issue_name
 * or, by default, the same name; without bounds options the bounds are [min, max] of the
 * positions with bounds_given = 0 (a single point if all positions are
 * equal).
 * When opts->outcomes is set, that outcomes file is read after the
 * scenario validated (parley_outcomes_load; PARLEY_EIO if it cannot be
 * read) and s is left destroyed if it has errors.
 * Errors: PARLEY_EPARSE (syntax), PARLEY_EDATA (values), PARLEY_ENOMEM,
 * PARLEY_EINVAL (unknown format). */
parley_status parley_scenario_parse(parley_scenario *s, parley_format fmt, const char *data,
                                    size_t size, const char *file, const parley_read_options *opts,
                                    parley_diags *diags);

/** Loads a scenario file (then opts->outcomes, if set, with
 * parley_outcomes_load); fmt PARLEY_FORMAT_UNKNOWN chooses by extension
 * for .json and .xml, else by content (parley_format_sniff).  Errors as
 * parley_scenario_parse plus PARLEY_EIO. */
parley_status parley_scenario_load(parley_scenario *s, const char *path, parley_format fmt,
                                   const parley_read_options *opts, parley_diags *diags);

/** Sets observed outcomes of s from an outcomes file in data[0..size): CSV
 * (RFC 4180, UTF-8) with a header naming the columns issue and outcome and
 * optionally as_of, source, confidence and note, in any order and any
 * case; then one row per issue.  Lines whose first field starts with '#'
 * and blank lines are skipped.  issue is an issue name of s (exact match),
 * outcome a number on that issue's scale, as_of a date YYYY-MM-DD,
 * confidence high, medium or low; empty optional cells are NULL.  An
 * outcome replaces the one the scenario held for that issue.  Every
 * problem is recorded in diags with file, line and column: an unknown
 * issue, a duplicate issue, a value that is not a number or is off the
 * issue's scale, a bad date or confidence, an unknown or missing column, a
 * row of the wrong length.  s changes only if the whole file is valid.
 * Errors: PARLEY_EPARSE (encoding, quotes, no header), PARLEY_EDATA,
 * PARLEY_ENOMEM, PARLEY_EINVAL (NULL argument). */
parley_status parley_outcomes_parse(parley_scenario *s, const char *data, size_t size,
                                    const char *file, parley_diags *diags);

/** Reads the outcomes file at path ("-" standard input) and applies it as
 * parley_outcomes_parse.  Errors as parley_outcomes_parse plus PARLEY_EIO. */
parley_status parley_outcomes_load(parley_scenario *s, const char *path, parley_diags *diags);

/** Appends s in the native JSON format to b (UTF-8, 2-space indent, a
 * trailing newline).  Values round-trip exactly: each number is written
 * with the fewest digits (at most 17) that read back to the same double,
 * saliences on s->salience_scale (choosing, for 0-100, the number whose
 * division by 100 gives the stored value exactly), notes as
 * {"value", "note"}.  A capability shared by all of an actor's cells is
 * written once for the actor.  The output depends only on s.  Non-finite
 * numbers (which do not validate) are written as null.
 * Errors: PARLEY_ENOMEM, PARLEY_EINVAL (NULL argument). */
parley_status parley_scenario_write_json(const parley_scenario *s, parley_buf *b);

/** Options of parley_scenario_write. */
typedef struct parley_write_options {
    /** 0: refuse (PARLEY_EDATA, nothing written) when the target format
     * cannot hold part of the scenario; 1: write anyway, applying the
     * documented fallback for each such part and recording a warning. */
    int lossy;
} parley_write_options;

/** Default write options (not lossy). */
void parley_write_options_init(parley_write_options *o);

/** Appends s to b in format fmt (any reader's format: JSON, table, Decide,
 * KTAB CSV, KTAB XML), so that reading the output gives the same values
 * (numbers written with the fewest digits that read back exactly).
 * First records in diags (may be NULL), with JSON paths into s, everything
 * the target cannot hold (docs/formats.md, "Conversion"): the scenario's
 * source and notes (all but JSON), scale labels (all but Decide and JSON),
 * stated bounds other than the positions' range (table), positions off
 * 0-100, missing cells, per-issue capabilities and salience sums above 100
 * (KTAB), powers above 100 (Decide), a status quo (all but JSON), a
 * zero-width scale (JSON, Decide: bounds inferred from a table where every
 * actor takes the same position; widened to [lo, lo + 1]).  Each is
 * an error unless opts->lossy, when it is a warning and the fallback stated
 * in the message is applied.  Notes record harmless changes (e.g. KTAB's
 * fixed 0-100 scale for inferred bounds).  The Decide output is
 * tab-separated with single-quoted text, like the files Decide's GUI writes;
 * the KTAB CSV has trailing commas and writes commas in text as "$$"; the
 * KTAB XML states the identity ideal-adjustment matrix and prngSeed 0.
 * Errors: PARLEY_EDATA (losses and not lossy; b unchanged), PARLEY_EINVAL
 * (NULL, empty scenario or unknown format), PARLEY_ENOMEM. */
parley_status parley_scenario_write(const parley_scenario *s, parley_format fmt,
                                    const parley_write_options *opts, parley_buf *b,
                                    parley_diags *diags);

/** Writes s to the file path in format fmt as `parley convert` does: a
 * workbook (PARLEY_FORMAT_XLSX) with parley_scenario_write_xlsx, any other
 * format with parley_scenario_write (opts; NULL: the defaults) and then
 * parley_write_file_atomic, so no partial file is ever left; path "-" is
 * standard output.  fmt PARLEY_FORMAT_UNKNOWN takes the format from path's
 * extension (parley_format_from_name).  The writer's problems (what the
 * format cannot hold; notes) go to diags (may be NULL) and leave err
 * unset; those of the file and of a workbook are in err.
 * Errors: PARLEY_EDATA (the format cannot hold all of s and not
 * opts->lossy, nothing written; or a workbook's limits), PARLEY_EINVAL (a
 * format that cannot be told from path, or that parley reads but does not
 * write: ODS; a path whose extension names another format than fmt, e.g.
 * a workbook to "x.json" -- KTAB's CSV to a .csv is fine; NULL or empty
 * s), PARLEY_EIO, PARLEY_ENOMEM. */
parley_status parley_scenario_save(const parley_scenario *s, const char *path, parley_format fmt,
                                   const parley_write_options *opts, parley_diags *diags,
                                   parley_error *err);

/** Writes buffer contents to path atomically: a temporary file in the same
 * directory, fsync, then rename(2), so no partial file is ever left behind
 * (the temporary file is removed on any failure).  An existing file keeps
 * its mode; a new one gets 0666 less the umask.  A symbolic link is
 * followed (the link stays, its target is replaced); a device, FIFO or
 * socket (/dev/null, /dev/stdout) is written into directly, since it cannot
 * be replaced.  path "-" writes to standard output.
 * Errors: PARLEY_EIO, PARLEY_EINVAL, PARLEY_ENOMEM. */
parley_status parley_write_file_atomic(const char *path, const char *data, size_t size,
                                       parley_error *err);

/** Checks, before any is read, the input files names[0..n) of a command
 * (what names them in the messages: "scenario", "coding", "case", ...) and
 * its outcomes file (outcomes, NULL when none): no name is empty, which
 * would read as a file that cannot be opened ("empty WHAT file name"), and
 * standard input ('-') is read at most once: not by a name and outcomes
 * ("the WHAT and --outcomes cannot both be '-' (standard input)"), not by
 * two names ("standard input ('-') can be read only once").  An empty
 * outcomes ("empty --outcomes file name", the CLI's words) is checked
 * after the names' emptiness.  The first problem in that order is
 * reported.  Errors: PARLEY_EINVAL, worded as above in err; also names
 * NULL with n > 0 ("NULL array of N WHAT file names") or a NULL name
 * among them ("WHAT file name K is NULL"); what NULL reads as "input". */
parley_status parley_input_files_check(const char *what, const char *const *names, size_t n,
                                       const char *outcomes, parley_error *err);

/** Checks, before any work is done, that the output files outs[0..n) (NULL
 * or "-" entries are skipped) can be written: none is one of the input
 * files inputs[0..n_inputs) (NULL entries skipped; compared as files, by
 * device and inode, so ./x and links count; for an input "-", the file open
 * as standard input) nor another output, none is a directory, and each
 * one's directory exists and is writable.
 * last_is_dir = 1 treats outs[n-1] as a directory to create or fill:
 * something there that is not a directory (a file, a dangling symbolic
 * link) is refused, "cannot write: it is not a directory".
 * Errors: PARLEY_EINVAL (a clash with the input or another output; the
 * message names both; outs NULL with n > 0 or inputs NULL with
 * n_inputs > 0, "NULL array of N output files"), PARLEY_EIO (err->file is the output, the message
 * says why it cannot be written). */
parley_status parley_outputs_check(const char *const *inputs, size_t n_inputs,
                                   const char *const *outs, size_t n, int last_is_dir,
                                   parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
