"""Use cases for jobs: each opens one unit of work (reads only, so far)."""

from __future__ import annotations

from foyer_shared.db import Database
from imports.repository import JobRepository


def list_jobs(db: Database, offset: int, limit: int):
    with db.read_only() as session:
        return JobRepository(session).newest_first(offset, limit)
