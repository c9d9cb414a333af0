#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* scandir, alphasort, dladdr */
#endif
/* The case library (include/parley/cases.h): listing a directory of cases,
 * naming them, loading them and handing them to parley_backtest_run.
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <dlfcn.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <parley/cases.h>
#include <parley/parley.h>

#include "io/internal.h"

void parley_case_library_init(parley_case_library *lib) {
    memset(lib, 0, sizeof *lib);
}

void parley_case_library_destroy(parley_case_library *lib) {
    if (!lib)
        return;
    for (size_t k = 0; k < lib->n_loaded; ++k)
        parley_scenario_destroy(&lib->cases[k]);
    for (size_t k = 0; k < lib->n; ++k) {
        free(lib->files[k]);
        free(lib->names[k]);
    }
    free(lib->files);
    free(lib->names);
    free(lib->cases);
    memset(lib, 0, sizeof *lib);
}

/* Room for one more case. */
static parley_status grow(parley_case_library *lib) {
    if (lib->n < lib->capacity)
        return PARLEY_OK;
    size_t cap = lib->capacity * 2 + 8;
    char **f = realloc(lib->files, cap * sizeof *f);
    if (!f)
        return PARLEY_ENOMEM;
    lib->files = f;
    char **nm = realloc(lib->names, cap * sizeof *nm);
    if (!nm)
        return PARLEY_ENOMEM;
    lib->names = nm;
    parley_scenario *c = realloc(lib->cases, cap * sizeof *c);
    if (!c)
        return PARLEY_ENOMEM;
    lib->cases = c;
    lib->capacity = cap;
    return PARLEY_OK;
}

static char *copy(const char *text) {
    if (!text)
        return NULL;
    size_t n = strlen(text) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, text, n);
    return p;
}

/* Appends file and name, taking both over (file may be NULL). */
static parley_status append(parley_case_library *lib, char *file, char *name) {
    if (grow(lib) != PARLEY_OK) {
        free(file);
        free(name);
        return PARLEY_ENOMEM;
    }
    lib->files[lib->n] = file;
    lib->names[lib->n++] = name;
    return PARLEY_OK;
}

parley_status parley_case_library_add(parley_case_library *lib, const char *file,
                                      const char *name) {
    if (!lib || !file)
        return PARLEY_EINVAL;
    char *f = copy(file), *nm = copy(name);
    if (!f || (name && !nm)) {
        free(f);
        free(nm);
        return PARLEY_ENOMEM;
    }
    return append(lib, f, nm);
}

static int json_entry(const struct dirent *e) {
    size_t n = strlen(e->d_name);
    return n > 5 && strcmp(e->d_name + n - 5, ".json") == 0 && e->d_name[0] != '.';
}

/* A case's name comes from its file name, which need not be text: a name
 * that is not valid UTF-8 (jansson's check), or any control character in
 * it, becomes '?' so that every output can hold it. */
static void clean_name(char *name) {
    json_t *probe = json_string(name);
    int valid = probe != NULL;
    json_decref(probe);
    for (unsigned char *p = (unsigned char *)name; *p; ++p)
        if (*p < 0x20 || *p == 0x7f || (!valid && *p >= 0x80))
            *p = '?';
}

/* Appends the *.json files of dir, sorted, named prefix + NAME; a dir that
 * cannot be listed adds nothing (the caller checked the top directory). */
static parley_status add_json_files(parley_case_library *lib, const char *dir, const char *prefix) {
    struct dirent **list = NULL;
    int n = scandir(dir, &list, json_entry, alphasort);
    if (n < 0)
        return PARLEY_OK;
    parley_status st = PARLEY_OK;
    for (int k = 0; k < n; ++k) {
        const char *entry = list[k]->d_name;
        size_t len = strlen(dir) + strlen(entry) + 2, base = strlen(entry) - 5,
               name_len = strlen(prefix) + base + 1;
        char *path = st == PARLEY_OK ? malloc(len) : NULL;
        char *name = path ? malloc(name_len) : NULL;
        if (st == PARLEY_OK && (!path || !name)) {
            free(path);
            st = PARLEY_ENOMEM;
        } else if (st == PARLEY_OK) {
            snprintf(path, len, "%s/%s", dir, entry);
            snprintf(name, name_len, "%s%.*s", prefix, (int)base, entry);
            clean_name(name);
            st = append(lib, path, name);
        }
        free(list[k]);
    }
    free(list);
    return st;
}

