/* parley: stakeholder tables in workbooks, .xlsx (Office Open XML) and .ods
 * (OpenDocument), as described in docs/formats.md.
 *
 * The archive is opened from memory with libzip and its XML parts parsed
 * with libxml2 (no network, no entity expansion, no DTD); the sheet, the
 * shared strings and content.xml are streamed (xmlTextReader), each row
 * expanded into a tree on its own, so memory follows the cells kept.  The cells of the chosen
 * sheet become records of fields, a row being a record and a cell a field
 * at (row, column), and go through the same table logic as a CSV file
 * (table.c), so the semantics are identical; diagnostics name the sheet and
 * the cell ("sheet "Actors" cell C7: ...") besides the row and column.
 *
 * Hostile archives: every entry name is checked (no absolute paths, no
 * "..", no backslashes or control characters), encrypted entries are
 * refused, each entry read must declare an uncompressed size that fits,
 * with the entries read before it, in PARLEY_READ_MAX, and may not hold
 * more bytes than it declares (a zip bomb); libzip checks CRCs and the
 * archive's consistency.  Repeated ODS rows and columns are expanded only
 * when they hold a value, within the caps below.
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "core/internal.h"
#include "io/csv.h"
#include "io/internal.h"
#include "io/reader.h"
#include "io/table_meta.h"

/* Most rows and columns a sheet's values may reach, and most cells holding
 * a value (repeats included): a 40-byte content.xml repeating a cell a
 * billion times must not allocate a billion cells. */
#define SHEET_MAX_ROWS ((size_t)2100000)
#define SHEET_MAX_COLUMNS PARLEY_I_CSV_FIELDS_MAX
#define SHEET_MAX_CELLS ((size_t)4000000)

/* Most merged ranges named in warnings; later ones are counted in one.
 * A few more are kept, for those in title rows (not named). */
#define SHEET_MAX_MERGED_WARNINGS 20
#define SHEET_MAX_MERGED_KEPT (SHEET_MAX_MERGED_WARNINGS + 9)

/* One cell holding a value. */
typedef struct cell {
    size_t row, col; /* 1-based */
    char *text;      /* malloc'd, NUL-terminated */
} cell;

/* Rows or columns first..last (1-based). */
typedef struct span {
    size_t first, last;
} span;

/* The sheets read besides the table: "Issues" and "Scenario" (any case). */
enum { SHEET_TABLE, SHEET_ISSUES, SHEET_SCENARIO, N_SHEETS };

typedef struct book {
    parley_i_csv *t; /* diagnostics (with t->sheet once a sheet is chosen) and the records
                        of the sheet being read: one of targets[] */
    parley_i_csv *targets[N_SHEETS]; /* the records of the table, Issues and Scenario sheets */
    const char *file;
    zip_t *za;
    size_t bytes_read; /* uncompressed bytes of the entries read so far */
    cell *cells;
    size_t n_cells, cap_cells;
    int failed;    /* an error that stops the reading was recorded */
    int bad_cells; /* errors at cells were recorded (reading goes on, to report them all) */
    /* merged ranges whose top-left cell holds a value (xlsx_merged), warned
     * about once the sheet's title rows are known (merged_warnings) */
    struct {
        size_t r0, c0, r1, c1;
    } merged[SHEET_MAX_MERGED_KEPT];
    size_t n_merged;
    /* hidden rows (empty ones too: one inside the table is reported as
     * hidden, not blank) and hidden columns, reported in build_records:
     * parley does not read what the analyst does not see */
    span *hidden_rows, *hidden_cols;
    size_t n_hidden_rows, cap_hidden_rows, n_hidden_cols, cap_hidden_cols;
    char *actors_sheet; /* a sheet named Actors that is not the first read by default, or NULL */
} book;

