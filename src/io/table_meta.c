/* parley: the Scenario and Issues sheets of a workbook and the "#" header
 * lines of a CSV table (table_meta.h, docs/formats.md).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <parley/buf.h>

#include "core/internal.h"
#include "io/table_meta.h"

void parley_i_table_meta_init(parley_i_table_meta *m) {
    memset(m, 0, sizeof *m);
}

void parley_i_table_meta_destroy(parley_i_table_meta *m) {
    for (size_t i = 0; i < m->n_issues; ++i)
        free(m->issues[i].labels);
    free(m->issues);
    memset(m, 0, sizeof *m);
}

/* 1 if key[0..len) is `word`, ignoring case, '_' standing for a space. */
static int key_is(const char *key, size_t len, const char *word) {
    if (strlen(word) != len)
        return 0;
    for (size_t k = 0; k < len; ++k) {
        char a = key[k] == '_' ? ' ' : key[k], b = word[k];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

/* The key that follows a run of ';' at `after` (" KEY<delim>"), or -1. */
static int key_after(const char *after, char delim,
                     int (*key_of)(void *ctx, const char *key, size_t len), void *ctx,
                     const char **key, size_t *len) {
    if (after[0] != ' ')
        return -1;
    const char *k = after + 1, *d = strchr(k, delim);
    if (!d)
        return -1;
    *key = k;
    *len = (size_t)(d - k);
    return key_of(ctx, k, *len);
}

int parley_i_split_keyed(char *text, char delim,
                         int (*key_of)(void *ctx, const char *key, size_t len),
                         void (*put)(void *ctx, int key, const char *key_text, size_t key_len,
                                     const char *value),
                         void *ctx, const char **bad_key) {
    *bad_key = NULL;
    char *p = text + strspn(text, " \t");
    if (!*p)
        return 1;
    char *d = strchr(p, delim);
    int key = d ? key_of(ctx, p, (size_t)(d - p)) : -1;
    if (key < 0) {
        *bad_key = p;
        return 0;
    }
    const char *key_text = p;
    size_t key_len = (size_t)(d - p);
    char *rp = d + 1;
    if (delim == ':' && *rp == ' ')
        ++rp;
    char *note = rp, *out = rp;
    for (;;) {
        if (*rp == '\0') {
            *out = '\0';
            put(ctx, key, key_text, key_len, note);
            return 1;
        }
        if (*rp != ';') {
            *out++ = *rp++;
            continue;
        }
        size_t run = strspn(rp, ";");
        const char *next_text = NULL;
        size_t next_len = 0;
        int next = key_after(rp + run, delim, key_of, ctx, &next_text, &next_len);
        if (next < 0) {
            memmove(out, rp, run);
            out += run;
            rp += run;
            continue;
        }
        /* before a key: 2k semicolons are k written ones, 2k + 1 are k and
         * the separator */
        memset(out, ';', run / 2);
        out += run / 2;
        rp += run;
        if (run % 2 == 0)
            continue;
        *out = '\0';
        put(ctx, key, key_text, key_len, note);
        key = next;
        key_text = next_text;
        key_len = next_len;
        rp = (char *)next_text + next_len + 1;
        if (delim == ':' && *rp == ' ')
            ++rp;
        note = out = rp;
    }
}

parley_status parley_i_buf_keyed(parley_buf *b, const char *text, int followed, char delim,
                                 int (*key_of)(void *ctx, const char *key, size_t len), void *ctx) {
    parley_status st = PARLEY_OK;
    for (const char *p = text; st == PARLEY_OK && *p;) {
        if (*p != ';') {
            size_t n = strcspn(p, ";");
            st = parley_buf_append(b, p, n);
            p += n;
            continue;
        }
        size_t run = strspn(p, ";");
        const char *k;
        size_t len;
        int at_key = key_after(p + run, delim, key_of, ctx, &k, &len) >= 0;
        int at_end = p[run] == '\0' && followed;
        for (size_t j = 0; st == PARLEY_OK && j < (at_key || at_end ? 2 * run : run); ++j)
            st = parley_buf_append(b, ";", 1);
        p += run;
    }
    return st;
}

/* Label keys: a number before '=' (spaces around it allowed). */
static void trim_span(const char **s, size_t *len) {
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        --*len;
    while (*len > 0 && ((*s)[0] == ' ' || (*s)[0] == '\t'))
        ++*s, --*len;
}

int parley_i_label_key(void *ctx, const char *key, size_t len) {
    (void)ctx;
    trim_span(&key, &len);
    double x;
    return len > 0 && parley_i_parse_real(key, len, &x) == PARLEY_I_NUM_OK ? 0 : -1;
}

typedef struct label_ctx {
    parley_i_issue_meta *mi;
    int nomem;
} label_ctx;

static void label_put(void *ctx, int key, const char *key_text, size_t key_len, const char *value) {
    (void)key;
    label_ctx *c = ctx;
    trim_span(&key_text, &key_len);
    double point = 0;
    parley_i_parse_real(key_text, key_len, &point);
    parley_scale_label *more = realloc(c->mi->labels, (c->mi->n_labels + 1) * sizeof *more);
    if (!more) {
        c->nomem = 1;
        return;
    }
    c->mi->labels = more;
    c->mi->labels[c->mi->n_labels++] = (parley_scale_label){point, (char *)value};
}

int parley_i_meta_labels(parley_i_issue_meta *mi, parley_i_csv *t, parley_i_field *f) {
    char shown[64];
    label_ctx c = {mi, 0};
    const char *bad = NULL;
    if (!parley_i_split_keyed(f->text, '=', parley_i_label_key, label_put, &c, &bad)) {
        parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                           "expected scale labels written POINT=LABEL; POINT=LABEL (0=none; "
                           "100=all), found %s",
                           parley_i_show(bad, shown, sizeof shown));
        return 0;
    }
    if (c.nomem) {
        t->nomem = 1;
        return 0;
    }
    /* one non-empty label per point, reported at the cell (the scenario's
     * own check would name only a JSON path); the first problem only */
    for (size_t k = 0; k < mi->n_labels; ++k) {
        const char *l = mi->labels[k].label;
        while (l && (*l == ' ' || *l == '\t'))
            ++l;
        if (!l || !*l) {
            char num[PARLEY_I_NUMBUF];
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "the label of point %s is empty (expected POINT=LABEL with the "
                               "words that name the point)",
                               parley_i_format_double(mi->labels[k].point, num));
            return 1; /* reported; the rest of the line is still read */
        }
        for (size_t j = 0; j < k; ++j)
            if (mi->labels[j].point == mi->labels[k].point) {
                char num[PARLEY_I_NUMBUF];
                parley_i_csv_error(
                    t, PARLEY_EDATA, f->line, f->column,
                    "label point %s is labelled twice (expected one label per point)",
                    parley_i_format_double(mi->labels[k].point, num));
                return 1;
            }
    }
    return 1;
}

