/* parley: the combined forecast, the agreement band and the probability
 * that the status quo holds.  Method and sources: include/parley/combine.h
 * and docs/combine.md.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/combine.h>

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <parley/nbs.h>

#include "report/report_i.h"

const char *parley_combine_method_name(parley_combine_method m) {
    return m == PARLEY_COMBINE_INVERSE_MAE ? "inverse-mae" : "median";
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of the finite values of x, using scratch (n values); *k receives
 * their count.  NaN when there is none. */
static double median_scratch(size_t n, const double *x, double *scratch, size_t *k) {
    size_t m = 0;
    for (size_t j = 0; j < n; ++j)
        if (isfinite(x[j]))
            scratch[m++] = x[j];
    if (k)
        *k = m;
    if (m == 0)
        return NAN;
    qsort(scratch, m, sizeof *scratch, cmp_double);
    return m % 2 ? scratch[m / 2] : 0.5 * (scratch[m / 2 - 1] + scratch[m / 2]);
}

parley_status parley_combine_median(size_t n, const double *x, double *out, parley_error *err) {
    double *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    size_t k;
    *out = median_scratch(n, x, tmp, &k);
    free(tmp);
    if (k == 0)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0, "no model ran");
    return PARLEY_OK;
}

parley_status parley_combine_weighted(size_t n, const double *x, const double *w, double *out,
                                      parley_error *err) {
    double sw = 0.0, swx = 0.0;
    for (size_t m = 0; m < n; ++m) {
        if (!isfinite(x[m]) || !(w[m] > 0.0))
            continue;
        sw += w[m];
        swx += w[m] * x[m];
    }
    if (!(sw > 0.0))
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "no model with a forecast has a positive weight");
    *out = swx / sw;
    return PARLEY_OK;
}

parley_status parley_combine_fit_loco(size_t n_rows, size_t n_models, const double *abs_err,
                                      const size_t *case_of_row, size_t exclude, double *weights,
                                      parley_error *err) {
    if (n_models == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no model to weigh");
    double total = 0.0;
    for (size_t m = 0; m < n_models; ++m) {
        double sum = 0.0;
        size_t k = 0;
        for (size_t r = 0; r < n_rows; ++r) {
            size_t c = case_of_row ? case_of_row[r] : r;
            double e = abs_err[r * n_models + m];
            if (c == exclude || isnan(e))
                continue;
            if (!(e >= 0.0) || !isfinite(e))
                return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                        "error of model %zu on row %zu is not a finite number >= 0",
                                        m, r);
            sum += e;
            ++k;
        }
        weights[m] = k ? 1.0 / (sum / (double)k + 1.0) : 0.0;
        total += weights[m];
    }
    for (size_t m = 0; m < n_models; ++m)
        weights[m] = total > 0.0 ? weights[m] / total : 1.0 / (double)n_models;
    return PARLEY_OK;
}