static void berror(book *b, size_t row, size_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void berror(book *b, size_t row, size_t col, const char *fmt, ...) {
    char msg[PARLEY_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    parley_i_vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    parley_i_csv_error(b->t, PARLEY_EDATA, row, col, "%s", msg);
    /* the table logic goes on without this cell's value (it then reports
     * the other problems of the sheet, not this cell again) */
    if (row && col)
        parley_i_csv_mute(b->t, row, col);
    b->bad_cells = 1;
}

/* An error at a cell after which reading stops (a limit). */
#define BFATAL(b, ...)                                                                             \
    do {                                                                                           \
        berror(b, __VA_ARGS__);                                                                    \
        (b)->failed = 1;                                                                           \
    } while (0)

/* An error about the archive itself (no sheet or cell). */
static void aerror(book *b, parley_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void aerror(book *b, parley_status st, const char *fmt, ...) {
    char msg[PARLEY_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    parley_i_vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (parley_diags_add(b->t->diags, PARLEY_SEV_ERROR, st, b->file, 0, 0, NULL, "%s", msg))
        b->t->nomem = 1;
    b->failed = 1;
}

/* ---------------------------------------------------------------- archive */

/* 1 if an entry name is a plain relative path. */
static int entry_name_ok(const char *name) {
    if (!name[0] || name[0] == '/')
        return 0;
    for (const char *p = name; *p; ++p)
        if ((unsigned char)*p < 0x20 || *p == '\\' || *p == ':')
            return 0;
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 0;
        p += n;
        if (*p == '/')
            ++p;
    }
    return 1;
}

static int open_archive(book *b, const char *data, size_t size, const char *kind) {
    static const unsigned char ole[4] = {0xD0, 0xCF, 0x11, 0xE0};
    if (size >= 4 && memcmp(data, ole, 4) == 0) {
        aerror(b, PARLEY_EPARSE,
               "the file is an OLE compound document, not a zip archive: a password-protected "
               "(encrypted) workbook or an old .xls file (expected an unencrypted %s; save it "
               "without a password, as %s)",
               kind, kind);
        return 0;
    }
    if (size < 4 || memcmp(data, "PK", 2) != 0) {
        aerror(b, PARLEY_EPARSE, "not a zip archive (expected an %s workbook)", kind);
        return 0;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        b->t->nomem = 1;
        return 0;
    }
    b->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!b->za) {
        zip_source_free(src);
        aerror(b, PARLEY_EPARSE, "corrupt or truncated zip archive: %s (expected an %s workbook)",
               zip_error_strerror(&ze), kind);
        zip_error_fini(&ze);
        return 0;
    }
    zip_error_fini(&ze);
    zip_int64_t n = zip_get_num_entries(b->za, 0);
    for (zip_int64_t k = 0; k < n; ++k) {
        zip_stat_t st;
        if (zip_stat_index(b->za, (zip_uint64_t)k, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) {
            aerror(b, PARLEY_EPARSE, "corrupt zip archive: entry %lld cannot be read",
                   (long long)k);
            return 0;
        }
        char shown[64];
        if (!entry_name_ok(st.name)) {
            aerror(b, PARLEY_EPARSE,
                   "odd entry name %s in the archive (expected relative paths such as %s)",
                   parley_i_show(st.name, shown, sizeof shown),
                   strcmp(kind, ".ods") == 0 ? "content.xml" : "xl/workbook.xml");
            return 0;
        }
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
            aerror(b, PARLEY_EPARSE,
                   "entry %s of the archive is encrypted (expected an unencrypted workbook; "
                   "save it without a password)",
                   parley_i_show(st.name, shown, sizeof shown));
            return 0;
        }
    }
    return 1;
}

/* Reads entry `name` into *out (NUL-terminated, *len bytes).  Returns 1 on
 * success; 0 with *out NULL when it is missing (an error only if
 * required), or after recording an error. */
static int read_entry(book *b, const char *name, char **out, size_t *len, int required) {
    *out = NULL;
    *len = 0;
    char shown[64];
    parley_i_show(name, shown, sizeof shown);
    zip_int64_t idx = zip_name_locate(b->za, name, 0);
    if (idx < 0) {
        if (required)
            aerror(b, PARLEY_EPARSE, "the archive has no entry %s (expected a complete workbook)",
                   shown);
        return 0;
    }
    zip_stat_t st;
    if (zip_stat_index(b->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
        aerror(b, PARLEY_EPARSE, "corrupt zip archive: entry %s has no size", shown);
        return 0;
    }
    size_t room = PARLEY_READ_MAX - b->bytes_read;
    if (st.size > room) {
        aerror(b, PARLEY_EPARSE,
               "entry %s declares %llu bytes uncompressed, over parley's limit for a scenario "
               "(%d MiB in all; a zip bomb? expected a smaller workbook)",
               shown, (unsigned long long)st.size, PARLEY_READ_MAX >> 20);
        return 0;
    }
    size_t declared = (size_t)st.size;
    zip_file_t *zf = zip_fopen_index(b->za, (zip_uint64_t)idx, 0);
    if (!zf) {
        aerror(b, PARLEY_EPARSE, "cannot open entry %s: %s (a corrupt archive?)", shown,
               zip_strerror(b->za));
        return 0;
    }
    char *buf = malloc(declared + 2);
    if (!buf) {
        zip_fclose(zf);
        b->t->nomem = 1;
        b->failed = 1;
        return 0;
    }
    size_t got = 0;
    for (;;) {
        /* one byte more than declared shows an entry that holds more */
        zip_int64_t k = zip_fread(zf, buf + got, declared + 1 - got);
        if (k < 0) {
            aerror(b, PARLEY_EPARSE, "cannot read entry %s: %s (a corrupt or truncated archive?)",
                   shown, zip_file_strerror(zf));
            zip_fclose(zf);
            free(buf);
            return 0;
        }
        if (k == 0)
            break;
        got += (size_t)k;
        if (got > declared) {
            aerror(b, PARLEY_EPARSE,
                   "entry %s holds more than the %zu bytes it declares (a zip bomb? expected "
                   "an archive whose sizes are true)",
                   shown, declared);
            zip_fclose(zf);
            free(buf);
            return 0;
        }
    }
    zip_fclose(zf);
    if (got < declared) {
        aerror(b, PARLEY_EPARSE,
               "entry %s holds %zu bytes, fewer than the %zu it declares (a truncated archive?)",
               shown, got, declared);
        free(buf);
        return 0;
    }
    buf[got] = '\0';
    b->bytes_read += got;
    *out = buf;
    *len = got;
    return 1;
}

/* libxml2's message on one line: its line breaks (before "Bytes: 0xFF ..."
 * of an encoding error) become spaces, trailing ones are cut. */
static void one_line(char *msg) {
    for (char *p = msg; *p; ++p)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    size_t n = strlen(msg);
    while (n > 0 && msg[n - 1] == ' ')
        msg[--n] = '\0';
}

/* Parses entry `name` as XML; NULL when missing (if !required) or after an error. */
static xmlDocPtr read_xml(book *b, const char *name, int required) {
    char *data;
    size_t len;
    if (!read_entry(b, name, &data, &len, required))
        return NULL;
    if (len > INT_MAX) {
        aerror(b, PARLEY_EPARSE, "entry %s is too large to parse", name);
        free(data);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        free(data);
        b->t->nomem = 1;
        b->failed = 1;
        return NULL;
    }
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                          XML_PARSE_BIG_LINES);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[PARLEY_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "not well-formed");
        one_line(msg);
        aerror(b, PARLEY_EPARSE, "entry %s is not valid XML: line %d: %s", name, e ? e->line : 0,
               msg);
    }
    xmlFreeParserCtxt(ctxt);
    free(data);
    if (doc && (doc->intSubset || doc->extSubset)) {
        /* Office parts have no DTD; entities are no way to store a table */
        aerror(b, PARLEY_EPARSE,
               "entry %s has a document type declaration (expected none, as Excel and "
               "LibreOffice write)",
               name);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    return doc;
}

/* A part read as a stream (the sheet, the shared strings, content.xml): only
 * the element being handled is expanded into a tree, so memory follows the
 * cells kept, not the size of the XML. */
typedef struct stream {
    xmlTextReaderPtr r;
    const char *name; /* the entry */
    char msg[256];    /* libxml2's first error */
    int line;
} stream;

#if LIBXML_VERSION >= 21200
static void stream_error(void *arg, const xmlError *e) {
#else
static void stream_error(void *arg, xmlErrorPtr e) {
#endif
    stream *s = arg;
    if (s->msg[0] || !e)
        return;
    snprintf(s->msg, sizeof s->msg, "%s", e->message ? e->message : "not well-formed");
    one_line(s->msg);
    s->line = e->line;
}

/* Starts reading data[0..len), entry `name`, as a stream; 0 after an error. */
static int stream_open(book *b, stream *s, const char *name, const char *data, size_t len) {
    memset(s, 0, sizeof *s);
    s->name = name;
    if (len > INT_MAX) {
        aerror(b, PARLEY_EPARSE, "entry %s is too large to parse", name);
        return 0;
    }
    s->r = xmlReaderForMemory(data, (int)len, name, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                  XML_PARSE_BIG_LINES);
    if (!s->r) {
        b->t->nomem = 1;
        b->failed = 1;
        return 0;
    }
    xmlTextReaderSetStructuredErrorHandler(s->r, stream_error, s);
    return 1;
}

/* Moves to the next node (next = 0) or past the current element (next =
 * 1); xmlTextReaderRead's result, -1 also for a document type declaration. */
static int stream_step(book *b, stream *s, int next) {
    int ret = next ? xmlTextReaderNext(s->r) : xmlTextReaderRead(s->r);
    if (ret == 1 && xmlTextReaderNodeType(s->r) == XML_READER_TYPE_DOCUMENT_TYPE) {
        aerror(b, PARLEY_EPARSE,
               "entry %s has a document type declaration (expected none, as Excel and "
               "LibreOffice write)",
               s->name);
        return -2;
    }
    return ret;
}

/* 1 if the stream is on the start of an element named `local`. */
static int stream_at(const stream *s, const char *local) {
    const xmlChar *n = xmlTextReaderConstLocalName(s->r);
    return xmlTextReaderNodeType(s->r) == XML_READER_TYPE_ELEMENT && n &&
           strcmp((const char *)n, local) == 0;
}

/* Ends the stream; ret -1 (a syntax error) is reported. */
static void stream_close(book *b, stream *s, int ret) {
    if (ret == -1 && !b->failed)
        aerror(b, PARLEY_EPARSE, "entry %s is not valid XML: line %d: %s", s->name, s->line,
               s->msg[0] ? s->msg : "not well-formed");
    xmlFreeTextReader(s->r);
    s->r = NULL;
}

/* The attribute of the current element whose local name is `local`
 * (xmlFree it), or NULL. */
static char *stream_attr(stream *s, const char *local) {
    char *v = NULL;
    while (!v && xmlTextReaderMoveToNextAttribute(s->r) == 1) {
        const xmlChar *n = xmlTextReaderConstLocalName(s->r);
        if (n && strcmp((const char *)n, local) == 0)
            v = (char *)xmlTextReaderValue(s->r);
    }
    xmlTextReaderMoveToElement(s->r);
    return v;
}

/* ---------------------------------------------------------------- XML helpers */

static int is(const xmlNode *n, const char *name) {
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The attribute `name` of n in any namespace, or NULL (to be freed with xmlFree). */
static char *attr(const xmlNode *n, const char *name) {
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0)
            return (char *)xmlNodeGetContent((const xmlNode *)a);
    return NULL;
}

/* The attribute `name` in the namespace whose prefix-free URI ends with
 * `ns_tail`, for attributes whose local name is shared (r:id, calcext:value-type). */
static char *attr_ns(const xmlNode *n, const char *name, const char *ns_tail) {
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0 || !a->ns || !a->ns->href)
            continue;
        const char *href = (const char *)a->ns->href;
        size_t lh = strlen(href), lt = strlen(ns_tail);
        if (lh >= lt && strcmp(href + lh - lt, ns_tail) == 0)
            return (char *)xmlNodeGetContent((const xmlNode *)a);
    }
    return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *name) {
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

/* A growable text. */
typedef struct text {
    char *s;
    size_t len, cap;
    int too_long, nomem;
} text;

static void text_add(text *x, const char *s, size_t n) {
    if (x->too_long || x->nomem)
        return;
    if (x->len + n > PARLEY_I_CSV_FIELD_MAX) {
        x->too_long = 1;
        return;
    }
    if (x->len + n + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 64;
        while (cap < x->len + n + 1)
            cap *= 2;
        char *p = realloc(x->s, cap);
        if (!p) {
            x->nomem = 1;
            return;
        }
        x->s = p;
        x->cap = cap;
    }
    memcpy(x->s + x->len, s, n);
    x->len += n;
    x->s[x->len] = '\0';
}

/* Appends the text of the <t> elements under n (an xlsx <si> or <is>),
 * leaving out phonetic runs (<rPh>). */
static void xlsx_text(const xmlNode *n, text *x) {
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is(c, "t")) {
            xmlChar *s = xmlNodeGetContent(c);
            if (s)
                text_add(x, (const char *)s, strlen((const char *)s));
            else
                x->nomem = 1;
            xmlFree(s);
        } else if (is(c, "r")) {
            xlsx_text(c, x);
        }
    }
}

/* Adds a cell holding a value (text taken over). */
static int add_cell(book *b, size_t row, size_t col, char *s) {
    if (b->n_cells >= SHEET_MAX_CELLS) {
        free(s);
        BFATAL(b, row, col,
               "more than %zu cells hold a value (expected a stakeholder table; are rows or "
               "columns repeated?)",
               SHEET_MAX_CELLS);
        return 0;
    }
    if (b->n_cells == b->cap_cells) {
        size_t cap = b->cap_cells ? 2 * b->cap_cells : 256;
        cell *c = realloc(b->cells, cap * sizeof *c);
        if (!c) {
            free(s);
            b->t->nomem = 1;
            b->failed = 1;
            return 0;
        }
        b->cells = c;
        b->cap_cells = cap;
    }
    b->cells[b->n_cells++] = (cell){row, col, s};
    return 1;
}

/* 1 if s holds something other than spaces and tabs. */
static int has_value(const char *s) {
    return s && s[strspn(s, " \t")] != '\0';
}

