/* parley: the scenario of a negotiation -- actors, issues and, per actor x
 * issue, a position, a salience and a capability, each with an optional
 * source note.
 *
 * Units used throughout parley:
 *  - position: on the issue's own scale, in the same units as the issue's
 *    bounds lo..hi (years, $/barrel, 0-100 ...);
 *  - salience: stored on 0-1 (the fraction of attention an actor gives the
 *    issue; also read by the expected utility model as the probability that
 *    the actor resists a challenge).  Inputs stated on 0-100 are divided by
 *    100 when read, explicitly (see parley_salience_scale);
 *  - capability: any non-negative scale; only ratios matter to the models.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_SCENARIO_H
#define PARLEY_SCENARIO_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A labelled point of an issue scale, e.g. 100 = "complete, verifiable dismantlement". */
typedef struct parley_scale_label {
    double point; /**< on the issue scale, within [lo, hi] */
    char *label;
} parley_scale_label;

/** The observed outcome of an issue: where the negotiation actually landed,
 * with the date of the observation and the record it comes from
 * (docs/scenario-format.md, "Outcomes").  Owned by its issue, hence by the
 * scenario; strings may be NULL. */
typedef struct parley_observed_outcome {
    int has_value;    /**< 1 if an outcome is known (the other members are then meaningful) */
    double value;     /**< on the issue's scale, inside [lo, hi] */
    char *as_of;      /**< date the outcome was observed, "YYYY-MM-DD" */
    char *source;     /**< citation: an agreement's article, a paper's table, a dated record */
    char *confidence; /**< "high", "medium" or "low", may be NULL */
    char *note;       /**< how the outcome was coded, may be NULL */
} parley_observed_outcome;

/** A contested issue: a one-dimensional scale with optional labels and status quo. */
typedef struct parley_issue {
    char *name;        /**< short identifier, unique in the scenario */
    char *description; /**< may be NULL */
    double lo, hi;     /**< scale bounds, same units as positions; lo < hi, except that
                            bounds inferred from the data may be one point (lo == hi)
                            when every actor takes the same position */
    int bounds_given;  /**< 1 if the input stated the bounds (JSON always does: its
                            default 0..100 is part of the format), 0 if inferred from
                            the data (a stakeholder table without bounds options) */
    parley_scale_label *labels;
    size_t n_labels;
    int has_status_quo;              /**< 1 if status_quo is set */
    double status_quo;               /**< reference point / status quo, on the issue scale */
    char *status_quo_note;           /**< source of the status quo, may be NULL */
    parley_observed_outcome outcome; /**< observed outcome; outcome.has_value = 0 when unknown */
} parley_issue;

/** A stakeholder. */
typedef struct parley_actor {
    char *name;        /**< short identifier, unique in the scenario */
    char *description; /**< may be NULL */
} parley_actor;

/** One actor x issue cell.  present = 0 means the actor takes no part in the issue. */
typedef struct parley_cell {
    int present;
    double position;   /**< on the issue scale */
    double salience;   /**< 0-1 (already divided by 100 if stated on 0-100) */
    double capability; /**< >= 0, any scale */
    char *position_note, *salience_note, *capability_note; /**< sources, may be NULL */
} parley_cell;

/** How salience was stated in the input. */
typedef enum parley_salience_scale {
    PARLEY_SALIENCE_UNIT = 1,     /**< 0-1 */
    PARLEY_SALIENCE_PERCENT = 100 /**< 0-100, divided by 100 on input */
} parley_salience_scale;

/** A negotiation.  cells is a row-major n_actors x n_issues array:
 * the cell of actor a on issue i is cells[a * n_issues + i]. */
typedef struct parley_scenario {
    char *name;
    char *description;
    char *source; /**< where the scenario comes from, may be NULL */
    char *as_of;  /**< date the scenario's data describe, "YYYY-MM-DD", may be NULL */
    size_t n_actors, n_issues;
    parley_actor *actors;
    parley_issue *issues;
    parley_cell *cells;
    parley_salience_scale salience_scale; /**< scale the input used */
    int salience_scale_inferred;          /**< 1 if the reader inferred it (CSV), 0 if stated */
} parley_scenario;

/** Initialises s with n_actors actors and n_issues issues, all names NULL,
 * every cell absent, every issue on [0, 100] with bounds_given = 0.
 * Errors: PARLEY_ENOMEM.  On error s is left destroyed (safe to destroy again). */
parley_status parley_scenario_init(parley_scenario *s, size_t n_actors, size_t n_issues);

/** Releases everything s owns; s may be zero-initialised.  Safe to call twice. */
void parley_scenario_destroy(parley_scenario *s);

