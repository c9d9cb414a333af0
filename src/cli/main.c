/* parley: command-line entry point -- dispatches to the subcommands.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/mpi.h>

#include "cli.h"
#include "help.h"

/* The commands: argv[0] is the command's name; each returns an exit code. */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {{"forecast", cli_forecast}, {"validate", cli_validate},
                {"convert", cli_convert},   {"ensemble", cli_ensemble},
                {"leverage", cli_leverage}, {"report", cli_report},
                {"backtest", cli_backtest}, {"runs", cli_runs},
                {"template", cli_template}, {NULL, NULL}};

static int (*find_command(const char *name))(int, char **) {
    for (size_t k = 0; commands[k].name; ++k)
        if (strcmp(commands[k].name, name) == 0)
            return commands[k].run;
    return NULL;
}

/* `parley help COMMAND`: what `parley COMMAND --help` prints. */
static int command_help(const char *name) {
    return find_command(name) ? cli_help(name, stdout)
                              : cli_usage_error(NULL, "unknown command '%s'", name);
}

int main(int argc, char **argv) {
#ifndef PARLEY_HAVE_MPI
    /* Under mpirun, a build without MPI would run independent copies that
     * each print the whole output (and race on -o files). */
    char value[32];
    const char *var = parley_mpi_launcher(value, sizeof value);
    if (var) {
        fprintf(stderr,
                "parley: started by an MPI launcher (%s=%s), but this parley is built without "
                "MPI: every process would run the whole command and print it again\n"
                "Run build/parley_mpi under mpirun instead (the default build makes it when "
                "Open MPI is installed; 'ensemble' splits its replicates over the processes), "
                "or run parley without mpirun.\n",
                var, value);
        return CLI_EXIT_USAGE;
    }
#endif
    if (argc < 2) { /* the commands from the table: none left out */
        char names[160] = "";
        for (size_t k = 0; commands[k].name; ++k)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s, ", commands[k].name);
        return cli_usage_error(NULL,
                               "no command given (parley COMMAND [OPTION]... [ARG]...; "
                               "commands: %shelp)",
                               names);
    }
    const char *cmd = argv[1];
    int status, (*run)(int, char **) = find_command(cmd);
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        status = cli_help("parley", stdout);
    } else if (strcmp(cmd, "help") == 0) {
        if (argc > 3)
            return cli_usage_error(NULL, "'help' takes at most one command name");
        status = argc == 3 ? command_help(argv[2]) : cli_help("parley", stdout);
    } else if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("parley %s\n", PARLEY_VERSION);
        status = CLI_EXIT_OK;
    } else if (run) {
        status = run(argc - 1, argv + 1);
    } else if (strcmp(cmd, "--completion-data") == 0) {
        status = cli_completion_data(argc - 2, argv + 2); /* hidden: for shell completion */
    } else if (cmd[0] == '-') {
        return cli_usage_error(NULL, "unknown option '%s'", cmd);
    } else {
        return cli_usage_error(NULL, "unknown command '%s'", cmd);
    }
    /* a failed write to stdout (a full disk, a closed pipe) is an I/O error */
    if ((fflush(stdout) != 0 || ferror(stdout)) && status != CLI_EXIT_IO) {
        cli_error("cannot write to standard output");
        if (status == CLI_EXIT_OK)
            status = CLI_EXIT_IO;
    }
    return status;
}