/* Appends first..last to *list (hidden rows or columns). */
static void add_span(book *b, span **list, size_t *n, size_t *cap, size_t first, size_t last) {
    if (*n && (*list)[*n - 1].last + 1 == first) { /* the next row or column */
        (*list)[*n - 1].last = last;
        return;
    }
    if (*n == *cap) {
        size_t more = *cap ? 2 * *cap : 16;
        span *l = realloc(*list, more * sizeof *l);
        if (!l) {
            b->t->nomem = 1;
            b->failed = 1;
            return;
        }
        *list = l;
        *cap = more;
    }
    (*list)[(*n)++] = (span){first, last};
}

/* ---------------------------------------------------------------- the records */

static int by_position(const void *x, const void *y) {
    const cell *a = x, *b = y;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

/* 1 if the sorted cells begin with title rows: rows of at most two values
 * that name no column, above the first row naming two columns or more (the
 * rule of title_line in table.c); *last is then the last title row. */
static int title_rows(const book *b, size_t *last) {
    size_t k = 0, n_titles = 0, last_title = 0;
    int header = 0;
    while (!header && k < b->n_cells) {
        size_t row = b->cells[k].row, values = 0, names = 0;
        for (; k < b->n_cells && b->cells[k].row == row; ++k)
            if (has_value(b->cells[k].text)) {
                ++values;
                names += (size_t)parley_i_table_column_name(b->cells[k].text);
            }
        if (values == 0)
            continue;
        if (names >= 2) {
            header = 1;
            break;
        }
        if (values > 2 || names)
            return 0;
        ++n_titles;
        last_title = row;
    }
    if (!header || n_titles == 0)
        return 0;
    if (last)
        *last = last_title;
    return 1;
}

/* Warns at each kept merged range, so that an "empty field" error at a
 * covered cell explains itself: the first 20, then one warning for the
 * rest. Ranges starting in a title row (rows up to title_last, 0 for
 * none) say nothing: the title error says to delete the row, and
 * "unmerge them and fill in each cell" would contradict it. */
static void merged_warnings(book *b, size_t title_last) {
    size_t named = 0;
    for (size_t k = 0; k < b->n_merged; ++k) {
        size_t r0 = b->merged[k].r0, c0 = b->merged[k].c0;
        if (r0 <= title_last)
            continue;
        if (named == SHEET_MAX_MERGED_WARNINGS) {
            parley_i_csv_diag(b->t, PARLEY_SEV_WARNING, r0, c0,
                              "more merged ranges hold a value; only the first %d are named",
                              SHEET_MAX_MERGED_WARNINGS);
            break;
        }
        char first[16], last[16];
        parley_i_column_letters(b->merged[k].c1, last);
        parley_i_csv_diag(b->t, PARLEY_SEV_WARNING, r0, c0,
                          "cells %s%zu:%s%zu are merged: only %s%zu holds a value, the "
                          "others read as empty (unmerge them and fill in each cell)",
                          parley_i_column_letters(c0, first), r0, last, b->merged[k].r1, first, r0);
        ++named;
    }
    b->n_merged = 0;
}

/* The header row: the first row holding a value below the title rows
 * (rows up to title_last, 0 for none); 0 when no row holds a value.
 * *first and *last: its first and last columns holding a value. */
static size_t header_row(const book *b, size_t title_last, size_t *first, size_t *last) {
    size_t row = 0;
    *first = *last = 0;
    for (size_t k = 0; k < b->n_cells; ++k) {
        const cell *c = &b->cells[k];
        if (c->row <= title_last || !has_value(c->text) || (row && c->row != row))
            continue;
        if (!row) {
            row = c->row;
            *first = c->col;
        }
        *last = c->col;
    }
    return row;
}

/* The index of the first of the sorted cells on row `row` or below it. */
static size_t first_cell_of_row(const book *b, size_t row) {
    size_t lo = 0, hi = b->n_cells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->cells[mid].row < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* 1 if row `row` holds a value. */
static int row_has_value(const book *b, size_t row) {
    for (size_t k = first_cell_of_row(b, row); k < b->n_cells && b->cells[k].row == row; ++k)
        if (has_value(b->cells[k].text))
            return 1;
    return 0;
}

/* One error per run of hidden rows without a value between the header
 * (row head) and the table's last row holding a value, in place of the
 * table reader's "blank row" for each (build_records makes no record of a
 * hidden empty row): the analyst sees no blank row.  Hidden empty rows
 * outside the table say nothing. */
static void hidden_empty_rows(book *b, size_t head) {
    size_t end = 0; /* the last row holding a value */
    for (size_t k = b->n_cells; k-- > 0 && !end;)
        if (has_value(b->cells[k].text))
            end = b->cells[k].row;
    for (size_t j = 0; head && j < b->n_hidden_rows && !b->failed; ++j) {
        size_t first = b->hidden_rows[j].first > head ? b->hidden_rows[j].first : head + 1;
        size_t last = b->hidden_rows[j].last < end ? b->hidden_rows[j].last : end - 1;
        for (size_t r = first; r <= last && !b->failed;) {
            if (row_has_value(b, r)) {
                ++r;
                continue;
            }
            size_t e = r;
            while (e < last && !row_has_value(b, e + 1))
                ++e;
            if (e == r)
                berror(b, r, 0,
                       "row %zu is hidden and empty: parley does not read rows you cannot see, "
                       "and an empty row inside the table is an error; delete it",
                       r);
            else
                berror(b, r, 0,
                       "rows %zu-%zu are hidden and empty: parley does not read rows you cannot "
                       "see, and an empty row inside the table is an error; delete them",
                       r, e);
            r = e + 1;
        }
    }
}

/* One error per hidden row and per hidden column holding a value, at its
 * first value (the cells sorted): an analyst who hides actor B's row to
 * leave B out would otherwise still get B in the forecast.  A hidden
 * column without a value inside the table (between the header's first and
 * last values) gets its error at its header cell, which would otherwise
 * read as a column named "".  The sheet's rows up to title_last are
 * title rows. */
static void hidden_errors(book *b, size_t widest, size_t title_last) {
    /* hid[c]: 1 if column c is hidden, 2 once reported; marked through
     * a difference array, in time linear in spans + columns however many
     * <col> elements a file holds */
    char *hid = NULL;
    if (b->n_hidden_cols) {
        long *diff = calloc(widest + 2, sizeof *diff);
        hid = calloc(widest + 1, 1);
        if (!diff || !hid) {
            free(diff);
            free(hid);
            b->t->nomem = 1;
            b->failed = 1;
            return;
        }
        for (size_t j = 0; j < b->n_hidden_cols; ++j) {
            size_t first = b->hidden_cols[j].first, last = b->hidden_cols[j].last;
            if (first > widest)
                continue;
            diff[first]++;
            diff[(last < widest ? last : widest) + 1]--;
        }
        long depth = 0;
        for (size_t c = 1; c <= widest; ++c) {
            depth += diff[c];
            hid[c] = depth > 0;
        }
        free(diff);
    }
    size_t j = 0, reported_row = 0, head_first, head_last;
    const size_t head = header_row(b, title_last, &head_first, &head_last);
    for (size_t k = 0; k < b->n_cells; ++k) {
        const cell *c = &b->cells[k];
        if (!has_value(c->text))
            continue;
        while (j < b->n_hidden_rows && b->hidden_rows[j].last < c->row)
            ++j;
        /* a hidden title row: the table reader's error about rows above the
         * header says what to do (delete it) */
        if (j < b->n_hidden_rows && b->hidden_rows[j].first <= c->row && c->row != reported_row &&
            c->row > title_last) {
            reported_row = c->row;
            if (c->row == head)
                berror(b, c->row, c->col,
                       "row %zu, the header row, is hidden: parley does not read rows you "
                       "cannot see; unhide it",
                       c->row);
            else
                berror(b, c->row, c->col,
                       "row %zu is hidden: parley does not read rows you cannot see; unhide it, "
                       "or delete it to leave the actor out",
                       c->row);
        }
        if (hid && hid[c->col] == 1) {
            char letters[16];
            hid[c->col] = 2;
            berror(b, c->row, c->col,
                   "column %s is hidden: parley does not read columns you cannot see; unhide it, "
                   "or delete it to leave its values out",
                   parley_i_column_letters(c->col, letters));
            /* its header cell, empty, would add 'unknown column ""' */
            if (head && c->row > head && !parley_i_csv_mute(b->t, head, c->col))
                b->failed = 1;
        }
    }
    hidden_empty_rows(b, head);
    for (size_t c = head_first + 1; hid && c < head_last; ++c)
        if (hid[c] == 1) {
            char letters[16];
            berror(b, head, c,
                   "column %s is hidden and empty (no column name in the header row): parley "
                   "does not read columns you cannot see; unhide it and name it, or delete it",
                   parley_i_column_letters(c, letters));
        }
    free(hid);
}

/* Turns the cells into the records of b->t: the first row holding a value
 * is the header, its last value the table's last column, the leftmost
 * column holding a value its first; an empty row between rows is a blank
 * record (an error, as a blank line in CSV). */
static int build_records(book *b) {
    parley_i_csv *t = b->t;
    if (b->n_cells == 0)
        return 1; /* the table reader says "empty sheet" */
    qsort(b->cells, b->n_cells, sizeof *b->cells, by_position);
    size_t header = b->cells[0].row, width = 0, last = b->cells[b->n_cells - 1].row;
    size_t arena = 1, widest = 0, left = SIZE_MAX;
    for (size_t k = 0; k < b->n_cells; ++k) {
        if (b->cells[k].row == header)
            width = b->cells[k].col;
        if (b->cells[k].col > widest)
            widest = b->cells[k].col;
        if (b->cells[k].col < left)
            left = b->cells[k].col;
        arena += strlen(b->cells[k].text) + 1;
    }
    /* rows of at most two values naming no column, above a row naming two
     * or more: title rows (merged ones, often); the records then span the
     * widest row, and the table reader reports the titles once, not every
     * cell right of them */
    size_t title_last = 0;
    const int titled = title_rows(b, &title_last);
    hidden_errors(b, widest, title_last);
    if (b->failed)
        return 0;
    if (titled)
        width = widest;
    merged_warnings(b, title_last);
    int beyond = 0;
    for (size_t k = 0; k < b->n_cells; ++k)
        if (b->cells[k].col > width) {
            char letters[16];
            berror(b, b->cells[k].row, b->cells[k].col,
                   "a value right of the header's last column %s (expected the table's %zu "
                   "columns, or a header for this one)",
                   parley_i_column_letters(width, letters), width - left + 1);
            beyond = 1;
        }
    if (beyond) {
        b->failed = 1; /* the records would not line up with the header */
        return 0;
    }
    size_t n_records = last - header + 1;
    /* every row a record; a row with values has a field per column from
     * the leftmost column holding a value (a table may start in column B:
     * when every row's column A is empty, it is no column of the table) to
     * the header's last, an empty row 1 field */
    size_t n_fields = 0, n_columns = width - left + 1;
    for (size_t r = header, k = 0; r <= last; ++r) {
        int any = k < b->n_cells && b->cells[k].row == r;
        n_fields += any ? n_columns : 1;
        while (k < b->n_cells && b->cells[k].row == r)
            ++k;
    }
    t->arena = malloc(arena);
    t->fields = malloc(n_fields * sizeof *t->fields);
    t->records = malloc(n_records * sizeof *t->records);
    if (!t->arena || !t->fields || !t->records) {
        t->nomem = 1;
        return 0;
    }
    t->cap_fields = n_fields;
    t->cap_records = n_records;
    /* empty fields share the arena's last byte (trimming "" writes nothing) */
    char *empty_at = t->arena + arena - 1;
    *empty_at = '\0';
    size_t used = 0;
    for (size_t r = header, k = 0, h = 0; r <= last; ++r) {
        /* a hidden empty row is no blank record: hidden_empty_rows said it */
        while (h < b->n_hidden_rows && b->hidden_rows[h].last < r)
            ++h;
        if (h < b->n_hidden_rows && b->hidden_rows[h].first <= r && r != header &&
            !row_has_value(b, r)) {
            while (k < b->n_cells && b->cells[k].row == r)
                ++k;
            continue;
        }
        int any = k < b->n_cells && b->cells[k].row == r;
        size_t first = t->n_fields, n = any ? n_columns : 1;
        for (size_t c = left; c < left + n; ++c) {
            parley_i_field *f = &t->fields[t->n_fields++];
            *f = (parley_i_field){empty_at, r, c, 0};
            if (k < b->n_cells && b->cells[k].row == r && b->cells[k].col == c) {
                size_t len = strlen(b->cells[k].text);
                memcpy(t->arena + used, b->cells[k].text, len + 1);
                f->text = t->arena + used;
                used += len + 1;
                ++k;
            }
        }
        t->records[t->n_records++] = (parley_i_record){first, n, r};
    }
    t->arena_len = arena;
    return 1;
}

static void free_cells(book *b) {
    for (size_t k = 0; k < b->n_cells; ++k)
        free(b->cells[k].text);
    free(b->cells);
    b->cells = NULL;
    b->n_cells = b->cap_cells = 0;
}

/* The sheets to read: wanted[SHEET_TABLE] = pick, wanted[SHEET_ISSUES] the
 * sheet named "Issues" and wanted[SHEET_SCENARIO] the one named "Scenario"
 * (exact, else any case), n when there is none or it is the table. */
static void other_sheets(char **names, size_t n, size_t pick, size_t wanted[N_SHEETS]) {
    static const char *const which[N_SHEETS] = {NULL, "Issues", "Scenario"};
    wanted[SHEET_TABLE] = pick;
    for (int w = 1; w < N_SHEETS; ++w) {
        wanted[w] = n;
        for (size_t k = 0; k < n && wanted[w] == n; ++k)
            if (k != pick && strcmp(names[k], which[w]) == 0)
                wanted[w] = k;
        for (size_t k = 0; k < n && wanted[w] == n; ++k)
            if (k != pick && strcasecmp(names[k], which[w]) == 0)
                wanted[w] = k;
    }
}

/* Starts reading sheet `name` into target w: b->t becomes its records. */
static int begin_sheet(book *b, int w, const char *name) {
    b->t = b->targets[w];
    b->t->sheet = strdup(name);
    if (!b->t->sheet) {
        b->t->nomem = 1;
        b->failed = 1;
        return 0;
    }
    return 1;
}

/* Ends reading a sheet: its cells become records (when every cell so far
 * was good), and b->t is the table's again. */
static void end_sheet(book *b) {
    if (!b->failed && !b->t->nomem)
        build_records(b);
    b->n_merged = b->n_hidden_rows = b->n_hidden_cols = 0;
    free_cells(b);
    if (b->t->nomem)
        b->targets[SHEET_TABLE]->nomem = 1;
    b->t = b->targets[SHEET_TABLE];
}

/* Remembers a sheet named "Actors" (any case) when the first sheet is read
 * by default and is not it: if reading the first sheet fails, a note says
 * how to read that one. */
static void remember_actors(book *b, char **names, size_t n, const char *wanted) {
    if (wanted || n < 2 || strcasecmp(names[0], "Actors") == 0)
        return;
    for (size_t k = 1; k < n && !b->actors_sheet; ++k)
        if (strcasecmp(names[k], "Actors") == 0)
            b->actors_sheet = strdup(names[k]); /* no note when out of memory */
}

/* Chooses the sheet among n named sheets: opts->sheet by name (exact, else
 * ignoring case), else the first, which must be visible.  Returns its
 * index, or n after recording an error. */
static size_t choose_sheet(book *b, char **names, const int *hidden, size_t n, const char *wanted) {
    char shown[64];
    if (n == 0) {
        aerror(b, PARLEY_EDATA, "the workbook has no sheet (expected at least one)");
        return n;
    }
    if (!wanted) {
        if (hidden[0]) {
            aerror(b, PARLEY_EDATA,
                   "the first sheet %s is hidden (expected a visible first sheet; to read it "
                   "anyway, name it: %s#%s)",
                   parley_i_show(names[0], shown, sizeof shown), b->file ? b->file : "FILE",
                   names[0]);
            return n;
        }
        return 0;
    }
    for (size_t k = 0; k < n; ++k)
        if (strcmp(names[k], wanted) == 0)
            return k;
    for (size_t k = 0; k < n; ++k)
        if (strcasecmp(names[k], wanted) == 0)
            return k;
    char list[512] = "";
    size_t used = 0;
    for (size_t k = 0; k < n && used + 80 < sizeof list; ++k)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                                 parley_i_show(names[k], shown, sizeof shown));
    aerror(b, PARLEY_EDATA, "no sheet %s in the workbook (expected one of %s)",
           parley_i_show(wanted, shown, sizeof shown), list);
    return n;
}

/* ---------------------------------------------------------------- xlsx */

/* Built-in number formats that show dates or times (ECMA-376 Part 1,
 * 18.8.30, and the East Asian ones 27-36, 50-58). */
static int builtin_date_format(long id) {
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* 1 if a custom format code shows a date or a time: a y, m, d, h or s
 * outside quotes, brackets (colours, conditions) and escapes. */
static int date_format_code(const char *code) {
    for (const char *p = code; *p; ++p) {
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q)
                return 0;
            p = q;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (!p[1])
                return 0;
            ++p;
        } else if (*p == '[') {
            /* [h], [mm], [ss]: elapsed time */
            const char *q = strchr(p, ']');
            if (!q)
                return 0;
            size_t n = (size_t)(q - p - 1);
            if (n > 0 && strspn(p + 1, "hHmMsS") == n) /* not [Magenta], [$-409] */
                return 1;
            p = q;
        } else if (strchr("yYmMdDhHsS", *p)) {
            return 1;
        }
    }
    return 0;
}

