/* parley: scenarios and one-issue views.
 * SPDX-License-Identifier: MIT
 */
#include <parley/scenario.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/internal.h"

char *parley_i_path_member(char *buf, size_t n, const char *base, const char *name) {
    if (n == 0)
        return buf;
    int plain = name && name[0] != '\0' &&
                ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z') ||
                 name[0] == '_');
    for (const char *p = name; plain && *p; ++p) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_'))
            plain = 0;
    }
    size_t pos = (size_t)snprintf(buf, n, "%s", base ? base : "$");
    if (pos >= n)
        return buf;
    if (plain) {
        snprintf(buf + pos, n - pos, ".%s", name);
        return buf;
    }
    const char *p = name ? name : "";
    if (pos + 2 < n) {
        buf[pos++] = '[';
        buf[pos++] = '"';
    }
    for (; *p && pos + 3 < n; ++p) {
        if (*p == '"' || *p == '\\')
            buf[pos++] = '\\';
        buf[pos++] = *p;
    }
    if (pos + 2 < n) {
        buf[pos++] = '"';
        buf[pos++] = ']';
    }
    buf[pos < n ? pos : n - 1] = '\0';
    return buf;
}

char *parley_i_path_index(char *buf, size_t n, const char *base, size_t index) {
    snprintf(buf, n, "%s[%zu]", base ? base : "$", index);
    return buf;
}

parley_status parley_set_string(char **dst, const char *src) {
    char *copy = NULL;
    if (src) {
        size_t len = strlen(src);
        copy = malloc(len + 1);
        if (!copy)
            return PARLEY_ENOMEM;
        memcpy(copy, src, len + 1);
    }
    free(*dst);
    *dst = copy;
    return PARLEY_OK;
}

parley_status parley_scenario_init(parley_scenario *s, size_t n_actors, size_t n_issues) {
    memset(s, 0, sizeof *s);
    s->salience_scale = PARLEY_SALIENCE_UNIT;
    if (n_issues && n_actors > (size_t)-1 / sizeof(parley_cell) / n_issues)
        return PARLEY_ENOMEM;
    s->actors = calloc(n_actors ? n_actors : 1, sizeof *s->actors);
    s->issues = calloc(n_issues ? n_issues : 1, sizeof *s->issues);
    s->cells = calloc((n_actors * n_issues) != 0 ? n_actors * n_issues : 1, sizeof *s->cells);
    if (!s->actors || !s->issues || !s->cells) {
        parley_scenario_destroy(s);
        return PARLEY_ENOMEM;
    }
    s->n_actors = n_actors;
    s->n_issues = n_issues;
    for (size_t i = 0; i < n_issues; ++i) {
        s->issues[i].lo = 0.0;
        s->issues[i].hi = 100.0;
    }
    return PARLEY_OK;
}

static void issue_destroy(parley_issue *issue) {
    free(issue->name);
    free(issue->description);
    for (size_t k = 0; k < issue->n_labels; ++k)
        free(issue->labels[k].label);
    free(issue->labels);
    free(issue->status_quo_note);
    free(issue->outcome.as_of);
    free(issue->outcome.source);
    free(issue->outcome.confidence);
    free(issue->outcome.note);
}

static void cell_destroy(parley_cell *c) {
    free(c->position_note);
    free(c->salience_note);
    free(c->capability_note);
}

void parley_scenario_destroy(parley_scenario *s) {
    if (!s)
        return;
    free(s->name);
    free(s->description);
    free(s->source);
    free(s->as_of);
    if (s->actors) {
        for (size_t a = 0; a < s->n_actors; ++a) {
            free(s->actors[a].name);
            free(s->actors[a].description);
        }
    }
    if (s->issues)
        for (size_t i = 0; i < s->n_issues; ++i)
            issue_destroy(&s->issues[i]);
    if (s->cells)
        for (size_t k = 0; k < s->n_actors * s->n_issues; ++k)
            cell_destroy(&s->cells[k]);
    free(s->actors);
    free(s->issues);
    free(s->cells);
    memset(s, 0, sizeof *s);
}

