/* Stokman's exchange model, equal-gain form, with REX (include/parley/exchange.h;
 * docs/models.md, "Exchange model").
 *
 * Vocabulary.  A candidate exchange pairs two actors on a pair of issues
 * (p before q in scenario order).  Side 0 ("i") supplies q and demands p;
 * side 1 ("j") supplies p and demands q.  shift[k] is the move of the
 * weighted mean of side k's supply issue that side k's move causes,
 * shift = c s |move| / W.  Side k's gain is
 *     eu_k = s_k,demand * shift[1-k] - s_k,supply * shift[k].
 *
 * Cost per round (docs/models.md, "Exchange model", cost): the C candidates
 * are generated and computed once, O(C) (plus O(n m^2) to count them); only
 * the valid ones are stored, with the tree over them, O(C).  Each of the R
 * realisations looks at the candidates on four per-cell lists (those in
 * which one of its two actors supplies or demands that actor's supply or
 * demand issue), at most 4 (n - 1)(m - 1) for n actors and m issues, in
 * O(1) each: it recomputes those that share a supply cell with it (O(n)
 * when the demand table holds the candidate's own supplier), drops without
 * recomputing those whose supply cell it moved past their target
 * (supply_dies) and, with p = 0 and quirks = none, passes over the demand
 * lists, kept per partner, of the partners whose candidates provably keep
 * their numbers (keeps_numbers, walk_buckets: one O(1) test per partner,
 * O(n)).  A fall or death
 * of a gain costs nothing in the tree, a rise O(log C), and the selections
 * fix one O(log C) path per stale key that reaches the root, at most one
 * per candidate recomputed or realised.  In all O(n m^2 + C + R n m log C)
 * per round at worst, O(n m^2 + C + R n m) when few keys go stale (as
 * measured), against the O(R C) of a rescan of the whole list after each
 * realisation.
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/exchange.h>

#include "models/exchange_i.h"
#include <parley/rng.h>

#define MOVE_EPS 1e-10                  /* smallest valid move and gain (reference) */
#define RANGE_EPS 1e-9                  /* slack of the [0, 100] range check for rounding */
#define RNG_STREAM UINT64_C(0x45584348) /* "EXCH" */

/* The small steps of a candidate's computation, inlined into it: it runs
 * millions of times a round (same operations, same order, same numbers). */
#if defined(__GNUC__)
#define XHOT static inline __attribute__((always_inline))
#else
#define XHOT static inline
#endif

static xcell *C(const parley_exchange_model *m, size_t a, size_t d) {
    return &m->cell[a * m->I + d];
}

void parley_exchange_params_default(parley_exchange_params *p) {
    p->rounds = 10;
    p->p = 0.0;
    p->ties = PARLEY_EXCHANGE_TIES_ORDER;
    p->tie_tolerance = 1e-12;
    p->seed = 0;
    p->fixed_weight = 0.1;
    p->salience_weight = 0.4;
    p->quirks = PARLEY_EXCHANGE_QUIRKS_NONE;
    p->rng = NULL;
}

PARLEY_I_CHOICE_ENUM(parley_exchange_quirks);
PARLEY_I_CHOICE_ENUM(parley_exchange_ties);

static const parley_param_choice quirks_names[] = {
    {"none", PARLEY_EXCHANGE_QUIRKS_NONE}, {"decide", PARLEY_EXCHANGE_QUIRKS_DECIDE}, {NULL, 0}};
static const parley_param_choice ties_names[] = {
    {"order", PARLEY_EXCHANGE_TIES_ORDER}, {"random", PARLEY_EXCHANGE_TIES_RANDOM}, {NULL, 0}};

#define XM parley_exchange_params

/* The parameters of --param exchange.KEY=VALUE, in the order completion
 * lists them (include/parley/exchange.h). */
static const parley_param_def xm_defs[] = {
    PARLEY_I_COUNT("rounds", XM, rounds, .doc = "rounds to play"),
    PARLEY_I_WHOLE("seed", XM, seed, PARLEY_MAX_SEED, .flags = PARLEY_PARAM_RUN,
                   .doc = "seed of the REX draws and random ties (--seed)"),
    PARLEY_I_REAL("p", XM, p, 0.0, 1.0, .doc = "REX randomisation, 0 = equal gain"),
    PARLEY_I_REAL("fixed-weight", XM, fixed_weight, 0.0, 1.0,
                  .doc = "F of the preference update lambda = F + S (1 - s)"),
    PARLEY_I_REAL("salience-weight", XM, salience_weight, 0.0, 1.0,
                  .doc = "S of the preference update"),
    PARLEY_I_REAL("tie-tolerance", XM, tie_tolerance, 0.0, 1e-3,
                  .doc = "relative gain difference treated as a tie"),
    PARLEY_I_CHOICE("quirks", XM, quirks, quirks_names,
                    .doc = "none (as specified) or decide (as decide-exchange-model)"),
    PARLEY_I_CHOICE("ties", XM, ties, ties_names, .doc = "how tied gains are ordered"),
    {.key = NULL}};
#undef XM

parley_status parley_exchange_params_set(parley_exchange_params *p, const char *key,
                                         const char *value, parley_error *err) {
    return parley_i_params_set(&parley_model_exchange, p, key, value, err);
}

/* ---- means and output arrays ---- */

static double to_issue_scale(const parley_exchange_model *m, size_t d, double v) {
    return v / m->scale[d] + m->s->issues[d].lo;
}

/* Weighted mean of the round-start preferences (x0) of issue d, internal scale. */
static double pref_mean(const parley_exchange_model *m, size_t d) {
    double num = 0.0;
    for (size_t k = 0; k < m->n_member[d]; ++k) {
        const xcell *c = C(m, m->member[d][k], d);
        num += c->cs * c->x0;
    }
    return num / m->W[d];
}

static void fill_outputs(parley_exchange_model *m) {
    for (size_t d = 0; d < m->I; ++d)
        for (size_t k = 0; k < m->n_member[d]; ++k) {
            size_t a = m->member[d][k];
            m->pref_out[d][k] = to_issue_scale(m, d, C(m, a, d)->x0);
            m->vote_out[d][k] = to_issue_scale(m, d, m->vote[a * m->I + d]);
        }
}

/* ---- one candidate ---- */

#define XDEAD UINT32_MAX

/* A candidate being computed: the compact record expanded with its current
 * supply positions and the results of the computation. */
typedef struct {
    size_t a[2], sup[2], dem[2]; /* actor, supply and demand issue of side 0 (i) and 1 (j) */
    int valid, guarded;
    double x[2]; /* current supply positions */
    double move[2], eqy[2], eu[2], maxeu[2], nbs0[2], nbs1[2];
    double gain, u, v, z;
    double hist_sum[2]; /* quirks = decide (D1): this candidate's own record of past moves */
    int hist_sign[2];
    const xcell *cs[2], *cd[2]; /* side k's supply and demand cells */
    double seen[2];             /* seen_mean's sum without side k's own term, or NAN */
} xwork;

/* Sets the cells of w from its actors and issues. */
XHOT void bind_cells(const parley_exchange_model *m, xwork *w) {
    for (int k = 0; k < 2; ++k) {
        w->cs[k] = C(m, w->a[k], w->sup[k]);
        w->cd[k] = C(m, w->a[k], w->dem[k]);
        w->seen[k] = NAN;
    }
}

/* ---- demand tables ----
 *
 * The votes candidate e's guard sees on side k's supply issue d are those
 * recorded while e's partner (side 1 - k) demanded d: the partner's demand
 * table, cell (a[1 - k], d).  (The reference keeps one table per
 * candidate; every live candidate of the round received the same records in
 * the same order as its actors' demand cells, so one table per cell holds
 * the same votes.)  dbits says which actors a table holds, so that the sum
 * without side k's own entry, which the guard needs, is the cached base
 * unless the table holds that actor. */

XHOT int listed(const parley_exchange_model *m, size_t cell, size_t actor) {
    size_t bit = cell * m->A + actor;
    return (int)((m->dbits[bit >> 6] >> (bit & 63)) & 1u);
}

