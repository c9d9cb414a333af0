"""parley.forecast and its result."""

import ctypes
import math
import os
import threading

from . import _lib
from ._core import (EINVAL, OK, SQ_REPLICATES, ParleyError,
                    _Borrowed, _Owned, _bytes, _error, _flag, _whole,
                    library_version)
from ._lib import text as _text
from ._models import ModelParams

_NAN = float("nan")


def _num(x):
    return None if x is None or math.isnan(x) else x


class Move:
    """One accepted offer of a round: receiver moves from from_ to to
    because of sender; kind is "conflict", "compromise", "capitulation",
    "bargain" or "exchange"; e_i, e_j the expected utilities the receiver
    weighed (include/parley/model.h)."""

    __slots__ = ("kind", "receiver", "sender", "from_", "to", "e_i", "e_j")

    def __init__(self, kind, receiver, sender, from_, to, e_i, e_j):
        self.kind, self.receiver, self.sender = kind, receiver, sender
        self.from_, self.to, self.e_i, self.e_j = from_, to, e_i, e_j

    def __repr__(self):
        return "Move(%s: %s %g -> %g, because of %s)" % (
            self.kind, self.receiver, self.from_, self.to, self.sender)


class Round:
    """The state after one round (round 0 = the input): forecast, weighted
    median and mean, positions {actor: position}, risk {actor: exponent}
    or None, and the moves accepted in the round."""

    __slots__ = ("number", "forecast", "median", "mean", "positions", "risk",
                 "moves")

    def __init__(self, number, forecast, median, mean, positions, risk,
                 moves):
        self.number, self.forecast, self.median = number, forecast, median
        self.mean, self.positions, self.risk = mean, positions, risk
        self.moves = moves

    def __repr__(self):
        return "Round(%d, forecast=%g, %d moves)" % (
            self.number, self.forecast, len(self.moves))


class ModelResult:
    """One model on one issue.

    ok is False when the model could not apply (then error is the
    ParleyError saying why and the numbers are None).  forecast, mean
    and median are on the issue's scale; rounds played; stop is how the
    run ended ("static", "fixed-point", "round-limit", "cycle", ...);
    cycle is None or {"start", "period", "lo", "hi"}; actors is a list
    of (name, start, final) positions; trace the list of Round when the
    forecast was traced, else None."""

    __slots__ = ("model", "ok", "error", "forecast", "mean", "median",
                 "median_tie", "median_tie_interval", "rounds", "stop",
                 "cycle", "note", "actors", "trace")

    def __repr__(self):
        if not self.ok:
            return "ModelResult(%s: %s)" % (self.model, self.error)
        return "ModelResult(%s: %g, %s after %d rounds)" % (
            self.model, self.forecast, self.stop, self.rounds)


class CombinedResult:
    """The combined forecast of one issue (docs/combine.md): value (the
    median of the models that ran; None when none ran), agreement (the
    band in words), band (lo, hi of the models that are not outliers),
    outliers (model names), p_status_quo_holds (0-1, or None without a
    status quo or with sq_replicates=0)."""

    __slots__ = ("value", "agreement", "band", "outliers",
                 "p_status_quo_holds")

    def __repr__(self):
        return "CombinedResult(%r)" % (self.value,)


class IssueForecast:
    """Every model's forecast on one issue: name, lo, hi (the scale),
    status_quo (None if unknown), outcome (the observed outcome or None),
    results {model: ModelResult} (in model order), combined (a
    CombinedResult when the combined forecast was asked for, else
    None)."""

    __slots__ = ("name", "lo", "hi", "status_quo", "outcome", "results",
                 "combined")

    def __getitem__(self, model):
        return self.results[model]

    def __repr__(self):
        return "IssueForecast(%r: %s)" % (self.name, ", ".join(
            "%s=%s" % (m, "n/a" if not r.ok else "%g" % r.forecast)
            for m, r in self.results.items()))


