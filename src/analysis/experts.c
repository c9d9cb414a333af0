/* Several experts' codings: matching, the median aggregate, the draws of
 * an ensemble and the cells of most disagreement (include/parley/experts.h).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <parley/experts.h>
#include <parley/rng.h>

void parley_experts_destroy(parley_experts *ex) {
    if (!ex)
        return;
    for (size_t e = 0; ex->names && e < ex->n_experts; ++e)
        free(ex->names[e]);
    free(ex->names);
    parley_scenario_destroy(&ex->aggregate);
    free(ex->position);
    free(ex->salience);
    free(ex->capability);
    memset(ex, 0, sizeof *ex);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double parley_median(double *x, size_t n) {
    if (n == 0)
        return NAN;
    qsort(x, n, sizeof *x, cmp_double);
    if (n % 2 == 1)
        return x[n / 2];
    return 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

/* The label of coding e in messages. */
static const char *label_of(const char *const *names, size_t e, char *buf, size_t n) {
    if (names && names[e])
        return names[e];
    snprintf(buf, n, "expert %zu", e + 1);
    return buf;
}

/* Matches coding c (label lc) against the first coding f (label lf):
 * amap[a] / imap[i] receive the index in c of f's actor a / issue i
 * ((size_t)-1 if missing).  Records every mismatch; returns the number
 * recorded, or (size_t)-1 on allocation failure. */
static size_t match_names(const parley_scenario *f, const char *lf, const parley_scenario *c,
                          const char *lc, size_t *amap, size_t *imap, parley_diags *diags) {
    size_t bad = 0;
    char path[64];
    for (size_t a = 0; a < f->n_actors; ++a) {
        amap[a] = parley_scenario_find_actor(c, f->actors[a].name);
        if (amap[a] == (size_t)-1) {
            ++bad;
            if (parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EDATA, lc, 0, 0, "$.actors",
                                 "actor \"%s\" of %s is missing (every expert must code the "
                                 "same actors)",
                                 f->actors[a].name, lf) != PARLEY_OK)
                return (size_t)-1;
        }
    }
    for (size_t a = 0; a < c->n_actors; ++a)
        if (parley_scenario_find_actor(f, c->actors[a].name) == (size_t)-1) {
            ++bad;
            snprintf(path, sizeof path, "$.actors[%zu].name", a);
            if (parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EDATA, lc, 0, 0, path,
                                 "actor \"%s\" is not in %s (every expert must code the same "
                                 "actors, spelled alike)",
                                 c->actors[a].name, lf) != PARLEY_OK)
                return (size_t)-1;
        }
    for (size_t i = 0; i < f->n_issues; ++i) {
        imap[i] = parley_scenario_find_issue(c, f->issues[i].name);
        if (imap[i] == (size_t)-1) {
            ++bad;
            if (parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EDATA, lc, 0, 0, "$.issues",
                                 "issue \"%s\" of %s is missing (every expert must code the "
                                 "same issues)",
                                 f->issues[i].name, lf) != PARLEY_OK)
                return (size_t)-1;
        }
    }
    for (size_t i = 0; i < c->n_issues; ++i)
        if (parley_scenario_find_issue(f, c->issues[i].name) == (size_t)-1) {
            ++bad;
            snprintf(path, sizeof path, "$.issues[%zu].name", i);
            if (parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EDATA, lc, 0, 0, path,
                                 "issue \"%s\" is not in %s (every expert must code the same "
                                 "issues, spelled alike)",
                                 c->issues[i].name, lf) != PARLEY_OK)
                return (size_t)-1;
        }
    return bad;
}

/* With names matched: records every cell present in one coding and absent
 * in the other.  Returns the number recorded, or (size_t)-1 (no memory). */
static size_t match_cells(const parley_scenario *f, const char *lf, const parley_scenario *c,
                          const char *lc, const size_t *amap, const size_t *imap,
                          parley_diags *diags) {
    size_t bad = 0;
    for (size_t a = 0; a < f->n_actors; ++a)
        for (size_t i = 0; i < f->n_issues; ++i) {
            const int pf = parley_scenario_cell_const(f, a, i)->present;
            const int pc = parley_scenario_cell_const(c, amap[a], imap[i])->present;
            if (pf == pc)
                continue;
            ++bad;
            char path[PARLEY_ERROR_PATH_MAX];
            snprintf(path, sizeof path, "$.actors[%zu].values.%s", amap[a],
                     c->issues[imap[i]].name);
            if (parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EDATA, lc, 0, 0, path,
                                 "actor \"%s\" on issue \"%s\" is %s here but %s in %s (every "
                                 "expert must code the same cells)",
                                 f->actors[a].name, f->issues[i].name, pc ? "coded" : "not coded",
                                 pf ? "coded" : "not coded", lf) != PARLEY_OK)
                return (size_t)-1;
        }
    return bad;
}

