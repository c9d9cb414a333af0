"""Wrong argument types and shapes found by an attack pass: each is a
TypeError naming the argument, or a ParleyError in Python's words (never
a crash of the interpreter, a NULL reaching C, a ctypes wrap, or a CLI
option's name)."""

import os

import pytest

import parley

HERE = os.path.dirname(os.path.abspath(__file__))
S = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "data",
                 "cli", "small.json")


def _type_error(fn, *words):
    with pytest.raises(TypeError) as e:
        fn()
    for w in words:
        assert w in str(e.value), str(e.value)


@pytest.mark.parametrize("kw, name", [
    ({"set": [None]}, "set"), ({"drop": [None]}, "drop"),
    ({"set": [b"finance.budget.position=10"]}, "set"),
    ({"set": {"finance.budget.position": 10}}, "set"),
    ({"set": 1}, "set"), ({"drop": ["finance", 2]}, "drop")])
def test_change_texts(kw, name):
    # once a segfault (NULL into parley_whatif_apply_text) or a NULL
    # printed as "(null)"; every analysis that takes set= and drop=
    _type_error(lambda: parley.whatif(S, ["mean"], **kw), name)
    _type_error(lambda: parley.ensemble(S, ["mean"], replicates=3, **kw),
                name)
    _type_error(lambda: parley.leverage(S, ["mean"], **kw), name)
    with parley.load(S) as s:
        _type_error(lambda: parley._analysis.changed(s, **kw), name)


@pytest.mark.parametrize("noise", [
    {None: ("normal", 0.1)}, {1: ("normal", 0.1)},
    {"position": ("normal",)}, {"position": "normal:0.1"},
    {"position": None}, {"position": (1, 0.1)},
    {"position": ("normal", "0.1")}])
def test_noise_types(noise):
    _type_error(lambda: parley.ensemble(S, ["mean"], replicates=3,
                                        noise=noise), "noise")


@pytest.mark.parametrize("noise, words", [
    ({"position": ("normal", -1)}, "from 0 to 1000000"),
    ({"position": ("normal", 2e6)}, "from 0 to 1000000"),
    ({"position": ("normal", float("nan"))}, "from 0 to 1000000"),
    ({"position": ("gauss", 0.1)}, "unknown distribution 'gauss'"),
    ({"place": ("normal", 0.1)}, "unknown field 'place'")])
def test_noise_values_in_python_words(noise, words):
    with pytest.raises(parley.ParleyError) as e:
        parley.ensemble(S, ["mean"], replicates=3, noise=noise)
    assert words in str(e.value)
    assert "wants [ACTOR.]FIELD" not in str(e.value)  # the CLI's syntax


def test_noise_still_runs():
    with parley.ensemble(S, ["mean"], replicates=3,
                         noise={"position": ("uniform", 1),
                                "salience": ("none", 0)}) as e:
        assert e.replicates == 3


@pytest.mark.parametrize("top", [2 ** 64 + 1, 10 ** 9 + 1, -1])
def test_leverage_top_range(top):
    # 2**64+1 once wrapped to 1 in ctypes
    with pytest.raises(parley.ParleyError) as e:
        parley.leverage(S, ["mean"], top=top)
    assert "top must be a whole number from 0 to 1000000000" in str(e.value)


def test_leverage_top_limit_accepted():
    with parley.leverage(S, ["mean"], top=10 ** 9) as lv:
        assert lv.top == 10 ** 9


def test_empty_outcomes_names_the_argument():
    for fn in (lambda: parley.forecast(S, models=["mean"], outcomes=""),
               lambda: parley.Scenario.from_file(S, outcomes="")):
        with pytest.raises(parley.ParleyError) as e:
            fn()
        assert str(e.value) == "outcomes= is an empty file name"
        assert e.value.status == 1  # EINVAL


@pytest.mark.parametrize("kw", [
    {"params": {"eu.q": None}}, {"params": {"eu.rounds": True}},
    {"eu_rounds": True}, {"eu_q": False}, {"params": {1: 0.5}},
    {"eu_q": [0.5]}])
