/* parley: writers of the stakeholder table, Decide, KTAB CSV and KTAB XML
 * formats, and the check of what a target format cannot hold.
 *
 * Before writing, parley_scenario_write lists everything of the scenario
 * the target cannot represent (docs/formats.md, "Conversion"): without the
 * lossy option each item is an error and nothing is written; with it, each
 * is a warning saying what was dropped or changed, and the writer applies
 * the documented fallback (e.g. saliences scaled down to a total of 100 for
 * KTAB).  Every number is written with the fewest digits that read back to
 * the same double, so that values round-trip exactly.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <parley/buf.h>

#include "core/internal.h"
#include "io/internal.h"
#include "io/table_meta.h"
#include "scenario/internal.h"

void parley_write_options_init(parley_write_options *o) {
    if (!o)
        return;
    memset(o, 0, sizeof *o);
}

typedef struct writer {
    const parley_scenario *s;
    parley_format fmt;
    int lossy;
    parley_diags *diags;
    size_t losses;
    int nomem;
} writer;

/* Records one thing the target cannot hold, at a JSON path of the scenario. */
static void loss(writer *w, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void loss(writer *w, const char *path, const char *fmt, ...) {
    char msg[PARLEY_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    parley_i_vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    w->losses++;
    if (!w->diags)
        return;
    if (parley_diags_add(w->diags, w->lossy ? PARLEY_SEV_WARNING : PARLEY_SEV_ERROR,
                         w->lossy ? PARLEY_OK : PARLEY_EDATA, NULL, 0, 0, path, "%s format %s%s",
                         parley_format_name(w->fmt), msg,
                         w->lossy ? "" : " (use --lossy to accept)"))
        w->nomem = 1;
}

static void note(writer *w, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void note(writer *w, const char *path, const char *fmt, ...) {
    char msg[PARLEY_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    parley_i_vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (w->diags &&
        parley_diags_add(w->diags, PARLEY_SEV_NOTE, PARLEY_OK, NULL, 0, 0, path, "%s", msg))
        w->nomem = 1;
}

static const char *num(double x, char *buf) {
    return parley_i_format_double(x, buf);
}

/* ---- what each format can hold ---------------------------------------- */

/* Widens the one-point scale [*lo, *lo] to [lo, lo + 1], or to the next
 * double up when lo + 1 rounds to lo (or down, at the largest double). */
static void widen(double *lo, double *hi) {
    *hi = *lo + 1;
    if (!(*hi > *lo))
        *hi = nextafter(*lo, INFINITY);
    if (!isfinite(*hi)) {
        *hi = *lo;
        *lo = nextafter(*lo, -INFINITY);
    }
}

static int has_notes(const parley_scenario *s) {
    for (size_t i = 0; i < s->n_issues; ++i)
        if (s->issues[i].status_quo_note)
            return 1;
    for (size_t k = 0; k < s->n_actors * s->n_issues; ++k) {
        const parley_cell *c = &s->cells[k];
        if (c->present && (c->position_note || c->salience_note || c->capability_note))
            return 1;
    }
    return 0;
}

/* Position range of the present cells of issue i (0 if none). */
static int position_range(const parley_scenario *s, size_t i, double *lo, double *hi) {
    int any = 0;
    for (size_t a = 0; a < s->n_actors; ++a) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (!c->present)
            continue;
        if (!any || c->position < *lo)
            *lo = c->position;
        if (!any || c->position > *hi)
            *hi = c->position;
        any = 1;
    }
    return any;
}

/* The scale a table's reader infers for issue i: the range of the
 * positions and the status quo (its Status quo row widens it). */
static int table_range(const parley_scenario *s, size_t i, double *lo, double *hi) {
    int any = position_range(s, i, lo, hi);
    const parley_issue *is = &s->issues[i];
    if (any && is->has_status_quo) {
        if (is->status_quo < *lo)
            *lo = is->status_quo;
        if (is->status_quo > *hi)
            *hi = is->status_quo;
    }
    return any;
}

/* 1 if some issue of s has a status quo (a table then has a Status quo row). */
static int any_status_quo(const parley_scenario *s) {
    for (size_t i = 0; i < s->n_issues; ++i)
        if (s->issues[i].has_status_quo)
            return 1;
    return 0;
}

/* 1 if a table's reader takes a row of this name for the Status quo row. */
static int status_quo_row_name(const char *name) {
    return name && (strcasecmp(name, "Status quo") == 0 || strcasecmp(name, "SQ") == 0 ||
                    strcasecmp(name, "Reference point") == 0);
}

static int actor_has_all_cells(const parley_scenario *s, size_t a) {
    for (size_t i = 0; i < s->n_issues; ++i)
        if (!parley_scenario_cell_const(s, a, i)->present)
            return 0;
    return 1;
}

static double salience_sum(const parley_scenario *s, size_t a) {
    double sum = 0;
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (c->present)
            sum += c->salience;
    }
    return sum;
}

static double max_capability(const parley_scenario *s) {
    double m = 0;
    for (size_t k = 0; k < s->n_actors * s->n_issues; ++k)
        if (s->cells[k].present && s->cells[k].capability > m)
            m = s->cells[k].capability;
    return m;
}

/* 1 if issue i of a KTAB target keeps its positions as they are. */
static int ktab_positions_fit(const parley_scenario *s, size_t i) {
    const parley_issue *is = &s->issues[i];
    if (is->bounds_given)
        return is->lo == 0 && is->hi == 100;
    double lo = 0, hi = 0;
    if (!position_range(s, i, &lo, &hi))
        return 1;
    return lo >= 0 && hi <= 100;
}

/* 1 if text has a character the target cannot write as such: line ends
 * for KTAB CSV (one line per record, no quoting of line ends), C0 control
 * characters other than tab and line ends for XML. */
static int awkward(const char *text, parley_format f) {
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; ++p) {
        if (f == PARLEY_FORMAT_KTAB_CSV && (*p == '\n' || *p == '\r'))
            return 1;
        if (f == PARLEY_FORMAT_KTAB_XML && *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return 1;
    }
    return 0;
}

/* 1 if text starts or ends with a space or tab (the readers trim ids). */
static int padded(const char *text) {
    if (!text || !text[0])
        return 0;
    size_t n = strlen(text);
    return text[0] == ' ' || text[0] == '\t' || text[n - 1] == ' ' || text[n - 1] == '\t';
}

/* Reports the scenario's texts (names, descriptions) the target would change. */
static void check_texts(writer *w) {
    const parley_scenario *s = w->s;
    char path[PARLEY_ERROR_PATH_MAX];
    int ktab = w->fmt == PARLEY_FORMAT_KTAB_CSV || w->fmt == PARLEY_FORMAT_KTAB_XML;
    /* names are trimmed by every reader but JSON's; so are descriptions by
     * the KTAB readers and actor descriptions by Decide's */
    const char *trim = "trims names of surrounding spaces:";
    if ((ktab || w->fmt == PARLEY_FORMAT_DECIDE) && padded(s->name))
        loss(w, "$.name", "%s \"%s\"", trim, s->name);
    if (ktab && padded(s->description))
        loss(w, "$.description", "trims the description of surrounding spaces");
    for (size_t i = 0; i < s->n_issues; ++i)
        if (padded(s->issues[i].name))
            loss(w, parley_i_path_index(path, sizeof path, "$.issues", i), "%s \"%s\"", trim,
                 s->issues[i].name);
    for (size_t a = 0; a < s->n_actors; ++a) {
        if (padded(s->actors[a].name))
            loss(w, parley_i_path_index(path, sizeof path, "$.actors", a), "%s \"%s\"", trim,
                 s->actors[a].name);
        else if ((ktab || w->fmt == PARLEY_FORMAT_DECIDE) && padded(s->actors[a].description))
            loss(w, parley_i_path_index(path, sizeof path, "$.actors", a),
                 "trims descriptions of surrounding spaces: that of \"%s\"", s->actors[a].name);
    }
    if (!ktab)
        return;
    if (w->fmt == PARLEY_FORMAT_KTAB_CSV) {
        /* KTAB's CSV reader turns "$$" into a comma, so a literal "$$" cannot survive. */
        const char *dd = "cannot hold \"$$\" in text (its reader turns it into a comma):";
        if (s->name && strstr(s->name, "$$"))
            loss(w, "$.name", "%s the scenario's name", dd);
        if (s->description && strstr(s->description, "$$"))
            loss(w, "$.description", "%s the scenario's description", dd);
        for (size_t i = 0; i < s->n_issues; ++i)
            if (s->issues[i].name && strstr(s->issues[i].name, "$$"))
                loss(w, parley_i_path_index(path, sizeof path, "$.issues", i), "%s an issue name",
                     dd);
        for (size_t a = 0; a < s->n_actors; ++a)
            if ((s->actors[a].name && strstr(s->actors[a].name, "$$")) ||
                (s->actors[a].description && strstr(s->actors[a].description, "$$")))
                loss(w, parley_i_path_index(path, sizeof path, "$.actors", a),
                     "%s an actor's name or description", dd);
    }
    const char *what = w->fmt == PARLEY_FORMAT_KTAB_CSV
                           ? "cannot hold line ends in text; they become spaces in"
                           : "cannot hold control characters; they become spaces in";
    if (awkward(s->name, w->fmt))
        loss(w, "$.name", "%s the scenario's name", what);
    if (awkward(s->description, w->fmt))
        loss(w, "$.description", "%s the scenario's description", what);
    for (size_t i = 0; i < s->n_issues; ++i)
        if (awkward(s->issues[i].name, w->fmt))
            loss(w, parley_i_path_index(path, sizeof path, "$.issues", i), "%s an issue name",
                 what);
    for (size_t a = 0; a < s->n_actors; ++a)
        if (awkward(s->actors[a].name, w->fmt) || awkward(s->actors[a].description, w->fmt))
            loss(w, parley_i_path_index(path, sizeof path, "$.actors", a),
                 "%s an actor's name or description", what);
}

/* 1 when issue i's outcome lies inside the range of its actors' positions
 * (and its status quo), the scale a table holds (a table's reader infers the scale from the
 * positions and refuses an outcome outside it). */
static int outcome_fits_table(const parley_scenario *s, size_t i) {
    double lo = 0, hi = 0;
    int any = table_range(s, i, &lo, &hi);
    double v = s->issues[i].outcome.value;
    return any && v >= lo && v <= hi;
}

/* A table's "#" lines (docs/formats.md): issue i needs a "# issue:" line
 * when it holds what the table's columns and rows cannot. */
static int issue_line_needed(const parley_scenario *s, size_t i) {
    const parley_issue *is = &s->issues[i];
    const parley_observed_outcome *o = &is->outcome;
    double tlo = 0, thi = 0;
    int tany = table_range(s, i, &tlo, &thi);
    return is->description || is->n_labels ||
           (is->bounds_given && !(tany && tlo == is->lo && thi == is->hi)) ||
           (is->has_status_quo && is->status_quo_note) ||
           (o->has_value &&
            (o->as_of || o->source || o->confidence || o->note || !outcome_fits_table(s, i)));
}

/* 1 when saliences on 0-100 are all at most 1 (a table would read them as
 * 0-1 without "# salience_scale: 100"). */
static int percent_all_small(const parley_scenario *s) {
    if (s->salience_scale != PARLEY_SALIENCE_PERCENT)
        return 0;
    for (size_t k = 0; k < s->n_actors * s->n_issues; ++k)
        if (s->cells[k].present && parley_i_salience_on_scale(s->cells[k].salience, 100) > 1)
            return 0;
    return 1;
}

/* 1 if the table gets "#" lines (and then its name in "# scenario:"). */
static int directives_needed(const parley_scenario *s) {
    if (s->description || s->source || s->as_of || percent_all_small(s))
        return 1;
    for (size_t i = 0; i < s->n_issues; ++i)
        if (issue_line_needed(s, i))
            return 1;
    return 0;
}

static void check_losses(writer *w) {
    const parley_scenario *s = w->s;
    char path[PARLEY_ERROR_PATH_MAX], b1[PARLEY_I_NUMBUF], b2[PARLEY_I_NUMBUF];
    parley_format f = w->fmt;
    if (f == PARLEY_FORMAT_JSON || f == PARLEY_FORMAT_DECIDE) {
        /* bounds inferred from a table where every actor takes the same
         * position are one point; JSON and Decide need min < max */
        for (size_t i = 0; i < s->n_issues; ++i) {
            if (s->issues[i].lo < s->issues[i].hi)
                continue;
            parley_i_path_index(path, sizeof path, "$.issues", i);
            snprintf(path + strlen(path), sizeof path - strlen(path), ".scale");
            loss(w, path,
                 "cannot hold a zero-width scale: issue \"%s\" at %s is widened to [%s, %s + 1]",
                 s->issues[i].name, num(s->issues[i].lo, b1), num(s->issues[i].lo, b1),
                 num(s->issues[i].lo, b2));
        }
    }
    for (size_t i = 0; f == PARLEY_FORMAT_JSON && i < s->n_issues; ++i) {
        const parley_observed_outcome *o = &s->issues[i].outcome;
        if (o->has_value && (!o->as_of || !o->source)) {
            parley_i_path_index(path, sizeof path, "$.issues", i);
            snprintf(path + strlen(path), sizeof path - strlen(path), ".outcome");
            loss(w, path,
                 "needs an outcome's as_of date and source: the outcome of issue \"%s\" has %s; it "
                 "is dropped",
                 s->issues[i].name,
                 !o->as_of && !o->source ? "neither"
                 : !o->as_of             ? "no as_of"
                                         : "no source");
        }
    }
    if (f == PARLEY_FORMAT_JSON)
        return;
    if (s->as_of && f != PARLEY_FORMAT_TABLE)
        loss(w, "$.as_of", "cannot hold the scenario's as_of date; it is dropped");
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_observed_outcome *o = &s->issues[i].outcome;
        if (!o->has_value)
            continue;
        parley_i_path_index(path, sizeof path, "$.issues", i);
        snprintf(path + strlen(path), sizeof path - strlen(path), ".outcome");
        if (f != PARLEY_FORMAT_TABLE)
            loss(w, path, "cannot hold an observed outcome; that of issue \"%s\" is dropped",
                 s->issues[i].name);
    }
    if (f == PARLEY_FORMAT_TABLE && any_status_quo(s))
        for (size_t a = 0; a < s->n_actors; ++a)
            if (status_quo_row_name(s->actors[a].name))
                loss(w, parley_i_path_index(path, sizeof path, "$.actors", a),
                     "reads a row named Status quo, SQ or Reference point as the status quo: "
                     "actor \"%s\" is written as \"%s (actor)\"",
                     s->actors[a].name, s->actors[a].name);
    if (f == PARLEY_FORMAT_TABLE && parley_scenario_outcome_count(s))
        for (size_t a = 0; a < s->n_actors; ++a)
            if (s->actors[a].name && strcasecmp(s->actors[a].name, "Outcome") == 0)
                loss(w, parley_i_path_index(path, sizeof path, "$.actors", a),
                     "reads a row named Outcome as the observed outcomes: actor \"%s\" is written "
                     "as \"%s (actor)\"",
                     s->actors[a].name, s->actors[a].name);
    int ktab = f == PARLEY_FORMAT_KTAB_CSV || f == PARLEY_FORMAT_KTAB_XML;
    if (s->source && f != PARLEY_FORMAT_TABLE)
        loss(w, "$.source", "cannot hold the scenario's source; it is dropped");
    if (f == PARLEY_FORMAT_TABLE && !directives_needed(s))
        note(w, "$.name", "a table is named after its file: the name \"%s\" is not written",
             s->name ? s->name : "");
    if (has_notes(s) && f != PARLEY_FORMAT_TABLE)
        loss(w, "$", "cannot hold source notes of values; they are dropped");
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_issue *is = &s->issues[i];
        parley_i_path_index(path, sizeof path, "$.issues", i);
        size_t base = strlen(path);
        if (is->has_status_quo && f != PARLEY_FORMAT_TABLE) {
            snprintf(path + base, sizeof path - base, ".status_quo");
            loss(w, path, "cannot hold a status quo; it is dropped");
        }
        if (is->n_labels && f != PARLEY_FORMAT_DECIDE && f != PARLEY_FORMAT_TABLE) {
            snprintf(path + base, sizeof path - base, ".scale.labels");
            loss(w, path, "cannot hold scale labels; %zu label%s of issue \"%s\" dropped",
                 is->n_labels, is->n_labels == 1 ? "" : "s", is->name);
        }
        if (is->description && ktab) {
            snprintf(path + base, sizeof path - base, ".description");
            loss(w, path, "cannot hold issue descriptions; that of \"%s\" is dropped", is->name);
        }
        double lo = 0, hi = 0;
        position_range(s, i, &lo, &hi);
        snprintf(path + base, sizeof path - base, ".scale");
        if (ktab && !ktab_positions_fit(s, i))
            loss(w, path,
                 "holds positions on 0-100 only: those of issue \"%s\" on [%s, %s] are mapped "
                 "linearly onto "
                 "0-100",
                 is->name, num(is->bounds_given ? is->lo : lo, b1),
                 num(is->bounds_given ? is->hi : hi, b2));
        else if (ktab && !is->bounds_given)
            note(w, path,
                 "issue \"%s\" is written on KTAB's fixed scale 0-100 (its bounds were inferred)",
                 is->name);
    }
    if (ktab) {
        for (size_t a = 0; a < s->n_actors; ++a) {
            parley_i_path_index(path, sizeof path, "$.actors", a);
            size_t base = strlen(path);
            if (!actor_has_all_cells(s, a)) {
                snprintf(path + base, sizeof path - base, ".values");
                loss(w, path,
                     "needs every actor on every issue: actor \"%s\" gets salience 0 (position "
                     "mid-scale) "
                     "where it takes no part",
                     s->actors[a].name);
            }
            if (!parley_i_capability_shared(s, a)) {
                snprintf(path + base, sizeof path - base, ".capability");
                loss(w, path,
                     "holds one capability per actor: actor \"%s\" gets the mean of its per-issue "
                     "capabilities",
                     s->actors[a].name);
            }
            double sum = salience_sum(s, a);
            if (sum > 1 + 1e-12) {
                snprintf(path + base, sizeof path - base, ".values");
                loss(w, path,
                     "needs an actor's saliences to sum to at most 100: those of \"%s\" (sum %s) "
                     "are "
                     "scaled down to sum to 100",
                     s->actors[a].name, (snprintf(b1, sizeof b1, "%.6g", sum * 100), b1));
            }
        }
        if (max_capability(s) > 1e8)
            loss(w, "$.actors",
                 "holds capabilities up to 1e8 only: every capability is multiplied by 1e8 / %s "
                 "(ratios are kept)",
                 num(max_capability(s), b1));
        if (f == PARLEY_FORMAT_KTAB_XML && max_capability(s) > 1000)
            note(w, "$.actors",
                 "capabilities above 1000 are outside KTAB's XML schema (KTAB's reader accepts "
                 "them)");
        if (s->n_actors < 3)
            note(w, "$.actors", "KTAB itself needs at least 3 actors");
    }
    if (f == PARLEY_FORMAT_DECIDE && max_capability(s) > 100)
        loss(w, "$.actors",
             "holds powers in [0, 100] only: every capability is divided by the largest, %s "
             "(ratios are kept)",
             num(max_capability(s), b1));
}