/* Fills ex's value arrays from the codings through the maps (identity for
 * the first coding) and aggregates them into ex->aggregate. */
static parley_status aggregate(parley_experts *ex, const parley_scenario *codings,
                               const size_t *amap, const size_t *imap) {
    parley_scenario *g = &ex->aggregate;
    const size_t n = ex->n_experts, na = g->n_actors, ni = g->n_issues;
    double *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return PARLEY_ENOMEM;
    for (size_t e = 0; e < n; ++e)
        for (size_t a = 0; a < na; ++a)
            for (size_t i = 0; i < ni; ++i) {
                const size_t ea = e ? amap[e * na + a] : a, ei = e ? imap[e * ni + i] : i;
                const parley_cell *c = parley_scenario_cell_const(&codings[e], ea, ei);
                const size_t at = (e * na + a) * ni + i;
                ex->position[at] = c->present ? c->position : NAN;
                ex->salience[at] = c->present ? c->salience : NAN;
                ex->capability[at] = c->present ? c->capability : NAN;
            }
    double *const fields[3] = {ex->position, ex->salience, ex->capability};
    for (size_t a = 0; a < na; ++a)
        for (size_t i = 0; i < ni; ++i) {
            parley_cell *c = parley_scenario_cell(g, a, i);
            /* the notes source one expert's values, not the median */
            free(c->position_note);
            free(c->salience_note);
            free(c->capability_note);
            c->position_note = c->salience_note = c->capability_note = NULL;
            if (!c->present)
                continue;
            double med[3];
            for (int f = 0; f < 3; ++f) {
                for (size_t e = 0; e < n; ++e)
                    tmp[e] = fields[f][(e * na + a) * ni + i];
                med[f] = parley_median(tmp, n);
            }
            c->position = med[0];
            c->salience = med[1];
            c->capability = med[2];
        }
    for (size_t i = 0; i < ni; ++i) {
        parley_issue *is = &g->issues[i];
        size_t n_sq = 0;
        for (size_t e = 0; e < n; ++e) {
            const parley_issue *x = &codings[e].issues[e ? imap[e * ni + i] : i];
            if (x->lo < is->lo)
                is->lo = x->lo;
            if (x->hi > is->hi)
                is->hi = x->hi;
            is->bounds_given |= x->bounds_given;
            if (x->has_status_quo)
                tmp[n_sq++] = x->status_quo;
        }
        if (n_sq) {
            is->has_status_quo = 1;
            is->status_quo = parley_median(tmp, n_sq);
        }
    }
    free(tmp);
    return PARLEY_OK;
}

