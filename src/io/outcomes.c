/* parley: the outcomes file of --outcomes (docs/scenario-format.md, "Outcomes").
 *
 * A CSV file with a header naming the columns issue and outcome, and
 * optionally as_of, source, confidence and note (any order, any case),
 * then one row per issue.  Lines whose first field starts with '#' are
 * comments; blank lines are skipped.  Every problem is recorded with line
 * and column; the scenario is changed only when the whole file is valid.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/internal.h"
#include "io/csv.h"
#include "io/internal.h"
#include "io/reader.h"

enum { COL_ISSUE, COL_OUTCOME, COL_AS_OF, COL_SOURCE, COL_CONFIDENCE, COL_NOTE, N_COLS };
static const char *const col_names[N_COLS] = {"issue",  "outcome",    "as_of",
                                              "source", "confidence", "note"};
#define NONE ((size_t)-1)

/* 1 if record r is a comment ('#' first) or blank. */
static int skipped(const parley_i_csv *t, const parley_i_record *r) {
    const parley_i_field *f = parley_i_csv_field(t, r, 0);
    return parley_i_csv_blank(t, r) || (!f->quoted && f->text[strspn(f->text, " \t")] == '#');
}

/* Reads the header record h into col[]; returns 1 if usable. */
static int read_header(parley_i_csv *t, const parley_i_record *h, size_t col[N_COLS]) {
    char shown[64];
    int ok = 1;
    for (int c = 0; c < N_COLS; ++c)
        col[c] = NONE;
    for (size_t k = 0; k < h->n; ++k) {
        parley_i_field *f = parley_i_csv_field(t, h, k);
        const char *name = parley_i_trim(f->text);
        int found = -1;
        for (int c = 0; c < N_COLS; ++c)
            if (strcasecmp(name, col_names[c]) == 0)
                found = c;
        if (found < 0) {
            parley_i_csv_error(
                t, PARLEY_EDATA, f->line, f->column,
                "unknown column %s (expected issue, outcome, as_of, source, confidence or note)",
                parley_i_show(name, shown, sizeof shown));
            ok = 0;
        } else if (col[found] != NONE) {
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "duplicate column %s (column %zu is already %s)", col_names[found],
                               col[found] + 1, col_names[found]);
            ok = 0;
        } else {
            col[found] = k;
        }
    }
    for (int c = COL_ISSUE; c <= COL_OUTCOME; ++c)
        if (col[c] == NONE) {
            parley_i_csv_error(
                t, PARLEY_EDATA, h->line, 0,
                "missing column %s (expected a header such as issue,outcome,as_of,source)",
                col_names[c]);
            ok = 0;
        }
    return ok;
}

/* The text of column c of record r, trimmed; NULL when the column is absent or the cell empty. */
static const char *cell(const parley_i_csv *t, const parley_i_record *r, const size_t col[N_COLS],
                        int c) {
    if (col[c] == NONE)
        return NULL;
    const char *text = parley_i_trim(parley_i_csv_field(t, r, col[c])->text);
    return text[0] ? text : NULL;
}

/* Checks one data row; fills o (strings borrowed from the tokenizer) and *issue. */
static void read_row(parley_i_csv *t, const parley_scenario *s, const parley_i_record *r,
                     const size_t col[N_COLS], size_t *line_of, size_t *issue,
                     parley_observed_outcome *o) {
    char shown[64], b1[PARLEY_I_NUMBUF], b2[PARLEY_I_NUMBUF];
    parley_i_field *fi = parley_i_csv_field(t, r, col[COL_ISSUE]);
    parley_i_field *fv = parley_i_csv_field(t, r, col[COL_OUTCOME]);
    const char *name = parley_i_trim(fi->text);
    *issue = parley_scenario_find_issue(s, name);
    size_t scale_of = *issue; /* a duplicate's value is still checked against the scale */
    if (*issue == NONE) {
        parley_i_csv_error(t, PARLEY_EDATA, fi->line, fi->column,
                           "unknown issue %s (expected the name of an issue of scenario \"%s\")",
                           parley_i_show(name, shown, sizeof shown), s->name ? s->name : "");
    } else if (line_of[*issue]) {
        parley_i_csv_error(t, PARLEY_EDATA, fi->line, fi->column,
                           "duplicate issue %s (already on line %zu)",
                           parley_i_show(name, shown, sizeof shown), line_of[*issue]);
        *issue = NONE;
    } else {
        line_of[*issue] = r->line;
    }
    double v = NAN;
    if (parley_i_csv_number(t, fv, "outcome", &v) && scale_of != NONE) {
        const parley_issue *is = &s->issues[scale_of];
        if (!(v >= is->lo && v <= is->hi)) {
            char b3[PARLEY_I_NUMBUF];
            parley_i_csv_error(t, PARLEY_EDATA, fv->line, fv->column,
                               "outcome %s is outside the scale of issue \"%s\" [%s, %s]",
                               parley_i_format_double(v, b3), is->name,
                               parley_i_format_double(is->lo, b1),
                               parley_i_format_double(is->hi, b2));
        }
    }
    o->has_value = 1;
    o->value = v;
    o->as_of = (char *)cell(t, r, col, COL_AS_OF);
    o->source = (char *)cell(t, r, col, COL_SOURCE);
    o->confidence = (char *)cell(t, r, col, COL_CONFIDENCE);
    o->note = (char *)cell(t, r, col, COL_NOTE);
    if (o->as_of && !parley_date_valid(o->as_of)) {
        parley_i_field *f = parley_i_csv_field(t, r, col[COL_AS_OF]);
        parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                           "as_of %s is not a date (expected YYYY-MM-DD)",
                           parley_i_show(o->as_of, shown, sizeof shown));
    } else if (o->as_of && s->as_of && parley_date_valid(s->as_of) &&
               strcmp(o->as_of, s->as_of) < 0) {
        /* YYYY-MM-DD dates compare as strings */
        parley_i_field *f = parley_i_csv_field(t, r, col[COL_AS_OF]);
        if (parley_diags_add(t->diags, PARLEY_SEV_WARNING, PARLEY_OK, t->file, f->line, f->column,
                             NULL,
                             "outcome observed on %s, before the scenario's as_of %s: it was known "
                             "when the scenario was coded, so a forecast of it is no test",
                             o->as_of, s->as_of) != PARLEY_OK)
            t->nomem = 1;
    }
    if (o->confidence && strcmp(o->confidence, "high") != 0 &&
        strcmp(o->confidence, "medium") != 0 && strcmp(o->confidence, "low") != 0) {
        parley_i_field *f = parley_i_csv_field(t, r, col[COL_CONFIDENCE]);
        parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                           "confidence %s is not high, medium or low",
                           parley_i_show(o->confidence, shown, sizeof shown));
    }
}

