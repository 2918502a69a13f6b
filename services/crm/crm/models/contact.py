"""A contact: the CRM's view of a person in the registry, with a pipeline status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from crm.models import Base
from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow

PROSPECT = "prospect"
# The person's facts the CRM keeps a copy of (the registry stays the owner).
COPIED_FIELDS = ("first_name", "last_name", "email")


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    # No foreign key: the person lives in the registry's database.
    person_id: Mapped[str] = mapped_column(UUIDStr, unique=True)
    status: Mapped[str] = mapped_column(String(32), default=PROSPECT)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
