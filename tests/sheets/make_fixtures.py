#!/usr/bin/env python3
"""Writes the workbook and European-CSV fixtures of tests/sheets/run_sheets.py
into a directory (the files are generated at test time, not committed).

.xlsx files are written by openpyxl (python3-openpyxl) or, where openpyxl
cannot express a case (cached values of formulas, inline strings, hostile
archives), assembled part by part with zipfile as Excel lays them out.
.ods files are minimal OpenDocument spreadsheets (mimetype + content.xml,
and META-INF/manifest.xml), built with zipfile: LibreOffice is not needed.

    python3 make_fixtures.py EC_CSV OUTDIR
"""
import csv
import datetime
import os
import struct
import sys
import zipfile

import openpyxl

EC_CSV, OUT = sys.argv[1], sys.argv[2]
os.makedirs(OUT, exist_ok=True)
EC_NAME = "ec_auto_emissions_1994"


def p(name):
    return os.path.join(OUT, name)


def number(text):
    """The CSV cell as openpyxl should store it: an int, a float or a text."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


with open(EC_CSV, newline="") as f:
    EC = list(csv.reader(f))

# ---------------------------------------------------------------- European CSV
for sep, suffix in ((";", "semicolon"), ("\t", "tab")):
    os.makedirs(p(suffix), exist_ok=True)
    with open(p(f"{suffix}/{EC_NAME}.csv"), "w", newline="") as f:
        for row in EC:
            f.write(sep.join(c.replace(".", ",") for c in row) + "\r\n")

# ---------------------------------------------------------------- xlsx (openpyxl)
os.makedirs(p("xlsx"), exist_ok=True)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Actors"
for k, row in enumerate(EC):
    ws.append(row if k == 0 else [row[0]] + [number(c) for c in row[1:]])
notes = wb.create_sheet("Notes")
notes.append(["anything", "here", "is", "not", "read"])
wb.save(p(f"xlsx/{EC_NAME}.xlsx"))


def openpyxl_book(name, rows, title="Actors", tweak=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if tweak:
        tweak(wb, ws)
    wb.save(p(name))


HEAD = ["Actor", "Capability", "Position", "Salience"]
GOOD = [HEAD, ["gov", 60, 80, 0.9], ["opp", 40, 10, 0.6], ["biz", 25, 70, 1]]

# wrong type: a text where a number belongs (C3), a boolean (D4)
openpyxl_book("bad_wrong_type.xlsx", [HEAD, ["gov", 60, 80, 0.9], ["opp", 40, "high", 0.6],
                                      ["biz", 25, 70, True]])
# formula without a cached value (openpyxl stores formulas only)
openpyxl_book("bad_formula_no_value.xlsx", [HEAD, ["gov", 60, "=40*2", 0.9], ["opp", 40, 10, 0.6]])
# an error value
openpyxl_book("bad_error_cell.xlsx", [HEAD, ["gov", 60, 80, 0.9], ["opp", 40, 10, "#DIV/0!"]])
# a date
openpyxl_book("bad_date_cell.xlsx", [HEAD, ["gov", 60, 80, 0.9],
                                     ["opp", datetime.date(2024, 3, 1), 10, 0.6]])


def hide_first(wb, ws):
    ws.sheet_state = "hidden"
    other = wb.create_sheet("Visible")
    for row in GOOD:
        other.append(row)


# number formats that show numbers (a colour, a percentage, a quoted unit):
# read as numbers; a date format and an elapsed-time format: refused
def number_formats(wb, ws):
    ws["B2"].number_format = "[Magenta]0.00"
    ws["C2"].number_format = "0.0%"
    ws["D3"].number_format = '#,##0.00 "pts"'


def date_formats(wb, ws):
    ws["B3"].number_format = "dd/mm/yyyy"
    ws["C4"].number_format = "[h]:mm"


openpyxl_book("formats.xlsx", GOOD[:3], tweak=number_formats)
with open(p("formats.csv"), "w") as f:
    f.write("Actor,Capability,Position,Salience\ngov,60,80,0.9\nopp,40,10,0.6\n")
openpyxl_book("bad_custom_date.xlsx", GOOD, tweak=date_formats)



# merged cells: one salience typed once for two actors (D3:D4 merged, as an
# analyst might do); Excel keeps the value in D3 only, so D4 reads as empty
def merge_salience(wb, ws):
    ws.merge_cells("D3:D4")


openpyxl_book("bad_merged_cells.xlsx", GOOD, tweak=merge_salience)


# a title row above the header, merged across the table as analysts type it:
# one error at the title, not one per cell right of it
def merge_title(wb, ws):
    ws.insert_rows(1)
    ws["A1"] = "Six-Party Talks coding, April 2019"
    ws.merge_cells("A1:D1")


openpyxl_book("bad_title_row.xlsx", GOOD, tweak=merge_title)


# two title rows (a merged title, a source line with a year): one error
# naming both rows, not "a value right of the header's last column" per cell
def merge_titles(wb, ws):
    ws.insert_rows(1, 2)
    ws["A1"] = "Six-Party Talks coding"
    ws.merge_cells("A1:D1")
    ws["A2"] = "Source: interviews"
    ws["B2"] = 2019


openpyxl_book("bad_title_rows.xlsx", GOOD, tweak=merge_titles)


# merged blocks that hold no value (beside the table, 30 of them): nothing to say
def merge_empty(wb, ws):
    ws.merge_cells("J10:Z2000")
    for k in range(30):
        ws.merge_cells(f"AB{k * 2 + 1}:AC{k * 2 + 1}")


openpyxl_book("merged_empty.xlsx", GOOD, tweak=merge_empty)

# a hidden row (actor opp, hidden to leave it out) and a hidden column
# holding values: one error each at its first value, not one per cell; a
# hidden empty row and hidden empty columns beyond the table say nothing
def hide_row_and_column(wb, ws):
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[9].hidden = True
    ws.insert_cols(2)
    for k, v in enumerate(["Description", "Government", "Opposition", "Business"]):
        ws.cell(row=k + 1, column=2, value=v)
    ws.column_dimensions["B"].hidden = True
    ws.column_dimensions.group("H", "K", hidden=True)


openpyxl_book("bad_hidden_rows.xlsx", GOOD, tweak=hide_row_and_column)


# a hidden empty column inside the table (its header cell empty too) is
# reported as hidden, not as a column named ""; a hidden header row is the
# header row, not an actor's
def hide_empty_column(wb, ws):
    ws.insert_cols(3)
    ws.column_dimensions["C"].hidden = True


openpyxl_book("bad_hidden_empty_column.xlsx", GOOD, tweak=hide_empty_column)


def hide_header(wb, ws):
    ws.row_dimensions[1].hidden = True


openpyxl_book("bad_hidden_header.xlsx", GOOD, tweak=hide_header)


# found by the attack pass: a hidden EMPTY row between table rows is
# reported as hidden (not as a blank row); a hidden title row above the
# header gets the title-row advice (not "leave the actor out"); a hidden
# column with no name in the header but a value below is one error (not
# also 'unknown column ""')
def hide_empty_row(wb, ws):
    ws.insert_rows(3)
    ws.row_dimensions[3].hidden = True


openpyxl_book("bad_hidden_empty_row.xlsx", GOOD, tweak=hide_empty_row)


def hide_title(wb, ws):
    ws.insert_rows(1)
    ws["A1"] = "Trade talks"
    ws.row_dimensions[1].hidden = True


openpyxl_book("bad_hidden_title.xlsx", GOOD, tweak=hide_title)


def hide_unnamed_column(wb, ws):
    ws.insert_cols(3)
    ws["C2"] = "note"
    ws.column_dimensions["C"].hidden = True


openpyxl_book("bad_hidden_unnamed_column.xlsx", GOOD, tweak=hide_unnamed_column)


# a first sheet of notes before the Actors sheet: its errors, then a note
# naming FILE#Actors (any case)
def notes_first(wb, ws):
    ws.title = "Notes"
    for row in ws.iter_rows():
        for c in row:
            c.value = None
    ws["A1"] = "Coded by J. Smith"
    ws["A2"] = "see the actors sheet"
    other = wb.create_sheet("actors")
    for row in GOOD:
        other.append(row)


openpyxl_book("bad_notes_first.xlsx", GOOD, tweak=notes_first)


# a table starting at B2 (a blank first row and column A, as a margin): read
# as the same table, and errors name the real cells (D4 here)
def offset_table(wb, ws, rows):
    for row in ws.iter_rows():
        for c in row:
            c.value = None
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            ws.cell(row=i + 2, column=j + 2, value=v)


openpyxl_book("offset.xlsx", GOOD, tweak=lambda wb, ws: offset_table(wb, ws, GOOD))
openpyxl_book("bad_offset.xlsx", GOOD, tweak=lambda wb, ws: offset_table(
    wb, ws, [HEAD, ["gov", 60, 80, 0.9], ["opp", 40, "high", 0.6]]))


# the first sheet hidden: refused by default; Visible#... and #Actors read
openpyxl_book("bad_hidden_sheet.xlsx", GOOD, tweak=hide_first)
openpyxl_book("good_hidden_sheet.xlsx", GOOD, tweak=hide_first)


# the Status quo row (and its alias Reference point in the .ods below)
SQ_ROWS = [HEAD, ["finance", 50, 12.5, 90], ["health", 30, 55, 80], ["schools", 20, 35, 40],
           ["Status quo", None, 10, None]]
os.makedirs(p("sq"), exist_ok=True)
openpyxl_book("sq/sq.xlsx", SQ_ROWS)
with open(p("sq/sq.csv"), "w") as f:
    f.write("Actor,Capability,Position,Salience\nfinance,50,12.5,90\nhealth,30,55,80\n"
            "schools,20,35,40\nStatus quo,,10,\n")
with open(p("sq/sq.json"), "w") as f:
    f.write('{"parley": 1, "name": "sq", "salience_scale": 100, "issues": [{"name": "sq", '
            '"scale": {"min": 0, "max": 60}, "status_quo": 10}], "actors": ['
            '{"name": "finance", "capability": 50, "values": {"sq": {"position": 12.5, "salience": 90}}},'
            '{"name": "health", "capability": 30, "values": {"sq": {"position": 55, "salience": 80}}},'
            '{"name": "schools", "capability": 20, "values": {"sq": {"position": 35, "salience": 40}}}]}\n')
# a status quo beyond every position widens the inferred scale
with open(p("sq/wide.csv"), "w") as f:
    f.write("Actor,Capability,Position,Salience\nfinance,50,12.5,90\nhealth,30,55,80\n"
            "schools,20,35,40\nSQ,,0,\n")

# ---------------------------------------------------------------- xlsx by hand
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Talks" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
           '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
           '</Relationships>')


def xlsx_parts(sheet_xml, shared=None, extra=None):
    parts = {"[Content_Types].xml": CT, "_rels/.rels": RELS, "xl/workbook.xml": WORKBOOK,
             "xl/_rels/workbook.xml.rels": WB_RELS, "xl/worksheets/sheet1.xml": sheet_xml}
    if shared is not None:
        parts["xl/sharedStrings.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + shared + '</sst>')
    parts.update(extra or {})
    return parts


def write_zip(name, parts, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(p(name), "w", compression) as z:
        for k, v in parts.items():
            z.writestr(k, v)


def sheet(rows_xml):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData>' + rows_xml + '</sheetData></worksheet>')


# Every kind of cell the reader takes: shared strings (one in rich-text runs,
# one with a phonetic run that is not part of the text), an inline string,
# a formula with its cached number and one with its cached string, numbers
# with an upper-case exponent, cells without an r attribute, a row gap in
# the row numbers (row 3 missing is an empty row: not allowed, so none).
# The same table as kinds.csv.
shared = ('<si><t>Actor</t></si><si><t>Capability</t></si><si><r><t>Posi</t></r><r><rPr><b/></rPr><t>tion</t></r></si>'
          '<si><t>Salience</t></si><si><t>gov</t><rPh sb="0" eb="1"><t>GOV</t></rPh></si>')
kinds = sheet(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><f>30*2</f><v>60</v></c><c r="C2"><v>8.0E1</v></c><c r="D2"><v>0.9</v></c></row>'
    '<row r="3"><c t="inlineStr"><is><t>opp</t></is></c><c><v>40</v></c><c t="str"><f>"1"&amp;"0"</f><v>10</v></c><c><v>6.0000000000000009E-1</v></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><r><t>bi</t></r><r><t>z</t></r></is></c><c r="B4"><v>25</v></c><c r="C4"><v>70</v></c><c r="D4"><v>1</v></c><c r="F4"/></row>')
write_zip("kinds.xlsx", xlsx_parts(kinds, shared))
with open(p("kinds.csv"), "w") as f:
    f.write("Actor,Capability,Position,Salience\ngov,60,80,0.9\nopp,40,10,6.0000000000000009e-1\nbiz,25,70,1\n")

# a name that is not UTF-8 (byte 0xFF): refused by the XML parser, its
# message on one line (attack pass F1)
not_utf8 = xlsx_parts(kinds, shared)
not_utf8["xl/sharedStrings.xml"] = not_utf8["xl/sharedStrings.xml"].encode().replace(b"gov", b"g\xffv")
write_zip("bad_not_utf8.xlsx", not_utf8)

# a formula whose cached value is an error; a cell of an unknown type
write_zip("bad_error_cached.xlsx", xlsx_parts(sheet(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Actor</t></is></c><c r="B1" t="inlineStr"><is><t>Capability</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Position</t></is></c><c r="D1" t="inlineStr"><is><t>Salience</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>gov</t></is></c><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    '<c r="C2"><v>80</v></c><c r="D2"><v>0.9</v></c></row>')))

# the EC table with the Actor column written as shared strings (as Excel does)
good_sheet = sheet(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Actor</t></is></c><c r="B1" t="inlineStr"><is><t>Capability</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Position</t></is></c><c r="D1" t="inlineStr"><is><t>Salience</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>gov</t></is></c><c r="B2"><v>60</v></c><c r="C2"><v>80</v></c><c r="D2"><v>0.9</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>opp</t></is></c><c r="B3"><v>40</v></c><c r="C3"><v>10</v></c><c r="D3"><v>0.6</v></c></row>')
write_zip("good_small.xlsx", xlsx_parts(good_sheet))

# ---------------------------------------------------------------- hostile archives
# zip bomb: the sheet declares 4 GB uncompressed (patched into the local and
# central headers; parley refuses it from the declared size)
write_zip("bad_zip_bomb.xlsx", xlsx_parts(good_sheet))
data = bytearray(open(p("bad_zip_bomb.xlsx"), "rb").read())
target = b"xl/worksheets/sheet1.xml"
for sig, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
    k = data.find(sig)
    while k >= 0:
        n = struct.unpack_from("<H", data, k + name_len_at)[0]
        if bytes(data[k + name_at:k + name_at + n]) == target:
            struct.pack_into("<I", data, k + size_at, 0xF0000000)
        k = data.find(sig, k + 4)
open(p("bad_zip_bomb.xlsx"), "wb").write(bytes(data))

# zip bomb the other way: an entry declaring 100 bytes that inflates to 2 MB
big = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>' + "A" * 2000000 + '</t></is></c></row>')
write_zip("bad_zip_understated.xlsx", xlsx_parts(big))
data = bytearray(open(p("bad_zip_understated.xlsx"), "rb").read())
for sig, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
    k = data.find(sig)
    while k >= 0:
        n = struct.unpack_from("<H", data, k + name_len_at)[0]
        if bytes(data[k + name_at:k + name_at + n]) == target:
            struct.pack_into("<I", data, k + size_at, 100)
        k = data.find(sig, k + 4)
open(p("bad_zip_understated.xlsx"), "wb").write(bytes(data))

# a truncated archive: the first 60% of a good one
good = open(p("good_small.xlsx"), "rb").read()
open(p("bad_truncated.xlsx"), "wb").write(good[:len(good) * 6 // 10])
# not a zip at all
open(p("bad_not_zip.xlsx"), "w").write("Actor,Capability,Position,Salience\n")
# an encrypted workbook: Office stores it as an OLE compound file
open(p("bad_encrypted.xlsx"), "wb").write(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
# an odd entry name
write_zip("bad_entry_name.xlsx", xlsx_parts(good_sheet, extra={"../../etc/evil": "x"}))
# a workbook without its sheet part
parts = xlsx_parts(good_sheet)
del parts["xl/worksheets/sheet1.xml"]
write_zip("bad_missing_part.xlsx", parts)
# a value right of the header's last column
write_zip("bad_beyond_header.xlsx", xlsx_parts(sheet(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Actor</t></is></c><c r="B1" t="inlineStr"><is><t>Capability</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Position</t></is></c><c r="D1" t="inlineStr"><is><t>Salience</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>gov</t></is></c><c r="B2"><v>60</v></c><c r="C2"><v>80</v></c><c r="D2"><v>0.9</v></c>'
    '<c r="G2"><v>5</v></c></row>')))

# ---------------------------------------------------------------- ods
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"')
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')


def ods_cell(v, repeat=1):
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if v is None:
        return f"<table:table-cell{rep}/>"
    if isinstance(v, str) and v.startswith("<"):
        return v  # a cell written out
    if isinstance(v, bool):
        return (f'<table:table-cell{rep} office:value-type="boolean" office:boolean-value="{str(v).lower()}">'
                f"<text:p>{str(v).upper()}</text:p></table:table-cell>")
    if isinstance(v, (int, float)):
        return (f'<table:table-cell{rep} office:value-type="float" office:value="{v!r}" calcext:value-type="float">'
                f"<text:p>{v}</text:p></table:table-cell>")
    return (f'<table:table-cell{rep} office:value-type="string" calcext:value-type="string">'
            f"<text:p>{v}</text:p></table:table-cell>")


def ods(name, tables, styles="", manifest=MANIFEST, mimetype="application/vnd.oasis.opendocument.spreadsheet",
        columns='<table:table-column table:number-columns-repeated="1024"/>'):
    """tables: [(name, style or None, rows xml)]; columns: the column elements before the rows"""
    body = "".join(
        f'<table:table table:name="{n}"' + (f' table:style-name="{s}"' if s else "") +
        '>' + columns + rows + "</table:table>"
        for n, s, rows in tables)
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<office:document-content {NS} office:version="1.3">'
               f"<office:automatic-styles>{styles}</office:automatic-styles>"
               f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
               "</office:document-content>")
    with zipfile.ZipFile(p(name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)


def rows_xml(rows, trailing=True):
    out = ""
    for r in rows:
        out += "<table:table-row>" + "".join(ods_cell(v) for v in r)
        # LibreOffice ends each row with the empty rest of the columns
        out += '<table:table-cell table:number-columns-repeated="1020"/>' if trailing else ""
        out += "</table:table-row>"
    if trailing:  # and the sheet with a million empty rows
        out += ('<table:table-row table:number-rows-repeated="1048570">'
                '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    return out


os.makedirs(p("ods"), exist_ok=True)
ec_rows = [EC[0]] + [[r[0]] + [number(c) for c in r[1:]] for r in EC[1:]]
ods(f"ods/{EC_NAME}.ods", [("Actors", None, rows_xml(ec_rows)), ("Notes", None, rows_xml([["x"]]))])

# repeated columns holding a value, a header row group, spans and text:s in
# strings, a percentage, a covered (merged) cell: the same table as repeat.csv
rep_rows = ('<table:table-header-rows><table:table-row>' +
            "".join(ods_cell(v) for v in ["Actor", "Capability", "Position tax", "Salience tax", "Position vat", "Salience vat"]) +
            '</table:table-row></table:table-header-rows>'
            '<table:table-row>' + ods_cell('<table:table-cell office:value-type="string"><text:p>the<text:s/>g<text:span>ov</text:span></text:p></table:table-cell>') +
            ods_cell(60) + ods_cell(50, 2) + ods_cell(20) +
            '<table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell></table:table-row>'
            '<table:table-row>' + ods_cell("opp") + ods_cell(40) + ods_cell(10) + ods_cell(0.6) +
            '<table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>'
            '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="6"/></table:table-row>')
ods("repeat.ods", [("Tax", None, rep_rows)])
with open(p("repeat.csv"), "w") as f:
    f.write("Actor,Capability,Position tax,Salience tax,Position vat,Salience vat\n"
            "the gov,60,50,50,20,0.5\nopp,40,10,0.6,,\n")

ods("good_small.ods", [("Talks", None, rows_xml(GOOD))])
# hidden (collapsed) and filtered-out rows, a collapsed column: one error each
ods("bad_hidden_rows.ods", [("Talks", None,
    '<table:table-column/><table:table-column table:visibility="collapse"/>'
    '<table:table-column table:number-columns-repeated="3"/>'
    '<table:table-column table:visibility="collapse" table:number-columns-repeated="100"/>' +
    rows_xml([["Actor", "Description", "Capability", "Position", "Salience"],
              ["gov", "Government", 60, 80, 0.9]], False) +
    rows_xml([["opp", None, 40, 10, 0.6]], False).replace("<table:table-row>", '<table:table-row table:visibility="collapse">') +
    rows_xml([["biz", None, 25, 70, 1]], False).replace("<table:table-row>", '<table:table-row table:visibility="filter">') +
    rows_xml([["lab", None, 30, 20, 0.5]], False) +
    '<table:table-row table:visibility="collapse" table:number-rows-repeated="5"><table:table-cell/></table:table-row>')],
    columns="")
# a collapsed empty column inside the table, a collapsed header row
ods("bad_hidden_empty_column.ods", [("Talks", None,
    '<table:table-column/><table:table-column table:visibility="collapse"/>' +
    rows_xml([[r[0], None] + r[1:] for r in GOOD], False))], columns="")
ods("bad_hidden_header.ods", [("Talks", None,
    rows_xml([HEAD], False).replace("<table:table-row>", '<table:table-row table:visibility="collapse">') +
    rows_xml(GOOD[1:], False))], columns="")
ods("bad_hidden_empty_row.ods", [("Talks", None,
    rows_xml(GOOD[:2], False) +
    '<table:table-row table:visibility="collapse" table:number-rows-repeated="1000000">'
    '<table:table-cell/></table:table-row>' +
    rows_xml(GOOD[2:], False))], columns="")
ods("bad_hidden_title.ods", [("Talks", None,
    rows_xml([["Trade talks"]], False).replace("<table:table-row>", '<table:table-row table:visibility="collapse">') +
    rows_xml(GOOD, False))], columns="")
ods("bad_hidden_unnamed_column.ods", [("Talks", None,
    '<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/>' +
    rows_xml([r[:2] + [None] + r[2:] for r in GOOD[:1]] + [GOOD[1][:2] + ["note"] + GOOD[1][2:]] +
             [r[:2] + [None] + r[2:] for r in GOOD[2:]], False))], columns="")
ods("bad_notes_first.ods", [("Notes", None, rows_xml([["Actor", "Comment"], ["gov", "coded twice"]])),
                            ("Actors", None, rows_xml(GOOD))])
ods("bad_title_rows.ods", [("Talks", None, rows_xml([["Trade talks", 2024], ["Source: interviews"]] + GOOD))])
ods("sq/sq.ods", [("Talks", None, rows_xml(SQ_ROWS[:-1] + [["Reference point", None, 10, None]]))])
ods("bad_wrong_type.ods", [("Talks", None, rows_xml([HEAD, ["gov", 60, 80, 0.9], ["opp", 40, "high", 0.6]]))])
ods("bad_formula_no_value.ods", [("Talks", None, rows_xml([
    HEAD, ["gov", 60, '<table:table-cell table:formula="of:=40*2"/>', 0.9], ["opp", 40, 10, 0.6]]))])
ods("bad_error_cell.ods", [("Talks", None, rows_xml([
    HEAD, ["gov", 60, 80, 0.9],
    ["opp", 40, 10, '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" '
                    'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>']]))])
ods("bad_date_cell.ods", [("Talks", None, rows_xml([
    HEAD, ["gov", 60, 80, 0.9],
    ["opp", '<table:table-cell office:value-type="date" office:date-value="2024-03-01"><text:p>03/01/24</text:p></table:table-cell>', 10, 0.6]]))])
HIDDEN = ('<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>')
ods("bad_hidden_sheet.ods", [("Old", "ta2", rows_xml(GOOD)), ("Talks", None, rows_xml(GOOD))], styles=HIDDEN)
# a value repeated a billion times across, a valued row repeated a billion times
ods("bad_repeat_columns.ods", [("Talks", None, rows_xml([HEAD, ["gov", 60, 80, 0.9]], False) +
                                '<table:table-row>' + ods_cell("x", 1000000000) + '</table:table-row>')])
ods("bad_repeat_rows.ods", [("Talks", None, rows_xml([HEAD], False) +
                             '<table:table-row table:number-rows-repeated="1000000000">' +
                             ods_cell("gov") + ods_cell(60) + ods_cell(80) + ods_cell(0.9) + '</table:table-row>')])
ods("bad_encrypted.ods", [("Talks", None, rows_xml(GOOD))], manifest=MANIFEST.replace(
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
    '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"/></manifest:file-entry>'))
ods("bad_not_spreadsheet.ods", [("Talks", None, rows_xml(GOOD))], mimetype="application/vnd.oasis.opendocument.text")
good = open(p("good_small.ods"), "rb").read()
open(p("bad_truncated.ods"), "wb").write(good[:len(good) // 2])
# a document type declaration (entities are no way to store a table; a
# billion-laughs file is refused by libxml2 already)
with zipfile.ZipFile(p("bad_doctype.ods"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
               compress_type=zipfile.ZIP_STORED)
    z.writestr("content.xml", '<?xml version="1.0"?>\n'
               '<!DOCTYPE office:document-content [<!ENTITY a "gov">]>'
               f'<office:document-content {NS}><office:body><office:spreadsheet>'
               '<table:table table:name="T"><table:table-row><table:table-cell office:value-type="string">'
               '<text:p>&a;</text:p></table:table-cell></table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>')

# ---------------------------------------------------------------- a whole scenario
# A workbook that holds everything a JSON scenario holds: the Actors sheet
# with a Notes column, the Issues sheet (bounds, status quo, outcome with its
# date, source and confidence, labels, notes) and the Scenario sheet; the
# same in .ods, and the JSON scenario written by hand (whole/whole.json) that
# both must read as.
W_ACTORS = [["Actor", "Description", "Capability", "Position tax", "Salience tax",
             "Position vat", "Salience vat", "Notes"],
            ["gov", "Government", 60, 80, 90, 20, 50,
             "Position tax: manifesto, p. 4; Salience vat: interview; 3 May"],
            ["opp", None, 40, 10, 60, None, None, "Capability: seats in parliament"],
            ["biz", "Business lobby", 25, None, None, 70, 100, None]]
W_ISSUES = [["Issue", "Description", "Min", "Max", "Status quo", "Outcome", "Labels",
             "Outcome as of", "Outcome source", "Outcome confidence", "Notes"],
            ["tax", "Top income tax rate (%)", 0, 100, 40, 45,
             "0=no tax; 50=half; 100=all of it", "2025-01-01", "Finance Act 2024, s. 2",
             "high", "Status quo: rate in force; Outcome: as enacted"],
            ["vat", None, 0, 80, None, None, None, None, None, None, None]]
W_SCENARIO = [["Field", "Value"], ["Name", "Budget talks"], ["Description", "A whole scenario"],
              ["Source", "made up for the tests"], ["As of", "2024-06-01"],
              ["Salience scale", 100]]
os.makedirs(p("whole"), exist_ok=True)
wb = openpyxl.Workbook()
for title, rows in (("Actors", W_ACTORS), ("Issues", W_ISSUES), ("Scenario", W_SCENARIO)):
    ws = wb.active if title == "Actors" else wb.create_sheet(title)
    ws.title = title
    for row in rows:
        ws.append(row)
wb.save(p("whole/whole.xlsx"))
ods("whole/whole.ods", [("Actors", None, rows_xml(W_ACTORS)), ("Issues", None, rows_xml(W_ISSUES)),
                        ("Scenario", None, rows_xml(W_SCENARIO))])
with open(p("whole/whole.json"), "w") as f:
    f.write("""{"parley": 1, "name": "Budget talks", "description": "A whole scenario",
 "source": "made up for the tests", "as_of": "2024-06-01", "salience_scale": 100,
 "issues": [
  {"name": "tax", "description": "Top income tax rate (%)",
   "scale": {"min": 0, "max": 100, "labels": [{"at": 0, "label": "no tax"},
             {"at": 50, "label": "half"}, {"at": 100, "label": "all of it"}]},
   "status_quo": {"value": 40, "note": "rate in force"},
   "outcome": {"value": 45, "as_of": "2025-01-01", "source": "Finance Act 2024, s. 2",
               "confidence": "high", "note": "as enacted"}},
  {"name": "vat", "scale": {"min": 0, "max": 80}}],
 "actors": [
  {"name": "gov", "description": "Government", "capability": 60, "values": {
    "tax": {"position": {"value": 80, "note": "manifesto, p. 4"}, "salience": 90},
    "vat": {"position": 20, "salience": {"value": 50, "note": "interview; 3 May"}}}},
  {"name": "opp", "capability": {"value": 40, "note": "seats in parliament"}, "values": {
    "tax": {"position": 10, "salience": 60}}},
  {"name": "biz", "description": "Business lobby", "capability": 25, "values": {
    "vat": {"position": 70, "salience": 100}}}]}
