/* parley: forecasting multilateral negotiations.  Umbrella header.
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_H
#define PARLEY_H

#include <parley/version.h>
#include "status.h"
#include "buf.h"
#include "number.h"
#include "rng.h"
#include "scenario.h"
#include "io.h"
#include "model.h"
#include "eu.h"
#include "nbs.h"
#include "exchange.h"
#include "spatial.h"
#include "forecast.h"
#include "report.h"
#include "report_analysis.h"
#include "fan.h"
#include "chart.h"
#include "ensemble.h"
#include "ensemble_request.h"
#include "leverage.h"
#include "combine.h"
#include "backtest.h"
#include "cases.h"
#include "store.h"
#include "experts.h"
#include "template.h"
#include "xlsx.h"

/** Returns the embedded default scenario (the Six-Party Talks after the
 * April 2019 Vladivostok summit) as native JSON text, NUL-terminated, and its
 * length in *size (may be NULL).  Static storage; never NULL. */
const char *parley_default_scenario_json(size_t *size);

/** The name that stands for the embedded default scenario's file in
 * diagnostics and reports: "(default: six_party_2019.json)".  Static
 * storage; never NULL. */
const char *parley_default_scenario_file(void);

/** Reads the embedded default scenario into s as parley_scenario_parse
 * reads native JSON, with opts (NULL: the defaults; opts->outcomes is
 * loaded too) and parley_default_scenario_file() as the file of every
 * diagnostic: what a command without a scenario file runs on.  Errors as
 * parley_scenario_parse (the embedded text itself always reads; the
 * outcomes file may not). */
parley_status parley_scenario_load_default(parley_scenario *s, const parley_read_options *opts,
                                           parley_diags *diags);

#endif
