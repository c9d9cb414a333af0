/* parley: reader of KTAB's XML scenario (schema smpSchema.xsd of KAPSARC's
 * KTAB; structure in docs/formats.md), parsed with libxml2.
 *
 *   <Scenario> <name/> <desc/> <prngSeed/> [<ModelParameters/>]
 *     [<Dimensions> <dName/>... </Dimensions>]
 *     <Actors> <Actor> <name/> <description/> <capability/>
 *                      <Position> <dCoord/>... </Position>
 *                      <Salience> <dSal/>... </Salience> </Actor>... </Actors>
 *     [<IdealAdjustment> <iaPair> <adjustingIdeal/> <referencePos/> <adjust/>
 *      </iaPair>... </IdealAdjustment>]
 *   </Scenario>
 *
 * Every problem names the element and its line.  parley follows the schema
 * where KTAB's reader and schema disagree, and treats as the schema allows:
 * missing <Dimensions> (names dim1..dimK, with a note), missing
 * <IdealAdjustment> (identity, with a warning: KTAB's own reader rejects
 * the file).  What a parley scenario does not hold -- the model parameters,
 * the seed and the ideal-adjustment matrix -- is checked, then left out
 * with a warning.  Network access and entity expansion are off.
 * SPDX-License-Identifier: MIT
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "io/csv.h"
#include "io/internal.h"
#include "io/reader.h"

typedef struct xreader {
    const char *file;
    parley_diags *diags;
    int nomem;
} xreader;

static void xdiag(xreader *r, parley_severity sev, parley_status st, const xmlNode *n,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static void xdiag(xreader *r, parley_severity sev, parley_status st, const xmlNode *n,
                  const char *fmt, ...) {
    char msg[PARLEY_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    parley_i_vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long line = n ? xmlGetLineNo(n) : 0;
    if (parley_diags_add(r->diags, sev, st, r->file, line > 0 ? (size_t)line : 0, 0, NULL, "%s",
                         msg))
        r->nomem = 1;
}

#define XERR(r, n, ...) xdiag((r), PARLEY_SEV_ERROR, PARLEY_EDATA, (n), __VA_ARGS__)

static int is(const xmlNode *n, const char *name) {
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *first_element(const xmlNode *n) {
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static const xmlNode *next_element(const xmlNode *n) {
    return n ? first_element(n->next) : NULL;
}

/* The one child element called name, or NULL (an error if required). */
static const xmlNode *child(xreader *r, const xmlNode *parent, const char *name, int required) {
    for (const xmlNode *c = first_element(parent->children); c; c = next_element(c))
        if (is(c, name))
            return c;
    if (required)
        XERR(r, parent, "<%s> has no <%s> element (expected one)", (const char *)parent->name,
             name);
    return NULL;
}

/* The element's text, trimmed, malloc'ed ("" if empty). */
static char *content(xreader *r, const xmlNode *n) {
    xmlChar *x = xmlNodeGetContent(n);
    const char *s = x ? (const char *)x : "";
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        ++s;
    size_t len = strlen(s);
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        --len;
    char *out = malloc(len + 1);
    if (out) {
        memcpy(out, s, len);
        out[len] = '\0';
    } else {
        r->nomem = 1;
    }
    xmlFree(x);
    return out;
}

/* Reads the number in element n (what names it in messages, e.g. "<dCoord>
 * 1 of actor Alice").  Returns 1 if it is a finite number. */
static int number(xreader *r, const xmlNode *n, const char *what, double *out) {
    char *s = content(r, n);
    char shown[64], fixed[64];
    int ok = 0;
    if (!s)
        return 0;
    if (!s[0])
        XERR(r, n, "empty <%s> (%s; expected a number)", (const char *)n->name, what);
    else {
        int rc = parley_i_parse_real(s, strlen(s), out);
        if (rc == PARLEY_I_NUM_NOMEM)
            r->nomem = 1;
        else if (rc == PARLEY_I_NUM_UNDERFLOW)
            XERR(
                r, n,
                "<%s> holds %s (%s; too close to zero, underflows a double; write 0 if 0 is meant)",
                (const char *)n->name, parley_i_show(s, shown, sizeof shown), what);
        else if (rc != PARLEY_I_NUM_OK && parley_i_number_fix(s, strlen(s), fixed, sizeof fixed))
            XERR(r, n, "<%s> holds %s (%s; write %s: no '+', digits on both sides of '.')",
                 (const char *)n->name, parley_i_show(s, shown, sizeof shown), what, fixed);
        else if (rc != PARLEY_I_NUM_OK)
            XERR(r, n, "<%s> holds %s (%s; expected a finite number)", (const char *)n->name,
                 parley_i_show(s, shown, sizeof shown), what);
        else
            ok = 1;
    }
    free(s);
    return ok;
}

