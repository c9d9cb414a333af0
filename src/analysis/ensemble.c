/* Ensembles: replicates of every model configuration on perturbed inputs,
 * summarised in exact integer accumulators (see include/parley/ensemble.h).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include <parley/ensemble.h>
#include <parley/experts.h>
#include <parley/rng.h>

#include "analysis/parallel_i.h"

/* Replicates per scheduling block: the unit of work handed to a thread and
 * the granularity of the progress callback. */
#define BLOCK 256

enum { S_N = 0, S_FAIL, S_SUM, S_SQ_HI, S_SQ_LO, S_FINE };

void parley_perturbation_init(parley_perturbation *p) {
    memset(p, 0, sizeof *p);
    for (int f = 0; f < PARLEY_N_FIELDS; ++f)
        p->noise[f].dist = PARLEY_NOISE_NONE;
}

void parley_perturbation_default(parley_perturbation *p) {
    parley_perturbation_init(p);
    p->noise[PARLEY_FIELD_POSITION] =
        (parley_noise){PARLEY_NOISE_NORMAL, PARLEY_DEFAULT_NOISE_POSITION};
    p->noise[PARLEY_FIELD_SALIENCE] =
        (parley_noise){PARLEY_NOISE_NORMAL, PARLEY_DEFAULT_NOISE_SALIENCE};
    p->noise[PARLEY_FIELD_CAPABILITY] =
        (parley_noise){PARLEY_NOISE_NORMAL, PARLEY_DEFAULT_NOISE_CAPABILITY};
}

int parley_perturbation_is_null(const parley_perturbation *p, size_t n_actors) {
    if (p->drop > 0.0)
        return 0;
    for (int f = 0; f < PARLEY_N_FIELDS; ++f)
        if (p->noise[f].dist != PARLEY_NOISE_NONE && p->noise[f].size > 0.0)
            return 0;
    for (size_t k = 0; p->actor_noise && k < n_actors * PARLEY_N_FIELDS; ++k)
        if (p->actor_noise[k].dist != PARLEY_NOISE_NONE &&
            p->actor_noise[k].dist != PARLEY_NOISE_INHERIT && p->actor_noise[k].size > 0.0)
            return 0;
    return 1;
}

void parley_ensemble_options_init(parley_ensemble_options *o) {
    memset(o, 0, sizeof *o);
}

uint64_t parley_ensemble_subseed(uint64_t seed, unsigned family) {
    uint64_t z = seed + (uint64_t)family + 1u;
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* ------------------------------------------------------------ perturbing */

static double draw(parley_rng *rng, const parley_noise *nz) {
    if (nz->dist == PARLEY_NOISE_NORMAL)
        return nz->size * parley_rng_normal(rng);
    return nz->size * (2.0 * parley_rng_uniform(rng) - 1.0);
}

static const parley_noise *noise_of(const parley_perturbation *p, size_t a, int f) {
    if (p->actor_noise) {
        const parley_noise *o = &p->actor_noise[a * PARLEY_N_FIELDS + (size_t)f];
        if (o->dist != PARLEY_NOISE_INHERIT)
            return o;
    }
    return &p->noise[f];
}

static int valid_noise(const parley_noise *nz, int allow_inherit) {
    if (nz->dist == PARLEY_NOISE_INHERIT)
        return allow_inherit;
    if (nz->dist != PARLEY_NOISE_NONE && nz->dist != PARLEY_NOISE_NORMAL &&
        nz->dist != PARLEY_NOISE_UNIFORM)
        return 0;
    return nz->size >= 0.0 && isfinite(nz->size);
}

static double clamp(double x, double lo, double hi) {
    return x < lo ? lo : x > hi ? hi : x;
}

static parley_status check_perturbation(const parley_perturbation *p, size_t n_actors,
                                        parley_error *err) {
    for (int f = 0; f < PARLEY_N_FIELDS; ++f)
        if (!valid_noise(&p->noise[f], 0))
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "noise needs a distribution (none, normal, uniform) and a "
                                    "finite size >= 0");
    for (size_t k = 0; p->actor_noise && k < n_actors * PARLEY_N_FIELDS; ++k)
        if (!valid_noise(&p->actor_noise[k], 1))
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "per-actor noise needs a distribution and a finite size >= 0");
    if (!(p->drop >= 0.0 && p->drop <= 1.0))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the drop probability must lie in [0, 1], not %g", p->drop);
    return PARLEY_OK;
}

