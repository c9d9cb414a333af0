/* Test-only reference: the exchange model's round as it was before the
 * incremental priority queue (src/models/exchange.c up to commit 918a0df):
 * every realisation rescans the whole candidate list for the next best gain
 * and for the candidates it affects, O(R C) per round.  Kept verbatim (types
 * and functions renamed with ref_/rx) so that test_exchange_diff.c can
 * require the fast implementation to realise exactly the same exchanges.
 * Include in one test file only.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_TEST_EXCHANGE_REF_H
#define PARLEY_TEST_EXCHANGE_REF_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <parley/exchange.h>
#include <parley/rng.h>
#include <parley/parley.h>

/* One actor x issue cell during a round (internal 0-100 scale). */
typedef struct {
    int present, left;
    double c, s, cs;
    double x0;       /* preference at the start of the round */
    double x;        /* current supply position (after realised moves of this round) */
    double hist_sum; /* sum of the realised moves of this round */
    int hist_sign;   /* their common sign, 0 before the first */
} rxcell;

/* A recorded vote of a third party, seen by one candidate's overshoot guard. */
typedef struct {
    size_t actor, issue;
    double value;
} rxupdate;

typedef struct {
    size_t a[2], sup[2], dem[2]; /* actor, supply and demand issue of side 0 (i) and 1 (j) */
    size_t seq;
    int inner_ad, alive, valid, guarded;
    double x[2]; /* current supply positions */
    double move[2], eqy[2], eu[2], maxeu[2], nbs0[2], nbs1[2];
    double gain, u, v, z;
    double hist_sum[2]; /* quirks = decide (D1): this candidate's own record of past moves */
    int hist_sign[2];
    rxupdate *upd;
    size_t n_upd, cap_upd;
} rxcand;

typedef struct ref_model ref_model;
static double ref_exchange_new_preference(const parley_exchange_params *p, double x, double y,
                                          double s);
struct ref_model {
    const parley_scenario *s;
    parley_exchange_params prm;
    size_t A, I;
    rxcell *cell;    /* A x I */
    double *scale;   /* 100 / (hi - lo) per issue */
    double *W;       /* sum of c s per issue */
    double *mean0;   /* round-start preference mean, internal scale */
    double *vmean;   /* voting mean of the last round, internal scale */
    size_t **member; /* actors present on each issue, scenario order */
    size_t *n_member;
    double **pref_out, **vote_out; /* issue scale, issue-view order */
    double *vote;                  /* A x I voting positions of the last round (internal) */
    size_t *view_index;            /* A x I: position of actor a in issue d's member list */
    parley_move **moves; /* per issue: the last round's exchanges as moves (issue scale) */
    size_t *n_moves, *cap_moves;
    rxcand *cand;
    size_t n_cand, cap_cand;
    parley_exchange *done;
    size_t n_done, cap_done;
    parley_exchange_stats stats;
    double *ext; /* A x PARLEY_EXT_N */
    parley_rng rng;
    size_t round;
};

#define MOVE_EPS 1e-10                  /* smallest valid move and gain (reference) */
#define RANGE_EPS 1e-9                  /* slack of the [0, 100] range check for rounding */
#define RNG_STREAM UINT64_C(0x45584348) /* "EXCH" */

static rxcell *C(const ref_model *m, size_t a, size_t d) {
    return &m->cell[a * m->I + d];
}

static double to_issue_scale(const ref_model *m, size_t d, double v) {
    return v / m->scale[d] + m->s->issues[d].lo;
}

/* Weighted mean of the round-start preferences (x0) of issue d, internal scale. */
static double pref_mean(const ref_model *m, size_t d) {
    double num = 0.0;
    for (size_t k = 0; k < m->n_member[d]; ++k) {
        const rxcell *c = C(m, m->member[d][k], d);
        num += c->cs * c->x0;
    }
    return num / m->W[d];
}

static void fill_outputs(ref_model *m) {
    for (size_t d = 0; d < m->I; ++d)
        for (size_t k = 0; k < m->n_member[d]; ++k) {
            size_t a = m->member[d][k];
            m->pref_out[d][k] = to_issue_scale(m, d, C(m, a, d)->x0);
            m->vote_out[d][k] = to_issue_scale(m, d, m->vote[a * m->I + d]);
        }
}

