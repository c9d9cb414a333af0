/* parley: the report's charts written compactly (issue 17: the size budget
 * of the interactive report).  The chart writers print every coordinate
 * with one decimal and every colour with six digits; the report embeds
 * some fifty charts, so the page carries the same bytes thousands of times.
 * parley_i_svg_compact rewrites an SVG text without changing what it draws:
 *
 * - numbers in geometric attributes lose a trailing ".0" and a leading "0"
 *   before the point (72.0 -> 72, 0.8 -> .8; SVG reads both the same);
 * - a fill or stroke colour #RRGGBB whose digits pair up is written #RGB;
 * - a <line> becomes a <path> ("M x1 y1 H x2", "V y2" or "L x2 y2") and a
 *   <rect> with x, y, width and height a path ("M x y h w v h h -w z");
 * - consecutive childless <path> elements with the same other attributes
 *   (the markers of one series, the grid lines of a chart) become one path
 *   of several subpaths.  Only paths that are either only filled or only
 *   stroked (fill="none") are merged, and none with an opacity, an id, a
 *   class, a transform or a clip path: for those, one path paints exactly
 *   what the separate paths painted (each subpath starts its dash pattern
 *   anew; overlapping subpaths of one shape and direction stay filled).
 *
 * Text, titles, ids and every other attribute are copied unchanged.  The
 * report (parley_chart_set_add) and the live panel's redraw
 * (src/wasm/entry.c) both compact, so the page's redrawn charts equal the
 * native ones.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "report/svg_i.h"

#define MAX_ATTRS 24

typedef struct attr {
    const char *name, *value; /* value: the compacted text, in tmp */
    size_t name_len, value_len;
} attr;

static int digit(char c) {
    return c >= '0' && c <= '9';
}

static int is(const attr *a, const char *name) {
    return a->name_len == strlen(name) && memcmp(a->name, name, a->name_len) == 0;
}

/* Attributes whose values are numbers or number lists. */
static int numeric(const attr *a) {
    static const char *const names[] = {"x",
                                        "y",
                                        "x1",
                                        "x2",
                                        "y1",
                                        "y2",
                                        "cx",
                                        "cy",
                                        "r",
                                        "rx",
                                        "ry",
                                        "width",
                                        "height",
                                        "d",
                                        "points",
                                        "viewBox",
                                        "transform",
                                        "dx",
                                        "dy",
                                        "font-size",
                                        "stroke-width",
                                        "stroke-dasharray",
                                        "opacity",
                                        "fill-opacity",
                                        "stroke-opacity",
                                        NULL};
    for (size_t k = 0; names[k]; ++k)
        if (is(a, names[k]))
            return 1;
    return 0;
}

static int hex(char c) {
    return digit(c) || (c >= 'A' && c <= 'F');
}

/* Appends the value v[0..n) of attribute a, compacted, to out. */
static void compact_value(parley_buf *out, const attr *a, const char *v, size_t n) {
    if ((is(a, "fill") || is(a, "stroke")) && n == 7 && v[0] == '#' && hex(v[1]) && hex(v[2]) &&
        hex(v[3]) && hex(v[4]) && hex(v[5]) && hex(v[6]) && v[1] == v[2] && v[3] == v[4] &&
        v[5] == v[6]) {
        char c[4] = {'#', v[1], v[3], v[5]};
        parley_buf_append(out, c, 4);
        return;
    }
    if (!numeric(a)) {
        parley_buf_append(out, v, n);
        return;
    }
    for (size_t k = 0; k < n;) {
        if (!digit(v[k]) && v[k] != '.') {
            parley_buf_append(out, &v[k++], 1);
            continue;
        }
        size_t end = k, dot = (size_t)-1;
        for (; end < n && (digit(v[end]) || v[end] == '.'); ++end)
            if (v[end] == '.')
                dot = dot == (size_t)-1 ? end : dot;
        size_t from = k, to = end; /* the number v[from..to) */
        if (dot != (size_t)-1) {
            while (to > dot + 1 && v[to - 1] == '0') /* 72.50 -> 72.5, 72.0 -> 72. */
                --to;
            if (to == dot + 1) /* 72. -> 72 */
                --to;
            if (to > dot && v[from] == '0' && from + 1 == dot) /* 0.8 -> .8 */
                ++from;
        }
        if (to > from)
            parley_buf_append(out, &v[from], to - from);
        else
            parley_buf_append(out, "0", 1); /* 0.0 */
        k = end;
    }
}

