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
from foyer_shared.words import N_
from imports.domain import writing
from imports.domain.errors import WrongState
from imports.domain.reading.table import FileFormat, header_and_rows
from imports.domain.rows.factory import make_processor
from imports.domain.rows.verdict import ERROR, SET_ASIDE
from imports.domain.words import DEFAULT_LANGUAGE, every_language, gettext_for
from imports.repository.jobs import JobRepository
from imports.repository.outcomes import OutcomeRepository

# The two columns the error file adds, named in its reader's language. A fixed error file
# uploaded again has them already, in whichever language: they are rewritten, not added.
ERROR_COLUMN = N_("Import error")
# The row's number in the uploaded file (a spreadsheet's row number, header = its own row), so
# a reader of the error file finds the row in the original; a fixed error file uploaded again
# keeps the numbers of the first file (issue 23 §13).
ROW_COLUMN = N_("Row in file")


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


def download(
    db: Database, job_id: str, which: str, fmt: str, language: str = DEFAULT_LANGUAGE
) -> FileOut:
    """The job's rows `which` ("errors" or "set-aside") as a file of format `fmt` (csv, xlsx);
    an error file's words in `language`."""
    out = {"errors": error_rows, "set-aside": set_aside_rows}[which](db, job_id, language)
    name = f"{out.filename}.{fmt}"
    if fmt == "csv":
        return FileOut(name, writing.csv_chunks(out.header, out.rows, out.delimiter))
    return FileOut(name, writing.xlsx_file(out.header, out.rows))


def error_rows(db: Database, job_id: str, language: str = DEFAULT_LANGUAGE) -> RowsOut:
    """Original columns plus an error column in plain words: ready to fix and upload again.
    The file's own checks speak `language`; the registry's refusals are as it wrote them."""
    job, registry_errors = _load(db, job_id, with_registry_errors=True)
    header, rows = header_and_rows(Path(job.file_path), _fmt(job), job.header_row)
    processor = make_processor(
        job.kind, header, job.mapping["columns"], job.mapping["options"], language=language
    )
    width = len(header)
    row_at = _position(header, ROW_COLUMN)
    column = _position(header, ERROR_COLUMN)

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

    words = gettext_for(language)
    added = [words(ROW_COLUMN)] * (row_at is None) + [words(ERROR_COLUMN)] * (column is None)
    return RowsOut(_name(job.filename, "errors"), job.delimiter or ";", header + added, generate())


def _position(header: list[str], added_column: str) -> int | None:
    """Where a column the error file adds already is (a fixed error file uploaded again)."""
    names = every_language(added_column)
    return next((at for at, name in enumerate(header) if name in names), None)


def set_aside_rows(db: Database, job_id: str, language: str = DEFAULT_LANGUAGE) -> RowsOut:
    """The rows set aside (no personnummer, as asked), as they are: no words to translate."""
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
