/* parley: the typed run parameters every model shares -- the seed and
 * stream of its random numbers and its number of rounds.
 *
 * Model-specific switches are set by name (parley_params_set, the text
 * form of `--param MODEL.KEY=VALUE`, parsed once into the model's typed
 * parameter struct).  Each model declares them in a table of
 * parley_param_def (below): key, kind, offset in its struct, range, doc;
 * the one parser and the one check (parley_params_check) read it.  The numbers every model shares
 * travel as numbers: a caller fills a parley_run_params, checks it once with
 * parley_run_params_check and hands it to parley_params_set_run.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_PARAMS_H
#define PARLEY_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most rounds a model may play (the one copy of this limit). */
#define PARLEY_MAX_ROUNDS 1000000000ULL
/** Largest seed, 2^63-1 (the one copy of this limit; seeds stay within a
 * signed 64-bit integer so that every binding and file format holds them). */
#define PARLEY_MAX_SEED 9223372036854775807ULL

/** What parley_params_set_run applies (flags). */
enum {
    PARLEY_RUN_SEED = 1u,   /**< the seed */
    PARLEY_RUN_ROUNDS = 2u, /**< the rounds */
    PARLEY_RUN_STREAM = 4u  /**< the stream (else the model draws from one fixed stream) */
};

/** The run parameters a model may use. */
typedef struct parley_run_params {
    /** Seed of the model's random numbers, 0 .. PARLEY_MAX_SEED. */
    uint64_t seed;
    /** Stream of the model's random numbers, any value: the forecast driver
     * passes parley_forecast_stream(replicate, issue) so that replicates
     * and issues draw independent numbers.  A model with one fixed stream
     * ignores it (see parley_params_set_run). */
    uint64_t stream;
    /** Rounds to play at most, 1 .. PARLEY_MAX_ROUNDS; 0 keeps the model's
     * own number (its default or preset). */
    size_t rounds;
    /** The caller's generator, or NULL.  When given, a model starts its
     * draws from a copy of *rng instead of seeding from (seed, stream), so
     * every run made with these parameters draws the same numbers; a
     * model that seeds a generator per step (spatial) takes its seed from
     * the first output of a copy.  *rng must outlive the runs. */
    const parley_rng *rng;
} parley_run_params;

/* ---- declarative model parameters ---- */

/** The kind of a model parameter (parley_param_def.kind), which names the C
 * type of its field and the text its `--param MODEL.KEY=VALUE` takes. */
typedef enum parley_param_kind {
    /** double in [lo, hi] (never NaN); text: a decimal number in the C
     * locale, all of it, no blanks, hex or NaN. */
    PARLEY_PARAM_REAL = 0,
    /** uint64_t in [ilo, ihi]; text: decimal digits only. */
    PARLEY_PARAM_WHOLE = 1,
    /** size_t in [ilo, ihi] (a count of rounds or steps); text: decimal digits only. */
    PARLEY_PARAM_COUNT = 2,
    /** int 0 or 1; text: on/off, yes/no, true/false or 1/0. */
    PARLEY_PARAM_FLAG = 3,
    /** int, or an enum of the size of int, holding one of choices' values;
     * text: one of choices' names (or of aliases'). */
    PARLEY_PARAM_CHOICE = 4,
    /** Anything else: the entry's parse hook reads the text and its check
     * hook (if any) validates the filled struct (eu's preset and stop). */
    PARLEY_PARAM_CUSTOM = 5
} parley_param_kind;

/** One name of a PARLEY_PARAM_CHOICE and the value it stores; a list of
 * them ends with a NULL name. */
typedef struct parley_param_choice {
    const char *name;
    int value;
} parley_param_choice;

/** Bits of parley_param_def.flags. */
enum {
    /** A rule of the model's presets: after a successful set the generic
     * parser calls the type's params_changed hook (eu: names the preset
     * the parameters now follow, or "custom"). */
    PARLEY_PARAM_RULE = 1u,
    /** The key, its key_aliases and the choice names match whatever their
     * case and with '-', '_' and blanks ignored (the spatial model takes
     * KTAB's spellings, "VictoryProbModel" for victory). */
    PARLEY_PARAM_LOOSE = 2u,
    /** A refused choice reads "LABEL must be one of A, B, C, not 'V'"
     * instead of "LABEL must be A, B or C, not 'V'". */
    PARLEY_PARAM_ONE_OF = 4u,
    /** A run parameter (the seed, the stream): parley_params_set_run sets
     * the field from parley_run_params, so the text form
     * (parley_params_set, `--param`, `--sweep`) refuses it, completion
     * does not list it; parley_params_check and describe still read it. */
    PARLEY_PARAM_RUN = 8u
};

/** One parameter of a model: its key, where its number lives in the
 * model's typed parameter struct, and its range.  A model type lists its
 * parameters in parley_model_type.param_defs, an array that ends with an
 * entry whose key is NULL; parley_params_set parses the text form into the
 * struct with it and parley_params_check validates a filled struct against
 * it, so both apply one set of ranges. */
typedef struct parley_param_def {
    /** Canonical key ("q", "max-steps"), as completion lists it. */
    const char *key;
    parley_param_kind kind;
    /** offsetof(the model's params struct, the field). */
    size_t offset;
    /** PARLEY_PARAM_REAL: the closed range (HUGE_VAL for no upper bound). */
    double lo, hi;
    /** PARLEY_PARAM_WHOLE and PARLEY_PARAM_COUNT: the closed range. */
    unsigned long long ilo, ihi;
    /** PARLEY_PARAM_CHOICE: the names, in the order error messages list them. */
    const parley_param_choice *choices;
    /** PARLEY_PARAM_CHOICE: other spellings of the values, never listed; or NULL. */
    const parley_param_choice *aliases;
    /** Other spellings of the key, NULL-terminated, never listed; or NULL. */
    const char *const *key_aliases;
    /** The name in error messages ("spatial.max-steps", "median tie rule");
     * NULL: the key. */
    const char *label;
    /** Bits of PARLEY_PARAM_RULE, PARLEY_PARAM_LOOSE, PARLEY_PARAM_ONE_OF,
     * PARLEY_PARAM_RUN. */
    unsigned flags;
    /** One line for a reader: what the parameter does and its unit. */
    const char *doc;
    /** PARLEY_PARAM_CUSTOM: parses value into params (the model's struct).
     * Errors: PARLEY_EINVAL with the message a user sees. */
    parley_status (*parse)(void *params, const char *value, parley_error *err);
    /** Validates the field(s) of a filled struct, or NULL (nothing to
     * check): a PARLEY_PARAM_CUSTOM entry's only check; for any other kind
     * a rule across fields, called by parley_params_check after the
     * entry's range passed (spatial: min-steps at most max-steps).
     * Errors: PARLEY_EINVAL with the reason. */
    parley_status (*check)(const void *params, parley_error *err);
} parley_param_def;

/** Seed 0, stream 0, rounds 0 (the model's own), no generator. */
void parley_run_params_init(parley_run_params *rp);

/** The one validation of the run parameters: seed <= PARLEY_MAX_SEED and
 * rounds <= PARLEY_MAX_ROUNDS.  Errors: PARLEY_EINVAL with the message
 * "seed must be a whole number from 0 to 2^63-1" or "rounds must be a
 * whole number from 1 to 1000000000". */
parley_status parley_run_params_check(const parley_run_params *rp, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
