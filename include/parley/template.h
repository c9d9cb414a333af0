/* parley: starter scenarios for `parley template`.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_TEMPLATE_H
#define PARLEY_TEMPLATE_H

#include <stddef.h>

#include "io.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most actors and issues of a template. */
#define PARLEY_TEMPLATE_MAX_ACTORS 1000
#define PARLEY_TEMPLATE_MAX_ISSUES 100

/** Fills s (initialised here) with a starter scenario of n_actors actors
 * "actor1" ... and n_issues issues "issue1" ..., every cell present, with
 * example values an analyst overwrites: on issue i (0-based) actor a
 * (0-based) takes the position ((a + i) mod n_actors) x 100 / (n_actors - 1)
 * rounded to a whole number (50 with one actor), so the actors spread over
 * 0..100 in a different order on each issue; salience 50 on a scale stated
 * as 0-100 (0.5 stored); capability 10 (n_actors - a) + 5 (so that the
 * weights do not tie the weighted median at three actors).  The scenario is
 * named "talks" except in a table, which is named after its file.  The form depends on the
 * format the template is written in, so that the file holds all of it:
 *  - PARLEY_FORMAT_TABLE (CSV): no descriptions, labels or status quo,
 *    the bounds the range of the positions (not stated), as a table
 *    holds them (docs/formats.md);
 *  - any other format: the scenario's and each actor's and issue's
 *    description say what to fill in, each issue is on 0..100 with the
 *    labels 0 and 100 to be described and a status quo 50.
 * The result passes parley_scenario_validate (an issue with one actor
 * gives a warning only).  Errors: PARLEY_EINVAL (n_actors not 1 to
 * PARLEY_TEMPLATE_MAX_ACTORS or n_issues not 1 to
 * PARLEY_TEMPLATE_MAX_ISSUES), PARLEY_ENOMEM.  On error s is left
 * destroyed. */
parley_status parley_scenario_template(parley_scenario *s, size_t n_actors, size_t n_issues,
                                       parley_format fmt, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
