/* parley: reports of a forecast as text into a parley_buf.
 *
 * The library writes reports into memory; the CLI decides where they go.
 * The JSON schema is documented in docs/forecast-json.md.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_REPORT_H
#define PARLEY_REPORT_H

#include "forecast.h"
#include "io.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Facts about the run recorded next to the results. */
typedef struct parley_report_meta {
    const char *source;  /**< scenario file name, or "(embedded default)" */
    const char *version; /**< parley version */
    unsigned long long seed;
} parley_report_meta;

/** Human-readable table: per issue the status quo, every model's forecast,
 * the expected utility model's rounds and how it stopped. Errors: PARLEY_ENOMEM. */
parley_status parley_report_table(const parley_forecast *f, const parley_report_meta *meta,
                                  parley_buf *out);
/** JSON document (docs/forecast-json.md). Errors: PARLEY_ENOMEM. */
parley_status parley_report_json(const parley_forecast *f, const parley_report_meta *meta,
                                 parley_buf *out);
/** CSV, one row per issue x model. Errors: PARLEY_ENOMEM. */
parley_status parley_report_csv(const parley_forecast *f, const parley_report_meta *meta,
                                parley_buf *out);
/** Round-by-round trace of the iterative models (requires a traced forecast):
 * positions, risk exponents and moves (who challenged whom, conflict /
 * compromise / capitulation). Errors: PARLEY_ENOMEM, PARLEY_EINVAL (not traced). */
parley_status parley_report_trace(const parley_forecast *f, parley_buf *out);

/** Output formats of the analysis reports. */
typedef enum parley_report_format {
    PARLEY_REPORT_TABLE = 0,
    PARLEY_REPORT_JSON = 1,
    PARLEY_REPORT_CSV = 2
} parley_report_format;

/** What-if comparison: for every issue and model the base forecast, the
 * forecast after the changes and the difference (docs/analysis.md).  base
 * and changed must run the same models on scenarios with the same issues;
 * changes are the --set / --drop texts shown in the header.  A model that
 * could not run shows n/a (table), an empty field (CSV) or null (JSON).
 * Errors: PARLEY_ENOMEM. */
parley_status parley_report_whatif(const parley_forecast *base, const parley_forecast *changed,
                                   const char *const *changes, size_t n_changes,
                                   parley_report_format format, const parley_report_meta *meta,
                                   parley_buf *out);

#ifdef __cplusplus
}
#endif
#endif
