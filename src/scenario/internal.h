/* parley: internal helpers of the scenario code, shared with the readers.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_SCENARIO_INTERNAL_H
#define PARLEY_SCENARIO_INTERNAL_H

#include <stddef.h>

#include <parley/scenario.h>

/** Writes base followed by a member selector into buf (size n): ".name" when
 * name is a plain identifier ([A-Za-z_][A-Za-z0-9_]*), else ["name"] with
 * '"' and '\' escaped, so that readers and the validator produce the same
 * JSON paths.  Returns buf. */
char *parley_i_path_member(char *buf, size_t n, const char *base, const char *name);

/** Writes base followed by "[index]" into buf.  Returns buf. */
char *parley_i_path_index(char *buf, size_t n, const char *base, size_t index);

/** The number that states stored salience s (0-1) on scale (1 or 100) and
 * reads back to exactly s (x / 100 == s): among s * 100 and its nearest
 * neighbours, the one with the shortest decimal form.  For scale 1 returns s. */
double parley_i_salience_on_scale(double s, int scale);

/** 1 if actor a has at least one present cell and every present cell has
 * the same capability and capability note, as when the capability was
 * stated once for the actor (the JSON writer then writes it once, and the
 * validator reports it at $.actors[a].capability). */
int parley_i_capability_shared(const parley_scenario *s, size_t a);

/** The one wording of a name that is no actor of s: sets err to
 * PARLEY_EINVAL "FIELD: no actor named 'NAME' in the scenario (actors: A,
 * B, ...)" (without "FIELD: " when field is NULL), the list of s's actors
 * cut with "..." where the message would not fit.  Returns PARLEY_EINVAL. */
parley_status parley_i_no_actor(parley_error *err, const parley_scenario *s, const char *field,
                                const char *name);

#endif