/** Deep copy: dst is initialised (the caller owns it).  Errors: PARLEY_ENOMEM. */
parley_status parley_scenario_copy(parley_scenario *dst, const parley_scenario *src);

/** Returns a pointer to the cell of actor a on issue i (no bounds check beyond assert). */
parley_cell *parley_scenario_cell(parley_scenario *s, size_t a, size_t i);
const parley_cell *parley_scenario_cell_const(const parley_scenario *s, size_t a, size_t i);

/** Replaces *dst by a copy of src (NULL allowed).  Errors: PARLEY_ENOMEM. */
parley_status parley_set_string(char **dst, const char *src);

/** Adds a labelled point to issue i (label copied).  Errors: PARLEY_ENOMEM. */
parley_status parley_issue_add_label(parley_issue *issue, double point, const char *label);

/** Finds an actor or issue by name (exact match); returns its index or (size_t)-1. */
size_t parley_scenario_find_actor(const parley_scenario *s, const char *name);
size_t parley_scenario_find_issue(const parley_scenario *s, const char *name);

/** Replaces issue i's outcome by a copy of o (o->has_value = 0 clears it).
 * Errors: PARLEY_ENOMEM (the outcome is then cleared), PARLEY_EINVAL. */
parley_status parley_issue_set_outcome(parley_scenario *s, size_t i,
                                       const parley_observed_outcome *o);

/** Number of issues with an observed outcome. */
size_t parley_scenario_outcome_count(const parley_scenario *s);

/** 1 if text is a calendar date "YYYY-MM-DD" (ISO 8601, years 1000-9999,
 * the day existing in that month, leap years by the Gregorian rule). */
int parley_date_valid(const char *text);

/** Number of actors with a present cell on issue i. */
size_t parley_scenario_issue_count(const parley_scenario *s, size_t i);

/** Checks everything the models need and records every problem in diags
 * (which the caller initialised); file is used as the location prefix and
 * may be NULL.  Locations are JSON paths into the native format
 * ($.actors[a].values.ISSUE.position ...).
 * Checks: at least one actor and one issue; names non-empty and unique
 * (actors and issues separately); every text (names, descriptions, notes,
 * labels, sources) valid UTF-8 and free of control characters (tab and
 * line ends allowed outside names); issue bounds finite with lo < hi (lo <= hi
 * when bounds_given = 0) and hi - lo finite; labels
 * and status quo inside the bounds; every present value finite; position
 * inside [lo, hi]; salience in [0, 1]; capability >= 0; each actor has at
 * least one present cell; each issue has at least one actor with positive
 * capability x salience (warning for an issue with a single actor, and for
 * an actor whose capability is zero everywhere); the scenario's as_of and
 * each outcome's as_of a valid date, an outcome's value finite and inside
 * the issue's bounds, its confidence high, medium or low.  Saliences are quoted in
 * messages on the scenario's salience_scale.  A capability shared by all
 * of an actor's cells is reported at $.actors[a].capability.
 * Returns PARLEY_OK if no error was recorded, else PARLEY_EDATA
 * (PARLEY_ENOMEM if the list could not grow). */
parley_status parley_scenario_validate(const parley_scenario *s, const char *file,
                                       parley_diags *diags);

/** A one-issue view of a scenario, the input of every one-dimensional model:
 * the n actors present on the issue, in scenario order.  Arrays have n
 * entries and are owned by the view. */
typedef struct parley_issue_view {
    size_t n;
    size_t *actor;      /**< scenario index of each participating actor */
    const char **names; /**< actor names (borrowed from the scenario) */
    double *position;   /**< on the issue scale */
    double *salience;   /**< 0-1 */
    double *capability; /**< >= 0 */
    double lo, hi;      /**< issue bounds */
    int bounds_given;
    int has_status_quo;
    double status_quo;
} parley_issue_view;

/** Builds the view of issue i.  The view borrows name strings from s, so s
 * must outlive it.  Errors: PARLEY_ENOMEM, PARLEY_EINVAL (i out of range). */
parley_status parley_issue_view_init(parley_issue_view *v, const parley_scenario *s, size_t i);

/** Builds a view from plain arrays (copied); names may be NULL.
 * Errors: PARLEY_ENOMEM, PARLEY_EINVAL (n == 0). */
parley_status parley_issue_view_from_arrays(parley_issue_view *v, size_t n, const double *position,
                                            const double *salience, const double *capability,
                                            double lo, double hi);

void parley_issue_view_destroy(parley_issue_view *v);

#ifdef __cplusplus
}
#endif
#endif
