/* parley: reports of the analyses (ensemble, leverage) as text into a
 * parley_buf, and their charts for the HTML report.
 *
 * Like the forecast reports (report.h), these functions present results
 * that the analyses computed; they run no model.  The formats are
 * documented in docs/analysis.md.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_REPORT_ANALYSIS_H
#define PARLEY_REPORT_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "cases.h"
#include "ensemble.h"
#include "ensemble_request.h"
#include "experts.h"
#include "fan.h"
#include "leverage.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What an ensemble report shows: the results of parley_ensemble_run and
 * how they were made.  Every pointer is borrowed. */
typedef struct parley_ensemble_report {
    /** The scenario the replicates perturbed (after any what-if change). */
    const parley_scenario *scenario;
    /** The n_configs model configurations, in the summary's order. */
    const parley_params *params;
    /** n_configs display names ("eu", "eu q=0.5" for a swept value). */
    const char *const *labels;
    size_t n_configs;
    /** The perturbation the replicates drew from (noise and drop rate). */
    const parley_perturbation *perturbation;
    /** The summary parley_ensemble_run filled. */
    const parley_ensemble_summary *summary;
    /** n_issues x n_configs forecasts of the unperturbed scenario (issue
     * scale; NaN where the model could not run), index i * n_configs + m. */
    const double *base;
    /** The same for the scenario before the what-if changes, or NULL
     * without changes (then no "vs base" column or "mean_change"). */
    const double *unchanged;
    /** Number of replicates, as requested. */
    unsigned long long replicates;
    /** Salience-shock probability per round (0-1), as shown in the header. */
    double shock;
    /** The what-if changes as typed ("--set A.I.F=V", "--drop A"). */
    const char *const *changes;
    size_t n_changes;
    /** Number of experts' codings the replicates drew their tables from
     * (parley_ensemble_run_experts), 0 = none; then experts_draw says how. */
    size_t n_experts;
    parley_experts_draw experts_draw;
} parley_ensemble_report;

/** Writes the ensemble summary in format (docs/analysis.md):
 *  - PARLEY_REPORT_TABLE: header, then per issue and configuration the
 *    base forecast, mean, standard deviation, the 5/25/50/75/95 %
 *    quantiles, failed replicates, a histogram in percent and the
 *    probability of each labelled band;
 *  - PARLEY_REPORT_JSON: the document "parley_ensemble": 1 with the same
 *    numbers as shortest round-trip decimals (null when not finite);
 *  - PARLEY_REPORT_CSV: one row per issue x configuration (RFC 4180, CRLF).
 * meta gives the source, version and seed shown in the header.
 * Quantiles come from parley_ensemble_stats_get (within one fine bin,
 * 1/PARLEY_ENSEMBLE_FINE_BINS of the scale width, of the sample quantiles).
 * Errors: PARLEY_ENOMEM (out appended up to the failure). */
parley_status parley_report_ensemble(const parley_ensemble_report *r, parley_report_format format,
                                     const parley_report_meta *meta, parley_buf *out);

/** Fills r with the report of an ensemble computed by
 * parley_ensemble_result_init(res, req) (after merging the shares'
 * summaries, if split): res's configurations, perturbation, summary, base
 * and unchanged forecasts; req's scenario, replicates and shock (as in
 * req->spec), number of experts and draw; what-if changes changes[0..n_changes)
 * as typed.  Every pointer in r is borrowed from res, req or changes. */
void parley_report_ensemble_result(const parley_ensemble_result *res,
                                   const parley_ensemble_request *req, const char *const *changes,
                                   size_t n_changes, parley_ensemble_report *r);

/** Header of the per-replicate CSV (--rows): "replicate,issue,model,forecast,dropped"
 * and CRLF.  Errors: PARLEY_ENOMEM. */
parley_status parley_report_ensemble_rows_header(parley_buf *out);

/** One replicate's rows of the per-replicate CSV: for every issue i of s
 * and configuration m, "k,ISSUE,LABEL,FORECAST,DROPPED" where FORECAST is
 * forecast[i * n_labels + m] (issue scale, empty when NaN) and DROPPED the
 * names of the actors with dropped[a] != 0 joined by ';' (the arguments
 * of a parley_replicate_fn).  Errors: PARLEY_ENOMEM. */
parley_status parley_report_ensemble_rows(const parley_scenario *s, const char *const *labels,
                                          size_t n_labels, uint64_t k, const double *forecast,
                                          const unsigned char *dropped, parley_buf *out);