/* Which cell styles (indices of <cellXfs>) show dates: dates[k] = 1. */
static int *xlsx_date_styles(book *b, size_t *n_styles) {
    *n_styles = 0;
    xmlDocPtr doc = read_xml(b, "xl/styles.xml", 0);
    if (!doc)
        return NULL;
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *fmts = child(root, "numFmts"), *xfs = child(root, "cellXfs");
    size_t n = 0;
    for (const xmlNode *c = xfs ? xfs->children : NULL; c; c = c->next)
        n += is(c, "xf") ? 1u : 0u;
    int *dates = calloc(n ? n : 1, sizeof *dates);
    if (!dates) {
        xmlFreeDoc(doc);
        b->t->nomem = 1;
        return NULL;
    }
    size_t k = 0;
    for (const xmlNode *c = xfs ? xfs->children : NULL; c; c = c->next) {
        if (!is(c, "xf"))
            continue;
        char *id_text = attr(c, "numFmtId");
        long id = id_text ? strtol(id_text, NULL, 10) : 0;
        xmlFree(id_text);
        int date = builtin_date_format(id);
        for (const xmlNode *f = fmts ? fmts->children : NULL; f && !date; f = f->next) {
            if (!is(f, "numFmt"))
                continue;
            char *fid = attr(f, "numFmtId"), *code = attr(f, "formatCode");
            if (fid && code && strtol(fid, NULL, 10) == id)
                date = date_format_code(code);
            xmlFree(fid);
            xmlFree(code);
        }
        dates[k++] = date;
    }
    *n_styles = n;
    xmlFreeDoc(doc);
    return dates;
}

