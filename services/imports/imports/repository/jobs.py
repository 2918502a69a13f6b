"""Session-bound access to jobs; never commits (the use case owns the transaction)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from imports.domain.errors import JobNotFound
from imports.models import Batch, Job


class JobRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, row: Job) -> None:
        self.session.add(row)

    def get(self, row_id: str) -> Job | None:
        return self.session.get(Job, row_id)

    def get_or_raise(self, row_id: str) -> Job:
        job = self.session.get(Job, row_id)
        if job is None:
            raise JobNotFound(f"no import job {row_id}")
        return job

    def get_for_update(self, row_id: str) -> Job:
        """The job, locked until the transaction ends (two steps never interleave)."""
        job = self.session.get(Job, row_id, with_for_update=True)
        if job is None:
            raise JobNotFound(f"no import job {row_id}")
        return job

    def newest_first(self, offset: int, limit: int) -> tuple[list[Job], int]:
        total = self.session.scalar(select(func.count()).select_from(Job)) or 0
        rows = self.session.scalars(
            select(Job).order_by(Job.created_at.desc(), Job.id).offset(offset).limit(limit)
        ).all()
        return list(rows), total

    def last_heard_from_registry(self, job: Job):
        """The registry's latest answer in the job's phase, else the phase's start."""
        answered = self.session.scalar(
            select(func.max(Batch.answered_at)).where(
                Batch.job_id == job.id, Batch.phase == job.phase
            )
        )
        return answered or job.started_at
