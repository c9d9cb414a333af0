"""`pip install ./python` works offline with the system's setuptools (from
a copy, so that the build leaves nothing in the source tree), and the
installed package runs."""

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

PKG = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_pip_install_offline(tmp_path):
    if not (importlib.util.find_spec("pip")
            and importlib.util.find_spec("setuptools")):
        pytest.skip("no pip or setuptools for this python")
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(os.path.join(PKG, name), src / name)
    shutil.copytree(os.path.join(PKG, "parley"), src / "parley",
                    ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "site"
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("LD_PRELOAD", None)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "--no-build-isolation", "--no-index", "--target",
                    str(target), str(src)], check=True, env=env,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert (target / "parley" / "_lib.py").exists()
    assert not (target / "tests").exists()
    code = ("import parley, sys\n"
            "assert parley.__file__.startswith(sys.argv[1])\n"
            "f = parley.forecast(models=['mean'])\n"
            "print(f[0].name)\n")
    run_env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run([sys.executable, "-c", code, str(target)],
                         env=run_env, stdout=subprocess.PIPE, check=True)
    assert out.stdout == b"denuclearisation\n"
