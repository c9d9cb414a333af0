/* Bueno de Mesquita's expected utility (challenge) model.
 *
 * Written from the specification in docs/models.md, which follows
 * Bueno de Mesquita (1994) "Political forecasting: an expected utility
 * method", BDM (1997, 2002), Scholz, Calbert & Smith (2011) J. Theoretical
 * Politics 23(4):510-531, and Masad (2016).  Section numbers (§) below refer
 * to the expected-utility specification reproduced in docs/models.md.
 *
 * Per round: O(u^2 n + n^2 log n) for the probabilities of the u <= n
 * distinct positions (computed once per risk state, two states per round),
 * O(n^2) expected-utility evaluations for the dangers and O(n^2) for the
 * offers, so O(n^3) in the worst case; O(n u + u^2) memory plus the history.
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "models/eu_i.h"

/* ---------------------------------------------------------------- params */

/* The presets (docs/models.md §3.6).  scholz2011 reproduces the Scholz
 * port's quirks S1-S5 and S10; bdm1994 is the textbook form. */
static const parley_eu_params preset_scholz = {
    .preset = "scholz2011",
    .probability = PARLEY_EU_PROB_ALL_PAIRS,
    .risk_in_votes = 1,
    .capitulation = 0,
    .choice = PARLEY_EU_CHOICE_SCHOLZ,
    .delta_from_data = 1,
    .q = 1.0,
    .t = 1.0,
    .max_rounds = 10,
    .stop_fixed_point = 0,
    .stop_cycle = 0,
    .stop_converged = 0,
    .conv_eps = 1e-3,
    .conv_rounds = 2,
    .median_rule = PARLEY_MEDIAN_LOWER,
};

static const parley_eu_params preset_bdm = {
    .preset = "bdm1994",
    .probability = PARLEY_EU_PROB_PAIRWISE,
    .risk_in_votes = 0,
    .capitulation = 1,
    .choice = PARLEY_EU_CHOICE_LEAST_MOVEMENT,
    .delta_from_data = 0,
    .q = 1.0,
    .t = 1.0,
    .max_rounds = 100,
    .stop_fixed_point = 1,
    .stop_cycle = 1,
    .stop_converged = 1,
    .conv_eps = 1e-3,
    .conv_rounds = 2,
    .median_rule = PARLEY_MEDIAN_LOWER,
};

parley_status parley_eu_params_preset(parley_eu_params *p, const char *preset, parley_error *err) {
    if (strcmp(preset, "scholz2011") == 0)
        *p = preset_scholz;
    else if (strcmp(preset, "bdm1994") == 0)
        *p = preset_bdm;
    else
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "unknown preset '%s' of the expected utility model "
                                "(expected scholz2011 or bdm1994)",
                                preset);
    return PARLEY_OK;
}

static parley_status parse_stop(void *params, const char *value, parley_error *err) {
    parley_eu_params *p = params;
    int fp = 0, cy = 0, cv = 0;
    const char *s = value;
    if (!*s)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "stop rules are a comma list of rounds, fixed-point, cycle, "
                                "converged (or none), not an empty string");
    while (*s) {
        size_t len = strcspn(s, ",");
        if (len == 11 && strncmp(s, "fixed-point", 11) == 0)
            fp = 1;
        else if (len == 5 && strncmp(s, "cycle", 5) == 0)
            cy = 1;
        else if (len == 9 && strncmp(s, "converged", 9) == 0)
            cv = 1;
        else if (len == 6 && strncmp(s, "rounds", 6) == 0)
            ;
        else if (len == 4 && strncmp(s, "none", 4) == 0)
            ;
        else
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "stop rules are a comma list of rounds, fixed-point, cycle, "
                                    "converged (or none), not '%s'",
                                    value);
        s += len;
        if (*s == ',')
            ++s;
    }
    p->stop_fixed_point = fp;
    p->stop_cycle = cy;
    p->stop_converged = cv;
    return PARLEY_OK;
}

/* The preset whose rules p follows (the round limit aside), or "custom". */
static const char *preset_name_of(const parley_eu_params *p) {
    const parley_eu_params *presets[] = {&preset_scholz, &preset_bdm};
    for (size_t k = 0; k < 2; ++k) {
        const parley_eu_params *q = presets[k];
        if (p->probability == q->probability && p->risk_in_votes == q->risk_in_votes &&
            p->capitulation == q->capitulation && p->choice == q->choice &&
            p->delta_from_data == q->delta_from_data && p->q == q->q && p->t == q->t &&
            p->stop_fixed_point == q->stop_fixed_point && p->stop_cycle == q->stop_cycle &&
            p->stop_converged == q->stop_converged && p->conv_eps == q->conv_eps &&
            p->conv_rounds == q->conv_rounds && p->median_rule == q->median_rule)
            return q->preset;
    }
    return "custom";
}

static parley_status check_stop(const void *params, parley_error *err) {
    const parley_eu_params *p = params;
    const int rules[] = {p->stop_fixed_point, p->stop_cycle, p->stop_converged};
    for (size_t k = 0; k < 3; ++k)
        if (rules[k] != 0 && rules[k] != 1)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "eu.stop: stop_fixed_point, stop_cycle and stop_converged "
                                    "must be 0 (off) or 1 (on), not %d",
                                    rules[k]);
    return PARLEY_OK;
}

/* The preset's name: one of the presets or "custom" (a hand-filled struct
 * may hold anything, and describe prints it). */
static parley_status check_preset(const void *params, parley_error *err) {
    const parley_eu_params *p = params;
    if (p->preset && (strcmp(p->preset, "scholz2011") == 0 || strcmp(p->preset, "bdm1994") == 0 ||
                      strcmp(p->preset, "custom") == 0))
        return PARLEY_OK;
    if (!p->preset)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "eu.preset must be scholz2011, bdm1994 or custom, not NULL");
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                            "eu.preset must be scholz2011, bdm1994 or custom, not '%.64s'",
                            p->preset);
}

static parley_status parse_preset(void *params, const char *value, parley_error *err) {
    return parley_eu_params_preset(params, value, err);
}

/* After a rule changed: the preset the rules now follow, or "custom". */
static void eu_changed(void *params, const parley_param_def *def) {
    (void)def;
    parley_eu_params *p = params;
    p->preset = preset_name_of(p);
}