parley_status parley_outcomes_parse(parley_scenario *s, const char *data, size_t size,
                                    const char *file, parley_diags *diags) {
    if (!s || !diags || (!data && size))
        return PARLEY_EINVAL;
    if (!data)
        data = "";
    parley_i_csv t;
    parley_i_csv_init(&t, file, diags);
    size_t errors_before = diags->n_errors;
    size_t bom = parley_i_bom_length(data, size);
    size_t *line_of = calloc(s->n_issues + 1, sizeof *line_of);
    size_t *issue_of = NULL;
    parley_observed_outcome *got = NULL;
    parley_status st = line_of ? PARLEY_OK : PARLEY_ENOMEM;
    const char *utf16 = parley_i_utf16_name(data, size);
    if (st == PARLEY_OK && utf16) {
        parley_i_utf16_error(utf16, file, diags);
        st = PARLEY_EPARSE;
    }
    if (st == PARLEY_OK && !parley_i_csv_check_encoding(&t, data + bom, size - bom))
        st = PARLEY_EPARSE;
    if (st == PARLEY_OK)
        st = parley_i_csv_tokenize(&t, data + bom, size - bom, ',', '"', 1);
    size_t h = 0;
    while (st == PARLEY_OK && h < t.n_records && skipped(&t, &t.records[h]))
        ++h;
    if (st == PARLEY_OK && h == t.n_records) {
        parley_i_csv_error(
            &t, PARLEY_EPARSE, 0, 0,
            "no header line (expected issue,outcome[,as_of,source,confidence,note])");
        st = PARLEY_EPARSE;
    }
    size_t col[N_COLS];
    if (st == PARLEY_OK && !read_header(&t, &t.records[h], col))
        st = PARLEY_EDATA;
    if (st == PARLEY_OK) {
        issue_of = calloc(t.n_records, sizeof *issue_of);
        got = calloc(t.n_records, sizeof *got);
        if (!issue_of || !got)
            st = PARLEY_ENOMEM;
    }
    size_t n = 0;
    for (size_t k = h + 1; st == PARLEY_OK && k < t.n_records; ++k) {
        const parley_i_record *r = &t.records[k];
        if (skipped(&t, r))
            continue;
        if (r->n != t.records[h].n) {
            parley_i_csv_error(&t, PARLEY_EDATA, r->line, 0, "expected %zu fields, found %zu",
                               t.records[h].n, r->n);
            continue;
        }
        read_row(&t, s, r, col, line_of, &issue_of[n], &got[n]);
        ++n;
    }
    if (st == PARLEY_OK && t.nomem)
        st = PARLEY_ENOMEM;
    if (st == PARLEY_OK && diags->n_errors > errors_before)
        st = PARLEY_EDATA;
    for (size_t k = 0; st == PARLEY_OK && k < n; ++k)
        st = parley_issue_set_outcome(s, issue_of[k], &got[k]);
    free(line_of);
    free(issue_of);
    free(got);
    parley_i_csv_destroy(&t);
    return st;
}

parley_status parley_outcomes_load(parley_scenario *s, const char *path, parley_diags *diags) {
    if (!s || !path || !diags)
        return PARLEY_EINVAL;
    char *data = NULL;
    size_t size = 0;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_read_file(path, &data, &size, &err);
    if (st != PARLEY_OK) {
        parley_diags_add(diags, PARLEY_SEV_ERROR, st, err.file[0] ? err.file : path, 0, 0, NULL,
                         "%s", err.message);
        return st;
    }
    st = parley_outcomes_parse(s, data, size, path, diags);
    free(data);
    return st;
}
