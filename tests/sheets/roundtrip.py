#!/usr/bin/env python3
"""JSON -> .xlsx -> JSON loses nothing (issue 14).

    python3 roundtrip.py PARLEY SOURCE_DIR TMP

For the default scenario (data/scenarios/six_party_2019.json, a note on
every value citing its source), every shipped case (data/cases, its gpl
folder) and every JSON scenario under tests/data that loads, it compares

    parley convert X.json a.json                       (what the scenario holds)
    parley convert X.json b.xlsx; parley convert b.xlsx c.json

and requires a.json == c.json, byte for byte.  It also reads b.xlsx with
openpyxl (an independent reader) and checks that the workbook holds the
Scenario, Issues and Actors sheets with the scenario's name and every
per-value note of the default scenario.
"""
import glob
import json
import os
import shutil
import subprocess
import sys

PARLEY, SRC, TMP = sys.argv[1:4]
PARLEY = os.path.abspath(PARLEY)
SRC = os.path.abspath(SRC)
shutil.rmtree(TMP, ignore_errors=True)
os.makedirs(TMP)
failures = []


def run(*args):
    r = subprocess.run([PARLEY, *args], cwd=TMP, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


paths = [os.path.join(SRC, "data/scenarios/six_party_2019.json")]
paths += sorted(glob.glob(os.path.join(SRC, "data/cases/*.json")))
paths += sorted(glob.glob(os.path.join(SRC, "data/cases/gpl/*.json")))
paths += sorted(p for p in glob.glob(os.path.join(SRC, "tests/data/**/*.json"), recursive=True)
                if "/bad/" not in p)
# a scenario written to be hard: numbers that need 17 digits, notes and
# labels holding "; " and ':', text with line breaks and non-ASCII letters,
# per-issue capabilities, an absent cell, a status quo and a dated outcome
# with notes, saliences on 0-1
HARD = {
    "parley": 1, "name": "Côte d'Ivoire: talks; round 2", "description": "line one\nline two",
    "source": "a; b: c", "as_of": "2024-02-29", "salience_scale": 1,
    "issues": [
        {"name": "tax rate", "description": "percent; of income",
         "scale": {"min": -0.30000000000000004, "max": 100.1,
                   "labels": [{"at": -0.30000000000000004, "label": "none; at all"},
                              {"at": 50, "label": "half=half; 60=not a label"}]},
         "status_quo": {"value": 10.000000000000002, "note": "Outcome: not a key; Status quo"},
         "outcome": {"value": 20, "as_of": "2024-12-31", "source": "Gazette; p. 3",
                     "confidence": "medium", "note": "coded; Status quo: inside"}},
        {"name": "vat", "scale": {"min": 0, "max": 1}},
    ],
    "actors": [
        {"name": "gov", "description": "Government; the cabinet",
         "values": {"tax rate": {"position": {"value": 0.1, "note": "Salience vat: inside; x"},
                                 "salience": {"value": 0.30000000000000004, "note": "a:b"},
                                 "capability": {"value": 60, "note": "Capability"}},
                    "vat": {"position": 0.5, "salience": 1, "capability": 61}}},
        {"name": "opp", "values": {"tax rate": {"position": 99, "salience": 0.25,
                                                "capability": 1e-300}}},
        {"name": "biz", "values": {"vat": {"position": 0.75, "salience": 0.5,
                                           "capability": 1.7976931348623157e308}}},
    ],
}
import json
hard = os.path.join(TMP, "hard.json")
with open(hard, "w", encoding="utf-8") as f:
    json.dump(HARD, f, ensure_ascii=False)
paths.insert(1, hard)
tried = 0
for k, path in enumerate(paths):
    a, b, c = (os.path.join(TMP, f"{k}{ext}") for ext in ("a.json", "b.xlsx", "c.json"))
    s, _, err = run("convert", path, a)
    if s != 0:
        if k < 2 + len(glob.glob(os.path.join(SRC, "data/cases/*.json"))):
            failures.append(f"convert {path} to JSON: status {s}\n{err}")
        continue  # a malformed test input
    tried += 1
    ja = open(a, encoding="utf-8").read()
    for b in (b, b.replace(".xlsx", ".csv")):
        kind = os.path.splitext(b)[1]
        s, _, err = run("convert", path, b)
        if s != 0:
            failures.append(f"convert {path} to {kind}: status {s}\n{err}")
            continue
        s, _, err = run("convert", b, c)
        if s != 0:
            failures.append(f"convert {path} {kind} back to JSON: status {s}\n{err}")
            continue
        jc = open(c, encoding="utf-8").read()
        if kind == ".csv" and not open(b, encoding="utf-8").read().startswith("# scenario: "):
            # a table without "#" lines is named after its file (documented)
            jc = jc.replace(f'"name": "{k}b",', f'"name": {json.dumps(json.loads(ja)["name"], ensure_ascii=False)},', 1)
        if ja != jc:
            import difflib
            diff = "".join(list(difflib.unified_diff(ja.splitlines(True), jc.splitlines(True),
                                                     "json", f"json via {kind}"))[:40])
            failures.append(f"{path}: JSON -> {kind} -> JSON differs\n{diff}")
        else:
            print(f"ok: {os.path.relpath(path, SRC)} round-trips through {kind} ({len(ja)} bytes)")

# the default scenario's workbook, read by openpyxl
try:
    import json
    import openpyxl
    six = json.load(open(paths[0], encoding="utf-8"))
    wb = openpyxl.load_workbook(os.path.join(TMP, "0b.xlsx"))
    if wb.sheetnames != ["Actors", "Issues", "Scenario"]:
        failures.append(f"six_party sheets {wb.sheetnames}")
    fields = {r[0]: r[1] for r in wb["Scenario"].iter_rows(min_row=2, values_only=True)}
    if fields.get("Name") != six["name"] or fields.get("As of") != six["as_of"] or \
            fields.get("Salience scale") != 100:
        failures.append(f"six_party Scenario sheet {fields}")
    notes = " ".join(str(r[-1]) for r in wb["Actors"].iter_rows(min_row=2, values_only=True))
    n_notes = 0
    for actor in six["actors"]:
        for issue, v in actor["values"].items():
            for what in ("position", "salience"):
                x = v[what]
                if isinstance(x, dict) and x.get("note"):
                    n_notes += 1
                    if x["note"] not in notes:
                        failures.append(f"six_party: note of {actor['name']}.{issue}.{what} "
                                        "not in the Actors sheet")
    print(f"ok: six_party workbook holds {n_notes} position and salience notes (openpyxl)")
except ImportError:
    print("openpyxl missing: the workbook's content was not read independently")

if tried < 20:
    failures.append(f"only {tried} scenarios tried")
print(f"{tried} scenarios converted JSON -> .xlsx -> JSON")
for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