PARLEY_I_CHOICE_ENUM(parley_eu_probability);
PARLEY_I_CHOICE_ENUM(parley_eu_choice);

static const parley_param_choice probability_names[] = {
    {"all-pairs", PARLEY_EU_PROB_ALL_PAIRS}, {"pairwise", PARLEY_EU_PROB_PAIRWISE}, {NULL, 0}};
static const parley_param_choice choice_names[] = {
    {"scholz", PARLEY_EU_CHOICE_SCHOLZ},
    {"least-movement", PARLEY_EU_CHOICE_LEAST_MOVEMENT},
    {NULL, 0}};
static const parley_param_choice delta_names[] = {{"data", 1}, {"bounds", 0}, {NULL, 0}};

#define EU parley_eu_params
#define RULE .flags = PARLEY_PARAM_RULE

/* The parameters of --param eu.KEY=VALUE (docs/models.md §3.6), in the
 * order completion lists them.  Rules (RULE) rename the preset; rounds,
 * shock, seed and stream do not. */
static const parley_param_def eu_defs[] = {
    PARLEY_I_CUSTOM("preset", parse_preset, check_preset,
                    .doc = "scholz2011 or bdm1994; resets every other parameter, so set it first"),
    PARLEY_I_COUNT("rounds", EU, max_rounds, .doc = "round limit"),
    PARLEY_I_CHOICE("probability", EU, probability, probability_names, RULE,
                    .doc = "normalisation of P_ij (S1): all-pairs (Scholz port) or pairwise (BDM)"),
    PARLEY_I_FLAG("risk-in-votes", EU, risk_in_votes, RULE,
                  .doc = "votes inside P use each voter's risk exponent (S2)"),
    PARLEY_I_FLAG("capitulation", EU, capitulation, RULE,
                  .doc = "the capitulation region is reachable (S3)"),
    PARLEY_I_CHOICE("choice", EU, choice, choice_names, RULE,
                    .doc = "how a receiver picks among its offers (S4, S5)"),
    PARLEY_I_CHOICE("delta", EU, delta_from_data, delta_names, RULE,
                    .doc = "scale width from the initial positions (data) or issue bounds (S10)"),
    PARLEY_I_REAL("q", EU, q, 0.0, 1.0, RULE,
                  .doc = "probability that nothing changes without a challenge (Q)"),
    PARLEY_I_REAL("t", EU, t, 0.0, 1.0, RULE,
                  .doc = "probability that a change without challenge favours the challenger"),
    PARLEY_I_CUSTOM("stop", parse_stop, check_stop, RULE,
                    .doc = "comma list of rounds, fixed-point, cycle, converged, or none"),
    PARLEY_I_REAL("conv-eps", EU, conv_eps, 0.0, 1.0, RULE,
                  .doc = "relative tolerance of the convergence rule"),
    PARLEY_I_COUNT("conv-rounds", EU, conv_rounds, RULE,
                   .doc = "consecutive rounds the convergence rule needs"),
    PARLEY_I_CHOICE("tie", EU, median_rule, parley_i_median_rules, RULE, .label = "median tie rule",
                    .doc = "tie rule of the reported median"),
    PARLEY_I_REAL("shock", EU, shock, 0.0, 1.0,
                  .doc = "probability per actor and round of a salience redraw (BDM 2011)"),
    PARLEY_I_WHOLE("seed", EU, seed, PARLEY_MAX_SEED, .flags = PARLEY_PARAM_RUN,
                   .doc = "seed of the shock stream (--seed)"),
    PARLEY_I_WHOLE("stream", EU, stream, UINT64_MAX, .flags = PARLEY_PARAM_RUN,
                   .doc = "stream id of the shock stream (set per replicate and issue)"),
    {.key = NULL}};
#undef RULE
#undef EU

parley_status parley_eu_params_set(parley_eu_params *p, const char *key, const char *value,
                                   parley_error *err) {
    return parley_i_params_set(&parley_model_eu, p, key, value, err);
}

/* ------------------------------------------------------------ workspace */

void parley_i_eu_destroy(parley_i_eu *eu) {
    if (!eu)
        return;
    free(eu->x);
    free(eu->xnew);
    free(eu->w);
    free(eu->s);
    free(eu->r);
    free(eu->one);
    free(eu->danger);
    free(eu->xs);
    free(eu->pidx);
    free(eu->dk);
    free(eu->num);
    free(eu->numt);
    free(eu->den);
    free(eu->sortbuf);
    free(eu->cnt);
    free(eu->kv);
    free(eu->wv);
    free(eu->part);
    free(eu->part_ok);
    free(eu->has);
    free(eu->moves);
    free(eu->chal);
    free(eu->hist_x);
    free(eu->hist_mu);
    memset(eu, 0, sizeof *eu);
}

/* pow with the base clamped at 0 (§5: bases can only leave [0, 1] through
 * round-off or user bounds narrower than the data); exponent 1 is exact. */