typedef struct issue_notes {
    parley_i_issue_meta *mi;
} issue_notes;

static int issue_note_key(void *ctx, const char *key, size_t len) {
    (void)ctx;
    return key_is(key, len, "status quo") ? 0 : key_is(key, len, "outcome") ? 1 : -1;
}

int parley_i_issue_note_key(void *ctx, const char *key, size_t len) {
    return issue_note_key(ctx, key, len);
}

static void issue_note_put(void *ctx, int key, const char *key_text, size_t key_len,
                           const char *note) {
    (void)key_text;
    (void)key_len;
    issue_notes *n = ctx;
    if (key == 0)
        n->mi->status_quo_note = note;
    else
        n->mi->outcome_note = note;
}

/* Reads a number of an issue row into *out, its field into *slot (left
 * NULL when the field is empty). */
static void issue_number(parley_i_csv *t, parley_i_field *f, const char *what,
                         parley_i_field **slot, double *out, int *ok) {
    if (!parley_i_trim(f->text)[0])
        return;
    if (parley_i_csv_number(t, f, what, out))
        *slot = f;
    else
        *ok = 0;
}

/* The columns of the Issues sheet, which are also the keys of a "# issue:"
 * line (docs/formats.md); the sheet also takes "Note" for "Notes", a line
 * only the first N_ISSUE_LINE_KEYS (a line's "note=" is no key: it stays
 * part of the value before it). */
static const char *const issue_keys[] = {"issue",
                                         "description",
                                         "min",
                                         "max",
                                         "status quo",
                                         "outcome",
                                         "labels",
                                         "outcome as of",
                                         "outcome source",
                                         "outcome confidence",
                                         "notes",
                                         "note"};
#define N_ISSUE_LINE_KEYS ((size_t)11)

static const char *nonempty(parley_i_field *f) {
    const char *s = parley_i_trim(f->text);
    return s[0] ? s : NULL;
}

