"""Progress of the phase a job is in: rows done, rate, estimated time left, and whether it is
waiting for the registry (so a stalled import says so instead of showing a growing ETA)."""

from __future__ import annotations

import math
from datetime import datetime

from foyer_shared.db import utcnow
from imports.models import Job
from imports.models.job import ACTIVE, RUN, UNDO_REQUESTED


def progress_of(
    job: Job,
    last_heard: datetime | None = None,
    quiet_after: float = 60.0,
    now: datetime | None = None,
) -> dict:
    """`last_heard`: the registry's latest answer for this phase (or the first batch's sending,
    before any answer); None when no batch is waiting for one. `now`: the clock (tests pin it)."""
    if job.state == UNDO_REQUESTED:
        return _undo_progress(job)
    counts = (job.counts or {}).get(job.phase or "", {})
    if job.sending_done:
        total = counts.get("to_registry", job.rows_sent)
    else:  # still reading the file: its data rows are the best estimate (errors included)
        total = max(job.total_rows or 0, job.rows_sent)
    done = job.rows_done
    now = now or utcnow()
    rate = eta = waiting = None
    if job.started_at is not None and done:
        elapsed = ((job.finished_at or now) - job.started_at).total_seconds()
        if elapsed > 0:
            rate = done / elapsed
            eta = max(total - done, 0) / rate
    if job.state in ACTIVE and job.batches_open and last_heard is not None:
        silent = (now - last_heard).total_seconds()
        if silent >= quiet_after:
            # Nothing is lost: the batches wait in RabbitMQ or are sent again
            # (use_cases/resending.py).
            waiting, eta = math.ceil(silent), None
    return {
        "rows_total": total,
        "rows_done": done,
        "rows_per_second": rate,
        "eta_seconds": eta,
        "waiting_for_registry_seconds": waiting,
    }


def _undo_progress(job: Job) -> dict:
    """While an undo runs: of the persons the run created, how many are removed or kept."""
    total = (job.counts or {}).get(RUN, {}).get("created", 0)
    done, rate, eta = job.undo_done or 0, None, None
    if job.undo_started_at is not None and done:
        elapsed = (utcnow() - job.undo_started_at).total_seconds()
        if elapsed > 0:
            rate = done / elapsed
            eta = max(total - done, 0) / rate
    return {
        "rows_total": total,
        "rows_done": done,
        "rows_per_second": rate,
        "eta_seconds": eta,
        "waiting_for_registry_seconds": None,
    }
