/* parley: ensembles -- many replicates of the models on perturbed inputs.
 *
 * A replicate is one forecast (parley_forecast_init_seeded) of every model
 * configuration on a copy of the scenario whose positions, saliences and
 * capabilities were perturbed by random noise and from which some actors
 * may have left.  Replicate k draws from random streams derived from
 * (seed, k) alone, so its inputs and result do not depend on the thread or
 * process that computes it.
 *
 * The summary is exact integer arithmetic: every forecast is quantised to
 * 10^-9 of its issue's scale width, and counts, sums, sums of squares,
 * minima, maxima and histograms are integers.  Merging summaries is
 * therefore associative and commutative, and the result is byte-identical
 * for any number of threads or MPI processes.  Memory is independent of the
 * number of replicates.
 *
 * Quantiles come from a fine histogram of PARLEY_ENSEMBLE_FINE_BINS bins
 * on the issue scale that also keeps, per bin, the smallest and largest
 * forecast that fell into it: the reported quantile is within one fine bin
 * width, (hi - lo) / PARLEY_ENSEMBLE_FINE_BINS, of the exact sample
 * quantile (type 7 of Hyndman & Fan 1996), and exact when each bin holds a
 * single distinct value (the common case for the expected utility model,
 * whose forecasts are actor positions).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_ENSEMBLE_H
#define PARLEY_ENSEMBLE_H

#include <stddef.h>
#include <stdint.h>

#include "forecast.h"
#include "model.h"
#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bins of the quantile histogram (per issue and model configuration). */
#define PARLEY_ENSEMBLE_FINE_BINS 4096
/** Quantisation of a forecast: 10^9 steps across the issue scale, so a
 * forecast with at most 9 decimals as a fraction of the scale width is kept
 * exactly, and no forecast moves by more than 5e-10 of the width. */
#define PARLEY_ENSEMBLE_STEPS 1000000000ULL

/** A noise distribution. */
typedef enum parley_noise_dist {
    PARLEY_NOISE_NONE = 0,    /**< no noise */
    PARLEY_NOISE_NORMAL = 1,  /**< normal, standard deviation = size */
    PARLEY_NOISE_UNIFORM = 2, /**< uniform on [-size, +size] */
    PARLEY_NOISE_INHERIT = 3  /**< (per-actor entries only) use the field's default */
} parley_noise_dist;

/** The perturbed fields of a cell. */
typedef enum parley_field {
    PARLEY_FIELD_POSITION = 0,  /**< size in fractions of the issue's scale width hi - lo */
    PARLEY_FIELD_SALIENCE = 1,  /**< size in salience units (0-1) */
    PARLEY_FIELD_CAPABILITY = 2 /**< size relative: c (1 + e), one draw per actor */
} parley_field;
#define PARLEY_N_FIELDS 3

/** Noise of one field. */
typedef struct parley_noise {
    parley_noise_dist dist;
    double size; /**< >= 0; units: see parley_field */
} parley_noise;

/** What varies between replicates.  Perturbed values are clamped to their
 * domain: positions to [lo, hi], saliences to [0, 1], capabilities to >= 0.
 * Draw order (docs/analysis.md): replicate k's field f uses the stream
 * parley_rng_init(parley_ensemble_subseed(seed, f), k); each field draws
 * actor by actor, issue by issue in scenario order, one draw per present
 * cell (capability: one per actor), so switching one field's noise on or
 * off leaves the others' draws unchanged. */
typedef struct parley_perturbation {
    parley_noise noise[PARLEY_N_FIELDS]; /**< every actor's noise */
    /** NULL, or n_actors x PARLEY_N_FIELDS per-actor overrides (row-major;
     * PARLEY_NOISE_INHERIT keeps the default).  Borrowed. */
    const parley_noise *actor_noise;
    double drop; /**< probability, 0-1, that an actor leaves the talks in a replicate */
} parley_perturbation;

/** Sets every field to no noise, no override, no drop. */
void parley_perturbation_init(parley_perturbation *p);

/** The default perturbation of `parley ensemble` and of the report's "How
 * sure" section (issue 10: an ensemble without noise repeats one run):
 * positions + N(0, 0.05 x scale width), saliences + N(0, 0.05) on 0-1,
 * capabilities x (1 + N(0, 0.10)), one draw per actor; each clamped to its
 * domain (parley_perturbation); no drops.  The sizes follow the report's
 * earlier 5 % position noise and the field's habit of perturbing saliences
 * too (docs/analysis.md). */