int parley_i_meta_issue_key(parley_i_issue_meta *mi, parley_i_csv *t, const char *key,
                            parley_i_field *f, int *ok) {
    char shown[64];
    size_t len = strlen(key);
    if (key_is(key, len, "description")) {
        mi->description = f->text[0] ? f->text : NULL;
    } else if (key_is(key, len, "min")) {
        issue_number(t, f, "Min", &mi->lo_f, &mi->lo, ok);
    } else if (key_is(key, len, "max")) {
        issue_number(t, f, "Max", &mi->hi_f, &mi->hi, ok);
    } else if (key_is(key, len, "status quo")) {
        issue_number(t, f, "Status quo", &mi->status_quo_f, &mi->status_quo, ok);
    } else if (key_is(key, len, "outcome")) {
        issue_number(t, f, "Outcome", &mi->outcome_f, &mi->outcome, ok);
    } else if (key_is(key, len, "labels")) {
        mi->labels_f = f;
        if (!parley_i_meta_labels(mi, t, f))
            *ok = 0;
    } else if (key_is(key, len, "outcome as of")) {
        mi->outcome_as_of = nonempty(f);
        if (mi->outcome_as_of && !parley_date_valid(mi->outcome_as_of)) {
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "expected a date YYYY-MM-DD for Outcome as of, found %s",
                               parley_i_show(mi->outcome_as_of, shown, sizeof shown));
            *ok = 0;
        }
    } else if (key_is(key, len, "outcome source")) {
        mi->outcome_source = f->text[0] ? f->text : NULL;
    } else if (key_is(key, len, "outcome confidence")) {
        mi->outcome_confidence = nonempty(f);
        const char *c = mi->outcome_confidence;
        if (c && strcmp(c, "high") != 0 && strcmp(c, "medium") != 0 && strcmp(c, "low") != 0) {
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "expected high, medium or low for Outcome confidence, found %s",
                               parley_i_show(c, shown, sizeof shown));
            *ok = 0;
        }
    } else if (key_is(key, len, "notes") || key_is(key, len, "note")) {
        issue_notes n = {mi};
        const char *bad = NULL;
        if (!parley_i_split_keyed(f->text, ':', issue_note_key, issue_note_put, &n, &bad)) {
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "expected notes written \"Status quo: NOTE; Outcome: NOTE\", found "
                               "%s",
                               parley_i_show(bad, shown, sizeof shown));
            *ok = 0;
        }
    } else {
        return 0;
    }
    return 1;
}

/* 1 if record r holds no value. */
static int empty_record(parley_i_csv *t, const parley_i_record *r) {
    for (size_t k = 0; k < r->n; ++k)
        if (parley_i_trim(parley_i_csv_field(t, r, k)->text)[0])
            return 0;
    return 1;
}

