/* What-if changes, leverage (finite-difference sensitivities of the
 * forecasts to each actor's inputs) and the best stated position.
 * See include/parley/leverage.h and docs/analysis.md.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <parley/leverage.h>

#include "core/internal.h"

/* ---------------------------------------------------------------- what-if */

static const char *const field_names[PARLEY_N_FIELDS] = {"position", "salience", "capability"};

parley_status parley_change_parse(const parley_scenario *s, const char *text, parley_change *out,
                                  parley_error *err) {
    const char *eq = strchr(text, '=');
    if (!eq)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "'%s': expected ACTOR.ISSUE.FIELD=VALUE", text);
    const char *d2 = NULL, *d1 = NULL; /* last and second-to-last dots before '=' */
    for (const char *p = text; p < eq; ++p)
        if (*p == '.') {
            d1 = d2;
            d2 = p;
        }
    if (!d1 || d1 == text || d2 == d1 + 1 || d2 + 1 == eq)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "'%s': expected ACTOR.ISSUE.FIELD=VALUE", text);
    char name[256];
    size_t n = (size_t)(d1 - text);
    if (n >= sizeof name || (size_t)(d2 - d1 - 1) >= sizeof name)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "'%s': name too long", text);
    memcpy(name, text, n);
    name[n] = '\0';
    out->actor = parley_scenario_find_actor(s, name);
    if (out->actor == (size_t)-1)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "'%s': no actor named '%s'", text,
                                name);
    n = (size_t)(d2 - d1 - 1);
    memcpy(name, d1 + 1, n);
    name[n] = '\0';
    if (strcmp(name, "*") == 0) {
        out->issue = PARLEY_ALL_ISSUES;
    } else {
        out->issue = parley_scenario_find_issue(s, name);
        if (out->issue == (size_t)-1)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "'%s': no issue named '%s' (or '*' for every issue)", text,
                                    name);
    }
    n = (size_t)(eq - d2 - 1);
    int f = -1;
    for (int k = 0; k < PARLEY_N_FIELDS; ++k)
        if (strlen(field_names[k]) == n && strncmp(d2 + 1, field_names[k], n) == 0)
            f = k;
    if (f < 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "'%s': the field must be position, salience or capability", text);
    out->field = (parley_field)f;
    double v = 0.0;
    int rc = parley_i_parse_real(eq + 1, strlen(eq + 1), &v);
    if (rc != PARLEY_I_NUM_OK)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "'%s': '%s' %s", text, eq + 1,
                                parley_i_number_problem(rc));
    if (out->field == PARLEY_FIELD_SALIENCE && s->salience_scale == PARLEY_SALIENCE_PERCENT)
        v /= 100.0;
    out->value = v;
    return PARLEY_OK;
}

static parley_status apply_one(parley_scenario *s, const parley_change *c, size_t i,
                               parley_error *err) {
    parley_cell *cell = parley_scenario_cell(s, c->actor, i);
    const char *an = s->actors[c->actor].name, *in = s->issues[i].name;
    if (!cell->present)
        return parley_error_set(err, PARLEY_EDATA, NULL, 0, 0,
                                "%s takes no part in issue %s: nothing to change", an, in);
    const parley_issue *is = &s->issues[i];
    switch (c->field) {
    case PARLEY_FIELD_POSITION:
        if (!(c->value >= is->lo && c->value <= is->hi))
            return parley_error_set(err, PARLEY_EDATA, NULL, 0, 0,
                                    "position %g of %s on %s is outside the scale [%g, %g]",
                                    c->value, an, in, is->lo, is->hi);
        cell->position = c->value;
        break;
    case PARLEY_FIELD_SALIENCE:
        if (!(c->value >= 0.0 && c->value <= 1.0))
            return parley_error_set(
                err, PARLEY_EDATA, NULL, 0, 0,
                "salience %g of %s on %s is outside the scenario's salience scale [0, %d]",
                s->salience_scale == PARLEY_SALIENCE_PERCENT ? 100.0 * c->value : c->value, an, in,
                s->salience_scale == PARLEY_SALIENCE_PERCENT ? 100 : 1);
        cell->salience = c->value;
        break;
    case PARLEY_FIELD_CAPABILITY:
        if (!(c->value >= 0.0))
            return parley_error_set(err, PARLEY_EDATA, NULL, 0, 0,
                                    "capability of %s on %s must be >= 0", an, in);
        cell->capability = c->value;
        break;
    }
    return PARLEY_OK;
}

