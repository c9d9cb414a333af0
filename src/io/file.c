/* parley: files, formats and the reader dispatch.
 * SPDX-License-Identifier: MIT
 */
#if !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700 /* realpath */
#endif
#include <parley/io.h>
#include <parley/number.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io/internal.h"
#include "io/reader.h"

parley_format parley_format_from_name(const char *filename) {
    if (!filename)
        return PARLEY_FORMAT_UNKNOWN;
    const char *slash = strrchr(filename, '/');
    const char *base = slash ? slash + 1 : filename;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return PARLEY_FORMAT_UNKNOWN;
    if (strcasecmp(dot, ".json") == 0)
        return PARLEY_FORMAT_JSON;
    if (strcasecmp(dot, ".csv") == 0)
        return PARLEY_FORMAT_TABLE;
    if (strcasecmp(dot, ".xml") == 0)
        return PARLEY_FORMAT_KTAB_XML;
    if (strcasecmp(dot, ".xlsx") == 0)
        return PARLEY_FORMAT_XLSX;
    if (strcasecmp(dot, ".ods") == 0)
        return PARLEY_FORMAT_ODS;
    return PARLEY_FORMAT_UNKNOWN;
}

const char *parley_format_name(parley_format fmt) {
    switch (fmt) {
    case PARLEY_FORMAT_JSON:
        return "json";
    case PARLEY_FORMAT_TABLE:
        return "table";
    case PARLEY_FORMAT_DECIDE:
        return "decide";
    case PARLEY_FORMAT_KTAB_CSV:
        return "ktab";
    case PARLEY_FORMAT_KTAB_XML:
        return "ktab-xml";
    case PARLEY_FORMAT_XLSX:
        return "xlsx";
    case PARLEY_FORMAT_ODS:
        return "ods";
    default:
        return "unknown";
    }
}

parley_format parley_format_from_string(const char *name) {
    if (!name)
        return PARLEY_FORMAT_UNKNOWN;
    if (strcasecmp(name, "json") == 0)
        return PARLEY_FORMAT_JSON;
    if (strcasecmp(name, "table") == 0 || strcasecmp(name, "csv") == 0)
        return PARLEY_FORMAT_TABLE;
    if (strcasecmp(name, "decide") == 0)
        return PARLEY_FORMAT_DECIDE;
    if (strcasecmp(name, "ktab") == 0 || strcasecmp(name, "ktab-csv") == 0)
        return PARLEY_FORMAT_KTAB_CSV;
    if (strcasecmp(name, "ktab-xml") == 0 || strcasecmp(name, "xml") == 0)
        return PARLEY_FORMAT_KTAB_XML;
    if (strcasecmp(name, "xlsx") == 0)
        return PARLEY_FORMAT_XLSX;
    if (strcasecmp(name, "ods") == 0)
        return PARLEY_FORMAT_ODS;
    return PARLEY_FORMAT_UNKNOWN;
}

void parley_read_options_init(parley_read_options *o) {
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->salience_scale = 0;
    o->issue_name = NULL;
    o->bounds_given = 0;
    o->lo = 0.0;
    o->hi = 0.0;
}

