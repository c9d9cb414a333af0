/* parley: a chart set written as SVG files, one a chart, into a directory
 * (what `parley report --svg DIR` writes beside the HTML page), all or
 * nothing: every chart goes to a temporary file of its own first, and
 * only when all are written are they renamed into place.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <parley/io.h>
#include <parley/report.h>

#include "io/internal.h"

/* Opens DIR/NAME.svg for chart k through parley_i_outfile_open (a new
 * temporary file, created exclusively and without following a link planted
 * under its name) and writes the chart into it, closed but not renamed.
 * A chart file that exists and is not a regular file (a directory, FIFO or
 * device; through a symbolic link, its target) is refused: it could only be
 * written into, not replaced together with the others. */
static parley_status write_temp(const char *dir, const parley_chart_entry *c, parley_i_outfile *f,
                                parley_error *err) {
    const size_t n = strlen(dir) + strlen(c->name) + 8;
    char *path = malloc(n);
    if (!path)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    snprintf(path, n, "%s/%s.svg", dir, c->name);
    struct stat st;
    parley_status s = PARLEY_OK;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        s = parley_error_set(err, PARLEY_EIO, path, 0, 0, "cannot write: it is not a regular file");
    if (s == PARLEY_OK)
        s = parley_i_outfile_open(f, path, err); /* a directory: "it is a directory" */
    free(path);
    if (s != PARLEY_OK)
        return s;
    if ((s = parley_i_outfile_write(f, c->svg.data ? c->svg.data : "", c->svg.len, err)) !=
        PARLEY_OK) {
        parley_i_outfile_abort(f);
        return s;
    }
    return parley_i_outfile_close(f, err); /* aborts f on error */
}

parley_status parley_chart_set_write_dir(const parley_chart_set *set, const char *dir,
                                         parley_error *err) {
    if (!set || !dir || !dir[0])
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no directory for the charts");
    int made = mkdir(dir, 0777) == 0;
    struct stat st;
    if (!made && errno != EEXIST)
        return parley_error_set(err, PARLEY_EIO, dir, 0, 0, "cannot create directory: %s",
                                strerror(errno));
    if (!made && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
        return parley_error_set(err, PARLEY_EIO, dir, 0, 0, "cannot write: it is not a directory");
    parley_i_outfile *files = set->n ? calloc(set->n, sizeof *files) : NULL;
    if (set->n && !files) {
        if (made)
            rmdir(dir);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    /* every chart to its temporary file; on a failure remove those written */
    parley_status s = PARLEY_OK;
    size_t done = 0;
    while (done < set->n &&
           (s = write_temp(dir, &set->items[done], &files[done], err)) == PARLEY_OK)
        ++done;
    if (s != PARLEY_OK) {
        for (size_t k = 0; k < done; ++k)
            parley_i_outfile_abort(&files[k]);
        free(files);
        if (made)
            rmdir(dir);
        return s;
    }
    /* then the renames, which fail only if the directory is changed meanwhile */
    for (size_t k = 0; k < set->n; ++k) {
        parley_status c = s == PARLEY_OK ? parley_i_outfile_commit(&files[k], err) : PARLEY_OK;
        if (s != PARLEY_OK)
            parley_i_outfile_abort(&files[k]);
        else
            s = c;
    }
    free(files);
    return s;
}
