"""The record of look-ups in one session: add one, a person's newest first."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.models.lookups import PersonLookup


class Lookups:
    """Session-bound; never commits."""

    def __init__(self, session: Session):
        self._session = session

    def add(self, lookup: PersonLookup) -> None:
        self._session.add(lookup)

    def of_person(self, person_id: str, offset: int, limit: int) -> tuple[list, int]:
        where = PersonLookup.person_id == person_id
        total = self._session.scalar(select(func.count()).where(where)) or 0
        rows = self._session.scalars(
            select(PersonLookup)
            .where(where)
            .order_by(PersonLookup.looked_up_at.desc(), PersonLookup.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(rows), total
