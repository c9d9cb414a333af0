/* The spatial model's O(n^3) loops for one instruction set: a template that
 * src/models/spatial.c includes once per vector width, with
 *   SK_SUFFIX  name suffix of the functions it defines
 *   SK_VW      doubles in one vector
 *   SK_ATTR    function attributes (the target instruction set)
 *   SK_POS(v)  v > 0 ? v : +0, element-wise (+0 for NaN and -0 too)
 * It defines, for SK_SUFFIX = x:
 *   sk_perspective_x   h's perspective matrix Uh (fill_perspective)
 *   sk_challenges_x    the third parties' coalition sums of every challenge
 *                      i -> j of one initiator i (challenge(), Prop votes)
 *   sk_coalitions_x    a PCE's coalition sums (smp_pce, Prop votes)
 *   sk_row_sums_x      the bargains' values (bargain_value)
 * Each runs over rows, branch-free, vectorised across the columns j (the
 * sums of one j in the scalar code's order, one lane each), with GCC/Clang
 * vector extensions: element-wise IEEE arithmetic (no contraction: the
 * build is ISO C), so every width gives the scalar code's results bit for
 * bit (tests/unit/test_spatial_kernel.c compares them).
 * SPDX-License-Identifier: MIT
 */
#define SK_CAT2(a, b) a##_##b
#define SK_CAT(a, b) SK_CAT2(a, b)
#define SK(name) SK_CAT(name, SK_SUFFIX)

typedef double SK(vec) __attribute__((vector_size(SK_VW * sizeof(double))));
typedef long long SK(mask) __attribute__((vector_size(SK_VW * sizeof(double))));

SK_ATTR static inline SK(vec) SK(splat)(double x) {
    SK(vec) v;
    for (size_t e = 0; e < SK_VW; ++e)
        v[e] = x;
    return v;
}

SK_ATTR static inline SK(vec) SK(load)(const double *p) {
    SK(vec) v;
    memcpy(&v, p, sizeof v);
    return v;
}

SK_ATTR static inline void SK(store)(double *p, SK(vec) v) {
    memcpy(p, &v, sizeof v);
}

/* m ? a : b, element-wise. */
SK_ATTR static inline SK(vec) SK(sel)(SK(mask) m, SK(vec) a, SK(vec) b) {
    return (SK(vec))(((SK(mask))a & m) | ((SK(mask))b & ~m));
}

/* Uh[a][b] = smp_utility(dist[a][b], r[a]) for the n x n matrices. */
SK_ATTR static void SK(sk_perspective)(size_t n, const double *restrict dist,
                                       const double *restrict r, double *restrict Uh) {
    const SK(vec) one = SK(splat)(1.0);
    for (size_t a = 0; a < n; ++a) {
        const double ra = r[a];
        const SK(vec) rv = SK(splat)(ra);
        const double *restrict d = dist + a * n;
        double *restrict u = Uh + a * n;
        size_t b = 0;
        for (; b + SK_VW <= n; b += SK_VW) {
            const SK(vec) dv = SK(load)(d + b);
            const SK(vec) far = (one - dv) * (one + rv), near = (one - dv) * (one + rv * dv);
            SK(store)(u + b, SK(sel)(dv > one, far, near));
        }
        for (; b < n; ++b)
            u[b] = d[b] > 1.0 ? (1.0 - d[b]) * (1.0 + ra) : (1.0 - d[b]) * (1.0 + ra * d[b]);
    }
}

/* The third parties' sums of the challenges i -> j as i sees it (its
 * perspective U^i), Prop votes, for nc targets j at once, one per column of
 * U (n rows t, stride nc: U[t][c] = U^i_{t j_c}); ui[t] = U^i_{ti}, ud[t] =
 * U^i_{tt}.  From chij[c] = c0i[c] and chji[c] = c0j[c] (the principals'
 * sums), each third party t != i in ascending order adds its vote for i (to
 * chij) or for j (to chji), except to the column lane[t] of target t itself
 * (SIZE_MAX: t is no target here).  x1..x4 select the commitment rule's
 * terms: ik_def_j = 2 u_ti + (x1 ? u_ti : u_tt), j_def_ik = 2 u_tj + (x2 ?
 * u_tj : u_tt), i_def_jk = 2 u_ti + (x3 ? u_ti : u_tt), jk_def_i = 2 u_tj +
 * (x4 ? u_tj : u_tt). */
