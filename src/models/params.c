/* Model parameters: the one parser of their text form and the one check of
 * the typed structs, both driven by the model's parameter table
 * (parley_model_type.param_defs, params.h).  A value is accepted only if all
 * of it is the expected kind of number, in the C locale, in range; never
 * with blanks, hex or NaN.
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "models/internal.h"

/* 1 if value is a plain decimal number in a looser spelling than parley's
 * (".5", "1.", "+0.5"): digits, at most one point, an optional sign and
 * exponent, nothing else (no blanks, hex, inf or NaN). */
static int loose_number(const char *value) {
    const char *p = value;
    size_t digits = 0;
    if (*p == '+' || *p == '-')
        ++p;
    for (int point = 0; *p && (isdigit((unsigned char)*p) || (*p == '.' && !point++)); ++p)
        digits += isdigit((unsigned char)*p) != 0;
    if (digits && (*p == 'e' || *p == 'E')) {
        ++p;
        if (*p == '+' || *p == '-')
            ++p;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            ++p;
    }
    return digits > 0 && *p == '\0';
}

parley_status parley_i_param_real(const char *key, const char *value, double lo, double hi,
                                  double *out, parley_error *err) {
    double d = 0.0;
    int rc = parley_i_parse_real(value, strlen(value), &d);
    if (rc == PARLEY_I_NUM_UNDERFLOW || rc == PARLEY_I_NUM_OVERFLOW)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "%s must be a number from %g to %g: '%s' %s", key, lo, hi, value,
                                parley_i_number_problem(rc));
    if (rc != PARLEY_I_NUM_OK && loose_number(value))
        return parley_error_set(
            err, PARLEY_EINVAL, NULL, 0, 0,
            "%s must be a number from %g to %g, not '%s' (write it with a digit "
            "on each side of any point and no '+': 0.5, 1, 5e-1)",
            key, lo, hi, value);
    if (rc != PARLEY_I_NUM_OK || d < lo || d > hi)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "%s must be a number from %g to %g, not '%s'", key, lo, hi, value);
    *out = d;
    return PARLEY_OK;
}

parley_status parley_i_param_whole(const char *key, const char *value, unsigned long long lo,
                                   unsigned long long hi, unsigned long long *out,
                                   parley_error *err) {
    int ok = value[0] != '\0' && strspn(value, "0123456789") == strlen(value);
    errno = 0;
    unsigned long long v = ok ? strtoull(value, NULL, 10) : 0;
    if (!ok || errno == ERANGE || v < lo || v > hi)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "%s must be a whole number from %llu to %llu, not '%s'", key, lo,
                                hi, value);
    *out = v;
    return PARLEY_OK;
}

parley_status parley_i_param_flag(const char *key, const char *value, int *out, parley_error *err) {
    static const char *const on[] = {"1", "on", "yes", "true", NULL};
    static const char *const off[] = {"0", "off", "no", "false", NULL};
    for (size_t k = 0; on[k]; ++k) {
        if (strcmp(value, on[k]) == 0) {
            *out = 1;
            return PARLEY_OK;
        }
        if (strcmp(value, off[k]) == 0) {
            *out = 0;
            return PARLEY_OK;
        }
    }
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "%s must be on or off, not '%s'", key,
                            value);
}

/* ------------------------------------------------ the parameter tables */

/* Lower-cases s into out (cap bytes), dropping '-', '_' and blanks. */
static void normalise_name(const char *s, char *out, size_t cap) {
    size_t k = 0;
    for (; *s && k + 1 < cap; ++s)
        if (*s != '-' && *s != '_' && *s != ' ')
            out[k++] = (char)tolower((unsigned char)*s);
    out[k] = '\0';
}

/* Whether name spells want: exactly, or for a PARLEY_PARAM_LOOSE entry
 * once both are normalised (want is normalised already then). */
static int same_name(const parley_param_def *d, const char *name, const char *want) {
    if (!(d->flags & PARLEY_PARAM_LOOSE))
        return strcmp(name, want) == 0;
    char n[64];
    normalise_name(name, n, sizeof n);
    return strcmp(n, want) == 0;
}

/* The entry of defs with key (or one of its aliases); NULL if none. */
static const parley_param_def *find_def(const parley_param_def *defs, const char *key) {
    char loose[64];
    normalise_name(key, loose, sizeof loose);
    for (const parley_param_def *d = defs; d && d->key; ++d) {
        const char *want = (d->flags & PARLEY_PARAM_LOOSE) ? loose : key;
        if (same_name(d, d->key, want))
            return d;
        for (size_t k = 0; d->key_aliases && d->key_aliases[k]; ++k)
            if (same_name(d, d->key_aliases[k], want))
                return d;
    }
    return NULL;
}

