"""A job's batches are written in the file's order, also with several workers consuming them.

Several registry processes may consume `registry.commands` (`python -m registry import-worker`):
each checks its batch's rows while another writes, and then waits for the earlier batches its
rows depend on to be committed before it looks anyone up or writes. imports names them
(`after_batches`: the earlier batches sharing a key with this one, imports/batch_order.py);
an older sender names only the batch before (`previous_batch_no`), which keeps the whole order.
So a row sees every earlier row of the file that shares a key with it, exactly as with one
worker: the same key twice makes the second an update, a family named on two rows is one
family; batches sharing no key are written side by side. A dry run writes nothing that a later
batch could see, so its batches do not wait.

Statuses are the one thing batches sharing no key may both create: `creating_statuses` makes
the second wait for the first's commit and then find the status instead of making another.
"""

from __future__ import annotations

import time
import zlib

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from registry.models import ImportBatch

# Polls only while the batch before is on its way to a worker (a few milliseconds): once a
# worker has it, PostgreSQL's lock wakes us when it commits.
_FIRST_POLL, _LONGEST_POLL = 0.002, 0.01


class EarlierBatchMissing(RuntimeError):
    """No one has the batch before: the consumer retries this one later."""


def working_on(session: Session, job_id: str, batch_no: int) -> None:
    """Marks the batch as being applied by this transaction (PostgreSQL: an advisory lock until
    it ends), so a worker waiting for it keeps waiting however long it takes."""
    if _postgresql(session):
        session.execute(
            text("SELECT pg_advisory_xact_lock(:job, :batch)"),
            {"job": _job_key(job_id), "batch": batch_no},
        )


def batches_before(data: dict) -> list[int]:
    """The earlier batches a batch command must wait for (none for a dry run)."""
    if data.get("dry_run"):
        return []
    if "after_batches" in data:
        return [int(number) for number in data["after_batches"] or ()]
    previous = data.get("previous_batch_no")
    return [int(previous)] if previous is not None else []


def wait_for_batches(session: Session, job_id: str, numbers: list[int], timeout: float) -> None:
    """Returns once every batch in `numbers` is committed (see wait_for_previous). Most are,
    long since: one query finds those, and only the others are waited for."""
    if not numbers:
        return
    applied = set(
        session.scalars(
            select(ImportBatch.batch_no).where(
                ImportBatch.job_id == job_id, ImportBatch.batch_no.in_(numbers)
            )
        )
    )
    for number in sorted(set(numbers) - applied, reverse=True):
        wait_for_previous(session, job_id, number, timeout)


def creating_statuses(session: Session, names) -> None:
    """Called before creating missing statuses: waits until no other transaction is creating
    one of the same names (case-insensitive), and holds them until this one ends. A status
    looked up after this sees what the other one committed."""
    if not _postgresql(session):
        return
    for name in sorted({name.lower() for name in names}):  # one order: no deadlock
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"registry.statuses:{name}"},
        )


def wait_for_previous(session: Session, job_id: str, previous: int | None, timeout: float) -> None:
    """Returns once batch `previous` of the job is committed (at once when there is none).

    Each poll is its own statement, so under READ COMMITTED it sees the other worker's commit.
    While another worker is applying that batch it waits as long as that takes; a batch no one
    has (still queued, or waiting out a retry) gets `timeout` seconds. Then this one goes back
    through the consumer's retries, which frees this worker to take the missing batch."""
    if previous is None:
        return
    if not _postgresql(session) and not _applied(session, job_id, previous):
        # SQLite has one writer, so one worker: no one else can be bringing that batch, and
        # waiting here would hold the write lock (BEGIN IMMEDIATE) from every other writer.
        raise EarlierBatchMissing(f"batch {previous} of job {job_id} is not applied yet")
    deadline, pause = time.monotonic() + timeout, _FIRST_POLL
    while not _applied(session, job_id, previous):
        if _in_progress(session, job_id, previous):
            _until_released(session, job_id, previous)  # PostgreSQL wakes us at its commit
            deadline, pause = time.monotonic() + timeout, _FIRST_POLL
            continue
        if time.monotonic() > deadline:
            raise EarlierBatchMissing(f"batch {previous} of job {job_id} is not applied yet")
        time.sleep(pause)  # not taken by any worker yet: it is on its way
        pause = min(pause * 2, _LONGEST_POLL)


def _until_released(session: Session, job_id: str, batch_no: int) -> None:
    """Blocks until the worker applying the batch ends its transaction: a shared lock on the
    batch's key waits for its exclusive one, and is given back at once."""
    keys = {"job": _job_key(job_id), "batch": batch_no}
    session.execute(text("SELECT pg_advisory_lock_shared(:job, :batch)"), keys)
    session.execute(text("SELECT pg_advisory_unlock_shared(:job, :batch)"), keys)


def _applied(session: Session, job_id: str, batch_no: int) -> bool:
    return (
        session.scalar(
            select(ImportBatch.batch_no).where(
                ImportBatch.job_id == job_id, ImportBatch.batch_no == batch_no
            )
        )
        is not None
    )


def _in_progress(session: Session, job_id: str, batch_no: int) -> bool:
    if not _postgresql(session):
        return False  # SQLite has one writer, so one worker: nothing runs beside us
    return session.scalar(
        text(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid = (:job)::int::oid AND objid = (:batch)::int::oid AND objsubid = 2 "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))"
        ),
        {"job": _job_key(job_id), "batch": batch_no},
    )


def _job_key(job_id: str) -> int:
    """The job as a signed 32-bit advisory-lock key (a collision only makes a worker wait)."""
    return zlib.crc32(job_id.encode()) - (1 << 31)


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
