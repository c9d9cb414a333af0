/* parley CLI: what the subcommands share.
 *
 * The CLI is a thin layer over the public API: it parses options, calls the
 * library, prints what the library returns and maps statuses to the exit
 * codes below (documented in `parley --help` and docs/cli.md).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include <parley/parley.h>

/** Exit codes. */
enum {
    CLI_EXIT_OK = 0,       /**< success */
    CLI_EXIT_DATA = 1,     /**< the input could not be parsed or failed validation */
    CLI_EXIT_USAGE = 2,    /**< bad option, unknown model, bad number, ... */
    CLI_EXIT_IO = 3,       /**< a file could not be read or written */
    CLI_EXIT_INTERNAL = 4  /**< out of memory or another internal failure */
};

/** Subcommands: argv[0] is the subcommand's name; return an exit code. */
int cli_forecast(int argc, char **argv);
int cli_validate(int argc, char **argv);

/** Maps a library status to an exit code. */
int cli_exit_code(parley_status st);

/** Prints "parley: " and a printf-style message and a newline to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/** Prints a usage error for subcommand cmd followed by "Try 'parley CMD --help'."
 * and returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/** Reports a getopt_long failure (unknown option or missing argument) for
 * cmd; returns CLI_EXIT_USAGE.  c is getopt's return value, argv/optind as
 * getopt left them. */
int cli_option_error(const char *cmd, int c, char **argv);

/** Prints a library error as "parley: LOCATION: MESSAGE" (the location
 * from err, else fallback_file). */
void cli_print_error(const parley_error *err, const char *fallback_file);

/** Prints every diagnostic in d as "parley: FILE:LINE:COL: SEVERITY: MESSAGE"
 * (a JSON path replaces line and column when there is no position). */
void cli_print_diags(const parley_diags *d, const char *fallback_file);

/** Parses a whole decimal number without sign into *out (0..max).
 * Returns 0 on success, -1 when text is empty, has other characters,
 * or is out of range. */
int cli_parse_unsigned(const char *text, unsigned long long max, unsigned long long *out);

/* Parses "LO,HI" (two finite numbers, LO < HI, C locale, nothing else) into
 * the read options' explicit bounds.  Returns 0, or -1 if malformed. */
int cli_parse_bounds(const char *text, parley_read_options *ro);

#endif
