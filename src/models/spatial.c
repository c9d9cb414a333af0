/* KTAB's spatial model of politics (SMP).
 *
 * Written from the specification of KTAB's smpc (shared spec
 * "spatial-model.md", reproduced in docs/models.md, section "Spatial model
 * of politics"); section numbers (§) below refer to it.  KTAB: MIT,
 * Copyright (c) 2015 KAPSARC; no KTAB code is reproduced.
 *
 * Per step: O(n^3) challenge evaluations (every actor against every other,
 * each with every third party), O(n^3) for the queues' PCEs and O(n u^2)
 * for the reported probabilities over u distinct positions; O(n^2) memory.
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <parley/rng.h>
#include <parley/spatial.h>

#include "models/spatial_i.h"

/* Constants of KTAB's smpc (§1.4-1.13). */
#define SMP_VOTE_STEP 1e-8      /* width of the smoothed step of binary votes */
#define SMP_MIN_COALITION 1e-8  /* coalition floor in a PCE */
#define SMP_MIN_CHALLENGE 1e-10 /* coalition floor in a challenge */
#define SMP_MIN_GAIN 1e-5       /* smallest gain worth a challenge */
#define SMP_BARGAIN_EPS 1e-6    /* interpolation guard */
#define SMP_EQUIV 1e-3          /* equivalence distance of positions on [0, 1] */
#define SMP_MIN_DELTA 1e-4      /* guard of the fractional-change ratio */
#define SMP_BATCH 16            /* targets evaluated together by challenge_best */
#define SMP_BB_MIN 64           /* actors from which challenge_best bounds the targets */

/* ---------------------------------------------------------------- names */

PARLEY_I_CHOICE_ENUM(parley_smp_victory);
PARLEY_I_CHOICE_ENUM(parley_smp_pce);
PARLEY_I_CHOICE_ENUM(parley_smp_transition);
PARLEY_I_CHOICE_ENUM(parley_smp_voting);
PARLEY_I_CHOICE_ENUM(parley_smp_bigr_adjust);
PARLEY_I_CHOICE_ENUM(parley_smp_bigr_range);
PARLEY_I_CHOICE_ENUM(parley_smp_commit);
PARLEY_I_CHOICE_ENUM(parley_smp_interp);
PARLEY_I_CHOICE_ENUM(parley_smp_bargain);

/* KTAB's names of the switches' values. */
static const parley_param_choice victory_names[] = {{"Linear", 0}, {"Square", 1}, {"Quartic", 2},
                                                    {"Octic", 3},  {"Binary", 4}, {NULL, 0}};
static const parley_param_choice pce_names[] = {
    {"Conditional", 0}, {"MarkovIncentive", 1}, {"MarkovUniform", 2}, {NULL, 0}};
static const parley_param_choice pce_aliases[] = {
    {"conditionalpcm", 0}, {"markovipcm", 1}, {"markovupcm", 2}, {NULL, 0}};
static const parley_param_choice transition_names[] = {
    {"Deterministic", 0}, {"Stochastic", 1}, {NULL, 0}};
static const parley_param_choice voting_names[] = {{"Binary", 0},  {"PropBin", 1}, {"Prop", 2},
                                                   {"PropCbc", 3}, {"Cubic", 4},   {"ASymProsp", 5},
                                                   {NULL, 0}};
static const parley_param_choice voting_aliases[] = {{"proportional", 2}, {NULL, 0}};
static const parley_param_choice adjust_names[] = {{"None", 0},      {"OneThird", 1}, {"Half", 2},
                                                   {"TwoThirds", 3}, {"Full", 4},     {NULL, 0}};
static const parley_param_choice adjust_aliases[] = {
    {"no", 0},          {"nora", 0},   {"onethirdra", 1}, {"halfra", 2},
    {"twothirdsra", 3}, {"fullra", 4}, {NULL, 0}};
static const parley_param_choice range_names[] = {{"Min", 0}, {"Mid", 1}, {"Max", 2}, {NULL, 0}};
static const parley_param_choice commit_names[] = {
    {"NoCommit", 0}, {"SemiCommit", 1}, {"FullCommit", 2}, {NULL, 0}};
static const parley_param_choice commit_aliases[] = {
    {"no", 0}, {"semi", 1}, {"full", 2}, {NULL, 0}};
static const parley_param_choice interp_names[] = {
    {"S1P1", 0}, {"S2P2", 1}, {"S2PMax", 2}, {NULL, 0}};
static const parley_param_choice bargain_names[] = {
    {"InitOnlyInterp", 0}, {"InitRcvrInterp", 1}, {"PWCompInterp", 2}, {NULL, 0}};
static const parley_param_choice bargain_aliases[] = {
    {"initonly", 0}, {"initrcvr", 1}, {"pwcomp", 2}, {NULL, 0}};
static const parley_param_choice compat_names[] = {{"none", 0}, {"ktab", 1}, {NULL, 0}};
static const parley_param_choice salience_names[] = {{"reject", 0}, {"normalise", 1}, {NULL, 0}};
static const parley_param_choice salience_aliases[] = {{"normalize", 1}, {NULL, 0}};

static const char *const victory_keys[] = {"victoryprobmodel", "vpm", NULL};
static const char *const pce_keys[] = {"pcemodel", NULL};
static const char *const transition_keys[] = {"statetransmode", "statetransitions", NULL};
static const char *const voting_keys[] = {"votingrule", NULL};
static const char *const commit_keys[] = {"thirdpartycommit", NULL};
static const char *const interp_keys[] = {"intervecbrgn", NULL};
static const char *const bargain_keys[] = {"bargnmodel", "smpbargnmodel", NULL};
static const char *const steps_keys[] = {"rounds", NULL};

#define SMP parley_spatial_params
#define LOOSE .flags = PARLEY_PARAM_LOOSE
/* A KTAB switch: names and keys in any case, '-' and '_' ignored. */
#define SMP_CHOICE(KEY, FIELD, NAMES, ALIASES, KEYS, DOC)                                          \
    PARLEY_I_CHOICE(KEY, SMP, FIELD, NAMES, .aliases = ALIASES, .key_aliases = KEYS,               \
                    .label = "spatial." KEY, .flags = PARLEY_PARAM_LOOSE | PARLEY_PARAM_ONE_OF,    \
                    .doc = DOC)

/* Cross-field rule: min-steps above max-steps means a limit nobody can
 * reach; the default 2 stands with fewer steps (--rounds 1), where the
 * step limit stops the run first anyway. */
static parley_status check_min_steps(const void *params, parley_error *err) {
    const parley_spatial_params *p = params;
    if (p->min_steps <= 2 || p->min_steps <= p->max_steps)
        return PARLEY_OK;
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                            "spatial.min-steps (%zu) must not exceed spatial.max-steps (%zu)",
                            p->min_steps, p->max_steps);
}

/* The parameters of --param spatial.KEY=VALUE, in the order completion
 * lists them (include/parley/spatial.h; KTAB's names are key_aliases). */
static const parley_param_def spatial_defs[] = {
    SMP_CHOICE("victory", victory, victory_names, NULL, victory_keys,
               "victory probability model (VictoryProbModel)"),
    SMP_CHOICE("pce", pce, pce_names, pce_aliases, pce_keys,
               "probability of a contested outcome (PCEModel)"),
    SMP_CHOICE("transition", transition, transition_names, NULL, transition_keys,
               "deterministic or stochastic choice of bargains (StateTransMode)"),
    SMP_CHOICE("voting", voting, voting_names, voting_aliases, voting_keys,
               "how an actor's vote grows with its utility difference (VotingRule)"),
    SMP_CHOICE("big-r-adjust", bigr_adjust, adjust_names, adjust_aliases, NULL,
               "how far an actor's risk attitude enters another's estimate (BigRAdjust)"),
    SMP_CHOICE("big-r-range", bigr_range, range_names, NULL, NULL,
               "range of the risk attitudes (BigRRange)"),
    SMP_CHOICE("commit", commit, commit_names, commit_aliases, commit_keys,
               "third parties' commitment in a challenge (ThirdPartyCommit)"),
    SMP_CHOICE("interp", interp, interp_names, NULL, interp_keys,
               "weights of the bargain between two positions (InterVecBrgn)"),
    SMP_CHOICE("bargain", bargain, bargain_names, bargain_aliases, bargain_keys,
               "whose estimates build the bargains (SMPBargnModel)"),
    SMP_CHOICE("compat", ktab_compat, compat_names, NULL, NULL,
               "none (corrected forms) or ktab (KTAB's reporting quirks K10, K11)"),
    PARLEY_I_COUNT("max-steps", SMP, max_steps, .key_aliases = steps_keys,
                   .label = "spatial.max-steps", LOOSE, .doc = "stop after this many steps"),
    PARLEY_I_COUNT("min-steps", SMP, min_steps, .label = "spatial.min-steps", LOOSE,
                   .check = check_min_steps,
                   .doc = "the stop-ratio rule applies from this step on"),
    PARLEY_I_REAL("stop-ratio", SMP, stop_ratio, 0.0, 1.0, .label = "spatial.stop-ratio", LOOSE,
                  .doc = "stop when D_t / (D_1 + 1e-4) falls below this"),
    PARLEY_I_WHOLE("seed", SMP, seed, PARLEY_MAX_SEED, .label = "spatial.seed",
                   .flags = PARLEY_PARAM_LOOSE | PARLEY_PARAM_RUN,
                   .doc = "seed of the stochastic transition (--seed)"),
    SMP_CHOICE("salience-sum", normalise_salience, salience_names, salience_aliases, NULL,
               "an actor's saliences summing above 1: reject, or normalise them"),
    {.key = NULL}};

void parley_spatial_params_default(parley_spatial_params *p) {
    memset(p, 0, sizeof *p);
    p->victory = PARLEY_SMP_VICTORY_LINEAR;
    p->pce = PARLEY_SMP_PCE_CONDITIONAL;
    p->transition = PARLEY_SMP_DETERMINISTIC;
    p->voting = PARLEY_SMP_VOTE_PROP;
    p->bigr_adjust = PARLEY_SMP_BIGR_ONE_THIRD;
    p->bigr_range = PARLEY_SMP_RANGE_MID;
    p->commit = PARLEY_SMP_COMMIT_SEMI;
    p->interp = PARLEY_SMP_INTERP_S2P2;
    p->bargain = PARLEY_SMP_BARGAIN_INIT_ONLY;
    p->ktab_compat = 0;
    p->max_steps = 100;
    p->min_steps = 2;
    p->stop_ratio = 0.02;
    p->seed = 0;
    p->normalise_salience = 1;
}

