"""parley.Store: the run store (an SQLite file written by `parley forecast
--store FILE`, docs/store.md) from Python -- its runs as objects and as a
pandas DataFrame, their outputs, scenarios, per-issue results and
differences, and storing a forecast made in Python."""

import ctypes
import numbers
import os
import threading
import time
import urllib.parse
import warnings

from . import _lib
from ._core import EINVAL, OK, ParleyError, Scenario, _Owned
from ._core import _bytes as _b
from ._core import _diagnostics, _error, _flag, _text

_MAX_ID = 2 ** 63 - 1


def c_ll(run_id):
    """A run number as a C long long: a whole number from 1 to 2^63-1
    (ParleyError otherwise; never wrapped around to another run)."""
    if isinstance(run_id, bool) or not isinstance(run_id, numbers.Integral):
        raise TypeError("a run number is an int, not %s" % type(run_id).__name__)
    run_id = int(run_id)
    if not 1 <= run_id <= _MAX_ID:
        raise _error(EINVAL, "run numbers are whole numbers from 1 to 2^63-1, "
                     "not %d" % run_id)
    return ctypes.c_longlong(run_id)


class StoredRun:
    """One stored run: id (1, 2, ... in the order stored), stored (UTC,
    "YYYY-MM-DDTHH:MM:SSZ"), version, command, command_line, scenario
    (name), scenario_file ("" for the embedded default), as_of, models
    (list of names), status ("ok"), seed, wall_seconds."""

    __slots__ = ("id", "stored", "version", "command", "command_line",
                 "scenario", "scenario_file", "as_of", "models", "status",
                 "seed", "wall_seconds")

    def __repr__(self):
        return "StoredRun(id=%d, command=%r, scenario=%r, models=%r)" % (
            self.id, self.command, self.scenario, self.models)


def _entry(e):
    r = StoredRun()
    r.id = e.id
    r.stored = _text(e.stored)
    r.version = _text(e.version)
    r.command = _text(e.command)
    r.command_line = _text(e.command_line)
    r.scenario = _text(e.scenario)
    r.scenario_file = _text(e.scenario_file)
    r.as_of = _text(e.as_of) or None
    r.models = [m for m in _text(e.models).split(",") if m]
    r.status = _text(e.status)
    r.seed = e.seed
    r.wall_seconds = e.wall_seconds
    return r