SK_ATTR static void SK(sk_challenges)(size_t n, size_t nc, const double *restrict U,
                                      const double *restrict ui, const double *restrict ud,
                                      const size_t *restrict lane, const double *restrict omega,
                                      size_t i, int x1, int x2, int x3, int x4,
                                      const double *restrict c0i, const double *restrict c0j,
                                      double *restrict chij, double *restrict chji) {
    memcpy(chij, c0i, nc * sizeof *chij);
    memcpy(chji, c0j, nc * sizeof *chji);
    const SK(vec) one = SK(splat)(1.0);
    for (size_t t = 0; t < n; ++t) {
        if (t == i)
            continue;
        const double *restrict ut = U + t * nc;
        const double wt = omega[t], uti = ui[t], utt = ud[t];
        const double ikdj = (uti + uti) + (x1 ? uti : utt);
        const double idjk = (uti + uti) + (x3 ? uti : utt);
        const SK(vec) wv = SK(splat)(wt), uiv = SK(splat)(uti), utv = SK(splat)(utt),
                      ikv = SK(splat)(ikdj), idv = SK(splat)(idjk);
        /* target t's own column (t is not its own third party) is restored
         * below */
        const size_t own = lane[t];
        const double keep_ij = own != SIZE_MAX ? chij[own] : 0.0,
                     keep_ji = own != SIZE_MAX ? chji[own] : 0.0;
        size_t j = 0;
        for (; j + SK_VW <= nc; j += SK_VW) {
            const SK(vec) utj = SK(load)(ut + j), a0 = SK(load)(c0i + j), b0 = SK(load)(c0j + j);
            const SK(vec) v0 = wv * (uiv - utj);
            /* v0 > 0 ? c0i + v0 : c0i, and v0 < 0 ? c0j - v0 : c0j (the
             * sums are positive: adding +0 changes nothing) */
            const SK(vec) cni = a0 + SK_POS(v0);
            const SK(vec) cnj = b0 + SK_POS(-v0);
            const SK(vec) pin = cni / (cni + cnj), pjn = one - pin;
            const SK(vec) jdik = (utj + utj) + (x2 ? utj : utv);
            const SK(vec) jkdi = (utj + utj) + (x4 ? utj : utv);
            const SK(vec) join_i = (pin * ikv) + (pjn * jdik);
            const SK(vec) join_j = (pin * idv) + (pjn * jkdi);
            const SK(vec) vt = wv * (join_i - join_j);
            SK(store)(chij + j, SK(load)(chij + j) + SK_POS(vt));
            SK(store)(chji + j, SK(load)(chji + j) + SK_POS(-vt));
        }
        for (; j < nc; ++j) {
            const double utj = ut[j];
            const double v0 = wt * (uti - utj);
            const double cni = v0 > 0 ? c0i[j] + v0 : c0i[j];
            const double cnj = v0 < 0 ? c0j[j] - v0 : c0j[j];
            const double pin = cni / (cni + cnj), pjn = 1.0 - pin;
            const double jdik = (utj + utj) + (x2 ? utj : utt);
            const double jkdi = (utj + utj) + (x4 ? utj : utt);
            const double join_i = (pin * ikdj) + (pjn * jdik);
            const double join_j = (pin * idjk) + (pjn * jkdi);
            const double vt = wt * (join_i - join_j);
            chij[j] = vt > 0 ? chij[j] + vt : chij[j];
            chji[j] = vt < 0 ? chji[j] - vt : chji[j];
        }
        if (own != SIZE_MAX) {
            chij[own] = keep_ij;
            chji[own] = keep_ji;
        }
    }
}

/* A PCE's coalition sums over m options, Prop votes: for i > j, C[i][j] =
 * floor + the votes for i over j, C[j][i] = floor + those for j over i,
 * each over the voters k = 0..n-1 in order (u row k = voter k's utilities,
 * stride ld; w their weights).  L (m x m) is scratch. */
SK_ATTR static void SK(sk_coalitions)(size_t n, size_t m, size_t ld, const double *restrict u,
                                      const double *restrict w, double floor_, double *restrict C,
                                      double *restrict L) {
    for (size_t i = 0; i < m; ++i)
        for (size_t j = 0; j < i; ++j) {
            C[i * m + j] = floor_;
            L[i * m + j] = floor_;
        }
    /* SK_ROWS rows of C and L at a time pass every voter, so that they stay
     * in the L1 cache */
    for (size_t i0 = 1; i0 < m; i0 += SK_ROWS)
        for (size_t k = 0; k < n; ++k) {
            const double *restrict uk = u + k * ld;
            const double wk = w[k];
            const SK(vec) wv = SK(splat)(wk);
            for (size_t i = i0; i < m && i < i0 + SK_ROWS; ++i) {
                const double ui = uk[i];
                const SK(vec) uiv = SK(splat)(ui);
                double *restrict ci = C + i * m, *restrict li = L + i * m;
                size_t j = 0;
                for (; j + SK_VW <= i; j += SK_VW) {
                    const SK(vec) v = wv * (uiv - SK(load)(uk + j));
                    SK(store)(ci + j, SK(load)(ci + j) + SK_POS(v));
                    SK(store)(li + j, SK(load)(li + j) + SK_POS(-v));
                }
                for (; j < i; ++j) {
                    const double v = wk * (ui - uk[j]);
                    if (v > 0)
                        ci[j] = ci[j] + v;
                    if (v < 0)
                        li[j] = li[j] - v;
                }
            }
        }
    for (size_t i = 0; i < m; ++i) {
        for (size_t j = 0; j < i; ++j)
            C[j * m + i] = L[i * m + j];
        C[i * m + i] = floor_;
    }
}

/* acc[a] += uT[m][a] for m = 0..n-1 in order, m != skip1, skip2 (uT n x n,
 * row m = everyone's utility of actor m's position). */
SK_ATTR static void SK(sk_row_sums)(size_t n, const double *restrict uT, size_t skip1, size_t skip2,
                                    double *restrict acc) {
    for (size_t m = 0; m < n; ++m) {
        if (m == skip1 || m == skip2)
            continue;
        const double *restrict um = uT + m * n;
        size_t a = 0;
        for (; a + SK_VW <= n; a += SK_VW)
            SK(store)(acc + a, SK(load)(acc + a) + SK(load)(um + a));
        for (; a < n; ++a)
            acc[a] = acc[a] + um[a];
    }
}

#undef SK_SUFFIX
#undef SK_VW
#undef SK_ATTR
#undef SK_POS
