"""What-if, ensembles and leverage (docs/analysis.md)."""

import collections.abc
import ctypes
import numbers
import threading
import warnings

from . import _lib
from ._core import (EINVAL, EUNSUPPORTED, OK, ParleyError, Scenario, _Borrowed,
                    _Owned, _Rendered, _bytes, _check, _check_threads_env,
                    _error, _whole, library_version)
from ._forecast import Forecast
from ._lib import text as _text
from ._models import ModelParams

_NAN = float("nan")


def _texts(items):
    arr = (ctypes.c_char_p * max(len(items), 1))()
    for k, t in enumerate(items):
        arr[k] = _bytes(t)
    return arr


def _buf_report(call):
    lib = _lib.lib()
    b = _lib.Buf()
    lib.parley_buf_init(ctypes.byref(b))
    try:
        st = call(ctypes.byref(b))
        if st != OK:
            raise _error(st, "cannot build the report: %s"
                         % _text(lib.parley_strstatus(st)))
        return ctypes.string_at(b.data, b.len).decode(
            "utf-8", "replace")
    finally:
        lib.parley_buf_destroy(ctypes.byref(b))


def _format(fmt):
    """The parley_report_format of fmt ("table", "json" or "csv"), named
    as `-f FORMAT` names it (parley_report_format_from_string); anything
    else is the library's ParleyError EINVAL "unknown format 'xml'
    (formats: table, json, csv)" (None or 1 named as str() shows it)."""
    code, err = _lib.c_enum(), _lib.Error()
    _check(_lib.lib().parley_report_format_from_string(
        _bytes(str(fmt)), ctypes.byref(code), ctypes.byref(err)), err)
    return code.value


def _as_list(x, name="set"):
    """The texts of set= or drop= (name): None, one str, or an iterable of
    str.  Anything else (None, bytes or a number among them, a dict) is a
    wrong type: TypeError naming the argument, as docs/python.md
    promises (a NULL text must never reach the library)."""
    if x is None:
        return []
    if isinstance(x, str):
        return [x]
    what = "\"ACTOR.ISSUE.FIELD=VALUE\" texts" if name == "set" else \
        "actor names"
    if isinstance(x, (collections.abc.Mapping, bytes)) or \
            not isinstance(x, collections.abc.Iterable):
        raise TypeError("%s must be a str or a list of %s, not %r"
                        % (name, what, x))
    out = list(x)
    for t in out:
        if not isinstance(t, str):
            raise TypeError("%s must be a str or a list of %s; it holds %r"
                            % (name, what, t))
    return out


def changed(scenario, set=None, drop=None):
    """A new Scenario: scenario after the what-if changes set (texts
    "ACTOR.ISSUE.FIELD=VALUE", ISSUE "*" = every issue; FIELD position,
    salience or capability; a salience on the scenario's own scale) and
    drop (actor names who leave the talks), as the CLI's --set and
    --drop.  set and drop are each a str or a list of str; any other
    type (bytes, None among them, a dict such as {"A.I.F": value}) is a
    TypeError naming the argument.  Raises ParleyError."""
    sets, drops = _as_list(set, "set"), _as_list(drop, "drop")
    lib = _lib.lib()
    set_b, drop_b = [_bytes(t) for t in sets], [_bytes(t) for t in drops]
    set_arr = (ctypes.c_char_p * max(len(sets), 1))(*set_b)
    drop_arr = (ctypes.c_char_p * max(len(drops), 1))(*drop_b)
    dst = _lib.Scenario()
    bad, err = ctypes.c_size_t(), _lib.Error()
    # the CLI's --set and --drop (parley_whatif_apply_text, which words a
    # failure as the field's: "set '...': ...", "drop: ...")
    st = lib.parley_whatif_apply_text(ctypes.byref(dst), scenario._ptr(),
                                      set_arr, len(sets), drop_arr,
                                      len(drops), ctypes.byref(bad),
                                      ctypes.byref(err))
    if st != OK:
        lib.parley_scenario_destroy(ctypes.byref(dst))
        raise ParleyError._from_c(err, st)
    return Scenario(dst, scenario.source)


def _change_texts(sets, drops):
    return ["--set " + t for t in sets] + ["--drop " + t for t in drops]


