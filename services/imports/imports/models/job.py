"""An import job: one uploaded file being read into the registry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from imports.models import Base

PENDING = "pending"  # uploaded, not started; later issues add running, completed, failed


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32))  # what the file holds, e.g. "persons"
    filename: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(32), default=PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