void parley_perturbation_default(parley_perturbation *p);
#define PARLEY_DEFAULT_NOISE_POSITION 0.05
#define PARLEY_DEFAULT_NOISE_SALIENCE 0.05
#define PARLEY_DEFAULT_NOISE_CAPABILITY 0.10

/** 1 if p changes nothing (every field without noise or of size 0, no
 * per-actor noise, no drops): every replicate is then the same run unless
 * the models draw random numbers themselves (salience shocks). */
int parley_perturbation_is_null(const parley_perturbation *p, size_t n_actors);

/** The sub-seed of a random stream family: splitmix64 of seed + family + 1.
 * Families 0..2 are the fields, 3 the actor drops. */
uint64_t parley_ensemble_subseed(uint64_t seed, unsigned family);

/** Applies replicate k's perturbation to dst, which must be a copy of base
 * (same actors and issues; values are overwritten from base first).
 * dropped (n_actors entries, may be NULL) receives 1 for actors that left.
 * Errors: PARLEY_EINVAL (an override array with a bad distribution). */
parley_status parley_ensemble_perturb(parley_scenario *dst, const parley_scenario *base,
                                      const parley_perturbation *p, uint64_t seed, uint64_t k,
                                      unsigned char *dropped, parley_error *err);

/** Called after each block of replicates, in order, by one thread at a time:
 * done of total replicates finished.  Return nonzero to cancel the run. */
typedef int (*parley_progress_fn)(void *data, size_t done, size_t total);

/** Called for each replicate in replicate order (per-replicate rows):
 * forecast[i * n_configs + m] is configuration m's forecast on issue i
 * (NaN when the model could not run); dropped marks the actors that left. */
typedef int (*parley_replicate_fn)(void *data, uint64_t k, const double *forecast,
                                   const unsigned char *dropped);

/** How to run an ensemble. */
typedef struct parley_ensemble_options {
    uint64_t seed;
    uint64_t first;    /**< first replicate index (0 unless the run is split over processes) */
    uint64_t count;    /**< replicates to run: first .. first + count - 1 */
    uint64_t total;    /**< replicates of the whole ensemble (for progress; 0 = count) */
    int threads;       /**< OpenMP threads; 0 = the OpenMP default (OMP_NUM_THREADS); a run
                            never starts more threads than it has blocks of 256 replicates */
    size_t max_memory; /**< bytes; 0 = no limit.  parley_ensemble_run refuses (PARLEY_EDATA,
                            stating estimate and limit) when its threads together would need
                            more (parley_forecast_check_memory, one forecast per thread) */
    parley_progress_fn progress;
    void *progress_data;
    parley_replicate_fn on_replicate;
    void *replicate_data;
} parley_ensemble_options;

/** Zeroes o: seed 0, no replicates, OpenMP's default thread count, no callbacks. */
void parley_ensemble_options_init(parley_ensemble_options *o);

/** Gives part `part` of `parts` (0 <= part < parts) its share of an
 * ensemble of `replicates`: o->first = replicates x part / parts, o->count
 * up to the next part's first, o->total = o->count, so the parts are
 * contiguous, cover every replicate once and differ in size by at most one
 * (how `parley ensemble` splits the replicates over MPI ranks; any
 * processes can do the same, and because replicate k draws from streams
 * derived from (seed, k) only, the merged summaries, parley_ensemble_summary_merge,
 * equal one run's).  Errors: PARLEY_EINVAL (parts 0 or part >= parts;
 * o unchanged). */
parley_status parley_ensemble_options_share(parley_ensemble_options *o, uint64_t replicates,
                                            uint64_t part, uint64_t parts);

/** The summary: integer accumulators for every issue x configuration cell.
 * Layout (documented so that MPI can reduce the arrays element-wise):
 *   sums[cell * sum_stride + ...]: n_ok, n_failed, sum q, sum (q^2 >> 32),
 *     sum (q^2 & (2^32-1)), fine histogram (FINE_BINS), display histogram
 *     (bins), band counts (max_bands)           -- reduce with +
 *   mins[cell * ext_stride + ...]: min q, per fine bin min q   -- reduce with min
 *   maxs[cell * ext_stride + ...]: max q, per fine bin max q   -- reduce with max
 * where q = round((x - lo) / (hi - lo) * 10^9) and cell = i * n_configs + m. */