/* ---- text output helpers ----------------------------------------------- */

static void put(parley_buf *b, const char *text) {
    parley_buf_append(b, text, strlen(text));
}

static void put_num(parley_buf *b, double x) {
    char buf[PARLEY_I_NUMBUF];
    put(b, parley_i_format_double(x, buf));
}

/* A CSV field (RFC 4180): quoted when it holds a comma, quote, line end or
 * surrounding space. */
static void put_csv(parley_buf *b, const char *text) {
    const char *t = text ? text : "";
    size_t n = strlen(t);
    int quote =
        n && (t[0] == ' ' || t[0] == '\t' || t[n - 1] == ' ' || t[n - 1] == '\t' || t[0] == '"');
    if (!quote && strpbrk(t, ",\"\r\n"))
        quote = 1;
    if (!quote) {
        put(b, t);
        return;
    }
    put(b, "\"");
    for (const char *p = t; *p; ++p) {
        if (*p == '"')
            put(b, "\"");
        parley_buf_append(b, p, 1);
    }
    put(b, "\"");
}

/* ---- stakeholder table --------------------------------------------------- */

static int has_cell_notes(const parley_scenario *s) {
    for (size_t k = 0; k < s->n_actors * s->n_issues; ++k) {
        const parley_cell *c = &s->cells[k];
        if (c->present && (c->position_note || c->salience_note || c->capability_note))
            return 1;
    }
    return 0;
}

