/* A forecast: every selected model on every issue of a scenario, with the
 * round-by-round history of the iterative models when asked for.
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <parley/forecast.h>

static void free_run(parley_run *run) {
    for (size_t k = 0; k < run->n_rounds; ++k) {
        free(run->rounds[k].position);
        free(run->rounds[k].risk);
        free(run->rounds[k].moves);
        free(run->rounds[k].challenges);
    }
    free(run->rounds);
    free(run->actor);
    free(run->start);
    free(run->final);
    memset(run, 0, sizeof *run);
}

/* Appends a round record: the statistics of o, a copy of the n positions
 * pos and risk exponents risk (either may be NULL), the nm moves and the
 * n x n challenges chal (NULL: none). */
static parley_status append_round(parley_run *run, const parley_outcome *o, const double *pos,
                                  const double *risk, const parley_move *moves, size_t nm,
                                  const parley_challenge *chal, size_t n) {
    parley_round_record *grown = realloc(run->rounds, (run->n_rounds + 1) * sizeof *grown);
    if (!grown)
        return PARLEY_ENOMEM;
    run->rounds = grown;
    parley_round_record *rec = &run->rounds[run->n_rounds];
    memset(rec, 0, sizeof *rec);
    ++run->n_rounds;
    rec->median = o->median;
    rec->mean = o->mean;
    rec->forecast = o->forecast;
    if (pos) {
        if (!(rec->position = malloc((n ? n : 1) * sizeof *rec->position)))
            return PARLEY_ENOMEM;
        memcpy(rec->position, pos, n * sizeof *pos);
    }
    if (risk && run->n_rounds > 1) {
        if (!(rec->risk = malloc((n ? n : 1) * sizeof *rec->risk)))
            return PARLEY_ENOMEM;
        memcpy(rec->risk, risk, n * sizeof *risk);
    }
    if (nm) {
        if (!(rec->moves = malloc(nm * sizeof *rec->moves)))
            return PARLEY_ENOMEM;
        memcpy(rec->moves, moves, nm * sizeof *moves);
        rec->n_moves = nm;
    }
    if (chal && run->n_rounds > 1 && n > 0) {
        if (n > SIZE_MAX / sizeof *chal / n || !(rec->challenges = malloc(n * n * sizeof *chal)))
            return PARLEY_ENOMEM;
        memcpy(rec->challenges, chal, n * n * sizeof *chal);
    }
    return PARLEY_OK;
}

/* Keeps the positions at the end of a run that succeeded: pos (n entries),
 * or the start when the model reports none. */
static parley_status keep_final(parley_run *run, const double *pos) {
    if (run->status != PARLEY_OK)
        return PARLEY_OK;
    run->final = malloc((run->n ? run->n : 1) * sizeof *run->final);
    if (!run->final)
        return PARLEY_ENOMEM;
    memcpy(run->final, pos ? pos : run->start, run->n * sizeof *run->final);
    return PARLEY_OK;
}

/* Appends an issue-scope model's current state as a round record. */
static parley_status record_round(parley_run *run, const parley_model *m, size_t n) {
    parley_outcome o;
    parley_model_outcome(m, &o);
    const parley_move *moves = NULL;
    size_t nm = run->n_rounds > 0 ? parley_model_moves(m, &moves) : 0;
    const parley_challenge *chal = run->n_rounds > 0 ? parley_model_challenges(m) : NULL;
    return append_round(run, &o, parley_model_positions(m), parley_model_risk(m), moves, nm, chal,
                        n);
}

/* Runs one model on one issue view; a model that cannot apply records its
 * reason in run->status / run->error.  Returns PARLEY_ENOMEM only. */