typedef struct parley_ensemble_summary {
    size_t n_issues, n_configs;
    size_t bins;      /**< display histogram bins */
    size_t max_bands; /**< most labels on any issue */
    size_t sum_stride, ext_stride;
    double *lo, *hi;           /**< per issue */
    size_t *n_bands;           /**< per issue: its number of labels (bands) */
    double *band_lo, *band_hi; /**< per issue x max_bands: band limits on the issue scale */
    uint64_t *sums, *mins, *maxs;
    size_t sums_len, ext_len;
} parley_ensemble_summary;

/** Most display bins of an ensemble summary (the one copy of this limit:
 * the CLI's --bins, the spec file's "bins" and Python's bins= check it). */
#define PARLEY_ENSEMBLE_MAX_BINS 1000

/** Creates an empty summary for the issues of s and n_configs model
 * configurations, with `bins` display bins (1 .. PARLEY_ENSEMBLE_MAX_BINS).  Labelled points make
 * bands: the band of a label runs from the midpoint with the previous label
 * (or lo) to the midpoint with the next (or hi), lower end included, the
 * last band also including hi.  Errors: PARLEY_ENOMEM, PARLEY_EINVAL. */
parley_status parley_ensemble_summary_init(parley_ensemble_summary *sum, const parley_scenario *s,
                                           size_t n_configs, size_t bins);
/** Releases what parley_ensemble_summary_init allocated; sum may be
 * zero-initialised; safe to call twice. */
void parley_ensemble_summary_destroy(parley_ensemble_summary *sum);

/** Adds one forecast x (issue scale; NaN = the model failed) to cell (i, m). */
void parley_ensemble_summary_add(parley_ensemble_summary *sum, size_t issue, size_t config,
                                 double x);

/** Merges src into dst (same shape).  Exact; order does not matter.
 * Errors: PARLEY_EINVAL (shapes differ). */
parley_status parley_ensemble_summary_merge(parley_ensemble_summary *dst,
                                            const parley_ensemble_summary *src);

/** Statistics of one cell. */
typedef struct parley_ensemble_stats {
    uint64_t n;        /**< replicates where the model ran */
    uint64_t n_failed; /**< replicates where it could not run (e.g. everyone left) */
    double mean, sd;   /**< of the forecast (sd with n - 1; 0 when n < 2) */
    double min, max;
    double q[5];           /**< quantiles 5, 25, 50, 75, 95 % (error <= one fine bin width) */
    const uint64_t *hist;  /**< bins counts, bin b = [lo + b w, lo + (b+1) w), the last closed */
    const uint64_t *bands; /**< n_bands counts */
    size_t n_bands;
} parley_ensemble_stats;

/** Fills st with the statistics of cell (issue, config); the moments are
 * computed from the exact integer sums.  Values are NaN when n = 0. */
void parley_ensemble_stats_get(const parley_ensemble_summary *sum, size_t issue, size_t config,
                               parley_ensemble_stats *st);

/** Runs replicates opt->first .. first + count - 1 of every configuration
 * params[0..n_configs) on perturbations of s and adds them to sum (created
 * by parley_ensemble_summary_init for s and n_configs).  Uses OpenMP
 * threads when built with OpenMP; the result does not depend on their
 * number, but never more threads than blocks of 256 replicates.  Errors:
 * PARLEY_ENOMEM; PARLEY_EDATA (the threads would need more than
 * opt->max_memory bytes; nothing is run); PARLEY_EINVAL (bad options or
 * perturbation, or the message "cancelled" when a callback returned
 * nonzero: the summary then holds the replicates finished so far). */
parley_status parley_ensemble_run(const parley_scenario *s, const parley_params *params,
                                  size_t n_configs, const parley_perturbation *pert,
                                  const parley_ensemble_options *opt, parley_ensemble_summary *sum,
                                  parley_error *err);

/* ---- ensemble specification (the --spec file and its command-line form) ---- */

/** Size of the location text of a specification item (a JSON path). */
#define PARLEY_SPEC_WHERE_MAX 700