parley_status parley_combine_library(size_t n_rows, size_t n_models, const double *forecast,
                                     const double *outcome, const size_t *case_of_row,
                                     parley_combine_method method, double *combined,
                                     parley_error *err) {
    if (n_models == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no model to combine");
    double *abs_err = NULL, *w = malloc(n_models * sizeof *w);
    if (!w)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_status st = PARLEY_OK;
    if (method == PARLEY_COMBINE_INVERSE_MAE) {
        abs_err = malloc((n_rows ? n_rows : 1) * n_models * sizeof *abs_err);
        if (!abs_err) {
            free(w);
            return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
        }
        for (size_t r = 0; r < n_rows; ++r)
            for (size_t m = 0; m < n_models; ++m)
                abs_err[r * n_models + m] = fabs(forecast[r * n_models + m] - outcome[r]);
    }
    for (size_t r = 0; r < n_rows && st == PARLEY_OK; ++r) {
        const double *x = forecast + r * n_models;
        parley_status one;
        if (method == PARLEY_COMBINE_INVERSE_MAE) {
            st = parley_combine_fit_loco(n_rows, n_models, abs_err, case_of_row,
                                         case_of_row ? case_of_row[r] : r, w, err);
            if (st != PARLEY_OK)
                break;
            one = parley_combine_weighted(n_models, x, w, &combined[r], NULL);
        } else {
            one = parley_combine_median(n_models, x, &combined[r], NULL);
            if (one == PARLEY_ENOMEM)
                st = parley_error_set(err, one, NULL, 0, 0, "out of memory");
        }
        if (one != PARLEY_OK)
            combined[r] = NAN;
    }
    free(abs_err);
    free(w);
    return st;
}

parley_status parley_agreement_compute(size_t n, const double *x, double width, parley_agreement *a,
                                       unsigned char *outlier, parley_error *err) {
    memset(a, 0, sizeof *a);
    if (!(width > 0.0) || !isfinite(width))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "scale width must be > 0");
    double *tmp = malloc(2 * (n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    double *dev = tmp + (n ? n : 1);
    size_t k;
    a->median = median_scratch(n, x, tmp, &k);
    a->n = k;
    if (k == 0) {
        free(tmp);
        if (outlier)
            memset(outlier, 0, n);
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0, "no model ran");
    }
    a->min = tmp[0];
    a->max = tmp[k - 1];
    a->spread = a->max - a->min;
    for (size_t j = 0; j < n; ++j)
        dev[j] = isfinite(x[j]) ? fabs(x[j] - a->median) : NAN;
    a->mad = median_scratch(n, dev, tmp, NULL);
    a->threshold = fmax(PARLEY_COMBINE_OUTLIER_SHARE * width, 2.0 * a->mad);
    a->width = width;
    a->core_lo = INFINITY;
    a->core_hi = -INFINITY;
    for (size_t j = 0; j < n; ++j) {
        int out = isfinite(x[j]) && dev[j] > a->threshold;
        if (outlier)
            outlier[j] = (unsigned char)out;
        if (!isfinite(x[j]))
            continue;
        if (out) {
            ++a->n_outliers;
        } else {
            if (x[j] < a->core_lo)
                a->core_lo = x[j];
            if (x[j] > a->core_hi)
                a->core_hi = x[j];
        }
    }
    free(tmp);
    return PARLEY_OK;
}

static const char *count_word(size_t n) {
    static const char *const words[] = {"no",    "one",   "two",  "three", "four",   "five",  "six",
                                        "seven", "eight", "nine", "ten",   "eleven", "twelve"};
    return n < sizeof words / sizeof *words ? words[n] : NULL;
}

static void put_count(parley_buf *b, size_t n) {
    const char *w = count_word(n);
    if (w)
        parley_buf_printf(b, "%s", w);
    else
        parley_buf_printf(b, "%zu", n);
}

parley_status parley_agreement_describe(const parley_agreement *a, size_t n, const double *x,
                                        const unsigned char *outlier, const char *const *names,
                                        parley_buf *out) {
    char lo[64], hi[64], v[64];
    if (a->n == 0) {
        parley_buf_printf(out, "no model ran");
    } else if (a->n == 1) {
        for (size_t j = 0; j < n; ++j)
            if (isfinite(x[j]))
                parley_buf_printf(out, "only the %s model ran: %s", names[j],
                                  parley_i_fmt_num(v, sizeof v, x[j]));
    } else {
        size_t core = a->n - a->n_outliers;
        if (a->n_outliers == 0 && a->width > 0 &&
            a->spread > PARLEY_COMBINE_DISAGREE_SHARE * a->width) {
            /* no single outlier, but far apart (e.g. two models 40 % of the
             * scale apart): say that they disagree, not that they agree */
            parley_buf_printf(out, "the models disagree: their forecasts range from %s to %s",
                              parley_i_fmt_num(lo, sizeof lo, a->min),
                              parley_i_fmt_num(hi, sizeof hi, a->max));
            return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
        }
        if (a->n_outliers == 0) {
            parley_buf_printf(out, a->n == 2 ? "both models land " : "all ");
            if (a->n > 2) {
                put_count(out, a->n);
                parley_buf_printf(out, " models land ");
            }
        } else {
            put_count(out, core);
            parley_buf_printf(out, " of ");
            put_count(out, a->n);
            parley_buf_printf(out, " models land ");
        }
        parley_i_fmt_num(lo, sizeof lo, a->core_lo);
        parley_i_fmt_num(hi, sizeof hi, a->core_hi);
        if (strcmp(lo, hi) == 0)
            parley_buf_printf(out, "at %s", lo);
        else
            parley_buf_printf(out, "between %s and %s", lo, hi);
        size_t said = 0;
        for (size_t j = 0; j < n; ++j) {
            if (!outlier || !outlier[j])
                continue;
            parley_buf_printf(out, "%s the %s model says %s",
                              said == 0 ? ";" : (said + 1 == a->n_outliers ? " and" : ","),
                              names[j], parley_i_fmt_num(v, sizeof v, x[j]));
            ++said;
        }
    }
    return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
}

void parley_sq_perturbation_default(parley_perturbation *p) {
    parley_perturbation_init(p);
    p->noise[PARLEY_FIELD_POSITION].dist = PARLEY_NOISE_NORMAL;
    p->noise[PARLEY_FIELD_POSITION].size = 0.05;
    p->noise[PARLEY_FIELD_SALIENCE].dist = PARLEY_NOISE_NORMAL;
    p->noise[PARLEY_FIELD_SALIENCE].size = 0.1;
    p->noise[PARLEY_FIELD_CAPABILITY].dist = PARLEY_NOISE_NORMAL;
    p->noise[PARLEY_FIELD_CAPABILITY].size = 0.2;
}

/* Counts, for every issue in [from, to) that has a status quo, the
 * replicates in which the NBS ran (counted[i - from]) and in which it landed
 * within the margin of the status quo (held[i - from]).  Each replicate
 * perturbs the whole scenario once. */
static parley_status sq_count(const parley_scenario *s, size_t from, size_t to,
                              const parley_perturbation *pert, uint64_t seed, size_t replicates,
                              size_t *held, size_t *counted, parley_error *err) {
    for (size_t i = from; i < to; ++i)
        held[i - from] = counted[i - from] = 0;
    parley_scenario copy;
    parley_status st = parley_scenario_copy(&copy, s);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    parley_nbs_params np;
    parley_nbs_params_default(&np);
    for (size_t k = 0; k < replicates && st == PARLEY_OK; ++k) {
        st = parley_ensemble_perturb(&copy, s, pert, seed, k, NULL, err);
        for (size_t i = from; i < to && st == PARLEY_OK; ++i) {
            const parley_issue *is = &s->issues[i];
            if (!is->has_status_quo)
                continue;
            parley_issue_view v;
            st = parley_issue_view_init(&v, &copy, i);
            if (st != PARLEY_OK) {
                parley_error_set(err, st, NULL, 0, 0, "out of memory");
                break;
            }
            parley_nbs_result r;
            parley_status one = v.n ? parley_nbs_solve(&v, &np, &r, NULL, NULL) : PARLEY_EDOMAIN;
            parley_issue_view_destroy(&v);
            if (one == PARLEY_ENOMEM) {
                st = parley_error_set(err, one, NULL, 0, 0, "out of memory");
            } else if (one == PARLEY_OK) {
                ++counted[i - from];
                if (fabs(r.x - is->status_quo) <= PARLEY_SQ_MARGIN_SHARE * (is->hi - is->lo))
                    ++held[i - from];
            }
        }
    }
    parley_scenario_destroy(&copy);
    return st;
}

parley_status parley_sq_holds(const parley_scenario *s, size_t i, const parley_perturbation *pert,
                              uint64_t seed, size_t replicates, double *p, size_t *ran,
                              parley_error *err) {
    *p = NAN;
    if (ran)
        *ran = 0;
    if (i >= s->n_issues)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no issue %zu", i);
    if (replicates == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the status-quo rule needs at least one replicate");
    const parley_issue *is = &s->issues[i];
    if (!is->has_status_quo)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0, "issue '%s' has no status quo",
                                is->name ? is->name : "?");
    size_t held, counted;
    parley_status st = sq_count(s, i, i + 1, pert, seed, replicates, &held, &counted, err);
    if (st != PARLEY_OK)
        return st;
    if (ran)
        *ran = counted;
    if (counted)
        *p = (double)held / (double)counted;
    return PARLEY_OK;
}

parley_status parley_brier_score(size_t n, const double *p, const int *o, double *score,
                                 size_t *used, parley_error *err) {
    double sum = 0.0;
    size_t k = 0;
    for (size_t j = 0; j < n; ++j) {
        if (isnan(p[j]))
            continue;
        if (!(p[j] >= 0.0 && p[j] <= 1.0) || (o[j] != 0 && o[j] != 1))
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "pair %zu: probability must be in [0, 1] and outcome 0 or 1",
                                    j);
        sum += (p[j] - o[j]) * (p[j] - o[j]);
        ++k;
    }
    if (used)
        *used = k;
    if (k == 0)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0, "no probability to score");
    *score = sum / (double)k;
    return PARLEY_OK;
}

