/* What-if changes, leverage (finite-difference sensitivities of the
 * forecasts to each actor's inputs) and the best stated position.
 * See include/parley/leverage.h and docs/analysis.md.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include <parley/leverage.h>

#include "core/internal.h"
#include "analysis/parallel_i.h"
#include "scenario/internal.h"

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

static double field_value(const parley_cell *c, parley_field f) {
    return f == PARLEY_FIELD_POSITION   ? c->position
           : f == PARLEY_FIELD_SALIENCE ? c->salience
                                        : c->capability;
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
    free(lev->screen);
    free(lev->refined);
    free(lev->selected);
    memset(lev, 0, sizeof *lev);
}

void parley_leverage_options_init(parley_leverage_options *o) {
    memset(o, 0, sizeof *o);
    o->step = 0.05;
    o->step_effect = 0.1;
    o->size = 1;
}

/* The work of a leverage run is a set of forecasts, each of the scenario
 * with one input of one actor changed (or the actor gone) on one issue, for
 * one model.  Each has a slot in one array of values: per group g = (issue,
 * model), per selected actor, N_KINDS kinds; the base forecasts of the
 * groups follow.  A forecast depends only on its own change, so the slots
 * can be filled in any order, by any thread or process, with the same bits. */
enum { K_POS_UP, K_POS_DOWN, K_SAL_UP, K_SAL_DOWN, K_CAP_UP, K_CAP_DOWN, K_DROP, N_KINDS };

#define ALL_KINDS ((1u << N_KINDS) - 1u)
/* Not a kind of its own: of the two position steps, the first that stays
 * in the scale (up, else down). */
#define POS_ONE (1u << N_KINDS)
/* The screening pass (options.screen): per actor, issue and model, the
 * leave forecast (a final row) and/or one position step (half of the
 * position row's central difference); docs/analysis.md gives the
 * ranking's error. */
#define SCREEN_KINDS (p.screen_kinds)

typedef struct {
    const parley_scenario *s;
    const parley_params *params;
    size_t n_models, n_groups, n_sel;
    size_t *sel;           /* the selected actors, ascending */
    double *h;             /* n_issues x PARLEY_N_FIELDS finite-difference half-widths */
    double *values;        /* n_groups x n_sel x N_KINDS changed forecasts, then n_groups bases */
    unsigned char *ran;    /* per slot of values: 1 once its forecast ran */
    unsigned screen_kinds; /* the kinds (and POS_ONE) of the screening pass */
    unsigned long long seed;
} plan;

static size_t n_cells(const plan *p) {
    return p->n_groups * p->n_sel * N_KINDS;
}

/* The changed value of kind k (not K_DROP) of actor a on issue i: one step
 * up or down, or the value itself where the step would leave the field's
 * domain (then that side of the difference is the base forecast). */
static double moved(const plan *p, size_t a, size_t i, int k) {
    const parley_field f = (parley_field)(k / 2);
    const double v0 = field_value(parley_scenario_cell_const(p->s, a, i), f);
    const double h = p->h[i * PARLEY_N_FIELDS + (size_t)f];
    double lo = 0.0, hi = HUGE_VAL;
    if (f == PARLEY_FIELD_POSITION) {
        lo = p->s->issues[i].lo;
        hi = p->s->issues[i].hi;
    } else if (f == PARLEY_FIELD_SALIENCE) {
        hi = 1.0;
    }
    if (k % 2 == 0)
        return v0 + h <= hi ? v0 + h : v0;
    return v0 - h >= lo ? v0 - h : v0;
}

/* Runs the forecast of one slot on w (a copy of the scenario, left as it
 * was found). */