parley_status parley_read_option_set(parley_read_options *o, const char *name, const char *value,
                                     parley_error *err) {
    static const char *const names[] = {"salience-scale", "bounds", "delimiter", "decimal"};
    static const char *const musts[] = {"1 or 100", "LO,HI with LO < HI", "',', ';' or tab",
                                        "'.' or ','"};
    size_t k = 0;
    while (k < 4 && name && strcmp(name, names[k]) != 0)
        ++k;
    if (!o || !value || k == 4)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no read option named '%s'",
                                name ? name : "");
    const char *comma = strchr(value, ',');
    double lo, hi;
    int ok = 0;
    if (k == 0 && (ok = strcmp(value, "1") == 0 || strcmp(value, "100") == 0))
        o->salience_scale = value[1] ? 100 : 1;
    else if (k == 1 && comma && /* two finite numbers */
             parley_number_parse(value, (size_t)(comma - value), &lo, NULL) == PARLEY_OK &&
             parley_number_parse(comma + 1, strlen(comma + 1), &hi, NULL) == PARLEY_OK &&
             (ok = lo < hi)) {
        if (!isfinite(hi - lo)) /* the scale's width: validation would refuse it */
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0,
                                    "bounds %s: HI - LO overflows double precision; rescale "
                                    "the positions",
                                    value);
        o->bounds_given = 1;
        o->lo = lo;
        o->hi = hi;
    } else if (k == 2 && (ok = strcmp(value, ",") == 0 || strcmp(value, ";") == 0 ||
                               strcmp(value, "\t") == 0 || strcmp(value, "tab") == 0))
        o->delimiter = value[0] == 't' ? '\t' : value[0];
    else if (k == 3 && (ok = strcmp(value, ".") == 0 || strcmp(value, ",") == 0))
        o->decimal = value[0];
    return ok ? PARLEY_OK
              : parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "%s must be %s, not '%s'", name,
                                 musts[k], value);
}

/* The error for an input over PARLEY_READ_MAX. */
static parley_status too_large(parley_error *err, const char *path, const char *how) {
    return parley_error_set(err, PARLEY_EIO, path, 0, 0,
                            "%s parley's limit for a scenario (%d MiB; expected a smaller input)",
                            how, PARLEY_READ_MAX >> 20);
}

