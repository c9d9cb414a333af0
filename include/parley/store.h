/* parley: the run store -- every run kept in an SQLite database, listed,
 * compared and reopened (docs/store.md gives the schema and sizes).
 *
 * A run is written in one transaction when it has finished
 * (parley_store_put), so a run killed at any point leaves either nothing
 * or the whole run, never a row that claims a finished run.  The database
 * is in WAL mode with a busy timeout, so several processes can store into
 * one file at once.  A scenario is stored once per content: ten runs on one
 * scenario share one copy.
 *
 * Ownership: a parley_store is opened and closed by the caller
 * (parley_store_open / parley_store_close); everything a read function
 * returns is owned by the caller and released with the matching _destroy.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H

#include <stddef.h>

#include "buf.h"
#include "forecast.h"
#include "report.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The schema version this build writes and reads.  parley refuses a store
 * with a newer version and migrates an older one forward on open. */
#define PARLEY_STORE_SCHEMA_VERSION 2

/** An open run store (opaque). */
typedef struct parley_store parley_store;

/** How much of a run is kept. */
typedef enum parley_store_level {
    /** The run row, the scenario, per-issue results of every model and the
     * rendered documents (about 3 kB for a further forecast of the default
     * scenario; docs/store.md gives the measured sizes). */
    PARLEY_STORE_LEVEL_RUN = 0,
    /** Also every round's positions, median, mean and risk exponents and
     * every move (challenge outcome, bargain or exchange) of the iterative
     * models (needs a forecast recorded with a trace). */
    PARLEY_STORE_LEVEL_ROUNDS = 1
} parley_store_level;

/** A rendered output of a run, kept so that `parley runs show` reprints it
 * without re-running. */
typedef struct parley_store_document {
    const char *kind;   /**< "forecast", "ensemble", "leverage", "backtest", "whatif" */
    const char *format; /**< "table", "json" or "csv" */
    const char *body;   /**< the text, NUL-terminated (UTF-8) */
} parley_store_document;

/** How many formats a run's output is kept in: table, JSON and CSV, so
 * that `parley runs show -f FORMAT` reprints any of them. */
#define PARLEY_STORE_N_FORMATS 3

/** Renders one output of a run in format, appended to out (e.g. a wrapper
 * of parley_report_forecast); data is the caller's. */
typedef parley_status (*parley_store_render_fn)(void *data, parley_report_format format,
                                                parley_buf *out);

/** A run's output rendered in every kept format, ready for
 * parley_store_put (parley_store_outputs_render / _destroy). */
typedef struct parley_store_outputs {
    /** kind, "table", "json" and "csv", each body in bufs (never NULL) */
    parley_store_document docs[PARLEY_STORE_N_FORMATS];
    parley_buf bufs[PARLEY_STORE_N_FORMATS];
} parley_store_outputs;

/** Renders a run's output of kind ("forecast", "whatif", "ensemble", ...)
 * by render(data, format, out) as a table, JSON and CSV, in that order,
 * into o->docs (kind borrowed).  Stops at the first format that fails.
 * Errors: those of render.  o is to be destroyed whatever the result. */
parley_status parley_store_outputs_render(parley_store_outputs *o, const char *kind,
                                          parley_store_render_fn render, void *data);
/** Releases the rendered texts of o. */
void parley_store_outputs_destroy(parley_store_outputs *o);

/** What parley_store_put records about one run.  Strings are borrowed. */
typedef struct parley_store_run {
    const char *command;       /**< "forecast", "ensemble", "leverage", "backtest", "report" */
    const char *command_line;  /**< the command line, shell-quoted, or NULL */
    const char *scenario_file; /**< the scenario's file as given, or NULL (default scenario) */
    unsigned long long seed;   /**< the run's seed */
    double started;            /**< start time, seconds since the Unix epoch (UTC) */
    double wall_seconds;       /**< wall time of the run, seconds */
    parley_status status;      /**< PARLEY_OK, or how the run failed */
    parley_store_level level;  /**< what to keep (a run stored without a forecast is
                                    recorded at PARLEY_STORE_LEVEL_RUN: it has no rounds) */
} parley_store_run;

