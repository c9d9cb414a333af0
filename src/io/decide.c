/* parley: reader of Decide's row-tagged files (Stokman's exchange-model
 * tool; grammar in docs/formats.md).
 *
 * Every row starts with a tag: #O title, #/ comment, #A actor (id, full
 * name, comment), #P issue (id, description), #M a labelled point of an
 * issue scale (issue id, position, meaning), #D an actor x issue cell
 * (actor id, issue id, position, salience, power, comment).  Fields are
 * separated by tabs or by semicolons (the character after the tag in the
 * first rows; never any other character) and may be single-quoted, the tag
 * included ('#A').  Row order is free: the reader makes three passes (#A
 * and #P, then #M, then #D), so that every problem of the file is reported
 * in one run, each with line and column, like Decide's error grid.
 *
 * Mapping onto a scenario: name = #O title (else the file's base name),
 * description = the #/ comment rows (one line each), actor = #A id with the
 * full name as description when it differs from the id, issue = #P id and
 * description, bounds = min and max of the issue's #M points (0-100 when
 * it has none), labels = the #M rows that have a meaning, cell = #D with
 * the power as the cell's capability, salience on 0-1.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "io/csv.h"
#include "io/internal.h"
#include "io/reader.h"

#define NONE ((size_t)-1)

typedef struct d_actor {
    const char *id, *name;
    size_t line;
    int used;
} d_actor;

typedef struct d_issue {
    const char *id;
    char *description; /* malloc'ed, may be NULL */
    size_t line;
    size_t n_points;
    double lo, hi;
    int used;
} d_issue;

typedef struct d_key {
    const char *id;
    size_t index;
} d_key;

typedef struct decide {
    parley_i_csv t;
    char sep;
    d_actor *actors;
    size_t n_actors;
    d_issue *issues;
    size_t n_issues;
    d_key *actor_keys, *issue_keys;
} decide;

