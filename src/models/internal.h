/* Internal declarations shared by the model sources (prefix parley_i_). */
#ifndef PARLEY_MODELS_INTERNAL_H
#define PARLEY_MODELS_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include <parley/model.h>

/* Internal cross-file functions of the models (the parley_i_ declarations
 * in src/models/NAME_i.h) are hidden from a shared library's symbol table:
 * only parley_ names are API. */
#if defined(__GNUC__)
#define PARLEY_I_HIDDEN __attribute__((visibility("hidden")))
#else
#define PARLEY_I_HIDDEN
#endif

/* Weighted mean and median of positions x with weights c*s into out->mean,
 * out->median and the tie fields; w_scratch holds n doubles. */
parley_status parley_i_summarise(size_t n, const double *x, const double *c, const double *s,
                                 parley_median_rule rule, parley_outcome *out, double *w_scratch,
                                 parley_error *err);
/* The names of the median tie rules (a PARLEY_PARAM_CHOICE list). */
PARLEY_I_HIDDEN extern const parley_param_choice parley_i_median_rules[];
const char *parley_i_median_rule_name(parley_median_rule rule);

/* Saturating size arithmetic for the memory estimates: SIZE_MAX stands for
 * "does not fit" and stays SIZE_MAX. */
static inline size_t parley_i_mem_add(size_t a, size_t b) {
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}
static inline size_t parley_i_mem_mul(size_t a, size_t b) {
    return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

/* Largest round or step limit a model accepts. */
#define PARLEY_I_MAX_ROUNDS PARLEY_MAX_ROUNDS

/* Strict parameter values (src/models/params.c); each returns PARLEY_OK or
 * PARLEY_EINVAL with a message naming key, the expected range and value. */
parley_status parley_i_param_real(const char *key, const char *value, double lo, double hi,
                                  double *out, parley_error *err);
parley_status parley_i_param_whole(const char *key, const char *value, unsigned long long lo,
                                   unsigned long long hi, unsigned long long *out,
                                   parley_error *err);
parley_status parley_i_param_flag(const char *key, const char *value, int *out, parley_error *err);

/* The canonical key of model t's parameter key (an alias or, for a loose
 * entry, another spelling of it), or key itself when the table lists none. */
PARLEY_I_HIDDEN const char *parley_i_param_key(const parley_model_type *t, const char *key);

/* parley_params_set, parley_params_check and the table's part of
 * parley_params_describe on the struct params of type t (the public
 * per-model functions use them on their typed structs). */
PARLEY_I_HIDDEN parley_status parley_i_params_set(const parley_model_type *t, void *params,
                                                  const char *key, const char *value,
                                                  parley_error *err);
PARLEY_I_HIDDEN parley_status parley_i_params_check(const parley_model_type *t, const void *params,
                                                    parley_error *err);
PARLEY_I_HIDDEN parley_status parley_i_params_describe(const parley_model_type *t,
                                                       const void *params, parley_buf *out);

/* Rows of a model's parameter table (params.h), one per parameter: T is the
 * model's typed params struct, FIELD the member; the trailing designators
 * give .doc and, where needed, .flags, .label, .key_aliases, .aliases.
 * Counts (rounds, steps) run from 1 to PARLEY_MAX_ROUNDS. */
#define PARLEY_I_REAL(KEY, T, FIELD, LO, HI, ...)                                                  \
    {                                                                                              \
        .key = KEY, .kind = PARLEY_PARAM_REAL, .offset = offsetof(T, FIELD), .lo = LO, .hi = HI,   \
        __VA_ARGS__                                                                                \
    }
#define PARLEY_I_WHOLE(KEY, T, FIELD, HI, ...)                                                     \
    {                                                                                              \
        .key = KEY, .kind = PARLEY_PARAM_WHOLE, .offset = offsetof(T, FIELD), .ilo = 0, .ihi = HI, \
        __VA_ARGS__                                                                                \
    }
#define PARLEY_I_COUNT(KEY, T, FIELD, ...)                                                         \
    {                                                                                              \
        .key = KEY, .kind = PARLEY_PARAM_COUNT, .offset = offsetof(T, FIELD), .ilo = 1,            \
        .ihi = PARLEY_MAX_ROUNDS, __VA_ARGS__                                                      \
    }
#define PARLEY_I_FLAG(KEY, T, FIELD, ...)                                                          \
    { .key = KEY, .kind = PARLEY_PARAM_FLAG, .offset = offsetof(T, FIELD), __VA_ARGS__ }
#define PARLEY_I_CHOICE(KEY, T, FIELD, NAMES, ...)                                                 \
    {                                                                                              \
        .key = KEY, .kind = PARLEY_PARAM_CHOICE, .offset = offsetof(T, FIELD), .choices = NAMES,   \
        __VA_ARGS__                                                                                \
    }
#define PARLEY_I_CUSTOM(KEY, PARSE, CHECK, ...)                                                    \
    { .key = KEY, .kind = PARLEY_PARAM_CUSTOM, .parse = PARSE, .check = CHECK, __VA_ARGS__ }

/* A static check that an enum stored by a PARLEY_PARAM_CHOICE entry has
 * the size of int. */
#define PARLEY_I_CHOICE_ENUM(T) _Static_assert(sizeof(T) == sizeof(int), #T " is not int-sized")
#endif