const parley_param_def *parley_param_find(const parley_model_type *type, const char *key) {
    return type && key ? find_def(type->param_defs, key) : NULL;
}

const char *parley_i_param_key(const parley_model_type *t, const char *key) {
    const parley_param_def *d = parley_param_find(t, key);
    return d ? d->key : key;
}

static const char *label_of(const parley_param_def *d) {
    return d->label ? d->label : d->key;
}

/* The choice names into buf (n bytes): "A, B, C" for PARLEY_PARAM_ONE_OF,
 * else "A, B or C". */
static void choice_list(const parley_param_def *d, char *buf, size_t n) {
    size_t len = 0, count = 0;
    buf[0] = '\0';
    while (d->choices[count].name)
        ++count;
    for (size_t k = 0; k < count; ++k) {
        const char *sep = k == 0                                                  ? ""
                          : (k + 1 == count && !(d->flags & PARLEY_PARAM_ONE_OF)) ? " or "
                                                                                  : ", ";
        int w = snprintf(buf + len, n - len, "%s%s", sep, d->choices[k].name);
        if (w < 0 || (size_t)w >= n - len)
            break;
        len += (size_t)w;
    }
}

/* Sets *out to the value that value names among d's choices or aliases
 * and returns 1; returns 0 if it names none. */
static int find_choice(const parley_param_def *d, const char *value, int *out) {
    char loose[64];
    normalise_name(value, loose, sizeof loose);
    const char *want = (d->flags & PARLEY_PARAM_LOOSE) ? loose : value;
    const parley_param_choice *lists[2] = {d->choices, d->aliases};
    for (size_t l = 0; l < 2; ++l)
        for (size_t k = 0; lists[l] && lists[l][k].name; ++k)
            if (same_name(d, lists[l][k].name, want)) {
                *out = lists[l][k].value;
                return 1;
            }
    return 0;
}

/* Parses value by the entry d into the struct params. */
static parley_status parse_def(const parley_param_def *d, void *params, const char *value,
                               parley_error *err) {
    char *field = (char *)params + d->offset;
    const char *label = label_of(d);
    switch (d->kind) {
    case PARLEY_PARAM_REAL:
        return parley_i_param_real(label, value, d->lo, d->hi, (double *)(void *)field, err);
    case PARLEY_PARAM_WHOLE:
    case PARLEY_PARAM_COUNT: {
        unsigned long long v = 0;
        parley_status st = parley_i_param_whole(label, value, d->ilo, d->ihi, &v, err);
        if (st != PARLEY_OK)
            return st;
        if (d->kind == PARLEY_PARAM_WHOLE)
            *(uint64_t *)(void *)field = (uint64_t)v;
        else
            *(size_t *)(void *)field = (size_t)v;
        return PARLEY_OK;
    }
    case PARLEY_PARAM_FLAG:
        return parley_i_param_flag(label, value, (int *)(void *)field, err);
    case PARLEY_PARAM_CHOICE: {
        int v = 0;
        if (find_choice(d, value, &v)) {
            *(int *)(void *)field = v;
            return PARLEY_OK;
        }
        char list[256];
        choice_list(d, list, sizeof list);
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "%s must be %s%s, not '%s'", label,
                                (d->flags & PARLEY_PARAM_ONE_OF) ? "one of " : "", list, value);
    }
    case PARLEY_PARAM_CUSTOM:
        return d->parse(params, value, err);
    }
    return PARLEY_EUNSUPPORTED;
}

parley_status parley_i_params_set(const parley_model_type *t, void *params, const char *key,
                                  const char *value, parley_error *err) {
    const parley_param_def *d = find_def(t->param_defs, key);
    if (!d)
        return t->params_set ? t->params_set(params, key, value, err) : PARLEY_EUNSUPPORTED;
    parley_status st = parse_def(d, params, value, err);
    if (st == PARLEY_OK && (d->flags & PARLEY_PARAM_RULE) && t->params_changed)
        t->params_changed(params, d);
    return st;
}

