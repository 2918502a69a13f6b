"""Writes rows as CSV (streamed) or XLSX, with formula-looking cells neutralised.

A cell that starts with = + - @ (or a tab/CR) would run as a formula when the file is
opened in a spreadsheet; it gets a leading apostrophe. Phone numbers and signed numbers
("+46 70-123 45 67", "-12.5") are not formulas and stay as they are. The row processor drops
that apostrophe again, so an error file can be fixed and uploaded as it is.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HARMLESS = re.compile(r"[+-]?[\d\s().,/-]*")
FLUSH_ROWS = 500


def neutralise(cell: str) -> str:
    if cell.startswith(FORMULA_START) and not HARMLESS.fullmatch(cell):
        return "'" + cell
    return cell


def csv_chunks(header: list[str], rows: Iterable[list[str]], delimiter: str) -> Iterator[str]:
    """UTF-8 with BOM (Excel then reads å, ä, ö right), the upload's own delimiter."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    buffer.write("\ufeff")
    writer.writerow([neutralise(c) for c in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(c) for c in row])
        if count % FLUSH_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(header: list[str], rows: Iterable[list[str]], sheet: str = "Rader"):
    """A temporary file (deleted on close) holding the workbook; written row by row."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append([neutralise(c) for c in header])
    for row in rows:
        worksheet.append([neutralise(c) for c in row])
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle
