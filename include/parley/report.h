/* parley: reports of a forecast as text into a parley_buf.
 *
 * The library writes reports into memory; the CLI decides where they go.
 * The JSON schema is documented in docs/forecast-json.md.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_REPORT_H
#define PARLEY_REPORT_H

#include "buf.h"
#include "backtest.h"
#include "combine.h"
#include "experts.h"
#include "forecast.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Facts about the run recorded next to the results. */
typedef struct parley_report_meta {
    const char *source;  /**< scenario file name, or "(embedded default)" */
    const char *version; /**< parley version */
    unsigned long long seed;
    /** The combined forecast of the same forecast (parley_combined_init), or
     * NULL: then the reports show the models alone.  Borrowed. */
    const parley_combined *combined;
} parley_report_meta;

/** Human-readable table: per issue, first the headline of meta->combined
 * when given (combined forecast, agreement in words, probability that the
 * status quo holds), then the status quo, every model's forecast, the
 * rounds and how each run stopped. Errors: PARLEY_ENOMEM. */
parley_status parley_report_table(const parley_forecast *f, const parley_report_meta *meta,
                                  parley_buf *out);
/** JSON document (docs/forecast-json.md). Errors: PARLEY_ENOMEM. */
parley_status parley_report_json(const parley_forecast *f, const parley_report_meta *meta,
                                 parley_buf *out);
/** CSV, one row per issue x model; with meta->combined, also one row per
 * issue for the combined forecast and the columns outlier, band_lo,
 * band_hi, p_status_quo_holds, agreement (docs/forecast-json.md).
 * Errors: PARLEY_ENOMEM. */
parley_status parley_report_csv(const parley_forecast *f, const parley_report_meta *meta,
                                parley_buf *out);
/** Round-by-round trace of the iterative models (requires a traced forecast):
 * positions, risk exponents and moves (who challenged whom, conflict /
 * compromise / capitulation). Errors: PARLEY_ENOMEM, PARLEY_EINVAL (not traced). */
parley_status parley_report_trace(const parley_forecast *f, parley_buf *out);

/** Output formats of the analysis reports. */
typedef enum parley_report_format {
    PARLEY_REPORT_TABLE = 0,
    PARLEY_REPORT_JSON = 1,
    PARLEY_REPORT_CSV = 2
} parley_report_format;

/** The report format named name ("table", "json" or "csv", as `-f FORMAT`
 * and the Python package's reports spell them) into *format, which is left
 * alone on error.  Errors: PARLEY_EINVAL, name unknown or NULL, with the
 * message "unknown format 'NAME' (formats: table, json, csv)" that the CLI
 * prints after "COMMAND: " (format NULL: PARLEY_EINVAL too). */
parley_status parley_report_format_from_string(const char *name, parley_report_format *format,
                                               parley_error *err);

/** The report of `parley forecast -f FORMAT`: parley_report_table (then,
 * with trace = 1, parley_report_trace), parley_report_json or
 * parley_report_csv of f, appended to out.  Errors: those of the writer
 * (PARLEY_ENOMEM; PARLEY_EINVAL for a trace of an untraced forecast). */
parley_status parley_report_forecast(const parley_forecast *f, parley_report_format format,
                                     int trace, const parley_report_meta *meta, parley_buf *out);

/** What-if comparison: for every issue and model the base forecast, the
 * forecast after the changes and the difference (docs/analysis.md).  base
 * and changed must run the same models on scenarios with the same issues;
 * changes are the --set / --drop texts shown in the header.  A model that
 * could not run shows n/a (table), an empty field (CSV) or null (JSON).
 * Errors: PARLEY_ENOMEM. */
parley_status parley_report_whatif(const parley_forecast *base, const parley_forecast *changed,
                                   const char *const *changes, size_t n_changes,
                                   parley_report_format format, const parley_report_meta *meta,
                                   parley_buf *out);

/** A backtest (include/parley/backtest.h) as a table for people, CSV
 * (`level,case,model,n,mae,rmse,bias,within10,cover50,cover90`; level
 * `pooled` or `case`) or JSON (docs/backtest-json.md).
 * Errors: PARLEY_ENOMEM, PARLEY_EINVAL (NULL argument). */
parley_status parley_report_backtest(const parley_backtest *bt, parley_report_format format,
                                     parley_buf *out);

/* ---- charts and the HTML report ------------------------------------------ */

