"""Model parameters discovered and checked from Python: the models' tables
(parley_param_def) read through the ctypes mirrors, compared with what the
CLI lists (`parley --completion-data params`), and parley_params_check.
The layouts of the mirrors themselves are checked in test_abi.py."""

import math

import pytest

import parley
from parley import _lib


def _completion_keys(cli, model):
    keys = []
    for line in cli(["--completion-data", "params"]).decode().splitlines():
        name, _, key = line.partition(".")
        if name == model:
            keys.append(key)
    return keys


def test_keys_equal_completion(cli):
    # the table read through ctypes at ParamDef's offsets: same entries,
    # same keys, same order as the CLI reads from the same table
    for model in parley.model_names():
        got = [p.key for p in parley.model_parameters(model) if not p.run]
        assert got == _completion_keys(cli, model), model
    assert _completion_keys(cli, "eu")  # eu has a table at all


def test_eu_entries():
    ps = {p.key: p for p in parley.model_parameters("eu")}
    q = ps["q"]
    assert q.kind == "real"
    assert q.range == (0.0, 1.0)
    assert q.doc == "probability that nothing changes without a challenge (Q)"
    assert ps["probability"].kind == "choice"
    assert ps["probability"].choices == ["all-pairs", "pairwise"]
    assert ps["probability"].range is None
    assert ps["rounds"].kind == "count"
    assert ps["seed"].kind == "whole"
    assert ps["seed"].range == (0, 2 ** 63 - 1)
    assert ps["seed"].run and ps["stream"].run and not ps["q"].run
    assert ps["risk-in-votes"].kind == "flag"
    assert ps["preset"].kind == "custom"
    # the presets eu accepts, as `parley --completion-data presets eu`
    # and the help texts list them
    assert ps["preset"].choices == ["scholz2011", "bdm1994"]
    assert ps["stop"].choices == []
    assert ps["stop"].kind == "custom"
    assert all(p.doc for p in ps.values())


def test_values_read_back():
    # the defaults as parley_params_describe writes them, and a value set
    # by text read back from the typed field
    ps = {p.key: p for p in parley.model_parameters("eu")}
    words = dict(pair.split("=", 1) for pair in parley.ModelParams(
        ["eu"]).describe()["eu"].split(", ") if "=" in pair)
    assert ps["preset"].value == words["preset"]
    assert ps["probability"].value == words["probability"]
    assert math.isclose(ps["q"].value, float(words["q"]))
    assert ps["rounds"].value == int(words["rounds"])
    assert ps["risk-in-votes"].value == (words["risk-in-votes"] == "on")

    mp = parley.ModelParams(["eu", "median"], params={"eu.q": 0.25})
    try:
        eu = {p.key: p for p in mp.parameters["eu"]}
        assert eu["q"].value == 0.25
        mp.set("eu.probability", "pairwise")
        mp.set("median.tie", "upper")
        got = mp.parameters
        assert {p.key: p.value for p in got["eu"]}["probability"] == \
            "pairwise"
        assert {p.key: p.value for p in got["median"]}["tie"] == "upper"
    finally:
        mp.close()


def test_run_keys_refused():
    # the seed and stream are run parameters: --seed / seed= set them
    for key in ("eu.seed", "eu.stream", "spatial.seed", "exchange.seed"):
        with pytest.raises(parley.ParleyError, match="run parameter") as e:
            parley.ModelParams(params={key: 5})
        # the advice names Python's argument, not the CLI's option
        assert "seed= argument" in str(e.value) and "--seed" not in str(e.value)


def test_check():
    mp = parley.ModelParams()  # every model, defaults
    try:
        mp.check()
        # write a bad number into the typed field behind the text parser's
        # back: the check is the one a run makes, with the C message
        m = mp.names.index("eu")
        d = next(d for d in _iter_defs(mp.array[m]) if d.key == b"q")
        _lib.ctypes.c_double.from_address(mp.array[m].data
                                          + d.offset).value = 2.0
        with pytest.raises(parley.ParleyError) as e:
            mp.check()
        assert str(e.value) == "eu.q must be a number from 0 to 1, not 2"
    finally:
        mp.close()


def _iter_defs(p):
    t = _lib.ctypes.cast(p.type, _lib.P(_lib.ModelType))[0]
    k = 0
    while t.param_defs and t.param_defs[k].key:
        yield t.param_defs[k]
        k += 1


def test_unknown_model():
    with pytest.raises(parley.ParleyError):
        parley.model_parameters("nonesuch")