parley_status parley_params_set(parley_params *p, const char *key, const char *value,
                                parley_error *err) {
    const parley_param_def *d = find_def(p->type->param_defs, key);
    if (d && (d->flags & PARLEY_PARAM_RUN)) {
        if (strcmp(d->key, "seed") == 0)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "the seed is a run parameter: use --seed (every model that "
                                    "draws random numbers takes it)");
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the %s is a run parameter: the forecast driver sets it for each "
                                "replicate and issue from --seed",
                                d->key);
    }
    return parley_i_params_set(p->type, p->data, key, value, err);
}

/* Checks the field of entry d in the filled struct params. */
static parley_status check_def(const char *model, const parley_param_def *d, const void *params,
                               parley_error *err) {
    const char *field = (const char *)params + d->offset;
    switch (d->kind) {
    case PARLEY_PARAM_REAL: {
        double v = *(const double *)(const void *)field;
        if (!(v >= d->lo && v <= d->hi))
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "%s.%s must be a number from %g to %g, not %g", model, d->key,
                                    d->lo, d->hi, v);
        return PARLEY_OK;
    }
    case PARLEY_PARAM_WHOLE:
    case PARLEY_PARAM_COUNT: {
        unsigned long long v = d->kind == PARLEY_PARAM_WHOLE
                                   ? (unsigned long long)*(const uint64_t *)(const void *)field
                                   : (unsigned long long)*(const size_t *)(const void *)field;
        if (v < d->ilo || v > d->ihi)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "%s.%s must be a whole number from %llu to %llu, not %llu",
                                    model, d->key, d->ilo, d->ihi, v);
        return PARLEY_OK;
    }
    case PARLEY_PARAM_FLAG: {
        int v = *(const int *)(const void *)field;
        if (v != 0 && v != 1)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "%s.%s must be 0 (off) or 1 (on), not %d", model, d->key, v);
        return PARLEY_OK;
    }
    case PARLEY_PARAM_CHOICE: {
        int v = *(const int *)(const void *)field;
        for (size_t k = 0; d->choices[k].name; ++k)
            if (d->choices[k].value == v)
                return PARLEY_OK;
        char list[256];
        choice_list(d, list, sizeof list);
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "%s.%s must be the value of %s%s, not %d", model, d->key,
                                (d->flags & PARLEY_PARAM_ONE_OF) ? "one of " : "", list, v);
    }
    case PARLEY_PARAM_CUSTOM:
        return PARLEY_OK; /* its check hook, below */
    }
    return PARLEY_OK;
}

parley_status parley_i_params_check(const parley_model_type *t, const void *params,
                                    parley_error *err) {
    for (const parley_param_def *d = t->param_defs; d && d->key; ++d) {
        parley_status st = check_def(t->name, d, params, err);
        if (st == PARLEY_OK && d->check) /* custom entries, cross-field rules */
            st = d->check(params, err);
        if (st != PARLEY_OK)
            return st;
    }
    return PARLEY_OK;
}

parley_status parley_params_check(const parley_params *p, parley_error *err) {
    if (!p || !p->type || !p->data)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no model parameters");
    return parley_i_params_check(p->type, p->data, err);
}

/* Appends "key=value" of entry d (", " before all but the first). */
static parley_status describe_def(const parley_param_def *d, const void *params, int first,
                                  parley_buf *out) {
    const char *field = (const char *)params + d->offset;
    const char *sep = first ? "" : ", ";
    switch (d->kind) {
    case PARLEY_PARAM_REAL:
        return parley_buf_printf(out, "%s%s=%g", sep, d->key, *(const double *)(const void *)field);
    case PARLEY_PARAM_WHOLE:
        return parley_buf_printf(out, "%s%s=%llu", sep, d->key,
                                 (unsigned long long)*(const uint64_t *)(const void *)field);
    case PARLEY_PARAM_COUNT:
        return parley_buf_printf(out, "%s%s=%zu", sep, d->key,
                                 *(const size_t *)(const void *)field);
    case PARLEY_PARAM_FLAG:
        return parley_buf_printf(out, "%s%s=%s", sep, d->key,
                                 *(const int *)(const void *)field ? "on" : "off");
    case PARLEY_PARAM_CHOICE: {
        int v = *(const int *)(const void *)field;
        const char *name = "?";
        for (size_t k = 0; d->choices[k].name; ++k)
            if (d->choices[k].value == v) {
                name = d->choices[k].name;
                break;
            }
        return parley_buf_printf(out, "%s%s=%s", sep, d->key, name);
    }
    case PARLEY_PARAM_CUSTOM:
        break;
    }
    return PARLEY_OK;
}

