"""Session-bound access to jobs; never commits (the use case owns the transaction)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from imports.domain.errors import JobNotFound
from imports.models import Batch, Job
from imports.models.job import ACTIVE, QUEUED


class JobRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, row: Job) -> None:
        self.session.add(row)

    def get(self, row_id: str) -> Job | None:
        return self.session.get(Job, row_id)

    def delete(self, row: Job) -> None:
        self.session.delete(row)

    def get_or_raise(self, row_id: str) -> Job:
        job = self.session.get(Job, row_id)
        if job is None:
            raise JobNotFound(f"no import job {row_id}")
        return job

    def get_for_update(self, row_id: str) -> Job:
        """The job, locked until the transaction ends (two steps never interleave)."""
        job = self.lock(row_id)
        if job is None:
            raise JobNotFound(f"no import job {row_id}")
        return job

    def lock(self, row_id: str) -> Job | None:
        """The job, locked until the transaction ends; None when it is gone."""
        return self.session.get(Job, row_id, with_for_update=True)

    def next_to_send(self, now: datetime) -> Job | None:
        """A queued job, or one whose sender died (lease expired) before it finished sending;
        locked, and skipped while another sender holds it."""
        return self.session.scalars(
            select(Job)
            .where(
                or_(
                    Job.state.in_(QUEUED),
                    and_(
                        Job.state.in_(ACTIVE),
                        Job.sending_done.is_(False),
                        or_(Job.lease_until.is_(None), Job.lease_until < now),
                    ),
                )
            )
            .order_by(Job.created_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()

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