static double powc(double base, double e) {
    if (base < 0.0)
        base = 0.0;
    return e == 1.0 ? base : pow(base, e);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static size_t find_pos(const double *xs, size_t u, double x) {
    size_t lo = 0, hi = u;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (xs[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The vote sums of §6 over the voters kv[0..nk) (those with w_k != 0, in
 * actor order) for every ordered pair (a, b) of distinct positions:
 *   num[a][b] = sum_k max(0, w_k (d_k[b] - d_k[a]))   (votes for xs[a] over xs[b])
 *   den[a][b] = sum_k |w_k (d_k[b] - d_k[a])|
 * Each element is summed in voter order, exactly as a plain loop over k
 * would (the earlier kernel went over the pairs a < b and sent each vote to
 * num[a][b] or num[b][a] by its sign: the same terms in the same order), so
 * the tiling and the thread count do not change a bit.  Row-wise and
 * branch-free: a tile of EU_TA rows and 4, 8 or 16 columns of sums (one
 * instance of src/models/eu_tile.h per vector width) is held in registers
 * while EU_KB voters pass; the rows are split between the threads. */
#define EU_TA 4
#define EU_KB 64
/* Actors from which a round runs its loops on several threads (below, a
 * round takes under about 20 ms on one core, and waking threads costs more
 * than it saves on a busy machine); parley_i_eu.par_min overrides it. */
#define EU_PAR_MIN 320
/* Unrolls the tile loops completely, so that the tile stays in registers. */
#if defined(__GNUC__) && !defined(__clang__)
#define EU_UNROLL _Pragma("GCC unroll 16")
#else
#define EU_UNROLL
#endif

/* 1 if the round's loops run on several threads. */
static int eu_par(const parley_i_eu *eu) {
    return eu->n >= (eu->par_min ? eu->par_min : EU_PAR_MIN);
}

/* The sums on any rectangle [a0, a1) x [b0, b1) of rows and columns, plain
 * loops (the edges of the tiling, and the whole kernel without vector
 * extensions). */
static void rect_sums(double *restrict out, size_t u, const double *restrict dk,
                      const size_t *restrict kv, const double *restrict wv, size_t k0, size_t k1,
                      size_t a0, size_t a1, size_t b0, size_t b1, int absolute) {
    for (size_t t = k0; t < k1; ++t) {
        const double *restrict d = dk + kv[t] * u;
        const double wk = wv[t];
        for (size_t a = a0; a < a1; ++a) {
            const double da = d[a];
            double *restrict row = out + a * u;
            for (size_t b = b0; b < b1; ++b) {
                const double v = wk * (d[b] - da);
                row[b] += absolute ? fabs(v) : (v > 0.0 ? v : 0.0);
            }
        }
    }
}

typedef void (*eu_rows_fn)(double *out, size_t u, const double *dk, const size_t *kv,
                           const double *wv, size_t nk, size_t r0, size_t r1, int absolute);

#if defined(__GNUC__)
/* x86 maxpd(v, +0) is v > 0 ? v : +0 exactly; elsewhere a compare and a mask. */
#define EU_T_SUFFIX base
#define EU_T_VW 2
#define EU_T_TB 4
#define EU_T_ATTR
#if defined(__SSE2__)
#define EU_T_POS(v) __builtin_ia32_maxpd(v, zero)
#else
#define EU_T_POS(v) ((vec_base)((mask_base)(v) & ((v) > zero)))
#endif
#include "models/eu_tile.h"
#if defined(__x86_64__)
#define EU_X86_CLONES 1
#define EU_T_SUFFIX avx2
#define EU_T_VW 4
#define EU_T_TB 8
#define EU_T_ATTR __attribute__((target("avx2")))
#define EU_T_POS(v) __builtin_ia32_maxpd256(v, zero)
#include "models/eu_tile.h"
#define EU_T_SUFFIX avx512
#define EU_T_VW 8
#define EU_T_TB 16
#define EU_T_ATTR __attribute__((target("avx512f")))
#define EU_T_POS(v) ((vec_avx512)((mask_avx512)(v) & ((v) > zero)))
#include "models/eu_tile.h"
#endif
#endif

/* The kernel as plain loops (no vector extensions; also a test oracle). */
static void vote_rows_plain(double *out, size_t u, const double *dk, const size_t *kv,
                            const double *wv, size_t nk, size_t r0, size_t r1, int absolute) {
    for (size_t a = r0; a < r1; ++a)
        memset(out + a * u, 0, u * sizeof *out);
    for (size_t k0 = 0; k0 < nk; k0 += EU_KB) {
        const size_t k1 = nk - k0 < EU_KB ? nk : k0 + EU_KB;
        rect_sums(out, u, dk, kv, wv, k0, k1, r0, r1, 0, u, absolute);
    }
}

/* The kernel eu->kernel asks for if this processor runs it, else the widest
 * it runs (all give the same bits). */
static eu_rows_fn pick_rows(const parley_i_eu *eu) {
    if (eu->kernel == PARLEY_I_EU_KERNEL_PLAIN)
        return vote_rows_plain;
#if defined(__GNUC__)
#ifdef EU_X86_CLONES
    const int avx512 = __builtin_cpu_supports("avx512f"), avx2 = __builtin_cpu_supports("avx2");
    if (avx512 &&
        (eu->kernel == PARLEY_I_EU_KERNEL_AUTO || eu->kernel == PARLEY_I_EU_KERNEL_AVX512))
        return vote_rows_avx512;
    if (avx2 && eu->kernel != PARLEY_I_EU_KERNEL_BASE)
        return vote_rows_avx2;
#endif
    return vote_rows_base;
#else
    return vote_rows_plain;
#endif
}

static void vote_sums(parley_i_eu *eu, double *out, size_t nk, int absolute) {
    const size_t u = eu->u;
    const double *dk = eu->dk;
    const size_t *kv = eu->kv;
    const double *wv = eu->wv;
    const eu_rows_fn rows = pick_rows(eu);
#ifdef _OPENMP
#pragma omp parallel if (eu_par(eu)) default(none) shared(out, u, dk, kv, wv, nk, absolute, rows)
    {
        const size_t nt = (size_t)omp_get_num_threads(), t = (size_t)omp_get_thread_num();
        const size_t tiles = u / EU_TA;
        const size_t r0 = tiles * t / nt * EU_TA;
        const size_t r1 = t + 1 == nt ? u : tiles * (t + 1) / nt * EU_TA;
        rows(out, u, dk, kv, wv, nk, r0, r1, absolute);
    }
#else
    rows(out, u, dk, kv, wv, nk, 0, u, absolute);
#endif
}

/* t = m^T for the u x u matrix m, in 32 x 32 blocks (split over the
 * threads when par). */
static void transpose(double *restrict t, const double *restrict m, size_t u, int par) {
    const size_t nb = (u + 31) / 32;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (par) default(none) shared(t, m, u, nb)
#else
    (void)par;
#endif
    for (size_t ib = 0; ib < nb; ++ib)
        for (size_t jb = 0; jb < u; jb += 32)
            for (size_t i = ib * 32; i < u && i < ib * 32 + 32; ++i)
                for (size_t j = jb; j < u && j < jb + 32; ++j)
                    t[j * u + i] = m[i * u + j];
}

/* Voter k's share of the Scholz all-pairs normaliser (§16): with y_a =
 * d_k[pidx[a]] over all n actors sorted ascending, 2 sum_m (2m - n - 1)
 * y_(m) (1-based ranks m), times w_k.  The powered distances grow with the
 * distance from x_k (rho > 0), so the sorted y are a merge of the positions
 * left of x_k (walking down) and right of it (walking up), each counted as
 * often as actors hold it: O(u), no sort.  Returns 0 (and nothing) if the
 * merged values are not ascending (pow not monotone), when the caller sorts. */
static int norm_share(const parley_i_eu *eu, size_t k, double *share) {
    const size_t n = eu->n, u = eu->u, p = eu->pidx[k];
    const double *d = eu->dk + k * u;
    size_t lo = p, hi = p + 1, m = 0; /* next left is lo - 1, next right hi */
    double sum = 0.0, prev = 0.0;
    size_t q = p;
    for (;;) {
        const double y = d[q];
        if (!(y >= prev))
            return 0;
        prev = y;
        for (size_t c = 0; c < eu->cnt[q]; ++c, ++m)
            sum += (2.0 * (double)(m + 1) - (double)n - 1.0) * y;
        if (lo > 0 && (hi >= u || d[lo - 1] <= d[hi]))
            q = --lo;
        else if (hi < u)
            q = hi++;
        else
            break;
    }
    *share = eu->w[k] * 2.0 * sum;
    return 1;
}

/* Builds the probability state for vote exponents rho (n values): the
 * distinct positions (one sort), the powered distances, the numerators and
 * pairwise denominators of every pair of distinct positions, and the Scholz
 * all-pairs normaliser N (§6, §16).  O(n log n + n u + n u^2). */
static void prob_state(parley_i_eu *eu, const double *rho) {
    const size_t n = eu->n;
    memcpy(eu->xs, eu->x, n * sizeof *eu->xs);
    qsort(eu->xs, n, sizeof *eu->xs, cmp_double);
    size_t u = 0;
    for (size_t k = 0; k < n; ++k) {
        if (u == 0 || eu->xs[k] != eu->xs[u - 1]) {
            eu->xs[u] = eu->xs[k];
            eu->cnt[u++] = 0;
        }
        ++eu->cnt[u - 1];
    }
    eu->u = u;
    size_t nk = 0;
    for (size_t a = 0; a < n; ++a) {
        eu->pidx[a] = find_pos(eu->xs, u, eu->x[a]);
        if (eu->w[a] != 0.0) {
            eu->kv[nk] = a;
            eu->wv[nk++] = eu->w[a];
        }
    }
    const double inv_delta = 1.0 / eu->delta;
    const int all_pairs = eu->p.probability == PARLEY_EU_PROB_ALL_PAIRS;
    /* the powered distances and each voter's share of N */
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (eu_par(eu)) default(none)                            \
    shared(eu, rho, n, u, inv_delta, all_pairs)
#endif
    for (size_t k = 0; k < n; ++k) {
        for (size_t q = 0; q < u; ++q)
            eu->dk[k * u + q] = powc(fabs(eu->x[k] - eu->xs[q]) * inv_delta, rho[k]);
        eu->part_ok[k] = 1;
        if (all_pairs && eu->w[k] != 0.0)
            eu->part_ok[k] = (unsigned char)norm_share(eu, k, &eu->part[k]);
    }
    vote_sums(eu, eu->num, nk, 0);
    transpose(eu->numt, eu->num, u, eu_par(eu));
    if (!all_pairs)
        vote_sums(eu, eu->den, nk, 1);
    /* N = sum_k w_k sum_a sum_b |y_b - y_a| over all ordered actor pairs,
     * in voter order. */
    double norm = 0.0;
    if (all_pairs) {
        for (size_t k = 0; k < n; ++k) {
            if (eu->w[k] == 0.0)
                continue;
            if (!eu->part_ok[k]) { /* sort voter k's values instead */
                for (size_t a = 0; a < n; ++a)
                    eu->sortbuf[a] = eu->dk[k * u + eu->pidx[a]];
                qsort(eu->sortbuf, n, sizeof *eu->sortbuf, cmp_double);
                double sum = 0.0;
                for (size_t m = 0; m < n; ++m)
                    sum += (2.0 * (double)(m + 1) - (double)n - 1.0) * eu->sortbuf[m];
                eu->part[k] = eu->w[k] * 2.0 * sum;
            }
            norm += eu->part[k];
        }
    }
    eu->norm = norm;
}

static double eu_of_terms(const parley_i_eu *eu, double rp, size_t i, size_t j, double pij,
                          double d, double us, double uf, double usq);

/* P_ji, read from the transposed numerators (receiver i's column of votes
 * as a row; the same operands as prob(eu, j, i), so the same bits). */
static double prob_rev(const parley_i_eu *eu, size_t i, size_t j) {
    size_t a = eu->pidx[i], b = eu->pidx[j];
    if (a == b)
        return 0.0;
    const double numer = eu->numt[a * eu->u + b];
    if (eu->p.probability == PARLEY_EU_PROB_ALL_PAIRS)
        return eu->norm > 0.0 ? numer / eu->norm : 0.0;
    const double d = eu->den[a * eu->u + b]; /* den is symmetric */
    return d > 0.0 ? numer / d : 0.5;
}

/* P_ij in the current probability state (§6). */
static double prob(const parley_i_eu *eu, size_t i, size_t j) {
    size_t a = eu->pidx[i], b = eu->pidx[j];
    if (a == b)
        return 0.0;
    const double numer = eu->num[a * eu->u + b];
    if (eu->p.probability == PARLEY_EU_PROB_ALL_PAIRS)
        return eu->norm > 0.0 ? numer / eu->norm : 0.0;
    const double d = eu->den[a * eu->u + b];
    return d > 0.0 ? numer / d : 0.5; /* every weighted voter at the midpoint */
}

/* E^p(U_ij) with the perspective's risk exponent rp (§5, §7):
 * s_j [P U_s + (1 - P) U_f] + (1 - s_j) U_s - {Q U_sq + (1 - Q)[T U_b + (1 - T) U_w]}. */
static double expected_utility(const parley_i_eu *eu, double rp, size_t i, size_t j, double pij) {
    const double xi = eu->x[i], xj = eu->x[j];
    if (xi == xj)
        return 0.0;
    const double d = fabs(xi - xj) / eu->delta;
    const double us = 2.0 - 4.0 * powc(0.5 - 0.5 * d, rp);
    const double uf = 2.0 - 4.0 * powc(0.5 + 0.5 * d, rp);
    const double usq = 2.0 - 4.0 * powc(0.5, rp);
    return eu_of_terms(eu, rp, i, j, pij, d, us, uf, usq);
}

/* E^p(U_ij) from its utilities of success us, failure uf and the status quo
 * usq at the scaled distance d = |x_i - x_j| / Delta (x_i != x_j), which
 * E^p(U_ij) and E^p(U_ji) share: the offer phase computes them once. */
static double eu_of_terms(const parley_i_eu *eu, double rp, size_t i, size_t j, double pij,
                          double d, double us, double uf, double usq) {
    const double xi = eu->x[i];
    const double sj = eu->s[j];
    double e = sj * (pij * us + (1.0 - pij) * uf) + (1.0 - sj) * us;
    double nochallenge = eu->p.q * usq;
    if (eu->p.q < 1.0) {
        const double dm = fabs(xi - eu->out.median) / eu->delta;
        const double ub = 2.0 - 4.0 * powc(0.5 - 0.25 * (dm + d), rp);
        const double uw = 2.0 - 4.0 * powc(0.5 + 0.25 * (dm + d), rp);
        nochallenge += (1.0 - eu->p.q) * (eu->p.t * ub + (1.0 - eu->p.t) * uw);
    }
    return e - nochallenge;
}

static parley_status summarise(parley_i_eu *eu, parley_error *err) {
    parley_outcome tmp = eu->out;
    parley_status st = parley_i_summarise(eu->n, eu->x, eu->v->capability, eu->s, eu->p.median_rule,
                                          &tmp, eu->sortbuf, err);
    if (st == PARLEY_OK)
        eu->out = tmp;
    return st;
}

/* Cycles are looked for among the last PARLEY_EU_HISTORY rounds, so that
 * memory and the per-round search stay bounded however many rounds are
 * played (docs/models.md §3.5). */
#define PARLEY_EU_HISTORY 1024

static parley_status push_history(parley_i_eu *eu) {
    if (!eu->hist_x) {
        size_t cap =
            eu->p.max_rounds < PARLEY_EU_HISTORY ? eu->p.max_rounds + 1 : PARLEY_EU_HISTORY;
        eu->hist_x = malloc(cap * eu->n * sizeof *eu->hist_x);
        eu->hist_mu = malloc(cap * sizeof *eu->hist_mu);
        if (!eu->hist_x || !eu->hist_mu)
            return PARLEY_ENOMEM;
        eu->hist_cap = cap;
    }
    const size_t slot = eu->round % eu->hist_cap;
    memcpy(eu->hist_x + slot * eu->n, eu->x, eu->n * sizeof *eu->x);
    eu->hist_mu[slot] = eu->out.median;
    return PARLEY_OK;
}

/* Median after round t, which must be among the last hist_cap rounds. */
static double mu_at(const parley_i_eu *eu, size_t t) {
    return eu->hist_mu[t % eu->hist_cap];
}

parley_status parley_i_eu_init(parley_i_eu *eu, const parley_issue_view *v,
                               const parley_eu_params *p, parley_error *err) {
    memset(eu, 0, sizeof *eu);
    if (!p->max_rounds)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the round limit must be at least 1");
    if (!(p->q >= 0.0 && p->q <= 1.0 && p->t >= 0.0 && p->t <= 1.0))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "Q and T must lie in [0, 1]");
    if (v->n == 0)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "no actor takes part in the issue");
    const size_t n = v->n;
    for (size_t i = 0; i < n; ++i)
        if (!(v->salience[i] >= 0.0 && v->salience[i] <= 1.0))
            return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                    "salience of %s is %g; the model needs 0..1 (it is read as "
                                    "the probability of resisting a challenge)",
                                    v->names ? v->names[i] : "an actor", v->salience[i]);
    eu->v = v;
    eu->p = *p;
    eu->n = n;
    eu->x = malloc(n * sizeof *eu->x);
    eu->xnew = malloc(n * sizeof *eu->xnew);
    eu->w = malloc(n * sizeof *eu->w);
    eu->s = malloc(n * sizeof *eu->s);
    eu->r = malloc(n * sizeof *eu->r);
    eu->one = malloc(n * sizeof *eu->one);
    eu->danger = calloc(n, sizeof *eu->danger);
    eu->xs = malloc(n * sizeof *eu->xs);
    eu->pidx = malloc(n * sizeof *eu->pidx);
    eu->dk = malloc(n * n * sizeof *eu->dk);
    eu->num = malloc(n * n * sizeof *eu->num);
    eu->numt = malloc(n * n * sizeof *eu->numt);
    eu->den = malloc(n * n * sizeof *eu->den);
    eu->sortbuf = malloc(n * sizeof *eu->sortbuf);
    eu->cnt = malloc(n * sizeof *eu->cnt);
    eu->kv = malloc(n * sizeof *eu->kv);
    eu->wv = malloc(n * sizeof *eu->wv);
    eu->part = malloc(n * sizeof *eu->part);
    eu->part_ok = malloc(n * sizeof *eu->part_ok);
    eu->has = malloc(n * sizeof *eu->has);
    eu->moves = malloc(n * sizeof *eu->moves);
    eu->chal = malloc(n * n * sizeof *eu->chal);
    if (!eu->x || !eu->xnew || !eu->w || !eu->s || !eu->r || !eu->one || !eu->danger || !eu->xs ||
        !eu->pidx || !eu->dk || !eu->num || !eu->numt || !eu->den || !eu->sortbuf || !eu->moves ||
        !eu->chal || !eu->cnt || !eu->kv || !eu->wv || !eu->part || !eu->part_ok || !eu->has) {
        parley_i_eu_destroy(eu);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    double xmin = v->position[0], xmax = v->position[0];
    for (size_t i = 0; i < n; ++i) {
        eu->x[i] = v->position[i];
        eu->s[i] = v->salience[i];
        eu->w[i] = v->capability[i] * v->salience[i];
        eu->r[i] = 1.0;
        eu->one[i] = 1.0;
        if (v->position[i] < xmin)
            xmin = v->position[i];
        if (v->position[i] > xmax)
            xmax = v->position[i];
    }
    if (p->rng)
        eu->rng = *p->rng;
    else
        parley_rng_init(&eu->rng, p->seed, p->stream);
    parley_status st = summarise(eu, err);
    if (st != PARLEY_OK) {
        parley_i_eu_destroy(eu);
        return st;
    }
    eu->delta = (p->delta_from_data || !v->bounds_given) ? xmax - xmin : v->hi - v->lo;
    if (!isfinite(eu->delta)) {
        parley_i_eu_destroy(eu);
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "the width of the issue scale overflows double precision; "
                                "rescale the positions");
    }
    if ((st = push_history(eu)) != PARLEY_OK) {
        parley_i_eu_destroy(eu);
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    }
    eu->out.forecast = eu->out.median;
    if (xmin == xmax || !(eu->delta > 0.0)) {
        /* Everybody agrees (§2): the common position, zero rounds. */
        eu->out.stop = PARLEY_STOP_AGREEMENT;
        eu->delta = 1.0; /* unused, but keeps every division defined */
    }
    return PARLEY_OK;
}

parley_status parley_i_eu_update_risk(parley_i_eu *eu) {
    const size_t n = eu->n;
    /* Dangers with every r = 1, including inside P (quirk S6 / §8). */
    prob_state(eu, eu->one);
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (eu_par(eu)) default(none) shared(eu, n)
#endif
    for (size_t i = 0; i < n; ++i) {
        double d = 0.0;
        for (size_t j = 0; j < n; ++j)
            if (j != i)
                d += expected_utility(eu, 1.0, j, i, prob_rev(eu, i, j));
        eu->danger[i] = d;
    }
    double dmax = -HUGE_VAL, dmin = HUGE_VAL;
    for (size_t i = 0; i < n; ++i) {
        const double d = eu->danger[i];
        if (d > dmax)
            dmax = d;
        if (d < dmin)
            dmin = d;
    }
    eu->degenerate = !(dmax > dmin);
    for (size_t i = 0; i < n; ++i) {
        if (eu->degenerate) {
            eu->r[i] = 1.0; /* the port divides by zero here (S11) */
        } else {
            const double big_r = (2.0 * eu->danger[i] - dmax - dmin) / (dmax - dmin);
            eu->r[i] = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0);
        }
    }
    /* The offer phase uses the new exponents inside the votes (S2) or linear votes. */
    if (eu->p.risk_in_votes)
        prob_state(eu, eu->r);
    return PARLEY_OK;
}

