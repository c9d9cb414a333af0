"""What-if, ensembles (with the progress callback) and leverage against
the CLI, byte for byte, and their Python values against the reports."""

import ctypes
import json
import subprocess
import warnings

import pytest

import parley
from conftest import _find_cli

SMALL = "tests/data/cli/small.json"


def test_whatif_equals_cli(cli):
    w = parley.whatif(SMALL, models=["mean", "eu"],
                      set=["finance.budget.position=10"], drop=["schools"])
    args = ["forecast", SMALL, "-m", "mean,eu", "--set",
            "finance.budget.position=10", "--drop", "schools"]
    assert w.to_json().encode() == cli(args + ["--format", "json"])
    assert w.to_table().encode() == cli(args)
    assert w.to_csv().encode() == cli(args + ["--format", "csv"])
    d = w.difference("budget", "mean")
    assert d == w.changed["budget"]["mean"].forecast - \
        w.base["budget"]["mean"].forecast
    assert d != 0


def test_whatif_by_hand():
    # dropping every actor but two leaves the weighted mean of those two
    text = ("Actor,Capability,Position,Salience\n"
            "A,1,0,1\nB,3,100,1\nC,5,50,1\n")
    with parley.Scenario.from_text(text, "table", file="t.csv") as s:
        w = parley.whatif(s, models=["mean"], drop=["C"])
        assert w.base[0]["mean"].forecast == pytest.approx(
            (0 * 1 + 100 * 3 + 50 * 5) / 9)
        assert w.changed[0]["mean"].forecast == pytest.approx(75.0)
        w2 = parley.whatif(s, models=["mean"], set="C.*.capability=0")
        assert w2.changed[0]["mean"].forecast == pytest.approx(75.0)


def test_whatif_errors():
    with pytest.raises(parley.ParleyError, match="no actor"):
        parley.whatif(SMALL, models=["mean"], drop=["nobody"])
    with pytest.raises(parley.ParleyError):
        parley.whatif(SMALL, models=["mean"], set=["finance.budget.x=1"])
    with pytest.raises(parley.ParleyError):
        parley.whatif(SMALL, models=["mean"],
                      set=["finance.budget.position=1000"])


def test_threads_env_checked(monkeypatch):
    # OpenMP crashed starting 100000 threads (issue 10): refused, as the
    # CLI refuses it, before any thread starts
    monkeypatch.setenv("OMP_NUM_THREADS", "100000")
    want = ("the environment variable OMP_NUM_THREADS must be a whole number "
            "from 1 to 1024 (or a comma-separated list of them), not '100000'")
    with pytest.raises(parley.ParleyError) as e:
        parley.ensemble(SMALL, models=["mean"], replicates=10)
    assert e.value.message == want
    with pytest.raises(parley.ParleyError) as e:
        parley.leverage(SMALL, models=["mean"])
    assert e.value.message == want


@pytest.mark.parametrize("scenario", [SMALL, None])
def test_ensemble_equals_cli(cli, scenario):
    calls = []
    e = parley.ensemble(scenario, models=["mean", "eu", "nbs"],
                        replicates=700, seed=5, bins=8,
                        progress=lambda done, total: calls.append(
                            (done, total)))
    args = ["ensemble", "-m", "mean,eu,nbs", "-n", "700", "--seed", "5",
            "--bins", "8", "-q"] + ([scenario] if scenario else [])
    assert e.to_json().encode() == cli(args + ["--format", "json"])
    assert e.to_csv().encode() == cli(args + ["--format", "csv"])
    assert calls and calls[-1] == (700, 700)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    doc = json.loads(e.to_json())
    for jt in doc["issues"]:
        for jr in jt["results"]:
            st = e[(jt["name"], jr["model"])]
            assert st.n == jr["n"] and st.failed == jr["failed"]
            assert st.histogram == jr["histogram"]
            assert st.mean == pytest.approx(jr["mean"], abs=1e-6)
            assert st.quantiles[50] == pytest.approx(
                jr["quantiles"]["50"], abs=1e-6)
            assert sum(st.histogram) == st.n


def test_ensemble_options_equal_cli(cli):
    e = parley.ensemble(SMALL, models=["eu"], replicates=300, seed=2,
                        noise={"position": ("uniform", 0.1)},
                        drop_rate=0.1, shock=0.2, set="finance.budget."
                        "position=10", threads=2)
    assert e.to_json().encode() == cli([
        "ensemble", SMALL, "-m", "eu", "-n", "300", "--seed", "2",
        "--noise", "position=uniform:0.1", "--drop-rate", "0.1", "--shock",
        "0.2", "--set", "finance.budget.position=10", "-q", "-j", "2",
        "--format", "json"])


