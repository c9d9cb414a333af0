"""The ctypes mirrors of the C structs (parley/_lib.py) against the
headers: a small C program, compiled here against include/parley, prints
every struct's size and every member's offset, and they must equal what
ctypes computes.  A header change that is not mirrored fails here, not as
a crash."""

import ctypes
import os
import shutil
import subprocess
import sys

import pytest

import parley
from parley import _lib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# C member names that differ from the ctypes field names
_C_NAMES = {"from_": "from"}

# the C limits the package repeats, against their macros
_CONSTANTS = {
    "PARLEY_MAX_SEED": lambda: parley._core.MAX_SEED,
    "PARLEY_MAX_ROUNDS": lambda: parley._core.MAX_ROUNDS,
    "PARLEY_SQ_REPLICATES": lambda: parley._core.SQ_REPLICATES,
    "PARLEY_ENSEMBLE_MAX_BINS": lambda: parley._analysis.ENSEMBLE_MAX_BINS,
    "PARLEY_BEST_POSITION_MAX_GRID":
        lambda: parley._analysis.BEST_POSITION_MAX_GRID,
    "PARLEY_LEVERAGE_MAX_TOP": lambda: parley._analysis.LEVERAGE_MAX_TOP,
    "PARLEY_NOISE_MAX_SIZE": lambda: parley._analysis.NOISE_MAX_SIZE,
}


def _program():
    lines = ["#include <stddef.h>", "#include <stdio.h>",
             '#include "parley/parley.h"', "int main(void) {"]
    for name, cls in sorted(_lib.STRUCTS.items()):
        lines.append('    printf("%s %%zu\\n", sizeof(%s));' % (name, name))
        for field in cls._fields_:
            c = _C_NAMES.get(field[0], field[0])
            lines.append('    printf("%s.%s %%zu\\n", offsetof(%s, %s));'
                         % (name, field[0], name, c))
    for name in sorted(_CONSTANTS):
        lines.append('    printf("%s %%llu\\n", (unsigned long long)(%s));'
                     % (name, name))
    lines += ["    return 0;", "}"]
    return "\n".join(lines) + "\n"


def _include_dirs(tmp_path):
    """$PARLEY_INCLUDE_DIRS (':'-separated; CTest passes the build's) and
    include/.  Without a generated parley/version.h (a build makes it from
    version.h.in), one is written from the package's version."""
    dirs = [d for d in os.environ.get("PARLEY_INCLUDE_DIRS", "").split(":")
            if d] + [os.path.join(ROOT, "include")]
    template = os.path.join(ROOT, "include", "parley", "version.h.in")
    if os.path.exists(template) and not any(
            os.path.exists(os.path.join(d, "parley", "version.h"))
            for d in dirs):
        major, minor, patch = parley.VERSION.split(".")
        with open(template) as fh:
            text = fh.read()
        for key, value in (("@PROJECT_VERSION@", parley.VERSION),
                           ("@PROJECT_VERSION_MAJOR@", major),
                           ("@PROJECT_VERSION_MINOR@", minor),
                           ("@PROJECT_VERSION_PATCH@", patch)):
            text = text.replace(key, value)
        (tmp_path / "parley").mkdir()
        (tmp_path / "parley" / "version.h").write_text(text)
        dirs.append(str(tmp_path))
    return dirs


def test_struct_layouts(tmp_path):
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc or not os.path.isdir(os.path.join(ROOT, "include")):
        pytest.skip("no C compiler or no headers")
    src = tmp_path / "layout.c"
    src.write_text(_program())
    exe = tmp_path / "layout"
    flags = []
    for d in _include_dirs(tmp_path):
        flags += ["-I", d]
    subprocess.run([cc, "-std=c11"] + flags + [str(src), "-o", str(exe)],
                   check=True)
    out = subprocess.run([str(exe)], check=True, stdout=subprocess.PIPE)
    want = {}
    for line in out.stdout.decode().splitlines():
        key, value = line.split()
        want[key] = int(value)
    got = {}
    for name, cls in _lib.STRUCTS.items():
        got[name] = ctypes.sizeof(cls)
        for field in cls._fields_:
            got["%s.%s" % (name, field[0])] = getattr(cls, field[0]).offset
    for name, value in _CONSTANTS.items():
        got[name] = value()
    assert got == want
    assert len(want) > 200


def test_only_public_symbols():
    # the package must not depend on symbols the shared library hides
    assert not [n for n in _lib._PROTOTYPES if not n.startswith("parley_")
                or n.startswith("parley_i_")]
    lib = _lib.lib()
    for name in _lib._PROTOTYPES:
        assert getattr(lib, name) is not None


def test_library_not_found_is_an_exception(tmp_path):
    # a missing library is an exception at the first call, not a crash
    # at import
    code = ("import parley\n"
            "try:\n"
            "    parley.forecast()\n"
            "except parley.LibraryNotFound as e:\n"
            "    print('LibraryNotFound', 'PARLEY_LIBRARY' in str(e))\n")
    pkg = os.path.dirname(os.path.dirname(parley.__file__))
    env = dict(os.environ, PARLEY_LIBRARY=str(tmp_path / "libnone.so"),
               PYTHONPATH=pkg)
    env.pop("LD_PRELOAD", None)
    out = subprocess.run([sys.executable, "-c", code], env=env,
                         stdout=subprocess.PIPE, check=True)
    assert out.stdout == b"LibraryNotFound True\n"
