/* parley: the forecast as a JSON document (schema: docs/forecast-json.md).
 *
 * Built with jansson; objects keep insertion order (JSON_PRESERVE_ORDER) and
 * reals are written as the shortest decimal that reads back to the same
 * double, so the same forecast always gives the same bytes and every number
 * round-trips.  Numbers that are not
 * finite (which JSON cannot hold) are written as null.
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/report.h>

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "report/report_i.h"

json_t *parley_i_json_text(const char *text) {
    json_t *j = json_string(text);
    if (j || !text || parley_i_utf8_invalid_at(text) < 0)
        return j;
    char *fixed = parley_i_utf8_fix(text, strlen(text));
    j = fixed ? parley_i_json_text(fixed) : NULL;
    free(fixed);
    return j;
}

parley_status parley_i_buf_json_text(parley_buf *b, const char *text) {
    json_t *j = parley_i_json_text(text ? text : "");
    char *t = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
    parley_status st = t ? parley_buf_printf(b, "%s", t) : PARLEY_ENOMEM;
    free(t);
    json_decref(j);
    return st;
}

/* Every helper below returns NULL on allocation failure; the json_object_set_new
 * family then fails too, and the caller checks the result once at the end. */

/* Appends the JSON text `text` to out with every real rewritten as the
 * shortest decimal that reads back to the same double
 * (parley_i_format_double): jansson prints reals with a fixed precision,
 * and 17 digits are needed for some doubles but show 38.609999999999999
 * for 38.61.  A whole value keeps its ".0" so that it stays a real;
 * integers and strings are copied unchanged. */
static parley_status append_shortened(parley_buf *out, const char *text) {
    parley_status st = PARLEY_OK;
    const char *p = text;
    while (st == PARLEY_OK && *p) {
        const char *start = p;
        if (*p == '"') { /* a string, up to its unescaped closing quote */
            for (++p; *p && *p != '"'; ++p)
                if (*p == '\\' && p[1])
                    ++p;
            if (*p)
                ++p;
            st = parley_buf_append(out, start, (size_t)(p - start));
        } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
            int real = 0;
            while (*p && strchr("0123456789+-.eE", *p))
                real |= *p == '.' || *p == 'e' || *p == 'E', ++p;
            if (!real) {
                st = parley_buf_append(out, start, (size_t)(p - start));
                continue;
            }
            char num[PARLEY_I_NUMBUF];
            parley_i_format_double(parley_i_strtod(start, NULL), num);
            st = parley_buf_printf(out, "%s%s", num, strpbrk(num, ".e") ? "" : ".0");
        } else {
            while (*p && *p != '"' && *p != '-' && !(*p >= '0' && *p <= '9'))
                ++p;
            st = parley_buf_append(out, start, (size_t)(p - start));
        }
    }
    return st;
}

parley_status parley_i_json_dump(parley_buf *out, json_t *doc, int bad) {
    char *text =
        bad || !doc
            ? NULL
            : json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(doc);
    if (!text)
        return PARLEY_ENOMEM;
    parley_status st = append_shortened(out, text);
    if (st == PARLEY_OK)
        st = parley_buf_append(out, "\n", 1);
    free(text);
    return st;
}

