/* parley: the delimited-text tokenizer shared by the text readers (csv.h).
 * SPDX-License-Identifier: MIT
 */
#include "io/csv.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/internal.h"

/* Cursor over the input, counting lines and characters. */
typedef struct cursor {
    const char *p, *end;
    size_t line, column;
} cursor;

void parley_i_csv_init(parley_i_csv *t, const char *file, parley_diags *diags) {
    memset(t, 0, sizeof *t);
    t->file = file;
    t->diags = diags;
}

void parley_i_csv_destroy(parley_i_csv *t) {
    free(t->muted);
    t->muted = NULL;
    t->n_muted = t->cap_muted = 0;
    free(t->arena);
    free(t->fields);
    free(t->records);
    t->arena = NULL;
    t->fields = NULL;
    t->records = NULL;
}

int parley_i_csv_mute(parley_i_csv *t, size_t line, size_t column) {
    if (t->n_muted == t->cap_muted) {
        size_t cap = t->cap_muted ? 2 * t->cap_muted : 16;
        size_t *more = realloc(t->muted, 2 * cap * sizeof *more);
        if (!more) {
            t->nomem = 1;
            return 0;
        }
        t->muted = more;
        t->cap_muted = cap;
    }
    t->muted[2 * t->n_muted] = line;
    t->muted[2 * t->n_muted + 1] = column;
    t->n_muted++;
    return 1;
}

static void vdiag(parley_i_csv *t, parley_severity sev, parley_status st, size_t line,
                  size_t column, const char *fmt, va_list ap) {
    /* a cell already reported by the spreadsheet reader (a date, an error
     * value): the table's own complaint about it would repeat the problem */
    for (size_t k = 0; line && column && k < t->n_muted; ++k)
        if (t->muted[2 * k] == line && t->muted[2 * k + 1] == column)
            return;
    char msg[PARLEY_ERROR_MSG_MAX];
    parley_i_vformat(msg, sizeof msg, fmt, ap);
    if (t->sheet) {
        /* a spreadsheet: name the sheet and the cell (or row) first */
        char letters[16], shown[64];
        parley_i_show(t->sheet, shown, sizeof shown);
        if (line && column) {
            if (parley_diags_add(t->diags, sev, st, t->file, line, column, NULL,
                                 "sheet %s cell %s%zu: %s", shown,
                                 parley_i_column_letters(column, letters), line, msg))
                t->nomem = 1;
        } else if (line) {
            if (parley_diags_add(t->diags, sev, st, t->file, line, column, NULL,
                                 "sheet %s row %zu: %s", shown, line, msg))
                t->nomem = 1;
        } else if (parley_diags_add(t->diags, sev, st, t->file, line, column, NULL, "sheet %s: %s",
                                    shown, msg)) {
            t->nomem = 1;
        }
        return;
    }
    if (parley_diags_add(t->diags, sev, st, t->file, line, column, NULL, "%s", msg))
        t->nomem = 1;
}

void parley_i_csv_error(parley_i_csv *t, parley_status st, size_t line, size_t column,
                        const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vdiag(t, PARLEY_SEV_ERROR, st, line, column, fmt, ap);
    va_end(ap);
}

void parley_i_csv_diag(parley_i_csv *t, parley_severity sev, size_t line, size_t column,
                       const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vdiag(t, sev, sev == PARLEY_SEV_ERROR ? PARLEY_EDATA : PARLEY_OK, line, column, fmt, ap);
    va_end(ap);
}

char *parley_i_column_letters(size_t column, char *buf) {
    char rev[16];
    size_t n = 0;
    while (column > 0 && n < sizeof rev - 1) {
        rev[n++] = (char)('A' + (column - 1) % 26);
        column = (column - 1) / 26;
    }
    for (size_t k = 0; k < n; ++k)
        buf[k] = rev[n - 1 - k];
    buf[n] = '\0';
    return buf;
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
    while (c->p < c->end && ((unsigned char)*c->p & 0xC0) == 0x80)
        c->p++;
    c->column++;
}