/** What a chart of a report shows (where the HTML report places it). */
typedef enum parley_chart_kind {
    PARLEY_CHART_POSITIONS = 0, /**< positions by round, one issue */
    PARLEY_CHART_POWER = 1,     /**< effective power by position, one issue */
    PARLEY_CHART_EU_PLANE = 2,  /**< expected-utility plane of one actor, one issue */
    PARLEY_CHART_ENSEMBLE = 3,  /**< ensemble distribution or fan, one issue */
    PARLEY_CHART_LEVERAGE = 4,  /**< leverage bars (issue or whole scenario) */
    PARLEY_CHART_LANDING =
        5 /**< where the talks land: every model, the combined forecast, one issue */
} parley_chart_kind;

/** One chart of a report. */
typedef struct parley_chart_entry {
    char *name;    /**< file stem for --svg, [a-z0-9_-] ("positions-1-denuclearisation") */
    char *caption; /**< one plain-language sentence under the chart */
    parley_chart_kind kind;
    size_t issue;   /**< scenario issue index, or (size_t)-1 for the whole scenario */
    parley_buf svg; /**< the SVG element */
} parley_chart_entry;

/** The charts of a report, in order of appearance.  Init/destroy pair. */
typedef struct parley_chart_set {
    parley_chart_entry *items;
    size_t n, cap;
} parley_chart_set;

/** Initialises an empty set (no allocation). */
void parley_chart_set_init(parley_chart_set *set);
/** Releases every chart of the set; safe on an initialised, empty set. */
void parley_chart_set_destroy(parley_chart_set *set);
/** The charts of a set written, each to a temporary file of its own in a
 * directory, but not yet renamed onto their names DIR/NAME.svg: the first
 * half of parley_chart_set_write_dir, for a caller with other outputs (the
 * HTML page of `parley report --svg DIR -o FILE`) that puts the charts in
 * place only once those are written, so that the outputs change together
 * or not at all.  Filled by parley_chart_set_stage_dir; the caller owns it
 * from then until parley_chart_staged_commit (the charts put in place) or
 * parley_chart_staged_destroy (abort: the temporary files removed, a
 * directory the stage created removed again, nothing in it replaced).  A
 * zeroed struct holds nothing; so does one after either call, and it may
 * be destroyed again.  The temporary files stay in the directory until
 * then (closed: no descriptor is held); a process killed meanwhile leaves
 * them there, named .NAME.svg.tmp.PID.N (beside a symbolic link's target). */
typedef struct parley_chart_staged {
    void *files; /**< the charts' temporary files (internal) */
    size_t n;    /**< how many */
    char *dir;   /**< the directory when the stage created it (removed on abort), else NULL */
} parley_chart_staged;

/** Writes every chart of set to a temporary file in dir, to become the file
 * DIR/NAME.svg (NAME: the chart's name) when staged is committed, creating
 * the directory dir if it does not exist (mode 0777 less the umask).  Each
 * temporary file is written, synced and closed; it is created exclusively
 * under a name no other file has, never through a symbolic link planted
 * there (as parley_write_file_atomic does).  Nothing in dir is replaced
 * until the commit.  Refused before anything is written: a chart file that
 * is the same file as another chart of the set (a symbolic link
 * DIR/landing-1-x.svg to power-1-x.svg: one chart would replace the other),
 * and one that exists and is not a regular file (a directory, FIFO or
 * device), which could only be written into, not replaced together with
 * the others, and a symbolic link at a
 * chart's name (the name is generated, so the link was planted, and its
 * target could be any file: "cannot write: it is a symbolic link").  An
 * existing chart file keeps its mode.  A set of no charts creates the directory only.  On
 * success staged (not NULL; its old contents are not released) holds the
 * charts; on error it holds nothing, every temporary file is removed and a
 * directory the call created is removed again.  Errors: PARLEY_EINVAL (no
 * set, no staged or an empty dir, "no directory for the charts"; two
 * charts that are one file, "two outputs are the same file ('DIR/A.svg'
 * and 'DIR/B.svg')", the earlier chart of the set first, err->file empty,
 * the words of parley_outputs_check), PARLEY_EIO (err names dir: it cannot
 * be created, or it exists and is not a directory, "cannot write: it is
 * not a directory"; or the chart file that cannot be written), PARLEY_ENOMEM. */
parley_status parley_chart_set_stage_dir(const parley_chart_set *set, const char *dir,
                                         parley_chart_staged *staged, parley_error *err);

/** Renames every staged chart onto its name DIR/NAME.svg, in the set's
 * order; staged holds nothing afterwards, whatever the outcome.  Only a
 * rename failing (the directory changed by another program since the
 * stage) fails: the charts renamed before it stay in place, the rest are
 * removed.  A zeroed staged commits nothing and returns PARLEY_OK.
 * Errors: PARLEY_EINVAL (staged NULL), PARLEY_EIO (err names the chart
 * file). */
parley_status parley_chart_staged_commit(parley_chart_staged *staged, parley_error *err);