# PARLEY_ENSEMBLE_MAX_BINS, PARLEY_NOISE_MAX_SIZE (ensemble.h),
# PARLEY_BEST_POSITION_MAX_GRID, PARLEY_LEVERAGE_MAX_TOP (leverage.h)
ENSEMBLE_MAX_BINS = 1000
NOISE_MAX_SIZE = 1000000
BEST_POSITION_MAX_GRID = 1000000
LEVERAGE_MAX_TOP = 1000000000


def _single_models(models, what):
    """Refuses "combined" in the models of an analysis that runs single
    models, as the CLI does."""
    names = models.split(",") if isinstance(models, str) else \
        list(models) if isinstance(models, (list, tuple)) else []
    if "combined" in names:  # a wrong type: ModelParams' TypeError
        raise _error(EINVAL, "the combined forecast is not available in %s: "
                     "it combines the models of one forecast (use "
                     "parley.forecast or parley.report), so choose single "
                     "models here" % (what,))


def _report_meta(source, seed):
    """The parley_report_meta of a result read from source with seed."""
    meta = _lib.ReportMeta()
    meta.source = _bytes(source)
    meta.version = library_version().encode()
    meta.seed = seed
    return meta


class WhatIf(_Rendered, _Owned):
    """A what-if comparison: base and changed (two Forecasts of the same
    models), changes (the texts as the CLI shows them).  to_json(),
    to_csv(), to_table() give what `parley forecast --set ... --drop ...`
    prints.  close() releases both forecasts."""

    def __init__(self, base, changed_, changes):
        self.base, self.changed, self.changes = base, changed_, changes

    def report(self, fmt="table"):
        code = _format(fmt)
        lib = _lib.lib()
        texts = _texts(self.changes)
        meta = self.base._meta()
        meta.combined = None
        with self.base._lock, self.changed._lock:
            if self.base._closed or self.changed._closed:
                raise ValueError("the what-if comparison is closed")
            return _buf_report(lambda b: lib.parley_report_whatif(
                ctypes.byref(self.base._f), ctypes.byref(self.changed._f),
                texts, len(self.changes), code, ctypes.byref(meta), b))

    def difference(self, issue, model):
        """changed - base forecast of model on issue (None if either could
        not run)."""
        a, b = self.base[issue][model], self.changed[issue][model]
        if not (a.ok and b.ok):
            return None
        return b.forecast - a.forecast

    def close(self):
        self.base.close()
        self.changed.close()


def whatif(scenario=None, models=None, *, set=None, drop=None, seed=0,
           rounds=None, preset=None, params=None, **model_params):
    """Forecasts scenario before and after the changes (set:
    "ACTOR.ISSUE.FIELD=VALUE" texts, drop: actor names; each a str or a
    list) with the same models and parameters (as parley.forecast; the combined
    forecast is not part of a what-if, as in the CLI) and returns a
    WhatIf."""
    if "sq_replicates" in model_params:  # forecast()'s, not a model's
        raise TypeError("whatif() takes no sq_replicates: it sets the "
                        "combined forecast, which is not part of a what-if")
    sets, drops = _as_list(set, "set"), _as_list(drop, "drop")
    if not sets and not drops:
        raise _error(EINVAL, "whatif needs set= or drop=")
    kw = dict(seed=seed, rounds=rounds, preset=preset, params=params,
              **model_params)
    with _Borrowed(scenario, {}) as s:
        mp = ModelParams(models, **kw)
        try:
            mp.combined = False
            base = Forecast(s, mp, False, 0, s.source)
        except BaseException:
            mp.close()
            raise
        try:
            with changed(s, sets, drops) as c:
                mp2 = ModelParams(models, **kw)
                mp2.combined = False
                try:
                    other = Forecast(c, mp2, False, 0, s.source)
                except BaseException:
                    mp2.close()
                    raise
        except BaseException:
            base.close()
            raise
        return WhatIf(base, other, _change_texts(sets, drops))


# --------------------------------------------------------------------------
# Ensembles