static const char *const model_parameters[] = {
    "VictoryProbModel", "PCEModel",         "StateTransitions", "VotingRule", "BigRAdjust",
    "BigRRange",        "ThirdPartyCommit", "InterVecBrgn",     "BargnModel"};

/* Checks <ModelParameters>: all nine children, in order (KTAB requires that). */
static void read_model_parameters(xreader *r, const xmlNode *mp) {
    const xmlNode *c = first_element(mp->children);
    for (size_t k = 0; k < sizeof model_parameters / sizeof model_parameters[0];
         ++k, c = next_element(c)) {
        if (!is(c, model_parameters[k])) {
            XERR(r, c ? c : mp,
                 "<ModelParameters> needs <%s> as child %zu (expected all nine parameters in "
                 "the schema's order)",
                 model_parameters[k], k + 1);
            return;
        }
    }
    xdiag(r, PARLEY_SEV_WARNING, PARLEY_OK, mp,
          "<ModelParameters> left out: a parley scenario holds no model switches (choose them with "
          "options)");
}

/* Reads one <Actor> a: name and description into s, capability into *cap,
 * positions and saliences into pos[a] and sal[a] (K entries each). */
static void read_actor(xreader *r, parley_scenario *s, size_t a, const xmlNode *an, size_t K,
                       double **pos, double **sal, double *cap_out) {
    char shown[64], what[128];
    const xmlNode *nn = child(r, an, "name", 1), *dn = child(r, an, "description", 0),
                  *cn = child(r, an, "capability", 1), *pn = child(r, an, "Position", 1),
                  *sn = child(r, an, "Salience", 1);
    char *name = nn ? content(r, nn) : NULL;
    if (nn && name && !name[0])
        XERR(r, nn, "empty <name> of actor %zu (expected a name)", a + 1);
    if (parley_set_string(&s->actors[a].name, name))
        r->nomem = 1;
    if (dn) {
        char *d = content(r, dn);
        if (d && d[0] && parley_set_string(&s->actors[a].description, d))
            r->nomem = 1;
        free(d);
    }
    const char *who = name && name[0] ? name : "?";
    parley_i_show(who, shown, sizeof shown);
    double cap = NAN;
    snprintf(what, sizeof what, "capability of actor %s", shown);
    if (cn && number(r, cn, what, &cap) && !(cap >= 0))
        XERR(r, cn, "negative <capability> of actor %s (expected >= 0)", shown);
    *cap_out = cap;
    for (int which = 0; which < 2; ++which) {
        const xmlNode *list = which == 0 ? pn : sn;
        const char *item = which == 0 ? "dCoord" : "dSal";
        if (!list)
            continue;
        size_t count = 0;
        for (const xmlNode *c = first_element(list->children); c; c = next_element(c)) {
            if (!is(c, item)) {
                XERR(r, c, "unexpected <%s> in <%s> of actor %s (expected <%s>)",
                     (const char *)c->name, (const char *)list->name, shown, item);
                continue;
            }
            count++;
        }
        if (count != K) {
            XERR(r, list, "<%s> of actor %s has %zu <%s> (expected one per dimension: %zu)",
                 (const char *)list->name, shown, count, item, K);
            continue;
        }
        size_t k = 0;
        double sum = 0;
        for (const xmlNode *c = first_element(list->children); c; c = next_element(c)) {
            if (!is(c, item))
                continue;
            double v = NAN;
            snprintf(what, sizeof what, "%s %zu of actor %s",
                     which == 0 ? "position on dimension" : "salience on dimension", k + 1, shown);
            if (number(r, c, what, &v) && !(v >= 0 && v <= 100))
                XERR(r, c, "<%s> %s is outside [0, 100] (%s; expected KTAB's 0-100 scale)", item,
                     parley_i_format_double(v, (char[PARLEY_I_NUMBUF]){0}), what);
            if (which == 1 && isfinite(v))
                sum += v;
            if (k < K)
                (which == 0 ? pos : sal)[a][k] = v;
            k++;
        }
        if (which == 1 && sum > 100)
            XERR(r, list, "saliences of actor %s sum to %s (expected a total of at most 100)",
                 shown, parley_i_format_double(sum, (char[PARLEY_I_NUMBUF]){0}));
    }
    free(name);
}

