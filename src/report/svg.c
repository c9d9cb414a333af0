/* parley: SVG charts from plain arrays (see include/parley/chart.h).
 *
 * Every chart is laid out in two passes: sizes first (so the <svg> element
 * can state its height), then the drawing.  Coordinates are printed with
 * one decimal, numbers on axes with the precision of the tick step, so the
 * bytes depend on the input alone.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/chart.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "report/svg_i.h"

/* Okabe & Ito (2008), without black (kept for the forecast) and with
 * yellow last (weak on white). */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#F0E442"};
#define N_PALETTE (sizeof palette / sizeof palette[0])
static const char *const dashes[] = {"", "7 3", "2 3", "9 3 2 3", "4 4", "12 3 2 3 2 3"};
#define N_DASHES (sizeof dashes / sizeof dashes[0])
#define N_MARKERS 7
#define N_HATCHES 7

#define FONT "DejaVu Sans, Verdana, Arial, sans-serif"
#define CHAR_W 0.56 /* average glyph width / font size, for fitting text */
#define GREY "#555555"
#define GRID "#DDDDDD"

const char *parley_i_chart_colour(size_t k) {
    return palette[k % N_PALETTE];
}

/* ------------------------------------------------------------ text helpers */

/* Rounds a coordinate to 0.1 and removes the sign of zero. */
static double c1(double v) {
    double r = round(v * 10.0) / 10.0;
    return r == 0.0 ? 0.0 : r;
}

void parley_i_xml_escape_n(parley_buf *b, const char *s, size_t len) {
    if (!s)
        return;
    const char *run = s;
    for (size_t k = 0; k < len; ++k) {
        const char *rep = NULL;
        unsigned char ch = (unsigned char)s[k];
        switch (ch) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\t':
        case '\n':
        case '\r':
            rep = " ";
            break;
        default:
            if (ch < 0x20 || ch == 0x7F) {
                rep = "";            /* not allowed in XML 1.0 */
            } else if (ch >= 0x80) { /* a byte not of UTF-8: U+FFFD, as JSON */
                size_t n = parley_i_utf8_length((const unsigned char *)s + k,
                                                (const unsigned char *)s + len);
                if (n == 0)
                    rep = "\xEF\xBF\xBD";
                else
                    k += n - 1; /* the character is kept whole */
            }
        }
        if (rep) {
            parley_buf_append(b, run, (size_t)(s + k - run));
            parley_buf_append(b, rep, strlen(rep));
            run = s + k + 1;
        }
    }
    parley_buf_append(b, run, (size_t)(s + len - run));
}

void parley_i_xml_escape(parley_buf *b, const char *s) {
    if (s)
        parley_i_xml_escape_n(b, s, strlen(s));
}

void parley_i_chart_id(parley_buf *b, const char *id) {
    for (const char *p = id ? id : "chart"; *p; ++p) {
        char ch = *p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '-' || ch == '_';
        parley_buf_append(b, ok ? p : "-", 1);
    }
}

/* Number of UTF-8 code points in s[0..len). */
static size_t cp_count(const char *s, size_t len) {
    size_t n = 0;
    for (size_t k = 0; k < len; ++k)
        if (((unsigned char)s[k] & 0xC0) != 0x80)
            ++n;
    return n;
}

/* Byte length of the first `cps` code points of s[0..len). */
static size_t cp_prefix(const char *s, size_t len, size_t cps) {
    size_t n = 0, k = 0;
    for (; k < len; ++k) {
        if (((unsigned char)s[k] & 0xC0) != 0x80) {
            if (n == cps)
                break;
            ++n;
        }
    }
    return k;
}

static size_t text_cps(const char *s) {
    return s ? cp_count(s, strlen(s)) : 0;
}

/* Estimated width in pixels of s at font size fs. */
static double text_w(const char *s, double fs) {
    return (double)text_cps(s) * fs * CHAR_W;
}

/* How many characters fit in px pixels at font size fs (at least 4). */
static size_t fit_chars(double px, double fs) {
    double n = floor(px / (fs * CHAR_W));
    return n < 4 ? 4 : (size_t)n;
}

/* Appends s escaped, shortened to max code points with an ellipsis. */
static void esc_fit(parley_buf *b, const char *s, size_t max) {
    if (!s)
        return;
    size_t len = strlen(s);
    if (cp_count(s, len) <= max) {
        parley_i_xml_escape_n(b, s, len);
        return;
    }
    size_t cut = cp_prefix(s, len, max > 1 ? max - 1 : 1);
    while (cut > 0 && s[cut - 1] == ' ')
        --cut;
    parley_i_xml_escape_n(b, s, cut);
    parley_buf_printf(b, "\xE2\x80\xA6");
}

/* Splits s into at most max_lines lines of at most width code points,
 * breaking at spaces; the last line is shortened with an ellipsis when
 * text remains.  Writes (start, length) pairs; returns the line count. */
static size_t wrap(const char *s, size_t width, size_t max_lines, const char **start, size_t *len,
                   int *truncated) {
    size_t lines = 0;
    const char *p = s;
    *truncated = 0;
    while (*p && lines < max_lines) {
        while (*p == ' ')
            ++p;
        if (!*p)
            break;
        const char *line = p, *end = p;
        size_t used = 0;
        for (;;) {
            size_t wl = strcspn(end, " ");
            size_t wc = cp_count(end, wl);
            size_t need = used ? used + 1 + wc : wc;
            if (need > width) {
                if (used == 0) { /* a word longer than the line: cut it */
                    end += cp_prefix(end, wl, width);
                }
                break;
            }
            used = need;
            end += wl;
            if (*end != ' ')
                break;
            const char *next = end;
            while (*next == ' ')
                ++next;
            if (!*next)
                break;
            end = next;
        }
        /* trim the trailing space the loop may have stopped at */
        const char *stop = end;
        while (stop > line && stop[-1] == ' ')
            --stop;
        start[lines] = line;
        len[lines] = (size_t)(stop - line);
        ++lines;
        p = end;
    }
    while (*p == ' ')
        ++p;
    if (*p)
        *truncated = 1;
    return lines;
}

/* Appends text at (x, y) wrapped into at most max_lines lines of width
 * pixels at font size fs, line height lh; vcenter = 1 centres the block on
 * y.  attrs is appended inside the <text> tag. */
static void text_block(parley_buf *b, double x, double y, double width, double fs, double lh,
                       size_t max_lines, int vcenter, const char *attrs, const char *s) {
    if (!s || !*s)
        return;
    const char *start[8];
    size_t len[8];
    int trunc;
    if (max_lines > 8)
        max_lines = 8;
    if (max_lines == 0)
        max_lines = 1;
    size_t width_c = fit_chars(width, fs);
    size_t n = wrap(s, width_c, max_lines, start, len, &trunc);
    if (n == 0)
        return;
    double y0 = vcenter ? y - (double)(n - 1) * lh / 2.0 : y;
    parley_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\"%s%s>", c1(x), c1(y0), fs,
                      attrs && *attrs ? " " : "", attrs ? attrs : "");
    for (size_t k = 0; k < n; ++k) {
        if (n > 1)
            parley_buf_printf(b, "<tspan x=\"%.1f\" dy=\"%g\">", c1(x), k ? lh : 0.0);
        size_t l = len[k];
        if (k == n - 1 && trunc) {
            size_t cps = cp_count(start[k], l);
            if (cps + 1 > width_c)
                l = cp_prefix(start[k], l, width_c - 1);
            while (l > 0 && start[k][l - 1] == ' ')
                --l;
            parley_i_xml_escape_n(b, start[k], l);
            parley_buf_printf(b, "\xE2\x80\xA6");
        } else {
            parley_i_xml_escape_n(b, start[k], l);
        }
        if (n > 1)
            parley_buf_printf(b, "</tspan>");
    }
    parley_buf_printf(b, "</text>\n");
}

