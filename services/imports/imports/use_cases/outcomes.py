"""Read use case: the per-row outcomes the registry reported for a job's phase."""

from __future__ import annotations

from sqlalchemy import func, select

from foyer_shared.db import Database
from imports.models import RowOutcome
from imports.repository.jobs import JobRepository


def list_outcomes(
    db: Database,
    job_id: str,
    phase: str,
    outcome: str | None,
    offset: int,
    limit: int,
    duplicates_only: bool = False,
):
    with db.read_only() as session:
        JobRepository(session).get_or_raise(job_id)
        where = [RowOutcome.job_id == job_id, RowOutcome.phase == phase]
        if outcome:
            where.append(RowOutcome.outcome == outcome)
        if duplicates_only:
            where.append(RowOutcome.duplicate_of_row.is_not(None))
        total = session.scalar(select(func.count()).select_from(RowOutcome).where(*where))
        rows = session.scalars(
            select(RowOutcome).where(*where).order_by(RowOutcome.row_no).offset(offset).limit(limit)
        ).all()
        return list(rows), total or 0