/* Checks <IdealAdjustment> (actor names, 0 <= a_ij, row sums <= 1), then
 * leaves it out with a warning. */
static void read_ideal_adjustment(xreader *r, const parley_scenario *s, const xmlNode *ia) {
    double *row_sum = calloc(s->n_actors + 1, sizeof *row_sum);
    if (!row_sum) {
        r->nomem = 1;
        return;
    }
    char shown[64];
    int identity = 1;
    for (const xmlNode *p = first_element(ia->children); p; p = next_element(p)) {
        if (!is(p, "iaPair")) {
            XERR(r, p, "unexpected <%s> in <IdealAdjustment> (expected <iaPair>)",
                 (const char *)p->name);
            continue;
        }
        const xmlNode *an = child(r, p, "adjustingIdeal", 1), *rn = child(r, p, "referencePos", 1),
                      *vn = child(r, p, "adjust", 1);
        if (!an || !rn || !vn)
            continue;
        char *from = content(r, an), *to = content(r, rn);
        size_t i = from ? parley_scenario_find_actor(s, from) : (size_t)-1;
        size_t j = to ? parley_scenario_find_actor(s, to) : (size_t)-1;
        if (from && i == (size_t)-1)
            XERR(r, an, "<adjustingIdeal> %s names no actor (expected an actor's <name>)",
                 parley_i_show(from, shown, sizeof shown));
        if (to && j == (size_t)-1)
            XERR(r, rn, "<referencePos> %s names no actor (expected an actor's <name>)",
                 parley_i_show(to, shown, sizeof shown));
        double v;
        if (number(r, vn, "ideal adjustment", &v)) {
            if (v < 0)
                XERR(r, vn, "negative <adjust> %s (expected >= 0)",
                     parley_i_format_double(v, (char[PARLEY_I_NUMBUF]){0}));
            else if (i != (size_t)-1) {
                row_sum[i] += v;
                if (row_sum[i] > 1 + 1e-12)
                    XERR(r, vn, "ideal adjustments of actor %s sum to %s here (expected at most 1)",
                         parley_i_show(from, shown, sizeof shown),
                         parley_i_format_double(row_sum[i], (char[PARLEY_I_NUMBUF]){0}));
            }
            if (i != j || v != 1)
                identity = 0;
        }
        free(from);
        free(to);
    }
    if (!identity)
        xdiag(r, PARLEY_SEV_WARNING, PARLEY_OK, ia,
              "<IdealAdjustment> left out: a parley scenario holds no ideal-adjustment matrix");
    free(row_sum);
}

