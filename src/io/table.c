/* parley: the one-issue stakeholder table (CSV), as described in
 * docs/formats.md: a header naming the roles (Actor, Capability, Position,
 * Salience and their aliases) in any order, then one row per actor.
 *
 * The tokenizer is a small RFC 4180 reader (quoted fields, "" escapes,
 * LF / CRLF / bare CR line ends, a leading UTF-8 BOM) that remembers the
 * line and column (1-based, in characters after the BOM) of every field,
 * so that every diagnostic points at the offending field.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/internal.h"
#include "io/internal.h"

enum { ROLE_ACTOR, ROLE_CAPABILITY, ROLE_POSITION, ROLE_SALIENCE, N_ROLES };

static const char *const role_names[N_ROLES] = {"Actor", "Capability", "Position", "Salience"};

/* Header names accepted for each role, matched case-insensitively. */
static int role_of_header(const char *name) {
    static const struct {
        const char *name;
        int role;
    } aliases[] = {
        {"actor", ROLE_ACTOR},         {"stakeholder", ROLE_ACTOR},    {"name", ROLE_ACTOR},
        {"capability", ROLE_CAPABILITY}, {"clout", ROLE_CAPABILITY},   {"resources", ROLE_CAPABILITY},
        {"power", ROLE_CAPABILITY},    {"influence", ROLE_CAPABILITY}, {"position", ROLE_POSITION},
        {"salience", ROLE_SALIENCE},
    };
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; ++k)
        if (strcasecmp(name, aliases[k].name) == 0) return aliases[k].role;
    return -1;
}

typedef struct field {
    char *text; /* unescaped, NUL-terminated, in the arena */
    size_t line, column;
} field;

typedef struct record {
    size_t first, n; /* fields[first .. first + n) */
    size_t line;
} record;

typedef struct table {
    const char *file;
    parley_diags *diags;
    char *arena;
    size_t arena_len;
    field *fields;
    size_t n_fields, cap_fields;
    record *records;
    size_t n_records, cap_records;
    int nomem;
} table;

/* Cursor over the input, counting lines and characters. */
typedef struct cursor {
    const char *p, *end;
    size_t line, column;
} cursor;

static void add_error(table *t, parley_status st, size_t line, size_t column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static void add_error(table *t, parley_status st, size_t line, size_t column, const char *fmt, ...) {
    char msg[PARLEY_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    parley_i_vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (parley_diags_add(t->diags, PARLEY_SEV_ERROR, st, t->file, line, column, NULL, "%s", msg))
        t->nomem = 1;
}

/* Consumes one character: a line end (LF, CRLF or CR) moves to the next
 * line; other bytes advance the column once per UTF-8 character. */
static void advance(cursor *c) {
    unsigned char b = (unsigned char)*c->p;
    if (b == '\r' || b == '\n') {
        c->p += (b == '\r' && c->p + 1 < c->end && c->p[1] == '\n') ? 2 : 1;
        c->line++;
        c->column = 1;
        return;
    }
    c->p++;
    while (c->p < c->end && ((unsigned char)*c->p & 0xC0) == 0x80) c->p++;
    c->column++;
}

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if invalid. */
static size_t utf8_length(const unsigned char *p, const unsigned char *end) {
    unsigned char b = p[0];
    if (b < 0x80) return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) n = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        if (b == 0xE0) lo = 0xA0;
        if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
    } else
        return 0;
    if ((size_t)(end - p) < n) return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if (p[k] < 0x80 || p[k] > 0xBF) return 0;
    return n;
}