/** Sets r to an empty run (every string NULL, seed 0, status PARLEY_OK,
 * level PARLEY_STORE_LEVEL_RUN). */
void parley_store_run_init(parley_store_run *r);

/** Opens the store at path; when create is non-zero a missing file is
 * created, else it is an error.  The file must be a
 * regular file or absent; a symbolic link or a device is refused.  A new
 * file gets the current schema; an older one is migrated forward; a newer
 * one is refused.  A 0-byte file opened with create 0 reads as an empty
 * store and is not written to (so listing it leaves it as it is) until
 * parley_store_put stores the first run, which gives it the schema.
 * Errors: PARLEY_EIO (no such file and create is 0; cannot open or
 * create; read-only when creating; a
 * symbolic link or not a regular file; locked past the busy timeout),
 * PARLEY_EDATA (the file is not a parley store, or its schema is newer
 * than this build knows), PARLEY_ENOMEM.  On error *out is NULL. */
parley_status parley_store_open(parley_store **out, const char *path, int create,
                                parley_error *err);

/** Closes st (NULL is allowed). */
void parley_store_close(parley_store *st);

/** Records one finished run in one transaction: the run row, the scenario
 * s (stored once per content; NULL for a run on several scenarios, such as
 * a backtest of a case library; then f must be NULL), the typed parameters of every model of f
 * (or of params[0..n_params) when f is NULL), the per-issue results of f
 * (may be NULL), its rounds and moves at PARLEY_STORE_LEVEL_ROUNDS when f
 * holds a trace, and docs[0..n_docs) (each compressed, as a delta from the
 * same kind and format of output of the last run stored when that is
 * smaller).  *id receives the run's number (1, 2, ... in
 * the order runs were stored; never reused after parley_store_remove).
 * On error nothing of the run is stored.
 * Errors: PARLEY_EIO (disk full, read-only, locked past the busy timeout),
 * PARLEY_EINVAL (st, run or run->command NULL, run->command empty, docs
 * NULL with n_docs > 0, params NULL with n_params > 0 and no f, f without
 * s; err names which), PARLEY_ENOMEM. */
parley_status parley_store_put(parley_store *st, const parley_store_run *run,
                               const parley_scenario *s, const parley_forecast *f,
                               const parley_params *params, size_t n_params,
                               const parley_store_document *docs, size_t n_docs, long long *id,
                               parley_error *err);

/** Records one finished run in the store file at path in one call:
 * parley_store_open (a missing file is created), parley_store_put with
 * these arguments, parley_store_close.  When argv is not NULL the run's
 * command line is "parley" and argv[0..argc) each shell-quoted
 * (parley_report_shell_word), e.g. "parley forecast 'my file.json'", in
 * place of run->command_line; then argc must be 0 or more and
 * argv[0..argc) non-NULL (PARLEY_EINVAL, err naming the argument, before
 * the file is opened, like parley_store_put's own argument checks).
 * Errors: those of parley_store_open and parley_store_put (err names the
 * store's problem). */
parley_status parley_store_record(const char *path, const parley_store_run *run, int argc,
                                  const char *const *argv, const parley_scenario *s,
                                  const parley_forecast *f, const parley_params *params,
                                  size_t n_params, const parley_store_document *docs, size_t n_docs,
                                  long long *id, parley_error *err);

/** One stored run as listed. */
typedef struct parley_store_entry {
    long long id;
    char *stored;        /**< when it was stored, "YYYY-MM-DDTHH:MM:SSZ" */
    char *version;       /**< parley version that stored it */
    char *command;       /**< subcommand */
    char *command_line;  /**< shell-quoted command line ("" if none) */
    char *scenario;      /**< scenario name ("" if none) */
    char *scenario_file; /**< scenario file as given ("" for the default) */
    char *as_of;         /**< the scenario's as_of date ("" if none) */
    char *models;        /**< comma-separated model names */
    char *status;        /**< "ok" or the status name of the failure */
    unsigned long long seed;
    double wall_seconds;
    long long scenario_id; /**< the stored scenario's number */
} parley_store_entry;

