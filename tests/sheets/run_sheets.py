#!/usr/bin/env python3
"""Tests of the .xlsx/.ods readers and of European CSV, through the CLI.

    python3 run_sheets.py PARLEY SOURCE_DIR TMP

1. The EC auto-emissions table (tests/data/bdm/ec_auto_emissions_1994.csv)
   as .xlsx (openpyxl), .ods (hand-built), semicolon CSV with decimal
   commas and tab CSV with decimal commas: `parley forecast` prints exactly
   what it prints for the comma CSV, byte for byte, but for the file name.
   So do every-kind-of-cell workbooks against their CSV twins.
2. Sheet choice (FILE.xlsx#SHEET), --delimiter / --decimal, the ambiguous
   header.
3. The bad-input corpus: every bad_* fixture of make_fixtures.py gives,
   under `parley validate`, exit status 1 and exactly the messages of
   tests/sheets/bad/NAME.expected; `parley convert` leaves no file.
"""
import os
import shutil
import subprocess
import sys

PARLEY, SRC, TMP = sys.argv[1:4]
PARLEY = os.path.abspath(PARLEY)
EC = os.path.join(SRC, "tests/data/bdm/ec_auto_emissions_1994.csv")
EXPECTED = os.path.join(SRC, "tests/sheets/bad")
shutil.rmtree(TMP, ignore_errors=True)
os.makedirs(TMP)
subprocess.run([sys.executable, os.path.join(SRC, "tests/sheets/make_fixtures.py"), EC, TMP],
               check=True)
os.makedirs(os.path.join(TMP, "csv"))
shutil.copy(EC, os.path.join(TMP, "csv"))
failures = []


def run(*args, stdin=None):
    r = subprocess.run([PARLEY, *args], cwd=TMP, capture_output=True, text=True, input=stdin)
    return r.returncode, r.stdout, r.stderr


def same_forecast(a, b, *extra):
    sa, oa, ea = run("forecast", *extra, a)
    sb, ob, eb = run("forecast", b)
    if sa != 0 or sb != 0:
        failures.append(f"forecast {a}: status {sa}, {b}: {sb}\n{ea}{eb}")
        return
    def blind(text, path):  # the file name, and the scenario named after it
        stem = os.path.splitext(os.path.basename(path.split("#")[0]))[0]
        return text.replace(path, "FILE").replace(stem, "NAME")

    if blind(oa, a) != blind(ob, b):
        failures.append(f"forecast {a} differs from {b}")
    else:
        print(f"ok: forecast {a} {' '.join(extra)} = forecast {b} ({len(oa)} bytes)")


def expect(args, status, stderr_has, stdout_has=""):
    s, out, err = run(*args)
    if s != status or stderr_has not in err or stdout_has not in out:
        failures.append(f"parley {' '.join(args)}: status {s} (expected {status}); "
                        f"expected {stderr_has!r} in stderr:\n{err}")
    else:
        print(f"ok: parley {' '.join(args)}")


# 1. the same forecasts
ec = "csv/ec_auto_emissions_1994.csv"
for f in ("xlsx/ec_auto_emissions_1994.xlsx", "ods/ec_auto_emissions_1994.ods",
          "semicolon/ec_auto_emissions_1994.csv", "tab/ec_auto_emissions_1994.csv"):
    same_forecast(f, ec)
same_forecast("semicolon/ec_auto_emissions_1994.csv", ec, "--delimiter", ";", "--decimal", ",")
same_forecast("tab/ec_auto_emissions_1994.csv", ec, "--delimiter", "tab")
same_forecast("xlsx/ec_auto_emissions_1994.xlsx#Actors", ec)
same_forecast("kinds.xlsx", "kinds.csv")
same_forecast("formats.xlsx", "formats.csv")
same_forecast("repeat.ods", "repeat.csv")
same_forecast("good_hidden_sheet.xlsx#Visible", "good_small.ods")
same_forecast("good_hidden_sheet.xlsx#actors", "good_small.ods")
same_forecast("offset.xlsx", "good_small.ods")  # a table starting at B2

# 2. notes, options and their errors
expect(["validate", "semicolon/ec_auto_emissions_1994.csv"], 0,
       "semicolon/ec_auto_emissions_1994.csv:1: note: delimiter ';' detected from the header "
       "line; numbers may use a decimal comma (0,5) (--delimiter overrides)")
expect(["validate", "--decimal", ".", "semicolon/ec_auto_emissions_1994.csv"], 1,
       "semicolon/ec_auto_emissions_1994.csv:2:13: error: expected a number for Capability, "
       "found \"0,08\"")