/* Keyed texts "KEY: VALUE; KEY: VALUE" (table_meta.h): each value escaped
 * once it is known whether another follows. */
typedef struct keyed_text {
    parley_buf b;
    const char *pending;
    char delim;
    int (*key_of)(void *ctx, const char *key, size_t len);
    void *ctx;
    parley_status st;
} keyed_text;

static void keyed_init(keyed_text *k, char delim, int (*key_of)(void *, const char *, size_t),
                       void *ctx) {
    memset(k, 0, sizeof *k);
    parley_buf_init(&k->b);
    k->delim = delim;
    k->key_of = key_of;
    k->ctx = ctx;
}

/* Adds "KEY<delim>VALUE" ("KEY: VALUE" for ':'); value NULL adds nothing. */
static void keyed_add(keyed_text *k, const char *key, const char *value) {
    if (!value || k->st != PARLEY_OK)
        return;
    if (k->pending) {
        k->st = parley_i_buf_keyed(&k->b, k->pending, 1, k->delim, k->key_of, k->ctx);
        if (k->st == PARLEY_OK)
            k->st = parley_buf_append(&k->b, "; ", 2);
    }
    if (k->st == PARLEY_OK)
        k->st = parley_buf_printf(&k->b, "%s%c%s", key, k->delim, k->delim == ':' ? " " : "");
    k->pending = value;
}

