/* parley: printing the help texts (generated from the man/ sources) with the
 * model registry's names filled in, and the hidden --completion-data
 * option that gives the bash completion its words.
 *
 * SPDX-License-Identifier: MIT
 */
#include "help.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

const cli_help_page *cli_help_page_of(const char *name) {
    for (const cli_help_page *p = cli_help_pages; p->name; ++p)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

/* A count in words, as the help texts say it ("of all six"). */
static void count_words(FILE *to, size_t n) {
    static const char *const words[] = {"zero",  "one",   "two",  "three", "four",   "five",  "six",
                                        "seven", "eight", "nine", "ten",   "eleven", "twelve"};
    if (n < sizeof words / sizeof *words)
        fputs(words[n], to);
    else
        fprintf(to, "%zu", n);
}

/* Writes the value of the variable NAME (n bytes); 0 if it is one. */
static int put_var(FILE *to, const char *name, size_t n) {
    const parley_model_type *const *types = parley_model_types();
    if (n == 6 && strncmp(name, "MODELS", n) == 0) {
        for (size_t k = 0; types[k]; ++k)
            fprintf(to, "%s%s", k ? ", " : "", types[k]->name);
    } else if (n == 7 && strncmp(name, "NMODELS", n) == 0) {
        size_t k = 0;
        while (types[k])
            ++k;
        count_words(to, k);
    } else if (n == 7 && strncmp(name, "PRESETS", n) == 0) {
        const char *sep = "";
        for (size_t k = 0; types[k]; ++k) {
            if (!types[k]->presets)
                continue;
            fprintf(to, "%s%s: ", sep, types[k]->name);
            for (size_t j = 0; types[k]->presets[j]; ++j)
                fprintf(to, "%s%s", j ? ", " : "", types[k]->presets[j]);
            sep = "; ";
        }
    } else {
        return -1;
    }
    return 0;
}

/* Writes text with every @NAME@ of a known variable replaced. */
static void put_filled(FILE *to, const char *text) {
    const char *s = text;
    for (;;) {
        const char *at = strchr(s, '@');
        if (!at) {
            fputs(s, to);
            return;
        }
        fwrite(s, 1, (size_t)(at - s), to);
        const char *end = strchr(at + 1, '@');
        if (end && put_var(to, at + 1, (size_t)(end - at - 1)) == 0) {
            s = end + 1;
        } else {
            fputc('@', to);
            s = at + 1;
        }
    }
}

int cli_help(const char *name, FILE *to) {
    const cli_help_page *page = cli_help_page_of(name);
    if (!page) {
        cli_error("no help text for '%s'", name);
        return CLI_EXIT_INTERNAL;
    }
    put_filled(to, page->text);
    return CLI_EXIT_OK;
}

int cli_completion_data(int argc, char **argv) {
    const char *what = argc > 0 ? argv[0] : "";
    const parley_model_type *const *types = parley_model_types();
    if (strcmp(what, "commands") == 0 && argc == 1) {
        for (const cli_help_page *p = cli_help_pages; p->name; ++p)
            if (strcmp(p->name, "parley") != 0)
                printf("%s\n", p->name);
        puts("help");
    } else if ((strcmp(what, "options") == 0 && argc <= 2) ||
               (strcmp(what, "actions") == 0 && argc == 2)) {
        const cli_help_page *page = cli_help_page_of(argc == 2 ? argv[1] : "parley");
        if (!page)
            return cli_usage_error(NULL, "--completion-data %s: unknown command '%s'", what,
                                   argv[1]);
        fputs(what[0] == 'o' ? page->options : page->actions, stdout);
    } else if (strcmp(what, "models") == 0 && argc == 1) {
        for (size_t k = 0; types[k]; ++k)
            printf("%s\n", types[k]->name);
    } else if (strcmp(what, "presets") == 0 && argc <= 2) { /* [MODEL]: that model's */
        if (argc == 2 && !parley_model_find(argv[1]))
            return cli_usage_error(NULL, "--completion-data presets: unknown model '%s'", argv[1]);
        for (size_t k = 0; types[k]; ++k)
            for (size_t j = 0; types[k]->presets && types[k]->presets[j]; ++j)
                if (argc == 1 || strcmp(types[k]->name, argv[1]) == 0)
                    printf("%s\n", types[k]->presets[j]);
    } else if (strcmp(what, "params") == 0 && argc == 1) {
        for (size_t k = 0; types[k]; ++k)
            for (const parley_param_def *d = types[k]->param_defs; d && d->key; ++d)
                if (!(d->flags & PARLEY_PARAM_RUN))
                    printf("%s.%s\n", types[k]->name, d->key);
    } else if (strcmp(what, "vars") == 0 && argc == 1) {
        static const char *const vars[] = {"MODELS", "NMODELS", "PRESETS"};
        for (size_t k = 0; k < sizeof vars / sizeof *vars; ++k) {
            printf("%s=", vars[k]);
            put_var(stdout, vars[k], strlen(vars[k]));
            putchar('\n');
        }
    } else {
        return cli_usage_error(NULL, "--completion-data wants commands, options [COMMAND], "
                                     "actions COMMAND, models, presets [MODEL], params or vars");
    }
    return CLI_EXIT_OK;
}