static parley_status run_model(parley_run *run, const parley_params *p, const parley_issue_view *v,
                               int trace) {
    parley_model m;
    run->status = parley_model_init(&m, p, v, &run->error);
    if (run->status == PARLEY_ENOMEM)
        return PARLEY_ENOMEM;
    if (run->status != PARLEY_OK)
        return PARLEY_OK;
    parley_status st = trace ? record_round(run, &m, v->n) : PARLEY_OK;
    while (st == PARLEY_OK && !parley_model_test(&m)) {
        st = parley_model_iterate(&m, &run->error);
        if (st == PARLEY_OK && trace)
            st = record_round(run, &m, v->n);
    }
    if (st == PARLEY_OK)
        parley_model_outcome(&m, &run->outcome);
    run->status = st;
    if (keep_final(run, parley_model_positions(&m)) != PARLEY_OK)
        run->status = st = PARLEY_ENOMEM;
    parley_model_destroy(&m);
    return st == PARLEY_ENOMEM ? PARLEY_ENOMEM : PARLEY_OK;
}

unsigned long long parley_forecast_stream(unsigned long long replicate, size_t issue) {
    return (replicate << 20) + (unsigned long long)issue;
}

/* A shallow copy of p (model parameters own no memory: parley_params_destroy
 * frees only the block) with the typed seed and stream applied; *used = 0
 * when the model draws no random numbers (then p itself is to be used).
 * seed must be checked (at most PARLEY_MAX_SEED).  Errors: PARLEY_ENOMEM. */
static parley_status seeded_params(parley_params *copy, const parley_params *p,
                                   unsigned long long seed, unsigned long long stream, int *used) {
    *used = 0;
    if (parley_params_init(copy, p->type) != PARLEY_OK)
        return PARLEY_ENOMEM;
    memcpy(copy->data, p->data, p->type->params_size);
    parley_run_params rp;
    parley_run_params_init(&rp);
    rp.seed = seed;
    rp.stream = stream;
    unsigned u = 0;
    if (parley_params_set_run(copy, &rp, &u, NULL) != PARLEY_OK || !(u & PARLEY_RUN_SEED)) {
        parley_params_destroy(copy);
        return PARLEY_OK;
    }
    *used = 1;
    return PARLEY_OK;
}

/* The one check of a caller's seed. */
static parley_status check_seed(unsigned long long seed, parley_error *err) {
    parley_run_params rp;
    parley_run_params_init(&rp);
    rp.seed = seed;
    return parley_run_params_check(&rp, err);
}

parley_status parley_forecast_issue(const parley_scenario *s, size_t issue,
                                    const parley_params *params, unsigned long long seed,
                                    unsigned long long replicate, parley_outcome *out,
                                    parley_error *err) {
    if (issue >= s->n_issues)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no issue %zu", issue);
    if (check_seed(seed, err) != PARLEY_OK)
        return PARLEY_EINVAL;
    parley_params copy;
    int used = 0;
    parley_status st;
    if (parley_model_type_is_scenario(params->type)) {
        /* run on the whole scenario and read the issue */
        parley_outcome *all = calloc(s->n_issues, sizeof *all);
        parley_status *ist = calloc(s->n_issues, sizeof *ist);
        st = all && ist ? seeded_params(&copy, params, seed,
                                        parley_forecast_stream(replicate, s->n_issues), &used)
                        : PARLEY_ENOMEM;
        if (st == PARLEY_OK)
            st = parley_model_run_scenario(used ? &copy : params, s, all, ist, err);
        else
            parley_error_set(err, st, NULL, 0, 0, "out of memory");
        if (st == PARLEY_OK && ist[issue] != PARLEY_OK)
            st = parley_error_set(err, ist[issue], NULL, 0, 0,
                                  "the model has no result on issue %s", s->issues[issue].name);
        if (st == PARLEY_OK)
            *out = all[issue];
        if (used)
            parley_params_destroy(&copy);
        free(all);
        free(ist);
        return st;
    }
    parley_issue_view v;
    st = parley_issue_view_init(&v, s, issue);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "%s", parley_strstatus(st));
    st = seeded_params(&copy, params, seed, parley_forecast_stream(replicate, issue), &used);
    if (st == PARLEY_OK)
        st = parley_model_run(used ? &copy : params, &v, out, err);
    else
        parley_error_set(err, st, NULL, 0, 0, "out of memory");
    if (used)
        parley_params_destroy(&copy);
    parley_issue_view_destroy(&v);
    return st;
}

