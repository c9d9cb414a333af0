"""Bad input raises ParleyError with the location, never crashes: the
whole malformed-input corpus (tests/data/bad), bad dicts, bad
parameters."""

import glob
import json
import os
import subprocess

import pytest

import parley

BAD = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "tests", "data", "bad")
FILES = sorted(f for f in os.listdir(BAD)
               if f.rsplit(".", 1)[-1] in ("csv", "json", "txt", "xml"))


def _format(name):
    # the reader each corpus file is meant for (tests/unit/test_bad_inputs.c)
    for prefix, fmt in (("decide_", "decide"), ("ktabxml_", "ktab-xml"),
                        ("ktab_", "ktab"), ("json_", "json")):
        if name.startswith(prefix):
            return fmt
    return "table"


def test_corpus_is_there():
    assert len(FILES) >= 60


@pytest.mark.parametrize("name", FILES)
def test_bad_corpus(name):
    with open(os.path.join(BAD, name), "rb") as fh:
        data = fh.read()
    with open(os.path.join(BAD, name.rsplit(".", 1)[0] + ".expected"),
              encoding="utf-8", errors="replace") as fh:
        expected = fh.read().splitlines()
    with pytest.raises(parley.ParleyError) as ei:
        parley.Scenario.from_text(data, _format(name), file="bad/" + name)
    e = ei.value
    assert [d.text for d in e.diagnostics] == expected
    first = [d for d in e.diagnostics if d.severity == "error"][0]
    assert str(e) == first.text
    assert (e.file, e.line, e.column, e.path) == \
        (first.file, first.line, first.column, first.path)
    assert e.file == "bad/" + name
    assert e.line > 0 or e.path or "file" in e.message or e.column == 0
    assert e.status in (4, 5)  # parse or data error


@pytest.mark.parametrize("name", [f for f in FILES if f.endswith(".csv")
                                  or f.endswith(".json")][:40])
def test_bad_file_by_path(name):
    path = os.path.join(BAD, name)
    with pytest.raises(parley.ParleyError) as ei:
        parley.forecast(path, models=["mean"])
    assert ei.value.file == path
    assert ei.value.diagnostics


def test_line_and_column():
    path = "tests/data/bad/decide_nan_inf.txt"
    with pytest.raises(parley.ParleyError) as ei:
        parley.Scenario.from_file(path, format="decide")
    e = ei.value
    assert (e.file, e.line, e.column) == (path, 4, 12)
    assert "finite number" in e.message
    assert str(e).startswith(path + ":4:12: ")


def test_dict_error_has_json_path():
    d = {"parley": 1, "name": "x",
         "issues": [{"name": "tax", "lo": 0, "hi": 100}],
         "actors": [{"name": "A", "capability": 1,
                     "values": {"tax": {"position": 150, "salience": 1}}}]}
    with pytest.raises(parley.ParleyError) as ei:
        parley.forecast(d)
    e = ei.value
    assert e.path.startswith("$.")
    assert e.file == "<dict>"


def test_missing_file():
    with pytest.raises(parley.ParleyError) as ei:
        parley.forecast("tests/data/no/such.json")
    assert ei.value.status == 3 and ei.value.status_name
    assert ei.value.file == "tests/data/no/such.json"


def test_binary_garbage_does_not_crash():
    for data in (b"\x00\x01\x02", b"\xff" * 1000, b"{" * 5000, b"",
                 b"<?xml version='1.0'?><a>", "é,ü\n".encode("utf-16")):
        for fmt in ("json", "table", "decide", "ktab", "ktab-xml"):
            with pytest.raises(parley.ParleyError):
                parley.Scenario.from_text(data, fmt, file="x")


def test_bad_arguments():
    with pytest.raises(parley.ParleyError, match="unknown model"):
        parley.forecast(models=["nope"])
    with pytest.raises(parley.ParleyError, match="q must be"):
        parley.forecast(models=["eu"], params={"eu.q": 2})
    with pytest.raises(parley.ParleyError):
        parley.forecast(models=["eu"], params={"eu.nosuchkey": 1})
    with pytest.raises(parley.ParleyError, match="preset"):
        parley.forecast(models=["eu"], preset="nope")
    with pytest.raises(parley.ParleyError, match="none of the selected"):
        parley.forecast(models=["mean"], preset="bdm1994")
    with pytest.raises(parley.ParleyError, match="none of the selected"):
        parley.forecast(models=["mean"], rounds=5)
    with pytest.raises(parley.ParleyError, match="seed"):
        parley.forecast(seed=-1)
    with pytest.raises(parley.ParleyError, match="seed"):
        parley.forecast(seed=2 ** 63)
    with pytest.raises(parley.ParleyError, match="rounds"):
        parley.forecast(models=["eu"], rounds=0)
    with pytest.raises(parley.ParleyError, match="format"):
        parley.Scenario.from_text("{}", "yaml")
    with pytest.raises(TypeError):
        parley.forecast(3.5)
    with pytest.raises(TypeError):
        parley.forecast(models=["eu"], nounderscore=1)


