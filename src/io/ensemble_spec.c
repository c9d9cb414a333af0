/* The ensemble specification: what an ensemble varies, read from a JSON
 * file (--spec) or built item by item from text (--noise, --sweep).
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/ensemble.h>
#include <parley/io.h>

#include "core/internal.h"
#include "io/reader.h"
#include "models/internal.h"
#include "scenario/internal.h"

static const char *const field_names[PARLEY_N_FIELDS] = {"position", "salience", "capability"};

void parley_ensemble_spec_init(parley_ensemble_spec *spec) {
    memset(spec, 0, sizeof *spec);
    spec->replicates = 1000;
    spec->bins = 10;
}

void parley_ensemble_spec_destroy(parley_ensemble_spec *spec) {
    for (size_t k = 0; k < spec->n_sweeps; ++k) {
        for (size_t v = 0; v < spec->sweeps[k].n_values; ++v)
            free(spec->sweeps[k].values[v]);
        free(spec->sweeps[k].values);
    }
    free(spec->sweeps);
    free(spec->noise);
    spec->sweeps = NULL;
    spec->noise = NULL;
    spec->n_sweeps = spec->cap_sweeps = spec->n_noise = spec->cap_noise = 0;
}

static int parse_field(const char *name, size_t len) {
    for (int f = 0; f < PARLEY_N_FIELDS; ++f)
        if (strlen(field_names[f]) == len && strncmp(name, field_names[f], len) == 0)
            return f;
    return -1;
}

static int parse_dist(const char *name, size_t len, parley_noise_dist *out) {
    static const char *const names[] = {"none", "normal", "uniform"};
    for (int d = 0; d < 3; ++d)
        if (strlen(names[d]) == len && strncmp(name, names[d], len) == 0) {
            *out = (parley_noise_dist)d;
            return 0;
        }
    return -1;
}

static parley_noise_item *new_noise(parley_ensemble_spec *o) {
    if (o->n_noise == o->cap_noise) {
        size_t cap = o->cap_noise ? 2 * o->cap_noise : 8;
        parley_noise_item *g = realloc(o->noise, cap * sizeof *g);
        if (!g)
            return NULL;
        o->noise = g;
        o->cap_noise = cap;
    }
    parley_noise_item *it = &o->noise[o->n_noise++];
    memset(it, 0, sizeof *it);
    return it;
}

static parley_sweep *new_sweep(parley_ensemble_spec *o, const char *model, size_t mlen,
                               const char *key, size_t klen) {
    if (o->n_sweeps == o->cap_sweeps) {
        size_t cap = o->cap_sweeps ? 2 * o->cap_sweeps : 4;
        parley_sweep *g = realloc(o->sweeps, cap * sizeof *g);
        if (!g)
            return NULL;
        o->sweeps = g;
        o->cap_sweeps = cap;
    }
    parley_sweep *it = &o->sweeps[o->n_sweeps++];
    memset(it, 0, sizeof *it);
    snprintf(it->model, sizeof it->model, "%.*s", (int)mlen, model);
    snprintf(it->key, sizeof it->key, "%.*s", (int)klen, key);
    return it;
}

static int sweep_value(parley_sweep *it, const char *v, size_t len) {
    char **g = realloc(it->values, (it->n_values + 1) * sizeof *g);
    if (!g)
        return -1;
    it->values = g;
    if (!(it->values[it->n_values] = malloc(len + 1)))
        return -1;
    memcpy(it->values[it->n_values], v, len);
    it->values[it->n_values++][len] = '\0';
    return 0;
}

static parley_status oom(parley_error *err) {
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Whether sweeps a and b vary the same parameter: the same model and the
 * same key once aliases and loose spellings are resolved. */
static int same_sweep(const parley_sweep *a, const parley_sweep *b) {
    if (strcmp(a->model, b->model) != 0)
        return 0;
    const parley_model_type *t = parley_model_find(a->model);
    return strcmp(parley_i_param_key(t, a->key), parley_i_param_key(t, b->key)) == 0;
}

/* Whether two values of a sweep are the same: the same text, or the same
 * number ("0.5" and "0.50"). */
