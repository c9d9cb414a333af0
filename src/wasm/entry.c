/* parley in the browser: the entry points of the WebAssembly module that the
 * interactive HTML report runs (docs/report.md, "Try it").  The page keeps
 * the scenario as plain arrays; every change calls parley_wasm_forecast,
 * which builds a parley_scenario from them, runs the chosen models through
 * the same parley_forecast_init as `parley forecast`, and combines them by
 * their median (parley_combine_median, as parley_combined_init does).
 * parley_wasm_view does the same and also writes the parts of the report
 * that the page redraws in place (the forecast table, and per issue the
 * combined forecast in words and the "Where the talks land" chart) with the
 * native report's own code (src/report/forecast_view.c, landing.c).
 *
 * Built only by emcc (CMakeLists.txt, target parley_wasm), standalone: no
 * Emscripten JavaScript; the page's loader (src/wasm/loader.js) provides
 * the few imports.
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/buf.h>
#include <parley/combine.h>
#include <parley/forecast.h>
#include <parley/model.h>
#include <parley/report.h>
#include <parley/scenario.h>

#include "report/report_i.h"
#include "report/svg_i.h"

#define EXPORT(name) __attribute__((export_name(#name)))

/* Memory for the page's arrays. */
EXPORT(parley_wasm_alloc) void *parley_wasm_alloc(size_t bytes);
EXPORT(parley_wasm_free) void parley_wasm_free(void *p);
EXPORT(parley_wasm_forecast)
int parley_wasm_forecast(size_t n_actors, size_t n_issues, const double *position,
                         const double *salience, const double *capability,
                         const unsigned char *present, const double *lo, const double *hi,
                         const unsigned char *has_sq, const double *sq, const char *models,
                         const char *params, unsigned seed_hi, unsigned seed_lo, double *out,
                         char *msg, size_t msg_size);
EXPORT(parley_wasm_view)
int parley_wasm_view(size_t n_actors, size_t n_issues, const double *position,
                     const double *salience, const double *capability, const unsigned char *present,
                     const double *lo, const double *hi, const unsigned char *has_sq,
                     const double *sq, const char *models, const char *params, unsigned seed_hi,
                     unsigned seed_lo, double *out, char *msg, size_t msg_size, const char *texts,
                     const unsigned *n_labels, const double *label_at, const double *outcome,
                     int combined, unsigned sq_replicates, const double *score, size_t *view);

/* 1 if text, "MODEL.KEY=VALUE" from the report's described parameters,
 * sets a run parameter (the seed, the stream: PARLEY_PARAM_RUN), which
 * --param refuses and the seed argument sets instead. */
static int run_parameter(const char *text) {
    const char *dot = strchr(text, '.'), *eq = strchr(text, '=');
    char model[64], key[64];
    if (!dot || !eq || dot > eq || (size_t)(dot - text) >= sizeof model ||
        (size_t)(eq - dot - 1) >= sizeof key)
        return 0;
    memcpy(model, text, (size_t)(dot - text));
    model[dot - text] = '\0';
    memcpy(key, dot + 1, (size_t)(eq - dot - 1));
    key[eq - dot - 1] = '\0';
    const parley_param_def *d = parley_param_find(parley_model_find(model), key);
    return d && (d->flags & PARLEY_PARAM_RUN) != 0;
}

void *parley_wasm_alloc(size_t bytes) {
    return malloc(bytes ? bytes : 1);
}

void parley_wasm_free(void *p) {
    free(p);
}

static int fail(char *msg, size_t msg_size, parley_status st, const char *text) {
    if (msg && msg_size)
        snprintf(msg, msg_size, "%s", text);
    return st == PARLEY_OK ? (int)PARLEY_EINVAL : (int)st;
}

/* Splits the comma-separated list text into at most max names of at most
 * 63 bytes; returns the count, or 0 for a malformed list. */
static size_t split(const char *text, char names[][64], size_t max) {
    size_t n = 0;
    while (*text) {
        size_t len = strcspn(text, ",");
        if (len == 0 || len > 63 || n == max)
            return 0;
        memcpy(names[n], text, len);
        names[n][len] = '\0';
        ++n;
        text += len;
        if (*text == ',')
            ++text;
    }
    return n;
}

/* The forecast of the chosen models on the scenario given as arrays.
 *
 * n_actors x n_issues row-major cells (cell of actor a on issue i at
 * a * n_issues + i): position (issue scale), salience (0-1), capability
 * (>= 0), present (0 = the actor takes no part).  lo, hi, has_sq, sq:
 * n_issues bounds and status quo.  models: model names separated by commas
 * ("eu,mean,median"; at most 16).  params: "MODEL.KEY=VALUE" switches
 * separated by ';' (e.g. "eu.preset=bdm"), applied as `--param` does; may
 * be empty.  seed_hi, seed_lo: the high and low 32 bits of the seed
 * (`--seed`; parley_forecast_init_seeded, replicate 0).  out: n_issues x (n_models + 1) doubles
 * receiving, per issue, each model's forecast (NaN where the model could not run) and then the
 * combined forecast, the median of the models that ran (NaN when none ran).
 * msg: msg_size bytes receiving the reason of an error.  Returns 0
 * (PARLEY_OK) or a parley_status. */