/* Classifies receiver i's view of sender j (§9); returns 1 and fills mv
 * when i would move. */
static int offer(const parley_i_eu *eu, size_t i, size_t j, double usq, parley_move *mv) {
    const double ri = eu->r[i];
    const double xi = eu->x[i], xj = eu->x[j];
    /* E^i(U_ij) and E^i(U_ji) share the distance and so us and uf */
    const double d = fabs(xi - xj) / eu->delta;
    const double us = 2.0 - 4.0 * powc(0.5 - 0.5 * d, ri);
    const double uf = 2.0 - 4.0 * powc(0.5 + 0.5 * d, ri);
    const double ei = eu_of_terms(eu, ri, i, j, prob(eu, i, j), d, us, uf, usq);
    const double ej = eu_of_terms(eu, ri, j, i, prob_rev(eu, i, j), d, us, uf, usq);
    mv->receiver = i;
    mv->sender = j;
    mv->e_i = ei;
    mv->e_j = ej;
    mv->from = xi;
    if (ej > ei && ei > 0.0) {
        mv->kind = PARLEY_MOVE_CONFLICT;
        mv->to = xj;
        return 1;
    }
    if (ej > 0.0 && 0.0 > ei) {
        if (ej > fabs(ei)) {
            mv->kind = PARLEY_MOVE_COMPROMISE;
            mv->to = xi + (xj - xi) * fabs(ei / ej);
            return 1;
        }
        if (eu->p.capitulation) { /* unreachable in the Scholz port (S3) */
            mv->kind = PARLEY_MOVE_CAPITULATION;
            mv->to = xj;
            return 1;
        }
    }
    return 0;
}

