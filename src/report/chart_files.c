/* parley: a chart set written as SVG files, one a chart, into a directory
 * (what `parley report --svg DIR` writes beside the HTML page).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <parley/io.h>
#include <parley/report.h>

parley_status parley_chart_set_write_dir(const parley_chart_set *set, const char *dir,
                                         parley_error *err) {
    if (!set || !dir || !dir[0])
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no directory for the charts");
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return parley_error_set(err, PARLEY_EIO, dir, 0, 0, "cannot create directory: %s",
                                strerror(errno));
    for (size_t k = 0; k < set->n; ++k) {
        const size_t n = strlen(dir) + strlen(set->items[k].name) + 8;
        char *path = malloc(n);
        if (!path)
            return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
        snprintf(path, n, "%s/%s.svg", dir, set->items[k].name);
        const parley_buf *b = &set->items[k].svg;
        parley_status st = parley_write_file_atomic(path, b->data ? b->data : "", b->len, err);
        free(path);
        if (st != PARLEY_OK)
            return st;
    }
    return PARLEY_OK;
}