static int same_value(const char *a, const char *b) {
    double x = 0.0, y = 0.0;
    return strcmp(a, b) == 0 ||
           (parley_i_parse_real(a, strlen(a), &x) == PARLEY_I_NUM_OK &&
            parley_i_parse_real(b, strlen(b), &y) == PARLEY_I_NUM_OK && x == y);
}

/* The index of a value of it that repeats an earlier one, or (size_t)-1. */
static size_t repeated_value(const parley_sweep *it) {
    for (size_t v = 1; v < it->n_values; ++v)
        for (size_t u = 0; u < v; ++u)
            if (same_value(it->values[u], it->values[v]))
                return v;
    return (size_t)-1;
}

parley_status parley_ensemble_spec_add_noise(parley_ensemble_spec *spec, const char *text,
                                             parley_error *err) {
    const char *eq = strchr(text, '='), *colon = eq ? strchr(eq, ':') : NULL;
    const char *dot = NULL;
    for (const char *p = text; eq && p < eq; ++p)
        if (*p == '.')
            dot = p;
    const char *fname = dot ? dot + 1 : text;
    int f = eq ? parse_field(fname, (size_t)(eq - fname)) : -1;
    parley_noise_dist dist = PARLEY_NOISE_NONE;
    const char *dname = eq ? eq + 1 : NULL;
    size_t dlen = dname ? (colon ? (size_t)(colon - dname) : strlen(dname)) : 0;
    double size = 0.0;
    if (f < 0 || !dname || parse_dist(dname, dlen, &dist) != 0 || (dot && dot == text) ||
        (dist != PARLEY_NOISE_NONE &&
         (!colon || parley_i_parse_real(colon + 1, strlen(colon + 1), &size) != 0 ||
          !(size >= 0.0 && size <= PARLEY_NOISE_MAX_SIZE))) ||
        (dist == PARLEY_NOISE_NONE && colon))
        return parley_error_set(
            err, PARLEY_EINVAL, NULL, 0, 0,
            "noise '%s': wants [ACTOR.]FIELD=DIST:SIZE or [ACTOR.]FIELD=none (FIELD "
            "position, salience or capability; DIST normal or uniform; SIZE from 0 to 1000000)",
            text);
    parley_noise_item *it = new_noise(spec);
    if (!it)
        return oom(err);
    it->all = dot == NULL;
    if (dot)
        snprintf(it->actor, sizeof it->actor, "%.*s", (int)(dot - text), text);
    it->field = (parley_field)f;
    it->noise.dist = dist;
    it->noise.size = size;
    return PARLEY_OK;
}

parley_status parley_ensemble_spec_add_sweep(parley_ensemble_spec *spec, const char *text,
                                             parley_error *err) {
    const char *dot = strchr(text, '.'), *eq = strchr(text, '=');
    if (!dot || !eq || dot > eq || dot == text || eq == dot + 1 || eq[1] == '\0')
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "sweep '%s': wants MODEL.KEY=V1,V2,...", text);
    if ((size_t)(dot - text) >= 64 || (size_t)(eq - dot - 1) >= 128)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "sweep '%s': name too long", text);
    parley_sweep *it = new_sweep(spec, text, (size_t)(dot - text), dot + 1, (size_t)(eq - dot - 1));
    if (!it)
        return oom(err);
    for (const char *p = eq + 1;;) {
        size_t len = strcspn(p, ",");
        if (len == 0)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "sweep '%s': empty value",
                                    text);
        if (sweep_value(it, p, len) != 0)
            return oom(err);
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    /* one sweep per parameter, each value once: rows stay distinct and
     * labelled by the values they ran with */
    size_t rep = repeated_value(it);
    if (rep != (size_t)-1)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "sweep '%s': the value %s twice",
                                text, it->values[rep]);
    for (size_t k = 0; k + 1 < spec->n_sweeps; ++k)
        if (same_sweep(&spec->sweeps[k], it))
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "sweep '%s': %s.%s is swept twice (give all its values in "
                                    "one sweep)",
                                    text, spec->sweeps[k].model, spec->sweeps[k].key);
    return PARLEY_OK;
}

/* ---- the JSON file ---- */

/* path + member key: ".key" for a plain name, else ["key"] with quotes and
 * backslashes escaped. */