json_t *parley_i_json_num(double x) {
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *str_or_null(const char *s) {
    return s ? parley_i_json_text(s) : json_null();
}

/* Adds key -> value to obj; returns 0 on success, -1 on failure (value is
 * released either way). */
int parley_i_json_put(json_t *obj, const char *key, json_t *value) {
    if (!value)
        return -1;
    return json_object_set_new(obj, key, value);
}

int parley_i_json_push(json_t *arr, json_t *value) {
    if (!value)
        return -1;
    return json_array_append_new(arr, value);
}

static json_t *scale_json(const parley_issue *is) {
    json_t *scale = json_object(), *labels = json_array();
    int bad = !scale || !labels;
    for (size_t k = 0; !bad && k < is->n_labels; ++k) {
        json_t *l = json_object();
        bad |= parley_i_json_put(l, "at", parley_i_json_num(is->labels[k].point)) |
               parley_i_json_put(l, "label", str_or_null(is->labels[k].label));
        bad |= parley_i_json_push(labels, l);
    }
    if (!bad) {
        bad |= parley_i_json_put(scale, "min", parley_i_json_num(is->lo)) |
               parley_i_json_put(scale, "max", parley_i_json_num(is->hi));
        bad |= parley_i_json_put(scale, "bounds_given", json_boolean(is->bounds_given));
        bad |= parley_i_json_put(scale, "labels", labels);
        labels = NULL;
    }
    json_decref(labels);
    if (bad) {
        json_decref(scale);
        return NULL;
    }
    return scale;
}

static json_t *cycle_json(const parley_outcome *o) {
    if (!o->cycle)
        return json_null();
    json_t *c = json_object();
    int bad = parley_i_json_put(c, "start", json_integer((json_int_t)o->cycle_start)) |
              parley_i_json_put(c, "period", json_integer((json_int_t)o->cycle_period)) |
              parley_i_json_put(c, "forecast_min", parley_i_json_num(o->cycle_lo)) |
              parley_i_json_put(c, "forecast_max", parley_i_json_num(o->cycle_hi));
    if (bad) {
        json_decref(c);
        return NULL;
    }
    return c;
}

static json_t *result_json(const parley_forecast *f, size_t i, size_t m) {
    const parley_run *run = parley_forecast_run(f, i, m);
    json_t *r = json_object();
    int bad = parley_i_json_put(r, "model", parley_i_json_text(f->params[m].type->name)) |
              parley_i_json_put(r, "status", parley_i_json_text(parley_i_report_status(run)));
    if (run->status != PARLEY_OK) {
        bad |= parley_i_json_put(r, "error", parley_i_json_text(parley_i_report_error(run)));
    } else {
        const parley_outcome *o = &run->outcome;
        bad |= parley_i_json_put(r, "forecast", parley_i_json_num(o->forecast)) |
               parley_i_json_put(r, "mean", parley_i_json_num(o->mean)) |
               parley_i_json_put(r, "median", parley_i_json_num(o->median)) |
               parley_i_json_put(r, "median_tie", json_boolean(o->median_tie));
        if (o->median_tie) {
            json_t *tie = json_array();
            bad |= parley_i_json_push(tie, parley_i_json_num(o->median_tie_lo)) |
                   parley_i_json_push(tie, parley_i_json_num(o->median_tie_hi));
            bad |= parley_i_json_put(r, "median_tie_interval", tie);
        } else {
            bad |= parley_i_json_put(r, "median_tie_interval", json_null());
        }
        bad |= parley_i_json_put(r, "rounds", json_integer((json_int_t)o->rounds)) |
               parley_i_json_put(r, "stop", parley_i_json_text(parley_stop_reason_name(o->stop))) |
               parley_i_json_put(r, "cycle", cycle_json(o));
        if (o->note)
            bad |= parley_i_json_put(r, "note", parley_i_json_text(o->note));
        double e = parley_i_outcome_error(f, i, m);
        if (isfinite(e))
            bad |= parley_i_json_put(r, "outcome_error", parley_i_json_num(e));
        json_t *actors = run->start && run->final ? json_array() : json_null();
        bad |= !actors;
        for (size_t j = 0; !bad && run->start && run->final && j < run->n; ++j) {
            json_t *a = json_object();
            bad |=
                parley_i_json_put(a, "name", parley_i_json_text(parley_i_report_actor(f, run, j))) |
                parley_i_json_put(a, "start", parley_i_json_num(run->start[j])) |
                parley_i_json_put(a, "final", parley_i_json_num(run->final[j]));
            bad |= parley_i_json_push(actors, a);
        }
        bad |= parley_i_json_put(r, "actors", actors);
    }
    if (bad) {
        json_decref(r);
        return NULL;
    }
    return r;
}

static json_t *doubles(const double *x, size_t n) {
    if (!x)
        return json_null();
    json_t *a = json_array();
    for (size_t k = 0; a && k < n; ++k)
        if (parley_i_json_push(a, parley_i_json_num(x[k]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *move_json(const parley_forecast *f, const parley_run *run, const parley_move *mv) {
    json_t *o = json_object();
    int bad = parley_i_json_put(o, "receiver",
                                parley_i_json_text(parley_i_report_actor(f, run, mv->receiver))) |
              parley_i_json_put(o, "sender",
                                parley_i_json_text(parley_i_report_actor(f, run, mv->sender))) |
              parley_i_json_put(o, "kind", parley_i_json_text(parley_move_kind_name(mv->kind))) |
              parley_i_json_put(o, "from", parley_i_json_num(mv->from)) |
              parley_i_json_put(o, "to", parley_i_json_num(mv->to)) |
              parley_i_json_put(o, "e_i", parley_i_json_num(mv->e_i)) |
              parley_i_json_put(o, "e_j", parley_i_json_num(mv->e_j));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The trace of one run: the actors and one entry per round (round 0 = input). */
static json_t *trace_json(const parley_forecast *f, size_t i, size_t m) {
    const parley_run *run = parley_forecast_run(f, i, m);
    json_t *t = json_object(), *actors = json_array(), *rounds = json_array();
    int bad = !t || !actors || !rounds;
    for (size_t j = 0; !bad && j < run->n; ++j)
        bad |= parley_i_json_push(actors, parley_i_json_text(parley_i_report_actor(f, run, j)));
    for (size_t k = 0; !bad && k < run->n_rounds; ++k) {
        const parley_round_record *rec = &run->rounds[k];
        json_t *r = json_object(), *moves = json_array();
        bad |= !r || !moves;
        for (size_t q = 0; !bad && q < rec->n_moves; ++q)
            bad |= parley_i_json_push(moves, move_json(f, run, &rec->moves[q]));
        bad |= parley_i_json_put(r, "round", json_integer((json_int_t)k)) |
               parley_i_json_put(r, "moves", moves) |
               parley_i_json_put(r, "positions", doubles(rec->position, run->n)) |
               parley_i_json_put(r, "risk", doubles(rec->risk, run->n)) |
               parley_i_json_put(r, "median", parley_i_json_num(rec->median)) |
               parley_i_json_put(r, "mean", parley_i_json_num(rec->mean));
        bad |= parley_i_json_push(rounds, r);
    }
    if (!bad) {
        bad |= parley_i_json_put(t, "model", parley_i_json_text(f->params[m].type->name)) |
               parley_i_json_put(t, "actors", actors) | parley_i_json_put(t, "rounds", rounds);
        actors = rounds = NULL;
    }
    json_decref(actors);
    json_decref(rounds);
    if (bad) {
        json_decref(t);
        return NULL;
    }
    return t;
}

/* The combined forecast of issue i (docs/forecast-json.md). */
static json_t *combined_json(const parley_forecast *f, const parley_combined *c, size_t i) {
    const parley_combined_issue *ci = &c->issues[i];
    const parley_issue *is = &f->scenario->issues[i];
    json_t *o = json_object();
    int bad =
        !o ||
        parley_i_json_put(o, "method", parley_i_json_text(parley_combine_method_name(c->method))) |
            parley_i_json_put(o, "status",
                              parley_i_json_text(ci->status == PARLEY_OK ? "ok" : "error"));
    if (ci->status != PARLEY_OK) {
        bad |= parley_i_json_put(o, "error", parley_i_json_text("no model ran"));
    } else {
        const parley_agreement *a = &ci->band;
        json_t *band = json_object(), *outliers = json_array();
        bad |= !band || !outliers;
        for (size_t m = 0; !bad && m < f->n_models; ++m)
            if (ci->outlier && ci->outlier[m])
                bad |= parley_i_json_push(outliers, parley_i_json_text(f->params[m].type->name));
        bad |= parley_i_json_put(band, "models", json_integer((json_int_t)a->n)) |
               parley_i_json_put(band, "median", parley_i_json_num(a->median)) |
               parley_i_json_put(band, "min", parley_i_json_num(a->min)) |
               parley_i_json_put(band, "max", parley_i_json_num(a->max)) |
               parley_i_json_put(band, "spread", parley_i_json_num(a->spread)) |
               parley_i_json_put(band, "mad", parley_i_json_num(a->mad)) |
               parley_i_json_put(band, "outlier_threshold", parley_i_json_num(a->threshold)) |
               parley_i_json_put(band, "lo", parley_i_json_num(a->core_lo)) |
               parley_i_json_put(band, "hi", parley_i_json_num(a->core_hi)) |
               parley_i_json_put(band, "outliers", outliers);
        bad |=
            parley_i_json_put(o, "forecast", parley_i_json_num(ci->value)) |
            parley_i_json_put(o, "band", band) |
            parley_i_json_put(o, "agreement", parley_i_json_text(ci->sentence ? ci->sentence : ""));
    }
    json_t *sq = json_null();
    if (ci->has_sq) {
        sq = json_object();
        bad |=
            !sq ||
            parley_i_json_put(sq, "probability", parley_i_json_num(ci->p_sq)) |
                parley_i_json_put(sq, "margin",
                                  parley_i_json_num(PARLEY_SQ_MARGIN_SHARE * (is->hi - is->lo))) |
                parley_i_json_put(sq, "replicates", json_integer((json_int_t)ci->sq_ran)) |
                parley_i_json_put(sq, "most_likely", json_boolean(ci->p_sq > 0.5));
    }
    bad |= parley_i_json_put(o, "status_quo_holds", sq) |
           parley_i_json_put(o, "outcome",
                             isfinite(ci->outcome) ? parley_i_json_num(ci->outcome) : json_null());
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *issue_json(const parley_forecast *f, const parley_combined *c, size_t i) {
    const parley_issue *is = &f->scenario->issues[i];
    json_t *o = json_object(), *results = json_array();
    int bad = !o || !results;
    for (size_t m = 0; !bad && m < f->n_models; ++m)
        bad |= parley_i_json_push(results, result_json(f, i, m));
    bad |= parley_i_json_put(o, "name", str_or_null(is->name)) |
           parley_i_json_put(o, "description", str_or_null(is->description)) |
           parley_i_json_put(o, "scale", scale_json(is)) |
           parley_i_json_put(o, "status_quo",
                             is->has_status_quo ? parley_i_json_num(is->status_quo) : json_null()) |
           parley_i_json_put(o, "results", results);
    if (is->outcome.has_value) {
        const parley_observed_outcome *oc = &is->outcome;
        json_t *out = json_object();
        bad |= !out || parley_i_json_put(out, "value", parley_i_json_num(oc->value)) |
                           parley_i_json_put(out, "as_of", str_or_null(oc->as_of)) |
                           parley_i_json_put(out, "source", str_or_null(oc->source)) |
                           parley_i_json_put(out, "confidence", str_or_null(oc->confidence)) |
                           parley_i_json_put(out, "note", str_or_null(oc->note));
        json_t *history = json_array();
        bad |= !history;
        for (size_t m = 0; !bad && m < f->n_models; ++m) {
            parley_buf one;
            parley_buf_init(&one);
            if (parley_i_against_history(f, i, m, &one) && one.data)
                bad |= parley_i_json_push(history, parley_i_json_text(one.data));
            bad |= one.failed;
            parley_buf_destroy(&one);
        }
        bad |= parley_i_json_put(out, "history", history);
        bad |= parley_i_json_put(o, "outcome", out);
    }
    if (c)
        bad |= parley_i_json_put(o, "combined", combined_json(f, c, i));
    if (f->traced) {
        json_t *trace = json_array();
        for (size_t m = 0; trace && !bad && m < f->n_models; ++m)
            if (parley_i_report_has_rounds(parley_forecast_run(f, i, m)))
                bad |= parley_i_json_push(trace, trace_json(f, i, m));
        bad |= parley_i_json_put(o, "trace", trace);
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *models_json(const parley_forecast *f) {
    json_t *models = json_array();
    int bad = !models;
    for (size_t m = 0; !bad && m < f->n_models; ++m) {
        const parley_params *p = &f->params[m];
        parley_buf desc;
        parley_buf_init(&desc);
        bad |= parley_params_describe(p, &desc) == PARLEY_ENOMEM || desc.failed;
        json_t *o = json_object();
        bad |= parley_i_json_put(o, "name", parley_i_json_text(p->type->name)) |
               parley_i_json_put(o, "title", parley_i_json_text(p->type->title)) |
               parley_i_json_put(o, "parameters", parley_i_json_text(desc.data ? desc.data : ""));
        bad |= parley_i_json_push(models, o);
        parley_buf_destroy(&desc);
    }
    if (bad) {
        json_decref(models);
        return NULL;
    }
    return models;
}

/* The combined forecast's method, replicates and library score. */
static json_t *combined_meta_json(const parley_combined *c) {
    json_t *o = json_object(), *score = json_object();
    parley_buf v;
    parley_buf_init(&v);
    int bad = !o || !score || parley_combined_verdict(&c->score, &v) != PARLEY_OK;
    parley_buf_append(&v, "", 1);
    const parley_combined_score *sc = &c->score;
    bad |= parley_i_json_put(score, "scored", json_boolean(sc->scored));
    if (sc->scored)
        bad |= parley_i_json_put(score, "n", json_integer((json_int_t)sc->n)) |
               parley_i_json_put(score, "mae", parley_i_json_num(sc->mae)) |
               parley_i_json_put(score, "best_model", str_or_null(sc->best_model)) |
               parley_i_json_put(score, "best_model_mae", parley_i_json_num(sc->best_model_mae)) |
               parley_i_json_put(score, "status_quo_mae", parley_i_json_num(sc->status_quo_mae)) |
               parley_i_json_put(score, "midpoint_mae", parley_i_json_num(sc->midpoint_mae)) |
               parley_i_json_put(score, "beats_all", json_boolean(sc->beats_all)) |
               parley_i_json_put(score, "n_status_quo", json_integer((json_int_t)sc->n_sq)) |
               parley_i_json_put(score, "combined_on_status_quo_issues_mae",
                                 parley_i_json_num(sc->combined_on_sq_mae));
    if (sc->scored && sc->n_brier > 0)
        bad |= parley_i_json_put(
            score, "status_quo_rule",
            json_pack("{s:I, s:o, s:o, s:b}", "n", (json_int_t)sc->n_brier, "brier",
                      parley_i_json_num(sc->brier), "brier_constant_rate",
                      parley_i_json_num(sc->brier_baseline), "worse_than_constant_rate",
                      !(sc->brier < sc->brier_baseline)));
    bad |= parley_i_json_put(score, "verdict", parley_i_json_text(v.data ? v.data : ""));
    bad |=
        parley_i_json_put(o, "method", parley_i_json_text(parley_combine_method_name(c->method))) |
        parley_i_json_put(o, "sq_replicates", json_integer((json_int_t)c->sq_replicates)) |
        parley_i_json_put(o, "sq_margin_share", parley_i_json_num(PARLEY_SQ_MARGIN_SHARE)) |
        parley_i_json_put(o, "score", score);
    parley_buf_destroy(&v);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

parley_status parley_report_json(const parley_forecast *f, const parley_report_meta *meta,
                                 parley_buf *out) {
    const parley_scenario *s = f->scenario;
    json_t *doc = json_object(), *scen = json_object(), *issues = json_array();
    int bad = !doc || !scen || !issues;
    bad |= parley_i_json_put(scen, "name", str_or_null(s->name)) |
           parley_i_json_put(scen, "source", str_or_null(s->source)) |
           parley_i_json_put(scen, "file", str_or_null(meta ? meta->source : NULL));
    const parley_combined *c = meta ? meta->combined : NULL;
    for (size_t i = 0; !bad && i < s->n_issues; ++i)
        bad |= parley_i_json_push(issues, issue_json(f, c, i));
    if (!bad) {
        /* jansson integers are signed 64-bit; the CLI keeps seeds below 2^63 */
        json_int_t seed = (json_int_t)(meta ? meta->seed : 0ULL);
        bad |= parley_i_json_put(doc, "parley_version", str_or_null(meta ? meta->version : NULL)) |
               parley_i_json_put(doc, "scenario", scen) |
               parley_i_json_put(doc, "seed", json_integer(seed)) |
               parley_i_json_put(doc, "models", models_json(f));
        if (c)
            bad |= parley_i_json_put(doc, "combined", combined_meta_json(c));
        bad |= parley_i_json_put(doc, "issues", issues);
        scen = issues = NULL;
    }
    json_decref(scen);
    json_decref(issues);
    return parley_i_json_dump(out, doc, bad);
}