int parley_i_meta_read_issues(parley_i_table_meta *m, parley_i_csv *t) {
    char shown[64];
    m->issues_t = t;
    if (t->n_records == 0)
        return 1;
    const parley_i_record *h = &t->records[0];
    size_t issue_col = (size_t)-1;
    int ok = 1;
    for (size_t k = 0; k < h->n; ++k) {
        parley_i_field *f = parley_i_csv_field(t, h, k);
        const char *name = parley_i_trim(f->text);
        size_t j = 0, n_known = sizeof issue_keys / sizeof issue_keys[0];
        while (j < n_known && !key_is(name, strlen(name), issue_keys[j]))
            ++j;
        if (j == n_known) {
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "unknown column %s in the Issues sheet (expected Issue, "
                               "Description, Min, Max, Status quo, Outcome, Labels, Outcome as of, "
                               "Outcome source, Outcome confidence or Notes)",
                               parley_i_show(name, shown, sizeof shown));
            ok = 0;
            continue;
        }
        for (size_t e = 0; e < k; ++e)
            if (strcasecmp(parley_i_csv_field(t, h, e)->text, name) == 0) {
                parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                                   "duplicate column %s in the Issues sheet (column %zu is "
                                   "already %s)",
                                   parley_i_show(name, shown, sizeof shown), e + 1, name);
                ok = 0;
            }
        if (j == 0)
            issue_col = k;
    }
    if (issue_col == (size_t)-1) {
        parley_i_csv_error(t, PARLEY_EDATA, h->line, 0,
                           "the Issues sheet has no Issue column (expected a header row with "
                           "Issue, Min, Max, Status quo, ...)");
        return 0;
    }
    if (!ok)
        return 0;
    m->issues = calloc(t->n_records, sizeof *m->issues);
    if (!m->issues) {
        t->nomem = 1;
        return 0;
    }
    for (size_t k = 1; k < t->n_records; ++k) {
        const parley_i_record *r = &t->records[k];
        if (r->n != h->n) {
            if (empty_record(t, r))
                parley_i_csv_error(t, PARLEY_EDATA, r->line, 0,
                                   "blank row in the Issues sheet (expected one row per issue)");
            else
                parley_i_csv_error(t, PARLEY_EDATA, r->line, 0, "expected %zu fields, found %zu",
                                   h->n, r->n);
            ok = 0;
            continue;
        }
        parley_i_issue_meta *mi = &m->issues[m->n_issues++];
        mi->name_f = parley_i_csv_field(t, r, issue_col);
        mi->name = parley_i_trim(mi->name_f->text);
        if (!mi->name[0]) {
            parley_i_csv_error(t, PARLEY_EDATA, mi->name_f->line, mi->name_f->column,
                               "empty issue name (expected the name of an issue of the table)");
            ok = 0;
        }
        for (size_t e = 0; e + 1 < m->n_issues && mi->name[0]; ++e)
            if (strcmp(m->issues[e].name, mi->name) == 0) {
                parley_i_csv_error(t, PARLEY_EDATA, mi->name_f->line, mi->name_f->column,
                                   "duplicate issue %s (already on row %zu)",
                                   parley_i_show(mi->name, shown, sizeof shown),
                                   m->issues[e].name_f->line);
                ok = 0;
            }
        int row_ok = 1;
        for (size_t c = 0; c < r->n; ++c)
            if (c != issue_col)
                parley_i_meta_issue_key(mi, t, parley_i_csv_field(t, h, c)->text,
                                        parley_i_csv_field(t, r, c), &row_ok);
        parley_i_meta_issue_done(mi, t, row_ok, &ok);
    }
    return ok && !t->nomem;
}

void parley_i_meta_issue_done(parley_i_issue_meta *mi, parley_i_csv *t, int row_ok, int *ok) {
    if (!row_ok) {
        /* a bound that is not a number: no bounds (no second error) */
        *ok = 0;
        mi->lo_f = mi->hi_f = NULL;
    } else if ((mi->lo_f != NULL) != (mi->hi_f != NULL)) {
        parley_i_field *f = mi->lo_f ? mi->lo_f : mi->hi_f;
        parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                           "%s without %s (expected both bounds of the scale, or neither)",
                           mi->lo_f ? "Min" : "Max", mi->lo_f ? "Max" : "Min");
        *ok = 0;
        mi->lo_f = mi->hi_f = NULL;
    } else if (mi->lo_f && !(mi->lo < mi->hi)) {
        parley_i_csv_error(t, PARLEY_EDATA, mi->hi_f->line, mi->hi_f->column,
                           "expected Max above Min, found %s and %s", mi->lo_f->text,
                           mi->hi_f->text);
        *ok = 0;
        mi->lo_f = mi->hi_f = NULL;
    }
}

/* Sets the scenario field `which` (0 name, 1 description, 2 source, 3 as
 * of, 4 salience scale) of m from the value f of a Scenario sheet row or a
 * "# scenario:" line; labels names fields 3 and 4 in messages, as that
 * form spells them.  An empty salience scale is allowed when empty_scale_ok
 * (a sheet's blank cell).  Returns 0 after recording an error at f. */
static int set_scenario_field(parley_i_table_meta *m, parley_i_csv *t, size_t which,
                              parley_i_field *f, const char *const labels[2], int empty_scale_ok) {
    char shown[64];
    const char *v = f->text[0] ? f->text : NULL;
    switch (which) {
    case 0:
        m->name = v ? parley_i_trim(f->text) : NULL;
        return 1;
    case 1:
        m->description = v;
        return 1;
    case 2:
        m->source = v;
        return 1;
    case 3:
        m->as_of = v ? parley_i_trim(f->text) : NULL;
        if (m->as_of && !parley_date_valid(m->as_of)) {
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "expected a date YYYY-MM-DD for %s, found %s", labels[0],
                               parley_i_show(m->as_of, shown, sizeof shown));
            return 0;
        }
        return 1;
    default: {
        const char *s = parley_i_trim(f->text);
        if (strcmp(s, "1") == 0 || strcmp(s, "100") == 0) {
            m->salience_scale = atoi(s);
            return 1;
        }
        if (!s[0] && empty_scale_ok)
            return 1;
        parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                           "expected 1 or 100 for %s, found %s", labels[1],
                           parley_i_show(s, shown, sizeof shown));
        return 0;
    }
    }
}