static double eval_slot(const plan *p, parley_scenario *w, size_t slot, parley_status *fatal) {
    const size_t nc = n_cells(p);
    if (slot >= nc) {
        const size_t g = slot - nc;
        return forecast_of(w, g / p->n_models, &p->params[g % p->n_models], p->seed, fatal);
    }
    const int k = (int)(slot % N_KINDS);
    const size_t ai = slot / N_KINDS % p->n_sel, g = slot / N_KINDS / p->n_sel;
    const size_t i = g / p->n_models, a = p->sel[ai];
    const parley_params *pm = &p->params[g % p->n_models];
    parley_cell *c = parley_scenario_cell(w, a, i);
    double r;
    if (k == K_DROP) {
        c->present = 0;
        r = forecast_of(w, i, pm, p->seed, fatal);
        c->present = 1;
    } else {
        double *v = field_ptr(c, (parley_field)(k / 2));
        const double v0 = *v;
        *v = moved(p, a, i, k);
        r = forecast_of(w, i, pm, p->seed, fatal);
        *v = v0;
    }
    return r;
}

/* The slots of the kinds in mask for the selected actors with on[ai] set
 * (NULL: all), in slot order, into out (NULL: count only).  A slot is
 * needed where the actor takes part, the step stays in the domain, the
 * group's base forecast ran (known: not NaN; bases_known = 0: assumed) and
 * its forecast has not run yet. */
static size_t plan_tasks(const plan *p, const unsigned char *on, unsigned mask, int bases_known,
                         size_t *out) {
    size_t n = 0;
    const size_t nc = n_cells(p);
    for (size_t g = 0; g < p->n_groups; ++g) {
        if (bases_known && isnan(p->values[nc + g]))
            continue;
        const size_t i = g / p->n_models;
        for (size_t ai = 0; ai < p->n_sel; ++ai) {
            if ((on && !on[ai]) || !parley_scenario_cell_const(p->s, p->sel[ai], i)->present)
                continue;
            const size_t a = p->sel[ai];
            const double x0 = parley_scenario_cell_const(p->s, a, i)->position;
            for (int k = 0; k < N_KINDS; ++k) {
                int want = (mask & (1u << k)) != 0;
                if (!want && (mask & POS_ONE))
                    want = k == K_POS_UP || (k == K_POS_DOWN && moved(p, a, i, K_POS_UP) == x0);
                const size_t slot = (g * p->n_sel + ai) * N_KINDS + (size_t)k;
                if (!want || p->ran[slot])
                    continue;
                if (k != K_DROP) {
                    const double v0 =
                        field_value(parley_scenario_cell_const(p->s, a, i), (parley_field)(k / 2));
                    if (moved(p, a, i, k) == v0)
                        continue;
                }
                if (out)
                    out[n] = slot;
                ++n;
            }
        }
    }
    return n;
}

static void plan_destroy(plan *p) {
    free(p->sel);
    free(p->h);
    free(p->values);
    free(p->ran);
}

static int cmp_size(const void *a, const void *b) {
    const size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Checks the options and lays out the slots. */
static parley_status plan_init(plan *p, const parley_scenario *s, const parley_params *params,
                               size_t n_models, const parley_leverage_options *opt,
                               parley_error *err) {
    memset(p, 0, sizeof *p);
    if (!(opt->step > 0.0 && opt->step <= 0.5) || !(opt->step_effect > 0.0) || n_models == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the leverage step must lie in (0, 0.5] and a model be selected");
    if (opt->size < 1 || opt->rank < 0 || opt->rank >= opt->size || (opt->size > 1 && !opt->share))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "leverage: bad process rank %d of %d (or no share function)",
                                opt->rank, opt->size);
    const unsigned scr = opt->screen ? opt->screen : PARLEY_LEVERAGE_SCREEN_DEFAULT;
    if (scr & ~(unsigned)PARLEY_LEVERAGE_SCREEN_DEFAULT)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "leverage: unknown screening kinds %#x", scr);
    p->screen_kinds = ((scr & PARLEY_LEVERAGE_SCREEN_LEAVES) ? 1u << K_DROP : 0u) |
                      ((scr & PARLEY_LEVERAGE_SCREEN_POSITION) ? POS_ONE : 0u);
    const size_t na = s->n_actors, ni = s->n_issues;
    p->s = s;
    p->params = params;
    p->n_models = n_models;
    p->n_groups = ni * n_models;
    p->seed = opt->seed;
    p->n_sel = opt->actors ? opt->n_actors : na;
    p->sel = malloc((p->n_sel ? p->n_sel : 1) * sizeof *p->sel);
    p->h = malloc((ni ? ni : 1) * PARLEY_N_FIELDS * sizeof *p->h);
    if (!p->sel || !p->h) {
        plan_destroy(p);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t k = 0; k < p->n_sel; ++k)
        p->sel[k] = opt->actors ? opt->actors[k] : k;
    if (opt->actors) {
        qsort(p->sel, p->n_sel, sizeof *p->sel, cmp_size);
        for (size_t k = 0; k < p->n_sel; ++k)
            if (p->sel[k] >= na || (k > 0 && p->sel[k] == p->sel[k - 1])) {
                const size_t bad = p->sel[k];
                plan_destroy(p);
                return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                        bad >= na ? "leverage: no actor %zu (the scenario has %zu)"
                                                  : "leverage: actor %zu selected twice",
                                        bad, na);
            }
    }
    for (size_t i = 0; i < ni; ++i)
        for (int f = 0; f < PARLEY_N_FIELDS; ++f)
            p->h[i * PARLEY_N_FIELDS + (size_t)f] = opt->step * ref_range(s, i, (parley_field)f);
    const size_t nv = n_cells(p) + p->n_groups;
    p->values = malloc((nv ? nv : 1) * sizeof *p->values);
    p->ran = calloc(nv ? nv : 1, 1);
    if (!p->values || !p->ran) {
        plan_destroy(p);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t k = 0; k < nv; ++k)
        p->values[k] = NAN;
    return PARLEY_OK;
}

