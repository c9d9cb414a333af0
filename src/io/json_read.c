/* parley: reader of the native JSON format (docs/scenario-format.md).
 *
 * jansson parses the text (rejecting duplicate keys) and reports syntax
 * errors with line and column.  jansson keeps no positions for values, so
 * semantic problems are reported with JSON paths
 * ("$.actors[2].values.sanctions.position").  Every problem is recorded;
 * the reader goes on after each one, filling what it could read, so that
 * validation can still report the remaining problems.
 *
 * Issue bounds: "scale.min" and "scale.max" default to 0 and 100.  The
 * defaults are part of the format, so bounds read from JSON always have
 * bounds_given = 1.
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "io/internal.h"
#include "io/reader.h"
#include "scenario/internal.h"

#define JPATH 256

typedef struct reader {
    const char *file;
    parley_diags *diags;
    int nomem;
} reader;

static void problem(reader *r, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void problem(reader *r, const char *path, const char *fmt, ...) {
    char msg[PARLEY_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    parley_i_vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (parley_diags_add(r->diags, PARLEY_SEV_ERROR, PARLEY_EDATA, r->file, 0, 0, path, "%s", msg))
        r->nomem = 1;
}

/* "a string", "an object" ... for messages. */
static const char *kind(const json_t *j) {
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

static void nomem_if(reader *r, parley_status st) {
    if (st != PARLEY_OK)
        r->nomem = 1;
}

/* Records an error for every member of obj that is not in allowed (a
 * NULL-terminated list) and does not start with '_'. */
static void check_members(reader *r, const json_t *obj, const char *path,
                          const char *const *allowed) {
    const char *key;
    json_t *value;
    char p[JPATH], expected[200];
    size_t len = 0;
    expected[0] = '\0';
    for (const char *const *a = allowed; *a; ++a) {
        int k =
            snprintf(expected + len, sizeof expected - len, "%s%s", a == allowed ? "" : ", ", *a);
        if (k > 0 && (size_t)k < sizeof expected - len)
            len += (size_t)k;
    }
    json_object_foreach((json_t *)obj, key, value) {
        if (key[0] == '_')
            continue;
        int known = 0;
        for (const char *const *a = allowed; *a && !known; ++a)
            known = strcmp(*a, key) == 0;
        if (!known)
            problem(r, parley_i_path_member(p, sizeof p, path, key),
                    "unknown member \"%s\" (expected one of: %s; or a name starting with '_')", key,
                    expected);
    }
}

/* Reads an optional or required string member; returns 1 if read. */
static int get_string(reader *r, const json_t *obj, const char *path, const char *key, int required,
                      char **out) {
    char p[JPATH];
    json_t *j = json_object_get(obj, key);
    parley_i_path_member(p, sizeof p, path, key);
    if (!j) {
        if (required)
            problem(r, p, "missing required member \"%s\" (expected a string)", key);
        return 0;
    }
    if (!json_is_string(j)) {
        problem(r, p, "expected a string, found %s", kind(j));
        return 0;
    }
    nomem_if(r, parley_set_string(out, json_string_value(j)));
    return 1;
}

/* Reads a plain number member; returns 1 if read, 0 if absent, -1 if invalid. */
static int get_number(reader *r, const json_t *obj, const char *path, const char *key, int required,
                      double *out) {
    char p[JPATH];
    json_t *j = json_object_get(obj, key);
    parley_i_path_member(p, sizeof p, path, key);
    if (!j) {
        if (required)
            problem(r, p, "missing required member \"%s\" (expected a number)", key);
        return 0;
    }
    if (!json_is_number(j)) {
        problem(r, p, "expected a number, found %s", kind(j));
        *out = NAN;
        return -1;
    }
    *out = json_number_value(j);
    return 1;
}

/* Reads a value (a number or {"value": NUMBER, "note": TEXT}).  Returns 1 if
 * read, 0 if absent, -1 if invalid (*out = NaN, error recorded). */
static int get_value(reader *r, const json_t *obj, const char *path, const char *key, int required,
                     const char *what, double *out, char **note) {
    static const char *const members[] = {"value", "note", NULL};
    char p[JPATH];
    json_t *j = json_object_get(obj, key);
    parley_i_path_member(p, sizeof p, path, key);
    *out = NAN;
    if (!j) {
        if (required)
            problem(r, p,
                    "missing required member \"%s\" (expected %s: a number or {\"value\": NUMBER, "
                    "\"note\": TEXT})",
                    key, what);
        return 0;
    }
    if (json_is_number(j)) {
        *out = json_number_value(j);
        return 1;
    }
    if (!json_is_object(j)) {
        problem(r, p, "expected %s (a number or {\"value\": NUMBER, \"note\": TEXT}), found %s",
                what, kind(j));
        return -1;
    }
    check_members(r, j, p, members);
    double v;
    int got = get_number(r, j, p, "value", 1, &v);
    get_string(r, j, p, "note", 0, note);
    if (got != 1)
        return -1;
    *out = v;
    return 1;
}

/* Reads a member that must be an array (non-empty if nonempty); NULL if not. */
static json_t *get_array(reader *r, const json_t *obj, const char *path, const char *key,
                         int required, int nonempty) {
    char p[JPATH];
    json_t *j = json_object_get(obj, key);
    parley_i_path_member(p, sizeof p, path, key);
    if (!j) {
        if (required)
            problem(r, p, "missing required member \"%s\" (expected an array)", key);
        return NULL;
    }
    if (!json_is_array(j)) {
        problem(r, p, "expected an array, found %s", kind(j));
        return NULL;
    }
    if (nonempty && json_array_size(j) == 0) {
        problem(r, p, "expected a non-empty array, found an empty array");
        return NULL;
    }
    return j;
}

static void read_labels(reader *r, parley_issue *issue, const json_t *labels, const char *path) {
    static const char *const members[] = {"at", "label", NULL};
    char p[JPATH];
    size_t k;
    json_t *item;
    json_array_foreach(labels, k, item) {
        parley_i_path_index(p, sizeof p, path, k);
        if (!json_is_object(item)) {
            problem(r, p, "expected an object {\"at\": NUMBER, \"label\": TEXT}, found %s",
                    kind(item));
            continue;
        }
        check_members(r, item, p, members);
        double at;
        char *label = NULL;
        int got_at = get_number(r, item, p, "at", 1, &at);
        int got_label = get_string(r, item, p, "label", 1, &label);
        if (got_at == 1 && got_label)
            nomem_if(r, parley_issue_add_label(issue, at, label));
        free(label);
    }
}

/* Reads an issue's "outcome" object (docs/scenario-format.md, "Outcomes"). */
static void read_outcome(reader *r, parley_issue *issue, const json_t *j, const char *path) {
    static const char *const members[] = {"value", "as_of", "source", "confidence", "note", NULL};
    parley_observed_outcome *o = &issue->outcome;
    if (!json_is_object(j)) {
        problem(r, path, "expected an object {\"value\", \"as_of\", \"source\"}, found %s",
                kind(j));
        return;
    }
    check_members(r, j, path, members);
    double v;
    if (get_number(r, j, path, "value", 1, &v) == 1) {
        o->has_value = 1;
        o->value = v;
    }
    get_string(r, j, path, "as_of", 1, &o->as_of);
    get_string(r, j, path, "source", 1, &o->source);
    get_string(r, j, path, "confidence", 0, &o->confidence);
    get_string(r, j, path, "note", 0, &o->note);
}

static void read_issue(reader *r, parley_issue *issue, const json_t *j, const char *path) {
    static const char *const members[] = {"name",       "description", "scale",
                                          "status_quo", "outcome",     NULL};
    static const char *const scale_members[] = {"min", "max", "labels", NULL};
    char p[JPATH];
    issue->lo = 0.0;
    issue->hi = 100.0;
    issue->bounds_given = 1;
    if (!json_is_object(j)) {
        problem(r, path, "expected an issue object, found %s", kind(j));
        return;
    }
    check_members(r, j, path, members);
    get_string(r, j, path, "name", 1, &issue->name);
    get_string(r, j, path, "description", 0, &issue->description);
    json_t *scale = json_object_get(j, "scale");
    if (scale) {
        parley_i_path_member(p, sizeof p, path, "scale");
        if (!json_is_object(scale)) {
            problem(r, p, "expected an object {\"min\", \"max\", \"labels\"}, found %s",
                    kind(scale));
        } else {
            check_members(r, scale, p, scale_members);
            get_number(r, scale, p, "min", 0, &issue->lo);
            get_number(r, scale, p, "max", 0, &issue->hi);
            json_t *labels = get_array(r, scale, p, "labels", 0, 0);
            if (labels) {
                char lp[JPATH];
                read_labels(r, issue, labels, parley_i_path_member(lp, sizeof lp, p, "labels"));
            }
        }
    }
    double q;
    if (get_value(r, j, path, "status_quo", 0, "a status quo", &q, &issue->status_quo_note) != 0) {
        issue->has_status_quo = 1;
        issue->status_quo = q;
    }
    json_t *outcome = json_object_get(j, "outcome");
    if (outcome)
        read_outcome(r, issue, outcome, parley_i_path_member(p, sizeof p, path, "outcome"));
}

/* Reads actor a's "values" member into its cells. */
static void read_values(reader *r, parley_scenario *s, size_t a, const json_t *values,
                        const char *path, int has_capability, double capability,
                        const char *capability_note) {
    static const char *const members[] = {"position", "salience", "capability", NULL};
    const char *key;
    json_t *j;
    char p[JPATH];
    json_object_foreach((json_t *)values, key, j) {
        /* a member starting with '_' is a comment unless an issue has that name */
        size_t i = parley_scenario_find_issue(s, key);
        if (key[0] == '_' && i == (size_t)-1)
            continue;
        parley_i_path_member(p, sizeof p, path, key);
        if (i == (size_t)-1) {
            problem(r, p, "\"%s\" names no issue (expected the name of an issue in $.issues)", key);
            continue;
        }
        parley_cell *c = parley_scenario_cell(s, a, i);
        c->present = 1;
        c->position = c->salience = c->capability = NAN;
        if (!json_is_object(j)) {
            problem(r, p, "expected an object {\"position\", \"salience\"}, found %s", kind(j));
            continue;
        }
        check_members(r, j, p, members);
        get_value(r, j, p, "position", 1, "a position", &c->position, &c->position_note);
        double sal;
        if (get_value(r, j, p, "salience", 1, "a salience", &sal, &c->salience_note) == 1)
            c->salience = s->salience_scale == PARLEY_SALIENCE_PERCENT ? sal / 100.0 : sal;
        int got = get_value(r, j, p, "capability", 0, "a capability", &c->capability,
                            &c->capability_note);
        if (got == 0 && has_capability) {
            c->capability = capability;
            nomem_if(r, parley_set_string(&c->capability_note, capability_note));
        } else if (got == 0 && !json_object_get(j, "capability")) {
            char cp[JPATH];
            problem(r, parley_i_path_member(cp, sizeof cp, p, "capability"),
                    "missing member \"capability\" (expected a capability here, since the actor "
                    "states none)");
        }
    }
}

static void read_actor(reader *r, parley_scenario *s, size_t a, const json_t *j, const char *path) {
    static const char *const members[] = {"name", "description", "capability", "values", NULL};
    char p[JPATH];
    if (!json_is_object(j)) {
        problem(r, path, "expected an actor object, found %s", kind(j));
        return;
    }
    check_members(r, j, path, members);
    get_string(r, j, path, "name", 1, &s->actors[a].name);
    get_string(r, j, path, "description", 0, &s->actors[a].description);
    double capability;
    char *note = NULL;
    int got = get_value(r, j, path, "capability", 0, "a capability", &capability, &note);
    if (got == 1 && !(capability >= 0.0)) {
        /* Checked here because cells that state their own capability never
         * inherit this value, so validation of the cells would not see it. */
        char cp[JPATH];
        problem(r, parley_i_path_member(cp, sizeof cp, path, "capability"),
                "negative capability %.17g (expected a number >= 0)", capability);
    }
    json_t *values = json_object_get(j, "values");
    parley_i_path_member(p, sizeof p, path, "values");
    if (!values)
        problem(r, p,
                "missing required member \"values\" (expected an object keyed by issue name)");
    else if (!json_is_object(values))
        problem(r, p, "expected an object keyed by issue name, found %s", kind(values));
    else
        /* An invalid actor capability was reported; cells inherit NaN silently. */
        read_values(r, s, a, values, p, got != 0, capability, note);
    free(note);
}

static void read_root(reader *r, parley_scenario *s, const json_t *root, const json_t *issues,
                      const json_t *actors) {
    get_string(r, root, "$", "name", 1, &s->name);
    get_string(r, root, "$", "description", 0, &s->description);
    get_string(r, root, "$", "source", 0, &s->source);
    get_string(r, root, "$", "as_of", 0, &s->as_of);
    char p[JPATH];
    size_t k;
    json_t *item;
    if (issues) {
        json_array_foreach(issues, k, item) {
            read_issue(r, &s->issues[k], item, parley_i_path_index(p, sizeof p, "$.issues", k));
        }
    }
    if (actors) {
        json_array_foreach(actors, k, item) {
            read_actor(r, s, k, item, parley_i_path_index(p, sizeof p, "$.actors", k));
        }
    }
}

/* Reads "parley" and "salience_scale"; returns the salience scale (1 when invalid). */
static int read_header(reader *r, const json_t *root) {
    json_t *v = json_object_get(root, "parley");
    if (!v)
        problem(r, "$.parley",
                "missing required member \"parley\" (expected the format version 1)");
    else if (!json_is_integer(v))
        problem(r, "$.parley", "expected the format version 1, found %s", kind(v));
    else if (json_integer_value(v) != 1)
        problem(r, "$.parley", "unsupported format version %lld (expected 1)",
                (long long)json_integer_value(v));
    json_t *sc = json_object_get(root, "salience_scale");
    if (!sc) {
        problem(r, "$.salience_scale",
                "missing required member \"salience_scale\" (expected 1 for 0-1 or 100 for 0-100)");
        return 1;
    }
    if (!json_is_number(sc)) {
        problem(r, "$.salience_scale", "expected 1 or 100, found %s", kind(sc));
        return 1;
    }
    double x = json_number_value(sc);
    if (x != 1.0 && x != 100.0) {
        char b[PARLEY_I_NUMBUF];
        problem(r, "$.salience_scale", "salience scale %s is not supported (expected 1 or 100)",
                parley_i_format_double(x, b));
        return 1;
    }
    return (int)x;
}

/* One open object or array of the JSON text being scanned. */
typedef struct jframe {
    int object;      /* 1: object, 0: array */
    size_t index;    /* array: index of the current element */
    const char *key; /* object: the current member's key, quoted, as written */
    size_t key_len;
} jframe;

/* The JSON path ($.a.b[2]) of the value inside frames[0..depth). */
static void frames_path(const jframe *frames, size_t depth, char *out, size_t n) {
    char tmp[JPATH];
    snprintf(out, n, "$");
    for (size_t k = 0; k < depth; ++k) {
        snprintf(tmp, sizeof tmp, "%s", out);
        if (!frames[k].object) {
            parley_i_path_index(out, n, tmp, frames[k].index);
            continue;
        }
        json_t *key = frames[k].key
                          ? json_loadb(frames[k].key, frames[k].key_len, JSON_DECODE_ANY, NULL)
                          : NULL;
        parley_i_path_member(out, n, tmp,
                             key && json_is_string(key) ? json_string_value(key) : "?");
        json_decref(key);
    }
}

/* jansson turns a number too close to zero for a double (1e-400) into 0
 * without a word, and keeps no text of it.  This scans the text jansson
 * accepted (so it is valid JSON) for its number tokens and checks each with
 * the one number parser, reporting an underflow at its line, column and
 * JSON path. */
static void check_number_range(reader *r, const char *text, size_t size) {
    size_t depth = 0, cap = 0, line = 1, column = 1;
    jframe *frames = NULL;
    int want_key = 0;
    size_t pos = 0;
    while (pos < size) {
        char c = text[pos];
        if (c == '{' || c == '[') {
            if (depth == cap) {
                size_t ncap = cap ? 2 * cap : 16;
                jframe *f = realloc(frames, ncap * sizeof *f);
                if (!f) {
                    r->nomem = 1;
                    break;
                }
                frames = f;
                cap = ncap;
            }
            frames[depth++] = (jframe){c == '{', 0, NULL, 0};
            want_key = c == '{';
        } else if (c == '}' || c == ']') {
            if (depth > 0)
                --depth;
            want_key = 0;
        } else if (c == ',') {
            if (depth > 0 && !frames[depth - 1].object)
                frames[depth - 1].index++;
            want_key = depth > 0 && frames[depth - 1].object;
        } else if (c == '"') {
            size_t end = pos + 1;
            while (end < size && text[end] != '"')
                end += text[end] == '\\' ? 2 : 1;
            if (end >= size)
                break;
            if (want_key && depth > 0) {
                frames[depth - 1].key = text + pos;
                frames[depth - 1].key_len = end + 1 - pos;
                want_key = 0;
            }
            for (size_t k = pos + 1; k < end; ++k)
                column += ((unsigned char)text[k] & 0xC0) != 0x80;
            column += 2;
            pos = end + 1;
            continue;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t end = pos;
            while (end < size &&
                   (text[end] == '-' || text[end] == '+' || text[end] == '.' || text[end] == 'e' ||
                    text[end] == 'E' || (text[end] >= '0' && text[end] <= '9')))
                ++end;
            double v;
            int rc = parley_i_parse_real(text + pos, end - pos, &v);
            if (rc == PARLEY_I_NUM_NOMEM) {
                r->nomem = 1;
            } else if (rc != PARLEY_I_NUM_OK) {
                char path[JPATH], num[48];
                snprintf(num, sizeof num, "%.*s", (int)(end - pos < 40 ? end - pos : 40),
                         text + pos);
                frames_path(frames, depth, path, sizeof path);
                if (parley_diags_add(r->diags, PARLEY_SEV_ERROR, PARLEY_EDATA, r->file, line,
                                     column, NULL, "number %s%s at %s %s%s", num,
                                     end - pos > 40 ? "..." : "", path, parley_i_number_problem(rc),
                                     rc == PARLEY_I_NUM_UNDERFLOW ? "; write 0 if 0 is meant" : ""))
                    r->nomem = 1;
            }
            column += end - pos;
            pos = end;
            continue;
        } else if (c == '\n') {
            ++line;
            column = 0;
        }
        ++pos;
        ++column;
    }
    free(frames);
}

parley_status parley_i_read_json(parley_scenario *s, const char *data, size_t size,
                                 const char *file, parley_diags *diags) {
    static const char *const members[] = {"parley", "name",   "description",
                                          "source", "as_of",  "salience_scale",
                                          "issues", "actors", NULL};
    memset(s, 0, sizeof *s);
    size_t bom = parley_i_bom_length(data, size);
    json_error_t jerr;
    json_t *root = json_loadb(data + bom, size - bom, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        parley_diags_add(
            diags, PARLEY_SEV_ERROR, PARLEY_EPARSE, file, jerr.line > 0 ? (size_t)jerr.line : 0,
            jerr.column > 0 ? (size_t)jerr.column : 0, NULL, "invalid JSON: %s", jerr.text);
        return PARLEY_EPARSE;
    }
    reader r = {file, diags, 0};
    size_t errors_before = diags->n_errors;
    parley_status st = PARLEY_OK;
    if (!json_is_object(root)) {
        problem(&r, "$", "expected a scenario object, found %s", kind(root));
        json_decref(root);
        return r.nomem ? PARLEY_ENOMEM : PARLEY_EDATA;
    }
    check_number_range(&r, data + bom, size - bom);
    check_members(&r, root, "$", members);
    int scale = read_header(&r, root);
    json_t *issues = get_array(&r, root, "$", "issues", 1, 1);
    json_t *actors = get_array(&r, root, "$", "actors", 1, 1);
    if (!parley_i_cells_ok(actors ? json_array_size(actors) : 0,
                           issues ? json_array_size(issues) : 0, file, 0, 0, "$", diags)) {
        json_decref(root);
        return PARLEY_EDATA;
    }
    st = parley_scenario_init(s, actors ? json_array_size(actors) : 0,
                              issues ? json_array_size(issues) : 0);
    if (st == PARLEY_OK) {
        s->salience_scale = scale == 100 ? PARLEY_SALIENCE_PERCENT : PARLEY_SALIENCE_UNIT;
        s->salience_scale_inferred = 0;
        read_root(&r, s, root, issues, actors);
        if (r.nomem)
            st = PARLEY_ENOMEM;
        else if (diags->n_errors > errors_before)
            st = PARLEY_EDATA;
    }
    json_decref(root);
    if (st == PARLEY_ENOMEM)
        parley_scenario_destroy(s);
    return st;
}
