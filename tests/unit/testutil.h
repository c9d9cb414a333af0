/* Helpers shared by the unit tests. */
#ifndef PARLEY_TESTUTIL_H
#define PARLEY_TESTUTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <parley/parley.h>

/* Asserts |a - b| <= tol * max(1, |b|) with a readable message. */
#define assert_close(a, b, tol) assert_close_impl((a), (b), (tol), #a, __FILE__, __LINE__)
void assert_close_impl(double a, double b, double tol, const char *expr, const char *file,
                       int line);

/* Path of a file under tests/data (static buffer per call site is not
 * thread-safe; tests are single-threaded). */
const char *test_data(const char *relative);

/* Loads a scenario from tests/data or fails the test. */
void load_scenario(parley_scenario *s, const char *relative);

/* Parses the embedded default scenario (file name "default") or fails the test. */
void load_default(parley_scenario *s);

/* The compromise model's forecast on issue i of s, by hand: sum c s x / sum c s
 * over the actors present (an independent check of the mean model). */
double weighted_mean(const parley_scenario *s, size_t issue);
#endif
