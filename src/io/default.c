/* parley: the embedded default scenario read like a file (parley.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "parley/parley.h"

const char *parley_default_scenario_file(void) {
    return "(default: six_party_2019.json)";
}

parley_status parley_scenario_load_default(parley_scenario *s, const parley_read_options *opts,
                                           parley_diags *diags) {
    size_t size = 0;
    const char *json = parley_default_scenario_json(&size);
    return parley_scenario_parse(s, PARLEY_FORMAT_JSON, json, size, parley_default_scenario_file(),
                                 opts, diags);
}
