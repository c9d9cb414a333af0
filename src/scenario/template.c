/* Starter scenarios (include/parley/template.h).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <parley/template.h>

static parley_status set_text(char **dst, const char *fmt, size_t k) {
    char buf[160];
    snprintf(buf, sizeof buf, fmt, k);
    return parley_set_string(dst, buf);
}

parley_status parley_scenario_template(parley_scenario *s, size_t n_actors, size_t n_issues,
                                       parley_format fmt, parley_error *err) {
    memset(s, 0, sizeof *s);
    if (n_actors < 1 || n_actors > PARLEY_TEMPLATE_MAX_ACTORS)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "a template has 1 to %d actors, not %zu",
                                PARLEY_TEMPLATE_MAX_ACTORS, n_actors);
    if (n_issues < 1 || n_issues > PARLEY_TEMPLATE_MAX_ISSUES)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "a template has 1 to %d issues, not %zu",
                                PARLEY_TEMPLATE_MAX_ISSUES, n_issues);
    const int table = fmt == PARLEY_FORMAT_TABLE;
    parley_status st = parley_scenario_init(s, n_actors, n_issues);
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    s->salience_scale = PARLEY_SALIENCE_PERCENT;
    /* a table is named after its file */
    st = table ? PARLEY_OK : parley_set_string(&s->name, "talks");
    if (st == PARLEY_OK && !table)
        st = parley_set_string(&s->description,
                               "Starter scenario written by 'parley template': replace the "
                               "names, descriptions and example values with your own.");
    for (size_t a = 0; st == PARLEY_OK && a < n_actors; ++a) {
        st = set_text(&s->actors[a].name, "actor%zu", a + 1);
        if (st == PARLEY_OK && !table)
            st = set_text(&s->actors[a].description, "who actor%zu is (its long name)", a + 1);
    }
    for (size_t i = 0; st == PARLEY_OK && i < n_issues; ++i) {
        parley_issue *is = &s->issues[i];
        st = set_text(&is->name, "issue%zu", i + 1);
        double lo = 100.0, hi = 0.0;
        for (size_t a = 0; a < n_actors; ++a) {
            parley_cell *c = parley_scenario_cell(s, a, i);
            c->present = 1;
            c->position =
                n_actors == 1
                    ? 50.0
                    : round((double)((a + i) % n_actors) * 100.0 / (double)(n_actors - 1));
            c->salience = 0.5;
            c->capability = 10.0 * (double)(n_actors - a) + 5.0;
            lo = c->position < lo ? c->position : lo;
            hi = c->position > hi ? c->position : hi;
        }
        if (table) { /* a table states no bounds: the range of the positions */
            is->lo = lo;
            is->hi = hi;
            is->bounds_given = 0;
            continue;
        }
        is->lo = 0.0;
        is->hi = 100.0;
        is->bounds_given = 1;
        is->has_status_quo = 1;
        is->status_quo = 50.0;
        if (st == PARLEY_OK)
            st = set_text(&is->description,
                          "what is negotiated on issue%zu; positions run from 0 to 100", i + 1);
        if (st == PARLEY_OK)
            st = parley_issue_add_label(is, 0.0, "describe the outcome at 0");
        if (st == PARLEY_OK)
            st = parley_issue_add_label(is, 100.0, "describe the outcome at 100");
        if (st == PARLEY_OK)
            st = parley_set_string(&is->status_quo_note,
                                   "where things stand today, on the same scale");
    }
    if (st != PARLEY_OK) {
        parley_scenario_destroy(s);
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    }
    return PARLEY_OK;
}
