/* parley CLI: the one option parser.  Every command declares its options in
 * a table (cli_option: long name, short letter, kind, field, range or
 * choices, the text of the usage error); cli_parse turns the table into
 * getopt_long's and stores each value, checked, in the command's struct.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "help.h"

#define MAX_OPTIONS 64

/* "--NAME must be MUST, not 'ARG'"; without .must, MUST is worded from
 * the range: "a whole number from MIN to MAX", "a number in [LO, HI]". */
static int bad_value(const char *cmd, const cli_option *o, const char *arg) {
    char range[64];
    if (o->kind == CLI_REAL)
        snprintf(range, sizeof range, "a number in %c%g, %g]", o->open ? '(' : '[', o->lo, o->hi);
    else
        snprintf(range, sizeof range, "a whole number from %llu to %llu", o->min, o->max);
    return cli_usage_error(cmd, "--%s must be %s, not '%s'", o->name, o->must ? o->must : range,
                           arg);
}

/* Appends arg to the list at field (a const char *const * of argv's
 * strings, ended by NULL, followed by its count at .count). */
static int append(char *base, const cli_option *o, const char *arg) {
    const char *const **list = (const char *const **)(void *)(base + o->at);
    size_t *n = (size_t *)(void *)(base + o->count);
    const char **more = realloc((void *)*list, (*n + 2) * sizeof *more);
    if (!more)
        return cli_oom();
    more[(*n)++] = arg;
    more[*n] = NULL;
    *list = more;
    return 0;
}

/* A getopt_long failure (c: what it returned): an unknown option or a
 * missing value. */
static int option_error(const char *cmd, int c, char **argv) {
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    /* a long option: show it without any "=value" part */
    int is_long = strncmp(arg, "--", 2) == 0;
    int n = (int)strcspn(arg, "=");
    if (c == ':') {
        if (is_long)
            return cli_usage_error(cmd, "option '%.*s' needs a value", n, arg);
        return cli_usage_error(cmd, "option '-%c' needs a value", optopt);
    }
    if (!is_long && optopt > 0 && optopt < 128)
        return cli_usage_error(cmd, "unknown option '-%c'", optopt);
    return cli_usage_error(cmd, "unknown or ambiguous option '%.*s'", n, arg);
}

/* Stores one option's value in opts; 0, -1 (help shown) or an exit code. */
static int apply(const char *cmd, const cli_option *o, void *opts, char *arg) {
    char *base = opts;
    void *field = base + o->at;
    if (o->given)
        *(int *)(void *)(base + o->given - 1) = 1;
    if (o->text)
        *(const char **)(void *)(base + o->text - 1) = arg;
    unsigned long long u = 0;
    double d = 0.0;
    switch (o->kind) {
    case CLI_HELP:
        cli_help(cmd, stdout);
        return -1;
    case CLI_FLAG:
        *(int *)field = (int)o->min;
        return 0;
    case CLI_FILE:
        if (!arg[0]) /* "" would be reported as a file that cannot be opened */
            return cli_usage_error(cmd, "empty --%s %s name", o->name, o->must ? o->must : "file");
        /* fall through */
    case CLI_TEXT:
        *(const char **)field = arg;
        return 0;
    case CLI_UINT:
    case CLI_SIZE:
        if (parley_number_parse_unsigned(arg, o->max, &u, NULL) || u < o->min)
            return bad_value(cmd, o, arg);
        if (o->kind == CLI_SIZE)
            *(size_t *)field = (size_t)u;
        else
            *(unsigned long long *)field = u;
        return 0;
    case CLI_REAL:
        if (parley_number_parse(arg, strlen(arg), &d, NULL) ||
            !(o->open ? d > o->lo : d >= o->lo) || !(d <= o->hi))
            return bad_value(cmd, o, arg);
        *(double *)field = d;
        return 0;
    case CLI_CHOICE:
        for (const cli_choice *c = o->choices; c->name; ++c)
            if (strcmp(arg, c->name) == 0) {
                *(int *)field = c->value;
                return 0;
            }
        return bad_value(cmd, o, arg);
    case CLI_LIST:
        return append(base, o, arg);
    case CLI_CALL: {
        int rc = o->call(cmd, field, arg);
        return rc < 0 ? bad_value(cmd, o, arg) : rc;
    }
    case CLI_READ: {
        parley_error err;
        parley_error_clear(&err);
        return parley_read_option_set(field, o->name, arg, &err) == PARLEY_OK
                   ? 0
                   : cli_usage_error(cmd, "--%s", err.message);
    }
    case CLI_TABLE: /* flattened by cli_parse */
        break;
    }
    return CLI_EXIT_INTERNAL;
}

/* The options of table and the tables it includes, each with the offset of
 * the struct its fields are on; returns the new count. */