/* ---- one candidate ---- */

/* Mean of side k's supply issue as candidate e sees it: round-start
 * preferences, the third-party votes in its updates table, and side k's
 * actor at position pos. */
static double seen_mean(const ref_model *m, const rxcand *e, int k, double pos) {
    size_t a = e->a[k], d = e->sup[k];
    double num = m->mean0[d] * m->W[d];
    for (size_t u = 0; u < e->n_upd; ++u) {
        const rxupdate *up = &e->upd[u];
        if (up->issue != d || up->actor == a)
            continue;
        const rxcell *c = C(m, up->actor, d);
        num += c->cs * (up->value - c->x0);
    }
    const rxcell *c = C(m, a, d);
    num += c->cs * (pos - c->x0);
    return num / m->W[d];
}

/* The reference's validity rule for a move mv of side k from its current
 * supply position: 1e-10 < |mv| <= 100, the vote stays in [0, 100], the
 * actor's moves on the cell this round sum to at most 100 and share one sign. */
static int move_ok(const ref_model *m, const rxcand *e, int k, double mv) {
    double a = fabs(mv);
    if (!(a > MOVE_EPS) || a > 100.0)
        return 0;
    double y = e->x[k] + mv;
    if (y < -RANGE_EPS || y > 100.0 + RANGE_EPS)
        return 0;
    double sum;
    int hsign;
    if (m->prm.quirks == PARLEY_EXCHANGE_QUIRKS_NONE) {
        const rxcell *c = C(m, e->a[k], e->sup[k]);
        sum = c->hist_sum;
        hsign = c->hist_sign;
    } else {
        sum = e->hist_sum[k];
        hsign = e->hist_sign[k];
    }
    if (sum + mv > 100.0)
        return 0;
    int sign = mv > 0 ? 1 : -1;
    return hsign == 0 || hsign == sign;
}

/* Target of side k: the partner's round-start position on k's supply issue. */
static double target(const ref_model *m, const rxcand *e, int k) {
    return C(m, e->a[1 - k], e->sup[k])->x0;
}

typedef struct {
    double shift[2]; /* mean shifts of the two supply issues */
    double move[2];  /* unsigned moves */
} rxsolution;

/* shift of side k's supply issue per unit move, c s / W. */
static double rate(const ref_model *m, const rxcand *e, int k) {
    return C(m, e->a[k], e->sup[k])->cs / m->W[e->sup[k]];
}

/* Salience of side k's actor on its supply / demand issue. */
static double s_sup(const ref_model *m, const rxcand *e, int k) {
    return C(m, e->a[k], e->sup[k])->s;
}
static double s_dem(const ref_model *m, const rxcand *e, int k) {
    return C(m, e->a[k], e->dem[k])->s;
}

static double side_gain(const ref_model *m, const rxcand *e, int k, const rxsolution *x) {
    return s_dem(m, e, k) * x->shift[1 - k] - s_sup(m, e, k) * x->shift[k];
}

/* Completes a solution from shift[k] and the ratio shift[0]/shift[1] = ratio,
 * the move of side k being move_k (unsigned). */
static void from_side(const ref_model *m, const rxcand *e, int k, double move_k, double ratio,
                      rxsolution *x) {
    x->move[k] = move_k;
    x->shift[k] = move_k * rate(m, e, k);
    x->shift[1 - k] = k == 1 ? x->shift[1] * ratio : x->shift[0] / ratio;
    x->move[1 - k] = x->shift[1 - k] / rate(m, e, 1 - k);
}

/* Overshoot guard of side k (the reference's "check NBS"): if side k's move
 * would carry the mean of its supply issue past the partner's position, cut
 * it so that the mean lands on that position and recompute the partner's
 * move from the exchange ratio.  Returns 1 if it cut. */