parley_status parley_ensemble_perturb(parley_scenario *dst, const parley_scenario *base,
                                      const parley_perturbation *p, uint64_t seed, uint64_t k,
                                      unsigned char *dropped, parley_error *err) {
    const size_t na = base->n_actors, ni = base->n_issues;
    if (dst->n_actors != na || dst->n_issues != ni)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the perturbed scenario must be a copy of the base");
    parley_status st = check_perturbation(p, na, err);
    if (st != PARLEY_OK)
        return st;
    for (size_t c = 0; c < na * ni; ++c) {
        dst->cells[c].present = base->cells[c].present;
        dst->cells[c].position = base->cells[c].position;
        dst->cells[c].salience = base->cells[c].salience;
        dst->cells[c].capability = base->cells[c].capability;
    }
    parley_rng rng;
    /* positions: one draw per present cell, scaled by the issue's width */
    parley_rng_init(&rng, parley_ensemble_subseed(seed, PARLEY_FIELD_POSITION), k);
    for (size_t a = 0; a < na; ++a) {
        const parley_noise *nz = noise_of(p, a, PARLEY_FIELD_POSITION);
        if (nz->dist == PARLEY_NOISE_NONE)
            continue;
        for (size_t i = 0; i < ni; ++i) {
            parley_cell *c = &dst->cells[a * ni + i];
            if (!c->present)
                continue;
            const parley_issue *is = &base->issues[i];
            c->position = clamp(c->position + draw(&rng, nz) * (is->hi - is->lo), is->lo, is->hi);
        }
    }
    parley_rng_init(&rng, parley_ensemble_subseed(seed, PARLEY_FIELD_SALIENCE), k);
    for (size_t a = 0; a < na; ++a) {
        const parley_noise *nz = noise_of(p, a, PARLEY_FIELD_SALIENCE);
        if (nz->dist == PARLEY_NOISE_NONE)
            continue;
        for (size_t i = 0; i < ni; ++i) {
            parley_cell *c = &dst->cells[a * ni + i];
            if (c->present)
                c->salience = clamp(c->salience + draw(&rng, nz), 0.0, 1.0);
        }
    }
    /* capability: one relative draw per actor, applied to all its cells */
    parley_rng_init(&rng, parley_ensemble_subseed(seed, PARLEY_FIELD_CAPABILITY), k);
    for (size_t a = 0; a < na; ++a) {
        const parley_noise *nz = noise_of(p, a, PARLEY_FIELD_CAPABILITY);
        if (nz->dist == PARLEY_NOISE_NONE)
            continue;
        double factor = 1.0 + draw(&rng, nz);
        if (factor < 0.0)
            factor = 0.0;
        for (size_t i = 0; i < ni; ++i)
            dst->cells[a * ni + i].capability *= factor;
    }
    /* drops: one draw per actor when the probability is positive */
    parley_rng_init(&rng, parley_ensemble_subseed(seed, 3), k);
    for (size_t a = 0; a < na; ++a) {
        int gone = p->drop > 0.0 && parley_rng_uniform(&rng) < p->drop;
        if (dropped)
            dropped[a] = (unsigned char)gone;
        if (gone)
            for (size_t i = 0; i < ni; ++i)
                dst->cells[a * ni + i].present = 0;
    }
    return PARLEY_OK;
}

/* -------------------------------------------------------------- summary */

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void parley_ensemble_summary_destroy(parley_ensemble_summary *sum) {
    if (!sum)
        return;
    free(sum->lo);
    free(sum->hi);
    free(sum->n_bands);
    free(sum->band_lo);
    free(sum->band_hi);
    free(sum->sums);
    free(sum->mins);
    free(sum->maxs);
    memset(sum, 0, sizeof *sum);
}