/** The per-replicate CSV of an ensemble written while it runs: open it,
 * pass parley_ensemble_rows_write and the file as the ensemble's
 * on_replicate and replicate_data (parley_ensemble_options), then commit it
 * (or destroy it to leave nothing behind).  Replicates must arrive in order
 * (one process).  The file is written through a temporary file in the
 * target's directory and renamed onto it by the commit, so a failure or an
 * interrupt never leaves a partial file and never replaces or follows a
 * file planted there (parley_write_file_atomic's rules). */
typedef struct parley_ensemble_rows_file {
    void *out; /**< the output file (internal) */
    const parley_scenario *scenario;
    const char *const *labels; /**< n_labels configuration labels (borrowed) */
    size_t n_labels;
    int failed;       /**< 1 once a write failed: err says why and where */
    parley_error err; /**< the first write failure */
} parley_ensemble_rows_file;

/** Opens path ("-" = standard output) for the rows of the configurations
 * labels[0..n_labels) on s (both borrowed, must outlive rf) and writes the
 * header (parley_report_ensemble_rows_header); a failure to write the
 * header sets rf->failed and rf->err (then parley_ensemble_rows_write
 * writes nothing and the commit fails with it).  Errors (rf then holds
 * nothing): PARLEY_EINVAL (no path), PARLEY_EIO (a directory, a dangling
 * link, the temporary file cannot be created; err names the file),
 * PARLEY_ENOMEM. */
parley_status parley_ensemble_rows_open(parley_ensemble_rows_file *rf, const char *path,
                                        const parley_scenario *s, const char *const *labels,
                                        size_t n_labels, parley_error *err);

/** The temporary file being written (for a caller that removes it when
 * interrupted by a signal), or NULL when writing directly. */
const char *parley_ensemble_rows_temp(const parley_ensemble_rows_file *rf);

/** A parley_replicate_fn (data = the rows file): appends replicate k's rows
 * (parley_report_ensemble_rows).  Returns 0, or 1 once a write has failed
 * (data->failed and data->err tell why), which stops the ensemble. */
int parley_ensemble_rows_write(void *data, uint64_t k, const double *forecast,
                               const unsigned char *dropped);

/** Writes what is pending and renames the file onto its target; rf is
 * released in every case.  Errors: PARLEY_EIO (and PARLEY_ENOMEM) of the
 * first failed write (rf->err), or of the commit; PARLEY_EINVAL (not open). */
parley_status parley_ensemble_rows_commit(parley_ensemble_rows_file *rf, parley_error *err);

/** Abandons an uncommitted file (its temporary file is removed, the target
 * left as it was); safe on a committed, zeroed or failed-to-open rf. */
void parley_ensemble_rows_destroy(parley_ensemble_rows_file *rf);

/** parley_ensemble_result_init with the per-replicate rows written to path
 * ("-" = standard output; NULL = no rows, then simply
 * parley_ensemble_result_init): just before the replicates the file is
 * opened with the configurations' labels into rf (parley_ensemble_rows_open;
 * parley_ensemble_rows_temp(rf) names its temporary file from then on, e.g.
 * for req->prepare, which runs next), every replicate's rows are written as
 * it finishes, and the file is committed when the ensemble succeeds;
 * otherwise it is removed, leaving the target as it was.  rf holds nothing
 * on return.  Errors: PARLEY_EINVAL when req->options do not run every
 * replicate of req->spec in this process (the rows are written in order;
 * res is then
 * zeroed, stage DONE); those of parley_ensemble_result_init; the
 * rows file's own (opening it: res->stage PARLEY_ENSEMBLE_STAGE_PREPARE; a
 * write or the commit: PARLEY_ENSEMBLE_STAGE_RUN), PARLEY_EIO or
 * PARLEY_ENOMEM with err->file path when the error names no file. */
parley_status parley_ensemble_result_init_rows(parley_ensemble_result *res,
                                               const parley_ensemble_request *req, const char *path,
                                               parley_ensemble_rows_file *rf, parley_error *err);

/** What a leverage report shows.  Every pointer is borrowed. */
typedef struct parley_leverage_report {
    /** The scenario the leverage was computed on (after any what-if). */
    const parley_scenario *scenario;
    /** leverage->n_models model parameters, in the table's order. */
    const parley_params *params;
    /** The table of parley_leverage_compute. */
    const parley_leverage *leverage;
    /** n_issues x n_models base forecasts of the scenario before the
     * what-if changes, or NULL (then no change column). */
    const double *unchanged;
    /** The reference change and half-width of the finite difference the
     * table was computed with (fractions of each input's range). */
    double effect, step;
    /** Rows to show, the largest first (0 = all). */
    size_t top;
    /** n_best results of parley_best_position for actor best_actor, on
     * issues best_issue[k] with models best_model[k] (may be 0 / NULL). */
    const parley_best_position_result *best;
    const size_t *best_issue, *best_model;
    size_t n_best, best_actor;
    /** The what-if changes as typed ("--set A.I.F=V", "--drop A"). */
    const char *const *changes;
    size_t n_changes;
} parley_leverage_report;

