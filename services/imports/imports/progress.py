"""Progress of the phase a job is in: rows done, rate and estimated time left."""

from __future__ import annotations

from foyer_shared.db import utcnow
from imports.models import Job


def progress_of(job: Job) -> dict:
    counts = (job.counts or {}).get(job.phase or "", {})
    if job.sending_done:
        total = counts.get("to_registry", job.rows_sent)
    else:  # still reading the file: its data rows are the best estimate (errors included)
        total = max(job.total_rows or 0, job.rows_sent)
    done = job.rows_done
    rate = eta = None
    if job.started_at is not None and done:
        elapsed = ((job.finished_at or utcnow()) - job.started_at).total_seconds()
        if elapsed > 0:
            rate = done / elapsed
            eta = max(total - done, 0) / rate
    return {"rows_total": total, "rows_done": done, "rows_per_second": rate, "eta_seconds": eta}