static int threads_wanted(const parley_leverage_options *opt) {
#ifdef _OPENMP
    int n = opt->threads > 0 ? opt->threads : omp_get_max_threads();
#else
    (void)opt;
    int n = 1;
#endif
    return n < 1 ? 1 : n;
}

/* What the threads of a run share. */
typedef struct {
    plan *p;
    const parley_leverage_options *opt;
    int threads;
    size_t done, total; /* forecasts of this process: done, planned */
    size_t forecasts;   /* every process's forecasts so far */
    int stop;           /* 1 = error, 2 = cancelled by the progress callback */
} run_ctx;

/* This process's part of n forecasts. */
static size_t part_lo(const run_ctx *x, size_t n) {
    return (size_t)((unsigned long long)n * (unsigned long long)x->opt->rank /
                    (unsigned long long)x->opt->size);
}

static size_t part_len(const run_ctx *x, size_t n) {
    const unsigned long long r = (unsigned long long)x->opt->rank,
                             z = (unsigned long long)x->opt->size;
    return (size_t)((unsigned long long)n * (r + 1) / z - (unsigned long long)n * r / z);
}

/* Runs this process's part of the forecasts of slots tasks[0..n) on the
 * threads, joins the parts of every process (opt->share) and stores them. */
static parley_status run_phase(run_ctx *x, const size_t *tasks, size_t n, parley_error *err) {
    plan *p = x->p;
    const parley_leverage_options *opt = x->opt;
    double *packed = malloc((n ? n : 1) * sizeof *packed);
    parley_status local = packed ? PARLEY_OK : PARLEY_ENOMEM;
    const size_t lo = part_lo(x, n), len = part_len(x, n);
    if (packed) {
        for (size_t k = 0; k < n; ++k)
            packed[k] = NAN;
        int nt = x->threads;
        if ((size_t)nt > len)
            nt = len > 0 ? (int)len : 1;
        const long long first = (long long)lo, end = (long long)(lo + len);
#ifdef _OPENMP
#pragma omp parallel num_threads(nt) default(shared)
#else
        (void)nt;
#endif
        {
            parley_scenario w;
            const parley_status wst = parley_scenario_copy(&w, p->s);
            if (wst != PARLEY_OK) {
#ifdef _OPENMP
#pragma omp critical(parley_leverage_report)
#endif
                {
                    local = PARLEY_ENOMEM;
                    SET_STOP(x->stop, 1);
                }
            }
            long long k;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
            for (k = first; k < end; ++k) {
                int skip;
#ifdef _OPENMP
#pragma omp atomic read
#endif
                skip = x->stop;
                if (skip || wst != PARLEY_OK)
                    continue;
                parley_status fatal = PARLEY_OK;
                packed[k] = eval_slot(p, &w, tasks[k], &fatal);
#ifdef _OPENMP
#pragma omp critical(parley_leverage_report)
#endif
                {
                    if (fatal != PARLEY_OK && local == PARLEY_OK) {
                        local = fatal;
                        SET_STOP(x->stop, 1);
                    }
                    ++x->done;
                    if (opt->progress && !x->stop &&
                        opt->progress(opt->progress_data, x->done, x->total))
                        SET_STOP(x->stop, 2);
                }
            }
            if (wst == PARLEY_OK)
                parley_scenario_destroy(&w);
        }
    }
    if (local == PARLEY_OK && x->stop == 2)
        local = PARLEY_EINVAL;
    parley_status st = local;
    if (opt->size > 1)
        st = opt->share(opt->share_data, packed, n, local);
    if (st == PARLEY_OK)
        for (size_t k = 0; k < n; ++k) {
            p->values[tasks[k]] = packed[k];
            p->ran[tasks[k]] = 1;
        }
    free(packed);
    x->forecasts += n;
    if (st == PARLEY_OK)
        return PARLEY_OK;
    if (local == PARLEY_EINVAL && x->stop == 2)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "cancelled");
    if (st == PARLEY_ENOMEM)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    return parley_error_set(err, st, NULL, 0, 0, "leverage: %s", parley_strstatus(st));
}