int parley_i_meta_read_scenario(parley_i_table_meta *m, parley_i_csv *t) {
    char shown[64];
    if (t->n_records == 0)
        return 1;
    const parley_i_record *h = &t->records[0];
    int ok = 1;
    const char *h0 = h->n == 2 ? parley_i_trim(parley_i_csv_field(t, h, 0)->text) : "";
    const char *h1 = h->n == 2 ? parley_i_trim(parley_i_csv_field(t, h, 1)->text) : "";
    if (!key_is(h0, strlen(h0), "field") || !key_is(h1, strlen(h1), "value")) {
        parley_i_csv_error(t, PARLEY_EDATA, h->line, 1,
                           "expected the header Field, Value in the Scenario sheet");
        return 0;
    }
    const parley_i_field *seen[5] = {NULL, NULL, NULL, NULL, NULL};
    static const char *const keys[5] = {"name", "description", "source", "as of", "salience scale"};
    for (size_t k = 1; k < t->n_records; ++k) {
        const parley_i_record *r = &t->records[k];
        if (r->n != 2) {
            parley_i_csv_error(t, PARLEY_EDATA, r->line, 0,
                               "blank row in the Scenario sheet (expected Field, Value rows)");
            ok = 0;
            continue;
        }
        parley_i_field *fk = parley_i_csv_field(t, r, 0), *fv = parley_i_csv_field(t, r, 1);
        const char *key = parley_i_trim(fk->text);
        size_t j = 0;
        while (j < 5 && !key_is(key, strlen(key), keys[j]))
            ++j;
        if (j == 5) {
            parley_i_csv_error(t, PARLEY_EDATA, fk->line, fk->column,
                               "unknown field %s in the Scenario sheet (expected Name, "
                               "Description, Source, As of or Salience scale)",
                               parley_i_show(key, shown, sizeof shown));
            ok = 0;
            continue;
        }
        if (seen[j]) {
            parley_i_csv_error(t, PARLEY_EDATA, fk->line, fk->column,
                               "a second %s row (the first is row %zu)", key, seen[j]->line);
            ok = 0;
            continue;
        }
        seen[j] = fk;
        static const char *const labels[2] = {"As of", "Salience scale"};
        if (!set_scenario_field(m, t, j, fv, labels, 1))
            ok = 0;
    }
    return ok;
}

/* ---------------------------------------------------------------- "#" lines */

/* Keys of "# issue: NAME; KEY=VALUE; ..." */
int parley_i_issue_line_key(void *ctx, const char *key, size_t len) {
    (void)ctx;
    for (size_t k = 0; k < N_ISSUE_LINE_KEYS; ++k)
        if (key_is(key, len, issue_keys[k]))
            return (int)k;
    return -1;
}

typedef struct line_ctx {
    parley_i_table_meta *m;
    parley_i_csv *t;
    parley_i_issue_meta *mi;
    size_t line, column; /* where the value text starts */
    const char *text;    /* the value text in the arena ("issue=" before it) */
    size_t cap_fields;
    int ok;
    unsigned seen; /* keys given so far (1 << key index): each at most once */
} line_ctx;

/* 1-based character column of p in a text starting at column `column`. */
static size_t column_of(const char *text, const char *p, size_t column) {
    for (const char *q = text; q < p; ++q)
        if (((unsigned char)*q & 0xC0) != 0x80)
            ++column;
    return column;
}

static parley_i_field *new_field(line_ctx *c, char *text, const char *at) {
    parley_i_csv *t = c->t;
    if (t->n_fields == c->cap_fields) {
        t->nomem = 1;
        return NULL;
    }
    parley_i_field *f = &t->fields[t->n_fields++];
    *f = (parley_i_field){text, c->line, column_of(c->text, at, c->column), 0};
    return f;
}

/* A warning when the issue name of a "# issue:" line holds "; WORD=" with
 * WORD no key: a misspelt key ("# issue: budget; colour=red", "stauts_quo=")
 * would else silently become part of the name and its value be lost. */
