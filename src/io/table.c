/* parley: stakeholder tables (CSV), as described in docs/formats.md.
 *
 * One-issue form: a header naming the roles (Actor, Capability, Position,
 * Salience and their aliases) in any order, then one row per actor.
 *
 * Several issues in one sheet: one Position/Salience column pair per issue,
 * the issue named in the header after the role word ("Position tax",
 * "Salience tax", also "Position: tax" or "tax Position"), optionally a
 * "Capability tax" column per issue (a capability that differs by issue)
 * and a "Description" column (the actor's long name).  Issues are numbered
 * in the order of their Position columns.  An actor takes no part in an
 * issue when its Position and Salience cells for that issue are both empty.
 *
 * The tokenizer (csv.c) remembers the line and column of every field, so
 * every diagnostic points at the offending field.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/internal.h"
#include "io/csv.h"
#include "io/internal.h"
#include "io/reader.h"
#include "io/table_meta.h"

enum { ROLE_ACTOR, ROLE_CAPABILITY, ROLE_POSITION, ROLE_SALIENCE, ROLE_DESCRIPTION, N_ROLES };

static const char *const role_names[N_ROLES] = {"Actor", "Capability", "Position", "Salience",
                                                "Description"};

/* Header names accepted for each role, matched case-insensitively. */
static int role_of_word(const char *name, size_t len) {
    static const struct {
        const char *name;
        int role;
    } aliases[] = {
        {"actor", ROLE_ACTOR},
        {"stakeholder", ROLE_ACTOR},
        {"name", ROLE_ACTOR},
        {"capability", ROLE_CAPABILITY},
        {"clout", ROLE_CAPABILITY},
        {"resources", ROLE_CAPABILITY},
        {"power", ROLE_CAPABILITY},
        {"influence", ROLE_CAPABILITY},
        {"position", ROLE_POSITION},
        {"salience", ROLE_SALIENCE},
        {"description", ROLE_DESCRIPTION},
    };
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; ++k)
        if (strlen(aliases[k].name) == len && strncasecmp(name, aliases[k].name, len) == 0)
            return aliases[k].role;
    return -1;
}

/* A column of the header: its role and, for per-issue columns, the issue. */
typedef struct column {
    int role;          /* ROLE_*, or -1 for unknown */
    const char *issue; /* issue name for "Position tax" and the like, else NULL */
} column;

/* Splits a header name into a role and an optional issue name:
 * "Position", "Position tax", "Position: tax", "tax Position", "tax: Position". */
static column parse_header(char *name) {
    column c = {role_of_word(name, strlen(name)), NULL};
    if (c.role >= 0)
        return c;
    /* role word first */
    size_t w = strcspn(name, " \t:");
    int role = role_of_word(name, w);
    if (role == ROLE_POSITION || role == ROLE_SALIENCE || role == ROLE_CAPABILITY) {
        /* the separator: blanks, at most one ':', blanks ("Position: :x"
         * names the issue ":x", as the table writer writes it) */
        char *rest = name + w;
        while (*rest == ' ' || *rest == '\t')
            ++rest;
        if (*rest == ':')
            ++rest;
        while (*rest == ' ' || *rest == '\t')
            ++rest;
        if (*rest)
            return (column){role, rest};
    }
    /* role word last */
    size_t n = strlen(name);
    size_t s = n;
    while (s > 0 && name[s - 1] != ' ' && name[s - 1] != '\t' && name[s - 1] != ':')
        --s;
    role = role_of_word(name + s, n - s);
    if (s > 0 && (role == ROLE_POSITION || role == ROLE_SALIENCE || role == ROLE_CAPABILITY)) {
        size_t e = s; /* blanks, at most one ':', blanks */
        while (e > 0 && (name[e - 1] == ' ' || name[e - 1] == '\t'))
            --e;
        if (e > 0 && name[e - 1] == ':')
            --e;
        while (e > 0 && (name[e - 1] == ' ' || name[e - 1] == '\t'))
            --e;
        if (e > 0) {
            name[e] = '\0';
            return (column){role, name};
        }
    }
    return (column){-1, NULL};
}

/* One issue of the sheet and its columns (index into the header, or -1). */
typedef struct issue_cols {
    const char *name;
    size_t pos, sal, cap;
    size_t header_line, header_column;
} issue_cols;

#define NONE ((size_t)-1)

/* What a record is called in messages: a line of a CSV file, a row of a sheet. */
#define LINE_WORD(t) ((t)->sheet ? "row" : "line")

typedef struct sheet {
    parley_i_csv *t; /* the records: tokenized CSV or the cells of a spreadsheet */
    size_t actor, capability, description; /* actor-level columns */
    issue_cols *issues;
    size_t n_issues;
    int named;                       /* 1 if issues are named in the header */
    size_t notes;                    /* the Notes column, or NONE */
    const parley_i_table_meta *meta; /* the Scenario and Issues sheets, "#" lines; may be NULL */
    const parley_i_issue_meta **meta_of; /* per issue of the table, its meta row or NULL */
    const char **issue_names;            /* the issues' names (for the Notes keys) */
} sheet;

int parley_i_table_column_name(const char *text) {
    char name[256];
    snprintf(name, sizeof name, "%s", text);
    const char *n = parley_i_trim(name);
    return strcasecmp(n, "Notes") == 0 || strcasecmp(n, "Note") == 0 ||
           parse_header(name + (n - name)).role >= 0;
}

/* The values of record r that are not blank: their count, and the first in
 * *first; *names counts those that name a column. */
static size_t filled(const parley_i_csv *t, const parley_i_record *r, parley_i_field **first,
                     size_t *names) {
    size_t n = 0;
    *first = NULL;
    *names = 0;
    for (size_t k = 0; k < r->n; ++k) {
        parley_i_field *f = parley_i_csv_field(t, r, k);
        const char *p = f->text;
        while (*p == ' ' || *p == '\t')
            ++p;
        if (*p && n++ == 0)
            *first = f;
        if (*p && parley_i_table_column_name(p))
            ++*names;
    }
    return n;
}

/* 1 if every field of r is blank: a blank line, or ",,," (a spreadsheet's
 * CSV export of an empty row), which is read as one -- also when the
 * table's delimiter is another (",,," above or below a ';' table is one
 * field of commas). */
static int all_blank(const parley_i_csv *t, const parley_i_record *r) {
    for (size_t k = 0; k < r->n; ++k) {
        const char *p = parley_i_csv_field(t, r, k)->text;
        if (p[strspn(p, " \t,;")])
            return 0;
    }
    return 1;
}

/* Title lines above the header ("Six-Party coding", "Source: interviews",
 * "Trade talks,2024" and then "Actor,Capability,..."; a spreadsheet's
 * merged title rows are read by sheets.c): records that hold at most two
 * values each and name no column, above the first record naming at least
 * two columns.  Reports them once, at the first, instead of unknown
 * columns and every column as missing, and returns 1. */
