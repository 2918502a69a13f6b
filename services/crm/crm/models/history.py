"""A history entry on a card: what happened (its type), a note, who wrote it and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.models import Base
from crm.models.label import Label
from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow


class HistoryEntry(Base):
    __tablename__ = "history_entries"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    contact_id: Mapped[str] = mapped_column(UUIDStr, ForeignKey("contacts.id", ondelete="CASCADE"))
    type_id: Mapped[str | None] = mapped_column(UUIDStr, ForeignKey("labels.id"))
    note: Mapped[str | None] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Where it came from: "staff" (written by hand), "task" (a to-do closed), "trial_booking".
    source: Mapped[str] = mapped_column(String(32), default="staff")
    task_id: Mapped[str | None] = mapped_column(UUIDStr)
    # What outside fact it records, once (a trial booking: "booking:<booking_id>").
    reference: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    type: Mapped[Label | None] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_history_contact", "contact_id", "occurred_at"),
        Index("uq_history_reference", "reference", unique=True),
    )
