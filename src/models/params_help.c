/* A model's parameters in words, from its table (parley_param_def): what
 * `parley forecast --param MODEL.help` prints.
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/model.h"
#include "parley/number.h"

/* What the text form of def takes, e.g. "number 0 to 1", "on or off". */
static void value_words(const parley_param_def *def, char *buf, size_t n) {
    char lo[PARLEY_NUMBER_BUF], hi[PARLEY_NUMBER_BUF];
    switch (def->kind) {
    case PARLEY_PARAM_REAL:
        parley_number_format(def->lo, lo);
        parley_number_format(def->hi, hi);
        if (isinf(def->hi))
            snprintf(buf, n, "number from %s", lo);
        else
            snprintf(buf, n, "number %s to %s", lo, hi);
        return;
    case PARLEY_PARAM_WHOLE:
    case PARLEY_PARAM_COUNT:
        snprintf(buf, n, "whole number %llu to %llu", def->ilo, def->ihi);
        return;
    case PARLEY_PARAM_FLAG:
        snprintf(buf, n, "on or off");
        return;
    case PARLEY_PARAM_CHOICE: {
        size_t len = 0;
        buf[0] = '\0';
        for (const parley_param_choice *c = def->choices; c && c->name && len < n; ++c) {
            int w = snprintf(buf + len, n - len, "%s%s", c == def->choices ? "" : " | ", c->name);
            if (w < 0)
                break;
            len += (size_t)w;
        }
        return;
    }
    default:
        snprintf(buf, n, "text");
    }
}

/* Appends text to out wrapped at 80 columns, each line after the first
 * indented by `indent` spaces; col is the column the text starts at. */
static parley_status put_wrapped(parley_buf *out, const char *text, size_t col, size_t indent) {
    parley_status st = PARLEY_OK;
    for (const char *p = text; *p && st == PARLEY_OK;) {
        size_t w = strcspn(p, " ");
        if (col > indent && col + 1 + w > 80) {
            st = parley_buf_printf(out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (col > indent) {
            st = parley_buf_append(out, " ", 1);
            ++col;
        }
        if (st == PARLEY_OK)
            st = parley_buf_append(out, p, w);
        col += w;
        p += w;
        while (*p == ' ')
            ++p;
    }
    return st == PARLEY_OK ? parley_buf_append(out, "\n", 1) : st;
}

parley_status parley_model_params_help(const parley_model_type *type, parley_buf *out) {
    if (!type || !out)
        return PARLEY_EINVAL;
    parley_status st =
        parley_buf_printf(out, "%s: --param %s.KEY=VALUE\n", type->title, type->name);
    size_t listed = 0;
    for (const parley_param_def *d = type->param_defs; st == PARLEY_OK && d && d->key; ++d) {
        if (d->flags & PARLEY_PARAM_RUN) /* set by --seed and the driver, not by --param */
            continue;
        ++listed;
        char what[512], line[1024];
        value_words(d, what, sizeof what);
        snprintf(line, sizeof line, "%s%s%s", what, d->doc ? ": " : "", d->doc ? d->doc : "");
        st = parley_buf_printf(out, "  %-16s", d->key);
        if (st == PARLEY_OK)
            st = strlen(d->key) > 15 ? parley_buf_printf(out, "\n%18s", "") : PARLEY_OK;
        if (st == PARLEY_OK)
            st = put_wrapped(out, line, 18, 18);
    }
    if (st == PARLEY_OK && listed == 0)
        st = parley_buf_printf(out, "  (none)\n");
    return st;
}

parley_status parley_params_help_text(const char *const *params, size_t n, parley_buf *out,
                                      int *asked, parley_error *err) {
    parley_buf names;
    parley_buf_init(&names);
    parley_status st = out ? PARLEY_OK : PARLEY_EINVAL;
    int any = 0;
    for (size_t k = 0; k < n && st == PARLEY_OK; ++k) {
        const char *p = params[k], *dot = strrchr(p, '.');
        const int all = strcmp(p, "help") == 0;
        if (!all && !(dot && strcmp(dot, ".help") == 0))
            continue;
        const size_t len = all ? 0 : (size_t)(dot - p), before = out->len;
        any = 1;
        names.len = 0;
        for (const parley_model_type *const *t = parley_model_types(); *t && st == PARLEY_OK; ++t) {
            if (all || (strlen((*t)->name) == len && strncmp(p, (*t)->name, len) == 0))
                st = parley_buf_printf(out, "%s", out->len ? "\n" : "") == PARLEY_OK
                         ? parley_model_params_help(*t, out)
                         : PARLEY_ENOMEM;
            if (st == PARLEY_OK)
                st = parley_buf_printf(&names, "%s%s", names.len ? ", " : "", (*t)->name);
        }
        if (st == PARLEY_OK && out->len == before)
            st = parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                  "param %s: no model named '%.*s' (models: %s)", p, (int)len, p,
                                  names.data);
    }
    parley_buf_destroy(&names);
    if (asked)
        *asked = any;
    return st;
}
