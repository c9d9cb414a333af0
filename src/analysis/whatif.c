/* The what-if of the command line in text form (--set, --drop), on top of
 * parley_change_parse and parley_whatif_apply (leverage.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include <parley/experts.h>
#include <parley/leverage.h>
#include <parley/parley.h>

#include "scenario/internal.h"

/* A NULL array of n > 0 texts, or a NULL text in one, is the caller's
 * mistake: refused (PARLEY_EINVAL) before any is read.  *bad (may be NULL)
 * as parley_whatif_apply_text's. */
static parley_status parley_i_texts_check(const char *const *sets, size_t n_sets,
                                          const char *const *drops, size_t n_drops, size_t *bad,
                                          parley_error *err) {
    if ((!sets && n_sets) || (!drops && n_drops))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "%s: NULL array of %zu texts",
                                !sets && n_sets ? "set" : "drop",
                                !sets && n_sets ? n_sets : n_drops);
    for (size_t k = 0; k < n_sets + n_drops; ++k)
        if (!(k < n_sets ? sets[k] : drops[k - n_sets])) {
            if (bad)
                *bad = k;
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "%s: text %zu is NULL",
                                    k < n_sets ? "set" : "drop", k < n_sets ? k : k - n_sets);
        }
    return PARLEY_OK;
}

parley_status parley_whatif_apply_text(parley_scenario *out, const parley_scenario *base,
                                       const char *const *sets, size_t n_sets,
                                       const char *const *drops, size_t n_drops, size_t *bad,
                                       parley_error *err) {
    if (bad)
        *bad = (size_t)-1;
    parley_status bad_st = parley_i_texts_check(sets, n_sets, drops, n_drops, bad, err);
    if (bad_st != PARLEY_OK) {
        memset(out, 0, sizeof *out); /* initialised in every case, as documented */
        return bad_st;
    }
    if (parley_scenario_copy(out, base) != PARLEY_OK)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_change *changes = calloc(n_sets + 1, sizeof *changes);
    size_t *gone = calloc(n_drops + 1, sizeof *gone);
    parley_status st = PARLEY_OK;
    if (!changes || !gone)
        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    parley_error why;
    parley_error_clear(&why);
    for (size_t k = 0; st == PARLEY_OK && k < n_sets; ++k)
        if ((st = parley_change_parse(base, sets[k], &changes[k], &why)) != PARLEY_OK) {
            /* why names the text: "'a.b.position=x': ..." */
            parley_error_set(err, st, NULL, 0, 0, "set %s", why.message);
            if (bad)
                *bad = k;
        }
    for (size_t k = 0; st == PARLEY_OK && k < n_drops; ++k) {
        gone[k] = parley_scenario_find_actor(base, drops[k]);
        if (gone[k] == (size_t)-1) {
            st = parley_i_no_actor(err, base, "drop", drops[k]);
            if (bad)
                *bad = n_sets + k;
        }
    }
    if (st == PARLEY_OK)
        st = parley_whatif_apply(out, changes, n_sets, gone, n_drops, err);
    free(changes);
    free(gone);
    return st;
}

parley_status parley_scenario_request_check(const parley_scenario_request *req, parley_error *err) {
    if (!req)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no scenario request");
    if (!req->experts && req->n_experts)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "--experts: NULL array of %zu coding files", req->n_experts);
    for (size_t k = 0; req->experts && k < req->n_experts; ++k)
        if (!req->experts[k])
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "--experts: coding file %zu is NULL", k);
    parley_status st =
        parley_i_texts_check(req->sets, req->n_sets, req->drops, req->n_drops, NULL, err);
    if (st != PARLEY_OK)
        return st;
    if (req->experts && req->n_experts < 2)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "--experts needs two or more coding files, not %zu",
                                req->n_experts);
    for (size_t k = 0; req->experts && k < req->n_experts; ++k)
        if (strcmp(req->experts[k], "-") == 0)
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "--experts reads each coding from a file: standard input "
                                    "('-') is not accepted (save it to a file)");
    const char *outcomes = req->ro ? req->ro->outcomes : NULL;
    if (req->experts)
        return parley_input_files_check("coding", req->experts, req->n_experts, outcomes, err);
    return parley_input_files_check("scenario", &req->file, req->file ? 1 : 0, outcomes, err);
}

parley_status parley_scenario_request_load(parley_scenario *orig, parley_scenario *changed,
                                           const parley_scenario_request *req, parley_diags *diags,
                                           parley_error *err) {
    memset(orig, 0, sizeof *orig);
    if (changed)
        memset(changed, 0, sizeof *changed);
    parley_status st;
    if (req->n_experts > 0) {
        parley_experts ex;
        st = parley_experts_load(&ex, req->experts, req->n_experts, PARLEY_FORMAT_UNKNOWN, req->ro,
                                 diags);
        if (st == PARLEY_OK)
            st = parley_scenario_copy(orig, &ex.aggregate);
        parley_experts_destroy(&ex);
    } else {
        st = req->file
                 ? parley_scenario_load(orig, req->file, PARLEY_FORMAT_UNKNOWN, req->ro, diags)
                 : parley_scenario_load_default(orig, req->ro, diags);
    }
    if (st != PARLEY_OK || !changed)
        return st;
    if (req->n_sets + req->n_drops == 0)
        return parley_scenario_copy(changed, orig);
    return parley_whatif_apply_text(changed, orig, req->sets, req->n_sets, req->drops, req->n_drops,
                                    NULL, err);
}

parley_status parley_scenario_request_changes(const parley_scenario_request *req, char ***texts) {
    *texts = NULL;
    if (parley_i_texts_check(req->sets, req->n_sets, req->drops, req->n_drops, NULL, NULL) !=
        PARLEY_OK)
        return PARLEY_EINVAL;
    const size_t n = req->n_sets + req->n_drops;
    size_t size = (n + 1) * sizeof **texts;
    for (size_t k = 0; k < n; ++k)
        size += strlen(k < req->n_sets ? req->sets[k] : req->drops[k - req->n_sets]) + 8;
    *texts = NULL;
    if (n == 0)
        return PARLEY_OK;
    char **out = malloc(size);
    if (!out)
        return PARLEY_ENOMEM;
    char *at = (char *)(out + n + 1); /* the strings after the array */
    for (size_t k = 0; k < n; ++k) {
        const int set = k < req->n_sets;
        const char *text = set ? req->sets[k] : req->drops[k - req->n_sets];
        const size_t len = strlen(text);
        out[k] = at;
        memcpy(at, set ? "--set " : "--drop ", set ? 6 : 7);
        at += set ? 6 : 7;
        memcpy(at, text, len + 1);
        at += len + 1;
    }
    out[n] = NULL;
    *texts = out;
    return PARLEY_OK;
}

parley_status parley_experts_label(parley_buf *out, const char *const *files, size_t n) {
    parley_status st = parley_buf_printf(out, "%zu experts:", n);
    for (size_t k = 0; st == PARLEY_OK && k < n; ++k)
        st = parley_buf_printf(out, " %s", files[k]);
    return st;
}
