/* The generic model interface: parameters, init / iterate / test, registry.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include <parley/model.h>

#include "models/internal.h"

const char *parley_stop_reason_name(parley_stop_reason r) {
    switch (r) {
    case PARLEY_STOP_NONE:
        return "running";
    case PARLEY_STOP_STATIC:
        return "static";
    case PARLEY_STOP_ROUND_LIMIT:
        return "round-limit";
    case PARLEY_STOP_FIXED_POINT:
        return "fixed-point";
    case PARLEY_STOP_CYCLE:
        return "cycle";
    case PARLEY_STOP_CONVERGED:
        return "converged";
    case PARLEY_STOP_AGREEMENT:
        return "agreement";
    }
    return "unknown";
}

const char *parley_move_kind_name(parley_move_kind k) {
    switch (k) {
    case PARLEY_MOVE_CONFLICT:
        return "conflict";
    case PARLEY_MOVE_COMPROMISE:
        return "compromise";
    case PARLEY_MOVE_CAPITULATION:
        return "capitulation";
    case PARLEY_MOVE_BARGAIN:
        return "bargain";
    case PARLEY_MOVE_EXCHANGE:
        return "exchange";
    }
    return "unknown";
}

/* The built-in models, in the order of the reports and of `parley --help`.
 * Registering a model is one X(name) entry here: the model's own file
 * defines `const parley_model_type parley_model_<name>`; nothing else in
 * the library, the reports or the CLI names it (docs/architecture.md). */
#define PARLEY_I_BUILTIN_MODELS(X) X(mean) X(median) X(eu) X(nbs) X(exchange) X(spatial)

#define PARLEY_I_DECLARE_MODEL(name) extern const parley_model_type parley_model_##name;
PARLEY_I_BUILTIN_MODELS(PARLEY_I_DECLARE_MODEL)
#define PARLEY_I_MODEL_ENTRY(name) &parley_model_##name,
static const parley_model_type *const builtin_types[] = {
    PARLEY_I_BUILTIN_MODELS(PARLEY_I_MODEL_ENTRY) NULL};

const parley_model_type *const *parley_model_types(void) {
    return builtin_types;
}

const parley_model_type *parley_model_find(const char *name) {
    if (!name)
        return NULL;
    for (size_t k = 0; builtin_types[k]; ++k)
        if (strcmp(builtin_types[k]->name, name) == 0)
            return builtin_types[k];
    return NULL;
}

size_t parley_model_memory_estimate(const parley_params *params, size_t n_actors, size_t n_issues) {
    if (params->type->memory_estimate)
        return params->type->memory_estimate(params->data, n_actors, n_issues);
    return parley_i_mem_mul(64, n_actors);
}

parley_status parley_params_init(parley_params *p, const parley_model_type *type) {
    p->type = type;
    p->data = calloc(1, type->params_size ? type->params_size : 1);
    if (!p->data)
        return PARLEY_ENOMEM;
    type->params_default(p->data);
    return PARLEY_OK;
}

void parley_params_destroy(parley_params *p) {
    if (!p)
        return;
    free(p->data);
    p->data = NULL;
}

int parley_model_type_is_scenario(const parley_model_type *t) {
    return t->scope == PARLEY_SCOPE_SCENARIO;
}

parley_status parley_model_init(parley_model *m, const parley_params *p, const parley_issue_view *v,
                                parley_error *err) {
    m->type = p->type;
    m->state = NULL;
    if (parley_model_type_is_scenario(p->type))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "model %s runs on a whole scenario, not on one issue",
                                p->type->name);
    parley_status checked = parley_params_check(p, err);
    if (checked != PARLEY_OK)
        return checked;
    m->state = calloc(1, p->type->state_size ? p->type->state_size : 1);
    if (!m->state)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_status st = p->type->init(m->state, v, p->data, err);
    if (st != PARLEY_OK) {
        p->type->destroy(m->state);
        free(m->state);
        m->state = NULL;
    }
    return st;
}