static int title_line(parley_i_csv *t) {
    parley_i_field *title = NULL, *f = NULL;
    size_t names = 0, n_titles = 0, n_first = 0, last = 0, r = 0;
    for (; r < t->n_records; ++r) {
        size_t n = filled(t, &t->records[r], &f, &names);
        if (n == 0)
            continue; /* blank lines between */
        if (names >= 2)
            break; /* the header */
        if (n > 2 || names)
            return 0;
        if (n_titles++ == 0) {
            title = f;
            n_first = n;
        }
        last = t->records[r].line;
    }
    if (r == t->n_records || n_titles == 0)
        return 0;
    size_t header = t->records[r].line;
    const char *where = t->sheet ? " (the scenario's name goes in a Scenario sheet)"
                                 : " (the scenario's name goes in a '# scenario: name=...' line)";
    char shown[64];
    parley_i_show(title->text, shown, sizeof shown);
    if (n_titles == 1 && n_first == 1)
        parley_i_csv_error(t, PARLEY_EDATA, title->line, title->column,
                           "%s %zu holds one value (%s) and %s %zu the column names: if it is a "
                           "title above the table, delete it; the header (Actor, Capability, "
                           "Position, Salience) must come first%s",
                           LINE_WORD(t), title->line, shown, LINE_WORD(t), header, where);
    else if (n_titles == 1)
        parley_i_csv_error(t, PARLEY_EDATA, title->line, title->column,
                           "%s %zu holds two values (the first %s) and %s %zu the column names: "
                           "if it is a title above the table, delete it; the header (Actor, "
                           "Capability, Position, Salience) must come first%s",
                           LINE_WORD(t), title->line, shown, LINE_WORD(t), header, where);
    else
        parley_i_csv_error(t, PARLEY_EDATA, title->line, title->column,
                           "%ss %zu-%zu are above the header on %s %zu (titles or notes such as "
                           "%s): delete them; the header (Actor, Capability, Position, Salience) "
                           "must come first%s",
                           LINE_WORD(t), title->line, last, LINE_WORD(t), header, shown, where);
    return 1;
}

/* Reads the header.  Returns 1 if it is usable. */
static int read_header(sheet *sh, const parley_i_record *h) {
    parley_i_csv *t = sh->t;
    char shown[64];
    sh->actor = sh->capability = sh->description = sh->notes = NONE;
    sh->issues = calloc(h->n + 1, sizeof *sh->issues);
    if (!sh->issues) {
        t->nomem = 1;
        return 0;
    }
    int ok = 1, plain_issue = 0;
    for (size_t k = 0; k < h->n; ++k) {
        parley_i_field *f = parley_i_csv_field(t, h, k);
        char *name = parley_i_trim(f->text);
        char original[64];
        parley_i_show(name, original, sizeof original);
        if (strcasecmp(name, "Notes") == 0 || strcasecmp(name, "Note") == 0) {
            /* per-value source notes: "Position tax: NOTE; Capability: NOTE" */
            if (sh->notes != NONE) {
                parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                                   "duplicate column %s (column %zu is already %s)", original,
                                   sh->notes + 1, parley_i_csv_field(t, h, sh->notes)->text);
                ok = 0;
            }
            sh->notes = k;
            continue;
        }
        column c = parse_header(name);
        if (c.role < 0) {
            parley_i_csv_error(
                t, PARLEY_EDATA, f->line, f->column,
                "unknown column %s (expected Actor, Capability, Position or Salience, or an alias)",
                original);
            ok = 0;
            continue;
        }
        if (c.role == ROLE_ACTOR || c.role == ROLE_DESCRIPTION ||
            (c.role == ROLE_CAPABILITY && !c.issue)) {
            size_t *slot = c.role == ROLE_ACTOR         ? &sh->actor
                           : c.role == ROLE_DESCRIPTION ? &sh->description
                                                        : &sh->capability;
            if (*slot != NONE) {
                parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                                   "duplicate column %s for %s (column %zu is already %s)",
                                   original, role_names[c.role], *slot + 1,
                                   parley_i_csv_field(t, h, *slot)->text);
                ok = 0;
            } else {
                *slot = k;
            }
            continue;
        }
        /* Position, Salience or a per-issue Capability */
        const char *issue = c.issue ? c.issue : "";
        if (c.issue)
            sh->named = 1;
        else
            plain_issue = 1;
        size_t i = 0;
        while (i < sh->n_issues && strcmp(sh->issues[i].name, issue) != 0)
            ++i;
        if (i == sh->n_issues) {
            sh->issues[i] = (issue_cols){issue, NONE, NONE, NONE, f->line, f->column};
            sh->n_issues++;
        }
        size_t *slot = c.role == ROLE_POSITION   ? &sh->issues[i].pos
                       : c.role == ROLE_SALIENCE ? &sh->issues[i].sal
                                                 : &sh->issues[i].cap;
        if (*slot != NONE) {
            if (c.issue)
                parley_i_csv_error(
                    t, PARLEY_EDATA, f->line, f->column,
                    "duplicate column %s for %s of issue %s (column %zu is already %s)", original,
                    role_names[c.role], parley_i_show(issue, shown, sizeof shown), *slot + 1,
                    parley_i_csv_field(t, h, *slot)->text);
            else
                parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                                   "duplicate column %s for %s (column %zu is already %s)",
                                   original, role_names[c.role], *slot + 1,
                                   parley_i_csv_field(t, h, *slot)->text);
            ok = 0;
        } else {
            *slot = k;
        }
    }
    if (plain_issue && sh->named) {
        parley_i_csv_error(
            t, PARLEY_EDATA, h->line, 0,
            "plain Position/Salience columns mixed with per-issue columns (expected either "
            "one issue, or every column named like \"Position tax\")");
        return 0;
    }
    if (sh->actor == NONE) {
        parley_i_csv_error(t, PARLEY_EDATA, h->line, 0,
                           "missing column for Actor (expected a column named Actor)");
        ok = 0;
    }
    if (!sh->named) {
        /* one-issue form: the four classic columns */
        if (sh->capability == NONE && (sh->n_issues == 0 || sh->issues[0].cap == NONE)) {
            parley_i_csv_error(
                t, PARLEY_EDATA, h->line, 0,
                "missing column for Capability (expected a column named Capability)");
            ok = 0;
        }
        if (sh->n_issues == 0 || sh->issues[0].pos == NONE) {
            parley_i_csv_error(t, PARLEY_EDATA, h->line, 0,
                               "missing column for Position (expected a column named Position)");
            ok = 0;
        }
        if (sh->n_issues == 0 || sh->issues[0].sal == NONE) {
            parley_i_csv_error(t, PARLEY_EDATA, h->line, 0,
                               "missing column for Salience (expected a column named Salience)");
            ok = 0;
        }
        return ok;
    }
    for (size_t i = 0; i < sh->n_issues; ++i) {
        issue_cols *ic = &sh->issues[i];
        parley_i_show(ic->name, shown, sizeof shown);
        if (ic->pos == NONE)
            parley_i_csv_error(
                t, PARLEY_EDATA, ic->header_line, ic->header_column,
                "issue %s has no Position column (expected a column named \"Position %s\")", shown,
                ic->name);
        if (ic->sal == NONE)
            parley_i_csv_error(
                t, PARLEY_EDATA, ic->header_line, ic->header_column,
                "issue %s has no Salience column (expected a column named \"Salience %s\")", shown,
                ic->name);
        if (ic->cap == NONE && sh->capability == NONE)
            parley_i_csv_error(
                t, PARLEY_EDATA, ic->header_line, ic->header_column,
                "issue %s has no capability (expected a Capability column, or \"Capability %s\")",
                shown, ic->name);
        if (ic->pos == NONE || ic->sal == NONE || (ic->cap == NONE && sh->capability == NONE))
            ok = 0;
    }
    return ok;
}

/* Values of one actor row; cells has n_issues entries. */
typedef struct row {
    const char *name, *description;
    parley_cell *cells;
    const parley_i_field *name_field;
    const parley_i_record *rec; /* its record (for the Outcome row's cell locations) */
    size_t line;
    size_t dup_of;     /* row index of an earlier row with the same name (any case), or NONE */
    int is_status_quo; /* the Status quo row: each issue's status quo in its Position cell,
                          stored like the Outcome row's */
    int is_outcome;    /* the Outcome row: observed outcomes in its Position cells, stored in
                          cells[i].position with cells[i].salience = 1 when given (present stays 0) */
} row;

