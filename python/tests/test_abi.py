"""The ctypes mirrors of the C structs (parley/_lib.py) against the
headers: a small C program, compiled here against include/parley, prints
every struct's size and every member's offset, and they must equal what
ctypes computes.  A header change that is not mirrored fails here, not as
a crash."""

import ctypes
import os
import shutil
import subprocess

import pytest

from parley import _lib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# C member names that differ from the ctypes field names
_C_NAMES = {"from_": "from"}


def _program():
    lines = ["#include <stddef.h>", "#include <stdio.h>",
             '#include "parley/parley.h"', "int main(void) {"]
    for name, cls in sorted(_lib.STRUCTS.items()):
        lines.append('    printf("%s %%zu\\n", sizeof(%s));' % (name, name))
        for field in cls._fields_:
            c = _C_NAMES.get(field[0], field[0])
            lines.append('    printf("%s.%s %%zu\\n", offsetof(%s, %s));'
                         % (name, field[0], name, c))
    lines += ["    return 0;", "}"]
    return "\n".join(lines) + "\n"


def test_struct_layouts(tmp_path):
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    include = os.path.join(ROOT, "include")
    if not cc or not os.path.isdir(include):
        pytest.skip("no C compiler or no headers")
    src = tmp_path / "layout.c"
    src.write_text(_program())
    exe = tmp_path / "layout"
    subprocess.run([cc, "-std=c11", "-I", include, str(src), "-o", str(exe)],
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
    assert got == want
    assert len(want) > 200


def test_only_public_symbols():
    # the package must not depend on symbols the shared library hides
    assert not [n for n in _lib._PROTOTYPES if not n.startswith("parley_")
                or n.startswith("parley_i_")]
    lib = _lib.lib()
    for name in _lib._PROTOTYPES:
        assert getattr(lib, name) is not None