/* Records the current state of a scenario-scope model as one round of every
 * issue's run that has a result. */
static parley_status record_scenario_round(parley_forecast *f, const parley_model *m,
                                           size_t model) {
    for (size_t i = 0; i < f->scenario->n_issues; ++i) {
        parley_run *run = &f->runs[i * f->n_models + model];
        if (run->status != PARLEY_OK)
            continue;
        parley_outcome o;
        parley_model_outcome_issue(m, i, &o);
        const parley_move *moves = NULL;
        size_t nm = run->n_rounds > 0 ? parley_model_moves_issue(m, i, &moves) : 0;
        parley_status st = append_round(run, &o, parley_model_positions_issue(m, i),
                                        parley_model_risk_issue(m, i), moves, nm, NULL, run->n);
        if (st != PARLEY_OK)
            return st;
    }
    return PARLEY_OK;
}

/* Sets every issue's run of model `model` to status st with err's reason. */
static void fail_all_issues(parley_forecast *f, size_t model, parley_status st,
                            const parley_error *err) {
    for (size_t i = 0; i < f->scenario->n_issues; ++i) {
        parley_run *run = &f->runs[i * f->n_models + model];
        run->status = st;
        run->error = *err;
    }
}

/* Runs a scenario-scope model once on the whole scenario and fills every
 * issue's run (the runs' actor lists are already set).  A model that cannot
 * apply records its reason in every issue's run, a model without a result on
 * one issue in that issue's run.  Returns PARLEY_ENOMEM only. */
static parley_status run_scenario_model(parley_forecast *f, size_t model, const parley_params *p,
                                        int trace) {
    const parley_scenario *s = f->scenario;
    parley_model m;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_model_init_scenario(&m, p, s, &err);
    if (st == PARLEY_ENOMEM)
        return PARLEY_ENOMEM;
    if (st != PARLEY_OK) {
        fail_all_issues(f, model, st, &err);
        return PARLEY_OK;
    }
    for (size_t i = 0; i < s->n_issues; ++i) {
        parley_run *run = &f->runs[i * f->n_models + model];
        run->status = parley_model_issue_status(&m, i, &run->error);
    }
    st = trace ? record_scenario_round(f, &m, model) : PARLEY_OK;
    while (st == PARLEY_OK && !parley_model_test(&m)) {
        st = parley_model_iterate(&m, &err);
        if (st == PARLEY_OK && trace)
            st = record_scenario_round(f, &m, model);
    }
    if (st == PARLEY_OK) {
        for (size_t i = 0; i < s->n_issues; ++i) {
            parley_run *run = &f->runs[i * f->n_models + model];
            if (run->status == PARLEY_OK)
                parley_model_outcome_issue(&m, i, &run->outcome);
            if (keep_final(run, parley_model_positions_issue(&m, i)) != PARLEY_OK)
                st = PARLEY_ENOMEM;
        }
    } else if (st != PARLEY_ENOMEM) {
        fail_all_issues(f, model, st, &err);
    }
    parley_model_destroy(&m);
    return st == PARLEY_ENOMEM ? PARLEY_ENOMEM : PARLEY_OK;
}

parley_status parley_forecast_init(parley_forecast *f, const parley_scenario *s,
                                   const parley_params *params, size_t n_models, int record_trace,
                                   parley_error *err) {
    return parley_forecast_init_seeded(f, s, params, n_models, record_trace, 0, 0, err);
}

