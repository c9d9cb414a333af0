"""Model selection and parameters, as the CLI's --model, --preset,
--rounds, --param and --seed set them (parley_params_setup_apply, as
the CLI does), and the models' parameter tables (parley_param_def,
params.h) read from the library: model_parameters, ModelParams.parameters
and ModelParams.check."""

import collections.abc
import ctypes
import numbers
import re

from . import _lib
from ._core import (EDOMAIN, EINVAL, EUNSUPPORTED, MAX_ROUNDS, MAX_SEED,
                    OK, ParleyError, _bytes, _error, _whole)
from ._lib import text as _text


def model_names():
    """The names of parley's models, in the order of the reports."""
    lib = _lib.lib()
    types = lib.parley_model_types()
    names = []
    k = 0
    while types[k]:
        names.append(_name_of(types[k]))
        k += 1
    return names


def _name_of(t):
    return _text(ctypes.cast(t, ctypes.POINTER(ctypes.c_char_p))[0])


def _select(models):
    """(model names, combined?) as `-m LIST` selects them
    (parley_model_list_parse, then parley_model_list_default): None = all
    and the combined forecast, and "combined" alone combines every
    model."""
    lib = _lib.lib()
    n_all = len(model_names())
    types = (ctypes.c_void_p * n_all)()
    n, combined, err = ctypes.c_size_t(0), ctypes.c_int(0), _lib.Error()
    if models is not None:
        if not isinstance(models, str):
            if isinstance(models, bytes) or not hasattr(models, "__iter__") \
                    or not all(isinstance(m, str) for m in models):
                raise TypeError("models must be a model name, a comma-"
                                "separated list or a list of names, e.g. "
                                "[\"eu\", \"nbs\"], not %r" % (models,))
            models = ",".join(models)
        if not models:
            raise _error(EINVAL, "no model selected")
        st = lib.parley_model_list_parse(_bytes(models), types,
                                         ctypes.byref(n), n_all,
                                         ctypes.byref(combined),
                                         ctypes.byref(err))
        if st != OK:
            raise ParleyError._from_c(err, st)
    lib.parley_model_list_default(types, ctypes.byref(n), n_all,
                                  ctypes.byref(combined), 1)
    return ([_name_of(types[k]) for k in range(n.value)],
            bool(combined.value))


class Parameter:
    """One parameter of a model, read from the model's table in the C
    library (parley_model_type.param_defs, an array of parley_param_def).

    key: the canonical key ("q"; set it as "MODEL.KEY", the CLI's
    --param).  kind: "real" (a number in [lo, hi]), "whole" or "count"
    (a whole number in [lo, hi]), "flag" (on/off), "choice" (one of
    choices) or "custom" (text the model parses itself, e.g. eu.preset).
    lo, hi: the closed range of a real, whole or count (hi is inf for no
    upper bound), else None.  choices: the names of a choice, in the
    order the error messages list them (for a model's "preset", custom
    text, the presets it accepts), else [].  label: the name in
    error messages.  doc: one line on what it does and its unit.

    value: the value the parameters hold.  For every kind but custom it
    is read from the model's typed parameter struct at the entry's
    offset, as parley_params_check reads it: a float, an int, a bool (a
    flag), a choice's name (its number when it names none).  A custom
    entry has no typed field to read: its value is the text
    parley_params_describe writes for its key (eu's preset and stop),
    or None when the description does not name it.

    run: True for a run parameter (PARLEY_PARAM_RUN: the seed, the
    stream), which the seed= argument and the forecast driver set: the
    text form (params=, set()) refuses it and the CLI's completion does
    not list it."""

    __slots__ = ("model", "key", "kind", "lo", "hi", "choices", "label",
                 "doc", "value", "run")

    def __init__(self, model, key, kind, lo, hi, choices, label, doc,
                 value, run=False):
        self.model, self.key, self.kind = model, key, kind
        self.lo, self.hi, self.choices = lo, hi, choices
        self.label, self.doc, self.value = label, doc, value
        self.run = run

    @property
    def range(self):
        """(lo, hi) of a real, whole or count; None for the other kinds."""
        return None if self.lo is None else (self.lo, self.hi)

    def to_dict(self):
        """The attributes as a dict (a row of a DataFrame)."""
        return {k: getattr(self, k) for k in self.__slots__}

    def __repr__(self):
        return "Parameter(%s.%s, %s, value=%r)" % (self.model, self.key,
                                                   self.kind, self.value)


