"""parley.backtest: the models against observed outcomes (docs/cases.md,
docs/backtest-json.md), and the case library's score of the combined
forecast."""

import ctypes
import math
import os
import threading
import warnings

from . import _lib
from ._analysis import _format
from ._core import (EINVAL, ENOMEM, OK, SQ_REPLICATES, ParleyError,
                    Scenario, _bytes, _check, _diagnostics, _number, _Owned,
                    _Rendered, _error, _whole, load)
from ._lib import text as _text
from ._models import ModelParams, _select


def library_dir(library=None):
    """Where the case library is, as `parley backtest` finds it
    (parley_case_library_dir): library if given, else $PARLEY_CASES, else
    the library installed with parley (beside libparley.so; the source
    tree's data/cases for a library in its build directory)."""
    return _library_dir(library)[0]


def _library_dir(library=None):
    """(library_dir(library), 1 when that is the library shipped with
    parley, chosen by neither library nor $PARLEY_CASES, else 0)."""
    buf = ctypes.create_string_buffer(4096)
    shipped = ctypes.c_int(0)
    st = _lib.lib().parley_case_library_dir(
        os.fsencode(library) if library is not None else None, buf,
        len(buf), ctypes.byref(shipped))
    if st != OK:
        raise _error(st, "the case library's path is too long")
    return os.fsdecode(buf.value), shipped.value


def library_files(library):
    """(path, name) of every case of a case library directory, as `parley
    backtest --library DIR` lists them (parley_case_library_add_dir):
    DIR/*.json then DIR/gpl/*.json (named "gpl/NAME"), each sorted by
    name, hidden files left out."""
    lib = _lib.lib()
    cl = _lib.CaseLibrary()
    lib.parley_case_library_init(ctypes.byref(cl))
    err = _lib.Error()
    try:
        st = lib.parley_case_library_add_dir(ctypes.byref(cl),
                                             os.fsencode(library),
                                             ctypes.byref(err))
        if st != OK:
            raise ParleyError._from_c(err, st)
        return [(os.fsdecode(cl.files[k]), _text(cl.names[k]))
                for k in range(cl.n)]
    finally:
        lib.parley_case_library_destroy(ctypes.byref(cl))


def _combined_extra(data, cases, n_cases, index, f, out, err):
    """The combined forecast (median of the models that ran) as the
    backtest's extra model, as the CLI scores it."""
    try:
        lib = _lib.lib()
        co = _lib.CombineOptions()
        lib.parley_combine_options_init(ctypes.byref(co))
        co.sq_replicates = 0  # only the combined value is scored
        c = _lib.Combined()
        st = lib.parley_combined_init(ctypes.byref(c), f, ctypes.byref(co),
                                      err)
        if st != OK:
            return st
        n = cases[index].contents.n_issues
        for i in range(min(n, c.n_issues)):
            if c.issues[i].status == OK:
                out[i] = c.issues[i].value
        lib.parley_combined_destroy(ctypes.byref(c))
        return OK
    except BaseException:  # never let an exception cross into C
        return EINVAL


_EXTRA = _lib.BACKTEST_EXTRA_FN(_combined_extra)


def _nan_none(x):
    return None if x is None or math.isnan(x) else x


def _score(sc):
    return {"n": sc.n, "mae": _nan_none(sc.mae), "rmse": _nan_none(sc.rmse),
            "bias": _nan_none(sc.bias), "within10": _nan_none(sc.within10),
            "cover50": _nan_none(sc.cover50),
            "cover90": _nan_none(sc.cover90),
            "n_calibrated": sc.n_calibrated}


class BacktestIssue:
    """One scored issue: case, issue, outcome, lo, hi, forecasts {column:
    forecast or None}, p_status_quo_holds (0-1 or None), status_quo_held
    (True, False, or None without a status quo)."""

    __slots__ = ("case", "issue", "outcome", "lo", "hi", "forecasts",
                 "p_status_quo_holds", "status_quo_held")

    def __repr__(self):
        return "BacktestIssue(%s/%s: outcome %g)" % (self.case, self.issue,
                                                     self.outcome)


