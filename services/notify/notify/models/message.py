"""An outgoing message: one e-mail or SMS to one address, and where its delivery stands."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from notify.domain.states import QUEUED
from notify.models import Base


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    # The registry person the message was for, when known (erasure and GDPR export use it).
    person_id: Mapped[str | None] = mapped_column(UUIDStr, index=True)
    # The message type (account_activation, password_reset, ...) and the template language used.
    kind: Mapped[str] = mapped_column(String(40), default="staff_message")
    language: Mapped[str | None] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16))  # "email" or "sms"
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))  # SMS have none
    # The rendered content; kept only until erasure, never logged nor published.
    body_text: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # A mail-out (staff message, reminder) carries List-Unsubscribe; account mail does not.
    mail_out: Mapped[bool] = mapped_column(Boolean, default=False)
    # Looked up through ix_messages_due (state first), below.
    state: Mapped[str] = mapped_column(String(32), default=QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when a sender claims the message (its lease) and when it hands the content over.
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)  # why failed, bounced or suppressed
    provider: Mapped[str | None] = mapped_column(String(40))  # smtp, or the SMS provider used
    bulk_id: Mapped[str | None] = mapped_column(UUIDStr, index=True)  # a bulk activation
    # Sent on crm's behalf: its reference (a mail-out recipient's message id, the mail-out, the
    # to-do); notify.message.sent / failed carry them back (use_cases/results.py).
    request_id: Mapped[str | None] = mapped_column(UUIDStr, index=True)
    mailout_id: Mapped[str | None] = mapped_column(UUIDStr)
    task_id: Mapped[str | None] = mapped_column(UUIDStr)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    __table_args__ = (Index("ix_messages_due", "state", "next_attempt_at"),)
