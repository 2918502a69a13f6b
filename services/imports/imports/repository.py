"""Session-bound access to jobs; never commits (the use case owns the transaction)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from imports.models import Job


class JobRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, row: Job) -> None:
        self.session.add(row)

    def get(self, row_id: str) -> Job | None:
        return self.session.get(Job, row_id)

    def newest_first(self, offset: int, limit: int) -> tuple[list[Job], int]:
        total = self.session.scalar(select(func.count()).select_from(Job)) or 0
        rows = self.session.scalars(
            select(Job)
            .order_by(Job.created_at.desc(), Job.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return list(rows), total