typedef struct name_key {
    const char *name;
    size_t index;
} name_key;

static int by_name_ci(const void *a, const void *b) {
    const name_key *x = a, *y = b;
    int c = strcasecmp(x->name, y->name);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Marks each row whose name (case-insensitively) was used by an earlier row,
 * in O(n log n). */
static int find_duplicates(row *rows, size_t n) {
    name_key *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return 0;
    size_t m = 0;
    for (size_t k = 0; k < n; ++k) {
        rows[k].dup_of = NONE;
        if (rows[k].name && rows[k].name[0])
            keys[m++] = (name_key){rows[k].name, k};
    }
    qsort(keys, m, sizeof *keys, by_name_ci);
    for (size_t k = 1; k < m; ++k) {
        size_t g = k;
        while (g > 0 && strcasecmp(keys[g - 1].name, keys[k].name) == 0)
            --g;
        if (g < k)
            rows[keys[k].index].dup_of = keys[g].index;
    }
    free(keys);
    return 1;
}

/* Reads one value cell of a row; returns 1 if it holds a valid number. */
static int cell_number(parley_i_csv *t, parley_i_field *f, const char *column_name, double *out) {
    return parley_i_csv_number(t, f, column_name, out);
}

static void read_cell(sheet *sh, const parley_i_record *h, const parley_i_record *r, size_t i,
                      row *w, const parley_read_options *opts, int *ok) {
    parley_i_csv *t = sh->t;
    char shown[64], b1[PARLEY_I_NUMBUF], b2[PARLEY_I_NUMBUF];
    const issue_cols *ic = &sh->issues[i];
    parley_cell *c = &w->cells[i];
    parley_i_field *fp = parley_i_csv_field(t, r, ic->pos);
    parley_i_field *fs = parley_i_csv_field(t, r, ic->sal);
    parley_i_field *fc = ic->cap != NONE ? parley_i_csv_field(t, r, ic->cap) : NULL;
    if (sh->named) {
        /* both empty (and no per-issue capability): the actor takes no part */
        const char *p = parley_i_trim(fp->text), *s = parley_i_trim(fs->text);
        const char *cp = fc ? parley_i_trim(fc->text) : "";
        if (!p[0] && !s[0] && !cp[0])
            return;
    }
    const char *cap_name = fc ? parley_i_csv_field(t, h, ic->cap)->text
                              : parley_i_csv_field(t, h, sh->capability)->text;
    const char *pos_name = parley_i_csv_field(t, h, ic->pos)->text;
    const char *sal_name = parley_i_csv_field(t, h, ic->sal)->text;
    c->present = 1;
    if (!fc)
        fc = parley_i_csv_field(t, r, sh->capability);
    if (cell_number(t, fc, cap_name, &c->capability)) {
        if (c->capability < 0) {
            parley_i_csv_error(t, PARLEY_EDATA, fc->line, fc->column,
                               "expected a %s >= 0, found %s", cap_name,
                               parley_i_show(fc->text, shown, sizeof shown));
            *ok = 0;
        }
    } else {
        *ok = 0;
    }
    if (cell_number(t, fp, pos_name, &c->position)) {
        if (opts->bounds_given && !(c->position >= opts->lo && c->position <= opts->hi)) {
            parley_i_csv_error(t, PARLEY_EDATA, fp->line, fp->column,
                               "expected a %s inside the given bounds [%s, %s], found %s", pos_name,
                               parley_i_format_double(opts->lo, b1),
                               parley_i_format_double(opts->hi, b2),
                               parley_i_show(fp->text, shown, sizeof shown));
            *ok = 0;
        }
    } else {
        *ok = 0;
    }
    if (cell_number(t, fs, sal_name, &c->salience)) {
        double top = opts->salience_scale == 1 ? 1.0 : 100.0;
        if (c->salience < 0 || c->salience > top) {
            if (opts->salience_scale)
                parley_i_csv_error(
                    t, PARLEY_EDATA, fs->line, fs->column,
                    "expected a %s in [0, %d] (the requested salience scale), found %s", sal_name,
                    opts->salience_scale, parley_i_show(fs->text, shown, sizeof shown));
            else
                parley_i_csv_error(t, PARLEY_EDATA, fs->line, fs->column,
                                   "expected a %s in [0, 1] or [0, 100], found %s", sal_name,
                                   parley_i_show(fs->text, shown, sizeof shown));
            *ok = 0;
        }
    } else {
        *ok = 0;
    }
}

/* Reads the Outcome row or the Status quo row (docs/formats.md): each
 * issue's observed outcome (status quo) in its Position cell (empty: not
 * known); its other value cells must be empty. */
static void read_point_row(sheet *sh, const parley_i_record *h, const parley_i_record *r, row *w,
                           int status_quo) {
    parley_i_csv *t = sh->t;
    if (status_quo)
        w->is_status_quo = 1;
    else
        w->is_outcome = 1;
    for (size_t k = 0; k < r->n; ++k) {
        parley_i_field *f = parley_i_csv_field(t, r, k);
        if (k == sh->actor || k == sh->description || k == sh->notes || !parley_i_trim(f->text)[0])
            continue;
        int is_position = 0;
        for (size_t i = 0; i < sh->n_issues; ++i)
            if (sh->issues[i].pos == k) {
                is_position = 1;
                if (parley_i_csv_number(t, f, status_quo ? "status quo" : "outcome",
                                        &w->cells[i].position))
                    w->cells[i].salience = 1;
            }
        if (!is_position && status_quo)
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "the Status quo row holds each issue's status quo in Position "
                               "columns only (expected this %s cell empty)",
                               parley_i_csv_field(t, h, k)->text);
        else if (!is_position)
            parley_i_csv_error(
                t, PARLEY_EDATA, f->line, f->column,
                "the Outcome row holds outcomes in Position columns only (expected this %s cell "
                "empty)",
                parley_i_csv_field(t, h, k)->text);
    }
}

/* 1 if name is one of the Status quo row's: "Status quo", "SQ", "Reference point". */
static int status_quo_name(const char *name) {
    return strcasecmp(name, "Status quo") == 0 || strcasecmp(name, "SQ") == 0 ||
           strcasecmp(name, "Reference point") == 0;
}

/* The Notes cell of a row: "Position tax: NOTE; Salience tax: NOTE;
 * Capability: NOTE" (docs/formats.md).  A key is a role word (Position,
 * Salience or a capability alias) and, in a table with named issues, the
 * issue; a bare capability key is the actor's capability (all its issues).
 * In the Status quo and Outcome rows only Position keys: the note of that
 * issue's status quo or outcome.  Keys are numbered role * (n + 1) + issue,
 * issue n meaning every issue. */
typedef struct notes_ctx {
    sheet *sh;
    row *w;
} notes_ctx;

int parley_i_actor_note_key(void *ctx, const char *key, size_t len) {
    const parley_i_actor_keys *k = ctx;
    return parley_i_table_note_key(key, len, k->named, k->cap_column, k->issues, k->n_issues, 0);
}

