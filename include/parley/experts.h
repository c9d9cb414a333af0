/* parley: several experts' codings of one negotiation.
 *
 * Analysts build a stakeholder table by interviewing several experts, each
 * of whom codes the same actors and issues (Bueno de Mesquita 2009, The
 * Predictioneer's Game, ch. 3; the World Bank pilots).  A parley_experts
 * holds N such codings, checked to cover the same actors, issues and
 * cells, and their aggregate:
 *
 *  - per present cell, the median of the experts' positions, of their
 *    saliences and of their capabilities, each taken separately (with an
 *    even number of experts, the mean of the two middle values);
 *  - per issue, the bounds are the union of the experts' bounds (the
 *    smallest lo, the largest hi), and the status quo the median of the
 *    experts who state one;
 *  - the scenario's name is the first coding's followed by " (median of
 *    N experts' codings)";
 *  - names, descriptions, labels, outcomes and the issues' notes are the
 *    first coding's; the cells' source notes are dropped, since they
 *    source one expert's value and not the median (docs/analysis.md,
 *    "Several experts").
 *
 * An ensemble can draw each replicate's table from the codings instead of
 * perturbing one table only (parley_ensemble_run_experts), so that the
 * experts' disagreement shows up in the spread of the forecasts, and
 * parley_experts_disagreement lists the cells where the experts disagree
 * most.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_EXPERTS_H
#define PARLEY_EXPERTS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ensemble.h"
#include "io.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most codings a parley_experts holds. */
#define PARLEY_EXPERTS_MAX 1000

/** Several experts' codings of the same actors and issues.  Init/destroy
 * pair.  Cell values are aligned on the aggregate's actors and issues
 * (the first coding's order), whatever order each coding lists them in. */
typedef struct parley_experts {
    size_t n_experts;
    char **names; /**< n_experts labels of the codings (their file names), owned */
    /** The aggregate (see the file comment): actors, issues and notes of the
     * first coding, values aggregated.  Owned; the models run on it. */
    parley_scenario aggregate;
    /** n_experts x n_actors x n_issues values (expert-major: expert e's cell
     * (a, i) is [(e * n_actors + a) * n_issues + i]); NaN where the cell is
     * absent.  Positions on the issue scale, saliences 0-1, capabilities as
     * coded. */
    double *position, *salience, *capability;
} parley_experts;

/** Checks that codings[0..n) cover the same actors and issues (matched by
 * name, in any order) with the same present cells, and builds ex from them
 * (the codings are copied; ex is initialised here).  names[0..n) label the
 * codings in messages (NULL: "expert 1", "expert 2", ...).  Every mismatch
 * is recorded in diags (which the caller initialised) with the coding's
 * name as file and a JSON path into the native format: an actor or issue
 * that the first coding lacks at $.actors[a].name / $.issues[i].name of
 * the coding that has it, one that the coding lacks at $.actors /
 * $.issues of that coding, a cell present in one and absent in the other
 * at $.actors[a].values.ISSUE.
 * Errors: PARLEY_EINVAL (n == 0 or more than PARLEY_EXPERTS_MAX),
 * PARLEY_EDATA (a mismatch), PARLEY_ENOMEM.  On error ex is left destroyed
 * (safe to destroy again). */
parley_status parley_experts_init(parley_experts *ex, const parley_scenario *codings,
                                  const char *const *names, size_t n, parley_diags *diags);

/** Loads the codings at paths[0..n) (each in any format parley reads,
 * parley_scenario_load with fmt and opts; paths label the codings) and
 * calls parley_experts_init.  opts->outcomes is read with the first coding
 * only (the aggregate keeps its outcomes).  When opts->issue_name is NULL
 * and the first coding has one issue, the later codings' one-issue tables
 * take its name (a table names its issue after its file).  Every problem of every file is recorded
 * in diags.  Errors: those of parley_scenario_load (the first failing file's) and of
 * parley_experts_init. */
parley_status parley_experts_load(parley_experts *ex, const char *const *paths, size_t n,
                                  parley_format fmt, const parley_read_options *opts,
                                  parley_diags *diags);

/** Releases everything ex owns; ex may be zero-initialised.  Safe to call twice. */
void parley_experts_destroy(parley_experts *ex);

