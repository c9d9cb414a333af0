/* parley: one interface for every model.
 *
 * A model is a parley_model_type: a table of function pointers in the
 * manner of GSL's gsl_multimin_fminimizer_type.  Models work on one issue
 * at a time (a parley_issue_view).  Iterative models follow GSL's
 * init / iterate / test decomposition, which maps onto negotiation rounds:
 *
 *     parley_model m;
 *     parley_model_init(&m, type, &view, params, &err);
 *     while (!parley_model_test(&m))
 *         parley_model_iterate(&m, &err);   // one round; inspect m between rounds
 *     parley_model_outcome(&m, &outcome);
 *     parley_model_destroy(&m);
 *
 * Static models (mean, median) are done after init: test() is true at once.
 *
 * Scenario-scope models (scope PARLEY_SCOPE_SCENARIO: the exchange model,
 * KTAB's spatial model) see every issue at once.  They are initialised with
 * init_scenario on the whole scenario; iterate / test play rounds of the
 * whole scenario; results are read per issue with outcome_issue and
 * positions_issue:
 *
 *     parley_model_init_scenario(&m, params, scenario, &err);
 *     while (!parley_model_test(&m))
 *         parley_model_iterate(&m, &err);
 *     for (size_t i = 0; i < scenario->n_issues; ++i)
 *         parley_model_outcome_issue(&m, i, &outcome[i]);
 *
 * Parameters are a model-specific struct created by params_default and
 * changed by name with params_set, so the CLI never needs to know a model's
 * internals.  Adding a model means one X(name) entry in src/models/model.c's
 * builtin list (docs/architecture.md).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_MODEL_H
#define PARLEY_MODEL_H

#include <stddef.h>

#include "buf.h"
#include "params.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Why a model run ended. */
typedef enum parley_stop_reason {
    PARLEY_STOP_NONE = 0,        /**< still running */
    PARLEY_STOP_STATIC = 1,      /**< one-shot model, no rounds */
    PARLEY_STOP_ROUND_LIMIT = 2, /**< the round limit was reached */
    PARLEY_STOP_FIXED_POINT = 3, /**< no actor moved in the last round */
    PARLEY_STOP_CYCLE = 4,       /**< the positions repeat an earlier round */
    PARLEY_STOP_CONVERGED = 5,   /**< the forecast changed less than the tolerance */
    PARLEY_STOP_AGREEMENT = 6    /**< all actors share one position from the start */
} parley_stop_reason;

/** Short name of a stop reason ("round-limit", "cycle", ...). */
const char *parley_stop_reason_name(parley_stop_reason r);

/** Kinds of move in the expected utility model (BDM's octant chart). */
typedef enum parley_move_kind {
    PARLEY_MOVE_CONFLICT =
        0, /**< the receiver expects to lose a conflict and adopts the sender's position */
    PARLEY_MOVE_COMPROMISE = 1,   /**< the receiver moves part of the way towards the sender */
    PARLEY_MOVE_CAPITULATION = 2, /**< the receiver gives in and adopts the sender's position */
    /** the receiver adopts its side of a bargain with the sender (KTAB's
     * spatial model; then e_i is the bargain's initiator's expected gain from
     * the challenge and e_j its estimated probability of winning it) */
    PARLEY_MOVE_BARGAIN = 3,
    /** exchange model: the receiver moves its vote on this issue in return for
     * the sender's move on another issue; from/to are voting positions, e_i /
     * e_j the receiver's / sender's utility gains */
    PARLEY_MOVE_EXCHANGE = 4
} parley_move_kind;

/** Short, static name of a move kind ("conflict", "compromise",
 * "capitulation", "bargain", "exchange"), as used in traces and JSON. */
const char *parley_move_kind_name(parley_move_kind k);

/** One accepted offer of a round: `receiver` moves from `from` to `to`
 * because of `sender`.  Indices are into the issue view (0..n-1).
 * e_i: receiver's expected utility of challenging the sender; e_j: the
 * sender's expected utility of challenging the receiver, both as the
 * receiver sees them (BDM 1994; Scholz et al. 2011). */