/* Checks that the text is UTF-8 without NUL bytes; records the first problem. */
static int check_encoding(table *t, const char *data, size_t size) {
    cursor c = {data, data + size, 1, 1};
    while (c.p < c.end) {
        const unsigned char *u = (const unsigned char *)c.p;
        if (*u == 0) {
            add_error(t, PARLEY_EPARSE, c.line, c.column, "NUL byte (expected text; is this a binary file?)");
            return 0;
        }
        size_t len = utf8_length(u, (const unsigned char *)c.end);
        if (len == 0) {
            add_error(t, PARLEY_EPARSE, c.line, c.column, "invalid UTF-8 (byte 0x%02X; expected UTF-8 text)",
                      *u);
            return 0;
        }
        if (*u == '\r' || *u == '\n') {
            advance(&c);
        } else {
            c.p += len;
            c.column++;
        }
    }
    return 1;
}

static int push_field(table *t, char *text, size_t line, size_t column) {
    if (t->n_fields == t->cap_fields) {
        size_t cap = t->cap_fields ? 2 * t->cap_fields : 64;
        field *f = realloc(t->fields, cap * sizeof *f);
        if (!f) return 0;
        t->fields = f;
        t->cap_fields = cap;
    }
    t->fields[t->n_fields++] = (field){text, line, column};
    return 1;
}

static int push_record(table *t, size_t first, size_t line) {
    if (t->n_records == t->cap_records) {
        size_t cap = t->cap_records ? 2 * t->cap_records : 64;
        record *r = realloc(t->records, cap * sizeof *r);
        if (!r) return 0;
        t->records = r;
        t->cap_records = cap;
    }
    t->records[t->n_records++] = (record){first, t->n_fields - first, line};
    return 1;
}

static int at_line_end(const cursor *c) { return c->p < c->end && (*c->p == '\r' || *c->p == '\n'); }

/* 1 if the record is a line of nothing but spaces and tabs. */
static int is_blank(const table *t, const record *r) {
    if (r->n != 1) return 0;
    for (const char *p = t->fields[r->first].text; *p; ++p)
        if (*p != ' ' && *p != '\t') return 0;
    return 1;
}

/* Splits the text into records of fields.  Returns PARLEY_OK, PARLEY_EPARSE
 * (recorded) or PARLEY_ENOMEM. */
static parley_status tokenize(table *t, const char *data, size_t size) {
    t->arena = malloc(2 * size + 2);
    if (!t->arena) return PARLEY_ENOMEM;
    cursor c = {data, data + size, 1, 1};
    while (c.p < c.end) {
        size_t first = t->n_fields, line = c.line;
        for (;;) { /* one field per iteration */
            char *text = t->arena + t->arena_len;
            size_t fline = c.line, fcol = c.column;
            if (c.p < c.end && *c.p == '"') {
                advance(&c);
                for (;;) {
                    if (c.p >= c.end) {
                        add_error(t, PARLEY_EPARSE, fline, fcol,
                                  "unterminated quoted field (expected a closing '\"')");
                        return PARLEY_EPARSE;
                    }
                    if (*c.p == '"') {
                        if (c.p + 1 < c.end && c.p[1] == '"') {
                            t->arena[t->arena_len++] = '"';
                            advance(&c);
                            advance(&c);
                            continue;
                        }
                        advance(&c);
                        break;
                    }
                    const char *from = c.p;
                    advance(&c);
                    memcpy(t->arena + t->arena_len, from, (size_t)(c.p - from));
                    t->arena_len += (size_t)(c.p - from);
                }
                if (c.p < c.end && *c.p != ',' && !at_line_end(&c)) {
                    add_error(t, PARLEY_EPARSE, c.line, c.column,
                              "unexpected character after a closing quote (expected ',' or a line end)");
                    return PARLEY_EPARSE;
                }
            } else {
                while (c.p < c.end && *c.p != ',' && !at_line_end(&c)) {
                    if (*c.p == '"') {
                        add_error(t, PARLEY_EPARSE, c.line, c.column,
                                  "quote inside an unquoted field (expected the whole field in quotes)");
                        return PARLEY_EPARSE;
                    }
                    const char *from = c.p;
                    advance(&c);
                    memcpy(t->arena + t->arena_len, from, (size_t)(c.p - from));
                    t->arena_len += (size_t)(c.p - from);
                }
            }
            t->arena[t->arena_len++] = '\0';
            if (!push_field(t, text, fline, fcol)) return PARLEY_ENOMEM;
            if (c.p < c.end && *c.p == ',') {
                advance(&c);
                continue;
            }
            if (c.p < c.end) advance(&c); /* the line end */
            break;
        }
        if (!push_record(t, first, line)) return PARLEY_ENOMEM;
    }
    /* Blank lines at the end are fine. */
    while (t->n_records > 0 && is_blank(t, &t->records[t->n_records - 1])) t->n_records--;
    return PARLEY_OK;
}