class Store(_Owned):
    """A run store: Store(path) opens an existing one (create=True makes a
    new file).  Raises ParleyError (with the file) for a missing file, a
    file that is not a parley store, a symbolic link, a newer schema.

        with parley.Store("runs.db") as st:
            for run in st.runs(model="eu"):
                print(run.id, run.stored, run.scenario)
            print(st.diff(1, 2))
            df = st.to_pandas()

    Several processes may use one file at once (WAL mode)."""

    def __init__(self, path, create=False):
        self._lock = threading.Lock()
        self._h = ctypes.c_void_p()
        if not isinstance(path, (str, bytes, os.PathLike)):
            raise TypeError("Store() wants the store's file name (a str, "
                            "bytes or os.PathLike), not %r" % (path,))
        self.path = os.fspath(path)
        err = _lib.Error()
        st = _lib.lib().parley_store_open(ctypes.byref(self._h),
                                          _b(self.path), 1 if _flag("create", create) else 0,
                                          ctypes.byref(err))
        if st != OK:
            self._h = None
            raise ParleyError._from_c(err, st)

    # ---- lifetime ----

    def close(self):
        """Closes the store (safe to call twice)."""
        with self._lock:
            if self._h:
                _lib.lib().parley_store_close(self._h)
            self._h = None

    def _handle(self):
        if not self._h:
            raise ValueError("the store is closed")
        return self._h

    def _call(self, fn, *args):
        err = _lib.Error()
        with self._lock:
            st = fn(self._handle(), *args, ctypes.byref(err))
        if st != OK:
            raise ParleyError._from_c(err, st)

    def _text_of(self, fn, *args):
        lib = _lib.lib()
        b = _lib.Buf()
        lib.parley_buf_init(ctypes.byref(b))
        try:
            self._call(fn, *args, ctypes.byref(b))
            return ctypes.string_at(b.data, b.len).decode(
                "utf-8", "replace")
        finally:
            lib.parley_buf_destroy(ctypes.byref(b))

    # ---- runs ----

    def runs(self, scenario=None, model=None, since=None, until=None):
        """The stored runs, oldest first, as StoredRun objects; scenario
        (part of the name or file), model (a model the run used), since and
        until ("YYYY-MM-DD", UTC) filter them."""
        lib = _lib.lib()
        flt = _lib.StoreFilter(_b(scenario), _b(model), _b(since),
                               _b(until))
        lst = _lib.StoreList()
        self._call(lib.parley_store_list_runs, ctypes.byref(flt),
                   ctypes.byref(lst))
        try:
            return [_entry(lst.entries[k]) for k in range(lst.n)]
        finally:
            lib.parley_store_list_destroy(ctypes.byref(lst))

    def run(self, run_id):
        """The run numbered run_id (ParleyError if there is none)."""
        lib = _lib.lib()
        lst = _lib.StoreList()
        self._call(lib.parley_store_get_run, c_ll(run_id), ctypes.byref(lst))
        try:
            return _entry(lst.entries[0])
        finally:
            lib.parley_store_list_destroy(ctypes.byref(lst))

    def __len__(self):
        return len(self.runs())

    def __iter__(self):
        return iter(self.runs())

    def results(self, run_id):
        """The run's per-issue results: a list of dicts with issue, model,
        status ("ok" or why the model could not apply), forecast (None when
        not ok) and rounds, by issue then model."""
        lib = _lib.lib()
        res = _lib.StoreResults()
        self._call(lib.parley_store_results_get, c_ll(run_id),
                   ctypes.byref(res))
        try:
            out = []
            for k in range(res.n):
                it = res.items[k]
                ok = _text(it.status) == "ok"
                out.append({"issue": _text(it.issue_id),
                            "model": _text(it.model),
                            "status": _text(it.status),
                            "forecast": it.forecast if ok else None,
                            "rounds": it.rounds})
            return out
        finally:
            lib.parley_store_results_destroy(ctypes.byref(res))

    def _typed(self, run_id, sql):
        # the typed summaries are plain tables (docs/store.md): read them
        # with Python's sqlite3, read-only, beside the library's connection
        import sqlite3
        self.run(run_id)  # a run the store does not hold: ParleyError
        uri = "file:" + urllib.parse.quote(os.path.abspath(self.path)) + "?mode=ro"
        con = sqlite3.connect(uri, uri=True, timeout=30)
        try:
            cur = con.execute(sql, (int(run_id),))
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row)) for row in cur]
        finally:
            con.close()

    def ensemble_summaries(self, run_id):
        """The ensemble run's summaries: a list of dicts (issue, model,
        base, n, failed, mean, sd, min, max, q5, q25, q50, q75, q95; issue
        scale), sorted by issue id then model label; empty for another
        command."""
        return self._typed(run_id, "SELECT issue, model, base, n, failed, mean, sd, min, "
                           "max, q5, q25, q50, q75, q95 FROM ensemble_summaries "
                           "WHERE run_id = ? ORDER BY issue, model")

    def leverage(self, run_id):
        """The leverage run's ranking: a list of dicts (rank, actor, issue,
        input, model, effect, derivative), by rank; empty for another
        command."""
        return self._typed(run_id, "SELECT rank, actor, issue, input, model, effect, "
                           "derivative FROM leverage WHERE run_id = ? ORDER BY rank")

    def backtest_metrics(self, run_id):
        """The backtest run's metrics: a list of dicts (case, "" for the
        whole library; model; n, mae, rmse, bias, within10 in percent of the
        issue's scale; brier, brier_constant_rate for the status-quo rule),
        sorted by case then model; empty for another command."""
        return self._typed(run_id, 'SELECT "case", model, n, mae, rmse, bias, within10, '
                           "brier, brier_constant_rate FROM backtest_metrics "
                           'WHERE run_id = ? ORDER BY "case", model')

    def show(self, run_id, format=None, kind=None):
        """The run's output exactly as it was printed (`parley runs show`):
        format "table" (default), "json" or "csv", or "html" for a report
        (its default); kind "forecast", "whatif", "ensemble", "leverage",
        "backtest" or "report" (default: the run's own; a what-if forecast's
        is "whatif")."""
        if format is not None and format not in ("table", "json", "csv",
                                                 "html"):
            raise _error(EINVAL, "format must be table, json, csv or html, "
                         "not %r" % (format,))
        return self._text_of(_lib.lib().parley_store_show, c_ll(run_id),
                             _b(kind), _b(format))

    def list_text(self, scenario=None, model=None, since=None, until=None):
        """The runs as the table `parley runs list` prints (filters as in
        runs())."""
        flt = _lib.StoreFilter(_b(scenario), _b(model), _b(since),
                               _b(until))
        return self._text_of(_lib.lib().parley_store_list_text,
                             ctypes.byref(flt))

    def export(self, run_id):
        """The run's scenario as parley JSON text (as stored).  For a run on
        several experts' codings (--experts), whose stored scenario is their
        median table, warns (UserWarning, the words of `parley runs
        export`) that it reproduces a forecast but not an ensemble's draws
        from the codings.  Raises ParleyError naming the run when the stored
        scenario no longer reads."""
        return self._export(run_id, 3)

    def _export(self, run_id, stacklevel):
        """export(); stacklevel as warnings.warn counts it from here."""
        lib = _lib.lib()
        b = _lib.Buf()
        diags = _lib.Diags()
        err = _lib.Error()
        lib.parley_buf_init(ctypes.byref(b))
        lib.parley_diags_init(ctypes.byref(diags))
        try:
            with self._lock:
                st = lib.parley_store_export(self._handle(), c_ll(run_id),
                                             ctypes.byref(b),
                                             ctypes.byref(diags),
                                             ctypes.byref(err))
            for d in _diagnostics(diags):  # said before any failure
                warnings.warn(d.message, stacklevel=stacklevel)
            if st != OK:
                raise ParleyError._from_c(err, st)
            return ctypes.string_at(b.data, b.len).decode("utf-8", "replace")
        finally:
            lib.parley_diags_destroy(ctypes.byref(diags))
            lib.parley_buf_destroy(ctypes.byref(b))

    def scenario(self, run_id):
        """The run's scenario as a parley.Scenario (with export()'s
        warning)."""
        return Scenario.from_text(self._export(run_id, 4), "json",
                                  file="run %d scenario" % run_id)

    def params(self, run_id):
        """The run's typed parameters: {model: "key=value, ..."}."""
        text = self._text_of(_lib.lib().parley_store_params_text,
                             c_ll(run_id))
        out = {}
        for line in text.splitlines():
            model, _, rest = line.partition(": ")
            out[model] = rest
        return out

    def diff(self, run_a, run_b):
        """What changed from run_a to run_b (the text of `parley runs
        diff`): scenario values, parameters, forecasts."""
        return self._text_of(_lib.lib().parley_store_diff, c_ll(run_a),
                             c_ll(run_b))

    def chart_html(self, run_ids):
        """The self-contained HTML page of `parley runs chart`: how each
        model's forecast moved across run_ids, one chart per issue."""
        ids = [c_ll(i).value for i in run_ids]
        arr = (ctypes.c_longlong * max(len(ids), 1))(*ids)
        return self._text_of(_lib.lib().parley_store_runs_html, arr,
                             len(ids))

    def remove(self, run_id):
        """Removes the run (its number is not reused)."""
        self._call(_lib.lib().parley_store_remove, c_ll(run_id))

    def put(self, forecast, command_line=None, started=None):
        """Stores a parley.Forecast made in Python (command "python"), with
        its table, JSON and CSV outputs, in one transaction; returns the
        new run's number."""
        from ._forecast import Forecast
        if not isinstance(forecast, Forecast):
            raise TypeError("put() stores a parley.Forecast, not %s"
                            % type(forecast).__name__)
        lib = _lib.lib()
        docs = [(b"forecast", b"table", forecast.to_table()),
                (b"forecast", b"json", forecast.to_json()),
                (b"forecast", b"csv", forecast.to_csv())]
        arr = (_lib.StoreDocument * 3)()
        keep = []
        for k, (kind, fmt, body) in enumerate(docs):
            data = body.encode("utf-8")
            keep.append(data)
            arr[k] = _lib.StoreDocument(kind, fmt, data)
        run = _lib.StoreRun()
        lib.parley_store_run_init(ctypes.byref(run))
        run.command = b"python"
        run.command_line = _b(command_line)
        run.scenario_file = _b(forecast.source)
        run.seed = forecast.seed
        now = time.time()
        run.started = now if started is None else started
        run.wall_seconds = 0.0
        rid = ctypes.c_longlong(0)
        with forecast._lock:
            if forecast._closed:
                raise ValueError("the forecast is closed")
            self._call(lib.parley_store_put, ctypes.byref(run),
                       ctypes.byref(forecast._scenario),
                       ctypes.byref(forecast._f), None, 0, arr, 3,
                       ctypes.byref(rid))
        return rid.value

    def to_pandas(self, results=False):
        """The runs as a pandas DataFrame (one row per run), or with
        results=True one row per run x issue x model (run, issue, model,
        status, forecast, rounds).  Needs pandas."""
        import pandas as pd
        runs = self.runs()
        if not results:
            return pd.DataFrame([{k: getattr(r, k) for k in StoredRun.__slots__}
                                 for r in runs],
                                columns=list(StoredRun.__slots__))
        rows = []
        for r in runs:
            for x in self.results(r.id):
                rows.append(dict(run=r.id, **x))
        return pd.DataFrame(rows, columns=["run", "issue", "model", "status",
                                           "forecast", "rounds"])