typedef struct parley_move {
    size_t receiver, sender;
    parley_move_kind kind;
    double e_i, e_j;
    double from, to; /**< positions on the issue scale */
} parley_move;

/** One pair's expected utilities of a challenge in a round, as the
 * receiver i sees them (BDM 1994; Scholz et al. 2011): e_i = E^i(U_ij), i's
 * expected utility of challenging j; e_j = E^i(U_ji), j's expected utility
 * of challenging i.  These are the numbers the model compared when it
 * decided i's move (the e_i, e_j of a parley_move).  Both are NaN for a
 * pair the model did not evaluate (j = i, or j at i's position). */
typedef struct parley_challenge {
    double e_i, e_j;
} parley_challenge;

/** What the report may say and draw about a model (bits of
 * parley_model_type.report_flags).  The report and the analyses choose
 * their words and charts from these, never from the model's identity. */
typedef enum parley_model_report_flag {
    /** The report leads with this model's forecast when it ran (the first
     * such model in the selection). */
    PARLEY_REPORT_HEADLINE = 1u << 0,
    /** The round-by-round story tells its moves (conflict, compromise,
     * capitulation) rather than only the forecast after each round. */
    PARLEY_REPORT_STORY_MOVES = 1u << 1,
    /** Its forecast after each round is the weighted median of the
     * positions (said so in the positions chart). */
    PARLEY_REPORT_FORECAST_IS_MEDIAN = 1u << 2,
    /** The challenge plane (who challenges whom) applies: the type fills
     * `challenges` and a traced run records them. */
    PARLEY_REPORT_CHALLENGE_PLANE = 1u << 3
} parley_model_report_flag;

/** What a model run produced for one issue. */
typedef struct parley_outcome {
    double forecast; /**< the model's forecast, on the issue scale */
    double mean;     /**< capability x salience weighted mean of the final positions */
    double median;   /**< weighted median of the final positions (lower rule) */
    int median_tie;  /**< 1 if the weighted median was tied */
    double median_tie_lo, median_tie_hi; /**< the tie interval (both = median if no tie) */
    size_t rounds;                       /**< rounds played (0 for static models) */
    parley_stop_reason stop;
    int cycle; /**< 1 if a cycle was detected (whether or not it stopped the run) */
    size_t cycle_start,
        cycle_period;          /**< round at which the repeated state first occurred, period */
    double cycle_lo, cycle_hi; /**< range of the forecast over the cycle */
    const char *note;          /**< a remark on the result (static string), or NULL; e.g. the NBS's
                                    "status quo is Pareto optimal" */
} parley_outcome;

/** What a model runs on. */
typedef enum parley_model_scope {
    PARLEY_SCOPE_ISSUE = 0, /**< one issue at a time (init, outcome, positions) */
    PARLEY_SCOPE_SCENARIO =
        1 /**< all issues at once (init_scenario, outcome_issue, positions_issue) */
} parley_model_scope;

/** The model type: a table of functions.
 *
 * Issue-scope models (scope = PARLEY_SCOPE_ISSUE, the zero default) fill
 * init, test, outcome and destroy; iterate (NULL for static models),
 * positions, risk and moves are optional.
 *
 * Scenario-scope models fill init_scenario, test, outcome_issue,
 * positions_issue and destroy; iterate, issue_status, risk_issue and moves are
 * optional, and init / outcome / positions are unused.  Per-issue arrays
 * follow the issue view of parley_issue_view_init: the actors present on the
 * issue, in scenario order. */
