/* parley: what-if changes, leverage and best stated position.
 *
 * What-if: change one actor's position, salience or capability on an issue
 * (ACTOR.ISSUE.FIELD=VALUE) or take an actor out of the talks, and compare
 * the forecasts with the base case.
 *
 * Leverage: for every actor, issue, field and model, how much the issue's
 * forecast moves per unit change of that actor's input (a central finite
 * difference), and how much it moves if the actor leaves; ranked by the
 * size of the move an achievable change would cause, so the first line
 * answers "whom should we persuade, and of what".
 *
 * Best stated position: for one actor and issue, the position it should
 * advocate so that a model's forecast lands as close as possible to its
 * real (input) position -- Bueno de Mesquita's strategic advice.  See
 * docs/analysis.md for the search.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_LEVERAGE_H
#define PARLEY_LEVERAGE_H

#include <stddef.h>

#include "ensemble.h"
#include "forecast.h"
#include "model.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One what-if change of a cell value. */
typedef struct parley_change {
    size_t actor; /**< scenario index */
    size_t issue; /**< scenario index, or PARLEY_ALL_ISSUES */
    parley_field field;
    double value; /**< on the field's stored scale: position on the issue
                       scale, salience 0-1, capability as stored */
} parley_change;

#define PARLEY_ALL_ISSUES ((size_t)-1)

/** Parses "ACTOR.ISSUE.FIELD=VALUE" (ISSUE may be '*' for every issue the
 * actor takes part in; FIELD is position, salience or capability).  A
 * salience is read on the scenario's input scale (divided by 100 when the
 * scenario stated saliences on 0-100).  Actor and issue names may contain
 * dots: the text is split at the last two dots before '='.
 * Errors: PARLEY_EINVAL with a message naming the unknown actor, issue or
 * field, or the malformed number. */
parley_status parley_change_parse(const parley_scenario *s, const char *text, parley_change *out,
                                  parley_error *err);

/** Applies changes (in order) and then drops (actor indices: every cell of
 * the actor becomes absent) to s.  Checks every new value: a position
 * inside the issue's [lo, hi], a salience in [0, 1], a capability >= 0, and
 * that the actor takes part in the issue, and that the drops leave at
 * least one actor taking part in some issue.
 * Errors: PARLEY_EDATA with the reason (including "the drops remove every
 * actor"); s may then be partly changed. */
parley_status parley_whatif_apply(parley_scenario *s, const parley_change *changes,
                                  size_t n_changes, const size_t *drops, size_t n_drops,
                                  parley_error *err);

/** The what-if of the command line: out becomes a copy of base with the
 * changes sets[0..n_sets) ("ACTOR.ISSUE.FIELD=VALUE", parley_change_parse
 * on base) and then the drops of the actors named drops[0..n_drops)
 * applied (parley_whatif_apply).  out is initialised in every case (destroy
 * it).  *bad (may be NULL) tells which text was refused: k < n_sets for
 * sets[k], n_sets + k for drops[k], (size_t)-1 otherwise.
 * Errors: PARLEY_EINVAL (a set that does not parse, "set 'TEXT': why";
 * a drop naming no actor, "drop: no actor named 'NAME' in the
 * scenario (actors: A, B, ...)"; sets or drops
 * NULL with n_sets or n_drops > 0, or a NULL text among them, refused
 * before any is read: "set: text K is NULL", *bad as for a refused
 * text), PARLEY_EDATA (a value
 * parley_whatif_apply refuses), PARLEY_ENOMEM. */
parley_status parley_whatif_apply_text(parley_scenario *out, const parley_scenario *base,
                                       const char *const *sets, size_t n_sets,
                                       const char *const *drops, size_t n_drops, size_t *bad,
                                       parley_error *err);

/** Leverage effects smaller than this fraction of the issue's scale width
 * are rounding noise of the finite differences and are reported as exactly
 * 0 (effect and derivative), ranked as ties with the true zeros. */
#define PARLEY_LEVERAGE_ZERO_TOL 1e-9

/** The most rows a leverage report may be asked to show (its top; 0 = all):
 * `parley leverage --top` and Python's leverage(top=) take 0 .. this. */
#define PARLEY_LEVERAGE_MAX_TOP 1000000000

