/* parley: a chart set written as SVG files, one a chart, into a directory
 * (what `parley report --svg DIR` writes beside the HTML page), all or
 * nothing: every chart goes to a temporary file of its own first (the
 * stage), and only when all are written, and the caller's other outputs
 * too, are they renamed into place (the commit).
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

/* DIR/NAME.svg of chart c, malloc'd, or NULL (out of memory). */
static char *chart_path(const char *dir, const parley_chart_entry *c) {
    const size_t n = strlen(dir) + strlen(c->name) + 8;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s.svg", dir, c->name);
    return path;
}

/* Refuses two charts of set whose files in dir are one file (a chart file
 * that is a symbolic link to another chart's: writing one would replace
 * the other), in parley_outputs_check's words and by its identity check.
 * Only pairs with a symbolic link are compared: two names hard-linked to
 * one file are each replaced by a file of their own. */
static parley_status check_distinct(const parley_chart_set *set, const char *dir,
                                    parley_error *err) {
    char **paths = set->n ? calloc(set->n, sizeof *paths) : NULL;
    unsigned char *link = set->n ? calloc(set->n, 1) : NULL;
    parley_status s = set->n && (!paths || !link)
                          ? parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory")
                          : PARLEY_OK;
    size_t n = 0, links = 0;
    struct stat st;
    for (; s == PARLEY_OK && n < set->n; ++n) {
        if (!(paths[n] = chart_path(dir, &set->items[n]))) {
            s = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        link[n] = lstat(paths[n], &st) == 0 && S_ISLNK(st.st_mode);
        links += link[n];
    }
    for (size_t k = 1; s == PARLEY_OK && links && k < set->n; ++k)
        for (size_t j = 0; j < k; ++j)
            if ((link[j] || link[k]) && parley_i_same_file(paths[j], paths[k])) {
                s = parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                     "two outputs are the same file ('%s' and '%s')", paths[j],
                                     paths[k]);
                break;
            }
    for (size_t k = 0; k < n; ++k)
        free(paths[k]);
    free(paths);
    free(link);
    return s;
}

/* Opens DIR/NAME.svg for chart c through parley_i_outfile_open (a new
 * temporary file, created exclusively and without following a link planted
 * under its name) and writes the chart into it, closed but not renamed.
 * A symbolic link at a chart's name is refused, and so is a chart file
 * that exists and is not a regular file (a directory, FIFO or device): it
 * could only be written into, not replaced together with the others. */
static parley_status write_temp(const char *dir, const parley_chart_entry *c, parley_i_outfile *f,
                                parley_error *err) {
    char *path = chart_path(dir, c);
    if (!path)
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    struct stat st;
    parley_status s = PARLEY_OK;
    /* a chart's name is generated, so a link there was planted: its target
     * could be any file (the page, an input), which the commit would replace */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        s = parley_error_set(err, PARLEY_EIO, path, 0, 0,
                             "cannot write: it is a symbolic link (a chart is never written "
                             "through one)");
    else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
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

parley_status parley_chart_set_stage_dir(const parley_chart_set *set, const char *dir,
                                         parley_chart_staged *staged, parley_error *err) {
    if (staged)
        memset(staged, 0, sizeof *staged);
    if (!set || !staged || !dir || !dir[0])
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no directory for the charts");
    int made = mkdir(dir, 0777) == 0;
    struct stat st;
    if (!made && errno != EEXIST)
        return parley_error_set(err, PARLEY_EIO, dir, 0, 0, "cannot create directory: %s",
                                strerror(errno));
    if (!made && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
        return parley_error_set(err, PARLEY_EIO, dir, 0, 0, "cannot write: it is not a directory");
    /* a directory the stage made is recorded at once: an abort removes it */
    if (made && !(staged->dir = strdup(dir))) {
        rmdir(dir);
        return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    }
    parley_i_outfile *files = set->n ? calloc(set->n, sizeof *files) : NULL;
    parley_status s = set->n && !files
                          ? parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory")
                          : PARLEY_OK;
    staged->files = files;
    if (s == PARLEY_OK && !made) /* a new directory holds no links */
        s = check_distinct(set, dir, err);
    /* every chart to its temporary file; on a failure those written are
     * removed by the abort */
    while (s == PARLEY_OK && staged->n < set->n &&
           (s = write_temp(dir, &set->items[staged->n], &files[staged->n], err)) == PARLEY_OK)
        ++staged->n;
    if (s != PARLEY_OK)
        parley_chart_staged_destroy(staged);
    return s;
}

parley_status parley_chart_staged_commit(parley_chart_staged *staged, parley_error *err) {
    if (!staged)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no staged charts");
    parley_i_outfile *files = staged->files;
    /* the renames, which fail only if the directory is changed meanwhile;
     * after a failure the rest are removed */
    parley_status s = PARLEY_OK;
    for (size_t k = 0; k < staged->n; ++k) {
        if (s == PARLEY_OK)
            s = parley_i_outfile_commit(&files[k], err);
        else
            parley_i_outfile_abort(&files[k]);
    }
    free(files);
    free(staged->dir); /* the directory stays: it holds the charts */
    memset(staged, 0, sizeof *staged);
    return s;
}

void parley_chart_staged_destroy(parley_chart_staged *staged) {
    if (!staged)
        return;
    parley_i_outfile *files = staged->files;
    for (size_t k = 0; k < staged->n; ++k)
        parley_i_outfile_abort(&files[k]);
    free(files);
    if (staged->dir)
        rmdir(staged->dir); /* only when empty again */
    free(staged->dir);
    memset(staged, 0, sizeof *staged);
}

parley_status parley_chart_set_write_dir(const parley_chart_set *set, const char *dir,
                                         parley_error *err) {
    parley_chart_staged staged;
    parley_status s = parley_chart_set_stage_dir(set, dir, &staged, err);
    if (s == PARLEY_OK)
        s = parley_chart_staged_commit(&staged, err);
    return s;
}