/* Trims ASCII spaces and tabs in place. */
static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') ++s;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    return s;
}

/* Writes text for a message: quoted, control characters replaced, cut at 40
 * characters. */
static const char *show(const char *text, char *buf, size_t n) {
    size_t k = 0, chars = 0;
    buf[k++] = '"';
    for (const char *p = text; *p && k + 8 < n; ++p) {
        unsigned char b = (unsigned char)*p;
        if ((b & 0xC0) != 0x80 && ++chars > 40) {
            memcpy(buf + k, "...", 3);
            k += 3;
            break;
        }
        buf[k++] = (b < 0x20 || b == 0x7F) ? '?' : (char)b;
    }
    buf[k++] = '"';
    buf[k] = '\0';
    return buf;
}

/* Strict decimal number: [+-] digits [. digits] [(e|E) [+-] digits], with at
 * least one digit before or after the point. */
static int number_syntax(const char *s) {
    const char *p = s;
    if (*p == '+' || *p == '-') ++p;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9') ++p, ++digits;
    if (*p == '.') {
        ++p;
        while (*p >= '0' && *p <= '9') ++p, ++digits;
    }
    if (digits == 0) return 0;
    if (*p == 'e' || *p == 'E') {
        ++p;
        if (*p == '+' || *p == '-') ++p;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') ++p;
    }
    return *p == '\0';
}

static int non_finite_word(const char *s) {
    if (*s == '+' || *s == '-') ++s;
    return strcasecmp(s, "nan") == 0 || strcasecmp(s, "inf") == 0 || strcasecmp(s, "infinity") == 0;
}

/* Parses field f as a number for column `column_name`; records a problem and
 * returns 0 when it is not a finite number. */
static int parse_number(table *t, const field *f, const char *column_name, double *out) {
    char shown[64];
    char *text = trim(f->text);
    if (!text[0]) {
        add_error(t, PARLEY_EDATA, f->line, f->column, "expected a number for %s, found an empty field",
                  column_name);
        return 0;
    }
    if (non_finite_word(text)) {
        add_error(t, PARLEY_EDATA, f->line, f->column, "expected a finite number for %s, found %s",
                  column_name, show(text, shown, sizeof shown));
        return 0;
    }
    if (!number_syntax(text)) {
        add_error(t, PARLEY_EDATA, f->line, f->column, "expected a number for %s, found %s", column_name,
                  show(text, shown, sizeof shown));
        return 0;
    }
    double v = parley_i_strtod(text, NULL);
    if (!isfinite(v)) {
        add_error(t, PARLEY_EDATA, f->line, f->column, "number out of range for %s, found %s",
                  column_name, show(text, shown, sizeof shown));
        return 0;
    }
    *out = v;
    return 1;
}

/* Reads the header: column index of each role into col[].  Returns 1 if all
 * four roles were found. */