static void path_member(char *out, size_t n, const char *path, const char *key) {
    int plain = (isalpha((unsigned char)key[0]) || key[0] == '_') != 0;
    for (const char *p = key; plain && *p; ++p)
        plain = isalnum((unsigned char)*p) || *p == '_';
    if (plain) {
        snprintf(out, n, "%s.%s", path, key);
        return;
    }
    size_t len = (size_t)snprintf(out, n, "%s[\"", path);
    for (const char *p = key; *p && len + 4 < n; ++p) {
        if (*p == '"' || *p == '\\')
            out[len++] = '\\';
        out[len++] = *p;
    }
    if (len + 3 <= n)
        snprintf(out + len, n - len, "\"]");
    else if (n)
        out[n - 1] = '\0';
}

/* Copies path into err->path (cut to PARLEY_ERROR_PATH_MAX - 1 bytes). */
static void set_path(parley_error *err, const char *path) {
    if (!err)
        return;
    size_t n = strlen(path);
    if (n >= sizeof err->path)
        n = sizeof err->path - 1;
    memcpy(err->path, path, n);
    err->path[n] = '\0';
}

/* A data error at JSON path `path` of file. */
static parley_status bad(parley_error *err, const char *file, const char *path, const char *what) {
    parley_error_set(err, PARLEY_EDATA, file, 0, 0, "%s", what);
    set_path(err, path);
    return PARLEY_EDATA;
}

static parley_status read_noise(parley_ensemble_spec *o, const char *file, const char *path,
                                json_t *obj, const char *actor, parley_error *err) {
    if (!json_is_object(obj))
        return bad(err, file, path, "expected an object of fields");
    const char *fname;
    json_t *val;
    json_object_foreach(obj, fname, val) {
        char p[PARLEY_SPEC_WHERE_MAX];
        path_member(p, sizeof p, path, fname);
        int f = parse_field(fname, strlen(fname));
        if (f < 0)
            return bad(err, file, p, "expected position, salience or capability");
        json_t *d = json_object_get(val, "dist"), *sz = json_object_get(val, "size");
        parley_noise_dist dist;
        if (!json_is_object(val) || !json_is_string(d) ||
            parse_dist(json_string_value(d), strlen(json_string_value(d)), &dist) != 0)
            return bad(err, file, p,
                       "expected {\"dist\": \"normal\"|\"uniform\"|\"none\", \"size\": number}");
        double size = 0.0;
        if (dist != PARLEY_NOISE_NONE) {
            if (!json_is_number(sz) ||
                !(json_number_value(sz) >= 0.0 && json_number_value(sz) <= PARLEY_NOISE_MAX_SIZE))
                return bad(err, file, p, "\"size\" must be a number from 0 to 1000000");
            size = json_number_value(sz);
        }
        parley_noise_item *it = new_noise(o);
        if (!it)
            return oom(err);
        it->all = actor == NULL;
        if (actor)
            snprintf(it->actor, sizeof it->actor, "%s", actor);
        it->field = (parley_field)f;
        it->noise.dist = dist;
        it->noise.size = size;
        snprintf(it->where, sizeof it->where, "%s",
                 actor ? path : p); /* an unknown actor: its key */
    }
    return PARLEY_OK;
}

static parley_status read_count(const char *file, const char *path, json_t *v,
                                unsigned long long lo, unsigned long long hi,
                                unsigned long long *out, parley_error *err) {
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        (unsigned long long)json_integer_value(v) < lo ||
        (unsigned long long)json_integer_value(v) > hi) {
        char msg[128];
        snprintf(msg, sizeof msg, "expected a whole number from %llu to %llu", lo, hi);
        return bad(err, file, path, msg);
    }
    *out = (unsigned long long)json_integer_value(v);
    return PARLEY_OK;
}

