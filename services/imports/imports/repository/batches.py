"""Session-bound access to the batches sent to the registry; never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from imports.models import Batch, Job
from imports.models.job import ACTIVE


class BatchRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, row: Batch) -> None:
        self.session.add(row)

    def lock(self, job_id: str, batch_no: int) -> Batch | None:
        """The batch, locked until the transaction ends; None when it is gone."""
        return self.session.get(Batch, (job_id, batch_no), with_for_update=True)

    def count_in_phase(self, job_id: str, phase: str) -> int:
        return (
            self.session.scalar(
                select(func.count())
                .select_from(Batch)
                .where(Batch.job_id == job_id, Batch.phase == phase)
            )
            or 0
        )

    def delete_phase(self, job_id: str, phase: str) -> None:
        self.session.execute(delete(Batch).where(Batch.job_id == job_id, Batch.phase == phase))

    def unanswered(self, sent_before: datetime, limit: int) -> list[Batch]:
        """Up to `limit` unanswered batches of running jobs last sent before `sent_before`,
        oldest first, locked (skipped while another resender holds them)."""
        # A job the registry answered since `sent_before` is being worked through, only slowly
        # (a million rows queue for many minutes): resending its batches would double the work.
        answered = aliased(Batch)
        alive = select(answered.job_id).where(answered.answered_at >= sent_before)
        return self.session.scalars(
            select(Batch)
            .join(Job, Job.id == Batch.job_id)
            .where(
                Batch.answered_at.is_(None),
                Job.state.in_(ACTIVE),
                Batch.sent_at < sent_before,
                Batch.job_id.not_in(alive),
            )
            .order_by(Batch.sent_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Batch)
        ).all()