/* Most shared strings read: as many as the cells holding a value that
 * parley reads (a 260 MB sharedStrings.xml of 20 million empty strings
 * would otherwise ask for gigabytes). */
#define SHEET_MAX_SHARED SHEET_MAX_CELLS

/* The shared strings; *n set.  The texts are kept in one pool (the n + 1th
 * pointer of the array returned, freed with it: free_shared_strings), so
 * memory is their bytes plus one pointer each, whatever their number. */
static char **xlsx_shared_strings(book *b, size_t *n) {
    *n = 0;
    char *data;
    size_t len;
    if (!read_entry(b, "xl/sharedStrings.xml", &data, &len, 0))
        return NULL;
    char *pool = NULL;
    size_t pool_len = 0, pool_cap = 0, cap = 0;
    size_t *off = NULL;
    stream s;
    if (stream_open(b, &s, "xl/sharedStrings.xml", data, len)) {
        int ret = stream_step(b, &s, 0);
        while (ret == 1 && !b->failed && !b->t->nomem) {
            if (!stream_at(&s, "si")) {
                ret = stream_step(b, &s, 0);
                continue;
            }
            if (*n == SHEET_MAX_SHARED) {
                aerror(b, PARLEY_EPARSE,
                       "entry xl/sharedStrings.xml holds more than %zu shared strings (expected "
                       "at most as many as the cells parley reads; a hostile workbook?)",
                       SHEET_MAX_SHARED);
                break;
            }
            xmlNodePtr si = xmlTextReaderExpand(s.r);
            if (!si) {
                ret = -1;
                break;
            }
            text x = {0};
            xlsx_text(si, &x);
            if (x.nomem)
                b->t->nomem = 1;
            size_t tl = x.s ? x.len : 0;
            if (*n == cap) {
                size_t c2 = cap ? 2 * cap : 64;
                size_t *more = realloc(off, c2 * sizeof *more);
                if (!more) {
                    free(x.s);
                    b->t->nomem = 1;
                    break;
                }
                off = more;
                cap = c2;
            }
            if (pool_len + tl + 1 > pool_cap) {
                size_t c2 = pool_cap ? pool_cap : 4096;
                while (c2 < pool_len + tl + 1)
                    c2 *= 2;
                char *more = realloc(pool, c2);
                if (!more) {
                    free(x.s);
                    b->t->nomem = 1;
                    break;
                }
                pool = more;
                pool_cap = c2;
            }
            if (tl)
                memcpy(pool + pool_len, x.s, tl);
            pool[pool_len + tl] = '\0';
            off[(*n)++] = pool_len;
            pool_len += tl + 1;
            free(x.s);
            ret = stream_step(b, &s, 1);
        }
        stream_close(b, &s, ret);
    }
    free(data);
    char **strings = NULL;
    if (!b->failed && !b->t->nomem) {
        strings = malloc((*n + 1) * sizeof *strings);
        if (!strings)
            b->t->nomem = 1;
    }
    if (!strings) {
        free(pool);
        free(off);
        *n = 0;
        return NULL;
    }
    for (size_t k = 0; k < *n; ++k)
        strings[k] = pool + off[k];
    strings[*n] = pool; /* freed by free_shared_strings */
    free(off);
    return strings;
}

static void free_shared_strings(char **sst, size_t n) {
    if (sst)
        free(sst[n]);
    free(sst);
}

/* Parses a cell reference "C7"; 0 if it is not one. */
static int parse_ref(const char *ref, size_t *row, size_t *col) {
    size_t c = 0, r = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z') {
        c = c * 26 + (size_t)(*p - 'A' + 1);
        if (c > SHEET_MAX_COLUMNS * 26)
            return 0;
        ++p;
    }
    if (p == ref)
        return 0;
    const char *digits = p;
    while (*p >= '0' && *p <= '9') {
        r = r * 10 + (size_t)(*p - '0');
        if (r > SHEET_MAX_ROWS * 10)
            return 0;
        ++p;
    }
    if (p == digits || *p || r == 0)
        return 0;
    *row = r;
    *col = c;
    return 1;
}

/* The sheet's part name from workbook.xml.rels for relationship id. */
static char *xlsx_sheet_part(book *b, const char *id) {
    xmlDocPtr doc = read_xml(b, "xl/_rels/workbook.xml.rels", 1);
    if (!doc)
        return NULL;
    char *part = NULL;
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *c = root ? root->children : NULL; c && !part; c = c->next) {
        if (!is(c, "Relationship"))
            continue;
        char *rid = attr(c, "Id"), *target = attr(c, "Target");
        if (rid && target && strcmp(rid, id) == 0) {
            /* absolute ("/xl/worksheets/sheet1.xml") or relative to xl/ */
            size_t n = strlen(target) + 4;
            part = malloc(n);
            if (part)
                snprintf(part, n, "%s%s", target[0] == '/' ? "" : "xl/",
                         target[0] == '/' ? target + 1 : target);
            else
                b->t->nomem = 1;
        }
        xmlFree(rid);
        xmlFree(target);
    }
    xmlFreeDoc(doc);
    if (!part && !b->t->nomem)
        aerror(b, PARLEY_EPARSE,
               "the workbook names a sheet relationship the archive lacks (expected a complete "
               "workbook)");
    if (part && !entry_name_ok(part)) {
        char shown[64];
        aerror(b, PARLEY_EPARSE, "odd sheet part name %s (expected a path inside the archive)",
               parley_i_show(part, shown, sizeof shown));
        free(part);
        part = NULL;
    }
    return part;
}

/* Reads the cells of one <c> element. */
static void xlsx_cell(book *b, const xmlNode *c, size_t row, size_t col, char **sst, size_t n_sst,
                      const int *dates, size_t n_styles) {
    char *type = attr(c, "t"), *style = attr(c, "s");
    const xmlNode *v = child(c, "v"), *f = child(c, "f"), *is_node = child(c, "is");
    char *value = v ? (char *)xmlNodeGetContent(v) : NULL;
    char *out = NULL;
    const char *t = type ? type : "n";
    if (strcmp(t, "inlineStr") == 0) {
        text x = {0};
        if (is_node)
            xlsx_text(is_node, &x);
        if (x.too_long)
            berror(b, row, col, "text longer than %zu bytes (expected a name or a number)",
                   PARLEY_I_CSV_FIELD_MAX);
        if (x.nomem)
            b->t->nomem = 1;
        out = x.s;
    } else if (!v || (f && (!value || !value[0]))) {
        /* openpyxl writes a formula with an empty <v/> */
        if (f)
            berror(b, row, col,
                   "a formula without a cached value (expected a value: recalculate and save "
                   "the workbook in Excel or LibreOffice, or type the value)");
    } else if (strcmp(t, "s") == 0) {
        char *end = NULL;
        unsigned long k = strtoul(value ? value : "", &end, 10);
        if (!value || !value[0] || *end || k >= n_sst)
            berror(b, row, col, "shared string %s does not exist (expected an index below %zu)",
                   value ? value : "", n_sst);
        else
            out = strdup(sst[k]);
    } else if (strcmp(t, "str") == 0) {
        out = value ? strdup(value) : NULL;
    } else if (strcmp(t, "b") == 0) {
        out = strdup(value && strcmp(value, "1") == 0 ? "TRUE" : "FALSE");
    } else if (strcmp(t, "e") == 0) {
        berror(b, row, col, "error value %s (expected a number or a text; fix the formula)",
               value ? value : "");
    } else if (strcmp(t, "d") == 0) {
        berror(b, row, col, "a date, %s (expected a number or a text)", value ? value : "");
    } else if (strcmp(t, "n") == 0) {
        unsigned long s = style ? strtoul(style, NULL, 10) : 0;
        if (dates && s < n_styles && dates[s]) {
            berror(b, row, col,
                   "a date or time (serial number %s, formatted as one; expected a number "
                   "formatted as a number, or a text)",
                   value ? value : "");
        } else if (value) {
            /* Excel writes 1.0000000000000001E-2: the exponent in upper case */
            for (char *p = value; *p; ++p)
                if (*p == 'E')
                    *p = 'e';
            out = strdup(value);
        }
    } else {
        berror(b, row, col, "unknown cell type %s (expected s, str, inlineStr, n, b, e or d)", t);
    }
    if (out && has_value(out))
        add_cell(b, row, col, out);
    else
        free(out);
    xmlFree(value);
    xmlFree(type);
    xmlFree(style);
}

