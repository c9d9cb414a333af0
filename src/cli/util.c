/* parley CLI: messages, exit codes and strict number parsing.
 *
 * SPDX-License-Identifier: MIT
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_exit_code(parley_status st) {
    switch (st) {
    case PARLEY_OK:
        return CLI_EXIT_OK;
    case PARLEY_EPARSE:
    case PARLEY_EDATA:
    case PARLEY_EDOMAIN:
        return CLI_EXIT_DATA;
    case PARLEY_EINVAL:
    case PARLEY_EUNSUPPORTED:
        return CLI_EXIT_USAGE;
    case PARLEY_EIO:
        return CLI_EXIT_IO;
    case PARLEY_ENOMEM:
    default:
        return CLI_EXIT_INTERNAL;
    }
}

void cli_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("parley: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_oom(void) {
    cli_error("out of memory");
    return CLI_EXIT_INTERNAL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "parley: %s%s", cmd ? cmd : "", cmd ? ": " : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'parley %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return CLI_EXIT_USAGE;
}

/* Writes "FILE:LINE:COL" or "FILE:$.path" (whatever is known) to stderr. */
static void print_location(const parley_error *err, const char *fallback_file) {
    const char *file = err->file[0] ? err->file : fallback_file;
    int any = 0;
    if (file && *file) {
        fputs(file, stderr);
        any = 1;
    }
    if (err->line > 0) {
        fprintf(stderr, "%s%zu", any ? ":" : "", err->line);
        if (err->column > 0)
            fprintf(stderr, ":%zu", err->column);
        any = 1;
    } else if (err->path[0]) {
        fprintf(stderr, "%s%s", any ? ":" : "", err->path);
        any = 1;
    }
    if (any)
        fputs(": ", stderr);
}

void cli_print_error(const parley_error *err, const char *fallback_file) {
    fputs("parley: ", stderr);
    print_location(err, fallback_file);
    fprintf(stderr, "%s\n", err->message[0] ? err->message : parley_strstatus(err->status));
}

void cli_print_diags(const parley_diags *d, const char *fallback_file) {
    static const char *const severity[] = {"error", "warning", "note"};
    for (size_t k = 0; k < d->count; ++k) {
        const parley_diag *dg = &d->items[k];
        fputs("parley: ", stderr);
        print_location(&dg->error, fallback_file);
        unsigned sev = (unsigned)dg->severity;
        fprintf(stderr, "%s: %s\n", sev < 3 ? severity[sev] : "error",
                dg->error.message[0] ? dg->error.message : parley_strstatus(dg->error.status));
    }
    if (d->dropped > 0) {
        fputs("parley: ", stderr);
        if (fallback_file)
            fprintf(stderr, "%s: ", fallback_file);
        fprintf(stderr, "note: %zu more diagnostics not shown\n", d->dropped);
    }
}

int cli_check_omp_env(const char *cmd) {
    parley_error err;
    parley_error_clear(&err);
    if (parley_threads_env_check(getenv("OMP_NUM_THREADS"), &err) != PARLEY_OK)
        return cli_usage_error(cmd, "%s", err.message);
    return 0;
}

/* ---- a temporary file removed on SIGINT, SIGTERM or SIGHUP ----
 * The one piece of process-wide state in the CLI: a signal handler can
 * only reach a static.  The path is copied in before the flag is set, so
 * the handler never sees a half-written name. */
static char temp_path[4096];
static volatile sig_atomic_t temp_armed;

static void on_fatal_signal(int sig) {
    if (temp_armed)
        unlink(temp_path); /* async-signal-safe */
    /* back to the default action and deliver the signal again: the exit
     * status still says "killed by SIG" (it stays pending until we return) */
    signal(sig, SIG_DFL);
    raise(sig);
}

int cli_temp_register(const char *path) {
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    if (strlen(path) >= sizeof temp_path)
        return -1;
    temp_armed = 0;
    memcpy(temp_path, path, strlen(path) + 1);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; ++k)
        sigaddset(&sa.sa_mask, sigs[k]);
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; ++k) {
        struct sigaction old;
        /* leave a signal alone that the caller's shell told us to ignore */
        if (sigaction(sigs[k], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[k], &sa, NULL);
    }
    temp_armed = 1;
    return 0;
}

void cli_temp_unregister(void) {
    temp_armed = 0;
}
static double seconds_since(const struct timespec *t) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + 1e-9 * (double)(now.tv_nsec - t->tv_nsec);
}

int cli_progress_draw(void *data, size_t done, size_t total) {
    cli_progress *pr = data;
    if (done < total && seconds_since(&pr->last) < 0.1)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &pr->last);
    const double el = seconds_since(&pr->start), rate = el > 0 ? (double)done / el : 0.0;
    const double left = rate > 0 ? (double)(total - done) / rate : 0.0;
    char bar[31];
    size_t fill = total ? (size_t)(30.0 * (double)done / (double)total) : 30;
    for (size_t k = 0; k < 30; ++k)
        bar[k] = k < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu  %.0f/s  %.0fs left ", bar, done, total, rate, left);
    pr->active = 1;
    return 0;
}

void cli_progress_start(cli_progress *pr) {
    clock_gettime(CLOCK_MONOTONIC, &pr->start);
    pr->last = pr->start;
    pr->last.tv_sec -= 1;
    pr->active = 0;
}

void cli_progress_end(const cli_progress *pr) {
    if (pr->active)
        fputs("\r\033[K", stderr);
}

int cli_fail(const char *cmd, parley_status st, const parley_error *err,
             const char *fallback_file) {
    if ((st == PARLEY_EINVAL || st == PARLEY_EUNSUPPORTED) && !err->file[0] && err->message[0])
        return cli_usage_error(cmd, "%s", err->message);
    cli_print_error(err, fallback_file);
    return cli_exit_code(st);
}
