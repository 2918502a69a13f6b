"""A person in the register: a member, customer or staff member."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from registry.models import Base

# Fields a client may set; the rest the registry keeps itself.
EDITABLE_FIELDS = ("first_name", "last_name", "email", "phone", "personnummer")


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    personnummer: Mapped[str | None] = mapped_column(String(13), unique=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    def facts(self) -> dict:
        """What events say about the person: ids and plain facts, never secrets."""
        return {name: getattr(self, name) for name in EDITABLE_FIELDS}