/* Reads one <row> of the sheet; *row is the previous row's number. */
static void xlsx_row(book *b, const xmlNode *r, size_t *row_io, const char *part, char **sst,
                     size_t n_sst, const int *dates, size_t n_styles) {
    size_t row = *row_io;
    char *rtext = attr(r, "r");
    size_t next = row + 1;
    if (rtext) {
        char *end = NULL;
        unsigned long v = strtoul(rtext, &end, 10);
        if (*end || v == 0 || v > SHEET_MAX_ROWS || v <= row)
            aerror(b, PARLEY_EPARSE,
                   "row number %s in %s out of order or range (expected 1 to %zu, rising)", rtext,
                   part, SHEET_MAX_ROWS);
        next = (size_t)v;
    }
    xmlFree(rtext);
    if (b->failed)
        return;
    row = next;
    *row_io = row;
    size_t col = 0;
    for (const xmlNode *c = r->children; c && !b->failed; c = c->next) {
        if (!is(c, "c"))
            continue;
        char *ref = attr(c, "r");
        size_t rr = row, cc = col + 1;
        if (ref && (!parse_ref(ref, &rr, &cc) || rr != row || cc <= col))
            aerror(b, PARLEY_EPARSE,
                   "cell reference %s in row %zu of %s is not a cell of that row after "
                   "column %zu (expected a reference such as C7, in order)",
                   ref, row, part, col);
        xmlFree(ref);
        if (b->failed)
            break;
        if (cc > SHEET_MAX_COLUMNS) {
            BFATAL(b, rr, cc, "beyond column %zu (expected a stakeholder table)",
                   SHEET_MAX_COLUMNS);
            break;
        }
        col = cc;
        xlsx_cell(b, c, row, col, sst, n_sst, dates, n_styles);
    }
    char *hidden = attr(r, "hidden");
    if (hidden && (strcmp(hidden, "1") == 0 || strcmp(hidden, "true") == 0) && !b->failed)
        add_span(b, &b->hidden_rows, &b->n_hidden_rows, &b->cap_hidden_rows, row, row);
    xmlFree(hidden);
}

/* 1 if the sheet's cell (row, col) holds a value (a linear search: only
 * for the first few merged ranges). */
static int cell_has_value(const book *b, size_t row, size_t col) {
    for (size_t k = 0; k < b->n_cells; ++k)
        if (b->cells[k].row == row && b->cells[k].col == col)
            return has_value(b->cells[k].text);
    return 0;
}

/* A merged range (<mergeCell ref="D3:D4"/>): Excel keeps the value in its
 * top-left cell only, so the others read as empty. It is kept for a
 * warning (merged_warnings) when that cell holds a value (a merged empty
 * block beside the table says nothing). A ref that is not a range is left
 * alone (Excel writes none). */
static void xlsx_merged(book *b, stream *st) {
    if (b->n_merged >= SHEET_MAX_MERGED_KEPT)
        return;
    char *ref = stream_attr(st, "ref");
    char *colon = ref ? strchr(ref, ':') : NULL;
    size_t r0, c0, r1, c1;
    if (colon) {
        *colon = '\0';
        if (parse_ref(ref, &r0, &c0) && parse_ref(colon + 1, &r1, &c1) && r0 >= 1 && c0 >= 1 &&
            cell_has_value(b, r0, c0)) {
            b->merged[b->n_merged].r0 = r0;
            b->merged[b->n_merged].c0 = c0;
            b->merged[b->n_merged].r1 = r1;
            b->merged[b->n_merged].c1 = c1;
            b->n_merged++;
        }
    }
    xmlFree(ref);
}

/* A column width record (<col min="3" max="3" hidden="1"/>): a hidden
 * column is kept for hidden_errors. */
static void xlsx_col(book *b, stream *st) {
    char *hidden = stream_attr(st, "hidden");
    if (hidden && (strcmp(hidden, "1") == 0 || strcmp(hidden, "true") == 0)) {
        char *min = stream_attr(st, "min"), *max = stream_attr(st, "max");
        unsigned long lo = min ? strtoul(min, NULL, 10) : 0, hi = max ? strtoul(max, NULL, 10) : 0;
        if (lo >= 1 && hi >= lo)
            add_span(b, &b->hidden_cols, &b->n_hidden_cols, &b->cap_hidden_cols, lo,
                     hi > SHEET_MAX_COLUMNS ? SHEET_MAX_COLUMNS : hi);
        xmlFree(min);
        xmlFree(max);
    }
    xmlFree(hidden);
}

/* Reads the cells of the sheet in entry `part` into b->t's cells. */
static void xlsx_sheet(book *b, const char *part, char **sst, size_t n_sst, const int *dates,
                       size_t n_styles) {
    char *sheet_xml = NULL;
    size_t sheet_len = 0;
    stream st;
    if (!b->failed && read_entry(b, part, &sheet_xml, &sheet_len, 1) &&
        stream_open(b, &st, part, sheet_xml, sheet_len)) {
        size_t row = 0;
        int ret = stream_step(b, &st, 0);
        while (ret == 1 && !b->failed) {
            if (stream_at(&st, "mergeCell")) {
                xlsx_merged(b, &st);
                ret = stream_step(b, &st, 0);
                continue;
            }
            if (stream_at(&st, "col")) {
                xlsx_col(b, &st);
                ret = stream_step(b, &st, 0);
                continue;
            }
            if (!stream_at(&st, "row")) {
                ret = stream_step(b, &st, 0);
                continue;
            }
            xmlNodePtr r = xmlTextReaderExpand(st.r);
            if (!r) {
                ret = -1;
                break;
            }
            xlsx_row(b, r, &row, part, sst, n_sst, dates, n_styles);
            ret = stream_step(b, &st, 1);
        }
        stream_close(b, &st, ret);
    }
    free(sheet_xml);
}

static void read_xlsx(book *b, const parley_read_options *opts) {
    xmlDocPtr wb = read_xml(b, "xl/workbook.xml", 1);
    if (!wb)
        return;
    const xmlNode *sheets = child(xmlDocGetRootElement(wb), "sheets");
    size_t n = 0;
    for (const xmlNode *c = sheets ? sheets->children : NULL; c; c = c->next)
        n += is(c, "sheet") ? 1u : 0u;
    char **names = calloc(n + 1, sizeof *names), **ids = calloc(n + 1, sizeof *ids);
    int *hidden = calloc(n + 1, sizeof *hidden);
    if (!names || !ids || !hidden) {
        b->t->nomem = 1;
        b->failed = 1;
        goto done;
    }
    size_t k = 0;
    for (const xmlNode *c = sheets ? sheets->children : NULL; c; c = c->next) {
        if (!is(c, "sheet"))
            continue;
        char *state = attr(c, "state");
        names[k] = attr(c, "name");
        ids[k] = attr_ns(c, "id", "/relationships");
        hidden[k] = state && strcmp(state, "visible") != 0;
        xmlFree(state);
        if (!names[k] || !ids[k]) {
            aerror(b, PARLEY_EPARSE,
                   "a <sheet> of xl/workbook.xml lacks its name or r:id (expected both)");
            ++k;
            goto done;
        }
        ++k;
    }
    remember_actors(b, names, n, opts->sheet);
    size_t pick = choose_sheet(b, names, hidden, n, opts->sheet);
    if (pick == n)
        goto done;
    size_t wanted[N_SHEETS];
    other_sheets(names, n, pick, wanted);
    size_t n_sst = 0, n_styles = 0;
    char **sst = NULL;
    int *dates = NULL;
    for (int w = 0; w < N_SHEETS && !b->failed; ++w) {
        if (wanted[w] == n || !begin_sheet(b, w, names[wanted[w]]))
            continue;
        char *part = xlsx_sheet_part(b, ids[wanted[w]]);
        if (part && w == SHEET_TABLE) {
            sst = xlsx_shared_strings(b, &n_sst);
            dates = b->failed ? NULL : xlsx_date_styles(b, &n_styles);
        }
        if (part)
            xlsx_sheet(b, part, sst, n_sst, dates, n_styles);
        free(part);
        end_sheet(b);
    }
    free_shared_strings(sst, n_sst);
    free(dates);
done:
    for (size_t j = 0; j < n; ++j) {
        if (names)
            xmlFree(names[j]);
        if (ids)
            xmlFree(ids[j]);
    }
    free(names);
    free(ids);
    free(hidden);
    xmlFreeDoc(wb);
}

/* ---------------------------------------------------------------- ods */