parley_status parley_spatial_params_set(parley_spatial_params *p, const char *key,
                                        const char *value, parley_error *err) {
    parley_status st = parley_i_params_set(&parley_model_spatial, p, key, value, err);
    if (st != PARLEY_EUNSUPPORTED)
        return st;
    return parley_error_set(err, PARLEY_EUNSUPPORTED, NULL, 0, 0,
                            "the spatial model has no parameter '%s' (victory, pce, transition, "
                            "voting, big-r-adjust, big-r-range, commit, interp, bargain, compat, "
                            "max-steps, min-steps, stop-ratio, seed, salience-sum)",
                            key);
}

parley_status parley_spatial_params_describe(const parley_spatial_params *p, parley_buf *out) {
    return parley_i_params_describe(&parley_model_spatial, p, out);
}

/* ------------------------------------------------- utilities and votes */

/* Salience-weighted normalised distance from a to b for an actor with
 * saliences s (§1.3): sqrt(sum (s_k (a_k - b_k))^2 / sum s_k^2). */
static double smp_distance(size_t K, const double *a, const double *b, const double *s) {
    double num = 0.0, den = 0.0;
    for (size_t k = 0; k < K; ++k) {
        double t = s[k] * (a[k] - b[k]);
        num += t * t;
        den += s[k] * s[k];
    }
    return sqrt(num / den);
}

/* Utility of distance d with risk attitude R (§1.3). */
static double smp_utility(double d, double R) {
    if (d > 1.0)
        return (1.0 - d) * (1.0 + R);
    return (1.0 - d) * (1.0 + R * d);
}

/* KTAB's binary response: the step sign(du) smoothed over SMP_VOTE_STEP. */
static double smp_step(double du) {
    double bin = du / SMP_VOTE_STEP;
    return bin > 1.0 ? 1.0 : (bin < -1.0 ? -1.0 : bin);
}

/* Vote of weight w for option a (utility ua) over b (ub) (§1.4). */
static inline double smp_vote(parley_smp_voting rule, double w, double ua, double ub) {
    const double du = ua - ub;
    switch (rule) {
    case PARLEY_SMP_VOTE_PROP:
        return w * du;
    case PARLEY_SMP_VOTE_BINARY:
        return w * smp_step(du);
    case PARLEY_SMP_VOTE_PROPBIN:
        return w * (0.8 * du + 0.2 * smp_step(du));
    case PARLEY_SMP_VOTE_PROPCBC:
        return w * (0.5 * du + 0.5 * du * du * du);
    case PARLEY_SMP_VOTE_CUBIC:
        return w * (du * du * du);
    case PARLEY_SMP_VOTE_ASYMPROSP:
        if (du < 0.0)
            return w * du;
        if (du > 0.0)
            return (2.0 * w * du) / 3.0;
        return 0.0;
    }
    return 0.0;
}

/* The principals' support in the contest (i:j) before any third party:
 * each side's floor SMP_MIN_CHALLENGE plus the votes of i (uii against uij)
 * and of j (uji against ujj) that favour it, added in that order. */
static inline void smp_principals(parley_smp_voting vr, double wi, double wj, double uii,
                                  double uij, double uji, double ujj, double *ci, double *cj) {
    const double vi = smp_vote(vr, wi, uii, uij);
    const double vj = smp_vote(vr, wj, uji, ujj);
    double a = SMP_MIN_CHALLENGE, b = SMP_MIN_CHALLENGE;
    if (vi > 0.0)
        a = a + vi;
    if (vi < 0.0)
        b = b - vi;
    if (vj > 0.0)
        a = a + vj;
    if (vj < 0.0)
        b = b - vj;
    *ci = a;
    *cj = b;
}

/* Victory probabilities of coalitions s1 against s2 (§1.5). */
static void smp_victory(parley_smp_victory vpm, double s1, double s2, double *p1, double *p2) {
    double x1 = s1, x2 = s2;
    switch (vpm) {
    case PARLEY_SMP_VICTORY_LINEAR:
        break;
    case PARLEY_SMP_VICTORY_SQUARE:
        x1 = s1 * s1;
        x2 = s2 * s2;
        break;
    case PARLEY_SMP_VICTORY_QUARTIC:
        x1 = (s1 * s1) * (s1 * s1);
        x2 = (s2 * s2) * (s2 * s2);
        break;
    case PARLEY_SMP_VICTORY_OCTIC:
        x1 = (s1 * s1) * (s1 * s1);
        x1 = x1 * x1;
        x2 = (s2 * s2) * (s2 * s2);
        x2 = x2 * x2;
        break;
    case PARLEY_SMP_VICTORY_BINARY: {
        const double thresh = 1.10, loser = 1e-6;
        if (s1 >= thresh * s2) {
            x1 = 1.0;
            x2 = loser;
        } else if (s2 >= thresh * s1) {
            x1 = loser;
            x2 = 1.0;
        } else {
            /* linear between the two thresholds: 1 at s1/s2 = t, 0 at s2/s1 = t */
            double r = s1 / (s1 + s2);
            x1 = (r * (thresh + 1.0) - 1.0) / (thresh - 1.0);
            x2 = 1.0 - x1;
        }
        break;
    }
    }
    *p1 = x1 / (x1 + x2);
    *p2 = x2 / (x1 + x2);
}

/* Adjusted risk attitude: h's estimate of i's (§1.7 step 4). */
static double smp_adjust(parley_smp_bigr_adjust ra, double rh, double ri) {
    switch (ra) {
    case PARLEY_SMP_BIGR_NONE:
        return rh;
    case PARLEY_SMP_BIGR_ONE_THIRD:
        return ((2.0 * rh) + ri) / 3.0;
    case PARLEY_SMP_BIGR_HALF:
        return (rh + ri) / 2;
    case PARLEY_SMP_BIGR_TWO_THIRDS:
        return (rh + (2.0 * ri)) / 3.0;
    case PARLEY_SMP_BIGR_FULL:
        return ri;
    }
    return ri;
}

/* U^h_ab: h's estimate of a's utility of b's current position. */
static double smp_uh(const parley_i_spatial *m, size_t h, size_t a, size_t b) {
    return smp_utility(m->dist[a * m->n + b], smp_adjust(m->p.bigr_adjust, m->R[h], m->R[a]));
}

/* ------------------------------------------------------- vector loops */

/* The O(n^3) loops of a step (spatial_kernel.h), once per vector width:
 * all give the plain loops' results bit for bit.  Elsewhere than x86-64
 * with GCC/Clang (e.g. WebAssembly) the plain loops run. */
#if defined(__GNUC__) && defined(__x86_64__)
#define SK_VECTOR 1
/* x86 maxpd(v, +0) is v > 0 ? v : +0 exactly (the second operand on NaN
 * and on equal operands); AVX-512 a compare and a mask. */
/* Rows of a PCE's coalition sums that pass the voters together. */
#define SK_ROWS 4
#define SK_SUFFIX base
#define SK_VW 2
#define SK_ATTR
#define SK_POS(v) __builtin_ia32_maxpd(v, (vec_base){0.0, 0.0})
#include "models/spatial_kernel.h"
#define SK_SUFFIX avx2
#define SK_VW 4
#define SK_ATTR __attribute__((target("avx2")))
#define SK_POS(v) __builtin_ia32_maxpd256(v, (vec_avx2){0.0, 0.0, 0.0, 0.0})
#include "models/spatial_kernel.h"
#define SK_SUFFIX avx512
#define SK_VW 8
#define SK_ATTR __attribute__((target("avx512f")))
#define SK_POS(v) ((vec_avx512)((mask_avx512)(v) & ((v) > (vec_avx512){0.0})))
#include "models/spatial_kernel.h"