static int by_id(const void *a, const void *b) {
    const d_key *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static size_t lookup(const d_key *keys, size_t n, const char *id) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(keys[mid].id, id);
        if (c == 0) {
            while (mid > 0 && strcmp(keys[mid - 1].id, id) == 0)
                --mid;
            return keys[mid].index;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NONE;
}

/* Chooses tab or ';': in the first 50 lines that start with a row tag
 * ("#A" or "'#A'") outside a quoted field, the character right after the
 * tag is the separator; the more frequent of tab and ';' wins (text fields
 * may hold either, even across lines, the place after a tag cannot).
 * Falls back to counting the lines that contain each when no line starts
 * with a tag.  Returns 0 if neither occurs. */
static char choose_separator(const char *data, size_t size) {
    size_t tabs = 0, semis = 0, tagged = 0, tab_lines = 0, semi_lines = 0;
    int quoted = 0, line_start = 1;
    for (size_t k = 0; k < size && tagged < 50; ++k) {
        char c = data[k];
        if (line_start && !quoted) {
            size_t after =
                k + 2 <= size && data[k] == '#' ? k + 2
                : k + 4 <= size && data[k] == '\'' && data[k + 1] == '#' && data[k + 3] == '\''
                    ? k + 4
                    : 0;
            if (after && after < size) {
                tagged++;
                if (data[after] == '\t')
                    tabs++;
                if (data[after] == ';')
                    semis++;
            }
        }
        line_start = 0;
        if (c == '\t')
            tab_lines++;
        if (c == ';')
            semi_lines++;
        if (c == '\'') {
            if (!quoted && (k == 0 || data[k - 1] == '\t' || data[k - 1] == ';' ||
                            data[k - 1] == '\n' || data[k - 1] == '\r'))
                quoted = 1;
            else if (quoted && k + 1 < size && data[k + 1] == '\'')
                ++k;
            else if (quoted)
                quoted = 0;
        } else if ((c == '\n' || c == '\r') && !quoted) {
            line_start = 1;
        }
    }
    if (tabs || semis)
        return tabs >= semis ? '\t' : ';';
    if (tab_lines == 0 && semi_lines == 0)
        return 0;
    return tab_lines >= semi_lines ? '\t' : ';';
}

/* The tag of a record ("#A" ...), or 0 for a blank record. */
static char tag_of(decide *d, const parley_i_record *r, int warn) {
    if (parley_i_csv_blank(&d->t, r))
        return 0;
    parley_i_field *f = parley_i_csv_field(&d->t, r, 0);
    const char *tag = parley_i_trim(f->text);
    if (tag[0] == '#' && tag[1] && !tag[2]) {
        switch (tag[1]) {
        case 'O':
        case 'A':
        case 'P':
        case 'M':
        case 'D':
        case '/':
            return tag[1];
        case '0':
            if (warn)
                parley_i_csv_diag(&d->t, PARLEY_SEV_WARNING, f->line, f->column,
                                  "tag \"#0\" (zero) read as the title tag \"#O\" (letter O)");
            return 'O';
        default:
            break;
        }
    }
    if (warn) {
        char shown[64];
        parley_i_csv_error(&d->t, PARLEY_EPARSE, f->line, f->column,
                           "unknown row tag %s (expected #O, #/, #A, #P, #M or #D)",
                           parley_i_show(tag, shown, sizeof shown));
    }
    return '?';
}

/* Requires at least n fields (tag included); records an error if fewer. */
static int need_fields(decide *d, const parley_i_record *r, size_t n, const char *what) {
    if (r->n >= n)
        return 1;
    parley_i_field *last = parley_i_csv_field(&d->t, r, r->n - 1);
    parley_i_csv_error(&d->t, PARLEY_EDATA, r->line, last->column,
                       "%s row has %zu field%s (expected %s)",
                       parley_i_csv_field(&d->t, r, 0)->text, r->n, r->n == 1 ? "" : "s", what);
    return 0;
}

/* Field k of r trimmed, or "" when the row is shorter. */
static const char *id_field(decide *d, const parley_i_record *r, size_t k) {
    if (k >= r->n)
        return "";
    return parley_i_trim(parley_i_csv_field(&d->t, r, k)->text);
}

/* Joins fields from..n-1 of r that are non-empty and differ from skip,
 * with sep; returns NULL if none (or on out of memory, setting nomem). */
static char *join_fields(decide *d, const parley_i_record *r, size_t from, const char *skip,
                         char sep) {
    size_t len = 0, count = 0;
    size_t last = r->n;
    while (last > from && !parley_i_csv_field(&d->t, r, last - 1)->text[0])
        --last;
    for (size_t k = from; k < last; ++k) {
        const char *s = parley_i_csv_field(&d->t, r, k)->text;
        if (skip && strcmp(s, skip) == 0)
            continue;
        len += strlen(s) + 1;
        count++;
    }
    if (count == 0)
        return NULL;
    char *out = malloc(len + 1), *p = out;
    if (!out) {
        d->t.nomem = 1;
        return NULL;
    }
    for (size_t k = from; k < last; ++k) {
        const char *s = parley_i_csv_field(&d->t, r, k)->text;
        if (skip && strcmp(s, skip) == 0)
            continue;
        if (p != out)
            *p++ = sep;
        size_t n = strlen(s);
        memcpy(p, s, n);
        p += n;
    }
    *p = '\0';
    return out;
}

/* Pass 1: #A and #P rows. */
static void read_declarations(decide *d) {
    parley_i_csv *t = &d->t;
    char shown[64];
    for (size_t k = 0; k < t->n_records; ++k) {
        const parley_i_record *r = &t->records[k];
        char tag = tag_of(d, r, 1);
        if (tag != 'A' && tag != 'P')
            continue;
        if (!need_fields(d, r, 2, tag == 'A' ? "an actor id" : "an issue id"))
            continue;
        parley_i_field *f = parley_i_csv_field(t, r, 1);
        const char *id = parley_i_trim(f->text);
        if (!id[0]) {
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column, "empty %s id (expected a name)",
                               tag == 'A' ? "actor" : "issue");
            continue;
        }
        if (tag == 'A') {
            const char *name = id_field(d, r, 2);
            d->actors[d->n_actors++] =
                (d_actor){id, name[0] && strcmp(name, id) != 0 ? name : NULL, r->line, 0};
        } else {
            d_issue *is = &d->issues[d->n_issues++];
            memset(is, 0, sizeof *is);
            is->id = id;
            is->line = r->line;
            is->description = join_fields(d, r, 2, id, ' ');
        }
    }
    /* duplicates, found by sorting */
    for (int pass = 0; pass < 2; ++pass) {
        size_t n = pass == 0 ? d->n_actors : d->n_issues;
        d_key *keys = pass == 0 ? d->actor_keys : d->issue_keys;
        for (size_t k = 0; k < n; ++k)
            keys[k] = (d_key){pass == 0 ? d->actors[k].id : d->issues[k].id, k};
        qsort(keys, n, sizeof *keys, by_id);
        for (size_t k = 1; k < n; ++k) {
            if (strcmp(keys[k].id, keys[k - 1].id) != 0)
                continue;
            size_t first = keys[k].index, g = k;
            while (g > 0 && strcmp(keys[g - 1].id, keys[k].id) == 0)
                first = keys[--g].index;
            size_t line = pass == 0 ? d->actors[keys[k].index].line : d->issues[keys[k].index].line;
            size_t first_line = pass == 0 ? d->actors[first].line : d->issues[first].line;
            parley_i_csv_error(t, PARLEY_EDATA, line, 0,
                               "duplicate %s %s (already declared on line %zu)",
                               pass == 0 ? "actor" : "issue",
                               parley_i_show(keys[k].id, shown, sizeof shown), first_line);
        }
    }
    if (d->n_actors == 0)
        parley_i_csv_error(t, PARLEY_EDATA, 0, 0, "no actors (expected #A rows)");
    if (d->n_issues == 0)
        parley_i_csv_error(t, PARLEY_EDATA, 0, 0, "no issues (expected #P rows)");
}

