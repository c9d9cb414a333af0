"""Scenarios, errors and forecasts on top of the ctypes layer (_lib)."""

import ctypes
import json
import math
import numbers
import os
import threading

from . import _lib
from ._lib import text as _text

VERSION = "0.1.0"  # the package's version: that of the C library (tested)

OK, EINVAL, ENOMEM, EIO, EPARSE, EDATA, EDOMAIN, EUNSUPPORTED = range(8)
_SEVERITIES = ("error", "warning", "note")
_FORMATS = ("json", "table", "decide", "ktab", "ktab-xml")
MAX_SEED = 2 ** 63 - 1
MAX_ROUNDS = 1000000000
SQ_REPLICATES = 200  # PARLEY_SQ_REPLICATES


class Diagnostic:
    """One problem (or warning, or note) a reader or validator found.

    severity is "error", "warning" or "note"; file, line, column and path
    locate it (line and column are 1-based, 0 when unknown; path is a JSON
    path such as "$.actors[2].values.tax.position", "" when none); text is
    the line the CLI prints without "parley: " and an error's "error: "
    ("FILE:LINE:COLUMN: MESSAGE", "FILE:$.PATH: MESSAGE")."""

    __slots__ = ("severity", "status", "file", "line", "column", "path",
                 "message", "text")

    def __init__(self, severity, status, file, line, column, path, message,
                 text):
        self.severity = severity
        self.status = status
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.text = text

    def __repr__(self):
        return "Diagnostic(%r)" % self.text

    def __str__(self):
        return self.text


class ParleyError(Exception):
    """An error reported by the parley library.

    Attributes: status (the parley_status number), status_name ("data
    error", ...), file, line, column (1-based; 0 = unknown), path (a JSON
    path, or ""), message (without the location) and diagnostics (every
    Diagnostic a reader recorded, errors and warnings, in order; empty for
    errors that are not about an input file).  str(e) is the text parley
    prints: "FILE:LINE:COLUMN: MESSAGE"."""

    def __init__(self, message, status=EINVAL, file=None, line=0, column=0,
                 path="", diagnostics=(), text=None):
        self.status = status
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.diagnostics = list(diagnostics)
        self.text = text if text is not None else message
        super().__init__(self.text)

    @property
    def status_name(self):
        return _text(_lib.lib().parley_strstatus(self.status))

    @classmethod
    def _from_c(cls, err, status=None, diagnostics=()):
        st = err.status if status is None else status
        if err.status == OK and status is not None:
            err.status = status
        buf = ctypes.create_string_buffer(2048)
        if not err.message:
            msg = _text(_lib.lib().parley_strstatus(st))
            err.message = msg.encode()[:_lib.ERROR_MSG_MAX - 1]
        line = _text(_lib.lib().parley_error_format(ctypes.byref(err), buf,
                                                    len(buf)))
        return cls(_pythonic(_text(err.message)), st,
                   _text(err.file) or None, err.line, err.column,
                   _text(err.path), diagnostics, _pythonic(line))


# The library words some messages for the command line; in Python the
# same advice names the argument.
_CLI_WORDS = (("(use --lossy to accept)", "(save with lossy=True to accept)"),
              ("use --seed", "use the seed= argument"),
              ("from --seed", "from the seed= argument"),
              ("and --outcomes cannot", "and outcomes= cannot"),
              ("empty --outcomes file name",
               "outcomes= is an empty file name"),
              ("see --outcomes", "see outcomes="))


def _pythonic(text):
    for cli, py in _CLI_WORDS:
        text = text and text.replace(cli, py)
    return text


def library_version():
    """The version of the loaded C library: parley_version() when the
    library has it (libparley.so.0 does), else the package's VERSION."""
    fn = getattr(_lib.lib(), "parley_version", None)
    if fn is None:
        return VERSION
    fn.restype = ctypes.c_char_p
    fn.argtypes = []
    return _text(fn())


def _error(status, message):
    return ParleyError(message, status)


