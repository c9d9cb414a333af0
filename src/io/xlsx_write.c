/* Writing a scenario as an .xlsx workbook with libxlsxwriter
 * (include/parley/xlsx.h).
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include <parley/buf.h>
#include <parley/io.h>
#include <parley/xlsx.h>

#include "core/internal.h"
#include "io/table_meta.h"
#include "scenario/internal.h"

/* Most columns of a sheet in Excel. */
#define MAX_COLS 16384
/* Most bytes of text in a cell (Excel: 32767 characters). */
#define CELL_TEXT_MAX 32767

typedef struct {
    lxw_workbook *wb;
    lxw_format *head;
    lxw_error failed; /* first libxlsxwriter error */
    int too_long;     /* a text over CELL_TEXT_MAX */
} book;

static void put_text(book *bk, lxw_worksheet *ws, size_t row, size_t col, const char *text,
                     int head) {
    if (!text || !text[0])
        return;
    if (strlen(text) > CELL_TEXT_MAX) {
        bk->too_long = 1;
        return;
    }
    lxw_error e =
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, text, head ? bk->head : NULL);
    if (e != LXW_NO_ERROR && bk->failed == LXW_NO_ERROR)
        bk->failed = e;
}

/* A number cell; libxlsxwriter writes 16 significant digits ("%.16G"), so
 * a number that needs 17 to read back exactly is written as a text cell
 * holding its shortest exact spelling, which parley's reader parses like
 * any number cell (docs/formats.md). */
static void put_number(book *bk, lxw_worksheet *ws, size_t row, size_t col, double x) {
    char sixteen[64];
    snprintf(sixteen, sizeof sixteen, "%.16g", x);
    if (strtod(sixteen, NULL) != x) {
        char exact[PARLEY_I_NUMBUF];
        put_text(bk, ws, row, col, parley_i_format_double(x, exact), 0);
        return;
    }
    lxw_error e = worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, x, NULL);
    if (e != LXW_NO_ERROR && bk->failed == LXW_NO_ERROR)
        bk->failed = e;
}

/* "ROLE ISSUE" into a buffer (b reset first); NULL when out of memory. */
static const char *head_text(parley_buf *b, const char *role, const char *issue) {
    b->len = 0;
    /* "Position: :x" for an issue named ":x" (one ':' is the separator) */
    if (parley_buf_printf(b, issue ? "%s%s %s" : "%s", role, issue && issue[0] == ':' ? ":" : "",
                          issue) != PARLEY_OK)
        return NULL;
    return b->data;
}

/* A notes text "KEY: NOTE; KEY: NOTE" being written: each note is escaped
 * for the reader's split (table_meta.h) once it is known whether another
 * follows it. */
typedef struct notes_text {
    parley_buf b;
    const char *pending; /* the last note added, not yet written */
    int (*key_of)(void *ctx, const char *key, size_t len);
    void *ctx;
} notes_text;

static void notes_reset(notes_text *n) {
    n->b.len = 0;
    n->pending = NULL;
}

/* Adds "WHAT ISSUE: NOTE" (ISSUE may be NULL). */
static parley_status add_note(notes_text *n, const char *what, const char *issue,
                              const char *note) {
    if (!note)
        return PARLEY_OK;
    parley_status st = PARLEY_OK;
    if (n->pending) {
        st = parley_i_buf_keyed(&n->b, n->pending, 1, ':', n->key_of, n->ctx);
        if (st == PARLEY_OK)
            st = parley_buf_append(&n->b, "; ", 2);
    }
    if (st == PARLEY_OK)
        st = parley_buf_printf(&n->b, "%s%s%s: ", what, issue ? " " : "", issue ? issue : "");
    n->pending = note;
    return st;
}

/* Writes the last note; the text is then n->b.data (n->b.len bytes). */
static parley_status notes_finish(notes_text *n) {
    parley_status st = PARLEY_OK;
    if (n->pending)
        st = parley_i_buf_keyed(&n->b, n->pending, 0, ':', n->key_of, n->ctx);
    n->pending = NULL;
    return st;
}