def test_ensemble_threads_do_not_change_the_result():
    a = parley.ensemble(SMALL, models=["eu"], replicates=600, threads=1)
    b = parley.ensemble(SMALL, models=["eu"], replicates=600, threads=2)
    assert a.to_json() == b.to_json()


def test_ensemble_without_noise_repeats_one_run():
    with pytest.warns(UserWarning, match="nothing is perturbed"):
        e = parley.ensemble(SMALL, models=["mean"], replicates=50, noise={})
    for st in e.stats.values():
        assert st.sd == 0 and st.min == st.max
        assert st.mean == pytest.approx(st.base, abs=1e-6)


def _cli_stderr(args):
    exe = _find_cli()
    if not exe:
        pytest.skip("no parley binary (set PARLEY_CLI)")
    r = subprocess.run([exe] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=True)
    return r.stderr.decode()


def test_ensemble_nothing_perturbed_warns_as_cli():
    # res.nothing_perturbed: the CLI's warning, its options named as
    # Python's arguments (--no-noise is noise={})
    words = (("--no-noise", "noise={}"), ("--drop-rate", "drop_rate"),
             ("--shock", "shock"))
    said_py = []
    for kw, args in (({"noise": {}}, ["--no-noise"]),
                     ({"noise": {"position": ("none", 0)}},
                      ["--noise", "position=none"])):
        with pytest.warns(UserWarning) as w:
            parley.ensemble(SMALL, models=["mean"], replicates=7, **kw)
        assert len(w) == 1
        said = _cli_stderr(["ensemble", SMALL, "-m", "mean", "-n", "7",
                            "-q"] + args)
        assert said.startswith("parley: ensemble: warning: ")
        said = said[len("parley: ensemble: warning: "):].rstrip("\n")
        for c, py in words:
            said = said.replace(c, py)
        assert str(w[0].message) == said
        assert w[0].filename == __file__  # points at the caller
        said_py.append(said)
    assert said_py == [
        "nothing is perturbed (noise={}, no drop_rate or shock): all 7 "
        "replicates are the same run",
        "nothing is perturbed (every noise is none or 0, no drop_rate or "
        "shock): all 7 replicates are the same run"]
    # something perturbed, or a single replicate: no warning
    for kw in ({}, {"noise": {}, "drop_rate": 0.1},
               {"noise": {}, "shock": 0.2, "models": ["eu"]},
               {"noise": {}, "replicates": 1}):
        kw = dict({"models": ["mean"], "replicates": 7}, **kw)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parley.ensemble(SMALL, **kw)


def test_ensemble_experts_with_changes_refused_by_the_library():
    # parley.ensemble has no experts; the request the CLI refuses
    # (--experts with --set or --drop) is refused by the library too, in
    # words without dashes that Python shows as they are
    from parley import _lib
    e = parley.ensemble(SMALL, models=["mean"], replicates=2,
                        set="finance.budget.position=10")
    try:
        req = _lib.EnsembleRequest()
        ctypes.memmove(ctypes.byref(req), ctypes.byref(e._req),
                       ctypes.sizeof(req))
        experts = ctypes.create_string_buffer(4096)  # not read: refused
        req.experts = ctypes.addressof(experts)
        res, err = _lib.EnsembleResult(), _lib.Error()
        st = _lib.lib().parley_ensemble_result_init(
            ctypes.byref(res), ctypes.byref(req), ctypes.byref(err))
        _lib.lib().parley_ensemble_result_destroy(ctypes.byref(res))
        assert st == 1  # EINVAL
        msg = str(parley.ParleyError._from_c(err, st))
        assert msg == ("experts does not combine with set or drop (a "
                       "request with unchanged): each replicate draws its "
                       "table from the experts' codings")
    finally:
        e.close()


def test_report_formats_are_the_library_names():
    e = parley.ensemble(SMALL, models=["mean"], replicates=20)
    b = parley.backtest(SMALL, outcomes="tests/data/cli/outcomes.csv",
                        models=["mean"])
    try:
        for obj in (e, b):
            assert obj.report("json") == obj.to_json()
            for fmt in ("xml", "JSON", None, 1):
                with pytest.raises(parley.ParleyError) as x:
                    obj.report(fmt)
                assert x.value.status == 1  # EINVAL
                assert str(x.value) == ("unknown format '%s' (formats: "
                                        "table, json, csv)" % (fmt,))
    finally:
        e.close()
        b.close()