typedef struct parley_model_type {
    const char *name;   /**< CLI name: "mean", "median", "eu" */
    const char *title;  /**< human name: "compromise (weighted mean)" */
    const char *source; /**< where the formula comes from */
    /** The model in running text, with its article: "the compromise model"
     * ("... under the compromise model").  NULL: the report uses title. */
    const char *short_name;
    /** What the model does, in plain words for a reader who knows no game
     * theory, without naming the model ("the average of the positions,
     * ...").  NULL: the report uses title. */
    const char *gloss;
    /** Bits of parley_model_report_flag. */
    unsigned report_flags;
    size_t params_size;
    size_t state_size;
    /** Fills params (params_size bytes) with the defaults. */
    void (*params_default)(void *params);
    /** Sets a parameter that param_defs does not list, by name; NULL when
     * param_defs lists them all (every built-in model).  Returns
     * PARLEY_EUNSUPPORTED for a name the model does not have,
     * PARLEY_EINVAL (with a message) for a bad value. */
    parley_status (*params_set)(void *params, const char *key, const char *value,
                                parley_error *err);
    /** Appends the parameters as "key=value" pairs separated by ", " to out.
     * NULL: parley_params_describe writes every entry of param_defs but the
     * custom ones, in table order (reals with %g, flags on/off, choices by
     * name). */
    parley_status (*params_describe)(const void *params, parley_buf *out);
    /** Prepares state (state_size bytes, zeroed by the caller) for the issue
     * view v, which must outlive the state.  Errors: PARLEY_EDOMAIN (the model
     * cannot apply, with the reason), PARLEY_ENOMEM, PARLEY_EINVAL.
     * On error the caller still calls destroy on the (partly filled) state. */
    parley_status (*init)(void *state, const parley_issue_view *v, const void *params,
                          parley_error *err);
    /** Plays one round.  Errors: PARLEY_ENOMEM, PARLEY_EDOMAIN. */
    parley_status (*iterate)(void *state, parley_error *err);
    /** 1 when the run has stopped (by any rule), 0 to continue. */
    int (*test)(const void *state);
    /** Fills out with the current result (valid after init). */
    void (*outcome)(const void *state, parley_outcome *out);
    /** Current positions of the view's actors (n values), or NULL. */
    const double *(*positions)(const void *state);
    /** Current risk exponents (n values), or NULL. */
    const double *(*risk)(const void *state);
    /** Moves accepted in the last round; returns their count and sets *moves. */
    size_t (*moves)(const void *state, const parley_move **moves);
    /** Expected utilities of the challenges the model weighed in the last
     * round (n x n, row-major: [i * n + j] is receiver i's view of j), or
     * NULL before the first round; NULL hook: the model weighs none. */
    const parley_challenge *(*challenges)(const void *state);
    /** Releases what init (or init_scenario) allocated, not the state block
     * itself; must accept a zeroed or partly initialised state. */
    void (*destroy)(void *state);

    /* ---- scenario-scope models ---- */
    parley_model_scope scope;
    /** Prepares state (state_size bytes, zeroed by the caller) for the whole
     * scenario s, which must outlive the state.  Errors: PARLEY_EDOMAIN (the
     * model cannot apply to this scenario, e.g. the exchange model on fewer
     * than two issues, with the reason), PARLEY_ENOMEM, PARLEY_EINVAL.
     * On error the caller still calls destroy on the (partly filled) state. */
    parley_status (*init_scenario)(void *state, const parley_scenario *s, const void *params,
                                   parley_error *err);
    /** Whether the model has a result for issue i (0..n_issues-1); NULL means
     * every issue has one.  Returns PARLEY_OK, or PARLEY_EDOMAIN with the
     * reason in err. */
    parley_status (*issue_status)(const void *state, size_t issue, parley_error *err);
    /** Fills out with the current result on issue i (valid after init_scenario). */
    void (*outcome_issue)(const void *state, size_t issue, parley_outcome *out);
    /** Current positions on issue i of the actors present on it (issue-view
     * order, issue scale), or NULL. */
    const double *(*positions_issue)(const void *state, size_t issue);
    /** Current risk exponents of the actors present on issue i, or NULL. */
    const double *(*risk_issue)(const void *state, size_t issue);
    /** Moves of the last round on issue i (indices into the issue view);
     * returns their count and sets *moves.  NULL when the model has none. */
    size_t (*moves_issue)(const void *state, size_t issue, const parley_move **moves);

    /* ---- every model ---- */
    /** Bytes one run of the model needs at its peak on a scenario of
     * n_actors actors and n_issues issues (every actor on every issue, the
     * worst case), from the model's allocation pattern: an issue-scope
     * model's per-issue need (issues run one after another), a
     * scenario-scope model's need for the whole scenario.  SIZE_MAX when
     * the number does not fit in size_t.  NULL: the model needs O(n_actors)
     * per issue (parley_model_memory_estimate then assumes 64 bytes per
     * actor).  Used to refuse a run before it allocates (issue 10). */
    size_t (*memory_estimate)(const void *params, size_t n_actors, size_t n_issues);

    /* ---- typed run parameters (params.h) ---- */
    /** Applies the checked run parameters rp to params (what the model
     * uses; rounds only when rp->rounds > 0) and returns the
     * PARLEY_RUN_* flags of what it uses (PARLEY_RUN_SEED, PARLEY_RUN_STREAM,
     * PARLEY_RUN_ROUNDS).  NULL: the model uses none
     * (it draws no random numbers and plays no rounds). */
    unsigned (*params_run)(void *params, const parley_run_params *rp);

    /* ---- names the command line lists and completes ---- */
    /** The model's parameters (params.h), ending with an entry whose key is
     * NULL; NULL: the model has none (or only those of params_set).
     * parley_params_set parses `--param MODEL.KEY=VALUE` with it,
     * parley_params_check validates a filled struct with it, and the shell
     * completion lists its keys (parley --completion-data params); a unit
     * test checks every entry and that params_describe names no other key.
     * (It holds the place of the earlier param_keys list.) */
    const parley_param_def *param_defs;
    /** The presets params_set("preset", NAME) accepts, NULL-terminated, in
     * the order of the help texts; NULL: the model has no presets. */
    const char *const *presets;

    /* ---- appended: existing offsets stay ---- */
    /** Called by parley_params_set after it set an entry of param_defs
     * flagged PARLEY_PARAM_RULE (eu: names the preset the rules now follow,
     * or "custom"); NULL: nothing to do. */
    void (*params_changed)(void *params, const parley_param_def *def);
} parley_model_type;