/* The finished text (NUL-terminated, "" when empty), or NULL when out of memory. */
static const char *keyed_finish(keyed_text *k) {
    if (k->pending && k->st == PARLEY_OK)
        k->st = parley_i_buf_keyed(&k->b, k->pending, 0, k->delim, k->key_of, k->ctx);
    k->pending = NULL;
    if (k->st == PARLEY_OK && !k->b.data)
        k->st = parley_buf_append(&k->b, "", 0);
    return k->st == PARLEY_OK && k->b.data ? k->b.data : (k->st == PARLEY_OK ? "" : NULL);
}

/* Writes the Notes cell of actor a. */
static void put_actor_notes(writer *w, parley_buf *b, size_t a, int named, int shared,
                            parley_i_actor_keys *keys) {
    const parley_scenario *s = w->s;
    keyed_text k;
    keyed_init(&k, ':', parley_i_actor_note_key, keys);
    char key[PARLEY_ERROR_PATH_MAX];
    int cap_done = 0;
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (!c->present)
            continue;
        const char *in = named ? s->issues[i].name : NULL;
        snprintf(key, sizeof key, "Position%s%s", in ? " " : "", in ? in : "");
        keyed_add(&k, key, c->position_note);
        snprintf(key, sizeof key, "Salience%s%s", in ? " " : "", in ? in : "");
        keyed_add(&k, key, c->salience_note);
        if (!shared || !cap_done) {
            const char *ci = shared ? NULL : in;
            snprintf(key, sizeof key, "Capability%s%s", ci ? " " : "", ci ? ci : "");
            keyed_add(&k, key, c->capability_note);
        }
        cap_done = 1; /* keyed_add writes the key into the text at once */
    }
    const char *text = keyed_finish(&k);
    if (!text)
        w->nomem = 1;
    else
        put_csv(b, text);
    parley_buf_destroy(&k.b);
}