static void warn_key_in_name(line_ctx *c, const parley_i_field *f) {
    char shown[64];
    for (const char *p = strchr(c->mi->name, ';'); p; p = strchr(p + 1, ';')) {
        const char *w = p + 1;
        while (*w == ' ')
            ++w;
        const char *e = w;
        while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') || *e == '_' || *e == ' ')
            ++e;
        if (e == w || *e != '=')
            continue;
        size_t len = (size_t)(e - w);
        while (len > 0 && w[len - 1] == ' ')
            --len;
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)len, w);
        parley_diags_add(c->t->diags, PARLEY_SEV_WARNING, PARLEY_OK, c->t->file, f->line,
                         column_of(f->text, w, f->column), NULL,
                         "the issue name %s holds \"%s=\", which is not a key of the line "
                         "(expected description, min, max, status_quo, outcome, labels, "
                         "outcome_as_of, outcome_source, outcome_confidence or notes; a "
                         "misspelt key? it is read as part of the name)",
                         parley_i_show(c->mi->name, shown, sizeof shown), key);
        return;
    }
}

static void issue_line_put(void *ctx, int key, const char *key_text, size_t key_len,
                           const char *value) {
    line_ctx *c = ctx;
    char shown[64];
    parley_i_field *f = new_field(c, (char *)value, key_text);
    if (!f)
        return;
    if (key == 0) { /* issue=NAME */
        if (c->mi->name_f) {
            parley_i_csv_error(c->t, PARLEY_EDATA, f->line, f->column,
                               "a second issue name in one line (expected one issue per line)");
            c->ok = 0;
            return;
        }
        c->mi->name_f = f;
        c->mi->name = parley_i_trim(f->text);
        if (!c->mi->name[0]) {
            parley_i_csv_error(c->t, PARLEY_EDATA, f->line, f->column,
                               "empty issue name (expected # issue: NAME; min=LO; max=HI; ...)");
            c->ok = 0;
        }
        warn_key_in_name(c, f);
        for (size_t e = 0; e + 1 < c->m->n_issues && c->mi->name[0]; ++e)
            if (strcmp(c->m->issues[e].name, c->mi->name) == 0) {
                parley_i_csv_error(c->t, PARLEY_EDATA, f->line, f->column,
                                   "duplicate issue %s (already on line %zu)",
                                   parley_i_show(c->mi->name, shown, sizeof shown),
                                   c->m->issues[e].name_f->line);
                c->ok = 0;
            }
        return;
    }
    char name[32];
    size_t n = key_len < sizeof name - 1 ? key_len : sizeof name - 1;
    memcpy(name, key_text, n);
    name[n] = '\0';
    /* a repeated key is an error, as a repeated column of the Issues sheet
     * is: the last one would else silently win */
    if (key > 0 && key < 32 && (c->seen & (1u << key))) {
        parley_i_csv_error(c->t, PARLEY_EDATA, f->line, f->column,
                           "%s given twice in one line (expected each key once)", name);
        return; /* the first one stands, so no later check repeats this */
    }
    if (key > 0 && key < 32)
        c->seen |= 1u << key;
    parley_i_meta_issue_key(c->mi, c->t, name, f, &c->ok);
}

/* Copies src[0..n) into dst unescaping \\n, \\r and \\\\; returns the length. */
static size_t unescape(char *dst, const char *src, size_t n) {
    size_t o = 0;
    for (size_t k = 0; k < n; ++k) {
        if (src[k] == '\\' && k + 1 < n &&
            (src[k + 1] == 'n' || src[k + 1] == 'r' || src[k + 1] == '\\')) {
            dst[o++] = src[k + 1] == 'n' ? '\n' : src[k + 1] == 'r' ? '\r' : '\\';
            ++k;
        } else {
            dst[o++] = src[k];
        }
    }
    return o;
}