static int guard(const ref_model *m, rxcand *e, int k, double ratio, rxsolution *x) {
    double t = target(m, e, k);
    double dir = t < e->x[k] ? -1.0 : 1.0;
    double n0 = seen_mean(m, e, k, e->x[k]);
    double n1 = seen_mean(m, e, k, e->x[k] + dir * x->move[k]);
    if ((t - n0 >= 0 && t - n1 >= 0) || (t - n0 <= 0 && t - n1 <= 0))
        return 0;
    /* the move of side k's actor that puts the seen mean at t */
    double from = e->x[k];
    if (m->prm.quirks == PARLEY_EXCHANGE_QUIRKS_DECIDE) /* D2 */
        for (size_t u = 0; u < e->n_upd; ++u)
            if (e->upd[u].actor == e->a[k] && e->upd[u].issue == e->sup[k])
                from = e->upd[u].value;
    double base = from == e->x[k] ? n0 : seen_mean(m, e, k, from);
    from_side(m, e, k, fabs(t - base) / rate(m, e, k), ratio, x);
    return 1;
}

/* Signs the moves of x, sets the candidate's moves, gains and validity. */
static void apply_solution(const ref_model *m, rxcand *e, const rxsolution *x) {
    for (int k = 0; k < 2; ++k) {
        double dir = target(m, e, k) < e->x[k] ? -1.0 : 1.0;
        e->move[k] = dir * x->move[k];
        e->eu[k] = side_gain(m, e, k, x);
    }
    e->valid = move_ok(m, e, 0, e->move[0]) && move_ok(m, e, 1, e->move[1]);
}

/* Largest gain of side k inside the bargaining range (the partner's gain
 * stays >= 0, no actor passes its target), and the REX solution giving side
 * k the gain eu: side k moves fully and the partner's move follows; if that
 * would pass the partner's target, the partner moves fully instead. */
static void rex_solution(const ref_model *m, const rxcand *e, int k, double eu_eq, double p,
                         double v, double z, double full[2], double *maxeu, rxsolution *x) {
    int o = 1 - k;
    double sd = s_dem(m, e, k), ss = s_sup(m, e, k);
    double od = s_dem(m, e, o), os = s_sup(m, e, o);
    double smax_k = full[k] * rate(m, e, k), smax_o = full[o] * rate(m, e, o);
    /* the partner's zero-gain line: od * shift[k] = os * shift[o] */
    double so = smax_o, sk = so * os / od;
    if (sk > smax_k) {
        sk = smax_k;
        so = sk * od / os;
    }
    *maxeu = sd * so - ss * sk;
    if (*maxeu < eu_eq)
        *maxeu = eu_eq;
    double eu = v < 0.5 ? eu_eq + p * z * (*maxeu - eu_eq) : eu_eq - p * z * eu_eq;
    sk = smax_k;
    so = (eu + ss * sk) / sd;
    if (so > smax_o) {
        so = smax_o;
        sk = (sd * so - eu) / ss;
    }
    x->shift[k] = sk;
    x->shift[o] = so;
    x->move[k] = sk == smax_k ? full[k] : sk / rate(m, e, k);
    x->move[o] = so == smax_o ? full[o] : so / rate(m, e, o);
}