/* Is candidate a better than the incumbent b for the receiver (§10)?
 * Candidates arrive in sender (file) order and ties keep the incumbent. */
static int better(const parley_i_eu *eu, const parley_move *a, const parley_move *b) {
    if (eu->p.choice == PARLEY_EU_CHOICE_LEAST_MOVEMENT) {
        const double ma = fabs(a->to - a->from), mb = fabs(b->to - b->from);
        if (ma != mb)
            return ma < mb;
        return a->e_j > b->e_j;
    }
    /* Scholz: conflicts, then compromises, then capitulations (S5). */
    if (a->kind != b->kind) {
        static const int rank[] = {0, 1, 2}; /* conflict, compromise, capitulation */
        return rank[a->kind] < rank[b->kind];
    }
    if (a->kind == PARLEY_MOVE_COMPROMISE) { /* EU-weighted average position (S4) */
        const double ka = (fabs(a->e_i) * a->from + fabs(a->e_j) * eu->x[a->sender]) /
                          (fabs(a->e_i) + fabs(a->e_j));
        const double kb = (fabs(b->e_i) * b->from + fabs(b->e_j) * eu->x[b->sender]) /
                          (fabs(b->e_i) + fabs(b->e_j));
        return ka < kb;
    }
    return fabs(eu->x[a->sender] - a->from) < fabs(eu->x[b->sender] - b->from);
}