/* One-line text, shortened to fit max_px. */
static void text_line(parley_buf *b, double x, double y, double fs, double max_px,
                      const char *attrs, const char *s) {
    parley_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\"%s%s>", c1(x), c1(y), fs,
                      attrs && *attrs ? " " : "", attrs ? attrs : "");
    esc_fit(b, s, fit_chars(max_px, fs));
    parley_buf_printf(b, "</text>\n");
}

/* ----------------------------------------------------------- numbers, ticks */

typedef struct ticks {
    double v[64];
    size_t n;
    int decimals;
} ticks;

/* "Nice" ticks (1, 2, 5 x 10^k) covering lo..hi, about `target` of them. */
static void make_ticks(ticks *t, double lo, double hi, double target, int integer) {
    double raw = (hi - lo) / target;
    if (!(raw > 0))
        raw = 1;
    double mag = pow(10.0, floor(log10(raw)));
    double norm = raw / mag, step;
    if (norm < 1.5)
        step = mag;
    else if (norm < 3.0)
        step = 2 * mag;
    else if (norm < 7.0)
        step = 5 * mag;
    else
        step = 10 * mag;
    if (integer && step < 1)
        step = 1;
    t->decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (t->decimals > 6)
        t->decimals = 6;
    t->n = 0;
    double first = ceil(lo / step - 1e-9) * step;
    for (double v = first; v <= hi + step * 1e-9 && t->n < 64; v = first + (double)t->n * step)
        t->v[t->n++] = fabs(v) < step * 1e-9 ? 0.0 : v;
}

/* Formats v with d decimals, without "-0". */
static char *fmt_num(char *buf, size_t n, double v, int d) {
    snprintf(buf, n, "%.*f", d, v);
    if (strspn(buf, "-0.") == strlen(buf) && buf[0] == '-')
        memmove(buf, buf + 1, strlen(buf));
    return buf;
}

/* Shortest of %.3g/%.2f style for values printed on charts. */
static char *fmt_val(char *buf, size_t n, double v) {
    if (!isfinite(v)) {
        snprintf(buf, n, "n/a");
        return buf;
    }
    double a = fabs(v);
    int d = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    fmt_num(buf, n, v, d);
    char *dot = strchr(buf, '.');
    if (dot) { /* no trailing zeros: 55, 20.2 */
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    return buf;
}

/* ----------------------------------------------------------- SVG scaffold */

static void svg_open(parley_buf *b, const char *id, double w, double h, const char *title,
                     const char *subtitle, const char *desc) {
    parley_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"");
    parley_i_chart_id(b, id);
    parley_buf_printf(b,
                      "\" class=\"parley-chart\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f "
                      "%.0f\" role=\"img\" aria-labelledby=\"",
                      w, h, w, h);
    parley_i_chart_id(b, id);
    parley_buf_printf(b, "-title ");
    parley_i_chart_id(b, id);
    parley_buf_printf(b, "-desc\" font-family=\"%s\" font-size=\"12\">\n<title id=\"", FONT);
    parley_i_chart_id(b, id);
    parley_buf_printf(b, "-title\">");
    parley_i_xml_escape(b, title);
    parley_buf_printf(b, "</title>\n<desc id=\"");
    parley_i_chart_id(b, id);
    parley_buf_printf(b, "-desc\">");
    parley_i_xml_escape(b, desc ? desc : subtitle ? subtitle : title);
    parley_buf_printf(b, "</desc>\n");
    parley_buf_printf(b, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#FFFFFF\"/>\n", w, h);
    text_line(b, 12, 22, 15, w - 24, "font-weight=\"bold\"", title);
    if (subtitle && *subtitle)
        text_block(b, 12, 40, w - 24, 12, 15, 3, 0, "fill=\"" GREY "\"", subtitle);
}

/* Height taken by the title block. */
static double header_h(const char *subtitle, double w) {
    if (!subtitle || !*subtitle)
        return 36;
    double lines = ceil(text_w(subtitle, 12) * 1.08 / (w - 24));
    if (lines > 3)
        lines = 3;
    return 41 + 15 * lines;
}

static void svg_close(parley_buf *b) {
    parley_buf_printf(b, "</svg>\n");
}

/* The marker shape of series k: the shape advances once more after every
 * round of the palette, so that colour and shape together stay distinct
 * for N_PALETTE x N_MARKERS series. */
static size_t marker_of(size_t k) {
    return (k + k / N_PALETTE) % N_MARKERS;
}

/* A marker of shape k centred at (x, y), radius r. */
static void marker(parley_buf *b, size_t k, double x, double y, double r, const char *colour) {
    k %= N_MARKERS;
    switch (k) {
    case 0:
        parley_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>", c1(x),
                          c1(y), r, colour);
        break;
    case 1:
        parley_buf_printf(
            b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
            c1(x - r), c1(y - r), 2 * r, 2 * r, colour);
        break;
    case 2:
        parley_buf_printf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\"/>", c1(x),
                          c1(y - 1.2 * r), c1(x + 1.1 * r), c1(y + 0.9 * r), c1(x - 1.1 * r),
                          c1(y + 0.9 * r), colour);
        break;
    case 3:
        parley_buf_printf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\"/>",
                          c1(x), c1(y - 1.3 * r), c1(x + 1.3 * r), c1(y), c1(x), c1(y + 1.3 * r),
                          c1(x - 1.3 * r), c1(y), colour);
        break;
    case 4:
        parley_buf_printf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\"/>", c1(x),
                          c1(y + 1.2 * r), c1(x + 1.1 * r), c1(y - 0.9 * r), c1(x - 1.1 * r),
                          c1(y - 0.9 * r), colour);
        break;
    case 5: /* x */
        parley_buf_printf(b,
                          "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\" stroke=\"%s\" "
                          "stroke-width=\"2.5\" fill=\"none\"/>",
                          c1(x - r), c1(y - r), c1(x + r), c1(y + r), c1(x - r), c1(y + r),
                          c1(x + r), c1(y - r), colour);
        break;
    default: /* + */
        parley_buf_printf(b,
                          "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\" stroke=\"%s\" "
                          "stroke-width=\"2.5\" fill=\"none\"/>",
                          c1(x - 1.2 * r), c1(y), c1(x + 1.2 * r), c1(y), c1(x), c1(y - 1.2 * r),
                          c1(x), c1(y + 1.2 * r), colour);
    }
    parley_buf_printf(b, "\n");
}