class EnsembleStats:
    """One issue x model cell of an ensemble: n (replicates where the model
    ran), failed, mean, sd, min, max, quantiles {5, 25, 50, 75, 95: value}
    (within 1/4096 of the scale width), histogram (counts per bin over
    the scale), bands {label: share} (the labelled bands of the scale) and
    base (the forecast of the unperturbed scenario)."""

    __slots__ = ("issue", "model", "n", "failed", "mean", "sd", "min", "max",
                 "quantiles", "histogram", "bands", "base")

    def __repr__(self):
        return "EnsembleStats(%s/%s: n=%d, mean=%g, sd=%g)" % (
            self.issue, self.model, self.n, self.mean, self.sd)


class Ensemble(_Rendered, _Owned):
    """The result of parley.ensemble: stats[(issue, model)] ->
    EnsembleStats, replicates, seed, models, issues.  to_json(),
    to_csv(), to_table() give what `parley ensemble` prints for the same
    run.  close() releases the C summary."""

    def __init__(self):
        self._lock = threading.Lock()
        self._closed = True

    def report(self, fmt="table"):
        code = _format(fmt)
        lib = _lib.lib()
        with self._lock:
            if self._closed:
                raise ValueError("the ensemble is closed")
            r = _lib.EnsembleReport()
            lib.parley_report_ensemble_result(
                ctypes.byref(self._res), ctypes.byref(self._req),
                self._changes, self._n_changes, ctypes.byref(r))
            meta = _report_meta(self.source, self.seed)
            return _buf_report(lambda b: lib.parley_report_ensemble(
                ctypes.byref(r), code, ctypes.byref(meta), b))

    def __getitem__(self, key):
        return self.stats[key]

    def to_pandas(self):
        """One row per issue x model: n, failed, mean, sd, min, max, q5 ..
        q95, base.  Needs pandas."""
        import pandas as pd
        rows = []
        for (issue, model), st in self.stats.items():
            row = {"issue": issue, "model": model, "n": st.n,
                   "failed": st.failed, "mean": st.mean, "sd": st.sd,
                   "min": st.min, "max": st.max, "base": st.base}
            for q, v in st.quantiles.items():
                row["q%d" % q] = v
            rows.append(row)
        return pd.DataFrame(rows)

    def close(self):
        with self._lock:
            if self._closed:
                return
            self._closed = True
            lib = _lib.lib()
            lib.parley_ensemble_result_destroy(ctypes.byref(self._res))
            lib.parley_ensemble_spec_destroy(ctypes.byref(self._spec))
            self._params.close()
            lib.parley_scenario_destroy(ctypes.byref(self._scenario))
            lib.parley_scenario_destroy(ctypes.byref(self._orig))