/* 1 if every actor's position in round k is within tol (issue-scale
 * units) of its current position. */
static int near_state(const parley_i_eu *eu, size_t k, double tol) {
    const double *h = eu->hist_x + (k % eu->hist_cap) * eu->n;
    for (size_t a = 0; a < eu->n; ++a)
        if (!(fabs(h[a] - eu->x[a]) <= tol))
            return 0;
    return 1;
}

static void test_stop(parley_i_eu *eu, int moved) {
    const size_t t = eu->round;
    parley_outcome *o = &eu->out;
    /* A repeated state: the positions come back, every actor within
     * conv-eps of the scale width, to those of an earlier round after
     * leaving them in between.  Compromises interpolate, so a cycle under
     * scholz2011 comes back only to within rounding (issue 10: missed when
     * compared exactly).  Rounds that never left the state are a slow
     * convergence, not a cycle.  A round without moves repeats the previous
     * one: a cycle of period 1, i.e. a fixed point.  Detected under every
     * preset; whether it stops the run is the stop rule's business. */
    if (!moved && !o->cycle) {
        o->cycle = 1;
        o->cycle_start = t - 1;
        o->cycle_period = 1;
        o->cycle_lo = o->cycle_hi = mu_at(eu, t);
    } else if (moved && !o->cycle) {
        const size_t first = t + 1 > eu->hist_cap ? t + 1 - eu->hist_cap : 0;
        const double tol = eu->p.conv_eps * eu->delta;
        /* the last round that was not near the current state: only a round
         * before it can start a cycle (O(rounds x n) per round) */
        size_t last_far = first;
        for (size_t m = t; m-- > first;)
            if (!near_state(eu, m, tol)) {
                last_far = m;
                break;
            }
        for (size_t k = first; k < last_far; ++k) {
            if (!near_state(eu, k, tol))
                continue;
            {
                o->cycle = 1;
                o->cycle_start = k;
                o->cycle_period = t - k;
                o->cycle_lo = o->cycle_hi = mu_at(eu, k);
                for (size_t m = k; m <= t; ++m) {
                    if (mu_at(eu, m) < o->cycle_lo)
                        o->cycle_lo = mu_at(eu, m);
                    if (mu_at(eu, m) > o->cycle_hi)
                        o->cycle_hi = mu_at(eu, m);
                }
                break;
            }
        }
    }
    if (fabs(mu_at(eu, t) - mu_at(eu, t - 1)) / eu->delta < eu->p.conv_eps)
        ++eu->conv_count;
    else
        eu->conv_count = 0;
    if (!moved && eu->p.stop_fixed_point)
        o->stop = PARLEY_STOP_FIXED_POINT;
    else if (o->cycle && o->cycle_start + o->cycle_period == t && eu->p.stop_cycle)
        o->stop = PARLEY_STOP_CYCLE;
    else if (eu->conv_count >= eu->p.conv_rounds && eu->p.stop_converged)
        o->stop = PARLEY_STOP_CONVERGED;
    else if (t >= eu->p.max_rounds)
        o->stop = PARLEY_STOP_ROUND_LIMIT;
}