/* Computes candidate e from scratch: equal gain, validity, guard, REX. */
static void compute(ref_model *m, rxcand *e) {
    double full[2];
    for (int k = 0; k < 2; ++k)
        full[k] = fabs(target(m, e, k) - e->x[k]);
    /* equal gain: shift[0] / shift[1] = (s_0,dem + s_1,sup) / (s_0,sup + s_1,dem) */
    double ratio = (s_dem(m, e, 0) + s_sup(m, e, 1)) / (s_sup(m, e, 0) + s_dem(m, e, 1));
    rxsolution x;
    from_side(m, e, 1, full[1], ratio, &x); /* j moves all the way */
    if (x.move[0] > full[0])
        from_side(m, e, 0, full[0], ratio, &x); /* i would pass its target: i moves all the way */
    e->guarded = 0;
    e->u = e->v = e->z = NAN;
    e->maxeu[0] = e->maxeu[1] = NAN;
    apply_solution(m, e, &x);
    for (int k = 0; k < 2; ++k)
        e->eqy[k] = e->x[k] + e->move[k];
    e->gain = fabs(e->eu[0]);
    if (!(e->gain >= MOVE_EPS))
        e->valid = 0;
    if (e->valid) {
        for (int k = 0; k < 2; ++k)
            if (guard(m, e, k, ratio, &x)) {
                e->guarded = 1;
                apply_solution(m, e, &x);
                e->gain = fabs(e->eu[1 - k]);
            }
    }
    if (e->valid && m->prm.p > 0.0) {
        e->u = parley_rng_uniform(&m->rng);
        e->v = parley_rng_uniform(&m->rng);
        e->z = parley_rng_uniform(&m->rng);
        int k = e->u < 0.5 ? 0 : 1;
        rex_solution(m, e, k, e->gain, m->prm.p, e->v, e->z, full, &e->maxeu[k], &x);
        double r = x.shift[1] > 0 ? x.shift[0] / x.shift[1] : ratio;
        apply_solution(m, e, &x);
        for (int g = 0; g < 2 && e->valid; ++g)
            if (r > 0 && guard(m, e, g, r, &x)) {
                e->guarded = 1;
                apply_solution(m, e, &x);
            }
    }
    for (int k = 0; k < 2; ++k) {
        e->nbs0[k] = seen_mean(m, e, k, e->x[k]);
        e->nbs1[k] = seen_mean(m, e, k, e->x[k] + e->move[k]);
    }
}

/* ---- a round ---- */

static parley_status grow(void **ptr, size_t *cap, size_t need, size_t size) {
    if (need <= *cap)
        return PARLEY_OK;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *p = realloc(*ptr, n * size);
    if (!p)
        return PARLEY_ENOMEM;
    if (n > *cap)
        memset((char *)p + *cap * size, 0, (n - *cap) * size);
    *ptr = p;
    *cap = n;
    return PARLEY_OK;
}

/* Appends candidate (k, l) on issues (p, q); k and l have present cells on
 * both.  Roles: the actor with the larger relative interest s_p / s_q in
 * p demands p (side i); on equality the first actor (k). */
static parley_status add_candidate(ref_model *m, size_t p, size_t q, size_t k, size_t l,
                                   int inner_ad) {
    if (grow((void **)&m->cand, &m->cap_cand, m->n_cand + 1, sizeof *m->cand) != PARLEY_OK)
        return PARLEY_ENOMEM;
    rxcand *e = &m->cand[m->n_cand];
    rxupdate *keep = e->upd;
    size_t keep_cap = e->cap_upd;
    memset(e, 0, sizeof *e);
    e->upd = keep;
    e->cap_upd = keep_cap;
    e->seq = m->n_cand++;
    double kp = C(m, k, p)->s, kq = C(m, k, q)->s, lp = C(m, l, p)->s, lq = C(m, l, q)->s;
    int k_is_i = !(kp * lq < lp * kq); /* kp/kq >= lp/lq without dividing */
    e->a[0] = k_is_i ? k : l;
    e->a[1] = k_is_i ? l : k;
    e->sup[0] = q;
    e->dem[0] = p;
    e->sup[1] = p;
    e->dem[1] = q;
    e->inner_ad = inner_ad;
    e->x[0] = C(m, e->a[0], q)->x;
    e->x[1] = C(m, e->a[1], p)->x;
    compute(m, e);
    e->alive = e->valid;
    ++m->stats.candidates;
    if (e->valid) {
        ++m->stats.valid;
        m->stats.valid_gain_sum += e->gain;
    }
    return PARLEY_OK;
}

/* Can actor a trade on issue d (present, with positive capability and salience)? */
static int trades(const ref_model *m, size_t a, size_t d) {
    const rxcell *c = C(m, a, d);
    return c->present && c->cs > 0.0;
}