/* Sum of cs (v - x0) over the votes of table `cell` (issue d) but actor
 * a's, added in table order to mean0 W. */
static double table_sum(const parley_exchange_model *m, size_t cell, size_t d, size_t a) {
    const xtable *t = &m->dtab[cell];
    double num = m->mean0[d] * m->W[d];
    for (size_t u = 0; u < t->len; ++u) {
        const xvote *up = &t->at[u];
        if (up->actor == a)
            continue;
        const xcell *c = C(m, up->actor, d);
        num += c->cs * (up->value - c->x0);
    }
    return num;
}

/* table_sum without actor a's vote, remembered by the table until a vote
 * enters it: many candidates of a realisation's lists read the same table
 * without the same supplier (the same additions in the same order, so the
 * same number).  The table is a cache here, so m stays const. */
static double table_sum_without(const parley_exchange_model *m, size_t cell, size_t d, size_t a) {
    xtable *t = &m->dtab[cell];
    if (t->memo_actor != a) {
        t->memo = table_sum(m, cell, d, a);
        t->memo_actor = (uint32_t)a;
    }
    return t->memo;
}

/* Records vote `value` of `actor` in table `cell` (issue d); a vote of the
 * actor already there is replaced by the less extreme of the two (the one
 * nearer the actor's round-start position). */
static parley_status record_vote(parley_exchange_model *m, size_t cell, size_t d, size_t actor,
                                 double value) {
    xtable *t = &m->dtab[cell];
    const xcell *c = C(m, actor, d);
    t->memo_actor = UINT32_MAX;
    if (listed(m, cell, actor)) {
        for (size_t u = 0; u < t->len; ++u)
            if (t->at[u].actor == actor) {
                double old = t->at[u].value, x0 = c->x0;
                t->at[u].value =
                    x0 <= old ? (old < value ? old : value) : (old > value ? old : value);
                break;
            }
        t->base = table_sum(m, cell, d, SIZE_MAX);
        return PARLEY_OK;
    }
    if (t->len == t->cap) {
        uint32_t cap = t->cap ? 2 * t->cap : 4;
        xvote *at = realloc(t->at, cap * sizeof *at);
        if (!at)
            return PARLEY_ENOMEM;
        t->at = at;
        t->cap = cap;
    }
    t->at[t->len++] = (xvote){(uint32_t)actor, value};
    t->base += c->cs * (value - c->x0);
    size_t bit = cell * m->A + actor;
    m->dbits[bit >> 6] |= (uint64_t)1 << (bit & 63);
    return PARLEY_OK;
}

/* Mean of side k's supply issue as candidate e sees it: round-start
 * preferences, the third-party votes of its partner's demand table, and
 * side k's actor at position pos. */
XHOT double seen_mean(const parley_exchange_model *m, xwork *e, int k, double pos) {
    size_t a = e->a[k], d = e->sup[k];
    if (isnan(e->seen[k])) {
        size_t cell = e->a[1 - k] * m->I + d;
        e->seen[k] = listed(m, cell, a) ? table_sum_without(m, cell, d, a) : m->dtab[cell].base;
    }
    const xcell *c = e->cs[k];
    return (e->seen[k] + c->cs * (pos - c->x0)) / m->W[d];
}

/* The reference's validity rule for a move mv of side k from its current
 * supply position: 1e-10 < |mv| <= 100, the vote stays in [0, 100], the
 * actor's moves on the cell this round sum to at most 100 and share one sign. */