expect(["validate", "--delimiter", ",", "semicolon/ec_auto_emissions_1994.csv"], 1,
       "error: unknown column \"Actor;Capability;Position;Salience\"")
with open(os.path.join(TMP, "ambiguous.csv"), "w") as f:
    f.write("Actor;Capability,Position;Salience\ngov;60,5;80;0,9\n")
expect(["validate", "ambiguous.csv"], 1,
       "ambiguous.csv:1:17: error: the header line holds both ';' and ',', so the delimiter is "
       "ambiguous (expected one of them; pass --delimiter ';' or --delimiter ',')")
expect(["validate", "--delimiter", ";", "ambiguous.csv"], 1,
       "ambiguous.csv:1:7: error: unknown column \"Capability,Position\"")
# a ';' in an issue's name of a ',' table with a Notes column (as parley convert
# writes it): ',' alone splits the header into known columns, Notes included
with open(os.path.join(TMP, "semicolon_name.csv"), "w") as f:
    f.write("Actor,Capability,Position a;b,Salience a;b,Notes\ngov,60,80,90,Position a;b: memo\n"
            "opp,40,10,60,\n")
expect(["validate", "semicolon_name.csv"], 0, "", "semicolon_name.csv: ok (2 actors, 1 issue)")
# a misspelt key in a "# issue:" line is not silently read as part of the name
with open(os.path.join(TMP, "misspelt_key.csv"), "w") as f:
    f.write("# issue: budget; colour=red\nActor,Capability,Position,Salience\ngov,60,80,0.9\n"
            "opp,40,10,0.6\n")
expect(["validate", "misspelt_key.csv"], 0,
        "misspelt_key.csv:1:18: warning: the issue name \"budget; colour=red\" holds \"colour=\", "
        "which is not a key of the line")
# Excel's CSV export of empty rows (",,,") above the header and after the
# last row reads as blank lines: skipped, as a blank first line is
with open(os.path.join(TMP, "empty_rows.csv"), "w") as f:
    f.write(",,,\n\nActor,Capability,Position,Salience\ngov,60,80,0.9\nopp,40,10,0.6\n,,,\n,,,\n")
expect(["validate", "empty_rows.csv"], 0, "", "empty_rows.csv: ok (2 actors, 1 issue)")
# the delimiter is detected from the header, not from a blank line above it
with open(os.path.join(TMP, "blank_first.csv"), "w") as f:
    f.write("\n\nActor;Capability;Position;Salience\ngov;60;80;0,9\nopp;40;10;0,6\n")
expect(["validate", "blank_first.csv"], 0,
       "blank_first.csv:3: note: delimiter ';' detected from the header line",
       "blank_first.csv: ok (2 actors, 1 issue)")
with open(os.path.join(TMP, "points.csv"), "w") as f:
    f.write("Actor;Capability;Position;Salience\ngov;60;80;0.9\nopp;40;10;0,6\n")
expect(["validate", "--decimal", ",", "points.csv"], 1,
       "points.csv:2:11: error: expected a number with a decimal comma for Salience "
       "(--decimal ,), found \"0.9\"")
expect(["validate", "points.csv"], 0, "", "points.csv: ok (2 actors, 1 issue)")
expect(["validate", "--delimiter", "|", "points.csv"], 2,
       "--delimiter must be ',', ';' or tab, not '|'")
expect(["validate", "--delimiter", ",", "--decimal", ",", "points.csv"], 1,
       "decimal commas need another delimiter than ','")
expect(["validate", "--decimal", ",", "csv/ec_auto_emissions_1994.csv"], 1,
       "csv/ec_auto_emissions_1994.csv:1: error: decimal commas need another delimiter than ',', "
       "and this table is separated by ','")
expect(["validate", "good_hidden_sheet.xlsx#Nope"], 1,
       "good_hidden_sheet.xlsx: error: no sheet \"Nope\" in the workbook (expected one of "
       "\"Actors\", \"Visible\")")
expect(["convert", "good_small.ods", "out.ods"], 2,
       "parley reads .ods but does not write it")
# a workbook read and written back as .xlsx (libxlsxwriter) reads the same
expect(["convert", "good_small.ods", "back.xlsx"], 0, "")
# a workbook converts to the same JSON as its CSV twin
expect(["convert", "kinds.xlsx", "kinds_xlsx.json"], 0, "")
expect(["convert", "kinds.csv", "kinds_csv.json"], 0, "")
if open(os.path.join(TMP, "kinds_xlsx.json")).read() != open(os.path.join(TMP, "kinds_csv.json")).read():
    failures.append("convert kinds.xlsx and kinds.csv give different JSON")