static parley_status generate(ref_model *m) {
    m->n_cand = 0;
    for (size_t p = 0; p < m->I; ++p)
        for (size_t q = p + 1; q < m->I; ++q) {
            /* groups: a right/right, b left/right, c right/left, d left/left (on p/q) */
            for (int pairing = 0; pairing < 2; ++pairing) {
                int g1 = pairing == 0 ? 0 : 1, g2 = pairing == 0 ? 3 : 2;
                for (size_t k = 0; k < m->A; ++k) {
                    if (!trades(m, k, p) || !trades(m, k, q))
                        continue;
                    int gk = C(m, k, p)->left | (C(m, k, q)->left << 1);
                    if (gk != g1)
                        continue;
                    for (size_t l = 0; l < m->A; ++l) {
                        if (!trades(m, l, p) || !trades(m, l, q))
                            continue;
                        int gl = C(m, l, p)->left | (C(m, l, q)->left << 1);
                        if (gl == g2 && add_candidate(m, p, q, k, l, pairing == 0) != PARLEY_OK)
                            return PARLEY_ENOMEM;
                    }
                }
            }
        }
    return PARLEY_OK;
}

/* The next exchange: the largest gain; gains within the tie tolerance of it
 * tie, and the tie rule picks among them.  Returns the index or SIZE_MAX. */
static size_t select_next(ref_model *m) {
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < m->n_cand; ++k)
        if (m->cand[k].alive && (best == SIZE_MAX || m->cand[k].gain > m->cand[best].gain))
            best = k;
    if (best == SIZE_MAX)
        return best;
    double floor = m->cand[best].gain * (1.0 - m->prm.tie_tolerance);
    size_t n_tied = 0, first = SIZE_MAX;
    for (size_t k = 0; k < m->n_cand; ++k)
        if (m->cand[k].alive && m->cand[k].gain >= floor) {
            if (first == SIZE_MAX)
                first = k;
            ++n_tied;
        }
    if (n_tied < 2)
        return best;
    ++m->stats.ties;
    if (m->prm.ties == PARLEY_EXCHANGE_TIES_ORDER)
        return first;
    size_t pick = (size_t)(parley_rng_uniform(&m->rng) * (double)n_tied);
    if (pick >= n_tied)
        pick = n_tied - 1;
    for (size_t k = 0; k < m->n_cand; ++k)
        if (m->cand[k].alive && m->cand[k].gain >= floor && pick-- == 0)
            return k;
    return first;
}

/* Records vote `value` of `actor` on `issue` in candidate e's updates table;
 * a value already there is replaced by the less extreme of the two (the one
 * nearer the actor's round-start position). */
static parley_status record_update(ref_model *m, rxcand *e, size_t actor, size_t issue,
                                   double value) {
    for (size_t u = 0; u < e->n_upd; ++u)
        if (e->upd[u].actor == actor && e->upd[u].issue == issue) {
            double old = e->upd[u].value, x0 = C(m, actor, issue)->x0;
            e->upd[u].value = x0 <= old ? (old < value ? old : value) : (old > value ? old : value);
            return PARLEY_OK;
        }
    if (grow((void **)&e->upd, &e->cap_upd, e->n_upd + 1, sizeof *e->upd) != PARLEY_OK)
        return PARLEY_ENOMEM;
    e->upd[e->n_upd++] = (rxupdate){actor, issue, value};
    return PARLEY_OK;
}

/* Externalities of realised exchange r for every actor with cells on both issues. */
static void add_externalities(ref_model *m, const parley_exchange *r) {
    size_t p = r->j.supply, q = r->i.supply;
    for (size_t k = 0; k < m->A; ++k) {
        const rxcell *cp = C(m, k, p), *cq = C(m, k, q);
        if (!cp->present || !cq->present)
            continue;
        double *ext = &m->ext[k * PARLEY_EXT_N];
        if (k == r->i.actor || k == r->j.actor) {
            ext[PARLEY_EXT_OWN] += r->gain;
            continue;
        }
        double e = cp->s * (fabs(r->j.nbs0 - cp->x0) - fabs(r->j.nbs1 - cp->x0)) +
                   cq->s * (fabs(r->i.nbs0 - cq->x0) - fabs(r->i.nbs1 - cq->x0));
        int g = cp->left | (cq->left << 1);
        int inner = r->inner_ad ? (g == 0 || g == 3) : (g == 1 || g == 2);
        ext[inner ? (e >= 0 ? PARLEY_EXT_INNER_POS : PARLEY_EXT_INNER_NEG)
                  : (e >= 0 ? PARLEY_EXT_OUTER_POS : PARLEY_EXT_OUTER_NEG)] += e;
    }
}