def test_model_parameter_types(kw):
    name = "params" if "params" in kw else next(iter(kw))
    _type_error(lambda: parley.forecast(S, ["eu"], **kw), name)


def test_numpy_bools_as_python_bools():
    np = pytest.importorskip("numpy")
    _type_error(lambda: parley.forecast(S, ["eu"], rounds=np.bool_(True)),
                "rounds")
    _type_error(lambda: parley.forecast(S, ["eu"],
                                        eu_rounds=np.bool_(True)),
                "eu_rounds", "whole number")


def test_model_parameters_and_set_names():
    for bad in (None, 1, b"eu"):
        _type_error(lambda: parley.model_parameters(bad), "model")
    mp = parley.ModelParams(["eu"])
    try:
        _type_error(lambda: mp.set(b"eu.q", 0.5), "set")
        mp.set("eu.q", 0.5)  # the right form still works
    finally:
        mp.close()


def test_reader_option_names_the_public_function():
    _type_error(lambda: parley.Scenario.from_file(S, issue=None),
                "Scenario.from_file()", "'issue'")
    _type_error(lambda: parley.load(S, issue=None), "parley.load()")
    _type_error(lambda: parley.Scenario.from_text("{}", "json", issue=1),
                "Scenario.from_text()")


def test_backtest_words_for_python():
    with pytest.raises(parley.ParleyError) as e:
        parley.backtest(cases=[S], models=["mean"])
    assert "outcomes=" in str(e.value) and "--outcomes" not in str(e.value)
    for lib in (True, 1):
        _type_error(lambda: parley.backtest(library=lib), "library")


def test_backtest_reads_standard_input_once():
    with pytest.raises(parley.ParleyError) as e:
        parley.backtest(cases=["-", "-"], models=["mean"])
    assert str(e.value) == "standard input ('-') can be read only once"
    with pytest.raises(parley.ParleyError) as e:
        parley.backtest(cases=[S, ""], models=["mean"])
    assert str(e.value) == "empty case file name"


def test_trace_and_store_types():
    # the rest of the attack pass's wrong types: trace="no" used to turn
    # the trace on; Store(None) named no argument
    with pytest.raises(TypeError, match="trace must be True or False"):
        parley.forecast(models="mean", trace="no")
    assert parley.forecast(models="eu", trace=1).traced
    with pytest.raises(TypeError, match="Store\\(\\) wants the store's file name"):
        parley.Store(None)


def test_flags_library_and_stray_keywords(tmp_path):
    # the final attack pass: a truthy string is no flag; a NUL byte in
    # library= is refused as in any path; a keyword no model has is an
    # unexpected keyword, not "unknown model 'sq'"; backtest's noise needs
    # an ensemble, as `parley backtest --noise` needs --ensemble
    with pytest.raises(TypeError, match="create must be True or False"):
        parley.Store(str(tmp_path / "s.db"), create="no")
    assert not (tmp_path / "s.db").exists()
    with pytest.raises(TypeError, match="lossy must be True or False"):
        parley.load(None).save(str(tmp_path / "x.csv"), format="ktab",
                               lossy="no")
    with pytest.raises(ValueError, match="embedded null byte"):
        parley.forecast(models="mean,eu", library="data/cases\x00junk")
    with pytest.raises(ValueError, match="embedded null byte"):
        parley.backtest(library="data/cases\x00junk", models=["mean"])
    with pytest.raises(TypeError, match="library= is a case library"):
        parley.forecast(models="mean,eu", library=1)
    with pytest.raises(TypeError, match="unexpected keyword argument "
                       "'sq_replicates'"):
        parley.ensemble(None, ["mean"], replicates=2, sq_replicates=5)
    with pytest.raises(TypeError, match="unexpected keyword argument "
                       "'top_actors'"):
        parley.leverage(None, ["mean"], top_actors=2)
    with pytest.raises(parley.ParleyError, match="noise needs ensemble"):
        parley.backtest(library="data/cases", models=["mean"], noise=0.1)