def _whole(name, value):
    """value as an int when it is a whole number of any integral type (an
    int, a numpy.int64: numbers.Integral); any other type (a str, a
    float, a bool, None) is a wrong type: TypeError naming the argument,
    as docs/python.md promises (a bad int is the caller's ParleyError)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError("%s must be a whole number (int), not %r"
                        % (name, value))
    return int(value)


def _flag(name, value):
    """value as a bool when it is one (True, False, numpy.bool_, or the
    whole numbers 0 and 1); a string ("no" is truthy), None or another
    number is a wrong type: TypeError naming the argument."""
    if isinstance(value, (str, bytes)) or value not in (False, True):
        raise TypeError("%s must be True or False, not %r" % (name, value))
    return bool(value)


def _number(name, value):
    """value as a float when it is a real number; a str, a bool or None
    is a wrong type: TypeError naming the argument."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s must be a number, not %r" % (name, value))
    return float(value)


def _check(status, err):
    if status != OK:
        raise ParleyError._from_c(err, status)


def _check_threads_env():
    """Raises ParleyError (EINVAL) when OMP_NUM_THREADS is set to what would
    crash OpenMP starting its threads (parley_threads_env_check), as the
    CLI's ensemble and leverage refuse it."""
    err = _lib.Error()
    value = os.environ.get("OMP_NUM_THREADS")
    _check(_lib.lib().parley_threads_env_check(_bytes(value),
                                               ctypes.byref(err)), err)


def _diagnostics(diags):
    out = []
    lib = _lib.lib()
    buf = ctypes.create_string_buffer(2048)
    for k in range(diags.count):
        d = diags.items[k]
        e = d.error
        line = _text(lib.parley_diag_format(ctypes.byref(d), buf, len(buf)))
        sev = _SEVERITIES[d.severity] if 0 <= d.severity < 3 else "error"
        out.append(Diagnostic(sev, e.status, _text(e.file) or None, e.line,
                              e.column, _text(e.path), _text(e.message),
                              line))
    return out


def _bytes(value):
    if value is None:
        return None
    if isinstance(value, bytes):
        out = value
    else:
        # a str from os.listdir or sys.argv holds each byte of a name that
        # is not UTF-8 as a lone surrogate (PEP 383): surrogateescape gives
        # the byte back, where plain .encode("utf-8") would raise (other
        # text is UTF-8 whatever the locale, as the library expects)
        out = os.fsencode(value) if isinstance(value, os.PathLike) \
            else str(value).encode("utf-8", "surrogateescape")
    if b"\0" in out:  # C would read up to it: another file, another name
        raise ValueError("embedded null byte in %r" % (value,))
    return out


# --------------------------------------------------------------------------
# Scenarios


class _Rendered:
    """Base of the results that render as the CLI prints them: a subclass
    defines report(fmt) for fmt "table", "json" or "csv"; to_json(),
    to_csv() and to_table() are the three."""

    def to_json(self):
        return self.report("json")

    def to_csv(self):
        return self.report("csv")

    def to_table(self):
        return self.report("table")