parley_status parley_i_params_describe(const parley_model_type *t, const void *params,
                                       parley_buf *out) {
    int first = 1;
    for (const parley_param_def *d = t->param_defs; d && d->key; ++d) {
        if (d->kind == PARLEY_PARAM_CUSTOM)
            continue;
        parley_status st = describe_def(d, params, first, out);
        if (st != PARLEY_OK)
            return st;
        first = 0;
    }
    return PARLEY_OK;
}

parley_status parley_params_describe(const parley_params *p, parley_buf *out) {
    if (p->type->params_describe)
        return p->type->params_describe(p->data, out);
    return parley_i_params_describe(p->type, p->data, out);
}

/* -------------------------------------------------- the run parameters */

void parley_run_params_init(parley_run_params *rp) {
    rp->seed = 0;
    rp->stream = 0;
    rp->rounds = 0;
    rp->rng = NULL;
}

parley_status parley_run_params_check(const parley_run_params *rp, parley_error *err) {
    if (rp->seed > PARLEY_MAX_SEED)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "seed must be a whole number from 0 to 2^63-1");
    if (rp->rounds > PARLEY_MAX_ROUNDS)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "rounds must be a whole number from 1 to %llu", PARLEY_MAX_ROUNDS);
    return PARLEY_OK;
}

/* splitmix64 of seed + stream, cut to 63 bits: the seed of replicate k > 0
 * of a model with one fixed stream. */
static uint64_t own_seed(uint64_t seed, uint64_t stream) {
    uint64_t z = seed + stream + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return z & 0x7fffffffffffffffULL;
}

parley_status parley_params_set_run(parley_params *p, const parley_run_params *rp, unsigned *used,
                                    parley_error *err) {
    if (used)
        *used = 0;
    parley_status st = parley_run_params_check(rp, err);
    if (st != PARLEY_OK || !p->type->params_run)
        return st;
    unsigned u = p->type->params_run(p->data, rp);
    if ((u & PARLEY_RUN_SEED) && !(u & PARLEY_RUN_STREAM) && !rp->rng && (rp->stream >> 20)) {
        parley_run_params own = *rp;
        own.seed = own_seed(rp->seed, rp->stream);
        p->type->params_run(p->data, &own);
    }
    if (used)
        *used = u;
    return PARLEY_OK;
}

/* "mean, median, eu" into buf (n bytes), the names that fit whole. */
static void list_models(char *buf, size_t n) {
    buf[0] = '\0';
    size_t len = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t) {
        int w = snprintf(buf + len, n - len, "%s%s", len ? ", " : "", (*t)->name);
        if (w < 0 || (size_t)w >= n - len)
            break;
        len += (size_t)w;
    }
}

parley_status parley_params_set_text(parley_params *params, size_t n, const char *text,
                                     parley_error *err) {
    const char *dot = strchr(text, '.'), *eq = strchr(text, '=');
    if (!dot || !eq || dot > eq || dot == text || eq == dot + 1)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "wants MODEL.KEY=VALUE, not '%s'",
                                text);
    char model[64], key[128];
    size_t mlen = (size_t)(dot - text), klen = (size_t)(eq - dot - 1);
    if (mlen >= sizeof model || klen >= sizeof key)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "'%s': name too long", text);
    memcpy(model, text, mlen);
    model[mlen] = '\0';
    memcpy(key, dot + 1, klen);
    key[klen] = '\0';
    const parley_model_type *t = parley_model_find(model);
    if (!t) {
        char known[256];
        list_models(known, sizeof known);
        return parley_error_set(err, PARLEY_EUNSUPPORTED, NULL, 0, 0,
                                "'%s': unknown model '%s' (models: %s)", text, model, known);
    }
    int found = 0;
    for (size_t m = 0; m < n; ++m) {
        if (params[m].type != t)
            continue;
        found = 1;
        parley_error e;
        parley_error_clear(&e);
        parley_status st = parley_params_set(&params[m], key, eq + 1, &e);
        if (st == PARLEY_OK)
            continue;
        if (st == PARLEY_ENOMEM)
            return parley_error_set(err, st, NULL, 0, 0, "out of memory");
        if (st == PARLEY_EUNSUPPORTED)
            return parley_error_set(err, st, NULL, 0, 0, "'%s': model %s has no parameter '%s'",
                                    text, model, key);
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "'%s': %s", text,
                                e.message[0] ? e.message : parley_strstatus(st));
    }
    if (!found)
        return parley_error_set(err, PARLEY_EDOMAIN, NULL, 0, 0, "'%s': model %s is not selected",
                                text, model);
    return PARLEY_OK;
}