/* A "#" line's value: line ends and backslashes escaped (\n, \r, \\). */
static void put_directive_value(parley_buf *b, const char *text) {
    for (const char *p = text; *p; ++p) {
        if (*p == '\n')
            put(b, "\\n");
        else if (*p == '\r')
            put(b, "\\r");
        else if (*p == '\\')
            put(b, "\\\\");
        else
            parley_buf_append(b, p, 1);
    }
}

static void put_directive(parley_buf *b, const char *key, const char *value) {
    if (!value)
        return;
    put(b, "# ");
    put(b, key);
    put(b, ": ");
    put_directive_value(b, value);
    put(b, "\n");
}

/* The "#" lines of a table (docs/formats.md): the scenario's name,
 * description, source, date, the salience scale when saliences on 0-100
 * are all at most 1 (state_scale), and a "# issue:" line per issue that
 * holds what the columns cannot. */
static void write_directives(writer *w, parley_buf *b, int state_scale) {
    const parley_scenario *s = w->s;
    put_directive(b, "scenario", s->name ? s->name : "");
    put_directive(b, "description", s->description);
    put_directive(b, "source", s->source);
    put_directive(b, "as_of", s->as_of);
    if (state_scale)
        put_directive(b, "salience_scale", "100");
    for (size_t i = 0; i < s->n_issues; ++i) {
        if (!issue_line_needed(s, i))
            continue;
        const parley_issue *is = &s->issues[i];
        const parley_observed_outcome *o = &is->outcome;
        char lo[PARLEY_I_NUMBUF], hi[PARLEY_I_NUMBUF], ov[PARLEY_I_NUMBUF];
        keyed_text labels, notes, line;
        keyed_init(&labels, '=', parley_i_label_key, NULL);
        keyed_init(&notes, ':', parley_i_issue_note_key, NULL);
        keyed_init(&line, '=', parley_i_issue_line_key, NULL);
        char points[PARLEY_I_NUMBUF];
        for (size_t l = 0; l < is->n_labels; ++l) {
            /* the key is formatted into the text at once */
            keyed_add(&labels, parley_i_format_double(is->labels[l].point, points),
                      is->labels[l].label ? is->labels[l].label : "");
        }
        const char *labels_text = is->n_labels ? keyed_finish(&labels) : NULL;
        if (is->has_status_quo)
            keyed_add(&notes, "Status quo", is->status_quo_note);
        if (o->has_value)
            keyed_add(&notes, "Outcome", o->note);
        const char *notes_text = keyed_finish(&notes);
        keyed_add(&line, "issue", is->name);
        keyed_add(&line, "description", is->description);
        if (is->bounds_given) {
            keyed_add(&line, "min", parley_i_format_double(is->lo, lo));
            keyed_add(&line, "max", parley_i_format_double(is->hi, hi));
        }
        if (o->has_value) {
            keyed_add(&line, "outcome", parley_i_format_double(o->value, ov));
            keyed_add(&line, "outcome_as_of", o->as_of);
            keyed_add(&line, "outcome_source", o->source);
            keyed_add(&line, "outcome_confidence", o->confidence);
        }
        keyed_add(&line, "labels", labels_text);
        keyed_add(&line, "notes", notes_text && notes_text[0] ? notes_text : NULL);
        const char *text = keyed_finish(&line);
        if (!text || !notes_text || (is->n_labels && !labels_text)) {
            w->nomem = 1;
        } else {
            /* text is "issue=NAME; ...": written "# issue: NAME; ..." */
            put(b, "# issue: ");
            put_directive_value(b, text + strlen("issue="));
            put(b, "\n");
        }
        parley_buf_destroy(&labels.b);
        parley_buf_destroy(&notes.b);
        parley_buf_destroy(&line.b);
    }
}

