/* parley: what changed between two stored runs (parley_store_diff).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "parley/store.h"
#include "store/internal.h"

static const char *nm(const char *s) {
    return s ? s : "";
}

typedef struct differ {
    parley_buf *out;
    size_t changes;
    int nomem;
} differ;

/* One "old -> new" line for a number; values in shortest exact decimal. */
static void num_change(differ *d, const char *what, int had, double old, int has, double now) {
    if (had == has && (!had || old == now))
        return;
    char a[PARLEY_I_NUMBUF], b[PARLEY_I_NUMBUF];
    d->changes++;
    if (parley_buf_printf(d->out, "  %s: %s -> %s\n", what,
                          had ? parley_i_format_double(old, a) : "none",
                          has ? parley_i_format_double(now, b) : "none") != PARLEY_OK)
        d->nomem = 1;
}

/* One "  WHAT NAME CHANGE" line: an actor or issue added or dropped. */
static void line(differ *d, const char *what, const char *name, const char *change) {
    d->changes++;
    if (parley_buf_printf(d->out, "  %s %s %s\n", what, name, change) != PARLEY_OK)
        d->nomem = 1;
}

static void diff_scenarios(differ *d, const parley_scenario *a, const parley_scenario *b) {
    for (size_t i = 0; i < a->n_issues; i++)
        if (parley_scenario_find_issue(b, nm(a->issues[i].name)) == (size_t)-1)
            line(d, "issue", nm(a->issues[i].name), "dropped");
    for (size_t i = 0; i < b->n_issues; i++)
        if (parley_scenario_find_issue(a, nm(b->issues[i].name)) == (size_t)-1)
            line(d, "issue", nm(b->issues[i].name), "added");
    for (size_t k = 0; k < a->n_actors; k++)
        if (parley_scenario_find_actor(b, nm(a->actors[k].name)) == (size_t)-1)
            line(d, "actor", nm(a->actors[k].name), "dropped");
    for (size_t k = 0; k < b->n_actors; k++)
        if (parley_scenario_find_actor(a, nm(b->actors[k].name)) == (size_t)-1)
            line(d, "actor", nm(b->actors[k].name), "added");
    char what[512];
    for (size_t i = 0; i < a->n_issues; i++) {
        size_t j = parley_scenario_find_issue(b, nm(a->issues[i].name));
        if (j == (size_t)-1)
            continue;
        const parley_issue *x = &a->issues[i], *y = &b->issues[j];
        const char *in = nm(x->name);
        snprintf(what, sizeof what, "issue %s, lower bound", in);
        num_change(d, what, 1, x->lo, 1, y->lo);
        snprintf(what, sizeof what, "issue %s, upper bound", in);
        num_change(d, what, 1, x->hi, 1, y->hi);
        snprintf(what, sizeof what, "issue %s, status quo", in);
        num_change(d, what, x->has_status_quo, x->status_quo, y->has_status_quo, y->status_quo);
        snprintf(what, sizeof what, "issue %s, outcome", in);
        num_change(d, what, x->outcome.has_value, x->outcome.value, y->outcome.has_value,
                   y->outcome.value);
        for (size_t k = 0; k < a->n_actors; k++) {
            size_t l = parley_scenario_find_actor(b, nm(a->actors[k].name));
            if (l == (size_t)-1)
                continue;
            const parley_cell *p = &a->cells[k * a->n_issues + i];
            const parley_cell *q = &b->cells[l * b->n_issues + j];
            const char *an = nm(a->actors[k].name);
            if (p->present != q->present) {
                d->changes++;
                if (parley_buf_printf(d->out, "  actor %s, issue %s: %s\n", an, in,
                                      p->present ? "no longer takes part" : "now takes part") !=
                    PARLEY_OK)
                    d->nomem = 1;
                continue;
            }
            if (!p->present)
                continue;
            snprintf(what, sizeof what, "actor %s, issue %s, position", an, in);
            num_change(d, what, 1, p->position, 1, q->position);
            snprintf(what, sizeof what, "actor %s, issue %s, salience", an, in);
            num_change(d, what, 1, p->salience, 1, q->salience);
            snprintf(what, sizeof what, "actor %s, issue %s, capability", an, in);
            num_change(d, what, 1, p->capability, 1, q->capability);
        }
    }
}

