/* The command that reproduces an HTML report (shown in the report for
 * reproducibility): `parley report` with the options it was run with.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <parley/io.h>
#include <parley/report.h>
#include "core/internal.h"

parley_status parley_report_shell_word(parley_buf *b, const char *arg) {
    if (arg[0] &&
        strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=,:+") ==
            strlen(arg)) {
        parley_buf_printf(b, "%s", arg);
    } else {
        parley_buf_printf(b, "'");
        for (const char *p = arg; *p; ++p) {
            if (*p == '\'')
                parley_buf_printf(b, "'\\''");
            else
                parley_buf_append(b, p, 1);
        }
        parley_buf_printf(b, "'");
    }
    return b->failed ? PARLEY_ENOMEM : PARLEY_OK;
}

/* Appends " ARG", single-quoted for a POSIX shell when needed. */
static void shell_arg(parley_buf *b, const char *arg) {
    parley_buf_printf(b, " ");
    parley_report_shell_word(b, arg);
}

/* Appends " OPTION ARG" for each of args[0..n). */
static void repeated(parley_buf *b, const char *option, const char *const *args, size_t n) {
    for (size_t k = 0; k < n; ++k) {
        parley_buf_printf(b, " %s", option);
        shell_arg(b, args[k]);
    }
}

parley_status parley_report_command_text(const parley_report_command *c, parley_buf *b) {
    const parley_scenario_request *in = &c->input;
    const parley_params_setup *su = &c->setup;
    parley_read_options ro;
    parley_read_options_init(&ro);
    if (in->ro)
        ro = *in->ro;
    parley_buf_printf(b, "parley report");
    if (c->models) {
        parley_buf_printf(b, " --model ");
        for (size_t m = 0; m < c->n_models; ++m)
            parley_buf_printf(b, "%s%s", m ? "," : "", c->models[m]->name);
        if (c->combined)
            parley_buf_printf(b, ",combined");
    }
    if (su->preset)
        repeated(b, "--preset", &su->preset, 1);
    if (c->rounds)
        parley_buf_printf(b, " --rounds %s", c->rounds);
    else if (su->rounds)
        parley_buf_printf(b, " --rounds %zu", su->rounds);
    repeated(b, "--param", su->params, su->n_params);
    repeated(b, "--set", in->sets, in->n_sets);
    repeated(b, "--drop", in->drops, in->n_drops);
    if (su->seed)
        parley_buf_printf(b, " --seed %llu", su->seed);
    if (c->actor)
        repeated(b, "--actor", &c->actor, 1);
    if (c->ensemble)
        parley_buf_printf(b, " --ensemble %llu", c->ensemble);
    if (c->noise)
        parley_buf_printf(b, " --noise %s", c->noise);
    if (c->leverage)
        parley_buf_printf(b, " --leverage");
    if (c->has_sq_replicates)
        parley_buf_printf(b, " --sq-replicates %llu", c->sq_replicates);
    if (c->library)
        repeated(b, "--library", &c->library, 1);
    else if (c->backtest)
        parley_buf_printf(b, " --backtest");
    if (ro.salience_scale)
        parley_buf_printf(b, " --salience-scale %d", ro.salience_scale);
    if (ro.bounds_given) {
        char lo[PARLEY_I_NUMBUF], hi[PARLEY_I_NUMBUF];
        parley_buf_printf(b, " --bounds %s,%s", parley_i_format_double(ro.lo, lo),
                          parley_i_format_double(ro.hi, hi));
    }
    if (ro.delimiter)
        parley_buf_printf(b, " --delimiter %s",
                          ro.delimiter == '\t'  ? "tab"
                          : ro.delimiter == ';' ? "';'"
                                                : ",");
    if (ro.decimal)
        parley_buf_printf(b, " --decimal %c", ro.decimal);
    if (ro.outcomes)
        repeated(b, "--outcomes", &ro.outcomes, 1);
    if (in->n_experts) /* the codings, after the options */
        parley_buf_printf(b, " --experts");
    else if (in->file)
        shell_arg(b, in->file);
    for (size_t k = 0; k < in->n_experts; ++k)
        shell_arg(b, in->experts[k]);
    return b->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
