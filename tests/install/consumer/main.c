/* Links parley::parley from find_package(parley): prints the versions of
 * the headers and of the library, and the size of the embedded default
 * scenario once read. */
#include <parley/parley.h>
#include <stdio.h>

int main(void) {
    size_t size = 0;
    const char *json = parley_default_scenario_json(&size);
    parley_scenario s;
    if (parley_scenario_parse(&s, PARLEY_FORMAT_JSON, json, size, "default", NULL, NULL) !=
        PARLEY_OK)
        return 1;
    printf("headers %s, library %s; default scenario: %zu actors, %zu issues\n",
           PARLEY_VERSION_STRING, parley_version(), s.n_actors, s.n_issues);
    parley_scenario_destroy(&s);
    return 0;
}