static parley_status actors_sheet(book *bk, const parley_scenario *s, parley_error *err) {
    lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Actors");
    if (!ws)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "cannot add the Actors sheet");
    const int scale = s->salience_scale == PARLEY_SALIENCE_PERCENT ? 100 : 1;
    int shared = 1, described = 0, notes = 0;
    for (size_t a = 0; a < s->n_actors; ++a) {
        shared &= parley_i_capability_shared(s, a);
        described |= s->actors[a].description != NULL;
        for (size_t i = 0; i < s->n_issues; ++i) {
            const parley_cell *c = parley_scenario_cell_const(s, a, i);
            notes |= c->present && (c->position_note || c->salience_note || c->capability_note);
        }
    }
    const size_t per_issue = shared ? 2 : 3;
    const size_t first = 1 + (size_t)described + (size_t)shared;
    const size_t n_cols = first + per_issue * s->n_issues + (size_t)notes;
    if (n_cols > MAX_COLS)
        return parley_error_set(err, PARLEY_EDATA, NULL, 0, 0,
                                "%zu issues need %zu columns; a sheet holds %d", s->n_issues,
                                n_cols, MAX_COLS);
    const int wide = s->n_issues > 1;
    const char **names = malloc(s->n_issues * sizeof *names);
    if (!names)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < s->n_issues; ++i)
        names[i] = s->issues[i].name;
    parley_i_actor_keys keys = {wide, shared || !wide, names, s->n_issues};
    parley_buf h;
    parley_buf_init(&h);
    notes_text n;
    memset(&n, 0, sizeof n);
    parley_buf_init(&n.b);
    n.key_of = parley_i_actor_note_key;
    n.ctx = &keys;
    parley_status st = PARLEY_OK;
    put_text(bk, ws, 0, 0, "Actor", 1);
    if (described)
        put_text(bk, ws, 0, 1, "Description", 1);
    if (shared)
        put_text(bk, ws, 0, first - 1, "Capability", 1);
    static const char *const roles[3] = {"Position", "Salience", "Capability"};
    for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i)
        for (size_t k = 0; k < per_issue; ++k) {
            const char *t = head_text(&h, roles[k], wide ? s->issues[i].name : NULL);
            if (!t) {
                st = PARLEY_ENOMEM;
                break;
            }
            put_text(bk, ws, 0, first + per_issue * i + k, t, 1);
        }
    if (notes)
        put_text(bk, ws, 0, n_cols - 1, "Notes", 1);
    for (size_t a = 0; st == PARLEY_OK && a < s->n_actors; ++a) {
        const size_t row = a + 1;
        put_text(bk, ws, row, 0, s->actors[a].name, 0);
        if (described)
            put_text(bk, ws, row, 1, s->actors[a].description, 0);
        notes_reset(&n);
        int cap_done = 0;
        for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i) {
            const parley_cell *c = parley_scenario_cell_const(s, a, i);
            if (!c->present)
                continue;
            const char *in = wide ? s->issues[i].name : NULL;
            const size_t col = first + per_issue * i;
            put_number(bk, ws, row, col, c->position);
            put_number(bk, ws, row, col + 1, parley_i_salience_on_scale(c->salience, scale));
            if (!shared)
                put_number(bk, ws, row, col + 2, c->capability);
            else if (!cap_done)
                put_number(bk, ws, row, first - 1, c->capability);
            st = add_note(&n, "Position", in, c->position_note);
            if (st == PARLEY_OK)
                st = add_note(&n, "Salience", in, c->salience_note);
            /* a shared capability's note once, without an issue */
            if (st == PARLEY_OK && (!shared || !cap_done))
                st = add_note(&n, "Capability", shared ? NULL : in, c->capability_note);
            cap_done = 1;
        }
        if (st == PARLEY_OK)
            st = notes_finish(&n);
        if (st == PARLEY_OK && notes && n.b.len)
            put_text(bk, ws, row, n_cols - 1, n.b.data, 0);
    }
    worksheet_set_column(ws, 0, 0, 18, NULL);
    parley_buf_destroy(&h);
    parley_buf_destroy(&n.b);
    free(names);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    return PARLEY_OK;
}

