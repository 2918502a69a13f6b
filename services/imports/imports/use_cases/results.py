"""Use cases: the error rows and the set-aside rows of a job, read again from its file, and
either as a file to download (CSV or XLSX).

The row processor is deterministic, so the file-local verdicts are recomputed rather than
stored; the registry's errors come from the recorded outcomes of the job's latest phase.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from foyer_shared.db import Database
from imports.domain import writing
from imports.domain.errors import WrongState
from imports.domain.reading.table import FileFormat, header_and_rows
from imports.domain.rows.factory import make_processor
from imports.domain.rows.verdict import ERROR, SET_ASIDE
from imports.repository.jobs import JobRepository
from imports.repository.outcomes import OutcomeRepository

ERROR_COLUMN = "Import error"
# The row's number in the uploaded file (a spreadsheet's row number, header = its own row), so
# a reader of the error file finds the row in the original; a fixed error file uploaded again
# keeps the numbers of the first file (issue 23 §13).
ROW_COLUMN = "Row in file"


@dataclasses.dataclass(frozen=True)
class RowsOut:
    filename: str  # download name
    delimiter: str
    header: list[str]
    rows: Iterator[list[str]]


@dataclasses.dataclass(frozen=True)
class FileOut:
    name: str  # download name, with its suffix
    # CSV: text chunks, streamed as they are made; XLSX: a temporary file, deleted on close.
    content: Iterator[str] | BinaryIO


def download(db: Database, job_id: str, which: str, fmt: str) -> FileOut:
    """The job's rows `which` ("errors" or "set-aside") as a file of format `fmt` (csv, xlsx)."""
    out = {"errors": error_rows, "set-aside": set_aside_rows}[which](db, job_id)
    name = f"{out.filename}.{fmt}"
    if fmt == "csv":
        return FileOut(name, writing.csv_chunks(out.header, out.rows, out.delimiter))
    return FileOut(name, writing.xlsx_file(out.header, out.rows))


def error_rows(db: Database, job_id: str) -> RowsOut:
    """Original columns plus an error column in plain words: ready to fix and upload again."""
    job, registry_errors = _load(db, job_id, with_registry_errors=True)
    header, rows = header_and_rows(Path(job.file_path), _fmt(job), job.header_row)
    processor = make_processor(job.kind, header, job.mapping["columns"], job.mapping["options"])
    width = len(header)
    # A fixed error file uploaded again has the columns already: rewritten, not added.
    row_at = header.index(ROW_COLUMN) if ROW_COLUMN in header else None
    column = header.index(ERROR_COLUMN) if ERROR_COLUMN in header else None

    def generate():
        for row_no, cells in rows:
            verdict = processor.process(row_no, cells)
            text = verdict.error_text() if verdict.status == ERROR else registry_errors.get(row_no)
            if text:
                out = _fit(cells, width)
                if row_at is None:
                    out.append(str(row_no))
                elif not out[row_at].strip():
                    out[row_at] = str(row_no)
                if column is None:
                    out.append(text)
                else:
                    out[column] = text
                yield out

    out_header = header + [ROW_COLUMN] * (row_at is None) + [ERROR_COLUMN] * (column is None)
    return RowsOut(_name(job.filename, "errors"), job.delimiter or ";", out_header, generate())


def set_aside_rows(db: Database, job_id: str) -> RowsOut:
    job, _ = _load(db, job_id, with_registry_errors=False)
    header, rows = header_and_rows(Path(job.file_path), _fmt(job), job.header_row)
    processor = make_processor(job.kind, header, job.mapping["columns"], job.mapping["options"])
    width = len(header)
    generate = (
        _fit(cells, width)
        for row_no, cells in rows
        if processor.process(row_no, cells).status == SET_ASIDE
    )
    return RowsOut(_name(job.filename, "set-aside"), job.delimiter or ";", header, generate)


def _load(db: Database, job_id: str, with_registry_errors: bool):
    with db.read_only() as session:
        job = JobRepository(session).get_or_raise(job_id)
        if not job.mapping:
            raise WrongState("the job has no mapping yet: its rows have no verdict")
        errors = {}
        if with_registry_errors and job.phase:
            errors = OutcomeRepository(session).errors(job_id, job.phase)
        return job, errors


def _fmt(job) -> FileFormat:
    return FileFormat(job.file_format, job.encoding, job.delimiter, job.sheet)


def _fit(cells: list[str], width: int) -> list[str]:
    return cells[:width] + [""] * (width - len(cells))


def _name(filename: str, what: str) -> str:
    return f"{Path(filename).stem}-{what}"