parley_status parley_ensemble_summary_init(parley_ensemble_summary *sum, const parley_scenario *s,
                                           size_t n_configs, size_t bins) {
    memset(sum, 0, sizeof *sum);
    if (bins == 0 || bins > PARLEY_ENSEMBLE_MAX_BINS || n_configs == 0 || s->n_issues == 0)
        return PARLEY_EINVAL;
    const size_t ni = s->n_issues;
    size_t mb = 0;
    for (size_t i = 0; i < ni; ++i)
        if (s->issues[i].n_labels > mb)
            mb = s->issues[i].n_labels;
    sum->n_issues = ni;
    sum->n_configs = n_configs;
    sum->bins = bins;
    sum->max_bands = mb;
    sum->sum_stride = S_FINE + PARLEY_ENSEMBLE_FINE_BINS + bins + mb;
    sum->ext_stride = 1 + PARLEY_ENSEMBLE_FINE_BINS;
    const size_t cells = ni * n_configs;
    sum->sums_len = cells * sum->sum_stride;
    sum->ext_len = cells * sum->ext_stride;
    sum->lo = malloc(ni * sizeof *sum->lo);
    sum->hi = malloc(ni * sizeof *sum->hi);
    sum->n_bands = calloc(ni, sizeof *sum->n_bands);
    sum->band_lo = calloc(ni * (mb ? mb : 1), sizeof *sum->band_lo);
    sum->band_hi = calloc(ni * (mb ? mb : 1), sizeof *sum->band_hi);
    sum->sums = calloc(sum->sums_len, sizeof *sum->sums);
    sum->mins = malloc(sum->ext_len * sizeof *sum->mins);
    sum->maxs = calloc(sum->ext_len, sizeof *sum->maxs);
    double *pts = malloc((mb ? mb : 1) * sizeof *pts);
    if (!sum->lo || !sum->hi || !sum->n_bands || !sum->band_lo || !sum->band_hi || !sum->sums ||
        !sum->mins || !sum->maxs || !pts) {
        free(pts);
        parley_ensemble_summary_destroy(sum);
        return PARLEY_ENOMEM;
    }
    for (size_t k = 0; k < sum->ext_len; ++k)
        sum->mins[k] = UINT64_MAX;
    for (size_t i = 0; i < ni; ++i) {
        const parley_issue *is = &s->issues[i];
        sum->lo[i] = is->lo;
        sum->hi[i] = is->hi;
        sum->n_bands[i] = is->n_labels;
        for (size_t l = 0; l < is->n_labels; ++l)
            pts[l] = is->labels[l].point;
        qsort(pts, is->n_labels, sizeof *pts, cmp_double);
        for (size_t l = 0; l < is->n_labels; ++l) {
            sum->band_lo[i * mb + l] = l == 0 ? is->lo : 0.5 * (pts[l - 1] + pts[l]);
            sum->band_hi[i * mb + l] = l + 1 == is->n_labels ? is->hi : 0.5 * (pts[l] + pts[l + 1]);
        }
    }
    free(pts);
    return PARLEY_OK;
}

static uint64_t quantise(const parley_ensemble_summary *sum, size_t i, double x) {
    double u = (x - sum->lo[i]) / (sum->hi[i] - sum->lo[i]);
    if (!(u > 0.0))
        u = 0.0;
    if (u > 1.0)
        u = 1.0;
    return (uint64_t)llround(u * (double)PARLEY_ENSEMBLE_STEPS);
}

/* The decimal precision matched to the quantisation: the largest power of
 * ten 10^-p with 10^-p >= the grid step (hi - lo)/STEPS.  The grid moves a
 * value by at most half a step <= half of 10^-p, so rounding a dequantised
 * value to p decimals gives back exactly every value with at most p
 * decimals (12.5 rather than 12.49999998 on a 0-60 scale, where p = 7). */
static long double decimal_unit(const parley_ensemble_summary *sum, size_t i) {
    const double step = (sum->hi[i] - sum->lo[i]) / (double)PARLEY_ENSEMBLE_STEPS;
    return powl(10.0L, ceill(log10l((long double)step) - 1e-12L));
}

/* x rounded to the nearest multiple of unit (see decimal_unit), computed
 * so that the result is the double nearest the decimal number. */
static long double snap_decimal(long double x, long double unit) {
    if (!(unit > 0.0L) || !isfinite((double)x))
        return x;
    if (unit < 1.0L) {
        const long double per = roundl(1.0L / unit); /* 10^p, exact */
        const long double k = roundl(x * per);
        if (fabsl(k) > 9.0e18L) /* beyond long double's exact integers: leave it */
            return x;
        return k / per;
    }
    return roundl(x / unit) * unit;
}

static double dequantise(const parley_ensemble_summary *sum, size_t i, long double q) {
    const long double x =
        (long double)sum->lo[i] + q / (long double)PARLEY_ENSEMBLE_STEPS *
                                      ((long double)sum->hi[i] - (long double)sum->lo[i]);
    return (double)snap_decimal(x, decimal_unit(sum, i));
}