/* Splits text into lines "model: params"; returns the params of model, or NULL. */
static const char *params_of(const char *text, const char *model, size_t *len) {
    size_t ml = strlen(model);
    for (const char *p = text; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > ml + 1 && strncmp(p, model, ml) == 0 && p[ml] == ':') {
            *len = n - ml - 2;
            return p + ml + 2;
        }
        p = e ? e + 1 : NULL;
    }
    return NULL;
}

static void diff_params(differ *d, const char *a, const char *b) {
    /* Models of a: changed or dropped; models only in b: added. */
    for (int pass = 0; pass < 2; pass++) {
        const char *from = pass ? b : a, *other = pass ? a : b;
        for (const char *p = from; p && *p;) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            const char *colon = memchr(p, ':', n);
            if (colon) {
                char model[64];
                size_t ml =
                    (size_t)(colon - p) < sizeof model - 1 ? (size_t)(colon - p) : sizeof model - 1;
                memcpy(model, p, ml);
                model[ml] = '\0';
                size_t olen = 0;
                const char *o = params_of(other, model, &olen);
                size_t mine = n - ml - 2;
                if (!o) {
                    d->changes++;
                    if (parley_buf_printf(d->out, "  model %s %s\n", model,
                                          pass ? "added" : "dropped") != PARLEY_OK)
                        d->nomem = 1;
                } else if (!pass && (olen != mine || memcmp(o, colon + 2, mine) != 0)) {
                    d->changes++;
                    if (parley_buf_printf(d->out, "  %s: %.*s\n    -> %.*s\n", model, (int)mine,
                                          colon + 2, (int)olen, o) != PARLEY_OK)
                        d->nomem = 1;
                }
            }
            p = e ? e + 1 : NULL;
        }
    }
}

static void diff_results(differ *d, const parley_store_results *a, const parley_store_results *b,
                         long long ia, long long ib) {
    char ra[24], rb[24];
    snprintf(ra, sizeof ra, "run %lld", ia);
    snprintf(rb, sizeof rb, "run %lld", ib);
    if (parley_buf_printf(d->out, "  %-24s %-9s %10s %10s %9s\n", "issue", "model", ra, rb,
                          "change") != PARLEY_OK)
        d->nomem = 1;
    for (size_t x = 0; x < a->n; x++) {
        const parley_store_result *r = &a->items[x], *s = NULL;
        for (size_t y = 0; y < b->n && !s; y++)
            if (strcmp(b->items[y].issue_id, r->issue_id) == 0 &&
                strcmp(b->items[y].model, r->model) == 0)
                s = &b->items[y];
        char va[32], vb[32], ch[32];
        if (isnan(r->forecast))
            snprintf(va, sizeof va, "%s", r->status);
        else
            snprintf(va, sizeof va, "%.2f", r->forecast);
        if (!s)
            snprintf(vb, sizeof vb, "-");
        else if (isnan(s->forecast))
            snprintf(vb, sizeof vb, "%s", s->status);
        else
            snprintf(vb, sizeof vb, "%.2f", s->forecast);
        if (s && !isnan(r->forecast) && !isnan(s->forecast)) {
            double delta = s->forecast - r->forecast;
            if (fabs(delta) < 0.005)
                snprintf(ch, sizeof ch, "0");
            else
                snprintf(ch, sizeof ch, "%+.2f", delta);
        } else {
            snprintf(ch, sizeof ch, "-");
        }
        if (parley_buf_printf(d->out, "  %-24s %-9s %10s %10s %9s\n", r->issue_id, r->model, va, vb,
                              ch) != PARLEY_OK)
            d->nomem = 1;
    }
    for (size_t y = 0; y < b->n; y++) {
        int found = 0;
        for (size_t x = 0; x < a->n && !found; x++)
            found = strcmp(a->items[x].issue_id, b->items[y].issue_id) == 0 &&
                    strcmp(a->items[x].model, b->items[y].model) == 0;
        if (found)
            continue;
        char vb[32];
        if (isnan(b->items[y].forecast))
            snprintf(vb, sizeof vb, "%s", b->items[y].status);
        else
            snprintf(vb, sizeof vb, "%.2f", b->items[y].forecast);
        if (parley_buf_printf(d->out, "  %-24s %-9s %10s %10s %9s\n", b->items[y].issue_id,
                              b->items[y].model, "-", vb, "-") != PARLEY_OK)
            d->nomem = 1;
    }
}

