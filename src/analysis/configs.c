/* The model configurations of an ensemble: models times sweeps.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/ensemble.h>

void parley_ensemble_configs_destroy(parley_ensemble_configs *cf) {
    for (size_t k = 0; k < cf->n; ++k) {
        parley_params_destroy(&cf->params[k]);
        free(cf->labels[k]);
    }
    free(cf->params);
    free(cf->labels);
    cf->params = NULL;
    cf->labels = NULL;
    cf->n = 0;
}

static parley_status blame(parley_ensemble_configs *cf, parley_error *err, parley_status st,
                           size_t sweep, size_t value, const char *where) {
    cf->bad_sweep = sweep;
    cf->bad_value = value;
    if (err && where) {
        size_t n = strlen(where);
        if (n >= sizeof err->path)
            n = sizeof err->path - 1;
        memcpy(err->path, where, n);
        err->path[n] = '\0';
    }
    return st;
}

/* Sets the sweep's value v on p; on failure blames it. */
static parley_status set_value(parley_ensemble_configs *cf, parley_params *p,
                               const parley_sweep *sw, size_t k, size_t v, parley_error *err) {
    parley_error e;
    parley_error_clear(&e);
    parley_status st = parley_params_set(p, sw->key, sw->values[v], &e);
    if (st == PARLEY_OK)
        return PARLEY_OK;
    if (st == PARLEY_ENOMEM)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    if (st == PARLEY_EUNSUPPORTED)
        parley_error_set(err, st, NULL, 0, 0, "model %s has no parameter '%s'", sw->model, sw->key);
    else
        parley_error_set(err, st, NULL, 0, 0, "%s",
                         e.message[0] ? e.message : parley_strstatus(st));
    char where[PARLEY_SPEC_WHERE_MAX + 24];
    snprintf(where, sizeof where, "%s[%zu]", sw->where, v);
    return blame(cf, err, st, k, v,
                 !sw->where[0]               ? NULL
                 : st == PARLEY_EUNSUPPORTED ? sw->where
                                             : where);
}

/* Checks that every sweep names a model of base; returns the number of
 * configurations in *total. */
static parley_status check(parley_ensemble_configs *cf, const parley_ensemble_spec *spec,
                           const parley_params *base, size_t n_base, size_t *total,
                           parley_error *err) {
    for (size_t k = 0; k < spec->n_sweeps; ++k) {
        const parley_model_type *t = parley_model_find(spec->sweeps[k].model);
        int selected = 0;
        for (size_t m = 0; m < n_base; ++m)
            selected |= base[m].type == t;
        if (!selected) {
            parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                             t ? "model %s is not selected (see --model)"
                               : "no model named '%s' (see --model)",
                             spec->sweeps[k].model);
            return blame(cf, err, PARLEY_EINVAL, k, (size_t)-1, spec->sweeps[k].where);
        }
    }
    *total = 0;
    for (size_t m = 0; m < n_base; ++m) {
        size_t prod = 1;
        for (size_t k = 0; k < spec->n_sweeps; ++k)
            if (parley_model_find(spec->sweeps[k].model) == base[m].type)
                prod *= spec->sweeps[k].n_values;
        *total += prod;
    }
    if (*total > PARLEY_ENSEMBLE_MAX_CONFIGS)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the sweeps make %zu configurations (at most %d)", *total,
                                PARLEY_ENSEMBLE_MAX_CONFIGS);
    return PARLEY_OK;
}

parley_status parley_ensemble_configs_init(parley_ensemble_configs *cf,
                                           const parley_ensemble_spec *spec,
                                           const parley_params *base, size_t n_base,
                                           parley_error *err) {
    memset(cf, 0, sizeof *cf);
    cf->bad_sweep = cf->bad_value = (size_t)-1;
    size_t total = 0;
    parley_status st = check(cf, spec, base, n_base, &total, err);
    if (st != PARLEY_OK)
        return st;
    cf->params = calloc(total + 1, sizeof *cf->params);
    cf->labels = calloc(total + 1, sizeof *cf->labels);
    if (!cf->params || !cf->labels)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t m = 0; m < n_base; ++m) {
        const parley_model_type *t = base[m].type;
        size_t idx[64] = {0}, mine[64], nm = 0;
        for (size_t k = 0; k < spec->n_sweeps && nm < 64; ++k)
            if (parley_model_find(spec->sweeps[k].model) == t)
                mine[nm++] = k;
        for (;;) {
            parley_params *p = &cf->params[cf->n];
            if (parley_params_init(p, t) != PARLEY_OK)
                return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
            memcpy(p->data, base[m].data, t->params_size);
            char label[512];
            size_t len = (size_t)snprintf(label, sizeof label, "%s", t->name);
            cf->labels[cf->n++] = NULL;
            for (size_t j = 0; j < nm; ++j) {
                const parley_sweep *sw = &spec->sweeps[mine[j]];
                if ((st = set_value(cf, p, sw, mine[j], idx[j], err)) != PARLEY_OK)
                    return st;
                if (len < sizeof label)
                    len += (size_t)snprintf(label + len, sizeof label - len, " %s=%s", sw->key,
                                            sw->values[idx[j]]);
            }
            if (!(cf->labels[cf->n - 1] = malloc(strlen(label) + 1)))
                return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
            /* the configuration as a whole (rules between parameters, such
             * as spatial's min-steps <= max-steps): blamed on the model's
             * last sweep, at its value here */
            parley_error e;
            parley_error_clear(&e);
            if (nm > 0 && (st = parley_params_check(p, &e)) != PARLEY_OK) {
                const parley_sweep *sw = &spec->sweeps[mine[nm - 1]];
                parley_error_set(err, st, NULL, 0, 0, "%s (in the configuration %s)", e.message,
                                 label);
                char where[PARLEY_SPEC_WHERE_MAX + 24];
                snprintf(where, sizeof where, "%s[%zu]", sw->where, idx[nm - 1]);
                return blame(cf, err, st, mine[nm - 1], idx[nm - 1], sw->where[0] ? where : NULL);
            }
            memcpy(cf->labels[cf->n - 1], label, strlen(label) + 1);
            size_t j = 0;
            while (j < nm && ++idx[j] == spec->sweeps[mine[j]].n_values)
                idx[j++] = 0;
            if (j == nm)
                break;
        }
    }
    return PARLEY_OK;
}
