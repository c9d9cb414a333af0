/* parley: the library's version (include/parley/version.h).
 * SPDX-License-Identifier: MIT
 */
#include "parley/version.h"

const char *parley_version(void) {
    return PARLEY_VERSION_STRING;
}