parley_status parley_whatif_apply(parley_scenario *s, const parley_change *changes,
                                  size_t n_changes, const size_t *drops, size_t n_drops,
                                  parley_error *err) {
    for (size_t k = 0; k < n_changes; ++k) {
        const parley_change *c = &changes[k];
        if (c->actor >= s->n_actors || (c->issue != PARLEY_ALL_ISSUES && c->issue >= s->n_issues))
            return parley_error_set(err, PARLEY_EDATA, NULL, 0, 0, "change %zu: no such cell", k);
        if (c->issue != PARLEY_ALL_ISSUES) {
            parley_status st = apply_one(s, c, c->issue, err);
            if (st != PARLEY_OK)
                return st;
            continue;
        }
        for (size_t i = 0; i < s->n_issues; ++i) {
            if (!parley_scenario_cell(s, c->actor, i)->present)
                continue;
            parley_status st = apply_one(s, c, i, err);
            if (st != PARLEY_OK)
                return st;
        }
    }
    for (size_t k = 0; k < n_drops; ++k) {
        if (drops[k] >= s->n_actors)
            return parley_error_set(err, PARLEY_EDATA, NULL, 0, 0, "drop %zu: no such actor", k);
        for (size_t i = 0; i < s->n_issues; ++i)
            parley_scenario_cell(s, drops[k], i)->present = 0;
    }
    if (n_drops > 0) {
        /* no actor left anywhere: no model can run, so refuse the what-if */
        size_t left = 0;
        for (size_t a = 0; a < s->n_actors; ++a)
            for (size_t i = 0; i < s->n_issues; ++i)
                if (parley_scenario_cell(s, a, i)->present) {
                    ++left;
                    break;
                }
        if (left == 0)
            return parley_error_set(err, PARLEY_EDATA, NULL, 0, 0,
                                    "the drops remove every actor (%zu of %zu): no one is left to "
                                    "negotiate",
                                    s->n_actors, s->n_actors);
    }
    return PARLEY_OK;
}

/* --------------------------------------------------------------- leverage */

/* Forecast of model p on issue i of s, NaN when it cannot run; *fatal is
 * set on out-of-memory. */
static double forecast_of(const parley_scenario *s, size_t i, const parley_params *p,
                          unsigned long long seed, parley_status *fatal) {
    parley_outcome o;
    parley_error e;
    parley_status st = parley_forecast_issue(s, i, p, seed, 0, &o, &e);
    if (st == PARLEY_ENOMEM)
        *fatal = st;
    return st == PARLEY_OK ? o.forecast : NAN;
}

static double *field_ptr(parley_cell *c, parley_field f) {
    return f == PARLEY_FIELD_POSITION   ? &c->position
           : f == PARLEY_FIELD_SALIENCE ? &c->salience
                                        : &c->capability;
}

static double max_capability(const parley_scenario *s, size_t i) {
    double m = 0.0;
    for (size_t a = 0; a < s->n_actors; ++a) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (c->present && c->capability > m)
            m = c->capability;
    }
    return m > 0.0 ? m : 1.0;
}

static double ref_range(const parley_scenario *s, size_t i, parley_field f) {
    if (f == PARLEY_FIELD_POSITION)
        return s->issues[i].hi - s->issues[i].lo;
    if (f == PARLEY_FIELD_SALIENCE)
        return 1.0;
    return max_capability(s, i);
}

/* d forecast / d value of one cell by a central difference (one-sided at a
 * bound of the field's domain); NaN when a run fails. */
