"""Read use cases for jobs: each opens one unit of work."""

from __future__ import annotations

from foyer_shared.db import Database
from imports.progress import progress_of
from imports.repository import JobRepository


def list_jobs(db: Database, offset: int, limit: int):
    with db.read_only() as session:
        return JobRepository(session).newest_first(offset, limit)


def get_job(db: Database, job_id: str):
    with db.read_only() as session:
        job = JobRepository(session).get_or_raise(job_id)
        job.progress = progress_of(job)
        return job
