/* parley: what a stakeholder table holds beside its actor rows -- the
 * scenario's name, description, source, date and salience scale, and per
 * issue a description, bounds, a status quo, an observed outcome and scale
 * labels (docs/formats.md, "A table that holds a whole scenario").
 *
 * A workbook states them in its "Scenario" and "Issues" sheets, a CSV table
 * in "#" header lines (table.c); both are read into a parley_i_table_meta,
 * whose texts point into the records they were read from (so the records
 * must outlive it), and table.c applies it to the scenario it builds.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_IO_TABLE_META_H
#define PARLEY_IO_TABLE_META_H

#include <stddef.h>

#include <parley/scenario.h>

#include "io/csv.h"

/** One issue's row of the Issues sheet (or its "# issue:" line).  A
 * number is given when its field is not NULL; the field locates errors. */
typedef struct parley_i_issue_meta {
    const char *name;
    parley_i_field *name_f;
    const char *description;
    parley_i_field *lo_f, *hi_f, *status_quo_f, *outcome_f, *labels_f;
    double lo, hi, status_quo, outcome;
    const char *outcome_as_of, *outcome_source, *outcome_confidence;
    const char *status_quo_note, *outcome_note;
    parley_scale_label *labels; /**< malloc'd array; label texts point into the records */
    size_t n_labels;
    int matched; /**< set by table.c when a column of the table is this issue */
} parley_i_issue_meta;

/** Everything beside the actor rows; every member optional. */
typedef struct parley_i_table_meta {
    parley_i_csv *issues_t; /**< the records the issues were read from (locations), or NULL */
    parley_i_issue_meta *issues;
    size_t n_issues;
    const char *name, *description, *source, *as_of;
    int salience_scale; /**< 1 or 100 when stated, else 0 */
} parley_i_table_meta;

void parley_i_table_meta_init(parley_i_table_meta *m);
void parley_i_table_meta_destroy(parley_i_table_meta *m);

/** Reads the records of an Issues sheet: a header naming the columns
 * Issue, Description, Min, Max, Status quo, Outcome, Labels, Outcome as of,
 * Outcome source, Outcome confidence and Notes (any order, any case; Issue
 * required), then one row per issue.  Every problem is recorded in t at
 * its cell.  Returns 1 if there was none (0 also when out of memory:
 * t->nomem). */
int parley_i_meta_read_issues(parley_i_table_meta *m, parley_i_csv *t);

/** Checks an issue row read with parley_i_meta_issue_key (row_ok: no
 * error in its fields): Min and Max both or neither, Min < Max (else
 * neither is kept).  Clears *ok on a problem. */
void parley_i_meta_issue_done(parley_i_issue_meta *mi, parley_i_csv *t, int row_ok, int *ok);

/** Reads the "#" lines at the start of a CSV table (docs/formats.md) from
 * data[0..size): directives "# KEY: VALUE" (scenario, description, source,
 * as_of, salience_scale, issue) into m, comments skipped.  dt (initialised,
 * with file and diags) receives their texts and locates errors; *consumed
 * is set to the bytes of those lines and *n_lines to their number.
 * Returns 1 if there was no problem. */
int parley_i_meta_read_directives(parley_i_table_meta *m, parley_i_csv *dt, const char *data,
                                  size_t size, size_t *consumed, size_t *n_lines);

/** Reads the records of a Scenario sheet: a header Field, Value, then rows
 * Name, Description, Source, As of and Salience scale (any case, each at
 * most once).  Returns 1 if there was no problem. */
int parley_i_meta_read_scenario(parley_i_table_meta *m, parley_i_csv *t);

/** Labels written "POINT=LABEL; POINT=LABEL" in field f (split in place at
 * every "; " followed by a number and '='): appended to mi->labels.
 * Returns 1, or 0 after recording an error at f. */
int parley_i_meta_labels(parley_i_issue_meta *mi, parley_i_csv *t, parley_i_field *f);

/** Reads an issue's settings from one field of a meta row (column or
 * directive key `key`, value in f): 1 when the key is known (the value was
 * read, or an error recorded), 0 when it is not a key of an issue. */
int parley_i_meta_issue_key(parley_i_issue_meta *mi, parley_i_csv *t, const char *key,
                            parley_i_field *f, int *ok);

/** Splits a keyed text "KEY: NOTE; KEY: NOTE" (delim ':') or
 * "POINT=LABEL; POINT=LABEL" (delim '=') in place: a value runs to the
 * next run of ';' followed by " KEY<delim>" where key_of accepts KEY
 * (returns a value >= 0).  Before such a key, 2k semicolons stand for k
 * written ones and 2k + 1 for k and the separator, so any text can be
 * written (parley_i_buf_keyed).  Each value is handed to put with its key.
 * Returns 1, or 0 when the text does not start with an accepted key
 * (*bad_key then points at it). */
int parley_i_split_keyed(char *text, char delim,
                         int (*key_of)(void *ctx, const char *key, size_t len),
                         void (*put)(void *ctx, int key, const char *key_text, size_t key_len,
                                     const char *value),
                         void *ctx, const char **bad_key);

struct parley_buf;

/** Appends value text to b escaped for parley_i_split_keyed: each run of
 * ';' before " KEY<delim>" (and, when followed = 1, at the end) doubled.
 * Errors: PARLEY_ENOMEM. */
parley_status parley_i_buf_keyed(struct parley_buf *b, const char *text, int followed, char delim,
                                 int (*key_of)(void *ctx, const char *key, size_t len), void *ctx);

/** The key predicates of parley_i_split_keyed for scale labels (a number)
 * and for an issue's notes ("Status quo", "Outcome"); ctx unused. */
int parley_i_label_key(void *ctx, const char *key, size_t len);
int parley_i_issue_note_key(void *ctx, const char *key, size_t len);
/** ... and for the keys of a "# issue:" line (issue, description, min,
 * max, status_quo, outcome, labels, outcome_as_of, outcome_source,
 * outcome_confidence, notes; '_' or ' ' between words). */
int parley_i_issue_line_key(void *ctx, const char *key, size_t len);

/** The key predicate of the Notes column of a table: a role word
 * (Position, Salience or a capability alias) alone when !named, or with one
 * of the issue names when named (a bare capability when cap_column);
 * point_row: Position keys only.  Returns role * (n_issues + 1) + issue
 * (issue n_issues: every issue), or -1.  (table.c) */
int parley_i_table_note_key(const char *key, size_t len, int named, int cap_column,
                            const char *const *issues, size_t n_issues, int point_row);

/** The arguments of parley_i_table_note_key for an actor's row, for the
 * writers' Notes cells (write.c, xlsx_write.c). */
typedef struct parley_i_actor_keys {
    int named, cap_column;
    const char **issues;
    size_t n_issues;
} parley_i_actor_keys;

/** The key predicate of an actor row's Notes cell: parley_i_table_note_key
 * with ctx a parley_i_actor_keys (point_row 0).  (table.c) */
int parley_i_actor_note_key(void *ctx, const char *key, size_t len);

#endif