/** Filters of parley_store_list; NULL or empty fields do not filter. */
typedef struct parley_store_filter {
    const char *scenario; /**< substring of the scenario name or file */
    const char *model;    /**< a model name the run used */
    const char *since;    /**< stored on or after this date, "YYYY-MM-DD" */
    const char *until;    /**< stored on or before this date, "YYYY-MM-DD" */
} parley_store_filter;

/** A list of runs (init/destroy pair). */
typedef struct parley_store_list {
    parley_store_entry *entries;
    size_t n;
} parley_store_list;

/** Lists the runs matching filter (NULL = all), oldest first, into *out.
 * Errors: PARLEY_EINVAL (a date filter that is not YYYY-MM-DD), PARLEY_EIO,
 * PARLEY_ENOMEM. */
parley_status parley_store_list_runs(parley_store *st, const parley_store_filter *filter,
                                     parley_store_list *out, parley_error *err);
/** Releases a list (safe on a zeroed or already destroyed list). */
void parley_store_list_destroy(parley_store_list *l);

/** The run numbered id, into *out (destroy with parley_store_list_destroy;
 * out->n is 1).  Errors: PARLEY_EINVAL (no such run), PARLEY_EIO, PARLEY_ENOMEM. */
parley_status parley_store_get_run(parley_store *st, long long id, parley_store_list *out,
                                   parley_error *err);

/** Appends to out the runs matching filter (NULL = all), oldest first, as
 * the table `parley runs list` prints: a header line, then one line per run
 * (number; stored, UTC; command; scenario name, or its file when it has no
 * name, or "(case library)" for a run without a scenario, cut to 30 bytes;
 * models, cut to 28 bytes; status), columns separated by two spaces.  With
 * no run: "No runs match.\n" when a field of filter is set (not NULL), else
 * "No runs stored.\n".  Errors as parley_store_list_runs. */
parley_status parley_store_list_text(parley_store *st, const parley_store_filter *filter,
                                     parley_buf *out, parley_error *err);

/** Appends to out the output run id printed, as `parley runs show` and
 * parley.Store.show reprint it: the stored document (kind, format).  kind
 * NULL is the run's own command ("forecast" for a run stored from Python,
 * command "python"), and then a forecast that holds no "forecast" document
 * gives its "whatif" one (a what-if forecast is stored as kind "whatif").
 * format NULL is "html" for kind "report" (a report keeps its page only),
 * else "table".  Errors: PARLEY_EINVAL (kind not "forecast", "whatif",
 * "ensemble", "leverage", "backtest" or "report": the message lists them; no
 * such run; or it holds no such document: the message names the kind asked
 * for, "forecast" for a forecast that has neither, and lists the documents
 * the run has), PARLEY_EDATA (the document no
 * longer decodes), PARLEY_EIO, PARLEY_ENOMEM. */
parley_status parley_store_show(parley_store *st, long long id, const char *kind,
                                const char *format, parley_buf *out, parley_error *err);

/** Appends the stored document (kind, format) of run id to out.
 * Errors: PARLEY_EINVAL (no such run or no such document: the message
 * lists the documents the run has), PARLEY_EDATA (it no longer decodes),
 * PARLEY_EIO, PARLEY_ENOMEM. */
parley_status parley_store_document_get(parley_store *st, long long id, const char *kind,
                                        const char *format, parley_buf *out, parley_error *err);

/** Appends the run's scenario as parley JSON (exactly as stored) to out,
 * after checking that it still reads.
 * Errors: PARLEY_EINVAL (no such run, or a run stored without a scenario),
 * PARLEY_EDATA (the stored scenario no longer decodes or reads as parley
 * JSON; the message names the run and the parser's first error), PARLEY_EIO,
 * PARLEY_ENOMEM. */
parley_status parley_store_scenario_json(parley_store *st, long long id, parley_buf *out,
                                         parley_error *err);