static parley_status read_sweeps(parley_ensemble_spec *o, const char *file, const char *path,
                                 json_t *v, parley_error *err) {
    if (!json_is_object(v))
        return bad(err, file, path, "expected an object {\"MODEL.KEY\": [values]}");
    const char *sk;
    json_t *sv;
    json_object_foreach(v, sk, sv) {
        char p[600];
        path_member(p, sizeof p, path, sk);
        const char *dot = strchr(sk, '.');
        if (!dot || dot == sk || dot[1] == '\0' || !json_is_array(sv) || json_array_size(sv) == 0)
            return bad(err, file, p, "expected \"MODEL.KEY\": [values...]");
        parley_sweep *it = new_sweep(o, sk, (size_t)(dot - sk), dot + 1, strlen(dot + 1));
        if (!it)
            return oom(err);
        snprintf(it->where, sizeof it->where, "%s", p);
        size_t idx;
        json_t *e;
        json_array_foreach(sv, idx, e) {
            char buf[64];
            if (json_is_string(e))
                snprintf(buf, sizeof buf, "%s", json_string_value(e));
            else if (json_is_integer(e))
                snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(e));
            else if (json_is_real(e))
                parley_i_format_double(json_real_value(e), buf);
            else {
                char pe[700];
                snprintf(pe, sizeof pe, "%s[%zu]", p, idx);
                return bad(err, file, pe, "values must be numbers or strings");
            }
            if (sweep_value(it, buf, strlen(buf)) != 0)
                return oom(err);
        }
        size_t rep = repeated_value(it);
        if (rep != (size_t)-1) {
            char pe[700], msg[128];
            snprintf(pe, sizeof pe, "%s[%zu]", p, rep);
            snprintf(msg, sizeof msg, "the value %.64s twice", it->values[rep]);
            return bad(err, file, pe, msg);
        }
        for (size_t k = 0; k + 1 < o->n_sweeps; ++k)
            if (same_sweep(&o->sweeps[k], it)) {
                char msg[256];
                snprintf(msg, sizeof msg, "sweeps %s.%s again", o->sweeps[k].model,
                         o->sweeps[k].key);
                return bad(err, file, p, msg);
            }
    }
    return PARLEY_OK;
}

static parley_status read_member(parley_ensemble_spec *o, const char *file, const char *key,
                                 json_t *v, parley_error *err) {
    char path[300];
    path_member(path, sizeof path, "$", key);
    parley_status st = PARLEY_OK;
    if (strcmp(key, "replicates") == 0) {
        if ((st = read_count(file, path, v, 1, 1ULL << 40, &o->replicates, err)) == PARLEY_OK)
            o->has_replicates = 1;
    } else if (strcmp(key, "seed") == 0) {
        if ((st = read_count(file, path, v, 0, (unsigned long long)INT64_MAX, &o->seed, err)) ==
            PARLEY_OK)
            o->has_seed = 1;
    } else if (strcmp(key, "bins") == 0) {
        if ((st = read_count(file, path, v, 1, PARLEY_ENSEMBLE_MAX_BINS, &o->bins, err)) ==
            PARLEY_OK)
            o->has_bins = 1;
    } else if (strcmp(key, "drop") == 0 || strcmp(key, "shock") == 0) {
        if (!json_is_number(v) || !(json_number_value(v) >= 0.0 && json_number_value(v) <= 1.0))
            return bad(err, file, path, "expected a probability in [0, 1]");
        if (key[0] == 'd')
            o->drop = json_number_value(v), o->has_drop = 1;
        else
            o->shock = json_number_value(v), o->has_shock = 1;
    } else if (strcmp(key, "noise") == 0) {
        st = read_noise(o, file, path, v, NULL, err);
    } else if (strcmp(key, "actors") == 0) {
        if (!json_is_object(v))
            return bad(err, file, path, "expected an object of actor names");
        const char *an;
        json_t *av;
        json_object_foreach(v, an, av) {
            char p[600];
            path_member(p, sizeof p, path, an);
            if ((st = read_noise(o, file, p, av, an, err)) != PARLEY_OK)
                break;
        }
    } else if (strcmp(key, "sweep") == 0) {
        st = read_sweeps(o, file, path, v, err);
    } else {
        st =
            bad(err, file, path,
                "unknown key (expected replicates, seed, bins, noise, actors, drop, shock, sweep)");
    }
    return st;
}

/* jansson reads a number too close to zero for a double (1e-400) as 0
 * without a word: the first such number in text (valid JSON, strings
 * skipped) is reported at its line and column, as the scenario reader does. */