parley_status parley_case_library_add_dir(parley_case_library *lib, const char *dir,
                                          parley_error *err) {
    if (!lib || !dir)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no case library directory");
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return parley_error_set(err, PARLEY_EIO, dir, 0, 0,
                                "no case library here (expected a directory of *.json cases)");
    parley_status s = add_json_files(lib, dir, "");
    size_t len = strlen(dir) + 5;
    char *gpl = s == PARLEY_OK ? malloc(len) : NULL;
    if (s == PARLEY_OK && !gpl)
        s = PARLEY_ENOMEM;
    if (s == PARLEY_OK) {
        snprintf(gpl, len, "%s/gpl", dir);
        s = add_json_files(lib, gpl, "gpl/");
    }
    free(gpl);
    if (s != PARLEY_OK)
        return parley_error_set(err, s, NULL, 0, 0, "out of memory");
    return PARLEY_OK;
}

/* 1 if a and b are one file (device and inode); "-" and files that cannot
 * be examined are never the same. */
static int same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return a && b && strcmp(a, "-") != 0 && strcmp(b, "-") != 0 && stat(a, &sa) == 0 &&
           stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

parley_status parley_case_library_dedup(parley_case_library *lib, parley_case_removed_fn removed,
                                        void *data) {
    if (!lib || lib->n_loaded)
        return PARLEY_EINVAL;
    size_t kept = 0;
    for (size_t k = 0; k < lib->n; ++k) {
        int dup = 0;
        for (size_t j = 0; j < kept && !dup; ++j)
            dup = same_file(lib->files[k], lib->files[j]);
        if (dup) {
            if (removed)
                removed(data, lib->files[k]);
            free(lib->files[k]);
            free(lib->names[k]);
            continue;
        }
        lib->files[kept] = lib->files[k];
        lib->names[kept++] = lib->names[k];
    }
    lib->n = kept;
    return PARLEY_OK;
}

parley_status parley_case_library_load_next(parley_case_library *lib, const parley_read_options *ro,
                                            parley_diags *diags) {
    if (!lib || lib->n_loaded >= lib->n || !lib->files[lib->n_loaded])
        return PARLEY_EINVAL;
    parley_status st = parley_scenario_load(&lib->cases[lib->n_loaded], lib->files[lib->n_loaded],
                                            PARLEY_FORMAT_UNKNOWN, ro, diags);
    if (st == PARLEY_OK)
        lib->n_loaded++;
    return st;
}

parley_status parley_case_library_load(parley_case_library *lib, const parley_read_options *ro,
                                       parley_diags *diags) {
    parley_status st = PARLEY_OK;
    while (st == PARLEY_OK && lib && lib->n_loaded < lib->n)
        st = parley_case_library_load_next(lib, ro, diags);
    return lib ? st : PARLEY_EINVAL;
}

parley_status parley_case_library_adopt(parley_case_library *lib, parley_scenario *s,
                                        const char *name) {
    if (!lib || !s || lib->n_loaded != lib->n)
        return PARLEY_EINVAL;
    char *nm = copy(name);
    if ((name && !nm) || grow(lib) != PARLEY_OK) {
        free(nm);
        return PARLEY_ENOMEM;
    }
    lib->cases[lib->n_loaded++] = *s;
    lib->files[lib->n] = NULL;
    lib->names[lib->n++] = nm;
    memset(s, 0, sizeof *s);
    return PARLEY_OK;
}