/* 0 = plain loops, 2, 4 or 8 = the vector width to run. */
static int sk_width(const parley_i_spatial *m) {
    if (m->kernel == 1)
        return 0;
    if (__builtin_cpu_supports("avx512f"))
        return 8;
    if (__builtin_cpu_supports("avx2"))
        return 4;
    return 2;
}
#define SK_DISPATCH(w, name, ...)                                                                  \
    ((w) == 8   ? name##_avx512(__VA_ARGS__)                                                       \
     : (w) == 4 ? name##_avx2(__VA_ARGS__)                                                         \
                : name##_base(__VA_ARGS__))
#endif

/* ------------------------------------------------------------------ PCE */

/* Makes room for PCEs over up to m options.  Errors: PARLEY_ENOMEM. */
static parley_status reserve_options(parley_i_spatial *s, size_t m) {
    if (m <= s->cap_opt)
        return PARLEY_OK;
    size_t cap = s->cap_opt ? s->cap_opt : 8;
    while (cap < m)
        cap *= 2;
    double *util = realloc(s->util, s->n * cap * sizeof *util);
    if (!util)
        return PARLEY_ENOMEM;
    s->util = util;
    double **mats[] = {&s->C, &s->V, &s->N, &s->T};
    for (size_t k = 0; k < 4; ++k) {
        double *x = realloc(*mats[k], cap * cap * sizeof *x);
        if (!x)
            return PARLEY_ENOMEM;
        *mats[k] = x;
    }
    double *pr = realloc(s->prob, cap * sizeof *pr);
    if (!pr)
        return PARLEY_ENOMEM;
    s->prob = pr;
    double *q = realloc(s->q, cap * sizeof *q);
    if (!q)
        return PARLEY_ENOMEM;
    s->q = q;
    s->cap_opt = cap;
    return PARLEY_OK;
}

/* Probabilistic Condorcet election over m options (§1.5-1.6): the n actors
 * vote with weights w (capabilities) and utilities s->util (row a = actor
 * a, stride cap_opt); the distribution is left in s->prob. */
static void smp_pce(parley_i_spatial *s, size_t m, const double *w) {
    const size_t n = s->n, ld = s->cap_opt;
    const double *u = s->util;
    double *C = s->C, *V = s->V, *p = s->prob, *q = s->q;
    /* coalitions, lower triangle first as KTAB scans them */
#ifdef SK_VECTOR
    const int width = sk_width(s);
    if (width && s->p.voting == PARLEY_SMP_VOTE_PROP) {
        SK_DISPATCH(width, sk_coalitions, n, m, ld, u, w, SMP_MIN_COALITION, C, s->N);
    } else
#endif
        for (size_t i = 0; i < m; ++i) {
            for (size_t j = 0; j < i; ++j) {
                double cij = SMP_MIN_COALITION, cji = SMP_MIN_COALITION;
                for (size_t k = 0; k < n; ++k) {
                    double v = smp_vote(s->p.voting, w[k], u[k * ld + i], u[k * ld + j]);
                    if (v > 0)
                        cij = cij + v;
                    if (v < 0)
                        cji = cji - v;
                }
                C[i * m + j] = cij;
                C[j * m + i] = cji;
            }
            C[i * m + i] = SMP_MIN_COALITION;
        }
    for (size_t i = 0; i < m; ++i) {
        for (size_t j = 0; j < i; ++j)
            smp_victory(s->p.victory, C[i * m + j], C[j * m + i], &V[i * m + j], &V[j * m + i]);
        V[i * m + i] = 0.5;
    }
    switch (s->p.pce) {
    case PARLEY_SMP_PCE_CONDITIONAL: {
        double total = 0.0;
        for (size_t i = 0; i < m; ++i) {
            double pi = 1.0;
            for (size_t j = 0; j < m; ++j)
                pi = pi * V[i * m + j];
            p[i] = pi;
            total += pi;
        }
        if (total >= DBL_MIN) {
            for (size_t i = 0; i < m; ++i)
                p[i] = p[i] / total;
        } else {
            /* every product underflowed: the same ratios in logarithms */
            double top = -HUGE_VAL;
            for (size_t i = 0; i < m; ++i) {
                double l = 0.0;
                for (size_t j = 0; j < m; ++j)
                    l += log(V[i * m + j]);
                p[i] = l;
                top = l > top ? l : top;
            }
            total = 0.0;
            for (size_t i = 0; i < m; ++i) {
                p[i] = exp(p[i] - top);
                total += p[i];
            }
            for (size_t i = 0; i < m; ++i)
                p[i] /= total;
        }
        break;
    }
    case PARLEY_SMP_PCE_MARKOV_UNIFORM: {
        for (size_t i = 0; i < m; ++i)
            p[i] = 1.0 / (double)m;
        double change = 1.0;
        for (size_t iter = 0; change > 1e-6 && iter < 100000; ++iter) {
            change = 0.0;
            for (size_t i = 0; i < m; ++i) {
                double pi = 0.0;
                for (size_t j = 0; j < m; ++j)
                    pi = pi + V[i * m + j] * (p[i] + p[j]);
                q[i] = pi / (double)m;
                double c = fabs(q[i] - p[i]);
                change = c > change ? c : change;
            }
            for (size_t i = 0; i < m; ++i)
                p[i] = (p[i] + q[i]) / 2.0;
        }
        break;
    }
    case PARLEY_SMP_PCE_MARKOV_INCENTIVE: {
        double *Nm = s->N, *T = s->T;
        /* incentive of i to challenge j, then P[i challenges | j leads] */
        for (size_t i = 0; i < m; ++i)
            for (size_t j = 0; j < m; ++j)
                Nm[i * m + j] = C[i * m + j] * V[i * m + j] + (i == j ? 1e-10 : 0.0);
        for (size_t j = 0; j < m; ++j) {
            double sum = 0.0;
            for (size_t k = 0; k < m; ++k)
                sum = sum + Nm[k * m + j];
            for (size_t i = 0; i < m; ++i)
                T[i * m + j] = Nm[i * m + j] / sum;
        }
        for (size_t i = 0; i < m; ++i)
            p[i] = 1.0 / (double)m;
        double change = 1.0;
        for (size_t iter = 0; change > 1e-8 && iter < 100000; ++iter) {
            change = 0.0;
            for (size_t i = 0; i < m; ++i) {
                double qi = 0.0;
                for (size_t j = 0; j < m; ++j) {
                    /* flow i -> j plus j -> i, each the leader's probability
                     * times the challenge probability */
                    double cij = p[i] * T[j * m + i], cji = p[j] * T[i * m + j];
                    qi = qi + V[i * m + j] * (cij + cji);
                }
                q[i] = qi;
                double c = fabs(q[i] - p[i]);
                change = c > change ? c : change;
            }
            for (size_t i = 0; i < m; ++i)
                p[i] = (p[i] + q[i]) / 2.0;
        }
        break;
    }
    }
}

/* -------------------------------------------------------- assessment */

static int equivalent(size_t K, const double *a, const double *b) {
    double d2 = 0.0;
    for (size_t k = 0; k < K; ++k) {
        double t = a[k] - b[k];
        d2 += t * t;
    }
    return sqrt(d2) < SMP_EQUIV;
}

/* Distances, risk attitudes, own-view utilities, distinct positions and the
 * reported winning probabilities of the current state, appended to the
 * history (§1.7, §1.14).  Errors: PARLEY_ENOMEM. */
static parley_status assess(parley_i_spatial *s, double ratio) {
    const size_t n = s->n, K = s->K;
    parley_status st = reserve_options(s, n);
    if (st != PARLEY_OK)
        return st;
    if (s->n_states == s->hist_cap) {
        size_t cap = s->hist_cap ? 2 * s->hist_cap : 16;
        double *hp = realloc(s->h_pos, cap * n * K * sizeof *hp);
        if (!hp)
            return PARLEY_ENOMEM;
        s->h_pos = hp;
        double *hq = realloc(s->h_prob, cap * n * sizeof *hq);
        if (!hq)
            return PARLEY_ENOMEM;
        s->h_prob = hq;
        double *hr = realloc(s->h_risk, cap * n * sizeof *hr);
        if (!hr)
            return PARLEY_ENOMEM;
        s->h_risk = hr;
        double *ha = realloc(s->h_ratio, cap * sizeof *ha);
        if (!ha)
            return PARLEY_ENOMEM;
        s->h_ratio = ha;
        int *hd = realloc(s->h_degen, cap * sizeof *hd);
        if (!hd)
            return PARLEY_ENOMEM;
        s->h_degen = hd;
        size_t *hc = realloc(s->h_clust, cap * sizeof *hc);
        if (!hc)
            return PARLEY_ENOMEM;
        s->h_clust = hc;
        size_t *hw = realloc(s->h_win, cap * sizeof *hw);
        if (!hw)
            return PARLEY_ENOMEM;
        s->h_win = hw;
        s->hist_cap = cap;
    }
    const size_t t = s->n_states;

    /* d_i(x_j) from i's ideal */
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j)
            s->dist[i * n + j] = smp_distance(K, s->ideal + i * K, s->pos + j * K, s->sal + i * K);

    /* risk attitudes from a PCE over every actor's position, duplicates included */
    const size_t ld = s->cap_opt;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j)
            s->util[i * ld + j] = smp_utility(s->dist[i * n + j], 0.0);
    smp_pce(s, n, s->cap);
    double pmin = 1.0, pmax = 0.0;
    for (size_t j = 0; j < n; ++j) {
        pmin = s->prob[j] < pmin ? s->prob[j] : pmin;
        pmax = s->prob[j] > pmax ? s->prob[j] : pmax;
    }
    int degenerate = !(pmax - pmin > 1e-12 * pmax);
    for (size_t j = 0; j < n; ++j) {
        double pj = s->prob[j], r = 0.0;
        if (!degenerate) {
            switch (s->p.bigr_range) {
            case PARLEY_SMP_RANGE_MIN:
                r = (pj - pmin) / (pmax - pmin);
                break;
            case PARLEY_SMP_RANGE_MID:
                r = (3 * pj - (pmax + 2 * pmin)) / (2 * (pmax - pmin));
                break;
            case PARLEY_SMP_RANGE_MAX:
                r = (2 * pj - (pmax + pmin)) / (pmax - pmin);
                break;
            }
        }
        s->R[j] = r;
    }
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j)
            s->uself[i * n + j] = smp_uh(s, i, i, j);

    /* distinct positions, greedily in actor order */
    s->n_rep = 0;
    for (size_t i = 0; i < n; ++i) {
        int found = 0;
        for (size_t r = 0; r < s->n_rep && !found; ++r)
            found = equivalent(K, s->pos + i * K, s->pos + s->rep[r] * K);
        if (!found)
            s->rep[s->n_rep++] = i;
    }
    /* winning probabilities of the distinct positions, each actor voting
     * with its own view and its capability */
    const size_t u = s->n_rep;
    for (size_t i = 0; i < n; ++i)
        for (size_t r = 0; r < u; ++r)
            s->util[i * ld + r] = s->uself[i * n + s->rep[r]];
    smp_pce(s, u, s->cap);
    double *prob = s->h_prob + t * n;
    for (size_t i = 0; i < n; ++i) {
        double pr = 0.0;
        int seen = 0;
        for (size_t r = 0; r < u; ++r) {
            if (equivalent(K, s->pos + i * K, s->pos + s->rep[r] * K)) {
                pr = s->prob[r];
                seen = 1;
                if (!s->p.ktab_compat)
                    break; /* the actor's own cluster: the first equivalent representative */
            }
        }
        prob[i] = seen ? pr : 0.0;
    }
    memcpy(s->h_pos + t * n * K, s->pos, n * K * sizeof *s->pos);
    memcpy(s->h_risk + t * n, s->R, n * sizeof *s->R);
    s->h_ratio[t] = ratio;
    s->h_degen[t] = degenerate;
    s->h_clust[t] = u;
    size_t win = 0;
    for (size_t r = 1; r < u; ++r)
        if (s->prob[r] > s->prob[win])
            win = r;
    s->h_win[t] = s->rep[win];
    s->n_states = t + 1;
    return PARLEY_OK;
}

/* --------------------------------------------------------- challenges */

/* U^h_ab from the precomputed matrix Uh (n x n, perspective h) or, when
 * Uh is NULL, computed on the spot. */
static double uh_at(const parley_i_spatial *m, const double *Uh, size_t h, size_t a, size_t b) {
    return Uh ? Uh[a * m->n + b] : smp_uh(m, h, a, b);
}

/* Fills Uh (n x n) with U^h. */
static void fill_perspective(const parley_i_spatial *m, size_t h, double *Uh) {
    const size_t n = m->n;
#ifdef SK_VECTOR
    const int width = sk_width(m);
    if (width) {
        for (size_t a = 0; a < n; ++a)
            m->rvec[a] = smp_adjust(m->p.bigr_adjust, m->R[h], m->R[a]);
        SK_DISPATCH(width, sk_perspective, n, m->dist, m->rvec, Uh);
        return;
    }
#endif
    for (size_t a = 0; a < n; ++a) {
        const double r = smp_adjust(m->p.bigr_adjust, m->R[h], m->R[a]);
        for (size_t b = 0; b < n; ++b)
            Uh[a * n + b] = smp_utility(m->dist[a * n + b], r);
    }
}

