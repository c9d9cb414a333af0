"""Every ```python block of docs/python.md and of README.md's "Use it from
Python", run as written from the repository root (blocks of one file
share their variables).  A block that needs pandas or matplotlib is
skipped where they are missing."""

import os
import re

import parley

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
OPTIONAL = ("pandas", "matplotlib")


def _blocks(path):
    with open(os.path.join(ROOT, path)) as fh:
        text = fh.read()
    return re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)


def _run(path, tmp_path, monkeypatch):
    # run from a scratch directory that sees the repository's files, so
    # that the examples' outputs (eu-ensemble.png) land in it
    for name in ("tests", "data"):
        os.symlink(os.path.join(ROOT, name), tmp_path / name)
    monkeypatch.chdir(tmp_path)
    ns = {}
    ran = skipped = 0
    for block in _blocks(path):
        try:
            exec(compile(block, path, "exec"), ns)
            ran += 1
        except ModuleNotFoundError as e:
            if e.name not in OPTIONAL:
                raise
            skipped += 1
    return ns, ran, skipped


def test_tutorial(tmp_path, monkeypatch, capsys):
    ns, ran, skipped = _run("docs/python.md", tmp_path, monkeypatch)
    assert ran >= 6
    # the tutorial's table is the shipped file's: same forecasts
    want = parley.forecast(os.path.join(
        ROOT, "tests/data/bdm/ec_auto_emissions_1994.csv"),
        models=["mean", "median", "eu"])
    for m in ("mean", "median", "eu"):
        assert ns["f"][0][m].forecast == want[0][m].forecast
    out = capsys.readouterr().out
    assert "2000 of 2000 replicates" in out
    assert "decide_nan_inf.txt 4 12" in out
    try:
        import matplotlib  # noqa: F401
        assert (tmp_path / "eu-ensemble.png").stat().st_size > 1000
    except ImportError:
        pass


def test_readme(tmp_path, monkeypatch, capsys):
    ns, ran, skipped = _run("README.md", tmp_path, monkeypatch)
    assert ran >= 1 and skipped == 0
    assert ns["f"].to_json() in capsys.readouterr().out
