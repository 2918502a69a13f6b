"""What the registry remembers of imports: batches applied, persons created, families made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, utcnow
from registry.models import Base


class ImportBatch(Base):
    """(job_id, batch_no) is applied once; a resent command gets the same answer again."""

    __tablename__ = "import_batches"

    job_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    batch_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    answer: Mapped[str] = mapped_column(Text)  # JSON data of registry.import_batch.processed
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImportedPerson(Base):
    """A person an import created, with the version it left: undo removes only unchanged ones."""

    __tablename__ = "imported_persons"

    job_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(UUIDStr, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    # The file row that created the person: a later row of the file with its key is a
    # duplicate in the file (use_cases/imports/batch.py _mark_repeats). None before migration 0009.
    row_no: Mapped[int | None] = mapped_column(Integer)


class ImportFamily(Base):
    """Rows of one job with the same `family` value form one household."""

    __tablename__ = "import_families"

    job_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    family_id: Mapped[str] = mapped_column(UUIDStr)