def _real(name, value):
    """value as a float; a value that is no real number (a str, a bool,
    None) is a wrong type: TypeError, as docs/python.md promises."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s must be a number, not %r" % (name, value))
    return float(value)


_NOISE_DISTS = ("normal", "uniform", "none")


def _noise_text(key, spec):
    """The noise item "[ACTOR.]FIELD=DIST:SIZE" of key (FIELD or
    ACTOR.FIELD) and spec (dist, size), as `parley ensemble --noise`.
    Wrong types (a key that is no str, a spec that is no pair, a dist that
    is no str, a size that is no number) are TypeErrors naming noise; the
    field, the dist and the size's range (0 .. NOISE_MAX_SIZE, the
    library's) are checked here in Python's words; the library checks the
    actor (parley_ensemble_spec_add_noise)."""
    if not isinstance(key, str):
        raise TypeError("noise: a key must be a str \"FIELD\" or "
                        "\"ACTOR.FIELD\", not %r" % (key,))
    field = key.rpartition(".")[2]
    if isinstance(spec, (str, bytes)) or \
            not isinstance(spec, collections.abc.Sequence) or len(spec) != 2:
        raise TypeError("noise: %s must be a pair (distribution, size), "
                        "e.g. (\"normal\", 0.05), not %r" % (key, spec))
    dist, size = spec
    if not isinstance(dist, str):
        raise TypeError("noise: the distribution of %s must be a str (%s), "
                        "not %r" % (key, ", ".join(_NOISE_DISTS), dist))
    if field not in _LEVER_FIELDS:
        raise _error(EINVAL, "noise: unknown field '%s' in '%s' (fields: %s)"
                     % (field, key, ", ".join(_LEVER_FIELDS)))
    if dist not in _NOISE_DISTS:
        raise _error(EINVAL, "noise: unknown distribution '%s' for %s "
                     "(distributions: %s)"
                     % (dist, key, ", ".join(_NOISE_DISTS)))
    if dist == "none":
        return "%s=none" % (key,)
    size = _real("the noise size of " + key, size)
    if not 0 <= size <= NOISE_MAX_SIZE:
        raise _error(EINVAL, "the noise size of %s must be a number from 0 "
                     "to %d, not %r" % (key, NOISE_MAX_SIZE, size))
    return "%s=%s:%r" % (key, dist, size)


def ensemble(scenario=None, models=None, *, replicates=1000, seed=0,
             noise=None, drop_rate=0.0, shock=None, threads=0, bins=10,
             progress=None, set=None, drop=None, rounds=None, preset=None,
             params=None, **model_params):
    """Runs the models on `replicates` randomly perturbed copies of
    scenario (as `parley ensemble`) and returns an Ensemble.

    models: as parley.forecast, without "combined" (None = all six).
    noise: None = the default (position normal 0.05 of the scale width,
    salience normal 0.05, capability relative normal 0.1); else a dict
    {"position"|"salience"|"capability": (dist, size)} with dist
    "normal" (size = standard deviation), "uniform" (on -size..+size) or
    "none"; fields not named get no noise ({} = no perturbation); a key
    "ACTOR.FIELD" sets one actor's noise (--noise ACTOR.FIELD=...).
    drop_rate: probability that each actor leaves, per replicate.  shock:
    salience-shock probability per round (models with a shock parameter:
    eu).  threads: OpenMP threads (0 = OMP_NUM_THREADS or all cores); the
    result does not depend on it.  bins: histogram bins.  progress: a
    callable progress(done, total) called after each block of
    replicates, from one thread at a time (it holds the GIL while it
    runs); return False to cancel (ParleyError "cancelled"); an exception
    it raises cancels the run and is re-raised.  set, drop: what-if
    changes applied first (set: "ACTOR.ISSUE.FIELD=VALUE" texts, drop:
    actor names; each a str or a list).  When nothing is perturbed
    (noise={} or every noise none or 0, no drop_rate, no positive shock)
    and replicates > 1, a UserWarning says that every replicate is the
    same run (as `parley ensemble` warns).  The GIL is released while
    the replicates run.  One call of parley_ensemble_result_init, so its
    errors are the library's words (e.g. "noise: no actor named ...")."""
    replicates = _whole("replicates", replicates)
    bins = _whole("bins", bins)
    threads = _whole("threads", threads)
    if not 1 <= replicates <= 2 ** 40:
        raise _error(EINVAL, "replicates must be a whole number from 1 to "
                     "2^40, not %r" % (replicates,))
    if not 1 <= bins <= ENSEMBLE_MAX_BINS:
        raise _error(EINVAL, "bins must be a whole number from 1 to %d, not %r"
                     % (ENSEMBLE_MAX_BINS, bins))
    if not 0 <= threads <= 1024:
        raise _error(EINVAL, "threads must be a whole number from 0 to 1024")
    _check_threads_env()
    drop_rate = _real("drop_rate", drop_rate)
    if not 0 <= drop_rate <= 1:
        raise _error(EINVAL, "drop_rate must be from 0 to 1, not %r"
                     % (drop_rate,))
    if shock is not None:  # its type here; its range in the library's words
        _real("shock", shock)
    if noise is not None and not isinstance(noise, collections.abc.Mapping):
        raise TypeError("noise must be a dict {\"position\": (\"normal\", "
                        "0.05), ...}, not %r" % (noise,))
    texts = [_noise_text(k, v) for k, v in dict(noise or {}).items()]
    sets, drops = _as_list(set, "set"), _as_list(drop, "drop")
    lib = _lib.lib()
    _single_models(models, "ensemble")
    mp = ModelParams(models, seed=seed, rounds=rounds, preset=preset,
                     params=params, **model_params)
    e = Ensemble()
    e.models, e.seed, e.replicates, e.source = mp.names, seed, replicates, None
    e.shock = float(shock) if shock is not None else 0.0
    e._params = mp
    e._res, e._spec = _lib.EnsembleResult(), _lib.EnsembleSpec()
    e._scenario, e._orig = _lib.Scenario(), _lib.Scenario()
    lib.parley_ensemble_spec_init(ctypes.byref(e._spec))
    e._closed = False
    try:
        with _Borrowed(scenario, {}) as s:
            e.source = s.source
            if sets or drops:
                with changed(s, sets, drops) as c:
                    e._scenario = c._copy()
                e._orig = s._copy()
            else:
                e._scenario = s._copy()
        sp, err = e._spec, _lib.Error()
        sp.replicates, sp.bins, sp.drop = replicates, bins, drop_rate
        sp.has_replicates = sp.has_bins = sp.has_drop = 1
        sp.has_shock, sp.shock = shock is not None, e.shock
        sp.no_noise = noise is not None
        for t in texts:
            st = lib.parley_ensemble_spec_add_noise(
                ctypes.byref(sp), _bytes(t), ctypes.byref(err))
            if st != OK:  # the library's words ("noise '...': ...")
                raise ParleyError._from_c(err, st)
        _run_ensemble(e, bool(sets or drops), threads, progress)
        e.issues = [_text(e._scenario.issues[i].name)
                    for i in range(e._scenario.n_issues)]
        e._changes = _texts(_change_texts(sets, drops))
        e._n_changes = len(sets) + len(drops)
        e.stats = _ensemble_stats(e)
        return e
    except BaseException:
        e.close()
        raise