static void write_table(writer *w, parley_buf *b) {
    const parley_scenario *s = w->s;
    /* 0-100 saliences that are all <= 1 would be read back as 0-1: write
     * them on 0-1 (same stored values). */
    int scale = s->salience_scale == PARLEY_SALIENCE_PERCENT ? 100 : 1;
    if (scale == 100 && !directives_needed(s)) {
        int above = 0;
        for (size_t k = 0; k < s->n_actors * s->n_issues; ++k)
            if (s->cells[k].present && parley_i_salience_on_scale(s->cells[k].salience, 100) > 1)
                above = 1;
        if (!above) {
            scale = 1;
            note(w, "$.salience_scale",
                 "saliences written on 0-1: on 0-100 they are all at most 1, which a table "
                 "would read as 0-1");
        }
    }
    int directives = directives_needed(s);
    if (directives && scale == 100 && percent_all_small(s))
        scale = 0; /* stated below: # salience_scale: 100 */
    if (directives)
        write_directives(w, b, scale == 0);
    if (scale == 0)
        scale = 100;
    /* the one-issue form names its issue after the file, like the scenario */
    int named = s->n_issues > 1 || !s->name || strcmp(s->issues[0].name, s->name) != 0;
    int shared = 1, described = 0;
    for (size_t a = 0; a < s->n_actors; ++a) {
        if (!parley_i_capability_shared(s, a))
            shared = 0;
        if (s->actors[a].description)
            described = 1;
    }
    put(b, "Actor");
    if (described)
        put(b, ",Description");
    if (shared)
        put(b, ",Capability");
    char head[64];
    for (size_t i = 0; i < s->n_issues; ++i) {
        for (int k = 0; k < 3; ++k) {
            const char *role = k == 0 ? "Position" : k == 1 ? "Salience" : "Capability";
            if (k == 2 && shared)
                break;
            put(b, ",");
            if (!named) {
                put(b, role);
                continue;
            }
            /* "Position: :x" for an issue named ":x": the reader takes one
             * ':' after the role word as the separator */
            snprintf(head, sizeof head, "%s%s ", role, s->issues[i].name[0] == ':' ? ":" : "");
            size_t len = strlen(head) + strlen(s->issues[i].name) + 1;
            char *full = malloc(len);
            if (!full) {
                w->nomem = 1;
                return;
            }
            snprintf(full, len, "%s%s", head, s->issues[i].name);
            put_csv(b, full);
            free(full);
        }
    }
    int cell_notes = has_cell_notes(s);
    if (cell_notes)
        put(b, ",Notes");
    put(b, "\n");
    const char **names = malloc((s->n_issues + 1) * sizeof *names);
    if (!names) {
        w->nomem = 1;
        return;
    }
    for (size_t i = 0; i < s->n_issues; ++i)
        names[i] = s->issues[i].name;
    parley_i_actor_keys keys = {named, shared || !named, names, s->n_issues};
    int has_sq = any_status_quo(s);
    size_t n_outcomes = 0; /* those a table can hold (outcome_fits_table) */
    for (size_t i = 0; i < s->n_issues; ++i)
        n_outcomes += s->issues[i].outcome.has_value && outcome_fits_table(s, i);
    for (size_t a = 0; a < s->n_actors; ++a) {
        if ((n_outcomes && strcasecmp(s->actors[a].name, "Outcome") == 0) ||
            (has_sq && status_quo_row_name(s->actors[a].name))) {
            char renamed[64];
            snprintf(renamed, sizeof renamed, "%s (actor)", s->actors[a].name);
            put_csv(b, renamed);
        } else {
            put_csv(b, s->actors[a].name);
        }
        if (described) {
            put(b, ",");
            put_csv(b, s->actors[a].description);
        }
        if (shared) {
            put(b, ",");
            for (size_t i = 0; i < s->n_issues; ++i) {
                const parley_cell *c = parley_scenario_cell_const(s, a, i);
                if (c->present) {
                    put_num(b, c->capability);
                    break;
                }
            }
        }
        for (size_t i = 0; i < s->n_issues; ++i) {
            const parley_cell *c = parley_scenario_cell_const(s, a, i);
            put(b, ",");
            if (c->present)
                put_num(b, c->position);
            put(b, ",");
            if (c->present)
                put_num(b, parley_i_salience_on_scale(c->salience, scale));
            if (!shared) {
                put(b, ",");
                if (c->present)
                    put_num(b, c->capability);
            }
        }
        if (cell_notes) {
            put(b, ",");
            put_actor_notes(w, b, a, named, shared, &keys);
        }
        put(b, "\n");
    }
    free(names);
    if (has_sq) {
        /* the Status quo row: each issue's status quo in its Position column */
        put(b, "Status quo");
        if (described)
            put(b, ",");
        if (shared)
            put(b, ",");
        for (size_t i = 0; i < s->n_issues; ++i) {
            put(b, ",");
            if (s->issues[i].has_status_quo)
                put_num(b, s->issues[i].status_quo);
            put(b, shared ? "," : ",,");
        }
        if (cell_notes)
            put(b, ",");
        put(b, "\n");
    }
    if (n_outcomes) {
        /* the Outcome row: each issue's observed outcome in its Position column */
        put(b, "Outcome");
        if (described)
            put(b, ",");
        if (shared)
            put(b, ",");
        for (size_t i = 0; i < s->n_issues; ++i) {
            put(b, ",");
            if (s->issues[i].outcome.has_value && outcome_fits_table(s, i))
                put_num(b, s->issues[i].outcome.value);
            put(b, shared ? "," : ",,");
        }
        if (cell_notes)
            put(b, ",");
        put(b, "\n");
    }
}

/* ---- Decide ------------------------------------------------------------- */

/* A single-quoted Decide text field ('' for a quote inside). */
static void put_dq(parley_buf *b, const char *text) {
    put(b, "'");
    for (const char *p = text ? text : ""; *p; ++p) {
        if (*p == '\'')
            put(b, "'");
        parley_buf_append(b, p, 1);
    }
    put(b, "'");
}

static void write_decide(writer *w, parley_buf *b) {
    const parley_scenario *s = w->s;
    double top = max_capability(s);
    double cap_scale = top > 100 && w->lossy ? top : 1.0;
    put(b, "'#O'\t");
    put_dq(b, s->name);
    put(b, "\n");
    if (s->description) {
        /* one #/ row per line of the description */
        const char *p = s->description;
        for (;;) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            char *line = malloc(len + 1);
            if (!line) {
                w->nomem = 1;
                return;
            }
            memcpy(line, p, len);
            line[len] = '\0';
            put(b, "'#/'\t");
            put_dq(b, line);
            put(b, "\n");
            free(line);
            if (!e)
                break;
            p = e + 1;
        }
    }
    for (size_t a = 0; a < s->n_actors; ++a) {
        put(b, "'#A'\t");
        put_dq(b, s->actors[a].name);
        put(b, "\t");
        put_dq(b, s->actors[a].description ? s->actors[a].description : s->actors[a].name);
        put(b, "\n");
    }
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_issue *is = &s->issues[i];
        put(b, "'#P'\t");
        put_dq(b, is->name);
        put(b, "\t");
        put_dq(b, is->description ? is->description : "");
        put(b, "\n");
        double lo = is->lo, hi = is->hi;
        if (!(lo < hi))
            widen(&lo, &hi);
        int default_scale = lo == 0 && hi == 100 && is->n_labels == 0;
        if (default_scale)
            continue;
        /* the bounds as unlabelled points unless a label sits there */
        int lo_labelled = 0, hi_labelled = 0;
        for (size_t k = 0; k < is->n_labels; ++k) {
            if (is->labels[k].point == lo && is->labels[k].label[0])
                lo_labelled = 1;
            if (is->labels[k].point == hi && is->labels[k].label[0])
                hi_labelled = 1;
        }
        if (!lo_labelled) {
            put(b, "'#M'\t");
            put_dq(b, is->name);
            put(b, "\t");
            put_num(b, lo);
            put(b, "\n");
        }
        for (size_t k = 0; k < is->n_labels; ++k) {
            put(b, "'#M'\t");
            put_dq(b, is->name);
            put(b, "\t");
            put_num(b, is->labels[k].point);
            put(b, "\t");
            put_dq(b, is->labels[k].label);
            put(b, "\n");
        }
        if (!hi_labelled) {
            put(b, "'#M'\t");
            put_dq(b, is->name);
            put(b, "\t");
            put_num(b, hi);
            put(b, "\n");
        }
    }
    for (size_t a = 0; a < s->n_actors; ++a) {
        for (size_t i = 0; i < s->n_issues; ++i) {
            const parley_cell *c = parley_scenario_cell_const(s, a, i);
            if (!c->present)
                continue;
            put(b, "'#D'\t");
            put_dq(b, s->actors[a].name);
            put(b, "\t");
            put_dq(b, s->issues[i].name);
            put(b, "\t");
            put_num(b, c->position);
            put(b, "\t");
            put_num(b, c->salience);
            put(b, "\t");
            put_num(b, c->capability / cap_scale);
            put(b, "\n");
        }
    }
}

