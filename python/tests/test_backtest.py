"""parley.backtest and the combined forecast's score on the case library,
against the CLI byte for byte, and one error worked out by hand."""

import json
import os
import subprocess

import pytest

import parley
from conftest import _find_cli

SMALL = "tests/data/cli/small.json"


def test_library_equals_cli(cli):
    b = parley.backtest(library="data/cases", models=["mean", "median",
                                                      "nbs"])
    args = ["backtest", "--library", "data/cases", "-m", "mean,median,nbs"]
    assert b.to_json().encode() == cli(args + ["--format", "json"])
    assert b.to_csv().encode() == cli(args + ["--format", "csv"])
    assert b.to_table().encode() == cli(args)
    assert b.columns[:4] == ["mean", "median", "nbs", "combined"]
    assert b.columns[-2:] == ["status_quo", "midpoint"]
    doc = json.loads(b.to_json())
    assert len(b.issues) > 20
    assert b.pooled["mean"]["n"] == len(
        [i for i in b.issues if i.forecasts["mean"] is not None])
    assert json.dumps(doc)  # the document parses


def test_default_library_equals_cli(root, monkeypatch):
    # no cases and no library=: the library the CLI's `parley backtest`
    # scores, with the embedded default scenario (the attack pass: Python
    # left it out, 12 cases and 41 issues against the CLI's 13 and 47)
    exe = _find_cli()
    if not exe:
        pytest.skip("no parley binary")
    monkeypatch.delenv("PARLEY_CASES", raising=False)
    env = dict(os.environ)
    out = subprocess.run([exe, "backtest", "-m", "mean,median", "-f",
                          "json"], stdout=subprocess.PIPE, check=True,
                         cwd=root, env=env).stdout
    doc = json.loads(out)
    b = parley.backtest(models=["mean", "median"])
    assert len(b.cases) == len(doc["cases"])
    assert len(b.issues) == sum(len(c["issues"]) for c in doc["cases"])
    assert b.to_json().encode() == out


def test_one_case_with_outcomes_and_ensemble(cli):
    b = parley.backtest(SMALL, outcomes="tests/data/cli/outcomes.csv",
                        models=["mean", "eu"], ensemble=60, seed=3)
    assert b.to_json().encode() == cli([
        "backtest", SMALL, "--outcomes", "tests/data/cli/outcomes.csv",
        "-m", "mean,eu", "--ensemble", "60", "--seed", "3", "--format",
        "json"])
    # the error is 100 (forecast - outcome) / (hi - lo), on 0-100 of the
    # scale (docs/cases.md), written out here from the issue's numbers
    it = b.issues[0]
    f = parley.forecast(SMALL, models=["mean"])
    e = 100 * (f[0]["mean"].forecast - it.outcome) / (it.hi - it.lo)
    assert b.pooled["mean"]["bias"] == pytest.approx(e, rel=1e-12)
    assert b.pooled["mean"]["mae"] == pytest.approx(abs(e), rel=1e-12)
    assert b.pooled["mean"]["n_calibrated"] == 1


def test_noise_equals_cli(cli):
    # noise= is --noise: the library builds the perturbation (the position
    # part of the ensemble default); None is the default, as without it
    args = ["backtest", "--library", "tests/data/backtest", "-m", "mean,eu",
            "--ensemble", "30", "--seed", "4", "-f", "json"]
    kw = dict(library="tests/data/backtest", models=["mean", "eu"],
              ensemble=30, seed=4)
    default = parley.backtest(**kw)
    assert default.to_json().encode() == cli(args)
    assert parley.backtest(noise=0.05, **kw).to_json() == default.to_json()
    wide = parley.backtest(noise=0.3, **kw)
    assert wide.to_json().encode() == cli(args + ["--noise", "0.3"])
    assert wide.to_json() != default.to_json()


def test_forecast_scored_on_the_library_equals_cli(root):
    # the CLI scores the combined forecast on its case library; with
    # library= the package does the same
    exe = _find_cli()
    if not exe:
        pytest.skip("no parley binary")
    f = parley.forecast(library="data/cases")
    out = subprocess.run([exe, "forecast", "--format", "json"],
                         stdout=subprocess.PIPE, check=True, cwd=root,
                         env=dict(os.environ, PARLEY_CASES="data/cases"))
    assert f.to_json().encode() == out.stdout
    score = json.loads(f.to_json())["combined"]["score"]
    assert score["scored"] is True and score["n"] > 20
    assert score["best_model"] in f.models
    unscored = json.loads(parley.forecast().to_json())["combined"]["score"]
    assert unscored["scored"] is False


