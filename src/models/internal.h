/* Internal declarations shared by the model sources (prefix parley_i_). */
#ifndef PARLEY_MODELS_INTERNAL_H
#define PARLEY_MODELS_INTERNAL_H
#include <parley/model.h>

/* Weighted mean and median of positions x with weights c*s into out->mean,
 * out->median and the tie fields; w_scratch holds n doubles. */
parley_status parley_i_summarise(size_t n, const double *x, const double *c, const double *s,
                                 parley_median_rule rule, parley_outcome *out, double *w_scratch,
                                 parley_error *err);
parley_status parley_i_parse_median_rule(const char *value, parley_median_rule *rule,
                                         parley_error *err);
const char *parley_i_median_rule_name(parley_median_rule rule);
#endif