/** One line of a leverage table. */
typedef struct parley_leverage_row {
    size_t actor, issue, model;
    parley_field field; /**< meaningful when drop == 0 */
    int drop;           /**< 1: the row is the effect of the actor leaving */
    double derivative;  /**< d forecast / d value (issue-scale units per unit of the field);
                             for a drop: forecast without the actor - base forecast */
    double effect;      /**< the forecast's change for a reference change of the input
                             (see parley_leverage_compute), issue-scale units */
    int failed;         /**< 1 if the model could not run after the change */
} parley_leverage_row;

/** A leverage table. */
typedef struct parley_leverage {
    parley_leverage_row *rows;
    size_t n_rows;
    double *base; /**< n_issues x n_models base forecasts (NaN when the model could not run) */
    size_t n_issues, n_models;
    /* How the table was computed (parley_leverage_run): */
    size_t n_forecasts; /**< model runs of the whole computation, over every thread and process */
    size_t n_actors;    /**< actors of the scenario (the length of screen) */
    size_t n_selected;  /**< actors the rows were computed for (every actor, or options.actors) */
    size_t *selected;   /**< those n_selected actors, ascending, when options.actors limited
                             them; else NULL */
    size_t n_screened;  /**< actors ranked by the screening pass; 0 when no screen ran */
    double *screen;     /**< n_actors screening scores, computed by every run (also
                             without a screen: what a screen would rank by): an actor's
                             largest |leave effect| and |effect of one position step| (up,
                             or down at the top of the scale; those options.screen names),
                             each / the scale width, over its issues and models; NaN for
                             actors not selected or absent */
    size_t *refined;    /**< the n_refined actors whose position, salience and capability rows
                             were computed after the screen, best score first; NULL when no
                             screen ran (then every selected actor has every row) */
    size_t n_refined;
    unsigned screen_kinds; /**< what the screen ran or would run (PARLEY_LEVERAGE_SCREEN_*) */
} parley_leverage;

/** Computes the leverage of every present (actor, issue) cell for every
 * model params[0..n_models), on scenario s (borrowed).  Derivatives are
 * central differences (f(v + h) - f(v - h)) / 2h with h = step x the
 * field's reference range (issue width for positions, 1 for saliences,
 * the issue's largest capability for capabilities), one-sided at a bound.
 * For models whose forecast is piecewise constant in the inputs (the
 * weighted median, the expected utility model) the derivative is the
 * slope of the secant over [v - h, v + h], i.e. a smoothed sensitivity.
 * effect = derivative x reference range x step_effect: the move of the
 * forecast for a change of step_effect of the reference range (0.1 = a
 * tenth of the scale, 0.1 of salience, a tenth of the top capability).
 * An |effect| below PARLEY_LEVERAGE_ZERO_TOL x the issue's width becomes
 * exactly 0 (derivative too).
 * Rows are sorted by |effect| (drops use their own move), largest first,
 * ties (all the zeros among them) by actor, issue, field (position,
 * salience, capability, leaving), model.  step in (0, 0.5].  seed: the seed of
 * models that draw random numbers (each run draws as replicate 0 of
 * parley_forecast_init_seeded, so every run sees the same shocks).
 * Runs on OpenMP's default number of threads: parley_leverage_run with
 * the default options and these values.
 * Errors: PARLEY_EINVAL (bad step), PARLEY_ENOMEM. */
parley_status parley_leverage_compute(parley_leverage *lev, const parley_scenario *s,
                                      const parley_params *params, size_t n_models, double step,
                                      double step_effect, unsigned long long seed,
                                      parley_error *err);

/** What the screening pass runs, per actor, issue and model (a bit set):
 * the forecast without the actor (a final row), one step of its position
 * (up, or down at the top of the scale: half of the position row). */
#define PARLEY_LEVERAGE_SCREEN_LEAVES 1u
#define PARLEY_LEVERAGE_SCREEN_POSITION 2u
#define PARLEY_LEVERAGE_SCREEN_DEFAULT                                                             \
    (PARLEY_LEVERAGE_SCREEN_LEAVES | PARLEY_LEVERAGE_SCREEN_POSITION)

/** Hands the share of a work phase computed by each process to every
 * process (an MPI all-gather).  values[0..n) is split into size contiguous
 * parts, part r = [n r / size, n (r + 1) / size); on entry this process has
 * filled its own part (rank's) and local is its status; on return every
 * part is filled on every process and the result is the first non-OK status
 * of any process (PARLEY_OK when all succeeded).  data: share_data. */