/* Realises candidate r: records it, moves the two supply cells, and
 * recomputes every candidate it affects (section 5.2 of the spec); the
 * others keep their numbers. */
static parley_status realise(ref_model *m, size_t idx) {
    rxcand *r = &m->cand[idx];
    r->alive = 0;
    if (grow((void **)&m->done, &m->cap_done, m->n_done + 1, sizeof *m->done) != PARLEY_OK)
        return PARLEY_ENOMEM;
    parley_exchange *out = &m->done[m->n_done++];
    parley_exchange_side *side[2] = {&out->i, &out->j};
    double y[2];
    for (int k = 0; k < 2; ++k) {
        parley_exchange_side *sd = side[k];
        y[k] = r->x[k] + r->move[k];
        sd->actor = r->a[k];
        sd->supply = r->sup[k];
        sd->demand = r->dem[k];
        sd->start = r->x[k];
        sd->move = r->move[k];
        sd->voting = y[k];
        sd->equal_gain_voting = r->eqy[k];
        sd->target = target(m, r, k);
        sd->eu = r->eu[k];
        sd->max_eu = r->maxeu[k];
        sd->nbs0 = r->nbs0[k];
        sd->nbs1 = r->nbs1[k];
        rxcell *c = C(m, r->a[k], r->sup[k]);
        c->x = y[k];
        c->hist_sum += r->move[k];
        c->hist_sign = r->move[k] > 0 ? 1 : -1;
        m->vote[r->a[k] * m->I + r->sup[k]] = y[k];
    }
    out->gain = r->gain;
    out->u = r->u;
    out->v = r->v;
    out->z = r->z;
    out->inner_ad = r->inner_ad;
    out->guarded = r->guarded;
    add_externalities(m, out);

    for (size_t n = 0; n < m->n_cand; ++n) {
        rxcand *e = &m->cand[n];
        if (!e->alive)
            continue;
        int redo = 0;
        for (int k = 0; k < 2; ++k)
            for (int g = 0; g < 2; ++g)
                if (e->a[k] == r->a[g] && e->sup[k] == r->sup[g]) {
                    e->x[k] = y[g];
                    /* D1: the reference keeps this candidate's own last move in
                     * its history, where the realised move was meant */
                    double h = e->move[k];
                    if (e->hist_sign[k] != 0 && e->hist_sign[k] != (h > 0 ? 1 : -1))
                        e->hist_sign[k] = 2; /* mixed signs: no later move is valid */
                    else
                        e->hist_sign[k] = h > 0 ? 1 : -1;
                    e->hist_sum[k] += h;
                    redo = 1;
                    break;
                }
        /* an actor of e demands what a trader of r demanded: record the supplier's new vote */
        for (int g = 1; g >= 0; --g)
            for (int k = 0; k < 2; ++k)
                if (e->a[k] == r->a[g] && e->dem[k] == r->dem[g]) {
                    if (record_update(m, e, r->a[1 - g], r->dem[g], y[1 - g]) != PARLEY_OK)
                        return PARLEY_ENOMEM;
                    redo = 1;
                    break;
                }
        if (redo) {
            compute(m, e);
            e->alive = e->valid;
        }
    }
    return PARLEY_OK;
}

/* Round-start means, sides and per-round resets. */
static void start_round(ref_model *m) {
    for (size_t d = 0; d < m->I; ++d) {
        m->mean0[d] = pref_mean(m, d);
        for (size_t a = 0; a < m->A; ++a) {
            rxcell *c = C(m, a, d);
            if (!c->present)
                continue;
            c->left = c->x0 <= m->mean0[d];
            c->x = c->x0;
            c->hist_sum = 0.0;
            c->hist_sign = 0;
            m->vote[a * m->I + d] = c->x0;
        }
    }
    memset(&m->stats, 0, sizeof m->stats);
    memset(m->ext, 0, m->A * PARLEY_EXT_N * sizeof *m->ext);
    m->n_done = 0;
    for (size_t n = 0; n < m->cap_cand; ++n)
        m->cand[n].n_upd = 0;
}