int parley_wasm_forecast(size_t n_actors, size_t n_issues, const double *position,
                         const double *salience, const double *capability,
                         const unsigned char *present, const double *lo, const double *hi,
                         const unsigned char *has_sq, const double *sq, const char *models,
                         const char *params, unsigned seed_hi, unsigned seed_lo, double *out,
                         char *msg, size_t msg_size) {
    return parley_wasm_view(n_actors, n_issues, position, salience, capability, present, lo, hi,
                            has_sq, sq, models, params, seed_hi, seed_lo, out, msg, msg_size, NULL,
                            NULL, NULL, NULL, 0, 0, NULL, NULL);
}

/* Replaces *s by a copy of field k of texts (fields separated by 0x1f). */
static parley_status field(const char *texts, size_t k, char **s) {
    const char *p = texts;
    for (; k > 0 && *p; --k) {
        size_t skip = strcspn(p, "\x1f");
        p += skip + (p[skip] != '\0');
    }
    size_t len = strcspn(p, "\x1f");
    char *d = malloc(len + 1);
    if (!d)
        return PARLEY_ENOMEM;
    memcpy(d, p, len);
    d[len] = '\0';
    free(*s);
    *s = d;
    return PARLEY_OK;
}

/* The parts of the report that the page redraws, separated by 0x1e: the
 * forecast table, then (combined != 0) per issue the paragraph of the
 * combined forecast and the landing chart. */
static parley_status view_parts(parley_buf *b, const parley_forecast *f, int combined,
                                unsigned sq_replicates, unsigned long long seed,
                                const double *score, parley_error *err) {
    parley_i_report_forecast_table(b, f);
    if (!combined)
        return b->failed ? PARLEY_ENOMEM : PARLEY_OK;
    parley_combine_options co;
    parley_combine_options_init(&co);
    co.seed = seed;
    co.sq_replicates = sq_replicates;
    parley_combined c;
    memset(&c, 0, sizeof c);
    parley_status st = parley_combined_init(&c, f, &co, err);
    if (st == PARLEY_OK && score && score[0] > 0) { /* the report's library score (Brier) */
        c.score.scored = 1;
        c.score.n_brier = (size_t)score[0];
        c.score.brier = score[1];
        c.score.brier_baseline = score[2];
    }
    for (size_t i = 0; st == PARLEY_OK && i < f->scenario->n_issues; ++i) {
        char stem[200];
        parley_chart_file_stem(stem, sizeof stem, "landing", i, f->scenario->issues[i].name, NULL);
        parley_buf_printf(b, "\x1e");
        parley_i_report_landing_text(b, f, &c, i);
        parley_buf_printf(b, "\x1e");
        parley_buf svg; /* compacted as the report's charts (parley_chart_set_add) */
        parley_buf_init(&svg);
        st = parley_i_landing_svg(&svg, f, &c, i, stem);
        if (st == PARLEY_OK)
            st = parley_i_svg_compact(svg.data ? svg.data : "", svg.len, b);
        parley_buf_destroy(&svg);
    }
    parley_combined_destroy(&c);
    if (st == PARLEY_OK && b->failed)
        st = PARLEY_ENOMEM;
    return st;
}

/* parley_wasm_forecast, and with texts != NULL the parts of the report
 * redrawn in place.  texts: the issue names, then the texts of every
 * issue's scale labels in order, separated by 0x1f; n_labels, label_at: the
 * number of labels of each issue and their points; outcome: n_issues
 * observed outcomes (NaN: unknown).  combined: 1 when the report has "Where
 * the talks land" (the combined forecast of the models, with sq_replicates
 * perturbed runs for whether the status quo holds, and score: the Brier
 * score of that rule on the case library, its number of issues, score and
 * baseline; 0 issues: not scored).  view: two words receiving the address
 * (parley_wasm_alloc'ed; the caller frees it) and length of the text of
 * view_parts. */
