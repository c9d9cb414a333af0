/* parley: reader of KTAB's wide CSV (KAPSARC's spatial model of politics;
 * grammar in docs/formats.md).
 *
 *   line 1   scenario name, description, number of actors n, number of
 *            dimensions K (later fields ignored)
 *   line 2   3 labels (Actor, Description, Power/Influence), then per
 *            dimension a position label (the dimension's name) and a
 *            salience label
 *   n lines  actor name, description, capability, K pairs position, salience
 *
 * Comma-separated; a field that starts with '"' is quoted (and may hold
 * commas); "$$" inside a field stands for a comma, as in KTAB; blank lines
 * are skipped; a trailing separator and surplus empty fields are fine.
 * Every text field is trimmed of surrounding spaces (KTAB keeps them).
 * Positions and saliences are on 0-100 and an actor's saliences sum to at
 * most 100; the scenario states salience_scale 100 and bounds [0, 100].
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

/* Replaces "$$" by "," in place. */
static char *unescape(char *s) {
    char *w = s;
    for (const char *r = s; *r; ++r) {
        if (r[0] == '$' && r[1] == '$') {
            *w++ = ',';
            ++r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return s;
}

/* Text of field k (trimmed, unescaped), "" when the record is shorter. */
static const char *text(parley_i_csv *t, const parley_i_record *r, size_t k) {
    if (k >= r->n)
        return "";
    return unescape(parley_i_trim(parley_i_csv_field(t, r, k)->text));
}

/* Parses a whole number field (a count); records a problem if it is not one. */
static int count_field(parley_i_csv *t, const parley_i_record *r, size_t k, const char *what,
                       size_t *out) {
    char shown[64];
    if (k >= r->n) {
        parley_i_csv_error(t, PARLEY_EDATA, r->line, 0,
                           "line 1 has %zu fields (expected name, description, number of actors, "
                           "number of dimensions)",
                           r->n);
        return 0;
    }
    parley_i_field *f = parley_i_csv_field(t, r, k);
    const char *s = parley_i_trim(f->text);
    size_t v = 0;
    int ok = s[0] != '\0';
    for (const char *p = s; *p && ok; ++p) {
        if (*p < '0' || *p > '9' || v > 10000000)
            ok = 0;
        else
            v = v * 10 + (size_t)(*p - '0');
    }
    if (!ok || v == 0) {
        parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                           "expected the number of %s (a whole number >= 1), found %s", what,
                           parley_i_show(s, shown, sizeof shown));
        return 0;
    }
    *out = v;
    return 1;
}

/* Non-blank records (KTAB skips blank lines). */
static size_t content_records(parley_i_csv *t, const parley_i_record **out) {
    size_t n = 0;
    for (size_t k = 0; k < t->n_records; ++k)
        if (!parley_i_csv_blank(t, &t->records[k]))
            out[n++] = &t->records[k];
    return n;
}

/* 1 if fields k.. of r are all blank. */
static int rest_blank(parley_i_csv *t, const parley_i_record *r, size_t k) {
    for (; k < r->n; ++k)
        if (parley_i_trim(parley_i_csv_field(t, r, k)->text)[0])
            return 0;
    return 1;
}

parley_status parley_i_read_ktab_csv(parley_scenario *s, const char *data, size_t size,
                                     const char *file, parley_diags *diags) {
    memset(s, 0, sizeof *s);
    parley_i_csv tk;
    parley_i_csv *t = &tk;
    parley_i_csv_init(t, file, diags);
    size_t errors_before = diags->n_errors;
    size_t bom = parley_i_bom_length(data, size);
    data += bom;
    size -= bom;
    const parley_i_record **recs = NULL;
    char shown[64], b1[PARLEY_I_NUMBUF];
    parley_status st = PARLEY_OK;
    if (!parley_i_csv_check_encoding(t, data, size)) {
        st = PARLEY_EPARSE;
        goto done;
    }
    if ((st = parley_i_csv_tokenize(t, data, size, ',', '"', 0)) != PARLEY_OK)
        goto done;
    recs = malloc((t->n_records + 1) * sizeof *recs);
    if (!recs) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    size_t n_recs = content_records(t, recs);
    if (n_recs == 0) {
        parley_i_csv_error(
            t, PARLEY_EPARSE, 0, 0,
            "empty file (expected a scenario line: name, description, actors, dimensions)");
        st = PARLEY_EPARSE;
        goto done;
    }
    size_t n = 0, K = 0;
    /* one message for a short first line, not one per missing count */
    int ok = count_field(t, recs[0], 2, "actors", &n);
    ok = (recs[0]->n > 2 ? count_field(t, recs[0], 3, "dimensions", &K) : 0) && ok;
    if (!ok)
        goto done;
    if (n_recs < 2) {
        parley_i_csv_error(
            t, PARLEY_EDATA, recs[0]->line, 0,
            "no header line (expected Actor, Description, Power and %zu position/salience pairs)",
            K);
        goto done;
    }
    const parley_i_record *h = recs[1];
    if (h->n < 3 + 2 * K) {
        parley_i_csv_error(
            t, PARLEY_EDATA, h->line, 0,
            "header has %zu fields (expected 3 + 2 x %zu = %zu: Actor, Description, Power and a "
            "position and a salience label per dimension)",
            h->n, K, 3 + 2 * K);
        goto done;
    }
    if (n_recs - 2 < n) {
        parley_i_csv_error(t, PARLEY_EDATA, recs[n_recs - 1]->line, 0,
                           "%zu actor line%s (expected %zu, as line 1 states)", n_recs - 2,
                           n_recs - 2 == 1 ? "" : "s", n);
        goto done;
    }
    if (n < 3 || n > 250)
        parley_i_csv_diag(t, PARLEY_SEV_WARNING, recs[0]->line,
                          parley_i_csv_field(t, recs[0], 2)->column,
                          "%zu actor%s: KTAB itself accepts only 3 to 250", n, n == 1 ? "" : "s");
    if (n_recs - 2 > n)
        parley_i_csv_diag(t, PARLEY_SEV_WARNING, recs[n + 2]->line, 0,
                          "%zu line%s after the last of the %zu actors ignored (as KTAB does)",
                          n_recs - 2 - n, n_recs - 2 - n == 1 ? "" : "s", n);
    if (!parley_i_cells_ok(n, K, file, recs[0]->line, parley_i_csv_field(t, recs[0], 2)->column,
                           NULL, diags))
        goto done;
    if ((st = parley_scenario_init(s, n, K)) != PARLEY_OK)
        goto done;
    s->salience_scale = PARLEY_SALIENCE_PERCENT;
    s->salience_scale_inferred = 0;
    const char *name = text(t, recs[0], 0), *desc = text(t, recs[0], 1);
    if (parley_set_string(&s->name, name[0] ? name : "ktab") ||
        parley_set_string(&s->description, desc[0] ? desc : NULL))
        t->nomem = 1;
    for (size_t i = 0; i < K; ++i) {
        parley_i_field *f = parley_i_csv_field(t, h, 3 + 2 * i);
        const char *dim = text(t, h, 3 + 2 * i);
        if (!dim[0]) {
            parley_i_csv_error(
                t, PARLEY_EDATA, f->line, f->column,
                "empty position label of dimension %zu (expected the dimension's name)", i + 1);
            continue;
        }
        for (size_t j = 0; j < i; ++j)
            if (s->issues[j].name && strcmp(s->issues[j].name, dim) == 0)
                parley_i_csv_error(t, PARLEY_EDATA, f->line, f->column,
                                   "duplicate dimension name %s (already dimension %zu)",
                                   parley_i_show(dim, shown, sizeof shown), j + 1);
        if (parley_set_string(&s->issues[i].name, dim))
            t->nomem = 1;
        s->issues[i].lo = 0;
        s->issues[i].hi = 100;
        s->issues[i].bounds_given = 1;
    }
    for (size_t a = 0; a < n; ++a) {
        const parley_i_record *r = recs[2 + a];
        if (r->n < 3 + 2 * K) {
            parley_i_csv_error(t, PARLEY_EDATA, r->line, 0,
                               "expected %zu fields (name, description, capability, %zu "
                               "position/salience pairs), found %zu",
                               3 + 2 * K, K, r->n);
            continue;
        }
        if (!rest_blank(t, r, 3 + 2 * K))
            parley_i_csv_diag(t, PARLEY_SEV_WARNING, r->line,
                              parley_i_csv_field(t, r, 3 + 2 * K)->column,
                              "fields after the last salience ignored (as KTAB does)");
        parley_i_field *fa = parley_i_csv_field(t, r, 0);
        const char *an = text(t, r, 0);
        if (!an[0])
            parley_i_csv_error(t, PARLEY_EDATA, fa->line, fa->column,
                               "empty actor name (expected a name)");
        /* duplicates are found by the validator, which sorts; here only
         * for small files, with the line */
        for (size_t b = 0; an[0] && b < a && n <= 1000; ++b)
            if (s->actors[b].name && strcmp(s->actors[b].name, an) == 0)
                parley_i_csv_error(t, PARLEY_EDATA, fa->line, fa->column,
                                   "duplicate actor %s (already on line %zu)",
                                   parley_i_show(an, shown, sizeof shown), recs[2 + b]->line);
        const char *ad = text(t, r, 1);
        if (parley_set_string(&s->actors[a].name, an) ||
            parley_set_string(&s->actors[a].description, ad[0] ? ad : NULL))
            t->nomem = 1;
        double cap = NAN;
        parley_i_field *fc = parley_i_csv_field(t, r, 2);
        if (parley_i_csv_number(t, fc, "the capability", &cap) && !(cap >= 0 && cap <= 1e8))
            parley_i_csv_error(t, PARLEY_EDATA, fc->line, fc->column,
                               "capability %s is outside [0, 1e8] (expected KTAB's range)",
                               fc->text);
        double sum = 0;
        int over = 0;
        for (size_t i = 0; i < K; ++i) {
            parley_i_field *fp = parley_i_csv_field(t, r, 3 + 2 * i),
                           *fs = parley_i_csv_field(t, r, 4 + 2 * i);
            double x = NAN, sal = NAN;
            if (parley_i_csv_number(t, fp, "a position", &x) && !(x >= 0 && x <= 100))
                parley_i_csv_error(t, PARLEY_EDATA, fp->line, fp->column,
                                   "position %s is outside [0, 100] (expected KTAB's 0-100 scale)",
                                   fp->text);
            if (parley_i_csv_number(t, fs, "a salience", &sal)) {
                if (!(sal >= 0 && sal <= 100)) {
                    parley_i_csv_error(
                        t, PARLEY_EDATA, fs->line, fs->column,
                        "salience %s is outside [0, 100] (expected KTAB's 0-100 scale)", fs->text);
                } else {
                    sum += sal;
                    if (sum > 100 && !over) {
                        over = 1;
                        parley_i_csv_error(t, PARLEY_EDATA, fs->line, fs->column,
                                           "saliences of actor %s sum to %s here (expected a total "
                                           "of at most 100)",
                                           parley_i_show(an, shown, sizeof shown),
                                           parley_i_format_double(sum, b1));
                    }
                }
            }
            parley_cell *c = parley_scenario_cell(s, a, i);
            c->present = 1;
            c->position = x;
            c->salience = sal / 100.0;
            c->capability = cap;
        }
    }
done:
    if (t->nomem && st == PARLEY_OK)
        st = PARLEY_ENOMEM;
    if (st == PARLEY_OK && diags->n_errors > errors_before)
        st = PARLEY_EDATA;
    if (st != PARLEY_OK)
        parley_scenario_destroy(s);
    free(recs);
    parley_i_csv_destroy(t);
    return st;
}