/* The last round's exchanges as moves per supply issue, for the trace. */
static parley_status record_moves(ref_model *m, parley_error *err) {
    for (size_t d = 0; d < m->I; ++d)
        m->n_moves[d] = 0;
    for (size_t k = 0; k < m->n_done; ++k) {
        const parley_exchange *x = &m->done[k];
        const parley_exchange_side *sd[2] = {&x->i, &x->j};
        for (int g = 0; g < 2; ++g) {
            size_t d = sd[g]->supply;
            if (grow((void **)&m->moves[d], &m->cap_moves[d], m->n_moves[d] + 1,
                     sizeof **m->moves) != PARLEY_OK)
                return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
            parley_move *mv = &m->moves[d][m->n_moves[d]++];
            mv->receiver = m->view_index[sd[g]->actor * m->I + d];
            mv->sender = m->view_index[sd[1 - g]->actor * m->I + d];
            mv->kind = PARLEY_MOVE_EXCHANGE;
            mv->e_i = sd[g]->eu;
            mv->e_j = sd[1 - g]->eu;
            mv->from = to_issue_scale(m, d, sd[g]->start);
            mv->to = to_issue_scale(m, d, sd[g]->voting);
        }
    }
    return PARLEY_OK;
}

static parley_status ref_exchange_iterate(ref_model *m, parley_error *err) {
    start_round(m);
    if (generate(m) != PARLEY_OK)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    size_t next;
    while ((next = select_next(m)) != SIZE_MAX)
        if (realise(m, next) != PARLEY_OK)
            return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    m->stats.realised = m->n_done;
    /* voting means, then the new preferences x0 + lambda (y - x0), lambda = F + S (1 - s) */
    for (size_t d = 0; d < m->I; ++d) {
        double num = 0.0;
        for (size_t k = 0; k < m->n_member[d]; ++k) {
            size_t a = m->member[d][k];
            num += C(m, a, d)->cs * m->vote[a * m->I + d];
        }
        m->vmean[d] = num / m->W[d];
    }
    for (size_t d = 0; d < m->I; ++d)
        for (size_t a = 0; a < m->A; ++a) {
            rxcell *c = C(m, a, d);
            if (!c->present)
                continue;
            c->x0 = ref_exchange_new_preference(&m->prm, c->x0, m->vote[a * m->I + d], c->s);
        }
    ++m->round;
    fill_outputs(m);
    return record_moves(m, err);
}

static double ref_exchange_new_preference(const parley_exchange_params *p, double x, double y,
                                          double s) {
    double lambda = p->fixed_weight + p->salience_weight * (1.0 - s);
    return x + lambda * (y - x);
}

/* ---- life cycle and accessors ---- */

static void ref_exchange_destroy(ref_model *m) {
    if (!m)
        return;
    for (size_t n = 0; n < m->cap_cand; ++n)
        free(m->cand[n].upd);
    free(m->cand);
    free(m->done);
    for (size_t d = 0; d < m->I; ++d) { /* any of the three may be missing after a failed init */
        if (m->member)
            free(m->member[d]);
        if (m->pref_out)
            free(m->pref_out[d]);
        if (m->vote_out)
            free(m->vote_out[d]);
    }
    free(m->member);
    free(m->pref_out);
    free(m->vote_out);
    free(m->n_member);
    free(m->cell);
    free(m->scale);
    free(m->W);
    free(m->mean0);
    free(m->vmean);
    free(m->vote);
    free(m->ext);
    if (m->moves)
        for (size_t d = 0; d < m->I; ++d)
            free(m->moves[d]);
    free(m->moves);
    free(m->n_moves);
    free(m->cap_moves);
    free(m->view_index);
    memset(m, 0, sizeof *m);
}