/** Writes the leverage report in format (docs/analysis.md): the base
 * forecasts, the ranked rows (effect in issue-scale points, derivative per
 * unit of the input) and the best stated positions (table and JSON; the
 * CSV holds the ranked rows only).  meta gives source, version and seed.
 * Errors: PARLEY_ENOMEM. */
parley_status parley_report_leverage(const parley_leverage_report *r, parley_report_format format,
                                     const parley_report_meta *meta, parley_buf *out);

/** Fills r with the report of a leverage computed by
 * parley_leverage_result_init(res, req) on the process of rank 0: its
 * leverage, unchanged forecasts and best positions (of res->actor), req's
 * scenario, parameters, step and effect (req->options), the top rows to show
 * (0 = all) and the what-if changes changes[0..n_changes) as typed.  Every
 * pointer in r is borrowed from res, req or changes. */
void parley_report_leverage_result(const parley_leverage_result *res,
                                   const parley_leverage_request *req, size_t top,
                                   const char *const *changes, size_t n_changes,
                                   parley_leverage_report *r);

/** The line `parley leverage` shows before a long run: how many forecasts
 * and about how long, from est (parley_leverage_estimate_run), appended to
 * out without a newline: "N forecasts on T threads[ x P processes], about
 * S s (one forecast: F s)", or with a screen (est->screen > 0) "up to N
 * forecasts (B base, C screening, up to R for the top K actors) on ...".
 * S is est->seconds over est->threads x processes (processes < 2: one),
 * F is est->seconds over the forecasts.  Errors: PARLEY_ENOMEM. */
parley_status parley_report_leverage_estimate(const parley_leverage_estimate *est,
                                              size_t top_actors, int processes, parley_buf *out);

/** Adds the ensemble charts of the HTML report to set: per issue of s the
 * histogram of configuration `model` of sum (parley_chart_ensemble; sum
 * holds one configuration per model of f, in f's order), captioned with
 * every model's spread in words (the middle 90 % of its runs, or, when its
 * runs split into separate groups of at least 10 % each, every group with
 * its share), and, when
 * fans[i] has two rounds or more, the fan of trajectories
 * (parley_chart_fan) with the unperturbed trajectory of f's model `model`
 * dashed.  noise_text is the position noise's standard deviation as typed
 * (fraction of the scale width; NULL = "0.05"), quoted in the caption.
 * An issue where the model never ran gets no histogram.
 * Errors: PARLEY_ENOMEM; PARLEY_EINVAL (sum's configurations are not f's
 * models). */
parley_status parley_report_ensemble_charts(const parley_scenario *s,
                                            const parley_ensemble_summary *sum,
                                            const parley_fan *fans, const parley_forecast *f,
                                            size_t model, const char *noise_text,
                                            parley_chart_set *set, parley_error *err);

/** Adds the leverage charts of the HTML report to set: per issue of s the
 * `top` largest effects of model `model` (parley_chart_leverage), computed
 * with the reference change `effect`; title names the model.  An issue
 * without a non-zero effect gets no chart.  Errors: PARLEY_ENOMEM. */
parley_status parley_report_leverage_charts(const parley_scenario *s, const parley_leverage *lev,
                                            size_t model, size_t top, double effect,
                                            const char *title, parley_chart_set *set,
                                            parley_error *err);

/** The model an HTML report's analysis charts follow: the first of
 * params[0..n) whose type is flagged PARLEY_REPORT_HEADLINE (model.h), else
 * the last one.  n must be at least 1. */
size_t parley_report_headline(const parley_params *params, size_t n);

/** The ensemble section of the HTML report (`parley report --ensemble N`):
 * runs every model of f on the same `replicates` perturbed copies of f's
 * scenario (parley_ensemble_run with seed and max_memory bytes per thread,
 * 0 = no limit; the perturbation is parley_perturbation_default with the
 * position noise's standard deviation set to noise, a fraction of the scale
 * width in (0, 1]), summarised in 20 bins per issue, and the fans of the
 * headline model (parley_report_headline, parley_ensemble_fans), and adds
 * their charts to set (parley_report_ensemble_charts; noise_text quoted in
 * the captions, NULL = "0.05").  Errors: those of parley_ensemble_run
 * (PARLEY_EDATA when max_memory is too small), parley_ensemble_fans and
 * parley_report_ensemble_charts; PARLEY_ENOMEM. */
