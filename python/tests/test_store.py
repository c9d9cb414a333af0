"""parley.Store: runs stored by the CLI read from Python, a Python forecast
stored and reprinted byte for byte, diff worked by hand, errors."""

import math
import os
import sqlite3
import warnings

import pytest

import parley

SMALL = "tests/data/cli/small.json"


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "runs.db")


def test_cli_runs_read_from_python(cli, db):
    cli(["forecast", SMALL, "-m", "mean", "--store", db])
    cli(["forecast", SMALL, "-m", "mean", "--store", db,
         "--set", "health.budget.position=40"])
    with parley.Store(db) as st:
        runs = st.runs()
        assert [r.id for r in runs] == [1, 2]
        assert runs[0].command == "forecast"
        assert runs[0].models == ["mean"]
        assert runs[0].scenario == "three ministries"
        assert st.run(2).command_line.endswith(
            "--set health.budget.position=40")
        # weights c x s = 45, 24, 8: (45*12.5 + 24*55 + 8*35)/77, and with
        # health at 40: (45*12.5 + 24*40 + 8*35)/77
        r1, r2 = st.results(1), st.results(2)
        assert r1[0]["issue"] == "budget" and r1[0]["model"] == "mean"
        assert math.isclose(r1[0]["forecast"], 2162.5 / 77, rel_tol=1e-15)
        assert math.isclose(r2[0]["forecast"], 1802.5 / 77, rel_tol=1e-15)
        d = st.diff(1, 2)
        assert "actor health, issue budget, position: 55 -> 40\n" in d
        assert st.show(1, "csv").encode() == cli(
            ["forecast", SMALL, "-m", "mean", "-f", "csv"])
        # the what-if run's own output is its "whatif" document
        assert st.show(2).encode() == cli(
            ["runs", "show", "2", "--store", db])
        assert st.list_text().encode() == cli(["runs", "list", "--store", db])
        assert st.list_text(model="eu") == "No runs match.\n"
        s2 = st.scenario(2)
        assert s2.to_dict()["actors"][1]["values"]["budget"]["position"] == 40
        assert st.runs(model="eu") == []
        assert len(st.runs(scenario="ministries")) == 2
        assert "<svg" in st.chart_html([1, 2])
        st.remove(1)
        assert [r.id for r in st] == [2]
        with pytest.raises(parley.ParleyError) as e:
            st.run(1)
        assert "no run 1" in str(e.value)


def test_python_forecast_stored(db):
    f = parley.forecast(SMALL, models=["mean", "median"])
    with parley.Store(db, create=True) as st:
        rid = st.put(f, command_line="notebook cell 3")
        assert rid == 1
        assert st.show(rid) == f.to_table()
        assert st.show(rid, "json") == f.to_json()
        run = st.run(rid)
        assert run.command == "python" and run.models == ["mean", "median"]
        assert st.params(rid)["median"] == "tie=lower"
    f.close()


def test_errors(tmp_path, db):
    with pytest.raises(parley.ParleyError) as e:
        parley.Store(db)  # missing, and not created
    assert e.value.file == db
    assert not os.path.exists(db)
    other = str(tmp_path / "other.db")
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(x)")
    con.close()
    with pytest.raises(parley.ParleyError) as e:
        parley.Store(other)
    assert "not a parley store" in str(e.value)
    st = parley.Store(db, create=True)
    st.close()
    st.close()
    with pytest.raises(ValueError):
        st.runs()


def test_run_numbers_never_wrap(db):
    f = parley.forecast(SMALL, models=["mean"])
    with parley.Store(db, create=True) as st:
        for _ in range(3):
            st.put(f)
        for bad in (2 ** 64 + 3, 2 ** 63, 0, -1):
            with pytest.raises(parley.ParleyError):
                st.remove(bad)
            with pytest.raises(parley.ParleyError):
                st.run(bad)
        with pytest.raises(TypeError):
            st.run("1")
        with pytest.raises(TypeError):
            st.put("x")
        assert [r.id for r in st] == [1, 2, 3]
    f.close()


def test_show_every_kind(cli, db):
    cli(["ensemble", SMALL, "-m", "mean", "-n", "20", "--store", db])
    cli(["backtest", SMALL, "--outcomes", "tests/data/cli/outcomes.csv",
         "-m", "mean", "--store", db])
    with parley.Store(db) as st:
        assert st.show(1) == cli(["ensemble", SMALL, "-m", "mean",
                                  "-n", "20"]).decode()
        assert "mean" in st.show(2, "csv")
        with pytest.raises(parley.ParleyError):
            st.show(1, format="xml")


