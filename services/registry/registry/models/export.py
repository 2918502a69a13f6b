"""GDPR exports: one request, the parts the other services send back, the finished zip."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from registry.models import Base

PENDING, COMPLETE = "pending", "complete"


class Export(Base):
    __tablename__ = "exports"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    # No foreign key: the export is kept even if the person is deleted meanwhile.
    person_id: Mapped[str] = mapped_column(UUIDStr, index=True)
    requested_by: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registry_part: Mapped[str] = mapped_column(Text, default="{}")  # JSON, taken at request
    missing: Mapped[str] = mapped_column(String(200), default="")  # comma-separated services
    archive: Mapped[bytes | None] = mapped_column(LargeBinary)


class ExportPart(Base):
    __tablename__ = "export_parts"

    export_id: Mapped[str] = mapped_column(
        ForeignKey("exports.id", ondelete="CASCADE"), primary_key=True
    )
    service: Mapped[str] = mapped_column(String(32), primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # JSON
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