/* Appends the text of an ODS paragraph node (text:p and what it holds). */
static void ods_text(const xmlNode *n, text *x) {
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                text_add(x, (const char *)c->content, strlen((const char *)c->content));
        } else if (is(c, "s")) {
            char *count = attr(c, "c");
            unsigned long k = count ? strtoul(count, NULL, 10) : 1;
            xmlFree(count);
            for (unsigned long j = 0; j < (k ? k : 1) && !x->too_long && !x->nomem; ++j)
                text_add(x, " ", 1);
        } else if (is(c, "tab")) {
            text_add(x, "\t", 1);
        } else if (is(c, "line-break")) {
            text_add(x, "\n", 1);
        } else if (c->type == XML_ELEMENT_NODE && !is(c, "annotation") && !is(c, "note")) {
            ods_text(c, x); /* text:span, text:a, ... */
        }
    }
}

/* A repeat count (number-rows-repeated, number-columns-repeated); 1 when absent. */
static size_t repeat_count(const xmlNode *n, const char *name) {
    char *v = attr(n, name);
    if (!v)
        return 1;
    char *end = NULL;
    unsigned long long k = strtoull(v, &end, 10);
    int ok = v[0] >= '0' && v[0] <= '9' && !*end;
    xmlFree(v);
    if (!ok || k == 0)
        return 1;
    return k > SIZE_MAX / 4 ? SIZE_MAX / 4 : (size_t)k;
}

/* The value of one ODS cell as text (malloc'd), or NULL when empty or in
 * error (recorded at row, col). */
static char *ods_value(book *b, const xmlNode *c, size_t row, size_t col) {
    char *out = NULL;
    char *vt = attr_ns(c, "value-type", ":office:1.0"), *formula = attr(c, "formula");
    char *calc = attr_ns(c, "value-type", "calcext:1.0");
    if (calc && strcmp(calc, "error") == 0) {
        text x = {0};
        for (const xmlNode *p = c->children; p; p = p->next)
            if (is(p, "p"))
                ods_text(p, &x);
        berror(b, row, col, "error value %s (expected a number or a text; fix the formula)",
               x.s ? x.s : "");
        free(x.s);
    } else if (!vt) {
        if (formula)
            berror(b, row, col,
                   "a formula without a cached value (expected a value: recalculate and save "
                   "the workbook in LibreOffice, or type the value)");
    } else if (strcmp(vt, "float") == 0 || strcmp(vt, "percentage") == 0 ||
               strcmp(vt, "currency") == 0) {
        char *v = attr(c, "value");
        if (!v)
            berror(b, row, col, "a %s cell without office:value (expected a number)", vt);
        else
            out = strdup(v);
        for (char *p = out; p && *p; ++p)
            if (*p == 'E')
                *p = 'e';
        xmlFree(v);
    } else if (strcmp(vt, "boolean") == 0) {
        char *v = attr(c, "boolean-value");
        out = strdup(v && strcmp(v, "true") == 0 ? "TRUE" : "FALSE");
        xmlFree(v);
    } else if (strcmp(vt, "string") == 0) {
        char *v = attr(c, "string-value");
        if (v) {
            out = strdup(v);
        } else {
            text x = {0};
            int first = 1;
            for (const xmlNode *p = c->children; p; p = p->next)
                if (is(p, "p")) {
                    if (!first)
                        text_add(&x, "\n", 1);
                    first = 0;
                    ods_text(p, &x);
                }
            if (x.too_long)
                berror(b, row, col, "text longer than %zu bytes (expected a name or a number)",
                       PARLEY_I_CSV_FIELD_MAX);
            if (x.nomem)
                b->t->nomem = 1;
            out = x.too_long ? NULL : x.s;
            if (x.too_long)
                free(x.s);
        }
        xmlFree(v);
    } else if (strcmp(vt, "date") == 0 || strcmp(vt, "time") == 0) {
        char *v = attr(c, strcmp(vt, "date") == 0 ? "date-value" : "time-value");
        berror(b, row, col, "a %s, %s (expected a number or a text)", vt, v ? v : "");
        xmlFree(v);
    } else {
        berror(b, row, col,
               "unknown value type %s (expected float, percentage, currency, string or boolean)",
               vt);
    }
    xmlFree(vt);
    xmlFree(formula);
    xmlFree(calc);
    if (out && !has_value(out)) {
        free(out);
        out = NULL;
    }
    return out;
}

/* Reads one table:table-row (repeated) starting at *row. */
static void ods_row(book *b, const xmlNode *r, size_t *row) {
    size_t times = repeat_count(r, "number-rows-repeated");
    size_t first = *row + 1;
    /* the row's values, once */
    size_t n_before = b->n_cells;
    size_t col = 0;
    for (const xmlNode *c = r->children; c && !b->failed; c = c->next) {
        if (!is(c, "table-cell") && !is(c, "covered-table-cell"))
            continue;
        size_t reps = repeat_count(c, "number-columns-repeated");
        char *v = is(c, "table-cell") ? ods_value(b, c, first, col + 1) : NULL;
        if (v) {
            int owned = 1; /* v not yet handed to add_cell */
            if (first > SHEET_MAX_ROWS || col + reps > SHEET_MAX_COLUMNS) {
                if (first > SHEET_MAX_ROWS)
                    BFATAL(b, first, col + 1,
                           "a value beyond row %zu (expected a stakeholder "
                           "table)",
                           SHEET_MAX_ROWS);
                else
                    BFATAL(b, first, col + 1,
                           "a value repeated %zu times across, beyond column %zu (expected a "
                           "stakeholder table)",
                           reps, SHEET_MAX_COLUMNS);
                free(v);
                return;
            }
            for (size_t k = 0; k < reps && !b->failed; ++k) {
                char *copy = k + 1 < reps ? strdup(v) : v;
                if (copy == v)
                    owned = 0;
                if (!copy) {
                    b->t->nomem = 1;
                    b->failed = 1;
                    free(v);
                    return;
                }
                add_cell(b, first, col + 1 + k, copy);
            }
            if (owned)
                free(v);
        }
        col = col + reps > SIZE_MAX / 4 ? SIZE_MAX / 4 : col + reps;
    }
    size_t n_row = b->n_cells - n_before;
    char *vis = attr(r, "visibility");
    if (vis && strcmp(vis, "visible") != 0 && !b->failed && first <= SHEET_MAX_ROWS)
        add_span(b, &b->hidden_rows, &b->n_hidden_rows, &b->cap_hidden_rows, first,
                 first + times - 1 > SHEET_MAX_ROWS ? SHEET_MAX_ROWS : first + times - 1);
    xmlFree(vis);
    if (n_row && times > 1) {
        if (first + times - 1 > SHEET_MAX_ROWS) {
            BFATAL(b, first, 0,
                   "a row repeated %zu times, beyond row %zu (expected a stakeholder "
                   "table)",
                   times, SHEET_MAX_ROWS);
            return;
        }
        for (size_t k = 1; k < times && !b->failed; ++k)
            for (size_t j = 0; j < n_row && !b->failed; ++j) {
                const cell *from = &b->cells[n_before + j];
                char *copy = strdup(from->text);
                if (!copy) {
                    b->t->nomem = 1;
                    b->failed = 1;
                    return;
                }
                size_t col_k = from->col;
                add_cell(b, first + k, col_k, copy);
            }
    }
    *row = *row + times > SIZE_MAX / 4 ? SIZE_MAX / 4 : *row + times;
}

/* A <table:table-column> (repeated): *column is the last column before
 * it; a hidden one (visibility collapse or filter) is kept for
 * hidden_errors. */
static void ods_column(book *b, stream *st, size_t *column) {
    char *rep = stream_attr(st, "number-columns-repeated");
    char *vis = stream_attr(st, "visibility");
    unsigned long long k = rep ? strtoull(rep, NULL, 10) : 1;
    size_t times = k == 0 ? 1 : k > SHEET_MAX_COLUMNS ? SHEET_MAX_COLUMNS : (size_t)k;
    size_t first = *column + 1;
    if (vis && strcmp(vis, "visible") != 0 && first <= SHEET_MAX_COLUMNS)
        add_span(b, &b->hidden_cols, &b->n_hidden_cols, &b->cap_hidden_cols, first,
                 first + times - 1 > SHEET_MAX_COLUMNS ? SHEET_MAX_COLUMNS : first + times - 1);
    *column = first + times - 1 > SHEET_MAX_COLUMNS ? SHEET_MAX_COLUMNS : first + times - 1;
    xmlFree(rep);
    xmlFree(vis);
}

/* Appends to *list the names of the table styles under automatic-styles
 * that hide their table (table:display="false"). */
static void ods_hidden_styles(book *b, const xmlNode *styles, char ***list, size_t *n) {
    for (const xmlNode *st = styles->children; st; st = st->next) {
        if (!is(st, "style"))
            continue;
        const xmlNode *p = child(st, "table-properties");
        char *display = p ? attr(p, "display") : NULL;
        int hidden = display && strcmp(display, "false") == 0;
        xmlFree(display);
        char *name = hidden ? attr(st, "name") : NULL;
        if (!name)
            continue;
        char **more = realloc(*list, (*n + 1) * sizeof *more);
        if (!more) {
            xmlFree(name);
            b->t->nomem = 1;
            return;
        }
        *list = more;
        (*list)[(*n)++] = name;
    }
}