static const attr *find(const attr *as, size_t n, const char *name) {
    for (size_t k = 0; k < n; ++k)
        if (is(&as[k], name))
            return &as[k];
    return NULL;
}

static int same(const attr *a, const attr *b) {
    return a->value_len == b->value_len && memcmp(a->value, b->value, a->value_len) == 0;
}

/* The element being built: its path data and its other attributes. */
typedef struct pending {
    int open;        /* a path is pending */
    parley_buf d;    /* its path data */
    parley_buf rest; /* its other attributes, ` name="value"` each */
} pending;

static void flush(parley_buf *out, pending *p) {
    if (!p->open)
        return;
    parley_buf_append(out, "<path d=\"", 9);
    parley_buf_append(out, p->d.data ? p->d.data : "", p->d.len);
    parley_buf_append(out, "\"", 1);
    parley_buf_append(out, p->rest.data ? p->rest.data : "", p->rest.len);
    parley_buf_append(out, "/>", 2);
    p->open = 0;
    p->d.len = 0;
    p->rest.len = 0;
}

/* Compacts the one tag t[0..n) ("<name ...>" or "<name .../>"). */
static void tag(parley_buf *out, pending *p, const char *t, size_t n, const char *between,
                size_t between_len) {
    size_t k = 1, name_len = 0;
    while (k < n && t[k] != ' ' && t[k] != '/' && t[k] != '>' && t[k] != '\n')
        ++k, ++name_len;
    const char *name = t + 1;
    int closed = n >= 2 && t[n - 2] == '/';
    attr as[MAX_ATTRS];
    size_t na = 0;
    parley_buf tmp; /* the compacted values, one after another */
    parley_buf_init(&tmp);
    size_t offs[MAX_ATTRS];
    int plain = name_len > 0 && t[0] == '<' && t[1] != '/' && t[1] != '!' && t[1] != '?';
    while (plain && k < n) { /* attributes: name="value" */
        while (k < n && (t[k] == ' ' || t[k] == '\n'))
            ++k;
        if (k >= n || t[k] == '/' || t[k] == '>')
            break;
        size_t a0 = k;
        while (k < n && t[k] != '=' && t[k] != ' ' && t[k] != '>')
            ++k;
        if (k + 1 >= n || t[k] != '=' || t[k + 1] != '"' || na == MAX_ATTRS) {
            plain = 0;
            break;
        }
        size_t v0 = k + 2, v1 = v0;
        while (v1 < n && t[v1] != '"')
            ++v1;
        if (v1 >= n) {
            plain = 0;
            break;
        }
        attr *a = &as[na];
        a->name = t + a0;
        a->name_len = k - a0;
        offs[na] = tmp.len;
        compact_value(&tmp, a, t + v0, v1 - v0);
        a->value_len = tmp.len - offs[na];
        ++na;
        k = v1 + 1;
    }
    if (!plain || tmp.failed) { /* not a tag this code wrote: copied as it is */
        flush(out, p);
        parley_buf_append(out, between, between_len);
        parley_buf_append(out, t, n);
        parley_buf_destroy(&tmp);
        return;
    }
    for (size_t j = 0; j < na; ++j)
        as[j].value = tmp.data + offs[j];
    /* a line or a rectangle as a path */
    parley_buf d;
    parley_buf_init(&d);
    const char *const *skip = NULL;
    static const char *const line_attrs[] = {"x1", "y1", "x2", "y2", NULL};
    static const char *const rect_attrs[] = {"x", "y", "width", "height", NULL};
    int ident = find(as, na, "id") || find(as, na, "class");
    if (closed && !ident && name_len == 4 && memcmp(name, "line", 4) == 0) {
        const attr *x1 = find(as, na, "x1"), *y1 = find(as, na, "y1"), *x2 = find(as, na, "x2"),
                   *y2 = find(as, na, "y2");
        if (x1 && y1 && x2 && y2) {
            parley_buf_printf(&d, "M%.*s %.*s", (int)x1->value_len, x1->value, (int)y1->value_len,
                              y1->value);
            if (same(y1, y2))
                parley_buf_printf(&d, "H%.*s", (int)x2->value_len, x2->value);
            else if (same(x1, x2))
                parley_buf_printf(&d, "V%.*s", (int)y2->value_len, y2->value);
            else
                parley_buf_printf(&d, "L%.*s %.*s", (int)x2->value_len, x2->value,
                                  (int)y2->value_len, y2->value);
            skip = line_attrs;
        }
    } else if (closed && !ident && name_len == 4 && memcmp(name, "rect", 4) == 0 &&
               !find(as, na, "rx") && !find(as, na, "ry") && !find(as, na, "transform")) {
        const attr *x = find(as, na, "x"), *y = find(as, na, "y"), *w = find(as, na, "width"),
                   *h = find(as, na, "height");
        if (x && y && w && h && w->value[0] != '-' && h->value[0] != '-') {
            parley_buf_printf(&d, "M%.*s %.*sh%.*sv%.*sh-%.*sz", (int)x->value_len, x->value,
                              (int)y->value_len, y->value, (int)w->value_len, w->value,
                              (int)h->value_len, h->value, (int)w->value_len, w->value);
            skip = rect_attrs;
        }
    } else if (closed && name_len == 4 && memcmp(name, "path", 4) == 0) {
        const attr *dd = find(as, na, "d");
        if (dd) {
            parley_buf_append(&d, dd->value, dd->value_len);
            static const char *const path_attrs[] = {"d", NULL};
            skip = path_attrs;
        }
    }
    /* the other attributes, in their order */
    parley_buf rest;
    parley_buf_init(&rest);
    int mergeable = skip != NULL && !ident, has_stroke = 0, filled = 0;
    for (size_t j = 0; j < na; ++j) {
        int skipped = 0;
        for (size_t q = 0; skip && skip[q]; ++q)
            skipped |= is(&as[j], skip[q]);
        if (skipped)
            continue;
        if (is(&as[j], "transform") || is(&as[j], "clip-path") || is(&as[j], "opacity") ||
            is(&as[j], "fill-opacity") || is(&as[j], "stroke-opacity"))
            mergeable = 0;
        if (is(&as[j], "stroke"))
            has_stroke = 1;
        if (is(&as[j], "fill") && !(as[j].value_len == 4 && memcmp(as[j].value, "none", 4) == 0))
            filled = 1;
        parley_buf_printf(&rest, " %.*s=\"%.*s\"", (int)as[j].name_len, as[j].name,
                          (int)as[j].value_len, as[j].value);
    }
    if (has_stroke && filled)
        mergeable = 0;
    if (skip) { /* a path: merged with the pending one, or pending itself */
        int joins = p->open && mergeable && rest.len == p->rest.len &&
                    (rest.len == 0 || memcmp(rest.data, p->rest.data, rest.len) == 0) &&
                    (between_len == 0 || (between_len == 1 && between[0] == '\n'));
        if (!joins) {
            flush(out, p);
            parley_buf_append(out, between, between_len);
            parley_buf_append(&p->rest, rest.data ? rest.data : "", rest.len);
            p->open = 1;
        }
        parley_buf_append(&p->d, d.data ? d.data : "", d.len);
        if (!mergeable)
            flush(out, p);
        if (p->d.failed || p->rest.failed)
            out->failed = 1;
    } else {
        flush(out, p);
        parley_buf_append(out, between, between_len);
        parley_buf_append(out, "<", 1);
        parley_buf_append(out, name, name_len);
        parley_buf_append(out, rest.data ? rest.data : "", rest.len);
        parley_buf_append(out, closed ? "/>" : ">", closed ? 2 : 1);
    }
    if (tmp.failed || d.failed || rest.failed)
        out->failed = 1;
    parley_buf_destroy(&rest);
    parley_buf_destroy(&d);
    parley_buf_destroy(&tmp);
}

parley_status parley_i_svg_compact(const char *svg, size_t n, parley_buf *out) {
    pending p = {0};
    parley_buf_init(&p.d);
    parley_buf_init(&p.rest);
    size_t k = 0;
    while (k < n) {
        const char *lt = memchr(svg + k, '<', n - k);
        size_t at = lt ? (size_t)(lt - svg) : n;
        const char *gt = lt ? memchr(lt, '>', n - at) : NULL;
        if (!gt) { /* text to the end */
            flush(out, &p);
            parley_buf_append(out, svg + k, n - k);
            break;
        }
        size_t end = (size_t)(gt - svg) + 1;
        tag(out, &p, svg + at, end - at, svg + k, at - k);
        k = end;
    }
    flush(out, &p);
    parley_buf_destroy(&p.d);
    parley_buf_destroy(&p.rest);
    return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