/* ---- KTAB (CSV and XML share the values) ------------------------------------ */

/* The KTAB values of actor a: capability, and per issue position and
 * salience on 0-100, after the lossy fallbacks. */
static void ktab_values(const parley_scenario *s, size_t a, double *cap, double *pos, double *sal) {
    double sum = 0, cap_sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (!c->present)
            continue;
        sum += c->salience;
        cap_sum += c->capability;
        n++;
    }
    int shared = parley_i_capability_shared(s, a);
    *cap = 0;
    for (size_t i = 0; i < s->n_issues && shared; ++i) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (c->present) {
            *cap = c->capability;
            break;
        }
    }
    if (!shared && n)
        *cap = cap_sum / (double)n;
    double top = max_capability(s);
    if (top > 1e8)
        *cap = *cap / top * 1e8;
    if (*cap > 1e8)
        *cap = 1e8;
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (!c->present) {
            pos[i] = 50;
            sal[i] = 0;
            continue;
        }
        if (ktab_positions_fit(s, i)) {
            pos[i] = c->position;
        } else {
            const parley_issue *is = &s->issues[i];
            double lo = is->lo, hi = is->hi;
            if (!is->bounds_given)
                position_range(s, i, &lo, &hi);
            pos[i] = hi > lo ? 100.0 * (c->position - lo) / (hi - lo) : 50.0;
            /* rounding must not take a position off the scale */
            if (pos[i] < 0)
                pos[i] = 0;
            if (pos[i] > 100)
                pos[i] = 100;
        }
        sal[i] = sum > 1 + 1e-12 ? parley_i_salience_on_scale(c->salience / sum, 100)
                                 : parley_i_salience_on_scale(c->salience, 100);
    }
    /* Rescaled saliences must still sum to at most 100 when added up in
     * order, as a reader does: take rounding excess off the largest. */
    if (sum > 1 + 1e-12) {
        for (int guard = 0; guard < 10000; ++guard) {
            double total = 0;
            size_t largest = 0;
            for (size_t i = 0; i < s->n_issues; ++i) {
                total += sal[i];
                if (sal[i] > sal[largest])
                    largest = i;
            }
            if (total <= 100)
                break;
            sal[largest] = nextafter(sal[largest], 0.0);
        }
    }
}

/* A KTAB CSV text field: commas written as "$$" (KTAB's escape), line ends
 * as spaces. */
static void put_ktab_text(parley_buf *b, const char *text) {
    if (text && text[0] == '"') {
        /* a field that starts with a quote is a quoted field: quote it
         * all, doubling its quotes */
        put(b, "\"");
        for (const char *p = text; *p; ++p) {
            if (*p == '"')
                put(b, "\"");
            if (*p == '\n' || *p == '\r')
                put(b, " ");
            else
                parley_buf_append(b, p, 1);
        }
        put(b, "\"");
        return;
    }
    for (const char *p = text ? text : ""; *p; ++p) {
        if (*p == ',')
            put(b, "$$");
        else if (*p == '\n' || *p == '\r')
            put(b, " ");
        else
            parley_buf_append(b, p, 1);
    }
}

static void write_ktab_csv(writer *w, parley_buf *b, double *pos, double *sal) {
    const parley_scenario *s = w->s;
    char line[64];
    put_ktab_text(b, s->name);
    put(b, ",");
    put_ktab_text(b, s->description);
    snprintf(line, sizeof line, ",%zu,%zu,\n", s->n_actors, s->n_issues);
    put(b, line);
    put(b, "Actor,Description,Capability");
    for (size_t i = 0; i < s->n_issues; ++i) {
        put(b, ",");
        put_ktab_text(b, s->issues[i].name);
        put(b, ",");
        size_t len = strlen(s->issues[i].name) + sizeof " Salience";
        char *label = malloc(len);
        if (!label) {
            w->nomem = 1;
            return;
        }
        snprintf(label, len, "%s Salience", s->issues[i].name);
        put_ktab_text(b, label);
        free(label);
    }
    put(b, ",\n");
    for (size_t a = 0; a < s->n_actors; ++a) {
        double cap;
        ktab_values(s, a, &cap, pos, sal);
        put_ktab_text(b, s->actors[a].name);
        put(b, ",");
        put_ktab_text(b, s->actors[a].description);
        put(b, ",");
        put_num(b, cap);
        for (size_t i = 0; i < s->n_issues; ++i) {
            put(b, ",");
            put_num(b, pos[i]);
            put(b, ",");
            put_num(b, sal[i]);
        }
        put(b, ",\n");
    }
}

