/* parley: scenario validation (the checks listed in scenario.h and
 * docs/scenario-format.md).
 * SPDX-License-Identifier: MIT
 */
#include <parley/scenario.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/internal.h"
#include "scenario/internal.h"

#define PATH_MAX_ 256
#define PATH_LONG (PATH_MAX_ + 64)

double parley_i_salience_on_scale(double s, int scale) {
    if (scale != PARLEY_SALIENCE_PERCENT || !isfinite(s))
        return s;
    double guess = s * 100.0;
    double best = guess;
    size_t best_len = (size_t)-1;
    double cand = guess;
    for (int k = 0; k < 4; ++k)
        cand = nextafter(cand, -INFINITY);
    for (int k = 0; k < 9; ++k, cand = nextafter(cand, INFINITY)) {
        if (cand / 100.0 != s)
            continue;
        char buf[PARLEY_I_NUMBUF];
        size_t len = strlen(parley_i_format_double(cand, buf));
        if (len < best_len || (len == best_len && fabs(cand - guess) < fabs(best - guess))) {
            best = cand;
            best_len = len;
        }
    }
    return best;
}

/* State shared by the checks. */
typedef struct check {
    const parley_scenario *s;
    const char *file;
    parley_diags *diags;
    int nomem;
} check;

static void report(check *c, parley_severity sev, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void report(check *c, parley_severity sev, const char *path, const char *fmt, ...) {
    char msg[PARLEY_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    parley_i_vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (parley_diags_add(c->diags, sev, PARLEY_EDATA, c->file, 0, 0, path, "%s", msg) != PARLEY_OK)
        c->nomem = 1;
}

static const char *num(double x, char *buf) {
    return parley_i_format_double(x, buf);
}

typedef struct {
    const char *name;
    size_t index;
} named;

/* Case-insensitive (ASCII) order, then scenario order, so that each group of
 * names equal up to case starts with its first occurrence. */
static int cmp_named(const void *a, const void *b) {
    const named *x = a, *y = b;
    int c = strcasecmp(x->name, y->name);
    if (c)
        return c;
    return (x->index > y->index) - (x->index < y->index);
}

/* Position of the first control character (C0 or DEL) in text, except tab
 * and newline when allow_layout; -1 if none.  Such bytes would reach the
 * analyst's terminal as escape sequences. */
static long control_at(const char *text, int allow_layout) {
    for (const unsigned char *p = (const unsigned char *)text; *p; ++p)
        if ((*p < 0x20 || *p == 0x7f) &&
            !(allow_layout && (*p == '\t' || *p == '\n' || *p == '\r')))
            return (long)(p - (const unsigned char *)text);
    return -1;
}

static void check_text(check *c, const char *path, const char *what, const char *text,
                       int allow_layout) {
    if (!text)
        return;
    long at = control_at(text, allow_layout);
    if (at >= 0) {
        report(c, PARLEY_SEV_ERROR, path,
               "%s contains the control character 0x%02x at byte %ld (expected printable text)",
               what, (unsigned)(unsigned char)text[at], at + 1);
        return;
    }
    /* every output format (JSON above all) holds UTF-8 text only */
    at = parley_i_utf8_invalid_at(text);
    if (at >= 0)
        report(c, PARLEY_SEV_ERROR, path,
               "%s is not valid UTF-8 (byte 0x%02X at byte %ld; expected UTF-8 text)", what,
               (unsigned)(unsigned char)text[at], at + 1);
}

/* Names must be non-empty, not blank, free of control characters, and
 * unique even when compared without regard to case (formats.md §0).
 * O(n log n), so that 100,000 actors validate quickly. */
static void check_names(check *c, const char *what, const char *base, size_t n,
                        const char *(*name_of)(const parley_scenario *, size_t)) {
    char path[PATH_LONG], item[PATH_MAX_];
    named *list = malloc((n ? n : 1) * sizeof *list);
    if (!list) {
        c->nomem = 1;
        return;
    }
    size_t m = 0;
    for (size_t k = 0; k < n; ++k) {
        const char *name = name_of(c->s, k);
        parley_i_path_index(item, sizeof item, base, k);
        snprintf(path, sizeof path, "%s.name", item);
        if (!name || !name[0]) {
            report(c, PARLEY_SEV_ERROR, path, "empty %s name (expected a non-empty string)", what);
            continue;
        }
        if (name[strspn(name, " \t")] == '\0') {
            report(c, PARLEY_SEV_ERROR, path,
                   "blank %s name (expected a name that is not only spaces)", what);
            continue;
        }
        if (control_at(name, 0) >= 0 || parley_i_utf8_invalid_at(name) >= 0) {
            check_text(c, path, "the name", name, 0);
            continue;
        }
        list[m].name = name;
        list[m++].index = k;
    }
    qsort(list, m, sizeof *list, cmp_named);
    for (size_t g = 0; g < m;) {
        size_t e = g + 1;
        while (e < m && strcasecmp(list[e].name, list[g].name) == 0)
            ++e;
        for (size_t k = g + 1; k < e; ++k) {
            parley_i_path_index(item, sizeof item, base, list[k].index);
            snprintf(path, sizeof path, "%s.name", item);
            if (strcmp(list[k].name, list[g].name) == 0)
                report(c, PARLEY_SEV_ERROR, path,
                       "duplicate %s name \"%s\" (already used by %s[%zu])", what, list[k].name,
                       base, list[g].index);
            else
                report(c, PARLEY_SEV_ERROR, path,
                       "%s name \"%s\" differs from \"%s\" (%s[%zu]) only in case (expected names "
                       "that differ by more than case)",
                       what, list[k].name, list[g].name, base, list[g].index);
        }
        g = e;
    }
    free(list);
}

static const char *actor_name(const parley_scenario *s, size_t a) {
    return s->actors[a].name;
}
static const char *issue_name(const parley_scenario *s, size_t i) {
    return s->issues[i].name;
}

/* Returns 1 if the issue's bounds are usable for range checks. */
static int check_issue(check *c, size_t i) {
    const parley_issue *issue = &c->s->issues[i];
    char base[PATH_MAX_], path[PATH_LONG], b1[PARLEY_I_NUMBUF], b2[PARLEY_I_NUMBUF];
    parley_i_path_index(base, sizeof base, "$.issues", i);
    int ok = 1;
    if (!isfinite(issue->lo)) {
        snprintf(path, sizeof path, "%s.scale.min", base);
        report(c, PARLEY_SEV_ERROR, path, "scale min is %s (expected a finite number)",
               num(issue->lo, b1));
        ok = 0;
    }
    if (!isfinite(issue->hi)) {
        snprintf(path, sizeof path, "%s.scale.max", base);
        report(c, PARLEY_SEV_ERROR, path, "scale max is %s (expected a finite number)",
               num(issue->hi, b1));
        ok = 0;
    }
    if (!ok)
        return 0;
    /* Bounds inferred from the data may be a single point (every actor agrees). */
    if (issue->lo > issue->hi || (issue->bounds_given && issue->lo == issue->hi)) {
        snprintf(path, sizeof path, "%s.scale", base);
        report(c, PARLEY_SEV_ERROR, path, "scale min %s is not below max %s (expected min < max)",
               num(issue->lo, b1), num(issue->hi, b2));
        return 0;
    }
    /* every model and chart divides by the width (the spatial model's 0-100
     * rescaling, an ensemble's bins): it must be a finite double too */
    if (!isfinite(issue->hi - issue->lo)) {
        snprintf(path, sizeof path, "%s.scale", base);
        report(c, PARLEY_SEV_ERROR, path,
               "scale from %s to %s is too wide: max - min overflows double precision; "
               "rescale the positions",
               num(issue->lo, b1), num(issue->hi, b2));
        return 0;
    }
    for (size_t k = 0; k < issue->n_labels; ++k) {
        double at = issue->labels[k].point;
        snprintf(path, sizeof path, "%s.scale.labels[%zu].at", base, k);
        if (!(at >= issue->lo && at <= issue->hi)) {
            char b3[PARLEY_I_NUMBUF];
            report(c, PARLEY_SEV_ERROR, path, "label point %s is outside the issue scale [%s, %s]",
                   num(at, b1), num(issue->lo, b2), num(issue->hi, b3));
        }
        /* one label per point: two would leave the reader to guess which
         * one a chart or the what-if panel shows (few labels: O(n^2)) */
        for (size_t j = 0; j < k; ++j)
            if (issue->labels[j].point == at) {
                report(c, PARLEY_SEV_ERROR, path,
                       "label point %s is labelled twice (also labels[%zu]; expected one label "
                       "per point)",
                       num(at, b1), j);
                break;
            }
    }
    if (issue->has_status_quo) {
        snprintf(path, sizeof path, "%s.status_quo", base);
        double q = issue->status_quo;
        if (!(q >= issue->lo && q <= issue->hi)) {
            char b3[PARLEY_I_NUMBUF];
            report(c, PARLEY_SEV_ERROR, path, "status quo %s is outside the issue scale [%s, %s]",
                   num(q, b1), num(issue->lo, b2), num(issue->hi, b3));
        }
    }
    const parley_observed_outcome *o = &issue->outcome;
    if (o->has_value) {
        snprintf(path, sizeof path, "%s.outcome.value", base);
        if (!(o->value >= issue->lo && o->value <= issue->hi)) {
            char b3[PARLEY_I_NUMBUF];
            report(c, PARLEY_SEV_ERROR, path, "outcome %s is outside the issue scale [%s, %s]",
                   num(o->value, b1), num(issue->lo, b2), num(issue->hi, b3));
        }
        snprintf(path, sizeof path, "%s.outcome.as_of", base);
        if (o->as_of && !parley_date_valid(o->as_of))
            report(c, PARLEY_SEV_ERROR, path, "\"%.40s\" is not a date (expected YYYY-MM-DD)",
                   o->as_of);
        else if (o->as_of && c->s->as_of && parley_date_valid(c->s->as_of) &&
                 strcmp(o->as_of, c->s->as_of) < 0)
            /* YYYY-MM-DD dates compare as strings */
            report(c, PARLEY_SEV_WARNING, path,
                   "outcome observed on %s, before the scenario's as_of %s: it was known when the "
                   "scenario "
                   "was coded, so a forecast of it is no test",
                   o->as_of, c->s->as_of);
        snprintf(path, sizeof path, "%s.outcome.source", base);
        if (o->source && o->source[strspn(o->source, " \t\r\n")] == '\0')
            report(c, PARLEY_SEV_ERROR, path,
                   "empty source (expected where the outcome comes from: an "
                   "agreement's article, a paper's table, a dated record)");
        snprintf(path, sizeof path, "%s.outcome.confidence", base);
        if (o->confidence && strcmp(o->confidence, "high") != 0 &&
            strcmp(o->confidence, "medium") != 0 && strcmp(o->confidence, "low") != 0)
            report(c, PARLEY_SEV_ERROR, path, "confidence \"%.40s\" is not high, medium or low",
                   o->confidence);
    }
    return 1;
}

int parley_i_capability_shared(const parley_scenario *s, size_t a) {
    const parley_cell *first = NULL;
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_cell *cell = parley_scenario_cell_const(s, a, i);
        if (!cell->present)
            continue;
        if (!first) {
            first = cell;
            continue;
        }
        int same_value = cell->capability == first->capability ||
                         (isnan(cell->capability) && isnan(first->capability));
        int same_note = (!cell->capability_note && !first->capability_note) ||
                        (cell->capability_note && first->capability_note &&
                         strcmp(cell->capability_note, first->capability_note) == 0);
        if (!same_value || !same_note)
            return 0;
    }
    return first != NULL;
}

static void check_capability(check *c, const char *path, double cap) {
    char b1[PARLEY_I_NUMBUF];
    if (!isfinite(cap))
        report(c, PARLEY_SEV_ERROR, path, "capability is %s (expected a finite number >= 0)",
               num(cap, b1));
    else if (cap < 0)
        report(c, PARLEY_SEV_ERROR, path, "capability %s is negative (expected >= 0)",
               num(cap, b1));
}

static void check_actor(check *c, size_t a, const int *bounds_ok) {
    const parley_scenario *s = c->s;
    char base[PATH_MAX_], values[PATH_LONG], cellpath[PATH_MAX_], path[PATH_LONG];
    char b1[PARLEY_I_NUMBUF], b2[PARLEY_I_NUMBUF], b3[PARLEY_I_NUMBUF];
    parley_i_path_index(base, sizeof base, "$.actors", a);
    snprintf(values, sizeof values, "%s.values", base);
    int shared = parley_i_capability_shared(s, a);
    size_t n_present = 0;
    int all_zero_capability = 1;
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_cell *cell = parley_scenario_cell_const(s, a, i);
        if (!cell->present)
            continue;
        if (n_present == 0 && shared) {
            snprintf(path, sizeof path, "%s.capability", base);
            check_capability(c, path, cell->capability);
        }
        ++n_present;
        if (!(cell->capability == 0.0))
            all_zero_capability = 0;
        const parley_issue *issue = &s->issues[i];
        parley_i_path_member(cellpath, sizeof cellpath, values, issue->name ? issue->name : "");
        snprintf(path, sizeof path, "%s.position", cellpath);
        if (!isfinite(cell->position))
            report(c, PARLEY_SEV_ERROR, path, "position is %s (expected a finite number)",
                   num(cell->position, b1));
        else if (bounds_ok[i] && !(cell->position >= issue->lo && cell->position <= issue->hi))
            report(c, PARLEY_SEV_ERROR, path, "position %s is outside the issue scale [%s, %s]",
                   num(cell->position, b1), num(issue->lo, b2), num(issue->hi, b3));
        snprintf(path, sizeof path, "%s.salience", cellpath);
        int scale = s->salience_scale == PARLEY_SALIENCE_PERCENT ? 100 : 1;
        if (!isfinite(cell->salience))
            report(c, PARLEY_SEV_ERROR, path, "salience is %s (expected a finite number)",
                   num(cell->salience, b1));
        else if (cell->salience < 0 || cell->salience > 1)
            report(c, PARLEY_SEV_ERROR, path, "salience %s is outside [0, %d] (the salience scale)",
                   num(parley_i_salience_on_scale(cell->salience, scale), b1), scale);
        if (!shared) {
            snprintf(path, sizeof path, "%s.capability", cellpath);
            check_capability(c, path, cell->capability);
        }
    }
    if (n_present == 0) {
        report(c, PARLEY_SEV_ERROR, values,
               "actor \"%s\" takes part in no issue (expected at least one value)",
               s->actors[a].name ? s->actors[a].name : "");
    } else if (all_zero_capability) {
        snprintf(path, sizeof path, "%s.capability", base);
        report(c, PARLEY_SEV_WARNING, path, "actor \"%s\" has zero capability",
               s->actors[a].name ? s->actors[a].name : "");
    }
}