class Backtest(_Rendered, _Owned):
    """The result of parley.backtest: columns (the models, then
    "combined" when more than one model ran, then the baselines
    "status_quo" and "midpoint"), cases (names), issues (BacktestIssue),
    pooled {column: score} and per_case {(case, column): score}, each
    score a dict n, mae, rmse, bias, within10, cover50, cover90 (errors on
    0-100 of each scale; None when not defined), brier and brier_baseline
    of the status-quo rule.  to_json(), to_csv(), to_table() give what
    `parley backtest` prints for the same cases."""

    def __init__(self):
        self._lock = threading.Lock()
        self._closed = True

    def report(self, fmt="table"):
        code = _format(fmt)
        lib = _lib.lib()
        with self._lock:
            if self._closed:
                raise ValueError("the backtest is closed")
            b = _lib.Buf()
            lib.parley_buf_init(ctypes.byref(b))
            try:
                st = lib.parley_report_backtest(ctypes.byref(self._bt),
                                                code,
                                                ctypes.byref(b))
                if st != OK:
                    raise _error(st, "cannot build the report")
                return ctypes.string_at(b.data, b.len).decode(
                    "utf-8", "replace")
            finally:
                lib.parley_buf_destroy(ctypes.byref(b))

    def _extract(self):
        bt = self._bt
        self.columns = [_text(bt.model_names[m]) for m in range(bt.n_models)]
        self.cases = [_text(bt.case_names[k]) for k in range(bt.n_cases)]
        self.issues = []
        for k in range(bt.n_issues):
            it = bt.issues[k]
            r = BacktestIssue()
            r.case, r.issue = self.cases[it.case_index], _text(it.name)
            r.outcome, r.lo, r.hi = it.outcome, it.lo, it.hi
            r.forecasts = {c: _nan_none(it.forecast[m])
                           for m, c in enumerate(self.columns)}
            r.p_status_quo_holds = _nan_none(it.p_sq)
            r.status_quo_held = None if it.sq_held < 0 else bool(it.sq_held)
            self.issues.append(r)
        self.pooled = {c: _score(bt.pooled[m])
                       for m, c in enumerate(self.columns)}
        self.per_case = {(self.cases[k], c):
                         _score(bt.per_case[k * bt.n_models + m])
                         for k in range(bt.n_cases)
                         for m, c in enumerate(self.columns)}
        self.brier = _nan_none(bt.brier) if bt.n_sq else None
        self.brier_baseline = _nan_none(bt.brier_baseline) if bt.n_sq \
            else None

    def close(self):
        with self._lock:
            if self._closed:
                return
            self._closed = True
            _lib.lib().parley_backtest_destroy(ctypes.byref(self._bt))


def _options(ensemble, noise, seed, sq_replicates, threads):
    """parley_backtest_options as `parley backtest` sets them: the
    library builds the ensemble's perturbation from noise (None: its
    default position noise, as without --noise)."""
    bo = _lib.BacktestOptions()
    _lib.lib().parley_backtest_options_init(ctypes.byref(bo))
    bo.ensemble = ensemble
    bo.seed = seed
    bo.noise = 0.0 if noise is None else noise
    bo.threads = threads
    bo.sq_replicates = sq_replicates
    return bo


def _case_request(library):
    """(the parley_case_source of the case library directory library, as
    `parley backtest` finds it: None is $PARLEY_CASES, else the library
    shipped with parley (parley_case_source_init, named "library=" in the
    messages); the list its diagnostics callback fills with the first
    failing case's diagnostics; the callback, to be kept alive while the
    request is used).  Raises ParleyError when its path is too long."""
    found = []

    def on_diags(data, event, file, st, diags):
        if st != OK and not found:
            found.extend(_diagnostics(diags.contents))

    src = _lib.CaseSource()
    err = _lib.Error()
    st = _lib.lib().parley_case_source_init(
        ctypes.byref(src),
        _bytes(os.fspath(library)) if library is not None else None, b"library=",
        None, 0, None, ctypes.byref(err))
    if st != OK:
        raise ParleyError._from_c(err, st)
    callback = _lib.CASE_DIAGS_FN(on_diags)
    src.req.on_diags = callback
    return src, found, callback