/** Compromise (weighted mean) model, name "mean". */
extern const parley_model_type parley_model_mean;
/** Weighted median model, name "median". */
extern const parley_model_type parley_model_median;

/** All built-in model types, NULL-terminated, in the order of the reports. */
const parley_model_type *const *parley_model_types(void);

/** Finds a model type by name; NULL if none. */
const parley_model_type *parley_model_find(const char *name);

/** A model's parameters, owned by the caller (init/destroy pair). */
typedef struct parley_params {
    const parley_model_type *type;
    void *data;
} parley_params;

/** Bytes one run of params' model needs on a scenario of n_actors x
 * n_issues: the type's memory_estimate, or 64 bytes per actor for a type
 * without one.  SIZE_MAX when it does not fit in size_t. */
size_t parley_model_memory_estimate(const parley_params *params, size_t n_actors, size_t n_issues);

/** Creates the default parameters of type.  Errors: PARLEY_ENOMEM. */
parley_status parley_params_init(parley_params *p, const parley_model_type *type);
void parley_params_destroy(parley_params *p);
/** Sets one parameter from its text form: the entry of the type's
 * param_defs with that key is parsed once, strictly, range-checked and
 * stored in the typed struct p->data (a custom entry by its parse hook);
 * a key the table does not list goes to the type's params_set hook, if any.
 * key: "q", "rounds", ...; value: the text after '=' of --param.
 * A run parameter (PARLEY_PARAM_RUN: the seed, the stream) is refused:
 * parley_params_set_run sets it and would overwrite it.
 * Errors: PARLEY_EUNSUPPORTED (the model has no such key; err untouched),
 * PARLEY_EINVAL with the message a user sees, e.g. "q must be a number
 * from 0 to 1, not '2'" or "the seed is a run parameter: use --seed
 * (every model that draws random numbers takes it)". */
parley_status parley_params_set(parley_params *p, const char *key, const char *value,
                                parley_error *err);