def _run_ensemble(e, changes, threads, progress):
    lib = _lib.lib()
    req = e._req = _lib.EnsembleRequest()
    req.scenario = ctypes.pointer(e._scenario)
    req.unchanged = ctypes.pointer(e._orig) if changes else None
    req.spec = ctypes.pointer(e._spec)
    req.params, req.n_params = e._params.array, e._params.n
    opt = req.options
    lib.parley_ensemble_options_init(ctypes.byref(opt))
    opt.seed = e.seed
    opt.first, opt.count, opt.total = 0, e.replicates, e.replicates
    opt.threads = threads
    raised = []
    if progress is not None:
        def call(data, done, total):
            try:
                return 1 if progress(done, total) is False else 0
            except BaseException as ex:  # cancel, re-raise below
                raised.append(ex)
                return 1
        e._progress = opt.progress = _lib.PROGRESS_FN(call)
    err = _lib.Error()
    st = lib.parley_ensemble_result_init(ctypes.byref(e._res),
                                         ctypes.byref(req), ctypes.byref(err))
    if raised:
        raise raised[0]
    if e._res.nothing_perturbed:  # the CLI's warning, in Python's words
        sp = e._spec
        why = "noise={}" if sp.no_noise and not sp.n_noise \
            else "every noise is none or 0"
        warnings.warn("nothing is perturbed (%s, no drop_rate or shock): all "
                      "%d replicates are the same run" % (why, e.replicates),
                      stacklevel=3)
    if st == EUNSUPPORTED:  # a setting no selected model takes (shock=):
        st = EINVAL  # a bad argument, one status as for params= (docs)
    if st != OK:
        raise ParleyError._from_c(err, st)


def _ensemble_stats(e):
    lib = _lib.lib()
    s, res = e._scenario, e._res
    out = {}
    for i in range(s.n_issues):
        iss = s.issues[i]
        labels = [_text(iss.labels[k].label) for k in range(iss.n_labels)]
        for m, model in enumerate(e.models):
            st = _lib.EnsembleStats()
            lib.parley_ensemble_stats_get(ctypes.byref(res.summary), i, m,
                                          ctypes.byref(st))
            r = EnsembleStats()
            r.issue, r.model = e.issues[i], model
            r.n, r.failed = st.n, st.n_failed
            r.mean, r.sd, r.min, r.max = st.mean, st.sd, st.min, st.max
            r.quantiles = dict(zip((5, 25, 50, 75, 95), list(st.q)))
            r.histogram = [st.hist[b] for b in range(res.summary.bins)]
            r.bands = {labels[b] if b < len(labels) else str(b):
                       (st.bands[b] / st.n if st.n else _NAN)
                       for b in range(st.n_bands)}
            r.base = res.base[i * len(e.models) + m]
            out[(r.issue, model)] = r
    return out