def _case_error(err, st, found):
    """The ParleyError of a case-library call that returned st: its own
    message, else the first error of the case that failed to read."""
    errors = [d for d in found if d.severity == "error"]
    if not err.message and errors:
        return ParleyError(errors[0].message, st, errors[0].file,
                           errors[0].line, errors[0].column, errors[0].path,
                           found, errors[0].text)
    return ParleyError._from_c(err, st, found)


def _run_library(library, mp, ensemble, noise, seed, sq_replicates,
                 threads=0):
    """A C parley_backtest (caller destroys it) of the case library library
    (None: as `parley backtest` finds it) as `parley backtest` runs it
    (parley_case_library_run): for the shipped library a missing directory
    is no error and the embedded default scenario counts as a case when it
    has outcomes."""
    lib = _lib.lib()
    bo = _options(ensemble, noise, seed, sq_replicates, threads)
    src, found, _keep = _case_request(library)
    cl = _lib.CaseLibrary()
    lib.parley_case_library_init(ctypes.byref(cl))
    bt = _lib.Backtest()
    err = _lib.Error()
    try:
        st = lib.parley_case_library_run(ctypes.byref(cl), ctypes.byref(bt),
                                         ctypes.byref(src.req), mp.array,
                                         mp.n,
                                         ctypes.byref(bo), ctypes.byref(err))
    finally:
        lib.parley_case_library_destroy(ctypes.byref(cl))
    if st != OK:
        lib.parley_backtest_destroy(ctypes.byref(bt))
        raise _case_error(err, st, found)
    return bt


def _run(scenarios, names, mp, ensemble, noise, seed, sq_replicates,
         threads=0):
    """A C parley_backtest (caller destroys it) of the Scenario objects."""
    lib = _lib.lib()
    n = len(scenarios)
    arr = (ctypes.POINTER(_lib.Scenario) * max(n, 1))()
    for k, s in enumerate(scenarios):
        s._ptr()
        arr[k] = ctypes.pointer(s._c)
    nm = (ctypes.c_char_p * max(n, 1))()
    for k, name in enumerate(names):
        nm[k] = name.encode("utf-8") if name is not None else None
    bo = _options(ensemble, noise, seed, sq_replicates, threads)
    if mp.n > 1:  # a combination of one model is that model
        bo.extra = _EXTRA
        bo.extra_name = b"combined"
    bt = _lib.Backtest()
    err = _lib.Error()
    st = lib.parley_backtest_run(ctypes.byref(bt), arr, nm, n, mp.array,
                                 mp.n, ctypes.byref(bo), ctypes.byref(err))
    if st != OK:
        lib.parley_backtest_destroy(ctypes.byref(bt))
        raise ParleyError._from_c(err, st)
    return bt