def test_typed_summaries(cli, db):
    # the stored rows against the JSON output of the same runs, printed by
    # another process; the backtest's MAE recomputed from its errors
    import json
    cli(["ensemble", SMALL, "-n", "30", "--seed", "5", "--store", db])
    cli(["leverage", SMALL, "--seed", "2", "--store", db])
    cli(["backtest", SMALL, "--outcomes", "tests/data/cli/outcomes.csv",
         "-m", "mean,median", "--store", db])
    ens = json.loads(cli(["ensemble", SMALL, "-n", "30", "--seed", "5",
                          "-f", "json"]))
    lev = json.loads(cli(["leverage", SMALL, "--seed", "2", "-f", "json"]))
    bt = json.loads(cli(["backtest", SMALL, "--outcomes",
                         "tests/data/cli/outcomes.csv", "-m", "mean,median",
                         "-f", "json"]))
    with parley.Store(db) as st:
        got = {(r["issue"], r["model"]): r for r in st.ensemble_summaries(1)}
        want = {(i["name"], r["model"]): r
                for i in ens["issues"] for r in i["results"]}
        assert set(got) == set(want) and want
        for k, r in want.items():
            assert got[k]["mean"] == r["mean"] and got[k]["sd"] == r["sd"]
            assert got[k]["q50"] == r["quantiles"]["50"]
        rows = st.leverage(2)
        assert [(r["rank"], r["actor"], r["effect"]) for r in rows] == \
            [(r["rank"], r["actor"], r["effect"]) for r in lev["rows"]]
        assert rows
        m = {(r["case"], r["model"]): r for r in st.backtest_metrics(3)}
        for model in ("mean", "median"):
            errs = [i["errors"][model] for c in bt["cases"]
                    for i in c["issues"]]
            assert math.isclose(m[("", model)]["mae"],
                                sum(abs(e) for e in errs) / len(errs),
                                rel_tol=1e-12)
            assert m[("", model)]["n"] == len(errs)
        assert st.leverage(1) == [] and st.ensemble_summaries(2) == []
        with pytest.raises(parley.ParleyError):
            st.leverage(99)


def test_null_bytes_refused(tmp_path):
    with pytest.raises(ValueError):
        parley.Store(str(tmp_path / "a.db") + "\0junk", create=True)
    with pytest.raises(ValueError):
        parley.forecast(SMALL + "\0x", models=["mean"])


def test_export_warns_for_experts(cli, db):
    """A run on several experts' codings stored their median table: export
    and scenario say so, in the words of `parley runs export`
    (parley_store_export); a run on one scenario exports silently."""
    e = "tests/data/experts/"
    cli(["forecast", "--experts", e + "a.json", e + "c.json", "-m", "mean",
         "--store", db])
    cli(["forecast", SMALL, "-m", "mean", "--store", db])
    words = ("run 1 used several experts' codings; the export is their "
             "median table, which reproduces a forecast but not an "
             "ensemble's draws from the codings")
    with parley.Store(db) as st:
        with pytest.warns(UserWarning) as w:
            text = st.export(1)
        assert [str(x.message) for x in w] == [words]
        assert w[0].filename == __file__  # at the caller's line
        assert text.encode() == cli(["runs", "export", "1", "--store", db])
        with pytest.warns(UserWarning, match="run 1 used several experts'"):
            s = st.scenario(1)
        assert s.to_dict()["actors"]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            st.export(2)
            st.scenario(2)
        with pytest.raises(parley.ParleyError) as err:
            st.export(3)
        assert "no run 3" in str(err.value)


def test_export_refuses_a_corrupt_scenario(db):
    """A stored scenario that no longer reads raises ParleyError naming the
    run, instead of being handed on (schema 2 keeps it as a raw LZMA2 text,
    docs/store.md)."""
    lzma = pytest.importorskip("lzma")
    f = parley.forecast(SMALL, models=["mean"])
    with parley.Store(db, create=True) as st:
        st.put(f)
    text = b'{"actors": [1, 2'
    body = lzma.compress(text, format=lzma.FORMAT_RAW, filters=[
        {"id": lzma.FILTER_LZMA2, "preset": 2, "dict_size": 4096}])
    con = sqlite3.connect(db)
    cur = con.execute("INSERT INTO texts (base, size, body) VALUES (NULL, ?, ?)",
                      (len(text), body))
    con.execute("UPDATE scenarios SET text_id = ?", (cur.lastrowid,))
    con.commit()
    con.close()
    with parley.Store(db) as st:
        with pytest.raises(parley.ParleyError) as e:
            st.export(1)
        assert "run 1: its stored scenario does not read" in str(e.value)
        assert st.results(1)[0]["issue"] == "budget"
