"""An import job: one uploaded file, its mapping, and how far its dry run or run got."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from imports.models import Base

# States, in the order a job normally passes them (docs/imports.md).
UPLOADED = "uploaded"
MAPPED = "mapped"
DRY_RUN_QUEUED, DRY_RUNNING, DRY_RUN_DONE = "dry_run_queued", "dry_running", "dry_run_done"
RUN_QUEUED, RUNNING, COMPLETED, FAILED = "run_queued", "running", "completed", "failed"
UNDO_REQUESTED, UNDONE = "undo_requested", "undone"
PENDING = UPLOADED  # kept for old rows' readers
QUEUED = {DRY_RUN_QUEUED: DRY_RUNNING, RUN_QUEUED: RUNNING}
# Queuing a job NOTIFYs this channel, so an idle sender starts at once
# (use_cases/sending.run_sender).
JOBS_QUEUED_CHANNEL = "imports_jobs_queued"
ACTIVE = (DRY_RUNNING, RUNNING)
DRY_RUN, RUN = "dry_run", "run"  # phases


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32))  # customers, groups, group_members, statuses
    filename: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(32), default=UPLOADED, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created_by: Mapped[str | None] = mapped_column(String(64))
    # The stored upload and how to read it.
    file_path: Mapped[str] = mapped_column(Text, default="")
    file_format: Mapped[str] = mapped_column(String(8), default="csv")
    encoding: Mapped[str | None] = mapped_column(String(32))
    delimiter: Mapped[str | None] = mapped_column(String(4))
    sheets: Mapped[list] = mapped_column(JSON, default=list)
    sheet: Mapped[str | None] = mapped_column(String(255))
    header_row: Mapped[int] = mapped_column(Integer, default=1)
    header: Mapped[list] = mapped_column(JSON, default=list)
    total_rows: Mapped[int | None] = mapped_column(Integer)  # data rows below the header
    # {columns: {column: field}, mode, match_on, options: {...}}
    mapping: Mapped[dict | None] = mapped_column(JSON)
    # The phase being worked (dry_run or run) and its progress.
    phase: Mapped[str | None] = mapped_column(String(16))
    counts: Mapped[dict] = mapped_column(JSON, default=dict)  # {phase: {name: number}}
    next_batch_no: Mapped[int] = mapped_column(Integer, default=1)
    phase_first_batch: Mapped[int] = mapped_column(Integer, default=1)  # this phase's batch 1
    sending_done: Mapped[bool] = mapped_column(Boolean, default=False)
    batches_open: Mapped[int] = mapped_column(Integer, default=0)  # sent, not yet answered
    rows_sent: Mapped[int] = mapped_column(Integer, default=0)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the sender's claim
    failure: Mapped[str | None] = mapped_column(Text)
    undo_result: Mapped[dict | None] = mapped_column(JSON)
    # The undo's progress: the registry reports it after each chunk of persons (migration 0006).
    undo_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undo_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
