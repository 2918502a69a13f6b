"""An outgoing message: one e-mail or SMS to one address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from notify.models import Base

QUEUED = "queued"  # not sent yet; later issues add sent, delivered, failed


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    # The registry person the message was for, when known (erasure and GDPR export use it).
    person_id: Mapped[str | None] = mapped_column(UUIDStr, index=True)
    channel: Mapped[str] = mapped_column(String(16))  # "email" or "sms"
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))  # SMS have none
    state: Mapped[str] = mapped_column(String(32), default=QUEUED, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
