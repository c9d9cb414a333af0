/* parley: the case library -- the scenarios with observed outcomes that a
 * backtest scores the models on (include/parley/backtest.h).
 *
 * A case library is a directory of scenario files: its *.json files, then
 * those of its gpl/ subdirectory (cases under the GPL, kept apart for their
 * licence), each sorted by file name in the C locale.  A case is named by
 * its file name without ".json", with "gpl/" before the names of the
 * subdirectory's cases.  parley ships one in data/cases (see its
 * README.md); `parley backtest` reads it, or the directory named by
 * --library or $PARLEY_CASES.
 *
 * Use: parley_case_library_init, then parley_case_library_add_dir and/or
 * parley_case_library_add (single files), optionally
 * parley_case_library_dedup, then parley_case_library_load (or
 * parley_case_library_load_next, one case at a time, to report each case's
 * diagnostics as it is read), then parley_case_library_backtest, and
 * finally parley_case_library_destroy.  The library owns every string and
 * scenario it holds.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_CASES_H
#define PARLEY_CASES_H

#include <stddef.h>

#include "backtest.h"
#include "combine.h"
#include "io.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A list of cases: their files and names, and, once loaded, their
 * scenarios. */
typedef struct parley_case_library {
    size_t n;     /**< cases listed */
    char **files; /**< n file paths (copies; NULL for a case added as a scenario) */
    /** n case names (copies; NULL = the scenario's own name).  A name is
     * made printable: a byte sequence that is not UTF-8, or any control
     * character, becomes '?', so every output can hold it. */
    char **names;
    parley_scenario *cases; /**< the first n_loaded cases, loaded */
    size_t n_loaded;
    size_t capacity; /**< allocated entries of files, names and cases */
} parley_case_library;

/** Makes lib an empty library. */
void parley_case_library_init(parley_case_library *lib);

/** Releases everything lib holds; lib may be zero-initialised; safe twice. */
void parley_case_library_destroy(parley_case_library *lib);

/** Appends one case file (any scenario format) named name (NULL: the
 * scenario's own name); both are copied.  Errors: PARLEY_EINVAL (NULL lib
 * or file), PARLEY_ENOMEM. */
parley_status parley_case_library_add(parley_case_library *lib, const char *file, const char *name);

/** Appends the *.json files of dir (sorted by name, hidden files skipped)
 * and then those of dir/gpl (named "gpl/NAME"; a missing gpl/ is fine).
 * The paths are "DIR/FILE".  Errors: PARLEY_EIO when dir is not a readable
 * directory (err names dir as its file), PARLEY_ENOMEM. */
parley_status parley_case_library_add_dir(parley_case_library *lib, const char *dir,
                                          parley_error *err);

/** Called by parley_case_library_dedup with each removed case's file. */
typedef void (*parley_case_removed_fn)(void *data, const char *file);

/** Removes every case whose file is the same file as that of an earlier
 * case (same device and inode: a case named twice, or reached through a
 * link, counts once), calling removed(data, file) (if not NULL) for each
 * before it is removed, so that the caller can warn.  Files that cannot be
 * examined (and "-", standard input) are kept.  Call before loading.
 * Errors: PARLEY_EINVAL (NULL lib, or cases already loaded). */
parley_status parley_case_library_dedup(parley_case_library *lib, parley_case_removed_fn removed,
                                        void *data);

/** Loads the next case, files[n_loaded], with parley_scenario_load (format
 * guessed from the file; ro may be NULL for the defaults), collecting its
 * diagnostics (file, line and column, or JSON path) in diags.  On success
 * n_loaded grows by one.  Errors: PARLEY_EINVAL (every case is loaded, or
 * the next one has no file) and those of parley_scenario_load. */
parley_status parley_case_library_load_next(parley_case_library *lib, const parley_read_options *ro,
                                            parley_diags *diags);

/** Loads every case not loaded yet, in order, stopping at the first that
 * fails (its status is returned; diags tells where).  Errors: those of
 * parley_case_library_load_next. */
parley_status parley_case_library_load(parley_case_library *lib, const parley_read_options *ro,
                                       parley_diags *diags);

/** Appends a scenario that is already loaded (e.g. the embedded default,
 * parley_default_scenario_json) as a loaded case named name (NULL: its own
 * name); lib takes s over (s is left zeroed).  Every listed case must be
 * loaded first.  Errors: PARLEY_EINVAL (a listed case is not loaded yet),
 * PARLEY_ENOMEM (then s is untouched). */
parley_status parley_case_library_adopt(parley_case_library *lib, parley_scenario *s,
                                        const char *name);