int parley_i_table_note_key(const char *key, size_t len, int named, int cap_column,
                            const char *const *issues, size_t n_issues, int point_row) {
    const size_t ni = n_issues;
    size_t w = 0;
    while (w < len && key[w] != ' ' && key[w] != '\t')
        ++w;
    int role = role_of_word(key, w);
    int r = role == ROLE_POSITION     ? 0
            : role == ROLE_SALIENCE   ? 1
            : role == ROLE_CAPABILITY ? 2
                                      : -1;
    if (r < 0 || (point_row && r != 0))
        return -1;
    if (w == len) {
        if (!named)
            return r * (int)(ni + 1);
        return r == 2 && cap_column ? 2 * (int)(ni + 1) + (int)ni : -1;
    }
    if (!named)
        return -1;
    while (w < len && (key[w] == ' ' || key[w] == '\t'))
        ++w;
    for (size_t i = 0; i < ni; ++i)
        if (strlen(issues[i]) == len - w && strncmp(issues[i], key + w, len - w) == 0)
            return r * (int)(ni + 1) + (int)i;
    return -1;
}

static int note_key(void *ctx, const char *key, size_t len) {
    notes_ctx *n = ctx;
    const sheet *sh = n->sh;
    return parley_i_table_note_key(key, len, sh->named, sh->capability != NONE, sh->issue_names,
                                   sh->n_issues, n->w->is_status_quo || n->w->is_outcome);
}

static void note_put(void *ctx, int key, const char *key_text, size_t key_len, const char *note) {
    (void)key_text;
    (void)key_len;
    notes_ctx *n = ctx;
    const size_t ni = n->sh->n_issues;
    size_t r = (size_t)key / (ni + 1), i = (size_t)key % (ni + 1);
    for (size_t k = i == ni ? 0 : i; k < (i == ni ? ni : i + 1); ++k) {
        parley_cell *c = &n->w->cells[k];
        char **slot = r == 0 ? &c->position_note : r == 1 ? &c->salience_note : &c->capability_note;
        *slot = (char *)note;
    }
}

static void read_notes(sheet *sh, const parley_i_record *r, row *w) {
    if (sh->notes == NONE)
        return;
    parley_i_csv *t = sh->t;
    parley_i_field *f = parley_i_csv_field(t, r, sh->notes);
    notes_ctx n = {sh, w};
    const char *bad = NULL;
    char shown[64];
    if (!parley_i_split_keyed(f->text, ':', note_key, note_put, &n, &bad))
        parley_i_csv_error(
            t, PARLEY_EDATA, f->line, f->column, "expected notes written %s, found %s",
            w->is_status_quo || w->is_outcome
                ? (sh->named ? "\"Position ISSUE: NOTE; ...\"" : "\"Position: NOTE\"")
            : sh->named ? "\"Position ISSUE: NOTE; Salience ISSUE: NOTE; "
                          "Capability: NOTE\""
                        : "\"Position: NOTE; Salience: NOTE; Capability: NOTE\"",
            parley_i_show(bad, shown, sizeof shown));
}

/* Reads the rows after the header.  rows has room for every record. */
static void read_rows(sheet *sh, row *rows, parley_cell *cells, size_t *n_rows,
                      const parley_read_options *opts) {
    parley_i_csv *t = sh->t;
    const parley_i_record *h = &t->records[0];
    char shown[64];
    *n_rows = 0;
    /* first pass: shapes and names, so that duplicates are found in O(n log n) */
    const parley_i_record **recs = malloc(t->n_records * sizeof *recs);
    if (!recs) {
        t->nomem = 1;
        return;
    }
    for (size_t k = 1; k < t->n_records; ++k) {
        const parley_i_record *r = &t->records[k];
        recs[k] = NULL;
        if (r->n != h->n || all_blank(t, r))
            continue;
        row *w = &rows[*n_rows];
        memset(w, 0, sizeof *w);
        w->cells = cells + *n_rows * sh->n_issues;
        w->line = r->line;
        w->rec = r;
        w->name_field = parley_i_csv_field(t, r, sh->actor);
        w->name = parley_i_trim(w->name_field->text);
        if (sh->description != NONE) {
            parley_i_field *fd = parley_i_csv_field(t, r, sh->description);
            w->description = fd->text[0] ? fd->text : NULL;
        }
        recs[k] = r;
        (*n_rows)++;
    }
    if (!find_duplicates(rows, *n_rows)) {
        t->nomem = 1;
        free(recs);
        return;
    }
    const row *sq_row = NULL;
    for (size_t k = 1, next = 0; k < t->n_records; ++k) {
        const parley_i_record *r = &t->records[k];
        if (!recs[k]) {
            if (all_blank(t, r))
                parley_i_csv_error(t, PARLEY_EDATA, r->line, 0, "blank %s (expected %zu fields)",
                                   LINE_WORD(t), h->n);
            else
                parley_i_csv_error(t, PARLEY_EDATA, r->line, 0, "expected %zu fields, found %zu",
                                   h->n, r->n);
            continue;
        }
        row *w = &rows[next++];
        const parley_i_field *fa = w->name_field;
        int ok = 1;
        if (strcasecmp(w->name, "Outcome") == 0 && w->dup_of == NONE) {
            read_point_row(sh, h, r, w, 0);
            read_notes(sh, r, w);
            continue;
        }
        if (status_quo_name(w->name)) {
            if (sq_row) {
                parley_i_csv_error(t, PARLEY_EDATA, fa->line, fa->column,
                                   "a second Status quo row (the first is on %s %zu; expected one "
                                   "row holding every issue's status quo)",
                                   LINE_WORD(t), sq_row->line);
                continue;
            }
            read_point_row(sh, h, r, w, 1);
            read_notes(sh, r, w);
            sq_row = w;
            continue;
        }
        if (strcasecmp(w->name, "Outcome") == 0) {
            /* not an actor "Outcome" with empty values: a second Outcome row */
            parley_i_csv_error(
                t, PARLEY_EDATA, fa->line, fa->column,
                "a second Outcome row (the first is on %s %zu; expected one row holding "
                "every issue's outcome)",
                LINE_WORD(t), rows[w->dup_of].line);
            continue;
        }
        if (!w->name[0]) {
            parley_i_csv_error(t, PARLEY_EDATA, fa->line, fa->column,
                               "empty actor name (expected a name)");
            ok = 0;
        } else if (w->dup_of != NONE) {
            const row *o = &rows[w->dup_of];
            if (strcmp(o->name, w->name) == 0)
                parley_i_csv_error(
                    t, PARLEY_EDATA, fa->line, fa->column, "duplicate actor %s (already on %s %zu)",
                    parley_i_show(w->name, shown, sizeof shown), LINE_WORD(t), o->line);
            else
                parley_i_csv_error(t, PARLEY_EDATA, fa->line, fa->column,
                                   "actor %s differs only in case from \"%s\" on %s %zu",
                                   parley_i_show(w->name, shown, sizeof shown), o->name,
                                   LINE_WORD(t), o->line);
        }
        for (size_t i = 0; i < sh->n_issues; ++i)
            read_cell(sh, h, r, i, w, opts, &ok);
        read_notes(sh, r, w);
        int any = 0;
        for (size_t i = 0; i < sh->n_issues; ++i)
            any |= w->cells[i].present;
        if (!any && w->name[0])
            parley_i_csv_error(t, PARLEY_EDATA, w->line, 0,
                               "actor %s takes part in no issue (expected a Position and a "
                               "Salience for at least one)",
                               parley_i_show(w->name, shown, sizeof shown));
    }
    free(recs);
}

/* The file's base name without directory and extension, with any byte
 * that is not UTF-8 replaced by U+FFFD. */
