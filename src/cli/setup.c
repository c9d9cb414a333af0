/* parley CLI: what every command that runs models shares -- choosing the
 * models (--model), their parameters (--preset, --rounds, --param) and
 * loading the scenario (or the embedded default).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static size_t registered_count(void) {
    size_t n = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t) ++n;
    return n;
}

int cli_models_init(cli_models *o, int argc) {
    memset(o, 0, sizeof *o);
    o->max_types = registered_count();
    o->types = calloc(o->max_types + 1, sizeof *o->types);
    o->params = calloc((size_t)argc + 1, sizeof *o->params);
    if (!o->types || !o->params) {
        cli_models_free(o);
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    return 0;
}

void cli_models_free(cli_models *o) {
    free(o->types);
    free(o->params);
    memset(o, 0, sizeof *o);
}

/* "mean, median, eu" for messages. */
static void list_models(char *buf, size_t n) {
    buf[0] = '\0';
    size_t len = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t) {
        int w = snprintf(buf + len, n - len, "%s%s", len ? ", " : "", (*t)->name);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
}

static int model_selected(const cli_models *o, const parley_model_type *t) {
    for (size_t k = 0; k < o->n_types; ++k)
        if (o->types[k] == t) return 1;
    return 0;
}

int cli_models_add(cli_models *o, const char *cmd, const char *list) {
    const char *p = list;
    for (;;) {
        size_t len = strcspn(p, ",");
        char name[64];
        if (len == 0) return cli_usage_error(cmd, "empty model name in '%s'", list);
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        const parley_model_type *t = len < sizeof name ? parley_model_find(name) : NULL;
        if (!t) {
            char known[256];
            list_models(known, sizeof known);
            return cli_usage_error(cmd, "unknown model '%.*s' (models: %s)", (int)len, p, known);
        }
        if (!model_selected(o, t) && o->n_types < o->max_types) o->types[o->n_types++] = t;
        if (p[len] == '\0') break;
        p += len + 1;
    }
    return 0;
}

void cli_models_default(cli_models *o) {
    if (o->n_types == 0)
        for (const parley_model_type *const *t = parley_model_types(); *t && o->n_types < o->max_types; ++t)
            o->types[o->n_types++] = *t;
}

/* Sets key=value on every selected model that has the parameter (option
 * names it for messages); a usage error if none has it. */
static int set_everywhere(const char *cmd, parley_params *params, size_t n, const char *option,
                          const char *key, const char *value) {
    size_t accepted = 0;
    for (size_t m = 0; m < n; ++m) {
        parley_error err;
        parley_error_clear(&err);
        parley_status st = parley_params_set(&params[m], key, value, &err);
        if (st == PARLEY_EUNSUPPORTED) continue;
        if (st == PARLEY_ENOMEM) {
            cli_error("out of memory");
            return CLI_EXIT_INTERNAL;
        }
        if (st != PARLEY_OK)
            return cli_usage_error(cmd, "%s %s: %s", option, value,
                                   err.message[0] ? err.message : parley_strstatus(st));
        ++accepted;
    }
    if (accepted == 0) {
        char names[256];
        size_t len = 0;
        names[0] = '\0';
        for (size_t m = 0; m < n; ++m) {
            int w = snprintf(names + len, sizeof names - len, "%s%s", m ? ", " : "", params[m].type->name);
            if (w < 0 || (size_t)w >= sizeof names - len) break;
            len += (size_t)w;
        }
        return cli_usage_error(cmd, "%s: none of the selected models (%s) has this parameter", option, names);
    }
    return 0;
}