/** What parley_case_library_collect tells its caller as it goes. */
typedef enum parley_case_event {
    /** file names a case already listed (the same file, also through a
     * link); it counts once.  diags holds one warning without location:
     * "'FILE' is a case already read; it counts once". */
    PARLEY_CASE_DUPLICATE,
    /** file was read with status st; diags holds the reader's
     * diagnostics (an error among them when st failed, usually). */
    PARLEY_CASE_READ,
    /** the shipped library's directory (file) is missing: only the
     * embedded default scenario is scored.  diags holds one warning
     * without location that says so. */
    PARLEY_CASE_NO_LIBRARY,
    /** the cases of a caller that goes on without them could not be
     * collected or backtested: the case library that scores the combined
     * forecast in parley_html_report_init and parley_forecast_result_init
     * (the combined forecast then stays unscored).  st is the failure;
     * file is NULL; diags holds one error without location that says why
     * (e.g. "the case library 'DIR' holds no *.json case").  Not reported
     * when a case's own diagnostics (PARLEY_CASE_READ) said why. */
    PARLEY_CASE_FAILED
} parley_case_event;

/** Receives the diagnostics of parley_case_library_collect as they arise,
 * in order (e.g. to print them); st is PARLEY_OK for a duplicate. */
typedef void (*parley_case_diags_fn)(void *data, parley_case_event event, const char *file,
                                     parley_status st, const parley_diags *diags);

/** Why parley_case_library_collect failed. */
typedef enum parley_case_problem {
    PARLEY_CASES_OK = 0,
    PARLEY_CASES_NO_DIR,   /**< PARLEY_EIO: dir is not a readable directory (not shipped) */
    PARLEY_CASES_EMPTY,    /**< PARLEY_EDATA: dir holds no *.json case (not shipped) */
    PARLEY_CASES_READ,     /**< a case could not be read: lib->files[lib->n_loaded], or the
                                embedded default when every listed case is read */
    PARLEY_CASES_NONE,     /**< PARLEY_EIO: shipped, no directory, and the embedded default
                                scenario has no outcomes */
    PARLEY_CASES_NO_MEMORY /**< PARLEY_ENOMEM */
} parley_case_problem;

/** Which cases to collect: the CASE files, else a library directory. */
typedef struct parley_case_request {
    const char *const *files; /**< n_files case files, in order; none: dir */
    size_t n_files;
    const char *dir; /**< with no files: the case library directory */
    /** 1 when dir is the library shipped with parley, chosen by no option:
     * a missing or empty dir is no error, and the embedded default scenario
     * (parley_scenario_load_default with the default read options) counts
     * as a case when it has outcomes. */
    int shipped;
    /** How to read the CASE files (NULL: the defaults); the cases of a
     * directory are read without ro->outcomes, which belongs to one CASE. */
    const parley_read_options *ro;
    parley_case_diags_fn on_diags; /**< may be NULL */
    void *diags_data;
    /** What named dir, for the messages (e.g. "--library", "library=",
     * "$PARLEY_CASES"); NULL: not said. */
    const char *dir_named_by;
} parley_case_request;

/** Where the case library is: dir when not NULL; else $PARLEY_CASES when
 * it is set and not empty; else (*shipped = 1, else 0; shipped may be
 * NULL) the library installed with parley, DATADIR/parley/cases relative
 * to the installed program or libparley.so that holds this code (found
 * through dladdr and /proc/self/exe, so a moved installation prefix still
 * finds its cases), or the source tree's data/cases for a program or
 * library in the build directory (never for another copy, which cannot
 * rely on the source tree).  The path is written to out (n bytes).
 * Errors: PARLEY_EINVAL (NULL out, or the path does not fit in n bytes). */
parley_status parley_case_library_dir(const char *dir, char *out, size_t n, int *shipped);

/** The longest case library path a parley_case_source holds, with its
 * final '\0' (bytes). */
#define PARLEY_CASE_DIR_MAX 4096

/** A parley_case_request with the storage of its library directory's
 * path, as parley_case_source_init fills it.  req.dir points into the
 * struct itself: pass it by pointer, never copy it. */
typedef struct parley_case_source {
    parley_case_request req;       /**< the request; req.dir is dir */
    char dir[PARLEY_CASE_DIR_MAX]; /**< the library directory ("" when its path did not fit) */
} parley_case_source;

/** Fills src->req with the cases of a command as `parley backtest` takes
 * them: the case files files[0..n_files) (borrowed: they must outlive
 * src) when n_files > 0, else the case library library, a directory (NULL:
 * $PARLEY_CASES when it is set and not empty, else the library shipped
 * with parley, and then req.shipped is 1), read with ro (borrowed; NULL:
 * the defaults).  The directory is resolved with parley_case_library_dir
 * into src->dir whether or not there are files, as the CLI does.  named_by
 * says how the caller's user named library, for the messages (e.g.
 * "--library", "library="; NULL: "library"); with library NULL the
 * directory is named "$PARLEY_CASES".  req.on_diags and req.diags_data are
 * NULL: set them afterwards to receive the diagnostics.
 * Errors: PARLEY_EINVAL (NULL src; files NULL with n_files > 0, "NULL
 * array of N case files", or a NULL file among them, "case file K is
 * NULL", src left unfilled; or the directory's path does not fit in
 * PARLEY_CASE_DIR_MAX bytes: err says "NAMED_BY: the case library's path
 * is too long", src->dir is "" and src->req is filled all the same). */
