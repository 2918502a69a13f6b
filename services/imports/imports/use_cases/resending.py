"""Batches the registry has not answered are sent again, unchanged (same job_id, batch_no).

The registry applies a (job_id, batch_no) once, so a resend can never apply a row twice; it
only matters when a command or its answer was lost (e.g. a queue purged by an operator).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from foyer_shared.db import Database, utcnow
from imports import events
from imports.models import Batch
from imports.models.job import ACTIVE
from imports.repository import payloads
from imports.repository.batches import BatchRepository
from imports.repository.jobs import JobRepository
from imports.use_cases.finishing import fail

log = logging.getLogger(__name__)


def resend_unanswered(db: Database, sent_before: datetime, limit: int = 100) -> int:
    """Resends up to `limit` unanswered batches last sent before `sent_before`."""
    now = utcnow()
    with db.transaction() as session:
        # Not those of a job the registry answered since (BatchRepository.unanswered says why).
        batches = BatchRepository(session).unanswered(sent_before, limit)
        resent, datas = [], []
        for batch in batches:
            try:
                datas.append(payloads.command_data(session, batch))
            except payloads.CommandGone:
                _give_up(session, batch)
                continue
            resent.append(batch)
        commands = events.outbox.commands(session, events.IMPORT_BATCH, datas)
        for batch, command in zip(resent, commands, strict=True):
            # The new row is the copy read next time; the old one may now be pruned.
            batch.message_id, batch.payload = command.id, None
            batch.sent_at, batch.times_sent = now, batch.times_sent + 1
    if batches:
        log.warning("resent %d unanswered batches", len(batches))
    return len(batches)


def _give_up(session, batch: Batch) -> None:
    """Only when the outbox keeps sent messages for less time than a batch waits between
    resends (a misconfiguration): fail the job in words, rather than wait for ever."""
    job = JobRepository(session).lock(batch.job_id)
    if job is not None and job.state in ACTIVE:
        log.error(
            "job %s: batch %d cannot be sent again, its command was pruned from the outbox",
            job.id,
            batch.batch_no,
        )
        fail(
            session,
            job,
            f"batch {batch.batch_no} went unanswered and could not be sent "
            "again: its command is no longer kept (FOYER_OUTBOX_KEEP_PUBLISHED_"
            "HOURS is shorter than the time it waited). Upload the file again.",
        )


def run_resender(db: Database, settings, stop) -> None:
    """Worker loop: at start every unanswered batch goes again, then those silent too long."""
    cutoff = utcnow()
    while not stop.is_set():
        while resend_unanswered(db, cutoff) and not stop.is_set():
            pass
        stop.wait(min(settings.resend_after_seconds, 30.0))
        cutoff = utcnow() - timedelta(seconds=settings.resend_after_seconds)