/** `parley runs export` and parley.Store.export: appends run id's scenario
 * to out as parley_store_scenario_json does, and adds to diags a warning
 * (no file, status PARLEY_OK) when the run used several experts' codings
 * (its stored command line has --experts), whose stored scenario is their
 * median table: "run ID used several experts' codings; the export is their
 * median table, which reproduces a forecast but not an ensemble's draws
 * from the codings".  The warning is added before the scenario is read, so
 * it is there when that fails too.
 * @param st     an open store
 * @param id     the run's number (1, 2, ...)
 * @param out    an initialised parley_buf; the JSON is appended
 * @param diags  an initialised list the warning is added to; NULL: none
 * @param err    why it failed
 * @return PARLEY_OK; PARLEY_EINVAL (st or out NULL, no such run, or a run
 *         stored without a scenario), PARLEY_EDATA (the stored scenario no
 *         longer reads), PARLEY_EIO, PARLEY_ENOMEM. */
parley_status parley_store_export(parley_store *st, long long id, parley_buf *out,
                                  parley_diags *diags, parley_error *err);

/** One stored per-issue result. */
typedef struct parley_store_result {
    size_t issue;    /**< index of the issue in the run's scenario */
    char *issue_id;  /**< its id */
    char *model;     /**< model name */
    char *status;    /**< "ok" or the status name when the model could not run */
    double forecast; /**< issue scale (NaN when status is not "ok") */
    size_t rounds;   /**< rounds played */
} parley_store_result;

/** Results of a run (init/destroy pair). */
typedef struct parley_store_results {
    parley_store_result *items;
    size_t n;
} parley_store_results;

/** The per-issue results of run id, by issue then model order.
 * Errors: PARLEY_EINVAL (no such run), PARLEY_EIO, PARLEY_ENOMEM. */
parley_status parley_store_results_get(parley_store *st, long long id, parley_store_results *out,
                                       parley_error *err);
void parley_store_results_destroy(parley_store_results *r);

/** The typed parameters of run id as "model: key=value, ..." lines, one per
 * model, appended to out.  Errors: PARLEY_EINVAL (no such run), PARLEY_EIO,
 * PARLEY_ENOMEM. */
parley_status parley_store_params_text(parley_store *st, long long id, parley_buf *out,
                                       parley_error *err);

/** Removes run id (its results, rounds and documents; its scenario when no
 * other run uses it).  Errors: PARLEY_EINVAL (no such run), PARLEY_EIO. */
parley_status parley_store_remove(parley_store *st, long long id, parley_error *err);

/** Appends to out what changed from run a to run b: scenario values
 * (actor, issue, field, old -> new; actors and issues added or dropped),
 * parameters, and each model's forecast per issue (old -> new, change).
 * Plain text, one change per line.  Errors: PARLEY_EINVAL (no such run),
 * PARLEY_EDATA (a stored scenario no longer reads), PARLEY_EIO, PARLEY_ENOMEM. */
parley_status parley_store_diff(parley_store *st, long long a, long long b, parley_buf *out,
                                parley_error *err);

/** Appends to out a self-contained HTML page (no script; a
 * Content-Security-Policy forbids every load) on how the forecasts moved
 * across the runs ids[0..n): a table of the runs, then per issue a line
 * chart with the runs on the x axis, in the order given, and one line per
 * model (a gap where a model did not run).  The y axis is the issue's scale
 * in the last run's scenario.  Errors: PARLEY_EINVAL (n == 0, a run named
 * twice, no such run, or runs without per-issue forecasts), PARLEY_EIO, PARLEY_ENOMEM. */
parley_status parley_store_runs_html(parley_store *st, const long long *ids, size_t n,
                                     parley_buf *out, parley_error *err);

/** Parses a list of run numbers, "ID,ID,..." (`parley report --runs`):
 * each a whole decimal number from 1 to 2^63-1 of at most 19 digits, no
 * sign or blank, into *ids (malloc'ed, the caller frees it; NULL on error)
 * and their count into *n.  Errors: PARLEY_EINVAL (an empty or bad
 * number; err quotes the whole text), PARLEY_ENOMEM. */
parley_status parley_store_run_ids_parse(const char *text, long long **ids, size_t *n,
                                         parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
