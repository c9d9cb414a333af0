"""parley: forecasting multilateral negotiations, from Python.

A thin ctypes binding of the parley C library (libparley.so): every
number comes from the same code as the `parley` command line, so
parley.forecast(...).to_json() is byte for byte what `parley forecast
--format json` prints.

    import parley
    f = parley.forecast("tests/data/bdm/ec_auto_emissions_1994.csv",
                        models=["mean", "eu"])
    print(f[0]["eu"].forecast)

The library is found through $PARLEY_LIBRARY (full path), else the path
recorded when the package was installed by `cmake --install`, else the
system's library path (libparley.so.0).  The GIL is released while the C
library runs.  See docs/python.md.
"""

from ._analysis import (BestPosition, Ensemble, EnsembleStats, Leverage,
                        LeverageRow, WhatIf, ensemble, leverage, whatif)
from ._backtest import Backtest, BacktestIssue, backtest
from ._core import (VERSION, Diagnostic, ParleyError, Scenario,
                    library_version, load)
from ._forecast import (CombinedResult, Forecast, IssueForecast,
                        ModelResult, Move, Round, forecast)
from ._lib import LibraryNotFound
from ._models import (ModelParams, Parameter, model_names,
                      model_parameters)
from ._store import Store, StoredRun

__version__ = VERSION

for _cls in (Backtest, BacktestIssue, BestPosition, CombinedResult,
             Diagnostic, Ensemble, EnsembleStats, Forecast, IssueForecast,
             Leverage, LeverageRow, LibraryNotFound, ModelParams,
             ModelResult, Move, Parameter, ParleyError, Round, Scenario,
             Store, StoredRun, WhatIf):
    _cls.__module__ = "parley"
del _cls

__all__ = [
    "Backtest", "BacktestIssue", "BestPosition", "CombinedResult",
    "Diagnostic", "Ensemble", "EnsembleStats", "Forecast", "IssueForecast",
    "Leverage", "LeverageRow", "LibraryNotFound", "ModelParams",
    "ModelResult", "Move", "Parameter", "ParleyError", "Round", "Scenario",
    "Store", "StoredRun", "VERSION",
    "WhatIf", "backtest",
    "ensemble", "forecast", "leverage", "library_version", "load",
    "model_names", "model_parameters", "whatif",
]