int parley_i_csv_check_encoding(parley_i_csv *t, const char *data, size_t size) {
    cursor c = {data, data + size, 1 + t->line_offset, 1};
    while (c.p < c.end) {
        const unsigned char *u = (const unsigned char *)c.p;
        if (*u == 0) {
            parley_i_csv_error(t, PARLEY_EPARSE, c.line, c.column,
                               "NUL byte (expected text; is this a binary file?)");
            return 0;
        }
        if (*u < 0x20 && *u != '\t' && *u != '\r' && *u != '\n') {
            parley_i_csv_error(t, PARLEY_EPARSE, c.line, c.column,
                               "control character 0x%02X (expected text; is this a binary file?)",
                               *u);
            return 0;
        }
        size_t len = parley_i_utf8_length(u, (const unsigned char *)c.end);
        if (len == 0) {
            parley_i_csv_error(t, PARLEY_EPARSE, c.line, c.column,
                               "invalid UTF-8 (byte 0x%02X; expected UTF-8 text)", *u);
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

static int push_field(parley_i_csv *t, char *text, size_t line, size_t column, int quoted) {
    if (t->n_fields == t->cap_fields) {
        size_t cap = t->cap_fields ? 2 * t->cap_fields : 64;
        parley_i_field *f = realloc(t->fields, cap * sizeof *f);
        if (!f)
            return 0;
        t->fields = f;
        t->cap_fields = cap;
    }
    t->fields[t->n_fields++] = (parley_i_field){text, line, column, quoted};
    return 1;
}

static int push_record(parley_i_csv *t, size_t first, size_t line) {
    if (t->n_records == t->cap_records) {
        size_t cap = t->cap_records ? 2 * t->cap_records : 64;
        parley_i_record *r = realloc(t->records, cap * sizeof *r);
        if (!r)
            return 0;
        t->records = r;
        t->cap_records = cap;
    }
    t->records[t->n_records++] = (parley_i_record){first, t->n_fields - first, line};
    return 1;
}

static int at_line_end(const cursor *c) {
    return c->p < c->end && (*c->p == '\r' || *c->p == '\n');
}

int parley_i_csv_blank(const parley_i_csv *t, const parley_i_record *r) {
    if (r->n != 1)
        return 0;
    for (const char *p = t->fields[r->first].text; *p; ++p)
        if (*p != ' ' && *p != '\t')
            return 0;
    return 1;
}

parley_i_field *parley_i_csv_field(const parley_i_csv *t, const parley_i_record *r, size_t k) {
    return &t->fields[r->first + k];
}

/* Copies the character at the cursor into the arena and advances. */
static void take(parley_i_csv *t, cursor *c) {
    const char *from = c->p;
    advance(c);
    memcpy(t->arena + t->arena_len, from, (size_t)(c->p - from));
    t->arena_len += (size_t)(c->p - from);
}

parley_status parley_i_csv_tokenize(parley_i_csv *t, const char *data, size_t size, char sep,
                                    char quote, int strict_quotes) {
    /* Every byte is copied at most once, plus one NUL per field (at most one
     * field per byte and one more per record). */
    t->arena = malloc(2 * size + 2);
    if (!t->arena)
        return PARLEY_ENOMEM;
    cursor c = {data, data + size, 1 + t->line_offset, 1};
    while (c.p < c.end) {
        size_t first = t->n_fields, line = c.line;
        for (;;) { /* one field per iteration */
            char *text = t->arena + t->arena_len;
            size_t fline = c.line, fcol = c.column, start = t->arena_len;
            int quoted = quote && c.p < c.end && *c.p == quote;
            if (quoted) {
                advance(&c);
                for (;;) {
                    if (c.p >= c.end) {
                        parley_i_csv_error(t, PARLEY_EPARSE, fline, fcol,
                                           "unterminated quoted field (expected a closing %s)",
                                           quote == '"' ? "'\"'" : "\"'\"");
                        return PARLEY_EPARSE;
                    }
                    if (*c.p == quote) {
                        if (c.p + 1 < c.end && c.p[1] == quote) {
                            t->arena[t->arena_len++] = quote;
                            advance(&c);
                            advance(&c);
                            continue;
                        }
                        advance(&c);
                        break;
                    }
                    take(t, &c);
                    if (t->arena_len - start > PARLEY_I_CSV_FIELD_MAX)
                        goto too_long;
                }
                if (c.p < c.end && *c.p != sep && !at_line_end(&c)) {
                    const char *expected = sep == '\t' ? "a tab" : sep == ';' ? "';'" : "','";
                    if (c.line != fline)
                        parley_i_csv_error(
                            t, PARLEY_EPARSE, c.line, c.column,
                            "unexpected character after a closing quote (expected %s or a line "
                            "end; "
                            "the quoted field began at line %zu, column %zu: is its closing quote "
                            "missing?)",
                            expected, fline, fcol);
                    else
                        parley_i_csv_error(t, PARLEY_EPARSE, c.line, c.column,
                                           "unexpected character after a closing quote (expected "
                                           "%s or a line end)",
                                           expected);
                    return PARLEY_EPARSE;
                }
            } else {
                while (c.p < c.end && *c.p != sep && !at_line_end(&c)) {
                    if (quote && strict_quotes && *c.p == quote) {
                        parley_i_csv_error(
                            t, PARLEY_EPARSE, c.line, c.column,
                            "quote inside an unquoted field (expected the whole field in quotes)");
                        return PARLEY_EPARSE;
                    }
                    take(t, &c);
                    if (t->arena_len - start > PARLEY_I_CSV_FIELD_MAX)
                        goto too_long;
                }
            }
            t->arena[t->arena_len++] = '\0';
            if (t->n_fields - first >= PARLEY_I_CSV_FIELDS_MAX) {
                parley_i_csv_error(t, PARLEY_EPARSE, fline, fcol,
                                   "more than %zu fields on one line (expected a table row)",
                                   PARLEY_I_CSV_FIELDS_MAX);
                return PARLEY_EPARSE;
            }
            if (!push_field(t, text, fline, fcol, quoted))
                return PARLEY_ENOMEM;
            if (c.p < c.end && *c.p == sep) {
                advance(&c);
                continue;
            }
            if (c.p < c.end)
                advance(&c); /* the line end */
            break;
        too_long:
            parley_i_csv_error(t, PARLEY_EPARSE, fline, fcol,
                               "field longer than %zu bytes (expected a name or a number)",
                               PARLEY_I_CSV_FIELD_MAX);
            return PARLEY_EPARSE;
        }
        if (!push_record(t, first, line))
            return PARLEY_ENOMEM;
    }
    /* Blank lines at the end are fine. */
    while (t->n_records > 0 && parley_i_csv_blank(t, &t->records[t->n_records - 1]))
        t->n_records--;
    return PARLEY_OK;
}

char *parley_i_trim(char *s) {
    while (*s == ' ' || *s == '\t')
        ++s;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

const char *parley_i_show(const char *text, char *buf, size_t n) {
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
    /* never end inside a UTF-8 sequence */
    while (k > 1 && ((unsigned char)buf[k - 1] & 0x80)) {
        size_t j = k - 1;
        while (j > 1 && ((unsigned char)buf[j] & 0xC0) == 0x80)
            --j;
        size_t want = ((unsigned char)buf[j] >= 0xF0) ? 4 : ((unsigned char)buf[j] >= 0xE0) ? 3 : 2;
        if (k - j >= want)
            break;
        k = j;
    }
    buf[k++] = '"';
    buf[k] = '\0';
    return buf;
}

static int non_finite_word(const char *s) {
    if (*s == '+' || *s == '-')
        ++s;
    return strcasecmp(s, "nan") == 0 || strcasecmp(s, "inf") == 0 || strcasecmp(s, "infinity") == 0;
}

int parley_i_csv_number(parley_i_csv *t, parley_i_field *f, const char *what, double *out) {
    char shown[64];
    char *text = parley_i_trim(f->text);
    if (!text[0]) {
        parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                           "expected a number for %s, found an empty field", what);
        return 0;
    }
    if (non_finite_word(text)) {
        parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                           "expected a finite number for %s, found %s", what,
                           parley_i_show(text, shown, sizeof shown));
        return 0;
    }
    /* decimal commas (European CSV): 0,5 is read as 0.5 */
    char point[128];
    const char *parsed = text;
    if (t->decimal) {
        const char *comma = strchr(text, ','), *dot = strchr(text, '.');
        if (t->decimal == ',' && dot) {
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "expected a number with a decimal comma for %s (--decimal ,), "
                               "found %s",
                               what, parley_i_show(text, shown, sizeof shown));
            return 0;
        }
        if (comma && !dot && !strchr(comma + 1, ',') && strlen(text) < sizeof point) {
            strcpy(point, text);
            point[comma - text] = '.';
            parsed = point;
        }
    }
    double v = 0.0;
    int rc = parley_i_parse_real(parsed, strlen(parsed), &v);
    if (rc == PARLEY_I_NUM_NOMEM) {
        t->nomem = 1;
        return 0;
    }
    if (rc == PARLEY_I_NUM_OVERFLOW) {
        parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                           "number out of range for %s, found %s", what,
                           parley_i_show(text, shown, sizeof shown));
        return 0;
    }
    if (rc == PARLEY_I_NUM_UNDERFLOW) {
        parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                           "number too close to zero for %s (underflows a double; write 0 if 0 is "
                           "meant), found %s",
                           what, parley_i_show(text, shown, sizeof shown));
        return 0;
    }
    if (rc != PARLEY_I_NUM_OK) {
        char fixed[64];
        if (parley_i_number_fix(text, strlen(text), fixed, sizeof fixed))
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "expected a number for %s, found %s (write %s: no '+', digits on "
                               "both sides of '.')",
                               what, parley_i_show(text, shown, sizeof shown), fixed);
        else
            parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                               "expected a number for %s, found %s", what,
                               parley_i_show(text, shown, sizeof shown));
        return 0;
    }
    *out = v;
    return 1;
}