/* Applies one --param MODEL.KEY=VALUE. */
static int set_param(const char *cmd, parley_params *params, size_t n, const char *spec) {
    const char *dot = strchr(spec, '.'), *eq = strchr(spec, '=');
    if (!dot || !eq || dot > eq || dot == spec || eq == dot + 1)
        return cli_usage_error(cmd, "--param wants MODEL.KEY=VALUE, not '%s'", spec);
    char model[64], key[128];
    size_t mlen = (size_t)(dot - spec), klen = (size_t)(eq - dot - 1);
    if (mlen >= sizeof model || klen >= sizeof key)
        return cli_usage_error(cmd, "--param '%s': name too long", spec);
    snprintf(model, sizeof model, "%.*s", (int)mlen, spec);
    snprintf(key, sizeof key, "%.*s", (int)klen, dot + 1);
    const parley_model_type *t = parley_model_find(model);
    if (!t) {
        char known[256];
        list_models(known, sizeof known);
        return cli_usage_error(cmd, "--param '%s': unknown model '%s' (models: %s)", spec, model, known);
    }
    for (size_t m = 0; m < n; ++m) {
        if (params[m].type != t) continue;
        parley_error err;
        parley_error_clear(&err);
        parley_status st = parley_params_set(&params[m], key, eq + 1, &err);
        if (st == PARLEY_OK) return 0;
        if (st == PARLEY_ENOMEM) {
            cli_error("out of memory");
            return CLI_EXIT_INTERNAL;
        }
        if (st == PARLEY_EUNSUPPORTED)
            return cli_usage_error(cmd, "--param '%s': model %s has no parameter '%s'", spec, model, key);
        return cli_usage_error(cmd, "--param '%s': %s", spec, err.message[0] ? err.message : parley_strstatus(st));
    }
    return cli_usage_error(cmd, "--param '%s': model %s is not selected (see --model)", spec, model);
}

int cli_models_make_params(const cli_models *o, const char *cmd, parley_params *params,
                           size_t *n_made) {
    for (size_t m = 0; m < o->n_types; ++m) {
        if (parley_params_init(&params[m], o->types[m]) != PARLEY_OK) {
            cli_error("out of memory");
            return CLI_EXIT_INTERNAL;
        }
        *n_made = m + 1;
    }
    int rc;
    if (o->preset && (rc = set_everywhere(cmd, params, o->n_types, "--preset", "preset", o->preset)) != 0)
        return rc;
    if (o->rounds && (rc = set_everywhere(cmd, params, o->n_types, "--rounds", "rounds", o->rounds)) != 0)
        return rc;
    for (size_t k = 0; k < o->n_params; ++k)
        if ((rc = set_param(cmd, params, o->n_types, o->params[k])) != 0) return rc;
    return 0;
}

int cli_load_scenario(const char *path, int salience_scale, parley_scenario *s) {
    parley_read_options ro;
    parley_read_options_init(&ro);
    ro.salience_scale = salience_scale;
    parley_diags diags;
    parley_diags_init(&diags);
    parley_status st;
    const char *file = path ? path : CLI_DEFAULT_FILE;
    if (path) {
        st = parley_scenario_load(s, path, PARLEY_FORMAT_UNKNOWN, &ro, &diags);
    } else {
        size_t size = 0;
        const char *json = parley_default_scenario_json(&size);
        st = parley_scenario_parse(s, PARLEY_FORMAT_JSON, json, size, CLI_DEFAULT_FILE, &ro, &diags);
    }
    cli_print_diags(&diags, file);
    if (st != PARLEY_OK && diags.n_errors == 0) {
        parley_error err;
        parley_error_clear(&err);
        parley_error_set(&err, st, file, 0, 0, "%s", parley_strstatus(st));
        cli_print_error(&err, file);
    }
    parley_diags_destroy(&diags);
    if (st == PARLEY_EINVAL || st == PARLEY_EUNSUPPORTED) return CLI_EXIT_DATA;
    return cli_exit_code(st);
}

int cli_write_output(const char *output, const parley_buf *b) {
    if (output && strcmp(output, "-") != 0) {
        parley_error err;
        parley_error_clear(&err);
        parley_status st = parley_write_file_atomic(output, b->data, b->len, &err);
        if (st != PARLEY_OK) {
            cli_print_error(&err, output);
            return cli_exit_code(st);
        }
        return 0;
    }
    if (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len) {
        cli_error("cannot write to standard output");
        return CLI_EXIT_IO;
    }
    return 0;
}
