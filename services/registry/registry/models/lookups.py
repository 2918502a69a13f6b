"""The record of look-ups in public registers (issue 23 §1): who, whom, when, where, outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from registry.models import Base


class PersonLookup(Base):
    __tablename__ = "person_lookups"
    __table_args__ = (Index("ix_person_lookups_person", "person_id", "looked_up_at"),)

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    # The record goes with the person (erasure), like the change log.
    person_id: Mapped[str] = mapped_column(UUIDStr, ForeignKey("persons.id", ondelete="CASCADE"))
    looked_up_by: Mapped[str | None] = mapped_column(String(64))
    looked_up_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    register: Mapped[str] = mapped_column(String(16))  # spar, ares
    # found, not_found, timeout, error, not_configured (domain/lookups.py)
    outcome: Mapped[str] = mapped_column(String(16))
    cached: Mapped[bool] = mapped_column(Boolean, default=False)  # answered from the cache
    # The fields taken onto the card ("take these fields"), comma-separated; empty for a compare.
    taken: Mapped[str] = mapped_column(String(400), default="")
