"""Shared fixtures: the repository's test data and the CLI to compare with.

Environment: PARLEY_LIBRARY (the shared library under test), PARLEY_CLI
(the `parley` binary built from the same sources; CTest sets both)."""

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "tests", "data")

try:  # an installed package wins; else the one next to these tests
    import parley  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.dirname(HERE))


def _find_cli():
    env = os.environ.get("PARLEY_CLI")
    if env:
        return env
    for rel in ("build/parley", "build/default/parley"):
        p = os.path.join(ROOT, rel)
        if os.access(p, os.X_OK):
            return p
    return shutil.which("parley")


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def data():
    return DATA


@pytest.fixture(scope="session")
def cli():
    """run(args) -> stdout bytes of the CLI, run from the repository root
    with no case library (the Python package does not score the combined
    forecast against it; docs/python.md)."""
    exe = _find_cli()
    if not exe:
        pytest.skip("no parley binary (set PARLEY_CLI)")
    env = dict(os.environ, PARLEY_CASES=os.path.join(ROOT, "nonexistent"))

    def run(args):
        r = subprocess.run([exe] + list(args), cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert r.returncode == 0, r.stderr.decode()
        return r.stdout
    return run


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    """Every test runs from the repository root, so that paths (and the
    file names the reports print) are those of the CLI runs."""
    monkeypatch.chdir(ROOT)