void parley_ensemble_summary_add(parley_ensemble_summary *sum, size_t issue, size_t config,
                                 double x) {
    const size_t cell = issue * sum->n_configs + config;
    uint64_t *s = sum->sums + cell * sum->sum_stride;
    if (isnan(x)) {
        ++s[S_FAIL];
        return;
    }
    const uint64_t q = quantise(sum, issue, x);
    const uint64_t q2 = q * q; /* q <= 10^9 < 2^30, so q^2 < 2^60 */
    ++s[S_N];
    s[S_SUM] += q;
    s[S_SQ_HI] += q2 >> 32;
    s[S_SQ_LO] += q2 & 0xffffffffULL;
    size_t fb = (size_t)(q * PARLEY_ENSEMBLE_FINE_BINS / PARLEY_ENSEMBLE_STEPS);
    if (fb >= PARLEY_ENSEMBLE_FINE_BINS)
        fb = PARLEY_ENSEMBLE_FINE_BINS - 1;
    ++s[S_FINE + fb];
    size_t db = (size_t)(q * (uint64_t)sum->bins / PARLEY_ENSEMBLE_STEPS);
    if (db >= sum->bins)
        db = sum->bins - 1;
    ++s[S_FINE + PARLEY_ENSEMBLE_FINE_BINS + db];
    const size_t mb = sum->max_bands;
    for (size_t l = 0; l < sum->n_bands[issue]; ++l) {
        const int last = l + 1 == sum->n_bands[issue];
        if (x >= sum->band_lo[issue * mb + l] && (x < sum->band_hi[issue * mb + l] || last)) {
            ++s[S_FINE + PARLEY_ENSEMBLE_FINE_BINS + sum->bins + l];
            break;
        }
    }
    uint64_t *mn = sum->mins + cell * sum->ext_stride, *mx = sum->maxs + cell * sum->ext_stride;
    if (q < mn[0])
        mn[0] = q;
    if (q > mx[0])
        mx[0] = q;
    if (q < mn[1 + fb])
        mn[1 + fb] = q;
    if (q > mx[1 + fb])
        mx[1 + fb] = q;
}

parley_status parley_ensemble_summary_merge(parley_ensemble_summary *dst,
                                            const parley_ensemble_summary *src) {
    if (dst->sums_len != src->sums_len || dst->ext_len != src->ext_len)
        return PARLEY_EINVAL;
    for (size_t k = 0; k < dst->sums_len; ++k)
        dst->sums[k] += src->sums[k];
    for (size_t k = 0; k < dst->ext_len; ++k) {
        if (src->mins[k] < dst->mins[k])
            dst->mins[k] = src->mins[k];
        if (src->maxs[k] > dst->maxs[k])
            dst->maxs[k] = src->maxs[k];
    }
    return PARLEY_OK;
}

/* Estimate of the j-th smallest quantised forecast (0-based): the fine bin
 * holding it, then a linear spread between that bin's smallest and largest
 * value, so the estimate lies within the bin's observed range. */
static long double order_stat(const uint64_t *fine, const uint64_t *mn, const uint64_t *mx,
                              uint64_t j) {
    uint64_t before = 0;
    for (size_t b = 0; b < PARLEY_ENSEMBLE_FINE_BINS; ++b) {
        const uint64_t c = fine[b];
        if (j < before + c) {
            if (c == 1 || mn[b] == mx[b])
                return (long double)mn[b];
            return (long double)mn[b] +
                   (long double)(mx[b] - mn[b]) * (long double)(j - before) / (long double)(c - 1);
        }
        before += c;
    }
    return 0.0L;
}