/** Abandons charts staged and not committed: removes their temporary files
 * and the directory if parley_chart_set_stage_dir created it (when it is
 * empty again), leaving every file in it as it was; staged then holds
 * nothing.  Safe on NULL, a zeroed, a committed or an already destroyed
 * staged. */
void parley_chart_staged_destroy(parley_chart_staged *staged);

/** Writes every chart of set as the file DIR/NAME.svg, all or nothing:
 * parley_chart_set_stage_dir, then parley_chart_staged_commit.  On a
 * failure before the renames no file in dir is replaced or added and a
 * directory the call created is removed again; only a rename failing (the
 * directory changed by another program meanwhile) can leave the charts
 * renamed before it in place.  Errors: those of parley_chart_set_stage_dir
 * (PARLEY_EINVAL: no set or an empty dir, two charts that are one file;
 * PARLEY_EIO; PARLEY_ENOMEM) and of the commit (PARLEY_EIO). */
parley_status parley_chart_set_write_dir(const parley_chart_set *set, const char *dir,
                                         parley_error *err);
/** Appends a chart: name and caption are copied, *svg is moved into the
 * set written compactly (the same drawing in fewer bytes: numbers without
 * a trailing ".0", #RGB colours, lines and rectangles as paths, runs of
 * alike paths merged; src/report/svg_compact.c) and svg is left empty.
 * Errors: PARLEY_ENOMEM (svg is then left as it was). */
parley_status parley_chart_set_add(parley_chart_set *set, const char *name, const char *caption,
                                   parley_chart_kind kind, size_t issue, parley_buf *svg);

/** What `parley report` was asked for, for the command that reproduces
 * the report (parley_report_command_text).  Every pointer is borrowed;
 * NULL, 0 and empty lists mean "not given" and are left out. */
typedef struct parley_report_command {
    const parley_model_type *const *models; /**< --model, when given: n_models types */
    size_t n_models;
    int combined; /**< with models: ",combined" at the end of --model */
    /** The scenario and how it was read: input.file, the scenario operand
     * (NULL: the embedded default), or when input.n_experts > 0 the
     * experts' codings, written last after " --experts" (input.file is then
     * left out); input.sets (--set) and input.drops (--drop); of input.ro
     * (NULL: the defaults) the options that differ from
     * parley_read_options_init's: --salience-scale, --bounds, --delimiter
     * (',', ';' or '\t'), --decimal and --outcomes. */
    parley_scenario_request input;
    /** --preset, --param, --seed (setup.seed 0 = the default, left out)
     * and, unless rounds is given, --rounds setup.rounds (0 = left out). */
    parley_params_setup setup;
    const char *rounds;          /**< --rounds as typed, or NULL */
    const char *actor;           /**< --actor */
    unsigned long long ensemble; /**< --ensemble N */
    const char *noise;           /**< --noise as typed */
    int leverage;                /**< --leverage */
    int has_sq_replicates;       /**< --sq-replicates given: */
    unsigned long long sq_replicates;
    const char *library; /**< --library DIR (implies the backtest) */
    int backtest;        /**< --backtest (without --library) */
} parley_report_command;

/** Appends the text of a progress line for a run of total steps (the
 * forecasts of an ensemble or of a leverage analysis), as the parley
 * command draws it on a terminal, without a newline:
 * "[##########....................] 100/300  50/s  4s left" -- a bar of 30
 * characters, '#' for the share done (rounded down; all '#' when total is
 * 0), the steps done and in all, the rate in steps per second (done /
 * elapsed_seconds) and the seconds left at that rate, both rounded to whole
 * numbers (0 while nothing is known: elapsed_seconds below 1e-6, NaN, or
 * done 0).  The
 * caller keeps the clock and decides how often to draw.
 * @param done             steps finished so far (at most total)
 * @param total            steps of the whole run
 * @param elapsed_seconds  seconds since the run started
 * @param out              an initialised parley_buf; text is appended
 * @return PARLEY_OK, PARLEY_EINVAL (out NULL) or PARLEY_ENOMEM. */
parley_status parley_report_progress(size_t done, size_t total, double elapsed_seconds,
                                     parley_buf *out);

/** Appends arg to out as one word of a POSIX shell command line: as it
 * is when it is made of letters, digits and _-./=,:+ only (and not empty),
 * else single-quoted, a quote inside becoming '\''.  Errors: PARLEY_ENOMEM. */
parley_status parley_report_shell_word(parley_buf *out, const char *arg);

