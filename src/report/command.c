/* The command that reproduces an HTML report (shown in the report for
 * reproducibility): `parley report` with the options it was run with.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

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
    parley_buf_printf(b, "parley report");
    if (c->models) {
        parley_buf_printf(b, " --model ");
        for (size_t m = 0; m < c->n_models; ++m)
            parley_buf_printf(b, "%s%s", m ? "," : "", c->models[m]->name);
        if (c->combined)
            parley_buf_printf(b, ",combined");
    }
    if (c->preset)
        repeated(b, "--preset", &c->preset, 1);
    if (c->rounds)
        parley_buf_printf(b, " --rounds %s", c->rounds);
    repeated(b, "--param", c->params, c->n_params);
    repeated(b, "--set", c->sets, c->n_sets);
    repeated(b, "--drop", c->drops, c->n_drops);
    if (c->seed)
        parley_buf_printf(b, " --seed %llu", c->seed);
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
    if (c->salience_scale)
        parley_buf_printf(b, " --salience-scale %d", c->salience_scale);
    if (c->bounds_given) {
        char lo[PARLEY_I_NUMBUF], hi[PARLEY_I_NUMBUF];
        parley_buf_printf(b, " --bounds %s,%s", parley_i_format_double(c->lo, lo),
                          parley_i_format_double(c->hi, hi));
    }
    if (c->delimiter)
        parley_buf_printf(b, " --delimiter %s",
                          c->delimiter == '\t'  ? "tab"
                          : c->delimiter == ';' ? "';'"
                                                : ",");
    if (c->decimal)
        parley_buf_printf(b, " --decimal %c", c->decimal);
    if (c->outcomes)
        repeated(b, "--outcomes", &c->outcomes, 1);
    if (c->scenario)
        shell_arg(b, c->scenario);
    if (c->n_experts) /* the codings, after the options */
        parley_buf_printf(b, " --experts");
    for (size_t k = 0; k < c->n_experts; ++k)
        shell_arg(b, c->experts[k]);
    return b->failed ? PARLEY_ENOMEM : PARLEY_OK;
}