parley_status parley_brier_baseline_loco(size_t n, const int *o, const size_t *case_of_row,
                                         double *score, parley_error *err) {
    size_t ones = 0;
    for (size_t j = 0; j < n; ++j) {
        if (o[j] != 0 && o[j] != 1)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "outcome %zu must be 0 or 1",
                                    j);
        ones += (size_t)o[j];
    }
    double sum = 0.0;
    size_t m = 0;
    for (size_t k = 0; k < n; ++k) {
        size_t ck = case_of_row ? case_of_row[k] : k, same = 0, same_ones = 0;
        for (size_t j = 0; j < n; ++j)
            if ((case_of_row ? case_of_row[j] : j) == ck) {
                ++same;
                same_ones += (size_t)o[j];
            }
        if (same == n)
            continue; /* no other case */
        double p = (double)(ones - same_ones) / (double)(n - same);
        sum += (p - o[k]) * (p - o[k]);
        ++m;
    }
    if (m == 0)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0,
                                "the baseline needs outcomes of at least two cases");
    *score = sum / (double)m;
    return PARLEY_OK;
}

int parley_combined_beats_all(parley_combined_score *sc) {
    int beats = sc->scored && isfinite(sc->mae);
    if (beats && isfinite(sc->best_model_mae) && !(sc->mae < sc->best_model_mae))
        beats = 0;
    if (beats && isfinite(sc->status_quo_mae) && !(sc->combined_on_sq_mae < sc->status_quo_mae))
        beats = 0;
    if (beats && isfinite(sc->midpoint_mae) && !(sc->mae < sc->midpoint_mae))
        beats = 0;
    sc->beats_all = beats;
    return beats;
}