parley_status parley_scenario_copy(parley_scenario *dst, const parley_scenario *src) {
    parley_status st = parley_scenario_init(dst, src->n_actors, src->n_issues);
    if (st != PARLEY_OK)
        return st;
    dst->salience_scale = src->salience_scale;
    dst->salience_scale_inferred = src->salience_scale_inferred;
    if (parley_set_string(&dst->name, src->name) ||
        parley_set_string(&dst->description, src->description) ||
        parley_set_string(&dst->source, src->source) || parley_set_string(&dst->as_of, src->as_of))
        goto nomem;
    for (size_t a = 0; a < src->n_actors; ++a) {
        if (parley_set_string(&dst->actors[a].name, src->actors[a].name) ||
            parley_set_string(&dst->actors[a].description, src->actors[a].description))
            goto nomem;
    }
    for (size_t i = 0; i < src->n_issues; ++i) {
        const parley_issue *from = &src->issues[i];
        parley_issue *to = &dst->issues[i];
        to->lo = from->lo;
        to->hi = from->hi;
        to->bounds_given = from->bounds_given;
        to->has_status_quo = from->has_status_quo;
        to->status_quo = from->status_quo;
        if (parley_set_string(&to->name, from->name) ||
            parley_set_string(&to->description, from->description) ||
            parley_set_string(&to->status_quo_note, from->status_quo_note) ||
            parley_issue_set_outcome(dst, i, &from->outcome))
            goto nomem;
        for (size_t k = 0; k < from->n_labels; ++k)
            if (parley_issue_add_label(to, from->labels[k].point, from->labels[k].label))
                goto nomem;
    }
    for (size_t k = 0; k < src->n_actors * src->n_issues; ++k) {
        const parley_cell *from = &src->cells[k];
        parley_cell *to = &dst->cells[k];
        to->present = from->present;
        to->position = from->position;
        to->salience = from->salience;
        to->capability = from->capability;
        if (parley_set_string(&to->position_note, from->position_note) ||
            parley_set_string(&to->salience_note, from->salience_note) ||
            parley_set_string(&to->capability_note, from->capability_note))
            goto nomem;
    }
    return PARLEY_OK;
nomem:
    parley_scenario_destroy(dst);
    return PARLEY_ENOMEM;
}

parley_cell *parley_scenario_cell(parley_scenario *s, size_t a, size_t i) {
    assert(a < s->n_actors && i < s->n_issues);
    return &s->cells[a * s->n_issues + i];
}

const parley_cell *parley_scenario_cell_const(const parley_scenario *s, size_t a, size_t i) {
    assert(a < s->n_actors && i < s->n_issues);
    return &s->cells[a * s->n_issues + i];
}

parley_status parley_issue_add_label(parley_issue *issue, double point, const char *label) {
    parley_scale_label *labels =
        realloc(issue->labels, (issue->n_labels + 1) * sizeof *issue->labels);
    if (!labels)
        return PARLEY_ENOMEM;
    issue->labels = labels;
    parley_scale_label *l = &labels[issue->n_labels];
    l->point = point;
    l->label = NULL;
    if (parley_set_string(&l->label, label ? label : "") != PARLEY_OK)
        return PARLEY_ENOMEM;
    issue->n_labels++;
    return PARLEY_OK;
}

parley_status parley_i_no_actor(parley_error *err, const parley_scenario *s, const char *field,
                                const char *name) {
    char msg[PARLEY_ERROR_MSG_MAX];
    int n = snprintf(msg, sizeof msg,
                     "%s%sno actor named '%s' in the scenario (actors: ", field ? field : "",
                     field ? ": " : "", name ? name : "");
    size_t len = n < 0 ? 0 : (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1;
    size_t a = 0;
    for (; a < s->n_actors; ++a) {
        const char *sep = a ? ", " : "", *actor = s->actors[a].name ? s->actors[a].name : "";
        /* room for the name and what ends the list: ")" or ", ...)" */
        const size_t end = a + 1 < s->n_actors ? sizeof ", ...)" : sizeof ")";
        if (len + strlen(sep) + strlen(actor) + end > sizeof msg)
            break;
        len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", sep, actor);
    }
    if (len < sizeof msg)
        snprintf(msg + len, sizeof msg - len, "%s)", a == s->n_actors ? "" : a ? ", ..." : "...");
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "%s", msg);
}

size_t parley_scenario_find_actor(const parley_scenario *s, const char *name) {
    if (!name)
        return (size_t)-1;
    for (size_t a = 0; a < s->n_actors; ++a)
        if (s->actors[a].name && strcmp(s->actors[a].name, name) == 0)
            return a;
    return (size_t)-1;
}

size_t parley_scenario_find_issue(const parley_scenario *s, const char *name) {
    if (!name)
        return (size_t)-1;
    for (size_t i = 0; i < s->n_issues; ++i)
        if (s->issues[i].name && strcmp(s->issues[i].name, name) == 0)
            return i;
    return (size_t)-1;
}