static parley_status issues_sheet(book *bk, const parley_scenario *s, parley_error *err) {
    lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Issues");
    if (!ws)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "cannot add the Issues sheet");
    static const char *const head[] = {"Issue",
                                       "Description",
                                       "Min",
                                       "Max",
                                       "Status quo",
                                       "Outcome",
                                       "Labels",
                                       "Outcome as of",
                                       "Outcome source",
                                       "Outcome confidence",
                                       "Notes"};
    int notes = 0, dated = 0;
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_observed_outcome *o = &s->issues[i].outcome;
        notes |= s->issues[i].status_quo_note != NULL || (o->has_value && o->note != NULL);
        dated |= o->has_value && (o->as_of || o->source || o->confidence);
    }
    /* the outcome's date, source and confidence when any outcome has one */
    const size_t notes_col = dated ? 10 : 7;
    for (size_t k = 0; k < 7; ++k)
        put_text(bk, ws, 0, k, head[k], 1);
    for (size_t k = 7; dated && k < 10; ++k)
        put_text(bk, ws, 0, k, head[k], 1);
    if (notes)
        put_text(bk, ws, 0, notes_col, head[10], 1);
    parley_buf t;
    parley_buf_init(&t);
    notes_text n;
    memset(&n, 0, sizeof n);
    parley_buf_init(&n.b);
    n.key_of = parley_i_issue_note_key;
    parley_status st = PARLEY_OK;
    for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i) {
        const parley_issue *is = &s->issues[i];
        const size_t row = i + 1;
        put_text(bk, ws, row, 0, is->name, 0);
        put_text(bk, ws, row, 1, is->description, 0);
        put_number(bk, ws, row, 2, is->lo);
        put_number(bk, ws, row, 3, is->hi);
        if (is->has_status_quo)
            put_number(bk, ws, row, 4, is->status_quo);
        if (is->outcome.has_value) {
            put_number(bk, ws, row, 5, is->outcome.value);
            put_text(bk, ws, row, 7, is->outcome.as_of, 0);
            put_text(bk, ws, row, 8, is->outcome.source, 0);
            put_text(bk, ws, row, 9, is->outcome.confidence, 0);
        }
        t.len = 0;
        for (size_t l = 0; st == PARLEY_OK && l < is->n_labels; ++l) {
            char num[PARLEY_I_NUMBUF];
            st = parley_buf_printf(&t, "%s%s=", l ? "; " : "",
                                   parley_i_format_double(is->labels[l].point, num));
            if (st == PARLEY_OK)
                st = parley_i_buf_keyed(&t, is->labels[l].label ? is->labels[l].label : "",
                                        l + 1 < is->n_labels, '=', parley_i_label_key, NULL);
        }
        if (st == PARLEY_OK && t.len)
            put_text(bk, ws, row, 6, t.data, 0);
        notes_reset(&n);
        if (st == PARLEY_OK && is->has_status_quo)
            st = add_note(&n, "Status quo", NULL, is->status_quo_note);
        if (st == PARLEY_OK && is->outcome.has_value)
            st = add_note(&n, "Outcome", NULL, is->outcome.note);
        if (st == PARLEY_OK)
            st = notes_finish(&n);
        if (st == PARLEY_OK && n.b.len)
            put_text(bk, ws, row, notes_col, n.b.data, 0);
    }
    worksheet_set_column(ws, 0, 1, 18, NULL);
    parley_buf_destroy(&t);
    parley_buf_destroy(&n.b);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    return PARLEY_OK;
}

/* The sheet Scenario: Field, Value rows for the scenario's name,
 * description, source, date and salience scale. */
static parley_status scenario_sheet(book *bk, const parley_scenario *s, parley_error *err) {
    lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Scenario");
    if (!ws)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "cannot add the Scenario sheet");
    put_text(bk, ws, 0, 0, "Field", 1);
    put_text(bk, ws, 0, 1, "Value", 1);
    const char *const fields[4] = {"Name", "Description", "Source", "As of"};
    const char *const values[4] = {s->name, s->description, s->source, s->as_of};
    size_t row = 1;
    for (size_t k = 0; k < 4; ++k)
        if (values[k] && values[k][0]) {
            put_text(bk, ws, row, 0, fields[k], 0);
            put_text(bk, ws, row++, 1, values[k], 0);
        }
    put_text(bk, ws, row, 0, "Salience scale", 0);
    put_number(bk, ws, row, 1, s->salience_scale == PARLEY_SALIENCE_PERCENT ? 100 : 1);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 60, NULL);
    return PARLEY_OK;
}

/* 1 if an actor's name would be read back as the Status quo or the Outcome
 * row of the table. */
static int reserved_actor(const char *name) {
    return name && (strcasecmp(name, "Status quo") == 0 || strcasecmp(name, "SQ") == 0 ||
                    strcasecmp(name, "Reference point") == 0 || strcasecmp(name, "Outcome") == 0);
}

/* A temporary file name in path's directory (or $TMPDIR for "-"), created
 * empty with mkstemp; *tmp is malloc'd.  Errors: PARLEY_EIO, PARLEY_ENOMEM. */