def test_no_leak_of_half_built_objects():
    # a failing forecast releases what it made (checked under ASan)
    for _ in range(50):
        with pytest.raises(parley.ParleyError):
            parley.forecast("tests/data/bad/json_empty.json")
        with pytest.raises(parley.ParleyError):
            parley.forecast(models=["eu"], params={"eu.q": 7})


def test_glob_of_fuzz_regressions_does_not_crash():
    # every fuzzer regression input of the repository, through every reader
    root = os.path.dirname(BAD)
    files = glob.glob(os.path.join(root, "**", "fuzz_regressions", "*"),
                      recursive=True)
    for path in files:
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as fh:
            data = fh.read()
        for fmt in ("json", "table", "decide", "ktab", "ktab-xml"):
            try:
                parley.Scenario.from_text(data, fmt, file="f").close()
            except parley.ParleyError:
                pass


def test_file_name_not_utf8(tmp_path):
    # a name from os.listdir holds the byte 0xFF as a lone surrogate (PEP
    # 383): it reaches C as the byte (not UnicodeEncodeError), and the JSON
    # report writes it as U+FFFD (not "out of memory") -- attack pass F1
    here = os.path.dirname(os.path.abspath(__file__))
    small = os.path.join(here, "..", "..", "tests", "data", "cli", "small.json")
    with open(small, "rb") as f:
        data = f.read()
    with open(os.path.join(os.fsencode(str(tmp_path)), b"g\xff.json"), "wb") as f:
        f.write(data)
    (name,) = os.listdir(str(tmp_path))
    path = os.path.join(str(tmp_path), name)
    fc = parley.forecast(path, "mean")
    doc = json.loads(fc.to_json())
    assert doc["scenario"]["file"].endswith("/g\ufffd.json")
    assert parley.Scenario.from_file(path).name == "three ministries"


def test_argument_types_and_statuses():
    # attack pass F4: a wrong type is TypeError (docs/python.md), not
    # ValueError or AttributeError; every --param mistake is EINVAL
    with pytest.raises(TypeError, match="shock must be a number, not 'x'"):
        parley.ensemble(models="mean", replicates=2, shock="x")
    with pytest.raises(TypeError, match="drop_rate must be a number"):
        parley.ensemble(models="mean", replicates=2, drop_rate="x")
    with pytest.raises(TypeError, match="noise size of position must be"):
        parley.ensemble(models="mean", replicates=2,
                        noise={"position": ("normal", "x")})
    for bad in ("eu.q=2", ["eu.q=2"]):
        with pytest.raises(TypeError, match="params must be a dict"):
            parley.forecast(models="eu", params=bad)
    statuses = []
    for params in ({"eu.zz": 1}, {"eu.q": "abc"}):
        with pytest.raises(parley.ParleyError) as ei:
            parley.forecast(models="eu", params=params)
        statuses.append(ei.value.status)
    assert statuses == [1, 1]
    with pytest.raises(parley.ParleyError,
                       match=r"from 1 to 2\^40, not 0"):
        parley.ensemble(models="mean", replicates=0)


def test_text_is_the_cli_location():
    # the CLI prints FILE:$.PATH: error: MESSAGE; str(e) and text are the
    # same location, without the space that once followed FILE
    with pytest.raises(parley.ParleyError) as ei:
        parley.Scenario.from_file("tests/data/cli/bad_values.json")
    assert str(ei.value).startswith(
        "tests/data/cli/bad_values.json:$.actors[0].values.tariff.position: "
        "position 30 is outside")
    assert ei.value.diagnostics[0].text == str(ei.value)


def test_empty_file_name():
    # the CLI's "empty scenario file name" (exit 2; parley_input_files_check),
    # not an unnamed "cannot open" (status 3; attack pass)
    for call in (lambda: parley.forecast(""), lambda: parley.load(""),
                 lambda: parley.Scenario.from_file(b"")):
        with pytest.raises(parley.ParleyError,
                           match="^empty scenario file name$") as e:
            call()
        assert e.value.status_name == "invalid argument"


def test_stdin_read_once():
    # the scenario and its outcomes cannot both be standard input, as the
    # CLI refuses 'parley forecast - --outcomes -' (nothing is read)
    with pytest.raises(parley.ParleyError,
                       match=r"the scenario and outcomes= cannot both be "
                             r"'-' \(standard input\)") as e:
        parley.Scenario.from_file("-", outcomes="-")
    assert e.value.status_name == "invalid argument"


S = "tests/data/cli/small.json"