static void check_issue_weight(check *c, size_t i) {
    const parley_scenario *s = c->s;
    char path[PATH_MAX_];
    parley_i_path_index(path, sizeof path, "$.issues", i);
    size_t n = 0;
    int weighted = 0;
    for (size_t a = 0; a < s->n_actors; ++a) {
        const parley_cell *cell = parley_scenario_cell_const(s, a, i);
        if (!cell->present)
            continue;
        ++n;
        if (cell->capability * cell->salience > 0)
            weighted = 1;
    }
    const char *name = s->issues[i].name ? s->issues[i].name : "";
    if (n == 0)
        report(c, PARLEY_SEV_ERROR, path, "no actor takes part in issue \"%s\"", name);
    else if (!weighted)
        report(c, PARLEY_SEV_ERROR, path,
               "no actor has positive capability x salience on issue \"%s\" (expected at least one "
               "with capability > 0 and salience > 0)",
               name);
    else if (n == 1)
        report(c, PARLEY_SEV_WARNING, path, "only one actor takes part in issue \"%s\"", name);
}

/* Descriptions, labels and notes: printable text (tab and newline allowed). */
static void check_texts(check *c) {
    const parley_scenario *s = c->s;
    char path[PATH_LONG], item[PATH_MAX_];
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_issue *is = &s->issues[i];
        parley_i_path_index(item, sizeof item, "$.issues", i);
        snprintf(path, sizeof path, "%s.description", item);
        check_text(c, path, "the description", is->description, 1);
        snprintf(path, sizeof path, "%s.status_quo.note", item);
        check_text(c, path, "the note", is->status_quo_note, 1);
        if (is->outcome.has_value) {
            snprintf(path, sizeof path, "%s.outcome.source", item);
            check_text(c, path, "the source", is->outcome.source, 1);
            snprintf(path, sizeof path, "%s.outcome.note", item);
            check_text(c, path, "the note", is->outcome.note, 1);
        }
        for (size_t k = 0; k < is->n_labels; ++k) {
            snprintf(path, sizeof path, "%s.scale.labels[%zu].label", item, k);
            check_text(c, path, "the label", is->labels[k].label, 1);
            const char *l = is->labels[k].label;
            while (l && (*l == ' ' || *l == '\t'))
                ++l;
            if (is->labels[k].label && !*l)
                report(c, PARLEY_SEV_ERROR, path,
                       "the label is empty (expected the words that "
                       "name this point of the scale)");
        }
    }
    for (size_t a = 0; a < s->n_actors; ++a) {
        parley_i_path_index(item, sizeof item, "$.actors", a);
        snprintf(path, sizeof path, "%s.description", item);
        check_text(c, path, "the description", s->actors[a].description, 1);
        for (size_t i = 0; i < s->n_issues; ++i) {
            const parley_cell *cell = &s->cells[a * s->n_issues + i];
            if (!cell->present)
                continue;
            const char *notes[3] = {cell->position_note, cell->salience_note,
                                    cell->capability_note};
            for (int k = 0; k < 3; ++k) {
                snprintf(path, sizeof path, "%s.values.%s.%s.note", item,
                         s->issues[i].name ? s->issues[i].name : "",
                         k == 0   ? "position"
                         : k == 1 ? "salience"
                                  : "capability");
                check_text(c, path, "the note", notes[k], 1);
            }
        }
    }
}

