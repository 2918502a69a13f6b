"""Read use case: the per-row outcomes the registry reported for a job's phase."""

from __future__ import annotations

from foyer_shared.db import Database
from imports.repository.jobs import JobRepository
from imports.repository.outcomes import OutcomeRepository


def list_outcomes(
    db: Database,
    job_id: str,
    phase: str,
    outcome: str | None,
    offset: int,
    limit: int,
    duplicates_only: bool = False,
):
    with db.read_only() as session:
        JobRepository(session).get_or_raise(job_id)
        return OutcomeRepository(session).page(
            job_id, phase, outcome, offset, limit, duplicates_only
        )