/* Salience shocks (BDM 2002): before the round, each actor in turn draws
 * u ~ U[0, 1); if u < shock its salience becomes a second draw ~ U[0, 1).
 * No draw at all when shock = 0, so the model stays deterministic. */
static void shock_saliences(parley_i_eu *eu) {
    if (!(eu->p.shock > 0.0))
        return;
    for (size_t i = 0; i < eu->n; ++i) {
        if (parley_rng_uniform(&eu->rng) < eu->p.shock) {
            eu->s[i] = parley_rng_uniform(&eu->rng);
            eu->w[i] = eu->v->capability[i] * eu->s[i];
        }
    }
}

void parley_i_eu_shock(parley_i_eu *eu) {
    shock_saliences(eu);
}

parley_status parley_i_eu_iterate(parley_i_eu *eu) {
    if (eu->out.stop != PARLEY_STOP_NONE)
        return PARLEY_OK;
    const size_t n = eu->n;
    shock_saliences(eu);
    parley_i_eu_update_risk(eu);
    eu->n_moves = 0;
    eu->have_chal = 1;
    /* Each receiver's choice on its own (threads split the receivers; the
     * best offer of receiver i lands in moves[i]), then the moves in
     * receiver order. */
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (eu_par(eu)) default(none) shared(eu, n)
#endif
    for (size_t i = 0; i < n; ++i) {
        parley_move best, cand;
        int have = 0;
        const double usq = 2.0 - 4.0 * powc(0.5, eu->r[i]);
        for (size_t j = 0; j < n; ++j) {
            parley_challenge *c = &eu->chal[i * n + j];
            if (eu->x[j] == eu->x[i]) {
                c->e_i = c->e_j = NAN; /* no offer between actors at one position */
                continue;
            }
            const int would_move = offer(eu, i, j, usq, &cand);
            c->e_i = cand.e_i;
            c->e_j = cand.e_j;
            if (!would_move)
                continue;
            if (!have || better(eu, &cand, &best)) {
                best = cand;
                have = 1;
            }
        }
        eu->xnew[i] = have ? best.to : eu->x[i];
        eu->has[i] = (unsigned char)have;
        if (have)
            eu->moves[i] = best;
    }
    for (size_t i = 0; i < n; ++i)
        if (eu->has[i])
            eu->moves[eu->n_moves++] = eu->moves[i];
    int moved = 0;
    for (size_t i = 0; i < n; ++i) {
        moved |= eu->xnew[i] != eu->x[i];
        eu->x[i] = eu->xnew[i]; /* synchronous moves (§11) */
    }
    ++eu->round;
    parley_status st = summarise(eu, NULL);
    if (st != PARLEY_OK)
        return st;
    eu->out.forecast = eu->out.median;
    eu->out.rounds = eu->round;
    if ((st = push_history(eu)) != PARLEY_OK)
        return st;
    test_stop(eu, moved);
    return PARLEY_OK;
}

int parley_i_eu_test(const parley_i_eu *eu) {
    return eu->out.stop != PARLEY_STOP_NONE;
}
void parley_i_eu_outcome(const parley_i_eu *eu, parley_outcome *out) {
    *out = eu->out;
}
size_t parley_i_eu_n(const parley_i_eu *eu) {
    return eu->n;
}
const double *parley_i_eu_positions(const parley_i_eu *eu) {
    return eu->x;
}
const double *parley_i_eu_risk(const parley_i_eu *eu) {
    return eu->r;
}
const double *parley_i_eu_danger(const parley_i_eu *eu) {
    return eu->danger;
}
const double *parley_i_eu_salience(const parley_i_eu *eu) {
    return eu->s;
}
int parley_i_eu_risk_degenerate(const parley_i_eu *eu) {
    return eu->degenerate;
}
double parley_i_eu_delta(const parley_i_eu *eu) {
    return eu->delta;
}
double parley_i_eu_normaliser(const parley_i_eu *eu) {
    return eu->norm;
}