/* Hatch patterns: pattern k of colour k, solid for k = 0. */
static void hatch_defs(parley_buf *b, const char *id, size_t n) {
    static const char *const hatch[N_HATCHES] = {"",
                                                 "M-1 1L1 -1M0 8L8 0M7 9L9 7",
                                                 "M-1 7L1 9M0 0L8 8M7 -1L9 1",
                                                 "M0 4H8",
                                                 "M4 0V8",
                                                 "M0 4H8M4 0V8",
                                                 "M2 2h0.01M6 6h0.01"};
    parley_buf_printf(b, "<defs>\n");
    for (size_t k = 0; k < n; ++k) {
        parley_buf_printf(b, "<pattern id=\"");
        parley_i_chart_id(b, id);
        parley_buf_printf(b,
                          "-h%zu\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">"
                          "<rect width=\"8\" height=\"8\" fill=\"%s\"/>",
                          k, palette[k % N_PALETTE]);
        const char *h = hatch[k % N_HATCHES];
        if (*h)
            parley_buf_printf(b,
                              "<path d=\"%s\" stroke=\"#000000\" stroke-opacity=\"0.55\" "
                              "stroke-width=\"%s\" stroke-linecap=\"round\"/>",
                              h, k % N_HATCHES == 6 ? "2.5" : "1.2");
        parley_buf_printf(b, "</pattern>\n");
    }
    parley_buf_printf(b, "</defs>\n");
}

static void hatch_fill(parley_buf *b, const char *id, size_t k) {
    parley_buf_printf(b, "fill=\"url(#");
    parley_i_chart_id(b, id);
    parley_buf_printf(b, "-h%zu)\"", k);
}

static parley_status finish(parley_buf *out, parley_error *err) {
    if (out->failed)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    return PARLEY_OK;
}

static int bad_axis(const parley_chart_axis *a) {
    return !(isfinite(a->lo) && isfinite(a->hi) && a->lo < a->hi) || !a->title ||
           (a->n_labels && (!a->label_at || !a->label_text));
}

/* ------------------------------------------------------------------ legend */

typedef struct legend_item {
    int kind; /* 0 line (+marker), 1 emphasis line, 2 band swatch, 3 ref line, 4 hatch swatch, 5
                 marker line */
    size_t style;
    const char *name;
} legend_item;

#define LEG_H 20.0

static double legend_item_w(const legend_item *it) {
    return 36 + text_w(it->name, 12) + 18;
}

/* Rows needed for the items in width w. */
static size_t legend_rows(const legend_item *items, size_t n, double w) {
    if (n == 0)
        return 0;
    size_t rows = 1;
    double x = 0;
    for (size_t k = 0; k < n; ++k) {
        double iw = legend_item_w(&items[k]);
        if (iw > w)
            iw = w;
        if (x > 0 && x + iw > w) {
            ++rows;
            x = 0;
        }
        x += iw;
    }
    return rows;
}

static void legend_draw(parley_buf *b, const char *id, const legend_item *items, size_t n,
                        double x0, double y0, double w) {
    double x = 0, y = y0;
    for (size_t k = 0; k < n; ++k) {
        const legend_item *it = &items[k];
        double iw = legend_item_w(it);
        if (iw > w)
            iw = w;
        if (x > 0 && x + iw > w) {
            x = 0;
            y += LEG_H;
        }
        double lx = x0 + x, ly = y + 10;
        const char *col = palette[it->style % N_PALETTE];
        switch (it->kind) {
        case 0:
            parley_buf_printf(b,
                              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                              "stroke-width=\"2\"",
                              c1(lx), c1(ly), c1(lx + 28), c1(ly), col);
            if (*dashes[it->style % N_DASHES])
                parley_buf_printf(b, " stroke-dasharray=\"%s\"", dashes[it->style % N_DASHES]);
            parley_buf_printf(b, "/>");
            marker(b, marker_of(it->style), lx + 14, ly, 4, col);
            break;
        case 1:
            parley_buf_printf(b,
                              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                              "stroke=\"#000000\" stroke-width=\"5\"/>\n",
                              c1(lx), c1(ly), c1(lx + 28), c1(ly));
            break;
        case 2:
            parley_buf_printf(b,
                              "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"12\" "
                              "fill=\"#56B4E9\" fill-opacity=\"0.35\" stroke=\"#0072B2\"/>\n",
                              c1(lx), c1(ly - 6));
            break;
        case 3:
            parley_buf_printf(b,
                              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GREY
                              "\" stroke-width=\"1.5\" stroke-dasharray=\"1 3\"/>\n",
                              c1(lx), c1(ly), c1(lx + 28), c1(ly));
            break;
        case 4:
            parley_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"14\" ", c1(lx),
                              c1(ly - 7));
            hatch_fill(b, id, it->style);
            parley_buf_printf(b, " stroke=\"#333333\" stroke-width=\"0.5\"/>\n");
            break;
        default:
            parley_buf_printf(b,
                              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                              "stroke=\"#000000\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n",
                              c1(lx), c1(ly), c1(lx + 28), c1(ly));
        }
        text_line(b, lx + 34, ly + 4, 12, iw - 40, NULL, it->name);
        x += iw;
    }
}

/* ---------------------------------------------------- axes and scale keys */

typedef struct frame {
    double x0, x1, y0, y1; /* plot area in pixels: left, right, top, bottom */
    double xlo, xhi, ylo, yhi;
} frame;

static double px(const frame *f, double v) {
    return f->x0 + (v - f->xlo) / (f->xhi - f->xlo) * (f->x1 - f->x0);
}
static double py(const frame *f, double v) {
    return f->y1 - (v - f->ylo) / (f->yhi - f->ylo) * (f->y1 - f->y0);
}

/* y grid, ticks and numbers on the left; the rotated y title. */
static void y_axis(parley_buf *b, const frame *f, const char *title, int grid) {
    ticks t;
    make_ticks(&t, f->ylo, f->yhi, 5, 0);
    char v[32];
    /* grid lines, then tick marks, then numbers: each kind in a run that
     * the report writes as one element (svg_compact.c); none overlaps another */
    for (size_t k = 0; grid && k < t.n; ++k) {
        double y = py(f, t.v[k]);
        parley_buf_printf(
            b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID "\"/>\n",
            c1(f->x0), c1(y), c1(f->x1), c1(y));
    }
    for (size_t k = 0; k < t.n; ++k) {
        double y = py(f, t.v[k]);
        parley_buf_printf(
            b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>\n",
            c1(f->x0 - 5), c1(y), c1(f->x0), c1(y));
    }
    parley_buf_printf(b, "<g text-anchor=\"end\">\n");
    for (size_t k = 0; k < t.n; ++k)
        parley_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", c1(f->x0 - 8),
                          c1(py(f, t.v[k]) + 4), fmt_num(v, sizeof v, t.v[k], t.decimals));
    parley_buf_printf(b, "</g>\n");
    double cy = (f->y0 + f->y1) / 2;
    parley_buf_printf(b,
                      "<text x=\"0\" y=\"0\" transform=\"translate(%.1f %.1f) rotate(-90)\" "
                      "text-anchor=\"middle\" font-size=\"12\">",
                      c1(f->x0 - 46), c1(cy));
    esc_fit(b, title, fit_chars(f->y1 - f->y0 + 40, 12));
    parley_buf_printf(b, "</text>\n");
}