parley_status parley_issue_set_outcome(parley_scenario *s, size_t i,
                                       const parley_observed_outcome *o) {
    if (!s || !o || i >= s->n_issues)
        return PARLEY_EINVAL;
    parley_observed_outcome *to = &s->issues[i].outcome;
    parley_observed_outcome copy = {o->has_value, o->value, NULL, NULL, NULL, NULL};
    if (o->has_value &&
        (parley_set_string(&copy.as_of, o->as_of) || parley_set_string(&copy.source, o->source) ||
         parley_set_string(&copy.confidence, o->confidence) ||
         parley_set_string(&copy.note, o->note))) {
        free(copy.as_of);
        free(copy.source);
        free(copy.confidence);
        free(copy.note);
        copy = (parley_observed_outcome){0, 0.0, NULL, NULL, NULL, NULL};
        free(to->as_of);
        free(to->source);
        free(to->confidence);
        free(to->note);
        *to = copy;
        return PARLEY_ENOMEM;
    }
    free(to->as_of);
    free(to->source);
    free(to->confidence);
    free(to->note);
    *to = copy;
    return PARLEY_OK;
}

size_t parley_scenario_outcome_count(const parley_scenario *s) {
    size_t n = 0;
    for (size_t i = 0; s && i < s->n_issues; ++i)
        n += s->issues[i].outcome.has_value != 0;
    return n;
}

int parley_date_valid(const char *text) {
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return 0;
    for (int k = 0; k < 10; ++k)
        if (k != 4 && k != 7 && !(text[k] >= '0' && text[k] <= '9'))
            return 0;
    int y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    int m = (text[5] - '0') * 10 + (text[6] - '0');
    int d = (text[8] - '0') * 10 + (text[9] - '0');
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

size_t parley_scenario_issue_count(const parley_scenario *s, size_t i) {
    size_t n = 0;
    for (size_t a = 0; a < s->n_actors; ++a)
        if (parley_scenario_cell_const(s, a, i)->present)
            ++n;
    return n;
}

static parley_status view_alloc(parley_issue_view *v, size_t n) {
    memset(v, 0, sizeof *v);
    size_t m = n ? n : 1;
    v->actor = calloc(m, sizeof *v->actor);
    v->names = calloc(m, sizeof *v->names);
    v->position = calloc(m, sizeof *v->position);
    v->salience = calloc(m, sizeof *v->salience);
    v->capability = calloc(m, sizeof *v->capability);
    if (!v->actor || !v->names || !v->position || !v->salience || !v->capability) {
        parley_issue_view_destroy(v);
        return PARLEY_ENOMEM;
    }
    v->n = n;
    return PARLEY_OK;
}

parley_status parley_issue_view_init(parley_issue_view *v, const parley_scenario *s, size_t i) {
    if (!v || !s || i >= s->n_issues) {
        if (v)
            memset(v, 0, sizeof *v);
        return PARLEY_EINVAL;
    }
    parley_status st = view_alloc(v, parley_scenario_issue_count(s, i));
    if (st != PARLEY_OK)
        return st;
    size_t k = 0;
    for (size_t a = 0; a < s->n_actors; ++a) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (!c->present)
            continue;
        v->actor[k] = a;
        v->names[k] = s->actors[a].name;
        v->position[k] = c->position;
        v->salience[k] = c->salience;
        v->capability[k] = c->capability;
        ++k;
    }
    const parley_issue *issue = &s->issues[i];
    v->lo = issue->lo;
    v->hi = issue->hi;
    v->bounds_given = issue->bounds_given;
    v->has_status_quo = issue->has_status_quo;
    v->status_quo = issue->status_quo;
    return PARLEY_OK;
}

parley_status parley_issue_view_from_arrays(parley_issue_view *v, size_t n, const double *position,
                                            const double *salience, const double *capability,
                                            double lo, double hi) {
    if (!v)
        return PARLEY_EINVAL;
    if (n == 0 || !position || !salience || !capability) {
        memset(v, 0, sizeof *v);
        return PARLEY_EINVAL;
    }
    parley_status st = view_alloc(v, n);
    if (st != PARLEY_OK)
        return st;
    for (size_t k = 0; k < n; ++k) {
        v->actor[k] = k;
        v->names[k] = NULL;
        v->position[k] = position[k];
        v->salience[k] = salience[k];
        v->capability[k] = capability[k];
    }
    v->lo = lo;
    v->hi = hi;
    v->bounds_given = 1;
    return PARLEY_OK;
}

void parley_issue_view_destroy(parley_issue_view *v) {
    if (!v)
        return;
    free(v->actor);
    free((void *)v->names);
    free(v->position);
    free(v->salience);
    free(v->capability);
    memset(v, 0, sizeof *v);
}
