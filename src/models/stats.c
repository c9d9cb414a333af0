/* Weighted mean and weighted median (compromise model and BDM's median voter).
 * Formulas: docs/models.md sections "Compromise model" and "Weighted median".
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>

#include <parley/model.h>

parley_status parley_weighted_mean(size_t n, const double *x, const double *w, double *mean,
                                   parley_error *err) {
    double sw = 0.0, swx = 0.0;
    for (size_t i = 0; i < n; ++i) {
        sw += w[i];
        swx += w[i] * x[i];
    }
    if (!(sw > 0.0))
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "no actor has positive capability x salience");
    if (!isfinite(sw) || !isfinite(swx))
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "the weighted sums overflow double precision; rescale the "
                                "capabilities or the positions");
    *mean = swx / sw;
    return PARLEY_OK;
}

typedef struct {
    double x, w;
} xw_pair;

static int cmp_xw(const void *a, const void *b) {
    double xa = ((const xw_pair *)a)->x, xb = ((const xw_pair *)b)->x;
    return (xa > xb) - (xa < xb);
}

parley_status parley_weighted_median(size_t n, const double *x, const double *w,
                                     parley_median_rule rule, double *median, int *tie, double *lo,
                                     double *hi, parley_error *err) {
    xw_pair *p = malloc((n ? n : 1) * sizeof *p);
    if (!p)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    size_t m = 0;
    double total = 0.0;
    for (size_t i = 0; i < n; ++i) {
        if (w[i] > 0.0) {
            p[m].x = x[i];
            p[m].w = w[i];
            total += w[i];
            ++m;
        }
    }
    if (m == 0 || !(total > 0.0)) {
        free(p);
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "no actor has positive capability x salience");
    }
    if (!isfinite(total)) {
        free(p);
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "the total capability x salience overflows double precision; "
                                "rescale the capabilities");
    }
    qsort(p, m, sizeof *p, cmp_xw);
    /* Scan distinct positions (co-located actors merge); the tolerance keeps
     * sums such as 0.1 + 0.2 from flipping the result. */
    const double half = total / 2.0, tol = 1e-12 * total;
    double cum = 0.0, m_lo = p[m - 1].x, m_hi = p[m - 1].x;
    int have_lo = 0;
    for (size_t k = 0; k < m;) {
        size_t e = k;
        double pos = p[k].x;
        while (e < m && p[e].x == pos)
            cum += p[e++].w;
        if (!have_lo && cum >= half - tol) {
            m_lo = pos;
            have_lo = 1;
        }
        if (cum > half + tol) {
            m_hi = pos;
            break;
        }
        k = e;
    }
    free(p);
    if (m_hi < m_lo)
        m_hi = m_lo;
    if (lo)
        *lo = m_lo;
    if (hi)
        *hi = m_hi;
    if (tie)
        *tie = m_lo < m_hi;
    switch (rule) {
    case PARLEY_MEDIAN_UPPER:
        *median = m_hi;
        break;
    case PARLEY_MEDIAN_MIDPOINT:
        *median = 0.5 * (m_lo + m_hi);
        break;
    default:
        *median = m_lo;
        break;
    }
    return PARLEY_OK;
}