/* Looks up field k of r as an issue (or actor) id; records an error if undeclared. */
static size_t find(decide *d, const parley_i_record *r, size_t k, int issue) {
    parley_i_field *f = parley_i_csv_field(&d->t, r, k);
    const char *id = parley_i_trim(f->text);
    size_t i =
        issue ? lookup(d->issue_keys, d->n_issues, id) : lookup(d->actor_keys, d->n_actors, id);
    if (i == NONE) {
        char shown[64];
        parley_i_csv_error(&d->t, PARLEY_EDATA, f->line, f->column,
                           "%s %s is not declared (expected the id of a %s row)",
                           issue ? "issue" : "actor", parley_i_show(id, shown, sizeof shown),
                           issue ? "#P" : "#A");
    }
    return i;
}

/* Pass 2: #M rows give the scale bounds and labels. */
static void read_scale_points(decide *d, parley_scenario *s) {
    parley_i_csv *t = &d->t;
    for (size_t k = 0; k < t->n_records; ++k) {
        const parley_i_record *r = &t->records[k];
        if (tag_of(d, r, 0) != 'M')
            continue;
        if (!need_fields(d, r, 3, "an issue id and a position"))
            continue;
        size_t i = find(d, r, 1, 1);
        double x;
        if (!parley_i_csv_number(t, parley_i_csv_field(t, r, 2), "a scale point", &x) || i == NONE)
            continue;
        d_issue *is = &d->issues[i];
        if (is->n_points == 0 || x < is->lo)
            is->lo = x;
        if (is->n_points == 0 || x > is->hi)
            is->hi = x;
        is->n_points++;
        char *meaning = join_fields(d, r, 3, NULL, ' ');
        if (meaning && s->issues && parley_issue_add_label(&s->issues[i], x, meaning) != PARLEY_OK)
            t->nomem = 1;
        free(meaning);
    }
    char b1[PARLEY_I_NUMBUF];
    char shown[64];
    for (size_t i = 0; i < d->n_issues; ++i) {
        d_issue *is = &d->issues[i];
        if (is->n_points == 0) {
            is->lo = 0;
            is->hi = 100;
        } else if (!(is->lo < is->hi)) {
            parley_i_csv_error(
                t, PARLEY_EDATA, is->line, 0,
                "issue %s has a zero-width scale: every #M row is at %s (expected #M rows at two "
                "different positions, or none for 0-100)",
                parley_i_show(is->id, shown, sizeof shown), parley_i_format_double(is->lo, b1));
        }
    }
}

