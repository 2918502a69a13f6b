"""Use cases: show a stored upload's preview again; delete a job and its file."""

from __future__ import annotations

import logging
from pathlib import Path

from foyer_shared.db import Database
from imports.domain.errors import WrongState
from imports.domain.reading.table import FileFormat
from imports.models.job import ACTIVE, DRY_RUN_QUEUED, RUN_QUEUED, UNDO_REQUESTED
from imports.repository.jobs import JobRepository
from imports.repository.outcomes import OutcomeRepository
from imports.use_cases.inspecting import inspect_format
from imports.use_cases.uploads import preview_of

log = logging.getLogger(__name__)
BUSY = (*ACTIVE, DRY_RUN_QUEUED, RUN_QUEUED, UNDO_REQUESTED)


def preview(db: Database, job_id: str, max_rows: int) -> dict:
    """What the upload answered (header, first rows, suggestion), for the job as mapped now."""
    with db.read_only() as session:
        job = JobRepository(session).get_or_raise(job_id)
    fmt = FileFormat(job.file_format, job.encoding, job.delimiter, job.sheet)
    seen = inspect_format(Path(job.file_path), fmt, job.sheets, max_rows, job.header_row)
    return preview_of(job, seen, [])


def delete_job(db: Database, job_id: str) -> None:
    """The job, its outcomes and its stored file (which holds personal data) go."""
    with db.transaction() as session:
        jobs = JobRepository(session)
        job = jobs.get_for_update(job_id)
        if job.state in BUSY:
            raise WrongState(f"the job is {job.state}; wait until it has finished")
        path = Path(job.file_path)
        OutcomeRepository(session).delete_job(job_id)
        jobs.delete(job)
    path.unlink(missing_ok=True)  # after the commit: a failed delete keeps the file
    log.info("job %s deleted with its file", job_id)
