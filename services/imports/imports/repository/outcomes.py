"""Session-bound access to the per-row outcomes the registry reported; never commits."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from foyer_shared.bulk import insert_rows
from imports.models import RowOutcome
from imports.models.job import RUN


class OutcomeRepository:
    def __init__(self, session: Session):
        self.session = session

    def insert(self, rows: list[dict]) -> None:
        """Many rows in one statement; each dict names the same columns."""
        insert_rows(self.session, RowOutcome.__table__, rows)

    def page(
        self,
        job_id: str,
        phase: str,
        outcome: str | None,
        offset: int,
        limit: int,
        duplicates_only: bool = False,
    ) -> tuple[list[RowOutcome], int]:
        """A page of a phase's outcomes by row number (optionally of one outcome, or only the
        duplicates in the file), and how many there are in all."""
        where = [RowOutcome.job_id == job_id, RowOutcome.phase == phase]
        if outcome:
            where.append(RowOutcome.outcome == outcome)
        if duplicates_only:
            where.append(RowOutcome.duplicate_of_row.is_not(None))
        total = self.session.scalar(select(func.count()).select_from(RowOutcome).where(*where))
        rows = self.session.scalars(
            select(RowOutcome).where(*where).order_by(RowOutcome.row_no).offset(offset).limit(limit)
        ).all()
        return list(rows), total or 0

    def errors(self, job_id: str, phase: str) -> dict[int, str]:
        """{row_no: the registry's error} of a phase's refused rows."""
        return dict(
            self.session.execute(
                select(RowOutcome.row_no, RowOutcome.error).where(
                    RowOutcome.job_id == job_id,
                    RowOutcome.phase == phase,
                    RowOutcome.outcome == "error",
                )
            ).all()
        )

    def of_person_in_runs(self, person_id: str) -> list[RowOutcome]:
        """The runs' rows that created or changed the person, by job and row number."""
        return self.session.scalars(
            select(RowOutcome)
            .where(RowOutcome.person_id == person_id, RowOutcome.phase == RUN)
            .order_by(RowOutcome.job_id, RowOutcome.row_no)
        ).all()

    def delete_phase(self, job_id: str, phase: str) -> None:
        self.session.execute(
            delete(RowOutcome).where(RowOutcome.job_id == job_id, RowOutcome.phase == phase)
        )

    def delete_job(self, job_id: str) -> None:
        self.session.execute(delete(RowOutcome).where(RowOutcome.job_id == job_id))
