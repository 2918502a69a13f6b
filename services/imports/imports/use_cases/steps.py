"""Use cases: start a dry run or a run (the worker sends the batches), ask the registry to undo."""

from __future__ import annotations

from foyer_shared.db import Database, utcnow
from foyer_shared.messaging.wakeup import notify
from imports import events
from imports.domain.errors import WrongState
from imports.models import Job
from imports.models.job import (
    COMPLETED,
    DRY_RUN,
    DRY_RUN_DONE,
    DRY_RUN_QUEUED,
    FAILED,
    JOBS_QUEUED_CHANNEL,
    MAPPED,
    RUN,
    RUN_QUEUED,
    UNDO_REQUESTED,
)
from imports.repository.batches import BatchRepository
from imports.repository.jobs import JobRepository
from imports.repository.outcomes import OutcomeRepository
from imports.use_cases.finishing import UNKNOWN_STATUSES


def start_dry_run(db: Database, job_id: str) -> Job:
    return _start(db, job_id, DRY_RUN, DRY_RUN_QUEUED, (MAPPED, DRY_RUN_DONE, FAILED))


def start_run(db: Database, job_id: str) -> Job:
    # A failed run is not restarted: rows it applied would be applied twice. Upload anew.
    return _start(db, job_id, RUN, RUN_QUEUED, (MAPPED, DRY_RUN_DONE))


def _start(db: Database, job_id: str, phase: str, queued: str, allowed: tuple) -> Job:
    with db.transaction() as session:
        job = JobRepository(session).get_for_update(job_id)
        if job.state not in allowed or (job.state == FAILED and job.phase == RUN):
            raise WrongState(
                f"the job is {job.state}; a {phase.replace('_', ' ')} needs it "
                f"to be one of {', '.join(allowed)}"
            )
        # Earlier answers of this phase (a repeated dry run) are replaced, not mixed in.
        OutcomeRepository(session).delete_phase(job_id, phase)
        BatchRepository(session).delete_phase(job_id, phase)
        counts = dict(job.counts or {})
        counts.pop(phase, None)
        counts.pop(UNKNOWN_STATUSES, None)  # a dry run finds them again; a run decides
        job.counts, job.phase, job.state = counts, phase, queued
        job.phase_first_batch = job.next_batch_no
        job.sending_done, job.batches_open, job.rows_sent, job.rows_done = False, 0, 0, 0
        job.started_at = job.finished_at = job.lease_until = None
        job.failure = None
        notify(session, JOBS_QUEUED_CHANNEL)
        return job


def request_undo(db: Database, job_id: str) -> Job:
    with db.transaction() as session:
        job = JobRepository(session).get_for_update(job_id)
        if job.state != COMPLETED:
            raise WrongState(f"the job is {job.state}; only a completed import can be undone")
        job.state = UNDO_REQUESTED
        job.undo_started_at, job.undo_done = utcnow(), 0
        events.outbox.command(session, events.IMPORT_UNDO, {"job_id": job.id})
        return job