parley_status parley_case_source_init(parley_case_source *src, const char *library,
                                      const char *named_by, const char *const *files,
                                      size_t n_files, const parley_read_options *ro,
                                      parley_error *err);

/** Refuses, before any work is done, an output among outs[0..n) that is
 * one of the case files of the case library library (NULL: $PARLEY_CASES,
 * else the shipped library, as parley_case_source_init resolves it; its
 * *.json and gpl/ *.json files as parley_case_library_add_dir lists them):
 * a command that reads the library must not replace one of its cases.
 * This is parley_outputs_check(cases, outs, n, last_is_dir) with the
 * library's cases as the inputs, so it also checks that each output can be
 * written.  Without a case to replace (no readable directory, one without
 * cases, or a path too long to resolve, which the call that reads the
 * library reports) it checks nothing and returns PARLEY_OK.
 * Errors: PARLEY_EINVAL (outs NULL with n > 0, "NULL array of N output
 * files", checked first); those of parley_outputs_check: PARLEY_EINVAL (an output is one
 * of the cases, "the output 'OUT' is the input file 'CASE'; refusing to
 * overwrite it"), PARLEY_EIO (err->file is an output that cannot be
 * written). */
parley_status parley_case_library_outputs_check(const char *library, const char *const *outs,
                                                size_t n, int last_is_dir, parley_error *err);

/** Lists the cases of req into lib (initialised by the caller; holds what
 * was listed and loaded also on error), drops duplicates
 * (parley_case_library_dedup, each reported as PARLEY_CASE_DUPLICATE),
 * reads them in order (parley_case_library_load_next, each reported as
 * PARLEY_CASE_READ) stopping at the first that fails, and, for the shipped
 * library, adopts the embedded default scenario when it has outcomes
 * (the directory layout: the file comment above).  *problem (may be NULL)
 * says why it failed; err (may be NULL) says it in words, e.g. "no case
 * library at 'DIR' (--library; expected a directory of *.json cases)",
 * except for READ, whose words are the case's diagnostics (err's status
 * stays PARLEY_OK).  A missing shipped directory is reported to on_diags
 * as PARLEY_CASE_NO_LIBRARY.  Errors: PARLEY_EIO (NO_DIR, NONE),
 * PARLEY_EDATA (EMPTY), the reader's status (READ), PARLEY_ENOMEM. */
parley_status parley_case_library_collect(parley_case_library *lib, const parley_case_request *req,
                                          parley_case_problem *problem, parley_error *err);

/** Runs parley_backtest_run on the loaded cases with their names: the
 * models params[0..n_models) with opts (NULL = the defaults).  bt is
 * initialised (destroy it with parley_backtest_destroy, also on error).
 * Errors: those of parley_backtest_run; PARLEY_ENOMEM. */
parley_status parley_case_library_backtest(const parley_case_library *lib, parley_backtest *bt,
                                           const parley_params *params, size_t n_models,
                                           const parley_backtest_options *opts, parley_error *err);

/** A backtest as `parley backtest` runs it, in one call: collects the
 * cases of req into lib (parley_case_library_collect; lib initialised by
 * the caller holds them also on error) and backtests the models
 * params[0..n_models) on them (parley_case_library_backtest) with opts
 * (NULL: the defaults), scoring the combined forecast as the extra model
 * "combined" (parley_backtest_extra_combined) when more than one model runs
 * and opts names no other.  bt is initialised (destroy it also on error).
 * err words a failure (as parley_case_library_collect does; a case that
 * cannot be read is said by its diagnostics only).  Errors: those of
 * parley_case_library_collect and parley_case_library_backtest. */
parley_status parley_case_library_run(parley_case_library *lib, parley_backtest *bt,
                                      const parley_case_request *req, const parley_params *params,
                                      size_t n_models, const parley_backtest_options *opts,
                                      parley_error *err);

/** The combined forecast's record on a case library, as the CLI's forecast
 * shows it: when at least two models run and req->dir is a directory (req
 * as for parley_case_library_collect; its files are not used), backtests
 * params[0..n_models) on the library (parley_case_library_run with seed,
 * PARLEY_SQ_REPLICATES status-quo replicates and no ensemble) and scores
 * comb with it (parley_combined_score_set; best_model then points to the
 * model type's name).  Otherwise comb stays unscored.  A case that cannot
 * be read is not passed to req->on_diags as PARLEY_CASE_READ (the other
 * events are): its first error, "FILE:LINE:COL: MESSAGE", is the reason.
 * Errors: those of parley_case_library_run: comb stays unscored, and err
 * and comb->score.unscored say why in one line (e.g. "the case library
 * 'DIR' holds no *.json case", or the case's first error); the caller
 * decides whether that is fatal (the CLI's forecast and report warn and go
 * on: docs/combine.md). */
parley_status parley_combined_score_library(parley_combined *comb, const parley_case_request *req,
                                            const parley_params *params, size_t n_models,
                                            uint64_t seed, parley_error *err);

#ifdef __cplusplus
}
#endif

#endif
