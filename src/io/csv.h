/* parley: the delimited-text tokenizer shared by the stakeholder-table,
 * Decide and KTAB CSV readers.
 *
 * It splits UTF-8 text into records of fields, remembering the line and
 * column (1-based, in characters, after a leading BOM) where each field
 * starts, so that every diagnostic can point at the offending field.
 * The separator and the quote character are parameters: ',' and '"' for
 * CSV tables (RFC 4180: "" inside a quoted field is one quote), tab or ';'
 * and '\'' for Decide files.  A quote opens a quoted field only as the
 * first character of the field; elsewhere it is an error (strict mode) or
 * an ordinary character (lenient mode, as Python's csv module reads it).
 * Line ends may be LF, CRLF or bare CR.
 *
 * Limits that keep hostile input bounded: a field of at most
 * PARLEY_I_CSV_FIELD_MAX bytes and a record of at most
 * PARLEY_I_CSV_FIELDS_MAX fields; beyond either, tokenizing stops with an
 * error at the place where the limit was crossed.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_IO_CSV_H
#define PARLEY_IO_CSV_H

#include <stddef.h>

#include <parley/status.h>

#define PARLEY_I_CSV_FIELD_MAX ((size_t)1 << 20)
#define PARLEY_I_CSV_FIELDS_MAX ((size_t)100000)

typedef struct parley_i_field {
    char *text; /**< unescaped, NUL-terminated, in the tokenizer's arena */
    size_t line, column;
    int quoted; /**< 1 if the field was written in quotes */
} parley_i_field;

typedef struct parley_i_record {
    size_t first, n; /**< fields[first .. first + n) */
    size_t line;
} parley_i_record;

typedef struct parley_i_csv {
    const char *file;    /**< for diagnostics, may be NULL */
    parley_diags *diags; /**< where problems are recorded */
    char *arena;
    size_t arena_len;
    parley_i_field *fields;
    size_t n_fields, cap_fields;
    parley_i_record *records;
    size_t n_records, cap_records;
    int nomem; /**< set when a diagnostic could not be recorded */
    /** Decimal separator of number fields: 0 = a point only (every reader's
     * default), ',' = a comma only, 'b' = either (a table separated by ';'
     * or a tab, European CSV). */
    char decimal;
    /** The sheet the records come from (spreadsheet readers), else NULL:
     * then line and column are a row and a column of that sheet, and every
     * message starts with `sheet "NAME" cell C7: ` (or `row 7: `). */
    const char *sheet;
    /** Lines before the data handed to parley_i_csv_tokenize (the "#" lines
     * of a table, read apart): line numbers count from line_offset + 1. */
    size_t line_offset;
    /** Cells (line, column pairs) whose diagnostics are left out: those the
     * spreadsheet reader already reported (parley_i_csv_mute). */
    size_t *muted;
    size_t n_muted, cap_muted;
} parley_i_csv;

/** Column letters of a 1-based spreadsheet column (1 = A, 27 = AA) in buf
 * (at least 16 bytes); returns buf. */
char *parley_i_column_letters(size_t column, char *buf);

/** Leaves out every later diagnostic at (line, column), a cell already
 * reported, so that reading can go on and report the other problems.
 * Returns 1, or 0 when out of memory (t->nomem set). */
int parley_i_csv_mute(parley_i_csv *t, size_t line, size_t column);

/** Prepares t (zeroed) to report into diags for file. */
void parley_i_csv_init(parley_i_csv *t, const char *file, parley_diags *diags);
void parley_i_csv_destroy(parley_i_csv *t);

/** Records an error (severity error) at line:column. */
void parley_i_csv_error(parley_i_csv *t, parley_status st, size_t line, size_t column,
                        const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/** Records a diagnostic of any severity at line:column. */
void parley_i_csv_diag(parley_i_csv *t, parley_severity sev, size_t line, size_t column,
                       const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/** Checks that data[0..size) is UTF-8 without NUL bytes; records the first
 * problem (PARLEY_EPARSE, with line and column) and returns 0 if not. */
int parley_i_csv_check_encoding(parley_i_csv *t, const char *data, size_t size);

/** Splits data[0..size) (BOM already removed) into records.  sep is the
 * field separator, quote the quote character (0 = none); strict_quotes
 * rejects a quote inside an unquoted field.  Blank records are kept (the
 * readers decide); trailing blank records are removed.  Returns PARLEY_OK,
 * PARLEY_EPARSE (recorded) or PARLEY_ENOMEM. */
parley_status parley_i_csv_tokenize(parley_i_csv *t, const char *data, size_t size, char sep,
                                    char quote, int strict_quotes);

/** 1 if record r is one field of nothing but spaces and tabs. */
int parley_i_csv_blank(const parley_i_csv *t, const parley_i_record *r);

/** Field k of record r (k < r->n). */
parley_i_field *parley_i_csv_field(const parley_i_csv *t, const parley_i_record *r, size_t k);

/** Trims ASCII spaces and tabs in place; returns the start of the text. */
char *parley_i_trim(char *s);

/** Quotes text for a message: control characters replaced by '?', cut
 * after 40 characters with "...".  Returns buf (n >= 64 recommended). */
const char *parley_i_show(const char *text, char *buf, size_t n);

/** Parses field f (trimmed) as a finite decimal number in the C locale with
 * parley_i_parse_real (-? digits [. digits] [e [+-] digits]) for the column
 * or value called what.  Records a problem (PARLEY_EDATA at the field) and
 * returns 0 when it is empty, NaN/infinity, not a number, overflows or
 * underflows (sets t->nomem when out of memory). */
int parley_i_csv_number(parley_i_csv *t, parley_i_field *f, const char *what, double *out);

#endif