/* x ticks and numbers below the plot, the x title below them. */
static void x_axis(parley_buf *b, const frame *f, const char *title, int integer) {
    ticks t;
    make_ticks(&t, f->xlo, f->xhi, integer ? (f->xhi - f->xlo < 10 ? f->xhi - f->xlo : 8) : 8,
               integer);
    char v[32];
    /* tick marks, then numbers (as in y_axis) */
    for (size_t k = 0; k < t.n; ++k) {
        double x = px(f, t.v[k]);
        parley_buf_printf(
            b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>\n",
            c1(x), c1(f->y1), c1(x), c1(f->y1 + 5));
    }
    parley_buf_printf(b, "<g text-anchor=\"middle\">\n");
    for (size_t k = 0; k < t.n; ++k)
        parley_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", c1(px(f, t.v[k])),
                          c1(f->y1 + 18), fmt_num(v, sizeof v, t.v[k], t.decimals));
    parley_buf_printf(b, "</g>\n");
    parley_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                      c1((f->x0 + f->x1) / 2), c1(f->y1 + 36));
    esc_fit(b, title, fit_chars(f->x1 - f->x0 + 40, 12));
    parley_buf_printf(b, "</text>\n");
}

static void frame_box(parley_buf *b, const frame *f) {
    parley_buf_printf(b,
                      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                      "stroke=\"#000000\"/>\n",
                      c1(f->x0), c1(f->y0), c1(f->x1 - f->x0), c1(f->y1 - f->y0));
}

/* Labelled points of a y axis, drawn right of the plot in width w. */
static void y_scale_labels(parley_buf *b, const frame *f, const parley_chart_axis *a, double w) {
    if (a->n_labels == 0)
        return;
    /* lines available: from the closest pair of labelled points */
    double gap = f->y1 - f->y0;
    for (size_t k = 0; k + 1 < a->n_labels; ++k) {
        double d = fabs(py(f, a->label_at[k]) - py(f, a->label_at[k + 1]));
        if (d < gap)
            gap = d;
    }
    size_t lines = gap >= 52 ? 4 : gap >= 39 ? 3 : gap >= 26 ? 2 : 1;
    char v[32];
    for (size_t k = 0; k < a->n_labels; ++k) {
        double at = a->label_at[k];
        if (!isfinite(at) || at < f->ylo || at > f->yhi)
            continue;
        double y = py(f, at);
        parley_buf_printf(
            b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>\n",
            c1(f->x1), c1(y), c1(f->x1 + 5), c1(y));
        parley_buf t;
        parley_buf_init(&t);
        parley_buf_printf(&t, "%s = %s", fmt_val(v, sizeof v, at),
                          a->label_text[k] ? a->label_text[k] : "");
        if (t.failed)
            b->failed = 1;
        text_block(b, f->x1 + 9, y + 4, w - 12, 11, 12.5, lines, 1, "fill=\"#333333\"", t.data);
        parley_buf_destroy(&t);
    }
}

/* Key of an x axis's labelled points, one line each, below the chart;
 * ticks marked on the axis.  Returns the height used. */
static double x_scale_key_h(const parley_chart_axis *a) {
    return a->n_labels ? 18.0 + 15.0 * (double)a->n_labels : 0.0;
}

static void x_scale_key(parley_buf *b, const frame *f, const parley_chart_axis *a, double x,
                        double y, double w) {
    if (a->n_labels == 0)
        return;
    char v[32];
    text_line(b, x, y + 12, 11, w, "font-weight=\"bold\" fill=\"#333333\"", "Scale:");
    for (size_t k = 0; k < a->n_labels; ++k) {
        double at = a->label_at[k];
        if (isfinite(at) && at >= f->xlo && at <= f->xhi)
            parley_buf_printf(b, "<path d=\"M%.1f %.1fl-4 -7h8Z\" fill=\"#333333\"/>\n",
                              c1(px(f, at)), c1(f->y1 - 0.5));
        parley_buf t;
        parley_buf_init(&t);
        parley_buf_printf(&t, "%s = %s", fmt_val(v, sizeof v, at),
                          a->label_text[k] ? a->label_text[k] : "");
        if (t.failed)
            b->failed = 1;
        text_line(b, x, y + 27 + 15 * (double)k, 11, w, "fill=\"#333333\"", t.data);
        parley_buf_destroy(&t);
    }
}

/* -------------------------------------------------------------- line chart */

static void polyline(parley_buf *b, const frame *f, const double *xv, const double *y, size_t n,
                     const char *attrs) {
    size_t k = 0;
    while (k < n) {
        while (k < n && !isfinite(y[k]))
            ++k;
        if (k >= n)
            break;
        parley_buf_printf(b, "<polyline points=\"");
        size_t m = 0;
        for (; k < n && isfinite(y[k]); ++k, ++m)
            parley_buf_printf(b, "%s%.1f,%.1f", m ? " " : "", c1(px(f, xv ? xv[k] : (double)k)),
                              c1(py(f, y[k])));
        if (m == 1) { /* a single point: a short tick so that it shows */
            parley_buf_printf(b, " %.1f,%.1f", c1(px(f, xv ? xv[k - 1] : (double)(k - 1)) + 0.1),
                              c1(py(f, y[k - 1])));
        }
        parley_buf_printf(b, "\" fill=\"none\" %s/>\n", attrs);
    }
}

