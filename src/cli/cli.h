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

#include <getopt.h>
#include <stddef.h>
#include <time.h>

#include <parley/parley.h>

/** Exit codes. */
enum {
    CLI_EXIT_OK = 0,      /**< success */
    CLI_EXIT_DATA = 1,    /**< the input could not be parsed or failed validation */
    CLI_EXIT_USAGE = 2,   /**< bad option, unknown model, bad number, ... */
    CLI_EXIT_IO = 3,      /**< a file could not be read or written */
    CLI_EXIT_INTERNAL = 4 /**< out of memory or another internal failure */
};

/** Subcommands: argv[0] is the subcommand's name; return an exit code. */
int cli_forecast(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_convert(int argc, char **argv);
int cli_ensemble(int argc, char **argv);
int cli_leverage(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_backtest(int argc, char **argv);
int cli_template(int argc, char **argv);

/* ---- the option tables (opts.c) ---- */

/** What an option's argument is and how it is stored. */
typedef enum cli_kind {
    CLI_TABLE = 1, /**< not an option: the options of .table, on the struct at .at */
    CLI_HELP,      /**< prints the command's help; the parse returns -1 */
    CLI_FLAG,      /**< no argument: the int at .at becomes .min */
    CLI_TEXT,      /**< the argument as typed (const char *) */
    CLI_FILE,      /**< a file name as typed; "" is a usage error (.must "directory": a dir) */
    CLI_UINT,      /**< a whole number .min .. .max (unsigned long long) */
    CLI_SIZE,      /**< a whole number .min .. .max (size_t) */
    CLI_REAL,      /**< a number in [.lo, .hi], (.lo, .hi] when .open (double) */
    CLI_CHOICE,    /**< one of the names of .choices: its value (int) */
    CLI_LIST,      /**< appended to a const char *const * list ended by NULL (an array to free;
                      argv's strings), its count (size_t) at .count */
    CLI_CALL,      /**< .call(cmd, field, arg): 0, -1 for a bad value, or an exit code */
    CLI_READ /**< a read option (parley_read_option_set of NAME) of the parley_read_options at .at
              */
} cli_kind;

/** A name of a CLI_CHOICE option and the value it stands for. */
typedef struct cli_choice {
    const char *name;
    int value;
} cli_choice;

/** One option of a command's table; a table ends with {0}.  Offsets are
 * into the struct the table fills (CLI_FIELD checks the field's type). */
typedef struct cli_option {
    const char *name; /**< the long name without "--" ("" for CLI_TABLE) */
    int key;          /**< the short option's letter, or 0 */
    cli_kind kind;
    size_t at;                   /**< the field the value goes to */
    size_t given;                /**< 1 + offset of an int set to 1 when given, or 0 */
    size_t text;                 /**< 1 + offset of a const char * set to the argument, or 0 */
    size_t count;                /**< CLI_LIST: the list's count */
    unsigned long long min, max; /**< CLI_UINT's and CLI_SIZE's range; CLI_FLAG's value (min) */
    double lo, hi;               /**< CLI_REAL's range */
    int open;                    /**< CLI_REAL: lo itself is outside */
    /** A bad value: "--NAME must be MUST, not 'ARG'"; NULL: worded from the
     * range, "a whole number from MIN to MAX", "a number in [LO, HI]" (or
     * "(LO, HI]" when .open). */
    const char *must;
    const cli_choice *choices; /**< CLI_CHOICE, ended by {NULL, 0} */
    int (*call)(const char *cmd, void *field, const char *arg); /**< CLI_CALL */
    const struct cli_option *table;                             /**< CLI_TABLE */
    const char *needs; /**< an option that must come with this one: "--NAME needs --NEEDS" */
} cli_option;

/** The --help / -h entry of a table. */
#define CLI_HELP_OPTION                                                                            \
    { .name = "help", .key = 'h', .kind = CLI_HELP }
/** The offset of field f of struct T, which must have type `type`. */
#define CLI_FIELD(T, f, type) (offsetof(T, f) + 0 * sizeof(char[_Generic(((T *)0)->f, type : 1)]))
/** .given or .text: 1 + the offset of field f of T (an int or a const char *). */
#define CLI_GIVEN(T, f) (1 + CLI_FIELD(T, f, int))
#define CLI_TEXT_OF(T, f) (1 + CLI_FIELD(T, f, const char *))

/** Parses argv's options by table into opts (getopt_long; the operands are
 * left from optind).  Returns 0, -1 when --help was shown, or the exit code
 * of a usage error (printed). */
int cli_parse(const char *cmd, const cli_option *table, void *opts, int argc, char **argv);
/** 1 if name[0..len) is a long option (without "--") of the table
 * cli_parse was last given, and cmd the command it was given for; else 0.
 * cli_usage_error shows a library message that begins with such a name
 * ("actor: ...", the request's field) as the option ("--actor: ..."). */
int cli_option_named(const char *cmd, const char *name, size_t len);
/** The options every command that runs models shares (on a cli_common):
 * --model, --preset, --rounds, --param, --seed, --set, --drop,
 * --max-memory, --store, --store-level and the read options. */
extern const cli_option cli_common_options[];
/** The read options (on a parley_read_options): --salience-scale,
 * --bounds, --outcomes, --delimiter, --decimal. */
extern const cli_option cli_read_options_table[];
/** CLI_CALL for -f table|json|csv (a parley_report_format). */
int cli_format_option(const char *cmd, void *field, const char *arg);

/** What the shared options chose. */
typedef struct cli_common {
    const char *cmd;                 /**< subcommand name for messages */
    const parley_model_type **types; /**< selected models, no duplicates */
    size_t n_types, max_types;
    int model_given; /**< 1 when --model was given */
    /** The scenario operand (with --experts: the codings, and file the first
     * of them, which names the run in messages and the store), --set and
     * --drop (lists borrowed from argv, owned arrays); ro points at ro. */
    parley_scenario_request req;
    parley_read_options ro; /**< --salience-scale, --bounds, --outcomes, --delimiter, --decimal */
    /** --preset, --rounds, --param (owned array), --seed */
    parley_params_setup setup;
    const char *rounds;            /**< --rounds as typed (messages and the report's command) */
    int seed_given;                /**< 1 when --seed was given */
    int experts;                   /**< --experts: the operands are experts' codings */
    char *experts_label;           /**< "N experts: FILE FILE ...", owned, for the reports */
    unsigned long long max_memory; /**< --max-memory in bytes (after finish: the default,
                                        half of the physical memory, if not given; 0 =
                                        unknown, no limit) */
    /** 1 when the command can show the combined forecast (forecast, report);
     * set by the command before parsing.  Then "combined" is a model name,
     * "all" and the default include it. */
    int allow_combined;
    int combined;      /**< 1 when the combined forecast is selected */
    const char *store; /**< --store FILE or $PARLEY_STORE (after finish), or NULL */
    int store_level;   /**< --store-level: PARLEY_STORE_LEVEL_RUN or _ROUNDS */
    int argc;          /**< the command line, for the run store */
    char **argv;
    double started;     /**< wall-clock start, seconds since the epoch */
    struct timespec t0; /**< monotonic start, for the run's wall time */
} cli_common;

typedef struct cli_mpi cli_mpi; /* below */

/** A command that runs models: forecast, ensemble, leverage, report, backtest. */
typedef struct cli_command {
    const char *name;
    /** Its options, on the command's struct (whose first member is its cli_common). */
    const cli_option *options;
    /** 1: "combined" is a model name, and "all" and the default include it. */
    int allow_combined;
    /** After the options: the operands and what the options exclude; 0 or an exit code. */
    int (*check)(void *opts, int argc, char **argv);
    /** The command's work with the selected models' parameters; an exit code. */
    int (*run)(void *opts, parley_params *params);
    /** Or (run NULL), for a command that splits its work over MPI processes
     * (ensemble, leverage): run between cli_mpi_start and cli_mpi_stop. */
    int (*run_mpi)(void *opts, parley_params *params, const cli_mpi *mi);
} cli_command;

/** The skeleton of the commands that run models: parses argv by
 * cmd->options into opts (c is its first member), calls cmd->check, creates
 * the selected models' parameters (parley_params_setup_apply), calls
 * cmd->run and releases everything.  Returns the exit code. */
int cli_main(const cli_command *cmd, cli_common *c, void *opts, int argc, char **argv);
/** The run store: store (--store) when given, else $PARLEY_STORE when set
 * and not empty, else NULL. */
const char *cli_store_default(const char *store);
/** After the options: the scenario operand (or --experts' codings) into
 * c->req, checked (parley_scenario_request_check), the default model list
 * and the run store ($PARLEY_STORE). */
int cli_common_finish(cli_common *c, int argc, char **argv);
/** parley_store_record of the run in c->store (nothing when NULL), with
 * c's command line; prints "stored as run N", or the error and returns its
 * exit code.  (store.c) */
int cli_store_run(const cli_common *c, const parley_scenario *s, const parley_forecast *f,
                  const parley_params *params, size_t n_params, const parley_store_document *docs,
                  size_t n_docs);
/** Records the run as cli_store_run does, with its output of kind rendered
 * in every kept format (parley_store_outputs_render).  (store.c) */
int cli_store_outputs(const cli_common *c, const char *kind, const parley_scenario *s,
                      const parley_forecast *f, const parley_params *params, size_t n_params,
                      parley_store_render_fn render, void *data);
/** `parley runs`: list, show, diff, export, rm.  (cmd_runs.c) */
int cli_runs(int argc, char **argv);

/** parley_scenario_request_load of c's scenario (or --experts), --set and
 * --drop into orig and s, printing every problem; destroy both whatever
 * the result. */
int cli_load_scenarios(const cli_common *c, parley_scenario *orig, parley_scenario *s);
/** The what-if changes as typed, "--set TEXT" and "--drop NAME", for the reports. */
typedef struct cli_changes {
    const char *const *texts;
    size_t n;
    char **owned;
} cli_changes;
/** Fills ch from c's --set and --drop.  Errors: PARLEY_ENOMEM. */
parley_status cli_changes_init(cli_changes *ch, const cli_common *c);
void cli_changes_destroy(cli_changes *ch);
/** Refuses, before anything is allocated, a run of the models params[0..n)
 * on s that would need more than --max-memory (copies forecasts at once):
 * prints the estimate and the limit and returns CLI_EXIT_DATA, else 0. */
int cli_check_memory(const cli_common *c, const parley_scenario *s, const parley_params *params,
                     size_t n, size_t copies);
/** Prints the diagnostics of loading file (and st when none is an error);
 * returns the exit code of st. */
int cli_loaded(parley_status st, const parley_diags *diags, const char *file);
/** Loads the experts' codings of --experts into ex (initialised on
 * success), printing every diagnostic, or with quiet only when loading
 * fails (for a command whose cli_load_scenarios printed them already).
 * Returns 0 or an exit code. */
int cli_load_experts(const cli_common *c, parley_experts *ex, int quiet);
/** cli_check_outputs for a command of c: the inputs are the scenario (or
 * every --experts file), --outcomes, input (or NULL) and --store. */
int cli_check_run_outputs(const cli_common *c, const char *input, const char *const *outs, size_t n,
                          int last_is_dir);
const char *cli_scenario_name(const cli_common *c);
/** parley_outputs_check of outs[0..n) against every input file
 * inputs[0..n_inputs) (NULL skipped), before any work is done; prints the
 * problem and returns its exit code, or 0. */
int cli_check_outputs(const char *cmd, const char *const *inputs, size_t n_inputs,
                      const char *const *outs, size_t n, int last_is_dir);

/** Registers path (copied) as a temporary file that a SIGINT, SIGTERM or
 * SIGHUP removes (with unlink, async-signal-safe) before the signal is
 * delivered again with its default action, so an interrupted command leaves
 * no partial file.  One path at a time; call before creating the file.
 * Returns 0, or -1 if the path is too long (then nothing is registered). */
int cli_temp_register(const char *path);
/** Forgets the registered path (after it was renamed or removed). */
void cli_temp_unregister(void);

/** Ends a command's report: if building it failed (built != PARLEY_OK) says
 * so and returns the exit code, else writes b like cli_write_output.  b is
 * destroyed in both cases. */
int cli_finish_report(parley_status built, const char *output, parley_buf *b);

/** Writes b to the file (atomically) or to standard output when NULL or "-". */
int cli_write_output(const char *output, const parley_buf *b);

/** How a command reads its cases and prints their diagnostics: req (c's
 * read options; on_diags prints a case's diagnostics, a warning as
 * "CMD: warning: ...", a failure the command goes on without (the case
 * library that scores the combined forecast) as "CMD: warning: the combined
 * forecast is not scored against the case library: MESSAGE"; diags_data: this) is the template of
 * the case requests of parley_html_request and parley_forecast_request, and the hook of a
 * parley_case_source.  (cmd_backtest.c) */
typedef struct cli_cases {
    parley_case_request req;
    const char *cmd;
    int rc; /**< the exit code of the last case read */
} cli_cases;
void cli_cases_init(cli_cases *r, const cli_common *c);
/** Says why reading or backtesting the cases failed with st (nothing more
 * when err's status is PARLEY_OK: the case's diagnostics said it) and
 * returns the exit code. */
int cli_cases_failed(const cli_cases *r, parley_status st, const parley_error *err);

/* Refuses (usage error, exit 2, message printed) an output in outs[0..n)
 * that is one of the case library's files (--library DIR, $PARLEY_CASES or
 * the shipped library; parley_case_library_outputs_check): a command that
 * reads the library must not replace one of its cases.  Returns 0 when
 * there is no clash or no library. */
int cli_check_library_outputs(const cli_common *c, const char *library, const char *const *outs,
                              size_t n);

/** Maps a library status to an exit code. */
int cli_exit_code(parley_status st);

/** Prints "parley: " and a printf-style message and a newline to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/** Prints "parley: out of memory"; returns CLI_EXIT_INTERNAL. */
int cli_oom(void);

/** Prints a usage error for subcommand cmd followed by "Try 'parley CMD --help'."
 * and returns CLI_EXIT_USAGE.  A message that begins with "NAME: ", NAME a
 * long option of cmd (cli_option_named: the library names the request's
 * field, "actor: no actor named ..."), is shown as "--NAME: ...". */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/** Prints a library error as "parley: LOCATION: MESSAGE" (the location
 * from err, else fallback_file; worded by parley_error_describe). */
void cli_print_error(const parley_error *err, const char *fallback_file);
/** Prints why a library call failed in the library's words (err) and
 * returns the exit code of st: a usage error of cmd when st is PARLEY_EINVAL
 * or PARLEY_EUNSUPPORTED and err names no file, else cli_print_error. */
int cli_fail(const char *cmd, parley_status st, const parley_error *err, const char *fallback_file);

/** Prints every diagnostic in d as "parley: FILE:LINE:COL: SEVERITY: MESSAGE"
 * (a JSON path replaces line and column; worded by parley_diags_describe). */
void cli_print_diags(const parley_diags *d, const char *fallback_file);

/** Checks OMP_NUM_THREADS (parley_threads_env_check) the way -j is
 * checked; prints a usage error for cmd and returns CLI_EXIT_USAGE, else 0. */
int cli_check_omp_env(const char *cmd);

/* ---- ensemble running (util.c, mpi.c) ---- */

/** A progress bar on standard error (drawn at most every 0.1 s). */
typedef struct cli_progress {
    struct timespec start, last;
    int active; /**< 1 once drawn */
} cli_progress;
/** Starts the clock; the first call of cli_progress_draw draws at once. */
void cli_progress_start(cli_progress *pr);
/** A parley_progress_fn: data is a cli_progress.  Returns 0. */
int cli_progress_draw(void *data, size_t done, size_t total);
/** Clears the bar's line if it was drawn. */
void cli_progress_end(const cli_progress *pr);

/** This process's place among the MPI ranks (rank 0 of 1 without MPI). */
struct cli_mpi {
    int rank, size, active;
};
/** Joins MPI when run under mpirun (only then); else rank 0 of 1. */
void cli_mpi_start(cli_mpi *mi);
void cli_mpi_stop(const cli_mpi *mi);
/** Sums the ranks' summaries into rank 0's (parley_mpi_summary_reduce);
 * returns the worst exit code of the ranks, or local_rc without MPI. */
int cli_mpi_reduce(const cli_mpi *mi, parley_ensemble_summary *sum, int local_rc);
/** Rank 0's end of ensemble and leverage: render(data) in fmt to output
 * (cli_finish_report; built: a failure before it), then the run recorded
 * with --store in every kept format.  Returns the exit code.  (mpi.c) */
int cli_report_run(const cli_common *c, const char *kind, parley_status built,
                   parley_report_format fmt, const char *output, const parley_scenario *s,
                   const parley_params *params, size_t n, parley_store_render_fn render,
                   void *data);
/** Prints a run's refusal for its memory (err, located at the scenario)
 * and the --max-memory hint; returns the exit code of err->status.  (mpi.c) */
int cli_memory_refused(const cli_common *c, const parley_error *err);
/** A parley_leverage_share_fn over MPI_COMM_WORLD (data: the cli_mpi):
 * parley_mpi_leverage_share when MPI is active, else local. */
parley_status cli_mpi_share(void *data, double *values, size_t n, parley_status local);

#endif