/* Runs the forecasts of the kinds in mask for the actors with on[ai] set. */
static parley_status run_kinds(run_ctx *x, const unsigned char *on, unsigned mask,
                               parley_error *err) {
    const size_t n = plan_tasks(x->p, on, mask, 1, NULL);
    size_t *tasks = malloc((n ? n : 1) * sizeof *tasks);
    if (!tasks) {
        parley_status st = PARLEY_ENOMEM;
        if (x->opt->size > 1) /* the other processes wait for this one's part */
            st = x->opt->share(x->opt->share_data, NULL, 0, st);
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    }
    plan_tasks(x->p, on, mask, 1, tasks);
    parley_status st = run_phase(x, tasks, n, err);
    free(tasks);
    return st;
}

/* The screening score of actor ai: the largest, over its issues and
 * models, of |leave effect| and |one-sided position effect| (those the
 * screen runs), each divided by the scale width as in the ranking (-1 when
 * there is none). */
static double screen_score(const plan *p, size_t ai, double step_effect) {
    double best = -1.0;
    const size_t nc = n_cells(p), a = p->sel[ai];
    for (size_t g = 0; g < p->n_groups; ++g) {
        const size_t i = g / p->n_models;
        const parley_cell *c = parley_scenario_cell_const(p->s, a, i);
        if (!c->present)
            continue;
        const double width = p->s->issues[i].hi - p->s->issues[i].lo, base = p->values[nc + g];
        const double *v = p->values + (g * p->n_sel + ai) * N_KINDS;
        parley_leverage_row row[2];
        memset(row, 0, sizeof row);
        row[0].effect = v[K_DROP] - base;
        const int k = moved(p, a, i, K_POS_UP) != c->position ? K_POS_UP : K_POS_DOWN;
        const double x1 = moved(p, a, i, k);
        row[1].effect = x1 == c->position
                            ? 0.0
                            : (v[k] - base) / (x1 - c->position) *
                                  (p->s->issues[i].hi - p->s->issues[i].lo) * step_effect;
        for (int r = 0; r < 2; ++r) {
            if (!(p->screen_kinds & (r == 0 ? 1u << K_DROP : POS_ONE)))
                continue;
            snap_zero(&row[r], width);
            const double key = fabs(row[r].effect) / width;
            if (!isnan(key) && key > best)
                best = key;
        }
    }
    return best;
}

typedef struct {
    double score;
    size_t ai, actor;
} ranked;

static int ranked_cmp(const void *pa, const void *pb) {
    const ranked *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score < b->score ? 1 : -1;
    return (a->actor > b->actor) - (a->actor < b->actor);
}

/* Records the selected actors' screening scores in lev; with k > 0, ranks
 * the actors by them and marks the best k in on[] and lev->refined. */