void parley_ensemble_stats_get(const parley_ensemble_summary *sum, size_t issue, size_t config,
                               parley_ensemble_stats *st) {
    static const double probs[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
    const size_t cell = issue * sum->n_configs + config;
    const uint64_t *s = sum->sums + cell * sum->sum_stride;
    const uint64_t *mn = sum->mins + cell * sum->ext_stride,
                   *mx = sum->maxs + cell * sum->ext_stride;
    memset(st, 0, sizeof *st);
    st->n = s[S_N];
    st->n_failed = s[S_FAIL];
    st->hist = s + S_FINE + PARLEY_ENSEMBLE_FINE_BINS;
    st->bands = st->hist + sum->bins;
    st->n_bands = sum->n_bands[issue];
    if (st->n == 0) {
        st->mean = st->sd = st->min = st->max = NAN;
        for (int k = 0; k < 5; ++k)
            st->q[k] = NAN;
        return;
    }
    const long double n = (long double)st->n;
    const long double sq = (long double)s[S_SQ_HI] * 4294967296.0L + (long double)s[S_SQ_LO];
    const long double sm = (long double)s[S_SUM];
    st->mean = dequantise(sum, issue, sm / n);
    st->sd = 0.0;
    if (st->n > 1) {
#ifdef __SIZEOF_INT128__
        /* n sum q^2 - (sum q)^2 exactly in 128 bits (n < 2^32, q <= 10^9:
         * both terms < 2^125), so identical forecasts give sd = 0 exactly */
        __extension__ typedef unsigned __int128 u128;
        const u128 sq128 = ((u128)s[S_SQ_HI] << 32) + (u128)s[S_SQ_LO];
        const u128 a = (u128)st->n * sq128, b = (u128)s[S_SUM] * (u128)s[S_SUM];
        long double var = a > b ? (long double)(a - b) / (n * (n - 1.0L)) : 0.0L;
        (void)sq;
#else
        long double var = (sq - sm * sm / n) / (n - 1.0L);
        if (var < 0.0L)
            var = 0.0L;
#endif
        st->sd =
            (double)snap_decimal(sqrtl(var) / (long double)PARLEY_ENSEMBLE_STEPS *
                                     ((long double)sum->hi[issue] - (long double)sum->lo[issue]),
                                 decimal_unit(sum, issue));
    }
    st->min = dequantise(sum, issue, (long double)mn[0]);
    st->max = dequantise(sum, issue, (long double)mx[0]);
    for (int k = 0; k < 5; ++k) {
        const long double h = (long double)probs[k] * (n - 1.0L);
        const uint64_t j = (uint64_t)h;
        const long double frac = h - (long double)j;
        long double v = order_stat(s + S_FINE, mn + 1, mx + 1, j);
        if (frac > 0.0L && j + 1 < st->n)
            v += frac * (order_stat(s + S_FINE, mn + 1, mx + 1, j + 1) - v);
        st->q[k] = dequantise(sum, issue, v);
    }
}

/* -------------------------------------------------------------- running */

typedef struct {
    parley_scenario s;     /* the perturbed copy */
    parley_scenario drawn; /* with experts: the table drawn from their codings */
    double *fc;            /* BLOCK x cells forecasts */
    unsigned char *drops;  /* BLOCK x n_actors */
    parley_ensemble_summary sum;
} worker;

static void worker_destroy(worker *w) {
    parley_scenario_destroy(&w->s);
    parley_scenario_destroy(&w->drawn);
    free(w->fc);
    free(w->drops);
    parley_ensemble_summary_destroy(&w->sum);
}

static parley_status worker_init(worker *w, const parley_scenario *s, int experts, size_t n_configs,
                                 size_t bins) {
    memset(w, 0, sizeof *w);
    const size_t na = s->n_actors ? s->n_actors : 1;
    parley_status st = parley_scenario_copy(&w->s, s);
    if (st == PARLEY_OK && experts)
        st = parley_scenario_copy(&w->drawn, s);
    if (st == PARLEY_OK)
        st = parley_ensemble_summary_init(&w->sum, s, n_configs, bins);
    w->fc = malloc(BLOCK * s->n_issues * n_configs * sizeof *w->fc);
    w->drops = malloc(BLOCK * na);
    if (st == PARLEY_OK && (!w->fc || !w->drops))
        st = PARLEY_ENOMEM;
    if (st != PARLEY_OK)
        worker_destroy(w);
    return st;
}

/* What the threads of a run share. */
typedef struct {
    const parley_scenario *s;
    const parley_experts *experts; /* NULL: perturb s only */
    parley_experts_draw draw;
    const parley_params *params;
    size_t n_configs, cells, na;
    const parley_perturbation *pert;
    const parley_ensemble_options *opt;
    uint64_t first, count, total, done;
    parley_status status;
    parley_error first_err;
    int stop; /* 1 = error, 2 = cancelled by a callback */
} run_ctx;

/* One replicate into fc (cells values) and drops; errors: ENOMEM, EINVAL.
 * With experts, the replicate's table is drawn from their codings first
 * and then perturbed. */
static parley_status replicate(worker *w, const run_ctx *x, uint64_t k, double *fc,
                               unsigned char *drops, parley_error *err) {
    const parley_scenario *base = x->s;
    const parley_params *params = x->params;
    const size_t n_configs = x->n_configs;
    const uint64_t seed = x->opt->seed;
    parley_status st = PARLEY_OK;
    if (x->experts) {
        st = parley_experts_draw_table(x->experts, x->draw, seed, k, &w->drawn, err);
        base = &w->drawn;
    }
    if (st == PARLEY_OK)
        st = parley_ensemble_perturb(&w->s, base, x->pert, seed, k, drops, err);
    if (st != PARLEY_OK)
        return st;
    parley_forecast f;
    st = parley_forecast_init_seeded(&f, &w->s, params, n_configs, 0, seed, k, err);
    if (st != PARLEY_OK)
        return st;
    for (size_t i = 0; i < base->n_issues; ++i)
        for (size_t m = 0; m < n_configs; ++m) {
            const parley_run *r = parley_forecast_run(&f, i, m);
            fc[i * n_configs + m] = r->status == PARLEY_OK ? r->outcome.forecast : NAN;
        }
    parley_forecast_destroy(&f);
    return PARLEY_OK;
}

/* Computes block b into the worker; returns the block's replicate count. */
static uint64_t compute_block(run_ctx *x, worker *w, long long b, parley_status *bst,
                              parley_error *berr) {
    const uint64_t k0 = x->first + (uint64_t)b * BLOCK;
    uint64_t kn = x->count - (uint64_t)b * BLOCK;
    if (kn > BLOCK)
        kn = BLOCK;
    int skip;
#ifdef _OPENMP
#pragma omp atomic read
#endif
    skip = x->stop;
    *bst = PARLEY_OK;
    parley_error_clear(berr);
    for (uint64_t r = 0; !skip && r < kn && *bst == PARLEY_OK; ++r) {
        double *fc = w->fc + r * x->cells;
        *bst = replicate(w, x, k0 + r, fc, w->drops + r * (x->na ? x->na : 1), berr);
        if (*bst == PARLEY_OK)
            for (size_t c = 0; c < x->cells; ++c)
                parley_ensemble_summary_add(&w->sum, c / x->n_configs, c % x->n_configs, fc[c]);
    }
    return kn;
}

/* Reports block b (errors, rows, progress); called by one thread at a time. */
static void report_block(run_ctx *x, worker *w, long long b, uint64_t kn, parley_status bst,
                         const parley_error *berr) {
    const uint64_t k0 = x->first + (uint64_t)b * BLOCK;
    if (bst != PARLEY_OK && x->status == PARLEY_OK) {
        x->status = bst;
        x->first_err = *berr;
        SET_STOP(x->stop, 1);
    }
    x->done += kn;
    if (x->stop)
        return;
    for (uint64_t r = 0; r < kn && x->opt->on_replicate; ++r)
        if (x->opt->on_replicate(x->opt->replicate_data, k0 + r, w->fc + r * x->cells,
                                 w->drops + r * (x->na ? x->na : 1))) {
            SET_STOP(x->stop, 2);
            return;
        }
    if (x->opt->progress &&
        x->opt->progress(x->opt->progress_data, (size_t)x->done, (size_t)x->total))
        SET_STOP(x->stop, 2);
}

/* parley_ensemble_run, with experts (may be NULL) drawing each
 * replicate's table from their codings (then s is their aggregate). */
static parley_status run_ensemble(const parley_scenario *s, const parley_experts *experts,
                                  parley_experts_draw draw, const parley_params *params,
                                  size_t n_configs, const parley_perturbation *pert,
                                  const parley_ensemble_options *opt, parley_ensemble_summary *sum,
                                  parley_error *err) {
    if (n_configs == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no model selected");
    if (sum->n_issues != s->n_issues || sum->n_configs != n_configs)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the summary does not match the scenario and models");
    parley_status st = check_perturbation(pert, s->n_actors, err);
    if (st != PARLEY_OK)
        return st;
    run_ctx x;
    memset(&x, 0, sizeof x);
    x.s = s;
    x.experts = experts;
    x.draw = draw;
    x.params = params;
    x.n_configs = n_configs;
    x.cells = s->n_issues * n_configs;
    x.na = s->n_actors;
    x.pert = pert;
    x.opt = opt;
    x.first = opt->first;
    x.count = opt->count;
    x.total = opt->total ? opt->total : opt->count;
    x.status = PARLEY_OK;
    parley_error_clear(&x.first_err);
    const long long n_blocks = (long long)((x.count + BLOCK - 1) / BLOCK);
    /* Rows must come out in replicate order: an ordered loop.  Otherwise
     * blocks are reported in any order (the summary is exact), which avoids
     * threads waiting for each other. */
    const int in_order = opt->on_replicate != NULL;

    /* never more threads than blocks of work: a 10-replicate run is one
     * block, whatever OMP_NUM_THREADS or opt->threads asks for */
#ifdef _OPENMP
    int nthreads = opt->threads > 0 ? opt->threads : omp_get_max_threads();
#else
    int nthreads = 1;
#endif
    if (nthreads < 1)
        nthreads = 1;
    if ((long long)nthreads > n_blocks)
        nthreads = n_blocks > 0 ? (int)n_blocks : 1;
    /* every thread runs its own forecasts: refuse before allocating */
    st = parley_forecast_check_memory(s, params, n_configs, (size_t)nthreads, opt->max_memory, NULL,
                                      err);
    if (st != PARLEY_OK)
        return st;
#ifdef _OPENMP
#pragma omp parallel num_threads(nthreads) default(shared)
#endif
    {
        worker w;
        parley_status wst = worker_init(&w, s, experts != NULL, n_configs, sum->bins);
        if (wst != PARLEY_OK) {
#ifdef _OPENMP
#pragma omp critical(parley_ensemble_report)
#endif
            {
                if (x.status == PARLEY_OK)
                    x.status = wst;
                SET_STOP(x.stop, 1);
            }
        }
        parley_status bst = PARLEY_OK;
        parley_error berr;
        long long b;
        if (in_order) {
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1) ordered
#endif
            for (b = 0; b < n_blocks; ++b) {
                uint64_t kn = wst == PARLEY_OK ? compute_block(&x, &w, b, &bst, &berr) : 0;
#ifdef _OPENMP
#pragma omp ordered
#endif
                if (wst == PARLEY_OK)
                    report_block(&x, &w, b, kn, bst, &berr);
            }
        } else {
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
            for (b = 0; b < n_blocks; ++b) {
                uint64_t kn = wst == PARLEY_OK ? compute_block(&x, &w, b, &bst, &berr) : 0;
#ifdef _OPENMP
#pragma omp critical(parley_ensemble_report)
#endif
                if (wst == PARLEY_OK)
                    report_block(&x, &w, b, kn, bst, &berr);
            }
        }
        if (wst == PARLEY_OK) {
#ifdef _OPENMP
#pragma omp critical(parley_ensemble_merge)
#endif
            parley_ensemble_summary_merge(sum, &w.sum);
            worker_destroy(&w);
        }
    }
    if (x.status != PARLEY_OK) {
        if (err && x.first_err.status != PARLEY_OK)
            *err = x.first_err;
        else
            parley_error_set(err, x.status, NULL, 0, 0, "%s", parley_strstatus(x.status));
        return x.status;
    }
    if (x.stop == 2)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "cancelled");
    return PARLEY_OK;
}