static parley_status check_numbers(const char *text, size_t size, const char *file,
                                   parley_error *err) {
    size_t line = 1, column = 1;
    for (size_t pos = 0; pos < size;) {
        char c = text[pos];
        if (c == '"') {
            size_t end = pos + 1;
            while (end < size && text[end] != '"')
                end += text[end] == '\\' ? 2 : 1;
            for (size_t k = pos + 1; k < end && k < size; ++k)
                column += ((unsigned char)text[k] & 0xC0) != 0x80;
            column += 2;
            pos = end + 1;
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t end = pos;
            while (end < size && strchr("-+.eE0123456789", text[end]) && text[end])
                ++end;
            double v;
            int rc = parley_i_parse_real(text + pos, end - pos, &v);
            if (rc == PARLEY_I_NUM_NOMEM)
                return PARLEY_ENOMEM;
            if (rc != PARLEY_I_NUM_OK)
                return parley_error_set(
                    err, PARLEY_EDATA, file, line, column, "number %.*s %s%s",
                    (int)(end - pos < 40 ? end - pos : 40), text + pos, parley_i_number_problem(rc),
                    rc == PARLEY_I_NUM_UNDERFLOW ? "; write 0 if 0 is meant" : "");
            column += end - pos;
            pos = end;
            continue;
        }
        if (c == '\n') {
            ++line;
            column = 1;
        } else {
            column += ((unsigned char)c & 0xC0) != 0x80;
        }
        ++pos;
    }
    return PARLEY_OK;
}

parley_status parley_ensemble_spec_read(parley_ensemble_spec *spec, const char *path,
                                        parley_error *err) {
    /* Read like a scenario: size limit, standard input for "-", a stream
     * stopped at binary data; then UTF-16 named as such, a UTF-8 BOM
     * skipped, duplicate keys refused (jansson would keep the last one). */
    char *data = NULL;
    size_t size = 0;
    parley_status rs = parley_read_file(path, &data, &size, err);
    if (rs != PARLEY_OK)
        return rs;
    const char *utf16 = parley_i_utf16_name(data, size);
    if (utf16) {
        free(data);
        return parley_error_set(err, PARLEY_EPARSE, path, 1, 1,
                                "the file is UTF-16 text (expected UTF-8); convert it with: iconv "
                                "-f %s -t UTF-8 %s > utf8.json",
                                utf16, path);
    }
    size_t bom = parley_i_bom_length(data, size);
    json_error_t jerr;
    json_t *root = json_loadb(data + bom, size - bom, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        free(data);
        return parley_error_set(err, PARLEY_EPARSE, path, (size_t)(jerr.line > 0 ? jerr.line : 0),
                                (size_t)(jerr.column > 0 ? jerr.column : 0), "%s", jerr.text);
    }
    rs = check_numbers(data + bom, size - bom, path, err);
    free(data);
    if (rs != PARLEY_OK) {
        json_decref(root);
        return rs;
    }
    parley_status st = PARLEY_OK;
    if (!json_is_object(root))
        st = bad(err, path, "$", "expected an object");
    const char *key;
    json_t *v;
    if (st == PARLEY_OK)
        json_object_foreach(root, key, v) {
            if ((st = read_member(spec, path, key, v, err)) != PARLEY_OK)
                break;
        }
    json_decref(root);
    return st;
}