static parley_status set_name_from_file(parley_scenario *s, const char *file) {
    if (!file || !file[0] || strcmp(file, "-") == 0)
        return parley_set_string(&s->name, "table");
    const char *slash = strrchr(file, '/');
    const char *base = slash ? slash + 1 : file;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    /* a file name need not be UTF-8; the scenario's name must be */
    char *name = parley_i_utf8_fix(base, len);
    if (!name)
        return PARLEY_ENOMEM;
    free(s->name);
    s->name = name;
    return PARLEY_OK;
}

/* Checks the issues: each needs a participant with positive weight. */
static int check_issues(sheet *sh, const row *rows, size_t n) {
    parley_i_csv *t = sh->t;
    char shown[64];
    int ok = 1;
    for (size_t i = 0; i < sh->n_issues; ++i) {
        double weight = 0;
        size_t count = 0, last = 0;
        for (size_t k = 0; k < n; ++k) {
            const parley_cell *c = &rows[k].cells[i];
            if (!c->present)
                continue;
            weight += c->capability * c->salience;
            count++;
            last = k;
        }
        const issue_cols *ic = &sh->issues[i];
        if (count == 0) {
            parley_i_csv_error(t, PARLEY_EDATA, ic->header_line, ic->header_column,
                               "no actor takes part in issue %s (expected a Position and a "
                               "Salience in at least one row)",
                               parley_i_show(ic->name, shown, sizeof shown));
            ok = 0;
        } else if (!(weight > 0)) {
            if (sh->named)
                parley_i_csv_error(t, PARLEY_EDATA, ic->header_line, ic->header_column,
                                   "no actor has positive capability x salience on issue %s "
                                   "(expected at least one "
                                   "with capability > 0 and salience > 0)",
                                   parley_i_show(ic->name, shown, sizeof shown));
            else
                parley_i_csv_error(
                    t, PARLEY_EDATA, 0, 0,
                    "no actor has positive capability x salience (expected at least one with "
                    "capability > 0 and salience > 0)");
            ok = 0;
        } else if (count == 1) {
            if (sh->named)
                parley_i_csv_diag(t, PARLEY_SEV_WARNING, rows[last].line, 0,
                                  "only one actor takes part in issue %s",
                                  parley_i_show(ic->name, shown, sizeof shown));
            else
                parley_i_csv_diag(t, PARLEY_SEV_WARNING, rows[last].line, 0,
                                  "only one actor takes part in the issue");
        }
    }
    return ok;
}