def backtest(cases=None, models=None, *, library=None, outcomes=None,
             ensemble=0, noise=None, seed=0, sq_replicates=SQ_REPLICATES,
             threads=0, rounds=None, preset=None, params=None,
             **model_params):
    """Scores the models against the observed outcomes of the cases (as
    `parley backtest`): cases is a list of scenarios (paths, dicts,
    DataFrames or Scenario objects; a case without outcomes contributes
    no issue), or None for the case library `library` (a directory of
    *.json cases, as --library DIR; default: library_dir(), as the CLI).  outcomes: an
    outcomes CSV for a single case (--outcomes).  ensemble: replicates per
    case for the calibration columns (0 = none), noise the position noise
    of that ensemble (None: the library's default, 0.05, as without
    --noise; given without an ensemble: ParleyError).  models as parley.forecast, without "combined" (it
    is scored whenever more than one model runs).  Returns a Backtest."""
    # the ranges of `parley backtest` (--ensemble, --noise, --sq-replicates)
    # and of ensemble()'s threads: a C size_t must not wrap or go negative
    ensemble = _whole("ensemble", ensemble)
    sq_replicates = _whole("sq_replicates", sq_replicates)
    threads = _whole("threads", threads)
    if ensemble != 0 and not 2 <= ensemble <= 100000000:
        raise _error(EINVAL, "ensemble must be 0 (none) or a whole number "
                     "from 2 to 100000000, not %r" % (ensemble,))
    if not 0 <= sq_replicates <= 1000000:
        raise _error(EINVAL, "sq_replicates must be a whole number from 0 to "
                     "1000000, not %r" % (sq_replicates,))
    if not 0 <= threads <= 1024:
        raise _error(EINVAL, "threads must be a whole number from 0 to 1024, "
                     "not %r" % (threads,))
    if noise is not None:
        noise = _number("noise", noise)
    if noise is not None and not 0 < noise <= 1:
        raise _error(EINVAL, "noise must be a number in (0, 1], not %r"
                     % (noise,))
    if noise is not None and ensemble == 0:  # as --noise needs --ensemble
        raise _error(EINVAL, "noise needs ensemble (the replicates per case "
                     "that the noise perturbs)")
    if library is not None and \
            not isinstance(library, (str, bytes, os.PathLike)):
        raise TypeError("library must be a directory's path, not %r"
                        % (library,))
    names, _ = _select(models)
    mp = ModelParams(names, seed=seed, rounds=rounds, preset=preset,
                     params=params, **model_params)
    made = []
    try:
        if cases is None:
            if outcomes is not None:
                raise _error(EINVAL, "outcomes= needs exactly one case")
            b = Backtest()
            b._bt = _run_library(library, mp, ensemble, noise, seed,
                                 sq_replicates, threads)
            b._closed = False
            b._extract()
            return b
        else:
            if library is not None:
                raise _error(EINVAL, "library= and cases exclude each other")
            if isinstance(cases, (str, bytes, os.PathLike, dict, Scenario)):
                cases = [cases]
            cases = list(cases)
            if outcomes is not None and len(cases) != 1:
                raise _error(EINVAL, "outcomes= needs exactly one case")
            # the CLI's rules: standard input read once, no empty name
            paths = [os.fsencode(c) for c in cases
                     if isinstance(c, (str, bytes, os.PathLike))]
            err = _lib.Error()
            _check(_lib.lib().parley_input_files_check(
                b"case", (ctypes.c_char_p * max(len(paths), 1))(*paths),
                len(paths), None if outcomes is None
                else os.fsencode(outcomes), ctypes.byref(err)), err)
            scenarios, names = [], []
            for c in cases:
                if isinstance(c, Scenario) and outcomes is None:
                    scenarios.append(c)
                else:
                    s = load(c, **({"outcomes": outcomes} if outcomes
                                   else {}))
                    made.append(s)
                    scenarios.append(s)
                names.append(None)
        b = Backtest()
        b._bt = _run(scenarios, names, mp, ensemble, noise, seed,
                     sq_replicates, threads)
        b._closed = False
        b._extract()
        return b
    finally:
        for s in made:
            s.close()
        mp.close()


def score_combined(comb, mp, library):
    """Fills comb.score (a C parley_combined) with the combined forecast's
    record on the case library, as the CLI does when a library exists
    (parley_combined_score_library: a backtest of the same models, at
    least two, on every case).  A library that is not a directory leaves
    comb unscored ("Not yet scored against the case library"), as
    $PARLEY_CASES does for the CLI (docs/combine.md).  library True: the
    library `parley forecast` scores on (library_dir(): $PARLEY_CASES,
    else the installed one with the embedded default scenario).  A library
    that cannot be read or backtested (an empty directory, a case that
    cannot be read) is no error, as for the CLI: comb stays unscored, its
    verdict says why ("Not scored against the case library: WHY."), and a
    UserWarning says it in the CLI's words ("the combined forecast is not
    scored against the case library: WHY").  Raises ParleyError only when
    out of memory."""
    if library is not True and not os.path.isdir(library):
        return
    src, found, _keep = _case_request(None if library is True else library)
    err = _lib.Error()
    st = _lib.lib().parley_combined_score_library(
        ctypes.byref(comb), ctypes.byref(src.req), mp.array, mp.n, mp.seed,
        ctypes.byref(err))
    if st == ENOMEM:
        raise _case_error(err, st, found)
    if st != OK:  # parley.forecast -> Forecast -> here: warn the caller
        warnings.warn("the combined forecast is not scored against the case "
                      "library: %s" % _text(comb.score.unscored),
                      stacklevel=4)