typedef parley_status (*parley_leverage_share_fn)(void *data, double *values, size_t n,
                                                  parley_status local);

/** Options of parley_leverage_run; set with parley_leverage_options_init. */
typedef struct parley_leverage_options {
    double step;             /**< half-width of the finite difference, as a fraction of the
                                  field's reference range, (0, 0.5]; default 0.05 */
    double step_effect;      /**< the reference change of `effect`, fraction of the range,
                                  > 0; default 0.1 */
    unsigned long long seed; /**< seed of the models that draw random numbers */
    const size_t *actors;    /**< scenario indices of the actors to compute rows for
                                  (no repeats); NULL = every actor */
    size_t n_actors;         /**< length of actors */
    size_t top_actors;       /**< 0 = no screen: every selected actor in full.  K > 0 and
                                  fewer than the selected actors: the screening pass (see
                                  screen) ranks the actors and only the K best get every row;
                                  the others keep their leave rows if the screen ran them;
                                  docs/analysis.md gives its error */
    unsigned screen;         /**< PARLEY_LEVERAGE_SCREEN_* bits; 0 = the default (both) */
    int threads;             /**< OpenMP threads; 0 = the OpenMP default (OMP_NUM_THREADS); never
                                  more threads than forecasts in a phase */
    size_t max_memory;       /**< bytes; 0 = no limit: refuse (PARLEY_EDATA) when the threads'
                                  forecasts together would need more */
    parley_progress_fn progress; /**< called after each forecast of this process with the
                                      forecasts done and planned (the plan grows by the
                                      refinement once the screen has run); nonzero cancels */
    void *progress_data;
    int rank, size; /**< this process's share: each phase's forecasts are split into size
                         contiguous parts and part rank is run here; default 0 and 1 */
    parley_leverage_share_fn share; /**< required when size > 1: joins the parts */
    void *share_data;
} parley_leverage_options;

/** Sets o to the defaults: step 0.05, effect 0.1, seed 0, every actor, no
 * screen, OpenMP's default threads, no limit, no callbacks, one process. */
void parley_leverage_options_init(parley_leverage_options *o);

/** The size of a leverage run, for a message before it starts. */
typedef struct parley_leverage_estimate {
    size_t base;      /**< base forecasts: one per issue and model */
    size_t screen;    /**< screening forecasts (0 without a screen) */
    size_t refine;    /**< the other forecasts (with a screen: at most, for the K actors
                           with the most forecasts) */
    size_t forecasts; /**< base + screen + refine, over every process */
    double seconds;   /**< single-thread seconds of them all, from timing each base
                           forecast once (the runs of one issue and model cost alike) */
    int threads;      /**< threads one process would use (OpenMP; 1 without it) */
} parley_leverage_estimate;

/** Counts the forecasts parley_leverage_run will make with these options
 * and times one base forecast per issue and model (so it runs those
 * once).  Errors: those of parley_leverage_run's option checks (PARLEY_EINVAL),
 * PARLEY_ENOMEM. */
parley_status parley_leverage_estimate_run(const parley_scenario *s, const parley_params *params,
                                           size_t n_models, const parley_leverage_options *opt,
                                           parley_leverage_estimate *est, parley_error *err);

/** Computes the leverage table of parley_leverage_compute (same rows, same
 * numbers, byte for byte) with the options: the forecasts run in parallel
 * on opt->threads OpenMP threads and, with size > 1, split over processes;
 * the result does not depend on either number (every forecast depends only
 * on its own input change).  With opt->actors only those actors get rows;
 * with opt->top_actors = K the screen runs first (see the field).  Every
 * row present is exactly the full run's row; without a screen the table
 * is the full run's restricted to the selected actors.
 * Errors: PARLEY_EINVAL (bad step, effect, actor index or repeat, rank or
 * size, size > 1 without share; "cancelled" when progress returned
 * nonzero), PARLEY_EDATA (max_memory), PARLEY_ENOMEM, or the status share
 * returned. */
parley_status parley_leverage_run(parley_leverage *lev, const parley_scenario *s,
                                  const parley_params *params, size_t n_models,
                                  const parley_leverage_options *opt, parley_error *err);