parley_status parley_case_library_backtest(const parley_case_library *lib, parley_backtest *bt,
                                           const parley_params *params, size_t n_models,
                                           const parley_backtest_options *opts, parley_error *err) {
    if (bt)
        memset(bt, 0, sizeof *bt);
    if (!lib || !bt)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no case library or result");
    const parley_scenario **cases = calloc(lib->n_loaded + 1, sizeof *cases);
    const char **names = calloc(lib->n_loaded + 1, sizeof *names);
    parley_status st;
    if (!cases || !names) {
        st = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, 0, "out of memory");
    } else {
        for (size_t k = 0; k < lib->n_loaded; ++k) {
            cases[k] = &lib->cases[k];
            names[k] = lib->names[k];
        }
        st = parley_backtest_run(bt, cases, names, lib->n_loaded, params, n_models, opts, err);
    }
    free(cases);
    free((void *)names);
    return st;
}

/* Reports one warning without location to the request's on_diags. */
static void warn(const parley_case_request *req, parley_case_event ev, const char *file,
                 const char *message) {
    parley_diags d;
    parley_diags_init(&d);
    parley_diags_add(&d, PARLEY_SEV_WARNING, PARLEY_OK, NULL, 0, 0, NULL, "%s", message);
    req->on_diags(req->diags_data, ev, file, PARLEY_OK, &d);
    parley_diags_destroy(&d);
}

/* Reports each removed duplicate as a warning (data: the request). */
static void report_duplicate(void *data, const char *file) {
    char message[PARLEY_ERROR_MSG_MAX];
    snprintf(message, sizeof message, "'%s' is a case already read; it counts once", file);
    warn(data, PARLEY_CASE_DUPLICATE, file, message);
}

/* Reads one case (the next listed, or s from the embedded default when
 * s is not NULL) and reports its diagnostics. */
static parley_status read_case(parley_case_library *lib, const parley_case_request *req,
                               const parley_read_options *ro, parley_scenario *s) {
    parley_diags d;
    parley_diags_init(&d);
    parley_status st;
    const char *file;
    if (s) {
        file = parley_default_scenario_file();
        st = parley_scenario_load_default(s, ro, &d);
    } else {
        file = lib->files[lib->n_loaded];
        st = parley_case_library_load_next(lib, ro, &d);
    }
    if (req->on_diags)
        req->on_diags(req->diags_data, PARLEY_CASE_READ, file, st, &d);
    parley_diags_destroy(&d);
    return st;
}

/* The shipped library: the embedded default counts when it has outcomes. */
static parley_status adopt_default(parley_case_library *lib, const parley_case_request *req,
                                   parley_case_problem *problem, parley_error *err) {
    parley_read_options ro;
    parley_read_options_init(&ro);
    parley_scenario s;
    parley_status st = read_case(lib, req, &ro, &s);
    if (st != PARLEY_OK) {
        *problem = PARLEY_CASES_READ;
        return st;
    }
    if (parley_scenario_outcome_count(&s) > 0 && parley_case_library_adopt(lib, &s, NULL)) {
        parley_scenario_destroy(&s);
        *problem = PARLEY_CASES_NO_MEMORY;
        return PARLEY_ENOMEM;
    }
    parley_scenario_destroy(&s); /* adopted: zeroed */
    if (lib->n_loaded == 0) {
        *problem = PARLEY_CASES_NONE;
        return parley_error_set(err, PARLEY_EIO, NULL, 0, 0,
                                "no case library: '%s' does not exist and the embedded default "
                                "scenario has no outcomes (name a case library directory, set "
                                "PARLEY_CASES, or name the case files)",
                                req->dir);
    }
    return PARLEY_OK;
}