class _Owned:
    """Base of the objects that own C memory: close() releases it (safe to
    call twice); a with-block closes at its end, garbage collection at the
    latest."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class Scenario(_Owned):
    """A negotiation: actors, issues and per actor x issue a position, a
    salience (0-1) and a capability.

    Owns a parley_scenario; release it with close() or a with-block (it is
    also released when the object is garbage-collected).  Build one with
    load(), Scenario.from_file, from_dict, from_dataframe, from_text or
    default().  diagnostics holds the warnings and notes of the reader
    (e.g. the inferred salience scale of a table)."""

    def __init__(self, _c, source, diagnostics=()):
        self._c = _c
        self._closed = False
        self._lock = threading.Lock()
        self.source = source
        self.diagnostics = list(diagnostics)

    # ---- constructors ----

    @classmethod
    def _parse(cls, data, fmt, file, source, opts=None):
        lib = _lib.lib()
        s = _lib.Scenario()
        diags = _lib.Diags()
        lib.parley_diags_init(ctypes.byref(diags))
        try:
            code = lib.parley_format_from_string(_bytes(fmt)) if fmt else 0
            if fmt and code == 0:
                raise _error(EINVAL, "unknown format '%s' (formats: %s)"
                             % (fmt, ", ".join(_FORMATS)))
            ro = _read_options(**(opts or {}))
            if data is None:
                st = lib.parley_scenario_load(ctypes.byref(s), _bytes(file),
                                              code, ctypes.byref(ro[0]),
                                              ctypes.byref(diags))
            else:
                if not code:
                    raise _error(EINVAL, "text needs a format")
                st = lib.parley_scenario_parse(
                    ctypes.byref(s), code, data, len(data), _bytes(file),
                    ctypes.byref(ro[0]), ctypes.byref(diags))
            found = _diagnostics(diags)
            if st != OK:
                errors = [d for d in found if d.severity == "error"]
                if errors:
                    first = errors[0]
                    raise ParleyError(first.message, first.status,
                                      first.file, first.line, first.column,
                                      first.path, found, first.text)
                err = _lib.Error()
                lib.parley_error_clear(ctypes.byref(err))
                if file is not None:
                    err.file = _bytes(file)[:_lib.ERROR_FILE_MAX - 1]
                raise ParleyError._from_c(err, st, found)
            return cls(s, source, found)
        finally:
            lib.parley_diags_destroy(ctypes.byref(diags))

    @classmethod
    def from_file(cls, path, format=None, **options):
        """Reads a scenario file in any format parley reads (JSON, stakeholder
        table CSV, Decide, KTAB CSV or XML; chosen by extension and content,
        or by format = "json", "table", "decide", "ktab", "ktab-xml").
        options: salience_scale (1 or 100; tables), bounds ((lo, hi);
        tables), issue_name (tables), outcomes (path of an outcomes CSV),
        delimiter (",", ";" or "tab"; tables, default detected), decimal
        ("." or ","), sheet (a workbook's sheet; also "FILE.xlsx#SHEET").
        Raises ParleyError (with file, line, column or JSON path)."""
        _option_names("Scenario.from_file", options)
        p = os.fspath(path)
        if isinstance(p, bytes):
            p = os.fsdecode(p)
        # the CLI's rules (parley_input_files_check): "empty scenario file
        # name", not "cannot open"; standard input not read twice
        outcomes = options.get("outcomes")
        err = _lib.Error()
        names = (ctypes.c_char_p * 1)(_bytes(p))
        _check(_lib.lib().parley_input_files_check(
            b"scenario", names, 1,
            None if outcomes is None else _bytes(os.fspath(outcomes)),
            ctypes.byref(err)), err)
        return cls._parse(None, format, p, p, options)

    @classmethod
    def from_text(cls, data, format, file=None, **options):
        """Parses scenario text (str or bytes) in the given format; file
        names it in error messages (and names a table's scenario)."""
        _option_names("Scenario.from_text", options)
        if isinstance(data, str):
            data = data.encode("utf-8")
        return cls._parse(bytes(data), format, file,
                          file if file is not None else "<text>", options)

    @classmethod
    def from_dict(cls, scenario, file="<dict>"):
        """Builds a scenario from a dict of parley's native JSON format
        (docs/scenario-format.md).  Errors carry the JSON path."""
        data = json.dumps(scenario, allow_nan=False, ensure_ascii=False)
        return cls._parse(data.encode("utf-8"), "json", file, file)

    @classmethod
    def from_dataframe(cls, df, name="table", **options):
        """Builds a one-issue or several-issue scenario from a pandas
        DataFrame in the stakeholder-table shape (docs/formats.md):
        columns Actor, Capability, Position, Salience (or one "Position X",
        "Salience X" pair per issue X).  The frame is written as CSV and
        read by the table reader, so its checks apply; an error's line is
        the frame's row + 2 (line 1 is the header).  name names the
        scenario (and its issue, for one issue)."""
        _option_names("Scenario.from_dataframe", options)
        csv = df.to_csv(index=False)
        return cls._parse(csv.encode("utf-8"), "table", name, name, options)

    @classmethod
    def default(cls):
        """The embedded default scenario (the Six-Party Talks, 2019)."""
        lib = _lib.lib()
        size = ctypes.c_size_t()
        ptr = lib.parley_default_scenario_json(ctypes.byref(size))
        data = ctypes.string_at(ptr, size.value)
        name = _text(lib.parley_default_scenario_file())
        return cls._parse(data, "json", name, name)

    # ---- lifetime ----

    def close(self):
        """Releases the C scenario (safe to call twice)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                _lib.lib().parley_scenario_destroy(ctypes.byref(self._c))

    def _ptr(self):
        if self._closed:
            raise ValueError("the scenario is closed")
        return ctypes.byref(self._c)

    def _copy(self):
        """A new C copy (caller owns it)."""
        dst = _lib.Scenario()
        st = _lib.lib().parley_scenario_copy(ctypes.byref(dst), self._ptr())
        if st != OK:
            raise _error(st, "out of memory")
        return dst

    # ---- contents ----

    @property
    def name(self):
        self._ptr()
        return _text(self._c.name)

    @property
    def actors(self):
        """Actor names, in scenario order."""
        self._ptr()
        return [_text(self._c.actors[a].name)
                for a in range(self._c.n_actors)]

    @property
    def issues(self):
        """Issue names, in scenario order."""
        self._ptr()
        return [_text(self._c.issues[i].name)
                for i in range(self._c.n_issues)]

    def to_json(self):
        """The scenario in parley's native JSON format (as `parley convert`
        writes it)."""
        lib = _lib.lib()
        b = _lib.Buf()
        lib.parley_buf_init(ctypes.byref(b))
        try:
            st = lib.parley_scenario_write_json(self._ptr(), ctypes.byref(b))
            if st != OK:
                raise _error(st, "cannot write the scenario")
            return ctypes.string_at(b.data, b.len).decode(
                "utf-8", "replace")
        finally:
            lib.parley_buf_destroy(ctypes.byref(b))

    def save(self, path, format=None, lossy=False):
        """Writes the scenario to the file path as `parley convert` does:
        format "json", "table", "decide", "ktab", "ktab-xml" or "xlsx"
        (default: from path's extension), atomically (no partial file is
        ever left).  A format that cannot hold all of the scenario raises
        ParleyError (its diagnostics say what) unless lossy, which writes
        it anyway with the documented fallbacks.  Returns the diagnostics
        (warnings and notes)."""
        lib = _lib.lib()
        code = lib.parley_format_from_string(_bytes(format)) if format else 0
        if format and code == 0:
            raise _error(EINVAL, "unknown format '%s' (formats: %s, xlsx)"
                         % (format, ", ".join(_FORMATS)))
        p = os.fspath(path)
        if isinstance(p, bytes):
            p = os.fsdecode(p)
        wo = _lib.WriteOptions(1 if _flag("lossy", lossy) else 0)
        diags = _lib.Diags()
        lib.parley_diags_init(ctypes.byref(diags))
        err = _lib.Error()
        try:
            st = lib.parley_scenario_save(self._ptr(), _bytes(p), code,
                                          ctypes.byref(wo),
                                          ctypes.byref(diags),
                                          ctypes.byref(err))
            found = _diagnostics(diags)
        finally:
            lib.parley_diags_destroy(ctypes.byref(diags))
        if st != OK:
            errors = [d for d in found if d.severity == "error"]
            if err.status == OK and errors:  # the format's, not the file's
                first = errors[0]
                raise ParleyError(_pythonic(first.message), first.status,
                                  first.file, first.line, first.column,
                                  first.path, found, _pythonic(first.text))
            raise ParleyError._from_c(err, st, found)
        return found

    def to_dict(self):
        """The scenario as a dict of the native JSON format."""
        return json.loads(self.to_json())

    def __repr__(self):
        if self._closed:
            return "<parley.Scenario (closed)>"
        return "<parley.Scenario %r: %d actors, %d issues>" % (
            self.name, self._c.n_actors, self._c.n_issues)


_OPTIONS = ("salience_scale", "bounds", "issue_name", "outcomes", "delimiter",
            "decimal", "sheet")


def _option_names(function, options):
    """A reader option that _read_options does not take is the caller's
    TypeError, naming the public function (not the private one)."""
    for name in options:
        if name not in _OPTIONS:
            raise TypeError("%s() got an unexpected keyword argument '%s' "
                            "(reader options: %s)"
                            % (function, name, ", ".join(_OPTIONS)))


def _read_options(salience_scale=None, bounds=None, issue_name=None,
                  outcomes=None, delimiter=None, decimal=None, sheet=None):
    ro = _lib.ReadOptions()
    lib = _lib.lib()
    lib.parley_read_options_init(ctypes.byref(ro))
    keep = []
    # the text forms the library checks and words (parley_read_option_set)
    for name, value in (("salience-scale", salience_scale),
                        ("delimiter", delimiter), ("decimal", decimal)):
        if value is not None:
            err = _lib.Error()
            _check(lib.parley_read_option_set(ctypes.byref(ro), name.encode(),
                                              _bytes(value), ctypes.byref(err)),
                   err)
    if bounds is not None:
        if isinstance(bounds, (str, bytes)) or not hasattr(bounds,
                                                           "__iter__"):
            raise TypeError("bounds must be (lo, hi), not %r" % (bounds,))
        pair = list(bounds)
        if len(pair) != 2:
            raise TypeError("bounds must be (lo, hi), not %r" % (bounds,))
        lo, hi = (_number("bounds", v) for v in pair)
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise _error(EINVAL, "bounds must be (lo, hi) with lo < hi, "
                         "not %r" % (bounds,))
        if not math.isfinite(hi - lo):  # as parley_read_option_set
            raise _error(EINVAL, "bounds %r: HI - LO overflows double "
                         "precision; rescale the positions" % (bounds,))
        ro.bounds_given, ro.lo, ro.hi = 1, lo, hi
    if issue_name is not None:
        keep.append(_bytes(issue_name))
        ro.issue_name = keep[-1]
    if outcomes is not None:
        keep.append(_bytes(os.fspath(outcomes)))
        ro.outcomes = keep[-1]
    if sheet is not None:
        keep.append(_bytes(sheet))
        ro.sheet = keep[-1]
    return ro, keep


def load(scenario=None, **options):
    """A Scenario from anything parley.forecast accepts: None (the embedded
    default), a Scenario (returned as is), a path (str or os.PathLike), a
    dict of the native JSON format, or a pandas DataFrame in the
    stakeholder-table shape.  options go to the reader (see
    Scenario.from_file)."""
    _option_names("parley.load", options)
    if scenario is None or isinstance(scenario, (Scenario, dict)):
        _read_options(**options)  # checked, as for a file, though unused
    if scenario is None:
        return Scenario.default()
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, dict):
        return Scenario.from_dict(scenario)
    if isinstance(scenario, (str, bytes, os.PathLike)):
        return Scenario.from_file(scenario, **options)
    if hasattr(scenario, "to_csv") and hasattr(scenario, "columns"):
        return Scenario.from_dataframe(scenario, **options)
    raise TypeError("a scenario is a path, a dict, a pandas DataFrame or a "
                    "parley.Scenario, not %s" % type(scenario).__name__)


class _Borrowed:
    """A scenario given by the caller (not closed) or made here (closed)."""

    def __init__(self, scenario, options):
        self.owned = not isinstance(scenario, Scenario)
        self.scenario = load(scenario, **options)

    def __enter__(self):
        return self.scenario

    def __exit__(self, *exc):
        if self.owned:
            self.scenario.close()