parley_status parley_chart_lines_svg(const parley_line_chart *c, parley_buf *out,
                                     parley_error *err) {
    if (!c || !out || !c->id || !c->title || c->n == 0 || bad_axis(&c->x) || bad_axis(&c->y) ||
        (c->n_series && !c->series) || (c->n_bands && !c->bands) || (c->n_refs && !c->refs))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "line chart: missing id, title, data or axis range");
    for (size_t s = 0; s < c->n_series; ++s)
        if (!c->series[s].y)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "line chart: series %zu has no values", s);
    for (size_t s = 0; s < c->n_bands; ++s)
        if (!c->bands[s].lo || !c->bands[s].hi)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "line chart: band %zu has no values", s);
    const double W = 760;
    double right = c->y.n_labels ? 250 : 24;
    /* legend: emphasis first, then series in order, bands, refs */
    size_t n_items = c->n_series + c->n_bands + c->n_refs;
    legend_item *items = calloc(n_items ? n_items : 1, sizeof *items);
    if (!items)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    size_t ni = 0, style = 0;
    for (size_t s = 0; s < c->n_series; ++s)
        if (c->series[s].emphasis)
            items[ni++] = (legend_item){1, 0, c->series[s].name};
    for (size_t s = 0; s < c->n_series; ++s)
        if (!c->series[s].emphasis)
            items[ni++] = (legend_item){0, style++, c->series[s].name};
    for (size_t s = 0; s < c->n_bands; ++s)
        items[ni++] = (legend_item){2, 0, c->bands[s].name};
    for (size_t s = 0; s < c->n_refs; ++s)
        items[ni++] = (legend_item){3, 0, c->refs[s].name};
    double top = header_h(c->subtitle, W) + 10;
    /* rounds: a margin of 4 % at both ends, so that markers set side by side
     * at the first and last round stay inside the plot */
    double pad = c->x_integer ? 0.04 * (c->x.hi - c->x.lo) : 0.0;
    frame f = {72, W - right, top, top + 300, c->x.lo - pad, c->x.hi + pad, c->y.lo, c->y.hi};
    size_t rows = legend_rows(items, ni, W - 24);
    double H = f.y1 + 50 + (double)rows * LEG_H + 8;
    svg_open(out, c->id, W, H, c->title, c->subtitle, NULL);
    y_axis(out, &f, c->y.title, 1);
    x_axis(out, &f, c->x.title, c->x_integer);
    y_scale_labels(out, &f, &c->y, right);
    /* clip the data to the plot */
    parley_buf_printf(out, "<clipPath id=\"");
    parley_i_chart_id(out, c->id);
    parley_buf_printf(out,
                      "-clip\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                      "height=\"%.1f\"/></clipPath>\n<g clip-path=\"url(#",
                      c1(f.x0 - 6), c1(f.y0 - 6), c1(f.x1 - f.x0 + 12), c1(f.y1 - f.y0 + 12));
    parley_i_chart_id(out, c->id);
    parley_buf_printf(out, "-clip)\">\n");
    for (size_t s = 0; s < c->n_bands; ++s) {
        const parley_chart_band *bd = &c->bands[s];
        parley_buf_printf(out, "<path d=\"");
        int first = 1;
        for (size_t k = 0; k < c->n; ++k) {
            if (!isfinite(bd->hi[k]))
                continue;
            double xk = c->x_values ? c->x_values[k] : (double)k;
            parley_buf_printf(out, "%s%.1f %.1f", first ? "M" : "L", c1(px(&f, xk)),
                              c1(py(&f, bd->hi[k])));
            first = 0;
        }
        for (size_t k = c->n; k-- > 0;) {
            if (!isfinite(bd->lo[k]))
                continue;
            double xk = c->x_values ? c->x_values[k] : (double)k;
            parley_buf_printf(out, "%s%.1f %.1f", first ? "M" : "L", c1(px(&f, xk)),
                              c1(py(&f, bd->lo[k])));
            first = 0;
        }
        parley_buf_printf(out, "Z\" fill=\"#56B4E9\" fill-opacity=\"0.35\" stroke=\"#0072B2\" "
                               "stroke-width=\"0.8\"/>\n");
    }
    for (size_t s = 0; s < c->n_refs; ++s) {
        double y = py(&f, c->refs[s].at);
        if (!isfinite(c->refs[s].at) || c->refs[s].at < f.ylo || c->refs[s].at > f.yhi)
            continue;
        parley_buf_printf(out,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GREY
                          "\" stroke-width=\"1.5\" stroke-dasharray=\"1 3\"/>\n",
                          c1(f.x0), c1(y), c1(f.x1), c1(y));
        text_line(out, f.x0 + 6, y - 5, 11, f.x1 - f.x0 - 12, "fill=\"" GREY "\"", c->refs[s].name);
    }
    for (size_t s = 0; s < c->n_series; ++s)
        if (c->series[s].emphasis)
            polyline(out, &f, c->x_values, c->series[s].y, c->n,
                     "stroke=\"#000000\" stroke-width=\"6\" stroke-linejoin=\"round\" "
                     "stroke-linecap=\"round\"");
    style = 0;
    for (size_t s = 0; s < c->n_series; ++s) {
        if (c->series[s].emphasis)
            continue;
        char attrs[160];
        const char *d = dashes[style % N_DASHES];
        snprintf(attrs, sizeof attrs, "stroke=\"%s\" stroke-width=\"2\"%s%s%s",
                 palette[style % N_PALETTE], *d ? " stroke-dasharray=\"" : "", d, *d ? "\"" : "");
        polyline(out, &f, c->x_values, c->series[s].y, c->n, attrs);
        for (size_t k = 0; k < c->n; ++k) {
            double yk = c->series[s].y[k];
            if (!isfinite(yk))
                continue;
            /* actors at one point: markers side by side, so that none hides */
            size_t idx = 0, tot = 0;
            for (size_t t = 0; t < c->n_series; ++t) {
                if (c->series[t].emphasis || c->series[t].y[k] != yk)
                    continue;
                if (t < s)
                    ++idx;
                ++tot;
            }
            double dx = ((double)idx - (double)(tot - 1) / 2.0) * 7.0;
            marker(out, marker_of(style), px(&f, c->x_values ? c->x_values[k] : (double)k) + dx,
                   py(&f, yk), 4, palette[style % N_PALETTE]);
        }
        ++style;
    }
    parley_buf_printf(out, "</g>\n");
    frame_box(out, &f);
    legend_draw(out, c->id, items, ni, 12, f.y1 + 48, W - 24);
    svg_close(out);
    free(items);
    return finish(out, err);
}

/* ------------------------------------------------------------- power chart */