parley_status parley_case_library_collect(parley_case_library *lib, const parley_case_request *req,
                                          parley_case_problem *problem, parley_error *err) {
    parley_case_problem dummy;
    if (!problem)
        problem = &dummy;
    *problem = PARLEY_CASES_OK;
    if (!lib || !req || (!req->n_files && !req->dir))
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no case files and no directory");
    parley_status st = PARLEY_OK;
    for (size_t k = 0; st == PARLEY_OK && k < req->n_files; ++k)
        st = parley_case_library_add(lib, req->files[k], NULL);
    if (req->n_files == 0) {
        st = parley_case_library_add_dir(lib, req->dir, NULL);
        if (st == PARLEY_EIO && req->shipped) {
            st = PARLEY_OK;                     /* the embedded default may still be a case */
            char message[PARLEY_ERROR_MSG_MAX]; /* scoring the default alone must not pass unsaid */
            snprintf(message, sizeof message,
                     "no case library at '%s' (the one installed with parley): only the "
                     "embedded default scenario is scored",
                     req->dir);
            if (req->on_diags)
                warn(req, PARLEY_CASE_NO_LIBRARY, req->dir, message);
        } else if (st == PARLEY_EIO) {
            *problem = PARLEY_CASES_NO_DIR;
            return parley_error_set(err, st, NULL, 0, 0,
                                    "no case library at '%s' (%s%sexpected a directory of "
                                    "*.json cases)",
                                    req->dir, req->dir_named_by ? req->dir_named_by : "",
                                    req->dir_named_by ? "; " : "");
        }
    }
    if (st != PARLEY_OK) {
        *problem = PARLEY_CASES_NO_MEMORY;
        return parley_error_set(err, st, NULL, 0, 0, "out of memory");
    }
    if (req->n_files == 0 && lib->n == 0 && !req->shipped) {
        *problem = PARLEY_CASES_EMPTY;
        return parley_error_set(err, PARLEY_EDATA, NULL, 0, 0,
                                "the case library '%s' holds no *.json case", req->dir);
    }
    parley_case_library_dedup(lib, req->on_diags ? report_duplicate : NULL, (void *)req);
    parley_read_options ro;
    if (req->ro)
        ro = *req->ro;
    else
        parley_read_options_init(&ro);
    if (req->n_files == 0)
        ro.outcomes = NULL; /* --outcomes belongs to a single CASE */
    while (lib->n_loaded < lib->n)
        if ((st = read_case(lib, req, &ro, NULL)) != PARLEY_OK) {
            *problem = PARLEY_CASES_READ;
            return st;
        }
    return req->shipped && req->n_files == 0 ? adopt_default(lib, req, problem, err) : PARLEY_OK;
}

#ifndef PARLEY_CASES_DIR /* the source tree's case library */
#define PARLEY_CASES_DIR "data/cases"
#endif
#ifndef PARLEY_CASES_FROM_BIN /* the installed one, relative to the program's directory */
#define PARLEY_CASES_FROM_BIN "../share/parley/cases"
#endif
#ifndef PARLEY_CASES_FROM_LIB /* ... and relative to libparley.so's */
#define PARLEY_CASES_FROM_LIB "../share/parley/cases"
#endif
#ifndef PARLEY_BUILD_DIR /* where the build puts the program and libparley.so */
#define PARLEY_BUILD_DIR "."
#endif

/* The resolved directory of the file that holds this code (the program, or
 * libparley.so) into dir (4096 bytes); *is_lib says which.  0, or -1 when
 * neither is known (no /proc). */
static int code_dir(char *dir, int *is_lib) {
    static const char anchor = 0;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    Dl_info info;
    char *lib = NULL; /* the shared library that holds anchor, if not the program */
    if (dladdr(&anchor, &info) && info.dli_fname && strchr(info.dli_fname, '/'))
        lib = realpath(info.dli_fname, NULL);
    *is_lib = lib && strcmp(lib, exe) != 0;
    snprintf(dir, 4096, "%s", *is_lib ? lib : exe);
    free(lib);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return 0;
}

/* Writes base/rel to out (n bytes) with each ".." taking the component
 * before it away: "/usr/share/...", not "/usr/bin/../share/..." (base is
 * a resolved path, without links).  0, or -1 when it does not fit. */
static int join_path(char *out, size_t n, const char *base, const char *rel) {
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", base, rel);
    size_t len = 0;
    out[0] = '\0';
    char *save = NULL;
    for (char *c = strtok_r(path, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, "..") == 0) {
            while (len > 0 && out[--len] != '/')
                ;
        } else if (strcmp(c, ".") != 0) {
            int w = snprintf(out + len, n - len, "/%s", c);
            if (w < 0 || (size_t)w >= n - len)
                return -1;
            len += (size_t)w;
        }
        out[len] = '\0';
    }
    if (len == 0)
        snprintf(out, n, "/");
    return 0;
}