static parley_status build(parley_scenario *s, sheet *sh, const row *rows, size_t n,
                           const parley_read_options *opts) {
    parley_i_csv *t = sh->t;
    const row *outcome = NULL, *sq = NULL;
    for (size_t k = 0; k < n; ++k) {
        if (rows[k].is_outcome)
            outcome = &rows[k];
        if (rows[k].is_status_quo)
            sq = &rows[k];
    }
    parley_status st = parley_scenario_init(s, n - (outcome != NULL) - (sq != NULL), sh->n_issues);
    if (st != PARLEY_OK)
        return st;
    /* Salience scale: stated by the options, else inferred. */
    int scale = opts->salience_scale;
    s->salience_scale_inferred = scale == 0;
    const row *above_one = NULL;
    size_t above_issue = 0;
    for (size_t k = 0; k < n && !above_one; ++k)
        for (size_t i = 0; i < sh->n_issues && !above_one; ++i)
            if (rows[k].cells[i].present && rows[k].cells[i].salience > 1.0) {
                above_one = &rows[k];
                above_issue = i;
            }
    if (scale == 0) {
        char shown[64];
        scale = above_one ? 100 : 1;
        if (above_one) {
            char text[PARLEY_I_NUMBUF];
            parley_i_format_double(above_one->cells[above_issue].salience, text);
            st = parley_diags_add(t->diags, PARLEY_SEV_NOTE, PARLEY_OK, t->file, 0, 0, NULL,
                                  "salience scale inferred as 0-100 (%s on %s %zu is above 1)",
                                  parley_i_show(text, shown, sizeof shown), LINE_WORD(t),
                                  above_one->line);
        } else {
            st = parley_diags_add(
                t->diags, PARLEY_SEV_NOTE, PARLEY_OK, t->file, 0, 0, NULL,
                "salience scale inferred as 0-1 (every salience is within [0, 1])");
        }
        if (st != PARLEY_OK)
            goto fail;
    }
    s->salience_scale = scale == 100 ? PARLEY_SALIENCE_PERCENT : PARLEY_SALIENCE_UNIT;
    const parley_i_table_meta *m = sh->meta;
    if ((st = set_name_from_file(s, t->file)) != PARLEY_OK)
        goto fail;
    if (m && m->name && (st = parley_set_string(&s->name, m->name)) != PARLEY_OK)
        goto fail;
    if (m && ((st = parley_set_string(&s->description, m->description)) != PARLEY_OK ||
              (st = parley_set_string(&s->source, m->source)) != PARLEY_OK ||
              (st = parley_set_string(&s->as_of, m->as_of)) != PARLEY_OK))
        goto fail;
    for (size_t i = 0; i < sh->n_issues; ++i) {
        parley_issue *issue = &s->issues[i];
        const parley_i_issue_meta *mi = sh->meta_of ? sh->meta_of[i] : NULL;
        /* a one-issue table names its issue after the file, like the scenario */
        const char *name = sh->named          ? sh->issues[i].name
                           : opts->issue_name ? opts->issue_name
                           : mi               ? mi->name
                                              : s->name;
        if ((st = parley_set_string(&issue->name, name)))
            goto fail;
        if (mi && (st = parley_set_string(&issue->description, mi->description)))
            goto fail;
        /* the status quo and the outcome: the Status quo and Outcome rows,
         * or the issue's meta row (both: the same value) */
        int has_sq = 0, has_outcome = 0;
        double sq_v = 0, outcome_v = 0;
        const parley_i_field *sq_f = NULL, *outcome_f = NULL;
        parley_i_csv *sq_t = t, *outcome_t = t;
        if (sq && sq->cells[i].salience == 1) {
            has_sq = 1;
            sq_v = sq->cells[i].position;
            sq_f = parley_i_csv_field(t, sq->rec, sh->issues[i].pos);
        }
        if (outcome && outcome->cells[i].salience == 1) {
            has_outcome = 1;
            outcome_v = outcome->cells[i].position;
            outcome_f = parley_i_csv_field(t, outcome->rec, sh->issues[i].pos);
        }
        char b1[PARLEY_I_NUMBUF], b2[PARLEY_I_NUMBUF], b3[PARLEY_I_NUMBUF];
        if (mi && mi->status_quo_f) {
            if (has_sq && sq_v != mi->status_quo)
                parley_i_csv_error(m->issues_t, PARLEY_EDATA, mi->status_quo_f->line,
                                   mi->status_quo_f->column,
                                   "status quo %s differs from %s in the Status quo row (%s %zu; "
                                   "expected the same value, or one of them empty)",
                                   parley_i_format_double(mi->status_quo, b1),
                                   parley_i_format_double(sq_v, b2), LINE_WORD(t), sq_f->line);
            has_sq = 1;
            sq_v = mi->status_quo;
            sq_f = mi->status_quo_f;
            sq_t = m->issues_t;
        }
        if (mi && mi->outcome_f) {
            if (has_outcome && outcome_v != mi->outcome)
                parley_i_csv_error(
                    m->issues_t, PARLEY_EDATA, mi->outcome_f->line, mi->outcome_f->column,
                    "outcome %s differs from %s in the Outcome row (%s %zu; "
                    "expected the same value, or one of them empty)",
                    parley_i_format_double(mi->outcome, b1), parley_i_format_double(outcome_v, b2),
                    LINE_WORD(t), outcome_f->line);
            has_outcome = 1;
            outcome_v = mi->outcome;
            outcome_f = mi->outcome_f;
            outcome_t = m->issues_t;
        }
        int any = 0;
        double lo = 0, hi = 0;
        for (size_t k = 0; k < n; ++k) {
            const parley_cell *c = &rows[k].cells[i];
            if (!c->present)
                continue;
            if (!any || c->position < lo)
                lo = c->position;
            if (!any || c->position > hi)
                hi = c->position;
            any = 1;
        }
        /* The status quo widens the inferred scale: it is a point of the
         * scenario (often beyond every actor's position: then the Nash
         * bargaining solution can move away from it), not an observation. */
        if (any && has_sq) {
            if (sq_v < lo)
                lo = sq_v;
            if (sq_v > hi)
                hi = sq_v;
        }
        /* Bounds: given by the options, else by the Issues sheet (Min, Max),
         * else the range of the positions (which may be a single point when
         * every actor agrees). */
        int meta_bounds = !opts->bounds_given && mi && mi->lo_f;
        int given = opts->bounds_given || meta_bounds;
        /* The observed outcome does not widen the inferred scale: the scale
         * would then depend on the outcome, and so would the forecasts of
         * the models that measure distances on it (spatial, eu). */
        if (any && !given && has_outcome && (outcome_v < lo || outcome_v > hi)) {
            parley_i_csv_error(
                outcome_t, PARLEY_EDATA, outcome_f->line, outcome_f->column,
                "outcome %s is outside [%s, %s], the range of the positions%s that is the "
                "issue's scale (state the scale with --bounds LO,HI or Min and Max)",
                parley_i_format_double(outcome_v, b1), parley_i_format_double(lo, b2),
                parley_i_format_double(hi, b3), has_sq ? " and the status quo" : "");
        }
        issue->bounds_given = given;
        issue->lo = opts->bounds_given ? opts->lo : meta_bounds ? mi->lo : lo;
        issue->hi = opts->bounds_given ? opts->hi : meta_bounds ? mi->hi : hi;
        if (meta_bounds) {
            /* every point inside the stated scale, each at its cell */
            parley_i_format_double(issue->lo, b2);
            parley_i_format_double(issue->hi, b3);
            for (size_t k = 0; k < n; ++k) {
                const parley_cell *c = &rows[k].cells[i];
                if (!c->present || (c->position >= issue->lo && c->position <= issue->hi))
                    continue;
                const parley_i_field *f = parley_i_csv_field(t, rows[k].rec, sh->issues[i].pos);
                parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                                   "expected a position inside the issue's bounds [%s, %s] "
                                   "(Min and Max of issue \"%s\"), found %s",
                                   b2, b3, issue->name, parley_i_format_double(c->position, b1));
            }
        }
        if (given && has_sq && !(sq_v >= issue->lo && sq_v <= issue->hi))
            parley_i_csv_error(sq_t, PARLEY_EDATA, sq_f->line, sq_f->column,
                               "expected a status quo inside the issue's bounds [%s, %s], found %s",
                               parley_i_format_double(issue->lo, b2),
                               parley_i_format_double(issue->hi, b3),
                               parley_i_format_double(sq_v, b1));
        if (given && has_outcome && !(outcome_v >= issue->lo && outcome_v <= issue->hi))
            parley_i_csv_error(outcome_t, PARLEY_EDATA, outcome_f->line, outcome_f->column,
                               "expected an outcome inside the issue's bounds [%s, %s], found %s",
                               parley_i_format_double(issue->lo, b2),
                               parley_i_format_double(issue->hi, b3),
                               parley_i_format_double(outcome_v, b1));
        if (has_sq) {
            issue->has_status_quo = 1;
            issue->status_quo = sq_v;
            const char *note = mi && mi->status_quo_note ? mi->status_quo_note
                               : sq                      ? sq->cells[i].position_note
                                                         : NULL;
            if ((st = parley_set_string(&issue->status_quo_note, note)))
                goto fail;
        }
        if (has_outcome) {
            parley_observed_outcome o = {1, outcome_v, NULL, NULL, NULL, NULL};
            if (mi) {
                o.as_of = (char *)mi->outcome_as_of;
                o.source = (char *)mi->outcome_source;
                o.confidence = (char *)mi->outcome_confidence;
                o.note = (char *)mi->outcome_note;
            }
            if (!o.note && outcome)
                o.note = outcome->cells[i].position_note;
            if ((st = parley_issue_set_outcome(s, i, &o)))
                goto fail;
        }
        for (size_t l = 0; mi && l < mi->n_labels; ++l) {
            double x = mi->labels[l].point;
            if (!(x >= issue->lo && x <= issue->hi))
                parley_i_csv_error(
                    m->issues_t, PARLEY_EDATA, mi->labels_f->line, mi->labels_f->column,
                    "label point %s is outside the issue's bounds [%s, %s] "
                    "(expected points on the scale%s)",
                    parley_i_format_double(x, b1), parley_i_format_double(issue->lo, b2),
                    parley_i_format_double(issue->hi, b3),
                    issue->bounds_given
                        ? ""
                        : "; those bounds are the range of the positions: state the "
                          "scale with --bounds LO,HI or Min and Max");
            if ((st = parley_issue_add_label(issue, x, mi->labels[l].label)))
                goto fail;
        }
    }
    for (size_t k = 0, a = 0; k < n; ++k) {
        if (rows[k].is_outcome || rows[k].is_status_quo)
            continue;
        if ((st = parley_set_string(&s->actors[a].name, rows[k].name)))
            goto fail;
        if ((st = parley_set_string(&s->actors[a].description, rows[k].description)))
            goto fail;
        size_t actor = a++;
        for (size_t i = 0; i < sh->n_issues; ++i) {
            const parley_cell *from = &rows[k].cells[i];
            if (!from->present)
                continue;
            parley_cell *c = parley_scenario_cell(s, actor, i);
            c->present = 1;
            c->position = from->position;
            c->capability = from->capability;
            c->salience = scale == 100 ? from->salience / 100.0 : from->salience;
            if ((st = parley_set_string(&c->position_note, from->position_note)) ||
                (st = parley_set_string(&c->salience_note, from->salience_note)) ||
                (st = parley_set_string(&c->capability_note, from->capability_note)))
                goto fail;
        }
    }
    return PARLEY_OK;
fail:
    parley_scenario_destroy(s);
    return st;
}

/* Checks the options every table reader shares; records an error and
 * returns 0 when one is invalid. */
static int table_options_ok(const char *file, const parley_read_options *opts,
                            parley_diags *diags) {
    if (opts->salience_scale != 0 && opts->salience_scale != 1 && opts->salience_scale != 100) {
        parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EINVAL, file, 0, 0, NULL,
                         "invalid salience scale option %d (expected 0 = infer, 1 or 100)",
                         opts->salience_scale);
        return 0;
    }
    if (opts->bounds_given && !(isfinite(opts->lo) && isfinite(opts->hi) && opts->lo < opts->hi)) {
        parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EINVAL, file, 0, 0, NULL,
                         "invalid bounds option (expected finite lo < hi)");
        return 0;
    }
    if (opts->delimiter != 0 && opts->delimiter != ',' && opts->delimiter != ';' &&
        opts->delimiter != '\t') {
        parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EINVAL, file, 0, 0, NULL,
                         "invalid delimiter option (expected ',', ';' or a tab)");
        return 0;
    }
    if (opts->decimal != 0 && opts->decimal != '.' && opts->decimal != ',') {
        parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EINVAL, file, 0, 0, NULL,
                         "invalid decimal separator option (expected '.' or ',')");
        return 0;
    }
    if (opts->delimiter == ',' && opts->decimal == ',') {
        parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EINVAL, file, 0, 0, NULL,
                         "decimal commas need another delimiter than ',' (expected --delimiter ';' "
                         "or --delimiter tab with --decimal ,)");
        return 0;
    }
    return 1;
}

