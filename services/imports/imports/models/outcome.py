"""What the registry did (or, in a dry run, would do) with one row."""

from __future__ import annotations

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UUIDStr
from imports.models import Base


class RowOutcome(Base):
    __tablename__ = "row_outcomes"

    # No foreign key on PostgreSQL (migration 0005): checking it for each of a run's rows cost
    # as much as storing them. use_cases/housekeeping.delete_job deletes a job's outcomes with it.
    job_id: Mapped[str] = mapped_column(UUIDStr, primary_key=True)
    phase: Mapped[str] = mapped_column(String(16), primary_key=True)
    row_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_no: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))  # created, updated, unchanged, error
    person_id: Mapped[str | None] = mapped_column(UUIDStr, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    diff: Mapped[dict | None] = mapped_column(JSON)  # {field: [old, new]} for updates
    # The earlier row of the file with the same e-mail (the file rules' duplicate, for review).
    duplicate_of_row: Mapped[int | None] = mapped_column(Integer)
