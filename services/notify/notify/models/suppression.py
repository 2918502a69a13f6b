"""An address notify no longer sends to: it bounced, or a provider reported it dead."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, utcnow
from notify.models import Base


class SuppressedAddress(Base):
    __tablename__ = "suppressed_addresses"

    # Lower-cased e-mail address or E.164 phone number.
    address: Mapped[str] = mapped_column(String(254), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(UUIDStr)  # the message that bounced
    person_id: Mapped[str | None] = mapped_column(UUIDStr, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