/** Marks in chosen[0..s->n_actors) the actors that text names: the whole
 * text if it is one actor's name (names may hold commas), else a
 * comma-separated list of names, each exactly as in the scenario.  Marks
 * already set stay set (call once per list).  Errors: PARLEY_EINVAL ("no
 * actor named 'X' in the scenario (actors: A, B, ...)", or "empty name" for
 * an empty item). */
parley_status parley_leverage_actors_parse(const parley_scenario *s, const char *text,
                                           unsigned char *chosen, parley_error *err);

/** The actors named by the lists texts[0..n_texts) (each as in
 * parley_leverage_actors_parse; `leverage --actors`), as scenario indices in
 * ascending order, each once, into idx (room for s->n_actors) and their
 * number into *n_idx: what parley_leverage_options.actors takes.
 * Errors: those of parley_leverage_actors_parse, PARLEY_ENOMEM. */
parley_status parley_leverage_actors_select(const parley_scenario *s, const char *const *texts,
                                            size_t n_texts, size_t *idx, size_t *n_idx,
                                            parley_error *err);

/** Releases the table; lev may be zero-initialised; safe to call twice. */
void parley_leverage_destroy(parley_leverage *lev);

/** Result of the best-stated-position search. */
typedef struct parley_best_position {
    double ideal;         /**< the actor's real preference: its input position */
    double stated;        /**< best position to advocate, issue scale */
    double forecast;      /**< forecast when it states `stated` */
    double base_forecast; /**< forecast when it states its ideal */
    double lo, hi;        /**< the interval of stated positions giving the same best distance */
    size_t evaluations;   /**< model runs used */
} parley_best_position_result;

/** Most grid points of parley_best_position (the one copy of this limit:
 * the CLI's --grid and Python's grid= check it). */
#define PARLEY_BEST_POSITION_MAX_GRID 1000000

/** Searches the position actor a should state on issue i so that model
 * params' forecast is closest to its input position: a grid of
 * grid_points (3 .. PARLEY_BEST_POSITION_MAX_GRID) points over [lo, hi] plus the ideal itself, then
 * golden-section refinement on the bracket around the best grid point
 * (40 iterations).  The distance |forecast - ideal| is piecewise constant
 * for the median and expected utility models, so the grid does the real
 * work; ties are broken toward the stated position nearest the ideal (the
 * least conspicuous misrepresentation), and lo..hi reports the plateau of
 * grid points that reach the best distance.
 * Errors: PARLEY_EINVAL (actor absent from the issue, grid_points out of range),
 * PARLEY_EDOMAIN (the model cannot run on the issue), PARLEY_ENOMEM. */
parley_status parley_best_position(const parley_scenario *s, const parley_params *params,
                                   size_t actor, size_t issue, size_t grid_points,
                                   unsigned long long seed, parley_best_position_result *out,
                                   parley_error *err);

/** The best stated positions of one actor on several issues and models
 * (parley_best_positions_init); the caller owns it. */
typedef struct parley_best_positions {
    parley_best_position_result *best; /**< n results, issue by issue, models in order */
    size_t *issue, *model;             /**< the issue and the model (index into params) of each */
    size_t n;
} parley_best_positions;

/** Runs parley_best_position(s, params[m], actor, i, grid_points, seed) for
 * every issue i the actor takes part in (only i = issue unless issue is
 * (size_t)-1) and every model m < n_models, leaving out the pairs a model
 * cannot run (PARLEY_EDOMAIN), into bp (what `parley leverage --actor`
 * shows).  On error bp holds nothing to use (destroy it anyway).
 * Errors: PARLEY_EINVAL (actor or issue out of range, or the actor takes no
 * part in the issue asked for: err says "ACTOR takes no part in issue
 * ISSUE"; or, with no issue asked for, in any issue, e.g. an actor dropped
 * by the what-if changes: "ACTOR takes part in no issue ..."),
 * PARLEY_ENOMEM, and those of parley_best_position. */
parley_status parley_best_positions_init(parley_best_positions *bp, const parley_scenario *s,
                                         const parley_params *params, size_t n_models, size_t actor,
                                         size_t issue, size_t grid_points, unsigned long long seed,
                                         parley_error *err);
/** Releases what bp holds; safe on a zeroed or destroyed bp. */
void parley_best_positions_destroy(parley_best_positions *bp);