class Forecast(_Owned):
    """The result of parley.forecast: issues (a list of IssueForecast, in
    scenario order; forecast["name"] finds one), models (names), seed.

    to_json(), to_csv() and to_table() give exactly what `parley forecast
    --format json|csv|table` prints for the same scenario, models and
    parameters; trace_text() the trace of `--trace`.  The object owns C
    memory: close() (or a with-block) releases it early; the Python
    values (issues ...) stay usable after close(), the reports do not."""

    def __init__(self, scenario, mp, trace, sq_replicates, source,
                 library=None):
        self._lock = threading.Lock()
        self._closed = True
        self._scenario = None
        self._params = mp
        self._f = _lib.Forecast()
        self._comb = None
        self.models = list(mp.names)
        self.seed = mp.seed
        self.source = source
        self.traced = bool(trace)
        lib = _lib.lib()
        self._scenario = scenario._copy()
        self._closed = False
        err = _lib.Error()
        st = lib.parley_forecast_init_seeded(
            ctypes.byref(self._f), ctypes.byref(self._scenario), mp.array,
            mp.n, 1 if trace else 0, mp.seed, 0, ctypes.byref(err))
        if st != OK:
            self._f = None
            self.close()
            raise ParleyError._from_c(err, st)
        if mp.combined:
            co = _lib.CombineOptions()
            lib.parley_combine_options_init(ctypes.byref(co))
            co.sq_replicates = sq_replicates
            co.seed = mp.seed
            self._comb = _lib.Combined()
            st = lib.parley_combined_init(ctypes.byref(self._comb),
                                          ctypes.byref(self._f),
                                          ctypes.byref(co),
                                          ctypes.byref(err))
            if st != OK:
                self._comb = None
                self.close()
                raise ParleyError._from_c(err, st)
            if library:
                from ._backtest import score_combined
                try:
                    score_combined(self._comb, mp, library)
                except BaseException:
                    self.close()
                    raise
        self.issues = self._extract()

    # ---- Python values ----

    def _extract(self):
        lib = _lib.lib()
        s = self._scenario
        f = self._f
        names = [_text(s.actors[a].name) for a in range(s.n_actors)]
        issues = []
        for i in range(s.n_issues):
            iss = s.issues[i]
            it = IssueForecast()
            it.name = _text(iss.name)
            it.lo, it.hi = iss.lo, iss.hi
            it.status_quo = iss.status_quo if iss.has_status_quo else None
            it.outcome = iss.outcome.value if iss.outcome.has_value else None
            it.results = {}
            for m in range(f.n_models):
                run = f.runs[i * f.n_models + m]
                it.results[self.models[m]] = _result(
                    lib, self.models[m], run, names)
            it.combined = None
            if self._comb is not None:
                it.combined = _combined(self._comb.issues[i], self.models)
            issues.append(it)
        return issues

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.issues[key]
        for it in self.issues:
            if it.name == key:
                return it
        raise KeyError(key)

    def __iter__(self):
        return iter(self.issues)

    def __len__(self):
        return len(self.issues)

    # ---- reports ----

    def _meta(self):
        meta = _lib.ReportMeta()
        meta.source = _bytes(self.source)
        meta.version = library_version().encode()
        meta.seed = self.seed
        if self._comb is not None:
            meta.combined = ctypes.pointer(self._comb)
        return meta

    def _report(self, fn, with_meta=True):
        with self._lock:
            if self._closed:
                raise ValueError("the forecast is closed")
            lib = _lib.lib()
            b = _lib.Buf()
            lib.parley_buf_init(ctypes.byref(b))
            try:
                if with_meta:
                    meta = self._meta()
                    st = fn(ctypes.byref(self._f), ctypes.byref(meta),
                            ctypes.byref(b))
                else:
                    st = fn(ctypes.byref(self._f), ctypes.byref(b))
                if st != OK:
                    raise _error(st, "cannot build the report: %s"
                                 % _text(lib.parley_strstatus(st)))
                return ctypes.string_at(b.data, b.len).decode(
                    "utf-8", "replace")
            finally:
                lib.parley_buf_destroy(ctypes.byref(b))

    def to_json(self):
        """The document `parley forecast --format json` prints
        (docs/forecast-json.md), with the trace when traced."""
        return self._report(_lib.lib().parley_report_json)

    def to_csv(self):
        """The CSV of `parley forecast --format csv`."""
        return self._report(_lib.lib().parley_report_csv)

    def to_table(self):
        """The table of `parley forecast` (followed by the trace, as with
        --trace, when traced)."""
        out = self._report(_lib.lib().parley_report_table)
        if self.traced:
            out += self.trace_text()
        return out

    def trace_text(self):
        """The round-by-round trace as text (needs trace=True)."""
        if not self.traced:
            raise ValueError("the forecast was not traced: use trace=True")
        return self._report(_lib.lib().parley_report_trace, False)

    def to_pandas(self):
        """A pandas DataFrame with one row per issue x model (and per issue
        for "combined"): issue, model, status, forecast, mean, median,
        rounds, stop.  Needs pandas."""
        import pandas as pd
        rows = []
        for it in self.issues:
            for m, r in it.results.items():
                rows.append({"issue": it.name, "model": m,
                             "status": "ok" if r.ok else r.error.status_name,
                             "forecast": r.forecast, "mean": r.mean,
                             "median": r.median, "rounds": r.rounds,
                             "stop": r.stop})
            if it.combined is not None:
                rows.append({"issue": it.name, "model": "combined",
                             "status": "ok" if it.combined.value is not None
                             else "domain error",
                             "forecast": it.combined.value, "mean": None,
                             "median": None, "rounds": None, "stop": None})
        return pd.DataFrame(rows, columns=["issue", "model", "status",
                                           "forecast", "mean", "median",
                                           "rounds", "stop"])

    # ---- lifetime ----

    def close(self):
        """Releases the C objects (safe to call twice)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            lib = _lib.lib()
            if self._comb is not None:
                lib.parley_combined_destroy(ctypes.byref(self._comb))
                self._comb = None
            if self._f is not None:
                lib.parley_forecast_destroy(ctypes.byref(self._f))
                self._f = None
            if self._params is not None:
                self._params.close()
                self._params = None
            if self._scenario is not None:
                lib.parley_scenario_destroy(ctypes.byref(self._scenario))
                self._scenario = None

    def __repr__(self):
        return "<parley.Forecast of %s: %d issues x %s>" % (
            self.source, len(self.issues), ", ".join(self.models))


def _result(lib, model, run, names):
    r = ModelResult()
    r.model = model
    r.ok = run.status == OK
    r.error = None if r.ok else ParleyError._from_c(run.error, run.status)
    r.trace = None
    r.actors = []
    if not r.ok:
        for k in ("forecast", "mean", "median", "median_tie",
                  "median_tie_interval", "rounds", "stop", "cycle", "note"):
            setattr(r, k, None)
        return r
    o = run.outcome
    r.forecast, r.mean, r.median = o.forecast, o.mean, o.median
    r.median_tie = bool(o.median_tie)
    r.median_tie_interval = (o.median_tie_lo, o.median_tie_hi) \
        if o.median_tie else None
    r.rounds = o.rounds
    r.stop = _text(lib.parley_stop_reason_name(o.stop))
    r.cycle = {"start": o.cycle_start, "period": o.cycle_period,
               "lo": o.cycle_lo, "hi": o.cycle_hi} if o.cycle else None
    r.note = _text(o.note)
    who = [names[run.actor[k]] for k in range(run.n)]
    r.actors = [(who[k], run.start[k], run.final[k] if run.final else None)
                for k in range(run.n)]
    if run.rounds:
        r.trace = []
        for t in range(run.n_rounds):
            rec = run.rounds[t]
            moves = [Move(_text(lib.parley_move_kind_name(mv.kind)),
                          who[mv.receiver], who[mv.sender], mv.from_, mv.to,
                          mv.e_i, mv.e_j)
                     for mv in (rec.moves[j] for j in range(rec.n_moves))]
            r.trace.append(Round(
                t, rec.forecast, rec.median, rec.mean,
                {who[k]: rec.position[k] for k in range(run.n)},
                {who[k]: rec.risk[k] for k in range(run.n)}
                if rec.risk else None, moves))
    return r


def _combined(ci, models):
    c = CombinedResult()
    ok = ci.status == OK
    c.value = ci.value if ok else None
    c.agreement = _text(ci.sentence)
    c.band = (ci.band.core_lo, ci.band.core_hi) if ok else None
    c.outliers = [models[m] for m in range(len(models))
                  if ci.outlier and ci.outlier[m]]
    c.p_status_quo_holds = _num(ci.p_sq) if ci.has_sq else None
    return c


def forecast(scenario=None, models=None, *, seed=0, rounds=None,
             preset=None, params=None, trace=False,
             sq_replicates=SQ_REPLICATES, salience_scale=None, bounds=None,
             outcomes=None, library=None, **model_params):
    """Runs the models on every issue of scenario and returns a Forecast.

    scenario: None (the embedded Six-Party default), a path, a dict of the
    native JSON format, a pandas DataFrame (stakeholder table) or a
    Scenario.  models: a list (or comma-separated str) of "mean",
    "median", "eu", "nbs", "exchange", "spatial", "combined", "all"; None
    = all and the combined forecast, as the CLI's default.  seed: 0 to
    2^63-1, for every model that draws random numbers.  rounds: the round
    limit of every iterative model.  preset: a parameter preset of every
    model that has presets (eu: "scholz2011", "bdm1994").  params: a dict
    {"MODEL.KEY": value} (the CLI's --param MODEL.KEY=VALUE, applied in
    order), and keyword arguments MODEL_KEY=value do the same
    (eu_preset="bdm1994" is "eu.preset"; further underscores in KEY
    become '-': eu_risk_in_votes is "eu.risk-in-votes").  trace: keep
    every round (ModelResult.trace, trace_text()).  sq_replicates:
    replicates of the combined forecast's status-quo rule (0 = off).
    salience_scale, bounds, outcomes: read options of a file (see
    Scenario.from_file).  library: a case library directory (as
    `parley backtest --library DIR`) on which the combined forecast is
    scored, as the CLI does with its case library ($PARLEY_CASES); True:
    the library `parley forecast` finds itself (library_dir()); None,
    or a library= that is not a directory, = not scored; "" is refused.
    Raises ParleyError."""
    if library is not None and library is not True and not isinstance(
            library, (str, bytes, os.PathLike)):
        raise TypeError("library= is a case library directory (a str, bytes "
                        "or os.PathLike) or True, not %r" % (library,))
    if library is not None and library is not True:
        _bytes(os.fspath(library))  # a NUL byte: ValueError, as for a path
    if library is not None and library is not True \
            and not os.fspath(library):
        raise _error(EINVAL, "library= is an empty case library directory "
                     "name")
    mp = ModelParams(models, seed=seed, rounds=rounds, preset=preset,
                     params=params, **model_params)
    try:
        trace = _flag("trace", trace)
        sq_replicates = _whole("sq_replicates", sq_replicates)
        if not 0 <= sq_replicates <= 1000000:
            raise _error(EINVAL, "sq_replicates must be a whole number from "
                         "0 to 1000000, not %r" % (sq_replicates,))
        opts = {k: v for k, v in (("salience_scale", salience_scale),
                                  ("bounds", bounds),
                                  ("outcomes", outcomes)) if v is not None}
        with _Borrowed(scenario, opts) as s:
            return Forecast(s, mp, trace, sq_replicates, s.source, library)
    except BaseException:
        mp.close()
        raise