/** The one validation of a model's typed parameters: checks every entry of
 * the type's param_defs against the struct p->data as it is, however it was
 * filled (parley_params_set, or an embedder writing the fields of
 * parley_eu_params by hand): a real in [lo, hi] and not NaN, a whole number
 * or count in [ilo, ihi], a flag 0 or 1, a choice one of its values, and
 * the entries' check hooks (custom entries; rules across fields, such as
 * spatial's min-steps at most max-steps).  parley_model_init and
 * parley_model_init_scenario call it before a run starts.
 * Errors: PARLEY_EINVAL naming the first bad entry and its value, e.g.
 * "eu.q must be a number from 0 to 1, not 2". */
parley_status parley_params_check(const parley_params *p, parley_error *err);

/** The entry of type's parameter table (param_defs) that key names: its
 * key or one of its aliases, spelt as `--param MODEL.KEY=VALUE` accepts it
 * (for an entry flagged PARLEY_PARAM_LOOSE, case and '-', '_', ' ' do not
 * matter).  Run parameters (PARLEY_PARAM_RUN: seed, stream) are found too;
 * their flag says so.  Returns a pointer into the table (static), or NULL
 * when type is NULL, has no table, or no entry has that key. */
const parley_param_def *parley_param_find(const parley_model_type *type, const char *key);
/** Appends to out the parameters of type in words, from its table
 * (param_defs), one entry per key as `parley forecast --param MODEL.help`
 * prints them (the run parameters, PARLEY_PARAM_RUN, are not --param keys
 * and are left out): "TITLE: --param eu.KEY=VALUE", then per
 * key its name, what its value takes ("number 0 to 1", "whole number 1
 * to 1000000000", "on or off", "a | b", "text") and its doc, wrapped at 80
 * columns; "(none)" for a model without parameters.
 * Errors: PARLEY_EINVAL (NULL type or out), PARLEY_ENOMEM. */
parley_status parley_model_params_help(const parley_model_type *type, parley_buf *out);
/** The help a list of "MODEL.KEY=VALUE" texts asks for (--param): for each
 * text params[k] that is "help" (every registered model) or "MODEL.help",
 * appends parley_model_params_help of those models to out, a blank line
 * between two models.  *asked (may be NULL) becomes 1 when some text asked
 * for help, else 0 (out unchanged).  Errors: PARLEY_EINVAL for a MODEL that
 * is no registered model, "param zz.help: no model named 'zz' (models:
 * mean, median, ...)"; PARLEY_EINVAL (NULL out); PARLEY_ENOMEM. */
parley_status parley_params_help_text(const char *const *params, size_t n, parley_buf *out,
                                      int *asked, parley_error *err);
/** Appends the parameters as "key=value, key=value" to out: the type's
 * params_describe, or without one every non-custom entry of its param_defs
 * in table order ("tie=lower").  Errors: PARLEY_ENOMEM. */
parley_status parley_params_describe(const parley_params *p, parley_buf *out);
/** Applies the typed run parameters rp (checked with
 * parley_run_params_check) to the model: its seed and stream when it draws
 * random numbers, its rounds when it plays rounds and rp->rounds > 0.
 * With rp->rng, the model draws from a copy of that generator instead.
 * Without it, a model that draws from one fixed stream gets, for a stream of a
 * replicate above 0 (rp->stream >> 20 != 0), its own seed: splitmix64 of
 * seed + stream, cut to 63 bits, so replicates do not repeat its draws.
 * Returns the PARLEY_RUN_* flags of what the model used in *used (may be
 * NULL).  Errors: PARLEY_EINVAL (rp fails the check). */
parley_status parley_params_set_run(parley_params *p, const parley_run_params *rp, unsigned *used,
                                    parley_error *err);
