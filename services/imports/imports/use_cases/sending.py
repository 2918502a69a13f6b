"""The worker's sender: a claimed job's file goes through the row processor into batches.

Each batch is a Batch row plus a `registry.import_batch` command in the outbox, written in
one transaction with a few others. A worker killed mid-file leaves a lease that expires; the
next claim re-reads the file (the processor is deterministic) and skips batches already
written, so every row is sent exactly once.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from datetime import timedelta
from pathlib import Path

from foyer_shared.db import Database, utcnow
from foyer_shared.messaging.wakeup import Wakeup, idle
from foyer_shared.metrics import IMPORT_ROWS
from foyer_shared.words import N_
from imports import events
from imports.domain.batch_order import BatchOrder
from imports.domain.earlier_rows import EarlierRows
from imports.domain.errors import FileRejected
from imports.domain.reading.table import FileFormat, header_and_rows
from imports.domain.rows.factory import make_processor
from imports.domain.rows.verdict import ERROR, OK, SET_ASIDE, SKIPPED
from imports.models import Batch
from imports.models.job import ACTIVE, DRY_RUN, JOBS_QUEUED_CHANNEL, QUEUED
from imports.repository.batches import BatchRepository
from imports.repository.jobs import JobRepository
from imports.repository.spilled_rows import SpilledRows
from imports.settings import Settings
from imports.use_cases.finishing import add_counts, fail, finish_if_done

log = logging.getLogger(__name__)
BATCHES_PER_TRANSACTION = 4  # ~10,000 rows held in memory at most
LOCAL_COUNTS = ("rows", "errors", "duplicates_in_file", "empty_skipped", "set_aside")


class Abandoned(Exception):
    """The job left the sending state under us (another sender, or it was reset)."""


@dataclasses.dataclass(frozen=True)
class Claim:
    job_id: str
    kind: str
    phase: str
    path: Path
    fmt: FileFormat
    header_row: int
    header: list
    mapping: dict
    first_batch: int


def claim_next(db: Database, lease_seconds: float) -> Claim | None:
    """A queued job, or one whose sender died (lease expired) before it finished sending."""
    now = utcnow()
    with db.transaction() as session:
        job = JobRepository(session).next_to_send(now)
        if job is None:
            return None
        if job.state in QUEUED:
            job.state, job.started_at = QUEUED[job.state], now
        job.lease_until = now + timedelta(seconds=lease_seconds)
        return Claim(
            job.id,
            job.kind,
            job.phase,
            Path(job.file_path),
            FileFormat(job.file_format, job.encoding, job.delimiter, job.sheet),
            job.header_row,
            list(job.header),
            dict(job.mapping),
            job.phase_first_batch,
        )


def send(db: Database, settings: Settings, claim: Claim) -> None:
    with db.read_only() as session:
        already = BatchRepository(session).count_in_phase(claim.job_id, claim.phase)
    header, rows = header_and_rows(claim.path, claim.fmt, claim.header_row)
    if header != claim.header:
        raise FileRejected("the stored file no longer has the header it was mapped with")
    mapping = claim.mapping
    processor = make_processor(claim.kind, header, mapping["columns"], mapping["options"])
    dry_run = claim.phase == DRY_RUN
    order = BatchOrder(claim.kind, mapping["match_on"], dry_run=dry_run)
    # A dry run's batches carry the earlier rows theirs depend on (domain/earlier_rows.py).
    earlier = EarlierRows(mapping["match_on"]) if dry_run and claim.kind == "customers" else None
    # ... and reads them from the rows it has batched so far (repository/spilled_rows.py).
    spilled = SpilledRows(settings.upload_dir) if earlier is not None else None
    try:
        _send_rows(db, settings, claim, rows, _Readers(processor, order, earlier, spilled), already)
    finally:
        if spilled is not None:
            spilled.close()


@dataclasses.dataclass(frozen=True)
class _Readers:
    """What reads a phase's rows: each row's verdict, the batches' order, and in a dry run the
    earlier rows each batch depends on."""

    processor: object
    order: BatchOrder
    earlier: EarlierRows | None
    spilled: SpilledRows | None


def _send_rows(db, settings, claim: Claim, rows, readers: _Readers, already: int) -> None:  # noqa: C901 (to split: docs/architecture.md)
    processor, order, earlier, spilled = (
        readers.processor,
        readers.order,
        readers.earlier,
        readers.spilled,
    )
    tally: Counter = Counter(dict.fromkeys(LOCAL_COUNTS, 0))
    pending: list[_Pending] = []
    batch: list[dict] = []
    depends: set[int] = set()  # rows of earlier batches this batch's rows depend on
    most_earlier = settings.batch_size
    number = 0
    for row_no, cells in rows:
        tally["rows"] += 1
        if tally["rows"] > settings.max_rows:
            count = {"count": f"{settings.max_rows:,}"}
            raise FileRejected(N_("the file has more than %(count)s rows; split it") % count)
        verdict = processor.process(row_no, cells)
        if verdict.status == OK:
            row = {"row_no": row_no, **verdict.fields}
            if verdict.duplicate_of:
                tally["duplicates_in_file"] += 1
                row["duplicate_of_row"] = verdict.duplicate_of
            if earlier is not None:
                spilled.add(row)
                if found := earlier.of(row):
                    first_row = batch[0]["row_no"] if batch else row_no
                    depends.update(r for r in found if r < first_row)
            batch.append(row)
            if len(batch) == settings.batch_size:
                number += 1
                # Worked out for every batch, also those already written: a resumed sender
                # must know the keys of the rows before.
                after = order.after(claim.first_batch + number - 1, batch)
                if number > already:
                    pending.append(_Pending(number, batch, after, _latest(depends, most_earlier)))
                batch, depends = [], set()
                # The first batch goes alone, so the registry starts while the rest is read.
                if len(pending) == BATCHES_PER_TRANSACTION or (pending and pending[0].number == 1):
                    _write(db, settings, claim, pending, spilled)
                    pending = []
        else:
            tally[
                {ERROR: "errors", SKIPPED: "empty_skipped", SET_ASIDE: "set_aside"}[verdict.status]
            ] += 1
    if batch:
        number += 1
        after = order.after(claim.first_batch + number - 1, batch)
        if number > already:
            pending.append(_Pending(number, batch, after, _latest(depends, most_earlier)))
    tally["to_registry"] = (
        tally["rows"] - tally["errors"] - tally["empty_skipped"] - tally["set_aside"]
    )
    _write(db, settings, claim, pending, spilled, final=(number, tally))
    log.info("job %s: %s sent in %d batches", claim.job_id, claim.phase, number)


def _latest(depends: set[int], most: int) -> list[int]:
    """At most a batch's worth of earlier rows, the latest: a command stays the size of two
    batches even when one dummy e-mail is matched on all through a file."""
    return sorted(depends)[-most:]


@dataclasses.dataclass(frozen=True)
class _Pending:
    """A batch made and not yet written."""

    number: int  # 1, 2, ... within the phase
    rows: list[dict]
    after: list[int]  # after_batches (domain/batch_order.py)
    depends: list[int]  # earlier rows it depends on, in a dry run (domain/earlier_rows.py)


def _write(
    db, settings, claim: Claim, pending: list[_Pending], spilled: SpilledRows | None, final=None
) -> None:
    now = utcnow()
    with db.transaction() as session:
        job = JobRepository(session).lock(claim.job_id)
        if job is None or job.state not in ACTIVE or job.phase != claim.phase:
            raise Abandoned(claim.job_id)
        batches = BatchRepository(session)
        datas = [_command_data(claim, made, spilled) for made in pending]
        # All the batches' commands in one multi-row INSERT.
        commands = events.outbox.commands(session, events.IMPORT_BATCH, datas)
        for made, command in zip(pending, commands, strict=True):
            rows = made.rows
            batch_no = claim.first_batch + made.number - 1
            duplicates = {
                str(r["row_no"]): r["duplicate_of_row"] for r in rows if "duplicate_of_row" in r
            }
            batches.add(
                Batch(
                    job_id=claim.job_id,
                    batch_no=batch_no,
                    phase=claim.phase,
                    row_count=len(rows),
                    message_id=command.id,
                    sent_at=now,
                    times_sent=1,
                    duplicates=duplicates or None,
                )
            )
            job.batches_open += 1
            job.rows_sent += len(rows)
        job.lease_until = now + timedelta(seconds=settings.lease_seconds)
        if final is not None:
            total_batches, tally = final
            job.next_batch_no = claim.first_batch + total_batches
            job.sending_done = True
            add_counts(job, **tally)
            finish_if_done(session, job)
    IMPORT_ROWS.labels("sent").inc(sum(len(made.rows) for made in pending))  # committed


def _command_data(claim: Claim, made: _Pending, spilled: SpilledRows | None) -> dict:
    batch_no = claim.first_batch + made.number - 1
    # after_batches: the earlier batches the registry must have written first
    # (domain/batch_order.py); it writes this one beside the others. previous_batch_no keeps
    # the whole order for a registry that does not know after_batches yet.
    data = {
        "job_id": claim.job_id,
        "batch_no": batch_no,
        "previous_batch_no": batch_no - 1 if made.number > 1 else None,
        "after_batches": made.after,
        "kind": claim.kind,
        "dry_run": claim.phase == DRY_RUN,
        "mode": claim.mapping["mode"],
        "match_on": claim.mapping["match_on"],
        "options": claim.mapping["options"],
        "rows": made.rows,
    }
    if made.depends:
        data["earlier_rows"] = spilled.rows(made.depends)
    return data


def fail_job(db: Database, job_id: str, reason: str) -> None:
    with db.transaction() as session:
        job = JobRepository(session).lock(job_id)
        if job is not None and job.state in ACTIVE:
            fail(session, job, reason)


def run_sender(db: Database, settings: Settings, stop) -> None:
    """Worker loop: claim a job, send it, repeat. Idle, it sleeps until a job is queued
    (PostgreSQL: LISTEN, steps.py notifies) or `job_poll_seconds` pass: a job whose sender
    died is taken over at the poll, and a lost notification only delays the start."""
    wakeup = Wakeup.for_url(str(db.url), JOBS_QUEUED_CHANNEL)
    try:
        while not stop.is_set():
            claim = claim_next(db, settings.lease_seconds)
            if claim is None:
                idle(wakeup, stop, settings.job_poll_seconds)
                continue
            _send_claimed(db, settings, claim)
    finally:
        if wakeup is not None:
            wakeup.close()


def _send_claimed(db: Database, settings: Settings, claim: Claim) -> None:
    try:
        send(db, settings, claim)
    except (FileRejected, OSError) as exc:  # the stored file is unreadable or gone
        log.warning("job %s failed: %s", claim.job_id, exc)
        fail_job(db, claim.job_id, str(exc))
    except Abandoned:
        log.info("job %s was taken over or reset; left alone", claim.job_id)
