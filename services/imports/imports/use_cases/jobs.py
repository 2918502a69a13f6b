"""Read use cases for jobs: each opens one unit of work."""

from __future__ import annotations

from foyer_shared.db import Database
from imports.domain.progress import progress_of
from imports.repository.jobs import JobRepository


def list_jobs(db: Database, offset: int, limit: int):
    with db.read_only() as session:
        return JobRepository(session).newest_first(offset, limit)


def get_job(db: Database, job_id: str, quiet_after: float = 60.0):
    with db.read_only() as session:
        repository = JobRepository(session)
        job = repository.get_or_raise(job_id)
        last_heard = repository.last_heard_from_registry(job) if job.batches_open else None
        job.progress = progress_of(job, last_heard, quiet_after)
        return job