/* The challenge i -> j as h sees it, for affected actor k (spec 1.8); Uh is
 * h's perspective matrix or NULL. */
static void challenge(const parley_i_spatial *m, const double *Uh, size_t h, size_t k, size_t i,
                      size_t j, double *prob, double *gain) {
    const size_t n = m->n;
    const parley_smp_voting vr = m->p.voting;
    double uii = uh_at(m, Uh, h, i, i), uij = uh_at(m, Uh, h, i, j);
    double uji = uh_at(m, Uh, h, j, i), ujj = uh_at(m, Uh, h, j, j);
    double uki = uh_at(m, Uh, h, k, i), ukj = uh_at(m, Uh, h, k, j);
    const double eu_sq = uki + ukj;
    const double eu_vict = uki + uki; /* j adopts i's position */
    const double eu_lose = ukj + ukj; /* i adopts j's position */
    const double sj = m->sigma[j];

    /* the principals */
    double c0i, c0j;
    smp_principals(vr, m->omega[i], m->omega[j], uii, uij, uji, ujj, &c0i, &c0j);
    double chij = c0i, chji = c0j;

    /* third parties, each weighing the little contest (i:j) with itself alone */
    for (size_t t = 0; t < n; ++t) {
        if (t == i || t == j)
            continue;
        const double wt = m->omega[t];
        double uti = uh_at(m, Uh, h, t, i), utj = uh_at(m, Uh, h, t, j),
               utt = uh_at(m, Uh, h, t, t);
        double v0 = smp_vote(vr, wt, uti, utj);
        double cni = v0 > 0 ? c0i + v0 : c0i;
        double cnj = v0 < 0 ? c0j - v0 : c0j;
        double pin = cni / (cni + cnj), pjn = 1.0 - pin;
        double ik_def_j, j_def_ik, i_def_jk, jk_def_i;
        switch (m->p.commit) {
        case PARLEY_SMP_COMMIT_FULL:
            ik_def_j = uti + uti + uti;
            j_def_ik = utj + utj + utj;
            i_def_jk = uti + uti + uti;
            jk_def_i = utj + utj + utj;
            break;
        case PARLEY_SMP_COMMIT_SEMI:
            ik_def_j = uti + uti + utt;
            j_def_ik = utj + utj + utj;
            i_def_jk = uti + uti + uti;
            jk_def_i = utj + utj + utt;
            break;
        case PARLEY_SMP_COMMIT_NO:
        default:
            ik_def_j = uti + uti + utt;
            j_def_ik = utj + utj + utt;
            i_def_jk = uti + uti + utt;
            jk_def_i = utj + utj + utt;
            break;
        }
        double join_i = (pin * ik_def_j) + (pjn * j_def_ik);
        double join_j = (pin * i_def_jk) + (pjn * jk_def_i);
        double vt = smp_vote(vr, wt, join_i, join_j);
        chij = vt > 0 ? chij + vt : chij;
        chji = vt < 0 ? chji - vt : chji;
    }
    const double phij = chij / (chij + chji), phji = chji / (chij + chji);
    const double eu_contest = phij * eu_vict + phji * eu_lose;
    const double eu_challenge = (1 - sj) * eu_vict + sj * eu_contest;
    *prob = phij;
    *gain = eu_challenge - eu_sq;
}

/* A target and an upper bound of the gain its challenge can bring. */
typedef struct smp_cand {
    double bound;
    size_t j;
} smp_cand;

#ifdef SK_VECTOR
/* Evaluates the challenges i -> cand[0..nb).j (nb <= SMP_BATCH) and keeps
 * the best in *best (the largest gain above SMP_MIN_GAIN, the lowest j on
 * ties).  c0i, c0j: every target's principals' sums; ui, ud: U^i_ti and
 * U^i_tt for every t; r: i's adjusted risk attitudes of every actor. */
static void challenge_batch(const parley_i_spatial *m, int width, size_t i, const smp_cand *cand,
                            size_t nb, const double *c0i, const double *c0j, const double *ui,
                            const double *ud, const double *r, size_t *best, double *best_gain,
                            double *best_p) {
    const size_t n = m->n;
    double *U = m->c0 + 4 * n, *bi = U + n * SMP_BATCH, *bj = bi + SMP_BATCH,
           *chij = bj + SMP_BATCH, *chji = chij + SMP_BATCH;
    for (size_t l = 0; l < nb; ++l) {
        const size_t j = cand[l].j;
        m->lane[j] = l;
        bi[l] = c0i[j];
        bj[l] = c0j[j];
    }
    /* U^i_tj = smp_utility(d_t(x_j), r_t), as fill_perspective has it */
    for (size_t t = 0; t < n; ++t)
        for (size_t l = 0; l < nb; ++l)
            U[t * nb + l] = smp_utility(m->dist[t * n + cand[l].j], r[t]);
    const int full = m->p.commit == PARLEY_SMP_COMMIT_FULL,
              semi = m->p.commit == PARLEY_SMP_COMMIT_SEMI;
    /* the commitment rule's terms (challenge()): Full commitment counts
     * u_ti, u_tj where the others count u_tt, Semi in two of the four */
    SK_DISPATCH(width, sk_challenges, n, nb, U, ui, ud, m->lane, m->omega, i, full, full || semi,
                full || semi, full, bi, bj, chij, chji);
    const double uii = ud[i];
    for (size_t l = 0; l < nb; ++l) {
        const size_t j = cand[l].j;
        m->lane[j] = SIZE_MAX;
        const double uij = U[i * nb + l];
        const double eu_sq = uii + uij, eu_vict = uii + uii, eu_lose = uij + uij;
        const double sj = m->sigma[j];
        const double phij = chij[l] / (chij[l] + chji[l]), phji = chji[l] / (chij[l] + chji[l]);
        const double eu_contest = phij * eu_vict + phji * eu_lose;
        const double eu_challenge = (1 - sj) * eu_vict + sj * eu_contest;
        const double gain = eu_challenge - eu_sq;
        if (SMP_MIN_GAIN < gain && (*best_gain < gain || (*best_gain == gain && j < *best))) {
            *best = j;
            *best_gain = gain;
            *best_p = phij;
        }
    }
}
#endif

/* Actor i's target (SIZE_MAX: none), its gain and victory probability, as
 * step 1's loop over every j with challenge(m, Uh, i, i, i, j, ...) and
 * i's perspective Uh finds them (the largest gain above SMP_MIN_GAIN, the
 * lowest j on ties), with the third parties' sums in the vector loops (Prop
 * votes; returns 0 and nothing otherwise, when the caller runs that loop).
 *
 * Branch and bound, exact: with p = P(i wins) in [0, 1], the gain is
 * linear in p, (1 - 2 s_j)(u_ii - u_ij) at p = 0 and u_ii - u_ij at p = 1,
 * so the larger of the two bounds it without the O(n) third-party sum.
 * The SMP_BATCH targets of the largest bounds are evaluated first, then
 * every other whose bound reaches the best gain found (less a margin of
 * 1e-9, far above the rounding of either side), so no target left out could
 * have won or tied, and the choice does not depend on the order of
 * evaluation.  Each target evaluated gets challenge()'s bits (its sums are
 * its own column's), and only the columns of U^i it needs are computed.
 * Typically a sixth to a quarter of the targets are evaluated (a080,
 * a160).  Below SMP_BB_MIN actors the bounds cost more than they save:
 * every target is evaluated on i's whole perspective. */
static int challenge_best(const parley_i_spatial *m, size_t i, size_t *best, double *best_gain,
                          double *best_p) {
#ifdef SK_VECTOR
    const int width = sk_width(m);
    if (!width || m->p.voting != PARLEY_SMP_VOTE_PROP)
        return 0;
    const size_t n = m->n;
    double *c0i = m->c0, *c0j = c0i + n, *ui = c0j + n, *ud = ui + n, *r = m->rvec;
    double *ri = m->bval; /* U^i_ij, every j (bval is free until step 3) */
    for (size_t a = 0; a < n; ++a)
        r[a] = smp_adjust(m->p.bigr_adjust, m->R[i], m->R[a]);
    for (size_t t = 0; t < n; ++t) {
        ui[t] = smp_utility(m->dist[t * n + i], r[t]);
        ud[t] = smp_utility(m->dist[t * n + t], r[t]);
        ri[t] = smp_utility(m->dist[i * n + t], r[i]);
        m->lane[t] = SIZE_MAX;
    }
    const double uii = ud[i];
    if (n < SMP_BB_MIN) { /* every target, on i's whole perspective */
        fill_perspective(m, i, m->Uh);
        for (size_t j = 0; j < n; ++j) {
            m->lane[j] = j;
            c0i[j] = c0j[j] = 1.0; /* j = i: not a target */
            if (j == i)
                continue;
            smp_principals(PARLEY_SMP_VOTE_PROP, m->omega[i], m->omega[j], uii, ri[j], ui[j], ud[j],
                           &c0i[j], &c0j[j]);
        }
        double *chij = m->c0 + 4 * n, *chji = chij + n;
        const int full = m->p.commit == PARLEY_SMP_COMMIT_FULL,
                  semi = m->p.commit == PARLEY_SMP_COMMIT_SEMI;
        SK_DISPATCH(width, sk_challenges, n, n, m->Uh, ui, ud, m->lane, m->omega, i, full,
                    full || semi, full || semi, full, c0i, c0j, chij, chji);
        *best = SIZE_MAX;
        *best_gain = -1.0;
        *best_p = 0.0;
        for (size_t j = 0; j < n; ++j) {
            if (j == i)
                continue;
            const double uij = ri[j];
            const double eu_sq = uii + uij, eu_vict = uii + uii, eu_lose = uij + uij;
            const double sj = m->sigma[j];
            const double phij = chij[j] / (chij[j] + chji[j]), phji = chji[j] / (chij[j] + chji[j]);
            const double eu_contest = phij * eu_vict + phji * eu_lose;
            const double eu_challenge = (1 - sj) * eu_vict + sj * eu_contest;
            const double gain = eu_challenge - eu_sq;
            if (SMP_MIN_GAIN < gain && *best_gain < gain) {
                *best = j;
                *best_gain = gain;
                *best_p = phij;
            }
        }
        return 1;
    }
    smp_cand top[SMP_BATCH];
    size_t ntop = 0;
    for (size_t j = 0; j < n; ++j) {
        if (j == i)
            continue;
        const double uij = ri[j], uji = ui[j], ujj = ud[j];
        smp_principals(PARLEY_SMP_VOTE_PROP, m->omega[i], m->omega[j], uii, uij, uji, ujj, &c0i[j],
                       &c0j[j]);
        const double d = uii - uij, lo = (1.0 - 2.0 * m->sigma[j]) * d;
        /* NaN: never left out */
        const double bound = isnan(d) || isnan(lo) ? HUGE_VAL : (d > lo ? d : lo);
        m->cand[j].bound = bound;
        m->cand[j].j = j;
        /* the SMP_BATCH largest bounds, kept in descending order */
        if (ntop < SMP_BATCH || bound > top[ntop - 1].bound) {
            size_t k = ntop < SMP_BATCH ? ntop++ : ntop - 1;
            while (k > 0 && top[k - 1].bound < bound) {
                top[k] = top[k - 1];
                --k;
            }
            top[k] = m->cand[j];
        }
    }
    *best = SIZE_MAX;
    *best_gain = -1.0;
    *best_p = 0.0;
    challenge_batch(m, width, i, top, ntop, c0i, c0j, ui, ud, r, best, best_gain, best_p);
    if (ntop < SMP_BATCH)
        return 1; /* every target evaluated */
    /* the others that can still win or tie, in index order */
    const double bar = (*best == SIZE_MAX ? SMP_MIN_GAIN : *best_gain) - 1e-9;
    const double last = top[SMP_BATCH - 1].bound;
    size_t nc = 0;
    for (size_t j = 0; j < n; ++j) {
        if (j == i || m->cand[j].bound < bar)
            continue;
        int in_top = 0; /* bounds above the batch's last were all in it */
        if (m->cand[j].bound >= last)
            for (size_t l = 0; l < SMP_BATCH && !in_top; ++l)
                in_top = top[l].j == j;
        if (!in_top)
            m->cand[nc++] = m->cand[j];
    }
    for (size_t c = 0; c < nc; c += SMP_BATCH)
        challenge_batch(m, width, i, m->cand + c, nc - c < SMP_BATCH ? nc - c : SMP_BATCH, c0i, c0j,
                        ui, ud, r, best, best_gain, best_p);
    return 1;
#else
    (void)m;
    (void)i;
    (void)best;
    (void)best_gain;
    (void)best_p;
    return 0;
#endif
}