parley_status parley_ensemble_spec_merge(parley_ensemble_spec *base, parley_ensemble_spec *over) {
    size_t nn = base->n_noise + over->n_noise, ns = base->n_sweeps + over->n_sweeps;
    if (nn > base->cap_noise) {
        parley_noise_item *g = realloc(base->noise, nn * sizeof *g);
        if (!g)
            return PARLEY_ENOMEM;
        base->noise = g;
        base->cap_noise = nn;
    }
    if (ns > base->cap_sweeps) {
        parley_sweep *g = realloc(base->sweeps, ns * sizeof *g);
        if (!g)
            return PARLEY_ENOMEM;
        base->sweeps = g;
        base->cap_sweeps = ns;
    }
    /* a sweep of over replaces base's sweep of the same parameter */
    size_t kept = 0;
    for (size_t k = 0; k < base->n_sweeps; ++k) {
        int replaced = 0;
        for (size_t j = 0; j < over->n_sweeps && !replaced; ++j)
            replaced = same_sweep(&base->sweeps[k], &over->sweeps[j]);
        if (!replaced) {
            base->sweeps[kept++] = base->sweeps[k];
            continue;
        }
        for (size_t v = 0; v < base->sweeps[k].n_values; ++v)
            free(base->sweeps[k].values[v]);
        free(base->sweeps[k].values);
    }
    base->n_sweeps = kept;
    ns = kept + over->n_sweeps;
    if (over->n_noise)
        memcpy(base->noise + base->n_noise, over->noise, over->n_noise * sizeof *over->noise);
    if (over->n_sweeps)
        memcpy(base->sweeps + base->n_sweeps, over->sweeps, over->n_sweeps * sizeof *over->sweeps);
    base->n_noise = nn;
    base->n_sweeps = ns;
    over->n_noise = over->n_sweeps = 0; /* moved: the values belong to base now */
    if (over->has_replicates)
        base->replicates = over->replicates, base->has_replicates = 1;
    if (over->has_seed)
        base->seed = over->seed, base->has_seed = 1;
    if (over->has_bins)
        base->bins = over->bins, base->has_bins = 1;
    if (over->has_drop)
        base->drop = over->drop, base->has_drop = 1;
    if (over->has_shock)
        base->shock = over->shock, base->has_shock = 1;
    if (over->no_noise)
        base->no_noise = 1;
    return PARLEY_OK;
}

parley_status parley_ensemble_spec_perturbation(const parley_ensemble_spec *spec,
                                                const parley_scenario *s, parley_perturbation *p,
                                                parley_noise **actor_noise, parley_error *err) {
    parley_perturbation_init(p);
    if (spec->n_noise == 0 && !spec->no_noise) { /* no noise asked for: the default */
        parley_perturbation d;
        parley_perturbation_default(&d);
        for (int f = 0; f < PARLEY_N_FIELDS; ++f)
            p->noise[f] = d.noise[f];
    }
    p->drop = spec->drop;
    *actor_noise = NULL;
    for (size_t k = 0; k < spec->n_noise; ++k) {
        const parley_noise_item *it = &spec->noise[k];
        if (it->all) {
            p->noise[it->field] = it->noise;
            if (*actor_noise) /* a later "all" item overrides earlier per-actor ones */
                for (size_t a = 0; a < s->n_actors; ++a)
                    (*actor_noise)[a * PARLEY_N_FIELDS + it->field].dist = PARLEY_NOISE_INHERIT;
            continue;
        }
        size_t a = parley_scenario_find_actor(s, it->actor);
        if (a == (size_t)-1) {
            parley_i_no_actor(err, s, NULL, it->actor);
            set_path(err, it->where);
            return PARLEY_EINVAL;
        }
        if (!*actor_noise) {
            *actor_noise = malloc(s->n_actors * PARLEY_N_FIELDS * sizeof **actor_noise);
            if (!*actor_noise)
                return oom(err);
            for (size_t j = 0; j < s->n_actors * PARLEY_N_FIELDS; ++j)
                (*actor_noise)[j] = (parley_noise){PARLEY_NOISE_INHERIT, 0.0};
        }
        (*actor_noise)[a * PARLEY_N_FIELDS + it->field] = it->noise;
    }
    p->actor_noise = *actor_noise;
    return PARLEY_OK;
}

parley_status parley_ensemble_spec_read_under(parley_ensemble_spec *spec, const char *path,
                                              parley_error *err) {
    parley_ensemble_spec file;
    parley_ensemble_spec_init(&file);
    parley_status st = parley_ensemble_spec_read(&file, path, err);
    if (st == PARLEY_OK && (st = parley_ensemble_spec_merge(&file, spec)) != PARLEY_OK)
        parley_error_set(err, st, NULL, 0, 0, "out of memory");
    if (st != PARLEY_OK) {
        parley_ensemble_spec_destroy(&file);
        return st;
    }
    parley_ensemble_spec_destroy(spec);
    *spec = file;
    return PARLEY_OK;
}