static int read_header(table *t, const record *h, size_t col[N_ROLES]) {
    char shown[64];
    for (int r = 0; r < N_ROLES; ++r) col[r] = (size_t)-1;
    for (size_t k = 0; k < h->n; ++k) {
        field *f = &t->fields[h->first + k];
        char *name = trim(f->text);
        int role = role_of_header(name);
        if (role < 0) {
            add_error(t, PARLEY_EDATA, f->line, f->column,
                      "unknown column %s (expected Actor, Capability, Position or Salience, or an alias)",
                      show(name, shown, sizeof shown));
        } else if (col[role] != (size_t)-1) {
            add_error(t, PARLEY_EDATA, f->line, f->column,
                      "duplicate column %s for %s (column %zu is already %s)", show(name, shown, sizeof shown),
                      role_names[role], col[role] + 1, t->fields[h->first + col[role]].text);
        } else {
            col[role] = k;
        }
    }
    int complete = 1;
    for (int r = 0; r < N_ROLES; ++r) {
        if (col[r] == (size_t)-1) {
            add_error(t, PARLEY_EDATA, h->line, 0, "missing column for %s (expected a column named %s)",
                      role_names[r], role_names[r]);
            complete = 0;
        }
    }
    return complete;
}

/* Values of one actor row. */
typedef struct row {
    const char *name;
    double capability, position, salience;
    const field *salience_field;
    size_t line;
    int ok;
} row;

static void read_rows(table *t, const size_t col[N_ROLES], row *rows, size_t *n_rows,
                      const parley_read_options *opts) {
    const record *h = &t->records[0];
    char shown[64], b1[PARLEY_I_NUMBUF], b2[PARLEY_I_NUMBUF];
    const char *cap_name = t->fields[h->first + col[ROLE_CAPABILITY]].text;
    const char *pos_name = t->fields[h->first + col[ROLE_POSITION]].text;
    const char *sal_name = t->fields[h->first + col[ROLE_SALIENCE]].text;
    *n_rows = 0;
    for (size_t k = 1; k < t->n_records; ++k) {
        const record *r = &t->records[k];
        if (r->n != h->n) {
            if (is_blank(t, r))
                add_error(t, PARLEY_EDATA, r->line, 0, "blank line (expected %zu fields)", h->n);
            else
                add_error(t, PARLEY_EDATA, r->line, 0, "expected %zu fields, found %zu", h->n, r->n);
            continue;
        }
        row *w = &rows[(*n_rows)++];
        memset(w, 0, sizeof *w);
        w->line = r->line;
        w->ok = 1;
        field *fa = &t->fields[r->first + col[ROLE_ACTOR]];
        w->name = trim(fa->text);
        if (!w->name[0]) {
            add_error(t, PARLEY_EDATA, fa->line, fa->column, "empty actor name (expected a name)");
            w->ok = 0;
        } else {
            for (size_t j = 0; j + 1 < *n_rows; ++j) {
                if (!rows[j].name || strcasecmp(rows[j].name, w->name) != 0) continue;
                if (strcmp(rows[j].name, w->name) == 0)
                    add_error(t, PARLEY_EDATA, fa->line, fa->column, "duplicate actor %s (already on line %zu)",
                              show(w->name, shown, sizeof shown), rows[j].line);
                else
                    add_error(t, PARLEY_EDATA, fa->line, fa->column,
                              "actor %s differs only in case from \"%s\" on line %zu",
                              show(w->name, shown, sizeof shown), rows[j].name, rows[j].line);
                w->ok = 0;
                break;
            }
        }
        const field *fc = &t->fields[r->first + col[ROLE_CAPABILITY]];
        const field *fp = &t->fields[r->first + col[ROLE_POSITION]];
        const field *fs = &t->fields[r->first + col[ROLE_SALIENCE]];
        w->salience_field = fs;
        if (parse_number(t, fc, cap_name, &w->capability)) {
            if (w->capability < 0) {
                add_error(t, PARLEY_EDATA, fc->line, fc->column, "expected a %s >= 0, found %s", cap_name,
                          show(fc->text, shown, sizeof shown));
                w->ok = 0;
            }
        } else {
            w->ok = 0;
        }
        if (parse_number(t, fp, pos_name, &w->position)) {
            if (opts->bounds_given && !(w->position >= opts->lo && w->position <= opts->hi)) {
                add_error(t, PARLEY_EDATA, fp->line, fp->column,
                          "expected a %s inside the given bounds [%s, %s], found %s", pos_name,
                          parley_i_format_double(opts->lo, b1), parley_i_format_double(opts->hi, b2),
                          show(fp->text, shown, sizeof shown));
                w->ok = 0;
            }
        } else {
            w->ok = 0;
        }
        if (parse_number(t, fs, sal_name, &w->salience)) {
            double top = opts->salience_scale == 1 ? 1.0 : 100.0;
            if (w->salience < 0 || w->salience > top) {
                if (opts->salience_scale)
                    add_error(t, PARLEY_EDATA, fs->line, fs->column,
                              "expected a %s in [0, %d] (the requested salience scale), found %s", sal_name,
                              opts->salience_scale, show(fs->text, shown, sizeof shown));
                else
                    add_error(t, PARLEY_EDATA, fs->line, fs->column,
                              "expected a %s in [0, 1] or [0, 100], found %s", sal_name,
                              show(fs->text, shown, sizeof shown));
                w->ok = 0;
            }
        } else {
            w->ok = 0;
        }
    }
}