/* Pass 3: #D cells. */
static void read_cells(decide *d, parley_scenario *s, const parley_read_options *opts,
                       size_t *cell_line) {
    parley_i_csv *t = &d->t;
    char shown[64], b1[PARLEY_I_NUMBUF], b2[PARLEY_I_NUMBUF];
    double top = opts->salience_scale == 100 ? 100.0 : 1.0;
    for (size_t k = 0; k < t->n_records; ++k) {
        const parley_i_record *r = &t->records[k];
        if (tag_of(d, r, 0) != 'D')
            continue;
        if (!need_fields(d, r, 6, "actor, issue, position, salience and power"))
            continue;
        size_t a = find(d, r, 1, 0);
        size_t i = find(d, r, 2, 1);
        parley_i_field *fp = parley_i_csv_field(t, r, 3), *fs = parley_i_csv_field(t, r, 4),
                       *fw = parley_i_csv_field(t, r, 5);
        double x = NAN, sal = NAN, power = NAN;
        int ok = a != NONE && i != NONE;
        if (parley_i_csv_number(t, fp, "the position", &x)) {
            if (i != NONE && d->issues[i].lo < d->issues[i].hi &&
                !(x >= d->issues[i].lo && x <= d->issues[i].hi)) {
                parley_i_csv_error(
                    t, PARLEY_EDATA, fp->line, fp->column,
                    "position %s is outside the scale of issue %s [%s, %s] (expected a position "
                    "inside the issue's #M range)",
                    fp->text, parley_i_show(d->issues[i].id, shown, sizeof shown),
                    parley_i_format_double(d->issues[i].lo, b1),
                    parley_i_format_double(d->issues[i].hi, b2));
                ok = 0;
            }
        } else {
            ok = 0;
        }
        if (parley_i_csv_number(t, fs, "the salience", &sal)) {
            if (!(sal >= 0 && sal <= top)) {
                parley_i_csv_error(t, PARLEY_EDATA, fs->line, fs->column,
                                   "salience %s is outside [0, %s] (expected a salience on 0-%s%s)",
                                   fs->text, top == 1 ? "1" : "100", top == 1 ? "1" : "100",
                                   top == 1 ? "; use --salience-scale 100 for 0-100" : "");
                ok = 0;
            }
        } else {
            ok = 0;
        }
        if (parley_i_csv_number(t, fw, "the power", &power)) {
            if (!(power >= 0 && power <= 100)) {
                parley_i_csv_error(t, PARLEY_EDATA, fw->line, fw->column,
                                   "power %s is outside [0, 100] (expected a non-negative power, "
                                   "as Decide requires)",
                                   fw->text);
                ok = 0;
            }
        } else {
            ok = 0;
        }
        if (a == NONE || i == NONE)
            continue;
        size_t ci = a * d->n_issues + i;
        if (cell_line[ci]) {
            parley_i_csv_error(
                t, PARLEY_EDATA, r->line, parley_i_csv_field(t, r, 1)->column,
                "duplicate cell for actor %s on issue %s (already given on line %zu)",
                parley_i_show(d->actors[a].id, shown, sizeof shown), d->issues[i].id,
                cell_line[ci]);
            continue;
        }
        cell_line[ci] = r->line;
        d->actors[a].used = d->issues[i].used = 1;
        if (!ok || !s->cells)
            continue;
        parley_cell *c = &s->cells[ci];
        c->present = 1;
        c->position = x;
        c->salience = top == 100 ? sal / 100.0 : sal;
        c->capability = power;
    }
}