# a workbook through standard input (read whole, although it holds NUL bytes)
with open(os.path.join(TMP, "kinds.xlsx"), "rb") as f:
    r = subprocess.run([PARLEY, "validate", "-"], stdin=f, capture_output=True, text=True)
if r.returncode != 0 or "-: ok (3 actors, 1 issue)" not in r.stdout:
    failures.append(f"validate - < kinds.xlsx: status {r.returncode}\n{r.stderr}")

# the Status quo row: a table (CSV, .xlsx; .ods with the alias Reference
# point) with --bounds gives the forecasts of the JSON scenario that states
# the same status quo and bounds, the Nash bargaining solution included
for f in ("sq/sq.csv", "sq/sq.xlsx", "sq/sq.ods"):
    same_forecast(f, "sq/sq.json", "--bounds", "0,60", "--salience-scale", "100")
s, out, err = run("forecast", "-m", "nbs", "-f", "csv", "--bounds", "0,60", "sq/sq.csv")
nbs = [l for l in out.splitlines() if l.startswith("sq,nbs,ok,")]
if s != 0 or not nbs or nbs[0].split(",")[3] in ("10", "10.00"):
    failures.append(f"nbs on sq/sq.csv: status {s}, {nbs}\n{err}")
# a status quo beyond every position widens the inferred scale to [0, 55]
s, out, err = run("convert", "sq/wide.csv", "-", "--to", "json")
if s != 0 or '"min": 0' not in out or '"max": 55' not in out or '"status_quo": 0' not in out:
    failures.append(f"convert sq/wide.csv: status {s}\n{out}{err}")
# and a table written from a scenario with a status quo holds it
expect(["convert", "--lossy", "sq/sq.json", "sq/back.csv"], 0, "")
if "Status quo,,10,\n" not in open(os.path.join(TMP, "sq/back.csv")).read():
    failures.append("convert sq/sq.json sq/back.csv wrote no Status quo row")

# a workbook that holds a whole scenario (Actors with Notes, Issues,
# Scenario; make_fixtures.py) reads as the JSON scenario written by hand,
# as .xlsx (openpyxl) and as .ods
expect(["convert", "whole/whole.json", "whole/json.json"], 0, "")
for f in ("whole/whole.xlsx", "whole/whole.ods"):
    expect(["convert", f, f + ".json"], 0, "")
    if open(os.path.join(TMP, f + ".json")).read() != open(os.path.join(TMP, "whole/json.json")).read():
        failures.append(f"convert {f} differs from whole/whole.json")
    else:
        print(f"ok: {f} reads as whole/whole.json")

# merged ranges that hold no value give no warning (only a merged range
# whose top-left cell holds a value is named: bad_merged_cells.xlsx)
s, out, err = run("validate", "merged_empty.xlsx")
if s != 0 or "are merged" in err or "merged ranges" in err:
    failures.append(f"validate merged_empty.xlsx: status {s}, stderr:\n{err}")
else:
    print("ok: merged empty ranges say nothing")

# the same, as saved by LibreOffice Calc itself (tests/sheets/libreoffice/README.md)
shutil.copytree(os.path.join(SRC, "tests/sheets/libreoffice"), os.path.join(TMP, "libreoffice"))
for f in ("libreoffice/whole.ods", "libreoffice/whole.xlsx"):
    expect(["convert", f, f + ".json"], 0, "")
    if open(os.path.join(TMP, f + ".json")).read() != open(os.path.join(TMP, "whole/json.json")).read():
        failures.append(f"convert {f} (LibreOffice) differs from whole/whole.json")
    else:
        print(f"ok: {f} (LibreOffice) reads as whole/whole.json")
for f in ("libreoffice/ec_auto_emissions_1994.ods", "libreoffice/ec_auto_emissions_1994.xlsx"):
    same_forecast(f, ec)

# 3. the bad-input corpus
bad = sorted(f for f in os.listdir(TMP) if f.startswith("bad_"))
expected = sorted(f[:-len(".expected")] for f in os.listdir(EXPECTED) if f.endswith(".expected"))
if bad != expected:
    failures.append(f"corpus {bad} and expected messages {expected} differ")
for name in bad:
    s, out, err = run("validate", name)
    want = open(os.path.join(EXPECTED, name + ".expected")).read()
    if s != 1 or err != want:
        failures.append(f"validate {name}: status {s}, stderr:\n{err}expected:\n{want}")
    os.makedirs(os.path.join(TMP, "out"), exist_ok=True)
    s, out, err = run("convert", name, "out/out.json")
    left = os.listdir(os.path.join(TMP, "out"))
    if s != 1 or left:
        failures.append(f"convert {name}: status {s}, files left {left}:\n{err}")
print(f"{len(bad)} bad workbooks")
for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
