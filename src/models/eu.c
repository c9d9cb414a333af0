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
#include <stdlib.h>
#include <string.h>

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

static parley_status parse_stop(parley_eu_params *p, const char *value, parley_error *err) {
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

parley_status parley_eu_params_set(parley_eu_params *p, const char *key, const char *value,
                                   parley_error *err) {
    parley_status st = PARLEY_OK;
    if (strcmp(key, "preset") == 0)
        return parley_eu_params_preset(p, value, err);
    if (strcmp(key, "rounds") == 0)
        return parley_i_param_count(key, value, 1, &p->max_rounds,
                                    err); /* not a change of preset */
    if (strcmp(key, "shock") == 0)
        return parley_i_param_real(key, value, 0.0, 1.0, &p->shock, err);
    if (strcmp(key, "seed") == 0 || strcmp(key, "stream") == 0) {
        unsigned long long v = 0;
        parley_status rc = parley_i_param_whole(key, value, 0, UINT64_MAX, &v, err);
        if (rc == PARLEY_OK)
            *(strcmp(key, "seed") == 0 ? &p->seed : &p->stream) = (uint64_t)v;
        return rc;
    }
    if (strcmp(key, "probability") == 0) {
        if (strcmp(value, "all-pairs") == 0)
            p->probability = PARLEY_EU_PROB_ALL_PAIRS;
        else if (strcmp(value, "pairwise") == 0)
            p->probability = PARLEY_EU_PROB_PAIRWISE;
        else
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "probability must be all-pairs or pairwise, not '%s'", value);
    } else if (strcmp(key, "risk-in-votes") == 0) {
        st = parley_i_param_flag(key, value, &p->risk_in_votes, err);
    } else if (strcmp(key, "capitulation") == 0) {
        st = parley_i_param_flag(key, value, &p->capitulation, err);
    } else if (strcmp(key, "choice") == 0) {
        if (strcmp(value, "scholz") == 0)
            p->choice = PARLEY_EU_CHOICE_SCHOLZ;
        else if (strcmp(value, "least-movement") == 0)
            p->choice = PARLEY_EU_CHOICE_LEAST_MOVEMENT;
        else
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "choice must be scholz or least-movement, not '%s'", value);
    } else if (strcmp(key, "delta") == 0) {
        if (strcmp(value, "data") == 0)
            p->delta_from_data = 1;
        else if (strcmp(value, "bounds") == 0)
            p->delta_from_data = 0;
        else
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "delta must be data or bounds, not '%s'", value);
    } else if (strcmp(key, "q") == 0) {
        st = parley_i_param_real(key, value, 0.0, 1.0, &p->q, err);
    } else if (strcmp(key, "t") == 0) {
        st = parley_i_param_real(key, value, 0.0, 1.0, &p->t, err);
    } else if (strcmp(key, "stop") == 0) {
        st = parse_stop(p, value, err);
    } else if (strcmp(key, "conv-eps") == 0) {
        st = parley_i_param_real(key, value, 0.0, 1.0, &p->conv_eps, err);
    } else if (strcmp(key, "conv-rounds") == 0) {
        st = parley_i_param_count(key, value, 1, &p->conv_rounds, err);
    } else if (strcmp(key, "tie") == 0) {
        st = parley_i_parse_median_rule(value, &p->median_rule, err);
    } else {
        return PARLEY_EUNSUPPORTED;
    }
    if (st == PARLEY_OK)
        p->preset = preset_name_of(p);
    return st;
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
    free(eu->den);
    free(eu->sortbuf);
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

/* Builds the probability state for vote exponents rho (n values): the
 * distinct positions, the powered distances, the numerators and pairwise
 * denominators of every pair of distinct positions, and the Scholz
 * all-pairs normaliser N (§6, §16). */
