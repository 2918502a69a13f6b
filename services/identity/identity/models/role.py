"""A custom role: a named set of permissions that owners and administrators define."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from identity.models import Base


class Role(Base):
    __tablename__ = "roles"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    # Stored lower-case, unique, never one of the built-in names.
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    permissions: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