static size_t flatten(const cli_option *table, size_t base, const cli_option **opt, size_t *at,
                      size_t n) {
    for (; table->name && n < MAX_OPTIONS; ++table)
        if (table->kind == CLI_TABLE) {
            n = flatten(table->table, base + table->at, opt, at, n);
        } else {
            opt[n] = table;
            at[n++] = base;
        }
    return n;
}

/* 1 after a usage error if getopt refused "--NAME=VALUE" because NAME (or
 * the only option NAME abbreviates) takes no value, which getopt_long
 * reports as it reports an unknown option; else 0. */
static int no_value_given(const char *cmd, const struct option *longs, char **argv) {
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    const char *eq = strchr(arg, '=');
    if (strncmp(arg, "--", 2) != 0 || !eq)
        return 0;
    const size_t len = (size_t)(eq - arg - 2);
    const struct option *found = NULL;
    int matches = 0;
    for (const struct option *o = longs; o->name; ++o)
        if (strncmp(o->name, arg + 2, len) == 0) {
            if (strlen(o->name) == len) { /* an exact name wins */
                found = o;
                matches = 1;
                break;
            }
            found = o;
            matches++;
        }
    if (matches != 1 || found->has_arg != no_argument)
        return 0;
    cli_usage_error(cmd, "option '--%s' takes no value, not '%s'", found->name, eq + 1);
    return 1;
}

/* The command cli_parse was last given and its table, for cli_option_named:
 * a process runs one command, and its usage errors after the parse (the
 * library's refusals) name its options as the parse does. */
static const char *parsed_cmd;
static const cli_option *parsed_table;

/* 1 if table (or a table it includes) has the long option name[0..len). */
static int has_option(const cli_option *table, const char *name, size_t len) {
    for (; table->name; ++table)
        if (table->kind == CLI_TABLE
                ? has_option(table->table, name, len)
                : strlen(table->name) == len && strncmp(table->name, name, len) == 0)
            return 1;
    return 0;
}

int cli_option_named(const char *cmd, const char *name, size_t len) {
    return cmd && parsed_cmd && len > 0 && strcmp(cmd, parsed_cmd) == 0 &&
           has_option(parsed_table, name, len);
}

int cli_parse(const char *cmd, const cli_option *table, void *opts, int argc, char **argv) {
    parsed_cmd = cmd;
    parsed_table = table;
    const cli_option *opt[MAX_OPTIONS];
    size_t at[MAX_OPTIONS];
    const size_t n = flatten(table, 0, opt, at, 0);
    struct option longs[MAX_OPTIONS + 1];
    char shorts[2 * MAX_OPTIONS + 2] = ":";
    size_t ns = 1;
    for (size_t k = 0; k < n; ++k) {
        const int arg = opt[k]->kind != CLI_HELP && opt[k]->kind != CLI_FLAG;
        longs[k] = (struct option){opt[k]->name, arg ? required_argument : no_argument, NULL,
                                   256 + (int)k};
        if (opt[k]->key) {
            shorts[ns++] = (char)opt[k]->key;
            if (arg)
                shorts[ns++] = ':';
        }
    }
    shorts[ns] = '\0';
    longs[n] = (struct option){NULL, 0, NULL, 0};
    optind = 1;
    opterr = 0;
    int c, given[MAX_OPTIONS] = {0};
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        size_t k = c >= 256 ? (size_t)(c - 256) : 0;
        while (c < 256 && k < n && (c == ':' || c == '?' || opt[k]->key != c))
            ++k;
        if (k >= n && c == '?' && no_value_given(cmd, longs, argv))
            return CLI_EXIT_USAGE;
        if (k >= n)
            return option_error(cmd, c, argv);
        int rc = apply(cmd, opt[k], (char *)opts + at[k], optarg);
        if (rc != 0)
            return rc;
        given[k] = 1;
    }
    for (size_t k = 0; k < n; ++k) /* the table's usage rules */
        for (size_t j = 0; given[k] && opt[k]->needs && j < n; ++j)
            if (!given[j] && strcmp(opt[j]->name, opt[k]->needs) == 0)
                return cli_usage_error(cmd, "--%s needs --%s", opt[k]->name, opt[k]->needs);
    return 0;
}

int cli_format_option(const char *cmd, void *field, const char *arg) {
    parley_error err;
    return parley_report_format_from_string(arg, field, &err) == PARLEY_OK
               ? 0
               : cli_usage_error(cmd, "%s", err.message);
}

#define RO parley_read_options
const cli_option cli_read_options_table[] = {
    {"salience-scale", 0, CLI_READ, .at = 0},
    {"bounds", 0, CLI_READ, .at = 0},
    {"outcomes", 0, CLI_FILE, .at = CLI_FIELD(RO, outcomes, const char *)},
    {"delimiter", 0, CLI_READ, .at = 0},
    {"decimal", 0, CLI_READ, .at = 0},
    {0}};