/* Matches the meta rows (Issues sheet, "# issue:" lines) to the issues of
 * the table: by name, or the one row to a one-issue table.  Returns 1 if
 * every row names an issue of the table. */
static int match_meta(sheet *sh) {
    const parley_i_table_meta *m = sh->meta;
    if (!m || m->n_issues == 0)
        return 1;
    char shown[64];
    sh->meta_of = calloc(sh->n_issues, sizeof *sh->meta_of);
    if (!sh->meta_of) {
        sh->t->nomem = 1;
        return 0;
    }
    if (!sh->named) {
        if (m->n_issues > 1) {
            const parley_i_field *f = m->issues[1].name_f;
            parley_i_csv_error(m->issues_t, PARLEY_EDATA, f->line, f->column,
                               "a second issue %s, but the table has one issue (plain Position "
                               "and Salience columns; expected one issue row, or columns named "
                               "like \"Position %s\")",
                               parley_i_show(m->issues[1].name, shown, sizeof shown),
                               m->issues[1].name);
            return 0;
        }
        sh->meta_of[0] = &m->issues[0];
        m->issues[0].matched = 1;
        return 1;
    }
    int ok = 1;
    for (size_t j = 0; j < m->n_issues; ++j) {
        parley_i_issue_meta *mi = &m->issues[j];
        size_t i = 0;
        while (i < sh->n_issues && strcmp(sh->issues[i].name, mi->name) != 0)
            ++i;
        if (i == sh->n_issues && !mi->name[0]) { /* already an error: "empty issue name" */
            ok = 0;
            continue;
        }
        if (i == sh->n_issues) {
            char list[256] = "";
            size_t used = 0;
            for (size_t k = 0; k < sh->n_issues && used + 70 < sizeof list; ++k)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                                         parley_i_show(sh->issues[k].name, shown, sizeof shown));
            parley_i_csv_error(m->issues_t, PARLEY_EDATA, mi->name_f->line, mi->name_f->column,
                               "issue %s is not an issue of the table (expected one of %s)",
                               parley_i_show(mi->name, shown, sizeof shown), list);
            ok = 0;
            continue;
        }
        sh->meta_of[i] = mi;
        mi->matched = 1;
    }
    return ok;
}

parley_status parley_i_table_from_records(parley_scenario *s, parley_i_csv *t,
                                          const parley_read_options *opts_in,
                                          const parley_i_table_meta *meta) {
    memset(s, 0, sizeof *s);
    parley_diags *diags = t->diags;
    const char *file = t->file;
    if (!table_options_ok(file, opts_in, diags))
        return PARLEY_EINVAL;
    /* the salience scale the file states, unless the options state one */
    parley_read_options o = *opts_in;
    if (!o.salience_scale && meta && meta->salience_scale)
        o.salience_scale = meta->salience_scale;
    const parley_read_options *opts = &o;
    sheet sh;
    memset(&sh, 0, sizeof sh);
    sh.t = t;
    sh.meta = meta;
    size_t errors_before = diags->n_errors;
    row *rows = NULL;
    parley_cell *cells = NULL;
    parley_status st = PARLEY_OK;
    /* Records whose fields are all blank (",,," too) before the header are
     * skipped, as a sheet's empty rows above its header; after the last row
     * they are dropped, as blank lines at the end of a file. */
    size_t lead = 0;
    while (lead < t->n_records && all_blank(t, &t->records[lead]))
        ++lead;
    if (lead) {
        memmove(t->records, t->records + lead, (t->n_records - lead) * sizeof *t->records);
        t->n_records -= lead;
    }
    while (t->n_records > 0 && all_blank(t, &t->records[t->n_records - 1]))
        t->n_records--;
    if (t->n_records == 0) {
        if (t->sheet)
            parley_i_csv_error(t, PARLEY_EPARSE, 0, 0,
                               "empty sheet (expected a header row such as Actor, Capability, "
                               "Position, Salience)");
        else
            parley_i_csv_error(
                t, PARLEY_EPARSE, 0, 0,
                "empty file (expected a header line such as Actor,Capability,Position,Salience)");
        st = PARLEY_EPARSE;
        goto done;
    }
    if (title_line(t) || !read_header(&sh, &t->records[0]) || !match_meta(&sh)) {
        st = t->nomem ? PARLEY_ENOMEM : PARLEY_EDATA;
        goto done;
    }
    sh.issue_names = malloc((sh.n_issues + 1) * sizeof *sh.issue_names);
    if (!sh.issue_names) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < sh.n_issues; ++i)
        sh.issue_names[i] = sh.issues[i].name;
    if (t->n_records == 1) {
        parley_i_csv_error(t, PARLEY_EDATA, t->records[0].line, 0,
                           "no actor rows after the header (expected at least one)");
        st = PARLEY_EDATA;
        goto done;
    }
    if (!parley_i_cells_ok(t->n_records - 1, sh.n_issues, file, t->records[0].line, 0, NULL,
                           diags)) {
        st = PARLEY_EDATA;
        goto done;
    }
    rows = calloc(t->n_records, sizeof *rows);
    cells = calloc(t->n_records * sh.n_issues, sizeof *cells);
    if (!rows || !cells) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    size_t n_rows = 0;
    read_rows(&sh, rows, cells, &n_rows, opts);
    if (t->n_muted) {
        /* cells the spreadsheet reader refused (dates, error values): the
         * rows were checked for the other problems; the table is not built */
        st = PARLEY_EDATA;
        goto done;
    }
    if (diags->n_errors == errors_before && !t->nomem)
        check_issues(&sh, rows, n_rows);
    if (diags->n_errors == errors_before && !t->nomem)
        st = build(s, &sh, rows, n_rows, opts);
done:
    free(rows);
    free(cells);
    free(sh.issues);
    free(sh.meta_of);
    free(sh.issue_names);
    if (t->nomem && st == PARLEY_OK)
        st = PARLEY_ENOMEM;
    if (st == PARLEY_OK && diags->n_errors > errors_before)
        st = PARLEY_EDATA;
    if (st != PARLEY_OK)
        parley_scenario_destroy(s);
    return st;
}

static const char *delimiter_name(char c) {
    return c == '\t' ? "tab" : c == ';' ? "';'" : "','";
}

/* 1 if the header line data[0..len) split by sep names a known column in
 * every field (parse_header), so that sep is a plausible delimiter. */
static int header_splits(const char *data, size_t len, char sep) {
    parley_diags scratch;
    parley_diags_init(&scratch);
    parley_i_csv h;
    parley_i_csv_init(&h, NULL, &scratch);
    int ok = parley_i_csv_tokenize(&h, data, len, sep, '"', 1) == PARLEY_OK && h.n_records == 1 &&
             h.records[0].n > 1;
    for (size_t k = 0; ok && k < h.records[0].n; ++k) {
        char *name = parley_i_trim(parley_i_csv_field(&h, &h.records[0], k)->text);
        /* the Notes column is known too (read_header takes it before parse_header) */
        ok = strcasecmp(name, "Notes") == 0 || strcasecmp(name, "Note") == 0 ||
             parse_header(name).role >= 0;
    }
    parley_i_csv_destroy(&h);
    parley_diags_destroy(&scratch);
    return ok;
}