parley_status parley_chart_power_svg(const parley_power_chart *c, parley_buf *out,
                                     parley_error *err) {
    if (!c || !out || !c->id || !c->title || c->n_actors == 0 || c->n_panels == 0 || !c->actor ||
        !c->panel || !c->position || !c->weight || bad_axis(&c->x))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "power chart: missing id, title, data or axis range");
    const size_t na = c->n_actors, np = c->n_panels;
    /* the tallest stack fixes the common y scale */
    double ymax = 0;
    for (size_t p = 0; p < np; ++p)
        for (size_t a = 0; a < na; ++a) {
            double w = c->weight[p * na + a];
            if (!(w > 0) || !isfinite(c->position[p * na + a]))
                continue;
            double tot = 0;
            for (size_t b = 0; b < na; ++b)
                if (c->weight[p * na + b] > 0 && c->position[p * na + b] == c->position[p * na + a])
                    tot += c->weight[p * na + b];
            if (tot > ymax)
                ymax = tot;
        }
    if (!(ymax > 0))
        ymax = 1;
    ticks yt;
    make_ticks(&yt, 0, ymax, 2, 0);
    double ytop = yt.v[yt.n - 1] < ymax ? yt.v[yt.n - 1] + (yt.n > 1 ? yt.v[1] - yt.v[0] : ymax)
                                        : yt.v[yt.n - 1];
    const double W = 760, PH = 96, GAP = 26;
    legend_item *items = calloc(na + 1, sizeof *items);
    if (!items)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    size_t ni = 0;
    for (size_t a = 0; a < na; ++a)
        items[ni++] = (legend_item){4, a, c->actor[a]};
    if (c->marker)
        items[ni++] = (legend_item){5, 0, c->marker_name ? c->marker_name : "marker"};
    double top = header_h(c->subtitle, W) + 8;
    double x0 = 72, x1 = W - 24;
    double plots_h = (double)np * (PH + GAP);
    size_t rows = legend_rows(items, ni, W - 24);
    double key_h = x_scale_key_h(&c->x);
    double H = top + plots_h + 46 + key_h + (double)rows * LEG_H + 10;
    svg_open(out, c->id, W, H, c->title, c->subtitle, NULL);
    hatch_defs(out, c->id, na);
    double bar_w = (x1 - x0) / 45.0;
    if (bar_w < 8)
        bar_w = 8;
    frame last = {0};
    char v[32];
    for (size_t p = 0; p < np; ++p) {
        double y0 = top + (double)p * (PH + GAP) + GAP - 6;
        frame f = {x0, x1, y0, y0 + PH, c->x.lo, c->x.hi, 0, ytop};
        text_line(out, x0, y0 - 6, 12, x1 - x0, "font-weight=\"bold\"", c->panel[p]);
        /* grid lines, then their numbers: each kind in a run that the report
         * writes as one element (svg_compact.c); none overlaps another */
        for (size_t k = 0; k < yt.n; ++k) {
            double y = py(&f, yt.v[k]);
            parley_buf_printf(out,
                              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID
                              "\"/>\n",
                              c1(x0), c1(y), c1(x1), c1(y));
        }
        parley_buf_printf(out, "<g text-anchor=\"end\" font-size=\"11\">\n");
        for (size_t k = 0; k < yt.n; ++k)
            parley_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", c1(x0 - 6),
                              c1(py(&f, yt.v[k]) + 4), fmt_num(v, sizeof v, yt.v[k], yt.decimals));
        parley_buf_printf(out, "</g>\n");
        /* the bars share their white outline */
        parley_buf_printf(out, "<g stroke=\"#FFFFFF\" stroke-width=\"0.8\">\n");
        /* stacks: actors at one exact position stack in actor order */
        for (size_t a = 0; a < na; ++a) {
            double pos = c->position[p * na + a], w = c->weight[p * na + a];
            if (!(w > 0) || !isfinite(pos))
                continue;
            double below = 0;
            for (size_t b2 = 0; b2 < a; ++b2)
                if (c->weight[p * na + b2] > 0 && c->position[p * na + b2] == pos)
                    below += c->weight[p * na + b2];
            double xa = px(&f, pos) - bar_w / 2, ya = py(&f, below + w), yb = py(&f, below);
            parley_buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" ",
                              c1(xa), c1(ya), c1(bar_w), c1(yb - ya));
            hatch_fill(out, c->id, a);
            parley_buf_printf(out, "><title>");
            parley_i_xml_escape(out, c->actor[a]);
            parley_buf_printf(out, ": %s at ", fmt_val(v, sizeof v, w));
            parley_buf_printf(out, "%s</title></rect>\n", fmt_val(v, sizeof v, pos));
        }
        parley_buf_printf(out, "</g>\n");
        if (c->marker && isfinite(c->marker[p])) {
            double mx = px(&f, c->marker[p]);
            parley_buf_printf(out,
                              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                              "stroke=\"#000000\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n",
                              c1(mx), c1(f.y0), c1(mx), c1(f.y1));
            parley_buf t;
            parley_buf_init(&t);
            parley_buf_printf(&t, "%s %s", c->marker_name ? c->marker_name : "",
                              fmt_val(v, sizeof v, c->marker[p]));
            if (t.failed)
                out->failed = 1;
            int right_side = mx < (x0 + x1) / 2;
            text_line(out, right_side ? mx + 5 : mx - 5, f.y0 + 12, 11, 300,
                      right_side ? NULL : "text-anchor=\"end\"", t.data);
            parley_buf_destroy(&t);
        }
        parley_buf_printf(
            out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>\n",
            c1(x0), c1(f.y1), c1(x1), c1(f.y1));
        parley_buf_printf(
            out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>\n",
            c1(x0), c1(f.y0), c1(x0), c1(f.y1));
        last = f;
    }
    /* y title across the panels */
    parley_buf_printf(out,
                      "<text x=\"0\" y=\"0\" transform=\"translate(%.1f %.1f) rotate(-90)\" "
                      "text-anchor=\"middle\">",
                      c1(x0 - 50), c1(top + plots_h / 2));
    esc_fit(out, c->y_title ? c->y_title : "weight", fit_chars(plots_h, 12));
    parley_buf_printf(out, "</text>\n");
    x_axis(out, &last, c->x.title, 0);
    x_scale_key(out, &last, &c->x, 12, last.y1 + 42, W - 24);
    legend_draw(out, c->id, items, ni, 12, last.y1 + 46 + key_h, W - 24);
    svg_close(out);
    free(items);
    return finish(out, err);
}

/* ------------------------------------------------------------ the EU plane */