static parley_status put(char *out, size_t n, const char *text) {
    if (strlen(text) >= n)
        return PARLEY_EINVAL;
    memcpy(out, text, strlen(text) + 1);
    return PARLEY_OK;
}

parley_status parley_case_library_dir(const char *dir, char *out, size_t n, int *shipped) {
    const char *env = getenv("PARLEY_CASES");
    if (shipped)
        *shipped = !dir && !(env && env[0]);
    if (!out || n == 0)
        return PARLEY_EINVAL;
    if (dir || (env && env[0]))
        return put(out, n, dir ? dir : env);
    char here[4096];
    int is_lib = 0;
    if (code_dir(here, &is_lib) != 0) /* no /proc: the source tree, the only path known */
        return put(out, n, PARLEY_CASES_DIR);
    char *build = realpath(PARLEY_BUILD_DIR, NULL);
    const int in_build = build && strcmp(here, build) == 0;
    free(build);
    if (in_build)
        return put(out, n, PARLEY_CASES_DIR);
    return join_path(out, n, here, is_lib ? PARLEY_CASES_FROM_LIB : PARLEY_CASES_FROM_BIN) == 0
               ? PARLEY_OK
               : PARLEY_EINVAL;
}

parley_status parley_case_library_run(parley_case_library *lib, parley_backtest *bt,
                                      const parley_case_request *req, const parley_params *params,
                                      size_t n_models, const parley_backtest_options *opts,
                                      parley_error *err) {
    if (bt)
        memset(bt, 0, sizeof *bt);
    parley_status st = parley_case_library_collect(lib, req, NULL, err);
    if (st != PARLEY_OK)
        return st;
    parley_backtest_options bo;
    if (opts)
        bo = *opts;
    else
        parley_backtest_options_init(&bo);
    if (!bo.extra && n_models > 1) { /* a combination of one model is that model */
        bo.extra = parley_backtest_extra_combined;
        bo.extra_name = "combined";
    }
    return parley_case_library_backtest(lib, bt, params, n_models, &bo, err);
}

/* parley_i_case_score_run's hook: keeps a failed case read from the
 * caller's hook and its first error in `first`. */
typedef struct score_watch {
    const parley_case_request *to;
    parley_error first;
} score_watch;

static void watch_reads(void *data, parley_case_event ev, const char *file, parley_status st,
                        const parley_diags *diags) {
    score_watch *w = data;
    if (ev != PARLEY_CASE_READ || st == PARLEY_OK) {
        if (w->to->on_diags)
            w->to->on_diags(w->to->diags_data, ev, file, st, diags);
        return;
    }
    if (w->first.status != PARLEY_OK)
        return;
    parley_buf b;
    parley_buf_init(&b);
    size_t k = 0;
    while (k < diags->count && diags->items[k].severity != PARLEY_SEV_ERROR)
        ++k;
    if (k < diags->count)
        parley_error_describe(&diags->items[k].error, file, &b);
    else
        parley_buf_printf(&b, "%s%s%s", file ? file : "", file ? ": " : "", parley_strstatus(st));
    parley_error_set(&w->first, st, NULL, 0, 0, "%s",
                     b.data && !b.failed ? b.data : "out of memory");
    parley_buf_destroy(&b);
}

parley_status parley_i_case_score_run(parley_case_library *lib, parley_backtest *bt,
                                      const parley_case_request *req, const parley_params *params,
                                      size_t n_models, uint64_t seed, parley_error *err) {
    score_watch w = {req, {0}};
    parley_error_clear(&w.first);
    parley_case_request r = *req;
    r.on_diags = watch_reads;
    r.diags_data = &w;
    parley_backtest_options bo;
    parley_backtest_options_init(&bo);
    bo.seed = seed;
    bo.sq_replicates = PARLEY_SQ_REPLICATES;
    parley_error_clear(err);
    parley_status st = parley_case_library_run(lib, bt, &r, params, n_models, &bo, err);
    if (st != PARLEY_OK && err->status == PARLEY_OK && w.first.status != PARLEY_OK)
        *err = w.first; /* a case that cannot be read: its first error */
    else if (st != PARLEY_OK && err->status == PARLEY_OK) /* said by nobody */
        parley_error_set(err, st, NULL, 0, 0, "%s", parley_strstatus(st));
    return st;
}