/* Title and comments. */
static void read_texts(decide *d, parley_scenario *s, const char *file) {
    parley_i_csv *t = &d->t;
    parley_buf comments;
    parley_buf_init(&comments);
    size_t n_comments = 0;
    for (size_t k = 0; k < t->n_records; ++k) {
        const parley_i_record *r = &t->records[k];
        char tag = tag_of(d, r, 0);
        if (tag == 'O') {
            char *title = join_fields(d, r, 1, NULL, ' ');
            if (title && !s->name && parley_set_string(&s->name, parley_i_trim(title)))
                t->nomem = 1;
            free(title);
        } else if (tag == '/') {
            /* one line of the description per #/ row, empty rows included */
            char *text = join_fields(d, r, 1, NULL, d->sep);
            if (n_comments++)
                parley_buf_append(&comments, "\n", 1);
            if (text)
                parley_buf_append(&comments, text, strlen(text));
            free(text);
        }
    }
    if (comments.failed)
        t->nomem = 1;
    if (n_comments && parley_set_string(&s->description, comments.data ? comments.data : ""))
        t->nomem = 1;
    parley_buf_destroy(&comments);
    if (!s->name || !s->name[0]) {
        const char *base = file ? strrchr(file, '/') : NULL;
        base = base ? base + 1 : file;
        if (!base || !base[0] || strcmp(base, "-") == 0)
            base = "decide";
        const char *dot = strrchr(base, '.');
        size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
        char *name = parley_i_utf8_fix(base, len); /* the file name need not be UTF-8 */
        if (!name) {
            t->nomem = 1;
            return;
        }
        free(s->name);
        s->name = name;
    }
}