static void read_ods(book *b, const parley_read_options *opts) {
    char *mime = NULL;
    size_t len = 0;
    static const char ods_mime[] = "application/vnd.oasis.opendocument.spreadsheet";
    if (read_entry(b, "mimetype", &mime, &len, 0)) {
        int ok = strcmp(mime, ods_mime) == 0;
        if (!ok) {
            char shown[64];
            aerror(b, PARLEY_EPARSE,
                   "the document's mimetype is %s, not a spreadsheet (expected %s)",
                   parley_i_show(mime, shown, sizeof shown), ods_mime);
        }
        free(mime);
        if (!ok)
            return;
    }
    if (b->failed)
        return;
    char *manifest = NULL;
    if (read_entry(b, "META-INF/manifest.xml", &manifest, &len, 0)) {
        int encrypted = strstr(manifest, "encryption-data") != NULL;
        free(manifest);
        if (encrypted) {
            aerror(b, PARLEY_EPARSE,
                   "the document is password-protected (encrypted; expected an unencrypted "
                   ".ods: save it without a password)");
            return;
        }
    }
    if (b->failed)
        return;
    char *content = NULL;
    if (!read_entry(b, "content.xml", &content, &len, 1))
        return;
    /* first pass: the sheets, their names and whether they are hidden */
    char **names = NULL, **hidden_styles = NULL;
    int *hidden = NULL;
    size_t n = 0, n_hidden_styles = 0;
    stream s;
    if (!stream_open(b, &s, "content.xml", content, len))
        goto done;
    int ret = stream_step(b, &s, 0);
    while (ret == 1 && !b->failed && !b->t->nomem) {
        if (stream_at(&s, "automatic-styles")) {
            xmlNodePtr styles = xmlTextReaderExpand(s.r);
            if (!styles) {
                ret = -1;
                break;
            }
            ods_hidden_styles(b, styles, &hidden_styles, &n_hidden_styles);
            ret = stream_step(b, &s, 1);
        } else if (stream_at(&s, "table")) {
            char **more = realloc(names, (n + 1) * sizeof *more);
            int *more_hidden = more ? realloc(hidden, (n + 1) * sizeof *more_hidden) : NULL;
            if (more)
                names = more;
            if (more_hidden)
                hidden = more_hidden;
            if (!more || !more_hidden) {
                b->t->nomem = 1;
                break;
            }
            char *name = stream_attr(&s, "name"), *style = stream_attr(&s, "style-name");
            names[n] = name ? name : (char *)xmlStrdup((const xmlChar *)"");
            hidden[n] = 0;
            for (size_t k = 0; style && k < n_hidden_styles; ++k)
                if (strcmp(hidden_styles[k], style) == 0)
                    hidden[n] = 1;
            xmlFree(style);
            if (!names[n++])
                b->t->nomem = 1;
            ret = stream_step(b, &s, 1); /* its rows are read in the second pass */
        } else {
            ret = stream_step(b, &s, 0);
        }
    }
    stream_close(b, &s, ret);
    if (b->failed || b->t->nomem)
        goto done;
    remember_actors(b, names, n, opts->sheet);
    size_t pick = choose_sheet(b, names, hidden, n, opts->sheet);
    if (pick == n)
        goto done;
    size_t wanted[N_SHEETS];
    other_sheets(names, n, pick, wanted);
    /* second pass: the rows of the chosen sheets, one at a time */
    if (!stream_open(b, &s, "content.xml", content, len))
        goto done;
    size_t index = 0;
    ret = stream_step(b, &s, 0);
    while (ret == 1 && !b->failed) {
        if (!stream_at(&s, "table")) {
            ret = stream_step(b, &s, 0);
            continue;
        }
        int w = 0;
        while (w < N_SHEETS && wanted[w] != index)
            ++w;
        index++;
        if (w == N_SHEETS) {
            ret = stream_step(b, &s, 1);
            continue;
        }
        if (!begin_sheet(b, w, names[wanted[w]]))
            break;
        int depth = xmlTextReaderDepth(s.r);
        size_t row = 0, column = 0;
        if (xmlTextReaderIsEmptyElement(s.r) == 1) {
            end_sheet(b);
            ret = stream_step(b, &s, 0);
            continue;
        }
        ret = stream_step(b, &s, 0);
        while (ret == 1 && !b->failed) {
            if (xmlTextReaderNodeType(s.r) == XML_READER_TYPE_END_ELEMENT &&
                xmlTextReaderDepth(s.r) == depth)
                break;
            if (stream_at(&s, "table-column")) {
                /* table:visibility="collapse" or "filter" hides the column */
                ods_column(b, &s, &column);
                ret = stream_step(b, &s, 0);
                continue;
            }
            if (stream_at(&s, "table-row")) {
                /* rows directly in the table or in row groups and header rows */
                xmlNodePtr r = xmlTextReaderExpand(s.r);
                if (!r) {
                    ret = -1;
                    break;
                }
                ods_row(b, r, &row);
                ret = stream_step(b, &s, 1);
            } else {
                ret = stream_step(b, &s, 0);
            }
        }
        end_sheet(b);
        if (ret == 1)
            ret = stream_step(b, &s, 0);
    }
    stream_close(b, &s, ret);
done:
    for (size_t j = 0; j < n; ++j)
        xmlFree(names[j]);
    for (size_t j = 0; j < n_hidden_styles; ++j)
        xmlFree(hidden_styles[j]);
    free(names);
    free(hidden);
    free(hidden_styles);
    free(content);
    if (b->t->nomem)
        b->failed = 1;
}

/* ---------------------------------------------------------------- entry */

/* The status of the first error recorded from item `from` on. */
static parley_status first_error_status(const parley_diags *d, size_t from) {
    for (size_t k = from; k < d->count; ++k)
        if (d->items[k].severity == PARLEY_SEV_ERROR)
            return d->items[k].error.status;
    return PARLEY_EDATA;
}

parley_status parley_i_read_workbook(parley_scenario *s, parley_format fmt, const char *data,
                                     size_t size, const char *file, const parley_read_options *opts,
                                     parley_diags *diags) {
    memset(s, 0, sizeof *s);
    parley_i_csv sheets[N_SHEETS];
    for (int w = 0; w < N_SHEETS; ++w)
        parley_i_csv_init(&sheets[w], file, diags);
    parley_i_csv *t = &sheets[SHEET_TABLE];
    book b;
    memset(&b, 0, sizeof b);
    b.t = t;
    for (int w = 0; w < N_SHEETS; ++w)
        b.targets[w] = &sheets[w];
    b.file = file;
    size_t first_item = diags->count;
    parley_status st = PARLEY_OK;
    const char *kind = fmt == PARLEY_FORMAT_ODS ? ".ods" : ".xlsx";
    if (open_archive(&b, data, size, kind)) {
        if (fmt == PARLEY_FORMAT_ODS)
            read_ods(&b, opts);
        else
            read_xlsx(&b, opts);
    }
    if (b.za)
        zip_discard(b.za);
    free_cells(&b);
    free(b.hidden_rows);
    free(b.hidden_cols);
    /* the Scenario and Issues sheets, when the workbook has them */
    parley_i_table_meta meta;
    parley_i_table_meta_init(&meta);
    int meta_ok = 1;
    if (!b.failed && !t->nomem) {
        meta_ok &= parley_i_meta_read_scenario(&meta, &sheets[SHEET_SCENARIO]);
        meta_ok &= parley_i_meta_read_issues(&meta, &sheets[SHEET_ISSUES]);
        for (int w = 1; w < N_SHEETS; ++w)
            if (sheets[w].nomem)
                t->nomem = 1;
    }
    if (t->nomem) {
        st = PARLEY_ENOMEM;
    } else if (b.failed) {
        st = first_error_status(diags, first_item);
    } else {
        /* the table is read also after bad cells (dates, error values) and
         * errors in the Issues or Scenario sheet, so that one run lists
         * every problem */
        st = parley_i_table_from_records(s, t, opts, &meta);
        if (st == PARLEY_OK && (!meta_ok || b.bad_cells))
            st = first_error_status(diags, first_item);
    }
    char shown[64];
    if (st != PARLEY_OK && st != PARLEY_ENOMEM && b.actors_sheet &&
        parley_diags_add(diags, PARLEY_SEV_NOTE, PARLEY_OK, file, 0, 0, NULL,
                         "the workbook has a sheet %s: read it with %s#%s",
                         parley_i_show(b.actors_sheet, shown, sizeof shown), file ? file : "FILE",
                         b.actors_sheet) != PARLEY_OK)
        st = PARLEY_ENOMEM;
    free(b.actors_sheet);
    parley_i_table_meta_destroy(&meta);
    for (int w = 0; w < N_SHEETS; ++w) {
        free((char *)sheets[w].sheet);
        sheets[w].sheet = NULL;
        parley_i_csv_destroy(&sheets[w]);
    }
    if (st != PARLEY_OK)
        parley_scenario_destroy(s);
    return st;
}