int parley_i_meta_read_directives(parley_i_table_meta *m, parley_i_csv *t, const char *data,
                                  size_t size, size_t *consumed, size_t *n_lines) {
    char shown[64];
    *consumed = 0;
    *n_lines = 0;
    m->issues_t = t;
    /* the "#" lines and what they need */
    size_t end = 0, lines = 0, semis = 0;
    while (end < size && data[end] == '#') {
        while (end < size && data[end] != '\n' && data[end] != '\r')
            semis += data[end++] == ';';
        if (end < size && data[end] == '\r' && end + 1 < size && data[end + 1] == '\n')
            ++end;
        if (end < size)
            ++end;
        ++lines;
    }
    *consumed = end;
    *n_lines = lines;
    if (lines == 0)
        return 1;
    size_t cap_fields = semis + 2 * lines + 1;
    t->arena = malloc(end + 8 * lines + 1);
    t->fields = malloc(cap_fields * sizeof *t->fields);
    m->issues = calloc(lines, sizeof *m->issues);
    if (!t->arena || !t->fields || !m->issues) {
        t->nomem = 1;
        return 0;
    }
    int ok = 1;
    const parley_i_field *seen[5] = {NULL, NULL, NULL, NULL, NULL};
    static const char *const scenario_keys[5] = {"scenario", "description", "source", "as of",
                                                 "salience scale"};
    size_t at = 0;
    for (size_t line = 1; line <= lines; ++line) {
        const char *p = data + at;
        size_t len = 0;
        while (at + len < end && p[len] != '\n' && p[len] != '\r')
            ++len;
        at += len;
        if (at < end && data[at] == '\r' && at + 1 < end && data[at + 1] == '\n')
            ++at;
        if (at < end)
            ++at;
        /* "#", then a key of letters, '_' and spaces, then ':'; anything
         * else (and "##") is a comment */
        size_t k = 1;
        if (k < len && p[k] == '#')
            continue;
        while (k < len && (p[k] == ' ' || p[k] == '\t'))
            ++k;
        size_t key_at = k;
        while (k < len && ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z') ||
                           p[k] == '_' || p[k] == ' '))
            ++k;
        if (k == key_at || k >= len || p[k] != ':')
            continue;
        size_t key_len = k;
        while (key_len > key_at && p[key_len - 1] == ' ')
            --key_len;
        const char *key = p + key_at;
        key_len -= key_at;
        size_t value_at = k + 1;
        if (value_at < len && p[value_at] == ' ')
            ++value_at;
        size_t key_column = column_of(p, key, 1), value_column = column_of(p, p + value_at, 1);
        int which = -1;
        for (int j = 0; j < 5; ++j)
            if (key_is(key, key_len, scenario_keys[j]) || (j == 0 && key_is(key, key_len, "name")))
                which = j;
        int issue = key_is(key, key_len, "issue");
        if (which < 0 && !issue) {
            char word[64];
            snprintf(word, sizeof word, "%.*s", (int)(key_len < 40 ? key_len : 40), key);
            parley_i_csv_error(t, PARLEY_EDATA, line, key_column,
                               "unknown directive %s (expected scenario, description, source, "
                               "as_of, salience_scale or issue; a comment may not start with "
                               "WORD: -- write ## for such a comment)",
                               parley_i_show(word, shown, sizeof shown));
            ok = 0;
            continue;
        }
        char *text = t->arena + t->arena_len;
        size_t n = 0;
        if (issue) {
            memcpy(text, "issue=", 6);
            n = 6;
        }
        n += unescape(text + n, p + value_at, len - value_at);
        text[n] = '\0';
        t->arena_len += n + 1;
        if (issue) {
            parley_i_issue_meta *mi = &m->issues[m->n_issues++];
            line_ctx c = {m, t, mi, line, value_column, text + 6, cap_fields, 1, 0};
            const char *bad = NULL;
            parley_i_split_keyed(text, '=', parley_i_issue_line_key, issue_line_put, &c, &bad);
            if (t->nomem)
                return 0;
            if (!mi->name_f) {
                /* cannot happen: the text starts with "issue=" */
                m->n_issues--;
                continue;
            }
            int row_ok = c.ok;
            parley_i_meta_issue_done(mi, t, row_ok, &row_ok);
            if (!row_ok || !c.ok)
                ok = 0;
            continue;
        }
        if (t->n_fields == cap_fields) {
            t->nomem = 1;
            return 0;
        }
        parley_i_field *f = &t->fields[t->n_fields++];
        *f = (parley_i_field){text, line, value_column, 0};
        if (seen[which]) {
            parley_i_csv_error(t, PARLEY_EDATA, line, key_column,
                               "a second %.*s line (the first is line %zu)", (int)key_len, key,
                               seen[which]->line);
            ok = 0;
            continue;
        }
        seen[which] = f;
        static const char *const labels[2] = {"as_of", "salience_scale"};
        if (!set_scenario_field(m, t, (size_t)which, f, labels, 0))
            ok = 0;
    }
    return ok && !t->nomem;
}