# "key=value" pairs of parley_params_describe, split at ", " before a key
_DESCRIBE_SPLIT = re.compile(r", (?=[A-Za-z][A-Za-z0-9_-]*=)")


def _describe(p):
    """parley_params_describe of the parley_params p, as text."""
    lib = _lib.lib()
    b = _lib.Buf()
    lib.parley_buf_init(ctypes.byref(b))
    try:
        lib.parley_params_describe(ctypes.byref(p), ctypes.byref(b))
        return ctypes.string_at(b.data, b.len).decode(
            "utf-8", "replace") if b.data else ""
    finally:
        lib.parley_buf_destroy(ctypes.byref(b))


def _choices(ptr):
    out = []
    k = 0
    while ptr and ptr[k].name:
        out.append((_text(ptr[k].name), ptr[k].value))
        k += 1
    return out


def _field(d, data):
    """The value of the non-custom entry d in the struct at address data."""
    kind = _lib.PARAM_KINDS[d.kind]
    addr = data + d.offset
    if kind == "real":
        return ctypes.c_double.from_address(addr).value
    if kind == "whole":
        return ctypes.c_uint64.from_address(addr).value
    if kind == "count":
        return ctypes.c_size_t.from_address(addr).value
    v = ctypes.c_int.from_address(addr).value
    if kind == "flag":
        return bool(v) if v in (0, 1) else v
    for name, value in _choices(d.choices):
        if value == v:
            return name
    return v


def _parameters(p):
    """[Parameter] of the parley_params p, in the order of its table."""
    t = ctypes.cast(p.type, ctypes.POINTER(_lib.ModelType))[0]
    model = _text(t.name)
    described = {}
    out = []
    defs = t.param_defs
    k = 0
    while defs and defs[k].key:
        d = defs[k]
        k += 1
        kind = _lib.PARAM_KINDS[d.kind] if 0 <= d.kind < len(
            _lib.PARAM_KINDS) else str(d.kind)
        lo = hi = None
        if kind == "real":
            lo, hi = d.lo, d.hi
        elif kind in ("whole", "count"):
            lo, hi = d.ilo, d.ihi
        choices = [n for n, _ in _choices(d.choices)] \
            if kind == "choice" else []
        key = _text(d.key)
        if key == "preset" and t.presets:  # the names params_set accepts
            j = 0
            while t.presets[j]:
                choices.append(_text(t.presets[j]))
                j += 1
        if kind == "custom":
            if not described:
                for pair in _DESCRIBE_SPLIT.split(_describe(p)):
                    name, eq, value = pair.partition("=")
                    if eq:
                        described.setdefault(name, value)
            value = described.get(key)
        elif p.data:
            value = _field(d, p.data)
        else:
            value = None
        out.append(Parameter(model, key, kind, lo, hi, choices,
                             _text(d.label) if d.label else key,
                             _text(d.doc) if d.doc else "", value,
                             bool(d.flags & _lib.PARAM_RUN)))
    return out


def model_parameters(model):
    """The parameters of one model (a name of model_names()), from its
    table in the C library, with their default values: a list of
    Parameter in table order (the keys `parley --completion-data params`
    lists for it).  Errors: ParleyError (EINVAL) for an unknown model,
    TypeError for a model that is no str."""
    if not isinstance(model, str):
        raise TypeError("model must be a str (a name of model_names()), "
                        "not %r" % (model,))
    if model not in model_names():
        raise _error(EINVAL, "unknown model '%s' (models: %s)"
                     % (model, ", ".join(model_names())))
    mp = ModelParams([model])
    try:
        return mp.parameters[model]
    finally:
        mp.close()



