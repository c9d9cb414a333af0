/* parley: writer of the native JSON format (docs/scenario-format.md).
 *
 * The layout follows the format's example: one member per line, one actor
 * per block, values with notes as {"value": ..., "note": ...}.  Numbers are
 * written with the fewest digits that read back to the same double, and
 * saliences on the scenario's salience_scale (x 100 for PARLEY_SALIENCE_PERCENT,
 * choosing the number that divides back to the stored value exactly), so
 * that reading the output gives the same scenario.  The output depends only
 * on the scenario.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "io/internal.h"
#include "scenario/internal.h"

static void put(parley_buf *b, const char *text) {
    parley_buf_append(b, text, strlen(text));
}

static void indent(parley_buf *b, int level) {
    for (int k = 0; k < level; ++k)
        put(b, "  ");
}

static void put_string(parley_buf *b, const char *s) {
    put(b, "\"");
    const char *run = s ? s : "";
    for (const char *p = run; *p; ++p) {
        unsigned char c = (unsigned char)*p;
        const char *esc = NULL;
        char u[8];
        switch (c) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        default:
            if (c < 0x20) {
                snprintf(u, sizeof u, "\\u%04x", c);
                esc = u;
            }
        }
        if (!esc)
            continue;
        parley_buf_append(b, run, (size_t)(p - run));
        put(b, esc);
        run = p + 1;
    }
    put(b, run);
    put(b, "\"");
}

static void put_number(parley_buf *b, double x) {
    char buf[PARLEY_I_NUMBUF];
    /* JSON has no NaN or infinity; such a scenario does not validate anyway. */
    put(b, isfinite(x) ? parley_i_format_double(x, buf) : "null");
}

/* A value: a bare number, or {"value": x, "note": "..."} when there is a note. */
static void put_value(parley_buf *b, double x, const char *note) {
    if (!note) {
        put_number(b, x);
        return;
    }
    put(b, "{ \"value\": ");
    put_number(b, x);
    put(b, ", \"note\": ");
    put_string(b, note);
    put(b, " }");
}

/* Writes `"key": ` at the given level, preceded by ",\n" unless first. */
static void member(parley_buf *b, int level, int *first, const char *key) {
    put(b, *first ? "\n" : ",\n");
    *first = 0;
    indent(b, level);
    put_string(b, key);
    put(b, ": ");
}

static void write_issue(parley_buf *b, const parley_issue *issue) {
    int first = 1;
    indent(b, 2);
    put(b, "{");
    member(b, 3, &first, "name");
    put_string(b, issue->name);
    if (issue->description) {
        member(b, 3, &first, "description");
        put_string(b, issue->description);
    }
    member(b, 3, &first, "scale");
    put(b, "{ \"min\": ");
    put_number(b, issue->lo);
    put(b, ", \"max\": ");
    put_number(b, issue->hi);
    if (issue->n_labels) {
        put(b, ",\n");
        indent(b, 4);
        put(b, "\"labels\": [");
        for (size_t k = 0; k < issue->n_labels; ++k) {
            put(b, k ? ",\n" : "\n");
            indent(b, 5);
            put(b, "{ \"at\": ");
            put_number(b, issue->labels[k].point);
            put(b, ", \"label\": ");
            put_string(b, issue->labels[k].label);
            put(b, " }");
        }
        put(b, "\n");
        indent(b, 4);
        put(b, "]\n");
        indent(b, 3);
        put(b, "}");
    } else {
        put(b, " }");
    }
    if (issue->has_status_quo) {
        member(b, 3, &first, "status_quo");
        put_value(b, issue->status_quo, issue->status_quo_note);
    }
    const parley_observed_outcome *o = &issue->outcome;
    if (o->has_value) {
        member(b, 3, &first, "outcome");
        put(b, "{\n");
        indent(b, 4);
        put(b, "\"value\": ");
        put_number(b, o->value);
        const char *keys[4] = {"as_of", "source", "confidence", "note"};
        const char *vals[4] = {o->as_of, o->source, o->confidence, o->note};
        for (int k = 0; k < 4; ++k) {
            if (!vals[k])
                continue;
            put(b, ",\n");
            indent(b, 4);
            put_string(b, keys[k]);
            put(b, ": ");
            put_string(b, vals[k]);
        }
        put(b, "\n");
        indent(b, 3);
        put(b, "}");
    }
    put(b, "\n");
    indent(b, 2);
    put(b, "}");
}

static void write_actor(parley_buf *b, const parley_scenario *s, size_t a) {
    int first = 1;
    int shared = parley_i_capability_shared(s, a);
    int scale = s->salience_scale == PARLEY_SALIENCE_PERCENT ? 100 : 1;
    indent(b, 2);
    put(b, "{");
    member(b, 3, &first, "name");
    put_string(b, s->actors[a].name);
    if (s->actors[a].description) {
        member(b, 3, &first, "description");
        put_string(b, s->actors[a].description);
    }
    int any = 0;
    for (size_t i = 0; i < s->n_issues; ++i) {
        const parley_cell *c = parley_scenario_cell_const(s, a, i);
        if (!c->present)
            continue;
        if (!any && shared) {
            member(b, 3, &first, "capability");
            put_value(b, c->capability, c->capability_note);
        }
        if (!any) {
            member(b, 3, &first, "values");
            put(b, "{");
        }
        put(b, any ? ",\n" : "\n");
        any = 1;
        indent(b, 4);
        put_string(b, s->issues[i].name);
        put(b, ": {\n");
        indent(b, 5);
        put(b, "\"position\": ");
        put_value(b, c->position, c->position_note);
        put(b, ",\n");
        indent(b, 5);
        put(b, "\"salience\": ");
        put_value(b, parley_i_salience_on_scale(c->salience, scale), c->salience_note);
        if (!shared) {
            put(b, ",\n");
            indent(b, 5);
            put(b, "\"capability\": ");
            put_value(b, c->capability, c->capability_note);
        }
        put(b, "\n");
        indent(b, 4);
        put(b, "}");
    }
    if (any) {
        put(b, "\n");
        indent(b, 3);
        put(b, "}");
    } else {
        member(b, 3, &first, "values");
        put(b, "{}");
    }
    put(b, "\n");
    indent(b, 2);
    put(b, "}");
}

parley_status parley_scenario_write_json(const parley_scenario *s, parley_buf *b) {
    if (!s || !b)
        return PARLEY_EINVAL;
    int first = 1;
    put(b, "{");
    member(b, 1, &first, "parley");
    put(b, "1");
    member(b, 1, &first, "name");
    put_string(b, s->name);
    if (s->description) {
        member(b, 1, &first, "description");
        put_string(b, s->description);
    }
    if (s->source) {
        member(b, 1, &first, "source");
        put_string(b, s->source);
    }
    if (s->as_of) {
        member(b, 1, &first, "as_of");
        put_string(b, s->as_of);
    }
    member(b, 1, &first, "salience_scale");
    put(b, s->salience_scale == PARLEY_SALIENCE_PERCENT ? "100" : "1");
    member(b, 1, &first, "issues");
    put(b, "[\n");
    for (size_t i = 0; i < s->n_issues; ++i) {
        write_issue(b, &s->issues[i]);
        put(b, i + 1 < s->n_issues ? ",\n" : "\n");
    }
    indent(b, 1);
    put(b, "]");
    member(b, 1, &first, "actors");
    put(b, "[\n");
    for (size_t a = 0; a < s->n_actors; ++a) {
        write_actor(b, s, a);
        put(b, a + 1 < s->n_actors ? ",\n" : "\n");
    }
    indent(b, 1);
    put(b, "]\n}\n");
    return b->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
