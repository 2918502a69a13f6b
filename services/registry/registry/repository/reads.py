"""The read log in one session: a person's reads, newest first, and the retention's delete."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from registry.models import Person
from registry.models.reads import PersonRead


class Reads:
    """Session-bound; never commits."""

    def __init__(self, session: Session):
        self._session = session

    def add_many(self, rows: list[dict]) -> None:
        """{person_id, viewer, read_at} each, in one statement (IntegrityError when a person
        was erased since the read: then `add_alive`, in a new transaction)."""
        if rows:
            self._session.execute(insert(PersonRead), rows)

    def add_alive(self, rows: list[dict]) -> None:
        """Like add_many, leaving out the reads of persons no longer there."""
        ids = {r["person_id"] for r in rows}
        alive = set(self._session.scalars(select(Person.id).where(Person.id.in_(ids))))
        self.add_many([r for r in rows if r["person_id"] in alive])

    def of_person(self, person_id: str, offset: int, limit: int) -> tuple[list, int]:
        where = PersonRead.person_id == person_id
        total = self._session.scalar(select(func.count()).where(where)) or 0
        rows = self._session.scalars(
            select(PersonRead)
            .where(where)
            .order_by(PersonRead.read_at.desc(), PersonRead.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(rows), total

    def delete_before(self, moment: datetime) -> int:
        result = self._session.execute(delete(PersonRead).where(PersonRead.read_at < moment))
        return result.rowcount or 0
