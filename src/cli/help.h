/* parley: the help texts of the command line and the data of its shell
 * completion.
 *
 * The texts are written once, in man/parley.txt and man/parley-COMMAND.txt,
 * which also make the man pages (man/README.md); cmake/help-c.cmake turns
 * them into a generated C file that defines cli_help_pages.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_CLI_HELP_H
#define PARLEY_CLI_HELP_H

#include <stdio.h>

/** One help text: name "parley" (the main page) or the command's name. */
typedef struct cli_help_page {
    const char *name;
    const char *text; /**< the --help text, with @MODELS@-style names to fill in */
    /** The options the text names, each once, with its argument's name after
     * a tab, one a line; and the first words of its "Actions:" list. */
    const char *options, *actions;
} cli_help_page;

/** The pages, in the order of `parley --help`, ended by {NULL, NULL}
 * (generated from the man/ sources). */
extern const cli_help_page cli_help_pages[];

/** The help page of NAME ("parley" or a command), or NULL. */
const cli_help_page *cli_help_page_of(const char *name);

/** Writes the help of NAME to `to`, with the names the model registry
 * holds filled in: @MODELS@ (the models, "mean, median, ..."), @NMODELS@
 * (their number in words, "six") and @PRESETS@ ("eu: scholz2011,
 * bdm1994").  Returns CLI_EXIT_OK, or CLI_EXIT_INTERNAL for a name
 * without a page (a programming error). */
int cli_help(const char *name, FILE *to);

/** `parley --completion-data WHAT [COMMAND]`, hidden: what the bash
 * completion (completion/parley.bash) offers, one item a line:
 * commands; options [COMMAND] (each option with its argument's name after
 * a tab, from the help text); models; presets; params (MODEL.KEY); vars
 * (NAME=VALUE of the names cli_help fills in, for the man pages).
 * argv holds the arguments after --completion-data. */
int cli_completion_data(int argc, char **argv);

#endif
