#if !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700 /* realpath */
#endif
/* Checks of the files a command names before any work is done: the
 * inputs' names, and outputs that are not the input nor another output
 * and can be written.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <parley/io.h>

#include "io/internal.h"

/* The directory part of path ("." when there is none), in buf. */
static const char *dir_of(const char *path, char *buf, size_t n) {
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    size_t len = slash == path ? 1 : (size_t)(slash - path);
    snprintf(buf, n, "%.*s", (int)len, path);
    return buf;
}

int parley_i_same_file(const char *a, const char *b) {
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea != eb)
        return 0;
    char da[4096], db[4096];
    const char *ba = strrchr(a, '/') ? strrchr(a, '/') + 1 : a;
    const char *bb = strrchr(b, '/') ? strrchr(b, '/') + 1 : b;
    if (strcmp(ba, bb) != 0)
        return 0;
    char *ra = realpath(dir_of(a, da, sizeof da), NULL),
         *rb = realpath(dir_of(b, db, sizeof db), NULL);
    int same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

/* 1 if path names the file open as standard input (same device and inode):
 * `parley CMD - -o in.json < in.json` would otherwise replace its input. */
static int is_stdin_file(const char *path) {
    struct stat si, sp;
    return fstat(STDIN_FILENO, &si) == 0 && stat(path, &sp) == 0 && si.st_dev == sp.st_dev &&
           si.st_ino == sp.st_ino;
}

parley_status parley_outputs_check(const char *const *inputs, size_t n_inputs,
                                   const char *const *outs, size_t n, int last_is_dir,
                                   parley_error *err) {
    if ((!outs && n) || (!inputs && n_inputs))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "NULL array of %zu %s files",
                                !outs && n ? n : n_inputs, !outs && n ? "output" : "input");
    for (size_t k = 0; k < n; ++k) {
        const char *out = outs[k];
        if (!out || strcmp(out, "-") == 0)
            continue;
        int is_dir = last_is_dir && k + 1 == n;
        for (size_t i = 0; i < n_inputs; ++i) {
            const char *input = inputs[i];
            if (input && strcmp(input, "-") != 0 &&
                (strcmp(input, out) == 0 || parley_i_same_file(input, out)))
                return parley_error_set(
                    err, PARLEY_EINVAL, NULL, 0, 0,
                    "the output '%s' is the input file '%s'; refusing to overwrite it", out, input);
            if (input && strcmp(input, "-") == 0 && !is_dir && is_stdin_file(out))
                return parley_error_set(
                    err, PARLEY_EINVAL, NULL, 0, 0,
                    "the output '%s' is the file on standard input; refusing to overwrite it", out);
        }
        for (size_t j = 0; j < k; ++j)
            if (outs[j] && strcmp(outs[j], "-") != 0 &&
                (strcmp(outs[j], out) == 0 || parley_i_same_file(outs[j], out)))
                return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                        "two outputs are the same file ('%s' and '%s')", outs[j],
                                        out);
        struct stat st;
        if (!is_dir && stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
            return parley_error_set(err, PARLEY_EIO, out, 0, 0, "cannot write: it is a directory");
        }
        /* a file (or a symbolic link, even a dangling one) where the
         * directory should be: refused now, not at its first file */
        if (is_dir && lstat(out, &st) == 0 && (stat(out, &st) != 0 || !S_ISDIR(st.st_mode))) {
            return parley_error_set(err, PARLEY_EIO, out, 0, 0,
                                    "cannot write: it is not a directory");
        }
        char buf[4096];
        const char *dir = is_dir && stat(out, &st) == 0 && S_ISDIR(st.st_mode)
                              ? out
                              : dir_of(out, buf, sizeof buf);
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            return parley_error_set(err, PARLEY_EIO, out, 0, 0,
                                    "cannot write: the directory '%s' does not exist", dir);
        }
        if (access(dir, W_OK | X_OK) != 0) {
            return parley_error_set(err, PARLEY_EIO, out, 0, 0, "cannot write: %s: %s", dir,
                                    strerror(errno));
        }
    }
    return PARLEY_OK;
}

parley_status parley_input_files_check(const char *what, const char *const *names, size_t n,
                                       const char *outcomes, parley_error *err) {
    size_t stdin_uses = 0;
    if (!what)
        what = "input";
    if (!names && n)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "NULL array of %zu %s file names",
                                n, what);
    for (size_t k = 0; k < n; ++k) {
        if (!names[k])
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "%s file name %zu is NULL",
                                    what, k);
        if (!names[k][0])
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "empty %s file name", what);
        stdin_uses += strcmp(names[k], "-") == 0;
    }
    if (outcomes && !outcomes[0]) /* the CLI's words for an empty --outcomes */
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "empty --outcomes file name");
    if (stdin_uses && outcomes && strcmp(outcomes, "-") == 0)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "the %s and --outcomes cannot both be '-' (standard input)", what);
    if (stdin_uses > 1)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                "standard input ('-') can be read only once");
    return PARLEY_OK;
}