def test_ensemble_cancel_and_callback_exception():
    with pytest.raises(parley.ParleyError, match="cancel"):
        parley.ensemble(SMALL, models=["mean"], replicates=2000,
                        progress=lambda d, t: False)

    class Stop(Exception):
        pass

    def boom(d, t):
        raise Stop()
    with pytest.raises(Stop):
        parley.ensemble(SMALL, models=["mean"], replicates=2000,
                        progress=boom)


def test_ensemble_bad_options():
    for kw in ({"replicates": 0}, {"bins": 0}, {"drop_rate": 2},
               {"noise": {"position": ("cauchy", 1)}},
               {"noise": {"weight": ("normal", 1)}}):
        with pytest.raises(parley.ParleyError):
            parley.ensemble(SMALL, models=["mean"], **kw)


def test_leverage_equals_cli(cli):
    lv = parley.leverage(SMALL, models=["mean", "median", "eu"], top=0,
                         effect=0.2, step=0.1)
    args = ["leverage", SMALL, "-m", "mean,median,eu", "--top", "0",
            "--effect", "0.2", "--step", "0.1"]
    assert lv.to_json().encode() == cli(args + ["--format", "json"])
    assert lv.to_table().encode() == cli(args)
    doc = json.loads(lv.to_json())
    assert len(lv.rows) == len(doc["rows"])
    effects = [abs(r.effect) for r in lv.rows]
    assert effects == sorted(effects, reverse=True)


def test_leverage_of_the_mean_by_hand():
    # mean = sum(w x) / sum(w): d mean / d x_a = w_a / sum(w), so the
    # effect of a tenth of the scale is 0.1 (hi - lo) w_a / sum(w)
    text = ("Actor,Capability,Position,Salience\n"
            "A,1,0,1\nB,3,100,1\nC,4,40,1\n")
    with parley.Scenario.from_text(text, "table", file="t.csv") as s:
        lv = parley.leverage(s, models=["mean"], top=0)
    pos = {r.actor: r for r in lv.rows if r.field == "position"}
    for actor, w in (("A", 1), ("B", 3), ("C", 4)):
        assert pos[actor].effect == pytest.approx(0.1 * 100 * w / 8)
        assert pos[actor].derivative == pytest.approx(w / 8)
    leave = {r.actor: r for r in lv.rows if r.field == "leaves"}
    base = (0 + 300 + 160) / 8
    assert leave["C"].effect == pytest.approx((0 + 300) / 4 - base)


def test_leverage_best_position_of_a_dropped_actor():
    # the actor asked for has no stated position left: an error, not an
    # empty best_positions
    with pytest.raises(parley.ParleyError, match="takes part in no issue"):
        parley.leverage(None, models=["mean"], actor="USA", drop=["USA"])


def test_leverage_best_position_and_whatif_equal_cli(cli):
    lv = parley.leverage(None, models=["mean", "eu"], actor="Russia",
                         set="USA.denuclearisation.position=50",
                         drop="Japan")
    args = ["leverage", "-m", "mean,eu", "--actor", "Russia", "--set",
            "USA.denuclearisation.position=50", "--drop", "Japan"]
    assert lv.to_json().encode() == cli(args + ["--format", "json"])
    assert lv.to_table().encode() == cli(args)
    assert lv.unchanged is not None and lv.best
    doc = json.loads(lv.to_json())
    assert [(b["issue"], b["model"], b["stated"], b["forecast"])
            for b in doc["best_positions"]] == \
        [(b.issue, b.model, b.stated, b.forecast) for b in lv.best]
    one = parley.leverage(None, models=["median"], actor="Russia",
                          issue="denuclearisation", grid=51, top=5)
    assert one.to_table().encode() == cli([
        "leverage", "-m", "median", "--actor", "Russia", "--issue",
        "denuclearisation", "--grid", "51", "--top", "5"])
    b = one.best[0]
    assert b.issue == "denuclearisation" and b.model == "median"
    assert abs(b.forecast - b.ideal) <= abs(b.base_forecast - b.ideal)


