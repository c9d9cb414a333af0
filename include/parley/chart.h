/* parley: SVG charts, written by parley itself (no plotting library).
 *
 * Every chart function takes plain arrays (values and labels) and appends
 * one self-contained SVG element to a parley_buf.  The output is a pure
 * function of the input: the same arrays give the same bytes (numbers are
 * printed with fixed precision, no time stamps, no random ids), so charts
 * can be compared byte for byte in tests.
 *
 * Design rules, the same for every chart:
 *  - readable without colour: series differ by line dash and marker shape
 *    as well as colour, stacked segments by hatching as well as colour;
 *  - colours from Okabe & Ito's colour-blind-safe palette ("Color Universal
 *    Design", 2008), black kept for the forecast;
 *  - a title, axis labels with units, and an accessible <title>/<desc>;
 *  - every text from a scenario is escaped for XML; control characters are
 *    dropped;
 *  - element ids start with the chart's id (characters outside
 *    [A-Za-z0-9_-] become '-'), so that many charts can share one HTML page.
 *
 * The SVG carries no XML declaration, so that it can be written to a .svg
 * file as is (UTF-8 is XML's default) or pasted inline into HTML.
 *
 * Errors of every chart function: PARLEY_EINVAL (a required pointer is NULL,
 * no data, an empty or non-finite axis range: message in err), PARLEY_ENOMEM.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_CHART_H
#define PARLEY_CHART_H

#include <stddef.h>

#include "buf.h"
#include "ensemble.h"
#include "fan.h"
#include "forecast.h"
#include "leverage.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A numeric axis.  title names the quantity and its unit ("position on
 * the issue scale (0-100)").  Labelled points (an issue's scale labels)
 * are drawn beside the axis, wrapped and shortened to fit. */
typedef struct parley_chart_axis {
    const char *title;             /**< axis label with units (required) */
    double lo, hi;                 /**< range shown, lo < hi, finite */
    size_t n_labels;               /**< labelled points, may be 0 */
    const double *label_at;        /**< n_labels points within [lo, hi] */
    const char *const *label_text; /**< n_labels texts */
} parley_chart_axis;

/** One line of a line chart. */
typedef struct parley_chart_series {
    const char *name; /**< legend text */
    const double *y;  /**< the chart's n values; a non-finite value leaves a gap */
    int emphasis;     /**< 1 = the forecast: thick, black, drawn on top */
} parley_chart_series;

/** A shaded band between two curves (a quantile band of an ensemble fan). */
typedef struct parley_chart_band {
    const char *name;      /**< legend text ("5-95% of runs") */
    const double *lo, *hi; /**< the chart's n values each */
} parley_chart_band;

/** A horizontal reference line (the status quo). */
typedef struct parley_chart_ref {
    const char *name; /**< text printed at the line's left end */
    double at;        /**< on the y axis */
} parley_chart_ref;

/** Lines over an x axis of n points: positions by round, a fan of
 * median trajectories. */
typedef struct parley_line_chart {
    const char *id;       /**< element id prefix (required) */
    const char *title;    /**< required */
    const char *subtitle; /**< may be NULL */
    parley_chart_axis x;  /**< x range; x.lo..x.hi */
    parley_chart_axis y;
    size_t n;               /**< points per series (>= 1) */
    const double *x_values; /**< n x values, or NULL for 0, 1, ..., n-1 */
    int x_integer;          /**< 1: ticks at whole numbers only (rounds) */
    size_t n_series;
    const parley_chart_series *series;
    size_t n_bands;
    const parley_chart_band *bands;
    size_t n_refs;
    const parley_chart_ref *refs;
} parley_line_chart;

/** Appends a line chart (positions by round, a fan) as SVG to out: the
 * bands first, then the emphasised series (thick, black), then the others
 * with their markers; a legend below.  Errors: PARLEY_EINVAL (no id, title
 * or points, a bad axis, a series or band without values), PARLEY_ENOMEM. */
parley_status parley_chart_lines_svg(const parley_line_chart *c, parley_buf *out,
                                     parley_error *err);

/** Effective power by position: one panel per round; in each panel, a bar
 * at every occupied position whose stacked segments are the actors there,
 * each as tall as its weight (capability x salience).  A vertical dashed
 * marker per panel shows e.g. the weighted median. */