/** Noise on one field, for every actor or for one actor named by text. */
typedef struct parley_noise_item {
    char actor[128]; /**< the actor's name when all == 0 */
    int all;         /**< 1: every actor (the field's default noise) */
    parley_field field;
    parley_noise noise;
    char where[PARLEY_SPEC_WHERE_MAX]; /**< JSON path in the spec file, "" for an item from text */
} parley_noise_item;

/** A sweep: one model parameter and the values it takes (as text). */
typedef struct parley_sweep {
    char model[64], key[128]; /**< parley_model_type name and parameter name */
    char **values;            /**< n_values texts, owned */
    size_t n_values;
    char where[PARLEY_SPEC_WHERE_MAX]; /**< JSON path of the array in the spec file, "" for text */
} parley_sweep;

/** What an ensemble varies (docs/analysis.md, "Ensemble specification").
 * The has_* flags say which scalars were given; init sets the defaults
 * (1000 replicates, seed 0, 10 bins, no drop, no shock).  Init/destroy pair. */
typedef struct parley_ensemble_spec {
    unsigned long long replicates; /**< 1 .. 2^40 */
    unsigned long long seed;       /**< 0 .. 2^63-1 */
    unsigned long long bins;       /**< display histogram bins, 1 .. 1000 */
    double drop;                   /**< probability that an actor leaves, per replicate, 0-1 */
    double shock;                  /**< salience-shock probability per round, 0-1 */
    int has_replicates, has_seed, has_bins, has_drop, has_shock;
    /** 1: no noise at all unless an item asks for it (`--no-noise`); 0
     * (init): a spec without noise items gets the noise of
     * parley_perturbation_default (`parley ensemble` without --noise). */
    int no_noise;
    parley_noise_item *noise; /**< in order: a later item overrides an earlier one */
    size_t n_noise, cap_noise;
    parley_sweep *sweeps;
    size_t n_sweeps, cap_sweeps;
} parley_ensemble_spec;

/** Initialises an empty specification with the defaults (no allocation). */
void parley_ensemble_spec_init(parley_ensemble_spec *spec);
/** Releases the items of spec; safe on an initialised or destroyed spec. */
void parley_ensemble_spec_destroy(parley_ensemble_spec *spec);

/** The largest noise size a specification takes (its messages say
 * "from 0 to 1000000"; Python's noise= checks it with the same limit). */
#define PARLEY_NOISE_MAX_SIZE 1000000

/** Appends the noise item "[ACTOR.]FIELD=DIST:SIZE" (FIELD position,
 * salience or capability; DIST normal, uniform or none, the last without
 * ":SIZE"; SIZE a decimal from 0 to 1000000 in the units of parley_field).
 * Errors: PARLEY_EINVAL (malformed text: "noise 'TEXT': wants ..." says
 * which form is wanted), PARLEY_ENOMEM. */
parley_status parley_ensemble_spec_add_noise(parley_ensemble_spec *spec, const char *text,
                                             parley_error *err);

/** Appends the sweep "MODEL.KEY=V1,V2,..." (model and key are checked when
 * the configurations are made, not here).  Errors: PARLEY_EINVAL (malformed,
 * an empty value or a name too long: 63 bytes for MODEL, 127 for KEY; a
 * value given twice, as text or as the same number; a parameter spec
 * sweeps already, aliases resolved: its rows would run with the later
 * values under the earlier labels; the message starts "sweep 'TEXT': "),
 * PARLEY_ENOMEM. */
parley_status parley_ensemble_spec_add_sweep(parley_ensemble_spec *spec, const char *text,
                                             parley_error *err);

/** Reads the JSON specification file at path into spec: the object
 *   {"replicates": N, "seed": N, "bins": N, "drop": P, "shock": P,
 *    "noise": {FIELD: {"dist": D, "size": X}, ...},
 *    "actors": {ACTOR: {FIELD: {"dist": D, "size": X}, ...}, ...},
 *    "sweep": {"MODEL.KEY": [values...], ...}}
 * (every key optional; docs/analysis.md).  Scalars replace spec's and set
 * its has_* flags; noise items and sweeps are appended, each with its JSON
 * path in `where` so that later checks (an unknown actor or model) can
 * point at it.  On error, err holds the file and, for a syntax error, its
 * line and column, else the JSON path ("$.noise.position") of the bad value.
 * path "-" reads standard input; the file is read with parley_read_file
 * (its size limit).
 * Errors: PARLEY_EIO (cannot open or read, over the size limit),
 * PARLEY_EPARSE (not JSON, UTF-16 text, a key given twice), PARLEY_EDATA
 * (a value out of range or of the wrong type, an unknown key, a number that
 * underflows a double, with its line and column; a sweep's value given
 * twice or a parameter swept under two spellings), PARLEY_ENOMEM.  spec may hold part of the file
 * after an error. */