def test_leverage_is_the_library_call(monkeypatch):
    # leverage() is parley_leverage_result_init: the table, the unchanged
    # forecasts and the best positions come from that one call, not from
    # Python driving the library's pieces (whose refusals it then had to
    # word again)
    lib = parley._lib.lib()

    def piece(*args):
        raise AssertionError("leverage() ran a piece of the library's call")
    for name in ("parley_leverage_compute", "parley_best_position",
                 "parley_best_positions_init", "parley_forecast_issue"):
        monkeypatch.setattr(lib, name, piece, raising=False)
    lv = parley.leverage(None, models=["mean"], actor="Russia",
                         issue="denuclearisation", drop="Japan", grid=11)
    assert lv.rows and lv.unchanged and len(lv.best) == 1
    assert lv.best[0].issue == "denuclearisation"
    with pytest.raises(parley.ParleyError,
                       match=r"^actor: no actor named 'Nobody' in the scenario "
                             r"\(actors: USA, China, Russia, DPRK, ROK, Japan\)$"):
        parley.leverage(None, models=["mean"], actor="Nobody")
    with pytest.raises(parley.ParleyError,
                       match="^issue: no issue named 'none' in the scenario$"):
        parley.leverage(None, models=["mean"], actor="Russia", issue="none")


def test_best_position_by_hand():
    # two actors, weights 1 and 3: the weighted mean is (x_A + 3 x_B) / 4,
    # so A (ideal 0, B at 40) brings it to its ideal 0 by stating
    # -120, off the scale: the best it can state is 0 (the bound), and
    # the forecast is then 30
    text = "Actor,Capability,Position,Salience\nA,1,0,1\nB,3,40,1\n"
    with parley.Scenario.from_text(text, "table", file="t.csv",
                                   bounds=(0, 100)) as s:
        lv = parley.leverage(s, models=["mean"], actor="A")
    b = lv.best[0]
    assert b.ideal == 0 and b.stated == pytest.approx(0)
    assert b.forecast == pytest.approx(30)
    with parley.Scenario.from_text(text.replace("A,1,0", "A,1,60"), "table",
                                   file="t.csv", bounds=(0, 100)) as s:
        lv = parley.leverage(s, models=["mean"], actor="A")
    # ideal 60: stating x gives (x + 120) / 4 = 60 at x = 120 > 100, so
    # the best is the bound 100 and the forecast 55
    assert lv.best[0].stated == pytest.approx(100)
    assert lv.best[0].forecast == pytest.approx(55)


def test_ensemble_per_actor_noise_equals_cli(cli):
    e = parley.ensemble(None, models=["median"], replicates=300,
                        noise={"salience": ("normal", 0.05),
                               "Russia.position": ("uniform", 0.2),
                               "USA.capability": ("none", 0)})
    assert e.to_json().encode() == cli([
        "ensemble", "-m", "median", "-n", "300", "-q", "--noise",
        "salience=normal:0.05", "--noise", "Russia.position=uniform:0.2",
        "--noise", "USA.capability=none", "--format", "json"])
    with pytest.raises(parley.ParleyError, match="no actor"):
        parley.ensemble(None, models=["median"], replicates=5,
                        noise={"Nobody.position": ("normal", 0.1)})


def test_limits_as_the_cli():
    # the CLI's limits (ensemble --bins, leverage --grid, no "combined" in
    # an analysis of single models) hold in Python too
    with pytest.raises(parley.ParleyError, match="bins must be .* 1 to 1000"):
        parley.ensemble(models=["mean"], replicates=2, bins=1001)
    with pytest.raises(parley.ParleyError, match="grid must be .* 3 to 1000000"):
        parley.leverage(models=["mean"], actor="USA", grid=10 ** 6 + 1)
    for run in (lambda: parley.ensemble(models=["combined"], replicates=2),
                lambda: parley.leverage(models="mean,combined")):
        with pytest.raises(parley.ParleyError, match="combined forecast is not"):
            run()
    assert parley.ensemble(models=["mean"], replicates=2, bins=1000).replicates == 2


def test_argument_messages():
    # a wrong shape is a wrong type (docs/python.md): TypeError naming noise
    with pytest.raises(TypeError, match=r"noise: position must be a pair .*not 0.1"):
        parley.ensemble(models=["mean"], replicates=2, noise={"position": 0.1})
    with pytest.raises(parley.ParleyError) as e:
        parley.ensemble(models=["eu"], replicates=2, shock=-1)
    assert str(e.value).count("-1") == 1, str(e.value)
    mp = parley.ModelParams(["eu"])
    mp.close()
    with pytest.raises(ValueError, match="closed"):
        mp.set("eu.q", 0.5)
    with pytest.raises(ValueError, match="closed"):
        mp.check()


def test_leverage_grid_needs_actor():
    # as `parley leverage --grid 11` (exit 2, "--grid needs --actor"): a grid
    # without an actor has no search to size (final attack pass)
    with pytest.raises(parley.ParleyError, match="grid needs actor") as e:
        parley.leverage(None, models=["mean"], grid=11)
    assert e.value.status == 1