parley_status parley_i_read_ktab_xml(parley_scenario *s, const char *data, size_t size,
                                     const char *file, parley_diags *diags) {
    memset(s, 0, sizeof *s);
    xreader r = {file, diags, 0};
    size_t errors_before = diags->n_errors;
    if (size > (size_t)0x7fffffff) {
        parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EPARSE, file, 0, 0, NULL,
                         "file too large for XML (over 2 GiB)");
        return PARLEY_EPARSE;
    }
    /* KTAB's files are UTF-8 text: reject NUL bytes and invalid UTF-8 with
     * line and column before libxml2 sees them */
    {
        parley_i_csv probe;
        parley_i_csv_init(&probe, file, diags);
        size_t bom = parley_i_bom_length(data, size);
        int ok = parley_i_csv_check_encoding(&probe, data + bom, size - bom);
        parley_i_csv_destroy(&probe);
        if (!ok)
            return probe.nomem ? PARLEY_ENOMEM : PARLEY_EPARSE;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return PARLEY_ENOMEM;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)size, file, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                          XML_PARSE_BIG_LINES);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[PARLEY_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "not well-formed");
        size_t len = strlen(msg);
        while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
            msg[--len] = '\0';
        parley_diags_add(diags, PARLEY_SEV_ERROR, PARLEY_EPARSE, file,
                         e && e->line > 0 ? (size_t)e->line : 0,
                         e && e->int2 > 0 ? (size_t)e->int2 : 0, NULL, "invalid XML: %s", msg);
        xmlFreeParserCtxt(ctxt);
        return PARLEY_EPARSE;
    }
    parley_status st = PARLEY_OK;
    double **pos = NULL, **sal = NULL;
    double *caps = NULL;
    size_t n = 0;
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!is(root, "Scenario")) {
        XERR(&r, root, "root element <%s> (expected <Scenario>)",
             root ? (const char *)root->name : "");
        goto done;
    }
    /* unknown children */
    static const char *const known[] = {"name",       "desc",   "prngSeed",       "ModelParameters",
                                        "Dimensions", "Actors", "IdealAdjustment"};
    for (const xmlNode *c = first_element(root->children); c; c = next_element(c)) {
        size_t k = 0;
        while (k < sizeof known / sizeof known[0] && !is(c, known[k]))
            ++k;
        if (k == sizeof known / sizeof known[0])
            XERR(&r, c,
                 "unknown element <%s> in <Scenario> (expected name, desc, prngSeed, "
                 "ModelParameters, "
                 "Dimensions, Actors or IdealAdjustment)",
                 (const char *)c->name);
    }
    const xmlNode *name = child(&r, root, "name", 1), *desc = child(&r, root, "desc", 0),
                  *seed = child(&r, root, "prngSeed", 1),
                  *mp = child(&r, root, "ModelParameters", 0),
                  *dims = child(&r, root, "Dimensions", 0), *actors = child(&r, root, "Actors", 1),
                  *ia = child(&r, root, "IdealAdjustment", 0);
    if (seed) {
        char *sd = content(&r, seed);
        int ok = sd && sd[0] && strlen(sd) <= 20;
        for (const char *p = sd; ok && *p; ++p)
            ok = *p >= '0' && *p <= '9';
        if (sd && !ok)
            XERR(&r, seed, "<prngSeed> is not a whole number of at most 20 digits");
        free(sd);
    }
    if (mp)
        read_model_parameters(&r, mp);
    if (!actors)
        goto done;
    for (const xmlNode *a = first_element(actors->children); a; a = next_element(a)) {
        if (is(a, "Actor"))
            n++;
        else
            XERR(&r, a, "unexpected <%s> in <Actors> (expected <Actor>)", (const char *)a->name);
    }
    if (n == 0) {
        XERR(&r, actors, "<Actors> has no <Actor> (expected at least one)");
        goto done;
    }
    if (n < 3)
        xdiag(&r, PARLEY_SEV_WARNING, PARLEY_OK, actors,
              "%zu actor%s: KTAB itself needs at least 3", n, n == 1 ? "" : "s");
    size_t K = 0;
    if (dims) {
        for (const xmlNode *c = first_element(dims->children); c; c = next_element(c)) {
            if (is(c, "dName"))
                K++;
            else
                XERR(&r, c, "unexpected <%s> in <Dimensions> (expected <dName>)",
                     (const char *)c->name);
        }
        if (K == 0)
            XERR(&r, dims, "<Dimensions> has no <dName> (expected one per dimension)");
    }
    pos = calloc(n, sizeof *pos);
    sal = calloc(n, sizeof *sal);
    caps = calloc(n, sizeof *caps);
    if (!pos || !sal || !caps) {
        st = PARLEY_ENOMEM;
        goto done;
    }
    /* A first look at the first actor fixes K when there is no <Dimensions>. */
    if (K == 0) {
        const xmlNode *a0 = child(&r, actors, "Actor", 0);
        const xmlNode *p0 = a0 ? child(&r, a0, "Position", 0) : NULL;
        for (const xmlNode *c = p0 ? first_element(p0->children) : NULL; c; c = next_element(c))
            if (is(c, "dCoord"))
                K++;
        if (K == 0) {
            XERR(&r, actors, "no dimensions (expected <Dimensions> or <dCoord> elements)");
            goto done;
        }
        if (K == 1)
            xdiag(&r, PARLEY_SEV_NOTE, PARLEY_OK, root,
                  "no <Dimensions>: the dimension is named dim1");
        else if (K == 2)
            xdiag(&r, PARLEY_SEV_NOTE, PARLEY_OK, root,
                  "no <Dimensions>: the 2 dimensions are named dim1 and dim2");
        else
            xdiag(&r, PARLEY_SEV_NOTE, PARLEY_OK, root,
                  "no <Dimensions>: the %zu dimensions are named dim1 ... dim%zu", K, K);
    }
    if (!parley_i_cells_ok(n, K, file, (size_t)xmlGetLineNo(actors), 0, NULL, diags))
        goto done;
    for (size_t a = 0; a < n; ++a) {
        pos[a] = malloc(K * sizeof **pos);
        sal[a] = malloc(K * sizeof **sal);
        if (!pos[a] || !sal[a]) {
            st = PARLEY_ENOMEM;
            goto done;
        }
        for (size_t k = 0; k < K; ++k)
            pos[a][k] = sal[a][k] = NAN;
    }
    if ((st = parley_scenario_init(s, n, K)) != PARLEY_OK)
        goto done;
    s->salience_scale = PARLEY_SALIENCE_PERCENT;
    s->salience_scale_inferred = 0;
    char *text = name ? content(&r, name) : NULL;
    if (parley_set_string(&s->name, text && text[0] ? text : "ktab"))
        r.nomem = 1;
    free(text);
    text = desc ? content(&r, desc) : NULL;
    if (text && text[0] && parley_set_string(&s->description, text))
        r.nomem = 1;
    free(text);
    size_t k = 0;
    for (const xmlNode *c = dims ? first_element(dims->children) : NULL; c; c = next_element(c)) {
        if (!is(c, "dName"))
            continue;
        char *dn = content(&r, c);
        if (dn && !dn[0])
            XERR(&r, c, "empty <dName> of dimension %zu (expected a name)", k + 1);
        if (parley_set_string(&s->issues[k].name, dn))
            r.nomem = 1;
        free(dn);
        k++;
    }
    for (k = 0; k < K && !dims; ++k) {
        char dn[32];
        snprintf(dn, sizeof dn, "dim%zu", k + 1);
        if (parley_set_string(&s->issues[k].name, dn))
            r.nomem = 1;
    }
    for (k = 0; k < K; ++k) {
        s->issues[k].lo = 0;
        s->issues[k].hi = 100;
        s->issues[k].bounds_given = 1;
    }
    size_t a = 0;
    for (const xmlNode *an = first_element(actors->children); an; an = next_element(an)) {
        if (!is(an, "Actor"))
            continue;
        read_actor(&r, s, a, an, K, pos, sal, &caps[a]);
        a++;
    }
    for (a = 0; a < n; ++a)
        for (k = 0; k < K; ++k) {
            parley_cell *c = parley_scenario_cell(s, a, k);
            c->present = 1;
            c->position = pos[a][k];
            c->salience = sal[a][k] / 100.0;
            c->capability = caps[a];
        }
    if (ia)
        read_ideal_adjustment(&r, s, ia);
    else
        xdiag(&r, PARLEY_SEV_WARNING, PARLEY_OK, actors,
              "no <IdealAdjustment> element after <Actors> (the schema allows that; KTAB's own "
              "reader rejects the "
              "file): the identity matrix is assumed");
done:
    if (pos)
        for (size_t a2 = 0; a2 < n; ++a2)
            free(pos[a2]);
    if (sal)
        for (size_t a2 = 0; a2 < n; ++a2)
            free(sal[a2]);
    free(pos);
    free(sal);
    free(caps);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    if (r.nomem && st == PARLEY_OK)
        st = PARLEY_ENOMEM;
    if (st == PARLEY_OK && diags->n_errors > errors_before)
        st = PARLEY_EDATA;
    if (st != PARLEY_OK)
        parley_scenario_destroy(s);
    return st;
}