def test_forecast_library_true_equals_cli(root, monkeypatch):
    # library=True: the library `parley forecast` finds itself (the
    # installed one, with the embedded default scenario)
    exe = _find_cli()
    if not exe:
        pytest.skip("no parley binary")
    monkeypatch.delenv("PARLEY_CASES", raising=False)
    out = subprocess.run([exe, "forecast", "--format", "json"],
                         stdout=subprocess.PIPE, check=True, cwd=root,
                         env=dict(os.environ)).stdout
    f = parley.forecast(library=True)
    assert f.to_json().encode() == out
    assert json.loads(out)["combined"]["score"]["scored"] is True


def test_forecast_library_missing_or_empty(cli):
    # a library= that is no directory leaves the verdict unscored, as
    # PARLEY_CASES=/nonexistent does for the CLI (docs/combine.md); an
    # empty name is refused (it was silently unscored)
    f = parley.forecast(SMALL, library="tests/data/no_such_dir")
    assert json.loads(f.to_json())["combined"]["score"]["scored"] is False
    assert f.to_json().encode() == cli(["forecast", SMALL, "-f", "json"])
    with pytest.raises(parley.ParleyError, match="empty case library") as e:
        parley.forecast(SMALL, library="")
    assert e.value.status_name == "invalid argument"


@pytest.mark.parametrize("broken", ["empty", "malformed"])
def test_forecast_library_unreadable_warns_as_cli(root, tmp_path, broken):
    # a library that exists but cannot be read (no case, a malformed case)
    # is no error, as for the CLI (docs/combine.md): the forecast is shown,
    # the verdict says why it is not scored, and a warning says it in the
    # words of the CLI's "parley: forecast: warning: ..." (it raised)
    exe = _find_cli()
    if not exe:
        pytest.skip("no parley binary")
    if broken == "malformed":
        (tmp_path / "x.json").write_text('{"bad\n')
    with pytest.warns(UserWarning) as w:
        f = parley.forecast(SMALL, library=str(tmp_path))
    r = subprocess.run([exe, "forecast", SMALL, "--format", "json"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       cwd=root, env=dict(os.environ,
                                          PARLEY_CASES=str(tmp_path)))
    assert r.returncode == 0
    assert f.to_json().encode() == r.stdout
    assert len(w) == 1
    assert r.stderr.decode() == "parley: forecast: warning: %s\n" % w[0].message
    score = json.loads(f.to_json())["combined"]["score"]
    assert score["scored"] is False
    why = str(w[0].message).split("case library: ", 1)[1]
    assert score["verdict"] == "Not scored against the case library: %s." % why
    assert ("holds no *.json case" if broken == "empty"
            else "x.json:1:5: invalid JSON") in why


def test_errors():
    with pytest.raises(parley.ParleyError):
        parley.backtest(library="tests/data/no_such_dir")
    with pytest.raises(parley.ParleyError, match="outcome"):
        parley.backtest([SMALL], models=["mean"])  # no case has outcomes
    with pytest.raises(parley.ParleyError):
        parley.backtest([SMALL, SMALL], outcomes="tests/data/cli/"
                        "outcomes.csv")
    with pytest.raises(parley.ParleyError):
        parley.backtest(SMALL, outcomes="tests/data/cli/outcomes_bad.csv")


def test_library_named_as_found(monkeypatch):
    # the case library is named in the messages as the user named it:
    # library=, or $PARLEY_CASES without it (parley_case_source_init)
    with pytest.raises(parley.ParleyError, match=r"\(library=; expected"):
        parley.backtest(library="tests/data/no_such_dir")
    monkeypatch.setenv("PARLEY_CASES", "tests/data/no_such_dir")
    with pytest.raises(parley.ParleyError,
                       match=r"\(\$PARLEY_CASES; expected"):
        parley.backtest(models=["mean", "median"])
    monkeypatch.setenv("PARLEY_CASES", "x" * 5000)
    with pytest.raises(parley.ParleyError, match=r"^\$PARLEY_CASES: the case "
                       "library's path is too long$") as e:
        parley.backtest(models=["mean", "median"])
    assert e.value.status_name == "invalid argument"


def test_ranges_are_the_cli_ranges():
    # each value would reach a C size_t: -1 hung the backtest, 2**64 wrapped
    # to 0 (found by the final attack pass); the ranges are the CLI's
    bad = [dict(sq_replicates=-1), dict(sq_replicates=2 ** 64),
           dict(sq_replicates=1000001), dict(threads=-1),
           dict(threads=2 ** 64), dict(ensemble=1), dict(ensemble=2 ** 64),
           dict(ensemble=100000001), dict(noise=2.0), dict(noise=0.0)]
    for kw in bad:
        with pytest.raises(parley.ParleyError) as e:
            parley.backtest([SMALL], models=["mean"], **kw)
        assert e.value.status == 1, kw  # EINVAL
        assert list(kw)[0] in str(e.value), (kw, str(e.value))