static parley_status pick_refined(const plan *p, size_t k, double step_effect, unsigned char *on,
                                  parley_leverage *lev) {
    ranked *r = malloc((p->n_sel ? p->n_sel : 1) * sizeof *r);
    lev->screen = malloc((p->s->n_actors ? p->s->n_actors : 1) * sizeof *lev->screen);
    if (k > 0)
        lev->refined = malloc(k * sizeof *lev->refined);
    if (!r || !lev->screen || (k > 0 && !lev->refined)) {
        free(r);
        return PARLEY_ENOMEM;
    }
    for (size_t a = 0; a < p->s->n_actors; ++a)
        lev->screen[a] = NAN;
    for (size_t ai = 0; ai < p->n_sel; ++ai) {
        r[ai].score = screen_score(p, ai, step_effect);
        r[ai].ai = ai;
        r[ai].actor = p->sel[ai];
        lev->screen[p->sel[ai]] = r[ai].score < 0.0 ? NAN : r[ai].score;
    }
    if (k == 0) { /* the scores only */
        free(r);
        return PARLEY_OK;
    }
    qsort(r, p->n_sel, sizeof *r, ranked_cmp);
    memset(on, 0, p->n_sel);
    for (size_t j = 0; j < k; ++j) {
        on[r[j].ai] = 1;
        lev->refined[j] = r[j].actor;
    }
    lev->n_refined = k;
    lev->n_screened = p->n_sel;
    free(r);
    return PARLEY_OK;
}

/* The rows from the filled slots: every row of the actors with on[ai] set
 * (NULL: all), the leave rows of the others when the screen ran them. */