parley_status parley_ensemble_spec_read(parley_ensemble_spec *spec, const char *path,
                                        parley_error *err);

/** Merges over into base: the scalars over has (has_* set) replace base's;
 * over's noise items and sweeps are moved after base's, so that they win;
 * a sweep of over replaces base's sweep of the same parameter (the same
 * model and key, aliases resolved), whose values are freed.
 * over is left empty (its scalars stay).  Errors: PARLEY_ENOMEM (then
 * base and over are unchanged). */
parley_status parley_ensemble_spec_merge(parley_ensemble_spec *base, parley_ensemble_spec *over);

/** Puts the specification file path under spec: reads it
 * (parley_ensemble_spec_read) into a new specification, merges spec over
 * it (parley_ensemble_spec_merge: spec's scalars win, its noise items and
 * sweeps come after the file's) and makes spec the result (what `parley
 * ensemble --spec FILE` does with the command line's options; the file's
 * seed is spec->seed with has_seed).  Errors: those of
 * parley_ensemble_spec_read (err located as there), PARLEY_ENOMEM (err
 * says "out of memory"); spec is then unchanged. */
parley_status parley_ensemble_spec_read_under(parley_ensemble_spec *spec, const char *path,
                                              parley_error *err);

/** Fills p from the noise items of spec for scenario s (later items win; a
 * later all-actors item resets the actor-specific ones of its field) and
 * spec->drop; without any noise item and without spec->no_noise, the noise
 * is that of parley_perturbation_default.  *actor_noise receives the per-actor table
 * (n_actors x PARLEY_N_FIELDS, or NULL when no item names an actor) that
 * p->actor_noise points to; the caller frees it.  Errors: PARLEY_EINVAL (no
 * actor of that name: err->path is the item's `where`, err->message names
 * the actor), PARLEY_ENOMEM. */
parley_status parley_ensemble_spec_perturbation(const parley_ensemble_spec *spec,
                                                const parley_scenario *s, parley_perturbation *p,
                                                parley_noise **actor_noise, parley_error *err);

/** The model configurations of an ensemble: the selected models'
 * parameters expanded by the sweeps, with their display labels
 * ("eu q=0.5 e=2").  Init/destroy pair. */
typedef struct parley_ensemble_configs {
    parley_params *params; /**< n configurations */
    char **labels;         /**< n labels: the model name, then " KEY=VALUE" per sweep */
    size_t n;
    /** After an error: the sweep (index into spec->sweeps) and the value
     * that caused it, or (size_t)-1 when no sweep is to blame. */
    size_t bad_sweep, bad_value;
} parley_ensemble_configs;

/** Most configurations an ensemble runs. */
#define PARLEY_ENSEMBLE_MAX_CONFIGS 10000

/** Expands every model of base[0..n_base) by the product of the sweeps of
 * spec that name it (the first sweep varies fastest); a model without
 * sweeps gives one configuration, a copy of its parameters.  Errors
 * (err->message says what; err->path is the sweep's `where` for a spec-file
 * sweep, with "[k]" for its k-th value when the value was rejected):
 * PARLEY_EINVAL (a sweep names a model not in base or no model, a value
 * the parameter rejects, more than PARLEY_ENSEMBLE_MAX_CONFIGS
 * configurations), PARLEY_EUNSUPPORTED (the model has no such parameter),
 * PARLEY_ENOMEM.  On error cf holds what was made (destroy it). */
parley_status parley_ensemble_configs_init(parley_ensemble_configs *cf,
                                           const parley_ensemble_spec *spec,
                                           const parley_params *base, size_t n_base,
                                           parley_error *err);
/** Releases the configurations; cf may be zero-initialised. */
void parley_ensemble_configs_destroy(parley_ensemble_configs *cf);

#ifdef __cplusplus
}
#endif
#endif