parley_status parley_ensemble_options_share(parley_ensemble_options *o, uint64_t replicates,
                                            uint64_t part, uint64_t parts) {
    if (!o || parts == 0 || part >= parts)
        return PARLEY_EINVAL;
    o->first = replicates * part / parts;
    o->count = replicates * (part + 1) / parts - o->first;
    o->total = o->count;
    return PARLEY_OK;
}

parley_status parley_ensemble_run(const parley_scenario *s, const parley_params *params,
                                  size_t n_configs, const parley_perturbation *pert,
                                  const parley_ensemble_options *opt, parley_ensemble_summary *sum,
                                  parley_error *err) {
    return run_ensemble(s, NULL, PARLEY_EXPERTS_DRAW_CELL, params, n_configs, pert, opt, sum, err);
}

parley_status parley_ensemble_run_experts(const parley_experts *ex, parley_experts_draw mode,
                                          const parley_params *params, size_t n_configs,
                                          const parley_perturbation *pert,
                                          const parley_ensemble_options *opt,
                                          parley_ensemble_summary *sum, parley_error *err) {
    if (ex->n_experts == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no expert coding given");
    if (mode != PARLEY_EXPERTS_DRAW_CELL && mode != PARLEY_EXPERTS_DRAW_EXPERT)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the experts draw must be per cell or per expert");
    return run_ensemble(&ex->aggregate, ex, mode, params, n_configs, pert, opt, sum, err);
}