parley_status parley_read_file(const char *path, char **data, size_t *size, parley_error *err) {
    *data = NULL;
    *size = 0;
    if (!path)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no file name");
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return parley_error_set(err, PARLEY_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    /* A regular file's size is known before reading: refuse a large one at once. */
    struct stat st;
    int regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
    if (regular && st.st_size > (off_t)PARLEY_READ_MAX - 1) {
        if (!is_stdin)
            fclose(f);
        char how[96];
        snprintf(how, sizeof how, "the file is %lld bytes, over", (long long)st.st_size);
        return too_large(err, path, how);
    }
    /* room for the whole regular file, the terminator and the read that
     * sees the end, so the buffer never grows for it */
    size_t cap = regular ? (size_t)st.st_size + 2 : 4096, len = 0;
    int archive = 0;
    if (cap < 4096)
        cap = 4096;
    char *buf = malloc(cap);
    if (!buf) {
        if (!is_stdin)
            fclose(f);
        return parley_error_set(err, PARLEY_ENOMEM, path, 0, 0, "out of memory");
    }
    for (;;) {
        if (len + 1 >= cap) {
            if (cap >= PARLEY_READ_MAX) {
                free(buf);
                if (!is_stdin)
                    fclose(f);
                return too_large(err, path,
                                 regular ? "the file grew while being read, past"
                                         : "stopped reading the stream at");
            }
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                if (!is_stdin)
                    fclose(f);
                return parley_error_set(err, PARLEY_ENOMEM, path, 0, 0, "out of memory");
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - 1 - len, f);
        /* No scenario holds a NUL byte: a stream that does (/dev/urandom,
         * /dev/zero, a binary pipe) is read no further, and the reader reports
         * the byte where it is. */
        if (len == 0 && got >= 4 && memcmp(buf, "PK\3\4", 4) == 0)
            archive = 1; /* a workbook (.xlsx, .ods): binary, read it whole */
        int binary = !regular && !archive && got > 0 && memchr(buf + len, '\0', got) != NULL;
        len += got;
        if (got == 0 || binary)
            break;
    }
    int failed = ferror(f);
    int saved = errno;
    if (!is_stdin)
        fclose(f);
    if (failed) {
        free(buf);
        return parley_error_set(err, PARLEY_EIO, path, 0, 0, "cannot read: %s", strerror(saved));
    }
    buf[len] = '\0';
    *data = buf;
    *size = len;
    return PARLEY_OK;
}

/* Writes all of data to fd; returns 0 or an errno value. */
static int write_all(int fd, const char *data, size_t size) {
    while (size > 0) {
        ssize_t k = write(fd, data, size);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        data += k;
        size -= (size_t)k;
    }
    return 0;
}

enum { OUTFILE_BUFFER = 1 << 16 };

static void outfile_release(parley_i_outfile *f) {
    free(f->path);
    free(f->tmp);
    free(f->pending);
    f->path = f->tmp = f->pending = NULL;
    f->fd = -1;
    f->len = 0;
}

/* Creates f->tmp, a new file of a name no other file has, in the directory
 * of f->path; returns 0 or an errno value. */
static int create_temp(parley_i_outfile *f) {
    const char *path = f->path;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t tmplen = dirlen + strlen(base) + 80;
    f->tmp = malloc(tmplen);
    if (!f->tmp)
        return ENOMEM;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long long salt =
        (unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec << 20);
    /* O_EXCL | O_NOFOLLOW: a file or symbolic link planted under the name
     * makes open fail (EEXIST, ELOOP) instead of being written or replaced;
     * then the next name is tried.  Mode 0666 lets the umask apply. */
    int e = EEXIST;
    for (unsigned attempt = 0; attempt < 100 && (e == EEXIST || e == ELOOP); ++attempt) {
        salt =
            salt * 6364136223846793005ULL + 1442695040888963407ULL; /* an LCG step (Knuth's MMIX) */
        /* at most 200 bytes of the name: a name near NAME_MAX (255) would
         * otherwise give a temporary name too long to create */
        snprintf(f->tmp, tmplen, "%.*s.%.200s.tmp.%ld.%08llx", (int)dirlen, path, base,
                 (long)getpid(), (salt >> 24) & 0xffffffffULL);
        f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        e = f->fd < 0 ? errno : 0;
    }
    return e;
}

parley_status parley_i_outfile_open(parley_i_outfile *f, const char *path, parley_error *err) {
    memset(f, 0, sizeof *f);
    f->fd = -1;
    if (!path || !*path)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no file name");
    f->pending = malloc(OUTFILE_BUFFER);
    if (!f->pending)
        return parley_error_set(err, PARLEY_ENOMEM, path, 0, 0, "out of memory");
    if (strcmp(path, "-") == 0) {
        f->fd = STDOUT_FILENO;
        return PARLEY_OK;
    }
    /* Write through a symbolic link to its target, so that the link survives. */
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        f->path = realpath(path, NULL);
        if (!f->path) {
            int e = errno;
            outfile_release(f);
            return parley_error_set(err, PARLEY_EIO, path, 0, 0,
                                    "cannot follow the symbolic link: %s", strerror(e));
        }
    } else {
        f->path = strdup(path);
        if (!f->path) {
            outfile_release(f);
            return parley_error_set(err, PARLEY_ENOMEM, path, 0, 0, "out of memory");
        }
    }
    int exists = stat(f->path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        outfile_release(f);
        return parley_error_set(err, PARLEY_EIO, path, 0, 0, "cannot write: it is a directory");
    }
    if (exists && !S_ISREG(st.st_mode)) {
        /* A device, FIFO or socket (/dev/null, /dev/stdout): write into it;
         * replacing it by a regular file would destroy it. */
        f->fd = open(f->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (f->fd < 0) {
            int e = errno;
            outfile_release(f);
            return parley_error_set(err, PARLEY_EIO, path, 0, 0, "cannot write: %s", strerror(e));
        }
        return PARLEY_OK;
    }
    f->keep_mode = exists;
    f->mode = (unsigned)(st.st_mode & 07777);
    int e = create_temp(f);
    if (e) {
        outfile_release(f);
        return parley_error_set(err, e == ENOMEM ? PARLEY_ENOMEM : PARLEY_EIO, path, 0, 0,
                                "cannot create a temporary file: %s", strerror(e));
    }
    return PARLEY_OK;
}

const char *parley_i_outfile_temp(const parley_i_outfile *f) {
    return f->tmp;
}

static parley_status outfile_flush(parley_i_outfile *f, parley_error *err) {
    int e = write_all(f->fd, f->pending, f->len);
    f->len = 0;
    if (e)
        return parley_error_set(err, PARLEY_EIO, f->path ? f->path : "-", 0, 0,
                                "cannot write%s: %s", f->path ? "" : " to standard output",
                                strerror(e));
    return PARLEY_OK;
}

parley_status parley_i_outfile_write(parley_i_outfile *f, const void *data, size_t size,
                                     parley_error *err) {
    if (!data && size)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no data");
    const char *p = data;
    while (size > 0) {
        size_t room = OUTFILE_BUFFER - f->len, n = size < room ? size : room;
        memcpy(f->pending + f->len, p, n);
        f->len += n;
        p += n;
        size -= n;
        if (f->len == OUTFILE_BUFFER && outfile_flush(f, err) != PARLEY_OK)
            return PARLEY_EIO;
    }
    return PARLEY_OK;
}

void parley_i_outfile_abort(parley_i_outfile *f) {
    if (f->fd >= 0 && f->fd != STDOUT_FILENO)
        close(f->fd);
    if (f->tmp)
        unlink(f->tmp);
    outfile_release(f);
}

/* Makes a rename in the directory of path durable; failure is not fatal. */
static void sync_directory(const char *path) {
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    char *dir = malloc(dirlen + 2);
    if (!dir)
        return;
    if (dirlen) {
        memcpy(dir, path, dirlen);
        dir[dirlen] = '\0';
    } else {
        strcpy(dir, ".");
    }
    int dfd = open(dir, O_RDONLY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(dir);
}

parley_status parley_i_outfile_close(parley_i_outfile *f, parley_error *err) {
    if (f->fd < 0) /* closed already */
        return PARLEY_OK;
    if (outfile_flush(f, err) != PARLEY_OK) {
        parley_i_outfile_abort(f);
        return PARLEY_EIO;
    }
    if (!f->path) /* standard output stays open */
        return PARLEY_OK;
    int e = 0;
    const char *what = "cannot write";
    if (!f->tmp) { /* a device or FIFO, written directly */
        if (close(f->fd) != 0)
            e = errno;
    } else {
        if (f->keep_mode && fchmod(f->fd, (mode_t)f->mode) != 0)
            e = errno, what = "cannot set the mode of";
        if (!e && fsync(f->fd) != 0)
            e = errno, what = "cannot sync";
        if (close(f->fd) != 0 && !e)
            e = errno, what = "cannot close";
    }
    f->fd = -1;
    if (e) {
        parley_error_set(err, PARLEY_EIO, f->path, 0, 0, "%s the file: %s", what, strerror(e));
        parley_i_outfile_abort(f);
        return PARLEY_EIO;
    }
    free(f->pending); /* nothing more is written */
    f->pending = NULL;
    return PARLEY_OK;
}

parley_status parley_i_outfile_commit(parley_i_outfile *f, parley_error *err) {
    if (parley_i_outfile_close(f, err) != PARLEY_OK)
        return PARLEY_EIO;
    if (f->tmp) {
        if (rename(f->tmp, f->path) != 0) {
            parley_error_set(err, PARLEY_EIO, f->path, 0, 0,
                             "cannot rename the temporary file onto the file: %s", strerror(errno));
            parley_i_outfile_abort(f);
            return PARLEY_EIO;
        }
        free(f->tmp);
        f->tmp = NULL;
        sync_directory(f->path);
    }
    outfile_release(f);
    return PARLEY_OK;
}

parley_status parley_write_file_atomic(const char *path, const char *data, size_t size,
                                       parley_error *err) {
    if (!path || (!data && size))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no file name or no data");
    if (strcmp(path, "-") == 0) {
        if ((size && fwrite(data, 1, size, stdout) != size) || fflush(stdout) != 0)
            return parley_error_set(err, PARLEY_EIO, "-", 0, 0,
                                    "cannot write to standard output: %s", strerror(errno));
        return PARLEY_OK;
    }
    parley_i_outfile f;
    parley_status st = parley_i_outfile_open(&f, path, err);
    if (st != PARLEY_OK)
        return st;
    /* Large data goes straight to the file, not through the buffer. */
    int e = write_all(f.fd, data, size);
    if (e) {
        parley_i_outfile_abort(&f);
        return parley_error_set(err, PARLEY_EIO, path, 0, 0, "cannot write the file: %s",
                                strerror(e));
    }
    return parley_i_outfile_commit(&f, err);
}

/* 1 if path (or prefix) is a prefix of the other, on the text. */
static int paths_related(const char *p, const char *q) {
    size_t lp = strlen(p), lq = strlen(q);
    return strncmp(p, q, lp < lq ? lp : lq) == 0;
}

/* Appends the validation diagnostics of s to diags, leaving out those that
 * restate a problem the reader already recorded (same or enclosing JSON
 * path; any, when the reader reported without paths). */
static parley_status validate_into(const parley_scenario *s, const char *file, parley_diags *diags,
                                   size_t first_reader_diag, int errors_only) {
    parley_diags v;
    parley_diags_init(&v);
    v.max_items = diags->max_items;
    parley_status st = parley_scenario_validate(s, file, &v);
    if (st == PARLEY_ENOMEM) {
        parley_diags_destroy(&v);
        return st;
    }
    int reader_failed = 0;
    for (size_t k = first_reader_diag; k < diags->count; ++k)
        if (diags->items[k].severity == PARLEY_SEV_ERROR)
            reader_failed = 1;
    size_t reader_end = diags->count;
    /* After a problem with the whole file, its version or its salience
     * scale, range checks would only add noise. */
    for (size_t k = first_reader_diag; k < reader_end; ++k) {
        const char *p = diags->items[k].error.path;
        if (diags->items[k].severity == PARLEY_SEV_ERROR &&
            (strcmp(p, "$") == 0 || strcmp(p, "$.parley") == 0 ||
             strcmp(p, "$.salience_scale") == 0)) {
            parley_diags_destroy(&v);
            return PARLEY_OK;
        }
    }
    for (size_t k = 0; k < v.count; ++k) {
        const parley_diag *d = &v.items[k];
        int covered = 0;
        for (size_t j = first_reader_diag; reader_failed && j < reader_end && !covered; ++j) {
            const parley_diag *r = &diags->items[j];
            if (r->severity != PARLEY_SEV_ERROR)
                continue;
            if (!r->error.path[0] || paths_related(r->error.path, d->error.path))
                covered = 1;
        }
        /* A reader leaves NaN where it could not read a value (JSON has no
         * NaN), so after reader errors a non-finite value is no news. */
        if (reader_failed && strstr(d->error.message, "(expected a finite number"))
            covered = 1;
        if (covered || (errors_only && d->severity != PARLEY_SEV_ERROR))
            continue;
        /* a table, Decide or KTAB file has no JSON path: its issue or
         * actor is named instead (the attack pass: "x.csv:$.issues[0].scale") */
        const char *path = d->error.path, *what = "", *name = NULL;
        size_t at = 0;
        if (errors_only && path[0] == '$') {
            if (sscanf(path, "$.issues[%zu]", &at) == 1 && at < s->n_issues && s->issues[at].name)
                what = "issue", name = s->issues[at].name;
            else if (sscanf(path, "$.actors[%zu]", &at) == 1 && at < s->n_actors &&
                     s->actors[at].name)
                what = "actor", name = s->actors[at].name;
            path = "";
        }
        if (parley_diags_add(diags, d->severity, d->error.status,
                             d->error.file[0] ? d->error.file : NULL, d->error.line,
                             d->error.column, path, name ? "%s \"%s\": %s" : "%s%s%s", what,
                             name ? name : "", d->error.message) != PARLEY_OK) {
            parley_diags_destroy(&v);
            return PARLEY_ENOMEM;
        }
    }
    parley_diags_destroy(&v);
    return PARLEY_OK;
}

/* First error status recorded from index `from` on. */
static parley_status first_error_from(const parley_diags *d, size_t from) {
    for (size_t k = from; k < d->count; ++k)
        if (d->items[k].severity == PARLEY_SEV_ERROR)
            return d->items[k].error.status;
    return PARLEY_OK;
}

parley_status parley_scenario_parse(parley_scenario *s, parley_format fmt, const char *data,
                                    size_t size, const char *file, const parley_read_options *opts,
                                    parley_diags *diags) {
    if (!s)
        return PARLEY_EINVAL;
    memset(s, 0, sizeof *s);
    parley_diags local;
    parley_diags_init(&local);
    parley_diags *d = diags ? diags : &local;
    parley_read_options defaults;
    parley_read_options_init(&defaults);
    if (!opts)
        opts = &defaults;
    if (!data && size) {
        parley_diags_destroy(&local);
        return PARLEY_EINVAL;
    }
    if (!data)
        data = "";
    size_t first = d->count;
    size_t errors_before = d->n_errors;
    int workbook = fmt == PARLEY_FORMAT_XLSX || fmt == PARLEY_FORMAT_ODS;
    const char *utf16 = workbook ? NULL : parley_i_utf16_name(data, size);
    if (utf16) {
        parley_i_utf16_error(utf16, file, d);
        parley_diags_destroy(&local);
        return PARLEY_EPARSE;
    }
    parley_status st;
    switch (fmt) {
    case PARLEY_FORMAT_JSON:
        st = parley_i_read_json(s, data, size, file, d);
        break;
    case PARLEY_FORMAT_TABLE:
        st = parley_i_read_table(s, data, size, file, opts, d);
        break;
    case PARLEY_FORMAT_DECIDE:
        st = parley_i_read_decide(s, data, size, file, opts, d);
        break;
    case PARLEY_FORMAT_KTAB_CSV:
        st = parley_i_read_ktab_csv(s, data, size, file, d);
        break;
    case PARLEY_FORMAT_KTAB_XML:
        st = parley_i_read_ktab_xml(s, data, size, file, d);
        break;
    case PARLEY_FORMAT_XLSX:
    case PARLEY_FORMAT_ODS:
        st = parley_i_read_workbook(s, fmt, data, size, file, opts, d);
        break;
    default:
        parley_diags_add(
            d, PARLEY_SEV_ERROR, PARLEY_EINVAL, file, 0, 0, NULL,
            "unknown input format (expected json, table, decide, ktab, ktab-xml, xlsx or ods)");
        parley_diags_destroy(&local);
        return PARLEY_EINVAL;
    }
    if (st == PARLEY_OK || (st == PARLEY_EDATA && s->actors)) {
        /* The table reader checks every value itself, with line and column,
         * and reports its own warnings. */
        parley_status vs = validate_into(s, file, d, first, fmt != PARLEY_FORMAT_JSON);
        if (vs == PARLEY_ENOMEM)
            st = PARLEY_ENOMEM;
    }
    if (st != PARLEY_ENOMEM && d->n_errors > errors_before) {
        st = first_error_from(d, first);
        if (st == PARLEY_OK)
            st = PARLEY_EDATA; /* errors were dropped by max_items */
    }
    if (st == PARLEY_OK && opts->outcomes)
        st = parley_outcomes_load(s, opts->outcomes, d);
    if (st != PARLEY_OK)
        parley_scenario_destroy(s);
    parley_diags_destroy(&local);
    return st;
}

/* 1 if text[0..len) is a whole number (surrounding spaces allowed). */
static int whole_number(const char *text, size_t len) {
    size_t a = 0, digits = 0;
    while (a < len && text[a] == ' ')
        ++a;
    while (a < len && text[a] >= '0' && text[a] <= '9')
        ++a, ++digits;
    while (a < len && text[a] == ' ')
        ++a;
    return digits > 0 && a == len;
}

parley_format parley_format_sniff(const char *data, size_t size) {
    if (!data)
        return PARLEY_FORMAT_UNKNOWN;
    /* a zip archive: OpenDocument stores its mimetype first, uncompressed */
    static const char ods_first[] = "mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
    if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0)
        return size >= 30 + sizeof ods_first - 1 &&
                       memcmp(data + 30, ods_first, sizeof ods_first - 1) == 0
                   ? PARLEY_FORMAT_ODS
                   : PARLEY_FORMAT_XLSX;
    if (size >= 4 && memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0)
        return PARLEY_FORMAT_XLSX;
    size_t k = parley_i_bom_length(data, size);
    while (k < size && (data[k] == ' ' || data[k] == '\t' || data[k] == '\r' || data[k] == '\n'))
        ++k;
    if (k < size && data[k] == '{')
        return PARLEY_FORMAT_JSON;
    if (k < size && data[k] == '<')
        return PARLEY_FORMAT_KTAB_XML;
    /* "#X" is a Decide row tag; "# ", "##" and a lone "#" start the
     * directive and comment lines of a stakeholder table */
    if (k < size && data[k] == '#')
        return k + 1 < size && data[k + 1] != ' ' && data[k + 1] != '\t' && data[k + 1] != '#' &&
                       data[k + 1] != '\n' && data[k + 1] != '\r'
                   ? PARLEY_FORMAT_DECIDE
                   : PARLEY_FORMAT_TABLE;
    if (k + 1 < size && data[k] == '\'' && data[k + 1] == '#')
        return PARLEY_FORMAT_DECIDE;
    /* KTAB: the third and fourth fields of the first line are counts */
    size_t end = k;
    while (end < size && data[end] != '\n' && data[end] != '\r')
        ++end;
    size_t field = 0, start = k;
    int counts = 0;
    for (size_t p = k; p <= end; ++p) {
        if (p < end && data[p] != ',')
            continue;
        if ((field == 2 || field == 3) && whole_number(data + start, p - start))
            counts++;
        field++;
        start = p + 1;
    }
    if (counts == 2)
        return PARLEY_FORMAT_KTAB_CSV;
    return PARLEY_FORMAT_TABLE;
}

parley_status parley_scenario_load(parley_scenario *s, const char *path, parley_format fmt,
                                   const parley_read_options *opts, parley_diags *diags) {
    if (!s)
        return PARLEY_EINVAL;
    memset(s, 0, sizeof *s);
    char *data = NULL;
    size_t size = 0;
    parley_error err;
    parley_error_clear(&err);
    /* FILE.xlsx#SHEET, FILE.ods#SHEET: a sheet of a workbook (when no file
     * has the whole name) */
    char *book = NULL;
    parley_read_options with_sheet;
    const char *hash = path ? strrchr(path, '#') : NULL;
    if (hash && hash[1] && access(path, F_OK) != 0) {
        book = strndup(path, (size_t)(hash - path));
        if (!book)
            return PARLEY_ENOMEM;
        parley_format bf = parley_format_from_name(book);
        if (bf == PARLEY_FORMAT_XLSX || bf == PARLEY_FORMAT_ODS) {
            if (opts)
                with_sheet = *opts;
            else
                parley_read_options_init(&with_sheet);
            with_sheet.sheet = hash + 1;
            opts = &with_sheet;
            path = book;
        }
    }
    parley_status st = parley_read_file(path, &data, &size, &err);
    if (st != PARLEY_OK) {
        free(book);
        if (diags)
            parley_diags_add(diags, PARLEY_SEV_ERROR, st, err.file[0] ? err.file : NULL, 0, 0, NULL,
                             "%s", err.message);
        return st;
    }
    if (fmt == PARLEY_FORMAT_UNKNOWN) {
        fmt = parley_format_from_name(path);
        /* .csv is shared by tables, Decide and KTAB files: look inside */
        if (fmt != PARLEY_FORMAT_JSON && fmt != PARLEY_FORMAT_KTAB_XML &&
            fmt != PARLEY_FORMAT_XLSX && fmt != PARLEY_FORMAT_ODS)
            fmt = parley_format_sniff(data, size);
    }
    st = parley_scenario_parse(s, fmt, data, size, path, opts, diags);
    free(data);
    free(book);
    return st;
}