static int listed(const parley_model_type *const *types, size_t n, const parley_model_type *t) {
    for (size_t k = 0; k < n; ++k)
        if (types[k] == t)
            return 1;
    return 0;
}

parley_status parley_model_list_parse(const char *list, const parley_model_type **types,
                                      size_t *n_types, size_t max_types, int *combined,
                                      parley_error *err) {
    if (!list || !types || !n_types)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no model list");
    for (const char *p = list;; ++p) {
        size_t len = strcspn(p, ",");
        char name[64];
        if (len == 0)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "empty model name in '%s'",
                                    list);
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        if (len == 8 && strncmp(p, "combined", 8) == 0) {
            if (!combined)
                return parley_error_set(err, PARLEY_EUNSUPPORTED, NULL, 0, 0,
                                        "the combined forecast is not available here: it "
                                        "combines the models of one forecast (use forecast "
                                        "or report), so choose single models");
            *combined = 1;
        } else if (len == 3 && strncmp(p, "all", 3) == 0) {
            if (combined)
                *combined = 1;
            for (const parley_model_type *const *a = parley_model_types(); *a; ++a)
                if (!listed(types, *n_types, *a) && *n_types < max_types)
                    types[(*n_types)++] = *a;
        } else {
            const parley_model_type *t = len < sizeof name ? parley_model_find(name) : NULL;
            if (!t) {
                char known[256];
                list_models(known, sizeof known);
                return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                        "unknown model '%.*s' (models: %s%s)", (int)len, p, known,
                                        combined ? ", combined" : "");
            }
            if (!listed(types, *n_types, t) && *n_types < max_types)
                types[(*n_types)++] = t;
        }
        p += len;
        if (*p == '\0')
            return PARLEY_OK;
    }
}

parley_status parley_params_init_list(parley_params *params, const parley_model_type *const *types,
                                      size_t n, size_t *n_made) {
    *n_made = 0;
    for (size_t m = 0; m < n; ++m) {
        parley_status st = parley_params_init(&params[m], types[m]);
        if (st != PARLEY_OK)
            return st;
        *n_made = m + 1;
    }
    return PARLEY_OK;
}

/* "eu, mean" of the models of params[0..n), cut to what fits in buf. */
static void param_models(const parley_params *params, size_t n, char *buf, size_t size) {
    size_t len = 0;
    buf[0] = '\0';
    for (size_t m = 0; m < n; ++m) {
        int w = snprintf(buf + len, size - len, "%s%s", m ? ", " : "", params[m].type->name);
        if (w < 0 || (size_t)w >= size - len)
            break;
        len += (size_t)w;
    }
}

parley_status parley_params_set_all(parley_params *params, size_t n, const char *key,
                                    const char *value, parley_error *err) {
    size_t accepted = 0;
    for (size_t m = 0; m < n; ++m) {
        parley_error e;
        parley_error_clear(&e);
        parley_status st = parley_params_set(&params[m], key, value, &e);
        if (st == PARLEY_EUNSUPPORTED)
            continue;
        if (st == PARLEY_ENOMEM)
            return parley_error_set(err, st, NULL, 0, 0, "out of memory");
        if (st != PARLEY_OK)
            return parley_error_set(err, st, NULL, 0, 0, "%s",
                                    e.message[0] ? e.message : parley_strstatus(st));
        ++accepted;
    }
    if (accepted == 0) {
        char names[256];
        param_models(params, n, names, sizeof names);
        return parley_error_set(err, PARLEY_EUNSUPPORTED, NULL, 0, 0,
                                "none of the selected models (%s) has this parameter", names);
    }
    return PARLEY_OK;
}

parley_status parley_params_set_run_all(parley_params *params, size_t n,
                                        const parley_run_params *rp, parley_error *err) {
    unsigned any = 0;
    for (size_t m = 0; m < n; ++m) {
        unsigned used = 0;
        parley_status st = parley_params_set_run(&params[m], rp, &used, err);
        if (st != PARLEY_OK)
            return st;
        any |= used;
    }
    if (rp->rounds && !(any & PARLEY_RUN_ROUNDS)) {
        char names[256];
        param_models(params, n, names, sizeof names);
        return parley_error_set(err, PARLEY_EUNSUPPORTED, NULL, 0, 0,
                                "none of the selected models (%s) has this parameter", names);
    }
    return PARLEY_OK;
}