parley_status parley_store_diff(parley_store *st, long long a, long long b, parley_buf *out,
                                parley_error *err) {
    if (!st || !out)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "run store: missing argument");
    parley_scenario sa, sb;
    memset(&sa, 0, sizeof sa);
    memset(&sb, 0, sizeof sb);
    parley_store_results ra = {NULL, 0}, rb = {NULL, 0};
    parley_buf pa, pb;
    parley_buf_init(&pa);
    parley_buf_init(&pb);
    /* a run without a scenario (a backtest of a library) compares as empty */
    parley_store_list la = {NULL, 0}, lb = {NULL, 0};
    parley_status s = parley_store_get_run(st, a, &la, err);
    if (s == PARLEY_OK)
        s = parley_store_get_run(st, b, &lb, err);
    int has_a = s == PARLEY_OK && la.entries[0].scenario_id > 0;
    int has_b = s == PARLEY_OK && lb.entries[0].scenario_id > 0;
    parley_store_list_destroy(&la);
    parley_store_list_destroy(&lb);
    if (s == PARLEY_OK && has_a)
        s = parley_i_store_scenario(st, a, &sa, err);
    if (s == PARLEY_OK && has_b)
        s = parley_i_store_scenario(st, b, &sb, err);
    if (s == PARLEY_OK)
        s = parley_store_params_text(st, a, &pa, err);
    if (s == PARLEY_OK)
        s = parley_store_params_text(st, b, &pb, err);
    if (s == PARLEY_OK)
        s = parley_store_results_get(st, a, &ra, err);
    if (s == PARLEY_OK)
        s = parley_store_results_get(st, b, &rb, err);
    if (s == PARLEY_OK) {
        differ d = {out, 0, 0};
        if (parley_buf_printf(out, "Run %lld -> run %lld\n\nScenario:\n", a, b) != PARLEY_OK)
            d.nomem = 1;
        if (has_a && has_b) {
            diff_scenarios(&d, &sa, &sb);
            if (d.changes == 0 && parley_buf_printf(out, "  no change\n") != PARLEY_OK)
                d.nomem = 1;
        } else if (parley_buf_printf(out, "  not compared: run %lld kept no scenario\n",
                                     has_a ? b : a) != PARLEY_OK) {
            d.nomem = 1;
        }
        size_t before = d.changes;
        if (parley_buf_printf(out, "\nParameters:\n") != PARLEY_OK)
            d.nomem = 1;
        diff_params(&d, pa.data ? pa.data : "", pb.data ? pb.data : "");
        if (d.changes == before && parley_buf_printf(out, "  no change\n") != PARLEY_OK)
            d.nomem = 1;
        if (parley_buf_printf(out, "\nForecasts:\n") != PARLEY_OK)
            d.nomem = 1;
        if (ra.n || rb.n)
            diff_results(&d, &ra, &rb, a, b);
        else if (parley_buf_printf(out, "  neither run stored per-issue forecasts\n") != PARLEY_OK)
            d.nomem = 1;
        if (d.nomem)
            s = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    parley_scenario_destroy(&sa);
    parley_scenario_destroy(&sb);
    parley_store_results_destroy(&ra);
    parley_store_results_destroy(&rb);
    parley_buf_destroy(&pa);
    parley_buf_destroy(&pb);
    return s;
}