void parley_i_spatial_challenge(const parley_i_spatial *m, size_t h, size_t k, size_t i, size_t j,
                                double *prob, double *gain) {
    challenge(m, NULL, h, k, i, j, prob, gain);
}

double parley_i_spatial_utility(const parley_i_spatial *m, size_t h, size_t i, size_t j) {
    return smp_uh(m, h, i, j);
}

/* -------------------------------------------------------------- init */

static void free_all(parley_i_spatial *s) {
    if (!s)
        return;
    free(s->cap);
    free(s->sal);
    free(s->sigma);
    free(s->omega);
    free(s->acc);
    free(s->pos);
    free(s->ideal);
    free(s->next);
    free(s->dist);
    free(s->R);
    free(s->uself);
    free(s->Uh);
    free(s->rep);
    free(s->util);
    free(s->C);
    free(s->V);
    free(s->N);
    free(s->T);
    free(s->prob);
    free(s->q);
    free(s->target);
    free(s->adopted);
    free(s->brg);
    free(s->brg_pts);
    free(s->q_start);
    free(s->q_item);
    free(s->q_fill);
    free(s->own_first);
    free(s->kscratch);
    free(s->rvec);
    free(s->c0);
    free(s->lane);
    free(s->cand);
    free(s->uselfT);
    free(s->bval);
    free(s->h_pos);
    free(s->h_prob);
    free(s->h_risk);
    free(s->h_ratio);
    free(s->h_degen);
    free(s->h_clust);
    free(s->h_win);
    memset(s, 0, sizeof *s);
}

void parley_i_spatial_destroy(parley_i_spatial *m) {
    free_all(m);
}

static parley_status check_params(const parley_spatial_params *p, parley_error *err) {
    if ((unsigned)p->victory > PARLEY_SMP_VICTORY_BINARY || (unsigned)p->pce > 2 ||
        (unsigned)p->transition > 1 || (unsigned)p->voting > 5 || (unsigned)p->bigr_adjust > 4 ||
        (unsigned)p->bigr_range > 2 || (unsigned)p->commit > 2 || (unsigned)p->interp > 2 ||
        (unsigned)p->bargain > 2)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "a model switch of the spatial model is out of range");
    if (p->max_steps < 1 || p->min_steps < 1 || !(p->stop_ratio >= 0.0 && p->stop_ratio <= 1.0))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "spatial model: max-steps and min-steps must be >= 1 and "
                                "stop-ratio in [0, 1]");
    return PARLEY_OK;
}

parley_status parley_i_spatial_init(parley_i_spatial *s, const parley_i_spatial_input *in,
                                    const parley_spatial_params *p, parley_error *err) {
    memset(s, 0, sizeof *s);
    parley_status st = check_params(p, err);
    if (st != PARLEY_OK)
        return st;
    if (!in || in->n < 2 || in->k < 1 || !in->capability || !in->position || !in->salience)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the spatial model needs at least 2 actors, 1 dimension, "
                                "capabilities, positions and saliences");
    const size_t n = in->n, K = in->k;
    if (n > SIZE_MAX / (4 * n * (K + 1)))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "too many actors or dimensions");
    for (size_t i = 0; i < n; ++i) {
        double c = in->capability[i];
        if (!(c > 0.0) || !isfinite(c))
            return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                    "actor %zu: the spatial model needs a positive, finite "
                                    "capability (KTAB's votes need a positive weight), not %g",
                                    i + 1, c);
        double sum = 0.0;
        for (size_t k = 0; k < K; ++k) {
            double x = in->position[i * K + k], sv = in->salience[i * K + k];
            if (!(x >= 0.0 && x <= 100.0))
                return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                        "actor %zu, dimension %zu: position %g is outside 0-100",
                                        i + 1, k + 1, x);
            if (!(sv >= 0.0 && sv <= 1.0))
                return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                        "actor %zu, dimension %zu: salience %g is outside 0-1",
                                        i + 1, k + 1, sv);
            sum += sv;
        }
        if (!(sum > 0.0))
            return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                    "actor %zu has no salience on any dimension: its distances "
                                    "are undefined in the spatial model",
                                    i + 1);
        if (sum > 1.0 + 1e-9 && !p->normalise_salience)
            return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                    "actor %zu: saliences sum to %g, more than 1 (100 %% of "
                                    "attention); set spatial.salience-sum=normalise to rescale",
                                    i + 1, sum);
        if (in->accommodation) {
            double rs = 0.0;
            for (size_t j = 0; j < n; ++j) {
                double a = in->accommodation[i * n + j];
                if (!(a >= 0.0) || !isfinite(a))
                    return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                            "accommodation[%zu][%zu] = %g must be >= 0", i + 1,
                                            j + 1, a);
                rs += a;
            }
            if (rs > 1.0 + 1e-9)
                return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                        "accommodation row %zu sums to %g, more than 1", i + 1, rs);
        }
    }

    s->n = n;
    s->K = K;
    s->p = *p;
    s->kernel = in->kernel;
    s->cap = malloc(n * sizeof *s->cap);
    s->sal = malloc(n * K * sizeof *s->sal);
    s->sigma = malloc(n * sizeof *s->sigma);
    s->omega = malloc(n * sizeof *s->omega);
    s->pos = malloc(n * K * sizeof *s->pos);
    s->ideal = malloc(n * K * sizeof *s->ideal);
    s->next = malloc(n * K * sizeof *s->next);
    s->dist = malloc(n * n * sizeof *s->dist);
    s->R = malloc(n * sizeof *s->R);
    s->uself = malloc(n * n * sizeof *s->uself);
    s->Uh = malloc(n * n * sizeof *s->Uh);
    s->rep = malloc(n * sizeof *s->rep);
    s->target = malloc(n * sizeof *s->target);
    s->adopted = malloc(n * sizeof *s->adopted);
    s->brg = malloc(2 * n * sizeof *s->brg);
    s->brg_pts = malloc(2 * n * 2 * K * sizeof *s->brg_pts);
    s->q_start = malloc((n + 1) * sizeof *s->q_start);
    s->q_item = malloc((n + 4 * n) * sizeof *s->q_item);
    s->q_fill = malloc(n * sizeof *s->q_fill);
    s->own_first = malloc(n * sizeof *s->own_first);
    s->kscratch = malloc(4 * K * sizeof *s->kscratch);
    s->rvec = malloc(n * sizeof *s->rvec);
    s->c0 = malloc(((4 + SMP_BATCH) * n + 4 * SMP_BATCH) * sizeof *s->c0);
    s->lane = malloc(n * sizeof *s->lane);
    s->cand = malloc(n * sizeof *s->cand);
    s->uselfT = malloc(n * n * sizeof *s->uselfT);
    s->bval = malloc((2 * n + 1) * n * sizeof *s->bval);
    if (in->accommodation)
        s->acc = malloc(n * n * sizeof *s->acc);
    if (!s->cap || !s->sal || !s->sigma || !s->omega || !s->pos || !s->ideal || !s->next ||
        !s->dist || !s->R || !s->uself || !s->Uh || !s->rep || !s->target || !s->adopted ||
        !s->brg || !s->brg_pts || !s->q_start || !s->q_item || !s->q_fill || !s->own_first ||
        !s->kscratch || !s->rvec || !s->c0 || !s->lane || !s->cand || !s->uselfT || !s->bval ||
        (in->accommodation && !s->acc)) {
        free_all(s);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < n; ++i) {
        s->cap[i] = in->capability[i];
        double sum = 0.0;
        for (size_t k = 0; k < K; ++k)
            sum += in->salience[i * K + k];
        double scale = (sum > 1.0 + 1e-9 && p->normalise_salience) ? sum : 1.0;
        double sigma = 0.0;
        for (size_t k = 0; k < K; ++k) {
            s->sal[i * K + k] = in->salience[i * K + k] / scale;
            sigma += s->sal[i * K + k];
            s->pos[i * K + k] = in->position[i * K + k] / 100.0;
        }
        s->sigma[i] = sigma;
        s->omega[i] = sigma * s->cap[i];
        s->target[i] = SIZE_MAX;
        s->adopted[i] = SIZE_MAX;
    }
    memcpy(s->ideal, s->pos, n * K * sizeof *s->pos);
    if (s->acc)
        memcpy(s->acc, in->accommodation, n * n * sizeof *s->acc);
    s->stop = PARLEY_STOP_NONE;
    st = assess(s, 0.0);
    if (st != PARLEY_OK) {
        free_all(s);
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    }
    if (s->n_rep == 1)
        s->stop = PARLEY_STOP_AGREEMENT;
    return PARLEY_OK;
}