parley_status parley_report_add_ensemble(const parley_forecast *f, uint64_t replicates,
                                         double noise, const char *noise_text, uint64_t seed,
                                         size_t max_memory, parley_chart_set *set,
                                         parley_error *err);

/** parley_report_add_ensemble for `parley report --experts ... --ensemble
 * N`: f is the forecast of the experts' median table (ex->aggregate), and
 * replicate k draws its table from the codings (mode, as `parley ensemble
 * --experts --experts-draw`) before the same perturbation, through
 * parley_ensemble_run_experts and parley_ensemble_fans_experts, so that
 * the histograms and fans show the experts' disagreement and equal
 * `parley ensemble --experts` with the same seed, replicates and models.
 * Errors: PARLEY_EINVAL (no coding, or f's scenario not shaped like
 * ex->aggregate); those of parley_report_add_ensemble. */
parley_status parley_report_add_ensemble_experts(const parley_forecast *f, const parley_experts *ex,
                                                 parley_experts_draw mode, uint64_t replicates,
                                                 double noise, const char *noise_text,
                                                 uint64_t seed, size_t max_memory,
                                                 parley_chart_set *set, parley_error *err);

/** The leverage section of the HTML report (`parley report --leverage`):
 * computes the leverage of every model of f on f's scenario
 * (parley_leverage_compute with `parley leverage`'s defaults, step 0.05 and
 * reference change 0.1 of each input's range, and seed) and adds the
 * headline model's 10 largest effects per issue to set
 * (parley_report_leverage_charts).  Errors: those of
 * parley_leverage_compute; PARLEY_ENOMEM. */
parley_status parley_report_add_leverage(const parley_forecast *f, uint64_t seed,
                                         parley_chart_set *set, parley_error *err);

/* ---- the whole HTML report as one call: what `parley report` builds ---- */

/** What the HTML report holds.  Every pointer is borrowed and must outlive
 * the report built from it. */
typedef struct parley_html_request {
    /** The scenario and the models (n_params parameters) the report's
     * forecast runs (parley_forecast_init_seeded with record_trace and the
     * command's seed, after parley_forecast_check_memory with max_memory). */
    const parley_scenario *scenario;
    const parley_params *params;
    size_t n_params;
    /** Source, version and seed for the header; its `combined` is ignored
     * (the report's own combined forecast is used). */
    parley_report_meta meta;
    /** What the report holds, as `parley report`'s options say it (the page
     * shows its text, parley_report_command_text, to reproduce it): actor
     * (NULL, or the actor by name whose challenge plane is drawn); combined
     * (the combined forecast, parley_combined_init with `combine` whose seed
     * becomes seed and, when has_sq_replicates, its sq_replicates
     * sq_replicates, leads the landing page); ensemble (replicates of the
     * ensemble section, 0 = none) and noise (its position noise as typed,
     * NULL = 0.05; see parley_report_add_ensemble); leverage (1: the
     * leverage section, parley_report_add_leverage); seed.  Required. */
    const parley_report_command *command;
    /** The live panel, a backtest of the models and where its library came
     * from: as in parley_html_options (command and actor are set from
     * `command`). */
    parley_html_options html;
    parley_combine_options combine;
    /** NULL, or the backtest of the same models on a case library that
     * scores the combined forecast (parley_combined_score_set). */
    const parley_backtest *library;
    /** NULL, or how the report reads the case libraries it backtests
     * itself, as `parley report` does: the read options ro, the hook
     * on_diags and its diags_data of this request are used (its files,
     * dir, shipped and dir_named_by are not).  Both backtests run first,
     * before the actor, the noise and the memory are checked, as
     * parley_case_library_run with the command's seed, no ensemble and
     * PARLEY_SQ_REPLICATES status-quo replicates:
     * - with command->backtest and no html.backtest, the backtest of the
     *   models on the library command->library (parley_case_source_init
     *   with named_by "--library": NULL is $PARLEY_CASES, else the shipped
     *   library) is shown in "How good are these models" (rep->backtest),
     *   with the library's directory as its source; a failure fails the
     *   report (stages PARLEY_HTML_STAGE_CASE_LIBRARY and _BACKTEST);
     *   with command->combined, two or more models and no `library`, this
     *   backtest also scores the combined forecast (one run, on the
     *   library the command named);
     * - else with command->combined, two or more models and no `library`,
     *   the backtest on $PARLEY_CASES or the shipped library, when that is
     *   a directory, scores the combined forecast (rep->library); a path
     *   too long to resolve fails the report (stage
     *   PARLEY_HTML_STAGE_CASE_LIBRARY, as parley_forecast_result_init);
     *   when the backtest fails the combined forecast stays unscored and
     *   on_diags receives the reason as PARLEY_CASE_FAILED. */
    const parley_case_request *cases;
    /** NULL, or the experts' codings the forecast's table is the median
     * of: the ensemble draws from them, and their disagreement is shown. */
    const parley_experts *experts;
    /** Bytes the forecast (one copy) and, per thread, the ensemble section
     * may use (0 = no limit). */
    size_t max_memory;
} parley_html_request;