parley_status parley_combined_verdict(const parley_combined_score *sc, parley_buf *out) {
    if (!sc->scored) {
        if (sc->unscored[0])
            parley_buf_printf(out, "Not scored against the case library: %s.", sc->unscored);
        else
            parley_buf_printf(out, "Not yet scored against the case library.");
        return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
    }
    char a[64], b[64], q[64], m[64], cq[64];
    /* the yardsticks, each beaten or not: the best single model, the scale
     * midpoint, and the status quo on the issues that have one */
    char text[3][160];
    int beaten[3], have[3] = {0, 0, 0};
    if (sc->best_model && isfinite(sc->best_model_mae)) {
        snprintf(text[0], sizeof text[0], "the best single model (%s, %s)", sc->best_model,
                 parley_i_fmt_num(b, sizeof b, sc->best_model_mae));
        beaten[0] = sc->mae < sc->best_model_mae;
        have[0] = 1;
    }
    if (isfinite(sc->midpoint_mae)) {
        snprintf(text[1], sizeof text[1], "the scale midpoint (%s)",
                 parley_i_fmt_num(m, sizeof m, sc->midpoint_mae));
        beaten[1] = sc->mae < sc->midpoint_mae;
        have[1] = 1;
    }
    if (sc->n_sq && isfinite(sc->status_quo_mae)) {
        snprintf(text[2], sizeof text[2],
                 "the status quo on the %zu issue%s that have one (there the status quo "
                 "scores %s, the combined forecast %s)",
                 sc->n_sq, sc->n_sq == 1 ? "" : "s",
                 parley_i_fmt_num(q, sizeof q, sc->status_quo_mae),
                 parley_i_fmt_num(cq, sizeof cq, sc->combined_on_sq_mae));
        beaten[2] = sc->combined_on_sq_mae < sc->status_quo_mae;
        have[2] = 1;
    }
    parley_buf_printf(out, "On the case library (%zu issue%s) the combined forecast's MAE is %s.",
                      sc->n, sc->n == 1 ? "" : "s", parley_i_fmt_num(a, sizeof a, sc->mae));
    for (int pass = 1; pass >= 0; --pass) { /* first what it beats, then what it does not */
        int k = 0, total = 0;
        for (int j = 0; j < 3; ++j)
            total += have[j] && beaten[j] == pass;
        for (int j = 0; j < 3; ++j) {
            if (!have[j] || beaten[j] != pass)
                continue;
            parley_buf_printf(out, "%s%s",
                              k == 0           ? (pass ? " It beats " : " It does not beat ")
                              : k + 1 == total ? (pass ? " and " : " or ")
                                               : ", ",
                              text[j]);
            ++k;
        }
        if (k)
            parley_buf_printf(out, ".");
    }
    if (sc->n < 10)
        parley_buf_printf(out, " With only %zu scored issue%s this is a weak test.", sc->n,
                          sc->n == 1 ? "" : "s");
    return out->failed ? PARLEY_ENOMEM : PARLEY_OK;
}

void parley_combine_options_init(parley_combine_options *o) {
    memset(o, 0, sizeof *o);
    o->method = PARLEY_COMBINE_MEDIAN;
    o->sq_replicates = PARLEY_SQ_REPLICATES;
}

