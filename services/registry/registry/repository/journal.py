"""Journal entries in one session (sealed: the repository never sees a text)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models.journal import JournalEntry


class Journal:
    """Session-bound; never commits."""

    def __init__(self, session: Session):
        self._session = session

    def add(self, entry: JournalEntry) -> None:
        self._session.add(entry)

    def of_person(self, person_id: str) -> list[JournalEntry]:
        return list(
            self._session.scalars(
                select(JournalEntry)
                .where(JournalEntry.person_id == person_id)
                .order_by(JournalEntry.written_at, JournalEntry.id)
            )
        )

    def not_wrapped_by(self, key_id: str, limit: int) -> list[JournalEntry]:
        return list(
            self._session.scalars(
                select(JournalEntry).where(JournalEntry.key_id != key_id).limit(limit)
            )
        )