parley_status parley_i_read_decide(parley_scenario *s, const char *data, size_t size,
                                   const char *file, const parley_read_options *opts,
                                   parley_diags *diags) {
    memset(s, 0, sizeof *s);
    decide d;
    memset(&d, 0, sizeof d);
    parley_i_csv *t = &d.t;
    parley_i_csv_init(t, file, diags);
    size_t errors_before = diags->n_errors;
    size_t bom = parley_i_bom_length(data, size);
    data += bom;
    size -= bom;
    parley_status st = PARLEY_OK;
    parley_scenario full;
    memset(&full, 0, sizeof full);
    size_t *cell_line = NULL;
    if (opts->salience_scale != 0 && opts->salience_scale != 1 && opts->salience_scale != 100) {
        parley_i_csv_error(t, PARLEY_EINVAL, 0, 0,
                           "invalid salience scale option %d (expected 1 or 100)",
                           opts->salience_scale);
        st = PARLEY_EINVAL;
        goto done;
    }
    if (!parley_i_csv_check_encoding(t, data, size)) {
        st = PARLEY_EPARSE;
        goto done;
    }
    d.sep = choose_separator(data, size);
    if (!d.sep) {
        parley_i_csv_error(
            t, PARLEY_EPARSE, size ? 1 : 0, size ? 1 : 0,
            size ? "no tab or ';' in the first lines (expected tab- or semicolon-separated "
                   "#A/#P/#M/#D rows)"
                 : "empty file (expected tab- or semicolon-separated #A/#P/#M/#D rows)");
        st = PARLEY_EPARSE;
        goto done;
    }
    st = parley_i_csv_tokenize(t, data, size, d.sep, '\'', 0);
    if (st != PARLEY_OK)
        goto done;
    d.actors = calloc(t->n_records + 1, sizeof *d.actors);
    d.issues = calloc(t->n_records + 1, sizeof *d.issues);
    d.actor_keys = calloc(t->n_records + 1, sizeof *d.actor_keys);
    d.issue_keys = calloc(t->n_records + 1, sizeof *d.issue_keys);
    if (!d.actors || !d.issues || !d.actor_keys || !d.issue_keys) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    read_declarations(&d);
    if (t->nomem)
        goto done;
    /* the full table of declared actors and issues; cells filled by pass 3 */
    if (!parley_i_cells_ok(d.n_actors, d.n_issues, file, 0, 0, NULL, diags))
        goto done;
    if ((st = parley_scenario_init(&full, d.n_actors, d.n_issues)) != PARLEY_OK)
        goto done;
    read_scale_points(&d, &full);
    if (d.n_issues && d.n_actors > (size_t)-1 / sizeof *cell_line / d.n_issues) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    cell_line = calloc(d.n_actors * d.n_issues + 1, sizeof *cell_line);
    if (!cell_line) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    read_cells(&d, &full, opts, cell_line);
    if (t->nomem || diags->n_errors > errors_before)
        goto done;
    /* Issues nobody has a cell on and actors without cells are left out,
     * with a warning (Decide's model fails on such an issue). */
    char shown[64];
    size_t na = 0, ni = 0;
    for (size_t i = 0; i < d.n_issues; ++i) {
        if (d.issues[i].used)
            ni++;
        else
            parley_i_csv_diag(
                t, PARLEY_SEV_WARNING, d.issues[i].line, 0,
                "issue %s has no #D row and is left out (expected at least one actor on it)",
                parley_i_show(d.issues[i].id, shown, sizeof shown));
    }
    for (size_t a = 0; a < d.n_actors; ++a) {
        if (d.actors[a].used)
            na++;
        else
            parley_i_csv_diag(t, PARLEY_SEV_WARNING, d.actors[a].line, 0,
                              "actor %s has no #D row and is left out (expected at least one cell)",
                              parley_i_show(d.actors[a].id, shown, sizeof shown));
    }
    if (na == 0 || ni == 0) {
        parley_i_csv_error(t, PARLEY_EDATA, 0, 0, "no #D rows (expected actor x issue cells)");
        goto done;
    }
    if ((st = parley_scenario_init(s, na, ni)) != PARLEY_OK)
        goto done;
    s->salience_scale = PARLEY_SALIENCE_UNIT;
    s->salience_scale_inferred = 0;
    size_t *issue_map = malloc(d.n_issues * sizeof *issue_map);
    if (!issue_map) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    for (size_t i = 0, j = 0; i < d.n_issues; ++i) {
        issue_map[i] = d.issues[i].used ? j : NONE;
        if (!d.issues[i].used)
            continue;
        parley_issue *to = &s->issues[j++], *from = &full.issues[i];
        if (parley_set_string(&to->name, d.issues[i].id) ||
            parley_set_string(&to->description, d.issues[i].description))
            t->nomem = 1;
        to->lo = d.issues[i].lo;
        to->hi = d.issues[i].hi;
        to->bounds_given = 1;
        to->labels = from->labels;
        to->n_labels = from->n_labels;
        from->labels = NULL;
        from->n_labels = 0;
    }
    for (size_t a = 0, b = 0; a < d.n_actors; ++a) {
        if (!d.actors[a].used)
            continue;
        if (parley_set_string(&s->actors[b].name, d.actors[a].id) ||
            parley_set_string(&s->actors[b].description, d.actors[a].name))
            t->nomem = 1;
        for (size_t i = 0; i < d.n_issues; ++i) {
            if (issue_map[i] == NONE)
                continue;
            *parley_scenario_cell(s, b, issue_map[i]) = full.cells[a * d.n_issues + i];
        }
        b++;
    }
    free(issue_map);
    read_texts(&d, s, file);
done:
    if (t->nomem && st == PARLEY_OK)
        st = PARLEY_ENOMEM;
    if (st == PARLEY_OK && diags->n_errors > errors_before) {
        st = PARLEY_EDATA;
        for (size_t k = 0; k < diags->count; ++k)
            if (diags->items[k].severity == PARLEY_SEV_ERROR &&
                diags->items[k].error.status == PARLEY_EPARSE)
                st = PARLEY_EPARSE;
    }
    if (st != PARLEY_OK)
        parley_scenario_destroy(s);
    parley_scenario_destroy(&full);
    free(cell_line);
    if (d.issues)
        for (size_t i = 0; i < d.n_issues; ++i)
            free(d.issues[i].description);
    free(d.actors);
    free(d.issues);
    free(d.actor_keys);
    free(d.issue_keys);
    parley_i_csv_destroy(t);
    return st;
}