parley_status parley_forecast_init_seeded(parley_forecast *f, const parley_scenario *s,
                                          const parley_params *params, size_t n_models,
                                          int record_trace, unsigned long long seed,
                                          unsigned long long replicate, parley_error *err) {
    memset(f, 0, sizeof *f);
    if (n_models == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no model selected");
    if (check_seed(seed, err) != PARLEY_OK)
        return PARLEY_EINVAL;
    f->scenario = s;
    f->params = params;
    f->n_models = n_models;
    f->traced = record_trace;
    f->runs = calloc(s->n_issues * n_models, sizeof *f->runs);
    if (!f->runs)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < s->n_issues; ++i) {
        parley_issue_view v;
        parley_status st = parley_issue_view_init(&v, s, i);
        if (st != PARLEY_OK) {
            parley_forecast_destroy(f);
            return parley_error_set(err, st, NULL, 0, 0, "out of memory");
        }
        for (size_t m = 0; m < n_models && st == PARLEY_OK; ++m) {
            parley_run *run = &f->runs[i * n_models + m];
            run->n = v.n;
            run->actor = malloc((v.n ? v.n : 1) * sizeof *run->actor);
            run->start = malloc((v.n ? v.n : 1) * sizeof *run->start);
            if (!run->actor || !run->start) {
                st = PARLEY_ENOMEM;
                break;
            }
            memcpy(run->actor, v.actor, v.n * sizeof *v.actor);
            memcpy(run->start, v.position, v.n * sizeof *v.position);
            if (!parley_model_type_is_scenario(params[m].type)) {
                parley_params copy;
                int used = 0;
                st = seeded_params(&copy, &params[m], seed, parley_forecast_stream(replicate, i),
                                   &used);
                if (st != PARLEY_OK)
                    break;
                st = run_model(run, used ? &copy : &params[m], &v, record_trace);
                if (used)
                    parley_params_destroy(&copy);
            }
        }
        parley_issue_view_destroy(&v);
        if (st != PARLEY_OK) {
            parley_forecast_destroy(f);
            return parley_error_set(err, st, NULL, 0, 0, "out of memory");
        }
    }
    for (size_t m = 0; m < n_models; ++m) {
        if (!parley_model_type_is_scenario(params[m].type))
            continue;
        /* a scenario-scope model draws from the stream after the issues' */
        parley_params copy;
        int used = 0;
        parley_status st = seeded_params(&copy, &params[m], seed,
                                         parley_forecast_stream(replicate, s->n_issues), &used);
        if (st == PARLEY_OK)
            st = run_scenario_model(f, m, used ? &copy : &params[m], record_trace);
        if (used)
            parley_params_destroy(&copy);
        if (st != PARLEY_OK) {
            parley_forecast_destroy(f);
            return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    return PARLEY_OK;
}

void parley_forecast_destroy(parley_forecast *f) {
    if (!f || !f->runs)
        return;
    for (size_t k = 0; k < f->scenario->n_issues * f->n_models; ++k)
        free_run(&f->runs[k]);
    free(f->runs);
    f->runs = NULL;
}

const parley_run *parley_forecast_run(const parley_forecast *f, size_t issue, size_t model) {
    return &f->runs[issue * f->n_models + model];
}

static size_t mem_add(size_t a, size_t b) {
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}
static size_t mem_mul(size_t a, size_t b) {
    return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

size_t parley_forecast_memory_estimate(const parley_scenario *s, const parley_params *params,
                                       size_t n_models) {
    size_t b = mem_mul(mem_mul(s->n_actors, s->n_issues), sizeof(parley_cell));
    b = mem_add(b, mem_mul(mem_mul(s->n_issues, n_models), sizeof(parley_run)));
    size_t most = 0;
    for (size_t m = 0; m < n_models; ++m) {
        size_t e = parley_model_memory_estimate(&params[m], s->n_actors, s->n_issues);
        if (e > most)
            most = e;
    }
    return mem_add(b, most);
}

/* "216.0 GiB (231928233984 bytes)" */
static const char *fmt_bytes(char *buf, size_t n, size_t bytes) {
    static const char *const unit[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = (double)bytes / 1024.0;
    size_t u = 0;
    while (v >= 1024.0 && u + 1 < sizeof unit / sizeof *unit) {
        v /= 1024.0;
        ++u;
    }
    if (bytes == SIZE_MAX)
        snprintf(buf, n, "more than %zu bytes", (size_t)SIZE_MAX - 1);
    else if (bytes < 1024) /* not "0.0 KiB (1 bytes)" */
        snprintf(buf, n, "%zu byte%s", bytes, bytes == 1 ? "" : "s");
    else
        snprintf(buf, n, "%.1f %s (%zu bytes)", v, unit[u], bytes);
    return buf;
}

parley_status parley_forecast_check_memory(const parley_scenario *s, const parley_params *params,
                                           size_t n_models, size_t copies, size_t limit,
                                           size_t *estimate, parley_error *err) {
    const size_t one = parley_forecast_memory_estimate(s, params, n_models);
    const size_t total = mem_mul(copies ? copies : 1, one);
    if (estimate)
        *estimate = total;
    if (limit == 0 || total <= limit)
        return PARLEY_OK;
    size_t worst = 0;
    for (size_t m = 1; m < n_models; ++m)
        if (parley_model_memory_estimate(&params[m], s->n_actors, s->n_issues) >
            parley_model_memory_estimate(&params[worst], s->n_actors, s->n_issues))
            worst = m;
    char e[96], l[96], c[64] = "";
    if (copies > 1)
        snprintf(c, sizeof c, ", %zu runs at once", copies);
    return parley_error_set(err, PARLEY_EDATA, NULL, 0, 0,
                            "the run needs an estimated %s of memory (%s on %zu actors x %zu "
                            "issues%s), more than the limit of %s; refused before allocating it",
                            fmt_bytes(e, sizeof e, total), params[worst].type->title, s->n_actors,
                            s->n_issues, c, fmt_bytes(l, sizeof l, limit));
}

parley_status parley_forecast_values(const parley_scenario *s, const parley_params *params,
                                     size_t n_models, unsigned long long seed, double *out,
                                     parley_error *err) {
    parley_forecast f;
    parley_status st = parley_forecast_init_seeded(&f, s, params, n_models, 0, seed, 0, err);
    if (st != PARLEY_OK)
        return st;
    for (size_t i = 0; i < s->n_issues; ++i)
        for (size_t m = 0; m < n_models; ++m) {
            const parley_run *r = parley_forecast_run(&f, i, m);
            out[i * n_models + m] = r->status == PARLEY_OK ? r->outcome.forecast : NAN;
        }
    parley_forecast_destroy(&f);
    return PARLEY_OK;
}

parley_status parley_memory_size_parse(const char *text, unsigned long long *out) {
    if (!text || !isdigit((unsigned char)*text))
        return PARLEY_EINVAL;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno == ERANGE)
        return PARLEY_EINVAL;
    unsigned shift = 0;
    switch (*end) {
    case 'k':
    case 'K':
        shift = 10;
        ++end;
        break;
    case 'm':
    case 'M':
        shift = 20;
        ++end;
        break;
    case 'g':
    case 'G':
        shift = 30;
        ++end;
        break;
    case 't':
    case 'T':
        shift = 40;
        ++end;
        break;
    default:
        break;
    }
    if (shift && (*end == 'i' || *end == 'I'))
        ++end;
    if (*end == 'b' || *end == 'B')
        ++end;
    if (*end != '\0' || v == 0 || v > (ULLONG_MAX >> shift))
        return PARLEY_EINVAL;
    *out = v << shift;
    return PARLEY_OK;
}

unsigned long long parley_memory_limit_default(void) {
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0)
        return (unsigned long long)pages / 2 * (unsigned long long)page;
    return 0;
}