# --------------------------------------------------------------------------
# Leverage

_LEVER_FIELDS = ("position", "salience", "capability")


class LeverageRow:
    """One line of a leverage table: how far model's forecast on issue
    moves when actor's field ("position", "salience", "capability", or
    "leaves" for the actor leaving) changes.  effect: the move for the
    reference change (issue-scale points); derivative: per unit of the
    input; failed: the model could not run after the change."""

    __slots__ = ("actor", "issue", "model", "field", "effect", "derivative",
                 "failed")

    def __repr__(self):
        return "LeverageRow(%s %s on %s, %s: %+g)" % (
            self.actor, self.field, self.issue, self.model, self.effect)


class BestPosition:
    """The position actor should state on issue so that model's forecast
    lands closest to its own (ideal): stated, forecast (when it states
    stated), base_forecast (when it states its ideal), lo..hi (the stated
    positions that do as well), evaluations (model runs)."""

    __slots__ = ("actor", "issue", "model", "ideal", "stated", "forecast",
                 "base_forecast", "lo", "hi", "evaluations")

    def __repr__(self):
        return "BestPosition(%s on %s, %s: state %g, not %g)" % (
            self.actor, self.issue, self.model, self.stated, self.ideal)


class Leverage(_Rendered, _Owned):
    """The result of parley.leverage: rows (LeverageRow, largest |effect|
    first), base {(issue, model): forecast} (after any what-if change),
    unchanged (the same before the changes, or None), best (BestPosition
    list when actor= was given).  to_json(), to_csv(), to_table() give
    what `parley leverage` prints for the same options."""

    def __init__(self):
        self._lock = threading.Lock()
        self._closed = True

    def report(self, fmt="table"):
        code = _format(fmt)
        lib = _lib.lib()
        with self._lock:
            if self._closed:
                raise ValueError("the leverage table is closed")
            r = _lib.LeverageReport()
            r.scenario = ctypes.pointer(self._scenario)
            r.params = self._params.array
            res = self._res
            r.leverage = ctypes.pointer(res.leverage)
            r.unchanged = res.unchanged
            r.effect, r.step, r.top = self.effect, self.step, self.top
            r.best = res.best.best
            r.best_issue = res.best.issue
            r.best_model = res.best.model
            r.n_best = res.best.n
            r.best_actor = res.actor
            r.changes = self._changes
            r.n_changes = self._n_changes
            meta = _report_meta(self.source, self.seed)
            return _buf_report(lambda b: lib.parley_report_leverage(
                ctypes.byref(r), code, ctypes.byref(meta), b))

    def close(self):
        with self._lock:
            if self._closed:
                return
            self._closed = True
            lib = _lib.lib()
            lib.parley_leverage_result_destroy(ctypes.byref(self._res))
            self._params.close()
            lib.parley_scenario_destroy(ctypes.byref(self._scenario))