parley_status parley_experts_init(parley_experts *ex, const parley_scenario *codings,
                                  const char *const *names, size_t n, parley_diags *diags) {
    memset(ex, 0, sizeof *ex);
    if (n == 0 || n > PARLEY_EXPERTS_MAX) {
        parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EINVAL, NULL, 0, 0, NULL,
                         "%zu codings given: expected 1 to %d", n, PARLEY_EXPERTS_MAX);
        return PARLEY_EINVAL;
    }
    const parley_scenario *f = &codings[0];
    const size_t na = f->n_actors, ni = f->n_issues;
    size_t *amap = malloc((n * na + 1) * sizeof *amap);
    size_t *imap = malloc((n * ni + 1) * sizeof *imap);
    char lf_buf[32], lc_buf[32], lc_buf2[32];
    const char *lf = label_of(names, 0, lf_buf, sizeof lf_buf);
    parley_status st = amap && imap ? PARLEY_OK : PARLEY_ENOMEM;
    size_t bad = 0;
    for (size_t e = 1; st == PARLEY_OK && e < n; ++e) {
        const char *lc = label_of(names, e, lc_buf, sizeof lc_buf);
        size_t b = match_names(f, lf, &codings[e], lc, amap + e * na, imap + e * ni, diags);
        if (b == 0)
            b = match_cells(f, lf, &codings[e], lc, amap + e * na, imap + e * ni, diags);
        if (b == (size_t)-1)
            st = PARLEY_ENOMEM;
        else
            bad += b;
    }
    if (st == PARLEY_OK && bad)
        st = PARLEY_EDATA;
    if (st == PARLEY_OK) {
        const size_t cells = n * na * ni + 1;
        ex->n_experts = n;
        ex->names = calloc(n, sizeof *ex->names);
        ex->position = malloc(cells * sizeof *ex->position);
        ex->salience = malloc(cells * sizeof *ex->salience);
        ex->capability = malloc(cells * sizeof *ex->capability);
        if (!ex->names || !ex->position || !ex->salience || !ex->capability)
            st = PARLEY_ENOMEM;
        for (size_t e = 0; st == PARLEY_OK && e < n; ++e)
            st = parley_set_string(&ex->names[e], label_of(names, e, lc_buf, sizeof lc_buf));
    }
    if (st == PARLEY_OK)
        st = parley_scenario_copy(&ex->aggregate, f);
    if (st == PARLEY_OK)
        st = aggregate(ex, codings, amap, imap);
    /* codings on different scales are medianed as they are: say so, since
     * a 0-10 and a 0-100 coding of one issue do not mix */
    for (size_t e = 1; st == PARLEY_OK && e < n; ++e)
        for (size_t i = 0; i < f->n_issues; ++i) {
            const parley_issue *a = &f->issues[i],
                               *b = &codings[e].issues[imap[e * f->n_issues + i]];
            const double wa = a->hi - a->lo, wb = b->hi - b->lo;
            /* (a table's bounds inferred from its data are no scale) */
            if (!a->bounds_given || !b->bounds_given || !(wa > 0 && wb > 0) ||
                (wa / wb <= 1.5 && wb / wa <= 1.5))
                continue;
            char path[64];
            snprintf(path, sizeof path, "$.issues[%zu]", imap[e * f->n_issues + i]);
            if (parley_diags_add(diags, PARLEY_SEV_WARNING, PARLEY_OK,
                                 label_of(names, e, lc_buf, sizeof lc_buf), 0, 0, path,
                                 "issue %s is coded on a scale of width %g here and %g in %s: the "
                                 "median mixes the two scales (rescale the codings to one scale)",
                                 a->name ? a->name : "?", wb, wa,
                                 label_of(names, 0, lc_buf2, sizeof lc_buf2)) != PARLEY_OK)
                st = PARLEY_ENOMEM;
        }
    if (st == PARLEY_OK) {
        /* the name says what the models run on */
        const char *base = f->name ? f->name : "scenario";
        const size_t len = strlen(base) + 64;
        char *name = malloc(len);
        if (!name) {
            st = PARLEY_ENOMEM;
        } else {
            snprintf(name, len, "%s (median of %zu experts' codings)", base, n);
            free(ex->aggregate.name);
            ex->aggregate.name = name;
        }
    }
    free(amap);
    free(imap);
    if (st != PARLEY_OK)
        parley_experts_destroy(ex);
    return st;
}

parley_status parley_experts_load(parley_experts *ex, const char *const *paths, size_t n,
                                  parley_format fmt, const parley_read_options *opts,
                                  parley_diags *diags) {
    memset(ex, 0, sizeof *ex);
    if (n == 0 || n > PARLEY_EXPERTS_MAX)
        return parley_experts_init(ex, NULL, paths, n, diags);
    parley_scenario *codings = calloc(n, sizeof *codings);
    if (!codings)
        return PARLEY_ENOMEM;
    parley_read_options ro;
    if (opts)
        ro = *opts;
    else
        parley_read_options_init(&ro);
    parley_status st = PARLEY_OK;
    for (size_t e = 0; e < n; ++e) {
        /* the same file twice (by device and inode: ./a.json and a link
         * count) weighs one expert double in every median: say so */
        struct stat se_st, sk_st;
        for (size_t k = 0; k < e && diags && strcmp(paths[e], "-") != 0; ++k)
            if (stat(paths[e], &se_st) == 0 && stat(paths[k], &sk_st) == 0 &&
                se_st.st_dev == sk_st.st_dev && se_st.st_ino == sk_st.st_ino) {
                parley_diags_add(diags, PARLEY_SEV_WARNING, PARLEY_OK, paths[e], 0, 0, NULL,
                                 "the same file as coding %zu (%s): it counts as two experts in "
                                 "every median",
                                 k + 1, paths[k]);
                break;
            }
        parley_status se = parley_scenario_load(&codings[e], paths[e], fmt, &ro, diags);
        if (se != PARLEY_OK && st == PARLEY_OK)
            st = se;
        /* a one-issue table names its issue after its file: name the
         * others' after the first coding's, so that a.csv and b.csv match */
        if (e == 0 && se == PARLEY_OK && !ro.issue_name && codings[0].n_issues == 1)
            ro.issue_name = codings[0].issues[0].name;
        /* the aggregate keeps the first coding's outcomes: read them once */
        ro.outcomes = NULL;
    }
    if (st == PARLEY_OK)
        st = parley_experts_init(ex, codings, paths, n, diags);
    for (size_t e = 0; e < n; ++e)
        parley_scenario_destroy(&codings[e]);
    free(codings);
    return st;
}