/** Parses the text form of a model switch, "MODEL.KEY=VALUE" (the
 * command line's --param, parsed once here at the edge into the model's
 * typed parameters), and sets KEY=VALUE on every params[0..n) of that
 * model.  err->message starts with the text in quotes, e.g.
 * "'eu.q=2': q must be a number from 0 to 1, not '2'", except for a
 * malformed text ("wants MODEL.KEY=VALUE, not 'TEXT'").
 * Errors: PARLEY_EINVAL (malformed, MODEL over 63 or KEY over 127 bytes,
 * a value the model rejects), PARLEY_EUNSUPPORTED (no model of that name,
 * or the model has no such parameter), PARLEY_EDOMAIN (the model is not
 * one of params), PARLEY_ENOMEM. */
parley_status parley_params_set_text(parley_params *params, size_t n, const char *text,
                                     parley_error *err);

/** Parses a comma-separated list of model names, e.g. "eu,mean" (the
 * command line's --model), appending each named type to types[0..max_types)
 * unless it is there already; *n_types counts the types (start it at 0, or
 * at the count of types already chosen).  "all" appends every built-in model
 * (parley_model_types order).  With combined non-NULL, "combined" sets
 * *combined = 1 (the combined forecast of the listed models, combine.h) and
 * so does "all"; with combined NULL, "combined" is refused.  Types parsed
 * before an error stay appended.
 * Errors: PARLEY_EINVAL (an empty name, "empty model name in 'LIST'"; an
 * unknown one, "unknown model 'NAME' (models: mean, median, ...)"; a NULL
 * argument), PARLEY_EUNSUPPORTED ("combined" with combined NULL). */
parley_status parley_model_list_parse(const char *list, const parley_model_type **types,
                                      size_t *n_types, size_t max_types, int *combined,
                                      parley_error *err);

/** Creates the default parameters of types[0..n) in params[0..n)
 * (parley_params_init each); *n_made counts those created, which the caller
 * destroys with parley_params_destroy also on error.  Errors: PARLEY_ENOMEM. */
parley_status parley_params_init_list(parley_params *params, const parley_model_type *const *types,
                                      size_t n, size_t *n_made);

/** Sets key=value (parley_params_set) on every params[0..n) whose model has
 * that parameter, e.g. "preset"=NAME for every model with presets.
 * Errors: PARLEY_EUNSUPPORTED when none has it ("none of the selected models
 * (eu, mean) has this parameter"), the status and message of the first
 * model that rejects the value (PARLEY_EINVAL, ...), PARLEY_ENOMEM. */
parley_status parley_params_set_all(parley_params *params, size_t n, const char *key,
                                    const char *value, parley_error *err);

/** Applies the typed run parameters rp to every params[0..n)
 * (parley_params_set_run): the seed to every model that draws random
 * numbers, the rounds (rp->rounds > 0) to every model that plays rounds.
 * Errors: PARLEY_EINVAL (rp fails parley_run_params_check),
 * PARLEY_EUNSUPPORTED (rp->rounds > 0 and no model plays rounds; the
 * message names the models). */
parley_status parley_params_set_run_all(parley_params *params, size_t n,
                                        const parley_run_params *rp, parley_error *err);

/** A running model on one issue. */
typedef struct parley_model {
    const parley_model_type *type;
    void *state;
} parley_model;

/** Starts an issue-scope model on the issue view v (borrowed, must outlive m).
 * Errors: those of the type's init; PARLEY_EINVAL for a scenario-scope type. */
parley_status parley_model_init(parley_model *m, const parley_params *p, const parley_issue_view *v,
                                parley_error *err);
/** Starts a scenario-scope model on the scenario s (borrowed, must outlive m).
 * Errors: those of the type's init_scenario; PARLEY_EINVAL for an
 * issue-scope type. */
parley_status parley_model_init_scenario(parley_model *m, const parley_params *p,
                                         const parley_scenario *s, parley_error *err);