parley_status parley_scenario_validate(const parley_scenario *s, const char *file,
                                       parley_diags *diags) {
    if (!s || !diags)
        return PARLEY_EINVAL;
    check c = {s, file, diags, 0};
    size_t errors_before = diags->n_errors;
    if (s->n_actors == 0)
        report(&c, PARLEY_SEV_ERROR, "$.actors", "no actors (expected at least one)");
    if (s->n_issues == 0)
        report(&c, PARLEY_SEV_ERROR, "$.issues", "no issues (expected at least one)");
    if (!s->name || !s->name[0] || s->name[strspn(s->name, " \t")] == '\0')
        report(&c, PARLEY_SEV_ERROR, "$.name", "empty scenario name (expected a non-empty string)");
    check_text(&c, "$.name", "the scenario name", s->name, 0);
    check_text(&c, "$.description", "the description", s->description, 1);
    check_text(&c, "$.source", "the source", s->source, 1);
    if (s->as_of && !parley_date_valid(s->as_of))
        report(&c, PARLEY_SEV_ERROR, "$.as_of", "\"%.40s\" is not a date (expected YYYY-MM-DD)",
               s->as_of);
    check_texts(&c);
    check_names(&c, "issue", "$.issues", s->n_issues, issue_name);
    check_names(&c, "actor", "$.actors", s->n_actors, actor_name);
    int bounds_small[16];
    int *bounds_ok = s->n_issues <= 16 ? bounds_small : malloc(s->n_issues * sizeof *bounds_ok);
    if (!bounds_ok)
        return PARLEY_ENOMEM;
    for (size_t i = 0; i < s->n_issues; ++i)
        bounds_ok[i] = check_issue(&c, i);
    for (size_t a = 0; a < s->n_actors; ++a)
        check_actor(&c, a, bounds_ok);
    if (bounds_ok != bounds_small)
        free(bounds_ok);
    for (size_t i = 0; i < s->n_issues; ++i)
        check_issue_weight(&c, i);
    if (c.nomem)
        return PARLEY_ENOMEM;
    return diags->n_errors > errors_before ? PARLEY_EDATA : PARLEY_OK;
}
