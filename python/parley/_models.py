"""Model selection and parameters, as the CLI's --model, --preset,
--rounds, --param and --seed set them (parley_params_setup_apply, as
the CLI does)."""

import ctypes

from . import _lib
from ._core import (EINVAL, EUNSUPPORTED, MAX_ROUNDS, MAX_SEED, OK,
                    ParleyError, _bytes, _error)
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
            models = ",".join(str(m) for m in models)
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


# parley_setup_step (forecast.h)
_SETUP_PRESET, _SETUP_ROUNDS = 1, 2


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
        if rounds is not None and (isinstance(rounds, bool)
                                   or not isinstance(rounds, int)
                                   or not 1 <= rounds <= MAX_ROUNDS):
            raise _error(EINVAL, "rounds must be a whole number from 1 to %d, "
                         "not %r" % (MAX_ROUNDS, rounds))
        texts = []
        for key, value in list((params or {}).items()):
            texts.append("%s=%s" % (key, _value_text(value)))
        for key, value in kw.items():
            model, _, rest = key.partition("_")
            if not rest:
                raise TypeError("unexpected keyword argument '%s' (model "
                                "parameters are MODEL_KEY=VALUE, e.g. "
                                "eu_preset='bdm1994')" % key)
            texts.append("%s.%s=%s" % (model, rest.replace("_", "-"),
                                       _value_text(value)))
        types = (ctypes.c_void_p * max(n, 1))(
            *[lib.parley_model_find(_bytes(name)) for name in self.names])
        keep = [_bytes(t) for t in texts]
        su = _lib.ParamsSetup()
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
            if step.value == _SETUP_PRESET and st == EUNSUPPORTED:
                raise _error(EINVAL, "preset: " + _text(err.message))
            if step.value == _SETUP_PRESET:
                raise ParleyError("preset %s: %s" % (_value_text(preset),
                                                     _text(err.message)), st)
            if step.value == _SETUP_ROUNDS and st == EUNSUPPORTED:
                raise _error(EINVAL, "rounds: " + _text(err.message))
            raise ParleyError._from_c(err, st)

    def set(self, key, value):
        """Sets "MODEL.KEY" to value (--param MODEL.KEY=VALUE)."""
        spec = "%s=%s" % (key, _value_text(value))
        err = _lib.Error()
        st = _lib.lib().parley_params_set_text(self.array, self.n,
                                               _bytes(spec),
                                               ctypes.byref(err))
        if st != OK:
            raise ParleyError._from_c(err, st)

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
            if st != OK:
                raise ParleyError("%s %s: %s" % (option, value,
                                                 _text(err.message)), st)
            accepted += 1
        if not accepted:
            raise _error(EINVAL, "%s: none of the selected models (%s) has "
                         "this parameter" % (option, ", ".join(self.names)))

    def describe(self):
        """{model: its parameters in words} (as in the JSON's models)."""
        lib = _lib.lib()
        out = {}
        for m in range(self.n):
            b = _lib.Buf()
            lib.parley_buf_init(ctypes.byref(b))
            lib.parley_params_describe(ctypes.byref(self.array[m]),
                                       ctypes.byref(b))
            out[self.names[m]] = ctypes.string_at(b.data, b.len).decode(
                "utf-8", "replace") if b.data else ""
            lib.parley_buf_destroy(ctypes.byref(b))
        return out

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
    if isinstance(seed, bool) or not isinstance(seed, int) \
            or not 0 <= seed <= MAX_SEED:
        raise _error(EINVAL, "seed must be a whole number from 0 to 2^63-1, "
                     "not %r" % (seed,))
    return seed
