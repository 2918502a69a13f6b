"""A label: a tag, a to-do type or a history event type (crm.domain.labels)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from crm.models import Base
from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow


class Label(Base):
    __tablename__ = "labels"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    # Tags only: "person" or "company"; empty for to-do and history types.
    applies_to: Mapped[str] = mapped_column(String(16), default="")
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # One name per kind (and, for tags, per persons/companies), archived ones included: an
    # archived "Gold" still shows on cards, so a second "Gold" would be ambiguous.
    __table_args__ = (Index("uq_labels_name", "kind", "applies_to", "name", unique=True),)

    @property
    def archived(self) -> bool:
        return self.archived_at is not None