/** The scenario a command runs on: a file (or the embedded default), or
 * several experts' codings, and the what-if changes to apply.  Strings are
 * borrowed. */
typedef struct parley_scenario_request {
    const char *file;           /**< the scenario file; NULL: the embedded default */
    const char *const *experts; /**< n_experts >= 2 codings instead of file (their
                                     aggregate, parley_experts_load; used when
                                     n_experts > 0), or NULL */
    size_t n_experts;
    const parley_read_options *ro; /**< how to read (NULL: the defaults) */
    const char *const *sets;       /**< n_sets "ACTOR.ISSUE.FIELD=VALUE" changes */
    size_t n_sets;
    const char *const *drops; /**< n_drops actors to leave out */
    size_t n_drops;
} parley_scenario_request;

/** Checks req's input files before any is read, as `parley` does with its
 * operands: when req->experts is not NULL (experts' codings were asked
 * for) there must be two or more codings ("--experts needs two or more
 * coding files, not N"), none of them standard input ('-'), which the
 * codings cannot share ("--experts reads each coding from a file: standard
 * input ('-') is not accepted (save it to a file)"); then the codings (as
 * "coding"), else req->file when not NULL (as "scenario"), pass
 * parley_input_files_check with req->ro's outcomes.  The what-if is not
 * checked here (parley_scenario_request_load words its failures), except
 * that none of its texts may be NULL.
 * Errors: PARLEY_EINVAL, worded as above in err; also for a NULL req ("no
 * scenario request"), experts NULL with n_experts > 0 or a NULL coding
 * among them ("--experts: coding file K is NULL"), sets or drops NULL
 * with n_sets or n_drops > 0 or a NULL text among them ("set: text K is
 * NULL"). */
parley_status parley_scenario_request_check(const parley_scenario_request *req, parley_error *err);

/** Loads req's scenario into orig (parley_scenario_load,
 * parley_scenario_load_default, or the aggregate of parley_experts_load)
 * and makes changed (may be NULL) orig with every set and drop applied
 * (parley_whatif_apply_text; a copy of orig without them).  Both are to be
 * destroyed by the caller whatever the result (zeroed first).  Every
 * problem of reading goes to diags (err's status stays PARLEY_OK); a
 * what-if that fails is worded in err, as the request's field: "set
 * 'a.b.position=x': ..." or "drop: no actor named 'X' in the scenario (actors:
 * A, B, ...)" (PARLEY_EINVAL), or
 * a value the scenario refuses (PARLEY_EDATA).  Errors: those of the
 * loaders, PARLEY_EINVAL, PARLEY_EDATA, PARLEY_ENOMEM. */
parley_status parley_scenario_request_load(parley_scenario *orig, parley_scenario *changed,
                                           const parley_scenario_request *req, parley_diags *diags,
                                           parley_error *err);

/** The what-if changes of req as the reports list them: "--set TEXT" for
 * each set, then "--drop NAME" for each drop (n_sets + n_drops strings),
 * into *texts: one allocation that holds the array and the strings, to be
 * released with free().  *texts is NULL when there are no changes.
 * Errors: PARLEY_ENOMEM; PARLEY_EINVAL (sets or drops NULL with n_sets or
 * n_drops > 0, or a NULL text among them; *texts is NULL). */
parley_status parley_scenario_request_changes(const parley_scenario_request *req, char ***texts);

/** Appends the label of the experts' codings files[0..n) that the reports
 * show as their scenario's file: "N experts: FILE FILE ...".
 * Errors: PARLEY_ENOMEM. */
parley_status parley_experts_label(parley_buf *out, const char *const *files, size_t n);

/** The median of x[0..n) (n >= 1; x is reordered): the middle value, or
 * with an even n the mean of the two middle values.  NaN when n == 0. */
double parley_median(double *x, size_t n);

/** How an ensemble replicate draws its table from the codings. */
typedef enum parley_experts_draw {
    /** each present cell (position, salience and capability together) from
     * an expert drawn uniformly for that cell */
    PARLEY_EXPERTS_DRAW_CELL = 0,
    /** the whole table from one expert drawn uniformly for the replicate */
    PARLEY_EXPERTS_DRAW_EXPERT = 1
} parley_experts_draw;