parley_status parley_combined_score_library(parley_combined *comb, const parley_case_request *req,
                                            const parley_params *params, size_t n_models,
                                            uint64_t seed, parley_error *err) {
    struct stat sb;
    if (!comb || !req || !req->dir || n_models < 2 || stat(req->dir, &sb) != 0 ||
        !S_ISDIR(sb.st_mode))
        return PARLEY_OK; /* no library here: the verdict says "not yet scored" */
    parley_case_request dir = *req;
    dir.files = NULL;
    dir.n_files = 0;
    parley_case_library lib;
    parley_case_library_init(&lib);
    parley_backtest bt;
    parley_error why;
    parley_status st = parley_i_case_score_run(&lib, &bt, &dir, params, n_models, seed, &why);
    if (st == PARLEY_OK) {
        parley_combined_score_set(comb, &bt, params, n_models);
    } else {
        comb->score.scored = 0;
        snprintf(comb->score.unscored, sizeof comb->score.unscored, "%s", why.message);
        if (err)
            *err = why;
    }
    parley_backtest_destroy(&bt);
    parley_case_library_destroy(&lib);
    return st;
}

parley_status parley_case_source_init(parley_case_source *src, const char *library,
                                      const char *named_by, const char *const *files,
                                      size_t n_files, const parley_read_options *ro,
                                      parley_error *err) {
    if (!src)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "no case source");
    if (!files && n_files)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "NULL array of %zu case files",
                                n_files);
    for (size_t k = 0; k < n_files; ++k)
        if (!files[k])
            return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "case file %zu is NULL", k);
    int shipped = 0;
    const char *name = library ? (named_by ? named_by : "library") : "$PARLEY_CASES";
    parley_status st = parley_case_library_dir(library, src->dir, sizeof src->dir, &shipped);
    if (st != PARLEY_OK)
        src->dir[0] = '\0';
    src->req = (parley_case_request){.files = files,
                                     .n_files = n_files,
                                     .dir = src->dir,
                                     .shipped = shipped && n_files == 0,
                                     .ro = ro,
                                     .dir_named_by = name};
    if (st != PARLEY_OK)
        return parley_error_set(err, st, NULL, 0, 0, "%s: the case library's path is too long",
                                name);
    return PARLEY_OK;
}

parley_status parley_case_library_outputs_check(const char *library, const char *const *outs,
                                                size_t n, int last_is_dir, parley_error *err) {
    if (!outs && n)
        return parley_error_set(err, PARLEY_EINVAL, NULL, 0, 0, "NULL array of %zu output files",
                                n);
    char dir[PARLEY_CASE_DIR_MAX];
    if (parley_case_library_dir(library, dir, sizeof dir, NULL) != PARLEY_OK)
        return PARLEY_OK; /* no library to read, so none to overwrite; its reader says why */
    parley_case_library lib;
    parley_case_library_init(&lib);
    parley_status st = PARLEY_OK;
    if (parley_case_library_add_dir(&lib, dir, NULL) == PARLEY_OK && lib.n)
        st = parley_outputs_check((const char *const *)lib.files, lib.n, outs, n, last_is_dir, err);
    parley_case_library_destroy(&lib);
    return st;
}

void parley_i_case_failed(const parley_case_request *req, parley_status st,
                          const parley_error *err) {
    if (!req || !req->on_diags || !err || err->status == PARLEY_OK)
        return;
    parley_diags d;
    parley_diags_init(&d);
    parley_diags_add(&d, PARLEY_SEV_ERROR, st, NULL, 0, 0, NULL, "%s", err->message);
    req->on_diags(req->diags_data, PARLEY_CASE_FAILED, NULL, st, &d);
    parley_diags_destroy(&d);
}
