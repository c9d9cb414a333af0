/* parley: the text of a progress line for long runs (ensembles, leverage).
 *
 * SPDX-License-Identifier: MIT
 */
#include <parley/report.h>

parley_status parley_report_progress(size_t done, size_t total, double elapsed_seconds,
                                     parley_buf *out) {
    enum { WIDTH = 30 };
    if (!out)
        return PARLEY_EINVAL;
    /* below a microsecond (or not a number) nothing is known of the rate */
    const double rate = elapsed_seconds >= 1e-6 ? (double)done / elapsed_seconds : 0.0;
    const double left = rate > 0 && done < total ? (double)(total - done) / rate : 0.0;
    char bar[WIDTH + 1];
    const size_t fill = total ? (size_t)(WIDTH * (double)done / (double)total) : WIDTH;
    for (size_t k = 0; k < WIDTH; ++k)
        bar[k] = k < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    return parley_buf_printf(out, "[%s] %zu/%zu  %.0f/s  %.0fs left", bar, done, total, rate, left);
}
