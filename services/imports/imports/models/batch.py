"""A batch of rows sent to the registry as one `registry.import_batch` command."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr
from imports.models import Base


class Batch(Base):
    __tablename__ = "batches"

    job_id: Mapped[str] = mapped_column(
        UUIDStr, ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    # Unique per job across dry runs and runs, so the registry's (job_id, batch_no) dedupe
    # never mistakes a run's batch for an earlier dry run's.
    batch_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    phase: Mapped[str] = mapped_column(String(16))
    row_count: Mapped[int] = mapped_column(Integer)
    # The outbox row that carried the command (its id): the command is read back from there
    # for a resend or a dry run's earlier rows (repository/payloads.py), not stored a second time.
    message_id: Mapped[str | None] = mapped_column(UUIDStr)
    # Batches sent before migration 0008: the command's data itself.
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    # {row_no: earlier row_no} of the batch's rows the file rules found a duplicate of an
    # earlier row (same e-mail): their outcomes say so, for review (use_cases/answers.py, _record).
    duplicates: Mapped[dict | None] = mapped_column(JSON)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    times_sent: Mapped[int] = mapped_column(Integer, default=1)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