size_t parley_i_eu_moves(const parley_i_eu *eu, const parley_move **moves) {
    *moves = eu->moves;
    return eu->n_moves;
}

double parley_i_eu_probability_of(const parley_i_eu *eu, size_t i, size_t j) {
    return prob(eu, i, j);
}

double parley_i_eu_expected_utility(const parley_i_eu *eu, size_t p, size_t i, size_t j) {
    return expected_utility(eu, eu->r[p], i, j, prob(eu, i, j));
}

/* ------------------------------------------------------- model interface */

typedef struct {
    parley_i_eu eu;
} eu_state;

/* Per issue: four n x n matrices of doubles (dk, num, its transpose, den),
 * the position history (min(rounds + 1, 1024) x n) and about twenty
 * n-vectors including the moves; the state itself.  10,000 actors: 3.2 GB. */
static size_t eu_memory(const void *params, size_t n, size_t n_issues) {
    (void)n_issues;
    const parley_eu_params *p = params;
    const size_t hist = p->max_rounds < PARLEY_EU_HISTORY ? p->max_rounds + 1 : PARLEY_EU_HISTORY;
    size_t b = parley_i_mem_mul(parley_i_mem_mul(4 * sizeof(double), n), n);
    b = parley_i_mem_add(b, parley_i_mem_mul(parley_i_mem_mul(hist, n), sizeof(double)));
    b = parley_i_mem_add(b, parley_i_mem_mul(n, 16 * sizeof(double) + sizeof(parley_move)));
    return parley_i_mem_add(b, sizeof(parley_i_eu));
}

static void eu_default(void *params) {
    *(parley_eu_params *)params = preset_bdm;
}

static parley_status eu_describe(const void *params, parley_buf *out) {
    const parley_eu_params *p = params;
    parley_status st = parley_buf_printf(
        out,
        "preset=%s, rounds=%zu, probability=%s, risk-in-votes=%s, capitulation=%s, choice=%s, "
        "delta=%s, q=%g, t=%g, stop=rounds%s%s%s, conv-eps=%g, conv-rounds=%zu, tie=%s",
        p->preset ? p->preset : "custom", p->max_rounds,
        p->probability == PARLEY_EU_PROB_ALL_PAIRS ? "all-pairs" : "pairwise",
        p->risk_in_votes ? "on" : "off", p->capitulation ? "on" : "off",
        p->choice == PARLEY_EU_CHOICE_SCHOLZ ? "scholz" : "least-movement",
        p->delta_from_data ? "data" : "bounds", p->q, p->t,
        p->stop_fixed_point ? ",fixed-point" : "", p->stop_cycle ? ",cycle" : "",
        p->stop_converged ? ",converged" : "", p->conv_eps, p->conv_rounds,
        parley_i_median_rule_name(p->median_rule));
    if (st == PARLEY_OK && p->shock > 0.0)
        st = parley_buf_printf(out, ", shock=%g", p->shock);
    return st;
}

static parley_status eu_init(void *state, const parley_issue_view *v, const void *params,
                             parley_error *err) {
    return parley_i_eu_init(&((eu_state *)state)->eu, v, params, err);
}

static parley_status eu_iterate(void *state, parley_error *err) {
    parley_status st = parley_i_eu_iterate(&((eu_state *)state)->eu);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    return PARLEY_OK;
}

static int eu_test(const void *state) {
    return parley_i_eu_test(&((const eu_state *)state)->eu);
}

static void eu_outcome(const void *state, parley_outcome *out) {
    parley_i_eu_outcome(&((const eu_state *)state)->eu, out);
}

static const double *eu_positions(const void *state) {
    return parley_i_eu_positions(&((const eu_state *)state)->eu);
}

static const double *eu_risk(const void *state) {
    return parley_i_eu_risk(&((const eu_state *)state)->eu);
}

static size_t eu_moves(const void *state, const parley_move **moves) {
    return parley_i_eu_moves(&((const eu_state *)state)->eu, moves);
}

static const parley_challenge *eu_challenges(const void *state) {
    const parley_i_eu *eu = &((const eu_state *)state)->eu;
    return eu->have_chal ? eu->chal : NULL;
}

static void eu_destroy(void *state) {
    parley_i_eu_destroy(&((eu_state *)state)->eu);
}

/* Typed run parameters: the shock stream's seed and stream, the rounds. */
static unsigned eu_run(void *params, const parley_run_params *rp) {
    parley_eu_params *p = params;
    p->seed = rp->seed;
    p->stream = rp->stream;
    p->rng = rp->rng;
    if (rp->rounds)
        p->max_rounds = rp->rounds;
    return PARLEY_RUN_SEED | PARLEY_RUN_STREAM | PARLEY_RUN_ROUNDS;
}

/* The presets (docs/models.md §3.6). */
static const char *const eu_presets[] = {"scholz2011", "bdm1994", NULL};

const parley_model_type parley_model_eu = {
    .name = "eu",
    .title = "expected utility (Bueno de Mesquita)",
    .source = "Bueno de Mesquita (1994); Scholz, Calbert & Smith (2011); docs/models.md",
    .short_name = "the expected utility model",
    .gloss = "round by round, each actor decides whether to challenge, compromise with or "
             "give in to the others by weighing what it expects to gain or lose; the forecast "
             "is the weighted median once the moves stop",
    .report_flags = PARLEY_REPORT_HEADLINE | PARLEY_REPORT_STORY_MOVES |
                    PARLEY_REPORT_FORECAST_IS_MEDIAN | PARLEY_REPORT_CHALLENGE_PLANE,
    .params_size = sizeof(parley_eu_params),
    .state_size = sizeof(eu_state),
    .params_default = eu_default,
    .params_describe = eu_describe,
    .init = eu_init,
    .iterate = eu_iterate,
    .test = eu_test,
    .outcome = eu_outcome,
    .positions = eu_positions,
    .risk = eu_risk,
    .moves = eu_moves,
    .memory_estimate = eu_memory,
    .challenges = eu_challenges,
    .destroy = eu_destroy,
    .params_run = eu_run,
    .param_defs = eu_defs,
    .presets = eu_presets,
    .params_changed = eu_changed,
};
