"""Personal documents attached to a person (issue 23 §8): what they are; bytes in the store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from registry.models import Base


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)  # the store's key
    # The row goes with the person; the worker's sweep then removes the bytes.
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by: Mapped[str | None] = mapped_column(String(64))
