"""What an uploaded file holds: sheets, header row, first rows, row count; limits enforced."""

from __future__ import annotations

import codecs
import dataclasses
import itertools
import re
import zipfile

from foyer_shared.words import N_
from imports.domain.errors import FileRejected
from imports.domain.reading.delimiter import detect_delimiter
from imports.domain.reading.table import CSV, FileFormat, iter_records, unique_header
from imports.domain.reading.xlsx_guard import check_xlsx
from imports.domain.reading.xlsx_rows import sheet_names, sheet_part
from imports.use_cases.storing import Stored

PREVIEW_ROWS = 20
HEADER_SEARCH_ROWS = 50
ROW_TAG = re.compile(rb"<(?:\w+:)?row[ >]")


@dataclasses.dataclass(frozen=True)
class Inspection:
    fmt: FileFormat
    sheets: list[str]
    header_row: int
    header: list[str]
    preview: list[list[str]]
    total_rows: int | None


def inspect_file(
    stored: Stored, max_rows: int, sheet: str | None = None, header_row: int | None = None
) -> Inspection:
    if stored.kind == CSV:
        sample = codecs.getincrementaldecoder(stored.encoding)(errors="replace").decode(
            stored.sample
        )
        fmt, sheets = FileFormat(CSV, stored.encoding, detect_delimiter(sample)), []
    else:
        fmt, sheets = _xlsx_format(stored, sheet)
    return inspect_format(stored.path, fmt, sheets, max_rows, header_row)


def inspect_format(
    path, fmt: FileFormat, sheets: list[str], max_rows: int, header_row: int | None = None
) -> Inspection:
    try:
        records = iter_records(path, fmt)
        header, preview, total = _read(records, header_row, max_rows, fmt.kind == CSV)
        header_at = header[0]
    except FileRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl/defusedxml raise many kinds
        raise FileRejected(
            N_("the file could not be read: %(reason)s") % {"reason": _why(exc)}
        ) from exc
    if fmt.kind != CSV:
        total = _xlsx_row_estimate(path, fmt, header_at, max_rows)
    return Inspection(fmt, sheets, header_at, header[1], preview, total)


def _read(records, header_row, max_rows, count_all):
    records = iter(records)
    head = list(itertools.islice(records, HEADER_SEARCH_ROWS))
    header_row = header_row or likely_header_row(head)
    header = None
    preview: list[list[str]] = []
    total = 0
    for number, cells in itertools.chain(head, records):
        if header is None:
            if number == header_row:
                header = (number, unique_header(cells))
            elif header_row is None or number > header_row:
                break
            continue
        total += 1
        if len(preview) < PREVIEW_ROWS:
            preview.append(cells[: len(header[1])] + [""] * (len(header[1]) - len(cells)))
        elif not count_all:
            break
        if total > max_rows:
            raise FileRejected(
                N_("the file has more than %(count)s rows; split it") % {"count": f"{max_rows:,}"}
            )
    if header is None:
        raise FileRejected(N_("no header row found: the file (or sheet) is empty"))
    return header, preview, total if count_all else None


def likely_header_row(head: list[tuple[int, list[str]]]) -> int | None:
    """The first row with at least two filled cells (one, in a one-column file): an export's
    title line above the header ("Medlemsregister 2019", often a merged cell) is skipped."""
    filled = [(number, sum(1 for c in cells if c.strip())) for number, cells in head]
    wanted = min(2, max((width for _n, width in filled), default=0))
    return next((number for number, width in filled if wanted and width >= wanted), None)


def _xlsx_format(stored: Stored, sheet: str | None) -> tuple[FileFormat, list[str]]:
    check_xlsx(stored.path)
    try:
        sheets = sheet_names(stored.path)
    except Exception as exc:  # noqa: BLE001 - a damaged workbook fails in many ways
        said = N_("the workbook could not be opened: %(reason)s") % {"reason": _why(exc)}
        raise FileRejected(said) from exc
    if not sheets:
        raise FileRejected(N_("the workbook has no sheets"))
    if sheet is not None and sheet not in sheets:
        said = N_("there is no sheet %(sheet)s; the workbook has %(sheets)s")
        raise FileRejected(said % {"sheet": repr(sheet), "sheets": sheets}, "sheet")
    return FileFormat("xlsx", sheet=sheet or sheets[0]), sheets


def _xlsx_row_estimate(path, fmt: FileFormat, header_row: int, max_rows: int) -> int:
    """Rows below the header: <row> elements counted in the sheet's XML as it streams.

    Faster than parsing, and exact where <dimension> is missing (files written in openpyxl's
    write-only mode). Empty rows written as <row> are counted too.
    """
    part = sheet_part(path, fmt.sheet)
    count, tail = 0, b""
    with zipfile.ZipFile(path) as archive, archive.open(part) as xml:
        while chunk := xml.read(1 << 20):
            data = tail + chunk
            count += len(ROW_TAG.findall(data))
            tail = data[-16:]  # a tag cut between chunks is counted in the next one
            count -= len(ROW_TAG.findall(tail))
            if count - header_row > max_rows:
                raise FileRejected(
                    N_("the sheet has more than %(count)s rows; split it")
                    % {"count": f"{max_rows:,}"}
                )
    return max(count - header_row, 0)


def _why(exc: BaseException) -> str:
    """openpyxl hides defusedxml's refusal (entities, DTDs) behind a generic ValueError."""
    cause = exc.__cause__ or exc.__context__
    if cause is not None and cause.__class__.__module__.startswith("defusedxml"):
        return f"the XML inside is not allowed ({cause.__class__.__name__}: {cause})"
    return f"{exc.__class__.__name__}: {exc}".splitlines()[0]