static double derivative(parley_scenario *w, size_t a, size_t i, parley_field f,
                         const parley_params *p, double h, double base, unsigned long long seed,
                         parley_status *fatal) {
    parley_cell *c = parley_scenario_cell(w, a, i);
    double *v = field_ptr(c, f);
    const double v0 = *v;
    double lo = 0.0, hi = HUGE_VAL;
    if (f == PARLEY_FIELD_POSITION) {
        lo = w->issues[i].lo;
        hi = w->issues[i].hi;
    } else if (f == PARLEY_FIELD_SALIENCE) {
        hi = 1.0;
    }
    const double up = v0 + h <= hi ? v0 + h : v0, down = v0 - h >= lo ? v0 - h : v0;
    double fu = base, fd = base;
    if (up != v0) {
        *v = up;
        fu = forecast_of(w, i, p, seed, fatal);
    }
    if (down != v0) {
        *v = down;
        fd = forecast_of(w, i, p, seed, fatal);
    }
    *v = v0;
    if (up == down)
        return 0.0;
    return (fu - fd) / (up - down);
}

/* An effect below PARLEY_LEVERAGE_ZERO_TOL of the scale width is rounding
 * noise of the finite difference (e.g. 3.6e-14 where the forecast does not
 * move): it becomes exactly 0, derivative too, so that it prints as 0 and
 * ties with the true zeros (ranked by actor, issue, field, model). */
static void snap_zero(parley_leverage_row *row, double width) {
    if (isfinite(row->effect) && fabs(row->effect) < PARLEY_LEVERAGE_ZERO_TOL * width) {
        row->effect = 0.0;
        row->derivative = 0.0;
    }
}

/* The key of a row for the ranking: its effect as a fraction of the scale. */
typedef struct {
    parley_leverage_row row;
    double key;
} keyed;

static int keyed_cmp(const void *pa, const void *pb) {
    const keyed *a = pa, *b = pb;
    const double ka = isnan(a->key) ? -1.0 : a->key, kb = isnan(b->key) ? -1.0 : b->key;
    if (ka != kb)
        return ka < kb ? 1 : -1;
    if (a->row.actor != b->row.actor)
        return a->row.actor < b->row.actor ? -1 : 1;
    if (a->row.issue != b->row.issue)
        return a->row.issue < b->row.issue ? -1 : 1;
    const int fa = a->row.drop ? PARLEY_N_FIELDS : (int)a->row.field,
              fb = b->row.drop ? PARLEY_N_FIELDS : (int)b->row.field;
    if (fa != fb)
        return fa < fb ? -1 : 1;
    return (a->row.model > b->row.model) - (a->row.model < b->row.model);
}

void parley_leverage_destroy(parley_leverage *lev) {
    if (!lev)
        return;
    free(lev->rows);
    free(lev->base);
    memset(lev, 0, sizeof *lev);
}

