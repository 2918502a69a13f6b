"""The register's persons in one session: find, add, erase, search, and what a page shows."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from registry.domain.reach import Scope
from registry.models import Person, PersonChange
from registry.repository import card, name_slices, search


class Persons:
    """Session-bound; never commits. `flush` writes the changes made to loaded persons and
    raises StaleDataError when another writer changed one since it was read (its version)."""

    def __init__(self, session: Session):
        self._session = session

    def get(self, person_id: str) -> Person | None:
        return self._session.get(Person, person_id)

    def add(self, person: Person) -> None:
        self._session.add(person)
        self._session.flush()

    def flush(self) -> None:
        self._session.flush()

    def id_with(self, field: str, value) -> str | None:
        """The id of a person whose `field` (personnummer, org_number) is `value`."""
        return self._session.scalars(
            select(Person.id).where(getattr(Person, field) == value)
        ).first()

    def id_of_user(self, user_id: str) -> str | None:
        """The person linked to a login account."""
        return self._session.scalars(
            select(Person.id).where(Person.user_id == user_id).limit(1)
        ).first()

    def erase(self, person: Person) -> None:
        """The person and their change log (it holds old values too: right to erasure); groups,
        family, statuses, fields and relations go with them (ON DELETE CASCADE)."""
        self._session.execute(delete(PersonChange).where(PersonChange.person_id == person.id))
        self._session.delete(person)
        self._session.flush()

    def search(self, filters: dict, offset: int, limit: int, within: Scope | None = None):
        """(persons of the page, total); `within`: whom a scoped caller reaches."""
        return search.page(self._session, filters, offset, limit, within)

    def cut_into_name_slices(self, slices: int) -> int:
        """The register cut into runs of its name order for a large register's search
        (name_slices.py); 1 or fewer: no slices. Returns how many were made."""
        return name_slices.cut(self._session, slices)

    def ids_matching(self, filters: dict, limit: int) -> list[str]:
        return search.ids_matching(self._session, filters, limit)

    def card(self, person_id: str) -> dict | None:
        """The person's shown columns as plain values (card.py), or None: the read path."""
        return card.card_of(self._session, person_id)

    def segments(self, person_id: str, staff: bool) -> dict:
        """What the person's page shows besides the fields, extended field values included
        (card.py: one query)."""
        return card.segments_of(self._session, person_id, staff)