@pytest.mark.parametrize("call", [
    lambda: parley.forecast(S, models=["mean"], seed="1"),
    lambda: parley.forecast(S, models=["mean"], rounds="5"),
    lambda: parley.ensemble(S, models=["mean"], replicates="5"),
    lambda: parley.leverage(S, models=["mean"], grid="x"),
    lambda: parley.forecast(S, models=["eu"], preset=1),
    lambda: parley.leverage(S, models=["mean"], effect="x"),
    lambda: parley.leverage(S, models=["mean"], step="x"),
    lambda: parley.backtest(S, models=["mean"], noise="x"),
    lambda: parley.forecast(S, models=["mean"], bounds="x"),
    lambda: parley.backtest(S, models=["mean"], sq_replicates="x"),
])
def test_wrong_type_is_type_error(call):
    # docs/python.md: a wrong Python type raises TypeError (the attack
    # pass found ParleyError and ValueError for these)
    with pytest.raises(TypeError):
        call()


@pytest.mark.parametrize("call", [
    lambda: parley.ensemble(S, models=["mean"], shock=0.5, replicates=2),
    lambda: parley.forecast(S, models=["mean"], params={"eu.q": 1}),
    lambda: parley.forecast(S, models=["eu"], params={"eu.nope": 1}),
])
def test_setting_mistakes_are_einval(call):
    # one status for parameter mistakes, as docs/python.md says (were 7
    # and 6 for a setting no selected model takes, a model not selected)
    with pytest.raises(parley.ParleyError) as e:
        call()
    assert e.value.status == 1


def test_bounds_overflow():
    # the width of bounds= that overflows is the argument's fault, not the
    # file's (the CLI printed a JSON path into a CSV file)
    with pytest.raises(parley.ParleyError, match="HI - LO overflows") as e:
        parley.forecast("tests/data/bdm/ec_auto_emissions_1994.csv",
                        models=["mean"], bounds=(-1e308, 1e308))
    assert e.value.status == 1


def test_numpy_whole_numbers_and_wrong_shapes():
    # a notebook's counts are often numpy integers: numbers.Integral is a
    # whole number everywhere an int is (and the same value as the int)
    np = pytest.importorskip("numpy")
    a = parley.ensemble(models="mean", replicates=np.int64(4), bins=np.int32(5),
                        seed=np.uint64(3), threads=np.int8(1))
    b = parley.ensemble(models="mean", replicates=4, bins=5, seed=3, threads=1)
    assert a.to_json() == b.to_json()
    assert parley.forecast(models="eu", rounds=np.int16(3)).to_json() == \
        parley.forecast(models="eu", rounds=3).to_json()
    with pytest.raises(parley.ParleyError, match="from 0 to 2\\^63-1, not -1"):
        parley.forecast(models="mean", seed=np.int64(-1))
    with pytest.raises(TypeError, match="whole number"):
        parley.forecast(models="mean", seed=np.float64(1.0))
    # wrong shapes name their argument (final attack pass of stop 23)
    with pytest.raises(TypeError, match=r"bounds must be \(lo, hi\), not \(0,\)"):
        parley.forecast(bounds=(0,))
    with pytest.raises(TypeError, match="noise must be a dict"):
        parley.ensemble(models="mean", replicates=2, noise="x")
    for bad in (1, [1], b"eu"):
        with pytest.raises(TypeError, match="models must be a model name"):
            parley.forecast(models=bad)
    with pytest.raises(TypeError, match="models must be a model name"):
        parley.ensemble(models=1, replicates=2)
    with pytest.raises(TypeError, match="whatif\\(\\) takes no sq_replicates"):
        parley.whatif(drop="Russia", sq_replicates=2)


@pytest.mark.parametrize("name", ["decide_no_cells.txt", "json_zero_weights.json",
                                  "ktab_loose_numbers.csv", "decide_nan_inf.txt"])
def test_diagnostics_worded_as_the_cli(name, root):
    """Python's diagnostics and the CLI's lines come from the same library
    code (parley_diag_format, parley_diags_describe): each line `parley
    validate` prints is "parley: " and the Diagnostic's text, with "error: "
    before an error's message (warnings and notes carry their word in
    both)."""
    exe = os.environ.get("PARLEY_CLI") or os.path.join(root, "build", "parley")
    if not os.access(exe, os.X_OK):
        pytest.skip("no parley binary (set PARLEY_CLI)")
    r = subprocess.run([exe, "validate", "bad/" + name],
                       cwd=os.path.join(root, "tests", "data"),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert r.returncode == 1
    with open(os.path.join(BAD, name), "rb") as fh:
        data = fh.read()
    with pytest.raises(parley.ParleyError) as ei:
        parley.Scenario.from_text(data, _format(name), file="bad/" + name)
    lines = []
    for d in ei.value.diagnostics:
        text = d.text
        if d.severity == "error":
            assert text.endswith(d.message)
            text = text[:len(text) - len(d.message)] + "error: " + d.message
        lines.append("parley: " + text)
    assert r.stderr.decode("utf-8").splitlines() == lines