/* ---- leverage as one call: what `parley leverage` computes ---- */

typedef struct parley_leverage_result parley_leverage_result;

/** What to compute.  Every pointer is borrowed and must outlive the result. */
typedef struct parley_leverage_request {
    /** The scenario the leverage is computed on, after any what-if change. */
    const parley_scenario *scenario;
    /** The scenario before the what-if changes, or NULL without changes. */
    const parley_scenario *unchanged;
    const parley_params *params; /**< n_params models */
    size_t n_params;
    /** Bytes one forecast of every model may need (parley_forecast_check_memory); 0 = no limit. */
    size_t max_memory;
    /** NULL, or the actor (by name) whose best stated positions are
     * searched (parley_best_positions_init) on grid_points points, on the
     * issue named `issue` only (NULL = every issue the actor takes part in). */
    const char *actor, *issue;
    size_t grid_points;
    /** The actors to compute rows for, by name (parley_leverage_actors_select);
     * n_actor_names 0 = every actor. */
    const char *const *actor_names;
    size_t n_actor_names;
    /** How to run (step, effect, seed, screen, threads, share, progress);
     * actors is set from actor_names. */
    parley_leverage_options options;
    /** Called once before the leverage runs with the options about to be
     * used (e.g. to print parley_leverage_estimate_run and start a progress
     * bar); may be NULL. */
    void (*prepare)(void *data, const parley_leverage_result *res,
                    parley_leverage_options *options);
    void *prepare_data;
} parley_leverage_request;

/** Where parley_leverage_result_init stopped. */
typedef enum parley_leverage_stage {
    PARLEY_LEVERAGE_STAGE_DONE = 0,
    PARLEY_LEVERAGE_STAGE_MEMORY, /**< parley_forecast_check_memory refused */
    /** PARLEY_EINVAL: "actor: no actor named 'X' in the scenario (actors: A, B, ...)" */
    PARLEY_LEVERAGE_STAGE_ACTOR,
    PARLEY_LEVERAGE_STAGE_ISSUE,  /**< PARLEY_EINVAL: "issue: no issue named 'X' in the scenario" */
    PARLEY_LEVERAGE_STAGE_ACTORS, /**< parley_leverage_actors_select's error after "actors: " */
    PARLEY_LEVERAGE_STAGE_RUN,    /**< parley_leverage_run's error */
    PARLEY_LEVERAGE_STAGE_UNCHANGED, /**< PARLEY_ENOMEM for the unchanged forecasts */
    PARLEY_LEVERAGE_STAGE_BEST /**< parley_best_positions_init's error; its PARLEY_EINVAL (the actor
                                  takes no part in the issue, or, dropped, in none) comes before the
                                  leverage runs */
} parley_leverage_stage;

/** What parley_leverage_result_init computed.  Owns everything it holds. */
struct parley_leverage_result {
    parley_leverage leverage;
    /** n_issues x n_params forecasts of request->unchanged (NaN where a
     * model could not run, or everywhere when they failed), or NULL. */
    double *unchanged;
    /** The best stated positions of the actor, when one was asked. */
    parley_best_positions best;
    size_t actor;   /**< scenario index of request->actor, or (size_t)-1 */
    size_t issue;   /**< scenario index of request->issue, or (size_t)-1 */
    size_t *actors; /**< n_actors selected actors (ascending), or NULL for all */
    size_t n_actors;
    parley_leverage_stage stage;
};

/** Computes the leverage of req into res (initialised here whatever
 * happens; destroy it with parley_leverage_result_destroy): the memory
 * check, the actor and issue by name, the selected actors, the prepare
 * hook, parley_leverage_run; then, on the process of rank 0 only
 * (options.rank), the unchanged forecasts (parley_forecast_values; NaN
 * when they fail other than for memory) and the best positions.  The
 * formulas are those of the calls named (docs/analysis.md).  Errors
 * (res->stage says where): those of the calls named, PARLEY_EINVAL (no
 * actor or issue of that name; no scenario or params), PARLEY_ENOMEM. */
parley_status parley_leverage_result_init(parley_leverage_result *res,
                                          const parley_leverage_request *req, parley_error *err);

/** Releases what res holds; res may be zero-initialised; safe twice. */
void parley_leverage_result_destroy(parley_leverage_result *res);

#ifdef __cplusplus
}
#endif
#endif