static parley_status make_temp(const char *path, char **tmp, parley_error *err) {
    const char *dir = ".";
    size_t dlen = 1;
    if (strcmp(path, "-") == 0) {
        dir = getenv("TMPDIR");
        if (!dir || !dir[0])
            dir = "/tmp";
        dlen = strlen(dir);
    } else {
        const char *slash = strrchr(path, '/');
        if (slash) {
            dir = path;
            dlen = slash == path ? 1 : (size_t)(slash - path);
        }
    }
    const size_t len = dlen + 32;
    *tmp = malloc(len);
    if (!*tmp)
        return parley_error_set(err, PARLEY_ENOMEM, path, 0, 0, "out of memory");
    snprintf(*tmp, len, "%.*s/.parley-xlsx-XXXXXX", (int)dlen, dir);
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        parley_error_set(err, PARLEY_EIO, path, 0, 0, "cannot create a temporary file in %.*s: %s",
                         (int)dlen, dir, strerror(errno));
        free(*tmp);
        *tmp = NULL;
        return PARLEY_EIO;
    }
    close(fd);
    return PARLEY_OK;
}

/* Reads the finished workbook tmp into *data (malloc'd). */
static parley_status slurp(const char *tmp, const char *path, char **data, size_t *size,
                           parley_error *err) {
    FILE *f = fopen(tmp, "rb");
    parley_buf b;
    parley_buf_init(&b);
    parley_status st = f ? PARLEY_OK : PARLEY_EIO;
    char chunk[65536];
    size_t got;
    while (st == PARLEY_OK && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = parley_buf_append(&b, chunk, got);
    if (st == PARLEY_OK && ferror(f))
        st = PARLEY_EIO;
    if (f)
        fclose(f);
    if (st != PARLEY_OK) {
        parley_buf_destroy(&b);
        return parley_error_set(err, st, path, 0, 0, "cannot read back the workbook written");
    }
    *data = b.data;
    *size = b.len;
    return PARLEY_OK;
}

parley_status parley_scenario_write_xlsx(const parley_scenario *s, const char *path,
                                         parley_error *err) {
    if (!s || !path || !path[0] || s->n_actors == 0 || s->n_issues == 0)
        return parley_error_set(err, PARLEY_EINVAL, path, 0, 0,
                                "nothing to write (no path, actor or issue)");
    for (size_t a = 0; a < s->n_actors; ++a)
        if (reserved_actor(s->actors[a].name))
            return parley_error_set(err, PARLEY_EDATA, path, 0, 0,
                                    "actor \"%s\" would be read back as the %s row of the table "
                                    "(expected another name: rename the actor)",
                                    s->actors[a].name,
                                    strcasecmp(s->actors[a].name, "Outcome") == 0 ? "Outcome"
                                                                                  : "Status quo");
    char *tmp = NULL;
    parley_status st = make_temp(path, &tmp, err);
    if (st != PARLEY_OK)
        return st;
    book bk;
    memset(&bk, 0, sizeof bk);
    bk.wb = workbook_new(tmp);
    if (!bk.wb) {
        unlink(tmp);
        free(tmp);
        return parley_error_set(err, PARLEY_EIO, path, 0, 0, "cannot start the workbook");
    }
    bk.head = workbook_add_format(bk.wb);
    if (bk.head)
        format_set_bold(bk.head);
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = s->name;
    props.subject = s->description;
    props.comments = s->source;
    workbook_set_properties(bk.wb, &props);
    st = actors_sheet(&bk, s, err);
    if (st == PARLEY_OK)
        st = issues_sheet(&bk, s, err);
    if (st == PARLEY_OK)
        st = scenario_sheet(&bk, s, err);
    if (st == PARLEY_OK && bk.too_long)
        st = parley_error_set(err, PARLEY_EDATA, path, 0, 0,
                              "a text is longer than a spreadsheet cell holds (%d bytes)",
                              CELL_TEXT_MAX);
    if (st == PARLEY_OK && bk.failed != LXW_NO_ERROR)
        st = parley_error_set(err, PARLEY_EIO, path, 0, 0, "cannot write the workbook: %s",
                              lxw_strerror(bk.failed));
    lxw_error closed = workbook_close(bk.wb); /* writes the file, frees the workbook */
    if (st == PARLEY_OK && closed != LXW_NO_ERROR)
        st = parley_error_set(err, PARLEY_EIO, path, 0, 0, "cannot write the workbook: %s",
                              lxw_strerror(closed));
    char *data = NULL;
    size_t size = 0;
    if (st == PARLEY_OK)
        st = slurp(tmp, path, &data, &size, err);
    unlink(tmp);
    free(tmp);
    if (st == PARLEY_OK)
        st = parley_write_file_atomic(path, data, size, err);
    free(data);
    return st;
}
