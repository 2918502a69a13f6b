"""Streams the rows of a stored upload (CSV or one XLSX sheet); never loads the file whole."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path

from imports.domain.errors import FileRejected

CSV, XLSX = "csv", "xlsx"


@dataclasses.dataclass(frozen=True)
class FileFormat:
    kind: str  # csv or xlsx
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


def iter_records(path: Path, fmt: FileFormat) -> Iterator[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) for every record, the header included."""
    if fmt.kind == CSV:
        with open(path, encoding=fmt.encoding, newline="") as handle:
            try:
                yield from enumerate(csv.reader(handle, delimiter=fmt.delimiter), start=1)
            except (UnicodeDecodeError, csv.Error) as exc:
                raise FileRejected(f"the file could not be read as CSV: {exc}") from exc
        return
    from imports.domain.reading.xlsx_rows import iter_sheet

    yield from iter_sheet(path, fmt.sheet)


def header_and_rows(
    path: Path, fmt: FileFormat, header_row: int
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (cells of `header_row`, made unique) and an iterator over the rows below it."""
    records = iter_records(path, fmt)
    for number, cells in records:
        if number == header_row:
            return unique_header(cells), records
    return [], iter(())


def unique_header(cells: list[str]) -> list[str]:
    """Blank headers get their column letter-ish name; repeated ones a ' (2)' suffix."""
    seen: dict[str, int] = {}
    header = []
    for index, cell in enumerate(cells, start=1):
        name = cell.strip() or f"column {index}"
        count = seen.get(name, 0) + 1
        seen[name] = count
        header.append(name if count == 1 else f"{name} ({count})")
    while header and header[-1].startswith("column ") and not cells[len(header) - 1].strip():
        header.pop()  # trailing empty cells of a spreadsheet row are not columns
    return header