typedef struct parley_power_chart {
    const char *id, *title, *subtitle; /**< id and title required */
    parley_chart_axis x;               /**< the issue scale, with its labels */
    const char *y_title;               /**< unit of the bars ("capability x salience") */
    size_t n_actors;
    const char *const *actor; /**< n_actors names */
    size_t n_panels;
    const char *const *panel; /**< n_panels panel names ("round 0 (start)") */
    const double *position;   /**< n_panels x n_actors, row-major, issue scale */
    const double *weight;     /**< n_panels x n_actors, >= 0 (0 = not drawn) */
    const double *marker;     /**< n_panels values, or NULL */
    const char *marker_name;  /**< legend text of the marker */
} parley_power_chart;

/** Appends the power chart as SVG to out.  Errors: PARLEY_EINVAL (no id,
 * title, actors, panels or arrays, a bad axis), PARLEY_ENOMEM. */
parley_status parley_chart_power_svg(const parley_power_chart *c, parley_buf *out,
                                     parley_error *err);

/** Bueno de Mesquita's expected-utility plane for one actor i: each
 * counterpart j is a point at (E^i(U_ij), E^i(U_ji)), i's estimate of its own
 * expected utility of challenging j and of j's of challenging i.  The chart
 * is square, both axes on one symmetric scale, and its regions are labelled
 * as in BDM (1994) and docs/models.md 3.4: conflict (upper right, split by
 * the diagonal into "i expects to win" / "i expects to lose"), compromise
 * and capitulation by i (upper left, split by e_j = |e_i|), compromise and
 * capitulation by j (lower right, split by e_i = |e_j|), stalemate (lower
 * left). */
typedef struct parley_eu_plane_chart {
    const char *id, *title, *subtitle; /**< id and title required */
    const char *actor;                 /**< the name of actor i (required) */
    size_t n;                          /**< counterparts (>= 1) */
    const char *const *counterpart;    /**< n names */
    const double *e_i;                 /**< n values E^i(U_ij), utility units */
    const double *e_j;                 /**< n values E^i(U_ji), utility units */
} parley_eu_plane_chart;

/** Appends the plane as SVG to out.  Errors: PARLEY_EINVAL (no id, title,
 * actor or points, a non-finite value), PARLEY_ENOMEM.  Source of the
 * regions: Bueno de Mesquita (1994), the octant chart, as read by Scholz,
 * Calbert & Smith (2011); docs/models.md 3.4. */
parley_status parley_chart_eu_plane_svg(const parley_eu_plane_chart *c, parley_buf *out,
                                        parley_error *err);

/** Distribution of an outcome over many runs (an ensemble): a histogram
 * of n_bins equal bins over x.lo..x.hi (values outside are counted in the
 * end bins), heights as the percentage of runs, with an optional shaded
 * quantile band and a marker (the median). */
typedef struct parley_histogram_chart {
    const char *id, *title, *subtitle; /**< id and title required */
    parley_chart_axis x;               /**< the value axis (issue scale) */
    size_t n;                          /**< values (>= 1), or 0 when counts are given */
    const double *values;              /**< n values; non-finite ones are skipped */
    size_t n_bins;                     /**< >= 1 */
    const double *counts;              /**< n_bins counts already binned (an ensemble
                                            summary's histogram), or NULL to bin values */
    int has_band;                      /**< 1: shade band_lo..band_hi */
    double band_lo, band_hi;
    const char *band_name; /**< legend text ("90% of runs") */
    int has_marker;        /**< 1: a vertical line at marker */
    double marker;
    const char *marker_name;
} parley_histogram_chart;

/** Appends the histogram as SVG to out.  Errors: PARLEY_EINVAL (no id,
 * title, bins or values, a bad axis), PARLEY_ENOMEM. */
parley_status parley_chart_histogram_svg(const parley_histogram_chart *c, parley_buf *out,
                                         parley_error *err);

/** Ranked horizontal bars of signed values (leverage: each actor's effect
 * on the forecast), largest |value| first (ties keep the input order);
 * positive bars go right of zero, negative ones left, and each bar is
 * labelled with its value. */
typedef struct parley_bar_chart {
    const char *id, *title, *subtitle; /**< id and title required */
    const char *value_title;           /**< axis label with units (required) */
    size_t n;                          /**< bars (>= 1) */
    const char *const *label;          /**< n labels */
    const double *value;               /**< n finite values */
    int rank;                          /**< 1 = sort by |value| descending; 0 = input order */
} parley_bar_chart;

/** Appends the bar chart as SVG to out.  Errors: PARLEY_EINVAL (no id,
 * title, axis title or bars, a non-finite value), PARLEY_ENOMEM. */
parley_status parley_chart_bars_svg(const parley_bar_chart *c, parley_buf *out, parley_error *err);

/* ---- charts of a forecast ------------------------------------------------ */

