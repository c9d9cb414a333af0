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
    char head[64]; /* the message's start, where a field's name would be */
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    /* "FIELD: ..." where FIELD is one of cmd's options: "--FIELD: ..." */
    const size_t field = strcspn(head, ": ");
    const int dashes =
        head[field] == ':' && head[field + 1] == ' ' && cli_option_named(cmd, head, field);
    fprintf(stderr, "parley: %s%s%s", cmd ? cmd : "", cmd ? ": " : "", dashes ? "--" : "");
    vfprintf(stderr, fmt, again);
    va_end(again);
    fprintf(stderr, "\nTry 'parley %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return CLI_EXIT_USAGE;
}

void cli_print_error(const parley_error *err, const char *fallback_file) {
    parley_buf b;
    parley_buf_init(&b);
    if (parley_error_describe(err, fallback_file, &b) == PARLEY_OK)
        fprintf(stderr, "parley: %s\n", b.data);
    else
        cli_oom();
    parley_buf_destroy(&b);
}

void cli_print_diags(const parley_diags *d, const char *fallback_file) {
    parley_buf b;
    parley_buf_init(&b);
    if (parley_diags_describe(d, fallback_file, "parley: ", &b) == PARLEY_OK)
        fwrite(b.data ? b.data : "", 1, b.len, stderr);
    else
        cli_oom();
    parley_buf_destroy(&b);
}

int cli_check_omp_env(const char *cmd) {
    parley_error err;
    parley_error_clear(&err);
    if (parley_threads_env_check(getenv("OMP_NUM_THREADS"), &err) != PARLEY_OK)
        return cli_usage_error(cmd, "%s", err.message);
    return 0;
}

/* ---- a temporary file removed on SIGINT, SIGTERM or SIGHUP ----
 * Process-wide state (as is the table cli_parse was given, opts.c): a
 * signal handler can only reach a static.  The path is copied in before
 * the flag is set, so the handler never sees a half-written name. */
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
    parley_buf b;
    parley_buf_init(&b);
    if (parley_report_progress(done, total, seconds_since(&pr->start), &b) == PARLEY_OK)
        fprintf(stderr, "\r%s ", b.data);
    parley_buf_destroy(&b);
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
