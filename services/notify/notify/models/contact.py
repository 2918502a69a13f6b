"""What notify knows of a registry person to reach them, kept from the registry's events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, utcnow
from notify.models import Base


class Contact(Base):
    __tablename__ = "contacts"

    person_id: Mapped[str] = mapped_column(UUIDStr, primary_key=True)
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(200))  # or a company's name
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    mobile_phone: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    # The registry's defaults until it says otherwise (registry.person.updated).
    remind_by_email: Mapped[bool] = mapped_column(Boolean, default=True)
    remind_by_sms: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def facts(self) -> dict:
        """The `person` placeholder of every template."""
        return {
            "first_name": self.first_name or "",
            "last_name": self.last_name or "",
            "email": self.email,
            "phone": self.mobile_phone or self.phone,
        }