/* The delimiter of a table: opts->delimiter, else the one of ',', ';' and
 * tab that the header line holds outside quotes (',' when it holds none).
 * When it holds several, the one that splits it into known column names
 * (a ';' may be part of an issue's name in a ',' table); when none or
 * several do, an error is recorded and 0 returned. */
static char detect_delimiter(parley_i_csv *t, const char *data, size_t size,
                             const parley_read_options *opts, int *detected, size_t *line) {
    *detected = 0;
    *line = 1 + t->line_offset;
    if (opts->delimiter)
        return opts->delimiter;
    /* blank lines before the header are skipped (parley_i_table_from_records) */
    for (size_t k = 0; k < size; ++k) {
        int cr_alone = data[k] == '\r' && (k + 1 == size || data[k + 1] != '\n');
        if (data[k] == ' ' || data[k] == '\t' || (data[k] == '\r' && !cr_alone))
            continue;
        if (data[k] != '\n' && !cr_alone)
            break;
        ++*line;
        data += k + 1;
        size -= k + 1;
        k = (size_t)-1;
    }
    static const char kinds[3] = {',', ';', '\t'};
    /* the first of the next 10 lines that exactly one delimiter splits into
     * column names is the header: title lines above it, even holding
     * another delimiter ("Trade talks, 2024" above a ';' header), do not
     * decide */
    for (size_t k = 0, ln = *line, tries = 0; k < size && tries < 10; ++tries) {
        size_t l = 0;
        for (int quoted = 0; k + l < size; ++l) {
            if (data[k + l] == '"')
                quoted = !quoted;
            else if (!quoted && (data[k + l] == '\n' || data[k + l] == '\r'))
                break;
        }
        int fit = -1, n_fit = 0;
        for (int j = 0; j < 3; ++j)
            if (memchr(data + k, kinds[j], l) && header_splits(data + k, l, kinds[j])) {
                fit = j;
                n_fit++;
            }
        if (n_fit == 1) {
            *line = ln;
            *detected = fit > 0;
            return kinds[fit];
        }
        k += l + (k + l + 1 < size && data[k + l] == '\r' && data[k + l + 1] == '\n' ? 2 : 1);
        ++ln;
    }
    size_t seen[3], first_col[3], len;
    int n_kinds;
    /* a title line holding no delimiter ("Trade talks 2024") above a ';'
     * header: the delimiter is the next lines' (up to 10 lines) */
    for (int tries = 0;; ++tries) {
        int quoted = 0;
        size_t col = 1;
        memset(seen, 0, sizeof seen);
        memset(first_col, 0, sizeof first_col);
        for (len = 0; len < size; ++len) {
            char c = data[len];
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r'))
                break;
            for (int j = 0; j < 3; ++j)
                if (!quoted && c == kinds[j] && seen[j]++ == 0)
                    first_col[j] = col;
            if (((unsigned char)c & 0xC0) != 0x80)
                col++;
        }
        n_kinds = (seen[0] > 0) + (seen[1] > 0) + (seen[2] > 0);
        size_t next =
            len +
            (len < size && data[len] == '\r' && len + 1 < size && data[len + 1] == '\n' ? 2 : 1);
        if (n_kinds > 0 || tries == 10 || next >= size)
            break;
        data += next;
        size -= next;
        ++*line;
    }
    if (n_kinds > 1) {
        int fits = -1, n_fit = 0;
        for (int j = 0; j < 3; ++j)
            if (seen[j] && header_splits(data, len, kinds[j])) {
                fits = j;
                n_fit++;
            }
        if (n_fit == 1) {
            *detected = fits > 0;
            return kinds[fits];
        }
        int a = -1, b = -1; /* the two first kinds, in the order they appear */
        for (int j = 0; j < 3; ++j)
            if (seen[j] && (a < 0 || first_col[j] < first_col[a]))
                a = j;
        for (int j = 0; j < 3; ++j)
            if (seen[j] && j != a && (b < 0 || first_col[j] < first_col[b]))
                b = j;
        parley_i_csv_error(t, PARLEY_EPARSE, *line, first_col[b],
                           "the header line holds both %s and %s, so the delimiter is ambiguous "
                           "(expected one of them; pass --delimiter '%s' or --delimiter '%s')",
                           delimiter_name(kinds[a]), delimiter_name(kinds[b]),
                           kinds[a] == '\t' ? "tab" : (char[]){kinds[a], 0},
                           kinds[b] == '\t' ? "tab" : (char[]){kinds[b], 0});
        return 0;
    }
    for (int j = 1; j < 3; ++j)
        if (seen[j]) {
            *detected = 1;
            return kinds[j];
        }
    return ',';
}

parley_status parley_i_read_table(parley_scenario *s, const char *data, size_t size,
                                  const char *file, const parley_read_options *opts,
                                  parley_diags *diags) {
    memset(s, 0, sizeof *s);
    if (!table_options_ok(file, opts, diags))
        return PARLEY_EINVAL;
    parley_i_csv csv;
    parley_i_csv *t = &csv;
    parley_i_csv_init(t, file, diags);
    size_t bom = parley_i_bom_length(data, size);
    data += bom;
    size -= bom;
    parley_status st = PARLEY_OK;
    /* the "#" lines before the header: directives and comments */
    parley_i_csv dt;
    parley_i_csv_init(&dt, file, diags);
    parley_i_table_meta meta;
    parley_i_table_meta_init(&meta);
    int meta_ok = 1;
    if (!parley_i_csv_check_encoding(t, data, size)) {
        st = PARLEY_EPARSE;
        goto done;
    }
    size_t consumed = 0, n_lines = 0;
    meta_ok = parley_i_meta_read_directives(&meta, &dt, data, size, &consumed, &n_lines);
    if (dt.nomem) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    data += consumed;
    size -= consumed;
    t->line_offset = n_lines;
    int detected = 0;
    size_t header_line = 0;
    char sep = detect_delimiter(t, data, size, opts, &detected, &header_line);
    if (!sep) {
        st = PARLEY_EPARSE;
        goto done;
    }
    if (sep == ',' && opts->decimal == ',') {
        parley_i_csv_error(t, PARLEY_EPARSE, header_line, 0,
                           "decimal commas need another delimiter than ',', and this table is "
                           "separated by ',' (expected a ';'- or tab-separated table with "
                           "--decimal ,)");
        st = PARLEY_EPARSE;
        goto done;
    }
    /* Decimal commas: with ';' or a tab, a number may be written 0,5 (or
     * 0.5) unless --decimal says which one. */
    t->decimal = opts->decimal == ',' ? ',' : opts->decimal == '.' || sep == ',' ? 0 : 'b';
    if (detected && parley_diags_add(
                        diags, PARLEY_SEV_NOTE, PARLEY_OK, file, header_line, 0, NULL,
                        "delimiter %s detected from the header line%s (--delimiter overrides)",
                        delimiter_name(sep),
                        t->decimal ? "; numbers may use a decimal comma (0,5)" : "") != PARLEY_OK) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    st = parley_i_csv_tokenize(t, data, size, sep, '"', 1);
    if (st != PARLEY_OK)
        goto done;
    st = parley_i_table_from_records(s, t, opts, n_lines ? &meta : NULL);
    if (st == PARLEY_OK && !meta_ok)
        st = PARLEY_EDATA;
done:
    if (t->nomem && st == PARLEY_OK)
        st = PARLEY_ENOMEM;
    if (st != PARLEY_OK)
        parley_scenario_destroy(s);
    parley_i_table_meta_destroy(&meta);
    parley_i_csv_destroy(&dt);
    parley_i_csv_destroy(t);
    return st;
}
