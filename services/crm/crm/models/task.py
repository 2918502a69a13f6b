"""A to-do: private (the creator's own) or about a person's or company's card; assigned to a
staff member, with a type, a note and a reminder time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.models import Base
from crm.models.label import Label
from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow

_OPEN = text("closed_at IS NULL")


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))  # private, person, company
    contact_id: Mapped[str | None] = mapped_column(
        UUIDStr, ForeignKey("contacts.id", ondelete="CASCADE")
    )
    created_by: Mapped[str] = mapped_column(String(100))
    assignee_user_id: Mapped[str] = mapped_column(String(100))
    type_id: Mapped[str | None] = mapped_column(UUIDStr, ForeignKey("labels.id"))
    note: Mapped[str | None] = mapped_column(Text)
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set in the transaction that writes the reminder's command to the outbox: once per time.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    type: Mapped[Label | None] = relationship(lazy="joined")

    __table_args__ = (
        # The badge and "my to-dos": an assignee's open to-dos by reminder time.
        Index(
            "ix_tasks_open_by_assignee",
            "assignee_user_id",
            "remind_at",
            postgresql_where=_OPEN,
            sqlite_where=_OPEN,
        ),
        # The reminder loop: open to-dos not reminded yet, by time.
        Index(
            "ix_tasks_reminders_due",
            "remind_at",
            postgresql_where=text("closed_at IS NULL AND reminded_at IS NULL"),
            sqlite_where=text("closed_at IS NULL AND reminded_at IS NULL"),
        ),
        Index("ix_tasks_contact", "contact_id"),
    )


class Badge(Base):
    """The last count pushed as crm.badge.changed per staff member (an event only on change)."""

    __tablename__ = "badges"

    user_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