/** Appends to out the command that reproduces a report's content:
 * "parley report" and the options of c in a fixed order (--model, --preset,
 * --rounds, --param, --set, --drop, --seed, --actor, --ensemble, --noise,
 * --leverage, --sq-replicates, --library or --backtest, --salience-scale,
 * --bounds, --delimiter, --decimal, --outcomes, then the scenario, or --experts and the experts'
 * codings), without -o and --svg, which
 * change where the report goes, not what it says.  A free-text argument is
 * single-quoted for a POSIX shell unless it is made of letters, digits and
 * _-./=,:+ only (a quote inside becomes '\'').  Bounds are written as the
 * shortest decimals that read back exactly.  Errors: PARLEY_ENOMEM. */
parley_status parley_report_command_text(const parley_report_command *c, parley_buf *out);

/** Options of the HTML report. */
typedef struct parley_html_options {
    /** Scenario index of the actor whose expected-utility plane is drawn;
     * (size_t)-1 = the first actor of each issue. */
    size_t actor;
    /** The command that produced the report, shown for reproducibility (may be NULL). */
    const char *command;
    /** A backtest of the same models on a case library (may be NULL): its
     * pooled error table goes into "How good are these models". */
    const parley_backtest *backtest;
    /** Where that library came from, for the text (may be NULL). */
    const char *backtest_source;
    /** 1: add the live what-if panel "Try it" (docs/report.md): the models
     * compiled to WebAssembly run in the page on the scenario, embedded as
     * parley JSON, and every change of an actor's position, salience or
     * capability reruns them.  The page then holds one script, allowed by
     * its SHA-256 in the Content-Security-Policy with 'wasm-unsafe-eval';
     * without JavaScript it reads as the static report.  When this build
     * has no module (parley_report_live_available() = 0) the page is the
     * static report with a sentence saying the panel is absent.  0: the
     * static report, no script. */
    int interactive;
} parley_html_options;

/** 1 when this build of the library carries the WebAssembly module of the
 * live what-if panel (built when emscripten's emcc was found), else 0. */
int parley_report_live_available(void);

/** Adds the charts of a traced forecast to set: for every issue and every
 * iterative model that played rounds, positions by round and effective
 * power by position; for a model flagged PARLEY_REPORT_CHALLENGE_PLANE
 * (the expected utility model), the challenge plane of the chosen actor in
 * round 1, from the challenges the trace recorded.  Errors: PARLEY_EINVAL (not traced),
 * PARLEY_ENOMEM. */
parley_status parley_report_charts(const parley_forecast *f, const parley_html_options *opt,
                                   parley_chart_set *set, parley_error *err);

/** Adds one "Where the talks land" chart per issue to set (named
 * "landing-N-ISSUE"): the issue's labelled scale, every model's forecast as a
 * dot (outliers hollow), the combined forecast of c (made from f by
 * parley_combined_init) with its agreement band, the status quo and, where
 * c knows it, the observed outcome.  Errors: PARLEY_ENOMEM. */
parley_status parley_report_landing_charts(const parley_forecast *f, const parley_combined *c,
                                           parley_chart_set *set, parley_error *err);

/** Writes the file stem of a chart (without ".svg") to buf (n bytes,
 * always NUL-terminated; 200 bytes always hold the whole stem):
 * "KIND-N-ISSUE[-MODEL]", where N is the one-based issue number (issue is
 * the zero-based index) and ISSUE is issue_name lower-cased, keeping the
 * ASCII letters, digits, '-' and '_'; every run of other bytes (spaces,
 * punctuation, each byte of a non-ASCII character) becomes one '_', none
 * at either end, and at most 48 bytes are kept.  A name with nothing left
 * gives "KIND-N[-MODEL]" ("positions-1-eu" for "日本語").  Unique per
 * (kind, issue, model), since N is.  kind and model (may be NULL) are
 * used as given: pass [a-z0-9_-] strings.  No errors. */
void parley_chart_file_stem(char *buf, size_t n, const char *kind, size_t issue,
                            const char *issue_name, const char *model);

/** One self-contained HTML page (inline CSS and SVG, no script, nothing
 * loaded from anywhere; a Content-Security-Policy forbids it): a plain-
 * language summary per issue, every model's forecast side by side, per
 * issue the round-by-round story in words and the charts of `charts` for
 * that issue, any ensemble and leverage charts, the scenario with every
 * value's source note, and the models' parameters, seed and version.
 * When the scenario has observed outcomes or opt->backtest is set, a
 * section "How good are these models" shows each model's forecast against
 * the outcome (error on 0-100 of the scale, and a plain sentence where
 * history went against a forecast) and the library's error table.
 * charts may be NULL (no charts).  Errors: PARLEY_ENOMEM. */
parley_status parley_report_html(const parley_forecast *f, const parley_report_meta *meta,
                                 const parley_html_options *opt, const parley_chart_set *charts,
                                 parley_buf *out, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