/** Where parley_html_report_init stopped. */
typedef enum parley_html_stage {
    PARLEY_HTML_STAGE_DONE = 0,
    /** PARLEY_EINVAL: "actor: no actor named 'X' in the scenario (actors: A, B, ...)" */
    PARLEY_HTML_STAGE_ACTOR,
    /** the forecast would need more than max_memory (parley_forecast_check_memory) */
    PARLEY_HTML_STAGE_MEMORY,
    /** the forecast ("cannot build the report: " and parley_forecast_init_seeded's error) */
    PARLEY_HTML_STAGE_FORECAST,
    /** the forecast's and the landing page's charts ("cannot build the report: ...") */
    PARLEY_HTML_STAGE_CHARTS,
    /** an analysis section (ensemble, leverage, experts): its call's error */
    PARLEY_HTML_STAGE_SECTIONS,
    /** writing the page ("cannot build the report: ...") */
    PARLEY_HTML_STAGE_HTML,
    /** PARLEY_EINVAL: the path of the case library of the backtest or of
     * the combined forecast's score is too long ("--library: the case
     * library's path is too long", or "$PARLEY_CASES: ..."; see
     * parley_case_source_init) */
    PARLEY_HTML_STAGE_CASE_LIBRARY,
    /** the backtest of the case library (parley_case_library_run): err in
     * its words; a case that cannot be read is said by its diagnostics
     * only (to the cases' on_diags; err's status stays PARLEY_OK) */
    PARLEY_HTML_STAGE_BACKTEST
} parley_html_stage;

/** The built report: the page and its charts (for parley_chart_set_write_dir). */
typedef struct parley_html_report {
    parley_buf html;
    parley_chart_set charts;
    parley_forecast forecast; /**< the traced forecast the page shows */
    parley_combined combined; /**< the combined forecast, when asked */
    parley_html_stage stage;
    /** The backtests the report ran itself (see parley_html_request's
     * cases; zeroed when not run): the section's (which also scores the
     * combined forecast), and without it the one that scores the combined
     * forecast. */
    parley_backtest backtest, library;
} parley_html_report;

/** Builds the HTML report of req into rep (initialised here whatever
 * happens; destroy it with parley_html_report_destroy): with req->cases
 * the backtests of the case libraries (see parley_html_request), then the
 * command's text, the actor by name, the memory check and the traced forecast,
 * the forecast's charts (parley_report_charts), the combined forecast and
 * its landing charts, the sections (parley_report_add_ensemble or
 * parley_report_add_ensemble_experts with the cell draw,
 * parley_report_add_leverage, parley_report_add_experts with the 10 widest
 * ranges) and the page (parley_report_html).  Errors (rep->stage says
 * where): PARLEY_EINVAL (no actor of that name, a noise that is not a
 * number; no scenario, parameters or command; a case library path too long
 * to resolve), those of the calls named. */
parley_status parley_html_report_init(parley_html_report *rep, const parley_html_request *req,
                                      parley_error *err);

/** Releases what rep holds; rep may be zero-initialised; safe twice. */
void parley_html_report_destroy(parley_html_report *rep);

/** Fills comb->score with the combined forecast's record on a case library
 * from bt (a backtest with the extra model "combined",
 * parley_backtest_extra_combined): parley_backtest_combined_score, with
 * best_model pointing to the name of the model among params[0..n_params)
 * (so that it outlives bt), or NULL.  Leaves comb unscored when bt has no
 * combined record.  Returns 1 when scored, else 0. */
int parley_combined_score_set(parley_combined *comb, const parley_backtest *bt,
                              const parley_params *params, size_t n_params);

#ifdef __cplusplus
}
#endif
#endif
