"""Use case: imports' part of a GDPR export, the rows of import files that created or changed
the person, published as imports.personal_data.exported (handlers.py hands the command here)."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.orm import Session

from imports import events
from imports.domain.reading.table import FileFormat, header_and_rows
from imports.models import Job, RowOutcome
from imports.repository.jobs import JobRepository
from imports.repository.outcomes import OutcomeRepository

log = logging.getLogger(__name__)


def export(session: Session, export_id: str, person_id: str, correlation_id: str | None) -> None:
    outcomes = OutcomeRepository(session).of_person_in_runs(person_id)
    by_job: dict[str, list[RowOutcome]] = {}
    for outcome in outcomes:
        by_job.setdefault(outcome.job_id, []).append(outcome)
    job_repository, jobs = JobRepository(session), []
    for job_id, rows in by_job.items():
        job = job_repository.get(job_id)
        cells = _original_rows(job, {r.row_no for r in rows})
        jobs.append(
            {
                "job_id": job.id,
                "filename": job.filename,
                "kind": job.kind,
                "uploaded_at": job.created_at.isoformat(),
                "rows": [
                    {
                        "row_no": r.row_no,
                        "outcome": r.outcome,
                        "error": r.error,
                        "cells": cells.get(r.row_no),
                    }
                    for r in rows
                ],
            }
        )
    events.outbox.event(
        session,
        events.PERSONAL_DATA_EXPORTED,
        {
            "export_id": export_id,
            "person_id": person_id,
            "data": {"import_rows": jobs},
        },
        correlation_id=correlation_id,
    )


def _original_rows(job: Job, wanted: set[int]) -> dict[int, dict]:
    """The person's rows as the file had them; None when the file was removed since."""
    path = Path(job.file_path)
    if not path.exists():
        return {}
    fmt = FileFormat(job.file_format, job.encoding, job.delimiter, job.sheet)
    header, rows = header_and_rows(path, fmt, job.header_row)
    found: dict[int, dict] = {}
    for row_no, cells in rows:
        if row_no in wanted:
            found[row_no] = dict(zip(header, cells, strict=False))
            if len(found) == len(wanted):
                break
    return found
