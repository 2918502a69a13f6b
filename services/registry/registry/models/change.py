"""The change log: who changed which field of a person, when, from what to what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from registry.models import Base


class PersonChange(Base):
    __tablename__ = "person_changes"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    # No foreign key: the log of a merged-away person moves to the kept one.
    person_id: Mapped[str] = mapped_column(UUIDStr, index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The access context's user, or "service:<name>" for changes from events.
    changed_by: Mapped[str | None] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[str | None] = mapped_column(Text)  # JSON
    new_value: Mapped[str | None] = mapped_column(Text)  # JSON