static parley_status assemble(const plan *p, const unsigned char *on, parley_leverage *lev,
                              double step_effect) {
    const parley_scenario *s = p->s;
    const size_t nm = p->n_models, nc = n_cells(p);
    const size_t cap = p->n_groups * p->n_sel * (PARLEY_N_FIELDS + 1);
    keyed *rows = malloc((cap ? cap : 1) * sizeof *rows);
    if (!rows)
        return PARLEY_ENOMEM;
    size_t n = 0;
    for (size_t g = 0; g < p->n_groups; ++g) {
        const size_t i = g / nm, m = g % nm;
        const double base = p->values[nc + g];
        lev->base[g] = base;
        const double width = s->issues[i].hi - s->issues[i].lo;
        for (size_t ai = 0; ai < p->n_sel; ++ai) {
            const size_t a = p->sel[ai];
            const parley_cell *cell = parley_scenario_cell_const(s, a, i);
            if (!cell->present)
                continue;
            const double *v = p->values + (g * p->n_sel + ai) * N_KINDS;
            for (int f = 0; (!on || on[ai]) && f < PARLEY_N_FIELDS; ++f) {
                const double range = ref_range(s, i, (parley_field)f);
                const double v0 = field_value(cell, (parley_field)f);
                const double up = moved(p, a, i, 2 * f), down = moved(p, a, i, 2 * f + 1);
                const double fu = up != v0 ? v[2 * f] : base, fd = down != v0 ? v[2 * f + 1] : base;
                keyed *k = &rows[n++];
                memset(k, 0, sizeof *k);
                k->row.actor = a;
                k->row.issue = i;
                k->row.model = m;
                k->row.field = (parley_field)f;
                k->row.derivative = isnan(base) ? NAN : up == down ? 0.0 : (fu - fd) / (up - down);
                k->row.failed = isnan(k->row.derivative);
                k->row.effect = k->row.derivative * range * step_effect;
                snap_zero(&k->row, width);
                k->key = fabs(k->row.effect) / width;
            }
            if (on && !on[ai] && !(p->screen_kinds & (1u << K_DROP)))
                continue;
            /* the actor leaves the talks */
            const double without = v[K_DROP];
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
    qsort(rows, n, sizeof *rows, keyed_cmp);
    lev->rows = malloc((n ? n : 1) * sizeof *lev->rows);
    if (!lev->rows) {
        free(rows);
        return PARLEY_ENOMEM;
    }
    for (size_t k = 0; k < n; ++k)
        lev->rows[k] = rows[k].row;
    lev->n_rows = n;
    free(rows);
    return PARLEY_OK;
}

/* Does the screen run: K > 0 and fewer than the selected actors. */
static int screening(const plan *p, const parley_leverage_options *opt) {
    return opt->top_actors > 0 && opt->top_actors < p->n_sel;
}

/* The largest number of forecasts any k selected actors need after the
 * screen (bases_known as for plan_tasks). */
static size_t most_for(const plan *p, size_t k, unsigned screen_mask, int bases_known,
                       unsigned char *on) {
    size_t *per = calloc(p->n_sel ? p->n_sel : 1, sizeof *per);
    if (!per)
        return 0;
    for (size_t ai = 0; ai < p->n_sel; ++ai) {
        memset(on, 0, p->n_sel);
        on[ai] = 1;
        per[ai] = plan_tasks(p, on, ALL_KINDS, bases_known, NULL) -
                  plan_tasks(p, on, screen_mask, bases_known, NULL);
    }
    qsort(per, p->n_sel, sizeof *per, cmp_size);
    size_t n = 0;
    for (size_t j = 0; j < k && j < p->n_sel; ++j)
        n += per[p->n_sel - 1 - j];
    free(per);
    return n;
}

parley_status parley_leverage_run(parley_leverage *lev, const parley_scenario *s,
                                  const parley_params *params, size_t n_models,
                                  const parley_leverage_options *opt, parley_error *err) {
    memset(lev, 0, sizeof *lev);
    plan p;
    parley_status st = plan_init(&p, s, params, n_models, opt, err);
    if (st != PARLEY_OK)
        return st;
    run_ctx x;
    memset(&x, 0, sizeof x);
    x.p = &p;
    x.opt = opt;
    x.threads = threads_wanted(opt);
    lev->n_issues = s->n_issues;
    lev->n_models = n_models;
    lev->n_actors = s->n_actors;
    lev->n_selected = p.n_sel;
    lev->screen_kinds = opt->screen ? opt->screen : PARLEY_LEVERAGE_SCREEN_DEFAULT;
    if (opt->actors) {
        lev->selected = malloc((p.n_sel ? p.n_sel : 1) * sizeof *lev->selected);
        if (lev->selected)
            memcpy(lev->selected, p.sel, p.n_sel * sizeof *p.sel);
    }
    lev->base = malloc((p.n_groups ? p.n_groups : 1) * sizeof *lev->base);
    unsigned char *on = malloc(p.n_sel ? p.n_sel : 1);
    size_t *tasks = malloc((p.n_groups ? p.n_groups : 1) * sizeof *tasks);
    if (!lev->base || !on || !tasks || (opt->actors && !lev->selected)) {
        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    /* every thread runs its own forecasts: refuse before starting them */
    st = parley_forecast_check_memory(s, params, n_models, (size_t)x.threads, opt->max_memory, NULL,
                                      err);
    if (st != PARLEY_OK)
        goto done;
    const int screen = screening(&p, opt);
    {
        /* the plan for the progress total: refined up to the top_actors
         * actors with the most forecasts (made exact after the screen) */
        const size_t later = screen ? plan_tasks(&p, NULL, SCREEN_KINDS, 0, NULL) +
                                          most_for(&p, opt->top_actors, SCREEN_KINDS, 0, on)
                                    : plan_tasks(&p, NULL, ALL_KINDS, 0, NULL);
        x.total = part_len(&x, p.n_groups) + part_len(&x, later);
    }
    for (size_t g = 0; g < p.n_groups; ++g)
        tasks[g] = n_cells(&p) + g;
    st = run_phase(&x, tasks, p.n_groups, err);
    if (st == PARLEY_OK && screen) {
        x.total = x.done + part_len(&x, plan_tasks(&p, NULL, SCREEN_KINDS, 1, NULL)) +
                  part_len(&x, most_for(&p, opt->top_actors, SCREEN_KINDS, 1, on));
        st = run_kinds(&x, NULL, SCREEN_KINDS, err);
        if (st == PARLEY_OK &&
            pick_refined(&p, opt->top_actors, opt->step_effect, on, lev) != PARLEY_OK)
            st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
        if (st == PARLEY_OK) {
            x.total = x.done + part_len(&x, plan_tasks(&p, on, ALL_KINDS, 1, NULL));
            st = run_kinds(&x, on, ALL_KINDS, err);
        }
    } else if (st == PARLEY_OK) {
        x.total = x.done + part_len(&x, plan_tasks(&p, NULL, ALL_KINDS, 1, NULL));
        st = run_kinds(&x, NULL, ALL_KINDS, err);
    }
    if (st == PARLEY_OK && !screen && pick_refined(&p, 0, opt->step_effect, on, lev) != PARLEY_OK)
        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    if (st == PARLEY_OK && assemble(&p, screen ? on : NULL, lev, opt->step_effect) != PARLEY_OK)
        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    lev->n_forecasts = x.forecasts;
done:
    free(on);
    free(tasks);
    plan_destroy(&p);
    if (st != PARLEY_OK)
        parley_leverage_destroy(lev);
    return st;
}

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

parley_status parley_leverage_estimate_run(const parley_scenario *s, const parley_params *params,
                                           size_t n_models, const parley_leverage_options *opt,
                                           parley_leverage_estimate *est, parley_error *err) {
    memset(est, 0, sizeof *est);
    plan p;
    parley_status st = plan_init(&p, s, params, n_models, opt, err);
    if (st != PARLEY_OK)
        return st;
    unsigned char *on = malloc(p.n_sel ? p.n_sel : 1);
    double *secs = malloc((p.n_groups ? p.n_groups : 1) * sizeof *secs);
    if (!on || !secs) {
        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    parley_status fatal = PARLEY_OK;
    const size_t nc = n_cells(&p);
    for (size_t g = 0; g < p.n_groups; ++g) {
        const double t0 = now_seconds();
        p.values[nc + g] = forecast_of(s, g / n_models, &params[g % n_models], p.seed, &fatal);
        secs[g] = now_seconds() - t0;
    }
    if (fatal != PARLEY_OK) {
        st = parley_error_set(err, fatal, NULL, 0, 0, "out of memory");
        goto done;
    }
    est->base = p.n_groups;
    const int screen = screening(&p, opt);
    if (screen)
        est->screen = plan_tasks(&p, NULL, SCREEN_KINDS, 1, NULL);
    est->refine = screen ? most_for(&p, opt->top_actors, SCREEN_KINDS, 1, on)
                         : plan_tasks(&p, NULL, ALL_KINDS, 1, NULL);
    est->forecasts = est->base + est->screen + est->refine;
    /* seconds: each forecast costs what its group's base forecast did */
    double total = 0.0;
    for (size_t g = 0; g < p.n_groups; ++g)
        total += secs[g];
    {
        size_t *all = malloc((nc ? nc : 1) * sizeof *all);
        if (!all) {
            st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        const size_t n = plan_tasks(&p, NULL, screen ? SCREEN_KINDS : ALL_KINDS, 1, all);
        for (size_t k = 0; k < n; ++k)
            total += secs[all[k] / N_KINDS / p.n_sel];
        free(all);
        if (screen) { /* the refinement at the groups' mean cost per forecast */
            double sum = 0.0;
            for (size_t g = 0; g < p.n_groups; ++g)
                sum += secs[g];
            total += p.n_groups ? sum / (double)p.n_groups * (double)est->refine : 0.0;
        }
    }
    est->seconds = total;
    est->threads = threads_wanted(opt);
done:
    free(on);
    free(secs);
    plan_destroy(&p);
    return st;
}

parley_status parley_leverage_actors_parse(const parley_scenario *s, const char *text,
                                           unsigned char *chosen, parley_error *err) {
    size_t a = parley_scenario_find_actor(s, text);
    if (a != (size_t)-1) {
        chosen[a] = 1;
        return PARLEY_OK;
    }
    for (const char *p = text;;) {
        const char *comma = strchr(p, ',');
        const size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char name[256];
        if (n == 0)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "'%s': empty name in the list of actors", text);
        if (n >= sizeof name)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "'%.40s...': name too long", p);
        memcpy(name, p, n);
        name[n] = '\0';
        a = parley_scenario_find_actor(s, name);
        if (a == (size_t)-1)
            return parley_i_no_actor(err, s, NULL, name);
        chosen[a] = 1;
        if (!comma)
            return PARLEY_OK;
        p = comma + 1;
    }
}

parley_status parley_leverage_compute(parley_leverage *lev, const parley_scenario *s,
                                      const parley_params *params, size_t n_models, double step,
                                      double step_effect, unsigned long long seed,
                                      parley_error *err) {
    parley_leverage_options o;
    parley_leverage_options_init(&o);
    o.step = step;
    o.step_effect = step_effect;
    o.seed = seed;
    return parley_leverage_run(lev, s, params, n_models, &o, err);
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
    if (actor >= s->n_actors || issue >= s->n_issues || grid_points < 3 ||
        grid_points > PARLEY_BEST_POSITION_MAX_GRID)
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

void parley_best_positions_destroy(parley_best_positions *bp) {
    if (!bp)
        return;
    free(bp->best);
    free(bp->issue);
    free(bp->model);
    memset(bp, 0, sizeof *bp);
}

parley_status parley_i_best_actor_check(const parley_scenario *s, size_t actor, size_t issue,
                                        parley_error *err) {
    for (size_t i = 0; i < s->n_issues; ++i)
        if ((issue == (size_t)-1 || i == issue) && parley_scenario_cell_const(s, actor, i)->present)
            return PARLEY_OK;
    if (issue != (size_t)-1)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "%s takes no part in issue %s",
                                s->actors[actor].name, s->issues[issue].name);
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                            "%s takes part in no issue (an actor dropped by the what-if changes), "
                            "so it has no stated position to search",
                            s->actors[actor].name);
}

parley_status parley_best_positions_init(parley_best_positions *bp, const parley_scenario *s,
                                         const parley_params *params, size_t n_models, size_t actor,
                                         size_t issue, size_t grid_points, unsigned long long seed,
                                         parley_error *err) {
    memset(bp, 0, sizeof *bp);
    if (actor >= s->n_actors || (issue != (size_t)-1 && issue >= s->n_issues))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no such actor or issue");
    parley_status st0 = parley_i_best_actor_check(s, actor, issue, err);
    if (st0 != PARLEY_OK)
        return st0;
    const size_t cap = s->n_issues * n_models + 1;
    bp->best = calloc(cap, sizeof *bp->best);
    bp->issue = calloc(cap, sizeof *bp->issue);
    bp->model = calloc(cap, sizeof *bp->model);
    if (!bp->best || !bp->issue || !bp->model) {
        parley_best_positions_destroy(bp);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < s->n_issues; ++i) {
        if (issue != (size_t)-1 && i != issue)
            continue;
        if (!parley_scenario_cell_const(s, actor, i)->present)
            continue; /* with an issue asked for, the check above refused it */
        for (size_t m = 0; m < n_models; ++m) {
            parley_status st = parley_best_position(s, &params[m], actor, i, grid_points, seed,
                                                    &bp->best[bp->n], err);
            if (st == PARLEY_EDOMAIN)
                continue; /* the model cannot run on this issue */
            if (st != PARLEY_OK)
                return st;
            bp->issue[bp->n] = i;
            bp->model[bp->n++] = m;
        }
    }
    return PARLEY_OK;
}

parley_status parley_leverage_actors_select(const parley_scenario *s, const char *const *texts,
                                            size_t n_texts, size_t *idx, size_t *n_idx,
                                            parley_error *err) {
    *n_idx = 0;
    unsigned char *chosen = calloc(s->n_actors + 1, 1);
    if (!chosen)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_status st = PARLEY_OK;
    for (size_t k = 0; st == PARLEY_OK && k < n_texts; ++k)
        st = parley_leverage_actors_parse(s, texts[k], chosen, err);
    for (size_t a = 0; st == PARLEY_OK && a < s->n_actors; ++a)
        if (chosen[a])
            idx[(*n_idx)++] = a;
    free(chosen);
    return st;
}