parley_status parley_leverage_compute(parley_leverage *lev, const parley_scenario *s,
                                      const parley_params *params, size_t n_models, double step,
                                      double step_effect, unsigned long long seed,
                                      parley_error *err) {
    memset(lev, 0, sizeof *lev);
    if (!(step > 0.0 && step <= 0.5) || !(step_effect > 0.0) || n_models == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the leverage step must lie in (0, 0.5] and a model be selected");
    const size_t na = s->n_actors, ni = s->n_issues;
    parley_scenario w;
    parley_status st = parley_scenario_copy(&w, s);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    const size_t cap = na * ni * (PARLEY_N_FIELDS + 1) * n_models;
    keyed *rows = malloc((cap ? cap : 1) * sizeof *rows);
    lev->base = malloc(ni * n_models * sizeof *lev->base);
    lev->n_issues = ni;
    lev->n_models = n_models;
    if (!rows || !lev->base) {
        free(rows);
        parley_scenario_destroy(&w);
        parley_leverage_destroy(lev);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    parley_status fatal = PARLEY_OK;
    size_t n = 0;
    for (size_t i = 0; i < ni; ++i)
        for (size_t m = 0; m < n_models; ++m) {
            const double base = forecast_of(&w, i, &params[m], seed, &fatal);
            lev->base[i * n_models + m] = base;
            const double width = s->issues[i].hi - s->issues[i].lo;
            for (size_t a = 0; a < na; ++a) {
                if (!parley_scenario_cell_const(s, a, i)->present)
                    continue;
                for (int f = 0; f < PARLEY_N_FIELDS; ++f) {
                    const double range = ref_range(s, i, (parley_field)f);
                    keyed *k = &rows[n++];
                    memset(k, 0, sizeof *k);
                    k->row.actor = a;
                    k->row.issue = i;
                    k->row.model = m;
                    k->row.field = (parley_field)f;
                    k->row.derivative = isnan(base)
                                            ? NAN
                                            : derivative(&w, a, i, (parley_field)f, &params[m],
                                                         step * range, base, seed, &fatal);
                    k->row.failed = isnan(k->row.derivative);
                    k->row.effect = k->row.derivative * range * step_effect;
                    snap_zero(&k->row, width);
                    k->key = fabs(k->row.effect) / width;
                }
                /* the actor leaves the talks */
                parley_cell *c = parley_scenario_cell(&w, a, i);
                c->present = 0;
                const double without = forecast_of(&w, i, &params[m], seed, &fatal);
                c->present = 1;
                keyed *k = &rows[n++];
                memset(k, 0, sizeof *k);
                k->row.actor = a;
                k->row.issue = i;
                k->row.model = m;
                k->row.drop = 1;
                k->row.derivative = k->row.effect = without - base;
                k->row.failed = isnan(without) || isnan(base);
                snap_zero(&k->row, width);
                k->key = fabs(k->row.effect) / width;
            }
        }
    parley_scenario_destroy(&w);
    if (fatal != PARLEY_OK) {
        free(rows);
        parley_leverage_destroy(lev);
        return parley_error_set(err, fatal, NULL, 0, 0, "out of memory");
    }
    qsort(rows, n, sizeof *rows, keyed_cmp);
    lev->rows = malloc((n ? n : 1) * sizeof *lev->rows);
    if (!lev->rows) {
        free(rows);
        parley_leverage_destroy(lev);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t k = 0; k < n; ++k)
        lev->rows[k] = rows[k].row;
    lev->n_rows = n;
    free(rows);
    return PARLEY_OK;
}

/* ------------------------------------------------------ best stated position */

typedef struct {
    parley_scenario *w;
    size_t a, i;
    const parley_params *p;
    double ideal;
    unsigned long long seed;
    size_t evals;
    parley_status fatal;
    int failed;
} search;

/* |forecast - ideal| when the actor states x; forecast in *fc. */
static double distance(search *sr, double x, double *fc) {
    parley_cell *c = parley_scenario_cell(sr->w, sr->a, sr->i);
    const double keep = c->position;
    c->position = x;
    const double f = forecast_of(sr->w, sr->i, sr->p, sr->seed, &sr->fatal);
    c->position = keep;
    ++sr->evals;
    if (isnan(f)) {
        sr->failed = 1;
        return HUGE_VAL;
    }
    if (fc)
        *fc = f;
    return fabs(f - sr->ideal);
}

/* Is candidate (d, x) better than (bd, bx)?  Smaller distance, then nearer the ideal. */
static int better(double d, double x, double bd, double bx, double ideal, double tol) {
    if (d < bd - tol)
        return 1;
    if (d > bd + tol)
        return 0;
    return fabs(x - ideal) < fabs(bx - ideal);
}

parley_status parley_best_position(const parley_scenario *s, const parley_params *params,
                                   size_t actor, size_t issue, size_t grid_points,
                                   unsigned long long seed, parley_best_position_result *out,
                                   parley_error *err) {
    memset(out, 0, sizeof *out);
    if (actor >= s->n_actors || issue >= s->n_issues || grid_points < 3)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "best position: bad actor, issue or grid size");
    const parley_cell *cell = parley_scenario_cell_const(s, actor, issue);
    if (!cell->present)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "%s takes no part in issue %s",
                                s->actors[actor].name, s->issues[issue].name);
    parley_scenario w;
    parley_status st = parley_scenario_copy(&w, s);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    const double lo = s->issues[issue].lo, hi = s->issues[issue].hi;
    const double tol = 1e-12 * (hi - lo);
    search sr = {&w, actor, issue, params, cell->position, seed, 0, PARLEY_OK, 0};
    out->ideal = cell->position;
    double bf = NAN;
    double bd = distance(&sr, sr.ideal, &bf);
    if (sr.failed) {
        parley_outcome o;
        st = parley_forecast_issue(s, issue, params, seed, 0, &o, err);
        parley_scenario_destroy(&w);
        return st != PARLEY_OK
                   ? st
                   : parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                      "the model cannot run on issue %s", s->issues[issue].name);
    }
    out->base_forecast = bf;
    double bx = sr.ideal;
    double *dist = malloc(grid_points * sizeof *dist);
    if (!dist) {
        parley_scenario_destroy(&w);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    size_t bk = grid_points; /* best grid index, grid_points = the ideal */
    for (size_t k = 0; k < grid_points; ++k) {
        const double x = lo + (hi - lo) * (double)k / (double)(grid_points - 1);
        double f = NAN;
        dist[k] = distance(&sr, x, &f);
        if (better(dist[k], x, bd, bx, sr.ideal, tol)) {
            bd = dist[k];
            bx = x;
            bf = f;
            bk = k;
        }
    }
    /* golden-section refinement between the best grid point's neighbours */
    if (bk < grid_points) {
        const double g = 0.6180339887498949, h = (hi - lo) / (double)(grid_points - 1);
        double a = bx - h < lo ? lo : bx - h, b = bx + h > hi ? hi : bx + h;
        double c = b - g * (b - a), d = a + g * (b - a);
        double fc = 0, fd = 0;
        double dc = distance(&sr, c, &fc), dd = distance(&sr, d, &fd);
        for (int it = 0; it < 40; ++it) {
            if (dc <= dd) {
                b = d;
                d = c;
                dd = dc;
                fd = fc;
                c = b - g * (b - a);
                dc = distance(&sr, c, &fc);
            } else {
                a = c;
                c = d;
                dc = dd;
                fc = fd;
                d = a + g * (b - a);
                dd = distance(&sr, d, &fd);
            }
        }
        if (dc < bd - tol) {
            bd = dc;
            bx = c;
            bf = fc;
        }
        if (dd < bd - tol) {
            bd = dd;
            bx = d;
            bf = fd;
        }
    }
    out->stated = bx;
    out->forecast = bf;
    /* the plateau: the run of grid points around the one nearest the answer
     * that reach the best distance */
    out->lo = out->hi = bx;
    {
        const double step = (hi - lo) / (double)(grid_points - 1);
        double kr = floor((bx - lo) / step + 0.5);
        size_t kn = kr < 0 ? 0 : kr > (double)(grid_points - 1) ? grid_points - 1 : (size_t)kr;
        if (fabs(dist[kn] - bd) <= tol) {
            size_t k0 = kn, k1 = kn;
            while (k0 > 0 && fabs(dist[k0 - 1] - bd) <= tol)
                --k0;
            while (k1 + 1 < grid_points && fabs(dist[k1 + 1] - bd) <= tol)
                ++k1;
            const double x0 = lo + step * (double)k0, x1 = lo + step * (double)k1;
            out->lo = x0 < bx ? x0 : bx;
            out->hi = x1 > bx ? x1 : bx;
        }
    }
    out->evaluations = sr.evals;
    free(dist);
    parley_scenario_destroy(&w);
    if (sr.fatal != PARLEY_OK)
        return parley_error_set(err, sr.fatal, NULL, 0, 0, "out of memory");
    return PARLEY_OK;
}