int parley_wasm_view(size_t n_actors, size_t n_issues, const double *position,
                     const double *salience, const double *capability, const unsigned char *present,
                     const double *lo, const double *hi, const unsigned char *has_sq,
                     const double *sq, const char *models, const char *params, unsigned seed_hi,
                     unsigned seed_lo, double *out, char *msg, size_t msg_size, const char *texts,
                     const unsigned *n_labels, const double *label_at, const double *outcome,
                     int combined, unsigned sq_replicates, const double *score, size_t *view) {
    enum { MAX_MODELS = 16 };
    char names[MAX_MODELS][64];
    size_t n_models = split(models ? models : "", names, MAX_MODELS);
    if (n_models == 0)
        return fail(msg, msg_size, PARLEY_EINVAL, "no model, or a malformed model list");
    if (n_actors == 0 || n_issues == 0)
        return fail(msg, msg_size, PARLEY_EINVAL, "no actor or no issue");
    parley_params p[MAX_MODELS];
    size_t n_init = 0;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = PARLEY_OK;
    for (; n_init < n_models; ++n_init) {
        const parley_model_type *t = parley_model_find(names[n_init]);
        if (!t) {
            st = parley_error_set(&err, PARLEY_EINVAL, NULL, 0, 0, "no model '%s'", names[n_init]);
            break;
        }
        if ((st = parley_params_init(&p[n_init], t)) != PARLEY_OK) {
            parley_error_set(&err, st, NULL, 0, 0, "out of memory");
            break;
        }
    }
    /* the switches, one at a time */
    for (const char *q = params ? params : ""; st == PARLEY_OK && *q;) {
        size_t len = strcspn(q, ";");
        char text[256];
        if (len >= sizeof text) {
            st = parley_error_set(&err, PARLEY_EINVAL, NULL, 0, 0, "a parameter is too long");
            break;
        }
        memcpy(text, q, len);
        text[len] = '\0';
        if (len && !run_parameter(text))
            st = parley_params_set_text(p, n_models, text, &err);
        q += len;
        if (*q == ';')
            ++q;
    }
    parley_scenario s;
    memset(&s, 0, sizeof s);
    if (st == PARLEY_OK && (st = parley_scenario_init(&s, n_actors, n_issues)) != PARLEY_OK)
        parley_error_set(&err, st, NULL, 0, 0, "out of memory");
    for (size_t a = 0; st == PARLEY_OK && a < n_actors; ++a) {
        char name[32];
        snprintf(name, sizeof name, "a%zu", a);
        st = parley_set_string(&s.actors[a].name, name);
    }
    for (size_t i = 0; st == PARLEY_OK && i < n_issues; ++i) {
        char name[32];
        snprintf(name, sizeof name, "i%zu", i);
        st = parley_set_string(&s.issues[i].name, name);
        s.issues[i].lo = lo[i];
        s.issues[i].hi = hi[i];
        s.issues[i].bounds_given = 1;
        s.issues[i].has_status_quo = has_sq[i] != 0;
        s.issues[i].status_quo = has_sq[i] ? sq[i] : 0.0;
    }
    if (texts) { /* names, scale labels and outcomes of the issues */
        size_t next = n_issues, at = 0;
        for (size_t i = 0; st == PARLEY_OK && i < n_issues; ++i) {
            st = field(texts, i, &s.issues[i].name);
            for (size_t k = 0; st == PARLEY_OK && k < n_labels[i]; ++k) {
                char *label = NULL;
                st = field(texts, next++, &label);
                if (st == PARLEY_OK)
                    st = parley_issue_add_label(&s.issues[i], label_at[at++], label);
                free(label);
            }
            s.issues[i].outcome.has_value = isfinite(outcome[i]) != 0;
            s.issues[i].outcome.value = isfinite(outcome[i]) ? outcome[i] : 0.0;
        }
        if (st != PARLEY_OK)
            parley_error_set(&err, st, NULL, 0, 0, "out of memory");
    }
    for (size_t k = 0; st == PARLEY_OK && k < n_actors * n_issues; ++k) {
        parley_cell *c = &s.cells[k];
        c->present = present[k] != 0;
        c->position = position[k];
        c->salience = salience[k];
        c->capability = capability[k];
    }
    parley_forecast f;
    memset(&f, 0, sizeof f);
    if (st == PARLEY_OK)
        st = parley_forecast_init_seeded(&f, &s, p, n_models, 0,
                                         (unsigned long long)seed_hi << 32 | seed_lo, 0, &err);
    for (size_t i = 0; st == PARLEY_OK && i < n_issues; ++i) {
        double *row = out + i * (n_models + 1);
        for (size_t m = 0; m < n_models; ++m) {
            const parley_run *run = parley_forecast_run(&f, i, m);
            row[m] = run->status == PARLEY_OK ? run->outcome.forecast : NAN;
        }
        if (parley_combine_median(n_models, row, &row[n_models], NULL) != PARLEY_OK)
            row[n_models] = NAN;
    }
    if (st == PARLEY_OK && texts) {
        parley_buf b;
        parley_buf_init(&b);
        st = view_parts(&b, &f, combined, sq_replicates,
                        (unsigned long long)seed_hi << 32 | seed_lo, score, &err);
        if (st == PARLEY_OK) {
            view[0] = (size_t)b.data;
            view[1] = b.len;
            b.data = NULL; /* the page frees it */
        } else if (!err.message[0]) {
            parley_error_set(&err, st, NULL, 0, 0, "out of memory");
        }
        parley_buf_destroy(&b);
    }
    parley_forecast_destroy(&f);
    parley_scenario_destroy(&s);
    for (size_t m = 0; m < n_init; ++m)
        parley_params_destroy(&p[m]);
    if (st != PARLEY_OK)
        return fail(msg, msg_size, st, err.message);
    return 0;
}