/** Positions by round of model m on issue i of a traced forecast: a line
 * per actor, the model's forecast rule (the weighted median of each round)
 * drawn boldly, the issue's scale labels beside the y axis and its status
 * quo as a reference line.  id names the chart's elements.
 * Errors: PARLEY_EINVAL (not traced, the run failed, i or m out of range),
 * PARLEY_ENOMEM. */
parley_status parley_chart_forecast_positions(const parley_forecast *f, size_t issue, size_t model,
                                              const char *id, parley_buf *out, parley_error *err);

/** Effective power by position of model m on issue i of a traced forecast:
 * one panel per round (at most 6: round 0, the last round and rounds evenly
 * spaced between them, rounded to the nearest), capability x salience of the
 * actors stacked at each position, the weighted median marked.  Errors as
 * above. */
parley_status parley_chart_forecast_power(const parley_forecast *f, size_t issue, size_t model,
                                          const char *id, parley_buf *out, parley_error *err);

/** BDM's expected-utility plane of actor `actor` (a scenario index) on
 * issue i in round `round` (1 = the first round, from the input
 * positions), read from the traced forecast f: the challenges model m
 * weighed in that round (parley_round_record.challenges), as i saw them.
 * For every other participant j that i weighed (j not at i's position),
 * e_i = E^i(U_ij), e_j = E^i(U_ji) with i's risk exponent: exactly the
 * numbers the model compared when it decided i's move in that round (the
 * e_i, e_j of the trace's moves).  Nothing is recomputed.  Fills names
 * (borrowed from the scenario), e_i and e_j, each with room for the
 * issue's participants, and *n with the counterparts written.
 * Errors: PARLEY_EINVAL (m's type is not flagged
 * PARLEY_REPORT_CHALLENGE_PLANE, the forecast was not traced, actor not on
 * the issue, round 0 or beyond the run), PARLEY_EDOMAIN (the model did not
 * run on the issue).  Source: BDM (1994); Scholz et al. (2011);
 * docs/models.md 3.2-3.4. */
parley_status parley_eu_plane_compute(const parley_forecast *f, size_t issue, size_t model,
                                      size_t actor, size_t round, const char **names, double *e_i,
                                      double *e_j, size_t *n, parley_error *err);

/** The expected-utility plane chart of parley_eu_plane_compute.  Errors as
 * there, plus PARLEY_EDOMAIN when every counterpart shares the actor's
 * position, PARLEY_ENOMEM. */
parley_status parley_chart_forecast_eu_plane(const parley_forecast *f, size_t issue, size_t model,
                                             size_t actor, size_t round, const char *id,
                                             parley_buf *out, parley_error *err);

/** The distribution of model m's forecast on issue i over an ensemble
 * (parley_ensemble_run): the summary's display histogram as the share of
 * runs per bin, the 5-95 % quantile band shaded, the median marked, the
 * issue's scale labels in a key.  what names the model in the subtitle.
 * Errors: PARLEY_EINVAL (indices out of range, no run of the model
 * succeeded), PARLEY_ENOMEM. */
parley_status parley_chart_ensemble(const parley_scenario *s, const parley_ensemble_summary *sum,
                                    size_t issue, size_t config, const char *what, const char *id,
                                    parley_buf *out, parley_error *err);

/** A fan of trajectories on issue i (parley_ensemble_fans): the 5-95 %
 * band shaded, the median trajectory bold, and, when base is given, the
 * unperturbed forecast's trajectory (n_base rounds) as a dashed line; the
 * issue's scale labels beside the y axis.  Errors: PARLEY_EINVAL (empty
 * fan, issue out of range), PARLEY_ENOMEM. */
parley_status parley_chart_fan(const parley_scenario *s, size_t issue, const parley_fan *fan,
                               const double *base, size_t n_base, const char *what, const char *id,
                               parley_buf *out, parley_error *err);

/** Ranked leverage bars of model m on issue i (parley_leverage_compute):
 * the `top` largest |effect| rows (0 = all), each labelled "ACTOR position",
 * "ACTOR salience", "ACTOR capability" or "ACTOR leaves"; failed rows are
 * left out.  effect is the reference change the table was computed with
 * (a fraction of each input's range), for the subtitle.
 * Errors: PARLEY_EINVAL (no non-zero effect for the issue and model),
 * PARLEY_ENOMEM. */
parley_status parley_chart_leverage(const parley_scenario *s, const parley_leverage *lev,
                                    size_t issue, size_t model, size_t top, double effect,
                                    const char *what, const char *id, parley_buf *out,
                                    parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
