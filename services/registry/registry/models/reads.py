"""The read log (issue 23 §4): who viewed which person's card, when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr
from registry.models import Base


class PersonRead(Base):
    __tablename__ = "person_reads"
    __table_args__ = (
        Index("ix_person_reads_person", "person_id", "read_at"),
        Index("ix_person_reads_read_at", "read_at"),  # the retention's delete
    )

    # A number, not a UUID: rows are written in bulk after the read, and nothing names one.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    # The reads of a person go with the person (erasure).
    person_id: Mapped[str] = mapped_column(UUIDStr, ForeignKey("persons.id", ondelete="CASCADE"))
    viewer: Mapped[str] = mapped_column(String(64))  # the user who read it
    read_at: Mapped[datetime] = mapped_column(UTCDateTime)
    what: Mapped[str] = mapped_column(String(16), default="card")  # card, journal