XHOT int move_ok(const parley_exchange_model *m, const xwork *e, int k, double mv) {
    double a = fabs(mv);
    if (!(a > MOVE_EPS) || a > 100.0)
        return 0;
    double y = e->x[k] + mv;
    if (y < -RANGE_EPS || y > 100.0 + RANGE_EPS)
        return 0;
    double sum;
    int hsign;
    if (m->prm.quirks == PARLEY_EXCHANGE_QUIRKS_NONE) {
        const xcell *c = e->cs[k];
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
XHOT double target(const parley_exchange_model *m, const xwork *e, int k) {
    (void)m;
    return e->cd[1 - k]->x0; /* the partner demands k's supply issue */
}

typedef struct {
    double shift[2]; /* mean shifts of the two supply issues */
    double move[2];  /* unsigned moves */
} xsolution;

/* shift of side k's supply issue per unit move, c s / W. */
XHOT double rate(const parley_exchange_model *m, const xwork *e, int k) {
    (void)m;
    return e->cs[k]->rate;
}

/* Salience of side k's actor on its supply / demand issue. */
XHOT double s_sup(const parley_exchange_model *m, const xwork *e, int k) {
    (void)m;
    return e->cs[k]->s;
}
XHOT double s_dem(const parley_exchange_model *m, const xwork *e, int k) {
    (void)m;
    return e->cd[k]->s;
}

XHOT double side_gain(const parley_exchange_model *m, const xwork *e, int k, const xsolution *x) {
    return s_dem(m, e, k) * x->shift[1 - k] - s_sup(m, e, k) * x->shift[k];
}

/* Completes a solution from shift[k] and the ratio shift[0]/shift[1] = ratio,
 * the move of side k being move_k (unsigned). */
XHOT void from_side(const parley_exchange_model *m, const xwork *e, int k, double move_k,
                    double ratio, xsolution *x) {
    x->move[k] = move_k;
    x->shift[k] = move_k * rate(m, e, k);
    x->shift[1 - k] = k == 1 ? x->shift[1] * ratio : x->shift[0] / ratio;
    x->move[1 - k] = x->shift[1 - k] / rate(m, e, 1 - k);
}

/* Overshoot guard of side k (the reference's "check NBS"): if side k's move
 * would carry the mean of its supply issue past the partner's position, cut
 * it so that the mean lands on that position and recompute the partner's
 * move from the exchange ratio.  Returns 1 if it cut. */
XHOT int guard(const parley_exchange_model *m, xwork *e, int k, double ratio, xsolution *x) {
    double t = target(m, e, k);
    double dir = t < e->x[k] ? -1.0 : 1.0;
    double n0 = seen_mean(m, e, k, e->x[k]);
    double n1 = seen_mean(m, e, k, e->x[k] + dir * x->move[k]);
    if ((t - n0 >= 0 && t - n1 >= 0) || (t - n0 <= 0 && t - n1 <= 0))
        return 0;
    /* the move of side k's actor that puts the seen mean at t */
    double from = e->x[k];
    size_t cell = e->a[1 - k] * m->I + e->sup[k];
    if (m->prm.quirks == PARLEY_EXCHANGE_QUIRKS_DECIDE && listed(m, cell, e->a[k])) { /* D2 */
        const xtable *tb = &m->dtab[cell];
        for (size_t u = 0; u < tb->len; ++u)
            if (tb->at[u].actor == e->a[k])
                from = tb->at[u].value;
    }
    double base = from == e->x[k] ? n0 : seen_mean(m, e, k, from);
    from_side(m, e, k, fabs(t - base) / rate(m, e, k), ratio, x);
    return 1;
}

/* Signs the moves of x, sets the candidate's moves, gains and validity. */
XHOT void apply_solution(const parley_exchange_model *m, xwork *e, const xsolution *x) {
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
static void rex_solution(const parley_exchange_model *m, const xwork *e, int k, double eu_eq,
                         double p, double v, double z, double full[2], double *maxeu,
                         xsolution *x) {
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

/* Computes candidate e from scratch: equal gain, validity, guard, REX.
 * replay = 0 draws the REX numbers from the model's stream; replay = 1
 * reuses e->u, e->v, e->z (drawn by an earlier computation on the same
 * data, so the results are the same) and also computes the seen means
 * nbs0 and nbs1, which only a realised exchange reports. */
static void compute(parley_exchange_model *m, xwork *e, int replay) {
    double full[2];
    for (int k = 0; k < 2; ++k)
        full[k] = fabs(target(m, e, k) - e->x[k]);
    /* equal gain: shift[0] / shift[1] = (s_0,dem + s_1,sup) / (s_0,sup + s_1,dem) */
    double ratio = (s_dem(m, e, 0) + s_sup(m, e, 1)) / (s_sup(m, e, 0) + s_dem(m, e, 1));
    xsolution x;
    from_side(m, e, 1, full[1], ratio, &x); /* j moves all the way */
    if (x.move[0] > full[0])
        from_side(m, e, 0, full[0], ratio, &x); /* i would pass its target: i moves all the way */
    e->guarded = 0;
    double draw[3] = {e->u, e->v, e->z};
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
        if (replay) {
            e->u = draw[0];
            e->v = draw[1];
            e->z = draw[2];
        } else {
            e->u = parley_rng_uniform(&m->rng);
            e->v = parley_rng_uniform(&m->rng);
            e->z = parley_rng_uniform(&m->rng);
        }
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
    if (replay)
        for (int k = 0; k < 2; ++k) {
            e->nbs0[k] = seen_mean(m, e, k, e->x[k]);
            e->nbs1[k] = seen_mean(m, e, k, e->x[k] + e->move[k]);
        }
}

/* Expands candidate n into w: roles, current supply positions (its cells'),
 * move records (quirks = decide) and, for a replay, its REX draws. */
static void expand(const parley_exchange_model *m, size_t n, xwork *w) {
    const xcand *e = &m->cand[n];
    w->a[0] = e->a[0];
    w->a[1] = e->a[1];
    w->sup[0] = w->dem[1] = e->q;
    w->dem[0] = w->sup[1] = e->p;
    bind_cells(m, w);
    for (int k = 0; k < 2; ++k)
        w->x[k] = w->cs[k]->x;
    if (m->hist)
        for (int k = 0; k < 2; ++k) {
            w->hist_sum[k] = m->hist[n].sum[k];
            w->hist_sign[k] = m->hist[n].sign[k];
        }
    w->u = w->v = w->z = NAN;
    if (m->draw) {
        w->u = m->draw[3 * n];
        w->v = m->draw[3 * n + 1];
        w->z = m->draw[3 * n + 2];
    }
}

/* Stores what the round keeps of computation w of candidate n (its gain
 * goes to the queue). */
static void keep(parley_exchange_model *m, size_t n, const xwork *w) {
    if (m->hist)
        for (int k = 0; k < 2; ++k)
            m->hist[n].move[k] = w->move[k];
    if (m->draw) {
        m->draw[3 * n] = w->u;
        m->draw[3 * n + 1] = w->v;
        m->draw[3 * n + 2] = w->z;
    }
}

/* ---- the live candidates by gain ----
 *
 * A tournament tree: the candidates are cut into blocks of XBLOCK = 128
 * consecutive indexes (1 KB of gains); leaf b holds a key of block
 * b, each inner node the better of its two children's keys, the root the
 * best key.  A key is (gain, candidate), ordered by larger gain, then
 * smaller index.  Invariant: a node's key is at least the best key of the
 * live candidates below it (an upper bound, not always exact).  A candidate
 * whose gain grows climbs the tree while it beats the keys it meets; one
 * whose gain falls or dies changes nothing (the keys above it stay upper
 * bounds).  A selection checks the root: if its candidate still has the
 * root's gain it is the best; otherwise that candidate's leaf is recomputed
 * from the gains and the path above it from its children, and again.  Most
 * changes after a realisation are falls, so most cost nothing here.  A dead
 * candidate has gain -1 (live gains are >= 0). */

#define XGONE (-1.0)
#define XBLOCK_SHIFT 7
#define XBLOCK ((size_t)1 << XBLOCK_SHIFT)

static int is_live(const parley_exchange_model *m, size_t n) {
    return !(m->gain[n] < 0.0);
}

/* Is node x better than node y: larger gain, then earlier generated?  (A
 * node without winner has gain -1 and index XDEAD.) */
static int beats(xnode x, xnode y) {
    return x.gain > y.gain || (x.gain == y.gain && x.at < y.at);
}

/* Block b's best live candidate: the largest gain, found in four
 * independent running maxima (no chain of dependent comparisons through the
 * block), then its first candidate. */
static xnode block_best(const parley_exchange_model *m, size_t b) {
    size_t lo = b << XBLOCK_SHIFT, hi = lo + XBLOCK;
    if (hi > m->n_cand)
        hi = m->n_cand;
    const double *g = m->gain;
    double mx[4] = {XGONE, XGONE, XGONE, XGONE}; /* dead ones (-1) never beat these */
    size_t n = lo;
    for (; n + 4 <= hi; n += 4)
        for (int j = 0; j < 4; ++j)
            mx[j] = g[n + (size_t)j] > mx[j] ? g[n + (size_t)j] : mx[j];
    for (; n < hi; ++n)
        mx[0] = g[n] > mx[0] ? g[n] : mx[0];
    double best = mx[0];
    for (int j = 1; j < 4; ++j)
        best = mx[j] > best ? mx[j] : best;
    if (!(best > XGONE))
        return (xnode){XGONE, XDEAD};
    for (n = lo; g[n] != best; ++n)
        ;
    return (xnode){best, (uint32_t)n};
}

/* Candidate n has the new gain g (XGONE: it can no longer be realised). */
static void set_gain(parley_exchange_model *m, uint32_t n, double g) {
    double old = m->gain[n];
    m->gain[n] = g;
    if (!(g > old))
        return; /* the keys above it stay upper bounds */
    ++m->n_rises;
    xnode k = {g, n};
    for (size_t i = m->n_leaf + (n >> XBLOCK_SHIFT); i >= 1 && beats(k, m->tree[i]); i >>= 1)
        m->tree[i] = k;
}

/* Makes the key of candidate n's leaf exact and recomputes the path above it. */
static void fix_path(parley_exchange_model *m, uint32_t n) {
    ++m->n_fixes;
    size_t i = m->n_leaf + (n >> XBLOCK_SHIFT);
    m->tree[i] = block_best(m, n >> XBLOCK_SHIFT);
    for (i >>= 1; i >= 1; i >>= 1) {
        xnode l = m->tree[2 * i], r = m->tree[2 * i + 1];
        m->tree[i] = beats(r, l) ? r : l;
    }
}

/* Builds the tree over the round's candidates. */
static parley_status build_tree(parley_exchange_model *m) {
    size_t blocks = (m->n_cand + XBLOCK - 1) >> XBLOCK_SHIFT;
    m->n_leaf = 1;
    while (m->n_leaf < blocks)
        m->n_leaf *= 2;
    free(m->tree);
    m->tree = malloc(2 * m->n_leaf * sizeof *m->tree);
    if (!m->tree)
        return PARLEY_ENOMEM;
    for (size_t b = 0; b < m->n_leaf; ++b)
        m->tree[m->n_leaf + b] = b < blocks ? block_best(m, b) : (xnode){XGONE, XDEAD};
    for (size_t i = m->n_leaf - 1; i >= 1; --i) {
        xnode l = m->tree[2 * i], r = m->tree[2 * i + 1];
        m->tree[i] = beats(r, l) ? r : l;
    }
    m->tree[0] = (xnode){XGONE, XDEAD};
    return PARLEY_OK;
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

/* Computes candidate (k, l) on issues (p, q); k and l have present cells on
 * both.  Roles: the actor with the larger relative interest s_p / s_q in
 * p demands p (side i); on equality the first actor (k).  Stores it only
 * when it is valid (it could never be realised otherwise). */
static void add_candidate(parley_exchange_model *m, size_t p, size_t q, size_t k, size_t l) {
    double kp = C(m, k, p)->s, kq = C(m, k, q)->s, lp = C(m, l, p)->s, lq = C(m, l, q)->s;
    int k_is_i = !(kp * lq < lp * kq); /* kp/kq >= lp/lq without dividing */
    xwork w;
    w.a[0] = k_is_i ? k : l;
    w.a[1] = k_is_i ? l : k;
    w.sup[0] = w.dem[1] = q;
    w.dem[0] = w.sup[1] = p;
    bind_cells(m, &w);
    w.x[0] = w.cs[0]->x;
    w.x[1] = w.cs[1]->x;
    w.hist_sum[0] = w.hist_sum[1] = 0.0;
    w.hist_sign[0] = w.hist_sign[1] = 0;
    w.u = w.v = w.z = NAN;
    compute(m, &w, 0);
    ++m->stats.candidates;
    if (!w.valid)
        return;
    ++m->stats.valid;
    m->stats.valid_gain_sum += w.gain;
    size_t n = m->n_cand++;
    xcand *e = &m->cand[n];
    e->a[0] = (uint32_t)w.a[0];
    e->a[1] = (uint32_t)w.a[1];
    e->p = (uint32_t)p;
    e->q = (uint32_t)q;
    if (m->hist)
        memset(&m->hist[n], 0, sizeof m->hist[n]);
    keep(m, n, &w);
    m->gain[n] = w.gain;
}

/* Can actor a trade on issue d (present, with positive capability and salience)? */
static int trades(const parley_exchange_model *m, size_t a, size_t d) {
    const xcell *c = C(m, a, d);
    return c->present && c->cs > 0.0;
}

/* Fills m->side (issue-major): 1 when actor a is left on issue d, 0 when
 * right, 2 when it cannot trade on d. */
static void fill_sides(parley_exchange_model *m) {
    for (size_t d = 0; d < m->I; ++d)
        for (size_t a = 0; a < m->A; ++a)
            m->side[d * m->A + a] = (uint8_t)(trades(m, a, d) ? C(m, a, d)->left : 2);
}

/* Group of actor a on issues (p, q), 0-3 for a (right/right), b (left/right),
 * c (right/left), d (left/left); -1 when it does not trade on both (from
 * m->side). */
static int group(const parley_exchange_model *m, size_t a, size_t p, size_t q) {
    unsigned sp = m->side[p * m->A + a], sq = m->side[q * m->A + a];
    return (sp | sq) & 2u ? -1 : (int)(sp | sq << 1);
}

/* Candidate pairs of the round: sum over issue pairs of |a| |d| + |b| |c|. */
static size_t count_pairs(const parley_exchange_model *m) {
    size_t total = 0;
    for (size_t p = 0; p < m->I; ++p)
        for (size_t q = p + 1; q < m->I; ++q) {
            size_t g[4] = {0, 0, 0, 0};
            for (size_t a = 0; a < m->A; ++a) {
                int x = group(m, a, p, q);
                if (x >= 0)
                    ++g[x];
            }
            total = parley_i_mem_add(total, parley_i_mem_add(parley_i_mem_mul(g[0], g[3]),
                                                             parley_i_mem_mul(g[1], g[2])));
        }
    return total;
}

/* With p = 0 and quirks = none a candidate that only sees a new vote in a
 * demand table may keep its numbers (keeps_numbers), the same for every
 * candidate of the table's cell with the same partner: the demand lists
 * are then kept per cell and partner (walk_buckets). */
static int may_keep(const parley_exchange_model *m) {
    return m->prm.p == 0.0 && m->prm.quirks == PARLEY_EXCHANGE_QUIRKS_NONE;
}

/* Fills lists l: per cell (actor, issue), the candidates in which the actor
 * supplies (role 0) or demands (role 1) the issue, in index order; with
 * by_partner, one list per cell and partner (key cell A + partner). */
static parley_status build_lists(parley_exchange_model *m, xlists *l, int role, int by_partner) {
    size_t AI = by_partner ? m->A * m->I * m->A : m->A * m->I, P = by_partner ? m->A : 1;
    free(l->off);
    free(l->len);
    free(l->at);
    free(l->partner);
    l->partner = NULL;
    l->off = calloc(AI + 1, sizeof *l->off);
    l->len = calloc(AI ? AI : 1, sizeof *l->len);
    l->at = malloc((m->n_cand ? 2 * m->n_cand : 1) * sizeof *l->at);
    if (!l->off || !l->len || !l->at)
        return PARLEY_ENOMEM;
    if (role == 0 && !by_partner &&
        !(l->partner = malloc((m->n_cand ? 2 * m->n_cand : 1) * sizeof *l->partner)))
        return PARLEY_ENOMEM;
    for (size_t n = 0; n < m->n_cand; ++n) {
        const xcand *e = &m->cand[n];
        ++l->len[(e->a[0] * m->I + (role == 0 ? e->q : e->p)) * P + (P > 1 ? e->a[1] : 0)];
        ++l->len[(e->a[1] * m->I + (role == 0 ? e->p : e->q)) * P + (P > 1 ? e->a[0] : 0)];
    }
    for (size_t c = 0; c < AI; ++c) {
        l->off[c + 1] = l->off[c] + l->len[c]; /* 2 n_cand < XDEAD */
        l->len[c] = 0;
    }
    for (size_t n = 0; n < m->n_cand; ++n) {
        const xcand *e = &m->cand[n];
        size_t c0 = (e->a[0] * m->I + (role == 0 ? e->q : e->p)) * P + (P > 1 ? e->a[1] : 0);
        size_t c1 = (e->a[1] * m->I + (role == 0 ? e->p : e->q)) * P + (P > 1 ? e->a[0] : 0);
        size_t k0 = l->off[c0] + l->len[c0]++, k1 = l->off[c1] + l->len[c1]++;
        l->at[k0] = (uint32_t)n;
        l->at[k1] = (uint32_t)n;
        if (l->partner) {
            l->partner[k0] = e->a[1];
            l->partner[k1] = e->a[0];
        }
    }
    return PARLEY_OK;
}

/* Generates and computes every candidate of the round (issue pairs in
 * order; within a pair a x d, then b x c, outer actor first), keeps the
 * valid ones, indexes them by cell and queues them by gain. */
static parley_status generate(parley_exchange_model *m, parley_error *err) {
    m->n_cand = 0;
    m->n_leaf = 0;
    fill_sides(m);
    size_t pairs = count_pairs(m);
    if (pairs >= XDEAD / 2 || pairs >= SIZE_MAX / sizeof(xcand))
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0,
                                "exchange model: %zu candidate exchanges in one round, more than "
                                "this implementation can index",
                                pairs);
    if (pairs > m->cap_cand) {
        free(m->cand);
        free(m->hist);
        free(m->draw);
        free(m->gain);
        m->hist = NULL;
        m->draw = NULL;
        m->cap_cand = 0;
        m->cand = malloc(pairs * sizeof *m->cand);
        m->gain = malloc(pairs * sizeof *m->gain);
        if (!m->cand || !m->gain)
            goto nomem;
        if (m->prm.quirks == PARLEY_EXCHANGE_QUIRKS_DECIDE &&
            !(m->hist = malloc(pairs * sizeof *m->hist)))
            goto nomem;
        if (m->prm.p > 0.0 && !(m->draw = malloc(3 * pairs * sizeof *m->draw)))
            goto nomem;
        m->cap_cand = pairs;
    }
    /* the actors of each group of the issue pair, in actor order */
    size_t *gm = malloc((4 * m->A + 1) * sizeof *gm);
    if (!gm)
        goto nomem;
    for (size_t p = 0; p < m->I; ++p)
        for (size_t q = p + 1; q < m->I; ++q) {
            /* groups: a right/right, b left/right, c right/left, d left/left (on p/q) */
            size_t ng[4] = {0, 0, 0, 0};
            for (size_t a = 0; a < m->A; ++a) {
                int x = group(m, a, p, q);
                if (x >= 0)
                    gm[(size_t)x * m->A + ng[x]++] = a;
            }
            for (int pairing = 0; pairing < 2; ++pairing) {
                size_t g1 = pairing == 0 ? 0 : 1, g2 = pairing == 0 ? 3 : 2;
                for (size_t k = 0; k < ng[g1]; ++k)
                    for (size_t l = 0; l < ng[g2]; ++l)
                        add_candidate(m, p, q, gm[g1 * m->A + k], gm[g2 * m->A + l]);
            }
        }
    free(gm);
    /* the tree and the lists hold the valid candidates only */
    if (build_tree(m) != PARLEY_OK)
        goto nomem;
    if (build_lists(m, &m->supl, 0, may_keep(m)) != PARLEY_OK ||
        build_lists(m, &m->deml, 1, may_keep(m)) != PARLEY_OK)
        goto nomem;
    return PARLEY_OK;
nomem:
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Appends to m->tied, in generation order, the live candidates of the
 * subtree of node i whose gain reaches `floor`. */
static parley_status collect_tied(parley_exchange_model *m, size_t i, double floor,
                                  size_t *n_tied) {
    if (m->tree[i].at == XDEAD || !(m->tree[i].gain >= floor))
        return PARLEY_OK; /* nothing below reaches the floor */
    if (i < m->n_leaf) {
        parley_status rc = collect_tied(m, 2 * i, floor, n_tied);
        return rc != PARLEY_OK ? rc : collect_tied(m, 2 * i + 1, floor, n_tied);
    }
    size_t lo = (i - m->n_leaf) << XBLOCK_SHIFT, hi = lo + XBLOCK;
    if (hi > m->n_cand)
        hi = m->n_cand;
    for (size_t n = lo; n < hi; ++n)
        if (is_live(m, n) && m->gain[n] >= floor) {
            if (grow((void **)&m->tied, &m->cap_tied, *n_tied + 1, sizeof *m->tied) != PARLEY_OK)
                return PARLEY_ENOMEM;
            m->tied[(*n_tied)++] = (uint32_t)n;
        }
    return PARLEY_OK;
}

/* The next exchange: the largest gain; gains within the tie tolerance of it
 * tie, and the tie rule picks among them in generation order.  Returns the
 * index or SIZE_MAX. */
static size_t select_next(parley_exchange_model *m, parley_status *rc) {
    *rc = PARLEY_OK;
    if (!m->n_leaf)
        return SIZE_MAX;
    /* the root's key bounds every live gain: once its candidate has that
     * gain, it is the best */
    while (m->tree[1].at != XDEAD && m->gain[m->tree[1].at] != m->tree[1].gain)
        fix_path(m, m->tree[1].at);
    uint32_t best = m->tree[1].at;
    if (best == XDEAD)
        return SIZE_MAX;
    double floor = m->gain[best] * (1.0 - m->prm.tie_tolerance);
    size_t n_tied = 0;
    if ((*rc = collect_tied(m, 1, floor, &n_tied)) != PARLEY_OK)
        return SIZE_MAX;
    if (n_tied < 2)
        return best;
    ++m->stats.ties;
    if (m->prm.ties == PARLEY_EXCHANGE_TIES_ORDER)
        return m->tied[0];
    size_t pick = (size_t)(parley_rng_uniform(&m->rng) * (double)n_tied);
    if (pick >= n_tied)
        pick = n_tied - 1;
    return m->tied[pick];
}

/* Externalities of realised exchange r for every actor with cells on both issues. */
static void add_externalities(parley_exchange_model *m, const parley_exchange *r) {
    size_t p = r->j.supply, q = r->i.supply;
    for (size_t k = 0; k < m->A; ++k) {
        const xcell *cp = C(m, k, p), *cq = C(m, k, q);
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

/* Brings candidate n up to date after the realisation of r: section 5.2 of
 * the spec.  It shares a supply cell or a demanding actor and issue with r
 * (it is on one of r's four lists), so it is recomputed; the new votes it
 * sees are already in the demand tables. */
static void refresh(parley_exchange_model *m, uint32_t n, const xwork *r) {
    const xcand *e = &m->cand[n];
    size_t a[2] = {e->a[0], e->a[1]}, sup[2] = {e->q, e->p};
    for (int k = 0; k < 2; ++k)
        for (int g = 0; g < 2; ++g)
            if (a[k] == r->a[g] && sup[k] == r->sup[g]) {
                /* its supply position is the cell's (now y[g]); D1: the
                 * reference keeps this candidate's own last move in its
                 * history, where the realised move was meant */
                if (m->hist) {
                    xhist *h = &m->hist[n];
                    double mv = h->move[k];
                    if (h->sign[k] != 0 && h->sign[k] != (mv > 0 ? 1 : -1))
                        h->sign[k] = 2; /* mixed signs: no later move is valid */
                    else
                        h->sign[k] = mv > 0 ? 1 : -1;
                    h->sum[k] += mv;
                }
                break;
            }
    xwork w;
    expand(m, n, &w);
    compute(m, &w, 0);
    keep(m, n, &w);
    set_gain(m, n, w.valid ? w.gain : XGONE);
}

#define XAHEAD 24    /* list entries prefetched ahead */
#define XMARGIN 1e-9 /* slack of keeps_numbers on the 0-100 scale (rounding is ~1e-13) */

/* The candidates in which realisation r's trader g demands r's issue
 * dem[g] with partner s (their list: cell (a[g], dem[g]), partner s), s
 * not r's other trader, and which share no supply cell with r: a new vote
 * entered the demand table their guard reads for the side that supplies
 * the demanded issue; their supply positions and move records are those
 * of their last computation.  With p = 0 and quirks = none the
 * computation is then a function of the table's sum alone, through the
 * overshoot guard of that side, which cuts the move only if the mean it
 * sees, n0 = (S + c s (x - x0)) / W, lies short of the target t by less
 * than the mean's shift, at most rate |t - x|.  Returns 1 when that is
 * ruled out, with a margin, for both the sum before the vote (old_base)
 * and after it: the guard leaves the move alone in both, so the new
 * computation would give the old numbers bit for bit.  (The sum is the
 * table's base when the table holds no vote of the side's own actor.) */
static int keeps_numbers(const parley_exchange_model *m, int g, size_t s, const xwork *r,
                         double old_base) {
    size_t A = r->a[g], d = r->dem[g], cell = A * m->I + d;
    const xcell *c = C(m, s, d);
    double t = C(m, A, d)->x0, x = c->x;
    double dir = t < x ? -1.0 : 1.0, lim = c->rate * fabs(t - x) + XMARGIN;
    double S[2] = {old_base, m->dtab[cell].base};
    if (listed(m, cell, s)) {
        /* the sum without s's vote; the new vote is another actor's (r's
         * other trader), so it changed that sum as it changed the base, up
         * to rounding far below the margin */
        S[1] = table_sum_without(m, cell, d, s);
        S[0] = S[1] - (m->dtab[cell].base - old_base);
    }
    for (int v = 0; v < 2; ++v) {
        double gap = dir * (t - (S[v] + c->cs * (x - c->x0)) / m->W[d]);
        if (!(gap <= -XMARGIN || gap >= lim))
            return 0;
    }
    return 1;
}

/* A candidate on the supply list of cell c (actor a, issue d), which a
 * realisation has just moved to c->x with the sign c->hist_sign, with
 * partner b: can it still be realised?  Its side supplying d now moves from
 * c->x towards its target t, b's round-start position on d; with
 * quirks = none the validity rule (move_ok) takes the cell's sign, so the
 * candidate's first validity check fails, and it is dropped, whatever its
 * other numbers, when t = c->x (no move) or t lies on the other side of
 * c->x (a move of the opposite sign).  Returns 1 then: the computation
 * would mark it invalid before any REX draw, so it is dropped without one. */
static int supply_dies(const parley_exchange_model *m, const xcell *c, size_t b, size_t d) {
    double t = C(m, b, d)->x0;
    return t == c->x || (t < c->x ? -1 : 1) != c->hist_sign;
}

/* Brings the candidates of one list (at, len) up to date after realisation
 * r, in list order: drops the dead ones, recomputes the others.  Returns
 * the entries kept. */
static uint32_t walk_list(parley_exchange_model *m, const xwork *r, uint32_t *at, uint32_t len) {
    uint32_t wr = 0;
    for (uint32_t k = 0; k < len && k < XAHEAD; ++k) {
        __builtin_prefetch(&m->gain[at[k]]);
        __builtin_prefetch(&m->cand[at[k]]);
    }
    for (uint32_t k = 0; k < len; ++k) {
        if (k + XAHEAD < len) {
            __builtin_prefetch(&m->gain[at[k + XAHEAD]]);
            __builtin_prefetch(&m->cand[at[k + XAHEAD]]);
        }
        uint32_t n = at[k];
        if (!is_live(m, n))
            continue; /* no longer realisable: drop the entry */
        refresh(m, n, r);
        ++m->n_recomputed;
        if (is_live(m, n))
            at[wr++] = n;
    }
    return wr;
}

/* Drops every candidate of one list (at, len): a fall of each gain to -1
 * (the tree's keys stay upper bounds). */
static void drop_list(parley_exchange_model *m, const uint32_t *at, uint32_t len) {
    for (uint32_t k = 0; k < len; ++k) {
        if (k + XAHEAD < len)
            __builtin_prefetch(&m->gain[at[k + XAHEAD]], 1);
        m->gain[at[k]] = XGONE;
    }
    m->n_killed += len;
}

/* The walk of realisation r with p = 0 and quirks = none, where no
 * computation draws and each is a function of the data alone, so that the
 * order does not matter and a second computation repeats the first: the
 * supply lists of r's two moved cells partner by partner, dropping a
 * partner's whole list when supply_dies (which depends on the cell and the
 * partner alone), then the demand lists of its two traders' demand cells
 * partner by partner, passing over a partner's whole list when
 * keeps_numbers shows that its candidates keep their numbers (a candidate
 * also on a supply list was recomputed there).  The list of r's
 * own partner holds r and candidates on r's other supply list only.
 * Returns the entries looked at (those passed over not included: they
 * count in n_kept). */
static size_t walk_buckets(parley_exchange_model *m, const xwork *r, const double old_base[2]) {
    size_t touched = 0;
    for (int g = 0; g < 2; ++g) {
        size_t cell = r->a[g] * m->I + r->sup[g];
        const xcell *moved = C(m, r->a[g], r->sup[g]);
        xlists *l = &m->supl;
        for (size_t s = 0; s < m->A; ++s) {
            size_t key = cell * m->A + s;
            uint32_t len = l->len[key];
            if (!len)
                continue;
            touched += len;
            if (supply_dies(m, moved, s, r->sup[g])) {
                drop_list(m, l->at + l->off[key], len);
                l->len[key] = 0;
            } else
                l->len[key] = walk_list(m, r, l->at + l->off[key], len);
        }
    }
    for (int g = 0; g < 2; ++g) {
        size_t cell = r->a[g] * m->I + r->dem[g];
        xlists *l = &m->deml;
        for (size_t s = 0; s < m->A; ++s) {
            size_t key = cell * m->A + s;
            uint32_t len = l->len[key];
            if (!len || s == r->a[1 - g])
                continue;
            if (keeps_numbers(m, g, s, r, old_base[g])) {
                m->n_kept += len; /* the same numbers (or dead already: dropped later) */
                continue;
            }
            touched += len;
            l->len[key] = walk_list(m, r, l->at + l->off[key], len);
        }
    }
    return touched;
}

/* Realises candidate idx: records it, moves the two supply cells, and
 * recomputes the candidates it affects (section 5.2 of the spec), in
 * generation order; the others keep their numbers.  The affected ones are
 * on four lists: those in which r's actor i supplies q or demands p, and
 * those in which r's actor j supplies p or demands q.  Entries of
 * candidates that can no longer be realised are dropped as they are met. */
static parley_status realise(parley_exchange_model *m, size_t idx) {
    xwork r;
    expand(m, idx, &r);
    compute(m, &r, 1); /* the same numbers as when it was queued */
    set_gain(m, (uint32_t)idx, XGONE);
    if (grow((void **)&m->done, &m->cap_done, m->n_done + 1, sizeof *m->done) != PARLEY_OK)
        return PARLEY_ENOMEM;
    parley_exchange *out = &m->done[m->n_done++];
    parley_exchange_side *side[2] = {&out->i, &out->j};
    double y[2];
    for (int k = 0; k < 2; ++k) {
        parley_exchange_side *sd = side[k];
        y[k] = r.x[k] + r.move[k];
        sd->actor = r.a[k];
        sd->supply = r.sup[k];
        sd->demand = r.dem[k];
        sd->start = r.x[k];
        sd->move = r.move[k];
        sd->voting = y[k];
        sd->equal_gain_voting = r.eqy[k];
        sd->target = target(m, &r, k);
        sd->eu = r.eu[k];
        sd->max_eu = r.maxeu[k];
        sd->nbs0 = r.nbs0[k];
        sd->nbs1 = r.nbs1[k];
        xcell *c = C(m, r.a[k], r.sup[k]);
        c->x = y[k];
        c->hist_sum += r.move[k];
        c->hist_sign = r.move[k] > 0 ? 1 : -1;
        m->vote[r.a[k] * m->I + r.sup[k]] = y[k];
    }
    out->gain = r.gain;
    out->u = r.u;
    out->v = r.v;
    out->z = r.z;
    /* generated as an a x d pair: actor i on the same side of both means */
    out->inner_ad = C(m, r.a[0], r.sup[0])->left == C(m, r.a[0], r.dem[0])->left;
    out->guarded = r.guarded;
    add_externalities(m, out);
    /* each trader demanded what its partner supplied: the partner's new
     * vote goes into the trader's demand table (j's first, as the reference) */
    double old_base[2];
    for (int g = 0; g < 2; ++g)
        old_base[g] = m->dtab[r.a[g] * m->I + r.dem[g]].base;
    for (int g = 1; g >= 0; --g)
        if (record_vote(m, r.a[g] * m->I + r.dem[g], r.dem[g], r.a[1 - g], y[1 - g]) != PARLEY_OK)
            return PARLEY_ENOMEM;

    if (may_keep(m)) {
        size_t touched = walk_buckets(m, &r, old_base);
        m->stats.touched += touched;
        if (touched > m->stats.touched_max)
            m->stats.touched_max = touched;
        return PARLEY_OK;
    }
    /* otherwise (REX draws, D1's move records: the order and the number of
     * computations matter) merge the four lists in index order, each
     * candidate once */
    size_t cell[4] = {r.a[0] * m->I + r.sup[0], r.a[1] * m->I + r.sup[1], r.a[0] * m->I + r.dem[0],
                      r.a[1] * m->I + r.dem[1]};
    xlists *lists[4] = {&m->supl, &m->supl, &m->deml, &m->deml};
    uint32_t *at[4], *partner[2];
    const xcell *moved[2] = {C(m, r.a[0], r.sup[0]), C(m, r.a[1], r.sup[1])};
    size_t len[4], rd[4] = {0, 0, 0, 0}, wr[4] = {0, 0, 0, 0}, touched = 0;
    for (int t = 0; t < 4; ++t) {
        at[t] = lists[t]->at + lists[t]->off[cell[t]];
        len[t] = lists[t]->len[cell[t]];
        touched += len[t];
    }
    for (int t = 0; t < 2; ++t)
        partner[t] = m->supl.partner + m->supl.off[cell[t]];
    /* the entries point all over the candidates: ask for those a few steps
     * ahead of each list's reading point rather than wait for each in turn */
    for (int t = 0; t < 4; ++t)
        for (size_t k = 0; k < len[t] && k < XAHEAD; ++k) {
            __builtin_prefetch(&m->gain[at[t][k]]);
            __builtin_prefetch(&m->cand[at[t][k]]);
        }
    int may_kill = m->prm.quirks == PARLEY_EXCHANGE_QUIRKS_NONE;
    /* head[t]: list t's entry at its reading point, XDEAD past its end
     * (indexes are below XDEAD / 2) */
    uint32_t head[4];
    for (int t = 0; t < 4; ++t)
        head[t] = len[t] ? at[t][0] : XDEAD;
    for (;;) {
        uint32_t lo01 = head[0] < head[1] ? head[0] : head[1];
        uint32_t lo23 = head[2] < head[3] ? head[2] : head[3];
        uint32_t next = lo01 < lo23 ? lo01 : lo23;
        if (next == XDEAD)
            break;
        /* the lists holding it */
        unsigned in = (unsigned)(head[0] == next) | (unsigned)(head[1] == next) << 1 |
                      (unsigned)(head[2] == next) << 2 | (unsigned)(head[3] == next) << 3;
        int stays;
        if (may_kill && (in & 3u) &&
            (((in & 1u) && supply_dies(m, moved[0], partner[0][rd[0]], r.sup[0])) ||
             ((in & 2u) && supply_dies(m, moved[1], partner[1][rd[1]], r.sup[1])))) {
            m->gain[next] = XGONE; /* a fall: the tree's keys stay upper bounds */
            stays = 0, ++m->n_killed;
        } else if (!is_live(m, next))
            stays = 0; /* no longer realisable: drop the entry */
        else {
            refresh(m, next, &r);
            ++m->n_recomputed;
            stays = is_live(m, next);
        }
        for (int t = 0; t < 4; ++t)
            if (in & (1u << t)) {
                if (stays) {
                    if (t < 2)
                        partner[t][wr[t]] = partner[t][rd[t]];
                    at[t][wr[t]++] = next;
                }
                size_t k = ++rd[t];
                head[t] = k < len[t] ? at[t][k] : XDEAD;
                if (k + XAHEAD < len[t]) {
                    __builtin_prefetch(&m->gain[at[t][k + XAHEAD]]);
                    __builtin_prefetch(&m->cand[at[t][k + XAHEAD]]);
                }
            }
    }
    for (int t = 0; t < 4; ++t)
        lists[t]->len[cell[t]] = (uint32_t)wr[t];
    m->stats.touched += touched;
    if (touched > m->stats.touched_max)
        m->stats.touched_max = touched;
    return PARLEY_OK;
}

/* Empties the demand tables (after the round-start means). */
static void clear_tables(parley_exchange_model *m) {
    for (size_t a = 0; a < m->A; ++a)
        for (size_t d = 0; d < m->I; ++d) {
            xtable *t = &m->dtab[a * m->I + d];
            t->len = 0;
            t->base = m->mean0[d] * m->W[d];
            t->memo_actor = UINT32_MAX;
        }
    memset(m->dbits, 0, m->n_dbits * sizeof *m->dbits);
}

/* Round-start means, sides and per-round resets. */
static void start_round(parley_exchange_model *m) {
    for (size_t d = 0; d < m->I; ++d) {
        m->mean0[d] = pref_mean(m, d);
        for (size_t a = 0; a < m->A; ++a) {
            xcell *c = C(m, a, d);
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
    m->n_recomputed = m->n_kept = m->n_killed = m->n_fixes = m->n_rises = 0;
    memset(m->ext, 0, m->A * PARLEY_EXT_N * sizeof *m->ext);
    m->n_done = 0;
    clear_tables(m);
    m->n_cand = 0;
    m->n_leaf = 0;
}

/* The last round's exchanges as moves per supply issue, for the trace. */
static parley_status record_moves(parley_exchange_model *m, parley_error *err) {
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

parley_status parley_i_exchange_iterate(parley_exchange_model *m, parley_error *err) {
    start_round(m);
    parley_status rc = generate(m, err);
    if (rc != PARLEY_OK)
        return rc;
    size_t next;
    while ((next = select_next(m, &rc)) != SIZE_MAX)
        if ((rc = realise(m, next)) != PARLEY_OK)
            break;
    if (rc != PARLEY_OK)
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
            xcell *c = C(m, a, d);
            if (!c->present)
                continue;
            c->x0 = parley_i_exchange_new_preference(&m->prm, c->x0, m->vote[a * m->I + d], c->s);
        }
    ++m->round;
    fill_outputs(m);
    return record_moves(m, err);
}

double parley_i_exchange_new_preference(const parley_exchange_params *p, double x, double y,
                                        double s) {
    double lambda = p->fixed_weight + p->salience_weight * (1.0 - s);
    return x + lambda * (y - x);
}

/* ---- life cycle and accessors ---- */

void parley_i_exchange_destroy(parley_exchange_model *m) {
    if (!m)
        return;
    if (m->dtab)
        for (size_t c = 0; c < m->A * m->I; ++c)
            free(m->dtab[c].at);
    free(m->dtab);
    free(m->dbits);
    free(m->side);
    free(m->cand);
    free(m->hist);
    free(m->draw);
    free(m->gain);
    free(m->tree);
    free(m->tied);
    xlists *l[2] = {&m->supl, &m->deml};
    for (int k = 0; k < 2; ++k) {
        free(l[k]->off);
        free(l[k]->len);
        free(l[k]->at);
        free(l[k]->partner);
    }
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

parley_status parley_i_exchange_init(parley_exchange_model *m, const parley_scenario *s,
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
    m->dtab = calloc(AI ? AI : 1, sizeof *m->dtab);
    m->side = malloc(AI ? AI : 1);
    m->n_dbits = parley_i_mem_mul(AI, m->A) / 64 + 1;
    m->dbits = m->n_dbits < SIZE_MAX / 64 ? calloc(m->n_dbits, sizeof *m->dbits) : NULL;
    if (!m->dtab || !m->dbits || !m->side)
        goto nomem;
    if (!m->view_index || !m->moves || !m->n_moves || !m->cap_moves)
        goto nomem;
    if (!m->cell || !m->vote || !m->scale || !m->W || !m->mean0 || !m->vmean || !m->member ||
        !m->pref_out || !m->vote_out || !m->n_member || !m->ext)
        goto nomem;
    for (size_t d = 0; d < m->I; ++d) {
        const parley_issue *is = &s->issues[d];
        if (!(is->hi > is->lo) || !isfinite(is->hi - is->lo)) {
            parley_i_exchange_destroy(m);
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
            xcell *c = C(m, a, d);
            c->present = 1;
            c->c = in->capability;
            c->s = in->salience;
            c->cs = c->c * c->s;
            c->x0 = (in->position - is->lo) * m->scale[d];
            m->W[d] += c->cs;
            m->view_index[a * m->I + d] = m->n_member[d];
            m->member[d][m->n_member[d]++] = a;
        }
        for (size_t a = 0; a < m->A; ++a) /* shift of the mean per unit move */
            C(m, a, d)->rate = C(m, a, d)->cs / m->W[d];
        if (!(m->W[d] > 0.0)) {
            parley_i_exchange_destroy(m);
            return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                    "issue %s: no actor has positive capability x salience",
                                    is->name ? is->name : "?");
        }
        if (!isfinite(m->W[d]) || !isfinite(m->W[d] * 100.0)) {
            parley_i_exchange_destroy(m);
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
    parley_i_exchange_destroy(m);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
}

size_t parley_exchange_rounds(const parley_exchange_model *m) {
    return m->round;
}

size_t parley_exchange_last(const parley_exchange_model *m, const parley_exchange **ex,
                            parley_exchange_stats *stats) {
    if (ex)
        *ex = m->done;
    if (stats)
        *stats = m->stats;
    return m->n_done;
}

const double *parley_exchange_externalities(const parley_exchange_model *m) {
    return m->ext;
}

double parley_exchange_preference_mean(const parley_exchange_model *m, size_t d) {
    return to_issue_scale(m, d, pref_mean(m, d));
}

double parley_exchange_voting_mean(const parley_exchange_model *m, size_t d) {
    return to_issue_scale(m, d, m->vmean[d]);
}

const double *parley_exchange_preferences(const parley_exchange_model *m, size_t d) {
    return m->pref_out[d];
}

const double *parley_exchange_votes(const parley_exchange_model *m, size_t d) {
    return m->vote_out[d];
}

/* ---- the model type ---- */

typedef struct {
    parley_exchange_model x;
    const parley_scenario *s;
    parley_stop_reason stop;
    double *w; /* scratch for the median, n_actors */
} xstate;

static void xm_default(void *params) {
    parley_exchange_params_default(params);
}

static parley_status xm_describe(const void *params, parley_buf *out) {
    const parley_exchange_params *p = params;
    return parley_buf_printf(
        out,
        "rounds=%zu, p=%g, ties=%s, seed=%llu, quirks=%s, fixed-weight=%g, "
        "salience-weight=%g",
        p->rounds, p->p, p->ties == PARLEY_EXCHANGE_TIES_ORDER ? "order" : "random",
        (unsigned long long)p->seed, p->quirks == PARLEY_EXCHANGE_QUIRKS_NONE ? "none" : "decide",
        p->fixed_weight, p->salience_weight);
}

/* The candidates of a round dominate: only the valid ones are stored,
 * each as a compact record (xcand) and its gain, four list entries and
 * about 16 bytes more (measured: the arrays' spare room), plus its move
 * record with quirks = decide and its REX draws when p > 0; with p = 0 and
 * quirks = none the lists are kept per cell and partner, 8 bytes of offset
 * and length per list and actor x issue x actor, else the supply lists
 * hold the partner beside each entry.  Their number
 * depends on the data: a pair of actors can trade on a pair of issues when
 * they sit on opposite sides of both means.  For positions spread at
 * random that is a fraction f = 1/4 + 0.46/n of the n(n-1)/2 x m(m-1)/2
 * pairs (measured on bench_exchange's generator: 0.365 at n = 4, 0.254 at
 * n = 100); data split into the same two camps on every issue can reach
 * 1/f times as many.  Checked against the measured peak RSS in
 * tests/unit/test_exchange_diff.c (within 15 %).  4 actors x 10,000 issues:
 * about 6.1 GB. */
static size_t xm_memory(const void *params, size_t n, size_t m) {
    const parley_exchange_params *p = params;
    const size_t actor_pairs = n < 2 ? 0 : parley_i_mem_mul(n, n - 1) / 2;
    const size_t issue_pairs = m < 2 ? 0 : parley_i_mem_mul(m, m - 1) / 2;
    /* p = 0 and quirks = none: the lists per cell and partner (walk_buckets) */
    int by_partner = !p || (p->p == 0.0 && p->quirks == PARLEY_EXCHANGE_QUIRKS_NONE);
    size_t per_cand = sizeof(xcand) + sizeof(double) + 4 * sizeof(uint32_t) + 16;
    if (!by_partner)
        per_cand += 2 * sizeof(uint32_t); /* the partner beside each supply entry */
    if (p && p->quirks == PARLEY_EXCHANGE_QUIRKS_DECIDE)
        per_cand += sizeof(xhist) + 16; /* and its share of the spare room */
    if (p && p->p > 0.0)
        per_cand += 3 * sizeof(double);
    size_t pairs = parley_i_mem_mul(actor_pairs, issue_pairs);
    /* f pairs = pairs / 4 + 0.46 pairs / n, in whole numbers */
    size_t cands = parley_i_mem_add(pairs / 4, n ? parley_i_mem_mul(pairs / n, 46) / 100 : 0);
    size_t b = parley_i_mem_mul(cands, per_cand);
    b = parley_i_mem_add(b, parley_i_mem_mul(parley_i_mem_mul(n, m), 200 + sizeof(xtable)));
    b = parley_i_mem_add(b, parley_i_mem_mul(parley_i_mem_mul(n, m), n) / 8); /* dbits */
    if (by_partner) /* the two lists' offsets and lengths per actor x issue x actor */
        b = parley_i_mem_add(b, parley_i_mem_mul(parley_i_mem_mul(n, m), n) *
                                    (2 * (sizeof(uint32_t) + sizeof(uint32_t))));
    return parley_i_mem_add(b, sizeof(parley_exchange_model));
}

static parley_status xm_init(void *state, const parley_scenario *s, const void *params,
                             parley_error *err) {
    xstate *st = state;
    st->s = s;
    st->stop = PARLEY_STOP_NONE;
    parley_status rc = parley_i_exchange_init(&st->x, s, params, err);
    if (rc != PARLEY_OK)
        return rc;
    st->w = malloc((s->n_actors ? s->n_actors : 1) * sizeof *st->w);
    if (!st->w)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    return PARLEY_OK;
}

static parley_status xm_iterate(void *state, parley_error *err) {
    xstate *st = state;
    parley_status rc = parley_i_exchange_iterate(&st->x, err);
    if (rc != PARLEY_OK)
        return rc;
    if (parley_exchange_last(&st->x, NULL, NULL) == 0)
        st->stop = PARLEY_STOP_FIXED_POINT; /* nothing moved: every later round is the same */
    else if (parley_exchange_rounds(&st->x) >= st->x.prm.rounds)
        st->stop = PARLEY_STOP_ROUND_LIMIT;
    return PARLEY_OK;
}

static int xm_test(const void *state) {
    return ((const xstate *)state)->stop != PARLEY_STOP_NONE;
}

static void xm_outcome_issue(const void *state, size_t d, parley_outcome *out) {
    const xstate *st = state;
    const parley_exchange_model *m = &st->x;
    memset(out, 0, sizeof *out);
    out->forecast = parley_exchange_voting_mean(m, d);
    out->mean = parley_exchange_preference_mean(m, d);
    size_t n = m->n_member[d];
    for (size_t k = 0; k < n; ++k)
        st->w[k] = C(m, m->member[d][k], d)->cs;
    parley_error err;
    if (parley_weighted_median(n, m->pref_out[d], st->w, PARLEY_MEDIAN_LOWER, &out->median,
                               &out->median_tie, &out->median_tie_lo, &out->median_tie_hi,
                               &err) != PARLEY_OK)
        out->median = out->median_tie_lo = out->median_tie_hi = NAN;
    out->rounds = m->round;
    out->stop = st->stop;
}

static const double *xm_positions_issue(const void *state, size_t d) {
    return parley_exchange_preferences(&((const xstate *)state)->x, d);
}

static size_t xm_moves_issue(const void *state, size_t d, const parley_move **moves) {
    const parley_exchange_model *m = &((const xstate *)state)->x;
    *moves = m->moves[d];
    return m->n_moves[d];
}

static void xm_destroy(void *state) {
    xstate *st = state;
    parley_i_exchange_destroy(&st->x);
    free(st->w);
    st->w = NULL;
}

/* Typed run parameters: the seed (one fixed stream) and the rounds. */
static unsigned xm_run(void *params, const parley_run_params *rp) {
    parley_exchange_params *p = params;
    p->seed = rp->seed;
    p->rng = rp->rng;
    if (rp->rounds)
        p->rounds = rp->rounds;
    return PARLEY_RUN_SEED | PARLEY_RUN_ROUNDS;
}

const parley_model_type parley_model_exchange = {
    .name = "exchange",
    .title = "exchange model (equal gain)",
    .source = "Stokman & Van Oosten (1994); REX: Dijkstra, Van Assen, Stokman & Draaijer (2018)",
    .short_name = "the exchange model",
    .gloss = "round by round, actors trade support across pairs of issues, giving way where "
             "they care less in return for a partner's move where they care more; the "
             "forecast is the voting mean after the last round",
    .params_size = sizeof(parley_exchange_params),
    .state_size = sizeof(xstate),
    .params_default = xm_default,
    .params_describe = xm_describe,
    .params_run = xm_run,
    .iterate = xm_iterate,
    .test = xm_test,
    .destroy = xm_destroy,
    .scope = PARLEY_SCOPE_SCENARIO,
    .init_scenario = xm_init,
    .outcome_issue = xm_outcome_issue,
    .positions_issue = xm_positions_issue,
    .moves_issue = xm_moves_issue,
    .memory_estimate = xm_memory,
    .param_defs = xm_defs,
};

const parley_exchange_model *parley_model_exchange_state(const parley_model *m) {
    if (!m || m->type != &parley_model_exchange || !m->state)
        return NULL;
    return &((const xstate *)m->state)->x;
}