/* ---------------------------------------------------------------- step */

static double round4(double x) {
    return (double)(long long)(0.5 + x * 10000.0) / 10000.0;
}

/* Bargain points of i and j on every dimension from i's victory
 * probability pi (and pj = 1 - pi) (§1.10). */
static void interpolate(const parley_i_spatial *s, size_t i, size_t j, double pi, double pj,
                        double *bi, double *bj) {
    const size_t K = s->K;
    for (size_t k = 0; k < K; ++k) {
        double ti = s->pos[i * K + k], tj = s->pos[j * K + k];
        double si = s->sal[i * K + k], sj = s->sal[j * K + k];
        if (s->p.interp == PARLEY_SMP_INTERP_S2PMAX) {
            double di = pj > pi ? pj - pi : 0.0, dj = pi > pj ? pi - pj : 0.0;
            double si2 = si * si, sj2 = sj * sj;
            double dik = (di * sj2) / ((di * sj2) + SMP_BARGAIN_EPS + ((1 - di) * si2));
            double djk = (dj * si2) / ((dj * si2) + SMP_BARGAIN_EPS + ((1 - dj) * sj2));
            bi[k] = ti + dik * (tj - ti);
            bj[k] = tj + djk * (ti - tj);
        } else {
            double wi, wj;
            if (s->p.interp == PARLEY_SMP_INTERP_S1P1) {
                wi = si * pi;
                wj = sj * pj;
            } else {
                wi = (si * si) * (pi * pi);
                wj = (sj * sj) * (pj * pj);
            }
            bi[k] = round4(((wi + SMP_BARGAIN_EPS) * ti + wj * tj) / (wi + SMP_BARGAIN_EPS + wj));
            bj[k] = round4((wi * ti + (SMP_BARGAIN_EPS + wj) * tj) / (wi + SMP_BARGAIN_EPS + wj));
        }
    }
}

static smp_bargain *new_bargain(parley_i_spatial *s, size_t i, size_t j, double gain, double prob) {
    smp_bargain *b = &s->brg[s->n_brg];
    b->init = i;
    b->rcvr = j;
    b->gain = gain;
    b->prob = prob;
    b->pi = s->brg_pts + s->n_brg * 2 * s->K;
    b->pj = b->pi + s->K;
    s->n_brg++;
    return b;
}

/* Actor a's utility of point x: own saliences, own risk attitude, measured
 * from its ideal (or, with compat=ktab, from its current position). */
static double own_utility(const parley_i_spatial *s, size_t a, const double *x) {
    const double *base = s->p.ktab_compat ? s->pos + a * s->K : s->ideal + a * s->K;
    return smp_utility(smp_distance(s->K, base, x, s->sal + a * s->K), s->R[a]);
}

/* Actor a's value of the state after queue item b: the average of a's
 * utilities of all n positions with the bargain's points in place (§1.11). */
static double bargain_value(const parley_i_spatial *s, size_t a, size_t item) {
    const size_t n = s->n;
    const double *ua = s->uself + a * n;
    double sum = 0.0;
    if (item == SIZE_MAX) {
        for (size_t m = 0; m < n; ++m)
            sum = sum + ua[m];
    } else {
        const smp_bargain *b = &s->brg[item];
        sum = sum + own_utility(s, a, b->pi);
        sum = sum + own_utility(s, a, b->pj);
        for (size_t m = 0; m < n; ++m)
            if (m != b->init && m != b->rcvr)
                sum = sum + ua[m];
    }
    return sum / (double)n;
}

/* Every actor's value of every bargain of the step and of none (the status
 * quo), bargain_value's, once each, into s->bval (row b = bargain b, row
 * n_brg = none), each sum in bargain_value's order, in the vector loops;
 * 0 (nothing) where they do not run. */
static int bargain_values(parley_i_spatial *s) {
#ifdef SK_VECTOR
    const int width = sk_width(s);
    if (!width)
        return 0;
    const size_t n = s->n;
    for (size_t a = 0; a < n; ++a)
        for (size_t m = 0; m < n; ++m)
            s->uselfT[m * n + a] = s->uself[a * n + m];
    for (size_t b = 0; b <= s->n_brg; ++b) {
        double *acc = s->bval + b * n;
        size_t skip1 = SIZE_MAX, skip2 = SIZE_MAX;
        for (size_t a = 0; a < n; ++a)
            acc[a] = 0.0;
        if (b < s->n_brg) {
            const smp_bargain *g = &s->brg[b];
            skip1 = g->init;
            skip2 = g->rcvr;
            for (size_t a = 0; a < n; ++a) {
                acc[a] = acc[a] + own_utility(s, a, g->pi);
                acc[a] = acc[a] + own_utility(s, a, g->pj);
            }
        }
        SK_DISPATCH(width, sk_row_sums, n, s->uselfT, skip1, skip2, acc);
        for (size_t a = 0; a < n; ++a)
            acc[a] = acc[a] / (double)n;
    }
    return 1;
#else
    (void)s;
    return 0;
#endif
}

parley_status parley_i_spatial_iterate(parley_i_spatial *s, parley_error *err) {
    if (s->stop != PARLEY_STOP_NONE)
        return PARLEY_OK;
    const size_t n = s->n, K = s->K;
    const size_t t = s->n_states - 1; /* the state we step from */

    /* 1. targets and bargains (§1.9-1.10) */
    s->n_brg = 0;
    size_t *own_first = s->own_first;
    for (size_t i = 0; i < n; ++i) {
        own_first[i] = SIZE_MAX;
        size_t best = SIZE_MAX;
        double best_gain = -1.0, best_p = 0.0;
        if (!challenge_best(s, i, &best, &best_gain, &best_p)) {
            fill_perspective(s, i, s->Uh);
            for (size_t j = 0; j < n; ++j) {
                if (j == i)
                    continue;
                double pij, gain;
                challenge(s, s->Uh, i, i, i, j, &pij, &gain);
                if (SMP_MIN_GAIN < gain && best_gain < gain) {
                    best = j;
                    best_gain = gain;
                    best_p = pij;
                }
            }
        }
        s->target[i] = best;
        if (best == SIZE_MAX)
            continue;
        const size_t j = best;
        own_first[i] = s->n_brg;
        if (s->p.bargain == PARLEY_SMP_BARGAIN_INIT_ONLY) {
            smp_bargain *b = new_bargain(s, i, j, best_gain, best_p);
            interpolate(s, i, j, best_p, 1 - best_p, b->pi, b->pj);
            continue;
        }
        /* the receiver's view of the same challenge */
        double pj_view, gain_j;
        challenge(s, NULL, j, i, i, j, &pj_view, &gain_j);
        if (s->p.ktab_compat)
            pj_view = gain_j; /* KTAB takes the receiver's estimate of i's gain here */
        if (s->p.bargain == PARLEY_SMP_BARGAIN_INIT_RCVR) {
            smp_bargain *b1 = new_bargain(s, i, j, best_gain, best_p);
            interpolate(s, i, j, best_p, 1 - best_p, b1->pi, b1->pj);
            smp_bargain *b2 = new_bargain(s, i, j, best_gain, best_p);
            interpolate(s, i, j, pj_view, 1 - pj_view, b2->pi, b2->pj);
        } else {
            double *ii = s->kscratch, *ij = ii + K, *jip = ij + K, *jjp = jip + K;
            interpolate(s, i, j, best_p, 1 - best_p, ii, ij);
            interpolate(s, i, j, pj_view, 1 - pj_view, jip, jjp);
            double wi = s->cap[i] * s->sigma[i];
            double wj = (s->p.ktab_compat ? s->cap[i] : s->cap[j]) * s->sigma[j];
            smp_bargain *b = new_bargain(s, i, j, best_gain, best_p);
            for (size_t k = 0; k < K; ++k) {
                b->pi[k] = (wi * ii[k] + wj * jip[k]) / (wi + wj);
                b->pj[k] = (wi * ij[k] + wj * jjp[k]) / (wi + wj);
            }
        }
    }

    /* 2. queues, in initiator order: each actor's status quo, then the
     * bargains it proposed, each also placed in its receiver's queue */
    for (size_t k = 0; k <= n; ++k)
        s->q_start[k] = 0;
    const size_t per = s->p.bargain == PARLEY_SMP_BARGAIN_INIT_RCVR ? 2 : 1;
    for (size_t i = 0; i < n; ++i) {
        s->q_start[i + 1] += 1;
        if (s->target[i] != SIZE_MAX) {
            s->q_start[i + 1] += per;
            s->q_start[s->target[i] + 1] += per;
        }
    }
    for (size_t k = 0; k < n; ++k)
        s->q_start[k + 1] += s->q_start[k];
    size_t *fill = s->q_fill;
    for (size_t k = 0; k < n; ++k)
        fill[k] = s->q_start[k];
    size_t max_q = 0;
    for (size_t i = 0; i < n; ++i) {
        s->q_item[fill[i]++] = SIZE_MAX;
        if (s->target[i] == SIZE_MAX)
            continue;
        const size_t j = s->target[i], b0 = own_first[i];
        for (size_t c = 0; c < per; ++c)
            s->q_item[fill[i]++] = b0 + c;
        for (size_t c = 0; c < per; ++c)
            s->q_item[fill[j]++] = b0 + c;
    }
    for (size_t k = 0; k < n; ++k) {
        size_t len = s->q_start[k + 1] - s->q_start[k];
        max_q = len > max_q ? len : max_q;
    }
    parley_status st = reserve_options(s, max_q);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");

    /* 3. resolve every queue (§1.11) */
    const size_t ld = s->cap_opt;
    const int rows = bargain_values(s);
    for (size_t k = 0; k < n; ++k) {
        const size_t q0 = s->q_start[k], nb = s->q_start[k + 1] - q0;
        for (size_t a = 0; a < n; ++a)
            for (size_t b = 0; b < nb; ++b) {
                const size_t item = s->q_item[q0 + b];
                s->util[a * ld + b] = rows ? s->bval[(item == SIZE_MAX ? s->n_brg : item) * n + a]
                                           : bargain_value(s, a, item);
            }
        smp_pce(s, nb, s->cap);
        size_t chosen = 0;
        if (s->p.transition == PARLEY_SMP_DETERMINISTIC) {
            for (size_t b = 1; b < nb; ++b)
                if (s->prob[b] > s->prob[chosen])
                    chosen = b;
        } else {
            parley_rng rng;
            parley_rng_init(&rng, s->p.seed, (uint64_t)t * (uint64_t)n + (uint64_t)k);
            double u = parley_rng_uniform(&rng), cum = 0.0;
            chosen = nb - 1;
            for (size_t b = 0; b < nb; ++b) {
                cum += s->prob[b];
                if (u < cum) {
                    chosen = b;
                    break;
                }
            }
        }
        const size_t item = s->q_item[q0 + chosen];
        s->adopted[k] = item;
        const double *src = s->pos + k * K;
        if (item != SIZE_MAX)
            src = s->brg[item].init == k ? s->brg[item].pi : s->brg[item].pj;
        memcpy(s->next + k * K, src, K * sizeof *src);
    }

    /* 4. movement, ideals (§1.12) */
    double D = 0.0;
    for (size_t i = 0; i < n; ++i) {
        double d2 = 0.0;
        for (size_t k = 0; k < K; ++k) {
            double dd = s->next[i * K + k] - s->pos[i * K + k];
            d2 += dd * dd;
        }
        D += sqrt(d2);
    }
    memcpy(s->pos, s->next, n * K * sizeof *s->pos);
    if (!s->acc) {
        memcpy(s->ideal, s->pos, n * K * sizeof *s->pos);
    } else {
        for (size_t i = 0; i < n; ++i) {
            double rs = 0.0;
            for (size_t j = 0; j < n; ++j)
                rs += s->acc[i * n + j];
            for (size_t k = 0; k < K; ++k) {
                double x = 0.0;
                for (size_t j = 0; j < n; ++j)
                    x += s->acc[i * n + j] * s->pos[j * K + k];
                s->ideal[i * K + k] = x + (1.0 - rs) * s->ideal[i * K + k];
            }
        }
    }

    /* 5. stopping rule (§1.13) and the new state's assessment */
    const size_t step = t + 1;
    if (step == 1)
        s->d1 = D;
    const double ratio = D / (s->d1 + SMP_MIN_DELTA);
    st = assess(s, ratio);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    if (s->n_rep == 1)
        s->stop = PARLEY_STOP_AGREEMENT;
    else if (step >= s->p.max_steps)
        s->stop = PARLEY_STOP_ROUND_LIMIT;
    else if (step >= s->p.min_steps && ratio < s->p.stop_ratio)
        s->stop = PARLEY_STOP_CONVERGED;
    return PARLEY_OK;
}