static void put_xml_text(parley_buf *b, const char *text) {
    for (const char *p = text ? text : ""; *p; ++p) {
        switch (*p) {
        case '<':
            put(b, "&lt;");
            break;
        case '>':
            put(b, "&gt;");
            break;
        case '&':
            put(b, "&amp;");
            break;
        case '"':
            put(b, "&quot;");
            break;
        default:
            if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
                put(b, " ");
            else
                parley_buf_append(b, p, 1);
        }
    }
}

static void xml_element(parley_buf *b, int indent, const char *name, const char *text) {
    for (int k = 0; k < indent; ++k)
        put(b, "  ");
    put(b, "<");
    put(b, name);
    put(b, ">");
    put_xml_text(b, text);
    put(b, "</");
    put(b, name);
    put(b, ">\n");
}

static void xml_number(parley_buf *b, int indent, const char *name, double x) {
    char buf[PARLEY_I_NUMBUF];
    xml_element(b, indent, name, parley_i_format_double(x, buf));
}

static void write_ktab_xml(writer *w, parley_buf *b, double *pos, double *sal) {
    const parley_scenario *s = w->s;
    put(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    put(b, "<Scenario xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:noNamespaceSchemaLocation=\"smpSchema.xsd\">\n");
    xml_element(b, 1, "name", s->name);
    xml_element(b, 1, "desc", s->description ? s->description : "");
    xml_element(b, 1, "prngSeed", "0");
    put(b, "  <Dimensions>\n");
    for (size_t i = 0; i < s->n_issues; ++i)
        xml_element(b, 2, "dName", s->issues[i].name);
    put(b, "  </Dimensions>\n  <Actors>\n");
    for (size_t a = 0; a < s->n_actors; ++a) {
        double cap;
        ktab_values(s, a, &cap, pos, sal);
        put(b, "    <Actor>\n");
        xml_element(b, 3, "name", s->actors[a].name);
        xml_element(b, 3, "description", s->actors[a].description ? s->actors[a].description : "");
        xml_number(b, 3, "capability", cap);
        put(b, "      <Position>\n");
        for (size_t i = 0; i < s->n_issues; ++i)
            xml_number(b, 4, "dCoord", pos[i]);
        put(b, "      </Position>\n      <Salience>\n");
        for (size_t i = 0; i < s->n_issues; ++i)
            xml_number(b, 4, "dSal", sal[i]);
        put(b, "      </Salience>\n    </Actor>\n");
    }
    /* the identity matrix, stated (KTAB's reader requires the element) */
    put(b, "  </Actors>\n  <IdealAdjustment>\n");
    for (size_t a = 0; a < s->n_actors; ++a) {
        put(b, "    <iaPair>\n");
        xml_element(b, 3, "adjustingIdeal", s->actors[a].name);
        xml_element(b, 3, "referencePos", s->actors[a].name);
        xml_element(b, 3, "adjust", "1");
        put(b, "    </iaPair>\n");
    }
    put(b, "  </IdealAdjustment>\n</Scenario>\n");
}

parley_status parley_scenario_write(const parley_scenario *s, parley_format fmt,
                                    const parley_write_options *opts, parley_buf *b,
                                    parley_diags *diags) {
    if (!s || !b || !s->n_actors || !s->n_issues)
        return PARLEY_EINVAL;
    if (fmt == PARLEY_FORMAT_XLSX || fmt == PARLEY_FORMAT_ODS)
        return PARLEY_EINVAL; /* read only */
    writer w = {s, fmt, opts ? opts->lossy : 0, diags, 0, 0};
    if (fmt == PARLEY_FORMAT_JSON) {
        check_losses(&w);
        if (w.nomem)
            return PARLEY_ENOMEM;
        if (!w.losses)
            return parley_scenario_write_json(s, b);
        if (!w.lossy)
            return PARLEY_EDATA;
        parley_scenario wide;
        parley_status st = parley_scenario_copy(&wide, s);
        if (st != PARLEY_OK)
            return st;
        for (size_t i = 0; i < wide.n_issues; ++i) {
            if (!(wide.issues[i].lo < wide.issues[i].hi))
                widen(&wide.issues[i].lo, &wide.issues[i].hi);
            const parley_observed_outcome *o = &wide.issues[i].outcome;
            if (o->has_value && (!o->as_of || !o->source)) {
                parley_observed_outcome none = {0, 0.0, NULL, NULL, NULL, NULL};
                parley_issue_set_outcome(&wide, i, &none);
            }
        }
        st = parley_scenario_write_json(&wide, b);
        parley_scenario_destroy(&wide);
        return st;
    }
    if (fmt != PARLEY_FORMAT_TABLE && fmt != PARLEY_FORMAT_DECIDE &&
        fmt != PARLEY_FORMAT_KTAB_CSV && fmt != PARLEY_FORMAT_KTAB_XML)
        return PARLEY_EINVAL;
    check_losses(&w);
    check_texts(&w);
    if (w.nomem)
        return PARLEY_ENOMEM;
    if (w.losses && !w.lossy)
        return PARLEY_EDATA;
    double *pos = NULL, *sal = NULL;
    if (fmt == PARLEY_FORMAT_KTAB_CSV || fmt == PARLEY_FORMAT_KTAB_XML) {
        pos = malloc(s->n_issues * sizeof *pos);
        sal = malloc(s->n_issues * sizeof *sal);
        if (!pos || !sal) {
            free(pos);
            free(sal);
            return PARLEY_ENOMEM;
        }
    }
    switch (fmt) {
    case PARLEY_FORMAT_TABLE:
        write_table(&w, b);
        break;
    case PARLEY_FORMAT_DECIDE:
        write_decide(&w, b);
        break;
    case PARLEY_FORMAT_KTAB_CSV:
        write_ktab_csv(&w, b, pos, sal);
        break;
    default:
        write_ktab_xml(&w, b, pos, sal);
        break;
    }
    free(pos);
    free(sal);
    return w.nomem || b->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