parley_status parley_chart_eu_plane_svg(const parley_eu_plane_chart *c, parley_buf *out,
                                        parley_error *err) {
    if (!c || !out || !c->id || !c->title || !c->actor || c->n == 0 || !c->counterpart || !c->e_i ||
        !c->e_j)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "expected-utility plane: missing id, title, actor or data");
    double m = 0;
    for (size_t k = 0; k < c->n; ++k) {
        if (!isfinite(c->e_i[k]) || !isfinite(c->e_j[k]))
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "expected-utility plane: value %zu is not finite", k);
        if (fabs(c->e_i[k]) > m)
            m = fabs(c->e_i[k]);
        if (fabs(c->e_j[k]) > m)
            m = fabs(c->e_j[k]);
    }
    if (!(m > 0))
        m = 1;
    ticks tk;
    make_ticks(&tk, 0, m * 1.12, 2, 0);
    double step = tk.n > 1 ? tk.v[1] - tk.v[0] : m;
    double R = tk.v[tk.n - 1] >= m * 1.12 ? tk.v[tk.n - 1] : tk.v[tk.n - 1] + step;
    const double W = 760, S = 400;
    double top = header_h(c->subtitle, W) + 10;
    frame f = {84, 84 + S, top, top + S, -R, R, -R, R};
    double H = f.y1 + 52;
    double lx = f.x1 + 20, lw = W - lx - 12;
    double need = 22 + 17.0 * (double)c->n + 8;
    if (top + need > H)
        H = top + need;
    svg_open(out, c->id, W, H, c->title, c->subtitle, NULL);
    /* regions: the stalemate quadrant shaded, the others split by lines */
    parley_buf_printf(
        out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#F2F2F2\"/>\n",
        c1(f.x0), c1(py(&f, 0)), c1(S / 2), c1(S / 2));
    parley_buf_printf(out,
                      "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"#FDF0E6\"/>\n",
                      c1(px(&f, 0)), c1(py(&f, 0)), c1(px(&f, 0)), c1(py(&f, R)), c1(px(&f, R)),
                      c1(py(&f, R)), c1(px(&f, R)), c1(py(&f, 0)));
    ticks g;
    make_ticks(&g, -R, R, 6, 0);
    char v[32];
    for (size_t k = 0; k < g.n; ++k) {
        double x = px(&f, g.v[k]), y = py(&f, g.v[k]);
        parley_buf_printf(out,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID
                          "\" stroke-width=\"0.6\"/>",
                          c1(x), c1(f.y0), c1(x), c1(f.y1));
        parley_buf_printf(out,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID
                          "\" stroke-width=\"0.6\"/>\n",
                          c1(f.x0), c1(y), c1(f.x1), c1(y));
        parley_buf_printf(
            out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%s</text>",
            c1(x), c1(f.y1 + 16), fmt_num(v, sizeof v, g.v[k], g.decimals));
        parley_buf_printf(
            out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>\n",
            c1(f.x0 - 5), c1(y + 4), fmt_num(v, sizeof v, g.v[k], g.decimals));
    }
    double ox = px(&f, 0), oy = py(&f, 0);
    parley_buf_printf(out,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" "
                      "stroke-width=\"1.2\"/>\n",
                      c1(f.x0), c1(oy), c1(f.x1), c1(oy));
    parley_buf_printf(out,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" "
                      "stroke-width=\"1.2\"/>\n",
                      c1(ox), c1(f.y0), c1(ox), c1(f.y1));
    const char *split = "stroke=\"#000000\" stroke-width=\"1\" stroke-dasharray=\"5 4\"";
    parley_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", c1(ox),
                      c1(oy), c1(f.x1), c1(f.y0), split);
    parley_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", c1(ox),
                      c1(oy), c1(f.x0), c1(f.y0), split);
    parley_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", c1(ox),
                      c1(oy), c1(f.x1), c1(f.y1), split);
    /* region names */
    const char *ra = "fill=\"#333333\" font-style=\"italic\"";
    char buf[4][160];
    const char *labels[7];
    snprintf(buf[0], sizeof buf[0], "conflict: %s expects to lose", c->actor);
    snprintf(buf[1], sizeof buf[1], "conflict: %s expects to win", c->actor);
    snprintf(buf[2], sizeof buf[2], "compromise by %s", c->actor);
    snprintf(buf[3], sizeof buf[3], "capitulation by %s", c->actor);
    for (size_t k = 0; k < 4; ++k)
        labels[k] = buf[k];
    labels[4] = "compromise by the counterpart";
    labels[5] = "capitulation by the counterpart";
    labels[6] = "stalemate: neither challenges";
    double q = S / 2;
    text_block(out, ox + 8, f.y0 + 16, q * 0.55, 11, 13, 3, 0, ra, labels[0]);
    text_block(out, f.x1 - 8, oy - 40, q * 0.6, 11, 13, 3, 0,
               "fill=\"#333333\" font-style=\"italic\" text-anchor=\"end\"", labels[1]);
    text_block(out, ox - 8, f.y0 + 16, q * 0.55, 11, 13, 3, 0,
               "fill=\"#333333\" font-style=\"italic\" text-anchor=\"end\"", labels[2]);
    text_block(out, f.x0 + 8, oy - 40, q * 0.6, 11, 13, 3, 0, ra, labels[3]);
    text_block(out, f.x1 - 8, oy + 18, q * 0.6, 11, 13, 3, 0,
               "fill=\"#333333\" font-style=\"italic\" text-anchor=\"end\"", labels[4]);
    text_block(out, ox + 8, f.y1 - 30, q * 0.55, 11, 13, 3, 0, ra, labels[5]);
    text_block(out, f.x0 + 8, f.y1 - 30, q * 0.8, 11, 13, 2, 0, ra, labels[6]);
    /* the counterparts: names beside the points when there are few, else
     * numbers (the key names them); a label goes right of its point, else
     * left, else above or below, wherever it overlaps no label drawn before */
    const int numbered = c->n > N_PALETTE;
    double *box = malloc(4 * c->n * sizeof *box);
    size_t n_box = 0;
    if (!box)
        out->failed = 1;
    for (size_t k = 0; k < c->n; ++k) {
        double x = px(&f, c->e_i[k]), y = py(&f, c->e_j[k]);
        marker(out, marker_of(k), x, y, 5.5, palette[k % N_PALETTE]);
        char num[32];
        snprintf(num, sizeof num, "%zu", k + 1);
        const char *label = numbered ? num : c->counterpart[k];
        double w = text_w(label, 11);
        if (w > 140)
            w = 140;
        const double cand[4][2] = {
            {x + 8, y - 6}, {x - 8 - w, y - 6}, {x - w / 2, y - 10}, {x - w / 2, y + 17}};
        size_t pick = 0;
        for (; pick < 4; ++pick) {
            double bx = cand[pick][0], by = cand[pick][1];
            int clash = bx < f.x0 || bx + w > f.x1 || by - 10 < f.y0 || by + 2 > f.y1;
            for (size_t o = 0; !clash && box && o < n_box; ++o)
                clash = bx < box[4 * o + 2] && box[4 * o] < bx + w && by - 10 < box[4 * o + 3] &&
                        box[4 * o + 1] < by + 2;
            if (!clash)
                break;
        }
        if (pick == 4) {
            if (!numbered)
                continue; /* few points: colour and shape name it in the key */
            pick = 0;
        }
        if (box) {
            box[4 * n_box] = cand[pick][0];
            box[4 * n_box + 1] = cand[pick][1] - 10;
            box[4 * n_box + 2] = cand[pick][0] + w;
            box[4 * n_box + 3] = cand[pick][1] + 2;
            ++n_box;
        }
        text_line(out, cand[pick][0], cand[pick][1], 11, 140, "font-weight=\"bold\"", label);
    }
    free(box);
    frame_box(out, &f);
    /* axis titles */
    parley_buf t;
    parley_buf_init(&t);
    parley_buf_printf(&t, "expected utility of %s challenging the counterpart (utility)", c->actor);
    text_line(out, (f.x0 + f.x1) / 2, f.y1 + 36, 12, S + 60, "text-anchor=\"middle\"", t.data);
    t.len = 0;
    if (t.data)
        t.data[0] = '\0';
    parley_buf_printf(&t, "expected utility of the counterpart challenging %s (utility)", c->actor);
    parley_buf_printf(out,
                      "<text x=\"0\" y=\"0\" transform=\"translate(%.1f %.1f) rotate(-90)\" "
                      "text-anchor=\"middle\">",
                      c1(f.x0 - 52), c1((f.y0 + f.y1) / 2));
    esc_fit(out, t.data, fit_chars(S + 40, 12));
    parley_buf_printf(out, "</text>\n");
    if (t.failed)
        out->failed = 1;
    parley_buf_destroy(&t);
    /* key with the numbers: marker (and number), name, then x, y */
    text_line(out, lx, top + 12, 11, lw, "font-weight=\"bold\"", "Counterpart");
    parley_buf_printf(out,
                      "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" font-weight=\"bold\" "
                      "text-anchor=\"end\">x, y</text>\n",
                      c1(W - 12), c1(top + 12));
    const double name_x = lx + (numbered ? 36 : 18), num_w = 96;
    for (size_t k = 0; k < c->n; ++k) {
        double y = top + 32 + 17.0 * (double)k;
        marker(out, marker_of(k), lx + 6, y - 4, 5, palette[k % N_PALETTE]);
        char a[32], b2[32], xy[80];
        if (numbered)
            parley_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%zu</text>",
                              c1(lx + 15), c1(y), k + 1);
        text_line(out, name_x, y, 11, W - 12 - num_w - name_x, NULL, c->counterpart[k]);
        snprintf(xy, sizeof xy, "%s, %s", fmt_num(a, sizeof a, c->e_i[k], 3),
                 fmt_num(b2, sizeof b2, c->e_j[k], 3));
        text_line(out, W - 12, y, 11, num_w, "text-anchor=\"end\"", xy);
    }
    svg_close(out);
    return finish(out, err);
}

/* --------------------------------------------------------------- histogram */

