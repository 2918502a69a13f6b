"""The end of a phase, inside the caller's transaction: done, completed (event) or failed."""

from __future__ import annotations

from foyer_shared.db import utcnow
from imports import events
from imports.models import Job
from imports.models.job import COMPLETED, DRY_RUN, DRY_RUN_DONE, FAILED

REGISTRY_KEYS = {
    DRY_RUN: {
        "created": "will_create",
        "updated": "will_update",
        "unchanged": "unchanged",
        "error": "errors",
    },
    "run": {
        "created": "created",
        "updated": "updated",
        "unchanged": "unchanged",
        "error": "errors",
    },
}


def add_counts(job: Job, **numbers: int) -> None:
    """Adds to the current phase's counts (a new dict, so the JSON column sees the change)."""
    counts = dict(job.counts or {})
    phase = dict(counts.get(job.phase, {}))
    for name, number in numbers.items():
        phase[name] = phase.get(name, 0) + number
    counts[job.phase] = phase
    job.counts = counts


UNKNOWN_STATUSES = "unknown_statuses"  # beside the phases in counts: {value: rows}


def add_unknown_statuses(job: Job, found: dict[str, int]) -> None:
    """A dry run's statuses the installation lacks and the job has not decided about, summed
    over the batches (one spelling per value, the first the registry reported)."""
    counts = dict(job.counts or {})
    seen = dict(counts.get(UNKNOWN_STATUSES, {}))
    spelling = {name.casefold(): name for name in seen}
    for name, rows in found.items():
        name = spelling.setdefault(name.casefold(), name)
        seen[name] = seen.get(name, 0) + int(rows)
    counts[UNKNOWN_STATUSES] = seen
    job.counts = counts


def finish_if_done(session, job: Job) -> None:
    if not job.sending_done or job.batches_open > 0:
        return
    job.finished_at, job.lease_until = utcnow(), None
    if job.phase == DRY_RUN:
        job.state = DRY_RUN_DONE
        return
    job.state = COMPLETED
    events.outbox.event(
        session,
        events.JOB_COMPLETED,
        {
            "job_id": job.id,
            "kind": job.kind,
            "counts": job.counts.get(job.phase, {}),
            "created_by": job.created_by,
        },
    )


def fail(session, job: Job, reason: str) -> None:
    job.state, job.failure = FAILED, reason
    job.finished_at, job.lease_until = utcnow(), None
    events.outbox.event(
        session,
        events.JOB_FAILED,
        {
            "job_id": job.id,
            "kind": job.kind,
            "phase": job.phase,
            "reason": reason,
            "counts": (job.counts or {}).get(job.phase or "", {}),
            "created_by": job.created_by,
        },
    )
