"""Checks the typed summaries of one stored run (issue 15; docs/store.md).

Usage: store_typed.py DB RUN KIND JSON
  KIND is ensemble, leverage or backtest; JSON is that run's output as
  `parley KIND -f json` printed it (in another process, or kept by an
  older parley).  Every number of the output must be in the tables, and
  nothing else; for a backtest, each case's and the library's MAE, RMSE,
  bias and within-10 share are also recomputed here from the per-issue
  errors (percent of the issue's scale) and must match the stored ones.
Exit 0 when all holds, 1 with the first differences printed.
"""
import json
import math
import sqlite3
import sys


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return a == b or abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    db, run, kind, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    out = json.load(open(path))
    con = sqlite3.connect(db)
    bad = []
    if kind == "ensemble":
        want = {}
        for issue in out["issues"]:
            for r in issue["results"]:
                qs = r.get("quantiles", {})
                want[(issue["name"], r["model"])] = tuple(
                    [r.get(c) for c in ("base", "n", "failed", "mean", "sd", "min", "max")] +
                    [qs.get(p) for p in ("5", "25", "50", "75", "95")])
        got = {(i, m): tuple(rest) for i, m, *rest in con.execute(
            "SELECT issue, model, base, n, failed, mean, sd, min, max, q5, q25, q50, q75, q95 "
            "FROM ensemble_summaries WHERE run_id = ?", (run,))}
        if set(got) != set(want):
            bad.append("ensemble rows differ: %s vs %s" % (sorted(got), sorted(want)))
        for k in want:
            if k in got and not all(same(a, b) for a, b in zip(got[k], want[k])):
                bad.append("summary %s: stored %s, output %s" % (k, got[k], want[k]))
        if not want:
            bad.append("the output has no summaries")
    elif kind == "leverage":
        want = [(r["rank"], r["actor"], r["issue"], r["input"], r["model"], r["effect"],
                 r["derivative"]) for r in out["rows"]]
        got = list(con.execute(
            "SELECT rank, actor, issue, input, model, effect, derivative FROM leverage "
            "WHERE run_id = ? ORDER BY rank", (run,)))
        if len(got) != len(want) or not want:
            bad.append("leverage: %d rows stored, %d in the output" % (len(got), len(want)))
        for g, w in zip(got, want):
            if g[:5] != w[:5] or not same(g[5], w[5]) or not same(g[6], w[6]):
                bad.append("leverage row: stored %s, output %s" % (g, w))
    elif kind == "backtest":
        cols = ("n", "mae", "rmse", "bias", "within10", "brier", "brier_constant_rate")
        stored = {}
        for c, m, *vals in con.execute(
                'SELECT "case", model, n, mae, rmse, bias, within10, brier, '
                'brier_constant_rate FROM backtest_metrics WHERE run_id = ?', (run,)):
            for k, v in zip(cols, vals):
                if v is not None:
                    stored[(c, m, k)] = v
        want = {}
        for case in out["cases"]:
            for m in case["models"]:
                for k in cols:
                    if m.get(k) is not None:
                        want[(case["name"], m["name"], k)] = m[k]
        for m in out["models"]:
            for k in cols:
                if m.get(k) is not None:
                    want[("", m["name"], k)] = m[k]
        rule = out.get("status_quo_rule") or {}
        for k in cols:
            if rule.get(k) is not None:
                want[("", "status_quo_rule", k)] = rule[k]
        if set(stored) != set(want) or not want:
            bad.append("backtest values differ: %s" % sorted(set(stored) ^ set(want))[:10])
        for k in want:
            if k in stored and not same(stored[k], want[k]):
                bad.append("metric %s: stored %s, output %s" % (k, stored[k], want[k]))
        # recomputed from the per-issue signed errors (forecast - outcome, in
        # percent of the scale): the case's and the library's metrics
        errs_all = {}
        for case in out["cases"]:
            errs = {}
            for issue in case["issues"]:
                lo, hi = issue["scale"]["min"], issue["scale"]["max"]
                for m, f in issue["forecasts"].items():
                    if f is not None:
                        # the forecasts are printed to 4 decimals, the errors in full
                        e = issue["errors"][m]
                        if abs(e - 100.0 * (f - issue["outcome"]) / (hi - lo)) > 0.01:
                            bad.append("error of %s in %s: %s" % (m, case["name"], e))
                        errs.setdefault(m, []).append(e)
                        errs_all.setdefault(m, []).append(e)
            for m, es in errs.items():
                check(bad, stored, case["name"], m, es)
        for m, es in errs_all.items():
            check(bad, stored, "", m, es)
    else:
        bad.append("unknown kind " + kind)
    for b in bad[:20]:
        print("FAIL:", b)
    return 1 if bad else 0


def check(bad, stored, case, model, es):
    n = len(es)
    calc = {"mae": sum(abs(e) for e in es) / n,
            "rmse": math.sqrt(sum(e * e for e in es) / n),
            "bias": sum(es) / n,
            "within10": sum(1 for e in es if abs(e) <= 10.0) / n,
            "n": n}
    for k, v in calc.items():
        s = stored.get((case, model, k))
        if s is None or abs(s - v) > 1e-6 * max(1.0, abs(v)):
            bad.append("recomputed %s of %s in case %r: %s, stored %s" % (k, model, case, v, s))


if __name__ == "__main__":
    sys.exit(main())
