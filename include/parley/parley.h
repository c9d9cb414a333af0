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

#endif
