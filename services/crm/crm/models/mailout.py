"""A mail-out: one e-mail (a notify template or a free text) to everyone on a filtered list,
and what became of it per recipient."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from crm.models import Base
from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow

SENDING, SENT = "sending", "sent"
PENDING, HANDED, SUPPRESSED = "pending", "handed_to_notify", "suppressed"
# notify's answer for a handed recipient: notify.message.sent / notify.message.failed.
DELIVERED, FAILED = "sent", "failed"
RECIPIENT_STATES = (PENDING, HANDED, SUPPRESSED, DELIVERED, FAILED)


class Mailout(Base):
    __tablename__ = "mailouts"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    template: Mapped[str | None] = mapped_column(String(100))
    audience: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=SENDING)
    total: Mapped[int] = mapped_column(Integer, default=0)
    suppressed: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MailoutRecipient(Base):
    __tablename__ = "mailout_recipients"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    mailout_id: Mapped[str] = mapped_column(UUIDStr, ForeignKey("mailouts.id", ondelete="CASCADE"))
    # An erased person's row goes with their card (ON DELETE CASCADE): it holds their address.
    contact_id: Mapped[str] = mapped_column(UUIDStr, ForeignKey("contacts.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(UUIDStr)
    name: Mapped[str] = mapped_column(String(201), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    state: Mapped[str] = mapped_column(String(32), default=PENDING)
    reason: Mapped[str | None] = mapped_column(String(32))  # why suppressed
    message_id: Mapped[str | None] = mapped_column(UUIDStr)  # the id notify's message carries
    handed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # notify's result: when it came, and why it failed (failed, bounced, suppressed: reason).
    result_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result_reason: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        Index("ix_mailout_recipients_mailout", "mailout_id", "state"),
        Index("ix_mailout_recipients_contact", "contact_id"),
        Index("ix_mailout_recipients_message", "message_id"),
        Index(
            "ix_mailout_recipients_pending",
            "mailout_id",
            postgresql_where=text("state = 'pending'"),
            sqlite_where=text("state = 'pending'"),
        ),
    )