def _is_bool(value):
    """A Python bool or a numpy bool (numpy.bool_, which is no bool)."""
    return isinstance(value, bool) or getattr(getattr(value, "dtype", None),
                                              "kind", None) == "b"


def _param_kind(key):
    """The kind ("real", "whole", ...) of the parameter "MODEL.KEY" (its
    key or an alias, as parley_param_find finds it), or None when there is
    no such model or key (the library words that)."""
    model, _, name = key.partition(".")
    lib = _lib.lib()
    d = lib.parley_param_find(lib.parley_model_find(_bytes(model)),
                              _bytes(name))
    if not d:
        return None
    kind = d[0].kind
    return _lib.PARAM_KINDS[kind] if 0 <= kind < len(_lib.PARAM_KINDS) \
        else None


def _param_text(what, key, value):
    """"MODEL.KEY=VALUE" of a model parameter; a key that is no str, a
    value of a wrong type (None, a list, bytes, a bool -- Python's or
    numpy's -- for a numeric parameter) is a TypeError naming what and
    the key, as docs/python.md promises for wrong types."""
    if not isinstance(key, str):
        raise TypeError("%s: a parameter's name must be a str \"MODEL.KEY\", "
                        "not %r" % (what, key))
    kind = _param_kind(key)
    if _is_bool(value):
        if kind in ("real", "whole", "count"):
            raise TypeError("%s: %s must be a %s, not %r"
                            % (what, key, "number" if kind == "real"
                               else "whole number", value))
        value = bool(value)
    elif not isinstance(value, (str, numbers.Real)):
        raise TypeError("%s: %s must be a number, a bool or a str, not %r"
                        % (what, key, value))
    return "%s=%s" % (key, _value_text(value))


def _value_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