/** Parses "cell" or "expert".  Errors: PARLEY_EINVAL. */
parley_status parley_experts_draw_parse(const char *text, parley_experts_draw *out);

/** The random stream family of the experts draw: replicate k draws from
 * parley_rng_init(parley_ensemble_subseed(seed, PARLEY_EXPERTS_STREAM), k),
 * apart from the fields' and the drops' streams (families 0-3). */
#define PARLEY_EXPERTS_STREAM 4u

/** Fills the cell values of dst, a copy of ex->aggregate, with replicate
 * k's draw: mode CELL draws an expert per present cell, actor by actor,
 * issue by issue in the aggregate's order; mode EXPERT one expert for the
 * table.  An expert e is drawn as floor(u n_experts) for a uniform u of the
 * stream above, so the draw depends on (seed, k) only.
 * Errors: PARLEY_EINVAL (dst is not shaped like the aggregate, bad mode). */
parley_status parley_experts_draw_table(const parley_experts *ex, parley_experts_draw mode,
                                        uint64_t seed, uint64_t k, parley_scenario *dst,
                                        parley_error *err);

/** parley_ensemble_run on the experts' codings: replicate k first draws
 * its table from the codings (parley_experts_draw_table with opt->seed and
 * k), then applies pert to it (parley_ensemble_perturb), then runs the
 * models.  sum is created by parley_ensemble_summary_init for
 * ex->aggregate.  The result does not depend on the number of threads.
 * Errors: those of parley_ensemble_run. */
parley_status parley_ensemble_run_experts(const parley_experts *ex, parley_experts_draw mode,
                                          const parley_params *params, size_t n_configs,
                                          const parley_perturbation *pert,
                                          const parley_ensemble_options *opt,
                                          parley_ensemble_summary *sum, parley_error *err);

/** How much the experts disagree on one value of one cell. */
typedef struct parley_expert_range {
    size_t actor, issue;           /**< indices into the aggregate */
    parley_field field;            /**< position, salience or capability */
    double min, max;               /**< over the experts (salience 0-1) */
    size_t min_expert, max_expert; /**< the first expert giving min, max */
    /** (max - min) as a percentage of the value's scale: the issue's width
     * hi - lo for positions, 1 for saliences, and for capabilities the
     * largest capability any expert gave any actor on the issue (0 when
     * that is 0). */
    double percent;
} parley_expert_range;

/** Lists every present cell's position, salience and capability range over
 * the experts, sorted by percent descending (ties: actor, issue, field in
 * order), into *out (n_actors x n_issues x 3 at most, caller frees) and its
 * length into *n.  Errors: PARLEY_ENOMEM. */
parley_status parley_experts_disagreement(const parley_experts *ex, parley_expert_range **out,
                                          size_t *n);

/** Appends to b the table of the experts' disagreement for `parley
 * validate --experts`: the experts numbered #1, #2 ... with their names,
 * then one line per value of the `top` widest ranges
 * (parley_experts_disagreement; top 0 = all): actor, issue, field, lowest
 * and highest value with the numbers of the experts who gave them, the range max - min and the
 * range as a percentage of the value's scale.  Saliences are shown on the aggregate's salience
 * scale (0-1 or 0-100).  Errors: PARLEY_ENOMEM. */
parley_status parley_report_experts_disagreement(const parley_experts *ex, size_t top,
                                                 parley_buf *b);

struct parley_chart_set;

/** The experts' section of the HTML report (`parley report --experts`):
 * adds to set one chart (named "experts", kind PARLEY_CHART_ENSEMBLE, so
 * that it appears under "How sure is the forecast") of the `top` widest
 * ranges of parley_experts_disagreement (top 0 = all) as bars of the
 * range's percentage of the value's scale, each labelled with the actor,
 * issue, value, and the lowest and highest value with the experts who gave
 * them; the caption names the experts.  Nothing is added when no cell has
 * a value.  Errors: PARLEY_ENOMEM, those of parley_chart_bars_svg. */
parley_status parley_report_add_experts(const parley_experts *ex, size_t top,
                                        struct parley_chart_set *set, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