void parley_combined_destroy(parley_combined *c) {
    if (c->issues)
        for (size_t i = 0; i < c->n_issues; ++i) {
            free(c->issues[i].outlier);
            free(c->issues[i].sentence);
        }
    free(c->issues);
    memset(c, 0, sizeof *c);
}

/* Fills one issue's value, band and sentence from the models' forecasts x. */
static parley_status combine_issue(parley_combined_issue *ci, const parley_forecast *f,
                                   const parley_combine_options *opt, size_t i, double *x,
                                   const char **names, parley_error *err) {
    const parley_issue *is = &f->scenario->issues[i];
    for (size_t m = 0; m < f->n_models; ++m) {
        const parley_run *run = parley_forecast_run(f, i, m);
        x[m] = run->status == PARLEY_OK ? run->outcome.forecast : NAN;
        names[m] = f->params[m].type->name;
    }
    ci->outcome = is->outcome.has_value ? is->outcome.value : NAN;
    ci->p_sq = NAN;
    if (!(ci->outlier = calloc(f->n_models ? f->n_models : 1, 1)))
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_status st = opt->method == PARLEY_COMBINE_INVERSE_MAE
                           ? parley_combine_weighted(f->n_models, x, opt->weights, &ci->value, NULL)
                           : parley_combine_median(f->n_models, x, &ci->value, NULL);
    if (st == PARLEY_ENOMEM)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    ci->status = st;
    if (st != PARLEY_OK) {
        ci->value = NAN;
        return PARLEY_OK;
    }
    double width = is->hi > is->lo ? is->hi - is->lo : 1.0;
    st = parley_agreement_compute(f->n_models, x, width, &ci->band, ci->outlier, err);
    if (st != PARLEY_OK)
        return st;
    parley_buf b;
    parley_buf_init(&b);
    st = parley_agreement_describe(&ci->band, f->n_models, x, ci->outlier, names, &b);
    if (st == PARLEY_OK && !(ci->sentence = malloc(b.len + 1)))
        st = PARLEY_ENOMEM;
    if (st == PARLEY_OK) {
        memcpy(ci->sentence, b.data ? b.data : "", b.len);
        ci->sentence[b.len] = '\0';
    }
    parley_buf_destroy(&b);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    return PARLEY_OK;
}

parley_status parley_combined_init(parley_combined *c, const parley_forecast *f,
                                   const parley_combine_options *opt, parley_error *err) {
    memset(c, 0, sizeof *c);
    parley_combine_options dflt;
    if (!opt) {
        parley_combine_options_init(&dflt);
        opt = &dflt;
    }
    if (opt->method == PARLEY_COMBINE_INVERSE_MAE && !opt->weights)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the inverse-MAE combination needs the models' weights");
    parley_perturbation pert;
    if (opt->pert)
        pert = *opt->pert;
    else
        parley_sq_perturbation_default(&pert);
    const parley_scenario *s = f->scenario;
    c->method = opt->method;
    c->n_issues = s->n_issues;
    c->n_models = f->n_models;
    c->sq_replicates = opt->sq_replicates;
    c->score.best_model_mae = c->score.status_quo_mae = c->score.midpoint_mae = c->score.mae = NAN;
    c->issues = calloc(s->n_issues ? s->n_issues : 1, sizeof *c->issues);
    double *x = malloc((f->n_models ? f->n_models : 1) * sizeof *x);
    const char **names = malloc((f->n_models ? f->n_models : 1) * sizeof *names);
    parley_status st = PARLEY_OK;
    if (!c->issues || !x || !names)
        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < s->n_issues && st == PARLEY_OK; ++i)
        st = combine_issue(&c->issues[i], f, opt, i, x, names, err);
    if (st == PARLEY_OK && opt->sq_replicates > 0 && s->n_issues > 0) {
        size_t *held = calloc(2 * s->n_issues, sizeof *held);
        if (!held)
            st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
        else
            st = sq_count(s, 0, s->n_issues, &pert, opt->seed, opt->sq_replicates, held,
                          held + s->n_issues, err);
        for (size_t i = 0; i < s->n_issues && st == PARLEY_OK; ++i) {
            parley_combined_issue *ci = &c->issues[i];
            ci->sq_ran = held[s->n_issues + i];
            ci->has_sq = s->issues[i].has_status_quo && ci->sq_ran > 0;
            if (ci->has_sq)
                ci->p_sq = (double)held[i] / (double)ci->sq_ran;
        }
        free(held);
    }
    free(x);
    free(names);
    if (st != PARLEY_OK)
        parley_combined_destroy(c);
    return st;
}