parley_status parley_experts_draw_parse(const char *text, parley_experts_draw *out) {
    if (strcmp(text, "cell") == 0)
        *out = PARLEY_EXPERTS_DRAW_CELL;
    else if (strcmp(text, "expert") == 0)
        *out = PARLEY_EXPERTS_DRAW_EXPERT;
    else
        return PARLEY_EINVAL;
    return PARLEY_OK;
}

static size_t draw_expert(parley_rng *rng, size_t n) {
    size_t e = (size_t)(parley_rng_uniform(rng) * (double)n);
    return e < n ? e : n - 1;
}

parley_status parley_experts_draw_table(const parley_experts *ex, parley_experts_draw mode,
                                        uint64_t seed, uint64_t k, parley_scenario *dst,
                                        parley_error *err) {
    const parley_scenario *g = &ex->aggregate;
    const size_t na = g->n_actors, ni = g->n_issues, n = ex->n_experts;
    if (dst->n_actors != na || dst->n_issues != ni || n == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the drawn table must be a copy of the experts' aggregate");
    if (mode != PARLEY_EXPERTS_DRAW_CELL && mode != PARLEY_EXPERTS_DRAW_EXPERT)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the experts draw must be per cell or per expert");
    parley_rng rng;
    parley_rng_init(&rng, parley_ensemble_subseed(seed, PARLEY_EXPERTS_STREAM), k);
    size_t e = mode == PARLEY_EXPERTS_DRAW_EXPERT ? draw_expert(&rng, n) : 0;
    for (size_t c = 0; c < na * ni; ++c) {
        parley_cell *d = &dst->cells[c];
        d->present = g->cells[c].present;
        if (!d->present)
            continue;
        if (mode == PARLEY_EXPERTS_DRAW_CELL)
            e = draw_expert(&rng, n);
        d->position = ex->position[e * na * ni + c];
        d->salience = ex->salience[e * na * ni + c];
        d->capability = ex->capability[e * na * ni + c];
    }
    return PARLEY_OK;
}

static int cmp_range(const void *pa, const void *pb) {
    const parley_expert_range *a = pa, *b = pb;
    if (a->percent != b->percent)
        return a->percent < b->percent ? 1 : -1;
    if (a->actor != b->actor)
        return a->actor < b->actor ? -1 : 1;
    if (a->issue != b->issue)
        return a->issue < b->issue ? -1 : 1;
    return (a->field > b->field) - (a->field < b->field);
}

parley_status parley_experts_disagreement(const parley_experts *ex, parley_expert_range **out,
                                          size_t *n_out) {
    const parley_scenario *g = &ex->aggregate;
    const size_t na = g->n_actors, ni = g->n_issues, n = ex->n_experts;
    *out = NULL;
    *n_out = 0;
    parley_expert_range *r = malloc((na * ni * PARLEY_N_FIELDS + 1) * sizeof *r);
    double *cap_scale = calloc(ni + 1, sizeof *cap_scale);
    if (!r || !cap_scale) {
        free(r);
        free(cap_scale);
        return PARLEY_ENOMEM;
    }
    for (size_t e = 0; e < n; ++e)
        for (size_t c = 0; c < na * ni; ++c)
            if (g->cells[c].present && ex->capability[e * na * ni + c] > cap_scale[c % ni])
                cap_scale[c % ni] = ex->capability[e * na * ni + c];
    const double *const fields[PARLEY_N_FIELDS] = {ex->position, ex->salience, ex->capability};
    size_t m = 0;
    for (size_t c = 0; c < na * ni; ++c) {
        if (!g->cells[c].present)
            continue;
        const size_t i = c % ni;
        for (int f = 0; f < PARLEY_N_FIELDS; ++f) {
            parley_expert_range *x = &r[m++];
            x->actor = c / ni;
            x->issue = i;
            x->field = (parley_field)f;
            x->min_expert = x->max_expert = 0;
            x->min = x->max = fields[f][c];
            for (size_t e = 1; e < n; ++e) {
                const double v = fields[f][e * na * ni + c];
                if (v < x->min) {
                    x->min = v;
                    x->min_expert = e;
                }
                if (v > x->max) {
                    x->max = v;
                    x->max_expert = e;
                }
            }
            const double scale = f == PARLEY_FIELD_POSITION   ? g->issues[i].hi - g->issues[i].lo
                                 : f == PARLEY_FIELD_SALIENCE ? 1.0
                                                              : cap_scale[i];
            x->percent = scale > 0.0 ? 100.0 * (x->max - x->min) / scale : 0.0;
        }
    }
    free(cap_scale);
    qsort(r, m, sizeof *r, cmp_range);
    *out = r;
    *n_out = m;
    return PARLEY_OK;
}