static parley_status ref_exchange_init(ref_model *m, const parley_scenario *s,
                                       const parley_exchange_params *p, parley_error *err) {
    memset(m, 0, sizeof *m);
    if (s->n_issues < 2)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "the exchange model needs at least two issues to trade across "
                                "(this scenario has %zu)",
                                s->n_issues);
    if (p->rounds == 0 || !(p->p >= 0.0 && p->p <= 1.0))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "exchange model: rounds must be >= 1 and p in [0, 1]");
    m->s = s;
    m->prm = *p;
    m->A = s->n_actors;
    m->I = s->n_issues;
    size_t AI = m->A * m->I;
    m->cell = calloc(AI, sizeof *m->cell);
    m->vote = calloc(AI, sizeof *m->vote);
    m->scale = calloc(m->I, sizeof *m->scale);
    m->W = calloc(m->I, sizeof *m->W);
    m->mean0 = calloc(m->I, sizeof *m->mean0);
    m->vmean = calloc(m->I, sizeof *m->vmean);
    m->member = calloc(m->I, sizeof *m->member);
    m->pref_out = calloc(m->I, sizeof *m->pref_out);
    m->vote_out = calloc(m->I, sizeof *m->vote_out);
    m->n_member = calloc(m->I, sizeof *m->n_member);
    m->ext = calloc(m->A * PARLEY_EXT_N, sizeof *m->ext);
    m->view_index = calloc(AI, sizeof *m->view_index);
    m->moves = calloc(m->I, sizeof *m->moves);
    m->n_moves = calloc(m->I, sizeof *m->n_moves);
    m->cap_moves = calloc(m->I, sizeof *m->cap_moves);
    if (!m->view_index || !m->moves || !m->n_moves || !m->cap_moves)
        goto nomem;
    if (!m->cell || !m->vote || !m->scale || !m->W || !m->mean0 || !m->vmean || !m->member ||
        !m->pref_out || !m->vote_out || !m->n_member || !m->ext)
        goto nomem;
    for (size_t d = 0; d < m->I; ++d) {
        const parley_issue *is = &s->issues[d];
        if (!(is->hi > is->lo) || !isfinite(is->hi - is->lo)) {
            ref_exchange_destroy(m);
            return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                    "issue %s: the scale is empty or overflows double precision",
                                    is->name ? is->name : "?");
        }
        m->scale[d] = 100.0 / (is->hi - is->lo);
        size_t n = parley_scenario_issue_count(s, d);
        m->member[d] = malloc((n ? n : 1) * sizeof **m->member);
        m->pref_out[d] = malloc((n ? n : 1) * sizeof **m->pref_out);
        m->vote_out[d] = malloc((n ? n : 1) * sizeof **m->vote_out);
        if (!m->member[d] || !m->pref_out[d] || !m->vote_out[d])
            goto nomem;
        for (size_t a = 0; a < m->A; ++a) {
            const parley_cell *in = parley_scenario_cell_const(s, a, d);
            if (!in->present)
                continue;
            rxcell *c = C(m, a, d);
            c->present = 1;
            c->c = in->capability;
            c->s = in->salience;
            c->cs = c->c * c->s;
            c->x0 = (in->position - is->lo) * m->scale[d];
            m->W[d] += c->cs;
            m->view_index[a * m->I + d] = m->n_member[d];
            m->member[d][m->n_member[d]++] = a;
        }
        if (!(m->W[d] > 0.0)) {
            ref_exchange_destroy(m);
            return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                    "issue %s: no actor has positive capability x salience",
                                    is->name ? is->name : "?");
        }
        if (!isfinite(m->W[d]) || !isfinite(m->W[d] * 100.0)) {
            ref_exchange_destroy(m);
            return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                    "issue %s: the total capability x salience overflows double "
                                    "precision; rescale the capabilities",
                                    is->name ? is->name : "?");
        }
    }
    if (p->rng)
        m->rng = *p->rng;
    else
        parley_rng_init(&m->rng, p->seed, RNG_STREAM);
    for (size_t d = 0; d < m->I; ++d) {
        m->mean0[d] = pref_mean(m, d);
        m->vmean[d] = m->mean0[d];
        for (size_t a = 0; a < m->A; ++a)
            m->vote[a * m->I + d] = C(m, a, d)->x0;
    }
    fill_outputs(m);
    return PARLEY_OK;
nomem:
    ref_exchange_destroy(m);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
}

#endif
