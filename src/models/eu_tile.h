/* The expected utility model's vote kernel for one instruction set: a
 * template that src/models/eu.c includes once per vector width, with
 *   EU_T_SUFFIX  name suffix of the functions it defines
 *   EU_T_VW      doubles in one vector
 *   EU_T_TB      columns of the register tile (a multiple of EU_T_VW)
 *   EU_T_ATTR    function attributes (the target instruction set)
 *   EU_T_POS(v)  v > 0 ? v : +0, element-wise
 * and EU_TA, EU_KB, EU_UNROLL, rect_sums from eu.c.  It defines
 * vote_rows_SUFFIX.  GCC/Clang vector extensions: element-wise IEEE
 * arithmetic, so every width gives the sums of the scalar loop bit for bit.
 * SPDX-License-Identifier: MIT
 */
#define EU_T_CAT2(a, b) a##_##b
#define EU_T_CAT(a, b) EU_T_CAT2(a, b)
#define EU_T(name) EU_T_CAT(name, EU_T_SUFFIX)

typedef double EU_T(vec) __attribute__((vector_size(EU_T_VW * sizeof(double))));
typedef long long EU_T(mask) __attribute__((vector_size(EU_T_VW * sizeof(double))));

EU_T_ATTR static inline EU_T(vec) EU_T(splat)(double x) {
    EU_T(vec) v;
    for (size_t i = 0; i < EU_T_VW; ++i)
        v[i] = x;
    return v;
}

/* One EU_TA x EU_T_TB tile of the sums (rows a0.., columns b0..) over the
 * voters kv[k0..k1), held in registers; absolute selects den.  Only the
 * sums of rows >= rs and columns >= cs are stored: the last tile of a row
 * or column range may overlap the one before it (whose sums it reads
 * already advanced, computes again and drops), so that the edges run on
 * vectors too. */
EU_T_ATTR static inline __attribute__((always_inline)) void
EU_T(tile)(double *restrict out, size_t u, const double *restrict dk, const size_t *restrict kv,
           const double *restrict wv, size_t k0, size_t k1, size_t a0, size_t b0, size_t rs,
           size_t cs, const int absolute) {
    EU_T(vec) acc[EU_TA][EU_T_TB / EU_T_VW];
    const EU_T(vec) zero = EU_T(splat)(0.0);
    const EU_T(mask) nosign = ~(EU_T(mask))EU_T(splat)(-0.0);
    EU_UNROLL
    for (size_t a = 0; a < EU_TA; ++a) {
        EU_UNROLL
        for (size_t c = 0; c < EU_T_TB / EU_T_VW; ++c)
            memcpy(&acc[a][c], out + (a0 + a) * u + b0 + c * EU_T_VW, sizeof(EU_T(vec)));
    }
    for (size_t t = k0; t < k1; ++t) {
        const double *restrict d = dk + kv[t] * u;
        const EU_T(vec) wk = EU_T(splat)(wv[t]);
        EU_T(vec) db[EU_T_TB / EU_T_VW];
        EU_UNROLL
        for (size_t c = 0; c < EU_T_TB / EU_T_VW; ++c)
            memcpy(&db[c], d + b0 + c * EU_T_VW, sizeof(EU_T(vec)));
        EU_UNROLL
        for (size_t a = 0; a < EU_TA; ++a) {
            const EU_T(vec) da = EU_T(splat)(d[a0 + a]);
            EU_UNROLL
            for (size_t c = 0; c < EU_T_TB / EU_T_VW; ++c) {
                const EU_T(vec) v = wk * (db[c] - da);
                if (absolute)
                    acc[a][c] += (EU_T(vec))((EU_T(mask))v & nosign);
                else
                    acc[a][c] += EU_T_POS(v);
            }
        }
    }
    (void)zero;
    EU_UNROLL
    for (size_t a = 0; a < EU_TA; ++a) {
        if (a0 + a < rs)
            continue;
        EU_UNROLL
        for (size_t c = 0; c < EU_T_TB / EU_T_VW; ++c) {
            double *o = out + (a0 + a) * u + b0 + c * EU_T_VW;
            if (b0 + c * EU_T_VW >= cs) {
                memcpy(o, &acc[a][c], sizeof(EU_T(vec)));
            } else {
                for (size_t e = 0; e < EU_T_VW; ++e)
                    if (b0 + c * EU_T_VW + e >= cs)
                        o[e] = acc[a][c][e];
            }
        }
    }
}

/* Rows [r0, r1) of the sums (num, or den when absolute) over the voters
 * kv[0..nk), r0 a multiple of EU_TA: zeroed, then EU_KB voters at a time
 * over every tile of the rows (the voters' rows of dk stay in cache). */
EU_T_ATTR static void EU_T(vote_rows)(double *out, size_t u, const double *dk, const size_t *kv,
                                      const double *wv, size_t nk, size_t r0, size_t r1,
                                      int absolute) {
    for (size_t a = r0; a < r1; ++a)
        memset(out + a * u, 0, u * sizeof *out);
    for (size_t k0 = 0; k0 < nk; k0 += EU_KB) {
        const size_t k1 = nk - k0 < EU_KB ? nk : k0 + EU_KB;
        /* row tiles, then an overlapping last one for the rest */
        for (size_t a = r0; a < r1; a += EU_TA) {
            size_t a0 = a, rs = a;
            if (a + EU_TA > r1) {
                if (r1 - r0 < EU_TA) {
                    rect_sums(out, u, dk, kv, wv, k0, k1, a, r1, 0, u, absolute);
                    break;
                }
                a0 = r1 - EU_TA;
            }
            for (size_t b = 0; b < u; b += EU_T_TB) {
                size_t b0 = b, cs = b;
                if (b + EU_T_TB > u) {
                    if (u < EU_T_TB) {
                        rect_sums(out, u, dk, kv, wv, k0, k1, a, a0 + EU_TA, b, u, absolute);
                        break;
                    }
                    b0 = u - EU_T_TB;
                }
                if (absolute)
                    EU_T(tile)(out, u, dk, kv, wv, k0, k1, a0, b0, rs, cs, 1);
                else
                    EU_T(tile)(out, u, dk, kv, wv, k0, k1, a0, b0, rs, cs, 0);
            }
        }
    }
}

#undef EU_T
#undef EU_T_CAT
#undef EU_T_CAT2
#undef EU_T_SUFFIX
#undef EU_T_VW
#undef EU_T_TB
#undef EU_T_ATTR
#undef EU_T_POS