/* ----------------------------------------------------------- accessors */

int parley_i_spatial_test(const parley_i_spatial *m) {
    return m->stop != PARLEY_STOP_NONE;
}
parley_stop_reason parley_i_spatial_stop_reason(const parley_i_spatial *m) {
    return m->stop;
}
size_t parley_i_spatial_n(const parley_i_spatial *m) {
    return m->n;
}
size_t parley_i_spatial_k(const parley_i_spatial *m) {
    return m->K;
}
size_t parley_i_spatial_n_states(const parley_i_spatial *m) {
    return m->n_states;
}

double parley_i_spatial_position(const parley_i_spatial *m, size_t t, size_t i, size_t d) {
    return 100.0 * m->h_pos[(t * m->n + i) * m->K + d];
}

double parley_i_spatial_probability(const parley_i_spatial *m, size_t t, size_t i) {
    return m->h_prob[t * m->n + i];
}

double parley_i_spatial_risk(const parley_i_spatial *m, size_t t, size_t i) {
    return m->h_risk[t * m->n + i];
}

int parley_i_spatial_risk_degenerate(const parley_i_spatial *m, size_t t) {
    return m->h_degen[t];
}

double parley_i_spatial_fractional_change(const parley_i_spatial *m, size_t t) {
    return m->h_ratio[t];
}

size_t parley_i_spatial_n_clusters(const parley_i_spatial *m, size_t t) {
    return m->h_clust[t];
}

size_t parley_i_spatial_winner(const parley_i_spatial *m, size_t t) {
    return m->h_win[t];
}

parley_status parley_i_spatial_outcome(const parley_i_spatial *m, size_t d, parley_outcome *out,
                                       parley_error *err) {
    const size_t n = m->n, t = m->n_states - 1;
    memset(out, 0, sizeof *out);
    double *x = malloc(3 * n * sizeof *x);
    if (!x)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    double *sal = x + n, *w = sal + n;
    for (size_t i = 0; i < n; ++i) {
        x[i] = parley_i_spatial_position(m, t, i, d);
        sal[i] = m->sal[i * m->K + d];
    }
    out->forecast = x[m->h_win[t]];
    parley_status st = parley_i_summarise(n, x, m->cap, sal, PARLEY_MEDIAN_LOWER, out, w, err);
    free(x);
    out->rounds = t;
    out->stop = m->stop;
    return st;
}

int parley_i_spatial_adopted(const parley_i_spatial *m, size_t k, size_t *initiator,
                             size_t *receiver, double *gain, double *prob) {
    size_t b = m->adopted[k];
    if (b == SIZE_MAX)
        return 0;
    *initiator = m->brg[b].init;
    *receiver = m->brg[b].rcvr;
    *gain = m->brg[b].gain;
    *prob = m->brg[b].prob;
    return 1;
}

size_t parley_i_spatial_target(const parley_i_spatial *m, size_t i) {
    return m->target[i];
}

/* ------------------------------------------------ generic model interface */

/* A scenario's issues are the model's dimensions.  An actor with no value
 * anywhere is left out.  An actor that takes no part in an issue (an absent
 * cell) has salience 0 on that dimension, so that it is indifferent along
 * it, and, as its position there, the middle of the scale (50 on the
 * model's 0-100), the placement parley's KTAB writer gives such a cell, so
 * that a scenario converted to KTAB runs the same (docs/models.md).  The
 * per-issue arrays (positions, risk, moves, the mean and median) follow the
 * issue views: only the actors taking part in the issue; moves on an issue
 * list the bargains between two of them.  The forecast on an issue is the
 * most probable position's coordinate on it, unless an actor absent from
 * the issue holds that position: then the most probable position held by
 * an actor taking part.
 * Positions are mapped from [lo, hi] of each issue onto 0-100; an actor's
 * capability is the mean of its per-issue capabilities over the issues it
 * takes part in (KTAB has one capability per actor). */
typedef struct spatial_state {
    const parley_scenario *s;
    parley_i_spatial m;
    size_t n, K;
    double *cap;        /* n mean capabilities */
    double *x;          /* K x n current positions, issue scale, issue-major */
    double *risk;       /* n risk attitudes R_i of the current state */
    double *scratch;    /* n */
    double *sal_col;    /* K x n saliences, issue-major */
    parley_move *moves; /* K x n: moves of the last step, issue-major (issue-view indices) */
    size_t *n_moves;    /* K */
    size_t *nk;         /* K: actors taking part in each issue */
    size_t *vidx;       /* K x n: issue-view index of model actor i on issue k, or SIZE_MAX */
    double *xv;         /* K x n: positions of the actors taking part, issue-view order */
    double *riskv;      /* K x n: their risk attitudes */
    double *capv;       /* K x n: their capabilities */
    double *salv;       /* K x n: their saliences */
} spatial_state;

/* The PCE workspace (four cap^2 matrices and n x cap utilities, cap the
 * power of two from 8 up that holds n options), the n x n distances, the
 * bargains (2n x 2K points), the history (per state n x K positions and 3
 * n-vectors, up to twice
 * max-steps + 1 states by doubling) and the per-issue arrays of the model
 * interface (about 8 n x K doubles). */
static size_t spatial_memory(const void *params, size_t n, size_t K) {
    const parley_spatial_params *p = params;
    const size_t d = sizeof(double);
    size_t cap = 8; /* reserve_options: doubling from 8 up to n options */
    while (cap < n && cap < SIZE_MAX / 2)
        cap *= 2;
    size_t b = parley_i_mem_mul(parley_i_mem_mul(4 * d, cap), cap);
    b = parley_i_mem_add(b, parley_i_mem_mul(parley_i_mem_mul(d, n), cap));
    b = parley_i_mem_add(b, parley_i_mem_mul(parley_i_mem_mul(d, n), n));
    /* the vector loops' uself transposed and bargain values (3n + 1) x n */
    b = parley_i_mem_add(
        b, parley_i_mem_mul(parley_i_mem_mul(d, n),
                            parley_i_mem_add(parley_i_mem_mul(n, 3), SMP_BATCH + 16)));
    const size_t nK = parley_i_mem_mul(n, K);
    b = parley_i_mem_add(b, parley_i_mem_mul(nK, 4 * d + 8 * d));
    const size_t states = parley_i_mem_mul(2, parley_i_mem_add(p->max_steps, 1));
    b = parley_i_mem_add(
        b, parley_i_mem_mul(
               states, parley_i_mem_add(parley_i_mem_mul(nK, d), parley_i_mem_mul(n, 3 * d) + 64)));
    b = parley_i_mem_add(b, parley_i_mem_mul(n, 2 * sizeof(smp_bargain) + 16 * d));
    return parley_i_mem_add(b, sizeof(parley_i_spatial));
}

static void spatial_default(void *params) {
    parley_spatial_params_default(params);
}

/* Copies the model's current state into the per-issue arrays; after a
 * step (moved = 1) records who adopted which bargain on each issue. */
static void spatial_refresh(spatial_state *st, int moved) {
    const size_t t = parley_i_spatial_n_states(&st->m) - 1;
    for (size_t i = 0; i < st->n; ++i)
        st->risk[i] = parley_i_spatial_risk(&st->m, t, i);
    for (size_t k = 0; k < st->K; ++k) {
        const parley_issue *is = &st->s->issues[k];
        const size_t *view = st->vidx + k * st->n;
        st->n_moves[k] = 0;
        for (size_t i = 0; i < st->n; ++i) {
            double old = st->x[k * st->n + i];
            double now =
                is->lo + parley_i_spatial_position(&st->m, t, i, k) / 100.0 * (is->hi - is->lo);
            st->x[k * st->n + i] = now;
            if (view[i] == SIZE_MAX)
                continue; /* takes no part in this issue */
            st->xv[k * st->n + view[i]] = now;
            st->riskv[k * st->n + view[i]] = st->risk[i];
            size_t init, rcvr;
            double gain, prob;
            if (moved && now != old &&
                parley_i_spatial_adopted(&st->m, i, &init, &rcvr, &gain, &prob) &&
                view[i == init ? rcvr : init] != SIZE_MAX) {
                parley_move *mv = &st->moves[k * st->n + st->n_moves[k]++];
                mv->receiver = view[i];
                mv->sender = view[i == init ? rcvr : init];
                mv->kind = PARLEY_MOVE_BARGAIN;
                mv->e_i = gain;
                mv->e_j = prob;
                mv->from = old;
                mv->to = now;
            }
        }
    }
}

