/* parley: helpers shared by the report writers (internal).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_REPORT_I_H
#define PARLEY_REPORT_I_H

#include <stddef.h>

#include <parley/forecast.h>
#include <parley/report_analysis.h>
#include <parley/buf.h>

/** Name of actor j (an index into the run's participants, 0..run->n-1),
 * or "?" when the scenario gives none. */
const char *parley_i_report_actor(const parley_forecast *f, const parley_run *run, size_t j);

/* Appends how a run stopped: the stop reason's name, with the cycle's
 * period, start and forecast range when a cycle was found (also when the
 * cycle did not stop the run), and the run's note (table.c). */
void parley_i_report_append_stop(parley_buf *b, const parley_outcome *o);

/** 1 if the run played rounds that a trace can show (traced, more than the
 * initial state). */
int parley_i_report_has_rounds(const parley_run *run);

/** Returns the run's status as the reports name it: "ok" or "error". */
const char *parley_i_report_status(const parley_run *run);
/** Why a run could not run (its error message, else its status's text), ""
 * for a run that did: the one text of the table, CSV and JSON reports. */
const char *parley_i_report_error(const parley_run *run);

/** Display width of UTF-8 text: the number of code points (every
 * character parley prints is one column wide). */
size_t parley_i_text_width(const char *text);

/** Appends text padded with spaces to width columns, left- or right-aligned
 * (right = 1).  Text wider than width is appended whole. */
parley_status parley_i_buf_cell(parley_buf *b, const char *text, size_t width, int right);

/** Appends text word-wrapped before column width: the first line continues
 * at column col (what is already on the line), further lines start with
 * indent spaces.  Ends with a newline.  Words longer than a line are kept whole. */
parley_status parley_i_buf_wrap(parley_buf *b, const char *text, size_t col, size_t indent,
                                size_t width);

/** Formats a position on an issue scale for the human-readable reports
 * ("%.2f"; "n/a" when not finite) into buf of size n; returns buf. */
char *parley_i_fmt_pos(char *buf, size_t n, double x);

/** Like parley_i_fmt_pos without trailing zeros: 55, 60.01, 20.2. */
char *parley_i_fmt_num(char *buf, size_t n, double x);

/** parley_report_ensemble_charts; with n_experts > 0 the captions say that
 * each run's table is drawn from that many experts' codings before the
 * noise (parley_report_add_ensemble_experts). */
parley_status parley_i_report_ensemble_charts(const parley_scenario *s,
                                              const parley_ensemble_summary *sum,
                                              const parley_fan *fans, const parley_forecast *f,
                                              size_t model, const char *noise_text,
                                              size_t n_experts, parley_chart_set *set,
                                              parley_error *err);

struct parley_combined;
/** "Will it move?" in words for issue i (the probability that the status
 * quo holds, with "no agreement is the most likely outcome" above 0.5) into
 * buf of size n; returns buf. */
char *parley_i_will_move_text(char *buf, size_t n, const struct parley_combined *c,
                              const parley_forecast *f, size_t i);

/** Appends the "Where the talks land" SVG of issue i: the labelled scale,
 * every model as a dot (outliers hollow), the combined forecast and its
 * band, the status quo and the outcome where known; the element's id is
 * "chart-" stem.  Errors: PARLEY_ENOMEM. */
parley_status parley_i_landing_svg(parley_buf *b, const parley_forecast *f,
                                   const struct parley_combined *c, size_t i, const char *stem);

/** Appends the table of every model's forecast on every issue (the
 * report's "Forecasts of every model", id "forecast-table", in a
 * <div class="wide">): the status quo, each model's forecast, and for
 * iterative runs the rounds and how the run stopped, or why a model could
 * not run (forecast_view.c). */
void parley_i_report_forecast_table(parley_buf *b, const parley_forecast *f);

/** Appends the paragraph <p class="fc"> of issue i under "Where the talks
 * land": the combined forecast and the agreement band in words, whether the
 * status quo holds, and the observed outcome where known (forecast_view.c). */
void parley_i_report_landing_text(parley_buf *b, const parley_forecast *f,
                                  const struct parley_combined *c, size_t i);

/** Appends text as one CSV field (RFC 4180: quoted when it holds a comma,
 * a quote, CR or LF; quotes doubled).  NULL is the empty field. */
parley_status parley_i_buf_csv_field(parley_buf *b, const char *text);

/** Appends text as a JSON string as jansson encodes it (NULL = ""); a byte
 * that is not part of valid UTF-8 (a file name's) is written as U+FFFD
 * (parley_i_json_text).  Errors: PARLEY_ENOMEM. */
parley_status parley_i_buf_json_text(parley_buf *b, const char *text);

/** Points of the 0-100 scale beyond which a forecast is said to have been
 * contradicted by the observed outcome (the backtest's "within 10"). */
#define PARLEY_I_HISTORY_POINTS 10.0

/** Model m's error on issue i against the observed outcome, on 0-100 of the
 * scale (forecast - outcome); NaN when there is no outcome or no forecast. */
double parley_i_outcome_error(const parley_forecast *f, size_t i, size_t m);

/** When model m's forecast on issue i is more than PARLEY_I_HISTORY_POINTS
 * from the observed outcome, appends one plain sentence saying so to out
 * ("History went against the eu forecast on sanctions: it says 55, but the
 * outcome as of 2024-01-01 was 0, 55 % of the scale lower.") and
 * returns 1; else returns 0 and appends nothing. */
int parley_i_against_history(const parley_forecast *f, size_t i, size_t m, parley_buf *out);

/** Appends doc as JSON text (2-space indent, members in insertion order)
 * with every real as the shortest decimal that reads back exactly (a whole
 * real keeps ".0") and a final newline, then releases doc.  bad != 0 (a
 * failed build of doc) or a NULL doc gives PARLEY_ENOMEM.  The one JSON
 * output path of the forecast and backtest writers. */
struct json_t; /* jansson's; only the writers that build JSON include <jansson.h> */
parley_status parley_i_json_dump(parley_buf *out, struct json_t *doc, int bad);

/* Building JSON documents: NaN/inf as null; put/push release value and
 * return -1 when it is NULL or cannot be added, else 0. */
struct json_t *parley_i_json_num(double x);
int parley_i_json_put(struct json_t *obj, const char *key, struct json_t *value);
int parley_i_json_push(struct json_t *arr, struct json_t *value);
/** A JSON string holding text, with every byte that is not part of valid
 * UTF-8 replaced by U+FFFD (JSON text must be UTF-8, RFC 8259 §8.1; a file
 * name need not be); NULL when out of memory. */
struct json_t *parley_i_json_text(const char *text);

/** The WebAssembly module of the live what-if panel, gzipped (generated by
 * cmake/embed_wasm.cmake): its bytes and *size, or NULL and *size = 0 when
 * the build had no emcc. */
const unsigned char *parley_i_wasm_module(size_t *size);
/** The page's loader (src/wasm/loader.js), *size bytes, NUL-terminated. */
const char *parley_i_wasm_loader(size_t *size);
/** The loader's SHA-256, 64 lower-case hex digits. */
const char *parley_i_wasm_loader_sha256(void);

#endif