parley_status parley_chart_histogram_svg(const parley_histogram_chart *c, parley_buf *out,
                                         parley_error *err) {
    if (!c || !out || !c->id || !c->title || (c->counts ? 0 : c->n == 0 || !c->values) ||
        c->n_bins == 0 || bad_axis(&c->x))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "histogram: missing id, title, data, bins or axis range");
    double *count = calloc(c->n_bins, sizeof *count);
    if (!count)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    double used = 0;
    const double width = (c->x.hi - c->x.lo) / (double)c->n_bins;
    if (c->counts) {
        for (size_t k = 0; k < c->n_bins; ++k) {
            count[k] = c->counts[k] > 0 ? c->counts[k] : 0;
            used += count[k];
        }
    } else {
        for (size_t k = 0; k < c->n; ++k) {
            double v = c->values[k];
            if (!isfinite(v))
                continue;
            double pos = floor((v - c->x.lo) / width);
            size_t bin = pos < 0 ? 0 : pos >= (double)c->n_bins ? c->n_bins - 1 : (size_t)pos;
            ++count[bin];
            ++used;
        }
    }
    double maxpct = 0;
    for (size_t k = 0; k < c->n_bins; ++k) {
        double pct = used > 0 ? 100.0 * count[k] / used : 0;
        if (pct > maxpct)
            maxpct = pct;
    }
    if (!(maxpct > 0))
        maxpct = 1;
    ticks yt;
    make_ticks(&yt, 0, maxpct, 4, 0);
    double ytop = yt.v[yt.n - 1] < maxpct ? yt.v[yt.n - 1] + (yt.n > 1 ? yt.v[1] - yt.v[0] : maxpct)
                                          : yt.v[yt.n - 1];
    const double W = 760;
    legend_item items[2];
    size_t ni = 0;
    if (c->has_band)
        items[ni++] = (legend_item){2, 0, c->band_name ? c->band_name : "band"};
    if (c->has_marker)
        items[ni++] = (legend_item){5, 0, c->marker_name ? c->marker_name : "marker"};
    double top = header_h(c->subtitle, W) + 10;
    frame f = {72, W - 24, top, top + 220, c->x.lo, c->x.hi, 0, ytop};
    double key_h = x_scale_key_h(&c->x);
    size_t rows = legend_rows(items, ni, W - 24);
    double H = f.y1 + 46 + key_h + (double)rows * LEG_H + 10;
    char desc[160];
    snprintf(desc, sizeof desc, "Histogram of %.0f values in %zu bins", used, c->n_bins);
    svg_open(out, c->id, W, H, c->title, c->subtitle, desc);
    y_axis(out, &f, "share of runs (%)", 1);
    if (c->has_band && isfinite(c->band_lo) && isfinite(c->band_hi)) {
        double a = px(&f, fmax(c->band_lo, f.xlo)), b2 = px(&f, fmin(c->band_hi, f.xhi));
        parley_buf_printf(
            out,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#56B4E9\" "
            "fill-opacity=\"0.35\" stroke=\"#0072B2\" stroke-width=\"0.8\"/>\n",
            c1(a), c1(f.y0), c1(b2 - a), c1(f.y1 - f.y0));
    }
    for (size_t k = 0; k < c->n_bins; ++k) {
        if (!(count[k] > 0))
            continue;
        double pct = 100.0 * count[k] / used;
        double xa = px(&f, c->x.lo + (double)k * width),
               xb = px(&f, c->x.lo + (double)(k + 1) * width);
        parley_buf_printf(out,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                          "fill=\"#0072B2\" stroke=\"#FFFFFF\" stroke-width=\"0.8\"/>\n",
                          c1(xa), c1(py(&f, pct)), c1(xb - xa), c1(f.y1 - py(&f, pct)));
    }
    if (c->has_marker && isfinite(c->marker)) {
        double mx = px(&f, c->marker);
        parley_buf_printf(out,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                          "stroke=\"#000000\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n",
                          c1(mx), c1(f.y0), c1(mx), c1(f.y1));
    }
    frame_box(out, &f);
    x_axis(out, &f, c->x.title, 0);
    x_scale_key(out, &f, &c->x, 12, f.y1 + 42, W - 24);
    legend_draw(out, c->id, items, ni, 12, f.y1 + 46 + key_h, W - 24);
    svg_close(out);
    free(count);
    return finish(out, err);
}

/* -------------------------------------------------------------- bar chart */

parley_status parley_chart_bars_svg(const parley_bar_chart *c, parley_buf *out, parley_error *err) {
    if (!c || !out || !c->id || !c->title || !c->value_title || c->n == 0 || !c->label || !c->value)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "bar chart: missing id, title, axis title or data");
    for (size_t k = 0; k < c->n; ++k)
        if (!isfinite(c->value[k]))
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "bar chart: value %zu is not finite", k);
    size_t *order = malloc(c->n * sizeof *order);
    if (!order)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < c->n; ++k)
        order[k] = k;
    if (c->rank) /* stable insertion sort by |value| descending */
        for (size_t k = 1; k < c->n; ++k) {
            size_t cur = order[k], j = k;
            while (j > 0 && fabs(c->value[order[j - 1]]) < fabs(c->value[cur])) {
                order[j] = order[j - 1];
                --j;
            }
            order[j] = cur;
        }
    double lo = 0, hi = 0, labw = 0;
    for (size_t k = 0; k < c->n; ++k) {
        lo = fmin(lo, c->value[k]);
        hi = fmax(hi, c->value[k]);
        labw = fmax(labw, text_w(c->label[k], 12));
    }
    if (hi == lo)
        hi = lo + 1;
    double span = hi - lo;
    if (lo < 0)
        lo -= 0.12 * span;
    if (hi > 0)
        hi += 0.12 * span;
    if (labw > 200)
        labw = 200;
    const double W = 760, ROW = 26;
    double top = header_h(c->subtitle, W) + 10;
    frame f = {labw + 24, W - 24, top, top + ROW * (double)c->n, lo, hi, 0, 1};
    double H = f.y1 + 52;
    svg_open(out, c->id, W, H, c->title, c->subtitle, NULL);
    ticks t;
    make_ticks(&t, lo, hi, 6, 0);
    char v[32];
    for (size_t k = 0; k < t.n; ++k) {
        double x = px(&f, t.v[k]);
        parley_buf_printf(
            out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID "\"/>\n",
            c1(x), c1(f.y0), c1(x), c1(f.y1));
    }
    x_axis(out, &f, c->value_title, 0);
    double zx = px(&f, 0);
    for (size_t r = 0; r < c->n; ++r) {
        size_t k = order[r];
        double y = f.y0 + ROW * (double)r, val = c->value[k];
        double xa = fmin(zx, px(&f, val)), xb = fmax(zx, px(&f, val));
        text_line(out, f.x0 - 8, y + ROW / 2 + 4, 12, labw, "text-anchor=\"end\"", c->label[k]);
        parley_buf_printf(
            out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
            c1(xa), c1(y + 4), c1(xb - xa), c1(ROW - 8), val < 0 ? "#D55E00" : "#0072B2");
        fmt_val(v, sizeof v, val);
        if (val < 0)
            parley_buf_printf(
                out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>\n",
                c1(xa - 4), c1(y + ROW / 2 + 4), v);
        else
            parley_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>\n",
                              c1(xb + 4), c1(y + ROW / 2 + 4), v);
    }
    parley_buf_printf(out,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" "
                      "stroke-width=\"1.2\"/>\n",
                      c1(zx), c1(f.y0), c1(zx), c1(f.y1));
    parley_buf_printf(
        out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>\n",
        c1(f.x0), c1(f.y1), c1(f.x1), c1(f.y1));
    svg_close(out);
    free(order);
    return finish(out, err);
}