def leverage(scenario=None, models=None, *, effect=0.1, step=0.05, top=20,
             actor=None, issue=None, grid=None, set=None, drop=None, seed=0,
             rounds=None, preset=None, params=None, **model_params):
    """For every actor, issue and model: how far the forecast moves when
    the actor's position, salience or capability changes and when the
    actor leaves (as `parley leverage`).  effect: the reference change as
    a fraction of each input's range; step: half-width of the finite
    difference (0 < step <= 0.5); top: rows the reports show (0 = all;
    rows always holds every row).  actor (with issue, optional): also
    search the position that actor should state on each issue to bring
    the forecast closest to its own, on a grid of grid points (3 to
    10^6; None = 201, as `parley leverage --grid`; needs actor).
    set, drop: what-if changes applied first ("ACTOR.ISSUE.FIELD=VALUE"
    texts, actor names; each a str or a list).  Returns a
    Leverage."""
    step, effect = _real("step", step), _real("effect", effect)
    top = _whole("top", top)
    grid = None if grid is None else _whole("grid", grid)
    if grid is not None and actor is None:
        raise _error(EINVAL, "grid needs actor")  # as `--grid needs --actor`
    grid = 201 if grid is None else grid
    if not 0 < step <= 0.5:
        raise _error(EINVAL, "step must be in (0, 0.5], not %r" % (step,))
    if not 0 < effect <= 1:
        raise _error(EINVAL, "effect must be in (0, 1], not %r" % (effect,))
    if not 0 <= top <= LEVERAGE_MAX_TOP:  # as `parley leverage --top`
        raise _error(EINVAL, "top must be a whole number from 0 to %d, not %r"
                     % (LEVERAGE_MAX_TOP, top))
    if not 3 <= grid <= BEST_POSITION_MAX_GRID:
        raise _error(EINVAL, "grid must be a whole number from 3 to %d, not %r"
                     % (BEST_POSITION_MAX_GRID, grid))
    if issue is not None and actor is None:
        raise _error(EINVAL, "issue needs actor")
    _single_models(models, "leverage")
    _check_threads_env()
    sets, drops = _as_list(set, "set"), _as_list(drop, "drop")
    lib = _lib.lib()
    mp = ModelParams(models, seed=seed, rounds=rounds, preset=preset,
                     params=params, **model_params)
    lv = Leverage()
    lv.models, lv.seed = mp.names, mp.seed
    lv.effect, lv.step, lv.top = effect, step, top
    lv._changes = _texts(_change_texts(sets, drops))
    lv._n_changes = len(sets) + len(drops)
    orig = None
    try:
        with _Borrowed(scenario, {}) as s:
            lv.source = s.source
            if sets or drops:
                with changed(s, sets, drops) as c:
                    lv._scenario = c._copy()
                orig = s._copy()
            else:
                lv._scenario = s._copy()
    except BaseException:
        mp.close()
        raise
    lv._params = mp
    lv._res = _lib.LeverageResult()
    lv._closed = False
    try:
        req = _lib.LeverageRequest()
        lib.parley_leverage_options_init(ctypes.byref(req.options))
        req.options.step, req.options.step_effect = step, effect
        req.options.seed = mp.seed
        req.scenario = ctypes.pointer(lv._scenario)
        req.unchanged = ctypes.pointer(orig) if orig is not None else None
        req.params, req.n_params = mp.array, mp.n
        req.actor, req.issue = _bytes(actor), _bytes(issue)
        req.grid_points = grid
        err = _lib.Error()
        st = lib.parley_leverage_result_init(ctypes.byref(lv._res),
                                             ctypes.byref(req),
                                             ctypes.byref(err))
        if st != OK:
            raise ParleyError._from_c(err, st)
        res, sc = lv._res, lv._scenario
        actors = [_text(sc.actors[a].name) for a in range(sc.n_actors)]
        issues = [_text(sc.issues[i].name) for i in range(sc.n_issues)]
        lv.rows = []
        for k in range(res.leverage.n_rows):
            row = res.leverage.rows[k]
            r = LeverageRow()
            r.actor, r.issue = actors[row.actor], issues[row.issue]
            r.model = mp.names[row.model]
            r.field = "leaves" if row.drop else _LEVER_FIELDS[row.field]
            r.effect, r.derivative = row.effect, row.derivative
            r.failed = bool(row.failed)
            lv.rows.append(r)
        lv.base = {(issues[i], mp.names[m]): res.leverage.base[i * mp.n + m]
                   for i in range(sc.n_issues) for m in range(mp.n)}
        lv.unchanged = None
        if res.unchanged:
            lv.unchanged = {(issues[i], mp.names[m]):
                            res.unchanged[i * mp.n + m]
                            for i in range(sc.n_issues)
                            for m in range(mp.n)}
        lv.best = []
        for k in range(res.best.n):
            c = res.best.best[k]
            b = BestPosition()
            b.actor, b.issue = actor, issues[res.best.issue[k]]
            b.model = mp.names[res.best.model[k]]
            b.ideal, b.stated, b.forecast = c.ideal, c.stated, c.forecast
            b.base_forecast, b.lo, b.hi = c.base_forecast, c.lo, c.hi
            b.evaluations = c.evaluations
            lv.best.append(b)
        return lv
    except BaseException:
        lv.close()
        raise
    finally:
        if orig is not None:
            lib.parley_scenario_destroy(ctypes.byref(orig))