class ModelParams:
    """The parley_params of the selected models (owned; close() releases
    them).  Settings are applied in the CLI's order: preset, rounds, the
    params dict (then keyword parameters), seed."""

    def __init__(self, models=None, seed=0, rounds=None, preset=None,
                 params=None, **kw):
        self.names, self.combined = _select(models)
        self.seed = _check_seed(seed)
        lib = _lib.lib()
        n = len(self.names)
        self.array = (_lib.Params * max(n, 1))()
        self.n = 0
        if rounds is not None:
            rounds = _whole("rounds", rounds)
        if rounds is not None and not 1 <= rounds <= MAX_ROUNDS:
            raise _error(EINVAL, "rounds must be a whole number from 1 to %d, "
                         "not %r" % (MAX_ROUNDS, rounds))
        texts = []
        if params is not None and not isinstance(params, collections.abc.Mapping):
            raise TypeError("params must be a dict {\"MODEL.KEY\": value}, e.g. "
                            "{\"eu.q\": 0.5}, not %r" % (params,))
        for key, value in list((params or {}).items()):
            texts.append(_param_text("params", key, value))
        for key, value in kw.items():
            model, _, rest = key.partition("_")
            if not rest or model not in model_names():
                raise TypeError("unexpected keyword argument '%s' (model "
                                "parameters are MODEL_KEY=VALUE, e.g. "
                                "eu_preset='bdm1994')" % key)
            texts.append(_param_text(key, "%s.%s" % (
                model, rest.replace("_", "-")), value))
        types = (ctypes.c_void_p * max(n, 1))(
            *[lib.parley_model_find(_bytes(name)) for name in self.names])
        keep = [_bytes(t) for t in texts]
        su = _lib.ParamsSetup()
        if preset is not None and not isinstance(preset, str):
            raise TypeError("preset must be a str (a preset's name), not %r"
                            % (preset,))
        su.preset = _bytes(_value_text(preset)) if preset is not None else None
        su.rounds = rounds or 0
        su.params = (ctypes.c_char_p * max(len(keep), 1))(*keep)
        su.n_params = len(keep)
        su.seed = self.seed
        made, step, index = ctypes.c_size_t(), ctypes.c_int(), ctypes.c_size_t()
        err = _lib.Error()
        # the CLI's order, in the library: preset, rounds, params, seed
        st = lib.parley_params_setup_apply(
            self.array, types, n, ctypes.byref(made), ctypes.byref(su),
            ctypes.byref(step), ctypes.byref(index), ctypes.byref(err))
        self.n = made.value
        if st != OK:
            self.close()
            # the library words it ("preset X: ..."); a preset, rounds or
            # a parameter that no selected model takes is a bad argument
            # here, as a bad value is (one status for --param mistakes), and
            # so is a parameter of a model that is not selected (EDOMAIN)
            if st in (EUNSUPPORTED, EDOMAIN):
                st = EINVAL
            raise ParleyError._from_c(err, st)

    def set(self, key, value):
        """Sets "MODEL.KEY" to value (--param MODEL.KEY=VALUE)."""
        if self.n == 0 and self.names:
            raise ValueError("the model parameters are closed")
        spec = _param_text("set", key, value)
        err = _lib.Error()
        st = _lib.lib().parley_params_set_text(self.array, self.n,
                                               _bytes(spec),
                                               ctypes.byref(err))
        if st != OK:  # an unknown key is a bad argument, as a bad value
            raise ParleyError._from_c(
                err, EINVAL if st in (EUNSUPPORTED, EDOMAIN) else st)

    def _everywhere(self, key, value, option):
        lib = _lib.lib()
        accepted = 0
        for m in range(self.n):
            err = _lib.Error()
            st = lib.parley_params_set(ctypes.byref(self.array[m]),
                                       _bytes(key), _bytes(value),
                                       ctypes.byref(err))
            if st == EUNSUPPORTED:
                continue
            if st != OK:  # the message names the key and the value
                raise ParleyError("%s: %s" % (option, _text(err.message)), st)
            accepted += 1
        if not accepted:
            raise _error(EINVAL, "%s: none of the selected models (%s) has "
                         "this parameter" % (option, ", ".join(self.names)))

    def describe(self):
        """{model: its parameters in words} (as in the JSON's models)."""
        return {self.names[m]: _describe(self.array[m])
                for m in range(self.n)}

    @property
    def parameters(self):
        """{model: [Parameter]}: each selected model's parameter table
        with the values these parameters hold (see Parameter)."""
        return {self.names[m]: _parameters(self.array[m])
                for m in range(self.n)}

    def check(self):
        """Validates every model's parameters as they are with
        parley_params_check (the check a run makes before it starts):
        each real in its range and not NaN, each whole number or count in
        its range, each flag 0 or 1, each choice one of its values, and
        the custom entries' own checks.  Errors: ParleyError with the C
        message naming the first bad entry, e.g. "eu.q must be a number
        from 0 to 1, not 2"."""
        if self.n == 0 and self.names:
            raise ValueError("the model parameters are closed")
        lib = _lib.lib()
        for m in range(self.n):
            err = _lib.Error()
            st = lib.parley_params_check(ctypes.byref(self.array[m]),
                                         ctypes.byref(err))
            if st != OK:
                raise ParleyError._from_c(err, st)

    def close(self):
        lib = _lib.lib()
        n, self.n = self.n, 0
        for m in range(n):
            lib.parley_params_destroy(ctypes.byref(self.array[m]))

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def _check_seed(seed):
    seed = _whole("seed", seed)
    if not 0 <= seed <= MAX_SEED:
        raise _error(EINVAL, "seed must be a whole number from 0 to 2^63-1, "
                     "not %r" % (seed,))
    return seed