static void prob_state(parley_i_eu *eu, const double *rho) {
    const size_t n = eu->n;
    memcpy(eu->xs, eu->x, n * sizeof *eu->xs);
    qsort(eu->xs, n, sizeof *eu->xs, cmp_double);
    size_t u = 0;
    for (size_t k = 0; k < n; ++k)
        if (u == 0 || eu->xs[k] != eu->xs[u - 1])
            eu->xs[u++] = eu->xs[k];
    eu->u = u;
    for (size_t a = 0; a < n; ++a)
        eu->pidx[a] = find_pos(eu->xs, u, eu->x[a]);
    const double inv_delta = 1.0 / eu->delta;
    for (size_t k = 0; k < n; ++k)
        for (size_t q = 0; q < u; ++q)
            eu->dk[k * u + q] = powc(fabs(eu->x[k] - eu->xs[q]) * inv_delta, rho[k]);
    for (size_t a = 0; a < u * u; ++a)
        eu->num[a] = eu->den[a] = 0.0;
    for (size_t k = 0; k < n; ++k) {
        const double wk = eu->w[k];
        if (wk == 0.0)
            continue;
        const double *d = eu->dk + k * u;
        for (size_t a = 0; a < u; ++a)
            for (size_t b = a + 1; b < u; ++b) {
                double v = wk * (d[b] - d[a]); /* vote of k for xs[a] against xs[b] */
                if (v > 0.0)
                    eu->num[a * u + b] += v;
                else
                    eu->num[b * u + a] -= v;
                eu->den[a * u + b] += fabs(v);
            }
    }
    for (size_t a = 0; a < u; ++a)
        for (size_t b = a + 1; b < u; ++b)
            eu->den[b * u + a] = eu->den[a * u + b];
    /* N = sum_k w_k sum_a sum_b |y_b - y_a| over all ordered actor pairs,
     * y_a = d(x_k, x_a)^rho_k; for sorted y the double sum is
     * 2 sum_m (2m - n - 1) y_(m) with 1-based ranks m. */
    double norm = 0.0;
    if (eu->p.probability == PARLEY_EU_PROB_ALL_PAIRS) {
        for (size_t k = 0; k < n; ++k) {
            if (eu->w[k] == 0.0)
                continue;
            for (size_t a = 0; a < n; ++a)
                eu->sortbuf[a] = eu->dk[k * u + eu->pidx[a]];
            qsort(eu->sortbuf, n, sizeof *eu->sortbuf, cmp_double);
            double sum = 0.0;
            for (size_t m = 0; m < n; ++m)
                sum += (2.0 * (double)(m + 1) - (double)n - 1.0) * eu->sortbuf[m];
            norm += eu->w[k] * 2.0 * sum;
        }
    }
    eu->norm = norm;
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
    eu->den = malloc(n * n * sizeof *eu->den);
    eu->sortbuf = malloc(n * sizeof *eu->sortbuf);
    eu->moves = malloc(n * sizeof *eu->moves);
    eu->chal = malloc(n * n * sizeof *eu->chal);
    if (!eu->x || !eu->xnew || !eu->w || !eu->s || !eu->r || !eu->one || !eu->danger || !eu->xs ||
        !eu->pidx || !eu->dk || !eu->num || !eu->den || !eu->sortbuf || !eu->moves || !eu->chal) {
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
    double dmax = -HUGE_VAL, dmin = HUGE_VAL;
    for (size_t i = 0; i < n; ++i) {
        double d = 0.0;
        for (size_t j = 0; j < n; ++j)
            if (j != i)
                d += expected_utility(eu, 1.0, j, i, prob(eu, j, i));
        eu->danger[i] = d;
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
static int offer(const parley_i_eu *eu, size_t i, size_t j, parley_move *mv) {
    const double ri = eu->r[i];
    const double ei = expected_utility(eu, ri, i, j, prob(eu, i, j));
    const double ej = expected_utility(eu, ri, j, i, prob(eu, j, i));
    const double xi = eu->x[i], xj = eu->x[j];
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
    for (size_t i = 0; i < n; ++i) {
        parley_move best, cand;
        int have = 0;
        for (size_t j = 0; j < n; ++j) {
            parley_challenge *c = &eu->chal[i * n + j];
            if (eu->x[j] == eu->x[i]) {
                c->e_i = c->e_j = NAN; /* no offer between actors at one position */
                continue;
            }
            const int would_move = offer(eu, i, j, &cand);
            c->e_i = cand.e_i;
            c->e_j = cand.e_j;
            if (!would_move)
                continue;
            if (!have || better(eu, &cand, &best)) {
                best = cand;
                have = 1;
            }
        }
        eu->xnew[i] = eu->x[i];
        if (have) {
            eu->xnew[i] = best.to;
            eu->moves[eu->n_moves++] = best;
        }
    }
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

/* Per issue: three n x n matrices (dk, num, den), the position history
 * (min(rounds + 1, 1024) x n) and about twenty n-vectors including the
 * moves; the state itself.  10,000 actors: 2.4 GB. */
static size_t eu_memory(const void *params, size_t n, size_t n_issues) {
    (void)n_issues;
    const parley_eu_params *p = params;
    const size_t hist = p->max_rounds < PARLEY_EU_HISTORY ? p->max_rounds + 1 : PARLEY_EU_HISTORY;
    size_t b = parley_i_mem_mul(parley_i_mem_mul(3 * sizeof(double), n), n);
    b = parley_i_mem_add(b, parley_i_mem_mul(parley_i_mem_mul(hist, n), sizeof(double)));
    b = parley_i_mem_add(b, parley_i_mem_mul(n, 16 * sizeof(double) + sizeof(parley_move)));
    return parley_i_mem_add(b, sizeof(parley_i_eu));
}

static void eu_default(void *params) {
    *(parley_eu_params *)params = preset_bdm;
}

static parley_status eu_set(void *params, const char *key, const char *value, parley_error *err) {
    return parley_eu_params_set(params, key, value, err);
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

/* The keys eu_set accepts and the presets (docs/models.md §3.6). */
static const char *const eu_keys[] = {
    "preset", "rounds", "probability", "risk-in-votes", "capitulation", "choice", "delta",
    "q",      "t",      "stop",        "conv-eps",      "conv-rounds",  "tie",    "shock",
    "seed",   "stream", NULL};
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
    .params_set = eu_set,
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
    .param_keys = eu_keys,
    .presets = eu_presets,
};