/* The file's base name without directory and extension. */
static parley_status set_name_from_file(parley_scenario *s, const char *file) {
    if (!file || !file[0] || strcmp(file, "-") == 0) return parley_set_string(&s->name, "table");
    const char *slash = strrchr(file, '/');
    const char *base = slash ? slash + 1 : file;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *name = malloc(len + 1);
    if (!name) return PARLEY_ENOMEM;
    memcpy(name, base, len);
    name[len] = '\0';
    free(s->name);
    s->name = name;
    return PARLEY_OK;
}

static parley_status build(parley_scenario *s, table *t, const row *rows, size_t n,
                           const parley_read_options *opts) {
    parley_status st = parley_scenario_init(s, n, 1);
    if (st != PARLEY_OK) return st;
    /* Salience scale: stated by the options, else inferred. */
    int scale = opts->salience_scale;
    s->salience_scale_inferred = scale == 0;
    const row *above_one = NULL;
    for (size_t k = 0; k < n && !above_one; ++k)
        if (rows[k].salience > 1.0) above_one = &rows[k];
    if (scale == 0) {
        char shown[64];
        scale = above_one ? 100 : 1;
        if (above_one)
            st = parley_diags_add(t->diags, PARLEY_SEV_NOTE, PARLEY_OK, t->file, 0, 0, NULL,
                                  "salience scale inferred as 0-100 (%s on line %zu is above 1)",
                                  show(above_one->salience_field->text, shown, sizeof shown),
                                  above_one->line);
        else
            st = parley_diags_add(t->diags, PARLEY_SEV_NOTE, PARLEY_OK, t->file, 0, 0, NULL,
                                  "salience scale inferred as 0-1 (every salience is within [0, 1])");
        if (st != PARLEY_OK) goto fail;
    }
    s->salience_scale = scale == 100 ? PARLEY_SALIENCE_PERCENT : PARLEY_SALIENCE_UNIT;
    if ((st = set_name_from_file(s, t->file)) != PARLEY_OK) goto fail;
    parley_issue *issue = &s->issues[0];
    /* A one-issue table names its issue after the file, like the scenario. */
    if ((st = parley_set_string(&issue->name, opts->issue_name ? opts->issue_name : s->name)))
        goto fail;
    double lo = rows[0].position, hi = rows[0].position;
    for (size_t k = 0; k < n; ++k) {
        if ((st = parley_set_string(&s->actors[k].name, rows[k].name))) goto fail;
        parley_cell *c = parley_scenario_cell(s, k, 0);
        c->present = 1;
        c->position = rows[k].position;
        c->capability = rows[k].capability;
        c->salience = scale == 100 ? rows[k].salience / 100.0 : rows[k].salience;
        if (rows[k].position < lo) lo = rows[k].position;
        if (rows[k].position > hi) hi = rows[k].position;
    }
    /* Bounds: given by the options, else the range of the positions (which
     * may be a single point when every actor agrees). */
    issue->bounds_given = opts->bounds_given ? 1 : 0;
    issue->lo = opts->bounds_given ? opts->lo : lo;
    issue->hi = opts->bounds_given ? opts->hi : hi;
    return PARLEY_OK;
fail:
    parley_scenario_destroy(s);
    return st;
}

