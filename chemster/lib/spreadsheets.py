"""Spreadsheet files the coordinator downloads (exports of members,
registrations, the readiness report).

CSV is ``;``-separated UTF-8 with a BOM, which Polish Excel opens as it is;
cells that a spreadsheet would run as a formula are guarded with a leading
apostrophe (CSV injection).
"""

import csv
import io
from datetime import date

from openpyxl import Workbook

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value):
    """The value, with a leading ``'`` if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def unguard_cell(value: str) -> str:
    """What ``guard_cell`` turned into text, back as it was (imports)."""
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def csv_bytes(rows) -> bytes:
    """Rows as ``;``-separated CSV with CRLF line ends and a UTF-8 BOM; dates
    in ISO form."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([value.isoformat() if isinstance(value, date) else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows, *, sheet: str) -> bytes:
    """Rows as an XLSX workbook with one sheet named ``sheet``."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