/** 1 if the model's type runs on a whole scenario. */
int parley_model_type_is_scenario(const parley_model_type *t);
/** Scenario-scope models: PARLEY_OK if issue i has a result, else the reason. */
parley_status parley_model_issue_status(const parley_model *m, size_t issue, parley_error *err);
/** Scenario-scope models: the current result on issue i. */
void parley_model_outcome_issue(const parley_model *m, size_t issue, parley_outcome *out);
/** Scenario-scope models: current positions on issue i (issue-view order), or NULL. */
const double *parley_model_positions_issue(const parley_model *m, size_t issue);
/** Scenario-scope models: current risk exponents on issue i, or NULL. */
const double *parley_model_risk_issue(const parley_model *m, size_t issue);
/** Scenario-scope models: moves of the last round on issue i; 0 (and *moves
 * = NULL) when the model records none. */
size_t parley_model_moves_issue(const parley_model *m, size_t issue, const parley_move **moves);
/** Plays one round (no-op for static models). */
parley_status parley_model_iterate(parley_model *m, parley_error *err);
int parley_model_test(const parley_model *m);
void parley_model_outcome(const parley_model *m, parley_outcome *out);
const double *parley_model_positions(const parley_model *m);
const double *parley_model_risk(const parley_model *m);
size_t parley_model_moves(const parley_model *m, const parley_move **moves);
/** Issue-scope models: the challenges weighed in the last round (n x n,
 * see parley_model_type.challenges), or NULL. */
const parley_challenge *parley_model_challenges(const parley_model *m);
void parley_model_destroy(parley_model *m);

/** Convenience: init, iterate until test, outcome, destroy. */
parley_status parley_model_run(const parley_params *p, const parley_issue_view *v,
                               parley_outcome *out, parley_error *err);

/** Convenience for scenario-scope models: init_scenario, iterate until
 * test, then the outcome of every issue into out[0..n_issues), destroy.
 * issue_status (n_issues entries, may be NULL) receives each issue's
 * parley_model_issue_status (an issue without a result keeps a zeroed
 * outcome).  Issue-scope types are refused with PARLEY_EINVAL (use
 * parley_model_run per issue, or parley_forecast_init for both kinds).
 * Errors: those of init_scenario and iterate. */
parley_status parley_model_run_scenario(const parley_params *p, const parley_scenario *s,
                                        parley_outcome *out, parley_status *issue_status,
                                        parley_error *err);

/* ---- weighted statistics shared by the models (src/models/stats.c) ---- */

/** Tie rule of the weighted median (docs/models.md; compromise-and-nbs spec §3). */
typedef enum parley_median_rule {
    PARLEY_MEDIAN_LOWER = 0,   /**< smallest minimiser (default, an actor position) */
    PARLEY_MEDIAN_UPPER = 1,   /**< largest minimiser (an actor position) */
    PARLEY_MEDIAN_MIDPOINT = 2 /**< midpoint of the tie interval */
} parley_median_rule;

/** Capability x salience weighted mean  sum(w_i x_i) / sum(w_i),  w_i = c_i s_i.
 * x: n positions (issue scale); w: n weights (>= 0).
 * Errors: PARLEY_EDOMAIN when sum(w) is 0 (no actor has positive capability x
 * salience).  Source: compromise model, Achen (2006); BDM's "mean voter". */
parley_status parley_weighted_mean(size_t n, const double *x, const double *w, double *mean,
                                   parley_error *err);

/** Weighted median: the minimiser of L(p) = sum w_i |x_i - p| over actor
 * positions.  lo/hi receive the minimiser interval [m_lo, m_hi]
 * (m_lo = smallest p with cumulative weight >= W/2 - 1e-12 W; m_hi =
 * smallest p with cumulative weight > W/2 + 1e-12 W); *tie = (m_lo < m_hi).
 * Zero-weight actors are ignored.  O(n log n) with a scratch array of n
 * (x, w) pairs allocated internally.  Errors: PARLEY_EDOMAIN (sum w = 0),
 * PARLEY_ENOMEM.  Source: BDM (1994) median voter = Condorcet winner under
 * linear votes, which is the weighted median (compromise-and-nbs spec §3). */
parley_status parley_weighted_median(size_t n, const double *x, const double *w,
                                     parley_median_rule rule, double *median, int *tie, double *lo,
                                     double *hi, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