static void table_destroy(table *t) {
    free(t->arena);
    free(t->fields);
    free(t->records);
}

parley_status parley_i_read_table(parley_scenario *s, const char *data, size_t size,
                                  const char *file, const parley_read_options *opts,
                                  parley_diags *diags) {
    memset(s, 0, sizeof *s);
    if (opts->salience_scale != 0 && opts->salience_scale != 1 && opts->salience_scale != 100) {
        parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EINVAL, file, 0, 0, NULL,
                         "invalid salience scale option %d (expected 0 = infer, 1 or 100)",
                         opts->salience_scale);
        return PARLEY_EINVAL;
    }
    if (opts->bounds_given && !(isfinite(opts->lo) && isfinite(opts->hi) && opts->lo < opts->hi)) {
        parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EINVAL, file, 0, 0, NULL,
                         "invalid bounds option (expected finite lo < hi)");
        return PARLEY_EINVAL;
    }
    table t;
    memset(&t, 0, sizeof t);
    t.file = file;
    t.diags = diags;
    size_t errors_before = diags->n_errors;
    size_t bom = parley_i_bom_length(data, size);
    data += bom;
    size -= bom;
    parley_status st = PARLEY_OK;
    if (!check_encoding(&t, data, size)) {
        st = PARLEY_EPARSE;
        goto done;
    }
    st = tokenize(&t, data, size);
    if (st != PARLEY_OK) goto done;
    if (t.n_records == 0) {
        add_error(&t, PARLEY_EPARSE, 0, 0,
                  "empty file (expected a header line such as Actor,Capability,Position,Salience)");
        st = PARLEY_EPARSE;
        goto done;
    }
    size_t col[N_ROLES];
    if (!read_header(&t, &t.records[0], col)) {
        st = PARLEY_EDATA;
        goto done;
    }
    if (t.n_records == 1) {
        add_error(&t, PARLEY_EDATA, t.records[0].line, 0, "no actor rows after the header (expected at least one)");
        st = PARLEY_EDATA;
        goto done;
    }
    row *rows = calloc(t.n_records, sizeof *rows);
    if (!rows) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    size_t n_rows = 0;
    read_rows(&t, col, rows, &n_rows, opts);
    if (diags->n_errors == errors_before && !t.nomem) {
        double weight = 0;
        for (size_t k = 0; k < n_rows; ++k) weight += rows[k].capability * rows[k].salience;
        if (!(weight > 0))
            add_error(&t, PARLEY_EDATA, 0, 0,
                      "no actor has positive capability x salience (expected at least one with capability > 0 and salience > 0)");
        else if (n_rows == 1)
            parley_diags_add(diags, PARLEY_SEV_WARNING, PARLEY_OK, file, rows[0].line, 0, NULL,
                             "only one actor takes part in the issue");
    }
    if (diags->n_errors == errors_before && !t.nomem) st = build(s, &t, rows, n_rows, opts);
    free(rows);
done:
    if (t.nomem && st == PARLEY_OK) st = PARLEY_ENOMEM;
    if (st == PARLEY_OK && diags->n_errors > errors_before) st = PARLEY_EDATA;
    if (st != PARLEY_OK) parley_scenario_destroy(s);
    table_destroy(&t);
    return st;
}
