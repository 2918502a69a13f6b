"""The streaming XLSX reader gives what openpyxl gives, and refuses DTDs and entities."""

from __future__ import annotations

import datetime
import re
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from imports.domain.reading.cells import cell_text
from imports.domain.reading.xlsx_book import ForbiddenXml
from imports.domain.reading.xlsx_rows import iter_sheet, sheet_names


def trimmed(cells):
    cells = list(cells)
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def openpyxl_rows(path, sheet):
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [
            (n, trimmed(cell_text(v) for v in row))
            for n, row in enumerate(workbook[sheet].iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def ours(path, sheet):
    return [(n, trimmed(cells)) for n, cells in iter_sheet(path, sheet)]


def with_shared_strings(source, target):
    """Excel writes text as shared strings (openpyxl writes inline ones): rewrite it so."""
    strings: list[str] = []

    def to_shared(match):
        strings.append(match.group(3))
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{len(strings) - 1}</v></c>'

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    r'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', to_shared, data.decode()
                ).encode()
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    (
                        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99"/>'
                        b"</Relationships>"
                    ),
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    (
                        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
                    ),
                )
            out.writestr(item, data)
        items = "".join(f"<si>{text}</si>" for text in strings)
        out.writestr(
            "xl/sharedStrings.xml",
            (
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
            ),
        )


def test_sample_register_reads_like_openpyxl(fixtures):
    path = fixtures / "register_sv.xlsx"
    assert sheet_names(path) == ["Kunder", "Anteckningar"]
    for sheet in ("Kunder", "Anteckningar"):
        assert ours(path, sheet) == openpyxl_rows(path, sheet)


@pytest.mark.parametrize("date1904", [False, True])
def test_values_of_every_kind_read_like_openpyxl(tmp_path, date1904):
    workbook = openpyxl.Workbook()  # the normal writer: shared strings, styles, sparse cells
    workbook.epoch = (
        openpyxl.utils.datetime.CALENDAR_MAC_1904
        if date1904
        else openpyxl.utils.datetime.CALENDAR_WINDOWS_1900
    )
    sheet = workbook.active
    sheet.title = "Kunder"
    sheet.append(["Förnamn", "Personnummer", "Född", "Belopp", "Aktiv", "Rik"])
    sheet.append(
        [
            "Åsa",
            195704265189,
            datetime.date(1957, 4, 26),
            12.5,
            True,
            CellRichText(["Fet", TextBlock(InlineFont(b=True), " text")]),
        ]
    )
    sheet.append(["Åsa", "0701234567", datetime.datetime(2020, 1, 2, 3, 4, 5), 1e20, False])
    sheet["A6"] = "after a gap"
    sheet["D6"] = "=1+1"
    sheet["F7"] = 7
    workbook.save(tmp_path / "inline.xlsx")
    path = tmp_path / "kinds.xlsx"
    with_shared_strings(tmp_path / "inline.xlsx", path)
    assert "xl/sharedStrings.xml" in zipfile.ZipFile(path).namelist()
    got = ours(path, "Kunder")
    assert got == openpyxl_rows(path, "Kunder")
    assert got[1][1][:5] == ["Åsa", "195704265189", "1957-04-26", "12.5", "true"]
    assert got[1][1][5] == "Fet text"
    assert got[3] == (4, []) and got[5][1][0] == "after a gap"


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_entities_in_sheet_or_strings_are_refused(tmp_path, part):
    workbook = openpyxl.Workbook()
    workbook.active.append(["a", "b"])
    workbook.save(tmp_path / "inline.xlsx")
    source = tmp_path / "plain.xlsx"
    with_shared_strings(tmp_path / "inline.xlsx", source)
    bomb = tmp_path / "bomb.xlsx"
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(bomb, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                data = laughs + data.split(b"?>", 1)[-1]
            out.writestr(item, data)
    with pytest.raises(ForbiddenXml):
        list(iter_sheet(bomb, None))
