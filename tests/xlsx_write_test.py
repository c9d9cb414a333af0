#!/usr/bin/env python3
"""`parley convert SCENARIO.json OUT.xlsx` writes the workbook documented in
docs/formats.md ("Spreadsheets"): read back with openpyxl (an independent
reader), every cell is checked against the JSON scenario parsed here with
Python's json module.

Usage: xlsx_write_test.py PARLEY SCRATCH_DIR SCENARIO.json...
Exits 77 (CTest: skipped) when openpyxl is missing."""
import json
import os
import subprocess
import sys

try:
    import openpyxl
except ImportError:
    print("openpyxl is missing: skipped (scripts/install-deps.sh installs python3-openpyxl)")
    sys.exit(77)


def value(v):
    """(number, note) of a JSON value: a number or {"value", "note"}."""
    if isinstance(v, dict):
        return v.get("value"), v.get("note")
    return v, None


def num_text(x):
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def check(parley, tmp, path):
    out = os.path.join(tmp, os.path.basename(path).replace(".json", ".xlsx"))
    if os.path.exists(out):
        os.remove(out)
    subprocess.run([parley, "convert", path, out], check=True)
    leftovers = [f for f in os.listdir(tmp) if f.startswith(".parley-xlsx-")]
    assert not leftovers, f"temporary files left: {leftovers}"
    sc = json.load(open(path, encoding="utf-8"))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Actors", "Issues", "Scenario"], wb.sheetnames
    assert wb.properties.title == sc["name"]
    assert (wb.properties.subject or None) == sc.get("description")
    issues = sc["issues"]
    wide = len(issues) > 1

    # ---- Issues
    rows = list(wb["Issues"].iter_rows(values_only=True))
    head = list(rows[0])
    assert head[:7] == ["Issue", "Description", "Min", "Max", "Status quo", "Outcome", "Labels"], head
    assert len(rows) == 1 + len(issues)
    for issue, row in zip(issues, rows[1:]):
        cell = dict(zip(head, row))
        scale = issue.get("scale", {})
        assert cell["Issue"] == issue["name"]
        assert cell["Description"] == issue.get("description")
        assert cell["Min"] == scale.get("min", 0) and cell["Max"] == scale.get("max", 100), cell
        sq, sq_note = value(issue.get("status_quo"))
        assert cell["Status quo"] == sq, (cell["Status quo"], sq)
        oc = issue.get("outcome")
        oc_value = oc.get("value") if isinstance(oc, dict) else oc
        assert cell["Outcome"] == oc_value, (cell["Outcome"], oc_value)
        labels = "; ".join(f"{num_text(l['at'])}={l['label']}" for l in scale.get("labels", []))
        assert (cell["Labels"] or "") == labels, (cell["Labels"], labels)
        notes = cell.get("Notes") or ""
        if sq_note:
            assert f"Status quo: {sq_note}" in notes
    # ---- Actors
    rows = list(wb["Actors"].iter_rows(values_only=True))
    head = list(rows[0])
    assert head[0] == "Actor"
    assert len(rows) == 1 + len(sc["actors"])
    n_cells = 0
    for actor, row in zip(sc["actors"], rows[1:]):
        cell = dict(zip(head, row))
        assert cell["Actor"] == actor["name"]
        if "Description" in cell:
            assert cell["Description"] == actor.get("description")
        notes = cell.get("Notes") or ""
        cap_actor, cap_note = value(actor.get("capability"))
        if cap_note:
            assert cap_note in notes
        for issue in issues:
            name = issue["name"]
            suffix = f" {name}" if wide else ""
            v = actor["values"].get(name)
            if v is None:  # absent cell: empty
                assert cell[f"Position{suffix}"] is None and cell[f"Salience{suffix}"] is None
                continue
            n_cells += 1
            pos, pos_note = value(v["position"])
            sal, sal_note = value(v["salience"])
            cap, cnote = value(v["capability"]) if "capability" in v else (cap_actor, None)
            assert cell[f"Position{suffix}"] == pos, (actor["name"], name, cell, pos)
            assert cell[f"Salience{suffix}"] == sal, (actor["name"], name, sal)
            got_cap = cell.get(f"Capability{suffix}", cell.get("Capability"))
            assert got_cap == cap, (actor["name"], name, got_cap, cap)
            for what, note in (("Position", pos_note), ("Salience", sal_note)):
                if note:
                    assert f"{what}{suffix}: {note}" in notes, (what, note, notes)
            if cnote:
                assert cnote in notes
    return n_cells


def main():
    parley, tmp = sys.argv[1], sys.argv[2]
    os.makedirs(tmp, exist_ok=True)
    total = 0
    for path in sys.argv[3:]:
        total += check(parley, tmp, path)
    # a failed write leaves neither the target nor a temporary file
    bad = os.path.join(tmp, "no-such-dir", "x.xlsx")
    r = subprocess.run([parley, "convert", sys.argv[3], bad], capture_output=True)
    assert r.returncode != 0 and not os.path.exists(bad)
    print(f"xlsx: {len(sys.argv) - 3} scenarios, {total} cells read back by openpyxl as written")


main()