static parley_status spatial_init_scenario(void *state, const parley_scenario *s,
                                           const void *params, parley_error *err) {
    spatial_state *st = state;
    const size_t K = s->n_issues;
    st->s = s;
    st->K = K;
    /* the actors taking part: present on at least one issue (an actor
     * absent everywhere, e.g. dropped in a what-if, is left out) */
    size_t *act = malloc((s->n_actors ? s->n_actors : 1) * sizeof *act);
    if (!act)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    size_t n = 0;
    for (size_t a = 0; a < s->n_actors; ++a) {
        size_t present = 0;
        for (size_t k = 0; k < K; ++k)
            present += parley_scenario_cell_const(s, a, k)->present != 0;
        if (present == 0)
            continue;
        act[n++] = a;
    }
    st->n = n;
    if (n < 2 || K < 1) {
        free(act);
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "the spatial model needs at least 2 actors and 1 issue");
    }
    st->cap = malloc(n * sizeof *st->cap);
    st->x = calloc(n * K, sizeof *st->x);
    st->risk = malloc(n * sizeof *st->risk);
    st->scratch = malloc(n * sizeof *st->scratch);
    st->sal_col = malloc(n * K * sizeof *st->sal_col);
    st->moves = malloc(n * K * sizeof *st->moves);
    st->n_moves = calloc(K, sizeof *st->n_moves);
    st->nk = calloc(K, sizeof *st->nk);
    st->vidx = malloc(n * K * sizeof *st->vidx);
    st->xv = calloc(n * K, sizeof *st->xv);
    st->riskv = calloc(n * K, sizeof *st->riskv);
    st->capv = calloc(n * K, sizeof *st->capv);
    st->salv = calloc(n * K, sizeof *st->salv);
    double *pos = malloc(n * K * sizeof *pos), *sal = malloc(n * K * sizeof *sal);
    parley_status rc = PARLEY_OK;
    if (!st->cap || !st->x || !st->risk || !st->scratch || !st->sal_col || !st->moves ||
        !st->n_moves || !st->nk || !st->vidx || !st->xv || !st->riskv || !st->capv || !st->salv ||
        !pos || !sal) {
        rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t a = 0; a < n; ++a) {
        double c = 0.0, ssum = 0.0;
        size_t n_in = 0;
        for (size_t k = 0; k < K; ++k) {
            const parley_cell *cell = parley_scenario_cell_const(s, act[a], k);
            const parley_issue *is = &s->issues[k];
            if (!cell->present) {
                /* takes no part: indifferent along this dimension, at its middle */
                st->vidx[k * n + a] = SIZE_MAX;
                pos[a * K + k] = 50.0;
                sal[a * K + k] = 0.0;
                st->sal_col[k * n + a] = 0.0;
                continue;
            }
            st->vidx[k * n + a] = st->nk[k]++;
            ++n_in;
            c += cell->capability;
            /* an issue whose inferred bounds are a point: every actor at its
             * middle (the dimension then adds nothing to any distance) */
            pos[a * K + k] =
                is->hi > is->lo ? 100.0 * (cell->position - is->lo) / (is->hi - is->lo) : 50.0;
            if (pos[a * K + k] < 0.0 && pos[a * K + k] > -1e-9)
                pos[a * K + k] = 0.0;
            if (pos[a * K + k] > 100.0 && pos[a * K + k] < 100.0 + 1e-9)
                pos[a * K + k] = 100.0;
            sal[a * K + k] = cell->salience;
            st->sal_col[k * n + a] = cell->salience;
            ssum += cell->salience;
        }
        st->cap[a] = c / (double)n_in;
        if (!(st->cap[a] > 0.0)) {
            rc = parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                  "actor '%s' has no capability: every vote of the spatial model "
                                  "needs a positive weight",
                                  s->actors[act[a]].name);
            goto done;
        }
        if (!(ssum > 0.0)) {
            rc = parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                  "actor '%s' has no salience on any issue: its distances are "
                                  "undefined in the spatial model",
                                  s->actors[act[a]].name);
            goto done;
        }
    }
    for (size_t k = 0; k < K; ++k)
        for (size_t a = 0; a < n; ++a) {
            size_t v = st->vidx[k * n + a];
            if (v == SIZE_MAX)
                continue;
            st->capv[k * n + v] = st->cap[a];
            st->salv[k * n + v] = st->sal_col[k * n + a];
        }
    parley_i_spatial_input in = {n, K, st->cap, pos, sal, NULL, 0};
    rc = parley_i_spatial_init(&st->m, &in, params, err);
    if (rc == PARLEY_OK)
        spatial_refresh(st, 0);
done:
    free(act);
    free(pos);
    free(sal);
    return rc;
}

static parley_status spatial_iterate(void *state, parley_error *err) {
    spatial_state *st = state;
    parley_status rc = parley_i_spatial_iterate(&st->m, err);
    if (rc == PARLEY_OK)
        spatial_refresh(st, 1);
    return rc;
}

static int spatial_test(const void *state) {
    return parley_i_spatial_test(&((const spatial_state *)state)->m);
}

/* An issue has a result when some actor has positive capability x salience
 * on it and the weighted sums of its summary (mean and median, the same
 * check as the compromise model's) stay finite: positions never leave the
 * hull of the stated ones, so checking the current positions is enough. */
static parley_status spatial_issue_status(const void *state, size_t issue, parley_error *err) {
    const spatial_state *st = state;
    const size_t n = st->n;
    int any = 0;
    for (size_t i = 0; i < n; ++i)
        any |= st->cap[i] * st->sal_col[issue * n + i] > 0.0;
    if (!any)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "no actor has positive capability x salience on issue '%s'",
                                st->s->issues[issue].name);
    double *w = st->scratch, mean;
    for (size_t i = 0; i < n; ++i)
        w[i] = st->cap[i] * st->sal_col[issue * n + i];
    return parley_weighted_mean(n, st->x + issue * n, w, &mean, err);
}

static void spatial_outcome_issue(const void *state, size_t issue, parley_outcome *out) {
    const spatial_state *st = state;
    const parley_i_spatial *m = &st->m;
    const size_t t = parley_i_spatial_n_states(m) - 1, n = st->n;
    memset(out, 0, sizeof *out);
    /* the forecast: the most probable distinct position of the last state;
     * when an actor that takes no part in this issue holds it, the most
     * probable position among the actors taking part (its coordinate here
     * is a placeholder, not a stake) */
    size_t win = parley_i_spatial_winner(m, t);
    if (st->vidx[issue * n + win] == SIZE_MAX) {
        win = SIZE_MAX;
        for (size_t i = 0; i < n; ++i)
            if (st->vidx[issue * n + i] != SIZE_MAX &&
                (win == SIZE_MAX ||
                 parley_i_spatial_probability(m, t, i) > parley_i_spatial_probability(m, t, win)))
                win = i;
    }
    out->forecast = st->x[issue * n + win];
    /* the mean and median over the actors taking part in the issue */
    parley_i_summarise(st->nk[issue], st->xv + issue * n, st->capv + issue * n,
                       st->salv + issue * n, PARLEY_MEDIAN_LOWER, out,
                       ((spatial_state *)state)->scratch, NULL);
    out->rounds = t;
    out->stop = parley_i_spatial_stop_reason(m);
}

static const double *spatial_positions_issue(const void *state, size_t issue) {
    const spatial_state *st = state;
    return st->xv + issue * st->n;
}

static const double *spatial_risk_issue(const void *state, size_t issue) {
    const spatial_state *st = state;
    return st->riskv + issue * st->n;
}

static size_t spatial_moves_issue(const void *state, size_t issue, const parley_move **moves) {
    const spatial_state *st = state;
    *moves = st->moves + issue * st->n;
    return st->n_moves[issue];
}

static void spatial_destroy(void *state) {
    spatial_state *st = state;
    parley_i_spatial_destroy(&st->m);
    free(st->cap);
    free(st->x);
    free(st->risk);
    free(st->scratch);
    free(st->sal_col);
    free(st->moves);
    free(st->n_moves);
    free(st->nk);
    free(st->vidx);
    free(st->xv);
    free(st->riskv);
    free(st->capv);
    free(st->salv);
    memset(st, 0, sizeof *st);
}

/* Typed run parameters: the seed (streams per step) and the rounds (steps). */
static unsigned spatial_run(void *params, const parley_run_params *rp) {
    parley_spatial_params *p = params;
    p->seed = rp->seed;
    if (rp->rng) { /* per-step streams from one seed: the generator's first output */
        parley_rng copy = *rp->rng;
        p->seed = parley_rng_next(&copy) & PARLEY_MAX_SEED;
    }
    if (rp->rounds)
        p->max_steps = rp->rounds;
    return PARLEY_RUN_SEED | PARLEY_RUN_ROUNDS;
}

const parley_model_type parley_model_spatial = {
    .name = "spatial",
    .title = "spatial model of politics (KTAB)",
    .source = "KTAB smpc (KAPSARC, 2015-2019); Wise et al., Multidimensional Bargaining Using "
              "KTAB; docs/models.md",
    .short_name = "the spatial model",
    .gloss = "the issues form one space; step by step, each actor challenges the rival it "
             "expects to gain most from, the two are offered a bargain between their "
             "positions weighted by strength and salience, and each actor adopts the bargain "
             "a vote among all actors favours; the forecast is the position most likely to "
             "win that vote when the moves die down",
    .params_size = sizeof(parley_spatial_params),
    .state_size = sizeof(spatial_state),
    .params_default = spatial_default,
    .params_run = spatial_run,
    .test = spatial_test,
    .destroy = spatial_destroy,
    .iterate = spatial_iterate,
    .scope = PARLEY_SCOPE_SCENARIO,
    .init_scenario = spatial_init_scenario,
    .issue_status = spatial_issue_status,
    .outcome_issue = spatial_outcome_issue,
    .positions_issue = spatial_positions_issue,
    .risk_issue = spatial_risk_issue,
    .moves_issue = spatial_moves_issue,
    .memory_estimate = spatial_memory,
    .param_defs = spatial_defs,
};