parley_status parley_model_init_scenario(parley_model *m, const parley_params *p,
                                         const parley_scenario *s, parley_error *err) {
    m->type = p->type;
    m->state = NULL;
    if (!parley_model_type_is_scenario(p->type))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "model %s runs on one issue at a time", p->type->name);
    parley_status checked = parley_params_check(p, err);
    if (checked != PARLEY_OK)
        return checked;
    m->state = calloc(1, p->type->state_size ? p->type->state_size : 1);
    if (!m->state)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_status st = p->type->init_scenario(m->state, s, p->data, err);
    if (st != PARLEY_OK) {
        p->type->destroy(m->state);
        free(m->state);
        m->state = NULL;
    }
    return st;
}

parley_status parley_model_issue_status(const parley_model *m, size_t issue, parley_error *err) {
    return m->type->issue_status ? m->type->issue_status(m->state, issue, err) : PARLEY_OK;
}

void parley_model_outcome_issue(const parley_model *m, size_t issue, parley_outcome *out) {
    m->type->outcome_issue(m->state, issue, out);
}

const double *parley_model_positions_issue(const parley_model *m, size_t issue) {
    return m->type->positions_issue ? m->type->positions_issue(m->state, issue) : NULL;
}

const double *parley_model_risk_issue(const parley_model *m, size_t issue) {
    return m->type->risk_issue ? m->type->risk_issue(m->state, issue) : NULL;
}

size_t parley_model_moves_issue(const parley_model *m, size_t issue, const parley_move **moves) {
    if (!m->type->moves_issue) {
        *moves = NULL;
        return 0;
    }
    return m->type->moves_issue(m->state, issue, moves);
}

parley_status parley_model_iterate(parley_model *m, parley_error *err) {
    if (!m->type->iterate || m->type->test(m->state))
        return PARLEY_OK;
    return m->type->iterate(m->state, err);
}

int parley_model_test(const parley_model *m) {
    return m->type->test(m->state);
}

void parley_model_outcome(const parley_model *m, parley_outcome *out) {
    m->type->outcome(m->state, out);
}

const double *parley_model_positions(const parley_model *m) {
    return m->type->positions ? m->type->positions(m->state) : NULL;
}

const double *parley_model_risk(const parley_model *m) {
    return m->type->risk ? m->type->risk(m->state) : NULL;
}

size_t parley_model_moves(const parley_model *m, const parley_move **moves) {
    if (!m->type->moves) {
        *moves = NULL;
        return 0;
    }
    return m->type->moves(m->state, moves);
}

const parley_challenge *parley_model_challenges(const parley_model *m) {
    return m->type->challenges ? m->type->challenges(m->state) : NULL;
}

void parley_model_destroy(parley_model *m) {
    if (!m || !m->state)
        return;
    m->type->destroy(m->state);
    free(m->state);
    m->state = NULL;
}

parley_status parley_model_run(const parley_params *p, const parley_issue_view *v,
                               parley_outcome *out, parley_error *err) {
    parley_model m;
    parley_status st = parley_model_init(&m, p, v, err);
    if (st != PARLEY_OK)
        return st;
    while (st == PARLEY_OK && !parley_model_test(&m))
        st = parley_model_iterate(&m, err);
    if (st == PARLEY_OK)
        parley_model_outcome(&m, out);
    parley_model_destroy(&m);
    return st;
}

parley_status parley_model_run_scenario(const parley_params *p, const parley_scenario *s,
                                        parley_outcome *out, parley_status *issue_status,
                                        parley_error *err) {
    parley_model m;
    parley_status st = parley_model_init_scenario(&m, p, s, err);
    if (st != PARLEY_OK)
        return st;
    while (st == PARLEY_OK && !parley_model_test(&m))
        st = parley_model_iterate(&m, err);
    for (size_t i = 0; st == PARLEY_OK && i < s->n_issues; ++i) {
        parley_error ierr;
        parley_error_clear(&ierr);
        parley_status is = parley_model_issue_status(&m, i, &ierr);
        if (issue_status)
            issue_status[i] = is;
        memset(&out[i], 0, sizeof out[i]);
        if (is == PARLEY_OK)
            parley_model_outcome_issue(&m, i, &out[i]);
    }
    parley_model_destroy(&m);
    return st;
}
