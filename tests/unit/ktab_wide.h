/* A small reader of KTAB's wide CSV for the spatial model's tests and
 * benchmark only (format: docs/scenario-format.md and the KTAB section of
 * tests/data/README.md): line 1 scenario name, description, number of
 * actors n, number of dimensions K; line 2 a header with a position and a
 * salience label per dimension; then n lines of name, description,
 * capability and K (position, salience) pairs on 0-100.  A field opening
 * with '"' runs to the closing quote.  The library's own reader (src/io)
 * does the validation with file:line:column diagnostics; this one only
 * checks the shape, so that the model's tests do not depend on it. */
#ifndef PARLEY_TEST_KTAB_WIDE_H
#define PARLEY_TEST_KTAB_WIDE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t n, k;
    char **name; /* n actor names */
    char **dim;  /* k position labels, verbatim (KTAB's dimension names) */
    double *cap; /* n capabilities */
    double *pos; /* n x k positions, 0-100 */
    double *sal; /* n x k saliences, divided by 100 */
} ktab_csv;

static size_t ktab_split(char *line, char **field, size_t max) {
    size_t nf = 0;
    char *p = line;
    while (nf < max) {
        if (*p == '"') {
            char *q = strchr(p + 1, '"');
            if (!q)
                return 0;
            *q = '\0';
            field[nf++] = p + 1;
            p = strchr(q + 1, ',');
            if (!p)
                break;
            ++p;
            continue;
        }
        field[nf++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = '\0';
        p = c + 1;
    }
    return nf;
}

static void ktab_free(ktab_csv *c) {
    for (size_t a = 0; c->name && a < c->n; ++a)
        free(c->name[a]);
    for (size_t d = 0; c->dim && d < c->k; ++d)
        free(c->dim[d]);
    free(c->name);
    free(c->dim);
    free(c->cap);
    free(c->pos);
    free(c->sal);
    memset(c, 0, sizeof *c);
}

/* Reads path into c; returns 0, or -1 (c released) if the file cannot be
 * read or does not have the shape above. */
static int ktab_read(ktab_csv *c, const char *path) {
    FILE *fp = fopen(path, "r");
    memset(c, 0, sizeof *c);
    if (!fp)
        return -1;
    static char line[65536];
    char *f[1024];
    size_t row = 0;
    int ok = 1;
    while (ok && fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[strspn(line, " ")] == '\0')
            continue;
        size_t nf = ktab_split(line, f, 1024);
        if (row == 0) {
            ok = nf >= 4;
            if (ok) {
                c->n = (size_t)strtoul(f[2], NULL, 10);
                c->k = (size_t)strtoul(f[3], NULL, 10);
                ok = c->n >= 1 && c->k >= 1 && c->n <= 100000 && c->k <= 500;
            }
            if (ok) {
                c->name = calloc(c->n, sizeof *c->name);
                c->dim = calloc(c->k, sizeof *c->dim);
                c->cap = calloc(c->n, sizeof *c->cap);
                c->pos = calloc(c->n * c->k, sizeof *c->pos);
                c->sal = calloc(c->n * c->k, sizeof *c->sal);
                ok = c->name && c->dim && c->cap && c->pos && c->sal;
            }
        } else if (row == 1) {
            ok = nf >= 3 + 2 * c->k;
            for (size_t d = 0; ok && d < c->k; ++d)
                ok = (c->dim[d] = strdup(f[3 + 2 * d])) != NULL;
        } else if (row - 2 < c->n) {
            size_t a = row - 2;
            ok = nf >= 3 + 2 * c->k && (c->name[a] = strdup(f[0])) != NULL;
            if (ok) {
                c->cap[a] = strtod(f[2], NULL);
                for (size_t d = 0; d < c->k; ++d) {
                    c->pos[a * c->k + d] = strtod(f[3 + 2 * d], NULL);
                    c->sal[a * c->k + d] = strtod(f[4 + 2 * d], NULL) / 100.0;
                }
            }
        }
        ++row;
    }
    fclose(fp);
    if (!ok || row < c->n + 2) {
        ktab_free(c);
        return -1;
    }
    return 0;
}
#endif