""")

# bad Issues and Scenario sheets, bad notes: each error at its cell
bad_issues = [r[:] for r in W_ISSUES]
bad_issues[2] = ["vat", None, 0, "x", None, None, None, None, None, None, None]
bad_issues.append(["fuel", None, 0, 10, None, None, "0=none; half", None, None, "sure", None])
# an empty name: one error at its cell, not a second "issue "" is not an issue of the table"
bad_issues.append([None, "no name", 0, 10, None, None, None, None, None, None, None])
wb = openpyxl.Workbook()
for title, rows in (("Actors", W_ACTORS), ("Issues", bad_issues)):
    ws = wb.active if title == "Actors" else wb.create_sheet(title)
    ws.title = title
    for row in rows:
        ws.append(row)
wb.save(p("bad_issues_sheet.xlsx"))
bad_actors = [r[:] for r in W_ACTORS]
bad_actors[1] = bad_actors[1][:-1] + ["Position fuel: no such issue"]
bad_actors[2] = bad_actors[2][:-1] + ["Capability: ok; Position tax: 120 is off the scale"]
bad_actors[3] = bad_actors[3][:3] + [120, 50] + bad_actors[3][5:]
ods("bad_issues_notes.ods", [("Actors", None, rows_xml(bad_actors)),
                             ("Issues", None, rows_xml(W_ISSUES)),
                             ("Scenario", None, rows_xml(W_SCENARIO[:4] + [["As of", "June"],
                                                                           ["Colour", "red"]]))])
# positions, a status quo and labels off the scale the Issues sheet states
off_scale = [r[:] for r in W_ACTORS]
off_scale[2] = ["opp", None, 40, 120, 60, None, None, None]
off_issues = [r[:] for r in W_ISSUES]
off_issues[2] = ["vat", None, 0, 80, 90, None, "0=none; 100=all", None, None, None, None]
wb = openpyxl.Workbook()
for title, rows in (("Actors", off_scale), ("Issues", off_issues)):
    ws = wb.active if title == "Actors" else wb.create_sheet(title)
    ws.title = title
    for row in rows:
        ws.append(row)
wb.save(p("bad_off_scale.xlsx"))
# several bad cells and a wrong type: validate lists every one (it used to
# stop after the cells the workbook reader refuses)
openpyxl_book("bad_many_cells.xlsx", [HEAD, ["gov", 60, 80, 0.9],
                                      ["opp", datetime.date(2024, 3, 1), 10, 0.6],
                                      ["biz", 25, "high", datetime.date(2024, 1, 2)],
                                      ["lab", 20, 30, "=1/0"]])
# 4,000,001 shared strings (52 MB of XML, 100 KB zipped): refused at the
# entry instead of allocating a pointer and a block per string (20 million
# used to take 2 GB)
write_zip("bad_many_shared_strings.xlsx", xlsx_parts(good_sheet, "<si><t/></si>" * 4000001))
